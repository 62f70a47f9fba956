/* crrc-establishment-detail.h: everything the cache knows about one establishment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "crrc-maturity.h"
#include "crrc-store.h"

G_BEGIN_DECLS

#define CRRC_ESTABLISHMENT_DETAIL_ERROR (crrc_establishment_detail_error_quark ())

typedef enum
{
  CRRC_ESTABLISHMENT_DETAIL_ERROR_NOT_FOUND,  /* no such establishment, or note */
  CRRC_ESTABLISHMENT_DETAIL_ERROR_INVALID,    /* a malformed FINESS, an empty note */
} CrrcEstablishmentDetailError;

GQuark crrc_establishment_detail_error_quark (void);

/* How many establishments of the same legal entity are listed at most
 * (n_siblings counts them all). */
#define CRRC_ESTABLISHMENT_DETAIL_MAX_SIBLINGS 100

/* Another establishment: of the same legal entity, or the GHT's support. */
typedef struct
{
  char *finess;
  char *name;
  char *category;        /* code, or NULL */
  char *category_label;  /* or NULL */
} CrrcDetailSibling;

typedef struct
{
  char     *id;
  char     *declared_at;         /* date or RFC 3339 timestamp */
  char     *origin;              /* malicious, non_malicious, undetermined */
  char     *type;                /* ransomware, … */
  char     *functioning_impact;  /* none, degraded, interrupted */
  gboolean  patient_care_impact;
  char     *severity;            /* low, medium, important, extreme, or NULL */
  int       support_requested;   /* 1, 0, or -1 when not said */
  int       cert_support;        /* 1, 0, or -1 when not said */
  char     *summary;             /* plain text, or NULL */
} CrrcDetailIncident;

/* A CERT-FR bulletin naming the CVE or the product of a finding. */
typedef struct
{
  char     *reference;     /* CERTFR-2024-AVI-0123 */
  char     *kind;          /* alerte, avis, other */
  char     *title;
  char     *published_on;  /* or NULL */
  char     *url;           /* the bulletin's page on cert.ssi.gouv.fr, or NULL */
  gboolean  by_cve;        /* matched on the CVE (else on the product) */
} CrrcDetailBulletin;

typedef struct
{
  int        position;
  char      *service;      /* vpn, rdp, … */
  char      *product;      /* or NULL */
  char      *cve;          /* or NULL */
  char      *severity;     /* low, medium, high, critical */
  char      *resolved_on;  /* or NULL: not resolved */
  GPtrArray *bulletins;    /* of CrrcDetailBulletin, newest first */
} CrrcDetailFinding;

typedef struct
{
  char      *id;
  char      *date;
  char      *kind;      /* cybersurveillance, exposure, directory */
  GPtrArray *findings;  /* of CrrcDetailFinding, in their order */
} CrrcDetailAudit;

typedef struct
{
  char *id;
  char *sent_at;
  char *kind;             /* vulnerability, compromise, exposure, data_leak */
  char *reference;        /* or NULL */
  char *cve;              /* or NULL */
  char *acknowledged_at;  /* or NULL */
} CrrcDetailAlert;

typedef struct
{
  char *id;
  char *date;
  char *kind;  /* tabletop, full_scale */
  char *kit;   /* or NULL */
} CrrcDetailExercise;

typedef struct
{
  char   *id;
  char   *programme;
  char   *domain;
  int     year;
  double  amount_eur;
  char   *status;  /* applied, validated, paid */
} CrrcDetailFunding;

/* A campaign that targets the establishment, and where it stands. */
typedef struct
{
  char     *id;
  char     *name;
  char     *region;
  char     *sector;
  char     *start;
  char     *due;
  gboolean  local_campaign;     /* the analyst's own campaign */
  gboolean  local_target;       /* added to the campaign by the analyst */
  char     *synced_stage;       /* the feed's stage, or NULL */
  char     *synced_stage_date;  /* or NULL */
  char     *stage;              /* the stage shown: the last local change
                                 * when there is one, else the synced one */
  char     *stage_date;         /* or NULL */
  char     *stage_comment;      /* the local change's comment, or NULL */
  gboolean  stage_local;        /* @stage comes from a local change */
} CrrcDetailCampaign;

/* One of the analyst's notes. */
typedef struct
{
  gint64  id;
  char   *text;
  char   *created_at;  /* RFC 3339, UTC */
  char   *updated_at;
} CrrcDetailNote;

typedef struct
{
  /* Identity */
  char      *finess;
  char      *name;
  char      *long_name;        /* or NULL */
  char      *legal_finess;     /* or NULL */
  char      *legal_name;       /* from legal_entities, or NULL */
  GPtrArray *siblings;         /* of CrrcDetailSibling, by name, at most
                                * CRRC_ESTABLISHMENT_DETAIL_MAX_SIBLINGS */
  guint      n_siblings;       /* all the other establishments of the entity */
  char      *category;
  char      *category_label;
  char      *sector;           /* sanitaire, medico_social, grades, other */
  gboolean   public;
  char      *address;
  char      *postal_line;
  char      *commune;          /* INSEE code, or NULL */
  char      *department;       /* code */
  const char *department_name; /* static, or NULL */
  char      *region;           /* code, or NULL */
  const char *region_name;     /* static, or NULL */
  char      *phone;
  char      *opened_on;
  char      *closed_on;        /* or NULL: open */
  char      *ght;              /* code, or NULL */
  char      *ght_name;         /* from the ght table, or NULL */
  char      *ght_role;         /* support, member, or NULL */
  CrrcDetailSibling *ght_support; /* the GHT's support establishment (maybe
                                   * this one), or NULL */

  GPtrArray *incidents;        /* of CrrcDetailIncident, newest first */
  GPtrArray *audits;           /* of CrrcDetailAudit, newest first */
  GPtrArray *alerts;           /* of CrrcDetailAlert, newest first */
  GPtrArray *exercises;        /* of CrrcDetailExercise, newest first */
  GPtrArray *funding;          /* of CrrcDetailFunding, newest first */
  GPtrArray *campaigns;        /* of CrrcDetailCampaign, newest first */
  GPtrArray *notes;            /* of CrrcDetailNote, newest first */

  /* Maturity (MATURITY.md) */
  CrrcReferential *referential;  /* the default one, not owned */
  GPtrArray *diagnostics;      /* of CrrcMaturityDiagnostic, newest first */
  guint      n_peers;          /* same category, same region */
  int       *peer_medians;     /* n_domains; all -1 below 5 peers */
  int       *peer_low;         /* first quartiles, or -1 */
  int       *peer_high;        /* third quartiles, or -1 */
  int       *progress;         /* n_domains (last two diagnostics), or NULL
                                * with fewer than two; -1000 where either
                                * has no score */

  /* The latest year with incidents in the whole cache (for key figures
   * over the last years), or 0. */
  int        latest_year;
} CrrcEstablishmentDetail;

/* Reads everything about @finess (with or without spaces) from @store, a
 * reader connection, in a few indexed queries. Blocks: call it from a
 * worker thread. NOT_FOUND when the registry does not have it. */
CrrcEstablishmentDetail *crrc_establishment_detail_load (CrrcStore   *store,
                                                         const char  *finess,
                                                         GError     **error);
void                     crrc_establishment_detail_free (CrrcEstablishmentDetail *detail);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcEstablishmentDetail, crrc_establishment_detail_free)

/* The latest diagnostic, or NULL. */
CrrcMaturityDiagnostic  *crrc_establishment_detail_get_latest_diagnostic (CrrcEstablishmentDetail *detail);
/* How many incidents were declared in @year. */
guint                    crrc_establishment_detail_count_incidents (CrrcEstablishmentDetail *detail,
                                                                    int                      year);

/* The analyst's notes on @finess, newest first (a GPtrArray of
 * CrrcDetailNote). */
GPtrArray *crrc_establishment_notes_load   (CrrcStore   *store,
                                            const char  *finess,
                                            GError     **error);
/* Notes are the analyst's own data: no sync or import touches them. These
 * write, each in one BEGIN IMMEDIATE transaction, on @store, a writable
 * connection, from the one thread that uses it. The text is stored as
 * given, but for surrounding white space; an empty text is INVALID.
 * Returns the new note's id, or 0 with @error set. */
gint64     crrc_establishment_note_add     (CrrcStore   *store,
                                            const char  *finess,
                                            const char  *text,
                                            GError     **error);
/* NOT_FOUND when there is no note @id. */
gboolean   crrc_establishment_note_update  (CrrcStore   *store,
                                            gint64       id,
                                            const char  *text,
                                            GError     **error);
gboolean   crrc_establishment_note_delete  (CrrcStore   *store,
                                            gint64       id,
                                            GError     **error);
void       crrc_detail_note_free           (CrrcDetailNote *note);

G_END_DECLS
