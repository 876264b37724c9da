#include "app/reports.h"

#include <charconv>

#include <fmt/format.h>

namespace charter {

namespace {

// Splits one CSV line (RFC 4180 quotes; no embedded newlines).
std::vector<std::string> splitCsv(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<std::vector<SurveyResponse>> parseSurveyCsv(std::string_view text) {
  std::vector<SurveyResponse> out;
  std::vector<std::string> header;
  std::map<std::string, std::size_t> col;
  std::size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.empty() || line == "\r") continue;
    auto cells = splitCsv(line);
    if (header.empty()) {
      header = cells;
      for (std::size_t i = 0; i < cells.size(); ++i) col[upper(cells[i])] = i;
      for (const char* need : {"RESPONSE_ID", "TENURE", "COLLECTED_ON"}) {
        if (!col.count(need))
          return invalid("csv", "required", fmt::format("the header needs a {} column", need));
      }
      continue;
    }
    auto cell = [&](const std::string& name) -> std::string {
      auto it = col.find(name);
      return it == col.end() || it->second >= cells.size() ? "" : cells[it->second];
    };
    auto where = [&](const std::string& name) { return fmt::format("line {}, {}", line_no, name); };
    SurveyResponse r;
    r.response_id = cell("RESPONSE_ID");
    if (r.response_id.empty()) return invalid("csv", "required", where("response_id") + ": empty");
    r.household_ref = cell("HOUSEHOLD_REF");
    r.tenure = cell("TENURE");
    if (r.tenure != "social_rent" && r.tenure != "shared_ownership")
      return invalid("csv", "enum",
                     where("tenure") + ": must be social_rent or shared_ownership");
    auto d = parseDate(cell("COLLECTED_ON"), "collected_on");
    if (!d) return invalid("csv", "format", where("collected_on") + ": " + d.error().message);
    r.collected = *d;
    r.method = cell("METHOD");
    if (auto w = cell("WEIGHT"); !w.empty()) {
      try {
        r.weight = std::stod(w);
      } catch (...) {
        return invalid("csv", "format", where("weight") + ": not a number");
      }
      if (!(r.weight > 0)) return invalid("csv", "range", where("weight") + ": must be above 0");
    }
    for (auto [name, field] : {std::pair{"HAD_REPAIR", &r.had_repair},
                               std::pair{"COMPLAINED", &r.complained},
                               std::pair{"COMMUNAL", &r.communal}}) {
      const std::string v = upper(cell(name));
      if (v == "YES" || v == "Y" || v == "1") *field = true;
      else if (v == "NO" || v == "N" || v == "0") *field = false;
      else if (!v.empty()) return invalid("csv", "enum", where(name) + ": must be yes or no");
    }
    for (int q = 0; q < 12; ++q) {
      const std::string name = fmt::format("TP{:02}", q + 1);
      const std::string v = upper(cell(name));
      if (v.empty()) continue;
      if (v == "DK" || v == "NA" || v == "N/A") {
        r.answers[q] = 0;
      } else if (v == "REFUSED") {
        r.answers[q] = -1;
      } else if (v.size() == 1 && v[0] >= '1' && v[0] <= '5') {
        r.answers[q] = v[0] - '0';
      } else {
        return invalid("csv", "enum", where(name) + ": answers are 1-5, DK, NA or REFUSED");
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace charter
