/* crrc-json-splitter.c: reading a large JSON object one small piece at a time
 *
 * A document such as `{"a": 1, "items": [{…}, {…}, …]}` can be far too large
 * to hold as a tree. The splitter reads its bytes as they come, in chunks of
 * any size, and checks the whole syntax of JSON (RFC 8259) with a small
 * pushdown automaton: strings and their escapes, numbers, literals, commas,
 * colons, and brackets that match. For each member of the top-level object,
 * the caller chooses to skip its value, to receive it whole, or to receive
 * each element of its array on its own. What is handed on is the exact text
 * of one value, so a JSON parser can build a small tree of it alone.
 *
 * Every value handed on has passed this syntax check, nests at most
 * `max_depth` arrays and objects, is at most `max_value_size` bytes and is
 * valid UTF-8, escapes included (no lone UTF-16 surrogate, which json-glib
 * would turn into invalid UTF-8): a parser sees nothing that could make it
 * recurse without bound or allocate without limit, nor text that is not
 * Unicode. Skipped values are checked the same way
 * (syntax, depth) but never kept, so memory is bounded by the largest value
 * handed on, whatever the size of the document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-json-splitter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crrc-json-splitter.h"

#define READ_SIZE (64 * 1024)
#define MAX_KEY_SIZE 1024
/* A buffer grown by an unusually large value is given back afterwards. */
#define KEPT_BUFFER_SIZE (1024 * 1024)

typedef enum
{
  STATE_BEFORE_ROOT,
  STATE_BYTE_ORDER_MARK,
  STATE_KEY_OR_END,         /* after `{` */
  STATE_KEY,                /* after `,` in an object */
  STATE_COLON,
  STATE_VALUE,              /* after `:`, or `,` in an array */
  STATE_VALUE_OR_END,       /* after `[` */
  STATE_AFTER_VALUE,
  STATE_STRING,
  STATE_STRING_ESCAPE,
  STATE_STRING_UNICODE,
  STATE_LITERAL,
  STATE_NUMBER_MINUS,
  STATE_NUMBER_ZERO,
  STATE_NUMBER_INTEGER,
  STATE_NUMBER_DOT,
  STATE_NUMBER_FRACTION,
  STATE_NUMBER_EXPONENT,
  STATE_NUMBER_EXPONENT_SIGN,
  STATE_NUMBER_EXPONENT_DIGITS,
  STATE_DONE,
} State;

struct _CrrcJsonSplitter
{
  CrrcJsonSplitterMemberFunc  member_func;
  CrrcJsonSplitterValueFunc   value_func;
  gpointer                    user_data;
  guint                       max_depth;
  gsize                       max_value_size;

  State                       state;
  gboolean                    string_is_key;
  guint                       pending;       /* hex digits of \uXXXX, bytes of the BOM */
  const char                 *literal;
  guint                       literal_pos;

  /* `{` or `[` for each open container; depth 1 is the top-level object. */
  char                       *stack;
  guint                       depth;

  guint64                     offset;        /* of the chunk being read */
  const char                 *chunk;
  gboolean                    failed;

  /* The current top-level member. */
  GString                    *key_raw;
  char                       *key;
  gboolean                    in_member;
  CrrcJsonSplitterAction      action;
  gboolean                    splitting;
  gint64                      index;

  /* The value being kept: from `span_start` in the current chunk, after
   * what earlier chunks put in `buffer`. */
  gboolean                    capturing;
  guint                       capture_depth;
  gint64                      capture_index;
  gsize                       span_start;
  GString                    *buffer;
};

G_DEFINE_QUARK (crrc-json-splitter-error-quark, crrc_json_splitter_error)

static inline gboolean
is_blank (guchar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static char *
format_offset (guint64 offset)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, offset);
}

/* "pmej[12]" inside an element, "gcc" inside another member value. */
static char *
describe_location (CrrcJsonSplitter *self)
{
  if (self->capturing && self->capture_index >= 0)
    return g_strdup_printf ("%s[%" G_GINT64_FORMAT "]", self->key, self->capture_index);
  if (self->in_member)
    return g_strdup (self->key);

  return NULL;
}

static gboolean
fail_syntax (CrrcJsonSplitter  *self,
             gsize              i,
             GError           **error)
{
  g_autofree char *where = describe_location (self);
  g_autofree char *offset = format_offset (self->offset + i);

  self->failed = TRUE;

  if (self->state == STATE_BEFORE_ROOT)
    g_set_error_literal (error, CRRC_JSON_SPLITTER_ERROR, CRRC_JSON_SPLITTER_ERROR_SYNTAX,
                         _("The document is not a JSON object."));
  else if (self->state == STATE_DONE)
    g_set_error (error, CRRC_JSON_SPLITTER_ERROR, CRRC_JSON_SPLITTER_ERROR_SYNTAX,
                 /* Translators: %s is a byte offset in the file. */
                 _("Unexpected data after the end of the JSON document, at byte %s."), offset);
  else if (where != NULL)
    g_set_error (error, CRRC_JSON_SPLITTER_ERROR, CRRC_JSON_SPLITTER_ERROR_SYNTAX,
                 /* Translators: the first %s is a byte offset in the file, the second
                  * where it is, as written in the file: "pmej[12]", "gcc". */
                 _("Invalid JSON at byte %s, in %s."), offset, where);
  else
    g_set_error (error, CRRC_JSON_SPLITTER_ERROR, CRRC_JSON_SPLITTER_ERROR_SYNTAX,
                 _("Invalid JSON at byte %s."), offset);

  return FALSE;
}

static gboolean
fail_too_deep (CrrcJsonSplitter  *self,
               gsize              i,
               GError           **error)
{
  g_autofree char *where = describe_location (self);
  g_autofree char *offset = format_offset (self->offset + i);

  self->failed = TRUE;
  g_set_error (error, CRRC_JSON_SPLITTER_ERROR, CRRC_JSON_SPLITTER_ERROR_TOO_DEEP,
               /* Translators: the first %s is where it is, as written in the file
                * ("pmej[12]"); the last one a byte offset in the file. */
               _("%s nests arrays and objects deeper than %u levels (byte %s)."),
               where != NULL ? where : "JSON", self->max_depth, offset);

  return FALSE;
}

static gboolean
fail_too_big (CrrcJsonSplitter  *self,
              gsize              i,
              GError           **error)
{
  g_autofree char *where = describe_location (self);
  g_autofree char *offset = format_offset (self->offset + i);
  g_autofree char *size = g_format_size_full (self->max_value_size, G_FORMAT_SIZE_IEC_UNITS);

  self->failed = TRUE;
  g_set_error (error, CRRC_JSON_SPLITTER_ERROR, CRRC_JSON_SPLITTER_ERROR_TOO_BIG,
               /* Translators: where it is, as written in the file ("pmej[12]"), a
                * size ("16.0 MiB"), and a byte offset in the file. */
               _("%s is larger than %s (byte %s)."),
               where != NULL ? where : "JSON", size, offset);

  return FALSE;
}

static gboolean
fail_key (CrrcJsonSplitter       *self,
          gsize                   i,
          CrrcJsonSplitterError   code,
          GError                **error)
{
  g_autofree char *offset = format_offset (self->offset + i);

  self->failed = TRUE;
  if (code == CRRC_JSON_SPLITTER_ERROR_TOO_BIG)
    g_set_error (error, CRRC_JSON_SPLITTER_ERROR, code,
                 _("A top-level key is longer than %u bytes (byte %s)."), MAX_KEY_SIZE, offset);
  else
    g_set_error (error, CRRC_JSON_SPLITTER_ERROR, code,
                 _("A top-level key is not valid UTF-8 text (byte %s)."), offset);

  return FALSE;
}

static guint
hex_value (const char *hex)
{
  guint value = 0;

  for (guint i = 0; i < 4; i++)
    value = value * 16 + (guint) g_ascii_xdigit_value (hex[i]);

  return value;
}

/**
 * crrc_json_unescape:
 * @raw: the text between the quotes of a JSON string that a JSON parser (or
 *   this splitter) accepted, so that every escape in it is complete
 * @length: its length in bytes
 *
 * Lone surrogates become U+FFFD.
 *
 * Returns: (transfer full) (nullable): the string's text, or %NULL when it
 *   holds U+0000 (which could not be used as C text)
 */
char *
crrc_json_unescape (const char *raw,
                    gsize       length)
{
  g_autoptr(GString) out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      gunichar u;

      if (raw[i] != '\\')
        {
          g_string_append_c (out, raw[i]);
          continue;
        }

      i++;
      switch (raw[i])
        {
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          u = hex_value (raw + i + 1);
          i += 4;
          if (u >= 0xD800 && u < 0xDC00 && i + 6 < length && raw[i + 1] == '\\' && raw[i + 2] == 'u')
            {
              gunichar low = hex_value (raw + i + 3);

              if (low >= 0xDC00 && low < 0xE000)
                {
                  u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                  i += 6;
                }
            }
          if (u == 0)
            return NULL;
          if (u >= 0xD800 && u < 0xE000)
            u = 0xFFFD;
          g_string_append_unichar (out, u);
          break;
        default:
          /* `"`, `\` and `/` stand for themselves. */
          g_string_append_c (out, raw[i]);
          break;
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
start_capture (CrrcJsonSplitter *self,
               gsize             i,
               guint             depth,
               gint64            index)
{
  self->capturing = TRUE;
  self->capture_depth = depth;
  self->capture_index = index;
  self->span_start = i;
  g_string_truncate (self->buffer, 0);
}

/* The first byte of a value, at position @i of the chunk. */
static void
begin_value (CrrcJsonSplitter *self,
             gsize             i,
             guchar            c)
{
  if (self->depth == 1)
    {
      if (self->action == CRRC_JSON_SPLITTER_ELEMENTS && c == '[')
        {
          self->splitting = TRUE;
          self->index = 0;
        }
      else if (self->action != CRRC_JSON_SPLITTER_SKIP)
        {
          start_capture (self, i, 1, -1);
        }
    }
  else if (self->depth == 2 && self->splitting)
    {
      start_capture (self, i, 2, self->index);
    }
}

static gboolean
emit (CrrcJsonSplitter  *self,
      GError           **error)
{
  gboolean ok;

  /* An escaped lone surrogate is text that no UTF-8 can hold. */
  if (!g_utf8_validate_len (self->buffer->str, self->buffer->len, NULL) ||
      !crrc_json_escapes_are_valid (self->buffer->str, self->buffer->len))
    {
      g_autofree char *where = describe_location (self);

      self->failed = TRUE;
      g_set_error (error, CRRC_JSON_SPLITTER_ERROR, CRRC_JSON_SPLITTER_ERROR_ENCODING,
                   /* Translators: %s is where it is, as written in the file ("pmej[12]"). */
                   _("%s is not valid UTF-8 text."), where);
      return FALSE;
    }

  ok = self->value_func (self->key, self->capture_index,
                         self->buffer->str, self->buffer->len,
                         self->user_data, error);

  if (self->buffer->allocated_len > KEPT_BUFFER_SIZE)
    {
      g_string_free (self->buffer, TRUE);
      self->buffer = g_string_sized_new (4096);
    }
  else
    {
      g_string_truncate (self->buffer, 0);
    }

  if (!ok)
    self->failed = TRUE;

  return ok;
}

/* A value ended just before position @end of the chunk; `depth` is again
 * the depth of its container. */
static gboolean
end_value (CrrcJsonSplitter  *self,
           gsize              end,
           GError           **error)
{
  if (self->capturing && self->depth == self->capture_depth)
    {
      g_string_append_len (self->buffer, self->chunk + self->span_start,
                           (gssize) (end - self->span_start));
      if (!emit (self, error))
        return FALSE;
      self->capturing = FALSE;
      if (self->capture_index >= 0)
        self->index++;
    }

  if (self->depth == 1)
    {
      self->in_member = FALSE;
      self->splitting = FALSE;
      self->action = CRRC_JSON_SPLITTER_SKIP;
    }

  return TRUE;
}

static gboolean
push (CrrcJsonSplitter  *self,
      gsize              i,
      char               bracket,
      GError           **error)
{
  guint limit = self->max_depth + (self->capturing ? self->capture_depth : 1);

  if (self->depth + 1 > limit)
    return fail_too_deep (self, i, error);

  self->stack[self->depth++] = bracket;
  self->state = bracket == '{' ? STATE_KEY_OR_END : STATE_VALUE_OR_END;

  return TRUE;
}

/* The bracket at @i closes the innermost container. */
static gboolean
close_container (CrrcJsonSplitter  *self,
                 gsize              i,
                 guchar             c,
                 GError           **error)
{
  if (self->stack[self->depth - 1] != (c == '}' ? '{' : '['))
    return fail_syntax (self, i, error);

  self->depth--;
  if (self->depth == 0)
    {
      self->state = STATE_DONE;
      return TRUE;
    }

  self->state = STATE_AFTER_VALUE;

  return end_value (self, i + 1, error);
}

/* The first byte of a value; anything else is an error. */
static gboolean
start_value (CrrcJsonSplitter  *self,
             gsize              i,
             guchar             c,
             GError           **error)
{
  switch (c)
    {
    case '{':
    case '[':
      begin_value (self, i, c);
      return push (self, i, (char) c, error);
    case '"':
      begin_value (self, i, c);
      self->string_is_key = FALSE;
      self->state = STATE_STRING;
      return TRUE;
    case 't':
    case 'f':
    case 'n':
      begin_value (self, i, c);
      self->literal = c == 't' ? "true" : c == 'f' ? "false" : "null";
      self->literal_pos = 1;
      self->state = STATE_LITERAL;
      return TRUE;
    case '-':
      begin_value (self, i, c);
      self->state = STATE_NUMBER_MINUS;
      return TRUE;
    case '0':
      begin_value (self, i, c);
      self->state = STATE_NUMBER_ZERO;
      return TRUE;
    case '1': case '2': case '3': case '4': case '5':
    case '6': case '7': case '8': case '9':
      begin_value (self, i, c);
      self->state = STATE_NUMBER_INTEGER;
      return TRUE;
    default:
      return fail_syntax (self, i, error);
    }
}

/* Keeps a byte of a top-level key, as written (escapes included). */
static gboolean
append_key (CrrcJsonSplitter  *self,
            gsize              i,
            guchar             c,
            GError           **error)
{
  if (!self->string_is_key || self->depth != 1)
    return TRUE;

  if (self->key_raw->len >= MAX_KEY_SIZE)
    return fail_key (self, i, CRRC_JSON_SPLITTER_ERROR_TOO_BIG, error);

  g_string_append_c (self->key_raw, (char) c);

  return TRUE;
}

static gboolean
end_key (CrrcJsonSplitter  *self,
         gsize              i,
         GError           **error)
{
  if (!g_utf8_validate_len (self->key_raw->str, self->key_raw->len, NULL))
    return fail_key (self, i, CRRC_JSON_SPLITTER_ERROR_ENCODING, error);

  g_free (self->key);
  /* A key holding U+0000 matches no member anyone asks for. */
  self->key = crrc_json_unescape (self->key_raw->str, self->key_raw->len);
  if (self->key == NULL)
    self->key = g_strdup ("");

  return TRUE;
}

/**
 * crrc_json_splitter_feed:
 * @data: the next bytes of the document, of any length
 *
 * Reads @data, calling the member and value functions for what it
 * completes. Once it has failed, the splitter must not be fed again.
 *
 * Returns: %FALSE when the document is not valid JSON, breaks a limit, or
 *   the value function failed
 */
gboolean
crrc_json_splitter_feed (CrrcJsonSplitter  *self,
                         const char        *data,
                         gsize              length,
                         GError           **error)
{
  gsize i = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (!self->failed, FALSE);

  self->chunk = data;
  self->span_start = 0;

  while (i < length)
    {
      guchar c = (guchar) data[i];

      if (self->capturing && self->buffer->len + (i - self->span_start) >= self->max_value_size)
        return fail_too_big (self, i, error);

      switch (self->state)
        {
        case STATE_STRING:
          /* The common case: plain bytes up to the closing quote. */
          while (c != '"' && c != '\\' && c >= 0x20)
            {
              if (self->string_is_key && !append_key (self, i, c, error))
                return FALSE;
              if (++i == length)
                break;
              if (self->capturing && self->buffer->len + (i - self->span_start) >= self->max_value_size)
                return fail_too_big (self, i, error);
              c = (guchar) data[i];
            }
          if (i == length)
            continue;

          if (c < 0x20)
            return fail_syntax (self, i, error);

          if (c == '\\')
            {
              if (!append_key (self, i, c, error))
                return FALSE;
              self->state = STATE_STRING_ESCAPE;
            }
          else if (self->string_is_key)
            {
              if (self->depth == 1 && !end_key (self, i, error))
                return FALSE;
              self->state = STATE_COLON;
            }
          else
            {
              self->state = STATE_AFTER_VALUE;
              if (!end_value (self, i + 1, error))
                return FALSE;
            }
          break;

        case STATE_STRING_ESCAPE:
          if (c == 'u')
            {
              self->pending = 4;
              self->state = STATE_STRING_UNICODE;
            }
          else if (c == '"' || c == '\\' || c == '/' || c == 'b' ||
                   c == 'f' || c == 'n' || c == 'r' || c == 't')
            {
              self->state = STATE_STRING;
            }
          else
            {
              return fail_syntax (self, i, error);
            }
          if (!append_key (self, i, c, error))
            return FALSE;
          break;

        case STATE_STRING_UNICODE:
          if (!g_ascii_isxdigit (c))
            return fail_syntax (self, i, error);
          if (!append_key (self, i, c, error))
            return FALSE;
          if (--self->pending == 0)
            self->state = STATE_STRING;
          break;

        case STATE_LITERAL:
          if (c != (guchar) self->literal[self->literal_pos])
            return fail_syntax (self, i, error);
          if (self->literal[++self->literal_pos] == '\0')
            {
              self->state = STATE_AFTER_VALUE;
              if (!end_value (self, i + 1, error))
                return FALSE;
            }
          break;

        case STATE_NUMBER_MINUS:
          if (c == '0')
            self->state = STATE_NUMBER_ZERO;
          else if (c >= '1' && c <= '9')
            self->state = STATE_NUMBER_INTEGER;
          else
            return fail_syntax (self, i, error);
          break;

        case STATE_NUMBER_DOT:
          if (!g_ascii_isdigit (c))
            return fail_syntax (self, i, error);
          self->state = STATE_NUMBER_FRACTION;
          break;

        case STATE_NUMBER_EXPONENT:
          if (c == '+' || c == '-')
            self->state = STATE_NUMBER_EXPONENT_SIGN;
          else if (g_ascii_isdigit (c))
            self->state = STATE_NUMBER_EXPONENT_DIGITS;
          else
            return fail_syntax (self, i, error);
          break;

        case STATE_NUMBER_EXPONENT_SIGN:
          if (!g_ascii_isdigit (c))
            return fail_syntax (self, i, error);
          self->state = STATE_NUMBER_EXPONENT_DIGITS;
          break;

        case STATE_NUMBER_ZERO:
        case STATE_NUMBER_INTEGER:
        case STATE_NUMBER_FRACTION:
        case STATE_NUMBER_EXPONENT_DIGITS:
          if (g_ascii_isdigit (c) && self->state != STATE_NUMBER_ZERO)
            break;
          if (c == '.' && (self->state == STATE_NUMBER_ZERO || self->state == STATE_NUMBER_INTEGER))
            {
              self->state = STATE_NUMBER_DOT;
              break;
            }
          if ((c == 'e' || c == 'E') && self->state != STATE_NUMBER_EXPONENT_DIGITS)
            {
              self->state = STATE_NUMBER_EXPONENT;
              break;
            }
          /* The number ended before this byte, which is read again. */
          self->state = STATE_AFTER_VALUE;
          if (!end_value (self, i, error))
            return FALSE;
          continue;

        case STATE_BEFORE_ROOT:
          if (c == 0xEF && self->offset + i == 0)
            {
              self->pending = 2;
              self->state = STATE_BYTE_ORDER_MARK;
            }
          else if (c == '{')
            {
              if (!push (self, i, '{', error))
                return FALSE;
            }
          else if (!is_blank (c))
            {
              return fail_syntax (self, i, error);
            }
          break;

        case STATE_BYTE_ORDER_MARK:
          if (c != (self->pending == 2 ? 0xBB : 0xBF))
            {
              self->state = STATE_BEFORE_ROOT;
              return fail_syntax (self, i, error);
            }
          if (--self->pending == 0)
            self->state = STATE_BEFORE_ROOT;
          break;

        case STATE_KEY_OR_END:
        case STATE_KEY:
          if (c == '"')
            {
              self->string_is_key = TRUE;
              self->state = STATE_STRING;
              if (self->depth == 1)
                g_string_truncate (self->key_raw, 0);
            }
          else if (c == '}' && self->state == STATE_KEY_OR_END)
            {
              if (!close_container (self, i, c, error))
                return FALSE;
            }
          else if (!is_blank (c))
            {
              return fail_syntax (self, i, error);
            }
          break;

        case STATE_COLON:
          if (c == ':')
            {
              self->state = STATE_VALUE;
              if (self->depth == 1)
                {
                  self->in_member = TRUE;
                  self->action = self->member_func != NULL
                                 ? self->member_func (self->key, self->user_data)
                                 : CRRC_JSON_SPLITTER_SKIP;
                }
            }
          else if (!is_blank (c))
            {
              return fail_syntax (self, i, error);
            }
          break;

        case STATE_VALUE:
        case STATE_VALUE_OR_END:
          if (c == ']' && self->state == STATE_VALUE_OR_END)
            {
              if (!close_container (self, i, c, error))
                return FALSE;
            }
          else if (!is_blank (c) && !start_value (self, i, c, error))
            {
              return FALSE;
            }
          break;

        case STATE_AFTER_VALUE:
          if (c == ',')
            self->state = self->stack[self->depth - 1] == '{' ? STATE_KEY : STATE_VALUE;
          else if (c == '}' || c == ']')
            {
              if (!close_container (self, i, c, error))
                return FALSE;
            }
          else if (!is_blank (c))
            return fail_syntax (self, i, error);
          break;

        case STATE_DONE:
          if (!is_blank (c))
            return fail_syntax (self, i, error);
          break;

        default:
          g_assert_not_reached ();
        }

      i++;
    }

  if (self->capturing)
    g_string_append_len (self->buffer, data + self->span_start, (gssize) (length - self->span_start));
  self->span_start = 0;
  self->chunk = NULL;
  self->offset += length;

  return TRUE;
}

/**
 * crrc_json_splitter_finish:
 *
 * Tells the splitter that the document ended.
 *
 * Returns: %FALSE when the document did not end with its top-level object
 */
gboolean
crrc_json_splitter_finish (CrrcJsonSplitter  *self,
                           GError           **error)
{
  g_autofree char *where = NULL;
  g_autofree char *offset = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->failed, FALSE);

  if (self->state == STATE_DONE)
    return TRUE;

  where = describe_location (self);
  offset = format_offset (self->offset);
  self->failed = TRUE;

  if (where != NULL)
    g_set_error (error, CRRC_JSON_SPLITTER_ERROR, CRRC_JSON_SPLITTER_ERROR_TRUNCATED,
                 /* Translators: a byte offset, then where it is, as written in the
                  * file: "pmej[12]", "gcc". */
                 _("The JSON document ends early, at byte %s, in %s."), offset, where);
  else
    g_set_error (error, CRRC_JSON_SPLITTER_ERROR, CRRC_JSON_SPLITTER_ERROR_TRUNCATED,
                 _("The JSON document ends early, at byte %s."), offset);

  return FALSE;
}

/**
 * crrc_json_splitter_read_stream:
 * @input: the document
 *
 * Feeds the whole of @input, then finishes. Errors of @input are returned
 * as they are.
 */
gboolean
crrc_json_splitter_read_stream (CrrcJsonSplitter  *self,
                                GInputStream      *input,
                                GCancellable      *cancellable,
                                GError           **error)
{
  g_autofree char *buffer = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (input), FALSE);

  buffer = g_malloc (READ_SIZE);

  for (;;)
    {
      gssize n = g_input_stream_read (input, buffer, READ_SIZE, cancellable, error);

      if (n < 0)
        {
          self->failed = TRUE;
          return FALSE;
        }
      if (n == 0)
        break;
      if (!crrc_json_splitter_feed (self, buffer, (gsize) n, error))
        return FALSE;
    }

  return crrc_json_splitter_finish (self, error);
}

/**
 * crrc_json_splitter_get_offset:
 *
 * Returns: how many bytes were fed so far
 */
guint64
crrc_json_splitter_get_offset (CrrcJsonSplitter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->offset;
}

static gboolean
read_escaped_unit (const char *json,
                   gsize       length,
                   gsize       i,
                   gunichar   *unit)
{
  if (i + 6 > length || json[i] != '\\' || json[i + 1] != 'u')
    return FALSE;
  for (gsize j = i + 2; j < i + 6; j++)
    if (!g_ascii_isxdigit (json[j]))
      return FALSE;
  *unit = hex_value (json + i + 2);

  return TRUE;
}

/**
 * crrc_json_escapes_are_valid:
 * @json: JSON text
 * @length: its length in bytes
 *
 * Returns: %FALSE when @json escapes half of a UTF-16 surrogate pair alone,
 *   or has a `\u` escape without four hexadecimal digits
 */
gboolean
crrc_json_escapes_are_valid (const char *json,
                             gsize       length)
{
  g_return_val_if_fail (json != NULL || length == 0, FALSE);

  for (gsize i = 0; i < length; i++)
    {
      gunichar unit;

      if (json[i] != '\\')
        continue;
      if (i + 1 < length && json[i + 1] != 'u')
        {
          /* Another escape: skip the escaped character. */
          i++;
          continue;
        }
      /* json-glib reads "\\udc:0" as an escape too. */
      if (!read_escaped_unit (json, length, i, &unit))
        return FALSE;

      if (unit >= 0xDC00 && unit <= 0xDFFF)
        return FALSE;
      if (unit >= 0xD800 && unit <= 0xDBFF)
        {
          gunichar low;

          if (!read_escaped_unit (json, length, i + 6, &low) || low < 0xDC00 || low > 0xDFFF)
            return FALSE;
          i += 6;
        }
      i += 5;
    }

  return TRUE;
}

/**
 * crrc_json_escapes_are_standard:
 * @json: JSON text
 * @length: its length in bytes
 *
 * Returns: %FALSE when a backslash of @json starts an escape JSON does not
 *   have (only `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` and `\u`
 *   are JSON), or ends the text
 */
gboolean
crrc_json_escapes_are_standard (const char *json,
                                gsize       length)
{
  g_return_val_if_fail (json != NULL || length == 0, FALSE);

  for (gsize i = 0; i < length; i++)
    {
      if (json[i] != '\\')
        continue;
      if (i + 1 >= length || strchr ("\"\\/bfnrtu", json[i + 1]) == NULL || json[i + 1] == '\0')
        return FALSE;
      i++;
    }

  return TRUE;
}

/**
 * crrc_json_has_nul_escape:
 * @json: JSON text
 * @length: its length in bytes
 *
 * Returns: %TRUE when a string of @json holds an escaped NUL character
 *   (`\u0000`), which no C string can carry
 */
gboolean
crrc_json_has_nul_escape (const char *json,
                          gsize       length)
{
  g_return_val_if_fail (json != NULL || length == 0, FALSE);

  for (gsize i = 0; i < length; i++)
    {
      gunichar unit;

      if (json[i] != '\\')
        continue;
      if (read_escaped_unit (json, length, i, &unit) && unit == 0)
        return TRUE;
      /* Skip the escaped character ("\\" is one escape). */
      i++;
    }

  return FALSE;
}

/**
 * crrc_json_splitter_new:
 * @max_depth: how deep a value may nest arrays and objects (an object of
 *   numbers is 1), at least 1; values handed on and values skipped alike
 * @max_value_size: the largest value handed on, in bytes
 * @member_func: (nullable): chooses what to do with each top-level member;
 *   %NULL skips them all
 * @value_func: receives the values handed on
 *
 * Returns: (transfer full): a splitter, to free with crrc_json_splitter_free()
 */
CrrcJsonSplitter *
crrc_json_splitter_new (guint                       max_depth,
                        gsize                       max_value_size,
                        CrrcJsonSplitterMemberFunc  member_func,
                        CrrcJsonSplitterValueFunc   value_func,
                        gpointer                    user_data)
{
  CrrcJsonSplitter *self;

  g_return_val_if_fail (max_depth >= 1, NULL);
  g_return_val_if_fail (max_value_size >= 1, NULL);
  g_return_val_if_fail (value_func != NULL, NULL);

  self = g_new0 (CrrcJsonSplitter, 1);
  self->member_func = member_func;
  self->value_func = value_func;
  self->user_data = user_data;
  self->max_depth = max_depth;
  self->max_value_size = max_value_size;
  self->state = STATE_BEFORE_ROOT;
  /* The top-level object, an array being split, and a value's own levels. */
  self->stack = g_new (char, max_depth + 2);
  self->key_raw = g_string_new (NULL);
  self->key = g_strdup ("");
  self->action = CRRC_JSON_SPLITTER_SKIP;
  self->buffer = g_string_sized_new (4096);

  return self;
}

void
crrc_json_splitter_free (CrrcJsonSplitter *self)
{
  if (self == NULL)
    return;

  g_free (self->stack);
  g_string_free (self->key_raw, TRUE);
  g_free (self->key);
  g_string_free (self->buffer, TRUE);
  g_free (self);
}
