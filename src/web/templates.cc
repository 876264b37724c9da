#include "web/templates.h"

#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "web/layout.h"

namespace charter::web {

// templates_builtin.cc, generated at build time (cmake/embed_templates.cmake).
const std::vector<std::pair<std::string_view, std::string_view>>& builtinPageTemplateFiles();

namespace {

namespace mst = kainjow::mustache;
using nlohmann::json;
using Files = std::map<std::string, std::string, std::less<>>;

// A file's final newline is not part of its template (a component renders inline).
std::string withoutFinalNewline(std::string text) {
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// Each template with its partials written in place, recursively: {{> partials/x}} becomes the
// text of partials/x. Mustache renders a partial in the caller's context and line, so the text
// in place renders the same, but is parsed once with its template instead of at every use (a
// table's cell partial was parsed once a cell). A tag naming no template, or nested deeper than
// kDepth (a partial that includes itself), is left as it is.
Files withPartialsInPlace(const Files& files) {
  static const std::regex tag(R"(\{\{>\s*([^}\s]+)\s*\}\})");
  constexpr int kDepth = 16;
  std::function<std::string(const std::string&, int)> expand = [&](const std::string& text,
                                                                    int depth) {
    std::string out;
    auto last = text.cbegin();
    for (std::sregex_iterator it(text.begin(), text.end(), tag), end; it != end; ++it) {
      const auto& m = *it;
      out.append(last, m[0].first);
      auto partial = files.find(m[1].str());
      bool inline_it = partial != files.end() && partial->first.starts_with("partials/") && depth < kDepth;
      out += inline_it ? expand(partial->second, depth + 1) : m[0].str();
      last = m[0].second;
    }
    out.append(last, text.cend());
    return out;
  };
  Files out;
  for (const auto& [name, text] : files) out.emplace(name, expand(text, 0));
  return out;
}

Files builtinTexts();

std::shared_ptr<const Files> builtins() {
  static const auto files = std::make_shared<const Files>(withPartialsInPlace(builtinTexts()));
  return files;
}

// The files as written (partials not yet in place), for an override folder to replace.
Files builtinTexts() {
  Files f;
  for (auto [name, text] : builtinPageTemplateFiles()) f.emplace(name, withoutFinalNewline(std::string(text)));
  return f;
}

std::mutex& activeMutex() {
  static std::mutex m;
  return m;
}
std::shared_ptr<const Files>& activeSlot() {
  static std::shared_ptr<const Files> active = builtins();
  return active;
}
std::shared_ptr<const Files> active() {
  std::lock_guard lock(activeMutex());
  return activeSlot();
}

// `j` in kainjow's form, built by moves: kainjow's set and push_back copy a whole subtree, and
// its move constructor is not noexcept, so a growing list copied every row again (half the
// time of a 200-row My work page went on copies).
mst::data toData(const json& j) {
  if (j.is_object()) {
    mst::data d{mst::data::type::object};
    for (auto it = j.begin(); it != j.end(); ++it) d[it.key()] = toData(it.value());
    return d;
  }
  if (j.is_array()) {
    mst::data d{mst::data::type::list};
    // The list is d's own (allocated, never const): reserved, then filled by moves.
    auto& list = const_cast<mst::list&>(d.list_value());
    list.reserve(j.size());
    for (const auto& v : j) list.emplace_back(toData(v));
    return d;
  }
  if (j.is_boolean())
    return j.get<bool>() ? mst::data{mst::data::type::bool_true} : mst::data{mst::data::type::bool_false};
  if (j.is_string()) {
    const auto& text = j.get_ref<const std::string&>();
    if (text.empty()) return mst::data{mst::data::type::bool_false};
    return mst::data{text};
  }
  if (j.is_null()) return mst::data{mst::data::type::bool_false};
  return mst::data{j.dump()};
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Status usePageTemplateFolder(const std::filesystem::path& folder) {
  auto files = std::make_shared<Files>(builtinTexts());
  if (!folder.empty()) {
    for (const char* sub : {"pages", "partials"}) {
      std::error_code ec;
      if (!std::filesystem::is_directory(folder / sub, ec)) continue;
      for (const auto& entry : std::filesystem::directory_iterator(folder / sub)) {
        if (entry.path().extension() != ".mustache") continue;
        std::string text = withoutFinalNewline(readFile(entry.path()));
        mst::mustache check{text};
        if (!check.is_valid())
          return invalid("page_templates", "syntax",
                         fmt::format("The page template {} is not valid: {}",
                                     entry.path().string(), check.error_message()));
        (*files)[std::string(sub) + "/" + entry.path().stem().string()] = std::move(text);
      }
    }
  }
  auto in_place = std::make_shared<const Files>(withPartialsInPlace(*files));
  std::lock_guard lock(activeMutex());
  activeSlot() = std::move(in_place);
  return {};
}

namespace {

// This thread's parsed templates of the active set (a parsed template is rendered by one thread
// at a time: kainjow's render keeps its error in the object).
mst::mustache& parsed(const std::shared_ptr<const Files>& files, const std::string& text,
                      std::string_view name) {
  thread_local std::shared_ptr<const Files> of;
  thread_local std::unordered_map<std::string, std::unique_ptr<mst::mustache>> cache;
  if (of != files) {
    cache.clear();
    of = files;
  }
  auto& slot = cache[std::string(name)];
  if (!slot || !slot->is_valid()) {
    slot = std::make_unique<mst::mustache>(text);
    slot->set_custom_escape([](const std::string& s) { return escape(s); });
  }
  return *slot;
}

}  // namespace

std::string renderTemplate(std::string_view name, const json& data) {
  auto files = active();
  auto it = files->find(name);
  if (it == files->end())
    throw std::runtime_error(fmt::format("There is no page template '{}'.", name));
  mst::mustache& tmpl = parsed(files, it->second, name);
  std::string out = tmpl.render(toData(data));
  if (!tmpl.is_valid())
    throw std::runtime_error(
        fmt::format("The page template '{}' could not be rendered: {}", name, tmpl.error_message()));
  return out;
}

std::vector<std::string> builtinTemplateNames() {
  std::vector<std::string> out;
  for (const auto& [name, text] : *builtins()) out.push_back(name);
  return out;
}

}  // namespace charter::web
