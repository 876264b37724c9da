// Open311 GeoReport v2 for service requests: what council front ends and FixMyStreet-style
// reporting sites may ask of a landlord. The HTTP side (form bodies, the JSON shapes, the
// Open311 error list) is api/open311_api.h; this is the part that decides.
//
// Services: one per repair category of the landlord's policy (the repair priorities its
// standards are limited to: "emergency", "urgent", "routine"), named by the standard that times
// it ("Make safe an emergency repair") and described by its timescale ("Within 24 hours"). A
// policy without categories offers the one service "service_request" (a request with no
// priority).
//
// A report (POST requests.json) becomes a service request case through AuthorisedCases, like
// every other contact: kind service_request, channel web_form, received now (the TimeSource),
// category = service_code (none for "service_request"), summary = description (the service's
// name when none is given; a media_url is added to it), person = first_name + last_name, email,
// phone, location = lat/long and address_string (domain/location.h). Rules, each a kInvalid
// Error naming the parameter:
//   service_code     required; one of the services ("enum")
//   lat, long        decimal degrees, both or neither ("format", "range", "required")
//   address_string, address_id   at least one of these or lat+long ("location", "required");
//                    address_id is recorded as the address when address_string is not given
//   description      at most 10,000 characters; email, phone, names, media_url at most 200
//                    (address 1,000) ("too-long"); email with an @ ("format")
// Other parameters (device_id, account_id, attribute[...], a client's own extensions) are
// accepted and not recorded.
//
// Status: "open" while the case is open; "closed" once answered (a repair completed), closed,
// refused or withdrawn.
// Threading: stateless functions; as safe as the AuthorisedCases given.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/authz.h"

namespace charter {

struct Open311Service {
  std::string code;         // "emergency"
  std::string name;         // "Make safe an emergency repair"
  std::string description;  // "Within 24 hours."
  std::string category;     // the case's category; "" for the general service
};

// The form fields of a request, decoded ("service_code" -> "urgent").
using Open311Fields = std::multimap<std::string, std::string>;

inline constexpr std::string_view kOpen311GeneralService = "service_request";
// At most this many requests in one GET requests.json answer, newest first (the spec's default).
inline constexpr int kOpen311MaxRequests = 1000;
// Without start_date, GET requests.json looks back this many days from end_date (or now).
inline constexpr int kOpen311DefaultDays = 90;

std::vector<Open311Service> open311Services(const Policy& policy);

// The POST /cases body for a report, received at `now`; or the first rule it breaks.
Result<nlohmann::json> open311CaseBody(const Open311Fields& fields, const Policy& policy,
                                       Instant now);

// Checks, then logs the report for `who` (kForbidden when the role may not log contacts).
Result<CaseView> logOpen311Request(AuthorisedCases& cases, const Principal& who,
                                   const Open311Fields& fields);

// "open" or "closed".
std::string_view open311Status(CaseStatus status);

// The service a case is filed under (its category, or the general service).
std::string open311ServiceCode(const CaseState& s);

struct Open311Filter {
  std::vector<std::string> ids;       // service_request_id list: every other filter is ignored
  std::string service_code;           // "" = any
  std::optional<Instant> start, end;  // received from start, before end
  std::set<std::string> statuses;     // "open" / "closed"; empty = both
};

// The filter from GET requests.json's parameters: service_request_id (comma-separated
// references "CH-000123" or ids), service_code, start_date and end_date (RFC 3339, end after
// start), status (open, closed or both, comma-separated). kInvalid naming the parameter.
Result<Open311Filter> open311FilterOf(const Open311Fields& query);

// The service requests matching `filter` that `who` may see, newest first, at most
// kOpen311MaxRequests; an id that is not a service request the principal may see is left out.
// Each case read is written to the view log with purpose "open311".
Result<std::vector<CaseView>> findOpen311Requests(AuthorisedCases& cases, const Principal& who,
                                                  const Open311Filter& filter);

// When the landlord promises it done: the earliest due time of the case's clocks still running
// or missed (an hours clock's due_at; a days clock's due date, to its last second in the
// landlord's zone); nullopt when none is.
std::optional<Instant> open311ExpectedAt(const CaseView& view, const Policy& policy);

// A service_request_id ("CH-000123" or "123") as a case id; nullopt when it is neither.
std::optional<CaseId> open311CaseId(std::string_view id);

}  // namespace charter
