// Writes that must be durable before a response is sent, without blocking the handler on them.
//
// A PendingStatus is a write already handed to its writer: it resolves once the transaction
// holding it has committed (or failed). A DurableBeforeSend is the request's barrier: the HTTP
// server opens one on the worker thread around each handler, the app registers pending writes
// with it (defer()), and the server waits for them all (wait()) after the handler has built
// its response and before a byte of it is written. So the handler's reading and rendering
// overlap the commit; only what is left of the commit is waited for. When a registered write
// failed, wait() answers the error given with it and the response must not be sent.
//
// Outside a barrier (the command line, tests that call the app directly) defer() waits at
// once, as a synchronous write would.
//
// Threading: a barrier belongs to the thread that opened it (thread-local; barriers nest, the
// innermost is current); a PendingStatus may be waited from any thread. Cost: defer() is a
// vector push; wait() blocks until the slowest registered write has committed.
#pragma once

#include <future>
#include <vector>

#include "util/result.h"

namespace charter {

using PendingStatus = std::shared_future<Status>;

// A PendingStatus that has already resolved to `s`.
PendingStatus resolvedStatus(Status s);

class DurableBeforeSend {
 public:
  // Opens the barrier on this thread.
  DurableBeforeSend();
  // Waits for anything still registered (a handler that threw), then closes the barrier.
  ~DurableBeforeSend();
  DurableBeforeSend(const DurableBeforeSend&) = delete;
  DurableBeforeSend& operator=(const DurableBeforeSend&) = delete;

  // Waits for every write registered so far: `if_failed` of the first that failed, else ok.
  // The barrier is empty afterwards.
  Status wait();

  // Registers `write` with this thread's barrier and answers ok at once; with no barrier open,
  // waits for it and answers `if_failed` when it failed.
  static Status defer(PendingStatus write, Error if_failed);
  // True when this thread has a barrier open.
  static bool open();

 private:
  struct Entry {
    PendingStatus write;
    Error if_failed;
  };
  std::vector<Entry> pending_;
  DurableBeforeSend* outer_;
};

}  // namespace charter
