// Clauses 9 and 10 over time: adopting a new version, the history and the diff, and who has
// acknowledged the version in force.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "access/staff.hpp"
#include "cli/demo.hpp"
#include "governance/lifecycle.hpp"
#include "governance/oversight.hpp"
#include "records/families.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::policy {
namespace {

using namespace haven::governance;

class PolicyLifecycle : public ::testing::TestWithParam<std::string> {
 protected:
  // Looked up afresh each time: adopting a version reloads the centre.
  const app::Centre& centre() { return **ws_->centre(demo_.demo.centre_id); }
  access::Staff staff(const std::string& handle) { return demo_.staff(handle); }
  // The shipped preset as version 2027.1, with checks renewed every 4 years.
  std::string next_version(bool keep_history = true) {
    auto text = *read_text_file(haven::testing::shipped_preset_path(GetParam()));
    auto replace = [&text](const std::string& from, const std::string& to) {
      text.replace(text.find(from), from.size(), to);
    };
    replace("version = \"2026.1\"\nlast_reviewed", "version = \"2027.1\"\nlast_reviewed");
    replace("recheck_years = 3", "recheck_years = 4");
    auto history_end = text.find("[exceptions.welfare]");
    text.insert(history_end, "[[policy.history]]\nversion = \"2027.1\"\nadopted = 2026-11-20\nsummary = \"Checks renewed every four years.\"\n\n");
    replace("last_reviewed = ", "last_reviewed = 2026-11-20\n#");
    if (!keep_history) replace("version = \"2026.1\"\nadopted", "version = \"2025.9\"\nadopted");
    return text;
  }
  std::vector<std::string> outstanding_ids() {
    auto o = unacknowledged(*ws_, centre(), staff("coord.amy"));
    EXPECT_TRUE(o) << o.error().message;
    std::vector<std::string> ids;
    for (const auto& x : *o) ids.push_back(x.subject_id);
    return ids;
  }

  haven::testing::DemoWorkspace demo_{GetParam()};
  std::unique_ptr<app::Workspace>& ws_ = demo_.ws;
};

INSTANTIATE_TEST_SUITE_P(BothPresets, PolicyLifecycle, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(PolicyLifecycle, Clause10_ManagementAdoptsANewVersionAndTheDiffShowsTheChange) {
  auto refused = adopt_version(*ws_, centre(), staff("coord.amy"), next_version(), "next.toml");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().clause_id(), "10");
  auto adopted = adopt_version(*ws_, centre(), staff("mgmt.raj"), next_version(), "next.toml");
  ASSERT_TRUE(adopted) << adopted.error().message;
  EXPECT_EQ(centre().preset.version, "2027.1");
  EXPECT_EQ(centre().preset.dbs_recheck_years, 4) << "the new version is the one enforced";
  auto history = versions(*ws_, centre());
  ASSERT_EQ(history->size(), 2u);
  auto lines = diff(*ws_, centre(), "2026.1", "2027.1");
  ASSERT_TRUE(lines) << lines.error().message;
  auto has = [&](const std::string& prefix, const std::string& text) {
    return std::any_of(lines->begin(), lines->end(), [&](const std::string& l) {
      return l.rfind(prefix, 0) == 0 && l.find(text) != std::string::npos;
    });
  };
  EXPECT_TRUE(has("- ", "renewed every 3 years"));
  EXPECT_TRUE(has("+ ", "renewed every 4 years"));
  EXPECT_TRUE(has("  ", "### 4."));
  EXPECT_EQ(adopt_version(*ws_, centre(), staff("mgmt.raj"), next_version(), "next.toml").error().kind,
            ErrorKind::conflict);
}

TEST_P(PolicyLifecycle, Clause10_AVersionIsCheckedAndItsChangesShownBeforeItIsAdopted) {
  auto refused = preview_adoption(*ws_, centre(), staff("coord.amy"), next_version(), "next.toml");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().clause_id(), "10");
  auto preview = preview_adoption(*ws_, centre(), staff("mgmt.raj"), next_version(), "next.toml");
  ASSERT_TRUE(preview) << preview.error().message;
  EXPECT_EQ(preview->version, "2027.1");
  EXPECT_NE(std::ranges::find(preview->diff, "+ " + std::string("Version 2027.1, last reviewed on 20 November 2026.")),
            preview->diff.end());
  EXPECT_EQ(centre().preset.version, "2026.1") << "nothing is adopted by looking";
  auto rewritten = preview_adoption(*ws_, centre(), staff("mgmt.raj"), next_version(false), "next.toml");
  ASSERT_FALSE(rewritten) << "checked as adopting it would be";
  EXPECT_EQ(rewritten.error().kind, ErrorKind::invalid_input);
}

// Opening the adoption form without the right is refused and audited as what it was, an opening
// of the form; no refused adoption is written.
TEST_P(PolicyLifecycle, Clause10_OpeningTheAdoptionFormIsAuditedAsThat) {
  auto count = [&](const std::string& action, const std::string& outcome) {
    return store::value<long long>(ws_->db(), "SELECT COUNT(*) FROM audit_log WHERE action = :a AND outcome = :o",
                                   action, outcome)
        .value_or(0);
  };
  auto refused = begin_adoption(*ws_, centre(), staff("coord.amy"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::denied);
  EXPECT_EQ(count("open_adoption", "deny"), 1);
  EXPECT_EQ(count("adopt_policy", "deny"), 0);
  EXPECT_TRUE(begin_adoption(*ws_, centre(), staff("mgmt.raj")));
}

TEST_P(PolicyLifecycle, TheAuditTrailIsNarrowedPagedAndReadInWords) {
  auto raj = staff("mgmt.raj");
  auto all = audit_page(*ws_, centre(), raj, {});
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_GT(all->total, 20) << "the demo's setting up is on the trail";
  auto amy_on_f1 = audit_page(*ws_, centre(), raj, {.family = "F0001", .staff = "coord.amy"});
  ASSERT_TRUE(amy_on_f1);
  ASSERT_FALSE(amy_on_f1->lines.empty());
  std::set<std::string> about;
  for (const auto& line : amy_on_f1->lines) {
    EXPECT_EQ(line.who, "Amy");
    about.insert(line.about);
    EXPECT_EQ(line.action.find('_'), std::string::npos) << "in words: " << line.action;
  }
  // The family's own record, and what belongs to it: its sessions, people and referral.
  for (const char* of_it : {"Family F0001", "A session", "A person", "A referral"})
    EXPECT_TRUE(about.contains(of_it)) << of_it;
  auto on_f2 = audit_page(*ws_, centre(), raj, {.family = "F0002", .per_page = 200});
  ASSERT_TRUE(on_f2);
  for (const auto& line : on_f2->lines) EXPECT_NE(line.about, "Family F0001") << "another family's entries stay out";
  EXPECT_LT(on_f2->total, all->total);
  auto paged = audit_page(*ws_, centre(), raj, {.page = 2, .per_page = 5});
  ASSERT_TRUE(paged);
  EXPECT_EQ(paged->lines.size(), 5u);
  EXPECT_EQ(paged->lines.front().seq, all->lines[5].seq) << "newest first, five a page";
  auto tomorrow = london_today() + std::chrono::days{1};
  auto none = audit_page(*ws_, centre(), raj, {.from = tomorrow, .to = tomorrow});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->total, 0);
  auto unknown = audit_page(*ws_, centre(), raj, {.family = "F9999"});
  ASSERT_FALSE(unknown);
  EXPECT_TRUE(unknown.error().message.starts_with("family")) << unknown.error().message;
  EXPECT_FALSE(audit_page(*ws_, centre(), staff("coord.amy"), {})) << "the trail is read by oversight only";
}

TEST_P(PolicyLifecycle, Clause10_HistoryIsNeverRewritten) {
  auto rewritten = adopt_version(*ws_, centre(), staff("mgmt.raj"), next_version(false), "next.toml");
  ASSERT_FALSE(rewritten);
  EXPECT_NE(rewritten.error().message.find("2026.1 is missing"), std::string::npos) << rewritten.error().message;
  auto other = *read_text_file(haven::testing::shipped_preset_path(GetParam() == "birmingham" ? "west-wilts" : "birmingham"));
  EXPECT_FALSE(adopt_version(*ws_, centre(), staff("mgmt.raj"), other, "other.toml"));
}

TEST_P(PolicyLifecycle, Clause9_WhoHasNotAcknowledgedTheVersionInForce) {
  auto before = outstanding_ids();
  auto vol = staff("vol.sam");
  ASSERT_NE(std::find(before.begin(), before.end(), "vol.sam"), before.end());
  bool staff_told = GetParam() == "west-wilts";
  EXPECT_EQ(std::find(before.begin(), before.end(), "coord.amy") != before.end(), staff_told)
      << "West Wilts tells staff too";
  ASSERT_TRUE(acknowledge(*ws_, centre(), staff("coord.amy"),
                          {Audience::volunteers, "staff", "vol.sam", "2026-11-21", "signed copy"}));
  auto after = outstanding_ids();
  EXPECT_EQ(std::find(after.begin(), after.end(), "vol.sam"), after.end());
  EXPECT_EQ(acknowledge(*ws_, centre(), staff("coord.amy"),
                        {Audience::volunteers, "staff", "vol.sam", "2026-11-21", "signed copy"})
                .error()
                .kind,
            ErrorKind::conflict);
  EXPECT_FALSE(acknowledge(*ws_, centre(), staff("vol.sam"),
                           {Audience::volunteers, "staff", "vol.sam", "2026-11-21", "signed copy"}));
  ASSERT_TRUE(adopt_version(*ws_, centre(), staff("mgmt.raj"), next_version(), "next.toml"));
  auto next = outstanding_ids();
  EXPECT_NE(std::find(next.begin(), next.end(), "vol.sam"), next.end()) << "a new version is told afresh";
}

}  // namespace
}  // namespace haven::policy
