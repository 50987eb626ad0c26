// The decision point, clause by clause, under both shipped presets. Each test would fail if
// the enforcement of its clause broke.
#include <gtest/gtest.h>

#include <type_traits>

#include "policy/decision.hpp"
#include "retention/rules.hpp"
#include "support/temp_workspace.hpp"

namespace haven::policy {
namespace {

// A Permit cannot be made outside the decision point.
static_assert(!std::is_constructible_v<Permit, std::string, Item>);
static_assert(!std::is_default_constructible_v<Permit>);

class DecisionTest : public ::testing::TestWithParam<std::string> {
 protected:
  DecisionTest() : preset_(haven::testing::shipped_preset(GetParam())), dp_(preset_) {}

  static AccessRequest as(Role role, Action action, Item item, Purpose purpose = Purpose::case_management) {
    AccessRequest r;
    r.actor = {"stf_x", "ctr_1", role, DbsLevel::enhanced, std::chrono::floor<std::chrono::days>(now()) - std::chrono::days{30}, false, false, {}, {}, {}};
    r.actor.rota_families = {"fam_1"};  // on the rota for today's session of the family asked about
    r.actor.rota_families_today = {"fam_1"};
    r.actor.rota_sessions_today = {"ses_1"};
    r.centre_id = "ctr_1";
    r.action = action;
    r.item = item;
    r.purpose = purpose;
    r.family_id = "fam_1";
    return r;
  }
  static AccessRequest release(Role role, Item item, RecipientKind to, Purpose purpose = Purpose::referrer_request) {
    auto r = as(role, Action::release, item, purpose);
    r.recipient = {to, Side::neutral, "rcp_1"};
    return r;
  }
  static AccessRequest exception(Purpose purpose, RecipientKind to, Role role = Role::safeguarding_lead) {
    auto r = release(role, Item::session_note, to, purpose);
    r.facts.concern_recorded = true;
    r.facts.justification = "injury seen at handover";
    return r;
  }
  void expect(const AccessRequest& r, bool allowed, std::string_view clause) {
    auto d = dp_.decide(r);
    EXPECT_EQ(d.allowed(), allowed) << d.explain();
    EXPECT_EQ(d.clause_id(), clause) << d.explain();
    EXPECT_EQ(d.permit.has_value(), allowed);
    EXPECT_FALSE(d.reason.empty());
  }
  bool west_wilts() const { return preset_.id == "west-wilts"; }

  Preset preset_;
  DecisionPoint dp_;
};

INSTANTIATE_TEST_SUITE_P(BothPresets, DecisionTest, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(DecisionTest, E1_WelfareDisclosureByTheRightPeopleOnly) {
  auto ok = dp_.decide(exception(Purpose::child_welfare, RecipientKind::childrens_services));
  EXPECT_TRUE(ok.allowed());
  EXPECT_EQ(ok.clause_id(), "E1");
  ASSERT_EQ(ok.obligations.size(), 1u);
  EXPECT_EQ(ok.obligations[0], Obligation::management_review);

  expect(exception(Purpose::child_welfare, RecipientKind::police, Role::management), true, "E1");
  expect(exception(Purpose::child_welfare, RecipientKind::childrens_services, Role::coordinator), false, "E1");
  expect(exception(Purpose::child_welfare, RecipientKind::childrens_services, Role::volunteer), false, "E1");

  auto no_concern = exception(Purpose::child_welfare, RecipientKind::childrens_services);
  no_concern.facts.concern_recorded = false;
  expect(no_concern, false, "E1");
  auto no_reason = exception(Purpose::child_welfare, RecipientKind::childrens_services);
  no_reason.facts.justification.clear();
  expect(no_reason, false, "E1");
  expect(exception(Purpose::child_welfare, RecipientKind::other_person), false, "E1");
  expect(exception(Purpose::child_welfare, RecipientKind::parent), false, "E1");
}

TEST_P(DecisionTest, E1_AgenciesFollowThePreset) {
  // Birmingham names Cafcass; West Wilts admits any other appropriate agency.
  expect(exception(Purpose::child_welfare, RecipientKind::cafcass), true, "E1");
  expect(exception(Purpose::child_welfare, RecipientKind::other_agency), west_wilts(), "E1");
}

TEST_P(DecisionTest, E2_ViolenceGoesToThePolice) {
  auto d = dp_.decide(exception(Purpose::violence, RecipientKind::police));
  EXPECT_TRUE(d.allowed()) << d.explain();
  EXPECT_EQ(d.clause_id(), "E2");
  EXPECT_EQ(d.obligations, std::vector<Obligation>{Obligation::management_review});
  expect(exception(Purpose::violence, RecipientKind::childrens_services), false, "E2");
  expect(exception(Purpose::violence, RecipientKind::police, Role::coordinator), false, "E2");
}

TEST_P(DecisionTest, Clause1_VolunteersSeeOnlyWhatASessionNeeds) {
  for (Item item : {Item::first_name, Item::must_not_meet, Item::session_times, Item::attendance_times})
    expect(as(Role::volunteer, Action::view, item, Purpose::running_session), true, "1");
  for (Item item : {Item::surname, Item::address, Item::phone, Item::email, Item::date_of_birth, Item::session_note,
                    Item::referral_details})
    expect(as(Role::volunteer, Action::view, item, Purpose::running_session), false, "1");
  expect(as(Role::volunteer, Action::export_copy, Item::first_name, Purpose::running_session), false, "1");
  expect(release(Role::volunteer, Item::attendance_times, RecipientKind::referring_agency), false, "1");
}

TEST_P(DecisionTest, Clause1_NothingElseLeavesTheCentre) {
  expect(release(Role::coordinator, Item::surname, RecipientKind::referring_agency), false, "1");
  expect(release(Role::management, Item::date_of_birth, RecipientKind::other_person), false, "1");
  auto consented = release(Role::coordinator, Item::first_name, RecipientKind::other_person);
  consented.facts.consent_live = true;  // consent covers contact details, not the rest of the file
  expect(consented, false, "1");
}

TEST_P(DecisionTest, Clause2_NoReportsForFamilyProceedings) {
  expect(release(Role::coordinator, Item::session_note, RecipientKind::referring_agency), false, "2");
  expect(release(Role::management, Item::attendance_times, RecipientKind::court), false, "2");
  expect(release(Role::coordinator, Item::attendance_times, RecipientKind::referring_agency,
                 Purpose::family_proceedings),
         false, "2");
  expect(release(Role::safeguarding_lead, Item::session_note, RecipientKind::cafcass), false, "2");
}

TEST_P(DecisionTest, Clause3_AttendanceForReferringAgencies) {
  auto d = dp_.decide(release(Role::coordinator, Item::attendance_times, RecipientKind::referring_agency));
  EXPECT_TRUE(d.allowed()) << d.explain();
  EXPECT_EQ(d.clause_id(), "3");
  if (west_wilts())
    EXPECT_EQ(d.obligations, (std::vector<Obligation>{Obligation::warn_requester, Obligation::mirror_to_other_side}));
  else
    EXPECT_TRUE(d.obligations.empty());
  expect(release(Role::coordinator, Item::attendance_times, RecipientKind::parent), false, "3");
  expect(release(Role::coordinator, Item::session_times, RecipientKind::other_person), false, "3");
}

TEST_P(DecisionTest, Clause3_AReferrerHasTheirOwnReferralsOnly) {
  auto referrer = [](Action action, Item item) {
    AccessRequest r;
    r.actor.kind = ActorKind::referrer;
    r.actor.id = "rfa_1";
    r.actor.centre_id = "ctr_1";
    r.centre_id = "ctr_1";
    r.family_id = "fam_1";
    r.action = action;
    r.item = item;
    r.purpose = Purpose::referrer_request;
    r.facts.own_referral = true;
    return r;
  };
  expect(referrer(Action::view, Item::case_progress), true, "3");
  expect(referrer(Action::view, Item::attendance_times), true, "3");
  auto asks = referrer(Action::release, Item::attendance_times);
  asks.recipient = {RecipientKind::referring_agency, Side::neutral, "ref_1"};
  auto d = dp_.decide(asks);
  EXPECT_TRUE(d.allowed()) << d.explain();
  EXPECT_EQ(d.obligations.empty(), !west_wilts()) << "the same obligations as a statement staff release";
  asks.facts.own_referral = false;
  expect(asks, false, "3");
  for (Item item : {Item::first_name, Item::surname, Item::address, Item::phone, Item::session_note,
                    Item::referral_details, Item::concern_record, Item::session_times})
    expect(referrer(Action::view, item), false, "3");
  expect(referrer(Action::record, Item::case_progress), false, "3");
  auto other_centre = referrer(Action::view, Item::case_progress);
  other_centre.centre_id = "ctr_2";
  expect(other_centre, false, "7");

  expect(as(Role::coordinator, Action::invite_referrer, Item::referral_details), true, "3");
  expect(as(Role::management, Action::invite_referrer, Item::referral_details), true, "3");
  for (Role role : {Role::safeguarding_lead, Role::volunteer})
    expect(as(role, Action::invite_referrer, Item::referral_details), false, "3");
  expect(as(Role::administrator, Action::invite_referrer, Item::referral_details), false, "7");
}

// Clause 7: the centre's data-protection records (breaches, records requests, complaints) are
// kept by coordinators and management; only management decide what is reported to the ICO.
TEST_P(DecisionTest, Clause7_DataProtectionRecordsAreKeptByCoordinatorsAndManagement) {
  for (Role role : {Role::coordinator, Role::management})
    expect(as(role, Action::keep_data_protection_records, Item::case_progress), true, "7");
  for (Role role : {Role::safeguarding_lead, Role::volunteer, Role::administrator})
    expect(as(role, Action::keep_data_protection_records, Item::case_progress), false, "7");
  expect(as(Role::management, Action::decide_breach, Item::case_progress), true, "7");
  for (Role role : {Role::coordinator, Role::safeguarding_lead, Role::volunteer, Role::administrator})
    expect(as(role, Action::decide_breach, Item::case_progress), false, "7");
  // A complaint's second stage: a manager, never the one who answered the first.
  auto review = as(Role::management, Action::review_complaint, Item::case_progress);
  review.facts.proposed_by = "stf_other";
  expect(review, true, "7");
  review.facts.proposed_by = "stf_x";
  expect(review, false, "7");
  auto by_coordinator = as(Role::coordinator, Action::review_complaint, Item::case_progress);
  expect(by_coordinator, false, "7");
}

TEST_P(DecisionTest, Clause4_ContactDetailsNeedConsentAndNeverGoToTheOtherSide) {
  for (Item item : {Item::address, Item::phone, Item::email}) {
    auto r = release(Role::coordinator, item, RecipientKind::referring_agency);
    expect(r, false, "4");
    r.facts.consent_live = true;
    expect(r, true, "4");
    r.recipient.side = Side::other_parent;  // even with a consent on file
    expect(r, false, "4");
    auto ex_partner = release(Role::management, item, RecipientKind::parent);
    ex_partner.recipient.side = Side::other_parent;
    ex_partner.facts.consent_live = true;
    expect(ex_partner, false, "4");
  }
}

TEST_P(DecisionTest, Clause8_SubjectAccessOwnRecordsAndChildrenUpTo25) {
  auto own = release(Role::coordinator, Item::address, RecipientKind::parent, Purpose::subject_access);
  own.recipient.side = Side::same_parent;
  expect(own, true, "8");
  auto someone_else = own;
  someone_else.recipient.side = Side::other_parent;
  expect(someone_else, false, "1");
  auto child = release(Role::coordinator, Item::date_of_birth, RecipientKind::local_authority, Purpose::subject_access);
  child.recipient.side = Side::same_parent;
  child.facts.subject_age = 25;
  expect(child, true, "8");
  child.facts.subject_age = 26;
  expect(child, false, "8");
  auto direct = child;
  direct.facts.subject_age = 16;
  direct.recipient.kind = RecipientKind::other_person;
  expect(direct, false, "8");
  expect(release(Role::volunteer, Item::first_name, RecipientKind::parent, Purpose::subject_access), false, "1");
  auto unchecked = own;  // a request logged by staff whose requester is not yet known to be them
  unchecked.facts.identity_unchecked = true;
  expect(unchecked, false, "8");
}

TEST_P(DecisionTest, Clause5_AssessmentsNeedManagementAgreement) {
  auto r = as(Role::coordinator, Action::book_assessment, Item::session_times);
  expect(r, false, "5");
  r.facts.management_approval = true;
  expect(r, true, "5");
}

TEST_P(DecisionTest, Clause6_NoFamilyDataBeforeTheDbsCheck) {
  auto r = as(Role::volunteer, Action::view, Item::first_name, Purpose::running_session);
  r.actor.dbs = DbsLevel::none;
  expect(r, false, "6");
  r.actor.dbs = DbsLevel::basic;  // enough for West Wilts, not for Birmingham's enhanced level
  expect(r, west_wilts(), west_wilts() ? "1" : "6");
  r.actor.dbs = DbsLevel::enhanced;
  expect(r, true, "1");
  // A check older than the preset's recheck period has lapsed, unless on the Update Service.
  r.actor.dbs_issued_on = std::chrono::floor<std::chrono::days>(now()) - std::chrono::days{365 * 3 + 2};
  expect(r, false, "6");
  r.actor.dbs_update_service = true;
  expect(r, true, "1");
  r.actor.dbs_update_service = false;
  r.actor.dbs_issued_on = std::chrono::floor<std::chrono::days>(now()) - std::chrono::days{365};
  expect(r, true, "1");
  auto record = as(Role::volunteer, Action::record, Item::attendance_times, Purpose::running_session);
  record.actor.dbs = DbsLevel::none;
  expect(record, false, "6");
}

// Need to know: a volunteer sees a family only on the day of a session they are on the rota for,
// and the sessions (when and where) of their own rota; nothing of any other family.
TEST_P(DecisionTest, Clause1_AVolunteerSeesOnlyTheFamiliesOfTodaysSessionsOnTheirRota) {
  for (Item item : {Item::first_name, Item::must_not_meet, Item::session_times, Item::attendance_times}) {
    auto r = as(Role::volunteer, Action::view, item, Purpose::running_session);
    expect(r, true, "1");
    r.actor.rota_families_today.clear();  // on the rota for a later day only
    expect(r, item == Item::session_times, "1");
    r.actor.rota_families.clear();  // not on the rota at all
    expect(r, false, "1");
    r.family_id = "*";  // a list: filtered family by family
    expect(r, true, "1");
  }
  auto arrival = as(Role::volunteer, Action::record, Item::attendance_times, Purpose::running_session);
  arrival.session_id = "ses_1";
  expect(arrival, true, "7");
  arrival.session_id = "ses_2";  // the same family's other session today, with someone else on its rota
  expect(arrival, false, "1");
  arrival.session_id = "ses_1";
  arrival.actor.rota_families_today.clear();
  expect(arrival, false, "1");
  auto concern = as(Role::volunteer, Action::record, Item::concern_record, Purpose::running_session);
  concern.actor.rota_families.clear();
  concern.actor.rota_families_today.clear();
  expect(concern, true, "7");  // anyone may file a concern
  auto coordinator = as(Role::coordinator, Action::view, Item::first_name);
  coordinator.actor.rota_families.clear();
  coordinator.actor.rota_families_today.clear();
  expect(coordinator, true, "7");  // the rota limits volunteers only
}

TEST_P(DecisionTest, Clause6_EveryRoleThatSeesFamilyDataNeedsACheckFirst) {
  for (Role role : {Role::coordinator, Role::management, Role::safeguarding_lead, Role::volunteer}) {
    EXPECT_TRUE(preset_.needs_dbs_check(role)) << "both shipped presets name every role that sees family data";
    auto r = as(role, Action::view, Item::first_name, role == Role::volunteer ? Purpose::running_session
                                                                              : Purpose::case_management);
    r.actor.dbs = DbsLevel::none;
    r.actor.dbs_issued_on.reset();
    expect(r, false, "6");
    r.actor.dbs = DbsLevel::enhanced;
    r.actor.dbs_issued_on = london_today() + std::chrono::days{1};
    expect(r, false, "6");  // a certificate dated in the future is no check
    r.actor.dbs_issued_on = std::chrono::floor<std::chrono::days>(now());
    expect(r, true, role == Role::volunteer ? "1" : "7");
  }
}

TEST_P(DecisionTest, Clause7_ARoleWaitingForApprovalIsRefusedEverything) {
  for (Action action : {Action::view, Action::record, Action::manage_accounts, Action::read_audit}) {
    auto r = as(Role::management, action, Item::first_name);
    r.actor.role_pending = true;
    expect(r, false, "7");
  }
}

TEST_P(DecisionTest, Clause7_ADisabledAccountIsRefusedEverything) {
  for (Action action : {Action::view, Action::record, Action::export_copy, Action::manage_accounts}) {
    auto r = as(Role::coordinator, action, Item::first_name);
    expect(r, action != Action::manage_accounts, "7");
    r.actor.disabled = true;
    expect(r, false, "7");
  }
}

TEST_P(DecisionTest, Clause7_ASecondManagerApprovesARole) {
  auto r = as(Role::management, Action::approve_role, Item::first_name);
  r.facts.proposed_by = "stf_admin";
  r.facts.subject_staff_id = "stf_new";
  expect(r, true, "7");
  for (Role other : {Role::administrator, Role::coordinator, Role::safeguarding_lead, Role::volunteer}) {
    auto by = r;
    by.actor.role = other;
    expect(by, false, "7");
  }
  auto proposer = r;
  proposer.facts.proposed_by = r.actor.id;
  expect(proposer, false, "7");
  auto own = r;
  own.facts.subject_staff_id = r.actor.id;
  expect(own, false, "7");
}

// Whoever resets a sign-in receives the code that sets its next password: an account that sees
// family data is reset by a manager only, and nobody resets their own.
TEST_P(DecisionTest, Clause7_OnlyAManagerResetsTheSignInOfAnAccountThatSeesFamilyData) {
  auto r = as(Role::administrator, Action::reset_sign_in, Item::first_name);
  r.facts.subject_staff_id = "stf_other";
  r.facts.subject_sees_family_data = true;
  expect(r, false, "7");
  auto manager = r;
  manager.actor.role = Role::management;
  expect(manager, true, "7");
  auto admin_account = r;
  admin_account.facts.subject_sees_family_data = false;
  expect(admin_account, true, "7");
  for (Role other : {Role::coordinator, Role::safeguarding_lead, Role::volunteer}) {
    auto by = admin_account;
    by.actor.role = other;
    expect(by, false, "7");
  }
  auto own = manager;
  own.facts.subject_staff_id = manager.actor.id;
  expect(own, false, "7");
  auto waiting = manager;
  waiting.facts.subject_role_pending = true;
  expect(waiting, false, "7");
}

TEST_P(DecisionTest, Clause7_LeastPrivilege) {
  expect(as(Role::administrator, Action::view, Item::first_name), false, "7");
  expect(as(Role::administrator, Action::view, Item::session_times), false, "7");
  expect(as(Role::coordinator, Action::view, Item::address), true, "7");
  expect(as(Role::coordinator, Action::view, Item::concern_record), false, "E1");
  expect(as(Role::safeguarding_lead, Action::view, Item::concern_record), true, "7");
  expect(as(Role::coordinator, Action::view, Item::accident_record), false, "7");
  expect(as(Role::volunteer, Action::record, Item::concern_record, Purpose::running_session), true, "7");
  expect(as(Role::volunteer, Action::view, Item::concern_record, Purpose::running_session), false, "E1");
  expect(as(Role::volunteer, Action::record, Item::session_note, Purpose::running_session), false, "1");
}

TEST_P(DecisionTest, Clause7_AccountsAndAuditOversight) {
  expect(as(Role::administrator, Action::manage_accounts, Item::first_name), true, "7");
  expect(as(Role::management, Action::manage_accounts, Item::first_name), true, "7");
  expect(as(Role::coordinator, Action::manage_accounts, Item::first_name), false, "7");
  expect(as(Role::volunteer, Action::manage_accounts, Item::first_name), false, "7");
  expect(as(Role::administrator, Action::read_audit, Item::first_name), true, "7");
  expect(as(Role::safeguarding_lead, Action::read_audit, Item::first_name), true, "7");
  expect(as(Role::coordinator, Action::read_audit, Item::first_name), false, "7");
}

TEST_P(DecisionTest, E1_OnlyManagementReviewsExceptions) {
  expect(as(Role::management, Action::review_disclosure, Item::concern_record), true, "E1");
  expect(as(Role::safeguarding_lead, Action::review_disclosure, Item::concern_record), false, "E1");
  expect(as(Role::administrator, Action::review_disclosure, Item::concern_record), false, "E1");
}

TEST_P(DecisionTest, Clause1_RegisterIsForTheStaffWhoAnswerForIt) {
  expect(as(Role::coordinator, Action::read_register, Item::attendance_times), true, "1");
  expect(as(Role::safeguarding_lead, Action::read_register, Item::attendance_times), true, "1");
  expect(as(Role::volunteer, Action::read_register, Item::attendance_times, Purpose::running_session), false, "1");
  expect(as(Role::administrator, Action::read_register, Item::attendance_times), false, "7");
}

TEST_P(DecisionTest, Clause7_NoCentreSeesAnothersRecords) {
  auto r = as(Role::management, Action::view, Item::first_name);
  r.centre_id = "ctr_2";
  expect(r, false, "7");
  auto release_r = exception(Purpose::child_welfare, RecipientKind::police);
  release_r.centre_id = "ctr_2";
  expect(release_r, false, "7");
}

TEST_P(DecisionTest, PermitCoversOnlyItsFamilyAndItem) {
  auto d = dp_.decide(as(Role::coordinator, Action::view, Item::address));
  ASSERT_TRUE(d.permit);
  EXPECT_TRUE(d.permit->covers("fam_1", Item::address));
  EXPECT_FALSE(d.permit->covers("fam_2", Item::address));
  EXPECT_FALSE(d.permit->covers("fam_1", Item::phone));
}

// Clause 8 at its boundaries.
TEST_P(DecisionTest, Clause8_RetentionPeriodAndIndefiniteCategories) {
  using namespace std::chrono;
  Day last_used = sys_days{2020y / March / 10};
  int years = west_wilts() ? 3 : 5;
  Day due = sys_days{year_month_day{last_used} + std::chrono::years{years}};
  auto before = retention::assess(preset_, RecordCategory::family_records, last_used, due - days{1});
  EXPECT_FALSE(before.due);
  EXPECT_EQ(before.due_on, due);
  EXPECT_TRUE(retention::assess(preset_, RecordCategory::family_records, last_used, due).due);
  EXPECT_TRUE(retention::assess(preset_, RecordCategory::session_notes, last_used, due + days{1}).due);

  auto book = retention::assess(preset_, RecordCategory::accident_book, last_used, due + days{3650});
  EXPECT_FALSE(book.due);
  EXPECT_TRUE(book.kept_indefinitely);
  auto referrals = retention::assess(preset_, RecordCategory::referral_records, last_used, due + days{1});
  EXPECT_EQ(referrals.due, west_wilts());
  auto safeguarding = retention::assess(preset_, RecordCategory::safeguarding_records, last_used, due + days{1});
  EXPECT_EQ(safeguarding.kept_indefinitely, !west_wilts());
}

TEST_P(DecisionTest, Clause8_OnlyManagementDestroysRecords) {
  expect(as(Role::coordinator, Action::review_retention, Item::first_name), true, "8");
  expect(as(Role::volunteer, Action::review_retention, Item::first_name, Purpose::running_session), false, "8");
  auto run = [](Role role, Action action) {
    auto r = as(role, action, Item::first_name);
    r.facts.as_of = std::chrono::floor<std::chrono::days>(now());
    r.facts.proposed_by = "stf_other";
    r.facts.management_approval = true;
    return r;
  };
  expect(run(Role::management, Action::dispose), true, "8");
  expect(run(Role::coordinator, Action::dispose), false, "8");
  expect(run(Role::safeguarding_lead, Action::dispose), false, "8");
  expect(run(Role::administrator, Action::dispose), false, "7");
}

TEST_P(DecisionTest, Clause8_FourEyesOnEveryRunAndNoneForADayToCome) {
  auto run = [](Role role, Action action) {
    auto r = as(role, action, Item::first_name);
    r.facts.as_of = std::chrono::floor<std::chrono::days>(now());
    r.facts.proposed_by = "stf_other";
    return r;
  };
  expect(run(Role::coordinator, Action::propose_disposal), true, "8");
  expect(run(Role::volunteer, Action::propose_disposal), false, "8");
  expect(run(Role::management, Action::approve_disposal), true, "8");
  expect(run(Role::coordinator, Action::approve_disposal), false, "8");
  auto own = run(Role::management, Action::approve_disposal);
  own.facts.proposed_by = own.actor.id;
  expect(own, false, "8");
  auto unapproved = run(Role::management, Action::dispose);
  expect(unapproved, false, "8");
  unapproved.facts.management_approval = true;
  expect(unapproved, true, "8");
  for (Action action : {Action::propose_disposal, Action::approve_disposal, Action::dispose}) {
    auto future = run(Role::management, action);
    future.facts.management_approval = true;
    future.facts.as_of = london_today() + std::chrono::days{1};
    expect(future, false, "8");
    future.facts.as_of.reset();
    expect(future, false, "8");
  }
}

TEST_P(DecisionTest, Clause5_TheAssessmentAgreementIsGivenByThePresetsApprover) {
  expect(as(preset_.assessment_approver, Action::agree_assessment, Item::session_times), true, "5");
  for (Role role : {Role::coordinator, Role::safeguarding_lead, Role::volunteer})
    if (role != preset_.assessment_approver)
      expect(as(role, Action::agree_assessment, Item::session_times, role == Role::volunteer
                                                                         ? Purpose::running_session
                                                                         : Purpose::case_management),
             false, "5");
}

TEST_P(DecisionTest, Clause9And10_PolicyRecordsKeptByTheRightPeople) {
  expect(as(Role::management, Action::adopt_policy, Item::first_name), true, "10");
  expect(as(Role::coordinator, Action::adopt_policy, Item::first_name), false, "10");
  expect(as(Role::coordinator, Action::record_awareness, Item::first_name), true, "9");
  expect(as(Role::volunteer, Action::record_awareness, Item::first_name, Purpose::running_session), false, "9");
}

TEST(Retention, LeapDayCountsToTheEndOfFebruary) {
  using namespace std::chrono;
  auto preset = haven::testing::shipped_preset("west-wilts");
  auto v = retention::assess(preset, RecordCategory::family_records, sys_days{2024y / February / 29},
                             sys_days{2027y / February / 27});
  EXPECT_EQ(format_day(v.due_on), "2027-02-28");
  EXPECT_FALSE(v.due);
}

}  // namespace
}  // namespace haven::policy
