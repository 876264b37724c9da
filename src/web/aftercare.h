// The web's learning and Ombudsman pages: the forms for the six aftercare actions on
// the staff case page (the same JSON bodies the API takes: domain/aftercare.h), the case's
// learning and Ombudsman panel, the staff "Learning action plan" page (/staff/learning) and the
// public "You said, we did" page (/you-said-we-did, no sign-in). Internal to the web layer.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/learning_service.h"
#include "web/internal.h"

namespace charter::web {

struct AftercareForm {
  std::string heading;
  std::string hint;
  std::vector<std::string> field_ids;  // in page order (error mapping)
  std::string fields_html;
  std::vector<std::string> date_ids;  // the date inputs among them (error mapping)
};

bool isAftercareAction(const std::string& action);
AftercareForm aftercareForm(const std::string& action, const CaseState& s, const Policy& policy,
                            const Form& f, const FormErrors& e);
nlohmann::json aftercareBody(const std::string& action, const Form& f);
// The aftercare actions that apply to the case now: (slug, link text).
std::vector<std::pair<std::string, std::string>> aftercareActions(const CaseState& s);
// The case page's "Learning and the Ombudsman" section ("" when there is nothing to show).
std::string aftercareSection(const CaseState& s);
// The timeline's line for an aftercare event ("" when `e` is not one).
std::string aftercareEventText(const Event& e);

// What a response promised (web/follow_through_forms.cc): the forms of
// complete_outstanding_action and complete_remedy, which the aftercare functions above include.
bool isFollowThroughAction(const std::string& action);
AftercareForm followThroughForm(const std::string& action, const CaseState& s, const Form& f,
                                const FormErrors& e);
nlohmann::json followThroughBody(const std::string& action, const Form& f);
std::vector<std::pair<std::string, std::string>> followThroughActions(const CaseState& s);
// Each remedy and outstanding action with when it was done, as summary-list rows (HTML values):
// the staff section below and the resident's portal page show the same.
std::vector<std::pair<std::string, std::string>> promiseRows(const CaseState& s);
// The case page's "Promised in the response" section ("" when nothing was promised).
std::string followThroughSection(const CaseState& s);
std::string followThroughEventText(const Event& e);
// An event's ISO date field in words ("Mon 29 Jun 2026"); as stored when it does not parse.
std::string dayIn(const nlohmann::json& d, const char* field);

// The choice to complain (web/choice_forms.cc): offer_complaint's form and body, its timeline
// line, and the latest choice recorded on the case ("" when none), for the case's facts.
bool isChoiceAction(const std::string& action);
AftercareForm choiceForm(const Form& f, const FormErrors& e);
nlohmann::json choiceBody(const Form& f);
std::string choiceEventText(const Event& e);
std::string latestChoiceText(const CaseState& s);

// Repairs and compliments (web/service_forms.cc): the forms of the repair actions and
// share_compliment, which the follow-through functions above include; the actions that apply
// to the case now; the case page's "Repair" / "Compliment" / "First contact" section ("" when
// none); the timeline's line for their events ("" when `e` is not one), times in the
// landlord's zone.
bool isServiceAction(const std::string& action);
AftercareForm serviceForm(const std::string& action, const CaseState& s, const Form& f,
                          const FormErrors& e);
nlohmann::json serviceBody(const std::string& action, const Form& f);
std::vector<std::pair<std::string, std::string>> serviceActions(const CaseState& s);
std::string serviceSection(const CaseState& s, const Policy& policy);
std::string serviceEventText(const Event& e, const Policy& policy);

// Subject access requests and data breaches (web/data_protection_forms.cc): whether `action`
// on `s` is one of theirs (pause_clock, resume_clock, and extend or respond on those kinds),
// its form and body, the actions that apply now, the timeline's line for their events ("" when
// `e` is not one), and an extension's line with its dates in words.
bool isDataProtectionStep(const std::string& action, const CaseState& s);
AftercareForm dataProtectionForm(const std::string& action, const CaseState& s, const Form& f,
                                 const FormErrors& e);
nlohmann::json dataProtectionBody(const std::string& action, const Form& f);
std::vector<std::pair<std::string, std::string>> dataProtectionActions(const CaseState& s);
std::string dataProtectionEventText(const Event& e);
std::string extensionText(const Event& e);

// Anti-social behaviour reports (web/asb_forms.cc): whether `action` on `s` is one of theirs
// (contact_reporter, agree_action_plan, review_action_plan, and close on an asb_report), its
// form and body (a date typed wrongly is an error in `errors`), the actions that apply now, the
// case page's "Anti-social behaviour" section ("" for other kinds), the timeline's line for
// their events ("" when `e` is not one); and the new-contact page's level, party and
// hate-incident fields with what they add to the POST /cases body.
bool isAsbStep(const std::string& action, const CaseState& s);
AftercareForm asbForm(const std::string& action, const Form& f, const FormErrors& e);
nlohmann::json asbBody(const std::string& action, const Form& f, FormErrors& errors);
std::vector<std::pair<std::string, std::string>> asbActions(const CaseState& s);
std::string asbSection(const CaseState& s, const Policy& policy);
std::string asbEventText(const Event& e);
std::string asbContactFields(const Policy& policy, const Form& f, const FormErrors& e);
void asbContactBody(const Form& f, nlohmann::json& b);

// Complaint Handling Failure Orders (web/chfo_forms.cc): the forms of ombudsman_chfo and
// complete_ombudsman_chfo, which the aftercare functions above include; the Ombudsman panel's
// rows for them; the timeline's line for their events ("" when `e` is not one).
bool isChfoAction(const std::string& action);
AftercareForm chfoForm(const std::string& action, const CaseState& s, const Form& f,
                       const FormErrors& e);
nlohmann::json chfoBody(const std::string& action, const Form& f);
std::vector<std::pair<std::string, std::string>> chfoActions(const CaseState& s);
std::vector<std::pair<std::string, std::string>> chfoRows(const OmbudsmanRecord& o);
std::string chfoEventText(const Event& e);

// GET /staff/learning (signed-in staff who may see reports) and GET /you-said-we-did.
void addLearningPages(http::Router& router, Ctx& ctx, LearningService& learning);

// Additional and related complaints (web/issue_forms.cc, Code 6.8): the forms of add_issue and
// log_separately, which the aftercare functions above include; the case page's section of
// issues added and complaints linked ("" when none); the timeline's line for their events.
bool isIssueAction(const std::string& action);
AftercareForm issueForm(const std::string& action, const CaseState& s, const Form& f,
                        const FormErrors& e);
nlohmann::json issueBody(const std::string& action, const Form& f);
std::vector<std::pair<std::string, std::string>> issueActions(const CaseState& s);
std::string relatedSection(const CaseState& s);
std::string issueEventText(const Event& e);

}  // namespace charter::web
