// The choice to complain in the pages (domain/choice.h): the staff form of offer_complaint on a
// service request, and its line in the case's timeline and facts.
#include <fmt/format.h>

#include "domain/choice.h"
#include "web/aftercare.h"

namespace charter::web {

bool isChoiceAction(const std::string& action) { return action == "offer_complaint"; }

AftercareForm choiceForm(const Form& f, const FormErrors& e) {
  AftercareForm p;
  p.heading = "Offer the choice to complain";
  p.hint = "The resident is unhappy with this service request. Tell them they can make a "
           "complaint, and record what they chose (Code 1.3). If they choose to complain, the "
           "complaint is logged now, linked to this request, which carries on.";
  std::vector<Option> choices;
  for (auto c : kComplaintChoices) choices.push_back({std::string(c), std::string(complaintChoiceTitle(c))});
  p.field_ids = {"choice", "note"};
  p.fields_html = radios("choice", "What did the resident choose?", choices, f.get("choice"), e) +
                  textarea("note", "Note (optional)", f.get("note"), e,
                           "What they are unhappy about, in their words. With \"Chose to "
                           "complain\" this is the complaint's summary.", 3);
  return p;
}

nlohmann::json choiceBody(const Form& f) {
  nlohmann::json b = {{"action", "offer_complaint"}};
  if (auto c = f.get("choice"); !c.empty()) b["choice"] = c;
  if (auto n = f.get("note"); !n.empty()) b["note"] = n;
  return b;
}

std::string choiceEventText(const Event& e) {
  if (e.type != event_type::kComplaintOffered) return "";
  std::string note = dataText(e.data, "note");
  return fmt::format("Offered the choice to complain: {}{}",
                     complaintChoiceTitle(dataText(e.data, "choice")),
                     note.empty() ? "" : ". " + note);
}

std::string latestChoiceText(const CaseState& s) {
  for (auto it = s.events.rbegin(); it != s.events.rend(); ++it) {
    if (it->type != event_type::kComplaintOffered) continue;
    return fmt::format("{}, on {}", complaintChoiceTitle(dataText(it->data, "choice")),
                       formatInstant(it->at).substr(0, 10));
  }
  return "";
}

}  // namespace charter::web
