#include "web/letter_prompts.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "domain/letters_owed.h"
#include "web/components.h"
#include "web/templates.h"

namespace charter::web {
namespace {

using nlohmann::json;

// What staff call each letter ("the extension letter").
std::string staffName(LetterKind k) {
  switch (k) {
    case LetterKind::kAcknowledgement: return "acknowledgement letter";
    case LetterKind::kExtension: return "extension letter";
    case LetterKind::kStage1Response: return "stage 1 response letter";
    case LetterKind::kRefusal: return "letter saying we cannot take the complaint forward";
    case LetterKind::kStage2Acknowledgement: return "stage 2 acknowledgement letter";
    case LetterKind::kStage2Response: return "final (stage 2) response letter";
    case LetterKind::kIssueAdded: return "letter telling the resident the new issue was added";
  }
  return "letter";
}

json sendForm(LetterKind k, const std::string& post_action, const std::string& csrf,
              const std::string& extra_class) {
  return {{"post_action", post_action}, {"csrf_token", csrf}, {"letter", std::string(slug(k))},
          {"button", "Check and send the " + staffName(k)}, {"extra_class", extra_class}};
}

}  // namespace

std::string lettersOwedHtml(const CaseState& s, const std::string& post_action,
                            const std::string& csrf_token) {
  auto owed = lettersToSend(s);
  if (owed.empty()) return {};
  json names = json::array(), forms = json::array();
  for (auto k : owed) {
    std::string n = staffName(k);
    n[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(n[0])));
    names.push_back(n);
    forms.push_back(sendForm(k, post_action, csrf_token, "govuk-button--secondary"));
  }
  const std::string warning =
      warningText("The resident has not yet been sent the letter these actions call for:");
  return renderTemplate("partials/letters_owed",
                        {{"warning_html", warning}, {"names", names}, {"forms", forms}});
}

std::string afterActionBanner(const CaseState& s, const std::string& done,
                              const std::string& post_action, const std::string& csrf_token) {
  json d = {{"send", false}};
  if (auto k = letterNowDue(s, done))
    d = {{"send", sendForm(*k, post_action, csrf_token, "")}, {"letter_name", staffName(*k)}};
  return notificationBanner("Success", renderTemplate("partials/after_action", d));
}

}  // namespace charter::web
