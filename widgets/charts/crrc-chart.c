/* crrc-chart.c: a chart on screen, drawn from a CrrcChartModel
 *
 * The widget draws with crrc_chart_draw() (the very function exports use),
 * in the current light or dark style and accent colour. Each bar, point,
 * slice or tile is an item: the pointer highlights it and shows its exact
 * value in a tooltip, the arrow keys move a focus ring between items, and a
 * click, Enter or Space emits ::item-activated for drill-down. A screen
 * reader reads the chart's title as its name and its data as its
 * description.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "crrc-chart.h"
#include "crrc-chart-draw.h"

struct _CrrcChart
{
  GtkWidget        parent_instance;

  CrrcChartModel  *model;
  CrrcChartLayout *layout;
  int              hover;
  int              focus_item;
  int              layout_width;
  int              layout_height;
  GtkWidget       *context_menu;
};

G_DEFINE_FINAL_TYPE (CrrcChart, crrc_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_accessible (CrrcChart *self)
{
  g_autofree char *description = NULL;

  if (self->model == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  description = crrc_chart_model_describe (self->model);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  crrc_chart_model_get_title (self->model),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description,
                                  -1);
}

static void
set_hover (CrrcChart *self,
           int        hover)
{
  if (self->hover == hover)
    return;

  self->hover = hover;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static const CrrcChartItem *
get_item (CrrcChart *self,
          int        item)
{
  if (item < 0 || (guint) item >= self->layout->items->len)
    return NULL;

  return g_ptr_array_index (self->layout->items, item);
}

/* The layout is computed when drawing; before the first frame (or after a
 * resize that has not been drawn yet), lay the chart out off screen. */
static void
ensure_layout (CrrcChart *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  CrrcChartTheme theme;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (self->model == NULL || width <= 0 || height <= 0)
    return;
  if (width == self->layout_width && height == self->layout_height)
    return;

  crrc_chart_get_theme (self, &theme);
  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (surface);
  crrc_chart_draw (self->model, cr, width, height, &theme, CRRC_CHART_DRAW_PLOT,
                   -1, -1, self->layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  crrc_chart_theme_clear (&theme);

  self->layout_width = width;
  self->layout_height = height;
}

static void
activate_item (CrrcChart *self,
               int        item)
{
  const CrrcChartItem *it;

  ensure_layout (self);
  it = get_item (self, item);
  if (it == NULL)
    return;

  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, it->category, it->series);
}

static void
popup_context_menu (CrrcChart *self,
                    double     x,
                    double     y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  if (self->context_menu == NULL)
    {
      self->context_menu = gtk_popover_menu_new_from_model (crrc_chart_get_menu_model (self));
      gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
      gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
    }

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

/* Toasts go to the nearest AdwToastOverlay, when there is one. */
static void
show_toast (CrrcChart  *self,
            const char *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    {
      g_message ("%s", title);
      return;
    }

  toast = adw_toast_new (title);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

/* Saving, off the main thread */

typedef struct
{
  CrrcChartModel  *model;
  CrrcChartFormat  format;
  GFile           *file;
} SaveJob;

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  g_object_unref (job->model);
  g_object_unref (job->file);
  g_free (job);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  if (crrc_chart_export_file (job->model, job->format, job->file,
                              CRRC_CHART_EXPORT_WIDTH, CRRC_CHART_EXPORT_HEIGHT, 1.0,
                              cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CrrcChart *self = CRRC_CHART (object);
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      title = g_strdup (error->message);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (job->file);

      /* Translators: a toast; %s is a file name. */
      title = g_strdup_printf (_("Chart saved as “%s”"), name);
    }

  show_toast (self, title);
}

static void
file_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          gpointer         user_data)
{
  CrrcChart *self = CRRC_CHART (user_data);
  CrrcChartFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "crrc-format"));
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->model != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (file != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, save_done_cb, NULL);
      SaveJob *job = g_new0 (SaveJob, 1);

      job->model = g_object_ref (self->model);
      job->format = format;
      job->file = g_steal_pointer (&file);
      g_task_set_source_tag (task, crrc_chart_save);
      g_task_set_task_data (task, job, save_job_free);
      g_task_run_in_thread (task, save_thread);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

/* Actions */

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  crrc_chart_copy_image (CRRC_CHART (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrrcChartFormat format = CRRC_CHART_FORMAT_PNG;

  if (g_str_equal (action_name, "chart.save-svg"))
    format = CRRC_CHART_FORMAT_SVG;
  else if (g_str_equal (action_name, "chart.save-pdf"))
    format = CRRC_CHART_FORMAT_PDF;

  crrc_chart_save (CRRC_CHART (widget), format);
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrrcChart *self = CRRC_CHART (widget);
  const CrrcChartItem *item;

  ensure_layout (self);
  item = get_item (self, self->focus_item);
  if (item != NULL)
    popup_context_menu (self, item->x + item->width / 2, item->y + item->height / 2);
  else
    popup_context_menu (self, gtk_widget_get_width (widget) / 2.0,
                        gtk_widget_get_height (widget) / 2.0);
}

/* Event handlers */

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           gpointer                  user_data)
{
  CrrcChart *self = CRRC_CHART (user_data);

  ensure_layout (self);
  set_hover (self, crrc_chart_layout_hit (self->layout, x, y));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->hover >= 0 ? "pointer" : NULL);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          gpointer                  user_data)
{
  CrrcChart *self = CRRC_CHART (user_data);

  set_hover (self, -1);
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            gpointer         user_data)
{
  CrrcChart *self = CRRC_CHART (user_data);
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  int item;

  ensure_layout (self);
  item = crrc_chart_layout_hit (self->layout, x, y);

  if (button == GDK_BUTTON_SECONDARY)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      if (item >= 0)
        crrc_chart_set_focus_item (self, item);
      popup_context_menu (self, x, y);
      return;
    }

  if (item < 0)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  crrc_chart_set_focus_item (self, item);
  activate_item (self, item);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                gpointer               user_data)
{
  CrrcChart *self = CRRC_CHART (user_data);
  int n, item;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  ensure_layout (self);
  n = (int) self->layout->items->len;
  if (n == 0)
    return FALSE;
  item = self->focus_item;

  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      /* At the last item the arrow moves on to the next widget. */
      if (item >= n - 1)
        return FALSE;
      crrc_chart_set_focus_item (self, item + 1);
      return TRUE;

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (item <= 0)
        return FALSE;
      crrc_chart_set_focus_item (self, item - 1);
      return TRUE;

    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      crrc_chart_set_focus_item (self, 0);
      return TRUE;

    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      crrc_chart_set_focus_item (self, n - 1);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (item < 0)
        return FALSE;
      activate_item (self, item);
      return TRUE;

    default:
      return FALSE;
    }
}

static void
focus_enter_cb (GtkEventControllerFocus *controller,
                gpointer                 user_data)
{
  CrrcChart *self = CRRC_CHART (user_data);

  ensure_layout (self);
  if (self->focus_item < 0 && self->layout->items->len > 0)
    crrc_chart_set_focus_item (self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                gpointer                 user_data)
{
  gtk_widget_queue_draw (GTK_WIDGET (user_data));
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  CrrcChart *self = CRRC_CHART (widget);
  const CrrcChartItem *item;
  g_autofree char *text = NULL;
  GdkRectangle area;
  int index;

  if (self->model == NULL)
    return FALSE;

  ensure_layout (self);
  index = keyboard_mode ? self->focus_item : crrc_chart_layout_hit (self->layout, x, y);
  item = get_item (self, index);
  if (item == NULL)
    return FALSE;

  text = crrc_chart_model_describe_item (self->model, item->category, item->series);
  if (text == NULL)
    return FALSE;

  /* Plain text: labels come from data and are never markup. */
  gtk_tooltip_set_text (tooltip, text);
  area.x = (int) item->x;
  area.y = (int) item->y;
  area.width = MAX ((int) item->width, 1);
  area.height = MAX ((int) item->height, 1);
  gtk_tooltip_set_tip_area (tooltip, &area);
  return TRUE;
}

static void
style_changed_cb (CrrcChart *self)
{
  self->layout_width = self->layout_height = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* GtkWidget */

static void
crrc_chart_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  CrrcChart *self = CRRC_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  CrrcChartTheme theme;
  cairo_t *cr;

  if (self->model == NULL || width <= 0 || height <= 0)
    return;

  crrc_chart_get_theme (self, &theme);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  crrc_chart_draw (self->model, cr, width, height, &theme, CRRC_CHART_DRAW_PLOT,
                   self->hover,
                   gtk_widget_has_visible_focus (widget) ? self->focus_item : -1,
                   self->layout);
  cairo_destroy (cr);
  crrc_chart_theme_clear (&theme);

  self->layout_width = width;
  self->layout_height = height;
}

static void
crrc_chart_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  CrrcChart *self = CRRC_CHART (widget);
  gboolean kpi = self->model != NULL &&
                 crrc_chart_model_get_kind (self->model) == CRRC_CHART_KPI;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = kpi ? 148 : 240;
      *natural = kpi ? 220 : 420;
    }
  else
    {
      *minimum = kpi ? 120 : 200;
      *natural = kpi ? 140 : 280;
    }
}

static void
crrc_chart_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  CrrcChart *self = CRRC_CHART (widget);

  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static void
crrc_chart_css_changed (GtkWidget         *widget,
                        GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (crrc_chart_parent_class)->css_changed (widget, change);
  style_changed_cb (CRRC_CHART (widget));
}

/* GObject */

static void
crrc_chart_dispose (GObject *object)
{
  CrrcChart *self = CRRC_CHART (object);

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (crrc_chart_parent_class)->dispose (object);
}

static void
crrc_chart_finalize (GObject *object)
{
  CrrcChart *self = CRRC_CHART (object);

  crrc_chart_layout_free (self->layout);

  G_OBJECT_CLASS (crrc_chart_parent_class)->finalize (object);
}

static void
crrc_chart_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CrrcChart *self = CRRC_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_chart_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CrrcChart *self = CRRC_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      crrc_chart_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_chart_class_init (CrrcChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_chart_dispose;
  object_class->finalize = crrc_chart_finalize;
  object_class->get_property = crrc_chart_get_property;
  object_class->set_property = crrc_chart_set_property;

  widget_class->snapshot = crrc_chart_snapshot;
  widget_class->measure = crrc_chart_measure;
  widget_class->size_allocate = crrc_chart_size_allocate;
  widget_class->css_changed = crrc_chart_css_changed;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         CRRC_TYPE_CHART_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrrcChart::item-activated:
   * @self: the chart
   * @category: the category index of the item, or -1
   * @series: the series index of the item, or -1
   *
   * A bar, point, slice or tile was clicked, or Enter was pressed on it.
   */
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);

  gtk_widget_class_install_action (widget_class, "chart.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "chart.save-png", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "chart.save-svg", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "chart.save-pdf", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "chart.menu", NULL, menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "chart.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "chart.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "chart.copy", NULL);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
crrc_chart_init (CrrcChart *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->layout = crrc_chart_layout_new ();
  self->hover = -1;
  self->focus_item = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (focus_enter_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
}

/* Public API */

/**
 * crrc_chart_new:
 * @model: (nullable): what to show
 *
 * Returns: (transfer floating): a new chart
 */
GtkWidget *
crrc_chart_new (CrrcChartModel *model)
{
  return g_object_new (CRRC_TYPE_CHART, "model", model, NULL);
}

CrrcChartModel *
crrc_chart_get_model (CrrcChart *self)
{
  g_return_val_if_fail (CRRC_IS_CHART (self), NULL);
  return self->model;
}

/**
 * crrc_chart_set_model:
 * @self: a chart
 * @model: (nullable): the new data
 *
 * Shows @model: redraws, and updates what screen readers read. The focused
 * item is kept when the new model has as many.
 */
void
crrc_chart_set_model (CrrcChart      *self,
                      CrrcChartModel *model)
{
  g_return_if_fail (CRRC_IS_CHART (self));
  g_return_if_fail (model == NULL || CRRC_IS_CHART_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;

  self->hover = -1;
  self->layout_width = self->layout_height = 0;
  g_ptr_array_set_size (self->layout->items, 0);
  ensure_layout (self);
  if (self->focus_item >= (int) self->layout->items->len)
    self->focus_item = self->layout->items->len > 0 ? 0 : -1;

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

int
crrc_chart_get_focus_item (CrrcChart *self)
{
  g_return_val_if_fail (CRRC_IS_CHART (self), -1);
  return self->focus_item;
}

void
crrc_chart_set_focus_item (CrrcChart *self,
                           int        item)
{
  g_return_if_fail (CRRC_IS_CHART (self));

  ensure_layout (self);
  if (item < -1 || item >= (int) self->layout->items->len)
    return;
  if (self->focus_item == item)
    return;

  self->focus_item = item;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
crrc_chart_get_n_items (CrrcChart *self)
{
  g_return_val_if_fail (CRRC_IS_CHART (self), 0);

  ensure_layout (self);
  return self->layout->items->len;
}

gboolean
crrc_chart_get_item (CrrcChart *self,
                     int        item,
                     int       *category,
                     int       *series)
{
  const CrrcChartItem *it;

  g_return_val_if_fail (CRRC_IS_CHART (self), FALSE);

  ensure_layout (self);
  it = get_item (self, item);
  if (it == NULL)
    return FALSE;

  if (category != NULL)
    *category = it->category;
  if (series != NULL)
    *series = it->series;
  return TRUE;
}

gboolean
crrc_chart_get_item_area (CrrcChart       *self,
                          int              item,
                          graphene_rect_t *area)
{
  const CrrcChartItem *it;

  g_return_val_if_fail (CRRC_IS_CHART (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  ensure_layout (self);
  it = get_item (self, item);
  if (it == NULL)
    return FALSE;

  graphene_rect_init (area, it->x, it->y, it->width, it->height);
  return TRUE;
}

/**
 * crrc_chart_get_menu_model:
 * @self: a chart
 *
 * Returns: (transfer none): the chart's menu
 */
GMenuModel *
crrc_chart_get_menu_model (CrrcChart *self)
{
  static GMenu *menu;

  g_return_val_if_fail (CRRC_IS_CHART (self), NULL);

  if (menu == NULL)
    {
      GMenu *save = g_menu_new ();

      menu = g_menu_new ();
      g_menu_append (menu, _("_Copy Image"), "chart.copy");
      g_menu_append (save, _("Save as _PNG…"), "chart.save-png");
      g_menu_append (save, _("Save as _SVG…"), "chart.save-svg");
      g_menu_append (save, _("Save as P_DF…"), "chart.save-pdf");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (save));
      g_object_unref (save);
    }

  return G_MENU_MODEL (menu);
}

/**
 * crrc_chart_copy_image:
 * @self: a chart
 *
 * Puts the chart on the clipboard as a 1920×1080 image in the print theme,
 * ready to paste into a slide.
 */
void
crrc_chart_copy_image (CrrcChart *self)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_if_fail (CRRC_IS_CHART (self));

  if (self->model == NULL)
    return;

  texture = crrc_chart_export_texture (self->model, CRRC_CHART_EXPORT_WIDTH,
                                       CRRC_CHART_EXPORT_HEIGHT, 1.0);
  if (texture == NULL)
    {
      show_toast (self, _("The chart could not be drawn to copy it"));
      return;
    }

  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (self)), texture);
  show_toast (self, _("Chart copied to the clipboard"));
}

void
crrc_chart_save (CrrcChart       *self,
                 CrrcChartFormat  format)
{
  GtkNativeDialog *dialog;
  GtkFileFilter *filter;
  GtkRoot *root;
  g_autofree char *name = NULL;
  const char *extension = crrc_chart_format_to_extension (format);
  const char *id;
  const char *title;

  g_return_if_fail (CRRC_IS_CHART (self));

  if (self->model == NULL)
    return;

  switch (format)
    {
    case CRRC_CHART_FORMAT_SVG:
      title = _("Save Chart as SVG");
      break;
    case CRRC_CHART_FORMAT_PDF:
      title = _("Save Chart as PDF");
      break;
    case CRRC_CHART_FORMAT_PNG:
    default:
      title = _("Save Chart as PNG");
      break;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (title,
                                                           GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                           GTK_FILE_CHOOSER_ACTION_SAVE,
                                                           _("_Save"), _("_Cancel")));
  gtk_native_dialog_set_modal (dialog, TRUE);

  id = crrc_chart_model_get_id (self->model);
  name = g_strdup_printf ("%s.%s", id != NULL && id[0] != '\0' ? id : "graphique", extension);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, format == CRRC_CHART_FORMAT_PNG ? _("PNG images")
                                    : format == CRRC_CHART_FORMAT_SVG ? _("SVG images")
                                    : _("PDF documents"));
  gtk_file_filter_add_suffix (filter, extension);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);

  g_object_set_data (G_OBJECT (dialog), "crrc-format", GINT_TO_POINTER (format));
  g_signal_connect (dialog, "response", G_CALLBACK (file_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (dialog);
}

static gboolean
lookup_color (GtkStyleContext *context,
              const char      *name,
              GdkRGBA         *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  return gtk_style_context_lookup_color (context, name, color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/**
 * crrc_chart_get_theme:
 * @self: a chart
 * @theme: (out caller-allocates): the theme; clear it with
 *   crrc_chart_theme_clear()
 */
void
crrc_chart_get_theme (CrrcChart      *self,
                      CrrcChartTheme *theme)
{
  PangoContext *pango = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (pango);
  GtkStyleContext *style;
  double px = 13.0;
  GdkRGBA color;

  g_return_if_fail (CRRC_IS_CHART (self));
  g_return_if_fail (theme != NULL);

  if (font != NULL && pango_font_description_get_size (font) > 0)
    {
      px = (double) pango_font_description_get_size (font) / PANGO_SCALE;
      if (!pango_font_description_get_size_is_absolute (font))
        px *= 96.0 / 72.0;
      px *= 0.9;
    }

  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    crrc_chart_theme_init_dark (theme, px);
  else
    crrc_chart_theme_init_light (theme, px);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  style = gtk_widget_get_style_context (GTK_WIDGET (self));
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (lookup_color (style, "accent_bg_color", &color))
    crrc_chart_theme_set_accent (theme, &color);
  if (lookup_color (style, "window_fg_color", &color))
    theme->foreground = color;
  if (lookup_color (style, "success_color", &color))
    theme->good = color;
  if (lookup_color (style, "error_color", &color))
    theme->bad = color;
  if (lookup_color (style, "warning_color", &color))
    theme->warning = color;
  if (font != NULL && pango_font_description_get_family (font) != NULL)
    {
      g_free (theme->font_family);
      theme->font_family = g_strdup (pango_font_description_get_family (font));
    }
}
