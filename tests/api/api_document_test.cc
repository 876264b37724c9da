// The OpenAPI document matches the router: every /api/v1 route that `charter serve` adds (the
// case, data protection, learning and reports routes) is in /api/v1/openapi.json with its
// method, and every operation the document describes is a route. Built over a real SQLite
// file, as `charter serve` builds it; no handler is called.
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "api/api.h"
#include "api/attachments_api.h"
#include "api/health_api.h"
#include "api/learning_api.h"
#include "api/mail_in_api.h"
#include "store/core/mail_store.h"
#include "api/letters_api.h"
#include "app/letter_service.h"
#include "api/measures_api.h"
#include "store/core/attachment_store.h"
#include "api/restrictions_api.h"
#include "api/self_assessment_api.h"
#include "api/services_api.h"
#include "api/messages_api.h"
#include "api/surveys_api.h"
#include "store/core/survey_store.h"
#include "store/sqlite/account_store.h"
#include "store/sqlite/sql_database.h"
#include "store/sqlite/learning_store.h"
#include "store/sqlite/person_store.h"
#include "store/sqlite/self_assessment_store.h"
#include "store/sqlite/sqlite_store.h"

namespace charter::api {
namespace {

using Operation = std::pair<std::string, std::string>;  // {"GET", "/api/v1/cases/{id}"}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

class apiDocument : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("charter-api-doc-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    SqliteOptions o;
    o.path = dir_ / "t.db";
    o.synchronous_full = false;
    store_ = SqliteStore::open(o).value();
    auto policy = builtinPolicy("hos-code-2024").value();
    account_store_ = std::make_unique<SqliteAccountStore>(*store_);
    registry_ = std::make_unique<LandlordRegistry>(*store_, *account_store_, time_, policy);
    accounts_ = makeAccountService(*account_store_, time_);
    cases_ = std::make_unique<AuthorisedCases>(*registry_);
    learning_store_ = SqliteLearningStore::open(o.path).value();
    learning_ = std::make_unique<LearningService>(*learning_store_, policy, time_);

    addRoutes(router_, *cases_, *accounts_, [] { return true; });
    addHealthRoutes(router_, {});
    addLearningRoutes(router_, *learning_, *accounts_);
    letters_ = std::make_unique<LetterService>(*cases_, LetterTemplates({}));
    addLetterRoutes(router_, *letters_, *accounts_);
    attachment_store_ = std::make_unique<store_core::SqlAttachmentStore>(
        std::make_unique<sqlite::StoreDatabase>(*store_));
    attachments_ = std::make_unique<AttachmentService>(*cases_, *attachment_store_);
    addAttachmentRoutes(router_, *attachments_, *accounts_);
    mail_store_ = std::make_unique<store_core::SqlMailStore>(
        std::make_unique<sqlite::StoreDatabase>(*store_));
    mail_ = std::make_unique<MailIn>(*cases_, *attachments_, *mail_store_,
                                     [](std::string_view) { return InboundMail{}; });
    addMailInRoutes(router_, *mail_, *accounts_);
    ReportServiceFor none = [](LandlordId) -> Result<ReportService*> {
      return notFound("no reports in this test");
    };
    addMeasureRoutes(router_, *accounts_, none, PublicReports{1, [] { return Date{}; }});
    addServiceRoutes(router_, *accounts_, none);
    messages_ = std::make_unique<CaseMessages>(*cases_, nullptr);
    addMessageRoutes(router_, *messages_, *accounts_);
    survey_store_ = std::make_unique<store_core::SqlSurveyStore>(
        std::make_unique<sqlite::StoreDatabase>(*store_));
    surveys_ = std::make_unique<Surveys>(*cases_, *survey_store_, time_);
    addSurveyRoutes(router_, *surveys_, *accounts_);
    people_ = std::make_unique<SqlitePersonStore>(*store_);
    restrictions_ = std::make_unique<RestrictionService>(*people_, *registry_);
    addRestrictionRoutes(router_, *restrictions_, *accounts_);
    sa_store_ = std::make_unique<SqliteSelfAssessmentStore>(*store_);
    self_assessment_ = std::make_unique<SelfAssessmentService>(*sa_store_, none, time_);
    addSelfAssessmentRoutes(router_, *self_assessment_, *accounts_, 1);
  }
  void TearDown() override {
    self_assessment_.reset();
    sa_store_.reset();
    surveys_.reset();
    survey_store_.reset();
    mail_.reset();
    mail_store_.reset();
    attachments_.reset();
    attachment_store_.reset();
    restrictions_.reset();
    people_.reset();
    letters_.reset();
    learning_.reset();
    learning_store_.reset();
    cases_.reset();
    accounts_.reset();
    registry_.reset();
    account_store_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::set<Operation> routed() const {
    std::set<Operation> out;
    for (const auto& [method, pattern] : router_.routes()) {
      if (pattern.rfind("/api/v1/", 0) == 0) out.emplace(method, pattern);
    }
    return out;
  }
  static std::set<Operation> documented() {
    std::set<Operation> out;
    for (const auto& [path, item] : openApiDocument()["paths"].items()) {
      for (const auto& [method, op] : item.items()) {
        if (op.is_object() && op.contains("responses")) out.emplace(upper(method), path);
      }
    }
    return out;
  }

  std::filesystem::path dir_;
  SystemTimeSource time_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<SqliteAccountStore> account_store_;
  std::unique_ptr<LandlordRegistry> registry_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<AuthorisedCases> cases_;
  std::unique_ptr<CaseMessages> messages_;
  std::unique_ptr<SurveyStore> survey_store_;
  std::unique_ptr<Surveys> surveys_;
  std::unique_ptr<LetterService> letters_;
  std::unique_ptr<AttachmentStore> attachment_store_;
  std::unique_ptr<AttachmentService> attachments_;
  std::unique_ptr<MailStore> mail_store_;
  std::unique_ptr<MailIn> mail_;
  std::unique_ptr<SqliteLearningStore> learning_store_;
  std::unique_ptr<LearningService> learning_;
  std::unique_ptr<SqlitePersonStore> people_;
  std::unique_ptr<RestrictionService> restrictions_;
  std::unique_ptr<SqliteSelfAssessmentStore> sa_store_;
  std::unique_ptr<SelfAssessmentService> self_assessment_;
  http::Router router_;
};

TEST_F(apiDocument, EveryRouteIsDocumentedWithItsMethod) {
  const auto doc = documented();
  for (const auto& op : routed()) {
    EXPECT_TRUE(doc.count(op)) << op.first << " " << op.second << " is not in openapi.json";
  }
}

TEST_F(apiDocument, EveryDocumentedOperationIsARoute) {
  const auto routes = routed();
  for (const auto& op : documented()) {
    EXPECT_TRUE(routes.count(op)) << op.first << " " << op.second
                                  << " is in openapi.json but not routed";
  }
}

TEST_F(apiDocument, PathParametersAreDeclared) {
  for (const auto& [path, item] : openApiDocument()["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters") continue;  // the path item's own, shared by its operations
      std::set<std::string> declared;
      auto parameters = op.value("parameters", nlohmann::json::array());
      for (const auto& p : item.value("parameters", nlohmann::json::array())) parameters.push_back(p);
      for (const auto& p : parameters) {
        std::string name = p.value("name", "");
        if (p.contains("$ref")) {
          const std::string ref = p["$ref"];
          name = openApiDocument()["components"]["parameters"][ref.substr(ref.rfind('/') + 1)]
                     .value("name", "");
        }
        declared.insert(name);
      }
      for (std::size_t at = path.find('{'); at != std::string::npos; at = path.find('{', at + 1)) {
        const std::string name = path.substr(at + 1, path.find('}', at) - at - 1);
        EXPECT_TRUE(declared.count(name)) << method << " " << path << " does not declare " << name;
      }
    }
  }
}

}  // namespace
}  // namespace charter::api
