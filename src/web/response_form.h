// The complaint response form (Code 6.9, 6.19): the decision, then as many parts of the
// complaint, remedies and outstanding actions as needed. "Add another part / remedy / action"
// is a submit button that re-renders the form with what was typed plus one empty row, so it
// works without JavaScript.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/case.h"
#include "web/components.h"

namespace charter::web {

// The fields being built for one action form: input ids in page order (for mapping the app's
// errors), the ids of its date inputs, and the HTML.
struct FieldList {
  std::vector<std::string> ids;
  std::vector<std::string> date_ids;
  std::string html;
  void add(const std::string& id, std::string field_html) {
    ids.push_back(id);
    html += std::move(field_html);
  }
};

// The group whose "add another" button sent the form ("elements", "remedies",
// "outstanding_actions"), or "" when it was "Save".
std::string addAnotherPressed(const Form& f);

// The response's fields; `form_action` is where the form posts (the add-another buttons
// point at the new row with a fragment).
void responseFields(const CaseState& s, const Form& f, const FormErrors& e,
                    const std::string& form_action, FieldList& out);

// Adds decision, elements, remedies, outstanding actions and apology to the action's JSON body.
// A due date that is not a real date is an error in `errors` (named next to its field).
void responseBody(const Form& f, nlohmann::json& body, FormErrors& errors);

// The form's path for a path of the body responseBody built: rows left empty are not sent,
// so "remedies[0].type" is "remedies[1].type" when the first remedy row was left empty. Other
// paths are returned as they are.
std::string formPathOf(const Form& f, const std::string& json_path);

}  // namespace charter::web
