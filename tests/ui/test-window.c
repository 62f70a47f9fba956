/* test-window.c: the application window under a real X server
 *
 * Each test runs the real CrrcApplication on a cache in a temporary folder
 * (see ui-test-utils.c), drives it, and quits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "crrc-application.h"
#include "crrc-feed-token.h"
#include "crrc-banner.h"
#include "crrc-campagnes-page.h"
#include "crrc-preferences-window.h"
#include "crrc-etablissements-page.h"
#include "crrc-observatoire-page.h"
#include "crrc-sync-page.h"
#include "crrc-window.h"
#include "ui-test-utils.h"

/* Page names and the titles a user sees, in English and in French. */
typedef struct
{
  const char *name;
  const char *title_en;
  const char *title_fr;
} PageInfo;

static const PageInfo pages[] = {
  { "observatoire", "Observatory", "Observatoire" },
  { "etablissements", "Establishments", "Établissements" },
  { "campagnes", "Campaigns", "Campagnes" },
  { "synchronisation", "Sync", "Synchronisation" },
};

static CrrcPreferencesWindow *
find_preferences_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CRRC_IS_PREFERENCES_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return CRRC_PREFERENCES_WINDOW (window);
    }

  return NULL;
}

/* The four pages exist, in order, with their titles in the user's language,
 * and each placeholder says what its page will hold. */
static void
pages_body (CrrcApplication *app,
            gconstpointer    data)
{
  CrrcWindow *window = ui_test_get_window (app);
  AdwViewStack *stack;
  g_autoptr(GtkSelectionModel) model = NULL;

  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), CRRC_TYPE_WINDOW, "stack"));
  model = adw_view_stack_get_pages (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, G_N_ELEMENTS (pages));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (model), i);
      GtkWidget *child = adw_view_stack_page_get_child (page);

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, pages[i].name);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==,
                       ui_test_expect_french () ? pages[i].title_fr : pages[i].title_en);

      /* Each page is tested on its own: see test-sync-page.c,
       * test-observatoire.c, test-etablissements.c and test-campagnes.c. */
      if (g_str_equal (pages[i].name, "synchronisation"))
        {
          g_assert_true (CRRC_IS_SYNC_PAGE (child));
          continue;
        }
      if (g_str_equal (pages[i].name, "observatoire"))
        {
          g_assert_true (CRRC_IS_OBSERVATOIRE_PAGE (child));
          continue;
        }
      if (g_str_equal (pages[i].name, "etablissements"))
        {
          g_assert_true (CRRC_IS_ETABLISSEMENTS_PAGE (child));
          continue;
        }

      g_assert_cmpstr (pages[i].name, ==, "campagnes");
      g_assert_true (CRRC_IS_CAMPAGNES_PAGE (child));
    }

  g_assert_cmpstr (crrc_window_get_visible_page (window), ==, "observatoire");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   ui_test_expect_french () ? "Tableau de bord CRRC" : "CRRC Dashboard");
}

static void
test_pages (void)
{
  ui_test_run_app (pages_body, NULL);
}

/* On a narrow window the view switcher moves to the bottom bar. */
static void
narrow_body (CrrcApplication *app,
             gconstpointer    data)
{
  CrrcWindow *window = ui_test_get_window (app);
  AdwViewSwitcherBar *bar;

  bar = ADW_VIEW_SWITCHER_BAR (gtk_widget_get_template_child (GTK_WIDGET (window), CRRC_TYPE_WINDOW, "switcher_bar"));
  g_assert_false (adw_view_switcher_bar_get_reveal (bar));

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
  WAIT_FOR (adw_view_switcher_bar_get_reveal (bar));

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  WAIT_FOR (!adw_view_switcher_bar_get_reveal (bar));
}

static void
test_narrow (void)
{
  ui_test_run_app (narrow_body, NULL);
}

/* Alt+1…4 reach every page from the keyboard, typed through the X server. */
static void
keyboard_body (CrrcApplication *app,
               gconstpointer    data)
{
  CrrcWindow *window = ui_test_get_window (app);
  static const char *keys[] = { "alt+2", "alt+3", "alt+4", "alt+1" };
  static const guint expected[] = { 1, 2, 3, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      ui_test_type_keys (GTK_WINDOW (window), keys[i]);
      WAIT_FOR (g_strcmp0 (crrc_window_get_visible_page (window), pages[expected[i]].name) == 0);
    }

  /* Ctrl+, opens the preferences. */
  ui_test_type_keys (GTK_WINDOW (window), "ctrl+comma");
  WAIT_FOR (find_preferences_window () != NULL);
  gtk_window_destroy (GTK_WINDOW (find_preferences_window ()));
}

static void
test_keyboard (void)
{
  ui_test_run_app (keyboard_body, NULL);
}

static GtkWidget *
preferences_child (CrrcPreferencesWindow *preferences,
                   const char            *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                  CRRC_TYPE_PREFERENCES_WINDOW,
                                                  name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static guint
find_string (GListModel *model,
             const char *text)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), text))
        return i;
    }

  g_error ("“%s” is not in the list", text);
  return G_MAXUINT;
}

/* Every preference is bound to its GSettings key, both ways. */
static void
preferences_body (CrrcApplication *app,
                  gconstpointer    data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  CrrcPreferencesWindow *preferences;
  AdwComboRow *region_row;
  AdwComboRow *interval_row;
  GtkSwitch *metered_switch;
  GtkWidget *feed_url_row;
  g_autofree char *url = NULL;
  g_autofree char *region = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  WAIT_FOR (find_preferences_window () != NULL);
  preferences = find_preferences_window ();

  region_row = ADW_COMBO_ROW (preferences_child (preferences, "region_row"));
  interval_row = ADW_COMBO_ROW (preferences_child (preferences, "sync_interval_row"));
  metered_switch = GTK_SWITCH (preferences_child (preferences, "metered_switch"));
  feed_url_row = preferences_child (preferences, "feed_url_row");

  /* Region: 18 regions and the whole of France, the default. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (region_row)), ==, 19);
  g_assert_cmpuint (adw_combo_row_get_selected (region_row), ==, 0);
  adw_combo_row_set_selected (region_row,
                              find_string (adw_combo_row_get_model (region_row), "Bourgogne-Franche-Comté"));
  region = g_settings_get_string (settings, "region");
  g_assert_cmpstr (region, ==, "27");
  g_settings_set_string (settings, "region", "94");
  g_assert_cmpuint (adw_combo_row_get_selected (region_row), ==,
                    find_string (adw_combo_row_get_model (region_row), "Corse"));

  /* Automatic synchronisation: off, hourly, daily. */
  g_assert_cmpstr (g_settings_get_enum (settings, "sync-interval") == 2 ? "daily" : "other", ==, "daily");
  g_assert_cmpuint (adw_combo_row_get_selected (interval_row), ==, 2);
  adw_combo_row_set_selected (interval_row, 0);
  g_assert_cmpint (g_settings_get_enum (settings, "sync-interval"), ==, 0);
  adw_combo_row_set_selected (interval_row, 1);
  g_assert_cmpint (g_settings_get_enum (settings, "sync-interval"), ==, 1);

  /* Metered networks. */
  g_assert_false (gtk_switch_get_active (metered_switch));
  gtk_switch_set_active (metered_switch, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "sync-on-metered"));

  /* Feed address: plain http to another computer is refused and not saved. */
  gtk_editable_set_text (GTK_EDITABLE (feed_url_row), "http://feeds.example.org/crrc/");
  g_signal_emit_by_name (feed_url_row, "apply");
  url = g_settings_get_string (settings, "feed-url");
  g_assert_cmpstr (url, ==, "");
  g_assert_true (gtk_widget_has_css_class (feed_url_row, "error"));
  g_clear_pointer (&url, g_free);

  /* Editing clears the error; https is saved, trimmed. */
  gtk_editable_set_text (GTK_EDITABLE (feed_url_row), " https://feeds.example.org/crrc/ ");
  g_assert_false (gtk_widget_has_css_class (feed_url_row, "error"));
  g_signal_emit_by_name (feed_url_row, "apply");
  url = g_settings_get_string (settings, "feed-url");
  g_assert_cmpstr (url, ==, "https://feeds.example.org/crrc/");

  /* The access token goes to the keyring, under the feed's address, and
   * leaves the entry; it is in no setting. */
  {
    GtkWidget *token_row = preferences_child (preferences, "token_row");
    GtkWidget *token_status = preferences_child (preferences, "token_status_label");
    g_autoptr(GSettingsSchema) schema = NULL;
    g_auto(GStrv) keys = NULL;
    g_autofree char *stored = NULL;

    gtk_editable_set_text (GTK_EDITABLE (token_row), "sentinel-token-42");
    g_signal_emit_by_name (token_row, "apply");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (token_row)), ==, "");
    WAIT_FOR (gtk_widget_get_visible (token_status));
    stored = crrc_feed_token_lookup ("https://feeds.example.org/crrc/", NULL, NULL);
    g_assert_cmpstr (stored, ==, "sentinel-token-42");

    g_object_get (settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
        g_autofree char *text = g_variant_print (value, FALSE);

        g_assert_null (strstr (text, "sentinel-token-42"));
      }
    g_assert_true (crrc_feed_token_clear ("https://feeds.example.org/crrc/", NULL, NULL));
  }
  g_clear_pointer (&url, g_free);

  /* Loopback http is accepted (a local reference server). */
  gtk_editable_set_text (GTK_EDITABLE (feed_url_row), "http://127.0.0.1:8080/");
  g_signal_emit_by_name (feed_url_row, "apply");
  url = g_settings_get_string (settings, "feed-url");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:8080/");

  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_preferences (void)
{
  ui_test_run_app (preferences_body, NULL);
}

static void
size_close_body (CrrcApplication *app,
                 gconstpointer    data)
{
  CrrcWindow *window = ui_test_get_window (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  ui_test_settle ();
  gtk_window_close (GTK_WINDOW (window));
}

static void
size_check_body (CrrcApplication *app,
                 gconstpointer    data)
{
  CrrcWindow *window = ui_test_get_window (app);
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
}

/* The window size is saved on close and restored at the next start. */
static void
test_window_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  ui_test_run_app (size_close_body, NULL);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  ui_test_run_app (size_check_body, NULL);
}

static void
corrupt_body (CrrcApplication *app,
              gconstpointer    data)
{
  CrrcWindow *window = ui_test_get_window (app);
  CrrcBanner *banner;
  const char *recovered;

  g_assert_nonnull (crrc_application_get_store (app));
  recovered = crrc_store_get_recovered_path (crrc_application_get_store (app));
  g_assert_nonnull (recovered);

  banner = CRRC_BANNER (gtk_widget_get_template_child (GTK_WIDGET (window), CRRC_TYPE_WINDOW, "banner"));
  WAIT_FOR (crrc_banner_get_revealed (banner));
  g_assert_true (crrc_banner_get_error (banner));
  g_assert_nonnull (strstr (crrc_banner_get_title (banner), recovered));
  g_assert_nonnull (crrc_banner_get_button_label (banner));
}

/* A damaged cache is moved aside and the window says where it went. */
static void
test_corrupt_cache (void)
{
  g_autofree char *path = ui_test_cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_file_set_contents (path, "This is not an SQLite database, but a damaged file.\n", -1, &error);
  g_assert_no_error (error);

  ui_test_run_app (corrupt_body, NULL);
}

static void
healthy_body (CrrcApplication *app,
              gconstpointer    data)
{
  CrrcWindow *window = ui_test_get_window (app);
  CrrcBanner *banner;

  g_assert_nonnull (crrc_application_get_store (app));
  g_assert_null (crrc_store_get_recovered_path (crrc_application_get_store (app)));
  banner = CRRC_BANNER (gtk_widget_get_template_child (GTK_WIDGET (window), CRRC_TYPE_WINDOW, "banner"));
  g_assert_false (crrc_banner_get_revealed (banner));
}

/* A fresh cache is created quietly, with its folder, at the given path. */
static void
test_new_cache (void)
{
  g_autofree char *path = ui_test_cache_path ();

  ui_test_run_app (healthy_body, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  ui_test_add ("/ui/window/pages", test_pages);
  ui_test_add ("/ui/window/keyboard", test_keyboard);
  ui_test_add ("/ui/window/narrow", test_narrow);
  ui_test_add ("/ui/window/size-saved", test_window_size);
  ui_test_add ("/ui/preferences/settings", test_preferences);
  ui_test_add ("/ui/cache/new", test_new_cache);
  ui_test_add ("/ui/cache/corrupt-moved-aside", test_corrupt_cache);

  return ui_test_run ();
}
