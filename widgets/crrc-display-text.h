/* crrc-display-text.h: text from data, as the widgets show it
 *
 * Text from data (names, summaries, notes, error messages quoting a feed)
 * is plain text: it reaches widgets that do not read markup, or escaped
 * (UI.md). Besides, the bidirectional embedding, override and isolate
 * controls (U+202A to U+202E, U+2066 to U+2069) are removed before the
 * text is shown: a U+202E (right-to-left override) in a name would
 * otherwise reverse the rest of the sentence the name is quoted in
 * ("Campaign “…” created"), or disguise the name itself ("…exe.fdp"
 * shown as "…pdf.exe"). They are stripped rather than isolated because a
 * name is often composed into a larger sentence before it reaches its
 * label, and because the analyst must see the characters in the order the
 * file holds them. Arabic or Hebrew text keeps its own direction, which
 * needs no control character, and the marks U+200E, U+200F and U+061C,
 * which reorder nothing beyond their neighbours, stay. Text that is not
 * valid UTF-8 (it should never get this far: importers and the feed
 * validator refuse it) is shown with U+FFFD for its bad bytes.
 *
 * A header of inline functions, for the widgets (chart text, exports) and
 * the pages and dialogs of app/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* Whether @c is a bidirectional embedding, override or isolate control. */
static inline gboolean
crrc_display_text_is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* @text as a widget shows it: valid UTF-8, without bidirectional controls.
 * NULL stays NULL. */
static inline char *
crrc_display_text (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return NULL;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!crrc_display_text_is_bidi_control (g_utf8_get_char (p)))
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}

G_END_DECLS
