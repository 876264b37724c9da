#include "main/demo_attachments.h"

#include <fmt/format.h>

namespace charter {
namespace {

constexpr int kWithLetters = 6;

Attachment file(CaseId id, std::string name, std::string type, std::string bytes, Instant at) {
  AttachmentInfo info{id, std::move(name), std::move(type),
                      static_cast<std::int64_t>(bytes.size()), sha256Hex(bytes), at,
                      "Complaints Team"};
  return Attachment{std::move(info), std::move(bytes)};
}

// The resident's letter and the landlord's email reply, on file.
Status attachLetters(AttachmentStore& files, const CaseState& s) {
  const std::string name = s.person.name.empty() ? "Resident" : s.person.name;
  std::string letter = fmt::format(
      "Dear Complaints Team,\n\nI am writing about {}.\n\nI have reported this before and it "
      "is still not fixed. Please put it right.\n\nYours sincerely,\n{}\n",
      s.summary, name);
  std::string email = fmt::format(
      "From: Complaints Team <complaints@example.org>\r\nTo: {}\r\nSubject: Your complaint {}\r\n"
      "Date: {}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
      "Thank you for your letter. We have logged your complaint as {} and will be in touch.\r\n",
      name, s.reference, formatInstant(s.received_at), s.reference);
  for (auto a : {file(s.id, "Letter from the resident.txt", "text/plain", letter, s.received_at),
                 file(s.id, "Our email reply.eml", "message/rfc822", email,
                      s.received_at + std::chrono::hours{2})}) {
    if (auto r = files.add(1, a); !r && r.error().kind != ErrorKind::kConflict) return r;
  }
  return {};
}

// A new issue added to an unanswered stage 1 complaint (acknowledged first, when it is not
// yet); false when this one does not take it.
bool addIssue(CaseService& service, FixedTimeSource& time, const CaseState& s, Instant end) {
  if (s.stage != 1 || s.stage1.responded_at || s.finished()) return false;
  Instant at = s.events.back().at + std::chrono::hours{1};
  if (at + std::chrono::hours{1} > end) return false;
  std::string definition = s.stage1.definition;
  if (!s.stage1.acknowledged_at) {
    time.set(at + std::chrono::minutes{1});
    definition = "The boiler has not been repaired after three visits. You want it repaired.";
    nlohmann::json ack = {{"action", "acknowledge"},
                          {"at", formatInstant(at)},
                          {"definition", definition},
                          {"handler", "investigator"}};
    if (!service.act(s.id, ack, "Complaints Team")) return false;
    at += std::chrono::hours{1};
  }
  time.set(at + std::chrono::minutes{1});
  nlohmann::json body = {
      {"action", "add_issue"},
      {"at", formatInstant(at)},
      {"summary", "The kitchen extractor fan does not work"},
      {"definition", definition + " You have since told us that the kitchen "
                                  "extractor fan does not work. You want it repaired."}};
  auto v = service.act(s.id, body, "Complaints Team");
  time.set(end);
  return v.has_value();
}

}  // namespace

Status generateDemoAttachments(CaseService& service, AttachmentStore& files,
                               FixedTimeSource& time, Instant end) {
  CaseQuery q;
  q.kind = CaseKind::kComplaint;
  q.limit = 500;
  int with_letters = 0;
  bool added = false;
  while (!added || with_letters < kWithLetters) {
    auto page = service.list(q);
    if (!page) return tl::unexpected(page.error());
    for (const auto& c : page->cases) {
      auto view = service.get(c.id);
      if (!view) return tl::unexpected(view.error());
      if (with_letters < kWithLetters) {
        if (auto s = attachLetters(files, view->state); !s) return s;
        ++with_letters;
      }
      if (!added) added = addIssue(service, time, view->state, end);
    }
    if (!page->next_cursor) break;
    q.after = page->next_cursor;
  }
  if (!added) {
    // No stage 1 complaint is open at the moment (a small demo): one came in this week.
    const Instant at = end - std::chrono::hours{3 * 24};
    time.set(at);
    auto made = service.create({{"kind", "complaint"},
                                {"received_at", formatInstant(at)},
                                {"channel", "phone"},
                                {"summary", "Boiler still not repaired after three visits"},
                                {"person", {{"name", "Grace Mensah"},
                                            {"address", "14 Cromwell Road, Salford"},
                                            {"phone", "0161 496 0732"}}}},
                               "Complaints Team");
    if (!made) return tl::unexpected(made.error());
    addIssue(service, time, made->state, end);
  }
  time.set(end);
  return {};
}

}  // namespace charter
