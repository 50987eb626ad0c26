// What the parents' portal and referrers' accounts share in signing people in from outside the
// centre: one-time codes kept as keyed hashes, session tokens kept as hashes, and the one answer
// for a wrong code. Internal to the portal library. Thread-safety: as the Workspace given.
#pragma once
#include <string>
#include <string_view>

#include "app/workspace.hpp"
#include "core/error.hpp"
#include "policy/clause.hpp"

namespace haven::portal::detail {

inline constexpr int code_digits = 6;
// The audit trail's actor before anyone is known.
inline constexpr const char* visitor_actor = "portal";

// Signing in and out are judged under clause 7 (records kept securely), as staff sign-ins are.
[[nodiscard]] std::string signing_in_clause();

// A session token as kept: a hash, bound to what kind of session it is ("portal", "referrer").
[[nodiscard]] std::string token_hash(std::string_view kind, std::string_view token);

// A code as kept: a keyed hash bound to whom it was sent (`holder`: "portal code <person id>"), so
// that a copy of the database cannot be searched for it. Only the digits typed count.
[[nodiscard]] std::string code_hash(app::Workspace& ws, const std::string& centre_id, const std::string& holder,
                                    std::string_view code);

// The one answer for a code that is wrong, used, expired or tried too often.
[[nodiscard]] Error wrong_code();

// The letter that carries a sign-in code: the code and how long it works, nothing else.
[[nodiscard]] std::string code_letter(const app::Centre& c, const std::string& code);

}  // namespace haven::portal::detail
