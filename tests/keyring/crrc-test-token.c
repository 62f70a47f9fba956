/* crrc-test-token.c: puts a feed's access token in the keyring for a test,
 * the way the preferences window does
 *
 *   crrc-test-token store URL    (the token is read from standard input)
 *   crrc-test-token has URL      (exit 0 when a token is stored, 1 if not)
 *
 * The token never goes through the command line, where `ps` would show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crrc-feed-token.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  if (argc != 3)
    {
      g_printerr ("usage: crrc-test-token store|has URL\n");
      return 2;
    }

  if (g_str_equal (argv[1], "store"))
    {
      char token[512];

      if (fgets (token, sizeof token, stdin) == NULL)
        {
          g_printerr ("crrc-test-token: no token on the standard input\n");
          return 2;
        }
      g_strstrip (token);
      if (!crrc_feed_token_store (argv[2], token, NULL, &error))
        {
          g_printerr ("crrc-test-token: %s\n", error->message);
          return 1;
        }
      memset (token, 0, sizeof token);
      return 0;
    }

  if (g_str_equal (argv[1], "has"))
    {
      g_autofree char *token = crrc_feed_token_lookup (argv[2], NULL, &error);

      if (error != NULL)
        {
          g_printerr ("crrc-test-token: %s\n", error->message);
          return 2;
        }
      return token != NULL ? 0 : 1;
    }

  g_printerr ("usage: crrc-test-token store|has URL\n");
  return 2;
}
