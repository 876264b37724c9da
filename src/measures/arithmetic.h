// The arithmetic of the Regulator's Tenant Satisfaction Measures (../shared/reference/tsm.md §5,
// §9): rounding, rates per 1,000 homes, percentages, survey sample sizes and margins of error.
// Values are computed in full precision and rounded only for display and export (1 dp, half up).
#pragma once

#include <optional>

namespace charter::measures {

// Rounds to `dp` decimal places, half up (80.75 -> 80.8). Guards against binary noise
// (0.05 stored as 0.04999...) by nudging with a relative epsilon.
double roundHalfUp(double v, int dp = 1);

// numerator / homes x 1,000; nullopt when there are no homes.
std::optional<double> ratePer1000(double numerator, double homes);
// numerator / denominator x 100; nullopt when the denominator is zero.
std::optional<double> percent(double numerator, double denominator);

// The responses a survey needs for a margin of error `moe` (0.03 = ±3%) at 95% confidence
// with p = 0.5, corrected for a finite population of N households:
//   n0 = 1.96^2 x 0.25 / moe^2;  n = n0 / (1 + (n0 - 1) / N), rounded up.
// Returns nullopt for N < 1,000 (the small-provider regime: no minimum).
std::optional<long> requiredSampleSize(long population, double moe);
// The unrounded n of requiredSampleSize (for tests against published figures).
double requiredSampleSizeExact(long population, double moe);

// The margin of error achieved with n responses from N households (95%, p = 0.5), as a
// fraction (0.029 = ±2.9%): 1.96 x sqrt(0.25 / n) x sqrt((N - n) / (N - 1)).
double achievedMarginOfError(long responses, long population);

// The accuracy band required for N households (tsm.md §5.3, band edges inferred there):
// ±3% for N >= 10,000, ±4% for 2,500 <= N < 10,000, ±5% for 1,000 <= N < 2,500; nullopt
// below 1,000 (the small-provider regime).
std::optional<double> requiredMarginBand(long population);

}  // namespace charter::measures
