# Writes OUT: a C++ source defining charter::web::builtinPageTemplateFiles(), every
# *.mustache under DIR/pages and DIR/partials as ("pages/<name>", text), compiled into the
# binary so the pages need no folder at run time. Run by src/web/CMakeLists.txt at build time.
file(GLOB pages RELATIVE ${DIR} ${DIR}/pages/*.mustache ${DIR}/partials/*.mustache)
list(SORT pages)
set(body "")
set(index 0)
foreach(rel ${pages})
  file(READ ${DIR}/${rel} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," hex "${hex}")
  string(REGEX REPLACE "\\.mustache$" "" name "${rel}")
  string(APPEND body "const char k${index}[] = {${hex} 0};\n")
  string(APPEND entries "    {\"${name}\", std::string_view(k${index}, sizeof(k${index}) - 1)},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(WRITE ${OUT}.tmp
"// Generated from templates/pages and templates/partials by cmake/embed_templates.cmake.\n"
"#include <string_view>\n#include <utility>\n#include <vector>\n\n"
"namespace charter::web {\nnamespace {\n${body}}  // namespace\n\n"
"const std::vector<std::pair<std::string_view, std::string_view>>& builtinPageTemplateFiles() {\n"
"  static const std::vector<std::pair<std::string_view, std::string_view>> files = {\n${entries}  };\n"
"  return files;\n}\n\n}  // namespace charter::web\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
