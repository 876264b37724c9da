// The language of a resident-facing page: English or Welsh (util/i18n.h), chosen by the page's
// language switch (?lang=cy or ?lang=en, remembered in the `lang` cookie), else by the signed-in
// resident's recorded language, else English. Staff pages stay English.
//
// Templates read the words as {{t.<key>}} (words()); code reads them with tr().
//
// Cost: words() copies the catalogue (a few hundred short strings) for each page. Threading:
// safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/server.h"
#include "util/i18n.h"
#include "web/layout.h"

namespace charter::web {

inline constexpr std::string_view kLanguageCookie = "lang";

// The page's language: ?lang=, then the `lang` cookie, then `person_language` (free text as
// recorded, util/i18n.h personLanguage), then English.
i18n::Lang pageLanguage(const http::Request& req, std::string_view person_language = {});

// Every catalogue word in `l`, as a JSON object for a template's "t".
nlohmann::json words(i18n::Lang l);
// One word.
std::string tr(i18n::Lang l, std::string_view key);

// The public pages' navigation in `l` (Make a complaint, Our promises, You said we did, Sign
// in), the item for `active_path` marked current.
std::vector<NavItem> publicNav(i18n::Lang l, std::string_view active_path = {});

// `r` with the `lang` cookie set when the request chose a language (?lang=en|cy).
http::Response rememberLanguage(const http::Request& req, http::Response r);

}  // namespace charter::web
