/* crrc-feed-records.c: validating feed records and writing them to the cache
 *
 * One applier per feed and transaction (the sync engine's). Each record is
 * parsed on its own, checked against the table of FEED-PROTOCOL.md ("Feeds
 * and records") as described by the field tables below, and turned into the
 * values of its row and of its child rows. Those values, in a canonical
 * order, give a hash that is stored with the row (schema version 4): a
 * record sent again unchanged costs one indexed lookup and writes nothing.
 * Anything else is one upsert, and for records with child rows (audit
 * findings, diagnostic answers, campaign targets) a replacement of those.
 *
 * SQL texts are constants: every value is bound. Statements are prepared
 * once per applier and reused. data/FEEDS.md, section "Records", lists the
 * decisions taken where the protocol leaves a choice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-feed-records"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "crrc-feed-records.h"
#include "crrc-finess.h"
#include "crrc-geo.h"
#include "crrc-import-private.h"
#include "crrc-json-splitter.h"
#include "crrc-store-private.h"

/* The protocol's limit on a string value, in bytes. */
#define MAX_STRING_BYTES (64 * 1024)
/* Characters of a value quoted in a reason. */
#define MAX_QUOTED_CHARS 60
/* Values of a row: its columns after the id. */
#define MAX_VALUES 16
/* Values of a child row, after the parent's id. */
#define MAX_CHILD_VALUES 6
/* Years of dates, as the importers accept them (_crrc_import_parse_date). */
#define MIN_YEAR 1800
#define MAX_YEAR 2999
/* Changing how records are made canonical changes this, so that every
 * stored hash differs once and each record is written again. */
#define HASH_SALT "crrc-feed-record-1"

typedef enum
{
  FIELD_TEXT,           /* any string */
  FIELD_NAME,           /* a non-empty string */
  FIELD_ENUM,           /* one of FieldSpec.values */
  FIELD_ENUM_SET,       /* an array of FieldSpec.values, stored as "a,b" */
  FIELD_DATE,           /* YYYY-MM-DD */
  FIELD_DATE_OR_TIME,   /* YYYY-MM-DD, or RFC 3339 stored in UTC */
  FIELD_BOOLEAN,        /* stored as 0 or 1 */
  FIELD_FINESS,         /* nine characters with a valid key */
  FIELD_CATEGORY,       /* three digits */
  FIELD_DEPARTMENT,     /* a known INSEE department */
  FIELD_REGION,         /* a known INSEE region */
  FIELD_COMMUNE,        /* an INSEE commune code */
  FIELD_CVE,            /* CVE-YYYY-NNNN… */
  FIELD_LATITUDE,
  FIELD_LONGITUDE,
  FIELD_YEAR,
  FIELD_AMOUNT,         /* a number, zero or more */
} FieldType;

typedef struct
{
  const char         *name;
  FieldType           type;
  gboolean            required;
  const char * const *values;   /* FIELD_ENUM, FIELD_ENUM_SET: NULL-terminated */
} FieldSpec;

typedef enum
{
  VALUE_NULL,
  VALUE_TEXT,
  VALUE_INT,
  VALUE_REAL,
} ValueType;

/* A bound value. Text points into the parsed record or the scratch chunk,
 * both valid until the next record. */
typedef struct
{
  ValueType   type;
  const char *text;
  gint64      integer;
  double      real;
} Value;

typedef struct
{
  guint index;   /* in the record's array, for messages */
  Value values[MAX_CHILD_VALUES];
} ChildRow;

typedef enum
{
  CHILDREN_NONE,
  CHILDREN_FINDINGS,
  CHILDREN_ANSWERS,
  CHILDREN_TARGETS,
} ChildKind;

typedef enum
{
  STMT_LOOKUP,        /* ?1 id → source, hash */
  STMT_UPSERT,        /* ?1 id, the values, source, hash */
  STMT_DELETE,        /* ?1 id, ?2 source */
  STMT_LIST,          /* ?1 source → id */
  STMT_CHILD_DELETE,  /* ?1 parent id */
  STMT_CHILD_INSERT,  /* ?1 parent id, the child's values */
  N_STATEMENTS
} StatementId;

typedef gboolean (*RecordCheck) (CrrcFeedApplier *self,
                                 JsonObject      *object);

typedef struct
{
  const char      *name;
  const char      *id_member;     /* "id", or "finess" for establishments */
  const FieldSpec *fields;        /* bound as ?2, ?3… in this order */
  guint            n_fields;
  guint            n_computed;    /* values set by @check, bound after the fields */
  RecordCheck      check;         /* rules across fields, or NULL */
  ChildKind        children;
  guint            n_child_values;
  const char      *sql[N_STATEMENTS];
} KindSpec;

struct _CrrcFeedApplier
{
  sqlite3        *db;
  const KindSpec *spec;
  char           *source;
  sqlite3_stmt   *statements[N_STATEMENTS];
  JsonParser     *parser;
  GChecksum      *checksum;
  GByteArray     *canonical;      /* the current record's, to hash */

  /* Ids applied (or rejected with a valid id) since the applier was made,
   * for the snapshot: the set's keys live in @seen_ids. */
  GHashTable     *seen;
  GStringChunk   *seen_ids;
  /* Ids added to @seen since crrc_feed_applier_set_savepoint(). */
  GPtrArray      *seen_since_savepoint;

  /* The current record. */
  GStringChunk   *scratch;
  const char     *id;
  gboolean        key_checked;
  Value           values[MAX_VALUES];
  GArray         *children;       /* of ChildRow */
  char           *reject_field;
  char           *reject_reason;
};

static const char * const feed_names[] = {
  [CRRC_FEED_ESTABLISHMENTS] = "establishments",
  [CRRC_FEED_INCIDENTS] = "incidents",
  [CRRC_FEED_AUDITS] = "audits",
  [CRRC_FEED_ALERTS] = "alerts",
  [CRRC_FEED_DIAGNOSTICS] = "diagnostics",
  [CRRC_FEED_CAMPAIGNS] = "campaigns",
  [CRRC_FEED_EXERCISES] = "exercises",
  [CRRC_FEED_FUNDING] = "funding",
};

G_STATIC_ASSERT (G_N_ELEMENTS (feed_names) == CRRC_N_FEEDS);

/* Enumerations of the protocol. */
static const char * const sectors[] = { "sanitaire", "medico_social", "grades", "other", NULL };
static const char * const ght_roles[] = { "support", "member", NULL };
static const char * const incident_origins[] = { "malicious", "non_malicious", "undetermined", NULL };
static const char * const incident_types[] = {
  "ransomware", "compromise", "malicious_email", "data_leak", "theft",
  "denial_of_service", "defacement", "infrastructure_failure",
  "provider_failure", "telecom_loss", "human_error", "other", NULL
};
static const char * const functioning_impacts[] = { "none", "degraded", "interrupted", NULL };
static const char * const data_impacts[] = { "confidentiality", "integrity", "availability", NULL };
static const char * const incident_severities[] = { "low", "medium", "important", "extreme", NULL };
static const char * const audit_kinds[] = { "cybersurveillance", "exposure", "directory", NULL };
static const char * const finding_services[] = {
  "rdp", "vpn", "web_portal", "remote_maintenance", "mail", "directory",
  "database", "other", NULL
};
static const char * const finding_severities[] = { "low", "medium", "high", "critical", NULL };
static const char * const alert_kinds[] = { "vulnerability", "compromise", "exposure", "data_leak", NULL };
/* MATURITY.md, "Campaign pipeline", in order. */
static const char * const campaign_stages[] = {
  "targeted", "contacted", "scheduled", "diagnosed", "report_sent",
  "action_plan", "exercise_done", "rediagnosed", NULL
};
static const char * const exercise_kinds[] = { "tabletop", "full_scale", NULL };
static const char * const funding_programmes[] = { "care", NULL };
static const char * const funding_domains[] = { "d1", "d2", "d3", "d4", "d5", NULL };
static const char * const funding_statuses[] = { "applied", "validated", "paid", NULL };

/* Establishments: the id is the FINESS number. */
enum
{
  EST_LEGAL_FINESS,
  EST_NAME,
  EST_CATEGORY,
  EST_CATEGORY_LABEL,
  EST_SECTOR,
  EST_DEPARTMENT,
  EST_REGION,
  EST_COMMUNE,
  EST_GHT,
  EST_GHT_ROLE,
  EST_PUBLIC,
  EST_LAT,
  EST_LON,
  EST_CLOSED_ON,
  EST_UPDATED_AT,
  EST_KEY_CHECKED,   /* computed */
};

static const FieldSpec establishment_fields[] = {
  [EST_LEGAL_FINESS] = { "legal_finess", FIELD_FINESS, FALSE, NULL },
  [EST_NAME] = { "name", FIELD_NAME, TRUE, NULL },
  [EST_CATEGORY] = { "category", FIELD_CATEGORY, TRUE, NULL },
  [EST_CATEGORY_LABEL] = { "category_label", FIELD_TEXT, FALSE, NULL },
  [EST_SECTOR] = { "sector", FIELD_ENUM, TRUE, sectors },
  [EST_DEPARTMENT] = { "department", FIELD_DEPARTMENT, TRUE, NULL },
  [EST_REGION] = { "region", FIELD_REGION, FALSE, NULL },
  [EST_COMMUNE] = { "commune", FIELD_COMMUNE, FALSE, NULL },
  [EST_GHT] = { "ght", FIELD_TEXT, FALSE, NULL },
  [EST_GHT_ROLE] = { "ght_role", FIELD_ENUM, FALSE, ght_roles },
  [EST_PUBLIC] = { "public", FIELD_BOOLEAN, FALSE, NULL },
  [EST_LAT] = { "lat", FIELD_LATITUDE, FALSE, NULL },
  [EST_LON] = { "lon", FIELD_LONGITUDE, FALSE, NULL },
  [EST_CLOSED_ON] = { "closed_on", FIELD_DATE, FALSE, NULL },
  [EST_UPDATED_AT] = { "updated_at", FIELD_DATE_OR_TIME, FALSE, NULL },
};

static const FieldSpec incident_fields[] = {
  { "finess", FIELD_FINESS, TRUE, NULL },
  { "declared_at", FIELD_DATE_OR_TIME, TRUE, NULL },
  { "origin", FIELD_ENUM, TRUE, incident_origins },
  { "type", FIELD_ENUM, TRUE, incident_types },
  { "patient_care_impact", FIELD_BOOLEAN, TRUE, NULL },
  { "functioning_impact", FIELD_ENUM, TRUE, functioning_impacts },
  { "data_impact", FIELD_ENUM_SET, FALSE, data_impacts },
  { "severity", FIELD_ENUM, FALSE, incident_severities },
  { "support_requested", FIELD_BOOLEAN, FALSE, NULL },
  { "cert_support", FIELD_BOOLEAN, FALSE, NULL },
  { "summary", FIELD_TEXT, FALSE, NULL },
  { "updated_at", FIELD_DATE_OR_TIME, FALSE, NULL },
};

static const FieldSpec audit_fields[] = {
  { "finess", FIELD_FINESS, TRUE, NULL },
  { "date", FIELD_DATE, TRUE, NULL },
  { "kind", FIELD_ENUM, TRUE, audit_kinds },
  { "updated_at", FIELD_DATE_OR_TIME, FALSE, NULL },
};

/* Bound after the audit's id and the finding's position. */
static const FieldSpec finding_fields[] = {
  { "service", FIELD_ENUM, TRUE, finding_services },
  { "product", FIELD_TEXT, FALSE, NULL },
  { "cve", FIELD_CVE, FALSE, NULL },
  { "severity", FIELD_ENUM, TRUE, finding_severities },
  { "resolved_on", FIELD_DATE, FALSE, NULL },
};

static const FieldSpec alert_fields[] = {
  { "finess", FIELD_FINESS, TRUE, NULL },
  { "sent_at", FIELD_DATE_OR_TIME, TRUE, NULL },
  { "kind", FIELD_ENUM, TRUE, alert_kinds },
  { "reference", FIELD_TEXT, FALSE, NULL },
  { "cve", FIELD_CVE, FALSE, NULL },
  { "acknowledged_at", FIELD_DATE_OR_TIME, FALSE, NULL },
  { "updated_at", FIELD_DATE_OR_TIME, FALSE, NULL },
};

static const FieldSpec diagnostic_fields[] = {
  { "finess", FIELD_FINESS, TRUE, NULL },
  { "date", FIELD_DATE, TRUE, NULL },
  { "referential", FIELD_NAME, TRUE, NULL },
  { "campaign", FIELD_TEXT, FALSE, NULL },
  { "updated_at", FIELD_DATE_OR_TIME, FALSE, NULL },
};

static const FieldSpec campaign_fields[] = {
  { "name", FIELD_NAME, TRUE, NULL },
  { "region", FIELD_REGION, TRUE, NULL },
  { "sector", FIELD_ENUM, TRUE, sectors },
  { "start", FIELD_DATE, TRUE, NULL },
  { "due", FIELD_DATE, TRUE, NULL },
  { "updated_at", FIELD_DATE_OR_TIME, FALSE, NULL },
};

static const FieldSpec target_fields[] = {
  { "finess", FIELD_FINESS, TRUE, NULL },
  { "stage", FIELD_ENUM, TRUE, campaign_stages },
  { "stage_date", FIELD_DATE, FALSE, NULL },
};

static const FieldSpec exercise_fields[] = {
  { "finess", FIELD_FINESS, TRUE, NULL },
  { "date", FIELD_DATE, TRUE, NULL },
  { "kind", FIELD_ENUM, TRUE, exercise_kinds },
  { "kit", FIELD_TEXT, FALSE, NULL },
  { "updated_at", FIELD_DATE_OR_TIME, FALSE, NULL },
};

static const FieldSpec funding_fields[] = {
  { "finess", FIELD_FINESS, TRUE, NULL },
  { "programme", FIELD_ENUM, TRUE, funding_programmes },
  { "domain", FIELD_ENUM, TRUE, funding_domains },
  { "year", FIELD_YEAR, TRUE, NULL },
  { "amount_eur", FIELD_AMOUNT, TRUE, NULL },
  { "status", FIELD_ENUM, TRUE, funding_statuses },
  { "updated_at", FIELD_DATE_OR_TIME, FALSE, NULL },
};

static gboolean check_establishment (CrrcFeedApplier *self,
                                     JsonObject      *object);

/* The establishments columns a feed does not carry (long_name, address,
 * phone, siret, x, y, epsg, opened_on…) keep what an import wrote there;
 * so does aggregate_category while the category stays the same, and
 * category_label when the feed has none for the same category. */
static const KindSpec kind_specs[] = {
  [CRRC_FEED_ESTABLISHMENTS] = {
    "establishments", "finess",
    establishment_fields, G_N_ELEMENTS (establishment_fields), 1,
    check_establishment, CHILDREN_NONE, 0,
    {
      [STMT_LOOKUP] = "SELECT source, hash FROM establishments WHERE finess = ?1",
      [STMT_UPSERT] =
        "INSERT INTO establishments (finess, legal_finess, name, category, category_label,"
        " sector, department, region, commune, ght, ght_role, public, lat, lon, closed_on,"
        " updated_at, key_checked, source, hash)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
        " ?17, ?18, ?19)"
        " ON CONFLICT (finess) DO UPDATE SET"
        " legal_finess = excluded.legal_finess, name = excluded.name,"
        " aggregate_category = CASE WHEN category IS excluded.category"
        "   THEN aggregate_category END,"
        " category_label = CASE WHEN excluded.category_label IS NULL"
        "   AND category IS excluded.category"
        "   THEN category_label ELSE excluded.category_label END,"
        " category = excluded.category, sector = excluded.sector,"
        " department = excluded.department, region = excluded.region,"
        " commune = excluded.commune, ght = excluded.ght, ght_role = excluded.ght_role,"
        " public = excluded.public, lat = excluded.lat, lon = excluded.lon,"
        " closed_on = excluded.closed_on, updated_at = excluded.updated_at,"
        " key_checked = excluded.key_checked, source = excluded.source,"
        " hash = excluded.hash, extracted_on = NULL",
      [STMT_DELETE] = "DELETE FROM establishments WHERE finess = ?1 AND source = ?2",
      [STMT_LIST] = "SELECT finess FROM establishments WHERE source = ?1",
    },
  },
  [CRRC_FEED_INCIDENTS] = {
    "incidents", "id",
    incident_fields, G_N_ELEMENTS (incident_fields), 0,
    NULL, CHILDREN_NONE, 0,
    {
      [STMT_LOOKUP] = "SELECT source, hash FROM incidents WHERE id = ?1",
      [STMT_UPSERT] =
        "INSERT INTO incidents (id, finess, declared_at, origin, type, patient_care_impact,"
        " functioning_impact, data_impact, severity, support_requested, cert_support,"
        " summary, updated_at, source, hash)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
        " ON CONFLICT (id) DO UPDATE SET"
        " finess = excluded.finess, declared_at = excluded.declared_at,"
        " origin = excluded.origin, type = excluded.type,"
        " patient_care_impact = excluded.patient_care_impact,"
        " functioning_impact = excluded.functioning_impact,"
        " data_impact = excluded.data_impact, severity = excluded.severity,"
        " support_requested = excluded.support_requested,"
        " cert_support = excluded.cert_support, summary = excluded.summary,"
        " updated_at = excluded.updated_at, source = excluded.source, hash = excluded.hash",
      [STMT_DELETE] = "DELETE FROM incidents WHERE id = ?1 AND source = ?2",
      [STMT_LIST] = "SELECT id FROM incidents WHERE source = ?1",
    },
  },
  [CRRC_FEED_AUDITS] = {
    "audits", "id",
    audit_fields, G_N_ELEMENTS (audit_fields), 0,
    NULL, CHILDREN_FINDINGS, 1 + G_N_ELEMENTS (finding_fields),
    {
      [STMT_LOOKUP] = "SELECT source, hash FROM audits WHERE id = ?1",
      [STMT_UPSERT] =
        "INSERT INTO audits (id, finess, date, kind, updated_at, source, hash)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        " ON CONFLICT (id) DO UPDATE SET"
        " finess = excluded.finess, date = excluded.date, kind = excluded.kind,"
        " updated_at = excluded.updated_at, source = excluded.source, hash = excluded.hash",
      [STMT_DELETE] = "DELETE FROM audits WHERE id = ?1 AND source = ?2",
      [STMT_LIST] = "SELECT id FROM audits WHERE source = ?1",
      [STMT_CHILD_DELETE] = "DELETE FROM audit_findings WHERE audit_id = ?1",
      [STMT_CHILD_INSERT] =
        "INSERT INTO audit_findings (audit_id, position, service, product, cve, severity,"
        " resolved_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    },
  },
  [CRRC_FEED_ALERTS] = {
    "alerts", "id",
    alert_fields, G_N_ELEMENTS (alert_fields), 0,
    NULL, CHILDREN_NONE, 0,
    {
      [STMT_LOOKUP] = "SELECT source, hash FROM alerts WHERE id = ?1",
      [STMT_UPSERT] =
        "INSERT INTO alerts (id, finess, sent_at, kind, reference, cve, acknowledged_at,"
        " updated_at, source, hash)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        " ON CONFLICT (id) DO UPDATE SET"
        " finess = excluded.finess, sent_at = excluded.sent_at, kind = excluded.kind,"
        " reference = excluded.reference, cve = excluded.cve,"
        " acknowledged_at = excluded.acknowledged_at, updated_at = excluded.updated_at,"
        " source = excluded.source, hash = excluded.hash",
      [STMT_DELETE] = "DELETE FROM alerts WHERE id = ?1 AND source = ?2",
      [STMT_LIST] = "SELECT id FROM alerts WHERE source = ?1",
    },
  },
  [CRRC_FEED_DIAGNOSTICS] = {
    "diagnostics", "id",
    diagnostic_fields, G_N_ELEMENTS (diagnostic_fields), 0,
    NULL, CHILDREN_ANSWERS, 2,
    {
      [STMT_LOOKUP] = "SELECT source, hash FROM diagnostics WHERE id = ?1",
      [STMT_UPSERT] =
        "INSERT INTO diagnostics (id, finess, date, referential, campaign, updated_at,"
        " source, hash)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        " ON CONFLICT (id) DO UPDATE SET"
        " finess = excluded.finess, date = excluded.date,"
        " referential = excluded.referential, campaign = excluded.campaign,"
        " updated_at = excluded.updated_at, source = excluded.source, hash = excluded.hash",
      [STMT_DELETE] = "DELETE FROM diagnostics WHERE id = ?1 AND source = ?2",
      [STMT_LIST] = "SELECT id FROM diagnostics WHERE source = ?1",
      [STMT_CHILD_DELETE] = "DELETE FROM diagnostic_answers WHERE diagnostic_id = ?1",
      [STMT_CHILD_INSERT] =
        "INSERT INTO diagnostic_answers (diagnostic_id, question, answer) VALUES (?1, ?2, ?3)",
    },
  },
  [CRRC_FEED_CAMPAIGNS] = {
    "campaigns", "id",
    campaign_fields, G_N_ELEMENTS (campaign_fields), 0,
    NULL, CHILDREN_TARGETS, G_N_ELEMENTS (target_fields),
    {
      [STMT_LOOKUP] = "SELECT source, hash FROM campaigns WHERE id = ?1",
      [STMT_UPSERT] =
        "INSERT INTO campaigns (id, name, region, sector, start, due, updated_at, source, hash)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        " ON CONFLICT (id) DO UPDATE SET"
        " name = excluded.name, region = excluded.region, sector = excluded.sector,"
        " start = excluded.start, due = excluded.due, updated_at = excluded.updated_at,"
        " source = excluded.source, hash = excluded.hash",
      [STMT_DELETE] = "DELETE FROM campaigns WHERE id = ?1 AND source = ?2",
      [STMT_LIST] = "SELECT id FROM campaigns WHERE source = ?1",
      [STMT_CHILD_DELETE] = "DELETE FROM campaign_targets WHERE campaign_id = ?1",
      [STMT_CHILD_INSERT] =
        "INSERT INTO campaign_targets (campaign_id, finess, stage, stage_date)"
        " VALUES (?1, ?2, ?3, ?4)",
    },
  },
  [CRRC_FEED_EXERCISES] = {
    "exercises", "id",
    exercise_fields, G_N_ELEMENTS (exercise_fields), 0,
    NULL, CHILDREN_NONE, 0,
    {
      [STMT_LOOKUP] = "SELECT source, hash FROM exercises WHERE id = ?1",
      [STMT_UPSERT] =
        "INSERT INTO exercises (id, finess, date, kind, kit, updated_at, source, hash)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        " ON CONFLICT (id) DO UPDATE SET"
        " finess = excluded.finess, date = excluded.date, kind = excluded.kind,"
        " kit = excluded.kit, updated_at = excluded.updated_at,"
        " source = excluded.source, hash = excluded.hash",
      [STMT_DELETE] = "DELETE FROM exercises WHERE id = ?1 AND source = ?2",
      [STMT_LIST] = "SELECT id FROM exercises WHERE source = ?1",
    },
  },
  [CRRC_FEED_FUNDING] = {
    "funding", "id",
    funding_fields, G_N_ELEMENTS (funding_fields), 0,
    NULL, CHILDREN_NONE, 0,
    {
      [STMT_LOOKUP] = "SELECT source, hash FROM funding WHERE id = ?1",
      [STMT_UPSERT] =
        "INSERT INTO funding (id, finess, programme, domain, year, amount_eur, status,"
        " updated_at, source, hash)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        " ON CONFLICT (id) DO UPDATE SET"
        " finess = excluded.finess, programme = excluded.programme,"
        " domain = excluded.domain, year = excluded.year,"
        " amount_eur = excluded.amount_eur, status = excluded.status,"
        " updated_at = excluded.updated_at, source = excluded.source, hash = excluded.hash",
      [STMT_DELETE] = "DELETE FROM funding WHERE id = ?1 AND source = ?2",
      [STMT_LIST] = "SELECT id FROM funding WHERE source = ?1",
    },
  },
};

G_STATIC_ASSERT (G_N_ELEMENTS (kind_specs) == CRRC_N_FEEDS);
G_STATIC_ASSERT (G_N_ELEMENTS (establishment_fields) + 1 <= MAX_VALUES);
G_STATIC_ASSERT (G_N_ELEMENTS (incident_fields) <= MAX_VALUES);
G_STATIC_ASSERT (G_N_ELEMENTS (finding_fields) + 1 <= MAX_CHILD_VALUES);

/* Helpers: messages */

/* @value cut to its first MAX_QUOTED_CHARS characters with an ellipsis, in
 * the record's scratch chunk. */
static const char *
quote (CrrcFeedApplier *self,
       const char      *value)
{
  const char *end = value;
  guint n = 0;
  g_autofree char *cut = NULL;

  while (*end != '\0' && n < MAX_QUOTED_CHARS)
    {
      end = g_utf8_next_char (end);
      n++;
    }

  if (*end == '\0')
    return value;

  cut = g_strdup_printf ("%.*s…", (int) (end - value), value);

  return g_string_chunk_insert (self->scratch, cut);
}

/* "name", or "prefix.name" for a field of a child. */
static char *
field_path (const char *prefix,
            const char *name)
{
  if (prefix == NULL)
    return g_strdup (name);

  return g_strconcat (prefix, ".", name, NULL);
}

/* Records why the current record is rejected; returns FALSE so that
 * checks can `return fail (…)`. The first failure is kept. */
static gboolean G_GNUC_PRINTF (3, 4)
fail (CrrcFeedApplier *self,
      char            *field,
      const char      *format,
      ...)
{
  va_list args;

  if (self->reject_reason != NULL)
    {
      g_free (field);
      return FALSE;
    }

  self->reject_field = field;
  va_start (args, format);
  self->reject_reason = g_strdup_vprintf (format, args);
  va_end (args);

  return FALSE;
}

/* Helpers: values */

static gboolean
is_string_node (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
get_number (JsonNode *node,
            double   *out)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;

  return TRUE;
}

/* An integer, written 2024 or (as some encoders do) 2024.0 or 2.024e3. */
static gboolean
get_integer (JsonNode *node,
             gint64   *out)
{
  double number;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }

  if (!get_number (node, &number) || number != (double) (gint64) number
      || number < -1e15 || number > 1e15)
    return FALSE;

  *out = (gint64) number;

  return TRUE;
}

static gboolean
is_one_of (const char         *text,
           const char * const *values)
{
  for (guint i = 0; values[i] != NULL; i++)
    {
      if (g_str_equal (text, values[i]))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_date (const char *text)
{
  char date[11];

  return strlen (text) == 10 && _crrc_import_parse_date (text, date);
}

static gboolean
read_digits (const char **p,
             guint        n,
             guint       *out)
{
  guint value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + (guint) ((*p)[i] - '0');
    }

  *p += n;
  *out = value;

  return TRUE;
}

/* RFC 3339 date-time (section 5.6): YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM),
 * "T" and "Z" in either case. Written to @out in UTC, to the second. */
static gboolean
parse_timestamp (const char *text,
                 char        out[21])
{
  const char *p = text + 11;
  guint year, month, day, hour, minute, second;
  guint offset_hours = 0, offset_minutes = 0;
  int sign = 0;
  char date_part[11];
  char date[11];

  if (strlen (text) < 20 || (text[10] != 'T' && text[10] != 't'))
    return FALSE;

  memcpy (date_part, text, 10);
  date_part[10] = '\0';
  if (!_crrc_import_parse_date (date_part, date))
    return FALSE;

  if (!read_digits (&p, 2, &hour) || *p++ != ':'
      || !read_digits (&p, 2, &minute) || *p++ != ':'
      || !read_digits (&p, 2, &second))
    return FALSE;

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p == 'Z' || *p == 'z')
    {
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      sign = *p++ == '+' ? 1 : -1;
      if (!read_digits (&p, 2, &offset_hours) || *p++ != ':'
          || !read_digits (&p, 2, &offset_minutes))
        return FALSE;
    }
  else
    {
      return FALSE;
    }

  /* A leap second (60) is allowed by RFC 3339; GDateTime has none. */
  if (*p != '\0' || hour > 23 || minute > 59 || second > 60
      || offset_hours > 23 || offset_minutes > 59)
    return FALSE;
  second = MIN (second, 59);

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  if (sign != 0 && (offset_hours != 0 || offset_minutes != 0))
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_offset (sign * (gint32) (offset_hours * 3600 + offset_minutes * 60));
      g_autoptr(GDateTime) local = g_date_time_new (zone, (int) year, (int) month, (int) day,
                                                    (int) hour, (int) minute, second);
      g_autoptr(GDateTime) utc = NULL;

      if (local == NULL)
        return FALSE;
      utc = g_date_time_to_utc (local);
      year = (guint) g_date_time_get_year (utc);
      month = (guint) g_date_time_get_month (utc);
      day = (guint) g_date_time_get_day_of_month (utc);
      hour = (guint) g_date_time_get_hour (utc);
      minute = (guint) g_date_time_get_minute (utc);
      second = (guint) g_date_time_get_second (utc);
      if (year < MIN_YEAR || year > MAX_YEAR)
        return FALSE;
    }

  g_snprintf (out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", year, month, day, hour, minute, second);

  return TRUE;
}

static gboolean
is_category (const char *text)
{
  return strlen (text) == 3
         && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) && g_ascii_isdigit (text[2]);
}

/* Five characters, the first two those of a department ("2A", "97"…). */
static gboolean
is_commune (const char *text)
{
  if (strlen (text) != 5 || !g_ascii_isdigit (text[0])
      || !(g_ascii_isdigit (text[1]) || text[1] == 'A' || text[1] == 'B'))
    return FALSE;

  for (guint i = 2; i < 5; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return TRUE;
}

/* CVE-YYYY-NNNN, with 4 to 19 digits after the year, as the CERT-FR
 * importer accepts them. */
static gboolean
is_cve (const char *text)
{
  const char *p = text;
  guint n = 0;

  if (strncmp (p, "CVE-", 4) != 0)
    return FALSE;
  p += 4;

  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isdigit (*p++))
        return FALSE;
    }

  if (*p++ != '-')
    return FALSE;

  while (g_ascii_isdigit (*p))
    {
      p++;
      n++;
    }

  return *p == '\0' && n >= 4 && n <= 19;
}

static gboolean
check_finess (CrrcFeedApplier  *self,
              char             *field,
              const char       *text,
              gboolean         *out_key_checked)
{
  char finess[CRRC_FINESS_LENGTH + 1];
  CrrcFinessStatus status;

  /* crrc_finess_parse() accepts spaces and lowercase letters, as typed by
   * people; a feed gives the number as stored. */
  status = strlen (text) == CRRC_FINESS_LENGTH
           ? crrc_finess_parse (text, finess)
           : CRRC_FINESS_INVALID;
  if (status != CRRC_FINESS_INVALID && !g_str_equal (finess, text))
    status = CRRC_FINESS_INVALID;

  switch (status)
    {
    case CRRC_FINESS_VALID:
    case CRRC_FINESS_KEY_NOT_CHECKED:
      if (out_key_checked != NULL)
        *out_key_checked = status == CRRC_FINESS_VALID;
      g_free (field);
      return TRUE;

    case CRRC_FINESS_BAD_KEY:
      return fail (self, field, _("The check key (last digit) of the FINESS number %s is wrong."),
                   text);

    case CRRC_FINESS_INVALID:
    default:
      return fail (self, field,
                   _("“%s” is not a FINESS number: nine characters are expected, digits except for 2A or 2B in Corsica."),
                   quote (self, text));
    }
}

/* Reads @spec's member of @object into @value (VALUE_NULL when absent or
 * null). @prefix names the child the object is, or is NULL. */
static gboolean
read_field (CrrcFeedApplier *self,
            JsonObject      *object,
            const FieldSpec *spec,
            const char      *prefix,
            Value           *value)
{
  JsonNode *node = json_object_get_member (object, spec->name);
  const char *text = NULL;
  double number;
  gint64 integer;

  *value = (Value) { VALUE_NULL, NULL, 0, 0. };

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (spec->required)
        {
          char *field = field_path (prefix, spec->name);

          return fail (self, field, _("“%s” is missing."), field);
        }
      return TRUE;
    }

  switch (spec->type)
    {
    case FIELD_TEXT:
    case FIELD_NAME:
    case FIELD_ENUM:
    case FIELD_DATE:
    case FIELD_DATE_OR_TIME:
    case FIELD_FINESS:
    case FIELD_CATEGORY:
    case FIELD_DEPARTMENT:
    case FIELD_REGION:
    case FIELD_COMMUNE:
    case FIELD_CVE:
      if (!is_string_node (node))
        {
          char *field = field_path (prefix, spec->name);

          return fail (self, field, _("The value of “%s” is not text."), field);
        }
      text = json_node_get_string (node);
      if (strlen (text) > MAX_STRING_BYTES)
        {
          char *field = field_path (prefix, spec->name);

          return fail (self, field, _("The value of “%s” is longer than 64 KiB."), field);
        }
      *value = (Value) { VALUE_TEXT, text, 0, 0. };
      break;

    case FIELD_ENUM_SET:
    case FIELD_BOOLEAN:
    case FIELD_LATITUDE:
    case FIELD_LONGITUDE:
    case FIELD_YEAR:
    case FIELD_AMOUNT:
    default:
      break;
    }

  switch (spec->type)
    {
    case FIELD_TEXT:
      break;

    case FIELD_NAME:
      if (*text == '\0')
        {
          char *field = field_path (prefix, spec->name);

          return fail (self, field, _("“%s” is empty."), field);
        }
      break;

    case FIELD_ENUM:
      if (!is_one_of (text, spec->values))
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **) spec->values);

          /* Translators: the values are codes of the feed protocol, e.g.
           * "“hospital” is not one of the accepted values: sanitaire,
           * medico_social, grades, other." */
          return fail (self, field_path (prefix, spec->name),
                       _("“%s” is not one of the accepted values: %s."), quote (self, text), allowed);
        }
      break;

    case FIELD_DATE:
      if (!is_date (text))
        return fail (self, field_path (prefix, spec->name),
                     _("“%s” is not a valid date (YYYY-MM-DD)."), quote (self, text));
      break;

    case FIELD_DATE_OR_TIME:
      {
        char utc[21];

        if (is_date (text))
          break;
        if (!parse_timestamp (text, utc))
          return fail (self, field_path (prefix, spec->name),
                       _("“%s” is neither a date (YYYY-MM-DD) nor an RFC 3339 timestamp."),
                       quote (self, text));
        value->text = g_string_chunk_insert (self->scratch, utc);
      }
      break;

    case FIELD_FINESS:
      if (!check_finess (self, field_path (prefix, spec->name), text, NULL))
        return FALSE;
      break;

    case FIELD_CATEGORY:
      if (!is_category (text))
        return fail (self, field_path (prefix, spec->name),
                     _("“%s” is not a FINESS category: three digits are expected."), quote (self, text));
      break;

    case FIELD_DEPARTMENT:
      if (crrc_geo_lookup_department (text) == NULL)
        return fail (self, field_path (prefix, spec->name),
                     _("“%s” is not a department code."), quote (self, text));
      break;

    case FIELD_REGION:
      if (crrc_geo_lookup_region (text) == NULL)
        return fail (self, field_path (prefix, spec->name),
                     _("“%s” is not the INSEE code of a region."), quote (self, text));
      break;

    case FIELD_COMMUNE:
      if (!is_commune (text))
        return fail (self, field_path (prefix, spec->name),
                     _("“%s” is not the INSEE code of a commune in a known department."),
                     quote (self, text));
      break;

    case FIELD_CVE:
      if (!is_cve (text))
        return fail (self, field_path (prefix, spec->name),
                     _("“%s” is not a CVE identifier such as CVE-2024-21887."), quote (self, text));
      break;

    case FIELD_BOOLEAN:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          char *field = field_path (prefix, spec->name);

          return fail (self, field, _("The value of “%s” is neither true nor false."), field);
        }
      *value = (Value) { VALUE_INT, NULL, json_node_get_boolean (node) ? 1 : 0, 0. };
      break;

    case FIELD_LATITUDE:
    case FIELD_LONGITUDE:
      {
        int limit = spec->type == FIELD_LATITUDE ? 90 : 180;

        if (!get_number (node, &number) || number < -limit || number > limit)
          {
            char *field = field_path (prefix, spec->name);

            return fail (self, field, _("The value of “%s” is not a number from %d to %d."),
                         field, -limit, limit);
          }
        *value = (Value) { VALUE_REAL, NULL, 0, number };
      }
      break;

    case FIELD_YEAR:
      if (!get_integer (node, &integer) || integer < MIN_YEAR || integer > MAX_YEAR)
        {
          char *field = field_path (prefix, spec->name);

          return fail (self, field, _("The value of “%s” is not a whole number from %d to %d."),
                       field, MIN_YEAR, MAX_YEAR);
        }
      *value = (Value) { VALUE_INT, NULL, integer, 0. };
      break;

    case FIELD_AMOUNT:
      if (!get_number (node, &number) || number < 0.)
        {
          char *field = field_path (prefix, spec->name);

          return fail (self, field, _("The value of “%s” is not a number, zero or more."), field);
        }
      *value = (Value) { VALUE_REAL, NULL, 0, number };
      break;

    case FIELD_ENUM_SET:
      {
        guint64 present = 0;
        JsonArray *array;
        GString *joined;
        guint n;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          {
            char *field = field_path (prefix, spec->name);

            return fail (self, field, _("“%s” is not a list."), field);
          }

        array = json_node_get_array (node);
        n = json_array_get_length (array);
        for (guint i = 0; i < n; i++)
          {
            JsonNode *element = json_array_get_element (array, i);
            const char *item;
            guint k;

            if (!is_string_node (element))
              {
                char *field = g_strdup_printf ("%s[%u]", spec->name, i);

                return fail (self, field, _("The value of “%s” is not text."), field);
              }
            item = json_node_get_string (element);
            for (k = 0; spec->values[k] != NULL; k++)
              {
                if (g_str_equal (item, spec->values[k]))
                  break;
              }
            if (spec->values[k] == NULL)
              {
                g_autofree char *allowed = g_strjoinv (", ", (char **) spec->values);

                return fail (self, g_strdup_printf ("%s[%u]", spec->name, i),
                             _("“%s” is not one of the accepted values: %s."),
                             quote (self, item), allowed);
              }
            present |= G_GUINT64_CONSTANT (1) << k;
          }

        /* In the order of the protocol, each once: the same set is stored
         * the same way. An empty list ("no impact") is "", unlike an
         * absent one (NULL, "not said"). */
        joined = g_string_new (NULL);
        for (guint k = 0; spec->values[k] != NULL; k++)
          {
            if (present & (G_GUINT64_CONSTANT (1) << k))
              g_string_append_printf (joined, "%s%s", joined->len > 0 ? "," : "", spec->values[k]);
          }
        *value = (Value) { VALUE_TEXT, g_string_chunk_insert_len (self->scratch, joined->str, joined->len), 0, 0. };
        g_string_free (joined, TRUE);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/* Helpers: records */

static gboolean
check_establishment (CrrcFeedApplier *self,
                     JsonObject      *object)
{
  Value *values = self->values;
  JsonNode *id = json_object_get_member (object, "id");
  const char *department = values[EST_DEPARTMENT].text;
  const char *region;

  /* The FINESS number is the id: a record may repeat it as "id". */
  if (id != NULL && !JSON_NODE_HOLDS_NULL (id))
    {
      if (!is_string_node (id))
        return fail (self, g_strdup ("id"), _("The value of “%s” is not text."), "id");
      if (!g_str_equal (json_node_get_string (id), self->id))
        return fail (self, g_strdup ("id"),
                     _("The id “%s” is not the FINESS number of the establishment, %s."),
                     quote (self, json_node_get_string (id)), self->id);
    }

  region = crrc_geo_region_for_department (department);
  if (values[EST_REGION].type == VALUE_TEXT)
    {
      if (g_strcmp0 (region, values[EST_REGION].text) != 0)
        /* Translators: INSEE codes, e.g. "The department 01 is not in the
         * region 11." */
        return fail (self, g_strdup ("region"),
                     _("The department %s is not in the region %s."),
                     department, values[EST_REGION].text);
    }
  else if (region != NULL)
    {
      values[EST_REGION] = (Value) { VALUE_TEXT, region, 0, 0. };
    }

  if (values[EST_COMMUNE].type == VALUE_TEXT
      && !g_str_has_prefix (values[EST_COMMUNE].text, department))
    return fail (self, g_strdup ("commune"),
                 _("The commune %s is not in the department %s."),
                 values[EST_COMMUNE].text, department);

  if ((values[EST_LAT].type == VALUE_NULL) != (values[EST_LON].type == VALUE_NULL))
    return fail (self, g_strdup (values[EST_LAT].type == VALUE_NULL ? "lat" : "lon"),
                 _("The latitude and the longitude go together: one of them is missing."));

  /* The column is NOT NULL: an establishment not said to be public is not. */
  if (values[EST_PUBLIC].type == VALUE_NULL)
    values[EST_PUBLIC] = (Value) { VALUE_INT, NULL, 0, 0. };

  values[EST_KEY_CHECKED] = (Value) { VALUE_INT, NULL, self->key_checked ? 1 : 0, 0. };

  return TRUE;
}

static int
compare_children (gconstpointer a,
                  gconstpointer b)
{
  const ChildRow *row_a = a;
  const ChildRow *row_b = b;

  return strcmp (row_a->values[0].text, row_b->values[0].text);
}

static gboolean
read_child_objects (CrrcFeedApplier *self,
                    JsonObject      *object,
                    const char      *member,
                    const FieldSpec *fields,
                    guint            n_fields,
                    gboolean         with_position)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;
  guint n;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (self, g_strdup (member), _("“%s” is not a list."), member);

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      ChildRow row = { i, { { VALUE_NULL, NULL, 0, 0. }, } };
      char prefix[64];
      guint v = 0;

      g_snprintf (prefix, sizeof prefix, "%s[%u]", member, i);
      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (self, g_strdup (prefix), _("“%s” is not an object."), prefix);

      if (with_position)
        row.values[v++] = (Value) { VALUE_INT, NULL, i, 0. };

      for (guint f = 0; f < n_fields; f++)
        {
          if (!read_field (self, json_node_get_object (element), &fields[f], prefix, &row.values[v++]))
            return FALSE;
        }

      g_array_append_val (self->children, row);
    }

  return TRUE;
}

static gboolean
read_targets (CrrcFeedApplier *self,
              JsonObject      *object)
{
  ChildRow *rows;

  if (!read_child_objects (self, object, "targets", target_fields, G_N_ELEMENTS (target_fields), FALSE))
    return FALSE;

  /* One row per establishment (the table's key); sorted, so that the same
   * targets in another order are the same record. */
  g_array_sort (self->children, compare_children);
  rows = (ChildRow *) (gpointer) self->children->data;
  for (guint i = 1; i < self->children->len; i++)
    {
      if (compare_children (&rows[i - 1], &rows[i]) == 0)
        {
          guint later = MAX (rows[i - 1].index, rows[i].index);

          return fail (self, g_strdup_printf ("targets[%u].finess", later),
                       _("The establishment %s is listed more than once among the targets."),
                       rows[i].values[0].text);
        }
    }

  return TRUE;
}

static gboolean
read_answers (CrrcFeedApplier *self,
              JsonObject      *object)
{
  static const char * const scale[] = { "0", "1", "2", "3" };
  JsonNode *node = json_object_get_member (object, "answers");
  JsonObjectIter iter;
  const char *question;
  JsonNode *answer;
  guint i = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return fail (self, g_strdup ("answers"), _("“%s” is missing."), "answers");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (self, g_strdup ("answers"), _("“%s” is not an object."), "answers");

  /* json-glib keeps the last of members with the same name. */
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &question, &answer))
    {
      ChildRow row = { i++, { { VALUE_NULL, NULL, 0, 0. }, } };
      const char *value = NULL;
      gint64 integer;

      if (*question == '\0')
        return fail (self, g_strdup ("answers"), _("A question id in “%s” is empty."), "answers");
      if (strlen (question) > MAX_STRING_BYTES)
        return fail (self, g_strdup ("answers"), _("A question id in “%s” is longer than 64 KiB."), "answers");

      if (is_string_node (answer))
        {
          value = json_node_get_string (answer);
          if (!g_str_equal (value, "na") && !g_str_equal (value, "unknown"))
            value = NULL;
        }
      else if (get_integer (answer, &integer) && integer >= 0 && integer <= 3)
        {
          value = scale[integer];
        }

      /* Translators: “na” and “unknown” are values of the feed protocol,
       * to keep as they are. */
      if (value == NULL)
        return fail (self, g_strconcat ("answers.", quote (self, question), NULL),
                     _("The answer to “%s” is not 0, 1, 2, 3, “na” or “unknown”."),
                     quote (self, question));

      row.values[0] = (Value) { VALUE_TEXT, question, 0, 0. };
      row.values[1] = (Value) { VALUE_TEXT, value, 0, 0. };
      g_array_append_val (self->children, row);
    }

  g_array_sort (self->children, compare_children);

  return TRUE;
}

/* Reads the id; for establishments, the FINESS number. */
static gboolean
read_id (CrrcFeedApplier *self,
         JsonObject      *object)
{
  const char *member = self->spec->id_member;
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return fail (self, g_strdup (member), _("“%s” is missing."), member);
  if (!is_string_node (node))
    return fail (self, g_strdup (member), _("The value of “%s” is not text."), member);

  text = json_node_get_string (node);
  if (*text == '\0')
    return fail (self, g_strdup (member), _("“%s” is empty."), member);
  if (strlen (text) > MAX_STRING_BYTES)
    return fail (self, g_strdup (member), _("The value of “%s” is longer than 64 KiB."), member);

  self->key_checked = TRUE;
  if (g_str_equal (member, "finess")
      && !check_finess (self, g_strdup (member), text, &self->key_checked))
    return FALSE;

  self->id = text;

  return TRUE;
}

static gboolean
read_record (CrrcFeedApplier *self,
             JsonObject      *object)
{
  const KindSpec *spec = self->spec;

  if (!read_id (self, object))
    return FALSE;

  for (guint i = 0; i < spec->n_fields; i++)
    {
      if (!read_field (self, object, &spec->fields[i], NULL, &self->values[i]))
        return FALSE;
    }

  switch (spec->children)
    {
    case CHILDREN_NONE:
      break;
    case CHILDREN_FINDINGS:
      if (!read_child_objects (self, object, "findings", finding_fields,
                               G_N_ELEMENTS (finding_fields), TRUE))
        return FALSE;
      break;
    case CHILDREN_ANSWERS:
      if (!read_answers (self, object))
        return FALSE;
      break;
    case CHILDREN_TARGETS:
      if (!read_targets (self, object))
        return FALSE;
      break;
    default:
      g_assert_not_reached ();
    }

  return spec->check == NULL || spec->check (self, object);
}

/* Helpers: hashing and writing */

/* Appends @value to the canonical form of the record: a type tag, then
 * the value (text with its length). */
static void
append_value (GByteArray  *canonical,
              const Value *value)
{
  guint8 tag = (guint8) value->type;
  guint64 length;

  g_byte_array_append (canonical, &tag, 1);

  switch (value->type)
    {
    case VALUE_NULL:
      break;
    case VALUE_TEXT:
      length = strlen (value->text);
      g_byte_array_append (canonical, (const guint8 *) &length, sizeof length);
      g_byte_array_append (canonical, (const guint8 *) value->text, (guint) length);
      break;
    case VALUE_INT:
      g_byte_array_append (canonical, (const guint8 *) &value->integer, sizeof value->integer);
      break;
    case VALUE_REAL:
      g_byte_array_append (canonical, (const guint8 *) &value->real, sizeof value->real);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The first 64 bits of a SHA-256 of the record's values and child rows,
 * in a canonical order. */
static gint64
hash_record (CrrcFeedApplier *self)
{
  const KindSpec *spec = self->spec;
  GByteArray *canonical = self->canonical;
  Value id = { VALUE_TEXT, self->id, 0, 0. };
  Value n_children = { VALUE_INT, NULL, self->children->len, 0. };
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  gint64 hash;

  g_byte_array_set_size (canonical, 0);
  g_byte_array_append (canonical, (const guint8 *) HASH_SALT, sizeof HASH_SALT);
  g_byte_array_append (canonical, (const guint8 *) spec->name, (guint) strlen (spec->name) + 1);
  append_value (canonical, &id);
  for (guint i = 0; i < spec->n_fields + spec->n_computed; i++)
    append_value (canonical, &self->values[i]);

  append_value (canonical, &n_children);
  for (guint i = 0; i < self->children->len; i++)
    {
      const ChildRow *row = &g_array_index (self->children, ChildRow, i);

      for (guint v = 0; v < spec->n_child_values; v++)
        append_value (canonical, &row->values[v]);
    }

  g_checksum_reset (self->checksum);
  g_checksum_update (self->checksum, canonical->data, canonical->len);
  g_checksum_get_digest (self->checksum, digest, &digest_length);
  memcpy (&hash, digest, sizeof hash);

  return hash;
}

static void
bind_value (sqlite3_stmt *stmt,
            int           index,
            const Value  *value)
{
  switch (value->type)
    {
    case VALUE_NULL:
      sqlite3_bind_null (stmt, index);
      break;
    case VALUE_TEXT:
      sqlite3_bind_text (stmt, index, value->text, -1, SQLITE_STATIC);
      break;
    case VALUE_INT:
      sqlite3_bind_int64 (stmt, index, value->integer);
      break;
    case VALUE_REAL:
      sqlite3_bind_double (stmt, index, value->real);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
set_sqlite_error (CrrcFeedApplier  *self,
                  GError          **error)
{
  g_set_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_SQLITE,
               _("The cache refused a record of the feed “%s”: %s."),
               self->spec->name, sqlite3_errmsg (self->db));
}

/* The statement, prepared on first use, ready for binding. */
static sqlite3_stmt *
get_statement (CrrcFeedApplier  *self,
               StatementId       id,
               GError          **error)
{
  sqlite3_stmt *stmt = self->statements[id];

  g_assert (self->spec->sql[id] != NULL);

  if (stmt != NULL)
    return stmt;

  if (sqlite3_prepare_v3 (self->db, self->spec->sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                          &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error);
      return NULL;
    }

  self->statements[id] = stmt;

  return stmt;
}

/* Steps a statement that returns no row, and makes it ready again. */
static gboolean
run_statement (CrrcFeedApplier  *self,
               sqlite3_stmt     *stmt,
               GError          **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    set_sqlite_error (self, error);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return rc == SQLITE_DONE;
}

static void
mark_seen (CrrcFeedApplier *self,
           const char      *id)
{
  char *kept;

  if (g_hash_table_contains (self->seen, id))
    return;

  kept = g_string_chunk_insert (self->seen_ids, id);
  g_hash_table_add (self->seen, kept);
  g_ptr_array_add (self->seen_since_savepoint, kept);
}

/* Whether the row is there, and whether it holds this very record. */
static gboolean
lookup_row (CrrcFeedApplier  *self,
            gint64            hash,
            gboolean         *out_exists,
            gboolean         *out_same,
            GError          **error)
{
  sqlite3_stmt *stmt = get_statement (self, STMT_LOOKUP, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, self->id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *out_exists = rc == SQLITE_ROW;
  *out_same = rc == SQLITE_ROW
              && sqlite3_column_type (stmt, 1) == SQLITE_INTEGER
              && sqlite3_column_int64 (stmt, 1) == hash
              && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), self->source) == 0;

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sqlite_error (self, error);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static gboolean
write_record (CrrcFeedApplier  *self,
              gint64            hash,
              gboolean          exists,
              GError          **error)
{
  const KindSpec *spec = self->spec;
  guint n_values = spec->n_fields + spec->n_computed;
  sqlite3_stmt *stmt;
  int i = 1;

  stmt = get_statement (self, STMT_UPSERT, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, i++, self->id, -1, SQLITE_STATIC);
  for (guint v = 0; v < n_values; v++)
    bind_value (stmt, i++, &self->values[v]);
  sqlite3_bind_text (stmt, i++, self->source, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, i++, hash);
  g_assert (i - 1 == sqlite3_bind_parameter_count (stmt));

  if (!run_statement (self, stmt, error))
    return FALSE;

  if (spec->children == CHILDREN_NONE)
    return TRUE;

  if (exists)
    {
      stmt = get_statement (self, STMT_CHILD_DELETE, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, self->id, -1, SQLITE_STATIC);
      if (!run_statement (self, stmt, error))
        return FALSE;
    }

  for (guint c = 0; c < self->children->len; c++)
    {
      const ChildRow *row = &g_array_index (self->children, ChildRow, c);

      stmt = get_statement (self, STMT_CHILD_INSERT, error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_text (stmt, 1, self->id, -1, SQLITE_STATIC);
      for (guint v = 0; v < spec->n_child_values; v++)
        bind_value (stmt, (int) v + 2, &row->values[v]);

      if (!run_statement (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static void
reset_record (CrrcFeedApplier *self)
{
  g_string_chunk_clear (self->scratch);
  self->id = NULL;
  self->key_checked = TRUE;
  memset (self->values, 0, sizeof self->values);
  g_array_set_size (self->children, 0);
  g_clear_pointer (&self->reject_field, g_free);
  g_clear_pointer (&self->reject_reason, g_free);
}

/* Public API */

/**
 * crrc_feed_reject_clear:
 * @reject: a reject filled by crrc_feed_applier_apply()
 *
 * Frees what @reject holds and sets its members to %NULL.
 */
void
crrc_feed_reject_clear (CrrcFeedReject *reject)
{
  if (reject == NULL)
    return;

  g_clear_pointer (&reject->record, g_free);
  g_clear_pointer (&reject->field, g_free);
  g_clear_pointer (&reject->reason, g_free);
}

/**
 * crrc_feed_kind_from_name:
 * @name: a feed's name in a manifest, e.g. "incidents"
 * @kind: (out) (optional): the feed
 *
 * Returns: whether protocol version 1 has a feed of that name
 */
gboolean
crrc_feed_kind_from_name (const char   *name,
                          CrrcFeedKind *kind)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < CRRC_N_FEEDS; i++)
    {
      if (g_str_equal (name, feed_names[i]))
        {
          if (kind != NULL)
            *kind = (CrrcFeedKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * crrc_feed_kind_to_name:
 * @kind: a feed
 *
 * Returns: the feed's name in manifests and pages, e.g. "incidents"
 */
const char *
crrc_feed_kind_to_name (CrrcFeedKind kind)
{
  g_return_val_if_fail ((guint) kind < CRRC_N_FEEDS, NULL);

  return feed_names[kind];
}

/**
 * crrc_feed_applier_new:
 * @db: the cache's connection, in the caller's transaction
 * @kind: the feed whose records are applied
 * @source: the `source` of the rows written, e.g. "feed:<manifest URL>"
 *
 * Statements are prepared on first use, in the caller's transaction; the
 * applier must be freed before @db is closed.
 *
 * Returns: (transfer full): a new applier
 */
CrrcFeedApplier *
crrc_feed_applier_new (sqlite3      *db,
                       CrrcFeedKind  kind,
                       const char   *source)
{
  CrrcFeedApplier *self;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail ((guint) kind < CRRC_N_FEEDS, NULL);
  g_return_val_if_fail (source != NULL && *source != '\0', NULL);

  self = g_new0 (CrrcFeedApplier, 1);
  self->db = db;
  self->spec = &kind_specs[kind];
  self->source = g_strdup (source);
  self->parser = json_parser_new ();
  self->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  self->canonical = g_byte_array_sized_new (1024);
  self->seen = g_hash_table_new (g_str_hash, g_str_equal);
  self->seen_ids = g_string_chunk_new (64 * 1024);
  self->seen_since_savepoint = g_ptr_array_new ();
  self->scratch = g_string_chunk_new (1024);
  self->children = g_array_new (FALSE, TRUE, sizeof (ChildRow));

  return self;
}

void
crrc_feed_applier_free (CrrcFeedApplier *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < N_STATEMENTS; i++)
    g_clear_pointer (&self->statements[i], sqlite3_finalize);

  reset_record (self);
  g_clear_object (&self->parser);
  g_clear_pointer (&self->checksum, g_checksum_free);
  g_clear_pointer (&self->canonical, g_byte_array_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->seen_ids, g_string_chunk_free);
  g_clear_pointer (&self->seen_since_savepoint, g_ptr_array_unref);
  g_clear_pointer (&self->scratch, g_string_chunk_free);
  g_clear_pointer (&self->children, g_array_unref);
  g_free (self->source);
  g_free (self);
}

/**
 * crrc_feed_applier_apply:
 * @self: an applier
 * @json: the record's JSON text, checked for UTF-8, depth and size
 * @length: the length of @json in bytes
 * @index: the record's position among all items of the feed
 * @outcome: (out) (optional): what became of the record
 * @reject: (out caller-allocates) (optional): filled when the record is
 *   rejected; free its members with crrc_feed_reject_clear()
 * @error: a location for a #GError, or %NULL
 *
 * A rejected record leaves the cache as it was, including an earlier
 * version of the same record: its id counts as seen for the snapshot.
 *
 * Returns: %FALSE on a SQLite error only
 */
gboolean
crrc_feed_applier_apply (CrrcFeedApplier        *self,
                         const char             *json,
                         gsize                   length,
                         guint64                 index,
                         CrrcFeedRecordOutcome  *outcome,
                         CrrcFeedReject         *reject,
                         GError                **error)
{
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;
  gboolean exists = FALSE;
  gboolean same = FALSE;
  gint64 hash;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (json != NULL || length == 0, FALSE);
  g_return_val_if_fail (length <= G_MAXSSIZE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  /* The record and its child rows are written together, or not at all. */
  g_return_val_if_fail (!sqlite3_get_autocommit (self->db), FALSE);

  reset_record (self);

  if (crrc_json_has_nul_escape (json, length))
    fail (self, NULL, _("The record holds a NUL character (\\u0000), which no text may contain."));
  else if (!json_parser_load_from_data (self->parser, json != NULL ? json : "", (gssize) length, &parse_error))
    fail (self, NULL, _("The record is not valid JSON: %s."), parse_error->message);
  else if ((root = json_parser_get_root (self->parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    fail (self, NULL, _("The record is not a JSON object."));
  else if (read_record (self, json_node_get_object (root)))
    {
      hash = hash_record (self);
      if (!lookup_row (self, hash, &exists, &same, error))
        return FALSE;
      if (!same && !write_record (self, hash, exists, error))
        return FALSE;

      mark_seen (self, self->id);
      if (outcome != NULL)
        *outcome = same ? CRRC_FEED_RECORD_UNCHANGED
                        : exists ? CRRC_FEED_RECORD_UPDATED : CRRC_FEED_RECORD_ADDED;
      return TRUE;
    }

  g_assert (self->reject_reason != NULL);

  /* A record that has a valid id but is rejected keeps its stored version,
   * which a snapshot must not then remove. */
  if (self->id != NULL)
    mark_seen (self, self->id);

  if (outcome != NULL)
    *outcome = CRRC_FEED_RECORD_REJECTED;

  if (reject != NULL)
    {
      JsonNode *id_node = NULL;

      root = json_parser_get_root (self->parser);
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        id_node = json_object_get_member (json_node_get_object (root), self->spec->id_member);

      if (id_node != NULL && is_string_node (id_node)
          && *json_node_get_string (id_node) != '\0'
          && strlen (json_node_get_string (id_node)) <= MAX_STRING_BYTES)
        reject->record = g_strdup (json_node_get_string (id_node));
      else
        reject->record = g_strdup_printf ("#%" G_GUINT64_FORMAT, index);
      reject->field = g_steal_pointer (&self->reject_field);
      reject->reason = g_steal_pointer (&self->reject_reason);
    }

  return TRUE;
}

/**
 * crrc_feed_applier_delete:
 * @self: an applier
 * @id: a record's id (for establishments, its FINESS number)
 * @deleted: (out) (optional): whether a row was removed
 * @error: a location for a #GError, or %NULL
 *
 * Removes the row @id of this feed if its source is this applier's, with
 * its child rows (foreign keys cascade). Rows of other sources, imported or
 * local, stay.
 *
 * Returns: %FALSE on a SQLite error
 */
gboolean
crrc_feed_applier_delete (CrrcFeedApplier  *self,
                          const char       *id,
                          gboolean         *deleted,
                          GError          **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = get_statement (self, STMT_DELETE, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->source, -1, SQLITE_STATIC);
  if (!run_statement (self, stmt, error))
    return FALSE;

  if (deleted != NULL)
    *deleted = sqlite3_changes (self->db) > 0;

  return TRUE;
}

/**
 * crrc_feed_applier_set_savepoint:
 * @self: an applier
 *
 * To call with the caller's `SAVEPOINT` (e.g. before each page): the
 * records applied from now on can be forgotten by
 * crrc_feed_applier_rollback_to_savepoint().
 */
void
crrc_feed_applier_set_savepoint (CrrcFeedApplier *self)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_set_size (self->seen_since_savepoint, 0);
}

/**
 * crrc_feed_applier_rollback_to_savepoint:
 * @self: an applier
 *
 * To call with the caller's `ROLLBACK TO` (e.g. a page read again after a
 * connection error): the ids of the records applied since
 * crrc_feed_applier_set_savepoint() no longer count as listed for the
 * snapshot, unless they are applied again.
 */
void
crrc_feed_applier_rollback_to_savepoint (CrrcFeedApplier *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->seen_since_savepoint->len; i++)
    g_hash_table_remove (self->seen, g_ptr_array_index (self->seen_since_savepoint, i));

  g_ptr_array_set_size (self->seen_since_savepoint, 0);
}

/**
 * crrc_feed_applier_finish_snapshot:
 * @self: an applier that applied every page of a snapshot
 * @n_deleted: (out) (optional): the number of rows removed
 * @error: a location for a #GError, or %NULL
 *
 * Removes the rows of this feed and source whose id no record applied by
 * @self had (rejected records with a valid id count as listed).
 *
 * Returns: %FALSE on a SQLite error
 */
gboolean
crrc_feed_applier_finish_snapshot (CrrcFeedApplier  *self,
                                   guint            *n_deleted,
                                   GError          **error)
{
  g_autoptr(GPtrArray) unseen = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  guint n = 0;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = get_statement (self, STMT_LIST, error);
  if (stmt == NULL)
    return FALSE;

  /* Collected first: rows are not deleted under a running SELECT. */
  sqlite3_bind_text (stmt, 1, self->source, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      if (id != NULL && !g_hash_table_contains (self->seen, id))
        g_ptr_array_add (unseen, g_strdup (id));
    }
  if (rc != SQLITE_DONE)
    set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return FALSE;

  for (guint i = 0; i < unseen->len; i++)
    {
      gboolean deleted = FALSE;

      if (!crrc_feed_applier_delete (self, g_ptr_array_index (unseen, i), &deleted, error))
        return FALSE;
      if (deleted)
        n++;
    }

  if (n_deleted != NULL)
    *n_deleted = n;

  return TRUE;
}
