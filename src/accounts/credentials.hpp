// Credentials: Argon2id password hashes (libsodium) and RFC 6238 TOTP codes (liboath,
// 30-second steps, 6 digits).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace haven::accounts {

// A password needs 12 to 1024 characters.
Result<bool> acceptable_password(std::string_view password);
// Argon2id with libsodium's interactive limits, after acceptable_password.
Result<std::string> hash_password(std::string_view password);
bool password_matches(const std::string& hash, std::string_view password);

std::string new_totp_secret();  // 20 random bytes, base32
std::string totp_uri(std::string_view secret_base32, std::string_view account, std::string_view issuer);
std::string totp_code(std::string_view secret_base32, Instant at);
// The 30-second step the code belongs to (current step +-1 accepted), or nothing.
std::optional<int64_t> totp_step(std::string_view secret_base32, std::string_view code, Instant at);

std::string random_token(size_t bytes);  // URL-safe base64 without padding
// A one-time set-up code: 80 random bits as 16 base32 letters and digits in groups of four
// ("K7QD-2MXA-..."), easy to read out or copy from paper.
std::string new_setup_code();
// A code of `digits` random decimal digits, each equally likely, for a code sent by email.
std::string new_numeric_code(int digits);
// A code as typed, without spaces or dashes and in capitals, for comparing with one given out.
std::string normalised_setup_code(std::string_view typed);

}  // namespace haven::accounts
