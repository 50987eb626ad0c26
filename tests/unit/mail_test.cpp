// Email through a real SMTP server on loopback (support/smtp_server.hpp): STARTTLS and signing in
// are required and used; no header can be slipped in through a recipient or a subject; the
// outbox keeps the recipient sealed, sends what is due, tries a failed letter again after a wait
// and gives it up after the last attempt, auditing each; an application is acknowledged by email
// with its reference and nothing the applicant wrote.
#include <gtest/gtest.h>

#include <algorithm>

#include "applications/applications.hpp"
#include "governance/undelivered.hpp"
#include "mail/outbox.hpp"
#include "mail/smtp.hpp"
#include "notices/notices.hpp"
#include "store/rows.hpp"
#include "support/smtp_server.hpp"
#include "support/temp_workspace.hpp"

namespace haven::mail {
namespace {

using haven::testing::SmtpServer;

TEST(Smtp, AnEmailGoesOverStartTlsSignedIn) {
  SmtpServer server;
  ASSERT_NE(server.port(), 0) << "the test SMTP server did not start";
  auto sent = send(server.settings(), {"parent@example.org", "Your application: A-1B2C3D", "Line one\nLine two\n"});
  ASSERT_TRUE(sent) << sent.error().message;
  auto got = server.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].secure) << "upgraded with STARTTLS before anything was sent";
  EXPECT_EQ(got[0].user, "haven");
  EXPECT_EQ(got[0].from, "haven@centre.example.org");
  EXPECT_EQ(got[0].to, std::vector<std::string>{"parent@example.org"});
  EXPECT_NE(got[0].data.find("Subject: Your application: A-1B2C3D\r\n"), std::string::npos) << got[0].data;
  EXPECT_NE(got[0].data.find("\r\n\r\nLine one\r\nLine two\r\n"), std::string::npos) << got[0].data;
  EXPECT_NE(got[0].data.find("Content-Type: text/plain; charset=utf-8"), std::string::npos);

  auto wrong = server.settings();
  wrong.password = "not-the-password";
  EXPECT_FALSE(send(wrong, {"parent@example.org", "x", "y"})) << "the server refuses a wrong sign-in";
  auto untrusted = server.settings();
  untrusted.ca_file = "/etc/ssl/certs/ca-certificates.crt";
  auto refused = send(untrusted, {"parent@example.org", "x", "y"});
  ASSERT_FALSE(refused) << "a certificate nobody vouches for is not trusted";
  EXPECT_EQ(refused.error().kind, ErrorKind::unavailable);
  EXPECT_EQ(server.received().size(), 1u);
}

TEST(Smtp, NoHeaderCanBeSlippedInAndOtherLettersAreEncoded) {
  SmtpSettings smtp{"smtp://127.0.0.1:1", "", "", "haven@centre.example.org", ""};
  EXPECT_FALSE(wire_format(smtp, {"a@example.org\r\nBcc: b@example.org", "Hello", "x"}, "m1"));
  EXPECT_FALSE(wire_format(smtp, {"a@example.org", "Hello\r\nBcc: b@example.org", "x"}, "m1"));
  auto message = wire_format(smtp, {"a@example.org", "Órla's reference", "x"}, "m1");
  ASSERT_TRUE(message);
  EXPECT_NE(message->find("Subject: =?UTF-8?B?w5NybGEncyByZWZlcmVuY2U=?=\r\n"), std::string::npos) << *message;
  EXPECT_NE(message->find("Message-ID: <m1@centre.example.org>"), std::string::npos);
}

class Outbox : public ::testing::Test {
 protected:
  Outbox() : demo_("birmingham"), ws_(*demo_.ws), c_(*demo_.centre) {}
  long long count(const std::string& sql) { return store::value<long long>(ws_.db(), sql).value_or(0); }

  haven::testing::DemoWorkspace demo_;
  app::Workspace& ws_;
  const app::Centre& c_;
};

TEST_F(Outbox, ALetterIsKeptSealedSentWhenDueAndAudited) {
  SmtpServer server;
  ASSERT_NE(server.port(), 0);
  auto id = queue(ws_, c_.id, {"referrer@agency.example", "A notice", "Sign in to read it.", "application:app_1"});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient LIKE '%agency.example%'"), 0) << "sealed";
  EXPECT_FALSE(queue(ws_, c_.id, {"not an address", "A notice", "x", ""}));
  auto done = deliver_due(ws_, server.settings(), now());
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->sent, 1);
  EXPECT_EQ(server.received().at(0).to, std::vector<std::string>{"referrer@agency.example"});
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND sent_at <> ''"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'email_sent' AND resource = 'application:app_1'"), 1);
  EXPECT_EQ(deliver_due(ws_, server.settings(), now())->sent, 0) << "sent once";
}

TEST_F(Outbox, AFailedLetterIsTriedAgainLaterThenGivenUp) {
  SmtpSettings nowhere{"smtp://127.0.0.1:1", "", "", "haven@centre.example.org", ""};
  ASSERT_TRUE(queue(ws_, c_.id, {"parent@example.org", "A notice", "x", "application:app_2"}));
  Instant at = now();
  auto first = deliver_due(ws_, nowhere, at);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->failed, 1);
  EXPECT_EQ(deliver_due(ws_, nowhere, at + std::chrono::seconds{30})->failed, 0) << "not again within the minute";
  Instant later = at;
  for (auto wait : {1, 5, 30}) {
    later += std::chrono::minutes{wait};
    EXPECT_EQ(deliver_due(ws_, nowhere, later)->failed, 1) << "after " << wait << " minutes";
  }
  later += std::chrono::minutes{120};
  auto last = deliver_due(ws_, nowhere, later);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->given_up, 1);
  auto dead = dead_letters(ws_, c_.id);
  ASSERT_TRUE(dead);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].to, "parent@example.org");
  EXPECT_EQ((*dead)[0].attempts, max_attempts);
  EXPECT_NE((*dead)[0].last_error.find("mail server"), std::string::npos) << (*dead)[0].last_error;
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'email_failed'"), max_attempts - 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'email_given_up'"), 1);
  EXPECT_EQ(deliver_due(ws_, nowhere, later + std::chrono::hours{24})->failed, 0) << "a dead letter stays dead";

  // Those who look after the centre's email see it and send it again; a volunteer does neither.
  auto refused = governance::undelivered_email(ws_, c_, demo_.staff("vol.sam"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().clause, policy::Clause::kept_securely);
  EXPECT_FALSE(governance::send_email_again(ws_, c_, demo_.staff("vol.sam"), (*dead)[0].id));
  auto seen = governance::undelivered_email(ws_, c_, demo_.staff("coord.amy"));
  ASSERT_TRUE(seen) << seen.error().message;
  ASSERT_EQ(seen->size(), 1u);
  auto notices = notices::waiting_for(ws_, c_, demo_.staff("coord.amy"), london_today());
  ASSERT_TRUE(notices);
  EXPECT_EQ(std::ranges::count(*notices, notices::Subject::undelivered_email, &notices::Notice::subject), 1);
  ASSERT_TRUE(governance::send_email_again(ws_, c_, demo_.staff("coord.amy"), (*dead)[0].id));
  EXPECT_TRUE(dead_letters(ws_, c_.id)->empty());
  auto again = send_again(ws_, c_.id, (*dead)[0].id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::not_found) << "only a given-up letter is sent again";
  EXPECT_EQ(deliver_due(ws_, nowhere, now())->failed, 1) << "tried afresh at once";
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'send_email_again'"), 1);
}

TEST_F(Outbox, AServerOutOfReachStopsTheBatchAndSpendsNoOtherLettersTries) {
  SmtpSettings nowhere{"smtp://127.0.0.1:1", "", "", "haven@centre.example.org", ""};
  for (const char* about : {"application:app_a", "application:app_b", "application:app_c"})
    ASSERT_TRUE(queue(ws_, c_.id, {"parent@example.org", "A notice", "x", about}));
  auto first = deliver_due(ws_, nowhere, now());
  ASSERT_TRUE(first);
  EXPECT_EQ(first->failed, 1) << "the first found the server out of reach; the rest wait";
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE attempts = 0 AND status = 'queued'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'email_failed'"), 1);
}

TEST_F(Outbox, AnApplicationIsAcknowledgedWithItsReferenceOnly) {
  SmtpServer server;
  ASSERT_NE(server.port(), 0);
  applications::NewApplication a;
  a.contact_email = "tom.reed@example.org";
  a.parent_first_name = "Tom";
  a.parent_surname = "Reed";
  a.children = {{"Lily", "Reed", "2019-04-03"}};
  auto received = applications::submit(ws_, c_, a);
  ASSERT_TRUE(received) << received.error().message;
  ASSERT_TRUE(deliver_due(ws_, server.settings(), now()));
  auto got = server.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].to, std::vector<std::string>{"tom.reed@example.org"});
  EXPECT_NE(got[0].data.find(received->reference), std::string::npos);
  for (const char* written : {"Tom", "Reed", "Lily"})
    EXPECT_EQ(got[0].data.find(written), std::string::npos) << written << " is not in the email";
}

}  // namespace
}  // namespace haven::mail
