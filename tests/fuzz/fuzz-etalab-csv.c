/* fuzz-etalab-csv.c: the Etalab CSV line reader (FINESS extract)
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
  crrc_fuzz_import ("etalab-cs1100507-stock-20240101.csv", data, size);

  return 0;
}
