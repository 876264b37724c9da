#include "web/letter_prompts.h"

#include <algorithm>

#include <fmt/format.h>

#include "web/components.h"
#include "web/layout.h"

namespace charter::web {
namespace {

std::optional<LetterKind> calledFor(const Event& e, int stage) {
  const int at = e.data.value("stage", stage);
  if (e.type == event_type::kAcknowledged)
    return at == 2 ? LetterKind::kStage2Acknowledgement : LetterKind::kAcknowledgement;
  if (e.type == event_type::kExtended) return LetterKind::kExtension;
  if (e.type == event_type::kResponded)
    return at == 2 ? LetterKind::kStage2Response : LetterKind::kStage1Response;
  if (e.type == event_type::kRefused) return LetterKind::kRefusal;
  return std::nullopt;
}

// What staff call each letter ("the extension letter").
std::string staffName(LetterKind k) {
  switch (k) {
    case LetterKind::kAcknowledgement: return "acknowledgement letter";
    case LetterKind::kExtension: return "extension letter";
    case LetterKind::kStage1Response: return "stage 1 response letter";
    case LetterKind::kRefusal: return "letter saying we cannot take the complaint forward";
    case LetterKind::kStage2Acknowledgement: return "stage 2 acknowledgement letter";
    case LetterKind::kStage2Response: return "final (stage 2) response letter";
  }
  return "letter";
}

std::string sendForm(LetterKind k, const std::string& post_action, const std::string& csrf,
                     const std::string& extra_class) {
  return fmt::format(
      "<form method=\"post\" action=\"{}\" novalidate class=\"charter-inline-form\">{}<input "
      "type=\"hidden\" name=\"letter\" value=\"{}\">{}</form>",
      escape(post_action), csrfField(csrf), slug(k),
      button("Check and send the " + staffName(k),
             extra_class));
}

}  // namespace

std::vector<OwedLetter> lettersCalledFor(const CaseState& s) {
  std::vector<OwedLetter> out;
  if (s.kind != CaseKind::kComplaint) return out;
  int stage = 1;
  for (const auto& e : s.events) {
    if (e.type == event_type::kEscalationRequested) stage = 2;
    if (auto k = calledFor(e, stage)) {
      out.push_back({*k, e.seq, false});
    } else if (e.type == "letter_issued") {
      auto k2 = parseLetterKind(e.data.value("letter", ""));
      if (!k2) continue;
      for (auto& o : out)
        if (o.kind == *k2 && !o.issued) {
          o.issued = true;
          break;
        }
    }
  }
  return out;
}

std::vector<LetterKind> lettersToSend(const CaseState& s) {
  std::vector<LetterKind> out;
  for (const auto& o : lettersCalledFor(s))
    if (!o.issued && std::find(out.begin(), out.end(), o.kind) == out.end()) out.push_back(o.kind);
  return out;
}

std::string lettersOwedHtml(const CaseState& s, const std::string& post_action,
                            const std::string& csrf_token) {
  auto owed = lettersToSend(s);
  if (owed.empty()) return {};
  std::string names;
  for (auto k : owed) {
    std::string n = staffName(k);
    n[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(n[0])));
    names += "<li>" + escape(n) + "</li>";
  }
  std::string forms;
  for (auto k : owed) forms += sendForm(k, post_action, csrf_token, "govuk-button--secondary");
  return fmt::format(
      "<div class=\"charter-letters-owed\" id=\"letters-owed\">{}<ul class=\"govuk-list "
      "govuk-list--bullet\">{}</ul>{}</div>",
      warningText("The resident has not yet been sent the letter these actions call for:"),
      names, forms);
}

std::string afterActionBanner(const CaseState& s, const std::string& done,
                              const std::string& post_action, const std::string& csrf_token) {
  std::string html = "<p class=\"govuk-notification-banner__heading\">Saved.</p>";
  auto called = lettersCalledFor(s);
  // The letter the last action called for, when it is still to send.
  if (!called.empty() && !called.back().issued &&
      (done == "acknowledge" || done == "extend" || done == "respond" || done == "refuse")) {
    LetterKind k = called.back().kind;
    html += fmt::format("<p class=\"govuk-body\">Now send the resident the {}. Charter "
                        "checks it says everything the Code requires.</p>{}",
                        staffName(k),
                        sendForm(k, post_action, csrf_token, ""));
  }
  return notificationBanner("Success", html);
}

}  // namespace charter::web
