// The breach log and the documents over real HTTP (the API): a coordinator records a breach, bad
// input is refused naming the field and writes nothing, management decide and record the report,
// a coordinator may not decide (clause 7), and the documents download as Markdown and PDF.
#include <gtest/gtest.h>

#include "core/working_days.hpp"
#include "support/http_client.hpp"

namespace haven::testing {
namespace {

TEST(BreachesServed, RecordedDecidedAndReportedThroughTheApi) {
  RunningApi haven("birmingham");
  Client amy(haven.port()), raj(haven.port());
  ASSERT_EQ(sign_in_demo(amy, haven, "coord.amy").status, 200);
  ASSERT_EQ(sign_in_demo(raj, haven, "mgmt.raj").status, 200);

  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"found_at":"yesterday","what_happened":"x","categories":["first_name"]})", "found_at"},
           {R"({"found_at":"2026-12-01T10:00:00Z","what_happened":" ","categories":["first_name"]})", "what_happened"},
           {R"({"found_at":"2026-12-01T10:00:00Z","what_happened":"x","categories":["shoe_size"]})", "categories"},
           {R"({"found_at":"2026-12-01T10:00:00Z","what_happened":"x","categories":[]})", "categories"},
           {R"({"found_at":"2026-12-01T10:00:00Z","what_happened":"x","categories":["phone"],"colour":1})",
            "colour"}}) {
    auto refused = amy.post("/api/v1/breaches", body);
    EXPECT_EQ(refused.status, 400) << body;
    EXPECT_NE(refused.body.find(field), std::string::npos) << refused.body;
  }
  EXPECT_EQ(amy.get("/api/v1/breaches").json().as_array().size(), 0u) << "nothing half-written";

  auto made = amy.post("/api/v1/breaches",
                       R"({"found_at":"2026-12-01T10:00:00Z","what_happened":"A register was left on the bus.",)"
                       R"("families":["F0001","F0002"],"categories":["first_name","session_times","first_name"]})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string id(made.json().as_object()["id"].as_string());
  auto shown = amy.get("/api/v1/breaches/" + id).json().as_object();
  EXPECT_EQ(shown["deadline"], "2026-12-04T10:00:00Z") << "72 hours from when it was found";
  EXPECT_EQ(shown["categories"].as_array().size(), 2u) << "each category once";
  EXPECT_EQ(shown["decision"], "undecided");

  auto by_coordinator = amy.post("/api/v1/breaches/" + id + "/decision", R"({"decision":"reportable","reason":"r"})");
  EXPECT_EQ(by_coordinator.status, 403);
  EXPECT_EQ(by_coordinator.json().as_object()["error"].as_object()["clause"], "7");
  auto decided =
      raj.post("/api/v1/breaches/" + id + "/decision", R"({"decision":"reportable","reason":"Names were exposed."})");
  ASSERT_EQ(decided.status, 200) << decided.body;
  EXPECT_EQ(raj.post("/api/v1/breaches/" + id + "/decision", R"({"decision":"not_reportable","reason":"r"})").status,
            409);
  auto reported = raj.post("/api/v1/breaches/" + id + "/report",
                           R"({"reported_at":"2026-12-02T09:00:00Z","ico_reference":"IC-1"})");
  ASSERT_EQ(reported.status, 200) << reported.body;
  auto after = raj.get("/api/v1/breaches/" + id).json().as_object();
  EXPECT_EQ(after["ico_reference"], "IC-1");
  EXPECT_EQ(after["awaiting_action"], false);
  EXPECT_EQ(amy.get("/api/v1/breaches/brc_0000000000000000").status, 404);

  Client sam(haven.port());
  ASSERT_EQ(sign_in_demo(sam, haven, "vol.sam").status, 200);
  auto volunteer = sam.get("/api/v1/breaches");
  EXPECT_EQ(volunteer.status, 403);
  EXPECT_EQ(volunteer.json().as_object()["error"].as_object()["clause"], "7");
}

TEST(BreachesServed, ARequestForRecordsIsLoggedAndItsClockMoved) {
  RunningApi haven("west-wilts");
  Client amy(haven.port());
  ASSERT_EQ(sign_in_demo(amy, haven, "coord.amy").status, 200);
  auto family = amy.get("/api/v1/families/F0001").json().as_object();
  std::string person(family["people"].as_array()[0].as_object()["id"].as_string());
  auto bad = amy.post("/api/v1/records-requests", R"({"family":"F0001","person":")" + person +
                                                      R"(","received_on":"1 May","received_how":"letter"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("received_on"), std::string::npos) << bad.body;
  Day today = london_today();
  auto on = [&](int days_ago) { return format_day(today - std::chrono::days{days_ago}); };
  auto made = amy.post("/api/v1/records-requests", R"({"family":"F0001","person":")" + person + R"(","received_on":")" +
                                                       on(20) + R"(","received_how":"letter"})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string id(made.json().as_object()["id"].as_string());
  ASSERT_EQ(amy.post("/api/v1/records-requests/" + id + "/clock",
                     R"({"event":"stopped","on":")" + on(19) + R"(","waiting_for":"identity"})")
                .status,
            200);
  ASSERT_EQ(
      amy.post("/api/v1/records-requests/" + id + "/clock", R"({"event":"restarted","on":")" + on(9) + R"("})").status,
      200);
  EXPECT_EQ(
      amy.post("/api/v1/records-requests/" + id + "/clock", R"({"event":"paused","on":")" + on(9) + R"("})").status,
      400);
  ASSERT_EQ(
      amy.post("/api/v1/records-requests/" + id + "/extension", R"({"months":1,"reason":"Many records."})").status,
      200);
  auto listed = amy.get("/api/v1/records-requests").json().as_array();
  ASSERT_EQ(listed.size(), 1u);
  auto r = listed[0].as_object();
  EXPECT_EQ(r["received_how"], "letter");
  EXPECT_EQ(std::string(r["due_on"].as_string()),
            format_day(add_working_days(add_months(today - std::chrono::days{9}, 2), 0)))
      << "two months from the day the proof of identity arrived";
  auto closed =
      amy.post("/api/v1/records-requests/" + id + "/close", R"({"outcome":"refused","on":")" + on(0) + R"("})");
  EXPECT_EQ(closed.status, 400) << "a refusal gives its reason";
  EXPECT_NE(closed.body.find("(reason)"), std::string::npos) << closed.body;
  ASSERT_EQ(amy.post("/api/v1/records-requests/" + id + "/close", R"({"outcome":"withdrawn","on":")" + on(0) + R"("})")
                .status,
            200);
  auto one = amy.get("/api/v1/records-requests/" + id);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json().as_object()["outcome"], "withdrawn");
  EXPECT_EQ(r["extended_months"], 1);
}

TEST(BreachesServed, TheDocumentsDownloadAsMarkdownAndPdf) {
  RunningApi haven("west-wilts");
  Client amy(haven.port());
  ASSERT_EQ(sign_in_demo(amy, haven, "coord.amy").status, 200);
  auto md = amy.get("/data-protection/documents/record-of-processing/markdown");
  ASSERT_EQ(md.status, 200);
  EXPECT_EQ(md.headers["content-type"], "text/markdown; charset=utf-8");
  EXPECT_NE(md.headers["content-disposition"].find("record-of-processing-2026.1.md"), std::string::npos);
  EXPECT_NE(md.body.find("# West Wilts Child Contact Centre: record of processing activities"), std::string::npos)
      << md.body.substr(0, 200);
  auto pdf = amy.get("/data-protection/documents/appropriate-policy/pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(amy.get("/data-protection/documents/shopping-list").status, 404);
  EXPECT_EQ(amy.get("/data-protection/documents/record-of-processing/markdown?version=2026.1").body, md.body)
      << "the version in force, named";
  EXPECT_EQ(amy.get("/data-protection/documents/record-of-processing?version=1999.1").status, 404)
      << "a version the centre never had";
  Client sam(haven.port());
  ASSERT_EQ(sign_in_demo(sam, haven, "vol.sam").status, 200);
  EXPECT_EQ(sam.get("/data-protection/documents/record-of-processing/pdf").status, 403);
}

}  // namespace
}  // namespace haven::testing
