// The page templates: Mustache files under templates/pages (whole pages and the layout) and
// templates/partials (the GOV.UK Frontend components: table, summary list, tag, button, error
// summary, form inputs...), compiled into the binary, which a landlord may override file by
// file with a folder of its own (`charter serve --page-templates DIR`, holding pages/*.mustache
// and partials/*.mustache), as it overrides its letters.
//
// A template names a partial by its path: {{> partials/table}}. Every partial is available to
// every template. {{x}} is HTML-escaped (& < > " and ' as &#39;, as escape() does); {{{x}}} is
// already-escaped HTML made by a component. An empty string, null or false is false in a
// section ({{#x}}...{{/x}}).
//
// Cost: the folder is read once, when it is set, and each template's partials are then written
// into it in place, so a template is parsed once per thread (not a partial once per use: a
// table of 200 rows parsed its cell partial 800 times); a render walks the parsed template and
// converts `data` to kainjow's form. Thread-safety: usePageTemplateFolder is called at
// start-up, before the server takes requests; rendering is safe from any number of threads
// (each thread keeps its own parsed templates).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/result.h"

namespace charter::web {

// Reads every pages/*.mustache and partials/*.mustache in `folder`: each one replaces the
// built-in file of the same name from then on. An empty path restores the built-in set.
// kInvalid when a file there is not a valid template (named in the message).
Status usePageTemplateFolder(const std::filesystem::path& folder);

// Renders "pages/<name>" or "partials/<name>" with `data`. A template that fails to render is
// a programming or overriding error: it throws std::runtime_error naming the template (the
// HTTP edge answers 500 with a request id).
std::string renderTemplate(std::string_view name, const nlohmann::json& data);

// The names of every template the binary carries ("pages/layout", "partials/table", ...).
std::vector<std::string> builtinTemplateNames();

}  // namespace charter::web
