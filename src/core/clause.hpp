// The clause catalogue: every promise a child contact centre's confidentiality policy makes,
// with the id that denials, decisions and audit entries cite ("E1", "4", ...). It sits in core
// because every error value may name the clause it was refused under (core/error.hpp); what
// each clause means is decided in policy/.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace haven {

enum class Clause {
  welfare_exception,     // E1
  violence_exception,    // E2
  no_disclosure,         // 1
  no_court_reports,      // 2
  attendance_to_referrers,  // 3
  contact_details_sealed,   // 4
  assessments_need_agreement,  // 5
  dbs_before_volunteering,     // 6
  kept_securely,               // 7
  retention,                   // 8
  everyone_told,               // 9
  yearly_review,               // 10
};

struct ClauseInfo {
  Clause clause;
  std::string_view id;     // as cited: "E1", "4"
  std::string_view title;  // a few words
  std::string_view name;   // the enum's name, as grepped for and as docs/clauses.md heads it
};

inline constexpr std::array<ClauseInfo, 12> clause_catalogue{{
    {Clause::welfare_exception, "E1", "Child welfare exception", "welfare_exception"},
    {Clause::violence_exception, "E2", "Violence exception", "violence_exception"},
    {Clause::no_disclosure, "1", "Family details stay in the centre", "no_disclosure"},
    {Clause::no_court_reports, "2", "No reports for family proceedings", "no_court_reports"},
    {Clause::attendance_to_referrers, "3", "Attendance dates and times for referring agencies",
     "attendance_to_referrers"},
    {Clause::contact_details_sealed, "4", "A parent's address and phone stay private", "contact_details_sealed"},
    {Clause::assessments_need_agreement, "5", "No assessments on the premises without agreement",
     "assessments_need_agreement"},
    {Clause::dbs_before_volunteering, "6", "DBS check before volunteering", "dbs_before_volunteering"},
    {Clause::kept_securely, "7", "Records kept securely", "kept_securely"},
    {Clause::retention, "8", "Unused records are destroyed", "retention"},
    {Clause::everyone_told, "9", "Everyone is told of the policy", "everyone_told"},
    {Clause::yearly_review, "10", "Reviewed every year", "yearly_review"},
}};

constexpr const ClauseInfo& info(Clause c) {
  for (const auto& i : clause_catalogue)
    if (i.clause == c) return i;
  return clause_catalogue[0];
}

constexpr std::string_view id_of(Clause c) { return info(c).id; }

// The id as cited in errors and audit entries ("E1", "4"). Nowhere else in Haven is a clause id
// written as a literal: cite the enum, so that grepping a clause's name finds every place it is
// enforced (a test holds the code to this).
inline std::string cite(Clause c) { return std::string(id_of(c)); }
// As above; empty when no clause is named.
inline std::string cite(const std::optional<Clause>& c) { return c ? cite(*c) : std::string(); }

// The clause an id names ("E1", "4"), if any.
constexpr std::optional<Clause> clause_of_id(std::string_view id) {
  for (const auto& i : clause_catalogue)
    if (i.id == id) return i.clause;
  return std::nullopt;
}

}  // namespace haven
