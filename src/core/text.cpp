#include "core/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace haven {

std::string folded_for_search(std::string_view text) {
  // Decomposed first, so an accent stands apart from its letter and is dropped; then folded to
  // one case (with compatibility forms: "ﬁ" -> "fi"). ICU's normalisers are built once and
  // shared; they are thread-safe.
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* apart = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  auto typed = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString decomposed = U_SUCCESS(status) ? apart->normalize(typed, status) : typed;
  icu::UnicodeString bare;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 ch = decomposed.char32At(i);
    if (u_charType(ch) != U_NON_SPACING_MARK) bare.append(ch);
    i += U16_LENGTH(ch);
  }
  icu::UnicodeString folded = U_SUCCESS(status) ? fold->normalize(bare, status) : bare;
  std::string out;
  if (U_FAILURE(status)) {  // no Unicode data: ASCII letters are still matched in either case
    out.assign(text);
    for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
  }
  folded.toUTF8String(out);
  return out;
}

bool is_valid_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    char32_t code = 0, lowest = 0;
    if ((byte & 0xE0) == 0xC0) length = 2, code = byte & 0x1F, lowest = 0x80;
    else if ((byte & 0xF0) == 0xE0) length = 3, code = byte & 0x0F, lowest = 0x800;
    else if ((byte & 0xF8) == 0xF0) length = 4, code = byte & 0x07, lowest = 0x10000;
    else return false;  // a continuation byte with no lead, or a byte UTF-8 never uses
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < lowest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

std::unexpected<Error> not_valid_text(std::string_view field) {
  return fail(ErrorKind::invalid_input,
              std::string(field) + " holds characters that are not valid text (UTF-8); type it again or save the file "
                                   "as UTF-8");
}

Result<bool> check_free_text(std::string_view text, std::string_view field, std::string_view what, std::size_t longest,
                             bool required) {
  if (required && text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return fail(ErrorKind::invalid_input, "give " + std::string(what) + " (" + std::string(field) + ")");
  if (text.size() > longest)
    return fail(ErrorKind::invalid_input, std::string(what) + " must be at most " + std::to_string(longest) +
                                              " characters (" + std::string(field) + ")");
  return true;
}

Result<bool> require_utf8(std::string_view value, std::string_view field) {
  if (is_valid_utf8(value)) return true;
  return not_valid_text(field);
}

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string capitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string uncapitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

std::optional<int> whole_number(std::string_view text, int low, int high) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  int value = 0;
  for (char ch : text) value = value * 10 + (ch - '0');
  if (value < low || value > high) return std::nullopt;
  return value;
}

std::string name_in_words(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return capitalised(std::move(out));
}

std::string masked_email(std::string_view address) {
  auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0) return "•••";
  // The first character whole, though it take more than one byte.
  std::size_t first = 1;
  while (first < at && (static_cast<unsigned char>(address[first]) & 0xC0) == 0x80) ++first;
  return std::string(address.substr(0, first)) + "•••" + std::string(address.substr(at));
}

}  // namespace haven
