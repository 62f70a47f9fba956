/* crrc-establishments-private.h: how names are folded into search words,
 * shared by the schema's triggers (SQL) and the search (C)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* What is folded, as X (from, to): Latin letters of French (and a few
 * neighbours) to their base letter, in both cases, and separators to
 * spaces. SQLite's lower() folds ASCII only, so these are replaced first. */
#define CRRC_SEARCH_FOLDS_1(X) \
  X ("à", "a") X ("á", "a") X ("â", "a") X ("ä", "a") X ("ã", "a") X ("å", "a") \
  X ("æ", "ae") X ("ç", "c") X ("è", "e") X ("é", "e") X ("ê", "e") X ("ë", "e") \
  X ("ì", "i") X ("í", "i") X ("î", "i") X ("ï", "i") X ("ñ", "n")
#define CRRC_SEARCH_FOLDS_2(X) \
  X ("ò", "o") X ("ó", "o") X ("ô", "o") X ("ö", "o") X ("õ", "o") X ("œ", "oe") \
  X ("ù", "u") X ("ú", "u") X ("û", "u") X ("ü", "u") X ("ý", "y") X ("ÿ", "y") \
  X ("À", "a") X ("Á", "a") X ("Â", "a") X ("Ä", "a") X ("Ã", "a") X ("Å", "a")
#define CRRC_SEARCH_FOLDS_3(X) \
  X ("Æ", "ae") X ("Ç", "c") X ("È", "e") X ("É", "e") X ("Ê", "e") X ("Ë", "e") \
  X ("Ì", "i") X ("Í", "i") X ("Î", "i") X ("Ï", "i") X ("Ñ", "n") \
  X ("Ò", "o") X ("Ó", "o") X ("Ô", "o") X ("Ö", "o") X ("Õ", "o") X ("Œ", "oe")
#define CRRC_SEARCH_FOLDS_4(X) \
  X ("Ù", "u") X ("Ú", "u") X ("Û", "u") X ("Ü", "u") X ("Ý", "y") X ("Ÿ", "y") \
  X ("’", " ") X ("-", " ") X ("(", " ") X (")", " ") X (",", " ") X (".", " ") \
  X ("/", " ") X ("\"", " ") X ("\\", " ") X (";", " ") X (":", " ") X ("&", " ")
#define CRRC_SEARCH_FOLDS_5(X) \
  X ("+", " ") X ("!", " ") X ("?", " ") X ("*", " ") X ("[", " ") X ("]", " ") \
  X ("«", " ") X ("»", " ") X ("_", " ") X ("\t", " ") X ("\n", " ") X ("\r", " ")

#define CRRC_SEARCH_FOLDS(X) \
  CRRC_SEARCH_FOLDS_1 (X) CRRC_SEARCH_FOLDS_2 (X) CRRC_SEARCH_FOLDS_3 (X) \
  CRRC_SEARCH_FOLDS_4 (X) CRRC_SEARCH_FOLDS_5 (X)

#define CRRC_SEARCH_FOLD_OPEN(from, to) "replace ("
#define CRRC_SEARCH_FOLD_CLOSE(from, to) ", '" from "', '" to "')"

/* One step of the fold of the column `text` of a table: SQLite's parser
 * does not take a hundred nested calls in one expression, so that the
 * schema applies the steps one after the other (crrc-schema.c), then
 * lower() and the apostrophe. */
#define CRRC_SEARCH_FOLD_STEP_SQL(n) \
  CRRC_SEARCH_FOLDS_##n (CRRC_SEARCH_FOLD_OPEN) "text" CRRC_SEARCH_FOLDS_##n (CRRC_SEARCH_FOLD_CLOSE)
