/* crrc-chart-draw.c: the frame around every chart and the helpers its kinds share
 *
 * crrc_chart_draw() is a pure function of (model, size, theme): it draws the
 * title, the subtitle and the source line when asked, lets the chart's kind
 * draw the plot in what is left, then rings the focused item. The widget, the
 * exports and printing all call it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart-draw"

#include "config.h"

#include <math.h>

#include "crrc-chart-draw-private.h"
#include "crrc-display-text.h"

static const double text_scale[] = {
  [CRRC_CHART_TEXT_BODY] = 1.0,
  [CRRC_CHART_TEXT_SMALL] = 0.85,
  [CRRC_CHART_TEXT_TITLE] = 1.35,
  [CRRC_CHART_TEXT_SUBTITLE] = 1.0,
  [CRRC_CHART_TEXT_FIGURE] = 2.4,
};

static void
item_free (gpointer data)
{
  CrrcChartItem *item = data;

  g_clear_pointer (&item->shape, cairo_path_destroy);
  g_free (item);
}

static void
text_box_free (gpointer data)
{
  CrrcChartTextBox *box = data;

  g_free (box->text);
  g_free (box);
}

/**
 * crrc_chart_layout_new:
 *
 * Returns: (transfer full): an empty layout, to pass to crrc_chart_draw()
 */
CrrcChartLayout *
crrc_chart_layout_new (void)
{
  CrrcChartLayout *layout = g_new0 (CrrcChartLayout, 1);

  layout->items = g_ptr_array_new_with_free_func (item_free);
  layout->text_boxes = g_ptr_array_new_with_free_func (text_box_free);
  return layout;
}

void
crrc_chart_layout_free (CrrcChartLayout *layout)
{
  if (layout == NULL)
    return;

  g_ptr_array_unref (layout->items);
  g_ptr_array_unref (layout->text_boxes);
  g_free (layout);
}

static cairo_t *
scratch_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

int
crrc_chart_layout_hit (CrrcChartLayout *layout,
                       double           x,
                       double           y)
{
  cairo_t *cr;
  int hit = -1;

  g_return_val_if_fail (layout != NULL, -1);

  cr = scratch_context ();
  for (guint i = layout->items->len; i > 0; i--)
    {
      CrrcChartItem *item = g_ptr_array_index (layout->items, i - 1);

      if (x < item->x || y < item->y ||
          x > item->x + item->width || y > item->y + item->height)
        continue;

      if (item->shape == NULL)
        {
          hit = (int) i - 1;
          break;
        }

      cairo_new_path (cr);
      cairo_append_path (cr, item->shape);
      if (cairo_in_fill (cr, x, y) || cairo_in_stroke (cr, x, y))
        {
          hit = (int) i - 1;
          break;
        }
    }
  cairo_destroy (cr);

  return hit;
}

/* Text */

double
_crrc_chart_text_px (CrrcChartContext  *ctx,
                     CrrcChartTextRole  role)
{
  return ctx->theme->text_size * text_scale[role];
}

static PangoFontDescription *
font_for (CrrcChartContext *ctx,
          double            px,
          gboolean          bold)
{
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, ctx->theme->font_family != NULL
                                           ? ctx->theme->font_family : "Sans");
  pango_font_description_set_absolute_size (font, MAX (px, 1.0) * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return font;
}

static PangoLayout *
new_layout (CrrcChartContext           *ctx,
            const char                 *text,
            const PangoFontDescription *font)
{
  PangoLayout *layout = pango_layout_new (ctx->pango);
  /* Plain text, never markup: labels come from data; without bidirectional
   * controls (crrc-display-text.h). */
  g_autofree char *shown = crrc_display_text (text != NULL ? text : "");

  pango_layout_set_font_description (layout, font);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_text (layout, shown, -1);
  return layout;
}

PangoLayout *
_crrc_chart_text_layout (CrrcChartContext  *ctx,
                         const char        *text,
                         CrrcChartTextRole  role)
{
  return new_layout (ctx, text, ctx->fonts[role]);
}

PangoLayout *
_crrc_chart_text_layout_px (CrrcChartContext *ctx,
                            const char       *text,
                            double            px,
                            gboolean          bold)
{
  g_autoptr(PangoFontDescription) font = font_for (ctx, px, bold);

  return new_layout (ctx, text, font);
}

void
_crrc_chart_text_size (CrrcChartContext  *ctx,
                       const char        *text,
                       CrrcChartTextRole  role,
                       double            *width,
                       double            *height)
{
  g_autoptr(PangoLayout) layout = _crrc_chart_text_layout (ctx, text, role);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

static void
record_text (CrrcChartContext *ctx,
             PangoLayout      *layout,
             double            x,
             double            y,
             double            width,
             double            height)
{
  CrrcChartTextBox *box = g_new0 (CrrcChartTextBox, 1);

  box->text = g_strdup (pango_layout_get_text (layout));
  box->x = x;
  box->y = y;
  box->width = width;
  box->height = height;
  g_ptr_array_add (ctx->layout->text_boxes, box);
}

double
_crrc_chart_show_layout (CrrcChartContext *ctx,
                         PangoLayout      *layout,
                         const GdkRGBA    *color,
                         double            x,
                         double            y,
                         double            max_width)
{
  PangoRectangle logical;

  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) floor (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }

  _crrc_chart_set_color (ctx->cr, color);
  cairo_move_to (ctx->cr, x, y);
  pango_cairo_show_layout (ctx->cr, layout);
  cairo_new_path (ctx->cr);

  /* With a width set, the line sits inside it as aligned: the logical
   * rectangle says where. */
  pango_layout_get_extents (layout, NULL, &logical);
  record_text (ctx, layout,
               x + (double) logical.x / PANGO_SCALE, y + (double) logical.y / PANGO_SCALE,
               (double) logical.width / PANGO_SCALE, (double) logical.height / PANGO_SCALE);

  return (double) logical.width / PANGO_SCALE;
}

double
_crrc_chart_draw_text (CrrcChartContext  *ctx,
                       const char        *text,
                       CrrcChartTextRole  role,
                       const GdkRGBA     *color,
                       double             x,
                       double             y,
                       double             max_width,
                       PangoAlignment     align)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle logical;

  if (text == NULL || text[0] == '\0')
    return 0;

  layout = _crrc_chart_text_layout (ctx, text, role);
  pango_layout_set_alignment (layout, align);
  _crrc_chart_show_layout (ctx, layout, color, x, y, max_width);
  pango_layout_get_extents (layout, NULL, &logical);

  return (double) logical.height / PANGO_SCALE;
}

void
_crrc_chart_draw_text_rotated (CrrcChartContext  *ctx,
                               const char        *text,
                               CrrcChartTextRole  role,
                               const GdkRGBA     *color,
                               double             x,
                               double             y,
                               double             angle,
                               double             max_length)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle logical;
  double width, height;
  double corners[4][2];
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double c = cos (angle), s = sin (angle);

  if (text == NULL || text[0] == '\0')
    return;

  layout = _crrc_chart_text_layout (ctx, text, role);
  if (max_length > 0)
    {
      pango_layout_set_width (layout, (int) floor (max_length * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_extents (layout, NULL, &logical);
  width = MIN ((double) logical.width / PANGO_SCALE,
               max_length > 0 ? max_length : G_MAXDOUBLE);
  {
    PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);
    PangoRectangle line_logical;

    if (line != NULL)
      {
        pango_layout_line_get_extents (line, NULL, &line_logical);
        width = (double) line_logical.width / PANGO_SCALE;
      }
  }
  height = (double) logical.height / PANGO_SCALE;

  /* The text's end is anchored at (x, y), vertically centred on it. */
  cairo_save (ctx->cr);
  cairo_translate (ctx->cr, x, y);
  cairo_rotate (ctx->cr, angle);
  cairo_move_to (ctx->cr, -width, -height / 2);
  _crrc_chart_set_color (ctx->cr, color);
  pango_cairo_update_layout (ctx->cr, layout);
  pango_cairo_show_layout (ctx->cr, layout);
  cairo_new_path (ctx->cr);
  cairo_restore (ctx->cr);
  pango_cairo_update_context (ctx->cr, ctx->pango);

  corners[0][0] = -width; corners[0][1] = -height / 2;
  corners[1][0] = 0;      corners[1][1] = -height / 2;
  corners[2][0] = 0;      corners[2][1] = height / 2;
  corners[3][0] = -width; corners[3][1] = height / 2;
  for (guint i = 0; i < 4; i++)
    {
      double px = x + corners[i][0] * c - corners[i][1] * s;
      double py = y + corners[i][0] * s + corners[i][1] * c;

      min_x = MIN (min_x, px);
      min_y = MIN (min_y, py);
      max_x = MAX (max_x, px);
      max_y = MAX (max_y, py);
    }
  record_text (ctx, layout, min_x, min_y, max_x - min_x, max_y - min_y);
}

/* Numbers */

guint
_crrc_chart_nice_ticks (double    max,
                        guint     max_ticks,
                        gboolean  integers,
                        double   *step,
                        double   *top)
{
  static const double multiples[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };
  double raw, magnitude, chosen = 1.0;
  guint n;

  g_assert (step != NULL && top != NULL);

  if (!isfinite (max) || max <= 0)
    max = integers ? 1.0 : 1.0;
  if (max_ticks == 0)
    max_ticks = 1;

  raw = max / max_ticks;
  magnitude = pow (10.0, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (multiples); i++)
    {
      double candidate = multiples[i] * magnitude;

      /* 2.5 × 1 is no whole number. */
      if (integers && fabs (candidate - round (candidate)) > 1e-9)
        continue;
      if (candidate >= raw * (1 - 1e-9))
        {
          chosen = candidate;
          break;
        }
      chosen = 10.0 * magnitude;
    }
  if (integers && chosen < 1.0)
    chosen = 1.0;

  n = (guint) ceil (max / chosen - 1e-9);
  if (n == 0)
    n = 1;

  *step = chosen;
  *top = chosen * n;
  return n;
}

/* Colours */

void
_crrc_chart_set_color (cairo_t       *cr,
                       const GdkRGBA *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

GdkRGBA
_crrc_chart_mix (const GdkRGBA *color,
                 const GdkRGBA *other,
                 double         amount)
{
  GdkRGBA mixed;

  amount = CLAMP (amount, 0.0, 1.0);
  mixed.red = color->red + (other->red - color->red) * amount;
  mixed.green = color->green + (other->green - color->green) * amount;
  mixed.blue = color->blue + (other->blue - color->blue) * amount;
  mixed.alpha = color->alpha + (other->alpha - color->alpha) * amount;
  return mixed;
}

/* The fill colour of a tone, or NULL for AUTO. Fills use the palette's
 * green, orange, red and grey rather than the text colours of the theme's
 * success, warning and error, which are too dark to fill an area. */
static const GdkRGBA *
tone_color (CrrcChartContext *ctx,
            CrrcChartTone     tone)
{
  switch (tone)
    {
    case CRRC_CHART_TONE_ACCENT:
      return &ctx->theme->accent;
    case CRRC_CHART_TONE_NEUTRAL:
      return &ctx->theme->palette[7];
    case CRRC_CHART_TONE_GOOD:
      return &ctx->theme->palette[2];
    case CRRC_CHART_TONE_WARNING:
      return &ctx->theme->palette[1];
    case CRRC_CHART_TONE_BAD:
      return &ctx->theme->palette[5];
    case CRRC_CHART_TONE_AUTO:
    default:
      return NULL;
    }
}

const GdkRGBA *
_crrc_chart_series_color (CrrcChartContext *ctx,
                          guint             series)
{
  const GdkRGBA *toned;
  guint n_data = 0, index = 0;

  if (crrc_chart_model_get_series_role (ctx->model, series) != CRRC_CHART_SERIES_DATA)
    return &ctx->theme->reference;

  toned = tone_color (ctx, crrc_chart_model_get_series_tone (ctx->model, series));
  if (toned != NULL)
    return toned;

  for (guint i = 0; i < crrc_chart_model_get_n_series (ctx->model); i++)
    {
      if (crrc_chart_model_get_series_role (ctx->model, i) != CRRC_CHART_SERIES_DATA)
        continue;
      if (i < series)
        index++;
      n_data++;
    }

  if (n_data <= 1)
    return &ctx->theme->accent;

  return &ctx->theme->palette[index % CRRC_CHART_PALETTE_SIZE];
}

const GdkRGBA *
_crrc_chart_category_color (CrrcChartContext *ctx,
                            guint             category)
{
  const GdkRGBA *toned = tone_color (ctx, crrc_chart_model_get_category_tone (ctx->model, category));

  if (toned != NULL)
    return toned;

  return &ctx->theme->palette[category % CRRC_CHART_PALETTE_SIZE];
}

GdkRGBA
_crrc_chart_hover_color (CrrcChartContext *ctx,
                         const GdkRGBA    *color)
{
  static const GdkRGBA white = { 1, 1, 1, 1 };
  static const GdkRGBA black = { 0, 0, 0, 1 };
  GdkRGBA mixed = _crrc_chart_mix (color, ctx->theme->dark ? &white : &black,
                                   ctx->theme->dark ? 0.3 : 0.2);

  mixed.alpha = MAX (color->alpha, 0.6);
  return mixed;
}

/* Items */

static guint
add_item (CrrcChartContext *ctx,
          int               category,
          int               series,
          cairo_path_t     *shape,
          double            x1,
          double            y1,
          double            x2,
          double            y2)
{
  CrrcChartItem *item = g_new0 (CrrcChartItem, 1);

  item->category = category;
  item->series = series;
  item->x = x1;
  item->y = y1;
  item->width = x2 - x1;
  item->height = y2 - y1;
  item->shape = shape;
  g_ptr_array_add (ctx->layout->items, item);

  return ctx->layout->items->len - 1;
}

guint
_crrc_chart_add_item (CrrcChartContext *ctx,
                      int               category,
                      int               series)
{
  double x1, y1, x2, y2;

  cairo_path_extents (ctx->cr, &x1, &y1, &x2, &y2);
  return add_item (ctx, category, series, cairo_copy_path (ctx->cr), x1, y1, x2, y2);
}

guint
_crrc_chart_add_item_rect (CrrcChartContext *ctx,
                           int               category,
                           int               series,
                           double            x,
                           double            y,
                           double            width,
                           double            height)
{
  return add_item (ctx, category, series, NULL, x, y, x + width, y + height);
}

gboolean
_crrc_chart_is_hovered (CrrcChartContext *ctx,
                        guint             item)
{
  return ctx->hover >= 0 && (guint) ctx->hover == item;
}

/* Legends */

static double
swatch_size (CrrcChartContext *ctx)
{
  return round (_crrc_chart_text_px (ctx, CRRC_CHART_TEXT_SMALL) * 0.85);
}

static void
draw_swatch (CrrcChartContext           *ctx,
             const CrrcChartLegendEntry *entry,
             double                      x,
             double                      y,
             double                      size)
{
  cairo_t *cr = ctx->cr;
  double line_width = MAX (1.5, size / 5);

  cairo_save (cr);
  switch (entry->style)
    {
    case CRRC_CHART_LEGEND_LINE:
    case CRRC_CHART_LEGEND_DASHED:
      {
        double dash = size / 3;

        if (entry->style == CRRC_CHART_LEGEND_DASHED)
          cairo_set_dash (cr, &dash, 1, 0);
        cairo_set_line_width (cr, line_width);
        cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
        cairo_move_to (cr, x, y + size / 2);
        cairo_line_to (cr, x + size * 1.4, y + size / 2);
        _crrc_chart_set_color (cr, entry->color);
        cairo_stroke (cr);
      }
      break;

    case CRRC_CHART_LEGEND_AREA:
      cairo_rectangle (cr, x, y + size * 0.25, size * 1.4, size * 0.75);
      _crrc_chart_set_color (cr, entry->color);
      cairo_fill (cr);
      break;

    case CRRC_CHART_LEGEND_SWATCH:
    default:
      {
        double r = size / 5;

        cairo_new_sub_path (cr);
        cairo_arc (cr, x + size - r, y + r, r, -G_PI / 2, 0);
        cairo_arc (cr, x + size - r, y + size - r, r, 0, G_PI / 2);
        cairo_arc (cr, x + r, y + size - r, r, G_PI / 2, G_PI);
        cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
        cairo_close_path (cr);
        _crrc_chart_set_color (cr, entry->color);
        cairo_fill (cr);
      }
      break;
    }
  cairo_restore (cr);
}

static double
swatch_width (CrrcChartContext           *ctx,
              const CrrcChartLegendEntry *entry)
{
  double size = swatch_size (ctx);

  return entry->style == CRRC_CHART_LEGEND_SWATCH ? size : size * 1.4;
}

/* Lays the legend out; draws it when @draw. Returns its height. */
static double
legend_pass (CrrcChartContext           *ctx,
             const CrrcChartLegendEntry *entries,
             guint                       n_entries,
             double                      x,
             double                      y,
             double                      max_width,
             gboolean                    vertical,
             gboolean                    draw)
{
  double px = _crrc_chart_text_px (ctx, CRRC_CHART_TEXT_SMALL);
  double size = swatch_size (ctx);
  double gap = round (px * 0.4);
  double entry_gap = round (px * 1.2);
  double line_height = 0, line_x = 0, line_y = 0;

  if (n_entries == 0)
    return 0;

  for (guint i = 0; i < n_entries; i++)
    {
      g_autoptr(PangoLayout) layout = _crrc_chart_text_layout (ctx, entries[i].label,
                                                               CRRC_CHART_TEXT_SMALL);
      double sw = swatch_width (ctx, &entries[i]);
      double available = MAX (max_width - sw - gap, px);
      PangoRectangle logical;
      double text_width, text_height, entry_width;

      pango_layout_set_width (layout, (int) floor (available * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_extents (layout, NULL, &logical);
      text_width = (double) logical.width / PANGO_SCALE;
      text_height = (double) logical.height / PANGO_SCALE;
      entry_width = sw + gap + text_width;

      if (vertical || (line_x > 0 && line_x + entry_width > max_width))
        {
          if (i > 0)
            {
              line_y += line_height + (vertical ? round (px * 0.35) : round (px * 0.3));
              line_x = 0;
              line_height = 0;
            }
        }

      if (draw)
        {
          draw_swatch (ctx, &entries[i], x + line_x, y + line_y + (text_height - size) / 2, size);
          _crrc_chart_show_layout (ctx, layout, &ctx->theme->foreground,
                                   x + line_x + sw + gap, y + line_y, available);
        }

      line_x += entry_width + entry_gap;
      line_height = MAX (line_height, text_height);
    }

  return line_y + line_height;
}

double
_crrc_chart_legend_height (CrrcChartContext           *ctx,
                           const CrrcChartLegendEntry *entries,
                           guint                       n_entries,
                           double                      max_width,
                           gboolean                    vertical)
{
  return legend_pass (ctx, entries, n_entries, 0, 0, max_width, vertical, FALSE);
}

double
_crrc_chart_draw_legend (CrrcChartContext           *ctx,
                         const CrrcChartLegendEntry *entries,
                         guint                       n_entries,
                         double                      x,
                         double                      y,
                         double                      max_width,
                         gboolean                    vertical)
{
  return legend_pass (ctx, entries, n_entries, x, y, max_width, vertical, TRUE);
}

/* The frame */

static void
draw_focus_ring (CrrcChartContext *ctx)
{
  CrrcChartItem *item;
  double inset, line_width, r, x, y, w, h;
  GdkRGBA color;

  if (ctx->focus < 0 || (guint) ctx->focus >= ctx->layout->items->len)
    return;

  item = g_ptr_array_index (ctx->layout->items, ctx->focus);
  inset = MAX (2.0, ctx->theme->text_size / 5);
  line_width = MAX (2.0, ctx->theme->text_size / 6);
  /* The ring's ink stays inside the drawing, whatever the item. */
  x = MAX (item->x - inset, line_width / 2);
  y = MAX (item->y - inset, line_width / 2);
  w = MIN (item->x + item->width + inset, ctx->width - line_width / 2) - x;
  h = MIN (item->y + item->height + inset, ctx->height - line_width / 2) - y;
  r = MIN (inset * 2, MIN (w, h) / 2);

  cairo_save (ctx->cr);
  cairo_new_sub_path (ctx->cr);
  cairo_arc (ctx->cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (ctx->cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (ctx->cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (ctx->cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (ctx->cr);
  color = ctx->theme->accent;
  color.alpha = 0.8;
  _crrc_chart_set_color (ctx->cr, &color);
  cairo_set_line_width (ctx->cr, line_width);
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);
}

static void
context_init (CrrcChartContext     *ctx,
              CrrcChartModel       *model,
              cairo_t              *cr,
              double                width,
              double                height,
              const CrrcChartTheme *theme,
              CrrcChartLayout      *layout)
{
  cairo_font_options_t *options;

  ctx->model = model;
  ctx->cr = cr;
  ctx->theme = theme;
  ctx->width = width;
  ctx->height = height;
  ctx->layout = layout;

  ctx->pango = pango_cairo_create_context (cr);
  /* The same metrics on every surface, so a PNG, an SVG and the screen lay
   * text out alike. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx->pango, options);
  cairo_font_options_destroy (options);

  for (guint i = 0; i < G_N_ELEMENTS (ctx->fonts); i++)
    ctx->fonts[i] = font_for (ctx, theme->text_size * text_scale[i],
                              i == CRRC_CHART_TEXT_TITLE || i == CRRC_CHART_TEXT_FIGURE);
}

static void
context_clear (CrrcChartContext *ctx)
{
  for (guint i = 0; i < G_N_ELEMENTS (ctx->fonts); i++)
    g_clear_pointer (&ctx->fonts[i], pango_font_description_free);
  g_clear_object (&ctx->pango);
}

void
crrc_chart_draw (CrrcChartModel       *model,
                 cairo_t              *cr,
                 double                width,
                 double                height,
                 const CrrcChartTheme *theme,
                 CrrcChartDrawFlags    flags,
                 int                   hover,
                 int                   focus,
                 CrrcChartLayout      *layout)
{
  g_autoptr(CrrcChartLayout) scratch = NULL;
  CrrcChartContext ctx = { 0 };
  CrrcChartKind kind;
  double margin, top, bottom;

  g_return_if_fail (CRRC_IS_CHART_MODEL (model));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (theme != NULL);

  if (layout == NULL)
    layout = scratch = crrc_chart_layout_new ();
  g_ptr_array_set_size (layout->items, 0);
  g_ptr_array_set_size (layout->text_boxes, 0);

  if (width < 1 || height < 1)
    return;

  kind = crrc_chart_model_get_kind (model);
  cairo_save (cr);
  cairo_new_path (cr);
  context_init (&ctx, model, cr, width, height, theme, layout);
  ctx.hover = hover;
  ctx.focus = focus;

  if (flags & CRRC_CHART_DRAW_BACKGROUND)
    {
      _crrc_chart_set_color (cr, &theme->background);
      cairo_paint (cr);
    }

  /* Exports breathe more than a chart inside a card, which has padding. */
  margin = round (theme->text_size * ((flags & CRRC_CHART_DRAW_DECORATED) ? 1.2 : 0.25));
  top = margin;
  bottom = height - margin;

  if (flags & CRRC_CHART_DRAW_TITLE)
    {
      const char *subtitle = crrc_chart_model_get_subtitle (model);

      /* A KPI tile writes its own label. */
      if (kind != CRRC_CHART_KPI)
        top += _crrc_chart_draw_text (&ctx, crrc_chart_model_get_title (model),
                                      CRRC_CHART_TEXT_TITLE, &theme->foreground,
                                      margin, top, width - 2 * margin, PANGO_ALIGN_LEFT);
      if (subtitle != NULL && subtitle[0] != '\0')
        top += _crrc_chart_draw_text (&ctx, subtitle, CRRC_CHART_TEXT_SUBTITLE, &theme->dim,
                                      margin, top, width - 2 * margin, PANGO_ALIGN_LEFT);
      top += round (theme->text_size * 0.8);
    }

  if (flags & CRRC_CHART_DRAW_SOURCE)
    {
      const char *source = crrc_chart_model_get_source (model);

      if (source != NULL && source[0] != '\0')
        {
          double line;

          _crrc_chart_text_size (&ctx, source, CRRC_CHART_TEXT_SMALL, NULL, &line);
          bottom -= line;
          _crrc_chart_draw_text (&ctx, source, CRRC_CHART_TEXT_SMALL, &theme->dim,
                                 margin, bottom, width - 2 * margin, PANGO_ALIGN_LEFT);
          bottom -= round (theme->text_size * 0.6);
        }
    }

  ctx.x = margin;
  ctx.y = top;
  ctx.w = MAX (width - 2 * margin, 0);
  ctx.h = MAX (bottom - top, 0);

  if (ctx.w > 0 && ctx.h > 0)
    {
      cairo_save (cr);
      switch (kind)
        {
        case CRRC_CHART_BARS:
          _crrc_chart_draw_bars (&ctx);
          break;
        case CRRC_CHART_LINE:
          _crrc_chart_draw_line (&ctx);
          break;
        case CRRC_CHART_DONUT:
          _crrc_chart_draw_donut (&ctx);
          break;
        case CRRC_CHART_RADAR:
          _crrc_chart_draw_radar (&ctx);
          break;
        case CRRC_CHART_MAP:
          _crrc_chart_draw_map (&ctx);
          break;
        case CRRC_CHART_KPI:
          _crrc_chart_draw_kpi (&ctx);
          break;
        default:
          g_assert_not_reached ();
        }
      cairo_restore (cr);
    }

  draw_focus_ring (&ctx);

  context_clear (&ctx);
  cairo_restore (cr);
}
