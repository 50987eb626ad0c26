// The sign-in and public-form limits count a client: an IPv4 address, or the /64 network of an
// IPv6 address, so that stepping through the addresses of one's own /64 gains nothing.
#include "accounts/attempt_limiter.hpp"

#include <gtest/gtest.h>

namespace haven::accounts {
namespace {

TEST(LimitKey, AnIpv6AddressCountsAsItsSlash64) {
  EXPECT_EQ(limit_key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(limit_key("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
  EXPECT_NE(limit_key("2001:db8:1:3::1"), limit_key("2001:db8:1:2::1")) << "the next /64 is another client";
  EXPECT_EQ(limit_key("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(limit_key("::ffff:192.0.2.7"), "192.0.2.7") << "an IPv4 address written IPv4-mapped is that address";
  EXPECT_EQ(limit_key("::1"), "0:0:0:0::/64");
  EXPECT_EQ(limit_key(""), "");
}

TEST(AttemptLimiter, AddressesOfOneSlash64ShareOneBudget) {
  AttemptLimiter limiter(3);
  Instant at = now();
  EXPECT_TRUE(limiter.allow("2001:db8:1:2::1", at));
  EXPECT_TRUE(limiter.allow("2001:db8:1:2::2", at));
  EXPECT_TRUE(limiter.allow("2001:db8:1:2:aaaa::3", at));
  EXPECT_FALSE(limiter.allow("2001:db8:1:2:ffff::4", at)) << "a fourth address of the same /64";
  EXPECT_TRUE(limiter.allow("2001:db8:1:3::1", at)) << "another /64 has its own";
  EXPECT_TRUE(limiter.allow("192.0.2.7", at));
  EXPECT_TRUE(limiter.allow("192.0.2.8", at)) << "IPv4 addresses each have their own";
  EXPECT_TRUE(limiter.allow("2001:db8:1:2::1", at + std::chrono::minutes{1})) << "the window passes";
}

}  // namespace
}  // namespace haven::accounts
