/* test-sync-scheduler.c: when an automatic sync is due
 *
 * The decision of the scheduler, without a clock, a network or a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "crrc-sync-scheduler.h"

#define HOUR (60 * 60)
#define DAY (24 * HOUR)
/* 21 May 2024, 08:00 UTC. */
#define NOW G_GINT64_CONSTANT (1716278400)

typedef struct
{
  const char       *what;
  CrrcSyncInterval  interval;
  gint64            last_success;
  gint64            last_attempt;
  gboolean          online;
  gboolean          metered;
  gboolean          allow_metered;
  gboolean          due;
  guint             next_check;
} Case;

static const Case cases[] = {
  { "never synchronised", CRRC_SYNC_INTERVAL_HOURLY, 0, 0, TRUE, FALSE, FALSE, TRUE, 0 },
  { "never synchronised, daily", CRRC_SYNC_INTERVAL_DAILY, 0, 0, TRUE, FALSE, FALSE, TRUE, 0 },
  { "off", CRRC_SYNC_INTERVAL_OFF, 0, 0, TRUE, FALSE, FALSE, FALSE, 0 },
  { "off, long ago", CRRC_SYNC_INTERVAL_OFF, NOW - 30 * DAY, 0, TRUE, FALSE, FALSE, FALSE, 0 },
  { "hourly, 10 minutes ago", CRRC_SYNC_INTERVAL_HOURLY, NOW - 600, 0, TRUE, FALSE, FALSE, FALSE, HOUR - 600 },
  { "hourly, just an hour ago", CRRC_SYNC_INTERVAL_HOURLY, NOW - HOUR, 0, TRUE, FALSE, FALSE, TRUE, 0 },
  { "hourly, two hours ago", CRRC_SYNC_INTERVAL_HOURLY, NOW - 2 * HOUR, 0, TRUE, FALSE, FALSE, TRUE, 0 },
  { "daily, 23 hours ago", CRRC_SYNC_INTERVAL_DAILY, NOW - 23 * HOUR, 0, TRUE, FALSE, FALSE, FALSE, HOUR },
  { "daily, 25 hours ago", CRRC_SYNC_INTERVAL_DAILY, NOW - 25 * HOUR, 0, TRUE, FALSE, FALSE, TRUE, 0 },
  { "offline", CRRC_SYNC_INTERVAL_HOURLY, 0, 0, FALSE, FALSE, FALSE, FALSE, 0 },
  { "offline, long ago", CRRC_SYNC_INTERVAL_DAILY, NOW - 3 * DAY, 0, FALSE, FALSE, FALSE, FALSE, 0 },
  { "metered", CRRC_SYNC_INTERVAL_HOURLY, 0, 0, TRUE, TRUE, FALSE, FALSE, 0 },
  { "metered, allowed", CRRC_SYNC_INTERVAL_HOURLY, 0, 0, TRUE, TRUE, TRUE, TRUE, 0 },
  { "metered, allowed, recent", CRRC_SYNC_INTERVAL_HOURLY, NOW - 60, 0, TRUE, TRUE, TRUE, FALSE, HOUR - 60 },
  { "not metered, allowed", CRRC_SYNC_INTERVAL_DAILY, 0, 0, TRUE, FALSE, TRUE, TRUE, 0 },
  /* A failed attempt: a quarter of the interval before the next, an hour
   * at most. */
  { "hourly, failed 5 minutes ago", CRRC_SYNC_INTERVAL_HOURLY, NOW - 3 * HOUR, NOW - 300, TRUE, FALSE, FALSE, FALSE, 15 * 60 - 300 },
  { "hourly, failed 20 minutes ago", CRRC_SYNC_INTERVAL_HOURLY, NOW - 3 * HOUR, NOW - 1200, TRUE, FALSE, FALSE, TRUE, 0 },
  { "daily, failed 10 minutes ago", CRRC_SYNC_INTERVAL_DAILY, 0, NOW - 600, TRUE, FALSE, FALSE, FALSE, HOUR - 600 },
  { "daily, failed 2 hours ago", CRRC_SYNC_INTERVAL_DAILY, NOW - 2 * DAY, NOW - 2 * HOUR, TRUE, FALSE, FALSE, TRUE, 0 },
  /* An attempt that succeeded leaves the interval alone. */
  { "hourly, succeeded after the attempt", CRRC_SYNC_INTERVAL_HOURLY, NOW - 590, NOW - 600, TRUE, FALSE, FALSE, FALSE, HOUR - 590 },
  /* A clock set back does not put the next sync off for longer. */
  { "success in the future", CRRC_SYNC_INTERVAL_HOURLY, NOW + 10 * DAY, 0, TRUE, FALSE, FALSE, FALSE, HOUR },
  { "attempt in the future", CRRC_SYNC_INTERVAL_DAILY, NOW - 2 * DAY, NOW + DAY, TRUE, FALSE, FALSE, FALSE, HOUR },
};

static void
test_decide (gconstpointer data)
{
  const Case *c = data;
  guint next_check = 12345;
  gboolean due;

  due = crrc_sync_scheduler_decide (c->interval, c->last_success, c->last_attempt, NOW,
                                    c->online, c->metered, c->allow_metered, &next_check);

  g_assert_cmpint (due, ==, c->due);
  g_assert_cmpuint (next_check, ==, c->next_check);
}

static void
test_intervals (void)
{
  g_assert_cmpuint (crrc_sync_interval_get_seconds (CRRC_SYNC_INTERVAL_OFF), ==, 0);
  g_assert_cmpuint (crrc_sync_interval_get_seconds (CRRC_SYNC_INTERVAL_HOURLY), ==, HOUR);
  g_assert_cmpuint (crrc_sync_interval_get_seconds (CRRC_SYNC_INTERVAL_DAILY), ==, DAY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-scheduler/intervals", test_intervals);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync-scheduler/decide/%s", cases[i].what);

      g_test_add_data_func (path, &cases[i], test_decide);
    }

  return g_test_run ();
}
