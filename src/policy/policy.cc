// Applying a policy file onto its base, checking it against the Code, and the Policy queries.
#include "policy/policy.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "policy/policy_internal.h"

namespace charter {
namespace policy_detail {
namespace {

// How the Code's clocks are named in refusals: "Code 6.2 requires <this> within 5 working days".
std::string requirementText(const Standard& s) {
  if (s.id == "stage1.acknowledge") return "stage 1 complaints to be acknowledged";
  if (s.id == "stage1.respond") return "stage 1 complaints to be answered";
  if (s.id == "stage2.acknowledge") return "stage 2 requests to be acknowledged";
  if (s.id == "stage2.respond") return "stage 2 complaints to be answered";
  return fmt::format("'{}' to be met", s.title);
}

std::string responseText(const Standard& s) {
  if (s.id == "stage1.respond") return "a stage 1 response";
  if (s.id == "stage2.respond") return "a stage 2 response";
  return fmt::format("'{}'", s.title);
}

// "Code 6.2" -> "code-6.2"; "Code 2022 5.1" -> "code-2022-5.1".
std::string ruleFor(std::string_view provision) {
  std::string out;
  for (char c : provision) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '(' || c == ')') {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "statutory" : out;
}

std::string readingSlug(StartReading r) {
  return r == StartReading::kDayZero ? "day_zero" : "event_date";
}

Standard* findStandard(std::vector<Standard>& list, std::string_view id) {
  for (auto& s : list)
    if (s.id == id) return &s;
  return nullptr;
}

// Where an overridden key was written, for messages.
int lineOf(const StandardOverlay* so, std::string_view key) {
  if (!so) return 0;
  auto it = so->key_lines.find(key);
  return it != so->key_lines.end() ? it->second : so->line;
}

void mergeStandard(Standard& s, const StandardOverlay& o) {
  if (o.title) s.title = *o.title;
  if (o.kinds) s.kinds = *o.kinds;
  if (o.channels) s.channels = *o.channels;
  if (o.category) s.category = *o.category;
  if (o.starts) s.starts = *o.starts;
  if (o.start_reading) s.start_reading = *o.start_reading;
  if (o.provisional_from) s.provisional_from = *o.provisional_from;
  if (o.stops) s.stops = *o.stops;
  if (o.amount) {
    s.amount = *o.amount;
    s.unit = *o.unit;
  }
  if (o.extension_cap) s.extension_cap = *o.extension_cap;
  if (o.extension_cap_months) s.extension_cap_months = *o.extension_cap_months;
  if (o.pausable) s.pausable = *o.pausable;
  if (o.statutory) s.statutory = *o.statutory;
  if (o.provision) s.provision = *o.provision;
  if (o.extension_provision) s.extension_provision = *o.extension_provision;
  if (o.target_percent) s.target_percent = *o.target_percent;
}

Status applyStandards(Policy& p, const PolicyOverlay& o) {
  for (const auto& so : o.standards) {
    const std::string path = "standards." + so.id;
    if (Standard* existing = findStandard(p.standards, so.id)) {
      mergeStandard(*existing, so);
      continue;
    }
    // A new standard: it must say what it is, when it starts and stops, and how long it allows.
    const char* missing = !so.title    ? "title"
                          : !so.starts ? "starts"
                          : !so.stops  ? "stops"
                          : !so.amount ? "working_days, calendar_days, hours or months"
                                       : nullptr;
    if (missing)
      return invalid(path, "required",
                     where(o.source_name, so.line) +
                         fmt::format("new standard '{}' needs {}", so.id, missing));
    Standard s;
    s.id = so.id;
    // Receipts are read with the calendar's day-zero rule unless the file says otherwise.
    s.start_reading = (*so.starts == "received" || *so.starts == "escalation_requested")
                          ? StartReading::kDayZero
                          : StartReading::kEventDate;
    mergeStandard(s, so);
    p.standards.push_back(std::move(s));
  }
  return {};
}

Status applyExclusions(Policy& p, const PolicyOverlay& o) {
  for (const auto& eo : o.exclusion_reasons) {
    ExclusionReason* e = nullptr;
    for (auto& x : p.exclusion_reasons)
      if (x.id == eo.id) e = &x;
    if (!e) {
      if (!eo.title)
        return invalid("exclusion_reasons", "required",
                       where(o.source_name, eo.line) +
                           fmt::format("new exclusion reason '{}' needs a title", eo.id));
      p.exclusion_reasons.push_back(ExclusionReason{eo.id, "", "", {}});
      e = &p.exclusion_reasons.back();
    }
    if (eo.title) e->title = *eo.title;
    if (eo.provision) e->provision = *eo.provision;
    if (eo.requires_fields) e->requires_fields = *eo.requires_fields;
  }
  return {};
}

void applyCalendar(CalendarSpec& c, const CalendarOverlay& o) {
  if (o.nation) c.nation = *o.nation;
  if (o.time_zone) c.time_zone = *o.time_zone;
  if (o.day_zero_rule) c.day_zero_rule = *o.day_zero_rule;
  if (o.open_minute) c.hours.open_minute = *o.open_minute;
  if (o.close_minute) c.hours.close_minute = *o.close_minute;
  if (o.working_weekdays) c.hours.working_weekdays = *o.working_weekdays;
  if (o.closures) c.closures = *o.closures;
  if (o.extra_holidays) c.extra_holidays = *o.extra_holidays;
}

// Checks that need the whole merged policy: cross-references between standards.
Status validateMerged(const Policy& p, const PolicyOverlay& o) {
  const auto& src = o.source_name;
  if (p.calendar.hours.open_minute >= p.calendar.hours.close_minute)
    return invalid("calendar.office_closes", "range",
                   where(src, o.calendar.line) + "the office must close after it opens");
  for (const auto& s : p.standards) {
    const StandardOverlay* so = o.standard(s.id);
    const std::string path = "standards." + s.id;
    if (s.title.empty())
      return invalid(path + ".title", "required",
                     where(src, lineOf(so, "title")) + path + ".title must not be empty");
    if (s.starts == s.stops)
      return invalid(path + ".stops", "format",
                     where(src, lineOf(so, "stops")) +
                         fmt::format("standard '{}' starts and stops on the same milestone '{}'",
                                     s.id, s.starts));
    if (s.provisional_from.empty()) continue;
    // Follow the provisional chain: it must end, and only at existing standards.
    std::set<std::string> seen{s.id};
    std::string next = s.provisional_from;
    while (!next.empty()) {
      const Standard* t = p.standard(next);
      if (!t)
        return invalid(path + ".provisional_from", "unknown-standard",
                       where(src, lineOf(so, "provisional_from")) +
                           fmt::format("{}.provisional_from names '{}', which is not a standard "
                                       "of this policy",
                                       path, next));
      if (!seen.insert(next).second)
        return invalid(path + ".provisional_from", "cycle",
                       where(src, lineOf(so, "provisional_from")) +
                           fmt::format("{}.provisional_from leads back to '{}'", path, next));
      next = t->provisional_from;
    }
  }
  if (p.ombudsman_contact.empty())
    return invalid("ombudsman_contact", "required",
                   where(src, 0) + "ombudsman_contact must be set (the base sets it)");
  return {};
}

bool coversAll(const std::vector<std::string>& wider, const std::vector<std::string>& narrower) {
  if (wider.empty()) return true;  // empty = every kind / channel
  if (narrower.empty()) return false;
  return std::all_of(narrower.begin(), narrower.end(), [&](const std::string& x) {
    return std::find(wider.begin(), wider.end(), x) != wider.end();
  });
}

// -1 (no extension) is the tightest cap.
bool capLooser(int cap, int base_cap) {
  if (base_cap < 0) return cap >= 0;
  return cap > base_cap;
}

// A statutory clock may be tightened, never loosened (nor moved, nor narrowed).
Status checkStatutory(const Standard& b, const Standard& s, const PolicyOverlay& o) {
  const StandardOverlay* so = o.standard(b.id);
  if (!so) return {};
  const std::string path = "standards." + b.id;
  const std::string rule = ruleFor(b.provision);
  const std::string prov = b.provision.empty() ? std::string("The Code") : b.provision;
  auto refuse = [&](std::string_view key, std::string rule_id, std::string message) {
    return Status(invalid(path + "." + std::string(key), std::move(rule_id),
                          where(o.source_name, lineOf(so, key)) + message));
  };
  if (!s.statutory)
    return refuse("statutory", rule,
                  fmt::format("{} sets '{}'; a policy cannot mark it as not statutory", prov,
                              b.id));
  if (s.unit != b.unit)
    return refuse(so->duration_key, rule,
                  fmt::format("{} requires {} within {}; this policy counts it in {} instead",
                              prov, requirementText(b), describeDuration(b.amount, b.unit),
                              slug(s.unit)));
  if (s.amount > b.amount)
    return refuse(so->duration_key, rule,
                  fmt::format("{} requires {} within {}; this policy allows {}", prov,
                              requirementText(b), describeDuration(b.amount, b.unit),
                              s.amount));
  if (capLooser(s.extension_cap, b.extension_cap)) {
    const std::string ext_prov = b.extension_provision.empty() ? prov : b.extension_provision;
    std::string allowed =
        b.extension_cap < 0
            ? fmt::format("{} does not allow {} to be extended", ext_prov, responseText(b))
            : fmt::format("{} allows {} to be extended by no more than {} without good reason",
                          ext_prov, responseText(b),
                          describeDuration(b.extension_cap, DurationUnit::kWorkingDays));
    return refuse("extension_cap_working_days", ruleFor(ext_prov),
                  fmt::format("{}; this policy allows {}", allowed, s.extension_cap));
  }
  auto moved = [&](std::string_view key, const std::string& was, const std::string& now) {
    return refuse(key, rule,
                  fmt::format("{} sets when the clock for {} runs (from \"{}\" to \"{}\", "
                              "start read as {}); this policy changes {} from \"{}\" to \"{}\"",
                              prov, requirementText(b), b.starts, b.stops,
                              readingSlug(b.start_reading), key, was, now));
  };
  if (s.starts != b.starts) return moved("starts", b.starts, s.starts);
  if (s.stops != b.stops) return moved("stops", b.stops, s.stops);
  if (s.start_reading != b.start_reading)
    return moved("start_reading", readingSlug(b.start_reading), readingSlug(s.start_reading));
  if (s.provisional_from != b.provisional_from)
    return moved("provisional_from", b.provisional_from, s.provisional_from);
  if (!coversAll(s.kinds, b.kinds) || !coversAll(s.channels, b.channels) ||
      (!s.category.empty() && s.category != b.category)) {
    std::string_view key = !coversAll(s.kinds, b.kinds)      ? "kinds"
                           : !coversAll(s.channels, b.channels) ? "channels"
                                                                : "category";
    return refuse(key, rule,
                  fmt::format("{} applies to every case it names; this policy narrows which "
                              "cases '{}' covers",
                              prov, b.id));
  }
  return {};
}

Status checkNotLoosened(const Policy& base, const Policy& p, const PolicyOverlay& o) {
  for (const auto& b : base.standards) {
    if (!b.statutory) continue;
    if (auto ok = checkStatutory(b, *p.standard(b.id), o); !ok) return ok;
  }
  for (std::size_t i = 0; i < base.exclusion_reasons.size(); ++i) {
    const auto& b = base.exclusion_reasons[i];
    const auto& e = *p.exclusionReason(b.id);
    for (const auto& f : b.requires_fields) {
      if (std::find(e.requires_fields.begin(), e.requires_fields.end(), f) !=
          e.requires_fields.end())
        continue;
      int line = 0;
      for (const auto& eo : o.exclusion_reasons)
        if (eo.id == b.id) line = eo.line;
      return invalid("exclusion_reasons." + b.id + ".requires", ruleFor(b.provision),
                     where(o.source_name, line) +
                         fmt::format("{} requires the '{}' exclusion to record {}; this policy "
                                     "drops it",
                                     b.provision.empty() ? "The Code" : b.provision, b.id, f));
    }
  }
  return {};
}

}  // namespace

Result<std::shared_ptr<Policy>> resolvePolicy(const PolicyOverlay& o, const Policy* base,
                                              CalendarPtr calendar) {
  auto p = std::make_shared<Policy>();
  if (base) {
    *p = *base;
    p->predecessor.reset();
    p->working_calendar.reset();
    p->source_document.clear();
  }
  const auto& src = o.source_name;
  if (!o.id) return invalid("id", "required", where(src, 0) + "a policy needs an id");
  if (!o.name) return invalid("name", "required", where(src, 0) + "a policy needs a name");
  p->id = *o.id;
  p->name = *o.name;
  p->extends = base ? base->id : "";
  if (o.source_document) p->source_document = *o.source_document;
  if (base && o.effective_from)
    return invalid("effective_from", "base-only",
                   where(src, 0) + fmt::format("effective_from is set by the base ({} took "
                                               "effect on {}); a landlord policy cannot move it",
                                               base->id, formatDate(base->effective_from)));
  if (!base) {
    if (!o.effective_from)
      return invalid("effective_from", "required", where(src, 0) + "a base needs effective_from");
    p->effective_from = *o.effective_from;
  }
  applyCalendar(p->calendar, o.calendar);
  if (auto ok = applyStandards(*p, o); !ok) return tl::unexpected(ok.error());
  if (o.themes) p->themes = *o.themes;
  if (o.service_areas) p->service_areas = *o.service_areas;
  if (auto ok = applyExclusions(*p, o); !ok) return tl::unexpected(ok.error());
  if (o.ombudsman_contact) {
    p->ombudsman_contact = *o.ombudsman_contact;
    p->ombudsman_contact_cy.clear();  // the base's Welsh would be of other details
  }
  if (o.ombudsman_contact_cy) p->ombudsman_contact_cy = *o.ombudsman_contact_cy;
  if (o.translation_working_days) p->translation_working_days = *o.translation_working_days;
  if (o.escalation_window_working_days)
    p->escalation_window_working_days = *o.escalation_window_working_days;
  if (o.add_issue_imminent_working_days)
    p->add_issue_imminent_working_days = *o.add_issue_imminent_working_days;
  if (o.teams) p->teams = *o.teams;
  if (o.measures) p->measures = *o.measures;
  if (o.promises) p->promises = *o.promises;
  if (o.sector_figures) p->sector_figures = *o.sector_figures;
  if (o.commitments) p->commitments = *o.commitments;
  if (o.ch02_published) p->ch02_published = *o.ch02_published;
  if (o.tsm_publication) p->tsm_publication = *o.tsm_publication;
  if (o.surveys) p->surveys = *o.surveys;
  else if (!base) p->surveys = defaultSurveyTriggers();

  if (auto ok = validateMerged(*p, o); !ok) return tl::unexpected(ok.error());
  if (auto ok = checkCommitments(*p, o); !ok) return tl::unexpected(ok.error());
  if (base)
    if (auto ok = checkNotLoosened(*base, *p, o); !ok) return tl::unexpected(ok.error());

  if (calendar) {
    p->working_calendar = std::move(calendar);
  } else {
    auto built = WorkingCalendar::build(p->calendar);
    if (!built) {
      Error e = built.error();
      if (!e.field.empty() && e.field.rfind("calendar", 0) != 0) e.field = "calendar." + e.field;
      e.message = where(src, o.calendar.line) + e.message;
      return tl::unexpected(e);
    }
    p->working_calendar = *built;
  }
  if (base && p->calendar.time_zone != base->calendar.time_zone)
    return invalid("calendar.time_zone", "code-calendar",
                   where(src, o.calendar.line) +
                       fmt::format("the Code's working days are read in UK time ({}); another "
                                   "time zone would move some of the Code's due dates later",
                                   base->calendar.time_zone));
  auto code = WorkingCalendar::build(codeCalendarSpec(p->calendar));
  if (!code) return tl::unexpected(code.error());
  p->code_calendar = *code;
  return p;
}


// The same landlord overrides, read against an older base: a tightening of the newer Code stays
// a tightening (never looser than the older Code either), a value equal to the newer Code's
// becomes the older Code's, and the newer Code's start and stop milestones are not carried back.
PolicyOverlay overlayForOlderBase(const PolicyOverlay& o, const Policy& newer,
                                  const Policy& older) {
  PolicyOverlay out = o;
  for (auto& so : out.standards) {
    const Standard* b = newer.standard(so.id);
    const Standard* ob = older.standard(so.id);
    if (!b || !b->statutory || !ob) continue;
    if (so.starts == b->starts) so.starts.reset();
    if (so.stops == b->stops) so.stops.reset();
    if (so.start_reading == b->start_reading) so.start_reading.reset();
    if (so.provisional_from == b->provisional_from) so.provisional_from.reset();
    if (so.amount && so.unit == ob->unit) so.amount = std::min(*so.amount, ob->amount);
    // -1 (no extension) is the smallest cap, so min() keeps the tighter of the two.
    if (so.extension_cap) so.extension_cap = std::min(*so.extension_cap, ob->extension_cap);
    if (so.provision == b->provision) so.provision.reset();
    if (so.extension_provision == b->extension_provision) so.extension_provision.reset();
  }
  return out;
}

}  // namespace policy_detail

CalendarSpec codeCalendarSpec(const CalendarSpec& c) {
  CalendarSpec code = c;
  code.closures.clear();
  const WorkingHours standard;
  code.hours.close_minute = std::max(c.hours.close_minute, standard.close_minute);
  code.hours.open_minute = std::min(c.hours.open_minute, standard.open_minute);
  for (size_t d = 0; d < code.hours.working_weekdays.size(); ++d) {
    code.hours.working_weekdays[d] = c.hours.working_weekdays[d] || standard.working_weekdays[d];
  }
  return code;
}

Status buildCalendars(Policy& p) {
  auto cal = WorkingCalendar::build(p.calendar);
  if (!cal) return tl::unexpected(cal.error());
  auto code = WorkingCalendar::build(codeCalendarSpec(p.calendar));
  if (!code) return tl::unexpected(code.error());
  p.working_calendar = *cal;
  p.code_calendar = *code;
  return {};
}

const WorkingCalendar& Policy::calendarFor(const Standard& s) const {
  return s.statutory && code_calendar ? *code_calendar : *working_calendar;
}


std::string_view slug(DurationUnit u) {
  switch (u) {
    case DurationUnit::kWorkingDays: return "working_days";
    case DurationUnit::kCalendarDays: return "calendar_days";
    case DurationUnit::kHours: return "hours";
    case DurationUnit::kMonths: return "months";
  }
  return "working_days";
}

std::string describeDuration(int amount, DurationUnit unit) {
  const char* noun = unit == DurationUnit::kWorkingDays    ? "working day"
                     : unit == DurationUnit::kCalendarDays ? "calendar day"
                     : unit == DurationUnit::kMonths       ? "calendar month"
                                                           : "hour";
  return fmt::format("{} {}{}", amount, noun, amount == 1 ? "" : "s");
}

bool isKnownMilestone(std::string_view name) {
  const auto& m = policy_detail::kMilestones;
  return std::find(m.begin(), m.end(), name) != m.end();
}

const Policy& Policy::effectiveFor(Date received) const {
  if (predecessor && received < effective_from) return predecessor->effectiveFor(received);
  return *this;
}

namespace {
bool listed(const std::vector<std::string>& list, std::string_view x) {
  return list.empty() || std::find(list.begin(), list.end(), x) != list.end();  // empty = all
}
}  // namespace

std::vector<const Standard*> Policy::standardsFor(std::string_view kind,
                                                  std::string_view channel) const {
  return standardsFor(kind, channel, "");
}

std::vector<const Standard*> Policy::standardsFor(std::string_view kind, std::string_view channel,
                                                  std::string_view category) const {
  std::vector<const Standard*> out;
  for (const auto& s : standards)
    if ((s.category.empty() || s.category == category) && listed(s.kinds, kind) &&
        listed(s.channels, channel))
      out.push_back(&s);
  return out;
}

const Standard* Policy::standard(std::string_view id) const {
  for (const auto& s : standards)
    if (s.id == id) return &s;
  return nullptr;
}

const MeasureSpec* Policy::measure(std::string_view code) const {
  for (const auto& m : measures)
    if (m.code == code) return &m;
  return nullptr;
}

const ExclusionReason* Policy::exclusionReason(std::string_view id) const {
  for (const auto& e : exclusion_reasons)
    if (e.id == id) return &e;
  return nullptr;
}

Result<PolicyPtr> parsePolicy(std::string_view toml_text, std::string_view source_name) {
  using namespace policy_detail;
  auto overlay = parseOverlay(toml_text, source_name);
  if (!overlay) return tl::unexpected(overlay.error());
  if (!overlay->extends)
    return invalid("extends", "required",
                   where(source_name, 0) +
                       "a policy must extend a base: extends = \"hos-code-2024\" (or "
                       "\"hos-code-2022\")");
  auto base = builtinPolicy(*overlay->extends);
  if (!base && base.error().kind != ErrorKind::kNotFound) return tl::unexpected(base.error());
  if (!base)
    return invalid("extends", "unknown-base",
                   where(source_name, 0) +
                       fmt::format("unknown base '{}'; expected \"hos-code-2024\" or "
                                   "\"hos-code-2022\"",
                                   *overlay->extends));
  if (overlay->id && (*overlay->id == "hos-code-2024" || *overlay->id == "hos-code-2022"))
    return invalid("id", "reserved",
                   where(source_name, 0) +
                       fmt::format("'{}' is the id of a built-in base; choose another id",
                                   *overlay->id));
  auto policy = resolvePolicy(*overlay, base->get());
  if (!policy) return tl::unexpected(policy.error());
  if (const Policy* older = (*base)->predecessor.get()) {
    PolicyOverlay back = overlayForOlderBase(*overlay, **base, *older);
    auto pred = resolvePolicy(back, older, (*policy)->working_calendar);
    if (!pred) {
      Error e = pred.error();
      e.message = fmt::format("applying this policy to complaints received before {} ({} rules): {}",
                              formatDate((*base)->effective_from), older->id, e.message);
      return tl::unexpected(e);
    }
    (*pred)->code_calendar = (*policy)->code_calendar;
    (*policy)->predecessor = std::move(*pred);
  }
  return PolicyPtr(std::move(*policy));
}

Result<PolicyPtr> loadPolicyFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return notFound(fmt::format("no policy file at {}", path.string()));
  std::ifstream in(path, std::ios::binary);
  if (!in) return notFound(fmt::format("cannot read the policy file {}", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return parsePolicy(text.str(), path.string());
}

}  // namespace charter
