// The staff pages' correspondence on the case file (web/attachment_pages.cc). Internal to the
// web layer.
#pragma once

#include <string>

#include "web/internal.h"

namespace charter::web::staff {

// The case page's "Correspondence and documents" section with its upload form; "" when the
// installation has no attachment store. `e` carries the upload's error (field "file" or "name").
std::string attachmentsSection(Ctx& ctx, Visit& v, const CaseState& s, const FormErrors& e = {});

// POST /staff/cases/{id}/attachments (multipart: file, optional name): back to the case page,
// or the case page with the error at the file input (422, 409).
http::Response uploadAttachment(Ctx& ctx, Visit& v);

// The timeline's line for attachment_added and attachment_shared ("" for other events).
std::string documentEventText(const Event& e);

// POST /staff/cases/{id}/attachments/share (form: name, shared "true" | "false"): the
// share_attachment action (domain/documents.h), then back to the case page's documents.
http::Response shareAttachment(Ctx& ctx, Visit& v);

}  // namespace charter::web::staff
