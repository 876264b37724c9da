// Shared by the staff workspace's files (not part of the web's public face): the case page,
// the lifecycle action forms and logging a contact, each in its own file.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "web/internal.h"

namespace charter::web::staff {

std::string caseHref(CaseId id);  // "/staff/cases/12"
// `s` cut to `n` bytes on a UTF-8 boundary, with "…" when cut.
std::string truncate(const std::string& s, std::size_t n);
std::optional<CaseId> caseParam(const Visit& v);
// Sets body[name] to the form's value when it is not empty.
void setText(nlohmann::json& body, const Form& f, const std::string& name);
// A clock's name as people say it: the standard's title, or "Remedy 2" for a commitment.
std::string clockTitle(const Policy& policy, const std::string& name);
// A dated commitment's clock ("action.2", "remedy.1"): a promise kept after the case is
// finished, unlike the Code's stage clocks.
bool isCommitment(const std::string& clock);

// my_work.cc: GET /staff (My work) and GET /staff/work/{section} (one of its deadline sections,
// paged).
void addMyWorkRoutes(http::Router& router, Ctx& ctx);

// staff_search.cc: GET /staff/search and /staff/search.csv.
void addSearchRoutes(http::Router& router, Ctx& ctx);

// staff_case.cc: the case page (`banner_html` above it); letter_preview.cc: issuing a letter.
// `file_errors`: an upload's error, shown at the attachment form.
http::Response casePage(Ctx& ctx, Visit& v, const CaseView& view,
                        const std::string& banner_html = {}, int status = 200,
                        const FormErrors& file_errors = {});
http::Response caseGet(Ctx& ctx, Visit& v);
http::Response issueLetter(Ctx& ctx, Visit& v);

// staff_actions.cc: GET and POST /staff/cases/{id}/act/{action}.
http::Response actionGet(Ctx& ctx, Visit& v);
http::Response actionPost(Ctx& ctx, Visit& v);

// triage_pages.cc: My work's triage lists, each whole: "New, not yet assigned" (complaints
// team and front line only, the first received first), "Stage 2 requests awaiting a reviewer"
// (reviewing managers and the complaints team, the earliest deadline first), "Assigned to you"
// (`assigned_to_you`: the person's open cases they own, as My work read them, by case id; as
// given) and "Assigned to your team, T" for each team of the policy the person is in. Cost:
// each list reads every case of its filter (at most 10,000, 500 a query).
struct TriageList {
  std::string id;       // the section's id on My work and its page's /staff/work/{id}
  std::string heading;
  std::string order;    // "the earliest deadline first"
  std::string show_all; // fmt: the list's count
  std::vector<CaseSummary> rows;
};
Result<std::vector<TriageList>> triageLists(Ctx& ctx, Visit& v, const Policy& policy, Date today,
                                            std::vector<CaseSummary> assigned_to_you);
// The rows as a table (the data partials/table sees), or false when there are none.
nlohmann::json triageTable(std::span<const CaseSummary> rows, const Policy& policy,
                           const std::string& caption, Date today);
// My work's sections of those lists: each its count, its first kTriageShown rows and, when it
// has more, "Show all N ..." to its own paged page (GET /staff/work/{id}, my_work.cc).
inline constexpr std::size_t kTriageShown = 25;
Result<nlohmann::json> triageSections(Ctx& ctx, Visit& v, const Policy& policy, Date today,
                                      std::vector<CaseSummary> assigned_to_you);
// The assign form's fields and body; the assign form shown on the case page (false for a
// finished case).
std::string assignFields(Ctx& ctx, const Principal& who, const CaseState& s, const Form& f,
                         const FormErrors& e);
nlohmann::json assignBody(const Form& f);
nlohmann::json assignOnCasePage(Ctx& ctx, Visit& v, const CaseState& s);
// How a handler or owner reads on a page: an account's username as "Ivy Okonkwo, Complaints
// Investigator" (its display name and job title); a team or a free-text name as it is.
// Costs one account lookup; a failed lookup gives the name as it is.
std::string staffName(Ctx& ctx, LandlordId landlord, const std::string& name);

// staff_new_contact.cc: GET and POST /staff/new.
http::Response newContactGet(Ctx& ctx, Visit& v);
http::Response newContactPost(Ctx& ctx, Visit& v);

}  // namespace charter::web::staff
