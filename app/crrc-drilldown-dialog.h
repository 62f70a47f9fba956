/* crrc-drilldown-dialog.h: the establishments behind a figure of the Observatoire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crrc-query.h"
#include "crrc-query-establishments.h"
#include "crrc-store.h"

G_BEGIN_DECLS

#define CRRC_TYPE_DRILLDOWN_DIALOG (crrc_drilldown_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrrcDrilldownDialog, crrc_drilldown_dialog, CRRC, DRILLDOWN_DIALOG, AdwWindow)

/* A window listing the establishments concerned by an activated item of an
 * Observatoire chart: @chart_id is the chart's id ("carte-des-departements",
 * "incidents-par-annee", "kpi-incidents", …), @category_key and
 * @series_name the item's (either may be NULL), @filter the page's filters.
 * The list loads off the main thread from @store (a read-only connection is
 * opened for it). Until the Établissements page lands, this is where
 * drill-down ends. */
CrrcDrilldownDialog *crrc_drilldown_dialog_new (GtkWindow             *parent,
                                                CrrcStore             *store,
                                                const CrrcQueryFilter *filter,
                                                const char            *chart_id,
                                                const char            *category_key,
                                                const char            *series_name);
/* Lists the establishments behind an item of another page (the maturity
 * overview…): @list runs in a worker thread on a read-only connection of
 * its own, with @user_data (which must be safe to read from there; freed
 * with @destroy when the dialog goes) and the dialog's limit; it returns
 * CrrcQueryEstablishment rows (count shown in a column titled
 * @count_title, hidden when NULL; a negative count reads "—") and their
 * total, or NULL with an error. @title names the list, @scope says what it
 * is of (plain text). */
typedef GPtrArray *(*CrrcDrilldownListFunc) (CrrcStore  *reader,
                                             gpointer    user_data,
                                             guint       limit,
                                             gint64     *total,
                                             GError    **error);

CrrcDrilldownDialog *crrc_drilldown_dialog_new_for_list (GtkWindow             *parent,
                                                         CrrcStore             *store,
                                                         const char            *title,
                                                         const char            *scope,
                                                         const char            *count_title,
                                                         CrrcDrilldownListFunc  list,
                                                         gpointer               user_data,
                                                         GDestroyNotify         destroy);
/* What the list is of, in words: "Côte-d'Or — 2023 — with incidents". */
const char          *crrc_drilldown_dialog_get_scope   (CrrcDrilldownDialog *self);
/* The number of establishments listed, -1 while loading. */
int                  crrc_drilldown_dialog_get_n_rows  (CrrcDrilldownDialog *self);

/* The most establishments listed; the count line gives the whole number. */
#define CRRC_DRILLDOWN_DIALOG_LIMIT 500

/* The number of establishments concerned, including those beyond the
 * limit; -1 while loading or after an error. */
gint64               crrc_drilldown_dialog_get_n_total (CrrcDrilldownDialog *self);
/* The listed establishment at @position (0 … n_rows − 1), or NULL. */
const CrrcQueryEstablishment *
                     crrc_drilldown_dialog_get_row     (CrrcDrilldownDialog *self,
                                                        guint                position);
/* What the list was derived from the activated item (keys owned by the
 * dialog). */
const CrrcQueryDrill *crrc_drilldown_dialog_get_drill  (CrrcDrilldownDialog *self);
/* The filter actually applied: the page's, as given. */
const CrrcQueryFilter *crrc_drilldown_dialog_get_filter (CrrcDrilldownDialog *self);

G_END_DECLS
