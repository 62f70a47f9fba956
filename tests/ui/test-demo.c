/* test-demo.c: the demonstration data on first run, and its removal
 *
 * With an empty cache, no feed and show-demo-data on, the window says it
 * shows demonstration data and the Synchronisation page loads the built-in
 * feed through the normal sync. Removing it deletes the demonstration rows
 * and nothing of the analyst's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "crrc-application.h"
#include "crrc-banner.h"
#include "crrc-demo.h"
#include "crrc-feed-state.h"
#include "crrc-store-private.h"
#include "crrc-sync-page.h"
#include "crrc-window.h"
#include "ui-test-utils.h"

#define NBSP "\u00a0"

/* The demonstration feed syncs in a second or two, but not always under
 * the sanitizers. */
#define SYNC_TIMEOUT 90

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

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;

  return FALSE;
}

static gint64
count (CrrcApplication *app,
       const char      *sql,
       const char      *source)
{
  sqlite3 *db = _crrc_store_get_db (crrc_application_get_store (app));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (source != NULL)
    g_assert_cmpint (sqlite3_bind_text (stmt, 1, source, -1, SQLITE_TRANSIENT), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
synced (CrrcSyncPage *page)
{
  g_autoptr(GDateTime) last_success = crrc_sync_page_dup_last_success (page);

  return last_success != NULL && !crrc_sync_page_get_busy (page);
}

static const char * const demo_tables[] = {
  "establishments", "incidents", "audits", "alerts",
  "diagnostics", "campaigns", "exercises", "funding", "feed_state",
};

static void
first_run_body (CrrcApplication *app,
                gconstpointer    data)
{
  CrrcSyncPage *page = CRRC_SYNC_PAGE (window_child (app, "sync_page"));
  CrrcBanner *banner = CRRC_BANNER (window_child (app, "banner"));
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *url = crrc_demo_get_url (crrc_application_get_cache_path (app));
  g_autofree char *source = crrc_feed_source_for_url (url);
  AdwPreferencesGroup *group;
  sqlite3 *db;

  /* The banner, at once: the sync is still to come or running. */
  WAIT_FOR (crrc_banner_get_revealed (banner));
  g_assert_true (crrc_sync_page_get_demo (page));
  g_assert_false (crrc_banner_get_error (banner));
  g_assert_cmpstr (crrc_banner_get_title (banner), ==,
                   tr ("Demonstration data: the figures are synthetic, though the national totals "
                       "equal the 2023 Observatory’s. Configure your feed to see your region’s.",
                       "Données de démonstration" NBSP ": les chiffres sont fictifs, mais les totaux "
                       "nationaux sont ceux de l’Observatoire 2023. Configurez votre flux pour voir "
                       "ceux de votre région."));
  g_assert_cmpstr (crrc_banner_get_button_label (banner), ==,
                   tr ("_Configure a Feed…", "_Configurer un flux…"));
  g_assert_cmpstr (crrc_banner_get_secondary_button_label (banner), ==,
                   tr ("_Remove Demonstration Data", "_Supprimer les données de démonstration"));

  /* The first sync starts by itself and loads the demonstration feed. */
  UI_TEST_WAIT_FOR_SECONDS (synced (page), SYNC_TIMEOUT);
  g_assert_cmpint (count (app, "SELECT count(*) FROM establishments WHERE source = ?1", source), >, 30000);
  g_assert_cmpint (count (app, "SELECT count(*) FROM incidents WHERE source = ?1 AND year = 2023", source),
                   ==, 581);
  g_assert_true (crrc_banner_get_revealed (banner));

  /* The analyst's own data. */
  db = _crrc_store_get_db (crrc_application_get_store (app));
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO notes (finess, text, created_at, updated_at) "
                                 "SELECT finess, 'Analyst note', '2024-05-21T08:00:00Z', '2024-05-21T08:00:00Z' "
                                 "FROM establishments LIMIT 1;"
                                 "INSERT INTO local_campaigns (id, name, region, sector, start, due, created_at) "
                                 "VALUES ('local-1', 'Campaign', '27', 'sanitaire', '2024-01-01', '2024-12-31', "
                                 "'2024-01-01T00:00:00Z');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  /* Remove, from the banner. */
  g_signal_emit_by_name (banner, "secondary-button-clicked");
  g_assert_true (crrc_sync_page_get_busy (page));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_demo (page) && !crrc_sync_page_get_busy (page), SYNC_TIMEOUT);

  for (guint i = 0; i < G_N_ELEMENTS (demo_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE source = ?1", demo_tables[i]);

      g_assert_cmpint (count (app, sql, source), ==, 0);
    }
  g_assert_cmpint (count (app, "SELECT count(*) FROM notes WHERE text = 'Analyst note'", NULL), ==, 1);
  g_assert_cmpint (count (app, "SELECT count(*) FROM local_campaigns", NULL), ==, 1);

  g_assert_false (crrc_banner_get_revealed (banner));
  g_assert_false (g_settings_get_boolean (settings, "show-demo-data"));
  g_assert_true (has_label (GTK_WIDGET (ui_test_get_window (app)),
                            tr ("Demonstration data removed", "Données de démonstration supprimées")));

  group = ADW_PREFERENCES_GROUP (gtk_widget_get_template_child (GTK_WIDGET (page), CRRC_TYPE_SYNC_PAGE,
                                                                "feeds_group"));
  g_assert_cmpstr (adw_preferences_group_get_description (group), ==,
                   tr ("No feed is configured", "Aucun flux n’est configuré"));
  g_assert_false (crrc_sync_page_remove_demo_data (page));
}

static void
test_first_run (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  ui_test_run_app (first_run_body, NULL);
}

/* Off, nothing is loaded and nothing said. */
static void
off_body (CrrcApplication *app,
          gconstpointer    data)
{
  CrrcSyncPage *page = CRRC_SYNC_PAGE (window_child (app, "sync_page"));
  CrrcBanner *banner = CRRC_BANNER (window_child (app, "banner"));

  ui_test_settle ();
  g_assert_false (crrc_sync_page_get_demo (page));
  g_assert_false (crrc_sync_page_get_syncing (page));
  g_assert_false (crrc_banner_get_revealed (banner));
  g_assert_false (crrc_sync_page_remove_demo_data (page));
}

static void
test_off (void)
{
  ui_test_run_app (off_body, NULL);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  ui_test_add ("/ui/demo/first-run", test_first_run);
  ui_test_add ("/ui/demo/off", test_off);

  return ui_test_run ();
}
