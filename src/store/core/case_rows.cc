#include "store/core/case_rows.h"

#include <algorithm>
#include <exception>
#include <utility>

#include <fmt/format.h>

#include "app/case_search.h"
#include "domain/case_fold.h"

namespace charter::store_core {

Status HistoryReader::add(std::int64_t seq, std::string_view type, std::int64_t at_ms,
                          std::int64_t recorded_ms, std::string_view actor,
                          std::string_view data) {
  Event e;
  e.seq = static_cast<int>(seq);
  e.type = type;
  e.at = fromEpochMillis(at_ms);
  e.recorded_at = fromEpochMillis(recorded_ms);
  e.actor = actor;
  e.data = nlohmann::json::parse(data.begin(), data.end(), nullptr, /*allow_exceptions=*/false);
  if (e.data.is_discarded()) {
    return internalError(
        fmt::format("case {} event {} has unreadable data in the database", id_, e.seq));
  }
  if (e.seq != static_cast<int>(events_.size()) + 1) {
    return internalError(
        fmt::format("case {} has a gap in its history at event {}", id_, events_.size() + 1));
  }
  events_.push_back(std::move(e));
  return {};
}

std::optional<CaseState> HistoryReader::finish(std::string reference) {
  if (events_.empty()) return std::nullopt;
  if (reference.empty()) reference = caseReference(id_);
  CaseState state = foldHistory(id_, std::move(reference), std::move(events_));
  events_.clear();
  return state;
}

Error concurrentWrite(CaseId id) {
  return conflict("concurrent-write",
                  fmt::format("Case {} was changed by someone else at the same time. "
                              "Reload it and try again.",
                              caseReference(id)))
      .value();
}

Status checkAppend(CaseId id, const std::vector<Event>& new_events, const CaseProjection& p) {
  if (p.state == nullptr || p.clocks == nullptr) return internalError("append without a projection");
  if (p.state->id != id) {
    return internalError(
        fmt::format("append to case {} with the projection of case {}", id, p.state->id));
  }
  for (size_t i = 1; i < new_events.size(); ++i) {
    if (new_events[i].seq != new_events[i - 1].seq + 1) {
      return internalError(fmt::format("events to append to case {} are not consecutive", id));
    }
  }
  return {};
}

Status checkContinues(CaseId id, const std::vector<Event>& new_events, const CaseState& state,
                      std::int64_t current) {
  if (!new_events.empty()) {
    if (new_events.front().seq <= current) return tl::unexpected(concurrentWrite(id));
    if (new_events.front().seq != current + 1) {
      return internalError(fmt::format("events for case {} start at {} but its history ends at {}",
                                       id, new_events.front().seq, current));
    }
  }
  const std::int64_t last = new_events.empty() ? current : new_events.back().seq;
  if (state.version() != last) {
    return internalError(
        fmt::format("the projection of case {} folds {} events but its history will have {}", id,
                    state.version(), last));
  }
  return {};
}

namespace {

SqlValue day(const std::optional<Date>& d) {
  if (!d) return nullptr;
  return std::int64_t{dayNumber(*d)};
}

std::int64_t millis(Instant t) { return static_cast<std::int64_t>(epochMillis(t)); }

// The clock due first among the unmet ones (the one cases.next_clock names).
std::string nextClockName(const std::vector<Clock>& clocks, const std::optional<Date>& next_due) {
  if (!next_due) return {};
  for (const auto& k : clocks) {
    if (k.due == next_due && !k.met_on &&
        (k.status == ClockStatus::kRunning || k.status == ClockStatus::kMissed)) {
      return k.name;
    }
  }
  return {};
}

}  // namespace

std::vector<SqlValue> caseRow(LandlordId landlord, CaseId id, const CaseState& state,
                              const std::vector<Clock>& clocks) {
  const std::optional<Date> next_due = nextDue(clocks);
  const Instant updated =
      state.events.empty() ? state.received_at : state.events.back().recorded_at;
  const std::string reference = state.reference.empty() ? caseReference(id) : state.reference;
  return {landlord,
          id,
          reference,
          std::string(slug(state.kind)),
          std::string(slug(state.channel)),
          std::string(slug(state.status)),
          std::int64_t{state.stage},
          state.summary,
          state.person.name,
          state.current().handler,
          millis(state.received_at),
          day(next_due),
          nextClockName(clocks, next_due),
          std::int64_t{state.version()},
          millis(updated),
          state.person.account,
          state.person.address,
          state.owner,
          caseSearchText(state, reference),  // app/case_search.h
          state.service_area,
          searchPhone(state.person.phone)};  // phone_norm: the search text's last line
}

std::vector<SqlValue> clockRow(LandlordId landlord, CaseId id, const CaseState& state,
                               const Clock& k) {
  return {landlord,
          id,
          k.name,
          std::string(slug(k.status)),
          day(k.start),
          day(k.original_due),
          day(k.due),
          k.due_at ? SqlValue(millis(*k.due_at)) : SqlValue(nullptr),
          day(k.met_on),
          std::int64_t{k.provisional ? 1 : 0},
          std::int64_t{k.extensions.empty() ? 0 : 1},
          state.tenure};  // reports tally clocks by tenure without a join
}

Result<std::vector<SqlValue>> eventRow(LandlordId landlord, CaseId id, const Event& e) {
  std::string data;
  try {
    data = e.data.dump();
  } catch (const std::exception& ex) {
    return internalError(fmt::format("event data of case {} cannot be stored: {}", id, ex.what()));
  }
  return std::vector<SqlValue>{landlord,         id,          std::int64_t{e.seq}, e.type,
                               millis(e.at),     millis(e.recorded_at), e.actor, std::move(data)};
}

}  // namespace charter::store_core
