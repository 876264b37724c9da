#include "http/tls_context.h"

#include <stdexcept>
#include <string>

#include <fmt/format.h>
#include <openssl/ssl.h>

namespace charter::http {

namespace ssl = boost::asio::ssl;

std::unique_ptr<ssl::context> makeTlsContext(const ServerOptions& options) {
  if (options.tls_cert_file.empty() || options.tls_key_file.empty()) {
    throw std::runtime_error("TLS needs both a certificate file and a key file");
  }
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::no_compression | ssl::context::single_dh_use);
  SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION |
                                  SSL_OP_NO_TICKET);
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, std::string(kTls12Ciphers).c_str()) != 1) {
    throw std::runtime_error("cannot set the TLS protocol versions or ciphers");
  }
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(options.tls_cert_file, ec);
  if (ec) {
    throw std::runtime_error(fmt::format("cannot load the TLS certificate {}: {}",
                                         options.tls_cert_file, ec.message()));
  }
  ctx->use_private_key_file(options.tls_key_file, ssl::context::pem, ec);
  if (ec) {
    throw std::runtime_error(
        fmt::format("cannot load the TLS key {}: {}", options.tls_key_file, ec.message()));
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    throw std::runtime_error("the TLS key does not match the certificate");
  }
  return ctx;
}

}  // namespace charter::http
