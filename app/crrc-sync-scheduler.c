/* crrc-sync-scheduler.c: automatic synchronisation
 *
 * While the application runs, the feeds are synchronised every hour or
 * every day (the `sync-interval` setting), when the network is there and
 * not metered (unless `sync-on-metered` allows it). The sync is the
 * Synchronisation page's own, as if Sync Now had been pressed.
 *
 * Nothing happens before the window is drawn: the first check comes a few
 * seconds after it is shown, and syncs only if the last success recorded
 * in the cache is older than the interval. Between two checks the
 * scheduler sleeps on one timer, armed for the time the next sync is due;
 * a change of the settings, of the network or of the page re-arms it. An
 * idle application wakes up for nothing else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-sync-scheduler"

#include "config.h"

#include "crrc-sync-scheduler.h"

/* After an attempt that did not bring the feeds up to date, a quarter of
 * the interval passes before the next one, an hour at most. */
#define MAX_RETRY_DELAY (60 * 60)

struct _CrrcSyncScheduler
{
  GObject          parent_instance;

  GWeakRef         page;
  GSettings       *settings;
  GNetworkMonitor *monitor;

  guint            startup_delay;
  /* The one timer: the first check, then the next due time. */
  guint            timeout_id;
  gint64           timeout_at;     /* monotonic µs */
  gboolean         started;
  gboolean         startup_done;
};

G_DEFINE_FINAL_TYPE (CrrcSyncScheduler, crrc_sync_scheduler, G_TYPE_OBJECT)

static void reschedule (CrrcSyncScheduler *self);

guint
crrc_sync_interval_get_seconds (CrrcSyncInterval interval)
{
  switch (interval)
    {
    case CRRC_SYNC_INTERVAL_HOURLY:
      return 60 * 60;

    case CRRC_SYNC_INTERVAL_DAILY:
      return 24 * 60 * 60;

    case CRRC_SYNC_INTERVAL_OFF:
    default:
      return 0;
    }
}

/**
 * crrc_sync_scheduler_decide:
 * @interval: the setting
 * @last_success: when the feeds were last brought up to date, or 0
 * @last_attempt: when a sync last started, or 0
 * @now: the time to decide for
 * @online: whether the feed can be reached (always for local feeds)
 * @metered: whether the connection is metered
 * @allow_metered: the `sync-on-metered` setting
 * @next_check: (out): seconds to wait before deciding again, 0 for never
 *
 * Returns: whether a sync is due at @now
 */
gboolean
crrc_sync_scheduler_decide (CrrcSyncInterval  interval,
                            gint64            last_success,
                            gint64            last_attempt,
                            gint64            now,
                            gboolean          online,
                            gboolean          metered,
                            gboolean          allow_metered,
                            guint            *next_check)
{
  gint64 seconds = crrc_sync_interval_get_seconds (interval);
  gint64 due_at = 0;

  g_return_val_if_fail (next_check != NULL, FALSE);

  *next_check = 0;

  if (seconds == 0 || !online || (metered && !allow_metered))
    return FALSE;

  /* A clock set back must not put the next sync off by as long. */
  if (last_success > now)
    last_success = now;
  if (last_attempt > now)
    last_attempt = now;

  if (last_success > 0)
    due_at = last_success + seconds;

  /* An attempt since then did not succeed: wait before trying again. */
  if (last_attempt > 0 && last_attempt >= last_success)
    due_at = MAX (due_at, last_attempt + MIN (seconds / 4, MAX_RETRY_DELAY));

  if (due_at <= now)
    return TRUE;

  *next_check = (guint) MIN (due_at - now, (gint64) G_MAXUINT);
  return FALSE;
}

static gboolean
check_cb (gpointer user_data)
{
  CrrcSyncScheduler *self = user_data;

  self->timeout_id = 0;
  self->timeout_at = 0;
  self->startup_done = TRUE;

  reschedule (self);

  return G_SOURCE_REMOVE;
}

static void
arm (CrrcSyncScheduler *self,
     guint              seconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  self->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, seconds, check_cb, self, NULL);
  g_source_set_name_by_id (self->timeout_id, "[crrc] automatic sync");
  self->timeout_at = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
}

static void
disarm (CrrcSyncScheduler *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_at = 0;
}

/* Decides now, and either syncs or arms the timer for the next due time.
 * When the page cannot sync at the moment (no feed, cache not open, busy),
 * nothing is armed: the page's notifications call this again. */
static void
reschedule (CrrcSyncScheduler *self)
{
  g_autoptr(CrrcSyncPage) page = g_weak_ref_get (&self->page);
  g_autoptr(GDateTime) last_success = NULL;
  g_autoptr(GDateTime) last_attempt = NULL;
  CrrcSyncInterval interval;
  gboolean online;
  gboolean metered;
  guint next_check = 0;
  gint64 now;

  if (!self->started || !self->startup_done)
    return;

  disarm (self);

  if (page == NULL || !crrc_sync_page_get_can_sync (page))
    return;

  interval = g_settings_get_enum (self->settings, "sync-interval");
  if (crrc_sync_page_get_needs_network (page))
    {
      online = crrc_sync_page_get_network_available (page);
      metered = g_network_monitor_get_network_metered (self->monitor);
    }
  else
    {
      online = TRUE;
      metered = FALSE;
    }

  last_success = crrc_sync_page_dup_last_success (page);
  last_attempt = crrc_sync_page_dup_last_attempt (page);
  now = g_get_real_time () / G_USEC_PER_SEC;

  if (crrc_sync_scheduler_decide (interval,
                                  last_success != NULL ? g_date_time_to_unix (last_success) : 0,
                                  last_attempt != NULL ? g_date_time_to_unix (last_attempt) : 0,
                                  now,
                                  online, metered,
                                  g_settings_get_boolean (self->settings, "sync-on-metered"),
                                  &next_check))
    {
      g_debug ("Automatic synchronisation");
      crrc_sync_page_start_sync (page, TRUE);
      /* The page is busy now; its notification when it is done decides
       * again. */
      return;
    }

  if (next_check > 0)
    arm (self, next_check);
}

static void
changed_cb (CrrcSyncScheduler *self)
{
  reschedule (self);
}

static void
crrc_sync_scheduler_dispose (GObject *object)
{
  CrrcSyncScheduler *self = (CrrcSyncScheduler *)object;

  disarm (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (crrc_sync_scheduler_parent_class)->dispose (object);
}

static void
crrc_sync_scheduler_finalize (GObject *object)
{
  CrrcSyncScheduler *self = (CrrcSyncScheduler *)object;

  g_weak_ref_clear (&self->page);

  G_OBJECT_CLASS (crrc_sync_scheduler_parent_class)->finalize (object);
}

static void
crrc_sync_scheduler_class_init (CrrcSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crrc_sync_scheduler_dispose;
  object_class->finalize = crrc_sync_scheduler_finalize;
}

static void
crrc_sync_scheduler_init (CrrcSyncScheduler *self)
{
  g_weak_ref_init (&self->page, NULL);
  self->startup_delay = CRRC_SYNC_SCHEDULER_STARTUP_DELAY;
}

/**
 * crrc_sync_scheduler_new:
 * @page: the page whose sync runs automatically
 *
 * Returns: (transfer full): a scheduler, idle until
 *   crrc_sync_scheduler_start()
 */
CrrcSyncScheduler *
crrc_sync_scheduler_new (CrrcSyncPage *page)
{
  CrrcSyncScheduler *self;

  g_return_val_if_fail (CRRC_IS_SYNC_PAGE (page), NULL);

  self = g_object_new (CRRC_TYPE_SYNC_SCHEDULER, NULL);
  g_weak_ref_set (&self->page, page);
  self->settings = g_settings_new (APP_ID);
  self->monitor = g_object_ref (g_network_monitor_get_default ());

  g_signal_connect_object (self->settings, "changed::sync-interval",
                           G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::sync-on-metered",
                           G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "notify::network-metered",
                           G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  /* The feed URL, the cache, the network as the page sees it, and the
   * end of a sync all show in these. */
  g_signal_connect_object (page, "notify::can-sync",
                           G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::last-success",
                           G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::network-available",
                           G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

void
crrc_sync_scheduler_start (CrrcSyncScheduler *self)
{
  g_return_if_fail (CRRC_IS_SYNC_SCHEDULER (self));

  if (self->started)
    return;

  self->started = TRUE;
  arm (self, self->startup_delay);
}

/**
 * crrc_sync_scheduler_set_startup_delay:
 * @seconds: delay of the first check after crrc_sync_scheduler_start()
 *
 * When the first check is pending, it is moved to @seconds from now.
 */
void
crrc_sync_scheduler_set_startup_delay (CrrcSyncScheduler *self,
                                       guint              seconds)
{
  g_return_if_fail (CRRC_IS_SYNC_SCHEDULER (self));

  self->startup_delay = seconds;

  if (self->started && !self->startup_done)
    arm (self, seconds);
}

gint64
crrc_sync_scheduler_get_next_check (CrrcSyncScheduler *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_SCHEDULER (self), -1);

  if (self->timeout_id == 0)
    return -1;

  return MAX (0, (self->timeout_at - g_get_monotonic_time ()) / G_USEC_PER_SEC);
}
