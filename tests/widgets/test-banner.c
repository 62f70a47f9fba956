/* test-banner.c: CrrcBanner under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

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
  g_test_add_func ("/banner/finalize", test_finalize);

  return g_test_run ();
}
