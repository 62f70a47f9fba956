/* crrc-chart-model.c: what a chart shows, independent of how it is drawn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart-model"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "crrc-chart-model.h"
#include "crrc-format.h"

typedef struct
{
  char          *key;
  char          *label;
  CrrcChartTone  tone;
} Category;

typedef struct
{
  char               *name;
  CrrcChartSeriesRole role;
  CrrcChartTone       tone;
  GArray             *values;  /* of double, one per category */
  GArray             *states;  /* of guint8 (CrrcChartValueState), or NULL */
} Series;

struct _CrrcChartModel
{
  GObject               parent_instance;

  CrrcChartKind         kind;
  char                 *id;
  char                 *title;
  char                 *subtitle;
  char                 *source;
  CrrcChartUnit         unit;
  CrrcChartStacking     stacking;
  CrrcChartOrientation  orientation;
  gboolean              area;
  double                value_max;

  GArray               *categories;  /* of Category */
  GPtrArray            *series;      /* of Series */
  GHashTable           *emphasis;    /* set of keys, or NULL */

  double                kpi_value;
  double                kpi_previous;
  CrrcChartRiseMeaning  kpi_meaning;
  char                 *kpi_reference;
  CrrcChartValueState   kpi_state;
  CrrcChartValueState   kpi_previous_state;
  guint                 threshold;
  gboolean              suppressed;  /* any value or the KPI */
};

G_DEFINE_FINAL_TYPE (CrrcChartModel, crrc_chart_model, G_TYPE_OBJECT)

static void
category_clear (gpointer data)
{
  Category *category = data;

  g_free (category->key);
  g_free (category->label);
}

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->name);
  g_array_unref (series->values);
  g_clear_pointer (&series->states, g_array_unref);
  g_free (series);
}

static void
crrc_chart_model_finalize (GObject *object)
{
  CrrcChartModel *self = CRRC_CHART_MODEL (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->source);
  g_free (self->kpi_reference);
  g_array_unref (self->categories);
  g_ptr_array_unref (self->series);
  g_clear_pointer (&self->emphasis, g_hash_table_unref);

  G_OBJECT_CLASS (crrc_chart_model_parent_class)->finalize (object);
}

static void
crrc_chart_model_class_init (CrrcChartModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crrc_chart_model_finalize;
}

static void
crrc_chart_model_init (CrrcChartModel *self)
{
  self->categories = g_array_new (FALSE, TRUE, sizeof (Category));
  g_array_set_clear_func (self->categories, category_clear);
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->value_max = NAN;
  self->kpi_value = NAN;
  self->kpi_previous = NAN;
  self->threshold = 5;
}

/**
 * crrc_chart_model_new:
 * @kind: the kind of chart
 * @title: the chart's title, read as its accessible name
 *
 * Returns: (transfer full): an empty chart model
 */
CrrcChartModel *
crrc_chart_model_new (CrrcChartKind  kind,
                      const char    *title)
{
  CrrcChartModel *self = g_object_new (CRRC_TYPE_CHART_MODEL, NULL);

  self->kind = kind;
  self->title = g_strdup (title != NULL ? title : "");
  self->unit = CRRC_CHART_UNIT_COUNT;
  return self;
}

CrrcChartKind
crrc_chart_model_get_kind (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), CRRC_CHART_BARS);
  return self->kind;
}

#define STRING_ACCESSORS(field)                                             \
const char *                                                                \
crrc_chart_model_get_##field (CrrcChartModel *self)                         \
{                                                                           \
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NULL);                  \
  return self->field;                                                       \
}                                                                           \
                                                                            \
void                                                                        \
crrc_chart_model_set_##field (CrrcChartModel *self,                         \
                              const char     *field)                        \
{                                                                           \
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));                            \
  g_set_str (&self->field, field);                                          \
}

/* g_set_str() is GLib 2.76: a local equivalent. */
static inline gboolean
g_set_str_local (char       **str_pointer,
                 const char  *new_str)
{
  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;
  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}
#define g_set_str g_set_str_local

STRING_ACCESSORS (id)
STRING_ACCESSORS (subtitle)
STRING_ACCESSORS (source)

#undef g_set_str
#undef STRING_ACCESSORS

const char *
crrc_chart_model_get_title (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NULL);
  return self->title;
}

void
crrc_chart_model_set_title (CrrcChartModel *self,
                            const char     *title)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));
  g_set_str_local (&self->title, title != NULL ? title : "");
}

CrrcChartUnit
crrc_chart_model_get_unit (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), CRRC_CHART_UNIT_COUNT);
  return self->unit;
}

void
crrc_chart_model_set_unit (CrrcChartModel *self,
                           CrrcChartUnit   unit)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));
  self->unit = unit;
}

CrrcChartStacking
crrc_chart_model_get_stacking (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), CRRC_CHART_GROUPED);
  return self->stacking;
}

void
crrc_chart_model_set_stacking (CrrcChartModel    *self,
                               CrrcChartStacking  stacking)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));
  self->stacking = stacking;
}

CrrcChartOrientation
crrc_chart_model_get_orientation (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), CRRC_CHART_VERTICAL);
  return self->orientation;
}

void
crrc_chart_model_set_orientation (CrrcChartModel       *self,
                                  CrrcChartOrientation  orientation)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));
  self->orientation = orientation;
}

gboolean
crrc_chart_model_get_area (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), FALSE);
  return self->area;
}

void
crrc_chart_model_set_area (CrrcChartModel *self,
                           gboolean        area)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));
  self->area = !!area;
}

double
crrc_chart_model_get_value_max (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NAN);
  return self->value_max;
}

void
crrc_chart_model_set_value_max (CrrcChartModel *self,
                                double          value_max)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));
  self->value_max = value_max;
}

guint
crrc_chart_model_add_category (CrrcChartModel *self,
                               const char     *key,
                               const char     *label)
{
  Category category;

  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), 0);
  g_return_val_if_fail (key != NULL, 0);

  category.tone = CRRC_CHART_TONE_AUTO;
  category.key = g_strdup (key);
  category.label = g_strdup (label != NULL ? label : key);
  g_array_append_val (self->categories, category);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      double missing = NAN;
      guint8 shown = CRRC_CHART_VALUE_SHOWN;

      g_array_append_val (series->values, missing);
      if (series->states != NULL)
        g_array_append_val (series->states, shown);
    }

  return self->categories->len - 1;
}

guint
crrc_chart_model_get_n_categories (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), 0);
  return self->categories->len;
}

const char *
crrc_chart_model_get_category_key (CrrcChartModel *self,
                                   guint           category)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NULL);
  g_return_val_if_fail (category < self->categories->len, NULL);
  return g_array_index (self->categories, Category, category).key;
}

const char *
crrc_chart_model_get_category_label (CrrcChartModel *self,
                                     guint           category)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NULL);
  g_return_val_if_fail (category < self->categories->len, NULL);
  return g_array_index (self->categories, Category, category).label;
}

int
crrc_chart_model_find_category (CrrcChartModel *self,
                                const char     *key)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), -1);

  if (key == NULL)
    return -1;

  for (guint i = 0; i < self->categories->len; i++)
    if (g_str_equal (g_array_index (self->categories, Category, i).key, key))
      return (int) i;

  return -1;
}

guint
crrc_chart_model_add_series (CrrcChartModel      *self,
                             const char          *name,
                             CrrcChartSeriesRole  role)
{
  Series *series;

  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), 0);

  series = g_new0 (Series, 1);
  series->name = g_strdup (name != NULL ? name : "");
  series->role = role;
  series->values = g_array_sized_new (FALSE, FALSE, sizeof (double),
                                      self->categories->len);
  for (guint i = 0; i < self->categories->len; i++)
    {
      double missing = NAN;

      g_array_append_val (series->values, missing);
    }
  g_ptr_array_add (self->series, series);

  return self->series->len - 1;
}

guint
crrc_chart_model_get_n_series (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), 0);
  return self->series->len;
}

static Series *
get_series (CrrcChartModel *self,
            guint           series)
{
  return g_ptr_array_index (self->series, series);
}

const char *
crrc_chart_model_get_series_name (CrrcChartModel *self,
                                  guint           series)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NULL);
  g_return_val_if_fail (series < self->series->len, NULL);
  return get_series (self, series)->name;
}

CrrcChartSeriesRole
crrc_chart_model_get_series_role (CrrcChartModel *self,
                                  guint           series)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), CRRC_CHART_SERIES_DATA);
  g_return_val_if_fail (series < self->series->len, CRRC_CHART_SERIES_DATA);
  return get_series (self, series)->role;
}

void
crrc_chart_model_set_value (CrrcChartModel *self,
                            guint           series,
                            guint           category,
                            double          value)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (category < self->categories->len);

  g_array_index (get_series (self, series)->values, double, category) = value;
  if (get_series (self, series)->states != NULL)
    g_array_index (get_series (self, series)->states, guint8, category) = CRRC_CHART_VALUE_SHOWN;
}

void
crrc_chart_model_suppress_value (CrrcChartModel      *self,
                                 guint                series,
                                 guint                category,
                                 CrrcChartValueState  state)
{
  Series *data;

  g_return_if_fail (CRRC_IS_CHART_MODEL (self));
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (category < self->categories->len);

  data = get_series (self, series);
  if (data->states == NULL)
    {
      data->states = g_array_sized_new (FALSE, TRUE, sizeof (guint8), self->categories->len);
      g_array_set_size (data->states, self->categories->len);
    }
  g_array_index (data->values, double, category) = state != CRRC_CHART_VALUE_SHOWN
                                                   ? NAN
                                                   : g_array_index (data->values, double, category);
  g_array_index (data->states, guint8, category) = state;
  if (state != CRRC_CHART_VALUE_SHOWN)
    self->suppressed = TRUE;
}

CrrcChartValueState
crrc_chart_model_get_value_state (CrrcChartModel *self,
                                  guint           series,
                                  guint           category)
{
  Series *data;

  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), CRRC_CHART_VALUE_SHOWN);

  if (series >= self->series->len || category >= self->categories->len)
    return CRRC_CHART_VALUE_SHOWN;
  data = get_series (self, series);
  if (data->states == NULL)
    return CRRC_CHART_VALUE_SHOWN;
  return g_array_index (data->states, guint8, category);
}

void
crrc_chart_model_suppress_kpi (CrrcChartModel      *self,
                               CrrcChartValueState  value_state,
                               CrrcChartValueState  previous_state)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));

  self->kpi_state = value_state;
  self->kpi_previous_state = previous_state;
  if (value_state != CRRC_CHART_VALUE_SHOWN)
    {
      self->kpi_value = NAN;
      self->suppressed = TRUE;
    }
  if (previous_state != CRRC_CHART_VALUE_SHOWN)
    {
      self->kpi_previous = NAN;
      self->suppressed = TRUE;
    }
}

CrrcChartValueState
crrc_chart_model_get_kpi_state (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), CRRC_CHART_VALUE_SHOWN);
  return self->kpi_state;
}

CrrcChartValueState
crrc_chart_model_get_kpi_previous_state (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), CRRC_CHART_VALUE_SHOWN);
  return self->kpi_previous_state;
}

guint
crrc_chart_model_get_suppression_threshold (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), 5);
  return self->threshold;
}

void
crrc_chart_model_set_suppression_threshold (CrrcChartModel *self,
                                            guint           threshold)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));
  self->threshold = threshold;
}

gboolean
crrc_chart_model_has_suppressed (CrrcChartModel *self,
                                 int             category)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), FALSE);

  if (!self->suppressed)
    return FALSE;
  if (category < 0)
    return TRUE;

  for (guint s = 0; s < self->series->len; s++)
    if (crrc_chart_model_get_value_state (self, s, (guint) category) != CRRC_CHART_VALUE_SHOWN)
      return TRUE;
  return FALSE;
}

double
crrc_chart_model_get_value (CrrcChartModel *self,
                            guint           series,
                            guint           category)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NAN);

  if (series >= self->series->len || category >= self->categories->len)
    return NAN;

  return g_array_index (get_series (self, series)->values, double, category);
}

CrrcChartTone
crrc_chart_model_get_series_tone (CrrcChartModel *self,
                                  guint           series)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), CRRC_CHART_TONE_AUTO);

  if (series >= self->series->len)
    return CRRC_CHART_TONE_AUTO;
  return get_series (self, series)->tone;
}

void
crrc_chart_model_set_series_tone (CrrcChartModel *self,
                                  guint           series,
                                  CrrcChartTone   tone)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));
  g_return_if_fail (series < self->series->len);

  get_series (self, series)->tone = tone;
}

CrrcChartTone
crrc_chart_model_get_category_tone (CrrcChartModel *self,
                                    guint           category)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), CRRC_CHART_TONE_AUTO);

  if (category >= self->categories->len)
    return CRRC_CHART_TONE_AUTO;
  return g_array_index (self->categories, Category, category).tone;
}

void
crrc_chart_model_set_category_tone (CrrcChartModel *self,
                                    guint           category,
                                    CrrcChartTone   tone)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));
  g_return_if_fail (category < self->categories->len);

  g_array_index (self->categories, Category, category).tone = tone;
}

double
crrc_chart_model_get_category_total (CrrcChartModel *self,
                                     guint           category)
{
  double total = 0;

  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), 0);

  for (guint i = 0; i < self->series->len; i++)
    {
      double value;

      if (get_series (self, i)->role != CRRC_CHART_SERIES_DATA)
        continue;
      value = crrc_chart_model_get_value (self, i, category);
      if (isfinite (value))
        total += value;
    }

  return total;
}

void
crrc_chart_model_set_emphasis (CrrcChartModel     *self,
                               const char * const *keys)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));

  g_clear_pointer (&self->emphasis, g_hash_table_unref);
  if (keys == NULL || keys[0] == NULL)
    return;

  self->emphasis = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    g_hash_table_add (self->emphasis, g_strdup (keys[i]));
}

gboolean
crrc_chart_model_is_emphasised (CrrcChartModel *self,
                                const char     *key)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), FALSE);

  return self->emphasis != NULL && key != NULL &&
         g_hash_table_contains (self->emphasis, key);
}

gboolean
crrc_chart_model_has_emphasis (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), FALSE);
  return self->emphasis != NULL;
}

void
crrc_chart_model_set_kpi (CrrcChartModel       *self,
                          double                value,
                          double                previous,
                          CrrcChartRiseMeaning  meaning)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));

  self->kpi_value = value;
  self->kpi_previous = previous;
  self->kpi_meaning = meaning;
}

double
crrc_chart_model_get_kpi_value (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NAN);
  return self->kpi_value;
}

double
crrc_chart_model_get_kpi_previous (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NAN);
  return self->kpi_previous;
}

CrrcChartRiseMeaning
crrc_chart_model_get_kpi_meaning (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), CRRC_CHART_RISE_NEUTRAL);
  return self->kpi_meaning;
}

double
crrc_chart_model_get_kpi_change (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NAN);

  if (!isfinite (self->kpi_value) || !isfinite (self->kpi_previous) ||
      self->kpi_previous == 0)
    return NAN;

  return (self->kpi_value - self->kpi_previous) * 100.0 / fabs (self->kpi_previous);
}

const char *
crrc_chart_model_get_kpi_reference (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NULL);
  return self->kpi_reference;
}

void
crrc_chart_model_set_kpi_reference (CrrcChartModel *self,
                                    const char     *reference)
{
  g_return_if_fail (CRRC_IS_CHART_MODEL (self));
  g_set_str_local (&self->kpi_reference, reference);
}

char *
crrc_chart_model_format_value (CrrcChartModel *self,
                               double          value)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NULL);

  if (!isfinite (value))
    return g_strdup ("—");

  switch (self->unit)
    {
    case CRRC_CHART_UNIT_PERCENT:
      return crrc_format_percent (value, fabs (value - round (value)) < 0.05 ? 0 : 1);
    case CRRC_CHART_UNIT_SCORE:
    case CRRC_CHART_UNIT_DECIMAL:
      return crrc_format_decimal (value, 1);
    case CRRC_CHART_UNIT_COUNT:
    default:
      if (fabs (value - round (value)) < 1e-9)
        return crrc_format_count ((gint64) round (value));
      return crrc_format_decimal (value, 1);
    }
}

char *
crrc_chart_model_format_state (CrrcChartModel      *self,
                               CrrcChartValueState  state)
{
  g_autofree char *threshold = NULL;

  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NULL);

  switch (state)
    {
    case CRRC_CHART_VALUE_SMALL:
      threshold = crrc_format_count (self->threshold);
      /* Translators: a count too small to be shown (diffusion mode): "< 5";
       * French puts a narrow no-break space (U+202F) after the sign. */
      return g_strdup_printf (C_("suppressed value", "< %s"), threshold);
    case CRRC_CHART_VALUE_HIDDEN:
      /* Translators: a value left out so that a small count cannot be
       * worked out from the others (diffusion mode). */
      return g_strdup (C_("suppressed value", "hidden"));
    case CRRC_CHART_VALUE_SHOWN:
    default:
      return g_strdup ("—");
    }
}

char *
crrc_chart_model_format_item (CrrcChartModel *self,
                              guint           series,
                              guint           category)
{
  CrrcChartValueState state;

  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NULL);

  state = crrc_chart_model_get_value_state (self, series, category);
  if (state != CRRC_CHART_VALUE_SHOWN)
    return crrc_chart_model_format_state (self, state);
  return crrc_chart_model_format_value (self, crrc_chart_model_get_value (self, series, category));
}

char *
crrc_chart_model_format_kpi_value (CrrcChartModel *self)
{
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NULL);

  if (self->kpi_state != CRRC_CHART_VALUE_SHOWN)
    return crrc_chart_model_format_state (self, self->kpi_state);
  return crrc_chart_model_format_value (self, self->kpi_value);
}

/* Translators: separates a label from its value in descriptions read by
 * screen readers and tooltips; French writes " : ". */
#define LABEL_VALUE_SEPARATOR _(": ")
/* Translators: separates the items of a chart's description; French
 * writes " ; ". */
#define ITEM_SEPARATOR _("; ")

static void
append_series (CrrcChartModel *self,
               GString        *out,
               guint           series)
{
  gboolean first = TRUE;

  for (guint c = 0; c < self->categories->len; c++)
    {
      double value = crrc_chart_model_get_value (self, series, c);
      g_autofree char *text = NULL;

      if (!isfinite (value) && self->kind != CRRC_CHART_RADAR &&
          crrc_chart_model_get_value_state (self, series, c) == CRRC_CHART_VALUE_SHOWN)
        continue;

      text = crrc_chart_model_format_item (self, series, c);
      if (!first)
        g_string_append (out, ITEM_SEPARATOR);
      first = FALSE;

      if (self->kind == CRRC_CHART_MAP &&
          g_strcmp0 (crrc_chart_model_get_category_key (self, c),
                     crrc_chart_model_get_category_label (self, c)) != 0)
        /* Translators: a department in a chart description: "Côte-d'Or (21)". */
        g_string_append_printf (out, _("%s (%s)"),
                                crrc_chart_model_get_category_label (self, c),
                                crrc_chart_model_get_category_key (self, c));
      else
        g_string_append (out, crrc_chart_model_get_category_label (self, c));
      g_string_append (out, LABEL_VALUE_SEPARATOR);
      g_string_append (out, text);
    }

  if (first)
    g_string_append (out, _("no data"));
}

/**
 * crrc_chart_model_describe:
 * @self: a chart model
 *
 * Returns: (transfer full): the chart's data as one sentence for screen
 *   readers: its title, then each value
 */
char *
crrc_chart_model_describe (CrrcChartModel *self)
{
  GString *out;

  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NULL);

  out = g_string_new (self->title);

  if (self->kind == CRRC_CHART_KPI)
    {
      g_autofree char *value = crrc_chart_model_format_kpi_value (self);
      double change = crrc_chart_model_get_kpi_change (self);

      g_string_append (out, LABEL_VALUE_SEPARATOR);
      g_string_append (out, value);
      if (isfinite (change))
        {
          g_autofree char *change_text = crrc_format_change (change, 1);

          g_string_append (out, ITEM_SEPARATOR);
          if (self->kpi_reference != NULL)
            /* Translators: a KPI's change in a description: "−1,9 % vs 2022". */
            g_string_append_printf (out, _("%s %s"), change_text, self->kpi_reference);
          else
            g_string_append (out, change_text);
        }
      return g_string_free (out, FALSE);
    }

  if (self->subtitle != NULL && self->subtitle[0] != '\0')
    {
      /* Translators: the scope of a chart after its title in a description. */
      g_string_append_printf (out, _(" (%s)"), self->subtitle);
    }

  g_string_append (out, LABEL_VALUE_SEPARATOR);

  if (self->series->len == 0)
    {
      g_string_append (out, _("no data"));
      return g_string_free (out, FALSE);
    }

  if (self->series->len == 1 || self->kind == CRRC_CHART_DONUT ||
      self->kind == CRRC_CHART_MAP)
    {
      append_series (self, out, 0);
      return g_string_free (out, FALSE);
    }

  for (guint s = 0; s < self->series->len; s++)
    {
      if (s > 0)
        g_string_append (out, ". ");
      g_string_append (out, get_series (self, s)->name);
      g_string_append (out, " — ");
      append_series (self, out, s);
    }

  return g_string_free (out, FALSE);
}

/**
 * crrc_chart_model_describe_item:
 * @self: a chart model
 * @category: a category index, or -1
 * @series: a series index, or -1
 *
 * Returns: (transfer full): one item as a tooltip says it
 */
char *
crrc_chart_model_describe_item (CrrcChartModel *self,
                                int             category,
                                int             series)
{
  g_autofree char *value_text = NULL;
  GString *out;
  double value;

  g_return_val_if_fail (CRRC_IS_CHART_MODEL (self), NULL);

  if (self->kind == CRRC_CHART_KPI)
    return crrc_chart_model_describe (self);

  if (category < 0 || (guint) category >= self->categories->len)
    return NULL;

  out = g_string_new (NULL);
  if (self->kind == CRRC_CHART_MAP &&
      g_strcmp0 (crrc_chart_model_get_category_key (self, category),
                 crrc_chart_model_get_category_label (self, category)) != 0)
    g_string_append_printf (out, _("%s (%s)"),
                            crrc_chart_model_get_category_label (self, category),
                            crrc_chart_model_get_category_key (self, category));
  else
    g_string_append (out, crrc_chart_model_get_category_label (self, category));

  if (series < 0)
    series = 0;
  if ((guint) series < self->series->len && self->series->len > 1 &&
      self->kind != CRRC_CHART_DONUT && self->kind != CRRC_CHART_MAP)
    {
      g_string_append (out, " — ");
      g_string_append (out, get_series (self, series)->name);
    }

  value = crrc_chart_model_get_value (self, series, category);
  value_text = crrc_chart_model_format_item (self, series, category);
  g_string_append (out, LABEL_VALUE_SEPARATOR);
  g_string_append (out, value_text);

  /* Shares say more than counts in a stack or a donut; not when a value
   * is suppressed there (the share would be of the values shown, and it
   * would help work the suppressed one out). */
  if (isfinite (value) && self->unit == CRRC_CHART_UNIT_COUNT &&
      !crrc_chart_model_has_suppressed (self, self->kind == CRRC_CHART_DONUT ? -1 : category) &&
      (self->kind == CRRC_CHART_DONUT ||
       (self->kind == CRRC_CHART_BARS && self->stacking == CRRC_CHART_PERCENT)))
    {
      double total = 0;

      if (self->kind == CRRC_CHART_DONUT)
        {
          for (guint c = 0; c < self->categories->len; c++)
            {
              double v = crrc_chart_model_get_value (self, 0, c);

              if (isfinite (v) && v > 0)
                total += v;
            }
        }
      else
        total = crrc_chart_model_get_category_total (self, category);

      if (total > 0)
        {
          g_autofree char *share = crrc_format_percent (value * 100.0 / total, 0);

          g_string_append_printf (out, " (%s)", share);
        }
    }

  return g_string_free (out, FALSE);
}
