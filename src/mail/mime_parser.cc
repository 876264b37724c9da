#include "mail/mime_parser.h"

#include <memory>
#include <mutex>
#include <string>

#include <fmt/format.h>
#include <gmime/gmime.h>

#include "mail/html_text.h"

namespace charter::mail {
namespace {

// Owners of GMime's and GLib's objects, freed when they go out of scope.
struct Unref {
  void operator()(gpointer p) const { g_object_unref(p); }
};
template <class T>
using Ref = std::unique_ptr<T, Unref>;
struct GFree {
  void operator()(gpointer p) const { g_free(p); }
};
using GText = std::unique_ptr<char, GFree>;

void initOnce() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// Text as valid UTF-8 (a part whose charset GMime could not convert may carry stray bytes).
std::string validUtf8(const char* text) {
  if (text == nullptr) return "";
  GText valid(g_utf8_make_valid(text, -1));
  return valid ? std::string(valid.get()) : std::string();
}

// The parser's warnings that make a message "malformed": it was cut short, its structure is
// broken, or some of it may have been skipped.
struct Warnings {
  std::string first;
};

void onWarning(gint64 offset, GMimeParserWarning code, const gchar* item, gpointer data) {
  auto* w = static_cast<Warnings*>(data);
  if (!w->first.empty()) return;
  const char* what = nullptr;
  switch (code) {
    case GMIME_WARN_TRUNCATED_MESSAGE: what = "the message is cut short"; break;
    case GMIME_WARN_MALFORMED_MESSAGE: what = "the message is malformed"; break;
    case GMIME_WARN_MALFORMED_MULTIPART: what = "a multipart has no parts"; break;
    case GMIME_CRIT_INVALID_HEADER_NAME: what = "a header has an invalid name"; break;
    case GMIME_CRIT_CONFLICTING_HEADER: what = "two headers conflict"; break;
    case GMIME_CRIT_CONFLICTING_PARAMETER: what = "two header parameters conflict"; break;
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: what = "a multipart has no boundary"; break;
    case GMIME_CRIT_NESTING_OVERFLOW: what = "the parts are nested too deeply"; break;
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
      what = "a part has neither headers nor content";
      break;
    default: return;  // recoverable: a duplicated header, an unencoded 8-bit header, ...
  }
  w->first = fmt::format("{} (at byte {}{}{})", what, offset, item != nullptr ? ": " : "",
                         item != nullptr ? validUtf8(item).substr(0, 80) : "");
}

// A part's decoded bytes (transfer encoding undone, charset left as it is).
std::string partBytes(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return "";
  Ref<GMimeStream> mem(g_mime_stream_mem_new());
  if (g_mime_data_wrapper_write_to_stream(content, mem.get()) < 0) return "";
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  return bytes == nullptr ? "" : std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

std::string mimeType(GMimeObject* part) {
  GMimeContentType* type = g_mime_object_get_content_type(part);
  if (type == nullptr) return "application/octet-stream";
  GText name(g_mime_content_type_get_mime_type(type));
  return name ? std::string(name.get()) : "application/octet-stream";
}

struct Walk {
  InboundMail* mail;
  std::string html;
};

void keepLeaf(Walk& w, GMimeObject* object) {
  if (GMIME_IS_MESSAGE_PART(object)) {  // an attached email, kept whole
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
    if (inner == nullptr) return;
    GText text(g_mime_object_to_string(GMIME_OBJECT(inner), nullptr));
    const char* subject = g_mime_message_get_subject(inner);
    std::string name = subject != nullptr ? validUtf8(subject) : "";
    w.mail->attachments.push_back(
        {name.empty() ? "" : name + ".eml", "message/rfc822", text ? std::string(text.get()) : ""});
    return;
  }
  if (!GMIME_IS_PART(object)) return;
  GMimePart* part = GMIME_PART(object);
  const bool attachment = g_mime_part_is_attachment(part);
  if (GMIME_IS_TEXT_PART(object) && !attachment) {
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (g_mime_content_type_is_type(type, "text", "plain")) {
      GText text(g_mime_text_part_get_text(GMIME_TEXT_PART(object)));
      if (!w.mail->text.empty()) w.mail->text += "\n\n";
      w.mail->text += validUtf8(text.get());
      return;
    }
    if (g_mime_content_type_is_type(type, "text", "html")) {
      if (w.html.empty()) {
        GText text(g_mime_text_part_get_text(GMIME_TEXT_PART(object)));
        w.html = validUtf8(text.get());
      }
      return;
    }
  }
  const char* filename = g_mime_part_get_filename(part);
  w.mail->attachments.push_back(
      {filename != nullptr ? validUtf8(filename) : "", mimeType(object), partBytes(part)});
}

void eachPart(GMimeObject* /*parent*/, GMimeObject* part, gpointer data) {
  if (GMIME_IS_MULTIPART(part)) return;  // foreach visits its children
  keepLeaf(*static_cast<Walk*>(data), part);
}

void readFrom(GMimeMessage* message, InboundMail& mail) {
  InternetAddressList* from = g_mime_message_get_from(message);
  const int n = from != nullptr ? internet_address_list_length(from) : 0;
  for (int i = 0; i < n && mail.from_address.empty(); ++i) {
    InternetAddress* a = internet_address_list_get_address(from, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(a)) continue;
    const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
    if (addr == nullptr || std::string_view(addr).find('@') == std::string_view::npos) continue;
    mail.from_address = validUtf8(addr);
    mail.from_name = validUtf8(internet_address_get_name(a));
  }
}

void setProblem(InboundMail& mail, const char* rule, std::string why) {
  mail.problem_rule = rule;
  mail.problem = std::move(why);
}

}  // namespace

InboundMail parseMessage(std::string_view raw) {
  initOnce();
  InboundMail mail;
  Warnings warnings;
  std::unique_ptr<GMimeParserOptions, void (*)(GMimeParserOptions*)> options(
      g_mime_parser_options_new(), g_mime_parser_options_free);
  g_mime_parser_options_set_warning_callback(options.get(), onWarning, &warnings);
  Ref<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  Ref<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  Ref<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options.get()));
  if (!message) {
    setProblem(mail, "malformed", "The message could not be read as an email.");
    return mail;
  }
  if (const char* id = g_mime_message_get_message_id(message.get())) mail.message_id = validUtf8(id);
  if (const char* s = g_mime_message_get_subject(message.get())) mail.subject = validUtf8(s);
  readFrom(message.get(), mail);
  Walk walk{&mail, ""};
  g_mime_message_foreach(message.get(), eachPart, &walk);
  if (mail.text.empty() && !walk.html.empty()) mail.text = htmlToText(walk.html);
  GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(message.get()));
  if (headers == nullptr || g_mime_header_list_get_count(headers) == 0) {
    setProblem(mail, "malformed", "The message has no headers.");
  } else if (!warnings.first.empty()) {
    setProblem(mail, "malformed", "The message is malformed: " + warnings.first + ".");
  } else if (mail.from_address.empty()) {
    setProblem(mail, "no-from", "The message has no From address to reply to.");
  }
  return mail;
}

}  // namespace charter::mail
