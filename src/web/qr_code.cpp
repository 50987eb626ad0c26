#include "web/qr_code.hpp"

#include <fmt/format.h>
#include <qrencode.h>

#include <memory>

namespace haven::web {

namespace {

constexpr int quiet_zone = 4;  // modules of light border around the symbol

// Escapes text for an attribute value.
std::string attribute_text(std::string_view text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

}  // namespace

std::vector<std::vector<bool>> qr_modules(std::string_view text) {
  std::string terminated(text);
  if (terminated.find('\0') != std::string::npos) return {};
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString8bit(terminated.c_str(), 0, QR_ECLEVEL_M),
                                                       &QRcode_free);
  if (!code) return {};
  std::vector<std::vector<bool>> rows(code->width, std::vector<bool>(code->width));
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x) rows[y][x] = (code->data[y * code->width + x] & 1) != 0;
  return rows;
}

std::string qr_svg(std::string_view text, std::string_view label) {
  auto modules = qr_modules(text);
  if (modules.empty()) return {};
  int size = static_cast<int>(modules.size()) + 2 * quiet_zone;
  // One path of unit squares: "M x y h1 v1 h-1 z" for each dark module.
  std::string path;
  for (std::size_t y = 0; y < modules.size(); ++y)
    for (std::size_t x = 0; x < modules.size(); ++x)
      if (modules[y][x]) path += fmt::format("M{} {}h1v1h-1z", x + quiet_zone, y + quiet_zone);
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {0}\" width=\"{1}\" height=\"{1}\" role=\"img\" "
      "aria-label=\"{2}\" shape-rendering=\"crispEdges\"><rect width=\"{0}\" height=\"{0}\" fill=\"#fff\"/>"
      "<path d=\"{3}\" fill=\"#000\"/></svg>",
      size, size * 5, attribute_text(label), path);
}

}  // namespace haven::web
