#include "accounts/attempt_limiter.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace haven::accounts {

std::string limit_key(const std::string& address) {
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET6, address.c_str(), bytes.data()) != 1) return address;
  bool mapped = std::all_of(bytes.begin(), bytes.begin() + 10, [](unsigned char b) { return b == 0; }) &&
                bytes[10] == 0xff && bytes[11] == 0xff;
  if (mapped) return fmt::format("{}.{}.{}.{}", bytes[12], bytes[13], bytes[14], bytes[15]);
  return fmt::format("{:x}:{:x}:{:x}:{:x}::/64", bytes[0] << 8 | bytes[1], bytes[2] << 8 | bytes[3],
                     bytes[4] << 8 | bytes[5], bytes[6] << 8 | bytes[7]);
}

}  // namespace haven::accounts
