/* test-banner.c: CrrcBanner under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>

#include "crrc-banner.h"

static void
clicked_cb (CrrcBanner *banner,
            guint      *count)
{
  (*count)++;
}

static GtkWidget *
find_child_of_type (GtkWidget *widget,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Hidden by default: no room taken, nothing for a screen reader. */
static void
test_hidden_by_default (void)
{
  g_autoptr(CrrcBanner) banner = g_object_ref_sink (CRRC_BANNER (crrc_banner_new ()));

  g_assert_false (crrc_banner_get_revealed (banner));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (banner)));
  g_assert_null (crrc_banner_get_button_label (banner));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (banner), GTK_ACCESSIBLE_ROLE_ALERT);
}

/* A title from data is shown as it is, never parsed as markup. */
static void
test_title_is_plain_text (void)
{
  g_autoptr(CrrcBanner) banner = g_object_ref_sink (CRRC_BANNER (crrc_banner_new ()));
  const char *hostile = "<b>Bold</b> & <span foreground='red'>red</span> %s%n";
  GtkLabel *label;

  crrc_banner_set_title (banner, hostile);
  g_assert_cmpstr (crrc_banner_get_title (banner), ==, hostile);

  label = GTK_LABEL (find_child_of_type (GTK_WIDGET (banner), GTK_TYPE_LABEL));
  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_cmpstr (gtk_label_get_text (label), ==, hostile);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(CrrcBanner) banner = g_object_ref_sink (CRRC_BANNER (crrc_banner_new ()));
  guint notifications = 0;

  g_signal_connect (banner, "notify::revealed", G_CALLBACK (notify_cb), &notifications);

  crrc_banner_set_revealed (banner, TRUE);
  g_assert_true (crrc_banner_get_revealed (banner));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (banner)));
  crrc_banner_set_revealed (banner, TRUE);
  g_assert_cmpuint (notifications, ==, 1);

  crrc_banner_set_error (banner, TRUE);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (banner), "error"));
  crrc_banner_set_error (banner, FALSE);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (banner), "error"));

  /* Unmapped, there is no transition to wait for: it hides at once. */
  crrc_banner_set_revealed (banner, FALSE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (banner)));
  g_assert_cmpuint (notifications, ==, 2);
}

static void
test_button (void)
{
  g_autoptr(CrrcBanner) banner = g_object_ref_sink (CRRC_BANNER (crrc_banner_new ()));
  GtkWidget *button;
  guint clicked = 0;

  g_signal_connect (banner, "button-clicked", G_CALLBACK (clicked_cb), &clicked);

  button = find_child_of_type (GTK_WIDGET (banner), GTK_TYPE_BUTTON);
  g_assert_false (gtk_widget_get_visible (button));

  crrc_banner_set_button_label (banner, "_Dismiss");
  g_assert_cmpstr (crrc_banner_get_button_label (banner), ==, "_Dismiss");
  g_assert_true (gtk_widget_get_visible (button));

  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (clicked, ==, 1);

  crrc_banner_set_button_label (banner, NULL);
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_null (crrc_banner_get_button_label (banner));
}

/* The optional second button: its own label and signal, after the first. */
static void
test_secondary_button (void)
{
  g_autoptr(CrrcBanner) banner = g_object_ref_sink (CRRC_BANNER (crrc_banner_new ()));
  GtkWidget *button;
  GtkWidget *secondary;
  guint clicked = 0;
  guint secondary_clicked = 0;
  guint notifications = 0;

  g_signal_connect (banner, "button-clicked", G_CALLBACK (clicked_cb), &clicked);
  g_signal_connect (banner, "secondary-button-clicked", G_CALLBACK (clicked_cb), &secondary_clicked);
  g_signal_connect (banner, "notify::secondary-button-label", G_CALLBACK (notify_cb), &notifications);

  button = find_child_of_type (GTK_WIDGET (banner), GTK_TYPE_BUTTON);
  secondary = gtk_widget_get_next_sibling (button);
  g_assert_true (GTK_IS_BUTTON (secondary));
  g_assert_false (gtk_widget_get_visible (secondary));
  g_assert_null (crrc_banner_get_secondary_button_label (banner));

  crrc_banner_set_button_label (banner, "_Configure");
  g_object_set (banner, "secondary-button-label", "_Remove", NULL);
  g_assert_cmpstr (crrc_banner_get_secondary_button_label (banner), ==, "_Remove");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (secondary)), ==, "_Remove");
  g_assert_true (gtk_widget_get_visible (secondary));
  crrc_banner_set_secondary_button_label (banner, "_Remove");
  g_assert_cmpuint (notifications, ==, 1);

  g_signal_emit_by_name (secondary, "clicked");
  g_assert_cmpuint (secondary_clicked, ==, 1);
  g_assert_cmpuint (clicked, ==, 0);

  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (clicked, ==, 1);
  g_assert_cmpuint (secondary_clicked, ==, 1);

  /* Empty hides it, like NULL. */
  crrc_banner_set_secondary_button_label (banner, "");
  g_assert_false (gtk_widget_get_visible (secondary));
  g_assert_null (crrc_banner_get_secondary_button_label (banner));
  g_assert_cmpuint (notifications, ==, 2);
  g_assert_true (gtk_widget_get_visible (button));
}

/* Laid out at @width: the label's and the buttons' allocations. */
static void
layout_at (CrrcBanner      *banner,
           int              width,
           graphene_rect_t *label,
           graphene_rect_t *button,
           graphene_rect_t *secondary)
{
  GtkWidget *widget = GTK_WIDGET (banner);
  GtkWidget *label_widget = find_child_of_type (widget, GTK_TYPE_LABEL);
  GtkWidget *buttons[2] = { NULL, NULL };
  int minimum, height;
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_next_sibling (label_widget); child != NULL && n < 2;
       child = gtk_widget_get_next_sibling (child))
    buttons[n++] = child;
  g_assert_cmpuint (n, ==, 2);

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, width);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  gtk_widget_size_allocate (widget, &(GtkAllocation) { 0, 0, width, height }, -1);

  g_assert_true (gtk_widget_compute_bounds (label_widget, widget, label));
  g_assert_true (gtk_widget_compute_bounds (buttons[0], widget, button));
  g_assert_true (gtk_widget_compute_bounds (buttons[1], widget, secondary));
}

/* A long title and two buttons: one row on a wide window; on a narrow one
 * the buttons go under the text, which keeps the whole width (never a word
 * per line), and on a phone-sized one they stack. */
static void
test_narrow (void)
{
  g_autoptr(CrrcBanner) banner = g_object_ref_sink (CRRC_BANNER (crrc_banner_new ()));
  graphene_rect_t label, button, secondary;

  crrc_banner_set_title (banner, "Données de démonstration : les chiffres sont fictifs, mais les "
                                 "totaux nationaux sont ceux de l’Observatoire 2023.");
  crrc_banner_set_button_label (banner, "Configurer un flux…");
  crrc_banner_set_secondary_button_label (banner, "Supprimer les données de démonstration");
  crrc_banner_set_revealed (banner, TRUE);

  layout_at (banner, 1400, &label, &button, &secondary);
  g_assert_cmpfloat (button.origin.x, >=, label.origin.x + label.size.width);
  g_assert_cmpfloat (secondary.origin.x, >, button.origin.x);
  g_assert_cmpfloat (fabs ((button.origin.y + button.size.height / 2) -
                           (label.origin.y + label.size.height / 2)), <, 2);

  layout_at (banner, 600, &label, &button, &secondary);
  g_assert_cmpfloat (button.origin.y, >=, label.origin.y + label.size.height);
  g_assert_cmpfloat (label.size.width, >=, 500);
  g_assert_cmpfloat (secondary.origin.y, ==, button.origin.y);

  layout_at (banner, 320, &label, &button, &secondary);
  g_assert_cmpfloat (button.origin.y, >=, label.origin.y + label.size.height);
  g_assert_cmpfloat (secondary.origin.y, >=, button.origin.y + button.size.height);
  g_assert_cmpfloat (label.size.width, >=, 250);
}

static void
test_finalize (void)
{
  CrrcBanner *banner = g_object_ref_sink (CRRC_BANNER (crrc_banner_new ()));

  crrc_banner_set_title (banner, "Title");
  crrc_banner_set_button_label (banner, "_Button");
  crrc_banner_set_revealed (banner, TRUE);
  g_assert_finalize_object (banner);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/banner/hidden-by-default", test_hidden_by_default);
  g_test_add_func ("/banner/title-is-plain-text", test_title_is_plain_text);
  g_test_add_func ("/banner/properties", test_properties);
  g_test_add_func ("/banner/button", test_button);
  g_test_add_func ("/banner/secondary-button", test_secondary_button);
  g_test_add_func ("/banner/narrow", test_narrow);
  g_test_add_func ("/banner/finalize", test_finalize);

  return g_test_run ();
}
