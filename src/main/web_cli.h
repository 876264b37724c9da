// The web in the composition root: `charter serve`'s web options and the wiring of the staff
// workspace and resident portal onto the signed-in case use cases.
#pragma once

#include <functional>
#include <optional>

#include "app/self_assessment.h"

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "app/accounts.h"
#include "app/attachments.h"
#include "app/idempotency.h"
#include "app/case_messages.h"
#include "app/mail_in.h"
#include "app/surveys.h"
#include "app/authz.h"
#include "app/learning_service.h"
#include "app/restriction_service.h"
#include "app/letter_service.h"
#include "http/server.h"

namespace charter {

struct WebCli {
  std::string landlord = "demo";  // whose staff and residents sign in on the web pages
  std::string landlord_name;      // shown in the header and on letters (default: the record's)
  std::string letter_templates;   // the landlord's own letter templates (override built-ins)
  std::string page_templates;     // the landlord's own page templates (override built-ins)
  std::string assets;             // GOV.UK Frontend assets (default: next to the executable)
  // How visitors contact the landlord, on the public home page.
  std::string landlord_phone, landlord_email, landlord_address;
};
WebCli& webCli();
void addWebOptions(CLI::App& serve);

// The letters of `cases` with the templates and landlord name of the web options (the
// landlord's own templates first, then the built-in ones beside the executable).
std::unique_ptr<LetterService> makeLetterService(AuthorisedCases& cases);

// Adds the web routes; the answer must outlive the server.
// `learning` (may be null) adds the learning action plan and "You said, we did" pages;
// `attachments` (may be null) the correspondence on the case page; `restrictions` (may be null)
// the restriction banners and forms; `reminder` (may be empty) the self-assessment's reminder
// on My work; `letters` (may be null) the page that attaches a letter's translation.
using SelfAssessmentReminderFn =
    std::function<std::optional<SelfAssessmentReminder>(LandlordId)>;
std::shared_ptr<void> addWebRoutes(http::Router& router, AuthorisedCases& cases,
                                   AccountService& accounts,
                                   LearningService* learning = nullptr,
                                   AttachmentService* attachments = nullptr,
                                   RestrictionService* restrictions = nullptr,
                                   SelfAssessmentReminderFn reminder = {},
                                   Idempotency* idempotency = nullptr,
                                   CaseMessages* messages = nullptr,
                                   Surveys* surveys = nullptr,
                                   MailIn* mail = nullptr,
                                   LetterService* letters = nullptr);

}  // namespace charter
