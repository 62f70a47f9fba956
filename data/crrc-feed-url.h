/* crrc-feed-url.h: which feed addresses the dashboard accepts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CRRC_FEED_URL_ERROR (crrc_feed_url_error_quark ())

typedef enum
{
  CRRC_FEED_URL_ERROR_INVALID,
  CRRC_FEED_URL_ERROR_INSECURE,
  CRRC_FEED_URL_ERROR_UNSUPPORTED,
} CrrcFeedUrlError;

GQuark   crrc_feed_url_error_quark (void);
gboolean crrc_feed_url_check       (const char  *url,
                                    GError     **error);
gboolean crrc_feed_url_is_loopback (const char  *host);

G_END_DECLS
