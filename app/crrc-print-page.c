/* crrc-print-page.c: text on the pages of the PDF documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "crrc-print-page"

#include "config.h"

#include "crrc-display-text.h"
#include "crrc-print-page.h"

PangoLayout *
crrc_print_page_layout (CrrcPrintPage *page,
                        const char    *text,
                        double         px,
                        gboolean       bold,
                        double         width,
                        int            max_lines)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();
  PangoLayout *layout = pango_cairo_create_layout (page->cr);
  /* Plain text: names, summaries and measures come from data; without
   * bidirectional controls (crrc-display-text.h). */
  g_autofree char *shown = crrc_display_text (text != NULL ? text : "");

  pango_font_description_set_family (font, page->theme.font_family);
  pango_font_description_set_absolute_size (font, px * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, shown, -1);
  pango_layout_set_width (layout, width < 0 ? -1 : (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -max_lines);

  return layout;
}

double
crrc_print_page_draw_text (CrrcPrintPage *page,
                           const char    *text,
                           double         px,
                           gboolean       bold,
                           const GdkRGBA *color,
                           double         x,
                           double         y,
                           double         width,
                           int            max_lines)
{
  g_autoptr(PangoLayout) layout = crrc_print_page_layout (page, text, px, bold, width, max_lines);
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  gdk_cairo_set_source_rgba (page->cr, color);
  cairo_move_to (page->cr, x, y);
  pango_cairo_show_layout (page->cr, layout);

  return height;
}

double
crrc_print_page_text_width (CrrcPrintPage *page,
                            const char    *text,
                            double         px,
                            gboolean       bold)
{
  g_autoptr(PangoLayout) layout = crrc_print_page_layout (page, text, px, bold, -1, 1);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

void
crrc_print_page_paragraph (CrrcPrintPage *page,
                           const char    *text,
                           double         px,
                           gboolean       bold,
                           const GdkRGBA *color,
                           int            max_lines)
{
  page->y += crrc_print_page_draw_text (page, text, px, bold, color, page->x, page->y, page->width, max_lines);
}
