#include "domain/letters_owed.h"

#include <algorithm>

#include "domain/additional_issues.h"

namespace charter {
namespace {

struct KindInfo {
  LetterKind kind;
  std::string_view slug;
  std::string_view title;
};
constexpr KindInfo kKinds[] = {
    {LetterKind::kAcknowledgement, "acknowledgement", "Acknowledgement of your complaint"},
    {LetterKind::kExtension, "extension", "We need more time to respond"},
    {LetterKind::kStage1Response, "stage1_response", "Our stage 1 response to your complaint"},
    {LetterKind::kRefusal, "refusal", "We cannot take your complaint forward"},
    {LetterKind::kStage2Acknowledgement, "stage2_acknowledgement",
     "Acknowledgement of your request for a stage 2 review"},
    {LetterKind::kStage2Response, "stage2_response", "Our final (stage 2) response"},
    {LetterKind::kIssueAdded, "issue_added", "We have added your new issue to your complaint"},
};

const KindInfo& info(LetterKind k) {
  for (const auto& i : kKinds)
    if (i.kind == k) return i;
  return kKinds[0];
}

std::optional<LetterKind> calledFor(const Event& e, int stage) {
  const int at = e.data.value("stage", stage);
  if (e.type == event_type::kAcknowledged)
    return at == 2 ? LetterKind::kStage2Acknowledgement : LetterKind::kAcknowledgement;
  if (e.type == event_type::kExtended) return LetterKind::kExtension;
  if (e.type == event_type::kResponded)
    return at == 2 ? LetterKind::kStage2Response : LetterKind::kStage1Response;
  if (e.type == event_type::kRefused) return LetterKind::kRefusal;
  if (e.type == event_type::kIssueAdded) return LetterKind::kIssueAdded;
  return std::nullopt;
}

}  // namespace

std::string_view slug(LetterKind k) { return info(k).slug; }
std::string_view title(LetterKind k) { return info(k).title; }
std::optional<LetterKind> parseLetterKind(std::string_view s) {
  for (const auto& i : kKinds)
    if (i.slug == s) return i.kind;
  return std::nullopt;
}

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

std::optional<LetterKind> letterNowDue(const CaseState& s, std::string_view action) {
  if (action != "acknowledge" && action != "extend" && action != "respond" && action != "refuse" &&
      action != "add_issue")
    return std::nullopt;
  auto called = lettersCalledFor(s);
  if (called.empty() || called.back().issued) return std::nullopt;
  return called.back().kind;
}

}  // namespace charter
