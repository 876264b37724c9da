// The outbox: messages to residents that are never lost and, short of one narrow window, never
// sent twice.
//
// Queuing. A message is written by CaseTxn::enqueue (app/case_store.h) in the same transaction
// as the event that causes it (messagesFor decides which), so it exists exactly when the event
// does: a crash before the commit loses both, a crash after it keeps both. Its key is
// (case, event seq, kind), so the same event cannot queue it twice.
//
// Sending. OutboxSender claims a due message (OutboxStore::claim: pending, or a sending one
// whose lease ran out), hands it to a Mailer, then marks it sent, or pending again with the next
// attempt pushed back (backoff: base * 2^(attempts-1), capped), or failed after max_attempts.
// A claim is a compare-and-set on (status, attempts), so two senders (two `charter serve`
// processes on one PostgreSQL) never both hold a message, and a message marked sent is never
// claimed again: **at most once after "sent" is recorded**.
//
// The boundary, honestly: between the mail server accepting a message and the store recording
// "sent" there is a window (one database write). A crash inside it leaves the message claimed;
// when the lease ends it is sent again: **at least once** overall. The email's Message-ID is
// the message's key (OutboxMessage::key), the same on every attempt, so a receiving system can
// drop the duplicate. A crash anywhere else (before the claim, after the claim but before the
// SMTP transaction ends) sends it exactly once, after the lease.
//
// Time is injected (a TimeSource): due, lease and back-off arithmetic never read the wall clock.
// Threading: OutboxSender::runOnce is for one thread at a time; start() runs it on a thread of
// its own every poll interval until stop(). The store and the mailer are called from that
// thread only.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "app/outbox_message.h"
#include "util/result.h"

namespace charter {

struct CaseState;
struct Event;
struct Clock;
struct SurveyOccasion;

struct OutboxPolicy {
  std::chrono::seconds base{30};      // the wait after the first failure
  std::chrono::seconds cap{3600};     // no wait is longer
  int max_attempts = 12;              // then the message is marked failed
  std::chrono::seconds lease{300};    // a claim holds a message this long
  std::chrono::milliseconds poll{1000};
  int batch = 20;                     // messages claimed per landlord per pass
};

// When a message whose `attempts`-th attempt failed at `now` is next tried:
// now + min(cap, base * 2^(attempts-1)). REQUIRES attempts >= 1.
Instant nextAttemptAfter(const OutboxPolicy& p, int attempts, Instant now);

// The messages `new_events` (just appended to the case, whose state is now `after`) cause, by
// the person's channel (person.contact.channel): "email" to their email address, "sms" to their
// phone (the subject line only); letter, phone and portal: none. With no channel recorded, by
// email when there is an address and the free-text preference is not post only.
// acknowledged -> "acknowledgement"; responded, extended, refused, closed -> "case_update";
// letter_issued with channel "email" -> "letter" (the letter's text; email only).
// Pure; `clocks` (the case's, after) give the acknowledgement its response date.
std::vector<OutboxMessage> messagesFor(LandlordId landlord, const CaseState& after,
                                       const std::vector<Clock>& clocks,
                                       const std::vector<Event>& new_events, Instant now);

// The survey message `new_events` cause (kind "survey", docs/surveys.md): for the first of
// `reached` (the survey occasions of the case after them that it had not reached before), a
// message keyed by the last of `new_events`, by the person's channel as messagesFor. Its body
// holds the link's place, `{survey_link:<trigger>}`: the survey's offer and its token are
// recorded when the message is first sent (OutboxSender's Finish), so a crash between the
// case's commit and the send loses nothing. Pure.
std::vector<OutboxMessage> surveyMessages(LandlordId landlord, const CaseState& after,
                                          const std::vector<SurveyOccasion>& reached,
                                          const std::vector<Event>& new_events, Instant now);

// The trigger a survey message's body names, or "" when it names none.
std::string surveyTriggerOf(const OutboxMessage& m);
// `m` with its link's place replaced by `link`, or, when `link` is empty (the server was not
// told its public address), by where a signed-in resident answers it.
OutboxMessage withSurveyLink(OutboxMessage m, const std::string& link);

// A landlord's messages not yet sent, of one channel and status (pending, sending, failed), and
// when the oldest of them was queued: the operator's backlog (charter_outbox_* metrics).
struct OutboxBacklog {
  std::string channel;
  std::string status;
  long long messages = 0;
  Instant oldest{};
};

// The outbox's port beyond queuing (queuing is CaseTxn::enqueue). Implemented once for both
// databases (store/core/outbox_store.h). Every call is durable when it answers.
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  // Up to `limit` messages of the landlord by `channel` that may be claimed at `now`: pending
  // or sending, next_attempt <= now; oldest first.
  virtual Result<std::vector<OutboxMessage>> due(LandlordId landlord, std::string_view channel,
                                                 Instant now, int limit) = 0;
  // Claims `m` (as `due` read it) until `lease_until`: status sending, attempts + 1. false when
  // someone else changed it first (claimed, sent). On true, `m` holds the claim.
  virtual Result<bool> claim(OutboxMessage& m, Instant lease_until) = 0;
  // For a message this sender holds (REQUIRES: claim answered true): sent at `at`; or back to
  // pending until `next` (failed when `give_up`) with the reason. false when the claim was lost
  // (the lease ran out and another sender took it).
  virtual Result<bool> markSent(const OutboxMessage& claimed, Instant at) = 0;
  virtual Result<bool> markFailed(const OutboxMessage& claimed, Instant next, bool give_up,
                                  const std::string& reason) = 0;
  // A case's messages, oldest first (for the case page and the API).
  virtual Result<std::vector<OutboxMessage>> forCase(LandlordId landlord, CaseId id) = 0;
  // The landlord's unsent messages by channel and status, in that order (none: empty).
  virtual Result<std::vector<OutboxBacklog>> backlog(LandlordId landlord) = 0;
};

// Delivers one message of channel() (an SMTP client for "email", in main). Ok once the server
// accepted it; an error's message is kept as the attempt's reason.
class Mailer {
 public:
  virtual ~Mailer() = default;
  virtual Status send(const OutboxMessage& m) = 0;
  virtual std::string_view channel() const { return "email"; }
};

class OutboxSender {
 public:
  using Landlords = std::function<Result<std::vector<LandlordId>>()>;
  // Completes a claimed message just before it is sent (main: a survey message's link, whose
  // offer it records); an error counts as a failed attempt. Must keep the claim's fields.
  using Finish = std::function<Result<OutboxMessage>(const OutboxMessage&)>;
  // Told of every failed attempt and store error (main logs them).
  using Log = std::function<void(const std::string&)>;
  // All must outlive the sender.
  OutboxSender(OutboxStore& store, Mailer& mailer, const TimeSource& time, Landlords landlords,
               OutboxPolicy policy = {}, Log log = nullptr, Finish finish = nullptr);
  ~OutboxSender();

  struct Pass {
    int sent = 0;
    int failed = 0;  // attempts that failed (tried again later, or given up)
  };
  // One pass over every landlord's due messages.
  Result<Pass> runOnce();
  // runOnce every policy.poll on a thread of its own; errors are logged and the loop goes on.
  void start();
  void stop();

 private:
  Status sendOne(OutboxMessage m, Pass& pass);
  Status failed(const OutboxMessage& m, const std::string& reason, Pass& pass);

  OutboxStore& store_;
  Mailer& mailer_;
  const TimeSource& time_;
  Landlords landlords_;
  OutboxPolicy policy_;
  Log log_;
  Finish finish_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

}  // namespace charter
