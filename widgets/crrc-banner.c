/* crrc-banner.c: a message strip under the header bar
 *
 * libadwaita 1.2 has no AdwBanner (it came in 1.3): this is the same pattern,
 * a revealer holding one line of text and an optional button, announced to
 * screen readers as an alert when it is revealed. The title is plain text,
 * never markup, since it may quote a file name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-banner"

#include "config.h"

#include "crrc-banner.h"

/* The banner's content: the text, then its buttons. On a wide window they
 * share one row; when the text would be squeezed under LABEL_MIN_WIDTH, the
 * buttons go under it (side by side, or stacked on a phone-sized window),
 * so that the text never wraps a word per line. */
#define CRRC_TYPE_BANNER_CONTENT (crrc_banner_content_get_type ())
G_DECLARE_FINAL_TYPE (CrrcBannerContent, crrc_banner_content, CRRC, BANNER_CONTENT, GtkWidget)

struct _CrrcBannerContent
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (CrrcBannerContent, crrc_banner_content, GTK_TYPE_WIDGET)

#define SPACING 12
#define LABEL_MIN_WIDTH 280

typedef enum
{
  LAYOUT_ROW,           /* text | buttons */
  LAYOUT_BUTTONS_BELOW, /* text / buttons side by side */
  LAYOUT_STACKED,       /* text / button / button */
} ContentLayout;

static void
measure_buttons (GtkWidget *content,
                 int       *row_width,
                 int       *widest)
{
  GtkWidget *label = gtk_widget_get_first_child (content);

  *row_width = 0;
  *widest = 0;
  for (GtkWidget *child = gtk_widget_get_next_sibling (label); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int natural;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      *row_width += (*row_width > 0 ? SPACING : 0) + natural;
      *widest = MAX (*widest, natural);
    }
}

static ContentLayout
choose_layout (GtkWidget *content,
               int        width)
{
  int row_width, widest;

  measure_buttons (content, &row_width, &widest);
  if (row_width == 0 || width >= LABEL_MIN_WIDTH + SPACING + row_width)
    return LAYOUT_ROW;
  if (width >= row_width)
    return LAYOUT_BUTTONS_BELOW;
  return LAYOUT_STACKED;
}

static void
crrc_banner_content_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  GtkWidget *label = gtk_widget_get_first_child (widget);
  int row_width, widest, label_min, label_nat;

  measure_buttons (widget, &row_width, &widest);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &label_min, &label_nat, NULL, NULL);
      *minimum = MAX (label_min, widest);
      *natural = label_nat + (row_width > 0 ? SPACING + row_width : 0);
      return;
    }

  {
    ContentLayout layout = for_size < 0 ? LAYOUT_ROW : choose_layout (widget, for_size);
    int label_width = for_size;
    int label_height, buttons_height = 0;

    if (layout == LAYOUT_ROW && for_size >= 0 && row_width > 0)
      label_width = for_size - SPACING - row_width;
    gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, label_width, &label_height, NULL, NULL, NULL);

    for (GtkWidget *child = gtk_widget_get_next_sibling (label); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        int height;

        if (!gtk_widget_should_layout (child))
          continue;
        gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
        if (layout == LAYOUT_STACKED)
          buttons_height += (buttons_height > 0 ? SPACING / 2 : 0) + height;
        else
          buttons_height = MAX (buttons_height, height);
      }

    if (layout == LAYOUT_ROW)
      *minimum = MAX (label_height, buttons_height);
    else
      *minimum = label_height + (buttons_height > 0 ? SPACING + buttons_height : 0);
    *natural = *minimum;
  }
}

static void
crrc_banner_content_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  GtkWidget *label = gtk_widget_get_first_child (widget);
  ContentLayout layout = choose_layout (widget, width);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int row_width, widest, label_height, x, y;

  measure_buttons (widget, &row_width, &widest);

  if (layout == LAYOUT_ROW)
    {
      int label_width = row_width > 0 ? width - SPACING - row_width : width;

      gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, label_width, &label_height, NULL, NULL, NULL);
      gtk_widget_size_allocate (label,
                                &(GtkAllocation) { rtl ? width - label_width : 0,
                                                   (height - label_height) / 2,
                                                   label_width, label_height }, -1);
      x = label_width + SPACING;
      for (GtkWidget *child = gtk_widget_get_next_sibling (label); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int w, h;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &w, NULL, NULL);
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, w, NULL, &h, NULL, NULL);
          gtk_widget_size_allocate (child,
                                    &(GtkAllocation) { rtl ? width - x - w : x,
                                                       (height - h) / 2, w, h }, -1);
          x += w + SPACING;
        }
      return;
    }

  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, &label_height, NULL, NULL, NULL);
  gtk_widget_size_allocate (label, &(GtkAllocation) { 0, 0, width, label_height }, -1);
  y = label_height + SPACING;
  x = 0;
  for (GtkWidget *child = gtk_widget_get_next_sibling (label); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int w, h;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &w, NULL, NULL);
      w = MIN (w, width);
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, w, NULL, &h, NULL, NULL);
      if (layout == LAYOUT_STACKED)
        {
          gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, h }, -1);
          y += h + SPACING / 2;
        }
      else
        {
          gtk_widget_size_allocate (child, &(GtkAllocation) { rtl ? width - x - w : x, y, w, h }, -1);
          x += w + SPACING;
        }
    }
}

static GtkSizeRequestMode
crrc_banner_content_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
crrc_banner_content_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (crrc_banner_content_parent_class)->dispose (object);
}

static void
crrc_banner_content_class_init (CrrcBannerContentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_banner_content_dispose;
  widget_class->measure = crrc_banner_content_measure;
  widget_class->size_allocate = crrc_banner_content_size_allocate;
  widget_class->get_request_mode = crrc_banner_content_get_request_mode;
  /* Styled as the box it replaces (app/style.css). */
  gtk_widget_class_set_css_name (widget_class, "box");
}

static void
crrc_banner_content_init (CrrcBannerContent *self)
{
}


struct _CrrcBanner
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *label;
  GtkButton   *button;
  GtkButton   *secondary_button;
};

G_DEFINE_FINAL_TYPE (CrrcBanner, crrc_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_BUTTON_LABEL,
  PROP_SECONDARY_BUTTON_LABEL,
  PROP_REVEALED,
  PROP_ERROR,
  N_PROPS
};

enum {
  BUTTON_CLICKED,
  SECONDARY_BUTTON_CLICKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
button_clicked_cb (CrrcBanner *self)
{
  g_signal_emit (self, signals[BUTTON_CLICKED], 0);
}

static void
secondary_button_clicked_cb (CrrcBanner *self)
{
  g_signal_emit (self, signals[SECONDARY_BUTTON_CLICKED], 0);
}

/* Hidden, the banner takes no room and screen readers do not see an empty
 * alert; it hides once the closing transition has run. */
static void
child_revealed_cb (CrrcBanner *self)
{
  if (!gtk_revealer_get_reveal_child (self->revealer) &&
      !gtk_revealer_get_child_revealed (self->revealer))
    gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
crrc_banner_dispose (GObject *object)
{
  CrrcBanner *self = (CrrcBanner *)object;

  g_clear_pointer ((GtkWidget **) &self->revealer, gtk_widget_unparent);

  G_OBJECT_CLASS (crrc_banner_parent_class)->dispose (object);
}

static void
crrc_banner_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CrrcBanner *self = CRRC_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, crrc_banner_get_title (self));
      break;

    case PROP_BUTTON_LABEL:
      g_value_set_string (value, crrc_banner_get_button_label (self));
      break;

    case PROP_SECONDARY_BUTTON_LABEL:
      g_value_set_string (value, crrc_banner_get_secondary_button_label (self));
      break;

    case PROP_REVEALED:
      g_value_set_boolean (value, crrc_banner_get_revealed (self));
      break;

    case PROP_ERROR:
      g_value_set_boolean (value, crrc_banner_get_error (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_banner_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CrrcBanner *self = CRRC_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      crrc_banner_set_title (self, g_value_get_string (value));
      break;

    case PROP_BUTTON_LABEL:
      crrc_banner_set_button_label (self, g_value_get_string (value));
      break;

    case PROP_SECONDARY_BUTTON_LABEL:
      crrc_banner_set_secondary_button_label (self, g_value_get_string (value));
      break;

    case PROP_REVEALED:
      crrc_banner_set_revealed (self, g_value_get_boolean (value));
      break;

    case PROP_ERROR:
      crrc_banner_set_error (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_banner_class_init (CrrcBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_banner_dispose;
  object_class->get_property = crrc_banner_get_property;
  object_class->set_property = crrc_banner_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUTTON_LABEL] =
    g_param_spec_string ("button-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECONDARY_BUTTON_LABEL] =
    g_param_spec_string ("secondary-button-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boolean ("error", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrrcBanner::button-clicked:
   *
   * Emitted when the banner's button is activated.
   */
  signals[BUTTON_CLICKED] =
    g_signal_new ("button-clicked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * CrrcBanner::secondary-button-clicked:
   *
   * Emitted when the banner's secondary button is activated.
   */
  signals[SECONDARY_BUTTON_CLICKED] =
    g_signal_new ("secondary-button-clicked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "crrcbanner");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
crrc_banner_init (CrrcBanner *self)
{
  GtkWidget *box;

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));
  g_signal_connect_object (self->revealer, "notify::child-revealed",
                           G_CALLBACK (child_revealed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);

  box = g_object_new (CRRC_TYPE_BANNER_CONTENT, NULL);
  gtk_widget_add_css_class (box, "banner-content");
  gtk_revealer_set_child (self->revealer, box);

  self->label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_use_markup (self->label, FALSE);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->label, 0.0f);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->label), box);

  self->button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_use_underline (self->button, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (self->button), FALSE);
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (button_clicked_cb), self);
  gtk_widget_set_parent (GTK_WIDGET (self->button), box);

  /* The secondary button, if any, follows the main one. */
  self->secondary_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_use_underline (self->secondary_button, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->secondary_button), GTK_ALIGN_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (self->secondary_button), FALSE);
  g_signal_connect_swapped (self->secondary_button, "clicked",
                            G_CALLBACK (secondary_button_clicked_cb), self);
  gtk_widget_set_parent (GTK_WIDGET (self->secondary_button), box);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->label, NULL,
                                  -1);
}

/**
 * crrc_banner_new:
 *
 * Returns: (transfer floating): a new, hidden #CrrcBanner
 */
GtkWidget *
crrc_banner_new (void)
{
  return g_object_new (CRRC_TYPE_BANNER, NULL);
}

const char *
crrc_banner_get_title (CrrcBanner *self)
{
  g_return_val_if_fail (CRRC_IS_BANNER (self), NULL);

  return gtk_label_get_label (self->label);
}

/**
 * crrc_banner_set_title:
 * @self: a #CrrcBanner
 * @title: plain text (never interpreted as markup)
 */
void
crrc_banner_set_title (CrrcBanner *self,
                       const char *title)
{
  g_return_if_fail (CRRC_IS_BANNER (self));

  if (title == NULL)
    title = "";

  if (g_strcmp0 (title, gtk_label_get_label (self->label)) == 0)
    return;

  gtk_label_set_text (self->label, title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
crrc_banner_get_button_label (CrrcBanner *self)
{
  g_return_val_if_fail (CRRC_IS_BANNER (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->button)))
    return NULL;

  return gtk_button_get_label (self->button);
}

/**
 * crrc_banner_set_button_label:
 * @self: a #CrrcBanner
 * @label: (nullable): the button's label, with a mnemonic; %NULL hides it
 */
void
crrc_banner_set_button_label (CrrcBanner *self,
                              const char *label)
{
  g_return_if_fail (CRRC_IS_BANNER (self));

  if (label != NULL && label[0] == '\0')
    label = NULL;

  if (g_strcmp0 (label, crrc_banner_get_button_label (self)) == 0)
    return;

  gtk_button_set_label (self->button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->button), label != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUTTON_LABEL]);
}

/**
 * crrc_banner_get_secondary_button_label:
 *
 * Returns: (nullable): the label of the secondary button, or %NULL when
 *   the banner has none
 */
const char *
crrc_banner_get_secondary_button_label (CrrcBanner *self)
{
  g_return_val_if_fail (CRRC_IS_BANNER (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->secondary_button)))
    return NULL;

  return gtk_button_get_label (self->secondary_button);
}

/**
 * crrc_banner_set_secondary_button_label:
 * @label: (nullable): the label, with a mnemonic; %NULL or empty hides the
 *   secondary button
 */
void
crrc_banner_set_secondary_button_label (CrrcBanner *self,
                                        const char *label)
{
  g_return_if_fail (CRRC_IS_BANNER (self));

  if (label != NULL && label[0] == '\0')
    label = NULL;

  if (g_strcmp0 (label, crrc_banner_get_secondary_button_label (self)) == 0)
    return;

  gtk_button_set_label (self->secondary_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->secondary_button), label != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDARY_BUTTON_LABEL]);
}

gboolean
crrc_banner_get_revealed (CrrcBanner *self)
{
  g_return_val_if_fail (CRRC_IS_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

void
crrc_banner_set_revealed (CrrcBanner *self,
                          gboolean    revealed)
{
  g_return_if_fail (CRRC_IS_BANNER (self));

  revealed = !!revealed;
  if (revealed == gtk_revealer_get_reveal_child (self->revealer))
    return;

  if (revealed)
    gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_revealer_set_reveal_child (self->revealer, revealed);
  child_revealed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

gboolean
crrc_banner_get_error (CrrcBanner *self)
{
  g_return_val_if_fail (CRRC_IS_BANNER (self), FALSE);

  return gtk_widget_has_css_class (GTK_WIDGET (self), "error");
}

/**
 * crrc_banner_set_error:
 * @self: a #CrrcBanner
 * @error: whether the message reports a failure (shown in the error colour)
 */
void
crrc_banner_set_error (CrrcBanner *self,
                       gboolean    error)
{
  g_return_if_fail (CRRC_IS_BANNER (self));

  if (!!error == crrc_banner_get_error (self))
    return;

  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}
