// GET /api/v1/calendar/deadline?received_at=..[&nation=..][&channel=..]: day zero and the
// Code's clocks (later ones provisional) for a complaint received then, under `service`'s
// policy in force on that day, with its calendar read for another nation when asked.
#pragma once

#include "app/case_service.h"
#include "http/server.h"

namespace charter::api {

http::Response deadline(CaseService& service, const http::Request& request);

}  // namespace charter::api
