#include "store/sqlite/report_facts.h"

#include "store/sqlite/statement.h"

namespace charter {

Status writeCaseFacts(sqlite3* db, LandlordId landlord, CaseId id, const CaseState& s) {
  const auto f = report_queries::caseFacts(s);
  auto prepared = sqlite::Statement::prepare(db, report_queries::kUpsertCaseFacts);
  if (!prepared) return tl::unexpected(prepared.error());
  sqlite::Statement& q = *prepared;
  q.bind(1, static_cast<std::int64_t>(landlord))
      .bind(2, static_cast<std::int64_t>(id))
      .bind(3, f.kind)
      .bind(4, f.tenure)
      .bind(5, f.service_area)
      .bind(6, f.theme)
      .bind(7, f.channel)
      .bind(8, f.status)
      .bind(9, f.received_day)
      .bind(10, f.escalated_day)
      .bind(11, f.stage1_responded_day)
      .bind(12, f.stage2_responded_day)
      .bind(13, f.stage1_decision)
      .bind(14, f.elements)
      .bind(15, f.elements_upheld)
      .bind(16, f.stage2_overturned)
      .bind(17, f.refusal_reason)
      .bind(18, f.remedies)
      .bind(19, f.compensation)
      .bind(20, f.extensions);
  return q.run("writing the case facts");
}

}  // namespace charter
