#include "store/core/attachment_store.h"

#include <array>

namespace charter::store_core {
namespace {

constexpr Sql kInsert{
    "attachments_insert",
    "INSERT INTO attachments (landlord_id, case_id, name, content_type, size_bytes, sha256, "
    "added_ms, added_by, content_b64) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
constexpr Sql kList{"attachments_list",
                    "SELECT case_id, name, content_type, size_bytes, sha256, added_ms, added_by "
                    "FROM attachments WHERE landlord_id = $1 AND case_id = $2 "
                    "ORDER BY added_ms, name"};
constexpr Sql kGet{"attachments_get",
                   "SELECT case_id, name, content_type, size_bytes, sha256, added_ms, added_by, "
                   "content_b64 FROM attachments WHERE landlord_id = $1 AND case_id = $2 AND "
                   "name = $3"};
constexpr Sql kDelete{"attachments_delete",
                      "DELETE FROM attachments WHERE landlord_id = $1 AND case_id = $2"};
constexpr Sql kAll[] = {kInsert, kList, kGet, kDelete};

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

AttachmentInfo infoRow(const RowReader& r) {
  return AttachmentInfo{r.i64(0), r.text(1), r.text(2), r.i64(3),
                        r.text(4), r.instant(5), r.text(6)};
}

// The row with its bytes still in base64 (decoded by get()).
Attachment fileRow(const RowReader& r) { return Attachment{infoRow(r), r.text(7)}; }

}  // namespace

std::string base64Encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(v >> shift) & 63];
  }
  if (const std::size_t rest = in.size() - i; rest > 0) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64Decode(std::string_view in) {
  if (in.size() % 4 != 0) return std::nullopt;
  std::array<int, 256> value{};
  value.fill(-1);
  for (std::size_t k = 0; k < kAlphabet.size(); ++k) {
    value[static_cast<unsigned char>(kAlphabet[k])] = static_cast<int>(k);
  }
  std::string out;
  out.reserve(in.size() / 4 * 3);
  for (std::size_t i = 0; i < in.size(); i += 4) {
    const bool last = i + 4 == in.size();
    const int pad = last ? (in[i + 3] == '=') + (in[i + 2] == '=') : 0;
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      const int d = k >= 4 - pad ? 0 : value[static_cast<unsigned char>(in[i + k])];
      if (d < 0) return std::nullopt;
      v = (v << 6) | static_cast<unsigned>(d);
    }
    out += static_cast<char>((v >> 16) & 0xff);
    if (pad < 2) out += static_cast<char>((v >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(v & 0xff);
  }
  return out;
}

std::vector<std::string> attachmentStatements() {
  std::vector<std::string> out;
  for (const Sql& s : kAll) out.emplace_back(s.text);
  return out;
}

Status SqlAttachmentStore::add(LandlordId landlord, const Attachment& f) {
  const AttachmentInfo& a = f.info;
  auto r = db_->writeOne(landlord, Command(kInsert, {landlord, a.case_id, a.name, a.content_type,
                                                     a.size, a.sha256, sqlMillis(a.added_at),
                                                     a.added_by, base64Encode(f.content)}));
  if (!r) return tl::unexpected(r.error());
  return {};
}

Result<std::vector<AttachmentInfo>> SqlAttachmentStore::list(LandlordId landlord, CaseId id) {
  return readRows<AttachmentInfo>(*db_, Command(kList, {landlord, id}), infoRow);
}

Result<std::optional<Attachment>> SqlAttachmentStore::get(LandlordId landlord, CaseId id,
                                                          std::string_view name) {
  auto row = readOne<Attachment>(*db_, Command(kGet, {landlord, id, std::string(name)}), fileRow);
  if (!row || !*row) return row;
  auto bytes = base64Decode((*row)->content);
  if (!bytes) return internalError("A stored file is not valid base64.");
  (*row)->content = std::move(*bytes);
  return row;
}

Result<long> SqlAttachmentStore::removeAll(LandlordId landlord, CaseId id) {
  return db_->writeOne(landlord, Command(kDelete, {landlord, id}));
}

}  // namespace charter::store_core
