// Documents on the case file as the case's history records them (Code 5.12): each file
// attached is an event on the timeline (who, when, name, size), and staff may share a document
// with the resident, who then sees it and downloads it from their portal case page. The bytes
// live in the attachment store (app/attachments.h); the events say what exists and what is
// shared.
//
// Events: `attachment_added` {name, size, content_type, sha256} (appended by the app layer when
// a new file is stored, never by a request body); `attachment_shared` {name, shared}: the action
// `share_attachment` {name, shared (default true)}: 409 `unknown-attachment` (field name) when
// no file of that name was attached, `unchanged` (field shared) when it is already so; allowed
// on finished cases.
//
// Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/aftercare.h"

namespace charter {

namespace event_type {
inline constexpr std::string_view kAttachmentAdded = "attachment_added";
inline constexpr std::string_view kAttachmentShared = "attachment_shared";
}  // namespace event_type

struct CaseDocument {
  std::string name;
  std::int64_t size = 0;
  std::string content_type;
  Instant added_at{};
  std::string added_by;
  bool shared = false;  // with the resident, now
};

// The documents attached to the case, oldest first. O(events).
std::vector<CaseDocument> caseDocuments(const CaseState& s);
// Whether the document `name` is shared with the resident now.
bool isSharedDocument(const CaseState& s, std::string_view name);

// The event recording a new file on the case.
Event attachmentAddedEvent(std::string name, std::int64_t size, std::string content_type,
                           std::string sha256);

namespace aftercare {
// share_attachment: {name, shared}.
Result<std::vector<Event>> shareDocument(const AftercareStep& a);
}  // namespace aftercare

}  // namespace charter
