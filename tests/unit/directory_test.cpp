// The centre's families as a list (directory/directory.hpp) on a real database: found by part of
// any name without a name ever reaching the audit log, by a whole name through the blind index,
// narrowed by stage, paged, and shown to each role as the decision point allows.
#include "directory/directory.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/text.hpp"
#include "records/families.hpp"
#include "records/rota.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::directory {
namespace {

using journey::Stage;
using journey::Step;
using records::Party;

class DirectoryTest : public ::testing::Test {
 protected:
  DirectoryTest() : demo_("birmingham"), ws_(*demo_.ws), c_(*demo_.centre), amy_(demo_.staff("coord.amy")) {}

  // A new family with a parent and a child of these names, referred 30 days ago; its reference.
  std::string family_of(const std::string& parent, const std::string& child, const std::string& surname) {
    auto family = records::create_family(ws_, c_, amy_, false);
    if (!family) ADD_FAILURE() << family.error().message;
    EXPECT_TRUE(
        records::add_person(ws_, c_, amy_, family->id, {Party::resident_parent, parent, surname, "", "", "", ""}));
    EXPECT_TRUE(
        records::add_person(ws_, c_, amy_, family->id, {Party::child, child, surname, "2020-01-01", "", "", ""}));
    EXPECT_TRUE(records::add_referral(ws_, c_, amy_, family->id,
                                      {records::AgencyKind::self_referral, "", "", format_day(ago(30))}));
    return family->reference;
  }
  static Day ago(int days) { return london_today() - std::chrono::days{days}; }
  Result<bool> step(const std::string& family, Step kind, Day on, journey::Outcome outcome = journey::Outcome::other) {
    return journey::record_step(ws_, c_, amy_, family,
                                {.step = kind, .on = on, .person_id = {}, .how = {}, .outcome = outcome});
  }
  Listing find_as(const std::string& handle, Query q) {
    auto found = find(ws_, c_, demo_.staff(handle), q);
    EXPECT_TRUE(found) << found.error().message;
    return found ? *found : Listing{};
  }
  static std::vector<std::string> references(const Listing& l) {
    std::vector<std::string> out;
    for (const auto& f : l.families) out.push_back(f.reference);
    return out;
  }
  int count(const std::string& sql) { return store::value<int>(ws_.db(), sql).value_or(-1); }

  haven::testing::DemoWorkspace demo_;
  app::Workspace& ws_;
  const app::Centre& c_;
  access::Staff amy_;
};

TEST_F(DirectoryTest, PartOfAnyNameOfAParentOrAChildFindsTheFamily) {
  std::string f = family_of("Josephine", "Zebedee", "Quartermaine");
  auto by_child = find_as("coord.amy", {.name = "zeb"});
  EXPECT_EQ(references(by_child), std::vector<std::string>{f});
  auto two_words = find_as("coord.amy", {.name = "  JOS quarter "});
  EXPECT_EQ(references(two_words), std::vector<std::string>{f}) << "each word in the same person's name";
  EXPECT_TRUE(find_as("coord.amy", {.name = "zeb josephine"}).families.empty()) << "two people's names do not make one";
  auto pemberton = find_as("coord.amy", {.name = "pember"});
  ASSERT_EQ(pemberton.families.size(), 1u);
  EXPECT_EQ(pemberton.families[0].reference, "F0001");
  ASSERT_EQ(by_child.families.size(), 1u);
  const Entry& found = by_child.families[0];
  ASSERT_EQ(found.named.size(), 2u);
  EXPECT_EQ(found.named[0].name, "Josephine Quartermaine");
  EXPECT_EQ(found.named[0].party, "resident_parent");
  EXPECT_EQ(found.named[1].name, "Zebedee Quartermaine");
  EXPECT_EQ(found.stage, Stage::referred);

  // The search is audited as a read of names under their clause; no name reaches the log.
  EXPECT_GE(count("SELECT COUNT(*) FROM audit_log WHERE action = 'find_families' AND outcome = 'allow' AND "
                  "fields LIKE '%first_name%'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE lower(fields || resource || action) LIKE '%zeb%' OR "
                  "lower(fields || resource || action) LIKE '%quart%'"),
            0);
}

// Letters are matched without their accents and in either case, beyond ASCII: a coordinator
// who types "orla" finds Órla, and "STRASSE" finds Straße.
TEST_F(DirectoryTest, NamesAreMatchedWithoutAccentsAndInAnyCase) {
  std::string f = family_of("Órla", "Seán", "Ní Bhriain");
  std::string g = family_of("Jörg", "Lena", "Straße");
  for (const char* typed : {"orla", "ÓRLA", "órla", "sean bhri", "ni bhriain"})
    EXPECT_EQ(references(find_as("coord.amy", {.name = typed})), std::vector<std::string>{f}) << typed;
  for (const char* typed : {"STRASSE", "jorg", "JÖRG straße"})
    EXPECT_EQ(references(find_as("coord.amy", {.name = typed})), std::vector<std::string>{g}) << typed;
  EXPECT_TRUE(find_as("coord.amy", {.name = "orlaa"}).families.empty());
}

TEST(FoldedForSearch, AccentsGoAndCaseIsOneByUnicodesRules) {
  EXPECT_EQ(folded_for_search("Órla NÍ Bhriain"), "orla ni bhriain");
  EXPECT_EQ(folded_for_search("Straße"), "strasse");
  EXPECT_EQ(folded_for_search("ΣΊΣΥΦΟΣ"), folded_for_search("σίσυφος"));
  EXPECT_EQ(folded_for_search("plain ascii 42"), "plain ascii 42");
}

TEST(MaskedEmail, TheFirstCharacterAndTheDomainShow) {
  EXPECT_EQ(masked_email("pat@law.example"), "p•••@law.example");
  EXPECT_EQ(masked_email("Órla@centre.example"), "Ó•••@centre.example") << "a character of two bytes stays whole";
  EXPECT_EQ(masked_email("a@b@law.example"), "a•••@law.example") << "the domain after the last @";
  EXPECT_EQ(masked_email("not an address"), "•••");
  EXPECT_EQ(masked_email("@law.example"), "•••");
}

TEST_F(DirectoryTest, AWholeNameIsFoundThroughTheBlindIndexAlone) {
  auto found = find_as("coord.amy", {.name = "  priya OKAFOR ", .exact = true});
  EXPECT_EQ(references(found), std::vector<std::string>{"F0002"});
  EXPECT_TRUE(find_as("coord.amy", {.name = "Priya Okafur", .exact = true}).families.empty());
  EXPECT_TRUE(find_as("coord.amy", {.name = "priya", .exact = true}).families.empty()) << "a whole name, not part";
  auto volunteer = find(ws_, c_, demo_.staff("vol.sam"), {.name = "Priya Okafor", .exact = true});
  ASSERT_FALSE(volunteer) << "a whole-name search needs surnames";
  EXPECT_EQ(volunteer.error().clause_id(), "1");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'find_by_name' AND outcome = 'deny'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE lower(fields || resource) LIKE '%okafor%'"), 0);
}

TEST_F(DirectoryTest, FamiliesAreNarrowedByTheStageOfTheirCase) {
  std::string waiting = family_of("Ada", "Bo", "Waite");
  std::string closed = family_of("Cy", "Di", "Shutt");
  std::string referred = family_of("Ed", "Flo", "Newby");
  ASSERT_TRUE(step(waiting, Step::waiting_list, ago(20)));
  ASSERT_TRUE(step(closed, Step::closed, ago(10), journey::Outcome::withdrawn));

  auto in = [&](Show show, const std::string& reference) {
    auto refs = references(find_as("coord.amy", {.show = show, .per_page = 100}));
    return std::ranges::find(refs, reference) != refs.end();
  };
  EXPECT_TRUE(in(Show::waiting, waiting));
  EXPECT_FALSE(in(Show::waiting, referred));
  EXPECT_TRUE(in(Show::open, waiting)) << "a family waiting for a place is an open case";
  EXPECT_TRUE(in(Show::open, referred));
  EXPECT_TRUE(in(Show::open, "F0001")) << "the demo families' contact is under way";
  EXPECT_FALSE(in(Show::open, closed));
  EXPECT_TRUE(in(Show::closed, closed));
  EXPECT_FALSE(in(Show::closed, waiting));
  EXPECT_TRUE(in(Show::all, closed) && in(Show::all, waiting));
  auto demo = find_as("coord.amy", {.name = "okafor"});
  ASSERT_EQ(demo.families.size(), 1u);
  EXPECT_EQ(demo.families[0].stage, Stage::active);
}

TEST_F(DirectoryTest, AListComesInPages) {
  for (int i = 0; i < 9; ++i) family_of("Parent", "Child", "Paige");  // 12 families with the demo's 3
  auto first = find_as("coord.amy", {.page = 1, .per_page = 5});
  EXPECT_EQ(first.total, 12);
  EXPECT_EQ(first.pages, 3);
  EXPECT_EQ(first.families.size(), 5u);
  EXPECT_EQ(first.families[0].reference, "F0001");
  auto last = find_as("coord.amy", {.page = 3, .per_page = 5});
  EXPECT_EQ(last.families.size(), 2u);
  EXPECT_EQ(last.families.back().reference, "F0012");
  auto beyond = find_as("coord.amy", {.page = 40, .per_page = 5});
  EXPECT_EQ(beyond.page, 3) << "a page past the last gives the last";
  auto searched = find_as("coord.amy", {.name = "paige", .page = 2, .per_page = 4});
  EXPECT_EQ(searched.total, 9);
  EXPECT_EQ(searched.families.size(), 4u);
  EXPECT_EQ(searched.families[0].reference, "F0008");

  for (auto [q, field] : {std::pair{Query{.page = 0}, "page"}, std::pair{Query{.per_page = 101}, "per_page"},
                          std::pair{Query{.name = std::string(201, 'a')}, "name"}}) {
    auto bad = find(ws_, c_, amy_, q);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind, ErrorKind::invalid_input);
    EXPECT_TRUE(bad.error().message.starts_with(field)) << bad.error().message;
  }
}

TEST_F(DirectoryTest, AVolunteerListsOnlyTheFamiliesOfTheirRotaAndNoStages) {
  std::string elsewhere = family_of("Gwen", "Hal", "Ingram");
  auto rota = find_as("vol.sam", {});
  ASSERT_EQ(references(rota), (std::vector<std::string>{"F0001", "F0002", "F0003"}))
      << "the demo's families, each on Sam's rota today, and not " << elsewhere;
  EXPECT_TRUE(find_as("vol.sam", {.name = "gwen"}).families.empty());
  ASSERT_EQ(references(find_as("vol.sam", {.name = "priya"})), std::vector<std::string>{"F0002"});
  ASSERT_FALSE(rota.families[0].named.empty());
  for (const auto& p : rota.families[0].named)
    EXPECT_EQ(p.name.find("Pemberton"), std::string::npos) << "first names only: " << p.name;
  EXPECT_FALSE(rota.families[0].stage.has_value());
  auto filtered = find(ws_, c_, demo_.staff("vol.sam"), {.show = Show::waiting});
  ASSERT_FALSE(filtered) << "the stage of a case is not a volunteer's";
  EXPECT_EQ(filtered.error().kind, ErrorKind::denied);
  auto unvetted = find(ws_, c_, demo_.staff("vol.new"), {});
  ASSERT_FALSE(unvetted);
  EXPECT_EQ(unvetted.error().clause_id(), "6");
}

}  // namespace
}  // namespace haven::directory
