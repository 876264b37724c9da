#include "policy/wait_rule.h"

#include <charconv>

#include <fmt/format.h>

namespace charter {

namespace {

struct WaitWords {
  std::string_view unit;
  std::string_view subset;
};

WaitWords wordsFor(std::string_view type) {
  if (type == "calls_percent") return {"s", "transferred"};
  return {"min", "another_officer"};
}

}  // namespace

bool isWaitMeasure(std::string_view type) {
  return type == "calls_percent" || type == "visits_percent";
}

std::string waitVariant(std::string_view type, const WaitRule& rule) {
  const WaitWords w = wordsFor(type);
  if (rule.subset) return fmt::format("{}{} {}", rule.within, w.unit, w.subset);
  return fmt::format("{}{}", rule.within, w.unit);
}

std::optional<WaitRule> parseWaitVariant(std::string_view type, std::string_view variant) {
  if (!isWaitMeasure(type)) return std::nullopt;
  const WaitWords w = wordsFor(type);
  WaitRule rule;
  auto [end, ec] = std::from_chars(variant.data(), variant.data() + variant.size(), rule.within);
  if (ec != std::errc() || rule.within <= 0) return std::nullopt;
  std::string_view rest(end, static_cast<std::size_t>(variant.data() + variant.size() - end));
  if (rest.substr(0, w.unit.size()) != w.unit) return std::nullopt;
  rest.remove_prefix(w.unit.size());
  if (rest.empty()) return rule;
  if (rest.size() != w.subset.size() + 1 || rest[0] != ' ' || rest.substr(1) != w.subset)
    return std::nullopt;
  rule.subset = true;
  return rule;
}

}  // namespace charter
