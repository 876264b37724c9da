// Email in: a message delivered to the landlord's complaints address becomes a contact waiting
// for triage, or, when its subject carries a case reference of the landlord's ("CH-000123"),
// joins that case's timeline. `charter mail-in` (an MTA's pipe) and POST /api/v1/mail-in (a
// remote gateway) both hand the raw message to MailIn::receive (docs/mail-in.md).
//
// Contract:
//   * MIME is read by the MailParser the composition root gives (src/mail: GMime); this layer
//     never parses MIME itself;
//   * a message is never lost: one over kMaxMailBytes, one the parser calls malformed and one
//     without a From address are kept whole in the quarantine (MailStore) with the reason (of
//     one too large to read, only its header block is parsed, for the log);
//   * a message is logged once: its key is its Message-ID (else "sha256:" and the hash of its
//     bytes); the same key again answers "duplicate" with what the first delivery did. A key
//     is claimed before anything is written and finished after, so two deliveries of one
//     message never both act; a claim left unfinished (the process died) may be taken over
//     after kMailStaleClaim, so a crash between the case and the log costs at worst a second
//     contact, never a lost message;
//   * a new contact: kind `options.kind` (default complaint), channel email, person from the
//     From name and address, summary the subject, received now (the landlord's receipt, not
//     the sender's Date header); the text (text/plain, else the HTML as text) is a note on it;
//   * a reply: the subject's first reference to a case the principal may see (same landlord:
//     another landlord's case is not there) gets a note with who wrote, the subject and the
//     text. An unknown reference is a new contact, not an error;
//   * the message itself is kept on the case as "email-HASH.eml" and each attachment under its
//     own (made safe) name through the attachments port, with its size and type rules; an
//     attachment the port refuses is named in a note with the reason, never dropped silently.
// Errors: kForbidden when the principal may not log contacts; kConflict "in-progress" while
// another delivery holds the claim (the MTA should retry: exit 75); the stores' own
// (kUnavailable when the database cannot be reached: retry).
// Threading: MailIn is safe from many threads (the stores serialise).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/attachments.h"
#include "app/authz.h"
#include "util/time.h"

namespace charter {

// The largest message taken in (25 MiB, as the big mail services); a larger one is kept in
// the quarantine, reason "too-large".
inline constexpr std::size_t kMaxMailBytes = 25 * 1024 * 1024;
// A claim older than this with no outcome was left by a delivery that died.
inline constexpr std::chrono::minutes kMailStaleClaim{10};

struct MailAttachment {
  std::string name;          // as the sender named it ("" when unnamed)
  std::string content_type;  // as declared ("application/pdf")
  std::string bytes;         // decoded
};

// What the parser reads from a message.
struct InboundMail {
  std::string message_id;    // without the angle brackets; "" when none
  std::string from_name;     // decoded, UTF-8; "" when none
  std::string from_address;  // "" when none
  std::string subject;       // decoded, UTF-8
  std::string text;          // text/plain in UTF-8, else the HTML as text
  std::vector<MailAttachment> attachments;
  // Set when the message cannot be taken in: the rule ("malformed", "no-from") and why, in
  // plain English. The other fields hold what could be read.
  std::string problem_rule;
  std::string problem;
};

// The parser port (src/mail/mime_parser.h). Must not throw.
using MailParser = std::function<InboundMail(std::string_view raw)>;

// One message in the mail log.
struct MailRecord {
  std::string message_key;   // Message-ID, or "sha256:HEX"
  Instant received_at{};
  std::string outcome;       // "" while claimed; "contact", "joined" or "quarantined"
  CaseId case_id = 0;        // the contact made or the case joined; 0 when none
  std::string reason;        // quarantined: the rule ("too-large", "malformed", "no-from")
  std::string detail;        // quarantined: why, in plain English
  std::string from;          // "Name <address>" as far as it was read
  std::string subject;
  std::int64_t size = 0;     // bytes of the raw message
  std::string raw;           // the message's bytes: kept for the quarantined only
};

// The storage port: one table in both databases (migrations/0029_mail_in.sql), every call
// scoped to one landlord; each write durable when it answers.
class MailStore {
 public:
  virtual ~MailStore() = default;
  // Claims `key` at `now`: true when this call holds it (no row, or an unfinished one claimed
  // before `stale_before`); false when it is logged or held by another delivery.
  virtual Result<bool> claim(LandlordId landlord, std::string_view key, Instant now,
                             Instant stale_before) = 0;
  // The row, with its raw bytes when it has them.
  virtual Result<std::optional<MailRecord>> find(LandlordId landlord, std::string_view key) = 0;
  // Records the outcome of a claimed key (every field of `r` but received_at).
  virtual Status finish(LandlordId landlord, const MailRecord& r) = 0;
  // Forgets an unfinished claim (the delivery failed in a way a retry may mend).
  virtual Status release(LandlordId landlord, std::string_view key) = 0;
  // The quarantined messages, newest first, at most `limit`, without their raw bytes.
  virtual Result<std::vector<MailRecord>> quarantined(LandlordId landlord, int limit) = 0;
};

struct MailOptions {
  CaseKind kind = CaseKind::kComplaint;  // of a new contact
};

// What one delivery did.
struct MailOutcome {
  std::string outcome;         // "contact", "joined", "quarantined" or "duplicate"
  std::string first_outcome;   // duplicate: what the first delivery did
  std::string message_key;
  CaseId case_id = 0;          // 0 when none
  std::string reason;          // quarantined: the rule
  std::string detail;          // quarantined: why
  std::vector<std::string> attachments;  // the names kept on the case
  std::vector<std::string> refused;      // "name: why" for each attachment not kept
};

// {"outcome", "message_id", "case_id", "reference", "reason", "detail", "attachments",
// "refused"}: the HTTP answer and `charter mail-in --json`.
nlohmann::json mailOutcomeJson(const MailOutcome& o);

// The first "CH-" reference in `subject` (case-insensitive, "CH-000123" or "CH-123"), or 0.
CaseId caseReferenceIn(std::string_view subject);

// A file name the attachments port takes, made from a sender's (others as "_"); `fallback`
// when nothing is left.
std::string mailFileName(std::string_view name, std::string_view fallback);

class MailIn {
 public:
  // All must outlive it.
  MailIn(AuthorisedCases& cases, AttachmentService& files, MailStore& store, MailParser parser)
      : cases_(cases), files_(files), store_(store), parser_(std::move(parser)) {}

  Result<MailOutcome> receive(const Principal& who, std::string raw, const MailOptions& options = {});
  // The quarantine, newest first (staff who may see every case).
  Result<std::vector<MailRecord>> quarantined(const Principal& who, int limit = 100);

 private:
  Result<MailOutcome> act(const Principal& who, const std::string& raw, const InboundMail& mail,
                          const MailRecord& base, const MailOptions& options);
  Result<std::pair<CaseId, bool>> joinOrCreate(const Principal& who, const InboundMail& mail,
                                               const MailOptions& options);
  void fileAttachments(const Principal& who, CaseId id, const std::string& raw,
                       const InboundMail& mail, MailOutcome& out);
  Result<MailOutcome> duplicate(const Principal& who, const std::string& key);

  AuthorisedCases& cases_;
  AttachmentService& files_;
  MailStore& store_;
  MailParser parser_;
};

}  // namespace charter
