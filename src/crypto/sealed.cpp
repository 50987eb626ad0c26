#include "crypto/sealed.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <cctype>

#include "crypto/aead.hpp"

namespace haven::crypto {

SealedField::SealedField(std::string family_id, policy::Item item, std::string row_id, std::string ciphertext)
    : family_id_(std::move(family_id)), item_(item), row_id_(std::move(row_id)), ciphertext_(std::move(ciphertext)) {}

std::string SealedField::associated() const {
  return fmt::format("haven-field|{}|{}|{}", family_id_, name_of(item_), row_id_);
}

SealedField SealedField::stored(std::string family_id, policy::Item item, std::string row_id,
                                std::string ciphertext) {
  return SealedField(std::move(family_id), item, std::move(row_id), std::move(ciphertext));
}

SealedField FamilyCipher::seal(policy::Item item, std::string row_id, std::string_view plaintext) const {
  SealedField field(family_id_, item, std::move(row_id), "");
  if (!plaintext.empty()) field.ciphertext_ = aead_seal(key_, plaintext, field.associated());
  return field;
}

Result<std::string> FamilyCipher::open(const policy::Permit& permit, const SealedField& field) const {
  if (field.family_id_ != family_id_ || !permit.covers(field.family_id_, field.item_))
    return fail(ErrorKind::denied, "the permit does not cover this field", policy::Clause::kept_securely);
  if (!permit.person().empty() && policy::is_person_item(field.item_) && field.row_id_ != permit.person())
    return fail(ErrorKind::denied, "the permit is for one person's own details, not this person's",
                policy::Clause::kept_securely);
  if (field.ciphertext_.empty()) return std::string();
  return aead_open(key_, field.ciphertext_, field.associated());
}

Result<std::string> FamilyCipher::open(const policy::Permit& permit, policy::Item item, std::string row_id,
                                       std::string ciphertext) const {
  return open(permit, SealedField::stored(family_id_, item, std::move(row_id), std::move(ciphertext)));
}

std::string FamilyCipher::fingerprint() const {
  std::string input = "haven-key-fingerprint|";
  input.append(reinterpret_cast<const char*>(key_.data()), SecretKey::size);
  auto hash = sha256_hex(input);
  sodium_memzero(input.data(), input.size());
  return hash.substr(0, 16);
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
