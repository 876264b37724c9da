#include "app/letters.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include "domain/additional_issues.h"
#include "util/pdf.h"
#include "util/date_words.h"
#include "util/i18n.h"
#include "util/money.h"

namespace charter {
namespace {

using nlohmann::json;
namespace mst = kainjow::mustache;

// Each requirement: the marker the rendered letter must carry, and the data (a JSON pointer)
// that must not be empty. An empty pointer: the section alone is required (it states "none"
// when there is nothing, e.g. no remedy).
struct Rule {
  Requirement req;
  std::string pointer;
};

const Rule kStage{{"stage", "the complaint stage", "Code 6.9(a)"}, "/stage_label"};
const Rule kDefinition{
    {"complaint-definition", "the complaint definition (the issues and the outcomes sought)",
     "Code 5.6"},
    "/definition"};
const Rule kResponsibility{{"responsibility",
                            "which aspects of the complaint we are and are not responsible for",
                            "Code 5.7"},
                           "/responsibility"};
const Rule kResponseDate{{"response-date", "when we will respond", "Code 6.3"}, "/respond_due"};
const Rule kOmbudsman{{"ombudsman-contact", "the Housing Ombudsman's contact details",
                       "Code 6.5"},
                      "/ombudsman_contact"};
const Rule kDecision{{"decision", "the decision on the complaint", "Code 6.9(c)"}, "/decision"};
const Rule kReasons{{"reasons", "the reasons for each decision", "Code 6.9(d)"}, "/elements"};
const Rule kRemedy{{"remedy", "details of any remedy offered", "Code 6.9(e)"}, ""};
const Rule kOutstanding{{"outstanding-actions", "details of any outstanding actions",
                         "Code 6.9(f)"},
                        ""};

const std::vector<Rule>& rulesFor(LetterKind k) {
  static const std::vector<Rule> ack = {kStage, kDefinition, kResponsibility, kResponseDate};
  static const std::vector<Rule> ext = {
      {{"extension-reasons", "the reasons for the extension", "Code 6.4"}, "/extension/reason"},
      {{"new-date", "the new date for our response", "Code 6.4"}, "/extension/new_due"},
      {{"ombudsman-contact", "the Housing Ombudsman's contact details", "Code 6.5"},
       "/ombudsman_contact"}};
  static const std::vector<Rule> s1 = {
      kStage, kDefinition, kDecision, kReasons, kRemedy, kOutstanding,
      {{"how-to-escalate", "how to escalate the complaint to stage 2", "Code 6.9(g)"}, ""}};
  static const std::vector<Rule> s2 = {
      kStage, kDefinition, kDecision, kReasons, kRemedy, kOutstanding,
      {{"ombudsman-contact", "how to go to the Housing Ombudsman (its contact details)",
        "Code 6.19"},
       "/ombudsman_contact"}};
  static const std::vector<Rule> refusal = {
      {{"refusal-reason", "why the matter is not suitable for the complaints process",
        "Code 2.1, 2.4"},
       "/refusal/reason_title"},
      {{"refusal-evidence", "the reasoning and evidence for the decision", "Code 2.1"},
       "/refusal/evidence"},
      {{"ombudsman-contact", "the right to take the decision to the Housing Ombudsman",
        "Code 2.4"},
       "/ombudsman_contact"}};
  static const std::vector<Rule> added = {
      kStage, kDefinition,
      {{"new-issue", "the new issue added to the complaint", "Code 6.8"}, "/new_issue"},
      kResponseDate};
  switch (k) {
    case LetterKind::kIssueAdded: return added;
    case LetterKind::kAcknowledgement:
    case LetterKind::kStage2Acknowledgement: return ack;
    case LetterKind::kExtension: return ext;
    case LetterKind::kStage1Response: return s1;
    case LetterKind::kStage2Response: return s2;
    case LetterKind::kRefusal: return refusal;
  }
  return ack;
}

bool present(const json& data, const std::string& pointer) {
  if (pointer.empty()) return true;
  json::json_pointer p(pointer);
  if (!data.contains(p)) return false;
  const json& v = data.at(p);
  if (v.is_string()) {
    return v.get<std::string>().find_first_not_of(" \t\r\n") != std::string::npos;
  }
  if (v.is_array()) return !v.empty();
  return !v.is_null();
}

// At stage 2 a part's finding is about stage 1's: "upheld" keeps it (Code 6.19), so the
// letter says "Stage 1 finding upheld", never a bare "Upheld" that reads as the complaint's.
// Words from the catalogue (util/i18n.h) in the letter's language.
std::string findingLabel(const std::string& f, i18n::Lang lang, int stage = 1) {
  if (f == "upheld" && stage == 2) return i18n::text(lang, "finding_upheld_stage2");
  if (f == "upheld" || f == "partly_upheld" || f == "not_upheld" || f == "overturned")
    return i18n::text(lang, "finding_" + f);
  return f;
}

std::string remedyLabel(const std::string& t, i18n::Lang lang) {
  const std::string key = "remedy_" + t;
  std::string label = i18n::text(lang, key);
  return label == key ? t : label;
}

const Event* lastEvent(const CaseState& s, std::string_view type, int stage) {
  for (auto it = s.events.rbegin(); it != s.events.rend(); ++it) {
    if (it->type != type) continue;
    if (stage == 0) return &*it;
    auto st = it->data.find("stage");
    if (st == it->data.end() || !st->is_number_integer() || st->get<int>() == stage) return &*it;
  }
  return nullptr;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string longDate(const std::optional<Date>& d, i18n::Lang lang) {
  return d ? i18n::formatDateFull(*d, lang) : "";
}

const Clock* clockNamed(const std::vector<Clock>& clocks, std::string_view name) {
  for (const auto& c : clocks)
    if (c.name == name) return &c;
  return nullptr;
}

int stageOf(LetterKind k, const CaseState& s) {
  switch (k) {
    case LetterKind::kAcknowledgement:
    case LetterKind::kStage1Response: return 1;
    case LetterKind::kStage2Acknowledgement:
    case LetterKind::kStage2Response: return 2;
    default: return s.stage == 0 ? 1 : s.stage;
  }
}

void addStageData(json& d, const CaseView& view, int stage, i18n::Lang lang) {
  const CaseState& s = view.state;
  const StageRecord& rec = stage == 2 ? s.stage2 : s.stage1;
  d["stage"] = stage;
  d["stage_label"] = fmt::format(fmt::runtime(i18n::text(lang, "letter_stage")), stage);
  d["stage2"] = stage == 2;
  d["definition"] = rec.definition;
  d["handler"] = rec.handler;
  if (const Event* ack = lastEvent(s, event_type::kAcknowledged, stage))
    d["responsibility"] = str(ack->data, "responsibility");
  else
    d["responsibility"] = "";
  const Clock* respond = clockNamed(view.clocks, fmt::format("stage{}.respond", stage));
  d["respond_due"] = respond ? longDate(respond->due, lang) : "";
  d["decision"] = rec.decision.empty() ? "" : findingLabel(rec.decision, lang);
  json elements = json::array();
  bool all_reasons = !rec.elements.empty();
  for (const auto& e : rec.elements) {
    elements.push_back({{"summary", e.summary}, {"finding", findingLabel(e.finding, lang, stage)},
                        {"reasons", e.reasons}});
    if (e.reasons.find_first_not_of(" \t\r\n") == std::string::npos) all_reasons = false;
  }
  // "reasons" is met only when every element has its reasons.
  d["elements"] = all_reasons ? elements : json::array();
  d["elements_listed"] = elements;
  json remedies = json::array();
  for (const auto& r : rec.remedies) {
    json item = {{"type", remedyLabel(r.type, lang)}, {"description", r.description}};
    if (r.amount > 0) item["amount"] = formatPounds(r.amount);
    if (r.due) item["due"] = i18n::formatDateFull(*r.due, lang);
    remedies.push_back(item);
  }
  d["remedies"] = remedies;
  d["has_remedies"] = !remedies.empty();
  json outstanding = json::array();
  for (const auto& a : rec.outstanding_actions) {
    outstanding.push_back(
        {{"description", a.description}, {"due", i18n::formatDateFull(a.due, lang)}, {"owner", a.owner}});
  }
  d["outstanding_actions"] = outstanding;
  d["has_outstanding_actions"] = !outstanding.empty();
  d["apology"] = "";
  if (const Event* r = lastEvent(s, event_type::kResponded, stage)) {
    auto a = r->data.find("apology");
    if (a != r->data.end() && a->is_string()) d["apology"] = a->get<std::string>();
    if (a != r->data.end() && a->is_boolean() && a->get<bool>())
      d["apology"] = i18n::text(lang, "letter_apology");
  }
}

mst::data toMustache(const json& j) {
  if (j.is_object()) {
    mst::data d{mst::data::type::object};
    for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), toMustache(it.value()));
    return d;
  }
  if (j.is_array()) {
    mst::data d{mst::data::type::list};
    for (const auto& v : j) d.push_back(toMustache(v));
    return d;
  }
  if (j.is_boolean()) return j.get<bool>() ? mst::data{mst::data::type::bool_true}
                                           : mst::data{mst::data::type::bool_false};
  if (j.is_string()) {
    // An empty string is falsy in sections, like Mustache in most languages.
    if (j.get<std::string>().empty()) return mst::data{mst::data::type::bool_false};
    return mst::data{j.get<std::string>()};
  }
  if (j.is_null()) return mst::data{mst::data::type::bool_false};
  return mst::data{j.dump()};
}

void appendUtf8(std::string& out, unsigned long cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// One character reference at the start of `s` ("&amp;", "&#39;", "&#x27;"): its text and
// length, or nothing.
std::optional<std::pair<std::string, std::size_t>> reference(std::string_view s) {
  std::size_t semi = s.find(';');
  if (semi == std::string_view::npos || semi < 2 || semi > 10) return std::nullopt;
  std::string_view name = s.substr(1, semi - 1);
  if (name[0] == '#') {
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return std::nullopt;
    unsigned long cp = 0;
    for (char c : digits) {
      int v = c >= '0' && c <= '9' ? c - '0'
              : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (v < 0) return std::nullopt;
      cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(v);
    }
    std::string out;
    appendUtf8(out, cp);
    return std::make_pair(out, semi + 1);
  }
  static const std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "},
      {"pound", "£"}, {"euro", "€"}, {"ndash", "–"}, {"mdash", "—"}, {"rsquo", "’"},
      {"lsquo", "‘"}, {"rdquo", "”"}, {"ldquo", "“"}, {"hellip", "…"}};
  for (auto [n, r] : kNamed)
    if (n == name) return std::make_pair(std::string(r), semi + 1);
  return std::nullopt;
}

i18n::Lang languageOf(const json& data) {
  return i18n::parse(data.value("language", std::string())).value_or(i18n::Lang::kEn);
}

// The data with the letter partials (head, sign-off, Ombudsman) of the letter's language.
mst::data withPartials(const json& data, const LetterTemplates& templates, i18n::Lang lang) {
  mst::data d = toMustache(data);
  for (std::string_view partial : {"letter_head", "letter_sign_off", "ombudsman"}) {
    auto p = templates.load(partial, lang);
    std::string body = p ? *p : std::string();
    d.set(std::string(partial), mst::partial{[body] { return body; }});
  }
  return d;
}

}  // namespace

std::string unescapeHtml(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      if (auto r = reference(s.substr(i))) {
        out += r->first;
        i += r->second - 1;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

const std::vector<Requirement>& requirementsFor(LetterKind k) {
  static std::map<LetterKind, std::vector<Requirement>> cache = [] {
    std::map<LetterKind, std::vector<Requirement>> m;
    for (auto kind : kAllLetterKinds)
      for (const auto& r : rulesFor(kind)) m[kind].push_back(r.req);
    return m;
  }();
  return cache.at(k);
}

LetterTemplates::LetterTemplates(std::vector<std::filesystem::path> folders)
    : folders_(std::move(folders)) {}

Result<std::string> LetterTemplates::load(std::string_view name, i18n::Lang lang) const {
  for (const auto& folder : folders_) {
    // Welsh templates live in each folder's cy/ (templates/letters/cy/acknowledgement.mustache).
    const auto dir = lang == i18n::Lang::kCy ? folder / "cy" : folder;
    auto path = dir / (std::string(name) + ".mustache");
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  return notFound(fmt::format("There is no {}letter template '{}'.",
                              lang == i18n::Lang::kCy ? "Welsh " : "", name));
}

std::string ombudsmanContact(const Policy& policy, i18n::Lang lang) {
  if (lang == i18n::Lang::kEn) return policy.ombudsman_contact;
  if (!policy.ombudsman_contact_cy.empty()) return policy.ombudsman_contact_cy;
  std::string out = policy.ombudsman_contact;
  const std::pair<std::string_view, std::string_view> labels[] = {
      {"Housing Ombudsman Service", "Yr Ombwdsmon Tai"}, {"Housing Ombudsman", "Yr Ombwdsmon Tai"},
      {"Telephone", "Ffôn"}, {"Phone", "Ffôn"}, {"Email", "E-bost"}, {"Website", "Gwefan"}};
  for (const auto& [en, cy] : labels)
    for (auto at = out.find(en); at != std::string::npos; at = out.find(en, at + cy.size()))
      out.replace(at, en.size(), cy);
  return out;
}

json letterData(LetterKind kind, const CaseView& view, const Policy& policy,
                std::string_view landlord_name, Date today, const Signer& signer, i18n::Lang lang) {
  const CaseState& s = view.state;
  const auto date = [lang](Date d) { return i18n::formatDateFull(d, lang); };
  json d;
  d["letter"] = std::string(slug(kind));
  d["language"] = std::string(i18n::code(lang));
  d["title"] = i18n::text(lang, "letter_title_" + std::string(slug(kind)));
  d["landlord"] = std::string(landlord_name);
  d["reference"] = s.reference;
  d["date"] = date(today);
  d["resident"] = {{"name", s.person.name},
                   {"address", s.person.address},
                   {"representative", s.person.representative}};
  d["salutation"] = s.person.name.empty()
                        ? i18n::text(lang, "letter_dear_resident")
                        : fmt::format(fmt::runtime(i18n::text(lang, "letter_dear")), s.person.name);
  d["summary"] = s.summary;
  d["received"] = date(policy.working_calendar->localDate(s.received_at));
  d["ombudsman_contact"] = ombudsmanContact(effectivePolicy(s, policy), lang);
  if (d["ombudsman_contact"].get<std::string>().empty())
    d["ombudsman_contact"] = ombudsmanContact(policy, lang);
  int stage = stageOf(kind, s);
  addStageData(d, view, stage, lang);
  if (kind == LetterKind::kExtension) {
    const StageRecord& rec = stage == 2 ? s.stage2 : s.stage1;
    json ext = json::object();
    if (!rec.extensions.empty()) {
      const Extension& e = rec.extensions.back();
      ext = {{"reason", e.reason}, {"good_reason", e.good_reason},
             {"original_due", date(e.original_due)}, {"new_due", date(e.new_due)}};
    }
    d["extension"] = ext;
  }
  if (kind == LetterKind::kIssueAdded) {
    const auto issues = addedIssues(s);
    d["new_issue"] = issues.empty() ? std::string() : issues.back().summary;
  }
  if (kind == LetterKind::kRefusal) {
    json r = json::object();
    if (const Event* e = lastEvent(s, event_type::kRefused, 0)) {
      r = {{"reason_title", str(e->data, "reason_title")},
           {"provision", str(e->data, "provision")},
           {"evidence", str(e->data, "evidence")},
           {"escalation", e->data.value("stage", 1) == 2}};
    }
    d["refusal"] = r;
  }
  // How to escalate: the resident need give no reason (Code 6.12).
  d["escalation_window"] = policy.escalation_window_working_days;
  d["signer"] = {{"name", signer.name.empty() ? i18n::text(lang, "letter_complaints_team") : signer.name},
                 {"job_title", signer.job_title}};
  return d;
}

std::vector<std::string> missingItems(LetterKind kind, const json& data, std::string_view html) {
  std::vector<std::string> missing;
  for (const auto& rule : rulesFor(kind)) {
    bool marked = html.find(fmt::format("data-code=\"{}\"", rule.req.id)) != std::string_view::npos;
    if (!marked || !present(data, rule.pointer))
      missing.push_back(fmt::format("{} ({})", rule.req.label, rule.req.provision));
  }
  // A Welsh letter is Welsh throughout: its template says so (lang="cy" on the letter), so an
  // English template put in the Welsh folder, or a Welsh one that lost its marking, is refused.
  if (languageOf(data) == i18n::Lang::kCy &&
      html.find("class=\"charter-letter\" lang=\"cy\"") == std::string_view::npos)
    missing.push_back("the letter in Welsh (a Welsh template, marked lang=\"cy\") "
                      "(Welsh Language Standards)");
  return missing;
}

Result<std::string> renderLetterTemplate(std::string_view name, const json& data,
                                         const LetterTemplates& templates) {
  const i18n::Lang lang = languageOf(data);
  auto text = templates.load(name, lang);
  if (!text) return tl::unexpected(text.error());
  mst::mustache tmpl{*text};
  mst::data d = withPartials(data, templates, lang);
  std::string html = tmpl.is_valid() ? tmpl.render(d) : std::string();
  if (!tmpl.is_valid())
    return invalid("template", "syntax",
                   fmt::format("The {} template is not valid: {}", name, tmpl.error_message()));
  return html;
}

Result<RenderedLetter> renderLetter(LetterKind kind, const json& data,
                                    const LetterTemplates& templates) {
  const i18n::Lang lang = languageOf(data);
  auto text = templates.load(slug(kind), lang);
  if (!text) return tl::unexpected(text.error());
  mst::mustache tmpl{*text};
  if (!tmpl.is_valid())
    return invalid("template", "syntax",
                   fmt::format("The {} template is not valid: {}", slug(kind), tmpl.error_message()));
  mst::data d = withPartials(data, templates, lang);
  RenderedLetter out;
  out.kind = kind;
  out.title = data.value("title", std::string(title(kind)));
  out.html = tmpl.render(d);
  if (!tmpl.is_valid())
    return invalid("template", "syntax",
                   fmt::format("The {} template could not be rendered: {}", slug(kind),
                               tmpl.error_message()));
  out.missing = missingItems(kind, data, out.html);
  return out;
}

json htmlBlocks(std::string_view html) {
  json blocks = json::array();
  static const std::string_view kTags[] = {"h1", "h2", "h3", "p", "li", "dt", "dd"};
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    std::size_t end = html.find('>', i);
    if (end == std::string_view::npos) break;
    std::string_view tag = html.substr(i + 1, end - i - 1);
    std::string_view name = tag.substr(0, tag.find_first_of(" \t\n/"));
    auto it = std::find(std::begin(kTags), std::end(kTags), name);
    if (it == std::end(kTags)) { i = end + 1; continue; }
    std::string close = fmt::format("</{}>", name);
    std::size_t stop = html.find(close, end + 1);
    if (stop == std::string_view::npos) break;
    std::string_view inner = html.substr(end + 1, stop - end - 1);
    // Text without tags; <br> is a line break; whitespace collapsed.
    std::string text;
    bool space = false;
    for (std::size_t k = 0; k < inner.size(); ++k) {
      if (inner[k] == '<') {
        std::size_t e = inner.find('>', k);
        if (inner.substr(k, 3) == "<br") { text += '\n'; space = false; }
        k = e == std::string_view::npos ? inner.size() : e;
        continue;
      }
      char c = inner[k];
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        space = !text.empty() && text.back() != '\n';
        continue;
      }
      if (space) text += ' ';
      space = false;
      text += c;
    }
    text = unescapeHtml(text);
    if (!text.empty()) blocks.push_back({{"t", std::string(name)}, {"s", text}});
    i = stop + close.size();
  }
  return blocks;
}

json letterEventData(const RenderedLetter& letter) {
  return {{"letter", std::string(slug(letter.kind))},
          {"title", letter.title},
          {"html", letter.html},
          {"blocks", htmlBlocks(letter.html)}};
}

json letterBlocks(const json& event_data) {
  auto html = event_data.find("html");
  if (html != event_data.end() && html->is_string()) return htmlBlocks(html->get<std::string>());
  return event_data.value("blocks", json::array());
}

Result<std::string> letterPdf(const json& event_data, std::string_view landlord_name,
                              bool large_print) {
  pdf::Options o;
  if (large_print) {
    o.font_size = 20;  // clear print: never below 16 pt, the footer included (0.8 of this)
    o.line_spacing = 1.5f;
    o.margin = 50;
  }
  o.title = event_data.value("title", std::string("Letter"));
  o.author = std::string(landlord_name);
  o.footer = std::string(landlord_name);
  o.page_word = i18n::text(languageOf(event_data), "pdf_page");
  o.of_word = i18n::text(languageOf(event_data), "pdf_of");
  pdf::Document doc(o);
  std::vector<std::string> list;
  std::vector<std::pair<std::string, std::string>> rows;
  std::string pending_dt;
  auto flush = [&] {
    if (!list.empty()) doc.bullets(list);
    list.clear();
    if (!rows.empty()) doc.rows(rows);
    rows.clear();
  };
  for (const auto& b : letterBlocks(event_data)) {
    std::string t = b.value("t", ""), s = b.value("s", "");
    if (t == "li") { list.push_back(s); continue; }
    if (t == "dt") { pending_dt = s; continue; }
    if (t == "dd") { rows.emplace_back(pending_dt, s); pending_dt.clear(); continue; }
    flush();
    if (t == "h1") doc.heading(s, 1);
    else if (t == "h2") doc.heading(s, 2);
    else if (t == "h3") doc.heading(s, 3);
    else {
      // "Yours sincerely," never ends a page alone: it and the signature (name, job title,
      // landlord) stay together.
      if (s.rfind("Yours sincerely", 0) == 0 || s.rfind("Yn gywir", 0) == 0) doc.keepLines(6);
      doc.paragraph(s);
    }
  }
  flush();
  return doc.finish();
}

}  // namespace charter
