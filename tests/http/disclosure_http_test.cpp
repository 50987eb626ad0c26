// Disclosures over real HTTP: a West Wilts attendance request and its mirror, the statement as
// a PDF, a refused address, an exception disclosure and its review, and the register as CSV.
#include <gtest/gtest.h>

#include "accounts/credentials.hpp"
#include "core/time.hpp"
#include "support/http_client.hpp"

namespace haven::testing {
namespace {

class DisclosureHttp : public ::testing::Test {
 protected:
  DisclosureHttp() : api_("west-wilts"), coordinator_(api_.port()) {
    EXPECT_EQ(coordinator_.sign_in("coord.amy", cli::demo_password).status, 200);
    auto family = coordinator_.get("/api/v1/families/F0001").json().as_object();
    resident_ = std::string(family["people"].as_array()[0].as_object()["id"].as_string());
    non_resident_ = std::string(family["people"].as_array()[1].as_object()["id"].as_string());
    resident_solicitor_ = std::string(family["referrals"].as_array()[0].as_object()["id"].as_string());
    auto other = coordinator_.post("/api/v1/families/F0001/referrals",
                                   R"({"agency":"solicitor","referrer_name":"Dev Marlow","acting_for":")" +
                                       non_resident_ + R"(","referred_on":"2026-10-01"})");
    EXPECT_EQ(other.status, 201) << other.body;
    other_solicitor_ = std::string(other.json().as_object()["id"].as_string());
  }
  std::string attendance_request() const {
    return R"({"recipient":{"kind":"referring_agency","referral_id":")" + resident_solicitor_ +
           R"("},"asked":"attendance","from":"2026-01-01","to":"2027-12-31"})";
  }

  RunningApi api_;
  Client coordinator_;
  std::string resident_, non_resident_, resident_solicitor_, other_solicitor_;
};

TEST_F(DisclosureHttp, WestWiltsAttendanceRequestIsMirrored) {
  auto reply = coordinator_.post("/api/v1/families/F0001/requests", attendance_request());
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto out = reply.json().as_object();
  EXPECT_EQ(out["clause"], "3");
  EXPECT_NE(std::string(out["warning"].as_string()).find("other side"), std::string::npos);
  ASSERT_EQ(out["mirror_register_ids"].as_array().size(), 1u);
  EXPECT_TRUE(out["statement"].as_object()["shared_with_other_side"].as_bool());
  auto mirror = coordinator_.get("/api/v1/disclosures?family=F0001&asked=attendance").json().as_array();
  ASSERT_EQ(mirror.size(), 2u);
  EXPECT_EQ(mirror[1].as_object()["recipient_ref"].as_string(), other_solicitor_);
  EXPECT_EQ(mirror[1].as_object()["delivery"], "queued");
}

TEST_F(DisclosureHttp, AStatementSentToTheWrongRecipientIsRecalledAndLoggedAsABreach) {
  auto released = coordinator_.post("/api/v1/families/F0001/requests", attendance_request());
  ASSERT_EQ(released.status, 200) << released.body;
  std::string id(released.json().as_object()["register_id"].as_string());
  std::string path = "/api/v1/disclosures/" + id + "/recall";
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"found_at":"this morning","what_happened":"Emailed to the wrong office."})", "found_at"},
           {R"({"found_at":"2099-01-01T10:00:00Z","what_happened":"Emailed to the wrong office."})", "found_at"},
           {R"({"found_at":"2026-12-01T10:00:00Z","what_happened":" "})", "what_happened"}}) {
    auto refused = coordinator_.post(path, body);
    EXPECT_EQ(refused.status, 400) << body;
    EXPECT_NE(refused.body.find(field), std::string::npos) << refused.body;
  }
  EXPECT_EQ(coordinator_.get("/api/v1/breaches").json().as_array().size(), 0u) << "nothing half-written";
  auto unchanged = coordinator_.get("/api/v1/disclosures?family=F0001").json();
  for (const auto& e : unchanged.as_array())
    EXPECT_EQ(e.as_object().at("recalled_at").as_string(), "") << "nor marked recalled";

  std::string found = format_utc(now());
  auto recalled = coordinator_.post(
      path, R"({"found_at":")" + found + R"(","what_happened":"Emailed to the wrong office; deleted unread."})");
  ASSERT_EQ(recalled.status, 201) << recalled.body;
  std::string breach(recalled.json().as_object()["breach"].as_string());
  auto logged = coordinator_.get("/api/v1/breaches/" + breach).json().as_object();
  EXPECT_EQ(logged["families"].as_array().size(), 1u);
  EXPECT_EQ(logged["families"].as_array()[0], "F0001");
  EXPECT_EQ(logged["found_at"].as_string(), found);
  EXPECT_EQ(logged["reported_by"].as_string(), "Amy");
  EXPECT_EQ(logged["awaiting_action"], true);
  EXPECT_EQ(coordinator_.post(path, R"({"found_at":")" + found + R"(","what_happened":"Again."})").status, 409);

  auto entries = coordinator_.get("/api/v1/disclosures?family=F0001").json().as_array();
  bool seen = false;
  for (const auto& e : entries)
    if (e.as_object().at("id").as_string() == id) {
      seen = true;
      EXPECT_FALSE(e.as_object().at("recalled_at").as_string().empty());
      EXPECT_EQ(e.as_object().at("recall_breach").as_string(), breach);
    }
  EXPECT_TRUE(seen);
}

TEST_F(DisclosureHttp, StatementAsPdf) {
  auto reply = coordinator_.send("POST", "/api/v1/families/F0001/requests", attendance_request(),
                                 {{"Accept", "application/pdf"}});
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers["content-type"], "application/pdf");
  EXPECT_EQ(reply.body.rfind("%PDF-", 0), 0u);
  EXPECT_FALSE(reply.headers["x-haven-register-id"].empty());
  EXPECT_FALSE(reply.headers["x-haven-warning"].empty());
}

TEST_F(DisclosureHttp, AddressRefusedWithoutConsentAndToTheOtherSide) {
  auto ask = [&](const std::string& referral) {
    return coordinator_.post("/api/v1/families/F0001/requests",
                             R"({"recipient":{"kind":"referring_agency","referral_id":")" + referral +
                                 R"("},"asked":"contact_details","about_person":")" + resident_ +
                                 R"(","field":"address"})");
  };
  auto refused = ask(other_solicitor_);
  EXPECT_EQ(refused.status, 403);
  auto error = refused.json().as_object()["error"].as_object();
  EXPECT_EQ(error["clause"], "4");
  EXPECT_FALSE(error["register_id"].as_string().empty());
  EXPECT_EQ(refused.body.find("Larkspur"), std::string::npos);

  auto consent = coordinator_.post("/api/v1/families/F0001/consents",
                                   R"({"person_id":")" + resident_ + R"(","field":"address","recipient":{"kind":)"
                                   R"("referring_agency","referral_id":")" + other_solicitor_ +
                                       R"("},"given_on":"2026-11-01","how_given":"written"})");
  ASSERT_EQ(consent.status, 201) << consent.body;
  EXPECT_EQ(ask(other_solicitor_).status, 403) << "never to the other parent's side, consent or not";
}

TEST_F(DisclosureHttp, SubjectAccessExportAsJsonAndPdf) {
  auto body = R"({"person_id":")" + resident_ + R"(","recipient":{"kind":"parent","person_id":")" + resident_ + R"("}})";
  auto json = coordinator_.post("/api/v1/families/F0001/subject-access", body);
  ASSERT_EQ(json.status, 200) << json.body;
  EXPECT_NE(json.body.find("14 Larkspur Row"), std::string::npos);
  EXPECT_EQ(json.body.find("Tealby"), std::string::npos);
  auto pdf = coordinator_.send("POST", "/api/v1/families/F0001/subject-access", body, {{"Accept", "application/pdf"}});
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  auto someone_else = coordinator_.post("/api/v1/families/F0001/subject-access",
                                        R"({"person_id":")" + non_resident_ +
                                            R"(","recipient":{"kind":"parent","person_id":")" + resident_ + R"("}})");
  EXPECT_EQ(someone_else.status, 403);
  EXPECT_EQ(someone_else.json().as_object()["error"].as_object()["clause"], "1");
}

TEST_F(DisclosureHttp, VolunteerRotaAsACalendarWithFirstNamesOnly) {
  auto family = coordinator_.get("/api/v1/families/F0001").json().as_object();
  // Next week's session: Sam is on the rota of today's already.
  std::string session(family["sessions"].as_array().back().as_object()["id"].as_string());
  EXPECT_EQ(coordinator_.post("/api/v1/sessions/" + session + "/rota", R"({"handle":"vol.new"})").status, 403)
      << "no rota place before a DBS check";
  ASSERT_EQ(coordinator_.post("/api/v1/sessions/" + session + "/rota", R"({"handle":"vol.sam"})").status, 201);
  EXPECT_EQ(coordinator_.post("/api/v1/sessions/" + session + "/rota", R"({"handle":"vol.sam"})").status, 409);
  Client volunteer(api_.port());
  ASSERT_EQ(volunteer.sign_in("vol.sam", cli::demo_password).status, 200);
  auto ics = volunteer.get("/api/v1/rota.ics");
  ASSERT_EQ(ics.status, 200);
  EXPECT_EQ(ics.headers["content-type"], "text/calendar; charset=utf-8");
  EXPECT_EQ(ics.body.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  EXPECT_NE(ics.body.find("SUMMARY:Contact session: Joanna\\, Marcus\\, Ellie"), std::string::npos) << ics.body;
  for (const char* secret : {"Pemberton", "Larkspur", "01632"}) EXPECT_EQ(ics.body.find(secret), std::string::npos);
  auto policy = volunteer.get("/api/v1/policy.pdf");
  EXPECT_EQ(policy.status, 200);
  EXPECT_EQ(policy.body.rfind("%PDF-", 0), 0u);
}

// The feed holds the sessions of the asker's own rota only, even for someone who may see every
// session's times.
TEST_F(DisclosureHttp, TheRotaFeedHoldsOnlyTheAskersOwnRota) {
  auto family = coordinator_.get("/api/v1/families/F0001").json().as_object();
  std::string session(family["sessions"].as_array().back().as_object()["id"].as_string());
  auto before = coordinator_.get("/api/v1/rota.ics");
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.body.find("BEGIN:VEVENT"), std::string::npos) << "the coordinator is on no rota yet: " << before.body;
  ASSERT_EQ(coordinator_.post("/api/v1/sessions/" + session + "/rota", R"({"handle":"coord.amy"})").status, 201);
  auto after = coordinator_.get("/api/v1/rota.ics");
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.body.find("UID:" + session + "@haven"), std::string::npos) << after.body;
  size_t events = 0;
  for (size_t at = after.body.find("BEGIN:VEVENT"); at != std::string::npos; at = after.body.find("BEGIN:VEVENT", at + 1))
    ++events;
  EXPECT_EQ(events, 1u) << "only the one session of their rota: " << after.body;
}

TEST_F(DisclosureHttp, ExceptionDisclosureAndReview) {
  Client lead(api_.port());
  ASSERT_EQ(lead.sign_in("safe.lee", cli::demo_password, accounts::totp_code(api_.totp_secret("safe.lee"), now())).status, 200);
  auto concern = lead.post("/api/v1/families/F0001/concerns", R"({"kind":"welfare","summary":"Child frightened"})");
  ASSERT_EQ(concern.status, 201);
  std::string concern_id(concern.json().as_object()["id"].as_string());
  auto made = lead.post("/api/v1/families/F0001/exception-disclosures",
                        R"({"kind":"welfare","concern_id":")" + concern_id +
                            R"(","recipient":{"kind":"other_agency","name":"NSPCC"},"justification":"Risk of harm",)"
                            R"("items":["first_name","surname","address"]})");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json().as_object()["clause"], "E1");
  std::string id(made.json().as_object()["register_id"].as_string());

  Client manager(api_.port());
  ASSERT_EQ(manager.sign_in("mgmt.raj", cli::demo_password, accounts::totp_code(api_.totp_secret("mgmt.raj"), now())).status, 200);
  EXPECT_EQ(manager.get("/api/v1/disclosures?pending_review=true").json().as_array().size(), 1u);
  auto seen = manager.get("/api/v1/disclosures/" + id);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_TRUE(seen.json().as_object()["pending"].as_bool());
  EXPECT_FALSE(seen.json().as_object()["justification"].as_string().empty()) << "why it was passed on";
  EXPECT_EQ(manager.post("/api/v1/disclosures/" + id + "/review", R"({"finding":"improper"})").status, 400)
      << "an improper disclosure's review says what was done";
  EXPECT_EQ(manager.post("/api/v1/disclosures/" + id + "/review", R"({"finding":"proper"})").status, 200);
  EXPECT_EQ(manager.get("/api/v1/disclosures/" + id).json().as_object()["review"].as_object()["finding"], "proper");
  EXPECT_EQ(manager.get("/api/v1/disclosures?pending_review=true").json().as_array().size(), 0u);

  auto csv = manager.get("/api/v1/disclosures.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find(",exception,"), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.find("NSPCC"), std::string::npos) << "recipient names stay sealed";
}

}  // namespace
}  // namespace haven::testing
