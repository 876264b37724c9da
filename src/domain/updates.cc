#include "domain/updates.h"

#include <fmt/format.h>

namespace charter {
namespace {

using json = nlohmann::json;
using fields::kLongText;
using fields::kShortText;

constexpr int kMaxInterval = 60;  // working days: about three months

std::optional<Date> dateOf(const json& d, const char* key) {
  auto it = d.find(key);
  if (it == d.end() || !it->is_string()) return std::nullopt;
  auto r = parseDate(it->get<std::string>(), key);
  return r ? std::optional<Date>(*r) : std::nullopt;
}

std::vector<Event> one(std::string_view type, Instant at, json data) {
  Event e;
  e.type = std::string(type);
  e.at = at;
  e.data = std::move(data);
  return {std::move(e)};
}

// Whether the resident is still owed updates: the complaint is being handled, or something it
// promised is still to be done.
bool stillOwed(const CaseState& s) {
  if (!s.finished()) return true;
  if (s.status != CaseStatus::kClosed) return false;
  for (const auto* st : {&s.stage1, &s.stage2}) {
    for (const auto& a : st->outstanding_actions)
      if (!a.completed_on) return true;
    for (const auto& r : st->remedies)
      if (!r.completed_on && !r.superseded && r.due) return true;
  }
  return false;
}

struct Period {
  Date start{};
  Date due{};
  int every = 0;
};

Clock updateClock(int n, const Period& p, std::optional<Date> given, Date today) {
  Clock c = dateClock(fmt::format("update.{}", n), fmt::format("Update {} to the resident", n),
                      p.start, p.due, given, today,
                      fmt::format("Updates agreed every {} working days; counted from {}, so "
                                  "due by {}.",
                                  p.every, formatDateLong(p.start), formatDateLong(p.due)));
  c.provision = "Code 5.9";
  return c;
}

}  // namespace

bool isUpdateEvent(std::string_view t) {
  return t == event_type::kUpdatesAgreed || t == event_type::kUpdateLogged;
}

std::vector<Clock> updateClocks(const CaseState& s, const WorkingCalendar& cal, Date today) {
  std::vector<Clock> out;
  std::optional<Period> open;
  for (const auto& e : s.events) {
    if (e.type == event_type::kUpdatesAgreed) {
      auto it = e.data.find("every_working_days");
      const int every = it != e.data.end() && it->is_number_integer() ? it->get<int>() : 0;
      const Date on = dateOf(e.data, "agreed_on").value_or(cal.localDate(e.at));
      open.reset();
      if (every > 0) open = Period{on, cal.addWorkingDays(on, every), every};
    } else if (e.type == event_type::kUpdateLogged && open) {
      const Date given = dateOf(e.data, "given_on").value_or(cal.localDate(e.at));
      out.push_back(updateClock(static_cast<int>(out.size()) + 1, *open, given, today));
      open = Period{given, cal.addWorkingDays(given, open->every), open->every};
    }
  }
  if (open && stillOwed(s)) {
    out.push_back(updateClock(static_cast<int>(out.size()) + 1, *open, std::nullopt, today));
  }
  return out;
}

namespace updates {

Result<std::vector<Event>> agree(const AftercareStep& a) {
  if (a.state.kind != CaseKind::kComplaint) {
    return conflict("not-a-complaint",
                    "Update intervals are agreed on complaints (Code 5.9); this case is a " +
                        std::string(displayName(a.state.kind)) + ".");
  }
  const auto& v = a.body.raw("every_working_days");
  if (v.is_null()) return invalid("every_working_days", "required", "is required");
  if (!v.is_number_integer()) {
    return invalid("every_working_days", "type", "must be a whole number of working days");
  }
  if (v.get<long long>() < 0 || v.get<long long>() > kMaxInterval) {
    return invalid("every_working_days", "range",
                   fmt::format("must be between 1 and {} working days (0 ends the agreement)",
                               kMaxInterval));
  }
  CHARTER_TRY(on, aftercare::happenedOn(a, "agreed_on", a.cal.localDate(a.state.received_at),
                                        "the day the complaint was received"));
  return one(event_type::kUpdatesAgreed, a.at,
             {{"every_working_days", v.get<int>()}, {"agreed_on", formatDate(on)}});
}

Result<std::vector<Event>> log(const AftercareStep& a) {
  CHARTER_TRY(text, a.body.text("text", kLongText, true));
  CHARTER_TRY(channel_text, a.body.text("channel", kShortText, false));
  json data = {{"text", text}};
  if (!channel_text.empty()) {
    CHARTER_TRY(channel, parseChannel(channel_text));
    data["channel"] = std::string(slug(channel));
  }
  CHARTER_TRY(on, aftercare::happenedOn(a, "given_on", a.cal.localDate(a.state.received_at),
                                        "the day the case was received"));
  data["given_on"] = formatDate(on);
  return one(event_type::kUpdateLogged, a.at, std::move(data));
}

}  // namespace updates
}  // namespace charter
