/* crrc-import.c: importing national files into the cache
 *
 * One file, one transaction: the importer of the detected format writes its
 * rows inside a BEGIN IMMEDIATE transaction that is committed only when the
 * whole file was read. A file that cannot be read to its end, a broken
 * structure or a SQLite error (a full disk) rolls everything back. Rows that
 * are wrong on their own are rejected with a reason, and the rest imported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crrc-import-private.h"

/* How much of the (decompressed) content format detection looks at. */
#define SNIFF_SIZE 4096
#define PROGRESS_INTERVAL_US (100 * G_TIME_SPAN_MILLISECOND)
/* Characters of a value quoted in a reject's detail. */
#define MAX_SHORTENED 60

G_DEFINE_QUARK (crrc-import-error-quark, crrc_import_error)

/* Garbled or truncated compressed data is a broken file, not a read error. */
static CrrcImportError
error_code_for_read_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return CRRC_IMPORT_ERROR_BROKEN;

  return CRRC_IMPORT_ERROR_READ;
}

struct _CrrcImportContext
{
  sqlite3                *db;
  CrrcImportReport       *report;
  GSeekable              *file_stream;
  guint64                 total;
  CrrcImportProgressFunc  progress;
  gpointer                progress_data;
  gint64                  last_progress;
  GCancellable           *cancellable;
  char                   *file_name;
  char                   *source;
  char                   *extracted_on;
  /* Prepared establishment statements, by column mask. */
  GHashTable             *insert_statements;
  GHashTable             *update_statements;
  char                    shortened[MAX_SHORTENED * 4 + 8];
  /* A write failed because the disk is full. */
  gboolean                disk_full;
};

static const struct {
  const char *id;
  const char *label;
} formats[] = {
  [CRRC_IMPORT_FORMAT_UNKNOWN] = { "unknown", N_("unknown format") },
  [CRRC_IMPORT_FORMAT_ETALAB_CSV] = { "etalab-csv", N_("FINESS extract, Etalab CSV") },
  [CRRC_IMPORT_FORMAT_FINESS_PLUS_JSON] = { "finess-plus-json", N_("FiNESS+ structures, JSON") },
  [CRRC_IMPORT_FORMAT_CERTFR_JSON] = { "certfr-json", N_("CERT-FR bulletins, JSON") },
};

static const CrrcImporterFunc importers[] = {
  [CRRC_IMPORT_FORMAT_UNKNOWN] = NULL,
  [CRRC_IMPORT_FORMAT_ETALAB_CSV] = _crrc_import_etalab_csv,
  [CRRC_IMPORT_FORMAT_FINESS_PLUS_JSON] = _crrc_import_finess_plus_json,
  [CRRC_IMPORT_FORMAT_CERTFR_JSON] = _crrc_import_certfr_json,
};

/* Establishment columns by group, in binding order. */
static const char * const identity_columns[] = {
  "legal_finess", "name", "long_name", "category", "category_label",
  "aggregate_category", "sector", "department", "region", "commune",
  "address", "postal_line", "phone", "siret", "public", "opened_on",
  "closed_on", "key_checked", "updated_at",
};
static const char * const xy_columns[] = { "x", "y", "epsg" };
static const char * const latlon_columns[] = { "lat", "lon" };
static const char * const ght_columns[] = { "ght", "ght_role" };

static const struct {
  CrrcEstablishmentColumns  group;
  const char * const       *columns;
  guint                     n_columns;
} column_groups[] = {
  { CRRC_ESTABLISHMENT_IDENTITY, identity_columns, G_N_ELEMENTS (identity_columns) },
  { CRRC_ESTABLISHMENT_XY, xy_columns, G_N_ELEMENTS (xy_columns) },
  { CRRC_ESTABLISHMENT_LATLON, latlon_columns, G_N_ELEMENTS (latlon_columns) },
  { CRRC_ESTABLISHMENT_GHT, ght_columns, G_N_ELEMENTS (ght_columns) },
};

const char *
crrc_import_format_to_string (CrrcImportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);

  return formats[format].id;
}

/**
 * crrc_import_format_get_label:
 *
 * Returns: the format's name in the user's language
 */
const char *
crrc_import_format_get_label (CrrcImportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);

  return _(formats[format].label);
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
crrc_import_context_free (CrrcImportContext *ctx)
{
  g_clear_pointer (&ctx->insert_statements, g_hash_table_unref);
  g_clear_pointer (&ctx->update_statements, g_hash_table_unref);
  g_clear_object (&ctx->report);
  g_clear_object (&ctx->file_stream);
  g_clear_object (&ctx->cancellable);
  g_clear_pointer (&ctx->file_name, g_free);
  g_clear_pointer (&ctx->source, g_free);
  g_clear_pointer (&ctx->extracted_on, g_free);
  g_free (ctx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcImportContext, crrc_import_context_free)

sqlite3 *
_crrc_import_context_get_db (CrrcImportContext *ctx)
{
  return ctx->db;
}

const char *
_crrc_import_context_get_source (CrrcImportContext *ctx)
{
  return ctx->source;
}

const char *
_crrc_import_context_get_file_name (CrrcImportContext *ctx)
{
  return ctx->file_name;
}

void
_crrc_import_context_set_extracted_on (CrrcImportContext *ctx,
                                       const char        *date)
{
  g_free (ctx->extracted_on);
  ctx->extracted_on = g_strdup (date);
  _crrc_import_report_set_extracted_on (ctx->report, date);
}

const char *
_crrc_import_context_get_extracted_on (CrrcImportContext *ctx)
{
  return ctx->extracted_on;
}

void
_crrc_import_context_count_read (CrrcImportContext *ctx)
{
  _crrc_import_report_count_read (ctx->report);
}

void
_crrc_import_context_count (CrrcImportContext *ctx,
                            CrrcImportOutcome  outcome)
{
  _crrc_import_report_count (ctx->report, outcome);
}

void
_crrc_import_context_reject (CrrcImportContext *ctx,
                             const char        *location,
                             const char        *record,
                             const char        *field,
                             CrrcRejectReason   reason,
                             const char        *detail_format,
                             ...)
{
  char *detail = NULL;

  if (detail_format != NULL)
    {
      va_list args;

      va_start (args, detail_format);
      detail = g_strdup_vprintf (detail_format, args);
      va_end (args);
    }

  _crrc_import_report_take_reject (ctx->report,
                                   g_strdup (location),
                                   g_strdup (record),
                                   g_strdup (field),
                                   reason,
                                   detail);
}

void
_crrc_import_context_unknown_category (CrrcImportContext *ctx,
                                       const char        *category)
{
  _crrc_import_report_add_unknown_category (ctx->report, category);
}

static void
report_progress (CrrcImportContext *ctx,
                 gboolean           final)
{
  guint64 done;

  if (ctx->progress == NULL)
    return;

  done = final ? ctx->total : (guint64) g_seekable_tell (ctx->file_stream);
  if (done > ctx->total)
    done = ctx->total;

  ctx->progress (done, ctx->total, ctx->progress_data);
}

gboolean
_crrc_import_context_check_progress (CrrcImportContext  *ctx,
                                     GError            **error)
{
  gint64 now;

  if (g_cancellable_set_error_if_cancelled (ctx->cancellable, error))
    return FALSE;

  now = g_get_monotonic_time ();
  if (now - ctx->last_progress >= PROGRESS_INTERVAL_US)
    {
      ctx->last_progress = now;
      report_progress (ctx, FALSE);
    }

  return TRUE;
}

void
_crrc_import_set_store_error (CrrcImportContext  *ctx,
                              GError            **error)
{
  const char *cache_path = sqlite3_db_filename (ctx->db, "main");

  if (_crrc_store_db_is_full (ctx->db))
    {
      g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_STORE,
                   _("The disk is full: “%s” could not be imported into the cache file “%s”. "
                     "Nothing was imported: the cache is as it was. Free some disk space and try again."),
                   ctx->file_name, cache_path != NULL ? cache_path : "");
      ctx->disk_full = TRUE;
      return;
    }

  g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_STORE,
               _("The cache refused the data of “%s”: %s. Nothing was imported."),
               ctx->file_name, sqlite3_errmsg (ctx->db));
}

static gboolean
is_leap_year (guint year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

gboolean
_crrc_import_parse_date (const char *text,
                         char        out[11])
{
  static const guint8 days_in_month[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  guint year, month, day, max_day;

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  /* A date, or a date with a time ("2024-05-21 08:00:00", RFC 3339). */
  if (text[10] != '\0' && text[10] != ' ' && text[10] != 'T')
    return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  if (year < 1800 || year > 2999 || month < 1 || month > 12 || day < 1)
    return FALSE;

  max_day = days_in_month[month - 1];
  if (month == 2 && is_leap_year (year))
    max_day = 29;
  if (day > max_day)
    return FALSE;

  memcpy (out, text, 10);
  out[10] = '\0';

  return TRUE;
}

/* Binding order: for each group in @columns, its columns; then finess,
 * source, extracted_on. */
static char *
build_insert_sql (CrrcEstablishmentColumns columns)
{
  GString *sql = g_string_new ("INSERT INTO establishments (");
  guint n = 0;

  for (guint g = 0; g < G_N_ELEMENTS (column_groups); g++)
    {
      if (!(columns & column_groups[g].group))
        continue;
      for (guint c = 0; c < column_groups[g].n_columns; c++, n++)
        g_string_append_printf (sql, "%s, ", column_groups[g].columns[c]);
    }

  g_string_append (sql, "finess, source, extracted_on) VALUES (");
  for (guint i = 1; i <= n + 3; i++)
    g_string_append_printf (sql, i > 1 ? ", ?%u" : "?%u", i);
  g_string_append (sql, ") ON CONFLICT (finess) DO NOTHING");

  return g_string_free (sql, FALSE);
}

/* Columns that some sources lack (FiNESS+ has no category labels): a NULL
 * from such a source keeps what another import wrote. */
static gboolean
is_kept_when_absent (const char *column)
{
  return g_str_equal (column, "category_label") || g_str_equal (column, "aggregate_category");
}

/* Same binding order as the insert: the row changes only when a value
 * differs, so an identical import writes nothing. */
static char *
build_update_sql (CrrcEstablishmentColumns columns)
{
  g_autoptr(GString) set = g_string_new (NULL);
  g_autoptr(GString) differs = g_string_new (NULL);
  guint n = 0;

  for (guint g = 0; g < G_N_ELEMENTS (column_groups); g++)
    {
      if (!(columns & column_groups[g].group))
        continue;
      for (guint c = 0; c < column_groups[g].n_columns; c++)
        {
          const char *column = column_groups[g].columns[c];

          n++;
          if (is_kept_when_absent (column))
            {
              g_string_append_printf (set, "%s = coalesce (?%u, %s), ", column, n, column);
              g_string_append_printf (differs, "%s(?%u IS NOT NULL AND %s IS NOT ?%u)",
                                      n > 1 ? " OR " : "", n, column, n);
            }
          else
            {
              g_string_append_printf (set, "%s = ?%u, ", column, n);
              g_string_append_printf (differs, "%s%s IS NOT ?%u", n > 1 ? " OR " : "", column, n);
            }
        }
    }

  return g_strdup_printf ("UPDATE establishments SET %s source = ?%u, extracted_on = ?%u"
                          " WHERE finess = ?%u AND (%s)",
                          set->str, n + 2, n + 3, n + 1, differs->str);
}

static sqlite3_stmt *
get_statement (CrrcImportContext         *ctx,
               GHashTable                *cache,
               char                    *(*build) (CrrcEstablishmentColumns),
               CrrcEstablishmentColumns   columns,
               GError                   **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (cache, GUINT_TO_POINTER (columns));
  g_autofree char *sql = NULL;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  sql = build (columns);
  if (sqlite3_prepare_v3 (ctx->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      _crrc_import_set_store_error (ctx, error);
      return NULL;
    }

  g_hash_table_insert (cache, GUINT_TO_POINTER (columns), stmt);

  return stmt;
}

void
_crrc_import_bind_text (sqlite3_stmt *stmt,
                        int           index,
                        const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

const char *
_crrc_import_context_shorten (CrrcImportContext *ctx,
                              const char        *value)
{
  const char *end = value;
  guint n = 0;

  while (*end != '\0' && n < MAX_SHORTENED)
    {
      end = g_utf8_next_char (end);
      n++;
    }

  if (*end == '\0')
    return value;

  g_snprintf (ctx->shortened, sizeof ctx->shortened, "%.*s…", (int) (end - value), value);

  return ctx->shortened;
}

static int
bind_row (CrrcImportContext          *ctx,
          sqlite3_stmt               *stmt,
          const CrrcEstablishmentRow *row,
          CrrcEstablishmentColumns    columns)
{
  int i = 1;

  if (columns & CRRC_ESTABLISHMENT_IDENTITY)
    {
      _crrc_import_bind_text (stmt, i++, row->legal_finess);
      _crrc_import_bind_text (stmt, i++, row->name);
      _crrc_import_bind_text (stmt, i++, row->long_name);
      _crrc_import_bind_text (stmt, i++, row->category);
      _crrc_import_bind_text (stmt, i++, row->category_label);
      _crrc_import_bind_text (stmt, i++, row->aggregate_category);
      _crrc_import_bind_text (stmt, i++, crrc_sector_to_string (row->sector));
      _crrc_import_bind_text (stmt, i++, row->department);
      _crrc_import_bind_text (stmt, i++, row->region);
      _crrc_import_bind_text (stmt, i++, row->commune);
      _crrc_import_bind_text (stmt, i++, row->address);
      _crrc_import_bind_text (stmt, i++, row->postal_line);
      _crrc_import_bind_text (stmt, i++, row->phone);
      _crrc_import_bind_text (stmt, i++, row->siret);
      sqlite3_bind_int (stmt, i++, row->is_public ? 1 : 0);
      _crrc_import_bind_text (stmt, i++, row->opened_on);
      _crrc_import_bind_text (stmt, i++, row->closed_on);
      sqlite3_bind_int (stmt, i++, row->finess_status == CRRC_FINESS_KEY_NOT_CHECKED ? 0 : 1);
      _crrc_import_bind_text (stmt, i++, row->updated_at);
    }

  if (columns & CRRC_ESTABLISHMENT_XY)
    {
      sqlite3_bind_double (stmt, i++, row->x);
      sqlite3_bind_double (stmt, i++, row->y);
      if (row->epsg > 0)
        sqlite3_bind_int (stmt, i++, row->epsg);
      else
        sqlite3_bind_null (stmt, i++);
    }

  if (columns & CRRC_ESTABLISHMENT_LATLON)
    {
      sqlite3_bind_double (stmt, i++, row->lat);
      sqlite3_bind_double (stmt, i++, row->lon);
    }

  if (columns & CRRC_ESTABLISHMENT_GHT)
    {
      _crrc_import_bind_text (stmt, i++, row->ght);
      _crrc_import_bind_text (stmt, i++, row->ght_role);
    }

  _crrc_import_bind_text (stmt, i++, row->finess);
  _crrc_import_bind_text (stmt, i++, ctx->source);
  _crrc_import_bind_text (stmt, i++, ctx->extracted_on);

  return i;
}

gboolean
_crrc_import_upsert_establishment (CrrcImportContext           *ctx,
                                   const CrrcEstablishmentRow  *row,
                                   CrrcEstablishmentColumns     columns,
                                   CrrcImportOutcome           *outcome,
                                   GError                     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (row != NULL && row->finess != NULL && row->name != NULL, FALSE);
  g_return_val_if_fail (columns & CRRC_ESTABLISHMENT_IDENTITY, FALSE);

  stmt = get_statement (ctx, ctx->insert_statements, build_insert_sql, columns, error);
  if (stmt == NULL)
    return FALSE;

  bind_row (ctx, stmt, row, columns);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _crrc_import_set_store_error (ctx, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (sqlite3_changes (ctx->db) == 1)
    {
      *outcome = CRRC_IMPORT_ADDED;
      return TRUE;
    }

  stmt = get_statement (ctx, ctx->update_statements, build_update_sql, columns, error);
  if (stmt == NULL)
    return FALSE;

  bind_row (ctx, stmt, row, columns);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _crrc_import_set_store_error (ctx, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  *outcome = sqlite3_changes (ctx->db) == 1 ? CRRC_IMPORT_UPDATED : CRRC_IMPORT_UNCHANGED;

  return TRUE;
}

static gboolean
has_prefix_ignoring_space (const char *data,
                           gsize       size,
                           const char *prefix)
{
  gsize i = 0;
  gsize len = strlen (prefix);

  /* A UTF-8 byte order mark, then blanks. */
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < size && g_ascii_isspace (data[i]))
    i++;

  return size - i >= len && g_ascii_strncasecmp (data + i, prefix, len) == 0;
}

static gboolean
contains (const char *data,
          gsize       size,
          const char *needle)
{
  return g_strstr_len (data, (gssize) size, needle) != NULL;
}

static CrrcImportFormat
sniff_format (const char *data,
              gsize       size)
{
  if (has_prefix_ignoring_space (data, size, "finess;etalab"))
    return CRRC_IMPORT_FORMAT_ETALAB_CSV;

  if (has_prefix_ignoring_space (data, size, "{") || has_prefix_ignoring_space (data, size, "["))
    {
      if (contains (data, size, "\"pmej\"") || contains (data, size, "\"gcc\"") ||
          (contains (data, size, "\"schemaVersion\"") && contains (data, size, "\"generatedAt\"")))
        return CRRC_IMPORT_FORMAT_FINESS_PLUS_JSON;
      if (contains (data, size, "\"reference\"") && contains (data, size, "CERTFR-"))
        return CRRC_IMPORT_FORMAT_CERTFR_JSON;
    }

  return CRRC_IMPORT_FORMAT_UNKNOWN;
}

/* Opens @file for reading its content: gunzipped when it is gzip data
 * (whatever its name), and buffered so the start can be peeked at. */
static GBufferedInputStream *
open_content (GFile         *file,
              GSeekable    **out_file_stream,
              guint64       *out_size,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFileInputStream) file_stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  const guint8 *head;
  gsize head_size = 0;

  file_stream = g_file_read (file, cancellable, &local_error);
  if (file_stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_READ,
                     _("The file “%s” cannot be read: %s"), name, local_error->message);
      return NULL;
    }

  info = g_file_input_stream_query_info (file_stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable, NULL);
  *out_size = info != NULL ? (guint64) g_file_info_get_size (info) : 0;

  buffered = g_buffered_input_stream_new_sized (G_INPUT_STREAM (file_stream), 64 * 1024);
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), 2, cancellable, &local_error) < 0)
    {
      g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_READ,
                   _("The file “%s” cannot be read: %s"), name, local_error->message);
      return NULL;
    }

  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &head_size);
  if (head_size >= 2 && head[0] == 0x1f && head[1] == 0x8b)
    {
      g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      g_autoptr(GInputStream) gunzipped = g_converter_input_stream_new (buffered, G_CONVERTER (decompressor));

      g_set_object (&buffered, g_buffered_input_stream_new_sized (gunzipped, 64 * 1024));
    }

  *out_file_stream = G_SEEKABLE (g_steal_pointer (&file_stream));

  return G_BUFFERED_INPUT_STREAM (g_steal_pointer (&buffered));
}

static CrrcImportFormat
detect_format (GBufferedInputStream  *content,
               const char            *name,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size = 0;
  CrrcImportFormat format;

  /* fill() may return less than asked: read until enough is buffered. */
  while (g_buffered_input_stream_get_available (content) < SNIFF_SIZE)
    {
      gssize n = g_buffered_input_stream_fill (content, SNIFF_SIZE, cancellable, &local_error);

      if (n < 0)
        {
          g_set_error (error, CRRC_IMPORT_ERROR, error_code_for_read_error (local_error),
                       _("The file “%s” cannot be read: %s"), name, local_error->message);
          return CRRC_IMPORT_FORMAT_UNKNOWN;
        }
      if (n == 0)
        break;
    }

  data = g_buffered_input_stream_peek_buffer (content, &size);
  if (size == 0)
    {
      g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_UNKNOWN_FORMAT,
                   _("The file “%s” is empty."), name);
      return CRRC_IMPORT_FORMAT_UNKNOWN;
    }

  format = sniff_format (data, size);
  if (format == CRRC_IMPORT_FORMAT_UNKNOWN)
    g_set_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_UNKNOWN_FORMAT,
                 _("The file “%s” is not in a known format: expected a FINESS extract "
                   "(Etalab CSV), a FiNESS+ JSON file or CERT-FR bulletins in JSON."),
                 name);

  return format;
}

/**
 * crrc_import_detect_format:
 * @file: a file, possibly gzip-compressed
 *
 * Looks at the content, not the name.
 *
 * Returns: the format, or %CRRC_IMPORT_FORMAT_UNKNOWN with @error set
 */
/* The file's name as messages and the cache hold it: valid UTF-8 even
 * when the name on disk is not (g_filename_display_name() puts U+FFFD for
 * the bytes it cannot read), never raw bytes. */
static char *
display_basename (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename);
}

CrrcImportFormat
crrc_import_detect_format (GFile         *file,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GBufferedInputStream) content = NULL;
  g_autoptr(GSeekable) file_stream = NULL;
  g_autofree char *name = NULL;
  guint64 size = 0;

  g_return_val_if_fail (G_IS_FILE (file), CRRC_IMPORT_FORMAT_UNKNOWN);
  g_return_val_if_fail (error == NULL || *error == NULL, CRRC_IMPORT_FORMAT_UNKNOWN);

  name = display_basename (file);
  content = open_content (file, &file_stream, &size, cancellable, error);
  if (content == NULL)
    return CRRC_IMPORT_FORMAT_UNKNOWN;

  return detect_format (content, name, cancellable, error);
}

/* Reading errors from the importer become import errors that name the file;
 * cancellation and the importer's own errors pass through. */
static void
normalize_error (CrrcImportContext  *ctx,
                 GError            **error)
{
  GError *original = *error;

  if (original == NULL || original->domain != G_IO_ERROR ||
      original->code == G_IO_ERROR_CANCELLED)
    return;

  *error = g_error_new (CRRC_IMPORT_ERROR, error_code_for_read_error (original),
                        _("The file “%s” could not be read to its end: %s. Nothing was imported."),
                        ctx->file_name, original->message);
  g_error_free (original);
}

static gboolean
exec_sql (CrrcImportContext  *ctx,
          const char         *sql,
          GError            **error)
{
  if (sqlite3_exec (ctx->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      _crrc_import_set_store_error (ctx, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
record_import_run (CrrcImportContext  *ctx,
                   const char         *started_at,
                   GError            **error)
{
  CrrcImportReport *report = ctx->report;
  g_autoptr(sqlite3_stmt) run = NULL;
  g_autoptr(sqlite3_stmt) reject = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *finished_at = g_date_time_format_iso8601 (now);
  sqlite3_int64 run_id;

  if (sqlite3_prepare_v2 (ctx->db,
                          "INSERT INTO import_runs (file, format, started_at, finished_at,"
                          " extracted_on, read, added, updated, unchanged, rejected)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          -1, &run, NULL) != SQLITE_OK)
    goto failed;

  _crrc_import_bind_text (run, 1, ctx->file_name);
  _crrc_import_bind_text (run, 2, crrc_import_format_to_string (crrc_import_report_get_format (report)));
  _crrc_import_bind_text (run, 3, started_at);
  _crrc_import_bind_text (run, 4, finished_at);
  _crrc_import_bind_text (run, 5, ctx->extracted_on);
  sqlite3_bind_int64 (run, 6, crrc_import_report_get_read (report));
  sqlite3_bind_int64 (run, 7, crrc_import_report_get_added (report));
  sqlite3_bind_int64 (run, 8, crrc_import_report_get_updated (report));
  sqlite3_bind_int64 (run, 9, crrc_import_report_get_unchanged (report));
  sqlite3_bind_int64 (run, 10, crrc_import_report_get_rejected (report));
  if (sqlite3_step (run) != SQLITE_DONE)
    goto failed;
  run_id = sqlite3_last_insert_rowid (ctx->db);

  if (sqlite3_prepare_v2 (ctx->db,
                          "INSERT INTO import_rejects (import_id, location, record, field, reason, detail)"
                          " VALUES (?, ?, ?, ?, ?, ?)",
                          -1, &reject, NULL) != SQLITE_OK)
    goto failed;

  for (guint i = 0; i < crrc_import_report_get_n_rejects (report); i++)
    {
      const CrrcImportReject *r = crrc_import_report_get_reject (report, i);

      sqlite3_reset (reject);
      sqlite3_bind_int64 (reject, 1, run_id);
      _crrc_import_bind_text (reject, 2, r->location);
      _crrc_import_bind_text (reject, 3, r->record);
      _crrc_import_bind_text (reject, 4, r->field);
      _crrc_import_bind_text (reject, 5, crrc_reject_reason_to_string (r->reason));
      _crrc_import_bind_text (reject, 6, r->detail);
      if (sqlite3_step (reject) != SQLITE_DONE)
        goto failed;
    }

  return TRUE;

failed:
  _crrc_import_set_store_error (ctx, error);
  return FALSE;
}

static CrrcImportReport *
import_file_locked (CrrcStore              *store,
                    GFile                  *file,
                    CrrcImportProgressFunc  progress,
                    gpointer                progress_data,
                    GCancellable           *cancellable,
                    GError                **error)
{
  g_autoptr(CrrcImportContext) ctx = NULL;
  g_autoptr(GBufferedInputStream) content = NULL;
  g_autoptr(GDateTime) started = NULL;
  g_autofree char *started_at = NULL;
  CrrcImportFormat format;
  gboolean ok;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  started = g_date_time_new_now_utc ();
  started_at = g_date_time_format_iso8601 (started);

  ctx = g_new0 (CrrcImportContext, 1);
  ctx->db = _crrc_store_get_db (store);
  ctx->file_name = display_basename (file);
  ctx->progress = progress;
  ctx->progress_data = progress_data;
  ctx->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  ctx->report = _crrc_import_report_new (ctx->file_name);
  ctx->insert_statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
  ctx->update_statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);

  content = open_content (file, &ctx->file_stream, &ctx->total, cancellable, error);
  if (content == NULL)
    return NULL;

  format = detect_format (content, ctx->file_name, cancellable, error);
  if (format == CRRC_IMPORT_FORMAT_UNKNOWN)
    return NULL;

  _crrc_import_report_set_format (ctx->report, format);
  ctx->source = g_strdup_printf ("%s:%s", crrc_import_format_to_string (format), ctx->file_name);

  if (!exec_sql (ctx, "BEGIN IMMEDIATE", error))
    return NULL;

  ok = importers[format] (ctx, G_INPUT_STREAM (content), error)
       && record_import_run (ctx, started_at, error);

  /* Statements must be finished before the transaction ends. */
  g_hash_table_remove_all (ctx->insert_statements);
  g_hash_table_remove_all (ctx->update_statements);

  if (!ok)
    {
      sqlite3_exec (ctx->db, "ROLLBACK", NULL, NULL, NULL);
      if (ctx->disk_full)
        _crrc_store_release_space (ctx->db);
      normalize_error (ctx, error);
      return NULL;
    }

  if (!exec_sql (ctx, "COMMIT", error))
    {
      sqlite3_exec (ctx->db, "ROLLBACK", NULL, NULL, NULL);
      if (ctx->disk_full)
        _crrc_store_release_space (ctx->db);
      return NULL;
    }

  report_progress (ctx, TRUE);

  return g_steal_pointer (&ctx->report);
}

/**
 * crrc_import_file:
 * @store: the cache
 * @file: a FINESS extract (Etalab CSV), a FiNESS+ JSON file or CERT-FR
 *   bulletins, possibly gzip-compressed; the format is read from the content
 * @progress: (nullable) (scope call): called with the bytes read so far
 *   and the file's size, from the calling thread
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: where to say why nothing was imported
 *
 * Imports @file in one transaction. Must run on the thread that owns the
 * store's connection (the store's worker, or a command-line program).
 *
 * Returns: (transfer full): the report, also when rows were rejected; %NULL
 *   when the file was refused, in which case the cache is as it was
 */
CrrcImportReport *
crrc_import_file (CrrcStore              *store,
                  GFile                  *file,
                  CrrcImportProgressFunc  progress,
                  gpointer                progress_data,
                  GCancellable           *cancellable,
                  GError                **error)
{
  CrrcStoreCancellable chain = { NULL };
  CrrcImportReport *report;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The import holds the store's writer lock (crrc_store_write_async()),
   * and stops when the application quits (crrc_store_shutdown()). */
  _crrc_store_lock_writer (store);
  _crrc_store_cancellable_init (&chain, store, cancellable);
  report = import_file_locked (store, file, progress, progress_data, chain.cancellable, error);
  _crrc_store_cancellable_clear (&chain);
  _crrc_store_unlock_writer (store);

  return report;
}

typedef struct
{
  GFile                  *file;
  CrrcImportProgressFunc  progress;
  gpointer                progress_data;
  GDestroyNotify          progress_data_destroy;
  GMainContext           *main_context;
} ImportTaskData;

typedef struct
{
  GTask   *task;
  guint64  done;
  guint64  total;
} ProgressCall;

static void
import_task_data_free (ImportTaskData *data)
{
  g_clear_object (&data->file);
  if (data->progress_data_destroy != NULL)
    data->progress_data_destroy (data->progress_data);
  g_clear_pointer (&data->main_context, g_main_context_unref);
  g_free (data);
}

static void
progress_call_free (ProgressCall *call)
{
  g_clear_object (&call->task);
  g_free (call);
}

static gboolean
progress_in_main_context_cb (gpointer user_data)
{
  ProgressCall *call = user_data;
  ImportTaskData *data = g_task_get_task_data (call->task);

  data->progress (call->done, call->total, data->progress_data);

  return G_SOURCE_REMOVE;
}

/* Runs in the import thread: hands the figures to the caller's context,
 * keeping the task (and its data) alive until they are delivered. */
static void
progress_from_thread_cb (guint64  done,
                         guint64  total,
                         gpointer user_data)
{
  GTask *task = user_data;
  ImportTaskData *data = g_task_get_task_data (task);
  ProgressCall *call = g_new (ProgressCall, 1);

  call->task = g_object_ref (task);
  call->done = done;
  call->total = total;
  g_main_context_invoke_full (data->main_context, G_PRIORITY_DEFAULT,
                              progress_in_main_context_cb, call,
                              (GDestroyNotify) progress_call_free);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportTaskData *data = task_data;
  GError *error = NULL;
  CrrcImportReport *report;

  report = crrc_import_file (CRRC_STORE (source_object), data->file,
                             data->progress != NULL ? progress_from_thread_cb : NULL, task,
                             cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, g_object_unref);
}

/**
 * crrc_import_file_async:
 * @progress: (nullable): called in the thread-default main context of the
 *   caller, at most every 100 ms
 *
 * Imports @file in a worker thread; see crrc_import_file(). The caller must
 * not use @store's connection until the import has finished.
 */
void
crrc_import_file_async (CrrcStore              *store,
                        GFile                  *file,
                        CrrcImportProgressFunc  progress,
                        gpointer                progress_data,
                        GDestroyNotify          progress_data_destroy,
                        GCancellable           *cancellable,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportTaskData *data;

  g_return_if_fail (CRRC_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ImportTaskData, 1);
  data->file = g_object_ref (file);
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_data_destroy = progress_data_destroy;
  data->main_context = g_main_context_ref_thread_default ();

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, crrc_import_file_async);
  /* A cancellation that comes after the commit must not hide the result:
   * the import itself decides whether it was cancelled. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) import_task_data_free);
  g_task_run_in_thread (task, import_thread);
}

/**
 * crrc_import_file_finish:
 *
 * Returns: (transfer full): the report, or %NULL when the file was refused
 */
CrrcImportReport *
crrc_import_file_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crrc_import_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
