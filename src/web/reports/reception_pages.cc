#include "web/reports/reception_pages.h"

#include <variant>

#include <fmt/format.h>

#include "app/authz.h"
#include "http/browser.h"
#include "web/components.h"
#include "web/layout.h"
#include "web/templates.h"
#include "web/reports/page_responses.h"
#include "web/web.h"

namespace charter::web {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

constexpr const char* kPath = "/staff/reception";
constexpr std::size_t kMaxName = 200;

struct Desk {
  Session session;
  ReportService* reports = nullptr;
  Form form;
};


// The signed-in staff member and their landlord's reports (a POST must carry the session's
// CSRF token), or the response that says why not.
std::variant<Desk, Response> atDesk(AccountService& accounts, const ReportServiceFor& reports,
                                    const Request& request) {
  Desk desk;
  Credentials c{.session = http::cookie(request, http::kSessionCookie),
                .write = http::isWrite(request)};
  if (c.write) {
    auto parsed = Form::parse(request.body);
    if (!parsed) return htmlResponse(400, "The form could not be read.");
    desk.form = std::move(*parsed);
    c.csrf = desk.form.get("csrf_token");
  }
  auto id = identify(accounts, c);
  if (!id || !id->session) {
    if (!id && id.error().kind != ErrorKind::kUnauthenticated) return errorResponse(id.error());
    return toSignIn(request);
  }
  if (!id->principal.isStaff())
    return errorResponse(forbidden("The reception log is kept by staff.").value(), &*id->session);
  auto service = reports(id->principal.landlord);
  if (!service) return errorResponse(service.error(), &*id->session);
  desk.session = std::move(*id->session);
  desk.reports = *service;
  return desk;
}

// `now` on the landlord's wall clock.
LocalTime localNow(const Policy& policy, Instant now) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch();
  if (!policy.working_calendar) return LocalTime{seconds};
  const DayZero z = policy.working_calendar->dayZero(now);
  return LocalTime{z.local_date.time_since_epoch()} + std::chrono::minutes{z.local_minute} +
         std::chrono::seconds{seconds.count() % 60};
}

std::string minutesText(std::chrono::seconds waited) {
  const long m = static_cast<long>(waited.count() / 60);
  return fmt::format("{} minute{}", m, m == 1 ? "" : "s");
}

// A waiting visitor's "Mark seen" form: who saw them (the signed-in officer unless changed).
std::string seenForm(const ReceptionVisit& v, const Desk& desk) {
  const std::string id = "seen_by-" + v.visit_id;
  return fmt::format(
      "<form method=\"post\" action=\"{}/seen\" novalidate>{}"
      "<input type=\"hidden\" name=\"visit_id\" value=\"{}\">"
      "<label class=\"govuk-label govuk-!-font-size-16\" for=\"{}\">Seen by"
      "<span class=\"govuk-visually-hidden\"> the visitor who arrived at {}</span></label>"
      "<input class=\"govuk-input govuk-input--width-20 govuk-!-margin-bottom-2\" id=\"{}\" "
      "name=\"seen_by\" type=\"text\" value=\"{}\" autocomplete=\"off\" spellcheck=\"false\">"
      "<button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" "
      "data-module=\"govuk-button\">Mark seen<span class=\"govuk-visually-hidden\"> the visitor "
      "who arrived at {}</span></button></form>",
      kPath, csrfField(desk.session.csrf_token), escape(v.visit_id), escape(id),
      formatClockTime(v.arrived), escape(id), escape(displayNameOf(desk.session.principal)),
      formatClockTime(v.arrived));
}

json visitsTable(const std::vector<ReceptionVisit>& visits, const Desk& desk, LocalTime now,
                 bool today) {
  Table t;
  t.caption = "Visitors";
  t.caption_class = "govuk-table__caption--m";
  t.head = {{"Arrived", false}, {"Came to see", false}, {"Seen", false}, {"Wait", false},
            {"Seen by", false}};
  for (const auto& v : visits) {
    std::vector<TableCell> row = {TableCell::row(formatClockTime(v.arrived)),
                                  {v.came_to_see.empty() ? "Anyone" : v.came_to_see}};
    if (v.seen) {
      row.push_back({formatClockTime(*v.seen)});
      row.push_back({minutesText(*v.seen - v.arrived)});
      row.push_back({v.anotherOfficer() ? v.seen_by + " (another officer)" : v.seen_by});
    } else {
      row.push_back({today ? "Waiting" : "Not seen"});
      row.push_back({today ? minutesText(now - v.arrived) + " so far" : "–"});
      row.push_back(today ? TableCell::markup(seenForm(v, desk)) : TableCell{"–"});
    }
    t.rows.push_back(std::move(row));
  }
  if (t.rows.empty()) {
    TableCell none{"No visitors logged on this day"};
    none.colspan = 5;
    t.rows.push_back({none});
  }
  return t.data();
}

Response dayPage(const Desk& desk, Date day, LocalTime now, int status = 200,
                 const FormErrors& errors = {}, const std::string& banner = {}) {
  const bool today = day == localDay(now);
  auto visits = desk.reports->store().visitsOn(day);
  if (!visits) return errorResponse(visits.error(), &desk.session);
  const Date before = day - std::chrono::days{1};
  json data = {{"errors", errorSummary(errors)},
               {"banner", banner},
               {"day", formatDateLong(day)},
               {"today", today},
               {"path", kPath},
               {"csrf", csrfField(desk.session.csrf_token)},
               {"came_to_see", textInput("came_to_see", "Who have they come to see?", "", errors,
                                         "Leave blank if they will see anyone.")},
               {"table", visitsTable(*visits, desk, now, today)},
               {"previous_href", fmt::format("{}?day={}", kPath, formatDate(before))},
               {"previous", formatDateLong(before)}};
  Page page;
  page.title = "Reception – Charter";
  page.nav = {{"My work", "/staff", false}, {"Find a case", "/staff/search", false},
              {"Log a contact", "/staff/new", false}, {"Reception", kPath, true}};
  page.signed_in_as = displayNameOf(desk.session.principal);
  page.csrf_token = desk.session.csrf_token;
  page.body_html = renderTemplate("pages/reception", data);
  return htmlPage(status, page);
}

Response getDay(AccountService& accounts, const ReportServiceFor& reports, const TimeSource& time,
                const Request& request) {
  auto at = atDesk(accounts, reports, request);
  if (auto* r = std::get_if<Response>(&at)) return *r;
  const Desk& desk = std::get<Desk>(at);
  const LocalTime now = localNow(desk.reports->policy(), time.now());
  Date day = localDay(now);
  if (const std::string asked = request.queryParam("day"); !asked.empty()) {
    auto d = parseDate(asked, "day");
    if (!d) return errorResponse(d.error(), &desk.session);
    day = *d;
  }
  const std::string done = request.queryParam("done");
  std::string banner;
  if (done == "arrived") banner = notificationBanner("Arrival logged", "<p class=\"govuk-body\">The visitor is on the list as waiting.</p>");
  if (done == "seen") banner = notificationBanner("Visitor seen", "<p class=\"govuk-body\">The time they were seen is recorded.</p>");
  return dayPage(desk, day, now, 200, {}, banner);
}

Response postArrival(AccountService& accounts, const ReportServiceFor& reports,
                     const TimeSource& time, const Request& request) {
  auto at = atDesk(accounts, reports, request);
  if (auto* r = std::get_if<Response>(&at)) return *r;
  const Desk& desk = std::get<Desk>(at);
  const LocalTime now = localNow(desk.reports->policy(), time.now());
  const std::string came_to_see = desk.form.get("came_to_see");
  if (came_to_see.size() > kMaxName) {
    FormErrors errors;
    errors.add("came_to_see", "Enter a name of 200 characters or fewer");
    return dayPage(desk, localDay(now), now, 422, errors);
  }
  auto id = desk.reports->store().logArrival(now, came_to_see);
  if (!id) return errorResponse(id.error(), &desk.session);
  return redirect(std::string(kPath) + "?done=arrived");
}

Response postSeen(AccountService& accounts, const ReportServiceFor& reports, const TimeSource& time,
                  const Request& request) {
  auto at = atDesk(accounts, reports, request);
  if (auto* r = std::get_if<Response>(&at)) return *r;
  const Desk& desk = std::get<Desk>(at);
  const LocalTime now = localNow(desk.reports->policy(), time.now());
  std::string seen_by = desk.form.get("seen_by");
  if (seen_by.empty()) seen_by = displayNameOf(desk.session.principal);
  if (seen_by.size() > kMaxName)
    return errorResponse(invalid("seen_by", "length", "Enter a name of 200 characters or fewer.").value(),
                     &desk.session);
  auto seen = desk.reports->store().markSeen(desk.form.get("visit_id"), now, seen_by);
  if (!seen) return errorResponse(seen.error(), &desk.session);
  return redirect(std::string(kPath) + "?done=seen");
}

}  // namespace

void addReceptionPages(http::Router& router, AccountService& accounts, ReportServiceFor reports,
                       const TimeSource& time) {
  router.add("GET", kPath, [&accounts, reports, &time](const Request& r) {
    return getDay(accounts, reports, time, r);
  });
  router.add("POST", std::string(kPath) + "/arrivals", [&accounts, reports, &time](const Request& r) {
    return postArrival(accounts, reports, time, r);
  });
  router.add("POST", std::string(kPath) + "/seen", [&accounts, reports, &time](const Request& r) {
    return postSeen(accounts, reports, time, r);
  });
}

}  // namespace charter::web
