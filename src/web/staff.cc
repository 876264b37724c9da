// The staff workspace's routes and the helpers its pages share: My work in my_work.cc; search
// in staff_search.cc; the case page, the lifecycle forms and logging a contact in
// staff_case.cc, staff_actions.cc and staff_new_contact.cc. Pages are rendered from
// templates/pages/*.mustache.
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "web/attachment_pages.h"
#include "web/restriction_pages.h"
#include "web/translation_pages.h"
#include "web/staff_pages.h"

namespace charter::web {
namespace staff {

using nlohmann::json;

std::string caseHref(CaseId id) { return fmt::format("/staff/cases/{}", id); }

std::string truncate(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

std::optional<CaseId> caseParam(const Visit& v) {
  auto id = positive(v.req.params.at("id"));
  if (!id) return std::nullopt;
  return static_cast<CaseId>(*id);
}

void setText(json& body, const Form& f, const std::string& name) {
  std::string v = f.get(name);
  if (!v.empty()) body[name] = v;
}

namespace {

// The dated commitments' clocks (domain/aftercare.h, domain/follow_through.h): "action.2".
constexpr std::pair<std::string_view, std::string_view> kCommitments[] = {
    {"action.", "Outstanding action"}, {"remedy.", "Remedy"},
    {"learning.", "Learning action"}, {"ombudsman.order.", "Ombudsman order"},
    {"update.", "Update to the resident"}, {"chfo.", "Complaint Handling Failure Order"},
    {"translation.", "Translation of a letter"}};

}  // namespace

bool isCommitment(const std::string& clock) {
  for (const auto& [prefix, title] : kCommitments)
    if (clock.starts_with(prefix)) return true;
  return false;
}

std::string clockTitle(const Policy& policy, const std::string& name) {
  for (const auto& s : policy.standards)
    if (s.id == name) return s.title;
  for (const auto& [prefix, title] : kCommitments)
    if (name.starts_with(prefix)) return fmt::format("{} {}", title, name.substr(prefix.size()));
  return name;
}

}  // namespace staff


void addStaffRoutes(http::Router& router, Ctx& ctx) {
  using namespace staff;  // NOLINT: the handlers named below
  addMyWorkRoutes(router, ctx);
  addSearchRoutes(router, ctx);
  router.add("GET", "/staff/new", guarded(ctx, Audience::kStaff, newContactGet));
  router.add("POST", "/staff/new", guarded(ctx, Audience::kStaff, onceOnly(newContactPost)));
  router.add("GET", "/staff/cases/{id}", guarded(ctx, Audience::kStaff, caseGet));
  router.add("GET", "/staff/cases/{id}/act/{action}", guarded(ctx, Audience::kStaff, actionGet));
  router.add("POST", "/staff/cases/{id}/act/{action}", guarded(ctx, Audience::kStaff, actionPost));
  router.add("POST", "/staff/cases/{id}/letters", guarded(ctx, Audience::kStaff, issueLetter));
  router.add("POST", "/staff/cases/{id}/attachments",
             guarded(ctx, Audience::kStaff, uploadAttachment));
  router.add("POST", "/staff/cases/{id}/attachments/share",
             guarded(ctx, Audience::kStaff, shareAttachment));
  addLetterRoutes(router, ctx, "/staff/cases", Audience::kStaff);
  addRestrictionPages(router, ctx);
  addTranslationPages(router, ctx);
}

}  // namespace charter::web
