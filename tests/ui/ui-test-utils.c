/* ui-test-utils.c: running the real application in the ui tests
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

#include "ui-test-utils.h"

typedef struct
{
  UiTestBody     body;
  gconstpointer  data;
} TestCall;

char *ui_test_dir;

gboolean
ui_test_expect_french (void)
{
  return g_strcmp0 (g_getenv ("CRRC_TEST_EXPECT"), "fr") == 0;
}

gboolean
ui_test_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
ui_test_settle (void)
{
  gboolean done = FALSE;

  g_timeout_add (100, ui_test_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Types @keys (xdotool syntax, e.g. "alt+2") into @window, through the X
 * server. There is no window manager under Xvfb, so the window is given the
 * input focus first. */
void
ui_test_type_keys (GtkWindow  *window,
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

CrrcWindow *
ui_test_get_window (CrrcApplication *app)
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

static gboolean
run_body_cb (gpointer user_data)
{
  TestCall *call = user_data;
  GApplication *app = g_application_get_default ();
  CrrcWindow *window = ui_test_get_window (CRRC_APPLICATION (app));

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

char *
ui_test_cache_path (void)
{
  return g_build_filename (ui_test_dir, "cache", "crrc.db", NULL);
}

/* Runs the application on the test's cache and calls @body once its window
 * is on screen. */
void
ui_test_run_app (UiTestBody    body,
                 gconstpointer data)
{
  g_autoptr(CrrcApplication) app = crrc_application_new ();
  g_autofree char *path = ui_test_cache_path ();
  g_autofree char *cache_arg = g_strconcat ("--cache=", path, NULL);
  char *argv[] = { (char *) "crrc-dashboard", cache_arg, NULL };
  TestCall call = { body, data };
  int status;

  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), &call);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv);
  g_assert_cmpint (status, ==, 0);
}

void
ui_test_remove_tree (const char *path)
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
      ui_test_remove_tree (child);
    }

  g_rmdir (path);
}

static void
fresh_state (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *dir = g_build_filename (ui_test_dir, "cache", NULL);

  ui_test_remove_tree (dir);
  g_settings_reset (settings, "feed-url");
  g_settings_reset (settings, "region");
  g_settings_reset (settings, "sync-interval");
  g_settings_reset (settings, "sync-on-metered");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
  /* No test loads the demonstration data unless it asks for it. */
  g_settings_set_boolean (settings, "show-demo-data", FALSE);
}

static void
run_fresh (gconstpointer data)
{
  GTestFunc func = (GTestFunc) data;

  fresh_state ();
  func ();
}

/* Adds a test that starts from no cache and default settings, but for
 * the demonstration data, off. */
void
ui_test_add (const char *path,
             GTestFunc   func)
{
  g_test_add_data_func (path, (gconstpointer) func, run_fresh);
}

void
ui_test_init (int    *argc,
              char ***argv)
{
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  /* gtk_test_init() sets a fixed locale; the application runs in the
   * user's, for its dates and numbers as well as its messages. */
  setlocale (LC_ALL, "");

  ui_test_dir = g_dir_make_tmp ("crrc-ui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", ui_test_dir, TRUE);
}

/* Runs the tests, then removes the temporary folder. */
int
ui_test_run (void)
{
  int status = g_test_run ();

  ui_test_remove_tree (ui_test_dir);
  g_clear_pointer (&ui_test_dir, g_free);

  return status;
}
