// Text at Haven's entrances, and counts in words. Every piece of text a person or a file gives Haven (API bodies,
// web forms, CSV imports, command-line options) must be well-formed UTF-8 before it is used or
// stored: otherwise it is refused with an error naming the field, and nothing is changed.
// Thread-safe: pure functions.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace haven {

// Whether `text` is well-formed UTF-8: no stray continuation bytes, no overlong forms, no
// surrogates (U+D800 to U+DFFF) and nothing above U+10FFFF.
[[nodiscard]] bool is_valid_utf8(std::string_view text);

// Succeeds when `value` is valid UTF-8; otherwise an invalid_input error that names `field`
// (as the person knows it: "first_name", "the first name", "row 3, surname").
[[nodiscard]] Result<bool> require_utf8(std::string_view value, std::string_view field);
// The error require_utf8 gives, for a caller that found the bad text itself.
[[nodiscard]] std::unexpected<Error> not_valid_text(std::string_view field);

// A free text a person writes (a summary, a reason): when `required`, something other than
// spaces; at most `longest` bytes. An invalid_input error says "give `what` (`field`)" or
// "`what` must be at most N characters (`field`)", `field` as the API names it.
[[nodiscard]] Result<bool> check_free_text(std::string_view text, std::string_view field, std::string_view what,
                                           std::size_t longest, bool required = true);

// An email address shown so that its owner, and a typo in its domain, can be recognised without
// it being read out whole: the first character of the part before the @, then "•••", then the
// domain ("pat@law.example" -> "p•••@law.example"). Text without an @ is masked whole ("•••").
[[nodiscard]] std::string masked_email(std::string_view address);

// `text` as a search compares it: letters without their accents and in one case, by Unicode's
// rules beyond ASCII ("Órla" and "ORLA" -> "orla", "Straße" -> "strasse"). For matching typed
// words against names; never stored or shown. Valid UTF-8 in, valid UTF-8 out.
[[nodiscard]] std::string folded_for_search(std::string_view text);

// `text` with its first letter made a capital ("the date" -> "The date"), or a small letter
// ("The child was unwell" -> "the child was unwell", to follow a colon). ASCII letters only.
[[nodiscard]] std::string capitalised(std::string text);
[[nodiscard]] std::string uncapitalised(std::string text);

// A snake_case name as words with a capital: "session_note" -> "Session note".
[[nodiscard]] std::string name_in_words(std::string_view name);

// "1 `one`" or "N `many`": a count with words that agree with it ("1 run waits", "2 runs wait").
[[nodiscard]] std::string counted(std::size_t n, std::string_view one, std::string_view many);

// `text` as a whole number from `low` to `high` (digits only, as in a URL's query); nullopt
// for anything else.
[[nodiscard]] std::optional<int> whole_number(std::string_view text, int low, int high);

}  // namespace haven
