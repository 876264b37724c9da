// Every distinct SQL statement the SQLite store has prepared in this process, so a test can
// check that each one touching a landlord's table is filtered by landlord_id.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace charter::sqlite_statements {

// Called wherever the store prepares a statement (cheap: a set insert on first preparation).
void note(std::string_view sql);
// Sorted, distinct.
std::vector<std::string> seen();

}  // namespace charter::sqlite_statements
