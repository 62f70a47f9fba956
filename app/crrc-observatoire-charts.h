/* crrc-observatoire-charts.h: the Observatoire's charts, built from the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "crrc-chart-model.h"
#include "crrc-query.h"
#include "crrc-store.h"

G_BEGIN_DECLS

/* The feed's keys that charts show as words. */
typedef enum
{
  CRRC_OBSERVATOIRE_ORIGINS,        /* malicious, non_malicious, undetermined */
  CRRC_OBSERVATOIRE_TYPES,          /* ransomware, compromise, … */
  CRRC_OBSERVATOIRE_IMPACTS,        /* none, degraded, interrupted */
  CRRC_OBSERVATOIRE_SECTORS,        /* sanitaire, medico_social, grades, other */
  CRRC_OBSERVATOIRE_AUDIT_TARGETS,  /* centre_hospitalier, sanitaire_autre, … */
} CrrcObservatoireVocabulary;

/* The translated label of @key, or @key itself (a value from a newer
 * feed). */
const char *crrc_observatoire_get_label (CrrcObservatoireVocabulary  vocabulary,
                                         const char                 *key);
/* The key of @text, a key or a translated label (a chart's series name),
 * or NULL. */
const char *crrc_observatoire_get_key   (CrrcObservatoireVocabulary  vocabulary,
                                         const char                 *text);

/* How many years the yearly charts and the KPI sparklines cover, ending at
 * the filter's year. */
#define CRRC_OBSERVATOIRE_N_YEARS 5

/* The charts of the Observatoire for @filter, in page order, each with its
 * export id ("incidents-par-annee", "incidents-par-mois", "origine",
 * "types-d-incidents", "impact-sur-le-fonctionnement",
 * "declarants-par-secteur", "carte-des-departements", "audits-par-cible",
 * "entonnoir-de-prevention"), subtitle (the scope in words) and source line.
 * @filter->year must be set. Blocks on SQLite: call it from the store's
 * thread. Returns a GPtrArray of CrrcChartModel (owning them), or NULL. */
GPtrArray *crrc_observatoire_charts_build (CrrcStore             *store,
                                           const CrrcQueryFilter *filter,
                                           GError               **error);

/* The same, in diffusion mode when @diffusion (crrc-diffusion.h): counts
 * of 1 to 4 suppressed in every chart, with what would give them away,
 * and the footnote after each source line. */
GPtrArray *crrc_observatoire_charts_build_full (CrrcStore             *store,
                                                const CrrcQueryFilter *filter,
                                                gboolean               diffusion,
                                                GError               **error);

/* The department map of the charts above (@counts, id
 * "carte-des-departements") as incidents per 100 open establishments
 * (unit decimal, same scope and emphasis). A rate whose count is
 * suppressed in @counts is suppressed the same way. */
CrrcChartModel *crrc_observatoire_map_per_establishment (CrrcStore             *store,
                                                         CrrcChartModel        *counts,
                                                         const CrrcQueryFilter *filter,
                                                         GError               **error);

/* The key figures for @filter (KPI models, ids "kpi-incidents",
 * "kpi-malicious", "kpi-patient-care", "kpi-no-functioning-impact",
 * "kpi-support-requests", "kpi-cert-supported", "kpi-audits",
 * "kpi-alerted"), each with its previous year and a sparkline over
 * CRRC_OBSERVATOIRE_N_YEARS years. */
GPtrArray *crrc_observatoire_kpis_build   (CrrcStore             *store,
                                           const CrrcQueryFilter *filter,
                                           GError               **error);

/* The same, in diffusion mode when @diffusion: a count of 1 to 4 and a
 * percentage whose part, whole or complement is one are suppressed. */
GPtrArray *crrc_observatoire_kpis_build_full (CrrcStore             *store,
                                              const CrrcQueryFilter *filter,
                                              gboolean               diffusion,
                                              GError               **error);

/* The scope in words: "Bourgogne-Franche-Comté — 2023", "All of France —
 * 2023"; with a department, sector or origin when the filter has them.
 * @year 0 leaves the year out. */
char      *crrc_observatoire_describe_scope (const CrrcQueryFilter *filter,
                                             int                    year);

/* Whether @store holds the demonstration data (rows of the demonstration
 * feed written next to the cache, crrc-demo.h). */
gboolean   crrc_observatoire_is_demo      (CrrcStore             *store,
                                           gboolean              *demo,
                                           GError               **error);

/* "Data synchronised on May 21, 2024" from a last sync in RFC 3339 (as
 * crrc_query_data_freshness() gives it), or NULL for NULL or bad text. */
char      *crrc_observatoire_describe_freshness (const char *freshness);

G_END_DECLS
