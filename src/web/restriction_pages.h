// Contact warnings and restrictions in the staff pages (app/restriction_service.h): the banner
// on every case of a restricted person, the person's restrictions page with its forms (warn,
// impose, review, lift), the letters, and My work's review dates. Staff only: the portal never
// shows any of it. Nothing here when WebOptions::restrictions is not set.
#pragma once

#include <string>

#include "web/internal.h"

namespace charter::web {

// The GOV.UK notification banner for a case whose person has a restriction in force ("" when
// none, or the person is not known by reference).
std::string restrictionBanner(Ctx& ctx, const Visit& v, const CaseState& s);
// "/staff/people/{ref}/restrictions" for the case's person ("" when not known by reference).
std::string restrictionsHref(const Ctx& ctx, const Visit& v, const CaseState& s);
// My work's "Restriction reviews" section: every restriction in force, by review date ("" when
// there are none).
std::string restrictionReviewsSection(Ctx& ctx, const Visit& v, Date today);
// GET/POST /staff/people/{ref}/restrictions, POST .../{number}, GET .../letters/{seq}.
void addRestrictionPages(http::Router& router, Ctx& ctx);

}  // namespace charter::web
