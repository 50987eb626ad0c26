// docs/clauses.md cannot go stale: every clause of the catalogue has its section, every file of
// src/ that names a clause's enum is listed under that clause, and every file and test the page
// names exists. No clause id is written as a string literal outside the catalogue, and nothing
// outside the access layer asks the decision point.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "core/files.hpp"
#include "policy/clause.hpp"

namespace haven::policy {
namespace {

namespace fs = std::filesystem;
const fs::path source_dir = HAVEN_SOURCE_DIR;

std::vector<fs::path> code_files(const fs::path& under) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(under))
    if (entry.is_regular_file() && (entry.path().extension() == ".cpp" || entry.path().extension() == ".hpp"))
      out.push_back(entry.path());
  return out;
}

std::string text_of(const fs::path& p) { return read_text_file(p.string()).value_or(""); }

std::string in_repo(const fs::path& p) { return fs::relative(p, source_dir).generic_string(); }

// The section of docs/clauses.md headed "## <id>: ..."; empty when there is none.
std::string section_of(const std::string& doc, const ClauseInfo& c) {
  auto start = doc.find("\n## " + std::string(c.id) + ": ");
  if (start == std::string::npos) return {};
  auto end = doc.find("\n## ", start + 1);
  return doc.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

TEST(ClausesDoc, EveryClauseHasItsSectionListingEverySiteThatNamesIt) {
  auto doc = text_of(source_dir / "docs/clauses.md");
  ASSERT_FALSE(doc.empty());
  auto files = code_files(source_dir / "src");
  for (const auto& c : clause_catalogue) {
    auto section = section_of(doc, c);
    ASSERT_FALSE(section.empty()) << "docs/clauses.md has no section for clause " << c.id;
    EXPECT_NE(section.find("(`" + std::string(c.name) + "`)"), std::string::npos)
        << "the heading of clause " << c.id << " names its enum, " << c.name;
    std::regex names_it("Clause::" + std::string(c.name) + "\\b");
    for (const auto& f : files) {
      if (in_repo(f) == "src/core/clause.hpp") continue;
      if (std::regex_search(text_of(f), names_it)) {
        EXPECT_NE(section.find("`" + in_repo(f) + "`"), std::string::npos)
            << in_repo(f) << " names Clause::" << c.name << ": list it under clause " << c.id;
      }
    }
  }
}

TEST(ClausesDoc, EveryFileAndTestItNamesExists) {
  auto doc = text_of(source_dir / "docs/clauses.md");
  std::set<std::string> tests;
  std::regex declared(R"(TEST(?:_F|_P)?\((\w+), (\w+)\))");
  for (const auto& f : code_files(source_dir / "tests")) {
    auto text = text_of(f);
    for (std::sregex_iterator m(text.begin(), text.end(), declared), end; m != end; ++m)
      tests.insert((*m)[1].str() + "." + (*m)[2].str());
  }
  ASSERT_GT(tests.size(), 100u);
  std::regex quoted("`([^`]+)`");
  std::regex test_name(R"(^[A-Z]\w*\.\w+$)");
  int files = 0, named = 0;
  for (std::sregex_iterator m(doc.begin(), doc.end(), quoted), end; m != end; ++m) {
    std::string item = (*m)[1].str();
    if (item.rfind("src/", 0) == 0) {
      ++files;
      EXPECT_TRUE(fs::exists(source_dir / item)) << item << " is named in docs/clauses.md but does not exist";
    } else if (std::regex_match(item, test_name)) {
      ++named;
      EXPECT_TRUE(tests.count(item)) << item << " is named in docs/clauses.md but no such test exists";
    }
  }
  EXPECT_GT(files, 12);
  EXPECT_GT(named, 30);
}

TEST(ClausesDoc, NoClauseIdIsWrittenAsALiteralOutsideTheCatalogue) {
  std::regex literal(R"re((^|[^\w\\])"(E1|E2|10|[1-9])")re");
  for (const auto& f : code_files(source_dir / "src")) {
    if (in_repo(f) == "src/core/clause.hpp") continue;
    auto text = text_of(f);
    std::smatch m;
    EXPECT_FALSE(std::regex_search(text, m, literal))
        << in_repo(f) << " writes clause " << m[2] << " as a literal: cite the enum (policy::cite)";
  }
}

TEST(ClausesDoc, OnlyTheAccessLayerAsksTheDecisionPoint) {
  std::regex asks(R"((decisions\(\)|DecisionPoint[ (][^;]*\)|\bdp)\.decide\(|\.decisions\(\))");
  for (const auto& f : code_files(source_dir / "src")) {
    auto path = in_repo(f);
    if (path.starts_with("src/access/") || path.starts_with("src/policy/") || path.starts_with("src/app/")) continue;
    auto text = text_of(f);
    EXPECT_FALSE(std::regex_search(text, asks)) << path << " asks the decision point itself: go through access::require "
                                                          "(or access::consider for what a page offers)";
  }
}

// Family keys and the encryption primitives stay inside crypto/: everything above it seals and
// opens through a FamilyCipher, against a Permit, and never holds a family's key bytes.
TEST(ClausesDoc, OnlyCryptoTouchesKeysAndCiphers) {
  std::regex reaches(R"(crypto/aead\.hpp|\baead_(seal|open)\b|\bcrypto_(aead|secretstream|secretbox|box|stream)_|\bfamily_key\()");
  for (const auto& f : code_files(source_dir / "src")) {
    auto path = in_repo(f);
    if (path.starts_with("src/crypto/")) continue;
    EXPECT_FALSE(std::regex_search(text_of(f), reaches))
        << path << " reaches an encryption primitive or a family key: seal and open through crypto::FamilyCipher";
  }
}

// A family's plain rows (sessions, attendance, the must-not-meet flag) leave the store through
// records/family_rows.hpp, whose readers take a Permit. The other files that name those tables
// read no family's rows out: each is listed with what it does instead.
TEST(ClausesDoc, PlainFamilyRowsAreReadUnderAPermit) {
  const std::map<std::string, std::string> others = {
      {"src/records/family_rows.cpp", "the readers, each taking a Permit"},
      {"src/records/families.cpp",
       "writes sessions, arrivals and cancellations, and checks a new session "
       "overlaps none"},
      {"src/records/rooms.cpp", "counts bookings that take a room at a time"},
      {"src/records/calendar.cpp",
       "finds which family a session belongs to, to ask about it, and who is "
       "on the rota of a day's sessions"},
      {"src/records/rota.cpp",
       "finds which family a session belongs to, to "
       "ask about it, and whether it was cancelled"},
      {"src/records/family_view.cpp", "a family's session notes, read only when its gate allows them"},
      {"src/statistics/statistics.cpp",
       "counts sessions and attendance for a quarter's figures, never one "
       "family's rows"},
      {"src/directory/directory.cpp",
       "a list's next session date, kept only for families the list's decision "
       "allows"},
      {"src/retention/engine.cpp", "counts and destroys rows under an approved disposal run's permit"},
      {"src/access/staff.cpp", "reads who is on which rota, as facts for the decision point"},
      {"src/access/facts.cpp",
       "reads the must-not-meet flag as a fact for the "
       "decision point, shown to nobody"},
      {"src/store/family_tables.cpp", "the registry of tables that hold family data"},
  };
  std::regex reads(R"(\b(FROM|JOIN) (contact_sessions|attendance)\b|must_not_meet FROM)");
  for (const auto& f : code_files(source_dir / "src")) {
    auto path = in_repo(f);
    if (others.contains(path)) continue;
    EXPECT_FALSE(std::regex_search(text_of(f), reads))
        << path << " reads a family's sessions, attendance or flag: use records/family_rows.hpp with a Permit";
  }
}

}  // namespace
}  // namespace haven::policy
