/* crrc-establishment-view.c: everything known about one establishment
 *
 * The view loads an establishment's detail (crrc-establishment-detail.h)
 * in a worker thread on a read-only connection of its own, showing a
 * spinner meanwhile and the message when it fails, then builds its
 * sections: Identité, Maturité, Incidents, Audits et alertes, Exercices et
 * financements, Campagne, Notes. Every text that comes from the cache is
 * set as plain text: rows are told not to read markup, labels never use
 * it.
 *
 * Notes are written through the application store's queue of writes
 * (crrc_store_write_async()): on the store's writer thread, in order, never
 * at the same time as a sync or an import, each one short BEGIN IMMEDIATE
 * transaction. The view still sends one note write at a time, so that a
 * failure puts its text back before the next one runs.
 *
 * The Maturity section opens the diagnostic window: a new diagnostic, or
 * the establishment's draft to resume, the results of any diagnostic of
 * the history, and the restitution PDF of the latest one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-establishment-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "crrc-chart.h"
#include "crrc-diagnostic-window.h"
#include "crrc-diagnostics.h"
#include "crrc-display-text.h"
#include "crrc-establishment-detail.h"
#include "crrc-establishment-view.h"
#include "crrc-fiche-export.h"
#include "crrc-finess.h"
#include "crrc-format.h"
#include "crrc-restitution-export.h"
#include "crrc-toast.h"

/* The detail shown, shared with a fiche being written in a thread. */
typedef struct
{
  CrrcEstablishmentDetail *detail;
} SharedDetail;

typedef enum
{
  NOTE_ADD,
  NOTE_UPDATE,
  NOTE_DELETE,
} NoteOp;

typedef struct
{
  NoteOp  op;
  char   *finess;
  gint64  id;
  char   *text;
} NoteWrite;

struct _CrrcEstablishmentView
{
  GtkWidget             parent_instance;

  CrrcApplication      *application;  /* weak */
  CrrcStore            *store;        /* the application's, to open others */
  CrrcStore            *reader;       /* NULL while a task has it */
  char                 *draft_id;     /* the establishment's draft, or NULL */
  guint                 draft_answered;

  char                 *finess;
  SharedDetail         *shared;       /* what is shown, or NULL */
  CrrcChartModel       *radar;
  GPtrArray            *notes;        /* of CrrcDetailNote, as last read */
  GCancellable         *cancellable;  /* the load running */
  guint                 generation;   /* of the load, to drop stale ones */
  gboolean              loading;
  gboolean              disposed;

  GQueue                writes;       /* of NoteWrite, the first one running */
  gint64                editing_note; /* 0 when composing a new note */
  GtkFileChooserNative *chooser;

  /* Template */
  GtkStack             *stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  GtkScrolledWindow    *scroller;
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkButton            *fiche_button;
  GtkBox               *sections_box;

  /* Built for each establishment */
  CrrcChart            *radar_chart;
  GtkLabel             *peers_label;
  AdwPreferencesGroup  *notes_group;
  GtkListBox           *notes_list;
  GtkTextView          *note_view;
  GtkButton            *note_button;
  GtkButton            *note_cancel_button;
};

G_DEFINE_FINAL_TYPE (CrrcEstablishmentView, crrc_establishment_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_APPLICATION,
  PROP_FINESS,
  PROP_TITLE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN_ESTABLISHMENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_load (CrrcEstablishmentView *self);
static void start_next_write (CrrcEstablishmentView *self);
static void rebuild_notes (CrrcEstablishmentView *self);

/* Shared details */

static SharedDetail *
shared_detail_new (CrrcEstablishmentDetail *detail)
{
  SharedDetail *shared = g_atomic_rc_box_new0 (SharedDetail);

  shared->detail = detail;
  return shared;
}

static void
shared_detail_clear (SharedDetail *shared)
{
  g_clear_pointer (&shared->detail, crrc_establishment_detail_free);
}

static void
shared_detail_unref (SharedDetail *shared)
{
  g_atomic_rc_box_release_full (shared, (GDestroyNotify) shared_detail_clear);
}

static CrrcEstablishmentDetail *
get_detail (CrrcEstablishmentView *self)
{
  return self->shared != NULL ? self->shared->detail : NULL;
}

static void
note_write_free (NoteWrite *write)
{
  g_free (write->finess);
  g_free (write->text);
  g_free (write);
}

/* Feedback */

static void
show_toast (CrrcEstablishmentView *self,
            const char            *message)
{
  if (!crrc_toast_show_plain (GTK_WIDGET (self), message, ADW_TOAST_PRIORITY_NORMAL))
    g_message ("%s", message);
}

static void
set_loading (CrrcEstablishmentView *self,
             gboolean               loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Building blocks: every text from data goes through these, as plain
 * text. */

static GtkWidget *
new_group (const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  return group;
}

static AdwActionRow *
new_row (const char *title,
         const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *shown_title = crrc_display_text (title != NULL ? title : "");
  g_autofree char *shown_subtitle = crrc_display_text (subtitle);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown_title);
  if (shown_subtitle != NULL && *shown_subtitle != '\0')
    adw_action_row_set_subtitle (row, shown_subtitle);

  return row;
}

static GtkWidget *
add_row (GtkWidget  *group,
         const char *title,
         const char *subtitle)
{
  AdwActionRow *row = new_row (title, subtitle);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (row));
  return GTK_WIDGET (row);
}

/* A small pill with an icon and a word: never the icon alone. */
static GtkWidget *
new_tag (const char *icon_name,
         const char *text,
         const char *style)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  g_autofree char *shown = crrc_display_text (text);
  GtkWidget *label = gtk_label_new (shown);

  gtk_widget_set_halign (box, GTK_ALIGN_START);
  gtk_widget_add_css_class (box, "establishment-tag");
  if (style != NULL)
    gtk_widget_add_css_class (box, style);
  if (icon_name != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

      gtk_accessible_update_state (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_box_append (GTK_BOX (box), image);
    }
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

static GtkWidget *
new_plain_label (const char *text,
                 gboolean    dim)
{
  g_autofree char *shown = crrc_display_text (text);
  GtkWidget *label = gtk_label_new (shown);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");

  return label;
}

/* Signals of the rows */

static void
open_row_activated_cb (AdwActionRow          *row,
                       CrrcEstablishmentView *self)
{
  const char *finess = g_object_get_data (G_OBJECT (row), "finess");

  if (finess != NULL)
    g_signal_emit (self, signals[OPEN_ESTABLISHMENT], 0, finess);
}

/* A row that opens another establishment. */
static GtkWidget *
add_open_row (CrrcEstablishmentView   *self,
              GtkWidget               *group,
              const CrrcDetailSibling *sibling,
              const char              *title)
{
  g_autofree char *finess = crrc_finess_format (sibling->finess);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  subtitle = sibling->category_label != NULL
             ? g_strdup_printf ("%s — %s", finess, sibling->category_label)
             : g_strdup (finess);
  row = add_row (group, title != NULL ? title : sibling->name, subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "finess", g_strdup (sibling->finess), g_free);
  g_signal_connect (row, "activated", G_CALLBACK (open_row_activated_cb), self);

  return row;
}

static void
copy_finess_cb (GtkButton             *button,
                CrrcEstablishmentView *self)
{
  CrrcEstablishmentDetail *detail = get_detail (self);

  if (detail == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), detail->finess);
  show_toast (self, _("FINESS number copied"));
}

/* Sections */

static void
build_identity (CrrcEstablishmentView   *self,
                CrrcEstablishmentDetail *detail)
{
  GtkWidget *group = new_group (_("Identity"));
  g_autofree char *finess = crrc_finess_format (detail->finess);
  g_autofree char *place = NULL;
  GtkWidget *row, *button;

  row = add_row (group, _("FINESS number"), finess);
  button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Copy the FINESS number"));
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect (button, "clicked", G_CALLBACK (copy_finess_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  if (detail->long_name != NULL && g_strcmp0 (detail->long_name, detail->name) != 0)
    add_row (group, _("Full name"), detail->long_name);

  if (detail->category_label != NULL || detail->category != NULL)
    {
      g_autofree char *category = g_strdup_printf ("%s (%s)",
                                                   detail->category_label != NULL ? detail->category_label : detail->category,
                                                   detail->category != NULL ? detail->category : "—");

      add_row (group, _("Category"), category);
    }
  add_row (group, _("Sector"), crrc_detail_words_get (CRRC_DETAIL_WORDS_SECTOR, detail->sector));
  add_row (group, _("Status"), detail->public ? _("Public") : _("Private"));

  if (detail->address != NULL || detail->postal_line != NULL)
    {
      g_autofree char *address = g_strjoin ("\n", detail->address != NULL ? detail->address : "",
                                            detail->postal_line, NULL);

      add_row (group, _("Address"), g_strstrip (address));
    }
  place = g_strdup_printf ("%s (%s)%s%s",
                           detail->department_name != NULL ? detail->department_name : detail->department,
                           detail->department,
                           detail->region_name != NULL ? ", " : "",
                           detail->region_name != NULL ? detail->region_name : "");
  add_row (group, _("Department and region"), place);
  if (detail->phone != NULL)
    add_row (group, _("Phone"), detail->phone);
  if (detail->opened_on != NULL)
    {
      g_autofree char *date = crrc_detail_format_date (detail->opened_on);

      add_row (group, _("Opened on"), date);
    }
  if (detail->closed_on != NULL)
    {
      g_autofree char *date = crrc_detail_format_date (detail->closed_on);

      add_row (group, _("Closed on"), date);
    }

  if (detail->legal_finess != NULL)
    {
      g_autofree char *legal = crrc_finess_format (detail->legal_finess);

      add_row (group, _("Legal entity"),
               detail->legal_name != NULL ? detail->legal_name : legal);
      if (detail->legal_name != NULL)
        add_row (group, _("Legal entity FINESS number"), legal);
    }

  if (detail->ght != NULL)
    {
      g_autofree char *ght = NULL;
      const char *role = g_strcmp0 (detail->ght_role, "support") == 0 ? _("support establishment")
                         : g_strcmp0 (detail->ght_role, "member") == 0 ? _("member") : NULL;

      ght = g_strdup_printf ("%s%s%s%s", detail->ght_name != NULL ? detail->ght_name : detail->ght,
                             detail->ght_name != NULL ? " — " : "",
                             detail->ght_name != NULL ? detail->ght : "",
                             "");
      row = add_row (group, _("Regional hospital group (GHT)"), ght);
      if (role != NULL)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_tag (NULL, role, NULL));

      if (detail->ght_support != NULL && g_strcmp0 (detail->ght_support->finess, detail->finess) != 0)
        {
          g_autofree char *title = g_strdup_printf (_("GHT support: %s"), detail->ght_support->name);

          add_open_row (self, group, detail->ght_support, title);
        }
    }

  gtk_box_append (self->sections_box, group);

  if (detail->siblings->len > 0)
    {
      GtkWidget *siblings = new_group (_("Other Establishments of the Legal Entity"));

      if (detail->n_siblings > detail->siblings->len)
        {
          g_autofree char *description = NULL;

          description = g_strdup_printf (_("The first %u of %u establishments."),
                                         detail->siblings->len, detail->n_siblings);
          adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (siblings), description);
        }
      for (guint i = 0; i < detail->siblings->len; i++)
        add_open_row (self, siblings, g_ptr_array_index (detail->siblings, i), NULL);

      gtk_box_append (self->sections_box, siblings);
    }
}

static const char *
domain_title (CrrcEstablishmentDetail *detail,
              const char              *domain_id)
{
  int d = crrc_referential_find_domain (detail->referential, domain_id);

  return d >= 0 ? crrc_referential_get_domain (detail->referential, d)->title : domain_id;
}

static char *
score_text (int score)
{
  if (score < 0)
    return g_strdup ("—");

  /* Translators: a maturity score out of 100. */
  return g_strdup_printf (_("%d/100"), score);
}

static void
diagnostic_window_gone_cb (gpointer  data,
                           GObject  *where_the_object_was)
{
  GWeakRef *ref = data;
  g_autoptr(CrrcEstablishmentView) self = g_weak_ref_get (ref);

  /* Its last answer is written: the draft's count is up to date. */
  if (self != NULL && !self->disposed)
    start_load (self);
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
watch_diagnostic_window (CrrcEstablishmentView *self,
                         CrrcDiagnosticWindow  *window)
{
  GWeakRef *ref;

  if (window == NULL)
    return;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  g_object_weak_ref (G_OBJECT (window), diagnostic_window_gone_cb, ref);
}

static GtkWindow *
get_parent_window (CrrcEstablishmentView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
new_diagnostic_clicked_cb (GtkButton             *button,
                           CrrcEstablishmentView *self)
{
  CrrcEstablishmentDetail *detail = get_detail (self);

  if (detail == NULL || self->application == NULL)
    return;
  watch_diagnostic_window (self, crrc_diagnostic_window_open (get_parent_window (self), self->application,
                                                              detail->finess, NULL));
}

static void
diagnostic_row_activated_cb (AdwActionRow          *row,
                             CrrcEstablishmentView *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "diagnostic-id");

  if (id != NULL && self->application != NULL)
    crrc_diagnostic_window_open_results (get_parent_window (self), self->application, id);
}

static void
restitution_saved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CrrcEstablishmentView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = crrc_restitution_save_finish (result, &error);

  if (error != NULL)
    show_toast (self, error->message);
  else if (file != NULL)
    {
      /* Valid UTF-8 even when the name on disk is not. */
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *name = g_filename_display_name (basename);
      g_autofree char *message = g_strdup_printf (_("Restitution saved as “%s”"), name);

      show_toast (self, message);
    }
}

static void
restitution_clicked_cb (GtkButton             *button,
                        CrrcEstablishmentView *self)
{
  CrrcEstablishmentDetail *detail = get_detail (self);
  CrrcMaturityDiagnostic *latest = detail != NULL ? crrc_establishment_detail_get_latest_diagnostic (detail) : NULL;

  if (latest == NULL || self->store == NULL)
    return;
  crrc_restitution_save (get_parent_window (self), self->store, latest->id, latest->finess, latest->date,
                         restitution_saved_cb, g_object_ref (self));
}

/* "New Diagnostic" (or "Resume the Draft"), and the restitution of the
 * latest diagnostic. */
static GtkWidget *
new_maturity_buttons (CrrcEstablishmentView   *self,
                      CrrcEstablishmentDetail *detail,
                      CrrcMaturityDiagnostic  *latest)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *button;

  if (latest != NULL)
    {
      button = gtk_button_new_with_mnemonic (_("Restitution _PDF…"));
      gtk_widget_set_name (button, "restitution-button");
      gtk_widget_set_tooltip_text (button, _("Save the restitution of the latest diagnostic"));
      g_signal_connect (button, "clicked", G_CALLBACK (restitution_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }

  if (self->draft_id != NULL)
    {
      g_autofree char *label = NULL;
      guint n_questions = crrc_referential_get_n_questions (detail->referential);

      /* Translators: a button; %u/%u is how many questions of the draft are answered. */
      label = g_strdup_printf (_("_Resume the Draft (%u/%u answered)"), self->draft_answered, n_questions);
      button = gtk_button_new_with_mnemonic (label);
    }
  else
    button = gtk_button_new_with_mnemonic (_("_New Diagnostic"));
  gtk_widget_set_name (button, "new-diagnostic-button");
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect (button, "clicked", G_CALLBACK (new_diagnostic_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), button);

  return box;
}

static void
build_maturity (CrrcEstablishmentView   *self,
                CrrcEstablishmentDetail *detail)
{
  GtkWidget *group = new_group (_("Maturity"));
  CrrcMaturityDiagnostic *latest = crrc_establishment_detail_get_latest_diagnostic (detail);
  CrrcMaturityScores *scores;
  g_autofree char *overall = NULL;
  g_autofree char *completeness = NULL;
  GtkWidget *box, *row;

  self->radar_chart = NULL;
  self->peers_label = NULL;

  gtk_box_append (self->sections_box, group);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                           new_maturity_buttons (self, detail, latest));

  if (latest == NULL)
    {
      add_row (group, _("No maturity diagnostic"), _("This establishment has not been diagnosed yet."));
      return;
    }

  scores = latest->scores;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "establishment-radar");
  if (self->radar != NULL)
    {
      self->radar_chart = CRRC_CHART (crrc_chart_new (self->radar));
      gtk_widget_set_size_request (GTK_WIDGET (self->radar_chart), -1, 380);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->radar_chart));
    }
  if (detail->n_peers < 5)
    {
      self->peers_label = GTK_LABEL (new_plain_label (_("Comparison hidden: fewer than 5 comparable establishments"), TRUE));
      gtk_label_set_xalign (self->peers_label, 0.5);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->peers_label));
    }
  else
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Compared with %u establishment of the same category in the region.",
                                           "Compared with %u establishments of the same category in the region.",
                                           detail->n_peers), detail->n_peers);
      self->peers_label = GTK_LABEL (new_plain_label (text, TRUE));
      gtk_label_set_xalign (self->peers_label, 0.5);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->peers_label));
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);

  /* Rows go before other children in a group: the scores get their own,
   * under the radar. */
  group = new_group (NULL);
  gtk_box_append (self->sections_box, group);
  overall = score_text (scores->overall);
  row = add_row (group, _("Overall score"), overall);
  if (scores->overall >= 0)
    {
      GtkWidget *tag = new_tag (NULL, crrc_maturity_band_get_label (scores->overall_band),
                                crrc_maturity_band_get_key (scores->overall_band));

      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }
  completeness = crrc_format_percent (scores->completeness, 0);
  add_row (group, _("Completeness"), completeness);

  if (scores->measures != NULL && scores->measures->len > 0)
    {
      GtkWidget *measures = new_group (_("Priority Measures"));

      for (guint i = 0; i < scores->measures->len && i < 6; i++)
        {
          const CrrcMaturityMeasure *measure = &g_array_index (scores->measures, CrrcMaturityMeasure, i);
          g_autofree char *title = g_strdup_printf ("%u. %s", i + 1, measure->measure);

          add_row (measures, title, domain_title (detail, measure->domain_id));
        }
      gtk_box_append (self->sections_box, measures);
    }

  {
    GtkWidget *history = new_group (_("Diagnostics"));

    for (guint i = 0; i < detail->diagnostics->len; i++)
      {
        CrrcMaturityDiagnostic *diagnostic = g_ptr_array_index (detail->diagnostics, i);
        g_autofree char *date = crrc_detail_format_date (diagnostic->date);
        g_autofree char *share = crrc_format_percent (diagnostic->scores->completeness, 0);
        g_autofree char *text = NULL;

        text = diagnostic->scores->overall >= 0
               ? g_strdup_printf (_("Overall score %d/100 (%s), completeness %s"),
                                  diagnostic->scores->overall,
                                  crrc_maturity_band_get_label (diagnostic->scores->overall_band),
                                  share)
               : g_strdup (_("No score"));
        row = add_row (history, date, text);
        if (diagnostic->local)
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_tag (NULL, _("Local"), "local"));
        /* The row opens the diagnostic's results. */
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
        gtk_widget_set_tooltip_text (row, _("Show the results of this diagnostic"));
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
        g_object_set_data_full (G_OBJECT (row), "diagnostic-id", g_strdup (diagnostic->id), g_free);
        g_signal_connect (row, "activated", G_CALLBACK (diagnostic_row_activated_cb), self);
      }

    if (detail->progress != NULL)
      {
        CrrcMaturityDiagnostic *previous = g_ptr_array_index (detail->diagnostics, 1);
        g_autofree char *previous_date = crrc_detail_format_date (previous->date);
        g_autofree char *title = g_strdup_printf (_("Progress since %s"), previous_date);
        GtkWidget *expander = adw_expander_row_new ();

        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
        for (guint d = 0; d < scores->n_domains; d++)
          {
            const CrrcReferentialDomain *domain = crrc_referential_get_domain (detail->referential, d);
            g_autofree char *before = score_text (previous->scores->domain_scores[d]);
            g_autofree char *after = score_text (scores->domain_scores[d]);
            g_autofree char *change = NULL;
            g_autofree char *subtitle = NULL;

            if (detail->progress[d] == -1000)
              change = g_strdup (_("not comparable"));
            else if (detail->progress[d] > 0)
              change = g_strdup_printf ("+%d", detail->progress[d]);
            else if (detail->progress[d] < 0)
              change = g_strdup_printf ("−%d", -detail->progress[d]);
            else
              change = g_strdup (_("unchanged"));
            subtitle = g_strdup_printf ("%s → %s (%s)", before, after, change);
            adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                      GTK_WIDGET (new_row (domain->title, subtitle)));
          }
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (history), expander);
      }

    gtk_box_append (self->sections_box, history);
  }
}

static GtkWidget *
incident_row (CrrcDetailIncident *incident)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *tags = gtk_flow_box_new ();
  g_autofree char *date = crrc_detail_format_date (incident->declared_at);
  g_autofree char *head = g_strdup_printf ("%s — %s", date,
                                           crrc_detail_words_get (CRRC_DETAIL_WORDS_INCIDENT_TYPE, incident->type));
  const char *origin_icon = g_strcmp0 (incident->origin, "malicious") == 0 ? "dialog-warning-symbolic"
                            : "dialog-information-symbolic";
  const char *impact_icon = g_strcmp0 (incident->functioning_impact, "interrupted") == 0 ? "action-unavailable-symbolic"
                            : g_strcmp0 (incident->functioning_impact, "degraded") == 0 ? "dialog-warning-symbolic"
                            : "emblem-ok-symbolic";
  const char *impact_style = g_strcmp0 (incident->functioning_impact, "interrupted") == 0 ? "error"
                             : g_strcmp0 (incident->functioning_impact, "degraded") == 0 ? "warning"
                             : "success";
  GtkWidget *label;

  gtk_widget_add_css_class (row, "establishment-incident");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  label = new_plain_label (head, FALSE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (tags), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (tags), 8);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (tags), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (tags), 6);
  gtk_widget_set_focusable (tags, FALSE);
  gtk_flow_box_append (GTK_FLOW_BOX (tags),
                       new_tag (origin_icon, crrc_detail_words_get (CRRC_DETAIL_WORDS_ORIGIN, incident->origin),
                                g_strcmp0 (incident->origin, "malicious") == 0 ? "error" : NULL));
  gtk_flow_box_append (GTK_FLOW_BOX (tags),
                       new_tag (impact_icon, crrc_detail_words_get (CRRC_DETAIL_WORDS_IMPACT, incident->functioning_impact),
                                impact_style));
  if (incident->patient_care_impact)
    gtk_flow_box_append (GTK_FLOW_BOX (tags),
                         new_tag ("emblem-important-symbolic", _("Patient care affected"), "error"));
  if (incident->severity != NULL)
    gtk_flow_box_append (GTK_FLOW_BOX (tags),
                         new_tag (NULL, crrc_detail_words_get (CRRC_DETAIL_WORDS_INCIDENT_SEVERITY, incident->severity),
                                  NULL));
  if (incident->support_requested == 1)
    gtk_flow_box_append (GTK_FLOW_BOX (tags),
                         new_tag ("avatar-default-symbolic", _("Support requested"), NULL));
  if (incident->cert_support == 1)
    gtk_flow_box_append (GTK_FLOW_BOX (tags),
                         new_tag ("emblem-ok-symbolic", _("Supported by CERT Santé"), NULL));
  for (GtkWidget *child = gtk_widget_get_first_child (tags); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
  gtk_box_append (GTK_BOX (box), tags);

  if (incident->summary != NULL && *incident->summary != '\0')
    gtk_box_append (GTK_BOX (box), new_plain_label (incident->summary, TRUE));

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static void
build_incidents (CrrcEstablishmentView   *self,
                 CrrcEstablishmentDetail *detail)
{
  GtkWidget *group = new_group (_("Incidents"));

  if (detail->incidents->len == 0)
    add_row (group, _("No incident declared"), NULL);
  else
    {
      GtkWidget *list = gtk_list_box_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_widget_add_css_class (list, "establishment-timeline");
      for (guint i = 0; i < detail->incidents->len; i++)
        gtk_list_box_append (GTK_LIST_BOX (list), incident_row (g_ptr_array_index (detail->incidents, i)));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
    }

  gtk_box_append (self->sections_box, group);
}

static void
open_bulletin_cb (GtkButton *button,
                  gpointer   user_data)
{
  const char *url = g_object_get_data (G_OBJECT (button), "url");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

static void
build_audits (CrrcEstablishmentView   *self,
              CrrcEstablishmentDetail *detail)
{
  GtkWidget *group = new_group (_("Audits and Alerts"));

  if (detail->audits->len == 0)
    add_row (group, _("No audit"), NULL);

  for (guint i = 0; i < detail->audits->len; i++)
    {
      CrrcDetailAudit *audit = g_ptr_array_index (detail->audits, i);
      g_autofree char *date = crrc_detail_format_date (audit->date);
      g_autofree char *title = g_strdup_printf (_("Audit of %s — %s"), date,
                                                crrc_detail_words_get (CRRC_DETAIL_WORDS_AUDIT_KIND, audit->kind));
      g_autofree char *subtitle = NULL;
      GtkWidget *expander = adw_expander_row_new ();
      guint open = 0;

      for (guint j = 0; j < audit->findings->len; j++)
        if (((CrrcDetailFinding *) g_ptr_array_index (audit->findings, j))->resolved_on == NULL)
          open++;
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u finding, %u not resolved",
                                               "%u findings, %u not resolved", audit->findings->len),
                                  audit->findings->len, open);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);

      for (guint j = 0; j < audit->findings->len; j++)
        {
          CrrcDetailFinding *finding = g_ptr_array_index (audit->findings, j);
          g_autofree char *what = NULL;
          g_autofree char *state = NULL;
          AdwActionRow *row;

          what = g_strjoin (" — ", crrc_detail_words_get (CRRC_DETAIL_WORDS_SERVICE, finding->service),
                            finding->product != NULL ? finding->product : finding->cve,
                            finding->product != NULL ? finding->cve : NULL, NULL);
          if (finding->resolved_on != NULL)
            {
              g_autofree char *resolved = crrc_detail_format_date (finding->resolved_on);

              state = g_strdup_printf (_("Resolved on %s"), resolved);
            }
          else
            state = g_strdup (_("Not resolved"));
          row = new_row (what, state);
          adw_action_row_add_suffix (row, new_tag (NULL, crrc_detail_words_get (CRRC_DETAIL_WORDS_FINDING_SEVERITY,
                                                                                 finding->severity),
                                                   finding->severity));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (row));

          for (guint k = 0; k < finding->bulletins->len; k++)
            {
              CrrcDetailBulletin *bulletin = g_ptr_array_index (finding->bulletins, k);
              g_autofree char *bulletin_title = g_strdup_printf ("%s — %s", bulletin->reference, bulletin->title);
              g_autofree char *published = crrc_detail_format_date (bulletin->published_on);
              g_autofree char *bulletin_subtitle = NULL;
              AdwActionRow *bulletin_row;

              bulletin_subtitle = g_strdup_printf (bulletin->by_cve ? _("CERT-FR, %s — names %s")
                                                                    : _("CERT-FR, %s — names the product %s"),
                                                   published,
                                                   bulletin->by_cve ? finding->cve : finding->product);
              bulletin_row = new_row (bulletin_title, bulletin_subtitle);
              gtk_widget_add_css_class (GTK_WIDGET (bulletin_row), "establishment-bulletin");
              if (bulletin->url != NULL)
                {
                  GtkWidget *button = gtk_button_new_from_icon_name ("adw-external-link-symbolic");

                  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
                  gtk_widget_add_css_class (button, "flat");
                  gtk_widget_set_tooltip_text (button, _("Open the bulletin on cert.ssi.gouv.fr"));
                  g_object_set_data_full (G_OBJECT (button), "url", g_strdup (bulletin->url), g_free);
                  g_signal_connect (button, "clicked", G_CALLBACK (open_bulletin_cb), NULL);
                  adw_action_row_add_suffix (bulletin_row, button);
                }
              adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), GTK_WIDGET (bulletin_row));
            }
        }

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
    }

  for (guint i = 0; i < detail->alerts->len; i++)
    {
      CrrcDetailAlert *alert = g_ptr_array_index (detail->alerts, i);
      g_autofree char *date = crrc_detail_format_date (alert->sent_at);
      g_autofree char *title = g_strdup_printf (_("Alert of %s — %s"), date,
                                                crrc_detail_words_get (CRRC_DETAIL_WORDS_ALERT_KIND, alert->kind));
      g_autofree char *acknowledged = NULL;
      g_autofree char *subtitle = NULL;

      if (alert->acknowledged_at != NULL)
        {
          g_autofree char *when = crrc_detail_format_date (alert->acknowledged_at);

          acknowledged = g_strdup_printf (_("acknowledged on %s"), when);
        }
      else
        acknowledged = g_strdup (_("not acknowledged"));
      subtitle = g_strjoin (" — ", alert->reference != NULL ? alert->reference : "",
                            alert->cve != NULL ? alert->cve : acknowledged,
                            alert->cve != NULL ? acknowledged : NULL, NULL);
      add_row (group, title, alert->reference != NULL ? subtitle : subtitle + strlen (" — "));
    }

  gtk_box_append (self->sections_box, group);
}

static void
build_exercises (CrrcEstablishmentView   *self,
                 CrrcEstablishmentDetail *detail)
{
  GtkWidget *group = new_group (_("Exercises and Funding"));

  if (detail->exercises->len == 0 && detail->funding->len == 0)
    add_row (group, _("No crisis exercise and no CaRE funding"), NULL);

  for (guint i = 0; i < detail->exercises->len; i++)
    {
      CrrcDetailExercise *exercise = g_ptr_array_index (detail->exercises, i);
      g_autofree char *date = crrc_detail_format_date (exercise->date);
      g_autofree char *subtitle = exercise->kit != NULL ? g_strdup_printf (_("Kit: %s"), exercise->kit) : NULL;
      g_autofree char *title = g_strdup_printf ("%s — %s", date,
                                                crrc_detail_words_get (CRRC_DETAIL_WORDS_EXERCISE_KIND, exercise->kind));

      add_row (group, title, subtitle);
    }

  for (guint i = 0; i < detail->funding->len; i++)
    {
      CrrcDetailFunding *funding = g_ptr_array_index (detail->funding, i);
      g_autofree char *amount = crrc_format_count ((gint64) round (funding->amount_eur));
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* Translators: CaRE funding: programme, year, amount in euros. */
      title = g_strdup_printf (_("Funding %s %d — %s €"),
                               g_ascii_strcasecmp (funding->programme, "care") == 0 ? "CaRE" : funding->programme,
                               funding->year, amount);
      subtitle = g_strdup_printf (_("Domain %s — %s"), funding->domain,
                                  crrc_detail_words_get (CRRC_DETAIL_WORDS_FUNDING_STATUS, funding->status));
      add_row (group, title, subtitle);
    }

  gtk_box_append (self->sections_box, group);
}

static void
build_campaigns (CrrcEstablishmentView   *self,
                 CrrcEstablishmentDetail *detail)
{
  GtkWidget *group = new_group (_("Campaign"));

  if (detail->campaigns->len == 0)
    add_row (group, _("Not targeted by a campaign"), NULL);

  for (guint i = 0; i < detail->campaigns->len; i++)
    {
      CrrcDetailCampaign *campaign = g_ptr_array_index (detail->campaigns, i);
      g_autofree char *date = campaign->stage_date != NULL ? crrc_detail_format_date (campaign->stage_date) : NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      subtitle = date != NULL
                 ? g_strdup_printf (_("Stage: %s, on %s"), crrc_detail_words_get (CRRC_DETAIL_WORDS_STAGE, campaign->stage), date)
                 : g_strdup_printf (_("Stage: %s"), crrc_detail_words_get (CRRC_DETAIL_WORDS_STAGE, campaign->stage));
      if (campaign->stage_local && campaign->stage_comment != NULL)
        {
          char *with_comment = g_strdup_printf ("%s\n%s", subtitle, campaign->stage_comment);

          g_free (subtitle);
          subtitle = with_comment;
        }
      if (campaign->stage_local && campaign->synced_stage != NULL &&
          g_strcmp0 (campaign->synced_stage, campaign->stage) != 0)
        {
          char *with_synced = g_strdup_printf (_("%s\nSynced stage: %s"), subtitle,
                                               crrc_detail_words_get (CRRC_DETAIL_WORDS_STAGE, campaign->synced_stage));

          g_free (subtitle);
          subtitle = with_synced;
        }
      row = add_row (group, campaign->name, subtitle);
      if (campaign->stage_local)
        {
          GtkWidget *tag = new_tag ("document-edit-symbolic", _("Local"), "local");

          gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (tag, _("Changed on this computer, over the synced stage"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
        }
    }

  gtk_box_append (self->sections_box, group);
}

/* Notes */

static void
queue_write (CrrcEstablishmentView *self,
             NoteOp                 op,
             gint64                 id,
             const char            *text)
{
  NoteWrite *write = g_new0 (NoteWrite, 1);

  write->op = op;
  /* As stored: self->finess is as it was asked for, spaces and all. */
  write->finess = g_strdup (get_detail (self)->finess);
  write->id = id;
  write->text = g_strdup (text);
  g_queue_push_tail (&self->writes, write);

  if (self->writes.length == 1)
    start_next_write (self);
}

static char *
note_view_text (CrrcEstablishmentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_editing (CrrcEstablishmentView *self,
             gint64                 id,
             const char            *text)
{
  self->editing_note = id;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), text != NULL ? text : "", -1);
  gtk_button_set_label (self->note_button, id != 0 ? _("_Save Note") : _("_Add Note"));
  gtk_widget_set_visible (GTK_WIDGET (self->note_cancel_button), id != 0);
}

static void
note_button_clicked_cb (CrrcEstablishmentView *self)
{
  g_autofree char *text = note_view_text (self);

  g_strstrip (text);
  if (text[0] == '\0' || get_detail (self) == NULL)
    return;

  queue_write (self, self->editing_note != 0 ? NOTE_UPDATE : NOTE_ADD, self->editing_note, text);
  set_editing (self, 0, NULL);
}

static void
note_cancel_clicked_cb (CrrcEstablishmentView *self)
{
  set_editing (self, 0, NULL);
}

static void
note_edit_clicked_cb (GtkButton             *button,
                      CrrcEstablishmentView *self)
{
  CrrcDetailNote *note = g_object_get_data (G_OBJECT (button), "note");

  set_editing (self, note->id, note->text);
  gtk_widget_grab_focus (GTK_WIDGET (self->note_view));
}

static void
note_delete_clicked_cb (GtkButton             *button,
                        CrrcEstablishmentView *self)
{
  CrrcDetailNote *note = g_object_get_data (G_OBJECT (button), "note");

  if (self->editing_note == note->id)
    set_editing (self, 0, NULL);
  queue_write (self, NOTE_DELETE, note->id, NULL);
}

static void
note_buffer_changed_cb (CrrcEstablishmentView *self)
{
  g_autofree char *text = note_view_text (self);

  g_strstrip (text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_button), text[0] != '\0');
}

static void
rebuild_notes (CrrcEstablishmentView *self)
{
  GtkWidget *child;

  if (self->notes_list == NULL)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes_list))) != NULL)
    gtk_list_box_remove (self->notes_list, child);

  gtk_widget_set_visible (GTK_WIDGET (self->notes_list), self->notes != NULL && self->notes->len > 0);
  if (self->notes == NULL)
    return;

  for (guint i = 0; i < self->notes->len; i++)
    {
      CrrcDetailNote *note = g_ptr_array_index (self->notes, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
      GtkWidget *delete = gtk_button_new_from_icon_name ("edit-delete-symbolic");
      g_autofree char *date = crrc_detail_format_date (note->created_at);
      g_autofree char *when = NULL;
      GtkWidget *text;

      if (g_strcmp0 (note->updated_at, note->created_at) != 0)
        {
          g_autofree char *updated = crrc_detail_format_date (note->updated_at);

          when = g_strdup_printf (_("%s, edited on %s"), date, updated);
        }
      else
        when = g_strdup (date);

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_margin_top (box, 10);
      gtk_widget_set_margin_bottom (box, 10);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_hexpand (text_box, TRUE);
      text = new_plain_label (note->text, FALSE);
      gtk_widget_add_css_class (text, "establishment-note-text");
      gtk_box_append (GTK_BOX (text_box), text);
      gtk_box_append (GTK_BOX (text_box), new_plain_label (when, TRUE));
      gtk_box_append (GTK_BOX (box), text_box);

      gtk_widget_set_tooltip_text (edit, _("Edit the note"));
      gtk_widget_set_tooltip_text (delete, _("Delete the note"));
      gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (edit, "flat");
      gtk_widget_add_css_class (delete, "flat");
      g_object_set_data (G_OBJECT (edit), "note", note);
      g_object_set_data (G_OBJECT (delete), "note", note);
      g_signal_connect (edit, "clicked", G_CALLBACK (note_edit_clicked_cb), self);
      g_signal_connect (delete, "clicked", G_CALLBACK (note_delete_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), edit);
      gtk_box_append (GTK_BOX (box), delete);

      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_list_box_append (self->notes_list, row);
    }
}

static void
build_notes (CrrcEstablishmentView *self)
{
  GtkWidget *group = new_group (_("Notes"));
  GtkWidget *compose = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *list = gtk_list_box_new ();
  GtkTextBuffer *buffer;

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Your own notes, kept on this computer; a sync never changes them."));

  self->note_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->note_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->note_view, FALSE);
  gtk_text_view_set_top_margin (self->note_view, 8);
  gtk_text_view_set_bottom_margin (self->note_view, 8);
  gtk_text_view_set_left_margin (self->note_view, 8);
  gtk_text_view_set_right_margin (self->note_view, 8);
  gtk_widget_set_size_request (GTK_WIDGET (self->note_view), -1, 72);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New note"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->note_view), "establishment-note-entry");
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->note_view));
  gtk_box_append (GTK_BOX (compose), frame);

  self->note_cancel_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Cancel")));
  gtk_widget_set_visible (GTK_WIDGET (self->note_cancel_button), FALSE);
  self->note_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Add Note")));
  gtk_widget_set_name (GTK_WIDGET (self->note_button), "note-button");
  gtk_widget_add_css_class (GTK_WIDGET (self->note_button), "suggested-action");
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_button), FALSE);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->note_cancel_button));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->note_button));
  gtk_box_append (GTK_BOX (compose), buttons);
  g_signal_connect_swapped (self->note_button, "clicked", G_CALLBACK (note_button_clicked_cb), self);
  g_signal_connect_swapped (self->note_cancel_button, "clicked", G_CALLBACK (note_cancel_clicked_cb), self);
  buffer = gtk_text_view_get_buffer (self->note_view);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (note_buffer_changed_cb), self);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), compose);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_margin_top (list, 12);
  self->notes_list = GTK_LIST_BOX (list);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);

  self->notes_group = ADW_PREFERENCES_GROUP (group);
  self->editing_note = 0;
  rebuild_notes (self);

  gtk_box_append (self->sections_box, group);
}

static void
clear_sections (CrrcEstablishmentView *self)
{
  GtkWidget *child;

  self->radar_chart = NULL;
  self->peers_label = NULL;
  self->notes_group = NULL;
  self->notes_list = NULL;
  self->note_view = NULL;
  self->note_button = NULL;
  self->note_cancel_button = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections_box))) != NULL)
    gtk_box_remove (self->sections_box, child);
}

static void
show_detail (CrrcEstablishmentView   *self,
             CrrcEstablishmentDetail *detail)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *shown_name = NULL;
  g_autofree char *shown_subtitle = NULL;
  g_autofree char *finess = crrc_finess_format (detail->finess);
  gboolean same = self->shared != NULL && g_strcmp0 (get_detail (self)->finess, detail->finess) == 0;
  double scroll = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller));
  g_autofree char *draft = NULL;
  gint64 editing = self->editing_note;

  /* A reload of the same establishment (a sync ended) keeps the note
   * being written. */
  if (same && self->note_view != NULL)
    draft = note_view_text (self);

  g_clear_pointer (&self->shared, shared_detail_unref);
  self->shared = shared_detail_new (detail);
  g_clear_object (&self->radar);
  self->radar = crrc_detail_radar_new (detail);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  self->notes = g_ptr_array_ref (detail->notes);

  clear_sections (self);

  shown_name = crrc_display_text (detail->name);
  gtk_label_set_text (self->title_label, shown_name);
  subtitle = g_strdup_printf ("%s — %s — %s", finess,
                              detail->category_label != NULL ? detail->category_label
                                                             : crrc_detail_words_get (CRRC_DETAIL_WORDS_SECTOR, detail->sector),
                              detail->department_name != NULL ? detail->department_name : detail->department);
  shown_subtitle = crrc_display_text (subtitle);
  gtk_label_set_text (self->subtitle_label, shown_subtitle);

  build_identity (self, detail);
  build_maturity (self, detail);
  build_incidents (self, detail);
  build_audits (self, detail);
  build_exercises (self, detail);
  build_campaigns (self, detail);
  build_notes (self);
  if (draft != NULL && draft[0] != '\0')
    set_editing (self, editing, draft);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "establishment.export-fiche", TRUE);
  gtk_stack_set_visible_child_name (self->stack, "content");
  /* A reload of the same establishment (after a sync) keeps the reader's
   * place; another one starts at its top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), same ? scroll : 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
show_error (CrrcEstablishmentView *self,
            const char            *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  g_clear_pointer (&self->shared, shared_detail_unref);
  g_clear_object (&self->radar);
  clear_sections (self);
  /* The status page's description is markup. */
  adw_status_page_set_description (self->error_page, escaped);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "establishment.export-fiche", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* Loading */

typedef struct
{
  CrrcStore               *store;
  CrrcStore               *reader;
  char                    *finess;
  guint                    generation;
  CrrcEstablishmentDetail *detail;
  char                    *draft_id;       /* or NULL */
  guint                    draft_answered;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->reader);
  g_free (data->finess);
  g_clear_pointer (&data->detail, crrc_establishment_detail_free);
  g_free (data->draft_id);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (data->reader == NULL)
    {
      data->reader = crrc_store_open_reader (data->store, &error);
      if (data->reader == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  data->detail = crrc_establishment_detail_load (data->reader, data->finess, &error);
  if (data->detail == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The analyst's draft, to resume. */
  data->draft_id = crrc_local_diagnostic_find_draft (data->reader, data->detail->finess, &error);
  if (data->draft_id != NULL)
    {
      g_autoptr(CrrcLocalDiagnostic) draft = crrc_local_diagnostic_load (data->reader, data->draft_id, &error);

      if (draft != NULL)
        data->draft_answered = crrc_diagnostic_count_answered (data->detail->referential, draft->answers, -1);
    }
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CrrcEstablishmentView *self = CRRC_ESTABLISHMENT_VIEW (object);
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* The reader goes back to the view for the next load, unless the
   * store changed meanwhile. */
  if (self->reader == NULL && data->store == self->store)
    self->reader = g_steal_pointer (&data->reader);

  if (self->disposed || data->generation != self->generation)
    return;

  g_clear_object (&self->cancellable);

  if (!ok)
    show_error (self, error->message);
  else
    {
      g_free (self->draft_id);
      self->draft_id = g_steal_pointer (&data->draft_id);
      self->draft_answered = data->draft_answered;
      show_detail (self, g_steal_pointer (&data->detail));
    }

  set_loading (self, FALSE);
}

static void
start_load (CrrcEstablishmentView *self)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  if (self->disposed || self->finess == NULL)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->generation++;

  if (self->store == NULL)
    {
      const GError *error = self->application != NULL
                            ? crrc_application_get_store_error (self->application) : NULL;

      if (error != NULL)
        show_error (self, error->message);
      else
        {
          /* The store opens: store_changed_cb() loads then. */
          gtk_stack_set_visible_child_name (self->stack, "loading");
          set_loading (self, TRUE);
        }
      return;
    }

  data = g_new0 (LoadData, 1);
  data->store = g_object_ref (self->store);
  data->reader = g_steal_pointer (&self->reader);
  data->finess = g_strdup (self->finess);
  data->generation = self->generation;

  /* A reload of what is shown keeps it on screen until the new one is
   * there; anything else shows the spinner. */
  if (self->shared == NULL || g_strcmp0 (get_detail (self)->finess, self->finess) != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_name (task, "[crrc] establishment detail");
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/* Writing notes */

typedef struct
{
  NoteWrite *write;   /* not owned */
  GPtrArray *notes;   /* of the establishment, after the write */
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_pointer (&data->notes, g_ptr_array_unref);
  g_free (data);
}

/* On the store's writer thread, holding the writer lock. */
static gboolean
write_func (CrrcStore     *store,
            gpointer       user_data,
            GCancellable  *cancellable,
            GError       **error)
{
  WriteData *data = user_data;
  NoteWrite *write = data->write;
  gboolean ok = FALSE;

  switch (write->op)
    {
    case NOTE_ADD:
      ok = crrc_establishment_note_add (store, write->finess, write->text, error) != 0;
      break;

    case NOTE_UPDATE:
      ok = crrc_establishment_note_update (store, write->id, write->text, error);
      break;

    case NOTE_DELETE:
      ok = crrc_establishment_note_delete (store, write->id, error);
      break;

    default:
      g_assert_not_reached ();
    }

  if (!ok)
    return FALSE;

  data->notes = crrc_establishment_notes_load (store, write->finess, error);
  return data->notes != NULL;
}

typedef struct
{
  CrrcEstablishmentView *self;
  WriteData             *data;
} WriteDone;

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  WriteDone *done = user_data;
  g_autoptr(CrrcEstablishmentView) self = done->self;
  WriteData *data = done->data;
  g_autoptr(GError) error = NULL;
  NoteWrite *write = g_queue_pop_head (&self->writes);

  g_assert (write == data->write);

  if (!crrc_store_write_finish (CRRC_STORE (object), result, &error))
    {
      if (!self->disposed)
        {
          g_autofree char *message = g_strdup_printf (_("The note could not be saved: %s"), error->message);

          g_debug ("%s", message);

          show_toast (self, message);
          /* Nothing typed is lost: the text goes back to the editor. */
          if (write->op != NOTE_DELETE && self->note_view != NULL && get_detail (self) != NULL &&
              g_strcmp0 (write->finess, get_detail (self)->finess) == 0)
            set_editing (self, write->op == NOTE_UPDATE ? write->id : 0, write->text);
        }
    }
  else if (!self->disposed && get_detail (self) != NULL &&
           g_strcmp0 (write->finess, get_detail (self)->finess) == 0)
    {
      g_clear_pointer (&self->notes, g_ptr_array_unref);
      self->notes = g_steal_pointer (&data->notes);
      rebuild_notes (self);
    }

  write_data_free (data);
  g_free (done);
  note_write_free (write);

  if (!self->disposed)
    start_next_write (self);
}

static void
start_next_write (CrrcEstablishmentView *self)
{
  WriteData *data;
  WriteDone *done;
  NoteWrite *write = g_queue_peek_head (&self->writes);

  if (write == NULL)
    return;

  if (self->store == NULL)
    {
      g_queue_pop_head (&self->writes);
      show_toast (self, _("The note could not be saved: the cache is not open."));
      note_write_free (write);
      start_next_write (self);
      return;
    }

  data = g_new0 (WriteData, 1);
  data->write = write;
  /* The callback reads the notes the write loaded, then frees them. */
  done = g_new0 (WriteDone, 1);
  done->self = g_object_ref (self);
  done->data = data;
  crrc_store_write_async (self->store, write_func, data, NULL, NULL, write_done_cb, done);
}

/* The fiche */

typedef struct
{
  SharedDetail   *shared;
  CrrcChartModel *radar;
  GFile          *file;
} FicheData;

static void
fiche_data_free (FicheData *data)
{
  g_clear_pointer (&data->shared, shared_detail_unref);
  g_clear_object (&data->radar);
  g_clear_object (&data->file);
  g_free (data);
}

static void
fiche_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FicheData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (crrc_fiche_export (data->shared->detail, data->radar, data->file, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
fiche_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CrrcEstablishmentView) self = user_data;
  FicheData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    show_toast (self, error->message);
  else
    {
      /* Valid UTF-8 even when the name on disk is not. */
      g_autofree char *basename = g_file_get_basename (data->file);
      g_autofree char *name = g_filename_display_name (basename);
      g_autofree char *message = g_strdup_printf (_("Fact sheet saved as “%s”"), name);

      show_toast (self, message);
    }
}

/**
 * crrc_establishment_view_write_fiche:
 * @file: the PDF to write
 *
 * Writes the fiche of the establishment shown to @file in a worker
 * thread, and says how it went in a toast. What the file chooser of
 * crrc_establishment_view_export_fiche() does with the chosen file.
 */
void
crrc_establishment_view_write_fiche (CrrcEstablishmentView *self,
                                     GFile                 *file)
{
  g_autoptr(GTask) task = NULL;
  FicheData *data;

  g_return_if_fail (CRRC_IS_ESTABLISHMENT_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->shared == NULL)
    return;

  data = g_new0 (FicheData, 1);
  data->shared = g_atomic_rc_box_acquire (self->shared);
  data->radar = self->radar != NULL ? g_object_ref (self->radar) : NULL;
  data->file = g_object_ref (file);

  task = g_task_new (NULL, NULL, fiche_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, crrc_establishment_view_write_fiche);
  g_task_set_name (task, "[crrc] fiche établissement");
  g_task_set_task_data (task, data, (GDestroyNotify) fiche_data_free);
  g_task_run_in_thread (task, fiche_thread);
}

static void
chooser_response_cb (CrrcEstablishmentView *self,
                     int                    response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    crrc_establishment_view_write_fiche (self, file);
}

static void
export_fiche_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  crrc_establishment_view_export_fiche (CRRC_ESTABLISHMENT_VIEW (widget));
}

/* The application */

static void
store_changed_cb (CrrcEstablishmentView *self)
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
data_changed_cb (CrrcEstablishmentView *self)
{
  start_load (self);
}

/* GObject */

static void
crrc_establishment_view_dispose (GObject *object)
{
  CrrcEstablishmentView *self = (CrrcEstablishmentView *)object;

  self->disposed = TRUE;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  crrc_establishment_view_set_application (self, NULL);

  clear_sections (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRRC_TYPE_ESTABLISHMENT_VIEW);

  G_OBJECT_CLASS (crrc_establishment_view_parent_class)->dispose (object);
}

static void
crrc_establishment_view_finalize (GObject *object)
{
  CrrcEstablishmentView *self = (CrrcEstablishmentView *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->reader);
  g_clear_pointer (&self->finess, g_free);
  g_clear_pointer (&self->draft_id, g_free);
  g_clear_pointer (&self->shared, shared_detail_unref);
  g_clear_object (&self->radar);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  /* Writes hold a reference on the view: none is queued any more. */
  g_assert (g_queue_is_empty (&self->writes));

  G_OBJECT_CLASS (crrc_establishment_view_parent_class)->finalize (object);
}

static void
crrc_establishment_view_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CrrcEstablishmentView *self = CRRC_ESTABLISHMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;

    case PROP_FINESS:
      g_value_set_string (value, self->finess);
      break;

    case PROP_TITLE:
      g_value_set_string (value, crrc_establishment_view_get_title (self));
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_establishment_view_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  CrrcEstablishmentView *self = CRRC_ESTABLISHMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      crrc_establishment_view_set_application (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crrc_establishment_view_class_init (CrrcEstablishmentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crrc_establishment_view_dispose;
  object_class->finalize = crrc_establishment_view_finalize;
  object_class->get_property = crrc_establishment_view_get_property;
  object_class->set_property = crrc_establishment_view_set_property;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         CRRC_TYPE_APPLICATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FINESS] =
    g_param_spec_string ("finess", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrrcEstablishmentView::open-establishment:
   * @finess: the FINESS number of the establishment asked for
   *
   * The user activated another establishment: one of the same legal
   * entity, or the support of the GHT.
   */
  signals[OPEN_ESTABLISHMENT] =
    g_signal_new ("open-establishment",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/crrc/Dashboard/pages/crrc-establishment-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CrrcEstablishmentView, stack);
  gtk_widget_class_bind_template_child (widget_class, CrrcEstablishmentView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CrrcEstablishmentView, error_page);
  gtk_widget_class_bind_template_child (widget_class, CrrcEstablishmentView, scroller);
  gtk_widget_class_bind_template_child (widget_class, CrrcEstablishmentView, title_label);
  gtk_widget_class_bind_template_child (widget_class, CrrcEstablishmentView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, CrrcEstablishmentView, fiche_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcEstablishmentView, sections_box);

  gtk_widget_class_install_action (widget_class, "establishment.export-fiche", NULL, export_fiche_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "crrcestablishmentview");
}

static void
crrc_establishment_view_init (CrrcEstablishmentView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_queue_init (&self->writes);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "establishment.export-fiche", FALSE);
}

/* Public API */

GtkWidget *
crrc_establishment_view_new (void)
{
  return g_object_new (CRRC_TYPE_ESTABLISHMENT_VIEW, NULL);
}

CrrcApplication *
crrc_establishment_view_get_application (CrrcEstablishmentView *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_VIEW (self), NULL);

  return self->application;
}

/**
 * crrc_establishment_view_set_application:
 * @application: (nullable): the application, whose store the view reads
 *
 * The view follows the application's store, and reloads what it shows on
 * ::data-changed (a sync, an import).
 */
void
crrc_establishment_view_set_application (CrrcEstablishmentView *self,
                                         CrrcApplication       *application)
{
  g_return_if_fail (CRRC_IS_ESTABLISHMENT_VIEW (self));
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
      store_changed_cb (self);
    }

  if (!self->disposed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATION]);
}

/**
 * crrc_establishment_view_show:
 * @finess: a FINESS number, spaces allowed
 *
 * Loads and shows @finess, off the main thread.
 */
void
crrc_establishment_view_show (CrrcEstablishmentView *self,
                              const char            *finess)
{
  g_return_if_fail (CRRC_IS_ESTABLISHMENT_VIEW (self));
  g_return_if_fail (finess != NULL);

  if (g_strcmp0 (self->finess, finess) != 0)
    {
      g_free (self->finess);
      self->finess = g_strdup (finess);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINESS]);
    }

  start_load (self);
}

const char *
crrc_establishment_view_get_finess (CrrcEstablishmentView *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_VIEW (self), NULL);

  return self->finess;
}

const char *
crrc_establishment_view_get_title (CrrcEstablishmentView *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_VIEW (self), NULL);

  return get_detail (self) != NULL ? get_detail (self)->name : NULL;
}

gboolean
crrc_establishment_view_get_loading (CrrcEstablishmentView *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_VIEW (self), FALSE);

  return self->loading;
}

/**
 * crrc_establishment_view_export_fiche:
 *
 * Asks where to save the fact sheet ("fiche-<FINESS>.pdf"), then writes
 * it in a worker thread; a toast says how it went.
 */
void
crrc_establishment_view_export_fiche (CrrcEstablishmentView *self)
{
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;
  GtkRoot *root;

  g_return_if_fail (CRRC_IS_ESTABLISHMENT_VIEW (self));

  if (self->shared == NULL)
    return;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (_("Save the Fact Sheet"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  name = g_strdup_printf ("fiche-%s.pdf", get_detail (self)->finess);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);

  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* For the tests */

/**
 * crrc_establishment_view_get_radar:
 *
 * Returns: (transfer none) (nullable): the radar shown, or %NULL without
 *   a diagnostic
 */
CrrcChart *
crrc_establishment_view_get_radar (CrrcEstablishmentView *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_VIEW (self), NULL);

  return self->radar_chart;
}

/**
 * crrc_establishment_view_get_detail:
 *
 * Returns: (transfer none) (nullable): what is shown
 */
CrrcEstablishmentDetail *
crrc_establishment_view_get_detail (CrrcEstablishmentView *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_VIEW (self), NULL);

  return get_detail (self);
}

/**
 * crrc_establishment_view_get_n_pending_writes:
 *
 * Returns: how many note writes are queued or running
 */
guint
crrc_establishment_view_get_n_pending_writes (CrrcEstablishmentView *self)
{
  g_return_val_if_fail (CRRC_IS_ESTABLISHMENT_VIEW (self), 0);

  return self->writes.length;
}
