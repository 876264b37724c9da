// SmtpMailer: the outbox's Mailer (app/outbox.h) over SMTP, through libcurl. One SMTP
// transaction per message (connect, EHLO, STARTTLS when offered or required, AUTH when a user
// is given, MAIL FROM, RCPT TO, DATA); send() answers once the server accepted the message
// (250 after DATA), or the reason it did not.
//
// The message is plain text in UTF-8 (8bit), with CRLF line ends; libcurl dot-stuffs it. Its
// Message-ID is made of the outbox key, the same on every attempt (the at-least-once window of
// app/outbox.h). Date comes from the injected TimeSource.
// Threading: send() from one thread at a time (the outbox sender's).
#pragma once

#include <string>

#include "app/outbox.h"
#include "util/time.h"

namespace charter {

struct SmtpOptions {
  std::string url;            // smtp://host:port (STARTTLS if offered) or smtps://host:port
  std::string from = "complaints@charter.invalid";
  std::string username;       // AUTH when not empty
  std::string password;       // read from --smtp-password-file
  bool require_tls = false;   // refuse to send unless STARTTLS (or smtps) succeeds
  long timeout_seconds = 30;  // a whole transaction
};

class SmtpMailer final : public Mailer {
 public:
  SmtpMailer(SmtpOptions options, const TimeSource& time);
  Status send(const OutboxMessage& m) override;

 private:
  SmtpOptions options_;
  const TimeSource& time_;
};

// The RFC 5322 text of `m` (headers, blank line, body) with CRLF line ends. Exposed for tests.
std::string smtpPayload(const OutboxMessage& m, const std::string& from, Instant date);

}  // namespace charter
