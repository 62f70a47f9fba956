/* test-a11y.c: a button with a mnemonic is named once, as shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "crrc-a11y.h"

static void
test_button (void)
{
  GtkWidget *button = g_object_ref_sink (gtk_button_new_with_mnemonic ("_Sync Now"));
  GtkWidget *plain = g_object_ref_sink (gtk_button_new_with_label ("Keep_as_is"));

  /* What GTK 4.8 does by itself: the underscore in the name, and a
   * relation that repeats the text. */
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "_Sync Now");

  crrc_a11y_fix_mnemonic_button (GTK_BUTTON (button));
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Sync Now");
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));

  /* A new label is followed; a doubled underscore is one underscore. */
  gtk_button_set_label (GTK_BUTTON (button), "_Export __All");
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Export _All");
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));

  /* A label without mnemonic is left alone. */
  crrc_a11y_fix_mnemonic_button (GTK_BUTTON (plain));
  gtk_test_accessible_assert_property (plain, GTK_ACCESSIBLE_PROPERTY_LABEL, "Keep_as_is");

  g_object_unref (button);
  g_object_unref (plain);
}

/* Every window shown after crrc_a11y_watch_toplevels(), dialogs included. */
static void
test_toplevels (void)
{
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *first;
  GtkWidget *second;

  crrc_a11y_watch_toplevels ();

  window = gtk_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  first = gtk_button_new_with_mnemonic ("_Campaigns");
  second = gtk_toggle_button_new_with_mnemonic ("_Maturity");
  gtk_box_append (GTK_BOX (box), first);
  gtk_box_append (GTK_BOX (box), second);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);

  gtk_test_accessible_assert_property (first, GTK_ACCESSIBLE_PROPERTY_LABEL, "Campaigns");
  gtk_test_accessible_assert_property (second, GTK_ACCESSIBLE_PROPERTY_LABEL, "Maturity");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/a11y/button", test_button);
  g_test_add_func ("/a11y/toplevels", test_toplevels);

  return g_test_run ();
}
