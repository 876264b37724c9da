// The subject access export as a PDF, drawn from the JSON document (util/pdf.h). Built only
// when the shared PDF writer (libhpdf) is; otherwise subjectAccessPdf says so.
#include "app/subject_access.h"

#ifdef CHARTER_HAVE_PDF
#include "util/pdf.h"
#endif

namespace charter {

Result<std::string> subjectAccessPdf(const nlohmann::json& doc) {
#ifdef CHARTER_HAVE_PDF
  using nlohmann::json;
  auto str = [](const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::string();
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  pdf::Document pdf({.title = "Subject access export: " + str(doc, "person_ref"),
                     .author = str(doc.value("landlord", json::object()), "name"),
                     .subject = "Everything held about a person (UK GDPR Article 15)",
                     .footer = "Subject access export " + str(doc, "person_ref")});
  pdf.heading("Subject access export");
  pdf.rows({{"Landlord", str(doc.value("landlord", json::object()), "name")},
            {"Person reference", str(doc, "person_ref")},
            {"Produced", str(doc, "generated_at")},
            {"Produced by", str(doc, "generated_by")},
            {"Cases", std::to_string(doc.value("cases", json::array()).size())}});
  for (const auto& c : doc.value("cases", json::array())) {
    pdf.heading("Case " + str(c, "reference"), 2);
    std::vector<std::pair<std::string, std::string>> rows = {
        {"Kind", str(c, "kind")},       {"Status", str(c, "status")},
        {"Received", str(c, "received_at")}, {"Summary", str(c, "summary")}};
    const json person = c.value("person", json::object());
    for (const auto& [key, value] : person.items()) {
      std::string v = value.is_string() ? value.get<std::string>() : value.dump();
      if (!v.empty() && v != "[]") rows.emplace_back("Person: " + key, v);
    }
    pdf.rows(rows);
    std::vector<std::vector<std::string>> events;
    for (const auto& e : c.value("events", json::array())) {
      events.push_back({std::to_string(e.value("seq", 0)), str(e, "type"), str(e, "at"),
                        str(e, "actor"), e.value("data", json::object()).dump()});
    }
    pdf.heading("History", 3);
    pdf.table({"#", "Event", "At", "By", "Details"}, events, {0.05f, 0.15f, 0.2f, 0.15f, 0.45f});
  }
  if (!doc.value("accounts", json::array()).empty()) {
    pdf.heading("Accounts", 2);
    std::vector<std::vector<std::string>> rows;
    for (const auto& a : doc["accounts"]) {
      rows.push_back({str(a, "username"), str(a, "display_name"), str(a, "role"), str(a, "created_at")});
    }
    pdf.table({"Username", "Name", "Role", "Created"}, rows);
  }
  if (const json r = doc.value("restrictions", json()); r.is_object()) {
    pdf.heading("Contact warnings and restrictions", 2);
    std::vector<std::vector<std::string>> events;
    for (const auto& e : r.value("events", json::array())) {
      events.push_back({std::to_string(e.value("seq", 0)), str(e, "type"), str(e, "at"),
                        str(e, "actor"), e.value("data", json::object()).dump()});
    }
    pdf.table({"#", "Event", "At", "By", "Details"}, events, {0.05f, 0.15f, 0.2f, 0.15f, 0.45f});
  }
  pdf.heading("Who viewed this record", 2);
  std::vector<std::vector<std::string>> views;
  for (const auto& v : doc.value("views", json::array())) {
    views.push_back({str(v, "at"), str(v, "reference"), str(v, "viewer"), str(v, "viewer_role"),
                     str(v, "purpose")});
  }
  pdf.table({"At", "Case", "Viewer", "Role", "Purpose"}, views);
  return pdf.finish();
#else
  return unavailable("This build has no PDF writer (libhpdf); ask for the JSON export.");
#endif
}

}  // namespace charter
