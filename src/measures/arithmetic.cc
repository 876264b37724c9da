#include "measures/arithmetic.h"

#include <cmath>

namespace charter::measures {

namespace {
constexpr double kZ = 1.96;
}

double roundHalfUp(double v, int dp) {
  const double scale = std::pow(10.0, dp);
  const double x = v * scale;
  const double nudged = x + (x >= 0 ? 1 : -1) * std::abs(x) * 1e-12;
  return (x >= 0 ? std::floor(nudged + 0.5) : -std::floor(-nudged + 0.5)) / scale;
}

std::optional<double> ratePer1000(double numerator, double homes) {
  if (homes <= 0) return std::nullopt;
  return numerator / homes * 1000.0;
}

std::optional<double> percent(double numerator, double denominator) {
  if (denominator <= 0) return std::nullopt;
  return numerator / denominator * 100.0;
}

double requiredSampleSizeExact(long population, double moe) {
  const double n0 = kZ * kZ * 0.25 / (moe * moe);
  return n0 / (1.0 + (n0 - 1.0) / static_cast<double>(population));
}

std::optional<long> requiredSampleSize(long population, double moe) {
  if (population < 1000) return std::nullopt;
  return static_cast<long>(std::ceil(requiredSampleSizeExact(population, moe) - 1e-9));
}

double achievedMarginOfError(long responses, long population) {
  if (responses <= 0 || population <= 1) return 1.0;
  const double n = static_cast<double>(responses);
  const double N = static_cast<double>(population);
  const double fpc = responses >= population ? 0.0 : std::sqrt((N - n) / (N - 1.0));
  return kZ * std::sqrt(0.25 / n) * fpc;
}

std::optional<double> requiredMarginBand(long population) {
  if (population < 1000) return std::nullopt;
  if (population < 2500) return 0.05;
  if (population < 10000) return 0.04;
  return 0.03;
}

}  // namespace charter::measures
