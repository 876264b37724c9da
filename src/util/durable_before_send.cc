#include "util/durable_before_send.h"

namespace charter {
namespace {

thread_local DurableBeforeSend* current = nullptr;

// Waits for `write`; a writer that dropped it unanswered (a broken promise) counts as failed.
bool succeeded(const PendingStatus& write) {
  try {
    return write.get().has_value();
  } catch (...) {
    return false;
  }
}

}  // namespace

PendingStatus resolvedStatus(Status s) {
  std::promise<Status> p;
  p.set_value(std::move(s));
  return p.get_future().share();
}

DurableBeforeSend::DurableBeforeSend() : outer_(current) { current = this; }

DurableBeforeSend::~DurableBeforeSend() {
  (void)wait();  // no write outlives the request that registered it
  current = outer_;
}

Status DurableBeforeSend::wait() {
  Status first;
  for (auto& e : pending_) {
    if (!succeeded(e.write) && first) first = tl::unexpected(e.if_failed);
  }
  pending_.clear();
  return first;
}

Status DurableBeforeSend::defer(PendingStatus write, Error if_failed) {
  if (current == nullptr) {
    if (!succeeded(write)) return tl::unexpected(std::move(if_failed));
    return {};
  }
  current->pending_.push_back(Entry{std::move(write), std::move(if_failed)});
  return {};
}

bool DurableBeforeSend::open() { return current != nullptr; }

}  // namespace charter
