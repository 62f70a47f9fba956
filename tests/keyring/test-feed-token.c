/* test-feed-token.c: the access token in a real keyring
 *
 * With the argument --no-keyring, runs the case where no Secret Service can
 * be reached; otherwise expects a keyring (tests/keyring/with-keyring.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "crrc-feed-token.h"

#define URL "https://feeds.example.org/crrc/"
#define OTHER_URL "https://other.example.org/crrc/"
#define SENTINEL "sentinel-token-7f3c9a"

static void
test_store_lookup_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *other = NULL;
  g_autofree char *cleared = NULL;

  g_assert_true (crrc_feed_token_store (URL, SENTINEL, NULL, &error));
  g_assert_no_error (error);

  token = crrc_feed_token_lookup (URL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, SENTINEL);

  /* Tokens belong to their feed. */
  other = crrc_feed_token_lookup (OTHER_URL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (other);

  /* Storing an empty token removes it; clearing twice is fine. */
  g_assert_true (crrc_feed_token_store (URL, "", NULL, &error));
  g_assert_no_error (error);
  cleared = crrc_feed_token_lookup (URL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (cleared);
  g_assert_true (crrc_feed_token_clear (URL, NULL, &error));
  g_assert_no_error (error);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (crrc_feed_token_store_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **token = user_data;
  g_autoptr(GError) error = NULL;

  *token = crrc_feed_token_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*token);
}

static void
test_async (void)
{
  g_autofree char *token = NULL;
  gboolean done = FALSE;

  crrc_feed_token_store_async (OTHER_URL, SENTINEL "-async", NULL, stored_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  crrc_feed_token_lookup_async (OTHER_URL, NULL, looked_up_cb, &token);
  while (token == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (token, ==, SENTINEL "-async");

  g_assert_true (crrc_feed_token_clear (OTHER_URL, NULL, NULL));
}

/* Without a keyring: a clear message, and the token is in no message. */
static void
test_no_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_assert_false (crrc_feed_token_store (URL, SENTINEL, NULL, &error));
  g_assert_error (error, CRRC_FEED_TOKEN_ERROR, CRRC_FEED_TOKEN_ERROR_NO_KEYRING);
  g_assert_nonnull (strstr (error->message, "No keyring"));
  g_assert_null (strstr (error->message, SENTINEL));
  g_clear_error (&error);

  token = crrc_feed_token_lookup (URL, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, CRRC_FEED_TOKEN_ERROR, CRRC_FEED_TOKEN_ERROR_NO_KEYRING);
}

int
main (int   argc,
      char *argv[])
{
  gboolean no_keyring = argc > 1 && g_str_equal (argv[argc - 1], "--no-keyring");

  if (no_keyring)
    argc--;

  g_test_init (&argc, &argv, NULL);

  if (no_keyring)
    {
      g_test_add_func ("/feed-token/no-keyring", test_no_keyring);
    }
  else
    {
      g_test_add_func ("/feed-token/store-lookup-clear", test_store_lookup_clear);
      g_test_add_func ("/feed-token/async", test_async);
    }

  return g_test_run ();
}
