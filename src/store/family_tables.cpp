#include "store/family_tables.hpp"

#include <fmt/format.h>

#include <array>

#include "store/rows.hpp"

namespace haven::store {

namespace {

constexpr std::string_view of_sessions = "session_id IN (SELECT id FROM contact_sessions WHERE family_id = :f)";
// A parent's or a referrer's acknowledgement of the policy (clause 9). One :f only, for SOCI's binding.
constexpr std::string_view of_people =
    "EXISTS (SELECT 1 FROM families fam WHERE fam.id = :f AND ((subject_kind = 'person' AND subject_id IN "
    "(SELECT id FROM people WHERE family_id = fam.id)) OR (subject_kind = 'referral' AND subject_id IN "
    "(SELECT id FROM referrals WHERE family_id = fam.id))))";

// What a subject access export says of records it leaves out. Said whether or not the family has
// any such record, so that the export never tells that one exists.
constexpr std::string_view staff_on_duty = "The names of the volunteers and staff on duty at each session.";
constexpr std::string_view mention_others =
    "Internal session notes and accident book entries, which mention other people; the coordinator can "
    "provide a copy with other people's details removed.";
constexpr std::string_view agencies_own =
    "Rooms booked for another agency's assessment or meeting, and the centre's agreement to it: these "
    "are the agency's to disclose.";
constexpr std::string_view safeguarding =
    "Safeguarding records, if any: the safeguarding lead reviews them before anything is released, "
    "since the law allows them to be withheld where releasing them would put someone at risk.";
constexpr std::string_view held_for_law =
    "Any instruction to keep the family's records for legal reasons, which is the centre's own.";

constexpr std::string_view case_papers =
    "The risk assessment and contact plan, which weigh what other people have said; the coordinator can "
    "provide a copy with other people's details removed.";

constexpr std::string_view complaints_made =
    "Complaints made to the centre about the family's case and how they were answered, which may mention other "
    "people; the coordinator can provide a copy with other people's details removed.";

constexpr std::string_view as_received =
    "The referral form as the centre received it, which may mention other people; the coordinator can "
    "provide a copy with other people's details removed.";

constexpr std::array<FamilyTable, 26> registry{{
    {"rota", of_sessions, "attendance", OnDisposal::delete_rows, InExport::withheld, staff_on_duty},
    {"attendance_amendments", of_sessions, "attendance", OnDisposal::delete_rows, InExport::shown, "attendance"},
    {"session_notes", "family_id = :f", "session_notes", OnDisposal::special, InExport::withheld, mention_others,
     "note"},
    {"attendance", of_sessions, "attendance", OnDisposal::special, InExport::shown, "attendance"},
    {"room_bookings", "family_id = :f", "family_records", OnDisposal::delete_rows, InExport::withheld, agencies_own,
     "booking"},
    {"assessment_approvals", "family_id = :f", "family_records", OnDisposal::delete_rows, InExport::withheld,
     agencies_own},
    {"contact_sessions", "family_id = :f", "attendance", OnDisposal::special, InExport::shown, "attendance", "session"},
    {"consents", "family_id = :f", "family_records", OnDisposal::special, InExport::shown, "consents", "consent"},
    {"disclosures", "family_id = :f", "family_records", OnDisposal::special, InExport::shown, "disclosures",
     "disclosure"},
    {"concern_reads", "concern_id IN (SELECT id FROM concerns WHERE family_id = :f)", "safeguarding_records",
     OnDisposal::delete_rows, InExport::not_personal, "which member of staff has read a concern, and when"},
    {"concerns", "family_id = :f", "safeguarding_records", OnDisposal::special, InExport::withheld, safeguarding,
     "concern"},
    {"journey_steps", "family_id = :f", "family_records", OnDisposal::delete_rows, InExport::shown, "journey"},
    {"family_plans", "family_id = :f", "family_records", OnDisposal::delete_rows, InExport::withheld, case_papers,
     "plan"},
    {"legal_holds", "family_id = :f", "family_records", OnDisposal::delete_rows, InExport::withheld, held_for_law,
     "hold"},
    {"policy_acknowledgements", of_people, "family_records", OnDisposal::delete_rows, InExport::shown,
     "acknowledgements"},
    {"records_request_pauses", "request_id IN (SELECT id FROM records_requests WHERE family_id = :f)", "family_records",
     OnDisposal::delete_rows, InExport::not_personal,
     "the days the clock of a request for records stood still, waiting for proof of identity or a clearer request"},
    {"complaints", "family_id = :f", "family_records", OnDisposal::delete_rows, InExport::withheld, complaints_made,
     "complaint"},
    {"records_requests", "family_id = :f", "family_records", OnDisposal::delete_rows, InExport::not_personal,
     "the days a parent asked for their records and was answered, kept to show the time limit was met",
     "records_request"},
    {"portal_codes", "family_id = :f", "family_records", OnDisposal::delete_rows, InExport::not_personal,
     "one-time codes for signing in to the portal, kept only as hashes"},
    {"portal_sessions", "family_id = :f", "family_records", OnDisposal::delete_rows, InExport::not_personal,
     "a parent's signed-in sessions in the portal, kept only as hashes"},
    {"applications", "family_id = :f", "referral_records", OnDisposal::delete_rows, InExport::withheld, as_received,
     "application"},
    {"referrals", "family_id = :f", "referral_records", OnDisposal::special, InExport::shown, "referrals", "referral"},
    {"people", "family_id = :f", "family_records", OnDisposal::special, InExport::shown, "details", "person"},
    {"accidents", "family_id = :f", "accident_book", OnDisposal::kept, InExport::withheld, mention_others, "accident"},
    {"disposal_run_families", "family_id = :f", "family_records", OnDisposal::kept, InExport::not_personal,
     "the centre's record of destroying records, kept without personal data"},
    {"families", "id = :f", "family_records", OnDisposal::kept, InExport::shown, "family_reference", "family"},
}};

}  // namespace

std::span<const FamilyTable> family_tables() { return registry; }

const std::string& family_resources_select() {
  static const std::string select = [] {
    std::string out;
    for (const auto& t : registry) {
      if (t.audit_name.empty()) continue;
      std::string_view family = t.of_family == "id = :f" ? "id" : "family_id";
      out += fmt::format("{}SELECT '{}:' || id AS resource, {} AS family_id FROM {}", out.empty() ? "" : " UNION ALL ",
                         t.audit_name, family, t.table);
    }
    return out;
  }();
  return select;
}

long long count_family_rows(Database& db, const FamilyTable& t, const std::string& family_id) {
  return value<long long>(db, fmt::format("SELECT COUNT(*) FROM {} WHERE {}", t.table, t.of_family), family_id)
      .value_or(0);
}

}  // namespace haven::store
