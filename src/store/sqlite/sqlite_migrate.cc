#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "store/core/case_statements.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_engine.h"

namespace charter::sqlite_internal {
namespace {

namespace core = store_core;

// Applies `m` unless it was applied before (then checks it is unchanged), in one transaction.
Status migrateOne(Connection& c, const core::Migration& m) {
  const std::string sum = core::checksum(m.sql);
  if (auto s = c.execCached("BEGIN IMMEDIATE"); !s) return s;
  auto rollback = [&](Error e) -> Status {
    if (c.inTransaction()) c.script("ROLLBACK");
    return tl::unexpected(std::move(e));
  };
  std::optional<std::string> applied;
  {
    auto s = c.statement(core::sqliteText(core::kMigrationChecksum.sql));
    if (!s) return rollback(s.error());
    s->bind(1, static_cast<std::int64_t>(m.version));
    const int rc = s->step();
    if (rc == sqlite::kRow) {
      applied = s->text(0);
    } else if (rc != sqlite::kDone) {
      return rollback(sqlite::sqlError(c.db(), rc, "reading schema_migrations"));
    }
  }
  if (applied) {
    c.script("ROLLBACK");
    return core::checkMigrationUnchanged(m.name, m.file, *applied, sum);
  }
  if (auto s = c.script(m.sql); !s) {
    Error e = s.error();
    e.message = fmt::format("migration {} failed: {}", m.name, e.message);
    return rollback(std::move(e));
  }
  {
    auto s = c.statement(core::sqliteText(core::kRecordMigration.sql));
    if (!s) return rollback(s.error());
    s->bind(1, static_cast<std::int64_t>(m.version)).bind(2, sum).bind(3, core::appliedAtMillis());
    if (auto r = s->run("recording a migration"); !r) return rollback(r.error());
  }
  if (auto s = c.execCached("COMMIT"); !s) return rollback(s.error());
  spdlog::info("applied migration {} ({})", m.name, m.file);
  return {};
}

}  // namespace

Status Engine::migrate() {
  Connection& c = *writer;
  if (auto s = c.script(core::kCreateSchemaMigrations); !s) return s;
  const auto& all = embeddedMigrations();
  const int latest = all.empty() ? 0 : all.back().version;
  auto v = c.queryText(core::kMaxMigration.sql);
  if (!v) return tl::unexpected(v.error());
  if (auto s = core::checkSchemaNotNewer(std::stoll(*v), latest); !s) return s;
  for (const auto& m : all) {
    if (auto s = migrateOne(c, m); !s) return s;
  }
  return c.script(core::kInsertDemoLandlord);
}

}  // namespace charter::sqlite_internal
