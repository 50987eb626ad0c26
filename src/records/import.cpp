#include "records/import.hpp"

#include <fmt/format.h>

#include <map>

#include "access/access.hpp"
#include "core/text.hpp"

#include "records/audited_write.hpp"
#include "records/families.hpp"

namespace haven::records {

namespace {

const std::vector<std::string> columns = {"family",        "party",         "first_name",  "surname",
                                          "date_of_birth", "address",       "phone",       "email",
                                          "must_not_meet", "referral_agency", "referrer_name", "referred_on",
                                          "referrer_acts_for"};

enum Column { family, party, first_name, surname, dob, address, phone, email, must_not_meet, agency, referrer,
              referred_on, acts_for };

struct PlannedPerson {
  int row;
  NewPerson person;
  bool referrer_acts_for = false;
};

struct PlannedFamily {
  std::string key;
  std::string must_not_meet;  // "", yes, no
  int referral_row = 0;
  NewReferral referral;
  bool has_referral = false;
  std::vector<PlannedPerson> people;
};

bool yes_no(const std::string& s) { return s.empty() || s == "yes" || s == "no"; }

}  // namespace

Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        cell += ch;
      }
      continue;
    }
    if (ch == '"' && cell.empty()) {
      quoted = true;
      any = true;
    } else if (ch == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      any = true;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !cell.empty()) {
        row.push_back(std::move(cell));
        rows.push_back(std::move(row));
      }
      row.clear();
      cell.clear();
      any = false;
    } else {
      cell += ch;
      any = true;
    }
  }
  if (quoted) return fail(ErrorKind::invalid_input, "the file ends inside a quoted cell");
  if (any || !cell.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<ImportReport> import_families_csv(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                         std::string_view csv, bool dry_run) {
  // Asked once up front, so a refusal is audited outside the batch that would be rolled back.
  auto allowed = access::require(ws, c, access::record(c, by, policy::Item::referral_details, "*"), {"import_families", "centre:" + c.id});
  if (!allowed) return std::unexpected(allowed.error());
  auto rows = parse_csv(csv);
  if (!rows) return std::unexpected(rows.error());
  ImportReport report;
  report.dry_run = dry_run;
  if (rows->empty() || (*rows)[0] != columns)
    return fail(ErrorKind::invalid_input, "the first row must be the header: " + fmt::format("{}", fmt::join(columns, ",")));

  std::vector<PlannedFamily> families;
  std::map<std::string, size_t> index;
  auto problem = [&report](int row, const std::string& column, const std::string& what) {
    report.problems.push_back(fmt::format("row {}, {}: {}", row, column, what));
  };
  for (size_t r = 1; r < rows->size(); ++r) {
    int n = static_cast<int>(r) + 1;  // as a spreadsheet numbers it
    const auto& cells = (*rows)[r];
    if (cells.size() != columns.size()) {
      problem(n, "row", fmt::format("has {} cells, expected {}", cells.size(), columns.size()));
      continue;
    }
    bool readable = true;
    for (size_t k = 0; k < cells.size(); ++k)
      if (!is_valid_utf8(cells[k])) {
        problem(n, columns[k], "holds characters that are not valid text (UTF-8); save the file as UTF-8");
        readable = false;
      }
    if (!readable) continue;
    if (cells[family].empty()) {
      problem(n, "family", "is empty");
      continue;
    }
    auto [it, added] = index.emplace(cells[family], families.size());
    if (added) families.push_back({cells[family], "", 0, {}, false, {}});
    auto& f = families[it->second];

    PlannedPerson p{n, {}, cells[acts_for] == "yes"};
    auto p_party = parse_enum<Party>(cells[party]);
    if (!p_party) problem(n, "party", "is one of " + allowed_names<Party>());
    else p.person.party = *p_party;
    if (cells[first_name].empty()) problem(n, "first_name", "is empty");
    if (p_party == Party::child && !parse_day(cells[dob])) problem(n, "date_of_birth", "a child needs one (YYYY-MM-DD)");
    else if (!cells[dob].empty() && !parse_day(cells[dob])) problem(n, "date_of_birth", "is not a YYYY-MM-DD date");
    if (!yes_no(cells[must_not_meet])) problem(n, "must_not_meet", "is yes, no or empty");
    if (!yes_no(cells[acts_for])) problem(n, "referrer_acts_for", "is yes, no or empty");
    if (p.referrer_acts_for && p_party == Party::child) problem(n, "referrer_acts_for", "a referrer acts for a parent");
    if (!cells[must_not_meet].empty()) {
      if (!f.must_not_meet.empty() && f.must_not_meet != cells[must_not_meet])
        problem(n, "must_not_meet", "differs from an earlier row of the same family");
      f.must_not_meet = cells[must_not_meet];
    }
    if (!cells[agency].empty()) {
      auto kind = parse_enum<AgencyKind>(cells[agency]);
      if (!kind) problem(n, "referral_agency", "is one of " + allowed_names<AgencyKind>());
      if (!parse_day(cells[referred_on])) problem(n, "referred_on", "a referral needs its date (YYYY-MM-DD)");
      if (f.has_referral) problem(n, "referral_agency", "the family's referral is already on row " + std::to_string(f.referral_row));
      f.has_referral = true;
      f.referral_row = n;
      f.referral = {kind.value_or(AgencyKind::other), cells[referrer], "", cells[referred_on]};
    } else if (!cells[referrer].empty() || !cells[referred_on].empty()) {
      problem(n, "referral_agency", "is needed when a referrer or referral date is given");
    }
    p.person.first_name = cells[first_name];
    p.person.surname = cells[surname];
    p.person.date_of_birth = cells[dob];
    p.person.address = cells[address];
    p.person.phone = cells[phone];
    p.person.email = cells[email];
    f.people.push_back(std::move(p));
  }
  for (const auto& f : families) {
    int acting = 0;
    for (const auto& p : f.people) acting += p.referrer_acts_for ? 1 : 0;
    if (acting > 1) problem(f.people.front().row, "referrer_acts_for", "a referrer acts for one parent only");
    if (acting && !f.has_referral) problem(f.people.front().row, "referrer_acts_for", "the family has no referral");
  }
  report.families = static_cast<int>(families.size());
  for (const auto& f : families) {
    report.people += static_cast<int>(f.people.size());
    report.referrals += f.has_referral ? 1 : 0;
  }
  if (rows->size() == 1) report.problems.push_back("the file has no rows below the header");
  if (dry_run || !report.problems.empty()) return report;

  // One outer transaction: each write below is a savepoint inside it.
  return store::guard_storage([&]() -> Result<ImportReport> {
    store::WriteTransaction tx(ws.db());
    for (const auto& f : families) {
      auto made = create_family(ws, c, by, f.must_not_meet == "yes");
      if (!made) return fail(made.error().kind, fmt::format("family {}: {}", f.key, made.error().message), made.error().clause);
      std::string acting_for;
      for (const auto& p : f.people) {
        auto id = add_person(ws, c, by, made->id, p.person);
        if (!id) return fail(id.error().kind, fmt::format("row {}: {}", p.row, id.error().message), id.error().clause);
        if (p.referrer_acts_for) acting_for = *id;
      }
      if (f.has_referral) {
        auto referral = f.referral;
        referral.acting_for = acting_for;
        auto id = add_referral(ws, c, by, made->id, referral);
        if (!id) return fail(id.error().kind, fmt::format("row {}: {}", f.referral_row, id.error().message), id.error().clause);
      }
      report.created_references.push_back(made->reference);
    }
    tx.commit();
    return report;
  });
}

}  // namespace haven::records
