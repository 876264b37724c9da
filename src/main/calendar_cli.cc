#include "main/calendar_cli.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/deadline.h"
#include "calendar/bank_holidays.h"

namespace charter {
namespace {

void printClock(const Clock& c) {
  fmt::print("{:<20} {:<8} due {}{}\n", c.name, slug(c.status),
             c.due ? formatDate(*c.due) : std::string("-"), c.provisional ? " (provisional)" : "");
  fmt::print("  {}\n", c.explanation);
}

// An optional milestone of `charter deadline`: empty when not given.
Result<std::optional<Instant>> optionalInstant(const std::string& text, std::string_view field) {
  if (text.empty()) return std::optional<Instant>();
  auto at = parseInstant(text, field);
  if (!at) return tl::unexpected(at.error());
  return std::optional<Instant>(*at);
}

// The deadline calculator (app/deadline.h): the clocks of a complaint received at `received`,
// with the acknowledgement and escalation taken where given.
int runDeadline(const std::string& policy_path, const std::string& received,
                const std::string& acknowledged, const std::string& responded,
                const std::string& escalated, const std::string& acknowledged2) {
  auto policy = loadPolicy(policy_path);
  if (!policy) return fail(policy.error());
  auto at = parseInstant(received, "received");
  if (!at) return fail(at.error());
  DeadlineQuestion question;
  question.received = *at;
  struct Given {
    const std::string& text;
    std::string_view field;
    std::optional<Instant>& into;
  };
  for (const Given& g : {Given{acknowledged, "acknowledge", question.acknowledged},
                         Given{responded, "respond", question.responded},
                         Given{escalated, "request_escalation", question.escalated},
                         Given{acknowledged2, "acknowledge", question.acknowledged2}}) {
    auto when = optionalInstant(g.text, g.field);
    if (!when) return fail(when.error());
    g.into = *when;
  }
  auto deadlines = workOutDeadlines(**policy, question);
  if (!deadlines) return fail(deadlines.error());
  fmt::print("Policy: {} ({})\n", (*policy)->name, (*policy)->id);
  for (const auto& clock : deadlines->clocks) printClock(clock);
  return 0;
}

int runHolidays(const std::string& nation_slug, int year) {
  auto nation = parseNation(nation_slug);
  if (!nation) return fail(nation.error());
  if (year < kFirstCalendarYear || year > kLastCalendarYear) {
    fmt::print(stderr, "error: year: must be between {} and {}\n", kFirstCalendarYear,
               kLastCalendarYear);
    return 1;
  }
  for (const auto& h : bankHolidays(*nation, year)) {
    fmt::print("{}\t{}\n", formatDate(h.date), h.name);
  }
  return 0;
}

// What the Code's clocks are counted on, and what of the landlord's calendar they leave out.
void printCodeCalendar(const Policy& p) {
  const CalendarSpec code = codeCalendarSpec(p.calendar);
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  std::vector<std::string> days;
  for (size_t d = 0; d < 7; ++d) {
    if (code.hours.working_weekdays[d]) days.emplace_back(kDays[d]);
  }
  fmt::print("The Code's clocks count {} except bank holidays ({} extra), out of hours from "
             "{:02}:{:02}; the landlord's {} closure day(s) and office hours apply to its own "
             "standards only, so no Code due date is later than the Code's.\n",
             fmt::join(days, ", "), code.extra_holidays.size(), code.hours.close_minute / 60,
             code.hours.close_minute % 60, p.calendar.closures.size());
}

// The commitments register (docs/policy.md): how many commitments are measured by clocks and by
// measures, then each one not measured, with its reason.
void printRegister(const Policy& p) {
  if (p.commitments.empty()) {
    fmt::print("Commitments register: none (add [[commitments]] to list every promise)\n");
    return;
  }
  int by_clock = 0, by_measure = 0;
  std::vector<const Commitment*> unmeasured;
  for (const auto& c : p.commitments) {
    if (c.measured_by.empty()) unmeasured.push_back(&c);
    bool clock = false, measure = false;
    for (const auto& code : c.measured_by) {
      clock = clock || p.standard(code) != nullptr;
      measure = measure || p.measure(code) != nullptr;
    }
    by_clock += clock;
    by_measure += measure;
  }
  fmt::print("Commitments register: {} commitments, {} measured ({} by a clock, {} by a measure), "
             "{} not measured\n",
             p.commitments.size(), p.commitments.size() - unmeasured.size(), by_clock, by_measure,
             unmeasured.size());
  for (const Commitment* c : unmeasured)
    fmt::print("  not measured: {} ({})\n    why: {}\n", c->text, c->source, c->not_measured);
}

int runPolicyCheck(const std::string& path) {
  auto policy = loadPolicyFile(path);
  if (!policy) {
    fmt::print(stderr, "{}: invalid\n", path);
    return fail(policy.error());
  }
  const Policy& p = **policy;
  fmt::print("{}: ok: {} \"{}\" extends {}, {} standards\n", path, p.id, p.name,
             p.extends.empty() ? "nothing" : p.extends, p.standards.size());
  for (const auto& s : p.standards) {
    fmt::print("  {:<28} {}{}\n", s.id, describeDuration(s.amount, s.unit),
               s.statutory ? fmt::format(" ({})", s.provision) : "");
  }
  printCodeCalendar(p);
  printRegister(p);
  return 0;
}

struct CalendarOptions {
  std::string policy, received, acknowledged, responded, escalated, acknowledged2;
  std::string nation = "england-and-wales", policy_file;
  int year = 0;
};

CLI::App* addDeadlineCommand(CLI::App& app, CalendarOptions& o) {
  auto* deadline = app.add_subcommand("deadline", "Work out a complaint's due dates, explained");
  deadline->add_option("--received", o.received, "When the complaint was received (RFC 3339)")
      ->required();
  deadline->add_option("--acknowledged", o.acknowledged, "When stage 1 was acknowledged");
  deadline->add_option("--responded", o.responded, "When stage 1 was answered");
  deadline->add_option("--escalated", o.escalated, "When stage 2 was requested");
  deadline->add_option("--acknowledged2", o.acknowledged2, "When stage 2 was acknowledged");
  deadline->add_option("--policy", o.policy, "Landlord policy file (TOML)");
  return deadline;
}

}  // namespace

CommandRun addCalendarCommands(CLI::App& app) {
  auto o = std::make_shared<CalendarOptions>();
  auto* deadline = addDeadlineCommand(app, *o);

  auto* calendar = app.add_subcommand("calendar", "Working calendar");
  calendar->require_subcommand(1);
  auto* holidays = calendar->add_subcommand("holidays", "List a year's bank holidays");
  holidays->add_option("--nation", o->nation, "england-and-wales | scotland | northern-ireland");
  holidays->add_option("--year", o->year, "Year")->required();

  auto* policy = app.add_subcommand("policy", "Landlord policy files");
  policy->require_subcommand(1);
  auto* check = policy->add_subcommand("check", "Validate a policy file against the Code");
  check->add_option("file", o->policy_file, "Policy file (TOML)")->required();

  return [=]() -> std::optional<int> {
    if (*deadline) {
      return runDeadline(o->policy, o->received, o->acknowledged, o->responded, o->escalated,
                         o->acknowledged2);
    }
    if (*holidays) return runHolidays(o->nation, o->year);
    if (*check) return runPolicyCheck(o->policy_file);
    return std::nullopt;
  };
}

}  // namespace charter
