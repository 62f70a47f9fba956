/* test-chart-widget.c: CrrcChart and CrrcChartCard under a real display
 *
 * Run in French under Xvfb with GTK_A11Y=test: what a screen reader reads,
 * real keys and clicks through xdotool, item-activated, the copy action.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gi18n-lib.h>
#include <locale.h>

#include "crrc-chart-card.h"

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

#define WAIT_FOR(condition)                                                  \
  G_STMT_START {                                                             \
    gboolean timed_out_ = FALSE;                                             \
    guint id_ = g_timeout_add_seconds (5, timeout_cb, &timed_out_);          \
    while (!(condition) && !timed_out_)                                      \
      g_main_context_iteration (NULL, TRUE);                                 \
    if (!timed_out_)                                                         \
      g_source_remove (id_);                                                 \
    if (!(condition))                                                        \
      g_error ("Timed out waiting for: %s", #condition);                     \
  } G_STMT_END

static void
settle (void)
{
  for (guint i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static CrrcChartModel *
incidents_per_year (void)
{
  static const double counts[] = { 392, 369, 733, 592, 581 };
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_BARS, "Incidents par année");
  guint series = crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);

  crrc_chart_model_set_id (model, "incidents-par-annee");
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *year = g_strdup_printf ("%u", 2019 + i);
      guint category = crrc_chart_model_add_category (model, year, year);

      crrc_chart_model_set_value (model, series, category, counts[i]);
    }
  return model;
}

static void
xdotool (GtkWidget   *widget,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  va_list args;
  int status = 0;

  g_ptr_array_add (argv, g_strdup ("xdotool"));
  g_ptr_array_add (argv, g_strdup ("windowfocus"));
  g_ptr_array_add (argv, g_strdup ("--sync"));
  g_ptr_array_add (argv, g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface)));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  settle ();
}

static GtkWidget *
show_in_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 400);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (child) && gtk_widget_get_width (child) > 100);
  settle ();
  return window;
}

/* The name is the title; the description states every value, in French. */
static void
test_accessible_description (void)
{
  g_autoptr(CrrcChartModel) model = incidents_per_year ();
  g_autoptr(CrrcChartModel) other = crrc_chart_model_new (CRRC_CHART_DONUT, "Origine");
  GtkWidget *chart = g_object_ref_sink (crrc_chart_new (model));
  guint series;

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Incidents par année");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Incidents par année" NBSP ": 2019" NBSP ": 392" NNBSP "; "
                                       "2020" NBSP ": 369" NNBSP "; 2021" NBSP ": 733" NNBSP "; "
                                       "2022" NBSP ": 592" NNBSP "; 2023" NBSP ": 581");

  /* New data, new description. */
  series = crrc_chart_model_add_series (other, "Incidents", CRRC_CHART_SERIES_DATA);
  crrc_chart_model_add_category (other, "malveillant", "Malveillant");
  crrc_chart_model_add_category (other, "accidentel", "Accidentel");
  crrc_chart_model_set_value (other, series, 0, 1290);
  crrc_chart_model_set_value (other, series, 1, 291);
  crrc_chart_set_model (CRRC_CHART (chart), other);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, "Origine");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Origine" NBSP ": Malveillant" NBSP ": 1" NNBSP "290" NNBSP "; "
                                       "Accidentel" NBSP ": 291");

  g_object_unref (chart);
}

/* A map's description names each department with its value. */
static void
test_map_description (void)
{
  g_autoptr(CrrcChartModel) model = crrc_chart_model_new (CRRC_CHART_MAP, "Carte des départements");
  g_autoptr(GtkWidget) chart = NULL;
  guint series = crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);
  guint c21 = crrc_chart_model_add_category (model, "21", "Côte-d'Or");
  guint c2a = crrc_chart_model_add_category (model, "2A", "Corse-du-Sud");

  crrc_chart_model_set_value (model, series, c21, 12);
  crrc_chart_model_set_value (model, series, c2a, 3);
  chart = g_object_ref_sink (crrc_chart_new (model));

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Carte des départements" NBSP ": Côte-d'Or (21)" NBSP ": 12" NNBSP "; "
                                       "Corse-du-Sud (2A)" NBSP ": 3");
}

static void
item_activated_cb (CrrcChart *chart,
                   int        category,
                   int        series,
                   int       *activated)
{
  activated[0] = category;
  activated[1] = series;
  activated[2]++;
}

/* Tab reaches the chart, arrows move between bars, Enter activates one. */
static void
test_keyboard (void)
{
  g_autoptr(CrrcChartModel) model = incidents_per_year ();
  GtkWidget *chart = crrc_chart_new (model);
  GtkWidget *window = show_in_window (chart);
  int activated[3] = { -1, -1, 0 };
  int category, series;

  g_signal_connect (chart, "item-activated", G_CALLBACK (item_activated_cb), activated);
  g_assert_cmpuint (crrc_chart_get_n_items (CRRC_CHART (chart)), ==, 5);

  xdotool (window, "key", "--clearmodifiers", "Tab", NULL);
  WAIT_FOR (gtk_widget_has_focus (chart));
  g_assert_cmpint (crrc_chart_get_focus_item (CRRC_CHART (chart)), ==, 0);

  xdotool (window, "key", "--clearmodifiers", "Right", "Right", NULL);
  g_assert_cmpint (crrc_chart_get_focus_item (CRRC_CHART (chart)), ==, 2);
  xdotool (window, "key", "--clearmodifiers", "Left", NULL);
  g_assert_cmpint (crrc_chart_get_focus_item (CRRC_CHART (chart)), ==, 1);
  xdotool (window, "key", "--clearmodifiers", "End", NULL);
  g_assert_cmpint (crrc_chart_get_focus_item (CRRC_CHART (chart)), ==, 4);

  xdotool (window, "key", "--clearmodifiers", "Return", NULL);
  WAIT_FOR (activated[2] == 1);
  g_assert_true (crrc_chart_get_item (CRRC_CHART (chart), 4, &category, &series));
  g_assert_cmpint (activated[0], ==, category);
  g_assert_cmpstr (crrc_chart_model_get_category_key (model, activated[0]), ==, "2023");
  g_assert_cmpint (activated[1], ==, 0);

  xdotool (window, "key", "--clearmodifiers", "Home", "space", NULL);
  WAIT_FOR (activated[2] == 2);
  g_assert_cmpstr (crrc_chart_model_get_category_key (model, activated[0]), ==, "2019");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A real click on a bar activates that bar, and only a bar. */
static void
test_click (void)
{
  g_autoptr(CrrcChartModel) model = incidents_per_year ();
  GtkWidget *chart = crrc_chart_new (model);
  GtkWidget *window = show_in_window (chart);
  int activated[3] = { -1, -1, 0 };
  g_autofree char *tooltip = NULL;
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));

  g_signal_connect (chart, "item-activated", G_CALLBACK (item_activated_cb), activated);

  for (int item = 0; item < 5; item++)
    {
      graphene_point_t point;
      graphene_rect_t area;
      g_autofree char *x = NULL, *y = NULL;
      int category;

      /* The middle of the bar, in window coordinates. */
      g_assert_true (crrc_chart_get_item (CRRC_CHART (chart), item, &category, NULL));
      g_assert_true (crrc_chart_get_item_area (CRRC_CHART (chart), item, &area));
      g_assert_true (gtk_widget_compute_point (chart, window,
                                               &GRAPHENE_POINT_INIT (area.origin.x + area.size.width / 2,
                                                                     area.origin.y + area.size.height / 2),
                                               &point));
      x = g_strdup_printf ("%d", (int) point.x);
      y = g_strdup_printf ("%d", (int) point.y);
      xdotool (window, "mousemove", "--window", xid, x, y, "click", "1", NULL);
      WAIT_FOR (activated[2] == item + 1);
      g_assert_cmpint (activated[0], ==, category);
    }

  /* The tooltip of a bar says its exact value. */
  tooltip = crrc_chart_model_describe_item (model, 4, 0);
  g_assert_cmpstr (tooltip, ==, "2023" NBSP ": 581");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The card shows title, scope and source as plain text, and its menu
 * button's "Copy Image" puts an image on the clipboard. */
static void
test_card (void)
{
  g_autoptr(CrrcChartModel) model = incidents_per_year ();
  const char *hostile = "<b>Bourgogne</b> & <span foreground='red'>%s %n</span>";
  GtkWidget *card, *window;
  GdkClipboard *clipboard;
  GdkContentFormats *formats;

  crrc_chart_model_set_subtitle (model, hostile);
  crrc_chart_model_set_source (model, "Source : CERT Santé — synchronisé le 21/05/2024");
  card = crrc_chart_card_new (model);
  window = show_in_window (card);

  g_assert_true (crrc_chart_card_get_model (CRRC_CHART_CARD (card)) == model);
  {
    gboolean found_subtitle = FALSE, found_source = FALSE;
    GtkWidget *widget = card;
    GPtrArray *stack = g_ptr_array_new ();

    g_ptr_array_add (stack, widget);
    while (stack->len > 0)
      {
        widget = g_ptr_array_steal_index (stack, stack->len - 1);
        if (GTK_IS_LABEL (widget))
          {
            const char *text = gtk_label_get_text (GTK_LABEL (widget));

            found_subtitle |= g_strcmp0 (text, hostile) == 0;
            found_source |= g_strcmp0 (text, "Source : CERT Santé — synchronisé le 21/05/2024") == 0;
          }
        for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
             child = gtk_widget_get_next_sibling (child))
          g_ptr_array_add (stack, child);
      }
    g_ptr_array_unref (stack);
    g_assert_true (found_subtitle);
    g_assert_true (found_source);
  }

  clipboard = gtk_widget_get_clipboard (card);
  g_assert_true (gtk_widget_activate_action (card, "chart.copy", NULL));
  settle ();
  formats = gdk_clipboard_get_formats (clipboard);
  g_assert_true (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The widget follows the dark style; exports never do. */
static void
test_dark_style (void)
{
  g_autoptr(CrrcChartModel) model = incidents_per_year ();
  GtkWidget *chart = crrc_chart_new (model);
  GtkWidget *window = show_in_window (chart);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  CrrcChartTheme theme;

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  settle ();
  crrc_chart_get_theme (CRRC_CHART (chart), &theme);
  g_assert_true (theme.dark);
  g_assert_cmpfloat (theme.foreground.red, >, 0.9);
  crrc_chart_theme_clear (&theme);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  settle ();
  crrc_chart_get_theme (CRRC_CHART (chart), &theme);
  g_assert_false (theme.dark);
  g_assert_cmpfloat (theme.foreground.red, <, 0.2);
  crrc_chart_theme_clear (&theme);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (setlocale (LC_ALL, "") == NULL)
    g_error ("The locale of the environment is not installed (package locales-all)");
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* gtk_test_init() sets an English locale; the test reads French. */
  setlocale (LC_ALL, "");

  g_test_add_func ("/chart-widget/accessible-description", test_accessible_description);
  g_test_add_func ("/chart-widget/map-description", test_map_description);
  g_test_add_func ("/chart-widget/keyboard", test_keyboard);
  g_test_add_func ("/chart-widget/click", test_click);
  g_test_add_func ("/chart-widget/card", test_card);
  g_test_add_func ("/chart-widget/dark-style", test_dark_style);

  return g_test_run ();
}
