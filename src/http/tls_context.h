// The server's TLS settings (internal to src/http: only server.cc and its tests include it).
//
// TLS 1.2 and 1.3 only. In TLS 1.2 only ECDHE key exchange with AEAD ciphers (forward secrecy;
// no RSA key transport, no CBC, no SHA-1 MACs), chosen in the server's order, not the client's;
// TLS 1.3's suites are all of that kind. No compression, no renegotiation, no session tickets
// (so a stolen ticket key cannot unlock past sessions).
#pragma once

#include <memory>
#include <string_view>

#include <boost/asio/ssl/context.hpp>

#include "http/server.h"

namespace charter::http {

// The TLS 1.2 cipher list, in the server's order of preference.
inline constexpr std::string_view kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// A server context loaded from options.tls_cert_file and tls_key_file. Throws
// std::runtime_error naming the file when either cannot be loaded or they do not match.
std::unique_ptr<boost::asio::ssl::context> makeTlsContext(const ServerOptions& options);

}  // namespace charter::http
