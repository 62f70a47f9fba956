/* crrc-restitution-export.c: the "restitution" PDF of a maturity diagnostic
 *
 * What the analyst hands to the establishment after a diagnostic: two A4
 * portrait pages drawn with cairo and pango in the charts' print theme.
 * The first page has the establishment, the diagnostic, the overall score
 * with its band and completeness, the radar against peers and the domain
 * table; the second the six priority measures and how to read the scores.
 * Every text from the data is plain text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-restitution-export"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "crrc-chart-draw.h"
#include "crrc-chart-export.h"
#include "crrc-chart-theme.h"
#include "crrc-fiche-export.h"
#include "crrc-finess.h"
#include "crrc-format.h"
#include "crrc-geo.h"
#include "crrc-print-page.h"
#include "crrc-restitution-export.h"

/* A4 in PostScript points. */
#define PAGE_WIDTH  595.276
#define PAGE_HEIGHT 841.890
#define MARGIN      48.0
#define BODY_PX     9.5
#define N_PAGES     2

/**
 * crrc_restitution_radar_new:
 * @results: a diagnostic's results
 *
 * Returns: (transfer full): its radar against peers
 */
CrrcChartModel *
crrc_restitution_radar_new (CrrcDiagnosticResults *results)
{
  g_autoptr(CrrcChartModel) model = NULL;
  g_autofree char *date = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *source = NULL;
  guint n_domains, data, median = 0, low = 0, high = 0;
  gboolean peers;

  g_return_val_if_fail (results != NULL, NULL);

  n_domains = crrc_referential_get_n_domains (results->referential);
  peers = results->n_peers >= 5;

  model = crrc_chart_model_new (CRRC_CHART_RADAR, _("Maturity by domain"));
  crrc_chart_model_set_id (model, "maturite");
  date = crrc_detail_format_date (results->date);
  /* Translators: the radar's subtitle: the establishment and the date of its diagnostic. */
  subtitle = g_strdup_printf (_("%s — diagnostic of %s"), results->name != NULL ? results->name : results->finess, date);
  crrc_chart_model_set_subtitle (model, subtitle);
  /* Translators: %s is the referential's id, crrc-maturity-1. */
  source = g_strdup_printf (_("Source: maturity diagnostics (referential %s)"),
                            crrc_referential_get_id (results->referential));
  crrc_chart_model_set_source (model, source);
  crrc_chart_model_set_unit (model, CRRC_CHART_UNIT_COUNT);
  crrc_chart_model_set_value_max (model, 100);

  for (guint i = 0; i < n_domains; i++)
    {
      const CrrcReferentialDomain *domain = crrc_referential_get_domain (results->referential, i);

      crrc_chart_model_add_category (model, domain->id, domain->title);
    }

  data = crrc_chart_model_add_series (model, _("This establishment"), CRRC_CHART_SERIES_DATA);
  if (peers)
    {
      median = crrc_chart_model_add_series (model, _("Peer median"), CRRC_CHART_SERIES_REFERENCE);
      low = crrc_chart_model_add_series (model, _("1st quartile"), CRRC_CHART_SERIES_BAND_LOW);
      high = crrc_chart_model_add_series (model, _("3rd quartile"), CRRC_CHART_SERIES_BAND_HIGH);
    }

  for (guint i = 0; i < n_domains; i++)
    {
      int score = results->scores->domain_scores[i];

      crrc_chart_model_set_value (model, data, i, score >= 0 ? score : NAN);
      if (peers)
        {
          crrc_chart_model_set_value (model, median, i,
                                      results->peer_medians[i] >= 0 ? results->peer_medians[i] : NAN);
          crrc_chart_model_set_value (model, low, i,
                                      results->peer_low[i] >= 0 ? results->peer_low[i] : NAN);
          crrc_chart_model_set_value (model, high, i,
                                      results->peer_high[i] >= 0 ? results->peer_high[i] : NAN);
        }
    }

  return g_steal_pointer (&model);
}

/**
 * crrc_restitution_default_name:
 *
 * Returns: (transfer full): "restitution-<FINESS>-<date>.pdf"
 */
char *
crrc_restitution_default_name (const char *finess,
                               const char *date)
{
  return g_strdup_printf ("restitution-%s-%s.pdf", finess != NULL ? finess : "", date != NULL ? date : "");
}

/* Drawing */

typedef CrrcPrintPage Page;

static void
heading (Page       *page,
         const char *title)
{
  page->y += BODY_PX * 1.4;
  gdk_cairo_set_source_rgba (page->cr, &page->theme.accent);
  cairo_rectangle (page->cr, page->x, page->y, 18, 2.5);
  cairo_fill (page->cr);
  page->y += 5;
  crrc_print_page_paragraph (page, title, BODY_PX * 1.35, TRUE, &page->theme.foreground, 1);
  page->y += BODY_PX * 0.5;
}

/* The band's colour on a sequential scale of the accent colour (as on
 * screen), and a text colour on it. */
static void
band_colors (Page             *page,
             CrrcMaturityBand  band,
             GdkRGBA          *fill,
             GdkRGBA          *text)
{
  static const double steps[] = { 0.15, 0.4, 0.7, 1.0 };
  const GdkRGBA white = { 1, 1, 1, 1 };
  const GdkRGBA *low = &white, *high = &page->theme.accent;
  double t = band >= 0 && band < (int) G_N_ELEMENTS (steps) ? steps[band] : 0;
  double luminance;

  fill->red = low->red + (high->red - low->red) * t;
  fill->green = low->green + (high->green - low->green) * t;
  fill->blue = low->blue + (high->blue - low->blue) * t;
  fill->alpha = 1;
  luminance = 0.2126 * fill->red + 0.7152 * fill->green + 0.0722 * fill->blue;
  *text = luminance > 0.55 ? (GdkRGBA) { 0.1, 0.1, 0.1, 1 } : (GdkRGBA) { 1, 1, 1, 1 };
}

/* A pill with the band's word: the colour never alone. Returns its width. */
static double
band_pill (Page             *page,
           CrrcMaturityBand  band,
           double            x,
           double            y,
           double            px)
{
  const char *label = crrc_maturity_band_get_label (band);
  double width = crrc_print_page_text_width (page, label, px, TRUE) + px * 1.4;
  double height = px * 1.7;
  GdkRGBA fill, text;

  if (band == CRRC_MATURITY_BAND_NONE)
    {
      crrc_print_page_draw_text (page, label, px, FALSE, &page->theme.dim, x, y, width, 1);
      return width;
    }

  band_colors (page, band, &fill, &text);
  gdk_cairo_set_source_rgba (page->cr, &fill);
  cairo_new_sub_path (page->cr);
  cairo_arc (page->cr, x + height / 2, y + height / 2, height / 2, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (page->cr, x + width - height / 2, y + height / 2, height / 2, -G_PI / 2, G_PI / 2);
  cairo_close_path (page->cr);
  cairo_fill (page->cr);
  crrc_print_page_draw_text (page, label, px, TRUE, &text, x + px * 0.7, y + (height - px * 1.25) / 2, width, 1);

  return width;
}

static char *
score_text (int score)
{
  if (score < 0)
    return g_strdup ("—");
  /* Translators: a maturity score out of 100. */
  return g_strdup_printf (_("%d/100"), score);
}

static char *
progress_text (int difference)
{
  if (difference == -1000)
    return g_strdup ("—");
  if (difference > 0)
    return g_strdup_printf ("+%d", difference);
  if (difference < 0)
    return g_strdup_printf ("−%d", -difference);
  return g_strdup ("=");
}

static void
draw_header (Page                  *page,
             CrrcDiagnosticResults *results)
{
  g_autofree char *finess = crrc_finess_format (results->finess);
  g_autofree char *date = crrc_detail_format_date (results->date);
  g_autofree char *identity = NULL;
  g_autofree char *place = NULL;
  g_autofree char *diagnostic = NULL;
  const CrrcDepartment *department = results->department != NULL ? crrc_geo_lookup_department (results->department) : NULL;

  crrc_print_page_paragraph (page, _("Maturity diagnostic — restitution"), BODY_PX, TRUE, &page->theme.accent, 1);
  page->y += 3;
  crrc_print_page_paragraph (page, results->name != NULL ? results->name : finess, BODY_PX * 2.2, TRUE, &page->theme.foreground, 2);
  page->y += 3;

  if (department != NULL)
    place = results->commune != NULL
            /* Translators: commune (INSEE code), then department name and code. */
            ? g_strdup_printf (_("commune %s, %s (%s)"), results->commune, department->name, department->code)
            : g_strdup_printf ("%s (%s)", department->name, department->code);
  else if (results->department != NULL)
    place = g_strdup (results->department);

  identity = g_strjoin (" — ", finess,
                        results->category_label != NULL ? results->category_label
                                                        : (results->category != NULL ? results->category : ""),
                        place != NULL ? place : "", NULL);
  {
    /* Translators: the FINESS number, the category and the place of an
     * establishment. */
    g_autofree char *line = g_strdup_printf (_("FINESS %s"), identity);

    crrc_print_page_paragraph (page, line, BODY_PX, FALSE, &page->theme.dim, 2);
  }

  /* Translators: the date of the diagnostic and the referential it was answered against. */
  diagnostic = g_strdup_printf (_("Diagnostic of %s, referential %s (%s)%s"), date,
                                crrc_referential_get_title (results->referential),
                                crrc_referential_get_id (results->referential),
                                !results->validated ? _(" — draft, not validated") : "");
  crrc_print_page_paragraph (page, diagnostic, BODY_PX, FALSE, &page->theme.dim, 2);
}

static void
draw_score (Page                  *page,
            CrrcDiagnosticResults *results)
{
  g_autofree char *overall = score_text (results->scores->overall);
  g_autofree char *completeness = crrc_format_percent (results->scores->completeness, 0);
  g_autofree char *completeness_line = NULL;
  double x = page->x, h;

  heading (page, _("Overall score"));
  h = crrc_print_page_draw_text (page, overall, BODY_PX * 3, TRUE, &page->theme.foreground, x, page->y, page->width, 1);
  x += crrc_print_page_text_width (page, overall, BODY_PX * 3, TRUE) + BODY_PX * 1.2;
  band_pill (page, results->scores->overall_band, x, page->y + (h - BODY_PX * 1.9) / 2, BODY_PX * 1.1);
  page->y += h + 2;
  /* Translators: completeness is the share of questions not answered "I don't know". */
  completeness_line = g_strdup_printf (_("Completeness %s: the share of the questions answered (not “I don’t know”)."),
                                       completeness);
  crrc_print_page_paragraph (page, completeness_line, BODY_PX, FALSE, &page->theme.dim, 2);
}

static void
draw_radar (Page                  *page,
            CrrcDiagnosticResults *results,
            double                 size)
{
  g_autoptr(CrrcChartModel) radar = crrc_restitution_radar_new (results);
  CrrcChartTheme theme = { 0 };
  double x = page->x + (page->width - size) / 2;

  heading (page, _("Maturity by domain"));

  crrc_chart_theme_init_print (&theme, PAGE_WIDTH, PAGE_HEIGHT);
  theme.text_size = BODY_PX * 0.85;
  cairo_save (page->cr);
  cairo_translate (page->cr, x, page->y);
  cairo_rectangle (page->cr, 0, 0, size, size * 0.9);
  cairo_clip (page->cr);
  crrc_chart_draw (radar, page->cr, size, size * 0.9, &theme, CRRC_CHART_DRAW_PLOT, -1, -1, NULL);
  cairo_restore (page->cr);
  crrc_chart_theme_clear (&theme);
  page->y += size * 0.9 + 4;

  if (results->n_peers < 5)
    crrc_print_page_paragraph (page, _("Comparison hidden: fewer than 5 comparable establishments"),
               BODY_PX * 0.95, FALSE, &page->theme.dim, 1);
  else
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Compared with %u establishment of the same category in the region: the line is their median, the shaded band their middle half.",
                                           "Compared with %u establishments of the same category in the region: the line is their median, the shaded band their middle half.",
                                           results->n_peers), results->n_peers);
      crrc_print_page_paragraph (page, text, BODY_PX * 0.95, FALSE, &page->theme.dim, 2);
    }
}

static void
draw_domain_table (Page                  *page,
                   CrrcDiagnosticResults *results)
{
  double columns[] = { 0, 0.50, 0.62, 0.80, 0.91 };  /* shares of the width */
  const char *titles[] = { _("Domain"), _("Score"), _("Band"), _("Peers"), _("Progress") };
  double row_height = BODY_PX * 2.05;
  guint n_domains = crrc_referential_get_n_domains (results->referential);

  heading (page, _("Scores by domain"));

  for (guint c = 0; c < G_N_ELEMENTS (titles); c++)
    crrc_print_page_draw_text (page, titles[c], BODY_PX * 0.9, TRUE, &page->theme.dim, page->x + columns[c] * page->width,
               page->y, page->width * 0.3, 1);
  page->y += BODY_PX * 1.6;
  gdk_cairo_set_source_rgba (page->cr, &page->theme.grid);
  cairo_rectangle (page->cr, page->x, page->y, page->width, 0.8);
  cairo_fill (page->cr);
  page->y += 3;

  for (guint d = 0; d < n_domains; d++)
    {
      const CrrcReferentialDomain *domain = crrc_referential_get_domain (results->referential, d);
      int score = results->scores->domain_scores[d];
      g_autofree char *score_str = score_text (score);
      g_autofree char *median = score_text (results->peer_medians[d]);
      g_autofree char *progress = results->progress != NULL ? progress_text (results->progress[d]) : g_strdup ("—");
      double y = page->y + (row_height - BODY_PX * 1.3) / 2;

      if (d % 2 == 1)
        {
          GdkRGBA stripe = page->theme.grid;

          stripe.alpha *= 0.25;
          gdk_cairo_set_source_rgba (page->cr, &stripe);
          cairo_rectangle (page->cr, page->x, page->y, page->width, row_height);
          cairo_fill (page->cr);
        }
      crrc_print_page_draw_text (page, domain->title, BODY_PX, FALSE, &page->theme.foreground, page->x + 4, y,
                 columns[1] * page->width - 10, 1);
      crrc_print_page_draw_text (page, score_str, BODY_PX, TRUE, &page->theme.foreground, page->x + columns[1] * page->width, y,
                 page->width * 0.12, 1);
      band_pill (page, crrc_maturity_band_for_score (score), page->x + columns[2] * page->width,
                 page->y + (row_height - BODY_PX * 0.9 * 1.7) / 2, BODY_PX * 0.9);
      crrc_print_page_draw_text (page, median, BODY_PX, FALSE, &page->theme.dim, page->x + columns[3] * page->width, y,
                 page->width * 0.11, 1);
      crrc_print_page_draw_text (page, progress, BODY_PX, FALSE, &page->theme.foreground, page->x + columns[4] * page->width, y,
                 page->width * 0.09, 1);
      page->y += row_height;
    }

  page->y += 4;
  if (results->progress != NULL)
    {
      g_autofree char *previous = crrc_detail_format_date (results->previous_date);
      g_autofree char *line = NULL;

      /* Translators: %s is the date of the previous diagnostic. */
      line = g_strdup_printf (_("Progress: the change of each score since the diagnostic of %s."), previous);
      crrc_print_page_paragraph (page, line, BODY_PX * 0.9, FALSE, &page->theme.dim, 2);
    }
  else
    crrc_print_page_paragraph (page, _("Progress: no earlier diagnostic to compare with."), BODY_PX * 0.9, FALSE,
               &page->theme.dim, 2);
}

static void
draw_measures (Page                  *page,
               CrrcDiagnosticResults *results)
{
  GArray *measures = results->scores->measures;

  heading (page, _("Priority measures"));
  if (measures == NULL || measures->len == 0)
    {
      crrc_print_page_paragraph (page, _("No measure: every question answered is at its best level."), BODY_PX, FALSE,
                 &page->theme.dim, 2);
      return;
    }

  crrc_print_page_paragraph (page, _("The six most urgent measures, by the referential’s priority, for the questions answered below level 3."),
             BODY_PX, FALSE, &page->theme.dim, 2);
  page->y += BODY_PX * 0.6;

  for (guint i = 0; i < measures->len && i < 6; i++)
    {
      const CrrcMaturityMeasure *measure = &g_array_index (measures, CrrcMaturityMeasure, i);
      int d = crrc_referential_find_domain (results->referential, measure->domain_id);
      const char *domain = d >= 0 ? crrc_referential_get_domain (results->referential, d)->title : measure->domain_id;
      g_autofree char *rank = g_strdup_printf ("%u", i + 1);
      double indent = BODY_PX * 2.6, h;

      /* The rank in a disc of the accent colour. */
      gdk_cairo_set_source_rgba (page->cr, &page->theme.accent);
      cairo_arc (page->cr, page->x + BODY_PX * 0.9, page->y + BODY_PX * 0.75, BODY_PX * 0.9, 0, 2 * G_PI);
      cairo_fill (page->cr);
      crrc_print_page_draw_text (page, rank, BODY_PX, TRUE, &page->theme.background,
                 page->x + BODY_PX * 0.9 - crrc_print_page_text_width (page, rank, BODY_PX, TRUE) / 2, page->y + BODY_PX * 0.05,
                 BODY_PX * 2, 1);

      h = crrc_print_page_draw_text (page, measure->measure, BODY_PX * 1.05, TRUE, &page->theme.foreground,
                     page->x + indent, page->y, page->width - indent, 3);
      page->y += h + 1;
      h = crrc_print_page_draw_text (page, domain, BODY_PX * 0.95, FALSE, &page->theme.dim, page->x + indent, page->y,
                     page->width - indent, 1);
      page->y += h + BODY_PX * 0.9;
    }
}

static void
draw_reading (Page *page)
{
  heading (page, _("How to read these scores"));
  crrc_print_page_paragraph (page, _("Each question is answered from 0 (not in place) to 3 (fully in place), or “not applicable”, or “I don't know”. "
                     "A domain's score is the weighted mean of its answers 0 to 3, out of 100; “not applicable” and "
                     "“I don't know” are left out, and a domain without any such answer has no score (—). "
                     "The overall score is the mean of the domain scores."),
             BODY_PX, FALSE, &page->theme.foreground, 8);
  page->y += BODY_PX * 0.6;

  {
    double x = page->x;

    for (int band = CRRC_MATURITY_BAND_INITIAL; band <= CRRC_MATURITY_BAND_OPTIMISED; band++)
      {
        static const char *ranges[] = { "0–24", "25–49", "50–74", "75–100" };

        x += band_pill (page, band, x, page->y, BODY_PX) + 4;
        crrc_print_page_draw_text (page, ranges[band], BODY_PX, FALSE, &page->theme.dim, x, page->y + BODY_PX * 0.2, 60, 1);
        x += crrc_print_page_text_width (page, ranges[band], BODY_PX, FALSE) + BODY_PX * 1.6;
      }
    page->y += BODY_PX * 2.2;
  }
}

static void
draw_footer (Page                  *page,
             CrrcDiagnosticResults *results,
             guint                  number)
{
  g_autofree char *left = NULL;
  g_autofree char *right = NULL;
  g_autofree char *finess = crrc_finess_format (results->finess);
  double y = PAGE_HEIGHT - MARGIN + BODY_PX;

  gdk_cairo_set_source_rgba (page->cr, &page->theme.grid);
  cairo_rectangle (page->cr, MARGIN, y - 5, PAGE_WIDTH - 2 * MARGIN, 0.6);
  cairo_fill (page->cr);

  /* Translators: the restitution's footer; keep "CRRC". */
  left = g_strdup_printf (_("FINESS %s — Document produced by the CRRC — restricted distribution"), finess);
  /* Translators: page number and page count. */
  right = g_strdup_printf (_("Page %u/%u"), number, (guint) N_PAGES);
  crrc_print_page_draw_text (page, left, BODY_PX * 0.8, FALSE, &page->theme.dim, MARGIN, y, PAGE_WIDTH - 2 * MARGIN - 60, 1);
  crrc_print_page_draw_text (page, right, BODY_PX * 0.8, FALSE, &page->theme.dim,
             PAGE_WIDTH - MARGIN - crrc_print_page_text_width (page, right, BODY_PX * 0.8, FALSE), y, 60, 1);
}

static void
begin_page (Page    *page,
            cairo_t *cr)
{
  page->cr = cr;
  page->x = MARGIN;
  page->width = PAGE_WIDTH - 2 * MARGIN;
  page->y = MARGIN;
  gdk_cairo_set_source_rgba (cr, &page->theme.background);
  cairo_paint (cr);
  cairo_save (cr);
  /* Everything stays inside the margins, whatever the data. */
  cairo_rectangle (cr, MARGIN, MARGIN, page->width, PAGE_HEIGHT - 2 * MARGIN - BODY_PX);
  cairo_clip (cr);
}

static void
draw_pages (cairo_t               *cr,
            CrrcDiagnosticResults *results)
{
  Page page = { 0 };

  crrc_chart_theme_init_print (&page.theme, PAGE_WIDTH, PAGE_HEIGHT);

  begin_page (&page, cr);
  draw_header (&page, results);
  draw_score (&page, results);
  draw_radar (&page, results, 270);
  draw_domain_table (&page, results);
  cairo_restore (cr);
  draw_footer (&page, results, 1);
  cairo_show_page (cr);

  begin_page (&page, cr);
  {
    g_autofree char *finess = crrc_finess_format (results->finess);
    g_autofree char *date = crrc_detail_format_date (results->date);
    /* Translators: the second page's running head: establishment, FINESS, date. */
    g_autofree char *head = g_strdup_printf (_("%s — FINESS %s — diagnostic of %s"),
                                             results->name != NULL ? results->name : "", finess, date);

    crrc_print_page_paragraph (&page, head, BODY_PX, TRUE, &page.theme.accent, 1);
  }
  draw_measures (&page, results);
  draw_reading (&page);
  cairo_restore (cr);
  draw_footer (&page, results, 2);
  cairo_show_page (cr);

  crrc_chart_theme_clear (&page.theme);
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

/**
 * crrc_restitution_export:
 * @results: the diagnostic
 * @file: the PDF to write
 * @n_pages: (out) (optional): how many pages were written
 * @error: return location for an error naming @file
 *
 * Returns: %TRUE on success
 */
gboolean
crrc_restitution_export (CrrcDiagnosticResults  *results,
                         GFile                  *file,
                         guint                  *n_pages,
                         GError                **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (results != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_pdf_surface_create_for_stream (append_cb, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  /* Translators: the PDF's title: "Restitution du diagnostic — <name>". */
  title = g_strdup_printf (_("Diagnostic restitution — %s"), results->name != NULL ? results->name : results->finess);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "CRRC Dashboard");

  cr = cairo_create (surface);
  draw_pages (cr, results);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* Translators: the first %s is a file name, the second why it failed. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"), name,
                   cairo_status_to_string (status));
      return FALSE;
    }

  if (!crrc_chart_export_write_bytes (file, bytes->data, bytes->len, NULL, error))
    return FALSE;
  if (n_pages != NULL)
    *n_pages = N_PAGES;
  return TRUE;
}

/* Writing in a thread */

typedef struct
{
  CrrcStore *store;
  char      *id;
  GFile     *file;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->store);
  g_free (data->id);
  g_clear_object (&data->file);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (data->store, &error);
  g_autoptr(CrrcDiagnosticResults) results = NULL;

  if (reader != NULL)
    results = crrc_diagnostic_results_load (reader, data->id, &error);
  if (results == NULL || !crrc_restitution_export (results, data->file, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
crrc_restitution_write_async (CrrcStore           *store,
                              const char          *diagnostic_id,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (CRRC_IS_STORE (store));
  g_return_if_fail (diagnostic_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (WriteData, 1);
  data->store = g_object_ref (store);
  data->id = g_strdup (diagnostic_id);
  data->file = g_object_ref (file);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, crrc_restitution_write_async);
  g_task_set_name (task, "[crrc] restitution");
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
crrc_restitution_write_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Asking where */

typedef struct
{
  GtkFileChooserNative *chooser;
  CrrcStore            *store;
  char                 *id;
  GFile                *file;
} SaveData;

static void
save_data_free (SaveData *data)
{
  if (data->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (data->chooser));
  g_clear_object (&data->chooser);
  g_clear_object (&data->store);
  g_free (data->id);
  g_clear_object (&data->file);
  g_free (data);
}

static void
save_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (crrc_restitution_write_finish (result, &error))
    g_task_return_pointer (task, g_object_ref (data->file), g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  GTask *task = user_data;
  SaveData *data = g_task_get_task_data (task);

  if (response == GTK_RESPONSE_ACCEPT)
    data->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (data->file == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }

  crrc_restitution_write_async (data->store, data->id, data->file, NULL, save_written_cb, task);
}

void
crrc_restitution_save (GtkWindow           *parent,
                       CrrcStore           *store,
                       const char          *diagnostic_id,
                       const char          *finess,
                       const char          *date,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = crrc_restitution_default_name (finess, date);
  GTask *task;
  SaveData *data;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (CRRC_IS_STORE (store));
  g_return_if_fail (diagnostic_id != NULL);

  data = g_new0 (SaveData, 1);
  data->store = g_object_ref (store);
  data->id = g_strdup (diagnostic_id);
  data->chooser = gtk_file_chooser_native_new (_("Save the Restitution"), parent,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (data->chooser), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->chooser), filter);

  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, crrc_restitution_save);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_signal_connect (data->chooser, "response", G_CALLBACK (save_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->chooser));
}

GFile *
crrc_restitution_save_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
