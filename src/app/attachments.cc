#include "app/attachments.h"

#include <array>
#include <cctype>

#include <fmt/format.h>
#include <sodium.h>

#include "domain/documents.h"

namespace charter {
namespace {

// Appends `e` (seq and times set here) to case `id` with its projection, in one transaction.
Status appendToCase(CaseStore& store, CaseService& service, LandlordId landlord, CaseId id,
                    Event e, Instant now) {
  const Date today = service.today();
  return store.write(landlord, [&](CaseTxn& txn) -> Status {
    auto loaded = txn.load(id);
    if (!loaded) return tl::unexpected(loaded.error());
    if (!*loaded) return notFound(fmt::format("There is no case {}.", caseReference(id)));
    CaseState state = std::move(**loaded);
    Event next = e;
    next.seq = state.version() + 1;
    next.at = now;
    next.recorded_at = now;
    state.apply(next);
    std::vector<Clock> clocks = service.clocksFor(state, today);
    return txn.append(id, {next}, CaseProjection{&state, &clocks});
  });
}

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// UTF-8 text with no control characters but tab, line feed, carriage return and form feed.
bool plainText(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f) {
        return false;
      }
      ++i;
      continue;
    }
    const int more = c >= 0xf0 && c < 0xf5 ? 3 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
    if (more < 0 || i + static_cast<std::size_t>(more) >= s.size()) return false;
    for (int k = 1; k <= more; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += static_cast<std::size_t>(more) + 1;
  }
  return true;
}

// An email (RFC 5322): the first line is a header field ("Name: value") and a header every
// message carries (From, Date, Subject, Received, Message-ID, MIME-Version) appears before the
// first blank line.
bool emailMessage(std::string_view s) {
  const std::size_t colon = s.find(':');
  const std::size_t eol = s.find('\n');
  if (colon == 0 || colon == std::string_view::npos || colon > eol) return false;
  for (char c : s.substr(0, colon)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  std::size_t end = s.find("\n\n");
  if (const std::size_t crlf = s.find("\r\n\r\n"); crlf < end) end = crlf;
  std::string head(s.substr(0, end == std::string_view::npos ? s.size() : end));
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  head.insert(0, "\n");
  for (const char* h : {"\nfrom:", "\ndate:", "\nsubject:", "\nreceived:", "\nmessage-id:",
                        "\nmime-version:"}) {
    if (head.find(h) != std::string::npos) return true;
  }
  return false;
}

std::string mediaOf(std::string_view declared) {
  std::string out(declared.substr(0, declared.find(';')));
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
  std::size_t start = 0;
  while (start < out.size() && std::isspace(static_cast<unsigned char>(out[start]))) ++start;
  out.erase(0, start);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

constexpr std::string_view kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

Status checkContent(std::string_view declared, std::string_view sniffed) {
  if (sniffed.empty()) {
    return invalid("content", "unsupported-type",
                   "The file is not one Charter keeps on a case: a PDF, PNG or JPEG image, a "
                   "Word (.docx) document, an email (.eml) or plain text.");
  }
  const std::string media = mediaOf(declared);
  if (media == sniffed) return {};
  if (sniffed == "message/rfc822" && media == "text/plain") return {};
  return invalid("content_type", "type-mismatch",
                 fmt::format("The file was sent as {} but its content is {}: the type is read "
                             "from the content.",
                             media.empty() ? "no type" : media, sniffed));
}

}  // namespace

std::string sniffContentType(std::string_view b) {
  if (startsWith(b, "%PDF-")) return "application/pdf";
  if (startsWith(b, "\x89PNG\r\n\x1a\n")) return "image/png";
  if (startsWith(b, "\xff\xd8\xff")) return "image/jpeg";
  if (startsWith(b, std::string_view("PK\x03\x04", 4))) {
    const bool docx = b.find("[Content_Types].xml") != std::string_view::npos &&
                      b.find("word/") != std::string_view::npos;
    return docx ? std::string(kDocx) : std::string();
  }
  if (b.empty() || !plainText(b)) return "";
  return emailMessage(b) ? "message/rfc822" : "text/plain";
}

std::string sha256Hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  std::string out;
  out.reserve(digest.size() * 2);
  for (unsigned char c : digest) out += fmt::format("{:02x}", c);
  return out;
}

Status checkAttachmentName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 200 && name.front() != '.' && name.front() != ' ';
  for (char c : name) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '.' ||
                c == '_' || c == '-');
  }
  if (ok) return {};
  return invalid("name", "format",
                 "A file name is 1 to 200 letters, digits, spaces, dots, underscores or hyphens, "
                 "not starting with a dot or a space.");
}

std::string safeFileName(std::string_view name) {
  std::string out;
  for (char c : name) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
                      c == '-';
    out += keep ? c : '_';
  }
  return out.empty() ? "attachment" : out;
}

Status AttachmentService::canSee(const Principal& who, CaseId id, bool showing) {
  auto view = showing ? cases_.show(who, id, "attachments") : cases_.get(who, id, "attachments");
  if (!view) return tl::unexpected(view.error());
  if (!who.isStaff()) return forbidden("Only staff read the correspondence on a case file.");
  return {};
}

Result<std::pair<AttachmentInfo, bool>> AttachmentService::add(const Principal& who, CaseId id,
                                                                std::string_view name,
                                                                std::string_view declared_type,
                                                                std::string bytes) {
  if (auto s = canSee(who, id, false); !s) return tl::unexpected(s.error());
  if (!allowed(who, Permission::kLogContact)) return forbidden();
  if (auto s = checkAttachmentName(name); !s) return tl::unexpected(s.error());
  if (bytes.empty()) return invalid("body", "required", "The file is empty.");
  if (bytes.size() > kMaxAttachmentBytes) {
    return invalid("body", "too-large",
                   fmt::format("A file may be at most {} bytes.", kMaxAttachmentBytes));
  }
  const std::string sniffed = sniffContentType(bytes);
  if (auto s = checkContent(declared_type, sniffed); !s) return tl::unexpected(s.error());
  auto service = cases_.service(who);
  if (!service) return tl::unexpected(service.error());
  Attachment file;
  file.info = AttachmentInfo{id,          std::string(name), sniffed,
                             static_cast<std::int64_t>(bytes.size()), sha256Hex(bytes),
                             cases_.landlords().time().now(), actorName(who)};
  file.content = std::move(bytes);
  auto added = store_.add(who.landlord, file);
  if (added) {
    Event e = attachmentAddedEvent(file.info.name, file.info.size, file.info.content_type,
                                   file.info.sha256);
    e.actor = file.info.added_by;
    if (auto s = appendToCase(cases_.landlords().caseStore(), **service, who.landlord, id,
                              std::move(e), file.info.added_at);
        !s) {
      return tl::unexpected(s.error());
    }
    return std::pair{file.info, true};
  }
  if (added.error().kind != ErrorKind::kConflict) return tl::unexpected(added.error());
  auto existing = get(who, id, name);
  if (existing && existing->info.sha256 == file.info.sha256) {
    return std::pair{existing->info, false};
  }
  return conflict("exists",
                  fmt::format("This case already has a different file named \"{}\"; files on "
                              "the record are kept as they were: choose another name.",
                              name),
                  "name");
}

Result<std::vector<AttachmentInfo>> AttachmentService::list(const Principal& who, CaseId id) {
  if (auto s = canSee(who, id, true); !s) return tl::unexpected(s.error());
  return store_.list(who.landlord, id);
}

Result<Attachment> AttachmentService::get(const Principal& who, CaseId id,
                                          std::string_view name) {
  if (auto s = canSee(who, id, false); !s) return tl::unexpected(s.error());
  auto file = store_.get(who.landlord, id, name);
  if (!file) return tl::unexpected(file.error());
  if (!*file) {
    return notFound(fmt::format("Case {} has no file named \"{}\".", caseReference(id), name));
  }
  if (sha256Hex((*file)->content) != (*file)->info.sha256) {
    return internalError(fmt::format("The stored file \"{}\" of case {} fails its checksum.",
                                     name, caseReference(id)));
  }
  return std::move(**file);
}

Result<std::vector<AttachmentInfo>> AttachmentService::shared(const Principal& who, CaseId id) {
  auto view = cases_.show(who, id, "attachments");
  if (!view) return tl::unexpected(view.error());
  auto files = store_.list(who.landlord, id);
  if (!files) return files;
  std::erase_if(*files, [&](const AttachmentInfo& f) {
    return !isSharedDocument(view->state, f.name);
  });
  return files;
}

Result<Attachment> AttachmentService::sharedFile(const Principal& who, CaseId id,
                                                 std::string_view name) {
  auto view = cases_.get(who, id, "attachments");
  if (!view) return tl::unexpected(view.error());
  auto missing = [&] {
    return notFound(fmt::format("Case {} has no document named \"{}\" for you.",
                                caseReference(id), name));
  };
  if (!isSharedDocument(view->state, name)) return missing();
  auto file = store_.get(who.landlord, id, name);
  if (!file) return tl::unexpected(file.error());
  if (!*file) return missing();
  if (sha256Hex((*file)->content) != (*file)->info.sha256) {
    return internalError(fmt::format("The stored file \"{}\" of case {} fails its checksum.",
                                     name, caseReference(id)));
  }
  return std::move(**file);
}

nlohmann::json attachmentJson(const AttachmentInfo& a) {
  return nlohmann::json{{"name", a.name},
                        {"content_type", a.content_type},
                        {"size", a.size},
                        {"sha256", a.sha256},
                        {"added_at", formatInstant(a.added_at)},
                        {"added_by", a.added_by}};
}

}  // namespace charter
