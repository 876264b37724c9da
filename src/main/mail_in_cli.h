// `charter mail-in --db DB --landlord SLUG [--kind KIND] [--policy FILE] [--json]`: takes one
// email on standard input, as an MTA's pipe hands it over (Postfix: an alias
// `complaints: "|/usr/bin/charter mail-in --db ... --landlord ..."`; docs/mail-in.md). The
// message becomes a contact for triage or joins the case its subject names (app/mail_in.h).
//
// Exit codes, as an MTA reads them: 0 when the message was taken in, quarantined, or had
// already been received (it is never lost and never logged twice); 75 (EX_TEMPFAIL) when it
// could not be taken now (the database unavailable or missing, the landlord unknown, another
// delivery of it in progress): the MTA keeps it and tries again; 2 for a usage error.
// The case records the actor "mail-in" (a front line principal of the landlord).
#pragma once

#include <CLI/CLI.hpp>

#include "main/cli_common.h"

namespace charter {

CommandRun addMailInCommand(CLI::App& app);

}  // namespace charter
