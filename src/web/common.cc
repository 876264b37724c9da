// Labels and letters shared by the staff workspace and the portal.
#include <fmt/format.h>

#include "web/internal.h"
#include "web/templates.h"

namespace charter::web {

std::string statusLabel(const std::string& s, int stage) {
  if (s == "open") return stage ? fmt::format("Stage {}: open", stage) : "Open";
  if (s == "responded") return stage ? fmt::format("Stage {}: responded", stage) : "Responded";
  if (s == "closed") return stage ? fmt::format("Closed after stage {}", stage) : "Closed";
  if (s == "refused") return "Not taken forward";
  if (s == "withdrawn") return "Withdrawn";
  return s;
}

std::string clockStatusTag(const Clock& c) {
  switch (c.status) {
    case ClockStatus::kPending: return tag("Not started", "grey");
    case ClockStatus::kRunning: return tag(c.provisional ? "Running (provisional)" : "Running", "blue");
    case ClockStatus::kMet: return tag("Met", "green");
    case ClockStatus::kMissed: return tag("Missed", "red");
    case ClockStatus::kPaused: return tag("Paused", "yellow");
  }
  return {};
}

std::string dateText(const std::optional<Date>& d) { return d ? formatDateLong(*d) : "-"; }

std::string whenText(Instant t, const Policy& policy) {
  return policy.working_calendar->formatLocal(t);
}

std::vector<IssuedLetter> issuedLetters(const CaseState& s) {
  std::vector<IssuedLetter> out;
  for (const auto& e : s.events) {
    if (e.type != "letter_issued") continue;
    out.push_back({e.seq, e.data.value("letter", ""), e.data.value("title", "Letter"), e.at});
  }
  return out;
}

const Event* eventAt(const CaseState& s, int seq) {
  if (seq < 1 || seq > static_cast<int>(s.events.size())) return nullptr;
  return &s.events[static_cast<std::size_t>(seq - 1)];
}

http::Response letterHtml(Ctx& ctx, Visit& v, const CaseView& view, int seq,
                          const std::string& back_href) {
  const Event* e = eventAt(view.state, seq);
  if (!e || e->type != "letter_issued")
    return problemPage(ctx, v, 404, "Page not found", "There is no such letter on this case.");
  std::string title = e->data.value("title", "Letter");
  auto service = ctx.cases.service(v.who());
  const i18n::Lang lang = visitLanguage(ctx, v);
  std::string sentOn = !service ? formatInstant(e->at)
                       : lang == i18n::Lang::kCy
                           ? i18n::formatDateFull((*service)->policy().working_calendar->localDate(e->at), lang)
                           : whenText(e->at, (*service)->policy());
  // The format it was produced in (the person's, or the one the sender chose) comes first.
  nlohmann::json formats = letterFormatLinks(v.req.path, lang);
  const std::string sent_in = e->data.value("format", std::string());
  for (std::size_t i = 0; i < formats.size(); ++i) {
    if (formats[i]["href"].get<std::string>().ends_with("format=" + sent_in)) {
      nlohmann::json first = formats[i];
      first["label"] = first["label"].get<std::string>() + tr(lang, "letter_sent_in");
      formats.erase(i);
      formats.insert(formats.begin(), first);
      break;
    }
  }
  std::string body = renderTemplate(
      "pages/letter", {{"reference", view.state.reference}, {"title", title}, {"sent_on", sentOn},
                       {"letter_html", e->data.value("html", "")},
                       {"formats", formats}, {"t", words(lang)},
                       {"back_href", back_href}});
  return htmlResponse(200, page(ctx, v, title + " – " + view.state.reference, body));
}

http::Response letterPdfResponse(Ctx& ctx, const CaseView& view, int seq) {
  const Event* e = eventAt(view.state, seq);
  if (!e || e->type != "letter_issued") return htmlResponse(404, "Not found");
  auto bytes = letterPdf(e->data, ctx.options.landlord_name);
  if (!bytes) return htmlResponse(500, "The PDF could not be made.");
  http::Response r;
  r.status = 200;
  r.content_type = "application/pdf";
  r.body = std::move(*bytes);
  r.headers.emplace_back("Content-Disposition",
                         fmt::format("inline; filename=\"{}-{}.pdf\"", view.state.reference,
                                     e->data.value("letter", "letter")));
  r.headers.emplace_back("Cache-Control", "private, no-store");
  return r;
}

nlohmann::json letterFormatLinks(const std::string& letter_href, i18n::Lang lang) {
  using nlohmann::json;
  json out = json::array();
  for (auto f : kLetterFormats) {
    if (f == "html") continue;
    out.push_back({{"href", fmt::format("{}/file?format={}", letter_href, f)},
                   {"label", lang == i18n::Lang::kCy ? tr(lang, "format_" + std::string(f))
                                                    : letterFormatLabel(f)}});
  }
  return out;
}

// GET .../letters/{seq}/file?format=F: the letter in format F (app/letter_formats.h).
http::Response letterFileResponse(Ctx& ctx, Visit& v, const CaseView& view, int seq) {
  const Event* e = eventAt(view.state, seq);
  if (!e || e->type != "letter_issued")
    return problemPage(ctx, v, 404, "Page not found", "There is no such letter on this case.");
  auto file = letterFile(e->data, v.req.queryParam("format"), ctx.options.landlord_name,
                         fmt::format("{}-letter-{}", view.state.reference, seq));
  if (!file) return problemPage(ctx, v, 422, "This format is not available", file.error().message);
  http::Response r;
  r.content_type = file->content_type;
  r.body = std::move(file->body);
  r.headers.emplace_back("Content-Disposition", fmt::format("attachment; filename=\"{}\"", file->filename));
  r.headers.emplace_back("Cache-Control", "private, no-store");
  return r;
}

void addLetterRoutes(http::Router& router, Ctx& ctx, const std::string& cases_path,
                     Audience audience) {
  auto letter = [cases_path](Ctx& c, Visit& v, int what) -> http::Response {
    const bool pdf = what != 0;
    auto id = positive(v.req.params.at("id"));
    auto seq = positive(v.req.params.at("seq"));
    if (!id || !seq) {
      return problemPage(c, v, 404, "Page not found", "There is no such letter.");
    }
    auto view = c.cases.get(v.who(), static_cast<CaseId>(*id), "web");
    if (!view) return errorPage(c, v, view.error());
    if (what == 2) return letterFileResponse(c, v, *view, static_cast<int>(*seq));
    if (pdf) {
      auto r = letterPdfResponse(c, *view, static_cast<int>(*seq));
      return r.status == 404 ? problemPage(c, v, 404, "Page not found", "There is no such letter.") : r;
    }
    return letterHtml(c, v, *view, static_cast<int>(*seq), fmt::format("{}/{}", cases_path, *id));
  };
  router.add("GET", cases_path + "/{id}/letters/{seq}",
             guarded(ctx, audience, [letter](Ctx& c, Visit& v) { return letter(c, v, 0); }));
  router.add("GET", cases_path + "/{id}/letters/{seq}/pdf",
             guarded(ctx, audience, [letter](Ctx& c, Visit& v) { return letter(c, v, 1); }));
  router.add("GET", cases_path + "/{id}/letters/{seq}/file",
             guarded(ctx, audience, [letter](Ctx& c, Visit& v) { return letter(c, v, 2); }));
}

}  // namespace charter::web
