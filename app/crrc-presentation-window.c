/* crrc-presentation-window.c: presenting the Observatoire's charts full screen
 *
 * One chart at a time on a 16:9 slide, letterboxed on black, drawn as the
 * exported slide deck draws it: print theme, title, scope and source line,
 * and a discreet slide counter. A CrrcChart widget draws the plot alone
 * (its card shows the rest), so the slide is a GtkDrawingArea calling
 * crrc_chart_draw() decorated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-presentation-window"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "crrc-chart-draw.h"
#include "crrc-chart-model.h"
#include "crrc-chart-theme.h"
#include "crrc-presentation-window.h"

/* How long the pointer and the close button stay after the pointer stops. */
#define CONTROLS_TIMEOUT_SECONDS 2

struct _CrrcPresentationWindow
{
  AdwWindow  parent_instance;

  GPtrArray *charts;          /* of CrrcChartModel */
  guint      index;

  GtkWidget *slide;           /* GtkDrawingArea */
  GtkWidget *controls;        /* GtkRevealer of the close button */
  guint      controls_timeout_id;
  double     pointer_x;
  double     pointer_y;
};

G_DEFINE_FINAL_TYPE (CrrcPresentationWindow, crrc_presentation_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_N_CHARTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The largest 16:9 rectangle centred in @width × @height. */
static void
slide_rectangle (int     width,
                 int     height,
                 double *x,
                 double *y,
                 double *slide_width,
                 double *slide_height)
{
  if ((double) width * 9.0 > (double) height * 16.0)
    {
      *slide_height = height;
      *slide_width = round (height * 16.0 / 9.0);
    }
  else
    {
      *slide_width = width;
      *slide_height = round (width * 9.0 / 16.0);
    }

  *x = round ((width - *slide_width) / 2.0);
  *y = round ((height - *slide_height) / 2.0);
}

static CrrcChartModel *
current_model (CrrcPresentationWindow *self)
{
  if (self->charts == NULL || self->index >= self->charts->len)
    return NULL;

  return g_ptr_array_index (self->charts, self->index);
}

/* "3 / 9" at the bottom right, in the band below the chart, as the slide
 * deck numbers its slides. */
static void
draw_counter (CrrcPresentationWindow *self,
              cairo_t                *cr,
              const CrrcChartTheme   *theme,
              double                  width,
              double                  height)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();
  /* Translators: the slide counter of the presentation: "3 / 9". */
  g_autofree char *text = g_strdup_printf (C_("slide counter", "%u / %u"),
                                           self->index + 1, self->charts->len);
  double margin = round (theme->text_size * 1.2);
  int text_width, text_height;

  pango_font_description_set_family (font, theme->font_family);
  pango_font_description_set_absolute_size (font, theme->text_size * 0.75 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  gdk_cairo_set_source_rgba (cr, &theme->dim);
  cairo_move_to (cr, width - margin - text_width, height - 0.8 * margin - text_height);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_slide_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  CrrcPresentationWindow *self = user_data;
  CrrcChartModel *model = current_model (self);
  CrrcChartTheme theme = { 0 };
  double x, y, slide_width, slide_height, footer;

  cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);
  cairo_paint (cr);

  if (model == NULL || width <= 0 || height <= 0)
    return;

  slide_rectangle (width, height, &x, &y, &slide_width, &slide_height);
  crrc_chart_theme_init_print (&theme, slide_width, slide_height);
  footer = round (theme.text_size * 1.3);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rectangle (cr, 0, 0, slide_width, slide_height);
  cairo_clip (cr);
  gdk_cairo_set_source_rgba (cr, &theme.background);
  cairo_paint (cr);

  cairo_save (cr);
  crrc_chart_draw (model, cr, slide_width, slide_height - footer, &theme,
                   CRRC_CHART_DRAW_DECORATED, -1, -1, NULL);
  cairo_restore (cr);

  draw_counter (self, cr, &theme, slide_width, slide_height);
  cairo_restore (cr);

  crrc_chart_theme_clear (&theme);
}

static void
update_slide (CrrcPresentationWindow *self)
{
  CrrcChartModel *model = current_model (self);
  g_autofree char *description = NULL;

  if (model == NULL)
    return;

  description = crrc_chart_model_describe (model);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->slide),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  crrc_chart_model_get_title (model),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description,
                                  -1);
  gtk_window_set_title (GTK_WINDOW (self), crrc_chart_model_get_title (model));
  gtk_widget_queue_draw (self->slide);
}

static void
move_by (CrrcPresentationWindow *self,
         int                     delta)
{
  int index = (int) self->index + delta;

  crrc_presentation_window_set_index (self, (guint) CLAMP (index, 0, (int) self->charts->len - 1));
}

/* Keys are taken before any widget sees them: Space must not activate the
 * close button, and the arrows must not move the focus. */
static gboolean
key_pressed_cb (GtkEventControllerKey  *controller,
                guint                   keyval,
                guint                   keycode,
                GdkModifierType         state,
                CrrcPresentationWindow *self)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      move_by (self, 1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_BackSpace:
      move_by (self, -1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      crrc_presentation_window_set_index (self, 0);
      return GDK_EVENT_STOP;

    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      crrc_presentation_window_set_index (self, self->charts->len - 1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Escape:
      gtk_window_close (GTK_WINDOW (self));
      return GDK_EVENT_STOP;

    default:
      return GDK_EVENT_PROPAGATE;
    }
}

/* A click goes forward, a secondary click back, as in slide software. */
static void
slide_pressed_cb (GtkGestureClick        *gesture,
                  int                     n_press,
                  double                  x,
                  double                  y,
                  CrrcPresentationWindow *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  move_by (self, button == GDK_BUTTON_SECONDARY ? -1 : 1);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static gboolean
hide_controls_cb (gpointer user_data)
{
  CrrcPresentationWindow *self = user_data;

  self->controls_timeout_id = 0;
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->controls), FALSE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "none");

  return G_SOURCE_REMOVE;
}

/* The pointer and the close button show while the pointer moves. */
static void
pointer_motion_cb (GtkEventControllerMotion *controller,
                   double                    x,
                   double                    y,
                   CrrcPresentationWindow   *self)
{
  /* GTK sends a motion when a widget appears under a still pointer. */
  if (fabs (x - self->pointer_x) < 1 && fabs (y - self->pointer_y) < 1)
    return;

  self->pointer_x = x;
  self->pointer_y = y;
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->controls), TRUE);

  g_clear_handle_id (&self->controls_timeout_id, g_source_remove);
  self->controls_timeout_id = g_timeout_add_seconds (CONTROLS_TIMEOUT_SECONDS, hide_controls_cb, self);
}

static void
close_clicked_cb (GtkButton              *button,
                  CrrcPresentationWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
crrc_presentation_window_map (GtkWidget *widget)
{
  CrrcPresentationWindow *self = CRRC_PRESENTATION_WINDOW (widget);

  GTK_WIDGET_CLASS (crrc_presentation_window_parent_class)->map (widget);

  gtk_widget_grab_focus (self->slide);
  g_clear_handle_id (&self->controls_timeout_id, g_source_remove);
  self->controls_timeout_id = g_timeout_add_seconds (CONTROLS_TIMEOUT_SECONDS, hide_controls_cb, self);
}

static void
crrc_presentation_window_dispose (GObject *object)
{
  CrrcPresentationWindow *self = CRRC_PRESENTATION_WINDOW (object);

  g_clear_handle_id (&self->controls_timeout_id, g_source_remove);

  G_OBJECT_CLASS (crrc_presentation_window_parent_class)->dispose (object);
}

static void
crrc_presentation_window_finalize (GObject *object)
{
  CrrcPresentationWindow *self = CRRC_PRESENTATION_WINDOW (object);

  g_clear_pointer (&self->charts, g_ptr_array_unref);

  G_OBJECT_CLASS (crrc_presentation_window_parent_class)->finalize (object);
}

static void
crrc_presentation_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CrrcPresentationWindow *self = CRRC_PRESENTATION_WINDOW (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;

    case PROP_N_CHARTS:
      g_value_set_uint (value, crrc_presentation_window_get_n_charts (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_presentation_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  CrrcPresentationWindow *self = CRRC_PRESENTATION_WINDOW (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      crrc_presentation_window_set_index (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_presentation_window_class_init (CrrcPresentationWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_presentation_window_dispose;
  object_class->finalize = crrc_presentation_window_finalize;
  object_class->get_property = crrc_presentation_window_get_property;
  object_class->set_property = crrc_presentation_window_set_property;

  widget_class->map = crrc_presentation_window_map;

  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CHARTS] =
    g_param_spec_uint ("n-charts", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crrc_presentation_window_init (CrrcPresentationWindow *self)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *close_button;
  GtkEventController *controller;
  GtkGesture *gesture;

  self->charts = g_ptr_array_new_with_free_func (g_object_unref);
  self->pointer_x = -1;
  self->pointer_y = -1;

  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 1280, 720);

  self->slide = g_object_new (GTK_TYPE_DRAWING_AREA,
                              "accessible-role", GTK_ACCESSIBLE_ROLE_IMG,
                              "hexpand", TRUE,
                              "vexpand", TRUE,
                              "focusable", TRUE,
                              NULL);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->slide), draw_slide_cb, self, NULL);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), self->slide);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect (gesture, "pressed", G_CALLBACK (slide_pressed_cb), self);
  gtk_widget_add_controller (self->slide, GTK_EVENT_CONTROLLER (gesture));

  close_button = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_add_css_class (close_button, "osd");
  gtk_widget_add_css_class (close_button, "circular");
  gtk_widget_set_focusable (close_button, FALSE);
  gtk_widget_set_tooltip_text (close_button, _("Leave the Presentation"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (close_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Leave the Presentation"),
                                  -1);
  g_signal_connect (close_button, "clicked", G_CALLBACK (close_clicked_cb), self);

  self->controls = g_object_new (GTK_TYPE_REVEALER,
                                 "transition-type", GTK_REVEALER_TRANSITION_TYPE_CROSSFADE,
                                 "reveal-child", FALSE,
                                 "halign", GTK_ALIGN_END,
                                 "valign", GTK_ALIGN_START,
                                 "margin-top", 18,
                                 "margin-end", 18,
                                 "child", close_button,
                                 NULL);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->controls);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (pointer_motion_cb), self);
  gtk_widget_add_controller (overlay, controller);

  adw_window_set_content (ADW_WINDOW (self), overlay);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/**
 * crrc_presentation_window_new:
 * @parent: (nullable): the window presented from
 * @charts: (element-type CrrcChartModel): the charts, at least one
 * @first: the index of the chart to start at
 *
 * Creates the presentation, full screen (on @parent's monitor when it is
 * shown); gtk_window_present() it.
 *
 * Returns: (transfer none): the new window
 */
CrrcPresentationWindow *
crrc_presentation_window_new (GtkWindow *parent,
                              GPtrArray *charts,
                              guint      first)
{
  CrrcPresentationWindow *self;
  GdkSurface *surface = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (charts != NULL && charts->len > 0, NULL);

  for (guint i = 0; i < charts->len; i++)
    g_return_val_if_fail (CRRC_IS_CHART_MODEL (g_ptr_array_index (charts, i)), NULL);

  self = g_object_new (CRRC_TYPE_PRESENTATION_WINDOW,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);

  for (guint i = 0; i < charts->len; i++)
    g_ptr_array_add (self->charts, g_object_ref (g_ptr_array_index (charts, i)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHARTS]);

  self->index = MIN (first, charts->len - 1);
  update_slide (self);

  if (parent != NULL)
    surface = gtk_native_get_surface (GTK_NATIVE (parent));

  if (surface != NULL)
    {
      GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface), surface);

      if (monitor != NULL)
        gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);
      else
        gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      gtk_window_fullscreen (GTK_WINDOW (self));
    }

  return self;
}

guint
crrc_presentation_window_get_index (CrrcPresentationWindow *self)
{
  g_return_val_if_fail (CRRC_IS_PRESENTATION_WINDOW (self), 0);

  return self->index;
}

/* Shows chart @index (clamped to the last one). */
void
crrc_presentation_window_set_index (CrrcPresentationWindow *self,
                                    guint                   index)
{
  g_return_if_fail (CRRC_IS_PRESENTATION_WINDOW (self));

  if (self->charts->len == 0)
    return;

  index = MIN (index, self->charts->len - 1);
  if (self->index == index)
    return;

  self->index = index;
  update_slide (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

guint
crrc_presentation_window_get_n_charts (CrrcPresentationWindow *self)
{
  g_return_val_if_fail (CRRC_IS_PRESENTATION_WINDOW (self), 0);

  return self->charts->len;
}
