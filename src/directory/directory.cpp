#include "directory/directory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "access/access.hpp"
#include "core/text.hpp"
#include "crypto/keystore.hpp"
#include "crypto/sealed.hpp"
#include "store/batch.hpp"
#include "store/rows.hpp"

namespace haven::directory {

namespace {

using policy::Item;

constexpr std::size_t longest_name = 200;
constexpr int most_per_page = 100;

Result<bool> check(const Query& q) {
  if (q.page < 1) return fail(ErrorKind::invalid_input, "page: give a page number of 1 or more");
  if (q.per_page < 1 || q.per_page > most_per_page)
    return fail(ErrorKind::invalid_input, fmt::format("per_page: give a page size from 1 to {}", most_per_page));
  if (q.name.size() > longest_name)
    return fail(ErrorKind::invalid_input, fmt::format("name: give at most {} characters", longest_name));
  if (q.exact && q.name.find_first_not_of(" \t") == std::string::npos)
    return fail(ErrorKind::invalid_input, "name: give a first name and surname to search for");
  return true;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char ch : folded_for_search(text)) {
    if (ch == ' ' || ch == '\t') {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
    } else {
      word += ch;
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

bool listed_under(Show show, const Entry& e) {
  bool closed = !e.disposed_on.empty() || (e.stage && *e.stage == journey::Stage::closed);
  switch (show) {
    case Show::all:
      return true;
    case Show::open:
      return e.stage && !closed;
    case Show::waiting:
      return e.stage && *e.stage == journey::Stage::waiting && e.disposed_on.empty();
    case Show::closed:
      return closed && (e.stage || !e.disposed_on.empty());
  }
  return false;
}

// A candidate family, with the reader's gate for what a list shows of it.
struct Candidate {
  Entry entry;
  access::FamilyGate gate;
};

// The fields shown under each clause, for the one audit entry per clause.
class Shown {
 public:
  void add(const policy::Permit* permit, std::string_view field) {
    if (permit) fields_[std::string(permit->clause_id())].insert(std::string(field));
  }
  std::vector<audit::Entry> entries(const app::Centre& c, const access::Staff& as, const std::string& action) const {
    std::vector<audit::Entry> out;
    for (const auto& [clause, fields] : fields_) {
      std::string joined;
      for (const auto& f : fields) joined += (joined.empty() ? "" : ",") + f;
      out.push_back({c.id, as.id, action, "centre:" + c.id, joined, clause, "allow"});
    }
    return out;
  }

 private:
  std::map<std::string, std::set<std::string>> fields_;
};

// Opens the names of the candidates' people that the reader may see, filling `named`.
Result<bool> open_names(app::Workspace& ws, const app::Centre& c, std::vector<Candidate*>& families, Shown& shown) {
  std::set<std::string> ids;
  for (const auto* f : families)
    if (f->gate.allows(Item::first_name)) ids.insert(f->entry.id);
  if (ids.empty()) return true;
  HAVEN_TRY(keys, ws.keys().family_ciphers(ids));
  std::map<std::string, Candidate*> by_id;
  for (auto* f : families) by_id[f->entry.id] = f;
  for (const auto& row : store::rows(ws.db(),
                                     "SELECT p.family_id, p.id, p.party, p.first_name, p.surname FROM people p "
                                     "JOIN families f ON f.id = p.family_id WHERE f.centre_id = :c "
                                     "ORDER BY p.family_id, p.party DESC, p.created_at, p.id",
                                     c.id)) {
    auto family_id = row.get<std::string>(0);
    auto key = keys.find(family_id);
    auto it = by_id.find(family_id);
    if (key == keys.end() || it == by_id.end()) continue;
    const access::FamilyGate& gate = it->second->gate;
    const policy::Permit* first = gate.permit(Item::first_name);
    auto person_id = row.get<std::string>(1);
    HAVEN_TRY(name, key->second.open(*first, Item::first_name, person_id, row.get<std::string>(3)));
    shown.add(first, "first_name");
    if (name.empty()) continue;  // a name destroyed with the family's records (clause 8)
    if (const policy::Permit* surname = gate.permit(Item::surname)) {
      HAVEN_TRY(last, key->second.open(*surname, Item::surname, person_id, row.get<std::string>(4)));
      shown.add(surname, "surname");
      if (!last.empty()) name += " " + last;
    }
    it->second->entry.named.push_back({name, row.get<std::string>(2)});
  }
  return true;
}

// Whether every word is found in the name of one of the family's people.
bool named_by(const Entry& e, const std::vector<std::string>& words) {
  return std::ranges::any_of(e.named, [&](const Person& p) {
    std::string name = folded_for_search(p.name);
    return std::ranges::all_of(words, [&](const std::string& w) { return name.find(w) != std::string::npos; });
  });
}

}  // namespace

std::string_view describe(Show show) {
  switch (show) {
    case Show::all:
      return "All families";
    case Show::open:
      return "Open cases";
    case Show::waiting:
      return "Waiting for a place";
    case Show::closed:
      return "Closed cases";
  }
  return "Families";
}

Result<Listing> find(app::Workspace& ws, const app::Centre& c, const access::Staff& as, const Query& q) {
  HAVEN_CHECK(check(q));
  bool by_name = !q.name.empty() && q.name.find_first_not_of(" \t") != std::string::npos;
  std::string action = !by_name ? "list_families" : q.exact ? "find_by_name" : "find_families";
  access::AuditAs audit_as{action, "centre:" + c.id};
  HAVEN_TRY(listing, access::require(ws, c, access::view(c, as, Item::session_times, "*"), audit_as));
  // Asking by a name needs the right to see names; by a whole name, surnames (clause 1).
  if (by_name)
    HAVEN_CHECK(access::require(ws, c, access::view(c, as, q.exact ? Item::surname : Item::first_name, "*"), audit_as));
  if (q.show != Show::all) HAVEN_CHECK(access::require(ws, c, access::view(c, as, Item::case_progress, "*"), audit_as));

  return store::guard_storage([&]() -> Result<Listing> {
    Shown shown;
    shown.add(&listing, "reference");
    shown.add(&listing, "session_times");
    std::string index = by_name && q.exact ? crypto::blind_index(ws.keys().index_key(), c.id, q.name) : "";
    if (!index.empty()) shown.add(&listing, "name_index");
    auto rows = store::rows(
        ws.db(),
        "SELECT f.id, f.reference, (SELECT COUNT(*) FROM people p WHERE p.family_id = f.id), "
        "COALESCE((SELECT MIN(s.starts_at) FROM contact_sessions s WHERE s.family_id = f.id AND s.cancelled_at = '' "
        "AND s.starts_at >= :now), ''), f.disposed_at FROM families f WHERE f.centre_id = :c AND (:any = 1 OR EXISTS "
        "(SELECT 1 FROM people p WHERE p.family_id = f.id AND p.name_index = :ix)) ORDER BY f.reference",
        format_utc(now()), c.id, index.empty() ? 1 : 0, index);
    auto stages = journey::stages_of_centre(ws, c, london_today());

    std::vector<Candidate> candidates;
    for (const auto& row : rows) {
      std::string id = row.get<std::string>(0);
      access::FamilyGate gate(c, as, id, {Item::session_times, Item::first_name, Item::surname, Item::case_progress});
      // A volunteer's list holds only the families on their rota.
      if (!gate.allows(Item::session_times)) continue;
      Entry e;
      e.id = id;
      e.reference = row.get<std::string>(1);
      e.people = static_cast<int>(row.get<int64_t>(2));
      if (auto t = parse_utc(row.get<std::string>(3))) e.next_session = format_london(*t);
      e.disposed_on = row.get<std::string>(4).substr(0, 10);
      if (gate.allows(Item::case_progress)) {
        auto stage = stages.find(id);
        // A family whose records were destroyed left long ago; its steps went with them.
        e.stage = !e.disposed_on.empty()  ? journey::Stage::closed
                  : stage == stages.end() ? journey::Stage::referred
                                          : stage->second;
      }
      if (!listed_under(q.show, e)) continue;
      candidates.push_back({std::move(e), std::move(gate)});
    }

    // A search by part of a name opens every candidate's names; a plain list only the page's.
    std::vector<Candidate*> found;
    for (auto& f : candidates) found.push_back(&f);
    if (by_name && !q.exact) {
      HAVEN_CHECK(open_names(ws, c, found, shown));
      auto words = words_of(q.name);
      std::erase_if(found, [&](const Candidate* f) { return !named_by(f->entry, words); });
    }
    Listing out;
    out.per_page = q.per_page;
    out.total = static_cast<int>(found.size());
    out.pages = std::max(1, (out.total + q.per_page - 1) / q.per_page);
    out.page = std::min(q.page, out.pages);
    std::vector<Candidate*> page(found.begin() + std::min<std::size_t>(found.size(), (out.page - 1) * q.per_page),
                                 found.begin() + std::min<std::size_t>(found.size(), out.page * q.per_page));
    if (!by_name || q.exact) HAVEN_CHECK(open_names(ws, c, page, shown));
    for (auto* f : page) {
      if (f->entry.stage) shown.add(f->gate.permit(Item::case_progress), "case_progress");
      out.families.push_back(std::move(f->entry));
    }
    HAVEN_CHECK(ws.audit().append_committed(shown.entries(c, as, action)));
    return out;
  });
}

}  // namespace haven::directory
