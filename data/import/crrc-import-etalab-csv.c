/* crrc-import-etalab-csv.c: the FINESS extract in Etalab CSV
 *
 * The format and its quirks are described in data/import/FORMATS.md
 * ("Etalab CSV"). The file is read as a stream of records: a buffered
 * reader cuts physical lines (LF or CRLF), a record is one line unless a
 * quoted value spans several, and fields are split in place in the
 * reader's buffer, so that a record costs no allocation in the common case.
 *
 * The encoding is decided at the first record holding a non-ASCII byte:
 * UTF-8 when that record is valid UTF-8, Windows-1252 otherwise; a later
 * record that is not valid in that encoding is rejected, never imported
 * with wrong characters.
 *
 * `structureet` records write the identity of an establishment; the
 * `geolocalisation` records that follow set its projected coordinates.
 * Each establishment is counted once, at the end, from both steps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-import-etalab"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "crrc-geo.h"
#include "crrc-import-private.h"

#define READ_SIZE           (64 * 1024)
/* Longer than any real line by far; a file without line breaks is not an
 * extract. */
#define MAX_LINE_SIZE       (16 * 1024 * 1024)
/* A quoted value spanning lines is given up past this size. */
#define MAX_RECORD_SIZE     (64 * 1024)
#define PROGRESS_LINES      256
#define MAX_FIELDS          40
#define N_STRUCTURE_FIELDS  32
#define N_GEOLOCATION_FIELDS 6
#define MAX_RECORD_TEXT     32
/* SQLite's default page cache (2 MiB) is much smaller than the indexes a
 * national extract fills: pages would be spilled to the WAL and read back
 * for every few rows. 32 MiB keeps them in memory (about 40 % faster for
 * 100,000 establishments); it is given back when the import ends. */
#define IMPORT_CACHE_KIB    32768

/* The fields of a `structureet` record, in file order. */
enum
{
  F_TYPE,
  F_NOFINESSET,
  F_NOFINESSEJ,
  F_RS,
  F_RSLONGUE,
  F_COMPLRS,
  F_COMPLDISTRIB,
  F_NUMVOIE,
  F_TYPVOIE,
  F_VOIE,
  F_COMPVOIE,
  F_LIEUDITBP,
  F_COMMUNE,
  F_DEPARTEMENT,
  F_LIBDEPARTEMENT,
  F_LIGNEACHEMINEMENT,
  F_TELEPHONE,
  F_TELECOPIE,
  F_CATEGETAB,
  F_LIBCATEGETAB,
  F_CATEGAGRETAB,
  F_LIBCATEGAGRETAB,
  F_SIRET,
  F_CODEAPE,
  F_CODEMFT,
  F_LIBMFT,
  F_CODESPH,
  F_LIBSPH,
  F_DATEOUV,
  F_DATEAUTOR,
  F_DATEMAJ,
  F_NUMUAI,
};

/* The fields of a `geolocalisation` record. */
enum
{
  GEO_TYPE,
  GEO_NOFINESSET,
  GEO_X,
  GEO_Y,
  GEO_SOURCE,
  GEO_DATE,
};

typedef enum
{
  ENCODING_UNDECIDED,
  ENCODING_UTF8,
  ENCODING_WINDOWS_1252,
} Encoding;

/* Where the quote scanner stands at the end of a line. */
typedef enum
{
  SCAN_FIELD_START,
  SCAN_EQUALS,
  SCAN_UNQUOTED,
  SCAN_QUOTED,
  SCAN_QUOTE_IN_QUOTED,
} ScanState;

/* What the outcome table keeps per establishment: its outcome so far, and
 * whether a geolocalisation record was already applied. */
#define OUTCOME_MASK      0x3u
#define OUTCOME_LOCATED   0x4u

typedef struct
{
  CrrcImportContext *ctx;
  GInputStream      *input;

  /* The reader: bytes [start, end) of buffer are read but not consumed;
   * there is always room for a NUL after them. */
  char              *buffer;
  gsize              buffer_size;
  gsize              start;
  gsize              end;
  gsize              scanned;
  gboolean           eof;
  guint              line_number;
  guint              lines_since_progress;

  /* A line read ahead while looking for the end of a quoted value. */
  char              *pending_line;
  gsize              pending_length;

  /* The current record: in the reader's buffer, or in `joined` when it
   * spans lines, or in `converted` once decoded from Windows-1252. */
  GString           *joined;
  char              *converted;
  gsize              converted_size;
  guint              record_line;
  char               location[32];
  char              *fields[MAX_FIELDS];
  guint              n_fields;

  Encoding           encoding;
  GIConv             windows_1252;

  /* FINESS (as an integer) → outcome and flags, see finess_key(). */
  GHashTable        *outcomes;
  /* Categories already looked up in the sector table. */
  GHashTable        *categories;
  GString           *address;
  sqlite3_stmt      *update_xy;

  /* The connection's `PRAGMA cache_size` before the import, if changed. */
  gint64             saved_cache_size;
  gboolean           cache_size_changed;
} EtalabImport;

static const struct {
  const char *name;
  int         epsg;
} projections[] = {
  { "LAMBERT_93", 2154 },
  { "UTM_N20", 32620 },
  { "UTM_N21", 32621 },
  { "UTM_N22", 32622 },
  { "UTM_S38", 32738 },
  { "UTM_S40", 32740 },
};

static void
etalab_import_clear (EtalabImport *self)
{
  g_clear_pointer (&self->buffer, g_free);
  g_clear_pointer (&self->converted, g_free);
  if (self->joined != NULL)
    g_string_free (g_steal_pointer (&self->joined), TRUE);
  if (self->address != NULL)
    g_string_free (g_steal_pointer (&self->address), TRUE);
  if (self->windows_1252 != (GIConv) -1)
    {
      g_iconv_close (self->windows_1252);
      self->windows_1252 = (GIConv) -1;
    }
  g_clear_pointer (&self->outcomes, g_hash_table_unref);
  g_clear_pointer (&self->categories, g_hash_table_unref);
  g_clear_pointer (&self->update_xy, sqlite3_finalize);

  if (self->cache_size_changed)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT,
                                              self->saved_cache_size);

      sqlite3_exec (_crrc_import_context_get_db (self->ctx), sql, NULL, NULL, NULL);
      self->cache_size_changed = FALSE;
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EtalabImport, etalab_import_clear)

/* Helpers */

/* A FINESS number as a small integer, for the outcome table: nine digits
 * where the second may be A or B (base 12), at most 1.2 × 10⁹. Zero is
 * never a key. */
static gpointer
finess_key (const char *finess)
{
  guint value = (guint) (finess[0] - '0');

  value = value * 12 + (finess[1] == 'A' ? 10 : finess[1] == 'B' ? 11 : (guint) (finess[1] - '0'));
  for (guint i = 2; i < CRRC_FINESS_LENGTH; i++)
    value = value * 10 + (guint) (finess[i] - '0');

  return GUINT_TO_POINTER (value + 1);
}

/* A value of the file, shortened for a sentence. */
/* Rejects the current record. @record is the FINESS text when known. */
static void reject (EtalabImport     *self,
                    const char       *record,
                    const char       *field,
                    CrrcRejectReason  reason,
                    const char       *format,
                    ...) G_GNUC_PRINTF (5, 6);

static void
reject (EtalabImport     *self,
        const char       *record,
        const char       *field,
        CrrcRejectReason  reason,
        const char       *format,
        ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  /* The record names the row: a long value there is not a FINESS text. */
  if (record != NULL && (*record == '\0' || strlen (record) > MAX_RECORD_TEXT))
    record = NULL;

  _crrc_import_context_reject (self->ctx, self->location, record, field, reason, "%s", detail);
}

/* The reader */

/* Returns the next physical line, without its line break and NUL-terminated
 * in place; it stays valid until the next call. *line is NULL at the end. */
static gboolean
read_line (EtalabImport  *self,
           char         **line,
           gsize         *length,
           GError       **error)
{
  for (;;)
    {
      char *newline = memchr (self->buffer + self->scanned, '\n', self->end - self->scanned);
      gsize line_end;
      gssize n;

      if (newline != NULL || (self->eof && self->start < self->end))
        {
          char *begin = self->buffer + self->start;

          line_end = newline != NULL ? (gsize) (newline - self->buffer) : self->end;
          self->start = self->scanned = newline != NULL ? line_end + 1 : self->end;
          if (line_end > (gsize) (begin - self->buffer) && self->buffer[line_end - 1] == '\r')
            line_end--;
          self->buffer[line_end] = '\0';

          *line = begin;
          *length = line_end - (gsize) (begin - self->buffer);
          self->line_number++;
          self->lines_since_progress++;
          return TRUE;
        }

      if (self->eof)
        {
          *line = NULL;
          *length = 0;
          return TRUE;
        }

      /* Make room: keep the unconsumed bytes at the start of the buffer,
       * then grow it if a single line fills it. */
      if (self->start > 0)
        {
          memmove (self->buffer, self->buffer + self->start, self->end - self->start);
          self->end -= self->start;
          self->start = 0;
        }
      self->scanned = self->end;

      if (self->buffer_size - 1 - self->end < READ_SIZE / 2)
        {
          if (self->buffer_size > MAX_LINE_SIZE)
            {
              g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN,
                           _("The file “%s” is not a FINESS extract: line %u is longer "
                             "than %u MiB."),
                           _crrc_import_context_get_file_name (self->ctx),
                           self->line_number + 1, MAX_LINE_SIZE / (1024 * 1024));
              return FALSE;
            }
          self->buffer_size *= 2;
          self->buffer = g_realloc (self->buffer, self->buffer_size);
        }

      n = g_input_stream_read (self->input, self->buffer + self->end,
                               self->buffer_size - 1 - self->end, NULL, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        self->eof = TRUE;
      self->end += (gsize) n;
    }
}

/* Follows RFC 4180 quoting (and Excel's ="…") over @length bytes. */
static ScanState
scan_quotes (const char *text,
             gsize       length,
             ScanState   state)
{
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      switch (state)
        {
        case SCAN_FIELD_START:
          if (c == '"')
            state = SCAN_QUOTED;
          else if (c == '=')
            state = SCAN_EQUALS;
          else if (c != ';')
            state = SCAN_UNQUOTED;
          break;
        case SCAN_EQUALS:
          state = c == '"' ? SCAN_QUOTED : c == ';' ? SCAN_FIELD_START : SCAN_UNQUOTED;
          break;
        case SCAN_UNQUOTED:
          if (c == ';')
            state = SCAN_FIELD_START;
          break;
        case SCAN_QUOTED:
          if (c == '"')
            state = SCAN_QUOTE_IN_QUOTED;
          break;
        case SCAN_QUOTE_IN_QUOTED:
          state = c == '"' ? SCAN_QUOTED : c == ';' ? SCAN_FIELD_START : SCAN_UNQUOTED;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return state;
}

static gboolean
starts_a_record (const char *line)
{
  return g_str_has_prefix (line, "structureet;") || g_str_has_prefix (line, "geolocalisation;");
}

/* Returns the next record, NUL-terminated and writable, or NULL at the end
 * of the file. *unterminated says that a quoted value was still open at the
 * end of the file, or when a line that starts a record came first. Blank
 * lines between records are skipped. */
static gboolean
read_record (EtalabImport  *self,
             char         **record,
             gsize         *length,
             gboolean      *unterminated,
             GError       **error)
{
  char *line;
  gsize line_length;
  ScanState state;

  *unterminated = FALSE;

  do
    {
      if (self->pending_line != NULL)
        {
          line = g_steal_pointer (&self->pending_line);
          line_length = self->pending_length;
        }
      else if (!read_line (self, &line, &line_length, error))
        return FALSE;

      if (line == NULL)
        {
          *record = NULL;
          *length = 0;
          return TRUE;
        }
    }
  while (line_length == 0);

  self->record_line = self->line_number;
  g_snprintf (self->location, sizeof self->location, "line %u", self->record_line);

  if (memchr (line, '"', line_length) == NULL ||
      scan_quotes (line, line_length, SCAN_FIELD_START) != SCAN_QUOTED)
    {
      *record = line;
      *length = line_length;
      return TRUE;
    }

  /* A quoted value goes on to the next line: the line break is part of it. */
  g_string_truncate (self->joined, 0);
  g_string_append_len (self->joined, line, (gssize) line_length);
  state = SCAN_QUOTED;

  while (state == SCAN_QUOTED)
    {
      if (!read_line (self, &line, &line_length, error))
        return FALSE;

      if (line == NULL)
        {
          *unterminated = TRUE;
          break;
        }
      if (starts_a_record (line) || self->joined->len + line_length > MAX_RECORD_SIZE)
        {
          self->pending_line = line;
          self->pending_length = line_length;
          *unterminated = TRUE;
          break;
        }

      g_string_append_c (self->joined, '\n');
      g_string_append_len (self->joined, line, (gssize) line_length);
      state = scan_quotes (line, line_length, SCAN_QUOTED);
    }

  *record = self->joined->str;
  *length = self->joined->len;

  return TRUE;
}

/* Splits @record in place into self->fields: quotes removed, doubled
 * quotes undone, a leading `=` before a quote dropped, spaces around
 * values trimmed. */
static void
split_fields (EtalabImport *self,
              char         *record)
{
  char *p = record;
  char *w = record;
  guint n = 0;

  for (;;)
    {
      char *field = w;
      char *end;
      gboolean last;

      if (p[0] == '=' && p[1] == '"')
        p++;

      if (*p == '"')
        {
          p++;
          while (*p != '\0')
            {
              if (*p == '"')
                {
                  if (p[1] != '"')
                    {
                      p++;
                      break;
                    }
                  p++;
                }
              *w++ = *p++;
            }
        }

      /* An unquoted value, or text after a closing quote, kept as is. */
      if (w == p)
        {
          char *separator = strchr (p, ';');

          w = p = separator != NULL ? separator : p + strlen (p);
        }
      else
        {
          while (*p != '\0' && *p != ';')
            *w++ = *p++;
        }

      last = *p == '\0';
      end = w;
      while (end > field && end[-1] == ' ')
        end--;
      *end = '\0';
      while (*field == ' ')
        field++;

      if (n < MAX_FIELDS)
        self->fields[n] = field;
      n++;

      if (last)
        break;
      /* Past the separator; while no quote was removed, reading and
       * writing positions stay equal and plain values are not copied. */
      p++;
      w++;
    }

  self->n_fields = n;
}

/* Decides the encoding, checks or converts *record. On return, *record is
 * the text to split, or NULL when the record was rejected (which is done
 * here). Fails only when the system cannot convert from Windows-1252. */
static gboolean
decode_record (EtalabImport  *self,
               char         **inout_record,
               gsize          length,
               GError       **error)
{
  char *record = *inout_record;
  const guchar *bytes = (const guchar *) record;
  gboolean ascii = TRUE;
  const char *detail = NULL;
  gchar *in;
  gchar *out;
  gsize in_left;
  gsize out_left;

  if (memchr (record, '\0', length) != NULL)
    {
      detail = _("The line contains a NUL byte: this part of the file is not text.");
      goto rejected;
    }

  for (gsize i = 0; i < length; i++)
    {
      if (bytes[i] >= 0x80)
        {
          ascii = FALSE;
          break;
        }
    }
  if (ascii)
    return TRUE;

  if (self->encoding == ENCODING_UNDECIDED)
    {
      self->encoding = g_utf8_validate_len (record, length, NULL)
                       ? ENCODING_UTF8 : ENCODING_WINDOWS_1252;
      g_debug ("%s: %s", _crrc_import_context_get_file_name (self->ctx),
               self->encoding == ENCODING_UTF8 ? "UTF-8" : "Windows-1252");
    }

  if (self->encoding == ENCODING_UTF8)
    {
      if (g_utf8_validate_len (record, length, NULL))
        return TRUE;
      detail = _("The line is not valid UTF-8, the encoding of the rest of the file.");
      goto rejected;
    }

  /* Windows-1252 takes at most three bytes per character in UTF-8. */
  if (self->converted_size < 3 * length + 1)
    {
      self->converted_size = 3 * length + 1;
      self->converted = g_realloc (self->converted, self->converted_size);
    }

  if (self->windows_1252 == (GIConv) -1)
    {
      self->windows_1252 = g_iconv_open ("UTF-8", "WINDOWS-1252");
      if (self->windows_1252 == (GIConv) -1)
        {
          g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_READ,
                       _("The file “%s” is in the Windows-1252 encoding, which this system "
                         "cannot convert. Nothing was imported."),
                       _crrc_import_context_get_file_name (self->ctx));
          return FALSE;
        }
    }

  in = record;
  in_left = length;
  out = self->converted;
  out_left = self->converted_size - 1;
  g_iconv (self->windows_1252, NULL, NULL, NULL, NULL);
  if (g_iconv (self->windows_1252, &in, &in_left, &out, &out_left) == (gsize) -1)
    {
      detail = _("The line contains bytes that are not Windows-1252, "
                 "the encoding of the rest of the file.");
      goto rejected;
    }
  *out = '\0';
  *inout_record = self->converted;

  return TRUE;

rejected:
  {
    const char *record_text = NULL;

    /* The FINESS number is ASCII when it is one at all. */
    split_fields (self, record);
    if (self->n_fields > F_NOFINESSET && g_str_is_ascii (self->fields[F_NOFINESSET]))
      record_text = self->fields[F_NOFINESSET];

    reject (self, record_text, NULL, CRRC_REJECT_ENCODING, "%s", detail);
    *inout_record = NULL;
    return TRUE;
  }
}

/* Field values: NULL when empty. */
static inline const char *
field_value (EtalabImport *self,
             guint         index)
{
  const char *value = self->fields[index];

  return *value != '\0' ? value : NULL;
}

static gboolean
check_field_count (EtalabImport *self,
                   guint         expected)
{
  if (self->n_fields == expected)
    return TRUE;

  if (self->n_fields < expected)
    reject (self, self->n_fields > 1 ? self->fields[1] : NULL, NULL, CRRC_REJECT_FIELD_COUNT,
            ngettext ("The line has %u field instead of %u: it may be truncated.",
                      "The line has %u fields instead of %u: it may be truncated.",
                      self->n_fields),
            self->n_fields, expected);
  else
    reject (self, self->fields[1], NULL, CRRC_REJECT_FIELD_COUNT,
            _("The line has %u fields instead of %u."), self->n_fields, expected);

  return FALSE;
}

/* Parses a FINESS number of the current record, rejecting it when it is
 * not one. */
static gboolean
parse_finess (EtalabImport     *self,
              const char       *record,
              const char       *field,
              const char       *text,
              char              out[CRRC_FINESS_LENGTH + 1],
              CrrcFinessStatus *out_status)
{
  CrrcFinessStatus status = crrc_finess_parse (text, out);

  switch (status)
    {
    case CRRC_FINESS_VALID:
    case CRRC_FINESS_KEY_NOT_CHECKED:
      *out_status = status;
      return TRUE;
    case CRRC_FINESS_INVALID:
      if (*text == '\0')
        reject (self, record, field, CRRC_REJECT_MISSING_FIELD, _("The FINESS number is empty."));
      else
        reject (self, record, field, CRRC_REJECT_INVALID_FINESS,
                _("“%s” is not a FINESS number: nine characters are expected, digits except "
                  "for 2A or 2B in Corsica."),
                _crrc_import_context_shorten (self->ctx, text));
      return FALSE;
    case CRRC_FINESS_BAD_KEY:
      reject (self, record, field, CRRC_REJECT_BAD_FINESS_KEY,
              _("The check key (last digit) of the FINESS number %s is wrong."), out);
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

/* Parses an optional date; NULL when empty. */
static gboolean
parse_optional_date (EtalabImport  *self,
                     const char    *record,
                     const char    *field,
                     const char    *text,
                     char           out[11],
                     const char   **out_date)
{
  *out_date = NULL;

  if (*text == '\0')
    return TRUE;

  if (!_crrc_import_parse_date (text, out))
    {
      reject (self, record, field, CRRC_REJECT_INVALID_DATE,
              _("“%s” is not a valid date (YYYY-MM-DD)."), _crrc_import_context_shorten (self->ctx, text));
      return FALSE;
    }

  *out_date = out;

  return TRUE;
}

static CrrcSector
sector_for (EtalabImport *self,
            const char   *category,
            const char   *aggregate)
{
  gpointer cached;
  gboolean known = TRUE;
  CrrcSector sector = CRRC_SECTOR_OTHER;

  /* The table is looked up once per category and file, and a category it
   * does not know is reported, whatever the aggregate says. */
  if (category != NULL)
    {
      if (g_hash_table_lookup_extended (self->categories, category, NULL, &cached))
        {
          sector = (CrrcSector) GPOINTER_TO_INT (cached);
        }
      else
        {
          sector = crrc_sector_from_category (category, &known);
          g_hash_table_insert (self->categories, g_strdup (category), GINT_TO_POINTER (sector));
          if (!known)
            _crrc_import_context_unknown_category (self->ctx, category);
        }
    }

  if (aggregate != NULL)
    return crrc_sector_from_aggregate_category (aggregate);

  return sector;
}

static void
append_address_part (GString    *address,
                     const char *part)
{
  if (*part == '\0')
    return;
  if (address->len > 0)
    g_string_append_c (address, ' ');
  g_string_append (address, part);
}

/* Records */

static gboolean
import_structure (EtalabImport  *self,
                  GError       **error)
{
  CrrcEstablishmentRow row = { 0 };
  CrrcImportOutcome outcome;
  char finess[CRRC_FINESS_LENGTH + 1];
  char legal_finess[CRRC_FINESS_LENGTH + 1];
  char opened_on[11];
  char updated_at[11];
  g_autofree char *commune = NULL;
  const char *record;
  const char *department_code;
  gpointer key;

  _crrc_import_context_count_read (self->ctx);

  if (!check_field_count (self, N_STRUCTURE_FIELDS))
    return TRUE;

  record = self->fields[F_NOFINESSET];
  if (!parse_finess (self, record, "nofinesset", record, finess, &row.finess_status))
    return TRUE;
  row.finess = finess;

  key = finess_key (finess);
  if (g_hash_table_contains (self->outcomes, key))
    {
      reject (self, record, "nofinesset", CRRC_REJECT_DUPLICATE,
              _("The establishment %s already appears on an earlier line."), finess);
      return TRUE;
    }

  /* The legal entity is optional, but a number that is there must be
   * right: a wrong one would link the establishment to another entity. */
  if (*self->fields[F_NOFINESSEJ] != '\0')
    {
      CrrcFinessStatus status;

      if (!parse_finess (self, record, "nofinessej", self->fields[F_NOFINESSEJ],
                         legal_finess, &status))
        return TRUE;
      row.legal_finess = legal_finess;
    }

  row.name = field_value (self, F_RS);
  if (row.name == NULL)
    {
      reject (self, record, "rs", CRRC_REJECT_MISSING_FIELD,
              _("The name of the establishment (rs) is empty."));
      return TRUE;
    }

  department_code = self->fields[F_DEPARTEMENT];
  if (*department_code == '\0')
    {
      reject (self, record, "departement", CRRC_REJECT_MISSING_FIELD,
              _("The department is empty."));
      return TRUE;
    }
  row.department = crrc_department_from_finess_code (department_code);
  if (row.department == NULL)
    {
      reject (self, record, "departement", CRRC_REJECT_UNKNOWN_DEPARTMENT,
              _("“%s” is not a department code."), _crrc_import_context_shorten (self->ctx, department_code));
      return TRUE;
    }
  row.region = crrc_geo_region_for_department (row.department);

  if (*self->fields[F_COMMUNE] != '\0')
    {
      const char *code = self->fields[F_COMMUNE];

      if (strlen (code) != 3 || !g_ascii_isdigit (code[0]) || !g_ascii_isdigit (code[1]) ||
          !g_ascii_isdigit (code[2]))
        {
          reject (self, record, "commune", CRRC_REJECT_INVALID_VALUE,
                  _("The commune code “%s” is not three digits."), _crrc_import_context_shorten (self->ctx, code));
          return TRUE;
        }
      commune = crrc_commune_from_finess (department_code, code);
      if (commune == NULL)
        {
          reject (self, record, "commune", CRRC_REJECT_INVALID_VALUE,
                  _("No INSEE commune code can be made from department “%s” "
                    "and commune “%s”."),
                  department_code, code);
          return TRUE;
        }
      row.commune = commune;
    }

  if (!parse_optional_date (self, record, "dateouv", self->fields[F_DATEOUV],
                            opened_on, &row.opened_on) ||
      !parse_optional_date (self, record, "datemaj", self->fields[F_DATEMAJ],
                            updated_at, &row.updated_at))
    return TRUE;

  g_string_truncate (self->address, 0);
  append_address_part (self->address, self->fields[F_NUMVOIE]);
  append_address_part (self->address, self->fields[F_TYPVOIE]);
  append_address_part (self->address, self->fields[F_VOIE]);
  append_address_part (self->address, self->fields[F_COMPVOIE]);
  append_address_part (self->address, self->fields[F_LIEUDITBP]);
  row.address = self->address->len > 0 ? self->address->str : NULL;

  row.long_name = field_value (self, F_RSLONGUE);
  row.postal_line = field_value (self, F_LIGNEACHEMINEMENT);
  row.phone = field_value (self, F_TELEPHONE);
  row.category = field_value (self, F_CATEGETAB);
  row.category_label = field_value (self, F_LIBCATEGETAB);
  row.aggregate_category = field_value (self, F_CATEGAGRETAB);
  row.sector = sector_for (self, row.category, row.aggregate_category);
  row.siret = field_value (self, F_SIRET);
  row.is_public = g_str_equal (self->fields[F_CODESPH], "1");

  if (!_crrc_import_upsert_establishment (self->ctx, &row, CRRC_ESTABLISHMENT_IDENTITY,
                                          &outcome, error))
    return FALSE;

  g_hash_table_insert (self->outcomes, key, GUINT_TO_POINTER ((guint) outcome));

  return TRUE;
}

/* The EPSG code of a geolocalisation source, 0 when unknown. */
static int
parse_epsg (const char *source)
{
  const char *epsg = strstr (source, "EPSG:");

  if (epsg != NULL && g_ascii_isdigit (epsg[5]))
    {
      guint64 code = g_ascii_strtoull (epsg + 5, NULL, 10);

      return code > 0 && code < 100000 ? (int) code : 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (projections); i++)
    if (strstr (source, projections[i].name) != NULL)
      return projections[i].epsg;

  return 0;
}

static gboolean
parse_coordinate (EtalabImport *self,
                  const char   *record,
                  const char   *field,
                  const char   *text,
                  double       *out)
{
  char *end = NULL;

  if (*text == '\0')
    {
      reject (self, record, field, CRRC_REJECT_MISSING_FIELD, _("The coordinate is empty."));
      return FALSE;
    }

  errno = 0;
  *out = g_ascii_strtod (text, &end);
  if (*end != '\0' || errno != 0 || !isfinite (*out))
    {
      reject (self, record, field, CRRC_REJECT_INVALID_VALUE,
              _("The coordinate “%s” is not a number."), _crrc_import_context_shorten (self->ctx, text));
      return FALSE;
    }

  return TRUE;
}

static gboolean
import_geolocation (EtalabImport  *self,
                    GError       **error)
{
  char finess[CRRC_FINESS_LENGTH + 1];
  CrrcFinessStatus status;
  const char *record;
  gpointer key;
  gpointer value;
  guint state;
  double x, y;
  int epsg;

  if (!check_field_count (self, N_GEOLOCATION_FIELDS))
    return TRUE;

  record = self->fields[GEO_NOFINESSET];
  if (!parse_finess (self, record, "nofinesset", record, finess, &status))
    return TRUE;

  key = finess_key (finess);
  if (!g_hash_table_lookup_extended (self->outcomes, key, NULL, &value))
    {
      reject (self, record, "nofinesset", CRRC_REJECT_UNKNOWN_ESTABLISHMENT,
              _("No establishment %s was imported from the structureet lines of this file."),
              finess);
      return TRUE;
    }
  state = GPOINTER_TO_UINT (value);
  if (state & OUTCOME_LOCATED)
    {
      reject (self, record, "nofinesset", CRRC_REJECT_DUPLICATE,
              _("The establishment %s already has coordinates on an earlier line."), finess);
      return TRUE;
    }

  if (!parse_coordinate (self, record, "x", self->fields[GEO_X], &x) ||
      !parse_coordinate (self, record, "y", self->fields[GEO_Y], &y))
    return TRUE;
  epsg = parse_epsg (self->fields[GEO_SOURCE]);

  /* Writes only when a value differs, so that sqlite3_changes() tells an
   * update from an unchanged establishment. */
  if (self->update_xy == NULL &&
      sqlite3_prepare_v3 (_crrc_import_context_get_db (self->ctx),
                          "UPDATE establishments SET x = ?2, y = ?3, epsg = ?4"
                          " WHERE finess = ?1 AND (x IS NOT ?2 OR y IS NOT ?3 OR epsg IS NOT ?4)",
                          -1, SQLITE_PREPARE_PERSISTENT, &self->update_xy, NULL) != SQLITE_OK)
    {
      _crrc_import_set_store_error (self->ctx, error);
      return FALSE;
    }

  sqlite3_bind_text (self->update_xy, 1, finess, CRRC_FINESS_LENGTH, SQLITE_STATIC);
  sqlite3_bind_double (self->update_xy, 2, x);
  sqlite3_bind_double (self->update_xy, 3, y);
  if (epsg > 0)
    sqlite3_bind_int (self->update_xy, 4, epsg);
  else
    sqlite3_bind_null (self->update_xy, 4);

  if (sqlite3_step (self->update_xy) != SQLITE_DONE)
    {
      _crrc_import_set_store_error (self->ctx, error);
      sqlite3_reset (self->update_xy);
      return FALSE;
    }
  sqlite3_reset (self->update_xy);

  if (sqlite3_changes (_crrc_import_context_get_db (self->ctx)) > 0 &&
      (state & OUTCOME_MASK) == CRRC_IMPORT_UNCHANGED)
    state = (state & ~OUTCOME_MASK) | CRRC_IMPORT_UPDATED;
  g_hash_table_insert (self->outcomes, key, GUINT_TO_POINTER (state | OUTCOME_LOCATED));

  return TRUE;
}

static gboolean
import_record (EtalabImport  *self,
               char          *record,
               gsize          length,
               gboolean       unterminated,
               GError       **error)
{
  const char *type;

  if (!decode_record (self, &record, length, error))
    return FALSE;
  if (record == NULL)
    {
      /* Still an establishment read, unless it was a geolocalisation. */
      if (!g_str_has_prefix (self->fields[F_TYPE], "geolocalisation"))
        _crrc_import_context_count_read (self->ctx);
      return TRUE;
    }

  split_fields (self, record);
  type = self->fields[F_TYPE];

  if (unterminated)
    {
      if (!g_str_equal (type, "geolocalisation"))
        _crrc_import_context_count_read (self->ctx);
      reject (self, self->n_fields > 1 ? self->fields[1] : NULL, NULL, CRRC_REJECT_INVALID_VALUE,
              _("A quoted value is not closed: a closing quote is missing, "
                "or the file is truncated."));
      return TRUE;
    }

  if (g_str_equal (type, "structureet"))
    return import_structure (self, error);
  if (g_str_equal (type, "geolocalisation"))
    return import_geolocation (self, error);

  _crrc_import_context_count_read (self->ctx);
  reject (self, NULL, NULL, CRRC_REJECT_INVALID_VALUE,
          _("Unknown line type “%s”: “structureet” or “geolocalisation” was expected."),
          _crrc_import_context_shorten (self->ctx, type));

  return TRUE;
}

/* See IMPORT_CACHE_KIB. Failing to change it only costs time. */
static void
enlarge_page_cache (EtalabImport *self)
{
  sqlite3 *db = _crrc_import_context_get_db (self->ctx);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 cache_size;
  gint64 page_size;

  if (sqlite3_prepare_v2 (db, "SELECT cache_size, page_size"
                          " FROM pragma_cache_size, pragma_page_size",
                          -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return;

  /* Negative: in KiB; positive: in pages. */
  cache_size = sqlite3_column_int64 (stmt, 0);
  page_size = sqlite3_column_int64 (stmt, 1);
  if ((cache_size < 0 ? -cache_size : cache_size * page_size / 1024) >= IMPORT_CACHE_KIB)
    return;

  if (sqlite3_exec (db, "PRAGMA cache_size = -" G_STRINGIFY (IMPORT_CACHE_KIB),
                    NULL, NULL, NULL) == SQLITE_OK)
    {
      self->saved_cache_size = cache_size;
      self->cache_size_changed = TRUE;
    }
}

/* Line 1: finess;etalab;<n>;<YYYY-MM-DD>. */
static gboolean
read_header (EtalabImport  *self,
             GError       **error)
{
  char extracted_on[11];
  char *line;
  gsize length;
  gboolean valid = FALSE;

  if (!read_line (self, &line, &length, error))
    return FALSE;

  if (line != NULL)
    {
      if (length >= 3 && memcmp (line, "\xef\xbb\xbf", 3) == 0)
        line += 3;

      g_snprintf (self->location, sizeof self->location, "line 1");
      split_fields (self, line);
      valid = self->n_fields == 4 &&
              g_ascii_strcasecmp (self->fields[0], "finess") == 0 &&
              g_ascii_strcasecmp (self->fields[1], "etalab") == 0 &&
              *self->fields[2] != '\0' &&
              strspn (self->fields[2], "0123456789") == strlen (self->fields[2]) &&
              strlen (self->fields[3]) == 10 &&
              _crrc_import_parse_date (self->fields[3], extracted_on);
    }

  if (!valid)
    {
      g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN,
                   _("The file “%s” is not a FINESS extract: line 1 should read "
                     "“finess;etalab;<number>;<YYYY-MM-DD>”. Nothing was imported."),
                   _crrc_import_context_get_file_name (self->ctx));
      return FALSE;
    }

  _crrc_import_context_set_extracted_on (self->ctx, extracted_on);

  return TRUE;
}

gboolean
_crrc_import_etalab_csv (CrrcImportContext  *ctx,
                         GInputStream       *input,
                         GError            **error)
{
  g_auto(EtalabImport) self = { .windows_1252 = (GIConv) -1 };
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), FALSE);

  self.ctx = ctx;
  self.input = input;
  self.buffer_size = 2 * READ_SIZE;
  self.buffer = g_malloc (self.buffer_size);
  self.joined = g_string_new (NULL);
  self.address = g_string_new (NULL);
  self.outcomes = g_hash_table_new (NULL, NULL);
  self.categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!read_header (&self, error))
    return FALSE;
  enlarge_page_cache (&self);

  for (;;)
    {
      char *record;
      gsize length;
      gboolean unterminated;

      if (self.lines_since_progress >= PROGRESS_LINES)
        {
          self.lines_since_progress = 0;
          if (!_crrc_import_context_check_progress (ctx, error))
            return FALSE;
        }

      if (!read_record (&self, &record, &length, &unterminated, error))
        return FALSE;
      if (record == NULL)
        break;

      if (!import_record (&self, record, length, unterminated, error))
        return FALSE;
    }

  if (!_crrc_import_context_check_progress (ctx, error))
    return FALSE;

  /* Each establishment counts once, whatever its coordinates did. */
  g_hash_table_iter_init (&iter, self.outcomes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _crrc_import_context_count (ctx, (CrrcImportOutcome) (GPOINTER_TO_UINT (value) & OUTCOME_MASK));

  return TRUE;
}
