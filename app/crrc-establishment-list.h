/* crrc-establishment-list.h: the registry's list as a GListModel paged
 * from SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crrc-establishments.h"
#include "crrc-store.h"

G_BEGIN_DECLS

#define CRRC_TYPE_ESTABLISHMENT_ROW (crrc_establishment_row_get_type ())
G_DECLARE_FINAL_TYPE (CrrcEstablishmentRow, crrc_establishment_row, CRRC, ESTABLISHMENT_ROW, GObject)

/* A row not fetched yet (shown empty) has no FINESS number. */
gboolean                     crrc_establishment_row_get_loading (CrrcEstablishmentRow *self);
const CrrcEstablishmentsRow *crrc_establishment_row_get_data    (CrrcEstablishmentRow *self);
const char                  *crrc_establishment_row_get_finess  (CrrcEstablishmentRow *self);
const char                  *crrc_establishment_row_get_name    (CrrcEstablishmentRow *self);

#define CRRC_ESTABLISHMENT_LIST_PAGE_SIZE 100

#define CRRC_TYPE_ESTABLISHMENT_LIST (crrc_establishment_list_get_type ())
G_DECLARE_FINAL_TYPE (CrrcEstablishmentList, crrc_establishment_list, CRRC, ESTABLISHMENT_LIST, GObject)

CrrcEstablishmentList          *crrc_establishment_list_new        (void);
/* The cache read, on a read-only connection of its own (or NULL). */
void                            crrc_establishment_list_set_store  (CrrcEstablishmentList          *self,
                                                                    CrrcStore                      *store);
void                            crrc_establishment_list_set_filter (CrrcEstablishmentList          *self,
                                                                    const CrrcEstablishmentsFilter *filter);
const CrrcEstablishmentsFilter *crrc_establishment_list_get_filter (CrrcEstablishmentList          *self);
void                            crrc_establishment_list_set_sort   (CrrcEstablishmentList          *self,
                                                                    CrrcEstablishmentsSort          sort,
                                                                    gboolean                        descending);
CrrcEstablishmentsSort          crrc_establishment_list_get_sort   (CrrcEstablishmentList          *self,
                                                                    gboolean                       *descending);
/* Queries again, the maturity too: after a change of the cache. */
void                            crrc_establishment_list_reload     (CrrcEstablishmentList          *self);
/* The number of matches once counted (-1 before), and whether a query is
 * running (notify::count, notify::loading). */
gint64                          crrc_establishment_list_get_count   (CrrcEstablishmentList          *self);
gboolean                        crrc_establishment_list_get_loading (CrrcEstablishmentList          *self);
/* How many pages are held (at most a few). */
guint                           crrc_establishment_list_get_n_cached_pages (CrrcEstablishmentList *self);
/* Iterates the main context until no query or page is pending: tests. */
void                            crrc_establishment_list_wait       (CrrcEstablishmentList          *self);

G_END_DECLS
