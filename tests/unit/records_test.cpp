// Family records end to end on a real SQLite file and key store: what each role sees, what is
// refused and audited, what reaches the disk, and the retention clock.
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "access/access.hpp"
#include "cli/demo.hpp"
#include "directory/directory.hpp"
#include "records/calendar.hpp"
#include "records/families.hpp"
#include "records/family_rows.hpp"
#include "records/family_view.hpp"
#include "records/rota.hpp"
#include "records/staff.hpp"
#include "store/migrations.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::records {
namespace {

class RecordsTest : public ::testing::Test {
 protected:
  explicit RecordsTest(const std::string& preset_name = "birmingham") {
    auto ws = app::Workspace::open(paths_, true);
    EXPECT_TRUE(ws);
    ws_ = std::move(*ws);
    auto demo = cli::create_demo(*ws_, haven::testing::shipped_preset_path(preset_name));
    EXPECT_TRUE(demo) << demo.error().message;
    centre_ = *ws_->centre(demo->centre_id);
  }

  access::Staff staff(const std::string& handle) { return *access::find_staff(*ws_, handle); }
  FamilyView show(const std::string& handle, const std::string& family = "F0001") {
    auto v = show_family(*ws_, *centre_, staff(handle), family);
    EXPECT_TRUE(v) << v.error().message;
    return v ? *v : FamilyView{};
  }
  int count(const std::string& sql) {
    return store::value<int>(ws_->db(), sql).value_or(0);
  }
  std::string last_used(const std::string& family_id) {
    return store::value<std::string>(ws_->db(), "SELECT last_used_at FROM families WHERE id = :f", family_id)
        .value_or("");
  }

  haven::testing::TempDir dir_;
  haven::testing::TestDatabase database_{dir_};
  app::Paths paths_ = database_.paths();
  std::unique_ptr<app::Workspace> ws_;
  const app::Centre* centre_ = nullptr;
};

// A family's plain rows come out only under a permit to read that family's item: a permit for
// another family, another item, or for writing, is refused as a denial, never answered.
TEST_F(RecordsTest, PlainRowsAreReadOnlyUnderAPermitForThatFamilyAndItem) {
  auto amy = staff("coord.amy");
  auto f1 = find_family(*ws_, *centre_, "F0001");
  auto f2 = find_family(*ws_, *centre_, "F0002");
  ASSERT_TRUE(f1 && f2);
  auto permit = [&](policy::AccessRequest r) {
    auto d = access::consider(*centre_, r);
    EXPECT_TRUE(d.permit) << d.reason;
    return *d.permit;
  };
  auto times = permit(access::view(*centre_, amy, policy::Item::session_times, f1->id));
  auto sessions = sessions_of(*ws_, times);
  ASSERT_TRUE(sessions) << sessions.error().message;
  ASSERT_FALSE(sessions->empty());
  for (const auto& s : *sessions) EXPECT_EQ(s.family_id, f1->id);

  auto attendance = attendance_of(*ws_, times);
  ASSERT_FALSE(attendance) << "session times are not attendance";
  EXPECT_EQ(attendance.error().kind, ErrorKind::denied);
  EXPECT_EQ(attendance.error().clause_id(), "7");
  EXPECT_FALSE(must_not_meet_of(*ws_, times));
  auto writing = permit(access::record(*centre_, amy, policy::Item::attendance_times, f2->id));
  EXPECT_FALSE(attendance_of(*ws_, writing)) << "a permit to record is not one to read";
  auto flag = permit(access::view(*centre_, amy, policy::Item::must_not_meet, f2->id));
  auto apart = must_not_meet_of(*ws_, flag);
  ASSERT_TRUE(apart);
  EXPECT_EQ(*apart, count("SELECT must_not_meet FROM families WHERE reference = 'F0002'") != 0);
  // The flag read with the family's row opens the same way: for that family, under that item.
  auto row2 = find_family_row(*ws_, centre_->id, "F0002");
  auto row1 = find_family_row(*ws_, centre_->id, "F0001");
  ASSERT_TRUE(row1 && row2);
  auto with_row = must_not_meet_of(*row2, flag);
  ASSERT_TRUE(with_row);
  EXPECT_EQ(*with_row, *apart);
  auto other_family = must_not_meet_of(*row1, flag);
  ASSERT_FALSE(other_family) << "a permit for another family's flag";
  EXPECT_EQ(other_family.error().kind, ErrorKind::denied);
  EXPECT_FALSE(must_not_meet_of(*row1, times)) << "a permit for another item";

  // Across families, a family without a permit is left out.
  SessionFilter all;
  auto only_f1 = centre_sessions(*ws_, centre_->id, all, [&](const std::string& family, policy::Item) {
    return family == f1->id ? &times : nullptr;
  });
  ASSERT_TRUE(only_f1);
  EXPECT_EQ(only_f1->size(), sessions->size());
}

std::string all_values(const FamilyView& v) {
  std::string out;
  for (const auto& p : v.people)
    for (const auto& [k, val] : p.fields) out += k + "=" + val + "\n";
  for (const auto& r : v.referrals) out += r.referrer_name + "\n";
  for (const auto& s : v.sessions)
    for (const auto& n : s.notes) out += n + "\n";
  return out;
}

TEST_F(RecordsTest, VolunteerSeesFirstNamesTimesAndTheFlagOnly) {
  auto v = show("vol.sam");
  ASSERT_EQ(v.people.size(), 3u);
  for (const auto& p : v.people) {
    ASSERT_EQ(p.fields.size(), 1u) << all_values(v);
    EXPECT_EQ(p.fields[0].first, "first_name");
  }
  EXPECT_EQ(v.people[0].field("first_name"), "Joanna");
  EXPECT_EQ(v.must_not_meet, true);
  ASSERT_EQ(v.sessions.size(), 3u);  // held, today's (Sam's rota), and next week's
  EXPECT_EQ(v.sessions[0].attendance.size(), 3u);
  EXPECT_TRUE(v.sessions[0].notes.empty());
  EXPECT_TRUE(v.referrals.empty());
  auto text = all_values(v);
  for (const char* secret : {"Larkspur", "01632", "07700", "@", "Pemberton", "2019-05-14", "settled", "Quayle"})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
  bool address_withheld = false;
  for (const auto& w : v.withheld)
    if (w.item == "address") address_withheld = w.clause == "1";
  EXPECT_TRUE(address_withheld);
}

TEST_F(RecordsTest, CoordinatorSeesTheWholeRecord) {
  auto v = show("coord.amy");
  EXPECT_EQ(v.people[0].field("address"), "14 Larkspur Row, Birmingham B99 1AA");
  EXPECT_EQ(v.people[1].field("phone"), "07700 900002");
  EXPECT_EQ(v.people[2].field("date_of_birth"), "2019-05-14");
  ASSERT_EQ(v.referrals.size(), 1u);
  EXPECT_EQ(v.referrals[0].referrer_name, "Harriet Quayle");
  EXPECT_EQ(v.referrals[0].acting_for, v.people[0].id);
  ASSERT_FALSE(v.sessions[0].notes.empty());
  EXPECT_TRUE(v.withheld.empty());
}

TEST_F(RecordsTest, UnvettedVolunteerIsRefusedAndTheRefusalAudited) {
  auto before = count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'deny' AND clause = '6'");
  auto v = show_family(*ws_, *centre_, staff("vol.new"), "F0001");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().kind, ErrorKind::denied);
  EXPECT_EQ(v.error().clause_id(), "6");
  EXPECT_NE(v.error().message.find("clause 6"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'deny' AND clause = '6'"), before + 1);
  auto list = directory::find(*ws_, *centre_, staff("vol.new"), {});
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().clause_id(), "6");
}

TEST_F(RecordsTest, AdministratorSeesNoFamilyData) {
  auto v = show_family(*ws_, *centre_, staff("admin.kim"), "F0002");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().clause_id(), "7");
}

TEST_F(RecordsTest, EveryReadIsAudited) {
  auto before = count("SELECT COUNT(*) FROM audit_log WHERE action = 'view_family'");
  show("vol.sam");
  // One entry for what was shown (clause 1) and one for what was withheld (clause 1 too, denied).
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'view_family'"), before + 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'view_family' AND outcome = 'deny' "
                  "AND fields LIKE '%address%'"),
            1);
  EXPECT_TRUE(ws_->audit().verify().ok);
}

// Attendance is recorded on or after its session's day, with times on that day; a refusal
// changes nothing and writes nothing to the audit chain.
TEST_F(RecordsTest, AttendanceIsRecordedFromItsSessionsDayOnly) {
  auto family = show("coord.amy", "F0002");
  const auto& today = family.sessions[1];
  const auto& next_week = family.sessions[2];
  ASSERT_EQ(today.day, format_london_day(now()));
  const auto& child = family.people[2];
  auto changes = count("SELECT COUNT(*) FROM audit_log WHERE action = 'record_attendance'");

  auto early = record_attendance(*ws_, *centre_, staff("coord.amy"), next_week.id, child.id, "arrived",
                                 next_week.day + " 09:50");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().kind, ErrorKind::invalid_input);
  auto next_day = parse_day(next_week.day);
  ASSERT_TRUE(next_day);
  EXPECT_NE(early.error().message.find(format_day_words(*next_day) + " can be recorded from that day"),
            std::string::npos)
      << early.error().message;
  auto no_show = record_attendance(*ws_, *centre_, staff("coord.amy"), next_week.id, child.id, "no_show", "",
                                   NoShowReason::no_word);
  ASSERT_FALSE(no_show) << "nor a no-show before the day";

  auto wrong_day =
      record_attendance(*ws_, *centre_, staff("coord.amy"), today.id, child.id, "arrived", next_week.day + " 09:50");
  ASSERT_FALSE(wrong_day);
  EXPECT_NE(wrong_day.error().message.find("falls on the day of its session"), std::string::npos)
      << wrong_day.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'record_attendance'"), changes);

  auto on_the_day =
      record_attendance(*ws_, *centre_, staff("coord.amy"), today.id, child.id, "arrived", today.day + " 09:50");
  EXPECT_TRUE(on_the_day) << on_the_day.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'record_attendance'"), changes + 1);
}

// A cancelled session keeps its row, marked with the day and the reason; it frees its room and
// its rota (a volunteer on it no longer needs to know the family) and takes no attendance. A
// session that took place is not cancelled.
TEST_F(RecordsTest, ACancelledSessionKeepsItsRowAndFreesItsRoomAndRota) {
  auto family = show("coord.amy", "F0002");
  const auto next_week = family.sessions[2];
  const auto today = family.sessions[1];
  auto other = find_family(*ws_, *centre_, "F0001");
  ASSERT_TRUE(other);
  NewSession same_slot{next_week.day + " " + next_week.starts, next_week.day + " " + next_week.ends, next_week.room};
  auto clash = schedule_session(*ws_, *centre_, staff("coord.amy"), other->id, same_slot);
  ASSERT_FALSE(clash) << "the room is taken while the session stands";
  ASSERT_TRUE(testing::add_vetted_staff(*ws_, *centre_, {"vol.kit", "Kit", policy::Role::volunteer},
                                        policy::DbsLevel::enhanced, "2026-01-05"));
  ASSERT_TRUE(assign_to_rota(*ws_, *centre_, staff("coord.amy"), next_week.id, "vol.kit"));
  auto kit = staff("vol.kit");
  EXPECT_NE(std::find(kit.rota_families.begin(), kit.rota_families.end(), family.id), kit.rota_families.end());
  auto changes = count("SELECT COUNT(*) FROM audit_log WHERE action = 'cancel_session'");

  auto cancelled = cancel_session(*ws_, *centre_, staff("coord.amy"), next_week.id, CancelReason::child_unwell);
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'cancel_session'"), changes + 1);
  auto after = show("coord.amy", "F0002");
  ASSERT_EQ(after.sessions.size(), family.sessions.size()) << "the row is kept";
  EXPECT_EQ(after.sessions[2].cancelled_on, format_london_day(now()));
  EXPECT_EQ(after.sessions[2].cancel_reason, "child_unwell");
  EXPECT_TRUE(after.sessions[2].attendance.empty());
  EXPECT_FALSE(after.sessions[2].attendance_open);
  auto attendance =
      access::consider(*centre_, access::view(*centre_, staff("coord.amy"), policy::Item::attendance_times, family.id));
  ASSERT_TRUE(attendance.permit);
  auto rows = attendance_of(*ws_, *attendance.permit);
  ASSERT_TRUE(rows);
  for (const auto& a : *rows)
    EXPECT_NE(a.session_id, next_week.id) << "no one is expected at a cancelled session (subject access included)";
  kit = staff("vol.kit");
  EXPECT_EQ(std::find(kit.rota_families.begin(), kit.rota_families.end(), family.id), kit.rota_families.end());

  auto again = cancel_session(*ws_, *centre_, staff("coord.amy"), next_week.id, CancelReason::other);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  auto arrival = record_attendance(*ws_, *centre_, staff("coord.amy"), next_week.id, family.people[2].id, "no_show", "",
                                   NoShowReason::no_word);
  ASSERT_FALSE(arrival);
  EXPECT_NE(arrival.error().message.find("cancelled"), std::string::npos) << arrival.error().message;
  auto booked = schedule_session(*ws_, *centre_, staff("coord.amy"), other->id, same_slot);
  EXPECT_TRUE(booked) << booked.error().message;

  ASSERT_TRUE(record_attendance(*ws_, *centre_, staff("coord.amy"), today.id, family.people[2].id, "arrived",
                                today.day + " " + today.starts));
  auto held = cancel_session(*ws_, *centre_, staff("coord.amy"), today.id, CancelReason::centre_closed);
  ASSERT_FALSE(held);
  EXPECT_EQ(held.error().kind, ErrorKind::conflict);
  EXPECT_NE(held.error().message.find("record who did not come instead"), std::string::npos) << held.error().message;
  auto volunteer = cancel_session(*ws_, *centre_, staff("vol.sam"), today.id, CancelReason::other);
  ASSERT_FALSE(volunteer) << "a volunteer does not call off sessions";
  EXPECT_EQ(volunteer.error().kind, ErrorKind::denied);
}

// A session nobody has attended moves with the checks of booking one: its room and the family's
// time must be free (its own old place does not count), and everyone's arrival is planned again.
TEST_F(RecordsTest, AMovedSessionIsPlannedAgainAndAnAttendedOneStays) {
  auto family = show("coord.amy", "F0001");  // parents must not meet
  const auto next_week = family.sessions[2];
  const auto today = family.sessions[1];
  auto changes = count("SELECT COUNT(*) FROM audit_log WHERE action = 'move_session'");
  auto day = parse_day(next_week.day);
  ASSERT_TRUE(day);
  std::string later = format_day(*day + std::chrono::days{2});
  NewSession moved{later + " 14:00", later + " 15:30", next_week.room, 20};
  ASSERT_TRUE(move_session(*ws_, *centre_, staff("coord.amy"), next_week.id, moved));
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'move_session'"), changes + 1);
  auto after = show("coord.amy", "F0001");
  auto it =
      std::find_if(after.sessions.begin(), after.sessions.end(), [&](const auto& s) { return s.id == next_week.id; });
  ASSERT_NE(it, after.sessions.end());
  EXPECT_EQ(it->day, later);
  EXPECT_EQ(it->starts, "14:00");
  bool staggered = false;
  for (const auto& a : it->attendance) staggered |= a.planned_arrival == "13:40";
  EXPECT_TRUE(staggered) << "the resident parent comes 20 minutes early at the new time";

  NewSession same_place{later + " 14:30", later + " 15:00", next_week.room, 15};
  EXPECT_TRUE(move_session(*ws_, *centre_, staff("coord.amy"), next_week.id, same_place))
      << "its own old place does not stand in its way";
  auto other = find_family(*ws_, *centre_, "F0002");
  ASSERT_TRUE(other);
  auto clash = schedule_session(*ws_, *centre_, staff("coord.amy"), other->id, same_place);
  ASSERT_FALSE(clash) << "the room is taken at its new time";
  EXPECT_EQ(clash.error().kind, ErrorKind::conflict);

  ASSERT_TRUE(record_attendance(*ws_, *centre_, staff("coord.amy"), today.id, family.people[2].id, "arrived",
                                today.day + " " + today.starts));
  auto held = move_session(*ws_, *centre_, staff("coord.amy"), today.id, moved);
  ASSERT_FALSE(held);
  EXPECT_EQ(held.error().kind, ErrorKind::conflict);
  auto volunteer = move_session(*ws_, *centre_, staff("vol.sam"), next_week.id, moved);
  ASSERT_FALSE(volunteer);
  EXPECT_EQ(volunteer.error().kind, ErrorKind::denied);
}

// A handover only holds its room around the handover and the return, while the child waits there
// with staff: another family may use the room in between, not at either end. Moving it keeps it a
// handover, and the family's record and calendar say what it is.
TEST_F(RecordsTest, AHandoverHoldsItsRoomOnlyAroundTheHandoverAndTheReturn) {
  auto f1 = find_family(*ws_, *centre_, "F0001");  // parents must not meet: the resident parent comes 15 minutes early
  auto f2 = find_family(*ws_, *centre_, "F0002");
  ASSERT_TRUE(f1 && f2);
  std::string day = format_day(london_today() + std::chrono::days{20});
  NewSession handover{day + " 10:00", day + " 16:00", "Garden room", 15, SessionKind::handover};
  auto id = schedule_session(*ws_, *centre_, staff("coord.amy"), f1->id, handover);
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM contact_sessions WHERE kind = 'handover'"), 1);

  auto midday =
      schedule_session(*ws_, *centre_, staff("coord.amy"), f2->id, {day + " 12:00", day + " 13:00", "Garden room"});
  EXPECT_TRUE(midday) << "the child is away with the other parent: the room is free between";
  for (auto [from, to] : {std::pair{"09:00", "09:50"}, std::pair{"10:05", "11:00"}, std::pair{"15:50", "16:30"},
                          std::pair{"16:10", "17:00"}}) {
    auto clash =
        schedule_session(*ws_, *centre_, staff("coord.amy"), f2->id, {day + " " + from, day + " " + to, "Garden room"});
    ASSERT_FALSE(clash) << from << " to " << to << " meets the handover or the return";
    EXPECT_EQ(clash.error().kind, ErrorKind::conflict);
  }
  auto supported =
      schedule_session(*ws_, *centre_, staff("coord.amy"), f2->id, {day + " 14:00", day + " 15:00", "Garden room"});
  EXPECT_TRUE(supported) << supported.error().message;

  auto family = show("coord.amy", "F0001");
  auto it = std::find_if(family.sessions.begin(), family.sessions.end(), [&](const auto& s) { return s.id == *id; });
  ASSERT_NE(it, family.sessions.end());
  EXPECT_TRUE(it->handover);
  ASSERT_TRUE(
      move_session(*ws_, *centre_, staff("coord.amy"), *id, {day + " 10:30", day + " 16:00", "Garden room", 15}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM contact_sessions WHERE kind = 'handover'"), 1) << "still a handover";
  auto calendar = session_calendar(*ws_, *centre_, staff("coord.amy"), *parse_day(day), *parse_day(day));
  ASSERT_TRUE(calendar);
  int handovers = 0;
  for (const auto& s : *calendar) handovers += s.handover ? 1 : 0;
  EXPECT_EQ(handovers, 1);
  EXPECT_EQ(calendar->size(), 3u);
}

// A correction keeps what it replaced, with the reason, and says so on the record.
TEST_F(RecordsTest, ACorrectedArrivalKeepsTheOriginal) {
  auto family = show("coord.amy", "F0002");
  const auto today = family.sessions[1];
  const auto& child = family.people[2];
  auto nothing_yet = correct_attendance(*ws_, *centre_, staff("coord.amy"), today.id, child.id, "arrived",
                                        today.day + " 10:05", AmendReason::wrong_time);
  ASSERT_FALSE(nothing_yet);
  EXPECT_EQ(nothing_yet.error().kind, ErrorKind::conflict);
  ASSERT_TRUE(
      record_attendance(*ws_, *centre_, staff("coord.amy"), today.id, child.id, "arrived", today.day + " 11:50"));
  auto corrected = correct_attendance(*ws_, *centre_, staff("coord.amy"), today.id, child.id, "arrived",
                                      today.day + " 12:25", AmendReason::wrong_time);
  ASSERT_TRUE(corrected) << corrected.error().message;
  auto same = correct_attendance(*ws_, *centre_, staff("coord.amy"), today.id, child.id, "arrived",
                                 today.day + " 12:25", AmendReason::wrong_time);
  ASSERT_FALSE(same) << "a correction that changes nothing";
  EXPECT_EQ(count("SELECT COUNT(*) FROM attendance_amendments"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'correct_attendance' AND outcome = 'change'"), 1);
  auto after = show("coord.amy", "F0002");
  const AttendanceView* row = nullptr;
  for (const auto& a : after.sessions[1].attendance)
    if (a.person_id == child.id) row = &a;
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->arrived, "12:25");
  ASSERT_TRUE(row->correction);
  EXPECT_EQ(row->correction->was_arrived_at, "11:50");
  EXPECT_EQ(row->correction->reason, "wrong_time");
  EXPECT_EQ(row->correction->corrected_at, format_london_day(now()));
  ASSERT_TRUE(correct_attendance(*ws_, *centre_, staff("coord.amy"), today.id, child.id, "no_show", "",
                                 AmendReason::wrong_status));
  auto gone = show("coord.amy", "F0002");
  for (const auto& a : gone.sessions[1].attendance)
    if (a.person_id == child.id) {
      EXPECT_EQ(a.status, "no_show");
      EXPECT_EQ(a.arrived, "") << "a no-show holds no arrival time; the amendment keeps it";
    }
}

TEST_F(RecordsTest, VolunteerRecordsArrivalsButNotNotes) {
  auto family = show("coord.amy", "F0002");
  const auto& upcoming = family.sessions[1];
  const auto& child = family.people[2];
  auto arrived = record_attendance(*ws_, *centre_, staff("vol.sam"), upcoming.id, child.id, "arrived",
                                   upcoming.day + " 09:50");
  ASSERT_TRUE(arrived) << arrived.error().message;
  auto after = show("vol.sam", "F0002");
  EXPECT_EQ(after.sessions[1].attendance[2].arrived, "09:50");

  auto notes = count("SELECT COUNT(*) FROM session_notes");
  auto note = add_session_note(*ws_, *centre_, staff("vol.sam"), upcoming.id, "overheard something");
  ASSERT_FALSE(note);
  EXPECT_EQ(note.error().clause_id(), "1");
  EXPECT_EQ(count("SELECT COUNT(*) FROM session_notes"), notes);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'add_session_note' AND outcome = 'deny'"), 1);
}

// A no-show is recorded with why they did not come, from a fixed list; a correction to an
// arrival drops the reason, which no longer stands.
TEST_F(RecordsTest, ANoShowIsRecordedWithItsReason) {
  auto family = show("coord.amy", "F0002");
  const auto& today = family.sessions[1];
  const auto& father = family.people[1];
  auto wrong = record_attendance(*ws_, *centre_, staff("vol.sam"), today.id, father.id, "arrived", today.day + " 12:20",
                                 NoShowReason::unwell);
  ASSERT_FALSE(wrong) << "a reason for not coming goes with a no-show only";
  EXPECT_TRUE(wrong.error().message.starts_with("reason")) << wrong.error().message;
  auto unsaid = record_attendance(*ws_, *centre_, staff("vol.sam"), today.id, father.id, "no_show", "");
  ASSERT_FALSE(unsaid) << "a no-show is recorded with why, whichever way it comes in";
  EXPECT_TRUE(unsaid.error().message.starts_with("reason: say why")) << unsaid.error().message;
  EXPECT_NE(unsaid.error().message.find("no_word"), std::string::npos);
  ASSERT_TRUE(record_attendance(*ws_, *centre_, staff("vol.sam"), today.id, father.id, "no_show", "",
                                NoShowReason::let_us_know));
  auto his = [&]() {
    FamilyView now = show("coord.amy", "F0002");
    for (const auto& a : now.sessions[1].attendance)
      if (a.person_id == father.id) return a;
    return AttendanceView{};
  };
  EXPECT_EQ(his().status, "no_show");
  EXPECT_EQ(his().no_show_reason, "let_us_know");
  ASSERT_TRUE(correct_attendance(*ws_, *centre_, staff("coord.amy"), today.id, father.id, "arrived",
                                 today.day + " 12:40", AmendReason::wrong_status));
  EXPECT_EQ(his().status, "arrived");
  EXPECT_EQ(his().no_show_reason, "");
}

TEST_F(RecordsTest, BadInputIsRefusedAndNothingIsWritten) {
  auto family = find_family(*ws_, *centre_, "F0003");
  ASSERT_TRUE(family);
  auto people = count("SELECT COUNT(*) FROM people");
  NewPerson child{Party::child, "Ava", "Holt", "2021-02-30", "", "", ""};
  auto added = add_person(*ws_, *centre_, staff("coord.amy"), family->id, child);
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().kind, ErrorKind::invalid_input);
  EXPECT_EQ(count("SELECT COUNT(*) FROM people"), people);

  auto sessions = count("SELECT COUNT(*) FROM contact_sessions");
  auto spring_gap = schedule_session(*ws_, *centre_, staff("coord.amy"), family->id,
                                     {"2027-03-28 01:30", "2027-03-28 03:00", "Garden room"});
  ASSERT_FALSE(spring_gap);
  EXPECT_NE(spring_gap.error().message.find("does not exist in Europe/London"), std::string::npos);
  auto backwards = schedule_session(*ws_, *centre_, staff("coord.amy"), family->id,
                                    {"2027-01-10 12:00", "2027-01-10 10:00", "Garden room"});
  EXPECT_FALSE(backwards);
  EXPECT_EQ(count("SELECT COUNT(*) FROM contact_sessions"), sessions);
  EXPECT_FALSE(find_family(*ws_, *centre_, "F9999"));
}

TEST_F(RecordsTest, SessionsAreKeptInLondonTime) {
  auto family = find_family(*ws_, *centre_, "F0003");
  auto summer = schedule_session(*ws_, *centre_, staff("coord.amy"), family->id,
                                 {"2027-07-03 10:00", "2027-07-03 12:00", "Blue room"});
  ASSERT_TRUE(summer);
  std::string starts = store::value<std::string>(ws_->db(), "SELECT starts_at FROM contact_sessions WHERE id = :i",
                                                 *summer)
                           .value_or("");
  EXPECT_EQ(starts, "2027-07-03T09:00:00Z");  // BST is UTC+1
  auto v = show("coord.amy", "F0003");
  EXPECT_EQ(v.sessions.back().starts, "10:00");
  EXPECT_EQ(v.sessions.back().day, "2027-07-03");
}

TEST_F(RecordsTest, ParentsWhoMustNotMeetArriveAndLeaveApart) {
  auto family = find_family(*ws_, *centre_, "F0001");  // must_not_meet in the demo
  ASSERT_TRUE(schedule_session(*ws_, *centre_, staff("coord.amy"), family->id,
                               {"2027-01-09 10:00", "2027-01-09 12:00", "Blue room", 20}));
  auto v = show("vol.sam", "F0001");
  const auto& s = v.sessions.back();
  ASSERT_EQ(s.attendance.size(), 3u);
  EXPECT_EQ(s.attendance[0].planned_arrival, "09:40");    // resident parent, with the child
  EXPECT_EQ(s.attendance[0].planned_departure, "12:20");
  EXPECT_EQ(s.attendance[1].planned_arrival, "10:00");    // the other parent
  EXPECT_EQ(s.attendance[1].planned_departure, "12:00");
  EXPECT_EQ(s.attendance[2].planned_arrival, "09:40");    // the child comes with the resident parent
  auto together = find_family(*ws_, *centre_, "F0002");  // may meet: everyone on the session's times
  ASSERT_TRUE(schedule_session(*ws_, *centre_, staff("coord.amy"), together->id,
                               {"2027-01-10 10:00", "2027-01-10 12:00", "Blue room"}));
  auto w = show("coord.amy", "F0002");
  EXPECT_EQ(w.sessions.back().attendance[0].planned_arrival, "10:00");
  EXPECT_EQ(w.sessions.back().attendance[1].planned_arrival, "10:00");
  EXPECT_FALSE(schedule_session(*ws_, *centre_, staff("coord.amy"), family->id,
                                {"2027-01-11 10:00", "2027-01-11 12:00", "Blue room", 2}));
}

// A family is at one session at a time, arrivals and departures included: a second session that
// starts at 09:50 while the first has the mother arriving at 09:45 for a 10:00 start (and
// collecting at 12:15) would bring the parents together.
TEST_F(RecordsTest, Clause4_AFamilysSessionsNeverOverlapArrivalsAndDeparturesIncluded) {
  auto apart = find_family(*ws_, *centre_, "F0001");  // must not meet
  ASSERT_TRUE(schedule_session(*ws_, *centre_, staff("coord.amy"), apart->id,
                               {"2027-03-06 10:00", "2027-03-06 12:00", "Blue room", 15}));
  auto clash = schedule_session(*ws_, *centre_, staff("coord.amy"), apart->id,
                                {"2027-03-06 12:05", "2027-03-06 13:00", "Garden room", 15});
  ASSERT_FALSE(clash) << "the mother collects the children at 12:15; the next arrivals begin at 11:50";
  EXPECT_EQ(clash.error().kind, ErrorKind::conflict);
  EXPECT_EQ(clash.error().clause_id(), "4");
  EXPECT_NE(clash.error().message.find("6 March 2027 from 09:45 to 12:15"), std::string::npos) << clash.error().message;
  EXPECT_FALSE(schedule_session(*ws_, *centre_, staff("coord.amy"), apart->id,
                                {"2027-03-06 08:00", "2027-03-06 09:50", "Garden room", 15}))
      << "ending at 09:50 (the mother leaves at 10:05) meets the 09:45 arrival";
  EXPECT_TRUE(schedule_session(*ws_, *centre_, staff("coord.amy"), apart->id,
                               {"2027-03-06 12:45", "2027-03-06 14:00", "Garden room", 15}))
      << "12:30 arrivals after a 12:15 departure do not meet";

  auto together = find_family(*ws_, *centre_, "F0002");  // may meet: the session's own times
  ASSERT_TRUE(schedule_session(*ws_, *centre_, staff("coord.amy"), together->id,
                               {"2027-03-07 10:00", "2027-03-07 12:00", "Blue room"}));
  auto twice = schedule_session(*ws_, *centre_, staff("coord.amy"), together->id,
                                {"2027-03-07 11:00", "2027-03-07 13:00", "Garden room"});
  ASSERT_FALSE(twice) << "one family, two rooms at once";
  EXPECT_EQ(twice.error().kind, ErrorKind::conflict);
  EXPECT_TRUE(schedule_session(*ws_, *centre_, staff("coord.amy"), together->id,
                               {"2027-03-07 12:00", "2027-03-07 13:00", "Garden room"}))
      << "back to back is not an overlap";
}

// Need to know (clause 1): a vetted volunteer sees nothing of a family until they are on the rota
// for one of its sessions; then that session's time and place, and the family's first names, times
// and flag only on the day itself.
TEST_F(RecordsTest, Clause1_AVolunteerSeesOnlyTheFamiliesOfTheirRotaOnTheDay) {
  auto kit = testing::add_vetted_staff(*ws_, *centre_, {"vol.kit", "Kit", policy::Role::volunteer},
                                       policy::DbsLevel::enhanced, "2026-01-05");
  ASSERT_TRUE(kit);
  auto refused = show_family(*ws_, *centre_, staff("vol.kit"), "F0002");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().clause_id(), "1");
  auto none = directory::find(*ws_, *centre_, staff("vol.kit"), {});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->families.empty()) << "no family of the centre is on Kit's rota";

  auto family = find_family(*ws_, *centre_, "F0002");
  auto later = schedule_session(*ws_, *centre_, staff("coord.amy"), family->id,
                                {"2027-05-01 10:00", "2027-05-01 11:00", "Blue room"});
  ASSERT_TRUE(later);
  ASSERT_TRUE(assign_to_rota(*ws_, *centre_, staff("coord.amy"), *later, "vol.kit"));
  auto ahead = show_family(*ws_, *centre_, staff("vol.kit"), "F0002");
  ASSERT_TRUE(ahead) << ahead.error().message;
  EXPECT_FALSE(ahead->sessions.empty()) << "the sessions of Kit's rota, when and where";
  EXPECT_TRUE(ahead->people.empty() || ahead->people[0].fields.empty()) << "but no names before the day";
  EXPECT_FALSE(ahead->must_not_meet.has_value());
  ASSERT_EQ(directory::find(*ws_, *centre_, staff("vol.kit"), {})->families.size(), 1u);
  auto arrival = record_attendance(*ws_, *centre_, staff("vol.kit"), *later, "x", "arrived", "2027-05-01 10:00");
  ASSERT_FALSE(arrival);
  EXPECT_EQ(arrival.error().clause_id(), "1");

  auto today = show("coord.amy", "F0002").sessions;  // the demo's session today, Sam on its rota
  auto todays = std::find_if(today.begin(), today.end(), [](const SessionView& s) {
    return s.day == format_london_day(now());
  });
  ASSERT_NE(todays, today.end());
  ASSERT_TRUE(assign_to_rota(*ws_, *centre_, staff("coord.amy"), todays->id, "vol.kit"));
  auto on_the_day = show("vol.kit", "F0002");
  ASSERT_FALSE(on_the_day.people.empty());
  EXPECT_FALSE(on_the_day.people[0].field("first_name").empty()) << "first names on the day";
  EXPECT_TRUE(on_the_day.people[0].field("surname").empty()) << "and never more";
  EXPECT_TRUE(on_the_day.must_not_meet.has_value());

  // Arrivals are recorded at the sessions of one's own rota, not at the same family's other
  // session that day.
  std::string day = format_london_day(now());
  auto early = schedule_session(*ws_, *centre_, staff("coord.amy"), family->id,
                                {day + " 06:00", day + " 06:45", "Garden room"});
  ASSERT_TRUE(early) << early.error().message;
  const auto& child = on_the_day.people.back();
  auto elsewhere = record_attendance(*ws_, *centre_, staff("vol.kit"), *early, child.id, "arrived", day + " 06:05");
  ASSERT_FALSE(elsewhere);
  EXPECT_EQ(elsewhere.error().clause_id(), "1");
  auto own = record_attendance(*ws_, *centre_, staff("vol.kit"), todays->id, child.id, "arrived", todays->day + " " + todays->starts);
  EXPECT_TRUE(own) << own.error().message;
}

TEST_F(RecordsTest, TheCalendarGivesEachSessionItsOwnPeopleAndTimes) {
  auto apart = find_family(*ws_, *centre_, "F0001");     // must not meet
  auto together = find_family(*ws_, *centre_, "F0002");  // may meet
  ASSERT_TRUE(schedule_session(*ws_, *centre_, staff("coord.amy"), apart->id,
                               {"2027-02-06 10:00", "2027-02-06 12:00", "Blue room", 20}));
  ASSERT_TRUE(schedule_session(*ws_, *centre_, staff("coord.amy"), together->id,
                               {"2027-02-06 13:00", "2027-02-06 14:30", "Garden room"}));
  auto day = *parse_day("2027-02-06");
  auto calendar = session_calendar(*ws_, *centre_, staff("coord.amy"), day, day);
  ASSERT_TRUE(calendar) << calendar.error().message;
  ASSERT_EQ(calendar->size(), 2u);
  const auto& first = (*calendar)[0];
  const auto& second = (*calendar)[1];
  EXPECT_EQ(first.family_reference, "F0001");
  EXPECT_EQ(second.family_reference, "F0002");
  // Each session lists exactly the people its own family record has, with its own times.
  EXPECT_EQ(first.people.size(), show("coord.amy", "F0001").people.size());
  EXPECT_EQ(second.people.size(), show("coord.amy", "F0002").people.size());
  ASSERT_FALSE(first.people.empty());
  EXPECT_EQ(first.people[0].party, "resident_parent");
  EXPECT_EQ(first.people[0].planned_arrival, "09:40");
  for (const auto& p : first.people)
    EXPECT_TRUE(p.party == "non_resident_parent" ? p.planned_arrival == "10:00" : p.planned_arrival == "09:40")
        << p.party << " " << p.planned_arrival;
  for (const auto& p : second.people) {
    EXPECT_EQ(p.planned_arrival, "13:00");
    EXPECT_EQ(p.planned_departure, "14:30");
  }
}

// The day sheet for the door: first names, the flag and the rota, each where the decision point
// allows; a volunteer's sheet holds the sessions of their rota only, and no surname ever.
TEST_F(RecordsTest, TheDaySheetNamesEachPersonByFirstNameWithTheFlagAndTheRota) {
  Day today = london_today();
  auto coordinator = day_sheet(*ws_, *centre_, staff("coord.amy"), today);
  ASSERT_TRUE(coordinator) << coordinator.error().message;
  ASSERT_EQ(coordinator->size(), 3u) << "the demo's three sessions today";
  const auto& first = (*coordinator)[0];
  EXPECT_EQ(first.family_reference, "F0001");
  EXPECT_EQ(first.must_not_meet, true);
  EXPECT_EQ(first.rota, std::vector<std::string>{"Sam"});
  ASSERT_EQ(first.people.size(), 3u);
  EXPECT_EQ(first.people[0].first_name, "Joanna");
  EXPECT_EQ((*coordinator)[1].must_not_meet, false) << "the Okafors may meet";
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'view_day_sheet' AND "
                  "fields = 'session_times,attendance_times,first_name,must_not_meet'"),
            1);

  auto kit = testing::add_vetted_staff(*ws_, *centre_, {"vol.kit", "Kit", policy::Role::volunteer},
                                       policy::DbsLevel::enhanced, "2026-01-05");
  ASSERT_TRUE(kit);
  auto stranger = day_sheet(*ws_, *centre_, *kit, today);
  ASSERT_FALSE(stranger) << "no session today has Kit on its rota, so Kit may see none";
  EXPECT_EQ(stranger.error().clause_id(), "1");
  auto sam = day_sheet(*ws_, *centre_, staff("vol.sam"), today);
  ASSERT_TRUE(sam);
  ASSERT_EQ(sam->size(), 3u);
  for (const auto& session : *sam)
    for (const auto& p : session.people) {
      EXPECT_FALSE(p.first_name.empty());
      EXPECT_EQ(p.first_name.find(' '), std::string::npos) << "a first name alone";
    }
  auto unvetted = day_sheet(*ws_, *centre_, staff("vol.new"), today);
  ASSERT_FALSE(unvetted);
  EXPECT_EQ(unvetted.error().clause_id(), "6");
}

// Clause 8's clock: a change resets it, a read does not.
TEST_F(RecordsTest, LastUseMovesOnChangesNotReads) {
  auto family = find_family(*ws_, *centre_, "F0002");
  store::execute(ws_->db(), "UPDATE families SET last_used_at = '2020-01-01T00:00:00Z' WHERE id = :f", family->id);
  show("coord.amy", "F0002");
  EXPECT_EQ(last_used(family->id), "2020-01-01T00:00:00Z");
  ASSERT_TRUE(schedule_session(*ws_, *centre_, staff("coord.amy"), family->id,
                               {"2027-01-09 10:00", "2027-01-09 11:00", "Blue room"}));
  EXPECT_GT(last_used(family->id), "2026-01-01");
}

// Clause 7: nothing personal reaches the database file in the clear.
TEST_F(RecordsTest, DatabaseFileHoldsNoPersonalValuesInTheClear) {
  std::string bytes;
  if (ws_->db().backend() == store::Backend::postgresql) {
    // Every row of every table, as text.
    std::vector<std::string> tables;
    for (const auto& name : store::rows<std::string>(ws_->db(), "SELECT table_name FROM information_schema.tables "
                                                                "WHERE table_schema = current_schema()"))
      tables.push_back(name);
    for (const auto& table : tables) {
      std::optional<std::string> rows =
          store::value<std::string>(ws_->db(), "SELECT string_agg(t::text, '|') FROM " + table + " t");
      if (rows) bytes += *rows;
    }
  }
  ws_.reset();  // closes the database and folds the WAL into the file
  for (const auto& file : {paths_.db, paths_.db + "-wal", paths_.keys}) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    bytes += s.str();
  }
  ASSERT_GT(bytes.size(), 10000u);
  for (const char* secret : {"Pemberton", "Joanna", "Larkspur", "01632 960001", "joanna@example.org", "2019-05-14",
                             "settled quickly", "Harriet Quayle"})
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
}

TEST_F(RecordsTest, StaffOfOneCentreCannotReadAnother) {
  auto other_id = ws_->add_centre(*read_text_file(haven::testing::shipped_preset_path("west-wilts")), "ww");
  ASSERT_TRUE(other_id);
  const app::Centre* other = *ws_->centre(*other_id);
  auto outsider = testing::add_vetted_staff(*ws_, *other, {"ww.coord", "Pat", policy::Role::coordinator},
                                            policy::DbsLevel::basic, "2026-01-01");
  ASSERT_TRUE(outsider);
  // Asking through the right centre: the family is not there.
  EXPECT_FALSE(show_family(*ws_, *other, *outsider, "F0001"));
  // Asking through Birmingham's centre: refused, clause 7.
  auto v = show_family(*ws_, *centre_, *outsider, "F0001");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().clause_id(), "7");
}

class WestWiltsRecordsTest : public RecordsTest {
 protected:
  WestWiltsRecordsTest() : RecordsTest("west-wilts") {}
};

TEST_F(WestWiltsRecordsTest, VolunteerWithABasicCheckMayRunASession) {
  auto basic = testing::add_vetted_staff(*ws_, *centre_, {"vol.basic", "Ola", policy::Role::volunteer},
                                         policy::DbsLevel::basic, "2026-05-01");
  ASSERT_TRUE(basic) << basic.error().message;
  auto sessions = show("coord.amy", "F0001").sessions;
  auto today = std::find_if(sessions.begin(), sessions.end(),
                            [](const SessionView& s) { return s.day == format_london_day(now()); });
  ASSERT_NE(today, sessions.end());
  ASSERT_TRUE(assign_to_rota(*ws_, *centre_, staff("coord.amy"), today->id, "vol.basic"));
  auto v = show_family(*ws_, *centre_, staff("vol.basic"), "F0001");
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->people[0].field("first_name"), "Joanna");
  EXPECT_TRUE(v->people[0].field("address").empty());
}

TEST(Migrations, SplitStatementsDropsCommentsAndKeepsOrder) {
  auto parts = store::split_statements("-- a comment\nCREATE TABLE a (x TEXT);\n\nCREATE TABLE b (\n  y TEXT\n);\n");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].rfind("CREATE TABLE a", 0), 0u);
  EXPECT_NE(parts[1].find("y TEXT"), std::string::npos);
}

TEST(Migrations, StatementsBoundToOneDatabaseRunOnThatOneOnly) {
  const char* sql =
      "CREATE TABLE a (x TEXT);\n-- sqlite only\nCREATE TABLE b (y TEXT) WITHOUT ROWID;\n"
      "-- postgresql only\nCREATE TABLE c (\n  z TEXT\n);\nCREATE TABLE d (w TEXT);\n";
  auto on_sqlite = store::split_statements(sql, "sqlite");
  ASSERT_EQ(on_sqlite.size(), 3u);
  EXPECT_NE(on_sqlite[1].find("WITHOUT ROWID"), std::string::npos);
  EXPECT_EQ(on_sqlite[2].rfind("CREATE TABLE d", 0), 0u);  // the binding ends with its statement
  auto on_postgresql = store::split_statements(sql, "postgresql");
  ASSERT_EQ(on_postgresql.size(), 3u);
  EXPECT_EQ(on_postgresql[1].rfind("CREATE TABLE c", 0), 0u);
  EXPECT_EQ(store::split_statements(sql).size(), 4u);
}

TEST(Migrations, ReopeningAppliesNothingTwiceAndForeignKeysAreOn) {
  haven::testing::TempDir dir;
  haven::testing::TestDatabase database(dir);
  auto path = database.paths().db;
  int version = 0;
  {
    auto db = store::Database::open(path, true);
    ASSERT_TRUE(db);
    version = (*db)->schema_version();
    EXPECT_EQ(version, store::embedded_migrations().back().version);
  }
  auto db = store::Database::open(path, false);
  ASSERT_TRUE(db);
  EXPECT_EQ((*db)->schema_version(), version);
  int applied = store::value<int>(**db, "SELECT COUNT(*) FROM schema_migrations").value_or(0);
  EXPECT_EQ(applied, static_cast<int>(store::embedded_migrations().size()));
  EXPECT_THROW(store::execute(**db, "INSERT INTO families (id, centre_id, reference, must_not_meet, created_at, "
                                    "last_used_at) VALUES ('f', 'no-such-centre', 'F1', 0, 'x', 'x')"),
               store::DatabaseError);
  EXPECT_FALSE(store::Database::open(dir.file("absent.db"), false));
}

}  // namespace
}  // namespace haven::records
