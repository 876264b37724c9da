#include "store/core/person_store.h"

#include <fmt/format.h>

namespace charter::store_core {
namespace {

constexpr Sql kLastSeq{"person_last_seq",
                       "SELECT COALESCE(MAX(seq), 0) FROM person_events WHERE landlord_id = $1 "
                       "AND person_ref = $2"};
constexpr Sql kInsert{"person_insert",
                      "INSERT INTO person_events (landlord_id, person_ref, seq, type, at_ms, "
                      "recorded_ms, actor, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr Sql kOfPerson{"person_events_of",
                        "SELECT person_ref, seq, type, at_ms, recorded_ms, actor, data FROM "
                        "person_events WHERE landlord_id = $1 AND person_ref = $2 ORDER BY seq"};
constexpr Sql kAll{"person_events_all",
                   "SELECT person_ref, seq, type, at_ms, recorded_ms, actor, data FROM "
                   "person_events WHERE landlord_id = $1 ORDER BY person_ref, seq"};
constexpr Sql kRedact{"person_redact",
                     "UPDATE person_events SET data = $4 WHERE landlord_id = $1 AND "
                     "person_ref = $2 AND seq = $3"};

struct Row {
  std::string person_ref;
  Event event;
};

Row row(const RowReader& r) {
  Row out;
  out.person_ref = r.text(0);
  out.event.seq = static_cast<int>(r.i64(1));
  out.event.type = r.text(2);
  out.event.at = r.instant(3);
  out.event.recorded_at = r.instant(4);
  out.event.actor = r.text(5);
  out.event.data = nlohmann::json::parse(r.text(6), nullptr, false);
  if (out.event.data.is_discarded()) out.event.data = nlohmann::json::object();
  return out;
}

}  // namespace

Result<std::vector<Event>> SqlPersonStore::personEvents(LandlordId landlord,
                                                        std::string_view person_ref) {
  auto rows = readRows<Row>(*db_, Command(kOfPerson, {landlord, std::string(person_ref)}), row);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Event> out;
  for (auto& r : *rows) out.push_back(std::move(r.event));
  return out;
}

Status SqlPersonStore::appendPersonEvents(LandlordId landlord, std::string_view person_ref,
                                          const std::vector<Event>& events) {
  if (events.empty()) return {};
  const std::string ref(person_ref);
  return db_->write(landlord, [&](SqlSession& s) -> Status {
    auto last = scalar(s, Command(kLastSeq, {landlord, ref}));
    if (!last) return tl::unexpected(last.error());
    if (events.front().seq != *last + 1) {
      return conflict("concurrent-change",
                      "Someone else recorded something about this person at the same time; "
                      "look again and retry.");
    }
    for (const auto& e : events) {
      auto r = exec(s, Command(kInsert, {landlord, ref, std::int64_t{e.seq}, e.type,
                                         sqlMillis(e.at), sqlMillis(e.recorded_at), e.actor,
                                         e.data.dump()}));
      if (!r) {
        if (r.error().kind == ErrorKind::kConflict) {
          return conflict("concurrent-change",
                          "Someone else recorded something about this person at the same "
                          "time; look again and retry.");
        }
        return r;
      }
    }
    return {};
  });
}

Result<std::vector<std::pair<std::string, std::vector<Event>>>> SqlPersonStore::allPersonEvents(
    LandlordId landlord) {
  auto rows = readRows<Row>(*db_, Command(kAll, {landlord}), row);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::pair<std::string, std::vector<Event>>> out;
  for (auto& r : *rows) {
    if (out.empty() || out.back().first != r.person_ref) out.push_back({r.person_ref, {}});
    out.back().second.push_back(std::move(r.event));
  }
  return out;
}

Status SqlPersonStore::redactPersonEvents(LandlordId landlord, std::string_view person_ref,
                                          const std::vector<std::pair<int, std::string>>& data) {
  if (data.empty()) return {};
  const std::string ref(person_ref);
  return db_->write(landlord, [&](SqlSession& s) -> Status {
    for (const auto& [seq, text] : data) {
      auto r = exec(s, Command(kRedact, {landlord, ref, std::int64_t{seq}, text}));
      if (!r) return r;
    }
    return {};
  });
}

std::vector<std::string> personStatements() {
  return {kLastSeq.text, kInsert.text, kOfPerson.text, kAll.text, kRedact.text};
}

}  // namespace charter::store_core
