// Logging a contact (GET and POST /staff/new): what it is, when and how it came in, and who it
// is from. Rendered through templates/pages/new_contact.mustache.
#include <cctype>

#include <fmt/format.h>

#include "domain/repairs.h"
#include "web/aftercare.h"
#include "web/contact_preference_pages.h"
#include "web/date_input.h"
#include "web/staff_pages.h"
#include "web/templates.h"

namespace charter::web::staff {
namespace {

using nlohmann::json;

const std::vector<Option>& kindOptions() {
  static const std::vector<Option> o = {
      {"complaint", "Complaint", "Any expression of dissatisfaction, however made (Code 1.2)"},
      {"service_request", "Service request", "A request to put something right, such as a repair"},
      {"enquiry", "Enquiry"}, {"compliment", "Compliment"}, {"comment", "Comment"},
      {"mp_enquiry", "MP or councillor enquiry"},
      {"subject_access_request", "Subject access request",
       "Someone asking for a copy of the personal information we hold about them"},
      {"data_breach", "Personal data breach",
       "Personal information lost, shared or changed by mistake; the date is when we found out"},
      {"asb_report", "Anti-social behaviour report",
       "Nuisance, harassment, threats or other anti-social behaviour; choose its level below"}};
  return o;
}

const std::vector<Option>& channelOptions() {
  static const std::vector<Option> o = {
      {"phone", "Phone"}, {"email", "Email"}, {"letter", "Letter"}, {"in_person", "In person"},
      {"web_form", "Web form"}, {"online_account", "Online account"},
      {"representative", "Through a representative"}, {"social_media", "Social media"}};
  return o;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    while (!line.empty() && line.front() == ' ') line.erase(0, 1);
    if (!line.empty()) out.push_back(line);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

// Service requests' priority (the policy's categories), whether it was resolved at first
// contact, and whom a compliment praises.
std::string serviceFields(Ctx& ctx, Visit& v, const FormErrors& e) {
  const Form& f = v.form;
  std::string out;
  if (auto service = ctx.cases.service(v.who())) {
    auto cats = policyCategories((*service)->policy());
    if (!cats.empty()) {
      std::vector<Option> o = {{"", "Not a repair"}};
      for (const auto& c : cats) {
        std::string label = c;
        label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
        o.push_back({c, label});
      }
      out += select("category", "Repair priority (service requests only)", o, f.get("category"), e,
                    "Sets the repair's time standard.");
    }
    out += asbContactFields((*service)->policy(), f, e);
  }
  out += radios("resolved_at_first_contact", "Was it resolved at first contact? (optional)",
                {{"yes", "Yes"}, {"no", "No: we will get back to them"}},
                f.get("resolved_at_first_contact"), e, {}, true);
  out += textInput("about", "Who is it about? (compliments only)", f.get("about"), e,
                   "The staff member's username or the team praised.");
  return out;
}

http::Response newContactPage(Ctx& ctx, Visit& v, const FormErrors& e, int status) {
  const Form& f = v.form;
  std::string what =
      radios("kind", "What is it?", kindOptions(), f.get("kind"), e) +
      select("channel", "How did it come in?", channelOptions(), f.has("channel") ? f.get("channel") : "phone", e) +
      dateInput("received_at", "When was it received?", datePartsOf(f, "received_at"), e,
                "Leave blank if it came in just now. For example, 21 3 2026") +
      textInput("received_at_time", "Time received (optional)", f.get("received_at_time"), e,
                "On the 24-hour clock, for example 17:30. It matters after office hours.", "text",
                "govuk-input--width-5") +
      textarea("summary", "What did they say?", f.get("summary"), e, {}, 4) +
      serviceFields(ctx, v, e);
  std::string who =
      textInput("person.name", "Resident's name", f.get("person.name"), e) +
      textInput("person.address", "Address", f.get("person.address"), e) +
      textInput("person.phone", "Phone", f.get("person.phone"), e, {}, "tel") +
      textInput("person.email", "Email", f.get("person.email"), e, {}, "email") +
      textInput("person.tenancy_ref", "Tenancy reference", f.get("person.tenancy_ref"), e) +
      textInput("person.account", "Resident's account reference (if known)", f.get("person.account"), e,
                "Links the case to their online account") +
      textInput("person.representative", "Representative (if someone acts for them)", f.get("person.representative"), e,
                "For example an advocate, a relative or an MP's office") +
      textarea("person.vulnerabilities", "Vulnerabilities disclosed (one a line)", f.get("person.vulnerabilities"), e, {}, 2) +
      textarea("person.reasonable_adjustments", "Reasonable adjustments agreed (one a line)", f.get("person.reasonable_adjustments"), e, {}, 2) +
      contactPreferenceFields("person.contact.", f, ContactPreference{}, e) +
      textInput("person.contact_preference", "Anything else about contacting them (optional)",
                f.get("person.contact_preference"), e, "For example, not before 10am.");
  std::string body = renderTemplate(
      "pages/new_contact", {{"error_summary_html", errorSummary(e)}, {"csrf_token", v.session.csrf_token},
                            {"what_html", formTokenField(f) + what}, {"who_html", who}, {"text", "Log it"},
                            {"extra_class", ""}});
  return htmlResponse(status, page(ctx, v, std::string(e.empty() ? "" : "Error: ") + "Log a contact", body, "new"));
}

}  // namespace

http::Response newContactGet(Ctx& ctx, Visit& v) { return newContactPage(ctx, v, {}, 200); }

http::Response newContactPost(Ctx& ctx, Visit& v) {
  const Form& f = v.form;
  json b = json::object();
  for (const char* k : {"kind", "channel", "summary", "category", "about"}) setText(b, f, k);
  if (std::string r = f.get("resolved_at_first_contact"); r == "yes" || r == "no") {
    b["resolved_at_first_contact"] = r == "yes";
  }
  asbContactBody(f, b);
  // Errors in page order: what it is, when it came in, what they said.
  FormErrors pre;
  if (!b.contains("kind")) pre.add("kind", "Choose what kind of contact it is");
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  auto received = receivedInstant(f, *(*service)->policy().working_calendar,
                                  SystemTimeSource().now(), pre);
  if (received) b["received_at"] = formatInstant(*received);
  json person = json::object();
  for (const char* k : {"name", "address", "phone", "email", "tenancy_ref", "account", "representative", "contact_preference"}) {
    std::string val = f.get(std::string("person.") + k);
    if (!val.empty()) person[k] = val;
  }
  for (const char* k : {"vulnerabilities", "reasonable_adjustments"}) {
    auto ls = lines(f.get(std::string("person.") + k));
    if (!ls.empty()) person[k] = ls;
  }
  json contact = contactPreferenceBody("person.contact.", f, pre);
  if (!contact.empty()) person["contact"] = contact;
  if (!person.empty()) b["person"] = person;
  if (!b.contains("summary")) pre.add("summary", "Enter what they said");
  if (!pre.empty()) return newContactPage(ctx, v, pre, 422);
  auto made = ctx.cases.create(v.who(), b);
  if (!made) {
    static const std::vector<std::string> ids = [] {
      std::vector<std::string> v = {
          "kind", "channel", "received_at", "received_at_time", "summary", "category",
          "asb_level", "party_ref", "hate_incident", "resolved_at_first_contact", "about",
          "person-name", "person-address", "person-phone", "person-email", "person-tenancy_ref",
          "person-account", "person-representative", "person-vulnerabilities",
          "person-reasonable_adjustments"};
      for (auto& id : contactPreferenceIds("person.contact.")) v.push_back(id);
      v.push_back("person-contact_preference");
      return v;
    }();
    if (made.error().kind == ErrorKind::kInvalid ||
        made.error().kind == ErrorKind::kConflict) {
      Error err = made.error();
      // An ASB report's level is sent as its category.
      if (err.field == "category" && b.value("kind", std::string()) == "asb_report") {
        err.field = "asb_level";
      }
      FormErrors errors = fromError(err, ids);
      pointAtDateParts(errors, {"received_at", "person-contact-review_date"});
      return newContactPage(ctx, v, errors, statusFor(made.error()));
    }
    return errorPage(ctx, v, made.error());
  }
  return redirect(fmt::format("{}?done=logged", caseHref(made->state.id)));
}


}  // namespace charter::web::staff
