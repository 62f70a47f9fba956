/* crrc-observatoire-page.c: the Observatoire page
 *
 * Filters above (year, region, department, sector, origin, and how the map
 * counts), the active ones repeated as removable chips, then the key
 * figures and the charts. The filters live in GSettings, so the page opens
 * where the analyst left it.
 *
 * The figures are read off the main thread: one GTask at a time builds the
 * KPI and chart models (crrc-observatoire-charts.h) on a read-only
 * connection of its own, opened by the first task and kept for the page;
 * the main connection belongs to the sync and import worker. A filter
 * changed while a task runs starts one more once it ends, with the latest
 * filters. The models are then given to the existing widgets all at once,
 * so the focus stays where it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-observatoire-page"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "crrc-banner.h"
#include "crrc-chart-card.h"
#include "crrc-demo.h"
#include "crrc-drilldown-dialog.h"
#include "crrc-feed-state.h"
#include "crrc-feed-url.h"
#include "crrc-geo.h"
#include "crrc-observatoire-charts.h"
#include "crrc-observatoire-export.h"
#include "crrc-observatoire-page.h"
#include "crrc-presentation-window.h"
#include "crrc-toast.h"

/* The width a chart card flows at: three cards a line on a wide window,
 * two on a laptop, one on a phone. */
#define CHART_NATURAL_WIDTH 380

#define MAP_CHART_ID "carte-des-departements"
#define MAP_MODE_COUNT "count"
#define MAP_MODE_RATE "per-establishment"

typedef struct
{
  const char *key;
  const char *label;
} KeyLabel;

/* The keys CrrcQueryFilter takes, in the order of the drop-downs. */
static const KeyLabel sector_items[] = {
  { NULL, N_("All sectors") },
  { "sanitaire", N_("Health establishments") },
  { "medico_social", N_("Medico-social establishments") },
  { "grades", N_("GRADeS") },
  { "other", N_("Other structures") },
};

static const KeyLabel origin_items[] = {
  { NULL, N_("All origins") },
  { "malicious", N_("Malicious") },
  { "non_malicious", N_("Non-malicious") },
  { "undetermined", N_("Undetermined") },
};

/* What a load reads and what it found. */
typedef struct
{
  /* In */
  CrrcStore  *store;          /* the main connection, only to open the reader */
  CrrcStore  *reader;         /* or NULL: opened by the task */
  int         year;           /* 0: the latest */
  char       *region;
  char       *department;
  char       *sector;
  char       *origin;
  gboolean    per_establishment;
  gboolean    diffusion;
  char       *source;         /* the `source` of the configured feed, or NULL */

  /* Out */
  gboolean    empty;          /* no incident in the cache */
  GArray     *years;          /* of int, latest first */
  int         latest_year;
  int         applied_year;
  GPtrArray  *kpis;
  GPtrArray  *charts;
  char       *scope;
  char       *freshness;
  gboolean    demo;
  guint       n_failed_feeds;
} LoadData;

struct _CrrcObservatoirePage
{
  AdwBin                parent_instance;

  CrrcApplication      *application;  /* weak */
  GSettings            *settings;
  GCancellable         *cancellable;
  gboolean              disposed;

  /* The filters asked for. */
  int                   year;         /* 0: the latest */
  char                 *region;       /* NULL: all of France */
  char                 *department;
  char                 *sector;
  char                 *origin;
  gboolean              per_establishment;
  gboolean              syncing_widgets;
  /* The region whose departments the drop-down lists. */
  char                 *listed_region;
  gboolean              departments_listed;

  /* Loading. */
  CrrcStore            *store;        /* the application's, to open readers */
  CrrcStore            *reader;       /* NULL while a task has it */
  gboolean              loading;
  gboolean              reload_pending;

  /* What is shown, and the filters it was built for. */
  GArray               *years;
  int                   latest_year;
  int                   applied_year;
  char                 *applied_region;
  char                 *applied_department;
  char                 *applied_sector;
  char                 *applied_origin;
  GPtrArray            *kpis;
  GPtrArray            *charts;
  char                 *scope;
  char                 *freshness;
  gboolean              demo;
  GHashTable           *kpi_tiles;    /* id → CrrcChart */
  GHashTable           *chart_cards;  /* id → CrrcChartCard */
  GtkWidget            *last_kpi_pair;
  /* Feeds whose last recorded sync failed, and whether the last sync of
   * this session did not succeed. */
  guint                 n_failed_feeds;
  gboolean              sync_failed;
  GtkFileChooserNative *chooser;

  /* Template widgets */
  CrrcBanner           *sync_banner;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  GtkWidget            *empty_button;
  GtkDropDown          *year_dropdown;
  GtkDropDown          *region_dropdown;
  GtkDropDown          *department_dropdown;
  GtkDropDown          *sector_dropdown;
  GtkDropDown          *origin_dropdown;
  GtkFlowBox           *filters_box;
  GtkSpinner           *spinner;
  GtkSpinner           *reload_spinner;
  GtkDropDown          *map_dropdown;
  GtkWidget            *chips_scroller;
  GtkBox               *chips_box;
  GtkStack             *results_stack;
  GtkWidget            *reset_button;
  GtkFlowBox           *kpi_box;
  GtkFlowBox           *charts_box;
};

G_DEFINE_FINAL_TYPE (CrrcObservatoirePage, crrc_observatoire_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_APPLICATION,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_load (CrrcObservatoirePage *self);


/* A chart card's slot in the flow box: the card's minimum width, but a
 * natural width of CHART_NATURAL_WIDTH, which is what GtkFlowBox flows by. */
#define CRRC_TYPE_CHART_SLOT (crrc_chart_slot_get_type ())
G_DECLARE_FINAL_TYPE (CrrcChartSlot, crrc_chart_slot, CRRC, CHART_SLOT, GtkWidget)

struct _CrrcChartSlot
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (CrrcChartSlot, crrc_chart_slot, GTK_TYPE_WIDGET)

static void
crrc_chart_slot_measure (GtkWidget      *widget,
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
crrc_chart_slot_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
crrc_chart_slot_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (crrc_chart_slot_parent_class)->dispose (object);
}

static void
crrc_chart_slot_class_init (CrrcChartSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_chart_slot_dispose;
  widget_class->measure = crrc_chart_slot_measure;
  widget_class->size_allocate = crrc_chart_slot_size_allocate;
}

static void
crrc_chart_slot_init (CrrcChartSlot *self)
{
}

static GtkWidget *
chart_slot_new (GtkWidget *child)
{
  GtkWidget *slot = g_object_new (CRRC_TYPE_CHART_SLOT, NULL);

  gtk_widget_set_parent (child, slot);
  return slot;
}


static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->reader);
  g_free (data->region);
  g_free (data->department);
  g_free (data->sector);
  g_free (data->origin);
  g_free (data->source);
  g_clear_pointer (&data->years, g_array_unref);
  g_clear_pointer (&data->kpis, g_ptr_array_unref);
  g_clear_pointer (&data->charts, g_ptr_array_unref);
  g_free (data->scope);
  g_free (data->freshness);
  g_free (data);
}

static const char *
lookup_label (const KeyLabel *items,
              guint           n_items,
              const char     *key)
{
  for (guint i = 0; i < n_items; i++)
    if (g_strcmp0 (items[i].key, key) == 0)
      return _(items[i].label);
  return key;
}

static guint
lookup_index (const KeyLabel *items,
              guint           n_items,
              const char     *key)
{
  for (guint i = 0; i < n_items; i++)
    if (g_strcmp0 (items[i].key, key) == 0)
      return i;
  return 0;
}

static gboolean
is_known_key (const KeyLabel *items,
              guint           n_items,
              const char     *key)
{
  for (guint i = 1; i < n_items; i++)
    if (g_strcmp0 (items[i].key, key) == 0)
      return TRUE;
  return FALSE;
}

/* Empty strings and unknown codes read as "all". */
static char *
dup_region (const char *code)
{
  if (code == NULL || crrc_geo_lookup_region (code) == NULL)
    return NULL;
  return g_strdup (code);
}

static char *
dup_department (const char *code)
{
  if (code == NULL || crrc_geo_lookup_department (code) == NULL)
    return NULL;
  return g_strdup (code);
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}


static int
compare_years_desc (gconstpointer a,
                    gconstpointer b)
{
  return *(const int *) b - *(const int *) a;
}

/* Feeds whose last sync failed. Reading their state is not worth an error
 * page: the figures are there. */
static guint
count_failed_feeds (CrrcStore  *reader,
                    const char *source)
{
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GError) error = NULL;
  guint n_failed = 0;

  if (source == NULL)
    return 0;

  states = crrc_feed_state_load (reader, source, &error);
  if (states == NULL)
    {
      g_debug ("Could not read the state of the feeds: %s", error->message);
      return 0;
    }

  for (guint i = 0; i < states->len; i++)
    {
      CrrcFeedState *state = g_ptr_array_index (states, i);

      if (g_strcmp0 (state->status, "failed") == 0)
        n_failed++;
    }

  return n_failed;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autofree char *freshness = NULL;
  CrrcQueryFilter filter = { 0 };
  gboolean empty = FALSE;

  if (data->reader == NULL)
    {
      data->reader = crrc_store_open_reader (data->store, &error);
      if (data->reader == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  data->n_failed_feeds = count_failed_feeds (data->reader, data->source);

  if (!crrc_query_cache_is_empty (data->reader, &empty, &error) ||
      (!empty && !crrc_query_latest_complete_year (data->reader, &data->latest_year, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (empty || data->latest_year <= CRRC_OBSERVATOIRE_N_YEARS)
    {
      data->empty = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }

  counts = crrc_query_count_incidents_filtered (data->reader, CRRC_QUERY_BY_YEAR, NULL, &error);
  if (counts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->years = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < counts->len; i++)
    {
      const char *key = g_array_index (counts, CrrcQueryCount, i).key;
      gint64 year = key != NULL ? g_ascii_strtoll (key, NULL, 10) : 0;

      if (year > CRRC_OBSERVATOIRE_N_YEARS && year <= G_MAXINT)
        {
          int y = (int) year;

          g_array_append_val (data->years, y);
        }
    }
  g_array_sort (data->years, compare_years_desc);

  /* A year the cache no longer has falls back on the latest. */
  data->applied_year = data->latest_year;
  for (guint i = 0; i < data->years->len; i++)
    if (g_array_index (data->years, int, i) == data->year)
      data->applied_year = data->year;

  filter.year = data->applied_year;
  filter.region = data->region;
  filter.department = data->department;
  filter.sector = data->sector;
  filter.origin = data->origin;

  data->kpis = crrc_observatoire_kpis_build_full (data->reader, &filter, data->diffusion, &error);
  if (data->kpis != NULL)
    data->charts = crrc_observatoire_charts_build_full (data->reader, &filter, data->diffusion, &error);
  if (data->charts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->per_establishment)
    {
      for (guint i = 0; i < data->charts->len; i++)
        {
          CrrcChartModel *model = g_ptr_array_index (data->charts, i);
          CrrcChartModel *rates;

          if (g_strcmp0 (crrc_chart_model_get_id (model), MAP_CHART_ID) != 0)
            continue;

          rates = crrc_observatoire_map_per_establishment (data->reader, model, &filter, &error);
          if (rates == NULL)
            {
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
          g_ptr_array_index (data->charts, i) = rates;
          g_object_unref (model);
        }
    }

  data->scope = crrc_observatoire_describe_scope (&filter, data->applied_year);
  if (!crrc_query_data_freshness (data->reader, &freshness, &error) ||
      !crrc_observatoire_is_demo (data->reader, &data->demo, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->freshness = crrc_observatoire_describe_freshness (freshness);

  g_task_return_boolean (task, TRUE);
}


static void
show_toast (CrrcObservatoirePage *self,
            const char           *message)
{
  if (!crrc_toast_show_plain (GTK_WIDGET (self), message, ADW_TOAST_PRIORITY_NORMAL))
    g_message ("%s", message);
}

static GtkWindow *
get_parent_window (CrrcObservatoirePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The filters of what is shown, as the queries take them. */
static CrrcQueryFilter
get_applied_filter (CrrcObservatoirePage *self)
{
  CrrcQueryFilter filter = {
    .year = self->applied_year,
    .region = self->applied_region,
    .department = self->applied_department,
    .sector = self->applied_sector,
    .origin = self->applied_origin,
  };

  return filter;
}

static void
set_loading (CrrcObservatoirePage *self,
             gboolean              loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading && self->charts == NULL);
  gtk_spinner_set_spinning (self->reload_spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->reload_spinner), loading && self->charts != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_actions (CrrcObservatoirePage *self)
{
  gboolean has_charts = self->charts != NULL && self->charts->len > 0 &&
                        g_str_equal (crrc_observatoire_page_get_state (self), "results");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "observatoire.present", has_charts);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "observatoire.export-slides", has_charts);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "observatoire.export-charts", has_charts);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "observatoire.export-csv", has_charts);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "observatoire.print", has_charts);
}


/* Drop-downs */

static GtkStringList *
dropdown_strings (GtkDropDown *dropdown)
{
  return GTK_STRING_LIST (gtk_drop_down_get_model (dropdown));
}

static void
fill_strings (GtkDropDown        *dropdown,
              const char * const *strings)
{
  GtkStringList *list = dropdown_strings (dropdown);

  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)), strings);
}

/* The departments the department drop-down offers, for the chosen region
 * or all of France, in the order of their codes. */
static GPtrArray *
list_departments (CrrcObservatoirePage *self)
{
  GPtrArray *list = g_ptr_array_new ();
  const CrrcDepartment *departments;
  guint n_departments;

  departments = crrc_geo_get_departments (&n_departments);
  for (guint i = 0; i < n_departments; i++)
    if (self->region == NULL || g_strcmp0 (departments[i].region_code, self->region) == 0)
      g_ptr_array_add (list, (gpointer) &departments[i]);

  return list;
}

static void
fill_department_dropdown (CrrcObservatoirePage *self)
{
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) labels = NULL;

  if (self->departments_listed && g_strcmp0 (self->listed_region, self->region) == 0)
    return;

  self->departments_listed = TRUE;
  replace_string (&self->listed_region, self->region);
  departments = list_departments (self);
  labels = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (labels, g_strdup (_("All departments")));
  for (guint i = 0; i < departments->len; i++)
    {
      const CrrcDepartment *department = g_ptr_array_index (departments, i);

      /* Translators: a department and its code: "Côte-d'Or (21)". */
      g_ptr_array_add (labels, g_strdup_printf (_("%s (%s)"), department->name,
                                                department->code));
    }
  g_ptr_array_add (labels, NULL);

  fill_strings (self->department_dropdown, (const char * const *) labels->pdata);
}

static void
fill_year_dropdown (CrrcObservatoirePage *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GListModel *list = G_LIST_MODEL (dropdown_strings (self->year_dropdown));
  gboolean same;

  if (self->years != NULL)
    for (guint i = 0; i < self->years->len; i++)
      g_ptr_array_add (labels, g_strdup_printf ("%d", g_array_index (self->years, int, i)));

  same = g_list_model_get_n_items (list) == labels->len;
  for (guint i = 0; same && i < labels->len; i++)
    same = g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (list), i),
                        g_ptr_array_index (labels, i));
  if (same)
    return;

  g_ptr_array_add (labels, NULL);
  self->syncing_widgets = TRUE;
  fill_strings (self->year_dropdown, (const char * const *) labels->pdata);
  self->syncing_widgets = FALSE;
}

/* The drop-downs and toggles say what the filters are. */
static void
sync_widgets (CrrcObservatoirePage *self)
{
  g_autoptr(GPtrArray) departments = list_departments (self);
  guint region_index = 0;
  guint department_index = 0;
  guint year_index = GTK_INVALID_LIST_POSITION;
  int year = crrc_observatoire_page_get_year (self);
  const CrrcRegion *regions;
  guint n_regions;

  self->syncing_widgets = TRUE;

  regions = crrc_geo_get_regions (&n_regions);
  for (guint i = 0; i < n_regions; i++)
    if (g_strcmp0 (regions[i].code, self->region) == 0)
      region_index = i + 1;
  gtk_drop_down_set_selected (self->region_dropdown, region_index);

  fill_department_dropdown (self);
  for (guint i = 0; i < departments->len; i++)
    if (g_strcmp0 (((const CrrcDepartment *) g_ptr_array_index (departments, i))->code,
                   self->department) == 0)
      department_index = i + 1;
  gtk_drop_down_set_selected (self->department_dropdown, department_index);

  if (self->years != NULL)
    for (guint i = 0; i < self->years->len; i++)
      if (g_array_index (self->years, int, i) == year)
        year_index = i;
  gtk_drop_down_set_selected (self->year_dropdown, year_index);

  gtk_drop_down_set_selected (self->sector_dropdown,
                              lookup_index (sector_items, G_N_ELEMENTS (sector_items), self->sector));
  gtk_drop_down_set_selected (self->origin_dropdown,
                              lookup_index (origin_items, G_N_ELEMENTS (origin_items), self->origin));

  gtk_drop_down_set_selected (self->map_dropdown, self->per_establishment ? 1 : 0);

  self->syncing_widgets = FALSE;
}


/* Settings */

/* The region the page opens on: the last chosen, or the centre's. */
static char *
default_region (CrrcObservatoirePage *self)
{
  g_autofree char *centre = g_settings_get_string (self->settings, "region");

  return dup_region (centre);
}

static gboolean
region_is_default (CrrcObservatoirePage *self)
{
  g_autofree char *region = default_region (self);

  return g_strcmp0 (region, self->region) == 0;
}

static void
save_filters (CrrcObservatoirePage *self)
{
  g_autofree char *centre = default_region (self);
  int year = self->year == self->latest_year ? 0 : self->year;

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "observatoire-year", year);
  g_settings_set_string (self->settings, "observatoire-region",
                         g_strcmp0 (self->region, centre) == 0 ? ""
                         : self->region != NULL ? self->region : "FR");
  g_settings_set_string (self->settings, "observatoire-department",
                         self->department != NULL ? self->department : "");
  g_settings_set_string (self->settings, "observatoire-sector", self->sector != NULL ? self->sector : "");
  g_settings_set_string (self->settings, "observatoire-origin", self->origin != NULL ? self->origin : "");
  g_settings_set_string (self->settings, "observatoire-map-mode",
                         self->per_establishment ? MAP_MODE_RATE : MAP_MODE_COUNT);
  g_settings_apply (self->settings);
}

static void
load_filters (CrrcObservatoirePage *self)
{
  g_autofree char *region = g_settings_get_string (self->settings, "observatoire-region");
  g_autofree char *department = g_settings_get_string (self->settings, "observatoire-department");
  g_autofree char *sector = g_settings_get_string (self->settings, "observatoire-sector");
  g_autofree char *origin = g_settings_get_string (self->settings, "observatoire-origin");
  g_autofree char *map_mode = g_settings_get_string (self->settings, "observatoire-map-mode");

  self->year = MAX (g_settings_get_int (self->settings, "observatoire-year"), 0);

  g_clear_pointer (&self->region, g_free);
  if (region[0] == '\0')
    self->region = default_region (self);
  else
    self->region = dup_region (region);

  g_clear_pointer (&self->department, g_free);
  self->department = dup_department (department);
  /* A department outside the region is not a filter of it. */
  if (self->department != NULL && self->region != NULL &&
      g_strcmp0 (crrc_geo_region_for_department (self->department), self->region) != 0)
    g_clear_pointer (&self->department, g_free);

  g_clear_pointer (&self->sector, g_free);
  if (is_known_key (sector_items, G_N_ELEMENTS (sector_items), sector))
    self->sector = g_strdup (sector);
  g_clear_pointer (&self->origin, g_free);
  if (is_known_key (origin_items, G_N_ELEMENTS (origin_items), origin))
    self->origin = g_strdup (origin);

  self->per_establishment = g_str_equal (map_mode, MAP_MODE_RATE);
}


/* Chips */

static void chip_clicked_cb (GtkButton            *button,
                             CrrcObservatoirePage *self);

static void
add_chip (CrrcObservatoirePage *self,
          const char           *filter,
          const char           *label)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text = gtk_label_new (label);
  GtkWidget *icon = gtk_image_new_from_icon_name ("window-close-symbolic");
  g_autofree char *accessible = NULL;

  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 40);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_button_set_child (GTK_BUTTON (button), box);

  gtk_widget_add_css_class (button, "chip");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Remove filter"));
  /* Translators: what a filter's chip button does, %s is the filter: "Remove filter: Côte-d'Or" */
  accessible = g_strdup_printf (_("Remove filter: %s"), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  g_object_set_data_full (G_OBJECT (button), "filter", g_strdup (filter), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (chip_clicked_cb), self);

  gtk_box_append (self->chips_box, button);
}

static void
update_chips (CrrcObservatoirePage *self)
{
  GtkWidget *child;
  int year = crrc_observatoire_page_get_year (self);
  gboolean had_focus = gtk_widget_get_focus_child (GTK_WIDGET (self->chips_box)) != NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips_box))) != NULL)
    gtk_box_remove (self->chips_box, child);

  if (self->year != 0 && self->year != self->latest_year && year != 0)
    {
      g_autofree char *label = g_strdup_printf ("%d", year);

      add_chip (self, "year", label);
    }
  if (!region_is_default (self))
    {
      const CrrcRegion *region = self->region != NULL ? crrc_geo_lookup_region (self->region) : NULL;

      add_chip (self, "region", region != NULL ? region->name : _("All of France"));
    }
  if (self->department != NULL)
    {
      const CrrcDepartment *department = crrc_geo_lookup_department (self->department);

      add_chip (self, "department", department != NULL ? department->name : self->department);
    }
  if (self->sector != NULL)
    add_chip (self, "sector", lookup_label (sector_items, G_N_ELEMENTS (sector_items), self->sector));
  if (self->origin != NULL)
    add_chip (self, "origin", lookup_label (origin_items, G_N_ELEMENTS (origin_items), self->origin));

  child = gtk_widget_get_first_child (GTK_WIDGET (self->chips_box));
  gtk_widget_set_visible (self->chips_scroller, child != NULL);

  /* The chip that had the focus is gone: the next one, or the filters. */
  if (had_focus)
    {
      if (child != NULL)
        gtk_widget_grab_focus (child);
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->year_dropdown));
    }
}

/* A filter changed: say it everywhere and read the figures again. */
static void
filters_changed (CrrcObservatoirePage *self)
{
  sync_widgets (self);
  update_chips (self);
  save_filters (self);
  start_load (self);
}

static void
chip_clicked_cb (GtkButton            *button,
                 CrrcObservatoirePage *self)
{
  g_autofree char *filter = g_strdup (g_object_get_data (G_OBJECT (button), "filter"));

  if (g_str_equal (filter, "year"))
    {
      crrc_observatoire_page_set_year (self, 0);
    }
  else if (g_str_equal (filter, "region"))
    {
      g_autofree char *region = default_region (self);

      crrc_observatoire_page_set_region (self, region);
    }
  else if (g_str_equal (filter, "department"))
    {
      crrc_observatoire_page_set_department (self, NULL);
    }
  else if (g_str_equal (filter, "sector"))
    {
      crrc_observatoire_page_set_sector (self, NULL);
    }
  else if (g_str_equal (filter, "origin"))
    {
      crrc_observatoire_page_set_origin (self, NULL);
    }
}


/* Showing the results */

static void
chart_item_activated_cb (CrrcChart            *chart,
                         int                   category,
                         int                   series,
                         CrrcObservatoirePage *self)
{
  CrrcChartModel *model = crrc_chart_get_model (chart);
  CrrcQueryFilter filter = get_applied_filter (self);
  const char *category_key = NULL;
  const char *series_name = NULL;
  CrrcDrilldownDialog *dialog;

  if (model == NULL || self->store == NULL || filter.year == 0)
    return;

  if (category >= 0 && (guint) category < crrc_chart_model_get_n_categories (model))
    category_key = crrc_chart_model_get_category_key (model, category);
  if (series >= 0 && (guint) series < crrc_chart_model_get_n_series (model))
    series_name = crrc_chart_model_get_series_name (model, series);

  /* Diffusion mode hides establishment names: no list behind a chart. */
  if (g_settings_get_boolean (self->settings, "diffusion-mode"))
    {
      show_toast (self, _("Diffusion mode is on: the establishments behind a chart are not listed"));
      return;
    }

  /* A KPI tile is the filter's year, whatever its sparkline's point. */
  if (crrc_chart_model_get_kind (model) == CRRC_CHART_KPI)
    category_key = NULL;

  dialog = crrc_drilldown_dialog_new (get_parent_window (self), self->store, &filter,
                                      crrc_chart_model_get_id (model), category_key, series_name);
  gtk_window_present (GTK_WINDOW (dialog));
}

static CrrcChart *
add_kpi_tile (CrrcObservatoirePage *self,
              CrrcChartModel       *model)
{
  GtkWidget *chart = crrc_chart_new (model);
  GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_add_css_class (frame, "card");
  gtk_widget_add_css_class (frame, "kpi-tile");
  gtk_widget_set_overflow (frame, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (chart, TRUE);
  gtk_widget_set_vexpand (chart, TRUE);
  gtk_box_append (GTK_BOX (frame), chart);
  g_signal_connect (chart, "item-activated", G_CALLBACK (chart_item_activated_cb), self);

  /* Two tiles a child: the flow box puts two or four of them on a line,
   * never three. */
  if (self->last_kpi_pair == NULL ||
      gtk_widget_get_last_child (self->last_kpi_pair) != gtk_widget_get_first_child (self->last_kpi_pair))
    {
      self->last_kpi_pair = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_box_set_homogeneous (GTK_BOX (self->last_kpi_pair), TRUE);
      gtk_flow_box_append (self->kpi_box, self->last_kpi_pair);
      gtk_widget_set_focusable (gtk_widget_get_parent (self->last_kpi_pair), FALSE);
    }
  gtk_box_append (GTK_BOX (self->last_kpi_pair), frame);

  g_hash_table_insert (self->kpi_tiles, g_strdup (crrc_chart_model_get_id (model)), chart);
  return CRRC_CHART (chart);
}

static void
add_chart_card (CrrcObservatoirePage *self,
                CrrcChartModel       *model)
{
  GtkWidget *card = crrc_chart_card_new (model);
  GtkWidget *slot = chart_slot_new (card);

  g_signal_connect (crrc_chart_card_get_chart (CRRC_CHART_CARD (card)), "item-activated",
                    G_CALLBACK (chart_item_activated_cb), self);
  gtk_flow_box_append (self->charts_box, slot);
  gtk_widget_set_focusable (gtk_widget_get_parent (slot), FALSE);

  g_hash_table_insert (self->chart_cards, g_strdup (crrc_chart_model_get_id (model)), card);
}

static void
show_models (CrrcObservatoirePage *self)
{
  for (guint i = 0; i < self->kpis->len; i++)
    {
      CrrcChartModel *model = g_ptr_array_index (self->kpis, i);
      CrrcChart *tile = g_hash_table_lookup (self->kpi_tiles, crrc_chart_model_get_id (model));

      if (tile != NULL)
        crrc_chart_set_model (tile, model);
      else
        add_kpi_tile (self, model);
    }

  for (guint i = 0; i < self->charts->len; i++)
    {
      CrrcChartModel *model = g_ptr_array_index (self->charts, i);
      CrrcChartCard *card = g_hash_table_lookup (self->chart_cards, crrc_chart_model_get_id (model));

      if (card != NULL)
        crrc_chart_card_set_model (card, model);
      else
        add_chart_card (self, model);
    }
}

static double
incidents_shown (CrrcObservatoirePage *self)
{
  for (guint i = 0; self->kpis != NULL && i < self->kpis->len; i++)
    {
      CrrcChartModel *model = g_ptr_array_index (self->kpis, i);

      if (g_strcmp0 (crrc_chart_model_get_id (model), "kpi-incidents") == 0)
        return crrc_chart_model_get_kpi_value (model);
    }
  return NAN;
}

static void
update_sync_banner (CrrcObservatoirePage *self)
{
  if (self->n_failed_feeds == 0 && !self->sync_failed)
    {
      crrc_banner_set_revealed (self->sync_banner, FALSE);
      return;
    }

  crrc_banner_set_title (self->sync_banner,
                         _("The last synchronisation failed: the figures may be out of date."));
  crrc_banner_set_button_label (self->sync_banner, _("_Details"));
  crrc_banner_set_error (self->sync_banner, TRUE);
  crrc_banner_set_revealed (self->sync_banner, TRUE);
}

static void
apply_results (CrrcObservatoirePage *self,
               LoadData             *data)
{
  double incidents;

  self->n_failed_feeds = data->n_failed_feeds;
  update_sync_banner (self);

  if (data->empty)
    {
      g_clear_pointer (&self->years, g_array_unref);
      g_clear_pointer (&self->kpis, g_ptr_array_unref);
      g_clear_pointer (&self->charts, g_ptr_array_unref);
      self->latest_year = 0;
      self->applied_year = 0;
      fill_year_dropdown (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_actions (self);
      return;
    }

  g_clear_pointer (&self->years, g_array_unref);
  self->years = g_steal_pointer (&data->years);
  self->latest_year = data->latest_year;
  self->applied_year = data->applied_year;
  replace_string (&self->applied_region, data->region);
  replace_string (&self->applied_department, data->department);
  replace_string (&self->applied_sector, data->sector);
  replace_string (&self->applied_origin, data->origin);

  g_clear_pointer (&self->kpis, g_ptr_array_unref);
  self->kpis = g_steal_pointer (&data->kpis);
  g_clear_pointer (&self->charts, g_ptr_array_unref);
  self->charts = g_steal_pointer (&data->charts);
  g_free (self->scope);
  self->scope = g_steal_pointer (&data->scope);
  g_free (self->freshness);
  self->freshness = g_steal_pointer (&data->freshness);
  self->demo = data->demo;

  fill_year_dropdown (self);
  sync_widgets (self);
  update_chips (self);
  show_models (self);

  incidents = incidents_shown (self);
  gtk_stack_set_visible_child_name (self->results_stack,
                                    !isnan (incidents) && incidents == 0 ? "no-results" : "results");
  gtk_stack_set_visible_child_name (self->stack, "content");
  update_actions (self);
}

static void
show_error (CrrcObservatoirePage *self,
            const char           *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "error");
  update_actions (self);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CrrcObservatoirePage *self = CRRC_OBSERVATOIRE_PAGE (object);
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* The reader goes back to the page, for the next load, unless the store
   * changed meanwhile. */
  if (self->reader == NULL && data->store == self->store)
    self->reader = g_steal_pointer (&data->reader);

  if (self->disposed)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!self->reload_pending)
        show_error (self, error->message);
    }
  else if (!self->reload_pending)
    {
      apply_results (self, data);
    }

  set_loading (self, FALSE);

  if (self->reload_pending)
    start_load (self);
}

/* The `source` of the feed the Synchronisation page follows. */
static char *
get_feed_source (CrrcObservatoirePage *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "feed-url");
  const char *cache_path;

  g_strstrip (url);
  if (url[0] != '\0')
    return crrc_feed_source_for_url (url);

  cache_path = self->application != NULL ? crrc_application_get_cache_path (self->application) : NULL;
  if (cache_path != NULL && g_settings_get_boolean (self->settings, "show-demo-data"))
    {
      g_autofree char *demo_url = crrc_demo_get_url (cache_path);

      if (demo_url != NULL)
        return crrc_feed_source_for_url (demo_url);
    }

  return NULL;
}

static void
start_load (CrrcObservatoirePage *self)
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

  if (self->loading)
    {
      self->reload_pending = TRUE;
      return;
    }

  self->reload_pending = FALSE;

  data = g_new0 (LoadData, 1);
  data->store = g_object_ref (self->store);
  data->reader = g_steal_pointer (&self->reader);
  data->year = self->year;
  data->region = g_strdup (self->region);
  data->department = g_strdup (self->department);
  data->sector = g_strdup (self->sector);
  data->origin = g_strdup (self->origin);
  data->per_establishment = self->per_establishment;
  data->diffusion = g_settings_get_boolean (self->settings, "diffusion-mode");
  data->source = get_feed_source (self);

  set_loading (self, TRUE);

  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_name (task, "[crrc] observatoire figures");
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}


/* The application */

static void
store_changed_cb (CrrcObservatoirePage *self)
{
  CrrcStore *store = self->application != NULL ? crrc_application_get_store (self->application) : NULL;

  if (store == self->store)
    return;

  g_set_object (&self->store, store);
  /* The reader belongs to the previous cache. */
  g_clear_object (&self->reader);
  start_load (self);
}

static void
data_changed_cb (CrrcObservatoirePage *self)
{
  start_load (self);
}

static void
centre_region_changed_cb (CrrcObservatoirePage *self)
{
  g_autofree char *saved = g_settings_get_string (self->settings, "observatoire-region");
  g_autofree char *region = NULL;

  /* The page follows the centre's region until another is chosen. */
  if (saved[0] != '\0')
    return;

  region = default_region (self);
  if (g_strcmp0 (region, self->region) != 0)
    crrc_observatoire_page_set_region (self, region);
  else
    update_chips (self);
}


/* Filter widgets */

static void
year_selected_cb (CrrcObservatoirePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->year_dropdown);

  if (self->syncing_widgets || self->years == NULL || selected >= self->years->len)
    return;

  crrc_observatoire_page_set_year (self, g_array_index (self->years, int, selected));
}

static void
region_selected_cb (CrrcObservatoirePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->region_dropdown);
  const CrrcRegion *regions;
  guint n_regions;

  if (self->syncing_widgets || selected == GTK_INVALID_LIST_POSITION)
    return;

  regions = crrc_geo_get_regions (&n_regions);
  crrc_observatoire_page_set_region (self, selected > 0 && selected <= n_regions
                                           ? regions[selected - 1].code : NULL);
}

static void
department_selected_cb (CrrcObservatoirePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->department_dropdown);
  g_autoptr(GPtrArray) departments = NULL;

  if (self->syncing_widgets || selected == GTK_INVALID_LIST_POSITION)
    return;

  departments = list_departments (self);
  crrc_observatoire_page_set_department (self, selected > 0 && selected <= departments->len
                                               ? ((const CrrcDepartment *) g_ptr_array_index (departments,
                                                                                             selected - 1))->code
                                               : NULL);
}

static void
sector_selected_cb (CrrcObservatoirePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->sector_dropdown);

  if (self->syncing_widgets || selected >= G_N_ELEMENTS (sector_items))
    return;

  crrc_observatoire_page_set_sector (self, sector_items[selected].key);
}

static void
origin_selected_cb (CrrcObservatoirePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->origin_dropdown);

  if (self->syncing_widgets || selected >= G_N_ELEMENTS (origin_items))
    return;

  crrc_observatoire_page_set_origin (self, origin_items[selected].key);
}

static void
map_selected_cb (CrrcObservatoirePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->map_dropdown);

  if (self->syncing_widgets || selected == GTK_INVALID_LIST_POSITION)
    return;

  crrc_observatoire_page_set_map_mode (self, selected == 1 ? MAP_MODE_RATE : MAP_MODE_COUNT);
}

static void
sync_banner_button_clicked_cb (CrrcObservatoirePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "synchronisation");
}

static void
setup_dropdown (GtkDropDown        *dropdown,
                const char * const *strings,
                gboolean            search)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (strings);

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  if (search)
    {
      g_autoptr(GtkExpression) expression =
        gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

      gtk_drop_down_set_expression (dropdown, expression);
      gtk_drop_down_set_enable_search (dropdown, TRUE);
    }
}

static void
setup_filter_widgets (CrrcObservatoirePage *self)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new ();
  const char *sectors[G_N_ELEMENTS (sector_items) + 1] = { NULL };
  const char *origins[G_N_ELEMENTS (origin_items) + 1] = { NULL };
  const char *map_modes[3] = { NULL };
  const CrrcRegion *all_regions;
  guint n_regions;

  setup_dropdown (self->year_dropdown, NULL, FALSE);

  all_regions = crrc_geo_get_regions (&n_regions);
  g_ptr_array_add (regions, (gpointer) _("All of France"));
  for (guint i = 0; i < n_regions; i++)
    g_ptr_array_add (regions, (gpointer) all_regions[i].name);
  g_ptr_array_add (regions, NULL);
  setup_dropdown (self->region_dropdown, (const char * const *) regions->pdata, TRUE);

  setup_dropdown (self->department_dropdown, NULL, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (sector_items); i++)
    sectors[i] = _(sector_items[i].label);
  setup_dropdown (self->sector_dropdown, sectors, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (origin_items); i++)
    origins[i] = _(origin_items[i].label);
  setup_dropdown (self->origin_dropdown, origins, FALSE);

  map_modes[0] = _("Incidents");
  map_modes[1] = _("Per 100 establishments");
  setup_dropdown (self->map_dropdown, map_modes, FALSE);

  /* Tab goes from drop-down to drop-down, not through the flow box's
   * children. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->filters_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  g_signal_connect_swapped (self->year_dropdown, "notify::selected", G_CALLBACK (year_selected_cb), self);
  g_signal_connect_swapped (self->region_dropdown, "notify::selected", G_CALLBACK (region_selected_cb), self);
  g_signal_connect_swapped (self->department_dropdown, "notify::selected",
                            G_CALLBACK (department_selected_cb), self);
  g_signal_connect_swapped (self->sector_dropdown, "notify::selected", G_CALLBACK (sector_selected_cb), self);
  g_signal_connect_swapped (self->origin_dropdown, "notify::selected", G_CALLBACK (origin_selected_cb), self);
  g_signal_connect_swapped (self->map_dropdown, "notify::selected", G_CALLBACK (map_selected_cb), self);
}


/* Exports */

typedef struct
{
  CrrcObservatoirePage *self;
  GFile                *file;
  char                 *scope;
  char                 *freshness;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->file);
  g_free (data->scope);
  g_free (data->freshness);
  g_free (data);
}

static char *
get_display_name (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    return g_filename_display_name (path);
  return g_file_get_uri (file);
}

/* "observatoire-27-2023", "observatoire-france-2023". */
static char *
export_base_name (CrrcObservatoirePage *self)
{
  const char *place = self->applied_department != NULL ? self->applied_department
                      : self->applied_region != NULL ? self->applied_region
                      : "france";

  return g_strdup_printf ("observatoire-%s-%d", place, self->applied_year);
}

static GtkFileChooserNative *
new_chooser (CrrcObservatoirePage *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept_label)
{
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  self->chooser = gtk_file_chooser_native_new (title, get_parent_window (self), action,
                                               accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  return self->chooser;
}

static GFile *
take_chosen_file (CrrcObservatoirePage *self,
                  int                   response)
{
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  return file;
}

static void
slides_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = get_display_name (data->file);
  g_autofree char *message = NULL;

  if (crrc_observatoire_export_slides_finish (result, &error))
    message = g_strdup_printf (_("Slide deck saved as “%s”"), name);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup_printf (_("The slide deck could not be saved: %s"), error->message);

  if (message != NULL && !data->self->disposed)
    show_toast (data->self, message);

  export_data_free (data);
}

static void
slides_response_cb (CrrcObservatoirePage *self,
                    int                   response)
{
  g_autoptr(GFile) file = take_chosen_file (self, response);
  CrrcSlidesCover cover = { 0 };
  ExportData *data;

  if (file == NULL || self->charts == NULL)
    return;

  data = g_new0 (ExportData, 1);
  data->self = g_object_ref (self);
  data->file = g_object_ref (file);
  data->scope = g_strdup (self->scope);
  data->freshness = g_strdup (self->freshness);

  cover.title = _("Observatory of security incidents");
  cover.scope = data->scope;
  cover.freshness = data->freshness;
  cover.demo = self->demo;

  crrc_observatoire_export_slides_async (self->charts, &cover, file, self->cancellable,
                                         slides_done_cb, data);
}

static void
export_slides_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  crrc_observatoire_page_export_slides (CRRC_OBSERVATOIRE_PAGE (widget));
}

static void
folder_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = get_display_name (data->file);
  g_autofree char *message = NULL;
  guint n_files;

  n_files = crrc_observatoire_export_folder_finish (result, &error);
  if (error == NULL)
    /* Translators: %u is a number of charts, %s a folder */
    message = g_strdup_printf (ngettext ("%u chart saved in “%s”", "%u charts saved in “%s”", n_files),
                               n_files, name);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup_printf (_("The charts could not be saved: %s"), error->message);

  if (message != NULL && !data->self->disposed)
    show_toast (data->self, message);

  export_data_free (data);
}

static void
folder_response_cb (CrrcObservatoirePage *self,
                    int                   response)
{
  g_autoptr(GFile) folder = take_chosen_file (self, response);
  const char *choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (self->chooser), "format");
  CrrcChartFormat format = CRRC_CHART_FORMAT_PNG;
  ExportData *data;

  if (folder == NULL || self->charts == NULL)
    return;

  if (choice == NULL || !crrc_chart_format_from_string (choice, &format))
    format = CRRC_CHART_FORMAT_PNG;

  data = g_new0 (ExportData, 1);
  data->self = g_object_ref (self);
  data->file = g_object_ref (folder);

  crrc_observatoire_export_folder_async (self->charts, folder, format, self->cancellable,
                                         folder_done_cb, data);
}

static void
export_charts_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CrrcObservatoirePage *self = CRRC_OBSERVATOIRE_PAGE (widget);
  GtkFileChooserNative *chooser;
  const char *formats[] = { "png", "svg", "pdf", NULL };
  const char *labels[] = { N_("PNG images"), N_("SVG drawings"), N_("PDF documents"), NULL };
  const char *translated[] = { _(labels[0]), _(labels[1]), _(labels[2]), NULL };

  if (self->charts == NULL)
    return;

  chooser = new_chooser (self, _("Export All Charts"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export"));
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "format", _("Format"), formats, translated);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "format", "png");
  g_signal_connect_object (chooser, "response", G_CALLBACK (folder_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GPtrArray *
all_models (CrrcObservatoirePage *self)
{
  GPtrArray *models = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; self->kpis != NULL && i < self->kpis->len; i++)
    g_ptr_array_add (models, g_object_ref (g_ptr_array_index (self->kpis, i)));
  for (guint i = 0; self->charts != NULL && i < self->charts->len; i++)
    g_ptr_array_add (models, g_object_ref (g_ptr_array_index (self->charts, i)));

  return models;
}

static void
csv_response_cb (CrrcObservatoirePage *self,
                 int                   response)
{
  g_autoptr(GFile) file = take_chosen_file (self, response);
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  const char *choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (self->chooser), "separator");
  char separator = g_strcmp0 (choice, "semicolon") == 0 ? ';' : ',';

  if (file == NULL || self->charts == NULL)
    return;

  models = all_models (self);
  name = get_display_name (file);
  if (crrc_observatoire_export_csv (models, file, separator, &error))
    message = g_strdup_printf (_("Data saved as “%s”"), name);
  else
    message = g_strdup_printf (_("The data could not be saved: %s"), error->message);

  show_toast (self, message);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CrrcObservatoirePage *self = CRRC_OBSERVATOIRE_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  const char *separators[] = { "comma", "semicolon", NULL };
  const char *labels[] = { _("Comma (,)"), _("Semicolon (;)"), NULL };
  const struct lconv *conv = localeconv ();
  gboolean decimal_comma = conv != NULL && g_strcmp0 (conv->decimal_point, ",") == 0;

  if (self->charts == NULL)
    return;

  chooser = new_chooser (self, _("Export Data"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));
  base = export_base_name (self);
  name = g_strconcat (base, ".csv", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "separator", _("Separator"), separators, labels);
  /* Spreadsheets that write decimals with a comma expect semicolons. */
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "separator", decimal_comma ? "semicolon" : "comma");
  g_signal_connect_object (chooser, "response", G_CALLBACK (csv_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  crrc_observatoire_page_print (CRRC_OBSERVATOIRE_PAGE (widget));
}

static void
present_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  crrc_observatoire_page_present (CRRC_OBSERVATOIRE_PAGE (widget));
}


/* GObject */

static void
crrc_observatoire_page_dispose (GObject *object)
{
  CrrcObservatoirePage *self = CRRC_OBSERVATOIRE_PAGE (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  if (self->application != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->application, self);
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), CRRC_TYPE_OBSERVATOIRE_PAGE);

  G_OBJECT_CLASS (crrc_observatoire_page_parent_class)->dispose (object);
}

static void
crrc_observatoire_page_finalize (GObject *object)
{
  CrrcObservatoirePage *self = CRRC_OBSERVATOIRE_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->reader);
  g_free (self->region);
  g_free (self->department);
  g_free (self->sector);
  g_free (self->origin);
  g_free (self->listed_region);
  g_free (self->applied_region);
  g_free (self->applied_department);
  g_free (self->applied_sector);
  g_free (self->applied_origin);
  g_clear_pointer (&self->years, g_array_unref);
  g_clear_pointer (&self->kpis, g_ptr_array_unref);
  g_clear_pointer (&self->charts, g_ptr_array_unref);
  g_free (self->scope);
  g_free (self->freshness);
  g_clear_pointer (&self->kpi_tiles, g_hash_table_unref);
  g_clear_pointer (&self->chart_cards, g_hash_table_unref);

  G_OBJECT_CLASS (crrc_observatoire_page_parent_class)->finalize (object);
}

static void
crrc_observatoire_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CrrcObservatoirePage *self = CRRC_OBSERVATOIRE_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_observatoire_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CrrcObservatoirePage *self = CRRC_OBSERVATOIRE_PAGE (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      crrc_observatoire_page_set_application (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_observatoire_page_class_init (CrrcObservatoirePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_observatoire_page_dispose;
  object_class->finalize = crrc_observatoire_page_finalize;
  object_class->get_property = crrc_observatoire_page_get_property;
  object_class->set_property = crrc_observatoire_page_set_property;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         CRRC_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CrrcObservatoirePage:loading:
   *
   * Whether the figures are being read from the cache.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CRRC_TYPE_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pages/crrc-observatoire-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, sync_banner);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, stack);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, empty_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, department_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, sector_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, origin_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, filters_box);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, reload_spinner);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, map_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, chips_scroller);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, chips_box);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, kpi_box);
  gtk_widget_class_bind_template_child (widget_class, CrrcObservatoirePage, charts_box);
  gtk_widget_class_bind_template_callback (widget_class, sync_banner_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, crrc_observatoire_page_reload);
  gtk_widget_class_bind_template_callback (widget_class, crrc_observatoire_page_reset_filters);

  gtk_widget_class_install_action (widget_class, "observatoire.present", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "observatoire.export-slides", NULL, export_slides_action);
  gtk_widget_class_install_action (widget_class, "observatoire.export-charts", NULL, export_charts_action);
  gtk_widget_class_install_action (widget_class, "observatoire.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "observatoire.print", NULL, print_action);
}

static void
crrc_observatoire_page_init (CrrcObservatoirePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->kpi_tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->chart_cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::region",
                           G_CALLBACK (centre_region_changed_cb), self, G_CONNECT_SWAPPED);
  /* Every chart and export follows the diffusion mode: build them again. */
  g_signal_connect_object (self->settings, "changed::diffusion-mode",
                           G_CALLBACK (start_load), self, G_CONNECT_SWAPPED);

  setup_filter_widgets (self);
  load_filters (self);
  sync_widgets (self);
  update_chips (self);
  update_actions (self);
  gtk_spinner_set_spinning (self->spinner, TRUE);
}


/* Public API */

GtkWidget *
crrc_observatoire_page_new (void)
{
  return g_object_new (CRRC_TYPE_OBSERVATOIRE_PAGE, NULL);
}

CrrcApplication *
crrc_observatoire_page_get_application (CrrcObservatoirePage *self)
{
  g_return_val_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self), NULL);

  return self->application;
}

/**
 * crrc_observatoire_page_set_application:
 * @self: the page
 * @application: (nullable): where the store comes from
 *
 * The page reads the figures from @application's store once it is open,
 * and again on #CrrcApplication::data-changed.
 */
void
crrc_observatoire_page_set_application (CrrcObservatoirePage *self,
                                        CrrcApplication      *application)
{
  g_return_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self));
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATION]);
}

/**
 * crrc_observatoire_page_get_year:
 *
 * Returns: the year shown (the latest unless another was chosen), or 0
 *   before the cache said which is the latest
 */
int
crrc_observatoire_page_get_year (CrrcObservatoirePage *self)
{
  g_return_val_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self), 0);

  if (self->year != 0)
    return self->year;
  return self->latest_year;
}

/**
 * crrc_observatoire_page_set_year:
 * @self: the page
 * @year: a year, or 0 for the latest in the cache
 */
void
crrc_observatoire_page_set_year (CrrcObservatoirePage *self,
                                 int                   year)
{
  g_return_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self));
  g_return_if_fail (year >= 0);

  if (year == self->year)
    return;

  self->year = year;
  filters_changed (self);
}

const char *
crrc_observatoire_page_get_region (CrrcObservatoirePage *self)
{
  g_return_val_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self), NULL);

  return self->region;
}

/**
 * crrc_observatoire_page_set_region:
 * @self: the page
 * @region: (nullable): an INSEE region code, or %NULL (or "FR") for all of
 *   France
 *
 * A department of another region is no longer a filter.
 */
void
crrc_observatoire_page_set_region (CrrcObservatoirePage *self,
                                   const char           *region)
{
  g_autofree char *code = NULL;

  g_return_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self));

  code = dup_region (region);
  if (!replace_string (&self->region, code))
    return;

  if (self->department != NULL && self->region != NULL &&
      g_strcmp0 (crrc_geo_region_for_department (self->department), self->region) != 0)
    g_clear_pointer (&self->department, g_free);

  filters_changed (self);
}

const char *
crrc_observatoire_page_get_department (CrrcObservatoirePage *self)
{
  g_return_val_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self), NULL);

  return self->department;
}

/**
 * crrc_observatoire_page_set_department:
 * @self: the page
 * @department: (nullable): an INSEE department code, or %NULL for every
 *   department of the region
 *
 * A department of another region than the chosen one chooses its region.
 */
void
crrc_observatoire_page_set_department (CrrcObservatoirePage *self,
                                       const char           *department)
{
  g_autofree char *code = NULL;
  const char *region;

  g_return_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self));

  code = dup_department (department);
  if (!replace_string (&self->department, code))
    return;

  region = code != NULL ? crrc_geo_region_for_department (code) : NULL;
  if (self->region != NULL && region != NULL && g_strcmp0 (region, self->region) != 0)
    replace_string (&self->region, region);

  filters_changed (self);
}

const char *
crrc_observatoire_page_get_sector (CrrcObservatoirePage *self)
{
  g_return_val_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self), NULL);

  return self->sector;
}

/**
 * crrc_observatoire_page_set_sector:
 * @self: the page
 * @sector: (nullable): "sanitaire", "medico_social", "grades", "other", or
 *   %NULL for all
 */
void
crrc_observatoire_page_set_sector (CrrcObservatoirePage *self,
                                   const char           *sector)
{
  g_return_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self));
  g_return_if_fail (sector == NULL || is_known_key (sector_items, G_N_ELEMENTS (sector_items), sector));

  if (replace_string (&self->sector, sector))
    filters_changed (self);
}

const char *
crrc_observatoire_page_get_origin (CrrcObservatoirePage *self)
{
  g_return_val_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self), NULL);

  return self->origin;
}

/**
 * crrc_observatoire_page_set_origin:
 * @self: the page
 * @origin: (nullable): "malicious", "non_malicious", "undetermined", or
 *   %NULL for all
 */
void
crrc_observatoire_page_set_origin (CrrcObservatoirePage *self,
                                   const char           *origin)
{
  g_return_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self));
  g_return_if_fail (origin == NULL || is_known_key (origin_items, G_N_ELEMENTS (origin_items), origin));

  if (replace_string (&self->origin, origin))
    filters_changed (self);
}

/**
 * crrc_observatoire_page_reset_filters:
 *
 * The latest year, the centre's region, every department, sector and
 * origin.
 */
void
crrc_observatoire_page_reset_filters (CrrcObservatoirePage *self)
{
  g_autofree char *region = NULL;
  gboolean changed = FALSE;

  g_return_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self));

  region = default_region (self);
  changed |= self->year != 0;
  self->year = 0;
  changed |= replace_string (&self->region, region);
  changed |= replace_string (&self->department, NULL);
  changed |= replace_string (&self->sector, NULL);
  changed |= replace_string (&self->origin, NULL);

  if (changed)
    filters_changed (self);
}

const char *
crrc_observatoire_page_get_map_mode (CrrcObservatoirePage *self)
{
  g_return_val_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self), NULL);

  return self->per_establishment ? MAP_MODE_RATE : MAP_MODE_COUNT;
}

void
crrc_observatoire_page_set_map_mode (CrrcObservatoirePage *self,
                                     const char           *map_mode)
{
  gboolean per_establishment;

  g_return_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self));
  g_return_if_fail (g_strcmp0 (map_mode, MAP_MODE_COUNT) == 0 || g_strcmp0 (map_mode, MAP_MODE_RATE) == 0);

  per_establishment = g_str_equal (map_mode, MAP_MODE_RATE);
  if (per_establishment == self->per_establishment)
    return;

  self->per_establishment = per_establishment;
  filters_changed (self);
}

/**
 * crrc_observatoire_page_set_sync_failed:
 * @self: the page
 * @failed: whether the last synchronisation did not succeed
 *
 * The page then says that its figures may be out of date, as it does when
 * the cache records a failed feed.
 */
void
crrc_observatoire_page_set_sync_failed (CrrcObservatoirePage *self,
                                        gboolean              failed)
{
  g_return_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self));

  self->sync_failed = !!failed;
  update_sync_banner (self);
}

gboolean
crrc_observatoire_page_get_loading (CrrcObservatoirePage *self)
{
  g_return_val_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self), FALSE);

  return self->loading;
}

void
crrc_observatoire_page_reload (CrrcObservatoirePage *self)
{
  g_return_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self));

  start_load (self);
}

/**
 * crrc_observatoire_page_get_kpi_chart:
 *
 * Returns: (transfer none) (nullable): the KPI tile of @id
 */
CrrcChart *
crrc_observatoire_page_get_kpi_chart (CrrcObservatoirePage *self,
                                      const char           *id)
{
  g_return_val_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->kpi_tiles, id);
}

/**
 * crrc_observatoire_page_get_chart:
 *
 * Returns: (transfer none) (nullable): the chart of the card of @id
 */
CrrcChart *
crrc_observatoire_page_get_chart (CrrcObservatoirePage *self,
                                  const char           *id)
{
  CrrcChartCard *card;

  g_return_val_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  card = g_hash_table_lookup (self->chart_cards, id);
  return card != NULL ? crrc_chart_card_get_chart (card) : NULL;
}

/**
 * crrc_observatoire_page_get_charts:
 *
 * Returns: (transfer none) (nullable) (element-type CrrcChartModel): the
 *   charts shown
 */
GPtrArray *
crrc_observatoire_page_get_charts (CrrcObservatoirePage *self)
{
  g_return_val_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self), NULL);

  return self->charts;
}

/**
 * crrc_observatoire_page_get_kpis:
 *
 * Returns: (transfer none) (nullable) (element-type CrrcChartModel): the
 *   key figures shown
 */
GPtrArray *
crrc_observatoire_page_get_kpis (CrrcObservatoirePage *self)
{
  g_return_val_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self), NULL);

  return self->kpis;
}

const char *
crrc_observatoire_page_get_state (CrrcObservatoirePage *self)
{
  const char *name;

  g_return_val_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self), NULL);

  name = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (name, "content") == 0)
    return gtk_stack_get_visible_child_name (self->results_stack);
  return name;
}

/* The chart whose card has the focus, to present from it. */
static guint
focused_chart_index (CrrcObservatoirePage *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *card = focus != NULL ? gtk_widget_get_ancestor (focus, CRRC_TYPE_CHART_CARD) : NULL;
  CrrcChartModel *model = card != NULL ? crrc_chart_card_get_model (CRRC_CHART_CARD (card)) : NULL;

  for (guint i = 0; model != NULL && i < self->charts->len; i++)
    if (g_ptr_array_index (self->charts, i) == model)
      return i;
  return 0;
}

/**
 * crrc_observatoire_page_present:
 *
 * Shows the charts full screen, from the one with the focus.
 */
void
crrc_observatoire_page_present (CrrcObservatoirePage *self)
{
  CrrcPresentationWindow *window;

  g_return_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self));

  if (self->charts == NULL || self->charts->len == 0)
    return;

  window = crrc_presentation_window_new (get_parent_window (self), self->charts,
                                         focused_chart_index (self));
  gtk_window_present (GTK_WINDOW (window));
}

void
crrc_observatoire_page_export_slides (CrrcObservatoirePage *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self));

  if (self->charts == NULL || self->charts->len == 0)
    return;

  chooser = new_chooser (self, _("Export as Slide Deck"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));
  base = export_base_name (self);
  name = g_strconcat (base, ".pdf", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (slides_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
crrc_observatoire_page_print (CrrcObservatoirePage *self)
{
  g_return_if_fail (CRRC_IS_OBSERVATOIRE_PAGE (self));

  if (self->charts == NULL || self->charts->len == 0)
    return;

  crrc_observatoire_print (get_parent_window (self), self->charts);
}
