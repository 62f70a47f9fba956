/* crrc-finess.c: FINESS numbers, categories and sectors
 *
 * The rules come from the national formats (data/import/FORMATS.md):
 *  - a FINESS number is 9 characters, [0-9][0-9AB][0-9]{7}; the first two
 *    give the department (2A/2B Corsica, 97x overseas, 98 Mayotte and
 *    Wallis-et-Futuna); the ninth is a Luhn (mod 10) key over the nine
 *    digits. No key rule is known for numbers with a letter.
 *  - the Etalab extract codes overseas departments 9A…9J.
 *  - the sector follows the aggregate category (11xx, 12xx sanitaire; 41xx
 *    to 46xx medico-social), or, when only the 3-digit category is known,
 *    the project's own table below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-finess"

#include "config.h"

#include <string.h>

#include "crrc-finess.h"
#include "crrc-geo.h"

/* 3-digit categories → sector (national hierarchy TRE-R397). A category
 * absent here is `other`, and importers report it once so the table grows. */
static const struct {
  const char *category;
  CrrcSector  sector;
} category_sectors[] = {
  { "101", CRRC_SECTOR_SANITAIRE },
  { "106", CRRC_SECTOR_SANITAIRE },
  { "109", CRRC_SECTOR_SANITAIRE },
  { "122", CRRC_SECTOR_SANITAIRE },
  { "127", CRRC_SECTOR_SANITAIRE },
  { "128", CRRC_SECTOR_SANITAIRE },
  { "129", CRRC_SECTOR_SANITAIRE },
  { "131", CRRC_SECTOR_SANITAIRE },
  { "141", CRRC_SECTOR_SANITAIRE },
  { "146", CRRC_SECTOR_SANITAIRE },
  { "156", CRRC_SECTOR_SANITAIRE },
  { "178", CRRC_SECTOR_MEDICO_SOCIAL },
  { "182", CRRC_SECTOR_MEDICO_SOCIAL },
  { "183", CRRC_SECTOR_MEDICO_SOCIAL },
  { "186", CRRC_SECTOR_MEDICO_SOCIAL },
  { "188", CRRC_SECTOR_MEDICO_SOCIAL },
  { "189", CRRC_SECTOR_MEDICO_SOCIAL },
  { "190", CRRC_SECTOR_MEDICO_SOCIAL },
  { "192", CRRC_SECTOR_MEDICO_SOCIAL },
  { "194", CRRC_SECTOR_MEDICO_SOCIAL },
  { "195", CRRC_SECTOR_MEDICO_SOCIAL },
  { "196", CRRC_SECTOR_MEDICO_SOCIAL },
  { "197", CRRC_SECTOR_MEDICO_SOCIAL },
  { "202", CRRC_SECTOR_MEDICO_SOCIAL },
  { "209", CRRC_SECTOR_MEDICO_SOCIAL },
  { "214", CRRC_SECTOR_MEDICO_SOCIAL },
  { "241", CRRC_SECTOR_MEDICO_SOCIAL },
  { "246", CRRC_SECTOR_MEDICO_SOCIAL },
  { "252", CRRC_SECTOR_MEDICO_SOCIAL },
  { "255", CRRC_SECTOR_MEDICO_SOCIAL },
  { "292", CRRC_SECTOR_SANITAIRE },
  { "340", CRRC_SECTOR_MEDICO_SOCIAL },
  { "354", CRRC_SECTOR_MEDICO_SOCIAL },
  { "355", CRRC_SECTOR_SANITAIRE },
  { "362", CRRC_SECTOR_SANITAIRE },
  { "365", CRRC_SECTOR_SANITAIRE },
  { "382", CRRC_SECTOR_MEDICO_SOCIAL },
  { "412", CRRC_SECTOR_SANITAIRE },
  { "425", CRRC_SECTOR_SANITAIRE },
  { "437", CRRC_SECTOR_MEDICO_SOCIAL },
  { "445", CRRC_SECTOR_MEDICO_SOCIAL },
  { "446", CRRC_SECTOR_MEDICO_SOCIAL },
  { "448", CRRC_SECTOR_MEDICO_SOCIAL },
  { "449", CRRC_SECTOR_MEDICO_SOCIAL },
  { "460", CRRC_SECTOR_MEDICO_SOCIAL },
  { "462", CRRC_SECTOR_MEDICO_SOCIAL },
  { "500", CRRC_SECTOR_MEDICO_SOCIAL },
  { "502", CRRC_SECTOR_MEDICO_SOCIAL },
  { "698", CRRC_SECTOR_SANITAIRE },
  { "699", CRRC_SECTOR_SANITAIRE },
};

/* The Etalab extract's overseas department codes. */
static const struct {
  const char *finess_code;
  const char *insee_code;
} overseas_departments[] = {
  { "9A", "971" },
  { "9B", "972" },
  { "9C", "973" },
  { "9D", "974" },
  { "9E", "975" },
  { "9F", "976" },
  { "9J", "986" },
};

static const char * const sector_names[] = {
  [CRRC_SECTOR_OTHER] = "other",
  [CRRC_SECTOR_SANITAIRE] = "sanitaire",
  [CRRC_SECTOR_MEDICO_SOCIAL] = "medico_social",
  [CRRC_SECTOR_GRADES] = "grades",
};

static gboolean
luhn_valid (const char *digits)
{
  guint sum = 0;

  /* From the right, every second digit is doubled. */
  for (int i = CRRC_FINESS_LENGTH - 1, position = 0; i >= 0; i--, position++)
    {
      guint digit = (guint) (digits[i] - '0');

      if (position % 2 == 1)
        {
          digit *= 2;
          if (digit > 9)
            digit -= 9;
        }
      sum += digit;
    }

  return sum % 10 == 0;
}

/**
 * crrc_finess_parse:
 * @text: a FINESS number as typed or read, spaces allowed ("01 000 002 4")
 * @out: (out caller-allocates): the nine characters and a NUL, when the
 *   result is not %CRRC_FINESS_INVALID
 *
 * Returns: what @text is
 */
CrrcFinessStatus
crrc_finess_parse (const char *text,
                   char        out[CRRC_FINESS_LENGTH + 1])
{
  char buffer[CRRC_FINESS_LENGTH + 1];
  guint n = 0;

  g_return_val_if_fail (text != NULL, CRRC_FINESS_INVALID);
  g_return_val_if_fail (out != NULL, CRRC_FINESS_INVALID);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ')
        continue;
      if (n == CRRC_FINESS_LENGTH)
        return CRRC_FINESS_INVALID;
      buffer[n++] = g_ascii_toupper (*p);
    }
  buffer[n] = '\0';

  if (n != CRRC_FINESS_LENGTH || !g_ascii_isdigit (buffer[0]))
    return CRRC_FINESS_INVALID;
  for (guint i = 2; i < CRRC_FINESS_LENGTH; i++)
    if (!g_ascii_isdigit (buffer[i]))
      return CRRC_FINESS_INVALID;

  memcpy (out, buffer, sizeof buffer);

  if (buffer[1] == 'A' || buffer[1] == 'B')
    return buffer[0] == '2' ? CRRC_FINESS_KEY_NOT_CHECKED : CRRC_FINESS_INVALID;
  if (!g_ascii_isdigit (buffer[1]))
    return CRRC_FINESS_INVALID;

  return luhn_valid (buffer) ? CRRC_FINESS_VALID : CRRC_FINESS_BAD_KEY;
}

/**
 * crrc_finess_format:
 * @finess: nine characters
 *
 * Returns: (transfer full): "NN NNN NNN N", e.g. "01 000 002 4"
 */
char *
crrc_finess_format (const char *finess)
{
  g_return_val_if_fail (finess != NULL, NULL);

  if (strlen (finess) != CRRC_FINESS_LENGTH)
    return g_strdup (finess);

  return g_strdup_printf ("%.2s %.3s %.3s %.1s", finess, finess + 2, finess + 5, finess + 8);
}

/**
 * crrc_finess_department:
 * @finess: a parsed FINESS number
 * @out: (out caller-allocates): the INSEE department code and a NUL
 *
 * Overseas numbers start with 97 or 98 and name the territory in the next
 * significant digit, written either third ("974…") or, as in the registry's
 * real numbers, fourth after a zero ("9704…" La Réunion, "9805…" Mayotte):
 * 97 + 1…6 is 971…976; 98 is Mayotte (976), except 986 Wallis-et-Futuna.
 *
 * Returns: whether @finess starts with a department
 */
gboolean
crrc_finess_department (const char *finess,
                        char        out[4])
{
  char territory;

  g_return_val_if_fail (finess != NULL, FALSE);

  if (strlen (finess) < 4)
    return FALSE;

  if (finess[0] != '9' || (finess[1] != '7' && finess[1] != '8'))
    {
      out[0] = finess[0]; out[1] = finess[1]; out[2] = '\0';
      return TRUE;
    }

  territory = finess[2] == '0' ? finess[3] : finess[2];

  if (finess[1] == '7')
    {
      if (territory < '1' || territory > '6')
        return FALSE;
      out[0] = '9'; out[1] = '7'; out[2] = territory; out[3] = '\0';
    }
  else
    {
      g_strlcpy (out, territory == '6' ? "986" : "976", 4);
    }

  return TRUE;
}

/**
 * crrc_department_from_finess_code:
 * @code: a department as the Etalab extract writes it ("01", "2A", "9D")
 *
 * Returns: (nullable): the INSEE department code ("01", "2A", "974"), or
 *   %NULL for a code that is not a department
 */
const char *
crrc_department_from_finess_code (const char *code)
{
  const CrrcDepartment *department;

  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (overseas_departments); i++)
    if (g_str_equal (code, overseas_departments[i].finess_code))
      return overseas_departments[i].insee_code;

  department = crrc_geo_lookup_department (code);

  return department != NULL ? department->code : NULL;
}

/**
 * crrc_commune_from_finess:
 * @department_code: the department as the extract writes it ("01", "9D")
 * @commune_code: the 3-character commune code within the department
 *
 * Returns: (transfer full) (nullable): the INSEE commune ("01451", "97411")
 */
char *
crrc_commune_from_finess (const char *department_code,
                          const char *commune_code)
{
  const char *insee;

  g_return_val_if_fail (department_code != NULL, NULL);
  g_return_val_if_fail (commune_code != NULL, NULL);

  if (strlen (commune_code) != 3 || strlen (department_code) != 2)
    return NULL;

  insee = crrc_department_from_finess_code (department_code);
  if (insee == NULL)
    return NULL;

  /* Overseas: "9D" + "411" → "974" → "97411". */
  return g_strdup_printf ("%.2s%s", insee, commune_code);
}

/**
 * crrc_sector_from_aggregate_category:
 * @aggregate: a 4-digit aggregate category (categagretab)
 */
CrrcSector
crrc_sector_from_aggregate_category (const char *aggregate)
{
  g_return_val_if_fail (aggregate != NULL, CRRC_SECTOR_OTHER);

  if (strlen (aggregate) != 4)
    return CRRC_SECTOR_OTHER;

  if (aggregate[0] == '1' && (aggregate[1] == '1' || aggregate[1] == '2'))
    return CRRC_SECTOR_SANITAIRE;
  if (aggregate[0] == '4' && aggregate[1] >= '1' && aggregate[1] <= '6')
    return CRRC_SECTOR_MEDICO_SOCIAL;

  return CRRC_SECTOR_OTHER;
}

/**
 * crrc_sector_from_category:
 * @category: a 3-digit establishment category
 * @known: (out) (optional): whether the table knows @category
 */
CrrcSector
crrc_sector_from_category (const char *category,
                           gboolean   *known)
{
  g_return_val_if_fail (category != NULL, CRRC_SECTOR_OTHER);

  for (guint i = 0; i < G_N_ELEMENTS (category_sectors); i++)
    {
      if (g_str_equal (category, category_sectors[i].category))
        {
          if (known != NULL)
            *known = TRUE;
          return category_sectors[i].sector;
        }
    }

  if (known != NULL)
    *known = FALSE;

  return CRRC_SECTOR_OTHER;
}

/**
 * crrc_sector_to_string:
 *
 * Returns: the name used in the cache and the feeds: "sanitaire",
 *   "medico_social", "grades" or "other"
 */
const char *
crrc_sector_to_string (CrrcSector sector)
{
  g_return_val_if_fail (sector <= CRRC_SECTOR_GRADES, "other");

  return sector_names[sector];
}

gboolean
crrc_sector_from_string (const char *text,
                         CrrcSector *sector)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (sector_names); i++)
    {
      if (g_str_equal (text, sector_names[i]))
        {
          if (sector != NULL)
            *sector = (CrrcSector) i;
          return TRUE;
        }
    }

  return FALSE;
}
