// LandlordRegistry: the landlords of one installation, each with its own policy and its own
// CaseService. Every request acts for exactly one landlord, the one its Principal names; the
// registry hands out that landlord's CaseService and nothing else.
//
// Landlords and their policies live in the database (so several `charter serve` processes agree);
// a landlord with no stored policy uses the default one given at start (`--policy`, else the
// built-in Code base). A landlord added while serving is found on first use.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "app/accounts_store.h"
#include "app/case_service.h"

namespace charter {

class AttachmentStore;  // app/attachments.h
class PersonStore;      // app/person_store.h

class LandlordRegistry {
 public:
  LandlordRegistry(CaseStore& cases, AccountStore& accounts, const TimeSource& time,
                   PolicyPtr default_policy);

  // Reads every landlord and parses its policy (an unparseable policy fails start-up).
  Status load();
  // The landlord's CaseService; kNotFound when there is no such landlord.
  Result<CaseService*> cases(LandlordId landlord);
  Result<LandlordRecord> landlord(LandlordId landlord);
  // The landlord's policy (its own, else the default), for what reads beside the cases.
  Result<PolicyPtr> policy(LandlordId landlord);
  Result<LandlordRecord> bySlug(std::string_view slug);

  CaseStore& caseStore() { return cases_; }
  AccountStore& accountStore() { return accounts_; }
  const TimeSource& time() const { return time_; }
  // The correspondence on the case files (app/attachments.h), for subject access and
  // retention; null when the installation has none wired. Set once, before serving.
  void setAttachmentStore(AttachmentStore* store) { attachments_ = store; }
  AttachmentStore* attachmentStore() const { return attachments_; }
  // The person streams (app/person_store.h: warnings and restrictions), for subject access
  // and retention; null when not wired. Set once, before serving.
  void setPersonStore(PersonStore* store) { people_ = store; }
  PersonStore* personStore() const { return people_; }

 private:
  struct Entry {
    LandlordRecord record;
    PolicyPtr policy;
    std::unique_ptr<CaseService> service;
  };
  Result<Entry*> entryLocked(LandlordId landlord);
  Result<Entry*> make(const LandlordRecord& record);

  CaseStore& cases_;
  AccountStore& accounts_;
  const TimeSource& time_;
  PolicyPtr default_policy_;
  AttachmentStore* attachments_ = nullptr;
  PersonStore* people_ = nullptr;
  std::mutex mu_;
  std::map<LandlordId, std::unique_ptr<Entry>> entries_;
};

}  // namespace charter
