#include "main/mail_in_cli.h"

#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "app/landlords.h"
#include "app/mail_in.h"
#include "mail/mime_parser.h"
#include "main/auth_cli.h"
#include "main/backend.h"

namespace charter {
namespace {

constexpr int kTempFail = 75;  // EX_TEMPFAIL (sysexits.h): the MTA retries later

struct MailInOptions {
  std::string db, landlord, kind = "complaint", policy;
  bool json = false;
};

int tempFail(const std::string& why) {
  fmt::print(stderr, "mail-in: not taken now, try again later: {}\n", why);
  return kTempFail;
}

std::string readAll(std::istream& in) {
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void report(const MailOutcome& o, bool json) {
  if (json) {
    fmt::print("{}\n", mailOutcomeJson(o).dump());
    return;
  }
  const std::string ref = o.case_id != 0 ? caseReference(o.case_id) : "";
  if (o.outcome == "contact") {
    fmt::print("new contact {} for triage ({} file(s) kept, {} refused)\n", ref,
               o.attachments.size(), o.refused.size());
  } else if (o.outcome == "joined") {
    fmt::print("joined {} ({} file(s) kept, {} refused)\n", ref, o.attachments.size(),
               o.refused.size());
  } else if (o.outcome == "quarantined") {
    fmt::print("quarantined ({}): {}\n", o.reason, o.detail);
  } else {
    fmt::print("already received: {} ({}{})\n", o.message_key, o.first_outcome,
               ref.empty() ? "" : " " + ref);
  }
  for (const auto& r : o.refused) fmt::print("  not kept: {}\n", r);
}

int runMailIn(const MailInOptions& o) {
  std::string raw = readAll(std::cin);
  auto kind = parseCaseKind(o.kind);
  if (!kind) return fail(kind.error());
  auto policy = loadPolicy(o.policy);
  if (!policy) return fail(policy.error());
  BackendOptions options;
  options.must_exist = true;  // a mistyped path must not start an empty database
  auto backend = openBackend(o.db, options);
  if (!backend) return tempFail(backend.error().message);
  auto landlord = backend->accounts->landlordBySlug(o.landlord);
  if (!landlord) return tempFail(landlord.error().message);
  if (!*landlord) return tempFail(fmt::format("there is no landlord '{}'", o.landlord));
  SystemTimeSource clock;
  auto signin = SignIn::open(*backend, *policy, clock);
  if (!signin) return tempFail(signin.error().message);
  AttachmentService files((*signin)->cases(), *backend->attachments);
  MailIn intake((*signin)->cases(), files, *backend->mail, mail::parseMessage);
  Principal who;
  who.landlord = (*landlord)->id;
  who.username = "mail-in";
  who.display_name = "Email in";
  who.role = Role::kFrontLine;
  auto out = intake.receive(who, std::move(raw), MailOptions{*kind});
  if (!out) return tempFail(out.error().message);
  report(*out, o.json);
  return 0;
}

}  // namespace

CommandRun addMailInCommand(CLI::App& app) {
  auto o = std::make_shared<MailInOptions>();
  auto* cmd = app.add_subcommand(
      "mail-in", "Take one email from standard input (an MTA's pipe): a new contact for triage, "
                 "or a reply joining its case (docs/mail-in.md)");
  cmd->add_option("--db", o->db, "SQLite database file or postgresql://...")->required();
  cmd->add_option("--landlord", o->landlord, "Landlord slug")->required();
  cmd->add_option("--kind", o->kind, "The kind of a new contact (default complaint)")
      ->check(CLI::IsMember({"complaint", "enquiry", "service_request"}));
  cmd->add_option("--policy", o->policy, "The default landlord policy file (TOML), as serve's");
  cmd->add_flag("--json", o->json, "Print what happened as JSON");
  return [cmd, o]() -> std::optional<int> {
    if (!*cmd) return std::nullopt;
    return runMailIn(*o);
  };
}

}  // namespace charter
