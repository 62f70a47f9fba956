/* crrc-campagnes-page.c: the Campagnes page
 *
 * A toggle at the top switches between the campaigns and the maturity
 * overview (CrrcMaturityView); the choice is kept in GSettings
 * ("campaigns-view"). The campaigns are a list of rows (progress, due
 * date, days left or overdue) leading to a campaign's detail: the
 * pipeline of its stages as a row of cards (a card filters the targets by
 * its stage), a tile map of the departments' coverage (activating a
 * department filters the targets by it) and the targets, with what the
 * analyst can do to one of them. Reads run in GTasks on a reader
 * connection; writes go through the dialogs (crrc-campaign-dialogs.c) or
 * crrc_store_write_async().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-campagnes-page"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "crrc-campagnes-page.h"
#include "crrc-campaign-dialogs.h"
#include "crrc-chart-card.h"
#include "crrc-diagnostic-window.h"
#include "crrc-diffusion.h"
#include "crrc-display-text.h"
#include "crrc-finess.h"
#include "crrc-format.h"
#include "crrc-geo.h"
#include "crrc-local-feed.h"
#include "crrc-maturity-view.h"
#include "crrc-toast.h"


typedef enum
{
  COLUMN_NAME,
  COLUMN_FINESS,
  COLUMN_STAGE,
  COLUMN_STAGE_DATE,
  COLUMN_DIAGNOSTIC,
  N_COLUMNS
} Column;

static const struct
{
  const char *title;
  gboolean    expand;
  int         width;
} columns[N_COLUMNS] = {
  { N_("Establishment"), TRUE, -1 },
  { N_("FINESS"), FALSE, 105 },
  { N_("Stage"), FALSE, 180 },
  { N_("Stage Date"), FALSE, 150 },
  { N_("Last Diagnostic"), FALSE, 125 },
};

/* A target in the column view. */

#define CRRC_TYPE_CAMPAIGN_TARGET_ITEM (crrc_campaign_target_item_get_type ())
G_DECLARE_FINAL_TYPE (CrrcCampaignTargetItem, crrc_campaign_target_item, CRRC, CAMPAIGN_TARGET_ITEM, GObject)

struct _CrrcCampaignTargetItem
{
  GObject             parent_instance;
  CrrcCampaignTarget *target;   /* owned by the page's targets array */
  GPtrArray          *owner;    /* a reference that keeps @target alive */
};

G_DEFINE_FINAL_TYPE (CrrcCampaignTargetItem, crrc_campaign_target_item, G_TYPE_OBJECT)

static void
crrc_campaign_target_item_finalize (GObject *object)
{
  CrrcCampaignTargetItem *self = CRRC_CAMPAIGN_TARGET_ITEM (object);

  g_clear_pointer (&self->owner, g_ptr_array_unref);
  G_OBJECT_CLASS (crrc_campaign_target_item_parent_class)->finalize (object);
}

static void
crrc_campaign_target_item_class_init (CrrcCampaignTargetItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crrc_campaign_target_item_finalize;
}

static void
crrc_campaign_target_item_init (CrrcCampaignTargetItem *self)
{
}

static CrrcCampaignTargetItem *
target_item_new (GPtrArray          *owner,
                 CrrcCampaignTarget *target)
{
  CrrcCampaignTargetItem *item = g_object_new (CRRC_TYPE_CAMPAIGN_TARGET_ITEM, NULL);

  item->owner = g_ptr_array_ref (owner);
  item->target = target;
  return item;
}

/* The page */

struct _CrrcCampagnesPage
{
  GtkWidget             parent_instance;

  CrrcApplication      *application;
  GSettings            *settings;
  gboolean              shown;
  guint                 list_generation;
  guint                 detail_generation;
  guint                 loading;
  GPtrArray            *campaigns;       /* of CrrcCampaign */
  char                 *campaign_id;     /* shown, or NULL */
  CrrcCampaign         *campaign;        /* as read */
  GPtrArray            *targets;         /* of CrrcCampaignTarget: all of them */
  GPtrArray            *departments;     /* codes of the targets' departments */
  guint                 counts[CRRC_CAMPAIGN_N_STAGES];
  int                   filter_stage;
  char                 *filter_department;
  gboolean              updating;
  GListStore           *target_store;
  GtkSingleSelection   *target_selection;
  GtkWidget            *stage_cards[CRRC_CAMPAIGN_N_STAGES];
  GtkWidget            *map_card;
  GtkWidget            *maturity_view;
  GtkFileChooserNative *chooser;

  /* Template widgets */
  GtkToggleButton      *campaigns_toggle;
  GtkToggleButton      *maturity_toggle;
  GtkWidget            *new_button;
  GtkStack             *view_stack;
  GtkStack             *campaigns_stack;
  GtkLabel             *list_summary;
  GtkListBox           *campaign_list;
  AdwStatusPage        *empty_page;
  GtkLabel             *detail_title;
  GtkWidget            *detail_local_tag;
  GtkLabel             *detail_subtitle;
  GtkLabel             *detail_status;
  GtkProgressBar       *detail_progress;
  GtkBox               *pipeline_box;
  GtkBox               *map_box;
  GtkDropDown          *stage_drop;
  GtkDropDown          *department_drop;
  GtkLabel             *target_count;
  GtkStack             *targets_stack;
  GtkColumnView        *target_view;
  AdwStatusPage        *no_target_page;
  GtkBox               *maturity_box;
  GMenuModel           *target_menu;
  GtkWidget            *target_popover;
};

G_DEFINE_FINAL_TYPE (CrrcCampagnesPage, crrc_campagnes_page, GTK_TYPE_WIDGET)

static void load_list   (CrrcCampagnesPage *self);
static void load_detail (CrrcCampagnesPage *self);

/* Helpers */

static void
set_str (char       **place,
         const char  *value)
{
  if (g_strcmp0 (*place, value) == 0)
    return;
  g_free (*place);
  *place = g_strdup (value);
}

static CrrcStore *
get_store (CrrcCampagnesPage *self)
{
  return self->application != NULL ? crrc_application_get_store (self->application) : NULL;
}

static GtkWindow *
get_parent_window (CrrcCampagnesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (CrrcCampagnesPage *self,
       const char        *text)
{
  if (!crrc_toast_show_plain (GTK_WIDGET (self), text, ADW_TOAST_PRIORITY_NORMAL))
    g_message ("%s", text);
}

static const char *
region_name (const char *code)
{
  const CrrcRegion *region = crrc_geo_lookup_region (code);

  return region != NULL ? region->name : code;
}

static const char *
department_name (const char *code)
{
  const CrrcDepartment *department = code != NULL ? crrc_geo_lookup_department (code) : NULL;

  return department != NULL ? department->name : (code != NULL ? code : "—");
}

/* "12 days left", "Due today", "Overdue by 3 days", "Completed". */
static char *
days_text (const CrrcCampaign *campaign)
{
  if (campaign->finished)
    return g_strdup (_("Completed"));
  if (campaign->days_left == 0)
    return g_strdup (_("Due today"));
  if (campaign->days_left > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", campaign->days_left),
                            campaign->days_left);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue by %d day", "Overdue by %d days",
                                       -campaign->days_left),
                          -campaign->days_left);
}

static void
style_status (GtkWidget          *label,
              const CrrcCampaign *campaign)
{
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "warning");
  if (campaign->overdue)
    gtk_widget_add_css_class (label, "error");
  else if (campaign->finished)
    gtk_widget_add_css_class (label, "success");
  else if (campaign->days_left <= 14)
    gtk_widget_add_css_class (label, "warning");
}

static char *
progress_text (const CrrcCampaign *campaign)
{
  g_autofree char *percent = crrc_format_percent (campaign->progress * 100.0, 0);
  g_autofree char *done = crrc_format_count (campaign->n_diagnosed);
  g_autofree char *all = crrc_format_count (campaign->n_targets);

  /* TRANSLATORS: "45 % — 9 of 20 diagnosed" */
  return g_strdup_printf (_("%s — %s of %s diagnosed"), percent, done, all);
}

/* The list */

static GtkWidget *
campaign_row_new (const CrrcCampaign *campaign)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *shown_name = crrc_display_text (campaign->name);
  GtkWidget *name = gtk_label_new (shown_name);
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *subtitle;
  GtkWidget *progress = gtk_progress_bar_new ();
  g_autofree char *start = crrc_campaign_format_date (campaign->start);
  g_autofree char *due = crrc_campaign_format_date (campaign->due);
  g_autofree char *days = days_text (campaign);
  g_autofree char *text = NULL;
  g_autofree char *percent = crrc_format_percent (campaign->progress * 100.0, 0);
  g_autofree char *accessible = NULL;

  gtk_widget_add_css_class (box, "campaign-row");
  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (line), name);
  if (campaign->local)
    {
      GtkWidget *tag = gtk_label_new (C_("made on this computer", "Local"));

      gtk_widget_add_css_class (tag, "campaign-tag");
      gtk_widget_add_css_class (tag, "local");
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (tag, _("Your own campaign, kept on this computer"));
      gtk_box_append (GTK_BOX (line), tag);
    }
  if (campaign->overdue)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Overdue"), -1);
      gtk_box_append (GTK_BOX (line), icon);
    }
  gtk_label_set_text (GTK_LABEL (status), days);
  style_status (status, campaign);
  gtk_widget_add_css_class (status, "numeric");
  gtk_box_append (GTK_BOX (line), status);
  gtk_box_append (GTK_BOX (box), line);

  /* TRANSLATORS: region · sector · "from 1 March 2023 to 15 December 2023" */
  text = g_strdup_printf (_("%s · %s · from %s to %s"), region_name (campaign->region),
                          crrc_campaign_sector_label (campaign->sector), start, due);
  subtitle = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), subtitle);

  g_free (text);
  text = progress_text (campaign);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (progress), campaign->progress);
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (progress), TRUE);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (progress), text);
  gtk_widget_set_margin_top (progress, 2);
  gtk_box_append (GTK_BOX (box), progress);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "campaign-id", g_strdup (campaign->id), g_free);
  accessible = g_strdup_printf ("%s, %s, %s", shown_name, percent, days);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return row;
}

static void
show_list (CrrcCampagnesPage *self)
{
  GtkWidget *child;
  guint overdue = 0, running = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->campaign_list))) != NULL)
    gtk_list_box_remove (self->campaign_list, child);

  if (self->campaigns == NULL)
    return;

  for (guint i = 0; i < self->campaigns->len; i++)
    {
      CrrcCampaign *campaign = g_ptr_array_index (self->campaigns, i);

      gtk_list_box_append (self->campaign_list, campaign_row_new (campaign));
      overdue += campaign->overdue;
      running += !campaign->finished;
    }

  {
    g_autofree char *n = crrc_format_count (self->campaigns->len);
    g_autofree char *r = crrc_format_count (running);
    g_autofree char *o = crrc_format_count (overdue);
    g_autofree char *text = NULL;

    if (overdue > 0)
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s campaign, %s running, %s overdue",
                                           "%s campaigns, %s running, %s overdue", self->campaigns->len),
                              n, r, o);
    else
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s campaign, %s running",
                                           "%s campaigns, %s running", self->campaigns->len),
                              n, r);
    gtk_label_set_text (self->list_summary, text);
  }

  if (self->campaign_id == NULL)
    gtk_stack_set_visible_child_name (self->campaigns_stack, self->campaigns->len > 0 ? "list" : "empty");
}

typedef struct
{
  CrrcStore *store;
  char      *campaign_id;
  guint      generation;
  GPtrArray *campaigns;
  CrrcCampaign *campaign;
  GPtrArray *targets;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->store);
  g_free (data->campaign_id);
  g_clear_pointer (&data->campaigns, g_ptr_array_unref);
  g_clear_pointer (&data->campaign, crrc_campaign_free);
  g_clear_pointer (&data->targets, g_ptr_array_unref);
  g_free (data);
}

static void
load_list_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (data->store, &error);

  if (reader == NULL || (data->campaigns = crrc_campaigns_list (reader, NULL, &error)) == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
load_list_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (source);
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->loading--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (data->generation == self->list_generation)
        {
          g_autofree char *text = g_strdup_printf (_("The campaigns could not be read: %s"), error->message);

          toast (self, text);
        }
      return;
    }
  if (data->generation != self->list_generation)
    return;

  g_clear_pointer (&self->campaigns, g_ptr_array_unref);
  self->campaigns = g_steal_pointer (&data->campaigns);
  show_list (self);
}

static void
load_list (CrrcCampagnesPage *self)
{
  CrrcStore *store = get_store (self);
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  self->list_generation++;
  if (store == NULL || !self->shown)
    return;

  data = g_new0 (LoadData, 1);
  data->store = g_object_ref (store);
  data->generation = self->list_generation;
  self->loading++;

  task = g_task_new (self, NULL, load_list_done_cb, NULL);
  g_task_set_source_tag (task, load_list);
  g_task_set_name (task, "[crrc] campaigns");
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_list_thread);
}

static void
campaign_activated_cb (CrrcCampagnesPage *self,
                       GtkListBoxRow     *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "campaign-id");

  if (id != NULL)
    crrc_campagnes_page_open_campaign (self, id);
}

/* The detail: targets */

static CrrcCampaignTarget *
selected_target (CrrcCampagnesPage *self)
{
  CrrcCampaignTargetItem *item = gtk_single_selection_get_selected_item (self->target_selection);

  return item != NULL ? item->target : NULL;
}

static void
update_target_actions (CrrcCampagnesPage *self)
{
  CrrcCampaignTarget *target = selected_target (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campagnes.move-target", target != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campagnes.diagnostic", target != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campagnes.open-establishment",
                                 target != NULL && target->name != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campagnes.remove-target",
                                 target != NULL && target->local_target);
}

static gboolean
target_matches (CrrcCampagnesPage  *self,
                CrrcCampaignTarget *target)
{
  if (self->filter_stage != CRRC_CAMPAIGN_STAGE_NONE && (int) target->stage != self->filter_stage)
    return FALSE;
  if (self->filter_department != NULL && g_strcmp0 (target->department, self->filter_department) != 0)
    return FALSE;

  return TRUE;
}

static void
update_stage_cards (CrrcCampagnesPage *self)
{
  guint total = 0;

  for (guint s = 0; s < CRRC_CAMPAIGN_N_STAGES; s++)
    total += self->counts[s];

  for (guint s = 0; s < CRRC_CAMPAIGN_N_STAGES; s++)
    {
      GtkWidget *card = self->stage_cards[s];
      GtkWidget *count = g_object_get_data (G_OBJECT (card), "count");
      g_autofree char *number = crrc_format_count (self->counts[s]);
      g_autofree char *share = total > 0 ? crrc_format_percent (100.0 * self->counts[s] / total, 0) : NULL;
      g_autofree char *accessible = NULL;
      g_autofree char *tooltip = NULL;

      gtk_label_set_text (GTK_LABEL (count), number);
      if (self->filter_stage == (int) s)
        gtk_widget_add_css_class (card, "selected");
      else
        gtk_widget_remove_css_class (card, "selected");
      /* TRANSLATORS: a stage of the pipeline and its count, for a screen reader */
      accessible = g_strdup_printf (_("%s: %s"), crrc_campaign_stage_get_label (s), number);
      gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      tooltip = share != NULL
                /* TRANSLATORS: the tooltip of a stage card: "12 targets (25 %)…" */
                ? g_strdup_printf (ngettext ("%s target (%s) — show only it",
                                             "%s targets (%s) — show only them",
                                             self->counts[s]),
                                   number, share)
                : g_strdup (_("No target"));
      gtk_widget_set_tooltip_text (card, tooltip);
    }
}

static void
fill_targets (CrrcCampagnesPage *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *count = NULL;
  g_autofree char *all = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) scope = g_ptr_array_new ();

  if (self->targets == NULL)
    {
      g_list_store_remove_all (self->target_store);
      return;
    }

  for (guint i = 0; i < self->targets->len; i++)
    {
      CrrcCampaignTarget *target = g_ptr_array_index (self->targets, i);

      /* The pipeline counts the targets of the department chosen. */
      if (self->filter_department == NULL || g_strcmp0 (target->department, self->filter_department) == 0)
        g_ptr_array_add (scope, target);
      if (target_matches (self, target))
        g_ptr_array_add (items, target_item_new (self->targets, target));
    }
  crrc_campaigns_count_stages (scope, self->counts);
  update_stage_cards (self);

  g_list_store_splice (self->target_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->target_store)),
                       items->pdata, items->len);

  count = crrc_format_count (items->len);
  all = crrc_format_count (self->targets->len);
  if (items->len == self->targets->len)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s target", "%s targets", self->targets->len), count);
  else
    /* TRANSLATORS: "12 of 30 targets" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s target", "%s of %s targets",
                                         self->targets->len),
                            count, all);
  gtk_label_set_text (self->target_count, text);

  if (items->len > 0)
    {
      gtk_stack_set_visible_child_name (self->targets_stack, "targets");
    }
  else
    {
      gboolean filtered = self->targets->len > 0;

      adw_status_page_set_title (self->no_target_page, filtered ? _("No Target Matches") : _("No Target Yet"));
      adw_status_page_set_description (self->no_target_page,
                                       filtered ? _("No target is at this stage in this department. Clear the "
                                                    "filters to see them all.")
                                                : _("Add the establishments to diagnose: search the registry, "
                                                    "or add a whole list from the Establishments page."));
      gtk_stack_set_visible_child_name (self->targets_stack, "none");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campagnes.clear-filters",
                                 self->filter_stage != CRRC_CAMPAIGN_STAGE_NONE || self->filter_department != NULL);
  update_target_actions (self);
}

/* The drop-downs show the filters. */
static void
show_filters (CrrcCampagnesPage *self)
{
  guint department = 0;

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->stage_drop, (guint) (self->filter_stage + 1));
  if (self->departments != NULL && self->filter_department != NULL)
    for (guint i = 0; i < self->departments->len; i++)
      if (g_str_equal (g_ptr_array_index (self->departments, i), self->filter_department))
        department = i + 1;
  gtk_drop_down_set_selected (self->department_drop, department);
  self->updating = FALSE;
}

static void
filter_changed_cb (CrrcCampagnesPage *self)
{
  guint stage, department;

  if (self->updating)
    return;

  stage = gtk_drop_down_get_selected (self->stage_drop);
  department = gtk_drop_down_get_selected (self->department_drop);
  self->filter_stage = stage == 0 || stage == GTK_INVALID_LIST_POSITION ? CRRC_CAMPAIGN_STAGE_NONE : (int) stage - 1;
  g_clear_pointer (&self->filter_department, g_free);
  if (department > 0 && department != GTK_INVALID_LIST_POSITION && self->departments != NULL
      && department <= self->departments->len)
    self->filter_department = g_strdup (g_ptr_array_index (self->departments, department - 1));
  fill_targets (self);
}

static void
stage_card_clicked_cb (GtkButton         *card,
                       CrrcCampagnesPage *self)
{
  int stage = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (card), "stage"));

  self->filter_stage = self->filter_stage == stage ? CRRC_CAMPAIGN_STAGE_NONE : stage;
  show_filters (self);
  fill_targets (self);
}

static void
map_item_activated_cb (CrrcChart         *chart,
                       int                category,
                       int                series,
                       CrrcCampagnesPage *self)
{
  CrrcChartModel *model = crrc_chart_get_model (chart);
  const char *code;

  if (model == NULL || category < 0 || (guint) category >= crrc_chart_model_get_n_categories (model))
    return;
  code = crrc_chart_model_get_category_key (model, category);
  if (isnan (crrc_chart_model_get_value (model, 0, category)))
    return;

  if (g_strcmp0 (self->filter_department, code) == 0)
    g_clear_pointer (&self->filter_department, g_free);
  else
    set_str (&self->filter_department, code);
  show_filters (self);
  fill_targets (self);
}

/* The campaign's name as the map's subtitle: the chart card wraps its
 * subtitle between words only, so a word longer than MAX_WORD_CHARS is cut
 * there (with "…"), or it would make the page wider than its window. */
#define MAX_WORD_CHARS 40

static char *
chart_subtitle (const char *name)
{
  g_autofree char *shown = crrc_display_text (name);
  GString *out = g_string_new (NULL);
  guint run = 0;

  for (const char *p = shown; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      run = g_unichar_isspace (c) ? 0 : run + 1;
      if (run < MAX_WORD_CHARS)
        g_string_append_unichar (out, c);
      else if (run == MAX_WORD_CHARS)
        g_string_append (out, "…");
    }

  return g_string_free (out, FALSE);
}

static CrrcChartModel *
build_map (CrrcCampagnesPage *self)
{
  g_autoptr(GPtrArray) coverage = crrc_campaigns_coverage (self->targets);
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) emphasis = g_ptr_array_new ();
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_MAP, _("Coverage of the departments"));
  const CrrcDepartment *departments;
  guint n_departments, series;
  g_autofree char *source = NULL;
  g_autofree char *subtitle = chart_subtitle (self->campaign->name);

  crrc_chart_model_set_id (model, "couverture-campagne");
  crrc_chart_model_set_subtitle (model, subtitle);
  source = g_strdup_printf (_("Share of the targets at “%s” or beyond"),
                            crrc_campaign_stage_get_label (CRRC_CAMPAIGN_STAGE_DIAGNOSED));
  crrc_chart_model_set_source (model, source);
  crrc_chart_model_set_unit (model, CRRC_CHART_UNIT_PERCENT);
  crrc_chart_model_set_value_max (model, 100.0);
  series = crrc_chart_model_add_series (model, _("Targets diagnosed"), CRRC_CHART_SERIES_DATA);
  /* More coverage is good news. */
  crrc_chart_model_set_series_tone (model, series, CRRC_CHART_TONE_GOOD);

  for (guint i = 0; i < coverage->len; i++)
    {
      CrrcCampaignCoverage *department = g_ptr_array_index (coverage, i);

      g_hash_table_insert (by_code, department->department, department);
    }

  departments = crrc_geo_get_departments (&n_departments);
  for (guint i = 0; i < n_departments; i++)
    {
      CrrcCampaignCoverage *department = g_hash_table_lookup (by_code, departments[i].code);
      guint c = crrc_chart_model_add_category (model, departments[i].code, departments[i].name);

      crrc_chart_model_set_value (model, series, c,
                                  department != NULL && department->targets > 0
                                  ? 100.0 * department->diagnosed / department->targets : NAN);
      if (g_strcmp0 (departments[i].region_code, self->campaign->region) == 0)
        g_ptr_array_add (emphasis, (gpointer) departments[i].code);
    }
  if (emphasis->len > 0)
    {
      g_ptr_array_add (emphasis, NULL);
      crrc_chart_model_set_emphasis (model, (const char * const *) emphasis->pdata);
    }

  /* Diffusion mode: no share of fewer than 5 targets (or with fewer than
   * 5 diagnosed, or not). */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    if (g_settings_get_boolean (settings, "diffusion-mode"))
      {
        for (guint c = 0; c < crrc_chart_model_get_n_categories (model); c++)
          {
            CrrcCampaignCoverage *department =
              g_hash_table_lookup (by_code, crrc_chart_model_get_category_key (model, c));

            if (department != NULL && department->targets > 0 &&
                crrc_diffusion_share_is_suppressed (department->diagnosed, department->targets))
              crrc_chart_model_suppress_value (model, series, c, CRRC_CHART_VALUE_HIDDEN);
          }
        crrc_diffusion_mark (model);
      }
  }

  return model;
}

static void
show_detail (CrrcCampagnesPage *self)
{
  CrrcCampaign *campaign = self->campaign;
  g_autofree char *start = NULL;
  g_autofree char *due = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *shown_name = NULL;
  g_autofree char *days = NULL;
  g_autofree char *progress = NULL;
  g_autoptr(GtkStringList) department_labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) coverage = NULL;
  g_autoptr(CrrcChartModel) map = NULL;

  if (campaign == NULL)
    return;

  start = crrc_campaign_format_date (campaign->start);
  due = crrc_campaign_format_date (campaign->due);
  shown_name = crrc_display_text (campaign->name);
  gtk_label_set_text (self->detail_title, shown_name);
  /* The whole name, when the title is cut. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail_title), shown_name);
  gtk_widget_set_visible (self->detail_local_tag, campaign->local);
  subtitle = g_strdup_printf (_("%s · %s · from %s to %s"), region_name (campaign->region),
                              crrc_campaign_sector_label (campaign->sector), start, due);
  gtk_label_set_text (self->detail_subtitle, subtitle);
  days = days_text (campaign);
  gtk_label_set_text (self->detail_status, days);
  style_status (GTK_WIDGET (self->detail_status), campaign);
  progress = progress_text (campaign);
  gtk_progress_bar_set_fraction (self->detail_progress, campaign->progress);
  gtk_progress_bar_set_text (self->detail_progress, progress);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campagnes.delete-campaign", campaign->local);

  /* The departments of the targets, for the filter. */
  g_clear_pointer (&self->departments, g_ptr_array_unref);
  self->departments = g_ptr_array_new_with_free_func (g_free);
  coverage = crrc_campaigns_coverage (self->targets);
  gtk_string_list_append (department_labels, _("All departments"));
  for (guint i = 0; i < coverage->len; i++)
    {
      CrrcCampaignCoverage *department = g_ptr_array_index (coverage, i);
      g_autofree char *label = g_strdup_printf ("%s %s", department->department,
                                                department_name (department->department));

      g_ptr_array_add (self->departments, g_strdup (department->department));
      gtk_string_list_append (department_labels, label);
    }
  if (self->filter_department != NULL
      && !g_ptr_array_find_with_equal_func (self->departments, self->filter_department, g_str_equal, NULL))
    g_clear_pointer (&self->filter_department, g_free);
  self->updating = TRUE;
  gtk_drop_down_set_model (self->department_drop, G_LIST_MODEL (department_labels));
  self->updating = FALSE;
  show_filters (self);

  map = build_map (self);
  crrc_chart_card_set_model (CRRC_CHART_CARD (self->map_card), map);

  fill_targets (self);
}

static void
load_detail_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (data->store, &error);

  if (reader == NULL
      || (data->campaign = crrc_campaigns_get (reader, data->campaign_id, NULL, &error)) == NULL
      || (data->targets = crrc_campaigns_list_targets (reader, data->campaign_id, NULL, &error)) == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
load_detail_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (source);
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *finess = NULL;
  CrrcCampaignTarget *selected;

  self->loading--;
  if (data->generation != self->detail_generation)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *text = g_strdup_printf (_("The campaign could not be read: %s"), error->message);

      toast (self, text);
      /* A campaign deleted elsewhere: back to the list. */
      if (g_error_matches (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_FOUND))
        crrc_campagnes_page_go_back (self);
      return;
    }

  /* Keep the selected target selected across a reload. */
  selected = selected_target (self);
  if (selected != NULL)
    finess = g_strdup (selected->finess);

  g_clear_pointer (&self->campaign, crrc_campaign_free);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  self->campaign = g_steal_pointer (&data->campaign);
  self->targets = g_steal_pointer (&data->targets);
  show_detail (self);

  if (finess != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->target_selection)); i++)
      {
        g_autoptr(CrrcCampaignTargetItem) item = g_list_model_get_item (G_LIST_MODEL (self->target_selection), i);

        if (g_str_equal (item->target->finess, finess))
          {
            gtk_single_selection_set_selected (self->target_selection, i);
            break;
          }
      }
  update_target_actions (self);
}

static void
load_detail (CrrcCampagnesPage *self)
{
  CrrcStore *store = get_store (self);
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  self->detail_generation++;
  if (store == NULL || self->campaign_id == NULL)
    return;

  data = g_new0 (LoadData, 1);
  data->store = g_object_ref (store);
  data->campaign_id = g_strdup (self->campaign_id);
  data->generation = self->detail_generation;
  self->loading++;

  task = g_task_new (self, NULL, load_detail_done_cb, NULL);
  g_task_set_source_tag (task, load_detail);
  g_task_set_name (task, "[crrc] campaign detail");
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_detail_thread);
}

/* Cells */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  Column column = GPOINTER_TO_INT (data);

  if (column == COLUMN_NAME)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *name = gtk_label_new (NULL);
      GtkWidget *place = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (name), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (place), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (place), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (place, "caption");
      gtk_widget_add_css_class (place, "dim-label");
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), place);
      gtk_list_item_set_child (item, box);
    }
  else if (column == COLUMN_STAGE)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *pill = gtk_label_new (NULL);
      GtkWidget *local = gtk_image_new_from_icon_name ("document-edit-symbolic");

      gtk_widget_add_css_class (pill, "campaign-tag");
      gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (local, "accent");
      gtk_box_append (GTK_BOX (box), pill);
      gtk_box_append (GTK_BOX (box), local);
      gtk_list_item_set_child (item, box);
    }
  else
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_DIAGNOSTIC ? 1.0 : 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
      if (column == COLUMN_FINESS || column == COLUMN_DIAGNOSTIC)
        gtk_widget_add_css_class (label, "numeric");
      gtk_list_item_set_child (item, label);
    }
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  Column column = GPOINTER_TO_INT (data);
  CrrcCampaignTargetItem *target_item = gtk_list_item_get_item (item);
  CrrcCampaignTarget *target = target_item->target;
  GtkWidget *child = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  /* A right click finds its row from the cell under the pointer. */
  g_object_set_data (G_OBJECT (child), "list-item", item);

  switch (column)
    {
    case COLUMN_NAME:
      {
        GtkWidget *name = gtk_widget_get_first_child (child);
        GtkWidget *place = gtk_widget_get_next_sibling (name);
        g_autofree char *where = target->department != NULL
                                 ? g_strdup_printf ("%s %s", target->department, department_name (target->department))
                                 : g_strdup ("—");

        g_autofree char *shown_name = crrc_display_text (target->name);

        gtk_label_set_text (GTK_LABEL (name), shown_name != NULL ? shown_name : _("Not in the registry"));
        gtk_label_set_text (GTK_LABEL (place), where);
        gtk_widget_set_tooltip_text (child, shown_name);
        return;
      }
    case COLUMN_FINESS:
      text = crrc_finess_format (target->finess);
      break;
    case COLUMN_STAGE:
      {
        GtkWidget *pill = gtk_widget_get_first_child (child);
        GtkWidget *local = gtk_widget_get_next_sibling (pill);
        g_autofree char *tooltip = NULL;

        gtk_label_set_text (GTK_LABEL (pill), crrc_campaign_stage_get_label (target->stage));
        if (target->stage >= CRRC_CAMPAIGN_STAGE_DIAGNOSED)
          gtk_widget_add_css_class (pill, "reached");
        else
          gtk_widget_remove_css_class (pill, "reached");
        gtk_widget_set_visible (local, target->stage_local || target->local_target);
        if (target->stage_local)
          {
            g_autofree char *synced = target->synced_stage != CRRC_CAMPAIGN_STAGE_NONE
                                      ? g_strdup_printf (_("Synced stage: %s"),
                                                         crrc_campaign_stage_get_label (target->synced_stage))
                                      : g_strdup (_("Not in the synced data"));

            tooltip = target->stage_comment != NULL
                      ? g_strdup_printf (_("Changed on this computer\n%s\n“%s”"), synced, target->stage_comment)
                      : g_strdup_printf (_("Changed on this computer\n%s"), synced);
          }
        else if (target->local_target)
          {
            tooltip = g_strdup (_("Added on this computer"));
          }
        gtk_widget_set_tooltip_text (child, tooltip);
        gtk_accessible_update_property (GTK_ACCESSIBLE (local), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        C_("made on this computer", "Local"), -1);
        return;
      }
    case COLUMN_STAGE_DATE:
      text = target->stage_date != NULL ? crrc_campaign_format_date (target->stage_date) : g_strdup ("—");
      break;
    case COLUMN_DIAGNOSTIC:
      if (target->diagnostic_score >= 0)
        {
          g_autofree char *score = crrc_format_count (target->diagnostic_score);
          g_autofree char *date = crrc_campaign_format_date (target->diagnostic_date);
          g_autofree char *tooltip = g_strdup_printf (_("Overall score of the diagnostic of %s"), date);

          /* TRANSLATORS: a maturity score out of 100 */
          text = g_strdup_printf (_("%s/100"), score);
          gtk_widget_set_tooltip_text (child, tooltip);
        }
      else
        {
          text = g_strdup ("—");
          gtk_widget_set_tooltip_text (child, _("No diagnostic yet"));
        }
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (GTK_LABEL (child), text);
}

static int
compare_targets (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  const CrrcCampaignTarget *x = ((CrrcCampaignTargetItem *) a)->target;
  const CrrcCampaignTarget *y = ((CrrcCampaignTargetItem *) b)->target;
  int order = 0;

  switch ((Column) GPOINTER_TO_INT (data))
    {
    case COLUMN_NAME:
      order = g_utf8_collate (x->name != NULL ? x->name : "", y->name != NULL ? y->name : "");
      break;
    case COLUMN_FINESS:
      break;
    case COLUMN_STAGE:
      order = (int) x->stage - (int) y->stage;
      break;
    case COLUMN_STAGE_DATE:
      order = g_strcmp0 (x->stage_date, y->stage_date);
      break;
    case COLUMN_DIAGNOSTIC:
      order = x->diagnostic_score - y->diagnostic_score;
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  if (order == 0)
    order = g_strcmp0 (x->finess, y->finess);

  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* Actions on a target */

static void
popup_target_menu (CrrcCampagnesPage *self,
                   double             x,
                   double             y)
{
  if (selected_target (self) == NULL)
    return;

  if (self->target_popover == NULL)
    {
      self->target_popover = gtk_popover_menu_new_from_model (self->target_menu);
      gtk_widget_set_parent (self->target_popover, GTK_WIDGET (self->target_view));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->target_popover), FALSE);
      gtk_popover_set_position (GTK_POPOVER (self->target_popover), GTK_POS_BOTTOM);
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->target_popover), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->target_popover));
}

/* Right click: the row under the pointer is chosen, then its menu. */
static void
target_pressed_cb (GtkGestureClick   *gesture,
                   int                n_press,
                   double             x,
                   double             y,
                   CrrcCampagnesPage *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->target_view), x, y, GTK_PICK_DEFAULT);

  for (; picked != NULL && picked != GTK_WIDGET (self->target_view); picked = gtk_widget_get_parent (picked))
    {
      GtkListItem *item = g_object_get_data (G_OBJECT (picked), "list-item");

      if (item != NULL && gtk_list_item_get_position (item) != GTK_INVALID_LIST_POSITION)
        {
          gtk_single_selection_set_selected (self->target_selection, gtk_list_item_get_position (item));
          gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
          popup_target_menu (self, x, y);
          return;
        }
    }
}

/* Shift+F10 or the Menu key: the menu of the chosen row. */
static gboolean
target_menu_binding (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   data)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (widget);

  if (self->campaign_id == NULL || selected_target (self) == NULL)
    return FALSE;
  popup_target_menu (self, gtk_widget_get_width (GTK_WIDGET (self->target_view)) / 2.0, 40.0);
  return TRUE;
}

static void
dialog_done_cb (GObject    *owner,
                const char *id,
                const char *message)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (owner);

  if (message != NULL)
    toast (self, message);
  /* A new campaign opens; the page reloads on ::data-changed. */
  if (id != NULL && g_strcmp0 (id, self->campaign_id) != 0 && g_str_has_prefix (id, "LOCAL-CAMP-")
      && self->campaign_id == NULL)
    crrc_campagnes_page_open_campaign (self, id);
}

static void
move_target_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (widget);
  CrrcCampaignTarget *target = selected_target (self);

  if (target == NULL || self->application == NULL || self->campaign_id == NULL)
    return;
  crrc_campaign_dialog_move_target (get_parent_window (self), self->application, self->campaign_id,
                                    target->finess, target->name, target->stage, dialog_done_cb, G_OBJECT (self));
}

static void
target_activated_cb (CrrcCampagnesPage *self,
                     guint              position)
{
  gtk_single_selection_set_selected (self->target_selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "campagnes.move-target", NULL);
}

static void
diagnostic_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (widget);
  CrrcCampaignTarget *target = selected_target (self);

  if (target == NULL || self->application == NULL)
    return;
  if (crrc_diagnostic_window_open (get_parent_window (self), self->application, target->finess,
                                   self->campaign_id) == NULL)
    toast (self, _("The questionnaire could not be opened"));
}

static void
open_establishment_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (widget);
  CrrcCampaignTarget *target = selected_target (self);

  if (target != NULL)
    gtk_widget_activate_action (widget, "win.show-establishment", "s", target->finess);
}

typedef struct
{
  char *campaign_id;
  char *finess;
} RemoveData;

static void
remove_data_free (RemoveData *data)
{
  g_free (data->campaign_id);
  g_free (data->finess);
  g_free (data);
}

static gboolean
remove_write (CrrcStore     *store,
              gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  RemoveData *data = user_data;

  if (data->finess != NULL)
    return crrc_campaigns_remove_target (store, data->campaign_id, data->finess, error);

  return crrc_campaigns_delete (store, data->campaign_id, error);
}

static void
remove_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CrrcCampagnesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *message = g_object_get_data (G_OBJECT (self), "remove-message");

  if (!crrc_store_write_finish (CRRC_STORE (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Nothing was removed: %s"), error->message);

      toast (self, text);
      return;
    }
  toast (self, message);
  if (self->application != NULL)
    crrc_application_data_changed (self->application);
}

static void
confirm_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     CrrcCampagnesPage *self)
{
  RemoveData *data = g_object_get_data (G_OBJECT (dialog), "remove-data");
  CrrcStore *store = get_store (self);

  if (g_strcmp0 (response, "remove") != 0 || data == NULL || store == NULL)
    return;

  g_object_steal_data (G_OBJECT (dialog), "remove-data");
  /* The campaign goes: back to the list. */
  if (data->finess == NULL)
    crrc_campagnes_page_go_back (self);
  g_object_set_data (G_OBJECT (self), "remove-message",
                     data->finess == NULL ? _("Campaign deleted") : _("Target removed from the campaign"));
  crrc_store_write_async (store, remove_write, data, (GDestroyNotify) remove_data_free, NULL,
                          remove_done_cb, g_object_ref (self));
}

static void
confirm (CrrcCampagnesPage *self,
         const char        *heading,
         const char        *body,
         const char        *label,
         RemoveData        *data)
{
  /* The body quotes a name: plain text (the dialog's default), without
   * bidirectional controls. */
  g_autofree char *shown = crrc_display_text (body);
  GtkWidget *dialog = adw_message_dialog_new (get_parent_window (self), heading, shown);

  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "remove", label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "remove-data", data, (GDestroyNotify) remove_data_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_target_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (widget);
  CrrcCampaignTarget *target = selected_target (self);
  g_autofree char *body = NULL;
  RemoveData *data;

  if (target == NULL || !target->local_target || self->campaign_id == NULL)
    return;

  data = g_new0 (RemoveData, 1);
  data->campaign_id = g_strdup (self->campaign_id);
  data->finess = g_strdup (target->finess);
  body = g_strdup_printf (_("“%s” leaves the campaign, with the stages you entered for it."),
                          target->name != NULL ? target->name : target->finess);
  confirm (self, _("Remove from the Campaign?"), body, _("_Remove"), data);
}

static void
delete_campaign_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (widget);
  g_autofree char *body = NULL;
  RemoveData *data;

  if (self->campaign == NULL || !self->campaign->local)
    return;

  data = g_new0 (RemoveData, 1);
  data->campaign_id = g_strdup (self->campaign->id);
  body = g_strdup_printf (_("“%s” is deleted with its targets and the stages you entered. Diagnostics stay."),
                          self->campaign->name);
  confirm (self, _("Delete the Campaign?"), body, _("_Delete"), data);
}

static void
add_targets_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (widget);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) targeted = NULL;

  if (self->campaign == NULL || self->application == NULL)
    return;
  for (guint i = 0; self->targets != NULL && i < self->targets->len; i++)
    g_strv_builder_add (builder, ((CrrcCampaignTarget *) g_ptr_array_index (self->targets, i))->finess);
  targeted = g_strv_builder_end (builder);
  crrc_campaign_dialog_add_targets (get_parent_window (self), self->application, self->campaign,
                                    (const char * const *) targeted, dialog_done_cb, G_OBJECT (self));
}

static void
new_campaign_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  crrc_campagnes_page_new_campaign (CRRC_CAMPAGNES_PAGE (widget));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  crrc_campagnes_page_set_target_filter (CRRC_CAMPAGNES_PAGE (widget), CRRC_CAMPAIGN_STAGE_NONE, NULL);
}

/* Export my work */

typedef struct
{
  CrrcStore           *store;
  char                *folder;
  char                *publisher;
  char                *directory;  /* where it was written */
  CrrcLocalFeedCounts  counts;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->store);
  g_free (data->folder);
  g_free (data->publisher);
  g_free (data->directory);
  g_free (data);
}

static gboolean
folder_is_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir == NULL || g_dir_read_name (dir) == NULL;
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (data->store, &error);

  if (reader == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* An empty folder takes the feed; otherwise a new folder in it. */
  if (folder_is_empty (data->folder))
    {
      data->directory = g_strdup (data->folder);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
      /* TRANSLATORS: the name of the folder of the exported work, followed by a date */
      g_autofree char *base = g_strdup_printf ("%s-%s", _("my-work"), day);

      for (guint n = 1; data->directory == NULL; n++)
        {
          g_autofree char *name = n == 1 ? g_strdup (base) : g_strdup_printf ("%s-%u", base, n);
          g_autofree char *path = g_build_filename (data->folder, name, NULL);

          if (!g_file_test (path, G_FILE_TEST_EXISTS))
            data->directory = g_steal_pointer (&path);
        }
    }

  if (!crrc_local_feed_export (reader, data->directory, data->publisher, &data->counts, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (source);
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      text = g_strdup_printf (_("Your work could not be exported: %s"), error->message);
    }
  else
    {
      g_autofree char *name = g_filename_display_basename (data->directory);

      /* TRANSLATORS: the folder, then how many of each were written */
      text = g_strdup_printf (_("Your work was exported to “%s”: %u diagnostics, %u campaigns, %u targets, "
                                "%u stage changes"),
                              name, data->counts.diagnostics, data->counts.campaigns, data->counts.targets,
                              data->counts.stage_changes);
    }
  toast (self, text);
}

static void
export_response_cb (CrrcCampagnesPage *self,
                    int                response)
{
  g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;
  CrrcStore *store = get_store (self);
  g_autoptr(GTask) task = NULL;
  g_autofree char *region = NULL;
  const CrrcRegion *centre;
  ExportData *data;

  g_clear_object (&self->chooser);
  if (response != GTK_RESPONSE_ACCEPT || path == NULL || store == NULL)
    return;

  region = g_settings_get_string (self->settings, "region");
  centre = crrc_geo_lookup_region (region);
  data = g_new0 (ExportData, 1);
  data->store = g_object_ref (store);
  data->folder = g_steal_pointer (&path);
  data->publisher = centre != NULL ? g_strdup_printf ("CRRC %s", centre->name) : g_strdup ("CRRC");

  task = g_task_new (self, NULL, export_done_cb, NULL);
  g_task_set_source_tag (task, export_response_cb);
  g_task_set_name (task, "[crrc] export my work");
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (widget);

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export My Work"), get_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* View and navigation */

static void
view_toggled_cb (CrrcCampagnesPage *self)
{
  gboolean maturity = gtk_toggle_button_get_active (self->maturity_toggle);
  const char *view = maturity ? "maturity" : "campaigns";

  gtk_stack_set_visible_child_name (self->view_stack, view);
  gtk_widget_set_visible (self->new_button, !maturity);
  if (self->settings != NULL)
    {
      g_autofree char *saved = g_settings_get_string (self->settings, "campaigns-view");

      if (g_strcmp0 (saved, view) != 0)
        g_settings_set_string (self->settings, "campaigns-view", view);
    }
}

static void
back_clicked_cb (CrrcCampagnesPage *self)
{
  crrc_campagnes_page_go_back (self);
}

static gboolean
go_back_binding (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   data)
{
  return crrc_campagnes_page_go_back (CRRC_CAMPAGNES_PAGE (widget));
}

static void
selection_changed_cb (CrrcCampagnesPage *self)
{
  update_target_actions (self);
}

/* Life */

static void
data_changed_cb (CrrcCampagnesPage *self)
{
  if (!self->shown)
    return;
  load_list (self);
  if (self->campaign_id != NULL)
    load_detail (self);
}

static void
store_changed_cb (CrrcCampagnesPage *self)
{
  data_changed_cb (self);
}

static void
crrc_campagnes_page_map (GtkWidget *widget)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (widget);

  GTK_WIDGET_CLASS (crrc_campagnes_page_parent_class)->map (widget);

  if (!self->shown)
    {
      self->shown = TRUE;
      data_changed_cb (self);
    }
}

static void
crrc_campagnes_page_dispose (GObject *object)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (object);
  GtkWidget *child;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->target_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRRC_TYPE_CAMPAGNES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->target_selection);
  g_clear_object (&self->target_store);
  g_clear_object (&self->application);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (crrc_campagnes_page_parent_class)->dispose (object);
}

static void
crrc_campagnes_page_finalize (GObject *object)
{
  CrrcCampagnesPage *self = CRRC_CAMPAGNES_PAGE (object);

  g_clear_pointer (&self->campaigns, g_ptr_array_unref);
  g_clear_pointer (&self->campaign, crrc_campaign_free);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->departments, g_ptr_array_unref);
  g_free (self->campaign_id);
  g_free (self->filter_department);

  G_OBJECT_CLASS (crrc_campagnes_page_parent_class)->finalize (object);
}

static void
crrc_campagnes_page_class_init (CrrcCampagnesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_campagnes_page_dispose;
  object_class->finalize = crrc_campagnes_page_finalize;
  widget_class->map = crrc_campagnes_page_map;

  g_type_ensure (CRRC_TYPE_CHART_CARD);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pages/crrc-campagnes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, campaigns_toggle);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, maturity_toggle);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, campaigns_stack);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, list_summary);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, campaign_list);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, detail_local_tag);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, detail_subtitle);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, detail_status);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, detail_progress);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, pipeline_box);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, map_box);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, stage_drop);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, department_drop);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, target_count);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, targets_stack);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, target_view);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, no_target_page);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, maturity_box);
  gtk_widget_class_bind_template_child (widget_class, CrrcCampagnesPage, target_menu);
  gtk_widget_class_bind_template_callback (widget_class, view_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, campaign_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, target_activated_cb);

  gtk_widget_class_install_action (widget_class, "campagnes.new-campaign", NULL, new_campaign_action);
  gtk_widget_class_install_action (widget_class, "campagnes.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "campagnes.add-targets", NULL, add_targets_action);
  gtk_widget_class_install_action (widget_class, "campagnes.delete-campaign", NULL, delete_campaign_action);
  gtk_widget_class_install_action (widget_class, "campagnes.move-target", NULL, move_target_action);
  gtk_widget_class_install_action (widget_class, "campagnes.diagnostic", NULL, diagnostic_action);
  gtk_widget_class_install_action (widget_class, "campagnes.open-establishment", NULL, open_establishment_action);
  gtk_widget_class_install_action (widget_class, "campagnes.remove-target", NULL, remove_target_action);
  gtk_widget_class_install_action (widget_class, "campagnes.clear-filters", NULL, clear_filters_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, go_back_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, target_menu_binding, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, target_menu_binding, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "campagnes.new-campaign", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "campagnes-page");
}

static void
crrc_campagnes_page_init (CrrcCampagnesPage *self)
{
  g_autoptr(GtkStringList) stage_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autofree char *view = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter_stage = CRRC_CAMPAIGN_STAGE_NONE;
  self->settings = g_settings_new (APP_ID);

  /* The pipeline: a card per stage, an arrow between them. */
  for (guint s = 0; s < CRRC_CAMPAIGN_N_STAGES; s++)
    {
      GtkWidget *card = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *count = gtk_label_new ("0");
      GtkWidget *label = gtk_label_new (crrc_campaign_stage_get_label (s));

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (card, "stage-card");
      if (s >= CRRC_CAMPAIGN_STAGE_DIAGNOSED)
        gtk_widget_add_css_class (card, "reached");
      gtk_widget_add_css_class (count, "title-2");
      gtk_widget_add_css_class (count, "numeric");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_label_set_lines (GTK_LABEL (label), 2);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), count);
      gtk_box_append (GTK_BOX (box), label);
      gtk_button_set_child (GTK_BUTTON (card), box);
      g_object_set_data (G_OBJECT (card), "count", count);
      g_object_set_data (G_OBJECT (card), "stage", GINT_TO_POINTER (s));
      g_signal_connect (card, "clicked", G_CALLBACK (stage_card_clicked_cb), self);
      gtk_box_append (self->pipeline_box, card);
      self->stage_cards[s] = card;
    }

  self->target_store = g_list_store_new (CRRC_TYPE_CAMPAIGN_TARGET_ITEM);

  /* Filters */
  gtk_string_list_append (stage_labels, _("All stages"));
  for (guint s = 0; s < CRRC_CAMPAIGN_N_STAGES; s++)
    gtk_string_list_append (stage_labels, crrc_campaign_stage_get_label (s));
  self->updating = TRUE;
  gtk_drop_down_set_model (self->stage_drop, G_LIST_MODEL (stage_labels));
  self->updating = FALSE;

  /* The map */
  self->map_card = crrc_chart_card_new (NULL);
  gtk_widget_set_vexpand (self->map_card, TRUE);
  gtk_box_append (self->map_box, self->map_card);
  g_signal_connect (crrc_chart_card_get_chart (CRRC_CHART_CARD (self->map_card)), "item-activated",
                    G_CALLBACK (map_item_activated_cb), self);

  /* The targets */
  for (Column c = 0; c < N_COLUMNS; c++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(columns[c].title), g_object_ref (factory));
      gtk_column_view_column_set_expand (column, columns[c].expand);
      gtk_column_view_column_set_fixed_width (column, columns[c].width);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (gtk_custom_sorter_new (compare_targets,
                                                                                    GINT_TO_POINTER (c), NULL)));
      g_object_unref (gtk_column_view_column_get_sorter (column));
      gtk_column_view_append_column (self->target_view, column);
    }
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->target_store)),
                                    g_object_ref (gtk_column_view_get_sorter (self->target_view)));
  self->target_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (sorted)));
  gtk_single_selection_set_autoselect (self->target_selection, TRUE);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect (click, "pressed", G_CALLBACK (target_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->target_view), GTK_EVENT_CONTROLLER (click));
  }
  gtk_column_view_set_model (self->target_view, GTK_SELECTION_MODEL (self->target_selection));
  g_signal_connect_object (self->target_selection, "notify::selected", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* The maturity overview */
  self->maturity_view = crrc_maturity_view_new ();
  gtk_widget_set_vexpand (self->maturity_view, TRUE);
  gtk_box_append (self->maturity_box, self->maturity_view);

  view = g_settings_get_string (self->settings, "campaigns-view");
  gtk_toggle_button_set_active (g_str_equal (view, "maturity") ? self->maturity_toggle : self->campaigns_toggle,
                                TRUE);
  view_toggled_cb (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campagnes.delete-campaign", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campagnes.clear-filters", FALSE);
  update_target_actions (self);
}

/* Public API */

void
crrc_campagnes_page_set_application (CrrcCampagnesPage *self,
                                     CrrcApplication   *application)
{
  g_return_if_fail (CRRC_IS_CAMPAGNES_PAGE (self));
  g_return_if_fail (CRRC_IS_APPLICATION (application));

  if (self->application == application)
    return;

  g_set_object (&self->application, application);
  crrc_maturity_view_set_application (CRRC_MATURITY_VIEW (self->maturity_view), application);
  g_signal_connect_object (application, "data-changed", G_CALLBACK (data_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::store", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  store_changed_cb (self);
}

GPtrArray *
crrc_campagnes_page_get_campaigns (CrrcCampagnesPage *self)
{
  g_return_val_if_fail (CRRC_IS_CAMPAGNES_PAGE (self), NULL);

  return self->campaigns;
}

gboolean
crrc_campagnes_page_get_loading (CrrcCampagnesPage *self)
{
  g_return_val_if_fail (CRRC_IS_CAMPAGNES_PAGE (self), FALSE);

  return self->loading > 0;
}

void
crrc_campagnes_page_open_campaign (CrrcCampagnesPage *self,
                                   const char        *campaign_id)
{
  g_return_if_fail (CRRC_IS_CAMPAGNES_PAGE (self));
  g_return_if_fail (campaign_id != NULL);

  if (g_strcmp0 (self->campaign_id, campaign_id) != 0)
    {
      set_str (&self->campaign_id, campaign_id);
      g_clear_pointer (&self->campaign, crrc_campaign_free);
      g_clear_pointer (&self->targets, g_ptr_array_unref);
      self->filter_stage = CRRC_CAMPAIGN_STAGE_NONE;
      g_clear_pointer (&self->filter_department, g_free);
      g_list_store_remove_all (self->target_store);
      gtk_label_set_text (self->detail_title, "");
      gtk_label_set_text (self->detail_subtitle, "");
    }
  gtk_toggle_button_set_active (self->campaigns_toggle, TRUE);
  gtk_stack_set_visible_child_name (self->campaigns_stack, "detail");
  load_detail (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->target_view));
}

const char *
crrc_campagnes_page_get_campaign_id (CrrcCampagnesPage *self)
{
  g_return_val_if_fail (CRRC_IS_CAMPAGNES_PAGE (self), NULL);

  return self->campaign_id;
}

const CrrcCampaign *
crrc_campagnes_page_get_campaign (CrrcCampagnesPage *self)
{
  g_return_val_if_fail (CRRC_IS_CAMPAGNES_PAGE (self), NULL);

  return self->campaign;
}

GPtrArray *
crrc_campagnes_page_get_targets (CrrcCampagnesPage *self)
{
  g_return_val_if_fail (CRRC_IS_CAMPAGNES_PAGE (self), NULL);

  return self->targets;
}

guint
crrc_campagnes_page_get_stage_count (CrrcCampagnesPage *self,
                                     CrrcCampaignStage  stage)
{
  GtkWidget *count;
  guint value = 0;

  g_return_val_if_fail (CRRC_IS_CAMPAGNES_PAGE (self), 0);
  g_return_val_if_fail ((int) stage >= 0 && stage < CRRC_CAMPAIGN_N_STAGES, 0);

  /* What the card shows, as a person reads it ("1 234": digits only). */
  count = g_object_get_data (G_OBJECT (self->stage_cards[stage]), "count");
  for (const char *p = gtk_label_get_text (GTK_LABEL (count)); *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      value = value * 10 + (guint) (*p - '0');

  return value;
}

void
crrc_campagnes_page_set_target_filter (CrrcCampagnesPage *self,
                                       int                stage,
                                       const char        *department)
{
  g_return_if_fail (CRRC_IS_CAMPAGNES_PAGE (self));
  g_return_if_fail (stage >= CRRC_CAMPAIGN_STAGE_NONE && stage < CRRC_CAMPAIGN_N_STAGES);

  self->filter_stage = stage;
  set_str (&self->filter_department, department);
  show_filters (self);
  fill_targets (self);
}

CrrcCampaignTarget *
crrc_campagnes_page_get_selected_target (CrrcCampagnesPage *self)
{
  g_return_val_if_fail (CRRC_IS_CAMPAGNES_PAGE (self), NULL);

  return selected_target (self);
}

GtkColumnView *
crrc_campagnes_page_get_target_view (CrrcCampagnesPage *self)
{
  g_return_val_if_fail (CRRC_IS_CAMPAGNES_PAGE (self), NULL);

  return self->target_view;
}

gboolean
crrc_campagnes_page_go_back (CrrcCampagnesPage *self)
{
  g_return_val_if_fail (CRRC_IS_CAMPAGNES_PAGE (self), FALSE);

  if (self->campaign_id == NULL)
    return FALSE;

  g_clear_pointer (&self->campaign_id, g_free);
  self->detail_generation++;
  gtk_stack_set_visible_child_name (self->campaigns_stack,
                                    self->campaigns != NULL && self->campaigns->len == 0 ? "empty" : "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->campaign_list));

  return TRUE;
}

gboolean
crrc_campagnes_page_get_showing_detail (CrrcCampagnesPage *self)
{
  g_return_val_if_fail (CRRC_IS_CAMPAGNES_PAGE (self), FALSE);

  return self->campaign_id != NULL;
}

void
crrc_campagnes_page_new_campaign (CrrcCampagnesPage *self)
{
  g_return_if_fail (CRRC_IS_CAMPAGNES_PAGE (self));

  if (self->application == NULL)
    return;
  crrc_campaign_dialog_create (get_parent_window (self), self->application, dialog_done_cb, G_OBJECT (self));
}
