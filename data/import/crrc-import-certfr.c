/* crrc-import-certfr.c: CERT-FR bulletins (ANSSI), JSON
 *
 * The input is one bulletin object as published at
 * https://www.cert.ssi.gouv.fr/{alerte|avis}/<REFERENCE>/json/, or an array
 * of such objects. Bulletin files are small: the whole content is read into
 * memory (up to MAX_CONTENT_SIZE) and checked in one pass (UTF-8, strict
 * JSON structure, nesting depth, an object or an array of objects) before
 * json-glib sees a byte, since its parser recurses once per nesting level
 * and crashes on deeply nested input. Each bulletin is then cut out of the
 * content and parsed on its own: json-glib's tree of a whole file of small
 * objects would take a hundred times the file's size.
 *
 * Each bulletin is imported whole or rejected whole, with one reason: a
 * missing or malformed reference, a missing title, an invalid CVE name or
 * revision date, a value of the wrong JSON type, or a reference already
 * imported from the same file. data/import/FORMATS.md has the details.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-import-certfr"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "crrc-import-private.h"

/* A file holding every advisory published since 2000 is well under this. */
#define MAX_CONTENT_SIZE  (64 * 1024 * 1024)
/* Real bulletins take a few dozen KiB. json-glib's tree of a bulletin may
 * take a hundred times its size. */
#define MAX_BULLETIN_SIZE (1024 * 1024)
/* A bulletin nests six levels deep (array, bulletin, affected_systems,
 * system, product, vendor). */
#define MAX_DEPTH         64
#define READ_CHUNK_SIZE   (64 * 1024)
#define PROGRESS_EVERY    50
/* A longer malformed reference is cut when it names the record. */
#define MAX_RECORD_CHARS  64

typedef struct
{
  char *vendor;
  char *product;
  char *description;
} Product;

typedef struct
{
  char       *reference;
  const char *kind;
  char       *title;
  char       *summary;
  char       *risks;
  char        published_on[11];    /* "" when the bulletin has no revision */
  char        revised_on[11];
  char        latest_revision[11];
  GPtrArray  *cves;                /* char *, sorted, without duplicates */
  GPtrArray  *products;            /* Product *, in the file's order */
} Bulletin;

/* Why a bulletin is rejected. */
typedef struct
{
  char             *field;
  CrrcRejectReason  reason;
  char             *detail;
} Problem;

enum {
  SELECT_BULLETIN,
  SELECT_CVES,
  SELECT_PRODUCTS,
  INSERT_BULLETIN,
  UPDATE_BULLETIN,
  DELETE_CVES,
  INSERT_CVE,
  DELETE_PRODUCTS,
  INSERT_PRODUCT,
  N_STATEMENTS
};

/* ?1 is always the reference. */
static const char * const statement_sql[N_STATEMENTS] = {
  [SELECT_BULLETIN] =
    "SELECT kind, title, summary, published_on, revised_on, risks, source"
    " FROM certfr_bulletins WHERE reference = ?1",
  [SELECT_CVES] =
    "SELECT cve FROM certfr_bulletin_cves WHERE reference = ?1 ORDER BY cve",
  [SELECT_PRODUCTS] =
    "SELECT position, vendor, product, description FROM certfr_bulletin_products"
    " WHERE reference = ?1 ORDER BY position",
  [INSERT_BULLETIN] =
    "INSERT INTO certfr_bulletins"
    " (reference, kind, title, summary, published_on, revised_on, risks, source)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
  [UPDATE_BULLETIN] =
    "UPDATE certfr_bulletins SET kind = ?2, title = ?3, summary = ?4, published_on = ?5,"
    " revised_on = ?6, risks = ?7, source = ?8 WHERE reference = ?1",
  [DELETE_CVES] =
    "DELETE FROM certfr_bulletin_cves WHERE reference = ?1",
  [INSERT_CVE] =
    "INSERT INTO certfr_bulletin_cves (reference, cve) VALUES (?1, ?2)",
  [DELETE_PRODUCTS] =
    "DELETE FROM certfr_bulletin_products WHERE reference = ?1",
  [INSERT_PRODUCT] =
    "INSERT INTO certfr_bulletin_products (reference, position, vendor, product, description)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
};

typedef struct
{
  CrrcImportContext *ctx;
  sqlite3           *db;
  sqlite3_stmt      *statements[N_STATEMENTS];
  JsonParser        *parser;
  /* Reference → 1-based index of the bulletin imported under it. */
  GHashTable        *imported;
  /* The most recent revision date of the imported bulletins. */
  char               extracted_on[11];
} Importer;

static void
product_free (gpointer data)
{
  Product *product = data;

  g_free (product->vendor);
  g_free (product->product);
  g_free (product->description);
  g_free (product);
}

static void
bulletin_clear (Bulletin *bulletin)
{
  g_clear_pointer (&bulletin->reference, g_free);
  g_clear_pointer (&bulletin->title, g_free);
  g_clear_pointer (&bulletin->summary, g_free);
  g_clear_pointer (&bulletin->risks, g_free);
  g_clear_pointer (&bulletin->cves, g_ptr_array_unref);
  g_clear_pointer (&bulletin->products, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Bulletin, bulletin_clear)

static void
problem_clear (Problem *problem)
{
  g_clear_pointer (&problem->field, g_free);
  g_clear_pointer (&problem->detail, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Problem, problem_clear)

static void
importer_clear (Importer *self)
{
  for (guint i = 0; i < N_STATEMENTS; i++)
    g_clear_pointer (&self->statements[i], sqlite3_finalize);
  g_clear_object (&self->parser);
  g_clear_pointer (&self->imported, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Importer, importer_clear)

static gboolean problem_set (Problem          *problem,
                             const char       *field,
                             CrrcRejectReason  reason,
                             const char       *format,
                             ...) G_GNUC_PRINTF (4, 5);

/* Always returns FALSE, for `return problem_set (…);`. */
static gboolean
problem_set (Problem          *problem,
             const char       *field,
             CrrcRejectReason  reason,
             const char       *format,
             ...)
{
  va_list args;

  g_assert (problem->field == NULL && problem->detail == NULL);

  problem->field = g_strdup (field);
  problem->reason = reason;
  va_start (args, format);
  problem->detail = g_strdup_vprintf (format, args);
  va_end (args);

  return FALSE;
}

/* Reading and checking the content */

static GByteArray *
read_content (CrrcImportContext  *ctx,
              GInputStream       *input,
              GError            **error)
{
  g_autoptr(GByteArray) content = g_byte_array_new ();

  for (guint chunk = 1; ; chunk++)
    {
      guint old_len = content->len;
      gssize n;

      g_byte_array_set_size (content, old_len + READ_CHUNK_SIZE);
      /* The framework turns reading errors into import errors naming the
       * file; cancellation is noticed by check_progress(). */
      n = g_input_stream_read (input, content->data + old_len, READ_CHUNK_SIZE, NULL, error);
      if (n < 0)
        return NULL;
      g_byte_array_set_size (content, old_len + (guint) n);
      if (n == 0)
        break;

      if (content->len > MAX_CONTENT_SIZE)
        {
          g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN,
                       _("The file “%s” is larger than %u MiB, far more than CERT-FR "
                         "bulletins take. Nothing was imported."),
                       _crrc_import_context_get_file_name (ctx),
                       (guint) (MAX_CONTENT_SIZE / (1024 * 1024)));
          return NULL;
        }

      if (chunk % 16 == 0 && !_crrc_import_context_check_progress (ctx, error))
        return NULL;
    }

  return g_steal_pointer (&content);
}

static gboolean
is_json_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static gboolean
is_json_token_char (char c)
{
  /* Outside strings, strict JSON has only structure, numbers, true, false
   * and null. */
  return c != '\0' && strchr ("{}[],:\"" "0123456789+-.eE" "truefalsn", c) != NULL;
}

static gboolean
set_not_json_error (CrrcImportContext  *ctx,
                    guint               line,
                    GError            **error)
{
  g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN,
               _("The file “%s” is not valid JSON: unexpected character on line %u. "
                 "Nothing was imported."),
               _crrc_import_context_get_file_name (ctx), line);
  return FALSE;
}

static gboolean
set_shape_error (CrrcImportContext  *ctx,
                 GError            **error)
{
  g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN,
               _("The file “%s” holds neither a CERT-FR bulletin nor a list of bulletins. "
                 "Nothing was imported."),
               _crrc_import_context_get_file_name (ctx));
  return FALSE;
}

/* Checks in one pass, without recursing, what json-glib cannot be trusted
 * with, and the shape of the file, so that each bulletin can then be cut
 * out and parsed on its own (a whole tree of small objects takes a hundred
 * times the size of the file):
 *  - the text is UTF-8;
 *  - outside strings, only what strict JSON allows (json-glib also accepts
 *    comments and single-quoted strings, whose content this scan would
 *    misread as structure);
 *  - brackets match, nesting at most MAX_DEPTH deep, and nothing follows
 *    the top-level value;
 *  - the top level is an object, or an array whose elements are objects.
 * What lies inside the bulletins (member names, colons, values) is left to
 * json-glib. */
static gboolean
check_content (CrrcImportContext  *ctx,
               const char         *data,
               gsize               size,
               gboolean           *out_is_array,
               GError            **error)
{
  char open[MAX_DEPTH];
  gboolean in_string = FALSE;
  gboolean is_array = FALSE;
  gboolean done = FALSE;
  /* In a top-level array: whether an element (or its end) comes next. */
  gboolean expect_element = FALSE;
  gboolean first_element = FALSE;
  guint depth = 0;
  guint line = 1;
  const char *invalid = NULL;

  if (!g_utf8_validate (data, (gssize) size, &invalid))
    {
      /* The line of the first byte that is not UTF-8, for the analyst to
       * find it. */
      for (const char *p = data; p < invalid; p++)
        if (*p == '\n')
          line++;
      g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN,
                   _("The file “%s” is not valid UTF-8 text (line %u). Nothing was imported."),
                   _crrc_import_context_get_file_name (ctx), line);
      return FALSE;
    }

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (c == '\n')
        line++;

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (is_json_blank (c))
        continue;

      if (done || !is_json_token_char (c))
        return set_not_json_error (ctx, line, error);

      if (depth == 0)
        {
          if (c != '{' && c != '[')
            return set_shape_error (ctx, error);
          is_array = c == '[';
        }
      else if (depth == 1 && is_array)
        {
          if (expect_element && c != '{' && !(first_element && c == ']'))
            return c == ',' || c == ']' ? set_not_json_error (ctx, line, error)
                                        : set_shape_error (ctx, error);
          if (!expect_element && c != ',' && c != ']')
            return set_not_json_error (ctx, line, error);
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;

        case '[':
        case '{':
          if (depth == MAX_DEPTH)
            {
              g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN,
                           _("The file “%s” nests lists and objects more than %u levels "
                             "deep (line %u). Nothing was imported."),
                           _crrc_import_context_get_file_name (ctx), (guint) MAX_DEPTH, line);
              return FALSE;
            }
          open[depth++] = c;
          if (depth == 1 && is_array)
            expect_element = first_element = TRUE;
          break;

        case ']':
        case '}':
          if (depth == 0 || open[depth - 1] != (c == ']' ? '[' : '{'))
            return set_not_json_error (ctx, line, error);
          depth--;
          if (depth == 0)
            done = TRUE;
          else if (depth == 1 && is_array)
            expect_element = FALSE;
          break;

        case ',':
          if (depth == 1 && is_array)
            expect_element = TRUE, first_element = FALSE;
          break;

        default:
          break;
        }
    }

  if (in_string || depth > 0)
    {
      g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN,
                   _("The file “%s” ends in the middle of its JSON data: it is probably "
                     "truncated. Nothing was imported."),
                   _crrc_import_context_get_file_name (ctx));
      return FALSE;
    }

  if (!done)
    return set_shape_error (ctx, error);

  *out_is_array = is_array;

  return TRUE;
}

/* Finds the next bulletin from @pos, which is at the start of the content
 * (a lone object) or after the opening bracket or an element of the
 * top-level array: returns FALSE at the end of the array. Relies on
 * check_content() having accepted the content. */
static gboolean
find_element (const char *data,
              gsize       size,
              gsize      *pos,
              gsize      *out_start,
              gsize      *out_end)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  gsize i = *pos;

  while (i < size && (is_json_blank (data[i]) || data[i] == ','))
    i++;
  if (i >= size || data[i] != '{')
    return FALSE;

  *out_start = i;
  for (; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && --depth == 0)
        break;
    }

  g_assert (i < size);
  *out_end = *pos = i + 1;

  return TRUE;
}

/* Reading one bulletin */

/* Reads @member as text: absent and null give NULL, blanks around the text
 * are removed, and an empty text counts as absent. */
static gboolean
get_text (JsonObject  *object,
          const char  *member,
          const char  *field,
          char       **out,
          Problem     *problem)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return problem_set (problem, field, CRRC_REJECT_INVALID_VALUE,
                        _("The value of “%s” is not text."), field);

  /* \uD800 escapes can make invalid UTF-8 out of a valid file. */
  text = json_node_get_string (node);
  if (!g_utf8_validate (text, -1, NULL))
    return problem_set (problem, field, CRRC_REJECT_ENCODING,
                        _("The value of “%s” is not valid UTF-8 text."), field);

  *out = g_strstrip (g_strdup (text));
  if (**out == '\0')
    g_clear_pointer (out, g_free);

  return TRUE;
}

/* Absent and null give NULL. */
static gboolean
get_array (JsonObject  *object,
           const char  *member,
           const char  *field,
           JsonArray  **out,
           Problem     *problem)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return problem_set (problem, field, CRRC_REJECT_INVALID_VALUE,
                        _("“%s” is not a list."), field);

  *out = json_node_get_array (node);

  return TRUE;
}

/* Absent and null give NULL. */
static gboolean
get_object (JsonObject  *object,
            const char  *member,
            const char  *field,
            JsonObject **out,
            Problem     *problem)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return problem_set (problem, field, CRRC_REJECT_INVALID_VALUE,
                        _("“%s” is not an object."), field);

  *out = json_node_get_object (node);

  return TRUE;
}

/* Elements of the lists of a bulletin are objects, never null. */
static gboolean
get_element (JsonArray   *array,
             guint        index,
             const char  *field,
             JsonObject **out,
             Problem     *problem)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return problem_set (problem, field, CRRC_REJECT_INVALID_VALUE,
                        _("“%s” is not an object."), field);

  *out = json_node_get_object (node);

  return TRUE;
}

static gboolean
skip_digits (const char **p,
             guint        min,
             guint        max)
{
  guint n = 0;

  while (g_ascii_isdigit (**p))
    (*p)++, n++;

  return n >= min && n <= max;
}

/* CERTFR-YYYY-TYPE-N: returns the kind of bulletin, or NULL when
 * @reference has another shape. */
static const char *
reference_get_kind (const char *reference)
{
  const char *p = reference;
  const char *type;
  guint type_len = 0;

  if (!g_str_has_prefix (p, "CERTFR-"))
    return NULL;
  p += strlen ("CERTFR-");

  if (!skip_digits (&p, 4, 4) || *p++ != '-')
    return NULL;

  type = p;
  while (g_ascii_isupper (*p))
    p++, type_len++;
  if (type_len < 2 || type_len > 8 || *p++ != '-')
    return NULL;

  if (!skip_digits (&p, 1, 6) || *p != '\0')
    return NULL;

  if (type_len == 3 && strncmp (type, "ALE", 3) == 0)
    return "alerte";
  if (type_len == 3 && strncmp (type, "AVI", 3) == 0)
    return "avis";

  return "other";
}

/* CVE-YYYY-NNNN, with four digits or more after the year. */
static gboolean
is_cve_name (const char *name)
{
  const char *p = name;

  if (!g_str_has_prefix (p, "CVE-"))
    return FALSE;
  p += strlen ("CVE-");

  return skip_digits (&p, 4, 4) && *p++ == '-' && skip_digits (&p, 4, 19) && *p == '\0';
}

static gboolean
read_revisions (JsonObject *object,
                Bulletin   *bulletin,
                Problem    *problem)
{
  JsonArray *revisions;
  guint n;

  if (!get_array (object, "revisions", "revisions", &revisions, problem))
    return FALSE;

  n = revisions != NULL ? json_array_get_length (revisions) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *field = g_strdup_printf ("revisions[%u]", i);
      g_autofree char *date_field = g_strdup_printf ("revisions[%u].revision_date", i);
      g_autofree char *text = NULL;
      JsonObject *revision;
      char date[11];

      if (!get_element (revisions, i, field, &revision, problem) ||
          !get_text (revision, "revision_date", date_field, &text, problem))
        return FALSE;

      if (text == NULL)
        return problem_set (problem, date_field, CRRC_REJECT_MISSING_FIELD,
                            _("“%s” is missing."), date_field);

      if (!_crrc_import_parse_date (text, date))
        return problem_set (problem, date_field, CRRC_REJECT_INVALID_DATE,
                            _("The date “%s” is not valid."), text);

      if (i == 0)
        memcpy (bulletin->published_on, date, sizeof date);
      if (i == n - 1)
        memcpy (bulletin->revised_on, date, sizeof date);
      if (strcmp (date, bulletin->latest_revision) > 0)
        memcpy (bulletin->latest_revision, date, sizeof date);
    }

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
read_cves (JsonObject *object,
           Bulletin   *bulletin,
           Problem    *problem)
{
  JsonArray *cves;
  guint n;

  if (!get_array (object, "cves", "cves", &cves, problem))
    return FALSE;

  n = cves != NULL ? json_array_get_length (cves) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *field = g_strdup_printf ("cves[%u]", i);
      g_autofree char *name_field = g_strdup_printf ("cves[%u].name", i);
      g_autofree char *name = NULL;
      JsonObject *cve;

      if (!get_element (cves, i, field, &cve, problem) ||
          !get_text (cve, "name", name_field, &name, problem))
        return FALSE;

      if (name == NULL)
        return problem_set (problem, name_field, CRRC_REJECT_MISSING_FIELD,
                            _("“%s” is missing."), name_field);

      /* "cve-2024-1234" is unambiguous; anything else is refused. */
      if (g_ascii_strncasecmp (name, "CVE-", 4) == 0)
        memcpy (name, "CVE-", 4);

      if (!is_cve_name (name))
        return problem_set (problem, name_field, CRRC_REJECT_INVALID_VALUE,
                            _("“%s” is not a CVE identifier such as CVE-2024-21887."), name);

      g_ptr_array_add (bulletin->cves, g_steal_pointer (&name));
    }

  /* A CVE listed twice is stored once. */
  g_ptr_array_sort (bulletin->cves, compare_strings);
  for (guint i = 1; i < bulletin->cves->len; )
    {
      if (strcmp (g_ptr_array_index (bulletin->cves, i - 1),
                  g_ptr_array_index (bulletin->cves, i)) == 0)
        g_ptr_array_remove_index (bulletin->cves, i);
      else
        i++;
    }

  return TRUE;
}

static gboolean
read_affected_systems (JsonObject *object,
                       Bulletin   *bulletin,
                       Problem    *problem)
{
  JsonArray *systems;
  guint n;

  if (!get_array (object, "affected_systems", "affected_systems", &systems, problem))
    return FALSE;

  n = systems != NULL ? json_array_get_length (systems) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *field = g_strdup_printf ("affected_systems[%u]", i);
      g_autofree char *description_field = g_strconcat (field, ".description", NULL);
      g_autofree char *product_field = g_strconcat (field, ".product", NULL);
      g_autofree char *product_name_field = g_strconcat (field, ".product.name", NULL);
      g_autofree char *vendor_field = g_strconcat (field, ".product.vendor", NULL);
      g_autofree char *vendor_name_field = g_strconcat (field, ".product.vendor.name", NULL);
      Product *product = g_new0 (Product, 1);
      JsonObject *system;
      JsonObject *product_object = NULL;
      JsonObject *vendor_object = NULL;

      /* Owned by the bulletin from now on, even if incomplete. */
      g_ptr_array_add (bulletin->products, product);

      if (!get_element (systems, i, field, &system, problem) ||
          !get_text (system, "description", description_field, &product->description, problem) ||
          !get_object (system, "product", product_field, &product_object, problem))
        return FALSE;

      if (product_object != NULL &&
          (!get_text (product_object, "name", product_name_field, &product->product, problem) ||
           !get_object (product_object, "vendor", vendor_field, &vendor_object, problem)))
        return FALSE;

      if (vendor_object != NULL &&
          !get_text (vendor_object, "name", vendor_name_field, &product->vendor, problem))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_risks (JsonObject *object,
            Bulletin   *bulletin,
            Problem    *problem)
{
  g_autoptr(GString) risks = NULL;
  JsonArray *array;
  guint n;

  if (!get_array (object, "risks", "risks", &array, problem))
    return FALSE;

  n = array != NULL ? json_array_get_length (array) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *field = g_strdup_printf ("risks[%u]", i);
      g_autofree char *description_field = g_strdup_printf ("risks[%u].description", i);
      g_autofree char *description = NULL;
      JsonObject *risk;

      if (!get_element (array, i, field, &risk, problem) ||
          !get_text (risk, "description", description_field, &description, problem))
        return FALSE;

      if (description == NULL)
        continue;

      if (risks == NULL)
        risks = g_string_new (description);
      else
        g_string_append_printf (risks, "; %s", description);
    }

  if (risks != NULL)
    bulletin->risks = g_string_free (g_steal_pointer (&risks), FALSE);

  return TRUE;
}

static gboolean
read_bulletin (JsonObject *object,
               Bulletin   *bulletin,
               Problem    *problem)
{
  bulletin->cves = g_ptr_array_new_with_free_func (g_free);
  bulletin->products = g_ptr_array_new_with_free_func (product_free);

  if (!get_text (object, "reference", "reference", &bulletin->reference, problem))
    return FALSE;
  if (bulletin->reference == NULL)
    return problem_set (problem, "reference", CRRC_REJECT_MISSING_FIELD,
                        _("The bulletin has no reference."));

  bulletin->kind = reference_get_kind (bulletin->reference);
  if (bulletin->kind == NULL)
    return problem_set (problem, "reference", CRRC_REJECT_INVALID_VALUE,
                        _("“%s” is not a CERT-FR reference such as CERTFR-2024-ALE-012."),
                        bulletin->reference);

  if (!get_text (object, "title", "title", &bulletin->title, problem))
    return FALSE;
  if (bulletin->title == NULL)
    return problem_set (problem, "title", CRRC_REJECT_MISSING_FIELD,
                        _("The bulletin has no title."));

  return get_text (object, "summary", "summary", &bulletin->summary, problem) &&
         read_revisions (object, bulletin, problem) &&
         read_cves (object, bulletin, problem) &&
         read_affected_systems (object, bulletin, problem) &&
         read_risks (object, bulletin, problem);
}

/* Writing one bulletin */

static gboolean
prepare_statements (Importer  *self,
                    GError   **error)
{
  for (guint i = 0; i < N_STATEMENTS; i++)
    {
      if (sqlite3_prepare_v3 (self->db, statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                              &self->statements[i], NULL) != SQLITE_OK)
        {
          _crrc_import_set_store_error (self->ctx, error);
          return FALSE;
        }
    }

  return TRUE;
}

/* Resets @stmt and binds the reference to ?1. */
static sqlite3_stmt *
get_statement (Importer   *self,
               guint       id,
               const char *reference)
{
  sqlite3_stmt *stmt = self->statements[id];

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  sqlite3_bind_text (stmt, 1, reference, -1, SQLITE_STATIC);

  return stmt;
}

/* Empty text is stored as NULL. */
static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  _crrc_import_bind_text (stmt, index, text != NULL && *text == '\0' ? NULL : text);
}

static gboolean
column_equals (sqlite3_stmt *stmt,
               int           column,
               const char   *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;

  return g_strcmp0 ((const char *) sqlite3_column_text (stmt, column), value) == 0;
}

/* Runs @stmt to its end. */
static gboolean
run_statement (Importer      *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _crrc_import_set_store_error (self->ctx, error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);

  return TRUE;
}

/* Compares @bulletin with what the cache holds under its reference: sets
 * @out_exists; @out_older when the cached bulletin has a later revision
 * than @bulletin; @out_same when the row, its CVEs and its products are all
 * identical. */
static gboolean
compare_with_stored (Importer        *self,
                     const Bulletin  *bulletin,
                     gboolean        *out_exists,
                     gboolean        *out_older,
                     gboolean        *out_same,
                     GError         **error)
{
  const char *source = _crrc_import_context_get_source (self->ctx);
  const char *stored_revised_on;
  sqlite3_stmt *stmt;
  guint n;
  int rc;

  *out_exists = *out_older = *out_same = FALSE;

  stmt = get_statement (self, SELECT_BULLETIN, bulletin->reference);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    goto failed;

  *out_exists = TRUE;

  stored_revised_on = (const char *) sqlite3_column_text (stmt, 4);
  if (stored_revised_on != NULL && strcmp (stored_revised_on, bulletin->revised_on) > 0)
    {
      *out_older = TRUE;
      return TRUE;
    }

  if (!column_equals (stmt, 0, bulletin->kind) ||
      !column_equals (stmt, 1, bulletin->title) ||
      !column_equals (stmt, 2, bulletin->summary) ||
      !column_equals (stmt, 3, bulletin->published_on) ||
      !column_equals (stmt, 4, bulletin->revised_on) ||
      !column_equals (stmt, 5, bulletin->risks) ||
      !column_equals (stmt, 6, source))
    return TRUE;

  stmt = get_statement (self, SELECT_CVES, bulletin->reference);
  for (n = 0; (rc = sqlite3_step (stmt)) == SQLITE_ROW; n++)
    {
      if (n >= bulletin->cves->len ||
          !column_equals (stmt, 0, g_ptr_array_index (bulletin->cves, n)))
        return TRUE;
    }
  if (rc != SQLITE_DONE)
    goto failed;
  if (n != bulletin->cves->len)
    return TRUE;

  stmt = get_statement (self, SELECT_PRODUCTS, bulletin->reference);
  for (n = 0; (rc = sqlite3_step (stmt)) == SQLITE_ROW; n++)
    {
      const Product *product;

      if (n >= bulletin->products->len || sqlite3_column_int64 (stmt, 0) != n)
        return TRUE;

      product = g_ptr_array_index (bulletin->products, n);
      if (!column_equals (stmt, 1, product->vendor) ||
          !column_equals (stmt, 2, product->product) ||
          !column_equals (stmt, 3, product->description))
        return TRUE;
    }
  if (rc != SQLITE_DONE)
    goto failed;

  *out_same = n == bulletin->products->len;

  return TRUE;

failed:
  _crrc_import_set_store_error (self->ctx, error);
  return FALSE;
}

static gboolean
write_bulletin (Importer           *self,
                const Bulletin     *bulletin,
                CrrcImportOutcome  *outcome,
                GError            **error)
{
  sqlite3_stmt *stmt;
  gboolean exists, older, same;

  if (!compare_with_stored (self, bulletin, &exists, &older, &same, error))
    return FALSE;

  /* An older copy of a bulletin never replaces a newer one. */
  if (older || same)
    {
      *outcome = CRRC_IMPORT_UNCHANGED;
      return TRUE;
    }

  stmt = get_statement (self, exists ? UPDATE_BULLETIN : INSERT_BULLETIN, bulletin->reference);
  bind_text (stmt, 2, bulletin->kind);
  bind_text (stmt, 3, bulletin->title);
  bind_text (stmt, 4, bulletin->summary);
  bind_text (stmt, 5, bulletin->published_on);
  bind_text (stmt, 6, bulletin->revised_on);
  bind_text (stmt, 7, bulletin->risks);
  bind_text (stmt, 8, _crrc_import_context_get_source (self->ctx));
  if (!run_statement (self, stmt, error))
    return FALSE;

  if (exists &&
      (!run_statement (self, get_statement (self, DELETE_CVES, bulletin->reference), error) ||
       !run_statement (self, get_statement (self, DELETE_PRODUCTS, bulletin->reference), error)))
    return FALSE;

  for (guint i = 0; i < bulletin->cves->len; i++)
    {
      stmt = get_statement (self, INSERT_CVE, bulletin->reference);
      bind_text (stmt, 2, g_ptr_array_index (bulletin->cves, i));
      if (!run_statement (self, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < bulletin->products->len; i++)
    {
      const Product *product = g_ptr_array_index (bulletin->products, i);

      stmt = get_statement (self, INSERT_PRODUCT, bulletin->reference);
      sqlite3_bind_int64 (stmt, 2, i);
      bind_text (stmt, 3, product->vendor);
      bind_text (stmt, 4, product->product);
      bind_text (stmt, 5, product->description);
      if (!run_statement (self, stmt, error))
        return FALSE;
    }

  *outcome = exists ? CRRC_IMPORT_UPDATED : CRRC_IMPORT_ADDED;

  return TRUE;
}

/* Checks and writes (or rejects) the bulletin read as @object, at @index
 * (0-based) in the file. */
static gboolean
import_bulletin (Importer    *self,
                 JsonObject  *object,
                 guint        index,
                 const char  *location,
                 GError     **error)
{
  g_auto(Bulletin) bulletin = { 0 };
  g_auto(Problem) problem = { 0 };
  CrrcImportOutcome outcome;
  gpointer earlier;

  if (!read_bulletin (object, &bulletin, &problem))
    {
      g_autofree char *record = NULL;

      if (bulletin.reference != NULL)
        record = g_utf8_substring (bulletin.reference, 0,
                                   MIN (MAX_RECORD_CHARS, g_utf8_strlen (bulletin.reference, -1)));

      _crrc_import_context_reject (self->ctx, location, record, problem.field, problem.reason,
                                   "%s", problem.detail);
      return TRUE;
    }

  if (g_hash_table_lookup_extended (self->imported, bulletin.reference, NULL, &earlier))
    {
      _crrc_import_context_reject (self->ctx, location, bulletin.reference, "reference",
                                   CRRC_REJECT_DUPLICATE,
                                   _("The bulletin %s was already imported from bulletin %u "
                                     "of this file; only that first one is kept."),
                                   bulletin.reference, GPOINTER_TO_UINT (earlier));
      return TRUE;
    }

  if (!write_bulletin (self, &bulletin, &outcome, error))
    return FALSE;

  _crrc_import_context_count (self->ctx, outcome);
  g_hash_table_insert (self->imported, g_steal_pointer (&bulletin.reference),
                       GUINT_TO_POINTER (index + 1));
  if (strcmp (bulletin.latest_revision, self->extracted_on) > 0)
    memcpy (self->extracted_on, bulletin.latest_revision, sizeof self->extracted_on);

  return TRUE;
}

/* Parses the JSON text of one bulletin, then imports or rejects it. */
static gboolean
import_element (Importer    *self,
                const char  *json,
                gsize        length,
                guint        index,
                GError     **error)
{
  g_autofree char *location = g_strdup_printf ("bulletin %u", index + 1);
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  _crrc_import_context_count_read (self->ctx);

  /* Bounds the memory one tree takes, whatever the file holds. */
  if (length > MAX_BULLETIN_SIZE)
    {
      _crrc_import_context_reject (self->ctx, location, NULL, NULL, CRRC_REJECT_INVALID_VALUE,
                                   _("The bulletin takes %u KiB, more than the %u KiB a "
                                     "bulletin may take."),
                                   (guint) (length / 1024), (guint) (MAX_BULLETIN_SIZE / 1024));
      return TRUE;
    }

  if (!json_parser_load_from_data (self->parser, json, (gssize) length, &local_error))
    {
      /* json-glib quotes the text it stopped at, as it decoded it: an
       * escaped lone surrogate makes invalid UTF-8 of it. */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN,
                   _("The file “%s” is not valid JSON in bulletin %u: %s. Nothing was imported."),
                   _crrc_import_context_get_file_name (self->ctx), index + 1, message);
      return FALSE;
    }

  /* check_content() made sure the text is an object. */
  root = json_parser_get_root (self->parser);
  g_assert (root != NULL && JSON_NODE_HOLDS_OBJECT (root));

  return import_bulletin (self, json_node_get_object (root), index, location, error);
}

gboolean
_crrc_import_certfr_json (CrrcImportContext  *ctx,
                          GInputStream       *input,
                          GError            **error)
{
  g_auto(Importer) self = { 0 };
  g_autoptr(GByteArray) content = NULL;
  const char *data;
  gsize size;
  gsize pos = 0;
  gsize start, end;
  gboolean is_array;

  g_assert (ctx != NULL);
  g_assert (G_IS_INPUT_STREAM (input));

  content = read_content (ctx, input, error);
  if (content == NULL)
    return FALSE;

  data = (const char *) content->data;
  size = content->len;
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    data += 3, size -= 3;

  if (!check_content (ctx, data, size, &is_array, error))
    return FALSE;

  self.ctx = ctx;
  self.db = _crrc_import_context_get_db (ctx);
  self.parser = json_parser_new ();
  self.imported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!prepare_statements (&self, error))
    return FALSE;

  /* check_content() made sure that, after blanks, the content starts with
   * the object or the array. */
  while (is_json_blank (data[pos]))
    pos++;
  if (is_array)
    pos++;

  for (guint i = 0; find_element (data, size, &pos, &start, &end); i++)
    {
      if (i % PROGRESS_EVERY == 0 && !_crrc_import_context_check_progress (ctx, error))
        return FALSE;

      if (!import_element (&self, data + start, end - start, i, error))
        return FALSE;

      if (!is_array)
        break;
    }

  /* The files carry no extraction date: the newest revision they contain
   * is the closest thing. */
  if (self.extracted_on[0] != '\0')
    _crrc_import_context_set_extracted_on (ctx, self.extracted_on);

  return TRUE;
}
