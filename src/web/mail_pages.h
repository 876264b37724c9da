// The staff page "Emails not taken in" (GET /staff/mail-in): the quarantine of app/mail_in.h,
// newest first (at most 100), each with when it came, who sent it, its subject, its size and
// why it was kept aside, in plain words. For staff who see every case; others get the
// forbidden page. Internal to the web layer; added when WebOptions::mail is set.
#pragma once

#include "app/mail_in.h"
#include "web/internal.h"

namespace charter::web {

void addMailPages(http::Router& router, Ctx& ctx, MailIn& mail);

}  // namespace charter::web
