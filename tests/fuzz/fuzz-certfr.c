/* fuzz-certfr.c: the CERT-FR bulletin reader, with its depth and structure pre-check
 *
 * The input is a whole file, imported as the application imports it:
 * crrc_import_file() on a real cache, with format detection, gzip, one
 * transaction and the import report. The cache is emptied after each input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-fuzz"

#include "config.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  crrc_fuzz_import ("certfr-bulletins.json", data, size);

  return 0;
}
