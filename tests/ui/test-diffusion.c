/* test-diffusion.c: the "Diffusion" mode in the window
 *
 * The mode is one application action (the "Diffusion Mode" check item of
 * the main menu and of the Observatoire's menu), kept in GSettings. While
 * it is on, the header bar says so, every chart reads "< 5" for a count
 * from 1 to 4 (through what a screen reader gets: the chart's accessible
 * description) and no chart opens the list of establishments behind it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "crrc-chart-card.h"
#include "crrc-diffusion.h"
#include "crrc-drilldown-dialog.h"
#include "crrc-maturity-view.h"
#include "crrc-observatoire-page.h"
#include "crrc-sync-page.h"
#include "ui-test-utils.h"

#define SYNC_TIMEOUT 90
#define MAP_ID "carte-des-departements"

static GObject *
window_child (CrrcApplication *app,
              const char      *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (ui_test_get_window (app)),
                                                  CRRC_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

static char *
accessible_description (GtkWidget *widget)
{
  char *value = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                    "\x01 not a description");

  g_assert_nonnull (value);
  return value;
}

static gboolean
synced (CrrcSyncPage *page)
{
  g_autoptr(GDateTime) last_success = crrc_sync_page_dup_last_success (page);

  return last_success != NULL && !crrc_sync_page_get_busy (page);
}

static gboolean
loaded (CrrcObservatoirePage *page)
{
  return !crrc_observatoire_page_get_loading (page) &&
         crrc_observatoire_page_get_charts (page) != NULL;
}

static CrrcDrilldownDialog *
find_drilldown (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CRRC_IS_DRILLDOWN_DIALOG (window))
        return CRRC_DRILLDOWN_DIALOG (window);
    }

  return NULL;
}

static gboolean
map_has_suppressed (CrrcObservatoirePage *page)
{
  CrrcChart *chart = crrc_observatoire_page_get_chart (page, MAP_ID);
  CrrcChartModel *model = chart != NULL ? crrc_chart_get_model (chart) : NULL;

  return model != NULL && crrc_chart_model_has_suppressed (model, -1);
}

/* "< 5" with the space French typography puts after "<" (no-break). */
static gboolean
says_small (const char *text)
{
  return g_regex_match_simple ("<(\u00a0|\u202f)5", text, 0, 0);
}

/* The category of the map's department @code. */
static int
map_category (CrrcObservatoirePage *page,
              const char           *code)
{
  CrrcChartModel *model = crrc_chart_get_model (crrc_observatoire_page_get_chart (page, MAP_ID));
  int category = crrc_chart_model_find_category (model, code);

  g_assert_cmpint (category, >=, 0);
  return category;
}

static void
diffusion_body (CrrcApplication *app,
                gconstpointer    data)
{
  CrrcObservatoirePage *page = CRRC_OBSERVATOIRE_PAGE (window_child (app, "observatoire_page"));
  CrrcSyncPage *sync_page = CRRC_SYNC_PAGE (window_child (app, "sync_page"));
  GtkWidget *indicator = GTK_WIDGET (window_child (app, "diffusion_indicator"));
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *plain = NULL;
  g_autofree char *diffused = NULL;
  g_autofree char *indicator_description = NULL;
  g_autoptr(GVariant) state = NULL;
  CrrcDrilldownDialog *dialog;
  CrrcChart *map;

  UI_TEST_WAIT_FOR_SECONDS (synced (sync_page), SYNC_TIMEOUT);
  UI_TEST_WAIT_FOR_SECONDS (loaded (page), 30);
  ui_test_settle ();

  /* Off: no indicator, the map gives every count, and a department opens
   * the list of its establishments. */
  g_assert_false (gtk_widget_get_visible (indicator));
  state = g_action_group_get_action_state (G_ACTION_GROUP (app), "diffusion-mode");
  g_assert_nonnull (state);
  g_assert_false (g_variant_get_boolean (state));
  g_clear_pointer (&state, g_variant_unref);

  map = crrc_observatoire_page_get_chart (page, MAP_ID);
  g_assert_nonnull (map);
  g_assert_false (map_has_suppressed (page));
  plain = accessible_description (GTK_WIDGET (map));
  g_assert_false (says_small (plain));

  g_signal_emit_by_name (map, "item-activated", map_category (page, "21"), 0);
  ui_test_settle ();
  dialog = find_drilldown ();
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_test_settle ();
  g_assert_null (find_drilldown ());

  /* On, as the menu's check item does it. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "diffusion-mode", NULL);
  g_assert_true (g_settings_get_boolean (settings, "diffusion-mode"));
  WAIT_FOR (gtk_widget_get_visible (indicator));
  g_assert_true (gtk_widget_get_mapped (indicator));
  indicator_description = accessible_description (indicator);
  g_assert_cmpstr (indicator_description, !=, "");
  state = g_action_group_get_action_state (G_ACTION_GROUP (app), "diffusion-mode");
  g_assert_true (g_variant_get_boolean (state));

  UI_TEST_WAIT_FOR_SECONDS (loaded (page) && map_has_suppressed (page), 30);
  ui_test_settle ();
  map = crrc_observatoire_page_get_chart (page, MAP_ID);
  diffused = accessible_description (GTK_WIDGET (map));
  if (!says_small (diffused))
    g_error ("The map's description does not say “< 5”: %s", diffused);
  /* Côte-d'Or has fewer than 5 incidents in the demonstration data. */
  {
    CrrcChartModel *model = crrc_chart_get_model (map);
    g_autofree char *item = crrc_chart_model_describe_item (model, map_category (page, "21"), 0);

    g_assert_true (says_small (item));
    g_assert_cmpint (crrc_chart_model_get_value_state (model, 0, map_category (page, "21")), ==,
                     CRRC_CHART_VALUE_SMALL);
  }

  /* No list of establishments behind a chart. */
  g_signal_emit_by_name (map, "item-activated", map_category (page, "21"), 0);
  ui_test_settle ();
  g_assert_null (find_drilldown ());
  g_signal_emit_by_name (crrc_observatoire_page_get_chart (page, "origine"), "item-activated", 0, 0);
  ui_test_settle ();
  g_assert_null (find_drilldown ());

  /* Off again: everything comes back. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "diffusion-mode", NULL);
  WAIT_FOR (!gtk_widget_get_visible (indicator));
  UI_TEST_WAIT_FOR_SECONDS (loaded (page) && !map_has_suppressed (page), 30);
}

static void
test_diffusion (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  g_settings_reset (settings, "diffusion-mode");
  g_settings_reset (settings, "observatoire-region");
  g_settings_reset (settings, "observatoire-department");
  g_settings_reset (settings, "observatoire-map-mode");
  ui_test_run_app (diffusion_body, NULL);
  g_settings_reset (settings, "diffusion-mode");
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

static CrrcChartModel *
maturity_model (CrrcMaturityView *view,
                const char       *id)
{
  GtkWidget *card = find_named (GTK_WIDGET (view), id);

  g_assert_true (CRRC_IS_CHART_CARD (card));
  return crrc_chart_get_model (crrc_chart_card_get_chart (CRRC_CHART_CARD (card)));
}

/* The counts of the maturity view (bands, never diagnosed): none from 1 to
 * 4, and the footnote of the mode under every chart. */
static void
maturity_body (CrrcApplication *app,
               gconstpointer    data)
{
  CrrcSyncPage *sync_page = CRRC_SYNC_PAGE (window_child (app, "sync_page"));
  GtkWidget *window = adw_window_new ();
  GtkWidget *view = crrc_maturity_view_new ();
  const char * const ids[] = { "niveaux-par-categorie", "jamais-diagnostiques" };
  guint n_suppressed = 0;

  UI_TEST_WAIT_FOR_SECONDS (synced (sync_page), SYNC_TIMEOUT);

  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 900);
  adw_window_set_content (ADW_WINDOW (window), view);
  crrc_maturity_view_set_application (CRRC_MATURITY_VIEW (view), app);
  gtk_window_present (GTK_WINDOW (window));
  UI_TEST_WAIT_FOR_SECONDS (find_named (view, "jamais-diagnostiques") != NULL, 30);
  ui_test_settle ();

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      CrrcChartModel *model = maturity_model (CRRC_MATURITY_VIEW (view), ids[i]);

      g_assert_true (g_str_has_suffix (crrc_chart_model_get_source (model), crrc_diffusion_get_note ()));
      for (guint s = 0; s < crrc_chart_model_get_n_series (model); s++)
        for (guint c = 0; c < crrc_chart_model_get_n_categories (model); c++)
          {
            double value = crrc_chart_model_get_value (model, s, c);

            g_assert_false (isfinite (value) && value >= 1 && value <= 4);
            if (crrc_chart_model_get_value_state (model, s, c) != CRRC_CHART_VALUE_SHOWN)
              n_suppressed++;
          }
    }
  /* Bourgogne-Franche-Comté has categories with 1 to 4 establishments in a
   * band in the demonstration data. */
  g_assert_cmpuint (n_suppressed, >, 0);

  /* No list of establishments behind a chart. */
  g_signal_emit_by_name (crrc_chart_card_get_chart (CRRC_CHART_CARD (find_named (view, "niveaux-par-categorie"))),
                         "item-activated", 0, 0);
  ui_test_settle ();
  g_assert_null (find_drilldown ());

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_maturity (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  g_settings_set_boolean (settings, "diffusion-mode", TRUE);
  g_settings_set_string (settings, "maturity-region", "27");
  g_settings_set_string (settings, "maturity-sector", "");
  ui_test_run_app (maturity_body, NULL);
  g_settings_reset (settings, "diffusion-mode");
  g_settings_reset (settings, "maturity-region");
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  ui_test_add ("/ui/diffusion/window", test_diffusion);
  ui_test_add ("/ui/diffusion/maturity", test_maturity);

  return ui_test_run ();
}
