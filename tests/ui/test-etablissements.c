/* test-etablissements.c: the Établissements page's list on the
 * demonstration data
 *
 * Typing in the search updates the count and the first row; a FINESS
 * number with spaces finds its establishment; a filter narrows, and each
 * filter of the popover lists what SQL counts on the same cache; a header
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
#include "crrc-geo.h"
#include "crrc-store-private.h"
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

/* Each filter, set through the filter popover's widgets */

static gint64
sql_count (CrrcStore  *reader,
           const char *sql,
           const char *finess)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (_crrc_store_get_db (reader), sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (_crrc_store_get_db (reader)));
  if (finess != NULL)
    sqlite3_bind_text (stmt, 1, finess, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

/* The first value of @sql's first column, or @fallback. */
static char *
sql_text (CrrcStore  *reader,
          const char *sql,
          const char *fallback)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (reader), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return g_strdup (fallback);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* The widget of the filter popover's row titled @title (its msgid). */
static GtkWidget *
filter_widget (CrrcEtablissementsPage *page,
               const char             *title)
{
  GtkGrid *grid = GTK_GRID (page_child (page, "filter_grid"));
  const char *translated = g_dgettext (GETTEXT_PACKAGE, title);

  for (int row = 0; gtk_grid_get_child_at (grid, 0, row) != NULL; row++)
    {
      GtkWidget *label = gtk_grid_get_child_at (grid, 0, row);

      if (GTK_IS_LABEL (label) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), translated) == 0)
        {
          GtkWidget *widget = gtk_grid_get_child_at (grid, 1, row);

          g_assert_nonnull (widget);
          g_assert_true (gtk_widget_get_mapped (widget));
          return widget;
        }
    }

  g_error ("No filter titled “%s”", translated);
}

/* Chooses the item showing @text in the drop-down @title. */
static void
choose (CrrcEtablissementsPage *page,
        const char             *title,
        const char             *text)
{
  GtkDropDown *drop = GTK_DROP_DOWN (filter_widget (page, title));
  GListModel *model = gtk_drop_down_get_model (drop);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        {
          gtk_drop_down_set_selected (drop, i);
          return;
        }
    }

  g_error ("No “%s” in the drop-down “%s”", text, title);
}

static void
type_text (CrrcEtablissementsPage *page,
           const char             *title,
           const char             *text)
{
  gtk_editable_set_text (GTK_EDITABLE (filter_widget (page, title)), text);
}

static void
set_year (CrrcEtablissementsPage *page,
          int                     year)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (filter_widget (page, "_Year (0: all)")), year);
}

/* The filters were just set in the popover: the list counts what SQL
 * counts for @where (a condition on `establishments AS e`), the data
 * layer agrees, and the first rows each satisfy @where. @band, when not
 * CRRC_ESTABLISHMENTS_ANY_BAND, is checked on the rows instead (the
 * maturity is computed, not stored): then the count is the data layer's.
 * Returns the count. */
static gint64
assert_filtered (CrrcApplication        *app,
                 CrrcEtablissementsPage *page,
                 CrrcStore              *reader,
                 const char             *what,
                 const char             *where,
                 int                     band)
{
  CrrcEstablishmentList *list = crrc_etablissements_page_get_list_model (page);
  const CrrcEstablishmentsFilter *filter = crrc_etablissements_page_get_filter (page);
  g_autoptr(GError) error = NULL;
  gint64 expected = -1;
  gint64 layer = -1;
  gint64 count;

  wait_list (page);
  g_assert_false (crrc_establishments_filter_is_empty (filter));
  g_assert_true (crrc_establishments_count (reader, filter, &layer, &error));
  g_assert_no_error (error);
  if (where != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM establishments AS e WHERE %s", where);

      expected = sql_count (reader, sql, NULL);
      g_assert_cmpint (layer, ==, expected);
    }
  else
    {
      expected = layer;
    }

  count = crrc_establishment_list_get_count (list);
  g_test_message ("%s: %" G_GINT64_FORMAT " establishments", what, count);
  if (count != expected)
    g_error ("%s: the list counts %" G_GINT64_FORMAT ", SQL %" G_GINT64_FORMAT, what, count, expected);
  assert_count_label (page, count);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (page, "results_stack"))), ==,
                   count > 0 ? "results" : "empty");

  for (guint i = 0; i < MIN (count, 25); i++)
    {
      const CrrcEstablishmentsRow *row = crrc_establishment_row_get_data (row_at (page, i));

      g_assert_nonnull (row);
      if (where != NULL)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM establishments AS e"
                                                  " WHERE e.finess = ? AND (%s)", where);

          if (sql_count (reader, sql, row->finess) != 1)
            g_error ("%s: row %u, %s, does not satisfy %s", what, i, row->finess, where);
        }
      if (band != CRRC_ESTABLISHMENTS_ANY_BAND)
        {
          g_assert_cmpint (row->band, ==, band);
          g_assert_true ((row->maturity < 0) == (band == CRRC_MATURITY_BAND_NONE));
        }
    }

  return count;
}

static void
reset_filters (CrrcEtablissementsPage *page)
{
  g_signal_emit_by_name (page_child (page, "reset_button"), "clicked");
  wait_list (page);
  g_assert_true (crrc_establishments_filter_is_empty (crrc_etablissements_page_get_filter (page)));
}

static const struct
{
  const char *key;
  const char *label;
} stages[] = {
  { "targeted", "Targeted" },
  { "contacted", "Contacted" },
  { "scheduled", "Meeting scheduled" },
  { "diagnosed", "Diagnostic done" },
  { "report_sent", "Report sent" },
  { "action_plan", "Action plan validated" },
  { "exercise_done", "Crisis exercise done" },
  { "rediagnosed", "Re-diagnosed" },
};

static void
each_filter_body (CrrcApplication *app,
                  gconstpointer    data)
{
  CrrcEtablissementsPage *page = open_page (app);
  CrrcEstablishmentList *list = crrc_etablissements_page_get_list_model (page);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (crrc_application_get_store (app), &error);
  const CrrcDepartment *department = crrc_geo_lookup_department ("21");
  g_autofree char *department_label = g_strdup_printf ("%s %s", department->code, department->name);
  g_autofree char *category = NULL;
  g_autofree char *ght = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *year = NULL;
  g_autofree char *where = NULL;
  const char *stage_label = NULL;
  gint64 all = crrc_establishment_list_get_count (list);
  gint64 n, n_open, n_closed;

  g_assert_no_error (error);
  /* What the demonstration has: its most common category, GHT and
   * campaign stage, its latest year of incidents. */
  category = sql_text (reader, "SELECT category FROM establishments WHERE category IS NOT NULL"
                               " GROUP BY category ORDER BY count(*) DESC, category LIMIT 1", "355");
  ght = sql_text (reader, "SELECT ght FROM establishments WHERE ght IS NOT NULL"
                          " GROUP BY ght ORDER BY count(*) DESC, ght LIMIT 1", "GHT-NONE");
  stage = sql_text (reader, "SELECT stage FROM campaign_targets GROUP BY stage"
                            " ORDER BY count(*) DESC, stage LIMIT 1", "targeted");
  year = sql_text (reader, "SELECT max(year) FROM incidents", "2023");
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    if (g_strcmp0 (stages[i].key, stage) == 0)
      stage_label = g_dgettext (GETTEXT_PACKAGE, stages[i].label);
  g_assert_nonnull (stage_label);

  /* The popover open, as a person uses it. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (page_child (page, "filter_button")));
  ui_test_settle ();

  choose (page, "_Region", crrc_geo_lookup_region ("27")->name);
  n = assert_filtered (app, page, reader, "region", "e.region = '27'", CRRC_ESTABLISHMENTS_ANY_BAND);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (n, <, all);
  reset_filters (page);

  choose (page, "_Department", department_label);
  n = assert_filtered (app, page, reader, "department", "e.department = '21'", CRRC_ESTABLISHMENTS_ANY_BAND);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (n, <, all);
  reset_filters (page);

  choose (page, "_Sector", g_dgettext (GETTEXT_PACKAGE, "Medico-social"));
  n = assert_filtered (app, page, reader, "sector", "e.sector = 'medico_social'", CRRC_ESTABLISHMENTS_ANY_BAND);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (n, <, all);
  reset_filters (page);

  type_text (page, "_Category", category);
  where = g_strdup_printf ("e.category = '%s'", category);
  n = assert_filtered (app, page, reader, "category", where, CRRC_ESTABLISHMENTS_ANY_BAND);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (n, <, all);
  g_clear_pointer (&where, g_free);
  reset_filters (page);

  /* The demonstration may have no GHT: then nothing matches. */
  type_text (page, "_GHT", ght);
  where = g_strdup_printf ("e.ght = '%s'", ght);
  n = assert_filtered (app, page, reader, "GHT", where, CRRC_ESTABLISHMENTS_ANY_BAND);
  g_assert_cmpint (n, <, all);
  g_clear_pointer (&where, g_free);
  reset_filters (page);

  /* Maturity: the band of each row, as the list computes it. */
  {
    static const struct { const char *label; int band; } bands[] = {
      { "No diagnostic", CRRC_MATURITY_BAND_NONE },
      { "Initial", CRRC_MATURITY_BAND_INITIAL },
      { "Partial", CRRC_MATURITY_BAND_PARTIAL },
      { "Managed", CRRC_MATURITY_BAND_MANAGED },
      { "Optimised", CRRC_MATURITY_BAND_OPTIMISED },
    };
    gint64 total = 0;

    for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
      {
        choose (page, "_Maturity", g_dgettext (GETTEXT_PACKAGE, bands[i].label));
        n = assert_filtered (app, page, reader, bands[i].label, NULL, bands[i].band);
        g_assert_cmpint (n, <, all);
        total += n;
      }
    /* Every establishment is in one band, or has no diagnostic. */
    g_assert_cmpint (total, ==, all);
    /* Those with a band have a diagnostic. */
    choose (page, "_Maturity", g_dgettext (GETTEXT_PACKAGE, "No diagnostic"));
    wait_list (page);
    g_assert_cmpint (crrc_establishment_list_get_count (list), >=,
                     all - sql_count (reader, "SELECT count(DISTINCT finess) FROM diagnostics", NULL));
    reset_filters (page);
  }

  /* Incidents in a year, and none in that year. */
  set_year (page, atoi (year));
  choose (page, "_Incidents", g_dgettext (GETTEXT_PACKAGE, "With incidents"));
  where = g_strdup_printf ("EXISTS (SELECT 1 FROM incidents AS i WHERE i.finess = e.finess AND i.year = %s)", year);
  n = assert_filtered (app, page, reader, "incidents in a year", where, CRRC_ESTABLISHMENTS_ANY_BAND);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (n, <, all);
  g_assert_cmpint (crrc_establishment_row_get_data (row_at (page, 0))->incidents, >, 0);
  g_clear_pointer (&where, g_free);
  choose (page, "_Incidents", g_dgettext (GETTEXT_PACKAGE, "Without incidents"));
  where = g_strdup_printf ("NOT EXISTS (SELECT 1 FROM incidents AS i WHERE i.finess = e.finess AND i.year = %s)",
                           year);
  g_assert_cmpint (assert_filtered (app, page, reader, "no incident in a year", where, CRRC_ESTABLISHMENTS_ANY_BAND),
                   ==, all - n);
  g_assert_cmpint (crrc_establishment_row_get_data (row_at (page, 0))->incidents, ==, 0);
  g_clear_pointer (&where, g_free);
  reset_filters (page);

  choose (page, "_Audited", g_dgettext (GETTEXT_PACKAGE, "Audited"));
  n = assert_filtered (app, page, reader, "audited",
                       "EXISTS (SELECT 1 FROM audits AS a WHERE a.finess = e.finess)", CRRC_ESTABLISHMENTS_ANY_BAND);
  g_assert_cmpint (n, >, 0);
  g_assert_nonnull (crrc_establishment_row_get_data (row_at (page, 0))->last_audit);
  reset_filters (page);

  choose (page, "A_lerted", g_dgettext (GETTEXT_PACKAGE, "Alerted"));
  n = assert_filtered (app, page, reader, "alerted",
                       "EXISTS (SELECT 1 FROM alerts AS a WHERE a.finess = e.finess)", CRRC_ESTABLISHMENTS_ANY_BAND);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (n, <, all);
  reset_filters (page);

  /* The campaign stage: the feed's (the test made no change of its own). */
  g_assert_cmpint (sql_count (reader, "SELECT count(*) FROM local_stage_changes", NULL), ==, 0);
  choose (page, "Campaign s_tage", stage_label);
  where = g_strdup_printf ("EXISTS (SELECT 1 FROM campaign_targets AS t WHERE t.finess = e.finess"
                           " AND t.stage = '%s')", stage);
  n = assert_filtered (app, page, reader, "campaign stage", where, CRRC_ESTABLISHMENTS_ANY_BAND);
  g_assert_cmpint (n, <, all);
  g_clear_pointer (&where, g_free);
  reset_filters (page);

  /* Open and closed: together, all of them. */
  choose (page, "_Status", g_dgettext (GETTEXT_PACKAGE, "Open"));
  n_open = assert_filtered (app, page, reader, "open",
                            "e.closed_on IS NULL OR e.closed_on > date ('now')", CRRC_ESTABLISHMENTS_ANY_BAND);
  choose (page, "_Status", g_dgettext (GETTEXT_PACKAGE, "Closed"));
  n_closed = assert_filtered (app, page, reader, "closed",
                              "e.closed_on IS NOT NULL AND e.closed_on <= date ('now')", CRRC_ESTABLISHMENTS_ANY_BAND);
  g_assert_cmpint (n_open, >, 0);
  g_assert_cmpint (n_open + n_closed, ==, all);

  /* Several at once: all are required. */
  choose (page, "_Region", crrc_geo_lookup_region ("27")->name);
  choose (page, "_Sector", g_dgettext (GETTEXT_PACKAGE, "Medico-social"));
  choose (page, "_Status", g_dgettext (GETTEXT_PACKAGE, "Open"));
  assert_filtered (app, page, reader, "region, sector and open",
                   "e.region = '27' AND e.sector = 'medico_social'"
                   " AND (e.closed_on IS NULL OR e.closed_on > date ('now'))", CRRC_ESTABLISHMENTS_ANY_BAND);
  reset_filters (page);
  g_assert_cmpint (crrc_establishment_list_get_count (list), ==, all);

  gtk_menu_button_popdown (GTK_MENU_BUTTON (page_child (page, "filter_button")));
  ui_test_settle ();
}

static void
test_each_filter (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  ui_test_run_app (each_filter_body, NULL);
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
  /* Every filter once is enough: the French run checks the words, the
   * English one the figures. */
  if (!ui_test_expect_french ())
    ui_test_add ("/ui/etablissements/each-filter", test_each_filter);
  ui_test_add ("/ui/etablissements/detail", test_detail);
  ui_test_add ("/ui/etablissements/drilldown", test_drilldown);

  return ui_test_run ();
}
