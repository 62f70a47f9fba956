/* test-maturity.c: the maturity referential, its scoring, and the
 * diagnostics, peer medians and progress read from the demonstration cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crrc-maturity.h"
#include "crrc-store-private.h"
#include "crrc-test-utils.h"

static CrrcStore *demo_store;

static const char * const domain_ids[] = {
  "governance", "exposure", "identities", "remote_access", "workstations",
  "infrastructure", "continuity", "crisis", "awareness", "watch",
};

static CrrcReferential *
load_builtin (const char *language)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = crrc_referential_get_default_data (&error);
  CrrcReferential *referential;
  gsize length;
  const char *json;

  g_assert_no_error (error);
  json = g_bytes_get_data (bytes, &length);
  referential = crrc_referential_new_from_data_for_language (json, (gssize) length, language, &error);
  g_assert_no_error (error);
  g_assert_nonnull (referential);
  return referential;
}

/* The built-in referential keeps MATURITY.md's rules. */
static void
test_builtin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  CrrcReferential *referential = crrc_referential_get_default (&error);
  guint next = 0;

  g_assert_no_error (error);
  g_assert_nonnull (referential);
  g_assert_true (crrc_referential_get_default (NULL) == referential);
  g_assert_cmpstr (crrc_referential_get_id (referential), ==, "crrc-maturity-1");

  g_assert_cmpuint (crrc_referential_get_n_domains (referential), ==, G_N_ELEMENTS (domain_ids));
  for (guint d = 0; d < G_N_ELEMENTS (domain_ids); d++)
    {
      const CrrcReferentialDomain *domain = crrc_referential_get_domain (referential, d);
      g_autofree char *prefix = g_strconcat (domain->id, ".", NULL);

      g_assert_cmpstr (domain->id, ==, domain_ids[d]);
      g_assert_cmpint (crrc_referential_find_domain (referential, domain_ids[d]), ==, (int) d);
      g_assert_cmpuint (domain->n_questions, >=, 3);
      g_assert_cmpuint (domain->n_questions, <=, 6);
      g_assert_cmpuint (domain->first_question, ==, next);
      next += domain->n_questions;

      for (guint q = domain->first_question; q < domain->first_question + domain->n_questions; q++)
        {
          const CrrcReferentialQuestion *question = crrc_referential_get_question (referential, q);

          g_assert_true (g_str_has_prefix (question->id, prefix));
          g_assert_cmpstr (question->domain_id, ==, domain->id);
          g_assert_true (g_hash_table_add (ids, (gpointer) question->id));
          g_assert_true (crrc_referential_lookup_question (referential, question->id) == question);
          g_assert_cmpfloat (question->weight, >=, 0.5);
          g_assert_cmpfloat (question->weight, <=, 3.0);
          g_assert_cmpint (question->priority, >=, 1);
          g_assert_cmpuint (strlen (question->text), >, 20);
          g_assert_cmpuint (strlen (question->help), >, 20);
          g_assert_cmpuint (strlen (question->measure), >, 20);
        }
    }
  g_assert_cmpuint (crrc_referential_get_n_questions (referential), ==, next);
  g_assert_cmpuint (next, ==, 45);
  g_assert_cmpint (crrc_referential_find_domain (referential, "nope"), ==, -1);
  g_assert_null (crrc_referential_lookup_question (referential, "governance.nope"));

}

static gpointer
get_default_thread (gpointer data)
{
  return crrc_referential_get_default (NULL);
}

/* Threads asking at the same time get the one referential. */
static void
test_builtin_threads (void)
{
  GThread *threads[4];
  CrrcReferential *referential = crrc_referential_get_default (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("referential", get_default_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (g_thread_join (threads[i]) == referential);
}

/* The built-in file has every text in both languages, and they differ. */
static void
test_builtin_languages (void)
{
  g_autoptr(CrrcReferential) fr = load_builtin ("fr");
  g_autoptr(CrrcReferential) en = load_builtin ("en");
  guint n_accented = 0;

  g_assert_cmpstr (crrc_referential_get_language (fr), ==, "fr");
  g_assert_cmpstr (crrc_referential_get_language (en), ==, "en");
  g_assert_cmpstr (crrc_referential_get_domain (fr, 0)->title, ==, "Gouvernance et pilotage");
  g_assert_cmpstr (crrc_referential_get_domain (en, 0)->title, ==, "Governance and steering");
  g_assert_cmpstr (crrc_referential_get_domain (fr, 9)->title, ==, "Veille, alertes CERT et signalement");
  g_assert_cmpstr (crrc_referential_get_title (fr), !=, crrc_referential_get_title (en));

  g_assert_cmpuint (crrc_referential_get_n_questions (fr), ==, crrc_referential_get_n_questions (en));
  for (guint q = 0; q < crrc_referential_get_n_questions (fr); q++)
    {
      const CrrcReferentialQuestion *qf = crrc_referential_get_question (fr, q);
      const CrrcReferentialQuestion *qe = crrc_referential_get_question (en, q);

      g_assert_cmpstr (qf->id, ==, qe->id);
      g_assert_cmpstr (qf->text, !=, qe->text);
      g_assert_cmpstr (qf->help, !=, qe->help);
      g_assert_cmpstr (qf->measure, !=, qe->measure);
      /* French typography: a question ends with a non-breaking space and
       * "?", apostrophes are typographic. */
      g_assert_true (g_str_has_suffix (qf->text, "\u00a0?"));
      g_assert_true (g_str_has_suffix (qe->text, "?") && !g_str_has_suffix (qe->text, " ?"));
      g_assert_null (strchr (qf->text, '\''));
      g_assert_null (strchr (qf->measure, '\''));
      if (g_utf8_strlen (qf->text, -1) != (glong) strlen (qf->text))
        n_accented++;
    }
  g_assert_cmpuint (n_accented, >, 20);
}

/* The locale's first French or English language decides. The environment
 * is changed in a subprocess, which starts no thread. */
static void
test_locale_language (void)
{
  g_autoptr(GBytes) bytes = NULL;
  static const struct {
    const char *languages;
    const char *expected;
  } cases[] = {
    { "fr_FR", "fr" },
    { "de_DE:fr_FR:en", "fr" },
    { "en_GB:fr_FR", "en" },
    { "de_DE", "en" },
  };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  bytes = crrc_referential_get_default_data (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CrrcReferential) referential = NULL;
      g_autoptr(GError) error = NULL;

      g_setenv ("LANGUAGE", cases[i].languages, TRUE);
      referential = crrc_referential_new_from_data (g_bytes_get_data (bytes, NULL),
                                                    (gssize) g_bytes_get_size (bytes), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (crrc_referential_get_language (referential), ==, cases[i].expected);
    }

}

/* Invalid referentials: the built-in one with one thing broken, found by a
 * path of members and array positions. */
typedef enum
{
  EDIT_SET,        /* the member or element becomes @value (JSON) */
  EDIT_REMOVE,     /* the member or element is removed */
  EDIT_DUPLICATE,  /* the element is appended again to its array */
} EditKind;

typedef struct
{
  const char *path;
  EditKind    kind;
  const char *value;
  const char *expected;
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "id", EDIT_REMOVE, NULL, "The referential has no “id”." },
  { "title/en", EDIT_REMOVE, NULL, "The “title” of the referential has no English text." },
  { "domains", EDIT_SET, "{}", "has no “domains” array" },
  { "domains/9", EDIT_REMOVE, NULL, "has 9 domains; it must have 10" },
  { "domains/2", EDIT_SET, "[]", "Domain 3 is not an object." },
  { "domains/2/id", EDIT_REMOVE, NULL, "Domain 3 has no “id”." },
  { "domains/2/id", EDIT_SET, "\"\"", "Domain 3 has no “id”." },
  { "domains/3/id", EDIT_SET, "\"governance\"", "Domain 4 repeats the id “governance” of domain 1." },
  { "domains/1/title/fr", EDIT_REMOVE, NULL, "The “title” of the domain 2 “exposure” has no French text." },
  { "domains/1/title", EDIT_SET, "\"Exposition\"", "The domain 2 “exposure” has no “title”" },
  { "domains/7/questions/3", EDIT_REMOVE, NULL, "NONE" },
  { "domains/1/questions/0", EDIT_DUPLICATE, NULL, "The question id “exposure.internet_services” is used twice." },
  { "domains/1/questions/1", EDIT_SET, "3", "Question 2 of the domain “exposure” is not an object." },
  { "domains/1/questions/1/id", EDIT_REMOVE, NULL, "Question 2 of the domain “exposure” has no “id”." },
  { "domains/1/questions/1/id", EDIT_SET, "\"governance.cert_audit\"",
    "The id of the question “governance.cert_audit” does not start with “exposure.”" },
  { "domains/1/questions/1/id", EDIT_SET, "\"exposure.\"", "The id of the question “exposure.” does not start" },
  { "domains/2/questions/1/id", EDIT_SET, "\"identities.mfa\"", "The question id “identities.mfa” is used twice." },
  { "domains/0/questions/0/weight", EDIT_SET, "0.4",
    "The weight of the question “governance.critical_activities” is 0.4; it must be between 0.5 and 3." },
  { "domains/0/questions/0/weight", EDIT_SET, "3.5", "is 3.5; it must be between 0.5 and 3." },
  { "domains/0/questions/0/weight", EDIT_SET, "\"2\"", "The question “governance.critical_activities” has no numeric “weight”." },
  { "domains/0/questions/0/weight", EDIT_REMOVE, NULL, "has no numeric “weight”." },
  { "domains/0/questions/1/priority", EDIT_SET, "0",
    "The priority of the question “governance.mapping” must be a whole number from 1 to 999." },
  { "domains/0/questions/1/priority", EDIT_SET, "-2", "must be a whole number from 1 to 999." },
  { "domains/0/questions/1/priority", EDIT_SET, "1000", "must be a whole number from 1 to 999." },
  { "domains/0/questions/1/priority", EDIT_SET, "99999999999999999999999", "“governance.mapping” must be a whole number from 1 to 999." },
  { "domains/0/questions/1/priority", EDIT_SET, "1.5", "The question “governance.mapping” has no whole-number “priority”." },
  { "domains/0/questions/1/priority", EDIT_REMOVE, NULL, "has no whole-number “priority”." },
  { "domains/4/questions/0/text/fr", EDIT_REMOVE, NULL,
    "The “text” of the question “workstations.updates” has no French text." },
  { "domains/4/questions/0/help/en", EDIT_SET, "\"\"",
    "The “help” of the question “workstations.updates” has no English text." },
  { "domains/4/questions/0/measure/en", EDIT_SET, "7",
    "The “measure” of the question “workstations.updates” has no English text." },
  { "domains/4/questions/0/measure", EDIT_REMOVE, NULL,
    "The question “workstations.updates” has no “measure” with French and English texts." },
  { "version", EDIT_SET, "\"1\"", "The “version” of the referential “crrc-maturity-1” is not a whole number." },
};

static JsonNode *
parse_node (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Applies @kind at @path (members of objects and indices of arrays,
 * separated by slashes) in @root. */
static void
edit_json (JsonNode   *root,
           const char *path,
           EditKind    kind,
           const char *value)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);
  JsonNode *parent = root;
  const char *last;

  for (guint i = 0; i + 1 < n; i++)
    {
      if (JSON_NODE_HOLDS_ARRAY (parent))
        parent = json_array_get_element (json_node_get_array (parent), (guint) atoi (parts[i]));
      else
        parent = json_object_get_member (json_node_get_object (parent), parts[i]);
      g_assert_nonnull (parent);
    }
  last = parts[n - 1];

  if (JSON_NODE_HOLDS_ARRAY (parent))
    {
      JsonArray *array = json_node_get_array (parent);
      guint index = (guint) atoi (last);

      g_assert_cmpuint (index, <, json_array_get_length (array));
      switch (kind)
        {
        case EDIT_REMOVE:
          json_array_remove_element (array, index);
          break;
        case EDIT_DUPLICATE:
          json_array_add_element (array, json_node_copy (json_array_get_element (array, index)));
          break;
        case EDIT_SET:
        default:
          {
            /* JsonArray has no setter: rebuild the array. */
            g_autoptr(JsonArray) copy = json_array_new ();

            for (guint i = 0; i < json_array_get_length (array); i++)
              json_array_add_element (copy, i == index ? parse_node (value)
                                                       : json_node_copy (json_array_get_element (array, i)));
            json_node_set_array (parent, copy);
          }
          break;
        }
    }
  else
    {
      JsonObject *object = json_node_get_object (parent);

      switch (kind)
        {
        case EDIT_REMOVE:
          g_assert_true (json_object_has_member (object, last));
          json_object_remove_member (object, last);
          break;
        case EDIT_SET:
          json_object_set_member (object, last, parse_node (value));
          break;
        case EDIT_DUPLICATE:
        default:
          g_assert_not_reached ();
        }
    }
}

static char *
builtin_json_edited (const char *path,
                     EditKind    kind,
                     const char *value)
{
  g_autoptr(GBytes) bytes = crrc_referential_get_default_data (NULL);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(JsonNode) root = parse_node (text);

  if (path != NULL)
    edit_json (root, path, kind, value);
  return json_to_string (root, FALSE);
}

static void
assert_invalid (const char *json,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcReferential) referential = crrc_referential_new_from_data_for_language (json, -1, "en", &error);

  g_assert_null (referential);
  g_assert_error (error, CRRC_MATURITY_ERROR, CRRC_MATURITY_ERROR_INVALID);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
}

static void
test_invalid (void)
{
  g_autofree char *unedited = builtin_json_edited (NULL, EDIT_SET, NULL);
  g_autoptr(CrrcReferential) referential = NULL;
  g_autoptr(GError) error = NULL;

  /* The round trip through json-glib keeps a valid referential. */
  referential = crrc_referential_new_from_data_for_language (unedited, -1, "en", &error);
  g_assert_no_error (error);

  assert_invalid ("[1, 2]", "The referential is not a JSON object.");
  assert_invalid ("{\"id\": ", "The referential is not valid JSON");
  assert_invalid ("", "The referential is not a JSON object.");

  /* Found by fuzz-referential: json-glib recursed once per level until the
   * stack overflowed. */
  {
    g_autoptr(GString) deep = g_string_new ("{\"id\": \"x\", \"title\": ");

    for (guint i = 0; i < 100000; i++)
      g_string_append (deep, "[{\"a\": ");
    assert_invalid (deep->str, "more than 64 levels deep");
  }

  /* Found by fuzz-referential: json-glib makes invalid UTF-8 of an escaped
   * lone surrogate (and of "\udc:0"), in texts and in its messages. */
  assert_invalid ("{\"id\": \"a\\udc00b\"}", "a \\u escape in it is not a Unicode character");
  assert_invalid ("{\"id\": \"a\", \"title \\udc:0\" 3}", "a \\u escape in it is not a Unicode character");
  /* Found by fuzz-referential: json-glib reads "\\2000" as the byte 0x80,
   * which is no UTF-8, and cuts a member name at "\\u0000". */
  assert_invalid ("{\"id\": \"fuzz\\20000-1\"}", "a backslash escape that JSON does not allow");
  assert_invalid ("{\"id\": \"a\", \"version\\u0000itle\": 1}", "NUL character");

  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      const InvalidCase *c = &invalid_cases[i];
      g_autofree char *json = NULL;

      /* The crisis domain has four questions: two removed leave two. */
      if (g_str_equal (c->expected, "NONE"))
        {
          g_autofree char *once = builtin_json_edited (c->path, c->kind, c->value);
          g_autoptr(JsonNode) root = parse_node (once);

          edit_json (root, "domains/7/questions/2", EDIT_REMOVE, NULL);
          json = json_to_string (root, FALSE);
          assert_invalid (json, "Domain 8 “crisis” has 2 questions; a domain has 3 to 6.");
          continue;
        }
      json = builtin_json_edited (c->path, c->kind, c->value);
      assert_invalid (json, c->expected);
    }

  /* Identities has six questions: a seventh is one too many. */
  {
    g_autofree char *json = builtin_json_edited ("domains/2/questions/5", EDIT_DUPLICATE, NULL);

    assert_invalid (json, "Domain 3 “identities” has 7 questions; a domain has 3 to 6.");
  }
}

/* Members the loader does not know are allowed (a newer file). */
static void
test_unknown_members (void)
{
  g_autoptr(GBytes) bytes = crrc_referential_get_default_data (NULL);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(JsonNode) root = parse_node (text);
  g_autoptr(CrrcReferential) referential = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  edit_json (root, "published", EDIT_SET, "\"2024-06-01\"");
  edit_json (root, "domains/0/icon", EDIT_SET, "\"governance-symbolic\"");
  edit_json (root, "domains/0/questions/0/answers", EDIT_SET, "[\"non\", \"oui\"]");
  edit_json (root, "domains/0/questions/0/text/de", EDIT_SET, "\"Kritische Tätigkeiten\"");
  json = json_to_string (root, FALSE);

  referential = crrc_referential_new_from_data_for_language (json, -1, "fr", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (crrc_referential_get_n_questions (referential), ==, 45);
}

/* A referential for worked examples: ten domains "a" … "j" of four
 * questions "<d>.q1" … "<d>.q4". Weights: 1, 2, 3, 1 in "a"; 0.5, 1.5, 2, 1
 * in "d" and "e"; 1 elsewhere. Priorities by position: 1, 2, 1, 3. */
static CrrcReferential *
worked_referential (void)
{
  g_autoptr(GString) json = g_string_new ("{\"id\": \"test-1\", \"title\": {\"fr\": \"Essai\", \"en\": \"Test\"}, \"domains\": [");
  static const double weights_a[] = { 1, 2, 3, 1 };
  static const double weights_de[] = { 0.5, 1.5, 2, 1 };
  static const int priorities[] = { 1, 2, 1, 3 };
  g_autoptr(GError) error = NULL;
  CrrcReferential *referential;

  for (char d = 'a'; d <= 'j'; d++)
    {
      g_string_append_printf (json, "%s{\"id\": \"%c\", \"title\": {\"fr\": \"Domaine %c\", \"en\": \"Domain %c\"},"
                              " \"questions\": [", d > 'a' ? ", " : "", d, d, d);
      for (guint q = 0; q < 4; q++)
        {
          double weight = d == 'a' ? weights_a[q] : d == 'd' || d == 'e' ? weights_de[q] : 1;
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_printf (json, "%s{\"id\": \"%c.q%u\", \"weight\": %s, \"priority\": %d,"
                                  " \"text\": {\"fr\": \"Q\", \"en\": \"Q\"},"
                                  " \"help\": {\"fr\": \"A\", \"en\": \"H\"},"
                                  " \"measure\": {\"fr\": \"Mesure %c.q%u\", \"en\": \"Measure %c.q%u\"}}",
                                  q > 0 ? ", " : "", d, q + 1,
                                  g_ascii_dtostr (number, sizeof number, weight), priorities[q],
                                  d, q + 1, d, q + 1);
        }
      g_string_append (json, "]}");
    }
  g_string_append (json, "]}");

  referential = crrc_referential_new_from_data_for_language (json->str, -1, "en", &error);
  g_assert_no_error (error);
  return referential;
}

static GHashTable *
answers_new (const char *first,
             ...)
{
  GHashTable *answers = g_hash_table_new (g_str_hash, g_str_equal);
  va_list args;

  va_start (args, first);
  for (const char *question = first; question != NULL; question = va_arg (args, const char *))
    g_hash_table_insert (answers, (gpointer) question, va_arg (args, char *));
  va_end (args);
  return answers;
}

static CrrcMaturityScores *
score (CrrcReferential *referential,
       GHashTable      *answers)
{
  g_autoptr(GError) error = NULL;
  CrrcMaturityScores *scores = crrc_maturity_score (referential, answers, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scores);
  g_assert_true (scores->referential == referential);
  g_assert_cmpuint (scores->n_domains, ==, 10);
  return scores;
}

static void
test_score_domains (void)
{
  g_autoptr(CrrcReferential) referential = worked_referential ();
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(CrrcMaturityScores) scores = NULL;

  answers = answers_new (
    /* a: (3×1 + 1×2 + 0×3) / (1 + 2 + 3) = 5/6 of 3 → 27.78 → 28; q4 is
     * missing, so left out. */
    "a.q1", "3", "a.q2", "1", "a.q3", "0",
    /* b: na and unknown are out of both sums: 2/1 → 66.67 → 67. */
    "b.q1", "2", "b.q2", "na", "b.q3", "unknown",
    /* c: only na: no score. */
    "c.q1", "na", "c.q2", "na",
    /* d: 3×0.5 / (0.5 + 1.5 + 2) = 1.5/4 → 12.5 exactly → 13 (half up). */
    "d.q1", "3", "d.q2", "0", "d.q3", "0",
    /* e: 3×1.5 / 4 = 4.5/4 → 37.5 exactly → 38. */
    "e.q1", "0", "e.q2", "3", "e.q3", "0",
    /* f: all 3 → 100. */
    "f.q1", "3", "f.q2", "3", "f.q3", "3", "f.q4", "3",
    NULL);
  scores = score (referential, answers);

  g_assert_cmpint (scores->domain_scores[0], ==, 28);
  g_assert_cmpfloat_with_epsilon (scores->domain_means[0], 500.0 / 18.0, 1e-9);
  g_assert_cmpint (scores->domain_scores[1], ==, 67);
  g_assert_cmpfloat_with_epsilon (scores->domain_means[1], 200.0 / 3.0, 1e-9);
  g_assert_cmpint (scores->domain_scores[2], ==, -1);
  g_assert_true (isnan (scores->domain_means[2]));
  g_assert_cmpint (scores->domain_scores[3], ==, 13);
  g_assert_cmpfloat (scores->domain_means[3], ==, 12.5);
  g_assert_cmpint (scores->domain_scores[4], ==, 38);
  g_assert_cmpfloat (scores->domain_means[4], ==, 37.5);
  g_assert_cmpint (scores->domain_scores[5], ==, 100);
  /* g, h, i, j: not answered at all. */
  for (guint d = 6; d < 10; d++)
    {
      g_assert_cmpint (scores->domain_scores[d], ==, -1);
      g_assert_true (isnan (scores->domain_means[d]));
    }

  /* Overall: the unrounded means (27.78 + 66.67 + 12.5 + 37.5 + 100) / 5 =
   * 244.44 / 5 = 48.89 → 49, Partial (rounded ones would give 49.2 → 49
   * too; test_score_overall has a case where they differ). */
  g_assert_cmpint (scores->overall, ==, 49);
  g_assert_cmpint (scores->overall_band, ==, CRRC_MATURITY_BAND_PARTIAL);

  /* Completeness: 40 questions; answered not unknown: a 3, b 2 (na
   * counts), c 2, d 3, e 3, f 4 = 17; b.q3 is unknown and 22 are missing.
   * 17/40 = 42.5 % → 43 (half up). */
  g_assert_cmpint (scores->completeness, ==, 43);
}

/* The overall score is the mean of the unrounded domain scores. */
static void
test_score_overall (void)
{
  g_autoptr(CrrcReferential) referential = worked_referential ();
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(CrrcMaturityScores) scores = NULL;

  /* d: 12.5 (→ 13), e: 37.5 (→ 38). Overall: (12.5 + 37.5) / 2 = 25.0 →
   * 25, Partial; from the rounded scores it would be 25.5 → 26. Seven
   * answers of 40, none unknown: 17.5 % → 18. */
  answers = answers_new ("d.q1", "3", "d.q2", "0", "d.q3", "0",
                         "e.q1", "0", "e.q2", "3", "e.q3", "0", "e.q4", "na", NULL);
  scores = score (referential, answers);
  g_assert_cmpint (scores->domain_scores[3], ==, 13);
  g_assert_cmpint (scores->domain_scores[4], ==, 38);
  g_assert_cmpint (scores->overall, ==, 25);
  g_assert_cmpint (scores->overall_band, ==, CRRC_MATURITY_BAND_PARTIAL);
  g_assert_cmpint (scores->completeness, ==, 18);
  g_clear_pointer (&scores, crrc_maturity_scores_free);
  g_clear_pointer (&answers, g_hash_table_unref);

  /* d: 3×0.5 + 2×1.5 + 1×2 = 6.5 / 4 → 54.17 → 54; e: 3×0.5 + 1×2 = 3.5
   * / 4 → 29.17 → 29. Overall (54.17 + 29.17) / 2 = 41.67 → 42. */
  answers = answers_new ("d.q1", "3", "d.q2", "2", "d.q3", "1",
                         "e.q1", "3", "e.q2", "0", "e.q3", "1", NULL);
  scores = score (referential, answers);
  g_assert_cmpint (scores->domain_scores[3], ==, 54);
  g_assert_cmpint (scores->domain_scores[4], ==, 29);
  g_assert_cmpint (scores->overall, ==, 42);
  g_clear_pointer (&scores, crrc_maturity_scores_free);
  g_clear_pointer (&answers, g_hash_table_unref);

  /* d: 3×0.5 + 3×2 = 7.5 / 4 → 62.5 → 63, Managed; alone, the overall is
   * 63 too. */
  answers = answers_new ("d.q1", "3", "d.q2", "0", "d.q3", "3", NULL);
  scores = score (referential, answers);
  g_assert_cmpint (scores->domain_scores[3], ==, 63);
  g_assert_cmpint (scores->overall, ==, 63);
  g_assert_cmpint (scores->overall_band, ==, CRRC_MATURITY_BAND_MANAGED);
  /* 3 of 40: 7.5 % → 8. */
  g_assert_cmpint (scores->completeness, ==, 8);
}

static void
test_score_empty_and_full (void)
{
  g_autoptr(CrrcReferential) referential = worked_referential ();
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(CrrcMaturityScores) scores = NULL;

  /* No answers: no score anywhere, nothing known, no measure. */
  scores = score (referential, NULL);
  g_assert_cmpint (scores->overall, ==, -1);
  g_assert_cmpint (scores->overall_band, ==, CRRC_MATURITY_BAND_NONE);
  g_assert_cmpint (scores->completeness, ==, 0);
  g_assert_cmpuint (scores->measures->len, ==, 0);
  for (guint d = 0; d < 10; d++)
    g_assert_cmpint (scores->domain_scores[d], ==, -1);
  g_clear_pointer (&scores, crrc_maturity_scores_free);

  /* Everything 3: 100 everywhere, complete, no measure. */
  for (guint q = 0; q < crrc_referential_get_n_questions (referential); q++)
    g_hash_table_insert (answers, (gpointer) crrc_referential_get_question (referential, q)->id, (gpointer) "3");
  scores = score (referential, answers);
  g_assert_cmpint (scores->overall, ==, 100);
  g_assert_cmpint (scores->overall_band, ==, CRRC_MATURITY_BAND_OPTIMISED);
  g_assert_cmpint (scores->completeness, ==, 100);
  g_assert_cmpuint (scores->measures->len, ==, 0);
  g_clear_pointer (&scores, crrc_maturity_scores_free);

  /* Everything unknown: as if not answered. Everything na: complete but
   * without a score. */
  for (guint q = 0; q < crrc_referential_get_n_questions (referential); q++)
    g_hash_table_insert (answers, (gpointer) crrc_referential_get_question (referential, q)->id, (gpointer) "unknown");
  scores = score (referential, answers);
  g_assert_cmpint (scores->completeness, ==, 0);
  g_assert_cmpint (scores->overall, ==, -1);
  g_clear_pointer (&scores, crrc_maturity_scores_free);
  for (guint q = 0; q < crrc_referential_get_n_questions (referential); q++)
    g_hash_table_insert (answers, (gpointer) crrc_referential_get_question (referential, q)->id, (gpointer) "na");
  scores = score (referential, answers);
  g_assert_cmpint (scores->completeness, ==, 100);
  g_assert_cmpint (scores->overall, ==, -1);
}

/* Measures: answers below 3 only, by priority, then the lowest answer, then
 * the referential's order; six at most. */
static void
test_score_measures (void)
{
  g_autoptr(CrrcReferential) referential = worked_referential ();
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(CrrcMaturityScores) scores = NULL;
  static const struct {
    const char *id;
    int priority, answer;
  } expected[] = {
    { "a.q3", 1, 0 },  /* priority 1, answer 0 */
    { "b.q1", 1, 1 },  /* priority 1, answer 1 */
    { "a.q1", 1, 2 },  /* priority 1, answer 2: a.q1, c.q1, c.q3 in order */
    { "c.q1", 1, 2 },
    { "c.q3", 1, 2 },
    { "b.q2", 2, 0 },  /* priority 2 */
    /* e.q4 (priority 3, answer 0) is the seventh: left out. f.q1 is 3,
     * f.q2 na and g.q1 unknown: no measure. */
  };

  answers = answers_new ("c.q3", "2", "a.q1", "2", "e.q4", "0", "c.q1", "2", "b.q2", "0",
                         "a.q3", "0", "b.q1", "1", "f.q1", "3", "f.q2", "na", "g.q1", "unknown", NULL);
  scores = score (referential, answers);

  g_assert_cmpuint (scores->measures->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const CrrcMaturityMeasure *measure = &g_array_index (scores->measures, CrrcMaturityMeasure, i);
      g_autofree char *text = g_strdup_printf ("Measure %s", expected[i].id);

      g_assert_cmpstr (measure->question_id, ==, expected[i].id);
      g_assert_cmpint (measure->priority, ==, expected[i].priority);
      g_assert_cmpint (measure->answer, ==, expected[i].answer);
      g_assert_cmpstr (measure->measure, ==, text);
      g_assert_cmpint (measure->domain_id[0], ==, expected[i].id[0]);
    }
  g_clear_pointer (&scores, crrc_maturity_scores_free);
  g_clear_pointer (&answers, g_hash_table_unref);

  /* Fewer than six: all of them. */
  answers = answers_new ("j.q4", "1", "j.q2", "2", "j.q1", "3", NULL);
  scores = score (referential, answers);
  g_assert_cmpuint (scores->measures->len, ==, 2);
  g_assert_cmpstr (g_array_index (scores->measures, CrrcMaturityMeasure, 0).question_id, ==, "j.q2");
  g_assert_cmpstr (g_array_index (scores->measures, CrrcMaturityMeasure, 1).question_id, ==, "j.q4");
}

static void
test_score_errors (void)
{
  g_autoptr(CrrcReferential) referential = worked_referential ();
  static const char * const bad[][3] = {
    { "a.q9", "1", "“a.q9” is not a question of the referential “test-1”." },
    { "governance.mapping", "1", "“governance.mapping” is not a question" },
    { "a.q1", "4", "The answer to “a.q1” is not 0, 1, 2, 3, “na” or “unknown”." },
    { "a.q1", "", "The answer to “a.q1” is not" },
    { "a.q1", "NA", "The answer to “a.q1” is not" },
    { "a.q1", "10", "The answer to “a.q1” is not" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GHashTable) answers = answers_new ("b.q1", "2", bad[i][0], bad[i][1], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CrrcMaturityScores) scores = crrc_maturity_score (referential, answers, &error);

      g_assert_null (scores);
      g_assert_error (error, CRRC_MATURITY_ERROR, CRRC_MATURITY_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i][2]));
    }
}

static void
test_bands (void)
{
  static const struct {
    int score;
    CrrcMaturityBand band;
    const char *key, *label;
  } cases[] = {
    { -1, CRRC_MATURITY_BAND_NONE, NULL, "—" },
    { 0, CRRC_MATURITY_BAND_INITIAL, "initial", "Initial" },
    { 24, CRRC_MATURITY_BAND_INITIAL, "initial", "Initial" },
    { 25, CRRC_MATURITY_BAND_PARTIAL, "partial", "Partial" },
    { 49, CRRC_MATURITY_BAND_PARTIAL, "partial", "Partial" },
    { 50, CRRC_MATURITY_BAND_MANAGED, "managed", "Managed" },
    { 74, CRRC_MATURITY_BAND_MANAGED, "managed", "Managed" },
    { 75, CRRC_MATURITY_BAND_OPTIMISED, "optimised", "Optimised" },
    { 100, CRRC_MATURITY_BAND_OPTIMISED, "optimised", "Optimised" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CrrcMaturityBand band = crrc_maturity_band_for_score (cases[i].score);

      g_assert_cmpint (band, ==, cases[i].band);
      g_assert_cmpstr (crrc_maturity_band_get_key (band), ==, cases[i].key);
      g_assert_cmpstr (crrc_maturity_band_get_label (band), ==, cases[i].label);
    }
}

static void
test_progress (void)
{
  g_autoptr(CrrcReferential) referential = worked_referential ();
  g_autoptr(GHashTable) old_answers = answers_new ("a.q1", "0", "b.q1", "3", "c.q1", "1", NULL);
  g_autoptr(GHashTable) new_answers = answers_new ("a.q1", "2", "b.q1", "1", "d.q1", "1", NULL);
  g_autoptr(CrrcMaturityScores) older = score (referential, old_answers);
  g_autoptr(CrrcMaturityScores) newer = score (referential, new_answers);
  int differences[10];

  crrc_maturity_progress (newer, older, differences);
  g_assert_cmpint (differences[0], ==, 67 - 0);     /* a: 0 → 2/3 */
  g_assert_cmpint (differences[1], ==, 33 - 100);   /* b: 3 → 1 */
  g_assert_cmpint (differences[2], ==, -1000);      /* c: only in the older */
  g_assert_cmpint (differences[3], ==, -1000);      /* d: only in the newer */
  g_assert_cmpint (differences[4], ==, -1000);      /* e: in neither */
}

/* Demonstration cache. */

static GPtrArray *
query_strings (const char *sql,
               const char *parameter)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (demo_store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (parameter != NULL)
    sqlite3_bind_text (stmt, 1, parameter, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return rows;
}

static void
exec_sql (const char *sql)
{
  g_autoptr(GError) error = NULL;

  _crrc_store_exec (demo_store, sql, &error);
  g_assert_no_error (error);
}

/* The answers of a synced diagnostic, read in the test. */
static GHashTable *
synced_answers (const char *diagnostic_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (demo_store),
                                       "SELECT question, answer FROM diagnostic_answers WHERE diagnostic_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, diagnostic_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (answers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  return answers;
}

static void
assert_same_scores (const CrrcMaturityScores *a,
                    const CrrcMaturityScores *b)
{
  g_assert_cmpuint (a->n_domains, ==, b->n_domains);
  for (guint d = 0; d < a->n_domains; d++)
    g_assert_cmpint (a->domain_scores[d], ==, b->domain_scores[d]);
  g_assert_cmpint (a->overall, ==, b->overall);
  g_assert_cmpint (a->completeness, ==, b->completeness);
  g_assert_cmpuint (a->measures->len, ==, b->measures->len);
}

static void
test_demo_diagnostics (void)
{
  CrrcReferential *referential = crrc_referential_get_default (NULL);
  g_autoptr(GPtrArray) several = NULL;
  g_autoptr(GPtrArray) diagnosed = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(CrrcMaturityScores) expected = NULL;
  g_autoptr(GError) error = NULL;
  const CrrcMaturityDiagnostic *latest, *previous;
  g_autofree char *synced_id = NULL;
  int differences[10];
  const char *finess;

  /* The demonstration feed diagnoses some establishments twice, a year
   * apart … */
  several = query_strings ("SELECT finess FROM diagnostics GROUP BY finess HAVING count(*) >= 2", NULL);
  g_assert_cmpuint (several->len, >, 10);

  /* … and an analyst's validated re-diagnostic is added to the last
   * establishment of Auvergne-Rhône-Alpes diagnosed once, in a campaign
   * (outside the peers of test_demo_peer_medians), with a later draft
   * that must not count. */
  diagnosed = query_strings ("SELECT d.finess FROM diagnostics d JOIN establishments e USING (finess)"
                             " WHERE e.region = '84' AND d.campaign IS NOT NULL"
                             " AND (SELECT count(*) FROM diagnostics d2 WHERE d2.finess = d.finess) = 1"
                             " ORDER BY d.finess DESC LIMIT 1", NULL);
  g_assert_cmpuint (diagnosed->len, ==, 1);
  finess = g_ptr_array_index (diagnosed, 0);

  diagnostics = crrc_maturity_load_diagnostics (demo_store, finess, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diagnostics->len, ==, 1);
  latest = g_ptr_array_index (diagnostics, 0);
  g_assert_cmpstr (latest->finess, ==, finess);
  g_assert_false (latest->local);
  g_assert_true (g_str_has_prefix (latest->id, "DIAG-2024-"));
  g_assert_true (g_str_has_prefix (latest->date, "2024-"));
  g_assert_true (g_str_has_prefix (latest->campaign, "CAMP-2024-84-"));
  synced_id = g_strdup (latest->id);

  /* Its scores are those of its answers, read here. */
  answers = synced_answers (synced_id);
  g_assert_cmpuint (g_hash_table_size (answers), ==, crrc_referential_get_n_questions (referential));
  expected = crrc_maturity_score (referential, answers, &error);
  g_assert_no_error (error);
  assert_same_scores (latest->scores, expected);
  /* Every question answered, a few "je ne sais pas". */
  g_assert_cmpint (latest->scores->completeness, >=, 70);
  g_assert_cmpint (latest->scores->completeness, <=, 100);
  g_clear_pointer (&diagnostics, g_ptr_array_unref);

  {
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO local_diagnostics (id, finess, date, referential, campaign, status, created_at, updated_at, validated_at)"
      " VALUES ('LOCAL-1', '%1$s', '2025-02-03', 'crrc-maturity-1', NULL, 'validated',"
      "  '2025-02-03T10:00:00Z', '2025-02-03T10:00:00Z', '2025-02-03T10:00:00Z'),"
      "  ('LOCAL-2', '%1$s', '2025-03-01', 'crrc-maturity-1', NULL, 'draft',"
      "  '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z', NULL);"
      "INSERT INTO local_diagnostic_answers (diagnostic_id, question, answer) VALUES"
      " ('LOCAL-1', 'governance.critical_activities', '3'), ('LOCAL-1', 'governance.mapping', '2'),"
      " ('LOCAL-1', 'identities.mfa', '1'), ('LOCAL-1', 'continuity.backups_321', 'na'),"
      " ('LOCAL-1', 'watch.cert_alerts', '0'), ('LOCAL-1', 'crisis.exercise', 'unknown'),"
      " ('LOCAL-1', 'governance.from_a_newer_referential', '3'),"
      " ('LOCAL-2', 'governance.critical_activities', '0');"
      /* Against another referential: left out. */
      "INSERT INTO diagnostics (id, finess, date, referential, source)"
      " VALUES ('DIAG-OTHER', '%1$s', '2025-06-01', 'crrc-maturity-9', 'test');",
      finess);

    exec_sql (sql);
  }

  diagnostics = crrc_maturity_load_diagnostics (demo_store, finess, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diagnostics->len, ==, 2);
  latest = g_ptr_array_index (diagnostics, 0);
  previous = g_ptr_array_index (diagnostics, 1);
  g_assert_cmpstr (latest->id, ==, "LOCAL-1");
  g_assert_true (latest->local);
  g_assert_cmpstr (latest->date, ==, "2025-02-03");
  g_assert_null (latest->campaign);
  g_assert_cmpstr (previous->id, ==, synced_id);
  g_assert_false (previous->local);

  /* LOCAL-1: governance (3×3 + 2×2) / 5 weights (3 + 2) = 13/15 of 3 →
   * 86.67 → 87; identities 1/3 → 33; continuity only na: none; watch 0;
   * crisis unknown: none. Overall (86.67 + 33.33 + 0) / 3 = 40. Known: 5 of
   * 45 (the answer to a question of another referential is left out) →
   * 11.1 → 11. */
  g_assert_cmpint (latest->scores->domain_scores[0], ==, 87);
  g_assert_cmpint (latest->scores->domain_scores[2], ==, 33);
  g_assert_cmpint (latest->scores->domain_scores[6], ==, -1);
  g_assert_cmpint (latest->scores->domain_scores[7], ==, -1);
  g_assert_cmpint (latest->scores->domain_scores[9], ==, 0);
  g_assert_cmpint (latest->scores->overall, ==, 40);
  g_assert_cmpint (latest->scores->completeness, ==, 11);

  crrc_maturity_progress (latest->scores, previous->scores, differences);
  for (guint d = 0; d < 10; d++)
    {
      int newer = latest->scores->domain_scores[d], older = previous->scores->domain_scores[d];

      g_assert_cmpint (differences[d], ==, newer < 0 || older < 0 ? -1000 : newer - older);
    }
  g_assert_cmpint (differences[1], ==, -1000);   /* exposure: not in LOCAL-1 */

  /* An establishment without diagnostic has none. */
  g_clear_pointer (&diagnostics, g_ptr_array_unref);
  diagnostics = crrc_maturity_load_diagnostics (demo_store, "000000000", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diagnostics->len, ==, 0);
}

/* Quantile of R's type 7, computed in floating point and rounded half up. */
static int
reference_quantile (const int *sorted,
                    guint      n,
                    double     p)
{
  double h = (n - 1) * p;
  guint i = (guint) floor (h);
  double value = i + 1 < n ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];

  return (int) floor (value + 0.5);
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* Medians computed in the test from each peer's latest diagnostic. */
static guint
reference_medians (const char *category,
                   const char *region,
                   const char *exclude,
                   int        *medians,
                   int        *low,
                   int        *high)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GArray *per_domain[10];
  guint n_peers = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (demo_store),
                                       "SELECT finess FROM establishments WHERE category = ?1 AND region = ?2"
                                       " AND finess <> ?3",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, category, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, region, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, exclude != NULL ? exclude : "", -1, SQLITE_TRANSIENT);
  for (guint d = 0; d < 10; d++)
    per_domain[d] = g_array_new (FALSE, FALSE, sizeof (int));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GPtrArray) diagnostics = NULL;
      g_autoptr(GError) error = NULL;
      const CrrcMaturityDiagnostic *latest;

      diagnostics = crrc_maturity_load_diagnostics (demo_store, (const char *) sqlite3_column_text (stmt, 0), &error);
      g_assert_no_error (error);
      if (diagnostics->len == 0)
        continue;
      n_peers++;
      latest = g_ptr_array_index (diagnostics, 0);
      for (guint d = 0; d < 10; d++)
        if (latest->scores->domain_scores[d] >= 0)
          g_array_append_val (per_domain[d], latest->scores->domain_scores[d]);
    }

  for (guint d = 0; d < 10; d++)
    {
      int *sorted = (int *) (gpointer) per_domain[d]->data;
      guint n = per_domain[d]->len;

      medians[d] = low[d] = high[d] = -1;
      if (n_peers < 5 || n < 5)
        continue;
      g_array_sort (per_domain[d], compare_ints);
      /* The median: the middle value, or the two middle ones' mean rounded
       * half up. */
      medians[d] = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2] + 1) / 2;
      low[d] = reference_quantile (sorted, n, 0.25);
      high[d] = reference_quantile (sorted, n, 0.75);
    }
  for (guint d = 0; d < 10; d++)
    g_array_unref (per_domain[d]);
  return n_peers;
}

static void
assert_peer_medians (const char *category,
                     const char *region,
                     const char *exclude,
                     guint       expected_peers)
{
  CrrcReferential *referential = crrc_referential_get_default (NULL);
  g_autoptr(GError) error = NULL;
  int medians[10], low[10], high[10];
  int expected_medians[10], expected_low[10], expected_high[10];
  guint n_peers = 1234, expected_n;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (crrc_maturity_peer_medians (demo_store, referential, category, region, exclude,
                                             medians, low, high, &n_peers, &error));
  g_assert_no_error (error);
  g_test_message ("peer medians of %s in %s: %u peers, %.2f ms", category, region, n_peers,
                  (g_get_monotonic_time () - start) / 1000.0);

  expected_n = reference_medians (category, region, exclude, expected_medians, expected_low, expected_high);
  g_assert_cmpuint (n_peers, ==, expected_n);
  g_assert_cmpuint (n_peers, ==, expected_peers);
  for (guint d = 0; d < 10; d++)
    {
      g_assert_cmpint (medians[d], ==, expected_medians[d]);
      g_assert_cmpint (low[d], ==, expected_low[d]);
      g_assert_cmpint (high[d], ==, expected_high[d]);
      g_assert_cmpint (low[d], <=, medians[d]);
      g_assert_cmpint (medians[d], <=, high[d]);
    }
}

static void
test_demo_peer_medians (void)
{
  CrrcReferential *referential = crrc_referential_get_default (NULL);
  g_autoptr(GPtrArray) group = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  int medians[10];
  guint n_peers, n_shown = 0, n_members;

  /* The category and region with the most diagnosed establishments (the
   * EHPAD of Bourgogne-Franche-Comté in the demonstration data). */
  group = query_strings ("SELECT e.category || '|' || e.region || '|' || count(DISTINCT d.finess)"
                         " FROM diagnostics d JOIN establishments e USING (finess)"
                         " GROUP BY e.category, e.region ORDER BY count(DISTINCT d.finess) DESC, 1 LIMIT 1", NULL);
  g_assert_cmpuint (group->len, ==, 1);
  parts = g_strsplit (g_ptr_array_index (group, 0), "|", 3);
  n_members = (guint) atoi (parts[2]);
  g_assert_cmpuint (n_members, >=, 7);
  {
    g_autofree char *key = g_strconcat (parts[0], "|", parts[1], NULL);

    members = query_strings ("SELECT DISTINCT d.finess FROM diagnostics d JOIN establishments e USING (finess)"
                             " WHERE e.category || '|' || e.region = ?1 ORDER BY d.finess", key);
  }
  g_assert_cmpuint (members->len, ==, n_members);

  /* A member compares with the others; an establishment of the group
   * without diagnostic, or none, with all of them. */
  assert_peer_medians (parts[0], parts[1], g_ptr_array_index (members, 0), n_members - 1);
  assert_peer_medians (parts[0], parts[1], NULL, n_members);
  assert_peer_medians (parts[0], parts[1], "000000000", n_members);

  g_assert_true (crrc_maturity_peer_medians (demo_store, referential, parts[0], parts[1], NULL,
                                             medians, NULL, NULL, &n_peers, &error));
  g_assert_no_error (error);
  for (guint d = 0; d < 10; d++)
    if (medians[d] >= 0)
      n_shown++;
  /* The demonstration answers every question (a few "na" or "unknown"):
   * every domain is compared. */
  g_assert_cmpuint (n_shown, ==, 10);
}

/* Fewer than five peers: the comparison is hidden. */
static void
test_demo_small_cell (void)
{
  CrrcReferential *referential = crrc_referential_get_default (NULL);
  g_autoptr(GPtrArray) small = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  int medians[10], low[10], high[10];
  guint n_peers = 1234;

  /* A group of exactly five diagnosed establishments: seen from one of
   * them, four peers. */
  small = query_strings ("SELECT e.category || '|' || e.region || '|' || min (d.finess)"
                         " FROM diagnostics d JOIN establishments e USING (finess)"
                         " GROUP BY e.category, e.region HAVING count(DISTINCT d.finess) = 5 ORDER BY 1 LIMIT 1", NULL);
  g_assert_cmpuint (small->len, ==, 1);
  parts = g_strsplit (g_ptr_array_index (small, 0), "|", 3);

  g_assert_true (crrc_maturity_peer_medians (demo_store, referential, parts[0], parts[1], parts[2],
                                             medians, low, high, &n_peers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_peers, ==, 4);
  for (guint d = 0; d < 10; d++)
    {
      g_assert_cmpint (medians[d], ==, -1);
      g_assert_cmpint (low[d], ==, -1);
      g_assert_cmpint (high[d], ==, -1);
    }
  /* Seen from outside, five peers: shown where five have a score. */
  assert_peer_medians (parts[0], parts[1], "000000000", 5);

  /* No category: no peer. */
  g_assert_true (crrc_maturity_peer_medians (demo_store, referential, NULL, parts[1], NULL,
                                             medians, NULL, NULL, &n_peers, &error));
  g_assert_cmpuint (n_peers, ==, 0);
  g_assert_cmpint (medians[0], ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* A subprocess runs one test without the demonstration cache. */
  if (!g_test_subprocess ())
    {
      tmp_dir = crrc_test_make_dir ("crrc-maturity");
      demo_store = crrc_test_open_demo_store (tmp_dir, "crrc.db");
    }

  g_test_add_func ("/maturity/referential/builtin", test_builtin);
  g_test_add_func ("/maturity/referential/builtin-threads", test_builtin_threads);
  g_test_add_func ("/maturity/referential/builtin-languages", test_builtin_languages);
  g_test_add_func ("/maturity/referential/locale-language", test_locale_language);
  g_test_add_func ("/maturity/referential/invalid", test_invalid);
  g_test_add_func ("/maturity/referential/unknown-members", test_unknown_members);
  g_test_add_func ("/maturity/score/domains", test_score_domains);
  g_test_add_func ("/maturity/score/overall", test_score_overall);
  g_test_add_func ("/maturity/score/empty-and-full", test_score_empty_and_full);
  g_test_add_func ("/maturity/score/measures", test_score_measures);
  g_test_add_func ("/maturity/score/errors", test_score_errors);
  g_test_add_func ("/maturity/score/bands", test_bands);
  g_test_add_func ("/maturity/score/progress", test_progress);
  g_test_add_func ("/maturity/demo/peer-medians", test_demo_peer_medians);
  g_test_add_func ("/maturity/demo/small-cell", test_demo_small_cell);
  g_test_add_func ("/maturity/demo/diagnostics", test_demo_diagnostics);

  status = g_test_run ();

  g_clear_object (&demo_store);
  if (tmp_dir != NULL)
    crrc_test_remove_tree (tmp_dir);

  return status;
}
