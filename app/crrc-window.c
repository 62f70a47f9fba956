/* crrc-window.c: the main window, a view switcher over the four pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "crrc-banner.h"
#include "crrc-campagnes-page.h"
#include "crrc-etablissements-page.h"
#include "crrc-observatoire-page.h"
#include "crrc-sync-page.h"
#include "crrc-sync-scheduler.h"
#include "crrc-window.h"

typedef enum
{
  BANNER_NONE,
  BANNER_ERROR,
  BANNER_DEMO,
} BannerKind;

struct _CrrcWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  CrrcSyncScheduler    *sync_scheduler;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  CrrcBanner           *banner;
  GtkWidget            *diffusion_indicator;
  CrrcObservatoirePage *observatoire_page;
  CrrcEtablissementsPage *etablissements_page;
  CrrcCampagnesPage    *campagnes_page;
  CrrcSyncPage         *sync_page;

  /* What the banner says: a cache error has priority over the
   * demonstration data. */
  BannerKind            banner_kind;
};

G_DEFINE_FINAL_TYPE (CrrcWindow, crrc_window, ADW_TYPE_APPLICATION_WINDOW)

/* The pages, in the order of the view switcher and of Alt+1…4. */
static const char * const page_names[] = {
  "observatoire",
  "etablissements",
  "campagnes",
  "synchronisation",
};

/* While the page shows the demonstration data and no error is shown, the
 * banner says so and offers to configure a feed or to remove the data. */
static void
update_demo_banner (CrrcWindow *self)
{
  gboolean demo = crrc_sync_page_get_demo (self->sync_page);

  if (self->banner_kind == BANNER_ERROR)
    return;

  if (demo)
    {
      self->banner_kind = BANNER_DEMO;
      crrc_banner_set_title (self->banner,
                             _("Demonstration data: the figures are synthetic, though the national "
                               "totals equal the 2023 Observatory’s. Configure your feed to see your "
                               "region’s."));
      crrc_banner_set_button_label (self->banner, _("_Configure a Feed…"));
      crrc_banner_set_secondary_button_label (self->banner, _("_Remove Demonstration Data"));
      crrc_banner_set_error (self->banner, FALSE);
      crrc_banner_set_revealed (self->banner, TRUE);
    }
  else if (self->banner_kind == BANNER_DEMO)
    {
      self->banner_kind = BANNER_NONE;
      crrc_banner_set_revealed (self->banner, FALSE);
      crrc_banner_set_secondary_button_label (self->banner, NULL);
    }
}

static void
banner_button_clicked_cb (CrrcWindow *self)
{
  if (self->banner_kind == BANNER_DEMO)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "app.preferences", NULL);
      return;
    }

  self->banner_kind = BANNER_NONE;
  crrc_banner_set_revealed (self->banner, FALSE);
  update_demo_banner (self);
}

static void
banner_secondary_button_clicked_cb (CrrcWindow *self)
{
  if (self->banner_kind == BANNER_DEMO)
    crrc_sync_page_remove_demo_data (self->sync_page);
}

static void
store_changed_cb (CrrcWindow      *self,
                  GParamSpec      *pspec,
                  CrrcApplication *app)
{
  const GError *error = crrc_application_get_store_error (app);
  CrrcStore *store = crrc_application_get_store (app);

  if (error != NULL)
    {
      /* The store's messages are full sentences naming the file. */
      g_autofree char *title =
        g_strdup_printf (_("The cache could not be opened: %s The dashboard shows no data until this is fixed."),
                         error->message);

      self->banner_kind = BANNER_ERROR;
      crrc_banner_set_title (self->banner, title);
      crrc_banner_set_button_label (self->banner, NULL);
      crrc_banner_set_secondary_button_label (self->banner, NULL);
      crrc_banner_set_error (self->banner, TRUE);
      crrc_banner_set_revealed (self->banner, TRUE);
    }
  else if (store != NULL && crrc_store_get_recovered_path (store) != NULL)
    {
      /* A path on disk: valid UTF-8 even when the name is not. */
      g_autofree char *path = g_filename_display_name (crrc_store_get_recovered_path (store));
      g_autofree char *title =
        g_strdup_printf (_("The cache file was damaged. It was kept as “%s” and a new, empty cache was created."),
                         path);

      self->banner_kind = BANNER_ERROR;
      crrc_banner_set_title (self->banner, title);
      crrc_banner_set_button_label (self->banner, _("_Dismiss"));
      crrc_banner_set_secondary_button_label (self->banner, NULL);
      crrc_banner_set_error (self->banner, TRUE);
      crrc_banner_set_revealed (self->banner, TRUE);
    }
  else
    {
      update_demo_banner (self);
    }
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  crrc_window_set_visible_page (CRRC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Ctrl+I, from any page: the import runs and reports on the Synchronisation
 * page, so that is where it starts. */
static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrrcWindow *self = CRRC_WINDOW (widget);

  crrc_window_set_visible_page (self, "synchronisation");
  crrc_sync_page_choose_file (self->sync_page);
}

/* Sync: Sync Now and Ctrl+R, from any page, when the page can sync. */
static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  crrc_sync_page_start_sync (CRRC_WINDOW (widget)->sync_page, FALSE);
}

/* F5, Ctrl+E and Ctrl+P: the Observatoire's presentation, slide deck and
 * printing, while it is the page shown. */
static void
observatoire_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrrcWindow *self = CRRC_WINDOW (widget);

  if (g_str_equal (action_name, "win.present"))
    crrc_observatoire_page_present (self->observatoire_page);
  else if (g_str_equal (action_name, "win.export-slides"))
    crrc_observatoire_page_export_slides (self->observatoire_page);
  else if (g_str_equal (action_name, "win.print"))
    crrc_observatoire_page_print (self->observatoire_page);
}

/* Opens an establishment (a FINESS number) in the Établissements page:
 * from a drill-down, a link. */
static void
show_establishment_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CrrcWindow *self = CRRC_WINDOW (widget);

  crrc_window_set_visible_page (self, "etablissements");
  crrc_etablissements_page_show_establishment (self->etablissements_page,
                                               g_variant_get_string (parameter, NULL));
}

/* Ctrl+F and Alt+Left, while the Établissements page is shown. */
static void
etablissements_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CrrcWindow *self = CRRC_WINDOW (widget);

  if (g_str_equal (action_name, "win.search"))
    crrc_etablissements_page_focus_search (self->etablissements_page);
  else if (g_str_equal (action_name, "win.go-back")
           && g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "campagnes") == 0)
    crrc_campagnes_page_go_back (self->campagnes_page);
  else if (g_str_equal (action_name, "win.go-back"))
    crrc_etablissements_page_go_back (self->etablissements_page);
}

static void
visible_page_changed_cb (CrrcWindow *self)
{
  gboolean observatoire = g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack),
                                     "observatoire") == 0;
  gboolean etablissements = g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack),
                                       "etablissements") == 0;
  gboolean campagnes = g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "campagnes") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", etablissements);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-back", etablissements || campagnes);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.present", observatoire);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-slides", observatoire);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", observatoire);
}

/* A sync that failed as a whole changes nothing in the cache, but the
 * Observatoire says that its figures may be out of date. The page knows
 * the last attempt and success once it is no longer busy. */
static void
sync_page_busy_cb (CrrcWindow *self)
{
  g_autoptr(GDateTime) last_attempt = NULL;
  g_autoptr(GDateTime) last_success = NULL;

  if (crrc_sync_page_get_busy (self->sync_page))
    return;

  last_attempt = crrc_sync_page_dup_last_attempt (self->sync_page);
  last_success = crrc_sync_page_dup_last_success (self->sync_page);
  crrc_observatoire_page_set_sync_failed (self->observatoire_page,
                                          last_attempt != NULL &&
                                          (last_success == NULL ||
                                           g_date_time_compare (last_attempt, last_success) > 0));
}

static void
sync_page_can_sync_cb (CrrcWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync",
                                 crrc_sync_page_get_can_sync (self->sync_page));
}

/* Automatic syncs start only once the window is on screen. */
static void
crrc_window_map (GtkWidget *widget)
{
  CrrcWindow *self = CRRC_WINDOW (widget);

  GTK_WIDGET_CLASS (crrc_window_parent_class)->map (widget);

  crrc_sync_scheduler_start (self->sync_scheduler);
}

static void
crrc_window_save_size (CrrcWindow *self)
{
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
crrc_window_close_request (GtkWindow *window)
{
  crrc_window_save_size (CRRC_WINDOW (window));

  return GTK_WINDOW_CLASS (crrc_window_parent_class)->close_request (window);
}

/* GtkWindow:application is set after construction: follow the store of
 * whichever application the window belongs to. */
static void
application_changed_cb (CrrcWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!CRRC_IS_APPLICATION (app))
    return;

  g_signal_connect_object (app, "notify::store",
                           G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  store_changed_cb (self, NULL, CRRC_APPLICATION (app));
  crrc_sync_page_set_application (self->sync_page, CRRC_APPLICATION (app));
  crrc_observatoire_page_set_application (self->observatoire_page, CRRC_APPLICATION (app));
  crrc_etablissements_page_set_application (self->etablissements_page, CRRC_APPLICATION (app));
  crrc_campagnes_page_set_application (self->campagnes_page, CRRC_APPLICATION (app));
}

static void
crrc_window_dispose (GObject *object)
{
  CrrcWindow *self = (CrrcWindow *)object;

  g_clear_object (&self->sync_scheduler);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRRC_TYPE_WINDOW);

  G_OBJECT_CLASS (crrc_window_parent_class)->dispose (object);
}

static void
crrc_window_finalize (GObject *object)
{
  CrrcWindow *self = (CrrcWindow *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (crrc_window_parent_class)->finalize (object);
}

static void
crrc_window_class_init (CrrcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = crrc_window_dispose;
  object_class->finalize = crrc_window_finalize;

  window_class->close_request = crrc_window_close_request;
  widget_class->map = crrc_window_map;

  g_type_ensure (CRRC_TYPE_BANNER);
  g_type_ensure (CRRC_TYPE_OBSERVATOIRE_PAGE);
  g_type_ensure (CRRC_TYPE_ETABLISSEMENTS_PAGE);
  g_type_ensure (CRRC_TYPE_CAMPAGNES_PAGE);
  g_type_ensure (CRRC_TYPE_SYNC_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/crrc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrrcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrrcWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CrrcWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, CrrcWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, CrrcWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, CrrcWindow, diffusion_indicator);
  gtk_widget_class_bind_template_child (widget_class, CrrcWindow, observatoire_page);
  gtk_widget_class_bind_template_child (widget_class, CrrcWindow, etablissements_page);
  gtk_widget_class_bind_template_child (widget_class, CrrcWindow, campagnes_page);
  gtk_widget_class_bind_template_child (widget_class, CrrcWindow, sync_page);
  gtk_widget_class_bind_template_callback (widget_class, banner_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_secondary_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", page_names[i]);

  gtk_widget_class_install_action (widget_class, "win.import-file", NULL, import_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "win.import-file", NULL);

  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.sync", NULL);

  gtk_widget_class_install_action (widget_class, "win.show-establishment", "s", show_establishment_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, etablissements_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, etablissements_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.go-back", NULL);

  gtk_widget_class_install_action (widget_class, "win.present", NULL, observatoire_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.present", NULL);
  gtk_widget_class_install_action (widget_class, "win.export-slides", NULL, observatoire_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export-slides", NULL);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, observatoire_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "win.print", NULL);
}

static void
crrc_window_init (CrrcWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);

  g_signal_connect_object (self->sync_page, "notify::can-sync",
                           G_CALLBACK (sync_page_can_sync_cb), self,
                           G_CONNECT_SWAPPED);
  sync_page_can_sync_cb (self);
  g_signal_connect_object (self->sync_page, "notify::demo",
                           G_CALLBACK (update_demo_banner), self,
                           G_CONNECT_SWAPPED);
  self->sync_scheduler = crrc_sync_scheduler_new (self->sync_page);
  g_signal_connect_object (self->sync_page, "notify::busy",
                           G_CALLBACK (sync_page_busy_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (visible_page_changed_cb), self,
                           G_CONNECT_SWAPPED);
  visible_page_changed_cb (self);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "diffusion-mode", self->diffusion_indicator, "visible",
                   G_SETTINGS_BIND_GET);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

CrrcWindow *
crrc_window_new (CrrcApplication *application)
{
  g_return_val_if_fail (CRRC_IS_APPLICATION (application), NULL);

  return g_object_new (CRRC_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * crrc_window_get_visible_page:
 *
 * Returns: the name of the page shown: "observatoire", "etablissements",
 *   "campagnes" or "synchronisation"
 */
const char *
crrc_window_get_visible_page (CrrcWindow *self)
{
  g_return_val_if_fail (CRRC_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
crrc_window_set_visible_page (CrrcWindow *self,
                              const char *name)
{
  g_return_if_fail (CRRC_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) == NULL)
    {
      g_warning ("No page named “%s”", name);
      return;
    }

  adw_view_stack_set_visible_child_name (self->stack, name);
}

/**
 * crrc_window_get_sync_scheduler:
 *
 * Returns: (transfer none): what starts the automatic syncs of this window
 */
CrrcSyncScheduler *
crrc_window_get_sync_scheduler (CrrcWindow *self)
{
  g_return_val_if_fail (CRRC_IS_WINDOW (self), NULL);

  return self->sync_scheduler;
}
