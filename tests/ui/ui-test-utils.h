/* ui-test-utils.h: running the real application in the ui tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crrc-application.h"
#include "crrc-window.h"

G_BEGIN_DECLS

typedef void (*UiTestBody) (CrrcApplication *app,
                            gconstpointer    data);

/* The temporary folder of the test program: XDG_DATA_HOME, and the cache. */
extern char *ui_test_dir;

void        ui_test_init          (int         *argc,
                                   char      ***argv);
int         ui_test_run           (void);
void        ui_test_add           (const char  *path,
                                   GTestFunc    func);

gboolean    ui_test_expect_french (void);
gboolean    ui_test_timeout_cb    (gpointer     user_data);
void        ui_test_settle        (void);
void        ui_test_type_keys     (GtkWindow   *window,
                                   const char  *keys);
CrrcWindow *ui_test_get_window    (CrrcApplication *app);
char       *ui_test_cache_path    (void);
void        ui_test_remove_tree   (const char  *path);
void        ui_test_run_app       (UiTestBody   body,
                                   gconstpointer data);

/* Runs the main loop until @condition holds, failing after @seconds. */
#define UI_TEST_WAIT_FOR_SECONDS(condition, seconds)                                   \
  G_STMT_START {                                                                       \
    gboolean timed_out_ = FALSE;                                                       \
    guint timeout_id_ = g_timeout_add_seconds ((seconds), ui_test_timeout_cb, &timed_out_); \
    while (!(condition) && !timed_out_)                                                \
      g_main_context_iteration (NULL, TRUE);                                           \
    if (!timed_out_)                                                                   \
      g_source_remove (timeout_id_);                                                   \
    if (!(condition))                                                                  \
      g_error ("Timed out waiting for: %s", #condition);                               \
  } G_STMT_END

/* Runs the main loop until @condition holds, failing after five seconds. */
#define WAIT_FOR(condition) UI_TEST_WAIT_FOR_SECONDS (condition, 5)

G_END_DECLS
