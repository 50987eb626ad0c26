#include "accounts/credentials.hpp"

#include <fmt/format.h>
#include <liboath/oath.h>
#include <sodium.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "crypto/secret.hpp"

namespace haven::accounts {

namespace {

constexpr unsigned step_seconds = 30;

void ensure_oath() {
  static std::once_flag once;
  std::call_once(once, [] { oath_init(); });
}

std::string decode_base32(std::string_view secret) {
  ensure_oath();
  char* out = nullptr;
  size_t len = 0;
  if (oath_base32_decode(secret.data(), secret.size(), &out, &len) != OATH_OK) return {};
  std::string raw(out, len);
  std::free(out);
  return raw;
}

}  // namespace

Result<bool> acceptable_password(std::string_view password) {
  if (password.size() < 12) return fail(ErrorKind::invalid_input, "a password needs at least 12 characters");
  if (password.size() > 1024) return fail(ErrorKind::invalid_input, "a password may have at most 1024 characters");
  return true;
}

Result<std::string> hash_password(std::string_view password) {
  crypto::ensure_sodium();
  if (auto ok = acceptable_password(password); !ok) return std::unexpected(ok.error());
  std::string out(crypto_pwhash_STRBYTES, '\0');
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return fail(ErrorKind::storage, "not enough memory to hash the password");
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool password_matches(const std::string& hash, std::string_view password) {
  crypto::ensure_sodium();
  if (hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

namespace {

// `bytes` random bytes as base32 (RFC 4648, capitals and 2-7, no padding for multiples of 5).
std::string random_base32(std::size_t bytes) {
  crypto::ensure_sodium();
  ensure_oath();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  char* out = nullptr;
  size_t len = 0;
  oath_base32_encode(reinterpret_cast<const char*>(raw.data()), raw.size(), &out, &len);
  std::string text(out, len);
  std::free(out);
  sodium_memzero(raw.data(), raw.size());
  return text;
}

}  // namespace

std::string new_totp_secret() { return random_base32(20); }

std::string totp_uri(std::string_view secret_base32, std::string_view account, std::string_view issuer) {
  return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&digits=6&period=30", issuer, account,
                     secret_base32, issuer);
}

std::string totp_code(std::string_view secret_base32, Instant at) {
  auto raw = decode_base32(secret_base32);
  char code[7] = {};
  oath_totp_generate(raw.data(), raw.size(), at.time_since_epoch().count(), step_seconds, 0, 6, code);
  return code;
}

std::optional<int64_t> totp_step(std::string_view secret_base32, std::string_view code, Instant at) {
  if (code.size() != 6) return std::nullopt;
  auto raw = decode_base32(secret_base32);
  if (raw.empty()) return std::nullopt;
  int position = 0;
  std::string otp(code);
  auto now = at.time_since_epoch().count();
  if (oath_totp_validate2(raw.data(), raw.size(), now, step_seconds, 0, 1, &position, otp.c_str()) < 0)
    return std::nullopt;
  return now / step_seconds + position;
}

std::string new_setup_code() {
  std::string plain = random_base32(10), code;
  for (size_t i = 0; i < plain.size(); ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += plain[i];
  }
  return code;
}

std::string new_numeric_code(int digits) {
  crypto::ensure_sodium();
  std::string code;
  for (int i = 0; i < digits; ++i) code += static_cast<char>('0' + randombytes_uniform(10));
  return code;
}

std::string normalised_setup_code(std::string_view typed) {
  std::string out;
  for (unsigned char c : typed)
    if (std::isalnum(c)) out += static_cast<char>(std::toupper(c));
  return out;
}

std::string random_token(size_t bytes) {
  crypto::ensure_sodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  const auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), variant);
  out.resize(out.size() - 1);
  return out;
}

}  // namespace haven::accounts
