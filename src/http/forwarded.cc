#include "http/forwarded.h"

#include <atomic>
#include <cctype>
#include <charconv>
#include <stdexcept>

#include <boost/asio/ip/address.hpp>

namespace charter::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The comma-separated entries of a header, trimmed, left to right (views into `header`).
std::vector<std::string_view> entries(std::string_view header) {
  std::vector<std::string_view> out;
  while (!header.empty()) {
    const auto comma = header.find(',');
    out.push_back(trim(header.substr(0, comma)));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
  }
  return out;
}

// An address as 16 bytes (IPv4, and IPv4-mapped IPv6, in the first 4); false when not one.
bool addressBytes(std::string_view text, std::array<std::uint8_t, 16>& bytes, bool& v4) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return false;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  bytes.fill(0);
  v4 = address.is_v4();
  if (v4) {
    const auto b = address.to_v4().to_bytes();
    std::copy(b.begin(), b.end(), bytes.begin());
  } else {
    const auto b = address.to_v6().to_bytes();
    std::copy(b.begin(), b.end(), bytes.begin());
  }
  return true;
}

// The first `prefix` bits of a and b agree.
bool samePrefix(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b,
                int prefix) {
  int i = 0;
  for (; prefix >= 8; prefix -= 8, ++i) {
    if (a[i] != b[i]) return false;
  }
  if (prefix == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - prefix));
  return (a[i] & mask) == (b[i] & mask);
}

// host, host:port, [v6]:port: letters, digits and . - : [ ] only, at most 255 bytes.
bool plainHost(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ||
                    c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool TrustedProxies::parse(std::string_view spec, Network& out) {
  const auto slash = spec.find('/');
  if (!addressBytes(spec.substr(0, slash), out.bytes, out.v4)) return false;
  const int bits = out.v4 ? 32 : 128;
  out.prefix = bits;
  if (slash == std::string_view::npos) return true;
  const std::string_view digits = spec.substr(slash + 1);
  int prefix = -1;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
  if (ec != std::errc() || end != digits.data() + digits.size() || prefix < 0 || prefix > bits) {
    return false;
  }
  out.prefix = prefix;
  return true;
}

std::string TrustedProxies::check(std::string_view spec) {
  Network n;
  if (parse(spec, n)) return "";
  return "expected an IP address (10.0.0.5, ::1) or a network (10.0.0.0/8, fd00::/8), not '" +
         std::string(spec) + "'";
}

TrustedProxies::TrustedProxies(const std::vector<std::string>& specs) {
  for (const auto& spec : specs) {
    Network n;
    if (!parse(spec, n)) throw std::invalid_argument(check(spec));
    networks_.push_back(n);
  }
}

bool TrustedProxies::trusts(std::string_view address) const {
  if (networks_.empty()) return false;
  std::array<std::uint8_t, 16> bytes{};
  bool v4 = true;
  if (!addressBytes(address, bytes, v4)) return false;
  for (const auto& n : networks_) {
    if (n.v4 == v4 && samePrefix(n.bytes, bytes, n.prefix)) return true;
  }
  return false;
}

std::string TrustedProxies::apply(Request& request, std::string_view peer, bool tls) const {
  std::string scheme = tls ? "https" : "http";
  request.remote_address = std::string(peer);
  if (!trusts(peer)) return scheme;
  // The client: from the right, past every trusted hop.
  const std::string forwarded_for = request.header("x-forwarded-for");
  const auto hops = entries(forwarded_for);
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    std::array<std::uint8_t, 16> bytes{};
    bool v4 = true;
    if (!addressBytes(*it, bytes, v4)) break;  // garbage: keep the nearest trusted hop
    request.remote_address = std::string(*it);
    if (!trusts(*it)) break;
  }
  const std::string forwarded_proto = request.header("x-forwarded-proto");
  const auto protos = entries(forwarded_proto);
  if (!protos.empty()) {
    const std::string proto = lower(protos.back());
    if (proto == "http" || proto == "https") scheme = proto;
  }
  const std::string forwarded_host = request.header("x-forwarded-host");
  const auto hosts = entries(forwarded_host);
  if (!hosts.empty() && plainHost(hosts.back())) request.headers["host"] = std::string(hosts.back());
  return scheme;
}

namespace {
TrustedProxies g_trusted;
std::atomic<bool> g_draining{false};
}  // namespace

void setTrustedProxies(TrustedProxies proxies) { g_trusted = std::move(proxies); }
const TrustedProxies& trustedProxies() { return g_trusted; }

void setDraining(bool on) { g_draining = on; }
bool draining() { return g_draining; }

void secureOverHttps(std::string_view scheme, Response& response) {
  if (scheme != "https") return;
  for (auto& [name, value] : response.headers) {
    if (lower(name) != "set-cookie") continue;
    bool secure = false;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      if (lower(trim(rest.substr(0, semi))) == "secure") secure = true;
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    }
    if (!secure) value += "; Secure";
  }
}

}  // namespace charter::http
