/* crrc-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crrc-feed-token.h"
#include "crrc-feed-url.h"
#include "crrc-geo.h"
#include "crrc-preferences-window.h"

#define NATIONAL_SCOPE "FR"

struct _CrrcPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  /* Region codes in the order of the region row's items. */
  GPtrArray            *region_codes;

  GCancellable         *cancellable;

  /* Template widgets */
  AdwEntryRow          *feed_url_row;
  AdwEntryRow          *token_row;
  GtkLabel             *token_status_label;
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
  AdwToast *toast = adw_toast_new (title);

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

/* Shows whether a token is stored for the configured feed. */
static void
refresh_token_status (CrrcPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "feed-url");

  gtk_widget_set_visible (GTK_WIDGET (self->token_status_label), FALSE);
  if (url[0] != '\0')
    crrc_feed_token_lookup_async (url, self->cancellable, token_looked_up_cb, self);
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
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  show_toast (self, _("Access token saved in the keyring"));
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
  /* The secret leaves the widget as soon as it is handed to the keyring. */
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  crrc_feed_token_store_async (url, token, self->cancellable, token_stored_cb, self);
  memset (token, 0, strlen (token));
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

  /* The rows may outlive the window; their bindings must not. */
  if (self->region_row != NULL)
    {
      g_settings_unbind (self->region_row, "selected");
      g_settings_unbind (self->sync_interval_row, "selected");
      g_settings_unbind (self->metered_switch, "active");
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
  gtk_widget_class_bind_template_child (widget_class, CrrcPreferencesWindow, region_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcPreferencesWindow, sync_interval_row);
  gtk_widget_class_bind_template_child (widget_class, CrrcPreferencesWindow, metered_switch);
  gtk_widget_class_bind_template_callback (widget_class, feed_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, feed_url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, token_apply_cb);
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
