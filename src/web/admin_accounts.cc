// /staff/admin/accounts: the landlord's accounts, a new account with a role, disabling and
// enabling one, and setting a new password (app/admin.h).
#include <fmt/format.h>

#include "web/admin_pages.h"
#include "web/templates.h"

namespace charter::web::admin {
namespace {

using nlohmann::json;

constexpr Role kRoles[] = {Role::kFrontLine,        Role::kInvestigatingManager,
                           Role::kReviewingManager, Role::kComplaintsAdmin,
                           Role::kGovernance,       Role::kSystemAdmin,
                           Role::kResident,         Role::kRepresentative};

std::vector<Option> roleOptions() {
  std::vector<Option> out;
  for (Role r : kRoles) out.push_back({std::string(slug(r)), std::string(displayName(r))});
  return out;
}

std::optional<std::int64_t> accountParam(const Visit& v) { return positive(v.req.params.at("id")); }

std::string statusTag(const AccountSummary& a) {
  if (a.disabled) return tag("Disabled", "grey");
  if (a.locked) return tag("Waiting after failed sign-ins", "yellow");
  return tag("Active", "green");
}

json accountsTable(Visit& v, const std::vector<AccountSummary>& accounts) {
  Table t;
  t.id = "accounts";
  t.caption = "Accounts";
  t.caption_class = "govuk-visually-hidden";
  t.head = {{"Name", false}, {"Role", false}, {"Status", false}, {"Actions", false}};
  for (const auto& a : accounts) {
    TableCell name = TableCell::row(a.display_name);
    name.notes = {a.username};
    if (!a.job_title.empty()) name.notes.push_back(a.job_title);
    name.note_class = "govuk-body-s";
    const std::string base = fmt::format("/staff/admin/accounts/{}", a.id);
    std::string actions = fmt::format(
        "<a class=\"govuk-link\" href=\"{}/password\">Set a new password<span "
        "class=\"govuk-visually-hidden\"> for {}</span></a>",
        base, escape(a.display_name));
    if (a.id != v.who().user_id) {
      actions += a.disabled ? rowAction(v, base + "/enable", "Enable", a.display_name, false)
                            : rowAction(v, base + "/disable", "Disable", a.display_name, true);
    }
    TableCell role{std::string(displayName(a.role))};
    if (!a.person_ref.empty()) role.notes = {"Sees the cases of " + a.person_ref};
    role.note_class = "govuk-body-s";
    t.rows.push_back({name, role, TableCell::markup(statusTag(a)), TableCell::markup(actions)});
  }
  return t.data();
}

http::Response listAccounts(Ctx& ctx, Visit& v) {
  auto accounts = service().accounts(v.who());
  if (!accounts) return errorPage(ctx, v, accounts.error());
  std::string banner;
  const std::string done = v.req.queryParam("done");
  if (done == "created") banner = notificationBanner("Account created", "<p class=\"govuk-body\">The account can sign in now.</p>");
  if (done == "disabled") banner = notificationBanner("Account disabled", "<p class=\"govuk-body\">It can no longer sign in, and it has been signed out.</p>");
  if (done == "enabled") banner = notificationBanner("Account enabled", "<p class=\"govuk-body\">It can sign in again.</p>");
  if (done == "password") banner = notificationBanner("New password set", "<p class=\"govuk-body\">Give it to the person in a safe way. They have been signed out.</p>");
  json d = {{"banner_html", banner}, {"heading", "Accounts"},
            {"intro", "Everyone who signs in, with what their role lets them do."},
            {"link_href", "/staff/admin/accounts/new"}, {"link_label", "Create an account"},
            {"table", accountsTable(v, *accounts)}};
  return adminPage(ctx, v, 200, "Accounts", renderTemplate("pages/admin_list", d));
}

http::Response accountForm(Ctx& ctx, Visit& v, const FormErrors& e, int status) {
  const Form& f = v.form;
  std::string fields =
      textInput("display_name", "Full name", f.get("display_name"), e, {}, "text", {}, "off") +
      textInput("username", "Email address or staff ID", f.get("username"), e,
                "They sign in with this.", "text", {}, "off") +
      textInput("job_title", "Job title (optional)", f.get("job_title"), e,
                "Staff sign letters with their name and job title.") +
      radios("role", "Role", roleOptions(), f.get("role"), e) +
      textInput("person_ref", "Person reference (residents and representatives only)",
                f.get("person_ref"), e, "The reference on the cases they may see, like P-1001.",
                "text", "govuk-input--width-10") +
      textInput("password", "Password", "", e,
                "At least 10 characters. Three random words make a good one.", "password", {},
                "new-password") +
      formTokenField(f);
  json d = {{"error_summary_html", errorSummary(e)}, {"reference", "Administration"},
            {"heading", "Create an account"}, {"hint", false}, {"action", "/staff/admin/accounts/new"},
            {"csrf_token", v.session.csrf_token}, {"fields_html", fields},
            {"text", "Create the account"}, {"extra_class", ""}, {"cancel_href", "/staff/admin/accounts"}};
  return adminPage(ctx, v, status, e.empty() ? "Create an account" : "Error: Create an account",
                   renderTemplate("pages/action_form", d));
}

http::Response newAccountGet(Ctx& ctx, Visit& v) { return accountForm(ctx, v, {}, 200); }

http::Response newAccountPost(Ctx& ctx, Visit& v) {
  const Form& f = v.form;
  static const std::vector<std::string> kFields = {"display_name", "username", "job_title",
                                                   "role", "person_ref", "password"};
  auto role = parseRole(f.get("role"));
  if (!role) {
    FormErrors e;
    e.add("role", "Choose the account's role");
    return accountForm(ctx, v, e, 422);
  }
  NewAccount a;
  a.username = f.get("username");
  a.display_name = f.get("display_name");
  a.job_title = f.get("job_title");
  a.role = *role;
  a.person_ref = f.get("person_ref");
  a.password = f.get("password");
  auto made = service().createAccount(v.who(), a);
  if (!made) {
    if (made.error().kind != ErrorKind::kInvalid && made.error().kind != ErrorKind::kConflict)
      return errorPage(ctx, v, made.error());
    FormErrors e;
    if (made.error().rule == "exists") e.add("username", "There is already an account with that email address or staff ID");
    else e = fromError(made.error(), kFields);
    return accountForm(ctx, v, e, statusFor(made.error()));
  }
  return redirect("/staff/admin/accounts?done=created");
}

http::Response setDisabled(Ctx& ctx, Visit& v, bool disabled) {
  auto id = accountParam(v);
  if (!id) return errorPage(ctx, v, notFound("There is no such account.").value());
  auto done = service().setDisabled(v.who(), *id, disabled);
  if (!done) return errorPage(ctx, v, done.error());
  return redirect(fmt::format("/staff/admin/accounts?done={}", disabled ? "disabled" : "enabled"));
}

http::Response passwordForm(Ctx& ctx, Visit& v, const FormErrors& e, int status) {
  auto id = accountParam(v);
  if (!id) return errorPage(ctx, v, notFound("There is no such account.").value());
  auto accounts = service().accounts(v.who());
  if (!accounts) return errorPage(ctx, v, accounts.error());
  const AccountSummary* a = nullptr;
  for (const auto& x : *accounts)
    if (x.id == *id) a = &x;
  if (!a) return errorPage(ctx, v, notFound("There is no such account.").value());
  std::string fields = textInput("password", "New password", "", e,
                                 "At least 10 characters. Three random words make a good one. "
                                 "They will be signed out everywhere.",
                                 "password", {}, "new-password");
  json d = {{"error_summary_html", errorSummary(e)}, {"reference", a->display_name},
            {"heading", "Set a new password"}, {"hint", false},
            {"action", fmt::format("/staff/admin/accounts/{}/password", *id)},
            {"csrf_token", v.session.csrf_token}, {"fields_html", fields},
            {"text", "Set the password"}, {"extra_class", ""}, {"cancel_href", "/staff/admin/accounts"}};
  return adminPage(ctx, v, status, e.empty() ? "Set a new password" : "Error: Set a new password",
                   renderTemplate("pages/action_form", d));
}

http::Response passwordPost(Ctx& ctx, Visit& v) {
  auto id = accountParam(v);
  if (!id) return errorPage(ctx, v, notFound("There is no such account.").value());
  auto done = service().resetPassword(v.who(), *id, v.form.get("password"));
  if (!done) {
    if (done.error().kind != ErrorKind::kInvalid) return errorPage(ctx, v, done.error());
    return passwordForm(ctx, v, fromError(done.error(), {"password"}), 422);
  }
  return redirect("/staff/admin/accounts?done=password");
}

}  // namespace

void addAccountPages(http::Router& router, Ctx& ctx) {
  auto add = [&](const char* method, const char* path, PageHandler h) {
    router.add(method, path, guarded(ctx, Audience::kStaff, adminOnly(std::move(h))));
  };
  add("GET", "/staff/admin/accounts", listAccounts);
  add("GET", "/staff/admin/accounts/new", newAccountGet);
  add("POST", "/staff/admin/accounts/new", onceOnly(newAccountPost));
  add("POST", "/staff/admin/accounts/{id}/disable", [](Ctx& c, Visit& v) { return setDisabled(c, v, true); });
  add("POST", "/staff/admin/accounts/{id}/enable", [](Ctx& c, Visit& v) { return setDisabled(c, v, false); });
  add("GET", "/staff/admin/accounts/{id}/password", [](Ctx& c, Visit& v) { return passwordForm(c, v, {}, 200); });
  add("POST", "/staff/admin/accounts/{id}/password", passwordPost);
}

}  // namespace charter::web::admin
