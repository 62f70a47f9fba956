/* crrc-chart-theme.c: colours and text sizes a chart is drawn with
 *
 * The colours are libadwaita 1.2's named palette and its semantic colours
 * (accent, success, warning, error), so charts sit naturally in the window
 * in both styles. Exports always use the print theme: light, on white.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart-theme"

#include "config.h"

#include <string.h>

#include "crrc-chart-theme.h"

static GdkRGBA
rgba (guint32 rgb,
      double  alpha)
{
  GdkRGBA color = {
    ((rgb >> 16) & 0xff) / 255.0,
    ((rgb >> 8) & 0xff) / 255.0,
    (rgb & 0xff) / 255.0,
    alpha,
  };

  return color;
}

static void
fill_palette (CrrcChartTheme *theme,
              const guint32   colors[CRRC_CHART_PALETTE_SIZE])
{
  for (guint i = 0; i < CRRC_CHART_PALETTE_SIZE; i++)
    theme->palette[i] = rgba (colors[i], 1.0);
}

void
crrc_chart_theme_init_light (CrrcChartTheme *theme,
                             double          text_size)
{
  /* blue 3, orange 3, green 5, purple 3, yellow 5, red 3, brown 3, dark 2 */
  static const guint32 palette[CRRC_CHART_PALETTE_SIZE] = {
    0x3584e4, 0xff7800, 0x26a269, 0x9141ac, 0xe5a50a, 0xe01b24, 0x986a44, 0x5e5c64,
  };

  g_return_if_fail (theme != NULL);

  memset (theme, 0, sizeof *theme);
  theme->background = rgba (0xffffff, 0.0);
  theme->foreground = rgba (0x000000, 0.8);
  theme->dim = rgba (0x000000, 0.55);
  theme->grid = rgba (0x000000, 0.12);
  theme->accent = rgba (0x3584e4, 1.0);
  theme->reference = rgba (0x77767b, 0.35);
  theme->good = rgba (0x1b8553, 1.0);
  theme->bad = rgba (0xc01c28, 1.0);
  theme->warning = rgba (0x9c6e03, 1.0);
  theme->scale_low = rgba (0xfbe3b5, 1.0);
  theme->scale_high = rgba (0xa51d2d, 1.0);
  theme->empty = rgba (0x000000, 0.07);
  fill_palette (theme, palette);
  theme->font_family = g_strdup ("Cantarell");
  theme->text_size = text_size > 0 ? text_size : 13.0;
  theme->dark = FALSE;
}

void
crrc_chart_theme_init_dark (CrrcChartTheme *theme,
                            double          text_size)
{
  /* blue 2, orange 2, green 3, purple 2, yellow 3, red 2, brown 2, light 4 */
  static const guint32 palette[CRRC_CHART_PALETTE_SIZE] = {
    0x62a0ea, 0xffa348, 0x33d17a, 0xc061cb, 0xf6d32d, 0xed333b, 0xb5835a, 0x9a9996,
  };

  g_return_if_fail (theme != NULL);

  memset (theme, 0, sizeof *theme);
  theme->background = rgba (0x242424, 0.0);
  theme->foreground = rgba (0xffffff, 1.0);
  theme->dim = rgba (0xffffff, 0.6);
  theme->grid = rgba (0xffffff, 0.14);
  theme->accent = rgba (0x62a0ea, 1.0);
  theme->reference = rgba (0xc0bfbc, 0.3);
  theme->good = rgba (0x8ff0a4, 1.0);
  theme->bad = rgba (0xff7b63, 1.0);
  theme->warning = rgba (0xf8e45c, 1.0);
  theme->scale_low = rgba (0x5a4520, 1.0);
  theme->scale_high = rgba (0xff7b63, 1.0);
  theme->empty = rgba (0xffffff, 0.08);
  fill_palette (theme, palette);
  theme->font_family = g_strdup ("Cantarell");
  theme->text_size = text_size > 0 ? text_size : 13.0;
  theme->dark = TRUE;
}

void
crrc_chart_theme_init_print (CrrcChartTheme *theme,
                             double          width,
                             double          height)
{
  double text_size;

  g_return_if_fail (theme != NULL);

  /* 30 px at 1920×1080: a thirty-sixth of the height, but no more than a
   * sixty-fourth of the width for tall pages, and never unreadably small. */
  text_size = MIN (width / 64.0, height / 36.0);
  text_size = MAX (text_size, 9.0);

  crrc_chart_theme_init_light (theme, text_size);
  theme->background = (GdkRGBA) { 1.0, 1.0, 1.0, 1.0 };
  theme->foreground = rgba (0x241f31, 1.0);
  theme->dim = rgba (0x5e5c64, 1.0);
  theme->grid = rgba (0xdeddda, 1.0);
  theme->accent = rgba (0x1c71d8, 1.0);
  theme->palette[0] = theme->accent;
  theme->reference = rgba (0x9a9996, 0.35);
  theme->empty = rgba (0xf0efed, 1.0);
}

void
crrc_chart_theme_set_accent (CrrcChartTheme *theme,
                             const GdkRGBA  *accent)
{
  g_return_if_fail (theme != NULL);
  g_return_if_fail (accent != NULL);

  theme->accent = *accent;
  theme->palette[0] = *accent;
}

void
crrc_chart_theme_clear (CrrcChartTheme *theme)
{
  g_return_if_fail (theme != NULL);

  g_clear_pointer (&theme->font_family, g_free);
}

void
crrc_chart_theme_copy (CrrcChartTheme       *dest,
                       const CrrcChartTheme *src)
{
  g_return_if_fail (dest != NULL);
  g_return_if_fail (src != NULL);

  *dest = *src;
  dest->font_family = g_strdup (src->font_family);
}
