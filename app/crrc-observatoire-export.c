/* crrc-observatoire-export.c: the Observatoire page's exports and printing
 *
 * The slide deck and the folder of images are drawn in a GTask thread on
 * references to the models (a model is not changed once built); the CSV is
 * small and written at once; printing goes through GtkPrintOperation, one
 * chart per page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-observatoire-export"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "crrc-chart-draw.h"
#include "crrc-chart-theme.h"
#include "crrc-observatoire-export.h"

typedef struct
{
  GPtrArray       *charts;     /* of CrrcChartModel, referenced */
  GFile           *file;       /* the deck, or the folder */
  CrrcChartFormat  format;
  char            *title;      /* the cover, copied */
  char            *scope;
  char            *freshness;
  gboolean         demo;
} ExportData;

static void
export_data_free (gpointer user_data)
{
  ExportData *data = user_data;

  g_clear_pointer (&data->charts, g_ptr_array_unref);
  g_clear_object (&data->file);
  g_clear_pointer (&data->title, g_free);
  g_clear_pointer (&data->scope, g_free);
  g_clear_pointer (&data->freshness, g_free);
  g_free (data);
}

static GPtrArray *
copy_charts (GPtrArray *charts)
{
  GPtrArray *copy = g_ptr_array_new_full (charts->len, g_object_unref);

  for (guint i = 0; i < charts->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (charts, i)));

  return copy;
}

static gboolean
charts_are_models (GPtrArray *charts)
{
  for (guint i = 0; i < charts->len; i++)
    if (!CRRC_IS_CHART_MODEL (g_ptr_array_index (charts, i)))
      return FALSE;

  return TRUE;
}

static char *
file_display_name (GFile *file)
{
  const char *path = g_file_peek_path (file);

  if (path != NULL)
    return g_filename_display_name (path);

  return g_file_get_parse_name (file);
}

/* The same words as the charts' own exports, so one translation serves. */
static void
set_file_error (GError    **error,
                GFile      *file,
                GError     *cause)
{
  g_autofree char *name = file_display_name (file);

  /* Translators: the first %s is a file name, the second why it failed. */
  g_set_error (error, cause->domain, cause->code, _("Could not write “%s”: %s"),
               name, cause->message);
}

/* Slides. */

static void
export_slides_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ExportData *data = task_data;
  CrrcSlidesCover cover = {
    .title = data->title,
    .scope = data->scope,
    .freshness = data->freshness,
    .demo = data->demo,
  };
  GError *error = NULL;

  if (crrc_chart_export_slides (data->charts, &cover, data->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * crrc_observatoire_export_slides_async:
 * @charts: (element-type CrrcChartModel): the charts, in page order
 * @cover: the title slide (copied)
 * @file: the PDF to write
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the deck is written or failed
 * @user_data: for @callback
 *
 * Writes the 16:9 slide deck of @charts in a thread.
 */
void
crrc_observatoire_export_slides_async (GPtrArray             *charts,
                                       const CrrcSlidesCover *cover,
                                       GFile                 *file,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (charts != NULL);
  g_return_if_fail (charts_are_models (charts));
  g_return_if_fail (cover != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ExportData, 1);
  data->charts = copy_charts (charts);
  data->file = g_object_ref (file);
  data->title = g_strdup (cover->title);
  data->scope = g_strdup (cover->scope);
  data->freshness = g_strdup (cover->freshness);
  data->demo = cover->demo;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, crrc_observatoire_export_slides_async);
  g_task_set_task_data (task, data, export_data_free);
  g_task_run_in_thread (task, export_slides_thread);
}

gboolean
crrc_observatoire_export_slides_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        crrc_observatoire_export_slides_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A folder of images. */

/* The model's id as a file name: letters, digits, '-' and '_' only, so an
 * id can never reach outside the folder. */
static char *
chart_file_stem (CrrcChartModel *model,
                 guint           position)
{
  const char *id = crrc_chart_model_get_id (model);
  GString *stem;

  if (id == NULL || *id == '\0')
    return g_strdup_printf ("chart-%u", position + 1);

  stem = g_string_new (NULL);
  for (const char *p = id; *p != '\0'; p++)
    g_string_append_c (stem, g_ascii_isalnum (*p) || *p == '-' || *p == '_' ? *p : '-');

  return g_string_free (stem, FALSE);
}

static void
export_folder_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ExportData *data = task_data;
  const char *extension = crrc_chart_format_to_extension (data->format);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) local_error = NULL;
  GError *error = NULL;
  guint written = 0;

  if (!g_file_make_directory_with_parents (data->file, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      set_file_error (&error, data->file, local_error);
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < data->charts->len; i++)
    {
      CrrcChartModel *model = g_ptr_array_index (data->charts, i);
      g_autofree char *stem = chart_file_stem (model, i);
      g_autofree char *name = g_strdup_printf ("%s.%s", stem, extension);
      g_autoptr(GFile) file = NULL;

      /* Two charts with one id would overwrite each other. */
      for (guint n = 2; g_hash_table_contains (names, name); n++)
        {
          g_free (name);
          name = g_strdup_printf ("%s-%u.%s", stem, n, extension);
        }
      g_hash_table_add (names, g_strdup (name));

      file = g_file_get_child (data->file, name);
      if (!crrc_chart_export_file (model, data->format, file,
                                   CRRC_CHART_EXPORT_WIDTH, CRRC_CHART_EXPORT_HEIGHT, 1.0,
                                   cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      written++;
    }

  g_task_return_int (task, written);
}

/**
 * crrc_observatoire_export_folder_async:
 * @charts: (element-type CrrcChartModel): the charts
 * @folder: where to write them, created when missing
 * @format: PNG, SVG or PDF
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Writes every chart into @folder as `<id>.<extension>` at
 * %CRRC_CHART_EXPORT_WIDTH × %CRRC_CHART_EXPORT_HEIGHT, in a thread. The
 * first failure stops the export, with an error naming its file.
 */
void
crrc_observatoire_export_folder_async (GPtrArray           *charts,
                                       GFile               *folder,
                                       CrrcChartFormat      format,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (charts != NULL);
  g_return_if_fail (charts_are_models (charts));
  g_return_if_fail (G_IS_FILE (folder));
  g_return_if_fail (format == CRRC_CHART_FORMAT_PNG ||
                    format == CRRC_CHART_FORMAT_SVG ||
                    format == CRRC_CHART_FORMAT_PDF);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ExportData, 1);
  data->charts = copy_charts (charts);
  data->file = g_object_ref (folder);
  data->format = format;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, crrc_observatoire_export_folder_async);
  g_task_set_task_data (task, data, export_data_free);
  g_task_run_in_thread (task, export_folder_thread);
}

/* Returns: the number of files written, 0 with @error set on failure. */
guint
crrc_observatoire_export_folder_finish (GAsyncResult  *result,
                                        GError       **error)
{
  gssize written;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        crrc_observatoire_export_folder_async, 0);

  written = g_task_propagate_int (G_TASK (result), error);

  return written < 0 ? 0 : (guint) written;
}

/* CSV. */

/* Whether @text is a plain number ("-12", "3.5", "3,5"), which a
 * spreadsheet reads as a number and never as a formula. */
static gboolean
is_plain_number (const char *text)
{
  const char *p = text;

  if (*p == '+' || *p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.' || *p == ',')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  return *p == '\0';
}

/* One field, RFC 4180: quoted when it holds the separator, a quote, CR or
 * LF, with its quotes doubled. Text from the data is never interpreted: a
 * field a spreadsheet would take for a formula (=, +, -, @, tab or CR
 * first) is made text with a leading apostrophe. */
static void
append_field (GString    *csv,
              const char *text,
              char        separator,
              gboolean    first)
{
  g_autoptr(GString) field = g_string_new (NULL);

  if (!first)
    g_string_append_c (csv, separator);

  if (text == NULL)
    return;

  if (*text != '\0' && strchr ("=+-@\t\r", *text) != NULL && !is_plain_number (text))
    g_string_append_c (field, '\'');
  g_string_append (field, text);

  if (strchr (field->str, separator) != NULL || strchr (field->str, '"') != NULL ||
      strchr (field->str, '\r') != NULL || strchr (field->str, '\n') != NULL)
    {
      g_string_append_c (csv, '"');
      for (const char *p = field->str; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
    }
  else
    {
      g_string_append (csv, field->str);
    }
}

/* RFC 4180 ends every record with CRLF. */
static void
end_record (GString *csv)
{
  g_string_append (csv, "\r\n");
}

/* A value as a plain number a spreadsheet reads back exactly: no
 * thousands separator, '.' as decimal mark, or ',' when fields are
 * separated by ';' (French spreadsheets). */
static char *
format_number (double value,
               char   separator)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == 0)
    value = 0; /* no "-0" */

  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (separator == ';')
    g_strdelimit (buffer, ".", ',');

  return g_strdup (buffer);
}

static const char *
unit_name (CrrcChartUnit unit)
{
  switch (unit)
    {
    case CRRC_CHART_UNIT_PERCENT:
      return "%";
    case CRRC_CHART_UNIT_SCORE:
      /* Translators: a unit in the CSV export: maturity scores. */
      return _("score");
    case CRRC_CHART_UNIT_DECIMAL:
      /* Translators: a unit in the CSV export: any number. */
      return _("number");
    case CRRC_CHART_UNIT_COUNT:
    default:
      /* Translators: a unit in the CSV export: a number of things. */
      return _("count");
    }
}

/* A suppressed value (diffusion mode) is written as the charts write it:
 * "< 5", never as a number. */
static void
append_row (GString             *csv,
            char                 separator,
            CrrcChartModel      *model,
            const char          *category,
            const char          *series,
            double               value,
            CrrcChartValueState  state)
{
  g_autofree char *number = state != CRRC_CHART_VALUE_SHOWN
                            ? crrc_chart_model_format_state (model, state)
                            : format_number (value, separator);

  append_field (csv, crrc_chart_model_get_title (model), separator, TRUE);
  append_field (csv, crrc_chart_model_get_subtitle (model), separator, FALSE);
  append_field (csv, category, separator, FALSE);
  append_field (csv, series, separator, FALSE);
  append_field (csv, number, separator, FALSE);
  append_field (csv, unit_name (crrc_chart_model_get_unit (model)), separator, FALSE);
  end_record (csv);
}

/* The map's categories are departments: "21 Côte-d'Or". */
static char *
category_text (CrrcChartModel *model,
               guint           category)
{
  const char *key = crrc_chart_model_get_category_key (model, category);
  const char *label = crrc_chart_model_get_category_label (model, category);

  if (crrc_chart_model_get_kind (model) == CRRC_CHART_MAP &&
      key != NULL && *key != '\0' && g_strcmp0 (key, label) != 0)
    return label != NULL && *label != '\0' ? g_strdup_printf ("%s %s", key, label) : g_strdup (key);

  return g_strdup (label != NULL ? label : key);
}

static void
append_model (GString        *csv,
              char            separator,
              CrrcChartModel *model)
{
  guint n_categories = crrc_chart_model_get_n_categories (model);
  guint n_series = crrc_chart_model_get_n_series (model);

  if (crrc_chart_model_get_kind (model) == CRRC_CHART_KPI)
    {
      double value = crrc_chart_model_get_kpi_value (model);
      double previous = crrc_chart_model_get_kpi_previous (model);

      /* Translators: the period of a key figure in the CSV export. */
      CrrcChartValueState state = crrc_chart_model_get_kpi_state (model);
      CrrcChartValueState previous_state = crrc_chart_model_get_kpi_previous_state (model);

      if (isfinite (value) || state != CRRC_CHART_VALUE_SHOWN)
        append_row (csv, separator, model, _("Current period"), NULL, value, state);
      /* Translators: the period a key figure is compared with, in the CSV export. */
      if (isfinite (previous) || previous_state != CRRC_CHART_VALUE_SHOWN)
        append_row (csv, separator, model, _("Previous period"), NULL, previous, previous_state);
      return;
    }

  for (guint c = 0; c < n_categories; c++)
    {
      g_autofree char *category = category_text (model, c);

      for (guint s = 0; s < n_series; s++)
        {
          double value = crrc_chart_model_get_value (model, s, c);
          CrrcChartValueState state = crrc_chart_model_get_value_state (model, s, c);

          if (isfinite (value) || state != CRRC_CHART_VALUE_SHOWN)
            append_row (csv, separator, model, category,
                        crrc_chart_model_get_series_name (model, s), value, state);
        }
    }
}

static void
append_freshness (GString   *csv,
                  char       separator,
                  GPtrArray *charts)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 0; i < charts->len; i++)
    {
      const char *source = crrc_chart_model_get_source (g_ptr_array_index (charts, i));

      if (source == NULL || *source == '\0' ||
          g_ptr_array_find_with_equal_func (seen, source, g_str_equal, NULL))
        continue;

      g_ptr_array_add (seen, (gpointer) source);
      /* Translators: the last line of the CSV export, before the source line. */
      append_field (csv, _("Data freshness"), separator, TRUE);
      append_field (csv, source, separator, FALSE);
      for (guint column = 2; column < 6; column++)
        append_field (csv, NULL, separator, FALSE);
      end_record (csv);
    }
}

static GString *
build_csv (GPtrArray *charts,
           char       separator)
{
  GString *csv = g_string_new (NULL);

  /* A French Excel opens a ';' file in the system's code page unless it
   * starts with a byte order mark: with it, it reads UTF-8 (accents in
   * "Côte-d'Or" survive). Other programs, and ',' files, need none. */
  if (separator == ';')
    g_string_append (csv, "\xEF\xBB\xBF");

  /* Translators: the columns of the CSV export. */
  append_field (csv, _("Chart"), separator, TRUE);
  append_field (csv, _("Scope"), separator, FALSE);
  append_field (csv, _("Category"), separator, FALSE);
  append_field (csv, _("Series"), separator, FALSE);
  append_field (csv, _("Value"), separator, FALSE);
  append_field (csv, _("Unit"), separator, FALSE);
  end_record (csv);

  for (guint i = 0; i < charts->len; i++)
    append_model (csv, separator, g_ptr_array_index (charts, i));

  append_freshness (csv, separator, charts);

  return csv;
}

/**
 * crrc_observatoire_export_csv:
 * @charts: (element-type CrrcChartModel): the charts and key figures
 * @file: the CSV file, replaced atomically, mode 0600
 * @separator: ',' or ';'
 * @error: return location for an error naming @file
 *
 * Writes the figures behind @charts, one record per value: chart, scope
 * (the filters), category, series, value and unit; then the data
 * freshness. UTF-8, with a byte order mark when @separator is ';'.
 *
 * Returns: %TRUE on success
 */
gboolean
crrc_observatoire_export_csv (GPtrArray  *charts,
                              GFile      *file,
                              char        separator,
                              GError    **error)
{
  g_autoptr(GString) csv = NULL;

  g_return_val_if_fail (charts != NULL, FALSE);
  g_return_val_if_fail (charts_are_models (charts), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (separator == ',' || separator == ';', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  csv = build_csv (charts, separator);

  return crrc_chart_export_write_bytes (file, (const guint8 *) csv->str, csv->len, NULL, error);
}

/* Printing. */

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              GPtrArray         *charts)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  CrrcChartTheme theme = { 0 };

  if (page < 0 || (guint) page >= charts->len)
    return;

  crrc_chart_theme_init_print (&theme, width, height);
  cairo_save (cr);
  crrc_chart_draw (g_ptr_array_index (charts, page), cr, width, height, &theme,
                   CRRC_CHART_DRAW_DECORATED, -1, -1, NULL);
  cairo_restore (cr);
  crrc_chart_theme_clear (&theme);
}

static void
show_print_error (GtkWindow    *parent,
                  const GError *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent, _("Could not print the charts"), NULL);
  /* Plain text: the message may quote a printer's or a file's name. */
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
charts_free (gpointer  data,
             GClosure *closure)
{
  g_ptr_array_unref (data);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = g_object_get_data (G_OBJECT (operation), "crrc-parent");

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;

  gtk_print_operation_get_error (operation, &error);
  if (error != NULL)
    {
      g_object_set_data (G_OBJECT (operation), "crrc-reported", GINT_TO_POINTER (TRUE));
      show_print_error (parent, error);
    }
}

/**
 * crrc_observatoire_print_operation_new:
 * @charts: (element-type CrrcChartModel): the charts, one per page
 *
 * The print operation crrc_observatoire_print() runs: @charts in the print
 * theme, each decorated with its title, scope and source and sized to the
 * page, landscape by default.
 *
 * Returns: (transfer full): a new #GtkPrintOperation
 */
GtkPrintOperation *
crrc_observatoire_print_operation_new (GPtrArray *charts)
{
  GtkPrintOperation *operation;
  g_autoptr(GtkPageSetup) setup = NULL;

  g_return_val_if_fail (charts != NULL && charts->len > 0, NULL);
  g_return_val_if_fail (charts_are_models (charts), NULL);

  operation = gtk_print_operation_new ();
  setup = gtk_page_setup_new ();
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  /* Points, so that the print theme sizes text for the page, not for the
   * printer's resolution. */
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (operation, charts->len);
  /* Translators: the name of a print job. */
  gtk_print_operation_set_job_name (operation, _("Observatoire"));

  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb),
                         copy_charts (charts), charts_free, 0);

  return operation;
}

/**
 * crrc_observatoire_print:
 * @parent: (nullable): the window the print dialog belongs to
 * @charts: (element-type CrrcChartModel): the charts, one per page
 *
 * Opens the print dialog and prints @charts, one per page (see
 * crrc_observatoire_print_operation_new()). Failures are shown in a
 * dialog.
 */
void
crrc_observatoire_print (GtkWindow *parent,
                         GPtrArray *charts)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (charts != NULL && charts->len > 0);
  g_return_if_fail (charts_are_models (charts));

  operation = crrc_observatoire_print_operation_new (charts);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), NULL);
  if (parent != NULL)
    g_object_set_data_full (G_OBJECT (operation), "crrc-parent", g_object_ref (parent), g_object_unref);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    parent, &error);
  /* An asynchronous run reports through ::done, and so may a failed one. */
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL &&
      g_object_get_data (G_OBJECT (operation), "crrc-reported") == NULL)
    show_print_error (parent, error);
}
