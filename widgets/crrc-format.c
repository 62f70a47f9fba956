/* crrc-format.c: numbers and dates as the user's locale writes them
 *
 * Charts, tiles and reports format every figure through these functions, so
 * that a French locale reads "1 234", "35 %", "−1,9 %" and "21 mai 2024"
 * while the C locale reads plain digits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "crrc-format.h"

#define MINUS_SIGN "\xe2\x88\x92" /* U+2212 MINUS SIGN */

/* printf's "'" flag groups thousands with the locale's separator (U+202F
 * NARROW NO-BREAK SPACE in fr_FR.UTF-8) and uses its decimal mark. A leading
 * hyphen is replaced with a true minus sign. */
static char *
use_minus_sign (char *text)
{
  g_autofree char *owned = text;

  if (owned[0] != '-')
    return g_steal_pointer (&owned);

  return g_strconcat (MINUS_SIGN, owned + 1, NULL);
}

/**
 * crrc_format_count:
 * @value: a whole number
 *
 * Returns: (transfer full): @value with the locale's thousands separator
 */
char *
crrc_format_count (gint64 value)
{
  return use_minus_sign (g_strdup_printf ("%'" G_GINT64_FORMAT, value));
}

/**
 * crrc_format_decimal:
 * @value: a number
 * @decimals: digits after the decimal mark
 *
 * Returns: (transfer full): @value rounded to @decimals digits, with the
 *   locale's decimal mark and thousands separator
 */
char *
crrc_format_decimal (double value,
                     guint  decimals)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (decimals <= 6, NULL);

  if (!isfinite (value))
    return g_strdup ("—");

  text = g_strdup_printf ("%'.*f", (int) decimals, value);

  /* "-0" or "-0,0" after rounding reads as a change where there is none. */
  if (text[0] == '-' && strspn (text + 1, "0.,") == strlen (text + 1))
    return g_strdup (text + 1);

  return use_minus_sign (g_steal_pointer (&text));
}

/**
 * crrc_format_percent:
 * @value: a percentage (35.0 for 35 %)
 * @decimals: digits after the decimal mark
 *
 * Returns: (transfer full): "35%" in English, "35 %" in French
 */
char *
crrc_format_percent (double value,
                     guint  decimals)
{
  g_autofree char *number = crrc_format_decimal (value, decimals);

  /* Translators: a percentage; %s is the number. French puts a narrow
   * no-break space (U+202F) before the sign: "%s %%". */
  return g_strdup_printf (C_("percent", "%s%%"), number);
}

/**
 * crrc_format_change:
 * @percent: a relative change in percent (−1.9 for a 1.9 % fall)
 * @decimals: digits after the decimal mark
 *
 * Returns: (transfer full): the change with an explicit sign: "+1.9%",
 *   "−1.9%", or "0%" without a sign
 */
char *
crrc_format_change (double percent,
                    guint  decimals)
{
  g_autofree char *text = crrc_format_percent (percent, decimals);

  if (!isfinite (percent) || g_str_has_prefix (text, MINUS_SIGN))
    return g_steal_pointer (&text);

  /* Rounded to nothing: no sign at all. */
  if (strspn (text, "0.,") > 0 && !g_ascii_isdigit (text[strspn (text, "0.,")]))
    return g_steal_pointer (&text);

  return g_strconcat ("+", text, NULL);
}

/**
 * crrc_format_date:
 * @datetime: a date
 *
 * Returns: (transfer full): a long date such as "May 21, 2024", or
 *   "21 mai 2024" in French
 */
char *
crrc_format_date (GDateTime *datetime)
{
  g_return_val_if_fail (datetime != NULL, NULL);

  /* Translators: a long date, see g_date_time_format(); French: "%-d %B %Y". */
  return g_date_time_format (datetime, C_("long date", "%B %-d, %Y"));
}
