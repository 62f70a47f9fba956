/* crrc-chart-model.h: what a chart shows, independent of how it is drawn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CRRC_CHART_BARS,   /* vertical or horizontal; grouped, stacked or 100 % stacked */
  CRRC_CHART_LINE,   /* lines (or areas) over ordered categories (time) */
  CRRC_CHART_DONUT,  /* first series only, one slice per category, with a legend */
  CRRC_CHART_RADAR,  /* one axis per category (domain), scores 0..max */
  CRRC_CHART_MAP,    /* department tile map: categories are department codes */
  CRRC_CHART_KPI,    /* one key figure with its change and a sparkline */
} CrrcChartKind;

typedef enum
{
  CRRC_CHART_GROUPED,  /* bars of the series side by side */
  CRRC_CHART_STACKED,  /* bars of the series on top of each other */
  CRRC_CHART_PERCENT,  /* stacked, each category scaled to 100 % */
} CrrcChartStacking;

typedef enum
{
  CRRC_CHART_VERTICAL,    /* categories along x, values up */
  CRRC_CHART_HORIZONTAL,  /* categories down y (ranked lists), values right */
} CrrcChartOrientation;

typedef enum
{
  CRRC_CHART_UNIT_COUNT,    /* "1 234" */
  CRRC_CHART_UNIT_PERCENT,  /* values are percentages: "35 %" */
  CRRC_CHART_UNIT_SCORE,    /* maturity scores, one decimal: "2,5" */
  CRRC_CHART_UNIT_DECIMAL,  /* any number, one decimal: "12,3" */
} CrrcChartUnit;

/* How a series takes part in the chart. */
typedef enum
{
  CRRC_CHART_SERIES_DATA,       /* an ordinary series */
  CRRC_CHART_SERIES_REFERENCE,  /* drawn behind, muted: the previous year on a
                                 * line chart (as an area), the peer median on
                                 * a radar (a dashed outline) */
  CRRC_CHART_SERIES_BAND_LOW,   /* radar: lower and upper bounds of the peer */
  CRRC_CHART_SERIES_BAND_HIGH,  /* band (e.g. first and third quartiles) */
} CrrcChartSeriesRole;

/* Whether a rise of a KPI is good news, bad news or neither; it picks the
 * colour of the change arrow. */
typedef enum
{
  CRRC_CHART_RISE_NEUTRAL,
  CRRC_CHART_RISE_GOOD,
  CRRC_CHART_RISE_BAD,     /* incidents, severity */
} CrrcChartRiseMeaning;

/* What a colour means, for a series or a category whose colour carries
 * meaning (an interrupted service is bad news, no impact is good news).
 * AUTO takes the palette in order. */
typedef enum
{
  CRRC_CHART_TONE_AUTO,
  CRRC_CHART_TONE_ACCENT,
  CRRC_CHART_TONE_NEUTRAL,
  CRRC_CHART_TONE_GOOD,
  CRRC_CHART_TONE_WARNING,
  CRRC_CHART_TONE_BAD,
} CrrcChartTone;

/* Whether a value is shown, or suppressed by a small-count rule (the
 * "Diffusion" mode): a suppressed value reads NAN, is not drawn, and is
 * written as "< 5" (SMALL) or "hidden" (HIDDEN: suppressed too so that a
 * small count cannot be worked out from the others and a total). */
typedef enum
{
  CRRC_CHART_VALUE_SHOWN,
  CRRC_CHART_VALUE_SMALL,
  CRRC_CHART_VALUE_HIDDEN,
} CrrcChartValueState;

#define CRRC_TYPE_CHART_MODEL (crrc_chart_model_get_type ())
G_DECLARE_FINAL_TYPE (CrrcChartModel, crrc_chart_model, CRRC, CHART_MODEL, GObject)

/* A model is built once and then handed to a widget or an export; to show
 * new data, build a new model and give it to the widget
 * (crrc_chart_set_model()). Values are doubles; NAN means "no value" (a
 * department without data, a domain without score) and is drawn as such. */
CrrcChartModel      *crrc_chart_model_new            (CrrcChartKind         kind,
                                                      const char           *title);

CrrcChartKind        crrc_chart_model_get_kind       (CrrcChartModel       *self);

/* A stable identifier used as export file name: "incidents-par-annee". */
const char          *crrc_chart_model_get_id         (CrrcChartModel       *self);
void                 crrc_chart_model_set_id         (CrrcChartModel       *self,
                                                      const char           *id);
const char          *crrc_chart_model_get_title      (CrrcChartModel       *self);
void                 crrc_chart_model_set_title      (CrrcChartModel       *self,
                                                      const char           *title);
/* The scope: "Bourgogne-Franche-Comté — 2023" (filters applied). */
const char          *crrc_chart_model_get_subtitle   (CrrcChartModel       *self);
void                 crrc_chart_model_set_subtitle   (CrrcChartModel       *self,
                                                      const char           *subtitle);
/* "Source : CERT Santé — synchronisé le 21/05/2024". */
const char          *crrc_chart_model_get_source     (CrrcChartModel       *self);
void                 crrc_chart_model_set_source     (CrrcChartModel       *self,
                                                      const char           *source);

CrrcChartUnit        crrc_chart_model_get_unit       (CrrcChartModel       *self);
void                 crrc_chart_model_set_unit       (CrrcChartModel       *self,
                                                      CrrcChartUnit         unit);
CrrcChartStacking    crrc_chart_model_get_stacking   (CrrcChartModel       *self);
void                 crrc_chart_model_set_stacking   (CrrcChartModel       *self,
                                                      CrrcChartStacking     stacking);
CrrcChartOrientation crrc_chart_model_get_orientation (CrrcChartModel      *self);
void                 crrc_chart_model_set_orientation (CrrcChartModel      *self,
                                                       CrrcChartOrientation orientation);
/* Line charts: fill the area under the data series too. */
gboolean             crrc_chart_model_get_area       (CrrcChartModel       *self);
void                 crrc_chart_model_set_area       (CrrcChartModel       *self,
                                                      gboolean              area);
/* The top of the value axis (radar: the maximum score, e.g. 5), or NAN to
 * derive it from the data (the default). */
double               crrc_chart_model_get_value_max  (CrrcChartModel       *self);
void                 crrc_chart_model_set_value_max  (CrrcChartModel       *self,
                                                      double                value_max);

/* Categories: a key (given back by item-activated: "2023", "21", "ransomware")
 * and a label shown to people ("2023", "Côte-d'Or", "Rançongiciel"). */
guint                crrc_chart_model_add_category   (CrrcChartModel       *self,
                                                      const char           *key,
                                                      const char           *label);
guint                crrc_chart_model_get_n_categories (CrrcChartModel     *self);
const char          *crrc_chart_model_get_category_key   (CrrcChartModel   *self,
                                                          guint             category);
const char          *crrc_chart_model_get_category_label (CrrcChartModel   *self,
                                                          guint             category);
int                  crrc_chart_model_find_category  (CrrcChartModel       *self,
                                                      const char           *key);

/* A series has one value per category (missing ones read NAN). */
guint                crrc_chart_model_add_series     (CrrcChartModel       *self,
                                                      const char           *name,
                                                      CrrcChartSeriesRole   role);
guint                crrc_chart_model_get_n_series   (CrrcChartModel       *self);
const char          *crrc_chart_model_get_series_name (CrrcChartModel      *self,
                                                       guint                series);
CrrcChartSeriesRole  crrc_chart_model_get_series_role (CrrcChartModel      *self,
                                                       guint                series);
void                 crrc_chart_model_set_value      (CrrcChartModel       *self,
                                                      guint                 series,
                                                      guint                 category,
                                                      double                value);
double               crrc_chart_model_get_value      (CrrcChartModel       *self,
                                                      guint                 series,
                                                      guint                 category);
CrrcChartTone        crrc_chart_model_get_series_tone (CrrcChartModel      *self,
                                                       guint                series);
void                 crrc_chart_model_set_series_tone (CrrcChartModel      *self,
                                                       guint                series,
                                                       CrrcChartTone        tone);
/* Donuts colour categories rather than series. */
CrrcChartTone        crrc_chart_model_get_category_tone (CrrcChartModel    *self,
                                                         guint              category);
void                 crrc_chart_model_set_category_tone (CrrcChartModel    *self,
                                                         guint              category,
                                                         CrrcChartTone      tone);
/* Sum of the finite values of @category over the DATA series. */
double               crrc_chart_model_get_category_total (CrrcChartModel   *self,
                                                          guint             category);

/* Map: the department codes to emphasise (a chosen region), NULL for none. */
void                 crrc_chart_model_set_emphasis   (CrrcChartModel       *self,
                                                      const char * const   *keys);
gboolean             crrc_chart_model_is_emphasised  (CrrcChartModel       *self,
                                                      const char           *key);
gboolean             crrc_chart_model_has_emphasis   (CrrcChartModel       *self);

/* KPI: the figure, the previous period's (NAN when none) and what a rise
 * means. The sparkline is the first series over the categories. */
void                 crrc_chart_model_set_kpi        (CrrcChartModel       *self,
                                                      double                value,
                                                      double                previous,
                                                      CrrcChartRiseMeaning  meaning);
double               crrc_chart_model_get_kpi_value    (CrrcChartModel     *self);
double               crrc_chart_model_get_kpi_previous (CrrcChartModel     *self);
CrrcChartRiseMeaning crrc_chart_model_get_kpi_meaning  (CrrcChartModel     *self);
/* Change against the previous value in percent, NAN when there is none. */
double               crrc_chart_model_get_kpi_change   (CrrcChartModel     *self);
/* "vs 2022": what the change is measured against. */
const char          *crrc_chart_model_get_kpi_reference (CrrcChartModel    *self);
void                 crrc_chart_model_set_kpi_reference (CrrcChartModel    *self,
                                                         const char        *reference);

/* Suppression (see CrrcChartValueState). Suppressing sets the value to NAN;
 * the threshold is the 5 of "< 5" (5 unless set). */
void                 crrc_chart_model_suppress_value (CrrcChartModel       *self,
                                                      guint                 series,
                                                      guint                 category,
                                                      CrrcChartValueState   state);
CrrcChartValueState  crrc_chart_model_get_value_state (CrrcChartModel      *self,
                                                       guint                series,
                                                       guint                category);
/* KPI: suppresses the figure and/or the previous one (then no change). */
void                 crrc_chart_model_suppress_kpi   (CrrcChartModel       *self,
                                                      CrrcChartValueState   value_state,
                                                      CrrcChartValueState   previous_state);
CrrcChartValueState  crrc_chart_model_get_kpi_state  (CrrcChartModel       *self);
CrrcChartValueState  crrc_chart_model_get_kpi_previous_state (CrrcChartModel *self);
guint                crrc_chart_model_get_suppression_threshold (CrrcChartModel *self);
void                 crrc_chart_model_set_suppression_threshold (CrrcChartModel *self,
                                                                 guint           threshold);
/* Whether any value (or the KPI) is suppressed; of @category (any
 * series) when @category is not -1. */
gboolean             crrc_chart_model_has_suppressed (CrrcChartModel       *self,
                                                      int                   category);
/* A suppressed value as charts write it: "< 5" (with a no-break space, as
 * the translation writes it), "hidden"; "—" for CRRC_CHART_VALUE_SHOWN. */
char                *crrc_chart_model_format_state   (CrrcChartModel       *self,
                                                      CrrcChartValueState   state);
/* The value of one item as written: the number, or its suppression. */
char                *crrc_chart_model_format_item    (CrrcChartModel       *self,
                                                      guint                 series,
                                                      guint                 category);
/* The KPI figure as written: the number, or its suppression. */
char                *crrc_chart_model_format_kpi_value (CrrcChartModel     *self);

/* A value as the chart writes it: "1 234", "35 %", "2,5"; "—" for NAN. */
char                *crrc_chart_model_format_value   (CrrcChartModel       *self,
                                                      double                value);
/* What a screen reader says about the data, kept in the model so the widget,
 * the tests and an export's alternative text agree: "Incidents par année :
 * 2019 : 392 ; 2020 : 369 ; …" (series named when there are several). */
char                *crrc_chart_model_describe       (CrrcChartModel       *self);
/* One item, as a tooltip says it: "2023 — Malveillant : 290". */
char                *crrc_chart_model_describe_item  (CrrcChartModel       *self,
                                                      int                   category,
                                                      int                   series);

G_END_DECLS
