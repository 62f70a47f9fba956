/* crrc-campaign-dialogs.c: creating a campaign, adding targets, moving a
 * target to a stage
 *
 * Each dialog is an AdwWindow with a header bar (Cancel, and the action
 * as the default widget, so that Enter in a field validates), rows of
 * libadwaita and a label for what is wrong. Reads run in GTasks on a
 * reader connection; the write is queued on the application's store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-campaign-dialogs"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crrc-campaign-dialogs.h"
#include "crrc-display-text.h"
#include "crrc-finess.h"
#include "crrc-format.h"
#include "crrc-geo.h"

/* Helpers */

char *
crrc_campaign_format_date (const char *iso_date)
{
  g_autoptr(GDateTime) datetime = NULL;

  if (iso_date == NULL)
    return NULL;
  if (!crrc_campaigns_is_valid_date (iso_date))
    return g_strdup (iso_date);

  datetime = g_date_time_new_local ((int) g_ascii_strtoll (iso_date, NULL, 10),
                                    (int) g_ascii_strtoll (iso_date + 5, NULL, 10),
                                    (int) g_ascii_strtoll (iso_date + 8, NULL, 10), 12, 0, 0);
  return crrc_format_date (datetime);
}

const char *
crrc_campaign_sector_label (const char *sector)
{
  if (g_strcmp0 (sector, "medico_social") == 0)
    return _("Medico-social");
  if (g_strcmp0 (sector, "sanitaire") == 0)
    return _("Health");

  return sector != NULL ? sector : "";
}

char *
crrc_campaign_parse_user_date (const char *text)
{
  g_autofree char *trimmed = NULL;
  g_auto(GStrv) parts = NULL;
  guint64 day, month, year;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  if (crrc_campaigns_is_valid_date (trimmed))
    return g_steal_pointer (&trimmed);

  /* Day first, as French dates are written: 21/05/2024, 21.5.2024. */
  for (char *p = trimmed; *p != '\0'; p++)
    if (*p == '.' || *p == '-')
      *p = '/';
  parts = g_strsplit (trimmed, "/", -1);
  if (g_strv_length (parts) != 3
      || !g_ascii_string_to_unsigned (parts[0], 10, 1, 31, &day, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL)
      || !g_ascii_string_to_unsigned (parts[2], 10, 1000, 9999, &year, NULL)
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", (guint) year, (guint) month, (guint) day);
}

char *
crrc_campaign_format_user_date (const char *iso_date)
{
  g_autoptr(GDateTime) datetime = NULL;

  if (iso_date != NULL && crrc_campaigns_is_valid_date (iso_date))
    datetime = g_date_time_new_local ((int) g_ascii_strtoll (iso_date, NULL, 10),
                                      (int) g_ascii_strtoll (iso_date + 5, NULL, 10),
                                      (int) g_ascii_strtoll (iso_date + 8, NULL, 10), 12, 0, 0);
  else
    datetime = g_date_time_new_now_local ();

  /* TRANSLATORS: how a date is shown in a date field of the campaign
   * dialogs, see g_date_time_format(); French: "%d/%m/%Y". Dates are read
   * back as YYYY-MM-DD or DD/MM/YYYY. */
  return g_date_time_format (datetime, C_("date field", "%Y-%m-%d"));
}

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* The dialog shell */

typedef struct
{
  AdwWindow        *window;
  CrrcApplication  *application;
  GtkWidget        *primary;
  GtkWidget        *error_label;
  GtkWidget        *content;
  GWeakRef          owner;
  CrrcCampaignDialogDone done;
  gboolean          busy;
} Dialog;

static void
dialog_free (Dialog *dialog)
{
  g_clear_object (&dialog->application);
  g_weak_ref_clear (&dialog->owner);
  g_free (dialog);
}

static void
dialog_set_error (Dialog     *dialog,
                  const char *message)
{
  gtk_label_set_text (GTK_LABEL (dialog->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (dialog->error_label, message != NULL);
}

static void
dialog_finish (Dialog     *dialog,
               const char *id,
               const char *message)
{
  g_autoptr(GObject) owner = g_weak_ref_get (&dialog->owner);

  crrc_application_data_changed (dialog->application);
  if (owner != NULL && dialog->done != NULL)
    dialog->done (owner, id, message);
  gtk_window_destroy (GTK_WINDOW (dialog->window));
}

static gboolean
activate_primary_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  Dialog *dialog = user_data;

  if (!gtk_widget_is_sensitive (dialog->primary))
    return FALSE;
  gtk_widget_activate (dialog->primary);
  return TRUE;
}

static Dialog *
dialog_new (GtkWindow              *parent,
            CrrcApplication        *application,
            const char             *title,
            const char             *primary_label,
            CrrcCampaignDialogDone  done,
            GObject                *owner)
{
  Dialog *dialog = g_new0 (Dialog, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  /* No mnemonic: Escape closes, and Alt+letters stay for the fields. */
  GtkWidget *cancel = gtk_button_new_with_label (_("Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  dialog->window = ADW_WINDOW (adw_window_new ());
  dialog->application = g_object_ref (application);
  dialog->done = done;
  g_weak_ref_init (&dialog->owner, owner);
  g_object_set_data_full (G_OBJECT (dialog->window), "crrc-dialog", dialog, (GDestroyNotify) dialog_free);

  gtk_window_set_title (GTK_WINDOW (dialog->window), title);
  gtk_window_set_modal (GTK_WINDOW (dialog->window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (dialog->window), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog->window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (dialog->window), 520, -1);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_widget_set_tooltip_text (cancel, _("Close without saving (Escape)"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), dialog->window);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  dialog->primary = gtk_button_new_with_mnemonic (primary_label);
  gtk_widget_add_css_class (dialog->primary, "suggested-action");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), dialog->primary);
  gtk_box_append (GTK_BOX (box), header);

  dialog->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (dialog->content, 18);
  gtk_widget_set_margin_bottom (dialog->content, 18);
  gtk_widget_set_margin_start (dialog->content, 18);
  gtk_widget_set_margin_end (dialog->content, 18);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 600);
  adw_clamp_set_child (ADW_CLAMP (clamp), dialog->content);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  dialog->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (dialog->error_label), TRUE);
  /* The message may quote what was typed: a long word wraps too. */
  gtk_label_set_wrap_mode (GTK_LABEL (dialog->error_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (dialog->error_label), 0.0);
  gtk_widget_add_css_class (dialog->error_label, "error");
  gtk_widget_set_visible (dialog->error_label, FALSE);

  adw_window_set_content (dialog->window, box);
  gtk_window_set_default_widget (GTK_WINDOW (dialog->window), dialog->primary);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Escape"),
                                                          gtk_named_action_new ("window.close")));
  /* Ctrl+Enter validates from anywhere, a list included. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return"),
                                                          gtk_callback_action_new (activate_primary_cb, dialog,
                                                                                   NULL)));
  gtk_widget_add_controller (GTK_WIDGET (dialog->window), shortcuts);

  return dialog;
}

static Dialog *
dialog_of (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return root != NULL ? g_object_get_data (G_OBJECT (root), "crrc-dialog") : NULL;
}

static GtkWidget *
add_group (Dialog     *dialog,
           const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  /* A group's title and description are Pango markup in libadwaita 1.2,
   * and the title may be an establishment's name. */
  if (title != NULL)
    {
      g_autofree char *shown = crrc_display_text (title);
      g_autofree char *escaped = g_markup_escape_text (shown, -1);

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), escaped);
    }
  if (description != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (description, -1);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped);
    }
  gtk_box_append (GTK_BOX (dialog->content), group);

  return group;
}

static GtkWidget *
add_entry_row (GtkWidget  *group,
               const char *title,
               const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return row;
}

static GtkWidget *
add_combo_row (GtkWidget          *group,
               const char         *title,
               const char * const *labels,
               guint               selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  return row;
}

static void
dialog_add_error_label (Dialog *dialog)
{
  gtk_box_prepend (GTK_BOX (dialog->content), dialog->error_label);
}

static void
dialog_set_busy (Dialog   *dialog,
                 gboolean  busy)
{
  dialog->busy = busy;
  gtk_widget_set_sensitive (dialog->primary, !busy);
  gtk_widget_set_sensitive (dialog->content, !busy);
}

/* A date row: an entry row with a calendar in a popover beside it. */

static void
calendar_day_selected_cb (GtkCalendar *calendar,
                          GtkWidget   *row)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *iso = g_date_time_format (date, "%Y-%m-%d");
  g_autofree char *text = crrc_campaign_format_user_date (iso);
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
calendar_show_cb (GtkWidget *popover,
                  GtkWidget *row)
{
  GtkWidget *calendar = gtk_popover_get_child (GTK_POPOVER (popover));
  g_autofree char *iso = crrc_campaign_parse_user_date (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autoptr(GDateTime) date = NULL;

  if (iso == NULL)
    return;
  date = g_date_time_new_local ((int) g_ascii_strtoll (iso, NULL, 10), (int) g_ascii_strtoll (iso + 5, NULL, 10),
                                (int) g_ascii_strtoll (iso + 8, NULL, 10), 12, 0, 0);
  g_signal_handlers_block_by_func (calendar, calendar_day_selected_cb, row);
  gtk_calendar_select_day (GTK_CALENDAR (calendar), date);
  g_signal_handlers_unblock_by_func (calendar, calendar_day_selected_cb, row);
}

static GtkWidget *
add_date_row (GtkWidget  *group,
              const char *title,
              const char *iso_date)
{
  g_autofree char *text = crrc_campaign_format_user_date (iso_date);
  GtkWidget *row = add_entry_row (group, title, text);
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose in a Calendar"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose in a Calendar"), -1);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), row);
  g_signal_connect (popover, "show", G_CALLBACK (calendar_show_cb), row);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);

  return row;
}

/* Reads the date of @row, or says what is wrong with it. */
static char *
read_date (Dialog     *dialog,
           GtkWidget  *row,
           const char *what)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  char *iso = crrc_campaign_parse_user_date (text);

  if (iso == NULL)
    {
      g_autofree char *example = crrc_campaign_format_user_date ("2024-05-21");
      g_autofree char *message = NULL;

      if (*text == '\0')
        /* TRANSLATORS: %1$s names the field ("The start date"), %2$s is an
         * example date as the fields show them. */
        message = g_strdup_printf (_("%1$s is missing: write it as %2$s."), what, example);
      else
        /* TRANSLATORS: %1$s names the field ("The start date"), %2$s is
         * what was typed, %3$s an example date as the fields show them. */
        message = g_strdup_printf (_("%1$s “%2$s” is not a valid date: write it as %3$s."), what, text, example);
      dialog_set_error (dialog, message);
      gtk_widget_grab_focus (row);
    }

  return iso;
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AdwWindow) window = user_data;
  Dialog *dialog = g_object_get_data (G_OBJECT (window), "crrc-dialog");
  g_autoptr(GError) error = NULL;
  const char *id;
  const char *message;

  if (dialog == NULL)
    return;
  dialog_set_busy (dialog, FALSE);
  if (!crrc_store_write_finish (CRRC_STORE (source), result, &error))
    {
      dialog_set_error (dialog, error->message);
      return;
    }

  id = g_object_get_data (G_OBJECT (window), "crrc-result-id");
  message = g_object_get_data (G_OBJECT (window), "crrc-result-message");
  dialog_finish (dialog, id, message);
}

static void
dialog_write (Dialog             *dialog,
              CrrcStoreWriteFunc  func,
              gpointer            data,
              GDestroyNotify      data_free)
{
  CrrcStore *store = crrc_application_get_store (dialog->application);

  if (store == NULL)
    {
      if (data_free != NULL)
        data_free (data);
      dialog_set_error (dialog, _("The cache is not open: nothing can be saved."));
      return;
    }

  dialog_set_error (dialog, NULL);
  dialog_set_busy (dialog, TRUE);
  crrc_store_write_async (store, func, data, data_free, NULL, write_done_cb, g_object_ref (dialog->window));
}

/* New campaign */

typedef struct
{
  char      *name;
  char      *region;
  char      *sector;
  char      *start;
  char      *due;
  AdwWindow *window;   /* where the new id goes; not a reference: the
                        * write holds one on it (write_done_cb) */
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->name);
  g_free (data->region);
  g_free (data->sector);
  g_free (data->start);
  g_free (data->due);
  g_free (data);
}

static gboolean
create_write (CrrcStore     *store,
              gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  CreateData *data = user_data;
  char *id = crrc_campaigns_create (store, data->name, data->region, data->sector, data->start, data->due, error);

  if (id == NULL)
    return FALSE;
  /* Read on the main thread once the write is over (write_done_cb). */
  g_object_set_data_full (G_OBJECT (data->window), "crrc-result-id", id, g_free);
  return TRUE;
}

static void
create_clicked_cb (GtkWidget *button)
{
  Dialog *dialog = dialog_of (button);
  GtkWidget *name_row = g_object_get_data (G_OBJECT (dialog->window), "name-row");
  GtkWidget *region_row = g_object_get_data (G_OBJECT (dialog->window), "region-row");
  GtkWidget *sector_row = g_object_get_data (G_OBJECT (dialog->window), "sector-row");
  GtkWidget *start_row = g_object_get_data (G_OBJECT (dialog->window), "start-row");
  GtkWidget *due_row = g_object_get_data (G_OBJECT (dialog->window), "due-row");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (name_row))));
  g_autofree char *start = NULL;
  g_autofree char *due = NULL;
  const CrrcRegion *regions;
  guint n_regions, region;
  CreateData *data;

  if (dialog->busy)
    return;
  if (*name == '\0')
    {
      dialog_set_error (dialog, _("The campaign needs a name."));
      gtk_widget_grab_focus (name_row);
      return;
    }
  if ((start = read_date (dialog, start_row, _("The start date"))) == NULL
      || (due = read_date (dialog, due_row, _("The due date"))) == NULL)
    return;
  if (strcmp (due, start) < 0)
    {
      dialog_set_error (dialog, _("The due date is before the start date."));
      gtk_widget_grab_focus (due_row);
      return;
    }

  regions = crrc_geo_get_regions (&n_regions);
  region = adw_combo_row_get_selected (ADW_COMBO_ROW (region_row));
  g_return_if_fail (region < n_regions);

  data = g_new0 (CreateData, 1);
  data->name = g_steal_pointer (&name);
  data->region = g_strdup (regions[region].code);
  data->sector = g_strdup (adw_combo_row_get_selected (ADW_COMBO_ROW (sector_row)) == 0 ? "medico_social"
                                                                                        : "sanitaire");
  data->start = g_steal_pointer (&start);
  data->due = g_steal_pointer (&due);
  data->window = dialog->window;
  g_object_set_data_full (G_OBJECT (dialog->window), "crrc-result-message",
                          g_strdup_printf (_("Campaign “%s” created"), data->name), g_free);
  dialog_write (dialog, create_write, data, (GDestroyNotify) create_data_free);
}

GtkWindow *
crrc_campaign_dialog_create (GtkWindow              *parent,
                             CrrcApplication        *application,
                             CrrcCampaignDialogDone  done,
                             GObject                *owner)
{
  Dialog *dialog;
  GtkWidget *group;
  GtkWidget *row;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *centre_region = g_settings_get_string (settings, "region");
  g_autoptr(GPtrArray) region_names = g_ptr_array_new ();
  const char *sector_labels[] = { _("Medico-social"), _("Health"), NULL };
  const CrrcRegion *regions;
  guint n_regions, selected = 0;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_months (now, 6);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *due = g_date_time_format (later, "%Y-%m-%d");

  g_return_val_if_fail (CRRC_IS_APPLICATION (application), NULL);

  dialog = dialog_new (parent, application, _("New Campaign"), _("C_reate"), done, owner);
  g_signal_connect (dialog->primary, "clicked", G_CALLBACK (create_clicked_cb), NULL);

  group = add_group (dialog, NULL, _("A campaign of your own: its targets and their stages stay on this "
                                     "computer until you export your work."));
  row = add_entry_row (group, _("_Name"), NULL);
  g_object_set_data (G_OBJECT (dialog->window), "name-row", row);

  regions = crrc_geo_get_regions (&n_regions);
  for (guint i = 0; i < n_regions; i++)
    {
      g_ptr_array_add (region_names, (gpointer) regions[i].name);
      if (g_strcmp0 (regions[i].code, centre_region) == 0)
        selected = i;
    }
  g_ptr_array_add (region_names, NULL);
  row = add_combo_row (group, _("_Region"), (const char * const *) region_names->pdata, selected);
  g_object_set_data (G_OBJECT (dialog->window), "region-row", row);
  row = add_combo_row (group, _("_Sector"), sector_labels, 0);
  g_object_set_data (G_OBJECT (dialog->window), "sector-row", row);

  group = add_group (dialog, _("Dates"), NULL);
  row = add_date_row (group, _("S_tart"), today);
  g_object_set_data (G_OBJECT (dialog->window), "start-row", row);
  row = add_date_row (group, _("_Due"), due);
  g_object_set_data (G_OBJECT (dialog->window), "due-row", row);
  dialog_add_error_label (dialog);

  gtk_window_present (GTK_WINDOW (dialog->window));
  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (dialog->window), "name-row"));

  return GTK_WINDOW (dialog->window);
}

/* Move a target */

typedef struct
{
  char              *campaign_id;
  char              *finess;
  CrrcCampaignStage  stage;
  char              *date;
  char              *comment;
} MoveData;

static void
move_data_free (MoveData *data)
{
  g_free (data->campaign_id);
  g_free (data->finess);
  g_free (data->date);
  g_free (data->comment);
  g_free (data);
}

static gboolean
move_write (CrrcStore     *store,
            gpointer       user_data,
            GCancellable  *cancellable,
            GError       **error)
{
  MoveData *data = user_data;

  return crrc_campaigns_move_target (store, data->campaign_id, data->finess, data->stage, data->date,
                                     data->comment, error);
}

static void
move_clicked_cb (GtkWidget *button)
{
  Dialog *dialog = dialog_of (button);
  GtkWidget **checks = g_object_get_data (G_OBJECT (dialog->window), "stage-checks");
  GtkWidget *date_row = g_object_get_data (G_OBJECT (dialog->window), "date-row");
  GtkWidget *comment_row = g_object_get_data (G_OBJECT (dialog->window), "comment-row");
  g_autofree char *date = NULL;
  int stage = -1;
  MoveData *data;

  if (dialog->busy)
    return;
  for (int i = 0; i < CRRC_CAMPAIGN_N_STAGES; i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (checks[i])))
      stage = i;
  if (stage < 0)
    {
      dialog_set_error (dialog, _("Choose the stage the establishment is at."));
      return;
    }
  if ((date = read_date (dialog, date_row, _("The date"))) == NULL)
    return;

  data = g_new0 (MoveData, 1);
  data->campaign_id = g_strdup (g_object_get_data (G_OBJECT (dialog->window), "campaign-id"));
  data->finess = g_strdup (g_object_get_data (G_OBJECT (dialog->window), "finess"));
  data->stage = stage;
  data->date = g_steal_pointer (&date);
  data->comment = g_strdup (gtk_editable_get_text (GTK_EDITABLE (comment_row)));
  g_object_set_data_full (G_OBJECT (dialog->window), "crrc-result-id", g_strdup (data->campaign_id), g_free);
  g_object_set_data_full (G_OBJECT (dialog->window), "crrc-result-message",
                          g_strdup_printf (_("Moved to “%s”"), crrc_campaign_stage_get_label (data->stage)),
                          g_free);
  dialog_write (dialog, move_write, data, (GDestroyNotify) move_data_free);
}

/* The target's history, read on a worker, shown under the fields. */

typedef struct
{
  CrrcStore *store;
  char      *campaign_id;
  char      *finess;
} HistoryData;

static void
history_data_free (HistoryData *data)
{
  g_clear_object (&data->store);
  g_free (data->campaign_id);
  g_free (data->finess);
  g_free (data);
}

static void
history_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  HistoryData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (data->store, &error);
  GPtrArray *history = NULL;

  if (reader != NULL)
    history = crrc_campaigns_stage_history (reader, data->campaign_id, data->finess, &error);
  if (history == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, history, (GDestroyNotify) g_ptr_array_unref);
}

static void
history_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AdwWindow) window = user_data;
  Dialog *dialog = g_object_get_data (G_OBJECT (window), "crrc-dialog");
  g_autoptr(GPtrArray) history = g_task_propagate_pointer (G_TASK (result), NULL);
  GtkWidget *group;

  if (dialog == NULL || history == NULL || history->len == 0)
    return;

  group = add_group (dialog, _("History"), NULL);
  for (guint i = 0; i < history->len; i++)
    {
      CrrcCampaignStageChange *change = g_ptr_array_index (history, i);
      g_autofree char *date = change->date != NULL ? crrc_campaign_format_date (change->date) : g_strdup ("—");
      g_autofree char *subtitle = NULL;
      g_autofree char *shown = NULL;
      GtkWidget *row = adw_action_row_new ();

      if (!change->local)
        subtitle = g_strdup_printf (_("%s · synced data"), date);
      else if (change->id == 0)
        subtitle = g_strdup_printf (_("%s · added on this computer"), date);
      else if (change->comment != NULL)
        subtitle = g_strdup_printf (_("%s · on this computer · “%s”"), date, change->comment);
      else
        subtitle = g_strdup_printf (_("%s · on this computer"), date);

      shown = crrc_display_text (subtitle);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crrc_campaign_stage_get_label (change->stage));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown);
      if (change->local)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("document-edit-symbolic");

          gtk_widget_add_css_class (icon, "accent");
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          C_("made on this computer", "Local"), -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

GtkWindow *
crrc_campaign_dialog_move_target (GtkWindow              *parent,
                                  CrrcApplication        *application,
                                  const char             *campaign_id,
                                  const char             *finess,
                                  const char             *name,
                                  int                     current_stage,
                                  CrrcCampaignDialogDone  done,
                                  GObject                *owner)
{
  Dialog *dialog;
  GtkWidget *group;
  GtkWidget *row;
  GtkWidget **checks = g_new0 (GtkWidget *, CRRC_CAMPAIGN_N_STAGES);
  GtkWidget *chosen_row = NULL;
  g_autofree char *today = today_iso ();
  int proposed;

  g_return_val_if_fail (CRRC_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (campaign_id != NULL, NULL);
  g_return_val_if_fail (finess != NULL, NULL);

  dialog = dialog_new (parent, application, _("Move to Stage"), _("_Move"), done, owner);
  gtk_window_set_default_size (GTK_WINDOW (dialog->window), 520, 720);
  g_object_set_data_full (G_OBJECT (dialog->window), "campaign-id", g_strdup (campaign_id), g_free);
  g_object_set_data_full (G_OBJECT (dialog->window), "finess", g_strdup (finess), g_free);
  g_object_set_data_full (G_OBJECT (dialog->window), "stage-checks", checks, g_free);
  g_signal_connect (dialog->primary, "clicked", G_CALLBACK (move_clicked_cb), NULL);

  /* The next stage is the likely one. */
  proposed = current_stage < 0 ? CRRC_CAMPAIGN_STAGE_TARGETED : MIN (current_stage + 1, CRRC_CAMPAIGN_N_STAGES - 1);

  /* The name comes from the data: add_group() escapes it. */
  group = add_group (dialog, name != NULL ? name : finess,
                     _("The new stage is kept on this computer and shown over the synced one; "
                       "no sync changes it."));
  for (int i = 0; i < CRRC_CAMPAIGN_N_STAGES; i++)
    {
      g_autofree char *number = g_strdup_printf ("%d", i + 1);
      GtkWidget *step = gtk_label_new (number);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crrc_campaign_stage_get_label (i));
      checks[i] = gtk_check_button_new ();
      gtk_widget_set_valign (checks[i], GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (checks[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      crrc_campaign_stage_get_label (i), -1);
      if (i > 0)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (checks[i]), GTK_CHECK_BUTTON (checks[0]));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (checks[i]), i == proposed);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), checks[i]);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), checks[i]);
      gtk_widget_add_css_class (step, "dim-label");
      gtk_widget_add_css_class (step, "numeric");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), step);
      if (i == current_stage)
        {
          GtkWidget *current = gtk_label_new (_("Current stage"));

          gtk_widget_add_css_class (current, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), current);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      if (i == proposed)
        chosen_row = row;
    }

  group = add_group (dialog, NULL, NULL);
  row = add_entry_row (group, _("Comm_ent (optional)"), NULL);
  g_object_set_data (G_OBJECT (dialog->window), "comment-row", row);
  row = add_date_row (group, _("_Date"), today);
  g_object_set_data (G_OBJECT (dialog->window), "date-row", row);
  dialog_add_error_label (dialog);

  if (crrc_application_get_store (application) != NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, history_done_cb, g_object_ref (dialog->window));
      HistoryData *data = g_new0 (HistoryData, 1);

      data->store = g_object_ref (crrc_application_get_store (application));
      data->campaign_id = g_strdup (campaign_id);
      data->finess = g_strdup (finess);
      g_task_set_source_tag (task, crrc_campaign_dialog_move_target);
      g_task_set_name (task, "[crrc] stage history");
      g_task_set_task_data (task, data, (GDestroyNotify) history_data_free);
      g_task_run_in_thread (task, history_thread);
    }

  gtk_window_present (GTK_WINDOW (dialog->window));
  gtk_widget_grab_focus (chosen_row);

  return GTK_WINDOW (dialog->window);
}

/* Add targets from a search */

typedef struct
{
  GtkWidget   *search;
  GtkWidget   *scope_check;
  GtkWidget   *status;
  GtkWidget   *list;
  GHashTable  *targeted;   /* FINESS numbers already in the campaign */
  GHashTable  *chosen;     /* FINESS number → name */
  char        *campaign_id;
  char        *region;
  char        *sector;
  guint        generation;
} AddState;

static void
add_state_free (AddState *state)
{
  g_hash_table_unref (state->targeted);
  g_hash_table_unref (state->chosen);
  g_free (state->campaign_id);
  g_free (state->region);
  g_free (state->sector);
  g_free (state);
}

typedef struct
{
  CrrcStore                *store;
  CrrcEstablishmentsFilter *filter;
  guint                     generation;
  gint64                    count;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_clear_object (&data->store);
  crrc_establishments_filter_free (data->filter);
  g_free (data);
}

#define SEARCH_LIMIT 100

static void
search_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (data->store, &error);
  GPtrArray *rows = NULL;

  if (reader != NULL && crrc_establishments_count (reader, data->filter, &data->count, &error))
    rows = crrc_establishments_fetch (reader, data->filter, CRRC_ESTABLISHMENTS_SORT_NAME, FALSE, 0,
                                      SEARCH_LIMIT, &error);
  if (rows == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

static void
update_add_button (Dialog   *dialog,
                   AddState *state)
{
  guint n = g_hash_table_size (state->chosen);
  g_autofree char *label = NULL;

  if (n == 0)
    label = g_strdup (_("_Add"));
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Add %u", "_Add %u", n), n);
  gtk_button_set_label (GTK_BUTTON (dialog->primary), label);
  gtk_widget_set_sensitive (dialog->primary, n > 0 && !dialog->busy);
}

static void
result_toggled_cb (GtkCheckButton *check,
                   GtkWidget      *row)
{
  Dialog *dialog = dialog_of (row);
  AddState *state;
  const char *finess = g_object_get_data (G_OBJECT (row), "finess");

  if (dialog == NULL)
    return;
  state = g_object_get_data (G_OBJECT (dialog->window), "add-state");
  if (gtk_check_button_get_active (check))
    g_hash_table_insert (state->chosen, g_strdup (finess),
                         g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))));
  else
    g_hash_table_remove (state->chosen, finess);
  update_add_button (dialog, state);
}

static GtkWidget *
result_row_new (AddState              *state,
                CrrcEstablishmentsRow *result)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *number = crrc_finess_format (result->finess);
  const CrrcDepartment *department = crrc_geo_lookup_department (result->department);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s", number,
                                               result->category_label != NULL ? result->category_label : "—",
                                               department != NULL ? department->name : result->department);
  gboolean targeted = g_hash_table_contains (state->targeted, result->finess);
  g_autofree char *shown_name = crrc_display_text (result->name);
  g_autofree char *shown_subtitle = crrc_display_text (subtitle);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown_subtitle);
  g_object_set_data_full (G_OBJECT (row), "finess", g_strdup (result->finess), g_free);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, shown_name, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);

  if (targeted)
    {
      GtkWidget *label = gtk_label_new (_("Already targeted"));

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_sensitive (row, FALSE);
    }
  else
    {
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (state->chosen, result->finess));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect (check, "toggled", G_CALLBACK (result_toggled_cb), row);
    }

  return row;
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AdwWindow) window = user_data;
  Dialog *dialog = g_object_get_data (G_OBJECT (window), "crrc-dialog");
  AddState *state = g_object_get_data (G_OBJECT (window), "add-state");
  SearchData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  rows = g_task_propagate_pointer (G_TASK (result), &error);
  if (dialog == NULL || state == NULL || data->generation != state->generation)
    return;

  while ((child = gtk_widget_get_first_child (state->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (state->list), child);

  if (rows == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The registry could not be searched: %s"), error->message);

      gtk_label_set_text (GTK_LABEL (state->status), text);
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (state->list), result_row_new (state, g_ptr_array_index (rows, i)));
  gtk_widget_set_visible (state->list, rows->len > 0);

  {
    g_autofree char *count = crrc_format_count (data->count);
    g_autofree char *shown = crrc_format_count (rows->len);
    g_autofree char *text = NULL;

    if (data->count == 0)
      text = g_strdup (_("No establishment matches this search."));
    else if ((gint64) rows->len < data->count)
      text = g_strdup_printf (_("%s establishments match: the first %s are shown; type more of a name to narrow."),
                              count, shown);
    else
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s establishment matches.",
                                           "%s establishments match.", (gulong) data->count), count);
    gtk_label_set_text (GTK_LABEL (state->status), text);
  }
}

static void
run_search (Dialog   *dialog,
            AddState *state)
{
  CrrcStore *store = crrc_application_get_store (dialog->application);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (state->search));
  g_autoptr(GTask) task = NULL;
  SearchData *data;

  state->generation++;
  if (store == NULL)
    return;

  data = g_new0 (SearchData, 1);
  data->store = g_object_ref (store);
  data->generation = state->generation;
  data->filter = crrc_establishments_filter_new ();
  data->filter->text = *text != '\0' ? g_strdup (text) : NULL;
  data->filter->open = CRRC_ESTABLISHMENTS_YES;
  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (state->scope_check)))
    {
      data->filter->region = g_strdup (state->region);
      data->filter->sector = g_strdup (state->sector);
    }

  task = g_task_new (NULL, NULL, search_done_cb, g_object_ref (dialog->window));
  g_task_set_source_tag (task, run_search);
  g_task_set_name (task, "[crrc] campaign target search");
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  g_task_run_in_thread (task, search_thread);
}

static void
search_changed_cb (GtkWidget *widget)
{
  Dialog *dialog = dialog_of (widget);

  if (dialog != NULL)
    run_search (dialog, g_object_get_data (G_OBJECT (dialog->window), "add-state"));
}

/* Enter in the search: the first result not yet targeted is chosen. */
static void
search_activate_cb (GtkWidget *widget)
{
  Dialog *dialog = dialog_of (widget);
  AddState *state;

  if (dialog == NULL)
    return;
  state = g_object_get_data (G_OBJECT (dialog->window), "add-state");
  for (GtkWidget *row = gtk_widget_get_first_child (state->list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_sensitive (row) && ADW_IS_ACTION_ROW (row))
      {
        gtk_widget_activate (row);
        return;
      }
}

typedef struct
{
  char  *campaign_id;
  GStrv  finess;
  guint  added;
  guint  skipped;
} AddData;

static void
add_data_free (AddData *data)
{
  g_free (data->campaign_id);
  g_strfreev (data->finess);
  g_free (data);
}

static gboolean
add_write (CrrcStore     *store,
           gpointer       user_data,
           GCancellable  *cancellable,
           GError       **error)
{
  AddData *data = user_data;

  return crrc_campaigns_add_targets (store, data->campaign_id, (const char * const *) data->finess,
                                     &data->added, &data->skipped, error);
}

static void
add_clicked_cb (GtkWidget *button)
{
  Dialog *dialog = dialog_of (button);
  AddState *state = g_object_get_data (G_OBJECT (dialog->window), "add-state");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer finess;
  AddData *data;
  guint n = g_hash_table_size (state->chosen);
  g_autofree char *count = crrc_format_count (n);

  if (dialog->busy || n == 0)
    return;

  g_hash_table_iter_init (&iter, state->chosen);
  while (g_hash_table_iter_next (&iter, &finess, NULL))
    g_strv_builder_add (builder, finess);

  data = g_new0 (AddData, 1);
  data->campaign_id = g_strdup (state->campaign_id);
  data->finess = g_strv_builder_end (builder);
  g_object_set_data_full (G_OBJECT (dialog->window), "crrc-result-id", g_strdup (state->campaign_id), g_free);
  g_object_set_data_full (G_OBJECT (dialog->window), "crrc-result-message",
                          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s establishment added to the campaign",
                                                        "%s establishments added to the campaign", n),
                                           count),
                          g_free);
  dialog_write (dialog, add_write, data, (GDestroyNotify) add_data_free);
}

GtkWindow *
crrc_campaign_dialog_add_targets (GtkWindow              *parent,
                                  CrrcApplication        *application,
                                  const CrrcCampaign     *campaign,
                                  const char * const     *targeted,
                                  CrrcCampaignDialogDone  done,
                                  GObject                *owner)
{
  Dialog *dialog;
  AddState *state;
  const CrrcRegion *region;
  g_autofree char *scope = NULL;
  GtkWidget *scrolled;

  g_return_val_if_fail (CRRC_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (campaign != NULL, NULL);

  dialog = dialog_new (parent, application, _("Add Establishments"), _("_Add"), done, owner);
  gtk_window_set_default_size (GTK_WINDOW (dialog->window), 560, 640);
  g_signal_connect (dialog->primary, "clicked", G_CALLBACK (add_clicked_cb), NULL);

  state = g_new0 (AddState, 1);
  state->targeted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state->chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  state->campaign_id = g_strdup (campaign->id);
  state->region = g_strdup (campaign->region);
  state->sector = g_strdup (campaign->sector);
  for (guint i = 0; targeted != NULL && targeted[i] != NULL; i++)
    g_hash_table_add (state->targeted, g_strdup (targeted[i]));
  g_object_set_data_full (G_OBJECT (dialog->window), "add-state", state, (GDestroyNotify) add_state_free);

  state->search = gtk_search_entry_new ();
  g_object_set (state->search, "placeholder-text", _("Name, FINESS number or commune"), NULL);
  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (state->search), 150);
  gtk_accessible_update_property (GTK_ACCESSIBLE (state->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search establishments"), -1);
  g_signal_connect (state->search, "search-changed", G_CALLBACK (search_changed_cb), NULL);
  g_signal_connect (state->search, "activate", G_CALLBACK (search_activate_cb), NULL);
  gtk_box_append (GTK_BOX (dialog->content), state->search);

  region = crrc_geo_lookup_region (campaign->region);
  /* TRANSLATORS: %1$s is a region ("Bretagne"), %2$s a sector ("Medico-social") */
  scope = g_strdup_printf (_("_Only open establishments of %1$s, sector %2$s"),
                           region != NULL ? region->name : campaign->region,
                           crrc_campaign_sector_label (campaign->sector));
  state->scope_check = gtk_check_button_new_with_mnemonic (scope);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (state->scope_check), TRUE);
  g_signal_connect (state->scope_check, "toggled", G_CALLBACK (search_changed_cb), NULL);
  gtk_box_append (GTK_BOX (dialog->content), state->scope_check);

  state->status = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (state->status), 0.0);
  gtk_label_set_wrap (GTK_LABEL (state->status), TRUE);
  gtk_widget_add_css_class (state->status, "dim-label");
  gtk_box_append (GTK_BOX (dialog->content), state->status);

  state->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (state->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (state->list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (state->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Establishments found"), -1);
  scrolled = gtk_widget_get_ancestor (dialog->content, GTK_TYPE_SCROLLED_WINDOW);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), FALSE);
  gtk_box_append (GTK_BOX (dialog->content), state->list);
  dialog_add_error_label (dialog);
  update_add_button (dialog, state);

  gtk_window_present (GTK_WINDOW (dialog->window));
  gtk_widget_grab_focus (state->search);
  run_search (dialog, state);

  return GTK_WINDOW (dialog->window);
}

/* Add every establishment of a filter */

typedef struct
{
  char                     *campaign_id;
  CrrcEstablishmentsFilter *filter;
  guint                     added;
  guint                     skipped;
  AdwWindow                *window;
} MatchingData;

static void
matching_data_free (MatchingData *data)
{
  g_free (data->campaign_id);
  crrc_establishments_filter_free (data->filter);
  g_free (data);
}

static gboolean
matching_write (CrrcStore     *store,
                gpointer       user_data,
                GCancellable  *cancellable,
                GError       **error)
{
  MatchingData *data = user_data;
  g_autofree char *added = NULL;
  g_autofree char *skipped = NULL;
  char *message;

  if (!crrc_campaigns_add_matching (store, data->campaign_id, data->filter, &data->added, &data->skipped, error))
    return FALSE;

  added = crrc_format_count (data->added);
  skipped = crrc_format_count (data->skipped);
  if (data->skipped > 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%s establishment added to the campaign (%s already targeted)",
                                            "%s establishments added to the campaign (%s already targeted)",
                                            data->added),
                               added, skipped);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s establishment added to the campaign",
                                            "%s establishments added to the campaign", data->added),
                               added);
  /* Read on the main thread once the write is over. */
  g_object_set_data_full (G_OBJECT (data->window), "crrc-result-message", message, g_free);
  return TRUE;
}

static void
campaigns_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CrrcStore *store = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (store, &error);
  GPtrArray *campaigns = reader != NULL ? crrc_campaigns_list (reader, NULL, &error) : NULL;

  if (campaigns == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, campaigns, (GDestroyNotify) g_ptr_array_unref);
}

static void
campaigns_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AdwWindow) window = user_data;
  Dialog *dialog = g_object_get_data (G_OBJECT (window), "crrc-dialog");
  GtkWidget *row = g_object_get_data (G_OBJECT (window), "campaign-row");
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gboolean found = FALSE;

  campaigns = g_task_propagate_pointer (G_TASK (result), &error);
  if (dialog == NULL || row == NULL)
    return;
  if (campaigns == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The campaigns could not be read: %s"), error->message);

      dialog_set_error (dialog, text);
      return;
    }
  if (campaigns->len == 0)
    {
      dialog_set_error (dialog, _("There is no campaign yet: create one on the Campaigns page first."));
      gtk_widget_set_sensitive (row, FALSE);
      return;
    }

  for (guint i = 0; i < campaigns->len; i++)
    {
      CrrcCampaign *campaign = g_ptr_array_index (campaigns, i);
      /* The combo row shows its items as plain text. */
      g_autofree char *shown = crrc_display_text (campaign->name);

      gtk_string_list_append (names, shown);
      g_ptr_array_add (ids, g_strdup (campaign->id));
    }
  g_object_set_data_full (G_OBJECT (window), "campaign-ids", g_steal_pointer (&ids), (GDestroyNotify) g_ptr_array_unref);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  /* The analyst's own running campaign is the likely one, else a running one. */
  for (guint pass = 0; pass < 2 && !found; pass++)
    for (guint i = 0; i < campaigns->len && !found; i++)
      {
        CrrcCampaign *campaign = g_ptr_array_index (campaigns, i);

        if (!campaign->finished && (pass == 1 || campaign->local))
          {
            adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
            found = TRUE;
          }
      }
  gtk_widget_set_sensitive (row, TRUE);
  gtk_widget_set_sensitive (dialog->primary, TRUE);
  gtk_widget_grab_focus (row);
}

static void
matching_clicked_cb (GtkWidget *button)
{
  Dialog *dialog = dialog_of (button);
  GtkWidget *row = g_object_get_data (G_OBJECT (dialog->window), "campaign-row");
  GPtrArray *ids = g_object_get_data (G_OBJECT (dialog->window), "campaign-ids");
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));
  MatchingData *data;

  if (dialog->busy || ids == NULL || selected >= ids->len)
    return;

  data = g_new0 (MatchingData, 1);
  data->campaign_id = g_strdup (g_ptr_array_index (ids, selected));
  data->filter = crrc_establishments_filter_copy (g_object_get_data (G_OBJECT (dialog->window), "filter"));
  data->window = dialog->window;
  g_object_set_data_full (G_OBJECT (dialog->window), "crrc-result-id", g_strdup (data->campaign_id), g_free);
  dialog_write (dialog, matching_write, data, (GDestroyNotify) matching_data_free);
}

GtkWindow *
crrc_campaign_dialog_add_matching (GtkWindow                      *parent,
                                   CrrcApplication                *application,
                                   const CrrcEstablishmentsFilter *filter,
                                   gint64                          count,
                                   CrrcCampaignDialogDone          done,
                                   GObject                        *owner)
{
  Dialog *dialog;
  GtkWidget *group;
  GtkWidget *row;
  g_autofree char *number = crrc_format_count (count);
  g_autofree char *description = NULL;
  const char *none[] = { _("Loading…"), NULL };
  CrrcStore *store;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (CRRC_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  dialog = dialog_new (parent, application, _("Add to a Campaign"), _("_Add"), done, owner);
  g_object_set_data_full (G_OBJECT (dialog->window), "filter", crrc_establishments_filter_copy (filter),
                          (GDestroyNotify) crrc_establishments_filter_free);
  g_signal_connect (dialog->primary, "clicked", G_CALLBACK (matching_clicked_cb), NULL);
  gtk_widget_set_sensitive (dialog->primary, FALSE);

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The %s establishment of the list (this search and these filters) "
                                              "is added to the campaign you choose; one already targeted is skipped.",
                                              "The %s establishments of the list (this search and these filters) "
                                              "are added to the campaign you choose; those already targeted are "
                                              "skipped.",
                                              (gulong) count),
                                 number);
  group = add_group (dialog, NULL, description);
  row = add_combo_row (group, _("_Campaign"), none, 0);
  gtk_widget_set_sensitive (row, FALSE);
  g_object_set_data (G_OBJECT (dialog->window), "campaign-row", row);
  dialog_add_error_label (dialog);

  store = crrc_application_get_store (application);
  if (store != NULL)
    {
      task = g_task_new (NULL, NULL, campaigns_done_cb, g_object_ref (dialog->window));
      g_task_set_source_tag (task, crrc_campaign_dialog_add_matching);
      g_task_set_name (task, "[crrc] campaigns for the list");
      g_task_set_task_data (task, g_object_ref (store), g_object_unref);
      g_task_run_in_thread (task, campaigns_thread);
    }
  else
    {
      dialog_set_error (dialog, _("The cache is not open: nothing can be saved."));
    }

  gtk_window_present (GTK_WINDOW (dialog->window));
  gtk_widget_grab_focus (row);

  return GTK_WINDOW (dialog->window);
}
