// Importing referrals and families from a spreadsheet (CSV, one row per person).
//
// Columns, in this order, with this header:
//   family,party,first_name,surname,date_of_birth,address,phone,email,must_not_meet,
//   referral_agency,referrer_name,referred_on,referrer_acts_for
// Rows with the same `family` key make one family. must_not_meet (yes/no) and the referral
// columns may sit on any of a family's rows, once; referrer_acts_for = yes on a parent's row
// says the referrer acts for that parent. Every row is checked first and every problem reported
// as "row N, column: what is wrong". A dry run stops there. An import with any problem writes
// nothing, and an import that fails part-way is rolled back whole.
#pragma once
#include <string>
#include <vector>

#include "access/staff.hpp"
#include "app/workspace.hpp"
#include "records/staff.hpp"

namespace haven::records {

struct ImportReport {
  bool dry_run = true;
  int families = 0, people = 0, referrals = 0;
  std::vector<std::string> problems;          // empty when the file is good
  std::vector<std::string> created_references;  // after a real import
};

Result<ImportReport> import_families_csv(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                         std::string_view csv, bool dry_run);

// Splits CSV text into rows of cells (RFC 4180 quoting); an unterminated quote is an error.
Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text);

}  // namespace haven::records
