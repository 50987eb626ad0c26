// The documents written from the policy (dataprotection/documents.hpp), under both presets: they
// say what each preset says (retention, recipients, the DBS level), name every table that holds
// family data, follow a change to the preset at once, print as PDF, and are read only by
// coordinators and management, audited.
#include "dataprotection/documents.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "core/files.hpp"
#include "store/family_tables.hpp"
#include "store/rows.hpp"
#include "support/temp_workspace.hpp"

namespace haven::dataprotection {
namespace {

class Documents : public ::testing::TestWithParam<std::string> {
 protected:
  bool birmingham() const { return GetParam() == "birmingham"; }
  std::string record() {
    return write_document(*tw_.centre, DocumentKind::record_of_processing, london_today()).markdown;
  }
  std::string appropriate() {
    return write_document(*tw_.centre, DocumentKind::appropriate_policy, london_today()).markdown;
  }
  static bool has(const std::string& text, const std::string& words) { return text.find(words) != std::string::npos; }

  testing::TempWorkspace tw_{GetParam()};
};

INSTANTIATE_TEST_SUITE_P(BothPresets, Documents, ::testing::Values("birmingham", "west-wilts"),
                         [](const auto& info) { return info.param == "birmingham" ? "Birmingham" : "WestWilts"; });

TEST_P(Documents, TheRecordOfProcessingSaysWhatThePresetSays) {
  auto md = record();
  EXPECT_TRUE(has(md, "version " + tw_.centre->preset.version)) << "it names the policy it was written from";
  EXPECT_TRUE(
      has(md, fmt::format("Session notes: destroyed once nobody has used them for {} years", birmingham() ? 5 : 3)))
      << md;
  EXPECT_EQ(has(md, "Safeguarding records: kept without a time limit"), birmingham());
  EXPECT_TRUE(has(md, "The accident book: kept without a time limit")) << "both keep it";
  EXPECT_EQ(has(md, "the other side's referrer receives the same statement"), !birmingham()) << "clause 3 (mirror)";
  EXPECT_TRUE(has(md, birmingham() ? "an enhanced DBS check" : "a basic DBS check"));
  EXPECT_TRUE(has(md, "No report of any kind is written for family court proceedings (clause 2)"));
  EXPECT_TRUE(has(md, "the other parent only with the parent's own permission")) << "both allow it, per their text";
}

TEST_P(Documents, EveryTableThatHoldsFamilyDataIsNamedWithItsRetention) {
  auto md = record();
  for (const auto& t : store::family_tables()) {
    std::string words(t.table);
    std::ranges::replace(words, '_', ' ');
    EXPECT_TRUE(has(md, words)) << words << " is missing from the record of processing";
  }
}

TEST_P(Documents, AChangedPolicyIsAChangedDocument) {
  app::Centre changed = *tw_.centre;
  changed.preset.version = "2027.1";
  changed.preset.unused_years = 7;
  changed.preset.kept_indefinitely.push_back(policy::RecordCategory::session_notes);
  auto md = write_document(changed, DocumentKind::record_of_processing, london_today());
  EXPECT_EQ(md.file_name, "record-of-processing-2027.1");
  EXPECT_TRUE(has(md.markdown, "version 2027.1"));
  EXPECT_TRUE(has(md.markdown, "Session notes: kept without a time limit"));
  EXPECT_TRUE(has(md.markdown, "Attendance records: destroyed once nobody has used them for 7 years"));
}

TEST_P(Documents, TheAppropriatePolicyDocumentCoversSafeguardingRetentionAndReview) {
  auto md = appropriate();
  EXPECT_TRUE(has(md, "Schedule 1, paragraph 18"));
  for (const char* principle :
       {"### Lawful, fair and open", "### Used only for its purpose", "### No more than is needed", "### Accurate",
        "### Kept no longer than needed", "### Secure", "### Accountable"})
    EXPECT_TRUE(has(md, principle)) << principle;
  EXPECT_TRUE(has(md, birmingham() ? "Safeguarding records are kept without a time limit"
                                   : "Safeguarding records are destroyed once nobody has used them for 3 years"))
      << md;
  EXPECT_TRUE(has(md, "at least every 12 months"));
  auto pdf = document_pdf(write_document(*tw_.centre, DocumentKind::appropriate_policy, london_today()));
  ASSERT_TRUE(pdf) << pdf.error().message;
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
}

TEST_P(Documents, Clause7_ReadByCoordinatorsAndManagementOnlyAndAudited) {
  auto& ws = *tw_.ws;
  auto coordinator = testing::add_vetted_staff(ws, *tw_.centre, {"coord.cal", "Cal", policy::Role::coordinator},
                                               policy::DbsLevel::enhanced, "2026-01-05");
  auto volunteer = testing::add_vetted_staff(ws, *tw_.centre, {"vol.val", "Val", policy::Role::volunteer},
                                             policy::DbsLevel::enhanced, "2026-01-05");
  ASSERT_TRUE(coordinator && volunteer);
  auto read = document(ws, *tw_.centre, *coordinator, DocumentKind::record_of_processing);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->markdown, record());
  auto refused = document(ws, *tw_.centre, *volunteer, DocumentKind::appropriate_policy);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().clause, policy::Clause::kept_securely);
  EXPECT_EQ(store::value<int>(ws.db(),
                              "SELECT COUNT(*) FROM audit_log WHERE action = 'read_record_of_processing' AND actor_id "
                              "= :a AND outcome = 'allow'",
                              coordinator->id)
                .value_or(0),
            1);
}

TEST_P(Documents, AnEarlierVersionOfThePolicyWritesItsOwnDocumentMarkedNotInForce) {
  auto& ws = *tw_.ws;
  const auto& in_force = tw_.centre->preset.version;
  auto text = *read_text_file(testing::shipped_preset_path(GetParam()));
  for (const char* after : {"last_reviewed", "adopted"}) {
    std::string from = fmt::format("version = \"{}\"\n{}", in_force, after);
    ASSERT_NE(text.find(from), std::string::npos) << from;
    text.replace(text.find(from), from.size(), fmt::format("version = \"2025.9\"\n{}", after));
  }
  store::execute(ws.db(),
                 "INSERT INTO policy_versions (centre_id, version, preset_toml, adopted_at) VALUES (:c, '2025.9', :t, "
                 "'2025-09-01T09:00:00Z')",
                 tw_.centre->id, text);
  auto coordinator = testing::add_vetted_staff(ws, *tw_.centre, {"coord.cal", "Cal", policy::Role::coordinator},
                                               policy::DbsLevel::enhanced, "2026-01-05");
  ASSERT_TRUE(coordinator);
  auto earlier = document(ws, *tw_.centre, *coordinator, DocumentKind::record_of_processing, "2025.9");
  ASSERT_TRUE(earlier) << earlier.error().message;
  EXPECT_EQ(earlier->file_name, "record-of-processing-2025.9");
  EXPECT_TRUE(has(earlier->markdown, "version 2025.9"));
  EXPECT_TRUE(has(earlier->markdown, fmt::format("This copy is written from policy version 2025.9, which is no "
                                                 "longer in force; the version in force is {}.",
                                                 in_force)))
      << earlier->markdown.substr(0, 400);
  auto current = document(ws, *tw_.centre, *coordinator, DocumentKind::record_of_processing, in_force);
  ASSERT_TRUE(current);
  EXPECT_EQ(current->markdown, record()) << "the version in force, named, is the document in force";
  auto never = document(ws, *tw_.centre, *coordinator, DocumentKind::record_of_processing, "1999.1");
  ASSERT_FALSE(never);
  EXPECT_EQ(never.error().kind, ErrorKind::not_found);
}

}  // namespace
}  // namespace haven::dataprotection
