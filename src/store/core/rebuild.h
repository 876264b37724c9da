// CaseStore::rebuild, written once for both databases: every case of a landlord re-derived
// from its events, and only the cases whose stored projection differs from the re-derived one
// rewritten (a calendar change moves few clocks).
//
// Per chunk of case ids, in one write of the store: the chunk's events are read with one range
// query (ordered by case, seq) and folded; its clocks projected; the rows the projection would
// write (cases, clocks, case facts, and the learning, Ombudsman, service and ASB rows a case
// owns) compared with the stored rows, read with one range query per table; a case whose rows
// differ in any value, count or table is rewritten whole by ProjectingTxn::writeProjection,
// exactly as a full rewrite would (rollup triggers on), and the others are left alone. The
// result is the same as rewriting every case.
//
// Cost: one read of the chunk's events and projection rows (about 11 range queries per chunk)
// plus the writes of the changed cases only. Threading: the caller's thread submits the
// chunks; the reads and writes run on the store's writer thread, inside its transaction.
#pragma once

#include <functional>
#include <vector>

#include "store/core/case_rows.h"

namespace charter::store_core {

// Cases per chunk (one write transaction of the store: other writers wait behind it).
inline constexpr size_t kRebuildChunk = 1000;

// CaseStore::rebuild of `landlord` over `ids` (ascending): the cases re-derived (every case
// with events), however few were rewritten. `write` runs its argument as one write of the store.
using ProjectingWrite = std::function<Status(const std::function<Status(ProjectingTxn&)>&)>;
Result<long> rebuildInChunks(LandlordId landlord, const std::vector<CaseId>& ids,
                             const ProjectingWrite& write,
                             const std::function<std::vector<Clock>(const CaseState&)>& project,
                             size_t chunk = kRebuildChunk);

}  // namespace charter::store_core
