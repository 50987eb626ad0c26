// Sealed personal fields. A SealedField is the stored, encrypted form of one personal value
// (a name, an address, a date of birth, a note), encrypted with its family's key and bound to
// its family, item and row. It opens only with a policy::Permit for that family and item, and a
// Permit only comes from the decision point: reading personal data without a decision does not
// compile, and a Permit for another family or item is refused at run time.
#pragma once
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "crypto/secret.hpp"
#include "policy/decision.hpp"

namespace haven::crypto {

class SealedField {
 public:
  // Encrypts `plaintext` for this family, item and row. An empty value stays empty (not recorded).
  static SealedField seal(const SecretKey& family_key, std::string family_id, policy::Item item,
                          std::string row_id, std::string_view plaintext);
  // Wraps text as stored in the database.
  static SealedField stored(std::string family_id, policy::Item item, std::string row_id,
                            std::string ciphertext);

  const std::string& ciphertext() const { return ciphertext_; }
  bool empty() const { return ciphertext_.empty(); }

  Result<std::string> open(const policy::Permit& permit, const SecretKey& family_key) const;

 private:
  SealedField(std::string family_id, policy::Item item, std::string row_id, std::string ciphertext);
  std::string associated() const;

  std::string family_id_;
  policy::Item item_;
  std::string row_id_;
  std::string ciphertext_;
};

// Keyed hash of a normalised name (trimmed, lower case, single spaces), for finding a person by
// name without storing the name in the clear. Same key and name give the same index.
std::string blind_index(const SecretKey& index_key, std::string_view centre_id, std::string_view name);

}  // namespace haven::crypto
