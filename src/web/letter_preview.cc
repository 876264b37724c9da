// "Check and send" (POST /staff/cases/{id}/letters): the letter as the resident will get it,
// checked against what the Code requires, before anything is recorded. The sender may add a
// personal message in their own words (it goes above the sign-off; "Update the preview" shows
// it in place) and says how the letter goes: by post, by email, through the online account or
// by hand. Only "Send the letter" records it: one letter_issued event on the case carrying the
// letter, the message and how it was sent (`channel`, as the API's), shown in the timeline.
// How and in which format are preselected from the person's contact preference
// (domain/contact_preferences.h); choosing otherwise needs a reason, recorded with the letter.
#include <fmt/format.h>

#include "app/letter_service.h"
#include "web/contact_preference_pages.h"
#include "web/staff_pages.h"
#include "web/templates.h"

namespace charter::web::staff {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxMessage = 2000;

std::vector<Option> channelOptions() {
  return {{"post", "By post", ""},
          {"email", "By email", ""},
          {"portal", "Through their online account", ""},
          {"by_hand", "By hand", ""}};
}

std::vector<Option> formatOptions() {
  std::vector<Option> out;
  for (auto f : kLetterFormats)
    if (f != "html") out.push_back({std::string(f), letterFormatLabel(f), ""});
  return out;
}

bool knownFormat(const std::string& f) {
  for (auto k : kLetterFormats)
    if (f == k && f != "html") return true;
  return false;
}

// The person's preference in words for the hint: "They asked for: By email, in large print."
std::string preferenceHint(const ContactPreference& c) {
  if (c.empty()) return "No contact preference is recorded.";
  return "They asked for: " + contactText(c) + ". If you choose otherwise, say why below.";
}

bool knownChannel(const std::string& c) {
  for (auto k : kLetterChannels)
    if (c == k) return true;
  return false;
}

struct Draft {
  LetterKind kind{};
  json data;
  RenderedLetter letter;
  json language;  // the event's language fields (app/translations.h)
};

// The letter `kind` for the case, signed by the sender, with their personal message.
Result<Draft> draftLetter(Ctx& ctx, Visit& v, const CaseView& view, LetterKind kind,
                          const std::string& message) {
  auto service = ctx.cases.service(v.who());
  if (!service) return tl::unexpected(service.error());
  // In the person's language: Welsh, or English with a translation request for another.
  const auto lang = i18n::personLanguage(view.state.person.contact.language);
  json data = letterData(kind, view, (*service)->policy(), ctx.options.landlord_name,
                         (*service)->today(), signerFor(v.who()), lang.lang);
  nameTheHandler(data, ctx.cases.landlords().accountStore(), v.who().landlord);
  data["personal_message"] = message;  // "" shows nothing
  auto letter = renderLetter(kind, data, ctx.templates);
  if (!letter) return tl::unexpected(letter.error());
  return Draft{kind, std::move(data), std::move(*letter),
               languageFields(lang, view.state.person.contact, (*service)->policy(),
                              (*service)->today())};
}

// The case page with the items the letter lacks (409): nothing to preview or send yet.
http::Response lacking(Ctx& ctx, Visit& v, const CaseView& view, const Draft& d) {
  json items = json::array();
  for (const auto& m : d.letter.missing) items.push_back({{"text", m}, {"href", ""}});
  std::string summary = renderTemplate(
      "partials/error_summary",
      {{"title", fmt::format("The {} cannot be sent: it does not say everything the Code requires",
                             title(d.kind))},
       {"intro", "It is missing:"}, {"items", items},
       {"outro", "Record the missing details on the case (or fix the letter template), then try again."}});
  return casePage(ctx, v, view, summary, 409);
}

http::Response preview(Ctx& ctx, Visit& v, const CaseView& view, const Draft& d,
                       const FormErrors& e, int status) {
  const Form& f = v.form;
  const ContactPreference& pref = view.state.person.contact;
  auto chosen = [&](const std::string& k, std::string dflt) {
    return f.has(k) ? f.get(k) : std::move(dflt);
  };
  std::string fields =
      textarea("personal_message", "A personal message (optional)", f.get("personal_message"), e,
               "In your own words, for this resident. It goes in the letter above the sign-off. "
               "Choose Update the preview to see it in place.", 4) +
      radios("channel", "How will you send it?", channelOptions(),
             chosen("channel", contact::letterChannel(pref)), e, preferenceHint(pref)) +
      radios("format", "In which format?", formatOptions(),
             chosen("format", contact::letterFormat(pref)), e) +
      textarea("reason", "Why not the way they asked for? (only if you choose otherwise)",
               f.get("reason"), e, "For example, their email address no longer works.", 2);
  const std::string href = caseHref(view.state.id);
  json data = {{"error_summary_html", errorSummary(e)}, {"reference", view.state.reference},
               {"title", d.letter.title}, {"letter_html", d.letter.html},
               {"action", href + "/letters"}, {"letter", std::string(slug(d.kind))},
               {"csrf_token", v.session.csrf_token}, {"fields_html", fields}, {"cancel_href", href}};
  return htmlResponse(status, page(ctx, v, (e.empty() ? "" : "Error: ") + std::string("Check the letter – ") +
                                               view.state.reference,
                                   renderTemplate("pages/letter_preview", data), "",
                                   {{"My work", "/staff"}, {view.state.reference, href}}));
}

}  // namespace

http::Response issueLetter(Ctx& ctx, Visit& v) {
  auto id = caseParam(v);
  if (!id) return problemPage(ctx, v, 404, "Page not found", "There is no such page.");
  auto view = ctx.cases.get(v.who(), *id, "web");
  if (!view) return errorPage(ctx, v, view.error());
  auto kind = parseLetterKind(v.form.get("letter"));
  if (!kind) {
    FormErrors e;
    e.add("letter", "Choose a letter to send");
    return casePage(ctx, v, *view, errorSummary(e), 422);
  }
  const std::string message = v.form.get("personal_message");
  auto d = draftLetter(ctx, v, *view, *kind, message);
  if (!d) return errorPage(ctx, v, d.error());
  if (!d->letter.missing.empty()) return lacking(ctx, v, *view, *d);
  FormErrors e;
  if (message.size() > kMaxMessage)
    e.add("personal_message", fmt::format("The personal message must be {} characters or fewer", kMaxMessage));
  if (v.form.get("step") != "send") return preview(ctx, v, *view, *d, e, e.empty() ? 200 : 422);
  const std::string channel = v.form.get("channel");
  // Not sent (a form without the radios): the format they asked for.
  const std::string format = v.form.has("format") ? v.form.get("format")
                                                  : contact::letterFormat(view->state.person.contact);
  if (!knownChannel(channel)) e.add("channel", "Choose how the letter will be sent");
  if (!knownFormat(format)) e.add("format", "Choose the format of the letter");
  auto choice = contact::letterChoice(view->state.person.contact,
                                      {channel, format, v.form.get("reason")});
  if (e.empty() && !choice) e.add("reason", choice.error().message);
  if (!e.empty()) return preview(ctx, v, *view, *d, e, 422);
  json event = letterEventData(d->letter);
  event["signed_by"] = d->data["signer"]["name"];
  event.update(*choice);
  event.update(d->language);
  if (!message.empty()) event["personal_message"] = message;
  auto stored = ctx.cases.recordLetter(v.who(), *id, event, "web");
  if (!stored) return errorPage(ctx, v, stored.error());
  return redirect(fmt::format("{}/letters/{}", caseHref(*id), stored->state.version()));
}

}  // namespace charter::web::staff
