// The GOV.UK date input (day, month and year as three fields) and reading it back: a form's
// date is sent as <name>-day, <name>-month and <name>-year, and an error says what is wrong
// ("must include a month", "must be a real date") with only the wrong parts highlighted.
#pragma once

#include "util/i18n.h"

#include <optional>
#include <string>
#include <vector>

#include "calendar/working_calendar.h"
#include "util/time.h"
#include "web/components.h"

namespace charter::web {

struct DateParts {
  std::string day, month, year;
  bool empty() const { return day.empty() && month.empty() && year.empty(); }
};

// The parts as typed (name-day, name-month, name-year); when the form has none of them and
// `fallback` is "YYYY-MM-DD" (a date the case already holds), its parts.
DateParts datePartsOf(const Form& f, const std::string& name, const std::string& fallback = {});

// The three inputs in a fieldset whose legend is `legend`. Its error is found under the id of
// any part (fieldId(name) + "-day" / "-month" / "-year"); a part is highlighted when its own
// id is in the errors or in errors.highlight. The parts' labels ("Day", "Month", "Year") are in
// `lang`.
std::string dateInput(const std::string& name, const std::string& legend, const DateParts& value,
                      const FormErrors& errors, const std::string& hint = {},
                      i18n::Lang lang = i18n::Lang::kEn);

// Reads the parts. `noun` names the date in messages ("the new response date"). An empty
// input is nullopt with no error unless `required`. On an error, the message is added to
// `errors` under the first wrong part's id and the other wrong parts go in errors.highlight.
struct DateRead {
  std::optional<Date> date;
  bool ok = true;
};
DateRead readDate(const DateParts& parts, const std::string& name, const std::string& noun,
                  bool required, FormErrors& errors);

// An error the app reported on a date field (e.g. "new_due": not a working day) points at the
// date input's first part and marks every part, so the summary link lands on an input.
void pointAtDateParts(FormErrors& errors, const std::vector<std::string>& date_ids);

// When a contact was received, from the date input and an optional time ("17:30", 24-hour) in
// the landlord's local time. No date: `now`. A date but no time: `now` when the date is
// today, else midday. Errors go in `errors` under "received_at" / "received_at_time".
std::optional<Instant> receivedInstant(const Form& f, const WorkingCalendar& calendar, Instant now,
                                       FormErrors& errors);

}  // namespace charter::web
