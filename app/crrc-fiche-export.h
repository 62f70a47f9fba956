/* crrc-fiche-export.h: the one-page "Fiche établissement" PDF
 *
 * Also what the establishment's view and its fiche share: the words for
 * the cache's keys, dates as people read them, and the maturity radar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crrc-chart-model.h"
#include "crrc-establishment-detail.h"

G_BEGIN_DECLS

/* The feed's keys shown as words (besides those of the Observatoire). */
typedef enum
{
  CRRC_DETAIL_WORDS_SECTOR,            /* sanitaire, medico_social, … */
  CRRC_DETAIL_WORDS_ORIGIN,            /* malicious, … */
  CRRC_DETAIL_WORDS_INCIDENT_TYPE,     /* ransomware, … */
  CRRC_DETAIL_WORDS_IMPACT,            /* none, degraded, interrupted */
  CRRC_DETAIL_WORDS_INCIDENT_SEVERITY, /* low, medium, important, extreme */
  CRRC_DETAIL_WORDS_AUDIT_KIND,        /* cybersurveillance, exposure, directory */
  CRRC_DETAIL_WORDS_SERVICE,           /* vpn, rdp, … */
  CRRC_DETAIL_WORDS_FINDING_SEVERITY,  /* low, medium, high, critical */
  CRRC_DETAIL_WORDS_ALERT_KIND,        /* vulnerability, compromise, … */
  CRRC_DETAIL_WORDS_EXERCISE_KIND,     /* tabletop, full_scale */
  CRRC_DETAIL_WORDS_FUNDING_STATUS,    /* applied, validated, paid */
  CRRC_DETAIL_WORDS_STAGE,             /* targeted … rediagnosed */
} CrrcDetailWords;

/* The translated word for @key, or @key itself (a value from a newer
 * feed); "—" for NULL. */
const char     *crrc_detail_words_get (CrrcDetailWords  words,
                                       const char      *key);
/* "21 May 2024" ("21 mai 2024") from "2024-05-21" or an RFC 3339
 * timestamp (its day in UTC); the text itself when it is neither. */
char           *crrc_detail_format_date (const char    *date);

/* The radar of the latest diagnostic: one axis per domain, the scores
 * (0–100) as the DATA series, and with 5 peers or more the peers' median
 * (REFERENCE) and quartiles (BAND_LOW, BAND_HIGH). NULL without a
 * diagnostic. */
CrrcChartModel *crrc_detail_radar_new (CrrcEstablishmentDetail *detail);

/* How many incidents the fiche lists, and how many years it counts. */
#define CRRC_FICHE_MAX_INCIDENTS 5
#define CRRC_FICHE_N_YEARS 5

/* Writes the fiche of @detail, one A4 portrait page, with @radar (or
 * NULL) drawn in the print theme: identity, the radar, key figures
 * (incidents of the last years, audits, alerts), the priority measures and
 * the last incidents. Replaces @file atomically, mode 0600. Blocks: call it
 * from a worker thread. */
gboolean        crrc_fiche_export     (CrrcEstablishmentDetail *detail,
                                       CrrcChartModel          *radar,
                                       GFile                   *file,
                                       GError                 **error);

G_END_DECLS
