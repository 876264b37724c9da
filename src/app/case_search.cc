#include "app/case_search.h"

#include <algorithm>

namespace charter {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Only digits, spaces and + - ( ) ., with at least 7 digits.
bool looksLikePhone(std::string_view q) {
  int digits = 0;
  for (char c : q) {
    if (isDigit(c)) {
      ++digits;
    } else if (!isSpace(c) && c != '+' && c != '-' && c != '(' && c != ')' && c != '.') {
      return false;
    }
  }
  return digits >= 7;
}

}  // namespace

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string searchPhone(std::string_view s) {
  std::string digits;
  bool plus = false;
  for (char c : s) {
    if (isDigit(c)) {
      digits += c;
    } else if (c == '+' && digits.empty()) {
      plus = true;
    }
  }
  if (plus && digits.rfind("44", 0) == 0) return "0" + digits.substr(2);
  if (digits.rfind("0044", 0) == 0) return "0" + digits.substr(4);
  if (!plus && digits.size() == 12 && digits.rfind("44", 0) == 0) return "0" + digits.substr(2);
  return digits;
}

std::vector<std::string> searchTerms(std::string_view q) {
  std::vector<std::string> terms;
  if (looksLikePhone(q)) {
    terms.push_back(searchPhone(q));
    return terms;
  }
  std::string word;
  auto flush = [&] {
    if (!word.empty() && terms.size() < kMaxSearchTerms &&
        std::find(terms.begin(), terms.end(), word) == terms.end()) {
      terms.push_back(word);
    }
    word.clear();
  };
  for (char c : lowerAscii(q)) {
    if (isSpace(c) || c == '%' || c == '_' || c == '\\') {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  return terms;
}

std::string wholePhone(std::string_view q) {
  if (!looksLikePhone(q)) return {};
  std::string phone = searchPhone(q);
  const bool whole = phone.size() == 11 && phone.front() == '0';
  return whole ? phone : std::string();
}

std::optional<CaseId> wholeReference(std::string_view q) {
  while (!q.empty() && isSpace(q.front())) q.remove_prefix(1);
  while (!q.empty() && isSpace(q.back())) q.remove_suffix(1);
  if (q.size() < 2 || lowerAscii(q.substr(0, 2)) != "ch") return std::nullopt;
  std::string_view digits = q.substr(2);
  if (!digits.empty() && digits.front() == '-') {
    digits.remove_prefix(1);
  } else {
    while (!digits.empty() && isSpace(digits.front())) digits.remove_prefix(1);
  }
  if (digits.empty() || digits.size() > 18 || !std::all_of(digits.begin(), digits.end(), isDigit)) {
    return std::nullopt;
  }
  CaseId id = 0;
  for (char c : digits) id = id * 10 + (c - '0');
  if (id <= 0 || caseReference(id) != "CH-" + std::string(digits)) return std::nullopt;
  return id;
}

bool equalitySearch(std::string_view q) { return !wholePhone(q).empty() || wholeReference(q); }

std::string caseSearchText(const CaseState& state, std::string_view reference) {
  const Person& p = state.person;
  std::string out = lowerAscii(reference) + '\n';
  for (const std::string* part : {&p.name, &p.address, &p.email, &p.tenancy_ref,
                                  &state.summary}) {
    // A line break inside a field becomes a space, so a term (which has none) matches
    // within one field only.
    std::string line = lowerAscii(*part);
    std::replace(line.begin(), line.end(), '\n', ' ');
    out += line;
    out += '\n';
  }
  out += searchPhone(p.phone);
  return out;
}

}  // namespace charter
