/* crrc-diagnostics.h: the analyst's own maturity diagnostics, and the
 * results of any diagnostic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "crrc-maturity.h"
#include "crrc-store.h"

G_BEGIN_DECLS

#define CRRC_DIAGNOSTICS_ERROR (crrc_diagnostics_error_quark ())

typedef enum
{
  CRRC_DIAGNOSTICS_ERROR_NOT_FOUND,   /* no such diagnostic */
  CRRC_DIAGNOSTICS_ERROR_INVALID,     /* a bad FINESS, date, question or answer */
  CRRC_DIAGNOSTICS_ERROR_VALIDATED,   /* a validated diagnostic cannot change */
  CRRC_DIAGNOSTICS_ERROR_EMPTY,       /* validating a diagnostic with no answer */
} CrrcDiagnosticsError;

GQuark crrc_diagnostics_error_quark (void);

/* One of the analyst's diagnostics (`local_diagnostics`). */
typedef struct
{
  char       *id;            /* "LOCAL-DIAG-<uuid>" */
  char       *finess;
  char       *date;          /* YYYY-MM-DD */
  char       *referential;   /* "crrc-maturity-1" */
  char       *campaign;      /* or NULL */
  gboolean    validated;     /* else a draft */
  char       *created_at;    /* RFC 3339, UTC */
  char       *updated_at;
  char       *validated_at;  /* or NULL */
  GHashTable *answers;       /* question id → "0".."3", "na", "unknown" */
} CrrcLocalDiagnostic;

void crrc_local_diagnostic_free (CrrcLocalDiagnostic *diagnostic);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcLocalDiagnostic, crrc_local_diagnostic_free)

/* Writes: each in one short BEGIN IMMEDIATE transaction on @store, the
 * writable connection, from the one thread that uses it (the store's
 * writer: crrc_store_write_async()). */

/* A new draft against the built-in referential for @finess (9 characters,
 * spaces allowed), tied to @campaign (nullable), dated @date (YYYY-MM-DD,
 * NULL for today). Returns its id, or NULL with @error. */
char      *crrc_local_diagnostic_create     (CrrcStore   *store,
                                             const char  *finess,
                                             const char  *campaign,
                                             const char  *date,
                                             GError     **error);
/* Sets the answer to @question ("0".."3", "na", "unknown"), or clears it
 * when @answer is NULL. INVALID for a question the referential does not
 * know or a value out of the scale, VALIDATED once validated, NOT_FOUND
 * when there is no diagnostic @id. */
gboolean   crrc_local_diagnostic_set_answer (CrrcStore   *store,
                                             const char  *id,
                                             const char  *question,
                                             const char  *answer,
                                             GError     **error);
/* Changes a draft's date (YYYY-MM-DD). */
gboolean   crrc_local_diagnostic_set_date   (CrrcStore   *store,
                                             const char  *id,
                                             const char  *date,
                                             GError     **error);
/* draft → validated, validated_at set; EMPTY without any answer. */
gboolean   crrc_local_diagnostic_validate   (CrrcStore   *store,
                                             const char  *id,
                                             GError     **error);
/* Deletes a draft and its answers (VALIDATED for a validated one). */
gboolean   crrc_local_diagnostic_delete     (CrrcStore   *store,
                                             const char  *id,
                                             GError     **error);

/* Reads: on any connection (a reader in a worker thread). */

/* The id of @finess's current draft (the latest updated), or NULL —
 * without an error — when it has none. */
char                *crrc_local_diagnostic_find_draft (CrrcStore   *store,
                                                       const char  *finess,
                                                       GError     **error);
/* One local diagnostic with its answers; NOT_FOUND when none. */
CrrcLocalDiagnostic *crrc_local_diagnostic_load       (CrrcStore   *store,
                                                       const char  *id,
                                                       GError     **error);
/* The local diagnostics (of @finess, or all when NULL), newest first by
 * date then by update, drafts and validated ones, each with its answers: a
 * GPtrArray of CrrcLocalDiagnostic. */
GPtrArray           *crrc_local_diagnostic_list       (CrrcStore   *store,
                                                       const char  *finess,
                                                       GError     **error);

/* The results of one diagnostic: scores, the establishment it belongs to,
 * its peers and its progress since the previous one. */
typedef struct
{
  char               *id;
  char               *finess;
  char               *date;
  char               *campaign;      /* or NULL */
  gboolean            local;
  gboolean            validated;     /* synced ones are */
  GHashTable         *answers;       /* question id → answer, those the
                                      * referential knows */
  CrrcReferential    *referential;   /* the built-in one, not owned */
  CrrcMaturityScores *scores;

  /* The establishment, from the registry (NULL when it has no entry). */
  char               *name;
  char               *category;
  char               *category_label;
  char               *commune;
  char               *department;
  char               *region;

  /* Peers (same category, same region; the 5-peer rule). */
  guint               n_peers;
  int                *peer_medians;  /* n_domains, -1 when hidden */
  int                *peer_low;
  int                *peer_high;

  /* The diagnostic before this one of the same establishment, or NULL. */
  char               *previous_date;
  int                *progress;      /* n_domains, -1000 where not
                                      * comparable; NULL without a previous */
} CrrcDiagnosticResults;

/* Loads and scores the diagnostic @id (synced, or a local one, draft or
 * validated). NOT_FOUND when there is none; INVALID when it was answered
 * against another referential than the built-in one. */
CrrcDiagnosticResults *crrc_diagnostic_results_load (CrrcStore   *store,
                                                     const char  *id,
                                                     GError     **error);
void                   crrc_diagnostic_results_free (CrrcDiagnosticResults *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcDiagnosticResults, crrc_diagnostic_results_free)

/* How many of @answers are not "unknown" (questions answered), and how
 * many the referential's domain @domain has answered. */
guint      crrc_diagnostic_count_answered  (CrrcReferential *referential,
                                            GHashTable      *answers,
                                            int              domain);

/* Whether @value is one of the scale's answers. */
gboolean   crrc_diagnostic_answer_is_valid (const char      *value);

G_END_DECLS
