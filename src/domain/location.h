// Where a reported problem is: a point (WGS 84 latitude and longitude, as a map or a phone gives
// it) and/or an address as written by whoever reported it. Recorded at receipt in the received
// event's `location` (POST /cases; Open311 reports give lat, long and address_string), so it is
// part of the case's history and re-derived with it; nothing is folded into CaseState.
//
// Rules (kInvalid, field "location.<member>"):
//   latitude   a number from -90 to 90 ("range", "type"); longitude likewise from -180 to 180.
//              Both or neither ("required" on the one missing).
//   address    at most 1,000 characters ("too-long")
//   any other member: "unknown". An empty object, or one with only empty members: no location.
// Pure: no I/O, no clock.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/case.h"
#include "domain/fields.h"

namespace charter {

struct Location {
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::string address;  // "" when not given

  bool empty() const { return !latitude && address.empty(); }
};

// The body's `location` object checked and normalised as the received event stores it
// ({"latitude", "longitude", "address"}, absent members left out); null when absent or empty.
Result<nlohmann::json> readLocation(const fields::Reader& body);

// The location recorded at receipt; nullopt when none was.
std::optional<Location> locationOf(const CaseState& s);

// {"latitude": n | null, "longitude": n | null, "address": "..." | null}.
nlohmann::json locationJson(const Location& l);

}  // namespace charter
