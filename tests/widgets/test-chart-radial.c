/* test-chart-radial.c: radars, department tile maps and KPI tiles drawn with
 * no display
 *
 * Geometry is read from the layout a draw fills (items and text boxes),
 * colours from image surfaces and ink from recording surfaces. Renders are
 * saved as /tmp/radial-*.png to be looked at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "crrc-chart-draw.h"
#include "crrc-chart-map-layout.h"

#define NNBSP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */
#define MINUS "\xe2\x88\x92" /* U+2212 MINUS SIGN */

typedef enum
{
  THEME_LIGHT,
  THEME_DARK,
  THEME_PRINT,
} ThemeKind;

static const char *theme_names[] = { "light", "dark", "print" };

/* The ten maturity domains, as long as their French names get. */
static const char *domains[] = {
  "Gouvernance et pilotage de la sécurité des systèmes d'information",
  "Gestion des risques et conformité réglementaire",
  "Protection des données de santé à caractère personnel",
  "Sensibilisation et formation de l'ensemble des personnels",
  "Gestion des identités et des accès privilégiés",
  "Sécurité du réseau et cloisonnement des systèmes",
  "Maintien en condition de sécurité des équipements biomédicaux",
  "Sauvegardes et restauration",
  "Détection et réponse aux incidents de sécurité",
  "Continuité et reprise d'activité après un incident majeur",
};

static void
theme_init (CrrcChartTheme *theme,
            ThemeKind       kind,
            double          width,
            double          height)
{
  switch (kind)
    {
    case THEME_LIGHT:
      crrc_chart_theme_init_light (theme, 13);
      break;
    case THEME_DARK:
      crrc_chart_theme_init_dark (theme, 13);
      break;
    case THEME_PRINT:
    default:
      crrc_chart_theme_init_print (theme, width, height);
      break;
    }
}

static cairo_surface_t *
render (CrrcChartModel     *model,
        int                 width,
        int                 height,
        ThemeKind           theme_kind,
        CrrcChartDrawFlags  flags,
        CrrcChartLayout    *layout)
{
  CrrcChartTheme theme;
  cairo_surface_t *surface;
  cairo_t *cr;

  theme_init (&theme, theme_kind, width, height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  crrc_chart_draw (model, cr, width, height, &theme, flags, -1, -1, layout);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  crrc_chart_theme_clear (&theme);
  cairo_surface_flush (surface);

  return surface;
}

/* An opaque render to look at: the card's colour behind the chart. */
static void
save_png (CrrcChartModel *model,
          int             width,
          int             height,
          ThemeKind       theme_kind,
          const char     *name)
{
  g_autofree char *path = g_strdup_printf ("%s/radial-%s-%s.png", g_get_tmp_dir (), name,
                                           theme_names[theme_kind]);
  CrrcChartTheme theme;
  cairo_surface_t *surface;
  cairo_t *cr;

  theme_init (&theme, theme_kind, width, height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  if (theme_kind == THEME_DARK)
    cairo_set_source_rgb (cr, 0x36 / 255.0, 0x36 / 255.0, 0x36 / 255.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  crrc_chart_draw (model, cr, width, height, &theme,
                   theme_kind == THEME_PRINT ? CRRC_CHART_DRAW_DECORATED : CRRC_CHART_DRAW_PLOT,
                   -1, -1, NULL);
  cairo_destroy (cr);
  crrc_chart_theme_clear (&theme);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static CrrcChartItem *
item_at (CrrcChartLayout *layout,
         guint            index)
{
  g_assert_cmpuint (index, <, layout->items->len);
  return g_ptr_array_index (layout->items, index);
}

static CrrcChartTextBox *
find_text (CrrcChartLayout *layout,
           const char      *text)
{
  for (guint i = 0; i < layout->text_boxes->len; i++)
    {
      CrrcChartTextBox *box = g_ptr_array_index (layout->text_boxes, i);

      if (g_strcmp0 (box->text, text) == 0)
        return box;
    }

  return NULL;
}

static gboolean
has_text_containing (CrrcChartLayout *layout,
                     const char      *needle)
{
  for (guint i = 0; i < layout->text_boxes->len; i++)
    {
      CrrcChartTextBox *box = g_ptr_array_index (layout->text_boxes, i);

      if (strstr (box->text, needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* The pixel at (@x, @y), unpremultiplied, components 0..255. */
static void
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y,
          double           rgba[4])
{
  guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int ix = (int) floor (x), iy = (int) floor (y);
  guint32 value;
  double a;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));

  value = *(guint32 *) (data + iy * stride + ix * 4);
  a = (value >> 24) & 0xff;
  rgba[3] = a;
  rgba[0] = a > 0 ? ((value >> 16) & 0xff) * 255.0 / a : 0;
  rgba[1] = a > 0 ? ((value >> 8) & 0xff) * 255.0 / a : 0;
  rgba[2] = a > 0 ? (value & 0xff) * 255.0 / a : 0;
}

static gboolean
pixel_is (const double   rgba[4],
          const GdkRGBA *color,
          double         tolerance)
{
  return fabs (rgba[0] - color->red * 255) <= tolerance &&
         fabs (rgba[1] - color->green * 255) <= tolerance &&
         fabs (rgba[2] - color->blue * 255) <= tolerance &&
         fabs (rgba[3] - color->alpha * 255) <= tolerance;
}

static guint
count_pixels (cairo_surface_t *surface,
              const GdkRGBA   *color)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  guint count = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        double rgba[4];

        pixel_at (surface, x, y, rgba);
        if (pixel_is (rgba, color, 3))
          count++;
      }

  return count;
}

static gboolean
boxes_overlap (double ax, double ay, double aw, double ah,
               double bx, double by, double bw, double bh)
{
  return ax < bx + bw - 0.5 && bx < ax + aw - 0.5 &&
         ay < by + bh - 0.5 && by < ay + ah - 0.5;
}

static void
assert_text_inside_and_apart (CrrcChartLayout *layout,
                              double           width,
                              double           height)
{
  g_assert_cmpuint (layout->text_boxes->len, >, 0);

  for (guint i = 0; i < layout->text_boxes->len; i++)
    {
      CrrcChartTextBox *a = g_ptr_array_index (layout->text_boxes, i);

      if (a->x < -0.5 || a->y < -0.5 ||
          a->x + a->width > width + 0.5 || a->y + a->height > height + 0.5)
        g_error ("\"%s\" (%g, %g, %g × %g) leaves %g × %g",
                 a->text, a->x, a->y, a->width, a->height, width, height);

      for (guint j = i + 1; j < layout->text_boxes->len; j++)
        {
          CrrcChartTextBox *b = g_ptr_array_index (layout->text_boxes, j);

          if (boxes_overlap (a->x, a->y, a->width, a->height,
                             b->x, b->y, b->width, b->height))
            g_error ("\"%s\" (%g, %g, %g × %g) overlaps \"%s\" (%g, %g, %g × %g)",
                     a->text, a->x, a->y, a->width, a->height,
                     b->text, b->x, b->y, b->width, b->height);
        }
    }
}

static void
assert_ink_inside (CrrcChartModel     *model,
                   double              width,
                   double              height,
                   ThemeKind           theme_kind,
                   CrrcChartDrawFlags  flags)
{
  CrrcChartTheme theme;
  cairo_surface_t *surface;
  cairo_t *cr;
  double x, y, w, h;

  /* A painted background is unbounded ink: leave it out. */
  flags &= ~CRRC_CHART_DRAW_BACKGROUND;
  theme_init (&theme, theme_kind, width, height);
  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (surface);
  crrc_chart_draw (model, cr, width, height, &theme, flags, 0, -1, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (surface, &x, &y, &w, &h);
  cairo_surface_destroy (surface);
  crrc_chart_theme_clear (&theme);

  g_assert_cmpfloat (w, >, 0);
  if (x < -0.5 || y < -0.5 || x + w > width + 0.5 || y + h > height + 0.5)
    g_error ("ink (%g, %g, %g × %g) leaves %g × %g", x, y, w, h, width, height);
}

/* Map */

static const char *bfc[] = { "21", "25", "39", "58", "70", "71", "89", "90", NULL };

/* Every metropolitan department but "48" (Lozère: no data), with values
 * growing along the table, the maximum on Paris and the minimum on Nord. */
static CrrcChartModel *
map_model (void)
{
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_MAP, "Incidents par département");
  const CrrcChartMapTile *tiles;
  guint n;

  tiles = _crrc_chart_map_layout_get (&n);
  crrc_chart_model_set_subtitle (model, "France — 2023");
  crrc_chart_model_set_source (model, "Source : CERT Santé — synchronisé le 21/05/2024");
  crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);
  for (guint i = 0; i < n; i++)
    {
      guint category;
      double value;

      if (tiles[i].overseas && g_strcmp0 (tiles[i].code, "974") != 0)
        continue;
      if (g_strcmp0 (tiles[i].code, "48") == 0)
        continue;

      category = crrc_chart_model_add_category (model, tiles[i].code, tiles[i].name);
      if (g_strcmp0 (tiles[i].code, "75") == 0)
        value = 1500;
      else if (g_strcmp0 (tiles[i].code, "59") == 0)
        value = 2;
      else if (g_strcmp0 (tiles[i].code, "33") == 0)
        value = 751;
      else
        value = 10 + (i * 37) % 900;
      crrc_chart_model_set_value (model, 0, category, value);
    }

  return model;
}

static void
test_map_layout_table (void)
{
  const CrrcChartMapTile *tiles;
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) cells = g_hash_table_new (NULL, NULL);
  guint n, n_cols, n_rows, overseas_row = G_MAXUINT, n_overseas = 0;
  guint max_metro_row = 0, max_metro_col = 0;
  const CrrcChartMapTile *nord, *finistere, *maritimes, *paris;

  tiles = _crrc_chart_map_layout_get (&n);
  _crrc_chart_map_layout_get_size (&n_cols, &n_rows);
  g_assert_cmpuint (n, ==, 101);

  for (guint i = 0; i < n; i++)
    {
      guint cell = tiles[i].row * 1000 + tiles[i].col;

      g_assert_cmpuint (tiles[i].col, <, n_cols);
      g_assert_cmpuint (tiles[i].row, <, n_rows);
      g_assert_false (g_hash_table_contains (codes, tiles[i].code));
      g_hash_table_add (codes, (gpointer) tiles[i].code);
      g_assert_false (g_hash_table_contains (cells, GUINT_TO_POINTER (cell + 1)));
      g_hash_table_add (cells, GUINT_TO_POINTER (cell + 1));
      g_assert_true (tiles[i].name != NULL && tiles[i].name[0] != '\0');
      g_assert_true (_crrc_chart_map_layout_find (tiles[i].code) == &tiles[i]);

      if (tiles[i].overseas)
        {
          g_assert_cmpuint (strlen (tiles[i].code), ==, 3);
          if (overseas_row == G_MAXUINT)
            overseas_row = tiles[i].row;
          g_assert_cmpuint (tiles[i].row, ==, overseas_row);
          n_overseas++;
        }
      else
        {
          max_metro_row = MAX (max_metro_row, tiles[i].row);
          max_metro_col = MAX (max_metro_col, tiles[i].col);
        }
    }

  /* 01…95 without 20, Corsica split in two, five overseas. */
  for (guint i = 1; i <= 95; i++)
    {
      g_autofree char *code = g_strdup_printf ("%02u", i);

      g_assert_true (g_hash_table_contains (codes, code) == (i != 20));
    }
  for (guint i = 0; i < 7; i++)
    {
      static const char *others[] = { "2A", "2B", "971", "972", "973", "974", "976" };

      g_assert_true (g_hash_table_contains (codes, others[i]));
    }
  g_assert_null (_crrc_chart_map_layout_find ("20"));
  g_assert_null (_crrc_chart_map_layout_find ("975"));

  /* The overseas row is below the rest, with an empty row between. */
  g_assert_cmpuint (n_overseas, ==, 5);
  g_assert_cmpuint (overseas_row, >, max_metro_row);
  for (guint i = 0; i < n; i++)
    {
      if (tiles[i].overseas || tiles[i].row + 1 != overseas_row)
        continue;
      for (guint j = 0; j < n; j++)
        if (tiles[j].overseas)
          g_assert_cmpuint (abs ((int) tiles[i].col - (int) tiles[j].col), >, 1);
    }

  /* Roughly geographic. */
  nord = _crrc_chart_map_layout_find ("59");
  finistere = _crrc_chart_map_layout_find ("29");
  maritimes = _crrc_chart_map_layout_find ("06");
  paris = _crrc_chart_map_layout_find ("75");
  for (guint i = 0; i < n; i++)
    {
      if (tiles[i].overseas)
        continue;
      g_assert_cmpuint (nord->row, <=, tiles[i].row);
      g_assert_cmpuint (finistere->col, <=, tiles[i].col);
      if (tiles[i].code[0] != '2' || g_ascii_isdigit (tiles[i].code[1]))
        g_assert_cmpuint (maritimes->col, >=, tiles[i].col);
    }
  g_assert_cmpuint (maritimes->row, >=, max_metro_row - 2);
  g_assert_cmpuint (_crrc_chart_map_layout_find ("2A")->col, ==, max_metro_col);
  g_assert_cmpuint (_crrc_chart_map_layout_find ("2B")->col, >, maritimes->col);
  g_assert_cmpuint (_crrc_chart_map_layout_find ("2B")->row, <,
                    _crrc_chart_map_layout_find ("2A")->row);
  g_assert_cmpuint (paris->row, <, n_rows / 2);
  for (guint i = 0; i < 3; i++)
    {
      static const char *petite_couronne[] = { "92", "93", "94" };
      const CrrcChartMapTile *tile = _crrc_chart_map_layout_find (petite_couronne[i]);

      g_assert_cmpuint (abs ((int) tile->col - (int) paris->col) + abs ((int) tile->row - (int) paris->row), ==, 1);
    }
}

static void
assert_map_tiles (CrrcChartModel *model,
                  int             width,
                  int             height,
                  ThemeKind       theme_kind,
                  CrrcChartDrawFlags flags)
{
  g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
  const CrrcChartMapTile *tiles;
  cairo_surface_t *surface;
  guint n;
  double side;
  CrrcChartItem *first;

  surface = render (model, width, height, theme_kind, flags, layout);
  cairo_surface_destroy (surface);
  tiles = _crrc_chart_map_layout_get (&n);

  g_assert_cmpuint (layout->items->len, ==, 101);
  first = item_at (layout, 0);
  side = first->width;
  g_assert_cmpfloat (side, >, 4);

  for (guint i = 0; i < layout->items->len; i++)
    {
      CrrcChartItem *item = item_at (layout, i);

      /* Square, all alike, inside the drawing. */
      g_assert_cmpfloat_with_epsilon (item->width, item->height, 0.01);
      g_assert_cmpfloat_with_epsilon (item->width, side, 0.01);
      g_assert_cmpfloat (item->x, >=, 0);
      g_assert_cmpfloat (item->y, >=, 0);
      g_assert_cmpfloat (item->x + item->width, <=, width);
      g_assert_cmpfloat (item->y + item->height, <=, height);

      /* Reading order: row by row, left to right. */
      if (i > 0)
        {
          CrrcChartItem *previous = item_at (layout, i - 1);

          g_assert_true (item->y > previous->y + 0.01 ||
                         (fabs (item->y - previous->y) < 0.01 && item->x > previous->x));
        }

      for (guint j = i + 1; j < layout->items->len; j++)
        {
          CrrcChartItem *other = item_at (layout, j);

          g_assert_false (boxes_overlap (item->x, item->y, item->width, item->height,
                                         other->x, other->y, other->width, other->height));
        }

      /* A category index, or -1 for a department the model lacks. */
      if (item->category >= 0)
        {
          const char *key = crrc_chart_model_get_category_key (model, item->category);

          g_assert_nonnull (_crrc_chart_map_layout_find (key));
          g_assert_cmpint (item->series, ==, 0);
        }
    }

  /* Every department once. */
  for (guint t = 0; t < n; t++)
    {
      int category = crrc_chart_model_find_category (model, tiles[t].code);
      guint found = 0;

      for (guint i = 0; i < layout->items->len; i++)
        if (item_at (layout, i)->category == category && category >= 0)
          found++;
      if (category >= 0)
        g_assert_cmpuint (found, ==, 1);
    }
}

static void
test_map_tiles (void)
{
  g_autoptr(CrrcChartModel) model = map_model ();
  g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
  cairo_surface_t *surface;
  guint missing = 0;

  assert_map_tiles (model, 400, 300, THEME_LIGHT, CRRC_CHART_DRAW_PLOT);
  assert_map_tiles (model, 1920, 1080, THEME_PRINT, CRRC_CHART_DRAW_DECORATED);
  assert_map_tiles (model, 300, 700, THEME_DARK, CRRC_CHART_DRAW_PLOT);
  assert_map_tiles (model, 900, 250, THEME_LIGHT, CRRC_CHART_DRAW_PLOT);

  /* Lozère and four overseas departments are not in the model. */
  surface = render (model, 400, 300, THEME_LIGHT, CRRC_CHART_DRAW_PLOT, layout);
  cairo_surface_destroy (surface);
  for (guint i = 0; i < layout->items->len; i++)
    if (item_at (layout, i)->category < 0)
      missing++;
  g_assert_cmpuint (missing, ==, 5);

  /* The map is centred. */
  {
    double min_x = G_MAXDOUBLE, max_x = 0;

    for (guint i = 0; i < layout->items->len; i++)
      {
        min_x = MIN (min_x, item_at (layout, i)->x);
        max_x = MAX (max_x, item_at (layout, i)->x + item_at (layout, i)->width);
      }
    g_assert_cmpfloat (fabs (min_x - (400 - max_x)), <, 1.5);
  }
}

static CrrcChartItem *
tile_item (CrrcChartModel  *model,
           CrrcChartLayout *layout,
           const char      *code)
{
  int category = crrc_chart_model_find_category (model, code);

  for (guint i = 0; i < layout->items->len; i++)
    if (item_at (layout, i)->category == category)
      return item_at (layout, i);

  g_assert_not_reached ();
}

static void
test_map_colours (void)
{
  g_autoptr(CrrcChartModel) model = map_model ();
  g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
  CrrcChartTheme theme;
  cairo_surface_t *surface;
  CrrcChartItem *item;
  double high[4], low[4], mid[4], none[4];

  for (ThemeKind kind = THEME_LIGHT; kind <= THEME_PRINT; kind++)
    {
      theme_init (&theme, kind, 1000, 800);
      surface = render (model, 1000, 800, kind, CRRC_CHART_DRAW_PLOT, layout);

      /* Near the top of the tile, clear of its labels. */
      item = tile_item (model, layout, "75");
      pixel_at (surface, item->x + item->width / 2, item->y + item->height * 0.12, high);
      item = tile_item (model, layout, "59");
      pixel_at (surface, item->x + item->width / 2, item->y + item->height * 0.12, low);
      item = tile_item (model, layout, "33");
      pixel_at (surface, item->x + item->width / 2, item->y + item->height * 0.12, mid);

      g_assert_true (pixel_is (high, &theme.scale_high, 2));
      g_assert_true (pixel_is (low, &theme.scale_low, 2));
      g_assert_false (pixel_is (mid, &theme.scale_low, 20));
      g_assert_false (pixel_is (mid, &theme.scale_high, 20));

      /* Lozère has no data. */
      for (guint i = 0; i < layout->items->len; i++)
        {
          item = item_at (layout, i);
          if (item->category < 0 && item->y < item_at (layout, 100)->y)
            break;
        }
      g_assert_cmpint (item->category, <, 0);
      pixel_at (surface, item->x + item->width / 2, item->y + item->height * 0.12, none);
      g_assert_true (pixel_is (none, &theme.empty, 2));

      /* Labels: the code on each tile, the value on big ones, the
       * extremes of the scale and "no data" in the legend. */
      g_assert_nonnull (find_text (layout, "75"));
      g_assert_nonnull (find_text (layout, "2A"));
      g_assert_nonnull (find_text (layout, "1" NNBSP "500"));
      g_assert_nonnull (find_text (layout, g_dgettext (GETTEXT_PACKAGE, "No data")));
      assert_text_inside_and_apart (layout, 1000, 800);

      cairo_surface_destroy (surface);
      crrc_chart_theme_clear (&theme);
    }
}

static void
test_map_emphasis (void)
{
  g_autoptr(CrrcChartModel) model = map_model ();
  g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
  cairo_surface_t *plain, *emphasised;
  CrrcChartItem *inside, *outside;
  double a[4], b[4], edge_plain[4], edge_emphasised[4];

  crrc_chart_model_set_value (model, 0, crrc_chart_model_find_category (model, "21"), 500);
  crrc_chart_model_set_value (model, 0, crrc_chart_model_find_category (model, "44"), 500);
  plain = render (model, 1000, 800, THEME_LIGHT, CRRC_CHART_DRAW_PLOT, layout);
  crrc_chart_model_set_emphasis (model, bfc);
  emphasised = render (model, 1000, 800, THEME_LIGHT, CRRC_CHART_DRAW_PLOT, layout);
  save_png (model, 1000, 800, THEME_LIGHT, "map-emphasis");

  inside = tile_item (model, layout, "21");
  outside = tile_item (model, layout, "44");

  /* Same value, same colour without emphasis… */
  pixel_at (plain, inside->x + inside->width / 2, inside->y + inside->height * 0.2, a);
  pixel_at (plain, outside->x + outside->width / 2, outside->y + outside->height * 0.2, b);
  g_assert_cmpfloat (fabs (a[0] - b[0]) + fabs (a[1] - b[1]) + fabs (a[2] - b[2]) + fabs (a[3] - b[3]), <, 3);

  /* …but the region stays opaque while the rest fades, */
  pixel_at (emphasised, inside->x + inside->width / 2, inside->y + inside->height * 0.2, a);
  pixel_at (emphasised, outside->x + outside->width / 2, outside->y + outside->height * 0.2, b);
  g_assert_cmpfloat (a[3], >, 250);
  g_assert_cmpfloat (b[3], <, 160);

  /* and the region's tiles have a strong outline. */
  pixel_at (plain, inside->x + inside->width / 2, inside->y + 1.5, edge_plain);
  pixel_at (emphasised, inside->x + inside->width / 2, inside->y + 1.5, edge_emphasised);
  g_assert_cmpfloat (fabs (edge_plain[0] - edge_emphasised[0]) +
                     fabs (edge_plain[1] - edge_emphasised[1]) +
                     fabs (edge_plain[2] - edge_emphasised[2]), >, 100);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (emphasised);
}

static void
test_map_renders (void)
{
  g_autoptr(CrrcChartModel) model = map_model ();

  crrc_chart_model_set_emphasis (model, bfc);
  for (ThemeKind kind = THEME_LIGHT; kind <= THEME_PRINT; kind++)
    {
      save_png (model, kind == THEME_PRINT ? 1920 : 640, kind == THEME_PRINT ? 1080 : 480,
                kind, "map");
      assert_ink_inside (model, 400, 300, kind, CRRC_CHART_DRAW_DECORATED);
      assert_ink_inside (model, 1920, 1080, kind, CRRC_CHART_DRAW_DECORATED);
    }
  save_png (model, 400, 300, THEME_LIGHT, "map-small");
}

/* Radar */

static CrrcChartModel *
radar_model (gboolean with_peers)
{
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_RADAR, "Maturité par domaine");
  static const double scores[] = { 3.5, 2, 4, 1.5, 5, 2.5, 0.5, 3, 4.5, 1 };

  crrc_chart_model_set_unit (model, CRRC_CHART_UNIT_SCORE);
  crrc_chart_model_set_subtitle (model, "CH de Dole — diagnostic 2024");
  crrc_chart_model_set_source (model, "Source : diagnostic de maturité CRRC");
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      g_autofree char *key = g_strdup_printf ("d%u", i + 1);

      crrc_chart_model_add_category (model, key, domains[i]);
    }
  crrc_chart_model_add_series (model, "Établissement", CRRC_CHART_SERIES_DATA);
  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    crrc_chart_model_set_value (model, 0, i, scores[i]);

  if (with_peers)
    {
      guint median = crrc_chart_model_add_series (model, "Médiane des pairs",
                                                  CRRC_CHART_SERIES_REFERENCE);
      guint low = crrc_chart_model_add_series (model, "1er quartile", CRRC_CHART_SERIES_BAND_LOW);
      guint high = crrc_chart_model_add_series (model, "3e quartile", CRRC_CHART_SERIES_BAND_HIGH);

      for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
        {
          crrc_chart_model_set_value (model, median, i, 2.5 + 0.1 * i);
          crrc_chart_model_set_value (model, low, i, 1.8 + 0.05 * i);
          crrc_chart_model_set_value (model, high, i, 3.4 + 0.08 * i);
        }
    }

  return model;
}

static void
centre_of (CrrcChartItem *item,
           double        *x,
           double        *y)
{
  *x = item->x + item->width / 2;
  *y = item->y + item->height / 2;
}

static void
test_radar_geometry (void)
{
  g_autoptr(CrrcChartModel) model = radar_model (TRUE);
  static const double scores[] = { 3.5, 2, 4, 1.5, 5, 2.5, 0.5, 3, 4.5, 1 };
  double sizes[][2] = { { 400, 300 }, { 800, 600 }, { 1920, 1080 } };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
      cairo_surface_t *surface;
      double top_x, top_y, bottom_x, bottom_y, k, cx, cy;

      surface = render (model, sizes[s][0], sizes[s][1], THEME_LIGHT, CRRC_CHART_DRAW_PLOT,
                        layout);
      cairo_surface_destroy (surface);

      /* One item per scored vertex of the data series only. */
      g_assert_cmpuint (layout->items->len, ==, 10);
      for (guint i = 0; i < 10; i++)
        {
          g_assert_cmpint (item_at (layout, i)->category, ==, (int) i);
          g_assert_cmpint (item_at (layout, i)->series, ==, 0);
        }

      /* The first axis points up, the sixth down: they give the centre
       * and the scale; every other vertex must then sit at its score's
       * distance on its axis. */
      centre_of (item_at (layout, 0), &top_x, &top_y);
      centre_of (item_at (layout, 5), &bottom_x, &bottom_y);
      g_assert_cmpfloat (fabs (top_x - bottom_x), <, 0.01);
      k = (bottom_y - top_y) / (scores[0] + scores[5]);
      cx = top_x;
      cy = top_y + k * scores[0];
      g_assert_cmpfloat (k, >, 10);

      for (guint i = 0; i < 10; i++)
        {
          double x, y, angle = -G_PI / 2 + 2 * G_PI * i / 10;

          centre_of (item_at (layout, i), &x, &y);
          g_assert_cmpfloat (fabs (hypot (x - cx, y - cy) - k * scores[i]), <, 0.05);
          g_assert_cmpfloat (fabs (x - (cx + k * scores[i] * cos (angle))), <, 0.05);
          g_assert_cmpfloat (fabs (y - (cy + k * scores[i] * sin (angle))), <, 0.05);
        }
    }
}

static void
test_radar_missing (void)
{
  g_autoptr(CrrcChartModel) model = radar_model (TRUE);
  g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
  cairo_surface_t *surface;

  crrc_chart_model_set_value (model, 0, 3, NAN);
  surface = render (model, 600, 450, THEME_LIGHT, CRRC_CHART_DRAW_PLOT, layout);
  cairo_surface_destroy (surface);

  g_assert_cmpuint (layout->items->len, ==, 9);
  for (guint i = 0; i < layout->items->len; i++)
    g_assert_cmpint (item_at (layout, i)->category, !=, 3);
  /* The domain keeps its label. */
  g_assert_true (has_text_containing (layout, "Sensibilisation"));
}

static void
test_radar_scale (void)
{
  g_autoptr(CrrcChartModel) model = radar_model (FALSE);
  g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
  cairo_surface_t *surface;
  double top_x, top_y, bottom_y, k5, k4;

  surface = render (model, 600, 450, THEME_LIGHT, CRRC_CHART_DRAW_PLOT, layout);
  cairo_surface_destroy (surface);
  centre_of (item_at (layout, 0), &top_x, &top_y);
  centre_of (item_at (layout, 5), &top_x, &bottom_y);
  k5 = (bottom_y - top_y) / 6;

  /* The full score sits on the outer ring: a smaller top stretches. */
  crrc_chart_model_set_value_max (model, 10);
  surface = render (model, 600, 450, THEME_LIGHT, CRRC_CHART_DRAW_PLOT, layout);
  cairo_surface_destroy (surface);
  centre_of (item_at (layout, 0), &top_x, &top_y);
  centre_of (item_at (layout, 5), &top_x, &bottom_y);
  k4 = (bottom_y - top_y) / 6;
  g_assert_cmpfloat (fabs (k4 * 2 - k5), <, 0.05);
}

static void
test_radar_labels (void)
{
  g_autoptr(CrrcChartModel) model = radar_model (TRUE);
  struct { double width, height; ThemeKind theme; } sizes[] = {
    { 400, 300, THEME_LIGHT },
    { 400, 300, THEME_DARK },
    { 1920, 1080, THEME_PRINT },
    { 640, 480, THEME_LIGHT },
    { 300, 500, THEME_LIGHT },
    { 1000, 320, THEME_LIGHT },
  };

  save_png (model, 400, 300, THEME_LIGHT, "radar-small");
  save_png (model, 400, 300, THEME_PRINT, "radar-small");
  save_png (model, 640, 480, THEME_LIGHT, "radar");
  save_png (model, 640, 480, THEME_DARK, "radar");
  save_png (model, 1920, 1080, THEME_PRINT, "radar");

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint decorated = 0; decorated < 2; decorated++)
      {
        CrrcChartDrawFlags flags = decorated ? CRRC_CHART_DRAW_DECORATED : CRRC_CHART_DRAW_PLOT;
        g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
        cairo_surface_t *surface;

        surface = render (model, sizes[i].width, sizes[i].height, sizes[i].theme, flags, layout);
        cairo_surface_destroy (surface);
        assert_text_inside_and_apart (layout, sizes[i].width, sizes[i].height);
        assert_ink_inside (model, sizes[i].width, sizes[i].height, sizes[i].theme, flags);

        /* Every domain has its label, whole or ellipsised. */
        for (guint d = 0; d < G_N_ELEMENTS (domains); d++)
          g_assert_nonnull (find_text (layout, domains[d]));
        /* The legend names the series and the band. */
        g_assert_nonnull (find_text (layout, "Médiane des pairs"));
        g_assert_true (has_text_containing (layout, "1er quartile"));
      }

}

/* KPI */

static CrrcChartModel *
kpi_model (double               value,
           double               previous,
           CrrcChartRiseMeaning meaning)
{
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_KPI, "Incidents déclarés");
  static const double history[] = { 392, 369, 455, 592, 581 };

  crrc_chart_model_set_kpi (model, value, previous, meaning);
  crrc_chart_model_set_kpi_reference (model, "vs 2022");
  crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);
  for (guint i = 0; i < G_N_ELEMENTS (history); i++)
    {
      g_autofree char *year = g_strdup_printf ("%u", 2019 + i);
      guint category = crrc_chart_model_add_category (model, year, year);

      crrc_chart_model_set_value (model, 0, category, history[i]);
    }

  return model;
}

static void
assert_arrow (double                value,
              double                previous,
              CrrcChartRiseMeaning  meaning,
              int                   expect)  /* 1 bad, -1 good, 0 dim */
{
  g_autoptr(CrrcChartModel) model = kpi_model (value, previous, meaning);
  CrrcChartTheme theme;
  cairo_surface_t *surface;
  guint bad, good;

  theme_init (&theme, THEME_LIGHT, 320, 180);
  surface = render (model, 320, 180, THEME_LIGHT, CRRC_CHART_DRAW_PLOT, NULL);
  bad = count_pixels (surface, &theme.bad);
  good = count_pixels (surface, &theme.good);
  cairo_surface_destroy (surface);
  crrc_chart_theme_clear (&theme);

  /* The arrow is a solid triangle of some forty pixels, half of them
   * untouched by antialiasing. */
  if (expect > 0)
    {
      g_assert_cmpuint (bad, >, 15);
      g_assert_cmpuint (good, ==, 0);
    }
  else if (expect < 0)
    {
      g_assert_cmpuint (good, >, 15);
      g_assert_cmpuint (bad, ==, 0);
    }
  else
    {
      g_assert_cmpuint (good, ==, 0);
      g_assert_cmpuint (bad, ==, 0);
    }
}

static void
test_kpi_arrow (void)
{
  assert_arrow (620, 581, CRRC_CHART_RISE_BAD, 1);
  assert_arrow (570, 581, CRRC_CHART_RISE_BAD, -1);
  assert_arrow (620, 581, CRRC_CHART_RISE_GOOD, -1);
  assert_arrow (570, 581, CRRC_CHART_RISE_GOOD, 1);
  assert_arrow (620, 581, CRRC_CHART_RISE_NEUTRAL, 0);
  assert_arrow (620, NAN, CRRC_CHART_RISE_BAD, 0);
}

static void
test_kpi_text (void)
{
  g_autoptr(CrrcChartModel) model = kpi_model (1234, 1258, CRRC_CHART_RISE_BAD);
  g_autoptr(CrrcChartModel) first = kpi_model (1234, NAN, CRRC_CHART_RISE_BAD);
  g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
  cairo_surface_t *surface;
  CrrcChartTextBox *figure, *label, *change;

  surface = render (model, 320, 180, THEME_LIGHT, CRRC_CHART_DRAW_DECORATED, layout);
  cairo_surface_destroy (surface);

  figure = find_text (layout, "1" NNBSP "234");
  label = find_text (layout, "Incidents déclarés");
  change = find_text (layout, MINUS "1,9" NNBSP "%");
  g_assert_nonnull (figure);
  g_assert_nonnull (change);
  g_assert_nonnull (find_text (layout, "vs 2022"));
  /* The label once, even with the frame's title, above the figure. */
  g_assert_nonnull (label);
  {
    guint labels = 0;

    for (guint i = 0; i < layout->text_boxes->len; i++)
      if (g_strcmp0 (((CrrcChartTextBox *) g_ptr_array_index (layout->text_boxes, i))->text,
                     "Incidents déclarés") == 0)
        labels++;
    g_assert_cmpuint (labels, ==, 1);
  }
  g_assert_cmpfloat (label->y + label->height, <=, figure->y + 0.5);
  g_assert_cmpfloat (figure->y + figure->height, <=, change->y + 0.5);
  assert_text_inside_and_apart (layout, 320, 180);

  /* The tile is one item, on the latest category. */
  g_assert_cmpuint (layout->items->len, ==, 1);
  g_assert_cmpint (item_at (layout, 0)->category, ==, 4);
  g_assert_cmpint (item_at (layout, 0)->series, ==, 0);

  /* No previous value: no change row. */
  surface = render (first, 320, 180, THEME_LIGHT, CRRC_CHART_DRAW_PLOT, layout);
  cairo_surface_destroy (surface);
  g_assert_nonnull (find_text (layout, "1" NNBSP "234"));
  g_assert_false (has_text_containing (layout, "%"));
  g_assert_false (has_text_containing (layout, "vs 2022"));
}

static void
test_kpi_renders (void)
{
  g_autoptr(CrrcChartModel) model = kpi_model (581, 592.2, CRRC_CHART_RISE_BAD);
  g_autoptr(CrrcChartModel) rise = kpi_model (35, 31, CRRC_CHART_RISE_GOOD);

  crrc_chart_model_set_unit (rise, CRRC_CHART_UNIT_PERCENT);
  crrc_chart_model_set_title (rise, "Établissements ayant réalisé un exercice de crise");
  for (ThemeKind kind = THEME_LIGHT; kind <= THEME_PRINT; kind++)
    {
      save_png (model, kind == THEME_PRINT ? 1920 : 300, kind == THEME_PRINT ? 1080 : 170,
                kind, "kpi");
      save_png (rise, 220, 170, kind, "kpi-narrow");
      assert_ink_inside (model, 300, 170, kind, CRRC_CHART_DRAW_PLOT);
      assert_ink_inside (rise, 160, 120, kind, CRRC_CHART_DRAW_DECORATED);
      assert_ink_inside (model, 1920, 1080, kind, CRRC_CHART_DRAW_DECORATED);
    }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/map/layout-table", test_map_layout_table);
  g_test_add_func ("/chart/map/tiles", test_map_tiles);
  g_test_add_func ("/chart/map/colours", test_map_colours);
  g_test_add_func ("/chart/map/emphasis", test_map_emphasis);
  g_test_add_func ("/chart/map/renders", test_map_renders);
  g_test_add_func ("/chart/radar/geometry", test_radar_geometry);
  g_test_add_func ("/chart/radar/missing", test_radar_missing);
  g_test_add_func ("/chart/radar/scale", test_radar_scale);
  g_test_add_func ("/chart/radar/labels", test_radar_labels);
  g_test_add_func ("/chart/kpi/arrow", test_kpi_arrow);
  g_test_add_func ("/chart/kpi/text", test_kpi_text);
  g_test_add_func ("/chart/kpi/renders", test_kpi_renders);

  return g_test_run ();
}
