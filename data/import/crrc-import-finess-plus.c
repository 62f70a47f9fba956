/* crrc-import-finess-plus.c: the FiNESS+ structures feed, JSON
 *
 * The monthly file is about 750 MB of one JSON object:
 *
 *   {"schemaVersion": …, "generatedAt": …, "gcc": […], "gco": […], "pmej": […]}
 *
 * It is never held as a tree. The splitter (crrc-json-splitter.c) checks the
 * syntax of the whole stream and hands on each element of `gcc` and `pmej`
 * on its own, at most MAX_ELEMENT_SIZE bytes and MAX_ELEMENT_DEPTH levels
 * deep, in valid UTF-8; only then does json-glib build the small tree of
 * that one element. Other members (`schemaVersion`, `gco`, anything new)
 * are checked and skipped. Memory is bounded by the largest element and the
 * GHT memberships (hundreds), whatever the size of the file.
 *
 * `gcc` comes before `pmej`: the GHT (typeGcc 001) are written to the `ght`
 * table and their memberships kept by pmSmsseId, so that each establishment
 * of a legal entity gets its GHT code and role as it is read. Legal entities
 * go to `legal_entities`; establishments (`pmej[].ege[]`) go through the
 * shared upsert and are the records counted and rejected. The choices made
 * for the quirks of the feed are listed in data/import/FORMATS.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-import-finess-plus"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "crrc-geo.h"
#include "crrc-import-private.h"
#include "crrc-json-splitter.h"

/* Checked by the splitter before json-glib sees an element: json-glib
 * recurses once per level and crashes on deeply nested input. */
#define MAX_ELEMENT_DEPTH 64
#define MAX_ELEMENT_SIZE (16 * 1024 * 1024)
#define PROGRESS_INTERVAL 100
#define GHT_TYPE "001"

typedef struct
{
  char       *code;
  const char *role;   /* "support", "member" or NULL */
} Membership;

typedef struct
{
  CrrcImportContext *ctx;
  JsonParser        *parser;
  sqlite3_stmt      *upsert_legal_entity;
  sqlite3_stmt      *upsert_ght;
  /* pmSmsseId → Membership, from the active GHT. */
  GHashTable        *memberships;
  /* GHT code → whether it was written closed, during this import. */
  GHashTable        *ght_written;
  /* FINESS numbers imported so far, packed in 32 bits (see pack_finess). */
  GHashTable        *imported;
  /* A `gcc` array was read before the legal entities: establishments
   * outside any GHT then get no GHT. Without one, GHT columns are kept. */
  gboolean           have_gcc;
  gboolean           have_pmej;
  guint              since_progress;
  /* Copies of the strings of the element being read. */
  GPtrArray         *strings;
} FinessPlusImport;

static const char upsert_legal_entity_sql[] =
  "INSERT INTO legal_entities (finess, name, long_name, legal_status, closed, source, extracted_on)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
  " ON CONFLICT (finess) DO UPDATE SET"
  " name = excluded.name, long_name = excluded.long_name, legal_status = excluded.legal_status,"
  " closed = excluded.closed, source = excluded.source, extracted_on = excluded.extracted_on"
  " WHERE name IS NOT excluded.name OR long_name IS NOT excluded.long_name"
  " OR legal_status IS NOT excluded.legal_status OR closed IS NOT excluded.closed";

static const char upsert_ght_sql[] =
  "INSERT INTO ght (code, name, closed, source, extracted_on)"
  " VALUES (?1, ?2, ?3, ?4, ?5)"
  " ON CONFLICT (code) DO UPDATE SET"
  " name = excluded.name, closed = excluded.closed, source = excluded.source,"
  " extracted_on = excluded.extracted_on"
  " WHERE name IS NOT excluded.name OR closed IS NOT excluded.closed";

static void
membership_free (gpointer data)
{
  Membership *membership = data;

  g_free (membership->code);
  g_free (membership);
}

static void
finess_plus_import_clear (FinessPlusImport *self)
{
  g_clear_object (&self->parser);
  g_clear_pointer (&self->upsert_legal_entity, sqlite3_finalize);
  g_clear_pointer (&self->upsert_ght, sqlite3_finalize);
  g_clear_pointer (&self->memberships, g_hash_table_unref);
  g_clear_pointer (&self->ght_written, g_hash_table_unref);
  g_clear_pointer (&self->imported, g_hash_table_unref);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FinessPlusImport, finess_plus_import_clear)

/* Helpers: reading members of an element */

static const char *
keep_string (FinessPlusImport *self,
             char             *text)
{
  g_ptr_array_add (self->strings, text);

  return text;
}

/* The text of a value: a string without its padding, or a number written
 * out; NULL when null, empty, or an array or object. */
static const char *
node_text (FinessPlusImport *self,
           JsonNode         *node)
{
  GType type;
  char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    {
      const char *value = json_node_get_string (node);
      gsize length = strlen (value);

      /* Most values are not padded: no copy. */
      if (length > 0 && !g_ascii_isspace (value[0]) && !g_ascii_isspace (value[length - 1]))
        return value;

      text = g_strstrip (g_strdup (value));
    }
  else if (type == G_TYPE_INT64)
    {
      text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    }
  else if (type == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      text = g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    }
  else
    {
      return NULL;
    }

  if (*text == '\0')
    {
      g_free (text);
      return NULL;
    }

  return keep_string (self, text);
}

/* A member's text (see node_text); NULL when absent too. */
static const char *
get_text (FinessPlusImport *self,
          JsonObject       *object,
          const char       *member)
{
  return object != NULL ? node_text (self, json_object_get_member (object, member)) : NULL;
}

static gboolean
text_equals (FinessPlusImport *self,
             JsonObject       *object,
             const char       *member,
             const char       *expected)
{
  const char *text = get_text (self, object, member);

  return text != NULL && g_str_equal (text, expected);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
get_array_object (JsonArray *array,
                  guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A coordinate: the feed writes them as strings, sometimes with a decimal
 * comma; numbers are taken too. */
static gboolean
get_coordinate (FinessPlusImport *self,
                JsonObject       *object,
                const char       *member,
                double           *out)
{
  const char *text = get_text (self, object, member);
  char buffer[64];
  char *end = NULL;
  double value;

  if (text == NULL || strlen (text) >= sizeof buffer)
    return FALSE;

  g_strlcpy (buffer, text, sizeof buffer);
  g_strdelimit (buffer, ",", '.');
  value = g_ascii_strtod (buffer, &end);
  if (end == buffer || *end != '\0' || !isfinite (value))
    return FALSE;

  *out = value;

  return TRUE;
}

/* A long value, cut for a reject's sentence. */
/* Helpers: the meaning of values */

/* "01053" → "01", "2A004" → "2A", "97411" → "974": the department of an
 * INSEE commune, when it is one the application knows. */
static gboolean
department_from_commune (const char *text,
                         char        commune[6],
                         char        department[4])
{
  gsize length;

  if (text == NULL || strlen (text) != 5)
    return FALSE;

  for (guint i = 0; i < 5; i++)
    commune[i] = g_ascii_toupper (text[i]);
  commune[5] = '\0';

  if (!g_ascii_isdigit (commune[0]))
    return FALSE;
  if (!g_ascii_isdigit (commune[1]) &&
      !(commune[0] == '2' && (commune[1] == 'A' || commune[1] == 'B')))
    return FALSE;
  for (guint i = 2; i < 5; i++)
    if (!g_ascii_isdigit (commune[i]))
      return FALSE;

  length = commune[0] == '9' && (commune[1] == '7' || commune[1] == '8') ? 3 : 2;
  memcpy (department, commune, length);
  department[length] = '\0';

  return crrc_geo_lookup_department (department) != NULL;
}

static gboolean
looks_like_degrees (double lat,
                    double lon)
{
  /* 0, 0 is a placeholder: no French establishment lies there. */
  return fabs (lat) <= 90 && fabs (lon) <= 180 && !(lat == 0 && lon == 0);
}

static gboolean
looks_like_metres (double x,
                   double y)
{
  /* Every projection used for French territories has a false easting:
   * coordinates are positive, and well above the range of degrees. */
  return x >= 1000 && y >= 1000 && x < 20000000 && y < 20000000;
}

/* Each of the two pairs of the feed holds WGS 84 degrees or projected
 * metres, whatever its name says: the values tell which. Degrees are read
 * as latitude = directionLatitude or coordonneeY; metres are put the right
 * way round (easting < northing in all of them). */
static CrrcEstablishmentColumns
read_coordinates (FinessPlusImport     *self,
                  JsonObject           *address,
                  CrrcEstablishmentRow *row)
{
  JsonObject *coordinates = get_object (address, "coordonneesGeographique");
  CrrcEstablishmentColumns columns = 0;
  double dlat, dlon, cx, cy;
  gboolean have_direction, have_xy;

  if (coordinates == NULL)
    return 0;

  have_direction = get_coordinate (self, coordinates, "directionLatitude", &dlat) &&
                   get_coordinate (self, coordinates, "directionLongitude", &dlon);
  have_xy = get_coordinate (self, coordinates, "coordonneeX", &cx) &&
            get_coordinate (self, coordinates, "coordonneeY", &cy);

  if (have_direction && looks_like_degrees (dlat, dlon))
    {
      row->lat = dlat;
      row->lon = dlon;
      columns |= CRRC_ESTABLISHMENT_LATLON;
    }
  else if (have_xy && looks_like_degrees (cy, cx))
    {
      row->lat = cy;
      row->lon = cx;
      columns |= CRRC_ESTABLISHMENT_LATLON;
    }

  if (have_xy && looks_like_metres (cx, cy))
    {
      row->x = cx;
      row->y = cy;
      columns |= CRRC_ESTABLISHMENT_XY;
    }
  else if (have_direction && looks_like_metres (dlon, dlat))
    {
      row->x = dlon;
      row->y = dlat;
      columns |= CRRC_ESTABLISHMENT_XY;
    }

  if ((columns & CRRC_ESTABLISHMENT_XY) && row->x > row->y)
    {
      double swap = row->x;

      row->x = row->y;
      row->y = swap;
    }
  row->epsg = 0;

  return columns;
}

/* The address of use (`usageAdresse` 03) when there is one, else the first. */
static JsonObject *
pick_address (FinessPlusImport *self,
              JsonObject       *ege)
{
  JsonArray *addresses = get_array (ege, "adresse");
  JsonObject *first = NULL;
  guint n = addresses != NULL ? json_array_get_length (addresses) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *address = get_array_object (addresses, i);

      if (address == NULL)
        continue;
      if (text_equals (self, address, "usageAdresse", "03"))
        return address;
      if (first == NULL)
        first = address;
    }

  return first;
}

/* As the Etalab extract writes it: number, type, street, complement, place. */
static const char *
compose_address (FinessPlusImport *self,
                 JsonObject       *address)
{
  static const char * const parts[] = {
    "numeroVoie", "typeVoie", "libelleVoie", "complementVoie", "lieuDit",
  };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const char *part = get_text (self, address, parts[i]);

      if (part == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, part);
    }

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }

  return keep_string (self, g_string_free (text, FALSE));
}

/* "01440 VIRIAT", as the Etalab extract writes it: FiNESS+ keeps the postal
 * code apart from the town. */
static const char *
compose_postal_line (FinessPlusImport *self,
                     JsonObject       *address)
{
  const char *town = get_text (self, address, "ligneAcheminement");
  const char *postal_code = get_text (self, address, "codePostal");

  if (town == NULL || postal_code == NULL || g_str_has_prefix (town, postal_code))
    return town;

  return keep_string (self, g_strdup_printf ("%s %s", postal_code, town));
}

/* The telephone of the main contact (role 01), else the first one given. */
static const char *
pick_phone (FinessPlusImport *self,
            JsonObject       *ege)
{
  JsonArray *contacts = get_array (ege, "contact");
  const char *first = NULL;
  guint n = contacts != NULL ? json_array_get_length (contacts) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *contact = get_array_object (contacts, i);
      const char *phone = get_text (self, get_object (contact, "telecom"), "telephone");

      if (phone == NULL)
        continue;
      if (text_equals (self, get_object (contact, "typeContact"), "roleContact", "01"))
        return phone;
      if (first == NULL)
        first = phone;
    }

  return first;
}

/* `espic` uses the codes of the Etalab extract's codesph: 1 is a public
 * health establishment. The schema makes it an array of one code. */
static gboolean
is_public_health_establishment (FinessPlusImport *self,
                                JsonObject       *information)
{
  JsonNode *node = information != NULL ? json_object_get_member (information, "espic") : NULL;
  const char *code;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *codes = json_node_get_array (node);

      node = json_array_get_length (codes) > 0 ? json_array_get_element (codes, 0) : NULL;
    }
  code = node_text (self, node);

  return g_strcmp0 (code, "1") == 0;
}

/* 9 characters, [0-9][0-9AB][0-9]{7}: fits in 32 bits. */
static guint32
pack_finess (const char *finess)
{
  guint32 department = (guint32) (finess[0] - '0') * 12;
  guint32 rest = 0;

  if (finess[1] == 'A' || finess[1] == 'B')
    department += 10 + (guint32) (finess[1] - 'A');
  else
    department += (guint32) (finess[1] - '0');

  for (guint i = 2; i < CRRC_FINESS_LENGTH; i++)
    rest = rest * 10 + (guint32) (finess[i] - '0');

  return department * 10000000 + rest + 1;
}

static gboolean
tick (FinessPlusImport  *self,
      GError           **error)
{
  if (++self->since_progress < PROGRESS_INTERVAL)
    return TRUE;

  self->since_progress = 0;

  return _crrc_import_context_check_progress (self->ctx, error);
}

static void
set_broken (FinessPlusImport  *self,
            GError           **error,
            const char        *detail)
{
  g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN,
               /* Translators: the file name, then a sentence saying what is wrong. */
               _("The file “%s” is not a readable FiNESS+ file. %s Nothing was imported."),
               _crrc_import_context_get_file_name (self->ctx), detail);
}

static gboolean
step (FinessPlusImport  *self,
      sqlite3_stmt      *stmt,
      GError           **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      _crrc_import_set_store_error (self->ctx, error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return TRUE;
}

/* Groupements (gcc) */

static gboolean
import_gcc (FinessPlusImport  *self,
            gint64             index,
            JsonNode          *root,
            GError           **error)
{
  JsonObject *gcc;
  JsonArray *members;
  const char *code, *name;
  gboolean closed;
  gpointer written_closed;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *where = g_strdup_printf ("gcc[%" G_GINT64_FORMAT "]", index);
      g_autofree char *detail = g_strdup_printf (_("%s is not a JSON object."), where);

      set_broken (self, error, detail);
      return FALSE;
    }

  gcc = json_node_get_object (root);
  if (!text_equals (self, gcc, "typeGcc", GHT_TYPE))
    return TRUE;

  code = get_text (self, gcc, "gccIdentifiantExterne");
  if (code == NULL)
    {
      g_debug ("gcc[%" G_GINT64_FORMAT "]: a GHT without gccIdentifiantExterne, skipped", index);
      return TRUE;
    }
  name = get_text (self, gcc, "nomGcc");
  closed = text_equals (self, gcc, "etatObjet", "I");

  /* An inactive record never hides an active one of the same code. */
  if (!(closed && g_hash_table_lookup_extended (self->ght_written, code, NULL, &written_closed) &&
        !GPOINTER_TO_INT (written_closed)))
    {
      _crrc_import_bind_text (self->upsert_ght, 1, code);
      _crrc_import_bind_text (self->upsert_ght, 2, name != NULL ? name : code);
      sqlite3_bind_int (self->upsert_ght, 3, closed ? 1 : 0);
      _crrc_import_bind_text (self->upsert_ght, 4, _crrc_import_context_get_source (self->ctx));
      _crrc_import_bind_text (self->upsert_ght, 5, _crrc_import_context_get_extracted_on (self->ctx));
      if (!step (self, self->upsert_ght, error))
        return FALSE;
      g_hash_table_insert (self->ght_written, g_strdup (code), GINT_TO_POINTER (closed));
    }

  /* A legal entity that left a GHT is no longer in it. */
  if (closed)
    return TRUE;

  members = get_array (gcc, "pmejDuGcc");
  for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
    {
      JsonObject *member = get_array_object (members, i);
      const char *id = get_text (self, member, "pmSmsseId");
      const char *role = get_text (self, member, "typeRoleEntiteGroupe");
      Membership *membership;

      if (id == NULL || g_hash_table_contains (self->memberships, id))
        continue;

      membership = g_new0 (Membership, 1);
      membership->code = g_strdup (code);
      if (g_strcmp0 (role, "S") == 0)
        membership->role = "support";
      else if (g_strcmp0 (role, "M") == 0)
        membership->role = "member";
      g_hash_table_insert (self->memberships, g_strdup (id), membership);
    }

  return TRUE;
}

/* Establishments (pmej[].ege[]) */

static void
reject (FinessPlusImport *self,
        const char       *location,
        const char       *record,
        const char       *field,
        CrrcRejectReason  reason,
        const char       *detail)
{
  _crrc_import_context_reject (self->ctx, location, record, field, reason, "%s", detail);
}

/* An optional date: NULL when absent; FALSE (rejected) when not a date. */
static gboolean
read_date (FinessPlusImport  *self,
           const char        *location,
           const char        *record,
           JsonObject        *object,
           const char        *field,
           char               out[11],
           const char       **date)
{
  const char *text = get_text (self, object, field);

  *date = NULL;
  if (text == NULL)
    return TRUE;

  if (!_crrc_import_parse_date (text, out))
    {
      g_autofree char *detail = g_strdup_printf (_("“%s” is not a valid date (YYYY-MM-DD)."),
                                                 _crrc_import_context_shorten (self->ctx, text));

      reject (self, location, record, field, CRRC_REJECT_INVALID_DATE, detail);
      return FALSE;
    }

  *date = out;

  return TRUE;
}

static gboolean
import_establishment (FinessPlusImport  *self,
                      const char        *location,
                      JsonNode          *node,
                      const char        *legal_finess,
                      const Membership  *membership,
                      const char        *legal_entity_updated_on,
                      GError           **error)
{
  CrrcEstablishmentRow row = { 0 };
  CrrcEstablishmentColumns columns = CRRC_ESTABLISHMENT_IDENTITY;
  CrrcImportOutcome outcome;
  JsonObject *ege, *information, *address;
  const char *finess_text, *commune_text;
  char finess[CRRC_FINESS_LENGTH + 1];
  char commune[6], department[4];
  char opened_on[11], closed_on[11], updated_at[11];
  gboolean known = FALSE;
  guint32 packed;

  _crrc_import_context_count_read (self->ctx);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reject (self, location, NULL, NULL, CRRC_REJECT_INVALID_VALUE,
              _("The establishment is not a JSON object."));
      return TRUE;
    }
  ege = json_node_get_object (node);
  information = get_object (ege, "informationsGeneralesEGE");

  finess_text = get_text (self, information, "numFinessEge");
  if (finess_text == NULL)
    {
      reject (self, location, NULL, "numFinessEge", CRRC_REJECT_MISSING_FIELD,
              _("The FINESS number is empty."));
      return TRUE;
    }

  row.finess_status = crrc_finess_parse (finess_text, finess);
  switch (row.finess_status)
    {
    case CRRC_FINESS_VALID:
    case CRRC_FINESS_KEY_NOT_CHECKED:
      break;
    case CRRC_FINESS_INVALID:
      {
        g_autofree char *detail =
          g_strdup_printf (_("“%s” is not a FINESS number: nine characters are expected, digits except "
                             "for 2A or 2B in Corsica."),
                           _crrc_import_context_shorten (self->ctx, finess_text));

        reject (self, location, _crrc_import_context_shorten (self->ctx, finess_text), "numFinessEge",
                CRRC_REJECT_INVALID_FINESS, detail);
        return TRUE;
      }
    case CRRC_FINESS_BAD_KEY:
      {
        g_autofree char *detail =
          g_strdup_printf (_("The check key (last digit) of the FINESS number %s is wrong."), finess);

        reject (self, location, finess, "numFinessEge", CRRC_REJECT_BAD_FINESS_KEY, detail);
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
  row.finess = finess;

  packed = pack_finess (finess);
  if (g_hash_table_contains (self->imported, GUINT_TO_POINTER (packed)))
    {
      g_autofree char *detail =
        g_strdup_printf (_("The establishment %s already appears earlier in the file."), finess);

      reject (self, location, finess, "numFinessEge", CRRC_REJECT_DUPLICATE, detail);
      return TRUE;
    }

  row.name = get_text (self, information, "nomEgeCourt");
  if (row.name == NULL)
    {
      reject (self, location, finess, "nomEgeCourt", CRRC_REJECT_MISSING_FIELD,
              _("The short name of the establishment (nomEgeCourt) is empty."));
      return TRUE;
    }
  row.long_name = get_text (self, information, "nomEgeLong");
  row.legal_finess = legal_finess;

  if (!read_date (self, location, finess, information, "dateOuverture", opened_on, &row.opened_on) ||
      !read_date (self, location, finess, information, "dateFermeture", closed_on, &row.closed_on) ||
      !read_date (self, location, finess, ege, "dateDerniereMaj", updated_at, &row.updated_at))
    return TRUE;

  /* An inactive establishment without a closing date closed at the latest
   * by its last update (else its legal entity's, else the extraction). */
  if (row.closed_on == NULL && text_equals (self, ege, "etatObjet", "I"))
    {
      if (row.updated_at != NULL)
        row.closed_on = row.updated_at;
      else if (legal_entity_updated_on != NULL)
        row.closed_on = legal_entity_updated_on;
      else
        row.closed_on = _crrc_import_context_get_extracted_on (self->ctx);
    }

  address = pick_address (self, ege);
  commune_text = get_text (self, address, "cogCommune");
  if (commune_text == NULL)
    {
      reject (self, location, finess, "cogCommune", CRRC_REJECT_UNKNOWN_DEPARTMENT,
              _("The establishment has no INSEE commune (cogCommune): its department is unknown."));
      return TRUE;
    }
  if (!department_from_commune (commune_text, commune, department))
    {
      g_autofree char *detail =
        g_strdup_printf (_("“%s” is not the INSEE code of a commune in a known department."),
                         _crrc_import_context_shorten (self->ctx, commune_text));

      reject (self, location, finess, "cogCommune", CRRC_REJECT_UNKNOWN_DEPARTMENT, detail);
      return TRUE;
    }
  row.commune = commune;
  row.department = department;
  row.region = crrc_geo_region_for_department (department);

  row.category = get_text (self, ege, "categorieentiteGeographiqueExercice");
  if (row.category != NULL)
    {
      row.sector = crrc_sector_from_category (row.category, &known);
      if (!known)
        _crrc_import_context_unknown_category (self->ctx, row.category);
    }
  else
    {
      row.sector = CRRC_SECTOR_OTHER;
    }

  row.address = compose_address (self, address);
  row.postal_line = compose_postal_line (self, address);
  row.phone = pick_phone (self, ege);
  row.siret = get_text (self, information, "siret");
  row.is_public = is_public_health_establishment (self, information);

  columns |= read_coordinates (self, address, &row);

  if (self->have_gcc)
    {
      columns |= CRRC_ESTABLISHMENT_GHT;
      row.ght = membership != NULL ? membership->code : NULL;
      row.ght_role = membership != NULL ? membership->role : NULL;
    }

  if (!_crrc_import_upsert_establishment (self->ctx, &row, columns, &outcome, error))
    return FALSE;

  _crrc_import_context_count (self->ctx, outcome);
  g_hash_table_add (self->imported, GUINT_TO_POINTER (packed));

  return TRUE;
}

/* Legal entities (pmej) */

static gboolean
import_pmej (FinessPlusImport  *self,
             gint64             index,
             JsonNode          *root,
             GError           **error)
{
  JsonObject *pmej, *information;
  JsonNode *eges;
  const char *legal_text, *legal_finess = NULL, *id;
  const char *updated_on = NULL;
  const Membership *membership = NULL;
  char parsed[CRRC_FINESS_LENGTH + 1];
  char updated[11];
  CrrcFinessStatus status;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *where = g_strdup_printf ("pmej[%" G_GINT64_FORMAT "]", index);
      g_autofree char *detail = g_strdup_printf (_("%s is not a JSON object."), where);

      set_broken (self, error, detail);
      return FALSE;
    }

  pmej = json_node_get_object (root);
  information = get_object (pmej, "informationsGeneralesPMEJ");

  /* A legal entity whose number is not a valid FINESS is not written; its
   * establishments are, without a legal entity. */
  legal_text = get_text (self, information, "numFinessPm");
  status = legal_text != NULL ? crrc_finess_parse (legal_text, parsed) : CRRC_FINESS_INVALID;
  if (status == CRRC_FINESS_VALID || status == CRRC_FINESS_KEY_NOT_CHECKED)
    {
      legal_finess = parsed;

      _crrc_import_bind_text (self->upsert_legal_entity, 1, legal_finess);
      _crrc_import_bind_text (self->upsert_legal_entity, 2, get_text (self, information, "denominationPm"));
      _crrc_import_bind_text (self->upsert_legal_entity, 3, get_text (self, information, "denominationLonguePmSmsse"));
      _crrc_import_bind_text (self->upsert_legal_entity, 4, get_text (self, information, "statutJuridique"));
      sqlite3_bind_int (self->upsert_legal_entity, 5, text_equals (self, pmej, "etatObjet", "I") ? 1 : 0);
      _crrc_import_bind_text (self->upsert_legal_entity, 6, _crrc_import_context_get_source (self->ctx));
      _crrc_import_bind_text (self->upsert_legal_entity, 7, _crrc_import_context_get_extracted_on (self->ctx));
      if (!step (self, self->upsert_legal_entity, error))
        return FALSE;
    }
  else if (legal_text != NULL)
    {
      g_debug ("pmej[%" G_GINT64_FORMAT "]: “%s” is not a FINESS number, legal entity skipped",
               index, legal_text);
    }

  id = get_text (self, information, "pmSmsseId");
  if (id != NULL)
    membership = g_hash_table_lookup (self->memberships, id);

  if (_crrc_import_parse_date (get_text (self, pmej, "dateDerniereMaj"), updated))
    updated_on = updated;

  eges = json_object_get_member (pmej, "ege");
  if (eges == NULL || JSON_NODE_HOLDS_NULL (eges))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (eges))
    {
      g_autofree char *where = g_strdup_printf ("pmej[%" G_GINT64_FORMAT "].ege", index);
      g_autofree char *detail = g_strdup_printf (_("%s is neither an array nor null."), where);

      set_broken (self, error, detail);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (eges)); i++)
    {
      g_autofree char *location = g_strdup_printf ("pmej[%" G_GINT64_FORMAT "].ege[%u]", index, i);

      if (!import_establishment (self, location, json_array_get_element (json_node_get_array (eges), i),
                                 legal_finess, membership, updated_on, error) ||
          !tick (self, error))
        return FALSE;
    }

  return TRUE;
}

/* The splitter's callbacks */

static CrrcJsonSplitterAction
member_cb (const char *key,
           gpointer    user_data)
{
  FinessPlusImport *self = user_data;

  if (g_str_equal (key, "generatedAt"))
    return CRRC_JSON_SPLITTER_VALUE;

  if (g_str_equal (key, "gcc"))
    {
      /* After the legal entities, memberships come too late to be used. */
      if (!self->have_pmej)
        self->have_gcc = TRUE;
      else
        g_debug ("gcc after pmej: GHT memberships not applied");
      return CRRC_JSON_SPLITTER_ELEMENTS;
    }

  if (g_str_equal (key, "pmej"))
    {
      self->have_pmej = TRUE;
      return CRRC_JSON_SPLITTER_ELEMENTS;
    }

  /* schemaVersion, gco, and whatever a later version adds. */
  return CRRC_JSON_SPLITTER_SKIP;
}

static gboolean
value_cb (const char  *key,
          gint64       index,
          const char  *json,
          gsize        length,
          gpointer     user_data,
          GError     **error)
{
  FinessPlusImport *self = user_data;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gboolean ok = TRUE;

  if (!json_parser_load_from_data (self->parser, json, (gssize) length, &local_error))
    {
      g_autofree char *where = index >= 0 ? g_strdup_printf ("%s[%" G_GINT64_FORMAT "]", key, index)
                                          : g_strdup (key);
      g_autofree char *detail = g_strdup_printf (_("%s is not valid JSON: %s."), where, local_error->message);

      set_broken (self, error, detail);
      return FALSE;
    }
  root = json_parser_get_root (self->parser);

  if (g_str_equal (key, "generatedAt"))
    {
      char date[11];

      if (JSON_NODE_HOLDS_VALUE (root) && json_node_get_value_type (root) == G_TYPE_STRING &&
          _crrc_import_parse_date (json_node_get_string (root), date))
        _crrc_import_context_set_extracted_on (self->ctx, date);
      else
        g_debug ("generatedAt is not a timestamp: extraction date unknown");
    }
  else if (index < 0)
    {
      /* `gcc` or `pmej` is not an array. */
      if (JSON_NODE_HOLDS_NULL (root))
        {
          if (g_str_equal (key, "gcc"))
            self->have_gcc = FALSE;
        }
      else
        {
          g_autofree char *detail = g_strdup_printf (_("“%s” is neither an array nor null."), key);

          set_broken (self, error, detail);
          ok = FALSE;
        }
    }
  else if (g_str_equal (key, "gcc"))
    {
      ok = import_gcc (self, index, root, error) && tick (self, error);
    }
  else
    {
      ok = import_pmej (self, index, root, error) && tick (self, error);
    }

  g_ptr_array_set_size (self->strings, 0);

  return ok;
}

gboolean
_crrc_import_finess_plus_json (CrrcImportContext  *ctx,
                               GInputStream       *input,
                               GError            **error)
{
  g_auto(FinessPlusImport) self = { 0 };
  g_autoptr(CrrcJsonSplitter) splitter = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3 *db = _crrc_import_context_get_db (ctx);

  self.ctx = ctx;
  self.parser = json_parser_new_immutable ();
  self.memberships = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, membership_free);
  self.ght_written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.imported = g_hash_table_new (NULL, NULL);
  self.strings = g_ptr_array_new_with_free_func (g_free);

  if (sqlite3_prepare_v2 (db, upsert_legal_entity_sql, -1, &self.upsert_legal_entity, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, upsert_ght_sql, -1, &self.upsert_ght, NULL) != SQLITE_OK)
    {
      _crrc_import_set_store_error (ctx, error);
      return FALSE;
    }

  splitter = crrc_json_splitter_new (MAX_ELEMENT_DEPTH, MAX_ELEMENT_SIZE, member_cb, value_cb, &self);

  if (!crrc_json_splitter_read_stream (splitter, input, NULL, &local_error))
    {
      if (local_error->domain == CRRC_JSON_SPLITTER_ERROR)
        set_broken (&self, error, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!self.have_pmej)
    {
      set_broken (&self, error, _("It has no “pmej” array of legal entities."));
      return FALSE;
    }

  return TRUE;
}
