/* crrc-drilldown-dialog.c: the establishments behind a figure of the Observatoire
 *
 * The activated item (a chart's id, the item's category key and series
 * name) becomes a CrrcQueryDrill on top of the page's filter; the list is
 * read in a GTask thread on a read-only connection of its own (never the
 * store's, which belongs to the sync worker), then shown in a column view.
 * Everything from the cache is shown as plain text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-drilldown"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crrc-display-text.h"
#include "crrc-drilldown-dialog.h"
#include "crrc-finess.h"
#include "crrc-format.h"
#include "crrc-geo.h"
#include "crrc-observatoire-charts.h"

typedef enum
{
  COLUMN_NAME,
  COLUMN_FINESS,
  COLUMN_CATEGORY,
  COLUMN_COMMUNE,
  COLUMN_COUNT,
} Column;

struct _CrrcDrilldownDialog
{
  AdwWindow        parent_instance;

  CrrcStore       *store;
  CrrcQueryFilter  filter;
  CrrcQueryDrill   drill;
  GPtrArray       *strings;   /* owns the filter's and the drill's keys */
  char            *scope;
  int              n_rows;
  gint64           n_total;
  GCancellable    *cancellable;
  CrrcDrilldownListFunc list_func;  /* or NULL: an Observatoire drill */
  gpointer         list_data;
  GDestroyNotify   list_destroy;

  GtkWidget       *title_label;
  GtkWidget       *subtitle_label;
  GtkWidget       *empty_page;
  GtkWidget       *stack;
  GtkWidget       *count_label;
  GtkWidget       *column_view;
  GtkColumnViewColumn *count_column;
  GtkWidget       *error_page;
  GListStore      *rows;
};

G_DEFINE_FINAL_TYPE (CrrcDrilldownDialog, crrc_drilldown_dialog, ADW_TYPE_WINDOW)

/* One row of the list, for the column view's model. */
#define CRRC_TYPE_DRILLDOWN_ITEM (crrc_drilldown_item_get_type ())
G_DECLARE_FINAL_TYPE (CrrcDrilldownItem, crrc_drilldown_item, CRRC, DRILLDOWN_ITEM, GObject)

struct _CrrcDrilldownItem
{
  GObject                 parent_instance;
  CrrcQueryEstablishment *row;
};

G_DEFINE_FINAL_TYPE (CrrcDrilldownItem, crrc_drilldown_item, G_TYPE_OBJECT)

static void
crrc_drilldown_item_finalize (GObject *object)
{
  CrrcDrilldownItem *self = CRRC_DRILLDOWN_ITEM (object);

  g_clear_pointer (&self->row, crrc_query_establishment_free);

  G_OBJECT_CLASS (crrc_drilldown_item_parent_class)->finalize (object);
}

static void
crrc_drilldown_item_class_init (CrrcDrilldownItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crrc_drilldown_item_finalize;
}

static void
crrc_drilldown_item_init (CrrcDrilldownItem *self)
{
}

/* A year as a category key or series name gives it ("2023"), or 0. */
static int
parse_year (const char *text)
{
  guint64 year = 0;

  if (text == NULL || strlen (text) != 4 ||
      !g_ascii_string_to_unsigned (text, 10, 1000, 9999, &year, NULL))
    return 0;
  return (int) year;
}

static int
parse_month (const char *text)
{
  guint64 month = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, 12, &month, NULL))
    return 0;
  return (int) month;
}

static const char *
keep (CrrcDrilldownDialog *self,
      const char          *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strdup (text);
  g_ptr_array_add (self->strings, copy);
  return copy;
}

/* What the activated item counts, from its chart's id, category key and
 * series name (app/crrc-observatoire-charts.c). */
static void
derive_drill (CrrcDrilldownDialog *self,
              const char          *chart_id,
              const char          *key,
              const char          *series)
{
  CrrcQueryDrill *drill = &self->drill;

  memset (drill, 0, sizeof *drill);
  drill->kind = CRRC_QUERY_DRILL_INCIDENTS;

  if (chart_id == NULL)
    return;

  if (g_str_equal (chart_id, "carte-des-departements"))
    {
      drill->department = keep (self, key);
    }
  else if (g_str_equal (chart_id, "incidents-par-annee"))
    {
      drill->year = parse_year (key);
    }
  else if (g_str_equal (chart_id, "incidents-par-mois"))
    {
      /* The series are the filter's year and the previous one. */
      drill->month = parse_month (key);
      drill->year = parse_year (series);
    }
  else if (g_str_equal (chart_id, "origine"))
    {
      drill->origin = keep (self, key);
    }
  else if (g_str_equal (chart_id, "types-d-incidents"))
    {
      drill->type = keep (self, key);
    }
  else if (g_str_equal (chart_id, "impact-sur-le-fonctionnement"))
    {
      /* The series are named by their (translated) labels. */
      drill->year = parse_year (key);
      if (series != NULL)
        {
          const char *impact = crrc_observatoire_get_key (CRRC_OBSERVATOIRE_IMPACTS, series);

          drill->functioning_impact = keep (self, impact != NULL ? impact : series);
        }
    }
  else if (g_str_equal (chart_id, "declarants-par-secteur"))
    {
      if (g_strcmp0 (key, "unknown") == 0)
        drill->unknown_establishments = TRUE;
      else
        drill->sector = keep (self, key);
    }
  else if (g_str_equal (chart_id, "audits-par-cible"))
    {
      drill->kind = CRRC_QUERY_DRILL_AUDITS;
      drill->audit_target = keep (self, key);
    }
  else if (g_str_equal (chart_id, "entonnoir-de-prevention"))
    {
      if (g_strcmp0 (key, "alerted") == 0)
        drill->kind = CRRC_QUERY_DRILL_ALERTS;
      else if (g_strcmp0 (key, "audited") == 0)
        drill->kind = CRRC_QUERY_DRILL_AUDITS;
      else if (g_strcmp0 (key, "supported") == 0)
        drill->kind = CRRC_QUERY_DRILL_CERT_SUPPORTED;
    }
  else if (g_str_has_prefix (chart_id, "kpi-"))
    {
      /* A tile, or a year of its sparkline. */
      drill->year = parse_year (key);
      if (g_str_equal (chart_id, "kpi-malicious"))
        drill->origin = "malicious";
      else if (g_str_equal (chart_id, "kpi-patient-care"))
        drill->kind = CRRC_QUERY_DRILL_PATIENT_CARE;
      else if (g_str_equal (chart_id, "kpi-no-functioning-impact"))
        drill->functioning_impact = "none";
      else if (g_str_equal (chart_id, "kpi-support-requests"))
        drill->kind = CRRC_QUERY_DRILL_SUPPORT_REQUESTS;
      else if (g_str_equal (chart_id, "kpi-cert-supported"))
        drill->kind = CRRC_QUERY_DRILL_CERT_SUPPORTED;
      else if (g_str_equal (chart_id, "kpi-audits"))
        drill->kind = CRRC_QUERY_DRILL_AUDITS;
      else if (g_str_equal (chart_id, "kpi-alerted"))
        drill->kind = CRRC_QUERY_DRILL_ALERTS;
    }
}

static gboolean
counts_incidents (CrrcQueryDrillKind kind)
{
  return kind != CRRC_QUERY_DRILL_AUDITS && kind != CRRC_QUERY_DRILL_ALERTS;
}

/* "Côte-d'Or (21) — March 2023 — Ransomware — incidents". */
static char *
describe (CrrcDrilldownDialog *self)
{
  const CrrcQueryDrill *drill = &self->drill;
  CrrcQueryFilter words = self->filter;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  int year = drill->year != 0 ? drill->year : self->filter.year;
  const char *what;

  if (drill->department != NULL)
    {
      /* A department says its region. */
      words.department = drill->department;
      words.region = NULL;
    }
  if (drill->sector != NULL)
    words.sector = drill->sector;
  if (drill->origin != NULL)
    words.origin = drill->origin;
  if (!counts_incidents (drill->kind))
    words.origin = NULL;

  g_ptr_array_add (parts, crrc_observatoire_describe_scope (&words, drill->month != 0 ? 0 : year));
  if (drill->month != 0 && year > 0)
    {
      g_autoptr(GDateTime) month = g_date_time_new_utc (year, drill->month, 1, 0, 0, 0);

      /* Translators: a month and its year, in strftime() format: "March 2023". */
      g_ptr_array_add (parts, g_date_time_format (month, C_("drill-down month", "%B %Y")));
    }
  if (drill->unknown_establishments)
    g_ptr_array_add (parts, g_strdup (_("Unknown establishments")));
  if (drill->type != NULL && counts_incidents (drill->kind))
    g_ptr_array_add (parts, g_strdup (crrc_observatoire_get_label (CRRC_OBSERVATOIRE_TYPES, drill->type)));
  if (drill->functioning_impact != NULL && counts_incidents (drill->kind))
    g_ptr_array_add (parts, g_strdup (crrc_observatoire_get_label (CRRC_OBSERVATOIRE_IMPACTS,
                                                                   drill->functioning_impact)));
  if (drill->audit_target != NULL)
    g_ptr_array_add (parts, g_strdup (crrc_observatoire_get_label (CRRC_OBSERVATOIRE_AUDIT_TARGETS,
                                                                   drill->audit_target)));

  switch (drill->kind)
    {
    case CRRC_QUERY_DRILL_PATIENT_CARE:
      what = _("incidents affecting patient care");
      break;
    case CRRC_QUERY_DRILL_SUPPORT_REQUESTS:
      what = _("support requests");
      break;
    case CRRC_QUERY_DRILL_CERT_SUPPORTED:
      what = _("supported by CERT Santé");
      break;
    case CRRC_QUERY_DRILL_AUDITS:
      what = _("cybersurveillance audits");
      break;
    case CRRC_QUERY_DRILL_ALERTS:
      what = _("alerts");
      break;
    case CRRC_QUERY_DRILL_INCIDENTS:
    default:
      what = _("incidents");
      break;
    }
  g_ptr_array_add (parts, g_strdup (what));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" — ", (char **) parts->pdata);
}

static const char *
count_title (CrrcQueryDrillKind kind)
{
  switch (kind)
    {
    case CRRC_QUERY_DRILL_SUPPORT_REQUESTS:
      return _("Requests");
    case CRRC_QUERY_DRILL_AUDITS:
      return _("Audits");
    case CRRC_QUERY_DRILL_ALERTS:
      return _("Alerts");
    case CRRC_QUERY_DRILL_INCIDENTS:
    case CRRC_QUERY_DRILL_PATIENT_CARE:
    case CRRC_QUERY_DRILL_CERT_SUPPORTED:
    default:
      return _("Incidents");
    }
}

/* The text of one cell. */
static char *
cell_text (const CrrcQueryEstablishment *row,
           Column                        column)
{
  switch (column)
    {
    case COLUMN_NAME:
      return g_strdup (row->name != NULL ? row->name : _("Unknown establishment"));
    case COLUMN_FINESS:
      return crrc_finess_format (row->finess);
    case COLUMN_CATEGORY:
      if (row->category_label != NULL)
        return g_strdup (row->category_label);
      return g_strdup (row->category != NULL ? row->category : "—");
    case COLUMN_COMMUNE:
      {
        const CrrcDepartment *department = row->department != NULL
                                           ? crrc_geo_lookup_department (row->department) : NULL;

        if (row->postal_line != NULL)
          return g_strdup (row->postal_line);
        if (row->commune != NULL && department != NULL)
          /* Translators: an INSEE commune code and its department: "21231 (Côte-d'Or)". */
          return g_strdup_printf (_("%s (%s)"), row->commune, department->name);
        if (department != NULL)
          return g_strdup (department->name);
        return g_strdup (row->commune != NULL ? row->commune : "—");
      }
    case COLUMN_COUNT:
      return row->count >= 0 ? crrc_format_count (row->count) : g_strdup ("—");
    default:
      g_assert_not_reached ();
    }
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (column == COLUMN_COUNT)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    }
  if (column == COLUMN_FINESS)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  CrrcDrilldownItem *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *cell = cell_text (row->row, column);
  g_autofree char *text = crrc_display_text (cell);

  gtk_label_set_text (GTK_LABEL (label), text);
  /* The full text when it is cut. */
  gtk_widget_set_tooltip_text (label, column == COLUMN_COUNT ? NULL : text);
}

static GtkColumnViewColumn *
add_column (CrrcDrilldownDialog *self,
            const char          *title,
            Column               column,
            gboolean             expand,
            int                  fixed_width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  gtk_column_view_append_column (GTK_COLUMN_VIEW (self->column_view), view_column);
  g_object_unref (view_column);

  return view_column;
}

/* The work of the thread: its own copies of everything. */
typedef struct
{
  CrrcStore                    *store;
  CrrcQueryFilter               filter;
  CrrcQueryDrill                drill;
  GPtrArray                    *strings;
  GPtrArray                    *rows;
  CrrcQueryEstablishmentsTotal  total;
  CrrcDrilldownListFunc         list_func;
  gpointer                      list_data;   /* the dialog's, alive with the task */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->store);
  g_clear_pointer (&job->strings, g_ptr_array_unref);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_free (job);
}

static const char *
job_keep (Job        *job,
          const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strdup (text);
  g_ptr_array_add (job->strings, copy);
  return copy;
}

static Job *
job_new (CrrcDrilldownDialog *self)
{
  Job *job = g_new0 (Job, 1);

  job->store = g_object_ref (self->store);
  job->strings = g_ptr_array_new_with_free_func (g_free);
  job->filter.year = self->filter.year;
  job->filter.region = job_keep (job, self->filter.region);
  job->filter.department = job_keep (job, self->filter.department);
  job->filter.sector = job_keep (job, self->filter.sector);
  job->filter.origin = job_keep (job, self->filter.origin);
  job->drill = self->drill;
  job->drill.department = job_keep (job, self->drill.department);
  job->drill.sector = job_keep (job, self->drill.sector);
  job->drill.origin = job_keep (job, self->drill.origin);
  job->drill.type = job_keep (job, self->drill.type);
  job->drill.functioning_impact = job_keep (job, self->drill.functioning_impact);
  job->drill.audit_target = job_keep (job, self->drill.audit_target);
  job->list_func = self->list_func;
  job->list_data = self->list_data;

  return job;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CrrcStore) reader = NULL;
  GError *error = NULL;

  reader = crrc_store_open_reader (job->store, &error);
  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  if (job->list_func != NULL)
    {
      job->rows = job->list_func (reader, job->list_data, CRRC_DRILLDOWN_DIALOG_LIMIT,
                                  &job->total.establishments, &error);
      if (job->rows == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  job->rows = crrc_query_establishments (reader, &job->filter, &job->drill, CRRC_DRILLDOWN_DIALOG_LIMIT,
                                         &error);
  if (job->rows == NULL ||
      !crrc_query_establishments_total (reader, &job->filter, &job->drill, &job->total, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
show_error (CrrcDrilldownDialog *self,
            const GError        *error)
{
  /* The status page's description is markup. */
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  adw_status_page_set_description (ADW_STATUS_PAGE (self->error_page), escaped);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "error");
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CrrcDrilldownDialog *self = CRRC_DRILLDOWN_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Cannot list the establishments of %s: %s", self->scope, error->message);
          show_error (self, error);
        }
      return;
    }

  /* The items take the rows. */
  g_ptr_array_set_free_func (job->rows, NULL);
  for (guint i = 0; i < job->rows->len; i++)
    {
      CrrcDrilldownItem *item = g_object_new (CRRC_TYPE_DRILLDOWN_ITEM, NULL);

      item->row = g_ptr_array_index (job->rows, i);
      g_list_store_append (self->rows, item);
      g_object_unref (item);
    }
  g_ptr_array_set_size (job->rows, 0);
  self->n_rows = (int) g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  self->n_total = MAX (job->total.establishments, self->n_rows);

  count = crrc_format_count (self->n_total);
  if (self->n_total > self->n_rows)
    {
      g_autofree char *shown = crrc_format_count (self->n_rows);

      /* Translators: "500 of 1 234 establishments": the list is cut. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s establishment", "%s of %s establishments",
                                           (gulong) self->n_total), shown, count);
    }
  else
    {
      /* Translators: the number of establishments listed. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s establishment", "%s establishments",
                                           (gulong) self->n_total), count);
    }
  gtk_label_set_text (GTK_LABEL (self->count_label), text);

  if (self->n_rows == 0)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      return;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
  gtk_widget_grab_focus (self->column_view);
}

/* Enter or a double-click on a row opens that establishment in the
 * Établissements page of the window the dialog belongs to, and closes the
 * dialog. A FINESS number the registry does not know has nothing to open. */
static void
row_activated_cb (CrrcDrilldownDialog *self,
                  guint                position)
{
  g_autoptr(CrrcDrilldownItem) item = g_list_model_get_item (G_LIST_MODEL (self->rows), position);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (item == NULL || item->row->name == NULL || parent == NULL)
    return;

  if (gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-establishment", "s", item->row->finess))
    gtk_window_close (GTK_WINDOW (self));
}

static void
load (CrrcDrilldownDialog *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, load_done_cb, NULL);

  g_task_set_source_tag (task, load);
  g_task_set_name (task, "crrc-drilldown-load");
  g_task_set_task_data (task, job_new (self), job_free);
  g_task_run_in_thread (task, load_thread);
}

static gboolean
crrc_drilldown_dialog_close_request (GtkWindow *window)
{
  CrrcDrilldownDialog *self = CRRC_DRILLDOWN_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (crrc_drilldown_dialog_parent_class)->close_request (window);
}

static void
crrc_drilldown_dialog_dispose (GObject *object)
{
  CrrcDrilldownDialog *self = CRRC_DRILLDOWN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (crrc_drilldown_dialog_parent_class)->dispose (object);
}

static void
crrc_drilldown_dialog_finalize (GObject *object)
{
  CrrcDrilldownDialog *self = CRRC_DRILLDOWN_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->scope, g_free);
  if (self->list_destroy != NULL)
    g_clear_pointer (&self->list_data, self->list_destroy);

  G_OBJECT_CLASS (crrc_drilldown_dialog_parent_class)->finalize (object);
}

static void
crrc_drilldown_dialog_class_init (CrrcDrilldownDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = crrc_drilldown_dialog_dispose;
  object_class->finalize = crrc_drilldown_dialog_finalize;
  window_class->close_request = crrc_drilldown_dialog_close_request;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
new_title (CrrcDrilldownDialog *self)
{
  /* As an AdwWindowTitle, with plain-text labels: the scope may come from
   * the preferences. */
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new (_("Establishments Concerned"));

  self->title_label = title;

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_label_set_single_line_mode (GTK_LABEL (title), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "title");
  gtk_box_append (GTK_BOX (box), title);

  self->subtitle_label = gtk_label_new (NULL);
  gtk_label_set_single_line_mode (GTK_LABEL (self->subtitle_label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (self->subtitle_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->subtitle_label, "subtitle");
  gtk_box_append (GTK_BOX (box), self->subtitle_label);

  return box;
}

static void
crrc_drilldown_dialog_init (CrrcDrilldownDialog *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *list_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkNoSelection *selection;

  self->empty_page = empty;

  self->strings = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  self->rows = g_list_store_new (CRRC_TYPE_DRILLDOWN_ITEM);
  self->n_rows = -1;
  self->n_total = -1;

  gtk_window_set_title (GTK_WINDOW (self), _("Establishments Concerned"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), new_title (self));
  gtk_box_append (GTK_BOX (content), header);

  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_box_append (GTK_BOX (content), self->stack);

  /* Loading. */
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (GTK_STACK (self->stack), spinner, "loading");

  /* The list. */
  gtk_widget_set_margin_top (list_box, 12);
  gtk_widget_set_margin_bottom (list_box, 12);
  gtk_widget_set_margin_start (list_box, 12);
  gtk_widget_set_margin_end (list_box, 12);
  self->count_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->count_label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (self->count_label), TRUE);
  gtk_widget_add_css_class (self->count_label, "heading");
  gtk_box_append (GTK_BOX (list_box), self->count_label);

  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  self->column_view = gtk_column_view_new (GTK_SELECTION_MODEL (selection));
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (self->column_view), FALSE);
  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (self->column_view), TRUE);
  gtk_widget_add_css_class (self->column_view, "data-table");
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Establishments Concerned"),
                                  -1);
  /* The name gets the most room, then the category. */
  add_column (self, _("Name"), COLUMN_NAME, TRUE, 220);
  add_column (self, _("FINESS"), COLUMN_FINESS, FALSE, 104);
  add_column (self, _("Category"), COLUMN_CATEGORY, TRUE, 120);
  add_column (self, _("Commune"), COLUMN_COMMUNE, FALSE, 140);
  self->count_column = add_column (self, _("Incidents"), COLUMN_COUNT, FALSE, 80);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->column_view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_widget_set_overflow (scrolled, GTK_OVERFLOW_HIDDEN);
  gtk_box_append (GTK_BOX (list_box), scrolled);
  gtk_stack_add_named (GTK_STACK (self->stack), list_box, "list");

  /* Nothing. */
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Establishments"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("No establishment has this figure’s events under the chosen "
                                     "filters. Widen the filters of the Observatoire to see more."));
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");

  /* A failure. */
  self->error_page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->error_page), "dialog-error-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->error_page), _("Cannot List the Establishments"));
  gtk_stack_add_named (GTK_STACK (self->stack), self->error_page, "error");

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
  adw_window_set_content (ADW_WINDOW (self), content);
}

/**
 * crrc_drilldown_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @store: the cache (only its path is used: the list is read on a
 *   connection of its own)
 * @filter: the Observatoire's filters (copied)
 * @chart_id: the activated chart's id
 * @category_key: (nullable): the activated item's category key
 * @series_name: (nullable): the activated item's series name
 *
 * Returns: (transfer none): the dialog, loading; present it
 */
CrrcDrilldownDialog *
crrc_drilldown_dialog_new (GtkWindow             *parent,
                           CrrcStore             *store,
                           const CrrcQueryFilter *filter,
                           const char            *chart_id,
                           const char            *category_key,
                           const char            *series_name)
{
  CrrcDrilldownDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  self = g_object_new (CRRC_TYPE_DRILLDOWN_DIALOG, NULL);
  /* Transient only: the application's active window stays the main one. */
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);

  self->store = g_object_ref (store);
  self->filter.year = filter->year;
  self->filter.region = keep (self, filter->region);
  self->filter.department = keep (self, filter->department);
  self->filter.sector = keep (self, filter->sector);
  self->filter.origin = keep (self, filter->origin);
  derive_drill (self, chart_id, category_key, series_name);

  self->scope = describe (self);
  gtk_label_set_text (GTK_LABEL (self->subtitle_label), self->scope);
  gtk_widget_set_tooltip_text (self->subtitle_label, self->scope);
  gtk_column_view_column_set_title (self->count_column, count_title (self->drill.kind));

  load (self);

  return self;
}

/**
 * crrc_drilldown_dialog_new_for_list:
 * @parent: (nullable): the window it belongs to
 * @store: the cache (only its path is used: the list is read on a
 *   connection of its own)
 * @title: (nullable): what the list is, "Establishments Concerned" when
 *   %NULL
 * @scope: what it is of, in words (plain text)
 * @count_title: (nullable): the title of the count column, hidden when
 *   %NULL
 * @list: reads the rows, in a worker thread
 * @user_data: given to @list
 * @destroy: (nullable): frees @user_data
 *
 * Returns: (transfer none): the dialog, loading; present it
 */
CrrcDrilldownDialog *
crrc_drilldown_dialog_new_for_list (GtkWindow             *parent,
                                    CrrcStore             *store,
                                    const char            *title,
                                    const char            *scope,
                                    const char            *count_title,
                                    CrrcDrilldownListFunc  list,
                                    gpointer               user_data,
                                    GDestroyNotify         destroy)
{
  CrrcDrilldownDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (list != NULL, NULL);

  self = g_object_new (CRRC_TYPE_DRILLDOWN_DIALOG, NULL);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);

  self->store = g_object_ref (store);
  self->list_func = list;
  self->list_data = user_data;
  self->list_destroy = destroy;
  memset (&self->drill, 0, sizeof self->drill);

  if (title != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), title);
      gtk_label_set_text (GTK_LABEL (self->title_label), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
    }
  self->scope = g_strdup (scope);
  gtk_label_set_text (GTK_LABEL (self->subtitle_label), self->scope);
  gtk_widget_set_tooltip_text (self->subtitle_label, self->scope);
  if (count_title != NULL)
    {
      gtk_column_view_column_set_title (self->count_column, count_title);
      gtk_column_view_column_set_fixed_width (self->count_column, 110);
    }
  else
    gtk_column_view_column_set_visible (self->count_column, FALSE);
  adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page),
                                   _("No establishment is behind this figure any more: the data may "
                                     "have changed since the chart was drawn."));

  load (self);

  return self;
}

const char *
crrc_drilldown_dialog_get_scope (CrrcDrilldownDialog *self)
{
  g_return_val_if_fail (CRRC_IS_DRILLDOWN_DIALOG (self), NULL);

  return self->scope;
}

int
crrc_drilldown_dialog_get_n_rows (CrrcDrilldownDialog *self)
{
  g_return_val_if_fail (CRRC_IS_DRILLDOWN_DIALOG (self), -1);

  return self->n_rows;
}

gint64
crrc_drilldown_dialog_get_n_total (CrrcDrilldownDialog *self)
{
  g_return_val_if_fail (CRRC_IS_DRILLDOWN_DIALOG (self), -1);

  return self->n_total;
}

const CrrcQueryEstablishment *
crrc_drilldown_dialog_get_row (CrrcDrilldownDialog *self,
                               guint                position)
{
  g_autoptr(CrrcDrilldownItem) item = NULL;

  g_return_val_if_fail (CRRC_IS_DRILLDOWN_DIALOG (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->rows), position);
  /* The store keeps the item, and so the row, alive. */
  return item != NULL ? item->row : NULL;
}

const CrrcQueryDrill *
crrc_drilldown_dialog_get_drill (CrrcDrilldownDialog *self)
{
  g_return_val_if_fail (CRRC_IS_DRILLDOWN_DIALOG (self), NULL);

  return &self->drill;
}

const CrrcQueryFilter *
crrc_drilldown_dialog_get_filter (CrrcDrilldownDialog *self)
{
  g_return_val_if_fail (CRRC_IS_DRILLDOWN_DIALOG (self), NULL);

  return &self->filter;
}
