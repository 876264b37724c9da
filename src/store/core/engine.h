// The parts of a case store's engine both stores share: the writer connection, the reader
// pool, the group-commit writer and its lifetime (EngineBase), and the transaction a write's
// work sees (EngineTxn): the engine with the landlord bound. An engine has load, nextCaseId,
// append, enqueue and writeProjection, each taking the landlord first and run on the writer thread
// inside the group commit.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "app/guarded.h"
#include "store/core/case_rows.h"
#include "store/core/group_commit.h"
#include "store/core/pool.h"

namespace charter::store_core {

template <class Engine>
class EngineTxn final : public ProjectingTxn {
 public:
  EngineTxn(Engine& e, LandlordId landlord) : e_(e), landlord_(landlord) {}
  Result<std::optional<CaseState>> load(CaseId id) override { return e_.load(landlord_, id); }
  Result<CaseId> nextCaseId() override { return e_.nextCaseId(landlord_); }
  Status append(CaseId id, const std::vector<Event>& new_events,
                const CaseProjection& projection) override {
    return e_.append(landlord_, id, new_events, projection);
  }
  Status enqueue(const OutboxMessage& m) override { return e_.enqueue(landlord_, m); }
  Status writeProjection(CaseId id, const CaseState& state,
                         const std::vector<Clock>& clocks) override {
    return e_.writeProjection(landlord_, id, state, clocks);
  }

 private:
  Engine& e_;
  LandlordId landlord_;
};

template <class Engine, class Conn>
class EngineBase {
 public:
  std::unique_ptr<Conn> writer;
  Pool<Conn> readers;

  // Starts the group-commit writer with `dialect`'s SQL.
  void startWriter(WriterDialect& dialect, GroupCommitOptions options) {
    group_ = std::make_unique<GroupCommitWriter>(dialect, options);
    group_->start();
  }
  // Stops the writer (it drains what is queued), then closes every connection.
  void close() {
    if (group_) group_->stop();
    readers.clear();
    writer.reset();
  }
  bool accepting() const { return group_ && group_->accepting(); }
  GroupCommitWriter::Stats stats() const { return group_->stats(); }

  // Runs `work` in the next group commit, in a transaction of `landlord`.
  Status submit(LandlordId landlord, const std::function<Status(ProjectingTxn&)>& work) {
    auto& self = static_cast<Engine&>(*this);
    return group_->submit(landlord, [&self, landlord, &work] {
      EngineTxn<Engine> txn(self, landlord);
      return work(txn);
    });
  }

  // Queues `work` for the next group commit and returns at once (GroupCommitWriter::enqueue);
  // `work` is kept until it has run.
  PendingStatus submitLater(LandlordId landlord, std::function<Status(ProjectingTxn&)> work) {
    auto& self = static_cast<Engine&>(*this);
    return group_->enqueue(landlord, [&self, landlord, work = std::move(work)] {
      EngineTxn<Engine> txn(self, landlord);
      return work(txn);
    });
  }

 private:
  std::unique_ptr<GroupCommitWriter> group_;
};

// A store call never throws: see app/guarded.h.
using charter::guarded;

}  // namespace charter::store_core
