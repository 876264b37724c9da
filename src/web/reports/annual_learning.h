// The annual report's learning and Ombudsman sections (Code 8.1(c)-(d)), as HTML.
#pragma once

#include <string>

#include "app/reports_service.h"

namespace charter::web {

// "" when the report has no learning figures (no LearningService wired).
std::string learningSectionsHtml(const AnnualReport& r);

}  // namespace charter::web
