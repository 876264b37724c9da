#include "app/subject_access.h"

#include <set>

#include <fmt/format.h>

#include "app/attachments.h"
#include "app/audit.h"
#include "app/person_store.h"
#include "app/restriction_service.h"
#include "domain/documents.h"

namespace charter {
namespace {

using json = nlohmann::json;

constexpr int kPage = 500;

// The files on a case's record (Code 5.12), without their bytes: each can be downloaded.
Result<json> attachmentsExport(AttachmentStore* store, LandlordId landlord, CaseId id) {
  json out = json::array();
  if (store == nullptr) return out;
  auto files = store->list(landlord, id);
  if (!files) return tl::unexpected(files.error());
  for (const auto& f : *files) out.push_back(attachmentJson(f));
  return out;
}

// Every case about the person (ids, ascending), through the projection's person index.
Result<std::vector<CaseId>> casesOf(CaseService& service, std::string_view person_ref) {
  std::vector<CaseId> ids;
  CaseQuery q;
  q.person_ref = std::string(person_ref);
  q.limit = kPage;
  for (;;) {
    auto page = service.list(q);
    if (!page) return tl::unexpected(page.error());
    for (const auto& c : page->cases) ids.push_back(c.id);
    if (!page->next_cursor) break;
    q.after = page->next_cursor;
  }
  return ids;
}

json eventJson(const Event& e) {
  return json{{"seq", e.seq},
              {"type", e.type},
              {"at", formatInstant(e.at)},
              {"recorded_at", formatInstant(e.recorded_at)},
              {"actor", e.actor},
              {"data", e.data}};
}

// The person's own stream (warnings, restrictions, their letters): the events and what they
// amount to, or null when nothing is held there.
Result<json> personStreamExport(PersonStore* store, LandlordId landlord,
                                std::string_view person_ref, Date today) {
  if (store == nullptr) return json(nullptr);
  auto events = store->personEvents(landlord, person_ref);
  if (!events) return tl::unexpected(events.error());
  if (events->empty()) return json(nullptr);
  json list = json::array();
  for (const auto& e : *events) list.push_back(eventJson(e));
  json out = restrictionsJson(PersonRestrictions::fold(std::string(person_ref), *events), today);
  out["events"] = std::move(list);
  return out;
}

// Retention for the person stream: once no case about the person is left unanonymised, an
// "anonymised" event is appended and the data of the earlier events redacted, as for cases.
// A person with a case still held keeps their restrictions (the cases' banners need them).
Status retainPersonStream(PersonStore* store, CaseService& service, LandlordId landlord,
                          const std::string& person_ref, const std::string& actor, int years,
                          const TimeSource& time);

json caseExport(const CaseView& view) {
  const CaseState& s = view.state;
  json events = json::array();
  for (const auto& e : s.events) events.push_back(eventJson(e));
  json clocks = json::array();
  for (const auto& c : view.clocks) {
    clocks.push_back(json{{"name", c.name},
                          {"title", c.title},
                          {"status", std::string(slug(c.status))},
                          {"due", c.due ? json(formatDate(*c.due)) : json(nullptr)},
                          {"explanation", c.explanation}});
  }
  return json{{"id", s.id},
              {"reference", s.reference},
              {"kind", std::string(slug(s.kind))},
              {"status", std::string(slug(s.status))},
              {"stage", s.stage},
              {"received_at", formatInstant(s.received_at)},
              {"summary", s.summary},
              {"person", personJson(s.person)},
              {"clocks", std::move(clocks)},
              {"events", std::move(events)}};
}

const std::set<std::string, std::less<>> kTextFields = {"name", "email", "phone", "address",
                                                        "tenancy_ref", "contact_preference",
                                                        "representative"};
const std::set<std::string, std::less<>> kListFields = {"vulnerabilities",
                                                        "reasonable_adjustments"};

Status checkRectification(const json& fields) {
  if (!fields.is_object() || fields.empty()) {
    return invalid("person", "required", "Give the person's fields to correct, as an object.");
  }
  for (const auto& [key, value] : fields.items()) {
    if (kTextFields.count(key)) {
      if (!value.is_string() || value.get_ref<const std::string&>().size() > 1000) {
        return invalid("person." + key, "type", "must be text of at most 1000 characters");
      }
    } else if (kListFields.count(key)) {
      if (!value.is_array()) return invalid("person." + key, "type", "must be a list of text");
      for (const auto& v : value) {
        if (!v.is_string()) return invalid("person." + key, "type", "must be a list of text");
      }
    } else {
      return invalid("person." + key, "unknown-field",
                     "is not a person field that can be corrected");
    }
  }
  return {};
}

// Appends `event` (seq, times and actor filled in here) to case `id` with its projection.
Status appendEvent(CaseStore& store, CaseService& service, LandlordId landlord, CaseId id,
                   Event event, const TimeSource& time) {
  const Instant now = time.now();
  const Date today = service.today();
  return store.write(landlord, [&](CaseTxn& txn) -> Status {
    auto loaded = txn.load(id);
    if (!loaded) return tl::unexpected(loaded.error());
    if (!*loaded) return notFound(fmt::format("There is no case {}.", caseReference(id)));
    CaseState state = std::move(**loaded);
    Event e = event;
    e.seq = state.version() + 1;
    e.at = now;
    e.recorded_at = now;
    state.apply(e);
    std::vector<Clock> clocks = service.clocksFor(state, today);
    return txn.append(id, {e}, CaseProjection{&state, &clocks});
  });
}

const std::set<std::string, std::less<>> kKeptKeys = {
    "kind", "channel", "stage", "decision", "finding", "outcome", "clock", "original_due",
    "new_due", "late", "ombudsman_details_given", "complaint_id", "raised_from", "policy",
    "at", "due", "amount", "type", "service_area", "theme", "issue_date", "received_by",
    "handler", "reason_code", "retention_years", "action"};

json redactValue(const json& v) {
  if (v.is_object()) {
    json out = json::object();
    for (const auto& [key, value] : v.items()) {
      if (key == "person") {
        out[key] = json{{"name", "(anonymised)"}};
      } else if (kKeptKeys.count(key)) {
        out[key] = value;
      } else {
        out[key] = redactValue(value);
      }
    }
    return out;
  }
  if (v.is_array()) {
    json out = json::array();
    for (const auto& x : v) out.push_back(redactValue(x));
    return out;
  }
  if (v.is_string()) return "(anonymised)";
  return v;
}

// When the case last moved: its last event but the record-keeping of documents on the file
// (attaching or sharing one keeps the file, it does not reopen the case for retention).
Instant lastCaseStep(const CaseState& s) {
  for (auto it = s.events.rbegin(); it != s.events.rend(); ++it) {
    if (it->type != event_type::kAttachmentAdded && it->type != event_type::kAttachmentShared) {
      return it->at;
    }
  }
  return s.events.back().at;
}

Status retainPersonStream(PersonStore* store, CaseService& service, LandlordId landlord,
                          const std::string& person_ref, const std::string& actor, int years,
                          const TimeSource& time) {
  if (store == nullptr || person_ref.empty()) return {};
  auto left = casesOf(service, person_ref);
  if (!left) return tl::unexpected(left.error());
  if (!left->empty()) return {};
  auto events = store->personEvents(landlord, person_ref);
  if (!events) return tl::unexpected(events.error());
  if (events->empty()) return {};
  for (const auto& e : *events) {
    if (e.type == event_type::kPersonAnonymised) return {};
  }
  Event a;
  a.seq = static_cast<int>(events->size()) + 1;
  a.type = std::string(event_type::kPersonAnonymised);
  a.at = a.recorded_at = time.now();
  a.actor = actor;
  a.data = json{{"reason", "retention"}, {"retention_years", years}};
  if (auto s = store->appendPersonEvents(landlord, person_ref, {a}); !s) return s;
  std::vector<std::pair<int, std::string>> redacted;
  for (const auto& e : *events) redacted.emplace_back(e.seq, redactValue(e.data).dump());
  return store->redactPersonEvents(landlord, person_ref, redacted);
}

}  // namespace

json redactEventData(const json& data) { return redactValue(data); }

Result<json> subjectAccess(AuthorisedCases& cases, const Principal& who,
                           std::string_view person_ref) {
  if (!allowed(who, Permission::kDataProtection)) return forbidden();
  if (person_ref.empty()) return invalid("person", "required", "Give the person reference.");
  auto service = cases.service(who);
  if (!service) return tl::unexpected(service.error());
  auto landlord = cases.landlords().landlord(who.landlord);
  if (!landlord) return tl::unexpected(landlord.error());
  AccountStore& accounts = cases.landlords().accountStore();
  const TimeSource& time = cases.landlords().time();

  auto ids = casesOf(**service, person_ref);
  if (!ids) return tl::unexpected(ids.error());
  json case_list = json::array();
  for (CaseId id : *ids) {
    auto view = (*service)->get(id);
    if (!view) return tl::unexpected(view.error());
    if (auto s = recordView(accounts, time, who, view->state, "subject-access"); !s) {
      return tl::unexpected(s.error());
    }
    case_list.push_back(caseExport(*view));
    auto files = attachmentsExport(cases.landlords().attachmentStore(), who.landlord, id);
    if (!files) return tl::unexpected(files.error());
    case_list.back()["attachments"] = std::move(*files);
  }
  auto stream = personStreamExport(cases.landlords().personStore(), who.landlord, person_ref,
                                   (*service)->today());
  if (!stream) return tl::unexpected(stream.error());
  json account_list = json::array();
  auto all = accounts.accounts(who.landlord);
  if (!all) return tl::unexpected(all.error());
  for (const auto& a : *all) {
    if (a.person_ref != person_ref) continue;
    account_list.push_back(json{{"username", a.username},
                                {"display_name", a.display_name},
                                {"role", std::string(slug(a.role))},
                                {"created_at", formatInstant(a.created)}});
  }
  auto views = accounts.viewsOfPerson(who.landlord, person_ref, 100000);
  if (!views) return tl::unexpected(views.error());
  json view_list = json::array();
  for (const auto& v : *views) {
    view_list.push_back(json{{"case_id", v.case_id},
                             {"reference", caseReference(v.case_id)},
                             {"viewer", v.viewer},
                             {"viewer_role", v.viewer_role},
                             {"purpose", v.purpose},
                             {"at", formatInstant(v.at)}});
  }
  if (case_list.empty() && account_list.empty() && view_list.empty() && stream->is_null()) {
    return notFound(fmt::format("Nothing is held about person '{}'.", person_ref));
  }
  return json{{"landlord", json{{"slug", landlord->slug}, {"name", landlord->name}}},
              {"person_ref", person_ref},
              {"generated_at", formatInstant(time.now())},
              {"generated_by", actorName(who)},
              {"cases", std::move(case_list)},
              {"accounts", std::move(account_list)},
              {"restrictions", std::move(*stream)},
              {"views", std::move(view_list)}};
}

Result<long> rectify(AuthorisedCases& cases, const Principal& who, std::string_view person_ref,
                     const json& fields, std::string_view reason) {
  if (!allowed(who, Permission::kDataProtection)) return forbidden();
  if (person_ref.empty()) return invalid("person", "required", "Give the person reference.");
  if (auto s = checkRectification(fields); !s) return tl::unexpected(s.error());
  if (reason.empty() || reason.size() > 2000) {
    return invalid("reason", "required", "Say why the details are corrected (at most 2000 characters).");
  }
  auto service = cases.service(who);
  if (!service) return tl::unexpected(service.error());
  auto ids = casesOf(**service, person_ref);
  if (!ids) return tl::unexpected(ids.error());
  if (ids->empty()) return notFound(fmt::format("No case is about person '{}'.", person_ref));
  Event e;
  e.type = std::string(event_type::kPersonRectified);
  e.actor = actorName(who);
  e.data = json{{"person", fields}, {"reason", std::string(reason)}};
  for (CaseId id : *ids) {
    if (auto s = appendEvent(cases.landlords().caseStore(), **service, who.landlord, id, e,
                             cases.landlords().time());
        !s) {
      return tl::unexpected(s.error());
    }
  }
  return static_cast<long>(ids->size());
}

Result<RetentionReport> retention(AuthorisedCases& cases, const Principal& who, int years,
                                  bool dry_run) {
  if (!allowed(who, Permission::kDataProtection)) return forbidden();
  if (years < 1 || years > 100) return invalid("years", "range", "must be from 1 to 100");
  auto service = cases.service(who);
  if (!service) return tl::unexpected(service.error());
  CaseStore& store = cases.landlords().caseStore();
  AccountStore& accounts = cases.landlords().accountStore();
  RetentionReport report;
  report.years = years;
  report.dry_run = dry_run;
  const std::chrono::year_month_day today{(*service)->today()};
  std::chrono::year_month_day cut{today.year() - std::chrono::years(years), today.month(),
                                  today.day()};
  if (!cut.ok()) cut = cut.year() / cut.month() / std::chrono::last;  // 29 February
  report.cutoff = std::chrono::sys_days(cut);
  const Instant cutoff_at = std::chrono::time_point_cast<std::chrono::milliseconds>(
      std::chrono::sys_days(report.cutoff));
  std::set<std::string> people;  // whose cases were anonymised in this run

  for (CaseStatus status : kFinishedStatuses) {
    CaseQuery q;
    q.status = status;
    q.limit = kPage;
    for (;;) {
      auto page = (*service)->list(q);
      if (!page) return tl::unexpected(page.error());
      for (const auto& c : page->cases) {
        auto state = store.load(who.landlord, c.id);
        if (!state) return tl::unexpected(state.error());
        if (!*state || (*state)->events.empty()) continue;
        const CaseState& s = **state;
        bool anonymised = false;
        for (const auto& e : s.events) anonymised |= e.type == event_type::kAnonymised;
        const Instant finished = lastCaseStep(s);
        if (anonymised || finished >= cutoff_at) continue;
        report.due.push_back(RetentionItem{s.id, s.reference, std::string(slug(s.status)),
                                           finished});
        if (dry_run) continue;
        Event e;
        e.type = std::string(event_type::kAnonymised);
        e.actor = actorName(who);
        e.data = json{{"reason", "retention"}, {"retention_years", years}};
        if (auto w = appendEvent(store, **service, who.landlord, s.id, e,
                                 cases.landlords().time());
            !w) {
          return tl::unexpected(w.error());
        }
        std::vector<std::pair<int, std::string>> redacted;
        for (const auto& old : s.events) {
          redacted.emplace_back(old.seq, redactEventData(old.data).dump());
        }
        if (auto r = accounts.redactEvents(who.landlord, s.id, redacted); !r) {
          return tl::unexpected(r.error());
        }
        if (AttachmentStore* files = cases.landlords().attachmentStore()) {
          if (auto r = files->removeAll(who.landlord, s.id); !r) return tl::unexpected(r.error());
        }
        if (!s.person.account.empty()) people.insert(s.person.account);
        ++report.anonymised;
      }
      if (!page->next_cursor) break;
      q.after = page->next_cursor;
    }
  }
  for (const auto& ref : people) {
    if (auto r = retainPersonStream(cases.landlords().personStore(), **service, who.landlord, ref,
                                    actorName(who), years, cases.landlords().time());
        !r) {
      return tl::unexpected(r.error());
    }
  }
  return report;
}

}  // namespace charter
