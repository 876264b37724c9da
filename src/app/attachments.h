// Correspondence on the case file (Code 5.12: "all correspondence with the resident ... and any
// relevant supporting documentation"): letters, emails and documents attached to a case.
//
// Contract:
//   * a file is named within its case (1-200 characters of letters, digits, space, ".", "_",
//     "-", not starting with "." or space: kInvalid field "name", rule "format") and is kept
//     as given: a second file under a taken name is kConflict "exists" unless its bytes are
//     the same (then the call is a no-op answering the stored file);
//   * at most kMaxAttachmentBytes (kInvalid field "body", rule "too-large"; the HTTP edge
//     answers 413 before reading more) and not empty (kInvalid "body", "required");
//   * its type is read from its bytes (sniffContentType), never from what the sender declares:
//     content of no accepted type is kInvalid field "content", rule "unsupported-type"; a
//     declared type other than the content's is kInvalid field "content_type", rule
//     "type-mismatch" (text/plain is accepted for an email, which is text);
//   * the SHA-256 of the bytes is stored beside them and checked on every read: a stored file
//     whose bytes no longer match is kInternal (never served);
//   * staff who may see the case read its files; staff who may log contacts attach them.
//     Residents neither (404 / 403 as for the case), except the documents staff shared with
//     them (share_attachment, domain/documents.h): shared() and sharedFile() give those to
//     whoever may see the case, a resident their own; any other name is kNotFound;
//   * a newly added file is an "attachment_added" event on the case (who, when, name, size):
//     the file is stored first, then the event appended (a failed append leaves the file
//     stored without its event, and the call answers the error).
// Threading: AttachmentService is safe to call from many threads (the store serialises).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/authz.h"

namespace charter {

inline constexpr std::size_t kMaxAttachmentBytes = 10 * 1024 * 1024;

struct AttachmentInfo {
  CaseId case_id = 0;
  std::string name;
  std::string content_type;  // as read from the bytes
  std::int64_t size = 0;     // bytes
  std::string sha256;        // lower-case hex of the bytes
  Instant added_at{};
  std::string added_by;
};

struct Attachment {
  AttachmentInfo info;
  std::string content;  // the bytes
};

// The storage port: one table in both databases (migrations/0017_attachments.sql).
class AttachmentStore {
 public:
  virtual ~AttachmentStore() = default;
  // Adds a file. kConflict rule "exists" when the case already has one of that name.
  virtual Status add(LandlordId landlord, const Attachment& file) = 0;
  // The case's files, oldest first, without their bytes.
  virtual Result<std::vector<AttachmentInfo>> list(LandlordId landlord, CaseId id) = 0;
  // One file with its bytes as stored (not checked: AttachmentService checks).
  virtual Result<std::optional<Attachment>> get(LandlordId landlord, CaseId id,
                                                std::string_view name) = 0;
  // Deletes every file of the case (retention); answers how many.
  virtual Result<long> removeAll(LandlordId landlord, CaseId id) = 0;
};

// The MIME type the bytes are, or "" when none accepted: application/pdf, image/png,
// image/jpeg, a DOCX document (a zip holding word/), message/rfc822 (an email: header lines
// first), text/plain (UTF-8 text without control characters). O(size).
std::string sniffContentType(std::string_view bytes);

// Lower-case hex SHA-256.
std::string sha256Hex(std::string_view bytes);

// Checks a file name (kInvalid "name" "format").
Status checkAttachmentName(std::string_view name);

// A name safe in a Content-Disposition header: the ASCII letters, digits, ".", "_" and "-" of
// `name`, others as "_".
std::string safeFileName(std::string_view name);

class AttachmentService {
 public:
  AttachmentService(AuthorisedCases& cases, AttachmentStore& store)
      : cases_(cases), store_(store) {}

  // Attaches `bytes` declared as `declared_type` (its media type, parameters ignored).
  // Answers the file's record and whether it was newly added.
  Result<std::pair<AttachmentInfo, bool>> add(const Principal& who, CaseId id,
                                              std::string_view name,
                                              std::string_view declared_type,
                                              std::string bytes);
  // The case's files (a read only: its view is durable before the response is sent,
  // AuthorisedCases::show).
  Result<std::vector<AttachmentInfo>> list(const Principal& who, CaseId id);
  // The file with its bytes, checksum verified. kNotFound when there is none of that name.
  Result<Attachment> get(const Principal& who, CaseId id, std::string_view name);
  // The files shared with the resident, oldest first, for anyone who may see the case (a read
  // only, as list()).
  Result<std::vector<AttachmentInfo>> shared(const Principal& who, CaseId id);
  // One shared file, checksum verified; kNotFound when none of that name is shared.
  Result<Attachment> sharedFile(const Principal& who, CaseId id, std::string_view name);

 private:
  // `showing`: the caller only reads (the view is durable before send, AuthorisedCases::show);
  // else it writes next, and the view is durable before this answers (get).
  Status canSee(const Principal& who, CaseId id, bool showing);
  AuthorisedCases& cases_;
  AttachmentStore& store_;
};

// A file's record as JSON: name, content_type, size, sha256, added_at, added_by.
nlohmann::json attachmentJson(const AttachmentInfo& a);

}  // namespace charter
