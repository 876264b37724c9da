// One message to a resident kept in the outbox (migrations/0021_outbox.sql): what it says, to
// whom, by which channel, and how far its delivery got. The outbox's rules are in app/outbox.h;
// this header holds only the value type, so the case store's transaction (app/case_store.h)
// can queue one beside the event that causes it.
#pragma once

#include <optional>
#include <string>

#include "domain/case.h"
#include "util/time.h"

namespace charter {

using LandlordId = std::int64_t;

// pending: waiting for next_attempt. sending: claimed by a sender until next_attempt (its
// lease). sent: the mail server accepted it. failed: given up after the last attempt.
inline constexpr std::string_view kMessagePending = "pending";
inline constexpr std::string_view kMessageSending = "sending";
inline constexpr std::string_view kMessageSent = "sent";
inline constexpr std::string_view kMessageFailed = "failed";

struct OutboxMessage {
  LandlordId landlord = 0;
  CaseId case_id = 0;
  int event_seq = 0;       // the case event that caused it
  std::string kind;        // "acknowledgement", "case_update", "letter"
  std::string channel;     // "email" (SMS: not yet sent by anything)
  std::string recipient;   // an email address
  std::string subject;
  std::string body;        // plain text
  std::string status{kMessagePending};
  int attempts = 0;        // claims so far; a claim's token (see OutboxStore::claim)
  Instant created{};
  Instant next_attempt{};  // pending: not before; sending: the lease's end
  std::optional<Instant> sent;
  std::string last_error;  // the last failed attempt's reason, "" when none

  // "42.3.acknowledgement": unique within the landlord; the email's Message-ID is made of it,
  // so a mail system can see a message delivered twice as one.
  std::string key() const;
};

}  // namespace charter
