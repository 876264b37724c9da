// The timeline's lines say dates in words: an ISO date in an event's data never reaches the page
// (issue 12 item 8; the demo's Ombudsman orders showed "due 2023-10-04").
#include <regex>

#include <gtest/gtest.h>

#include "domain/case.h"
#include "web/aftercare.h"

namespace charter::web {
namespace {

Event event(std::string_view type, nlohmann::json data) {
  Event e;
  e.type = std::string(type);
  e.data = std::move(data);
  return e;
}

bool hasIsoDate(const std::string& text) {
  return std::regex_search(text, std::regex(R"(\b\d{4}-\d{2}-\d{2}\b)"));
}

TEST(EventText, AnOmbudsmanOrderSaysItsDueDateInWords) {
  auto text = aftercareEventText(event(event_type::kOmbudsmanOrdered,
                                       {{"number", 1}, {"order", "Apologise in writing"},
                                        {"due", "2023-10-04"}}));
  EXPECT_EQ(text, "Ombudsman order 1: Apologise in writing (due Wed 4 Oct 2023)");
  EXPECT_FALSE(hasIsoDate(text));
}

TEST(EventText, ADateThatDoesNotParseIsShownAsStored) {
  EXPECT_EQ(dayIn({{"due", "soon"}}, "due"), "soon");
  EXPECT_EQ(dayIn({{"due", "2026-06-29"}}, "due"), "Mon 29 Jun 2026");
}

}  // namespace
}  // namespace charter::web
