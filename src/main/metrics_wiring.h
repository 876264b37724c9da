// The operator's metrics for `charter serve` (http/metrics.h), beside the request counters the
// server records itself:
//   charter_writer_commits_total, _writes_total, _failed_batches_total, _retries_total,
//   _batch_seconds_total (counters) and charter_writer_queued (gauge): the case store's writer;
//   charter_http_connections_open (gauge), charter_http_connections_turned_away_total;
//   charter_cases_open{landlord,kind} and charter_clocks_overdue{landlord,standard} (gauges:
//   each landlord's open cases, and unmet clocks of open cases past due, by standard: a
//   numbered clock such as "learning.3" counts as "learning"), read from the store at most
//   once every 30 seconds whatever the scrape interval;
//   charter_outbox_messages{landlord,channel,status} (gauge: unsent messages, pending, sending
//   or failed) and charter_outbox_oldest_unsent_seconds{landlord,channel} (gauge: the oldest
//   pending or sending message's age), read with the case counts;
//   charter_process_resident_bytes (gauge).
// Everything given must outlive the metrics.
#pragma once

#include "app/accounts_store.h"
#include "app/case_store.h"
#include "app/landlords.h"
#include "app/outbox.h"
#include "http/metrics.h"

namespace charter {

void addServeMetrics(http::Metrics& metrics, CaseStore& cases, AccountStore& accounts,
                     LandlordRegistry& landlords, const http::Server& server,
                     OutboxStore* outbox = nullptr);

// "learning.3" -> "learning"; "stage1.respond" stays as it is.
std::string clockStandard(std::string_view clock);

}  // namespace charter
