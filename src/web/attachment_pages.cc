// Correspondence on the case file in the staff pages (Code 5.12; app/attachments.h): the case
// page's list of files with their download links (the API's download route, which the session
// cookie opens), and the upload form's POST /staff/cases/{id}/attachments (multipart).
#include <cctype>

#include <fmt/format.h>

#include "domain/documents.h"
#include "web/attachment_pages.h"
#include "web/staff_pages.h"
#include "web/templates.h"

namespace charter::web::staff {
namespace {

using nlohmann::json;

std::string sizeText(std::int64_t bytes) {
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{:.0f} KB", bytes / 1024.0);
  return fmt::format("{:.1f} MB", bytes / (1024.0 * 1024.0));
}

std::string typeText(const std::string& type) {
  if (type == "application/pdf") return "PDF";
  if (type == "image/png") return "PNG image";
  if (type == "image/jpeg") return "JPEG image";
  if (type == "message/rfc822") return "Email";
  if (type == "text/plain") return "Text";
  return "Word document";
}

std::string downloadHref(CaseId id, const std::string& name) {
  std::string out = fmt::format("/api/v1/cases/{}/attachments/", id);
  for (char c : name) out += c == ' ' ? std::string("%20") : std::string(1, c);
  return out;
}

// The name to keep a browser's file under: the form's, else the file's own made safe.
std::string nameFor(const Form& f, const FilePart& part) {
  std::string name = f.get("name");
  if (!name.empty()) return name;
  std::string own = part.filename.substr(part.filename.find_last_of("/\\") + 1);
  std::string out;
  for (char c : own) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
                      c == '-' || c == ' ';
    out += keep ? c : '_';
  }
  while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(0, 1);
  return out.substr(0, 200);
}

}  // namespace

std::string attachmentsSection(Ctx& ctx, Visit& v, const CaseState& s, const FormErrors& e) {
  if (ctx.options.attachments == nullptr) return {};
  auto files = ctx.options.attachments->list(v.who(), s.id);
  if (!files) return {};
  auto service = ctx.cases.service(v.who());
  json list = json::array();
  const bool may_share = allowed(v.who(), Permission::kLogContact) && v.who().isStaff();
  for (const auto& a : *files) {
    const bool shared = isSharedDocument(s, a.name);
    json share = false;
    if (may_share) {
      share = {{"action", caseHref(s.id) + "/attachments/share"},
               {"csrf_token", v.session.csrf_token}, {"name", a.name},
               {"shared", shared ? "false" : "true"},
               {"text", shared ? "Stop sharing with the resident" : "Share with the resident"}};
    }
    list.push_back({{"name", a.name}, {"href", downloadHref(s.id, a.name)},
                    {"type", typeText(a.content_type)}, {"size", sizeText(a.size)},
                    {"when", service ? whenText(a.added_at, (*service)->policy()) : ""},
                    {"by", a.added_by}, {"shared", shared}, {"share", share}});
  }
  const std::string* file_error = e.of("file");
  return renderTemplate(
      "partials/attachments",
      {{"files", list},
       {"has_files", !list.empty()},
       {"may_upload", allowed(v.who(), Permission::kLogContact)},
       {"action", caseHref(s.id) + "/attachments"},
       {"csrf_token", v.session.csrf_token},
       {"file_error", file_error ? json(*file_error) : json(false)},
       {"name_html", textInput("name", "Name to keep it under (optional)", v.form.get("name"), e,
                               "Letters, digits, spaces, dots, hyphens. Leave blank to use the "
                               "file's own name.")}});
}

http::Response uploadAttachment(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  if (!id || ctx.options.attachments == nullptr) {
    return problemPage(ctx, v, 404, "Page not found", "There is no such page.");
  }
  auto view = ctx.cases.get(v.who(), *id, "web");
  if (!view) return errorPage(ctx, v, view.error());
  FormErrors errors;
  const FilePart* part = v.form.file("file");
  if (part == nullptr || part->bytes.empty()) {
    errors.add("file", "Choose a file to attach");
    return casePage(ctx, v, *view, errorSummary(errors), 422, errors);
  }
  // Browsers guess a file's type from its name and send octet-stream when they cannot: then
  // the content decides alone (the API holds callers to the type they declare).
  std::string declared = part->content_type;
  if (declared.empty() || declared == "application/octet-stream") {
    declared = sniffContentType(part->bytes);
  }
  auto added = ctx.options.attachments->add(v.who(), *id, nameFor(v.form, *part), declared,
                                            part->bytes);
  if (!added) {
    const Error& err = added.error();
    if (err.kind != ErrorKind::kInvalid && err.kind != ErrorKind::kConflict) {
      return errorPage(ctx, v, err);
    }
    errors.add(err.field == "name" ? "name" : "file", err.message);
    return casePage(ctx, v, *view, errorSummary(errors), statusFor(err), errors);
  }
  return redirect(caseHref(*id) + "#attachments");
}

std::string documentEventText(const Event& e) {
  const std::string name = e.data.value("name", std::string());
  if (e.type == event_type::kAttachmentAdded) {
    return fmt::format("Document attached: {} ({}, {})", name,
                       typeText(e.data.value("content_type", std::string())),
                       sizeText(e.data.value("size", std::int64_t{0})));
  }
  if (e.type == event_type::kAttachmentShared) {
    return e.data.value("shared", false) ? "Document shared with the resident: " + name
                                         : "Document no longer shared with the resident: " + name;
  }
  return "";
}

http::Response shareAttachment(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  if (!id) return problemPage(ctx, v, 404, "Page not found", "There is no such page.");
  json body = {{"action", "share_attachment"}, {"name", v.form.get("name")},
               {"shared", v.form.get("shared") != "false"}};
  auto done = ctx.cases.act(v.who(), *id, body);
  if (!done) return errorPage(ctx, v, done.error());
  return redirect(caseHref(*id) + "#attachments");
}

}  // namespace charter::web::staff
