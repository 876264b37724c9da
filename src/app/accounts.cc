#include "app/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <semaphore>
#include <set>
#include <string>

#include <fmt/format.h>

#include "app/accounts_store.h"

namespace charter {
namespace {

constexpr std::size_t kMinPassword = 10;
constexpr std::size_t kMaxPassword = 128;

const std::set<std::string, std::less<>>& commonPasswords() {
  static const std::set<std::string, std::less<>> kList = {
#include "app/accounts_common_passwords.inc"
  };
  return kList;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool sodiumReady() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

// Tokens name their landlord so every lookup is scoped to one: "s<id>.<random>" (sessions)
// and "ch_<id>_<random>" (API tokens). The landlord id is not a secret; the random part is.
std::optional<std::pair<LandlordId, std::string_view>> splitToken(std::string_view token,
                                                                   std::string_view prefix,
                                                                   char sep) {
  if (token.size() > 200 || token.substr(0, prefix.size()) != prefix) return std::nullopt;
  token.remove_prefix(prefix.size());
  auto at = token.find(sep);
  if (at == std::string_view::npos || at == 0 || at > 15) return std::nullopt;
  LandlordId id = 0;
  for (char c : token.substr(0, at)) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  if (id <= 0 || token.size() - at - 1 < 20) return std::nullopt;
  return std::make_pair(id, token);
}

Error badSignIn() {
  return Error{ErrorKind::kInvalid, "password", "sign-in",
               "The username or password is not right."};
}

Error notSignedIn() {
  return unauthenticated("Not signed in, or the session has ended.").value();
}

tl::unexpected<Error> rateLimited() {
  return conflict("rate-limited", "Too many failed sign-ins. Wait a little and try again.");
}

Principal principalOf(const AccountRecord& a) {
  Principal p;
  p.landlord = a.landlord;
  p.user_id = a.id;
  p.username = a.username;
  p.display_name = a.display_name;
  p.job_title = a.job_title;
  p.role = a.role;
  p.person_ref = a.person_ref;
  return p;
}

class AccountServiceImpl final : public AccountService {
 public:
  AccountServiceImpl(AccountStore& store, const TimeSource& time, AccountOptions options)
      : store_(store), time_(time), options_(options),
        hashing_(std::max(1, options.concurrent_hashes)),
        by_account_(options.per_account),
        by_address_(options.per_address) {
    if (!sodiumReady()) throw std::runtime_error("libsodium failed to initialise");
    // A hash to verify against when the username is unknown, so the time taken does not say
    // whether an account exists.
    auto h = hash("charter: no such account");
    dummy_hash_ = h ? *h : std::string();
  }

  Result<Principal> addAccount(const NewAccount& in) override {
    std::string username = lower(in.username);
    if (username.empty() || username.size() > 200) {
      return invalid("username", "length", "The username must be 1 to 200 characters.");
    }
    for (char c : username) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
        return invalid("username", "format", "The username must not contain spaces or control characters.");
      }
    }
    if (in.display_name.empty() || in.display_name.size() > 200) {
      return invalid("display_name", "length", "The name must be 1 to 200 characters.");
    }
    if (in.job_title.size() > 200)
      return invalid("job_title", "length", "The job title must be at most 200 characters.");
    const bool resident = in.role == Role::kResident || in.role == Role::kRepresentative;
    if (resident && in.person_ref.empty()) {
      return invalid("person_ref", "required",
                     "A resident or representative account needs the person reference whose cases it sees.");
    }
    if (auto s = checkPassword(in.password, username); !s) return tl::unexpected(s.error());
    auto h = hash(in.password);
    if (!h) return tl::unexpected(h.error());
    AccountRecord a;
    a.landlord = in.landlord;
    a.username = username;
    a.display_name = in.display_name;
    a.job_title = in.job_title;
    a.role = in.role;
    a.person_ref = in.person_ref;
    a.password_hash = std::move(*h);
    a.created = time_.now();
    auto id = store_.insertAccount(a);
    if (!id) return tl::unexpected(id.error());
    a.id = *id;
    return principalOf(a);
  }

  Result<Session> signIn(std::string_view landlord_slug, std::string_view username,
                         std::string_view password, std::string_view remote_address) override {
    const Instant now = time_.now();
    const std::string name = accountKey(landlord_slug, username);
    if (by_address_.wait(remote_address, now).count() > 0 || by_account_.wait(name, now).count() > 0) {
      return rateLimited();
    }
    auto account = findAccount(landlord_slug, username);
    if (!account) return tl::unexpected(account.error());
    // The same password work whatever the input: one Argon2id verify, against a dummy hash
    // when there is no usable account or the password is over-long (cut to a fixed length).
    const bool usable = *account && !(*account)->disabled && password.size() <= kMaxPassword;
    const bool right = verify(usable ? (*account)->password_hash : dummy_hash_,
                              password.substr(0, kMaxPassword + 1)) && usable;
    if (!right) {
      by_address_.failed(remote_address, now);
      by_account_.failed(name, now);
      return tl::unexpected(badSignIn());
    }
    by_account_.succeeded(name);
    return startSession(**account, now);
  }

  std::chrono::seconds signInWait(std::string_view remote_address, std::string_view landlord_slug,
                                  std::string_view username) override {
    const Instant now = time_.now();
    auto wait = by_address_.wait(remote_address, now);
    if (!username.empty()) wait = std::max(wait, by_account_.wait(accountKey(landlord_slug, username), now));
    return std::chrono::ceil<std::chrono::seconds>(wait);
  }

  Result<Session> session(std::string_view token) override {
    auto parts = splitToken(token, "s", '.');
    if (!parts) return tl::unexpected(notSignedIn());
    auto rec = store_.session(parts->first, tokenHash(token));
    if (!rec) return tl::unexpected(rec.error());
    const Instant now = time_.now();
    if (!*rec || (*rec)->expires <= now) return tl::unexpected(notSignedIn());
    auto account = store_.account(parts->first, (*rec)->account_id);
    if (!account) return tl::unexpected(account.error());
    if (!*account || (*account)->disabled) return tl::unexpected(notSignedIn());
    Instant expires = (*rec)->expires;
    if (auto window = idle()) {
      // The idle timeout slides with use, never past the session's lifetime.
      const Instant slid = std::min((*rec)->created + lifetime(), now + *window);
      const auto every = std::min<std::chrono::milliseconds>(std::chrono::minutes(1), *window / 4);
      if (slid - expires >= every) {
        if (auto t = store_.touchSession(parts->first, (*rec)->token_hash, slid); !t) {
          return tl::unexpected(t.error());
        }
        expires = slid;
      }
    }
    Session s;
    s.token = std::string(token);
    s.csrf_token = (*rec)->csrf_token;
    s.expires = expires;
    s.principal = principalOf(**account);
    return s;
  }

  Status signOut(std::string_view token) override {
    auto parts = splitToken(token, "s", '.');
    if (!parts) return {};
    return store_.deleteSession(parts->first, tokenHash(token));
  }

  Result<std::string> createApiToken(LandlordId landlord, Role role,
                                     std::string_view name) override {
    if (name.size() > 200) return invalid("name", "length", "The token name must be at most 200 characters.");
    std::string token = fmt::format("ch_{}_{}", landlord, randomToken());
    ApiTokenRecord rec;
    rec.landlord = landlord;
    rec.token_hash = tokenHash(token);
    rec.name = name.empty() ? std::string(displayName(role)) + " token" : std::string(name);
    rec.role = role;
    rec.created = time_.now();
    auto id = store_.insertApiToken(rec);
    if (!id) return tl::unexpected(id.error());
    return token;
  }

  Result<Principal> bearer(std::string_view token) override {
    auto parts = splitToken(token, "ch_", '_');
    if (!parts) return tl::unexpected(notSignedIn());
    auto rec = store_.apiToken(parts->first, tokenHash(token));
    if (!rec) return tl::unexpected(rec.error());
    if (!*rec || (*rec)->revoked) return tl::unexpected(notSignedIn());
    Principal p;
    p.landlord = (*rec)->landlord;
    p.user_id = (*rec)->id;
    p.username = "token:" + (*rec)->name;
    p.display_name = (*rec)->name;
    p.role = (*rec)->role;
    p.api_token = true;
    return p;
  }

  Result<LandlordId> landlordBySlug(std::string_view slug) override {
    auto l = store_.landlordBySlug(slug);
    if (!l) return tl::unexpected(l.error());
    if (!*l) return notFound(fmt::format("There is no landlord '{}'.", slug));
    return (*l)->id;
  }

 private:
  std::chrono::milliseconds lifetime() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(options_.session_lifetime);
  }
  std::optional<std::chrono::milliseconds> idle() const {
    if (options_.session_idle.count() <= 0) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(options_.session_idle);
  }

  Result<std::string> hash(std::string_view password) {
    hashing_.acquire();
    auto out = hashPassword(password, options_);
    hashing_.release();
    return out;
  }

  bool verify(std::string_view hash, std::string_view password) {
    hashing_.acquire();
    bool ok = verifyPassword(hash, password);
    hashing_.release();
    return ok;
  }

  static std::string accountKey(std::string_view landlord_slug, std::string_view username) {
    return lower(landlord_slug) + '\n' + lower(username);
  }

  // The account a sign-in names, if its landlord and username exist.
  Result<std::optional<AccountRecord>> findAccount(std::string_view landlord_slug,
                                                   std::string_view username) {
    auto landlord = store_.landlordBySlug(landlord_slug);
    if (!landlord) return tl::unexpected(landlord.error());
    if (!*landlord || username.size() > 200) return std::optional<AccountRecord>();
    return store_.accountByUsername((*landlord)->id, lower(username));
  }

  Result<Session> startSession(const AccountRecord& account, Instant now) {
    Session session;
    session.token = fmt::format("s{}.{}", account.landlord, randomToken());
    session.csrf_token = randomToken();
    session.expires = std::min(now + lifetime(), now + idle().value_or(lifetime()));
    session.principal = principalOf(account);
    SessionRecord rec{account.landlord, tokenHash(session.token), account.id,
                      session.csrf_token, now, session.expires};
    if (auto s = store_.insertSession(rec); !s) return tl::unexpected(s.error());
    return session;
  }

  AccountStore& store_;
  const TimeSource& time_;
  AccountOptions options_;
  std::counting_semaphore<1024> hashing_;
  std::string dummy_hash_;
  SignInThrottle by_account_;
  SignInThrottle by_address_;
};

}  // namespace

Result<ApiTokenRecord> revokeApiToken(AccountStore& store, LandlordId landlord,
                                      std::optional<std::int64_t> id, std::string_view name) {
  auto all = store.apiTokens(landlord);
  if (!all) return tl::unexpected(all.error());
  std::optional<ApiTokenRecord> chosen;
  for (const auto& t : *all) {
    if (id ? t.id != *id : (t.name != name || t.revoked)) continue;
    if (chosen) {
      return conflict("ambiguous", fmt::format("Several live tokens are called '{}'; give --id "
                                               "(ids {} and {}).",
                                               name, chosen->id, t.id));
    }
    chosen = t;
  }
  if (!chosen) {
    return notFound(id ? fmt::format("There is no API token {}.", *id)
                       : fmt::format("There is no live API token called '{}'.", name));
  }
  if (auto s = store.revokeApiToken(landlord, chosen->id); !s) return tl::unexpected(s.error());
  chosen->revoked = true;
  return *chosen;
}

bool isCommonPassword(std::string_view password) {
  return commonPasswords().count(lower(password)) > 0;
}

Status checkPassword(std::string_view password, std::string_view username) {
  if (password.size() < kMinPassword) {
    return invalid("password", "length",
                   fmt::format("The password must be at least {} characters. Three random words "
                               "make a good one.",
                               kMinPassword));
  }
  if (password.size() > kMaxPassword) {
    return invalid("password", "length",
                   fmt::format("The password must be at most {} characters.", kMaxPassword));
  }
  if (isCommonPassword(password)) {
    return invalid("password", "common",
                   "That password is one of the most commonly used; choose another.");
  }
  if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password[0]; })) {
    return invalid("password", "common", "The password must not be one character repeated.");
  }
  if (username.size() >= 4 && lower(password).find(lower(username)) != std::string::npos) {
    return invalid("password", "username", "The password must not contain the username.");
  }
  return {};
}

Result<std::string> hashPassword(std::string_view password, const AccountOptions& options) {
  if (!sodiumReady()) return internalError("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), options.opslimit,
                            options.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return internalError("out of memory hashing a password");
  }
  return std::string(out);
}

bool verifyPassword(std::string_view hash, std::string_view password) {
  if (!sodiumReady() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string randomToken(std::size_t bytes) {
  if (!sodiumReady()) throw std::runtime_error("libsodium failed to initialise");
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool sameSecret(std::string_view a, std::string_view b) {
  if (a.empty() || a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool csrfMatches(const Session& session, std::string_view token) {
  return sameSecret(session.csrf_token, token);
}

Result<Identity> identify(AccountService& accounts, const Credentials& credentials) {
  if (!credentials.bearer.empty()) {
    auto p = accounts.bearer(credentials.bearer);
    if (!p) return tl::unexpected(p.error());
    return Identity{std::move(*p), std::nullopt};
  }
  if (credentials.session.empty()) {
    return unauthenticated("Sign in, or send an API token as 'Authorization: Bearer TOKEN'.");
  }
  auto s = accounts.session(credentials.session);
  if (!s) return tl::unexpected(s.error());
  if (credentials.write && !csrfMatches(*s, credentials.csrf)) {
    return tl::unexpected(Error{ErrorKind::kForbidden, "X-CSRF-Token", "csrf",
                                "A change made with a session cookie must send the session's "
                                "CSRF token (X-CSRF-Token, or the form's csrf_token)."});
  }
  Principal who = s->principal;
  return Identity{std::move(who), std::move(*s)};
}

std::string tokenHash(std::string_view token) {
  sodiumReady();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::unique_ptr<AccountService> makeAccountService(AccountStore& store, const TimeSource& time,
                                                   AccountOptions options) {
  return std::make_unique<AccountServiceImpl>(store, time, options);
}

}  // namespace charter
