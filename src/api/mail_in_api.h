// Email in through the JSON API, for a remote mail gateway (app/mail_in.h does the work;
// docs/mail-in.md):
//
//   POST /api/v1/mail-in[?kind=complaint|enquiry|service_request]
//        the raw message with Content-Type: message/rfc822 (415 "media-type" otherwise), at
//        most kMailBodyLimit bytes (413 past it: the server stops reading; a message over
//        kMaxMailBytes but within the limit is quarantined, reason "too-large"). Answers
//        {"outcome", "message_id", "case_id", "reference", "reason", "detail", "attachments",
//        "refused"}: 201 "contact" (Location: the case), 200 "joined", 200 "duplicate" (the
//        same Message-ID again: nothing is written), 202 "quarantined"; 409 "in-progress"
//        while another delivery of the message is being taken in; 503 when the database is
//        unavailable (retry).
//   GET /api/v1/mail-in/quarantine
//        {"messages": [{message_id, received_at, from, subject, size, reason, detail}]},
//        newest first, at most 100: the complaints team's list of what was not taken in.
//
// Who: a token or account whose role logs contacts and sees every case (front line and
// above; a gateway's token is best a front_line one): 403 otherwise.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "app/accounts.h"
#include "app/mail_in.h"
#include "http/server.h"

namespace charter::api {

// The body limit of a message: kMaxMailBytes and room for a message just over it to be
// quarantined rather than refused.
inline constexpr std::size_t kMailBodyLimit = kMaxMailBytes + 7 * 1024 * 1024;

// Both must outlive the server.
void addMailInRoutes(http::Router& router, MailIn& mail, AccountService& accounts);

// True for POST /api/v1/mail-in, which the server lets carry up to kMailBodyLimit bytes.
bool isMailUpload(std::string_view method, std::string_view target);

// Adds the routes and their schema to the OpenAPI document.
void addMailInOpenApi(nlohmann::json& doc);

}  // namespace charter::api
