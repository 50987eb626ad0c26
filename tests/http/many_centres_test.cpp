// Several centres in one deployment (one database, as a regional service runs them on
// PostgreSQL): each centre under its own preset, its families under their own keys, and no
// route, page or id lets one centre's staff reach another centre's data.
#include <gtest/gtest.h>

#include <regex>

#include "access/staff.hpp"
#include "accounts/accounts.hpp"
#include "accounts/credentials.hpp"
#include "applications/applications.hpp"
#include "complaints/complaints.hpp"
#include "dataprotection/requests.hpp"
#include "disclosure/consents.hpp"
#include "disclosure/disclosures.hpp"
#include "governance/lifecycle.hpp"
#include "incidents/incidents.hpp"
#include "journey/journey.hpp"
#include "portal/portal.hpp"
#include "premises/bookings.hpp"
#include "records/families.hpp"
#include "records/rota.hpp"
#include "retention/engine.hpp"
#include "store/family_tables.hpp"
#include "store/rows.hpp"
#include "support/http_client.hpp"

namespace haven::testing {
namespace {

// Values that exist only in the second centre, and only in the first.
const char* const west_only[] = {"Zephyrine", "Quartermaine", "Nowhere Lane", "960999", "Zephyrine drew a boat"};
const char* const birmingham_only[] = {"Pemberton", "Joanna", "Larkspur", "Okafor", "settled quickly"};

const char* const api_reads[] = {"/api/v1/me",
                                 "/api/v1/complaints",
                                 "/api/v1/records-requests",
                                 "/api/v1/families",
                                 "/api/v1/families/F0001",
                                 "/api/v1/disclosures",
                                 "/api/v1/disclosures.csv",
                                 "/api/v1/accidents",
                                 "/api/v1/staff",
                                 "/api/v1/rota.ics",
                                 "/api/v1/families/F0001/consents",
                                 "/api/v1/families/F0001/concerns",
                                 "/api/v1/dbs-rechecks?within_days=4000",
                                 "/api/v1/policy/unacknowledged",
                                 "/api/v1/families/F0001/journey",
                                 "/api/v1/waiting-list"};
const char* const pages[] = {"/",
                             "/families",
                             "/families/F0001",
                             "/calendar",
                             "/accidents",
                             "/volunteers",
                             "/disclosures",
                             "/retention",
                             "/audit",
                             "/policy",
                             "/families/F0001/consents",
                             "/families/F0001/concerns",
                             "/waiting-list",
                             "/complaints",
                             "/data-protection"};

class ManyCentres : public ::testing::Test {
 protected:
  ManyCentres() {
    auto& ws = haven_.workspace();
    auto text = read_text_file(shipped_preset_path("west-wilts"));
    auto id = ws.add_centre(*text, "west-wilts.toml");
    EXPECT_TRUE(id);
    west_ = *ws.centre(*id);
    auto coordinator = add_vetted_staff(ws, *west_, {"coord.west", "Wren", policy::Role::coordinator},
                                        policy::DbsLevel::enhanced, "2026-01-05");
    auto manager = add_vetted_staff(ws, *west_, {"mgmt.west", "Maud", policy::Role::management},
                                    policy::DbsLevel::enhanced, "2026-01-05");
    EXPECT_TRUE(coordinator && manager);
    EXPECT_TRUE(accounts::set_password(ws, *coordinator, cli::demo_password, "system"));
    west_manager_secret_ = accounts::set_password(ws, *manager, cli::demo_password, "system")->totp_secret;

    auto family = records::create_family(ws, *west_, *coordinator, true);
    EXPECT_TRUE(family);
    west_family_id_ = family->id;
    auto parent = records::add_person(ws, *west_, *coordinator, family->id,
                                      {records::Party::resident_parent, "Zephyrine", "Quartermaine", "",
                                       "2 Nowhere Lane, Trowbridge", "01632 960999", "zephyrine@example.org"});
    EXPECT_TRUE(parent);
    EXPECT_TRUE(records::add_person(ws, *west_, *coordinator, family->id,
                                    {records::Party::child, "Ottilie", "Quartermaine", "2020-08-08", "", "", ""}));
    auto referral = records::add_referral(ws, *west_, *coordinator, family->id,
                                          {records::AgencyKind::cafcass, "Quentin Zane", *parent, "2026-10-01"});
    EXPECT_TRUE(referral);
    disclosure::Recipient cafcass{policy::RecipientKind::referring_agency, *referral, "", ""};
    EXPECT_TRUE(disclosure::record_consent(ws, *west_, *coordinator, family->reference,
                                           {*parent, policy::ContactField::address, cafcass, "2026-10-02", "written", ""}));
    auto session = records::schedule_session(ws, *west_, *coordinator, family->id,
                                             {format_day(today()) + " 10:00", format_day(today()) + " 11:00",
                                              "Garden room", 15});
    EXPECT_TRUE(session);
    west_session_ = *session;
    EXPECT_TRUE(records::add_session_note(ws, *west_, *coordinator, *session, "Zephyrine drew a boat"));
    // Her arrival, recorded and then corrected (the correction keeps what it replaced).
    std::string today_text = format_day(today());
    EXPECT_TRUE(
        records::record_attendance(ws, *west_, *coordinator, *session, *parent, "arrived", today_text + " 09:40"));
    EXPECT_TRUE(records::correct_attendance(ws, *west_, *coordinator, *session, *parent, "arrived",
                                            today_text + " 09:45", records::AmendReason::wrong_time));
    EXPECT_TRUE(disclosure::record_concern(ws, *west_, *coordinator, family->reference,
                                           disclosure::ConcernKind::welfare, "Zephyrine seemed withdrawn"));
    EXPECT_TRUE(incidents::concerns(ws, *west_, *manager, family->reference)) << "read by the second centre's manager";
    EXPECT_TRUE(incidents::record_accident(ws, *west_, *coordinator,
                                           {format_day(today() - std::chrono::days{1}) + " 10:20", "Garden room",
                                            "Zephyrine tripped on the step", family->reference}));
    // The rest of the registry's tables: a volunteer on the rota, an agreed and booked
    // assessment, an attendance statement released, a legal hold, the parent's acknowledgement.
    auto volunteer = add_vetted_staff(ws, *west_, {"vol.west", "Vesna", policy::Role::volunteer},
                                      policy::DbsLevel::enhanced, "2026-01-05");
    EXPECT_TRUE(volunteer);
    EXPECT_TRUE(records::assign_to_rota(ws, *west_, *coordinator, *session, "vol.west"));
    std::string later = format_day(today() + std::chrono::days{60});
    std::string until = format_day(today() + std::chrono::days{200});
    EXPECT_TRUE(premises::approve_assessment(ws, *west_, *manager, family->reference, "cafcass", until));
    auto booked = premises::book_room(ws, *west_, *coordinator,
                                      {premises::BookingKind::assessment, "Quartermaine room", later + " 10:00",
                                       later + " 11:00", "cafcass", family->reference});
    EXPECT_TRUE(booked) << booked.error().message;
    disclosure::InformationRequest statement;
    statement.from = cafcass;
    statement.period_from = "2026-01-01";
    statement.period_to = until;
    EXPECT_TRUE(disclosure::request_information(ws, *west_, *coordinator, family->reference, statement));
    EXPECT_TRUE(retention::place_hold(ws, *west_, *manager, family->reference, "Quartermaine proceedings", until));
    EXPECT_TRUE(governance::acknowledge(ws, *west_, *coordinator,
                                        {policy::Audience::users, "person", *parent, "2026-10-02", "signed copy"}));
    // Its case: a place offered, and the risk assessment written at intake.
    EXPECT_TRUE(journey::record_step(
        ws, *west_, *coordinator, family->id,
        {journey::Step::place_offered, today() - std::chrono::days{1}, "", "", journey::Outcome::other}));
    EXPECT_TRUE(journey::write_plan(ws, *west_, *coordinator, family->id, journey::Plan::risk_assessment,
                                    "Quartermaine handovers apart"));
    // The other parent applied through the public form, and was added to the family.
    applications::NewApplication other;
    other.contact_email = "xavier@example.org";
    other.parent_party = records::Party::non_resident_parent;
    other.parent_first_name = "Xavier";
    other.parent_surname = "Quartermaine";
    other.children = {{"Ottilie", "Quartermaine", "2020-08-08"}};
    auto applied = applications::submit(ws, *west_, other);
    EXPECT_TRUE(applied) << applied.error().message;
    auto application = store::value<std::string>(ws.db(), "SELECT id FROM applications WHERE reference = :r",
                                                 applied ? applied->reference : std::string());
    EXPECT_TRUE(applications::take_in(ws, *west_, *coordinator, application.value_or(""), family->reference));
    // The parent signed in to the portal with an emailed code, and read the policy there.
    EXPECT_TRUE(portal::send_code(ws, *west_, "zephyrine@example.org", now()));
    std::smatch code;
    std::string letter = testing::newest_letter_body(ws, "portal_code:");
    EXPECT_TRUE(std::regex_search(letter, code, std::regex("(\\d{6})"))) << letter;
    auto signed_in = portal::sign_in(ws, *west_, "zephyrine@example.org", code.size() > 1 ? code[1].str() : "", now());
    EXPECT_TRUE(signed_in) << (signed_in ? "" : signed_in.error().message);
    if (signed_in) EXPECT_TRUE(portal::acknowledge_policy(ws, *west_, signed_in->parent));
    if (signed_in) EXPECT_TRUE(portal::ask_for_records(ws, *west_, signed_in->parent, today()));
    // The coordinator stopped its clock, waiting for proof of identity.
    auto asked = store::value<std::string>(ws.db(), "SELECT id FROM records_requests WHERE family_id = :f",
                                           family ? family->id : std::string());
    EXPECT_TRUE(dataprotection::stop_clock(ws, *west_, *coordinator, asked.value_or(""), london_today(),
                                           dataprotection::WaitingFor::identity));
    // The parent complained about the service.
    EXPECT_TRUE(complaints::record_complaint(
        ws, *west_, *coordinator,
        {complaints::Kind::service, complaints::From::parent, complaints::ReceivedHow::letter, london_today(),
         "Zephyrine Quartermaine", family->reference, "Quartermaine session moved without notice"}));
  }

  static Day today() { return std::chrono::floor<std::chrono::days>(now()); }

  Client signed_in(const std::string& handle) {
    Client client(haven_.port());
    std::string code;
    if (handle == "mgmt.west") code = accounts::totp_code(west_manager_secret_, now());
    auto reply = code.empty() ? sign_in_demo(client, haven_, handle)
                              : client.sign_in(handle, cli::demo_password, code);
    EXPECT_EQ(reply.status, 200) << handle << ": " << reply.body;
    return client;
  }

  // Every read this member of staff can make, none showing the other centre's values.
  void expect_sees_none_of(const std::string& handle, const char* const (&markers)[5]) {
    auto client = signed_in(handle);
    std::vector<std::string> targets(std::begin(api_reads), std::end(api_reads));
    targets.insert(targets.end(), std::begin(pages), std::end(pages));
    for (const auto& target : targets) {
      auto reply = client.get(target);
      EXPECT_LT(reply.status, 500) << handle << " " << target;
      for (const char* marker : markers)
        EXPECT_EQ(reply.body.find(marker), std::string::npos)
            << handle << " " << target << " shows another centre's \"" << marker << "\"";
    }
  }

  RunningApi haven_{"birmingham"};
  const app::Centre* west_ = nullptr;
  std::string west_manager_secret_, west_family_id_, west_session_;
};

TEST_F(ManyCentres, EachCentreRunsUnderItsOwnPresetWithItsOwnFamilyKeys) {
  auto& ws = haven_.workspace();
  auto centres = ws.centres();
  ASSERT_EQ(centres.size(), 2u);
  std::map<std::string, std::string> preset_of;
  for (const auto& c : centres) preset_of[c.id] = c.preset_id;
  EXPECT_EQ(preset_of[west_->id], "west-wilts");
  EXPECT_EQ(preset_of[haven_.demo().centre_id], "birmingham");
  auto west_key = ws.keys().family_cipher(west_family_id_);
  auto birmingham_family = records::find_family(ws, **ws.centre(haven_.demo().centre_id), "F0001");
  ASSERT_TRUE(west_key && birmingham_family);
  auto birmingham_key = ws.keys().family_cipher(birmingham_family->id);
  ASSERT_TRUE(birmingham_key);
  EXPECT_NE(west_key->fingerprint(), birmingham_key->fingerprint());
  // Both centres have a family F0001; each reference resolves within its own centre.
  EXPECT_EQ(records::find_family(ws, *west_, "F0001")->id, west_family_id_);
  EXPECT_NE(birmingham_family->id, west_family_id_);
}

TEST_F(ManyCentres, NoReadShowsAnotherCentresData) {
  for (const char* handle : {"coord.amy", "mgmt.raj", "safe.lee", "vol.sam"}) expect_sees_none_of(handle, west_only);
  for (const char* handle : {"coord.west", "mgmt.west"}) expect_sees_none_of(handle, birmingham_only);
}

TEST_F(ManyCentres, AnotherCentresIdsLeadNowhere) {
  auto amy = signed_in("coord.amy");
  auto& ws = haven_.workspace();
  std::string person =
      store::value<std::string>(ws.db(), "SELECT id FROM people WHERE family_id = :f AND party = 'resident_parent'",
                                west_family_id_)
          .value_or("");

  auto recorded_at_west = [&] {
    return store::value<int>(ws.db(), "SELECT COUNT(*) FROM attendance WHERE session_id = :s AND status <> 'expected'",
                             west_session_)
        .value_or(0);
  };
  int recorded_before = recorded_at_west();
  auto session_page = amy.get("/sessions/" + west_session_);
  EXPECT_EQ(session_page.status, 404);
  EXPECT_EQ(session_page.body.find("Zephyrine"), std::string::npos);
  auto arrival = amy.post("/api/v1/sessions/" + west_session_ + "/attendance",
                          R"({"person_id":")" + person + R"(","status":"arrived","at":")" + format_day(today()) +
                              R"( 10:05"})");
  EXPECT_TRUE(arrival.status == 403 || arrival.status == 404) << arrival.body;
  auto correction = amy.post("/api/v1/sessions/" + west_session_ + "/attendance/corrections",
                             R"({"person_id":")" + person + R"(","status":"no_show","reason":"wrong_status"})");
  EXPECT_TRUE(correction.status == 403 || correction.status == 404) << correction.body;
  auto moved = amy.post("/api/v1/sessions/" + west_session_ + "/move",
                        R"({"starts":"2027-03-10 10:00","ends":"2027-03-10 11:00","room":"Garden room"})");
  EXPECT_TRUE(moved.status == 403 || moved.status == 404) << moved.body;
  auto note = amy.post("/api/v1/sessions/" + west_session_ + "/notes", R"({"body":"written across centres"})");
  EXPECT_TRUE(note.status == 403 || note.status == 404) << note.body;
  auto rota = amy.post("/api/v1/sessions/" + west_session_ + "/rota", R"({"handle":"vol.sam"})");
  EXPECT_TRUE(rota.status == 403 || rota.status == 404) << rota.body;

  int recorded = recorded_at_west();
  int corrections =
      store::value<int>(ws.db(), "SELECT COUNT(*) FROM attendance_amendments WHERE session_id = :s", west_session_)
          .value_or(0);
  int notes =
      store::value<int>(ws.db(), "SELECT COUNT(*) FROM session_notes WHERE session_id = :s", west_session_).value_or(0);
  int rota_places =
      store::value<int>(ws.db(), "SELECT COUNT(*) FROM rota WHERE session_id = :s", west_session_).value_or(0);
  EXPECT_EQ(recorded, recorded_before);
  EXPECT_EQ(corrections, 1) << "only the second centre's own";
  EXPECT_EQ(notes, 1);
  EXPECT_EQ(rota_places, 1) << "only the second centre's own volunteer";

  // Staff accounts belong to a centre too.
  auto raj = signed_in("mgmt.raj");
  EXPECT_EQ(raj.post("/api/v1/staff/coord.west/disable", "").status, 404);
  auto check = raj.post("/api/v1/staff/coord.west/dbs-checks",
                        R"({"level":"basic","certificate_number":"001122334455","issued_on":"2026-09-01"})");
  EXPECT_TRUE(check.status == 403 || check.status == 404) << check.body;
  EXPECT_EQ(access::find_staff(ws, "coord.west")->dbs, policy::DbsLevel::enhanced);
}

// The isolation tests above are as wide as the second centre's family: driven by the registry of
// family tables, every table holds rows of it, or is named here with why not. A table added to
// the registry fails this test until the fixture fills it (and so the reads above are checked
// against it) or it is named.
TEST_F(ManyCentres, TheSecondCentresFamilyFillsEveryTableOfTheRegistry) {
  const std::map<std::string_view, std::string_view> not_filled = {
      {"disposal_run_families", "a run destroys the family, after which nothing of it is left to read"},
  };
  auto& ws = haven_.workspace();
  for (const auto& t : store::family_tables()) {
    auto rows = store::count_family_rows(ws.db(), t, west_family_id_);
    if (not_filled.contains(t.table))
      EXPECT_EQ(rows, 0) << t.table << " now holds rows of the family: take it off the list";
    else
      EXPECT_GT(rows, 0) << t.table << " holds no row of the second centre's family: fill it in the fixture";
  }
}

}  // namespace
}  // namespace haven::testing
