/* crrc-etablissements-page.c: the Établissements page, list and detail
 *
 * The list: a search entry, a popover of filters, the count and a
 * GtkColumnView over CrrcEstablishmentList, which pages from SQLite. The
 * column headers sort, but no GtkSortListModel sorts in memory: the
 * columns' sorters only tell which header was clicked (each answers the
 * column view's compare with its own number, and the direction comes back
 * from the column view), and the list queries again with that ORDER BY.
 *
 * The detail is pushed in a GtkStack beside the list, which stays alive:
 * coming back finds its scroll position, selection and filters as they
 * were.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-etablissements-page"

#include "config.h"

#include <glib/gi18n.h>

#include "crrc-campaign-dialogs.h"
#include "crrc-display-text.h"
#include "crrc-establishment-list.h"
#include "crrc-etablissements-page.h"
#include "crrc-finess.h"
#include "crrc-format.h"
#include "crrc-geo.h"
#include "crrc-toast.h"

typedef enum
{
  COLUMN_NAME,
  COLUMN_FINESS,
  COLUMN_CATEGORY,
  COLUMN_DEPARTMENT,
  COLUMN_MATURITY,
  COLUMN_INCIDENTS,
  COLUMN_LAST_AUDIT,
  N_COLUMNS
} Column;

static const struct
{
  const char             *title;
  CrrcEstablishmentsSort  sort;
  gboolean                expand;
} columns[N_COLUMNS] = {
  { N_("Name"), CRRC_ESTABLISHMENTS_SORT_NAME, TRUE },
  { N_("FINESS"), CRRC_ESTABLISHMENTS_SORT_FINESS, FALSE },
  { N_("Category"), CRRC_ESTABLISHMENTS_SORT_CATEGORY, TRUE },
  { N_("Department"), CRRC_ESTABLISHMENTS_SORT_DEPARTMENT, FALSE },
  { N_("Maturity"), CRRC_ESTABLISHMENTS_SORT_MATURITY, FALSE },
  { N_("Incidents"), CRRC_ESTABLISHMENTS_SORT_INCIDENTS, FALSE },
  { N_("Last Audit"), CRRC_ESTABLISHMENTS_SORT_LAST_AUDIT, FALSE },
};

static const char * const sector_keys[] = { NULL, "sanitaire", "medico_social", "grades", "other" };
static const char * const sector_labels[] = {
  N_("All sectors"), N_("Health"), N_("Medico-social"), N_("GRADeS"), N_("Other"),
};
static const char * const stage_keys[] = {
  NULL, "targeted", "contacted", "scheduled", "diagnosed", "report_sent", "action_plan",
  "exercise_done", "rediagnosed",
};
static const char * const stage_labels[] = {
  N_("Any campaign stage"), N_("Targeted"), N_("Contacted"), N_("Meeting scheduled"),
  N_("Diagnostic done"), N_("Report sent"), N_("Action plan validated"),
  N_("Crisis exercise done"), N_("Re-diagnosed"),
};

struct _CrrcEtablissementsPage
{
  GtkWidget                 parent_instance;

  CrrcApplication          *application;
  gboolean                  shown;   /* mapped once: the list may load */
  CrrcEstablishmentList    *list;
  GtkSingleSelection       *selection;
  CrrcEstablishmentsFilter *filter;
  CrrcEstablishmentView    *detail;
  GPtrArray                *history;     /* FINESS numbers shown, oldest first */
  char                     *count_text;
  double                    scroll;
  int                       probe_column;
  guint                     open_pending;
  gboolean                  updating;
  GtkFileChooserNative     *chooser;

  /* Filter widgets */
  GtkDropDown              *region_drop;
  GtkDropDown              *department_drop;
  GtkDropDown              *sector_drop;
  GtkEntry                 *category_entry;
  GtkEntry                 *ght_entry;
  GtkDropDown              *band_drop;
  GtkSpinButton            *year_spin;
  GtkDropDown              *incidents_drop;
  GtkDropDown              *audited_drop;
  GtkDropDown              *alerted_drop;
  GtkDropDown              *stage_drop;
  GtkDropDown              *open_drop;

  /* Template widgets */
  GtkStack                 *stack;
  GtkSearchEntry           *search_entry;
  GtkMenuButton            *filter_button;
  GtkGrid                  *filter_grid;
  GtkButton                *reset_button;
  GtkLabel                 *count_label;
  GtkStack                 *results_stack;
  GtkScrolledWindow        *scrolled_window;
  GtkColumnView            *column_view;
  AdwStatusPage            *empty_page;
  GtkBox                   *detail_box;
  GtkLabel                 *detail_title;
};

G_DEFINE_FINAL_TYPE (CrrcEtablissementsPage, crrc_etablissements_page, GTK_TYPE_WIDGET)

/* Cells */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);
  Column column = GPOINTER_TO_INT (data);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_INCIDENTS ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  if (column != COLUMN_NAME && column != COLUMN_CATEGORY)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static char *
format_date (const char *iso)
{
  int y, m, d;
  g_autoptr(GDateTime) date = NULL;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
    return NULL;
  date = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (date == NULL)
    return g_strdup (iso);

  return crrc_format_date (date);
}

static char *
cell_text (const CrrcEstablishmentsRow *row,
           Column                       column)
{
  const CrrcDepartment *department;

  switch (column)
    {
    case COLUMN_NAME:
      return g_strdup (row->name);
    case COLUMN_FINESS:
      return crrc_finess_format (row->finess);
    case COLUMN_CATEGORY:
      return g_strdup (row->category_label);
    case COLUMN_DEPARTMENT:
      department = crrc_geo_lookup_department (row->department);
      return department != NULL ? g_strdup_printf ("%s %s", department->code, department->name)
                                : g_strdup (row->department);
    case COLUMN_MATURITY:
      if (row->maturity < 0)
        return g_strdup ("—");
      /* TRANSLATORS: a maturity score out of 100 and its band, "62 · Maîtrisé" */
      return g_strdup_printf (_("%d · %s"), row->maturity, crrc_maturity_band_get_label (row->band));
    case COLUMN_INCIDENTS:
      return crrc_format_count (row->incidents);
    case COLUMN_LAST_AUDIT:
      return row->last_audit != NULL ? format_date (row->last_audit) : g_strdup ("—");
    case N_COLUMNS:
    default:
      return NULL;
    }
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  CrrcEstablishmentRow *row = gtk_list_item_get_item (item);
  const CrrcEstablishmentsRow *values = crrc_establishment_row_get_data (row);
  g_autofree char *text = values != NULL ? cell_text (values, GPOINTER_TO_INT (data)) : NULL;
  g_autofree char *shown = crrc_display_text (text != NULL ? text : "");

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), shown);
}

/* Sorting: which header, which way. */

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  CrrcEtablissementsPage *self = g_object_get_data (G_OBJECT (data), "page");

  self->probe_column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (data), "column"));

  return GTK_ORDERING_LARGER;
}

static void
sorter_changed_cb (CrrcEtablissementsPage *self)
{
  GtkSorter *sorter;
  g_autoptr(CrrcEstablishmentRow) probe = NULL;
  g_autoptr(CrrcEstablishmentRow) other = NULL;
  GtkOrdering order;

  /* The columns go away with the page. */
  if (self->column_view == NULL || self->list == NULL)
    return;

  sorter = gtk_column_view_get_sorter (self->column_view);

  if (gtk_sorter_get_order (sorter) == GTK_SORTER_ORDER_NONE)
    {
      crrc_establishment_list_set_sort (self->list, CRRC_ESTABLISHMENTS_SORT_NAME, FALSE);
      return;
    }

  /* Two items: a sorter takes one item as equal to itself. */
  probe = g_object_new (CRRC_TYPE_ESTABLISHMENT_ROW, NULL);
  other = g_object_new (CRRC_TYPE_ESTABLISHMENT_ROW, NULL);
  self->probe_column = -1;
  order = gtk_sorter_compare (sorter, probe, other);
  if (self->probe_column < 0)
    return;

  crrc_establishment_list_set_sort (self->list, columns[self->probe_column].sort,
                                    order == GTK_ORDERING_SMALLER);
}

/* The count, the empty state */

static void
count_changed_cb (CrrcEtablissementsPage *self)
{
  gint64 count = crrc_establishment_list_get_count (self->list);
  g_autofree char *number = NULL;

  if (count < 0)
    return;

  number = crrc_format_count (count);
  g_free (self->count_text);
  self->count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s establishment", "%s establishments",
                                                   (gulong) MIN (count, G_MAXULONG)),
                                      number);
  gtk_label_set_text (self->count_label, self->count_text);

  if (count > 0)
    {
      gtk_stack_set_visible_child_name (self->results_stack, "results");
    }
  else if (crrc_establishments_filter_is_empty (self->filter))
    {
      adw_status_page_set_title (self->empty_page, _("No Establishments Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("The cache holds no establishment. Sync your feed or import a FINESS "
                                         "extract from the Sync page."));
      gtk_stack_set_visible_child_name (self->results_stack, "empty");
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Establishment Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("No establishment matches this search and these filters. Check the "
                                         "spelling, or reset the filters."));
      gtk_stack_set_visible_child_name (self->results_stack, "empty");
    }
}

/* Filters */

static void
apply_filter (CrrcEtablissementsPage *self)
{
  crrc_establishment_list_set_filter (self->list, self->filter);
}

static void
search_changed_cb (CrrcEtablissementsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->updating)
    return;

  g_free (self->filter->text);
  self->filter->text = *text != '\0' ? g_strdup (text) : NULL;
  apply_filter (self);
}

static const char *
drop_key (GtkDropDown *drop)
{
  const char * const *keys = g_object_get_data (G_OBJECT (drop), "keys");
  guint selected = gtk_drop_down_get_selected (drop);

  return keys != NULL && selected != GTK_INVALID_LIST_POSITION ? keys[selected] : NULL;
}

static guint
drop_find (GtkDropDown *drop,
           const char  *key)
{
  const char * const *keys = g_object_get_data (G_OBJECT (drop), "keys");
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (drop), "n-keys"));

  for (guint i = 1; i < n && key != NULL; i++)
    if (g_strcmp0 (keys[i], key) == 0)
      return i;

  return 0;
}

static CrrcEstablishmentsChoice
choice_of (GtkDropDown *drop)
{
  return (CrrcEstablishmentsChoice) gtk_drop_down_get_selected (drop);
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

static void
filters_changed_cb (CrrcEtablissementsPage *self)
{
  guint band;

  if (self->updating)
    return;

  set_string (&self->filter->region, drop_key (self->region_drop));
  set_string (&self->filter->department, drop_key (self->department_drop));
  set_string (&self->filter->sector, drop_key (self->sector_drop));
  set_string (&self->filter->category, gtk_editable_get_text (GTK_EDITABLE (self->category_entry)));
  set_string (&self->filter->ght, gtk_editable_get_text (GTK_EDITABLE (self->ght_entry)));
  band = gtk_drop_down_get_selected (self->band_drop);
  self->filter->maturity_band = band == 0 ? CRRC_ESTABLISHMENTS_ANY_BAND
                                          : band == 1 ? CRRC_MATURITY_BAND_NONE : (int) band - 2;
  self->filter->year = gtk_spin_button_get_value_as_int (self->year_spin);
  self->filter->incidents = choice_of (self->incidents_drop);
  self->filter->audited = choice_of (self->audited_drop);
  self->filter->alerted = choice_of (self->alerted_drop);
  set_string (&self->filter->stage, drop_key (self->stage_drop));
  self->filter->open = choice_of (self->open_drop);
  apply_filter (self);
}

/* The widgets show self->filter. */
static void
show_filter (CrrcEtablissementsPage *self)
{
  const CrrcEstablishmentsFilter *f = self->filter;

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), f->text != NULL ? f->text : "");
  gtk_drop_down_set_selected (self->region_drop, drop_find (self->region_drop, f->region));
  gtk_drop_down_set_selected (self->department_drop, drop_find (self->department_drop, f->department));
  gtk_drop_down_set_selected (self->sector_drop, drop_find (self->sector_drop, f->sector));
  gtk_editable_set_text (GTK_EDITABLE (self->category_entry), f->category != NULL ? f->category : "");
  gtk_editable_set_text (GTK_EDITABLE (self->ght_entry), f->ght != NULL ? f->ght : "");
  gtk_drop_down_set_selected (self->band_drop,
                              f->maturity_band == CRRC_ESTABLISHMENTS_ANY_BAND ? 0
                              : f->maturity_band == CRRC_MATURITY_BAND_NONE ? 1 : (guint) f->maturity_band + 2);
  gtk_spin_button_set_value (self->year_spin, f->year);
  gtk_drop_down_set_selected (self->incidents_drop, f->incidents);
  gtk_drop_down_set_selected (self->audited_drop, f->audited);
  gtk_drop_down_set_selected (self->alerted_drop, f->alerted);
  gtk_drop_down_set_selected (self->stage_drop, drop_find (self->stage_drop, f->stage));
  gtk_drop_down_set_selected (self->open_drop, f->open);
  self->updating = FALSE;
}

static void
reset_clicked_cb (CrrcEtablissementsPage *self)
{
  g_autofree char *text = g_strdup (self->filter->text);

  crrc_establishments_filter_free (self->filter);
  self->filter = crrc_establishments_filter_new ();
  self->filter->text = g_steal_pointer (&text);
  show_filter (self);
  apply_filter (self);
}

static void
add_filter_row (CrrcEtablissementsPage *self,
                const char             *label,
                GtkWidget              *widget)
{
  GtkWidget *title = gtk_label_new_with_mnemonic (label);
  int row = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self->filter_grid), "rows"));

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), widget);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_grid_attach (self->filter_grid, title, 0, row, 1, 1);
  gtk_grid_attach (self->filter_grid, widget, 1, row, 1, 1);
  g_object_set_data (G_OBJECT (self->filter_grid), "rows", GINT_TO_POINTER (row + 1));
}

/* A drop-down of @n labels (translated here), with its keys. */
static GtkDropDown *
add_drop_down (CrrcEtablissementsPage *self,
               const char             *label,
               const char * const     *labels,
               const char * const     *keys,
               guint                   n)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  GtkDropDown *drop;

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (strings, _(labels[i]));
  drop = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&strings)), NULL));
  g_object_set_data (G_OBJECT (drop), "keys", (gpointer) keys);
  g_object_set_data (G_OBJECT (drop), "n-keys", GUINT_TO_POINTER (n));
  g_signal_connect_swapped (drop, "notify::selected", G_CALLBACK (filters_changed_cb), self);
  add_filter_row (self, label, GTK_WIDGET (drop));

  return drop;
}

static GtkDropDown *
add_choice (CrrcEtablissementsPage *self,
            const char             *label,
            const char             *yes,
            const char             *no)
{
  const char *labels[] = { N_("Any"), yes, no };

  return add_drop_down (self, label, labels, NULL, G_N_ELEMENTS (labels));
}

static GtkEntry *
add_entry (CrrcEtablissementsPage *self,
           const char             *label,
           const char             *placeholder)
{
  GtkEntry *entry = GTK_ENTRY (gtk_entry_new ());

  gtk_entry_set_placeholder_text (entry, placeholder);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (filters_changed_cb), self);
  add_filter_row (self, label, GTK_WIDGET (entry));

  return entry;
}

static void
build_filters (CrrcEtablissementsPage *self)
{
  static const char *region_keys[32];
  static const char *region_labels[32];
  static const char *department_keys[128];
  static const char *department_labels[128];
  static const char * const band_labels[] = {
    N_("Any maturity"), N_("No diagnostic"), N_("Initial"), N_("Partial"), N_("Managed"), N_("Optimised"),
  };
  guint n_regions, n_departments, nr = 1, nd = 1;
  const CrrcRegion *regions = crrc_geo_get_regions (&n_regions);
  const CrrcDepartment *departments = crrc_geo_get_departments (&n_departments);

  /* The labels of regions and departments are names: not translated. */
  region_labels[0] = N_("All regions");
  for (guint i = 0; i < n_regions && nr < G_N_ELEMENTS (region_keys); i++, nr++)
    {
      region_keys[nr] = regions[i].code;
      region_labels[nr] = regions[i].name;
    }
  department_labels[0] = N_("All departments");
  for (guint i = 0; i < n_departments && nd < G_N_ELEMENTS (department_keys); i++, nd++)
    {
      department_keys[nd] = departments[i].code;
      if (department_labels[nd] == NULL)
        department_labels[nd] = g_strdup_printf ("%s %s", departments[i].code, departments[i].name);
    }

  self->region_drop = add_drop_down (self, _("_Region"), region_labels, region_keys, nr);
  self->department_drop = add_drop_down (self, _("_Department"), department_labels, department_keys, nd);
  self->sector_drop = add_drop_down (self, _("_Sector"), sector_labels, sector_keys, G_N_ELEMENTS (sector_keys));
  self->category_entry = add_entry (self, _("_Category"), _("FINESS code, e.g. 355"));
  self->ght_entry = add_entry (self, _("_GHT"), _("GHT code"));
  self->band_drop = add_drop_down (self, _("_Maturity"), band_labels, NULL, G_N_ELEMENTS (band_labels));
  self->year_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 2100, 1));
  g_signal_connect_swapped (self->year_spin, "value-changed", G_CALLBACK (filters_changed_cb), self);
  add_filter_row (self, _("_Year (0: all)"), GTK_WIDGET (self->year_spin));
  self->incidents_drop = add_choice (self, _("_Incidents"), N_("With incidents"), N_("Without incidents"));
  self->audited_drop = add_choice (self, _("_Audited"), N_("Audited"), N_("Not audited"));
  self->alerted_drop = add_choice (self, _("A_lerted"), N_("Alerted"), N_("Not alerted"));
  self->stage_drop = add_drop_down (self, _("Campaign s_tage"), stage_labels, stage_keys,
                                    G_N_ELEMENTS (stage_keys));
  self->open_drop = add_choice (self, _("_Status"), N_("Open"), N_("Closed"));
}

/* Detail */

static void
show_detail (CrrcEtablissementsPage *self,
             const char             *finess)
{
  crrc_establishment_view_show (self->detail, finess);
  gtk_label_set_text (self->detail_title, finess);
  gtk_stack_set_visible_child_name (self->stack, "detail");
}

static void
detail_title_cb (CrrcEtablissementsPage *self)
{
  const char *title = crrc_establishment_view_get_title (self->detail);

  if (title != NULL)
    {
      g_autofree char *shown = crrc_display_text (title);

      gtk_label_set_text (self->detail_title, shown);
    }
}

static void
open_establishment_cb (CrrcEtablissementsPage *self,
                       const char             *finess)
{
  crrc_etablissements_page_show_establishment (self, finess);
}

static void
open_position (CrrcEtablissementsPage *self,
               guint                   position)
{
  g_autoptr(CrrcEstablishmentRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (row == NULL)
    return;
  /* Its page is on its way: opened when it comes. */
  if (crrc_establishment_row_get_loading (row))
    {
      self->open_pending = position;
      return;
    }
  self->open_pending = GTK_INVALID_LIST_POSITION;

  gtk_single_selection_set_selected (self->selection, position);
  crrc_etablissements_page_show_establishment (self, crrc_establishment_row_get_finess (row));
}

/* A row asked for while its page was on its way. */
static void
items_changed_cb (CrrcEtablissementsPage *self,
                  guint                   position,
                  guint                   removed,
                  guint                   added)
{
  guint pending = self->open_pending;

  if (pending == GTK_INVALID_LIST_POSITION)
    return;
  if (removed != added)
    {
      /* Another list: what was asked for is gone. */
      self->open_pending = GTK_INVALID_LIST_POSITION;
      return;
    }
  if (pending >= position && pending < position + added)
    open_position (self, pending);
}

static void
row_activated_cb (CrrcEtablissementsPage *self,
                  guint                   position)
{
  open_position (self, position);
}

static void
search_activate_cb (CrrcEtablissementsPage *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  open_position (self, selected != GTK_INVALID_LIST_POSITION ? selected : 0);
}

static void
back_clicked_cb (CrrcEtablissementsPage *self)
{
  crrc_etablissements_page_go_back (self);
}

static gboolean
go_back_binding (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   data)
{
  return crrc_etablissements_page_go_back (CRRC_ETABLISSEMENTS_PAGE (widget));
}

/* Export */

static void
toast (CrrcEtablissementsPage *self,
       const char             *text)
{
  if (!crrc_toast_show_plain (GTK_WIDGET (self), text, ADW_TOAST_PRIORITY_NORMAL))
    g_message ("%s", text);
}

typedef struct
{
  CrrcStore                *store;
  CrrcEstablishmentsFilter *filter;
  CrrcEstablishmentsSort    sort;
  gboolean                  descending;
  GFile                    *file;
  char                      separator;
  gboolean                  diffusion;
  guint                     n_rows;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->store);
  crrc_establishments_filter_free (data->filter);
  g_clear_object (&data->file);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (data->store, &error);

  if (reader == NULL
      || !crrc_establishments_export_csv_full (reader, data->filter, data->sort, data->descending,
                                               data->diffusion, data->file, data->separator,
                                               &data->n_rows, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CrrcEtablissementsPage *self = CRRC_ETABLISSEMENTS_PAGE (source);
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      text = g_strdup_printf (_("The list could not be exported: %s"), error->message);
    }
  else
    {
      g_autofree char *number = crrc_format_count (data->n_rows);
      /* Valid UTF-8 even when the name on disk is not. */
      g_autofree char *basename = g_file_get_basename (data->file);
      g_autofree char *name = g_filename_display_name (basename);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s establishment exported to “%s”",
                                           "%s establishments exported to “%s”", data->n_rows),
                              number, name);
    }
  toast (self, text);
}

static void
export_response_cb (CrrcEtablissementsPage *self,
                    int                     response)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  const char *separator = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (self->chooser), "separator");
  CrrcStore *store = self->application != NULL ? crrc_application_get_store (self->application) : NULL;
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_clear_object (&self->chooser);
  if (response != GTK_RESPONSE_ACCEPT || file == NULL || store == NULL)
    return;

  data = g_new0 (ExportData, 1);
  data->store = g_object_ref (store);
  data->filter = crrc_establishments_filter_copy (self->filter);
  data->sort = crrc_establishment_list_get_sort (self->list, &data->descending);
  data->file = g_steal_pointer (&file);
  data->separator = g_strcmp0 (separator, "comma") == 0 ? ',' : ';';
  /* Diffusion mode: no FINESS, names or communes, no counts below 5. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    data->diffusion = g_settings_get_boolean (settings, "diffusion-mode");
  }

  task = g_task_new (self, NULL, export_done_cb, NULL);
  g_task_set_name (task, "[crrc] establishments CSV");
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_clicked_cb (CrrcEtablissementsPage *self)
{
  const char *ids[] = { "semicolon", "comma", NULL };
  const char *labels[] = { _("Semicolon (;)"), _("Comma (,)"), NULL };
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export the List"), GTK_WINDOW (window),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  /* TRANSLATORS: the default file name of the exported list */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("establishments.csv"));
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "separator", _("Separator"), ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (self->chooser), "separator", "semicolon");
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Add to a campaign: every establishment of the list. */

static void
added_to_campaign_cb (GObject    *owner,
                      const char *id,
                      const char *message)
{
  if (message != NULL)
    toast (CRRC_ETABLISSEMENTS_PAGE (owner), message);
}

static void
add_to_campaign_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CrrcEtablissementsPage *self = CRRC_ETABLISSEMENTS_PAGE (widget);
  gint64 count = crrc_establishment_list_get_count (self->list);
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);

  if (self->application == NULL)
    return;
  if (count <= 0)
    {
      toast (self, _("The list is empty: there is nothing to add to a campaign."));
      return;
    }
  crrc_campaign_dialog_add_matching (GTK_WINDOW (window), self->application, self->filter, count,
                                     added_to_campaign_cb, G_OBJECT (self));
}

/* Life */

static void
data_changed_cb (CrrcEtablissementsPage *self)
{
  if (self->shown)
    crrc_establishment_list_reload (self->list);
}

/* The list loads the first time the page is shown, not at start-up, where
 * it would compete with the Observatoire's first figures. */
static void
store_changed_cb (CrrcEtablissementsPage *self)
{
  if (self->shown)
    crrc_establishment_list_set_store (self->list,
                                       self->application != NULL
                                       ? crrc_application_get_store (self->application) : NULL);
}

static void
crrc_etablissements_page_map (GtkWidget *widget)
{
  CrrcEtablissementsPage *self = CRRC_ETABLISSEMENTS_PAGE (widget);

  GTK_WIDGET_CLASS (crrc_etablissements_page_parent_class)->map (widget);

  if (!self->shown)
    {
      self->shown = TRUE;
      store_changed_cb (self);
    }
}

static void
crrc_etablissements_page_dispose (GObject *object)
{
  CrrcEtablissementsPage *self = CRRC_ETABLISSEMENTS_PAGE (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRRC_TYPE_ETABLISSEMENTS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (crrc_etablissements_page_parent_class)->dispose (object);
}

static void
crrc_etablissements_page_finalize (GObject *object)
{
  CrrcEtablissementsPage *self = CRRC_ETABLISSEMENTS_PAGE (object);

  crrc_establishments_filter_free (self->filter);
  g_ptr_array_unref (self->history);
  g_free (self->count_text);

  G_OBJECT_CLASS (crrc_etablissements_page_parent_class)->finalize (object);
}

static void
crrc_etablissements_page_class_init (CrrcEtablissementsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_etablissements_page_dispose;
  widget_class->map = crrc_etablissements_page_map;
  object_class->finalize = crrc_etablissements_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pages/crrc-etablissements-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrrcEtablissementsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CrrcEtablissementsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CrrcEtablissementsPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcEtablissementsPage, filter_grid);
  gtk_widget_class_bind_template_child (widget_class, CrrcEtablissementsPage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcEtablissementsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CrrcEtablissementsPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, CrrcEtablissementsPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, CrrcEtablissementsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CrrcEtablissementsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CrrcEtablissementsPage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, CrrcEtablissementsPage, detail_title);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "etablissements.add-to-campaign", NULL, add_to_campaign_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, go_back_binding, NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "etablissements-page");
}

static void
crrc_etablissements_page_init (CrrcEtablissementsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = crrc_establishments_filter_new ();
  self->open_pending = GTK_INVALID_LIST_POSITION;
  self->history = g_ptr_array_new_with_free_func (g_free);
  self->list = crrc_establishment_list_new ();
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list, "notify::count", G_CALLBACK (count_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  for (Column c = 0; c < N_COLUMNS; c++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, NULL, NULL));

      g_object_set_data (G_OBJECT (sorter), "page", self);
      g_object_set_data (G_OBJECT (sorter), "column", GINT_TO_POINTER (c));
      gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (sorter), probe_compare, sorter, NULL);
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(columns[c].title), g_object_ref (factory));
      gtk_column_view_column_set_expand (column, columns[c].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_append_column (self->column_view, column);
    }
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  /* The list's order from the start, shown on its header. */
  {
    g_autoptr(GtkColumnViewColumn) name = g_list_model_get_item (gtk_column_view_get_columns (self->column_view),
                                                                 COLUMN_NAME);

    gtk_column_view_sort_by_column (self->column_view, name, GTK_SORT_ASCENDING);
  }

  build_filters (self);

  self->detail = CRRC_ESTABLISHMENT_VIEW (crrc_establishment_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->detail), TRUE);
  gtk_box_append (self->detail_box, GTK_WIDGET (self->detail));
  g_signal_connect_object (self->detail, "notify::title", G_CALLBACK (detail_title_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail, "open-establishment", G_CALLBACK (open_establishment_cb), self,
                           G_CONNECT_SWAPPED);
}

void
crrc_etablissements_page_set_application (CrrcEtablissementsPage *self,
                                          CrrcApplication        *application)
{
  g_return_if_fail (CRRC_IS_ETABLISSEMENTS_PAGE (self));
  g_return_if_fail (CRRC_IS_APPLICATION (application));

  if (self->application == application)
    return;

  g_set_object (&self->application, application);
  crrc_establishment_view_set_application (self->detail, application);
  g_signal_connect_object (application, "data-changed", G_CALLBACK (data_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::store", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  store_changed_cb (self);
}

void
crrc_etablissements_page_set_query (CrrcEtablissementsPage *self,
                                    const char             *text)
{
  g_return_if_fail (CRRC_IS_ETABLISSEMENTS_PAGE (self));

  set_string (&self->filter->text, text);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  self->updating = FALSE;
  apply_filter (self);
}

const char *
crrc_etablissements_page_get_query (CrrcEtablissementsPage *self)
{
  g_return_val_if_fail (CRRC_IS_ETABLISSEMENTS_PAGE (self), NULL);

  return self->filter->text;
}

void
crrc_etablissements_page_set_filter (CrrcEtablissementsPage         *self,
                                     const CrrcEstablishmentsFilter *filter)
{
  g_return_if_fail (CRRC_IS_ETABLISSEMENTS_PAGE (self));

  crrc_establishments_filter_free (self->filter);
  self->filter = crrc_establishments_filter_copy (filter);
  show_filter (self);
  apply_filter (self);
}

const CrrcEstablishmentsFilter *
crrc_etablissements_page_get_filter (CrrcEtablissementsPage *self)
{
  g_return_val_if_fail (CRRC_IS_ETABLISSEMENTS_PAGE (self), NULL);

  return self->filter;
}

void
crrc_etablissements_page_show_establishment (CrrcEtablissementsPage *self,
                                             const char             *finess)
{
  g_return_if_fail (CRRC_IS_ETABLISSEMENTS_PAGE (self));
  g_return_if_fail (finess != NULL);

  if (self->history->len == 0)
    self->scroll = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window));
  if (self->history->len == 0
      || g_strcmp0 (g_ptr_array_index (self->history, self->history->len - 1), finess) != 0)
    g_ptr_array_add (self->history, g_strdup (finess));
  show_detail (self, finess);
  gtk_widget_grab_focus (GTK_WIDGET (self->detail));
}

gboolean
crrc_etablissements_page_go_back (CrrcEtablissementsPage *self)
{
  g_return_val_if_fail (CRRC_IS_ETABLISSEMENTS_PAGE (self), FALSE);

  if (self->history->len == 0)
    return FALSE;

  g_ptr_array_remove_index (self->history, self->history->len - 1);
  if (self->history->len > 0)
    {
      show_detail (self, g_ptr_array_index (self->history, self->history->len - 1));
      return TRUE;
    }

  gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), self->scroll);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));

  return TRUE;
}

gboolean
crrc_etablissements_page_get_showing_detail (CrrcEtablissementsPage *self)
{
  g_return_val_if_fail (CRRC_IS_ETABLISSEMENTS_PAGE (self), FALSE);

  return self->history->len > 0;
}

void
crrc_etablissements_page_focus_search (CrrcEtablissementsPage *self)
{
  g_return_if_fail (CRRC_IS_ETABLISSEMENTS_PAGE (self));

  if (self->history->len > 0)
    {
      g_ptr_array_set_size (self->history, 1);
      crrc_etablissements_page_go_back (self);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

CrrcEstablishmentList *
crrc_etablissements_page_get_list_model (CrrcEtablissementsPage *self)
{
  g_return_val_if_fail (CRRC_IS_ETABLISSEMENTS_PAGE (self), NULL);

  return self->list;
}

GtkColumnView *
crrc_etablissements_page_get_view (CrrcEtablissementsPage *self)
{
  g_return_val_if_fail (CRRC_IS_ETABLISSEMENTS_PAGE (self), NULL);

  return self->column_view;
}

CrrcEstablishmentView *
crrc_etablissements_page_get_detail (CrrcEtablissementsPage *self)
{
  g_return_val_if_fail (CRRC_IS_ETABLISSEMENTS_PAGE (self), NULL);

  return self->detail;
}

const char *
crrc_etablissements_page_get_count_text (CrrcEtablissementsPage *self)
{
  g_return_val_if_fail (CRRC_IS_ETABLISSEMENTS_PAGE (self), NULL);

  return self->count_text;
}
