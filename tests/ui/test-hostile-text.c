/* test-hostile-text.c: text from data is shown as it is, never interpreted
 *
 * The real application runs on an empty cache (no demonstration data).
 * The test imports, through the Synchronisation page's import (the path of
 * a file the analyst chooses), a national establishments' CSV file whose
 * name on disk is not UTF-8 and whose establishments are named with Pango
 * markup and printf directives, a 2,000-character word, and a right-to-left
 * override; then a CERT-FR bulletin whose title is markup. What no file
 * format carries (an incident's summary, an audit and its finding, a
 * feed's error message, a postal line with markup, a campaign named with
 * the long word) is written with SQL, as a feed would have written it: the
 * feeds' validator accepts such text, and the test server would add
 * nothing but a slower test. A note with markup and an override is typed
 * in the establishment's page, and a campaign with markup is created
 * through its dialog.
 *
 * Every label showing those texts shows them literally: "<b>" stays "<b>",
 * "&" stays "&", "%s %n" stays "%s %n"; the data's labels do not read
 * markup (or, for toasts, whose titles are always markup, the text is
 * escaped); the 2,000-character word does not make the window wider than
 * the screen, nor any label wider than the window; and the bidirectional controls (U+202E) are removed from
 * what is shown (app/crrc-display-text.h says why), so that they reorder
 * nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "crrc-campagnes-page.h"
#include "crrc-campaign-dialogs.h"
#include "crrc-drilldown-dialog.h"
#include "crrc-establishment-list.h"
#include "crrc-establishment-view.h"
#include "crrc-etablissements-page.h"
#include "crrc-feed-state.h"
#include "crrc-store-private.h"
#include "crrc-sync-page.h"
#include "ui-test-utils.h"

#define LOAD_TIMEOUT 30
#define SCREEN_WIDTH 1280

#define MARKUP_FINESS "010000024"
#define LONG_FINESS   "690000039"
#define RLO_FINESS    "330000209"

/* As the CSV file holds it (its quotes doubled there). */
#define MARKUP_NAME   "<b>Centre</b> & <span foreground=\"red\">Soins</span> %s %n"
#define RLO_NAME      "Clinique \u202Eexe.fdp"
#define RLO_SHOWN     "Clinique exe.fdp"
/* The commune as the pages show it: the postal line's. */
#define COMMUNE       "01440 Ville & <i>Cité</i> %s"
#define SUMMARY       "<b>Cryptoverrou</b> & chiffrement %s%s%n de 3 serveurs"
#define BULLETIN      "<b>Faille</b> & %s %n dans <i>Ivanti</i>"
#define NOTE          "<span foreground=\"red\">Rappeler</span> le RSSI & %s %n \u202Eexe.fdp"
#define NOTE_SHOWN    "<span foreground=\"red\">Rappeler</span> le RSSI & %s %n exe.fdp"
#define CAMPAIGN      "<b>Campagne</b> & <u>2025</u> %s %n"
#define COMMENT       "<i>Rendez-vous</i> & relance %s %n \u202Eexe.fdp"
#define COMMENT_SHOWN "<i>Rendez-vous</i> & relance %s %n exe.fdp"
#define FEED_ERROR    "<b>HTTP 500</b> & <span foreground=\"red\">%s %n</span> \u202Efrom the server"
#define FEED_SHOWN    "<b>HTTP 500</b> & <span foreground=\"red\">%s %n</span> from the server"
#define FEED_URL      "file:///nonexistent-crrc-hostile-feed/"

static char *long_name;

static GObject *
window_child (CrrcApplication *app,
              const char      *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (ui_test_get_window (app)),
                                                  CRRC_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

static void
exec (CrrcStore  *store,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_crrc_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
}

/* Runs @sql with @text bound to ?1. */
static void
exec_text (CrrcStore  *store,
           const char *sql,
           const char *text)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
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

/* A mapped label under @widget whose text is @text. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A mapped label under @widget whose text holds @text. */
static GtkLabel *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_containing (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A label of data: its text is @text, and it does not read markup. */
static void
assert_plain_label (GtkWidget  *root,
                    const char *text)
{
  GtkLabel *label = find_label (root, text);

  if (label == NULL)
    g_error ("No label shows “%s”", text);
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_cmpstr (gtk_label_get_label (label), ==, text);
}

/* What every label under @widget must hold: the words of the hostile data
 * only with their tags, as written (markup read would drop the tags), the
 * tags escaped when the label reads markup, no bidirectional override, and
 * valid UTF-8. Returns how many labels showed hostile data. */
static guint
check_labels (GtkWidget *widget)
{
  static const struct {
    const char *word;
    const char *literal;
  } hostile[] = {
    { "Centre</b>", "<b>Centre</b> & <span foreground=\"red\">Soins</span> %s %n" },
    { "Cité", "<i>Cité</i>" },
    { "Cryptoverrou", "<b>Cryptoverrou</b> & chiffrement %s%s%n" },
    { "Faille", "<b>Faille</b> & %s %n" },
    { "Rappeler", "<span foreground=\"red\">Rappeler</span> le RSSI & %s %n" },
    { "Campagne</b>", "<b>Campagne</b> & <u>2025</u> %s %n" },
    { "HTTP 500", "<b>HTTP 500</b> & <span foreground=\"red\">%s %n</span>" },
    { "Rendez-vous", "<i>Rendez-vous</i> & relance %s %n" },
  };
  guint n = 0;

  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_null (strstr (text, "\u202E"));
      for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
        if (strstr (text, hostile[i].word) != NULL ||
            strstr (gtk_label_get_label (GTK_LABEL (widget)), hostile[i].word) != NULL)
          {
            if (strstr (text, hostile[i].literal) == NULL)
              g_error ("The label “%s” shows “%s” without its markup as text", text, hostile[i].word);
            if (gtk_label_get_use_markup (GTK_LABEL (widget)))
              g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (widget)), "&lt;"));
            n++;
          }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += check_labels (child);

  return n;
}

/* Saves @widget as a PNG file in $CRRC_TEST_SCREENSHOTS, when set. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("CRRC_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL)
    return;

  ui_test_settle ();
  ui_test_settle ();
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strdup_printf ("%s-%s.png", name, ui_test_expect_french () ? "fr" : "en");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* No mapped label under @widget is wider than @width: a label cut by a
 * container too narrow for it (a page wider than its window) would be. */
static void
assert_labels_within (GtkWidget *widget,
                      int        width)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > width)
    g_error ("The label “%.80s…” is %d pixels wide, in a window of %d",
             gtk_label_get_text (GTK_LABEL (widget)), gtk_widget_get_width (widget), width);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_labels_within (child, width);
}

/* The window fits on the screen: its width, and the least width its
 * content asks for; and its content fits in it. */
static void
assert_fits (GtkWidget *window)
{
  int minimum = 0;
  int natural = 0;

  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_test_message ("window width %d, minimum %d", gtk_widget_get_width (window), minimum);
  g_assert_cmpint (minimum, <=, SCREEN_WIDTH);
  g_assert_cmpint (gtk_widget_get_width (window), <=, SCREEN_WIDTH);
  assert_labels_within (window, gtk_widget_get_width (window));
}

/* The national registry's CSV file, in ui_test_dir under a name that is not
 * UTF-8. */
static GFile *
write_registry (void)
{
  g_autoptr(GString) csv = g_string_new ("finess;etalab;93;2024-07-11\n");
  g_autofree char *path = g_build_filename (ui_test_dir, "registre-\xff\xfe.csv", NULL);
  g_autoptr(GError) error = NULL;

  g_string_append (csv,
                   "structureet;" MARKUP_FINESS ";;\"<b>Centre</b> & <span foreground=\"\"red\"\">Soins</span> %s %n\";"
                   ";;;;;;;;451;01;AIN;01440 VIRIAT;;;355;Centre Hospitalier (C.H.);1102;Centres Hospitaliers;"
                   ";;;;;;1979-02-13;1979-02-13;2020-02-04;\n");
  g_string_append_printf (csv,
                          "structureet;" LONG_FINESS ";;%s;;;;;;;;;381;69;RHONE;69003 LYON;;;500;EHPAD;4401;;"
                          ";;;;;;2010-06-30;;2024-01-15;\n",
                          long_name);
  g_string_append (csv,
                   "structureet;" RLO_FINESS ";;" RLO_NAME ";;;;;;;;;063;33;GIRONDE;33000 BORDEAUX;;;109;SSR;;;"
                   ";;;;;;1999-12-31;;2021-01-01;\n");
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, &error));
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

/* The CERT-FR bulletin of the importer's tests, with a title of markup. */
static GFile *
write_bulletin (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *path = g_build_filename (ui_test_dir, "bulletin.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, CERTFR_FIXTURE, &error));
  g_assert_no_error (error);
  json_object_set_string_member (json_node_get_object (json_parser_get_root (parser)), "title", BULLETIN);
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, path, &error));
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static void
import (CrrcApplication *app,
        GFile           *file)
{
  CrrcSyncPage *page = CRRC_SYNC_PAGE (window_child (app, "sync_page"));

  g_assert_true (crrc_sync_page_import_file (page, file));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_sync_page_get_importing (page), LOAD_TIMEOUT);
  ui_test_settle ();
}

/* The cache, as the imports and the feeds leave it. */
static void
fill_cache (CrrcApplication *app)
{
  CrrcWindow *window = ui_test_get_window (app);
  CrrcStore *store = crrc_application_get_store (app);
  g_autoptr(GFile) registry = write_registry ();
  g_autoptr(GFile) bulletin = write_bulletin ();
  g_autofree char *source = crrc_feed_source_for_url (FEED_URL);
  g_autofree char *stored = NULL;

  g_assert_nonnull (store);
  crrc_window_set_visible_page (window, "synchronisation");
  ui_test_settle ();

  /* The registry, whose file's name is not UTF-8: the page names it with
   * U+FFFD for the bytes it cannot read. */
  import (app, registry);
  stored = query_text (store, "SELECT name FROM establishments WHERE finess = '" MARKUP_FINESS "'");
  g_assert_cmpstr (stored, ==, MARKUP_NAME);
  g_clear_pointer (&stored, g_free);
  stored = query_text (store, "SELECT name FROM establishments WHERE finess = '" LONG_FINESS "'");
  g_assert_cmpstr (stored, ==, long_name);
  g_clear_pointer (&stored, g_free);
  stored = query_text (store, "SELECT name FROM establishments WHERE finess = '" RLO_FINESS "'");
  g_assert_cmpstr (stored, ==, RLO_NAME);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window), "registre-\uFFFD\uFFFD.csv"));
  check_labels (GTK_WIDGET (window));

  import (app, bulletin);
  g_clear_pointer (&stored, g_free);
  stored = query_text (store, "SELECT title FROM certfr_bulletins WHERE reference = 'CERTFR-2024-ALE-012'");
  g_assert_cmpstr (stored, ==, BULLETIN);

  /* What a feed would have written. */
  exec_text (store, "UPDATE establishments SET postal_line = ?1 WHERE finess = '" MARKUP_FINESS "'", COMMUNE);
  exec_text (store,
             "INSERT INTO incidents (id, finess, declared_at, origin, type, patient_care_impact,"
             " functioning_impact, summary, source)"
             " VALUES ('TEST-INC-1', '" MARKUP_FINESS "', '2024-03-05', 'malicious', 'ransomware', 0,"
             " 'degraded', ?1, 'test')",
             SUMMARY);
  exec (store,
        "INSERT INTO audits (id, finess, date, kind, source)"
        " VALUES ('TEST-AUD-1', '" MARKUP_FINESS "', '2024-02-01', 'exposure', 'test');"
        "INSERT INTO audit_findings (audit_id, position, service, product, cve, severity)"
        " VALUES ('TEST-AUD-1', 0, 'vpn', 'Connect Secure', 'CVE-2023-46805', 'critical');");
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO feed_state (source, feed, url, status, records, http_status,"
                                            " last_error, last_attempt_at)"
                                            " VALUES ('%s', 'incidents', NULL, 'failed', 0, 500, ?1,"
                                            " '2024-05-21T08:00:00Z')",
                                            source);

    exec_text (store, sql, FEED_ERROR);
  }
  crrc_application_data_changed (app);
  ui_test_settle ();
}

static CrrcEtablissementsPage *
show_list (CrrcApplication *app)
{
  CrrcEtablissementsPage *page = CRRC_ETABLISSEMENTS_PAGE (window_child (app, "etablissements_page"));
  CrrcEstablishmentList *list = crrc_etablissements_page_get_list_model (page);

  crrc_window_set_visible_page (ui_test_get_window (app), "etablissements");
  UI_TEST_WAIT_FOR_SECONDS (crrc_establishment_list_get_count (list) == 3 &&
                            !crrc_establishment_list_get_loading (list), LOAD_TIMEOUT);
  ui_test_settle ();

  return page;
}

static CrrcEstablishmentView *
show_establishment (CrrcEtablissementsPage *page,
                    const char             *finess)
{
  CrrcEstablishmentView *view = crrc_etablissements_page_get_detail (page);

  crrc_etablissements_page_show_establishment (page, finess);
  UI_TEST_WAIT_FOR_SECONDS (g_strcmp0 (crrc_establishment_view_get_finess (view), finess) == 0 &&
                            !crrc_establishment_view_get_loading (view), LOAD_TIMEOUT);
  ui_test_settle ();

  return view;
}

static GtkWidget *
find_widget_named (GtkWidget  *widget,
                   GType       type,
                   const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_named (child, type, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A row of an AdwPreferencesGroup or an expander whose title is @title. */
static AdwPreferencesRow *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_PREFERENCES_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwPreferencesRow *found = find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
establishments_body (CrrcApplication *app,
                     gconstpointer    data)
{
  CrrcWindow *window = ui_test_get_window (app);
  CrrcEtablissementsPage *page;
  CrrcEstablishmentView *view;
  GtkWidget *text_view;
  GtkWidget *button;
  GtkLabel *label;
  g_autofree char *bulletin_title = NULL;

  fill_cache (app);

  /* The list: each name as it is, in cells that do not read markup. */
  page = show_list (app);
  assert_plain_label (GTK_WIDGET (page), MARKUP_NAME);
  assert_plain_label (GTK_WIDGET (page), RLO_SHOWN);
  label = find_label (GTK_WIDGET (page), long_name);
  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_END);
  g_assert_cmpuint (check_labels (GTK_WIDGET (window)), >, 0);
  assert_fits (GTK_WIDGET (window));
  screenshot (GTK_WIDGET (window), "hostile-list");

  /* The establishment's page: its name, commune, incident, bulletin. */
  view = show_establishment (page, MARKUP_FINESS);
  g_assert_cmpstr (crrc_establishment_view_get_title (view), ==, MARKUP_NAME);
  assert_plain_label (GTK_WIDGET (view), MARKUP_NAME);
  /* The page's header, beside the Back button. */
  assert_plain_label (GTK_WIDGET (page), MARKUP_NAME);
  g_assert_nonnull (find_label_containing (GTK_WIDGET (view), COMMUNE));
  g_assert_false (gtk_label_get_use_markup (find_label_containing (GTK_WIDGET (view), COMMUNE)));
  assert_plain_label (GTK_WIDGET (view), SUMMARY);
  bulletin_title = g_strdup_printf ("CERTFR-2024-ALE-012 — %s", BULLETIN);
  {
    AdwPreferencesRow *row = find_row (GTK_WIDGET (view), bulletin_title);

    g_assert_nonnull (row);
    g_assert_false (adw_preferences_row_get_use_markup (row));
    /* Shown when its audit is expanded; its label is there already. */
    label = find_label_containing (GTK_WIDGET (row), BULLETIN);
    if (label != NULL)
      g_assert_cmpstr (gtk_label_get_text (label), ==, bulletin_title);
  }

  /* A note typed by the analyst, with markup and an override. */
  text_view = find_widget_named (GTK_WIDGET (view), GTK_TYPE_TEXT_VIEW, NULL);
  button = find_widget_named (GTK_WIDGET (view), GTK_TYPE_BUTTON, "note-button");
  g_assert_nonnull (text_view);
  g_assert_nonnull (button);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)), NOTE, -1);
  g_assert_true (gtk_widget_activate (button));
  WAIT_FOR (find_label (GTK_WIDGET (view), NOTE_SHOWN) != NULL);
  WAIT_FOR (crrc_establishment_view_get_n_pending_writes (view) == 0);
  assert_plain_label (GTK_WIDGET (view), NOTE_SHOWN);
  {
    g_autofree char *stored = query_text (crrc_application_get_store (app),
                                          "SELECT text FROM notes WHERE finess = '" MARKUP_FINESS "'");

    /* Kept as typed. */
    g_assert_cmpstr (stored, ==, NOTE);
  }
  g_assert_cmpuint (check_labels (GTK_WIDGET (window)), >=, 4);
  assert_fits (GTK_WIDGET (window));
  screenshot (GTK_WIDGET (window), "hostile-establishment");

  /* The 2,000-character word wraps: the window stays on the screen. */
  g_assert_true (crrc_etablissements_page_go_back (page));
  view = show_establishment (page, LONG_FINESS);
  label = find_label (GTK_WIDGET (view), long_name);
  g_assert_nonnull (label);
  g_assert_true (gtk_label_get_wrap (label));
  g_assert_cmpint (gtk_label_get_wrap_mode (label), ==, PANGO_WRAP_WORD_CHAR);
  ui_test_settle ();
  {
    int minimum = 0;

    gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_test_message ("title: minimum width %d, width %d", minimum, gtk_widget_get_width (GTK_WIDGET (label)));
    g_assert_cmpint (minimum, <=, SCREEN_WIDTH);
  }
  assert_fits (GTK_WIDGET (window));
  screenshot (GTK_WIDGET (window), "hostile-long-word");

  /* The override is gone from what is shown. */
  g_assert_true (crrc_etablissements_page_go_back (page));
  view = show_establishment (page, RLO_FINESS);
  assert_plain_label (GTK_WIDGET (view), RLO_SHOWN);
  check_labels (GTK_WIDGET (window));
}

static void
test_establishments (void)
{
  ui_test_run_app (establishments_body, NULL);
}

static void
drilldown_body (CrrcApplication *app,
                gconstpointer    data)
{
  CrrcQueryFilter filter = { .year = 2024 };
  CrrcDrilldownDialog *dialog;

  fill_cache (app);

  dialog = crrc_drilldown_dialog_new (GTK_WINDOW (ui_test_get_window (app)), crrc_application_get_store (app),
                                      &filter, "carte-des-departements", "01",
                                      ui_test_expect_french () ? "Incidents" : "Incidents");
  g_assert_nonnull (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  UI_TEST_WAIT_FOR_SECONDS (crrc_drilldown_dialog_get_n_rows (dialog) >= 0, LOAD_TIMEOUT);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  ui_test_settle ();

  g_assert_cmpint (crrc_drilldown_dialog_get_n_rows (dialog), ==, 1);
  g_assert_cmpstr (crrc_drilldown_dialog_get_row (dialog, 0)->name, ==, MARKUP_NAME);
  assert_plain_label (GTK_WIDGET (dialog), MARKUP_NAME);
  assert_plain_label (GTK_WIDGET (dialog), COMMUNE);
  g_assert_cmpuint (check_labels (GTK_WIDGET (dialog)), >, 0);
  screenshot (GTK_WIDGET (dialog), "hostile-drilldown");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_drilldown (void)
{
  ui_test_run_app (drilldown_body, NULL);
}

static GtkWindow *
find_window (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_mapped (GTK_WIDGET (window)) && g_strcmp0 (gtk_window_get_title (window), title) == 0)
        return window;
    }

  return NULL;
}

static void
ignore_done (GObject    *owner,
             const char *id,
             const char *message)
{
}

static void
campaign_body (CrrcApplication *app,
               gconstpointer    data)
{
  CrrcWindow *window = ui_test_get_window (app);
  CrrcCampagnesPage *page = CRRC_CAMPAGNES_PAGE (window_child (app, "campagnes_page"));
  GtkWindow *dialog = NULL;
  GtkWindow *move = NULL;
  GtkWidget *entry;
  GtkLabel *label;
  g_autofree char *toast = NULL;

  fill_cache (app);

  crrc_window_set_visible_page (window, "campagnes");
  ui_test_settle ();
  crrc_campagnes_page_new_campaign (page);
  WAIT_FOR ((dialog = find_window (_("New Campaign"))) != NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  ui_test_settle ();
  /* The name's entry is the dialog's first. */
  entry = find_widget_named (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), CAMPAIGN);
  ui_test_type_keys (dialog, "Return");
  WAIT_FOR (dialog == NULL);
  UI_TEST_WAIT_FOR_SECONDS (crrc_campagnes_page_get_campaign (page) != NULL &&
                            g_strcmp0 (crrc_campagnes_page_get_campaign (page)->name, CAMPAIGN) == 0,
                            LOAD_TIMEOUT);
  ui_test_settle ();

  /* The campaign's page, and the toast that says it was created (toasts'
   * titles are markup: the name is escaped there). */
  assert_plain_label (GTK_WIDGET (page), CAMPAIGN);
  toast = g_strdup_printf (_("Campaign “%s” created"), CAMPAIGN);
  /* After those of the imports, which take five seconds each. */
  UI_TEST_WAIT_FOR_SECONDS (find_label (GTK_WIDGET (window), toast) != NULL, 30);
  g_assert_cmpuint (check_labels (GTK_WIDGET (window)), >=, 2);
  screenshot (GTK_WIDGET (window), "hostile-campaign");

  /* The list of campaigns. */
  g_assert_true (crrc_campagnes_page_go_back (page));
  UI_TEST_WAIT_FOR_SECONDS (!crrc_campagnes_page_get_loading (page), LOAD_TIMEOUT);
  ui_test_settle ();
  WAIT_FOR (find_label (GTK_WIDGET (page), CAMPAIGN) != NULL);
  assert_plain_label (GTK_WIDGET (page), CAMPAIGN);
  check_labels (GTK_WIDGET (window));
  assert_fits (GTK_WIDGET (window));

  /* A campaign named with one 2,000-character word, with a target: its
   * name is cut in the list and on its page, and the window stays on the
   * screen. */
  exec_text (crrc_application_get_store (app),
             "INSERT INTO local_campaigns (id, name, region, sector, start, due, created_at)"
             " VALUES ('LOCAL-CAMP-LONG', ?1, '84', 'sanitaire', '2025-01-01', '2025-12-31',"
             " '2025-01-01T00:00:00Z')",
             long_name);
  exec (crrc_application_get_store (app),
        "INSERT INTO local_campaign_targets (campaign_id, finess, added_at)"
        " VALUES ('LOCAL-CAMP-LONG', '" LONG_FINESS "', '2025-01-01T00:00:00Z')");
  crrc_application_data_changed (app);
  UI_TEST_WAIT_FOR_SECONDS (find_label (GTK_WIDGET (page), long_name) != NULL, LOAD_TIMEOUT);
  g_assert_cmpint (gtk_label_get_ellipsize (find_label (GTK_WIDGET (page), long_name)), ==, PANGO_ELLIPSIZE_END);
  assert_fits (GTK_WIDGET (window));
  crrc_campagnes_page_open_campaign (page, "LOCAL-CAMP-LONG");
  UI_TEST_WAIT_FOR_SECONDS (crrc_campagnes_page_get_campaign (page) != NULL &&
                            g_strcmp0 (crrc_campagnes_page_get_campaign (page)->id, "LOCAL-CAMP-LONG") == 0 &&
                            crrc_campagnes_page_get_targets (page) != NULL &&
                            crrc_campagnes_page_get_targets (page)->len == 1, LOAD_TIMEOUT);
  ui_test_settle ();
  assert_plain_label (GTK_WIDGET (page), long_name);
  assert_fits (GTK_WIDGET (window));
  screenshot (GTK_WIDGET (window), "hostile-campaign-long");

  /* The Move to Stage dialog of a target named with markup, whose
   * history has a comment with markup and an override: its name heads a
   * group, whose title is markup (escaped), and the comment is plain. */
  exec_text (crrc_application_get_store (app),
             "INSERT INTO local_stage_changes (campaign_id, finess, stage, stage_date, comment, created_at)"
             " VALUES ('LOCAL-CAMP-LONG', '" MARKUP_FINESS "', 'contacted', '2025-02-01', ?1,"
             " '2025-02-01T09:00:00Z')",
             COMMENT);
  move = crrc_campaign_dialog_move_target (GTK_WINDOW (window), app, "LOCAL-CAMP-LONG", MARKUP_FINESS, MARKUP_NAME,
                                           CRRC_CAMPAIGN_STAGE_CONTACTED, ignore_done, G_OBJECT (page));
  g_assert_nonnull (move);
  g_object_add_weak_pointer (G_OBJECT (move), (gpointer *) &move);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (move)));
  UI_TEST_WAIT_FOR_SECONDS (find_label_containing (GTK_WIDGET (move), COMMENT_SHOWN) != NULL, LOAD_TIMEOUT);
  ui_test_settle ();
  label = find_label (GTK_WIDGET (move), MARKUP_NAME);
  g_assert_nonnull (label);
  if (gtk_label_get_use_markup (label))
    g_assert_nonnull (strstr (gtk_label_get_label (label), "&lt;b&gt;Centre&lt;/b&gt; &amp;"));
  g_assert_false (gtk_label_get_use_markup (find_label_containing (GTK_WIDGET (move), COMMENT_SHOWN)));
  g_assert_cmpuint (check_labels (GTK_WIDGET (move)), >=, 2);
  screenshot (GTK_WIDGET (move), "hostile-move");
  gtk_window_destroy (move);
  WAIT_FOR (move == NULL);
}

static void
test_campaign (void)
{
  ui_test_run_app (campaign_body, NULL);
}

static void
sync_body (CrrcApplication *app,
           gconstpointer    data)
{
  CrrcWindow *window = ui_test_get_window (app);
  CrrcSyncPage *page = CRRC_SYNC_PAGE (window_child (app, "sync_page"));
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *row;
  GtkLabel *label;

  fill_cache (app);

  /* The feed whose state the cache holds: its error, as the server wrote
   * it, in the feed's row. */
  g_settings_set_string (settings, "feed-url", FEED_URL);
  crrc_window_set_visible_page (window, "synchronisation");
  ui_test_settle ();
  UI_TEST_WAIT_FOR_SECONDS ((row = find_widget_named (GTK_WIDGET (page), ADW_TYPE_EXPANDER_ROW, "incidents")) != NULL,
                            LOAD_TIMEOUT);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  WAIT_FOR (find_label (row, FEED_SHOWN) != NULL);
  label = find_label (row, FEED_SHOWN);
  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_cmpuint (check_labels (GTK_WIDGET (window)), >, 0);
  assert_fits (GTK_WIDGET (window));
  screenshot (GTK_WIDGET (window), "hostile-sync");
}

static void
test_sync (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_enum (settings, "sync-interval", 0);
  ui_test_run_app (sync_body, NULL);
  g_settings_reset (settings, "feed-url");
}

int
main (int   argc,
      char *argv[])
{
  GString *word = g_string_new ("Établissement");

  ui_test_init (&argc, &argv);

  /* One word of 2,000 characters. */
  while (g_utf8_strlen (word->str, -1) < 2000)
    g_string_append (word, "x");
  long_name = g_string_free (word, FALSE);

  ui_test_add ("/ui/hostile-text/establishments", test_establishments);
  ui_test_add ("/ui/hostile-text/drilldown", test_drilldown);
  ui_test_add ("/ui/hostile-text/campaign", test_campaign);
  ui_test_add ("/ui/hostile-text/sync", test_sync);

  return ui_test_run ();
}
