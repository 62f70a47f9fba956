/* test-secrets.c: the feed's access token in the preferences — in the
 * keyring, or for this session only by choice or for want of a keyring —
 * and "Delete Local Data"
 *
 * Without arguments the test runs in tests/keyring/with-keyring.sh (a real
 * GNOME Keyring). With --no-keyring it runs in a D-Bus session where no
 * Secret Service can start (tests/keyring/no-keyring-session.conf).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "crrc-feed-token.h"
#include "crrc-preferences-window.h"
#include "crrc-test-feed-server.h"
#include "pages/crrc-sync-page.h"
#include "ui-test-utils.h"

#define TOKEN "ui-sentinel-5be0c3d7a1"
#define SYNC_TIMEOUT 60

static gboolean no_keyring;

static struct
{
  char               *feed_dir;
  CrrcTestFeedServer *server;
} fixture;

static const char *
tr (const char *en,
    const char *fr)
{
  return ui_test_expect_french () ? fr : en;
}

static const char *
server_url (void)
{
  return crrc_test_feed_server_get_base_url (fixture.server);
}

static void
start_server (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;

  fixture.feed_dir = crrc_test_feed_dir_copy (SAMPLE_DIR, &error);
  g_assert_no_error (error);
  fixture.server = crrc_test_feed_server_new (fixture.feed_dir, &error);
  g_assert_no_error (error);
  crrc_test_feed_server_set_token (fixture.server, TOKEN);

  g_settings_set_string (settings, "sync-interval", "off");
  g_settings_set_string (settings, "feed-url", server_url ());
  g_settings_reset (settings, "remember-token");
}

static void
stop_server (void)
{
  g_clear_pointer (&fixture.server, crrc_test_feed_server_free);
  crrc_test_feed_dir_remove (fixture.feed_dir);
  g_clear_pointer (&fixture.feed_dir, g_free);
}

static CrrcPreferencesWindow *
find_preferences_window (void)
{
  GListModel *windows = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (windows, i);

      if (CRRC_IS_PREFERENCES_WINDOW (window))
        return CRRC_PREFERENCES_WINDOW (window);
    }

  return NULL;
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *windows = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (windows, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static GtkWidget *
preferences_child (CrrcPreferencesWindow *preferences,
                   const char            *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                  CRRC_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* What a click on the dialog's button does: the response, then closing. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static CrrcPreferencesWindow *
open_preferences (CrrcApplication *app)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  WAIT_FOR (find_preferences_window () != NULL);

  return find_preferences_window ();
}

static gboolean
status_is (CrrcPreferencesWindow *preferences,
           const char            *text)
{
  GtkWidget *status = preferences_child (preferences, "token_status_label");

  return gtk_widget_get_visible (status) && g_str_equal (gtk_label_get_text (GTK_LABEL (status)), text);
}

static void
apply_token (CrrcPreferencesWindow *preferences,
             const char            *token)
{
  GtkWidget *token_row = preferences_child (preferences, "token_row");

  gtk_editable_set_text (GTK_EDITABLE (token_row), token);
  g_signal_emit_by_name (token_row, "apply");
  /* The secret leaves the entry at once. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (token_row)), ==, "");
}

static char *
keyring_token (void)
{
  g_autoptr(GError) error = NULL;
  char *token = crrc_feed_token_lookup (server_url (), NULL, &error);

  g_assert_no_error (error);
  return token;
}

/* No setting holds the token, whatever its key. */
static void
assert_not_in_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      if (strstr (text, TOKEN) != NULL)
        g_error ("The setting %s holds the token", keys[i]);
    }
}

static gint64
count_establishments (void)
{
  g_autofree char *path = ui_test_cache_path ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM establishments", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return count;
}

/* Syncs from the sync page; returns the number of establishments then. */
static gint64
sync_now (CrrcApplication *app)
{
  CrrcWindow *window = ui_test_get_window (app);
  CrrcSyncPage *page = CRRC_SYNC_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                      CRRC_TYPE_WINDOW,
                                                                      "sync_page"));

  crrc_window_set_visible_page (window, "synchronisation");
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (page)) && crrc_sync_page_get_can_sync (page));
  g_assert_true (crrc_sync_page_start_sync (page, FALSE));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_busy (page), SYNC_TIMEOUT);

  return count_establishments ();
}

/* "Remember the Token" off: the token is used for this session only. */
static void
session_only_body (CrrcApplication *app,
                   gconstpointer    data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  CrrcPreferencesWindow *preferences;
  GtkSwitch *remember;

  preferences = open_preferences (app);
  remember = GTK_SWITCH (preferences_child (preferences, "remember_token_switch"));
  g_assert_true (gtk_switch_get_active (remember));
  gtk_switch_set_active (remember, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "remember-token"));

  apply_token (preferences, TOKEN);
  WAIT_FOR (status_is (preferences, tr ("For this session only", "Pour cette session seulement")));
  g_assert_cmpstr (crrc_application_get_session_token (app, server_url ()), ==, TOKEN);
  /* Only for the feed it was given for. */
  g_assert_null (crrc_application_get_session_token (app, "https://other.example.org/"));
  if (!no_keyring)
    {
      g_autofree char *stored = keyring_token ();

      g_assert_null (stored);
    }
  assert_not_in_settings ();
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* The sync uses it: the feed refuses any request without it. */
  g_assert_cmpint (sync_now (app), >, 0);
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture.server, "/manifest.json"), >=, 1);
}

static void
test_session_only (void)
{
  start_server ();
  ui_test_run_app (session_only_body, NULL);
  stop_server ();
}

/* With a keyring: saved there; turning "Remember" off moves it out. */
static void
keyring_body (CrrcApplication *app,
              gconstpointer    data)
{
  CrrcPreferencesWindow *preferences = open_preferences (app);
  GtkSwitch *remember = GTK_SWITCH (preferences_child (preferences, "remember_token_switch"));
  g_autofree char *stored = NULL;

  apply_token (preferences, TOKEN);
  WAIT_FOR (status_is (preferences, tr ("Stored in the keyring", "Enregistré dans le trousseau")));
  stored = keyring_token ();
  g_assert_cmpstr (stored, ==, TOKEN);
  g_assert_null (crrc_application_get_session_token (app, server_url ()));
  assert_not_in_settings ();

  /* A new start would find it: the sync works from the keyring. */
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_assert_cmpint (sync_now (app), >, 0);

  preferences = open_preferences (app);
  remember = GTK_SWITCH (preferences_child (preferences, "remember_token_switch"));
  gtk_switch_set_active (remember, FALSE);
  WAIT_FOR (status_is (preferences, tr ("For this session only", "Pour cette session seulement")));
  g_clear_pointer (&stored, g_free);
  stored = keyring_token ();
  while (stored != NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      g_clear_pointer (&stored, g_free);
      stored = keyring_token ();
    }
  g_assert_cmpstr (crrc_application_get_session_token (app, server_url ()), ==, TOKEN);
  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_keyring (void)
{
  start_server ();
  ui_test_run_app (keyring_body, NULL);
  stop_server ();
}

/* No keyring: a clear message, and the choice to use it for this session. */
static void
no_keyring_body (CrrcApplication *app,
                 gconstpointer    data)
{
  CrrcPreferencesWindow *preferences = open_preferences (app);
  AdwMessageDialog *dialog;

  apply_token (preferences, TOKEN);
  UI_TEST_WAIT_FOR_SECONDS (find_dialog () != NULL, 30);
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   tr ("No Keyring Available", "Aucun trousseau disponible"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            tr ("never written anywhere else", "jamais écrit ailleurs")));
  g_assert_true (adw_message_dialog_has_response (dialog, "session"));
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  /* Nothing is kept before the analyst chooses. */
  g_assert_null (crrc_application_get_session_token (app, server_url ()));

  respond (dialog, "session");
  WAIT_FOR (status_is (preferences, tr ("For this session only", "Pour cette session seulement")));
  g_assert_cmpstr (crrc_application_get_session_token (app, server_url ()), ==, TOKEN);
  assert_not_in_settings ();
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_assert_cmpint (sync_now (app), >, 0);
}

static void
test_no_keyring (void)
{
  start_server ();
  ui_test_run_app (no_keyring_body, NULL);
  stop_server ();
}

static void
data_changed_cb (CrrcApplication *app,
                 gboolean        *changed)
{
  *changed = TRUE;
}

/* "Delete Local Data": asks first, then empties the cache, and can forget
 * the token too. */
static void
purge_body (CrrcApplication *app,
            gconstpointer    data)
{
  CrrcPreferencesWindow *preferences;
  AdwMessageDialog *dialog;
  GtkWidget *purge_button;
  gboolean changed = FALSE;
  gulong handler;

  preferences = open_preferences (app);
  gtk_switch_set_active (GTK_SWITCH (preferences_child (preferences, "remember_token_switch")), FALSE);
  apply_token (preferences, TOKEN);
  WAIT_FOR (crrc_application_get_session_token (app, server_url ()) != NULL);
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_assert_cmpint (sync_now (app), >, 0);

  preferences = open_preferences (app);
  purge_button = preferences_child (preferences, "purge_button");
  g_assert_true (gtk_widget_has_css_class (purge_button, "destructive-action"));

  /* Cancel keeps everything. */
  gtk_widget_activate (purge_button);
  WAIT_FOR (find_dialog () != NULL);
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   tr ("Delete All Local Data?", "Supprimer toutes les données locales\u202f?"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  respond (dialog, "cancel");
  WAIT_FOR (find_dialog () == NULL);
  ui_test_settle ();
  g_assert_cmpint (count_establishments (), >, 0);

  /* Delete, and forget the token. */
  gtk_widget_activate (purge_button);
  WAIT_FOR (find_dialog () != NULL);
  dialog = find_dialog ();
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adw_message_dialog_get_extra_child (dialog)), TRUE);
  handler = g_signal_connect (app, "data-changed", G_CALLBACK (data_changed_cb), &changed);
  respond (dialog, "delete");
  UI_TEST_WAIT_FOR_SECONDS (changed, 30);
  g_signal_handler_disconnect (app, handler);
  WAIT_FOR (gtk_widget_get_sensitive (purge_button));

  g_assert_cmpint (count_establishments (), ==, 0);
  g_assert_null (crrc_application_get_session_token (app, server_url ()));
  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_purge (void)
{
  start_server ();
  ui_test_run_app (purge_body, NULL);
  stop_server ();
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--no-keyring"))
        {
          no_keyring = TRUE;
          memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof (char *));
          argc--;
          break;
        }
    }

  ui_test_init (&argc, &argv);

  ui_test_add ("/ui/secrets/session-only", test_session_only);
  if (no_keyring)
    {
      ui_test_add ("/ui/secrets/no-keyring", test_no_keyring);
    }
  else
    {
      ui_test_add ("/ui/secrets/keyring", test_keyring);
      ui_test_add ("/ui/secrets/purge", test_purge);
    }

  return ui_test_run ();
}
