/* crrc-diffusion-rule.c: the small-count rule of the "Diffusion" mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-diffusion"

#include "config.h"

#include "crrc-diffusion-rule.h"

gboolean
crrc_diffusion_count_is_suppressed (gint64 count)
{
  return count >= 1 && count < CRRC_DIFFUSION_THRESHOLD;
}

gboolean
crrc_diffusion_share_is_suppressed (gint64 part,
                                    gint64 whole)
{
  return crrc_diffusion_count_is_suppressed (part)
         || crrc_diffusion_count_is_suppressed (whole)
         || crrc_diffusion_count_is_suppressed (whole - part);
}

gboolean
crrc_diffusion_column_is_identifying (const char *column)
{
  static const char * const identifying[] = {
    "finess", "legal_finess", "name", "legal_name", "address", "street",
    "postal_code", "commune", "city", "phone", "email", "summary",
  };

  g_return_val_if_fail (column != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (identifying); i++)
    if (g_ascii_strcasecmp (column, identifying[i]) == 0)
      return TRUE;
  return FALSE;
}
