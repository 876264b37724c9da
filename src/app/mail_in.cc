#include "app/mail_in.h"

#include <cctype>

#include <fmt/format.h>

#include "app/landlords.h"
#include "domain/fields.h"

namespace charter {
namespace {

using nlohmann::json;

// A Message-ID longer than this is keyed by its hash (ids are short; the key column is not).
constexpr std::size_t kMaxKeyLength = 300;
// What a note keeps of the text, leaving room for the lines around it.
constexpr std::size_t kNoteTextRoom = fields::kLongText - 1000;

std::string messageKey(const InboundMail& mail, const std::string& raw) {
  if (mail.message_id.empty()) return "sha256:" + sha256Hex(raw);
  if (mail.message_id.size() > kMaxKeyLength) return "message-id-sha256:" + sha256Hex(mail.message_id);
  return mail.message_id;
}

std::string fromText(const InboundMail& mail) {
  if (mail.from_name.empty()) return mail.from_address;
  if (mail.from_address.empty()) return mail.from_name;
  return fmt::format("{} <{}>", mail.from_name, mail.from_address);
}

// At most `room` bytes of `text`, cut at a UTF-8 character boundary.
std::string clip(const std::string& text, std::size_t room) {
  if (text.size() <= room) return text;
  std::size_t end = room;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "\n[The rest is in the email kept on the file.]";
}

std::string bodyText(const InboundMail& mail) {
  std::string text = mail.text;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  if (text.empty()) return "(The email had no text.)";
  return clip(text, kNoteTextRoom);
}

std::string summaryOf(const InboundMail& mail) {
  std::string s = mail.subject;
  for (char& c : s) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  if (s.find_first_not_of(' ') == std::string::npos) return "Email with no subject";
  return clip(s, fields::kLongText - 100);
}

json newContactBody(const InboundMail& mail, CaseKind kind, Instant now) {
  json person = json::object();
  if (!mail.from_name.empty()) person["name"] = clip(mail.from_name, fields::kShortText - 50);
  if (!mail.from_address.empty() && mail.from_address.size() <= 300) {
    person["email"] = mail.from_address;
  }
  json body = {{"kind", std::string(slug(kind))},
               {"channel", "email"},
               {"summary", summaryOf(mail)},
               {"received_at", formatInstant(now)}};
  if (!person.empty()) body["person"] = std::move(person);
  return body;
}

// The header block of a message too large to read whole (its first 256 KiB at most), so its
// Message-ID, sender and subject are still logged.
std::string headerBlock(const std::string& raw) {
  const std::string_view head = std::string_view(raw).substr(0, 256 * 1024);
  for (std::string_view end : {"\r\n\r\n", "\n\n"}) {
    if (const auto at = head.find(end); at != std::string_view::npos) {
      return std::string(head.substr(0, at + end.size()));
    }
  }
  return std::string(head);
}

json noteBody(std::string text) { return json{{"action", "note"}, {"text", std::move(text)}}; }

}  // namespace

nlohmann::json mailOutcomeJson(const MailOutcome& o) {
  json j = {{"outcome", o.outcome}, {"message_id", o.message_key}};
  j["case_id"] = o.case_id == 0 ? json() : json(o.case_id);
  j["reference"] = o.case_id == 0 ? json() : json(caseReference(o.case_id));
  if (!o.first_outcome.empty()) j["first_outcome"] = o.first_outcome;
  if (!o.reason.empty()) {
    j["reason"] = o.reason;
    j["detail"] = o.detail;
  }
  j["attachments"] = o.attachments;
  j["refused"] = o.refused;
  return j;
}

CaseId caseReferenceIn(std::string_view subject) {
  for (std::size_t i = 0; i + 3 < subject.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(subject[i])) != 'C' ||
        std::toupper(static_cast<unsigned char>(subject[i + 1])) != 'H' || subject[i + 2] != '-') {
      continue;
    }
    if (i > 0 && std::isalnum(static_cast<unsigned char>(subject[i - 1]))) continue;
    std::size_t j = i + 3;
    CaseId id = 0;
    while (j < subject.size() && std::isdigit(static_cast<unsigned char>(subject[j])) &&
           j - (i + 3) < 12) {
      id = id * 10 + (subject[j] - '0');
      ++j;
    }
    const bool digits = j > i + 3;
    const bool ends = j == subject.size() || !std::isalnum(static_cast<unsigned char>(subject[j]));
    if (digits && ends && id > 0) return id;
  }
  return 0;
}

std::string mailFileName(std::string_view name, std::string_view fallback) {
  std::string out;
  for (char c : name) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '.' ||
                    c == '_' || c == '-';
    out += ok ? c : '_';
  }
  while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(0, 1);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > 200) out = out.substr(out.size() - 200);  // keep the extension
  while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(0, 1);
  return out.empty() ? std::string(fallback) : out;
}

Result<MailOutcome> MailIn::receive(const Principal& who, std::string raw,
                                    const MailOptions& options) {
  if (!who.isStaff() || !allowed(who, Permission::kLogContact)) return forbidden();
  const Instant now = cases_.landlords().time().now();
  InboundMail mail;
  if (raw.size() > kMaxMailBytes) {
    mail = parser_(headerBlock(raw));
    mail.text.clear();
    mail.attachments.clear();
    mail.problem_rule = "too-large";
    mail.problem = fmt::format("The message is {} bytes; at most {} are taken in.", raw.size(),
                               kMaxMailBytes);
  } else {
    mail = parser_(raw);
  }
  MailRecord base;
  base.message_key = messageKey(mail, raw);
  base.received_at = now;
  base.from = fromText(mail);
  base.subject = mail.subject;
  base.size = static_cast<std::int64_t>(raw.size());
  auto claimed = store_.claim(who.landlord, base.message_key, now, now - kMailStaleClaim);
  if (!claimed) return tl::unexpected(claimed.error());
  if (!*claimed) return duplicate(who, base.message_key);
  auto out = act(who, raw, mail, base, options);
  if (!out) (void)store_.release(who.landlord, base.message_key);
  return out;
}

Result<MailOutcome> MailIn::act(const Principal& who, const std::string& raw,
                                const InboundMail& mail, const MailRecord& base,
                                const MailOptions& options) {
  MailRecord rec = base;
  MailOutcome out;
  out.message_key = base.message_key;
  if (!mail.problem_rule.empty()) {
    rec.outcome = out.outcome = "quarantined";
    rec.reason = out.reason = mail.problem_rule;
    rec.detail = out.detail = mail.problem;
    rec.raw = raw;
    CHARTER_CHECK(store_.finish(who.landlord, rec));
    return out;
  }
  auto made = joinOrCreate(who, mail, options);
  if (!made && (made.error().kind == ErrorKind::kInvalid ||
                made.error().kind == ErrorKind::kConflict)) {
    // What the case rules refuse is kept, with why, rather than bounced or lost.
    rec.outcome = out.outcome = "quarantined";
    rec.reason = out.reason = "refused";
    rec.detail = out.detail = made.error().message;
    rec.raw = raw;
    CHARTER_CHECK(store_.finish(who.landlord, rec));
    return out;
  }
  if (!made) return tl::unexpected(made.error());
  const auto target = *made;
  out.case_id = rec.case_id = target.first;
  out.outcome = rec.outcome = target.second ? "joined" : "contact";
  fileAttachments(who, target.first, raw, mail, out);
  CHARTER_CHECK(store_.finish(who.landlord, rec));
  return out;
}

// The case the reply names, when the principal may see it (same landlord), gets a note;
// otherwise a new contact is logged with the text as its first note. Answers (id, joined).
Result<std::pair<CaseId, bool>> MailIn::joinOrCreate(const Principal& who,
                                                     const InboundMail& mail,
                                                     const MailOptions& options) {
  const std::string text = bodyText(mail);
  if (const CaseId ref = caseReferenceIn(mail.subject); ref != 0) {
    auto existing = cases_.get(who, ref, "mail-in");
    if (existing) {
      std::string note = fmt::format("Email from {}\nSubject: {}\n\n{}", fromText(mail),
                                     summaryOf(mail), text);
      CHARTER_TRY(joined, cases_.act(who, ref, noteBody(clip(note, fields::kLongText - 100))));
      return std::pair{joined.state.id, true};
    }
    if (existing.error().kind != ErrorKind::kNotFound) return tl::unexpected(existing.error());
  }
  const Instant now = cases_.landlords().time().now();
  json body = newContactBody(mail, options.kind, now);
  auto made = cases_.create(who, body);
  if (!made && made.error().kind == ErrorKind::kInvalid && body.contains("person")) {
    body.erase("person");  // a sender's name or address the rules refuse: the note has it
    made = cases_.create(who, body);
  }
  if (!made) return tl::unexpected(made.error());
  const CaseId id = made->state.id;
  CHARTER_CHECK(cases_.act(who, id, noteBody(fmt::format("Email from {}\n\n{}", fromText(mail), text))));
  return std::pair{id, false};
}

// The message itself and its attachments go on the file; what the port refuses is named in a
// note (the message, when kept, still holds it).
void MailIn::fileAttachments(const Principal& who, CaseId id, const std::string& raw,
                             const InboundMail& mail, MailOutcome& out) {
  const std::string eml = "email-" + sha256Hex(raw).substr(0, 12) + ".eml";
  auto keep = [&](const std::string& name, std::string_view declared, std::string bytes) {
    // Mail programs send octet-stream for what they cannot name: then the content decides.
    std::string type(declared);
    if (type.empty() || type == "application/octet-stream") type = sniffContentType(bytes);
    auto added = files_.add(who, id, name, type, std::move(bytes));
    if (added) {
      out.attachments.push_back(name);
    } else {
      out.refused.push_back(fmt::format("{}: {}", name, added.error().message));
    }
  };
  keep(eml, "message/rfc822", raw);
  int n = 0;
  for (const auto& a : mail.attachments) {
    ++n;
    std::string name = mailFileName(a.name, fmt::format("attachment-{}", n));
    if (name == eml) name = fmt::format("{}-{}", n, name);
    keep(name, a.content_type, a.bytes);
  }
  if (out.refused.empty()) return;
  std::string text = "Not kept on the file from this email:";
  for (const auto& r : out.refused) text += "\n- " + r;
  (void)cases_.act(who, id, noteBody(clip(text, fields::kLongText - 100)));
}

Result<MailOutcome> MailIn::duplicate(const Principal& who, const std::string& key) {
  CHARTER_TRY(row, store_.find(who.landlord, key));
  if (!row || row->outcome.empty()) {
    return conflict("in-progress",
                    "Another delivery of this message is being taken in; try again later.");
  }
  MailOutcome out;
  out.outcome = "duplicate";
  out.first_outcome = row->outcome;
  out.message_key = key;
  out.case_id = row->case_id;
  out.reason = row->reason;
  out.detail = row->detail;
  return out;
}

Result<std::vector<MailRecord>> MailIn::quarantined(const Principal& who, int limit) {
  if (!who.isStaff() || !allowed(who, Permission::kViewAnyCase)) return forbidden();
  return store_.quarantined(who.landlord, limit);
}

}  // namespace charter
