// The words a person reads for the codes Charter stores: "service_request" is "Service request",
// "in_person" is "In person", "partly_upheld" is "Partly upheld". Used by the staff pages, the
// portal and the reports (page, PDF and spreadsheet); the API keeps the codes. Pure.
#pragma once

#include <string>
#include <string_view>

namespace charter {

// A case kind, capitalised: "Service request", "MP or councillor enquiry". Unknown: as given.
std::string kindLabel(const std::string& kind_slug);
// A channel: "Phone", "Online account", "Through a representative". Unknown: as given.
std::string channelLabel(const std::string& channel_slug);
// A finding or stage 2 review: "Upheld", "Partly upheld", "Not upheld", "Stage 1 finding
// overturned". Unknown: slugWords.
std::string findingLabel(std::string_view finding_slug);
// A report row's key (app/reports.h Breakdown) in words: a kind or channel by its label, a
// code such as a refusal reason by slugWords, words (service areas, themes) as they are; "" is
// "(not recorded)".
std::string breakdownLabel(const std::string& key);
// Any other code in words: '_', '-' and '.' become spaces and the first letter a capital
// ("previously-considered" is "Previously considered"). "" stays "".
std::string slugWords(std::string_view slug);

}  // namespace charter
