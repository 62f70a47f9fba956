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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcReport, crrc_report_free)

G_END_DECLS
