// Sealed personal fields. A SealedField is the stored, encrypted form of one personal value
// (a name, an address, a date of birth, a note), encrypted with its family's key and bound to
// its family, item and row. Only that family's FamilyCipher opens it, and only with a
// policy::Permit for that family and item; a Permit only comes from the decision point, so
// reading personal data without a decision does not compile, and a Permit for another family or
// item is refused at run time. Family keys themselves never leave crypto/.
#pragma once
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "crypto/secret.hpp"
#include "policy/decision.hpp"

namespace haven::crypto {

class FamilyCipher;

class SealedField {
 public:
  // Wraps text as stored in the database.
  static SealedField stored(std::string family_id, policy::Item item, std::string row_id,
                            std::string ciphertext);

  const std::string& family_id() const { return family_id_; }
  policy::Item item() const { return item_; }
  const std::string& ciphertext() const { return ciphertext_; }
  bool empty() const { return ciphertext_.empty(); }

 private:
  friend class FamilyCipher;
  SealedField(std::string family_id, policy::Item item, std::string row_id, std::string ciphertext);
  std::string associated() const;

  std::string family_id_;
  policy::Item item_;
  std::string row_id_;
  std::string ciphertext_;
};

// One family's data key, held so that its bytes never leave crypto/: there is no accessor, and
// a FamilyCipher is made only by the KeyStore (for a family's current key, a new family's key or
// a rotation's pending key). It seals that family's fields, and opens them only against a Permit
// that covers the field's family and item. A value type: copies hold their own copy of the key,
// wiped when dropped. Its methods are const and safe to call from several threads at once.
class FamilyCipher {
 public:
  const std::string& family_id() const { return family_id_; }

  // Encrypts `plaintext` for this family, `item` and row. An empty value stays empty (not recorded).
  [[nodiscard]] SealedField seal(policy::Item item, std::string row_id, std::string_view plaintext) const;
  // Denied (clause 7) when the permit does not cover the field's family and item, the field
  // belongs to another family, or the permit reaches one person's own details (Permit::person) and
  // the field is another person's; an integrity error when the ciphertext was altered or moved.
  [[nodiscard]] Result<std::string> open(const policy::Permit& permit, const SealedField& field) const;
  [[nodiscard]] Result<std::string> open(const policy::Permit& permit, policy::Item item, std::string row_id,
                                         std::string ciphertext) const;

  // A short public fingerprint of the key (not the key): equal for the same key, so two
  // families can be shown to hold different keys without revealing either.
  [[nodiscard]] std::string fingerprint() const;

 private:
  friend class KeyStore;
  FamilyCipher(std::string family_id, SecretKey key) : family_id_(std::move(family_id)), key_(std::move(key)) {}

  std::string family_id_;
  SecretKey key_;
};

// Keyed hash of a normalised name (trimmed, lower case, single spaces), for finding a person by
// name without storing the name in the clear. Same key and name give the same index.
std::string blind_index(const SecretKey& index_key, std::string_view centre_id, std::string_view name);

}  // namespace haven::crypto
