#include "web/components.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "web/layout.h"
#include "web/templates.h"

namespace charter::web {
namespace {

using nlohmann::json;

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// The data every form input's template shares: id, hint, error and aria-describedby.
json described(const std::string& id, const std::string& hint, const FormErrors& errors) {
  json d = {{"id", id}, {"hint", hint}, {"error", ""}, {"describedby", ""},
            {"error_prefix", errors.prefix}};
  std::string ids = hint.empty() ? std::string() : id + "-hint";
  if (const std::string* msg = errors.of(id)) {
    d["error"] = *msg;
    ids += (ids.empty() ? "" : " ") + id + "-error";
  }
  d["describedby"] = ids;
  return d;
}

// The app's messages are fragments to follow the field's name ("is required", "is not a
// working day"): the name in words, "the owner of action 2" for "outstanding_actions[1].owner".
std::string fieldInWords(std::string_view path) {
  static const std::pair<std::string_view, std::string_view> kLeaves[] = {
      {"new_due", "new response date"}, {"due", "due date"}, {"received_at", "date it was received"},
      {"definition", "complaint definition"}, {"court_filing_date", "court filing date"},
      {"discretion_considered", "discretion considered"}, {"summary", "summary"}};
  static const std::pair<std::string_view, std::string_view> kGroups[] = {
      {"elements", "part {} of the complaint"}, {"remedies", "remedy {}"},
      {"outstanding_actions", "action {}"}, {"person", "the resident"}};
  std::string leaf(path), group;
  if (auto dot = path.rfind('.'); dot != std::string_view::npos) {
    leaf = std::string(path.substr(dot + 1));
    std::string_view head = path.substr(0, dot);
    auto open = head.find('[');
    std::string_view name = head.substr(0, open);
    int index = 0;
    if (open != std::string_view::npos) index = std::atoi(std::string(head.substr(open + 1)).c_str());
    for (auto [k, v] : kGroups)
      if (k == name) group = fmt::format(fmt::runtime(v), index + 1);
    if (group.empty()) group = std::string(name);
  }
  std::string words = leaf;
  for (auto [k, v] : kLeaves)
    if (k == leaf) words = std::string(v);
  std::replace(words.begin(), words.end(), '_', ' ');
  std::replace(group.begin(), group.end(), '_', ' ');
  return "The " + words + (group.empty() ? "" : " of " + group);
}

}  // namespace

std::optional<Form> Form::parse(std::string_view body) {
  auto q = http::parseQuery(body);
  if (!q) return std::nullopt;
  Form f;
  f.values_ = std::move(*q);
  return f;
}

std::string Form::get(std::string_view name) const {
  auto it = values_.find(std::string(name));
  return it == values_.end() ? std::string() : trim(it->second);
}

bool Form::has(std::string_view name) const { return values_.count(std::string(name)) > 0; }

const std::string* FormErrors::of(std::string_view id) const {
  for (const auto& [i, m] : items)
    if (i == id) return &m;
  return nullptr;
}

nlohmann::json moneyValue(const std::string& typed) {
  std::string digits;
  std::string_view t = typed;
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  if (t.rfind("\xC2\xA3", 0) == 0) t.remove_prefix(2);  // "£" in UTF-8
  for (char c : t) {
    if (c != ',' && c != ' ') digits += c;
  }
  if (digits.empty()) return typed;
  char* end = nullptr;
  const double x = std::strtod(digits.c_str(), &end);
  return (end && *end == '\0') ? nlohmann::json(x) : nlohmann::json(typed);
}

std::string fieldId(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '[' || c == '.') {
      if (!out.empty() && out.back() != '-') out += '-';
    } else if (c != ']') {
      out += c;
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

FormErrors fromError(const Error& e, const std::vector<std::string>& known) {
  FormErrors errors;
  std::string id = fieldId(e.field);
  bool found = std::find(known.begin(), known.end(), id) != known.end();
  if (!found && !id.empty()) {
    // A nested path the form shows as its parent ("person.name" -> "person-name" exists, or
    // "elements" for "elements[3]"): the longest known prefix.
    std::string best;
    for (const auto& k : known)
      if (id.rfind(k, 0) == 0 && k.size() > best.size()) best = k;
    if (!best.empty()) { id = best; found = true; }
  }
  std::string message = e.message.empty() ? "Something went wrong" : e.message;
  if (!e.field.empty() && std::islower(static_cast<unsigned char>(message[0])))
    message = fieldInWords(e.field) + " " + message;
  if (!found) id = known.empty() ? std::string("main-content") : known.front();
  errors.add(id, message);
  return errors;
}

std::string errorSummary(const FormErrors& errors, const std::string& title) {
  if (errors.empty()) return {};
  json items = json::array();
  for (const auto& [id, msg] : errors.items) items.push_back({{"href", "#" + id}, {"text", msg}});
  return renderTemplate("partials/error_summary",
                        {{"title", title}, {"intro", ""}, {"outro", ""}, {"items", items}});
}

std::string dateHint() { return "For example, 30 June 2025."; }

std::string textInput(const std::string& name, const std::string& label, const std::string& value,
                      const FormErrors& errors, const std::string& hint, const std::string& type,
                      const std::string& extra_class, const std::string& autocomplete) {
  json d = described(fieldId(name), hint, errors);
  d.update({{"name", name}, {"label", label}, {"value", value}, {"type", type},
            {"extra_class", extra_class}, {"autocomplete", autocomplete}});
  return renderTemplate("partials/text_input", d);
}

std::string textarea(const std::string& name, const std::string& label, const std::string& value,
                     const FormErrors& errors, const std::string& hint, int rows) {
  json d = described(fieldId(name), hint, errors);
  d.update({{"name", name}, {"label", label}, {"value", value}, {"rows", rows}});
  return renderTemplate("partials/textarea", d);
}

std::string radios(const std::string& name, const std::string& legend,
                   const std::vector<Option>& options, const std::string& value,
                   const FormErrors& errors, const std::string& hint, bool inline_) {
  const std::string id = fieldId(name);
  json d = described(id, hint, errors);
  json items = json::array();
  for (std::size_t i = 0; i < options.size(); ++i) {
    const auto& o = options[i];
    items.push_back({{"oid", i == 0 ? id : fmt::format("{}-{}", id, i + 1)}, {"value", o.value},
                     {"label", o.label}, {"hint", o.hint}, {"checked", o.value == value}});
  }
  d.update({{"name", name}, {"legend", legend}, {"inline", inline_}, {"options", items}});
  return renderTemplate("partials/radios", d);
}

std::string select(const std::string& name, const std::string& label,
                   const std::vector<Option>& options, const std::string& value,
                   const FormErrors& errors, const std::string& hint) {
  json d = described(fieldId(name), hint, errors);
  json items = json::array();
  for (const auto& o : options)
    items.push_back({{"value", o.value}, {"label", o.label}, {"selected", o.value == value}});
  d.update({{"name", name}, {"label", label}, {"options", items}});
  return renderTemplate("partials/select", d);
}

std::string checkbox(const std::string& name, const std::string& label, bool checked,
                     const std::string& hint) {
  return renderTemplate("partials/checkbox", {{"id", fieldId(name)}, {"name", name},
                                              {"label", label}, {"checked", checked},
                                              {"hint", hint}});
}

std::string button(const std::string& text, const std::string& extra_class) {
  return renderTemplate("partials/button", {{"text", text}, {"extra_class", extra_class}});
}

std::string csrfField(const std::string& token) {
  return renderTemplate("partials/csrf_field", {{"csrf_token", token}});
}

json summaryListData(const std::vector<std::pair<std::string, std::string>>& rows) {
  json items = json::array();
  for (const auto& [k, v] : rows) items.push_back({{"key", k}, {"value_html", v}, {"value", ""}});
  return {{"rows", items}};
}

std::string summaryList(const std::vector<std::pair<std::string, std::string>>& rows) {
  return renderTemplate("partials/summary_list", summaryListData(rows));
}

std::string tag(const std::string& text, const std::string& colour) {
  return renderTemplate("partials/tag", {{"text", text}, {"colour", colour}});
}

std::string insetText(const std::string& html) {
  return renderTemplate("partials/inset_text", {{"html", html}});
}

std::string warningText(const std::string& html) {
  return renderTemplate("partials/warning_text", {{"html", html}});
}

std::string details(const std::string& summary, const std::string& html) {
  return renderTemplate("partials/details", {{"summary", summary}, {"html", html}});
}

std::string notificationBanner(const std::string& title, const std::string& html, bool success) {
  return renderTemplate("partials/notification_banner",
                        {{"title", title}, {"html", html}, {"success", success}});
}

json Table::data() const {
  json h = json::array();
  for (const auto& [text, numeric] : head) h.push_back({{"text", text}, {"numeric", numeric}});
  json rs = json::array();
  for (const auto& row : rows) {
    json cells = json::array();
    for (const auto& c : row)
      cells.push_back({{"text", c.text}, {"html", c.html}, {"href", c.href}, {"notes", c.notes},
                       {"note_class", c.note_class}, {"header", c.header},
                       {"numeric", c.numeric},
                       {"colspan", c.colspan > 0 ? json(c.colspan) : json(false)}});
    rs.push_back({{"cells", cells}});
  }
  return {{"id", id}, {"caption", caption}, {"caption_class", caption_class}, {"head", h}, {"rows", rs}};
}

std::string table(const Table& t) { return renderTemplate("partials/table", t.data()); }

http::Response htmlResponse(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

http::Response redirect(const std::string& location) {
  http::Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", location);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace charter::web
