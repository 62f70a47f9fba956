/* test-sync-feeds.c: the feeds of the Synchronisation page under a real X
 * server
 *
 * The real application synchronises its cache from the loopback reference
 * feed server (tests/feed-server), serving a feed directory written by the
 * tests; the tests read what the page shows and what the cache holds.
 * Nothing here reaches another computer: the one https:// address used is
 * never synchronised.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "crrc-application.h"
#include "crrc-store-private.h"
#include "crrc-sync-page.h"
#include "crrc-sync-scheduler.h"
#include "crrc-test-feed-server.h"
#include "crrc-window.h"
#include "ui-test-utils.h"

#define NBSP "\u00a0"

/* Small feeds sync quickly, but not always under the sanitizers. */
#define SYNC_TIMEOUT 60

/* An address that is never synchronised here (the interval is off, and
 * the tests never press Sync Now with it), with markup characters. */
#define REMOTE_URL "https://feeds.example.org/crrc/?region=27&format=<v1>"

typedef struct
{
  CrrcTestFeedServer *server;
  char               *feed_dir;
} Fixture;

static Fixture fixture;

static const char *
tr (const char *en,
    const char *fr)
{
  return ui_test_expect_french () ? fr : en;
}

/* A FINESS number of the Ain: "01", six digits from @serial, and the Luhn
 * key. */
static char *
make_finess (guint serial)
{
  char out[10];
  guint sum = 0;

  g_snprintf (out, sizeof out, "01%06u", serial % 1000000);
  for (int i = 7; i >= 0; i--)
    {
      guint digit = (guint) (out[i] - '0');

      /* From the digit next to the key leftwards, every other one doubled. */
      if ((7 - i) % 2 == 0)
        {
          digit *= 2;
          if (digit > 9)
            digit -= 9;
        }
      sum += digit;
    }

  out[8] = (char) ('0' + (10 - sum % 10) % 10);
  out[9] = '\0';

  return g_strdup (out);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Three feeds: 3 establishments, 4 incidents, 2 audits. */
static char *
write_feed_dir (void)
{
  g_autofree char *dir = g_build_filename (ui_test_dir, "feed", NULL);
  g_autoptr(GString) establishments = g_string_new ("{\"snapshot\": true, \"items\": [");
  g_autoptr(GString) incidents = g_string_new ("{\"snapshot\": true, \"items\": [");
  g_autoptr(GString) audits = g_string_new ("{\"snapshot\": true, \"items\": [");

  ui_test_remove_tree (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  write_file (dir, "manifest.json",
              "{\"format\": \"crrc-feed\", \"version\": 1,"
              " \"publisher\": \"CERT Santé (tests)\","
              " \"generated_at\": \"2024-05-21T08:00:00Z\","
              " \"feeds\": [{\"name\": \"establishments\", \"href\": \"establishments.json\"},"
              "            {\"name\": \"incidents\", \"href\": \"incidents.json\"},"
              "            {\"name\": \"audits\", \"href\": \"audits.json\"}]}");

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *finess = make_finess (100 + i);

      g_string_append_printf (establishments,
                              "%s{\"finess\": \"%s\", \"name\": \"CH de test %u\", \"category\": \"355\","
                              " \"sector\": \"sanitaire\", \"department\": \"01\","
                              " \"updated_at\": \"2024-05-01T08:00:00Z\"}",
                              i > 0 ? ", " : "", finess, i);
    }
  g_string_append (establishments, "]}");

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *finess = make_finess (100 + i % 3);

      g_string_append_printf (incidents,
                              "%s{\"id\": \"INC-2024-%04u\", \"finess\": \"%s\", \"declared_at\": \"2024-05-0%u\","
                              " \"origin\": \"malicious\", \"type\": \"ransomware\","
                              " \"patient_care_impact\": false, \"functioning_impact\": \"degraded\","
                              " \"updated_at\": \"2024-05-0%uT08:00:00Z\"}",
                              i > 0 ? ", " : "", i + 1, finess, i + 1, i + 1);
    }
  g_string_append (incidents, "]}");

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *finess = make_finess (100 + i);

      g_string_append_printf (audits,
                              "%s{\"id\": \"AUD-2024-%04u\", \"finess\": \"%s\", \"date\": \"2024-04-0%u\","
                              " \"kind\": \"exposure\","
                              " \"findings\": [{\"service\": \"rdp\", \"severity\": \"high\"}],"
                              " \"updated_at\": \"2024-04-0%uT08:00:00Z\"}",
                              i > 0 ? ", " : "", i + 1, finess, i + 1, i + 1);
    }
  g_string_append (audits, "]}");

  write_file (dir, "establishments.records.json", establishments->str);
  write_file (dir, "incidents.records.json", incidents->str);
  write_file (dir, "audits.records.json", audits->str);

  return g_steal_pointer (&dir);
}

/* A server on a fresh feed directory, and settings pointing at it; no
 * automatic sync unless a test asks for one. */
static void
start_server (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;

  fixture.feed_dir = write_feed_dir ();
  fixture.server = crrc_test_feed_server_new (fixture.feed_dir, &error);
  g_assert_no_error (error);

  g_settings_set_string (settings, "sync-interval", "off");
  g_settings_set_string (settings, "feed-url", crrc_test_feed_server_get_base_url (fixture.server));
}

static void
stop_server (void)
{
  g_clear_pointer (&fixture.server, crrc_test_feed_server_free);
  g_clear_pointer (&fixture.feed_dir, g_free);
}

static CrrcSyncPage *
get_page (CrrcApplication *app)
{
  GObject *page = gtk_widget_get_template_child (GTK_WIDGET (ui_test_get_window (app)),
                                                 CRRC_TYPE_WINDOW, "sync_page");

  g_assert_true (CRRC_IS_SYNC_PAGE (page));
  return CRRC_SYNC_PAGE (page);
}

static GtkWidget *
page_child (CrrcSyncPage *page,
            const char   *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (page), CRRC_TYPE_SYNC_PAGE, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static gboolean
is_shown (CrrcSyncPage *page,
          const char   *name)
{
  return gtk_widget_get_visible (page_child (page, name));
}

/* Opens the page and waits until the feeds' state is read. */
static CrrcSyncPage *
show_page (CrrcApplication *app)
{
  CrrcSyncPage *page = get_page (app);

  crrc_window_set_visible_page (ui_test_get_window (app), "synchronisation");
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (page)) && crrc_sync_page_get_can_sync (page));

  return page;
}

/* The first label under @widget whose text, as shown, contains @text. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_label (child, text);

      if (label != NULL)
        return label;
    }

  return NULL;
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

/* The feed rows, in the order shown. */
static GPtrArray *
get_feed_rows (CrrcSyncPage *page)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (page_child (page, "feeds_list"));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_EXPANDER_ROW (child))
      g_ptr_array_add (rows, child);

  return rows;
}

static AdwExpanderRow *
get_feed_row (CrrcSyncPage *page,
              const char   *feed)
{
  g_autoptr(GPtrArray) rows = get_feed_rows (page);

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (gtk_widget_get_name (rows->pdata[i]), feed))
      return rows->pdata[i];

  g_error ("No row for the feed “%s”", feed);
}

static const char *
row_title (gpointer row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* The value on the right of the row @name inside a feed's row. */
static const char *
feed_value (AdwExpanderRow *row,
            const char     *name)
{
  GtkWidget *value_row = find_named (GTK_WIDGET (row), name);

  g_assert_nonnull (value_row);
  for (GtkWidget *widget = value_row; widget != NULL;)
    {
      GtkWidget *next = NULL;

      if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "numeric"))
        return gtk_label_get_text (GTK_LABEL (widget));

      /* Depth first. */
      next = gtk_widget_get_first_child (widget);
      while (next == NULL && widget != value_row)
        {
          next = gtk_widget_get_next_sibling (widget);
          if (next == NULL)
            widget = gtk_widget_get_parent (widget);
        }
      widget = next;
    }

  g_error ("No value in the row “%s”", name);
}

static gboolean
feed_row_shown (AdwExpanderRow *row,
                const char     *name)
{
  GtkWidget *child = find_named (GTK_WIDGET (row), name);

  g_assert_nonnull (child);
  return gtk_widget_get_visible (child);
}

static gint64
count_rows (CrrcApplication *app,
            const char      *table)
{
  sqlite3 *db = _crrc_store_get_db (crrc_application_get_store (app));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static void
saw_syncing_cb (CrrcSyncPage *page,
                GParamSpec   *pspec,
                gboolean     *saw)
{
  if (crrc_sync_page_get_syncing (page))
    *saw = TRUE;
}

static gboolean
has_toast (CrrcApplication *app,
           const char      *text)
{
  return find_label (GTK_WIDGET (ui_test_get_window (app)), text) != NULL;
}

static void
assert_up_to_date (AdwExpanderRow *row)
{
  const char *subtitle = adw_expander_row_get_subtitle (row);

  g_assert_true (g_str_has_prefix (subtitle, tr ("Up to date · last synchronised ",
                                                 "À jour · dernière synchronisation le ")));
}

/* No feed: the group says so and offers the preferences; nothing syncs. */
static void
no_feed_body (CrrcApplication *app,
              gconstpointer    data)
{
  CrrcSyncPage *page = get_page (app);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (page_child (page, "feeds_group"));
  GtkWidget *configure = page_child (page, "configure_button");

  crrc_window_set_visible_page (ui_test_get_window (app), "synchronisation");
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (page)) && !crrc_sync_page_get_busy (page) &&
            gtk_widget_get_sensitive (page_child (page, "import_button")));

  g_assert_cmpstr (adw_preferences_group_get_title (group), ==, tr ("Feeds", "Flux"));
  g_assert_cmpstr (adw_preferences_group_get_description (group), ==,
                   tr ("No feed is configured", "Aucun flux n’est configuré"));
  g_assert_true (gtk_widget_get_visible (configure));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (configure)), ==,
                   tr ("_Configure a Feed…", "_Configurer un flux…"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (configure)), ==, "app.preferences");
  g_assert_false (is_shown (page, "sync_button"));
  g_assert_false (is_shown (page, "feeds_list"));
  g_assert_false (is_shown (page, "status_list"));
  g_assert_false (crrc_sync_page_get_can_sync (page));
  g_assert_false (crrc_sync_page_start_sync (page, FALSE));

  /* Ctrl+R does nothing. */
  ui_test_type_keys (GTK_WINDOW (ui_test_get_window (app)), "ctrl+r");
  ui_test_settle ();
  g_assert_false (crrc_sync_page_get_syncing (page));
}

static void
test_no_feed (void)
{
  ui_test_run_app (no_feed_body, NULL);
}

/* The first sync, from Ctrl+R: progress, one row per feed, the cache. */
static void
sync_body (CrrcApplication *app,
           gconstpointer    data)
{
  CrrcSyncPage *page = show_page (app);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (page_child (page, "feeds_group"));
  GtkWidget *sync_button = page_child (page, "sync_button");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (fixture.feed_dir);
  gboolean saw_syncing = FALSE;
  gulong handler;

  /* The feed's address, and nothing synchronised yet. */
  g_assert_cmpstr (adw_preferences_group_get_description (group), ==,
                   crrc_test_feed_server_get_base_url (fixture.server));
  g_assert_true (gtk_widget_get_visible (sync_button));
  g_assert_true (gtk_widget_get_sensitive (sync_button));
  g_assert_true (gtk_widget_has_css_class (sync_button, "suggested-action"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (sync_button)), ==,
                   tr ("_Sync Now", "_Synchroniser maintenant"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (sync_button)), ==, "win.sync");
  g_assert_false (is_shown (page, "configure_button"));
  g_assert_true (is_shown (page, "never_row"));
  g_assert_cmpstr (row_title (page_child (page, "never_row")), ==,
                   tr ("Not Synchronised Yet", "Pas encore synchronisé"));
  rows = get_feed_rows (page);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Ctrl+R, from another page. */
  crrc_window_set_visible_page (ui_test_get_window (app), "observatoire");
  handler = g_signal_connect (page, "notify::syncing", G_CALLBACK (saw_syncing_cb), &saw_syncing);
  ui_test_type_keys (GTK_WINDOW (ui_test_get_window (app)), "ctrl+r");
  WAIT_FOR (saw_syncing);
  g_assert_cmpstr (crrc_window_get_visible_page (ui_test_get_window (app)), ==, "observatoire");
  crrc_window_set_visible_page (ui_test_get_window (app), "synchronisation");

  /* One thing at a time on the store. */
  if (crrc_sync_page_get_syncing (page))
    {
      g_assert_true (crrc_sync_page_get_busy (page));
      g_assert_true (is_shown (page, "sync_progress_row"));
      g_assert_false (gtk_widget_get_sensitive (sync_button));
      g_assert_false (gtk_widget_get_sensitive (page_child (page, "import_button")));
      g_assert_false (crrc_sync_page_import_file (page, file));
      g_assert_false (crrc_sync_page_start_sync (page, FALSE));
    }

  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_busy (page), SYNC_TIMEOUT);
  g_signal_handler_disconnect (page, handler);

  g_assert_false (is_shown (page, "sync_progress_row"));
  g_assert_false (is_shown (page, "status_list"));
  g_assert_false (is_shown (page, "never_row"));
  g_assert_true (gtk_widget_get_sensitive (sync_button));
  g_assert_true (gtk_widget_get_sensitive (page_child (page, "import_button")));

  /* A row per feed, in the protocol's order, in the user's language. */
  rows = get_feed_rows (page);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (row_title (rows->pdata[0]), ==, tr ("Establishments", "Établissements"));
  g_assert_cmpstr (row_title (rows->pdata[1]), ==, "Incidents");
  g_assert_cmpstr (row_title (rows->pdata[2]), ==, "Audits");
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_false (adw_preferences_row_get_use_markup (rows->pdata[i]));
      assert_up_to_date (rows->pdata[i]);
      g_assert_cmpstr (feed_value (rows->pdata[i], "http-status"), ==, "200");
      g_assert_false (feed_row_shown (rows->pdata[i], "last-error"));
      g_assert_false (feed_row_shown (rows->pdata[i], "rejected"));
      g_assert_true (feed_row_shown (rows->pdata[i], "last-success"));
    }
  g_assert_cmpstr (feed_value (rows->pdata[0], "records"), ==, "3");
  g_assert_cmpstr (feed_value (rows->pdata[1], "records"), ==, "4");
  g_assert_cmpstr (feed_value (rows->pdata[2], "records"), ==, "2");

  g_assert_true (has_toast (app, tr ("Synchronisation finished: 3 feeds updated",
                                     "Synchronisation terminée" NBSP ": 3 flux mis à jour")));

  g_assert_cmpint (count_rows (app, "establishments"), ==, 3);
  g_assert_cmpint (count_rows (app, "incidents"), ==, 4);
  g_assert_cmpint (count_rows (app, "audits"), ==, 2);
  g_assert_nonnull (crrc_sync_page_dup_last_success (page));
}

/* The next start: the rows come from the cache, before any sync. */
static void
restart_body (CrrcApplication *app,
              gconstpointer    data)
{
  CrrcSyncPage *page = show_page (app);
  g_autoptr(GPtrArray) rows = get_feed_rows (page);

  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      assert_up_to_date (rows->pdata[i]);
      /* What the last run did is not kept; the rest is. */
      g_assert_false (feed_row_shown (rows->pdata[i], "last-run"));
    }
  g_assert_cmpstr (feed_value (rows->pdata[1], "records"), ==, "4");
  g_assert_false (crrc_sync_page_get_syncing (page));
}

static void
test_sync (void)
{
  start_server ();
  ui_test_run_app (sync_body, NULL);
  ui_test_run_app (restart_body, NULL);
  stop_server ();
}

/* One feed fails and one has bad records: the others are updated; the
 * rows say what went wrong, as plain text. */
static void
fault_body (CrrcApplication *app,
            gconstpointer    data)
{
  CrrcSyncPage *page = show_page (app);
  AdwExpanderRow *audits;
  AdwExpanderRow *incidents;
  GtkWidget *error_row;
  GtkWidget *reject;
  const char *subtitle;

  crrc_test_feed_server_set_fault (fixture.server, "/audits*", CRRC_TEST_FEED_FAULT_STATUS_404, 0);
  crrc_test_feed_server_set_fault (fixture.server, "/incidents*", CRRC_TEST_FEED_FAULT_BAD_RECORDS, 0);

  g_assert_true (crrc_sync_page_start_sync (page, FALSE));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_busy (page), SYNC_TIMEOUT);

  audits = get_feed_row (page, "audits");
  subtitle = adw_expander_row_get_subtitle (audits);
  g_assert_true (g_str_has_prefix (subtitle, tr ("Failed · ", "Échec · ")));
  g_assert_nonnull (strstr (subtitle, "404"));
  g_assert_cmpstr (feed_value (audits, "http-status"), ==, "404");
  g_assert_cmpstr (feed_value (audits, "records"), ==, "0");
  g_assert_true (feed_row_shown (audits, "last-error"));
  error_row = find_named (GTK_WIDGET (audits), "last-error");
  g_assert_true (g_str_has_suffix (subtitle, adw_action_row_get_subtitle (ADW_ACTION_ROW (error_row))));
  g_assert_false (feed_row_shown (audits, "last-success"));

  assert_up_to_date (get_feed_row (page, "establishments"));
  incidents = get_feed_row (page, "incidents");
  assert_up_to_date (incidents);
  g_assert_cmpstr (feed_value (incidents, "records"), ==, "4");
  g_assert_true (feed_row_shown (incidents, "rejected"));
  g_assert_cmpstr (feed_value (incidents, "rejected"), ==, "5");
  reject = find_named (GTK_WIDGET (incidents), "last-run");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (reject)),
                            tr ("rejected: 5", "rejetés" NBSP ": 5")));

  /* The rejected records, each with its field and why. */
  reject = find_label (GTK_WIDGET (incidents), "BAD-FINESS-KEY") != NULL
           ? gtk_widget_get_ancestor (GTK_WIDGET (find_label (GTK_WIDGET (incidents), "BAD-FINESS-KEY")),
                                      ADW_TYPE_ACTION_ROW)
           : NULL;
  g_assert_nonnull (reject);
  g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (reject)));
  g_assert_cmpstr (row_title (reject), ==, "BAD-FINESS-KEY · finess");
  g_assert_cmpuint (strlen (adw_action_row_get_subtitle (ADW_ACTION_ROW (reject))), >, 0);

  /* Open, the rows are there to read. */
  adw_expander_row_set_expanded (audits, TRUE);
  UI_TEST_WAIT_FOR_SECONDS (gtk_widget_get_mapped (error_row), 10);

  g_assert_true (has_toast (app, tr ("Synchronisation finished: 2 feeds updated, 1 feed failed",
                                     "Synchronisation terminée" NBSP ": 2 flux mis à jour, 1 flux en échec")));

  g_assert_cmpint (count_rows (app, "establishments"), ==, 3);
  g_assert_cmpint (count_rows (app, "incidents"), ==, 4);
  g_assert_cmpint (count_rows (app, "audits"), ==, 0);
}

/* The next start shows the same, from the cache: the failure and the
 * rejected records of the last sync. Then the feed comes back. */
static void
fault_restart_body (CrrcApplication *app,
                    gconstpointer    data)
{
  CrrcSyncPage *page = show_page (app);
  AdwExpanderRow *audits = get_feed_row (page, "audits");
  AdwExpanderRow *incidents = get_feed_row (page, "incidents");
  GtkLabel *label;

  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (audits), tr ("Failed · ", "Échec · ")));
  g_assert_cmpstr (feed_value (audits, "http-status"), ==, "404");
  g_assert_true (feed_row_shown (audits, "last-error"));
  g_assert_true (feed_row_shown (audits, "last-attempt"));
  g_assert_false (feed_row_shown (audits, "last-success"));

  assert_up_to_date (incidents);
  g_assert_false (feed_row_shown (incidents, "last-run"));
  g_assert_cmpstr (feed_value (incidents, "rejected"), ==, "5");
  label = find_label (GTK_WIDGET (incidents), "BAD-FINESS-KEY");
  g_assert_nonnull (label);
  g_assert_cmpstr (row_title (gtk_widget_get_ancestor (GTK_WIDGET (label), ADW_TYPE_ACTION_ROW)), ==,
                   "BAD-FINESS-KEY · finess");

  /* The feed comes back: its row is up to date again. */
  crrc_test_feed_server_clear_faults (fixture.server);
  g_assert_true (crrc_sync_page_start_sync (page, FALSE));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_busy (page), SYNC_TIMEOUT);
  assert_up_to_date (audits);
  g_assert_false (feed_row_shown (audits, "last-error"));
  g_assert_false (feed_row_shown (incidents, "rejected"));
  g_assert_cmpint (count_rows (app, "audits"), ==, 2);
}

static void
test_fault (void)
{
  start_server ();
  ui_test_run_app (fault_body, NULL);
  ui_test_run_app (fault_restart_body, NULL);
  stop_server ();
}

/* The manifest cannot be read: no feed could be tried. */
static void
failure_body (CrrcApplication *app,
              gconstpointer    data)
{
  CrrcSyncPage *page = show_page (app);
  GtkWidget *error_row = page_child (page, "sync_error_row");
  const char *reason;
  g_autofree char *toast = NULL;

  crrc_test_feed_server_set_fault (fixture.server, "/manifest.json", CRRC_TEST_FEED_FAULT_STATUS_404, 0);

  g_assert_true (crrc_sync_page_start_sync (page, FALSE));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_busy (page), SYNC_TIMEOUT);

  g_assert_true (is_shown (page, "status_list"));
  g_assert_true (gtk_widget_get_visible (error_row));
  g_assert_cmpstr (row_title (error_row), ==,
                   tr ("The last synchronisation failed", "La dernière synchronisation a échoué"));
  reason = adw_action_row_get_subtitle (ADW_ACTION_ROW (error_row));
  g_assert_cmpuint (strlen (reason), >, 0);
  toast = g_strconcat (tr ("Synchronisation failed: ", "Échec de la synchronisation" NBSP ": "), reason, NULL);
  g_assert_true (has_toast (app, toast));
  g_assert_true (crrc_sync_page_get_can_sync (page));

  /* The next sync hides it. */
  crrc_test_feed_server_clear_faults (fixture.server);
  g_assert_true (crrc_sync_page_start_sync (page, FALSE));
  g_assert_false (gtk_widget_get_visible (error_row));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_busy (page), SYNC_TIMEOUT);
  g_assert_false (gtk_widget_get_visible (error_row));
  assert_up_to_date (get_feed_row (page, "incidents"));
}

static void
test_failure (void)
{
  start_server ();
  ui_test_run_app (failure_body, NULL);
  stop_server ();
}

/* Cancel while a feed trickles in: the feeds committed before stay, the
 * one being read is left as it was. */
static void
cancel_body (CrrcApplication *app,
             gconstpointer    data)
{
  CrrcSyncPage *page = show_page (app);
  GtkWidget *cancel = page_child (page, "sync_cancel_button");
  GtkLabel *progress = GTK_LABEL (page_child (page, "sync_progress_label"));
  const char *expected = tr ("Synchronising incidents — page 1, 0 records",
                             "Synchronisation des incidents — page 1, 0" NBSP "enregistrement");

  crrc_test_feed_server_set_fault (fixture.server, "/incidents*", CRRC_TEST_FEED_FAULT_SLOW_DRIP, 0);

  g_assert_true (crrc_sync_page_start_sync (page, FALSE));
  g_assert_true (is_shown (page, "sync_progress_row"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (cancel)), ==, tr ("_Cancel", "_Annuler"));
  UI_TEST_WAIT_FOR_SECONDS (g_str_equal (gtk_label_get_text (progress), expected), SYNC_TIMEOUT);
  g_assert_true (gtk_widget_get_sensitive (cancel));

  g_signal_emit_by_name (cancel, "clicked");
  g_assert_false (gtk_widget_get_sensitive (cancel));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_busy (page), SYNC_TIMEOUT);

  g_assert_false (is_shown (page, "sync_progress_row"));
  g_assert_true (has_toast (app, tr ("Synchronisation cancelled: the feeds not yet finished are unchanged",
                                     "Synchronisation annulée" NBSP ": les flux non terminés sont inchangés")));
  assert_up_to_date (get_feed_row (page, "establishments"));
  g_assert_cmpint (count_rows (app, "establishments"), ==, 3);
  g_assert_cmpint (count_rows (app, "incidents"), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (page_child (page, "import_button")));
  g_assert_true (crrc_sync_page_get_can_sync (page));
}

static void
test_cancel (void)
{
  start_server ();
  crrc_test_feed_server_set_drip_interval (fixture.server, 20);
  ui_test_run_app (cancel_body, NULL);
  stop_server ();
}

/* Offline, a feed on another computer cannot be synchronised; local feeds
 * and feeds on this computer can. The address is shown as it is. */
static void
offline_body (CrrcApplication *app,
              gconstpointer    data)
{
  CrrcSyncPage *page = get_page (app);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (page_child (page, "feeds_group"));
  GtkWidget *sync_button = page_child (page, "sync_button");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *local_url = g_filename_to_uri (ui_test_dir, NULL, NULL);
  const char *offline_text = tr ("Offline: the data shown are those of the last synchronisation",
                                 "Hors ligne" NBSP ": les données affichées sont celles de la dernière synchronisation");

  crrc_window_set_visible_page (ui_test_get_window (app), "synchronisation");
  crrc_sync_page_set_network_available (page, TRUE);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (page)) && crrc_sync_page_get_can_sync (page));

  g_assert_true (crrc_sync_page_get_needs_network (page));
  /* The description is markup: the address is shown as it is all the same
   * (GTK would have warned about the markup, and the test failed). */
  g_assert_cmpstr (adw_preferences_group_get_description (group), ==, REMOTE_URL);
  g_assert_nonnull (find_label (GTK_WIDGET (group), REMOTE_URL));
  g_assert_false (is_shown (page, "offline_row"));
  g_assert_true (gtk_widget_get_sensitive (sync_button));
  g_assert_null (gtk_widget_get_tooltip_text (sync_button));

  /* What the network monitor says when the network goes. */
  crrc_sync_page_set_network_available (page, FALSE);
  g_assert_true (is_shown (page, "status_list"));
  g_assert_true (is_shown (page, "offline_row"));
  g_assert_cmpstr (row_title (page_child (page, "offline_row")), ==, offline_text);
  g_assert_false (crrc_sync_page_get_can_sync (page));
  g_assert_false (gtk_widget_get_sensitive (sync_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (sync_button), ==,
                   tr ("The computer is offline: the feed cannot be reached",
                       "L’ordinateur est hors ligne" NBSP ": le flux est injoignable"));
  g_assert_false (crrc_sync_page_start_sync (page, FALSE));
  ui_test_type_keys (GTK_WINDOW (ui_test_get_window (app)), "ctrl+r");
  ui_test_settle ();
  g_assert_false (crrc_sync_page_get_syncing (page));
  /* Files can still be imported. */
  g_assert_true (gtk_widget_get_sensitive (page_child (page, "import_button")));

  /* A local folder does not need the network. */
  g_settings_set_string (settings, "feed-url", local_url);
  WAIT_FOR (crrc_sync_page_get_can_sync (page));
  g_assert_false (crrc_sync_page_get_needs_network (page));
  g_assert_false (is_shown (page, "offline_row"));
  g_assert_true (gtk_widget_get_sensitive (sync_button));

  /* Back to the remote feed, and the network comes back. */
  g_settings_set_string (settings, "feed-url", REMOTE_URL);
  WAIT_FOR (!crrc_sync_page_get_busy (page));
  g_assert_true (is_shown (page, "offline_row"));
  crrc_sync_page_set_network_available (page, TRUE);
  g_assert_false (is_shown (page, "offline_row"));
  g_assert_false (is_shown (page, "status_list"));
  g_assert_true (crrc_sync_page_get_can_sync (page));
}

static void
test_offline (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_string (settings, "sync-interval", "off");
  g_settings_set_string (settings, "feed-url", REMOTE_URL);
  ui_test_run_app (offline_body, NULL);
}

/* Tab goes from row to row. */
static void
keyboard_body (CrrcApplication *app,
               gconstpointer    data)
{
  CrrcSyncPage *page = show_page (app);
  GtkWindow *window = GTK_WINDOW (ui_test_get_window (app));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);

  g_assert_true (crrc_sync_page_start_sync (page, FALSE));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_busy (page), SYNC_TIMEOUT);
  rows = get_feed_rows (page);
  g_assert_cmpuint (rows->len, ==, 3);

  gtk_widget_grab_focus (page_child (page, "sync_button"));
  for (guint i = 0; i < 40 && g_hash_table_size (reached) < rows->len; i++)
    {
      GtkWidget *focus;

      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
      focus = gtk_window_get_focus (window);
      for (guint j = 0; j < rows->len; j++)
        if (focus != NULL && gtk_widget_is_ancestor (focus, rows->pdata[j]))
          g_hash_table_add (reached, rows->pdata[j]);
    }
  g_assert_cmpuint (g_hash_table_size (reached), ==, rows->len);
}

static void
test_keyboard (void)
{
  start_server ();
  ui_test_run_app (keyboard_body, NULL);
  stop_server ();
}

/* Hourly: the first check, a few seconds after the window shows, syncs;
 * the next is an hour later. Started again at once, the application does
 * not sync: the last success is recent. */
static void
automatic_body (CrrcApplication *app,
                gconstpointer    data)
{
  gboolean expect_sync = GPOINTER_TO_INT (data);
  CrrcWindow *window = ui_test_get_window (app);
  CrrcSyncScheduler *scheduler = crrc_window_get_sync_scheduler (window);
  CrrcSyncPage *page = get_page (app);
  gboolean saw_syncing = FALSE;
  gint64 next_check;
  guint requests = crrc_test_feed_server_get_request_count (fixture.server, "/manifest.json");

  /* The first check waits for the window, and some more. */
  next_check = crrc_sync_scheduler_get_next_check (scheduler);
  g_assert_cmpint (next_check, >, 0);
  g_assert_cmpint (next_check, <=, CRRC_SYNC_SCHEDULER_STARTUP_DELAY);

  g_signal_connect (page, "notify::syncing", G_CALLBACK (saw_syncing_cb), &saw_syncing);
  crrc_sync_scheduler_set_startup_delay (scheduler, 0);

  if (expect_sync)
    {
      UI_TEST_WAIT_FOR_SECONDS (saw_syncing, SYNC_TIMEOUT);
      UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_busy (page) &&
                                crrc_sync_scheduler_get_next_check (scheduler) > 0, SYNC_TIMEOUT);
      g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture.server, "/manifest.json"), ==,
                        requests + 1);
      crrc_window_set_visible_page (window, "synchronisation");
      assert_up_to_date (get_feed_row (page, "incidents"));
    }
  else
    {
      UI_TEST_WAIT_FOR_SECONDS (crrc_sync_page_get_can_sync (page) &&
                                crrc_sync_scheduler_get_next_check (scheduler) > CRRC_SYNC_SCHEDULER_STARTUP_DELAY,
                                SYNC_TIMEOUT);
      ui_test_settle ();
      g_assert_false (saw_syncing);
      g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture.server, "/manifest.json"), ==,
                        requests);
    }

  next_check = crrc_sync_scheduler_get_next_check (scheduler);
  g_assert_cmpint (next_check, >, 3600 - 120);
  g_assert_cmpint (next_check, <=, 3600);

  /* Off: no timer at all. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_string (settings, "sync-interval", "off");
    g_assert_cmpint (crrc_sync_scheduler_get_next_check (scheduler), ==, -1);
    g_settings_set_string (settings, "sync-interval", "hourly");
    g_assert_cmpint (crrc_sync_scheduler_get_next_check (scheduler), >, 3600 - 120);
  }

  g_signal_handlers_disconnect_by_data (page, &saw_syncing);
}

static void
test_automatic (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  start_server ();
  g_settings_set_string (settings, "sync-interval", "hourly");
  ui_test_run_app (automatic_body, GINT_TO_POINTER (TRUE));
  ui_test_run_app (automatic_body, GINT_TO_POINTER (FALSE));
  stop_server ();
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  ui_test_add ("/ui/sync-feeds/no-feed", test_no_feed);
  ui_test_add ("/ui/sync-feeds/sync", test_sync);
  ui_test_add ("/ui/sync-feeds/fault", test_fault);
  ui_test_add ("/ui/sync-feeds/failure", test_failure);
  ui_test_add ("/ui/sync-feeds/cancel", test_cancel);
  ui_test_add ("/ui/sync-feeds/offline", test_offline);
  ui_test_add ("/ui/sync-feeds/keyboard", test_keyboard);
  ui_test_add ("/ui/sync-feeds/automatic", test_automatic);

  return ui_test_run ();
}
