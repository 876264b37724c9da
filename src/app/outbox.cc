#include "app/outbox.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "app/letter_formats.h"
#include "domain/clocks.h"
#include "domain/surveys.h"
#include "util/date_words.h"

namespace charter {
namespace {

// True when the person asked for post only ("post", "letter", "by post"...).
bool postOnly(const std::string& preference) {
  std::string p;
  for (char c : preference) p += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return p == "post" || p == "letter" || p == "by post" || p == "by letter";
}

std::optional<Date> dueOf(const std::vector<Clock>& clocks, std::string_view name) {
  for (const auto& k : clocks)
    if (k.name == name) return k.due;
  return std::nullopt;
}

std::string greeting(const CaseState& s) {
  return s.person.name.empty() ? std::string("Hello,") : fmt::format("Dear {},", s.person.name);
}

// "email", "sms" or "" (none) for the person.
std::string channelFor(const Person& p) {
  const std::string& c = p.contact.channel;
  if (c == "email") return p.email.empty() ? "" : "email";
  if (c == "sms") return p.phone.empty() ? "" : "sms";
  if (!c.empty()) return "";
  return p.email.empty() || postOnly(p.contact_preference) ? "" : "email";
}

OutboxMessage base(LandlordId landlord, const CaseState& s, const Event& e, Instant now,
                   std::string kind) {
  OutboxMessage m;
  m.landlord = landlord;
  m.case_id = s.id;
  m.event_seq = e.seq;
  m.kind = std::move(kind);
  m.channel = channelFor(s.person);
  m.recipient = m.channel == "sms" ? s.person.phone : s.person.email;
  m.created = now;
  m.next_attempt = now;
  return m;
}

OutboxMessage acknowledgement(LandlordId landlord, const CaseState& s,
                              const std::vector<Clock>& clocks, const Event& e, Instant now) {
  OutboxMessage m = base(landlord, s, e, now, "acknowledgement");
  const int stage = e.data.value("stage", 1);
  m.subject = fmt::format("We have received your complaint ({})", s.reference);
  auto due = dueOf(clocks, stage == 2 ? "stage2.respond" : "stage1.respond");
  std::string when = due ? fmt::format("We will send you our answer by {}.", formatDateFull(*due))
                         : std::string("We will send you our answer as soon as we can.");
  m.body = fmt::format(
      "{}\n\nThank you for telling us about your complaint. We have logged it{} as {}.\n\n{}\n\n"
      "If you need to contact us about it, please quote {}.\n",
      greeting(s), stage == 2 ? " at stage 2" : "", s.reference, when, s.reference);
  return m;
}

OutboxMessage update(LandlordId landlord, const CaseState& s, const Event& e, Instant now) {
  OutboxMessage m = base(landlord, s, e, now, "case_update");
  m.subject = fmt::format("Your case {} has a new update", s.reference);
  m.body = fmt::format(
      "{}\n\nThere is a new update on your case {}. You can read it in your online account, or "
      "contact us and quote {}.\n",
      greeting(s), s.reference, s.reference);
  return m;
}

OutboxMessage letter(LandlordId landlord, const CaseState& s, const Event& e, Instant now) {
  OutboxMessage m = base(landlord, s, e, now, "letter");
  m.subject = fmt::format("{} ({})", e.data.value("title", std::string("A letter from us")),
                          s.reference);
  m.body = letterText(e.data);
  return m;
}

bool isUpdate(const std::string& type) {
  return type == event_type::kResponded || type == event_type::kExtended ||
         type == event_type::kRefused || type == event_type::kClosed;
}

constexpr std::string_view kLinkOpen = "{survey_link:";

OutboxMessage survey(LandlordId landlord, const CaseState& s, const SurveyOccasion& o,
                     const Event& e, Instant now) {
  // One survey message per event: the key is (case, event, kind).
  OutboxMessage m = base(landlord, s, e, now, "survey");
  const bool complaint = o.question == "complaint_handling";
  m.subject = fmt::format("How did we do? ({})", s.reference);
  const std::string link = fmt::format("{}{}}}", kLinkOpen, o.trigger);
  if (m.channel == "sms") {
    m.body = fmt::format("How did we do with {}? Tell us: {}", s.reference, link);
    return m;
  }
  m.body = fmt::format(
      "{}\n\n{} It is one question and takes a minute.\n\n{}\n\nIf you are unhappy, you can "
      "also make a complaint: contact us and quote {}.\n",
      greeting(s),
      complaint ? "Please tell us how satisfied you are with how we handled your complaint."
                : "Please tell us how satisfied you are with the service you received.",
      link, s.reference);
  return m;
}

}  // namespace

std::vector<OutboxMessage> surveyMessages(LandlordId landlord, const CaseState& after,
                                          const std::vector<SurveyOccasion>& reached,
                                          const std::vector<Event>& new_events, Instant now) {
  if (reached.empty() || new_events.empty() || channelFor(after.person).empty()) return {};
  return {survey(landlord, after, reached.front(), new_events.back(), now)};
}

std::string surveyTriggerOf(const OutboxMessage& m) {
  const auto open = m.body.find(kLinkOpen);
  if (m.kind != "survey" || open == std::string::npos) return {};
  const auto from = open + kLinkOpen.size();
  const auto close = m.body.find('}', from);
  return close == std::string::npos ? std::string() : m.body.substr(from, close - from);
}

OutboxMessage withSurveyLink(OutboxMessage m, const std::string& link) {
  const auto open = m.body.find(kLinkOpen);
  if (open == std::string::npos) return m;
  const auto close = m.body.find('}', open);
  std::string text = link.empty() ? std::string("Sign in to your online account to answer it.")
                                  : "Tell us here: " + link;
  if (m.channel == "sms") text = link.empty() ? std::string("sign in to your online account") : link;
  m.body.replace(open, close - open + 1, text);
  return m;
}

std::string OutboxMessage::key() const { return fmt::format("{}.{}.{}", case_id, event_seq, kind); }

Instant nextAttemptAfter(const OutboxPolicy& p, int attempts, Instant now) {
  const int doublings = std::clamp(attempts - 1, 0, 30);
  const auto cap = std::chrono::duration_cast<std::chrono::seconds>(p.cap);
  std::chrono::seconds wait = p.base;
  for (int i = 0; i < doublings && wait < cap; ++i) wait *= 2;
  return now + std::min(wait, cap);
}

std::vector<OutboxMessage> messagesFor(LandlordId landlord, const CaseState& after,
                                       const std::vector<Clock>& clocks,
                                       const std::vector<Event>& new_events, Instant now) {
  std::vector<OutboxMessage> out;
  const std::string channel = channelFor(after.person);
  if (channel.empty()) return out;
  for (const auto& e : new_events) {
    if (e.type == event_type::kAcknowledged) {
      out.push_back(acknowledgement(landlord, after, clocks, e, now));
    } else if (isUpdate(e.type)) {
      out.push_back(update(landlord, after, e, now));
    } else if (e.type == "letter_issued" && channel == "email" &&
               e.data.value("channel", std::string()) == "email") {
      out.push_back(letter(landlord, after, e, now));
    }
  }
  // A text message says only what its subject says.
  if (channel == "sms")
    for (auto& m : out) m.body = m.subject + ". Please quote " + after.reference + " if you contact us.";
  return out;
}

OutboxSender::OutboxSender(OutboxStore& store, Mailer& mailer, const TimeSource& time,
                           Landlords landlords, OutboxPolicy policy, Log log, Finish finish)
    : store_(store),
      mailer_(mailer),
      time_(time),
      landlords_(std::move(landlords)),
      policy_(policy),
      log_(std::move(log)),
      finish_(std::move(finish)) {}

OutboxSender::~OutboxSender() { stop(); }

Status OutboxSender::sendOne(OutboxMessage m, Pass& pass) {
  auto claimed = store_.claim(m, time_.now() + policy_.lease);
  if (!claimed) return tl::unexpected(claimed.error());
  if (!*claimed) return {};  // another sender has it
  if (finish_) {
    auto finished = finish_(m);
    if (!finished) return failed(m, finished.error().message, pass);
    m = std::move(*finished);
  }
  auto sent = mailer_.send(m);
  if (!sent) return failed(m, sent.error().message, pass);
  auto marked = store_.markSent(m, time_.now());
  if (!marked) return tl::unexpected(marked.error());
  ++pass.sent;
  return {};
}

Status OutboxSender::failed(const OutboxMessage& m, const std::string& reason, Pass& pass) {
  ++pass.failed;
  const bool give_up = m.attempts >= policy_.max_attempts;
  if (log_) {
    log_(fmt::format("message {} to case {}: attempt {} failed{}: {}", m.key(), m.case_id,
                     m.attempts, give_up ? " (giving up)" : "", reason));
  }
  auto marked = store_.markFailed(m, nextAttemptAfter(policy_, m.attempts, time_.now()), give_up,
                                  reason);
  if (!marked) return tl::unexpected(marked.error());
  return {};
}

Result<OutboxSender::Pass> OutboxSender::runOnce() {
  Pass pass;
  auto landlords = landlords_();
  if (!landlords) return tl::unexpected(landlords.error());
  for (LandlordId landlord : *landlords) {
    auto due = store_.due(landlord, mailer_.channel(), time_.now(), policy_.batch);
    if (!due) return tl::unexpected(due.error());
    for (auto& m : *due) {
      if (auto s = sendOne(std::move(m), pass); !s) return tl::unexpected(s.error());
    }
  }
  return pass;
}

void OutboxSender::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      auto pass = runOnce();
      if (!pass && log_) log_("the outbox sender: " + pass.error().message);
      lock.lock();
      cv_.wait_for(lock, policy_.poll, [this] { return stopping_; });
    }
  });
}

void OutboxSender::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace charter
