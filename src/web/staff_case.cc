// The staff case page (templates/pages/case.mustache): the resident, the facts, the deadlines
// with how each was worked out, the letters (and those still owed), the timeline and the
// actions (issuing a letter from it is web/letter_preview.cc).
#include <functional>
#include <map>

#include <fmt/format.h>

#include "web/aftercare.h"
#include "web/attachment_pages.h"
#include "web/contact_preference_pages.h"
#include "web/message_pages.h"
#include "app/letter_service.h"
#include "web/letter_prompts.h"
#include "web/restriction_pages.h"
#include "web/staff_pages.h"
#include "web/survey_pages.h"
#include "web/templates.h"
#include "util/date_words.h"

namespace charter::web::staff {
namespace {

using nlohmann::json;

// "Letter sent by post" for an issued letter's channel (app/letter_service.h); "Letter sent"
// when it was not recorded.
std::string letterSentText(const std::string& channel) {
  if (channel == "post" || channel == "email") return "Letter sent by " + channel;
  if (channel == "portal") return "Letter sent through the online account";
  if (channel == "by_hand") return "Letter sent by hand";
  return "Letter sent";
}

json personData(const Person& p, Date today) {
  auto join = [](const std::vector<std::string>& xs) {
    return xs.empty() ? std::string("None recorded") : renderTemplate("partials/list", {{"items", xs}});
  };
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Name", escape(p.name.empty() ? "Not given" : p.name)},
      {"Address", escape(p.address.empty() ? "-" : p.address)},
      {"Phone", escape(p.phone.empty() ? "-" : p.phone)},
      {"Email", escape(p.email.empty() ? "-" : p.email)},
      {"Vulnerabilities", join(p.vulnerabilities)},
      {"Reasonable adjustments", join(p.reasonable_adjustments)},
      // Beside the vulnerabilities: both are checked before anyone contacts them.
      {"How they want to hear from us", contactHtml(p.contact, today)}};
  if (!p.contact_preference.empty()) rows.push_back({"Contact preferences (notes)", escape(p.contact_preference)});
  if (!p.tenancy_ref.empty()) rows.insert(rows.begin() + 1, {"Tenancy", escape(p.tenancy_ref)});
  if (!p.representative.empty()) rows.push_back({"Representative", escape(p.representative)});
  return summaryListData(rows);
}

json clocksData(const CaseView& view, const Policy& policy) {
  json out = json::array();
  for (const auto& c : view.clocks) {
    std::string due = c.due ? renderTemplate("partials/time", {{"datetime", formatDate(*c.due)},
                                                               {"text", formatDateLong(*c.due)}})
                            : "Not started";
    // An hours standard is due at a moment: shown with the time.
    if (c.due_at && c.extensions.empty() && policy.working_calendar) {
      due = renderTemplate("partials/time",
                           {{"datetime", formatInstant(*c.due_at)},
                            {"text", policy.working_calendar->formatLocal(*c.due_at)}});
    }
    std::vector<std::pair<std::string, std::string>> rows = {
        {"Status", clockStatusTag(c)}, {"Due", due}};
    if (c.met_on) rows.push_back({"Done on", escape(formatDateLong(*c.met_on))});
    if (!c.provision.empty()) rows.push_back({"Standard", escape(c.provision)});
    out.push_back({{"id", fieldId(c.name)}, {"title", c.title}, {"facts", summaryListData(rows)},
                   {"how", {{"summary", "How this date was worked out"},
                            {"html", renderTemplate("partials/paragraph", {{"text", c.explanation}})}}}});
  }
  return out;
}

// A staff account's username as the person's name and job title (staffName), other names as
// they are.
using Names = std::function<std::string(const std::string&)>;

std::string eventText(const Event& e, const Policy& policy, const Names& name) {
  const json& d = e.data;
  auto s = [&](const char* k) { return d.value(k, std::string()); };
  auto withReason = [&](std::string what) { return s("reason").empty() ? what : what + ": " + s("reason"); };
  if (auto t = dataProtectionEventText(e); !t.empty()) return t;
  if (auto t = asbEventText(e); !t.empty()) return t;
  if (e.type == "received") return "Received: " + s("summary");
  if (e.type == "acknowledged") return fmt::format("Acknowledged at stage {} by {}. Definition: {}", d.value("stage", 1), name(s("handler")), s("definition"));
  if (e.type == "extended") return extensionText(e);
  if (e.type == "responded") return fmt::format("Responded{}: {}", d.contains("stage") ? fmt::format(" at stage {}", d.value("stage", 1)) : "", s("decision").empty() ? s("response") : findingLabel(s("decision")));
  if (e.type == "escalation_requested") return withReason("Stage 2 review requested");
  if (e.type == "refused") return "Not taken forward: " + s("reason_title") + ". " + s("evidence");
  if (e.type == "withdrawn") return withReason("Withdrawn");
  if (e.type == "closed") return withReason("Closed");
  if (e.type == "note") return "Note: " + s("text");
  if (e.type == "assigned") return withReason("Assigned to " + name(s("owner")));
  if (e.type == "linked") return "Complaint raised from this case: " + s("summary");
  if (e.type == "letter_issued") {
    std::string sent = letterSentText(s("channel")) + ": " + s("title");
    std::string instead = letterInsteadText(d);
    return instead.empty() ? sent : sent + ". " + instead;
  }
  if (auto t = contactEventText(e); !t.empty()) return t;
  if (auto t = issueEventText(e); !t.empty()) return t;
  if (auto t = serviceEventText(e, policy); !t.empty()) return t;
  if (auto t = aftercareEventText(e); !t.empty()) return t;
  if (auto t = documentEventText(e); !t.empty()) return t;
  return e.type;
}

json timelineData(const CaseView& view, const Policy& policy, const Names& name) {
  json out = json::array();
  for (auto it = view.state.events.rbegin(); it != view.state.events.rend(); ++it) {
    std::string letter;
    if (it->type == "letter_issued") letter = fmt::format("{}/letters/{}", caseHref(view.state.id), it->seq);
    out.push_back({{"when", whenText(it->at, policy)}, {"actor", name(it->actor)},
                   {"text", eventText(*it, policy, name)}, {"letter_href", letter}});
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> actionsFor(const CaseState& s) {
  std::vector<std::pair<std::string, std::string>> out;
  bool complaint = s.kind == CaseKind::kComplaint;
  if (!s.finished()) {
    if (complaint && !s.current().acknowledged_at)
      out.push_back({"acknowledge", s.stage == 2 ? "Acknowledge the stage 2 request" : "Acknowledge"});
    if (complaint && s.current().acknowledged_at && !s.current().responded_at)
      out.push_back({"extend", "Extend the response date"});
    // An ASB report has its own steps (asbActions) and no response.
    if ((!s.current().responded_at || !complaint) && s.kind != CaseKind::kAsbReport)
      if (!(s.status == CaseStatus::kResponded && !complaint))
        out.push_back({"respond", s.stage == 2 ? "Send the final response" : "Respond"});
    if (complaint && !s.current().responded_at) out.push_back({"refuse", "Do not take forward"});
    if (complaint && s.stage == 1 && s.stage1.responded_at)
      out.push_back({"request_escalation", "Record a stage 2 request"});
    out.push_back({"close", "Close"});
    out.push_back({"withdraw", "Record a withdrawal"});
  } else if (complaint && s.status == CaseStatus::kClosed && s.stage == 1) {
    out.push_back({"request_escalation", "Record a stage 2 request"});
  }
  if (s.kind == CaseKind::kServiceRequest || s.kind == CaseKind::kEnquiry || s.kind == CaseKind::kMpEnquiry)
    out.push_back({"convert_to_complaint", "Raise a complaint from this"});
  if (s.kind == CaseKind::kServiceRequest) out.push_back({"offer_complaint", "Offer the choice to complain"});
  for (auto& a : aftercareActions(s)) out.push_back(a);
  for (auto& a : serviceActions(s)) out.push_back(a);
  for (auto& a : dataProtectionActions(s)) out.push_back(a);
  for (auto& a : asbActions(s)) out.push_back(a);
  out.push_back({"change_contact_preference", "Change how they want to hear from us"});
  out.push_back({"note", "Add a note"});
  return out;
}

// A letter's translation request (app/translations.h) in words, or "".
std::string translationText(const std::vector<TranslationTask>& tasks, int letter) {
  for (const auto& t : tasks) {
    if (t.letter != letter) continue;
    if (t.done()) return fmt::format("Translation into {} attached: {}", t.language, *t.attachment);
    return fmt::format("Translation into {} requested, due by {}", t.language, formatDateFull(t.due));
  }
  return "";
}

// The page that attaches letter `letter`'s translation (web/translation_pages.h), or "" when
// it has none waiting.
std::string translationHref(const std::vector<TranslationTask>& tasks, CaseId id, int letter) {
  for (const auto& t : tasks)
    if (t.letter == letter && !t.done())
      return fmt::format("{}/letters/{}/translation", caseHref(id), letter);
  return "";
}

// The letters sent, and for a complaint those still owed and the form to send one.
void addLetters(json& d, const CaseState& s, const Policy& policy, const std::string& csrf,
                bool may_send) {
  json letters = json::array();
  const auto tasks = translationTasks(s);
  for (const auto& l : issuedLetters(s))
    letters.push_back({{"href", fmt::format("{}/letters/{}", caseHref(s.id), l.seq)},
                       {"title", l.title}, {"when", whenText(l.at, policy)},
                       {"formats", letterFormatLinks(fmt::format("{}/letters/{}", caseHref(s.id), l.seq))},
                       {"has_formats", true}, {"translation", translationText(tasks, l.seq)},
                       {"translation_href", translationHref(tasks, s.id, l.seq)}});
  d["has_letters"] = !letters.empty();
  d["letters"] = letters;
  d["send_letter"] = false;
  if (s.kind != CaseKind::kComplaint || !may_send) return;
  std::vector<Option> kinds;
  for (auto k : kAllLetterKinds) kinds.push_back({std::string(slug(k)), std::string(title(k))});
  d["send_letter"] = {
      {"owed_html", lettersOwedHtml(s, caseHref(s.id) + "/letters", csrf)},
      {"action", caseHref(s.id) + "/letters"}, {"csrf_token", csrf},
      {"choose_html", select("letter", "Send a letter", kinds, "", FormErrors{},
                             "Charter checks the letter says everything the Code requires before it is sent.")},
      {"text", "Check and send the letter"}, {"extra_class", "govuk-button--secondary"}};
}

// What happens next, by when, in words: "Acknowledge a stage 1 complaint, by Thu 3 Dec 2026",
// or "..., due Thu 3 Dec 2026: overdue" once that day has passed.
std::string nextText(const NextStep& next, Date today) {
  std::string what = next.what;
  if (what.rfind("Next: ", 0) == 0) {
    what = what.substr(6);
    if (!what.empty()) what[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(what[0])));
  }
  if (!next.by) return what;
  if (*next.by < today) return what + ", due " + formatDateLong(*next.by) + ": overdue";
  return what + ", by " + formatDateLong(*next.by);
}

}  // namespace

http::Response casePage(Ctx& ctx, Visit& v, const CaseView& view, const std::string& banner_html,
                        int status, const FormErrors& file_errors) {
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  const Policy& policy = (*service)->policy();
  const CaseState& s = view.state;
  NextStep next = nextStep(view.state, view.clocks);
  std::vector<std::pair<std::string, std::string>> facts = {
      {"Status", escape(statusLabel(std::string(slug(s.status)), s.stage))},
      {"Kind", escape(kindLabel(std::string(slug(s.kind))))},
      {"Received", escape(whenText(s.received_at, policy)) + ", " + escape(channelLabel(std::string(slug(s.channel))))},
      {"Owner", escape(s.owner.empty() ? "Not yet assigned" : staffName(ctx, v.who().landlord, s.owner))},
      {"Handler", escape(s.current().handler.empty() ? "Not yet assigned"
                                                     : staffName(ctx, v.who().landlord, s.current().handler))},
      {"What happens next", escape(nextText(next, (*service)->today()))}};
  if (!s.current().definition.empty()) facts.push_back({"Complaint definition", escape(s.current().definition)});
  if (!s.service_area.empty()) facts.push_back({"Service area", escape(s.service_area)});
  if (auto choice = latestChoiceText(s); !choice.empty())
    facts.push_back({"Offered the choice to complain", escape(choice)});
  json actions = json::array();
  for (const auto& [slug_, label] : actionsFor(s))
    if (mayAct(v.who(), s, slug_))  // only what this role may do (issue 12 item 5)
      actions.push_back({{"href", fmt::format("{}/act/{}", caseHref(s.id), slug_)}, {"label", label}});
  const bool vulnerable = !s.person.vulnerabilities.empty() || !s.person.reasonable_adjustments.empty();
  json d = {{"banner_html", restrictionBanner(ctx, v, s) + banner_html}, {"kind", kindLabel(std::string(slug(s.kind)))},
            {"heading", s.reference + ": " + truncate(s.summary, 80)},
            {"vulnerable", vulnerable ? json{{"html", "This resident has disclosed vulnerabilities or agreed "
                                                      "reasonable adjustments. Check them before you contact them."}}
                                      : json(false)},
            {"person", personData(s.person, (*service)->today())}, {"facts", summaryListData(facts)},
            {"clocks", clocksData(view, policy)}, {"aftercare_html", serviceSection(s, policy) + asbSection(s, policy) + aftercareSection(s)},
            {"timeline", timelineData(view, policy, [&, seen = std::map<std::string, std::string>()](
                                                         const std::string& n) mutable {
               auto it = seen.find(n);
               if (it == seen.end()) it = seen.emplace(n, staffName(ctx, v.who().landlord, n)).first;
               return it->second;
             })}, {"actions", actions},
            {"files_html", attachmentsSection(ctx, v, s, file_errors)},
            {"messages_html", messagesSection(ctx, v, s) + surveysSection(ctx, v, s)},
            {"related_html", relatedSection(s)},
            {"assign", assignOnCasePage(ctx, v, s)},
            {"restrictions_href", restrictionsHref(ctx, v, s)}};

  d["has_actions"] = !actions.empty();
  addLetters(d, s, policy, v.session.csrf_token, allowed(v.who(), Permission::kIssueLetters));
  return htmlResponse(status, page(ctx, v, s.reference, renderTemplate("pages/case", d), "",
                                   {{"My work", "/staff"}}));
}

http::Response caseGet(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  if (!id) return problemPage(ctx, v, 404, "Page not found", "There is no such case.");
  auto view = ctx.cases.show(v.who(), *id, "web");  // the page only shows the case
  if (!view) return errorPage(ctx, v, view.error());
  std::string done = v.req.queryParam("done");
  std::string banner;
  if (!done.empty())
    banner = afterActionBanner(view->state, done, caseHref(view->state.id) + "/letters",
                               v.session.csrf_token);
  return casePage(ctx, v, *view, banner);
}

}  // namespace charter::web::staff
