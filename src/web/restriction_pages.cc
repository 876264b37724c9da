#include "web/restriction_pages.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "app/letter_service.h"
#include "app/restriction_letters.h"
#include "web/templates.h"

namespace charter::web {
namespace {

using json = nlohmann::json;

std::string encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::string pageHref(std::string_view ref) { return fmt::format("/staff/people/{}/restrictions", encode(ref)); }


// The person's name and address, from the latest case about them.
Person personOf(Ctx& ctx, const Visit& v, const std::string& ref) {
  CaseQuery q;
  q.person_ref = ref;
  q.limit = 1;
  auto page = ctx.cases.list(v.who(), q);
  if (!page || page->cases.empty()) return Person{};
  auto view = ctx.cases.get(v.who(), page->cases.front().id, "web");
  return view ? view->state.person : Person{};
}

// "Sent by post on 3 June 2025", or a link to record the sending.
std::string letterSentHtml(const std::optional<LetterSent>& sent, const std::string& record_href) {
  if (!sent) {
    return fmt::format("Not recorded as sent. <a class=\"govuk-link\" href=\"{}\">Record that it "
                       "was sent</a>", record_href);
  }
  std::string how = sent->channel == "by_hand" ? "by hand" : "by " + sent->channel;
  return escape(fmt::format("Sent {} on {} (recorded by {})", how, formatDateLong(sent->sent_on), sent->by));
}

json restrictionFacts(const Restriction& r, const std::string& letter_href,
                      const std::string& sent_href) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Status", r.active() ? tag("In force", "red") : tag("Lifted", "grey")},
      {"Behaviour", escape(r.behaviour)},
      {"Decided by", escape(r.decided_by)},
      {"Started", escape(formatDateLong(r.starts_on))},
      {r.active() ? "Review by" : "Last review date", escape(formatDateLong(r.review_on))}};
  if (r.immediate) rows.push_back({"Without a warning because", escape(r.immediate_reason)});
  for (const auto& rv : r.reviews)
    rows.push_back({"Reviewed on " + formatDateLong(rv.reviewed_on),
                    escape(rv.reasons) + " (next review " + escape(formatDateLong(rv.review_on)) + ")"});
  if (r.lifted_on) rows.push_back({"Lifted on " + formatDateLong(*r.lifted_on), escape(r.lift_reason)});
  rows.push_back({"Letter", fmt::format("<a class=\"govuk-link\" href=\"{}\">The restriction letter</a>", letter_href)});
  rows.push_back({"Letter sent", letterSentHtml(r.letter_sent, sent_href)});
  return summaryListData(rows);
}

// The form `which` (warn | impose | review-N | lift-N) of the person page: its heading, hint,
// fields and the restriction it is about (0 for warn and impose).
struct FormSpec {
  std::string heading, hint, fields_html;
  int number = 0;
};

std::optional<int> numberIn(const std::string& which, std::string_view prefix) {
  if (!which.starts_with(prefix)) return std::nullopt;
  auto n = positive(which.substr(prefix.size()));
  if (!n || *n > 100000) return std::nullopt;
  return static_cast<int>(*n);
}

std::optional<FormSpec> formSpec(const std::string& which, const Form& f, const FormErrors& e) {
  FormSpec s;
  if (which == "warn") {
    s.heading = "Record a warning";
    s.hint = "A restriction follows a warning (001 §4.16; the zero-tolerance policy). Record the "
             "warning given, then send the warning letter from the restrictions page.";
    s.fields_html = textarea("behaviour", "The behaviour you warned them about", f.get("behaviour"), e,
                             "What happened, when, and who was affected. This goes in the warning letter.", 3) +
                    textInput("warned_on", "Warned on (optional)", f.get("warned_on"), e,
                              "Leave blank for today. " + dateHint(), "date", "govuk-input--width-10");
    return s;
  }
  if (which == "impose") {
    s.heading = "Restrict contact";
    s.hint = "Proportionate, with the reasons, and reviewed on a set date (001 §4.16.7-4.16.10). "
             "It never stops a complaint being logged or handled.";
    std::vector<Option> kinds;
    for (auto k : kRestrictionKinds) kinds.push_back({std::string(k), std::string(restrictionKindTitle(k))});
    s.fields_html =
        radios("kind", "Restriction", kinds, f.get("kind"), e) +
        textarea("behaviour", "The behaviour that led to it", f.get("behaviour"), e,
                 "The reasons, for the restriction letter.", 3) +
        textInput("starts_on", "Starts on (optional)", f.get("starts_on"), e,
                  "Leave blank for today. " + dateHint(), "date", "govuk-input--width-10") +
        textInput("review_on", "Review by", f.get("review_on"), e, dateHint(), "date", "govuk-input--width-10") +
        renderTemplate("partials/form_group",
                       {{"id", "immediate-group"},
                        {"html", checkbox("immediate", "Immediate: violence or threats, no warning first",
                                          f.has("immediate"))}}) +
        textarea("immediate_reason", "Why it cannot wait for a warning (immediate only)",
                 f.get("immediate_reason"), e, {}, 2);
    return s;
  }
  if (auto n = numberIn(which, "review-")) {
    s.number = *n;
    s.heading = fmt::format("Review restriction {}", *n);
    s.hint = "The restriction stays in place until the next review.";
    s.fields_html = textInput("review_on", "Next review by", f.get("review_on"), e, dateHint(), "date",
                              "govuk-input--width-10") +
                    textarea("reasons", "Why it stays in place", f.get("reasons"), e, {}, 3);
    return s;
  }
  if (auto n = numberIn(which, "sent-")) {
    s.heading = "Record that the letter was sent";
    s.hint = "How and when the letter went to the person, as for case letters.";
    std::vector<Option> channels = {{"post", "Post"}, {"email", "Email"}, {"by_hand", "By hand"}};
    s.fields_html = radios("channel", "Sent by", channels, f.get("channel"), e) +
                    textInput("sent_on", "Sent on (optional)", f.get("sent_on"), e,
                              "Leave blank for today. " + dateHint(), "date", "govuk-input--width-10");
    return s;
  }
  if (auto n = numberIn(which, "lift-")) {
    s.number = *n;
    s.heading = fmt::format("Lift restriction {}", *n);
    s.fields_html = textarea("reason", "Why it is lifted", f.get("reason"), e, {}, 3);
    return s;
  }
  return std::nullopt;
}

http::Response personPage(Ctx& ctx, Visit& v, const std::string& ref) {
  auto state = ctx.options.restrictions->get(v.who(), ref);
  if (!state) return errorPage(ctx, v, state.error());
  Person person = personOf(ctx, v, ref);
  const std::string href = pageHref(ref);
  json restrictions = json::array();
  for (const auto& r : state->restrictions) {
    json links = r.active() ? json{{"review", fmt::format("{}/act/review-{}", href, r.number)},
                                   {"lift", fmt::format("{}/act/lift-{}", href, r.number)}}
                            : json(false);
    restrictions.push_back({{"number", r.number}, {"title", restrictionKindTitle(r.kind)},
                            {"facts", restrictionFacts(r, fmt::format("{}/letters/{}", href, r.seq),
                                                      fmt::format("{}/act/sent-{}", href, r.seq))},
                            {"links", links}});
  }
  json warnings = json::array();
  for (const auto& w : state->warnings)
    warnings.push_back({{"text", fmt::format("{}: {}", formatDateLong(w.warned_on), w.behaviour)},
                        {"by", w.given_by}, {"href", fmt::format("{}/letters/{}", href, w.seq)},
                        {"sent_html", letterSentHtml(w.letter_sent, fmt::format("{}/act/sent-{}", href, w.seq))}});
  json d = {{"ref", ref}, {"name", person.name}, {"restrictions", restrictions},
            {"has_restrictions", !restrictions.empty()}, {"warnings", warnings},
            {"has_warnings", !warnings.empty()}, {"warn_href", href + "/act/warn"},
            {"impose_href", href + "/act/impose"}};
  return htmlResponse(200, page(ctx, v, "Contact restrictions: " + ref,
                                renderTemplate("pages/restrictions", d), "", {{"My work", "/staff"}}));
}

void set(json& b, const Form& f, const char* name) {
  if (auto x = f.get(name); !x.empty()) b[name] = x;
}

json bodyOf(const std::string& which, const Form& f) {
  json b;
  if (which == "warn") {
    b = {{"action", "warn"}};
    for (const char* k : {"behaviour", "warned_on"}) set(b, f, k);
  } else if (which == "impose") {
    b = {{"action", "impose"}};
    for (const char* k : {"kind", "behaviour", "starts_on", "review_on", "immediate_reason"}) set(b, f, k);
    if (f.has("immediate")) b["immediate"] = true;
  } else if (auto n = numberIn(which, "sent-")) {
    b = {{"action", "letter_sent"}, {"letter", *n}};
    for (const char* k : {"channel", "sent_on"}) set(b, f, k);
  } else if (which.starts_with("review-")) {
    b = {{"action", "review"}};
    for (const char* k : {"review_on", "reasons"}) set(b, f, k);
  } else {
    b = {{"action", "lift"}};
    set(b, f, "reason");
  }
  return b;
}

std::optional<std::string> refParam(const Visit& v) {
  auto it = v.req.params.find("ref");
  if (it == v.req.params.end()) return std::nullopt;
  auto decoded = http::percentDecode(it->second);
  if (!decoded || decoded->empty() || decoded->size() > 200) return std::nullopt;
  return decoded;
}

http::Response getPage(Ctx& ctx, Visit& v) {
  auto ref = refParam(v);
  if (!ref) return problemPage(ctx, v, 404, "Page not found", "There is no such person.");
  return personPage(ctx, v, *ref);
}

http::Response formPage(Ctx& ctx, Visit& v, const std::string& ref, const std::string& which,
                        const FormSpec& spec, const FormErrors& errors, int status) {
  json d = {{"error_summary_html", errors.empty() ? "" : errorSummary(errors)},
            {"reference", "Contact restrictions: " + ref}, {"heading", spec.heading},
            {"hint", spec.hint}, {"action", pageHref(ref) + "/act/" + which},
            {"csrf_token", v.session.csrf_token}, {"fields_html", spec.fields_html},
            {"text", "Save"}, {"extra_class", ""}, {"cancel_href", pageHref(ref)}};
  std::string title = (errors.empty() ? "" : "Error: ") + spec.heading;
  return htmlResponse(status, page(ctx, v, title, renderTemplate("pages/action_form", d), "",
                                   {{"My work", "/staff"}, {"Contact restrictions", pageHref(ref)}}));
}

http::Response act(Ctx& ctx, Visit& v, bool posted) {
  auto ref = refParam(v);
  const std::string which = v.req.params.at("form");
  const Form empty{};
  auto spec = formSpec(which, posted ? v.form : empty, {});
  if (!ref || !spec) return problemPage(ctx, v, 404, "Page not found", "There is no such page.");
  if (!posted) return formPage(ctx, v, *ref, which, *spec, {}, 200);
  json body = bodyOf(which, v.form);
  auto done = spec->number ? ctx.options.restrictions->actOn(v.who(), *ref, spec->number, body)
                           : ctx.options.restrictions->act(v.who(), *ref, body);
  if (done) return redirect(pageHref(*ref));
  if (done.error().kind != ErrorKind::kInvalid && done.error().kind != ErrorKind::kConflict)
    return errorPage(ctx, v, done.error());
  FormErrors errors = fromError(done.error(), {"behaviour", "warned_on", "kind", "starts_on", "review_on",
                                               "immediate", "immediate_reason", "reasons", "reason",
                                               "channel", "sent_on", "letter"});
  auto again = formSpec(which, v.form, errors);
  return formPage(ctx, v, *ref, which, *again, errors, statusFor(done.error()));
}

http::Response letter(Ctx& ctx, Visit& v) {
  auto ref = refParam(v);
  auto seq = positive(v.req.params.at("seq"));
  if (!ref || !seq) return problemPage(ctx, v, 404, "Page not found", "There is no such letter.");
  auto state = ctx.options.restrictions->get(v.who(), *ref);
  if (!state) return errorPage(ctx, v, state.error());
  auto service = ctx.cases.service(v.who());
  if (!service) return errorPage(ctx, v, service.error());
  // In the person's language (?language=en|cy for the other one).
  const Person person = personOf(ctx, v, *ref);
  const i18n::Lang lang = i18n::parse(v.req.queryParam("language"))
                              .value_or(i18n::personLanguage(person.contact.language).lang);
  auto l = personLetter(*state, static_cast<int>(*seq), person, ctx.options.landlord_name,
                        ombudsmanContact((*service)->policy(), lang), (*service)->today(),
                        signerFor(v.who()), ctx.templates, lang);
  if (!l) return errorPage(ctx, v, l.error());
  const bool welsh = lang == i18n::Lang::kCy;
  const std::string other_href = fmt::format("{}/letters/{}?language={}", pageHref(*ref), *seq,
                                             welsh ? "en" : "cy");
  std::string body = renderTemplate(
      "pages/person_letter",
      {{"reference", *ref}, {"title", l->title}, {"lang", i18n::code(lang)},
       {"letter_html", l->html}, {"back_href", pageHref(*ref)}, {"other_href", other_href},
       {"other_text", welsh ? "This letter in English" : "This letter in Welsh (Cymraeg)"}});
  return htmlResponse(200, page(ctx, v, l->title + " – " + *ref, body));
}

}  // namespace

std::string restrictionsHref(const Ctx& ctx, const Visit& v, const CaseState& s) {
  if (!ctx.options.restrictions || s.person.account.empty() || !v.who().isStaff()) return "";
  return pageHref(s.person.account);
}

std::string restrictionBanner(Ctx& ctx, const Visit& v, const CaseState& s) {
  if (restrictionsHref(ctx, v, s).empty()) return "";
  auto state = ctx.options.restrictions->get(v.who(), s.person.account);
  if (!state || state->active().empty()) return "";
  json items = json::array();
  for (const auto* r : state->active())
    items.push_back({{"title", restrictionKindTitle(r->kind)}, {"since", formatDateLong(r->starts_on)},
                     {"review", formatDateLong(r->review_on)}, {"behaviour", r->behaviour}});
  return renderTemplate("partials/restriction_banner",
                        {{"items", items}, {"href", pageHref(s.person.account)}});
}

std::string restrictionReviewsSection(Ctx& ctx, const Visit& v, Date today) {
  if (!ctx.options.restrictions) return "";
  auto people = ctx.options.restrictions->people(v.who());
  if (!people) return "";
  std::vector<std::pair<Clock, std::string>> due;
  for (const auto& p : *people)
    for (auto& c : restrictionClocks(p, today))
      if (!c.met_on) due.push_back({std::move(c), p.person_ref});
  if (due.empty()) return "";
  std::sort(due.begin(), due.end(), [](const auto& a, const auto& b) { return a.first.due < b.first.due; });
  Table t;
  t.caption = "Restriction reviews";
  t.caption_class = "govuk-visually-hidden";
  t.head = {{"Person", false}, {"Review", false}, {"Due", false}};
  for (const auto& [c, ref] : due) {
    TableCell when{c.due ? formatDateLong(*c.due) : "-"};
    if (c.status == ClockStatus::kMissed) when.html = tag("Overdue", "red") + " " + escape(when.text);
    std::string name = personOf(ctx, v, ref).name;
    t.rows.push_back({TableCell::link(name.empty() ? ref : name, pageHref(ref)), TableCell{c.title}, when});
  }
  return renderTemplate("partials/restriction_reviews", {{"count", due.size()}, {"table", t.data()}});
}

void addRestrictionPages(http::Router& router, Ctx& ctx) {
  if (!ctx.options.restrictions) return;
  const std::string p = "/staff/people/{ref}/restrictions";
  router.add("GET", p, guarded(ctx, Audience::kStaff, getPage));
  router.add("GET", p + "/act/{form}",
             guarded(ctx, Audience::kStaff, [](Ctx& c, Visit& v) { return act(c, v, false); }));
  router.add("POST", p + "/act/{form}",
             guarded(ctx, Audience::kStaff, [](Ctx& c, Visit& v) { return act(c, v, true); }));
  router.add("GET", p + "/letters/{seq}", guarded(ctx, Audience::kStaff, letter));
}

}  // namespace charter::web
