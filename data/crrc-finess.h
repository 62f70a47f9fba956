/* crrc-finess.h: FINESS numbers, categories and sectors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CRRC_FINESS_LENGTH 9

typedef enum
{
  CRRC_FINESS_INVALID,          /* not [0-9][0-9AB][0-9]{7} */
  CRRC_FINESS_BAD_KEY,          /* all digits, but the Luhn key is wrong */
  CRRC_FINESS_VALID,            /* all digits, Luhn key checked */
  CRRC_FINESS_KEY_NOT_CHECKED,  /* Corsica (2A, 2B): no known key rule */
} CrrcFinessStatus;

typedef enum
{
  CRRC_SECTOR_OTHER,
  CRRC_SECTOR_SANITAIRE,
  CRRC_SECTOR_MEDICO_SOCIAL,
  CRRC_SECTOR_GRADES,
} CrrcSector;

CrrcFinessStatus  crrc_finess_parse                    (const char *text,
                                                        char        out[CRRC_FINESS_LENGTH + 1]);
char             *crrc_finess_format                   (const char *finess);
gboolean          crrc_finess_department               (const char *finess,
                                                        char        out[4]);

const char       *crrc_department_from_finess_code     (const char *code);
char             *crrc_commune_from_finess             (const char *department_code,
                                                        const char *commune_code);

CrrcSector        crrc_sector_from_aggregate_category  (const char *aggregate);
CrrcSector        crrc_sector_from_category            (const char *category,
                                                        gboolean   *known);
const char       *crrc_sector_to_string                (CrrcSector  sector);
gboolean          crrc_sector_from_string              (const char *text,
                                                        CrrcSector *sector);

G_END_DECLS
