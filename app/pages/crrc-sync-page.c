/* crrc-sync-page.c: the Synchronisation page
 *
 * The page has two parts. Above, the feeds: the configured feed's address,
 * Sync Now, and one row per feed with its state, read from the cache
 * (crrc_feed_state_load_async()) and refreshed from each sync's report.
 * A sync runs the engine of the command line (crrc_sync_run_async()) and
 * can be cancelled; whatever a feed had not committed stays as it was.
 *
 * Below, files: the analyst picks a FINESS extract, a FiNESS+ file or
 * CERT-FR bulletins, the import runs in a worker thread with the same code
 * as the command line (crrc_import_file_async()), and its report is shown
 * afterwards.
 *
 * Imports, syncs and reading the feeds' state all use the one connection
 * of the store, from a worker thread: the page runs one of them at a time
 * (crrc_sync_page_get_busy()).
 *
 * Everything that comes from a file or a feed (names, addresses, rejected
 * records, error messages quoting them) is shown as plain text: rows are
 * told not to read markup, values go into GtkLabels, and the markup-only
 * texts, the toast's title and the feeds group's description, are escaped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-sync-page"

#include "config.h"

#include <glib/gi18n.h>

#include "crrc-demo.h"
#include "crrc-display-text.h"
#include "crrc-feed-records.h"
#include "crrc-feed-state.h"
#include "crrc-feed-url.h"
#include "crrc-format.h"
#include "crrc-import.h"
#include "crrc-sync.h"
#include "crrc-sync-page.h"
#include "crrc-toast.h"

/* Enough rejected records to see a pattern, few enough for a list of rows;
 * the report counts all of them. */
#define MAX_REJECT_ROWS 200

/* How often the progress bar moves while a sync waits for the network. */
#define PULSE_INTERVAL_MS 250

/* What the last sync of this session said about one feed, beyond what the
 * cache keeps in feed_state. */
typedef struct
{
  CrrcFeedOutcome  outcome;
  guint            records;
  guint            added;
  guint            updated;
  guint            deleted;
  guint            rejected;
  guint            http_status;
  char            *error;
  GPtrArray       *rejects;  /* of CrrcFeedReject, at most MAX_REJECT_ROWS */
} FeedRun;

/* One feed's expander row and the rows inside it. */
typedef struct
{
  char           *feed;
  AdwExpanderRow *row;
  GtkImage       *icon;
  GtkLabel       *records_value;
  AdwActionRow   *run_row;
  AdwActionRow   *http_row;
  GtkLabel       *http_value;
  AdwActionRow   *success_row;
  GtkLabel       *success_value;
  AdwActionRow   *attempt_row;
  GtkLabel       *attempt_value;
  AdwActionRow   *postponed_row;
  GtkLabel       *postponed_value;
  AdwActionRow   *error_row;
  AdwActionRow   *rejects_row;
  GtkLabel       *rejects_value;
  GPtrArray      *reject_rows;
} FeedRow;

struct _CrrcSyncPage
{
  AdwBin                parent_instance;

  CrrcApplication      *application;  /* weak */
  gulong                store_handler;
  GtkFileChooserNative *chooser;

  /* The import running, if any: its cancellable, its file, and a number
   * that tells its progress reports from those of an earlier import. */
  GCancellable         *cancellable;
  GFile                *file;
  guint                 generation;

  /* Rows added to rejects_row for the last report. */
  GPtrArray            *reject_rows;

  gboolean              disposed;

  /* The configured feed: its base URL and the `source` of its rows, or
   * NULL when none is configured. */
  GSettings            *settings;
  char                 *feed_url;
  char                 *source;
  gboolean              network_available;
  /* No feed is configured and the demonstration data is shown: feed_url
   * is the demonstration feed's. */
  gboolean              demo;
  /* The first sync of the demonstration data was started this session. */
  gboolean              demo_started;

  /* Removing the demonstration data, if running. */
  GCancellable         *remove_cancellable;

  /* The sync running, if any. */
  CrrcSync             *sync;
  GCancellable         *sync_cancellable;
  char                 *sync_source;
  gboolean              sync_automatic;
  guint                 pulse_id;
  /* The feed being read and how many were reached: with the number of
   * feeds the cache knows, how far the sync is. */
  char                 *progress_feed;
  guint                 progress_n_feeds;

  /* Reading feed_state: the read running, whether another is wanted once
   * the store is free, and the source of the rows shown. */
  GCancellable         *load_cancellable;
  char                 *loading_source;
  gboolean              load_pending;
  char                 *loaded_source;
  GPtrArray            *states;     /* of CrrcFeedState, as last read */
  GHashTable           *runs;       /* feed name → FeedRun of the last sync */
  GPtrArray            *feed_rows;  /* of FeedRow, in display order */
  GDateTime            *last_success;
  GDateTime            *last_attempt;

  /* Last values notified. */
  gboolean              was_busy;
  gboolean              was_syncing;
  gboolean              could_sync;

  /* Template widgets: feeds */
  AdwPreferencesGroup  *feeds_group;
  GtkButton            *sync_button;
  GtkButton            *configure_button;
  GtkListBox           *status_list;
  AdwActionRow         *offline_row;
  AdwActionRow         *sync_error_row;
  AdwPreferencesRow    *sync_progress_row;
  GtkLabel             *sync_progress_label;
  GtkProgressBar       *sync_progress_bar;
  GtkButton            *sync_cancel_button;
  GtkListBox           *feeds_list;
  AdwActionRow         *never_row;

  /* Template widgets: files */
  GtkButton            *import_button;
  GtkListBox           *progress_list;
  GtkLabel             *progress_file_label;
  GtkProgressBar       *progress_bar;
  GtkButton            *cancel_button;
  AdwPreferencesGroup  *summary_group;
  AdwActionRow         *status_row;
  GtkImage             *status_icon;
  GtkLabel             *file_value;
  AdwActionRow         *format_row;
  GtkLabel             *format_value;
  AdwActionRow         *extracted_row;
  GtkLabel             *extracted_value;
  AdwActionRow         *read_row;
  GtkLabel             *read_value;
  AdwActionRow         *added_row;
  GtkLabel             *added_value;
  AdwActionRow         *updated_row;
  GtkLabel             *updated_value;
  AdwActionRow         *unchanged_row;
  GtkLabel             *unchanged_value;
  AdwActionRow         *rejected_row;
  GtkLabel             *rejected_value;
  AdwActionRow         *categories_row;
  AdwExpanderRow       *rejects_row;
};

/* What a progress report needs to find its page, from the import's task
 * data: that may be freed in the worker thread, so it holds no widget. */
typedef struct
{
  GWeakRef page;
  guint    generation;
} ProgressData;

G_DEFINE_FINAL_TYPE (CrrcSyncPage, crrc_sync_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_APPLICATION,
  PROP_IMPORTING,
  PROP_SYNCING,
  PROP_BUSY,
  PROP_CAN_SYNC,
  PROP_NETWORK_AVAILABLE,
  PROP_LAST_SUCCESS,
  PROP_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static ProgressData *
progress_data_new (CrrcSyncPage *self)
{
  ProgressData *data = g_new0 (ProgressData, 1);

  g_weak_ref_init (&data->page, self);
  data->generation = self->generation;

  return data;
}

static void
progress_data_free (gpointer user_data)
{
  ProgressData *data = user_data;

  g_weak_ref_clear (&data->page);
  g_free (data);
}

/* A file name as people read it, whatever the encoding of the file system. */
static char *
get_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename);
}

static CrrcStore *
get_store (CrrcSyncPage *self)
{
  if (self->application == NULL)
    return NULL;

  return crrc_application_get_store (self->application);
}

static void
show_toast_with_priority (CrrcSyncPage     *self,
                          const char       *text,
                          AdwToastPriority  priority)
{
  crrc_toast_show_plain (GTK_WIDGET (self), text, priority);
}

static void
show_toast (CrrcSyncPage *self,
            const char   *text)
{
  show_toast_with_priority (self, text, ADW_TOAST_PRIORITY_NORMAL);
}

static void
set_count (GtkLabel *label,
           guint     value)
{
  g_autofree char *text = crrc_format_count (value);

  gtk_label_set_text (label, text);
}

/* The feeds of protocol version 1, in the order of its table, with their
 * names as a title and inside a sentence. */
static const struct
{
  const char *name;
  const char *title;
  const char *in_sentence;
} feed_names[] = {
  { "establishments", NC_("feed", "Establishments"), NC_("feed in a sentence", "establishments") },
  { "incidents", NC_("feed", "Incidents"), NC_("feed in a sentence", "incidents") },
  { "audits", NC_("feed", "Audits"), NC_("feed in a sentence", "audits") },
  { "alerts", NC_("feed", "Alerts"), NC_("feed in a sentence", "alerts") },
  { "diagnostics", NC_("feed", "Diagnostics"), NC_("feed in a sentence", "diagnostics") },
  { "campaigns", NC_("feed", "Campaigns"), NC_("feed in a sentence", "campaigns") },
  { "exercises", NC_("feed", "Exercises"), NC_("feed in a sentence", "exercises") },
  { "funding", NC_("feed", "Funding"), NC_("feed in a sentence", "funding") },
};

static const struct
{
  const char      *name;
  CrrcFeedOutcome  outcome;
} outcome_names[] = {
  { "updated", CRRC_FEED_OUTCOME_UPDATED },
  { "unchanged", CRRC_FEED_OUTCOME_UNCHANGED },
  { "failed", CRRC_FEED_OUTCOME_FAILED },
  { "postponed", CRRC_FEED_OUTCOME_POSTPONED },
  { "discontinued", CRRC_FEED_OUTCOME_DISCONTINUED },
};

static guint
get_feed_index (const char *feed)
{
  for (guint i = 0; i < G_N_ELEMENTS (feed_names); i++)
    if (g_strcmp0 (feed, feed_names[i].name) == 0)
      return i;

  return G_N_ELEMENTS (feed_names);
}

/* A feed a later version of the protocol adds keeps its own name. */
static const char *
get_feed_title (const char *feed)
{
  guint i = get_feed_index (feed);

  if (i == G_N_ELEMENTS (feed_names))
    return feed;

  return g_dpgettext2 (GETTEXT_PACKAGE, "feed", feed_names[i].title);
}

static const char *
get_feed_in_sentence (const char *feed)
{
  guint i = get_feed_index (feed);

  if (i == G_N_ELEMENTS (feed_names))
    return feed;

  return g_dpgettext2 (GETTEXT_PACKAGE, "feed in a sentence", feed_names[i].in_sentence);
}

static gboolean
parse_outcome (const char      *status,
               CrrcFeedOutcome *outcome)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    {
      if (g_strcmp0 (status, outcome_names[i].name) == 0)
        {
          *outcome = outcome_names[i].outcome;
          return TRUE;
        }
    }

  return FALSE;
}

/* A moment as people read it, in their time zone: “May 21, 2024 at 08:00”. */
static char *
format_datetime (GDateTime *datetime)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (datetime);
  g_autofree char *date = crrc_format_date (local);
  /* Translators: a time of day, see g_date_time_format() */
  g_autofree char *time = g_date_time_format (local, C_("time of day", "%H:%M"));

  /* Translators: a date and a time of day, e.g. “May 21, 2024 at 08:00” */
  return g_strdup_printf (C_("date and time", "%s at %s"), date, time);
}

/* Whether reaching @url needs the network: not for local folders, nor for
 * a server on this computer. */
static gboolean
url_needs_network (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL)
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return TRUE;

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "file") == 0 ||
      g_ascii_strcasecmp (scheme, "resource") == 0)
    return FALSE;

  host = g_uri_get_host (uri);

  return host == NULL || !crrc_feed_url_is_loopback (host);
}

static void
feed_run_free (gpointer data)
{
  FeedRun *run = data;

  g_free (run->error);
  g_clear_pointer (&run->rejects, g_ptr_array_unref);
  g_free (run);
}

static FeedRun *
feed_run_new (const CrrcFeedResult *result)
{
  FeedRun *run = g_new0 (FeedRun, 1);
  guint n_rejects = result->rejects != NULL ? result->rejects->len : 0;

  run->outcome = result->outcome;
  run->records = result->records;
  run->added = result->added;
  run->updated = result->updated;
  run->deleted = result->deleted;
  run->rejected = result->rejected;
  run->http_status = result->http_status;
  run->error = g_strdup (result->error);
  run->rejects = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_feed_state_reject_free);

  for (guint i = 0; i < MIN (n_rejects, MAX_REJECT_ROWS); i++)
    g_ptr_array_add (run->rejects, crrc_feed_state_reject_copy (g_ptr_array_index (result->rejects, i)));

  return run;
}

static void
feed_row_free (gpointer data)
{
  FeedRow *feed_row = data;

  g_free (feed_row->feed);
  g_clear_pointer (&feed_row->reject_rows, g_ptr_array_unref);
  g_free (feed_row);
}

static gboolean
is_busy (CrrcSyncPage *self)
{
  return self->cancellable != NULL ||
         self->sync_cancellable != NULL ||
         self->load_cancellable != NULL ||
         self->remove_cancellable != NULL;
}

static gboolean
is_offline (CrrcSyncPage *self)
{
  return self->source != NULL && !self->network_available && url_needs_network (self->feed_url);
}

static gboolean
compute_can_sync (CrrcSyncPage *self)
{
  return get_store (self) != NULL &&
         self->source != NULL &&
         !is_busy (self) &&
         g_strcmp0 (self->loaded_source, self->source) == 0 &&
         !is_offline (self);
}

static void
set_tooltip (GtkWidget  *widget,
             const char *tooltip)
{
  gtk_widget_set_tooltip_text (widget, tooltip);
  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void maybe_start_load (CrrcSyncPage *self);

/* Sensitivity of the actions, why importing or syncing is not possible
 * when it is not, and the notifications of what changed. Notifications go
 * last: their handlers may start a sync, which comes back here. */
static void
update_state (CrrcSyncPage *self)
{
  gboolean importing = self->cancellable != NULL;
  gboolean syncing = self->sync_cancellable != NULL;
  gboolean busy;
  gboolean can_sync;
  gboolean offline = is_offline (self);
  CrrcStore *store = get_store (self);
  const GError *store_error = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *sync_tooltip = NULL;
  gboolean notify_busy, notify_syncing, notify_can_sync;

  /* A read of the feeds' state waiting for the store goes first. */
  maybe_start_load (self);

  busy = is_busy (self);
  can_sync = compute_can_sync (self);

  if (self->application != NULL)
    store_error = crrc_application_get_store_error (self->application);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.import-file",
                                 !busy && store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.cancel-import",
                                 importing && !g_cancellable_is_cancelled (self->cancellable));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.cancel-sync",
                                 syncing && !g_cancellable_is_cancelled (self->sync_cancellable));

  /* The store's messages are full sentences naming the file. */
  if (store_error != NULL)
    tooltip = g_strdup_printf (_("Files cannot be imported because the cache could not be opened: %s"),
                               store_error->message);
  else if (store == NULL && self->application != NULL)
    tooltip = g_strdup (_("The cache is still opening"));
  set_tooltip (GTK_WIDGET (self->import_button), tooltip);

  if (store_error != NULL)
    sync_tooltip = g_strdup_printf (_("Feeds cannot be synchronised because the cache could not be opened: %s"),
                                    store_error->message);
  else if (store == NULL && self->application != NULL)
    sync_tooltip = g_strdup (_("The cache is still opening"));
  else if (offline)
    sync_tooltip = g_strdup (_("The computer is offline: the feed cannot be reached"));
  set_tooltip (GTK_WIDGET (self->sync_button), sync_tooltip);

  /* The feeds group: the feed's rows, or how to configure one. */
  gtk_widget_set_visible (GTK_WIDGET (self->sync_button), self->source != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->configure_button), self->source == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->offline_row), offline);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_progress_row), syncing);
  if (self->source == NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->sync_error_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_list),
                          offline || syncing ||
                          gtk_widget_get_visible (GTK_WIDGET (self->sync_error_row)));
  gtk_widget_set_visible (GTK_WIDGET (self->feeds_list),
                          self->source != NULL &&
                          g_strcmp0 (self->loaded_source, self->source) == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->never_row), self->feed_rows->len == 0);

  notify_busy = busy != self->was_busy;
  notify_syncing = syncing != self->was_syncing;
  notify_can_sync = can_sync != self->could_sync;
  self->was_busy = busy;
  self->was_syncing = syncing;
  self->could_sync = can_sync;

  g_object_freeze_notify (G_OBJECT (self));
  if (notify_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  if (notify_syncing)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
  if (notify_can_sync)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SYNC]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* A row with a value on its right, inside a feed's expander row. */
static AdwActionRow *
add_value_row (FeedRow     *feed_row,
               const char  *name,
               const char  *title,
               GtkLabel   **value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Wrapped only when the row is too narrow for the whole value. */
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  adw_expander_row_add_row (feed_row->row, row);
  *value = GTK_LABEL (label);

  return ADW_ACTION_ROW (row);
}

/* A row whose subtitle is data: plain text. */
static AdwActionRow *
add_text_row (FeedRow    *feed_row,
              const char *name,
              const char *title)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_add_row (feed_row->row, row);

  return ADW_ACTION_ROW (row);
}

static FeedRow *
feed_row_new (const char *feed)
{
  FeedRow *feed_row = g_new0 (FeedRow, 1);
  /* The subtitle says the same in words. */
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);

  feed_row->feed = g_strdup (feed);
  feed_row->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  feed_row->reject_rows = g_ptr_array_new ();

  /* The feed's name is the publisher's for an unknown feed: plain text. */
  gtk_widget_set_name (GTK_WIDGET (feed_row->row), feed);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (feed_row->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (feed_row->row), get_feed_title (feed));
  gtk_accessible_update_property (GTK_ACCESSIBLE (feed_row->row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, get_feed_title (feed),
                                  -1);

  adw_expander_row_add_prefix (feed_row->row, icon);
  feed_row->icon = GTK_IMAGE (icon);

  add_value_row (feed_row, "records", _("Records in the Cache"), &feed_row->records_value);
  feed_row->run_row = add_text_row (feed_row, "last-run", _("Last Synchronisation"));
  feed_row->success_row = add_value_row (feed_row, "last-success", _("Last Success"),
                                         &feed_row->success_value);
  feed_row->attempt_row = add_value_row (feed_row, "last-attempt", _("Last Attempt"),
                                         &feed_row->attempt_value);
  feed_row->postponed_row = add_value_row (feed_row, "postponed-until", _("Postponed Until"),
                                           &feed_row->postponed_value);
  feed_row->http_row = add_value_row (feed_row, "http-status", _("HTTP Status"), &feed_row->http_value);
  feed_row->error_row = add_text_row (feed_row, "last-error", _("Last Error"));
  feed_row->rejects_row = add_value_row (feed_row, "rejected", _("Rejected Records"),
                                         &feed_row->rejects_value);

  return feed_row;
}

static void
set_icon (FeedRow    *feed_row,
          const char *icon_name,
          const char *css_class)
{
  static const char * const classes[] = { "success", "warning", "error" };

  gtk_image_set_from_icon_name (feed_row->icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (feed_row->icon), icon_name != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      if (g_strcmp0 (css_class, classes[i]) == 0)
        gtk_widget_add_css_class (GTK_WIDGET (feed_row->icon), classes[i]);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (feed_row->icon), classes[i]);
    }
}

static void
set_datetime_row (AdwActionRow *row,
                  GtkLabel     *value,
                  GDateTime    *datetime)
{
  gtk_widget_set_visible (GTK_WIDGET (row), datetime != NULL);
  if (datetime != NULL)
    {
      g_autofree char *text = format_datetime (datetime);

      gtk_label_set_text (value, text);
    }
}

/* The records of the last sync that the feed rejected: @n_rejected in
 * all, @rejects the first of them. */
static void
show_feed_rejects (FeedRow   *feed_row,
                   guint      n_rejected,
                   GPtrArray *rejects)
{
  guint shown = rejects != NULL ? MIN (rejects->len, MAX_REJECT_ROWS) : 0;

  for (guint i = 0; i < feed_row->reject_rows->len; i++)
    adw_expander_row_remove (feed_row->row, g_ptr_array_index (feed_row->reject_rows, i));
  g_ptr_array_set_size (feed_row->reject_rows, 0);

  n_rejected = MAX (n_rejected, shown);
  gtk_widget_set_visible (GTK_WIDGET (feed_row->rejects_row), n_rejected > 0);
  if (n_rejected == 0)
    return;

  set_count (feed_row->rejects_value, n_rejected);

  for (guint i = 0; i < shown; i++)
    {
      const CrrcFeedReject *reject = g_ptr_array_index (rejects, i);
      g_autoptr(GString) where = g_string_new (reject->record);
      g_autofree char *shown_where = NULL;
      g_autofree char *shown_reason = NULL;
      GtkWidget *row = adw_action_row_new ();

      if (reject->field != NULL)
        g_string_append_printf (where, " · %s", reject->field);
      shown_where = crrc_display_text (where->str);
      shown_reason = crrc_display_text (reject->reason);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown_where);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown_reason);
      gtk_widget_add_css_class (row, "reject");
      adw_expander_row_add_row (feed_row->row, row);
      g_ptr_array_add (feed_row->reject_rows, row);
    }

  if (n_rejected > shown)
    {
      guint more = n_rejected - shown;
      g_autofree char *more_count = crrc_format_count (more);
      g_autofree char *title = g_strdup_printf (ngettext ("And %s more rejected record",
                                                          "And %s more rejected records",
                                                          more),
                                                more_count);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Only the first rejected records are listed; the counts above include them all."));
      adw_expander_row_add_row (feed_row->row, row);
      g_ptr_array_add (feed_row->reject_rows, row);
    }
}

/* Shows @state (NULL when the cache knows nothing of the feed yet), with
 * what the last sync of this session said over it. */
static void
show_feed (FeedRow             *feed_row,
           const CrrcFeedState *state,
           const FeedRun       *run)
{
  CrrcFeedOutcome outcome = CRRC_FEED_OUTCOME_UPDATED;
  gboolean known = FALSE;
  gint64 records = -1;
  guint http_status = 0;
  const char *error = NULL;
  GDateTime *last_success = state != NULL ? state->last_success_at : NULL;
  GDateTime *postponed_until = state != NULL ? state->postponed_until : NULL;
  GDateTime *last_attempt;
  g_autofree char *subtitle = NULL;
  g_autofree char *shown_subtitle = NULL;
  g_autofree char *shown_error = NULL;

  if (state != NULL)
    {
      known = parse_outcome (state->status, &outcome);
      records = state->records;
      http_status = state->http_status;
      error = state->last_error;
      if (state->discontinued)
        {
          outcome = CRRC_FEED_OUTCOME_DISCONTINUED;
          known = TRUE;
        }
    }

  /* The report is at least as recent as the cache. */
  if (run != NULL)
    {
      outcome = run->outcome;
      known = TRUE;
      records = run->records;
      http_status = run->http_status;
      error = run->error;
    }

  if (!known)
    {
      subtitle = g_strdup (_("Not synchronised yet"));
      set_icon (feed_row, NULL, NULL);
    }
  else
    {
      switch (outcome)
        {
        case CRRC_FEED_OUTCOME_UPDATED:
        case CRRC_FEED_OUTCOME_UNCHANGED:
          if (last_success != NULL)
            {
              g_autofree char *when = format_datetime (last_success);

              /* Translators: the state of a feed, %s is a date and time */
              subtitle = g_strdup_printf (_("Up to date · last synchronised %s"), when);
            }
          else
            {
              subtitle = g_strdup (_("Up to date"));
            }
          set_icon (feed_row, "emblem-ok-symbolic", "success");
          break;

        case CRRC_FEED_OUTCOME_FAILED:
          /* Translators: the state of a feed, %s says why it failed */
          subtitle = error != NULL ? g_strdup_printf (_("Failed · %s"), error) : g_strdup (_("Failed"));
          set_icon (feed_row, "dialog-error-symbolic", "error");
          break;

        case CRRC_FEED_OUTCOME_POSTPONED:
          if (postponed_until != NULL)
            {
              g_autofree char *when = format_datetime (postponed_until);

              /* Translators: the state of a feed the server asked to come
               * back to later, %s is a date and time */
              subtitle = g_strdup_printf (_("Postponed until %s"), when);
            }
          else
            {
              subtitle = g_strdup (_("Postponed by the server"));
            }
          set_icon (feed_row, "preferences-system-time-symbolic", "warning");
          break;

        case CRRC_FEED_OUTCOME_DISCONTINUED:
          subtitle = g_strdup (_("Discontinued by the publisher"));
          set_icon (feed_row, "action-unavailable-symbolic", NULL);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  /* The subtitle may quote the feed's error. */
  shown_subtitle = crrc_display_text (subtitle);
  adw_expander_row_set_subtitle (feed_row->row, shown_subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (feed_row->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, shown_subtitle,
                                  -1);

  if (records >= 0)
    {
      set_count (feed_row->records_value, (guint) MIN (records, (gint64) G_MAXUINT));
    }
  else
    {
      /* Translators: an unknown number */
      gtk_label_set_text (feed_row->records_value, C_("number", "Unknown"));
    }

  gtk_widget_set_visible (GTK_WIDGET (feed_row->run_row), run != NULL);
  if (run != NULL)
    {
      g_autofree char *added = crrc_format_count (run->added);
      g_autofree char *updated = crrc_format_count (run->updated);
      g_autofree char *deleted = crrc_format_count (run->deleted);
      g_autofree char *rejected = crrc_format_count (run->rejected);
      g_autofree char *counts = NULL;

      /* Translators: what the last synchronisation did to a feed's records */
      counts = g_strdup_printf (_("Added: %s, updated: %s, deleted: %s, rejected: %s"),
                                added, updated, deleted, rejected);
      adw_action_row_set_subtitle (feed_row->run_row, counts);
    }

  set_datetime_row (feed_row->success_row, feed_row->success_value, last_success);
  /* The last attempt, when it was not the last success. */
  last_attempt = state != NULL ? state->last_attempt_at : NULL;
  if (last_attempt != NULL && last_success != NULL &&
      g_date_time_to_unix (last_attempt) <= g_date_time_to_unix (last_success))
    last_attempt = NULL;
  set_datetime_row (feed_row->attempt_row, feed_row->attempt_value, last_attempt);
  set_datetime_row (feed_row->postponed_row, feed_row->postponed_value,
                    known && outcome == CRRC_FEED_OUTCOME_POSTPONED ? postponed_until : NULL);

  gtk_widget_set_visible (GTK_WIDGET (feed_row->http_row), http_status != 0);
  if (http_status != 0)
    {
      g_autofree char *code = g_strdup_printf ("%u", http_status);

      gtk_label_set_text (feed_row->http_value, code);
    }

  gtk_widget_set_visible (GTK_WIDGET (feed_row->error_row), error != NULL);
  shown_error = crrc_display_text (error != NULL ? error : "");
  adw_action_row_set_subtitle (feed_row->error_row, shown_error);

  if (run != NULL)
    show_feed_rejects (feed_row, run->rejected, run->rejects);
  else if (state != NULL)
    show_feed_rejects (feed_row, state->n_rejected, state->rejects);
  else
    show_feed_rejects (feed_row, 0, NULL);
}

static const CrrcFeedState *
find_state (CrrcSyncPage *self,
            const char   *feed)
{
  for (guint i = 0; self->states != NULL && i < self->states->len; i++)
    {
      const CrrcFeedState *state = g_ptr_array_index (self->states, i);

      if (g_strcmp0 (state->feed, feed) == 0)
        return state;
    }

  return NULL;
}

static int
compare_feeds (gconstpointer a,
               gconstpointer b)
{
  const char *feed_a = *(const char * const *) a;
  const char *feed_b = *(const char * const *) b;
  guint index_a = get_feed_index (feed_a);
  guint index_b = get_feed_index (feed_b);

  if (index_a != index_b)
    return index_a < index_b ? -1 : 1;

  return g_strcmp0 (feed_a, feed_b);
}

static void
clear_feed_rows (CrrcSyncPage *self)
{
  for (guint i = 0; i < self->feed_rows->len; i++)
    {
      FeedRow *feed_row = g_ptr_array_index (self->feed_rows, i);

      gtk_list_box_remove (self->feeds_list, GTK_WIDGET (feed_row->row));
    }

  g_ptr_array_set_size (self->feed_rows, 0);
}

/* One row per feed that the cache or the last sync knows, in the order of
 * the protocol; rows are kept (open or closed, focused) while the feeds
 * stay the same. */
static void
refresh_feed_rows (CrrcSyncPage *self)
{
  g_autoptr(GPtrArray) feeds = g_ptr_array_new ();
  g_autoptr(GHashTable) expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  gboolean same;

  for (guint i = 0; self->states != NULL && i < self->states->len; i++)
    {
      const CrrcFeedState *state = g_ptr_array_index (self->states, i);

      g_ptr_array_add (feeds, state->feed);
    }

  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (find_state (self, key) == NULL)
      g_ptr_array_add (feeds, key);

  g_ptr_array_sort (feeds, compare_feeds);

  same = feeds->len == self->feed_rows->len;
  for (guint i = 0; same && i < feeds->len; i++)
    {
      FeedRow *feed_row = g_ptr_array_index (self->feed_rows, i);

      same = g_str_equal (feed_row->feed, g_ptr_array_index (feeds, i));
    }

  if (!same)
    {
      for (guint i = 0; i < self->feed_rows->len; i++)
        {
          FeedRow *feed_row = g_ptr_array_index (self->feed_rows, i);

          if (adw_expander_row_get_expanded (feed_row->row))
            g_hash_table_add (expanded, g_strdup (feed_row->feed));
        }

      clear_feed_rows (self);

      for (guint i = 0; i < feeds->len; i++)
        {
          const char *feed = g_ptr_array_index (feeds, i);
          FeedRow *feed_row = feed_row_new (feed);

          gtk_list_box_append (self->feeds_list, GTK_WIDGET (feed_row->row));
          adw_expander_row_set_expanded (feed_row->row, g_hash_table_contains (expanded, feed));
          g_ptr_array_add (self->feed_rows, feed_row);
        }
    }

  for (guint i = 0; i < self->feed_rows->len; i++)
    {
      FeedRow *feed_row = g_ptr_array_index (self->feed_rows, i);

      show_feed (feed_row, find_state (self, feed_row->feed),
                 g_hash_table_lookup (self->runs, feed_row->feed));
    }
}

static void
set_last_success (CrrcSyncPage *self,
                  GDateTime    *last_success)
{
  if (self->last_success == last_success ||
      (self->last_success != NULL && last_success != NULL &&
       g_date_time_equal (self->last_success, last_success)))
    return;

  g_clear_pointer (&self->last_success, g_date_time_unref);
  if (last_success != NULL)
    self->last_success = g_date_time_ref (last_success);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESS]);
}

/* The latest of @datetime and the last attempt known. */
static void
add_attempt (CrrcSyncPage *self,
             GDateTime    *datetime)
{
  if (datetime == NULL)
    return;

  if (self->last_attempt == NULL || g_date_time_compare (datetime, self->last_attempt) > 0)
    {
      g_clear_pointer (&self->last_attempt, g_date_time_unref);
      self->last_attempt = g_date_time_ref (datetime);
    }
}

static void
update_description (CrrcSyncPage *self)
{
  g_autofree char *escaped = NULL;

  /* The group's description is markup; the address is data. */
  if (self->feed_url != NULL)
    escaped = g_markup_escape_text (self->feed_url, -1);
  else
    escaped = g_markup_escape_text (_("No feed is configured"), -1);

  adw_preferences_group_set_description (self->feeds_group, escaped);
}

static void
clear_reject_rows (CrrcSyncPage *self)
{
  for (guint i = 0; i < self->reject_rows->len; i++)
    adw_expander_row_remove (self->rejects_row, g_ptr_array_index (self->reject_rows, i));

  g_ptr_array_set_size (self->reject_rows, 0);
  adw_expander_row_set_expanded (self->rejects_row, FALSE);
}

static void
add_reject_row (CrrcSyncPage *self,
                const char   *title,
                const char   *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *shown_title = crrc_display_text (title);
  g_autofree char *shown_subtitle = crrc_display_text (subtitle);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown_subtitle);
  adw_expander_row_add_row (self->rejects_row, row);
  g_ptr_array_add (self->reject_rows, row);
}

/* Where the record is and what is wrong with it, one row each. */
static void
show_rejects (CrrcSyncPage     *self,
              CrrcImportReport *report)
{
  guint rejected = crrc_import_report_get_rejected (report);
  guint n_rejects = crrc_import_report_get_n_rejects (report);
  guint shown = MIN (n_rejects, MAX_REJECT_ROWS);
  g_autoptr(GString) reasons = g_string_new (NULL);

  clear_reject_rows (self);

  gtk_widget_set_visible (GTK_WIDGET (self->rejects_row), rejected > 0);
  if (rejected == 0)
    return;

  for (guint reason = 0; reason < CRRC_N_REJECT_REASONS; reason++)
    {
      guint count = crrc_import_report_get_rejected_for (report, reason);
      g_autofree char *count_text = NULL;

      if (count == 0)
        continue;

      count_text = crrc_format_count (count);
      if (reasons->len > 0)
        g_string_append (reasons, ", ");
      /* Translators: a reason records were rejected and how many,
       * e.g. “wrong FINESS check key: 2” */
      g_string_append_printf (reasons, _("%s: %s"), crrc_reject_reason_get_label (reason), count_text);
    }
  adw_expander_row_set_subtitle (self->rejects_row, reasons->str);

  for (guint i = 0; i < shown; i++)
    {
      const CrrcImportReject *reject = crrc_import_report_get_reject (report, i);
      g_autoptr(GString) where = g_string_new (reject->location);

      if (reject->record != NULL)
        g_string_append_printf (where, " · %s", reject->record);
      if (reject->field != NULL)
        g_string_append_printf (where, " · %s", reject->field);

      add_reject_row (self, where->str,
                      reject->detail != NULL ? reject->detail
                                             : crrc_reject_reason_get_label (reject->reason));
    }

  if (rejected > shown)
    {
      g_autofree char *more_count = crrc_format_count (rejected - shown);
      g_autofree char *more = g_strdup_printf (ngettext ("And %s more rejected record",
                                                         "And %s more rejected records",
                                                         rejected - shown),
                                               more_count);

      add_reject_row (self, more,
                      _("Only the first rejected records are listed; the counts above include them all."));
    }
}

static void
set_summary_rows_visible (CrrcSyncPage *self,
                          gboolean      visible)
{
  gtk_widget_set_visible (GTK_WIDGET (self->format_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->extracted_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->read_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->added_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->updated_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->unchanged_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->rejected_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->categories_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->rejects_row), visible);
}

static void
set_status (CrrcSyncPage *self,
            gboolean      success,
            const char   *detail)
{
  g_autofree char *shown = crrc_display_text (detail);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                 success ? _("Imported") : _("Not Imported"));
  adw_action_row_set_subtitle (self->status_row, shown);
  gtk_image_set_from_icon_name (self->status_icon,
                                success ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  if (success)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "error");
    }
}

/* Turns "YYYY-MM-DD" into a date in the user's language, or leaves it. */
static char *
format_extraction_date (const char *date)
{
  g_autofree char *midnight = g_strconcat (date, "T00:00:00Z", NULL);
  g_autoptr(GDateTime) datetime = g_date_time_new_from_iso8601 (midnight, NULL);

  if (datetime == NULL)
    return g_strdup (date);

  return crrc_format_date (datetime);
}

static void
show_report (CrrcSyncPage     *self,
             CrrcImportReport *report,
             const char       *file_name)
{
  const char *extracted_on = crrc_import_report_get_extracted_on (report);
  const char * const *categories = crrc_import_report_get_unknown_categories (report);
  gboolean has_categories;

  set_status (self, TRUE, NULL);
  set_summary_rows_visible (self, TRUE);

  gtk_label_set_text (self->file_value, file_name);
  gtk_label_set_text (self->format_value,
                      crrc_import_format_get_label (crrc_import_report_get_format (report)));

  gtk_widget_set_visible (GTK_WIDGET (self->extracted_row), extracted_on != NULL);
  if (extracted_on != NULL)
    {
      g_autofree char *date = format_extraction_date (extracted_on);

      gtk_label_set_text (self->extracted_value, date);
    }

  set_count (self->read_value, crrc_import_report_get_read (report));
  set_count (self->added_value, crrc_import_report_get_added (report));
  set_count (self->updated_value, crrc_import_report_get_updated (report));
  set_count (self->unchanged_value, crrc_import_report_get_unchanged (report));
  set_count (self->rejected_value, crrc_import_report_get_rejected (report));

  /* An empty list may come as NULL. */
  has_categories = categories != NULL && categories[0] != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->categories_row), has_categories);
  if (has_categories)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) categories);
      g_autofree char *subtitle = NULL;

      /* Translators: %s is a list of establishment category codes */
      subtitle = g_strdup_printf (_("Imported with the sector “other”: %s"), list);
      adw_action_row_set_subtitle (self->categories_row, subtitle);
    }

  show_rejects (self, report);

  gtk_widget_set_visible (GTK_WIDGET (self->summary_group), TRUE);
}

static void
show_error (CrrcSyncPage *self,
            const GError *error,
            const char   *file_name)
{
  set_status (self, FALSE, error->message);
  set_summary_rows_visible (self, FALSE);
  clear_reject_rows (self);
  gtk_label_set_text (self->file_value, file_name);

  gtk_widget_set_visible (GTK_WIDGET (self->summary_group), TRUE);
}

static char *
describe_success (CrrcImportReport *report,
                  const char       *file_name)
{
  guint imported = crrc_import_report_get_added (report) +
                   crrc_import_report_get_updated (report) +
                   crrc_import_report_get_unchanged (report);
  g_autofree char *count = crrc_format_count (imported);

  switch (crrc_import_report_get_format (report))
    {
    case CRRC_IMPORT_FORMAT_ETALAB_CSV:
    case CRRC_IMPORT_FORMAT_FINESS_PLUS_JSON:
      return g_strdup_printf (ngettext ("Imported %s establishment from “%s”",
                                        "Imported %s establishments from “%s”",
                                        imported),
                              count, file_name);

    case CRRC_IMPORT_FORMAT_CERTFR_JSON:
      return g_strdup_printf (ngettext ("Imported %s bulletin from “%s”",
                                        "Imported %s bulletins from “%s”",
                                        imported),
                              count, file_name);

    case CRRC_IMPORT_FORMAT_UNKNOWN:
    default:
      return g_strdup_printf (ngettext ("Imported %s record from “%s”",
                                        "Imported %s records from “%s”",
                                        imported),
                              count, file_name);
    }
}

static void
import_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  ProgressData *data = user_data;
  g_autoptr(CrrcSyncPage) self = g_weak_ref_get (&data->page);
  g_autofree char *done_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *text = NULL;

  /* Late reports of an import that has finished, or is being cancelled,
   * are of no interest. */
  if (self == NULL || self->disposed || self->cancellable == NULL ||
      data->generation != self->generation ||
      g_cancellable_is_cancelled (self->cancellable))
    return;

  if (total == 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      return;
    }

  done_text = g_format_size (done);
  total_text = g_format_size (total);
  /* Translators: bytes of the file read so far, e.g. “12.0 MB of 48.3 MB” */
  text = g_strdup_printf (_("%s of %s"), done_text, total_text);

  gtk_progress_bar_set_fraction (self->progress_bar, (double) MIN (done, total) / (double) total);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CrrcSyncPage) self = user_data;
  g_autoptr(CrrcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_steal_pointer (&self->file);
  g_autofree char *file_name = get_display_name (file);
  g_autofree char *message = NULL;

  report = crrc_import_file_finish (result, &error);
  g_clear_object (&self->cancellable);

  /* The window was closed while the file was read. */
  if (self->disposed)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_list), FALSE);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);
  update_state (self);
  g_object_thaw_notify (G_OBJECT (self));

  if (report != NULL && self->application != NULL)
    crrc_application_data_changed (self->application);

  if (report != NULL)
    {
      show_report (self, report, file_name);
      message = describe_success (report, file_name);
    }
  /* Cancelled, the last import shown is still the last one. */
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      message = g_strdup_printf (_("Import of “%s” cancelled: nothing was imported"), file_name);
    }
  else
    {
      show_error (self, error, file_name);
      message = g_strdup_printf (_("“%s” was not imported"), file_name);
    }

  show_toast (self, message);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CrrcSyncPage) self = user_data;
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GDateTime) last_success = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_steal_pointer (&self->loading_source);

  states = crrc_feed_state_load_finish (result, &error);
  g_clear_object (&self->load_cancellable);

  if (self->disposed)
    return;

  /* Taken out of its window: read again if it comes back to one. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->load_pending = TRUE;
      return;
    }

  if (states == NULL)
    {
      /* The rows stay empty; a sync writes the table anew. */
      g_warning ("Could not read the state of the feeds: %s", error->message);
      states = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_feed_state_free);
    }

  /* The feed changed while its state was read: read the new one's. */
  if (g_strcmp0 (source, self->source) != 0)
    {
      self->load_pending = TRUE;
      update_state (self);
      return;
    }

  g_clear_pointer (&self->states, g_ptr_array_unref);
  self->states = g_steal_pointer (&states);
  g_free (self->loaded_source);
  self->loaded_source = g_steal_pointer (&source);

  for (guint i = 0; i < self->states->len; i++)
    add_attempt (self, ((CrrcFeedState *) g_ptr_array_index (self->states, i))->last_attempt_at);

  refresh_feed_rows (self);

  last_success = crrc_feed_state_get_latest_success (self->states);
  g_object_freeze_notify (G_OBJECT (self));
  set_last_success (self, last_success);
  update_state (self);
  g_object_thaw_notify (G_OBJECT (self));

  /* First run: the demonstration data was never loaded. This runs after
   * the store opened, so after the window's first paint. Once a session:
   * a failed sync does not start again and again. */
  if (self->demo && last_success == NULL && !self->demo_started)
    {
      self->demo_started = TRUE;
      crrc_sync_page_start_sync (self, TRUE);
    }
}

/* Starts reading feed_state when one was asked for and the store is free. */
static void
maybe_start_load (CrrcSyncPage *self)
{
  CrrcStore *store = get_store (self);

  if (!self->load_pending || store == NULL || is_busy (self))
    return;

  self->load_pending = FALSE;

  if (self->source == NULL)
    {
      g_clear_pointer (&self->loaded_source, g_free);
      g_clear_pointer (&self->states, g_ptr_array_unref);
      clear_feed_rows (self);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  self->loading_source = g_strdup (self->source);
  crrc_feed_state_load_async (store, self->source, self->load_cancellable,
                              load_done_cb, g_object_ref (self));
}

static void
request_load (CrrcSyncPage *self)
{
  self->load_pending = TRUE;
  update_state (self);
}

/* The feed the page synchronises: the configured one; without one, the
 * demonstration feed unless it was removed (once the cache's path is
 * known); or none. */
static void
feed_url_changed_cb (CrrcSyncPage *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "feed-url");
  g_autofree char *stripped = g_strstrip (g_strdup (url));
  gboolean demo = FALSE;

  if (stripped[0] == '\0')
    {
      const char *cache_path = NULL;

      g_clear_pointer (&stripped, g_free);
      if (self->application != NULL)
        cache_path = crrc_application_get_cache_path (self->application);
      if (cache_path != NULL && g_settings_get_boolean (self->settings, "show-demo-data"))
        stripped = crrc_demo_get_url (cache_path);
      demo = stripped != NULL;
    }

  if (demo != self->demo)
    {
      self->demo = demo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
    }

  if (g_strcmp0 (stripped, self->feed_url) == 0)
    return;

  g_free (self->feed_url);
  self->feed_url = g_steal_pointer (&stripped);
  g_clear_pointer (&self->source, g_free);
  if (self->feed_url != NULL)
    self->source = crrc_feed_source_for_url (self->feed_url);

  /* What is shown belongs to the previous feed. */
  g_hash_table_remove_all (self->runs);
  g_clear_pointer (&self->states, g_ptr_array_unref);
  g_clear_pointer (&self->last_attempt, g_date_time_unref);
  clear_feed_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_error_row), FALSE);
  set_last_success (self, NULL);
  update_description (self);

  request_load (self);
}

static void
network_changed_cb (CrrcSyncPage    *self,
                    gboolean         available,
                    GNetworkMonitor *monitor)
{
  crrc_sync_page_set_network_available (self, available);
}

static gboolean
pulse_cb (gpointer user_data)
{
  CrrcSyncPage *self = user_data;

  gtk_progress_bar_pulse (self->sync_progress_bar);

  return G_SOURCE_CONTINUE;
}

/* A feed more was reached: when the cache knows how many there are, the
 * bar shows how many are done rather than pulsing. */
static void
update_sync_fraction (CrrcSyncPage *self,
                      const char   *feed)
{
  guint n_known = self->states != NULL ? self->states->len : 0;

  if (g_strcmp0 (feed, self->progress_feed) == 0)
    return;

  g_free (self->progress_feed);
  self->progress_feed = g_strdup (feed);
  self->progress_n_feeds++;

  if (n_known > 0 && self->progress_n_feeds <= n_known)
    {
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      gtk_progress_bar_set_fraction (self->sync_progress_bar,
                                     (double) (self->progress_n_feeds - 1) / (double) n_known);
    }
  else if (self->pulse_id == 0)
    {
      self->pulse_id = g_timeout_add (PULSE_INTERVAL_MS, pulse_cb, self);
      g_source_set_name_by_id (self->pulse_id, "[crrc] sync progress");
    }
}

static void
set_sync_progress_text (CrrcSyncPage *self,
                        const char   *text)
{
  gtk_label_set_text (self->sync_progress_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
sync_progress_cb (CrrcSyncPage *self,
                  const char   *feed,
                  guint         page,
                  guint64       records,
                  guint64       bytes,
                  CrrcSync     *sync)
{
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  if (self->disposed || sync != self->sync ||
      g_cancellable_is_cancelled (self->sync_cancellable))
    return;

  if (feed == NULL || feed[0] == '\0')
    {
      set_sync_progress_text (self, _("Reading the feed’s manifest…"));
      return;
    }

  update_sync_fraction (self, feed);

  count = crrc_format_count ((gint64) MIN (records, (guint64) G_MAXINT64));
  /* Translators: %s is a feed's name in a sentence (“incidents”), %u the
   * page being read, %s the number of records read so far */
  text = g_strdup_printf (ngettext ("Synchronising %s — page %u, %s record",
                                    "Synchronising %s — page %u, %s records",
                                    (gulong) MIN (records, (guint64) G_MAXULONG)),
                          get_feed_in_sentence (feed), page, count);
  set_sync_progress_text (self, text);
}

/* “Synchronisation finished: 3 feeds updated, 1 failed”; NULL for an
 * automatic sync that changed nothing. */
static char *
describe_sync (CrrcSyncReport *report,
               gboolean        automatic)
{
  guint n_feeds = crrc_sync_report_get_n_feeds (report);
  guint n_updated = 0;
  guint n_failed = 0;
  g_autoptr(GString) parts = g_string_new (NULL);

  for (guint i = 0; i < n_feeds; i++)
    {
      const CrrcFeedResult *result = crrc_sync_report_get_feed (report, i);

      if (result->outcome == CRRC_FEED_OUTCOME_UPDATED)
        n_updated++;
      else if (result->outcome == CRRC_FEED_OUTCOME_FAILED)
        n_failed++;
    }

  if (n_updated == 0 && n_failed == 0)
    return automatic ? NULL : g_strdup (_("Synchronisation finished: everything was already up to date"));

  if (n_updated > 0)
    {
      g_autofree char *count = crrc_format_count (n_updated);

      /* Translators: part of “Synchronisation finished: %s” */
      g_string_append_printf (parts, ngettext ("%s feed updated", "%s feeds updated", n_updated), count);
    }

  if (n_failed > 0)
    {
      g_autofree char *count = crrc_format_count (n_failed);

      if (parts->len > 0)
        g_string_append (parts, ", ");
      /* Translators: part of “Synchronisation finished: %s” */
      g_string_append_printf (parts, ngettext ("%s feed failed", "%s feeds failed", n_failed), count);
    }

  /* Translators: %s says what happened, e.g. “3 feeds updated, 1 feed failed” */
  return g_strdup_printf (_("Synchronisation finished: %s"), parts->str);
}

static void
apply_report (CrrcSyncPage   *self,
              CrrcSyncReport *report)
{
  guint n_feeds = crrc_sync_report_get_n_feeds (report);

  /* A cancelled run reports the feeds it committed, then the one it was
   * reading, left as it was: what is shown of that one and of the feeds
   * after it stays. */
  if (crrc_sync_report_get_cancelled (report))
    n_feeds = n_feeds > 0 ? n_feeds - 1 : 0;
  else
    g_hash_table_remove_all (self->runs);

  for (guint i = 0; i < n_feeds; i++)
    {
      const CrrcFeedResult *result = crrc_sync_report_get_feed (report, i);

      g_hash_table_insert (self->runs, g_strdup (result->feed), feed_run_new (result));
    }

  refresh_feed_rows (self);
}

static void finish_sync (CrrcSyncPage   *self,
                         const char     *source,
                         CrrcSyncReport *report,
                         const GError   *error);

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CrrcSyncPage) self = user_data;
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_steal_pointer (&self->sync_source);

  report = crrc_sync_run_finish (CRRC_SYNC (object), result, &error);

  g_signal_handlers_disconnect_by_data (object, self);
  g_clear_object (&self->sync);
  finish_sync (self, source, report, error);
}

/* What a sync leaves once it ran, or could not start. */
static void
finish_sync (CrrcSyncPage   *self,
             const char     *source,
             CrrcSyncReport *report,
             const GError   *error)
{
  g_autofree char *message = NULL;

  g_clear_object (&self->sync_cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_pointer (&self->progress_feed, g_free);

  /* The window was closed during the sync. */
  if (self->disposed)
    return;

  if (report != NULL && self->application != NULL)
    crrc_application_data_changed (self->application);

  if (report != NULL)
    {
      /* Unless the feed was changed meanwhile. */
      if (g_strcmp0 (source, self->source) == 0)
        apply_report (self, report);

      if (crrc_sync_report_get_cancelled (report))
        message = g_strdup (_("Synchronisation cancelled: the feeds not yet finished are unchanged"));
      else
        message = describe_sync (report, self->sync_automatic);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      message = g_strdup (_("Synchronisation cancelled: the feeds not yet finished are unchanged"));
    }
  else
    {
      if (g_strcmp0 (source, self->source) == 0)
        {
          g_autofree char *shown = crrc_display_text (error->message);

          adw_action_row_set_subtitle (self->sync_error_row, shown);
          gtk_widget_set_visible (GTK_WIDGET (self->sync_error_row), TRUE);
        }
      /* Translators: %s says why, in a sentence of its own */
      message = g_strdup_printf (_("Synchronisation failed: %s"), error->message);
    }

  if (message != NULL)
    show_toast (self, message);

  /* The cache has the times of the attempt and of the success. */
  request_load (self);
}

static void
chooser_response_cb (CrrcSyncPage         *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    crrc_sync_page_import_file (self, file);
}

static void
add_filter (GtkFileChooser     *chooser,
            const char         *name,
            const char * const *suffixes,
            const char * const *mime_types)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes != NULL && suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  for (guint i = 0; mime_types != NULL && mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);

  gtk_file_chooser_add_filter (chooser, filter);
}

/* The first filter is the one selected at first. */
static void
add_filters (GtkFileChooser *chooser)
{
  static const char * const supported[] = { "csv", "csv.gz", "json", "json.gz", NULL };
  static const char * const csv[] = { "csv", "csv.gz", NULL };
  static const char * const csv_types[] = { "text/csv", NULL };
  static const char * const json[] = { "json", "json.gz", NULL };
  static const char * const json_types[] = { "application/json", NULL };
  static const char * const gzip[] = { "gz", NULL };
  static const char * const gzip_types[] = { "application/gzip", NULL };
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  add_filter (chooser, _("All Supported Files"), supported, NULL);
  add_filter (chooser, _("CSV Files"), csv, csv_types);
  add_filter (chooser, _("JSON Files"), json, json_types);
  add_filter (chooser, _("Gzip-Compressed Files"), gzip, gzip_types);

  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  crrc_sync_page_choose_file (CRRC_SYNC_PAGE (widget));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  crrc_sync_page_cancel_import (CRRC_SYNC_PAGE (widget));
}

static void
cancel_sync_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  crrc_sync_page_cancel_sync (CRRC_SYNC_PAGE (widget));
}

static void
store_changed_cb (CrrcSyncPage *self)
{
  /* Now the store is open, the feeds' state can be read; the cache's
   * path, that of the demonstration feed, is known. */
  feed_url_changed_cb (self);
  request_load (self);
}

static void
crrc_sync_page_dispose (GObject *object)
{
  CrrcSyncPage *self = (CrrcSyncPage *)object;

  /* A running import, sync or read finishes on its own, with nothing
   * left to show. */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->sync_cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_object (&self->settings);

  /* The rows go with the template. */
  g_ptr_array_set_size (self->feed_rows, 0);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  if (self->application != NULL)
    g_clear_signal_handler (&self->store_handler, self->application);
  g_clear_weak_pointer (&self->application);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRRC_TYPE_SYNC_PAGE);

  G_OBJECT_CLASS (crrc_sync_page_parent_class)->dispose (object);
}

static void
crrc_sync_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (crrc_sync_page_parent_class)->root (widget);

  update_state (CRRC_SYNC_PAGE (widget));
}

/* Out of its window, the page stops what it started for it. */
static void
crrc_sync_page_unroot (GtkWidget *widget)
{
  CrrcSyncPage *self = CRRC_SYNC_PAGE (widget);

  g_cancellable_cancel (self->sync_cancellable);
  g_cancellable_cancel (self->load_cancellable);

  GTK_WIDGET_CLASS (crrc_sync_page_parent_class)->unroot (widget);
}

static void
crrc_sync_page_finalize (GObject *object)
{
  CrrcSyncPage *self = (CrrcSyncPage *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_pointer (&self->reject_rows, g_ptr_array_unref);
  g_clear_object (&self->sync);
  g_clear_object (&self->sync_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->remove_cancellable);
  g_clear_pointer (&self->feed_url, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->sync_source, g_free);
  g_clear_pointer (&self->progress_feed, g_free);
  g_clear_pointer (&self->loading_source, g_free);
  g_clear_pointer (&self->loaded_source, g_free);
  g_clear_pointer (&self->states, g_ptr_array_unref);
  g_clear_pointer (&self->runs, g_hash_table_unref);
  g_clear_pointer (&self->feed_rows, g_ptr_array_unref);
  g_clear_pointer (&self->last_success, g_date_time_unref);
  g_clear_pointer (&self->last_attempt, g_date_time_unref);

  G_OBJECT_CLASS (crrc_sync_page_parent_class)->finalize (object);
}

static void
crrc_sync_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CrrcSyncPage *self = CRRC_SYNC_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;

    case PROP_IMPORTING:
      g_value_set_boolean (value, crrc_sync_page_get_importing (self));
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, crrc_sync_page_get_syncing (self));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, crrc_sync_page_get_busy (self));
      break;

    case PROP_CAN_SYNC:
      g_value_set_boolean (value, crrc_sync_page_get_can_sync (self));
      break;

    case PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, crrc_sync_page_get_network_available (self));
      break;

    case PROP_DEMO:
      g_value_set_boolean (value, crrc_sync_page_get_demo (self));
      break;

    case PROP_LAST_SUCCESS:
      g_value_set_boxed (value, self->last_success);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_sync_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CrrcSyncPage *self = CRRC_SYNC_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      crrc_sync_page_set_application (self, g_value_get_object (value));
      break;

    case PROP_NETWORK_AVAILABLE:
      crrc_sync_page_set_network_available (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_sync_page_class_init (CrrcSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_sync_page_dispose;
  object_class->finalize = crrc_sync_page_finalize;
  object_class->get_property = crrc_sync_page_get_property;
  object_class->set_property = crrc_sync_page_set_property;

  widget_class->root = crrc_sync_page_root;
  widget_class->unroot = crrc_sync_page_unroot;

  /**
   * CrrcSyncPage:application:
   *
   * The application whose cache files are imported into.
   */
  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         CRRC_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CrrcSyncPage:importing:
   *
   * Whether a file is being imported.
   */
  properties[PROP_IMPORTING] =
    g_param_spec_boolean ("importing", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CrrcSyncPage:syncing:
   *
   * Whether the feeds are being synchronised.
   */
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CrrcSyncPage:busy:
   *
   * Whether the page uses the store: an import, a sync, or reading the
   * state of the feeds. Nothing else may use it meanwhile.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CrrcSyncPage:can-sync:
   *
   * Whether crrc_sync_page_start_sync() would start a sync now: a feed is
   * configured, the cache is open and free, its state was read, and the
   * feed can be reached.
   */
  properties[PROP_CAN_SYNC] =
    g_param_spec_boolean ("can-sync", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CrrcSyncPage:network-available:
   *
   * Whether the network is there, as the network monitor says. Without
   * it, a feed on another computer cannot be synchronised.
   */
  properties[PROP_NETWORK_AVAILABLE] =
    g_param_spec_boolean ("network-available", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CrrcSyncPage:last-success:
   *
   * When a feed of the configured source was last brought up to date, or
   * %NULL.
   */
  properties[PROP_LAST_SUCCESS] =
    g_param_spec_boxed ("last-success", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CrrcSyncPage:demo:
   *
   * Whether the page shows the demonstration data: no feed is configured
   * and the demonstration data was not removed (the `show-demo-data`
   * setting). The page then synchronises the built-in demonstration feed.
   */
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pages/crrc-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, feeds_group);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, configure_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, status_list);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, offline_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, sync_error_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, sync_progress_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, sync_progress_label);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, sync_progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, sync_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, feeds_list);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, never_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, progress_list);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, progress_file_label);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, summary_group);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, file_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, format_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, format_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, extracted_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, extracted_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, read_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, read_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, added_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, added_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, updated_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, updated_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, unchanged_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, unchanged_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, rejected_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, rejected_value);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, categories_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcSyncPage, rejects_row);

  gtk_widget_class_install_action (widget_class, "sync.import-file", NULL, import_file_action);
  gtk_widget_class_install_action (widget_class, "sync.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "sync.cancel-sync", NULL, cancel_sync_action);
}

static void
crrc_sync_page_init (CrrcSyncPage *self)
{
  GNetworkMonitor *monitor;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 gives a button with a mnemonic its label, underscore included,
   * as accessible label, and screen readers read it before the visible
   * text; the visible text alone names the button. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->import_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->sync_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->configure_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->sync_cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL);

  self->reject_rows = g_ptr_array_new ();
  self->feed_rows = g_ptr_array_new_with_free_func (feed_row_free);
  self->runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, feed_run_free);

  monitor = g_network_monitor_get_default ();
  self->network_available = g_network_monitor_get_network_available (monitor);
  g_signal_connect_object (monitor, "network-changed",
                           G_CALLBACK (network_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::feed-url",
                           G_CALLBACK (feed_url_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::show-demo-data",
                           G_CALLBACK (feed_url_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_description (self);
  feed_url_changed_cb (self);

  update_state (self);
}

GtkWidget *
crrc_sync_page_new (void)
{
  return g_object_new (CRRC_TYPE_SYNC_PAGE, NULL);
}

/**
 * crrc_sync_page_get_application:
 *
 * Returns: (transfer none) (nullable): the application imported into
 */
CrrcApplication *
crrc_sync_page_get_application (CrrcSyncPage *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), NULL);

  return self->application;
}

/**
 * crrc_sync_page_set_application:
 * @application: (nullable): the application whose cache files go into
 *
 * The page follows the application's store: importing is possible once it
 * is open.
 */
void
crrc_sync_page_set_application (CrrcSyncPage    *self,
                                CrrcApplication *application)
{
  g_return_if_fail (CRRC_IS_SYNC_PAGE (self));
  g_return_if_fail (application == NULL || CRRC_IS_APPLICATION (application));

  if (self->application == application)
    return;

  if (self->application != NULL)
    g_clear_signal_handler (&self->store_handler, self->application);

  /* Not a reference: the window holds the application, and a page kept
   * alive by a read or a sync that finishes late must not keep it. */
  g_set_weak_pointer (&self->application, application);

  if (application != NULL)
    self->store_handler = g_signal_connect_swapped (application, "notify::store",
                                                    G_CALLBACK (store_changed_cb), self);

  feed_url_changed_cb (self);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATION]);
}

gboolean
crrc_sync_page_get_importing (CrrcSyncPage *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * crrc_sync_page_choose_file:
 *
 * Asks for a file to import, when one can be imported now.
 */
void
crrc_sync_page_choose_file (CrrcSyncPage *self)
{
  GtkRoot *root;

  g_return_if_fail (CRRC_IS_SYNC_PAGE (self));

  if (is_busy (self) || get_store (self) == NULL)
    return;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (_("Import a File"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  add_filters (GTK_FILE_CHOOSER (self->chooser));
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);

  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/**
 * crrc_sync_page_import_file:
 * @file: a FINESS extract, a FiNESS+ file or CERT-FR bulletins, possibly
 *   gzip-compressed
 *
 * Imports @file into the application's cache, showing the progress, then
 * the report or why the file was refused. This is what the file chooser
 * does with the chosen file, and what dropping a file will do.
 *
 * Returns: %TRUE if the import started; %FALSE when another one, a sync or
 *   a read of the feeds' state is running, or the cache is not open
 */
gboolean
crrc_sync_page_import_file (CrrcSyncPage *self,
                            GFile        *file)
{
  CrrcStore *store;
  g_autofree char *file_name = NULL;

  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  store = get_store (self);
  if (is_busy (self) || store == NULL)
    return FALSE;

  self->cancellable = g_cancellable_new ();
  g_set_object (&self->file, file);
  self->generation++;

  file_name = get_display_name (file);
  gtk_label_set_text (self->progress_file_label, file_name);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, file_name,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, _("Starting…"),
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_list), TRUE);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);
  update_state (self);
  g_object_thaw_notify (G_OBJECT (self));

  crrc_import_file_async (store, file,
                          import_progress_cb, progress_data_new (self), progress_data_free,
                          self->cancellable,
                          import_done_cb, g_object_ref (self));

  return TRUE;
}

/**
 * crrc_sync_page_cancel_import:
 *
 * Stops the running import, if any: nothing of the file is kept.
 */
void
crrc_sync_page_cancel_import (CrrcSyncPage *self)
{
  g_return_if_fail (CRRC_IS_SYNC_PAGE (self));

  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
  update_state (self);
}

/**
 * crrc_sync_page_get_busy:
 *
 * Returns: whether the page uses the store (an import, a sync, or reading
 *   the feeds' state): nothing else may use it meanwhile
 */
gboolean
crrc_sync_page_get_busy (CrrcSyncPage *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), FALSE);

  return is_busy (self);
}

gboolean
crrc_sync_page_get_syncing (CrrcSyncPage *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), FALSE);

  return self->sync_cancellable != NULL;
}

gboolean
crrc_sync_page_get_can_sync (CrrcSyncPage *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), FALSE);

  return compute_can_sync (self);
}

/* Starts the engine on @url; the sync's cancellable and source are set. */
static void
run_sync (CrrcSyncPage *self,
          const char   *url,
          gboolean      demo)
{
  const char *session_token = NULL;

  self->sync = crrc_sync_new (get_store (self), url);
  /* The demonstration feed is local and has no token. A token kept for
   * this session only (not in the keyring) is the one to use. */
  if (!demo)
    session_token = crrc_application_get_session_token (self->application, url);
  if (demo || session_token != NULL)
    crrc_sync_set_use_keyring (self->sync, FALSE);
  if (session_token != NULL)
    crrc_feed_client_set_token (crrc_sync_get_client (self->sync), session_token);
  g_signal_connect_swapped (self->sync, "progress", G_CALLBACK (sync_progress_cb), self);
  crrc_sync_run_async (self->sync, self->sync_cancellable, sync_done_cb, g_object_ref (self));
}

/* Writes the demonstration feed when its manifest is missing. */
static void
write_demo_feed_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  const char *directory = task_data;
  g_autofree char *manifest = g_build_filename (directory, "manifest.json", NULL);
  GError *error = NULL;

  if (!g_file_test (manifest, G_FILE_TEST_EXISTS) &&
      !crrc_demo_write_feed (directory, CRRC_DEMO_SEED, 1, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
demo_feed_ready_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CrrcSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);

  if (error == NULL)
    g_cancellable_set_error_if_cancelled (self->sync_cancellable, &error);
  if (error == NULL && (self->application == NULL ||
                        crrc_application_get_cache_path (self->application) == NULL))
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("The location of the cache is not known yet"));

  if (self->disposed)
    {
      g_clear_object (&self->sync_cancellable);
      g_clear_pointer (&self->sync_source, g_free);
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      return;
    }

  if (error != NULL)
    {
      g_autofree char *source = g_steal_pointer (&self->sync_source);

      finish_sync (self, source, NULL, error);
      return;
    }

  /* The feed's address is the one its source was computed from. */
  {
    g_autofree char *url = crrc_demo_get_url (crrc_application_get_cache_path (self->application));

    run_sync (self, url, TRUE);
  }
}

/**
 * crrc_sync_page_start_sync:
 * @automatic: whether the sync was started by the scheduler, not by the
 *   user: it says nothing when nothing changed
 *
 * Synchronises the cache from the configured feed, showing the progress,
 * then each feed's outcome. What Sync Now does.
 *
 * Returns: %TRUE if the sync started; %FALSE when it cannot start now
 *   (see #CrrcSyncPage:can-sync)
 */
gboolean
crrc_sync_page_start_sync (CrrcSyncPage *self,
                           gboolean      automatic)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), FALSE);

  if (!compute_can_sync (self))
    return FALSE;

  self->sync_cancellable = g_cancellable_new ();
  self->sync_source = g_strdup (self->source);
  self->sync_automatic = automatic;

  now = g_date_time_new_now_utc ();
  add_attempt (self, now);

  gtk_widget_set_visible (GTK_WIDGET (self->sync_error_row), FALSE);
  gtk_progress_bar_set_fraction (self->sync_progress_bar, 0.0);
  g_clear_pointer (&self->progress_feed, g_free);
  self->progress_n_feeds = 0;
  set_sync_progress_text (self, _("Connecting to the feed…"));
  self->pulse_id = g_timeout_add (PULSE_INTERVAL_MS, pulse_cb, self);
  g_source_set_name_by_id (self->pulse_id, "[crrc] sync progress");

  update_state (self);

  /* The demonstration feed is written first, if its files are not there;
   * then it is synchronised like any other. */
  if (self->demo)
    {
      g_autoptr(GTask) task = g_task_new (NULL, self->sync_cancellable,
                                          demo_feed_ready_cb, g_object_ref (self));
      g_autofree char *directory = crrc_demo_get_directory (crrc_application_get_cache_path (self->application));

      g_task_set_source_tag (task, crrc_sync_page_start_sync);
      g_task_set_task_data (task, g_steal_pointer (&directory), g_free);
      g_task_run_in_thread (task, write_demo_feed_thread);
    }
  else
    {
      run_sync (self, self->feed_url, FALSE);
    }

  return TRUE;
}

/**
 * crrc_sync_page_get_demo:
 *
 * Returns: whether the page shows the demonstration data (see
 *   #CrrcSyncPage:demo)
 */
gboolean
crrc_sync_page_get_demo (CrrcSyncPage *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), FALSE);

  return self->demo;
}

static void
remove_demo_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;

  if (crrc_demo_remove (CRRC_STORE (source_object), task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
remove_demo_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CrrcSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  g_clear_object (&self->remove_cancellable);

  if (self->disposed)
    return;

  if (error != NULL)
    {
      g_autofree char *message = NULL;

      g_warning ("Could not remove the demonstration data: %s", error->message);
      /* Translators: %s says why, in a sentence of its own */
      message = g_strdup_printf (_("The demonstration data could not be removed: %s"), error->message);
      show_toast (self, message);
      request_load (self);
      return;
    }

  /* Out of demonstration mode: no feed is configured any more. */
  g_settings_set_boolean (self->settings, "show-demo-data", FALSE);
  if (self->application != NULL)
    crrc_application_data_changed (self->application);
  feed_url_changed_cb (self);
  /* What the analyst just asked for: shown at once, before any toast of
   * the sync that loaded the data. */
  show_toast_with_priority (self, _("Demonstration data removed"), ADW_TOAST_PRIORITY_HIGH);
  request_load (self);
}

/**
 * crrc_sync_page_remove_demo_data:
 *
 * Deletes the demonstration rows from the cache, in a worker thread, and
 * stops showing them (the `show-demo-data` setting). The analyst's own
 * data stays.
 *
 * Returns: %TRUE if the removal started; %FALSE when the page is not in
 *   demonstration mode or the cache is busy
 */
gboolean
crrc_sync_page_remove_demo_data (CrrcSyncPage *self)
{
  g_autoptr(GTask) task = NULL;
  CrrcStore *store;

  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), FALSE);

  store = get_store (self);
  if (!self->demo || self->source == NULL || store == NULL || is_busy (self))
    return FALSE;

  self->remove_cancellable = g_cancellable_new ();
  task = g_task_new (store, self->remove_cancellable, remove_demo_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, crrc_sync_page_remove_demo_data);
  g_task_set_task_data (task, g_strdup (self->source), g_free);
  g_task_run_in_thread (task, remove_demo_thread);
  update_state (self);

  return TRUE;
}

/**
 * crrc_sync_page_cancel_sync:
 *
 * Stops the running sync, if any: feeds not yet committed are left as
 * they were.
 */
void
crrc_sync_page_cancel_sync (CrrcSyncPage *self)
{
  g_return_if_fail (CRRC_IS_SYNC_PAGE (self));

  if (self->sync_cancellable == NULL)
    return;

  g_cancellable_cancel (self->sync_cancellable);
  set_sync_progress_text (self, _("Cancelling…"));
  update_state (self);
}

/**
 * crrc_sync_page_dup_last_success:
 *
 * Returns: (transfer full) (nullable): when a feed of the configured source
 *   was last brought up to date
 */
GDateTime *
crrc_sync_page_dup_last_success (CrrcSyncPage *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), NULL);

  return self->last_success != NULL ? g_date_time_ref (self->last_success) : NULL;
}

/**
 * crrc_sync_page_dup_last_attempt:
 *
 * Returns: (transfer full) (nullable): when a sync of the configured source
 *   last started, from the cache or in this session
 */
GDateTime *
crrc_sync_page_dup_last_attempt (CrrcSyncPage *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), NULL);

  return self->last_attempt != NULL ? g_date_time_ref (self->last_attempt) : NULL;
}

gboolean
crrc_sync_page_get_network_available (CrrcSyncPage *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), FALSE);

  return self->network_available;
}

/**
 * crrc_sync_page_set_network_available:
 *
 * What the network monitor says; the tests say it too.
 */
void
crrc_sync_page_set_network_available (CrrcSyncPage *self,
                                      gboolean      available)
{
  g_return_if_fail (CRRC_IS_SYNC_PAGE (self));

  available = !!available;
  if (self->network_available == available)
    return;

  self->network_available = available;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK_AVAILABLE]);
  update_state (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * crrc_sync_page_get_needs_network:
 *
 * Returns: whether the configured feed is on another computer: not a
 *   local folder (file://, resource://) nor a server on this one
 */
gboolean
crrc_sync_page_get_needs_network (CrrcSyncPage *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (self), FALSE);

  return url_needs_network (self->feed_url);
}
