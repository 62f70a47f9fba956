/* test-format.c: locale-aware numbers and dates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>

#include "crrc-format.h"

#define NNBSP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */

static void
test_c_locale (void)
{
  char *text;

  text = crrc_format_count (1234567);
  g_assert_cmpstr (text, ==, "1234567");
  g_free (text);

  text = crrc_format_count (-42);
  g_assert_cmpstr (text, ==, "\xe2\x88\x92" "42");
  g_free (text);

  text = crrc_format_percent (35.0, 0);
  g_assert_cmpstr (text, ==, "35%");
  g_free (text);

  text = crrc_format_change (-1.858, 1);
  g_assert_cmpstr (text, ==, "\xe2\x88\x92" "1.9%");
  g_free (text);

  text = crrc_format_change (2.0, 1);
  g_assert_cmpstr (text, ==, "+2.0%");
  g_free (text);

  /* A change that rounds to nothing carries no sign, not "-0.0%". */
  text = crrc_format_change (-0.01, 1);
  g_assert_cmpstr (text, ==, "0.0%");
  g_free (text);

  text = crrc_format_decimal (NAN, 1);
  g_assert_cmpstr (text, ==, "—");
  g_free (text);
}

static void
test_french_locale (void)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (2024, 5, 21, 8, 0, 0);
  char *text;


  text = crrc_format_count (1234567);
  g_assert_cmpstr (text, ==, "1" NNBSP "234" NNBSP "567");
  g_free (text);

  text = crrc_format_percent (35.0, 0);
  g_assert_cmpstr (text, ==, "35" NNBSP "%");
  g_free (text);

  text = crrc_format_change (-1.858, 1);
  g_assert_cmpstr (text, ==, "\xe2\x88\x92" "1,9" NNBSP "%");
  g_free (text);

  text = crrc_format_date (date);
  g_assert_cmpstr (text, ==, "21 mai 2024");
  g_free (text);
}

int
main (int   argc,
      char *argv[])
{
  /* The locale comes from the environment: meson runs this program once in
   * C.UTF-8 and once in fr_FR.UTF-8 (gettext cannot switch language reliably
   * inside one process). */
  if (setlocale (LC_ALL, "") == NULL)
    g_error ("The locale of the environment is not installed (package locales-all)");
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  if (g_strcmp0 (g_getenv ("CRRC_TEST_EXPECT"), "fr") == 0)
    g_test_add_func ("/format/french-locale", test_french_locale);
  else
    g_test_add_func ("/format/c-locale", test_c_locale);

  return g_test_run ();
}
