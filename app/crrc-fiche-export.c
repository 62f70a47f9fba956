/* crrc-fiche-export.c: the one-page "Fiche établissement" PDF
 *
 * One A4 portrait page to send before a visit or a call: who the
 * establishment is, its maturity radar, its key figures, the priority
 * measures of its latest diagnostic and its last incidents. Every list is
 * limited and every text wraps onto a fixed number of lines and is then
 * ellipsised, so that whatever the data, the fiche is one page and nothing
 * leaves it. Text from the cache is set as plain text, never markup.
 *
 * The page is drawn into memory first, then written to a temporary file
 * created with mode 0600 next to the destination and renamed over it: a
 * reader sees the old file or the whole new one, never a part.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-fiche-export"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "crrc-campaigns.h"
#include "crrc-chart-draw.h"
#include "crrc-chart-export.h"
#include "crrc-chart-theme.h"
#include "crrc-fiche-export.h"
#include "crrc-finess.h"
#include "crrc-format.h"
#include "crrc-observatoire-charts.h"
#include "crrc-print-page.h"

/* A4 in PostScript points. */
#define PAGE_WIDTH  595.276
#define PAGE_HEIGHT 841.890
#define MARGIN      42.0
#define BODY_PX     9.0

typedef struct
{
  const char *key;
  const char *word;
} Word;

static const Word sector_words[] = {
  { "sanitaire", N_("Health establishment") },
  { "medico_social", N_("Medico-social establishment") },
  { "grades", N_("GRADeS") },
  { "other", N_("Other structure") },
};

static const Word severity_words[] = {
  { "low", N_("Low severity") },
  { "medium", N_("Medium severity") },
  { "important", N_("Important severity") },
  { "extreme", N_("Extreme severity") },
};

static const Word audit_kind_words[] = {
  { "cybersurveillance", N_("Cyber-surveillance") },
  { "exposure", N_("Internet exposure") },
  { "directory", N_("Directory audit") },
};

static const Word service_words[] = {
  { "vpn", N_("VPN") },
  { "rdp", N_("Remote desktop (RDP)") },
  { "remote_maintenance", N_("Remote maintenance") },
  { "mail", N_("E-mail") },
  { "web_portal", N_("Web portal") },
};

static const Word finding_severity_words[] = {
  { "low", N_("Low") },
  { "medium", N_("Medium") },
  { "high", N_("High") },
  { "critical", N_("Critical") },
};

static const Word alert_kind_words[] = {
  { "vulnerability", N_("Vulnerability") },
  { "compromise", N_("Compromise") },
  { "exposure", N_("Exposure") },
  { "data_leak", N_("Data leak") },
};

static const Word exercise_kind_words[] = {
  { "tabletop", N_("Tabletop exercise") },
  { "full_scale", N_("Full-scale exercise") },
};

static const Word funding_status_words[] = {
  { "applied", N_("Applied for") },
  { "validated", N_("Validated") },
  { "paid", N_("Paid") },
};

static const char *
lookup_word (const Word *words,
             guint       n_words,
             const char *key)
{
  for (guint i = 0; i < n_words; i++)
    if (g_str_equal (words[i].key, key))
      return _(words[i].word);

  return key;
}

/**
 * crrc_detail_words_get:
 * @words: the vocabulary
 * @key: (nullable): a key of the cache
 *
 * Returns: the word people read for @key
 */
const char *
crrc_detail_words_get (CrrcDetailWords  words,
                       const char      *key)
{
  if (key == NULL)
    return "—";

  switch (words)
    {
    case CRRC_DETAIL_WORDS_SECTOR:
      return lookup_word (sector_words, G_N_ELEMENTS (sector_words), key);
    case CRRC_DETAIL_WORDS_ORIGIN:
      return crrc_observatoire_get_label (CRRC_OBSERVATOIRE_ORIGINS, key);
    case CRRC_DETAIL_WORDS_INCIDENT_TYPE:
      return crrc_observatoire_get_label (CRRC_OBSERVATOIRE_TYPES, key);
    case CRRC_DETAIL_WORDS_IMPACT:
      return crrc_observatoire_get_label (CRRC_OBSERVATOIRE_IMPACTS, key);
    case CRRC_DETAIL_WORDS_INCIDENT_SEVERITY:
      return lookup_word (severity_words, G_N_ELEMENTS (severity_words), key);
    case CRRC_DETAIL_WORDS_AUDIT_KIND:
      return lookup_word (audit_kind_words, G_N_ELEMENTS (audit_kind_words), key);
    case CRRC_DETAIL_WORDS_SERVICE:
      return lookup_word (service_words, G_N_ELEMENTS (service_words), key);
    case CRRC_DETAIL_WORDS_FINDING_SEVERITY:
      return lookup_word (finding_severity_words, G_N_ELEMENTS (finding_severity_words), key);
    case CRRC_DETAIL_WORDS_ALERT_KIND:
      return lookup_word (alert_kind_words, G_N_ELEMENTS (alert_kind_words), key);
    case CRRC_DETAIL_WORDS_EXERCISE_KIND:
      return lookup_word (exercise_kind_words, G_N_ELEMENTS (exercise_kind_words), key);
    case CRRC_DETAIL_WORDS_FUNDING_STATUS:
      return lookup_word (funding_status_words, G_N_ELEMENTS (funding_status_words), key);
    case CRRC_DETAIL_WORDS_STAGE:
      {
        /* The Campagnes page's words. */
        int stage = key != NULL ? crrc_campaign_stage_from_key (key) : CRRC_CAMPAIGN_STAGE_NONE;

        return stage != CRRC_CAMPAIGN_STAGE_NONE ? crrc_campaign_stage_get_label (stage) : key;
      }
    default:
      g_return_val_if_reached (key);
    }
}

/**
 * crrc_detail_format_date:
 * @date: (nullable): `YYYY-MM-DD` or an RFC 3339 timestamp
 *
 * Returns: (transfer full): the day as people write it; "—" for %NULL
 */
char *
crrc_detail_format_date (const char *date)
{
  g_autoptr(GDateTime) datetime = NULL;
  int year, month, day;

  if (date == NULL)
    return g_strdup ("—");

  if (sscanf (date, "%4d-%2d-%2d", &year, &month, &day) == 3 &&
      g_date_valid_dmy (day, month, year))
    datetime = g_date_time_new_utc (year, month, day, 12, 0, 0);

  if (datetime == NULL)
    return g_strdup (date);

  return crrc_format_date (datetime);
}

/**
 * crrc_detail_radar_new:
 * @detail: an establishment
 *
 * Returns: (transfer full) (nullable): the radar of its latest diagnostic
 */
CrrcChartModel *
crrc_detail_radar_new (CrrcEstablishmentDetail *detail)
{
  CrrcMaturityDiagnostic *latest;
  g_autoptr(CrrcChartModel) model = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *date = NULL;
  guint n_domains, data, median = 0, low = 0, high = 0;
  gboolean peers;

  g_return_val_if_fail (detail != NULL, NULL);

  latest = crrc_establishment_detail_get_latest_diagnostic (detail);
  if (latest == NULL || detail->referential == NULL)
    return NULL;

  n_domains = crrc_referential_get_n_domains (detail->referential);
  peers = detail->n_peers >= 5;

  model = crrc_chart_model_new (CRRC_CHART_RADAR, _("Maturity by domain"));
  crrc_chart_model_set_id (model, "maturite");
  date = crrc_detail_format_date (latest->date);
  /* Translators: the radar's subtitle: the establishment and the date of its diagnostic. */
  subtitle = g_strdup_printf (_("%s — diagnostic of %s"), detail->name, date);
  crrc_chart_model_set_subtitle (model, subtitle);
  crrc_chart_model_set_source (model, _("Source: maturity diagnostics (referential crrc-maturity-1)"));
  crrc_chart_model_set_unit (model, CRRC_CHART_UNIT_COUNT);
  crrc_chart_model_set_value_max (model, 100);

  for (guint i = 0; i < n_domains; i++)
    {
      const CrrcReferentialDomain *domain = crrc_referential_get_domain (detail->referential, i);

      crrc_chart_model_add_category (model, domain->id, domain->title);
    }

  data = crrc_chart_model_add_series (model, _("This establishment"), CRRC_CHART_SERIES_DATA);
  if (peers)
    {
      median = crrc_chart_model_add_series (model, _("Peer median"), CRRC_CHART_SERIES_REFERENCE);
      low = crrc_chart_model_add_series (model, _("1st quartile"), CRRC_CHART_SERIES_BAND_LOW);
      high = crrc_chart_model_add_series (model, _("3rd quartile"), CRRC_CHART_SERIES_BAND_HIGH);
    }

  for (guint i = 0; i < n_domains && i < latest->scores->n_domains; i++)
    {
      int score = latest->scores->domain_scores[i];

      crrc_chart_model_set_value (model, data, i, score >= 0 ? score : NAN);
      if (peers)
        {
          crrc_chart_model_set_value (model, median, i,
                                      detail->peer_medians[i] >= 0 ? detail->peer_medians[i] : NAN);
          crrc_chart_model_set_value (model, low, i,
                                      detail->peer_low[i] >= 0 ? detail->peer_low[i] : NAN);
          crrc_chart_model_set_value (model, high, i,
                                      detail->peer_high[i] >= 0 ? detail->peer_high[i] : NAN);
        }
    }

  return g_steal_pointer (&model);
}

/* Drawing */

typedef CrrcPrintPage Page;

/* A section title with a rule in the accent colour. */
static void
heading (Page       *page,
         const char *title)
{
  page->y += BODY_PX * 1.1;
  gdk_cairo_set_source_rgba (page->cr, &page->theme.accent);
  cairo_rectangle (page->cr, page->x, page->y, 18, 2.5);
  cairo_fill (page->cr);
  page->y += 5;
  crrc_print_page_paragraph (page, title, BODY_PX * 1.3, TRUE, &page->theme.foreground, 1);
  page->y += BODY_PX * 0.3;
}

/* "Label: value" on one or two lines. */
static void
field (Page       *page,
       const char *label,
       const char *value,
       double      label_width)
{
  double h1, h2;

  if (value == NULL || *value == '\0')
    return;

  h1 = crrc_print_page_draw_text (page, label, BODY_PX, FALSE, &page->theme.dim, page->x, page->y, label_width - 6, 1);
  h2 = crrc_print_page_draw_text (page, value, BODY_PX, FALSE, &page->theme.foreground,
                  page->x + label_width, page->y, page->width - label_width, 2);
  page->y += MAX (h1, h2) + 2;
}

static void
draw_identity (Page                    *page,
               CrrcEstablishmentDetail *detail)
{
  g_autofree char *finess = crrc_finess_format (detail->finess);
  g_autofree char *category = NULL;
  g_autofree char *place = NULL;
  g_autofree char *legal = NULL;
  g_autofree char *ght = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *status = NULL;
  double label_width = 110;

  category = g_strdup_printf ("%s%s%s",
                              detail->category_label != NULL ? detail->category_label : "",
                              detail->category_label != NULL ? " — " : "",
                              crrc_detail_words_get (CRRC_DETAIL_WORDS_SECTOR, detail->sector));
  status = g_strdup (detail->public ? _("Public") : _("Private"));
  place = g_strjoin (", ",
                     detail->department_name != NULL ? detail->department_name : detail->department,
                     detail->region_name != NULL ? detail->region_name : (detail->region != NULL ? detail->region : ""),
                     NULL);
  if (detail->legal_finess != NULL)
    {
      g_autofree char *legal_finess = crrc_finess_format (detail->legal_finess);

      legal = detail->legal_name != NULL ? g_strdup_printf ("%s (%s)", detail->legal_name, legal_finess)
                                         : g_steal_pointer (&legal_finess);
    }
  if (detail->ght != NULL)
    {
      const char *name = detail->ght_name != NULL ? detail->ght_name : detail->ght;

      if (detail->ght_support != NULL)
        /* Translators: a GHT, then its support establishment. */
        ght = g_strdup_printf (_("%s — support: %s"), name, detail->ght_support->name);
      else
        ght = g_strdup (name);
    }
  if (detail->closed_on != NULL)
    closed = crrc_detail_format_date (detail->closed_on);

  heading (page, _("Identity"));
  field (page, _("FINESS"), finess, label_width);
  field (page, _("Category"), category, label_width);
  field (page, _("Status"), status, label_width);
  field (page, _("Address"), detail->address, label_width);
  field (page, _("Postal line"), detail->postal_line, label_width);
  field (page, _("Department, region"), place, label_width);
  field (page, _("Phone"), detail->phone, label_width);
  field (page, _("Legal entity"), legal, label_width);
  field (page, _("GHT"), ght, label_width);
  field (page, _("Closed on"), closed, label_width);
}

/* A small table of the key figures: incidents per year, audits, alerts. */
static void
draw_key_figures (Page                    *page,
                  CrrcEstablishmentDetail *detail)
{
  int last = detail->latest_year;
  double cell, x;
  guint n_cells = CRRC_FICHE_N_YEARS + 2;

  if (last <= 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      last = g_date_time_get_year (now);
    }

  heading (page, _("Key figures"));
  cell = page->width / n_cells;
  x = page->x;

  for (guint i = 0; i < n_cells; i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *value = NULL;
      double h;

      if (i < CRRC_FICHE_N_YEARS)
        {
          int year = last - CRRC_FICHE_N_YEARS + 1 + (int) i;

          /* Translators: a column of the fiche's key figures: incidents in a year. */
          label = g_strdup_printf (_("Incidents %d"), year);
          value = crrc_format_count (crrc_establishment_detail_count_incidents (detail, year));
        }
      else if (i == CRRC_FICHE_N_YEARS)
        {
          label = g_strdup (_("Audits"));
          value = crrc_format_count (detail->audits->len);
        }
      else
        {
          label = g_strdup (_("Alerts"));
          value = crrc_format_count (detail->alerts->len);
        }

      h = crrc_print_page_draw_text (page, value, BODY_PX * 2, TRUE, &page->theme.foreground, x, page->y, cell - 4, 1);
      crrc_print_page_draw_text (page, label, BODY_PX * 0.9, FALSE, &page->theme.dim, x, page->y + h, cell - 4, 2);
      x += cell;
    }

  page->y += BODY_PX * 2 * 1.3 + BODY_PX * 0.9 * 2.6;
}

static void
draw_maturity_summary (Page                    *page,
                       CrrcEstablishmentDetail *detail,
                       CrrcChartModel          *radar,
                       double                   radar_size)
{
  CrrcMaturityDiagnostic *latest = crrc_establishment_detail_get_latest_diagnostic (detail);
  g_autofree char *line = NULL;

  heading (page, _("Maturity"));

  if (latest == NULL)
    {
      crrc_print_page_paragraph (page, _("No maturity diagnostic."), BODY_PX, FALSE, &page->theme.dim, 2);
      return;
    }

  if (latest->scores->overall >= 0)
    {
      g_autofree char *date = crrc_detail_format_date (latest->date);

      g_autofree char *completeness = crrc_format_percent (latest->scores->completeness, 0);

      /* Translators: overall score out of 100, band, completeness (a
       * percentage) and the diagnostic's date. */
      line = g_strdup_printf (_("Overall score %d/100 (%s), completeness %s, diagnostic of %s"),
                              latest->scores->overall,
                              crrc_maturity_band_get_label (latest->scores->overall_band),
                              completeness, date);
      crrc_print_page_paragraph (page, line, BODY_PX, TRUE, &page->theme.foreground, 2);
    }

  if (radar != NULL)
    {
      CrrcChartTheme theme = { 0 };
      double height = round (radar_size * 0.95);

      crrc_chart_theme_init_print (&theme, PAGE_WIDTH, PAGE_HEIGHT);
      /* Small enough for ten domain names around a radar a column wide,
       * large enough to be read on paper. */
      theme.text_size = BODY_PX * 0.8;
      cairo_save (page->cr);
      cairo_translate (page->cr, page->x, page->y + 4);
      cairo_rectangle (page->cr, 0, 0, radar_size, height);
      cairo_clip (page->cr);
      crrc_chart_draw (radar, page->cr, radar_size, height, &theme, CRRC_CHART_DRAW_PLOT,
                       -1, -1, NULL);
      cairo_restore (page->cr);
      crrc_chart_theme_clear (&theme);
      page->y += height + 8;
    }

  if (detail->n_peers < 5)
    crrc_print_page_paragraph (page, _("Comparison hidden: fewer than 5 comparable establishments"),
               BODY_PX * 0.9, FALSE, &page->theme.dim, 1);
}

static void
draw_measures (Page                    *page,
               CrrcEstablishmentDetail *detail)
{
  CrrcMaturityDiagnostic *latest = crrc_establishment_detail_get_latest_diagnostic (detail);

  if (latest == NULL || latest->scores->measures == NULL || latest->scores->measures->len == 0)
    return;

  heading (page, _("Priority measures"));
  for (guint i = 0; i < latest->scores->measures->len && i < 6; i++)
    {
      const CrrcMaturityMeasure *measure = &g_array_index (latest->scores->measures, CrrcMaturityMeasure, i);
      int d = crrc_referential_find_domain (detail->referential, measure->domain_id);
      const char *domain = d >= 0 ? crrc_referential_get_domain (detail->referential, d)->title
                                  : measure->domain_id;
      g_autofree char *text = NULL;

      if (page->y + BODY_PX * 2.8 > page->limit)
        break;

      text = g_strdup_printf ("%u. %s (%s)", i + 1, measure->measure, domain);

      crrc_print_page_paragraph (page, text, BODY_PX, FALSE, &page->theme.foreground, 2);
      page->y += 2;
    }
}

static void
draw_incidents (Page                    *page,
                CrrcEstablishmentDetail *detail)
{
  guint shown;

  heading (page, _("Last incidents"));

  if (detail->incidents->len == 0)
    {
      crrc_print_page_paragraph (page, _("No incident declared."), BODY_PX, FALSE, &page->theme.dim, 1);
      return;
    }

  for (shown = 0; shown < detail->incidents->len && shown < CRRC_FICHE_MAX_INCIDENTS; shown++)
    {
      CrrcDetailIncident *incident = g_ptr_array_index (detail->incidents, shown);
      g_autofree char *date = crrc_detail_format_date (incident->declared_at);
      g_autofree char *head = NULL;

      /* The heading, two lines of summary and the line saying how many
       * more there are must fit. */
      if (page->y + BODY_PX * 5.5 > page->limit)
        break;

      /* Translators: an incident on the fiche: date, type, origin, impact. */
      head = g_strdup_printf (_("%s — %s, %s, %s%s"), date,
                              crrc_detail_words_get (CRRC_DETAIL_WORDS_INCIDENT_TYPE, incident->type),
                              crrc_detail_words_get (CRRC_DETAIL_WORDS_ORIGIN, incident->origin),
                              crrc_detail_words_get (CRRC_DETAIL_WORDS_IMPACT, incident->functioning_impact),
                              incident->patient_care_impact ? _(", patient care affected") : "");
      crrc_print_page_paragraph (page, head, BODY_PX, TRUE, &page->theme.foreground, 1);
      if (incident->summary != NULL && *incident->summary != '\0')
        crrc_print_page_paragraph (page, incident->summary, BODY_PX, FALSE, &page->theme.dim, 2);
      page->y += 3;
    }

  if (detail->incidents->len > shown)
    {
      g_autofree char *more = NULL;
      guint n = detail->incidents->len - shown;

      more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u earlier incident.",
                                           "And %u earlier incidents.", n), n);
      crrc_print_page_paragraph (page, more, BODY_PX * 0.9, FALSE, &page->theme.dim, 1);
    }
}

static void
draw_page (cairo_t                 *cr,
           CrrcEstablishmentDetail *detail,
           CrrcChartModel          *radar)
{
  Page page = { 0 };
  double full_width = PAGE_WIDTH - 2 * MARGIN;
  double top, left_bottom;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = crrc_format_date (now);
  g_autofree char *footer = NULL;
  g_autofree char *finess = crrc_finess_format (detail->finess);
  double bottom = PAGE_HEIGHT - MARGIN;

  page.cr = cr;
  page.x = MARGIN;
  page.width = full_width;
  page.y = MARGIN;
  page.limit = PAGE_HEIGHT;
  crrc_chart_theme_init_print (&page.theme, PAGE_WIDTH, PAGE_HEIGHT);

  gdk_cairo_set_source_rgba (cr, &page.theme.background);
  cairo_paint (cr);

  /* Everything stays inside the margins, whatever the data. */
  cairo_save (cr);
  cairo_rectangle (cr, MARGIN, MARGIN, page.width, bottom - MARGIN - BODY_PX * 2);
  cairo_clip (cr);

  crrc_print_page_paragraph (&page, _("Establishment fact sheet"), BODY_PX, TRUE, &page.theme.accent, 1);
  page.y += 2;
  crrc_print_page_paragraph (&page, detail->name, BODY_PX * 2, TRUE, &page.theme.foreground, 2);
  if (detail->long_name != NULL && g_strcmp0 (detail->long_name, detail->name) != 0)
    crrc_print_page_paragraph (&page, detail->long_name, BODY_PX, FALSE, &page.theme.dim, 1);

  /* Identity on the left, maturity and its radar on the right. */
  top = page.y;
  page.width = full_width * 0.54;
  draw_identity (&page, detail);
  left_bottom = page.y;

  page.x = MARGIN + full_width * 0.58;
  page.width = full_width * 0.42;
  page.y = top;
  draw_maturity_summary (&page, detail, radar, page.width);

  page.x = MARGIN;
  page.width = full_width;
  page.y = MAX (left_bottom, page.y);
  page.limit = bottom - BODY_PX * 2.5;

  draw_key_figures (&page, detail);
  draw_measures (&page, detail);
  draw_incidents (&page, detail);

  cairo_restore (cr);

  /* Translators: the fiche's footer: the FINESS number and today's date. */
  footer = g_strdup_printf (_("FINESS %s — CRRC Dashboard, %s — confidential"), finess, today);
  crrc_print_page_draw_text (&page, footer, BODY_PX * 0.8, FALSE, &page.theme.dim, MARGIN, bottom - BODY_PX,
             page.width, 1);

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

static void
set_file_error (GError     **error,
                GFile       *file,
                GQuark       domain,
                int          code,
                const char  *cause)
{
  g_autofree char *name = g_file_get_parse_name (file);

  /* Translators: the first %s is a file name, the second why it failed. */
  g_set_error (error, domain, code, _("Could not write “%s”: %s"), name, cause);
}

/**
 * crrc_fiche_export:
 * @detail: the establishment
 * @radar: (nullable): its radar, from crrc_detail_radar_new()
 * @file: the PDF to write
 * @error: return location for an error naming @file
 *
 * Returns: %TRUE on success
 */
gboolean
crrc_fiche_export (CrrcEstablishmentDetail *detail,
                   CrrcChartModel          *radar,
                   GFile                   *file,
                   GError                 **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (detail != NULL, FALSE);
  g_return_val_if_fail (radar == NULL || CRRC_IS_CHART_MODEL (radar), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = cairo_pdf_surface_create_for_stream (append_cb, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  /* Translators: the PDF's title: "Fiche établissement — <name>". */
  title = g_strdup_printf (_("Establishment fact sheet — %s"), detail->name);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "CRRC Dashboard");

  cr = cairo_create (surface);
  draw_page (cr, detail, radar);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      set_file_error (error, file, G_IO_ERROR, G_IO_ERROR_FAILED, cairo_status_to_string (status));
      return FALSE;
    }

  return crrc_chart_export_write_bytes (file, bytes->data, bytes->len, NULL, error);
}
