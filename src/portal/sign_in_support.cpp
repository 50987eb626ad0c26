#include "portal/sign_in_support.hpp"

#include <fmt/format.h>

#include "crypto/keystore.hpp"
#include "crypto/sealed.hpp"
#include "policy/vocabulary.hpp"
#include "portal/portal.hpp"

namespace haven::portal::detail {

std::string signing_in_clause() { return std::string(policy::id_of(policy::Clause::kept_securely)); }

std::string token_hash(std::string_view kind, std::string_view token) {
  return crypto::sha256_hex(std::string(kind) + "|" + std::string(token));
}

std::string code_hash(app::Workspace& ws, const std::string& centre_id, const std::string& holder,
                      std::string_view code) {
  std::string digits;
  for (char ch : code)
    if (ch >= '0' && ch <= '9') digits += ch;
  return crypto::blind_index(ws.keys().index_key(), centre_id, holder + " " + digits);
}

Error wrong_code() {
  return Error{ErrorKind::denied, "that code is wrong or has expired: ask for a new code",
               policy::Clause::kept_securely};
}

std::string code_letter(const app::Centre& c, const std::string& code) {
  return fmt::format(
      "Your sign-in code is {}.\n\nEnter it on the page where you asked for it. It works once, for the next {} "
      "minutes.\n\nIf you did not ask for a code, you need do nothing: nobody can sign in without it.\n\n{}\n",
      code, code_lifetime.count(), c.preset.centre_name);
}

}  // namespace haven::portal::detail
