/* test-window.c: the application window under a real X server
 *
 * Each test runs the real CrrcApplication with g_application_run() on a cache
 * in a temporary folder, drives it, and quits. Keys are typed through the X
 * server with xdotool, so the shortcuts are tested as a user presses them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>

#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "crrc-application.h"
#include "crrc-banner.h"
#include "crrc-preferences-window.h"
#include "crrc-window.h"

typedef void (*TestBody) (CrrcApplication *app,
                          gconstpointer    data);

typedef struct
{
  TestBody       body;
  gconstpointer  data;
} TestCall;

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

static char *test_dir;

static gboolean
expect_french (void)
{
  return g_strcmp0 (g_getenv ("CRRC_TEST_EXPECT"), "fr") == 0;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition holds, failing after five seconds. */
#define WAIT_FOR(condition)                                                 \
  G_STMT_START {                                                            \
    gboolean timed_out_ = FALSE;                                            \
    guint timeout_id_ = g_timeout_add_seconds (5, timeout_cb, &timed_out_); \
    while (!(condition) && !timed_out_)                                     \
      g_main_context_iteration (NULL, TRUE);                                \
    if (!timed_out_)                                                        \
      g_source_remove (timeout_id_);                                        \
    if (!(condition))                                                       \
      g_error ("Timed out waiting for: %s", #condition);                    \
  } G_STMT_END

static void
settle (void)
{
  gboolean done = FALSE;

  g_timeout_add (100, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Types @keys (xdotool syntax, e.g. "alt+2") into @window, through the X
 * server. There is no window manager under Xvfb, so the window is given the
 * input focus first. */
static void
type_keys (GtkWindow  *window,
           const char *keys)
{
  g_autoptr(GError) error = NULL;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  const char *argv[] = { "xdotool", "windowfocus", "--sync", xid, "key", "--clearmodifiers", keys, NULL };
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

static CrrcWindow *
get_window (CrrcApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (CRRC_IS_WINDOW (window));
  return CRRC_WINDOW (window);
}

static gboolean
store_attempted (CrrcApplication *app)
{
  return crrc_application_get_store (app) != NULL ||
         crrc_application_get_store_error (app) != NULL;
}

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

static gboolean
run_body_cb (gpointer user_data)
{
  TestCall *call = user_data;
  GApplication *app = g_application_get_default ();
  CrrcWindow *window = get_window (CRRC_APPLICATION (app));

  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)) && store_attempted (CRRC_APPLICATION (app)));

  call->body (CRRC_APPLICATION (app), call->data);

  /* Leave no window behind for the next test's application. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);

  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *app,
             TestCall     *call)
{
  g_idle_add (run_body_cb, call);
}

static char *
cache_path (void)
{
  return g_build_filename (test_dir, "cache", "crrc.db", NULL);
}

/* Runs the application on the test's cache and calls @body once its window
 * is on screen. */
static void
run_app (TestBody      body,
         gconstpointer data)
{
  g_autoptr(CrrcApplication) app = crrc_application_new ();
  g_autofree char *path = cache_path ();
  g_autofree char *cache_arg = g_strconcat ("--cache=", path, NULL);
  char *argv[] = { (char *) "crrc-dashboard", cache_arg, NULL };
  TestCall call = { body, data };
  int status;

  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), &call);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv);
  g_assert_cmpint (status, ==, 0);
}

/* The four pages exist, in order, with their titles in the user's language,
 * and each says what it will hold. */
static void
pages_body (CrrcApplication *app,
            gconstpointer    data)
{
  CrrcWindow *window = get_window (app);
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
                       expect_french () ? pages[i].title_fr : pages[i].title_en);
      g_assert_true (ADW_IS_STATUS_PAGE (child));
      g_assert_cmpuint (strlen (adw_status_page_get_description (ADW_STATUS_PAGE (child))), >, 40);
    }

  g_assert_cmpstr (crrc_window_get_visible_page (window), ==, "observatoire");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   expect_french () ? "Tableau de bord CRRC" : "CRRC Dashboard");
}

static void
test_pages (void)
{
  run_app (pages_body, NULL);
}

/* On a narrow window the view switcher moves to the bottom bar. */
static void
narrow_body (CrrcApplication *app,
             gconstpointer    data)
{
  CrrcWindow *window = get_window (app);
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
  run_app (narrow_body, NULL);
}

/* Alt+1…4 reach every page from the keyboard, typed through the X server. */
static void
keyboard_body (CrrcApplication *app,
               gconstpointer    data)
{
  CrrcWindow *window = get_window (app);
  static const char *keys[] = { "alt+2", "alt+3", "alt+4", "alt+1" };
  static const guint expected[] = { 1, 2, 3, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      type_keys (GTK_WINDOW (window), keys[i]);
      WAIT_FOR (g_strcmp0 (crrc_window_get_visible_page (window), pages[expected[i]].name) == 0);
    }

  /* Ctrl+, opens the preferences. */
  type_keys (GTK_WINDOW (window), "ctrl+comma");
  WAIT_FOR (find_preferences_window () != NULL);
  gtk_window_destroy (GTK_WINDOW (find_preferences_window ()));
}

static void
test_keyboard (void)
{
  run_app (keyboard_body, NULL);
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
  run_app (preferences_body, NULL);
}

static void
size_close_body (CrrcApplication *app,
                 gconstpointer    data)
{
  CrrcWindow *window = get_window (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  settle ();
  gtk_window_close (GTK_WINDOW (window));
}

static void
size_check_body (CrrcApplication *app,
                 gconstpointer    data)
{
  CrrcWindow *window = get_window (app);
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

  run_app (size_close_body, NULL);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  run_app (size_check_body, NULL);
}

static void
corrupt_body (CrrcApplication *app,
              gconstpointer    data)
{
  CrrcWindow *window = get_window (app);
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
  g_autofree char *path = cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_file_set_contents (path, "This is not an SQLite database, but a damaged file.\n", -1, &error);
  g_assert_no_error (error);

  run_app (corrupt_body, NULL);
}

static void
healthy_body (CrrcApplication *app,
              gconstpointer    data)
{
  CrrcWindow *window = get_window (app);
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
  g_autofree char *path = cache_path ();

  run_app (healthy_body, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }

  g_rmdir (path);
}

static void
fresh_state (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *dir = g_build_filename (test_dir, "cache", NULL);

  remove_tree (dir);
  g_settings_reset (settings, "feed-url");
  g_settings_reset (settings, "region");
  g_settings_reset (settings, "sync-interval");
  g_settings_reset (settings, "sync-on-metered");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

static void
run_fresh (gconstpointer data)
{
  GTestFunc func = (GTestFunc) data;

  fresh_state ();
  func ();
}

static void
add_test (const char *path,
          GTestFunc   func)
{
  g_test_add_data_func (path, (gconstpointer) func, run_fresh);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  test_dir = g_dir_make_tmp ("crrc-ui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", test_dir, TRUE);

  add_test ("/ui/window/pages", test_pages);
  add_test ("/ui/window/keyboard", test_keyboard);
  add_test ("/ui/window/narrow", test_narrow);
  add_test ("/ui/window/size-saved", test_window_size);
  add_test ("/ui/preferences/settings", test_preferences);
  add_test ("/ui/cache/new", test_new_cache);
  add_test ("/ui/cache/corrupt-moved-aside", test_corrupt_cache);

  status = g_test_run ();

  remove_tree (test_dir);
  g_free (test_dir);

  return status;
}
