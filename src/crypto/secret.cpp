#include "crypto/secret.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "crypto/aead.hpp"

namespace haven::crypto {

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();
  });
}

SecretKey::SecretKey() = default;
SecretKey::SecretKey(const SecretKey& other) : bytes_(other.bytes_) {}
SecretKey& SecretKey::operator=(const SecretKey& other) {
  bytes_ = other.bytes_;
  return *this;
}
SecretKey::~SecretKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

SecretKey SecretKey::random() {
  ensure_sodium();
  SecretKey k;
  randombytes_buf(k.bytes_.data(), k.bytes_.size());
  return k;
}

Result<SecretKey> SecretKey::from_hex(std::string_view hex) {
  SecretKey k;
  size_t len = 0;
  if (sodium_hex2bin(k.bytes_.data(), k.bytes_.size(), hex.data(), hex.size(), " \n", &len, nullptr) != 0 ||
      len != size)
    return fail(ErrorKind::integrity, "a key must be 64 hexadecimal digits");
  return k;
}

std::string SecretKey::to_hex() const {
  return crypto::to_hex(std::string_view(reinterpret_cast<const char*>(bytes_.data()), bytes_.size()));
}

std::string to_hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out.pop_back();
  return out;
}

std::string to_base64(std::string_view bytes) {
  const auto variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.size() - 1);  // drop the terminating NUL
  return out;
}

Result<std::string> from_base64(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return fail(ErrorKind::integrity, "stored ciphertext is not valid base64");
  out.resize(len);
  return out;
}

std::string aead_seal(const SecretKey& key, std::string_view plaintext, std::string_view associated) {
  ensure_sodium();
  constexpr size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::vector<unsigned char> out(nonce_len + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  randombytes_buf(out.data(), nonce_len);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + nonce_len, &clen, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const unsigned char*>(associated.data()), associated.size(),
      nullptr, out.data(), key.data());
  return to_base64(std::string_view(reinterpret_cast<const char*>(out.data()), nonce_len + clen));
}

Result<std::string> aead_open(const SecretKey& key, std::string_view sealed, std::string_view associated) {
  ensure_sodium();
  auto raw = from_base64(sealed);
  if (!raw) return std::unexpected(raw.error());
  constexpr size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (raw->size() < nonce_len + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return fail(ErrorKind::integrity, "stored ciphertext is too short");
  std::string plain(raw->size() - nonce_len - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long plen = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw->data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plen, nullptr, bytes + nonce_len,
          raw->size() - nonce_len, reinterpret_cast<const unsigned char*>(associated.data()),
          associated.size(), bytes, key.data()) != 0)
    return fail(ErrorKind::integrity, "stored data failed its integrity check (wrong key or altered)");
  plain.resize(plen);
  return plain;
}

std::string sha256_hex(std::string_view data) {
  // Fetched once and reused: OpenSSL 3 otherwise looks the algorithm up, and allocates a context,
  // for every digest - most of the cost of hashing an audit entry. An EVP_MD may be shared by
  // threads; a context may not, so each thread keeps its own.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!sha256 || !context || EVP_DigestInit_ex2(context.get(), sha256, nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest, &len) != 1)
    throw std::runtime_error("SHA-256 is not available from OpenSSL");
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), len));
}

}  // namespace haven::crypto
