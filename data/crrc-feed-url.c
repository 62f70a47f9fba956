/* crrc-feed-url.c: which feed addresses the dashboard accepts
 *
 * The feed protocol allows https:// anywhere, plain http:// only to this
 * computer (127.0.0.0/8, ::1, localhost), and local folders through file://
 * or resource://. Anything else is refused before a connection is made, so
 * health data never crosses a network in clear text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-feed-url"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crrc-feed-url.h"

G_DEFINE_QUARK (crrc-feed-url-error-quark, crrc_feed_url_error)

/**
 * crrc_feed_url_is_loopback:
 * @host: a host name or address, IPv6 with or without brackets
 *
 * Returns: whether @host names this computer
 */
gboolean
crrc_feed_url_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize len;

  g_return_val_if_fail (host != NULL, FALSE);

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  len = strlen (host);
  if (len > 2 && host[0] == '[' && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * crrc_feed_url_check:
 * @url: the base URL of a feed
 * @error: where to say why it is refused
 *
 * Returns: %TRUE when @url may be used as a feed
 */
gboolean
crrc_feed_url_check (const char  *url,
                     GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* GUri is lenient with spaces and line breaks in a host name. */
  for (const char *p = url; *p != '\0'; p++)
    {
      if ((guchar) *p <= 0x20 || *p == 0x7f)
        {
          g_set_error (error, CRRC_FEED_URL_ERROR, CRRC_FEED_URL_ERROR_INVALID,
                       _("“%s” is not a valid address: it contains spaces or control characters."),
                       url);
          return FALSE;
        }
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, CRRC_FEED_URL_ERROR, CRRC_FEED_URL_ERROR_INVALID,
                   _("“%s” is not a valid address: %s"), url, local_error->message);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  if (g_ascii_strcasecmp (scheme, "file") == 0 ||
      g_ascii_strcasecmp (scheme, "resource") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "https") != 0 &&
      g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, CRRC_FEED_URL_ERROR, CRRC_FEED_URL_ERROR_UNSUPPORTED,
                   _("“%s” is not supported: a feed address starts with https://, or file:// for a local folder."),
                   url);
      return FALSE;
    }

  if (host == NULL || host[0] == '\0')
    {
      g_set_error (error, CRRC_FEED_URL_ERROR, CRRC_FEED_URL_ERROR_INVALID,
                   _("“%s” names no server."), url);
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !crrc_feed_url_is_loopback (host))
    {
      g_set_error (error, CRRC_FEED_URL_ERROR, CRRC_FEED_URL_ERROR_INSECURE,
                   _("“%s” is refused: plain http:// would send health data unencrypted. "
                     "Use https://, or http:// only to this computer (localhost, 127.0.0.1, ::1)."),
                   url);
      return FALSE;
    }

  return TRUE;
}
