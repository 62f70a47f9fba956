/* test-observatoire.c: the Observatoire page on the demonstration data
 *
 * The demonstration feed's national totals are the 2023 Observatory's, so
 * the page must show them: 581 incidents (−1.9 % against 2022's 592), 50 %
 * malicious, and so on. Filters change every tile and chart, show as chips
 * that remove them, survive a restart, and a filter without incidents says
 * so. Figures are read through what a screen reader gets: the tiles' and
 * charts' accessible descriptions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "crrc-banner.h"
#include "crrc-chart-card.h"
#include "crrc-drilldown-dialog.h"
#include "crrc-observatoire-page.h"
#include "crrc-presentation-window.h"
#include "crrc-sync-page.h"
#include "ui-test-utils.h"

#define NBSP "\u00a0"
#define NNBSP "\u202f"
#define MINUS "\u2212"

/* The demonstration feed syncs in a few seconds, but not always under the
 * sanitizers. */
#define SYNC_TIMEOUT 90

static const char * const kpi_ids[] = {
  "kpi-incidents", "kpi-malicious", "kpi-patient-care", "kpi-no-functioning-impact",
  "kpi-support-requests", "kpi-cert-supported", "kpi-audits", "kpi-alerted",
};

static const char * const chart_ids[] = {
  "incidents-par-annee", "incidents-par-mois", "origine", "types-d-incidents",
  "impact-sur-le-fonctionnement", "declarants-par-secteur", "carte-des-departements",
  "audits-par-cible", "entonnoir-de-prevention",
};

static const char *
tr (const char *en,
    const char *fr)
{
  return ui_test_expect_french () ? fr : en;
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
page_child (CrrcObservatoirePage *page,
            const char           *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (page), CRRC_TYPE_OBSERVATOIRE_PAGE, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* What the test accessibility backend holds as @widget's description: the
 * check returns the actual value when it differs from the one asked. */
static char *
accessible_description (GtkWidget *widget)
{
  char *value = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                    "\x01 not a description");

  g_assert_nonnull (value);
  return value;
}

static char *
kpi_description (CrrcObservatoirePage *page,
                 const char           *id)
{
  CrrcChart *chart = crrc_observatoire_page_get_kpi_chart (page, id);

  g_assert_nonnull (chart);
  return accessible_description (GTK_WIDGET (chart));
}

static double
kpi_value (CrrcObservatoirePage *page,
           const char           *id)
{
  CrrcChart *chart = crrc_observatoire_page_get_kpi_chart (page, id);

  g_assert_nonnull (chart);
  return crrc_chart_model_get_kpi_value (crrc_chart_get_model (chart));
}

static void
assert_kpi (CrrcObservatoirePage *page,
            const char           *id,
            double                value,
            const char           *text)
{
  g_autofree char *description = kpi_description (page, id);

  g_assert_cmpfloat (kpi_value (page, id), ==, value);
  if (strstr (description, text) == NULL)
    g_error ("%s: “%s” does not say “%s”", id, description, text);
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

/* Waits for the figures of the filters just set. */
static void
wait_loaded (CrrcObservatoirePage *page)
{
  UI_TEST_WAIT_FOR_SECONDS (loaded (page), 30);
  ui_test_settle ();
  g_assert_false (crrc_observatoire_page_get_loading (page));
}

static CrrcObservatoirePage *
get_page (CrrcApplication *app)
{
  CrrcObservatoirePage *page = CRRC_OBSERVATOIRE_PAGE (window_child (app, "observatoire_page"));
  CrrcSyncPage *sync_page = CRRC_SYNC_PAGE (window_child (app, "sync_page"));

  UI_TEST_WAIT_FOR_SECONDS (synced (sync_page), SYNC_TIMEOUT);
  UI_TEST_WAIT_FOR_SECONDS (crrc_observatoire_page_get_year (page) != 0 &&
                            crrc_observatoire_page_get_charts (page) != NULL &&
                            !crrc_observatoire_page_get_loading (page), 30);
  return page;
}

/* Selects the item of @dropdown whose text is @text, as a click would. */
static void
select_item (GtkWidget  *dropdown,
             const char *text)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), text))
        {
          gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
          return;
        }
    }

  g_error ("No item “%s” in the drop-down", text);
}

static const char *
selected_text (GtkWidget *dropdown)
{
  GObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown));

  g_assert_nonnull (item);
  return gtk_string_object_get_string (GTK_STRING_OBJECT (item));
}

/* The chips shown: their texts, in order, joined by "|". */
static char *
chips_text (CrrcObservatoirePage *page)
{
  GtkWidget *box = page_child (page, "chips_box");
  g_autoptr(GString) text = g_string_new (NULL);

  if (!gtk_widget_get_visible (page_child (page, "chips_scroller")))
    return g_strdup ("");

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = child;
      GtkWidget *label = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (button)));

      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, tr ("Remove filter", "Retirer le filtre"));
      if (text->len > 0)
        g_string_append_c (text, '|');
      g_string_append (text, gtk_label_get_text (GTK_LABEL (label)));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
click_chip (CrrcObservatoirePage *page,
            const char           *label_text)
{
  GtkWidget *box = page_child (page, "chips_box");

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = child;
      GtkWidget *label = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (button)));

      if (g_str_equal (gtk_label_get_text (GTK_LABEL (label)), label_text))
        {
          g_signal_emit_by_name (button, "clicked");
          return;
        }
    }

  g_error ("No chip “%s”", label_text);
}

static GPtrArray *
chart_descriptions (CrrcObservatoirePage *page)
{
  GPtrArray *descriptions = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (chart_ids); i++)
    {
      CrrcChart *chart = crrc_observatoire_page_get_chart (page, chart_ids[i]);

      g_assert_nonnull (chart);
      g_ptr_array_add (descriptions, accessible_description (GTK_WIDGET (chart)));
    }

  return descriptions;
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

static CrrcPresentationWindow *
find_presentation (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CRRC_IS_PRESENTATION_WINDOW (window))
        return CRRC_PRESENTATION_WINDOW (window);
    }

  return NULL;
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *keys[] = {
    "observatoire-year", "observatoire-region", "observatoire-department",
    "observatoire-sector", "observatoire-origin", "observatoire-map-mode",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  g_settings_set_boolean (settings, "show-demo-data", TRUE);
}

/* Figures saved at the end of the first run, for the second. */
static double restored_incidents;

static void
filters_body (CrrcApplication *app,
              gconstpointer    data)
{
  CrrcObservatoirePage *page = get_page (app);
  GtkWidget *region = page_child (page, "region_dropdown");
  GtkWidget *year = page_child (page, "year_dropdown");
  g_autoptr(GPtrArray) national = NULL;
  g_autoptr(GPtrArray) regional = NULL;
  g_autofree char *national_incidents = NULL;
  g_autofree char *regional_incidents = NULL;
  g_autofree char *chips = NULL;
  CrrcDrilldownDialog *dialog;
  double regional_value;

  /* The latest complete year first (the demonstration data stop in May
   * 2024), nationally: the centre's region is "FR" by default. These are
   * the 2023 Observatory's national figures. */
  g_assert_cmpint (crrc_observatoire_page_get_year (page), ==, 2023);
  g_assert_cmpstr (selected_text (year), ==, "2023");
  g_assert_null (crrc_observatoire_page_get_region (page));
  g_assert_cmpstr (crrc_observatoire_page_get_state (page), ==, "results");
  g_assert_cmpstr (selected_text (region), ==, tr ("All of France", "France entière"));
  chips = chips_text (page);
  g_assert_cmpstr (chips, ==, "");
  assert_kpi (page, "kpi-incidents", 581, "581");
  assert_kpi (page, "kpi-incidents", 581, tr (MINUS "1.9% vs 2022", MINUS "1,9" NNBSP "% vs 2022"));
  assert_kpi (page, "kpi-malicious", 50, tr ("50%", "50" NNBSP "%"));
  assert_kpi (page, "kpi-patient-care", 35, tr ("35%", "35" NNBSP "%"));
  assert_kpi (page, "kpi-no-functioning-impact", 53, tr ("53%", "53" NNBSP "%"));
  assert_kpi (page, "kpi-support-requests", 165, "165");
  assert_kpi (page, "kpi-cert-supported", 93, "93");
  assert_kpi (page, "kpi-audits", 529, "529");
  assert_kpi (page, "kpi-alerted", 451, "451");
  g_assert_cmpuint (crrc_observatoire_page_get_charts (page)->len, ==, G_N_ELEMENTS (chart_ids));
  g_assert_cmpuint (crrc_observatoire_page_get_kpis (page)->len, ==, G_N_ELEMENTS (kpi_ids));

  /* The year under way can be chosen; it is then an active filter. */
  select_item (year, "2024");
  wait_loaded (page);
  g_assert_cmpint (crrc_observatoire_page_get_year (page), ==, 2024);
  g_clear_pointer (&chips, g_free);
  chips = chips_text (page);
  g_assert_cmpstr (chips, ==, "2024");
  select_item (year, "2023");
  wait_loaded (page);
  assert_kpi (page, "kpi-incidents", 581, "581");
  g_clear_pointer (&chips, g_free);
  chips = chips_text (page);
  g_assert_cmpstr (chips, ==, "");

  /* Every tile and chart is a widget of its own that a screen reader
   * reads: its description is its model's. */
  for (guint i = 0; i < G_N_ELEMENTS (kpi_ids); i++)
    {
      CrrcChart *chart = crrc_observatoire_page_get_kpi_chart (page, kpi_ids[i]);
      g_autofree char *expected = crrc_chart_model_describe (crrc_chart_get_model (chart));

      gtk_test_accessible_assert_property (chart, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
    }
  national = chart_descriptions (page);
  national_incidents = kpi_description (page, "kpi-incidents");

  /* Bourgogne-Franche-Comté, from the drop-down: the same widgets show
   * other figures, smaller than the nation's. */
  {
    CrrcChart *tile = crrc_observatoire_page_get_kpi_chart (page, "kpi-incidents");
    CrrcChart *map = crrc_observatoire_page_get_chart (page, "carte-des-departements");

    select_item (region, "Bourgogne-Franche-Comté");
    g_assert_true (crrc_observatoire_page_get_loading (page));
    wait_loaded (page);
    g_assert_true (crrc_observatoire_page_get_kpi_chart (page, "kpi-incidents") == tile);
    g_assert_true (crrc_observatoire_page_get_chart (page, "carte-des-departements") == map);
  }
  g_assert_cmpstr (crrc_observatoire_page_get_region (page), ==, "27");
  regional_value = kpi_value (page, "kpi-incidents");
  g_assert_cmpfloat (regional_value, >, 0);
  g_assert_cmpfloat (regional_value, <, 581);
  regional_incidents = kpi_description (page, "kpi-incidents");
  g_assert_cmpstr (regional_incidents, !=, national_incidents);
  regional = chart_descriptions (page);
  for (guint i = 0; i < regional->len; i++)
    g_assert_cmpstr (g_ptr_array_index (regional, i), !=, g_ptr_array_index (national, i));
  g_clear_pointer (&chips, g_free);
  chips = chips_text (page);
  g_assert_cmpstr (chips, ==, "Bourgogne-Franche-Comté");

  /* A department: its chip, and removing it from the chip. */
  crrc_observatoire_page_set_department (page, "21");
  wait_loaded (page);
  g_assert_cmpfloat (kpi_value (page, "kpi-incidents"), <, regional_value);
  g_clear_pointer (&chips, g_free);
  chips = chips_text (page);
  g_assert_cmpstr (chips, ==, "Bourgogne-Franche-Comté|Côte-d'Or");
  g_assert_cmpstr (selected_text (page_child (page, "department_dropdown")), ==, "Côte-d'Or (21)");
  click_chip (page, "Côte-d'Or");
  g_assert_null (crrc_observatoire_page_get_department (page));
  wait_loaded (page);
  g_assert_cmpfloat (kpi_value (page, "kpi-incidents"), ==, regional_value);
  g_clear_pointer (&chips, g_free);
  chips = chips_text (page);
  g_assert_cmpstr (chips, ==, "Bourgogne-Franche-Comté");

  /* The region's chip goes back to the centre's region: all of France. */
  click_chip (page, "Bourgogne-Franche-Comté");
  g_assert_null (crrc_observatoire_page_get_region (page));
  wait_loaded (page);
  assert_kpi (page, "kpi-incidents", 581, "581");

  /* 2022, from the drop-down. */
  select_item (year, "2022");
  wait_loaded (page);
  g_assert_cmpint (crrc_observatoire_page_get_year (page), ==, 2022);
  assert_kpi (page, "kpi-incidents", 592, "592");
  g_clear_pointer (&chips, g_free);
  chips = chips_text (page);
  g_assert_cmpstr (chips, ==, "2022");

  /* Drilling down from a tile opens the list of its establishments. */
  g_signal_emit_by_name (crrc_observatoire_page_get_kpi_chart (page, "kpi-incidents"), "item-activated", 4, 0);
  dialog = find_drilldown ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (ui_test_get_window (app)));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* No incident: Wallis-et-Futuna's malicious ones. */
  crrc_observatoire_page_set_department (page, "986");
  crrc_observatoire_page_set_origin (page, "malicious");
  wait_loaded (page);
  g_assert_cmpfloat (kpi_value (page, "kpi-incidents"), ==, 0);
  g_assert_cmpstr (crrc_observatoire_page_get_state (page), ==, "no-results");
  g_assert_true (gtk_widget_get_mapped (page_child (page, "reset_button")));
  g_assert_false (gtk_widget_get_mapped (page_child (page, "kpi_box")));
  g_signal_emit_by_name (page_child (page, "reset_button"), "clicked");
  g_assert_true (crrc_observatoire_page_get_loading (page));
  wait_loaded (page);
  g_assert_cmpstr (crrc_observatoire_page_get_state (page), ==, "results");
  g_assert_null (crrc_observatoire_page_get_department (page));
  g_assert_null (crrc_observatoire_page_get_origin (page));
  g_assert_cmpint (crrc_observatoire_page_get_year (page), ==, 2023);
  g_clear_pointer (&chips, g_free);
  chips = chips_text (page);
  g_assert_cmpstr (chips, ==, "");

  /* Filters to find again after a restart. */
  select_item (year, "2022");
  select_item (region, "Bourgogne-Franche-Comté");
  crrc_observatoire_page_set_sector (page, "sanitaire");
  crrc_observatoire_page_set_map_mode (page, "per-establishment");
  wait_loaded (page);
  restored_incidents = kpi_value (page, "kpi-incidents");
  g_assert_cmpfloat (restored_incidents, >, 0);
  g_assert_cmpfloat (restored_incidents, <, 592);
}

static void
restart_body (CrrcApplication *app,
              gconstpointer    data)
{
  CrrcObservatoirePage *page = get_page (app);
  CrrcChartModel *map;
  g_autofree char *chips = NULL;

  g_assert_cmpint (crrc_observatoire_page_get_year (page), ==, 2022);
  g_assert_cmpstr (crrc_observatoire_page_get_region (page), ==, "27");
  g_assert_cmpstr (crrc_observatoire_page_get_sector (page), ==, "sanitaire");
  g_assert_null (crrc_observatoire_page_get_department (page));
  g_assert_cmpstr (crrc_observatoire_page_get_map_mode (page), ==, "per-establishment");
  g_assert_cmpfloat (kpi_value (page, "kpi-incidents"), ==, restored_incidents);
  g_assert_cmpstr (selected_text (page_child (page, "year_dropdown")), ==, "2022");
  g_assert_cmpstr (selected_text (page_child (page, "region_dropdown")), ==, "Bourgogne-Franche-Comté");
  g_assert_cmpstr (selected_text (page_child (page, "map_dropdown")), ==,
                   tr ("Per 100 establishments", "Pour 100 établissements"));
  chips = chips_text (page);
  g_assert_cmpstr (chips, ==, tr ("2022|Bourgogne-Franche-Comté|Health establishments",
                                  "2022|Bourgogne-Franche-Comté|Établissements sanitaires"));

  /* The map counts incidents per 100 establishments, the region's alone. */
  map = crrc_chart_get_model (crrc_observatoire_page_get_chart (page, "carte-des-departements"));
  g_assert_cmpint (crrc_chart_model_get_unit (map), ==, CRRC_CHART_UNIT_DECIMAL);
  g_assert_true (crrc_chart_model_is_emphasised (map, "21"));
  g_assert_false (crrc_chart_model_is_emphasised (map, "75"));
  g_assert_true (isnan (crrc_chart_model_get_value (map, 0, crrc_chart_model_find_category (map, "75"))));
  {
    double rate = crrc_chart_model_get_value (map, 0, crrc_chart_model_find_category (map, "21"));

    g_assert_true (isfinite (rate));
    g_assert_cmpfloat (rate, >, 0);
    g_assert_cmpfloat (rate, <, 100);
  }

  /* Back to counts. */
  select_item (page_child (page, "map_dropdown"), tr ("Incidents", "Incidents"));
  g_assert_cmpstr (crrc_observatoire_page_get_map_mode (page), ==, "count");
  wait_loaded (page);
  map = crrc_chart_get_model (crrc_observatoire_page_get_chart (page, "carte-des-departements"));
  g_assert_cmpint (crrc_chart_model_get_unit (map), ==, CRRC_CHART_UNIT_COUNT);
}

static void
test_filters (void)
{
  reset_settings ();
  ui_test_run_app (filters_body, NULL);
  ui_test_run_app (restart_body, NULL);
}

/* Tab goes through the filters, then the key figures and the charts. */
static void
keyboard_body (CrrcApplication *app,
               gconstpointer    data)
{
  CrrcObservatoirePage *page = get_page (app);
  GtkWindow *window = GTK_WINDOW (ui_test_get_window (app));
  const char *filters[] = { "year_dropdown", "region_dropdown", "department_dropdown",
                            "sector_dropdown", "origin_dropdown" };
  gboolean reached_kpi = FALSE;
  gboolean reached_chart = FALSE;

  gtk_widget_grab_focus (page_child (page, "year_dropdown"));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (window), page_child (page, "year_dropdown")) ||
                 gtk_window_get_focus (window) == page_child (page, "year_dropdown"));

  for (guint i = 1; i < G_N_ELEMENTS (filters); i++)
    {
      GtkWidget *dropdown = page_child (page, filters[i]);

      ui_test_type_keys (window, "Tab");
      WAIT_FOR (gtk_widget_has_focus (dropdown) ||
                (gtk_window_get_focus (window) != NULL &&
                 gtk_widget_is_ancestor (gtk_window_get_focus (window), dropdown)));
    }

  for (guint i = 0; i < 30 && !(reached_kpi && reached_chart); i++)
    {
      GtkWidget *focus;

      ui_test_type_keys (window, "Tab");
      ui_test_settle ();
      focus = gtk_window_get_focus (window);
      if (CRRC_IS_CHART (focus) && crrc_observatoire_page_get_kpi_chart (page, "kpi-incidents") == CRRC_CHART (focus))
        reached_kpi = TRUE;
      if (CRRC_IS_CHART (focus) && gtk_widget_get_ancestor (focus, CRRC_TYPE_CHART_CARD) != NULL)
        reached_chart = TRUE;
    }
  g_assert_true (reached_kpi);
  g_assert_true (reached_chart);

  /* F5 presents the charts, from the one with the focus; only from the
   * Observatoire. */
  ui_test_type_keys (window, "F5");
  WAIT_FOR (find_presentation () != NULL);
  g_assert_cmpuint (crrc_presentation_window_get_n_charts (find_presentation ()), ==,
                    G_N_ELEMENTS (chart_ids));
  g_assert_cmpuint (crrc_presentation_window_get_index (find_presentation ()), ==, 0);
  gtk_window_destroy (GTK_WINDOW (find_presentation ()));
  ui_test_settle ();

  ui_test_type_keys (window, "alt+4");
  WAIT_FOR (g_strcmp0 (crrc_window_get_visible_page (CRRC_WINDOW (window)), "synchronisation") == 0);
  ui_test_type_keys (window, "F5");
  ui_test_settle ();
  g_assert_null (find_presentation ());
}

/* An empty cache: what to do about it; a sync that fails: a banner. */
static void
empty_body (CrrcApplication *app,
            gconstpointer    data)
{
  CrrcObservatoirePage *page = CRRC_OBSERVATOIRE_PAGE (window_child (app, "observatoire_page"));
  CrrcSyncPage *sync_page = CRRC_SYNC_PAGE (window_child (app, "sync_page"));
  CrrcWindow *window = ui_test_get_window (app);
  CrrcBanner *banner = CRRC_BANNER (page_child (page, "sync_banner"));

  WAIT_FOR (g_strcmp0 (crrc_observatoire_page_get_state (page), "empty") == 0 &&
            !crrc_observatoire_page_get_loading (page));
  g_assert_null (crrc_observatoire_page_get_charts (page));
  g_assert_cmpint (crrc_observatoire_page_get_year (page), ==, 0);
  g_assert_true (gtk_widget_get_mapped (page_child (page, "empty_button")));
  g_assert_false (crrc_banner_get_revealed (banner));

  /* Nothing to present. */
  ui_test_type_keys (GTK_WINDOW (window), "F5");
  ui_test_settle ();
  g_assert_null (find_presentation ());

  /* The feed cannot be reached. */
  g_assert_true (crrc_sync_page_start_sync (sync_page, FALSE));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_busy (sync_page), 30);
  WAIT_FOR (crrc_banner_get_revealed (banner));
  g_assert_true (crrc_banner_get_error (banner));
  g_assert_cmpstr (crrc_banner_get_title (banner), ==,
                   tr ("The last synchronisation failed: the figures may be out of date.",
                       "La dernière synchronisation a échoué" NBSP ": les chiffres ne sont peut-être pas à jour."));
  g_assert_cmpstr (crrc_observatoire_page_get_state (page), ==, "empty");

  g_signal_emit_by_name (banner, "button-clicked");
  g_assert_cmpstr (crrc_window_get_visible_page (window), ==, "synchronisation");

  crrc_window_set_visible_page (window, "observatoire");
  g_signal_emit_by_name (page_child (page, "empty_button"), "clicked");
  g_assert_cmpstr (crrc_window_get_visible_page (window), ==, "synchronisation");
}

static void
test_empty (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  reset_settings ();
  g_settings_set_boolean (settings, "show-demo-data", FALSE);
  /* Nothing listens on the discard port. */
  g_settings_set_string (settings, "feed-url", "http://127.0.0.1:9/");
  ui_test_run_app (empty_body, NULL);
}

static void
test_keyboard (void)
{
  reset_settings ();
  ui_test_run_app (keyboard_body, NULL);
}

/* For screenshots (tools/window-shot): CRRC_TEST_SHOW=seconds keeps the
 * page on screen, at CRRC_TEST_SHOW_SIZE ("1280x800"), filtered on
 * CRRC_TEST_SHOW_REGION (and _DEPARTMENT), the map in CRRC_TEST_SHOW_MAP
 * mode, scrolled by CRRC_TEST_SHOW_SCROLL pixels. */
static void
show_body (CrrcApplication *app,
           gconstpointer    data)
{
  CrrcObservatoirePage *page = get_page (app);
  GtkWindow *window = GTK_WINDOW (ui_test_get_window (app));
  const char *size = g_getenv ("CRRC_TEST_SHOW_SIZE");
  const char *region = g_getenv ("CRRC_TEST_SHOW_REGION");
  const char *scroll = g_getenv ("CRRC_TEST_SHOW_SCROLL");
  gboolean done = FALSE;
  int width = 1280, height = 800;

  if (size != NULL)
    sscanf (size, "%dx%d", &width, &height);
  gtk_window_set_default_size (window, width, height);
  if (region != NULL)
    crrc_observatoire_page_set_region (page, region);
  if (g_getenv ("CRRC_TEST_SHOW_DEPARTMENT") != NULL)
    crrc_observatoire_page_set_department (page, g_getenv ("CRRC_TEST_SHOW_DEPARTMENT"));
  crrc_observatoire_page_set_year (page, 2023);
  if (g_getenv ("CRRC_TEST_SHOW_MAP") != NULL)
    crrc_observatoire_page_set_map_mode (page, g_getenv ("CRRC_TEST_SHOW_MAP"));
  wait_loaded (page);
  if (scroll != NULL)
    {
      GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (page_child (page, "kpi_box"),
                                                                                   GTK_TYPE_SCROLLED_WINDOW));

      ui_test_settle ();
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), g_ascii_strtod (scroll, NULL));
    }

  g_timeout_add_seconds (atoi (g_getenv ("CRRC_TEST_SHOW")), ui_test_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_show (void)
{
  reset_settings ();
  ui_test_run_app (show_body, NULL);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  ui_test_add ("/ui/observatoire/filters", test_filters);
  ui_test_add ("/ui/observatoire/keyboard", test_keyboard);
  ui_test_add ("/ui/observatoire/empty", test_empty);
  if (g_getenv ("CRRC_TEST_SHOW") != NULL)
    ui_test_add ("/ui/observatoire/show", test_show);

  return ui_test_run ();
}
