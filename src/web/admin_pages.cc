// /staff/admin: the index with the log of changes, API tokens, the landlord's contact details
// and the policy in use (accounts are in admin_accounts.cc).
#include "web/admin_pages.h"

#include <fmt/format.h>

#include "app/authz.h"
#include "web/admin_routes.h"
#include "web/templates.h"

namespace charter::web {
namespace admin {
namespace {

AdminService* g_admin = nullptr;  // addAdminRoutes' (one per process, like setServiceName)

}  // namespace

using nlohmann::json;

AdminService& service() { return *g_admin; }

PageHandler adminOnly(PageHandler handler) {
  return [handler = std::move(handler)](Ctx& ctx, Visit& v) -> http::Response {
    if (!allowed(v.who(), Permission::kAdminister))
      return errorPage(ctx, v, forbidden().value());
    return handler(ctx, v);
  };
}

http::Response adminPage(Ctx& ctx, Visit& v, int status, const std::string& title,
                         const std::string& body) {
  std::vector<std::pair<std::string, std::string>> crumbs;
  if (v.req.path != "/staff/admin") crumbs = {{"Administration", "/staff/admin"}};
  return htmlResponse(status, page(ctx, v, title, body, "admin", std::move(crumbs)));
}

std::string rowAction(const Visit& v, const std::string& action, const std::string& text,
                      const std::string& label, bool warning) {
  return renderTemplate("partials/admin_row_action",
                        {{"action", action}, {"text", text}, {"label", label},
                         {"csrf_token", v.session.csrf_token}, {"warning", warning}});
}

std::string when(Ctx& ctx, Visit& v, Instant t) {
  auto policy = service().policy(v.who());
  return policy ? whenText(t, **policy) : formatInstant(t);
}

namespace {

// What a log entry's action reads as.
std::string actionText(const std::string& action) {
  static const std::pair<const char*, const char*> kActions[] = {
      {"account_created", "Account created"}, {"account_disabled", "Account disabled"},
      {"account_enabled", "Account enabled"}, {"password_reset", "New password set"},
      {"token_created", "API token created"}, {"token_revoked", "API token revoked"},
      {"contact_changed", "Contact details changed"}};
  for (const auto& [slug, text] : kActions)
    if (action == slug) return text;
  return action;
}

json changesTable(Ctx& ctx, Visit& v, const std::vector<AdminChange>& changes) {
  if (changes.empty()) return false;
  Table t;
  t.id = "changes";
  t.caption = "Recent changes";
  t.caption_class = "govuk-visually-hidden";
  t.head = {{"When", false}, {"Who", false}, {"What", false}};
  for (const auto& c : changes) {
    TableCell what{actionText(c.action) + ": " + c.subject};
    what.notes = {c.detail};
    what.note_class = "govuk-body-s";
    t.rows.push_back({TableCell{when(ctx, v, c.at)}, TableCell{c.actor}, what});
  }
  return t.data();
}

http::Response index(Ctx& ctx, Visit& v) {
  auto changes = service().changes(v.who(), 20);
  if (!changes) return errorPage(ctx, v, changes.error());
  auto landlord = service().landlord(v.who());
  json d = {{"landlord", landlord ? landlord->name : ctx.options.landlord_name},
            {"changes", changesTable(ctx, v, *changes)}};
  return adminPage(ctx, v, 200, "Administration", renderTemplate("pages/admin_index", d));
}

// ---- API tokens --------------------------------------------------------------------------

std::vector<Option> tokenRoles() {
  std::vector<Option> out;
  for (Role r : {Role::kComplaintsAdmin, Role::kFrontLine, Role::kInvestigatingManager,
                 Role::kReviewingManager, Role::kGovernance, Role::kSystemAdmin})
    out.push_back({std::string(slug(r)), std::string(displayName(r))});
  return out;
}

json tokensTable(Ctx& ctx, Visit& v, const std::vector<TokenSummary>& tokens) {
  if (tokens.empty()) return false;
  Table t;
  t.id = "tokens";
  t.caption = "API tokens";
  t.caption_class = "govuk-visually-hidden";
  t.head = {{"Name", false}, {"Role", false}, {"Created", false}, {"Status", false}};
  for (const auto& k : tokens) {
    std::string status = k.revoked ? tag("Revoked", "grey")
                                   : tag("In use", "green") +
                                         rowAction(v, fmt::format("/staff/admin/tokens/{}/revoke", k.id),
                                                   "Revoke", k.name, true);
    t.rows.push_back({TableCell::row(k.name), TableCell{std::string(displayName(k.role))},
                      TableCell{when(ctx, v, k.created)}, TableCell::markup(status)});
  }
  return t.data();
}

http::Response tokensPage(Ctx& ctx, Visit& v, const FormErrors& e, int status,
                          const std::optional<NewToken>& made = std::nullopt) {
  auto tokens = service().tokens(v.who());
  if (!tokens) return errorPage(ctx, v, tokens.error());
  std::string banner;
  if (made) {
    banner = notificationBanner(
        "API token created",
        fmt::format("<p class=\"govuk-body\">Copy the token for {} now: it is shown only once.</p>"
                    "<p class=\"govuk-body\"><code class=\"charter-secret\" id=\"token-secret\">{}</code></p>",
                    escape(made->name), escape(made->secret)));
  } else if (v.req.queryParam("done") == "revoked") {
    banner = notificationBanner("API token revoked", "<p class=\"govuk-body\">It is refused from now on.</p>");
  }
  const Form none;
  const Form& f = made ? none : v.form;
  std::string fields = textInput("name", "Name", f.get("name"), e,
                                 "The system that will use it, like Housing management system.") +
                       select("role", "Role", tokenRoles(), f.get("role"), e) + formTokenField(f);
  json d = {{"banner_html", banner}, {"error_summary_html", errorSummary(e)},
            {"table", tokensTable(ctx, v, *tokens)}, {"fields_html", fields},
            {"csrf_token", v.session.csrf_token}, {"text", "Create a token"}, {"extra_class", ""}};
  return adminPage(ctx, v, status, e.empty() ? "API tokens" : "Error: API tokens",
                   renderTemplate("pages/admin_tokens", d));
}

// POST /staff/admin/tokens: the page with the new secret (200, shown once). The form token is
// claimed as onceOnly does, but answered with the page: sent again, it goes to the list.
http::Response createToken(Ctx& ctx, Visit& v) {
  Idempotency* keys = ctx.options.idempotency;
  const std::string key = "form:" + v.form.get("form_token");
  const std::string principal = idempotencyPrincipal(v.who());
  if (v.form.get("form_token").size() != 43) keys = nullptr;  // randomToken()'s length
  if (keys) {
    auto first = keys->begin(v.who().landlord, principal, key, "form " + v.req.path);
    if (!first) return errorPage(ctx, v, first.error());
    if (*first) return redirect("/staff/admin/tokens");
  }
  auto role = parseRole(v.form.get("role"));
  Result<NewToken> made = role ? service().createToken(v.who(), v.form.get("name"), *role)
                               : Result<NewToken>(tl::unexpected(role.error()));
  if (keys) {
    if (made) (void)keys->finish(v.who().landlord, principal, key, 303, "/staff/admin/tokens");
    else (void)keys->release(v.who().landlord, principal, key);
  }
  if (!made) {
    if (made.error().kind != ErrorKind::kInvalid) return errorPage(ctx, v, made.error());
    return tokensPage(ctx, v, fromError(made.error(), {"name", "role"}), 422);
  }
  return tokensPage(ctx, v, {}, 200, *made);
}

http::Response revokeToken(Ctx& ctx, Visit& v) {
  auto id = positive(v.req.params.at("id"));
  if (!id) return errorPage(ctx, v, notFound("There is no such API token.").value());
  auto done = service().revokeToken(v.who(), *id);
  if (!done) return errorPage(ctx, v, done.error());
  return redirect("/staff/admin/tokens?done=revoked");
}

// ---- the landlord and its policy ---------------------------------------------------------

http::Response landlordPage(Ctx& ctx, Visit& v, const FormErrors& e, int status) {
  auto landlord = service().landlord(v.who());
  if (!landlord) return errorPage(ctx, v, landlord.error());
  auto c = service().contact(v.who(), landlordContact(ctx));
  if (!c) return errorPage(ctx, v, c.error());
  const bool sent = v.req.method == "POST";
  const Form& f = v.form;
  std::string fields =
      textInput("phone", "Phone number", sent ? f.get("phone") : c->phone, e, {}, "tel",
                "govuk-input--width-20") +
      textInput("email", "Email address", sent ? f.get("email") : c->email, e, {}, "email") +
      textarea("address", "Postal address", sent ? f.get("address") : c->address, e, {}, 4);
  std::string banner = v.req.queryParam("done") == "saved"
                           ? notificationBanner("Contact details saved",
                                                "<p class=\"govuk-body\">The public pages show them now.</p>")
                           : "";
  json d = {{"banner_html", banner}, {"error_summary_html", errorSummary(e)},
            {"facts", summaryListData({{"Name", escape(landlord->name)},
                                       {"Short name in web addresses", escape(landlord->slug)}})},
            {"fields_html", fields}, {"csrf_token", v.session.csrf_token},
            {"text", "Save the contact details"}, {"extra_class", ""}};
  return adminPage(ctx, v, status, e.empty() ? "Landlord settings" : "Error: Landlord settings",
                   renderTemplate("pages/admin_landlord", d));
}

http::Response landlordPost(Ctx& ctx, Visit& v) {
  LandlordContact c{v.form.get("phone"), v.form.get("email"), v.form.get("address")};
  auto done = service().setContact(v.who(), c);
  if (!done) {
    if (done.error().kind != ErrorKind::kInvalid) return errorPage(ctx, v, done.error());
    return landlordPage(ctx, v, fromError(done.error(), {"phone", "email", "address"}), 422);
  }
  return redirect("/staff/admin/landlord?done=saved");
}

}  // namespace

http::Response policyPage(Ctx& ctx, Visit& v);  // admin_policy.cc

}  // namespace admin

LandlordContact landlordContact(Ctx& ctx) {
  LandlordContact fallback{ctx.options.landlord_phone, ctx.options.landlord_email,
                           ctx.options.landlord_address};
  if (admin::g_admin == nullptr) return fallback;
  auto landlord = ctx.accounts.landlordBySlug(ctx.options.landlord_slug);
  if (!landlord) return fallback;
  auto stored = admin::service().publicContact(*landlord);
  if (!stored || !*stored) return fallback;
  return **stored;
}

void addAdminRoutes(http::Router& router, AuthorisedCases& cases, AccountService& accounts,
                    const WebOptions& options, AdminService& admin_service) {
  using namespace admin;  // NOLINT: the handlers named below
  g_admin = &admin_service;
  // One context for the server's life (the router's handlers refer to it), as addRoutes'.
  auto* ctx_ptr = new Ctx{cases, accounts, options, LetterTemplates(options.letter_template_dirs)};
  Ctx& ctx = *ctx_ptr;
  auto add = [&](const char* method, const char* path, PageHandler h) {
    router.add(method, path, guarded(ctx, Audience::kStaff, adminOnly(std::move(h))));
  };
  add("GET", "/staff/admin", index);
  addAccountPages(router, ctx);
  add("GET", "/staff/admin/tokens", [](Ctx& c, Visit& v) { return tokensPage(c, v, {}, 200); });
  add("POST", "/staff/admin/tokens", createToken);
  add("POST", "/staff/admin/tokens/{id}/revoke", revokeToken);
  add("GET", "/staff/admin/landlord", [](Ctx& c, Visit& v) { return landlordPage(c, v, {}, 200); });
  add("POST", "/staff/admin/landlord", landlordPost);
  add("GET", "/staff/admin/policy", policyPage);
}

}  // namespace charter::web
