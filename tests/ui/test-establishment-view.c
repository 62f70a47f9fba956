/* test-establishment-view.c: one establishment's page and its fact sheet
 *
 * The real application syncs the demonstration data; the test adds what
 * the demonstration lacks (a legal entity with another establishment, an
 * older diagnostic) around an establishment with an incident and a
 * diagnostic, then shows it in a CrrcEstablishmentView in a window of its
 * own (the Établissements page hosts the view in the application). The
 * radar says its scores to a screen reader; a note added through the view
 * is there when the establishment is opened again, and after the
 * demonstration feed is synced again through the Synchronisation page; activating the other
 * establishment of the entity asks to open it; the fact sheet is one A4
 * page written with mode 0600.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "crrc-establishment-view.h"
#include "crrc-fiche-export.h"
#include "crrc-store-private.h"
#include "crrc-sync-page.h"
#include "ui-test-utils.h"

#define SYNC_TIMEOUT 90
#define SIBLING_FINESS "259999998"

static const char *
tr (const char *en,
    const char *fr)
{
  return ui_test_expect_french () ? fr : en;
}

static gboolean
synced (CrrcSyncPage *page)
{
  g_autoptr(GDateTime) last_success = crrc_sync_page_dup_last_success (page);

  return last_success != NULL && !crrc_sync_page_get_busy (page);
}

static void
exec (CrrcStore  *store,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_crrc_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
}

static char *
query_text (CrrcStore  *store,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gint64
query_int (CrrcStore  *store,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* How many notes of @finess have @text, in the notes table. */
static gint64
count_notes (CrrcStore  *store,
             const char *finess,
             const char *text)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store),
                                       "SELECT count(*) FROM notes WHERE finess = ? AND text = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, finess, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* Syncs the demonstration feed again through the Synchronisation page,
 * every feed read from its beginning (no ETag, no cursor kept), and waits
 * for the sync to succeed. */
static void
resync (CrrcApplication *app,
        const char      *finess)
{
  CrrcWindow *window = NULL;
  CrrcSyncPage *page;
  CrrcStore *store = crrc_application_get_store (app);
  g_autofree char *name = NULL;
  g_autofree char *rename = NULL;
  g_autofree char *select_name = g_strdup_printf ("SELECT name FROM establishments WHERE finess = '%s'", finess);
  gint64 runs;
  gint64 establishments;

  /* The application's window, not the test's one in front of it. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (CRRC_IS_WINDOW (l->data))
      window = CRRC_WINDOW (l->data);
  g_assert_nonnull (window);
  page = CRRC_SYNC_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), CRRC_TYPE_WINDOW, "sync_page"));

  UI_TEST_WAIT_FOR_SECONDS (crrc_sync_page_get_can_sync (page), SYNC_TIMEOUT);
  g_assert_true (crrc_sync_page_get_demo (page));
  /* Nothing uses the store now: the test may write on it. */
  exec (store, "UPDATE feed_state SET etag = NULL, last_modified = NULL, cursor = NULL");
  /* A change the sync undoes (without the row's hash, the feed's record
   * differs): the establishment's registry row is written again. */
  name = query_text (store, select_name);
  rename = g_strdup_printf ("UPDATE establishments SET name = 'Renamed by the test', hash = NULL"
                            " WHERE finess = '%s'", finess);
  exec (store, rename);
  runs = query_int (store, "SELECT count(*) FROM sync_runs");
  establishments = query_int (store, "SELECT count(*) FROM establishments");

  crrc_window_set_visible_page (window, "synchronisation");
  g_assert_true (crrc_sync_page_start_sync (page, FALSE));
  g_assert_true (crrc_sync_page_get_busy (page));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_busy (page), SYNC_TIMEOUT);
  ui_test_settle ();

  g_assert_cmpint (query_int (store, "SELECT count(*) FROM sync_runs"), ==, runs + 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM sync_runs"
                                     " WHERE id = (SELECT max(id) FROM sync_runs) AND finished_at IS NOT NULL"),
                   ==, 1);
  g_assert_true (synced (page));
  {
    g_autofree char *summary = query_text (store, "SELECT status || ': ' || coalesce (summary, '') FROM sync_runs"
                                                  " ORDER BY id DESC LIMIT 1");

    g_test_message ("The sync again: %s", summary);
  }
  /* The registry was read again: the establishment's row as the feed
   * has it, the demonstration's establishments all there. */
  {
    g_autofree char *synced_name = query_text (store, select_name);

    g_assert_cmpstr (synced_name, ==, name);
  }
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM establishments"), >=, establishments - 1);
}

/* Waits for the demonstration data, then adds the test's rows. The sync
 * is over and nothing else uses the store: the test may write on it from
 * the main thread. */
static char *
prepare_cache (CrrcApplication *app)
{
  CrrcWindow *window = ui_test_get_window (app);
  CrrcSyncPage *page = CRRC_SYNC_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                      CRRC_TYPE_WINDOW, "sync_page"));
  CrrcStore *store;
  g_autofree char *finess = NULL;
  g_autofree char *sql = NULL;

  UI_TEST_WAIT_FOR_SECONDS (synced (page), SYNC_TIMEOUT);
  store = crrc_application_get_store (app);

  finess = query_text (store,
                       "SELECT d.finess FROM diagnostics AS d"
                       " WHERE EXISTS (SELECT 1 FROM incidents AS i WHERE i.finess = d.finess)"
                       "  AND (SELECT count(*) FROM diagnostics AS d2 WHERE d2.finess = d.finess) = 1"
                       " ORDER BY d.finess LIMIT 1");
  g_assert_nonnull (finess);

  sql = g_strdup_printf ("UPDATE establishments SET legal_finess = '259999990' WHERE finess = '%1$s';"
                         "INSERT INTO legal_entities (finess, name, source)"
                         " VALUES ('259999990', 'Association Tilleuls', 'test');"
                         "INSERT INTO establishments (finess, legal_finess, name, category, category_label,"
                         " sector, department, region, source)"
                         " VALUES ('" SIBLING_FINESS "', '259999990', 'Foyer Bellevue', '252', 'Foyer',"
                         " 'medico_social', '25', '27', 'test');"
                         "INSERT INTO diagnostics (id, finess, date, referential, source)"
                         " VALUES ('TEST-DIAG-OLD', '%1$s', '2021-06-01', 'crrc-maturity-1', 'test');"
                         "INSERT INTO diagnostic_answers (diagnostic_id, question, answer)"
                         " SELECT 'TEST-DIAG-OLD', question, '1' FROM diagnostic_answers"
                         " WHERE diagnostic_id = (SELECT id FROM diagnostics WHERE finess = '%1$s'"
                         "  AND id <> 'TEST-DIAG-OLD' LIMIT 1);",
                         finess);
  exec (store, sql);

  return g_steal_pointer (&finess);
}

/* A window of the application with a toast overlay around the view. */
static CrrcEstablishmentView *
open_view (CrrcApplication *app,
           const char      *finess,
           GtkWindow      **out_window)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *view = crrc_establishment_view_new ();

  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 900);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), view);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  crrc_establishment_view_set_application (CRRC_ESTABLISHMENT_VIEW (view), app);
  gtk_window_present (GTK_WINDOW (window));

  crrc_establishment_view_show (CRRC_ESTABLISHMENT_VIEW (view), finess);
  g_assert_true (crrc_establishment_view_get_loading (CRRC_ESTABLISHMENT_VIEW (view)));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_establishment_view_get_loading (CRRC_ESTABLISHMENT_VIEW (view)), 30);
  ui_test_settle ();

  *out_window = GTK_WINDOW (window);
  return CRRC_ESTABLISHMENT_VIEW (view);
}

/* The first descendant of @widget of @type for which @match is TRUE. */
static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             gboolean  (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (match == NULL || match (widget, data)))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
row_has_title (GtkWidget     *widget,
               gconstpointer  data)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
label_has_text (GtkWidget     *widget,
                gconstpointer  data)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static gboolean
widget_has_name (GtkWidget     *widget,
                 gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
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

/* Counts the pages of a PDF: "/Type /Page" not followed by "s" (that
 * would be the page tree, "/Type /Pages"). */
static guint
count_pdf_pages (const char *data,
                 gsize       length)
{
  static const char needle[] = "/Type /Page";
  gsize n_needle = strlen (needle);
  guint n = 0;

  /* Byte by byte: compressed streams hold NUL bytes. */
  for (gsize i = 0; i + n_needle <= length; i++)
    if (memcmp (data + i, needle, n_needle) == 0 &&
        (i + n_needle == length || data[i + n_needle] != 's'))
      n++;

  return n;
}

/* Whether @needle is in the @length bytes of @data. */
static gboolean
contains (const char *data,
          gsize       length,
          const char *needle)
{
  gsize n_needle = strlen (needle);

  for (gsize i = 0; i + n_needle <= length; i++)
    if (memcmp (data + i, needle, n_needle) == 0)
      return TRUE;

  return FALSE;
}

static void
assert_fiche (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;
  GStatBuf st;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  g_assert_cmpuint (count_pdf_pages (data, length), ==, 1);
  /* A4 portrait, in points. */
  g_assert_true (contains (data, length, "/MediaBox [ 0 0 595.276 841.89 ]"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* For reviews: CRRC_TEST_SHOT=file.png saves the window as it is drawn,
 * CRRC_TEST_SHOT_HEIGHT=pixels tall (the whole page). */
static void
save_shot (GtkWidget  *window,
           const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  if (g_getenv ("CRRC_TEST_SHOT_HEIGHT") != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), 900, atoi (g_getenv ("CRRC_TEST_SHOT_HEIGHT")));
      for (guint i = 0; i < 20; i++)
        ui_test_settle ();
    }
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window), gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
open_establishment_cb (CrrcEstablishmentView  *view,
                       const char             *finess,
                       char                  **out)
{
  g_free (*out);
  *out = g_strdup (finess);
}

static void
view_body (CrrcApplication *app,
           gconstpointer    data)
{
  g_autofree char *finess = prepare_cache (app);
  g_autofree char *spaced = NULL;
  g_autofree char *description = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *note_text = NULL;
  g_autofree char *fiche_path = NULL;
  g_autofree char *view_fiche_path = NULL;
  g_autoptr(GFile) fiche = NULL;
  g_autoptr(GFile) view_fiche = NULL;
  g_autoptr(GError) error = NULL;
  CrrcEstablishmentView *view;
  CrrcEstablishmentDetail *detail;
  CrrcMaturityDiagnostic *latest;
  CrrcChart *radar;
  CrrcChartModel *model;
  GtkWidget *row, *text_view, *button, *label;
  GtkWindow *window;
  guint n_scores = 0;

  /* As a person types it, with spaces. */
  spaced = g_strdup_printf ("%.2s %.3s %.3s %.1s", finess, finess + 2, finess + 5, finess + 8);
  view = open_view (app, spaced, &window);
  detail = crrc_establishment_view_get_detail (view);
  g_assert_nonnull (detail);
  g_assert_cmpstr (detail->finess, ==, finess);
  g_assert_cmpstr (crrc_establishment_view_get_title (view), ==, detail->name);

  /* The radar: the latest diagnostic's domains and scores, said to a
   * screen reader. */
  radar = crrc_establishment_view_get_radar (view);
  g_assert_nonnull (radar);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (radar)));
  model = crrc_chart_get_model (radar);
  latest = crrc_establishment_detail_get_latest_diagnostic (detail);
  g_assert_nonnull (latest);
  g_assert_cmpuint (detail->diagnostics->len, ==, 2);
  description = accessible_description (GTK_WIDGET (radar));
  for (guint d = 0; d < crrc_referential_get_n_domains (detail->referential); d++)
    {
      const CrrcReferentialDomain *domain = crrc_referential_get_domain (detail->referential, d);
      int score = latest->scores->domain_scores[d];
      g_autofree char *value = NULL;
      g_autofree char *said = NULL;

      if (score < 0)
        continue;
      value = crrc_chart_model_format_value (model, score);
      said = g_strdup_printf ("%s", domain->title);
      if (strstr (description, said) == NULL || strstr (description, value) == NULL)
        g_error ("The radar's description “%s” does not say %s: %s", description, said, value);
      n_scores++;
    }
  g_assert_cmpuint (n_scores, >, 0);

  /* The peers' line says whether they are compared. */
  label = find_widget (GTK_WIDGET (view), GTK_TYPE_LABEL, label_has_text,
                       tr ("Comparison hidden: fewer than 5 comparable establishments",
                           "Comparaison masquée\302\240: moins de 5 établissements comparables"));
  g_assert_true ((label != NULL) == (detail->n_peers < 5));

  /* ::open-establishment when the other establishment of the entity is
   * activated, as Enter does. */
  row = find_widget (GTK_WIDGET (view), ADW_TYPE_ACTION_ROW, row_has_title, "Foyer Bellevue");
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_signal_connect (view, "open-establishment", G_CALLBACK (open_establishment_cb), &opened);
  g_assert_true (gtk_widget_activate (row));
  g_assert_cmpstr (opened, ==, SIBLING_FINESS);

  /* A note, typed and added through the view. */
  note_text = g_strdup_printf ("Note <b>%s</b> & rappel", finess);
  text_view = find_widget (GTK_WIDGET (view), GTK_TYPE_TEXT_VIEW, NULL, NULL);
  g_assert_nonnull (text_view);
  button = find_widget (GTK_WIDGET (view), GTK_TYPE_BUTTON, widget_has_name, "note-button");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)), note_text, -1);
  g_assert_true (gtk_widget_get_sensitive (button));
  /* A button emits ::clicked a moment after it is activated. */
  g_assert_true (gtk_widget_activate (button));
  WAIT_FOR (find_widget (GTK_WIDGET (view), GTK_TYPE_LABEL, label_has_text, note_text) != NULL);
  g_assert_cmpuint (crrc_establishment_view_get_n_pending_writes (view), ==, 0);
  /* The editor is empty again, ready for another note. */
  g_assert_false (gtk_widget_get_sensitive (button));

  if (g_getenv ("CRRC_TEST_SHOT") != NULL)
    save_shot (GTK_WIDGET (window), g_getenv ("CRRC_TEST_SHOT"));

  /* The fact sheet, written directly and through the view. */
  fiche_path = g_build_filename (ui_test_dir, "fiche.pdf", NULL);
  fiche = g_file_new_for_path (fiche_path);
  {
    g_autoptr(CrrcChartModel) radar_model = crrc_detail_radar_new (detail);

    g_assert_true (crrc_fiche_export (detail, radar_model, fiche, &error));
    g_assert_no_error (error);
  }
  assert_fiche (fiche_path);

  view_fiche_path = g_build_filename (ui_test_dir, "fiche-view.pdf", NULL);
  view_fiche = g_file_new_for_path (view_fiche_path);
  crrc_establishment_view_write_fiche (view, view_fiche);
  UI_TEST_WAIT_FOR_SECONDS (g_file_test (view_fiche_path, G_FILE_TEST_EXISTS), 20);
  assert_fiche (view_fiche_path);
  if (g_getenv ("CRRC_TEST_KEEP_FICHE") != NULL)
    {
      g_autoptr(GFile) kept = g_file_new_for_path (g_getenv ("CRRC_TEST_KEEP_FICHE"));

      g_assert_true (g_file_copy (view_fiche, kept, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
    }

  if (g_getenv ("CRRC_TEST_SHOW") != NULL)
    {
      gboolean done = FALSE;

      g_timeout_add_seconds (atoi (g_getenv ("CRRC_TEST_SHOW")), ui_test_timeout_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }

  gtk_window_destroy (window);
  ui_test_settle ();

  /* Opened again: the note is there, from the cache. */
  view = open_view (app, finess, &window);
  g_assert_nonnull (find_widget (GTK_WIDGET (view), GTK_TYPE_LABEL, label_has_text, note_text));

  /* A sync of the whole demonstration feed again, as Sync Now does: the
   * note is still in the notes table and in the view. */
  resync (app, finess);
  g_assert_cmpint (count_notes (crrc_application_get_store (app), finess, note_text), ==, 1);
  crrc_establishment_view_show (view, finess);
  UI_TEST_WAIT_FOR_SECONDS (!crrc_establishment_view_get_loading (view), 30);
  ui_test_settle ();
  g_assert_nonnull (crrc_establishment_view_get_detail (view));
  g_assert_nonnull (find_widget (GTK_WIDGET (view), GTK_TYPE_LABEL, label_has_text, note_text));
  gtk_window_destroy (window);
  ui_test_settle ();

  /* And in a view opened afresh. */
  view = open_view (app, finess, &window);
  g_assert_cmpuint (crrc_establishment_view_get_detail (view)->notes->len, ==, 1);
  g_assert_cmpstr (((CrrcDetailNote *) g_ptr_array_index (crrc_establishment_view_get_detail (view)->notes, 0))->text,
                   ==, note_text);
  g_assert_nonnull (find_widget (GTK_WIDGET (view), GTK_TYPE_LABEL, label_has_text, note_text));
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

static void
unknown_body (CrrcApplication *app,
              gconstpointer    data)
{
  g_autofree char *finess = prepare_cache (app);
  CrrcEstablishmentView *view;
  GtkWindow *window;
  GtkWidget *status;

  view = open_view (app, "999999999", &window);
  g_assert_null (crrc_establishment_view_get_detail (view));
  g_assert_null (crrc_establishment_view_get_title (view));
  status = find_widget (GTK_WIDGET (view), ADW_TYPE_STATUS_PAGE, NULL, NULL);
  g_assert_nonnull (status);
  /* The empty page, the error page: the visible one says why. */
  {
    GtkStack *stack = GTK_STACK (find_widget (GTK_WIDGET (view), GTK_TYPE_STACK, NULL, NULL));

    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
    status = gtk_stack_get_visible_child (stack);
    g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), "99 999 999 9"));
  }
  gtk_window_destroy (window);
  ui_test_settle ();
}

static void
test_unknown (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  ui_test_run_app (unknown_body, NULL);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  ui_test_add ("/ui/establishment-view/view", test_view);
  ui_test_add ("/ui/establishment-view/unknown", test_unknown);

  return ui_test_run ();
}
