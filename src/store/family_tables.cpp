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

constexpr std::array<FamilyTable, 16> registry{{
    {"rota", of_sessions, "attendance", OnDisposal::delete_rows},
    {"session_notes", "family_id = :f", "session_notes", OnDisposal::special},
    {"attendance", of_sessions, "attendance", OnDisposal::special},
    {"room_bookings", "family_id = :f", "family_records", OnDisposal::delete_rows},
    {"assessment_approvals", "family_id = :f", "family_records", OnDisposal::delete_rows},
    {"contact_sessions", "family_id = :f", "attendance", OnDisposal::special},
    {"consents", "family_id = :f", "family_records", OnDisposal::special},
    {"disclosures", "family_id = :f", "family_records", OnDisposal::special},
    {"concerns", "family_id = :f", "safeguarding_records", OnDisposal::special},
    {"legal_holds", "family_id = :f", "family_records", OnDisposal::delete_rows},
    {"policy_acknowledgements", of_people, "family_records", OnDisposal::delete_rows},
    {"referrals", "family_id = :f", "referral_records", OnDisposal::special},
    {"people", "family_id = :f", "family_records", OnDisposal::special},
    {"accidents", "family_id = :f", "accident_book", OnDisposal::kept},
    {"disposal_run_families", "family_id = :f", "family_records", OnDisposal::kept},
    {"families", "id = :f", "family_records", OnDisposal::kept},
}};

}  // namespace

std::span<const FamilyTable> family_tables() { return registry; }

long long count_family_rows(soci::session& sql, const FamilyTable& t, const std::string& family_id) {
  long long n = 0;
  std::string id = family_id;
  sql << fmt::format("SELECT COUNT(*) FROM {} WHERE {}", t.table, t.of_family), soci::use(id), soci::into(n);
  return n;
}

}  // namespace haven::store
