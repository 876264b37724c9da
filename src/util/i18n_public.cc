// The public performance pages' words (util/i18n.h): Our promises, You said we did and the
// published complaint handling self-assessment. The figures and the landlord's own words (its
// promises, what residents said and what it did) are data and stay as written.
#include "util/i18n.h"

namespace charter::i18n {
namespace {

constexpr Entry kPublicWords[] = {
    {"public_placeholder", "Placeholder", "Dalfan"},
};

}  // namespace

std::span<const Entry> publicEntries() { return kPublicWords; }

}  // namespace charter::i18n
