// The registry of every table that holds a family's data: its name, how its rows reach a family,
// the record category (clause 8) they belong to, and how they appear when a person asks for their
// own records. Disposal, subject access and the many-centres isolation test are driven by it, and
// a test fails when a migration adds a table with a family_id, session_id or subject_id column
// that is not listed here.
//
// Order matters: a table comes before the tables its rows refer to, so deleting in this order
// never breaks a foreign key. Thread-safe: constant data.
#pragma once
#include <span>
#include <string>
#include <string_view>

#include "store/database.hpp"

namespace haven::store {

// What a disposal does with a table's rows when the preset does not keep its category.
enum class OnDisposal {
  delete_rows,    // the rows go (the generic rule)
  special,        // retention's own handling: values cleared or re-sealed, tombstones kept
  kept,           // never destroyed: the accident book, the run's own bookkeeping, the family's tombstone
};

// How a table's rows appear in a subject access export (a person's own records, for them).
enum class InExport {
  shown,         // the export has a section of the person's own rows: `export_note` names it
  withheld,      // left out, and the export says so: `export_note` is the sentence it says
  not_personal,  // nothing about the person beyond what a section shows: `export_note` says why
};

struct FamilyTable {
  std::string_view table;
  std::string_view of_family;  // SQL condition on the table's rows, with :f the family id
  std::string_view category;   // a policy::RecordCategory name
  OnDisposal on_disposal;
  InExport in_export;
  std::string_view export_note;
  // How the audit trail names one of its rows ("session" for "session:<id>"), for tables whose
  // rows have an id and a family_id (or are the families); empty when it names none.
  std::string_view audit_name = {};
};

// Every table that holds family data, children before the tables they refer to.
std::span<const FamilyTable> family_tables();

// A SELECT of (resource, family_id) pairs: each name the audit trail gives a row of a family
// ("session:ses_..."), with the family it belongs to. For narrowing the trail to one family.
[[nodiscard]] const std::string& family_resources_select();

// How many rows of `t` belong to the family.
[[nodiscard]] long long count_family_rows(Database& db, const FamilyTable& t, const std::string& family_id);

}  // namespace haven::store
