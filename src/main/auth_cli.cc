#include "main/auth_cli.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "app/audit.h"
#include "app/landlords.h"
#include "app/subject_access.h"

namespace charter {
namespace {

// The operator at the command line acts as the landlord's complaints administrator (for data
// protection) or system administrator (accounts): whoever can run this can read the file.
Principal operatorFor(LandlordId landlord, Role role) {
  Principal p;
  p.landlord = landlord;
  p.role = role;
  const char* user = std::getenv("USER");
  p.username = fmt::format("cli:{}", user != nullptr ? user : "operator");
  p.display_name = p.username;
  return p;
}

Result<std::string> readPassword(const std::string& file) {
  std::string pw;
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) return invalid("password-file", "exists", "cannot read " + file);
    std::getline(in, pw);
  } else {
    std::getline(std::cin, pw);
  }
  while (!pw.empty() && (pw.back() == '\r' || pw.back() == '\n')) pw.pop_back();
  return pw;
}

struct DemoAccount {
  const char* username;
  Role role;
  const char* name;
  const char* person;
  const char* job_title = "";
};

constexpr DemoAccount kDemoAccounts[] = {
    {"resident", Role::kResident, "Ada Resident", "DEMO-P-0001"},
    {"representative", Role::kRepresentative, "Rita Advocate", "DEMO-P-0001"},
    {"frontline", Role::kFrontLine, "Frankie Osei", "", "Customer Services Adviser"},
    {"investigator", Role::kInvestigatingManager, "Ivy Okonkwo", "", "Complaints Investigator"},
    {"reviewer", Role::kReviewingManager, "Ravi Chandran", "", "Head of Customer Experience"},
    {"complaints", Role::kComplaintsAdmin, "Cass Whitfield", "", "Complaints Manager"},
    {"governance", Role::kGovernance, "Grace Adeyemi", "", "Member Responsible for Complaints"},
    {"sysadmin", Role::kSystemAdmin, "Sam Kowalski", "", "Systems Administrator"},
};
// Documented in README.md: demo data only, never for real records.
constexpr const char* kDemoPassword = "charter demo only";

}  // namespace

struct SignIn::Impl {
  std::unique_ptr<LandlordRegistry> registry;
  std::unique_ptr<AccountService> accounts;
  std::unique_ptr<AuthorisedCases> cases;
};

SignIn::SignIn(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SignIn::~SignIn() = default;
AuthorisedCases& SignIn::cases() { return *impl_->cases; }
AccountService& SignIn::accounts() { return *impl_->accounts; }
LandlordRegistry& SignIn::landlords() { return *impl_->registry; }

Result<std::unique_ptr<SignIn>> SignIn::open(Backend& backend, PolicyPtr default_policy,
                                             const TimeSource& time,
                                             AccountOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->registry = std::make_unique<LandlordRegistry>(*backend.cases, *backend.accounts, time,
                                                      std::move(default_policy));
  if (auto s = impl->registry->load(); !s) return tl::unexpected(s.error());
  impl->registry->setAttachmentStore(backend.attachments.get());
  impl->registry->setPersonStore(backend.people.get());
  impl->accounts = makeAccountService(*backend.accounts, time, options);
  impl->cases = std::make_unique<AuthorisedCases>(*impl->registry);
  return std::unique_ptr<SignIn>(new SignIn(std::move(impl)));
}

Status ensureDemoAccounts(Backend& backend, PolicyPtr policy) {
  SystemTimeSource clock;
  auto signin = SignIn::open(backend, std::move(policy), clock);
  if (!signin) return tl::unexpected(signin.error());
  AccountService& accounts = (*signin)->accounts();
  fmt::print("demo sign-in (landlord \"demo\"; every password is \"{}\"):\n", kDemoPassword);
  Principal resident;
  for (const auto& a : kDemoAccounts) {
    auto p = accounts.addAccount(
        NewAccount{1, a.username, a.name, kDemoPassword, a.role, a.person, a.job_title});
    if (!p && p.error().kind != ErrorKind::kConflict) return tl::unexpected(p.error());
    fmt::print("  {:<16} {}\n", a.username, displayName(a.role));
    if (p && a.role == Role::kResident) resident = *p;
  }
  if (resident.user_id != 0) {
    // The demo resident's own complaint, so the portal has something to show.
    nlohmann::json body = {
        {"kind", "complaint"},
        {"received_at", formatInstant(clock.now() - std::chrono::hours(24 * 3))},
        {"channel", "online_account"},
        {"summary", "Mould in the back bedroom has come back after the repair"},
        {"person", {{"name", "Ada Resident"}, {"email", "ada.resident@example.org"}}}};
    if (auto v = (*signin)->cases().create(resident, body); !v) return tl::unexpected(v.error());
  }
  return {};
}

namespace {

// The options of every command in this file (each reads the ones it declares).
struct AuthOptions {
  std::string db = "charter.db", landlord = "demo", slug, name, policy, username, role, person,
              password_file, format = "json", out, reason, job_title;
  std::vector<std::string> set;
  int years = 6;
  std::int64_t token_id = 0;
  bool dry_run = false;
};

// What a command runs against: the database's stores and sign-in services, and (but for
// `landlord add`) the landlord it names.
struct Session {
  Backend backend;
  std::unique_ptr<SignIn> signin;
  LandlordId landlord = 0;
  AccountStore& store() { return *backend.accounts; }
  // The operator as the landlord's complaints administrator (data protection commands).
  Principal complaintsAdmin() const { return operatorFor(landlord, Role::kComplaintsAdmin); }
};

Result<std::unique_ptr<Session>> openSession(const std::string& db) {
  auto backend = openBackend(db);
  if (!backend) return tl::unexpected(backend.error());
  auto session = std::make_unique<Session>(Session{std::move(*backend), nullptr, 0});
  static SystemTimeSource clock;
  auto policy = builtinPolicy("hos-code-2024");
  if (!policy) return tl::unexpected(policy.error());
  auto signin = SignIn::open(session->backend, *policy, clock);
  if (!signin) return tl::unexpected(signin.error());
  session->signin = std::move(*signin);
  return session;
}

int addLandlord(Session& s, const AuthOptions& o) {
  std::string toml;
  if (!o.policy.empty()) {
    std::ifstream in(o.policy);
    std::stringstream text;
    text << in.rdbuf();
    toml = text.str();
    if (auto p = parsePolicy(toml, o.policy); !p) return fail(p.error());
  }
  auto id = s.store().addLandlord(o.slug, o.name);
  if (!id) return fail(id.error());
  if (!toml.empty()) {
    if (auto p = s.store().setPolicy(*id, toml, o.policy, SystemTimeSource().now()); !p) {
      return fail(p.error());
    }
  }
  fmt::print("landlord {} \"{}\" added (id {})\n", o.slug, o.name, *id);
  return 0;
}

int addUser(Session& s, const AuthOptions& o) {
  auto role = parseRole(o.role);
  if (!role) return fail(role.error());
  auto pw = readPassword(o.password_file);
  if (!pw) return fail(pw.error());
  auto p = s.signin->accounts().addAccount(
      NewAccount{s.landlord, o.username, o.name, *pw, *role, o.person, o.job_title});
  if (!p) return fail(p.error());
  fmt::print("account {} ({}) added to {}\n", p->username, displayName(p->role), o.landlord);
  return 0;
}

int createToken(Session& s, const AuthOptions& o) {
  auto role = parseRole(o.role);
  if (!role) return fail(role.error());
  auto t = s.signin->accounts().createApiToken(s.landlord, *role, o.name);
  if (!t) return fail(t.error());
  fmt::print("{}\n", *t);
  return 0;
}

int revokeToken(Session& s, const AuthOptions& o) {
  if (o.name.empty() && o.token_id <= 0) {
    return fail(Error{ErrorKind::kInvalid, "name", "required",
                      "give the token's --name or its --id (charter token list)"});
  }
  auto t = revokeApiToken(
      s.store(), s.landlord,
      o.token_id > 0 ? std::optional<std::int64_t>(o.token_id) : std::nullopt, o.name);
  if (!t) return fail(t.error());
  fmt::print("token {} \"{}\" ({}) revoked\n", t->id, t->name, slug(t->role));
  return 0;
}

int listTokens(Session& s, const AuthOptions&) {
  auto all = s.store().apiTokens(s.landlord);
  if (!all) return fail(all.error());
  for (const auto& t : *all) {
    fmt::print("{}\t{}\t{}\t{}\t{}\n", t.id, t.name, slug(t.role), formatInstant(t.created),
               t.revoked ? "revoked" : "live");
  }
  return 0;
}

int listViews(Session& s, const AuthOptions& o) {
  auto v = viewsOfPerson(s.store(), s.complaintsAdmin(), o.person, 100000);
  if (!v) return fail(v.error());
  for (const auto& r : *v) {
    fmt::print("{}\t{}\t{}\t{}\t{}\n", formatInstant(r.at), caseReference(r.case_id), r.viewer,
               r.viewer_role, r.purpose);
  }
  return 0;
}

int writeSubjectAccess(Session& s, const AuthOptions& o) {
  auto doc = subjectAccess(s.signin->cases(), s.complaintsAdmin(), o.person);
  if (!doc) return fail(doc.error());
  std::string bytes;
  if (o.format == "pdf") {
    auto pdf = subjectAccessPdf(*doc);
    if (!pdf) return fail(pdf.error());
    bytes = std::move(*pdf);
  } else {
    bytes = doc->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  if (o.out.empty()) {
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  } else {
    std::ofstream f(o.out, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) return fail(Error{ErrorKind::kInternal, "out", "write", "cannot write " + o.out});
  }
  return 0;
}

int rectifyPerson(Session& s, const AuthOptions& o) {
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& kv : o.set) {
    auto eq = kv.find('=');
    if (eq == std::string::npos) {
      return fail(Error{ErrorKind::kInvalid, "set", "format", "give FIELD=VALUE"});
    }
    fields[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  auto n = rectify(s.signin->cases(), s.complaintsAdmin(), o.person, fields, o.reason);
  if (!n) return fail(n.error());
  fmt::print("corrected {} case(s) about {}\n", *n, o.person);
  return 0;
}

int applyRetention(Session& s, const AuthOptions& o) {
  auto report = retention(s.signin->cases(), s.complaintsAdmin(), o.years, o.dry_run);
  if (!report) return fail(report.error());
  fmt::print("retention: cases finished before {} ({} years){}\n", formatDate(report->cutoff),
             report->years, report->dry_run ? " (dry run: nothing changed)" : "");
  for (const auto& item : report->due) {
    fmt::print("  {}\t{}\tfinished {}\n", item.reference, item.status,
               formatInstant(item.finished));
  }
  if (report->dry_run) {
    fmt::print("{} case(s) would be anonymised\n", report->due.size());
  } else {
    fmt::print("{} case(s) anonymised\n", report->anonymised);
  }
  return 0;
}

// A command of this file: its subcommand, whether it acts within a landlord, and its body.
struct AuthCommand {
  CLI::App* cmd;
  bool in_landlord;
  int (*run)(Session&, const AuthOptions&);
};

constexpr const char* kDbHelp = "SQLite database file or postgresql://...";

CLI::App* landlordScoped(CLI::App& parent, const char* name, const char* about, AuthOptions& o) {
  auto* cmd = parent.add_subcommand(name, about);
  cmd->add_option("--db", o.db, kDbHelp);
  cmd->add_option("--landlord", o.landlord, "Landlord slug")->required();
  return cmd;
}

void addAccountCommands(CLI::App& app, AuthOptions& o, std::vector<AuthCommand>& out) {
  auto* landlord = app.add_subcommand("landlord", "Landlords of this installation");
  landlord->require_subcommand(1);
  auto* landlord_add = landlord->add_subcommand("add", "Add a landlord (with its policy)");
  landlord_add->add_option("--db", o.db, kDbHelp);
  landlord_add->add_option("--slug", o.slug, "Short name used to sign in (e.g. northside)")->required();
  landlord_add->add_option("--name", o.name, "The landlord's name")->required();
  landlord_add->add_option("--policy", o.policy, "Policy file (TOML); else the Code base")
      ->check(CLI::ExistingFile);
  out.push_back({landlord_add, false, addLandlord});

  auto* user = app.add_subcommand("user", "Accounts");
  user->require_subcommand(1);
  auto* user_add = landlordScoped(*user, "add", "Add an account (password from stdin or a file)", o);
  user_add->add_option("--username", o.username, "Username (an email address or staff id)")->required();
  user_add->add_option("--role", o.role, "resident | representative | front_line | "
                       "investigating_manager | reviewing_manager | complaints_admin | "
                       "governance | system_admin")->required();
  user_add->add_option("--name", o.name, "Display name")->required();
  user_add->add_option("--job-title", o.job_title, "Job title, shown under the name on letters");
  user_add->add_option("--person", o.person, "Residents and representatives: the person reference");
  user_add->add_option("--password-file", o.password_file, "Read the password from this file");
  out.push_back({user_add, true, addUser});
}

void addTokenCommands(CLI::App& app, AuthOptions& o, std::vector<AuthCommand>& out) {
  auto* token = app.add_subcommand("token", "API tokens");
  token->require_subcommand(1);
  auto* create = landlordScoped(*token, "create", "Create an API token (printed once)", o);
  create->add_option("--role", o.role, "The token's role")->required();
  create->add_option("--name", o.name, "What the token is for");
  out.push_back({create, true, createToken});

  auto* revoke = landlordScoped(*token, "revoke", "Revoke an API token (by --name or --id)", o);
  auto* by_name = revoke->add_option("--name", o.name, "The token's name");
  auto* by_id = revoke->add_option("--id", o.token_id, "The token's id (token list)")
                    ->check(CLI::PositiveNumber);
  by_name->excludes(by_id);
  out.push_back({revoke, true, revokeToken});

  auto* list = landlordScoped(*token, "list", "List a landlord's API tokens (never the secret)", o);
  out.push_back({list, true, listTokens});
}

void addDataProtectionCommands(CLI::App& app, AuthOptions& o, std::vector<AuthCommand>& out) {
  auto* views = landlordScoped(app, "views", "Who viewed a person's record", o);
  views->add_option("--person", o.person, "Person reference")->required();
  out.push_back({views, true, listViews});

  auto* sar = landlordScoped(app, "subject-access", "Everything held about a person (JSON or PDF)", o);
  sar->add_option("--person", o.person, "Person reference")->required();
  sar->add_option("--format", o.format, "json | pdf")->check(CLI::IsMember({"json", "pdf"}));
  sar->add_option("--out", o.out, "Write to this file (else standard output)");
  out.push_back({sar, true, writeSubjectAccess});

  auto* rect = landlordScoped(app, "rectify", "Correct a person's details on every case about them", o);
  rect->add_option("--person", o.person, "Person reference")->required();
  rect->add_option("--set", o.set, "FIELD=VALUE (name, email, phone, address, ...)")->required();
  rect->add_option("--reason", o.reason, "Why")->required();
  out.push_back({rect, true, rectifyPerson});

  auto* ret = landlordScoped(app, "retention", "Anonymise finished cases past the retention period", o);
  ret->add_option("--years", o.years, "Years after a case finished (default 6)")
      ->check(CLI::Range(1, 100));
  ret->add_flag("--dry-run", o.dry_run, "Report what would be anonymised; change nothing");
  out.push_back({ret, true, applyRetention});
}

int runAuthCommand(const AuthCommand& c, const AuthOptions& o) {
  auto session = openSession(o.db);
  if (!session) return fail(session.error());
  if (c.in_landlord) {
    auto record = (*session)->signin->landlords().bySlug(o.landlord);
    if (!record) return fail(record.error());
    (*session)->landlord = record->id;
  }
  return c.run(**session, o);
}

}  // namespace

CommandRun addAuthCommands(CLI::App& app) {
  auto o = std::make_shared<AuthOptions>();
  std::vector<AuthCommand> commands;
  addAccountCommands(app, *o, commands);
  addTokenCommands(app, *o, commands);
  addDataProtectionCommands(app, *o, commands);
  return [o, commands]() -> std::optional<int> {
    for (const auto& c : commands) {
      if (*c.cmd) return runAuthCommand(c, *o);
    }
    return std::nullopt;
  };
}

}  // namespace charter
