// What a case list's `q` searches, and the one text each case is searched in: the words of a
// query (app/case_store.h CaseQuery::text) and a case's search text (the cases.search_text
// column both stores index) come from these two functions, so SQLite and PostgreSQL compare
// the same strings with the same "contains" and give the same rows. Pure; cost linear in the
// input; no shared state.
//
// A case matches `q` when its search text contains every term of searchTerms(q) (any order,
// any case for ASCII letters), except when `q` is a whole phone number (wholePhone): then it
// matches the cases whose phone, as searchPhone writes it, is that number; and when `q` is a
// whole case reference (wholeReference): then it matches the case with that reference (its id,
// the cases' primary key). Either falls back to the text when no case (that passes the other
// filters) matches (CaseService::list). The search text holds, lower-cased and one a line: the case
// reference, the person's name, address, email, phone (as searchPhone), tenancy reference,
// and the summary.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"

namespace charter {

// The most terms a query keeps (the rest are ignored); each term's pattern is one LIKE.
inline constexpr std::size_t kMaxSearchTerms = 8;

// `s` with ASCII A-Z lowered (other bytes, UTF-8 included, kept as they are).
std::string lowerAscii(std::string_view s);

// A UK phone number in one spelling: its digits, with an international +44 / 0044 / 44
// (12 digits) prefix written as the national 0. "+44 (0)7700 900123" is not special-cased:
// the (0) stays a digit. "" when `s` has no digit.
std::string searchPhone(std::string_view s);

// The terms of a query: a phone number (only digits, spaces, + - ( ) . and at least 7
// digits) is one term, searchPhone of it; anything else is split on white space and on
// % _ \ (which would be LIKE's own characters), lowered, duplicates dropped, at most
// kMaxSearchTerms kept. Empty when `q` has no term.
std::vector<std::string> searchTerms(std::string_view q);

// The whole UK number `q` asks for, when it is one: searchPhone of a query that searchTerms
// takes as a phone number, when that is the national 0 and ten more digits ("+44 7700
// 900123", "0113 496 0000"). Such a query is answered by equality on the case's phone alone
// (cases.phone_norm, migration 0035, a B-tree index), not by looking for the digits anywhere
// in the search text; a shorter number (a part of one, "0113 496", or one of the few ten-digit
// UK numbers) and another country's number still are. Empty otherwise.
std::string wholePhone(std::string_view q);

// The case `q` names by its whole reference, when it does: caseReference(id) ("CH-002500",
// "CH-2500000") in any case, with spaces around it and a space, several or none in place of
// the hyphen ("ch-2500000", "CH 002500", " ch002500 "), the number as caseReference writes it
// (six digits or more, zero-padded to six, no other leading zero). Such a query is answered by
// the case's id (the cases' primary key), not by looking for the text in every case's search
// text, where it is also a part of the ten longer references it begins ("CH-123456" of
// CH-1234560 to CH-1234569) and of any text quoting it. Anything else is text: a part of a
// reference ("CH-1234", "CH-123" for CH-000123), bare digits ("2500000": the reference's
// digits, or a part of a phone number), another prefix, more words. nullopt otherwise.
std::optional<CaseId> wholeReference(std::string_view q);

// Whether `q` is answered by an equality (a whole phone number or a whole reference), not by
// its terms in the search text.
bool equalitySearch(std::string_view q);

// The search text of a case (see above); `reference` is the one stored (state.reference, or
// the default when that is empty).
std::string caseSearchText(const CaseState& state, std::string_view reference);

}  // namespace charter
