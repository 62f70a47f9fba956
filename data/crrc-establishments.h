/* crrc-establishments.h: the registry searched, filtered, sorted and paged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crrc-maturity.h"
#include "crrc-store.h"

G_BEGIN_DECLS

/* A yes / no / either criterion. */
typedef enum
{
  CRRC_ESTABLISHMENTS_ANY,
  CRRC_ESTABLISHMENTS_YES,
  CRRC_ESTABLISHMENTS_NO,
} CrrcEstablishmentsChoice;

/* Any band, or a CrrcMaturityBand (CRRC_MATURITY_BAND_NONE: no diagnostic). */
#define CRRC_ESTABLISHMENTS_ANY_BAND (-2)

/* What the list shows. NULL strings and ANY leave a criterion out; keys are
 * the cache's (region and department INSEE codes, sector keys, FINESS
 * category codes, GHT codes, campaign stage keys).
 *
 * @text: words searched as prefixes in the name (accents and case folded)
 *   and the commune, or a FINESS number or its beginning, spaces allowed.
 * @year: the year of the incidents counted and of @incidents, @audited and
 *   @alerted; 0 for all years.
 * @open: YES for open establishments only, NO for closed ones. */
typedef struct
{
  char                     *text;
  char                     *region;
  char                     *department;
  char                     *sector;
  char                     *category;
  char                     *ght;
  int                       maturity_band;
  int                       year;
  CrrcEstablishmentsChoice  incidents;
  CrrcEstablishmentsChoice  audited;
  CrrcEstablishmentsChoice  alerted;
  char                     *stage;
  CrrcEstablishmentsChoice  open;
} CrrcEstablishmentsFilter;

CrrcEstablishmentsFilter *crrc_establishments_filter_new   (void);
CrrcEstablishmentsFilter *crrc_establishments_filter_copy  (const CrrcEstablishmentsFilter *filter);
void                      crrc_establishments_filter_free  (CrrcEstablishmentsFilter       *filter);
gboolean                  crrc_establishments_filter_equal (const CrrcEstablishmentsFilter *a,
                                                            const CrrcEstablishmentsFilter *b);
/* TRUE when no criterion but (perhaps) @year is set. */
gboolean                  crrc_establishments_filter_is_empty (const CrrcEstablishmentsFilter *filter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcEstablishmentsFilter, crrc_establishments_filter_free)

typedef enum
{
  CRRC_ESTABLISHMENTS_SORT_NAME,
  CRRC_ESTABLISHMENTS_SORT_FINESS,
  CRRC_ESTABLISHMENTS_SORT_CATEGORY,
  CRRC_ESTABLISHMENTS_SORT_DEPARTMENT,
  CRRC_ESTABLISHMENTS_SORT_MATURITY,
  CRRC_ESTABLISHMENTS_SORT_INCIDENTS,
  CRRC_ESTABLISHMENTS_SORT_LAST_AUDIT,
} CrrcEstablishmentsSort;

/* One row of the list. */
typedef struct
{
  char             *finess;
  char             *name;
  char             *category_label;  /* or NULL */
  char             *department;      /* INSEE code */
  char             *commune;         /* INSEE code, or NULL */
  int               maturity;        /* overall score 0–100, or -1 */
  CrrcMaturityBand  band;
  gint64            incidents;       /* in the filter's year, or in all */
  char             *last_audit;      /* YYYY-MM-DD, or NULL */
} CrrcEstablishmentsRow;

void crrc_establishments_row_free (CrrcEstablishmentsRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcEstablishmentsRow, crrc_establishments_row_free)

/* The words that @text searches for, each as the prefix of a word of the
 * name or commune, all required: folded as the cache folds names (lower
 * case, no accent), split at anything but letters and digits; at most 12
 * of at most 40 characters. NULL when @text has no word. */
char     **crrc_establishments_search_words   (const char *text);

/* The overall maturity of every establishment (its latest diagnostic,
 * crrc_maturity_load_diagnostics()) is computed once per connection into a
 * temporary table; this computes it again, after a change of the cache.
 * Queries compute it when it was never computed. */
gboolean   crrc_establishments_refresh_maturity (CrrcStore  *store,
                                                 GError    **error);

gboolean   crrc_establishments_count          (CrrcStore                      *store,
                                               const CrrcEstablishmentsFilter *filter,
                                               gint64                         *count,
                                               GError                        **error);

/* Rows @offset to @offset + @limit - 1 of the list sorted by @sort (then
 * by FINESS number); a GPtrArray of CrrcEstablishmentsRow (owning them),
 * or NULL on error. */
GPtrArray *crrc_establishments_fetch          (CrrcStore                      *store,
                                               const CrrcEstablishmentsFilter *filter,
                                               CrrcEstablishmentsSort          sort,
                                               gboolean                        descending,
                                               guint                           offset,
                                               guint                           limit,
                                               GError                        **error);

/* Writes every row of the list to @file as CSV separated by @separator
 * (';' or ','), streamed, replacing @file atomically (mode 0600): on error
 * or cancellation @file is left as it was. @n_rows: how many were
 * written. */
gboolean   crrc_establishments_export_csv     (CrrcStore                      *store,
                                               const CrrcEstablishmentsFilter *filter,
                                               CrrcEstablishmentsSort          sort,
                                               gboolean                        descending,
                                               GFile                          *file,
                                               char                            separator,
                                               guint                          *n_rows,
                                               GCancellable                   *cancellable,
                                               GError                        **error);

/* The same; in diffusion mode (@diffusion) without the columns that
 * identify an establishment (FINESS, name, commune) and with incident
 * counts from 1 to 4 written "<5". */
gboolean   crrc_establishments_export_csv_full (CrrcStore                      *store,
                                                const CrrcEstablishmentsFilter *filter,
                                                CrrcEstablishmentsSort          sort,
                                                gboolean                        descending,
                                                gboolean                        diffusion,
                                                GFile                          *file,
                                                char                            separator,
                                                guint                          *n_rows,
                                                GCancellable                   *cancellable,
                                                GError                        **error);

G_END_DECLS
