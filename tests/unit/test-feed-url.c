/* test-feed-url.c: the feed addresses the dashboard accepts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "crrc-feed-url.h"

static void
test_accepted (void)
{
  static const char *urls[] = {
    "https://feeds.example.org/crrc/",
    "HTTPS://feeds.example.org",
    "http://127.0.0.1:8080/",
    "http://127.3.2.1/feed/",
    "http://localhost:9000/",
    "http://[::1]:8080/",
    "file:///var/lib/crrc/feed/",
    "resource:///fr/crrc/Dashboard/demo/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", urls[i]);
      g_assert_true (crrc_feed_url_check (urls[i], &error));
      g_assert_no_error (error);
    }
}

static void
test_refused (void)
{
  static const struct {
    const char *url;
    CrrcFeedUrlError code;
  } cases[] = {
    { "http://feeds.example.org/", CRRC_FEED_URL_ERROR_INSECURE },
    { "http://192.168.1.10/", CRRC_FEED_URL_ERROR_INSECURE },
    { "http://10.0.0.1/", CRRC_FEED_URL_ERROR_INSECURE },
    { "http://localhost.example.org/", CRRC_FEED_URL_ERROR_INSECURE },
    { "http://[::2]/", CRRC_FEED_URL_ERROR_INSECURE },
    { "ftp://feeds.example.org/", CRRC_FEED_URL_ERROR_UNSUPPORTED },
    { "javascript:alert(1)", CRRC_FEED_URL_ERROR_UNSUPPORTED },
    { "feeds.example.org/crrc", CRRC_FEED_URL_ERROR_INVALID },
    { "https://", CRRC_FEED_URL_ERROR_INVALID },
    { "https://exa mple.org/", CRRC_FEED_URL_ERROR_INVALID },
    { "https://exa\nmple.org/", CRRC_FEED_URL_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].url);
      g_assert_false (crrc_feed_url_check (cases[i].url, &error));
      g_assert_error (error, CRRC_FEED_URL_ERROR, (int) cases[i].code);
      /* The message names the address the user typed. */
      g_assert_nonnull (strstr (error->message, cases[i].url));
    }
}

static void
test_loopback (void)
{
  g_assert_true (crrc_feed_url_is_loopback ("localhost"));
  g_assert_true (crrc_feed_url_is_loopback ("LOCALHOST"));
  g_assert_true (crrc_feed_url_is_loopback ("127.0.0.1"));
  g_assert_true (crrc_feed_url_is_loopback ("127.255.0.9"));
  g_assert_true (crrc_feed_url_is_loopback ("::1"));
  g_assert_true (crrc_feed_url_is_loopback ("[::1]"));
  g_assert_false (crrc_feed_url_is_loopback ("128.0.0.1"));
  g_assert_false (crrc_feed_url_is_loopback ("0.0.0.0"));
  g_assert_false (crrc_feed_url_is_loopback ("example.org"));
  g_assert_false (crrc_feed_url_is_loopback (""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/feed-url/accepted", test_accepted);
  g_test_add_func ("/feed-url/refused", test_refused);
  g_test_add_func ("/feed-url/loopback", test_loopback);

  return g_test_run ();
}
