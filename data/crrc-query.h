/* crrc-query.h: aggregates over the cache (dashboard, report, exports)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "crrc-store.h"

G_BEGIN_DECLS

/* What incidents are counted by. */
typedef enum
{
  CRRC_QUERY_BY_YEAR,
  CRRC_QUERY_BY_MONTH,
  CRRC_QUERY_BY_REGION,
  CRRC_QUERY_BY_DEPARTMENT,
  CRRC_QUERY_BY_SECTOR,
  CRRC_QUERY_BY_ORIGIN,
  CRRC_QUERY_BY_TYPE,
  CRRC_QUERY_BY_FUNCTIONING_IMPACT,
  CRRC_QUERY_BY_SEVERITY,
} CrrcQueryDimension;

typedef struct
{
  char   *key;     /* "2023", "01" (a month), "27", "sanitaire", "ransomware"…;
                    * NULL for incidents of an unknown establishment (region,
                    * department, sector) */
  gint64  count;
} CrrcQueryCount;

/* Incidents counted by @dimension, sorted by key (NULL first). @year 0, and
 * NULL @region or @sector, mean "all". Returns a GArray of CrrcQueryCount
 * (keys freed with the array). */
GArray *crrc_query_count_incidents (CrrcStore           *store,
                                    CrrcQueryDimension   dimension,
                                    int                  year,
                                    const char          *region,
                                    const char          *sector,
                                    GError             **error);

/* The headline report of a year. A value of -1 is "not applicable" (null):
 * a percentage of no incident, a change against a year without incidents. */
typedef struct
{
  int     year;
  char   *region;                 /* or NULL: national */
  char   *sector;                 /* or NULL: all sectors */
  gint64  incidents;
  gint64  incidents_previous_year;
  double  incidents_change_pct;   /* one decimal, half up; see has_change */
  gboolean has_change;
  gint64  malicious_pct;
  gint64  non_malicious_pct;
  gint64  patient_care_impact_pct;
  gint64  no_functioning_impact_pct;
  gint64  support_requests;
  gint64  support_requests_pct;
  gint64  cert_supported_establishments;
  gint64  severe_incidents;
  gint64  ransomware_incidents;
  gint64  audits;
  gint64  audits_centre_hospitalier;
  gint64  audits_sanitaire_autre;
  gint64  audits_medico_social;
  gint64  audits_grades;
  gint64  audited_ght;
  gint64  ght_majority_audited;
  gint64  alerted_structures;
  gint64  declaring_structures;
  gint64  incidents_by_month[12];
  GArray *incidents_by_type;      /* of CrrcQueryCount, sorted by type */
  char   *data_freshness;         /* last successful sync (RFC 3339), or NULL */
} CrrcReport;

/* A whole-number percentage of @part in @whole, rounded half up, or -1 when
 * @whole is 0. */
gint64      crrc_query_percent      (gint64       part,
                                     gint64       whole);

CrrcReport *crrc_query_report       (CrrcStore   *store,
                                     int          year,
                                     const char  *region,
                                     const char  *sector,
                                     GError     **error);
void        crrc_report_free        (CrrcReport  *report);
/* The report as one JSON object (keys in a fixed order), with a newline. */
char       *crrc_report_to_json     (const CrrcReport *report);

/* Whether the cache holds no establishment and no incident. */
gboolean    crrc_query_cache_is_empty (CrrcStore *store,
                                       gboolean  *empty,
                                       GError   **error);

/* What the Observatoire looks at. 0 and NULL mean "all". @region,
 * @department and @sector select establishments (an incident of an unknown
 * establishment then no longer counts); @origin selects incidents
 * (`malicious`, `non_malicious`, `undetermined`) and is ignored by the
 * audit and alert figures. */
typedef struct
{
  int         year;
  const char *region;      /* INSEE region code, e.g. "27" */
  const char *department;  /* INSEE department code, e.g. "21", "2A" */
  const char *sector;      /* sanitaire, medico_social, grades, other */
  const char *origin;
} CrrcQueryFilter;

/* Incidents counted by @dimension under @filter (NULL: no filter), sorted
 * by key (NULL first), as crrc_query_count_incidents(). */
GArray     *crrc_query_count_incidents_filtered (CrrcStore             *store,
                                                 CrrcQueryDimension     dimension,
                                                 const CrrcQueryFilter *filter,
                                                 GError               **error);

typedef struct
{
  char   *row;     /* key of the first dimension ("2023"), or NULL */
  char   *column;  /* key of the second one ("degraded"), or NULL */
  gint64  count;
} CrrcQueryCount2;

/* Incidents counted by two dimensions at once (e.g. year × functioning
 * impact), sorted by row then column. Returns a GArray of CrrcQueryCount2
 * (keys freed with the array). */
GArray     *crrc_query_count_incidents_2d (CrrcStore             *store,
                                           CrrcQueryDimension     rows,
                                           CrrcQueryDimension     columns,
                                           const CrrcQueryFilter *filter,
                                           GError               **error);

/* The figures of crrc_query_report() that are counts of incidents, under
 * any filter (year 0: all years). */
typedef struct
{
  gint64 incidents;
  gint64 malicious;
  gint64 non_malicious;
  gint64 patient_care_impact;
  gint64 no_functioning_impact;
  gint64 support_requests;
  gint64 cert_supported_establishments;
  gint64 severe_incidents;
  gint64 ransomware_incidents;
  gint64 declaring_structures;
} CrrcQueryIncidentTotals;

gboolean    crrc_query_incident_totals (CrrcStore               *store,
                                        const CrrcQueryFilter   *filter,
                                        CrrcQueryIncidentTotals *totals,
                                        GError                 **error);

/* Cybersurveillance audits by target, as in crrc_query_report(). */
typedef struct
{
  gint64 audits;
  gint64 centre_hospitalier;  /* hospital centres (categories 355, 101) */
  gint64 sanitaire_autre;     /* other sanitaire establishments */
  gint64 medico_social;
  gint64 grades;
  gint64 audited_ght;
} CrrcQueryAudits;

gboolean    crrc_query_audits_by_target (CrrcStore             *store,
                                         const CrrcQueryFilter *filter,
                                         CrrcQueryAudits       *audits,
                                         GError               **error);

/* Prevention, in distinct structures: alerted by CERT Santé's watch,
 * audited (cybersurveillance), supported by CERT Santé after an incident. */
typedef struct
{
  gint64 alerted;
  gint64 audited;
  gint64 supported;
} CrrcQueryFunnel;

gboolean    crrc_query_prevention_funnel (CrrcStore             *store,
                                          const CrrcQueryFilter *filter,
                                          CrrcQueryFunnel       *funnel,
                                          GError               **error);

/* Open establishments (no closing date) by department code, under the
 * filter's region, department and sector. GArray of CrrcQueryCount. */
GArray     *crrc_query_establishments_by_department (CrrcStore             *store,
                                                     const CrrcQueryFilter *filter,
                                                     GError               **error);

/* Distinct structures that declared an incident, by sector (NULL key:
 * unknown establishments). GArray of CrrcQueryCount. */
GArray     *crrc_query_declarants_by_sector (CrrcStore             *store,
                                             const CrrcQueryFilter *filter,
                                             GError               **error);

/* The latest year with an incident in the whole cache, or 0. */
gboolean    crrc_query_latest_year     (CrrcStore  *store,
                                        int        *year,
                                        GError    **error);

/* The latest year whose incidents reach December — the default year of the
 * dashboard, as a year still under way would compare badly — or the latest
 * year when none does, or 0 when there is no incident. */
gboolean    crrc_query_latest_complete_year (CrrcStore  *store,
                                             int        *year,
                                             GError    **error);

/* The last successful sync (RFC 3339), or NULL when never synchronised. */
gboolean    crrc_query_data_freshness  (CrrcStore  *store,
                                        char      **freshness,
                                        GError    **error);

/* Whether the cache holds establishments or incidents whose `source` is
 * @source (e.g. that of the demonstration feed). */
gboolean    crrc_query_has_source      (CrrcStore  *store,
                                        const char *source,
                                        gboolean   *found,
                                        GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcReport, crrc_report_free)

G_END_DECLS
