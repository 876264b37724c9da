// The MailParser of app/mail_in.h over GMime 3 (Debian's libgmime-3.0): a raw RFC 5322
// message in, what Charter takes from it out. MIME, encoded words, charsets and transfer
// encodings are GMime's; this file only chooses what to keep.
//
//   * message_id, subject (encoded words decoded), the first From mailbox's name and address;
//   * text: the first text/plain part that is not an attachment, converted from its charset to
//     UTF-8 (further inline text/plain parts follow it); without one, the first text/html part
//     as plain text (html_text.h);
//   * attachments: every other leaf part (with its file name when it has one, its declared
//     type and its decoded bytes), and each attached message (message/rfc822) whole;
//   * problem "malformed" when GMime cannot build a message, finds no header, or warns that
//     the message is truncated or malformed or that a part may be skipped (its GMIME_CRIT_*
//     warnings); "no-from" when there is no From mailbox.
// Cost: O(size of the message) time and about twice its size in memory.
// Threading: safe from many threads (GMime is initialised once, on first use).
#pragma once

#include <string_view>

#include "app/mail_in.h"

namespace charter::mail {

InboundMail parseMessage(std::string_view raw);

}  // namespace charter::mail
