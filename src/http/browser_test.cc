// Cookies, cross-site writes, no-store and the local-path rule, on hand-made requests.
#include "http/browser.h"

#include <gtest/gtest.h>

namespace charter::http {
namespace {

Request req(std::string method, std::map<std::string, std::string> headers) {
  Request r;
  r.method = std::move(method);
  r.target = r.path = "/x";
  r.headers = std::move(headers);
  return r;
}

TEST(Browser, ReadsCookiesByExactName) {
  auto r = req("GET", {{"cookie", "a=1; charter_session_x=2;  charter_session=s1.abc ;b=3"}});
  EXPECT_EQ(cookie(r, kSessionCookie), "s1.abc");
  EXPECT_EQ(cookie(r, "b"), "3");
  EXPECT_EQ(cookie(r, "missing"), "");
}

TEST(Browser, SetCookieIsHttpOnlyAndSecureWhenAsked) {
  EXPECT_EQ(sessionCookie("t"), "charter_session=t; Path=/; HttpOnly; SameSite=Lax");
  setSecureCookies(true);
  EXPECT_EQ(setCookie("s", "v", {.path = "/sign-in", .same_site = "Strict", .clear = true}),
            "s=v; Path=/sign-in; HttpOnly; SameSite=Strict; Secure; Max-Age=0");
  setSecureCookies(false);
}

TEST(Browser, RefusesWritesFromAnotherSiteOnly) {
  const std::map<std::string, std::string> host = {{"host", "charter.example:8080"}};
  auto with = [&](std::string method, std::map<std::string, std::string> more) {
    auto h = host;
    h.insert(more.begin(), more.end());
    return req(std::move(method), h);
  };
  EXPECT_FALSE(refuseCrossSite(with("POST", {})));  // API clients send no Origin
  EXPECT_FALSE(refuseCrossSite(with("POST", {{"origin", "https://Charter.example:8080"}})));
  EXPECT_FALSE(refuseCrossSite(with("POST", {{"sec-fetch-site", "same-origin"}})));
  EXPECT_TRUE(refuseCrossSite(with("POST", {{"origin", "https://evil.example"}})));
  EXPECT_TRUE(refuseCrossSite(with("DELETE", {{"origin", "null"}})));
  EXPECT_TRUE(refuseCrossSite(with("POST", {{"origin", "http://charter.example"}})));  // port
  EXPECT_TRUE(refuseCrossSite(with("PUT", {{"sec-fetch-site", "cross-site"}})));
  EXPECT_FALSE(refuseCrossSite(with("GET", {{"origin", "https://evil.example"},
                                            {"sec-fetch-site", "cross-site"}})));
  auto page = refuseCrossSite(with("POST", {{"origin", "https://evil.example"},
                                            {"accept", "text/html,*/*"}}));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 403);
  EXPECT_EQ(page->content_type, "text/html; charset=utf-8");
}

TEST(Browser, CredentialedAnswersAreNotCached) {
  Response plain;
  keepPrivate(req("GET", {}), plain);
  EXPECT_TRUE(plain.headers.empty());
  Response bearer;
  keepPrivate(req("GET", {{"authorization", "Bearer x"}}), bearer);
  ASSERT_EQ(bearer.headers.size(), 1u);
  EXPECT_EQ(bearer.headers[0].second, "no-store");
  Response asset;
  asset.headers.emplace_back("Cache-Control", "public, max-age=3600");
  keepPrivate(req("GET", {{"cookie", "charter_session=s1.x"}}), asset);
  EXPECT_EQ(asset.headers.size(), 1u);
}

TEST(Browser, SafeLocalPaths) {
  for (const char* ok : {"/", "/staff", "/staff/search?q=a%20b", "/performance?period=2025-26",
                         "/a/b%2Fc"}) {
    EXPECT_TRUE(safeLocalPath(ok)) << ok;
  }
  for (const char* bad : {"", "staff", "//evil.example", "/\\evil.example", "/\t/evil.example",
                          "/%09/evil.example", "/%09%5Cevil.example", "/%2F/evil.example",
                          "/%5Cevil", "/a b", "/a%20b", "/a%0d%0aSet-Cookie:x", "/%zz",
                          "https://evil.example", "/\x7f", "/caf\xc3\xa9"}) {
    EXPECT_FALSE(safeLocalPath(bad)) << bad;
  }
}

}  // namespace
}  // namespace charter::http
