/* crrc-referential.c: the maturity referential, loaded from JSON
 *
 * A referential is a JSON file of the shape given in MATURITY.md ("Its
 * shape"): an id, a title, ten domains of 3 to 6 weighted questions, every
 * text in French and in English. The built-in `crrc-maturity-1`
 * (crrc-maturity-1.json beside this file) is compiled into the program as a
 * GResource and loaded once, the first time it is asked for, from any
 * thread.
 *
 * The loader refuses a referential that breaks a rule and says which element
 * is wrong (the domain by its position and id, the question by its id): a
 * root that is not an object, a missing or repeated id, a question id that
 * does not start with its domain's id and a dot, a domain with fewer than 3
 * or more than 6 questions, a weight outside 0.5–3, a missing French or
 * English text, a priority below 1. Members it does not know are ignored, so
 * that a newer file still loads.
 *
 * Only one language is kept: French when the first language of the locale
 * (g_get_language_names()) that is French or English is French, English
 * otherwise. Strings live in one GStringChunk and are never freed before the
 * referential.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-maturity"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "crrc-json-splitter.h"
#include "crrc-maturity.h"
#include "crrc-maturity-resources.h"

#define DEFAULT_RESOURCE "/fr/crrc/Dashboard/maturity/crrc-maturity-1.json"
#define N_DOMAINS 10
#define MIN_QUESTIONS 3
#define MAX_QUESTIONS 6
#define MIN_WEIGHT 0.5
#define MAX_WEIGHT 3.0
#define MAX_PRIORITY 999
/* json-glib recurses once per level of nesting, without a limit of its
 * own: deeper text is refused before it parses it (as feeds and imports
 * do, at the same limit). */
#define MAX_DEPTH 64

struct _CrrcReferential
{
  char         *id;
  char         *title;
  const char   *language;
  GStringChunk *strings;
  GArray       *domains;     /* of CrrcReferentialDomain */
  GArray       *questions;   /* of CrrcReferentialQuestion */
  GHashTable   *by_id;       /* question id → index + 1 */
};

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  g_assert (*error == NULL);
  va_start (args, format);
  *error = g_error_new_valist (CRRC_MATURITY_ERROR, CRRC_MATURITY_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

static const char *
locale_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "fr"))
        return "fr";
      if (g_str_has_prefix (names[i], "en"))
        return "en";
    }
  return "en";
}

/* A non-empty string member, or NULL. */
static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  value = json_node_get_string (node);
  return value != NULL && *value != '\0' ? value : NULL;
}

/* Checks that @member of @object has a French and an English text and
 * returns the one in @language; @what names the element in messages. */
static const char *
get_text (CrrcReferential  *self,
          JsonObject       *object,
          const char       *member,
          const char       *what,
          GError          **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonObject *texts;
  const char *fr, *en;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      /* Translators: the first %s names an element ("question
       * “governance.mapping”"), the second a member ("text", "help"). */
      invalid (error, _("The %s has no “%s” with French and English texts."), what, member);
      return NULL;
    }
  texts = json_node_get_object (node);
  fr = get_string (texts, "fr");
  en = get_string (texts, "en");
  if (fr == NULL)
    {
      invalid (error, _("The “%s” of the %s has no French text."), member, what);
      return NULL;
    }
  if (en == NULL)
    {
      invalid (error, _("The “%s” of the %s has no English text."), member, what);
      return NULL;
    }
  return g_string_chunk_insert_const (self->strings, g_str_equal (self->language, "fr") ? fr : en);
}

static gboolean
read_question (CrrcReferential  *self,
               JsonNode         *node,
               const char       *domain_id,
               guint             position,
               GError          **error)
{
  CrrcReferentialQuestion question = { 0 };
  g_autofree char *what = NULL;
  g_autofree char *prefix = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *id;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("Question %u of the domain “%s” is not an object."), position, domain_id);
  object = json_node_get_object (node);

  id = get_string (object, "id");
  if (id == NULL)
    return invalid (error, _("Question %u of the domain “%s” has no “id”."), position, domain_id);
  prefix = g_strconcat (domain_id, ".", NULL);
  if (!g_str_has_prefix (id, prefix) || id[strlen (prefix)] == '\0')
    return invalid (error, _("The id of the question “%s” does not start with “%s” and a name."), id, prefix);
  if (g_hash_table_contains (self->by_id, id))
    return invalid (error, _("The question id “%s” is used twice."), id);

  question.id = g_string_chunk_insert_const (self->strings, id);
  question.domain_id = g_string_chunk_insert_const (self->strings, domain_id);

  member = json_object_get_member (object, "weight");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member)
      || (json_node_get_value_type (member) != G_TYPE_INT64 && json_node_get_value_type (member) != G_TYPE_DOUBLE))
    return invalid (error, _("The question “%s” has no numeric “weight”."), id);
  question.weight = json_node_get_double (member);
  if (!(question.weight >= MIN_WEIGHT && question.weight <= MAX_WEIGHT))
    return invalid (error, _("The weight of the question “%s” is %g; it must be between 0.5 and 3."),
                    id, question.weight);

  member = json_object_get_member (object, "priority");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64)
    return invalid (error, _("The question “%s” has no whole-number “priority”."), id);
  /* No value in the message: json-glib reads a number too large for 64
   * bits as -1, which would only mislead. */
  if (json_node_get_int (member) < 1 || json_node_get_int (member) > MAX_PRIORITY)
    return invalid (error, _("The priority of the question “%s” must be a whole number from 1 to 999."),
                    id);
  question.priority = (int) json_node_get_int (member);

  what = g_strdup_printf (_("question “%s”"), id);
  if ((question.text = get_text (self, object, "text", what, error)) == NULL
      || (question.help = get_text (self, object, "help", what, error)) == NULL
      || (question.measure = get_text (self, object, "measure", what, error)) == NULL)
    return FALSE;

  g_array_append_val (self->questions, question);
  g_hash_table_insert (self->by_id, (gpointer) question.id, GUINT_TO_POINTER (self->questions->len));
  return TRUE;
}

static gboolean
read_domain (CrrcReferential  *self,
             JsonNode         *node,
             guint             position,
             GError          **error)
{
  CrrcReferentialDomain domain = { 0 };
  g_autofree char *what = NULL;
  JsonObject *object;
  JsonNode *member;
  JsonArray *questions;
  const char *id;
  guint n;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("Domain %u is not an object."), position);
  object = json_node_get_object (node);

  id = get_string (object, "id");
  if (id == NULL)
    return invalid (error, _("Domain %u has no “id”."), position);
  if (crrc_referential_find_domain (self, id) >= 0)
    return invalid (error, _("Domain %u repeats the id “%s” of domain %d."),
                    position, id, crrc_referential_find_domain (self, id) + 1);
  domain.id = g_string_chunk_insert_const (self->strings, id);

  what = g_strdup_printf (_("domain %u “%s”"), position, id);
  if ((domain.title = get_text (self, object, "title", what, error)) == NULL)
    return FALSE;

  member = json_object_get_member (object, "questions");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return invalid (error, _("Domain %u “%s” has no “questions” array."), position, id);
  questions = json_node_get_array (member);
  n = json_array_get_length (questions);
  if (n < MIN_QUESTIONS || n > MAX_QUESTIONS)
    return invalid (error, _("Domain %u “%s” has %u questions; a domain has 3 to 6."), position, id, n);

  domain.first_question = self->questions->len;
  domain.n_questions = n;
  for (guint i = 0; i < n; i++)
    if (!read_question (self, json_array_get_element (questions, i), id, i + 1, error))
      return FALSE;

  g_array_append_val (self->domains, domain);
  return TRUE;
}

static gboolean
read_referential (CrrcReferential  *self,
                  JsonNode         *root,
                  GError          **error)
{
  JsonObject *object;
  JsonNode *member;
  JsonArray *domains;
  const char *id, *title;
  guint n;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, _("The referential is not a JSON object."));
  object = json_node_get_object (root);

  id = get_string (object, "id");
  if (id == NULL)
    return invalid (error, _("The referential has no “id”."));
  self->id = g_strdup (id);

  member = json_object_get_member (object, "version");
  if (member != NULL && (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64))
    return invalid (error, _("The “version” of the referential “%s” is not a whole number."), id);

  if ((title = get_text (self, object, "title", _("referential"), error)) == NULL)
    return FALSE;
  self->title = g_strdup (title);

  member = json_object_get_member (object, "domains");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return invalid (error, _("The referential “%s” has no “domains” array."), id);
  domains = json_node_get_array (member);
  n = json_array_get_length (domains);
  if (n != N_DOMAINS)
    return invalid (error, _("The referential “%s” has %u domains; it must have 10."), id, n);

  for (guint i = 0; i < n; i++)
    if (!read_domain (self, json_array_get_element (domains, i), i + 1, error))
      return FALSE;

  return TRUE;
}

/* What json-glib cannot be trusted with: nesting deeper than MAX_DEPTH
 * (counting brackets outside strings) and escaped lone surrogates, which it
 * turns into invalid UTF-8. The syntax is left to json-glib. */
static gboolean
check_json (const char  *json,
            gsize        length,
            GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = json[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            return invalid (error, _("The referential nests lists and objects more than %u levels deep."),
                            (guint) MAX_DEPTH);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  if (!crrc_json_escapes_are_standard (json, length))
    return invalid (error, _("The referential is not valid JSON: it holds a backslash escape that JSON does not allow."));
  if (!crrc_json_escapes_are_valid (json, length))
    return invalid (error, _("The referential is not valid JSON: a \\u escape in it is not a Unicode character."));
  if (crrc_json_has_nul_escape (json, length))
    return invalid (error, _("The referential holds a NUL character (\\u0000), which no text of it may contain."));

  return TRUE;
}

/**
 * crrc_referential_new_from_data_for_language:
 * @json: the referential's JSON text
 * @length: its length, or -1 when it ends with a NUL
 * @language: "fr" or "en"
 * @error: where to say what is wrong
 *
 * Returns: (transfer full) (nullable): the validated referential
 */
CrrcReferential *
crrc_referential_new_from_data_for_language (const char  *json,
                                             gssize       length,
                                             const char  *language,
                                             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(CrrcReferential) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (g_strcmp0 (language, "fr") == 0 || g_strcmp0 (language, "en") == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_json (json, length >= 0 ? (gsize) length : strlen (json), error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      /* json-glib quotes the text it stopped at, as it decoded it. */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, CRRC_MATURITY_ERROR, CRRC_MATURITY_ERROR_INVALID,
                   _("The referential is not valid JSON: %s"), message);
      return NULL;
    }

  self = g_new0 (CrrcReferential, 1);
  self->language = g_str_equal (language, "fr") ? "fr" : "en";
  self->strings = g_string_chunk_new (4096);
  self->domains = g_array_sized_new (FALSE, FALSE, sizeof (CrrcReferentialDomain), N_DOMAINS);
  self->questions = g_array_sized_new (FALSE, FALSE, sizeof (CrrcReferentialQuestion), N_DOMAINS * MAX_QUESTIONS);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);

  if (!read_referential (self, json_parser_get_root (parser), error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * crrc_referential_new_from_data:
 * @json: the referential's JSON text
 * @length: its length, or -1 when it ends with a NUL
 * @error: where to say what is wrong
 *
 * Returns: (transfer full) (nullable): the validated referential, with its
 *   texts in the locale's language
 */
CrrcReferential *
crrc_referential_new_from_data (const char  *json,
                                gssize       length,
                                GError     **error)
{
  return crrc_referential_new_from_data_for_language (json, length, locale_language (), error);
}

/**
 * crrc_referential_get_default_data:
 * @error: where to say why it cannot be read (a bug)
 *
 * Returns: (transfer full) (nullable): the JSON text of `crrc-maturity-1`
 */
GBytes *
crrc_referential_get_default_data (GError **error)
{
  /* The resource is looked up in its own GResource rather than through the
   * global registry: this reference keeps it in a static link. */
  return g_resource_lookup_data (crrc_maturity_get_resource (), DEFAULT_RESOURCE,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

static GError *default_error;

static gpointer
load_default (gpointer data)
{
  g_autoptr(GBytes) bytes = NULL;
  CrrcReferential *referential;
  const char *json;
  gsize length;

  bytes = crrc_referential_get_default_data (&default_error);
  if (bytes == NULL)
    return NULL;
  json = g_bytes_get_data (bytes, &length);
  referential = crrc_referential_new_from_data (json, (gssize) length, &default_error);
  if (referential == NULL)
    g_critical ("The built-in maturity referential is broken: %s", default_error->message);
  return referential;
}

/**
 * crrc_referential_get_default:
 * @error: where to say why the built-in file cannot be loaded (a bug)
 *
 * Returns: (transfer none) (nullable): `crrc-maturity-1`, in the locale's
 *   language, loaded once and never freed
 */
CrrcReferential *
crrc_referential_get_default (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  CrrcReferential *referential;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  referential = g_once (&once, load_default, NULL);
  if (referential == NULL && error != NULL)
    *error = g_error_copy (default_error);
  return referential;
}

void
crrc_referential_free (CrrcReferential *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->questions, g_array_unref);
  g_clear_pointer (&self->domains, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_free (self->title);
  g_free (self->id);
  g_free (self);
}

const char *
crrc_referential_get_id (CrrcReferential *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->id;
}

const char *
crrc_referential_get_title (CrrcReferential *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

const char *
crrc_referential_get_language (CrrcReferential *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->language;
}

guint
crrc_referential_get_n_domains (CrrcReferential *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->domains->len;
}

const CrrcReferentialDomain *
crrc_referential_get_domain (CrrcReferential *self,
                             guint            domain)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (domain < self->domains->len, NULL);

  return &g_array_index (self->domains, CrrcReferentialDomain, domain);
}

guint
crrc_referential_get_n_questions (CrrcReferential *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->questions->len;
}

const CrrcReferentialQuestion *
crrc_referential_get_question (CrrcReferential *self,
                               guint            question)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (question < self->questions->len, NULL);

  return &g_array_index (self->questions, CrrcReferentialQuestion, question);
}

/**
 * crrc_referential_lookup_question:
 * @self: a referential
 * @id: a question id
 *
 * Returns: (nullable): the question, or %NULL when @id is not one
 */
const CrrcReferentialQuestion *
crrc_referential_lookup_question (CrrcReferential *self,
                                  const char      *id)
{
  guint index;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_id, id));
  if (index == 0)
    return NULL;
  return &g_array_index (self->questions, CrrcReferentialQuestion, index - 1);
}

/**
 * crrc_referential_find_domain:
 * @self: a referential
 * @domain_id: a domain id
 *
 * Returns: the index of the domain, or -1
 */
int
crrc_referential_find_domain (CrrcReferential *self,
                              const char      *domain_id)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (domain_id != NULL, -1);

  for (guint i = 0; i < self->domains->len; i++)
    if (g_str_equal (g_array_index (self->domains, CrrcReferentialDomain, i).id, domain_id))
      return (int) i;
  return -1;
}
