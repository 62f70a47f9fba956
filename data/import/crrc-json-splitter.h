/* crrc-json-splitter.h: reading a large JSON object one small piece at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CRRC_JSON_SPLITTER_ERROR (crrc_json_splitter_error_quark ())

/**
 * CrrcJsonSplitterError:
 * @CRRC_JSON_SPLITTER_ERROR_SYNTAX: the input is not JSON, or its top level
 *   is not an object
 * @CRRC_JSON_SPLITTER_ERROR_TRUNCATED: the input ends inside the document
 * @CRRC_JSON_SPLITTER_ERROR_TOO_DEEP: a value nests arrays and objects
 *   deeper than the limit
 * @CRRC_JSON_SPLITTER_ERROR_TOO_BIG: a value to hand on, or a top-level
 *   key, is larger than the limit
 * @CRRC_JSON_SPLITTER_ERROR_ENCODING: a value to hand on, or a top-level
 *   key, is not valid UTF-8, or a value to hand on escapes half of a UTF-16
 *   surrogate pair (json-glib would make invalid UTF-8 of it)
 */
typedef enum
{
  CRRC_JSON_SPLITTER_ERROR_SYNTAX,
  CRRC_JSON_SPLITTER_ERROR_TRUNCATED,
  CRRC_JSON_SPLITTER_ERROR_TOO_DEEP,
  CRRC_JSON_SPLITTER_ERROR_TOO_BIG,
  CRRC_JSON_SPLITTER_ERROR_ENCODING,
} CrrcJsonSplitterError;

/**
 * CrrcJsonSplitterAction:
 * @CRRC_JSON_SPLITTER_SKIP: check the value's syntax and keep nothing
 * @CRRC_JSON_SPLITTER_VALUE: hand the whole value on
 * @CRRC_JSON_SPLITTER_ELEMENTS: hand each element of the array on, one at a
 *   time; a value that is not an array is handed on whole
 *
 * What to do with the value of a top-level member.
 */
typedef enum
{
  CRRC_JSON_SPLITTER_SKIP,
  CRRC_JSON_SPLITTER_VALUE,
  CRRC_JSON_SPLITTER_ELEMENTS,
} CrrcJsonSplitterAction;

/* @key is the member's name, unescaped. */
typedef CrrcJsonSplitterAction (*CrrcJsonSplitterMemberFunc) (const char *key,
                                                              gpointer    user_data);

/* @json is the JSON text of one value, NUL-terminated, valid UTF-8 and valid
 * JSON; @index is the element's position in the array of @key, or -1 for a
 * whole member value. Returning FALSE stops the splitter with @error. */
typedef gboolean (*CrrcJsonSplitterValueFunc) (const char  *key,
                                               gint64       index,
                                               const char  *json,
                                               gsize        length,
                                               gpointer     user_data,
                                               GError     **error);

typedef struct _CrrcJsonSplitter CrrcJsonSplitter;

GQuark            crrc_json_splitter_error_quark (void);

CrrcJsonSplitter *crrc_json_splitter_new         (guint                        max_depth,
                                                  gsize                        max_value_size,
                                                  CrrcJsonSplitterMemberFunc   member_func,
                                                  CrrcJsonSplitterValueFunc    value_func,
                                                  gpointer                     user_data);
void              crrc_json_splitter_free        (CrrcJsonSplitter            *self);

gboolean          crrc_json_splitter_feed        (CrrcJsonSplitter            *self,
                                                  const char                  *data,
                                                  gsize                        length,
                                                  GError                     **error);
gboolean          crrc_json_splitter_finish      (CrrcJsonSplitter            *self,
                                                  GError                     **error);
gboolean          crrc_json_splitter_read_stream (CrrcJsonSplitter            *self,
                                                  GInputStream                *input,
                                                  GCancellable                *cancellable,
                                                  GError                     **error);

guint64           crrc_json_splitter_get_offset  (CrrcJsonSplitter            *self);

char             *crrc_json_unescape             (const char                  *raw,
                                                  gsize                        length);

/* Whether the escapes of @json, JSON text, stand for Unicode text: every
 * `\u` has four hexadecimal digits and every escaped UTF-16 surrogate
 * ("\ud83d") is half of a pair. json-glib turns a lone one into invalid
 * UTF-8, so JSON text is checked with this before json-glib reads it. */
gboolean          crrc_json_escapes_are_valid    (const char                  *json,
                                                  gsize                        length);
/* Whether every escape of @json is one JSON has: json-glib reads others,
 * some as octal bytes ("\\200" is 0x80, not UTF-8). */
gboolean          crrc_json_escapes_are_standard (const char                  *json,
                                                  gsize                        length);
/* Whether @json escapes the NUL character ("\u0000"): json-glib would cut
 * the string there without a word, so a record holding one is refused. */
gboolean          crrc_json_has_nul_escape       (const char                  *json,
                                                  gsize                        length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcJsonSplitter, crrc_json_splitter_free)

G_END_DECLS
