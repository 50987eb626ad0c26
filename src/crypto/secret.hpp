// Cryptographic primitives Haven relies on, wrapped so key bytes are wiped when dropped.
//   SecretKey: 32 key bytes, zeroed on destruction, never printed.
//   (The AEAD primitives are private to crypto/, in aead.hpp: above this folder data is sealed
//   and opened only through a FamilyCipher, against a Permit.)
//   sha256_hex: SHA-256 (OpenSSL) as lowercase hex.
#pragma once
#include <array>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace haven::crypto {

void ensure_sodium();  // initialises libsodium once; aborts if the library cannot start

class SecretKey {
 public:
  static constexpr size_t size = 32;
  SecretKey();                            // all zero
  static SecretKey random();
  static Result<SecretKey> from_hex(std::string_view hex);
  SecretKey(const SecretKey& other);
  SecretKey& operator=(const SecretKey& other);
  ~SecretKey();

  const unsigned char* data() const { return bytes_.data(); }
  unsigned char* data() { return bytes_.data(); }
  std::string to_hex() const;

 private:
  std::array<unsigned char, size> bytes_{};
};

std::string sha256_hex(std::string_view data);

std::string to_hex(std::string_view bytes);
std::string to_base64(std::string_view bytes);
Result<std::string> from_base64(std::string_view text);

}  // namespace haven::crypto
