#include "app/self_assessment.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/code_provisions.h"

namespace charter {

using nlohmann::json;

namespace {

constexpr std::size_t kCommentaryMax = 4000;
constexpr std::size_t kResponseMax = 8000;

void setStatus(SelfAssessmentRow& row, const std::string& status, const std::string& by) {
  row.status = status;
  row.decided_by = by;
  row.comply = status == "met" ? "Yes" : status == "not_met" ? "No" : "";
}

SelfAssessmentFigures figuresOf(const AnnualReport& r) {
  SelfAssessmentFigures f;
  const auto& o = r.outcomes;
  f.stage1_received = o.stage1_received;
  f.stage1_responded = o.stage1_responded;
  f.stage2_received = o.stage2_received;
  f.stage2_responded = o.stage2_responded;
  for (const auto& b : o.refusals) f.refusals += b.count;
  f.remedies = o.remedies;
  if (r.ombudsman) {
    f.ombudsman_determinations = r.ombudsman->determinations;
    f.ombudsman_fault_findings = r.ombudsman->fault_findings;
  }
  return f;
}

void count(SelfAssessmentView& v) {
  v.met = v.not_met = v.to_complete = 0;
  for (const auto& row : v.rows) {
    if (row.status == "met") ++v.met;
    else if (row.status == "not_met") ++v.not_met;
    else ++v.to_complete;
  }
}

Status checkAnswer(const SelfAssessmentAnswer& a, std::size_t i, std::set<std::string>& seen,
                   const std::set<std::string>& by_data) {
  const std::string at = fmt::format("answers[{}].", i);
  if (findCodeProvision(a.provision) == nullptr)
    return invalid(at + "provision", "unknown",
                   fmt::format("{} is not a provision of the Code 2024 that the self-assessment "
                               "covers", a.provision));
  if (!seen.insert(a.provision).second)
    return invalid(at + "provision", "duplicate", fmt::format("{} is answered twice", a.provision));
  if (a.answer != "yes" && a.answer != "no" && !a.answer.empty())
    return invalid(at + "answer", "enum", "must be yes, no or empty");
  if (!a.answer.empty() && by_data.contains(a.provision))
    return invalid(at + "answer", "decided-by-data",
                   fmt::format("{} is decided by the year's figures; add commentary instead",
                               a.provision));
  if (a.answer == "no" && a.commentary.empty())
    return invalid(at + "commentary", "explanation-required",
                   fmt::format("Explain why {} is not met and when the landlord will comply",
                               a.provision));
  if (a.commentary.size() > kCommentaryMax)
    return invalid(at + "commentary", "too-long",
                   fmt::format("at most {} characters", kCommentaryMax));
  return {};
}

}  // namespace

void applyAnswers(std::vector<SelfAssessmentRow>& rows,
                  const std::vector<SelfAssessmentAnswer>& answers) {
  for (const auto& a : answers) {
    for (auto& row : rows) {
      if (row.provision != a.provision) continue;
      row.commentary = a.commentary;
      if (row.decided_by == "data") break;
      row.answer = a.answer;
      if (a.answer.empty()) setStatus(row, "to_complete", "");
      else setStatus(row, a.answer == "yes" ? "met" : "not_met", "landlord");
      break;
    }
  }
}

std::string encodeAnswers(const std::vector<SelfAssessmentAnswer>& answers) {
  json out = json::array();
  for (const auto& a : answers)
    out.push_back({{"provision", a.provision}, {"answer", a.answer}, {"commentary", a.commentary}});
  return out.dump();
}

std::vector<SelfAssessmentAnswer> decodeAnswers(const std::string& text) {
  std::vector<SelfAssessmentAnswer> out;
  if (text.empty()) return out;
  for (const auto& a : json::parse(text))
    out.push_back({a.value("provision", ""), a.value("answer", ""), a.value("commentary", "")});
  return out;
}

std::string encodeSnapshot(const SelfAssessmentView& v) {
  json rows = json::array();
  for (const auto& r : v.rows) {
    rows.push_back({{"section", r.section}, {"provision", r.provision},
                    {"requirement", r.requirement}, {"status", r.status},
                    {"decided_by", r.decided_by}, {"comply", r.comply}, {"figure", r.figure},
                    {"evidence", r.evidence}, {"link", r.link}, {"answer", r.answer},
                    {"commentary", r.commentary}});
  }
  const auto& f = v.figures;
  json figures = {{"stage1_received", f.stage1_received}, {"stage1_responded", f.stage1_responded},
                  {"stage2_received", f.stage2_received}, {"stage2_responded", f.stage2_responded},
                  {"refusals", f.refusals}, {"remedies", f.remedies},
                  {"ombudsman_determinations", f.ombudsman_determinations},
                  {"ombudsman_fault_findings", f.ombudsman_fault_findings}};
  return json{{"landlord_name", v.landlord_name}, {"rows", rows}, {"figures", figures}}.dump();
}

void decodeSnapshot(const std::string& text, SelfAssessmentView& v) {
  const json j = json::parse(text);
  v.landlord_name = j.value("landlord_name", "");
  v.rows.clear();
  for (const auto& r : j.at("rows")) {
    v.rows.push_back({r.value("section", ""), r.value("provision", ""), r.value("requirement", ""),
                      r.value("status", ""), r.value("decided_by", ""), r.value("comply", ""),
                      r.value("figure", ""), r.value("evidence", ""), r.value("link", ""),
                      r.value("answer", ""), r.value("commentary", "")});
  }
  const json& f = j.at("figures");
  auto n = [&](const char* k) { return f.value(k, 0L); };
  v.figures = {n("stage1_received"), n("stage1_responded"), n("stage2_received"),
               n("stage2_responded"), n("refusals"), n("remedies"),
               n("ombudsman_determinations"), n("ombudsman_fault_findings")};
}

Date selfAssessmentDue(const measures::Period& period) {
  const auto end = std::chrono::year_month_day{period.end};
  return std::chrono::sys_days{end.year() / std::chrono::June / 30};
}

Date SelfAssessmentService::today() const {
  return std::chrono::floor<std::chrono::days>(time_.now());
}

Result<measures::Period> SelfAssessmentService::yearOf(const std::string& year) const {
  auto p = measures::parsePeriod(year);
  if (!p || p->kind != measures::PeriodKind::kYear)
    return invalid("year", "financial-year", "must be a financial year such as 2025-26");
  if (p->start > today())
    return invalid("year", "future", fmt::format("{} has not started yet", year));
  return *p;
}

Status SelfAssessmentService::validate(const std::vector<SelfAssessmentAnswer>& answers,
                                       const std::vector<SelfAssessmentRow>& rows) const {
  std::set<std::string> by_data;
  for (const auto& r : rows)
    if (r.decided_by == "data") by_data.insert(r.provision);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (auto s = checkAnswer(answers[i], i, seen, by_data); !s) return s;
  }
  return {};
}

Result<SelfAssessmentView> SelfAssessmentService::build(
    LandlordId landlord, const measures::Period& p, const std::optional<SelfAssessmentRecord>& rec) {
  SelfAssessmentView v;
  v.period = p.label;
  v.period_name = p.displayName();
  v.due = selfAssessmentDue(p);
  v.status = "draft";
  if (rec && rec->published_at) {
    decodeSnapshot(rec->snapshot, v);
    v.status = "published";
    v.published_at = rec->published_at;
    v.published_by = rec->published_by;
  } else {
    auto service = reports_(landlord);
    if (!service) return tl::unexpected(service.error());
    auto report = (*service)->annualReport(p);
    if (!report) return tl::unexpected(report.error());
    v.landlord_name = report->landlord_name;
    v.rows = std::move(report->self_assessment);
    v.figures = figuresOf(*report);
    if (rec) applyAnswers(v.rows, decodeAnswers(rec->answers));
  }
  if (rec && rec->reviewed_on) {
    v.review = SelfAssessmentReview{*rec->reviewed_on, rec->reviewed_by, rec->response,
                                    rec->review_recorded_by};
    if (v.status == "draft") v.status = "reviewed";
  }
  count(v);
  return v;
}

Result<SelfAssessmentView> SelfAssessmentService::view(LandlordId landlord, const std::string& year) {
  auto p = yearOf(year);
  if (!p) return tl::unexpected(p.error());
  auto rec = store_.find(landlord, p->label);
  if (!rec) return tl::unexpected(rec.error());
  return build(landlord, *p, *rec);
}

Result<SelfAssessmentView> SelfAssessmentService::published(LandlordId landlord,
                                                            const std::string& year) {
  auto p = measures::parsePeriod(year);
  if (!p || p->kind != measures::PeriodKind::kYear)
    return notFound(fmt::format("No self-assessment is published for {}.", year));
  auto rec = store_.find(landlord, p->label);
  if (!rec) return tl::unexpected(rec.error());
  if (!*rec || !(*rec)->published_at)
    return notFound(fmt::format("No self-assessment is published for {}.", year));
  return build(landlord, *p, *rec);
}

Result<std::vector<std::string>> SelfAssessmentService::publishedYears(LandlordId landlord) {
  auto all = store_.list(landlord);
  if (!all) return tl::unexpected(all.error());
  std::vector<std::string> out;
  for (const auto& r : *all)
    if (r.published_at) out.push_back(r.period);
  return out;
}

Result<SelfAssessmentView> SelfAssessmentService::saveAnswers(
    LandlordId landlord, const std::string& year, const std::vector<SelfAssessmentAnswer>& answers,
    const std::string& actor) {
  auto p = yearOf(year);
  if (!p) return tl::unexpected(p.error());
  auto rec = store_.find(landlord, p->label);
  if (!rec) return tl::unexpected(rec.error());
  SelfAssessmentRecord draft = rec->value_or(SelfAssessmentRecord{});
  if (draft.published_at)
    return conflict("published", fmt::format("The self-assessment for {} is published and can no "
                                             "longer change.", p->label));
  auto current = build(landlord, *p, *rec);  // which rows the figures decide now
  if (!current) return current;
  if (auto s = validate(answers, current->rows); !s) return tl::unexpected(s.error());
  auto merged = decodeAnswers(draft.answers);
  for (const auto& a : answers) {
    auto it = std::find_if(merged.begin(), merged.end(),
                           [&](const auto& m) { return m.provision == a.provision; });
    if (it != merged.end()) *it = a;
    else merged.push_back(a);
  }
  draft.period = p->label;
  draft.answers = encodeAnswers(merged);
  draft.updated_by = actor;
  draft.updated_at = time_.now();
  draft.reviewed_on.reset();  // the governing body reviews what will be published
  draft.reviewed_by = draft.response = draft.review_recorded_by = "";
  if (auto s = store_.saveDraft(landlord, draft); !s) return tl::unexpected(s.error());
  return build(landlord, *p, draft);
}

Result<SelfAssessmentView> SelfAssessmentService::recordReview(LandlordId landlord,
                                                               const std::string& year,
                                                               const SelfAssessmentReview& review) {
  auto p = yearOf(year);
  if (!p) return tl::unexpected(p.error());
  if (review.reviewed_on > today())
    return invalid("reviewed_on", "not-future", "the review cannot be dated after today");
  if (review.reviewed_by.empty())
    return invalid("reviewed_by", "required", "name the governing body (or member) that reviewed it");
  if (review.response.empty())
    return invalid("response", "required", "the governing body's response is published with the report (Code 8.2)");
  if (review.response.size() > kResponseMax)
    return invalid("response", "too-long", fmt::format("at most {} characters", kResponseMax));
  auto rec = store_.find(landlord, p->label);
  if (!rec) return tl::unexpected(rec.error());
  SelfAssessmentRecord draft = rec->value_or(SelfAssessmentRecord{});
  if (draft.published_at)
    return conflict("published", fmt::format("The self-assessment for {} is published and can no "
                                             "longer change.", p->label));
  draft.period = p->label;
  if (!*rec) draft.answers = "[]", draft.updated_by = review.recorded_by, draft.updated_at = time_.now();
  draft.reviewed_on = review.reviewed_on;
  draft.reviewed_by = review.reviewed_by;
  draft.response = review.response;
  draft.review_recorded_by = review.recorded_by;
  if (auto s = store_.saveDraft(landlord, draft); !s) return tl::unexpected(s.error());
  return build(landlord, *p, draft);
}

Result<SelfAssessmentView> SelfAssessmentService::publish(LandlordId landlord,
                                                          const std::string& year,
                                                          const std::string& actor) {
  auto v = view(landlord, year);
  if (!v) return v;
  if (v->status == "published")
    return conflict("published", fmt::format("The self-assessment for {} is already published.", v->period));
  if (!v->review)
    return conflict("code-8.2", "The governing body's review and response must be recorded before "
                                "the self-assessment is published (Code 8.2).");
  if (v->to_complete > 0)
    return conflict("incomplete", fmt::format("{} rows are still for the landlord to complete; the "
                                              "self-assessment is completed in full before it is "
                                              "published.", v->to_complete));
  const Instant at = time_.now();
  if (auto s = store_.publish(landlord, v->period, at, actor, encodeSnapshot(*v)); !s)
    return tl::unexpected(s.error());
  return view(landlord, year);
}

Result<std::optional<SelfAssessmentReminder>> SelfAssessmentService::reminder(LandlordId landlord) {
  const measures::Period last = measures::financialYearOf(today()).previous();
  auto rec = store_.find(landlord, last.label);
  if (!rec) return tl::unexpected(rec.error());
  if (*rec && (*rec)->published_at) return std::optional<SelfAssessmentReminder>();
  SelfAssessmentReminder r{last.label, selfAssessmentDue(last), false};
  r.overdue = today() > r.due;
  return std::optional<SelfAssessmentReminder>(r);
}

}  // namespace charter
