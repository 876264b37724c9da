#include "main/auth_cli.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "app/audit.h"
#include "app/landlords.h"
#include "app/subject_access.h"
#include "main/storage_cli.h"
#include "store/pg/pg_account_store.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/account_store.h"
#include "store/sqlite/sqlite_store.h"

namespace charter {
namespace {

int fail(const Error& e) {
  if (e.field.empty()) {
    fmt::print(stderr, "error: {}\n", e.message);
  } else {
    fmt::print(stderr, "error: {}: {} ({})\n", e.field, e.message, e.rule);
  }
  return 1;
}

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

// An open store with its account store and services, for one command.
struct Opened {
  std::unique_ptr<CaseStore> store;
  std::unique_ptr<SignIn> signin;
};

Result<Opened> openForCommand(const std::string& db) {
  Opened o;
  auto store = openCaseStore(db);
  if (!store) return tl::unexpected(store.error());
  o.store = std::move(*store);
  static SystemTimeSource clock;
  auto policy = builtinPolicy("hos-code-2024");
  if (!policy) return tl::unexpected(policy.error());
  auto signin = SignIn::open(*o.store, *policy, clock);
  if (!signin) return tl::unexpected(signin.error());
  if (!*signin) return internalError("this database keeps no accounts");
  o.signin = std::move(*signin);
  return o;
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
};

constexpr DemoAccount kDemoAccounts[] = {
    {"resident", Role::kResident, "Ada Resident", "DEMO-P-0001"},
    {"representative", Role::kRepresentative, "Rita Advocate", "DEMO-P-0001"},
    {"frontline", Role::kFrontLine, "Frankie Front-line", ""},
    {"investigator", Role::kInvestigatingManager, "Ivy Investigating", ""},
    {"reviewer", Role::kReviewingManager, "Ravi Reviewing", ""},
    {"complaints", Role::kComplaintsAdmin, "Cass Complaints", ""},
    {"governance", Role::kGovernance, "Grace Governance", ""},
    {"sysadmin", Role::kSystemAdmin, "Sam Sysadmin", ""},
};
// Documented in README.md: demo data only, never for real records.
constexpr const char* kDemoPassword = "charter demo only";

}  // namespace

struct SignIn::Impl {
  std::unique_ptr<AccountStore> store;
  std::unique_ptr<LandlordRegistry> registry;
  std::unique_ptr<AccountService> accounts;
  std::unique_ptr<AuthorisedCases> cases;
};

SignIn::SignIn(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SignIn::~SignIn() = default;
AuthorisedCases& SignIn::cases() { return *impl_->cases; }
AccountService& SignIn::accounts() { return *impl_->accounts; }
LandlordRegistry& SignIn::landlords() { return *impl_->registry; }

Result<std::unique_ptr<SignIn>> SignIn::open(CaseStore& store, PolicyPtr default_policy,
                                             const TimeSource& time,
                                             AccountOptions options) {
  auto impl = std::make_unique<Impl>();
  if (auto* sqlite = dynamic_cast<SqliteStore*>(&store)) {
    impl->store = std::make_unique<SqliteAccountStore>(*sqlite);
  } else if (auto* pg = dynamic_cast<PgStore*>(&store)) {
    auto accounts = PgAccountStore::open(pg->dsn());
    if (!accounts) return tl::unexpected(accounts.error());
    impl->store = std::move(*accounts);
  } else {
    return std::unique_ptr<SignIn>();
  }
  impl->registry =
      std::make_unique<LandlordRegistry>(store, *impl->store, time, std::move(default_policy));
  if (auto s = impl->registry->load(); !s) return tl::unexpected(s.error());
  impl->accounts = makeAccountService(*impl->store, time, options);
  impl->cases = std::make_unique<AuthorisedCases>(*impl->registry);
  return std::unique_ptr<SignIn>(new SignIn(std::move(impl)));
}

Status ensureDemoAccounts(CaseStore& store, PolicyPtr policy) {
  SystemTimeSource clock;
  auto signin = SignIn::open(store, std::move(policy), clock);
  if (!signin) return tl::unexpected(signin.error());
  if (!*signin) return {};
  AccountService& accounts = (*signin)->accounts();
  fmt::print("demo sign-in (landlord \"demo\"; every password is \"{}\"):\n", kDemoPassword);
  Principal resident;
  for (const auto& a : kDemoAccounts) {
    auto p = accounts.addAccount(NewAccount{1, a.username, a.name, kDemoPassword, a.role, a.person});
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

AuthCommands addAuthCommands(CLI::App& app) {
  struct Opts {
    std::string db = "charter.db", landlord = "demo", slug, name, policy, username, role,
                person, password_file, format = "json", out, reason;
    std::vector<std::string> set;
    int years = 6;
    std::int64_t token_id = 0;
    bool dry_run = false;
  };
  auto o = std::make_shared<Opts>();

  auto* landlord = app.add_subcommand("landlord", "Landlords of this installation");
  landlord->require_subcommand(1);
  auto* landlord_add = landlord->add_subcommand("add", "Add a landlord (with its policy)");
  landlord_add->add_option("--db", o->db, "SQLite database file or postgresql://...");
  landlord_add->add_option("--slug", o->slug, "Short name used to sign in (e.g. northside)")->required();
  landlord_add->add_option("--name", o->name, "The landlord's name")->required();
  landlord_add->add_option("--policy", o->policy, "Policy file (TOML); else the Code base")
      ->check(CLI::ExistingFile);

  auto* user = app.add_subcommand("user", "Accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add an account (password from stdin or a file)");
  user_add->add_option("--db", o->db, "SQLite database file or postgresql://...");
  user_add->add_option("--landlord", o->landlord, "Landlord slug")->required();
  user_add->add_option("--username", o->username, "Username (an email address or staff id)")->required();
  user_add->add_option("--role", o->role, "resident | representative | front_line | "
                       "investigating_manager | reviewing_manager | complaints_admin | "
                       "governance | system_admin")->required();
  user_add->add_option("--name", o->name, "Display name")->required();
  user_add->add_option("--person", o->person, "Residents and representatives: the person reference");
  user_add->add_option("--password-file", o->password_file, "Read the password from this file");

  auto* token = app.add_subcommand("token", "API tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Create an API token (printed once)");
  token_create->add_option("--db", o->db, "SQLite database file or postgresql://...");
  token_create->add_option("--landlord", o->landlord, "Landlord slug")->required();
  token_create->add_option("--role", o->role, "The token's role")->required();
  token_create->add_option("--name", o->name, "What the token is for");

  auto* token_revoke = token->add_subcommand("revoke", "Revoke an API token (by --name or --id)");
  token_revoke->add_option("--db", o->db, "SQLite database file or postgresql://...");
  token_revoke->add_option("--landlord", o->landlord, "Landlord slug")->required();
  auto* revoke_name = token_revoke->add_option("--name", o->name, "The token's name");
  auto* revoke_id = token_revoke->add_option("--id", o->token_id, "The token's id (token list)")
                        ->check(CLI::PositiveNumber);
  revoke_name->excludes(revoke_id);
  auto* token_list = token->add_subcommand("list", "List a landlord's API tokens (never the secret)");
  token_list->add_option("--db", o->db, "SQLite database file or postgresql://...");
  token_list->add_option("--landlord", o->landlord, "Landlord slug")->required();

  auto* views = app.add_subcommand("views", "Who viewed a person's record");
  views->add_option("--db", o->db, "SQLite database file or postgresql://...");
  views->add_option("--landlord", o->landlord, "Landlord slug")->required();
  views->add_option("--person", o->person, "Person reference")->required();

  auto* sar = app.add_subcommand("subject-access", "Everything held about a person (JSON or PDF)");
  sar->add_option("--db", o->db, "SQLite database file or postgresql://...");
  sar->add_option("--landlord", o->landlord, "Landlord slug")->required();
  sar->add_option("--person", o->person, "Person reference")->required();
  sar->add_option("--format", o->format, "json | pdf")->check(CLI::IsMember({"json", "pdf"}));
  sar->add_option("--out", o->out, "Write to this file (else standard output)");

  auto* rect = app.add_subcommand("rectify", "Correct a person's details on every case about them");
  rect->add_option("--db", o->db, "SQLite database file or postgresql://...");
  rect->add_option("--landlord", o->landlord, "Landlord slug")->required();
  rect->add_option("--person", o->person, "Person reference")->required();
  rect->add_option("--set", o->set, "FIELD=VALUE (name, email, phone, address, ...)")->required();
  rect->add_option("--reason", o->reason, "Why")->required();

  auto* ret = app.add_subcommand("retention", "Anonymise finished cases past the retention period");
  ret->add_option("--db", o->db, "SQLite database file or postgresql://...");
  ret->add_option("--landlord", o->landlord, "Landlord slug")->required();
  ret->add_option("--years", o->years, "Years after a case finished (default 6)")
      ->check(CLI::Range(1, 100));
  ret->add_flag("--dry-run", o->dry_run, "Report what would be anonymised; change nothing");

  AuthCommands out;
  out.run = [=]() -> std::optional<int> {
    if (!*landlord_add && !*user_add && !*token_create && !*token_revoke && !*token_list &&
        !*views && !*sar && !*rect && !*ret) {
      return std::nullopt;
    }
    auto opened = openForCommand(o->db);
    if (!opened) return fail(opened.error());
    SignIn& s = *opened->signin;
    AccountStore& store = s.landlords().accountStore();

    if (*landlord_add) {
      std::string toml, source;
      if (!o->policy.empty()) {
        std::ifstream in(o->policy);
        std::stringstream text;
        text << in.rdbuf();
        toml = text.str();
        source = o->policy;
        if (auto p = parsePolicy(toml, source); !p) return fail(p.error());
      }
      auto id = store.addLandlord(o->slug, o->name);
      if (!id) return fail(id.error());
      if (!toml.empty()) {
        if (auto p = store.setPolicy(*id, toml, source, SystemTimeSource().now()); !p) {
          return fail(p.error());
        }
      }
      fmt::print("landlord {} \"{}\" added (id {})\n", o->slug, o->name, *id);
      return 0;
    }

    auto landlord_rec = s.landlords().bySlug(o->landlord);
    if (!landlord_rec) return fail(landlord_rec.error());
    const LandlordId lid = landlord_rec->id;

    if (*user_add) {
      auto role = parseRole(o->role);
      if (!role) return fail(role.error());
      auto pw = readPassword(o->password_file);
      if (!pw) return fail(pw.error());
      auto p = s.accounts().addAccount(NewAccount{lid, o->username, o->name, *pw, *role, o->person});
      if (!p) return fail(p.error());
      fmt::print("account {} ({}) added to {}\n", p->username, displayName(p->role), o->landlord);
      return 0;
    }
    if (*token_create) {
      auto role = parseRole(o->role);
      if (!role) return fail(role.error());
      auto t = s.accounts().createApiToken(lid, *role, o->name);
      if (!t) return fail(t.error());
      fmt::print("{}\n", *t);
      return 0;
    }
    if (*token_revoke) {
      if (o->name.empty() && o->token_id <= 0) {
        return fail(Error{ErrorKind::kInvalid, "name", "required",
                          "give the token's --name or its --id (charter token list)"});
      }
      auto t = revokeApiToken(store, lid,
                              o->token_id > 0 ? std::optional<std::int64_t>(o->token_id)
                                              : std::nullopt,
                              o->name);
      if (!t) return fail(t.error());
      fmt::print("token {} \"{}\" ({}) revoked\n", t->id, t->name, slug(t->role));
      return 0;
    }
    if (*token_list) {
      auto all = store.apiTokens(lid);
      if (!all) return fail(all.error());
      for (const auto& t : *all) {
        fmt::print("{}\t{}\t{}\t{}\t{}\n", t.id, t.name, slug(t.role), formatInstant(t.created),
                   t.revoked ? "revoked" : "live");
      }
      return 0;
    }
    const Principal op = operatorFor(lid, Role::kComplaintsAdmin);
    if (*views) {
      auto v = viewsOfPerson(store, op, o->person, 100000);
      if (!v) return fail(v.error());
      for (const auto& r : *v) {
        fmt::print("{}\t{}\t{}\t{}\t{}\n", formatInstant(r.at), caseReference(r.case_id), r.viewer,
                   r.viewer_role, r.purpose);
      }
      return 0;
    }
    if (*sar) {
      auto doc = subjectAccess(s.cases(), op, o->person);
      if (!doc) return fail(doc.error());
      std::string bytes;
      if (o->format == "pdf") {
        auto pdf = subjectAccessPdf(*doc);
        if (!pdf) return fail(pdf.error());
        bytes = std::move(*pdf);
      } else {
        bytes = doc->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
      }
      if (o->out.empty()) {
        std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      } else {
        std::ofstream f(o->out, std::ios::binary);
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!f) return fail(Error{ErrorKind::kInternal, "out", "write", "cannot write " + o->out});
      }
      return 0;
    }
    if (*rect) {
      nlohmann::json fields = nlohmann::json::object();
      for (const auto& kv : o->set) {
        auto eq = kv.find('=');
        if (eq == std::string::npos) {
          return fail(Error{ErrorKind::kInvalid, "set", "format", "give FIELD=VALUE"});
        }
        fields[kv.substr(0, eq)] = kv.substr(eq + 1);
      }
      auto n = rectify(s.cases(), op, o->person, fields, o->reason);
      if (!n) return fail(n.error());
      fmt::print("corrected {} case(s) about {}\n", *n, o->person);
      return 0;
    }
    if (*ret) {
      auto report = retention(s.cases(), op, o->years, o->dry_run);
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
    return std::nullopt;
  };
  return out;
}

}  // namespace charter
