#include "domain/location.h"

#include <array>
#include <string_view>

namespace charter {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 3> kLocationFields = {"latitude", "longitude", "address"};
constexpr std::size_t kMaxAddress = 1000;

}  // namespace

Result<json> readLocation(const fields::Reader& body) {
  if (!body.has("location")) return json();
  CHARTER_TRY(loc, body.object("location"));
  CHARTER_CHECK(loc.allowOnly(kLocationFields));
  CHARTER_TRY(latitude, loc.number("latitude", -90, 90));
  CHARTER_TRY(longitude, loc.number("longitude", -180, 180));
  CHARTER_TRY(address, loc.text("address", kMaxAddress, false));
  if (latitude.has_value() != longitude.has_value()) {
    const char* missing = latitude ? "longitude" : "latitude";
    return invalid(loc.path(missing), "required",
                   "a point needs both its latitude and its longitude");
  }
  json out = json::object();
  if (latitude) {
    out["latitude"] = *latitude;
    out["longitude"] = *longitude;
  }
  if (!address.empty()) out["address"] = address;
  return out.empty() ? json() : out;
}

std::optional<Location> locationOf(const CaseState& s) {
  if (s.events.empty() || s.events.front().type != event_type::kReceived) return std::nullopt;
  auto it = s.events.front().data.find("location");
  if (it == s.events.front().data.end() || !it->is_object()) return std::nullopt;
  Location l;
  const json& j = *it;
  if (j.contains("latitude") && j["latitude"].is_number() && j.contains("longitude") &&
      j["longitude"].is_number()) {
    l.latitude = j["latitude"].get<double>();
    l.longitude = j["longitude"].get<double>();
  }
  if (j.contains("address") && j["address"].is_string()) l.address = j["address"].get<std::string>();
  if (l.empty()) return std::nullopt;
  return l;
}

json locationJson(const Location& l) {
  return json{{"latitude", l.latitude ? json(*l.latitude) : json(nullptr)},
              {"longitude", l.longitude ? json(*l.longitude) : json(nullptr)},
              {"address", l.address.empty() ? json(nullptr) : json(l.address)}};
}

}  // namespace charter
