/* test-sync-page.c: the Synchronisation page under a real X server
 *
 * The real application imports small Etalab CSV files written by the tests
 * through the page, with the same code as the command line, and the tests
 * read what the page shows and what the cache holds afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "crrc-application.h"
#include "crrc-import.h"
#include "crrc-store-private.h"
#include "crrc-sync-page.h"
#include "crrc-window.h"
#include "ui-test-utils.h"

#define NBSP "\u00a0"

/* A file name that would break if it were read as markup. */
#define FIXTURE_NAME "etalab <b> & co.csv"

/* Imports of a few thousand rows are quick, but not under the sanitizers. */
#define IMPORT_TIMEOUT 60

static const char *
tr (const char *en,
    const char *fr)
{
  return ui_test_expect_french () ? fr : en;
}

/* A FINESS number of the Ain: "01", six digits from @serial, and the Luhn
 * key, or a wrong one when @good_key is FALSE. */
static void
make_finess (char     out[10],
             guint    serial,
             gboolean good_key)
{
  guint sum = 0;

  g_snprintf (out, 10, "01%06u", serial % 1000000);
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

  out[8] = (char) ('0' + ((10 - sum % 10) % 10 + (good_key ? 0 : 1)) % 10);
  out[9] = '\0';
}

static void
append_structureet (GString    *csv,
                    const char *finess,
                    guint       serial)
{
  g_string_append_printf (csv,
                          "structureet;%s;010780054;CH TEST %u;CENTRE HOSPITALIER DE TEST %u;;;"
                          "900;RTE;DE PARIS;;;451;01;AIN;01440 VIRIAT;0474454647;0474454114;"
                          "355;Centre Hospitalier (C.H.);1102;Centres Hospitaliers;26010004500012;"
                          "8610Z;03;ARS établissements Publics de santé dotation globale;1;"
                          "Etablissement public de santé;1979-02-13;1979-02-13;2020-02-04;\n",
                          finess, serial, serial);
}

/* Writes an Etalab CSV extract of @n_good establishments, then @extra
 * lines, then @n_bad establishments whose FINESS key is wrong, and returns
 * it. */
static GFile *
write_etalab_with (const char *name,
                   guint       n_good,
                   const char *extra,
                   guint       n_bad)
{
  g_autoptr(GString) csv = g_string_new ("finess;etalab;3;2024-01-01\n");
  g_autofree char *path = g_build_filename (ui_test_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char finess[10];

  /* 010000024 is a real number; begin with it. */
  append_structureet (csv, "010000024", 0);
  for (guint i = 1; i < n_good; i++)
    {
      make_finess (finess, 100 + i, TRUE);
      append_structureet (csv, finess, i);
    }
  if (extra != NULL)
    g_string_append (csv, extra);
  for (guint i = 0; i < n_bad; i++)
    {
      make_finess (finess, 500000 + i, FALSE);
      append_structureet (csv, finess, 500000 + i);
    }

  g_file_set_contents (path, csv->str, (gssize) csv->len, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static GFile *
write_etalab (const char *name,
              guint       n_good,
              guint       n_bad)
{
  return write_etalab_with (name, n_good, NULL, n_bad);
}

static CrrcSyncPage *
get_page (CrrcApplication *app)
{
  CrrcWindow *window = ui_test_get_window (app);
  GObject *page = gtk_widget_get_template_child (GTK_WIDGET (window), CRRC_TYPE_WINDOW, "sync_page");

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

static const char *
value_of (CrrcSyncPage *page,
          const char   *name)
{
  return gtk_label_get_text (GTK_LABEL (page_child (page, name)));
}

static gboolean
is_shown (CrrcSyncPage *page,
          const char   *name)
{
  return gtk_widget_get_visible (page_child (page, name));
}

static gboolean
can_import (CrrcSyncPage *page)
{
  return gtk_widget_get_sensitive (page_child (page, "import_button"));
}

/* Opens the page and waits until the cache is ready for an import. */
static CrrcSyncPage *
show_page (CrrcApplication *app)
{
  CrrcSyncPage *page = get_page (app);

  crrc_window_set_visible_page (ui_test_get_window (app), "synchronisation");
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (page)) && can_import (page));

  return page;
}

static void
import_and_wait (CrrcSyncPage *page,
                 GFile        *file)
{
  g_assert_true (crrc_sync_page_import_file (page, file));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_importing (page), IMPORT_TIMEOUT);
}

static gint64
count_establishments (CrrcApplication *app)
{
  sqlite3 *db = _crrc_store_get_db (crrc_application_get_store (app));
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM establishments", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
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

/* The rows listed under "Rejected Records" (its own header row aside). */
static GPtrArray *
get_reject_rows (CrrcSyncPage *page)
{
  GtkWidget *expander = page_child (page, "rejects_row");
  GPtrArray *rows = g_ptr_array_new ();
  GSList *stack = g_slist_prepend (NULL, expander);

  while (stack != NULL)
    {
      GtkWidget *widget = stack->data;

      stack = g_slist_delete_link (stack, stack);
      if (ADW_IS_ACTION_ROW (widget) && gtk_widget_get_parent (widget) != NULL &&
          gtk_widget_has_css_class (gtk_widget_get_parent (widget), "nested"))
        g_ptr_array_add (rows, widget);

      for (GtkWidget *child = gtk_widget_get_last_child (widget); child != NULL;
           child = gtk_widget_get_prev_sibling (child))
        stack = g_slist_prepend (stack, child);
    }

  return rows;
}

/* The page at rest: one button to import, nothing else until a file is. */
static void
idle_body (CrrcApplication *app,
           gconstpointer    data)
{
  CrrcSyncPage *page = show_page (app);
  GtkWidget *button = page_child (page, "import_button");
  AdwPreferencesGroup *files = ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (button, ADW_TYPE_PREFERENCES_GROUP));

  g_assert_true (crrc_sync_page_get_application (page) == app);
  g_assert_false (crrc_sync_page_get_importing (page));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==,
                   tr ("_Import a File…", "_Importer un fichier…"));
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (button)));
  /* Sync Now is the page's one suggested action. */
  g_assert_false (gtk_widget_has_css_class (button, "suggested-action"));
  g_assert_null (gtk_widget_get_tooltip_text (button));
  g_assert_cmpstr (adw_preferences_group_get_title (files), ==,
                   tr ("Import a File", "Importer un fichier"));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (files), "CERT-FR"));
  g_assert_false (is_shown (page, "progress_list"));
  g_assert_false (is_shown (page, "summary_group"));
}

static void
test_idle (void)
{
  ui_test_run_app (idle_body, NULL);
}

/* A file with a bad row: the others are imported, the page reports both,
 * the cache holds them. Importing it again changes nothing. */
static void
import_body (CrrcApplication *app,
             gconstpointer    data)
{
  CrrcSyncPage *page = show_page (app);
  g_autoptr(GFile) file = write_etalab (FIXTURE_NAME, 3, 1);
  g_autoptr(GFile) other = write_etalab ("other.csv", 1, 0);
  g_autoptr(GPtrArray) rejects = NULL;
  g_autofree char *toast = NULL;
  AdwActionRow *reject;
  char bad_finess[10];

  g_assert_cmpint (count_establishments (app), ==, 0);

  /* While the file is read: its name, a progress bar, Cancel; one import
   * at a time. */
  g_assert_true (crrc_sync_page_import_file (page, file));
  g_assert_true (crrc_sync_page_get_importing (page));
  g_assert_true (is_shown (page, "progress_list"));
  g_assert_cmpstr (value_of (page, "progress_file_label"), ==, FIXTURE_NAME);
  g_assert_false (can_import (page));
  g_assert_false (crrc_sync_page_import_file (page, other));

  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_importing (page), IMPORT_TIMEOUT);
  g_assert_false (is_shown (page, "progress_list"));
  g_assert_true (can_import (page));

  /* The summary, as plain text. */
  g_assert_true (is_shown (page, "summary_group"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (page_child (page, "status_row"))), ==,
                   tr ("Imported", "Importé"));
  g_assert_cmpstr (value_of (page, "file_value"), ==, FIXTURE_NAME);
  g_assert_cmpstr (value_of (page, "format_value"), ==,
                   crrc_import_format_get_label (CRRC_IMPORT_FORMAT_ETALAB_CSV));
  g_assert_true (is_shown (page, "extracted_row"));
  g_assert_cmpstr (value_of (page, "extracted_value"), ==, tr ("January 1, 2024", "1 janvier 2024"));
  g_assert_cmpstr (value_of (page, "read_value"), ==, "4");
  g_assert_cmpstr (value_of (page, "added_value"), ==, "3");
  g_assert_cmpstr (value_of (page, "updated_value"), ==, "0");
  g_assert_cmpstr (value_of (page, "unchanged_value"), ==, "0");
  g_assert_cmpstr (value_of (page, "rejected_value"), ==, "1");
  g_assert_false (is_shown (page, "categories_row"));

  /* The rejected row: where, which record, why. */
  g_assert_true (is_shown (page, "rejects_row"));
  make_finess (bad_finess, 500000, FALSE);
  rejects = get_reject_rows (page);
  g_assert_cmpuint (rejects->len, ==, 1);
  reject = rejects->pdata[0];
  g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (reject)));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (reject)), bad_finess));
  g_assert_cmpuint (strlen (adw_action_row_get_subtitle (reject)), >, 0);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (page_child (page, "rejects_row"))),
                            crrc_reject_reason_get_label (CRRC_REJECT_BAD_FINESS_KEY)));

  /* The toast names the file as it is, markup characters and all. */
  toast = ui_test_expect_french ()
          ? g_strdup_printf ("3 établissements importés depuis «" NBSP "%s" NBSP "»", FIXTURE_NAME)
          : g_strdup_printf ("Imported 3 establishments from “%s”", FIXTURE_NAME);
  g_assert_nonnull (find_label (GTK_WIDGET (ui_test_get_window (app)), toast));

  g_assert_cmpint (count_establishments (app), ==, 3);

  /* The same file again: nothing to add or update. */
  import_and_wait (page, file);
  g_assert_cmpstr (value_of (page, "added_value"), ==, "0");
  g_assert_cmpstr (value_of (page, "updated_value"), ==, "0");
  g_assert_cmpstr (value_of (page, "unchanged_value"), ==, "3");
  g_assert_cmpstr (value_of (page, "rejected_value"), ==, "1");
  g_assert_cmpint (count_establishments (app), ==, 3);
}

static void
test_import (void)
{
  ui_test_run_app (import_body, NULL);
}

/* Many bad rows: all counted, the first 200 listed, and a last row for the
 * others. A record that reads like markup is shown as it is. */
static void
many_rejects_body (CrrcApplication *app,
                   gconstpointer    data)
{
  CrrcSyncPage *page = show_page (app);
  g_autoptr(GString) markup_line = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) rejects = NULL;
  AdwActionRow *first;
  AdwActionRow *last;

  append_structureet (markup_line, "01<b>&", 7);
  file = write_etalab_with ("many-rejects.csv", 2, markup_line->str, 250);

  import_and_wait (page, file);

  g_assert_cmpstr (value_of (page, "read_value"), ==, "253");
  g_assert_cmpstr (value_of (page, "added_value"), ==, "2");
  g_assert_cmpstr (value_of (page, "rejected_value"), ==, "251");

  rejects = get_reject_rows (page);
  g_assert_cmpuint (rejects->len, ==, 201);

  /* Had the row read markup, GTK would have warned, and the test failed. */
  first = rejects->pdata[0];
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (first), "01<b>&"));
  g_assert_nonnull (find_label (GTK_WIDGET (first), "01<b>&"));

  last = rejects->pdata[200];
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (last)), ==,
                   tr ("And 51 more rejected records", "Et 51 autres enregistrements rejetés"));

  /* Closed at first; opened, it shows them. */
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (page_child (page, "rejects_row"))));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (page_child (page, "rejects_row")), TRUE);
  UI_TEST_WAIT_FOR_SECONDS (gtk_widget_get_mapped (rejects->pdata[0]), IMPORT_TIMEOUT);

  g_assert_cmpint (count_establishments (app), ==, 2);
}

static void
test_many_rejects (void)
{
  ui_test_run_app (many_rejects_body, NULL);
}

/* A file in no known format is refused as a whole: the page says why, the
 * cache is as it was. */
static void
refused_body (CrrcApplication *app,
              gconstpointer    data)
{
  CrrcSyncPage *page = show_page (app);
  g_autoptr(GFile) good = write_etalab ("good.csv", 3, 0);
  g_autofree char *path = g_build_filename (ui_test_dir, "notes <i>.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  const char *message;
  g_autofree char *toast = NULL;

  import_and_wait (page, good);
  g_assert_cmpint (count_establishments (app), ==, 3);

  g_file_set_contents (path, "Lorem ipsum dolor sit amet, 42 & <more>\nconsectetur;adipiscing;elit\n",
                       -1, &error);
  g_assert_no_error (error);

  import_and_wait (page, file);

  g_assert_true (is_shown (page, "summary_group"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (page_child (page, "status_row"))), ==,
                   tr ("Not Imported", "Non importé"));
  message = adw_action_row_get_subtitle (ADW_ACTION_ROW (page_child (page, "status_row")));
  g_assert_nonnull (strstr (message, "notes <i>.txt"));
  /* Shown as it is: the label holds the message, not its markup reading. */
  g_assert_nonnull (find_label (page_child (page, "status_row"), message));
  g_assert_cmpstr (value_of (page, "file_value"), ==, "notes <i>.txt");
  g_assert_false (is_shown (page, "format_row"));
  g_assert_false (is_shown (page, "read_row"));
  g_assert_false (is_shown (page, "rejects_row"));
  g_assert_false (is_shown (page, "progress_list"));
  g_assert_true (can_import (page));

  /* The first toast (of the good file) may still be shown; the second
   * waits behind it, so look for it only once it is there. */
  toast = ui_test_expect_french ()
          ? g_strdup_printf ("«" NBSP "%s" NBSP "» n’a pas été importé", "notes <i>.txt")
          : g_strdup_printf ("“%s” was not imported", "notes <i>.txt");
  UI_TEST_WAIT_FOR_SECONDS (find_label (GTK_WIDGET (ui_test_get_window (app)), toast) != NULL, 15);

  g_assert_cmpint (count_establishments (app), ==, 3);
}

static void
test_refused (void)
{
  ui_test_run_app (refused_body, NULL);
}

/* Cancel, pressed right after the start of a large import: nothing is
 * imported and the page is back at rest. */
static void
cancel_body (CrrcApplication *app,
             gconstpointer    data)
{
  CrrcSyncPage *page = show_page (app);
  g_autoptr(GFile) file = write_etalab ("large.csv", 20000, 0);
  GtkWidget *cancel = page_child (page, "cancel_button");

  g_assert_true (crrc_sync_page_import_file (page, file));
  WAIT_FOR (gtk_widget_get_sensitive (cancel));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (cancel)), ==, tr ("_Cancel", "_Annuler"));
  /* A click, at once (a keyboard activation would wait for its animation). */
  g_signal_emit_by_name (cancel, "clicked");
  g_assert_false (gtk_widget_get_sensitive (cancel));

  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_importing (page), IMPORT_TIMEOUT);
  g_assert_false (is_shown (page, "progress_list"));
  g_assert_false (is_shown (page, "summary_group"));
  g_assert_true (can_import (page));
  g_assert_nonnull (find_label (GTK_WIDGET (ui_test_get_window (app)),
                                tr ("cancelled: nothing was imported", "annulée" NBSP ": rien n’a été importé")));

  g_assert_cmpint (count_establishments (app), ==, 0);
}

static void
test_cancel (void)
{
  ui_test_run_app (cancel_body, NULL);
}

static GtkFileChooser *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_FILE_CHOOSER (window);
    }

  return NULL;
}

static void
close_file_chooser (GtkFileChooser *chooser)
{
  g_autoptr(GListModel) filters = gtk_file_chooser_get_filters (chooser);
  g_autoptr(GtkFileFilter) first = g_list_model_get_item (filters, 0);

  /* All supported files, CSV, JSON, gzip, all files. */
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 5);
  g_assert_cmpstr (gtk_file_filter_get_name (first), ==,
                   tr ("All Supported Files", "Tous les fichiers pris en charge"));

  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  WAIT_FOR (find_file_chooser () == NULL);
}

/* Ctrl+I from any page, and the button's mnemonic, open the file chooser. */
static void
keyboard_body (CrrcApplication *app,
               gconstpointer    data)
{
  CrrcWindow *window = ui_test_get_window (app);
  CrrcSyncPage *page = get_page (app);

  WAIT_FOR (can_import (page));
  g_assert_cmpstr (crrc_window_get_visible_page (window), ==, "observatoire");

  ui_test_type_keys (GTK_WINDOW (window), "ctrl+i");
  WAIT_FOR (find_file_chooser () != NULL);
  g_assert_cmpstr (crrc_window_get_visible_page (window), ==, "synchronisation");
  close_file_chooser (find_file_chooser ());

  ui_test_type_keys (GTK_WINDOW (window), "alt+i");
  WAIT_FOR (find_file_chooser () != NULL);
  close_file_chooser (find_file_chooser ());

  g_assert_false (crrc_sync_page_get_importing (page));
}

static void
test_keyboard (void)
{
  ui_test_run_app (keyboard_body, NULL);
}

/* With no cache, nothing can be imported, and the button says why. */
static void
no_store_body (CrrcApplication *app,
               gconstpointer    data)
{
  CrrcSyncPage *page = get_page (app);
  GtkWidget *button = page_child (page, "import_button");
  const GError *error = crrc_application_get_store_error (app);
  g_autoptr(GFile) file = write_etalab ("unused.csv", 1, 0);
  const char *tooltip;

  g_assert_nonnull (error);
  crrc_window_set_visible_page (ui_test_get_window (app), "synchronisation");
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (page)));

  g_assert_false (gtk_widget_get_sensitive (button));
  tooltip = gtk_widget_get_tooltip_text (button);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, error->message));
  g_assert_false (crrc_sync_page_import_file (page, file));
  g_assert_false (crrc_sync_page_get_importing (page));
}

static void
test_no_store (void)
{
  g_autofree char *path = ui_test_cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  /* A file where the cache's folder should be. */
  g_file_set_contents (dir, "in the way\n", -1, &error);
  g_assert_no_error (error);

  /* The application logs why the cache could not be opened. */
  g_test_expect_message ("crrc-application", G_LOG_LEVEL_WARNING, "*crrc.db*");
  ui_test_run_app (no_store_body, NULL);
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  ui_test_add ("/ui/sync-page/idle", test_idle);
  ui_test_add ("/ui/sync-page/import", test_import);
  ui_test_add ("/ui/sync-page/many-rejects", test_many_rejects);
  ui_test_add ("/ui/sync-page/refused", test_refused);
  ui_test_add ("/ui/sync-page/cancel", test_cancel);
  ui_test_add ("/ui/sync-page/keyboard", test_keyboard);
  ui_test_add ("/ui/sync-page/no-store", test_no_store);

  return ui_test_run ();
}
