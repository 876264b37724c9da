#include "main/notify_sms.h"

#include <memory>

#include <curl/curl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace charter {
namespace {

std::string base64url(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned v = 0;
  int bits = 0;
  for (unsigned char c : in) {
    v = (v << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += k[(v >> bits) & 63];
    }
  }
  if (bits > 0) out += k[(v << (6 - bits)) & 63];
  return out;  // no padding (RFC 7515)
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() < 4096) out->append(data, size * count);
  return size * count;
}

}  // namespace

Result<NotifyKey> parseNotifyKey(const std::string& key) {
  constexpr std::size_t kUuid = 36;
  std::string k = key;
  while (!k.empty() && (k.back() == '\n' || k.back() == '\r' || k.back() == ' ')) k.pop_back();
  if (k.size() < 2 * kUuid + 1 || k[k.size() - kUuid - 1] != '-')
    return invalid("notify-key", "format",
                   "A Notify API key ends with the service id and the secret key, two UUIDs.");
  return NotifyKey{k.substr(k.size() - 2 * kUuid - 1, kUuid), k.substr(k.size() - kUuid)};
}

std::string notifyToken(const NotifyKey& key, long long iat) {
  const std::string head = base64url(R"({"typ":"JWT","alg":"HS256"})");
  const std::string claims =
      base64url(nlohmann::json{{"iss", key.service_id}, {"iat", iat}}.dump());
  const std::string signing = head + "." + claims;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.secret.data(), static_cast<int>(key.secret.size()),
       reinterpret_cast<const unsigned char*>(signing.data()), signing.size(), mac, &len);
  return signing + "." + base64url(std::string(reinterpret_cast<char*>(mac), len));
}

NotifySms::NotifySms(NotifyOptions options, const TimeSource& time)
    : options_(std::move(options)), key_(parseNotifyKey(options_.api_key).value_or(NotifyKey{})),
      time_(time) {}

Status NotifySms::send(const OutboxMessage& m) {
  const long long iat =
      std::chrono::duration_cast<std::chrono::seconds>(time_.now().time_since_epoch()).count();
  const std::string body = nlohmann::json{{"phone_number", m.recipient},
                                          {"template_id", options_.template_id},
                                          {"personalisation", {{"body", m.body}}},
                                          {"reference", m.key()}}
                               .dump();
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return internalError("libcurl could not start");
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> headers(nullptr, curl_slist_free_all);
  curl_slist* h = curl_slist_append(nullptr, "Content-Type: application/json");
  h = curl_slist_append(h, ("Authorization: Bearer " + notifyToken(key_, iat)).c_str());
  headers.reset(h);
  const std::string url = options_.url + "/v2/notifications/sms";
  std::string answer;
  char error[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, options_.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK)
    return unavailable(fmt::format("Notify: {}", error[0] != '\0' ? error : curl_easy_strerror(rc)));
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status == 201) return {};
  return unavailable(fmt::format("Notify answered {}: {}", status, answer.substr(0, 300)));
}

}  // namespace charter
