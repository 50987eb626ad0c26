#include "cli/demo.hpp"

#include <fmt/format.h>

#include "access/staff.hpp"
#include "accounts/accounts.hpp"
#include "journey/journey.hpp"
#include "records/families.hpp"
#include "records/rota.hpp"
#include "records/staff.hpp"
#include "vetting/dbs.hpp"

namespace haven::cli {

namespace {

using policy::DbsLevel;
using policy::Role;
using records::AgencyKind;
using records::Party;

struct DemoFamily {
  bool must_not_meet;
  records::NewPerson resident, non_resident, child;
  AgencyKind agency;
  const char* referrer;
  int held_days_ago;  // a session held this many days ago, another booked a week after it
  const char* note;
};

// Invented people; addresses use a street that does not exist and numbers reserved for drama.
const DemoFamily demo_families[] = {
    {true,
     {Party::resident_parent, "Joanna", "Pemberton", "", "14 Larkspur Row, Birmingham B99 1AA", "01632 960001",
      "joanna@example.org"},
     {Party::non_resident_parent, "Marcus", "Pemberton", "", "3 Tealby Court, Birmingham B99 2BB", "07700 900002",
      ""},
     {Party::child, "Ellie", "Pemberton", "2019-05-14", "", "", ""},
     AgencyKind::solicitor,
     "Harriet Quayle",
     6,
     "Ellie settled quickly; both handovers were calm."},
    {false,
     {Party::resident_parent, "Priya", "Okafor", "", "22 Wrenfield Lane, Birmingham B99 3CC", "01632 960003", ""},
     {Party::non_resident_parent, "Daniel", "Okafor", "", "", "07700 900004", "dan@example.org"},
     {Party::child, "Sam", "Okafor", "2017-11-02", "", "", ""},
     AgencyKind::cafcass,
     "Tomas Reyes",
     5,
     "Sam asked to stay longer next time."},
    {true,
     {Party::resident_parent, "Leanne", "Cartwright", "", "9 Osier Walk, Birmingham B99 4DD", "01632 960005", ""},
     {Party::non_resident_parent, "Gary", "Holt", "", "", "07700 900006", ""},
     {Party::child, "Mia", "Holt", "2021-02-20", "", "", ""},
     AgencyKind::self_referral,
     "",
     1,
     "First visit: Mia was shy for ten minutes."},
};

// A demo family's case up to the first session, held on `held`: people[0] and people[1] are its
// parents.
Result<bool> demo_journey(app::Workspace& ws, const app::Centre& c, const access::Staff& coordinator,
                          const std::string& family_id, const std::vector<std::string>& people, Day held) {
  using journey::Step;
  auto day = [&](int before) { return held - std::chrono::days{before}; };
  const journey::NewStep steps[] = {
      {Step::waiting_list, day(28), "", "", journey::Outcome::other},
      {Step::place_offered, day(21), "", "", journey::Outcome::other},
      {Step::pre_visit, day(14), people[0], "", journey::Outcome::other},
      {Step::ground_rules, day(14), people[0], "signed copy", journey::Outcome::other},
      {Step::pre_visit, day(13), people[1], "", journey::Outcome::other},
      {Step::ground_rules, day(13), people[1], "signed copy", journey::Outcome::other},
  };
  for (const auto& step : steps) HAVEN_CHECK(journey::record_step(ws, c, coordinator, family_id, step));
  HAVEN_CHECK(journey::write_plan(ws, c, coordinator, family_id, journey::Plan::risk_assessment,
                                  "Parents arrive and leave fifteen minutes apart; handover in the garden room."));
  HAVEN_CHECK(journey::write_plan(ws, c, coordinator, family_id, journey::Plan::contact_plan,
                                  "Fortnightly supervised contact, two hours, reviewed after three months."));
  return journey::record_step(ws, c, coordinator, family_id,
                              {Step::contact_begun, held, "", "", journey::Outcome::other});
}

}  // namespace

Result<DemoSummary> create_demo(app::Workspace& ws, const std::string& preset_path) {
  auto text = read_text_file(preset_path);
  if (!text) return std::unexpected(text.error());
  auto centre_id = ws.add_centre(*text, preset_path);
  if (!centre_id) return std::unexpected(centre_id.error());
  auto centre = ws.centre(*centre_id);
  if (!centre) return std::unexpected(centre.error());
  const app::Centre& c = **centre;

  DemoSummary summary{*centre_id, {}, {}, {}};
  struct DemoStaff {
    records::NewStaff account;
    DbsLevel dbs;
    const char* issued_on;
  };
  const DemoStaff staff[] = {
      {{"coord.amy", "Amy", Role::coordinator}, DbsLevel::enhanced, "2025-03-10"},
      {{"mgmt.raj", "Raj", Role::management}, DbsLevel::enhanced, "2024-06-01"},
      {{"safe.lee", "Lee", Role::safeguarding_lead}, DbsLevel::enhanced, "2025-01-20"},
      {{"vol.sam", "Sam", Role::volunteer}, DbsLevel::enhanced, "2025-09-15"},
      {{"vol.new", "Noor", Role::volunteer}, DbsLevel::none, ""},
      {{"admin.kim", "Kim", Role::administrator}, DbsLevel::none, ""},
  };
  std::vector<access::Staff> added;
  for (const auto& s : staff) {
    auto member = records::add_staff(ws, c, "system", s.account, records::RoleStart::at_setup);
    if (!member) return std::unexpected(member.error());
    summary.staff_handles.push_back(fmt::format("{} ({})", s.account.handle, name_of(s.account.role)));
    auto enrolment = accounts::set_password(ws, *member, demo_password, "system");
    if (!enrolment) return std::unexpected(enrolment.error());
    if (!enrolment->totp_secret.empty()) summary.second_factors.emplace_back(s.account.handle, enrolment->totp_secret);
    added.push_back(*member);
  }
  // The administrator records the DBS certificates seen (clause 6); the made-up numbers are not real ones.
  const access::Staff& administrator = added[5];
  int certificate = 0;
  for (const auto& s : staff) {
    if (s.dbs == DbsLevel::none) continue;
    auto check = vetting::record_check(ws, c, administrator, s.account.handle,
                                       {s.dbs, fmt::format("0010{:08}", ++certificate), s.issued_on, false});
    if (!check) return std::unexpected(check.error());
  }
  auto coordinator_now = access::find_staff(ws, "coord.amy");
  if (!coordinator_now) return std::unexpected(coordinator_now.error());
  const access::Staff& coordinator = *coordinator_now;

  // Today each family comes once more, one after another in the playroom, with Sam on the rota.
  const char* const today_times[][2] = {{"10:00", "11:30"}, {"12:30", "14:00"}, {"15:00", "16:00"}};
  std::string today = format_london_day(now());
  int index = 0;
  for (const auto& f : demo_families) {
    auto family = records::create_family(ws, c, coordinator, f.must_not_meet);
    if (!family) return std::unexpected(family.error());
    std::vector<std::string> people;
    for (const auto* person : {&f.resident, &f.non_resident, &f.child}) {
      auto id = records::add_person(ws, c, coordinator, family->id, *person);
      if (!id) return std::unexpected(id.error());
      people.push_back(*id);
    }
    Day held = std::chrono::floor<std::chrono::days>(now()) - std::chrono::days{f.held_days_ago};
    records::NewReferral referral{f.agency, f.referrer, f.agency == AgencyKind::self_referral ? "" : people[0],
                                  format_day(held - std::chrono::days{30})};
    if (auto r = records::add_referral(ws, c, coordinator, family->id, referral); !r) return std::unexpected(r.error());

    for (int week = 0; week < 2; ++week) {
      std::string date = format_day(held + std::chrono::days{7 * week});
      auto session = records::schedule_session(
          ws, c, coordinator, family->id,
          {fmt::format("{} 10:00", date), fmt::format("{} 12:00", date), week == 0 ? "Garden room" : "Blue room"});
      if (!session) return std::unexpected(session.error());
      if (week != 0) continue;
      // The first session happened: staggered arrivals so the parents never meet.
      const std::pair<int, const char*> arrivals[] = {{0, "09:45"}, {2, "09:45"}, {1, "10:00"}};
      for (const auto& [who, time] : arrivals) {
        auto done = records::record_attendance(ws, c, coordinator, *session, people[who], "arrived",
                                               fmt::format("{} {}", date, time));
        if (!done) return std::unexpected(done.error());
      }
      auto left = records::record_attendance(ws, c, coordinator, *session, people[1], "left", date + " 12:00");
      if (!left) return std::unexpected(left.error());
      auto note = records::add_session_note(ws, c, coordinator, *session, f.note);
      if (!note) return std::unexpected(note.error());
    }
    // Its case so far: offered a place, each parent's pre-visit and ground rules, the intake
    // papers, and contact begun on the day of the first session.
    if (auto journey = demo_journey(ws, c, coordinator, family->id, people, held); !journey)
      return std::unexpected(journey.error());
    const auto& [from, to] = today_times[index++];
    auto session_today = records::schedule_session(
        ws, c, coordinator, family->id,
        {fmt::format("{} {}", today, from), fmt::format("{} {}", today, to), "Playroom"});
    if (!session_today) return std::unexpected(session_today.error());
    if (auto rota = records::assign_to_rota(ws, c, coordinator, *session_today, "vol.sam"); !rota)
      return std::unexpected(rota.error());
    summary.family_references.push_back(family->reference);
  }
  auto signed_ = ws.audit().checkpoint();
  if (!signed_) return std::unexpected(signed_.error());
  return summary;
}

}  // namespace haven::cli
