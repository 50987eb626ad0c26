#include "crypto/sealed.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <cctype>

namespace haven::crypto {

SealedField::SealedField(std::string family_id, policy::Item item, std::string row_id, std::string ciphertext)
    : family_id_(std::move(family_id)), item_(item), row_id_(std::move(row_id)), ciphertext_(std::move(ciphertext)) {}

std::string SealedField::associated() const {
  return fmt::format("haven-field|{}|{}|{}", family_id_, name_of(item_), row_id_);
}

SealedField SealedField::seal(const SecretKey& family_key, std::string family_id, policy::Item item,
                              std::string row_id, std::string_view plaintext) {
  SealedField field(std::move(family_id), item, std::move(row_id), "");
  if (!plaintext.empty()) field.ciphertext_ = aead_seal(family_key, plaintext, field.associated());
  return field;
}

SealedField SealedField::stored(std::string family_id, policy::Item item, std::string row_id,
                                std::string ciphertext) {
  return SealedField(std::move(family_id), item, std::move(row_id), std::move(ciphertext));
}

Result<std::string> SealedField::open(const policy::Permit& permit, const SecretKey& family_key) const {
  if (!permit.covers(family_id_, item_))
    return fail(ErrorKind::denied, "the permit does not cover this field", policy::cite(policy::Clause::kept_securely));
  if (ciphertext_.empty()) return std::string();
  return aead_open(family_key, ciphertext_, associated());
}

std::string blind_index(const SecretKey& index_key, std::string_view centre_id, std::string_view name) {
  std::string normal;
  bool space = false;
  for (unsigned char c : name) {
    if (std::isspace(c)) {
      space = !normal.empty();
      continue;
    }
    if (space) normal += ' ';
    space = false;
    normal += static_cast<char>(std::tolower(c));
  }
  std::string input = fmt::format("{}|{}", centre_id, normal);
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                     index_key.data(), SecretKey::size);
  return to_hex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

}  // namespace haven::crypto
