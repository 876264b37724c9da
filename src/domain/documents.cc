#include "domain/documents.h"

#include <fmt/format.h>

namespace charter {

std::vector<CaseDocument> caseDocuments(const CaseState& s) {
  std::vector<CaseDocument> out;
  for (const auto& e : s.events) {
    if (e.type == event_type::kAttachmentAdded) {
      CaseDocument d;
      d.name = dataText(e.data, "name");
      d.size = e.data.value("size", std::int64_t{0});
      d.content_type = dataText(e.data, "content_type");
      d.added_at = e.at;
      d.added_by = e.actor;
      out.push_back(std::move(d));
    } else if (e.type == event_type::kAttachmentShared) {
      const std::string name = dataText(e.data, "name");
      for (auto& d : out) {
        if (d.name == name) d.shared = e.data.value("shared", false);
      }
    }
  }
  return out;
}

bool isSharedDocument(const CaseState& s, std::string_view name) {
  for (const auto& d : caseDocuments(s)) {
    if (d.name == name) return d.shared;
  }
  return false;
}

Event attachmentAddedEvent(std::string name, std::int64_t size, std::string content_type,
                           std::string sha256) {
  Event e;
  e.type = std::string(event_type::kAttachmentAdded);
  e.data = {{"name", std::move(name)},
            {"size", size},
            {"content_type", std::move(content_type)},
            {"sha256", std::move(sha256)}};
  return e;
}

namespace aftercare {

Result<std::vector<Event>> shareDocument(const AftercareStep& a) {
  CHARTER_TRY(name, a.body.text("name", fields::kShortText, true));
  CHARTER_TRY(shared, a.body.flag("shared"));
  const bool share = shared.value_or(true);
  const CaseDocument* found = nullptr;
  const auto docs = caseDocuments(a.state);
  for (const auto& d : docs) {
    if (d.name == name) found = &d;
  }
  if (found == nullptr) {
    return conflict("unknown-attachment",
                    fmt::format("No document called \"{}\" is attached to this case.",
                                clipText(name, 60)),
                    "name");
  }
  if (found->shared == share) {
    return conflict("unchanged",
                    fmt::format("\"{}\" is already {}.", clipText(name, 60),
                                share ? "shared with the resident" : "not shared"),
                    "shared");
  }
  Event e;
  e.type = std::string(event_type::kAttachmentShared);
  e.at = a.at;
  e.data = {{"name", name}, {"shared", share}};
  return std::vector<Event>{std::move(e)};
}

}  // namespace aftercare
}  // namespace charter
