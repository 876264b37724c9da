#include "store/core/report_groups.h"

#include "domain/follow_through.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

namespace charter::store_core {

namespace {

Instant lastSundayOneAm(int y, unsigned m) {
  using namespace std::chrono;
  const sys_days last_day{year_month_day_last{year{y}, month_day_last{month{m}}}};
  const weekday wd{last_day};
  const sys_days sunday = last_day - days{(wd.c_encoding() + 7 - 0) % 7};
  return Instant{sunday} + hours{1};
}

std::optional<std::int64_t> localDay(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return dayNumber(ukLocalDate(*t));
}

}  // namespace

Date ukLocalDate(Instant t) {
  const int y = static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)}.year());
  const bool bst = t >= lastSundayOneAm(y, 3) && t < lastSundayOneAm(y, 10);
  return std::chrono::floor<std::chrono::days>(t + std::chrono::hours{bst ? 1 : 0});
}

CaseFacts caseFacts(const CaseState& s) {
  CaseFacts f;
  for (const auto& e : s.stage1.elements) {
    ++f.elements;
    if (e.finding == "upheld" || e.finding == "partly_upheld") ++f.elements_upheld;
  }
  for (const auto& e : s.stage2.elements)
    if (e.finding == "overturned") f.stage2_overturned = 1;
  // A stage 2 award restating stage 1's is counted once (domain/follow_through.h).
  const RemediesOffered offered = remediesOffered(s);
  f.remedies = offered.count;
  f.compensation = offered.compensation;
  // "Answered at stage 1 after an extension" (Code 6.4) counts stage 1's extensions only.
  f.extensions = static_cast<std::int64_t>(s.stage1.extensions.size());
  f.kind = slug(s.kind);
  f.tenure = s.tenure;
  f.service_area = s.service_area;
  f.theme = s.theme;
  f.channel = slug(s.channel);
  f.status = slug(s.status);
  f.received_day = dayNumber(ukLocalDate(s.received_at));
  f.escalated_day = localDay(s.escalation_requested_at);
  f.stage1_responded_day = localDay(s.stage1.responded_at);
  f.stage2_responded_day = localDay(s.stage2.responded_at);
  f.stage1_decision = s.stage1.decision;
  f.refusal_reason = s.refusal_reason;
  return f;
}

bool wholeMonths(const measures::Period& p) {
  using namespace std::chrono;
  return year_month_day{p.start}.day() == day{1} &&
         year_month_day{p.end + days{1}}.day() == day{1};
}

bool caseTenureMatches(const std::string& wanted, const std::string& tenure) {
  return wanted.empty() || tenure == wanted || (wanted == "social_rent" && tenure.empty());
}

long countCases(const std::vector<FactGroup>& groups, const measures::CaseCount& c) {
  long n = 0;
  for (const auto& g : groups) {
    if (g.kind != c.kind || !caseTenureMatches(c.tenure, g.tenure)) continue;
    if (!c.service_area.empty() && g.service_area != c.service_area) continue;
    if (!c.theme.empty() && g.theme != c.theme) continue;
    n += g.count;
  }
  return n;
}

namespace {
std::vector<Breakdown> largestFirst(const std::map<std::string, long>& by) {
  std::vector<Breakdown> out;
  for (const auto& [k, n] : by) out.push_back({k, n});
  std::stable_sort(out.begin(), out.end(),
                   [](const Breakdown& a, const Breakdown& b) { return a.count > b.count; });
  return out;
}
}  // namespace

Result<std::vector<Breakdown>> volumes(const std::vector<FactGroup>& groups, const std::string& by,
                                       const std::string& kind) {
  using Field = std::string FactGroup::*;
  static const std::pair<const char*, Field> kFields[] = {
      {"kind", &FactGroup::kind},       {"service_area", &FactGroup::service_area},
      {"theme", &FactGroup::theme},     {"channel", &FactGroup::channel},
      {"tenure", &FactGroup::tenure}};
  Field field = nullptr;
  for (const auto& [name, f] : kFields)
    if (by == name) field = f;
  if (!field) return invalid("by", "enum", "volumes are by kind, service_area, theme, channel or tenure");
  std::map<std::string, long> counts;  // byte order, as SQLite's ORDER BY on TEXT
  for (const auto& g : groups)
    if (kind.empty() || g.kind == kind) counts[g.*field] += g.count;
  return largestFirst(counts);
}

std::vector<Breakdown> refusals(const std::vector<FactGroup>& groups) {
  std::map<std::string, long> counts;
  for (const auto& g : groups)
    if (g.status == "refused") counts[g.refusal_reason] += g.count;
  return largestFirst(counts);
}

measures::ClockTally pickClocks(const std::map<std::string, measures::ClockTally>& by,
                                const std::string& tenure) {
  measures::ClockTally out;
  for (const auto& [t, v] : by) {
    if (!caseTenureMatches(tenure, t)) continue;
    out.stopped += v.stopped;
    out.met_with_extensions += v.met_with_extensions;
    out.met_strict += v.met_strict;
  }
  return out;
}

measures::ComplianceTally pickCompliance(const ComplianceByTenure& by, const std::string& tenure) {
  measures::ComplianceTally out;
  for (const auto& [t, v] : by) {
    if (!tenure.empty() && t != tenure) continue;
    out.required += v.required;
    out.compliant += v.compliant;
  }
  return out;
}

void addReceived(ComplaintOutcomes& o, const std::vector<FactGroup>& received,
                 const std::vector<FactGroup>& escalated) {
  for (const auto& g : received)
    if (g.kind == "complaint") o.stage1_received += g.count;
  for (const auto& g : escalated) o.stage2_received += g.count;
  o.refusals = refusals(received);
}

void addStage1Row(ComplaintOutcomes& o, const std::string& decision, const long (&n)[6],
                  double compensation) {
  o.decisions[decision] = n[0];
  o.stage1_responded += n[0];
  o.elements += n[1];
  o.elements_upheld += n[2];
  o.resolved_at_stage1 += n[3];
  o.extensions += n[4];
  o.remedies += n[5];
  o.compensation += compensation;
}

std::string periodKey(const measures::Period& p) {
  return fmt::format("{}..{}", dayNumber(p.start), dayNumber(p.end));
}

}  // namespace charter::store_core
