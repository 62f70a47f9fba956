/* fuzz-common.h: what the fuzz targets share
 *
 * Each fuzz-*.c file defines LLVMFuzzerTestOneInput(). Built with
 * -Dfuzzing=true it is linked with libFuzzer; otherwise with fuzz-main.c,
 * which feeds it every file of a corpus folder (the `fuzz` test suite).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "crrc-import.h"
#include "crrc-store.h"

G_BEGIN_DECLS

int         LLVMFuzzerTestOneInput  (const uint8_t *data,
                                     size_t         size);

/* Makes criticals fatal (a g_return_if_fail() reached from input is a bug)
 * and keeps debug messages quiet. Idempotent. */
void        crrc_fuzz_init          (void);

/* Whether CRRC_FUZZ_VERBOSE is set: the targets then print what the
 * parsers made of each input (reports, errors). */
gboolean    crrc_fuzz_verbose       (void);

/* A private temporary folder for this process, removed at exit. */
const char *crrc_fuzz_get_dir       (void);

/* The cache <dir>/cache.db, opened once per process. */
CrrcStore  *crrc_fuzz_get_store     (void);

/* Empties every table the inputs can fill, so that each input starts from
 * the same empty cache whatever came before it. */
void        crrc_fuzz_reset_store   (void);

/* Fails when any text value of the cache is not valid UTF-8: whatever the
 * input, the cache holds only text that can be shown. */
void        crrc_fuzz_check_cache_text (void);

/* Writes @data to <dir>/@name (no fsync); returns the path. */
char       *crrc_fuzz_write_file    (const char    *name,
                                     const uint8_t *data,
                                     size_t         size);

/* Imports @data as the file <dir>/@name through crrc_import_file(), the
 * path the application takes, then empties the cache again. */
void        crrc_fuzz_import        (const char    *name,
                                     const uint8_t *data,
                                     size_t         size);

G_END_DECLS
