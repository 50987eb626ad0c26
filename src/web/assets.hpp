// Files compiled into the binary, so one executable serves its own pages: the mustache
// templates ("templates/home.mustache") and the static assets ("assets/haven.css", the
// stylesheet built from web/styles with GOV.UK Frontend; "assets/govuk-frontend.min.js";
// "assets/haven.js").
#pragma once
#include <optional>
#include <string_view>

namespace haven::web {

std::optional<std::string_view> embedded_file(std::string_view name);

}  // namespace haven::web
