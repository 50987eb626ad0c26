// The haven binary itself, run as a user would run it, on real files in a temporary folder.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/time.hpp"
#include "support/temp_workspace.hpp"

namespace haven::cli {
namespace {

struct Outcome {
  int exit = -1;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  // Runs `haven ARGS` in the temporary folder; stdout and stderr captured apart.
  Outcome haven(const std::string& args) {
    return shell(std::string(HAVEN_BINARY) + " " + args);
  }
  Outcome shell(const std::string& command) {
    std::string err_file = dir_.file("stderr.txt");
    std::string full = "cd '" + dir_.path().string() + "' && " + command + " 2>'" + err_file + "'";
    Outcome r;
    FILE* pipe = popen(full.c_str(), "r");
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    int status = pclose(pipe);
    r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(err_file);
    r.err.assign(std::istreambuf_iterator<char>(err), {});
    return r;
  }
  void demo() { ASSERT_EQ(haven("demo").exit, 0); }

  haven::testing::TempDir dir_;
};

TEST_F(CliTest, VolunteerNeverSeesAnAddressOrPhone) {
  demo();
  for (const char* family : {"F0001", "F0002", "F0003"}) {
    for (const char* format : {"", " --json"}) {
      auto r = haven(std::string("family show ") + family + " --as vol.sam" + format);
      ASSERT_EQ(r.exit, 0) << r.err;
      for (const char* secret : {"Larkspur", "Wrenfield", "Osier", "Tealby", "01632", "07700", "example.org",
                                 "Pemberton", "Okafor"})
        EXPECT_EQ(r.out.find(secret), std::string::npos) << family << format << ": " << secret;
    }
  }
  auto json = boost::json::parse(haven("family show F0001 --as vol.sam --json").out).as_object();
  for (const auto& person : json["people"].as_array()) {
    const auto& fields = person.as_object().at("fields").as_object();
    EXPECT_TRUE(fields.contains("first_name"));
    EXPECT_FALSE(fields.contains("address"));
    EXPECT_FALSE(fields.contains("phone"));
  }
  EXPECT_TRUE(json["must_not_meet"].as_bool());
}

TEST_F(CliTest, PortalIndexEmailsSaysWhatItDid) {
  demo();
  auto r = haven("portal index-emails --as coord.amy");
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_NE(r.out.find("can already sign in"), std::string::npos) << r.out;
  EXPECT_EQ(haven("portal index-emails").exit, 2) << "it says who asks";
}

TEST_F(CliTest, CoordinatorSeesContactDetails) {
  demo();
  auto r = haven("family show F0001 --as coord.amy");
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_NE(r.out.find("14 Larkspur Row"), std::string::npos);
  EXPECT_NE(r.out.find("01632 960001"), std::string::npos);
}

TEST_F(CliTest, RefusalNamesTheClauseAndExitsThree) {
  demo();
  auto r = haven("family show F0001 --as vol.new");
  EXPECT_EQ(r.exit, 3);
  EXPECT_NE(r.err.find("clause 6"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  auto j = haven("family show F0001 --as admin.kim --json");
  EXPECT_EQ(j.exit, 3);
  auto error = boost::json::parse(j.out).as_object()["error"].as_object();
  EXPECT_EQ(error["clause"].as_string(), "7");
  EXPECT_EQ(error["kind"].as_string(), "denied");
}

TEST_F(CliTest, AFamilysCaseIsMovedOnInItsTurnFromTheCommandLine) {
  demo();
  auto shown = haven("family journey F0001 --as coord.amy --json");
  ASSERT_EQ(shown.exit, 0) << shown.err;
  auto journey = boost::json::parse(shown.out).as_object();
  EXPECT_EQ(journey["stage"].as_string(), "active") << "the demo's families are under way";
  EXPECT_TRUE(journey["contact_plan"].as_object().contains("text"));

  std::string today = format_day(london_today());
  auto reviewed = haven("family step F0001 reviewed --on " + today + " --as coord.amy");
  ASSERT_EQ(reviewed.exit, 0) << reviewed.err;
  EXPECT_EQ(reviewed.out, "Recorded: Contact reviewed on " + format_day_words(london_today()) + ".\n");
  auto shown_again = haven("family journey F0001 --as coord.amy");
  EXPECT_NE(shown_again.out.find("Reviewed: " + format_day_words(london_today())), std::string::npos)
      << shown_again.out;
  EXPECT_EQ(shown_again.out.find("resident_parent"), std::string::npos) << "no internal names on screen";
  auto out_of_turn = haven("family step F0001 waiting_list --on " + today + " --as coord.amy");
  EXPECT_EQ(out_of_turn.exit, 2);
  EXPECT_NE(out_of_turn.err.find("waiting list"), std::string::npos) << out_of_turn.err;
  auto bad_day = haven("family step F0001 reviewed --on 5/12/2026 --as coord.amy");
  EXPECT_EQ(bad_day.exit, 2);
  EXPECT_NE(bad_day.err.find("--on"), std::string::npos) << bad_day.err;
  auto no_outcome = haven("family step F0001 closed --on " + today + " --as mgmt.raj");
  EXPECT_EQ(no_outcome.exit, 2) << "a closure says how the case ended";
  EXPECT_NE(no_outcome.err.find("--outcome"), std::string::npos) << no_outcome.err;
  auto volunteer = haven("family journey F0001 --as vol.sam");
  EXPECT_EQ(volunteer.exit, 3);
  EXPECT_NE(volunteer.err.find("clause"), std::string::npos) << volunteer.err;
  EXPECT_TRUE(volunteer.out.empty());
  auto closed = haven("family step F0001 closed --on " + today + " --outcome own_arrangements --as mgmt.raj");
  ASSERT_EQ(closed.exit, 0) << closed.err;
  auto after = boost::json::parse(haven("family journey F0001 --as mgmt.raj --json").out).as_object();
  EXPECT_EQ(after["stage"].as_string(), "closed");
  EXPECT_EQ(after["outcome"].as_string(), "own_arrangements");
  EXPECT_EQ(haven("family waiting --as coord.amy").out, "No family is waiting for a place.\n");
}

TEST_F(CliTest, AuditVerifyCatchesTampering) {
  demo();
  haven("family show F0002 --as vol.sam");
  auto ok = haven("audit verify");
  ASSERT_EQ(ok.exit, 0) << ok.err;
  EXPECT_NE(ok.out.find("Audit chain intact"), std::string::npos);
  EXPECT_EQ(ok.out.find(", 1 signed checkpoints"), std::string::npos) << ok.out;
  EXPECT_EQ(ok.out.find("in 1 chains"), std::string::npos) << ok.out;
  auto tamper = shell("sqlite3 haven.db \"UPDATE audit_log SET outcome = 'allow' WHERE seq = 3\"");
  ASSERT_EQ(tamper.exit, 0) << tamper.err;
  auto broken = haven("audit verify");
  EXPECT_EQ(broken.exit, 5);
  EXPECT_NE(broken.err.find("audit chain broken at entry 3"), std::string::npos) << broken.err;
  EXPECT_EQ(haven("audit verify").exit, 5);
  auto logged = shell("sqlite3 haven.db \"SELECT COUNT(*) FROM breaches WHERE found_by = 'haven'\"");
  EXPECT_EQ(logged.out, "1\n") << "the break is in the breach log, once however often it is found";
  auto status = haven("status");
  EXPECT_EQ(status.exit, 5) << "a broken chain is not a healthy status";
  EXPECT_NE(status.out.find("BROKEN"), std::string::npos) << status.out;
}

TEST_F(CliTest, FilesHavenKeepsAreReadableByItsOwnAccountOnly) {
  demo();
  haven("family show F0002 --as vol.sam");
  for (const char* name : {"haven.db", "haven.db-wal", "haven.keys", "haven.master", "haven.witness"}) {
    auto path = dir_.file(name);
    if (!std::filesystem::exists(path)) continue;  // a journal file SQLite has already folded back
    using std::filesystem::perms;
    auto mode = std::filesystem::status(path).permissions();
    EXPECT_EQ(mode & (perms::group_all | perms::others_all), perms::none) << name << " is readable by others";
  }
  EXPECT_TRUE(std::filesystem::exists(dir_.file("haven.db")));
  EXPECT_TRUE(std::filesystem::exists(dir_.file("haven.witness"))) << "the audit chain's witness beside the master key";
}

TEST_F(CliTest, BadPresetIsRefusedWithKeyAndLineAndCreatesNothing) {
  auto text = *read_text_file(haven::testing::shipped_preset_path("west-wilts"));
  text.replace(text.find("warn_requester = true"), 21, "warn_requester = false");
  std::ofstream(dir_.file("bad.toml")) << text;
  auto check = haven("policy check bad.toml");
  EXPECT_EQ(check.exit, 2);
  EXPECT_NE(check.err.find("bad.toml:"), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("attendance.warn_requester: contradicts"), std::string::npos) << check.err;
  auto init = haven("init --preset bad.toml");
  EXPECT_EQ(init.exit, 2);
  EXPECT_FALSE(std::filesystem::exists(dir_.file("haven.db")));
  EXPECT_FALSE(std::filesystem::exists(dir_.file("haven.master")));
}

TEST_F(CliTest, ExistingDatabaseIsNeverOverwritten) {
  demo();
  auto size = std::filesystem::file_size(dir_.file("haven.db"));
  auto again = haven("demo");
  EXPECT_EQ(again.exit, 2);
  EXPECT_NE(again.err.find("already exists"), std::string::npos);
  EXPECT_EQ(std::filesystem::file_size(dir_.file("haven.db")), size);
  EXPECT_EQ(haven("family list --as coord.amy").exit, 0);
}

TEST_F(CliTest, PolicyRenderAndStatus) {
  auto render = haven("policy render west-wilts");
  ASSERT_EQ(render.exit, 0) << render.err;
  EXPECT_EQ(render.out.rfind("# West Wilts Child Contact Centre: confidentiality policy", 0), 0u);
  demo();
  auto status = haven("status --json");
  ASSERT_EQ(status.exit, 0) << status.err;
  auto j = boost::json::parse(status.out).as_object();
  EXPECT_TRUE(j["audit_ok"].as_bool());
  EXPECT_EQ(j["centres"].as_array().size(), 1u);
  EXPECT_EQ(j["centres"].as_array()[0].as_object()["families"].as_int64(), 3);
}

TEST_F(CliTest, UserAddResetDisable) {
  demo();
  EXPECT_EQ(haven("user add coord.bea --role coordinator --dbs-level enhanced").exit, 2)
      << "a DBS level comes only from a recorded check, never from account creation";
  auto added = haven("user add coord.bea --name Bea --role coordinator --json");
  ASSERT_EQ(added.exit, 0) << added.err;
  auto j = boost::json::parse(added.out).as_object();
  EXPECT_FALSE(j.contains("password")) << "a role that waits gets its password from its holder";
  EXPECT_FALSE(j.contains("totp_uri"));
  EXPECT_FALSE(j["role_in_force"].as_bool()) << "the centre has a manager, who approves the new role";
  EXPECT_EQ(haven("user approve coord.bea --as coord.amy").exit, 3) << "only a manager approves a role";
  auto approved = haven("user approve coord.bea --as mgmt.raj --json");
  ASSERT_EQ(approved.exit, 0) << approved.err;
  EXPECT_TRUE(boost::json::parse(approved.out).as_object()["role_in_force"].as_bool());
  EXPECT_EQ(boost::json::parse(approved.out).as_object()["setup_code"].as_string().size(), 19u)
      << "the approving manager is given the set-up code to hand over";
  EXPECT_EQ(haven("user add coord.bea --role coordinator").exit, 2) << "handles are unique";

  auto weak = shell("echo short | " + std::string(HAVEN_BINARY) + " user add vol.kit --role volunteer --password-stdin");
  EXPECT_EQ(weak.exit, 2);
  EXPECT_NE(weak.err.find("at least 12 characters"), std::string::npos) << weak.err;

  auto manager = shell("echo 'a fine long passphrase' | " + std::string(HAVEN_BINARY) +
                       " user add mgmt.sol --role management --password-stdin");
  ASSERT_EQ(manager.exit, 0) << manager.err;
  EXPECT_EQ(manager.out.find("otpauth://"), std::string::npos) << "its holder enrols the second factor at set-up";
  EXPECT_EQ(manager.out.find("a fine long passphrase"), std::string::npos) << "a chosen password is not echoed";
  EXPECT_NE(manager.out.find("haven user approve mgmt.sol"), std::string::npos)
      << "a second manager waits for the first one's approval";

  EXPECT_EQ(haven("user disable coord.bea").exit, 0);
  auto reset = haven("user reset coord.bea");
  ASSERT_EQ(reset.exit, 0) << reset.err;
  EXPECT_NE(reset.out.find("Password (shown once): "), std::string::npos);
  EXPECT_EQ(haven("user reset nobody.at.all").exit, 4);
  EXPECT_TRUE(boost::json::parse(haven("audit verify --json").out).as_object()["ok"].as_bool());
}

TEST_F(CliTest, RetentionRunAndBackupFromTheCommandLine) {
  demo();
  ASSERT_EQ(shell("sqlite3 haven.db \"UPDATE families SET last_used_at = '2019-01-01T10:00:00Z' WHERE reference = 'F0003'\"").exit, 0);
  ASSERT_EQ(haven("backup --to before.havenbak --keys-to keys.havenbak").exit, 0);
  EXPECT_EQ(haven("backup").exit, 2);
  auto preview = haven("retention preview --as coord.amy --json");
  ASSERT_EQ(preview.exit, 0) << preview.err;
  auto due = boost::json::parse(preview.out).as_object()["due"].as_array();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].as_object()["reference"], "F0003");
  EXPECT_EQ(haven("retention preview --as vol.sam").exit, 3);
  auto proposed = haven("retention propose --as coord.amy --json");
  ASSERT_EQ(proposed.exit, 0) << proposed.err;
  std::string run(boost::json::parse(proposed.out).as_object()["run"].as_string());
  EXPECT_EQ(haven("retention execute " + run + " --as mgmt.raj --confirm").exit, 3) << "not approved";
  auto shown = haven("retention run " + run + " --as mgmt.raj --json");
  ASSERT_EQ(shown.exit, 0) << shown.err;
  auto details = boost::json::parse(shown.out).as_object();
  EXPECT_FALSE(details["families"].as_array().empty()) << "the families the approver is asked to check";
  EXPECT_FALSE(details["destroys"].as_array().empty());
  auto unconfirmed = haven("retention approve " + run + " --as mgmt.raj");
  EXPECT_EQ(unconfirmed.exit, 2);
  EXPECT_NE(unconfirmed.err.find("--confirm: add it once you have checked the families"), std::string::npos)
      << unconfirmed.err;
  ASSERT_EQ(haven("retention approve " + run + " --as mgmt.raj --confirm").exit, 0);
  EXPECT_EQ(haven("retention execute " + run + " --as mgmt.raj").exit, 2) << "not without --confirm";
  auto executed = haven("retention execute " + run + " --as mgmt.raj --confirm");
  ASSERT_EQ(executed.exit, 0) << executed.err;
  EXPECT_NE(executed.err.find("disposing: 1/1 families"), std::string::npos) << executed.err;
  EXPECT_NE(executed.out.find("Certificate of destruction"), std::string::npos);
  EXPECT_EQ(haven("audit verify").exit, 0);

  ASSERT_EQ(haven("restore --from before.havenbak --to old.db").exit, 0);
  const std::string old = " --db old.db --keys haven.keys --master-key haven.master";
  // Birmingham keeps referral records, so the family's key was replaced: the old copy's
  // ciphertext no longer opens under any key there is.
  auto disposed = haven("family show F0003 --as coord.amy" + old);
  EXPECT_EQ(disposed.exit, 5) << disposed.err;
  EXPECT_NE(disposed.err.find("failed its integrity check"), std::string::npos) << disposed.err;
  EXPECT_EQ(haven("family show F0002 --as coord.amy" + old).exit, 0);
  EXPECT_EQ(haven("restore --from before.havenbak --to old.db").exit, 2) << "never overwrites";
}

TEST_F(CliTest, UsageErrorsAreOneLineAndExitTwo) {
  auto r = haven("family show");
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err.rfind("haven: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  auto missing = haven("status --db nowhere.db");
  EXPECT_EQ(missing.exit, 4);
  EXPECT_NE(missing.err.find("no Haven database at nowhere.db"), std::string::npos);
}

}  // namespace
}  // namespace haven::cli
