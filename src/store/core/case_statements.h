// The case store's fixed statements, written once in PostgreSQL's placeholder style ($1, $2,
// ...); the SQLite store reads them through sqliteText ($N becomes ?N). landlord_id is $1 in
// every one, and inserts lead with it.
#pragma once

#include <string>
#include <string_view>

namespace charter::store_core {

struct CaseStatement {
  const char* name;  // the name PostgreSQL prepares it under
  const char* sql;
};

inline constexpr CaseStatement kSelectEvents{
    "select_events",
    "SELECT seq, type, at_ms, recorded_ms, actor, data FROM events "
    "WHERE landlord_id = $1 AND case_id = $2 ORDER BY seq"};
// PostgreSQL reads a case in one statement (one snapshot without a transaction); SQLite reads
// the reference and the events in one read transaction (kSelectReference, kSelectEvents).
inline constexpr CaseStatement kLoadCase{
    "load_case",
    "SELECT e.seq, e.type, e.at_ms, e.recorded_ms, e.actor, e.data, c.reference FROM events e "
    "LEFT JOIN cases c ON c.landlord_id = e.landlord_id AND c.case_id = e.case_id "
    "WHERE e.landlord_id = $1 AND e.case_id = $2 ORDER BY e.seq"};
inline constexpr CaseStatement kSelectReference{
    "select_reference", "SELECT reference FROM cases WHERE landlord_id = $1 AND case_id = $2"};
inline constexpr CaseStatement kSelectMaxSeq{
    "max_seq", "SELECT coalesce(max(seq), 0) FROM events WHERE landlord_id = $1 AND case_id = $2"};
inline constexpr CaseStatement kInsertEvent{
    "insert_event",
    "INSERT INTO events (landlord_id, case_id, seq, type, at_ms, recorded_ms, actor, data) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
inline constexpr CaseStatement kUpsertCase{
    "upsert_case",
    "INSERT INTO cases (landlord_id, case_id, reference, kind, channel, status, stage, summary, "
    "person_name, handler, received_ms, next_due_day, next_clock, version, updated_ms, "
    "person_ref, person_address, owner, search_text, service_area, phone_norm) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
    "$19, $20, $21) "
    "ON CONFLICT (landlord_id, case_id) DO UPDATE SET reference = excluded.reference, "
    "kind = excluded.kind, channel = excluded.channel, status = excluded.status, "
    "stage = excluded.stage, summary = excluded.summary, person_name = excluded.person_name, "
    "handler = excluded.handler, received_ms = excluded.received_ms, "
    "next_due_day = excluded.next_due_day, next_clock = excluded.next_clock, "
    "version = excluded.version, updated_ms = excluded.updated_ms, "
    "person_ref = excluded.person_ref, person_address = excluded.person_address, "
    "owner = excluded.owner, search_text = excluded.search_text, "
    "service_area = excluded.service_area, phone_norm = excluded.phone_norm"};
inline constexpr CaseStatement kDeleteClocks{
    "delete_clocks", "DELETE FROM clocks WHERE landlord_id = $1 AND case_id = $2"};
inline constexpr CaseStatement kInsertClock{
    "insert_clock",
    "INSERT INTO clocks (landlord_id, case_id, name, status, start_day, original_due_day, "
    "due_day, due_ms, met_day, provisional, extended, tenure) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"};
inline constexpr CaseStatement kSelectCaseIds{
    "case_ids", "SELECT case_id FROM events WHERE landlord_id = $1 AND seq = 1 ORDER BY case_id"};

// The migrations' bookkeeping.
inline constexpr const char* kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
    "  version    INTEGER NOT NULL PRIMARY KEY,\n"
    "  checksum   TEXT    NOT NULL,\n"
    "  applied_ms BIGINT  NOT NULL\n"
    ")";
inline constexpr CaseStatement kMaxMigration{
    "mig_max", "SELECT coalesce(max(version), 0) FROM schema_migrations"};
inline constexpr CaseStatement kMigrationChecksum{
    "mig_get", "SELECT checksum FROM schema_migrations WHERE version = $1"};
inline constexpr CaseStatement kRecordMigration{
    "mig_put", "INSERT INTO schema_migrations (version, checksum, applied_ms) VALUES ($1, $2, $3)"};
// The demo landlord, present in every database.
inline constexpr const char* kInsertDemoLandlord =
    "INSERT INTO landlords (landlord_id, slug, name) VALUES (1, 'demo', 'Demo landlord') "
    "ON CONFLICT DO NOTHING";

// `sql` with every $N placeholder written ?N (SQLite's numbered parameters).
std::string sqliteText(std::string_view sql);

}  // namespace charter::store_core
