#include "web/translation_pages.h"

#include <algorithm>

#include <fmt/format.h>

#include "app/letter_service.h"
#include "app/translations.h"
#include "util/date_words.h"
#include "web/templates.h"

namespace charter::web {
namespace {

using nlohmann::json;

constexpr int kMostListed = 100;  // cases read for the section; more are counted, not listed

struct Waiting {
  TranslationTask task;
  CaseId id = 0;
  std::string reference;
};

std::string attachHref(CaseId id, int letter) {
  return fmt::format("/staff/cases/{}/letters/{}/translation", id, letter);
}

// The open tasks on the cases the clock rows name, soonest due first.
Result<std::vector<Waiting>> waitingTasks(Ctx& ctx, Visit& v, Date today, bool& more) {
  CaseQuery q;
  q.open_clock_prefix = "translation.";
  q.today = today;
  q.limit = kMostListed;
  auto page_ = ctx.cases.list(v.who(), q);
  if (!page_) return tl::unexpected(page_.error());
  more = page_->next_cursor.has_value();
  std::vector<Waiting> out;
  for (const auto& c : page_->cases) {
    auto view = ctx.cases.get(v.who(), c.id, "web my work");
    if (!view) continue;
    for (auto& t : openTranslations(view->state)) out.push_back({std::move(t), c.id, c.reference});
  }
  std::sort(out.begin(), out.end(), [](const Waiting& a, const Waiting& b) {
    return std::tie(a.task.due, a.id, a.task.letter) < std::tie(b.task.due, b.id, b.task.letter);
  });
  return out;
}

std::optional<std::pair<CaseId, int>> letterParams(const Visit& v) {
  auto id = positive(v.req.params.at("id"));
  auto n = positive(v.req.params.at("n"));
  if (!id || !n) return std::nullopt;
  return std::pair{static_cast<CaseId>(*id), static_cast<int>(*n)};
}

http::Response attachPage(Ctx& ctx, Visit& v, CaseId id, int n, const FormErrors& e, int status) {
  auto view = ctx.cases.get(v.who(), id, "web");
  if (!view) return errorPage(ctx, v, view.error());
  std::optional<TranslationTask> task;
  for (auto& t : translationTasks(view->state))
    if (t.letter == n) task = t;
  if (!task) return problemPage(ctx, v, 404, "Page not found", "This letter has no translation request.");
  const std::string back = fmt::format("/staff/cases/{}", id);
  if (task->done())
    return problemPage(ctx, v, 409, "The translation is already attached",
                       fmt::format("Letter {} already has its {} translation: {}.", n, task->language,
                                   *task->attachment));
  std::vector<Option> files = {{"", "Choose a file", ""}};
  if (ctx.options.attachments != nullptr)
    if (auto list = ctx.options.attachments->list(v.who(), id))
      for (const auto& f : *list) files.push_back({f.name, f.name, ""});
  const std::string hint = fmt::format(
      "Letter {}, \"{}\", in {}: due by {}. Upload the translated letter on the case page "
      "first (Correspondence and documents), then choose it here.",
      n, task->title, task->language, formatDateFull(task->due));
  std::string body = renderTemplate(
      "pages/action_form",
      {{"error_summary_html", errorSummary(e)}, {"reference", view->state.reference},
       {"heading", fmt::format("Attach the {} translation", task->language)}, {"hint", hint},
       {"action", attachHref(id, n)}, {"csrf_token", v.session.csrf_token},
       {"fields_html", select("attachment", "The translated letter", files, v.form.get("attachment"), e)},
       {"text", "Attach the translation"}, {"extra_class", ""}, {"cancel_href", back}});
  const std::string title = std::string(e.empty() ? "" : "Error: ") + "Attach the translation";
  return htmlResponse(status, page(ctx, v, title, body, "cases", {{view->state.reference, back}}));
}

http::Response attachGet(Ctx& ctx, Visit& v) {
  auto p = letterParams(v);
  if (!p) return problemPage(ctx, v, 404, "Page not found", "There is no such letter.");
  return attachPage(ctx, v, p->first, p->second, {}, 200);
}

http::Response attachPost(Ctx& ctx, Visit& v) {
  auto p = letterParams(v);
  if (!p) return problemPage(ctx, v, 404, "Page not found", "There is no such letter.");
  json body = {{"attachment", v.form.get("attachment")}};
  auto done = ctx.options.letters->attachTranslation(v.who(), p->first, p->second, body);
  if (done) return redirect(fmt::format("/staff/cases/{}?done=translation", p->first));
  if (done.error().kind != ErrorKind::kInvalid) return errorPage(ctx, v, done.error());
  return attachPage(ctx, v, p->first, p->second, fromError(done.error(), {"attachment"}), 422);
}

}  // namespace

std::string translationsSection(Ctx& ctx, Visit& v, Date today) {
  bool more = false;
  auto waiting = waitingTasks(ctx, v, today, more);
  if (!waiting || waiting->empty()) return "";
  Table t;
  t.caption = "Translations to attach";
  t.caption_class = "govuk-visually-hidden";
  t.head = {{"Due", false}, {"Case", false}, {"Language", false}, {"Letter", false}};
  for (const auto& w : *waiting) {
    TableCell due{formatDateLong(w.task.due)};
    if (w.task.due < today) due.html = tag("Overdue", "red") + " " + escape(due.text);
    TableCell letter{fmt::format("{} (letter {})", w.task.title, w.task.letter)};
    if (ctx.options.letters != nullptr) {
      letter.html = fmt::format("{} <a class=\"govuk-link\" href=\"{}\">Attach the translation"
                                "<span class=\"govuk-visually-hidden\"> of letter {} on {}</span></a>",
                                escape(letter.text), attachHref(w.id, w.task.letter), w.task.letter,
                                escape(w.reference));
    }
    t.rows.push_back({due, TableCell::link(w.reference, fmt::format("/staff/cases/{}", w.id)),
                      TableCell{w.task.language}, letter});
  }
  return renderTemplate("partials/translations_due",
                        {{"count", waiting->size()}, {"more", more}, {"table", t.data()}});
}

void addTranslationPages(http::Router& router, Ctx& ctx) {
  if (ctx.options.letters == nullptr) return;
  const std::string path = "/staff/cases/{id}/letters/{n}/translation";
  router.add("GET", path, guarded(ctx, Audience::kStaff, attachGet));
  router.add("POST", path, guarded(ctx, Audience::kStaff, attachPost));
}

}  // namespace charter::web
