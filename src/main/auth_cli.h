// Sign-in and data protection in the composition root: the account store beside the case
// store, the `charter serve` wiring, the demo accounts, and the commands
//
//   charter landlord add --slug S --name N [--policy FILE]
//   charter user add --landlord S --username U --role R --name N [--person REF]
//                    [--password-file F]         (else the password is read from stdin)
//   charter token create --landlord S --role R [--name N]   (prints the token once)
//   charter token revoke --landlord S (--name N | --id ID)  (refused from the next request)
//   charter token list --landlord S
//   charter views --landlord S --person REF                 (who viewed the person's record)
//   charter subject-access --landlord S --person REF [--format json|pdf] [--out FILE]
//   charter rectify --landlord S --person REF --set FIELD=VALUE... --reason TEXT
//   charter retention --landlord S [--years 6] [--dry-run]
//
// each with --db (a SQLite file or postgresql://...: the accounts live beside the cases).
#pragma once

#include <memory>

#include <CLI/CLI.hpp>

#include "app/accounts.h"
#include "app/authz.h"
#include "main/backend.h"
#include "main/cli_common.h"

namespace charter {

// What `charter serve` needs for the signed-in API and web, alive as long as this object.
class SignIn {
 public:
  // Over the backend's case and account stores, which must outlive it. Fails when a
  // landlord's stored policy does not parse.
  static Result<std::unique_ptr<SignIn>> open(Backend& backend, PolicyPtr default_policy,
                                              const TimeSource& time,
                                              AccountOptions options = {});
  ~SignIn();
  AuthorisedCases& cases();
  AccountService& accounts();
  LandlordRegistry& landlords();

 private:
  struct Impl;
  explicit SignIn(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The demo landlord's accounts, one per role, with the documented demo passwords (made when
// missing), and a resident with a complaint of their own; prints the table.
Status ensureDemoAccounts(Backend& backend, PolicyPtr policy);

// Adds the commands above to `app`.
CommandRun addAuthCommands(CLI::App& app);

}  // namespace charter
