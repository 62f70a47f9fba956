/* crrc-feed-token.c: the feed's access token, kept in the user's keyring
 *
 * The bearer token a publisher gives a resource centre is a secret: it lives
 * in the Secret Service (GNOME Keyring, KWallet…) under the feed's URL, and
 * never in GSettings, the cache, logs or error messages. Storing an empty
 * token removes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-feed-token"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "crrc-feed-token.h"

G_DEFINE_QUARK (crrc-feed-token-error-quark, crrc_feed_token_error)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "fr.crrc.Dashboard.FeedToken", SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

/* libsecret's messages come from D-Bus and say little to a user; they are
 * kept after ours. They never contain the token. */
static void
translate_error (GError     **error,
                 GError      *secret_error)
{
  if (secret_error == NULL)
    return;

  if (g_error_matches (secret_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, secret_error);
      return;
    }

  if (secret_error->domain == G_DBUS_ERROR ||
      g_error_matches (secret_error, G_IO_ERROR, G_IO_ERROR_DBUS_ERROR) ||
      g_error_matches (secret_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (secret_error, G_IO_ERROR, G_IO_ERROR_FAILED))
    g_set_error (error, CRRC_FEED_TOKEN_ERROR, CRRC_FEED_TOKEN_ERROR_NO_KEYRING,
                 _("No keyring is available to keep the access token (%s). "
                   "Open a session with a keyring such as GNOME Keyring, or synchronise without a token."),
                 secret_error->message);
  else
    g_set_error (error, CRRC_FEED_TOKEN_ERROR, CRRC_FEED_TOKEN_ERROR_FAILED,
                 _("The keyring could not keep the access token: %s"), secret_error->message);

  g_error_free (secret_error);
}

/**
 * crrc_feed_token_lookup:
 * @feed_url: the feed's URL, as configured
 *
 * Returns: (transfer full) (nullable): the token, or %NULL when none is
 *   stored (without an error) or the keyring failed (with @error set)
 */
char *
crrc_feed_token_lookup (const char    *feed_url,
                        GCancellable  *cancellable,
                        GError       **error)
{
  GError *secret_error = NULL;
  char *token;

  g_return_val_if_fail (feed_url != NULL, NULL);

  token = secret_password_lookup_sync (get_schema (), cancellable, &secret_error,
                                       "url", feed_url, NULL);
  translate_error (error, secret_error);

  return token;
}

static char *
make_label (const char *feed_url)
{
  /* Translators: the name of the secret in the keyring; %s is a URL */
  return g_strdup_printf (_("CRRC Dashboard access token for %s"), feed_url);
}

/**
 * crrc_feed_token_store:
 * @token: (nullable): the token; %NULL or "" removes it
 */
gboolean
crrc_feed_token_store (const char    *feed_url,
                       const char    *token,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *label = NULL;
  GError *secret_error = NULL;
  gboolean ok;

  g_return_val_if_fail (feed_url != NULL, FALSE);

  if (token == NULL || token[0] == '\0')
    return crrc_feed_token_clear (feed_url, cancellable, error);

  label = make_label (feed_url);
  ok = secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                                   cancellable, &secret_error, "url", feed_url, NULL);
  translate_error (error, secret_error);

  return ok;
}

gboolean
crrc_feed_token_clear (const char    *feed_url,
                       GCancellable  *cancellable,
                       GError       **error)
{
  GError *secret_error = NULL;

  g_return_val_if_fail (feed_url != NULL, FALSE);

  /* FALSE without an error means there was nothing to remove. */
  secret_password_clear_sync (get_schema (), cancellable, &secret_error, "url", feed_url, NULL);
  if (secret_error != NULL)
    {
      translate_error (error, secret_error);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  char *feed_url;
  char *token;
} TokenTaskData;

static void
token_task_data_free (TokenTaskData *data)
{
  g_free (data->feed_url);
  if (data->token != NULL)
    {
      /* Do not leave the secret lying in freed memory. */
      memset (data->token, 0, strlen (data->token));
      g_free (data->token);
    }
  g_free (data);
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TokenTaskData *data = task_data;
  GError *error = NULL;

  if (crrc_feed_token_store (data->feed_url, data->token, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
crrc_feed_token_store_async (const char          *feed_url,
                             const char          *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TokenTaskData *data;

  g_return_if_fail (feed_url != NULL);

  data = g_new0 (TokenTaskData, 1);
  data->feed_url = g_strdup (feed_url);
  data->token = g_strdup (token);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, crrc_feed_token_store_async);
  g_task_set_task_data (task, data, (GDestroyNotify) token_task_data_free);
  g_task_run_in_thread (task, store_thread);
}

gboolean
crrc_feed_token_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TokenTaskData *data = task_data;
  GError *error = NULL;
  char *token;

  token = crrc_feed_token_lookup (data->feed_url, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_free);
}

void
crrc_feed_token_lookup_async (const char          *feed_url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TokenTaskData *data;

  g_return_if_fail (feed_url != NULL);

  data = g_new0 (TokenTaskData, 1);
  data->feed_url = g_strdup (feed_url);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, crrc_feed_token_lookup_async);
  g_task_set_task_data (task, data, (GDestroyNotify) token_task_data_free);
  g_task_run_in_thread (task, lookup_thread);
}

char *
crrc_feed_token_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
