/* crrc-geo.h: French regions and departments (INSEE codes)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *code;   /* INSEE region code, e.g. "27" */
  const char *name;   /* official name, e.g. "Bourgogne-Franche-Comté" */
} CrrcRegion;

typedef struct
{
  const char *code;         /* INSEE department code: "01"…"95", "2A", "2B", "971"…"976", "975", "986" */
  const char *name;         /* official name, e.g. "Côte-d'Or" */
  const char *region_code;  /* INSEE region code, or NULL (975, 986 belong to no region) */
} CrrcDepartment;

const CrrcRegion     *crrc_geo_get_regions                (guint      *n_regions);
const CrrcRegion     *crrc_geo_lookup_region              (const char *code);
const CrrcDepartment *crrc_geo_get_departments            (guint      *n_departments);
const CrrcDepartment *crrc_geo_lookup_department          (const char *code);
const char           *crrc_geo_region_for_department      (const char *department_code);

G_END_DECLS
