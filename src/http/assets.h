// Static files (the web's css, js, fonts and images) from one folder, for GET /assets/...
//
// serveAsset answers 200 with the file's bytes only for a regular file that lies inside
// `root` once every symbolic link is resolved; a name that is empty, starts with a dot or
// holds anything but letters, digits, '.', '-' and '_' (so no "..", no '/' however it was
// encoded), a folder, a missing file or one outside `root` is answered 404. The content type
// comes from the extension (application/octet-stream when unknown). Reads the whole file per
// call (the assets are small); thread-safe.
#pragma once

#include <filesystem>
#include <string_view>

#include "http/server.h"

namespace charter::http {

// `dir` is "" for a file directly in `root`, else one folder name ("fonts", "images").
Response serveAsset(const std::filesystem::path& root, std::string_view dir,
                    std::string_view file);

}  // namespace charter::http
