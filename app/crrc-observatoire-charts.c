/* crrc-observatoire-charts.c: the Observatoire's charts, built from the cache
 *
 * Each chart is one or two aggregate queries (crrc-query.h) turned into a
 * chart model: categories keep the cache's keys (years, department codes,
 * origins, types) for drill-down and carry labels for people. Every model
 * states its scope (the filter in words) and its source (CERT Santé, the
 * last sync, and whether the figures are the demonstration data).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-observatoire"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "crrc-demo.h"
#include "crrc-diffusion.h"
#include "crrc-feed-state.h"
#include "crrc-format.h"
#include "crrc-geo.h"
#include "crrc-observatoire-charts.h"

typedef struct
{
  const char    *key;
  const char    *label;
  CrrcChartTone  tone;  /* AUTO unless the colour carries meaning */
} KeyLabel;

/* The feed protocol's enumerations (data/FEEDS.md), in display order. */
/* Colours that carry meaning: malice and interruptions are bad news. */
static const KeyLabel origin_labels[] = {
  { "malicious", N_("Malicious"), CRRC_CHART_TONE_BAD },
  { "non_malicious", N_("Non-malicious"), CRRC_CHART_TONE_ACCENT },
  { "undetermined", N_("Undetermined"), CRRC_CHART_TONE_NEUTRAL },
};

static const KeyLabel type_labels[] = {
  { "ransomware", N_("Ransomware") },
  { "compromise", N_("Information system compromise") },
  { "malicious_email", N_("Malicious e-mail") },
  { "data_leak", N_("Data leak") },
  { "theft", N_("Equipment theft") },
  { "denial_of_service", N_("Denial of service") },
  { "defacement", N_("Website defacement") },
  { "infrastructure_failure", N_("Infrastructure failure") },
  { "provider_failure", N_("Service provider failure") },
  { "telecom_loss", N_("Loss of telecommunications") },
  { "human_error", N_("Human error") },
  { "other", N_("Other") },
};

static const KeyLabel impact_labels[] = {
  { "none", N_("No impact"), CRRC_CHART_TONE_GOOD },
  { "degraded", N_("Degraded functioning"), CRRC_CHART_TONE_WARNING },
  { "interrupted", N_("Interrupted functioning"), CRRC_CHART_TONE_BAD },
};

static const KeyLabel target_labels[] = {
  { "centre_hospitalier", N_("Hospital centres"), CRRC_CHART_TONE_AUTO },
  { "sanitaire_autre", N_("Other health establishments"), CRRC_CHART_TONE_AUTO },
  { "medico_social", N_("Medico-social establishments"), CRRC_CHART_TONE_AUTO },
  { "grades", N_("GRADeS"), CRRC_CHART_TONE_AUTO },
};

static const KeyLabel sector_labels[] = {
  { "sanitaire", N_("Health establishments") },
  { "medico_social", N_("Medico-social establishments") },
  { "grades", N_("GRADeS") },
  { "other", N_("Other structures") },
};

static const char * const month_labels[12] = {
  NC_("month", "Jan"), NC_("month", "Feb"), NC_("month", "Mar"), NC_("month", "Apr"),
  NC_("month", "May"), NC_("month", "Jun"), NC_("month", "Jul"), NC_("month", "Aug"),
  NC_("month", "Sep"), NC_("month", "Oct"), NC_("month", "Nov"), NC_("month", "Dec"),
};

typedef struct
{
  CrrcStore       *store;
  CrrcQueryFilter  filter;
  int              first_year;
  char            *scope;           /* the filter's year */
  char            *scope_years;     /* first_year–year */
  char            *scope_no_origin; /* audits and alerts ignore the origin */
  char            *source;
} Builder;

static void
builder_clear (Builder *builder)
{
  g_free (builder->scope);
  g_free (builder->scope_years);
  g_free (builder->scope_no_origin);
  g_free (builder->source);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Builder, builder_clear)

/* The label of @key in @labels, or @key itself (a value from a newer feed). */
static const char *
lookup_label (const KeyLabel *labels,
              guint           n_labels,
              const char     *key)
{
  if (key == NULL)
    return _("Unknown establishments");
  for (guint i = 0; i < n_labels; i++)
    if (g_str_equal (labels[i].key, key))
      return _(labels[i].label);
  return key;
}

static const KeyLabel *
vocabulary_labels (CrrcObservatoireVocabulary  vocabulary,
                   guint                      *n_labels)
{
  switch (vocabulary)
    {
    case CRRC_OBSERVATOIRE_ORIGINS:
      *n_labels = G_N_ELEMENTS (origin_labels);
      return origin_labels;
    case CRRC_OBSERVATOIRE_TYPES:
      *n_labels = G_N_ELEMENTS (type_labels);
      return type_labels;
    case CRRC_OBSERVATOIRE_IMPACTS:
      *n_labels = G_N_ELEMENTS (impact_labels);
      return impact_labels;
    case CRRC_OBSERVATOIRE_SECTORS:
      *n_labels = G_N_ELEMENTS (sector_labels);
      return sector_labels;
    case CRRC_OBSERVATOIRE_AUDIT_TARGETS:
      *n_labels = G_N_ELEMENTS (target_labels);
      return target_labels;
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
crrc_observatoire_get_label (CrrcObservatoireVocabulary  vocabulary,
                             const char                 *key)
{
  const KeyLabel *labels;
  guint n_labels = 0;

  g_return_val_if_fail (key != NULL, NULL);

  labels = vocabulary_labels (vocabulary, &n_labels);
  for (guint i = 0; i < n_labels; i++)
    if (g_str_equal (labels[i].key, key))
      return _(labels[i].label);
  return key;
}

const char *
crrc_observatoire_get_key (CrrcObservatoireVocabulary  vocabulary,
                           const char                 *text)
{
  const KeyLabel *labels;
  guint n_labels = 0;

  if (text == NULL)
    return NULL;

  labels = vocabulary_labels (vocabulary, &n_labels);
  for (guint i = 0; i < n_labels; i++)
    if (g_str_equal (labels[i].key, text) || g_str_equal (_(labels[i].label), text))
      return labels[i].key;
  return NULL;
}

static gint64
lookup_count (GArray     *counts,
              const char *key)
{
  for (guint i = 0; i < counts->len; i++)
    {
      const CrrcQueryCount *count = &g_array_index (counts, CrrcQueryCount, i);

      if (g_strcmp0 (count->key, key) == 0)
        return count->count;
    }
  return 0;
}

char *
crrc_observatoire_describe_scope (const CrrcQueryFilter *filter,
                                  int                    year)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const CrrcRegion *region;

  g_return_val_if_fail (filter != NULL, NULL);

  region = filter->region != NULL ? crrc_geo_lookup_region (filter->region) : NULL;
  if (region != NULL)
    g_ptr_array_add (parts, g_strdup (region->name));
  else if (filter->region != NULL)
    g_ptr_array_add (parts, g_strdup (filter->region));
  else if (filter->department == NULL)
    g_ptr_array_add (parts, g_strdup (_("All of France")));

  if (filter->department != NULL)
    {
      const CrrcDepartment *department = crrc_geo_lookup_department (filter->department);

      if (department != NULL)
        /* Translators: a department and its code: "Côte-d'Or (21)". */
        g_ptr_array_add (parts, g_strdup_printf (_("%s (%s)"), department->name, department->code));
      else
        g_ptr_array_add (parts, g_strdup (filter->department));
    }
  if (filter->sector != NULL)
    g_ptr_array_add (parts, g_strdup (lookup_label (sector_labels, G_N_ELEMENTS (sector_labels),
                                                    filter->sector)));
  if (filter->origin != NULL)
    g_ptr_array_add (parts, g_strdup (lookup_label (origin_labels, G_N_ELEMENTS (origin_labels),
                                                    filter->origin)));
  if (year > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%d", year));

  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" — ", (char **) parts->pdata);
}

/* A last sync in RFC 3339 as a long local date, or NULL. */
static char *
format_sync_date (const char *freshness)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) synced = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (freshness == NULL)
    return NULL;

  utc = g_time_zone_new_utc ();
  synced = g_date_time_new_from_iso8601 (freshness, utc);
  if (synced == NULL)
    return NULL;
  local = g_date_time_to_local (synced);

  return crrc_format_date (local);
}

char *
crrc_observatoire_describe_freshness (const char *freshness)
{
  g_autofree char *date = format_sync_date (freshness);

  if (date == NULL)
    return NULL;

  /* Translators: a long date, e.g. "May 21, 2024". */
  return g_strdup_printf (_("Data synchronised on %s"), date);
}

gboolean
crrc_observatoire_is_demo (CrrcStore  *store,
                           gboolean   *demo,
                           GError    **error)
{
  g_autofree char *url = NULL;
  g_autofree char *source = NULL;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (demo != NULL, FALSE);

  url = crrc_demo_get_url (crrc_store_get_path (store));
  if (url == NULL)
    {
      *demo = FALSE;
      return TRUE;
    }
  source = crrc_feed_source_for_url (url);

  return crrc_query_has_source (store, source, demo, error);
}

static char *
make_source (CrrcStore  *store,
             GError    **error)
{
  g_autofree char *freshness = NULL;
  g_autofree char *date = NULL;
  gboolean demo = FALSE;

  if (!crrc_query_data_freshness (store, &freshness, error))
    return NULL;
  if (!crrc_observatoire_is_demo (store, &demo, error))
    return NULL;

  date = format_sync_date (freshness);
  if (date != NULL && demo)
    /* Translators: the source line of a chart; a long date. */
    return g_strdup_printf (_("Source: CERT Santé (demonstration data) — synced on %s"), date);
  if (date != NULL)
    /* Translators: the source line of a chart; a long date. */
    return g_strdup_printf (_("Source: CERT Santé — synced on %s"), date);
  if (demo)
    return g_strdup (_("Source: CERT Santé (demonstration data)"));
  return g_strdup (_("Source: CERT Santé — never synchronised"));
}

static gboolean
builder_init (Builder                *builder,
              CrrcStore              *store,
              const CrrcQueryFilter  *filter,
              GError                **error)
{
  CrrcQueryFilter no_origin = *filter;
  g_autofree char *scope_no_year = crrc_observatoire_describe_scope (filter, 0);

  builder->store = store;
  builder->filter = *filter;
  builder->first_year = filter->year - CRRC_OBSERVATOIRE_N_YEARS + 1;
  builder->scope = crrc_observatoire_describe_scope (filter, filter->year);
  builder->scope_years = g_strdup_printf ("%s — %d–%d", scope_no_year, builder->first_year, filter->year);
  no_origin.origin = NULL;
  builder->scope_no_origin = crrc_observatoire_describe_scope (&no_origin, filter->year);
  builder->source = make_source (store, error);

  return builder->source != NULL;
}

static CrrcChartModel *
new_chart (Builder       *builder,
           CrrcChartKind  kind,
           const char    *id,
           const char    *title,
           const char    *subtitle)
{
  CrrcChartModel *model = crrc_chart_model_new (kind, title);

  crrc_chart_model_set_id (model, id);
  crrc_chart_model_set_subtitle (model, subtitle);
  crrc_chart_model_set_source (model, builder->source);

  return model;
}

static void
add_year_categories (Builder        *builder,
                     CrrcChartModel *model)
{
  for (int year = builder->first_year; year <= builder->filter.year; year++)
    {
      char key[16];

      g_snprintf (key, sizeof key, "%d", year);
      crrc_chart_model_add_category (model, key, key);
    }
}

static CrrcChartModel *
build_by_year (Builder  *builder,
               GError  **error)
{
  CrrcQueryFilter all_years = builder->filter;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(CrrcChartModel) model = NULL;
  guint series;

  all_years.year = 0;
  counts = crrc_query_count_incidents_filtered (builder->store, CRRC_QUERY_BY_YEAR, &all_years, error);
  if (counts == NULL)
    return NULL;

  model = new_chart (builder, CRRC_CHART_BARS, "incidents-par-annee",
                     _("Incidents by year"), builder->scope_years);
  add_year_categories (builder, model);
  series = crrc_chart_model_add_series (model, _("Incidents"), CRRC_CHART_SERIES_DATA);
  for (guint c = 0; c < crrc_chart_model_get_n_categories (model); c++)
    crrc_chart_model_set_value (model, series, c,
                                lookup_count (counts, crrc_chart_model_get_category_key (model, c)));

  return g_steal_pointer (&model);
}

/* The last month of @year with an incident anywhere in the cache, when
 * @year is the latest year of the cache (its later months have not come
 * yet); 12 otherwise. */
static gboolean
last_month_of (Builder  *builder,
               int       year,
               guint    *last_month,
               GError  **error)
{
  CrrcQueryFilter national = { .year = year };
  g_autoptr(GArray) months = NULL;
  int latest = 0;

  *last_month = 12;
  if (!crrc_query_latest_year (builder->store, &latest, error))
    return FALSE;
  if (year != latest)
    return TRUE;

  months = crrc_query_count_incidents_filtered (builder->store, CRRC_QUERY_BY_MONTH, &national, error);
  if (months == NULL)
    return FALSE;
  *last_month = 0;
  for (guint i = 0; i < months->len; i++)
    {
      const CrrcQueryCount *count = &g_array_index (months, CrrcQueryCount, i);
      guint64 month = count->key != NULL ? g_ascii_strtoull (count->key, NULL, 10) : 0;

      if (month >= 1 && month <= 12 && count->count > 0)
        *last_month = MAX (*last_month, (guint) month);
    }
  return TRUE;
}

static CrrcChartModel *
build_by_month (Builder  *builder,
                GError  **error)
{
  CrrcQueryFilter previous_filter = builder->filter;
  g_autoptr(GArray) current = NULL;
  g_autoptr(GArray) previous = NULL;
  g_autoptr(CrrcChartModel) model = NULL;
  g_autofree char *current_name = NULL;
  g_autofree char *previous_name = NULL;
  guint current_series, previous_series;
  guint last_month;

  previous_filter.year = builder->filter.year - 1;
  current = crrc_query_count_incidents_filtered (builder->store, CRRC_QUERY_BY_MONTH, &builder->filter, error);
  if (current == NULL)
    return NULL;
  previous = crrc_query_count_incidents_filtered (builder->store, CRRC_QUERY_BY_MONTH, &previous_filter, error);
  if (previous == NULL)
    return NULL;
  if (!last_month_of (builder, builder->filter.year, &last_month, error))
    return NULL;

  model = new_chart (builder, CRRC_CHART_LINE, "incidents-par-mois",
                     _("Incidents by month"), builder->scope);
  crrc_chart_model_set_area (model, TRUE);
  for (guint m = 0; m < 12; m++)
    {
      char key[4];

      g_snprintf (key, sizeof key, "%02u", m + 1);
      crrc_chart_model_add_category (model, key, g_dpgettext2 (GETTEXT_PACKAGE, "month", month_labels[m]));
    }

  current_name = g_strdup_printf ("%d", builder->filter.year);
  previous_name = g_strdup_printf ("%d", builder->filter.year - 1);
  current_series = crrc_chart_model_add_series (model, current_name, CRRC_CHART_SERIES_DATA);
  previous_series = crrc_chart_model_add_series (model, previous_name, CRRC_CHART_SERIES_REFERENCE);
  for (guint m = 0; m < 12; m++)
    {
      const char *key = crrc_chart_model_get_category_key (model, m);

      crrc_chart_model_set_value (model, current_series, m,
                                  m < last_month ? (double) lookup_count (current, key) : NAN);
      crrc_chart_model_set_value (model, previous_series, m, lookup_count (previous, key));
    }

  return g_steal_pointer (&model);
}

static CrrcChartModel *
build_origin (Builder  *builder,
              GError  **error)
{
  g_autoptr(GArray) counts = NULL;
  g_autoptr(CrrcChartModel) model = NULL;
  guint series;

  counts = crrc_query_count_incidents_filtered (builder->store, CRRC_QUERY_BY_ORIGIN, &builder->filter, error);
  if (counts == NULL)
    return NULL;

  model = new_chart (builder, CRRC_CHART_DONUT, "origine", _("Origin of incidents"), builder->scope);
  series = crrc_chart_model_add_series (model, _("Incidents"), CRRC_CHART_SERIES_DATA);
  for (guint i = 0; i < G_N_ELEMENTS (origin_labels); i++)
    {
      guint c = crrc_chart_model_add_category (model, origin_labels[i].key, _(origin_labels[i].label));

      crrc_chart_model_set_category_tone (model, c, origin_labels[i].tone);
      crrc_chart_model_set_value (model, series, c, lookup_count (counts, origin_labels[i].key));
    }

  return g_steal_pointer (&model);
}

static int
compare_counts_desc (gconstpointer a,
                     gconstpointer b)
{
  const CrrcQueryCount *ca = a;
  const CrrcQueryCount *cb = b;

  if (ca->count != cb->count)
    return ca->count > cb->count ? -1 : 1;
  return g_strcmp0 (ca->key, cb->key);
}

static CrrcChartModel *
build_types (Builder  *builder,
             GError  **error)
{
  g_autoptr(GArray) counts = NULL;
  g_autoptr(CrrcChartModel) model = NULL;
  guint series;

  counts = crrc_query_count_incidents_filtered (builder->store, CRRC_QUERY_BY_TYPE, &builder->filter, error);
  if (counts == NULL)
    return NULL;
  g_array_sort (counts, compare_counts_desc);

  model = new_chart (builder, CRRC_CHART_BARS, "types-d-incidents", _("Incident types"), builder->scope);
  crrc_chart_model_set_orientation (model, CRRC_CHART_HORIZONTAL);
  series = crrc_chart_model_add_series (model, _("Incidents"), CRRC_CHART_SERIES_DATA);
  for (guint i = 0; i < counts->len; i++)
    {
      const CrrcQueryCount *count = &g_array_index (counts, CrrcQueryCount, i);
      guint c;

      if (count->key == NULL || count->count <= 0)
        continue;
      c = crrc_chart_model_add_category (model, count->key,
                                         lookup_label (type_labels, G_N_ELEMENTS (type_labels), count->key));
      crrc_chart_model_set_value (model, series, c, count->count);
    }

  return g_steal_pointer (&model);
}

static CrrcChartModel *
build_functioning_impact (Builder  *builder,
                          GError  **error)
{
  CrrcQueryFilter all_years = builder->filter;
  g_autoptr(GArray) cells = NULL;
  g_autoptr(CrrcChartModel) model = NULL;

  all_years.year = 0;
  cells = crrc_query_count_incidents_2d (builder->store, CRRC_QUERY_BY_YEAR,
                                         CRRC_QUERY_BY_FUNCTIONING_IMPACT, &all_years, error);
  if (cells == NULL)
    return NULL;

  model = new_chart (builder, CRRC_CHART_BARS, "impact-sur-le-fonctionnement",
                     _("Impact on functioning"), builder->scope_years);
  crrc_chart_model_set_stacking (model, CRRC_CHART_PERCENT);
  add_year_categories (builder, model);
  for (guint i = 0; i < G_N_ELEMENTS (impact_labels); i++)
    {
      guint series = crrc_chart_model_add_series (model, _(impact_labels[i].label), CRRC_CHART_SERIES_DATA);

      crrc_chart_model_set_series_tone (model, series, impact_labels[i].tone);

      for (guint c = 0; c < crrc_chart_model_get_n_categories (model); c++)
        crrc_chart_model_set_value (model, series, c, 0);
    }
  for (guint i = 0; i < cells->len; i++)
    {
      const CrrcQueryCount2 *cell = &g_array_index (cells, CrrcQueryCount2, i);
      int c = cell->row != NULL ? crrc_chart_model_find_category (model, cell->row) : -1;

      if (c < 0 || cell->column == NULL)
        continue;
      for (guint s = 0; s < G_N_ELEMENTS (impact_labels); s++)
        if (g_str_equal (impact_labels[s].key, cell->column))
          crrc_chart_model_set_value (model, s, c, cell->count);
    }

  return g_steal_pointer (&model);
}

static CrrcChartModel *
build_declarants (Builder  *builder,
                  GError  **error)
{
  g_autoptr(GArray) counts = NULL;
  g_autoptr(CrrcChartModel) model = NULL;
  guint series;
  gint64 unknown;

  counts = crrc_query_declarants_by_sector (builder->store, &builder->filter, error);
  if (counts == NULL)
    return NULL;

  model = new_chart (builder, CRRC_CHART_DONUT, "declarants-par-secteur",
                     _("Declaring structures by sector"), builder->scope);
  series = crrc_chart_model_add_series (model, _("Structures"), CRRC_CHART_SERIES_DATA);
  for (guint i = 0; i < G_N_ELEMENTS (sector_labels); i++)
    {
      guint c = crrc_chart_model_add_category (model, sector_labels[i].key, _(sector_labels[i].label));

      crrc_chart_model_set_value (model, series, c, lookup_count (counts, sector_labels[i].key));
    }
  /* Incidents of establishments the registry does not know. */
  unknown = lookup_count (counts, NULL);
  if (unknown > 0)
    {
      guint c = crrc_chart_model_add_category (model, "unknown", _("Unknown establishments"));

      crrc_chart_model_set_value (model, series, c, unknown);
    }

  return g_steal_pointer (&model);
}

static CrrcChartModel *
build_map (Builder  *builder,
           GError  **error)
{
  CrrcQueryFilter without_department = builder->filter;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(CrrcChartModel) model = NULL;
  g_autoptr(GPtrArray) emphasis = g_ptr_array_new ();
  const CrrcDepartment *departments;
  guint n_departments, series;

  /* The whole region stays on the map when a department is chosen. */
  without_department.department = NULL;
  counts = crrc_query_count_incidents_filtered (builder->store, CRRC_QUERY_BY_DEPARTMENT,
                                                &without_department, error);
  if (counts == NULL)
    return NULL;

  model = new_chart (builder, CRRC_CHART_MAP, "carte-des-departements",
                     _("Incidents by department"), builder->scope);
  series = crrc_chart_model_add_series (model, _("Incidents"), CRRC_CHART_SERIES_DATA);
  departments = crrc_geo_get_departments (&n_departments);
  for (guint i = 0; i < n_departments; i++)
    {
      const CrrcDepartment *department = &departments[i];
      gboolean in_scope = builder->filter.region == NULL
                          || g_strcmp0 (department->region_code, builder->filter.region) == 0;
      guint c = crrc_chart_model_add_category (model, department->code, department->name);

      /* Departments outside the chosen region have no value in its scope. */
      crrc_chart_model_set_value (model, series, c,
                                  in_scope ? (double) lookup_count (counts, department->code) : NAN);

      if (builder->filter.department != NULL)
        {
          if (g_str_equal (department->code, builder->filter.department))
            g_ptr_array_add (emphasis, (gpointer) department->code);
        }
      else if (builder->filter.region != NULL && in_scope)
        {
          g_ptr_array_add (emphasis, (gpointer) department->code);
        }
    }
  if (emphasis->len > 0)
    {
      g_ptr_array_add (emphasis, NULL);
      crrc_chart_model_set_emphasis (model, (const char * const *) emphasis->pdata);
    }

  return g_steal_pointer (&model);
}

static CrrcChartModel *
build_audits (Builder  *builder,
              GError  **error)
{
  CrrcQueryAudits audits = { 0 };
  g_autoptr(CrrcChartModel) model = NULL;
  guint series;

  if (!crrc_query_audits_by_target (builder->store, &builder->filter, &audits, error))
    return NULL;

  {
    /* In the order of target_labels. */
    const gint64 values[] = {
      audits.centre_hospitalier, audits.sanitaire_autre, audits.medico_social, audits.grades,
    };

    G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (target_labels));

    model = new_chart (builder, CRRC_CHART_BARS, "audits-par-cible",
                       _("Cybersurveillance audits by target"), builder->scope_no_origin);
    series = crrc_chart_model_add_series (model, _("Audits"), CRRC_CHART_SERIES_DATA);
    for (guint i = 0; i < G_N_ELEMENTS (target_labels); i++)
      {
        guint c = crrc_chart_model_add_category (model, target_labels[i].key, _(target_labels[i].label));

        crrc_chart_model_set_value (model, series, c, values[i]);
      }
  }

  return g_steal_pointer (&model);
}

static CrrcChartModel *
build_funnel (Builder  *builder,
              GError  **error)
{
  CrrcQueryFunnel funnel = { 0 };
  g_autoptr(CrrcChartModel) model = NULL;
  guint series;

  if (!crrc_query_prevention_funnel (builder->store, &builder->filter, &funnel, error))
    return NULL;

  model = new_chart (builder, CRRC_CHART_BARS, "entonnoir-de-prevention",
                     _("Prevention: alerted, audited, supported"), builder->scope_no_origin);
  crrc_chart_model_set_orientation (model, CRRC_CHART_HORIZONTAL);
  series = crrc_chart_model_add_series (model, _("Structures"), CRRC_CHART_SERIES_DATA);
  crrc_chart_model_add_category (model, "alerted", _("Structures alerted"));
  crrc_chart_model_add_category (model, "audited", _("Structures audited"));
  crrc_chart_model_add_category (model, "supported", _("Supported by CERT Santé"));
  crrc_chart_model_set_value (model, series, 0, funnel.alerted);
  crrc_chart_model_set_value (model, series, 1, funnel.audited);
  crrc_chart_model_set_value (model, series, 2, funnel.supported);

  return g_steal_pointer (&model);
}

typedef CrrcChartModel *(*BuildFunc) (Builder  *builder,
                                      GError  **error);

/* In the Observatoire's order. */
static const BuildFunc chart_builders[] = {
  build_by_year,
  build_by_month,
  build_origin,
  build_types,
  build_functioning_impact,
  build_declarants,
  build_map,
  build_audits,
  build_funnel,
};

static gboolean
check_filter (const CrrcQueryFilter *filter)
{
  return filter != NULL && filter->year > CRRC_OBSERVATOIRE_N_YEARS;
}

/**
 * crrc_observatoire_charts_build:
 * @store: the cache
 * @filter: the scope; its year must be set
 * @error: return location for a SQLite error
 *
 * Returns: (transfer full) (element-type CrrcChartModel): the charts, or
 *   %NULL on error
 */
GPtrArray *
crrc_observatoire_charts_build (CrrcStore             *store,
                                const CrrcQueryFilter *filter,
                                GError               **error)
{
  return crrc_observatoire_charts_build_full (store, filter, FALSE, error);
}

/**
 * crrc_observatoire_charts_build_full:
 * @store: the cache
 * @filter: the scope; its year must be set
 * @diffusion: whether to apply the diffusion mode
 * @error: return location for a SQLite error
 *
 * Returns: (transfer full) (element-type CrrcChartModel): the charts, or
 *   %NULL on error
 */
GPtrArray *
crrc_observatoire_charts_build_full (CrrcStore             *store,
                                     const CrrcQueryFilter *filter,
                                     gboolean               diffusion,
                                     GError               **error)
{
  g_auto(Builder) builder = { 0 };
  g_autoptr(GPtrArray) charts = NULL;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (check_filter (filter), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!builder_init (&builder, store, filter, error))
    return NULL;

  charts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (chart_builders); i++)
    {
      CrrcChartModel *model = chart_builders[i] (&builder, error);

      if (model == NULL)
        return NULL;
      if (diffusion)
        {
          /* Every chart of the page is of counts. */
          crrc_diffusion_suppress_counts (model);
          crrc_diffusion_mark (model);
        }
      g_ptr_array_add (charts, model);
    }

  return g_steal_pointer (&charts);
}

/**
 * crrc_observatoire_map_per_establishment:
 * @store: the cache
 * @counts: the department map of crrc_observatoire_charts_build() for @filter
 * @filter: the scope
 * @error: return location for a SQLite error
 *
 * Returns: (transfer full) (nullable): the same map as incidents per 100
 *   open establishments of each department, or %NULL on error
 */
CrrcChartModel *
crrc_observatoire_map_per_establishment (CrrcStore             *store,
                                         CrrcChartModel        *counts,
                                         const CrrcQueryFilter *filter,
                                         GError               **error)
{
  CrrcQueryFilter whole_region;
  g_autoptr(GArray) establishments = NULL;
  g_autoptr(GHashTable) by_department = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) emphasis = g_ptr_array_new ();
  g_autoptr(CrrcChartModel) model = NULL;
  guint n_categories;
  guint series;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (CRRC_IS_CHART_MODEL (counts), NULL);
  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The whole region stays on the map when a department is chosen. */
  whole_region = *filter;
  whole_region.department = NULL;
  n_categories = crrc_chart_model_get_n_categories (counts);

  establishments = crrc_query_establishments_by_department (store, &whole_region, error);
  if (establishments == NULL)
    return NULL;
  for (guint i = 0; i < establishments->len; i++)
    {
      CrrcQueryCount *count = &g_array_index (establishments, CrrcQueryCount, i);

      if (count->key != NULL)
        g_hash_table_insert (by_department, count->key, count);
    }

  model = crrc_chart_model_new (CRRC_CHART_MAP, _("Incidents per 100 establishments"));
  crrc_chart_model_set_id (model, crrc_chart_model_get_id (counts));
  crrc_chart_model_set_subtitle (model, crrc_chart_model_get_subtitle (counts));
  crrc_chart_model_set_source (model, crrc_chart_model_get_source (counts));
  crrc_chart_model_set_unit (model, CRRC_CHART_UNIT_DECIMAL);
  series = crrc_chart_model_add_series (model, _("Incidents per 100 establishments"),
                                        CRRC_CHART_SERIES_DATA);

  for (guint c = 0; c < n_categories; c++)
    {
      const char *key = crrc_chart_model_get_category_key (counts, c);
      double incidents = crrc_chart_model_get_value (counts, 0, c);
      CrrcQueryCount *open = g_hash_table_lookup (by_department, key);
      double rate = NAN;

      crrc_chart_model_add_category (model, key, crrc_chart_model_get_category_label (counts, c));
      if (!isnan (incidents) && open != NULL && open->count > 0)
        rate = 100.0 * incidents / (double) open->count;
      crrc_chart_model_set_value (model, series, c, rate);
      /* A rate from a suppressed count is hidden (not "< 5": it is no count). */
      if (crrc_chart_model_get_value_state (counts, 0, c) != CRRC_CHART_VALUE_SHOWN)
        crrc_chart_model_suppress_value (model, series, c, CRRC_CHART_VALUE_HIDDEN);

      if (crrc_chart_model_is_emphasised (counts, key))
        g_ptr_array_add (emphasis, (gpointer) key);
    }

  if (emphasis->len > 0)
    {
      g_ptr_array_add (emphasis, NULL);
      crrc_chart_model_set_emphasis (model, (const char * const *) emphasis->pdata);
    }
  crrc_chart_model_set_suppression_threshold (model, crrc_chart_model_get_suppression_threshold (counts));

  return g_steal_pointer (&model);
}

/* One figure over the years, and how to read it. */
typedef struct
{
  const char           *id;
  const char           *title;
  CrrcChartUnit         unit;
  CrrcChartRiseMeaning  meaning;
  gboolean              ignores_origin;  /* audits and alerts */
  double                values[CRRC_OBSERVATOIRE_N_YEARS + 1];  /* the year before first */
  gboolean              small[CRRC_OBSERVATOIRE_N_YEARS + 1];   /* suppressed in diffusion */
} Kpi;

/* A count, or a share of @part in @whole, for diffusion mode. */
static gboolean
kpi_is_small (const Kpi *kpi,
              gint64     part,
              gint64     whole)
{
  if (kpi->unit == CRRC_CHART_UNIT_PERCENT)
    return whole > 0 && crrc_diffusion_share_is_suppressed (part, whole);
  return crrc_diffusion_count_is_suppressed (part);
}

static double
percent_or_nan (gint64 part,
                gint64 whole)
{
  gint64 percent = crrc_query_percent (part, whole);

  return percent < 0 ? NAN : (double) percent;
}

/**
 * crrc_observatoire_kpis_build:
 * @store: the cache
 * @filter: the scope; its year must be set
 * @error: return location for a SQLite error
 *
 * Returns: (transfer full) (element-type CrrcChartModel): the KPI models,
 *   or %NULL on error
 */
GPtrArray *
crrc_observatoire_kpis_build (CrrcStore             *store,
                              const CrrcQueryFilter *filter,
                              GError               **error)
{
  return crrc_observatoire_kpis_build_full (store, filter, FALSE, error);
}

/**
 * crrc_observatoire_kpis_build_full:
 * @store: the cache
 * @filter: the scope; its year must be set
 * @diffusion: whether to apply the diffusion mode
 * @error: return location for a SQLite error
 *
 * Returns: (transfer full) (element-type CrrcChartModel): the KPI models,
 *   or %NULL on error
 */
GPtrArray *
crrc_observatoire_kpis_build_full (CrrcStore             *store,
                                   const CrrcQueryFilter *filter,
                                   gboolean               diffusion,
                                   GError               **error)
{
  g_auto(Builder) builder = { 0 };
  g_autoptr(GPtrArray) kpis = NULL;
  g_autofree char *reference = NULL;
  Kpi figures[] = {
    { "kpi-incidents", _("Incidents declared"), CRRC_CHART_UNIT_COUNT, CRRC_CHART_RISE_BAD, FALSE, { 0 }, { 0 } },
    { "kpi-malicious", _("Malicious origin"), CRRC_CHART_UNIT_PERCENT, CRRC_CHART_RISE_BAD, FALSE, { 0 }, { 0 } },
    { "kpi-patient-care", _("Patient care affected"), CRRC_CHART_UNIT_PERCENT, CRRC_CHART_RISE_BAD,
      FALSE, { 0 }, { 0 } },
    { "kpi-no-functioning-impact", _("No impact on functioning"), CRRC_CHART_UNIT_PERCENT,
      CRRC_CHART_RISE_GOOD, FALSE, { 0 }, { 0 } },
    { "kpi-support-requests", _("Support requests"), CRRC_CHART_UNIT_COUNT, CRRC_CHART_RISE_NEUTRAL,
      FALSE, { 0 }, { 0 } },
    { "kpi-cert-supported", _("Establishments supported by CERT Santé"), CRRC_CHART_UNIT_COUNT,
      CRRC_CHART_RISE_NEUTRAL, FALSE, { 0 }, { 0 } },
    { "kpi-audits", _("Cybersurveillance audits"), CRRC_CHART_UNIT_COUNT, CRRC_CHART_RISE_GOOD, TRUE, { 0 }, { 0 } },
    { "kpi-alerted", _("Structures alerted"), CRRC_CHART_UNIT_COUNT, CRRC_CHART_RISE_NEUTRAL, TRUE, { 0 }, { 0 } },
  };

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (check_filter (filter), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!builder_init (&builder, store, filter, error))
    return NULL;

  /* Index 0 is the year before the first of the sparkline, for its
   * change; the last index is the filter's year. */
  for (guint i = 0; i <= CRRC_OBSERVATOIRE_N_YEARS; i++)
    {
      CrrcQueryFilter year_filter = *filter;
      CrrcQueryIncidentTotals totals = { 0 };
      CrrcQueryAudits audits = { 0 };
      CrrcQueryFunnel funnel = { 0 };

      year_filter.year = builder.first_year - 1 + (int) i;
      if (!crrc_query_incident_totals (store, &year_filter, &totals, error)
          || !crrc_query_audits_by_target (store, &year_filter, &audits, error)
          || !crrc_query_prevention_funnel (store, &year_filter, &funnel, error))
        return NULL;

      figures[0].values[i] = totals.incidents;
      figures[1].values[i] = percent_or_nan (totals.malicious, totals.incidents);
      figures[2].values[i] = percent_or_nan (totals.patient_care_impact, totals.incidents);
      figures[3].values[i] = percent_or_nan (totals.no_functioning_impact, totals.incidents);
      figures[4].values[i] = totals.support_requests;
      figures[5].values[i] = totals.cert_supported_establishments;
      figures[6].values[i] = audits.audits;
      figures[7].values[i] = funnel.alerted;

      figures[0].small[i] = kpi_is_small (&figures[0], totals.incidents, 0);
      figures[1].small[i] = kpi_is_small (&figures[1], totals.malicious, totals.incidents);
      figures[2].small[i] = kpi_is_small (&figures[2], totals.patient_care_impact, totals.incidents);
      figures[3].small[i] = kpi_is_small (&figures[3], totals.no_functioning_impact, totals.incidents);
      figures[4].small[i] = kpi_is_small (&figures[4], totals.support_requests, 0);
      figures[5].small[i] = kpi_is_small (&figures[5], totals.cert_supported_establishments, 0);
      figures[6].small[i] = kpi_is_small (&figures[6], audits.audits, 0);
      figures[7].small[i] = kpi_is_small (&figures[7], funnel.alerted, 0);
    }

  /* Translators: what a KPI's change is measured against: "vs 2022". */
  reference = g_strdup_printf (_("vs %d"), filter->year - 1);
  kpis = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint k = 0; k < G_N_ELEMENTS (figures); k++)
    {
      const Kpi *kpi = &figures[k];
      CrrcChartModel *model = new_chart (&builder, CRRC_CHART_KPI, kpi->id, kpi->title,
                                         kpi->ignores_origin ? builder.scope_no_origin : builder.scope);
      guint series;

      crrc_chart_model_set_unit (model, kpi->unit);
      add_year_categories (&builder, model);
      series = crrc_chart_model_add_series (model, kpi->title, CRRC_CHART_SERIES_DATA);
      for (guint c = 0; c < CRRC_OBSERVATOIRE_N_YEARS; c++)
        crrc_chart_model_set_value (model, series, c, kpi->values[c + 1]);
      crrc_chart_model_set_kpi (model, kpi->values[CRRC_OBSERVATOIRE_N_YEARS],
                                kpi->values[CRRC_OBSERVATOIRE_N_YEARS - 1], kpi->meaning);
      crrc_chart_model_set_kpi_reference (model, reference);
      if (diffusion)
        {
          /* A small count reads "< 5"; a share of one is hidden. */
          CrrcChartValueState suppressed = kpi->unit == CRRC_CHART_UNIT_PERCENT
                                           ? CRRC_CHART_VALUE_HIDDEN : CRRC_CHART_VALUE_SMALL;

          for (guint c = 0; c < CRRC_OBSERVATOIRE_N_YEARS; c++)
            if (kpi->small[c + 1])
              crrc_chart_model_suppress_value (model, series, c, suppressed);
          crrc_chart_model_suppress_kpi (model,
                                         kpi->small[CRRC_OBSERVATOIRE_N_YEARS]
                                         ? suppressed : CRRC_CHART_VALUE_SHOWN,
                                         kpi->small[CRRC_OBSERVATOIRE_N_YEARS - 1]
                                         ? suppressed : CRRC_CHART_VALUE_SHOWN);
          crrc_diffusion_mark (model);
        }
      g_ptr_array_add (kpis, model);
    }

  return g_steal_pointer (&kpis);
}
