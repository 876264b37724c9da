// NotifySms: the outbox's Mailer for channel "sms" (app/outbox.h), through the GOV.UK Notify
// REST API: POST {url}/v2/notifications/sms with {"phone_number", "template_id",
// "personalisation": {"body"}, "reference": the outbox key}, authenticated by a JSON Web Token
// (HS256, claims iss = the service id, iat = now from the injected TimeSource) signed with the
// API key's secret. The Notify template must be a text message whose content is ((body)).
// send() answers once Notify answered 201; anything else is the attempt's reason.
// Threading: send() from one thread at a time (the outbox sender's).
#pragma once

#include <string>

#include "app/outbox.h"
#include "util/time.h"

namespace charter {

struct NotifyOptions {
  std::string url;          // https://api.notifications.service.gov.uk (or a test server)
  std::string api_key;      // key_name-SERVICE_ID-SECRET, read from --notify-key-file
  std::string template_id;  // --notify-sms-template
  long timeout_seconds = 30;
};

// The parts of a Notify API key (the service id and the secret: the last two 36-character UUIDs).
struct NotifyKey {
  std::string service_id;
  std::string secret;
};
Result<NotifyKey> parseNotifyKey(const std::string& key);

// The token for `key` issued at `iat` (seconds since the epoch). Exposed for tests.
std::string notifyToken(const NotifyKey& key, long long iat);

class NotifySms final : public Mailer {
 public:
  // REQUIRES: options.api_key parses (check with parseNotifyKey first).
  NotifySms(NotifyOptions options, const TimeSource& time);
  Status send(const OutboxMessage& m) override;
  std::string_view channel() const override { return "sms"; }

 private:
  NotifyOptions options_;
  NotifyKey key_;
  const TimeSource& time_;
};

}  // namespace charter
