/* Fixture for check-sql.py: UI text that mentions SQL words. Not compiled. */
#define G_LOG_DOMAIN "fixture"

#include "config.h"

#include <glib/gi18n-lib.h>

static char *
fixture_title (const char *name)
{
  g_autofree char *select = g_strdup (_("Select all"));
  const char *update = "Update available";

  return g_strdup_printf (_("Delete %s? %s / %s"), name, select, update);
}
