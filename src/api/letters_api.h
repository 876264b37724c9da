// Letters through the JSON API (app/letter_service.h does the work; the case's authorisation
// applies: 404 for a case the principal may not see, 403 to issue without the right):
//
//   GET  /api/v1/cases/{id}/letters            {"letters":[{number,kind,title,created,sent,
//                                                channel,signed_by,formats}]}
//   POST /api/v1/cases/{id}/letters            {"letter":"acknowledgement"[,"channel":"post"]}
//        201 with the letter; 409 naming every item the Code requires that the letter lacks;
//        422 on "letter" for an unknown kind
//   GET  /api/v1/cases/{id}/letters/{n}?format=html|pdf|text|large-print|braille|audio
//        the letter in that format (default html); 422 on "format" for one this server
//        cannot produce, never a 5xx.
//   POST /api/v1/cases/{id}/letters/{n}/translation  {"attachment":"letter-pl.pdf"}: the
//        translated letter (an attachment of the case) closes the translation request
//        (app/translations.h); 409 when the letter has none waiting
#pragma once

#include <nlohmann/json.hpp>

#include "app/accounts.h"
#include "app/letter_service.h"
#include "http/server.h"

namespace charter::api {

// Both must outlive the server.
void addLetterRoutes(http::Router& router, LetterService& letters, AccountService& accounts);

// Adds the letter routes and their schemas to the OpenAPI document.
void addLettersOpenApi(nlohmann::json& doc);

}  // namespace charter::api
