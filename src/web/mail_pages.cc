#include "web/mail_pages.h"

#include <fmt/format.h>

#include "web/components.h"
#include "web/layout.h"

namespace charter::web {
namespace {

std::string reasonText(const MailRecord& m) {
  if (m.reason == "too-large") return "Too large to take in (over 25 MB)";
  if (m.reason == "malformed") return "Could not be read as an email";
  if (m.reason == "no-from") return "No sender's address to reply to";
  return "Not accepted as a case";
}

std::string sizeText(std::int64_t bytes) {
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{} KB", (bytes + 1023) / 1024);
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

std::string quarantineTable(const std::vector<MailRecord>& rows, const Policy& policy) {
  Table t;
  t.id = "mail-quarantine";
  t.caption = "Emails kept aside, newest first";
  t.caption_class = "govuk-visually-hidden";
  t.head = {{"Received", false}, {"From", false}, {"Subject", false}, {"Why", false},
            {"Size", true}};
  for (const auto& m : rows) {
    TableCell why{reasonText(m)};
    why.note_class = "govuk-body-s govuk-!-display-block";
    if (m.reason != "too-large" && !m.detail.empty()) why.notes.push_back(m.detail);
    TableCell size{sizeText(m.size)};
    size.numeric = true;
    t.rows.push_back({TableCell{whenText(m.received_at, policy)},
                      TableCell{m.from.empty() ? "Not known" : m.from},
                      TableCell{m.subject.empty() ? "No subject" : m.subject}, why, size});
  }
  return table(t);
}

http::Response quarantinePage(Ctx& ctx, Visit& v, MailIn& mail) {
  auto rows = mail.quarantined(v.who());
  if (!rows) return errorPage(ctx, v, rows.error());
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  std::string body =
      "<h1 class=\"govuk-heading-l\">Emails not taken in</h1>"
      "<p class=\"govuk-body\">Emails to the complaints address that could not become a case "
      "are kept here with the reason, so none is lost. Contact the sender another way if you "
      "can, or ask the system administrator for the original message.</p>";
  if (rows->empty()) {
    body += "<p class=\"govuk-body\">There are no emails waiting here.</p>";
  } else {
    body += quarantineTable(*rows, (*service)->policy());
  }
  return htmlResponse(200, page(ctx, v, "Emails not taken in", body, "", {{"My work", "/staff"}}));
}

}  // namespace

void addMailPages(http::Router& router, Ctx& ctx, MailIn& mail) {
  router.add("GET", "/staff/mail-in",
             guarded(ctx, Audience::kStaff, [&mail](Ctx& c, Visit& v) { return quarantinePage(c, v, mail); }));
}

}  // namespace charter::web
