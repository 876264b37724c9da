#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "store/core/case_statements.h"
#include "store/pg/pg_engine.h"
#include "store/pg/pg_migrations.h"

namespace charter::pg_internal {
namespace {

namespace core = store_core;

// Applies `m` unless it was applied before (then checks it is unchanged), in one transaction.
// REQUIRES: the migration lock is held.
Status migrateOne(PgConn& c, const core::Migration& m) {
  const std::string sum = core::checksum(m.sql);
  auto applied = run(c, core::kMigrationChecksum, Params().add(static_cast<std::int64_t>(m.version)));
  if (!applied) return tl::unexpected(applied.error());
  if (applied->rows() > 0) return core::checkMigrationUnchanged(m.name, m.file, applied->text(0, 0), sum);
  if (auto s = c.exec("BEGIN"); !s) return s;
  if (auto s = c.exec(m.sql); !s) {
    Error e = s.error();
    e.message = fmt::format("migration {} failed: {}", m.name, e.message);
    return tl::unexpected(std::move(e));
  }
  auto rec = run(c, core::kRecordMigration,
                 Params().add(static_cast<std::int64_t>(m.version)).add(sum).add(
                     core::appliedAtMillis()));
  if (!rec) return tl::unexpected(rec.error());
  if (auto s = c.exec("COMMIT"); !s) return s;
  spdlog::info("applied migration {} ({})", m.name, m.file);
  return {};
}

Status migrateLocked(PgConn& c) {
  if (auto s = c.exec(core::kCreateSchemaMigrations); !s) return s;
  const auto& all = pgMigrations();
  const int latest = all.empty() ? 0 : all.back().version;
  auto v = run(c, core::kMaxMigration, Params());
  if (!v) return tl::unexpected(v.error());
  if (auto s = core::checkSchemaNotNewer(v->i64(0, 0), latest); !s) return s;
  for (const auto& m : all) {
    if (auto s = migrateOne(c, m); !s) return s;
  }
  return c.exec(core::kInsertDemoLandlord);
}

}  // namespace

Status Engine::migrate() {
  PgConn& c = *writer;
  // One process migrates at a time; the others wait, then find nothing to do.
  if (auto s = c.exec("SELECT pg_advisory_lock(4242000001)"); !s) return s;
  Status result = migrateLocked(c);
  if (c.inTransaction()) c.exec("ROLLBACK");
  c.exec("SELECT pg_advisory_unlock(4242000001)");
  return result;
}

}  // namespace charter::pg_internal
