/* crrc-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crrc-application.h"
#include "crrc-feed-token.h"
#include "crrc-feed-url.h"
#include "crrc-geo.h"
#include "crrc-preferences-window.h"
#include "crrc-purge.h"

#define NATIONAL_SCOPE "FR"

struct _CrrcPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  /* Region codes in the order of the region row's items. */
  GPtrArray            *region_codes;

  GCancellable         *cancellable;
  /* A token whose saving in the keyring is under way: kept until the
   * keyring answers, to offer using it for this session if it cannot. */
  char                 *pending_token;
  char                 *pending_url;
  gboolean              disposed;

  /* Template widgets */
  AdwEntryRow          *feed_url_row;
  AdwEntryRow          *token_row;
  GtkLabel             *token_status_label;
  GtkSwitch            *remember_token_switch;
  GtkButton            *purge_button;
  AdwComboRow          *region_row;
  AdwComboRow          *sync_interval_row;
  GtkSwitch            *metered_switch;
};

G_DEFINE_FINAL_TYPE (CrrcPreferencesWindow, crrc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The items of the automatic synchronisation row, in order. */
static const char * const sync_interval_nicks[] = { "off", "hourly", "daily" };

static gboolean
region_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  GPtrArray *region_codes = user_data;
  const char *code = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < region_codes->len; i++)
    {
      if (g_str_equal (code, g_ptr_array_index (region_codes, i)))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
region_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  GPtrArray *region_codes = user_data;
  guint position = g_value_get_uint (value);

  if (position >= region_codes->len)
    return NULL;

  return g_variant_new_string (g_ptr_array_index (region_codes, position));
}

static gboolean
sync_interval_get_mapping (GValue   *value,
                           GVariant *variant,
                           gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sync_interval_nicks); i++)
    {
      if (g_str_equal (nick, sync_interval_nicks[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
sync_interval_set_mapping (const GValue       *value,
                           const GVariantType *expected_type,
                           gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (sync_interval_nicks))
    return NULL;

  return g_variant_new_string (sync_interval_nicks[position]);
}

static void refresh_token_status (CrrcPreferencesWindow *self);

static void
show_toast (CrrcPreferencesWindow *self,
            const char            *title)
{
  /* A toast's title is Pango markup, and messages can quote data (a feed
   * address, an error from the keyring). */
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
feed_url_changed_cb (CrrcPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->feed_url_row), "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->feed_url_row), GTK_ACCESSIBLE_STATE_INVALID);
}

static void
feed_url_apply_cb (CrrcPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->feed_url_row))));

  if (url[0] != '\0' && !crrc_feed_url_check (url, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->feed_url_row), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->feed_url_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      show_toast (self, error->message);
      return;
    }

  g_settings_set_string (self->settings, "feed-url", url);
  if (url[0] != '\0')
    show_toast (self, _("Feed address saved"));
  else if (g_settings_get_boolean (self->settings, "show-demo-data"))
    show_toast (self, _("No feed: the demonstration data will be shown"));
  else
    show_toast (self, _("No feed: nothing will be synchronised"));
}

static void
feed_url_setting_changed_cb (CrrcPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "feed-url");

  if (g_strcmp0 (url, gtk_editable_get_text (GTK_EDITABLE (self->feed_url_row))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->feed_url_row), url);

  refresh_token_status (self);
}

static void
token_looked_up_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CrrcPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  /* Disposing the window cancels: then it must not be touched. */
  token = crrc_feed_token_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->token_status_label), token != NULL);
}

static CrrcApplication *
get_application (void)
{
  GApplication *application = g_application_get_default ();

  return CRRC_IS_APPLICATION (application) ? CRRC_APPLICATION (application) : NULL;
}

/* Shows whether a token is stored for the configured feed, or kept for
 * this session only. */
static void
refresh_token_status (CrrcPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "feed-url");
  CrrcApplication *application = get_application ();

  gtk_widget_set_visible (GTK_WIDGET (self->token_status_label), FALSE);
  if (url[0] == '\0')
    return;

  if (application != NULL && crrc_application_get_session_token (application, url) != NULL)
    {
      gtk_label_set_text (self->token_status_label, _("For this session only"));
      gtk_widget_set_visible (GTK_WIDGET (self->token_status_label), TRUE);
      return;
    }

  gtk_label_set_text (self->token_status_label, _("Stored in the keyring"));
  crrc_feed_token_lookup_async (url, self->cancellable, token_looked_up_cb, self);
}

static void
clear_pending_token (CrrcPreferencesWindow *self)
{
  if (self->pending_token != NULL)
    memset (self->pending_token, 0, strlen (self->pending_token));
  g_clear_pointer (&self->pending_token, g_free);
  g_clear_pointer (&self->pending_url, g_free);
}

static void
use_for_session (CrrcPreferencesWindow *self,
                 const char            *url,
                 const char            *token)
{
  CrrcApplication *application = get_application ();

  if (application == NULL)
    return;

  crrc_application_set_session_token (application, url, token);
  if (token != NULL && token[0] != '\0')
    show_toast (self, _("Access token kept until the application quits"));
  refresh_token_status (self);
}

static void
no_keyring_response_cb (CrrcPreferencesWindow *self,
                        const char            *response)
{
  if (g_str_equal (response, "session") && self->pending_token != NULL)
    use_for_session (self, self->pending_url, self->pending_token);
  clear_pending_token (self);
}

/* No Secret Service answers: the token cannot be saved. Say so, and offer
 * to use it without saving it. */
static void
ask_session_only (CrrcPreferencesWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("No Keyring Available"),
                                                       NULL));
  adw_message_dialog_set_body (dialog,
                               _("The access token cannot be saved: no keyring (Secret Service) "
                                 "answers in this session, and it is never written anywhere else. "
                                 "It can be used until the application quits, then it is forgotten."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "session", _("Use for This _Session"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "session", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "session");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (no_keyring_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
token_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CrrcPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!crrc_feed_token_store_finish (result, &error))
    {
      /* Disposing the window cancels: then it must not be touched. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, CRRC_FEED_TOKEN_ERROR, CRRC_FEED_TOKEN_ERROR_NO_KEYRING)
          && self->pending_token != NULL && self->pending_token[0] != '\0')
        {
          ask_session_only (self);
          return;
        }
      clear_pending_token (self);
      show_toast (self, error->message);
      return;
    }

  /* Saved (or removed): the session's copy, if any, is not needed. */
  if (self->pending_token != NULL && self->pending_token[0] != '\0')
    {
      use_for_session (self, NULL, NULL);
      show_toast (self, _("Access token saved in the keyring"));
    }
  else
    {
      use_for_session (self, NULL, NULL);
      show_toast (self, _("Access token removed"));
    }
  clear_pending_token (self);
  refresh_token_status (self);
}

static void
token_apply_cb (CrrcPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "feed-url");
  g_autofree char *token = NULL;

  if (url[0] == '\0')
    {
      show_toast (self, _("Set the feed address first: the token belongs to a feed"));
      return;
    }

  token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));
  /* The secret leaves the widget as soon as it is handed over. */
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");

  if (!g_settings_get_boolean (self->settings, "remember-token") && token[0] != '\0')
    {
      use_for_session (self, url, token);
    }
  else
    {
      clear_pending_token (self);
      self->pending_token = g_strdup (token);
      self->pending_url = g_strdup (url);
      crrc_feed_token_store_async (url, token, self->cancellable, token_stored_cb, self);
    }
  memset (token, 0, strlen (token));
}

static void
forgotten_token_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CrrcPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!crrc_feed_token_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && !g_error_matches (error, CRRC_FEED_TOKEN_ERROR, CRRC_FEED_TOKEN_ERROR_NO_KEYRING))
        show_toast (self, error->message);
      return;
    }
  refresh_token_status (self);
}

/* "Remember the Token" turned off: a token in the keyring moves to the
 * session's memory, and out of the keyring. */
static void
moved_to_session_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CrrcPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;

  token = crrc_feed_token_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (token == NULL)
    return;

  url = g_settings_get_string (self->settings, "feed-url");
  use_for_session (self, url, token);
  memset (token, 0, strlen (token));
  crrc_feed_token_store_async (url, "", self->cancellable, forgotten_token_cb, self);
}

static void
remember_token_changed_cb (CrrcPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "feed-url");

  if (url[0] == '\0' || g_settings_get_boolean (self->settings, "remember-token"))
    return;

  crrc_feed_token_lookup_async (url, self->cancellable, moved_to_session_cb, self);
}

static void
purged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CrrcPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  CrrcApplication *application = get_application ();
  gboolean ok;

  ok = crrc_store_write_finish (CRRC_STORE (object), result, &error);
  /* The pages reload, whatever happened: a failed purge left the cache as
   * it was, a done one emptied it. */
  if (application != NULL)
    crrc_application_data_changed (application);
  if (self->disposed)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->purge_button), TRUE);
  if (!ok)
    {
      g_autofree char *message = g_strdup_printf (_("The local data could not be deleted: %s"),
                                                  error->message);
      show_toast (self, message);
      return;
    }
  show_toast (self, _("Local data deleted"));
}

static void
purge_response_cb (AdwMessageDialog      *dialog,
                   const char            *response,
                   CrrcPreferencesWindow *self)
{
  CrrcApplication *application = get_application ();
  GtkCheckButton *forget_token;
  CrrcStore *store;

  if (!g_str_equal (response, "delete") || application == NULL)
    return;

  store = crrc_application_get_store (application);
  if (store == NULL)
    return;

  forget_token = GTK_CHECK_BUTTON (adw_message_dialog_get_extra_child (dialog));
  if (gtk_check_button_get_active (forget_token))
    {
      g_autofree char *url = g_settings_get_string (self->settings, "feed-url");

      use_for_session (self, NULL, NULL);
      if (url[0] != '\0')
        crrc_feed_token_store_async (url, "", self->cancellable, forgotten_token_cb, self);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->purge_button), FALSE);
  crrc_store_write_async (store, crrc_store_purge_locked, NULL, NULL, NULL,
                          purged_cb, g_object_ref (self));
}

static void
purge_clicked_cb (CrrcPreferencesWindow *self)
{
  AdwMessageDialog *dialog;
  GtkWidget *forget_token;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Delete All Local Data?"),
                                                       NULL));
  adw_message_dialog_set_body (dialog,
                               _("Everything the cache holds on this computer is deleted: the "
                                 "national data, the imported files, the history of "
                                 "synchronisations, and your own notes, diagnostics and "
                                 "campaigns. Work you have not exported (Export My Work… on the "
                                 "Campagnes page) is lost. The national data can be synchronised "
                                 "again."));
  forget_token = gtk_check_button_new_with_mnemonic (_("Also _forget the access token"));
  adw_message_dialog_set_extra_child (dialog, forget_token);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (purge_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
crrc_preferences_window_populate_regions (CrrcPreferencesWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const CrrcRegion *regions;
  guint n_regions = 0;

  regions = crrc_geo_get_regions (&n_regions);

  gtk_string_list_append (names, _("Whole of France"));
  g_ptr_array_add (self->region_codes, (gpointer) NATIONAL_SCOPE);

  for (guint i = 0; i < n_regions; i++)
    {
      gtk_string_list_append (names, regions[i].name);
      g_ptr_array_add (self->region_codes, (gpointer) regions[i].code);
    }

  adw_combo_row_set_model (self->region_row, G_LIST_MODEL (names));
}

static void
crrc_preferences_window_dispose (GObject *object)
{
  CrrcPreferencesWindow *self = (CrrcPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  self->disposed = TRUE;
  clear_pending_token (self);

  /* The rows may outlive the window; their bindings must not. */
  if (self->region_row != NULL)
    {
      g_settings_unbind (self->region_row, "selected");
      g_settings_unbind (self->sync_interval_row, "selected");
      g_settings_unbind (self->metered_switch, "active");
      g_settings_unbind (self->remember_token_switch, "active");
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), CRRC_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (crrc_preferences_window_parent_class)->dispose (object);
}

static void
crrc_preferences_window_finalize (GObject *object)
{
  CrrcPreferencesWindow *self = (CrrcPreferencesWindow *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->region_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (crrc_preferences_window_parent_class)->finalize (object);
}

static void
crrc_preferences_window_class_init (CrrcPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_preferences_window_dispose;
  object_class->finalize = crrc_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crrc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrrcPreferencesWindow, feed_url_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcPreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcPreferencesWindow, token_status_label);
  gtk_widget_class_bind_template_child (widget_class, CrrcPreferencesWindow, remember_token_switch);
  gtk_widget_class_bind_template_child (widget_class, CrrcPreferencesWindow, purge_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcPreferencesWindow, region_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcPreferencesWindow, sync_interval_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcPreferencesWindow, metered_switch);
  gtk_widget_class_bind_template_callback (widget_class, feed_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, feed_url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, purge_clicked_cb);
}

static void
crrc_preferences_window_init (CrrcPreferencesWindow *self)
{
  g_autofree char *url = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->region_codes = g_ptr_array_new ();

  url = g_settings_get_string (self->settings, "feed-url");
  gtk_editable_set_text (GTK_EDITABLE (self->feed_url_row), url);
  g_signal_connect_object (self->settings, "changed::feed-url",
                           G_CALLBACK (feed_url_setting_changed_cb), self,
                           G_CONNECT_SWAPPED);

  refresh_token_status (self);
  g_settings_bind (self->settings, "remember-token",
                   self->remember_token_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::remember-token",
                           G_CALLBACK (remember_token_changed_cb), self,
                           G_CONNECT_SWAPPED);

  crrc_preferences_window_populate_regions (self);
  g_settings_bind_with_mapping (self->settings, "region",
                                self->region_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                region_get_mapping, region_set_mapping,
                                g_ptr_array_ref (self->region_codes),
                                (GDestroyNotify) g_ptr_array_unref);

  g_settings_bind_with_mapping (self->settings, "sync-interval",
                                self->sync_interval_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                sync_interval_get_mapping, sync_interval_set_mapping,
                                NULL, NULL);

  g_settings_bind (self->settings, "sync-on-metered",
                   self->metered_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
crrc_preferences_window_new (void)
{
  return g_object_new (CRRC_TYPE_PREFERENCES_WINDOW, NULL);
}
