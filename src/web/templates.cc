#include "web/templates.h"

#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>

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

std::shared_ptr<const Files> builtins() {
  static const auto files = [] {
    auto f = std::make_shared<Files>();
    for (auto [name, text] : builtinPageTemplateFiles()) f->emplace(name, withoutFinalNewline(std::string(text)));
    return std::shared_ptr<const Files>(f);
  }();
  return files;
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

mst::data toData(const json& j) {
  if (j.is_object()) {
    mst::data d{mst::data::type::object};
    for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), toData(it.value()));
    return d;
  }
  if (j.is_array()) {
    mst::data d{mst::data::type::list};
    for (const auto& v : j) d.push_back(toData(v));
    return d;
  }
  if (j.is_boolean())
    return j.get<bool>() ? mst::data{mst::data::type::bool_true} : mst::data{mst::data::type::bool_false};
  if (j.is_string()) {
    if (j.get<std::string>().empty()) return mst::data{mst::data::type::bool_false};
    return mst::data{j.get<std::string>()};
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
  auto files = std::make_shared<Files>(*builtins());
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
  std::lock_guard lock(activeMutex());
  activeSlot() = std::move(files);
  return {};
}

std::string renderTemplate(std::string_view name, const json& data) {
  auto files = active();
  auto it = files->find(name);
  if (it == files->end())
    throw std::runtime_error(fmt::format("There is no page template '{}'.", name));
  mst::mustache tmpl{it->second};
  tmpl.set_custom_escape([](const std::string& s) { return escape(s); });
  mst::data d = toData(data);
  for (const auto& [file, text] : *files) {
    if (file.rfind("partials/", 0) != 0) continue;
    const std::string* body = &text;  // `files` outlives the render
    d.set(file, mst::partial{[body] { return *body; }});
  }
  std::string out = tmpl.render(d);
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
