// CaseStore::rebuild, written once for both databases: every case of a landlord re-derived
// from its events, and only the cases whose stored projection differs from the re-derived one
// rewritten (a calendar change moves few clocks).
//
// Per chunk of case ids, on a reader connection: the chunk's events are read with one range
// query (ordered by case, seq) and folded; its clocks projected; the rows the projection would
// write (cases, clocks, case facts, and the learning, Ombudsman, service and ASB rows a case
// owns) compared with the stored rows, read with one range query per table. The cases whose
// rows differ in any value, count or table are then re-read and rewritten whole in one write
// of the store (ProjectingTxn::writeProjection, rollup triggers on), exactly as a full rewrite
// would; the others are left alone. The result is the same as rewriting every case. The reads
// need no snapshot of their own: a case written while they run is either seen to differ (then
// re-read and rewritten in the write) or keeps the projection its writer stored, as a case
// written after its chunk would; a case's rows are never mixed from two versions.
//
// Cost: one read of each chunk's events and projection rows (about 11 range queries a chunk)
// plus the writes of the changed cases only. Each case is folded as soon as its events are
// read; the stored rows are kept in buffers reused from chunk to chunk (store_core::StoredRows),
// not as a string per value. Threading: `workers` threads (the caller's and
// workers - 1 started here) take chunks in turn and compare them at once, each on a reader
// connection; their writes go through the store's group commit. Joined before it returns.
#pragma once

#include <algorithm>
#include <functional>
#include <thread>
#include <vector>

#include "store/core/case_rows.h"

namespace charter::store_core {

struct RebuildOptions {
  // Cases compared per read, and at most rewritten per write (one write transaction of the
  // store: other writers wait behind it).
  size_t chunk = 1000;
  // Chunks compared at once, each on a connection of its own (the store's readers).
  int workers = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
};

// CaseStore::rebuild of `landlord` over `ids` (ascending): the cases re-derived (every case
// with events), however few were rewritten. `read` runs its argument on a reader connection;
// `write` runs its argument as one write of the store.
using ProjectingRead = std::function<Status(const std::function<Status(SqlSession&)>&)>;
using ProjectingWrite = std::function<Status(const std::function<Status(ProjectingTxn&)>&)>;
Result<long> rebuildInChunks(LandlordId landlord, const std::vector<CaseId>& ids,
                             const ProjectingRead& read, const ProjectingWrite& write,
                             const std::function<std::vector<Clock>(const CaseState&)>& project,
                             RebuildOptions options = {});

}  // namespace charter::store_core
