/* test-etablissements.c: the Établissements page's list on the
 * demonstration data
 *
 * Typing in the search updates the count and the first row; a FINESS
 * number with spaces finds its establishment; a filter narrows; a header
 * sorts; Enter opens the detail and Alt+Left comes back to the list as it
 * was; a row of a drill-down opens its establishment. The application
 * loads its demonstration data (show-demo-data on). Expected figures
 * come from the data layer on a connection of the test's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "crrc-drilldown-dialog.h"
#include "crrc-establishment-list.h"
#include "crrc-establishments.h"
#include "crrc-etablissements-page.h"
#include "crrc-format.h"
#include "crrc-sync-page.h"
#include "ui-test-utils.h"

#define SYNC_TIMEOUT 90
#define LOAD_TIMEOUT 30

static gboolean
synced (CrrcSyncPage *page)
{
  g_autoptr(GDateTime) last_success = crrc_sync_page_dup_last_success (page);

  return last_success != NULL && !crrc_sync_page_get_busy (page);
}

static GObject *
window_child (CrrcApplication *app,
              const char      *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (ui_test_get_window (app)),
                                                  CRRC_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

static GtkWidget *
page_child (CrrcEtablissementsPage *page,
            const char             *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (page), CRRC_TYPE_ETABLISSEMENTS_PAGE, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
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

/* A mapped label of @widget or its descendants showing @text. */
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

/* The page shown, the demonstration data synced, the list loaded. */
static CrrcEtablissementsPage *
open_page (CrrcApplication *app)
{
  CrrcEtablissementsPage *page = CRRC_ETABLISSEMENTS_PAGE (window_child (app, "etablissements_page"));
  CrrcEstablishmentList *list = crrc_etablissements_page_get_list_model (page);

  UI_TEST_WAIT_FOR_SECONDS (synced (CRRC_SYNC_PAGE (window_child (app, "sync_page"))), SYNC_TIMEOUT);
  crrc_window_set_visible_page (ui_test_get_window (app), "etablissements");
  UI_TEST_WAIT_FOR_SECONDS (crrc_establishment_list_get_count (list) > 0 &&
                            !crrc_establishment_list_get_loading (list), LOAD_TIMEOUT);
  ui_test_settle ();

  return page;
}

static void
wait_list (CrrcEtablissementsPage *page)
{
  CrrcEstablishmentList *list = crrc_etablissements_page_get_list_model (page);

  UI_TEST_WAIT_FOR_SECONDS (!crrc_establishment_list_get_loading (list), LOAD_TIMEOUT);
  ui_test_settle ();
}

/* What the data layer counts for @filter, on a connection of the test's. */
static gint64
expected_count (CrrcApplication                *app,
                const CrrcEstablishmentsFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (crrc_application_get_store (app), &error);
  gint64 count = -1;

  g_assert_no_error (error);
  g_assert_true (crrc_establishments_count (reader, filter, &count, &error));
  g_assert_no_error (error);

  return count;
}

/* Rows the test looks at, kept alive until the end of the test. */
static GPtrArray *kept;

static gboolean
row_loaded (CrrcEtablissementsPage *page,
            guint                   position)
{
  g_autoptr(CrrcEstablishmentRow) row =
    g_list_model_get_item (G_LIST_MODEL (crrc_etablissements_page_get_list_model (page)), position);

  return row != NULL && !crrc_establishment_row_get_loading (row);
}

/* The row at @position once its page is fetched. */
static CrrcEstablishmentRow *
row_at (CrrcEtablissementsPage *page,
        guint                   position)
{
  CrrcEstablishmentRow *row;

  UI_TEST_WAIT_FOR_SECONDS (row_loaded (page, position), LOAD_TIMEOUT);
  row = g_list_model_get_item (G_LIST_MODEL (crrc_etablissements_page_get_list_model (page)), position);
  if (kept == NULL)
    kept = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (kept, row);

  return row;
}

/* The count label: the locale's number, then the word. */
static void
assert_count_label (CrrcEtablissementsPage *page,
                    gint64                  count)
{
  g_autofree char *number = crrc_format_count (count);
  const char *text = gtk_label_get_text (GTK_LABEL (page_child (page, "count_label")));

  g_assert_true (g_str_has_prefix (text, number));
  g_assert_true (text[strlen (number)] == ' ');
  if (!ui_test_expect_french ())
    g_assert_cmpstr (text + strlen (number), ==, count == 1 ? " establishment" : " establishments");
}

static void
search_body (CrrcApplication *app,
             gconstpointer    data)
{
  CrrcEtablissementsPage *page = open_page (app);
  CrrcWindow *window = ui_test_get_window (app);
  GtkWidget *entry = page_child (page, "search_entry");
  g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
  CrrcEstablishmentRow *first;
  gint64 all = crrc_establishment_list_get_count (crrc_etablissements_page_get_list_model (page));
  gint64 expected;

  g_assert_cmpint (all, ==, expected_count (app, filter));
  assert_count_label (page, all);

  /* Ctrl+F focuses the search; typed text searches, accents folded. */
  ui_test_type_keys (GTK_WINDOW (window), "ctrl+f");
  WAIT_FOR (gtk_root_get_focus (GTK_ROOT (window)) != NULL &&
            (gtk_root_get_focus (GTK_ROOT (window)) == entry ||
             gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry)));
  for (const char *c = "chenaie"; *c != '\0'; c++)
    {
      char key[2] = { *c, '\0' };

      ui_test_type_keys (GTK_WINDOW (window), key);
    }
  WAIT_FOR (g_strcmp0 (crrc_etablissements_page_get_query (page), "chenaie") == 0);
  wait_list (page);

  filter->text = g_strdup ("chenaie");
  expected = expected_count (app, filter);
  g_assert_cmpint (expected, >, 0);
  g_assert_cmpint (expected, <, all);
  g_assert_cmpint (crrc_establishment_list_get_count (crrc_etablissements_page_get_list_model (page)), ==, expected);
  assert_count_label (page, expected);
  first = row_at (page, 0);
  g_assert_nonnull (strstr (crrc_establishment_row_get_name (first), "Chênaie"));
  /* The first row is on screen, as plain text. */
  g_assert_nonnull (find_label (page_child (page, "column_view"), crrc_establishment_row_get_name (first)));

  /* A FINESS number with spaces finds the one establishment. */
  crrc_etablissements_page_set_query (page, "43 000 001 8");
  wait_list (page);
  g_assert_cmpint (crrc_establishment_list_get_count (crrc_etablissements_page_get_list_model (page)), ==, 1);
  g_assert_cmpstr (crrc_establishment_row_get_finess (row_at (page, 0)), ==, "430000018");
  assert_count_label (page, 1);

  /* Nothing found: the status page says so. */
  crrc_etablissements_page_set_query (page, "zzqqxx");
  wait_list (page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (page, "results_stack"))), ==, "empty");
  crrc_etablissements_page_set_query (page, NULL);
  wait_list (page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (page, "results_stack"))), ==, "results");
}

static void
test_search (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  ui_test_run_app (search_body, NULL);
  g_clear_pointer (&kept, g_ptr_array_unref);
}

static void
filter_sort_body (CrrcApplication *app,
                  gconstpointer    data)
{
  CrrcEtablissementsPage *page = open_page (app);
  CrrcEstablishmentList *list = crrc_etablissements_page_get_list_model (page);
  GtkColumnView *view = crrc_etablissements_page_get_view (page);
  g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
  GListModel *view_columns = gtk_column_view_get_columns (view);
  g_autoptr(GtkColumnViewColumn) incidents_column = g_list_model_get_item (view_columns, 5);
  g_autoptr(GtkColumnViewColumn) name_column = g_list_model_get_item (view_columns, 0);
  gint64 all = crrc_establishment_list_get_count (list);
  gint64 expected;
  gint64 previous;
  gboolean descending;

  /* A filter narrows: Côte-d'Or. */
  filter->department = g_strdup ("21");
  crrc_etablissements_page_set_filter (page, filter);
  wait_list (page);
  expected = expected_count (app, filter);
  g_assert_cmpint (expected, <, all);
  g_assert_cmpint (crrc_establishment_list_get_count (list), ==, expected);
  for (guint i = 0; i < MIN (expected, 50); i++)
    g_assert_cmpstr (crrc_establishment_row_get_data (row_at (page, i))->department, ==, "21");

  /* Bourgogne-Franche-Comté, with incidents (in any year). */
  g_clear_pointer (&filter->department, g_free);
  filter->region = g_strdup ("27");
  filter->incidents = CRRC_ESTABLISHMENTS_YES;
  crrc_etablissements_page_set_filter (page, filter);
  wait_list (page);
  g_assert_cmpint (crrc_establishment_list_get_count (list), ==, expected_count (app, filter));
  g_assert_cmpint (crrc_establishment_list_get_count (list), <, all);
  g_assert_cmpint (crrc_establishment_list_get_count (list), >, 1);

  /* The Incidents header, clicked twice: most incidents first. */
  gtk_column_view_sort_by_column (view, incidents_column, GTK_SORT_ASCENDING);
  wait_list (page);
  g_assert_cmpint (crrc_establishment_list_get_sort (list, &descending), ==, CRRC_ESTABLISHMENTS_SORT_INCIDENTS);
  g_assert_false (descending);
  gtk_column_view_sort_by_column (view, incidents_column, GTK_SORT_DESCENDING);
  wait_list (page);
  g_assert_cmpint (crrc_establishment_list_get_sort (list, &descending), ==, CRRC_ESTABLISHMENTS_SORT_INCIDENTS);
  g_assert_true (descending);
  previous = G_MAXINT64;
  for (guint i = 0; i < crrc_establishment_list_get_count (list); i++)
    {
      const CrrcEstablishmentsRow *row = crrc_establishment_row_get_data (row_at (page, i));

      g_assert_nonnull (row);
      g_assert_cmpint (row->incidents, <=, previous);
      g_assert_cmpint (row->incidents, >, 0);
      previous = row->incidents;
    }
  g_assert_cmpint (crrc_establishment_row_get_data (row_at (page, 0))->incidents, >,
                   crrc_establishment_row_get_data (row_at (page, crrc_establishment_list_get_count (list) - 1))->incidents);

  /* By name again. */
  gtk_column_view_sort_by_column (view, name_column, GTK_SORT_ASCENDING);
  wait_list (page);
  g_assert_cmpint (crrc_establishment_list_get_sort (list, &descending), ==, CRRC_ESTABLISHMENTS_SORT_NAME);
  g_assert_cmpint (g_ascii_strcasecmp (crrc_establishment_row_get_name (row_at (page, 0)),
                                       crrc_establishment_row_get_name (row_at (page, 1))), <=, 0);

  /* Reset leaves the search only. */
  g_signal_emit_by_name (page_child (page, "reset_button"), "clicked");
  wait_list (page);
  g_assert_cmpint (crrc_establishment_list_get_count (list), ==, all);
}

static void
test_filter_sort (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  ui_test_run_app (filter_sort_body, NULL);
  g_clear_pointer (&kept, g_ptr_array_unref);
}

static void
detail_body (CrrcApplication *app,
             gconstpointer    data)
{
  CrrcEtablissementsPage *page = open_page (app);
  CrrcWindow *window = ui_test_get_window (app);
  CrrcEstablishmentList *list = crrc_etablissements_page_get_list_model (page);
  GtkColumnView *view = crrc_etablissements_page_get_view (page);
  GtkSelectionModel *selection = gtk_column_view_get_model (view);
  GtkAdjustment *vadjustment =
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page_child (page, "scrolled_window")));
  g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
  g_autofree char *finess = NULL;
  double scroll;
  guint position = 30;

  filter->sector = g_strdup ("sanitaire");
  crrc_etablissements_page_set_filter (page, filter);
  wait_list (page);

  /* Scrolled down, a row selected and focused: Enter opens it. */
  gtk_adjustment_set_value (vadjustment, 600);
  ui_test_settle ();
  wait_list (page);
  scroll = gtk_adjustment_get_value (vadjustment);
  g_assert_cmpfloat (scroll, >, 0);
  UI_TEST_WAIT_FOR_SECONDS (!crrc_establishment_row_get_loading (row_at (page, position)), LOAD_TIMEOUT);
  finess = g_strdup (crrc_establishment_row_get_finess (row_at (page, position)));
  gtk_selection_model_select_item (selection, position, TRUE);
  g_signal_emit_by_name (view, "activate", position);
  WAIT_FOR (crrc_etablissements_page_get_showing_detail (page));
  g_assert_cmpstr (crrc_establishment_view_get_finess (crrc_etablissements_page_get_detail (page)), ==, finess);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (page, "stack"))), ==, "detail");

  /* Alt+Left: the list as it was. */
  ui_test_type_keys (GTK_WINDOW (window), "alt+Left");
  WAIT_FOR (!crrc_etablissements_page_get_showing_detail (page));
  ui_test_settle ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (page, "stack"))), ==, "list");
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, scroll);
  g_assert_true (gtk_selection_model_is_selected (selection, position));
  g_assert_cmpstr (crrc_etablissements_page_get_filter (page)->sector, ==, "sanitaire");
  g_assert_cmpint (crrc_establishment_list_get_count (list), ==, expected_count (app, filter));

  /* The search's Enter opens the selected row, or the first. */
  crrc_etablissements_page_set_query (page, "430000018");
  wait_list (page);
  crrc_etablissements_page_focus_search (page);
  ui_test_type_keys (GTK_WINDOW (window), "Return");
  WAIT_FOR (crrc_etablissements_page_get_showing_detail (page));
  g_assert_cmpstr (crrc_establishment_view_get_finess (crrc_etablissements_page_get_detail (page)), ==, "430000018");
  g_assert_true (crrc_etablissements_page_go_back (page));
  g_assert_false (crrc_etablissements_page_go_back (page));
}

static void
test_detail (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  ui_test_run_app (detail_body, NULL);
  g_clear_pointer (&kept, g_ptr_array_unref);
}

static void
drilldown_body (CrrcApplication *app,
                gconstpointer    data)
{
  CrrcEtablissementsPage *page = CRRC_ETABLISSEMENTS_PAGE (window_child (app, "etablissements_page"));
  CrrcQueryFilter filter = { .year = 2023 };
  CrrcDrilldownDialog *dialog;
  GtkWidget *view;
  g_autofree char *finess = NULL;

  UI_TEST_WAIT_FOR_SECONDS (synced (CRRC_SYNC_PAGE (window_child (app, "sync_page"))), SYNC_TIMEOUT);
  crrc_window_set_visible_page (ui_test_get_window (app), "observatoire");

  dialog = crrc_drilldown_dialog_new (GTK_WINDOW (ui_test_get_window (app)), crrc_application_get_store (app),
                                      &filter, "carte-des-departements", "21", NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  UI_TEST_WAIT_FOR_SECONDS (crrc_drilldown_dialog_get_n_rows (dialog) > 0, LOAD_TIMEOUT);
  WAIT_FOR ((view = find_widget (GTK_WIDGET (dialog), GTK_TYPE_COLUMN_VIEW)) != NULL);
  finess = g_strdup (crrc_drilldown_dialog_get_row (dialog, 0)->finess);

  /* Enter or a double-click on a row: the dialog closes, the page opens
   * the establishment. */
  g_signal_emit_by_name (view, "activate", 0);
  WAIT_FOR (dialog == NULL);
  g_assert_cmpstr (crrc_window_get_visible_page (ui_test_get_window (app)), ==, "etablissements");
  g_assert_true (crrc_etablissements_page_get_showing_detail (page));
  g_assert_cmpstr (crrc_establishment_view_get_finess (crrc_etablissements_page_get_detail (page)), ==, finess);
}

static void
test_drilldown (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  ui_test_run_app (drilldown_body, NULL);
  g_clear_pointer (&kept, g_ptr_array_unref);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  ui_test_add ("/ui/etablissements/search", test_search);
  ui_test_add ("/ui/etablissements/filter-sort", test_filter_sort);
  ui_test_add ("/ui/etablissements/detail", test_detail);
  ui_test_add ("/ui/etablissements/drilldown", test_drilldown);

  return ui_test_run ();
}
