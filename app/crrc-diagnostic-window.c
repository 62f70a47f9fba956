/* crrc-diagnostic-window.c: entering a maturity diagnostic, and its results
 *
 * The questionnaire goes domain by domain: a side list of the ten domains
 * with how many questions each has answered, and the chosen domain's
 * questions, each with its help and its six answers as a linked group of
 * toggle buttons that behaves as radio buttons. Every change is written at
 * once as the draft's answer, through the application store's queue of
 * writes (in order, on the writer thread), so closing the window loses
 * nothing; a failed write is shown and the answer put back. Once
 * validated, the window shows the results: score and band, completeness,
 * the radar against peers, the domain table and the six priority
 * measures, and saves the restitution PDF.
 *
 * Keyboard: Tab and Shift+Tab go from question to question; in a question,
 * Left and Right (or 0, 1, 2, 3, N for not applicable, U or ? for "I don't
 * know") choose the answer, Delete clears it, F1 shows the help; Alt+Down
 * and Alt+Up (or Ctrl+Page Down, Ctrl+Page Up) change domain.
 *
 * Reads run in a worker thread on a read-only connection of their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-diagnostic-window"

#include "config.h"

#include <glib/gi18n.h>

#include "crrc-chart.h"
#include "crrc-diagnostic-window.h"
#include "crrc-diagnostics.h"
#include "crrc-display-text.h"
#include "crrc-fiche-export.h"
#include "crrc-finess.h"
#include "crrc-format.h"
#include "crrc-restitution-export.h"

#define N_ANSWERS 6

static const struct
{
  const char *value;
  const char *label;    /* on the button */
  const char *meaning;  /* tooltip and accessible label */
} answer_choices[N_ANSWERS] = {
  /* Translators: the answers' buttons are short; their tooltips say what they mean. */
  { "0", N_("0"), N_("0 — not in place") },
  { "1", N_("1"), N_("1 — partly in place") },
  { "2", N_("2"), N_("2 — mostly in place") },
  { "3", N_("3"), N_("3 — fully in place") },
  /* Translators: "not applicable", on a small button ("S.O." for "sans objet"). */
  { "na", NC_("answer", "N/A"), N_("Not applicable") },
  /* Translators: "I don’t know", on a small button. */
  { "unknown", NC_("answer", "?"), N_("I don’t know") },
};

/* One question shown: its toggle buttons. */
typedef struct
{
  CrrcDiagnosticWindow *self;   /* not owned */
  guint                 index;  /* in the referential */
  GtkWidget            *row;
  GtkWidget            *group;
  GtkWidget            *buttons[N_ANSWERS];
  GtkWidget            *help_button;
} QuestionView;

struct _CrrcDiagnosticWindow
{
  AdwWindow              parent_instance;

  CrrcApplication       *application;  /* weak */
  CrrcStore             *store;
  CrrcReferential       *referential;
  char                  *finess;
  char                  *campaign;
  char                  *diagnostic_id;
  CrrcDiagnosticResults *results;      /* what was last loaded */
  GHashTable            *answers;      /* question → value, as shown */
  GPtrArray             *questions;    /* of QuestionView, of the domain shown */
  GCancellable          *cancellable;
  int                    domain;       /* shown, or -1 */
  guint                  pending;      /* writes queued or running */
  gboolean               updating;     /* setting toggles from code */
  gboolean               validated;
  gboolean               closed;

  CrrcChart             *radar_chart;
  GtkWidget             *measures_group;

  /* Template */
  AdwWindowTitle        *window_title;
  GtkButton             *validate_button;
  GtkButton             *pdf_button;
  GtkWidget             *save_box;
  GtkImage              *save_icon;
  GtkLabel              *save_label;
  GtkRevealer           *error_revealer;
  GtkLabel              *error_label;
  GtkStack              *stack;
  GtkSpinner            *spinner;
  AdwStatusPage         *error_page;
  GtkListBox            *domain_list;
  GtkScrolledWindow     *questions_scroller;
  GtkLabel              *domain_step_label;
  GtkLabel              *domain_title_label;
  GtkListBox            *question_list;
  GtkButton             *previous_button;
  GtkButton             *next_button;
  GtkScrolledWindow     *results_scroller;
  GtkBox                *results_box;
};

G_DEFINE_FINAL_TYPE (CrrcDiagnosticWindow, crrc_diagnostic_window, ADW_TYPE_WINDOW)

static void show_domain (CrrcDiagnosticWindow *self,
                         int                   domain);
static void start_load  (CrrcDiagnosticWindow *self);


/* Helpers */

static const CrrcReferentialQuestion *
question_at (CrrcDiagnosticWindow *self,
             guint                 index)
{
  return crrc_referential_get_question (self->referential, index);
}

static int
choice_index (const char *value)
{
  for (guint i = 0; i < N_ANSWERS; i++)
    if (g_strcmp0 (answer_choices[i].value, value) == 0)
      return (int) i;
  return -1;
}

static char *
score_text (int score)
{
  if (score < 0)
    return g_strdup ("—");
  /* Translators: a maturity score out of 100. */
  return g_strdup_printf (_("%d/100"), score);
}

static GtkWidget *
new_band_tag (CrrcMaturityBand band)
{
  GtkWidget *label = gtk_label_new (crrc_maturity_band_get_label (band));

  gtk_widget_add_css_class (label, "diagnostic-band");
  if (crrc_maturity_band_get_key (band) != NULL)
    gtk_widget_add_css_class (label, crrc_maturity_band_get_key (band));
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static GtkWidget *
new_plain_label (const char *text,
                 gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static AdwActionRow *
new_row (const char *title,
         const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (row, subtitle);
  return row;
}

/* Status */

static void
update_save_status (CrrcDiagnosticWindow *self)
{
  if (self->validated)
    {
      gtk_widget_set_visible (self->save_box, FALSE);
      return;
    }
  gtk_widget_set_visible (self->save_box, TRUE);
  if (self->pending > 0)
    {
      gtk_label_set_text (self->save_label, _("Saving…"));
      gtk_image_set_from_icon_name (self->save_icon, "document-save-symbolic");
    }
  else
    {
      gtk_label_set_text (self->save_label, _("Saved"));
      gtk_image_set_from_icon_name (self->save_icon, "emblem-ok-symbolic");
    }
}

static void
show_error_bar (CrrcDiagnosticWindow *self,
                const char           *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
error_dismiss_cb (CrrcDiagnosticWindow *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
update_validate_button (CrrcDiagnosticWindow *self)
{
  gboolean questions = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "questions") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->validate_button), questions && !self->validated);
  gtk_widget_set_sensitive (GTK_WIDGET (self->validate_button),
                            self->answers != NULL && g_hash_table_size (self->answers) > 0);
}

/* The side list of domains */

static void
update_domain_count (CrrcDiagnosticWindow *self,
                     int                   domain)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->domain_list, domain);
  const CrrcReferentialDomain *d = crrc_referential_get_domain (self->referential, (guint) domain);
  GtkWidget *count;
  guint answered;
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;

  if (row == NULL)
    return;
  count = g_object_get_data (G_OBJECT (row), "count");
  answered = crrc_diagnostic_count_answered (self->referential, self->answers, domain);
  /* Translators: questions answered out of the domain's questions, "3/5". */
  text = g_strdup_printf (_("%u/%u"), answered, d->n_questions);
  gtk_label_set_text (GTK_LABEL (count), text);
  if (answered == d->n_questions)
    gtk_widget_add_css_class (count, "complete");
  else
    gtk_widget_remove_css_class (count, "complete");
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u question answered",
                                              "%u of %u questions answered", d->n_questions),
                                 answered, d->n_questions);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
build_domain_list (CrrcDiagnosticWindow *self)
{
  GtkWidget *child;
  guint n_domains = crrc_referential_get_n_domains (self->referential);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->domain_list))) != NULL)
    gtk_list_box_remove (self->domain_list, child);

  for (guint d = 0; d < n_domains; d++)
    {
      const CrrcReferentialDomain *domain = crrc_referential_get_domain (self->referential, d);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *title = gtk_label_new (domain->title);
      GtkWidget *count = gtk_label_new (NULL);

      gtk_widget_add_css_class (box, "diagnostic-domain-row");
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_set_hexpand (title, TRUE);
      gtk_widget_add_css_class (count, "dim-label");
      gtk_widget_add_css_class (count, "diagnostic-count");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), count);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data (G_OBJECT (row), "count", count);
      gtk_list_box_append (self->domain_list, row);
      update_domain_count (self, (int) d);
    }
}

static void
domain_selected_cb (CrrcDiagnosticWindow *self,
                    GtkListBoxRow        *row)
{
  if (row == NULL || self->referential == NULL)
    return;
  if (gtk_list_box_row_get_index (row) != self->domain)
    show_domain (self, gtk_list_box_row_get_index (row));
}

/* Writing answers */

typedef struct
{
  char *id;
  char *question;
  char *answer;    /* or NULL: cleared */
  char *previous;  /* what was shown before, or NULL */
} AnswerWrite;

static void
answer_write_free (AnswerWrite *write)
{
  g_free (write->id);
  g_free (write->question);
  g_free (write->answer);
  g_free (write->previous);
  g_free (write);
}

static gboolean
answer_write_func (CrrcStore     *store,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  AnswerWrite *write = data;

  return crrc_local_diagnostic_set_answer (store, write->id, write->question, write->answer, error);
}

static void
set_toggles (CrrcDiagnosticWindow *self,
             QuestionView         *view,
             const char           *value)
{
  int chosen = choice_index (value);

  self->updating = TRUE;
  for (int i = 0; i < N_ANSWERS; i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (view->buttons[i]), i == chosen);
  self->updating = FALSE;
}

static QuestionView *
find_view (CrrcDiagnosticWindow *self,
           const char           *question_id)
{
  for (guint i = 0; self->questions != NULL && i < self->questions->len; i++)
    {
      QuestionView *view = g_ptr_array_index (self->questions, i);

      if (g_str_equal (question_at (self, view->index)->id, question_id))
        return view;
    }
  return NULL;
}

/* Shows @value (or no answer) for @question_id, as the answer it has. */
static void
show_answer (CrrcDiagnosticWindow *self,
             const char           *question_id,
             const char           *value)
{
  const CrrcReferentialQuestion *question = crrc_referential_lookup_question (self->referential, question_id);
  QuestionView *view = find_view (self, question_id);

  if (value != NULL)
    g_hash_table_replace (self->answers, g_strdup (question_id), g_strdup (value));
  else
    g_hash_table_remove (self->answers, question_id);
  if (view != NULL)
    set_toggles (self, view, value);
  if (question != NULL)
    update_domain_count (self, crrc_referential_find_domain (self->referential, question->domain_id));
  update_validate_button (self);
}

/* What the callback of a write gets: the window and the write, freed
 * there (the write function has run by then). */
typedef struct
{
  CrrcDiagnosticWindow *self;
  AnswerWrite          *write;
} AnswerDone;

static void
answer_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AnswerDone *done = user_data;
  g_autoptr(CrrcDiagnosticWindow) self = done->self;
  AnswerWrite *write = done->write;
  g_autoptr(GError) error = NULL;

  self->pending--;
  if (!crrc_store_write_finish (CRRC_STORE (object), result, &error) && !self->closed)
    {
      const CrrcReferentialQuestion *question = crrc_referential_lookup_question (self->referential, write->question);
      g_autofree char *message = NULL;

      /* Translators: %s is a question's text, the second why it failed. */
      message = g_strdup_printf (_("The answer to “%s” could not be saved, and was put back: %s"),
                                 question != NULL ? question->text : write->question, error->message);
      g_debug ("%s", message);
      show_error_bar (self, message);
      /* Nothing shown that is not saved: put the answer back, unless it
       * changed again since. */
      if (g_strcmp0 (g_hash_table_lookup (self->answers, write->question), write->answer) == 0)
        show_answer (self, write->question, write->previous);
    }
  else if (error != NULL)
    g_warning ("The answer to “%s” could not be saved after its window was closed: %s",
               write->question, error->message);
  /* Once closed, the window's widgets are gone. */
  if (!self->closed)
    update_save_status (self);
  answer_write_free (write);
  g_free (done);
}

static void
queue_answer (CrrcDiagnosticWindow *self,
              const char           *question_id,
              const char           *value)
{
  AnswerWrite *write = g_new0 (AnswerWrite, 1);
  AnswerDone *done = g_new0 (AnswerDone, 1);

  write->id = g_strdup (self->diagnostic_id);
  write->question = g_strdup (question_id);
  write->answer = g_strdup (value);
  write->previous = g_strdup (g_hash_table_lookup (self->answers, question_id));

  show_answer (self, question_id, value);
  self->pending++;
  update_save_status (self);

  /* The write's data outlives the write: the callback reads it, then
   * frees it. */
  done->self = g_object_ref (self);
  done->write = write;
  crrc_store_write_async (self->store, answer_write_func, write, NULL, NULL, answer_written_cb, done);
}

/* Questions */

static void
toggle_toggled_cb (GtkToggleButton *button,
                   QuestionView    *view)
{
  CrrcDiagnosticWindow *self = view->self;
  const char *value = g_object_get_data (G_OBJECT (button), "value");
  const char *question_id = question_at (self, view->index)->id;

  if (self->updating || self->validated || self->diagnostic_id == NULL)
    return;
  /* Only the button turned on writes; the one turned off by the group
   * says nothing. */
  if (!gtk_toggle_button_get_active (button))
    return;
  if (g_strcmp0 (g_hash_table_lookup (self->answers, question_id), value) == 0)
    return;

  queue_answer (self, question_id, value);
}

static void
focus_question (CrrcDiagnosticWindow *self,
                guint                 position)
{
  QuestionView *view;
  int chosen;

  if (self->questions == NULL || position >= self->questions->len)
    return;
  view = g_ptr_array_index (self->questions, position);
  chosen = choice_index (g_hash_table_lookup (self->answers, question_at (self, view->index)->id));
  gtk_widget_grab_focus (view->buttons[chosen >= 0 ? chosen : 0]);
}

static guint
view_position (CrrcDiagnosticWindow *self,
               QuestionView         *view)
{
  guint position = 0;

  g_ptr_array_find (self->questions, view, &position);
  return position;
}

static void
choose (QuestionView *view,
        int           choice)
{
  gtk_widget_grab_focus (view->buttons[choice]);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (view->buttons[choice]), TRUE);
}

static gboolean
answers_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        QuestionView          *view)
{
  CrrcDiagnosticWindow *self = view->self;
  const char *question_id = question_at (self, view->index)->id;
  int chosen = choice_index (g_hash_table_lookup (self->answers, question_id));
  int focused = -1;
  guint position = view_position (self, view);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  for (int i = 0; i < N_ANSWERS; i++)
    if (gtk_widget_has_focus (view->buttons[i]))
      focused = i;
  if (focused < 0)
    focused = chosen >= 0 ? chosen : 0;

  switch (keyval)
    {
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (position + 1 < self->questions->len)
        {
          focus_question (self, position + 1);
          return GDK_EVENT_STOP;
        }
      if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
        return GDK_EVENT_STOP;
      /* After the last question: the buttons at the bottom. */
      gtk_widget_grab_focus (GTK_WIDGET (gtk_widget_get_sensitive (GTK_WIDGET (self->next_button))
                                         ? self->next_button : self->previous_button));
      return GDK_EVENT_STOP;

    case GDK_KEY_ISO_Left_Tab:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (position > 0)
        {
          focus_question (self, position - 1);
          return GDK_EVENT_STOP;
        }
      if (keyval != GDK_KEY_ISO_Left_Tab)
        return GDK_EVENT_STOP;
      gtk_widget_grab_focus (GTK_WIDGET (self->domain_list));
      return GDK_EVENT_STOP;

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      choose (view, MAX (focused - (chosen >= 0 || focused > 0 ? 1 : 0), 0));
      return GDK_EVENT_STOP;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      choose (view, chosen < 0 && focused == 0 ? 0 : MIN (focused + 1, N_ANSWERS - 1));
      return GDK_EVENT_STOP;

    case GDK_KEY_Home:
      choose (view, 0);
      return GDK_EVENT_STOP;

    case GDK_KEY_End:
      choose (view, N_ANSWERS - 1);
      return GDK_EVENT_STOP;

    case GDK_KEY_0: case GDK_KEY_KP_0:
    case GDK_KEY_1: case GDK_KEY_KP_1:
    case GDK_KEY_2: case GDK_KEY_KP_2:
    case GDK_KEY_3: case GDK_KEY_KP_3:
      choose (view, (int) (keyval >= GDK_KEY_KP_0 ? keyval - GDK_KEY_KP_0 : keyval - GDK_KEY_0));
      return GDK_EVENT_STOP;

    case GDK_KEY_n:
    case GDK_KEY_N:
    case GDK_KEY_s:  /* "sans objet" */
    case GDK_KEY_S:
      choose (view, 4);
      return GDK_EVENT_STOP;

    case GDK_KEY_u:
    case GDK_KEY_U:
    case GDK_KEY_question:
      choose (view, 5);
      return GDK_EVENT_STOP;

    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      if (chosen >= 0 && !self->validated)
        {
          queue_answer (self, question_id, NULL);
          gtk_widget_grab_focus (view->buttons[focused]);
        }
      return GDK_EVENT_STOP;

    case GDK_KEY_F1:
      gtk_menu_button_popup (GTK_MENU_BUTTON (view->help_button));
      return GDK_EVENT_STOP;

    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static GtkWidget *
new_question_row (CrrcDiagnosticWindow *self,
                  QuestionView         *view,
                  guint                 number)
{
  const CrrcReferentialQuestion *question = question_at (self, view->index);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = new_plain_label (question->text, FALSE);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *help = new_plain_label (question->help, FALSE);
  GtkWidget *group = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_autofree char *numbered = g_strdup_printf ("%u. %s", number, question->text);
  g_autofree char *help_label = NULL;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_add_css_class (box, "diagnostic-question");

  gtk_label_set_text (GTK_LABEL (text), numbered);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (text, "diagnostic-question-text");
  gtk_box_append (GTK_BOX (top), text);

  gtk_label_set_max_width_chars (GTK_LABEL (help), 48);
  gtk_widget_set_margin_top (help, 6);
  gtk_widget_set_margin_bottom (help, 6);
  gtk_widget_set_margin_start (help, 6);
  gtk_widget_set_margin_end (help, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), help);
  view->help_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (view->help_button), "help-about-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (view->help_button), popover);
  gtk_widget_set_valign (view->help_button, GTK_ALIGN_START);
  gtk_widget_add_css_class (view->help_button, "flat");
  gtk_widget_add_css_class (view->help_button, "circular");
  gtk_widget_set_tooltip_text (view->help_button, _("Help on this question (F1)"));
  /* Translators: %u is the question's number. */
  help_label = g_strdup_printf (_("Help on question %u"), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view->help_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, help_label, -1);
  /* Tab goes from answers to answers: the help opens with F1, or the
   * mouse. */
  gtk_widget_set_focus_on_click (view->help_button, FALSE);
  gtk_box_append (GTK_BOX (top), view->help_button);
  gtk_box_append (GTK_BOX (box), top);

  gtk_widget_add_css_class (group, "linked");
  gtk_widget_add_css_class (group, "diagnostic-answers");
  gtk_widget_set_halign (group, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (group),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, question->text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, question->help, -1);
  for (int i = 0; i < N_ANSWERS; i++)
    {
      const char *label = i == 4 ? g_dpgettext2 (GETTEXT_PACKAGE, "answer", answer_choices[i].label)
                          : i == 5 ? g_dpgettext2 (GETTEXT_PACKAGE, "answer", answer_choices[i].label)
                          : answer_choices[i].label;
      GtkWidget *button = gtk_toggle_button_new_with_label (label);
      g_autofree char *accessible = g_strdup_printf ("%s — %s", _(answer_choices[i].meaning), question->text);

      g_object_set_data (G_OBJECT (button), "value", (gpointer) answer_choices[i].value);
      gtk_widget_set_tooltip_text (button, _(answer_choices[i].meaning));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (view->buttons[0]));
      if (i == 4)
        gtk_widget_set_margin_start (button, 0);
      g_signal_connect (button, "toggled", G_CALLBACK (toggle_toggled_cb), view);
      gtk_widget_set_sensitive (button, !self->validated);
      view->buttons[i] = button;
      gtk_box_append (GTK_BOX (group), button);
    }
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (answers_key_pressed_cb), view);
  gtk_widget_add_controller (group, keys);
  view->group = group;
  gtk_box_append (GTK_BOX (box), group);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  view->row = row;
  return row;
}

static void
show_domain (CrrcDiagnosticWindow *self,
             int                   domain)
{
  const CrrcReferentialDomain *d;
  guint n_domains = crrc_referential_get_n_domains (self->referential);
  g_autofree char *step = NULL;
  GtkWidget *child;

  if (domain < 0 || (guint) domain >= n_domains)
    return;
  d = crrc_referential_get_domain (self->referential, (guint) domain);
  self->domain = domain;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->question_list))) != NULL)
    gtk_list_box_remove (self->question_list, child);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  self->questions = g_ptr_array_new_with_free_func (g_free);

  /* Translators: "Domain 3 of 10". */
  step = g_strdup_printf (_("Domain %d of %u"), domain + 1, n_domains);
  gtk_label_set_text (self->domain_step_label, step);
  gtk_label_set_text (self->domain_title_label, d->title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->question_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, d->title, -1);

  for (guint q = 0; q < d->n_questions; q++)
    {
      QuestionView *view = g_new0 (QuestionView, 1);

      view->self = self;
      view->index = d->first_question + q;
      g_ptr_array_add (self->questions, view);
      gtk_list_box_append (self->question_list, new_question_row (self, view, q + 1));
      set_toggles (self, view, g_hash_table_lookup (self->answers, question_at (self, view->index)->id));
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnostic.previous-domain", domain > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnostic.next-domain", (guint) domain + 1 < n_domains);
  gtk_widget_set_visible (GTK_WIDGET (self->previous_button), domain > 0);

  gtk_list_box_select_row (self->domain_list, gtk_list_box_get_row_at_index (self->domain_list, domain));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->questions_scroller), 0);
}

static void
change_domain (CrrcDiagnosticWindow *self,
               int                   delta)
{
  int domain = self->domain + delta;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "questions") != 0)
    return;
  if (domain < 0 || (guint) domain >= crrc_referential_get_n_domains (self->referential))
    return;
  show_domain (self, domain);
  focus_question (self, 0);
}

static void
next_domain_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  change_domain (CRRC_DIAGNOSTIC_WINDOW (widget), 1);
}

static void
previous_domain_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  change_domain (CRRC_DIAGNOSTIC_WINDOW (widget), -1);
}

/* Ctrl+Page Down/Up and Alt+Down/Up, wherever the focus is: before the
 * scrolled windows, which take Ctrl+Page Down/Up for themselves. */
static gboolean
window_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       CrrcDiagnosticWindow  *self)
{
  GdkModifierType modifiers = state & gtk_accelerator_get_default_mod_mask ();

  if ((modifiers == GDK_CONTROL_MASK && (keyval == GDK_KEY_Page_Down || keyval == GDK_KEY_KP_Page_Down)) ||
      (modifiers == GDK_ALT_MASK && (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)))
    {
      change_domain (self, 1);
      return GDK_EVENT_STOP;
    }
  if ((modifiers == GDK_CONTROL_MASK && (keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_KP_Page_Up)) ||
      (modifiers == GDK_ALT_MASK && (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)))
    {
      change_domain (self, -1);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
show_questions (CrrcDiagnosticWindow *self)
{
  guint n_domains = crrc_referential_get_n_domains (self->referential);
  int first = 0;

  build_domain_list (self);
  /* Resume at the first domain not complete. */
  for (guint d = 0; d < n_domains; d++)
    if (crrc_diagnostic_count_answered (self->referential, self->answers, (int) d)
        < crrc_referential_get_domain (self->referential, d)->n_questions)
      {
        first = (int) d;
        break;
      }
  gtk_stack_set_visible_child_name (self->stack, "questions");
  self->domain = -1;
  show_domain (self, first);
  update_validate_button (self);
  update_save_status (self);
  focus_question (self, 0);
}

/* Results */

static void
pdf_saved_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CrrcDiagnosticWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = crrc_restitution_save_finish (result, &error);

  if (self->closed)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->pdf_button), TRUE);
  if (error != NULL)
    show_error_bar (self, error->message);
  else if (file != NULL)
    {
      /* Valid UTF-8 even when the name on disk is not. */
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *name = g_filename_display_name (basename);
      g_autofree char *message = g_strdup_printf (_("Restitution saved as “%s”"), name);

      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      gtk_label_set_text (self->save_label, message);
      gtk_image_set_from_icon_name (self->save_icon, "emblem-ok-symbolic");
      gtk_widget_set_visible (self->save_box, TRUE);
    }
}

static void
pdf_clicked_cb (CrrcDiagnosticWindow *self)
{
  if (self->results == NULL || self->store == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->pdf_button), FALSE);
  crrc_restitution_save (GTK_WINDOW (self), self->store, self->results->id, self->results->finess,
                         self->results->date, pdf_saved_cb, g_object_ref (self));
}

static void
build_results (CrrcDiagnosticWindow *self)
{
  CrrcDiagnosticResults *results = self->results;
  CrrcMaturityScores *scores = results->scores;
  g_autoptr(CrrcChartModel) radar = crrc_restitution_radar_new (results);
  g_autofree char *overall = score_text (scores->overall);
  g_autofree char *completeness = crrc_format_percent (scores->completeness, 0);
  g_autofree char *completeness_text = NULL;
  g_autofree char *date = crrc_detail_format_date (results->date);
  g_autofree char *when = NULL;
  GtkWidget *hero, *left, *score_box, *label, *card, *group, *child;
  guint n_domains = crrc_referential_get_n_domains (self->referential);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_box))) != NULL)
    gtk_box_remove (self->results_box, child);

  /* The score, its band and completeness. */
  hero = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  gtk_widget_add_css_class (hero, "card");
  gtk_widget_add_css_class (hero, "diagnostic-hero");
  left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_hexpand (left, TRUE);
  label = new_plain_label (_("Overall score"), TRUE);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_box_append (GTK_BOX (left), label);
  score_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 14);
  label = gtk_label_new (overall);
  gtk_widget_set_name (label, "overall-score");
  gtk_widget_add_css_class (label, "diagnostic-score");
  gtk_box_append (GTK_BOX (score_box), label);
  gtk_box_append (GTK_BOX (score_box), new_band_tag (scores->overall_band));
  gtk_box_append (GTK_BOX (left), score_box);
  /* Translators: %s is a date. */
  when = g_strdup_printf (_("Diagnostic of %s — referential %s%s"), date,
                          crrc_referential_get_id (self->referential),
                          results->local ? _(" — entered on this computer") : "");
  gtk_box_append (GTK_BOX (left), new_plain_label (when, TRUE));
  gtk_box_append (GTK_BOX (hero), left);

  {
    GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    GtkWidget *value = gtk_label_new (completeness);
    GtkWidget *bar = gtk_level_bar_new_for_interval (0, 100);

    gtk_widget_set_valign (right, GTK_ALIGN_CENTER);
    gtk_widget_set_size_request (right, 200, -1);
    label = new_plain_label (_("Completeness"), TRUE);
    gtk_widget_add_css_class (label, "caption-heading");
    gtk_box_append (GTK_BOX (right), label);
    gtk_label_set_xalign (GTK_LABEL (value), 0);
    gtk_widget_add_css_class (value, "title-2");
    gtk_widget_add_css_class (value, "numeric");
    gtk_box_append (GTK_BOX (right), value);
    gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), scores->completeness);
    gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
    gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
    gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
    completeness_text = g_strdup_printf (_("Completeness %s"), completeness);
    gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, completeness_text, -1);
    gtk_box_append (GTK_BOX (right), bar);
    gtk_box_append (GTK_BOX (right), new_plain_label (_("Questions answered, not “I don’t know”"), TRUE));
    gtk_box_append (GTK_BOX (hero), right);
  }
  gtk_box_append (self->results_box, hero);

  /* The radar. */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Maturity by Domain"));
  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "diagnostic-radar");
  self->radar_chart = CRRC_CHART (crrc_chart_new (radar));
  gtk_widget_set_size_request (GTK_WIDGET (self->radar_chart), -1, 400);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->radar_chart));
  if (results->n_peers < 5)
    label = new_plain_label (_("Comparison hidden: fewer than 5 comparable establishments"), TRUE);
  else
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Compared with %u establishment of the same category in the region.",
                                           "Compared with %u establishments of the same category in the region.",
                                           results->n_peers), results->n_peers);
      label = new_plain_label (text, TRUE);
    }
  gtk_label_set_xalign (GTK_LABEL (label), 0.5);
  gtk_box_append (GTK_BOX (card), label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), card);
  gtk_box_append (self->results_box, group);

  /* The domain table. */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Scores by Domain"));
  if (results->progress != NULL)
    {
      g_autofree char *previous = crrc_detail_format_date (results->previous_date);
      g_autofree char *description = g_strdup_printf (_("Progress since the diagnostic of %s."), previous);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
    }
  for (guint d = 0; d < n_domains; d++)
    {
      const CrrcReferentialDomain *domain = crrc_referential_get_domain (self->referential, d);
      int score = scores->domain_scores[d];
      g_autofree char *score_str = score_text (score);
      /* Translators: the peers' median when fewer than 5 peers hide it. */
      g_autofree char *median = results->n_peers < 5 ? g_strdup (_("hidden")) : score_text (results->peer_medians[d]);
      g_autofree char *subtitle = NULL;
      g_autofree char *progress = NULL;
      AdwActionRow *row;
      GtkWidget *value;

      if (results->progress == NULL)
        progress = g_strdup (_("no earlier diagnostic"));
      else if (results->progress[d] == -1000)
        progress = g_strdup (_("not comparable"));
      else if (results->progress[d] > 0)
        progress = g_strdup_printf ("+%d", results->progress[d]);
      else if (results->progress[d] < 0)
        progress = g_strdup_printf ("−%d", -results->progress[d]);
      else
        progress = g_strdup (_("unchanged"));
      /* Translators: a domain's row: the peers' median score, then the progress. */
      subtitle = g_strdup_printf (_("Peer median %s — progress %s"), median, progress);
      row = new_row (domain->title, subtitle);
      gtk_widget_set_name (GTK_WIDGET (row), "domain-row");
      if (score >= 0)
        {
          value = gtk_label_new (score_str);
          gtk_widget_add_css_class (value, "heading");
          gtk_widget_add_css_class (value, "numeric");
          adw_action_row_add_suffix (row, value);
          adw_action_row_add_suffix (row, new_band_tag (crrc_maturity_band_for_score (score)));
        }
      else
        {
          /* Translators: a domain without any answer from 0 to 3. */
          value = gtk_label_new (_("No score"));
          gtk_widget_add_css_class (value, "dim-label");
          adw_action_row_add_suffix (row, value);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (row));
    }
  gtk_box_append (self->results_box, group);

  /* The priority measures. */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Priority Measures"));
  self->measures_group = group;
  if (scores->measures == NULL || scores->measures->len == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               GTK_WIDGET (new_row (_("No measure"), _("Every question answered is at its best level."))));
  for (guint i = 0; scores->measures != NULL && i < scores->measures->len && i < 6; i++)
    {
      const CrrcMaturityMeasure *measure = &g_array_index (scores->measures, CrrcMaturityMeasure, i);
      int d = crrc_referential_find_domain (self->referential, measure->domain_id);
      AdwActionRow *row = new_row (measure->measure,
                                   d >= 0 ? crrc_referential_get_domain (self->referential, d)->title : measure->domain_id);
      g_autofree char *rank = g_strdup_printf ("%u", i + 1);
      GtkWidget *rank_label = gtk_label_new (rank);

      gtk_widget_set_name (GTK_WIDGET (row), "measure-row");
      gtk_widget_add_css_class (rank_label, "diagnostic-rank");
      gtk_widget_set_valign (rank_label, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (row, rank_label);
      adw_action_row_set_title_lines (row, 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (row));
    }
  gtk_box_append (self->results_box, group);

  gtk_widget_set_visible (GTK_WIDGET (self->pdf_button), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "results");
  update_validate_button (self);
  update_save_status (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->results_scroller), 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->pdf_button));
}

/* Loading */

static void
update_title (CrrcDiagnosticWindow *self)
{
  g_autofree char *finess = crrc_finess_format (self->results->finess);
  g_autofree char *date = crrc_detail_format_date (self->results->date);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = crrc_display_text (self->results->name != NULL ? self->results->name : finess);

  /* Translators: the window's subtitle: FINESS number and the diagnostic's date. */
  subtitle = g_strdup_printf (_("FINESS %s — diagnostic of %s"), finess, date);
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  /* Translators: the window's title: the establishment's name. */
  title = g_strdup_printf (_("Maturity Diagnostic — %s"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
show_load_error (CrrcDiagnosticWindow *self,
                 const char           *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "error");
  update_validate_button (self);
}

typedef struct
{
  CrrcStore *store;
  char      *id;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->store);
  g_free (data->id);
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
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (data->store, &error);
  CrrcDiagnosticResults *results = NULL;

  if (reader != NULL)
    results = crrc_diagnostic_results_load (reader, data->id, &error);
  if (results == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, results, (GDestroyNotify) crrc_diagnostic_results_free);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CrrcDiagnosticWindow *self = CRRC_DIAGNOSTIC_WINDOW (object);
  g_autoptr(GError) error = NULL;
  CrrcDiagnosticResults *results = g_task_propagate_pointer (G_TASK (result), &error);

  if (self->closed)
    {
      g_clear_pointer (&results, crrc_diagnostic_results_free);
      return;
    }
  if (results == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_load_error (self, error->message);
      return;
    }

  g_clear_pointer (&self->results, crrc_diagnostic_results_free);
  self->results = results;
  self->validated = results->validated;
  g_clear_pointer (&self->answers, g_hash_table_unref);
  self->answers = g_hash_table_ref (results->answers);
  g_free (self->finess);
  self->finess = g_strdup (results->finess);
  update_title (self);

  if (self->validated)
    build_results (self);
  else
    show_questions (self);
}

static void
start_load (CrrcDiagnosticWindow *self)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gtk_stack_set_visible_child_name (self->stack, "loading");
  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_name (task, "[crrc] diagnostic");
  data = g_new0 (LoadData, 1);
  data->store = g_object_ref (self->store);
  data->id = g_strdup (self->diagnostic_id);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/* The draft */

typedef struct
{
  char *finess;
  char *campaign;
  char *id;  /* out */
} EnsureDraft;

static void
ensure_draft_free (EnsureDraft *data)
{
  g_free (data->finess);
  g_free (data->campaign);
  g_free (data->id);
  g_free (data);
}

static gboolean
ensure_draft_func (CrrcStore     *store,
                   gpointer       user_data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  EnsureDraft *data = user_data;
  GError *local_error = NULL;

  data->id = crrc_local_diagnostic_find_draft (store, data->finess, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (data->id == NULL)
    data->id = crrc_local_diagnostic_create (store, data->finess, data->campaign, NULL, error);
  return data->id != NULL;
}

static void
draft_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CrrcDiagnosticWindow) self = user_data;
  EnsureDraft *data = g_object_get_data (G_OBJECT (self), "ensure-draft");
  g_autoptr(GError) error = NULL;

  if (!crrc_store_write_finish (CRRC_STORE (object), result, &error))
    {
      g_object_set_data (G_OBJECT (self), "ensure-draft", NULL);
      if (!self->closed)
        show_load_error (self, error->message);
      return;
    }
  g_free (self->diagnostic_id);
  self->diagnostic_id = g_strdup (data->id);
  g_object_set_data (G_OBJECT (self), "ensure-draft", NULL);
  if (!self->closed)
    start_load (self);
}

/* Validation */

static gboolean
validate_func (CrrcStore     *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  return crrc_local_diagnostic_validate (store, data, error);
}

static void
validated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CrrcDiagnosticWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->pending--;
  if (!crrc_store_write_finish (CRRC_STORE (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The diagnostic could not be validated: %s"), error->message);

      if (self->closed)
        return;
      gtk_widget_set_sensitive (GTK_WIDGET (self->validate_button), TRUE);
      show_error_bar (self, message);
      update_save_status (self);
      return;
    }

  self->validated = TRUE;
  if (self->application != NULL)
    crrc_application_data_changed (self->application);
  if (!self->closed)
    {
      update_save_status (self);
      start_load (self);
    }
}

static void
validate_response_cb (AdwMessageDialog     *dialog,
                      const char           *response,
                      CrrcDiagnosticWindow *self)
{
  if (g_strcmp0 (response, "validate") != 0 || self->diagnostic_id == NULL || self->validated)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->validate_button), FALSE);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  self->pending++;
  /* Queued after every answer: writes run in order. */
  crrc_store_write_async (self->store, validate_func, g_strdup (self->diagnostic_id), g_free, NULL,
                          validated_cb, g_object_ref (self));
}

static void
validate_clicked_cb (CrrcDiagnosticWindow *self)
{
  GtkWidget *dialog;
  guint n_questions = crrc_referential_get_n_questions (self->referential);
  guint known = 0;
  guint unknown;
  g_autofree char *body = NULL;
  GHashTableIter iter;
  gpointer value;

  if (self->answers == NULL || g_hash_table_size (self->answers) == 0)
    return;

  g_hash_table_iter_init (&iter, self->answers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (value, "unknown") != 0)
      known++;
  unknown = n_questions - known;

  if (unknown > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Once validated, the diagnostic can no longer be changed. %u of the %u questions is still unanswered or answered “I don’t know”: it counts as unknown.",
                                         "Once validated, the diagnostic can no longer be changed. %u of the %u questions are still unanswered or answered “I don’t know”: they count as unknown.",
                                         unknown),
                            unknown, n_questions);
  else
    body = g_strdup_printf (_("Once validated, the diagnostic can no longer be changed. All %u questions are answered."),
                            n_questions);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Validate the Diagnostic?"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "validate", _("_Validate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "validate", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "validate");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (validate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static gboolean
crrc_diagnostic_window_close_request (GtkWindow *window)
{
  CrrcDiagnosticWindow *self = CRRC_DIAGNOSTIC_WINDOW (window);

  /* Writes still queued hold a reference on the window and finish
   * anyway: nothing is lost. */
  self->closed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (crrc_diagnostic_window_parent_class)->close_request (window);
}

static void
crrc_diagnostic_window_dispose (GObject *object)
{
  CrrcDiagnosticWindow *self = CRRC_DIAGNOSTIC_WINDOW (object);

  self->closed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
  self->application = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), CRRC_TYPE_DIAGNOSTIC_WINDOW);

  G_OBJECT_CLASS (crrc_diagnostic_window_parent_class)->dispose (object);
}

static void
crrc_diagnostic_window_finalize (GObject *object)
{
  CrrcDiagnosticWindow *self = CRRC_DIAGNOSTIC_WINDOW (object);

  g_clear_object (&self->store);
  g_free (self->finess);
  g_free (self->campaign);
  g_free (self->diagnostic_id);
  g_clear_pointer (&self->results, crrc_diagnostic_results_free);
  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);

  G_OBJECT_CLASS (crrc_diagnostic_window_parent_class)->finalize (object);
}

static void
crrc_diagnostic_window_class_init (CrrcDiagnosticWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = crrc_diagnostic_window_dispose;
  object_class->finalize = crrc_diagnostic_window_finalize;
  window_class->close_request = crrc_diagnostic_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/crrc/Dashboard/crrc-diagnostic-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, validate_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, pdf_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, save_box);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, save_icon);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, save_label);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, domain_list);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, questions_scroller);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, domain_step_label);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, domain_title_label);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, question_list);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, previous_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, CrrcDiagnosticWindow, results_box);
  gtk_widget_class_bind_template_callback (widget_class, validate_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pdf_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_dismiss_cb);
  gtk_widget_class_bind_template_callback (widget_class, domain_selected_cb);

  gtk_widget_class_install_action (widget_class, "diagnostic.next-domain", NULL, next_domain_action);
  gtk_widget_class_install_action (widget_class, "diagnostic.previous-domain", NULL, previous_domain_action);
  /* Closing loses nothing: every answer is already saved. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crrc_diagnostic_window_init (CrrcDiagnosticWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (window_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  self->domain = -1;
  self->referential = crrc_referential_get_default (NULL);
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Public API */

static CrrcDiagnosticWindow *
new_window (GtkWindow       *parent,
            CrrcApplication *application)
{
  CrrcDiagnosticWindow *self = g_object_new (CRRC_TYPE_DIAGNOSTIC_WINDOW,
                                             "application", application,
                                             "transient-for", parent,
                                             NULL);

  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  self->store = g_object_ref (crrc_application_get_store (application));
  return self;
}

/* A window already open on @finess's draft, or NULL. */
static CrrcDiagnosticWindow *
find_open (CrrcApplication *application,
           const char      *finess,
           const char      *diagnostic_id)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL; l = l->next)
    {
      CrrcDiagnosticWindow *window;

      if (!CRRC_IS_DIAGNOSTIC_WINDOW (l->data))
        continue;
      window = l->data;
      if (window->closed)
        continue;
      if (finess != NULL && !window->validated && g_strcmp0 (window->finess, finess) == 0)
        return window;
      if (diagnostic_id != NULL && g_strcmp0 (window->diagnostic_id, diagnostic_id) == 0)
        return window;
    }
  return NULL;
}

/**
 * crrc_diagnostic_window_open:
 * @parent: (nullable): the window it is transient for
 * @application: the application, whose store is written
 * @finess: the establishment
 * @campaign_id: (nullable): the campaign of a new draft
 *
 * Returns: (transfer none) (nullable): the window, shown
 */
CrrcDiagnosticWindow *
crrc_diagnostic_window_open (GtkWindow       *parent,
                             CrrcApplication *application,
                             const char      *finess,
                             const char      *campaign_id)
{
  CrrcDiagnosticWindow *self;
  EnsureDraft *data;
  char parsed[CRRC_FINESS_LENGTH + 1];

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CRRC_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (finess != NULL, NULL);

  if (crrc_application_get_store (application) == NULL)
    return NULL;
  if (crrc_finess_parse (finess, parsed) == CRRC_FINESS_INVALID)
    g_strlcpy (parsed, finess, sizeof parsed);

  self = find_open (application, parsed, NULL);
  if (self != NULL)
    {
      gtk_window_present (GTK_WINDOW (self));
      return self;
    }

  self = new_window (parent, application);
  self->finess = g_strdup (parsed);
  self->campaign = g_strdup (campaign_id);

  data = g_new0 (EnsureDraft, 1);
  data->finess = g_strdup (parsed);
  data->campaign = g_strdup (campaign_id);
  /* The window keeps the data: the callback reads the id found. */
  g_object_set_data_full (G_OBJECT (self), "ensure-draft", data, (GDestroyNotify) ensure_draft_free);
  crrc_store_write_async (self->store, ensure_draft_func, data, NULL, NULL,
                          draft_ready_cb, g_object_ref (self));

  gtk_window_present (GTK_WINDOW (self));
  return self;
}

/**
 * crrc_diagnostic_window_open_results:
 * @parent: (nullable): the window it is transient for
 * @application: the application
 * @diagnostic_id: a synced diagnostic or a local one
 *
 * Returns: (transfer none) (nullable): the window, shown
 */
CrrcDiagnosticWindow *
crrc_diagnostic_window_open_results (GtkWindow       *parent,
                                     CrrcApplication *application,
                                     const char      *diagnostic_id)
{
  CrrcDiagnosticWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CRRC_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (diagnostic_id != NULL, NULL);

  if (crrc_application_get_store (application) == NULL)
    return NULL;

  self = find_open (application, NULL, diagnostic_id);
  if (self != NULL)
    {
      gtk_window_present (GTK_WINDOW (self));
      return self;
    }

  self = new_window (parent, application);
  self->diagnostic_id = g_strdup (diagnostic_id);
  start_load (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

/* For the tests */

const char *
crrc_diagnostic_window_get_diagnostic_id (CrrcDiagnosticWindow *self)
{
  g_return_val_if_fail (CRRC_IS_DIAGNOSTIC_WINDOW (self), NULL);

  return self->diagnostic_id;
}

CrrcDiagnosticResults *
crrc_diagnostic_window_get_results (CrrcDiagnosticWindow *self)
{
  g_return_val_if_fail (CRRC_IS_DIAGNOSTIC_WINDOW (self), NULL);

  return self->results;
}

const char *
crrc_diagnostic_window_get_view (CrrcDiagnosticWindow *self)
{
  g_return_val_if_fail (CRRC_IS_DIAGNOSTIC_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GHashTable *
crrc_diagnostic_window_get_answers (CrrcDiagnosticWindow *self)
{
  g_return_val_if_fail (CRRC_IS_DIAGNOSTIC_WINDOW (self), NULL);

  return self->answers;
}

int
crrc_diagnostic_window_get_domain (CrrcDiagnosticWindow *self)
{
  g_return_val_if_fail (CRRC_IS_DIAGNOSTIC_WINDOW (self), -1);

  return self->domain;
}

guint
crrc_diagnostic_window_get_n_pending_writes (CrrcDiagnosticWindow *self)
{
  g_return_val_if_fail (CRRC_IS_DIAGNOSTIC_WINDOW (self), 0);

  return self->pending;
}

CrrcChart *
crrc_diagnostic_window_get_radar (CrrcDiagnosticWindow *self)
{
  g_return_val_if_fail (CRRC_IS_DIAGNOSTIC_WINDOW (self), NULL);

  return self->radar_chart;
}

GtkWidget *
crrc_diagnostic_window_get_measures_group (CrrcDiagnosticWindow *self)
{
  g_return_val_if_fail (CRRC_IS_DIAGNOSTIC_WINDOW (self), NULL);

  return self->measures_group;
}
