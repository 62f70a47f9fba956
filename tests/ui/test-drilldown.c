/* test-drilldown.c: the establishments behind a figure of the Observatoire
 *
 * The application loads its demonstration data (show-demo-data on, empty
 * cache); the drill-down window then opens as the Observatoire opens it,
 * for a department of the map, for a hostile key and for a list longer
 * than the limit, and closes with Escape.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "crrc-application.h"
#include "crrc-drilldown-dialog.h"
#include "crrc-finess.h"
#include "crrc-geo.h"
#include "crrc-format.h"
#include "crrc-observatoire-charts.h"
#include "crrc-query.h"
#include "crrc-query-establishments.h"
#include "crrc-sync-page.h"
#include "crrc-window.h"
#include "ui-test-utils.h"

/* The demonstration feed syncs in a second or two, but not always under
 * the sanitizers. */
#define SYNC_TIMEOUT 90
#define LOAD_TIMEOUT 30

static const char *
tr (const char *en,
    const char *fr)
{
  return ui_test_expect_french () ? fr : en;
}

static gboolean
synced (CrrcSyncPage *page)
{
  g_autoptr(GDateTime) last_success = crrc_sync_page_dup_last_success (page);

  return last_success != NULL && !crrc_sync_page_get_busy (page);
}

static void
wait_for_demo (CrrcApplication *app)
{
  CrrcSyncPage *page = CRRC_SYNC_PAGE (gtk_widget_get_template_child (GTK_WIDGET (ui_test_get_window (app)),
                                                                      CRRC_TYPE_WINDOW, "sync_page"));

  g_assert_nonnull (page);
  UI_TEST_WAIT_FOR_SECONDS (synced (page), SYNC_TIMEOUT);
}

/* A visible label of @widget or its descendants whose text is @text. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static CrrcDrilldownDialog *
open_dialog (CrrcApplication       *app,
             const CrrcQueryFilter *filter,
             const char            *chart_id,
             const char            *key,
             const char            *series)
{
  CrrcDrilldownDialog *dialog = crrc_drilldown_dialog_new (GTK_WINDOW (ui_test_get_window (app)),
                                                           crrc_application_get_store (app),
                                                           filter, chart_id, key, series);

  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) ==
                 GTK_WINDOW (ui_test_get_window (app)));
  gtk_window_present (GTK_WINDOW (dialog));
  UI_TEST_WAIT_FOR_SECONDS (crrc_drilldown_dialog_get_n_rows (dialog) >= 0, LOAD_TIMEOUT);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  ui_test_settle ();

  return dialog;
}

/* Escape closes the window, which goes away. */
static void
close_with_escape (CrrcDrilldownDialog *dialog)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  ui_test_type_keys (GTK_WINDOW (dialog), "Escape");
  WAIT_FOR (dialog == NULL);
}

static char *
establishments_text (gint64 n)
{
  g_autofree char *count = crrc_format_count (n);

  if (ui_test_expect_french ())
    return g_strdup_printf (n == 1 ? "%s établissement" : "%s établissements", count);
  return g_strdup_printf (n == 1 ? "%s establishment" : "%s establishments", count);
}

static void
department_body (CrrcApplication *app,
                 gconstpointer    data)
{
  CrrcQueryFilter filter = { .year = 2023 };
  CrrcDrilldownDialog *dialog;
  g_autoptr(GArray) departments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *finess = NULL;
  const CrrcQueryEstablishment *first;
  gint64 expected = -1;
  gint64 sum = 0;
  int n_rows;

  wait_for_demo (app);

  /* The map's figure for Côte-d'Or, as the chart reads it. */
  departments = crrc_query_count_incidents_filtered (crrc_application_get_store (app),
                                                     CRRC_QUERY_BY_DEPARTMENT, &filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < departments->len; i++)
    if (g_strcmp0 (g_array_index (departments, CrrcQueryCount, i).key, "21") == 0)
      expected = g_array_index (departments, CrrcQueryCount, i).count;
  g_assert_cmpint (expected, >, 0);

  dialog = open_dialog (app, &filter, "carte-des-departements", "21", tr ("Incidents", "Incidents"));

  g_assert_cmpstr (crrc_drilldown_dialog_get_drill (dialog)->department, ==, "21");
  g_assert_cmpint (crrc_drilldown_dialog_get_drill (dialog)->kind, ==, CRRC_QUERY_DRILL_INCIDENTS);
  g_assert_cmpstr (crrc_drilldown_dialog_get_scope (dialog), ==,
                   tr ("Côte-d'Or (21) — 2023 — incidents", "Côte-d'Or (21) — 2023 — incidents"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==,
                   tr ("Establishments Concerned", "Établissements concernés"));

  /* All in the department, and they add up to its figure. */
  n_rows = crrc_drilldown_dialog_get_n_rows (dialog);
  g_assert_cmpint (n_rows, >, 0);
  g_assert_cmpint (crrc_drilldown_dialog_get_n_total (dialog), ==, n_rows);
  for (int i = 0; i < n_rows; i++)
    {
      const CrrcQueryEstablishment *row = crrc_drilldown_dialog_get_row (dialog, (guint) i);

      g_assert_nonnull (row);
      g_assert_cmpstr (row->department, ==, "21");
      sum += row->count;
    }
  g_assert_null (crrc_drilldown_dialog_get_row (dialog, (guint) n_rows));
  g_assert_cmpint (sum, ==, expected);

  /* What is on screen: the header, the count line, the columns, the
   * busiest establishment first with its FINESS number spaced. */
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), tr ("Establishments Concerned", "Établissements concernés")));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), crrc_drilldown_dialog_get_scope (dialog)));
  count_text = establishments_text (n_rows);
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), count_text));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), tr ("Name", "Nom")));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), tr ("Category", "Catégorie")));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), tr ("Commune", "Commune")));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), tr ("Incidents", "Incidents")));
  first = crrc_drilldown_dialog_get_row (dialog, 0);
  finess = crrc_finess_format (first->finess);
  g_assert_cmpuint (strlen (finess), ==, 12);
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), finess));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), first->name));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_COLUMN_VIEW));
  g_assert_null (find_widget (GTK_WIDGET (dialog), ADW_TYPE_STATUS_PAGE));

  close_with_escape (dialog);
}

static void
test_department (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  ui_test_run_app (department_body, NULL);
}

static void
other_lists_body (CrrcApplication *app,
                  gconstpointer    data)
{
  CrrcQueryFilter filter = { .year = 2023 };
  CrrcQueryFilter all_years = { 0 };
  CrrcDrilldownDialog *dialog;
  g_autofree char *cut = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *total = NULL;
  GtkWidget *status;

  wait_for_demo (app);

  /* A key that is no origin, however it is written: nothing, said so. */
  dialog = open_dialog (app, &filter, "origine", "21' OR 1=1 --", NULL);
  g_assert_cmpint (crrc_drilldown_dialog_get_n_rows (dialog), ==, 0);
  g_assert_cmpint (crrc_drilldown_dialog_get_n_total (dialog), ==, 0);
  status = find_widget (GTK_WIDGET (dialog), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                   tr ("No Establishments", "Aucun établissement"));
  g_assert_null (find_widget (GTK_WIDGET (dialog), GTK_TYPE_COLUMN_VIEW));
  close_with_escape (dialog);

  /* Audits of hospital centres: the count column says what it counts. */
  dialog = open_dialog (app, &filter, "audits-par-cible", "centre_hospitalier", tr ("Audits", "Audits"));
  g_assert_cmpint (crrc_drilldown_dialog_get_drill (dialog)->kind, ==, CRRC_QUERY_DRILL_AUDITS);
  g_assert_cmpint (crrc_drilldown_dialog_get_n_rows (dialog), >, 0);
  for (int i = 0; i < crrc_drilldown_dialog_get_n_rows (dialog); i++)
    {
      const char *category = crrc_drilldown_dialog_get_row (dialog, (guint) i)->category;

      g_assert_true (g_strcmp0 (category, "355") == 0 || g_strcmp0 (category, "101") == 0);
    }
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), tr ("Audits", "Audits")));
  g_assert_true (g_str_has_suffix (crrc_drilldown_dialog_get_scope (dialog),
                                   tr ("Hospital centres — cybersurveillance audits",
                                       "Centres hospitaliers — audits de cybersurveillance")));
  close_with_escape (dialog);

  /* Every incident of every year: more establishments than are listed. */
  dialog = open_dialog (app, &all_years, "kpi-incidents", NULL, NULL);
  g_assert_cmpint (crrc_drilldown_dialog_get_n_rows (dialog), ==, CRRC_DRILLDOWN_DIALOG_LIMIT);
  g_assert_cmpint (crrc_drilldown_dialog_get_n_total (dialog), >, CRRC_DRILLDOWN_DIALOG_LIMIT);
  shown = crrc_format_count (CRRC_DRILLDOWN_DIALOG_LIMIT);
  total = crrc_format_count (crrc_drilldown_dialog_get_n_total (dialog));
  if (ui_test_expect_french ())
    cut = g_strdup_printf ("%s établissements sur %s", shown, total);
  else
    cut = g_strdup_printf ("%s of %s establishments", shown, total);
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), cut));
  close_with_escape (dialog);
}

static void
test_other_lists (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  ui_test_run_app (other_lists_body, NULL);
}

/* The item of @series with the largest value in @model. */
static int
busiest (CrrcChartModel *model,
         guint           series)
{
  int best = -1;

  for (guint c = 0; c < crrc_chart_model_get_n_categories (model); c++)
    {
      double value = crrc_chart_model_get_value (model, series, c);

      if (!isnan (value) && value > 0 &&
          (best < 0 || value > crrc_chart_model_get_value (model, series, (guint) best)))
        best = (int) c;
    }
  g_assert_cmpint (best, >=, 0);
  return best;
}

/* Every chart of the Observatoire, as the page builds it: its busiest item
 * drills into a list that adds up to the item's value. */
static void
every_chart_body (CrrcApplication *app,
                  gconstpointer    data)
{
  CrrcQueryFilter filter = { .year = 2023, .region = "27" };
  g_autoptr(GPtrArray) charts = NULL;
  g_autoptr(GError) error = NULL;

  wait_for_demo (app);
  charts = crrc_observatoire_charts_build (crrc_application_get_store (app), &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (charts->len, ==, 9);

  for (guint i = 0; i < charts->len; i++)
    {
      CrrcChartModel *model = g_ptr_array_index (charts, i);
      const char *id = crrc_chart_model_get_id (model);
      /* The month chart's previous year, the impact's degraded functioning:
       * a series other than the first. */
      guint series = crrc_chart_model_get_n_series (model) > 1 ? 1 : 0;
      int category = busiest (model, series);
      gint64 value = (gint64) crrc_chart_model_get_value (model, series, (guint) category);
      CrrcDrilldownDialog *dialog = open_dialog (app, &filter, id,
                                                 crrc_chart_model_get_category_key (model, (guint) category),
                                                 crrc_chart_model_get_series_name (model, series));
      int n_rows = crrc_drilldown_dialog_get_n_rows (dialog);
      gint64 sum = 0;

      g_test_message ("%s: %s, %s = %" G_GINT64_FORMAT " → %s", id,
                      crrc_chart_model_get_category_key (model, (guint) category),
                      crrc_chart_model_get_series_name (model, series), value,
                      crrc_drilldown_dialog_get_scope (dialog));
      g_assert_cmpint (n_rows, >, 0);
      g_assert_cmpint (crrc_drilldown_dialog_get_n_total (dialog), ==, n_rows);
      for (int r = 0; r < n_rows; r++)
        {
          const CrrcQueryEstablishment *row = crrc_drilldown_dialog_get_row (dialog, (guint) r);

          /* The region's establishments only. */
          g_assert_cmpstr (crrc_geo_region_for_department (row->department), ==, "27");
          sum += row->count;
        }

      /* Structures are counted once; the other charts count events. */
      if (g_str_equal (id, "declarants-par-secteur") || g_str_equal (id, "entonnoir-de-prevention"))
        g_assert_cmpint (n_rows, ==, value);
      else
        g_assert_cmpint (sum, ==, value);

      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

static void
test_every_chart (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  ui_test_run_app (every_chart_body, NULL);
}

/* A cache that cannot be read: the error, in words, in the window. */
static void
error_body (CrrcApplication *app,
            gconstpointer    data)
{
  g_autofree char *path = g_build_filename (ui_test_dir, "gone.db", NULL);
  g_autoptr(CrrcStore) gone = NULL;
  g_autoptr(GError) error = NULL;
  CrrcQueryFilter filter = { .year = 2023 };
  CrrcDrilldownDialog *dialog;
  GtkWidget *status;

  gone = crrc_store_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_remove (path), ==, 0);

  dialog = crrc_drilldown_dialog_new (GTK_WINDOW (ui_test_get_window (app)), gone, &filter,
                                      "carte-des-departements", "21", NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  UI_TEST_WAIT_FOR_SECONDS ((status = find_widget (GTK_WIDGET (dialog), ADW_TYPE_STATUS_PAGE)) != NULL,
                            LOAD_TIMEOUT);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                   tr ("Cannot List the Establishments", "Impossible d’afficher les établissements"));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), "gone.db"));
  g_assert_cmpint (crrc_drilldown_dialog_get_n_rows (dialog), ==, -1);
  g_assert_cmpint (crrc_drilldown_dialog_get_n_total (dialog), ==, -1);
  close_with_escape (dialog);
}

static void
test_error (void)
{
  ui_test_run_app (error_body, NULL);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  ui_test_add ("/ui/drilldown/department", test_department);
  ui_test_add ("/ui/drilldown/other-lists", test_other_lists);
  ui_test_add ("/ui/drilldown/every-chart", test_every_chart);
  ui_test_add ("/ui/drilldown/error", test_error);

  return ui_test_run ();
}
