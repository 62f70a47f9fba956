/* test-campagnes.c: the Campagnes page on the demonstration data
 *
 * Alt+3 shows the page and the demonstration's three campaigns with their
 * progress; Enter on a campaign opens it; the target chosen moves to
 * another stage through the Move dialog, with the keyboard only: the
 * pipeline's counts change, the target shows its new stage marked local,
 * and the cache has the change. Ctrl+N creates a campaign through its
 * dialog (a name typed, Enter), the page opens it, and an establishment
 * found by its FINESS number in the Add dialog becomes its target.
 *
 * With CRRC_TEST_SCREENSHOTS set to a folder, the window and the dialogs
 * are saved there as PNG along the way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crrc-campagnes-page.h"
#include "crrc-campaigns.h"
#include "crrc-establishments.h"
#include "crrc-etablissements-page.h"
#include "crrc-format.h"
#include "crrc-store-private.h"
#include "crrc-sync-page.h"
#include "ui-test-utils.h"

#define SYNC_TIMEOUT 90
#define LOAD_TIMEOUT 30

static gboolean
synced (CrrcSyncPage *page)
{
  g_autoptr(GDateTime) last_success = crrc_sync_page_dup_last_success (page);

  return last_success != NULL && !crrc_sync_page_get_busy (page);
}

static GObject *
window_child (CrrcApplication *app,
              const char      *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (ui_test_get_window (app)), CRRC_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

static GtkWidget *
page_child (CrrcCampagnesPage *page,
            const char        *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (page), CRRC_TYPE_CAMPAGNES_PAGE, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
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

/* A mapped label of @widget or its descendants showing @text. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
mapped_popover (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child) && gtk_widget_get_mapped (child))
      return child;

  return NULL;
}

/* The toplevel shown over the main window whose title is @title. */
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

/* "alt+v" for "Mo_ve to Stage…" as the locale writes it. */
static char *
mnemonic_keys (const char *label)
{
  const char *underline = strchr (label, '_');

  g_assert_nonnull (underline);
  g_assert_true (g_ascii_isalnum (underline[1]));
  return g_strdup_printf ("alt+%c", g_ascii_tolower (underline[1]));
}

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

static CrrcCampagnesPage *
open_page (CrrcApplication *app)
{
  CrrcWindow *window = ui_test_get_window (app);
  CrrcCampagnesPage *page = CRRC_CAMPAGNES_PAGE (window_child (app, "campagnes_page"));

  UI_TEST_WAIT_FOR_SECONDS (synced (CRRC_SYNC_PAGE (window_child (app, "sync_page"))), SYNC_TIMEOUT);
  ui_test_type_keys (GTK_WINDOW (window), "alt+3");
  WAIT_FOR (g_strcmp0 (crrc_window_get_visible_page (window), "campagnes") == 0);
  UI_TEST_WAIT_FOR_SECONDS (crrc_campagnes_page_get_campaigns (page) != NULL &&
                            !crrc_campagnes_page_get_loading (page), LOAD_TIMEOUT);
  ui_test_settle ();

  return page;
}

static gboolean
detail_loaded (CrrcCampagnesPage *page,
               const char        *id)
{
  const CrrcCampaign *campaign = crrc_campagnes_page_get_campaign (page);

  return campaign != NULL && g_strcmp0 (campaign->id, id) == 0 && crrc_campagnes_page_get_targets (page) != NULL
         && !crrc_campagnes_page_get_loading (page);
}

static CrrcCampaignTarget *
find_target (GPtrArray  *targets,
             const char *finess)
{
  for (guint i = 0; targets != NULL && i < targets->len; i++)
    if (g_str_equal (((CrrcCampaignTarget *) targets->pdata[i])->finess, finess))
      return targets->pdata[i];

  return NULL;
}

static gboolean
target_at_stage (CrrcCampagnesPage *page,
                 const char        *finess,
                 CrrcCampaignStage  stage)
{
  CrrcCampaignTarget *target = find_target (crrc_campagnes_page_get_targets (page), finess);

  return target != NULL && target->stage == stage && !crrc_campagnes_page_get_loading (page);
}

/* The list: the demonstration's three campaigns, their progress. */
static const CrrcCampaign *
check_list (CrrcCampagnesPage *page,
            GtkListBoxRow    **row_out)
{
  GPtrArray *campaigns = crrc_campagnes_page_get_campaigns (page);
  GtkListBox *list = GTK_LIST_BOX (page_child (page, "campaign_list"));
  const CrrcCampaign *chosen = NULL;

  g_assert_cmpuint (campaigns->len, ==, 3);
  for (guint i = 0; i < campaigns->len; i++)
    {
      const CrrcCampaign *campaign = g_ptr_array_index (campaigns, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, (int) i);
      g_autofree char *percent = crrc_format_percent (campaign->progress * 100.0, 0);
      GtkWidget *bar = NULL;

      g_assert_nonnull (row);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
      g_assert_nonnull (find_label (GTK_WIDGET (row), campaign->name));
      g_assert_false (campaign->local);
      g_assert_cmpuint (campaign->n_targets, >, 0);
      /* The row's bar: the campaign's progress, its percentage as text. */
      for (GtkWidget *w = gtk_widget_get_first_child (gtk_list_box_row_get_child (row)); w != NULL;
           w = gtk_widget_get_next_sibling (w))
        if (GTK_IS_PROGRESS_BAR (w))
          bar = w;
      g_assert_nonnull (bar);
      g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), campaign->progress,
                                      1e-9);
      g_assert_true (g_str_has_prefix (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (bar)), percent));

      /* The running campaign with the most targets not yet diagnosed. */
      if (!campaign->finished && (chosen == NULL || campaign->n_targets - campaign->n_diagnosed >
                                                    chosen->n_targets - chosen->n_diagnosed))
        {
          chosen = campaign;
          *row_out = row;
        }
    }
  g_assert_nonnull (chosen);
  /* The demonstration's campaigns ended in 2023 and 2025: the running
   * ones are overdue, and say so. */
  if (chosen->overdue)
    {
      g_autofree char *late = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue by %d day",
                                                            "Overdue by %d days", -chosen->days_left),
                                               -chosen->days_left);

      g_assert_nonnull (find_label (GTK_WIDGET (*row_out), late));
    }

  return chosen;
}

static void
campagnes_body (CrrcApplication *app,
                gconstpointer    data)
{
  CrrcWindow *window = ui_test_get_window (app);
  CrrcCampagnesPage *page = open_page (app);
  CrrcStore *store = crrc_application_get_store (app);
  GtkListBoxRow *row = NULL;
  const CrrcCampaign *chosen;
  g_autofree char *campaign_id = NULL;
  g_autofree char *finess = NULL;
  GtkColumnView *view;
  GtkSelectionModel *selection;
  CrrcCampaignTarget *target;
  CrrcCampaignStage from, to, proposed;
  guint from_count, to_count;
  GtkWindow *dialog;
  g_autofree char *sql = NULL;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (page, "campaigns_stack"))), ==, "list");

  /* Alt+M shows the maturity overview, the other toggle the campaigns
   * again; the view is remembered. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *maturity = NULL;
    g_autofree char *campaigns = NULL;

    g_autofree char *keys = mnemonic_keys (g_dpgettext2 (GETTEXT_PACKAGE, "view of the Campaigns page", "_Maturity"));

    ui_test_type_keys (GTK_WINDOW (window), keys);
    WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (page_child (page, "view_stack"))),
                         "maturity") == 0);
    maturity = g_settings_get_string (settings, "campaigns-view");
    g_assert_cmpstr (maturity, ==, "maturity");
    g_assert_false (gtk_widget_get_visible (page_child (page, "new_button")));
    gtk_widget_activate (page_child (page, "campaigns_toggle"));
    WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (page_child (page, "view_stack"))),
                         "campaigns") == 0);
    campaigns = g_settings_get_string (settings, "campaigns-view");
    g_assert_cmpstr (campaigns, ==, "campaigns");
    ui_test_settle ();
  }

  chosen = check_list (page, &row);
  campaign_id = g_strdup (chosen->id);
  screenshot (GTK_WIDGET (window), "campagnes-list");

  /* Enter on a campaign opens it. */
  gtk_widget_grab_focus (GTK_WIDGET (row));
  ui_test_type_keys (GTK_WINDOW (window), "Return");
  UI_TEST_WAIT_FOR_SECONDS (detail_loaded (page, campaign_id), LOAD_TIMEOUT);
  ui_test_settle ();
  g_assert_true (crrc_campagnes_page_get_showing_detail (page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (page, "campaigns_stack"))), ==, "detail");
  g_assert_cmpuint (crrc_campagnes_page_get_targets (page)->len, ==, chosen->n_targets);
  for (guint s = 0; s < CRRC_CAMPAIGN_N_STAGES; s++)
    g_assert_cmpuint (crrc_campagnes_page_get_stage_count (page, s), ==,
                      crrc_campagnes_page_get_campaign (page)->stage_counts[s]);

  /* The first target of the list is chosen; its mnemonic (Alt+V) moves it. */
  view = crrc_campagnes_page_get_target_view (page);
  selection = gtk_column_view_get_model (view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, chosen->n_targets);
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
  target = crrc_campagnes_page_get_selected_target (page);
  g_assert_nonnull (target);
  finess = g_strdup (target->finess);
  from = target->stage;
  /* The dialog proposes the next stage; the test takes the one after, or
   * an earlier one at the end of the pipeline. */
  proposed = MIN (from + 1, CRRC_CAMPAIGN_STAGE_REDIAGNOSED);
  to = from < CRRC_CAMPAIGN_STAGE_EXERCISE_DONE ? from + 2 : CRRC_CAMPAIGN_STAGE_REPORT_SENT;
  from_count = crrc_campagnes_page_get_stage_count (page, from);
  to_count = crrc_campagnes_page_get_stage_count (page, to);
  g_assert_cmpuint (from_count, >, 0);
  screenshot (GTK_WIDGET (window), "campagnes-detail");

  {
    g_autofree char *keys = mnemonic_keys (_("Mo_ve to Stage…"));

    ui_test_type_keys (GTK_WINDOW (window), keys);
  }
  WAIT_FOR ((dialog = find_window (_("Move to Stage"))) != NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  ui_test_settle ();
  /* The next stage is proposed and focused: one more down (or the one
   * before, at the last stage), Space chooses it. */
  for (int i = (int) proposed; i != (int) to; i += to > proposed ? 1 : -1)
    ui_test_type_keys (dialog, to > proposed ? "Down" : "Up");
  ui_test_type_keys (dialog, "space");
  ui_test_settle ();
  screenshot (GTK_WIDGET (dialog), "campagnes-move");
  /* Alt+E to the comment, a few letters, Enter validates. */
  {
    g_autofree char *keys = mnemonic_keys (_("Comm_ent (optional)"));

    ui_test_type_keys (dialog, keys);
  }
  ui_test_type_keys (dialog, "R");
  ui_test_type_keys (dialog, "D");
  ui_test_type_keys (dialog, "V");
  ui_test_settle ();
  ui_test_type_keys (dialog, "Return");
  WAIT_FOR (dialog == NULL);

  UI_TEST_WAIT_FOR_SECONDS (target_at_stage (page, finess, to), LOAD_TIMEOUT);
  ui_test_settle ();
  target = find_target (crrc_campagnes_page_get_targets (page), finess);
  g_assert_true (target->stage_local);
  g_assert_cmpstr (target->stage_comment, ==, "RDV");
  g_assert_cmpint (target->synced_stage, ==, from);
  g_assert_cmpuint (crrc_campagnes_page_get_stage_count (page, from), ==, from_count - 1);
  g_assert_cmpuint (crrc_campagnes_page_get_stage_count (page, to), ==, to_count + 1);
  /* The row shows the new stage, with its local marker. */
  g_assert_nonnull (find_label (GTK_WIDGET (view), crrc_campaign_stage_get_label (to)));
  sql = g_strdup_printf ("SELECT count(*) FROM local_stage_changes WHERE campaign_id = '%s' AND finess = '%s'"
                         " AND stage = '%s' AND comment = 'RDV'", campaign_id, finess,
                         crrc_campaign_stage_get_key (to));
  g_assert_cmpint (query_int (store, sql), ==, 1);
  screenshot (GTK_WIDGET (window), "campagnes-moved");

  /* Shift+F10: the chosen target's menu; Escape closes it. */
  gtk_widget_grab_focus (GTK_WIDGET (view));
  ui_test_type_keys (GTK_WINDOW (window), "shift+F10");
  WAIT_FOR (mapped_popover (GTK_WIDGET (view)) != NULL);
  ui_test_type_keys (GTK_WINDOW (window), "Escape");
  WAIT_FOR (mapped_popover (GTK_WIDGET (view)) == NULL);
  /* The focus comes back to the row a moment later. */
  ui_test_settle ();
  ui_test_settle ();

  /* Alt+Left back to the list; Ctrl+N creates a campaign. */
  ui_test_type_keys (GTK_WINDOW (window), "alt+Left");
  WAIT_FOR (!crrc_campagnes_page_get_showing_detail (page));
  ui_test_type_keys (GTK_WINDOW (window), "ctrl+n");
  WAIT_FOR ((dialog = find_window (_("New Campaign"))) != NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  ui_test_settle ();
  /* Enter with no name: the dialog says what is missing and stays (the
   * default button is clicked a moment after the key). */
  ui_test_type_keys (dialog, "Return");
  for (guint i = 0; i < 5; i++)
    ui_test_settle ();
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), _("The campaign needs a name.")));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM local_campaigns"), ==, 0);
  ui_test_type_keys (dialog, "T");
  ui_test_type_keys (dialog, "e");
  ui_test_type_keys (dialog, "s");
  ui_test_type_keys (dialog, "t");
  screenshot (GTK_WIDGET (dialog), "campagnes-new");
  ui_test_type_keys (dialog, "Return");
  WAIT_FOR (dialog == NULL);
  UI_TEST_WAIT_FOR_SECONDS (crrc_campagnes_page_get_campaign_id (page) != NULL &&
                            g_str_has_prefix (crrc_campagnes_page_get_campaign_id (page), "LOCAL-CAMP-") &&
                            detail_loaded (page, crrc_campagnes_page_get_campaign_id (page)), LOAD_TIMEOUT);
  g_assert_cmpstr (crrc_campagnes_page_get_campaign (page)->name, ==, "Test");
  g_assert_true (crrc_campagnes_page_get_campaign (page)->local);
  g_assert_cmpstr (crrc_campagnes_page_get_campaign (page)->region, ==, "53");
  g_assert_cmpuint (crrc_campagnes_page_get_targets (page)->len, ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM local_campaigns WHERE name = 'Test'"), ==, 1);

  /* Alt+A: a search by FINESS number, Enter chooses it, Ctrl+Enter adds. */
  g_free (finess);
  finess = query_text (store, "SELECT finess FROM establishments WHERE region = '53' AND sector = 'medico_social'"
                              " AND closed_on IS NULL ORDER BY finess LIMIT 1");
  g_assert_nonnull (finess);
  {
    g_autofree char *keys = mnemonic_keys (_("_Add Establishments…"));

    ui_test_type_keys (GTK_WINDOW (window), keys);
  }
  WAIT_FOR ((dialog = find_window (_("Add Establishments"))) != NULL);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  ui_test_settle ();
  for (const char *c = finess; *c != '\0'; c++)
    {
      char key[2] = { *c, '\0' };

      ui_test_type_keys (dialog, key);
    }
  {
    g_autofree char *one = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s establishment matches.",
                                                         "%s establishments match.", 1), "1");

    UI_TEST_WAIT_FOR_SECONDS (find_label (GTK_WIDGET (dialog), one) != NULL, LOAD_TIMEOUT);
  }
  ui_test_settle ();
  ui_test_type_keys (dialog, "Return");
  ui_test_settle ();
  screenshot (GTK_WIDGET (dialog), "campagnes-add");
  ui_test_type_keys (dialog, "ctrl+Return");
  WAIT_FOR (dialog == NULL);
  UI_TEST_WAIT_FOR_SECONDS (crrc_campagnes_page_get_targets (page) != NULL &&
                            crrc_campagnes_page_get_targets (page)->len == 1 &&
                            !crrc_campagnes_page_get_loading (page), LOAD_TIMEOUT);
  target = g_ptr_array_index (crrc_campagnes_page_get_targets (page), 0);
  g_assert_cmpstr (target->finess, ==, finess);
  g_assert_true (target->local_target);
  g_assert_cmpint (target->stage, ==, CRRC_CAMPAIGN_STAGE_TARGETED);
  g_assert_cmpuint (crrc_campagnes_page_get_stage_count (page, CRRC_CAMPAIGN_STAGE_TARGETED), ==, 1);
  screenshot (GTK_WIDGET (window), "campagnes-new-detail");

  /* The Établissements page adds its whole list (search and filters) to
   * a campaign: the analyst's running one is proposed. */
  {
    CrrcEtablissementsPage *etablissements = CRRC_ETABLISSEMENTS_PAGE (window_child (app, "etablissements_page"));
    CrrcEstablishmentList *list = crrc_etablissements_page_get_list_model (etablissements);
    g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
    g_autofree char *id = g_strdup (crrc_campagnes_page_get_campaign_id (page));
    g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM local_campaign_targets WHERE campaign_id = '%s'",
                                                  id);
    gint64 count;

    filter->department = g_strdup ("29");
    filter->sector = g_strdup ("medico_social");
    filter->text = g_strdup ("EHPAD");
    ui_test_type_keys (GTK_WINDOW (window), "alt+2");
    WAIT_FOR (g_strcmp0 (crrc_window_get_visible_page (window), "etablissements") == 0);
    crrc_etablissements_page_set_filter (etablissements, filter);
    UI_TEST_WAIT_FOR_SECONDS (crrc_establishment_list_get_count (list) > 0 &&
                              !crrc_establishment_list_get_loading (list), LOAD_TIMEOUT);
    count = crrc_establishment_list_get_count (list);
    g_assert_cmpint (count, >, 1);

    gtk_widget_activate_action (GTK_WIDGET (etablissements), "etablissements.add-to-campaign", NULL);
    WAIT_FOR ((dialog = find_window (_("Add to a Campaign"))) != NULL);
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    UI_TEST_WAIT_FOR_SECONDS (find_label (GTK_WIDGET (dialog), "Test") != NULL, LOAD_TIMEOUT);
    ui_test_settle ();
    screenshot (GTK_WIDGET (dialog), "campagnes-add-matching");
    ui_test_type_keys (dialog, "ctrl+Return");
    WAIT_FOR (dialog == NULL);
    UI_TEST_WAIT_FOR_SECONDS (query_int (store, count_sql) == count + 1, LOAD_TIMEOUT);

    /* Back on the campaign, its targets are there. */
    ui_test_type_keys (GTK_WINDOW (window), "alt+3");
    UI_TEST_WAIT_FOR_SECONDS (crrc_campagnes_page_get_targets (page) != NULL &&
                              crrc_campagnes_page_get_targets (page)->len == count + 1 &&
                              !crrc_campagnes_page_get_loading (page), LOAD_TIMEOUT);
  }
}

static void
test_campagnes (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "show-demo-data", TRUE);
  g_settings_set_string (settings, "region", "53");
  g_settings_set_string (settings, "campaigns-view", "campaigns");
  ui_test_run_app (campagnes_body, NULL);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  ui_test_add ("/ui/campagnes/pipeline", test_campagnes);

  return ui_test_run ();
}
