// Reading request bodies field by field: every error names the field's path
// ("elements[0].finding", "person.name") and a rule ("required", "enum", "format", "too-long",
// "range", "type", "unknown"), with a plain-English message. Internal to the domain layer.
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/result.h"
#include "util/time.h"

// Unwraps a Result into `var`, or returns its error from the enclosing function.
#define CHARTER_TRY(var, expr)                                                 \
  auto var##_result_ = (expr);                                                 \
  if (!var##_result_) return tl::unexpected(std::move(var##_result_.error())); \
  auto var = std::move(*var##_result_)

#define CHARTER_CHECK(expr)                                  \
  do {                                                       \
    auto check_status_ = (expr);                             \
    if (!check_status_) return tl::unexpected(check_status_.error()); \
  } while (false)

namespace charter::fields {

// Length limits (characters).
inline constexpr std::size_t kLongText = 10000;  // summaries, definitions, reasons, evidence
inline constexpr std::size_t kShortText = 200;   // names, handlers, ids
inline constexpr std::size_t kMaxItems = 100;    // elements, remedies, actions

// The dates the calendar can count: 1995-01-01 .. 2099-12-31.
Date earliestDate();
Date latestDate();

// A view of one JSON object at a path ("" for the body, "elements[0]." for an element).
class Reader {
 public:
  Reader(const nlohmann::json& obj, std::string prefix = {})
      : obj_(obj), prefix_(std::move(prefix)) {}

  std::string path(std::string_view key) const { return prefix_ + std::string(key); }
  bool has(std::string_view key) const;  // present and not null
  const nlohmann::json& raw(std::string_view key) const;

  // Refuses keys other than `allowed` (a misspelt "good_reasn" must not vanish silently).
  Status allowOnly(std::span<const std::string_view> allowed,
                   const std::vector<std::string>& extra = {}) const;

  Result<std::string> text(std::string_view key, std::size_t max, bool required) const;
  Result<std::string> oneOf(std::string_view key, std::span<const std::string_view> allowed,
                            bool required) const;
  Result<std::optional<Date>> date(std::string_view key, bool required) const;
  Result<std::optional<Instant>> instant(std::string_view key, bool required) const;
  Result<std::optional<bool>> flag(std::string_view key) const;
  Result<std::optional<double>> number(std::string_view key, double min, double max) const;
  Result<std::vector<std::string>> texts(std::string_view key, std::size_t max_each) const;
  // The array at `key` (empty when absent); each element must be an object.
  Result<std::vector<Reader>> objects(std::string_view key, bool required) const;
  // The object at `key` (an empty object when absent).
  Result<Reader> object(std::string_view key) const;

 private:
  const nlohmann::json& obj_;
  std::string prefix_;
};

// Checks that a body is a JSON object.
Status requireObject(const nlohmann::json& body);

// "code-6.13" from "Code 6.13"; "code-2.2" from "Code 2.2(b)"; `fallback` otherwise.
std::string ruleFromProvision(std::string_view provision, std::string_view fallback);

}  // namespace charter::fields
