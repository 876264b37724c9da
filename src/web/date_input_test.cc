// The GOV.UK date input: what is wrong with a typed date, and which parts are highlighted.
#include "web/date_input.h"

#include <gtest/gtest.h>

#include "policy/policy.h"

namespace charter::web {
namespace {

DateRead read(DateParts p, FormErrors& e, bool required = true) {
  return readDate(p, "new_due", "the new response date", required, e);
}

TEST(DateInput, ARealDateIsRead) {
  FormErrors e;
  auto d = read({"3", "4", "2026"}, e);
  ASSERT_TRUE(d.date);
  EXPECT_EQ(formatDate(*d.date), "2026-04-03");
  EXPECT_TRUE(e.empty());
  EXPECT_FALSE(read({"", "", ""}, e, false).date);  // optional and blank: no date, no error
  EXPECT_TRUE(e.empty());
}

TEST(DateInput, EachWrongPartIsNamedAndOnlyItIsHighlighted) {
  FormErrors e;
  EXPECT_FALSE(read({"", "", ""}, e).ok);
  EXPECT_EQ(e.items[0], (std::pair<std::string, std::string>{"new_due-day", "Enter the new response date"}));
  e = {};
  read({"3", "", ""}, e);
  EXPECT_EQ(e.items[0], (std::pair<std::string, std::string>{"new_due-month", "The new response date must include a month and year"}));
  EXPECT_EQ(e.highlight, std::vector<std::string>{"new_due-year"});
  e = {};
  read({"30", "2", "2026"}, e);
  EXPECT_EQ(e.items[0].first, "new_due-day");
  EXPECT_EQ(e.items[0].second, "The new response date must be a real date");
  e = {};
  read({"3", "x", "2026"}, e);
  EXPECT_EQ(e.items[0].first, "new_due-month");
  EXPECT_TRUE(e.highlight.empty());
  e = {};
  read({"3", "4", "26"}, e);
  EXPECT_EQ(e.items[0].first, "new_due-year");
  EXPECT_EQ(e.items[0].second, "The year of the new response date must include 4 numbers");
  // The rendered input marks the wrong part only, and the message sits in the fieldset.
  e = {};
  read({"3", "", "2026"}, e);
  std::string html = dateInput("new_due", "New response date", {"3", "", "2026"}, e);
  EXPECT_NE(html.find("govuk-input--error\" id=\"new_due-month\""), std::string::npos);
  EXPECT_EQ(html.find("govuk-input--error\" id=\"new_due-day\""), std::string::npos);
  EXPECT_NE(html.find("id=\"new_due-error\""), std::string::npos);
  EXPECT_NE(html.find("value=\"3\""), std::string::npos);
}

TEST(DateInput, AnAppErrorOnTheDateMarksEveryPart) {
  FormErrors e;
  e.add("new_due", "The new response date is not a working day");
  pointAtDateParts(e, {"new_due"});
  EXPECT_EQ(e.items[0].first, "new_due-day");
  std::string html = dateInput("new_due", "New response date", {"7", "2", "2026"}, e);
  EXPECT_NE(html.find("govuk-input--error\" id=\"new_due-year\""), std::string::npos);
  EXPECT_NE(html.find("govuk-input--error\" id=\"new_due-day\""), std::string::npos);
}

TEST(DateInput, AReceivedTimeIsTheLandlordsLocalTime) {
  auto policy = builtinPolicy("hos-code-2024").value();
  const Instant now = *parseInstant("2025-06-20T09:00:00Z");
  auto at = [&](std::string body) {
    FormErrors e;
    auto t = receivedInstant(*Form::parse(body), *policy->working_calendar, now, e);
    return t ? formatInstant(*t) : "error: " + (e.empty() ? std::string() : e.items[0].second);
  };
  EXPECT_EQ(at(""), "2025-06-20T09:00:00Z");  // blank: now
  EXPECT_EQ(at("received_at-day=20&received_at-month=6&received_at-year=2025"), "2025-06-20T09:00:00Z");
  EXPECT_EQ(at("received_at-day=5&received_at-month=1&received_at-year=2025&received_at_time=17:30"), "2025-01-05T17:30:00Z");
  EXPECT_EQ(at("received_at-day=13&received_at-month=6&received_at-year=2025&received_at_time=17:30"), "2025-06-13T16:30:00Z");
  EXPECT_EQ(at("received_at-day=30&received_at-month=3&received_at-year=2025&received_at_time=01:30"),
            "error: That time does not exist on that day (the clocks went forward)");
  EXPECT_EQ(at("received_at_time=7pm"),
            "error: Enter the time on the 24-hour clock as hours and minutes, for example 17:30");
}

}  // namespace
}  // namespace charter::web
