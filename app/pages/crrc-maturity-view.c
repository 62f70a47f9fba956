/* crrc-maturity-view.c: the region's maturity at a glance
 *
 * A scope (region, sector; kept in GSettings), four key figures and four
 * charts: the median score by department on the tile map, the bands by
 * category, the weakest domains, the establishments never diagnosed. The
 * overview is read in a GTask on a read-only connection, one at a time (a
 * request during a load runs once it ends), first when the view is mapped
 * and again when the data or the scope change. Activating an item of a
 * chart lists the establishments behind it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-maturity-view"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "crrc-chart-card.h"
#include "crrc-diffusion.h"
#include "crrc-drilldown-dialog.h"
#include "crrc-format.h"
#include "crrc-geo.h"
#include "crrc-maturity-overview.h"
#include "crrc-maturity-view.h"
#include "crrc-toast.h"

#define CHART_MAP "maturite-par-departement"
#define CHART_BANDS "niveaux-par-categorie"
#define CHART_DOMAINS "domaines-les-plus-faibles"
#define CHART_NEVER "jamais-diagnostiques"

static const char * const sector_keys[] = { NULL, "sanitaire", "medico_social" };

struct _CrrcMaturityView
{
  AdwBin                parent_instance;

  CrrcApplication      *application;   /* weak */
  CrrcStore            *store;
  CrrcStore            *reader;        /* NULL while a task has it */
  GSettings            *settings;
  GCancellable         *cancellable;
  gboolean              loading;
  gboolean              reload_pending;
  gboolean              stale;          /* to load when next mapped */
  gboolean              disposed;
  gboolean              syncing_widgets;

  char                 *region;        /* the scope shown: NULL for France */
  char                 *sector;
  CrrcMaturityOverview *overview;
  GHashTable           *cards;         /* chart id → CrrcChartCard */
  GPtrArray            *region_codes;  /* of the region dropdown, [0] NULL */

  GtkDropDown          *region_dropdown;
  GtkDropDown          *sector_dropdown;
  GtkSpinner           *spinner;
  GtkSpinner           *reload_spinner;
  GtkStack             *stack;
  GtkFlowBox           *kpi_box;
  GtkFlowBox           *charts_box;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *error_page;
  GtkLabel             *kpi_values[4];
  GtkLabel             *kpi_captions[4];
};

G_DEFINE_FINAL_TYPE (CrrcMaturityView, crrc_maturity_view, ADW_TYPE_BIN)

static void start_load (CrrcMaturityView *self);

/* A chart card's slot in the flow box: the card's minimum width, but a
 * natural width of CHART_NATURAL_WIDTH, which is what GtkFlowBox flows by
 * (two charts a line on a wide window, one on a narrow one). */
#define CHART_NATURAL_WIDTH 440
#define CHART_HEIGHT 340

#define CRRC_TYPE_MATURITY_SLOT (crrc_maturity_slot_get_type ())
G_DECLARE_FINAL_TYPE (CrrcMaturitySlot, crrc_maturity_slot, CRRC, MATURITY_SLOT, GtkWidget)

struct _CrrcMaturitySlot
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (CrrcMaturitySlot, crrc_maturity_slot, GTK_TYPE_WIDGET)

static void
crrc_maturity_slot_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  if (child == NULL)
    return;
  gtk_widget_measure (child, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, CHART_NATURAL_WIDTH);
}

static void
crrc_maturity_slot_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
crrc_maturity_slot_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (crrc_maturity_slot_parent_class)->dispose (object);
}

static void
crrc_maturity_slot_class_init (CrrcMaturitySlotClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = crrc_maturity_slot_dispose;
  GTK_WIDGET_CLASS (klass)->measure = crrc_maturity_slot_measure;
  GTK_WIDGET_CLASS (klass)->size_allocate = crrc_maturity_slot_size_allocate;
}

static void
crrc_maturity_slot_init (CrrcMaturitySlot *self)
{
}

/* The scope, from the settings: "maturity-region" ("FR" for France, empty
 * for the centre's "region"), "maturity-sector". */
static char *
settings_region (CrrcMaturityView *self)
{
  g_autofree char *region = g_settings_get_string (self->settings, "maturity-region");

  if (region[0] == '\0')
    {
      g_free (region);
      region = g_settings_get_string (self->settings, "region");
    }
  if (region[0] == '\0' || g_str_equal (region, "FR") || crrc_geo_lookup_region (region) == NULL)
    return NULL;
  return g_steal_pointer (&region);
}

static char *
settings_sector (CrrcMaturityView *self)
{
  g_autofree char *sector = g_settings_get_string (self->settings, "maturity-sector");

  for (guint i = 1; i < G_N_ELEMENTS (sector_keys); i++)
    if (g_str_equal (sector, sector_keys[i]))
      return g_steal_pointer (&sector);
  return NULL;
}

static const char *
region_name (const char *region)
{
  const CrrcRegion *entry = region != NULL ? crrc_geo_lookup_region (region) : NULL;

  return entry != NULL ? entry->name : _("All of France");
}

static const char *
sector_name (const char *sector)
{
  if (g_strcmp0 (sector, "sanitaire") == 0)
    return _("Health care");
  if (g_strcmp0 (sector, "medico_social") == 0)
    return _("Medico-social");
  return _("All sectors");
}

/* "Bourgogne-Franche-Comté — Medico-social". */
static char *
describe_scope (const char *region,
                const char *sector)
{
  return g_strdup_printf ("%s — %s", region_name (region), sector_name (sector));
}

static GtkWindow *
get_parent_window (CrrcMaturityView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}


/* The charts */

static CrrcChartModel *
new_chart (CrrcChartKind  kind,
           const char    *id,
           const char    *title,
           const char    *subtitle)
{
  CrrcChartModel *model = crrc_chart_model_new (kind, title);

  crrc_chart_model_set_id (model, id);
  crrc_chart_model_set_subtitle (model, subtitle);
  return model;
}

static CrrcChartModel *
build_map (CrrcMaturityOverview *overview,
           const char           *scope)
{
  g_autoptr(GPtrArray) emphasis = g_ptr_array_new ();
  const CrrcDepartment *departments;
  CrrcChartModel *model;
  guint n_departments, series, hidden = 0;
  g_autofree char *source = NULL;

  model = new_chart (CRRC_CHART_MAP, CHART_MAP, _("Median maturity score by department"), scope);
  crrc_chart_model_set_unit (model, CRRC_CHART_UNIT_COUNT);
  crrc_chart_model_set_value_max (model, 100);
  series = crrc_chart_model_add_series (model, _("Median score"), CRRC_CHART_SERIES_DATA);
  /* A higher score is better: the scale runs to the accent colour, not to
   * the map's "more incidents" red. */
  crrc_chart_model_set_series_tone (model, series, CRRC_CHART_TONE_ACCENT);

  departments = crrc_geo_get_departments (&n_departments);
  for (guint i = 0; i < n_departments; i++)
    {
      const CrrcDepartment *department = &departments[i];
      const CrrcMaturityOverviewDepartment *entry =
        crrc_maturity_overview_lookup_department (overview, department->code);
      guint c = crrc_chart_model_add_category (model, department->code, department->name);

      crrc_chart_model_set_value (model, series, c,
                                  entry != NULL && entry->median >= 0 ? (double) entry->median : NAN);
      if (entry != NULL && entry->n_diagnosed > 0 && entry->median < 0)
        hidden++;
      if (overview->region != NULL && g_strcmp0 (department->region_code, overview->region) == 0)
        g_ptr_array_add (emphasis, (gpointer) department->code);
    }
  if (emphasis->len > 0)
    {
      g_ptr_array_add (emphasis, NULL);
      crrc_chart_model_set_emphasis (model, (const char * const *) emphasis->pdata);
    }

  /* The footnote of the small-cell rule. */
  if (hidden > 0)
    source = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: a footnote under the map. */
                                           "%u department with fewer than 5 scored diagnostics is shown "
                                           "without value (small-cell rule). Source: maturity diagnostics.",
                                           "%u departments with fewer than 5 scored diagnostics are shown "
                                           "without value (small-cell rule). Source: maturity diagnostics.",
                                           hidden), hidden);
  else
    source = g_strdup (_("Departments with fewer than 5 scored diagnostics are shown without value "
                         "(small-cell rule). Source: maturity diagnostics."));
  crrc_chart_model_set_source (model, source);
  return model;
}

static CrrcChartModel *
build_bands (CrrcMaturityOverview *overview,
             const char           *scope)
{
  static const CrrcChartTone tones[] = {
    CRRC_CHART_TONE_BAD, CRRC_CHART_TONE_WARNING, CRRC_CHART_TONE_ACCENT, CRRC_CHART_TONE_GOOD,
  };
  CrrcChartModel *model;

  model = new_chart (CRRC_CHART_BARS, CHART_BANDS, _("Maturity bands by establishment category"), scope);
  crrc_chart_model_set_orientation (model, CRRC_CHART_HORIZONTAL);
  crrc_chart_model_set_stacking (model, CRRC_CHART_PERCENT);
  crrc_chart_model_set_unit (model, CRRC_CHART_UNIT_COUNT);
  crrc_chart_model_set_source (model, _("Latest overall score of each diagnosed establishment. "
                                        "Source: maturity diagnostics."));

  for (CrrcMaturityBand band = CRRC_MATURITY_BAND_INITIAL; band <= CRRC_MATURITY_BAND_OPTIMISED; band++)
    {
      guint series = crrc_chart_model_add_series (model, crrc_maturity_band_get_label (band),
                                                  CRRC_CHART_SERIES_DATA);

      crrc_chart_model_set_series_tone (model, series, tones[band]);
    }
  for (guint i = 0; i < overview->categories->len; i++)
    {
      const CrrcMaturityOverviewCategory *category = g_ptr_array_index (overview->categories, i);
      guint c = crrc_chart_model_add_category (model, category->key, category->label);

      for (CrrcMaturityBand band = CRRC_MATURITY_BAND_INITIAL; band <= CRRC_MATURITY_BAND_OPTIMISED; band++)
        crrc_chart_model_set_value (model, band, c, category->bands[band]);
    }
  return model;
}

static CrrcChartModel *
build_domains (CrrcMaturityOverview *overview,
               const char           *scope)
{
  CrrcChartModel *model;
  guint series;

  model = new_chart (CRRC_CHART_BARS, CHART_DOMAINS, _("Weakest domains"), scope);
  crrc_chart_model_set_orientation (model, CRRC_CHART_HORIZONTAL);
  crrc_chart_model_set_unit (model, CRRC_CHART_UNIT_COUNT);
  crrc_chart_model_set_value_max (model, 100);
  crrc_chart_model_set_source (model, _("Median domain score (0–100) of the latest diagnostics; hidden below "
                                        "5 scores. Source: maturity diagnostics."));
  series = crrc_chart_model_add_series (model, _("Median score"), CRRC_CHART_SERIES_DATA);
  crrc_chart_model_set_series_tone (model, series, CRRC_CHART_TONE_ACCENT);

  for (guint i = 0; i < overview->domains->len; i++)
    {
      const CrrcMaturityOverviewDomain *domain = &g_array_index (overview->domains, CrrcMaturityOverviewDomain, i);
      guint c = crrc_chart_model_add_category (model, domain->id, domain->title);

      crrc_chart_model_set_value (model, series, c, domain->median >= 0 ? (double) domain->median : NAN);
    }
  return model;
}

static CrrcChartModel *
build_never (CrrcMaturityOverview *overview,
             const char           *scope,
             gboolean              diffusion)
{
  g_autofree char *count = diffusion && crrc_diffusion_count_is_suppressed (overview->n_never)
                           ? crrc_diffusion_format_small ()
                           : crrc_format_count (overview->n_never);
  g_autofree char *subtitle = NULL;
  CrrcChartModel *model;
  guint series;

  /* Translators: the subtitle of the chart: "312 establishments — Bourgogne-Franche-Comté — Medico-social". */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s establishment — %s", "%s establishments — %s",
                                           overview->n_never), count, scope);
  model = new_chart (CRRC_CHART_BARS, CHART_NEVER, _("Never diagnosed"), subtitle);
  crrc_chart_model_set_orientation (model, CRRC_CHART_HORIZONTAL);
  crrc_chart_model_set_unit (model, CRRC_CHART_UNIT_COUNT);
  crrc_chart_model_set_source (model, _("Open establishments without any maturity diagnostic, by category. "
                                        "Source: FINESS registry, maturity diagnostics."));
  series = crrc_chart_model_add_series (model, _("Establishments"), CRRC_CHART_SERIES_DATA);
  crrc_chart_model_set_series_tone (model, series, CRRC_CHART_TONE_NEUTRAL);

  for (guint i = 0; i < overview->never_categories->len; i++)
    {
      const CrrcMaturityOverviewCategory *category = g_ptr_array_index (overview->never_categories, i);
      guint c = crrc_chart_model_add_category (model, category->key, category->label);

      crrc_chart_model_set_value (model, series, c, category->n_never);
    }
  return model;
}


/* Drill-down */

typedef struct
{
  char              *region;
  char              *sector;
  CrrcMaturityDrill  drill;
  char              *department;
  char              *category;
  char              *domain;
} DrillData;

static void
drill_data_free (gpointer data)
{
  DrillData *drill = data;

  g_free (drill->region);
  g_free (drill->sector);
  g_free (drill->department);
  g_free (drill->category);
  g_free (drill->domain);
  g_free (drill);
}

static GPtrArray *
drill_list (CrrcStore  *reader,
            gpointer    user_data,
            guint       limit,
            gint64     *total,
            GError    **error)
{
  DrillData *data = user_data;
  CrrcMaturityScope scope = { data->region, data->sector };
  guint count = 0;
  GPtrArray *rows;

  rows = crrc_maturity_overview_list (reader, &scope, &data->drill, limit, &count, error);
  *total = count;
  return rows;
}

static void
chart_item_activated_cb (CrrcChart        *chart,
                         int               category,
                         int               series,
                         CrrcMaturityView *self)
{
  CrrcChartModel *model = crrc_chart_get_model (chart);
  const char *id, *key = NULL, *label = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *what = NULL;
  const char *count_title = _("Score");
  CrrcDrilldownDialog *dialog;
  DrillData *data;

  if (model == NULL || self->store == NULL || self->overview == NULL)
    return;

  /* Diffusion mode hides establishment names: no list behind a chart. */
  if (g_settings_get_boolean (self->settings, "diffusion-mode"))
    {
      crrc_toast_show_plain (GTK_WIDGET (self),
                             _("Diffusion mode is on: the establishments behind a chart are not listed"),
                             ADW_TOAST_PRIORITY_NORMAL);
      return;
    }

  id = crrc_chart_model_get_id (model);
  if (category >= 0 && (guint) category < crrc_chart_model_get_n_categories (model))
    {
      key = crrc_chart_model_get_category_key (model, category);
      label = crrc_chart_model_get_category_label (model, category);
    }
  if (key == NULL)
    return;
  /* A department without diagnostic in scope (outside the region) has
   * nothing behind it. */
  if (g_str_equal (id, CHART_MAP))
    {
      const CrrcMaturityOverviewDepartment *department =
        crrc_maturity_overview_lookup_department (self->overview, key);

      if (department == NULL || department->n_diagnosed == 0)
        return;
    }

  data = g_new0 (DrillData, 1);
  data->region = g_strdup (self->overview->region);
  data->sector = g_strdup (self->overview->sector);

  if (g_str_equal (id, CHART_MAP))
    {
      data->drill.kind = CRRC_MATURITY_DRILL_DIAGNOSED;
      data->drill.department = data->department = g_strdup (key);
      /* Translators: the establishments listed: "Côte-d'Or — diagnosed". */
      what = g_strdup_printf (_("%s — diagnosed"), label);
      count_title = _("Overall score");
    }
  else if (g_str_equal (id, CHART_BANDS))
    {
      if (series < 0 || series > CRRC_MATURITY_BAND_OPTIMISED)
        {
          drill_data_free (data);
          return;
        }
      data->drill.kind = CRRC_MATURITY_DRILL_BAND;
      data->drill.category = data->category = g_strdup (key);
      data->drill.band = (CrrcMaturityBand) series;
      /* Translators: "EHPAD — Partial". */
      what = g_strdup_printf (_("%s — %s"), label, crrc_maturity_band_get_label (data->drill.band));
      count_title = _("Overall score");
    }
  else if (g_str_equal (id, CHART_DOMAINS))
    {
      data->drill.kind = CRRC_MATURITY_DRILL_DOMAIN;
      data->drill.domain = data->domain = g_strdup (key);
      /* Translators: "Backups — score below 50". */
      what = g_strdup_printf (_("%s — score below %d"), label, CRRC_MATURITY_OVERVIEW_WEAK_SCORE);
      count_title = _("Domain score");
    }
  else if (g_str_equal (id, CHART_NEVER))
    {
      data->drill.kind = CRRC_MATURITY_DRILL_NEVER;
      data->drill.category = data->category = g_strdup (key);
      /* Translators: "EHPAD — never diagnosed". */
      what = g_strdup_printf (_("%s — never diagnosed"), label);
      count_title = NULL;
    }
  else
    {
      drill_data_free (data);
      return;
    }

  scope = g_strdup_printf ("%s — %s — %s", what, region_name (data->region), sector_name (data->sector));
  dialog = crrc_drilldown_dialog_new_for_list (get_parent_window (self), self->store, NULL, scope, count_title,
                                               drill_list, data, drill_data_free);
  gtk_window_present (GTK_WINDOW (dialog));
}


/* Showing the overview */

static void
add_chart_card (CrrcMaturityView *self,
                CrrcChartModel   *model)
{
  GtkWidget *card = crrc_chart_card_new (model);
  GtkWidget *slot = g_object_new (CRRC_TYPE_MATURITY_SLOT, NULL);
  CrrcChart *chart = crrc_chart_card_get_chart (CRRC_CHART_CARD (card));

  /* Diffusion mode from the chart's menu too, as from the Observatoire's. */
  {
    g_autoptr(GMenu) section = g_menu_new ();

    g_menu_append (section, _("_Diffusion Mode"), "app.diffusion-mode");
    crrc_chart_card_add_menu_section (CRRC_CHART_CARD (card), G_MENU_MODEL (section));
  }

  gtk_widget_set_parent (card, slot);
  gtk_widget_set_name (card, crrc_chart_model_get_id (model));
  gtk_widget_set_size_request (GTK_WIDGET (chart), -1, CHART_HEIGHT);
  g_signal_connect (chart, "item-activated", G_CALLBACK (chart_item_activated_cb), self);
  gtk_flow_box_append (self->charts_box, slot);
  gtk_widget_set_focusable (gtk_widget_get_parent (slot), FALSE);
  g_hash_table_insert (self->cards, g_strdup (crrc_chart_model_get_id (model)), card);
}

static void
show_model (CrrcMaturityView *self,
            CrrcChartModel   *model)
{
  CrrcChartCard *card = g_hash_table_lookup (self->cards, crrc_chart_model_get_id (model));

  if (card != NULL)
    crrc_chart_card_set_model (card, model);
  else
    add_chart_card (self, model);
  g_object_unref (model);
}

static void
set_kpi (CrrcMaturityView *self,
         guint             index,
         const char       *value,
         const char       *caption)
{
  g_autofree char *description = g_strdup_printf ("%s : %s", caption, value);

  gtk_label_set_text (self->kpi_values[index], value);
  gtk_label_set_text (self->kpi_captions[index], caption);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (self->kpi_values[index]))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

static void
show_overview (CrrcMaturityView *self)
{
  CrrcMaturityOverview *overview = self->overview;
  g_autofree char *scope = describe_scope (overview->region, overview->sector);
  g_autofree char *establishments = crrc_format_count (overview->n_establishments);
  g_autofree char *diagnosed = crrc_format_count (overview->n_diagnosed);
  g_autofree char *share = NULL;
  g_autofree char *median = NULL;
  gboolean diffusion = g_settings_get_boolean (self->settings, "diffusion-mode");
  CrrcChartModel *models[4];

  if (overview->n_diagnosed == 0)
    {
      g_autofree char *description = NULL;

      /* Translators: the scope: "Bourgogne-Franche-Comté — Medico-social". */
      description = g_strdup_printf (_("No establishment of %s has a maturity diagnostic yet. Diagnostics "
                                       "come with the synchronisation or are entered from an establishment’s "
                                       "page; choose another region or sector above to see theirs."), scope);
      /* The status page's description is markup. */
      g_free (scope);
      scope = g_markup_escape_text (description, -1);
      adw_status_page_set_description (self->empty_page, scope);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  share = crrc_format_percent (overview->n_establishments > 0
                               ? 100.0 * overview->n_diagnosed / overview->n_establishments : 0, 0);
  median = overview->median >= 0 ? crrc_format_count (overview->median) : g_strdup ("—");
  /* Diffusion mode: the number diagnosed and its share are suppressed when
   * it, or the number never diagnosed, is from 1 to 4. */
  if (diffusion && crrc_diffusion_share_is_suppressed (overview->n_diagnosed, overview->n_establishments))
    {
      g_free (diagnosed);
      g_free (share);
      diagnosed = crrc_diffusion_format_small ();
      share = g_strdup (C_("suppressed value", "hidden"));
    }
  set_kpi (self, 0, establishments, _("Establishments in scope"));
  set_kpi (self, 1, diagnosed, _("Establishments diagnosed"));
  set_kpi (self, 2, share, _("Share diagnosed"));
  if (overview->median >= 0)
    {
      /* Translators: a key figure's caption, with the band of the median:
       * "Median overall score (0–100) — Partial". */
      g_autofree char *caption = g_strdup_printf (_("Median overall score (0–100) — %s"),
                                                  crrc_maturity_band_get_label (crrc_maturity_band_for_score (overview->median)));

      set_kpi (self, 3, median, caption);
    }
  else
    {
      set_kpi (self, 3, median, _("Median overall score: hidden below 5 scores"));
    }

  models[0] = build_map (overview, scope);
  models[1] = build_bands (overview, scope);
  models[2] = build_domains (overview, scope);
  models[3] = build_never (overview, scope, diffusion);
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      if (diffusion)
        {
          /* The map and the domains are medians, already hidden below 5
           * scores; the bands and "never diagnosed" are counts. */
          if (i == 1 || i == 3)
            crrc_diffusion_suppress_counts (models[i]);
          crrc_diffusion_mark (models[i]);
        }
      show_model (self, models[i]);
    }

  gtk_stack_set_visible_child_name (self->stack, "content");
}


/* Loading */

typedef struct
{
  CrrcStore            *store;
  CrrcStore            *reader;
  char                 *region;
  char                 *sector;
  CrrcMaturityOverview *overview;
} LoadData;

static void
load_data_free (gpointer user_data)
{
  LoadData *data = user_data;

  g_clear_object (&data->store);
  g_clear_object (&data->reader);
  g_free (data->region);
  g_free (data->sector);
  g_clear_pointer (&data->overview, crrc_maturity_overview_free);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  CrrcMaturityScope scope = { data->region, data->sector };
  GError *error = NULL;

  if (data->reader == NULL)
    {
      data->reader = crrc_store_open_reader (data->store, &error);
      if (data->reader == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  data->overview = crrc_maturity_overview_load (data->reader, &scope, &error);
  if (data->overview == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
set_loading (CrrcMaturityView *self,
             gboolean          loading)
{
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_spinner_set_spinning (self->reload_spinner, loading && self->overview != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->reload_spinner), loading && self->overview != NULL);
}

static void
show_error (CrrcMaturityView *self,
            const char       *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CrrcMaturityView *self = CRRC_MATURITY_VIEW (object);
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (self->reader == NULL && data->store == self->store)
    self->reader = g_steal_pointer (&data->reader);
  if (self->disposed)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!self->reload_pending)
        {
          g_debug ("Cannot read the maturity overview: %s", error->message);
          show_error (self, error->message);
        }
    }
  else if (!self->reload_pending)
    {
      g_clear_pointer (&self->overview, crrc_maturity_overview_free);
      self->overview = g_steal_pointer (&data->overview);
      show_overview (self);
    }

  set_loading (self, FALSE);
  if (self->reload_pending)
    start_load (self);
}

static void
start_load (CrrcMaturityView *self)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  if (self->disposed)
    return;
  if (self->store == NULL)
    {
      const GError *error = self->application != NULL
                            ? crrc_application_get_store_error (self->application) : NULL;

      if (error != NULL)
        show_error (self, error->message);
      return;
    }
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      /* Loaded when shown. */
      self->stale = TRUE;
      return;
    }
  if (self->loading)
    {
      self->reload_pending = TRUE;
      return;
    }

  self->reload_pending = FALSE;
  self->stale = FALSE;

  data = g_new0 (LoadData, 1);
  data->store = g_object_ref (self->store);
  data->reader = g_steal_pointer (&self->reader);
  data->region = g_strdup (self->region);
  data->sector = g_strdup (self->sector);

  set_loading (self, TRUE);
  if (self->overview == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_name (task, "[crrc] maturity overview");
  g_task_set_task_data (task, data, load_data_free);
  g_task_run_in_thread (task, load_thread);
}


/* The scope */

static void
sync_widgets (CrrcMaturityView *self)
{
  guint region_index = 0, sector_index = 0;

  for (guint i = 1; i < self->region_codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->region_codes, i), self->region) == 0)
      region_index = i;
  for (guint i = 1; i < G_N_ELEMENTS (sector_keys); i++)
    if (g_strcmp0 (sector_keys[i], self->sector) == 0)
      sector_index = i;

  self->syncing_widgets = TRUE;
  gtk_drop_down_set_selected (self->region_dropdown, region_index);
  gtk_drop_down_set_selected (self->sector_dropdown, sector_index);
  self->syncing_widgets = FALSE;
}

/* Diffusion mode only changes how the overview is shown. */
static void
diffusion_changed_cb (CrrcMaturityView *self)
{
  if (self->overview != NULL && self->overview->n_diagnosed > 0)
    show_overview (self);
}

/* The settings changed (here or elsewhere): follow them. */
static void
settings_changed_cb (CrrcMaturityView *self)
{
  g_autofree char *region = settings_region (self);
  g_autofree char *sector = settings_sector (self);

  if (g_strcmp0 (region, self->region) == 0 && g_strcmp0 (sector, self->sector) == 0)
    return;
  g_free (self->region);
  self->region = g_steal_pointer (&region);
  g_free (self->sector);
  self->sector = g_steal_pointer (&sector);
  sync_widgets (self);
  start_load (self);
}

static void
region_selected_cb (CrrcMaturityView *self)
{
  guint selected = gtk_drop_down_get_selected (self->region_dropdown);
  const char *code;

  if (self->syncing_widgets || selected == GTK_INVALID_LIST_POSITION || selected >= self->region_codes->len)
    return;
  code = g_ptr_array_index (self->region_codes, selected);
  g_settings_set_string (self->settings, "maturity-region", code != NULL ? code : "FR");
}

static void
sector_selected_cb (CrrcMaturityView *self)
{
  guint selected = gtk_drop_down_get_selected (self->sector_dropdown);

  if (self->syncing_widgets || selected >= G_N_ELEMENTS (sector_keys))
    return;
  g_settings_set_string (self->settings, "maturity-sector", sector_keys[selected] != NULL ? sector_keys[selected] : "");
}

static void
fill_dropdowns (CrrcMaturityView *self)
{
  g_autoptr(GtkStringList) regions = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) sectors = gtk_string_list_new (NULL);
  const CrrcRegion *entries;
  guint n_regions;

  self->region_codes = g_ptr_array_new ();
  gtk_string_list_append (regions, _("All of France"));
  g_ptr_array_add (self->region_codes, NULL);
  entries = crrc_geo_get_regions (&n_regions);
  for (guint i = 0; i < n_regions; i++)
    {
      gtk_string_list_append (regions, entries[i].name);
      g_ptr_array_add (self->region_codes, (gpointer) entries[i].code);
    }
  gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (regions));

  for (guint i = 0; i < G_N_ELEMENTS (sector_keys); i++)
    gtk_string_list_append (sectors, sector_name (sector_keys[i]));
  gtk_drop_down_set_model (self->sector_dropdown, G_LIST_MODEL (sectors));
}

static void
add_kpi_tile (CrrcMaturityView *self,
              guint             index)
{
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *value = gtk_label_new ("—");
  GtkWidget *caption = gtk_label_new (NULL);
  static const char * const names[] = {
    "kpi-establishments", "kpi-diagnosed", "kpi-share-diagnosed", "kpi-median",
  };

  gtk_widget_add_css_class (tile, "card");
  gtk_widget_set_name (tile, names[index]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tile), GTK_ACCESSIBLE_PROPERTY_LABEL, names[index], -1);
  gtk_widget_set_margin_start (value, 18);
  gtk_widget_set_margin_end (value, 18);
  gtk_widget_set_margin_top (value, 12);
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_widget_add_css_class (value, "title-1");
  gtk_widget_add_css_class (value, "numeric");
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  /* A modest natural width, so that four tiles share a line. */
  gtk_label_set_width_chars (GTK_LABEL (caption), 14);
  gtk_label_set_max_width_chars (GTK_LABEL (caption), 24);
  gtk_widget_set_margin_start (caption, 18);
  gtk_widget_set_margin_end (caption, 18);
  gtk_widget_set_margin_bottom (caption, 12);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (tile), value);
  gtk_box_append (GTK_BOX (tile), caption);
  gtk_flow_box_append (self->kpi_box, tile);
  gtk_widget_set_focusable (gtk_widget_get_parent (tile), FALSE);

  self->kpi_values[index] = GTK_LABEL (value);
  self->kpi_captions[index] = GTK_LABEL (caption);
}


/* The application */

static void
store_changed_cb (CrrcMaturityView *self)
{
  CrrcStore *store = self->application != NULL ? crrc_application_get_store (self->application) : NULL;

  if (store == self->store)
    return;
  g_set_object (&self->store, store);
  g_clear_object (&self->reader);
  start_load (self);
}

static void
data_changed_cb (CrrcMaturityView *self)
{
  start_load (self);
}

static void
crrc_maturity_view_map (GtkWidget *widget)
{
  CrrcMaturityView *self = CRRC_MATURITY_VIEW (widget);

  GTK_WIDGET_CLASS (crrc_maturity_view_parent_class)->map (widget);

  if (self->stale)
    start_load (self);
}

static void
crrc_maturity_view_dispose (GObject *object)
{
  CrrcMaturityView *self = CRRC_MATURITY_VIEW (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->application != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->application, self);
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRRC_TYPE_MATURITY_VIEW);

  G_OBJECT_CLASS (crrc_maturity_view_parent_class)->dispose (object);
}

static void
crrc_maturity_view_finalize (GObject *object)
{
  CrrcMaturityView *self = CRRC_MATURITY_VIEW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->reader);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->sector, g_free);
  g_clear_pointer (&self->overview, crrc_maturity_overview_free);
  g_clear_pointer (&self->cards, g_hash_table_unref);
  g_clear_pointer (&self->region_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (crrc_maturity_view_parent_class)->finalize (object);
}

static void
crrc_maturity_view_class_init (CrrcMaturityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_maturity_view_dispose;
  object_class->finalize = crrc_maturity_view_finalize;
  widget_class->map = crrc_maturity_view_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/crrc/Dashboard/pages/crrc-maturity-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CrrcMaturityView, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrrcMaturityView, sector_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrrcMaturityView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CrrcMaturityView, reload_spinner);
  gtk_widget_class_bind_template_child (widget_class, CrrcMaturityView, stack);
  gtk_widget_class_bind_template_child (widget_class, CrrcMaturityView, kpi_box);
  gtk_widget_class_bind_template_child (widget_class, CrrcMaturityView, charts_box);
  gtk_widget_class_bind_template_child (widget_class, CrrcMaturityView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CrrcMaturityView, error_page);
}

static void
crrc_maturity_view_init (CrrcMaturityView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->settings = g_settings_new (APP_ID);
  self->stale = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (self->kpi_values); i++)
    add_kpi_tile (self, i);
  fill_dropdowns (self);

  self->region = settings_region (self);
  self->sector = settings_sector (self);
  sync_widgets (self);

  g_signal_connect_swapped (self->region_dropdown, "notify::selected", G_CALLBACK (region_selected_cb), self);
  g_signal_connect_swapped (self->sector_dropdown, "notify::selected", G_CALLBACK (sector_selected_cb), self);
  g_signal_connect_swapped (self->settings, "changed::maturity-region", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed::maturity-sector", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed::region", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed::diffusion-mode", G_CALLBACK (diffusion_changed_cb), self);
}

GtkWidget *
crrc_maturity_view_new (void)
{
  return g_object_new (CRRC_TYPE_MATURITY_VIEW, NULL);
}

/**
 * crrc_maturity_view_set_application:
 * @self: the view
 * @application: (nullable): where the store comes from
 *
 * The view reads the overview from @application's store when it is first
 * shown, and again on #CrrcApplication::data-changed.
 */
void
crrc_maturity_view_set_application (CrrcMaturityView *self,
                                    CrrcApplication  *application)
{
  g_return_if_fail (CRRC_IS_MATURITY_VIEW (self));
  g_return_if_fail (application == NULL || CRRC_IS_APPLICATION (application));

  if (self->application == application)
    return;
  if (self->application != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->application, self);
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
    }
  self->application = application;
  if (application != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
      g_signal_connect_swapped (application, "notify::store", G_CALLBACK (store_changed_cb), self);
      g_signal_connect_swapped (application, "data-changed", G_CALLBACK (data_changed_cb), self);
    }
  store_changed_cb (self);
}
