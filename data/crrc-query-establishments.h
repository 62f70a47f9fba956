/* crrc-query-establishments.h: the establishments behind a figure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "crrc-query.h"
#include "crrc-store.h"

G_BEGIN_DECLS

/* What the establishments are counted by: the events behind a figure. */
typedef enum
{
  CRRC_QUERY_DRILL_INCIDENTS,         /* incidents declared (the default) */
  CRRC_QUERY_DRILL_PATIENT_CARE,      /* incidents that affected patient care */
  CRRC_QUERY_DRILL_SUPPORT_REQUESTS,  /* incidents with a request for support */
  CRRC_QUERY_DRILL_CERT_SUPPORTED,    /* incidents supported by CERT Santé */
  CRRC_QUERY_DRILL_AUDITS,            /* cybersurveillance audits */
  CRRC_QUERY_DRILL_ALERTS,            /* alerts sent by CERT Santé's watch */
} CrrcQueryDrillKind;

#define CRRC_QUERY_DRILL_N_KINDS (CRRC_QUERY_DRILL_ALERTS + 1)

/* What was activated, on top of a CrrcQueryFilter. A set field replaces
 * the filter's (@year, @department, @sector, @origin); 0 and NULL leave
 * the filter's. @month, @origin, @type and @functioning_impact narrow
 * incidents only: audits and alerts ignore them. Keys are the cache's
 * ("21", "malicious", "ransomware", "degraded", …); a key the cache does
 * not know matches nothing. */
typedef struct
{
  CrrcQueryDrillKind  kind;
  int                 year;
  int                 month;               /* 1…12, or 0 */
  const char         *department;
  const char         *sector;
  const char         *origin;
  const char         *type;
  const char         *functioning_impact;  /* none, degraded, interrupted */
  const char         *audit_target;        /* centre_hospitalier, sanitaire_autre,
                                            * medico_social, grades */
  gboolean            unknown_establishments; /* only FINESS numbers the
                                               * registry does not know */
} CrrcQueryDrill;

/* An establishment and how many of the drill's events it has. The
 * registry's columns are NULL for a FINESS number it does not know. */
typedef struct
{
  char   *finess;
  char   *name;
  char   *category;        /* FINESS category code, e.g. "355" */
  char   *category_label;  /* "Centre Hospitalier (C.H.)" */
  char   *department;      /* INSEE code */
  char   *commune;         /* INSEE commune code */
  char   *postal_line;     /* "21000 DIJON", from imports only */
  char   *sector;          /* sanitaire, medico_social, grades, other */
  gint64  count;
} CrrcQueryEstablishment;

void       crrc_query_establishment_free  (CrrcQueryEstablishment *establishment);

/* The establishments with at least one of @drill's events under @filter
 * (either may be NULL), sorted by count (descending), then name, then
 * FINESS number; at most @limit (0: all). Returns a GPtrArray of
 * CrrcQueryEstablishment (owning them), or NULL on error. */
GPtrArray *crrc_query_establishments      (CrrcStore             *store,
                                           const CrrcQueryFilter *filter,
                                           const CrrcQueryDrill  *drill,
                                           guint                  limit,
                                           GError               **error);

/* The size of the whole list, whatever the limit: how many establishments
 * and how many events in all. */
typedef struct
{
  gint64 establishments;
  gint64 events;
} CrrcQueryEstablishmentsTotal;

gboolean   crrc_query_establishments_total (CrrcStore                    *store,
                                            const CrrcQueryFilter        *filter,
                                            const CrrcQueryDrill         *drill,
                                            CrrcQueryEstablishmentsTotal *total,
                                            GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcQueryEstablishment, crrc_query_establishment_free)

G_END_DECLS
