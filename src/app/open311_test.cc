// Open311 reports and filters (app/open311.h) without a server: the services a policy offers,
// a report's form fields as the POST /cases body, and the list filters, each rule naming the
// parameter it breaks.
#include "app/open311.h"

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

namespace charter {
namespace {

using nlohmann::json;

PolicyPtr seed003() {
  static PolicyPtr p = [] {
    const char* dir = std::getenv("CHARTER_SOURCE_DIR");
    return loadPolicyFile(std::filesystem::path(dir ? dir : ".") / "policies" / "example-003.toml")
        .value();
  }();
  return p;
}

Instant now() { return parseInstant("2025-03-24T10:00:00Z").value(); }

Open311Fields report(std::initializer_list<std::pair<const std::string, std::string>> extra = {}) {
  Open311Fields f = {{"service_code", "urgent"}, {"lat", "51.5034"}, {"long", "-0.1276"},
                     {"description", "Leak"},    {"first_name", "Ada"}, {"last_name", "Lovelace"},
                     {"email", "ada@example.org"}};
  for (const auto& [k, v] : extra) {
    f.erase(k);
    if (!v.empty()) f.emplace(k, v);
  }
  return f;
}

Error failure(const Open311Fields& f) {
  auto body = open311CaseBody(f, *seed003(), now());
  EXPECT_FALSE(body) << body->dump();
  return body ? Error{} : body.error();
}

TEST(Open311, ServicesAreThePolicysRepairPriorities) {
  auto services = open311Services(*seed003());
  ASSERT_EQ(services.size(), 3u);
  for (const auto& s : services) {
    EXPECT_EQ(s.code, s.category);
    if (s.code == "emergency") EXPECT_EQ(s.description, "Within 24 hours.");
    if (s.code == "routine") EXPECT_EQ(s.description, "Within 20 working days.");
  }
  auto general = open311Services(*builtinPolicy("hos-code-2024").value());
  ASSERT_EQ(general.size(), 1u);
  EXPECT_EQ(general[0].code, "service_request");
  EXPECT_EQ(general[0].category, "");
}

TEST(Open311, AReportIsAServiceRequestReceivedNowOnTheWebForm) {
  auto body = open311CaseBody(report({{"media_url", "https://example.org/p.jpg"}}), *seed003(),
                              now());
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ((*body)["kind"], "service_request");
  EXPECT_EQ((*body)["channel"], "web_form");
  EXPECT_EQ((*body)["received_at"], "2025-03-24T10:00:00Z");
  EXPECT_EQ((*body)["category"], "urgent");
  EXPECT_EQ((*body)["summary"], "Leak\n\nPhoto: https://example.org/p.jpg");
  EXPECT_EQ((*body)["person"], (json{{"name", "Ada Lovelace"}, {"email", "ada@example.org"}}));
  EXPECT_EQ((*body)["location"], (json{{"latitude", 51.5034}, {"longitude", -0.1276}}));
}

TEST(Open311, AnAddressIdStandsForTheAddress) {
  auto body = open311CaseBody(report({{"lat", ""}, {"long", ""}, {"address_id", "UPRN 100023"}}),
                              *seed003(), now());
  ASSERT_TRUE(body);
  EXPECT_EQ((*body)["location"], (json{{"address", "UPRN 100023"}}));
}

TEST(Open311, EachRuleNamesItsParameter) {
  struct Case {
    std::initializer_list<std::pair<const std::string, std::string>> change;
    const char* field;
    const char* rule;
  };
  for (const Case& c : std::initializer_list<Case>{
           {{{"service_code", ""}}, "service_code", "required"},
           {{{"service_code", "potholes"}}, "service_code", "enum"},
           {{{"lat", ""}, {"long", ""}}, "location", "required"},
           {{{"long", ""}}, "long", "required"},
           {{{"lat", "-90.5"}}, "lat", "range"},
           {{{"long", "1e999"}}, "long", "format"},
           {{{"lat", "51.5N"}}, "lat", "format"},
           {{{"email", "@example.org"}}, "email", "format"},
           {{{"description", std::string(10001, 'x')}}, "description", "too-long"}}) {
    Error e = failure(report(c.change));
    EXPECT_EQ(e.field, c.field);
    EXPECT_EQ(e.rule, c.rule) << c.field;
  }
}

TEST(Open311, FiltersAreReadAndChecked) {
  auto f = open311FilterOf({{"service_request_id", "CH-000001, 2,,"},
                            {"status", "open,closed"},
                            {"start_date", "2025-01-01T00:00:00Z"}});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->ids, (std::vector<std::string>{"CH-000001", "2"}));
  EXPECT_EQ(f->statuses.size(), 2u);
  EXPECT_TRUE(f->start);
  EXPECT_EQ(open311FilterOf({{"status", "pending"}}).error().field, "status");
  EXPECT_EQ(open311FilterOf({{"end_date", "2025-01-01"}}).error().rule, "format");
  EXPECT_EQ(open311FilterOf({{"start_date", "2025-01-02T00:00:00Z"},
                             {"end_date", "2025-01-01T00:00:00Z"}})
                .error()
                .rule,
            "not-later");
  EXPECT_EQ(open311CaseId("CH-000123"), 123);
  EXPECT_EQ(open311CaseId("123"), 123);
  EXPECT_FALSE(open311CaseId("CH-"));
  EXPECT_FALSE(open311CaseId("banana"));
  EXPECT_EQ(open311Status(CaseStatus::kResponded), "closed");
  EXPECT_EQ(open311Status(CaseStatus::kOpen), "open");
}

}  // namespace
}  // namespace charter
