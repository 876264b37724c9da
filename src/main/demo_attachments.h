// Demo data for correspondence on the file and additional complaints (Code 5.12, 6.8): letters
// and an email attached to a few complaints, and on one open stage 1 complaint a new issue
// added (with its letter owed). Deterministic: the first complaints that fit.
#pragma once

#include "app/attachments.h"
#include "app/case_service.h"

namespace charter {

// REQUIRES: the demo's cases are written; `time` is the service's TimeSource, set back to
// `end` before returning.
Status generateDemoAttachments(CaseService& service, AttachmentStore& files,
                               FixedTimeSource& time, Instant end);

}  // namespace charter
