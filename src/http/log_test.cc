#include "http/log.h"

#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

namespace charter::http::log {
namespace {

using nlohmann::json;

// Points the default logger at a string for the test, in the format given; restores it after.
class LogTest : public ::testing::Test {
 protected:
  void capture(Format f) {
    sink_ = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    auto logger = std::make_shared<spdlog::logger>("test", sink_);
    logger->set_level(spdlog::level::info);
    previous_ = spdlog::default_logger();
    spdlog::set_default_logger(logger);
    useFormat(f);
  }
  void TearDown() override {
    useFormat(Format::kText);
    if (previous_) spdlog::set_default_logger(previous_);
  }
  std::vector<std::string> lines() const {
    std::vector<std::string> v;
    std::istringstream in(out_.str());
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
  }

  std::ostringstream out_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(LogTest, AnAccessEventIsOneJsonObjectWithItsFieldsAtTheTop) {
  capture(Format::kJson);
  event(spdlog::level::info, "request",
        {{"remote", "10.0.0.7"}, {"method", "POST"}, {"target", "/api/v1/cases?q=\"x\"\n"},
         {"status", 201LL}, {"ms", 3.26}, {"request_id", "abc-1"}});
  const auto l = lines();
  ASSERT_EQ(l.size(), 1u);
  const json j = json::parse(l[0]);
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["msg"], "request");
  EXPECT_EQ(j["target"], "/api/v1/cases?q=\"x\"\n");  // quotes and a newline stay one line
  EXPECT_EQ(j["status"], 201);
  EXPECT_DOUBLE_EQ(j["ms"].get<double>(), 3.3);  // one decimal: ms to a tenth
  EXPECT_EQ(j["request_id"], "abc-1");
  EXPECT_TRUE(std::regex_match(j["time"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << j["time"];
}

TEST_F(LogTest, AnyOtherLineIsAJsonObjectWithItsMessage) {
  capture(Format::kJson);
  spdlog::warn("accept failed: {}", "too many \"files\" \xff");  // invalid UTF-8 replaced
  const auto l = lines();
  ASSERT_EQ(l.size(), 1u);
  const json j = json::parse(l[0]);
  EXPECT_EQ(j["level"], "warning");
  EXPECT_EQ(j["msg"].get<std::string>().rfind("accept failed: too many \"files\" ", 0), 0u);
}

TEST_F(LogTest, TextModeWritesTheFieldsAsKeyValuePairs) {
  capture(Format::kText);
  event(spdlog::level::info, "request", {{"status", 404LL}, {"request_id", "r-9"}});
  const auto l = lines();
  ASSERT_EQ(l.size(), 1u);
  EXPECT_NE(l[0].find("request status=404 request_id=r-9"), std::string::npos) << l[0];
}

TEST_F(LogTest, NothingIsWrittenBelowTheLevel) {
  capture(Format::kJson);
  event(spdlog::level::debug, "request", {{"status", 200LL}});
  EXPECT_TRUE(lines().empty());
}

}  // namespace
}  // namespace charter::http::log
