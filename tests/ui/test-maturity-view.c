/* test-maturity-view.c: the maturity overview of a region, on screen
 *
 * The application loads its demonstration data (show-demo-data on); the
 * view is shown in a window of the test's, on the application's store. Its
 * key figures and its charts' descriptions must say what the data layer
 * reads; Enter on a department of the map lists as many establishments as
 * the department has diagnosed; a change of scope reloads; a scope without
 * diagnostics says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "crrc-application.h"
#include "crrc-chart-card.h"
#include "crrc-drilldown-dialog.h"
#include "crrc-format.h"
#include "crrc-geo.h"
#include "crrc-maturity-overview.h"
#include "crrc-maturity-view.h"
#include "crrc-sync-page.h"
#include "crrc-window.h"
#include "ui-test-utils.h"

#define SYNC_TIMEOUT 90
#define LOAD_TIMEOUT 30

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

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkStack *
get_stack (CrrcMaturityView *view)
{
  return GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (view), CRRC_TYPE_MATURITY_VIEW, "stack"));
}

static const char *
visible_page (CrrcMaturityView *view)
{
  return gtk_stack_get_visible_child_name (get_stack (view));
}

/* The text of a key figure's value. */
static const char *
kpi_value (CrrcMaturityView *view,
           const char       *name)
{
  GtkWidget *tile = find_named (GTK_WIDGET (view), name);

  g_assert_nonnull (tile);
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (tile)));
}

static CrrcChart *
get_chart (CrrcMaturityView *view,
           const char       *id)
{
  GtkWidget *card = find_named (GTK_WIDGET (view), id);

  g_assert_true (CRRC_IS_CHART_CARD (card));
  return crrc_chart_card_get_chart (CRRC_CHART_CARD (card));
}

static char *
describe_chart (CrrcMaturityView *view,
                const char       *id)
{
  return crrc_chart_model_describe (crrc_chart_get_model (get_chart (view, id)));
}

static CrrcMaturityOverview *
read_overview (CrrcApplication *app,
               const char      *region,
               const char      *sector)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (crrc_application_get_store (app), &error);
  CrrcMaturityScope scope = { region, sector };
  CrrcMaturityOverview *overview;

  g_assert_no_error (error);
  overview = crrc_maturity_overview_load (reader, &scope, &error);
  g_assert_no_error (error);
  g_assert_nonnull (overview);
  return overview;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” is not in “%s”", part, text);
}

/* "label : value" as a description writes it. */
static char *
item_text (const char *label,
           gint64      value)
{
  g_autofree char *number = crrc_format_count (value);

  return g_strconcat (label, g_dgettext (GETTEXT_PACKAGE, ": "), number, NULL);
}

static void
assert_figures (CrrcMaturityView     *view,
                CrrcMaturityOverview *overview)
{
  g_autofree char *establishments = crrc_format_count (overview->n_establishments);
  g_autofree char *diagnosed = crrc_format_count (overview->n_diagnosed);
  g_autofree char *share = crrc_format_percent (100.0 * overview->n_diagnosed / overview->n_establishments, 0);
  g_autofree char *median = overview->median >= 0 ? crrc_format_count (overview->median) : g_strdup ("—");
  g_autofree char *map = describe_chart (view, "maturite-par-departement");
  g_autofree char *bands = describe_chart (view, "niveaux-par-categorie");
  g_autofree char *domains = describe_chart (view, "domaines-les-plus-faibles");
  g_autofree char *never = describe_chart (view, "jamais-diagnostiques");
  guint n_shown = 0;

  g_assert_cmpstr (kpi_value (view, "kpi-establishments"), ==, establishments);
  g_assert_cmpstr (kpi_value (view, "kpi-diagnosed"), ==, diagnosed);
  g_assert_cmpstr (kpi_value (view, "kpi-share-diagnosed"), ==, share);
  g_assert_cmpstr (kpi_value (view, "kpi-median"), ==, median);

  /* The map: every department with a median, none without. */
  /* The lead translates new strings: whatever the catalogue says. */
  assert_contains (map, g_dgettext (GETTEXT_PACKAGE, "Median maturity score by department"));
  for (guint i = 0; i < overview->departments->len; i++)
    {
      const CrrcMaturityOverviewDepartment *department = g_ptr_array_index (overview->departments, i);
      const CrrcDepartment *geo = crrc_geo_lookup_department (department->code);
      g_autofree char *label = NULL;
      g_autofree char *text = NULL;

      if (geo == NULL)
        continue;
      label = g_strdup_printf ("%s (%s)", geo->name, geo->code);
      if (department->median < 0)
        {
          g_autofree char *prefix = g_strconcat (label, g_dgettext (GETTEXT_PACKAGE, ": "), NULL);

          g_assert_null (strstr (map, prefix));
          continue;
        }
      text = item_text (label, department->median);
      assert_contains (map, text);
      n_shown++;
    }
  if (n_shown == 0)
    assert_contains (map, g_dgettext (GETTEXT_PACKAGE, "no data"));

  /* The bands: each category's count in each band. */
  for (CrrcMaturityBand band = CRRC_MATURITY_BAND_INITIAL; band <= CRRC_MATURITY_BAND_OPTIMISED; band++)
    assert_contains (bands, crrc_maturity_band_get_label (band));
  for (guint i = 0; i < overview->categories->len; i++)
    {
      const CrrcMaturityOverviewCategory *category = g_ptr_array_index (overview->categories, i);

      for (CrrcMaturityBand band = CRRC_MATURITY_BAND_INITIAL; band <= CRRC_MATURITY_BAND_OPTIMISED; band++)
        if (category->bands[band] > 0)
          {
            g_autofree char *text = item_text (category->label, category->bands[band]);

            assert_contains (bands, text);
          }
    }

  /* The domains, weakest first. */
  {
    const char *previous = domains;

    for (guint i = 0; i < overview->domains->len; i++)
      {
        const CrrcMaturityOverviewDomain *domain = &g_array_index (overview->domains, CrrcMaturityOverviewDomain, i);
        g_autofree char *text = NULL;
        const char *at;

        if (domain->median < 0)
          continue;
        text = item_text (domain->title, domain->median);
        at = strstr (previous, text);
        if (at == NULL)
          g_error ("“%s” is not in “%s” after the weaker domains", text, domains);
        previous = at;
      }
  }

  /* The never diagnosed, with their total in the subtitle. */
  {
    g_autofree char *total = crrc_format_count (overview->n_never);

    assert_contains (never, total);
    for (guint i = 0; i < overview->never_categories->len; i++)
      {
        const CrrcMaturityOverviewCategory *category = g_ptr_array_index (overview->never_categories, i);
        g_autofree char *text = item_text (category->label, category->n_never);

        assert_contains (never, text);
      }
  }
}

static CrrcDrilldownDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CRRC_IS_DRILLDOWN_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return CRRC_DRILLDOWN_DIALOG (window);
    }
  return NULL;
}

/* Enter on @code's tile lists its diagnosed establishments. */
static void
drill_department (GtkWindow                            *window,
                  CrrcMaturityView                     *view,
                  const CrrcMaturityOverviewDepartment *department)
{
  CrrcChart *chart = get_chart (view, "maturite-par-departement");
  CrrcChartModel *model = crrc_chart_get_model (chart);
  CrrcDrilldownDialog *dialog;
  int item = -1;

  for (guint i = 0; i < crrc_chart_get_n_items (chart); i++)
    {
      int category = -1, series = -1;

      if (crrc_chart_get_item (chart, (int) i, &category, &series) &&
          g_strcmp0 (crrc_chart_model_get_category_key (model, category), department->code) == 0)
        item = (int) i;
    }
  g_assert_cmpint (item, >=, 0);

  gtk_widget_grab_focus (GTK_WIDGET (chart));
  WAIT_FOR (gtk_widget_has_focus (GTK_WIDGET (chart)));
  crrc_chart_set_focus_item (chart, item);
  ui_test_type_keys (window, "Return");
  WAIT_FOR ((dialog = find_dialog ()) != NULL);
  UI_TEST_WAIT_FOR_SECONDS (crrc_drilldown_dialog_get_n_rows (dialog) >= 0, LOAD_TIMEOUT);

  g_assert_cmpint (crrc_drilldown_dialog_get_n_total (dialog), ==, department->n_diagnosed);
  g_assert_cmpint (crrc_drilldown_dialog_get_n_rows (dialog), ==, MIN (department->n_diagnosed,
                                                                       CRRC_DRILLDOWN_DIALOG_LIMIT));
  for (int i = 0; i < crrc_drilldown_dialog_get_n_rows (dialog); i++)
    g_assert_cmpstr (crrc_drilldown_dialog_get_row (dialog, (guint) i)->department, ==, department->code);
  assert_contains (crrc_drilldown_dialog_get_scope (dialog), crrc_geo_lookup_department (department->code)->name);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  ui_test_type_keys (GTK_WINDOW (dialog), "Escape");
  WAIT_FOR (dialog == NULL);
}

static CrrcMaturityView *
open_view (CrrcApplication *app,
           GtkWindow      **window_out)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *view = crrc_maturity_view_new ();

  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 900);
  adw_window_set_content (ADW_WINDOW (window), view);
  crrc_maturity_view_set_application (CRRC_MATURITY_VIEW (view), app);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (view));

  *window_out = GTK_WINDOW (window);
  return CRRC_MATURITY_VIEW (view);
}

static void
view_body (CrrcApplication *app,
           gconstpointer    data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(CrrcMaturityOverview) overview = NULL;
  g_autoptr(CrrcMaturityOverview) sanitaire = NULL;
  const CrrcMaturityOverviewDepartment *busiest = NULL;
  CrrcMaturityView *view;
  GtkWindow *window;

  wait_for_demo (app);

  /* The whole of France, every sector: the view follows the settings. */
  g_settings_set_string (settings, "maturity-region", "FR");
  g_settings_set_string (settings, "maturity-sector", "");
  overview = read_overview (app, NULL, NULL);
  g_assert_cmpuint (overview->n_diagnosed, >, 0);

  view = open_view (app, &window);
  UI_TEST_WAIT_FOR_SECONDS (g_strcmp0 (visible_page (view), "content") == 0, LOAD_TIMEOUT);
  ui_test_settle ();
  assert_figures (view, overview);

  /* The department with the most diagnosed, through the keyboard. */
  for (guint i = 0; i < overview->departments->len; i++)
    {
      const CrrcMaturityOverviewDepartment *department = g_ptr_array_index (overview->departments, i);

      if (crrc_geo_lookup_department (department->code) != NULL &&
          (busiest == NULL || department->n_diagnosed > busiest->n_diagnosed))
        busiest = department;
    }
  g_assert_nonnull (busiest);
  g_assert_cmpuint (busiest->n_diagnosed, >, 0);
  drill_department (window, view, busiest);

  /* Another sector: the figures follow. */
  sanitaire = read_overview (app, NULL, "sanitaire");
  g_settings_set_string (settings, "maturity-sector", "sanitaire");
  if (sanitaire->n_diagnosed > 0)
    {
      g_autofree char *expected = crrc_format_count (sanitaire->n_establishments);

      UI_TEST_WAIT_FOR_SECONDS (g_strcmp0 (kpi_value (view, "kpi-establishments"), expected) == 0, LOAD_TIMEOUT);
      ui_test_settle ();
      assert_figures (view, sanitaire);
    }
  else
    {
      UI_TEST_WAIT_FOR_SECONDS (g_strcmp0 (visible_page (view), "empty") == 0, LOAD_TIMEOUT);
    }

  g_settings_reset (settings, "maturity-region");
  g_settings_reset (settings, "maturity-sector");
  gtk_window_destroy (window);
  ui_test_settle ();
}

static void
test_view (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  ui_test_run_app (view_body, NULL);
}

/* The scope through the dropdowns, with the keyboard: a region without
 * diagnostics shows the empty state, and the choice is kept. */
static void
scope_body (CrrcApplication *app,
            gconstpointer    data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  CrrcMaturityView *view;
  GtkWindow *window;
  GtkDropDown *dropdown;
  const CrrcRegion *regions;
  const char *empty_region = NULL;
  guint n_regions, index = 0;

  wait_for_demo (app);
  g_settings_set_string (settings, "maturity-region", "FR");
  g_settings_set_string (settings, "maturity-sector", "");

  /* A region whose establishments have no diagnostic. */
  regions = crrc_geo_get_regions (&n_regions);
  for (guint i = 0; i < n_regions && empty_region == NULL; i++)
    {
      g_autoptr(CrrcMaturityOverview) overview = read_overview (app, regions[i].code, NULL);

      if (overview->n_diagnosed == 0)
        {
          empty_region = regions[i].code;
          index = i + 1;
        }
    }

  view = open_view (app, &window);
  UI_TEST_WAIT_FOR_SECONDS (g_strcmp0 (visible_page (view), "content") == 0, LOAD_TIMEOUT);

  dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (view), CRRC_TYPE_MATURITY_VIEW,
                                                           "region_dropdown"));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);
  /* Alt+R: the region's mnemonic. */
  ui_test_type_keys (window, "alt+r");
  WAIT_FOR (gtk_widget_has_focus (GTK_WIDGET (dropdown)) ||
            gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (dropdown)));

  if (empty_region != NULL)
    {
      gtk_drop_down_set_selected (dropdown, index);
      {
        g_autofree char *kept = g_settings_get_string (settings, "maturity-region");

        g_assert_cmpstr (kept, ==, empty_region);
      }
      UI_TEST_WAIT_FOR_SECONDS (g_strcmp0 (visible_page (view), "empty") == 0, LOAD_TIMEOUT);
      {
        GtkWidget *page = gtk_stack_get_visible_child (get_stack (view));

        assert_contains (adw_status_page_get_description (ADW_STATUS_PAGE (page)),
                         crrc_geo_lookup_region (empty_region)->name);
      }
    }

  /* Back to France. */
  gtk_drop_down_set_selected (dropdown, 0);
  {
    g_autofree char *kept = g_settings_get_string (settings, "maturity-region");

    g_assert_cmpstr (kept, ==, "FR");
  }
  UI_TEST_WAIT_FOR_SECONDS (g_strcmp0 (visible_page (view), "content") == 0, LOAD_TIMEOUT);

  g_settings_reset (settings, "maturity-region");
  g_settings_reset (settings, "maturity-sector");
  gtk_window_destroy (window);
  ui_test_settle ();
}

static void
test_scope (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  ui_test_run_app (scope_body, NULL);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  ui_test_add ("/ui/maturity-view/figures", test_view);
  ui_test_add ("/ui/maturity-view/scope", test_scope);

  return ui_test_run ();
}
