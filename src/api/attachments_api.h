// Correspondence on the case file through the JSON API (app/attachments.h does the work; the
// case's authorisation applies: 404 for a case the principal may not see):
//
//   GET /api/v1/cases/{id}/attachments          {"attachments":[{name, content_type, size,
//                                                 sha256, added_at, added_by, href}]}
//   PUT /api/v1/cases/{id}/attachments/{name}   the raw bytes, with their Content-Type:
//        201 with the file's record (Location: its URL); 200 when the same bytes are already
//        there; 409 "exists" for different bytes under that name; 413 "too-large" over
//        kMaxAttachmentBytes (the server stops reading there: this route alone takes bodies
//        that big, isAttachmentUpload); 415 "media-type" without a Content-Type; 422
//        "unsupported-type" / "type-mismatch" when the content is not what Charter keeps or
//        not what was declared.
//   GET /api/v1/cases/{id}/attachments/{name}   the bytes, checksum verified, with the stored
//        type, Content-Disposition: attachment and a safe file name, X-Content-Type-Options:
//        nosniff and Cache-Control: no-store; X-Checksum-SHA256 carries the checksum.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "app/accounts.h"
#include "app/attachments.h"
#include "http/server.h"

namespace charter::api {

// Both must outlive the server.
void addAttachmentRoutes(http::Router& router, AttachmentService& files, AccountService& accounts);

// True for the request targets that upload a file (the API's PUT and the staff page's form
// post), which the server lets carry up to kAttachmentBodyLimit bytes.
bool isAttachmentUpload(std::string_view method, std::string_view target);
// The body limit of an upload: the largest file and room for a form's parts around it.
inline constexpr std::size_t kAttachmentBodyLimit = kMaxAttachmentBytes + 64 * 1024;

// The download of a file, as both the API and the staff pages send it.
http::Response attachmentDownload(const Attachment& file);

// Adds the attachment routes and their schema to the OpenAPI document, and the Code 6.8
// actions (add_issue, log_separately) and case fields (added_issues, related, linked_case).
void addAttachmentsOpenApi(nlohmann::json& doc);

}  // namespace charter::api
