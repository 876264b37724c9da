#include "app/landlords.h"

#include <fmt/format.h>

namespace charter {

LandlordRegistry::LandlordRegistry(CaseStore& cases, AccountStore& accounts,
                                   const TimeSource& time, PolicyPtr default_policy)
    : cases_(cases), accounts_(accounts), time_(time),
      default_policy_(std::move(default_policy)) {}

Result<LandlordRegistry::Entry*> LandlordRegistry::make(const LandlordRecord& record) {
  auto entry = std::make_unique<Entry>();
  entry->record = record;
  if (record.policy_toml.empty()) {
    entry->policy = default_policy_;
  } else {
    auto p = parsePolicy(record.policy_toml, record.policy_source);
    if (!p) {
      Error e = p.error();
      e.message = fmt::format("the policy of landlord '{}' ({}): {}", record.slug,
                              record.policy_source, e.message);
      return tl::unexpected(e);
    }
    entry->policy = *p;
  }
  entry->service = std::make_unique<CaseService>(cases_, entry->policy, time_, record.id);
  Entry* raw = entry.get();
  entries_[record.id] = std::move(entry);
  return raw;
}

Status LandlordRegistry::load() {
  auto all = accounts_.landlords();
  if (!all) return tl::unexpected(all.error());
  std::lock_guard lock(mu_);
  for (const auto& l : *all) {
    if (auto e = make(l); !e) return tl::unexpected(e.error());
  }
  return {};
}

Result<LandlordRegistry::Entry*> LandlordRegistry::entryLocked(LandlordId landlord) {
  if (auto it = entries_.find(landlord); it != entries_.end()) return it->second.get();
  // Added since start-up (by `charter landlord add` or another process)?
  auto all = accounts_.landlords();
  if (!all) return tl::unexpected(all.error());
  for (const auto& l : *all) {
    if (l.id == landlord) return make(l);
  }
  return notFound(fmt::format("There is no landlord {}.", landlord));
}

Result<CaseService*> LandlordRegistry::cases(LandlordId landlord) {
  std::lock_guard lock(mu_);
  auto e = entryLocked(landlord);
  if (!e) return tl::unexpected(e.error());
  return (*e)->service.get();
}

Result<LandlordRecord> LandlordRegistry::landlord(LandlordId landlord) {
  std::lock_guard lock(mu_);
  auto e = entryLocked(landlord);
  if (!e) return tl::unexpected(e.error());
  return (*e)->record;
}

Result<PolicyPtr> LandlordRegistry::policy(LandlordId landlord) {
  std::lock_guard lock(mu_);
  auto e = entryLocked(landlord);
  if (!e) return tl::unexpected(e.error());
  return (*e)->policy;
}

Result<LandlordRecord> LandlordRegistry::bySlug(std::string_view slug) {
  auto l = accounts_.landlordBySlug(slug);
  if (!l) return tl::unexpected(l.error());
  if (!*l) return notFound(fmt::format("There is no landlord '{}'.", slug));
  return **l;
}

}  // namespace charter
