/* crrc-import-private.h: what the importers of each format share
 *
 * An importer reads its input stream and, for each row or record, either
 * writes it through the helpers below or rejects it with a reason. The
 * framework (crrc-import.c) opens the file (gunzipping `.gz` content),
 * detects the format, wraps everything in one BEGIN IMMEDIATE transaction,
 * reports progress, and commits only when the importer returns TRUE. An
 * importer returns FALSE with CRRC_IMPORT_ERROR_BROKEN when the file as a
 * whole cannot be trusted (nothing is then imported).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "crrc-finess.h"
#include "crrc-import.h"
#include "crrc-store-private.h"

G_BEGIN_DECLS

typedef struct _CrrcImportContext CrrcImportContext;

typedef enum
{
  CRRC_IMPORT_ADDED,
  CRRC_IMPORT_UPDATED,
  CRRC_IMPORT_UNCHANGED,
} CrrcImportOutcome;

/* Which groups of establishment columns a source provides; the others keep
 * what an earlier import of another format wrote there. */
typedef enum
{
  CRRC_ESTABLISHMENT_IDENTITY = 1 << 0, /* names, category, sector, place, dates… */
  CRRC_ESTABLISHMENT_XY       = 1 << 1, /* projected x, y, epsg */
  CRRC_ESTABLISHMENT_LATLON   = 1 << 2, /* WGS 84 lat, lon */
  CRRC_ESTABLISHMENT_GHT      = 1 << 3, /* ght, ght_role */
} CrrcEstablishmentColumns;

/* One establishment as an importer read it. Strings are NULL when absent;
 * `finess` is already parsed and `department` is an INSEE code. */
typedef struct
{
  const char       *finess;
  CrrcFinessStatus  finess_status;
  const char       *legal_finess;
  const char       *name;
  const char       *long_name;
  const char       *category;
  const char       *category_label;
  const char       *aggregate_category;
  CrrcSector        sector;
  const char       *department;
  const char       *region;
  const char       *commune;
  const char       *address;
  const char       *postal_line;
  const char       *phone;
  const char       *siret;
  gboolean          is_public;
  const char       *opened_on;
  const char       *closed_on;
  const char       *updated_at;
  /* CRRC_ESTABLISHMENT_XY */
  double            x;
  double            y;
  int               epsg;      /* 0: unknown */
  /* CRRC_ESTABLISHMENT_LATLON */
  double            lat;
  double            lon;
  /* CRRC_ESTABLISHMENT_GHT */
  const char       *ght;
  const char       *ght_role;  /* "support", "member" or NULL */
} CrrcEstablishmentRow;

typedef gboolean (*CrrcImporterFunc) (CrrcImportContext  *ctx,
                                      GInputStream       *input,
                                      GError            **error);

/* The importers, one per format (data/import/crrc-import-*.c). */
gboolean     _crrc_import_etalab_csv          (CrrcImportContext  *ctx,
                                               GInputStream       *input,
                                               GError            **error);
gboolean     _crrc_import_finess_plus_json    (CrrcImportContext  *ctx,
                                               GInputStream       *input,
                                               GError            **error);
gboolean     _crrc_import_certfr_json         (CrrcImportContext  *ctx,
                                               GInputStream       *input,
                                               GError            **error);

/* The cache, inside the import's transaction. */
sqlite3     *_crrc_import_context_get_db      (CrrcImportContext  *ctx);
/* The `source` value of every row this import writes, e.g. "etalab:<file name>". */
const char  *_crrc_import_context_get_source  (CrrcImportContext  *ctx);
const char  *_crrc_import_context_get_file_name (CrrcImportContext *ctx);

/* The extraction date of the file (YYYY-MM-DD), once the importer knows it. */
void         _crrc_import_context_set_extracted_on (CrrcImportContext *ctx,
                                                    const char        *date);
const char  *_crrc_import_context_get_extracted_on (CrrcImportContext *ctx);

/* Call once per row or record read (counted as "read"). */
void         _crrc_import_context_count_read  (CrrcImportContext  *ctx);
void         _crrc_import_context_count       (CrrcImportContext  *ctx,
                                               CrrcImportOutcome   outcome);
void         _crrc_import_context_reject      (CrrcImportContext  *ctx,
                                               const char         *location,
                                               const char         *record,
                                               const char         *field,
                                               CrrcRejectReason    reason,
                                               const char         *detail_format,
                                               ...) G_GNUC_PRINTF (6, 7);
/* Remembered once per import; the report lists them. */
void         _crrc_import_context_unknown_category (CrrcImportContext *ctx,
                                                    const char        *category);

/* Call often (every few hundred rows): reports progress to the caller and
 * returns FALSE with G_IO_ERROR_CANCELLED once the import is cancelled. */
gboolean     _crrc_import_context_check_progress (CrrcImportContext  *ctx,
                                                  GError            **error);

/* Writes an establishment: only the column groups in @columns are written
 * or compared. Returns FALSE with CRRC_IMPORT_ERROR_STORE on a SQLite error. */
gboolean     _crrc_import_upsert_establishment (CrrcImportContext           *ctx,
                                                const CrrcEstablishmentRow  *row,
                                                CrrcEstablishmentColumns     columns,
                                                CrrcImportOutcome           *outcome,
                                                GError                     **error);

/* A value quoted in a reject's detail, cut to its first 60 characters with
 * an ellipsis; valid until the next call. */
const char  *_crrc_import_context_shorten     (CrrcImportContext  *ctx,
                                               const char         *value);

/* Binds @text, or NULL when @text is NULL; @text must stay valid until the
 * statement is stepped. */
void         _crrc_import_bind_text           (sqlite3_stmt       *stmt,
                                               int                 index,
                                               const char         *text);

/* Sets a SQLite error of @db on @error as CRRC_IMPORT_ERROR_STORE. */
void         _crrc_import_set_store_error     (CrrcImportContext  *ctx,
                                               GError            **error);

/* Dates: accepts YYYY-MM-DD (and a "YYYY-MM-DD HH:MM:SS" timestamp, keeping
 * the date); returns FALSE for anything else, including impossible dates. */
gboolean     _crrc_import_parse_date          (const char         *text,
                                               char                out[11]);

G_END_DECLS

G_BEGIN_DECLS

/* The report, filled by the framework (crrc-import-report.c). */
CrrcImportReport *_crrc_import_report_new             (const char        *file_name);
void              _crrc_import_report_set_format      (CrrcImportReport  *self,
                                                       CrrcImportFormat   format);
void              _crrc_import_report_set_extracted_on (CrrcImportReport *self,
                                                        const char       *date);
void              _crrc_import_report_count_read      (CrrcImportReport  *self);
void              _crrc_import_report_count           (CrrcImportReport  *self,
                                                       CrrcImportOutcome  outcome);
void              _crrc_import_report_take_reject     (CrrcImportReport  *self,
                                                       char              *location,
                                                       char              *record,
                                                       char              *field,
                                                       CrrcRejectReason   reason,
                                                       char              *detail);
void              _crrc_import_report_add_unknown_category (CrrcImportReport *self,
                                                            const char       *category);

G_END_DECLS
