// Staff who choose it are emailed, through a real SMTP server by `haven serve`'s courier, when
// something new waits for them; the email names no family.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "disclosure/consents.hpp"
#include "notices/notices.hpp"
#include "store/rows.hpp"
#include "support/serve_process.hpp"
#include "support/smtp_server.hpp"
#include "support/temp_workspace.hpp"

namespace haven {
namespace {

TEST(StaffEmailServed, TheSafeguardingLeadIsEmailedOfANewConcernAndTheVolunteerIsNot) {
  testing::DemoWorkspace demo("birmingham");
  testing::SmtpServer smtp;
  ASSERT_NE(smtp.port(), 0) << "the test SMTP server did not start";
  auto& ws = *demo.ws;
  ASSERT_TRUE(notices::set_email_notices(ws, *demo.centre, demo.staff("safe.lee"), "lee@centre.example"));
  ASSERT_TRUE(notices::set_email_notices(ws, *demo.centre, demo.staff("vol.sam"), "sam@centre.example"));
  ASSERT_TRUE(disclosure::record_concern(ws, *demo.centre, demo.staff("vol.sam"), "F0002",
                                         disclosure::ConcernKind::welfare, "Sam was upset at handover"));
  testing::ServeProcess serving(demo.dir, demo.paths, 0, smtp.serve_options());
  ASSERT_NE(serving.port(), 0);

  std::string letter;
  for (int tries = 0; tries < 100 && letter.empty(); ++tries) {
    for (const auto& m : smtp.received())
      if (m.to == std::vector<std::string>{"lee@centre.example"}) letter = m.data;
    if (letter.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(letter.empty()) << "no email reached the safeguarding lead";
  EXPECT_NE(letter.find("a new concern"), std::string::npos) << letter;
  for (const char* secret : {"F0002", "upset", "Okafor", "Welfare"})
    EXPECT_EQ(letter.find(secret), std::string::npos) << "an email names no family: " << secret;
  EXPECT_EQ(
      store::value<int>(ws.db(), "SELECT COUNT(*) FROM outbox WHERE about = :a", "staff:" + demo.staff("vol.sam").id)
          .value_or(-1),
      0)
      << "a volunteer reads no concerns, so is told of none";
}

}  // namespace
}  // namespace haven
