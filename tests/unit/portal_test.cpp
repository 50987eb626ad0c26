// The parents' portal under both presets, on a real workspace: signing in with a code sent to the
// email on record (and nothing else), the parent's own case and nothing of anyone else's,
// acknowledging the policy by version, and permissions for their own details (clause 4), including
// the former partner's side where the preset allows it.
#include "portal/portal.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>

#include "access/access.hpp"
#include "disclosure/consents.hpp"
#include "disclosure/disclosures.hpp"
#include "disclosure/subject_access.hpp"
#include "governance/lifecycle.hpp"
#include "journey/journey.hpp"
#include "notices/notices.hpp"
#include "records/families.hpp"
#include "records/family_view.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::portal {
namespace {

using policy::ContactField;
using policy::RecipientKind;

class Portal : public ::testing::TestWithParam<std::string> {
 protected:
  Portal() {
    coordinator_ = *testing::add_vetted_staff(ws(), c(), {"coord.cal", "Cal", policy::Role::coordinator},
                                              policy::DbsLevel::enhanced, "2026-01-05");
    family_ = new_family(false);
    mother_ = person(family_, records::Party::resident_parent, "Imogen", "07700 900111", "imogen@example.org");
    father_ = person(family_, records::Party::non_resident_parent, "Jasper", "07700 900222", "jasper@example.org");
    person(family_, records::Party::child, "Wren", "", "wren@example.org");
  }

  app::Workspace& ws() { return *tw_.ws; }
  const app::Centre& c() { return *tw_.centre; }
  static Day today() { return london_today(); }

  records::FamilyRef new_family(bool must_not_meet) {
    auto f = records::create_family(ws(), c(), coordinator_, must_not_meet);
    EXPECT_TRUE(f) << f.error().message;
    return *f;
  }
  std::string person(const records::FamilyRef& f, records::Party party, const std::string& name,
                     const std::string& phone, const std::string& email) {
    auto id = records::add_person(
        ws(), c(), coordinator_, f.id,
        {party, name, "Ashdown", party == records::Party::child ? "2019-04-04" : "", "3 Mill Lane", phone, email});
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : "";
  }
  int letters() { return store::value<int>(ws().db(), "SELECT COUNT(*) FROM outbox").value_or(-1); }
  // The code in the letter about the newest unused code sent to `email`.
  std::string emailed_code(const std::string& email = "imogen@example.org") {
    std::smatch m;
    auto id = store::value<std::string>(ws().db(),
                                        "SELECT pc.id FROM portal_codes pc JOIN "
                                        "people p ON p.id = pc.person_id WHERE "
                                        "p.email_index = :x AND pc.used_at = '' "
                                        "ORDER BY pc.created_at DESC, pc.id "
                                        "LIMIT 1",
                                        records::email_index(ws(), c().id, email));
    std::string body = testing::newest_letter_body(ws(), "portal_code:" + id.value_or("none"));
    return std::regex_search(body, m, std::regex("(\\d{6})")) ? m[1].str() : std::string();
  }
  Session signed_in(const std::string& email) {
    EXPECT_TRUE(send_code(ws(), c(), email, now()));
    auto s = sign_in(ws(), c(), email, emailed_code(email), now());
    EXPECT_TRUE(s) << s.error().message;
    return s ? *s : Session{};
  }
  // A member of staff passing on `field` of `person` to `to`, as its recipient asks.
  disclosure::Outcome release(const records::FamilyRef& f, const std::string& person, ContactField field,
                              const disclosure::Recipient& to) {
    disclosure::InformationRequest r;
    r.from = to;
    r.asked = disclosure::Asked::contact_details;
    r.about_person = person;
    r.field = field;
    auto out = disclosure::request_information(ws(), c(), coordinator_, f.reference, r);
    EXPECT_TRUE(out) << out.error().message;
    return out ? *out : disclosure::Outcome{};
  }

  testing::TempWorkspace tw_{GetParam()};
  access::Staff coordinator_;
  records::FamilyRef family_;
  std::string mother_, father_;
};

// Migration 35 carries parents' acknowledgements made in the portal before it into the one store:
// once per parent and version, and not over one staff recorded for that version.
TEST(AcknowledgementStore, TheUpgradeCarriesThePortalsAcknowledgementsOver) {
  testing::DemoWorkspace demo("birmingham");
  auto& db = demo.ws->db();
  const std::string version = demo.centre->preset.version;
  auto family = records::show_family(*demo.ws, *demo.centre, demo.staff("coord.amy"), "F0002");
  ASSERT_TRUE(family);
  std::string told_by_staff = family->people[0].id;
  auto added = records::add_person(*demo.ws, *demo.centre, demo.staff("coord.amy"), family->id,
                                   {records::Party::resident_parent, "Nadia", "Quill", "", "", "", ""});
  ASSERT_TRUE(added) << added.error().message;
  // As a database from before migration 35 (and 36, after it).
  store::execute(db, "DELETE FROM schema_migrations WHERE version >= 35");
  for (const char* column : {"failed_passwords", "failed_since"})
    store::run_once(db, fmt::format("ALTER TABLE referrer_accounts DROP COLUMN {}", column));
  store::run_once(db,
                  "CREATE TABLE portal_acknowledgements (id TEXT PRIMARY KEY, family_id TEXT NOT NULL, person_id "
                  "TEXT NOT NULL, what TEXT NOT NULL, policy_version TEXT NOT NULL, at TEXT NOT NULL)");
  auto portal_row = [&](const char* id, const std::string& person, const char* at) {
    store::execute(db,
                   "INSERT INTO portal_acknowledgements (id, family_id, person_id, what, policy_version, at) VALUES "
                   "(:i, :f, :p, 'policy', :v, :a)",
                   std::string(id), family->id, person, version, std::string(at));
  };
  portal_row("pak_1", *added, "2026-12-02T09:00:00Z");
  portal_row("pak_2", *added, "2026-12-01T09:00:00Z");
  portal_row("pak_3", told_by_staff, "2026-12-01T09:00:00Z");
  demo.ws.reset();

  auto ws = app::Workspace::open(demo.paths, false);  // applies 35 and 36 again
  ASSERT_TRUE(ws) << ws.error().message;
  std::vector<std::vector<std::string>> acks;
  for (const auto& row :
       store::rows((*ws)->db(),
                   "SELECT subject_id, acknowledged_on, how, recorded_by FROM policy_acknowledgements "
                   "WHERE subject_kind = 'person' AND subject_id IN (:a, :b) ORDER BY how",
                   *added, told_by_staff))
    acks.push_back(
        {row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2), row.get<std::string>(3)});
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_EQ(acks[0][0], *added);
  EXPECT_EQ(acks[0][1], "2026-12-01") << "once, from the first time she confirmed";
  EXPECT_EQ(acks[0][2], "portal");
  EXPECT_EQ(acks[0][3], *added) << "recorded by herself";
  EXPECT_EQ(acks[1][0], told_by_staff);
  EXPECT_EQ(acks[1][2], "signed copy") << "the staff's record of that version stands";
  EXPECT_THROW(store::value<int>((*ws)->db(), "SELECT COUNT(*) FROM portal_acknowledgements"), store::DatabaseError)
      << "the old table is gone";
}

INSTANTIATE_TEST_SUITE_P(BothPresets, Portal, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(Portal, SignsInWithACodeSentToTheEmailOnRecordOnly) {
  ASSERT_TRUE(send_code(ws(), c(), "nobody@example.org", now()));
  EXPECT_EQ(letters(), 0) << "an address nobody has on record gets nothing, "
                             "and the answer is the same";
  EXPECT_EQ(store::value<int>(ws().db(),
                              "SELECT COUNT(*) FROM audit_log WHERE action = 'portal_code' AND actor_id = 'portal' "
                              "AND outcome = 'deny'")
                .value_or(-1),
            1)
      << "the try is written down, as a known address's is";
  EXPECT_FALSE(send_code(ws(), c(), "not an address", now()));
  ASSERT_TRUE(send_code(ws(), c(), "wren@example.org", now()));
  EXPECT_EQ(letters(), 0) << "children never sign in";

  ASSERT_TRUE(send_code(ws(), c(), "  Imogen@Example.ORG ", now())) << "case and spaces aside";
  ASSERT_EQ(letters(), 1);
  std::string body = testing::newest_letter_body(ws());
  for (const char* secret : {"Imogen", "Jasper", "Ashdown", "Mill", "07700", "Wren"})
    EXPECT_EQ(body.find(secret), std::string::npos) << "an email carries no family data: " << secret;
  std::string code = emailed_code();
  ASSERT_EQ(code.size(), 6u);
  EXPECT_EQ(store::value<int>(ws().db(), "SELECT COUNT(*) FROM portal_codes WHERE code_hash LIKE :c", "%" + code + "%")
                .value_or(-1),
            0)
      << "a code is kept only as a keyed hash";

  auto wrong = sign_in(ws(), c(), "imogen@example.org", code == "000000" ? "111111" : "000000", now());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::denied);
  EXPECT_FALSE(sign_in(ws(), c(), "jasper@example.org", code, now())) << "a code is for the address it went to";
  auto session = sign_in(ws(), c(), "imogen@example.org", code, now());
  ASSERT_TRUE(session) << session.error().message;
  EXPECT_EQ(session->parent.person_id, mother_);
  EXPECT_EQ(session->parent.family_id, family_.id);
  EXPECT_FALSE(sign_in(ws(), c(), "imogen@example.org", code, now())) << "a code works once";

  auto found = find_session(ws(), c(), session->token, now());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->parent.person_id, mother_);
  EXPECT_FALSE(find_session(ws(), c(), session->token, now() + session_lifetime + std::chrono::minutes{1}));
  EXPECT_TRUE(sign_out(ws(), c(), session->token));
  EXPECT_FALSE(find_session(ws(), c(), session->token, now())) << "signed out";
  EXPECT_EQ(store::value<int>(ws().db(), "SELECT COUNT(*) FROM audit_log WHERE action = 'portal_sign_in'").value_or(0),
            4)
      << "each sign-in, refused or allowed, is audited";
}

TEST_P(Portal, ACodeExpiresAndStopsAfterItsTries) {
  ASSERT_TRUE(send_code(ws(), c(), "imogen@example.org", now()));
  std::string code = emailed_code();
  EXPECT_FALSE(sign_in(ws(), c(), "imogen@example.org", code, now() + code_lifetime + std::chrono::seconds{1}))
      << "expired";
  for (int i = 0; i < tries_per_code; ++i)
    EXPECT_FALSE(sign_in(ws(), c(), "imogen@example.org", code == "999999" ? "888888" : "999999", now()));
  EXPECT_FALSE(sign_in(ws(), c(), "imogen@example.org", code, now())) << "tried too often, it stops working";
}

TEST_P(Portal, OnlyTheNewestCodeWorksAndAnAddressTwoParentsShareGetsNone) {
  ASSERT_TRUE(send_code(ws(), c(), "imogen@example.org", now()));
  std::string first = emailed_code();
  ASSERT_TRUE(send_code(ws(), c(), "imogen@example.org", now() + std::chrono::seconds{2}));
  std::string second = emailed_code();
  if (first != second) EXPECT_FALSE(sign_in(ws(), c(), "imogen@example.org", first, now())) << "asking again ends it";
  EXPECT_TRUE(sign_in(ws(), c(), "imogen@example.org", second, now()));

  // Both parents of one family with one address: it tells them apart no more, so nothing is sent.
  auto shared = new_family(false);
  person(shared, records::Party::resident_parent, "Ada", "", "home@example.org");
  person(shared, records::Party::non_resident_parent, "Bo", "", "home@example.org");
  int before = letters();
  ASSERT_TRUE(send_code(ws(), c(), "home@example.org", now()));
  EXPECT_EQ(letters(), before);
  EXPECT_EQ(store::value<int>(ws().db(),
                              "SELECT COUNT(*) FROM audit_log WHERE action = 'portal_code' AND "
                              "fields = 'email_shared'")
                .value_or(0),
            2)
      << "each refusal is on the audit trail, for the coordinator";
}

TEST_P(Portal, ParentsRecordedBeforeThePortalAreIndexedOnceByThoseWhoMayReadTheirEmail) {
  // As a database upgraded from before the portal: nobody is findable by email.
  store::execute(ws().db(), "UPDATE people SET email_index = ''");
  ASSERT_TRUE(send_code(ws(), c(), "imogen@example.org", now()));
  EXPECT_EQ(letters(), 0);
  auto volunteer = testing::add_vetted_staff(ws(), c(), {"vol.val", "Val", policy::Role::volunteer},
                                             policy::DbsLevel::enhanced, "2026-01-05");
  ASSERT_TRUE(volunteer);
  auto none = index_parent_emails(ws(), c(), *volunteer);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0) << "a volunteer reads no email, so indexes none";
  auto indexed = index_parent_emails(ws(), c(), coordinator_);
  ASSERT_TRUE(indexed) << indexed.error().message;
  EXPECT_EQ(*indexed, 2) << "both parents; the child never signs in";
  EXPECT_EQ(*index_parent_emails(ws(), c(), coordinator_), 0) << "once";
  ASSERT_TRUE(send_code(ws(), c(), "imogen@example.org", now()));
  EXPECT_EQ(letters(), 1);
}

TEST_P(Portal, AParentsRequestForTheirRecordsStartsTheClockUntilItIsAnswered) {
  auto mother = signed_in("imogen@example.org").parent;
  auto asked = ask_for_records(ws(), c(), mother, today());
  ASSERT_TRUE(asked) << asked.error().message;
  EXPECT_EQ(asked->due_on, format_day(add_months(today(), 1))) << "the law's month";
  auto again = ask_for_records(ws(), c(), mother, today());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_NE(again.error().message.find(day_in_words(asked->due_on)), std::string::npos) << again.error().message;

  auto notices = notices::waiting_for(ws(), c(), coordinator_, today());
  ASSERT_TRUE(notices) << notices.error().message;
  auto waiting = std::ranges::find(*notices, notices::Subject::records_request, &notices::Notice::subject);
  ASSERT_NE(waiting, notices->end()) << "the coordinator sees it, with its due date";
  EXPECT_EQ(waiting->family_reference, family_.reference);
  EXPECT_NE(waiting->text.find(day_in_words(asked->due_on)), std::string::npos) << waiting->text;

  // Answered with the export, released to her: the clock stops and the notice goes.
  auto released = disclosure::subject_access(ws(), c(), coordinator_, family_.reference,
                                             {mother_, {RecipientKind::parent, "", mother_, ""}});
  ASSERT_TRUE(released) << released.error().message;
  ASSERT_TRUE(released->allowed) << released->reason;
  auto status = portal::status(ws(), c(), mother, today());
  ASSERT_TRUE(status);
  ASSERT_TRUE(status->records_request);
  EXPECT_EQ(status->records_request->answered_on, format_london_day(now()));
  notices = notices::waiting_for(ws(), c(), coordinator_, today());
  ASSERT_TRUE(notices);
  EXPECT_EQ(std::ranges::count(*notices, notices::Subject::records_request, &notices::Notice::subject), 0);
  EXPECT_TRUE(ask_for_records(ws(), c(), mother, today())) << "a new request once the last is answered";

  // He cannot ask for hers: nobody asks for another's records.
  auto for_her = access::parent_act(c(), signed_in("jasper@example.org").parent, policy::Action::record,
                                    policy::Item::case_progress, mother_);
  EXPECT_FALSE(access::consider(c(), for_her).allowed());
}

TEST_P(Portal, AtMostFiveCodesAnHourGoToOneParent) {
  for (int i = 0; i < codes_per_hour + 2; ++i) ASSERT_TRUE(send_code(ws(), c(), "imogen@example.org", now()));
  EXPECT_EQ(letters(), codes_per_hour);
  ASSERT_TRUE(send_code(ws(), c(), "imogen@example.org", now() + std::chrono::minutes{61}));
  EXPECT_EQ(letters(), codes_per_hour + 1) << "the hour moves on";
}

TEST_P(Portal, AParentSeesTheirOwnCaseAndNothingOfAnyoneElse) {
  auto mother = signed_in("imogen@example.org").parent;
  auto status = portal::status(ws(), c(), mother, today());
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(status->first_name, "Imogen");
  EXPECT_EQ(status->family_reference, family_.reference);
  EXPECT_EQ(status->stage, "referred");
  EXPECT_TRUE(status->acknowledged_on.empty());

  // The decision point refuses the parent anything of the other parent or of another family.
  auto other_family = new_family(false);
  person(other_family, records::Party::resident_parent, "Nell", "07700 900333", "nell@example.org");
  EXPECT_FALSE(access::consider(c(), access::parent_view(c(), mother, policy::Item::phone, father_)).allowed());
  EXPECT_FALSE(access::consider(c(), access::parent_view(c(), mother, policy::Item::first_name, father_)).allowed());
  EXPECT_TRUE(access::consider(c(), access::parent_view(c(), mother, policy::Item::phone, mother_)).allowed());
  auto elsewhere = access::parent_view(c(), mother, policy::Item::case_progress);
  elsewhere.family_id = other_family.id;
  EXPECT_FALSE(access::consider(c(), elsewhere).allowed());
  for (auto item : {policy::Item::session_note, policy::Item::concern_record, policy::Item::referral_details,
                    policy::Item::risk_assessment, policy::Item::contact_plan, policy::Item::must_not_meet})
    EXPECT_FALSE(access::consider(c(), access::parent_view(c(), mother, item)).allowed()) << name_of(item);
  auto for_him = access::parent_act(c(), mother, policy::Action::record, policy::Item::phone, father_);
  EXPECT_FALSE(access::consider(c(), for_him).allowed()) << "nobody gives permission for another's details";

  // His permission cannot be reached, withdrawn or listed by her, whatever its id.
  auto father = signed_in("jasper@example.org").parent;
  auto his = give_permission(ws(), c(), father, {ContactField::phone, "cafcass", "Sam Patel, Cafcass", ""}, today());
  ASSERT_TRUE(his) << his.error().message;
  auto reach = withdraw_permission(ws(), c(), mother, *his, today());
  ASSERT_FALSE(reach);
  EXPECT_EQ(reach.error().kind, ErrorKind::not_found);
  auto hers = permissions(ws(), c(), mother, today());
  ASSERT_TRUE(hers);
  EXPECT_TRUE(hers->empty());

  // The father's solicitor is never offered to her as a recipient: nothing of his side shows.
  ASSERT_TRUE(records::add_referral(ws(), c(), coordinator_, family_.id,
                                    {records::AgencyKind::solicitor, "Dev Marlow", father_, "2026-10-01"}));
  auto choices = recipient_choices(ws(), c(), mother);
  ASSERT_TRUE(choices);
  EXPECT_FALSE(std::ranges::any_of(*choices, [](const auto& ch) { return ch.value.starts_with("referral:"); }));
}

TEST_P(Portal, AcknowledgesThePolicyByVersionOnce) {
  auto mother = signed_in("imogen@example.org").parent;
  auto before = governance::unacknowledged(ws(), c(), coordinator_);
  ASSERT_TRUE(before);
  auto waiting = [&](const std::vector<governance::Outstanding>& list) {
    return std::ranges::any_of(list, [&](const auto& o) { return o.subject_id == mother_; });
  };
  if (std::ranges::find(c().preset.audiences, policy::Audience::users) != c().preset.audiences.end()) {
    EXPECT_TRUE(waiting(*before));
  }
  ASSERT_TRUE(acknowledge_policy(ws(), c(), mother));
  ASSERT_TRUE(acknowledge_policy(ws(), c(), mother));
  EXPECT_EQ(store::value<int>(ws().db(),
                              "SELECT COUNT(*) FROM policy_acknowledgements WHERE subject_kind = 'person' AND "
                              "subject_id = :p AND how = 'portal' AND recorded_by = :b",
                              mother_, mother_)
                .value_or(0),
            1)
      << "once, with those staff record, as her own";
  auto status = portal::status(ws(), c(), mother, today());
  ASSERT_TRUE(status);
  EXPECT_EQ(status->acknowledged_on, format_day(today()));
  EXPECT_TRUE(status->acknowledged_here) << "in the portal, not recorded by staff";
  EXPECT_EQ(status->policy_version, c().preset.version);
  auto after = governance::unacknowledged(ws(), c(), coordinator_);
  ASSERT_TRUE(after);
  EXPECT_FALSE(waiting(*after)) << "told of the policy, by her own act";
}

// Clause 9: at intake, a parent's acknowledgement in the portal is also their agreement to the
// ground rules, recorded once on the family's journey for them and for no one else.
TEST_P(Portal, AtIntakeAParentAgreesToTheGroundRulesThemselves) {
  ASSERT_FALSE(c().preset.ground_rules.empty());
  auto mother = signed_in("imogen@example.org").parent;
  auto ground_rules_of = [&](const std::string& person) {
    auto j = journey::journey_of(ws(), c(), coordinator_, family_.reference);
    EXPECT_TRUE(j) << j.error().message;
    auto p = std::ranges::find(j->parents, person, &journey::ParentIntake::person_id);
    return p == j->parents.end() ? std::string("?") : p->ground_rules_on;
  };

  ASSERT_TRUE(acknowledge_policy(ws(), c(), mother));
  EXPECT_EQ(ground_rules_of(mother_), "") << "before a place is offered there is no intake to agree for";
  auto waiting = portal::status(ws(), c(), mother, today());
  ASSERT_TRUE(waiting);
  EXPECT_FALSE(waiting->to_acknowledge);

  ASSERT_TRUE(records::add_referral(ws(), c(), coordinator_, family_.id,
                                    {records::AgencyKind::self_referral, "", "", format_day(today())}));
  ASSERT_TRUE(journey::record_step(ws(), c(), coordinator_, family_.reference,
                                   {.step = journey::Step::place_offered, .on = today()}));
  auto offered = portal::status(ws(), c(), mother, today());
  ASSERT_TRUE(offered);
  EXPECT_TRUE(offered->to_acknowledge) << "offered a place, she is asked to agree to the ground rules";
  EXPECT_EQ(offered->ground_rules_on, "");

  ASSERT_TRUE(acknowledge_policy(ws(), c(), mother));
  ASSERT_TRUE(acknowledge_policy(ws(), c(), mother));
  EXPECT_EQ(ground_rules_of(mother_), format_day(today()));
  EXPECT_EQ(ground_rules_of(father_), "") << "her agreement is hers alone";
  EXPECT_EQ(store::value<int>(ws().db(),
                              "SELECT COUNT(*) FROM journey_steps WHERE step = 'ground_rules' AND person_id = :p "
                              "AND recorded_by = :p2 AND detail = :v",
                              mother_, mother_, c().preset.version)
                .value_or(0),
            1)
      << "recorded once, as her own act, with the version she read";
  auto agreed = portal::status(ws(), c(), mother, today());
  ASSERT_TRUE(agreed);
  EXPECT_EQ(agreed->ground_rules_on, format_day(today()));
  EXPECT_FALSE(agreed->to_acknowledge);
  EXPECT_GE(
      store::value<int>(ws().db(),
                        "SELECT COUNT(*) FROM audit_log WHERE action = 'acknowledge_policy' AND actor_id = :p", mother_)
          .value_or(0),
      1);
}

TEST_P(Portal, Clause4_APermissionGivenInThePortalOpensARelease) {
  auto mother = signed_in("imogen@example.org").parent;
  disclosure::Recipient officer{RecipientKind::cafcass, "", "", "Sam Patel, Cafcass"};
  EXPECT_FALSE(release(family_, mother_, ContactField::phone, officer).allowed) << "no permission yet";

  EXPECT_FALSE(give_permission(ws(), c(), mother, {ContactField::phone, "cafcass", "  ", ""}, today()))
      << "a named recipient needs a name";
  EXPECT_FALSE(give_permission(ws(), c(), mother, {ContactField::phone, "court", "Family court", ""}, today()))
      << "only the recipients offered";
  EXPECT_FALSE(
      give_permission(ws(), c(), mother, {ContactField::phone, "cafcass", "Sam", format_day(today())}, today()))
      << "an end after today";
  auto given = give_permission(ws(), c(), mother, {ContactField::phone, "cafcass", "Sam Patel, Cafcass", ""}, today());
  ASSERT_TRUE(given) << given.error().message;
  auto out = release(family_, mother_, ContactField::phone, officer);
  ASSERT_TRUE(out.allowed) << out.reason;
  EXPECT_EQ(out.contact_value, "07700 900111");
  EXPECT_FALSE(release(family_, mother_, ContactField::address, officer).allowed) << "for the phone only";
  disclosure::Recipient someone_else{RecipientKind::cafcass, "", "", "Another Officer"};
  EXPECT_FALSE(release(family_, mother_, ContactField::phone, someone_else).allowed) << "for that officer only";

  auto listed = permissions(ws(), c(), mother, today());
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE(listed->front().live);
  EXPECT_TRUE(listed->front().given_here);
  EXPECT_EQ(
      store::value<std::string>(ws().db(), "SELECT policy_version FROM consents WHERE id = :i", *given).value_or(""),
      c().preset.version)
      << "kept with the version of the policy she gave it under";

  ASSERT_TRUE(withdraw_permission(ws(), c(), mother, *given, today()));
  EXPECT_FALSE(release(family_, mother_, ContactField::phone, officer).allowed) << "withdrawn";
  auto again = withdraw_permission(ws(), c(), mother, *given, today());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
}

TEST_P(Portal, Clause4_OtherSideNeverWhileViolenceOrMustNotMeet) {
  ASSERT_TRUE(c().preset.former_partner_with_permission) << "both shipped policies say \"with their permission\"";
  disclosure::Recipient him{RecipientKind::parent, "", father_, ""};
  // A consent a member of staff records does not open the other side.
  ASSERT_TRUE(disclosure::record_consent(ws(), c(), coordinator_, family_.reference,
                                         {mother_, ContactField::phone, him, format_day(today()), "written", ""}));
  auto refused = release(family_, mother_, ContactField::phone, him);
  EXPECT_FALSE(refused.allowed);
  EXPECT_NE(refused.reason.find("own permission"), std::string::npos) << refused.reason;

  auto mother = signed_in("imogen@example.org").parent;
  // The kind of recipient her permission is kept for, as she named them.
  auto kept_as = [&](ContactField field, const char* to, const char* named) {
    auto given = give_permission(ws(), c(), mother, {field, to, named, ""}, today());
    EXPECT_TRUE(given) << given.error().message;
    return store::value<std::string>(ws().db(), "SELECT recipient_kind FROM consents WHERE id = :i", given.value_or(""))
        .value_or("");
  };
  EXPECT_EQ(kept_as(ContactField::address, "other_person", "Jasper Ashdown"), "parent")
      << "named as someone else by his name on record, he is still the other parent";
  EXPECT_EQ(kept_as(ContactField::address, "cafcass", "jasper ashdown"), "parent") << "or as a Cafcass officer";
  EXPECT_EQ(kept_as(ContactField::email, "other_person", "Imogen Ashdown"), "other_person")
      << "her own name is kept as she typed it";
  ASSERT_TRUE(give_permission(ws(), c(), mother, {ContactField::phone, "other_parent", "", ""}, today()));
  auto out = release(family_, mother_, ContactField::phone, him);
  ASSERT_TRUE(out.allowed) << out.reason;
  EXPECT_EQ(out.contact_value, "07700 900111");
  EXPECT_EQ(store::value<std::string>(ws().db(), "SELECT review FROM disclosures WHERE id = :i", out.register_id)
                .value_or(""),
            "pending")
      << "management reviews every release to the other side";
  auto manager = testing::add_vetted_staff(ws(), c(), {"mgmt.mia", "Mia", policy::Role::management},
                                           policy::DbsLevel::enhanced, "2026-01-05");
  ASSERT_TRUE(manager);
  auto review = disclosure::exception_for_review(ws(), c(), *manager, out.register_id);
  ASSERT_TRUE(review) << review.error().message;
  EXPECT_TRUE(review->to_other_side) << "reviewed as a release on her permission, not as an exception";
  EXPECT_EQ(review->about_party, "resident_parent") << "whose detail it was";
  EXPECT_EQ(review->items, (std::vector<policy::Item>{policy::Item::phone}));
  EXPECT_TRUE(review->concern_kind.empty());
  EXPECT_NE(disclosure::describe(disclosure::ReviewFinding::improper, true).find("permission"), std::string::npos);

  ASSERT_TRUE(disclosure::record_concern(ws(), c(), coordinator_, family_.reference, disclosure::ConcernKind::violence,
                                         "Threats at the handover"));
  auto after_concern = release(family_, mother_, ContactField::phone, him);
  EXPECT_FALSE(after_concern.allowed);
  EXPECT_NE(after_concern.reason.find("violence"), std::string::npos) << after_concern.reason;

  // Parents who must not meet: never, whatever she permits.
  auto apart = new_family(true);
  auto nell = person(apart, records::Party::resident_parent, "Nell", "07700 900333", "nell@example.org");
  auto ozzy = person(apart, records::Party::non_resident_parent, "Ozzy", "07700 900444", "ozzy@example.org");
  auto her = signed_in("nell@example.org").parent;
  ASSERT_TRUE(give_permission(ws(), c(), her, {ContactField::phone, "other_parent", "", ""}, today()));
  auto kept_apart = release(apart, nell, ContactField::phone, {RecipientKind::parent, "", ozzy, ""});
  EXPECT_FALSE(kept_apart.allowed);
  EXPECT_NE(kept_apart.reason.find("must not meet"), std::string::npos) << kept_apart.reason;

  // A preset that says no refuses even her own permission.
  auto strict = c().preset;
  strict.former_partner_with_permission = false;
  policy::DecisionPoint dp(strict);
  policy::AccessRequest r;
  r.actor = coordinator_.actor();
  r.action = policy::Action::release;
  r.item = policy::Item::phone;
  r.purpose = policy::Purpose::referrer_request;
  r.centre_id = c().id;
  r.family_id = family_.id;
  r.recipient = {RecipientKind::parent, policy::Side::other_parent, father_};
  r.facts.consent_live = r.facts.consent_given_by_parent = true;
  EXPECT_FALSE(dp.decide(r).allowed());
  r.facts.violence_concern = false;
  EXPECT_TRUE(policy::DecisionPoint(c().preset).decide(r).allowed());
}

}  // namespace
}  // namespace haven::portal
