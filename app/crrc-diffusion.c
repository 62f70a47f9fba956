/* crrc-diffusion.c: the "Diffusion" mode applied to charts
 *
 * For presentations outside the centre: counts from 1 to 4 are suppressed
 * (written "< 5"), with whatever would give them away, in every chart model
 * the application builds; every output (screen, presentation, images,
 * slides, CSV, clipboard) is drawn from those models.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-diffusion"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "crrc-diffusion.h"
#include "crrc-format.h"

static gboolean
is_small_count (double value)
{
  return isfinite (value) && fabs (value - round (value)) < 1e-9 &&
         crrc_diffusion_count_is_suppressed ((gint64) round (value));
}

static gboolean
is_count_series (CrrcChartModel *model,
                 guint           series)
{
  CrrcChartSeriesRole role = crrc_chart_model_get_series_role (model, series);

  return role == CRRC_CHART_SERIES_DATA || role == CRRC_CHART_SERIES_REFERENCE;
}

/* Hides the smallest positive count shown of @series. */
static void
hide_smallest (CrrcChartModel *model,
               guint           series)
{
  guint n_categories = crrc_chart_model_get_n_categories (model);
  int smallest = -1;
  double smallest_value = INFINITY;

  for (guint c = 0; c < n_categories; c++)
    {
      double value = crrc_chart_model_get_value (model, series, c);

      if (isfinite (value) && value > 0 && value < smallest_value)
        {
          smallest = (int) c;
          smallest_value = value;
        }
    }
  if (smallest >= 0)
    crrc_chart_model_suppress_value (model, series, (guint) smallest, CRRC_CHART_VALUE_HIDDEN);
}

void
crrc_diffusion_suppress_counts (CrrcChartModel *model)
{
  guint n_series, n_categories;

  g_return_if_fail (CRRC_IS_CHART_MODEL (model));

  n_series = crrc_chart_model_get_n_series (model);
  n_categories = crrc_chart_model_get_n_categories (model);

  for (guint s = 0; s < n_series; s++)
    {
      if (!is_count_series (model, s))
        continue;
      for (guint c = 0; c < n_categories; c++)
        if (is_small_count (crrc_chart_model_get_value (model, s, c)))
          crrc_chart_model_suppress_value (model, s, c, CRRC_CHART_VALUE_SMALL);
    }

  if (crrc_chart_model_get_kind (model) == CRRC_CHART_BARS &&
      crrc_chart_model_get_stacking (model) == CRRC_CHART_PERCENT)
    {
      for (guint c = 0; c < n_categories; c++)
        {
          if (!crrc_chart_model_has_suppressed (model, (int) c))
            continue;
          for (guint s = 0; s < n_series; s++)
            {
              double value = crrc_chart_model_get_value (model, s, c);

              if (isfinite (value) && value > 0)
                crrc_chart_model_suppress_value (model, s, c, CRRC_CHART_VALUE_HIDDEN);
            }
        }
      return;
    }

  if (crrc_chart_model_get_kind (model) == CRRC_CHART_KPI)
    return;

  for (guint s = 0; s < n_series; s++)
    {
      guint n_small = 0;

      if (!is_count_series (model, s))
        continue;
      for (guint c = 0; c < n_categories; c++)
        if (crrc_chart_model_get_value_state (model, s, c) == CRRC_CHART_VALUE_SMALL)
          n_small++;
      if (n_small == 1)
        hide_smallest (model, s);
    }
}

const char *
crrc_diffusion_get_note (void)
{
  /* Translators: the footnote of a chart exported in diffusion mode. */
  return _("Counts below 5 are suppressed (diffusion mode).");
}

void
crrc_diffusion_mark (CrrcChartModel *model)
{
  const char *source;
  g_autofree char *with_note = NULL;

  g_return_if_fail (CRRC_IS_CHART_MODEL (model));

  crrc_chart_model_set_suppression_threshold (model, CRRC_DIFFUSION_THRESHOLD);
  source = crrc_chart_model_get_source (model);
  if (source != NULL && g_str_has_suffix (source, crrc_diffusion_get_note ()))
    return;
  if (source != NULL && source[0] != '\0')
    /* Translators: a chart's source line, then the diffusion footnote. */
    with_note = g_strdup_printf (_("%s — %s"), source, crrc_diffusion_get_note ());
  else
    with_note = g_strdup (crrc_diffusion_get_note ());
  crrc_chart_model_set_source (model, with_note);
}

char *
crrc_diffusion_format_small (void)
{
  g_autofree char *threshold = crrc_format_count (CRRC_DIFFUSION_THRESHOLD);

  /* Translators: a count too small to be shown (diffusion mode): "< 5";
   * French puts a narrow no-break space (U+202F) after the sign. */
  return g_strdup_printf (C_("suppressed value", "< %s"), threshold);
}

gboolean
crrc_diffusion_get_mode (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  return g_settings_get_boolean (settings, "diffusion-mode");
}
