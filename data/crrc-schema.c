/* crrc-schema.c: the schema of the cache, step by step
 *
 * Designed once for the whole product. Three families of tables:
 *
 *  - national data, replaced by imports and syncs: the registry
 *    (legal_entities, establishments, ght), events (incidents, audits and
 *    their findings, alerts, exercises, funding), CERT-FR bulletins, synced
 *    diagnostics and campaigns. `source` says where a row came from (an
 *    import, a feed, the demonstration data).
 *  - bookkeeping of imports and syncs: feed_state, sync_runs, sync_rejects,
 *    import_runs, import_rejects.
 *  - the analyst's own data, prefixed `local_` or `notes`: no import and no
 *    sync ever writes there.
 *
 * Event tables carry no foreign key to establishments: an incident may
 * arrive before the registry that names its establishment; queries join on
 * the FINESS number. Child rows (findings, answers, targets, CVEs) cascade
 * with their parent. Dates are ISO 8601 text (`YYYY-MM-DD`), timestamps
 * RFC 3339 in UTC.
 *
 * To change the schema, append a step with the next version; never edit a
 * step that has been released.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-schema"

#include "config.h"

#include "crrc-establishments-private.h"
#include "crrc-store-private.h"

#define SCHEMA_V2_REGISTRY \
  "CREATE TABLE legal_entities (" \
  "  finess        TEXT PRIMARY KEY NOT NULL," \
  "  name          TEXT," \
  "  long_name     TEXT," \
  "  legal_status  TEXT," \
  "  closed        INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))," \
  "  source        TEXT NOT NULL," \
  "  extracted_on  TEXT" \
  ") STRICT;" \
  \
  "CREATE TABLE ght (" \
  "  code          TEXT PRIMARY KEY NOT NULL," \
  "  name          TEXT NOT NULL," \
  "  closed        INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))," \
  "  source        TEXT NOT NULL," \
  "  extracted_on  TEXT" \
  ") STRICT;" \
  \
  "CREATE TABLE establishments (" \
  "  finess             TEXT PRIMARY KEY NOT NULL," \
  "  legal_finess       TEXT," \
  "  name               TEXT NOT NULL," \
  "  long_name          TEXT," \
  "  category           TEXT," \
  "  category_label     TEXT," \
  "  aggregate_category TEXT," \
  "  sector             TEXT NOT NULL CHECK (sector IN ('sanitaire', 'medico_social', 'grades', 'other'))," \
  "  department         TEXT NOT NULL," \
  "  region             TEXT," \
  "  commune            TEXT," \
  "  address            TEXT," \
  "  postal_line        TEXT," \
  "  phone              TEXT," \
  "  siret              TEXT," \
  "  ght                TEXT," \
  "  ght_role           TEXT CHECK (ght_role IN ('support', 'member'))," \
  "  public             INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1))," \
  "  x                  REAL," \
  "  y                  REAL," \
  "  epsg               INTEGER," \
  "  lat                REAL," \
  "  lon                REAL," \
  "  opened_on          TEXT," \
  "  closed_on          TEXT," \
  "  key_checked        INTEGER NOT NULL DEFAULT 1 CHECK (key_checked IN (0, 1))," \
  "  source             TEXT NOT NULL," \
  "  extracted_on       TEXT," \
  "  updated_at         TEXT" \
  ") STRICT;" \
  "CREATE INDEX establishments_by_region ON establishments (region, sector);" \
  "CREATE INDEX establishments_by_department ON establishments (department, sector);" \
  "CREATE INDEX establishments_by_category ON establishments (category);" \
  "CREATE INDEX establishments_by_legal_entity ON establishments (legal_finess);" \
  "CREATE INDEX establishments_by_ght ON establishments (ght, ght_role);" \
  "CREATE INDEX establishments_by_commune ON establishments (commune);" \
  "CREATE INDEX establishments_by_name ON establishments (name COLLATE NOCASE);"

#define SCHEMA_V2_EVENTS \
  "CREATE TABLE incidents (" \
  "  id                  TEXT PRIMARY KEY NOT NULL," \
  "  finess              TEXT NOT NULL," \
  "  declared_at         TEXT NOT NULL," \
  "  year                INTEGER AS (CAST (substr (declared_at, 1, 4) AS INTEGER)) STORED," \
  "  month               INTEGER AS (CAST (substr (declared_at, 6, 2) AS INTEGER)) STORED," \
  "  origin              TEXT NOT NULL CHECK (origin IN ('malicious', 'non_malicious', 'undetermined'))," \
  "  type                TEXT NOT NULL," \
  "  patient_care_impact INTEGER NOT NULL CHECK (patient_care_impact IN (0, 1))," \
  "  functioning_impact  TEXT NOT NULL CHECK (functioning_impact IN ('none', 'degraded', 'interrupted'))," \
  "  data_impact         TEXT," \
  "  severity            TEXT CHECK (severity IN ('low', 'medium', 'important', 'extreme'))," \
  "  support_requested   INTEGER CHECK (support_requested IN (0, 1))," \
  "  cert_support        INTEGER CHECK (cert_support IN (0, 1))," \
  "  summary             TEXT," \
  "  source              TEXT NOT NULL," \
  "  updated_at          TEXT" \
  ") STRICT;" \
  "CREATE INDEX incidents_by_year ON incidents (year, month);" \
  "CREATE INDEX incidents_by_establishment ON incidents (finess, declared_at);" \
  \
  "CREATE TABLE audits (" \
  "  id          TEXT PRIMARY KEY NOT NULL," \
  "  finess      TEXT NOT NULL," \
  "  date        TEXT NOT NULL," \
  "  year        INTEGER AS (CAST (substr (date, 1, 4) AS INTEGER)) STORED," \
  "  kind        TEXT NOT NULL CHECK (kind IN ('cybersurveillance', 'exposure', 'directory'))," \
  "  source      TEXT NOT NULL," \
  "  updated_at  TEXT" \
  ") STRICT;" \
  "CREATE INDEX audits_by_year ON audits (year);" \
  "CREATE INDEX audits_by_establishment ON audits (finess, date);" \
  \
  "CREATE TABLE audit_findings (" \
  "  audit_id     TEXT NOT NULL REFERENCES audits (id) ON DELETE CASCADE," \
  "  position     INTEGER NOT NULL," \
  "  service      TEXT NOT NULL," \
  "  product      TEXT," \
  "  cve          TEXT," \
  "  severity     TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical'))," \
  "  resolved_on  TEXT," \
  "  PRIMARY KEY (audit_id, position)" \
  ") STRICT;" \
  "CREATE INDEX audit_findings_by_cve ON audit_findings (cve) WHERE cve IS NOT NULL;" \
  \
  "CREATE TABLE alerts (" \
  "  id               TEXT PRIMARY KEY NOT NULL," \
  "  finess           TEXT NOT NULL," \
  "  sent_at          TEXT NOT NULL," \
  "  year             INTEGER AS (CAST (substr (sent_at, 1, 4) AS INTEGER)) STORED," \
  "  kind             TEXT NOT NULL CHECK (kind IN ('vulnerability', 'compromise', 'exposure', 'data_leak'))," \
  "  reference        TEXT," \
  "  cve              TEXT," \
  "  acknowledged_at  TEXT," \
  "  source           TEXT NOT NULL," \
  "  updated_at       TEXT" \
  ") STRICT;" \
  "CREATE INDEX alerts_by_year ON alerts (year);" \
  "CREATE INDEX alerts_by_establishment ON alerts (finess, sent_at);" \
  \
  "CREATE TABLE exercises (" \
  "  id          TEXT PRIMARY KEY NOT NULL," \
  "  finess      TEXT NOT NULL," \
  "  date        TEXT NOT NULL," \
  "  kind        TEXT NOT NULL CHECK (kind IN ('tabletop', 'full_scale'))," \
  "  kit         TEXT," \
  "  source      TEXT NOT NULL," \
  "  updated_at  TEXT" \
  ") STRICT;" \
  "CREATE INDEX exercises_by_establishment ON exercises (finess, date);" \
  \
  "CREATE TABLE funding (" \
  "  id          TEXT PRIMARY KEY NOT NULL," \
  "  finess      TEXT NOT NULL," \
  "  programme   TEXT NOT NULL," \
  "  domain      TEXT NOT NULL," \
  "  year        INTEGER NOT NULL," \
  "  amount_eur  REAL NOT NULL," \
  "  status      TEXT NOT NULL CHECK (status IN ('applied', 'validated', 'paid'))," \
  "  source      TEXT NOT NULL," \
  "  updated_at  TEXT" \
  ") STRICT;" \
  "CREATE INDEX funding_by_establishment ON funding (finess, year);"

#define SCHEMA_V2_BULLETINS \
  "CREATE TABLE certfr_bulletins (" \
  "  reference     TEXT PRIMARY KEY NOT NULL," \
  "  kind          TEXT NOT NULL CHECK (kind IN ('alerte', 'avis', 'other'))," \
  "  title         TEXT NOT NULL," \
  "  summary       TEXT," \
  "  published_on  TEXT," \
  "  revised_on    TEXT," \
  "  risks         TEXT," \
  "  source        TEXT NOT NULL" \
  ") STRICT;" \
  "CREATE INDEX certfr_bulletins_by_date ON certfr_bulletins (published_on);" \
  \
  "CREATE TABLE certfr_bulletin_cves (" \
  "  reference  TEXT NOT NULL REFERENCES certfr_bulletins (reference) ON DELETE CASCADE," \
  "  cve        TEXT NOT NULL," \
  "  PRIMARY KEY (reference, cve)" \
  ") STRICT, WITHOUT ROWID;" \
  "CREATE INDEX certfr_bulletin_cves_by_cve ON certfr_bulletin_cves (cve);" \
  \
  "CREATE TABLE certfr_bulletin_products (" \
  "  reference    TEXT NOT NULL REFERENCES certfr_bulletins (reference) ON DELETE CASCADE," \
  "  position     INTEGER NOT NULL," \
  "  vendor       TEXT," \
  "  product      TEXT," \
  "  description  TEXT," \
  "  PRIMARY KEY (reference, position)" \
  ") STRICT;" \
  "CREATE INDEX certfr_bulletin_products_by_product ON certfr_bulletin_products (product COLLATE NOCASE);"

#define SCHEMA_V2_MATURITY \
  "CREATE TABLE diagnostics (" \
  "  id           TEXT PRIMARY KEY NOT NULL," \
  "  finess       TEXT NOT NULL," \
  "  date         TEXT NOT NULL," \
  "  referential  TEXT NOT NULL," \
  "  campaign     TEXT," \
  "  source       TEXT NOT NULL," \
  "  updated_at   TEXT" \
  ") STRICT;" \
  "CREATE INDEX diagnostics_by_establishment ON diagnostics (finess, date);" \
  \
  "CREATE TABLE diagnostic_answers (" \
  "  diagnostic_id  TEXT NOT NULL REFERENCES diagnostics (id) ON DELETE CASCADE," \
  "  question       TEXT NOT NULL," \
  "  answer         TEXT NOT NULL CHECK (answer IN ('0', '1', '2', '3', 'na', 'unknown'))," \
  "  PRIMARY KEY (diagnostic_id, question)" \
  ") STRICT, WITHOUT ROWID;" \
  \
  "CREATE TABLE campaigns (" \
  "  id          TEXT PRIMARY KEY NOT NULL," \
  "  name        TEXT NOT NULL," \
  "  region      TEXT NOT NULL," \
  "  sector      TEXT NOT NULL," \
  "  start       TEXT NOT NULL," \
  "  due         TEXT NOT NULL," \
  "  source      TEXT NOT NULL," \
  "  updated_at  TEXT" \
  ") STRICT;" \
  \
  "CREATE TABLE campaign_targets (" \
  "  campaign_id  TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE," \
  "  finess       TEXT NOT NULL," \
  "  stage        TEXT NOT NULL," \
  "  stage_date   TEXT," \
  "  PRIMARY KEY (campaign_id, finess)" \
  ") STRICT, WITHOUT ROWID;" \
  "CREATE INDEX campaign_targets_by_establishment ON campaign_targets (finess);"

#define SCHEMA_V2_BOOKKEEPING \
  "CREATE TABLE feed_state (" \
  "  feed             TEXT PRIMARY KEY NOT NULL," \
  "  url              TEXT," \
  "  etag             TEXT," \
  "  last_modified    TEXT," \
  "  cursor           TEXT," \
  "  status           TEXT," \
  "  records          INTEGER," \
  "  http_status      INTEGER," \
  "  last_error       TEXT," \
  "  last_attempt_at  TEXT," \
  "  last_success_at  TEXT" \
  ") STRICT;" \
  \
  "CREATE TABLE sync_runs (" \
  "  id           INTEGER PRIMARY KEY," \
  "  url          TEXT NOT NULL," \
  "  started_at   TEXT NOT NULL," \
  "  finished_at  TEXT," \
  "  status       TEXT NOT NULL," \
  "  summary      TEXT" \
  ") STRICT;" \
  \
  "CREATE TABLE sync_rejects (" \
  "  run_id  INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE," \
  "  feed    TEXT NOT NULL," \
  "  record  TEXT NOT NULL," \
  "  field   TEXT," \
  "  reason  TEXT NOT NULL" \
  ") STRICT;" \
  "CREATE INDEX sync_rejects_by_run ON sync_rejects (run_id, feed);" \
  \
  "CREATE TABLE import_runs (" \
  "  id            INTEGER PRIMARY KEY," \
  "  file          TEXT NOT NULL," \
  "  format        TEXT NOT NULL," \
  "  started_at    TEXT NOT NULL," \
  "  finished_at   TEXT NOT NULL," \
  "  extracted_on  TEXT," \
  "  read          INTEGER NOT NULL," \
  "  added         INTEGER NOT NULL," \
  "  updated       INTEGER NOT NULL," \
  "  unchanged     INTEGER NOT NULL," \
  "  rejected      INTEGER NOT NULL" \
  ") STRICT;" \
  \
  "CREATE TABLE import_rejects (" \
  "  import_id  INTEGER NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE," \
  "  location   TEXT NOT NULL," \
  "  record     TEXT," \
  "  field      TEXT," \
  "  reason     TEXT NOT NULL," \
  "  detail     TEXT" \
  ") STRICT;" \
  "CREATE INDEX import_rejects_by_import ON import_rejects (import_id);"

#define SCHEMA_V2_LOCAL \
  "CREATE TABLE local_diagnostics (" \
  "  id           TEXT PRIMARY KEY NOT NULL," \
  "  finess       TEXT NOT NULL," \
  "  date         TEXT NOT NULL," \
  "  referential  TEXT NOT NULL," \
  "  campaign     TEXT," \
  "  status       TEXT NOT NULL CHECK (status IN ('draft', 'validated'))," \
  "  created_at   TEXT NOT NULL," \
  "  updated_at   TEXT NOT NULL," \
  "  validated_at TEXT" \
  ") STRICT;" \
  "CREATE INDEX local_diagnostics_by_establishment ON local_diagnostics (finess, date);" \
  \
  "CREATE TABLE local_diagnostic_answers (" \
  "  diagnostic_id  TEXT NOT NULL REFERENCES local_diagnostics (id) ON DELETE CASCADE," \
  "  question       TEXT NOT NULL," \
  "  answer         TEXT NOT NULL CHECK (answer IN ('0', '1', '2', '3', 'na', 'unknown'))," \
  "  PRIMARY KEY (diagnostic_id, question)" \
  ") STRICT, WITHOUT ROWID;" \
  \
  "CREATE TABLE local_campaigns (" \
  "  id          TEXT PRIMARY KEY NOT NULL," \
  "  name        TEXT NOT NULL," \
  "  region      TEXT NOT NULL," \
  "  sector      TEXT NOT NULL," \
  "  start       TEXT NOT NULL," \
  "  due         TEXT NOT NULL," \
  "  created_at  TEXT NOT NULL" \
  ") STRICT;" \
  \
  "CREATE TABLE local_campaign_targets (" \
  "  campaign_id  TEXT NOT NULL," \
  "  finess       TEXT NOT NULL," \
  "  added_at     TEXT NOT NULL," \
  "  PRIMARY KEY (campaign_id, finess)" \
  ") STRICT, WITHOUT ROWID;" \
  \
  "CREATE TABLE local_stage_changes (" \
  "  id           INTEGER PRIMARY KEY," \
  "  campaign_id  TEXT NOT NULL," \
  "  finess       TEXT NOT NULL," \
  "  stage        TEXT NOT NULL," \
  "  stage_date   TEXT NOT NULL," \
  "  comment      TEXT," \
  "  created_at   TEXT NOT NULL" \
  ") STRICT;" \
  "CREATE INDEX local_stage_changes_by_target ON local_stage_changes (campaign_id, finess, created_at);" \
  \
  "CREATE TABLE notes (" \
  "  id          INTEGER PRIMARY KEY," \
  "  finess      TEXT NOT NULL," \
  "  text        TEXT NOT NULL," \
  "  created_at  TEXT NOT NULL," \
  "  updated_at  TEXT NOT NULL" \
  ") STRICT;" \
  "CREATE INDEX notes_by_establishment ON notes (finess, created_at);"

/* Feed state per manifest and feed: a cursor or an ETag means nothing
 * against another publisher's feed of the same name. */
#define SCHEMA_V3_FEED_STATE \
  "DROP TABLE feed_state;" \
  "CREATE TABLE feed_state (" \
  "  source           TEXT NOT NULL," \
  "  feed             TEXT NOT NULL," \
  "  url              TEXT," \
  "  etag             TEXT," \
  "  last_modified    TEXT," \
  "  cursor           TEXT," \
  "  status           TEXT," \
  "  records          INTEGER," \
  "  http_status      INTEGER," \
  "  last_error       TEXT," \
  "  last_attempt_at  TEXT," \
  "  last_success_at  TEXT," \
  "  postponed_until  TEXT," \
  "  discontinued     INTEGER NOT NULL DEFAULT 0 CHECK (discontinued IN (0, 1))," \
  "  PRIMARY KEY (source, feed)" \
  ") STRICT;"

/* Feed records: a hash of each synced record's canonical form (its columns
 * and its child rows, crrc-feed-records.c), so that a record sent again
 * unchanged is recognised from one indexed lookup and writes nothing. NULL
 * in rows that no feed wrote. */
#define SCHEMA_V4_RECORD_HASH \
  "ALTER TABLE establishments ADD COLUMN hash INTEGER;" \
  "ALTER TABLE incidents ADD COLUMN hash INTEGER;" \
  "ALTER TABLE audits ADD COLUMN hash INTEGER;" \
  "ALTER TABLE alerts ADD COLUMN hash INTEGER;" \
  "ALTER TABLE diagnostics ADD COLUMN hash INTEGER;" \
  "ALTER TABLE campaigns ADD COLUMN hash INTEGER;" \
  "ALTER TABLE exercises ADD COLUMN hash INTEGER;" \
  "ALTER TABLE funding ADD COLUMN hash INTEGER;"

/* Search of the registry (crrc-establishments.c): every word of the names
 * and of the commune, folded (lower case, no accent), with the rowid of
 * its establishment; a prefix of a word is a range of the primary key.
 * Triggers keep it in step on every insert, delete and change of a
 * searched column. (Not FTS5: the cache runs with trusted_schema off, and
 * triggers may not write to a virtual table then.) It is keyed by the
 * establishments' rowid, which only a VACUUM could renumber.
 *
 * The fold runs in steps on a staging table: SQLite's parser does not
 * take a hundred nested replace() in one expression. Then json_each()
 * splits the folded text at spaces.
 *
 * establishment_prefixes holds the first one and two letters of every
 * word, once per establishment: the first keystrokes, which match tens of
 * thousands of establishments, are counted from one range of it without
 * removing duplicates. */
#define SEARCH_FOLD_STAGE \
  "UPDATE establishment_words_stage SET text = " CRRC_SEARCH_FOLD_STEP_SQL (1) ";" \
  "UPDATE establishment_words_stage SET text = " CRRC_SEARCH_FOLD_STEP_SQL (2) ";" \
  "UPDATE establishment_words_stage SET text = " CRRC_SEARCH_FOLD_STEP_SQL (3) ";" \
  "UPDATE establishment_words_stage SET text = " CRRC_SEARCH_FOLD_STEP_SQL (4) ";" \
  "UPDATE establishment_words_stage SET text = " CRRC_SEARCH_FOLD_STEP_SQL (5) ";" \
  "UPDATE establishment_words_stage SET text = lower (replace (text, '''', ' '));" \
  "INSERT OR IGNORE INTO establishment_words (word, establishment)" \
  "  SELECT j.value, s.establishment FROM establishment_words_stage s," \
  "    json_each ('[\"' || replace (s.text, ' ', '\",\"') || '\"]') j" \
  "  WHERE j.value <> '';" \
  "INSERT OR IGNORE INTO establishment_prefixes (prefix, establishment)" \
  "  SELECT substr (j.value, 1, 1), s.establishment FROM establishment_words_stage s," \
  "    json_each ('[\"' || replace (s.text, ' ', '\",\"') || '\"]') j" \
  "  WHERE j.value <> ''" \
  "  UNION SELECT substr (j.value, 1, 2), s.establishment FROM establishment_words_stage s," \
  "    json_each ('[\"' || replace (s.text, ' ', '\",\"') || '\"]') j" \
  "  WHERE length (j.value) >= 2;" \
  "DELETE FROM establishment_words_stage;"

#define SEARCH_TEXT_OF(row) \
  row ".name || ' ' || coalesce (" row ".long_name, '') || ' ' ||" \
  " coalesce (" row ".commune, '') || ' ' || coalesce (" row ".postal_line, '')"

#define SCHEMA_V5_SEARCH \
  "CREATE TABLE establishment_words (" \
  "  word           TEXT NOT NULL," \
  "  establishment  INTEGER NOT NULL," \
  "  PRIMARY KEY (word, establishment)" \
  ") STRICT, WITHOUT ROWID;" \
  "CREATE INDEX establishment_words_by_establishment ON establishment_words (establishment);" \
  "CREATE TABLE establishment_prefixes (" \
  "  prefix         TEXT NOT NULL," \
  "  establishment  INTEGER NOT NULL," \
  "  PRIMARY KEY (prefix, establishment)" \
  ") STRICT, WITHOUT ROWID;" \
  "CREATE INDEX establishment_prefixes_by_establishment ON establishment_prefixes (establishment);" \
  "CREATE TABLE establishment_words_stage (" \
  "  establishment  INTEGER NOT NULL," \
  "  text           TEXT NOT NULL" \
  ") STRICT;" \
  "INSERT INTO establishment_words_stage (establishment, text)" \
  "  SELECT rowid, " SEARCH_TEXT_OF ("establishments") " FROM establishments;" \
  SEARCH_FOLD_STAGE \
  "CREATE TRIGGER establishment_words_insert AFTER INSERT ON establishments BEGIN" \
  "  INSERT INTO establishment_words_stage (establishment, text)" \
  "  VALUES (new.rowid, " SEARCH_TEXT_OF ("new") ");" \
  SEARCH_FOLD_STAGE \
  "END;" \
  "CREATE TRIGGER establishment_words_delete AFTER DELETE ON establishments BEGIN" \
  "  DELETE FROM establishment_words WHERE establishment = old.rowid;" \
  "  DELETE FROM establishment_prefixes WHERE establishment = old.rowid;" \
  "END;" \
  "CREATE TRIGGER establishment_words_update" \
  "  AFTER UPDATE OF name, long_name, commune, postal_line ON establishments BEGIN" \
  "  DELETE FROM establishment_words WHERE establishment = old.rowid;" \
  "  DELETE FROM establishment_prefixes WHERE establishment = old.rowid;" \
  "  INSERT INTO establishment_words_stage (establishment, text)" \
  "  VALUES (new.rowid, " SEARCH_TEXT_OF ("new") ");" \
  SEARCH_FOLD_STAGE \
  "END;"

const CrrcMigration _crrc_schema_migrations[] = {
  {
    1,
    "CREATE TABLE meta ("
    "  key   TEXT PRIMARY KEY NOT NULL,"
    "  value TEXT NOT NULL"
    ");"
    "INSERT INTO meta (key, value) VALUES"
    "  ('created_at', strftime ('%Y-%m-%dT%H:%M:%SZ', 'now')),"
    "  ('created_by', '" PACKAGE_VERSION "');"
  },
  {
    2,
    SCHEMA_V2_REGISTRY
    SCHEMA_V2_EVENTS
    SCHEMA_V2_BULLETINS
    SCHEMA_V2_MATURITY
    SCHEMA_V2_BOOKKEEPING
    SCHEMA_V2_LOCAL
  },
  {
    3,
    SCHEMA_V3_FEED_STATE
  },
  {
    4,
    SCHEMA_V4_RECORD_HASH
  },
  {
    5,
    SCHEMA_V5_SEARCH
    /* An establishment's page looks up its local campaign targets. */
    "CREATE INDEX local_campaign_targets_by_establishment ON local_campaign_targets (finess);"
  },
};

const guint _crrc_schema_n_migrations = G_N_ELEMENTS (_crrc_schema_migrations);
