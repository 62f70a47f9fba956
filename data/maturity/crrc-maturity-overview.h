/* crrc-maturity-overview.h: the maturity of a region's establishments at a glance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "crrc-maturity.h"
#include "crrc-query-establishments.h"
#include "crrc-store.h"

G_BEGIN_DECLS

/* Below this many scored establishments a median is hidden (small-cell
 * rule, MATURITY.md). */
#define CRRC_MATURITY_OVERVIEW_SMALL_CELL 5
/* The most categories listed; beyond, the last one is "other categories". */
#define CRRC_MATURITY_OVERVIEW_MAX_CATEGORIES 8
/* The category key of establishments without a category, and of the
 * categories grouped beyond the first ones. */
#define CRRC_MATURITY_OVERVIEW_NO_CATEGORY "none"
#define CRRC_MATURITY_OVERVIEW_OTHER_CATEGORIES "other"
/* A domain's drill-down lists the establishments scoring below this. */
#define CRRC_MATURITY_OVERVIEW_WEAK_SCORE 50

/* Which establishments: open ones (no closing date) of @region (an INSEE
 * code, NULL for the whole of France) and @sector ("sanitaire",
 * "medico_social", NULL for all). */
typedef struct
{
  const char *region;
  const char *sector;
} CrrcMaturityScope;

typedef struct
{
  char  *code;              /* INSEE department code */
  guint  n_establishments;  /* in scope */
  guint  n_diagnosed;       /* with a diagnostic */
  guint  n_scored;          /* … whose latest one has an overall score */
  int    median;            /* of the latest overall scores, -1 below
                             * CRRC_MATURITY_OVERVIEW_SMALL_CELL scored */
} CrrcMaturityOverviewDepartment;

typedef struct
{
  char  *key;               /* category code, or _NO_CATEGORY, _OTHER_CATEGORIES */
  char  *label;             /* the registry's label, or a translated one */
  guint  n_establishments;
  guint  n_diagnosed;
  guint  n_never;           /* never diagnosed */
  guint  bands[4];          /* latest overall score per CrrcMaturityBand */
} CrrcMaturityOverviewCategory;

typedef struct
{
  guint       index;        /* in the referential */
  const char *id;           /* "governance", owned by the referential */
  const char *title;        /* in the referential's language */
  int         median;       /* -1 below CRRC_MATURITY_OVERVIEW_SMALL_CELL scores */
  guint       n_scored;     /* establishments with a score in the domain */
  guint       n_weak;       /* … below CRRC_MATURITY_OVERVIEW_WEAK_SCORE */
} CrrcMaturityOverviewDomain;

typedef struct
{
  char      *region;            /* the scope, NULL for France */
  char      *sector;            /* NULL for all */
  guint      n_establishments;  /* open, in scope */
  guint      n_diagnosed;       /* with a diagnostic (latest one scored) */
  guint      n_scored;
  guint      n_never;           /* n_establishments − n_diagnosed */
  int        median;            /* latest overall scores, -1 below 5 */
  GPtrArray *departments;       /* of CrrcMaturityOverviewDepartment, by code;
                                 * those with an establishment in scope */
  GPtrArray *categories;        /* of CrrcMaturityOverviewCategory with a
                                 * diagnostic, most diagnosed first, at most
                                 * _MAX_CATEGORIES (the last then grouping
                                 * the others) */
  GPtrArray *never_categories;  /* of CrrcMaturityOverviewCategory with an
                                 * establishment never diagnosed, most such
                                 * first, grouped as above */
  GArray    *domains;           /* of CrrcMaturityOverviewDomain, weakest
                                 * median first, hidden medians last */
} CrrcMaturityOverview;

/* Reads the overview of @scope from @store (used from this thread only):
 * the latest diagnostic of each establishment (synced, or the analyst's
 * validated one; only those against the built-in referential; a local one
 * before a synced one of the same date), scored. NULL on a SQLite error. */
CrrcMaturityOverview *crrc_maturity_overview_load (CrrcStore                *store,
                                                   const CrrcMaturityScope  *scope,
                                                   GError                  **error);
void                  crrc_maturity_overview_free (CrrcMaturityOverview     *overview);

/* The department, category or domain of the overview with that key, or NULL. */
const CrrcMaturityOverviewDepartment *
                      crrc_maturity_overview_lookup_department (CrrcMaturityOverview *overview,
                                                                const char           *code);
const CrrcMaturityOverviewCategory *
                      crrc_maturity_overview_lookup_category   (CrrcMaturityOverview *overview,
                                                                const char           *key);
const CrrcMaturityOverviewCategory *
                      crrc_maturity_overview_lookup_never_category (CrrcMaturityOverview *overview,
                                                                    const char           *key);
const CrrcMaturityOverviewDomain *
                      crrc_maturity_overview_lookup_domain     (CrrcMaturityOverview *overview,
                                                                const char           *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcMaturityOverview, crrc_maturity_overview_free)

/* The establishments behind an item of the overview. */
typedef enum
{
  CRRC_MATURITY_DRILL_DIAGNOSED,   /* every diagnosed one, or those of
                                    * @department when set */
  CRRC_MATURITY_DRILL_BAND,        /* of @category (a key of the overview's
                                    * categories) whose latest overall score
                                    * is in @band */
  CRRC_MATURITY_DRILL_DOMAIN,      /* whose score in @domain is below
                                    * CRRC_MATURITY_OVERVIEW_WEAK_SCORE */
  CRRC_MATURITY_DRILL_NEVER,       /* never diagnosed, of @category (a key of
                                    * never_categories) or all */
} CrrcMaturityDrillKind;

typedef struct
{
  CrrcMaturityDrillKind  kind;
  const char            *department;
  const char            *category;
  CrrcMaturityBand       band;
  const char            *domain;
} CrrcMaturityDrill;

/* The establishments behind @drill in @scope, at most @limit (0: all); a
 * GPtrArray of CrrcQueryEstablishment whose count is the score (overall, or
 * the domain's for a domain; 0 for the never diagnosed), weakest first then
 * by name (the never diagnosed by name); @total (optional) says how many
 * there are whatever the limit. NULL on a SQLite error. */
GPtrArray            *crrc_maturity_overview_list (CrrcStore                *store,
                                                   const CrrcMaturityScope  *scope,
                                                   const CrrcMaturityDrill  *drill,
                                                   guint                     limit,
                                                   guint                    *total,
                                                   GError                  **error);

G_END_DECLS
