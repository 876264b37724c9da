#include "main/admin_wiring.h"

#include "app/admin.h"
#include "main/web_cli.h"
#include "web/admin_routes.h"

namespace charter {

Result<std::shared_ptr<void>> addAdminWeb(http::Router& router, Backend& backend,
                                          AuthorisedCases& cases, AccountService& accounts,
                                          const TimeSource& time, AccountOptions hashing,
                                          Idempotency* idempotency) {
  struct Holder {
    std::unique_ptr<AdminStore> store;
    std::unique_ptr<AdminService> service;
    web::WebOptions options;
  };
  auto h = std::make_shared<Holder>();
  auto store = openAdminStore(backend);
  if (!store) return tl::unexpected(store.error());
  h->store = std::move(*store);
  h->service = std::make_unique<AdminService>(accounts, *backend.accounts, *h->store,
                                              cases.landlords(), time, std::move(hashing));
  const WebCli& w = webCli();
  h->options.landlord_slug = w.landlord;
  h->options.landlord_name = w.landlord_name;
  if (h->options.landlord_name.empty()) {
    auto record = cases.landlords().bySlug(w.landlord);
    h->options.landlord_name = record && !record->name.empty() ? record->name : "Charter";
  }
  h->options.landlord_phone = w.landlord_phone;
  h->options.landlord_email = w.landlord_email;
  h->options.landlord_address = w.landlord_address;
  h->options.idempotency = idempotency;
  web::addAdminRoutes(router, cases, accounts, h->options, *h->service);
  return std::shared_ptr<void>(h);
}

}  // namespace charter
