/* crrc-import-report.c: what an import did, for people and for the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-import-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crrc-import-private.h"

/* A file with many bad rows keeps every count, but only the details of the
 * first rejected rows (enough to find the pattern, bounded in memory). */
#define MAX_REJECT_DETAILS 10000

struct _CrrcImportReport
{
  GObject           parent_instance;

  char             *file_name;
  CrrcImportFormat  format;
  char             *extracted_on;
  guint             read;
  guint             outcomes[3];
  guint             rejected;
  guint             rejected_for[CRRC_N_REJECT_REASONS];
  GArray           *rejects;
  GPtrArray        *unknown_categories;
};

G_DEFINE_FINAL_TYPE (CrrcImportReport, crrc_import_report, G_TYPE_OBJECT)

static const struct {
  const char *id;
  const char *label;
} reject_reasons[CRRC_N_REJECT_REASONS] = {
  [CRRC_REJECT_INVALID_FINESS] = { "invalid-finess", N_("invalid FINESS number") },
  [CRRC_REJECT_BAD_FINESS_KEY] = { "bad-finess-key", N_("wrong FINESS check key") },
  [CRRC_REJECT_MISSING_FIELD] = { "missing-field", N_("missing required field") },
  [CRRC_REJECT_UNKNOWN_DEPARTMENT] = { "unknown-department", N_("unknown department") },
  [CRRC_REJECT_FIELD_COUNT] = { "field-count", N_("wrong number of fields") },
  [CRRC_REJECT_INVALID_DATE] = { "invalid-date", N_("invalid date") },
  [CRRC_REJECT_INVALID_VALUE] = { "invalid-value", N_("invalid value") },
  [CRRC_REJECT_ENCODING] = { "encoding", N_("unreadable characters") },
  [CRRC_REJECT_UNKNOWN_ESTABLISHMENT] = { "unknown-establishment", N_("unknown establishment") },
  [CRRC_REJECT_DUPLICATE] = { "duplicate", N_("duplicate record") },
};

static void
clear_reject (gpointer data)
{
  CrrcImportReject *reject = data;

  g_clear_pointer (&reject->location, g_free);
  g_clear_pointer (&reject->record, g_free);
  g_clear_pointer (&reject->field, g_free);
  g_clear_pointer (&reject->detail, g_free);
}

static void
crrc_import_report_finalize (GObject *object)
{
  CrrcImportReport *self = (CrrcImportReport *)object;

  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->extracted_on, g_free);
  g_clear_pointer (&self->rejects, g_array_unref);
  g_clear_pointer (&self->unknown_categories, g_ptr_array_unref);

  G_OBJECT_CLASS (crrc_import_report_parent_class)->finalize (object);
}

static void
crrc_import_report_class_init (CrrcImportReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crrc_import_report_finalize;
}

static void
crrc_import_report_init (CrrcImportReport *self)
{
  self->rejects = g_array_new (FALSE, TRUE, sizeof (CrrcImportReject));
  g_array_set_clear_func (self->rejects, clear_reject);
  /* NULL-terminated, so it is also a strv. */
  self->unknown_categories = g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

const char *
crrc_reject_reason_to_string (CrrcRejectReason reason)
{
  g_return_val_if_fail (reason < CRRC_N_REJECT_REASONS, NULL);

  return reject_reasons[reason].id;
}

/**
 * crrc_reject_reason_get_label:
 *
 * Returns: the reason in the user's language, e.g. "wrong FINESS check key"
 */
const char *
crrc_reject_reason_get_label (CrrcRejectReason reason)
{
  g_return_val_if_fail (reason < CRRC_N_REJECT_REASONS, NULL);

  return _(reject_reasons[reason].label);
}

CrrcImportReport *
_crrc_import_report_new (const char *file_name)
{
  CrrcImportReport *self = g_object_new (CRRC_TYPE_IMPORT_REPORT, NULL);

  self->file_name = g_strdup (file_name);

  return self;
}

void
_crrc_import_report_set_format (CrrcImportReport *self,
                                CrrcImportFormat  format)
{
  self->format = format;
}

void
_crrc_import_report_set_extracted_on (CrrcImportReport *self,
                                      const char       *date)
{
  g_free (self->extracted_on);
  self->extracted_on = g_strdup (date);
}

void
_crrc_import_report_count_read (CrrcImportReport *self)
{
  self->read++;
}

void
_crrc_import_report_count (CrrcImportReport  *self,
                           CrrcImportOutcome  outcome)
{
  g_return_if_fail (outcome <= CRRC_IMPORT_UNCHANGED);

  self->outcomes[outcome]++;
}

/* Takes ownership of every string. */
void
_crrc_import_report_take_reject (CrrcImportReport *self,
                                 char             *location,
                                 char             *record,
                                 char             *field,
                                 CrrcRejectReason  reason,
                                 char             *detail)
{
  CrrcImportReject reject = { location, record, field, reason, detail };

  g_return_if_fail (reason < CRRC_N_REJECT_REASONS);

  self->rejected++;
  self->rejected_for[reason]++;

  if (self->rejects->len < MAX_REJECT_DETAILS)
    g_array_append_val (self->rejects, reject);
  else
    clear_reject (&reject);
}

void
_crrc_import_report_add_unknown_category (CrrcImportReport *self,
                                          const char       *category)
{
  for (guint i = 0; i < self->unknown_categories->len; i++)
    if (g_str_equal (g_ptr_array_index (self->unknown_categories, i), category))
      return;

  g_ptr_array_add (self->unknown_categories, g_strdup (category));
}

const char *
crrc_import_report_get_file_name (CrrcImportReport *self)
{
  g_return_val_if_fail (CRRC_IS_IMPORT_REPORT (self), NULL);

  return self->file_name;
}

CrrcImportFormat
crrc_import_report_get_format (CrrcImportReport *self)
{
  g_return_val_if_fail (CRRC_IS_IMPORT_REPORT (self), CRRC_IMPORT_FORMAT_UNKNOWN);

  return self->format;
}

/**
 * crrc_import_report_get_extracted_on:
 *
 * Returns: (nullable): the date the file was extracted or generated
 *   (YYYY-MM-DD), when it says so
 */
const char *
crrc_import_report_get_extracted_on (CrrcImportReport *self)
{
  g_return_val_if_fail (CRRC_IS_IMPORT_REPORT (self), NULL);

  return self->extracted_on;
}

/**
 * crrc_import_report_get_read:
 *
 * Returns: how many records (establishments, bulletins) the file holds,
 *   rejected ones included
 */
guint
crrc_import_report_get_read (CrrcImportReport *self)
{
  g_return_val_if_fail (CRRC_IS_IMPORT_REPORT (self), 0);

  return self->read;
}

guint
crrc_import_report_get_added (CrrcImportReport *self)
{
  g_return_val_if_fail (CRRC_IS_IMPORT_REPORT (self), 0);

  return self->outcomes[CRRC_IMPORT_ADDED];
}

guint
crrc_import_report_get_updated (CrrcImportReport *self)
{
  g_return_val_if_fail (CRRC_IS_IMPORT_REPORT (self), 0);

  return self->outcomes[CRRC_IMPORT_UPDATED];
}

guint
crrc_import_report_get_unchanged (CrrcImportReport *self)
{
  g_return_val_if_fail (CRRC_IS_IMPORT_REPORT (self), 0);

  return self->outcomes[CRRC_IMPORT_UNCHANGED];
}

guint
crrc_import_report_get_rejected (CrrcImportReport *self)
{
  g_return_val_if_fail (CRRC_IS_IMPORT_REPORT (self), 0);

  return self->rejected;
}

guint
crrc_import_report_get_rejected_for (CrrcImportReport *self,
                                     CrrcRejectReason  reason)
{
  g_return_val_if_fail (CRRC_IS_IMPORT_REPORT (self), 0);
  g_return_val_if_fail (reason < CRRC_N_REJECT_REASONS, 0);

  return self->rejected_for[reason];
}

/**
 * crrc_import_report_get_n_rejects:
 *
 * Returns: how many rejected records are described (the first 10,000)
 */
guint
crrc_import_report_get_n_rejects (CrrcImportReport *self)
{
  g_return_val_if_fail (CRRC_IS_IMPORT_REPORT (self), 0);

  return self->rejects->len;
}

const CrrcImportReject *
crrc_import_report_get_reject (CrrcImportReport *self,
                               guint             index)
{
  g_return_val_if_fail (CRRC_IS_IMPORT_REPORT (self), NULL);
  g_return_val_if_fail (index < self->rejects->len, NULL);

  return &g_array_index (self->rejects, CrrcImportReject, index);
}

/**
 * crrc_import_report_get_unknown_categories:
 *
 * Returns: (transfer none): the establishment categories the sector table
 *   does not know, in the order met (imported with the sector "other")
 */
const char * const *
crrc_import_report_get_unknown_categories (CrrcImportReport *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (CRRC_IS_IMPORT_REPORT (self), NULL);

  /* An empty array may have no storage at all. */
  if (self->unknown_categories->len == 0)
    return none;

  return (const char * const *) self->unknown_categories->pdata;
}

/**
 * crrc_import_report_to_text:
 *
 * Returns: (transfer full): the summary, in the user's language, as the
 *   command line prints it and the Synchronisation page shows it
 */
char *
crrc_import_report_to_text (CrrcImportReport *self)
{
  GString *text;
  guint shown = 0;

  g_return_val_if_fail (CRRC_IS_IMPORT_REPORT (self), NULL);

  text = g_string_new (NULL);

  g_string_append_printf (text, _("File: %s (%s)"),
                          self->file_name, crrc_import_format_get_label (self->format));
  g_string_append_c (text, '\n');
  if (self->extracted_on != NULL)
    {
      g_string_append_printf (text, _("Extracted on: %s"), self->extracted_on);
      g_string_append_c (text, '\n');
    }
  g_string_append_printf (text, _("Read: %u, added: %u, updated: %u, unchanged: %u, rejected: %u"),
                          self->read,
                          self->outcomes[CRRC_IMPORT_ADDED],
                          self->outcomes[CRRC_IMPORT_UPDATED],
                          self->outcomes[CRRC_IMPORT_UNCHANGED],
                          self->rejected);
  g_string_append_c (text, '\n');

  if (self->rejected > 0)
    {
      g_string_append (text, _("Rejected, by reason:"));
      g_string_append_c (text, '\n');
      for (guint i = 0; i < CRRC_N_REJECT_REASONS; i++)
        if (self->rejected_for[i] > 0)
          g_string_append_printf (text, "  %s: %u\n",
                                  crrc_reject_reason_get_label (i), self->rejected_for[i]);
    }

  if (self->unknown_categories->len > 0)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) self->unknown_categories->pdata);

      g_string_append_printf (text, _("Unknown categories, imported with the sector “other”: %s"), list);
      g_string_append_c (text, '\n');
    }

  if (self->rejects->len > 0)
    {
      g_string_append (text, _("Rejected records:"));
      g_string_append_c (text, '\n');
    }

  for (guint i = 0; i < self->rejects->len && shown < 20; i++, shown++)
    {
      const CrrcImportReject *reject = &g_array_index (self->rejects, CrrcImportReject, i);

      g_string_append_printf (text, "  %s", reject->location);
      if (reject->record != NULL)
        g_string_append_printf (text, ", %s", reject->record);
      if (reject->field != NULL)
        g_string_append_printf (text, ", %s", reject->field);
      g_string_append_printf (text, ": %s", reject->detail != NULL ? reject->detail
                                                                : crrc_reject_reason_get_label (reject->reason));
      g_string_append_c (text, '\n');
    }

  if (self->rejected > shown)
    {
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "  … and %u more rejected record",
                                           "  … and %u more rejected records",
                                           self->rejected - shown),
                              self->rejected - shown);
      g_string_append_c (text, '\n');
    }

  return g_string_free (text, FALSE);
}
