/* crrc-feed-server-main.c: `crrc-feed-server`, the reference feed server
 *
 *   crrc-feed-server --dir=DIR [--port=N] [--page-size=N] [--gzip]
 *                    [--token=T] [--fault=PATH_GLOB:NAME[:TIMES]]…
 *
 * Serves a feed directory on 127.0.0.1 (tests/feed-server/README.md),
 * prints its base URL on the first line of standard output and serves
 * until interrupted (Ctrl+C) or terminated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-feed-server"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>

#include "crrc-test-feed-server.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_CONTINUE;
}

/* "PATH_GLOB:NAME" or "PATH_GLOB:NAME:TIMES". */
static gboolean
parse_fault (const char         *text,
             char              **glob,
             CrrcTestFeedFault  *fault,
             guint              *times,
             GError            **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  guint n = g_strv_length (parts);
  guint64 count = 0;

  if (n == 3 && !g_ascii_string_to_unsigned (parts[2], 10, 0, G_MAXUINT, &count, NULL))
    n = 0;
  if ((n != 2 && n != 3) || *parts[0] == '\0' ||
      !crrc_test_feed_fault_from_name (parts[1], fault))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Invalid fault ‘%s’: expected PATH_GLOB:NAME[:TIMES]", text);
      return FALSE;
    }

  *glob = g_strdup (parts[0]);
  *times = (guint) count;

  return TRUE;
}

static char *
list_faults (void)
{
  GString *text = g_string_new ("Faults:");

  for (guint i = CRRC_TEST_FEED_FAULT_NONE + 1; i < CRRC_TEST_FEED_N_FAULTS; i++)
    g_string_append_printf (text, "%s %s", i % 4 == 1 ? "\n " : "",
                            crrc_test_feed_fault_to_name ((CrrcTestFeedFault) i));

  return g_string_free (text, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CrrcTestFeedServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *token = NULL;
  g_autofree char *description = NULL;
  g_auto(GStrv) faults = NULL;
  gboolean gzip = FALSE;
  gboolean quiet = FALSE;
  int port = 0;
  int page_size = CRRC_TEST_FEED_DEFAULT_PAGE_SIZE;
  int drip_interval = CRRC_TEST_FEED_DEFAULT_DRIP_INTERVAL;
  guint sigint_id, sigterm_id;
  const GOptionEntry entries[] = {
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir,
      "The feed directory (manifest.json, NAME.records.json)", "DIR" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      "The TCP port on 127.0.0.1 (default: any free port)", "N" },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size,
      "Records per page (default 100)", "N" },
    { "gzip", 0, 0, G_OPTION_ARG_NONE, &gzip,
      "Compress bodies when the client accepts gzip", NULL },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token,
      "Require “Authorization: Bearer T”", "T" },
    { "fault", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &faults,
      "Answer requests whose path matches PATH_GLOB with a fault, TIMES times "
      "(default: always); repeatable", "PATH_GLOB:NAME[:TIMES]" },
    { "drip-interval", 0, 0, G_OPTION_ARG_INT, &drip_interval,
      "Milliseconds between two bytes of slow-drip (default 100)", "MS" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      "Do not log requests on standard error", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— serve a CRRC feed directory on 127.0.0.1");
  g_option_context_add_main_entries (context, entries, NULL);
  description = list_faults ();
  g_option_context_set_description (context, description);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("crrc-feed-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (dir == NULL)
    {
      g_printerr ("crrc-feed-server: --dir is required\n");
      return EXIT_FAILURE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("crrc-feed-server: %s is not a directory\n", dir);
      return EXIT_FAILURE;
    }
  if (port < 0 || port > G_MAXUINT16 || page_size < 1 || drip_interval < 1)
    {
      g_printerr ("crrc-feed-server: --port, --page-size or --drip-interval out of range\n");
      return EXIT_FAILURE;
    }

  server = crrc_test_feed_server_new_on_port (dir, (guint16) port, &error);
  if (server == NULL)
    {
      g_printerr ("crrc-feed-server: %s\n", error->message);
      return EXIT_FAILURE;
    }

  crrc_test_feed_server_set_page_size (server, (guint) page_size);
  crrc_test_feed_server_set_gzip (server, gzip);
  crrc_test_feed_server_set_token (server, token);
  crrc_test_feed_server_set_drip_interval (server, (guint) drip_interval);
  crrc_test_feed_server_set_verbose (server, !quiet);
  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    {
      g_autofree char *glob = NULL;
      CrrcTestFeedFault fault;
      guint times;

      if (!parse_fault (faults[i], &glob, &fault, &times, &error))
        {
          g_printerr ("crrc-feed-server: %s\n", error->message);
          return EXIT_FAILURE;
        }
      crrc_test_feed_server_set_fault (server, glob, fault, times);
    }

  g_print ("%s\n", crrc_test_feed_server_get_base_url (server));
  fflush (stdout);
  if (!quiet)
    g_printerr ("Serving %s; point the dashboard at it with "
                "crrc-dashboard --sync=%s — Ctrl+C stops.\n",
                crrc_test_feed_server_get_feed_dir (server),
                crrc_test_feed_server_get_base_url (server));

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  return EXIT_SUCCESS;
}
