/* crrc-import.h: importing national files into the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crrc-store.h"

G_BEGIN_DECLS

typedef enum
{
  CRRC_IMPORT_FORMAT_UNKNOWN,
  CRRC_IMPORT_FORMAT_ETALAB_CSV,       /* FINESS extract, Etalab CSV */
  CRRC_IMPORT_FORMAT_FINESS_PLUS_JSON, /* FiNESS+ structures JSON */
  CRRC_IMPORT_FORMAT_CERTFR_JSON,      /* CERT-FR bulletin(s) */
} CrrcImportFormat;

#define CRRC_IMPORT_ERROR (crrc_import_error_quark ())

/**
 * CrrcImportError:
 * @CRRC_IMPORT_ERROR_UNKNOWN_FORMAT: the content is none of the known formats
 * @CRRC_IMPORT_ERROR_BROKEN: the file's structure is broken (truncated JSON,
 *   a bad header, an encoding that cannot be read): nothing was imported
 * @CRRC_IMPORT_ERROR_READ: the file could not be read: nothing was imported
 * @CRRC_IMPORT_ERROR_STORE: the cache refused the data (a full disk, say):
 *   nothing was imported
 */
typedef enum
{
  CRRC_IMPORT_ERROR_UNKNOWN_FORMAT,
  CRRC_IMPORT_ERROR_BROKEN,
  CRRC_IMPORT_ERROR_READ,
  CRRC_IMPORT_ERROR_STORE,
} CrrcImportError;

/* Why one row or record was left out; the others are imported. */
typedef enum
{
  CRRC_REJECT_INVALID_FINESS,
  CRRC_REJECT_BAD_FINESS_KEY,
  CRRC_REJECT_MISSING_FIELD,
  CRRC_REJECT_UNKNOWN_DEPARTMENT,
  CRRC_REJECT_FIELD_COUNT,
  CRRC_REJECT_INVALID_DATE,
  CRRC_REJECT_INVALID_VALUE,
  CRRC_REJECT_ENCODING,
  CRRC_REJECT_UNKNOWN_ESTABLISHMENT,
  CRRC_REJECT_DUPLICATE,
  CRRC_N_REJECT_REASONS
} CrrcRejectReason;

typedef struct
{
  char             *location;  /* "line 12", "pmej[3].ege[0]", "bulletin 2" */
  char             *record;    /* FINESS number or reference, when known */
  char             *field;     /* "nofinesset", "numFinessEge", … */
  CrrcRejectReason  reason;
  char             *detail;    /* a sentence for people */
} CrrcImportReject;

typedef void (*CrrcImportProgressFunc) (guint64  done,
                                        guint64  total,
                                        gpointer user_data);

#define CRRC_TYPE_IMPORT_REPORT (crrc_import_report_get_type ())
G_DECLARE_FINAL_TYPE (CrrcImportReport, crrc_import_report, CRRC, IMPORT_REPORT, GObject)

GQuark                  crrc_import_error_quark             (void);
const char             *crrc_import_format_to_string        (CrrcImportFormat        format);
const char             *crrc_import_format_get_label        (CrrcImportFormat        format);
const char             *crrc_reject_reason_to_string        (CrrcRejectReason        reason);
const char             *crrc_reject_reason_get_label        (CrrcRejectReason        reason);

CrrcImportFormat        crrc_import_detect_format           (GFile                  *file,
                                                             GCancellable           *cancellable,
                                                             GError                **error);

CrrcImportReport       *crrc_import_file                    (CrrcStore              *store,
                                                             GFile                  *file,
                                                             CrrcImportProgressFunc  progress,
                                                             gpointer                progress_data,
                                                             GCancellable           *cancellable,
                                                             GError                **error);
void                    crrc_import_file_async              (CrrcStore              *store,
                                                             GFile                  *file,
                                                             CrrcImportProgressFunc  progress,
                                                             gpointer                progress_data,
                                                             GDestroyNotify          progress_data_destroy,
                                                             GCancellable           *cancellable,
                                                             GAsyncReadyCallback     callback,
                                                             gpointer                user_data);
CrrcImportReport       *crrc_import_file_finish             (GAsyncResult           *result,
                                                             GError                **error);

const char             *crrc_import_report_get_file_name    (CrrcImportReport       *self);
CrrcImportFormat        crrc_import_report_get_format       (CrrcImportReport       *self);
const char             *crrc_import_report_get_extracted_on (CrrcImportReport       *self);
guint                   crrc_import_report_get_read         (CrrcImportReport       *self);
guint                   crrc_import_report_get_added        (CrrcImportReport       *self);
guint                   crrc_import_report_get_updated      (CrrcImportReport       *self);
guint                   crrc_import_report_get_unchanged    (CrrcImportReport       *self);
guint                   crrc_import_report_get_rejected     (CrrcImportReport       *self);
guint                   crrc_import_report_get_rejected_for (CrrcImportReport       *self,
                                                             CrrcRejectReason        reason);
guint                   crrc_import_report_get_n_rejects    (CrrcImportReport       *self);
const CrrcImportReject *crrc_import_report_get_reject       (CrrcImportReport       *self,
                                                             guint                   index);
const char * const     *crrc_import_report_get_unknown_categories (CrrcImportReport *self);
char                   *crrc_import_report_to_text          (CrrcImportReport       *self);

G_END_DECLS
