#include "main/web_cli.h"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "web/web.h"

namespace charter {

WebCli& webCli() {
  static WebCli w;
  return w;
}

void addWebOptions(CLI::App& serve) {
  serve.add_option("--landlord", webCli().landlord,
                   "Landlord slug whose staff and residents sign in on the web pages");
  serve.add_option("--landlord-name", webCli().landlord_name, "Name shown on pages and letters");
  serve.add_option("--letter-templates", webCli().letter_templates,
                   "Folder of the landlord's own letter templates (*.mustache)");
  serve.add_option("--page-templates", webCli().page_templates,
                   "Folder of the landlord's own page templates (pages/*.mustache, partials/*.mustache)");
  serve.add_option("--assets", webCli().assets, "Folder of the web assets");
  serve.add_option("--landlord-phone", webCli().landlord_phone, "Phone number shown to visitors");
  serve.add_option("--landlord-email", webCli().landlord_email, "Email address shown to visitors");
  serve.add_option("--landlord-address", webCli().landlord_address, "Postal address shown to visitors");
}

namespace {
std::vector<std::filesystem::path> letterTemplateDirs() {
  std::vector<std::filesystem::path> dirs;
  if (!webCli().letter_templates.empty()) dirs.push_back(webCli().letter_templates);
  dirs.push_back(web::defaultLetterTemplates(std::filesystem::read_symlink("/proc/self/exe")));
  return dirs;
}
}  // namespace

std::unique_ptr<LetterService> makeLetterService(AuthorisedCases& cases) {
  return std::make_unique<LetterService>(cases, LetterTemplates(letterTemplateDirs()),
                                         webCli().landlord_name);
}

std::shared_ptr<void> addWebRoutes(http::Router& router, AuthorisedCases& cases,
                                   AccountService& accounts, LearningService* learning,
                                   AttachmentService* attachments,
                                   RestrictionService* restrictions,
                                   SelfAssessmentReminderFn reminder,
                                   Idempotency* idempotency,
                                   CaseMessages* messages, Surveys* surveys, MailIn* mail,
                                   LetterService* letters) {
  struct Holder {
    web::WebOptions options;
  };
  auto h = std::make_shared<Holder>();
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe");
  const WebCli& w = webCli();
  h->options.landlord_slug = w.landlord;
  h->options.landlord_name = w.landlord_name;
  if (h->options.landlord_name.empty()) {
    auto record = cases.landlords().bySlug(w.landlord);
    h->options.landlord_name = record && !record->name.empty() ? record->name : "Charter";
  }
  h->options.assets_dir = w.assets.empty() ? web::defaultAssets(exe) : std::filesystem::path(w.assets);
  h->options.letter_template_dirs = letterTemplateDirs();
  h->options.page_templates_dir = w.page_templates;
  h->options.learning = learning;
  h->options.attachments = attachments;
  h->options.restrictions = restrictions;
  h->options.messages = messages;
  h->options.surveys = surveys;
  h->options.mail = mail;
  h->options.letters = letters;
  h->options.self_assessment_reminder = std::move(reminder);
  h->options.idempotency = idempotency;
  h->options.landlord_phone = w.landlord_phone;
  h->options.landlord_email = w.landlord_email;
  h->options.landlord_address = w.landlord_address;
  if (!std::filesystem::exists(h->options.assets_dir / "govuk-frontend.min.css"))
    spdlog::warn("web assets not found in {} (run scripts/build.sh): pages will be unstyled",
                 h->options.assets_dir.string());
  web::addRoutes(router, cases, accounts, h->options);
  return h;
}

}  // namespace charter
