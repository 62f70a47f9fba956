/* crrc-toast.c: a toast of plain text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-toast"

#include "config.h"

#include "crrc-display-text.h"
#include "crrc-toast.h"

/**
 * crrc_toast_show_plain:
 * @from: a widget inside an #AdwToastOverlay
 * @text: plain text, which may quote data (a name, a file, an error)
 * @priority: the toast's priority
 *
 * Shows @text in a toast of the overlay around @from, as written: a toast's
 * title is Pango markup in libadwaita 1.2, so @text is escaped, and its
 * bidirectional controls are left out (crrc-display-text.h).
 *
 * Returns: %FALSE when @from is in no toast overlay
 */
gboolean
crrc_toast_show_plain (GtkWidget        *from,
                       const char       *text,
                       AdwToastPriority  priority)
{
  GtkWidget *overlay;
  g_autofree char *shown = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_val_if_fail (GTK_IS_WIDGET (from), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  overlay = gtk_widget_get_ancestor (from, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return FALSE;

  shown = crrc_display_text (text);
  escaped = g_markup_escape_text (shown, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_priority (toast, priority);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);

  return TRUE;
}
