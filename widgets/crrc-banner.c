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

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (box, "banner-content");
  gtk_revealer_set_child (self->revealer, box);

  self->label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_use_markup (self->label, FALSE);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->label, 0.0f);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));

  self->button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_use_underline (self->button, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (self->button), FALSE);
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (button_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->button));

  /* The secondary button, if any, follows the main one. */
  self->secondary_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_use_underline (self->secondary_button, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->secondary_button), GTK_ALIGN_CENTER);
  gtk_widget_set_visible (GTK_WIDGET (self->secondary_button), FALSE);
  g_signal_connect_swapped (self->secondary_button, "clicked",
                            G_CALLBACK (secondary_button_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->secondary_button));

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
