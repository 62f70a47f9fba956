/* crrc-chart-card.c: a chart in a card, with its title, scope, source and menu
 *
 * What UI.md asks of every chart on a page: the title and the scope above,
 * the chart, the source and freshness below, and a menu button (⋮) with the
 * chart's copy and save actions — the same menu as its context menu.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart-card"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crrc-chart-card.h"

struct _CrrcChartCard
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *title;
  GtkWidget *subtitle;
  GtkWidget *menu_button;
  GtkWidget *chart;
  GtkWidget *source;
};

G_DEFINE_FINAL_TYPE (CrrcChartCard, crrc_chart_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_label (GtkWidget  *label,
           const char *text)
{
  /* Plain text: titles and sources may come from data. */
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_visible (label, text != NULL && text[0] != '\0');
}

static void
update_labels (CrrcChartCard *self)
{
  CrrcChartModel *model = crrc_chart_card_get_model (self);

  set_label (self->title, model != NULL ? crrc_chart_model_get_title (model) : NULL);
  set_label (self->subtitle, model != NULL ? crrc_chart_model_get_subtitle (model) : NULL);
  set_label (self->source, model != NULL ? crrc_chart_model_get_source (model) : NULL);
}

/* The menu button's menu resolves its actions from the card: forward them. */
static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CrrcChartCard *self = CRRC_CHART_CARD (widget);

  gtk_widget_activate_action_variant (self->chart, action_name, parameter);
}

/**
 * crrc_chart_card_add_menu_section:
 * @self: a chart card
 * @section: the items to add
 *
 * Adds @section at the end of the menu of the card's menu button; the
 * chart's own context menu is unchanged.
 */
void
crrc_chart_card_add_menu_section (CrrcChartCard *self,
                                  GMenuModel    *section)
{
  GMenuModel *current;
  g_autoptr(GMenu) menu = g_menu_new ();

  g_return_if_fail (CRRC_IS_CHART_CARD (self));
  g_return_if_fail (G_IS_MENU_MODEL (section));

  current = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (self->menu_button));
  if (current != NULL)
    g_menu_append_section (menu, NULL, current);
  g_menu_append_section (menu, NULL, section);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), G_MENU_MODEL (menu));
}

static void
crrc_chart_card_dispose (GObject *object)
{
  CrrcChartCard *self = CRRC_CHART_CARD (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (crrc_chart_card_parent_class)->dispose (object);
}

static void
crrc_chart_card_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrrcChartCard *self = CRRC_CHART_CARD (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, crrc_chart_card_get_model (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_chart_card_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CrrcChartCard *self = CRRC_CHART_CARD (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      crrc_chart_card_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_chart_card_class_init (CrrcChartCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_chart_card_dispose;
  object_class->get_property = crrc_chart_card_get_property;
  object_class->set_property = crrc_chart_card_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         CRRC_TYPE_CHART_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "chart.copy", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "chart.save-png", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "chart.save-svg", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "chart.save-pdf", NULL, forward_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chartcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
crrc_chart_card_init (CrrcChartCard *self)
{
  GtkWidget *header, *titles;

  gtk_widget_add_css_class (GTK_WIDGET (self), "card");

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->box), header);

  titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_box_append (GTK_BOX (header), titles);

  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_wrap (GTK_LABEL (self->title), TRUE);
  /* A word longer than the card (a name from data) breaks anywhere. */
  gtk_label_set_wrap_mode (GTK_LABEL (self->title), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (self->title, "heading");
  gtk_box_append (GTK_BOX (titles), self->title);

  self->subtitle = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (self->subtitle), TRUE);
  /* A word longer than the card (a name from data) breaks anywhere. */
  gtk_label_set_wrap_mode (GTK_LABEL (self->subtitle), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (self->subtitle, "caption");
  gtk_widget_add_css_class (self->subtitle, "dim-label");
  gtk_box_append (GTK_BOX (titles), self->subtitle);

  self->chart = crrc_chart_new (NULL);
  gtk_widget_set_hexpand (self->chart, TRUE);
  gtk_widget_set_vexpand (self->chart, TRUE);
  gtk_widget_set_margin_end (self->chart, 6);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button),
                                  crrc_chart_get_menu_model (CRRC_CHART (self->chart)));
  gtk_widget_set_valign (self->menu_button, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_set_tooltip_text (self->menu_button, _("Chart Menu"));
  /* An icon-only button: its name, not only its tooltip. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Chart Menu"),
                                  -1);
  gtk_box_append (GTK_BOX (header), self->menu_button);

  gtk_box_append (GTK_BOX (self->box), self->chart);

  self->source = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->source), 0);
  gtk_label_set_wrap (GTK_LABEL (self->source), TRUE);
  /* A word longer than the card (a name from data) breaks anywhere. */
  gtk_label_set_wrap_mode (GTK_LABEL (self->source), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_end (self->source, 6);
  gtk_widget_add_css_class (self->source, "caption");
  gtk_widget_add_css_class (self->source, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->source);

  update_labels (self);
}

/**
 * crrc_chart_card_new:
 * @model: (nullable): what to show
 *
 * Returns: (transfer floating): a new chart card
 */
GtkWidget *
crrc_chart_card_new (CrrcChartModel *model)
{
  return g_object_new (CRRC_TYPE_CHART_CARD, "model", model, NULL);
}

/**
 * crrc_chart_card_get_chart:
 * @self: a chart card
 *
 * Returns: (transfer none): the chart inside
 */
CrrcChart *
crrc_chart_card_get_chart (CrrcChartCard *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_CARD (self), NULL);
  return CRRC_CHART (self->chart);
}

CrrcChartModel *
crrc_chart_card_get_model (CrrcChartCard *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_CARD (self), NULL);
  return crrc_chart_get_model (CRRC_CHART (self->chart));
}

void
crrc_chart_card_set_model (CrrcChartCard  *self,
                           CrrcChartModel *model)
{
  g_return_if_fail (CRRC_IS_CHART_CARD (self));

  if (crrc_chart_get_model (CRRC_CHART (self->chart)) == model)
    return;

  crrc_chart_set_model (CRRC_CHART (self->chart), model);
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}
