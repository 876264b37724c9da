#include "web/components.h"

#include <algorithm>

#include <fmt/format.h>

#include "web/layout.h"

namespace charter::web {
namespace {

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

struct Described {
  std::string hint_html, error_html, aria, group_class;
};

Described describe(const std::string& id, const std::string& hint, const FormErrors& errors) {
  Described d;
  std::vector<std::string> ids;
  if (!hint.empty()) {
    d.hint_html = fmt::format("<div id=\"{}-hint\" class=\"govuk-hint\">{}</div>", id, escape(hint));
    ids.push_back(id + "-hint");
  }
  if (const std::string* msg = errors.of(id)) {
    d.error_html = fmt::format(
        "<p id=\"{}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">"
        "Error:</span> {}</p>",
        id, escape(*msg));
    ids.push_back(id + "-error");
    d.group_class = " govuk-form-group--error";
  }
  if (!ids.empty()) {
    std::string joined;
    for (const auto& i : ids) joined += (joined.empty() ? "" : " ") + i;
    d.aria = fmt::format(" aria-describedby=\"{}\"", joined);
  }
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

std::string errorSummary(const FormErrors& errors) {
  if (errors.empty()) return {};
  std::string items;
  for (const auto& [id, msg] : errors.items)
    items += fmt::format("<li><a href=\"#{}\">{}</a></li>", escape(id), escape(msg));
  return fmt::format(
      "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
      "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>"
      "<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">"
      "{}</ul></div></div></div>",
      items);
}

std::string textInput(const std::string& name, const std::string& label, const std::string& value,
                      const FormErrors& errors, const std::string& hint, const std::string& type,
                      const std::string& extra_class, const std::string& autocomplete) {
  std::string id = fieldId(name);
  Described d = describe(id, hint, errors);
  return fmt::format(
      "<div class=\"govuk-form-group{}\"><label class=\"govuk-label govuk-label--s\" for=\"{}\">{}"
      "</label>{}{}<input class=\"govuk-input{}{}\" id=\"{}\" name=\"{}\" type=\"{}\" value=\"{}\"{}{}>"
      "</div>",
      d.group_class, id, escape(label), d.hint_html, d.error_html,
      extra_class.empty() ? "" : " " + extra_class, d.error_html.empty() ? "" : " govuk-input--error",
      id, escape(name), type, escape(value), d.aria,
      autocomplete.empty() ? "" : fmt::format(" autocomplete=\"{}\"", autocomplete));
}

std::string textarea(const std::string& name, const std::string& label, const std::string& value,
                     const FormErrors& errors, const std::string& hint, int rows) {
  std::string id = fieldId(name);
  Described d = describe(id, hint, errors);
  return fmt::format(
      "<div class=\"govuk-form-group{}\"><label class=\"govuk-label govuk-label--s\" for=\"{}\">{}"
      "</label>{}{}<textarea class=\"govuk-textarea{}\" id=\"{}\" name=\"{}\" rows=\"{}\"{}>{}"
      "</textarea></div>",
      d.group_class, id, escape(label), d.hint_html, d.error_html,
      d.error_html.empty() ? "" : " govuk-textarea--error", id, escape(name), rows, d.aria,
      escape(value));
}

std::string radios(const std::string& name, const std::string& legend,
                   const std::vector<Option>& options, const std::string& value,
                   const FormErrors& errors, const std::string& hint, bool inline_) {
  std::string id = fieldId(name);
  Described d = describe(id, hint, errors);
  std::string items;
  for (std::size_t i = 0; i < options.size(); ++i) {
    const auto& o = options[i];
    std::string oid = i == 0 ? id : fmt::format("{}-{}", id, i + 1);
    std::string ohint;
    if (!o.hint.empty())
      ohint = fmt::format("<div id=\"{}-item-hint\" class=\"govuk-hint govuk-radios__hint\">{}</div>",
                          oid, escape(o.hint));
    items += fmt::format(
        "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"{}\" "
        "name=\"{}\" type=\"radio\" value=\"{}\"{}{}><label class=\"govuk-label "
        "govuk-radios__label\" for=\"{}\">{}</label>{}</div>",
        oid, escape(name), escape(o.value), o.value == value ? " checked" : "",
        o.hint.empty() ? "" : fmt::format(" aria-describedby=\"{}-item-hint\"", oid), oid,
        escape(o.label), ohint);
  }
  return fmt::format(
      "<div class=\"govuk-form-group{}\"><fieldset class=\"govuk-fieldset\"{}><legend "
      "class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">{}</legend>{}{}<div "
      "class=\"govuk-radios{}\" data-module=\"govuk-radios\">{}</div></fieldset></div>",
      d.group_class, d.aria, escape(legend), d.hint_html, d.error_html,
      inline_ ? " govuk-radios--inline" : "", items);
}

std::string select(const std::string& name, const std::string& label,
                   const std::vector<Option>& options, const std::string& value,
                   const FormErrors& errors, const std::string& hint) {
  std::string id = fieldId(name);
  Described d = describe(id, hint, errors);
  std::string opts;
  for (const auto& o : options)
    opts += fmt::format("<option value=\"{}\"{}>{}</option>", escape(o.value),
                        o.value == value ? " selected" : "", escape(o.label));
  return fmt::format(
      "<div class=\"govuk-form-group{}\"><label class=\"govuk-label govuk-label--s\" for=\"{}\">{}"
      "</label>{}{}<select class=\"govuk-select{}\" id=\"{}\" name=\"{}\"{}>{}</select></div>",
      d.group_class, id, escape(label), d.hint_html, d.error_html,
      d.error_html.empty() ? "" : " govuk-select--error", id, escape(name), d.aria, opts);
}

std::string checkbox(const std::string& name, const std::string& label, bool checked,
                     const std::string& hint) {
  std::string id = fieldId(name);
  std::string h = hint.empty() ? std::string()
                               : fmt::format("<div id=\"{}-hint\" class=\"govuk-hint "
                                             "govuk-checkboxes__hint\">{}</div>",
                                             id, escape(hint));
  return fmt::format(
      "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes govuk-checkboxes--small\" "
      "data-module=\"govuk-checkboxes\"><div class=\"govuk-checkboxes__item\"><input "
      "class=\"govuk-checkboxes__input\" id=\"{}\" name=\"{}\" type=\"checkbox\" value=\"yes\"{}{}>"
      "<label class=\"govuk-label govuk-checkboxes__label\" for=\"{}\">{}</label>{}</div></div></div>",
      id, escape(name), checked ? " checked" : "",
      hint.empty() ? "" : fmt::format(" aria-describedby=\"{}-hint\"", id), id, escape(label), h);
}

std::string button(const std::string& text, const std::string& extra_class) {
  return fmt::format("<button type=\"submit\" class=\"govuk-button{}\" data-module=\"govuk-button\">"
                     "{}</button>",
                     extra_class.empty() ? "" : " " + extra_class, escape(text));
}

std::string csrfField(const std::string& token) {
  return fmt::format("<input type=\"hidden\" name=\"csrf_token\" value=\"{}\">", escape(token));
}

std::string summaryList(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string out = "<dl class=\"govuk-summary-list\">";
  for (const auto& [k, v] : rows)
    out += fmt::format("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                       "{}</dt><dd class=\"govuk-summary-list__value\">{}</dd></div>",
                       escape(k), v);
  return out + "</dl>";
}

std::string tag(const std::string& text, const std::string& colour) {
  return fmt::format("<strong class=\"govuk-tag{}\">{}</strong>",
                     colour.empty() ? "" : " govuk-tag--" + colour, escape(text));
}

std::string insetText(const std::string& html) {
  return "<div class=\"govuk-inset-text\">" + html + "</div>";
}

std::string warningText(const std::string& html) {
  return "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
         "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\"><span "
         "class=\"govuk-visually-hidden\">Warning</span>" +
         html + "</strong></div>";
}

std::string details(const std::string& summary, const std::string& html) {
  return fmt::format("<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
                     "<span class=\"govuk-details__summary-text\">{}</span></summary><div "
                     "class=\"govuk-details__text\">{}</div></details>",
                     escape(summary), html);
}

std::string notificationBanner(const std::string& title, const std::string& html, bool success) {
  return fmt::format(
      "<div class=\"govuk-notification-banner{}\" role=\"{}\" aria-labelledby=\"banner-title\" "
      "data-module=\"govuk-notification-banner\"><div class=\"govuk-notification-banner__header\">"
      "<h2 class=\"govuk-notification-banner__title\" id=\"banner-title\">{}</h2></div><div "
      "class=\"govuk-notification-banner__content\">{}</div></div>",
      success ? " govuk-notification-banner--success" : "", success ? "alert" : "region",
      escape(title), html);
}

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
