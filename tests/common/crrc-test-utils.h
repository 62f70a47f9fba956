/* crrc-test-utils.h: what the data tests share — temporary folders and caches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crrc-import.h"
#include "crrc-store.h"

G_BEGIN_DECLS

/* A new temporary folder, named after @prefix; the test fails if it cannot
 * be made. */
char      *crrc_test_make_dir    (const char *prefix);
/* Removes @path, a folder of files and folders (the cache and its journal,
 * fixtures written by the test); the test fails if anything stays. */
void       crrc_test_remove_tree (const char *path);
/* Opens (creating it) the cache @name in @dir; the test fails otherwise. */
CrrcStore *crrc_test_open_store  (const char *dir,
                                  const char *name);

/* Opens the cache @name in @dir and synchronises into it the demonstration
 * feed at scale 1 (the 2023 Observatory's national figures), through the
 * real sync path; the feed's folder is removed afterwards. */
CrrcStore *crrc_test_open_demo_store (const char *dir,
                                      const char *name);

/* Asserts every count of an import's report. */
void       crrc_test_assert_counts (CrrcImportReport *report,
                                    guint             read,
                                    guint             added,
                                    guint             updated,
                                    guint             unchanged,
                                    guint             rejected);

G_END_DECLS
