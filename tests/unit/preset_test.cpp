// Presets: both shipped policies read as the seed policies say, and a bad preset is refused
// with the key and line named. Rendering comes from the same settings (clauses 9 and 10).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "policy/preset.hpp"
#include "policy/render.hpp"
#include "policy/review.hpp"
#include "support/temp_workspace.hpp"

namespace haven::policy {
namespace {

using haven::testing::shipped_preset;
using haven::testing::shipped_preset_path;

std::string shipped_text(const std::string& name) { return *read_text_file(shipped_preset_path(name)); }

// The shipped Birmingham text with one line replaced.
std::string birmingham_with(const std::string& from, const std::string& to) {
  auto text = shipped_text("birmingham");
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

int line_of(const std::string& text, const std::string& needle) {
  auto at = text.find(needle);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

TEST(Preset, BirminghamReadsAsItsPolicy) {
  auto p = shipped_preset("birmingham");
  EXPECT_EQ(p.id, "birmingham");
  EXPECT_EQ(p.unused_years, 5);
  EXPECT_EQ(p.dbs_minimum_level, DbsLevel::enhanced);
  EXPECT_FALSE(p.mirror_to_other_side);
  EXPECT_TRUE(p.keeps_indefinitely(RecordCategory::accident_book));
  EXPECT_TRUE(p.keeps_indefinitely(RecordCategory::referral_records));
  EXPECT_TRUE(p.keeps_indefinitely(RecordCategory::safeguarding_records));
  EXPECT_TRUE(p.keeps_indefinitely(RecordCategory::child_protection_records));
  EXPECT_TRUE(p.keep_version_history);
  EXPECT_EQ(p.subject_access_until_age, 25);
  EXPECT_TRUE(p.is_exception_agency(p.welfare, Agency::cafcass));
  EXPECT_FALSE(p.is_exception_agency(p.violence, Agency::childrens_services));
}

TEST(Preset, WestWiltsReadsAsItsPolicy) {
  auto p = shipped_preset("west-wilts");
  EXPECT_EQ(p.unused_years, 3);
  EXPECT_EQ(p.dbs_minimum_level, DbsLevel::basic);
  EXPECT_TRUE(p.mirror_to_other_side);
  EXPECT_TRUE(p.warn_requester);
  EXPECT_TRUE(p.keeps_indefinitely(RecordCategory::accident_book));
  EXPECT_FALSE(p.keeps_indefinitely(RecordCategory::referral_records));
  EXPECT_EQ(p.violence_protects.size(), 3u);
  EXPECT_TRUE(p.is_exception_agency(p.welfare, Agency::cafcass)) << "an other appropriate agency";
}

// A version adopted before vetting.required_for existed (stored verbatim in policy_versions) is
// read as it was enforced then, volunteers only; both shipped presets name every family role.
TEST(Preset, AnOlderVersionWithoutRequiredForReadsAsVolunteersOnly) {
  auto old = parse_preset(
      birmingham_with("required_for = [\"volunteer\", \"coordinator\", \"management\", \"safeguarding_lead\"]\n", ""),
      "b.toml");
  ASSERT_TRUE(old) << old.error().message;
  EXPECT_TRUE(old->needs_dbs_check(Role::volunteer));
  EXPECT_FALSE(old->needs_dbs_check(Role::coordinator));
  for (const char* name : {"birmingham", "west-wilts"})
    for (Role r : {Role::volunteer, Role::coordinator, Role::management, Role::safeguarding_lead})
      EXPECT_TRUE(shipped_preset(name).needs_dbs_check(r)) << name;
  auto without_volunteers = parse_preset(
      birmingham_with("required_for = [\"volunteer\", ", "required_for = ["), "b.toml");
  ASSERT_FALSE(without_volunteers);
  EXPECT_NE(without_volunteers.error().message.find("vetting.required_for"), std::string::npos);
}

TEST(Preset, MissingSettingIsNamedWithItsLine) {
  auto text = birmingham_with("unused_years = 5\n", "");
  auto p = parse_preset(text, "b.toml");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("retention.unused_years: missing setting"), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("b.toml:" + std::to_string(line_of(text, "[retention]"))), std::string::npos)
      << p.error().message;
}

TEST(Preset, UnknownSettingIsNamedWithItsLine) {
  auto text = birmingham_with("unused_years = 5\n", "unused_years = 5\nunused_yeras = 4\n");
  auto p = parse_preset(text, "b.toml");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find(fmt::format("b.toml:{}: retention.unused_yeras: unknown setting",
                                               line_of(text, "unused_yeras"))),
            std::string::npos)
      << p.error().message;
}

TEST(Preset, WrongTypesAndValuesAreRefused) {
  auto wrong_type = parse_preset(birmingham_with("unused_years = 5", "unused_years = \"five\""), "b.toml");
  ASSERT_FALSE(wrong_type);
  EXPECT_NE(wrong_type.error().message.find("retention.unused_years: must be a whole number"), std::string::npos);

  auto bad_level = parse_preset(birmingham_with("\"enhanced\"", "\"thorough\""), "b.toml");
  ASSERT_FALSE(bad_level);
  EXPECT_NE(bad_level.error().message.find("vetting.dbs_minimum_level: 'thorough' is not one of"), std::string::npos);

  auto zero_years = parse_preset(birmingham_with("unused_years = 5", "unused_years = 0"), "b.toml");
  ASSERT_FALSE(zero_years);
  EXPECT_NE(zero_years.error().message.find("must be between 1 and 100"), std::string::npos);

  auto unsealed = parse_preset(birmingham_with("sealed = [\"address\", \"phone\", \"email\"]", "sealed = [\"email\"]"),
                               "b.toml");
  ASSERT_FALSE(unsealed);
  EXPECT_NE(unsealed.error().message.find("contact_details.sealed: must include address and phone (clause 4)"),
            std::string::npos);
}

TEST(Preset, ContradictionsAreRefused) {
  auto mirror = parse_preset(birmingham_with("mirror_to_other_side = false", "mirror_to_other_side = true"), "b.toml");
  ASSERT_FALSE(mirror);
  EXPECT_NE(mirror.error().message.find("attendance.warn_requester: contradicts attendance.mirror_to_other_side"),
            std::string::npos)
      << mirror.error().message;

  auto no_accident_book = parse_preset(
      birmingham_with("kept_indefinitely = [\"accident_book\", ", "kept_indefinitely = ["), "b.toml");
  ASSERT_FALSE(no_accident_book);
  EXPECT_NE(no_accident_book.error().message.find("the accident book is always kept"), std::string::npos);

  auto version = parse_preset(birmingham_with("version = \"2026.1\"\nlast", "version = \"2027.1\"\nlast"), "b.toml");
  ASSERT_FALSE(version);
  EXPECT_NE(version.error().message.find("policy.version: contradicts the last [[policy.history]] entry"),
            std::string::npos)
      << version.error().message;
}

TEST(Preset, SyntaxErrorNamesTheLine) {
  auto p = parse_preset("[centre]\nid = \"x\"\nname = \n", "broken.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message.rfind("broken.toml:3:", 0), 0u) << p.error().message;
}

TEST(Preset, EveryErrorIsReportedAtOnce) {
  auto text = birmingham_with("unused_years = 5", "unused_years = 0\ncolour = \"blue\"");
  auto p = parse_preset(text, "b.toml");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("unused_years"), std::string::npos);
  EXPECT_NE(p.error().message.find("retention.colour: unknown setting"), std::string::npos);
}

// Clause 9: the text everyone is given comes from the preset that is enforced.
TEST(Render, TextFollowsTheSettings) {
  auto b = render_markdown(shipped_preset("birmingham"));
  auto w = render_markdown(shipped_preset("west-wilts"));
  EXPECT_NE(b.find("used for 5 years"), std::string::npos);
  EXPECT_NE(w.find("used for 3 years"), std::string::npos);
  EXPECT_NE(b.find("an enhanced DBS check"), std::string::npos);
  EXPECT_NE(w.find("a basic DBS check"), std::string::npos);
  EXPECT_EQ(b.find("other side will be sent the same statement"), std::string::npos);
  EXPECT_NE(w.find("other side will be sent the same statement"), std::string::npos);
  EXPECT_NE(b.find("referral records"), std::string::npos);
  EXPECT_EQ(w.find("referral records"), std::string::npos);
  EXPECT_EQ(b.find(", staff"), std::string::npos);
  EXPECT_NE(w.find("volunteers and staff"), std::string::npos);
  for (const auto& info : clause_catalogue) {
    EXPECT_NE(b.find(fmt::format("### {}. {}", info.id, info.title)), std::string::npos) << info.id;
    EXPECT_NE(w.find(fmt::format("### {}. {}", info.id, info.title)), std::string::npos) << info.id;
  }
}

// Clause 9: the ground rules each parent agrees to are part of the policy they read.
TEST(Render, GroundRulesAreReadWithThePolicy) {
  for (const char* name : {"birmingham", "west-wilts"}) {
    auto p = shipped_preset(name);
    ASSERT_FALSE(p.ground_rules.empty()) << name;
    auto md = render_markdown(p);
    auto heading = md.find("## Ground rules for contact sessions");
    ASSERT_NE(heading, std::string::npos) << name;
    for (const auto& rule : p.ground_rules) EXPECT_GT(md.find("- " + rule), heading) << rule;
  }
}

TEST(Preset, GroundRulesAreSentencesAndMayBeAbsentInOlderVersions) {
  auto without = shipped_text("birmingham");
  without = without.substr(0, without.find("[ground_rules]"));
  auto older = parse_preset(without, "b.toml");
  ASSERT_TRUE(older) << older.error().message;
  EXPECT_TRUE(older->ground_rules.empty());
  EXPECT_EQ(render_markdown(*older).find("Ground rules"), std::string::npos);

  auto empty = parse_preset(without + "[ground_rules]\nrules = []\n", "b.toml");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("ground_rules.rules"), std::string::npos) << empty.error().message;
  auto long_rule = parse_preset(without + "[ground_rules]\nrules = [\"" + std::string(401, 'x') + "\"]\n", "b.toml");
  ASSERT_FALSE(long_rule);
  EXPECT_NE(long_rule.error().message.find("at most 400 characters"), std::string::npos);
  auto number = parse_preset(without + "[ground_rules]\nrules = [\"Be kind.\", 3]\n", "b.toml");
  ASSERT_FALSE(number);
  EXPECT_NE(number.error().message.find("sentence in quotes"), std::string::npos);
}

// Clause 10: review dates and the version history.
TEST(Review, DueTwelveMonthsAfterLastReview) {
  auto p = shipped_preset("birmingham");
  using namespace std::chrono;
  auto reviewed = p.last_reviewed;
  auto status = review_status(p, reviewed + days{30});
  EXPECT_EQ(format_day(status.due_on), "2027-01-12");
  EXPECT_FALSE(status.overdue);
  EXPECT_TRUE(review_status(p, status.due_on + days{1}).overdue);
  EXPECT_FALSE(review_status(p, status.due_on).overdue);
  EXPECT_NE(render_markdown(p).find("- 2026.1 (adopted 12 January 2026)"), std::string::npos);
  EXPECT_EQ(render_markdown(shipped_preset("west-wilts")).find("(adopted"), std::string::npos);
}

}  // namespace
}  // namespace haven::policy
