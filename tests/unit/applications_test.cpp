// Applications through the public referral form (applications/applications.hpp), under both
// presets: what is sent is checked field by field and kept sealed; coordinators read, take in
// and decline; volunteers and the administrator never see one; each parent's application joins
// one family; a decided application's own key is gone.
#include "applications/applications.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "journey/journey.hpp"
#include "records/family_view.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::applications {
namespace {

using records::Party;

class Applications : public ::testing::TestWithParam<std::string> {
 protected:
  Applications() : demo_(GetParam()), ws_(*demo_.ws), c_(*demo_.centre) {}

  // A father applying for himself, with his daughter.
  static NewApplication fathers() {
    NewApplication a;
    a.applicant = Applicant::parent;
    a.contact_email = "tom.reed@example.org";
    a.parent_party = Party::non_resident_parent;
    a.parent_first_name = "Tom";
    a.parent_surname = "Reed";
    a.parent_phone = "07700 900123";
    a.other_parent_first_name = "Jess";
    a.other_parent_surname = "Reed";
    a.children = {{"Lily", "Reed", "2019-04-03"}};
    a.availability = "Saturday mornings";
    a.domestic_abuse = true;
    return a;
  }
  // The mother's solicitor referring her, for the same daughter.
  static NewApplication mothers() {
    NewApplication a;
    a.applicant = Applicant::professional;
    a.agency = records::AgencyKind::solicitor;
    a.referrer_name = "Ann Law";
    a.organisation = "Law and Co";
    a.contact_email = "ann@lawandco.example";
    a.parent_party = Party::resident_parent;
    a.parent_first_name = "Jess";
    a.parent_surname = "Reed";
    a.parent_address = "1 Elm Row";
    a.children = {{"Lily", "Reed", "2019-04-03"}};
    return a;
  }
  std::string submitted(const NewApplication& a) {
    auto r = submit(ws_, c_, a);
    EXPECT_TRUE(r) << r.error().message;
    auto id = store::value<std::string>(ws_.db(), "SELECT id FROM applications WHERE reference = :r",
                                        r ? r->reference : std::string());
    return id.value_or("");
  }
  long long count(const std::string& sql) { return store::value<long long>(ws_.db(), sql).value_or(0); }
  access::Staff staff(const std::string& handle) { return demo_.staff(handle); }

  haven::testing::DemoWorkspace demo_;
  app::Workspace& ws_;
  const app::Centre& c_;
};

INSTANTIATE_TEST_SUITE_P(BothPresets, Applications, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(Applications, BadInputIsRefusedNamingTheFieldAndNothingIsKept) {
  struct Case {
    void (*spoil)(NewApplication&);
    const char* field;
  };
  const Case cases[] = {
      {[](NewApplication& a) { a.parent_first_name.clear(); }, "parent_first_name"},
      {[](NewApplication& a) { a.contact_email = "not an address"; }, "contact_email"},
      {[](NewApplication& a) { a.parent_surname = std::string(101, 'x'); }, "parent_surname"},
      {[](NewApplication& a) { a.risks = std::string("\xff\xfe", 2); }, "risks"},
      {[](NewApplication& a) { a.children.clear(); }, "children[1].first_name"},
      {[](NewApplication& a) { a.children[0].date_of_birth = "2019-02-30"; }, "children[1].date_of_birth"},
      {[](NewApplication& a) { a.agency = records::AgencyKind::cafcass; }, "agency"},
      {[](NewApplication& a) { a.parent_party = Party::child; }, "parent_party"},
      {[](NewApplication& a) { a.children.assign(max_children + 1, a.children[0]); }, "children"},
  };
  for (const auto& c : cases) {
    auto a = fathers();
    c.spoil(a);
    auto r = submit(ws_, c_, a);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
    EXPECT_TRUE(r.error().message.starts_with(c.field)) << r.error().message;
  }
  auto professional = mothers();
  professional.organisation.clear();
  EXPECT_FALSE(submit(ws_, c_, professional)) << "a professional names their organisation";
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications"), 0);
}

TEST_P(Applications, WhatIsSentIsKeptSealedAndAnsweredWithAReferenceOnly) {
  auto r = submit(ws_, c_, fathers());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->reference.starts_with("A-")) << r->reference;
  EXPECT_EQ(r->reference.size(), 8u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications WHERE body LIKE '%Reed%' OR body LIKE '%tom.reed%'"), 0)
      << "sealed";
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'receive_application' AND actor_id = 'public'"), 1);
  auto second = submit(ws_, c_, fathers());
  ASSERT_TRUE(second);
  EXPECT_NE(second->reference, r->reference);
}

TEST_P(Applications, OnlyThoseWhoRunCasesReadThem) {
  std::string id = submitted(fathers());
  auto listed = waiting(ws_, c_, staff("coord.amy"));
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].applicant, Applicant::parent);
  auto opened = open(ws_, c_, staff("coord.amy"), id);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->details.parent_first_name, "Tom");
  EXPECT_EQ(opened->details.children.at(0).date_of_birth, "2019-04-03");
  EXPECT_TRUE(opened->details.domestic_abuse);
  for (const char* handle : {"vol.sam", "admin.kim"}) {
    auto refused = waiting(ws_, c_, staff(handle));
    ASSERT_FALSE(refused) << handle;
    EXPECT_EQ(refused.error().kind, ErrorKind::denied);
    auto not_opened = open(ws_, c_, staff(handle), id);
    ASSERT_FALSE(not_opened) << handle;
    EXPECT_EQ(not_opened.error().kind, ErrorKind::denied) << "refused before it is looked for";
    EXPECT_FALSE(take_in(ws_, c_, staff(handle), id)) << handle;
    EXPECT_FALSE(decline(ws_, c_, staff(handle), id)) << handle;
  }
  EXPECT_GE(count("SELECT COUNT(*) FROM audit_log WHERE action = 'view_application' AND outcome = 'deny'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'view_application' AND outcome = 'allow'"), 1);
}

TEST_P(Applications, EachParentsApplicationJoinsOneFamilyOnTheWaitingList) {
  auto amy = staff("coord.amy");
  std::string father = submitted(fathers());
  std::string mother = submitted(mothers());
  auto family = take_in(ws_, c_, amy, father);
  ASSERT_TRUE(family) << family.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE resource = 'application:" + father + "'"), 2)
      << "received, then taken in: one entry for the act, not a read and an act";
  auto j = journey::journey_of(ws_, c_, amy, family->reference);
  ASSERT_TRUE(j) << j.error().message;
  EXPECT_EQ(j->stage, journey::Stage::waiting);
  auto view = records::show_family(ws_, c_, amy, family->id);
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->people.size(), 3u) << "the father, the mother he named, and Lily";
  EXPECT_EQ(view->must_not_meet, std::optional<bool>(true)) << "domestic abuse was said";
  ASSERT_EQ(view->referrals.size(), 1u);
  EXPECT_EQ(view->referrals[0].agency, "self_referral");
  EXPECT_FALSE(ws_.keys().family_cipher(father)) << "the application's own key is destroyed";
  auto kept = open(ws_, c_, amy, father);
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_EQ(kept->summary.status, Status::taken_in);
  EXPECT_EQ(kept->summary.family_reference, family->reference);
  EXPECT_EQ(kept->details.parent_first_name, "Tom") << "kept with the family, under its key";
  auto again = take_in(ws_, c_, amy, father);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);

  // The father's family names the mother already, as the resident parent: another resident
  // parent cannot be added...
  auto someone_else = mothers();
  someone_else.parent_first_name = "Kate";
  auto same_side = take_in(ws_, c_, amy, submitted(someone_else), family->reference);
  ASSERT_FALSE(same_side);
  EXPECT_EQ(same_side.error().kind, ErrorKind::conflict);
  EXPECT_NE(same_side.error().message.find("already has a resident parent"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications WHERE status = 'received'"), 2)
      << "a refused take-in leaves it waiting";

  // ...but her own application, through her solicitor, completes the record he made of her.
  auto joined = take_in(ws_, c_, amy, mother, family->reference);
  ASSERT_TRUE(joined) << joined.error().message;
  view = records::show_family(ws_, c_, amy, family->id);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->people.size(), 3u) << "she is not added twice";
  auto jess = std::ranges::find(view->people, "resident_parent", &records::PersonView::party);
  ASSERT_NE(jess, view->people.end());
  EXPECT_EQ(jess->field("address"), "1 Elm Row") << "her own address, from her own application";
  auto solicitor = std::ranges::find(view->referrals, "solicitor", &records::ReferralView::agency);
  ASSERT_NE(solicitor, view->referrals.end());
  EXPECT_EQ(solicitor->acting_for, jess->id) << "her solicitor acts for her";
}

TEST_P(Applications, TheOtherParentsApplicationIsAddedToTheFamilyTheFirstMade) {
  auto amy = staff("coord.amy");
  auto first = fathers();
  first.other_parent_first_name.clear();  // he does not name her
  first.other_parent_surname.clear();
  first.domestic_abuse = false;  // nor abuse; her solicitor does
  auto second = mothers();
  second.domestic_abuse = true;
  std::string father = submitted(first);
  std::string mother = submitted(second);
  auto family = take_in(ws_, c_, amy, father);
  ASSERT_TRUE(family) << family.error().message;
  EXPECT_EQ(records::show_family(ws_, c_, amy, family->id)->must_not_meet, std::optional<bool>(false));
  auto joined = take_in(ws_, c_, amy, mother, family->reference);
  ASSERT_TRUE(joined) << joined.error().message;
  EXPECT_EQ(joined->id, family->id);
  auto view = records::show_family(ws_, c_, amy, family->id);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->people.size(), 3u) << "the mother joins; Lily is not added twice";
  ASSERT_EQ(view->referrals.size(), 2u);
  auto solicitor = std::ranges::find(view->referrals, "solicitor", &records::ReferralView::agency);
  ASSERT_NE(solicitor, view->referrals.end());
  EXPECT_NE(solicitor->referrer_name.find("Law and Co"), std::string::npos);
  EXPECT_FALSE(solicitor->acting_for.empty()) << "the solicitor acts for the mother";
  EXPECT_EQ(view->must_not_meet, std::optional<bool>(true)) << "abuse said by either parent keeps them apart";
}

TEST_P(Applications, ADeclinedApplicationKeepsItsReferenceAndLosesWhatItHeld) {
  auto amy = staff("coord.amy");
  std::string id = submitted(fathers());
  ASSERT_TRUE(decline(ws_, c_, amy, id));
  EXPECT_EQ(count("SELECT COUNT(*) FROM applications WHERE status = 'declined' AND body = ''"), 1);
  EXPECT_FALSE(ws_.keys().family_cipher(id));
  auto opened = open(ws_, c_, amy, id);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->summary.status, Status::declined);
  EXPECT_TRUE(opened->details.parent_first_name.empty());
  auto twice = decline(ws_, c_, amy, id);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, ErrorKind::conflict);
  EXPECT_TRUE(waiting(ws_, c_, amy)->empty());
  EXPECT_FALSE(decline(ws_, c_, amy, "app_0000000000000000")) << "not found";
}

}  // namespace
}  // namespace haven::applications
