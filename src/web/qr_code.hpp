// A QR code as inline SVG, for a page to show text that a phone's camera reads (the otpauth://
// link of a second factor). Drawn with libqrencode at error-correction level M, one square per
// dark module, with the four-module quiet zone the standard asks for. Thread-safe: libqrencode
// keeps no shared state for this call.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace haven::web {

// The modules of the QR code of `text`, row by row (true is dark); empty when the text cannot
// be encoded (too long, or it holds a NUL).
[[nodiscard]] std::vector<std::vector<bool>> qr_modules(std::string_view text);

// An <svg> element drawing the QR code of `text`, described to screen readers as `label`;
// empty when the text cannot be encoded.
[[nodiscard]] std::string qr_svg(std::string_view text, std::string_view label);

}  // namespace haven::web
