/* crrc-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>

#include "crrc-a11y.h"
#include "crrc-application.h"
#include "crrc-cli.h"
#include "crrc-preferences-window.h"
#include "crrc-window.h"

struct _CrrcApplication
{
  AdwApplication  parent_instance;

  char           *cache_path;
  CrrcStore      *store;
  GError         *store_error;
  GCancellable   *cancellable;
  /* SIGTERM and SIGINT, while the application runs. */
  guint           signal_ids[2];
  /* A token the analyst chose not to keep in the keyring (or could not):
   * in memory only, for the feed it was given for, until the app quits. */
  char           *session_token;
  char           *session_token_url;
  guint           store_requested : 1;
};

G_DEFINE_FINAL_TYPE (CrrcApplication, crrc_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DATA_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { "cache", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use the cache file PATH instead of the default one"), N_("PATH") },
  { NULL }
};

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CrrcApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;

  store = crrc_store_open_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (store == NULL)
    g_warning ("%s", error->message);
  else if (crrc_store_get_recovered_path (store) != NULL)
    g_message ("The damaged cache was moved to %s", crrc_store_get_recovered_path (store));

  g_set_object (&self->store, store);
  g_clear_error (&self->store_error);
  self->store_error = g_steal_pointer (&error);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
crrc_application_open_store (CrrcApplication *self)
{
  if (self->store_requested)
    return;

  self->store_requested = TRUE;

  if (self->cache_path == NULL)
    self->cache_path = crrc_store_get_default_path ();

  crrc_store_open_async (self->cache_path,
                         self->cancellable,
                         store_opened_cb,
                         g_object_ref (self));
}

static void
crrc_application_preferences_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  CrrcApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *preferences = crrc_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
crrc_application_about_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  static const char *developers[] = { "CRRC Dashboard contributors", NULL };
  CrrcApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("CRRC Dashboard"),
                         "application-icon", APP_ID,
                         "developer-name", _("CRRC Dashboard contributors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Cybersecurity of health and medico-social establishments, "
                                       "for the analysts of the regional cyber resource centres: "
                                       "incidents, audits, alerts, maturity diagnostics and "
                                       "campaigns, joined in one local cache that works offline."),
                         "website", "https://github.com/crrc-dashboard/crrc-dashboard",
                         "issue-url", "https://github.com/crrc-dashboard/crrc-dashboard/issues",
                         "developers", developers,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         "copyright", "© 2026 CRRC Dashboard contributors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
crrc_application_quit_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "preferences", crrc_application_preferences_action },
  { "about", crrc_application_about_action },
  { "quit", crrc_application_quit_action },
};

static int
crrc_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  CrrcApplication *self = CRRC_APPLICATION (app);
  const char *cache = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("crrc-dashboard %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "cache", "^&ay", &cache))
    {
      if (cache[0] == '\0')
        {
          g_printerr (_("--cache needs the path of a cache file\n"));
          return 2;
        }

      g_free (self->cache_path);
      self->cache_path = g_canonicalize_filename (cache, NULL);

      /* A window on another cache file is another instance: it must not
       * hand its activation to one that already runs on the default cache. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  if (self->cache_path == NULL)
    self->cache_path = crrc_store_get_default_path ();

  /* Headless commands: no window, no display needed. */
  return crrc_cli_run (app, options, self->cache_path);
}

/* SIGTERM (a logout, systemd) and SIGINT quit like Ctrl+Q: the running sync
 * or import is cancelled and rolled back before the process ends. */
static gboolean
crrc_application_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));

  return G_SOURCE_CONTINUE;
}

static void
crrc_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (crrc_application_parent_class)->startup (app);

  crrc_a11y_watch_toplevels ();

  g_action_map_add_action_entries (G_ACTION_MAP (app),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);

  /* Diffusion mode (hides names, suppresses small counts): one stateful
   * action for the whole application, kept in GSettings. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autoptr(GAction) diffusion = g_settings_create_action (settings, "diffusion-mode");

    g_action_map_add_action (G_ACTION_MAP (app), diffusion);
  }

  CRRC_APPLICATION (app)->signal_ids[0] = g_unix_signal_add (SIGTERM, crrc_application_signal_cb, app);
  CRRC_APPLICATION (app)->signal_ids[1] = g_unix_signal_add (SIGINT, crrc_application_signal_cb, app);
}

static void
crrc_application_activate (GApplication *app)
{
  CrrcApplication *self = CRRC_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (crrc_window_new (self));

  gtk_window_present (window);

  crrc_application_open_store (self);
}

static void
crrc_application_shutdown (GApplication *app)
{
  CrrcApplication *self = CRRC_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  /* Waits for the running sync or import to roll back. */
  if (self->store != NULL)
    crrc_store_shutdown (self->store);
  for (guint i = 0; i < G_N_ELEMENTS (self->signal_ids); i++)
    g_clear_handle_id (&self->signal_ids[i], g_source_remove);
  /* The settings action follows the setting: it must not outlive the
   * application's action group (a change would reach a freed group). */
  g_action_map_remove_action (G_ACTION_MAP (app), "diffusion-mode");

  G_APPLICATION_CLASS (crrc_application_parent_class)->shutdown (app);
}

static void
crrc_application_finalize (GObject *object)
{
  CrrcApplication *self = (CrrcApplication *)object;

  crrc_application_set_session_token (self, NULL, NULL);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->cache_path, g_free);

  G_OBJECT_CLASS (crrc_application_parent_class)->finalize (object);
}

static void
crrc_application_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CrrcApplication *self = CRRC_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_application_class_init (CrrcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = crrc_application_finalize;
  object_class->get_property = crrc_application_get_property;

  app_class->handle_local_options = crrc_application_handle_local_options;
  app_class->startup = crrc_application_startup;
  app_class->activate = crrc_application_activate;
  app_class->shutdown = crrc_application_shutdown;

  /**
   * CrrcApplication:store:
   *
   * The opened cache, or %NULL while it opens or when it could not be
   * opened (see crrc_application_get_store_error()). Notified once the
   * attempt to open it has finished, whatever its outcome.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRRC_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrrcApplication::data-changed:
   *
   * The cache's content changed: pages showing figures reload them.
   */
  signals[DATA_CHANGED] =
    g_signal_new ("data-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
crrc_application_init (CrrcApplication *self)
{
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  crrc_cli_add_options (G_APPLICATION (self));
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Cybersecurity dashboard of the health and medico-social "
                                              "sector, for the regional cyber resource centres."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Without options, the dashboard window opens on the "
                                                  "local cache. The options above work without a display.\n\n"
                                                  "Exit status of --import, --export-csv, --report, --export and "
                                                  "--slides: 0 when done (an import may have rejected some rows), 1 "
                                                  "when refused or a file cannot be written (the cache is unchanged), "
                                                  "2 for a usage error."));
}

CrrcApplication *
crrc_application_new (void)
{
  return g_object_new (CRRC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * crrc_application_get_cache_path:
 *
 * Returns: (nullable): the cache file in use, known once the window opened
 */
const char *
crrc_application_get_cache_path (CrrcApplication *self)
{
  g_return_val_if_fail (CRRC_IS_APPLICATION (self), NULL);

  return self->cache_path;
}

/**
 * crrc_application_get_store:
 *
 * Returns: (transfer none) (nullable): the opened cache
 */
CrrcStore *
crrc_application_get_store (CrrcApplication *self)
{
  g_return_val_if_fail (CRRC_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * crrc_application_get_store_error:
 *
 * Returns: (transfer none) (nullable): why the cache could not be opened
 */
const GError *
crrc_application_get_store_error (CrrcApplication *self)
{
  g_return_val_if_fail (CRRC_IS_APPLICATION (self), NULL);

  return self->store_error;
}

void
crrc_application_data_changed (CrrcApplication *self)
{
  g_return_if_fail (CRRC_IS_APPLICATION (self));

  g_signal_emit (self, signals[DATA_CHANGED], 0);
}

/**
 * crrc_application_set_session_token:
 * @feed_url: (nullable): the feed the token belongs to
 * @token: (nullable): the token, or %NULL to forget it
 *
 * Keeps @token in memory, for syncs of @feed_url until the application
 * quits: for an analyst who chose not to store it in the keyring, or who has
 * no keyring. It is never written anywhere. The previous one is wiped.
 */
void
crrc_application_set_session_token (CrrcApplication *self,
                                    const char      *feed_url,
                                    const char      *token)
{
  g_return_if_fail (CRRC_IS_APPLICATION (self));

  if (self->session_token != NULL)
    memset (self->session_token, 0, strlen (self->session_token));
  g_clear_pointer (&self->session_token, g_free);
  g_clear_pointer (&self->session_token_url, g_free);

  if (feed_url != NULL && token != NULL && token[0] != '\0')
    {
      self->session_token = g_strdup (token);
      self->session_token_url = g_strdup (feed_url);
    }
}

/**
 * crrc_application_get_session_token:
 * @feed_url: the feed about to be synchronised
 *
 * Returns: (nullable): the token kept for this session for @feed_url, or
 *   %NULL (then the sync looks in the keyring)
 */
const char *
crrc_application_get_session_token (CrrcApplication *self,
                                    const char      *feed_url)
{
  g_return_val_if_fail (CRRC_IS_APPLICATION (self), NULL);

  if (feed_url == NULL || g_strcmp0 (feed_url, self->session_token_url) != 0)
    return NULL;

  return self->session_token;
}
