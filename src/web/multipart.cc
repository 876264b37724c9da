// multipart/form-data (RFC 7578) for the pages' file uploads: Form::parseMultipart.
#include <cctype>

#include "web/components.h"

namespace charter::web {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value of parameter `key` in a header value ("form-data; name=\"x\""), "" when absent.
std::string param(std::string_view header, std::string_view key) {
  const std::string l = lower(header);
  std::size_t at = 0;
  while ((at = l.find(std::string(key) + "=", at)) != std::string::npos) {
    const bool starts = at == 0 || l[at - 1] == ';' || l[at - 1] == ' ';
    at += key.size() + 1;
    if (!starts) continue;
    if (at < header.size() && header[at] == '"') {
      const std::size_t end = header.find('"', at + 1);
      if (end == std::string_view::npos) return {};
      return std::string(header.substr(at + 1, end - at - 1));
    }
    const std::size_t end = header.find(';', at);
    std::string v(header.substr(at, end == std::string_view::npos ? end : end - at));
    while (!v.empty() && v.back() == ' ') v.pop_back();
    return v;
  }
  return {};
}

struct Part {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
};

// The part's headers (up to the blank line), or nullopt when it has no name.
std::optional<Part> partHeaders(std::string_view head) {
  Part p;
  std::size_t start = 0;
  while (start < head.size()) {
    std::size_t end = head.find("\r\n", start);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(start, end - start);
    start = end + 2;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string name = lower(line.substr(0, colon));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (name == "content-disposition") {
      p.name = param(value, "name");
      if (lower(value).find("filename=") != std::string::npos) p.filename = param(value, "filename");
    } else if (name == "content-type") {
      p.content_type = std::string(value);
    }
  }
  if (p.name.empty()) return std::nullopt;
  return p;
}

}  // namespace

std::optional<Form> Form::parseMultipart(std::string_view body, std::string_view content_type) {
  if (lower(content_type).rfind("multipart/form-data", 0) != 0) return std::nullopt;
  const std::string boundary = param(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) return std::nullopt;
  const std::string delimiter = "--" + boundary;
  std::size_t at = body.find(delimiter);
  if (at == std::string_view::npos) return std::nullopt;
  Form f;
  for (;;) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return f;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n") return std::nullopt;
    at += 2;
    const std::size_t head_end = body.find("\r\n\r\n", at);
    if (head_end == std::string_view::npos) return std::nullopt;
    auto part = partHeaders(body.substr(at, head_end - at));
    const std::size_t content = head_end + 4;
    const std::size_t next = body.find("\r\n" + delimiter, content);
    if (next == std::string_view::npos) return std::nullopt;
    std::string_view bytes = body.substr(content, next - content);
    if (part && part->filename) {
      f.files_[part->name] = FilePart{*part->filename, part->content_type, std::string(bytes)};
    } else if (part) {
      f.values_.emplace(part->name, std::string(bytes));
    }
    at = next + 2;
  }
}

const FilePart* Form::file(std::string_view name) const {
  auto it = files_.find(name);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace charter::web
