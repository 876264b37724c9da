#include "store/sqlite/report_test_backend.h"

#include <unistd.h>

#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "store/sqlite/report_store.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {

namespace {

class SqliteReportBackend final : public ReportBackend {
 public:
  ~SqliteReportBackend() override {
    reports_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  bool open(std::string* error) {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("charter-report-{}-{}", ::getpid(), std::random_device{}());
    std::filesystem::create_directories(dir_);
    auto store = SqliteStore::open({.path = dir_ / "charter.db", .synchronous_full = false});
    if (!store) return (*error = store.error().message, false);
    store_ = std::move(*store);
    auto reports = SqliteReportStore::open(dir_ / "charter.db", 1);
    if (!reports) return (*error = reports.error().message, false);
    reports_ = std::move(*reports);
    return true;
  }
  CaseStore& cases() override { return *store_; }
  ReportStore& reports() override { return *reports_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteReportStore> reports_;
};

}  // namespace

std::unique_ptr<ReportBackend> sqliteReportBackend(std::string* error) {
  auto b = std::make_unique<SqliteReportBackend>();
  if (!b->open(error)) return nullptr;
  return b;
}

}  // namespace charter
