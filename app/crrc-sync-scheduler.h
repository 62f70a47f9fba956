/* crrc-sync-scheduler.h: automatic synchronisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crrc-sync-page.h"

G_BEGIN_DECLS

/* The values of the `sync-interval` setting. */
typedef enum
{
  CRRC_SYNC_INTERVAL_OFF,
  CRRC_SYNC_INTERVAL_HOURLY,
  CRRC_SYNC_INTERVAL_DAILY,
} CrrcSyncInterval;

/* Seconds after the window is shown before the first automatic check. */
#define CRRC_SYNC_SCHEDULER_STARTUP_DELAY 10

#define CRRC_TYPE_SYNC_SCHEDULER (crrc_sync_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (CrrcSyncScheduler, crrc_sync_scheduler, CRRC, SYNC_SCHEDULER, GObject)

/*
 * The decision, with no clock and no state of its own. Times are Unix
 * seconds; @last_success and @last_attempt are 0 when there was none.
 * Returns whether a sync is due at @now; when it is not, @next_check is
 * the number of seconds to wait before asking again, or 0 when only a
 * change (of the settings or of the network) can make one due.
 */
gboolean           crrc_sync_scheduler_decide            (CrrcSyncInterval   interval,
                                                          gint64             last_success,
                                                          gint64             last_attempt,
                                                          gint64             now,
                                                          gboolean           online,
                                                          gboolean           metered,
                                                          gboolean           allow_metered,
                                                          guint             *next_check);
guint              crrc_sync_interval_get_seconds        (CrrcSyncInterval   interval);

CrrcSyncScheduler *crrc_sync_scheduler_new               (CrrcSyncPage      *page);
/* Arms the first check, @CRRC_SYNC_SCHEDULER_STARTUP_DELAY seconds from
 * now; call it once the window is on screen. */
void               crrc_sync_scheduler_start             (CrrcSyncScheduler *self);
void               crrc_sync_scheduler_set_startup_delay (CrrcSyncScheduler *self,
                                                          guint              seconds);
/* Seconds until the pending check (the first one included), or -1 when
 * none is armed: for the tests. */
gint64             crrc_sync_scheduler_get_next_check    (CrrcSyncScheduler *self);

G_END_DECLS
