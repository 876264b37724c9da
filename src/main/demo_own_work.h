// Personal work for each demo staff account (auth_cli.cc), so that signing in shows real work
// at once. First the contacts the other parts of the demo left without an owner are triaged
// (all but the last four days', which stay in the triage queue). Then the front line, the
// investigator and the complaints team each own a complaint whose acknowledgement is overdue,
// one due today (on a working day) and one due within the week; the reviewer owns stage 2
// requests overdue, due today and due within the week, and one more waits for any reviewer:
// thirteen complaints in the current year, dated back from the demo's end by the deadline
// calculator (app/deadline.h), so the due dates are exactly those the clocks show.
//
// Cost: one assign per contact left without an owner, a few dozen CaseService actions and
// deadline evaluations. Threading: the demo's thread.
#pragma once

#include "app/case_service.h"
#include "util/time.h"

namespace charter {

// REQUIRES: `time` is the service's TimeSource; `end` is the demo's "now".
Status generateDemoOwnWork(CaseService& service, FixedTimeSource& time, Instant end);

}  // namespace charter
