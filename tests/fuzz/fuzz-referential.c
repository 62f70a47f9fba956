/* fuzz-referential.c: the maturity referential loader
 *
 * The input is a referential's JSON text, given to
 * crrc_referential_new_from_data_for_language() in both languages; a
 * referential that loads is then read through every getter and used to
 * score a set of answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-fuzz"

#include "config.h"

#include "crrc-maturity.h"
#include "fuzz-common.h"

static void
check_referential (CrrcReferential *referential)
{
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(CrrcMaturityScores) scores = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const values[] = { "0", "1", "2", "3", "na", "unknown" };
  guint n_questions = crrc_referential_get_n_questions (referential);
  guint seen = 0;

  /* Every text is shown as is: it must be valid UTF-8. */
  g_assert_true (g_utf8_validate (crrc_referential_get_id (referential), -1, NULL));
  g_assert_true (g_utf8_validate (crrc_referential_get_title (referential), -1, NULL));

  for (guint d = 0; d < crrc_referential_get_n_domains (referential); d++)
    {
      const CrrcReferentialDomain *domain = crrc_referential_get_domain (referential, d);

      g_assert_true (g_utf8_validate (domain->id, -1, NULL));
      g_assert_true (g_utf8_validate (domain->title, -1, NULL));
      g_assert_cmpint (crrc_referential_find_domain (referential, domain->id), ==, (int) d);
      g_assert_cmpuint (domain->first_question + domain->n_questions, <=, n_questions);
      seen += domain->n_questions;

      for (guint q = domain->first_question; q < domain->first_question + domain->n_questions; q++)
        {
          const CrrcReferentialQuestion *question = crrc_referential_get_question (referential, q);

          g_assert_true (crrc_referential_lookup_question (referential, question->id) == question);
          g_assert_cmpstr (question->domain_id, ==, domain->id);
          g_assert_true (g_utf8_validate (question->id, -1, NULL));
          g_assert_true (g_utf8_validate (question->text, -1, NULL));
          g_assert_true (question->help == NULL || g_utf8_validate (question->help, -1, NULL));
          g_assert_true (question->measure == NULL || g_utf8_validate (question->measure, -1, NULL));
          g_hash_table_insert (answers, (gpointer) question->id, (gpointer) values[q % G_N_ELEMENTS (values)]);
        }
    }
  g_assert_cmpuint (seen, ==, n_questions);

  scores = crrc_maturity_score (referential, answers, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scores);
  g_assert_cmpint (scores->overall, >=, -1);
  g_assert_cmpint (scores->overall, <=, 100);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const languages[] = { "fr", "en" };

  crrc_fuzz_init ();

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr(CrrcReferential) referential = NULL;
      g_autoptr(GError) error = NULL;

      referential = crrc_referential_new_from_data_for_language ((const char *) data, (gssize) size,
                                                                 languages[i], &error);
      if (referential == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          if (crrc_fuzz_verbose ())
            g_print ("%s: refused: %s\n", languages[i], error->message);
          continue;
        }

      g_assert_no_error (error);
      g_assert_cmpstr (crrc_referential_get_language (referential), ==, languages[i]);
      check_referential (referential);
      if (crrc_fuzz_verbose ())
        g_print ("%s: loaded, %u questions\n", languages[i], crrc_referential_get_n_questions (referential));
    }

  return 0;
}
