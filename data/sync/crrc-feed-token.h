/* crrc-feed-token.h: the feed's access token, kept in the user's keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CRRC_FEED_TOKEN_ERROR (crrc_feed_token_error_quark ())

typedef enum
{
  CRRC_FEED_TOKEN_ERROR_NO_KEYRING,
  CRRC_FEED_TOKEN_ERROR_FAILED,
} CrrcFeedTokenError;

GQuark    crrc_feed_token_error_quark  (void);

/* Blocking: for worker threads and the command line. */
char     *crrc_feed_token_lookup       (const char           *feed_url,
                                        GCancellable         *cancellable,
                                        GError              **error);
gboolean  crrc_feed_token_store        (const char           *feed_url,
                                        const char           *token,
                                        GCancellable         *cancellable,
                                        GError              **error);
gboolean  crrc_feed_token_clear        (const char           *feed_url,
                                        GCancellable         *cancellable,
                                        GError              **error);

/* For the UI thread. */
void      crrc_feed_token_store_async  (const char           *feed_url,
                                        const char           *token,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  crrc_feed_token_store_finish (GAsyncResult         *result,
                                        GError              **error);
void      crrc_feed_token_lookup_async (const char           *feed_url,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
char     *crrc_feed_token_lookup_finish (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
