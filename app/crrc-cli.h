/* crrc-cli.h: commands that run without a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Exit statuses of the headless commands. */
#define CRRC_CLI_EXIT_OK      0
#define CRRC_CLI_EXIT_REFUSED 1
#define CRRC_CLI_EXIT_USAGE   2

void crrc_cli_add_options (GApplication *app);
int  crrc_cli_run         (GApplication *app,
                           GVariantDict *options,
                           const char   *cache_path);

G_END_DECLS
