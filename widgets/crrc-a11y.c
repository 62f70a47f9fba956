/* crrc-a11y.c: what screen readers are told, where GTK 4.8 says it twice
 *
 * GTK 4.8 gives a button made with a mnemonic ("_Sync Now") both the label
 * property, underscore included, and a "labelled by" relation to its label
 * widget; AT-SPI joins the two, and Orca reads "_Sync Now Sync Now". Newer
 * GTK fixed it. Here the label property of such buttons is set to the text
 * as shown, and the relation dropped, so the name is read once; a change of
 * the label is followed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-a11y"

#include "config.h"

#include <string.h>

#include "crrc-a11y.h"

#define FIXED_KEY "crrc-a11y-fixed"

/* "_Sync Now" → "Sync Now"; "__" stays one underscore. */
static char *
strip_mnemonic (const char *text)
{
  GString *plain = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            p++;
          else
            continue;
        }
      g_string_append_c (plain, *p);
    }

  return g_string_free (plain, FALSE);
}

static void
apply_fix (GtkButton *button)
{
  const char *label = gtk_button_get_label (button);
  g_autofree char *plain = NULL;

  if (label == NULL || !gtk_button_get_use_underline (button))
    return;

  plain = strip_mnemonic (label);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, plain,
                                  -1);
}

static void
label_changed_cb (GtkButton *button)
{
  apply_fix (button);
}

/**
 * crrc_a11y_fix_mnemonic_button:
 * @button: a button, with a mnemonic label or not
 *
 * Makes the accessible name of @button its label as shown, once, now and
 * whenever the label changes.
 */
void
crrc_a11y_fix_mnemonic_button (GtkButton *button)
{
  g_return_if_fail (GTK_IS_BUTTON (button));

  if (g_object_get_data (G_OBJECT (button), FIXED_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (button), FIXED_KEY, GINT_TO_POINTER (1));
      /* After GTK's own handler, which sets the property again. */
      g_signal_connect_after (button, "notify::label", G_CALLBACK (label_changed_cb), NULL);
      g_signal_connect_after (button, "notify::use-underline", G_CALLBACK (label_changed_cb), NULL);
    }
  apply_fix (button);
}

/**
 * crrc_a11y_fix_mnemonic_buttons:
 * @root: a widget
 *
 * crrc_a11y_fix_mnemonic_button() on every button under @root, @root
 * included.
 */
void
crrc_a11y_fix_mnemonic_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root))
    crrc_a11y_fix_mnemonic_button (GTK_BUTTON (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    crrc_a11y_fix_mnemonic_buttons (child);
}

static void
window_mapped_cb (GtkWidget *window)
{
  crrc_a11y_fix_mnemonic_buttons (window);
}

static void
toplevels_changed_cb (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_object_get_data (G_OBJECT (window), FIXED_KEY) != NULL)
        continue;
      g_object_set_data (G_OBJECT (window), FIXED_KEY, GINT_TO_POINTER (1));
      /* Each time it is shown: pages and dialogs fill in their content
       * before that. */
      g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
    }
}

/**
 * crrc_a11y_watch_toplevels:
 *
 * Fixes the mnemonic buttons of every window of the process when it is
 * shown, including windows made later (dialogs). Call once, at start-up.
 */
void
crrc_a11y_watch_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  static gboolean watching;

  if (watching)
    return;
  watching = TRUE;

  g_signal_connect (toplevels, "items-changed", G_CALLBACK (toplevels_changed_cb), NULL);
  toplevels_changed_cb (toplevels, 0, 0, g_list_model_get_n_items (toplevels));
}
