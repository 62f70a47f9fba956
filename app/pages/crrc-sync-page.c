/* crrc-sync-page.c: the Synchronisation page
 *
 * For now the page imports files: the analyst picks a FINESS extract, a
 * FiNESS+ file or CERT-FR bulletins, the import runs in a worker thread with
 * the same code as the command line (crrc_import_file_async()), and its
 * report is shown afterwards. The feeds will get a group of their own above
 * the files.
 *
 * Everything that comes from a file (its name, rejected records, error
 * messages quoting it) is shown as plain text: rows are told not to read
 * markup, values go into GtkLabels, and the one markup-only title, the
 * toast's, is escaped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-sync-page"

#include "config.h"

#include <glib/gi18n.h>

#include "crrc-format.h"
#include "crrc-import.h"
#include "crrc-sync-page.h"

/* Enough rejected records to see a pattern, few enough for a list of rows;
 * the report counts all of them. */
#define MAX_REJECT_ROWS 200

struct _CrrcSyncPage
{
  AdwBin                parent_instance;

  CrrcApplication      *application;
  gulong                store_handler;
  GtkFileChooserNative *chooser;

  /* The import running, if any: its cancellable, its file, and a number
   * that tells its progress reports from those of an earlier import. */
  GCancellable         *cancellable;
  GFile                *file;
  guint                 generation;

  /* Rows added to rejects_row for the last report. */
  GPtrArray            *reject_rows;

  gboolean              disposed;

  /* Template widgets */
  GtkButton            *import_button;
  GtkListBox           *progress_list;
  GtkLabel             *progress_file_label;
  GtkProgressBar       *progress_bar;
  GtkButton            *cancel_button;
  AdwPreferencesGroup  *summary_group;
  AdwActionRow         *status_row;
  GtkImage             *status_icon;
  GtkLabel             *file_value;
  AdwActionRow         *format_row;
  GtkLabel             *format_value;
  AdwActionRow         *extracted_row;
  GtkLabel             *extracted_value;
  AdwActionRow         *read_row;
  GtkLabel             *read_value;
  AdwActionRow         *added_row;
  GtkLabel             *added_value;
  AdwActionRow         *updated_row;
  GtkLabel             *updated_value;
  AdwActionRow         *unchanged_row;
  GtkLabel             *unchanged_value;
  AdwActionRow         *rejected_row;
  GtkLabel             *rejected_value;
  AdwActionRow         *categories_row;
  AdwExpanderRow       *rejects_row;
};

/* What a progress report needs to find its page, from the import's task
 * data: that may be freed in the worker thread, so it holds no widget. */
typedef struct
{
  GWeakRef page;
  guint    generation;
} ProgressData;

G_DEFINE_FINAL_TYPE (CrrcSyncPage, crrc_sync_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_APPLICATION,
  PROP_IMPORTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static ProgressData *
progress_data_new (CrrcSyncPage *self)
{
  ProgressData *data = g_new0 (ProgressData, 1);

  g_weak_ref_init (&data->page, self);
  data->generation = self->generation;

  return data;
}

static void
progress_data_free (gpointer user_data)
{
  ProgressData *data = user_data;

  g_weak_ref_clear (&data->page);
  g_free (data);
}

/* A file name as people read it, whatever the encoding of the file system. */
static char *
get_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename);
}

static CrrcStore *
get_store (CrrcSyncPage *self)
{
  if (self->application == NULL)
    return NULL;

  return crrc_application_get_store (self->application);
}

static void
show_toast (CrrcSyncPage *self,
            const char   *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = NULL;

  if (overlay == NULL)
    return;

  /* Toast titles are Pango markup in libadwaita 1.2. */
  escaped = g_markup_escape_text (text, -1);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

/* Sensitivity of the actions, and why importing is not possible when it
 * is not. */
static void
update_state (CrrcSyncPage *self)
{
  gboolean importing = self->cancellable != NULL;
  CrrcStore *store = get_store (self);
  const GError *store_error = NULL;
  g_autofree char *tooltip = NULL;

  if (self->application != NULL)
    store_error = crrc_application_get_store_error (self->application);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.import-file",
                                 !importing && store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.cancel-import",
                                 importing && !g_cancellable_is_cancelled (self->cancellable));

  /* The store's messages are full sentences naming the file. */
  if (store_error != NULL)
    tooltip = g_strdup_printf (_("Files cannot be imported because the cache could not be opened: %s"),
                               store_error->message);
  else if (store == NULL && self->application != NULL)
    tooltip = g_strdup (_("The cache is still opening"));

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_button), tooltip);
  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->import_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->import_button),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
set_count (GtkLabel *label,
           guint     value)
{
  g_autofree char *text = crrc_format_count (value);

  gtk_label_set_text (label, text);
}

static void
clear_reject_rows (CrrcSyncPage *self)
{
  for (guint i = 0; i < self->reject_rows->len; i++)
    adw_expander_row_remove (self->rejects_row, g_ptr_array_index (self->reject_rows, i));

  g_ptr_array_set_size (self->reject_rows, 0);
  adw_expander_row_set_expanded (self->rejects_row, FALSE);
}

static void
add_reject_row (CrrcSyncPage *self,
                const char   *title,
                const char   *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_expander_row_add_row (self->rejects_row, row);
  g_ptr_array_add (self->reject_rows, row);
}

/* Where the record is and what is wrong with it, one row each. */
static void
show_rejects (CrrcSyncPage     *self,
              CrrcImportReport *report)
{
  guint rejected = crrc_import_report_get_rejected (report);
  guint n_rejects = crrc_import_report_get_n_rejects (report);
  guint shown = MIN (n_rejects, MAX_REJECT_ROWS);
  g_autoptr(GString) reasons = g_string_new (NULL);

  clear_reject_rows (self);

  gtk_widget_set_visible (GTK_WIDGET (self->rejects_row), rejected > 0);
  if (rejected == 0)
    return;

  for (guint reason = 0; reason < CRRC_N_REJECT_REASONS; reason++)
    {
      guint count = crrc_import_report_get_rejected_for (report, reason);
      g_autofree char *count_text = NULL;

      if (count == 0)
        continue;

      count_text = crrc_format_count (count);
      if (reasons->len > 0)
        g_string_append (reasons, ", ");
      /* Translators: a reason records were rejected and how many,
       * e.g. “wrong FINESS check key: 2” */
      g_string_append_printf (reasons, _("%s: %s"), crrc_reject_reason_get_label (reason), count_text);
    }
  adw_expander_row_set_subtitle (self->rejects_row, reasons->str);

  for (guint i = 0; i < shown; i++)
    {
      const CrrcImportReject *reject = crrc_import_report_get_reject (report, i);
      g_autoptr(GString) where = g_string_new (reject->location);

      if (reject->record != NULL)
        g_string_append_printf (where, " · %s", reject->record);
      if (reject->field != NULL)
        g_string_append_printf (where, " · %s", reject->field);

      add_reject_row (self, where->str,
                      reject->detail != NULL ? reject->detail
                                             : crrc_reject_reason_get_label (reject->reason));
    }

  if (rejected > shown)
    {
      g_autofree char *more_count = crrc_format_count (rejected - shown);
      g_autofree char *more = g_strdup_printf (ngettext ("And %s more rejected record",
                                                         "And %s more rejected records",
                                                         rejected - shown),
                                               more_count);

      add_reject_row (self, more,
                      _("Only the first rejected records are listed; the counts above include them all."));
    }
}

static void
set_summary_rows_visible (CrrcSyncPage *self,
                          gboolean      visible)
{
  gtk_widget_set_visible (GTK_WIDGET (self->format_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->extracted_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->read_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->added_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->updated_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->unchanged_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->rejected_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->categories_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->rejects_row), visible);
}

static void
set_status (CrrcSyncPage *self,
            gboolean      success,
            const char   *detail)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                 success ? _("Imported") : _("Not Imported"));
  adw_action_row_set_subtitle (self->status_row, detail);
  gtk_image_set_from_icon_name (self->status_icon,
                                success ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  if (success)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "error");
    }
}

/* Turns "YYYY-MM-DD" into a date in the user's language, or leaves it. */
static char *
format_extraction_date (const char *date)
{
  g_autofree char *midnight = g_strconcat (date, "T00:00:00Z", NULL);
  g_autoptr(GDateTime) datetime = g_date_time_new_from_iso8601 (midnight, NULL);

  if (datetime == NULL)
    return g_strdup (date);

  return crrc_format_date (datetime);
}

static void
show_report (CrrcSyncPage     *self,
             CrrcImportReport *report,
             const char       *file_name)
{
  const char *extracted_on = crrc_import_report_get_extracted_on (report);
  const char * const *categories = crrc_import_report_get_unknown_categories (report);
  gboolean has_categories;

  set_status (self, TRUE, NULL);
  set_summary_rows_visible (self, TRUE);

  gtk_label_set_text (self->file_value, file_name);
  gtk_label_set_text (self->format_value,
                      crrc_import_format_get_label (crrc_import_report_get_format (report)));

  gtk_widget_set_visible (GTK_WIDGET (self->extracted_row), extracted_on != NULL);
  if (extracted_on != NULL)
    {
      g_autofree char *date = format_extraction_date (extracted_on);

      gtk_label_set_text (self->extracted_value, date);
    }

  set_count (self->read_value, crrc_import_report_get_read (report));
  set_count (self->added_value, crrc_import_report_get_added (report));
  set_count (self->updated_value, crrc_import_report_get_updated (report));
  set_count (self->unchanged_value, crrc_import_report_get_unchanged (report));
  set_count (self->rejected_value, crrc_import_report_get_rejected (report));

  /* An empty list may come as NULL. */
  has_categories = categories != NULL && categories[0] != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->categories_row), has_categories);
  if (has_categories)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) categories);
      g_autofree char *subtitle = NULL;

      /* Translators: %s is a list of establishment category codes */
      subtitle = g_strdup_printf (_("Imported with the sector “other”: %s"), list);
      adw_action_row_set_subtitle (self->categories_row, subtitle);
    }

  show_rejects (self, report);

  gtk_widget_set_visible (GTK_WIDGET (self->summary_group), TRUE);
}

static void
show_error (CrrcSyncPage *self,
            const GError *error,
            const char   *file_name)
{
  set_status (self, FALSE, error->message);
  set_summary_rows_visible (self, FALSE);
  clear_reject_rows (self);
  gtk_label_set_text (self->file_value, file_name);

  gtk_widget_set_visible (GTK_WIDGET (self->summary_group), TRUE);
}

static char *
describe_success (CrrcImportReport *report,
                  const char       *file_name)
{
  guint imported = crrc_import_report_get_added (report) +
                   crrc_import_report_get_updated (report) +
                   crrc_import_report_get_unchanged (report);
  g_autofree char *count = crrc_format_count (imported);

  switch (crrc_import_report_get_format (report))
    {
    case CRRC_IMPORT_FORMAT_ETALAB_CSV:
    case CRRC_IMPORT_FORMAT_FINESS_PLUS_JSON:
      return g_strdup_printf (ngettext ("Imported %s establishment from “%s”",
                                        "Imported %s establishments from “%s”",
                                        imported),
                              count, file_name);

    case CRRC_IMPORT_FORMAT_CERTFR_JSON:
      return g_strdup_printf (ngettext ("Imported %s bulletin from “%s”",
                                        "Imported %s bulletins from “%s”",
                                        imported),
                              count, file_name);

    case CRRC_IMPORT_FORMAT_UNKNOWN:
    default:
      return g_strdup_printf (ngettext ("Imported %s record from “%s”",
                                        "Imported %s records from “%s”",
                                        imported),
                              count, file_name);
    }
}

static void
import_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  ProgressData *data = user_data;
  g_autoptr(CrrcSyncPage) self = g_weak_ref_get (&data->page);
  g_autofree char *done_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *text = NULL;

  /* Late reports of an import that has finished, or is being cancelled,
   * are of no interest. */
  if (self == NULL || self->disposed || self->cancellable == NULL ||
      data->generation != self->generation ||
      g_cancellable_is_cancelled (self->cancellable))
    return;

  if (total == 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      return;
    }

  done_text = g_format_size (done);
  total_text = g_format_size (total);
  /* Translators: bytes of the file read so far, e.g. “12.0 MB of 48.3 MB” */
  text = g_strdup_printf (_("%s of %s"), done_text, total_text);

  gtk_progress_bar_set_fraction (self->progress_bar, (double) MIN (done, total) / (double) total);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CrrcSyncPage) self = user_data;
  g_autoptr(CrrcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_steal_pointer (&self->file);
  g_autofree char *file_name = get_display_name (file);
  g_autofree char *message = NULL;

  report = crrc_import_file_finish (result, &error);
  g_clear_object (&self->cancellable);

  /* The window was closed while the file was read. */
  if (self->disposed)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_list), FALSE);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);

  if (report != NULL)
    {
      show_report (self, report, file_name);
      message = describe_success (report, file_name);
    }
  /* Cancelled, the last import shown is still the last one. */
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      message = g_strdup_printf (_("Import of “%s” cancelled: nothing was imported"), file_name);
    }
  else
    {
      show_error (self, error, file_name);
      message = g_strdup_printf (_("“%s” was not imported"), file_name);
    }

  show_toast (self, message);
}

static void
chooser_response_cb (CrrcSyncPage         *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    crrc_sync_page_import_file (self, file);
}

static void
add_filter (GtkFileChooser     *chooser,
            const char         *name,
            const char * const *suffixes,
            const char * const *mime_types)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes != NULL && suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  for (guint i = 0; mime_types != NULL && mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);

  gtk_file_chooser_add_filter (chooser, filter);
}

/* The first filter is the one selected at first. */
static void
add_filters (GtkFileChooser *chooser)
{
  static const char * const supported[] = { "csv", "csv.gz", "json", "json.gz", NULL };
  static const char * const csv[] = { "csv", "csv.gz", NULL };
  static const char * const csv_types[] = { "text/csv", NULL };
  static const char * const json[] = { "json", "json.gz", NULL };
  static const char * const json_types[] = { "application/json", NULL };
  static const char * const gzip[] = { "gz", NULL };
  static const char * const gzip_types[] = { "application/gzip", NULL };
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  add_filter (chooser, _("All Supported Files"), supported, NULL);
  add_filter (chooser, _("CSV Files"), csv, csv_types);
  add_filter (chooser, _("JSON Files"), json, json_types);
  add_filter (chooser, _("Gzip-Compressed Files"), gzip, gzip_types);

  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  crrc_sync_page_choose_file (CRRC_SYNC_PAGE (widget));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  crrc_sync_page_cancel_import (CRRC_SYNC_PAGE (widget));
}

static void
store_changed_cb (CrrcSyncPage *self)
{
  update_state (self);
}

static void
crrc_sync_page_dispose (GObject *object)
{
  CrrcSyncPage *self = (CrrcSyncPage *)object;

  /* A running import finishes on its own, with nothing left to show. */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  if (self->application != NULL)
    g_clear_signal_handler (&self->store_handler, self->application);
  g_clear_object (&self->application);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRRC_TYPE_SYNC_PAGE);

  G_OBJECT_CLASS (crrc_sync_page_parent_class)->dispose (object);
}

static void
crrc_sync_page_finalize (GObject *object)
{
  CrrcSyncPage *self = (CrrcSyncPage *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_pointer (&self->reject_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (crrc_sync_page_parent_class)->finalize (object);
}

static void
crrc_sync_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CrrcSyncPage *self = CRRC_SYNC_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;

    case PROP_IMPORTING:
      g_value_set_boolean (value, crrc_sync_page_get_importing (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_sync_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CrrcSyncPage *self = CRRC_SYNC_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      crrc_sync_page_set_application (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_sync_page_class_init (CrrcSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_sync_page_dispose;
  object_class->finalize = crrc_sync_page_finalize;
  object_class->get_property = crrc_sync_page_get_property;
  object_class->set_property = crrc_sync_page_set_property;

  /**
   * CrrcSyncPage:application:
   *
   * The application whose cache files are imported into.
   */
  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         CRRC_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CrrcSyncPage:importing:
   *
   * Whether a file is being imported.
   */
  properties[PROP_IMPORTING] =
    g_param_spec_boolean ("importing", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pages/crrc-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, progress_list);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, progress_file_label);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, summary_group);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, file_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, format_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, format_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, extracted_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, extracted_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, read_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, read_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, added_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, added_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, updated_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, updated_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, unchanged_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, unchanged_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, rejected_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, rejected_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, categories_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, rejects_row);

  gtk_widget_class_install_action (widget_class, "sync.import-file", NULL, import_file_action);
  gtk_widget_class_install_action (widget_class, "sync.cancel-import", NULL, cancel_import_action);
}

static void
crrc_sync_page_init (CrrcSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 gives a button with a mnemonic its label, underscore included,
   * as accessible label, and screen readers read it before the visible
   * text; the visible text alone names the button. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->import_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL);

  self->reject_rows = g_ptr_array_new ();

  update_state (self);
}

GtkWidget *
crrc_sync_page_new (void)
{
  return g_object_new (CRRC_TYPE_SYNC_PAGE, NULL);
}

/**
 * crrc_sync_page_get_application:
 *
 * Returns: (transfer none) (nullable): the application imported into
 */
CrrcApplication *
crrc_sync_page_get_application (CrrcSyncPage *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), NULL);

  return self->application;
}

/**
 * crrc_sync_page_set_application:
 * @application: (nullable): the application whose cache files go into
 *
 * The page follows the application's store: importing is possible once it
 * is open.
 */
void
crrc_sync_page_set_application (CrrcSyncPage    *self,
                                CrrcApplication *application)
{
  g_return_if_fail (CRRC_IS_SYNC_PAGE (self));
  g_return_if_fail (application == NULL || CRRC_IS_APPLICATION (application));

  if (self->application == application)
    return;

  if (self->application != NULL)
    g_clear_signal_handler (&self->store_handler, self->application);

  g_set_object (&self->application, application);

  if (application != NULL)
    self->store_handler = g_signal_connect_swapped (application, "notify::store",
                                                    G_CALLBACK (store_changed_cb), self);

  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATION]);
}

gboolean
crrc_sync_page_get_importing (CrrcSyncPage *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * crrc_sync_page_choose_file:
 *
 * Asks for a file to import, when one can be imported now.
 */
void
crrc_sync_page_choose_file (CrrcSyncPage *self)
{
  GtkRoot *root;

  g_return_if_fail (CRRC_IS_SYNC_PAGE (self));

  if (self->cancellable != NULL || get_store (self) == NULL)
    return;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (_("Import a File"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  add_filters (GTK_FILE_CHOOSER (self->chooser));
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);

  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/**
 * crrc_sync_page_import_file:
 * @file: a FINESS extract, a FiNESS+ file or CERT-FR bulletins, possibly
 *   gzip-compressed
 *
 * Imports @file into the application's cache, showing the progress, then
 * the report or why the file was refused. This is what the file chooser
 * does with the chosen file, and what dropping a file will do.
 *
 * Returns: %TRUE if the import started; %FALSE when another one is running
 *   or the cache is not open
 */
gboolean
crrc_sync_page_import_file (CrrcSyncPage *self,
                            GFile        *file)
{
  CrrcStore *store;
  g_autofree char *file_name = NULL;

  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  store = get_store (self);
  if (self->cancellable != NULL || store == NULL)
    return FALSE;

  self->cancellable = g_cancellable_new ();
  g_set_object (&self->file, file);
  self->generation++;

  file_name = get_display_name (file);
  gtk_label_set_text (self->progress_file_label, file_name);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, file_name,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, _("Starting…"),
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_list), TRUE);

  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);

  crrc_import_file_async (store, file,
                          import_progress_cb, progress_data_new (self), progress_data_free,
                          self->cancellable,
                          import_done_cb, g_object_ref (self));

  return TRUE;
}

/**
 * crrc_sync_page_cancel_import:
 *
 * Stops the running import, if any: nothing of the file is kept.
 */
void
crrc_sync_page_cancel_import (CrrcSyncPage *self)
{
  g_return_if_fail (CRRC_IS_SYNC_PAGE (self));

  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
  update_state (self);
}
