// Disclosures under both presets, on a real workspace: attendance statements and their mirror,
// contact details and consent (including the other parent's side), reports for proceedings,
// exception disclosures and their review, and the register.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "access/staff.hpp"
#include "cli/demo.hpp"
#include "dataprotection/breaches.hpp"
#include "disclosure/disclosures.hpp"
#include "disclosure/subject_access.hpp"
#include "governance/lifecycle.hpp"
#include "records/families.hpp"
#include "records/family_view.hpp"
#include "store/family_tables.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::disclosure {
namespace {

using policy::RecipientKind;

class DisclosureTest : public ::testing::TestWithParam<std::string> {
 protected:
  DisclosureTest() {
    family_ = *records::show_family(*ws_, *c_, staff("coord.amy"), "F0001");
    resident_ = family_.people[0].id;
    non_resident_ = family_.people[1].id;
    resident_solicitor_ = family_.referrals[0].id;  // the demo's solicitor acts for the resident parent
    auto other = records::add_referral(*ws_, *c_, staff("coord.amy"), family_.id,
                                       {records::AgencyKind::solicitor, "Dev Marlow", non_resident_, "2026-10-01"});
    EXPECT_TRUE(other);
    other_solicitor_ = *other;
  }

  bool west_wilts() const { return GetParam() == "west-wilts"; }
  access::Staff staff(const std::string& handle) { return demo_.staff(handle); }
  Recipient referrer(const std::string& referral) { return {RecipientKind::referring_agency, referral, "", ""}; }
  InformationRequest attendance_from(const std::string& referral) {
    InformationRequest r;
    r.from = referrer(referral);
    r.asked = Asked::attendance;
    r.period_from = "2026-01-01";
    r.period_to = "2027-12-31";
    return r;
  }
  InformationRequest address_for(const Recipient& to, const std::string& person) {
    InformationRequest r;
    r.from = to;
    r.asked = Asked::contact_details;
    r.about_person = person;
    r.field = policy::ContactField::address;
    return r;
  }
  Outcome ask(const InformationRequest& r, const std::string& as = "coord.amy") {
    auto out = request_information(*ws_, *c_, staff(as), "F0001", r);
    EXPECT_TRUE(out) << out.error().message;
    return out ? *out : Outcome{};
  }
  std::vector<RegisterEntry> registry(RegisterFilter f = {}) {
    auto entries = list_register(*ws_, *c_, staff("coord.amy"), f);
    EXPECT_TRUE(entries) << entries.error().message;
    return entries ? *entries : std::vector<RegisterEntry>{};
  }
  std::string consent_to(const Recipient& to, const std::string& person, const std::string& expires = "") {
    NewConsent n{person, policy::ContactField::address, to, "2026-11-01", "written", expires};
    auto id = record_consent(*ws_, *c_, staff("coord.amy"), "F0001", n);
    EXPECT_TRUE(id) << id.error().message;
    return id ? *id : "";
  }

  haven::testing::DemoWorkspace demo_{GetParam()};
  haven::testing::TempDir& dir_ = demo_.dir;
  std::unique_ptr<app::Workspace>& ws_ = demo_.ws;
  const app::Centre* c_ = demo_.centre;
  records::FamilyView family_;
  std::string resident_, non_resident_, resident_solicitor_, other_solicitor_;
};

INSTANTIATE_TEST_SUITE_P(BothPresets, DisclosureTest, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(DisclosureTest, Clause3_AttendanceStatementHoldsDatesAndTimesOnly) {
  auto out = ask(attendance_from(resident_solicitor_));
  ASSERT_TRUE(out.allowed) << out.reason;
  EXPECT_EQ(out.clause, policy::Clause::attendance_to_referrers);
  ASSERT_TRUE(out.statement);
  ASSERT_EQ(out.statement->sessions.size(), 3u);  // held, today's and next week's
  const auto& held = out.statement->sessions[0];
  EXPECT_EQ(held.booked_start, "10:00");
  ASSERT_EQ(held.attendance.size(), 3u);
  EXPECT_EQ(held.attendance[0].party, "resident_parent");
  EXPECT_EQ(held.attendance[0].arrived, "09:45");
  auto text = boost::json::serialize(statement_json(*out.statement));
  for (const char* secret : {"Joanna", "Pemberton", "Larkspur", "01632", "settled", "Quayle"})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
}

TEST_P(DisclosureTest, Clause3_WestWiltsWarnsAndMirrorsToTheOtherSide) {
  auto out = ask(attendance_from(resident_solicitor_));
  ASSERT_TRUE(out.allowed);
  auto rows = registry({"F0001", "", "attendance", "", "", false});
  if (!west_wilts()) {
    EXPECT_TRUE(out.warning.empty());
    EXPECT_TRUE(out.mirror_register_ids.empty());
    EXPECT_FALSE(out.statement->shared_with_other_side);
    EXPECT_EQ(rows.size(), 1u);
    return;
  }
  EXPECT_NE(out.warning.find("other side"), std::string::npos);
  EXPECT_TRUE(out.statement->shared_with_other_side);
  EXPECT_NE(out.statement->notice.find("other side"), std::string::npos);
  ASSERT_EQ(out.mirror_register_ids.size(), 1u);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].mirror_of, rows[0].id);
  EXPECT_EQ(rows[1].recipient_ref, other_solicitor_) << "sent to the other parent's solicitor";
  EXPECT_EQ(rows[1].acts_for_party, "non_resident_parent");
  EXPECT_EQ(rows[1].delivery, "queued");
}

TEST_P(DisclosureTest, Clause3_OnlyReferringAgenciesGetAttendance) {
  auto r = attendance_from(resident_solicitor_);
  r.from = {RecipientKind::other_agency, "", "", "A housing association"};
  auto out = ask(r);
  EXPECT_FALSE(out.allowed);
  EXPECT_EQ(out.clause, policy::Clause::attendance_to_referrers);
  EXPECT_EQ(registry({"", "deny", "", "", "", false}).size(), 1u) << "the refusal is on the register";
}

TEST_P(DisclosureTest, Clause2_NoReportsOrNotesForProceedings) {
  auto report = attendance_from(resident_solicitor_);
  report.asked = Asked::report;
  EXPECT_EQ(ask(report).clause, policy::Clause::no_court_reports);
  EXPECT_FALSE(ask(report).allowed);
  auto notes = attendance_from(other_solicitor_);
  notes.asked = Asked::session_notes;
  EXPECT_EQ(ask(notes).clause, policy::Clause::no_court_reports);
  auto for_court = attendance_from(resident_solicitor_);
  for_court.for_proceedings = true;
  EXPECT_FALSE(ask(for_court).allowed);
  EXPECT_EQ(ask(for_court).clause, policy::Clause::no_court_reports);
}

TEST_P(DisclosureTest, Clause1_FamilyDetailsAndVolunteersStayIn) {
  auto details = attendance_from(resident_solicitor_);
  details.asked = Asked::family_details;
  auto out = ask(details);
  EXPECT_FALSE(out.allowed);
  EXPECT_EQ(out.clause, policy::Clause::no_disclosure);
  auto by_volunteer = ask(attendance_from(resident_solicitor_), "vol.sam");
  EXPECT_FALSE(by_volunteer.allowed);
  EXPECT_EQ(by_volunteer.clause, policy::Clause::no_disclosure);
}

TEST_P(DisclosureTest, Clause4_ContactDetailsNeedLiveConsent) {
  auto to = referrer(resident_solicitor_);
  auto refused = ask(address_for(to, resident_));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.clause, policy::Clause::contact_details_sealed);
  EXPECT_TRUE(refused.contact_value.empty());

  auto consent = consent_to(to, resident_);
  auto released = ask(address_for(to, resident_));
  ASSERT_TRUE(released.allowed) << released.reason;
  EXPECT_EQ(released.contact_value, "14 Larkspur Row, Birmingham B99 1AA");

  ASSERT_TRUE(withdraw_consent(*ws_, *c_, staff("coord.amy"), consent, "2026-11-20"));
  EXPECT_FALSE(ask(address_for(to, resident_)).allowed) << "a withdrawn consent no longer counts";
}

TEST_P(DisclosureTest, Clause4_ConsentIsForThatRecipientAndNotExpired) {
  Recipient council{RecipientKind::other_agency, "", "", "Wyre Housing"};
  consent_to(council, resident_, "2026-11-10");  // expired before today
  EXPECT_FALSE(ask(address_for(council, resident_)).allowed);
  consent_to(council, resident_);
  EXPECT_TRUE(ask(address_for(council, resident_)).allowed);
  Recipient other_council{RecipientKind::other_agency, "", "", "Another Housing"};
  EXPECT_FALSE(ask(address_for(other_council, resident_)).allowed) << "consent names one recipient";
}

TEST_P(DisclosureTest, Clause4_ToTheOtherSideOnlyOnTheParentsOwnPermission) {
  // A consent a member of staff records naming the other parent's solicitor, or the other parent,
  // does not let the address go there: only the parent's own permission, given in the portal
  // (tests/unit/portal_test.cpp), does, and never while the parents must not meet.
  auto theirs = referrer(other_solicitor_);
  consent_to(theirs, resident_);
  auto out = ask(address_for(theirs, resident_));
  EXPECT_FALSE(out.allowed);
  EXPECT_EQ(out.clause, policy::Clause::contact_details_sealed);
  EXPECT_NE(out.reason.find("other side"), std::string::npos) << out.reason;
  Recipient ex{RecipientKind::parent, "", non_resident_, ""};
  consent_to(ex, resident_);
  EXPECT_FALSE(ask(address_for(ex, resident_)).allowed);
  // Named as "someone else" by his name on record, he is still the other parent: the consent is
  // recorded for him, and the address does not go to him.
  Recipient disguised{RecipientKind::other_person, "", "", "  marcus PEMBERTON "};
  auto id = consent_to(disguised, resident_);
  EXPECT_EQ(store::value<std::string>(ws_->db(), "SELECT recipient_kind FROM consents WHERE id = :i", id).value_or(""),
            "parent");
  auto asked = ask(address_for(disguised, resident_));
  EXPECT_FALSE(asked.allowed);
  EXPECT_EQ(asked.clause, policy::Clause::contact_details_sealed);
  EXPECT_NE(asked.reason.find("other side"), std::string::npos) << asked.reason;
  // So is a Cafcass officer or children's services named by his name.
  for (auto kind : {RecipientKind::cafcass, RecipientKind::childrens_services}) {
    Recipient agency{kind, "", "", "Marcus Pemberton"};
    auto consent = consent_to(agency, resident_);
    EXPECT_EQ(
        store::value<std::string>(ws_->db(), "SELECT recipient_kind FROM consents WHERE id = :i", consent).value_or(""),
        "parent");
    EXPECT_FALSE(ask(address_for(agency, resident_)).allowed) << name_of(kind);
  }
  // Someone else, truly, is judged as the neutral recipient they are.
  Recipient neighbour{RecipientKind::other_person, "", "", "Marcus Pemberton-Smythe"};
  consent_to(neighbour, resident_);
  EXPECT_TRUE(ask(address_for(neighbour, resident_)).allowed);
}

TEST_P(DisclosureTest, E1_ExceptionDisclosureNeedsAConcernAndIsReviewed) {
  ExceptionDisclosure d{ConcernKind::welfare, "", {RecipientKind::childrens_services, "", "", "Duty team"},
                        "Child disclosed harm at handover", {policy::Item::first_name, policy::Item::address}};
  auto lead = staff("safe.lee");
  auto without_concern = disclose_exception(*ws_, *c_, lead, "F0001", d);
  ASSERT_TRUE(without_concern);
  EXPECT_FALSE(without_concern->allowed);
  EXPECT_EQ(without_concern->clause, policy::Clause::welfare_exception);

  auto concern = record_concern(*ws_, *c_, staff("vol.sam"), "F0001", ConcernKind::welfare, "Bruise on arm");
  ASSERT_TRUE(concern) << concern.error().message;
  d.concern_id = *concern;
  auto by_coordinator = disclose_exception(*ws_, *c_, staff("coord.amy"), "F0001", d);
  EXPECT_FALSE(by_coordinator->allowed);
  auto made = disclose_exception(*ws_, *c_, lead, "F0001", d);
  ASSERT_TRUE(made);
  ASSERT_TRUE(made->allowed) << made->reason;
  EXPECT_EQ(made->clause, policy::Clause::welfare_exception);

  auto pending = registry({"", "", "exception", "", "", true});
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].id, made->register_id);
  auto not_management = review_exception(*ws_, *c_, lead, made->register_id, {});
  ASSERT_FALSE(not_management);
  EXPECT_EQ(not_management.error().clause_id(), "E1");
  EXPECT_FALSE(exception_for_review(*ws_, *c_, lead, made->register_id)) << "the review is management's";

  // Management sees what was passed on, to whom, why and under which concern.
  auto raj = staff("mgmt.raj");
  auto seen = exception_for_review(*ws_, *c_, raj, made->register_id);
  ASSERT_TRUE(seen) << seen.error().message;
  EXPECT_EQ(seen->family_reference, "F0001");
  EXPECT_EQ(seen->items, (std::vector<policy::Item>{policy::Item::first_name, policy::Item::address}));
  EXPECT_EQ(seen->recipient_kind, "childrens_services");
  EXPECT_EQ(seen->recipient_name, "Duty team");
  EXPECT_EQ(seen->justification, "Child disclosed harm at handover");
  EXPECT_EQ(seen->concern_kind, "welfare");
  EXPECT_EQ(seen->concern_summary, "Bruise on arm");
  EXPECT_EQ(seen->disclosed_by, lead.display_name);
  EXPECT_TRUE(seen->pending);
  EXPECT_FALSE(seen->finding.has_value());

  auto no_note = review_exception(*ws_, *c_, raj, made->register_id, {ReviewFinding::improper, " "});
  ASSERT_FALSE(no_note) << "a disclosure found improper says what was done";
  EXPECT_EQ(no_note.error().kind, ErrorKind::invalid_input);
  EXPECT_TRUE(no_note.error().message.starts_with("note")) << no_note.error().message;
  ASSERT_TRUE(review_exception(*ws_, *c_, raj, made->register_id,
                               {ReviewFinding::improper, "The address was not needed; the duty team deleted it."}));
  EXPECT_TRUE(registry({"", "", "exception", "", "", true}).empty());
  auto reviewed = exception_for_review(*ws_, *c_, raj, made->register_id);
  ASSERT_TRUE(reviewed);
  EXPECT_FALSE(reviewed->pending);
  EXPECT_EQ(reviewed->finding, ReviewFinding::improper);
  EXPECT_EQ(reviewed->note, "The address was not needed; the duty team deleted it.");
  EXPECT_EQ(reviewed->reviewed_by, raj.display_name);
  EXPECT_EQ(store::value<int>(ws_->db(), "SELECT COUNT(*) FROM disclosures WHERE review_note LIKE '%duty team%'")
                .value_or(-1),
            0)
      << "the note is sealed";
  EXPECT_EQ(review_exception(*ws_, *c_, raj, made->register_id, {}).error().kind, ErrorKind::conflict);
}

TEST_P(DisclosureTest, E2_ViolenceGoesToThePoliceOnAViolenceConcern) {
  auto welfare = record_concern(*ws_, *c_, staff("safe.lee"), "F0001", ConcernKind::welfare, "Worry");
  ExceptionDisclosure d{ConcernKind::violence, *welfare, {RecipientKind::police, "", "", "West Midlands Police"},
                        "Parent struck a volunteer", {policy::Item::surname}};
  EXPECT_FALSE(disclose_exception(*ws_, *c_, staff("safe.lee"), "F0001", d)->allowed)
      << "a welfare concern does not support a violence disclosure";
  d.concern_id = *record_concern(*ws_, *c_, staff("safe.lee"), "F0001", ConcernKind::violence, "Assault in foyer");
  auto made = disclose_exception(*ws_, *c_, staff("mgmt.raj"), "F0001", d);
  ASSERT_TRUE(made->allowed) << made->reason;
  EXPECT_EQ(made->clause, policy::Clause::violence_exception);
  d.to = {RecipientKind::childrens_services, "", "", "Duty team"};
  EXPECT_FALSE(disclose_exception(*ws_, *c_, staff("mgmt.raj"), "F0001", d)->allowed);
}

TEST_P(DisclosureTest, RegisterExportsWithoutPersonalValues) {
  ask(attendance_from(resident_solicitor_));
  ask(address_for(referrer(other_solicitor_), resident_));
  auto entries = registry();
  ASSERT_GE(entries.size(), 2u);
  auto csv = register_csv(entries);
  EXPECT_EQ(csv.rfind("id,at,family,asked,", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), static_cast<long>(entries.size()) + 1);
  for (const char* secret : {"Joanna", "Larkspur", "Quayle", "Dev Marlow"}) EXPECT_EQ(csv.find(secret), std::string::npos);
  auto volunteer = list_register(*ws_, *c_, staff("vol.sam"), {});
  ASSERT_FALSE(volunteer);
  EXPECT_EQ(volunteer.error().clause_id(), "1");
  EXPECT_TRUE(ws_->audit().verify().ok);
}

TEST_P(DisclosureTest, WrongRecipientIsRecalledAndLoggedAsABreach) {
  auto out = ask(attendance_from(resident_solicitor_));
  ASSERT_TRUE(out.allowed);
  const std::string& id = out.register_id;
  auto amy = staff("coord.amy");

  for (const char* handle : {"vol.sam", "safe.lee"}) {
    auto refused = open_recall(*ws_, *c_, staff(handle), id);
    ASSERT_FALSE(refused) << handle;
    EXPECT_EQ(refused.error().kind, ErrorKind::denied);
    EXPECT_EQ(refused.error().clause_id(), "7") << "it is the centre's data-protection record";
  }
  auto opened = open_recall(*ws_, *c_, amy, id);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->family_reference, "F0001");
  EXPECT_TRUE(opened->may_be_recalled());

  auto expect_invalid = [&](WrongRecipient w, const std::string& field) {
    auto r = report_wrong_recipient(*ws_, *c_, amy, id, w);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_input);
    EXPECT_TRUE(r.error().message.ends_with("(" + field + ")")) << r.error().message;
  };
  std::string told = "Emailed to another solicitor's office by mistake; they confirmed it was deleted unread.";
  expect_invalid({now() + std::chrono::hours{1}, told}, "found_at");
  expect_invalid({now() - std::chrono::hours{24 * 400}, told}, "found_at");
  expect_invalid({now(), "  "}, "what_happened");
  EXPECT_TRUE(registry().front().recalled_at.empty()) << "refused input changes nothing";

  {
    // A failure partway (here, Haven serving read-only) leaves neither the mark nor the breach.
    auto opened_apart = app::Workspace::open(demo_.paths, false);
    ASSERT_TRUE(opened_apart);
    (*opened_apart)->audit().refuse_changes("the audit chain is broken");
    auto refused = report_wrong_recipient(**opened_apart, *c_, amy, id, {now(), told});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::unavailable);
    EXPECT_TRUE(registry().front().recalled_at.empty());
    EXPECT_EQ(store::value<int>(ws_->db(), "SELECT COUNT(*) FROM breaches").value_or(-1), 0);
  }
  auto breach_id = report_wrong_recipient(*ws_, *c_, amy, id, {now(), told});
  ASSERT_TRUE(breach_id) << breach_id.error().message;
  auto b = dataprotection::breach(*ws_, *c_, staff("mgmt.raj"), *breach_id);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_TRUE(b->found_by_haven);
  EXPECT_EQ(b->reported_by, "Amy") << "from her report";
  EXPECT_EQ(b->families, (std::vector<std::string>{"F0001"}));
  EXPECT_EQ(b->categories, (std::vector<policy::Item>{policy::Item::attendance_times}));
  EXPECT_NE(b->what_happened.find("wrong recipient"), std::string::npos) << b->what_happened;
  EXPECT_NE(b->what_happened.find(told), std::string::npos) << "in the reporter's words too";
  EXPECT_TRUE(b->awaiting_action()) << "the 72 hours run";

  auto entry = registry().front();
  EXPECT_EQ(entry.id, id);
  EXPECT_FALSE(entry.recalled_at.empty());
  EXPECT_EQ(entry.recall_breach, *breach_id);
  EXPECT_FALSE(entry.may_be_recalled());
  EXPECT_NE(register_csv({entry}).find(entry.recalled_at), std::string::npos);

  auto again = report_wrong_recipient(*ws_, *c_, amy, id, {now(), told});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(open_recall(*ws_, *c_, amy, id).error().kind, ErrorKind::conflict);
  auto listed = dataprotection::breaches(*ws_, *c_, amy);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 1u) << "one breach for one recall";
  EXPECT_EQ(store::value<int>(ws_->db(),
                              "SELECT COUNT(*) FROM audit_log WHERE action = 'recall_disclosure' AND resource = :r "
                              "AND outcome = 'change'",
                              "disclosure:" + id)
                .value_or(-1),
            1);

  // What never left cannot be recalled: a refusal, and (West Wilts) the copy still waiting to be sent.
  InformationRequest report;
  report.from = referrer(resident_solicitor_);
  report.asked = Asked::report;
  report.for_proceedings = true;
  auto refused = ask(report);
  ASSERT_FALSE(refused.allowed);
  EXPECT_EQ(open_recall(*ws_, *c_, amy, refused.register_id).error().kind, ErrorKind::conflict);
  if (west_wilts()) {
    ASSERT_EQ(out.mirror_register_ids.size(), 1u);
    auto queued = report_wrong_recipient(*ws_, *c_, amy, out.mirror_register_ids.front(), {now(), told});
    ASSERT_FALSE(queued);
    EXPECT_EQ(queued.error().kind, ErrorKind::conflict);
    EXPECT_NE(queued.error().message.find("waits to be sent"), std::string::npos);
  }
  EXPECT_EQ(open_recall(*ws_, *c_, amy, "dis_none").error().kind, ErrorKind::not_found);
  EXPECT_TRUE(ws_->audit().verify().ok);
}

TEST_P(DisclosureTest, DisclosureCountsAsUseOfTheRecords) {
  store::execute(ws_->db(), "UPDATE families SET last_used_at = '2020-01-01T00:00:00Z' WHERE id = :f", family_.id);
  ask(attendance_from(resident_solicitor_));
  std::string at =
      store::value<std::string>(ws_->db(), "SELECT last_used_at FROM families WHERE id = :f", family_.id).value_or("");
  EXPECT_GT(at, "2026-01-01");
}

std::string pdf_text(const std::string& path) { return haven::testing::command_output("pdftotext '" + path + "' -"); }

TEST_P(DisclosureTest, SubjectAccessGivesOwnRecordsAndWithholdsOthers) {
  ask(attendance_from(resident_solicitor_));
  auto e = subject_access(*ws_, *c_, staff("coord.amy"), "F0001",
                          {resident_, {RecipientKind::parent, "", resident_, ""}});
  ASSERT_TRUE(e) << e.error().message;
  ASSERT_TRUE(e->allowed) << e->reason;
  EXPECT_EQ(e->clause, policy::Clause::retention);
  auto json = boost::json::serialize(subject_access_json(*e));
  EXPECT_NE(json.find("14 Larkspur Row"), std::string::npos);
  for (const char* other : {"Marcus", "Tealby", "07700 900002", "Ellie", "Quayle", "Dev Marlow", "settled"})
    EXPECT_EQ(json.find(other), std::string::npos) << other;
  ASSERT_EQ(e->attendance.size(), 3u);
  EXPECT_EQ(e->attendance[0].arrived, "09:45");
  ASSERT_EQ(e->referrals.size(), 2u);
  EXPECT_TRUE(e->referrals[1].acting_for_subject || e->referrals[0].acting_for_subject);
  EXPECT_FALSE(e->disclosures.empty());
  EXPECT_FALSE(e->withheld.empty());
  EXPECT_EQ(registry({"F0001", "allow", "subject_access", "", "", false}).size(), 1u);

  auto pdf = subject_access_pdf(*e);
  ASSERT_TRUE(pdf);
  auto path = dir_.file("sar.pdf");
  std::ofstream(path, std::ios::binary) << *pdf;
  auto text = pdf_text(path);
  EXPECT_NE(text.find("Your records"), std::string::npos);
  EXPECT_NE(text.find("14 Larkspur Row"), std::string::npos);
  EXPECT_EQ(text.find("Tealby"), std::string::npos);
}

// The registry of family tables decides what an export holds: each table it shows has its section
// in the export, each it withholds is said to be left out in the registry's words (whether or not
// the family has such records), and the person's own acknowledgement of the policy (given with the
// ground rules at intake) and their case's steps are shown.
TEST_P(DisclosureTest, SubjectAccessShowsAndWithholdsWhatTheRegistrySays) {
  auto e = subject_access(*ws_, *c_, staff("coord.amy"), "F0001", {resident_, {RecipientKind::parent, "", resident_, ""}});
  ASSERT_TRUE(e) << e.error().message;
  ASSERT_TRUE(e->allowed) << e->reason;
  auto json = subject_access_json(*e).as_object();
  int shown = 0, withheld = 0;
  for (const auto& t : store::family_tables()) {
    if (t.in_export == store::InExport::shown) {
      ++shown;
      EXPECT_TRUE(json.contains(t.export_note)) << t.table << " is shown in a section " << t.export_note;
    } else if (t.in_export == store::InExport::withheld) {
      ++withheld;
      EXPECT_NE(std::find(e->withheld.begin(), e->withheld.end(), t.export_note), e->withheld.end())
          << t.table << " is withheld, and the export must say so";
    } else {
      EXPECT_FALSE(t.export_note.empty()) << t.table << ": say why it holds nothing personal";
    }
  }
  EXPECT_GE(shown, 6);
  EXPECT_GE(withheld, 4);
  ASSERT_EQ(e->acknowledgements.size(), 1u);
  EXPECT_EQ(e->acknowledgements[0].how, "signed copy");
  EXPECT_EQ(e->acknowledgements[0].version, c_->preset.version);
  // The family's steps and the parent's own: waiting list, place, pre-visit, ground rules, start.
  EXPECT_EQ(e->journey.size(), 5u);
  // Nothing in the words that leave records out depends on whether the family has any.
  store::execute(ws_->db(), "DELETE FROM session_notes WHERE family_id = :f", family_.id);
  auto again = subject_access(*ws_, *c_, staff("coord.amy"), "F0001", {resident_, {RecipientKind::parent, "", resident_, ""}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->withheld, e->withheld);
}

TEST_P(DisclosureTest, SubjectAccessIsForOnesOwnRecordsOnly) {
  auto other = subject_access(*ws_, *c_, staff("coord.amy"), "F0001",
                              {non_resident_, {RecipientKind::parent, "", resident_, ""}});
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->allowed);
  EXPECT_EQ(other->clause, policy::Clause::no_disclosure);
  EXPECT_TRUE(other->details.empty());
  EXPECT_EQ(registry({"F0001", "deny", "subject_access", "", "", false}).size(), 1u);
}

TEST_P(DisclosureTest, SubjectAccessForChildrenThroughALocalAuthorityUpTo25) {
  auto child = family_.people[2].id;
  Recipient authority{RecipientKind::local_authority, "", "", "Birmingham City Council"};
  auto via_authority = subject_access(*ws_, *c_, staff("coord.amy"), "F0001", {child, authority});
  ASSERT_TRUE(via_authority->allowed) << via_authority->reason;
  EXPECT_EQ(via_authority->details[0].second, "Ellie");
  auto direct = subject_access(*ws_, *c_, staff("coord.amy"), "F0001",
                               {child, {RecipientKind::other_person, "", "", "Ellie"}});
  EXPECT_FALSE(direct->allowed);
  EXPECT_EQ(direct->clause, policy::Clause::retention);

  auto grown = records::add_person(*ws_, *c_, staff("coord.amy"), family_.id,
                                   {records::Party::child, "Ruth", "Pemberton", "1995-06-01", "", "", ""});
  ASSERT_TRUE(grown);
  auto too_old = subject_access(*ws_, *c_, staff("coord.amy"), "F0001", {*grown, authority});
  EXPECT_FALSE(too_old->allowed);
  EXPECT_NE(too_old->reason.find("up to the age of 25"), std::string::npos);
}

TEST_P(DisclosureTest, StatementPdfReadsAsTheStatement) {
  auto out = ask(attendance_from(resident_solicitor_));
  auto pdf = statement_pdf(*out.statement);
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  auto path = dir_.file("statement.pdf");
  std::ofstream(path, std::ios::binary) << *pdf;
  auto text = pdf_text(path);
  EXPECT_NE(text.find("Attendance statement"), std::string::npos) << text;
  EXPECT_NE(text.find("Resident parent: arrived at 9:45am"), std::string::npos) << text;
  EXPECT_EQ(text.find("-12-"), std::string::npos) << "dates in words, not ISO: " << text;
  EXPECT_EQ(text.find("Joanna"), std::string::npos);
  EXPECT_EQ(text.find("other side") != std::string::npos, west_wilts()) << text;
}

}  // namespace
}  // namespace haven::disclosure
