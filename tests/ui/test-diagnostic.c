/* test-diagnostic.c: a maturity diagnostic entered with the keyboard
 *
 * The real application syncs the demonstration data and shows an
 * establishment (win.show-establishment); the test presses its "New
 * Diagnostic" button, answers the first domain with the keyboard only
 * (xdotool), closes the window with Escape, opens it again from the page
 * ("Resume the Draft"): the answers are there, read from the cache. It
 * answers more, changes domain with Alt+Down, validates with Alt+V and
 * Enter, and checks the results: the overall score is the scoring of the
 * same answers, the radar says its scores to a screen reader, six priority
 * measures are listed; the restitution PDF has two A4 pages naming the
 * establishment and a measure.
 *
 * CRRC_TEST_SHOT_DIR=folder saves the window's questionnaire and results
 * as PNG files there, for reviews.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crrc-diagnostic-window.h"
#include "crrc-establishment-view.h"
#include "crrc-restitution-export.h"
#include "crrc-store-private.h"
#include "crrc-sync-page.h"
#include "ui-test-utils.h"

#define SYNC_TIMEOUT 90

static gboolean
synced (CrrcSyncPage *page)
{
  g_autoptr(GDateTime) last_success = crrc_sync_page_dup_last_success (page);

  return last_success != NULL && !crrc_sync_page_get_busy (page);
}

static char *
query_text (CrrcStore  *store,
            const char *sql,
            const char *arg)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* The answers of a local diagnostic, as the cache has them. */
static GHashTable *
stored_answers (CrrcStore  *store,
                const char *id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store),
                                       "SELECT question, answer FROM local_diagnostic_answers WHERE diagnostic_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (answers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  return answers;
}

static guint
count_stored (CrrcStore  *store,
              const char *id)
{
  g_autoptr(GHashTable) answers = stored_answers (store, id);

  return g_hash_table_size (answers);
}

static GtkWidget *
find_widget (GtkWidget     *widget,
             GType          type,
             const char    *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_named (GtkWidget  *widget,
             const char *name)
{
  guint n = g_strcmp0 (gtk_widget_get_name (widget), name) == 0 ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_named (child, name);
  return n;
}

/* A row of the establishment's history that opens another diagnostic
 * than @id. */
static GtkWidget *
find_history_row (GtkWidget  *widget,
                  const char *id)
{
  const char *row_id = g_object_get_data (G_OBJECT (widget), "diagnostic-id");

  if (ADW_IS_ACTION_ROW (widget) && row_id != NULL && g_strcmp0 (row_id, id) != 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_history_row (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static CrrcDiagnosticWindow *
find_diagnostic_window (CrrcApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (CRRC_IS_DIAGNOSTIC_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static void
save_shot (GtkWidget  *window,
           const char *name)
{
  const char *dir = g_getenv ("CRRC_TEST_SHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file = NULL;

  if (dir == NULL)
    return;
  if (g_getenv ("CRRC_TEST_SHOT_HEIGHT") != NULL)
    gtk_window_set_default_size (GTK_WINDOW (window), 960, atoi (g_getenv ("CRRC_TEST_SHOT_HEIGHT")));
  for (guint i = 0; i < 10; i++)
    ui_test_settle ();
  file = g_strdup_printf ("%s-%s.png", name, ui_test_expect_french () ? "fr" : "en");
  path = g_build_filename (dir, file, NULL);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window), gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* Shows @finess in the application's window and waits for its page. */
static CrrcEstablishmentView *
show_establishment (CrrcApplication *app,
                    const char      *finess)
{
  CrrcWindow *window = ui_test_get_window (app);
  CrrcEstablishmentView *view;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-establishment", "s", finess));
  WAIT_FOR (find_widget (GTK_WIDGET (window), CRRC_TYPE_ESTABLISHMENT_VIEW, NULL) != NULL);
  view = CRRC_ESTABLISHMENT_VIEW (find_widget (GTK_WIDGET (window), CRRC_TYPE_ESTABLISHMENT_VIEW, NULL));
  UI_TEST_WAIT_FOR_SECONDS (crrc_establishment_view_get_detail (view) != NULL &&
                            g_strcmp0 (crrc_establishment_view_get_detail (view)->finess, finess) == 0 &&
                            !crrc_establishment_view_get_loading (view), 30);
  ui_test_settle ();
  return view;
}

/* Presses the establishment page's diagnostic button with the keyboard,
 * and waits for the questionnaire. */
static CrrcDiagnosticWindow *
press_diagnostic_button (CrrcApplication       *app,
                         CrrcEstablishmentView *view,
                         const char            *expected_label)
{
  GtkWidget *button = find_widget (GTK_WIDGET (view), GTK_TYPE_BUTTON, "new-diagnostic-button");
  CrrcDiagnosticWindow *window;

  g_assert_nonnull (button);
  if (expected_label != NULL && strstr (gtk_button_get_label (GTK_BUTTON (button)), expected_label) == NULL)
    g_error ("The button says “%s”, not “%s”", gtk_button_get_label (GTK_BUTTON (button)), expected_label);
  gtk_widget_grab_focus (button);
  g_assert_true (gtk_widget_has_focus (button));
  ui_test_type_keys (GTK_WINDOW (ui_test_get_window (app)), "space");
  WAIT_FOR (find_diagnostic_window (app) != NULL);
  window = find_diagnostic_window (app);
  UI_TEST_WAIT_FOR_SECONDS (g_strcmp0 (crrc_diagnostic_window_get_view (window), "questions") == 0, 20);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  ui_test_settle ();
  return window;
}

/* Presses each of the space-separated @keys, as a person does. */
static void
type_keys (GtkWindow  *window,
           const char *keys)
{
  g_auto(GStrv) each = g_strsplit (keys, " ", -1);

  for (guint i = 0; each[i] != NULL; i++)
    {
      ui_test_type_keys (window, each[i]);
      ui_test_settle ();
    }
}

static void
wait_saved (CrrcDiagnosticWindow *window)
{
  WAIT_FOR (crrc_diagnostic_window_get_n_pending_writes (window) == 0);
  ui_test_settle ();
}

static const char *
question_id (guint domain,
             guint question)
{
  CrrcReferential *referential = crrc_referential_get_default (NULL);
  const CrrcReferentialDomain *d = crrc_referential_get_domain (referential, domain);

  g_assert_cmpuint (question, <, d->n_questions);
  return crrc_referential_get_question (referential, d->first_question + question)->id;
}

static gboolean
pdf_has_text (const char *path,
              const char *needle)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  int status = 0;
  g_autofree char *flat = NULL;
  g_autofree char *flat_needle = NULL;
  g_auto(GStrv) words = NULL;
  g_autofree char *program = g_find_program_in_path ("pdftotext");

  if (program == NULL)
    g_error ("pdftotext is missing: install poppler-utils (build-aux/install-deps.sh)");
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error))
    g_error ("pdftotext: %s", error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* Lines wrap: compare with white space folded. */
  words = g_strsplit_set (out, " \n\t\f", -1);
  flat = g_strjoinv (" ", words);
  while (strstr (flat, "  ") != NULL)
    {
      char *p = strstr (flat, "  ");

      memmove (p, p + 1, strlen (p));
    }
  g_clear_pointer (&words, g_strfreev);
  words = g_strsplit_set (needle, " \n", -1);
  flat_needle = g_strjoinv (" ", words);
  return strstr (flat, flat_needle) != NULL;
}

/* Whether @needle is in the @length bytes of @data (byte by byte: PDF
 * streams hold NUL bytes). */
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
restitution_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (crrc_restitution_write_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
diagnostic_body (CrrcApplication *app,
                 gconstpointer    data)
{
  CrrcWindow *main_window = ui_test_get_window (app);
  CrrcSyncPage *page = CRRC_SYNC_PAGE (gtk_widget_get_template_child (GTK_WIDGET (main_window),
                                                                      CRRC_TYPE_WINDOW, "sync_page"));
  CrrcReferential *referential = crrc_referential_get_default (NULL);
  CrrcEstablishmentView *view;
  CrrcDiagnosticWindow *window;
  CrrcDiagnosticResults *results;
  CrrcStore *store;
  g_autofree char *finess = NULL;
  g_autofree char *id = NULL;
  g_autofree char *description = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(CrrcMaturityScores) expected = NULL;
  g_autoptr(GFile) pdf_file = NULL;
  g_autoptr(GError) error = NULL;
  const CrrcMaturityMeasure *measure;
  gboolean done = FALSE;
  gsize length;
  GStatBuf st;

  UI_TEST_WAIT_FOR_SECONDS (synced (page), SYNC_TIMEOUT);
  store = crrc_application_get_store (app);
  /* An establishment with a diagnostic, in a category and region with
   * enough diagnosed peers for the comparison. */
  finess = query_text (store,
                       "SELECT e.finess FROM establishments e JOIN diagnostics d ON d.finess = e.finess"
                       " WHERE (SELECT count(DISTINCT p.finess) FROM establishments p JOIN diagnostics pd"
                       "        ON pd.finess = p.finess WHERE p.category = e.category AND p.region = e.region"
                       "        AND p.finess <> e.finess) >= 6"
                       " ORDER BY e.finess LIMIT 1", NULL);
  g_assert_nonnull (finess);

  view = show_establishment (app, finess);
  window = press_diagnostic_button (app, view, NULL);
  id = g_strdup (crrc_diagnostic_window_get_diagnostic_id (window));
  g_assert_true (g_str_has_prefix (id, "LOCAL-DIAG-"));
  g_assert_cmpint (crrc_diagnostic_window_get_domain (window), ==, 0);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (main_window));

  /* The first domain (five questions), with the keyboard only: 3, 2, not
   * applicable, 1, and Right twice from no answer (0, then 1). */
  type_keys (GTK_WINDOW (window), "3 Tab 2 Tab n Tab 1 Tab Right Right");
  save_shot (GTK_WIDGET (window), "diagnostic-questions");

  /* Escape closes it at once, writes still queued or not: nothing is
   * lost. */
  ui_test_type_keys (GTK_WINDOW (window), "Escape");
  WAIT_FOR (find_diagnostic_window (app) == NULL);
  WAIT_FOR (count_stored (store, id) == 5);
  answers = stored_answers (store, id);
  g_assert_cmpstr (g_hash_table_lookup (answers, question_id (0, 0)), ==, "3");
  g_assert_cmpstr (g_hash_table_lookup (answers, question_id (0, 1)), ==, "2");
  g_assert_cmpstr (g_hash_table_lookup (answers, question_id (0, 2)), ==, "na");
  g_assert_cmpstr (g_hash_table_lookup (answers, question_id (0, 3)), ==, "1");
  g_assert_cmpstr (g_hash_table_lookup (answers, question_id (0, 4)), ==, "1");
  g_clear_pointer (&answers, g_hash_table_unref);

  /* The page offers to resume the draft; the window opens on it, at the
   * first domain not complete, with the answers read from the cache. */
  UI_TEST_WAIT_FOR_SECONDS (!crrc_establishment_view_get_loading (view) &&
                            strstr (gtk_button_get_label (GTK_BUTTON (find_widget (GTK_WIDGET (view), GTK_TYPE_BUTTON,
                                                                                   "new-diagnostic-button"))),
                                    "5/45") != NULL, 20);
  window = press_diagnostic_button (app, view, "5/45");
  g_assert_cmpstr (crrc_diagnostic_window_get_diagnostic_id (window), ==, id);
  g_assert_cmpuint (g_hash_table_size (crrc_diagnostic_window_get_answers (window)), ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (crrc_diagnostic_window_get_answers (window), question_id (0, 0)), ==, "3");
  g_assert_cmpint (crrc_diagnostic_window_get_domain (window), ==, 1);

  /* More answers: the second domain's first question 0, the next one
   * "I don't know"; Alt+Down to the third domain, its first question 2;
   * Ctrl+Page Up back to the second one, its third question 1. */
  type_keys (GTK_WINDOW (window), "0 Tab u alt+Down");
  WAIT_FOR (crrc_diagnostic_window_get_domain (window) == 2);
  type_keys (GTK_WINDOW (window), "2 ctrl+Page_Up");
  WAIT_FOR (crrc_diagnostic_window_get_domain (window) == 1);
  type_keys (GTK_WINDOW (window), "Tab Tab 1");
  wait_saved (window);
  answers = stored_answers (store, id);
  g_assert_cmpuint (g_hash_table_size (answers), ==, 9);
  g_assert_cmpstr (g_hash_table_lookup (answers, question_id (1, 0)), ==, "0");
  g_assert_cmpstr (g_hash_table_lookup (answers, question_id (1, 1)), ==, "unknown");
  g_assert_cmpstr (g_hash_table_lookup (answers, question_id (1, 2)), ==, "1");
  g_assert_cmpstr (g_hash_table_lookup (answers, question_id (2, 0)), ==, "2");

  /* A write that fails (the cache refuses it): the window says so, names
   * the question, and puts the answer back. No write runs now: the test
   * may use the store's connection, and a trigger of its own there makes
   * the writer fail. */
  {
    g_autofree char *sql = g_strdup_printf ("CREATE TEMP TRIGGER test_refuse BEFORE INSERT ON local_diagnostic_answers"
                                            " WHEN NEW.question = '%s' BEGIN SELECT RAISE (ABORT, 'disk full'); END",
                                            question_id (1, 3));
    const CrrcReferentialQuestion *question = crrc_referential_lookup_question (referential, question_id (1, 3));
    GtkWidget *error_label = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "error-label");
    g_autoptr(GHashTable) after = NULL;

    g_assert_cmpint (sqlite3_exec (_crrc_store_get_db (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
    type_keys (GTK_WINDOW (window), "Tab 3");
    wait_saved (window);
    g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (error_label, GTK_TYPE_REVEALER))));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), question->text));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "disk full"));
    g_assert_false (g_hash_table_contains (crrc_diagnostic_window_get_answers (window), question->id));
    after = stored_answers (store, id);
    g_assert_cmpuint (g_hash_table_size (after), ==, 9);
    g_assert_cmpint (sqlite3_exec (_crrc_store_get_db (store), "DROP TRIGGER test_refuse", NULL, NULL, NULL), ==, SQLITE_OK);
  }

  /* Validated with the keyboard: Alt+V, then Enter on the dialog. */
  ui_test_type_keys (GTK_WINDOW (window), "alt+v");
  {
    GtkWindow *dialog = NULL;

    for (guint i = 0; dialog == NULL && i < 50; i++)
      {
        g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

        for (GList *l = toplevels; l != NULL; l = l->next)
          if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_mapped (l->data))
            dialog = l->data;
        if (dialog == NULL)
          {
            g_usleep (100000);
            ui_test_settle ();
          }
      }
    g_assert_nonnull (dialog);
    /* It says how many questions are still unknown: 45 − 8 answered. */
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "37"));
    ui_test_type_keys (dialog, "Return");
  }
  UI_TEST_WAIT_FOR_SECONDS (g_strcmp0 (crrc_diagnostic_window_get_view (window), "results") == 0, 20);
  ui_test_settle ();
  {
    g_autofree char *status = query_text (store, "SELECT status FROM local_diagnostics WHERE id = ?1", id);

    g_assert_cmpstr (status, ==, "validated");
  }

  /* The results: the scoring of the same answers. */
  results = crrc_diagnostic_window_get_results (window);
  g_assert_nonnull (results);
  g_assert_true (results->validated);
  expected = crrc_maturity_score (referential, answers, &error);
  g_assert_no_error (error);
  g_assert_cmpint (results->scores->overall, ==, expected->overall);
  g_assert_cmpint (results->scores->completeness, ==, expected->completeness);
  {
    GtkWidget *label = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "overall-score");
    g_autofree char *shown = g_strdup_printf ("%d/100", expected->overall);

    g_assert_nonnull (label);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, shown);
  }

  /* The radar, said to a screen reader. */
  g_assert_nonnull (crrc_diagnostic_window_get_radar (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (crrc_diagnostic_window_get_radar (window))));
  description = gtk_test_accessible_check_property (GTK_ACCESSIBLE (crrc_diagnostic_window_get_radar (window)),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "\x01 none");
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, crrc_referential_get_domain (referential, 0)->title));

  /* Six priority measures. */
  g_assert_cmpuint (expected->measures->len, ==, 6);
  g_assert_cmpuint (count_named (crrc_diagnostic_window_get_measures_group (window), "measure-row"), ==, 6);
  measure = &g_array_index (expected->measures, CrrcMaturityMeasure, 0);
  save_shot (GTK_WIDGET (window), "diagnostic-results");
  if (g_getenv ("CRRC_TEST_SHOT_DIR") != NULL)
    {
      GtkWidget *scroller = gtk_widget_get_ancestor (crrc_diagnostic_window_get_measures_group (window),
                                                     GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      save_shot (GTK_WIDGET (window), "diagnostic-results-bottom");
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2 - 200);
      save_shot (GTK_WIDGET (window), "diagnostic-results-middle");
    }

  /* The pages reloaded: the establishment's latest diagnostic is this
   * one, and it has no draft any more. */
  UI_TEST_WAIT_FOR_SECONDS (!crrc_establishment_view_get_loading (view) &&
                            crrc_establishment_detail_get_latest_diagnostic (crrc_establishment_view_get_detail (view)) != NULL &&
                            g_strcmp0 (crrc_establishment_detail_get_latest_diagnostic (crrc_establishment_view_get_detail (view))->id, id) == 0,
                            20);
  g_assert_nonnull (find_widget (GTK_WIDGET (view), GTK_TYPE_BUTTON, "restitution-button"));

  /* The restitution PDF: two A4 pages, private, naming the
   * establishment and the first measure. */
  pdf_path = g_build_filename (ui_test_dir, "restitution.pdf", NULL);
  pdf_file = g_file_new_for_path (pdf_path);
  crrc_restitution_write_async (store, id, pdf_file, NULL, restitution_done_cb, &done);
  UI_TEST_WAIT_FOR_SECONDS (done, 20);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, &length, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  /* A4 portrait, in points. */
  g_assert_true (contains (pdf, length, "/MediaBox [ 0 0 595.276 841.89 ]"));
  {
    guint pages = 0;

    for (gsize i = 0; i + 11 <= length; i++)
      if (memcmp (pdf + i, "/Type /Page", 11) == 0 && (i + 11 == length || pdf[i + 11] != 's'))
        pages++;
    g_assert_cmpuint (pages, ==, 2);
  }
  g_assert_cmpint (g_stat (pdf_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (pdf_has_text (pdf_path, results->name));
  if (!pdf_has_text (pdf_path, measure->measure))
    g_error ("The restitution does not list “%s”", measure->measure);
  {
    g_autofree char *expected_name = crrc_restitution_default_name (finess, results->date);
    g_autofree char *wanted = g_strdup_printf ("restitution-%s-%s.pdf", finess, results->date);

    g_assert_cmpstr (expected_name, ==, wanted);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle ();

  /* A synced diagnostic of the history opens on its results. */
  {
    GtkWidget *row = NULL;

    row = find_history_row (GTK_WIDGET (view), id);
    g_assert_nonnull (row);
    g_assert_true (gtk_widget_activate (row));
    WAIT_FOR (find_diagnostic_window (app) != NULL);
    window = find_diagnostic_window (app);
    UI_TEST_WAIT_FOR_SECONDS (g_strcmp0 (crrc_diagnostic_window_get_view (window), "results") == 0, 20);
    results = crrc_diagnostic_window_get_results (window);
    g_assert_false (results->local);
    g_assert_cmpstr (results->id, ==, g_object_get_data (G_OBJECT (row), "diagnostic-id"));
    g_assert_nonnull (crrc_diagnostic_window_get_radar (window));
    gtk_window_destroy (GTK_WINDOW (window));
    ui_test_settle ();
  }
}

static void
test_diagnostic (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  ui_test_run_app (diagnostic_body, NULL);
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);
  ui_test_add ("/ui/diagnostic/keyboard", test_diagnostic);
  return ui_test_run ();
}
