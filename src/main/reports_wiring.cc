#include "main/reports_wiring.h"

#include <map>
#include <mutex>

#include <spdlog/spdlog.h>

#include "api/measures_api.h"
#include "api/self_assessment_api.h"
#include "api/services_api.h"
#include "app/self_assessment.h"
#include "app/reports_service.h"
#include "web/reports/reception_pages.h"
#include "web/reports/report_pages.h"
#include "web/reports/self_assessment_pages.h"
#include "web/reports/service_pages.h"

namespace charter {

namespace {

// Each landlord's report store (its own connection, scoped to that landlord) and service.
class Reports {
 public:
  Reports(ReportStoreOpener open_store, LandlordRegistry& landlords, LearningService* learning)
      : open_store_(std::move(open_store)), landlords_(landlords), learning_(learning) {}

  Result<ReportService*> forLandlord(LandlordId id) {
    std::lock_guard lock(mu_);
    if (auto it = open_.find(id); it != open_.end()) return it->second.service.get();
    auto policy = landlords_.policy(id);  // kNotFound for a landlord that does not exist
    if (!policy) return tl::unexpected(policy.error());
    auto opened = open_store_(id);
    if (!opened) return tl::unexpected(opened.error());
    Entry& e = open_[id];
    e.store = std::move(*opened);
    e.service = std::make_unique<ReportService>(*e.store, std::move(*policy));
    // The annual report's learning and Ombudsman sections, for this landlord.
    if (learning_) e.service->setLearning(learning_, id);
    if (auto record = landlords_.landlord(id); record && !record->name.empty())
      e.service->setLandlordName(record->name);
    return e.service.get();
  }

 private:
  struct Entry {
    std::unique_ptr<ReportStore> store;
    std::unique_ptr<ReportService> service;
  };
  ReportStoreOpener open_store_;
  LandlordRegistry& landlords_;
  LearningService* learning_;
  std::mutex mu_;
  std::map<LandlordId, Entry> open_;
};
}  // namespace

std::shared_ptr<void> addReports(http::Router& router, ReportStoreOpener open_store,
                                 AccountService& accounts,
                                 LandlordRegistry& landlords, const TimeSource& time,
                                 const std::string& public_landlord_slug,
                                 LearningService* learning,
                                 SelfAssessmentStore* self_assessments,
                                 std::function<void(SelfAssessmentService*)> ready) {
  auto reports = std::make_shared<Reports>(std::move(open_store), landlords, learning);
  LandlordId public_landlord = 1;
  if (auto record = landlords.bySlug(public_landlord_slug)) public_landlord = record->id;
  if (auto first = reports->forLandlord(public_landlord); !first) {
    spdlog::error("reports: {}", first.error().message);
    return nullptr;
  }
  ReportServiceFor for_landlord = [r = reports.get()](LandlordId id) { return r->forLandlord(id); };
  // The landlord's own calendar decides "today" (a late evening in BST is already tomorrow).
  auto today = [&time, r = reports.get(), public_landlord] {
    auto service = r->forLandlord(public_landlord);
    const Policy* p = service ? &(*service)->policy() : nullptr;
    return p && p->working_calendar ? p->working_calendar->localDate(time.now())
                                    : std::chrono::floor<std::chrono::days>(time.now());
  };
  api::addMeasureRoutes(router, accounts, for_landlord, api::PublicReports{public_landlord, today});
  web::addReportPages(router, accounts, for_landlord, public_landlord, today);
  api::addServiceRoutes(router, accounts, for_landlord);
  web::addServicePages(router, accounts, for_landlord);
  web::addReceptionPages(router, accounts, for_landlord, time);
  if (self_assessments == nullptr) return reports;
  struct Wired {
    std::shared_ptr<Reports> reports;
    std::unique_ptr<SelfAssessmentService> self_assessment;
  };
  auto wired = std::make_shared<Wired>();
  wired->reports = reports;
  wired->self_assessment =
      std::make_unique<SelfAssessmentService>(*self_assessments, for_landlord, time);
  api::addSelfAssessmentRoutes(router, *wired->self_assessment, accounts, public_landlord);
  web::addSelfAssessmentPages(router, accounts, *wired->self_assessment, public_landlord);
  if (ready) ready(wired->self_assessment.get());
  return wired;
}

}  // namespace charter
