#include "core/ids.hpp"

#include <sodium.h>

#include <array>

namespace haven {

std::string new_id(std::string_view prefix) {
  std::array<unsigned char, 8> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 2 * 8 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  std::string id(prefix);
  id += '_';
  id += hex.data();
  return id;
}

}  // namespace haven
