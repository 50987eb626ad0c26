# Writes OUT: a C++ file holding Haven's page templates (TEMPLATE_DIR/*.mustache, named
# "templates/<file>") and static assets (ASSET_FILES, '|'-separated paths, named
# "assets/<file>") as raw strings, looked up by web::embedded_file().
file(GLOB templates ${TEMPLATE_DIR}/*.mustache)
list(SORT templates)
string(REPLACE "|" ";" assets "${ASSET_FILES}")
set(body "// Generated from web/ and GOV.UK Frontend; do not edit.\n#include \"web/assets.hpp\"\n#include <map>\nnamespace haven::web {\nstd::optional<std::string_view> embedded_file(std::string_view name) {\n  static const std::map<std::string_view, std::string_view> all = {\n")
foreach(f ${templates})
  get_filename_component(name ${f} NAME)
  file(READ ${f} text)
  string(APPEND body "    {\"templates/${name}\", R\"haven_web(${text})haven_web\"},\n")
endforeach()
foreach(f ${assets})
  get_filename_component(name ${f} NAME)
  file(READ ${f} text)
  string(APPEND body "    {\"assets/${name}\", R\"haven_web(${text})haven_web\"},\n")
endforeach()
string(APPEND body "  };\n  auto it = all.find(name);\n  if (it == all.end()) return std::nullopt;\n  return it->second;\n}\n}  // namespace haven::web\n")
file(WRITE ${OUT} "${body}")
