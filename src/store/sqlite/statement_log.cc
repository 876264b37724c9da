#include "store/sqlite/statement_log.h"

#include <mutex>
#include <set>

namespace charter::sqlite_statements {
namespace {

std::mutex mu;
std::set<std::string, std::less<>>& all() {
  static std::set<std::string, std::less<>> s;
  return s;
}

}  // namespace

void note(std::string_view sql) {
  std::lock_guard lock(mu);
  if (all().size() < 10000 && all().find(sql) == all().end()) all().emplace(sql);
}

std::vector<std::string> seen() {
  std::lock_guard lock(mu);
  return {all().begin(), all().end()};
}

}  // namespace charter::sqlite_statements
