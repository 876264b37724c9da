// GOV.UK Frontend components as HTML strings (escaped here), and the form plumbing every page
// shares: reading urlencoded forms, mapping an app Error to the form field it names.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/server.h"
#include "util/result.h"

namespace charter::web {

// A file sent in a multipart form.
struct FilePart {
  std::string filename;      // as the browser named it
  std::string content_type;  // as the browser declared it
  std::string bytes;
};

// A submitted application/x-www-form-urlencoded body, or a multipart/form-data one (RFC
// 7578, web/multipart.cc): its text parts as fields, its file parts as files.
class Form {
 public:
  static std::optional<Form> parse(std::string_view body);
  // nullopt when the body is not multipart with the boundary `content_type` names.
  static std::optional<Form> parseMultipart(std::string_view body, std::string_view content_type);
  std::string get(std::string_view name) const;  // "" when absent; trimmed of spaces
  bool has(std::string_view name) const;
  const FilePart* file(std::string_view name) const;  // null when absent

 private:
  std::multimap<std::string, std::string> values_;
  std::map<std::string, FilePart, std::less<>> files_;
};

// Field errors by field id, in the order found (the error summary lists them in that order).
struct FormErrors {
  std::vector<std::pair<std::string, std::string>> items;  // (field id, message)
  // Inputs also shown in error without a message of their own (the other wrong parts of a
  // date input, whose message is on its first wrong part).
  std::vector<std::string> highlight;
  // What a screen reader hears before each message ("Error:"; "Gwall:" on a Welsh page).
  std::string prefix = "Error:";
  void add(std::string id, std::string message) { items.emplace_back(std::move(id), std::move(message)); }
  bool empty() const { return items.empty(); }
  const std::string* of(std::string_view id) const;
};

// An amount of money as typed ("150", "£150", "£1,250.50", " 30 ") as a JSON number; what
// cannot be read as one stays the typed string, so the domain refuses it with its own rule.
nlohmann::json moneyValue(const std::string& typed);

// "elements[0].finding" -> "elements-0-finding" (the id of the input for that JSON path).
std::string fieldId(std::string_view json_path);
// The app's error as form errors: the field it names when the form has it (`known` ids),
// else the first field of the form (so the summary link still goes somewhere useful).
FormErrors fromError(const Error& e, const std::vector<std::string>& known);

// `title`: the summary's heading, "There is a problem" when empty.
std::string errorSummary(const FormErrors& errors, const std::string& title = {});

struct Option {
  std::string value;
  std::string label;
  std::string hint;
};

// The hint for a date field (a textInput of type "date": the browser's date picker, whose value
// is YYYY-MM-DD as the API takes it): "For example, 30 June 2025."
std::string dateHint();

// Inputs. `name` doubles as the id. Values are escaped.
std::string textInput(const std::string& name, const std::string& label, const std::string& value,
                      const FormErrors& errors, const std::string& hint = {},
                      const std::string& type = "text", const std::string& extra_class = {},
                      const std::string& autocomplete = {});
std::string textarea(const std::string& name, const std::string& label, const std::string& value,
                     const FormErrors& errors, const std::string& hint = {}, int rows = 5);
std::string radios(const std::string& name, const std::string& legend,
                   const std::vector<Option>& options, const std::string& value,
                   const FormErrors& errors, const std::string& hint = {}, bool inline_ = false);
std::string select(const std::string& name, const std::string& label,
                   const std::vector<Option>& options, const std::string& value,
                   const FormErrors& errors, const std::string& hint = {});
std::string checkbox(const std::string& name, const std::string& label, bool checked,
                     const std::string& hint = {});
std::string button(const std::string& text, const std::string& extra_class = {});
std::string csrfField(const std::string& token);
std::string summaryList(const std::vector<std::pair<std::string, std::string>>& rows_html);
// What partials/summary_list sees for (key, value HTML) rows: {"rows": [...]}.
nlohmann::json summaryListData(const std::vector<std::pair<std::string, std::string>>& rows_html);
std::string tag(const std::string& text, const std::string& colour);  // "red", "green", ...
std::string insetText(const std::string& html);
std::string warningText(const std::string& html);
std::string details(const std::string& summary, const std::string& html);
std::string notificationBanner(const std::string& title, const std::string& html,
                               bool success = true);

// The GOV.UK table (templates/partials/table.mustache), the one table markup every page uses.
struct TableCell {
  std::string text;         // escaped when shown
  std::string html;         // shown as is, instead of `text`, when not empty
  std::string href;         // `text` is a link to here, when not empty
  std::vector<std::string> notes;  // lines after it, each in a <span class="note_class">
  std::string note_class;
  bool header = false;      // <th scope="row">
  bool numeric = false;
  int colspan = 0;          // 0: none
  static TableCell row(std::string text) {
    TableCell c;
    c.text = std::move(text);
    c.header = true;
    return c;
  }
  static TableCell markup(std::string html) {
    TableCell c;
    c.html = std::move(html);
    return c;
  }
  static TableCell link(std::string text, std::string href) {
    TableCell c;
    c.text = std::move(text);
    c.href = std::move(href);
    return c;
  }
};
struct Table {
  std::string id;             // the table's id attribute, when not empty
  std::string caption;        // none when empty
  std::string caption_class;  // "govuk-table__caption--m", "govuk-visually-hidden"
  std::vector<std::pair<std::string, bool>> head;  // (column heading, numeric)
  std::vector<std::vector<TableCell>> rows;
  nlohmann::json data() const;  // what the partial sees
};
std::string table(const Table& t);

// Responses.
http::Response htmlResponse(int status, std::string body);
http::Response redirect(const std::string& location);  // 303 See Other

}  // namespace charter::web
