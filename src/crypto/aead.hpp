// Private to crypto/ (no header outside this folder includes it; a test checks): authenticated
// encryption with XChaCha20-Poly1305 (libsodium). aead_seal's output is base64 text holding a
// fresh random nonce and the ciphertext, bound to `associated`, which is not secret but must
// match on open, so a ciphertext cannot be moved to another row or field. Thread-safe.
#pragma once
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "crypto/secret.hpp"

namespace haven::crypto {

[[nodiscard]] std::string aead_seal(const SecretKey& key, std::string_view plaintext, std::string_view associated);
// An integrity error when the key, the associated text or a single byte differs.
[[nodiscard]] Result<std::string> aead_open(const SecretKey& key, std::string_view sealed, std::string_view associated);

}  // namespace haven::crypto
