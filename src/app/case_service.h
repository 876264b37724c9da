// CaseService: the use cases behind the JSON API, the web pages, the CLI and the demo.
//
// Each call validates and decides in the pure domain, writes through the CaseStore in one
// durable transaction, and answers the case as the user now sees it (state + clocks evaluated
// at the TimeSource's now). No business rule lives above this layer.
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

#include "app/case_store.h"
#include "domain/clocks.h"
#include "domain/lifecycle.h"
#include "policy/policy.h"
#include "util/time.h"

namespace charter {

struct CaseView {
  CaseState state;
  std::vector<Clock> clocks;
};

class CaseService {
 public:
  CaseService(CaseStore& store, PolicyPtr policy, const TimeSource& time,
              LandlordId landlord = 1);

  // POST /cases. `actor` is who records it.
  Result<CaseView> create(const nlohmann::json& body, const std::string& actor);
  // POST /cases/{id}/actions. convert_to_complaint and log_separately
  // answer the new complaint.
  Result<CaseView> act(CaseId id, const nlohmann::json& body, const std::string& actor);
  Result<CaseView> get(CaseId id);
  Result<CasePage> list(CaseQuery query);
  // Records a letter sent to the resident (checked and rendered by the web layer's letters) as
  // a "letter_issued" event {letter, title, html, blocks}: part of the case's full record (Code
  // 5.12). Finished cases take letters too (a refusal or final response closes the case).
  Result<CaseView> recordLetter(CaseId id, const nlohmann::json& letter, const std::string& actor);
  // Re-derives every projection (after a bank holiday or policy change).
  Result<long> rebuild();

  const Policy& policy() const { return *policy_; }
  Date today() const;
  std::vector<Clock> clocksFor(const CaseState& state, Date today) const;

 private:
  CaseStore& store_;
  PolicyPtr policy_;
  const TimeSource& time_;
  LandlordId landlord_;
};

}  // namespace charter
