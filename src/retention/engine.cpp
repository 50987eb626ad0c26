#include "retention/engine.hpp"

#include <fmt/format.h>

#include <map>

#include "access/access.hpp"
#include "access/facts.hpp"
#include "core/ids.hpp"
#include "crypto/sealed.hpp"
#include "records/audited_write.hpp"
#include "records/families.hpp"
#include "retention/rules.hpp"
#include "store/family_tables.hpp"
#include "store/rows.hpp"

namespace haven::retention {

namespace {

using policy::Item;
using policy::RecordCategory;

// Whether `by` would be allowed `action` on a recorded run: for the buttons a reader is shown.
bool offered_for_run(app::Workspace& ws, const app::Centre& c, const access::Staff& by, policy::Action action,
                     const std::string& run_id) {
  auto ask = access::disposal_run(ws, c, by, action, run_id);
  return ask && access::offered(c, ask->request);
}

Day day_of(const std::string& utc) {
  auto t = parse_utc(utc);
  return t ? std::chrono::floor<std::chrono::days>(*t) : Day{};
}

int count(app::Workspace& ws, const std::string& sql, const std::string& family_id) {
  return store::value<int>(ws.db(), sql, family_id).value_or(0);
}

bool active_hold(app::Workspace& ws, const std::string& family_id) {
  return count(ws, "SELECT COUNT(*) FROM legal_holds WHERE family_id = :f AND released_at = ''", family_id) > 0;
}

// Tallies of rows destroyed and kept, by category, for the certificate.
struct Tally {
  std::map<std::string, long long> destroyed, kept;
  void add(std::map<std::string, long long>& to, RecordCategory c, long long n) {
    if (n > 0) to[std::string(name_of(c))] += n;
  }
  void merge(const Tally& other) {
    for (const auto& [k, v] : other.destroyed) destroyed[k] += v;
    for (const auto& [k, v] : other.kept) kept[k] += v;
  }
  static boost::json::object to_json(const std::map<std::string, long long>& counts) {
    boost::json::object out;
    for (const auto& [k, v] : counts) out[k] = v;
    return out;
  }
  std::string text() const {
    return boost::json::serialize(boost::json::object{{"destroyed", to_json(destroyed)}, {"kept", to_json(kept)}});
  }
  static Tally parse(const std::string& text) {
    Tally t;
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec || !v.is_object()) return t;
    for (auto [field, to] : {std::pair{"destroyed", &t.destroyed}, std::pair{"kept", &t.kept}})
      if (const auto* counts = v.as_object().if_contains(field); counts && counts->is_object())
        for (const auto& [k, n] : counts->as_object())
          if (n.is_int64()) (*to)[std::string(k)] = n.as_int64();
    return t;
  }
};

// Disposes of one family's records inside the caller's data transaction. Kept rows are
// re-sealed from `old_key`'s cipher to `new_key`'s, with permits from the decision point for the run's own
// request (`run`: action dispose, with the run's facts), one item of this family at a time.
class FamilyDisposal {
 public:
  FamilyDisposal(app::Workspace& ws, const app::Centre& c, const policy::AccessRequest& run, std::string family_id,
                 const crypto::FamilyCipher& old_key, const crypto::FamilyCipher* new_key, Tally& tally)
      : ws_(ws), c_(c), run_(run), family_(std::move(family_id)), old_(old_key), new_(new_key), tally_(tally) {}

  // True when this family has rows in a category the preset keeps, so its key must rotate.
  static bool keeps_anything(app::Workspace& ws, const policy::Preset& p, const std::string& family_id) {
    return (p.keeps_indefinitely(RecordCategory::referral_records) &&
            count(ws, "SELECT COUNT(*) FROM referrals WHERE family_id = :f", family_id) > 0) ||
           (keeps_safeguarding(p) &&
            count(ws, "SELECT COUNT(*) FROM concerns WHERE family_id = :f", family_id) +
                    count(ws, "SELECT COUNT(*) FROM disclosures WHERE family_id = :f AND asked = 'exception'",
                          family_id) >
                0) ||
           (p.keeps_indefinitely(RecordCategory::session_notes) &&
            count(ws, "SELECT COUNT(*) FROM session_notes WHERE family_id = :f", family_id) > 0) ||
           (p.keeps_indefinitely(RecordCategory::attendance) &&
            count(ws, "SELECT COUNT(*) FROM contact_sessions WHERE family_id = :f", family_id) > 0);
  }

  Result<bool> run() {
    const auto& p = c_.preset;
    bool keep_referrals = p.keeps_indefinitely(RecordCategory::referral_records);
    bool keep_safeguarding = keeps_safeguarding(p);
    bool keep_notes = p.keeps_indefinitely(RecordCategory::session_notes);
    bool keep_attendance = p.keeps_indefinitely(RecordCategory::attendance) || keep_notes;

    // Every registered table the generic rule covers: its rows go unless the preset keeps their
    // category. The registry lists children first, so no row is left pointing at a deleted one.
    for (const auto& t : store::family_tables()) {
      if (t.on_disposal != store::OnDisposal::delete_rows) continue;
      auto category = parse_enum<RecordCategory>(t.category).value_or(RecordCategory::family_records);
      long long n = store::count_family_rows(ws_.db(), t, family_);
      if (p.keeps_indefinitely(category) || (category == RecordCategory::attendance && keep_attendance)) {
        tally_.add(tally_.kept, category, n);
        continue;
      }
      store::execute(ws_.db(), fmt::format("DELETE FROM {} WHERE {}", t.table, t.of_family), family_);
      tally_.add(tally_.destroyed, category, n);
    }
    // Session notes, then attendance and sessions (notes refer to sessions).
    if (auto r = handle("session_notes", "body", "id", Item::session_note, keep_notes, RecordCategory::session_notes); !r)
      return r;
    long long attendance = count(ws_, "SELECT COUNT(*) FROM attendance WHERE session_id IN (SELECT id FROM "
                                      "contact_sessions WHERE family_id = :f)", family_);
    long long sessions = count(ws_, "SELECT COUNT(*) FROM contact_sessions WHERE family_id = :f", family_);
    if (keep_attendance) {
      tally_.add(tally_.kept, RecordCategory::attendance, attendance + sessions);
    } else {
      store::execute(ws_.db(),
                     "DELETE FROM attendance WHERE session_id IN (SELECT id FROM contact_sessions "
                     "WHERE family_id = :f)",
                     family_);
      store::execute(ws_.db(), "DELETE FROM contact_sessions WHERE family_id = :f", family_);
      tally_.add(tally_.destroyed, RecordCategory::attendance, attendance + sessions);
    }
    // Consents and what the register holds in the clear about recipients and content.
    long long consents = count(ws_, "SELECT COUNT(*) FROM consents WHERE family_id = :f", family_);
    store::execute(ws_.db(), "DELETE FROM consents WHERE family_id = :f", family_);
    tally_.add(tally_.destroyed, RecordCategory::family_records, consents);
    store::execute(ws_.db(), "UPDATE disclosures SET recipient_name = '', content = '' WHERE family_id = :f", family_);
    if (auto r = handle_where("disclosures", "justification", "id", Item::concern_record, keep_safeguarding,
                              RecordCategory::safeguarding_records, "asked = 'exception'", false);
        !r)
      return r;
    // Management's note on reviewing an exception disclosure, sealed under the row id + ":review".
    if (auto r = handle_where("disclosures", "review_note", "id || ':review'", Item::concern_record, keep_safeguarding,
                              RecordCategory::safeguarding_records, "asked = 'exception' AND review_note <> ''", false);
        !r)
      return r;
    if (auto r = handle("concerns", "summary", "id", Item::concern_record, keep_safeguarding,
                        RecordCategory::safeguarding_records);
        !r)
      return r;
    // Referral records and the identities they name.
    if (auto r = handle("referrals", "referrer_name", "id", Item::referral_details, keep_referrals,
                        RecordCategory::referral_records);
        !r)
      return r;
    long long people = count(ws_, "SELECT COUNT(*) FROM people WHERE family_id = :f", family_);
    store::execute(ws_.db(),
                   "UPDATE people SET address = '', phone = '', email = '', "
                   "email_index = '' WHERE family_id = :f",
                   family_);
    if (keep_referrals) {
      for (auto [column, item] : {std::pair{"first_name", Item::first_name}, std::pair{"surname", Item::surname},
                                  std::pair{"date_of_birth", Item::date_of_birth}})
        if (auto r = reseal("people", column, "id", item, ""); !r) return r;
      tally_.add(tally_.kept, RecordCategory::referral_records, people);
    } else if (keep_attendance) {
      store::execute(ws_.db(),
                     "UPDATE people SET first_name = '', surname = '', date_of_birth = '', name_index = '' "
                     "WHERE family_id = :f",
                     family_);
      tally_.add(tally_.destroyed, RecordCategory::family_records, people);
    } else {
      store::execute(ws_.db(), "DELETE FROM people WHERE family_id = :f", family_);
      tally_.add(tally_.destroyed, RecordCategory::family_records, people);
    }
    std::string at = format_utc(now());
    // The must-not-meet flag stays: a fact of the family's past, never turned into "may meet".
    store::execute(ws_.db(), "UPDATE families SET disposed_at = :a WHERE id = :f", at, family_);
    return true;
  }

 private:
  static bool keeps_safeguarding(const policy::Preset& p) {
    return p.keeps_indefinitely(RecordCategory::safeguarding_records) ||
           p.keeps_indefinitely(RecordCategory::child_protection_records);
  }

  Result<bool> handle(const char* table, const char* column, const char* id_column, Item item, bool keep,
                      RecordCategory category) {
    return handle_where(table, column, id_column, item, keep, category, "1 = 1", true);
  }

  // Keeps (re-sealed) or destroys the rows of `table` for this family that match `where`.
  // `delete_rows` false clears the sealed column instead of deleting the row.
  Result<bool> handle_where(const char* table, const char* column, const char* id_column, Item item, bool keep,
                            RecordCategory category, const char* where, bool delete_rows) {
    std::string counted = fmt::format("SELECT COUNT(*) FROM {} WHERE family_id = :f AND {}", table, where);
    long long n = store::value<long long>(ws_.db(), counted, family_).value_or(0);
    if (keep) {
      tally_.add(tally_.kept, category, n);
      return reseal(table, column, id_column, item, where);
    }
    if (delete_rows)
      store::execute(ws_.db(), fmt::format("DELETE FROM {} WHERE family_id = :f AND {}", table, where), family_);
    else
      store::execute(ws_.db(), fmt::format("UPDATE {} SET {} = '' WHERE family_id = :f AND {}", table, column, where),
                     family_);
    tally_.add(tally_.destroyed, category, n);
    return true;
  }

  Result<bool> reseal(const char* table, const char* column, const char* id_column, Item item, const char* where) {
    if (!new_) return fail(ErrorKind::storage, "a kept record has no key to be sealed under");
    policy::AccessRequest r = run_;
    r.item = item;
    r.family_id = family_;
    auto decision = access::consider(c_, r);
    if (!decision.permit) return std::unexpected(access::refusal(decision));
    std::vector<std::pair<std::string, std::string>> rows;
    {
      auto rs = store::rows(ws_.db(),
                            fmt::format("SELECT {}, {} FROM {} WHERE family_id = :f{}", id_column, column, table,
                                        *where ? std::string(" AND ") + where : ""),
                            family_);
      for (const auto& row : rs) rows.emplace_back(row.get<std::string>(0), row.get<std::string>(1));
    }
    for (const auto& [id, sealed] : rows) {
      auto plain = old_.open(*decision.permit, item, id, sealed);
      if (!plain) return std::unexpected(plain.error());
      auto resealed = new_->seal(item, id, *plain).ciphertext();
      store::execute(ws_.db(), fmt::format("UPDATE {} SET {} = :v WHERE {} = :i", table, column, id_column), resealed,
                     id);
    }
    return true;
  }

  app::Workspace& ws_;
  const app::Centre& c_;
  const policy::AccessRequest& run_;
  std::string family_;
  const crypto::FamilyCipher& old_;
  const crypto::FamilyCipher* new_;
  Tally& tally_;
};

std::vector<std::string> kept_categories(const policy::Preset& p) {
  std::vector<std::string> out;
  for (auto c : p.kept_indefinitely) out.emplace_back(name_of(c));
  return out;
}

}  // namespace

Result<Preview> preview(app::Workspace& ws, const app::Centre& c, const access::Staff& by, Day as_of) {
  auto decision = access::require(ws, c, by, policy::Action::review_retention, "centre:" + c.id);
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<Preview> {
    Preview out;
    out.as_of = format_day(as_of);
    out.kept_categories = kept_categories(c.preset);
    // Anything last used on or before this instant may be due; rules.hpp has the final word.
    std::string cutoff = format_utc(Instant{add_years(as_of, -c.preset.unused_years) + std::chrono::days{1}});
    auto rows = store::rows(ws.db(),
                            "SELECT f.id, f.reference, f.last_used_at, (SELECT MIN(h.id) FROM legal_holds h "
                            "WHERE h.family_id = f.id AND h.released_at = ''), (SELECT MIN(h.review_on) FROM "
                            "legal_holds h WHERE h.family_id = f.id AND h.released_at = '') FROM families f "
                            "WHERE f.centre_id = :c AND f.disposed_at = '' AND f.last_used_at < :cut "
                            "ORDER BY f.last_used_at, f.reference",
                            c.id, cutoff);
    for (const auto& row : rows) {
      auto verdict = assess(c.preset, RecordCategory::family_records, day_of(row.get<std::string>(2)), as_of);
      if (!verdict.due) continue;
      if (!row.is_null(3)) {
        out.held.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(3),
                            row.get<std::string>(4)});
        continue;
      }
      out.due.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2).substr(0, 10),
                         format_day(verdict.due_on), verdict.reason});
    }
    return out;
  });
}

Result<std::string> place_hold(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                               const std::string& family_ref, const std::string& reason, const std::string& review_on) {
  if (reason.empty()) return fail(ErrorKind::invalid_input, "a legal hold needs a reason");
  auto review = parse_day(review_on);
  if (!review || *review <= std::chrono::floor<std::chrono::days>(now()))
    return fail(ErrorKind::invalid_input, "a legal hold needs a review date (YYYY-MM-DD) in the future");
  auto decision = access::require(ws, c, by, policy::Action::review_retention, "centre:" + c.id);
  if (!decision) return std::unexpected(decision.error());
  auto family = records::find_family(ws, c, family_ref);
  if (!family) return std::unexpected(family.error());
  auto key = ws.keys().family_cipher(family->id);
  if (!key) return std::unexpected(key.error());
  return store::guard_storage([&]() -> Result<std::string> {
    std::string id = new_id("hld"), at = format_utc(now());
    std::string sealed = key->seal(Item::referral_details, id, reason).ciphertext();
    store::WriteTransaction tx(ws.db(), c.id);
    store::execute(ws.db(),
                   "INSERT INTO legal_holds (id, centre_id, family_id, reason, placed_by, placed_at, review_on) "
                   "VALUES (:i, :c, :f, :r, :b, :a, :v)",
                   id, c.id, family->id, sealed, by.id, at, review_on);
    ws.audit().append({c.id, by.id, "place_legal_hold", "family:" + family->id, "legal_hold",
             policy::cite(policy::Clause::retention), "change"});
    tx.commit();
    return id;
  });
}

Result<bool> release_hold(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const std::string& hold_id) {
  auto decision = access::require(ws, c, by, policy::Action::review_retention, "centre:" + c.id);
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<bool> {
    std::string at = format_utc(now());
    store::WriteTransaction tx(ws.db(), c.id);
    long long changed = store::execute(ws.db(),
                                       "UPDATE legal_holds SET released_at = :a, released_by = :b "
                                       "WHERE id = :i AND centre_id = :c AND released_at = ''",
                                       at, by.id, hold_id, c.id);
    if (changed == 0) return fail(ErrorKind::not_found, "no active legal hold with that id");
    ws.audit().append({c.id, by.id, "release_legal_hold", "hold:" + hold_id, "legal_hold",
             policy::cite(policy::Clause::retention), "change"});
    tx.commit();
    return true;
  });
}

Result<std::vector<RunSummary>> list_runs(app::Workspace& ws, const app::Centre& c, const access::Staff& by) {
  auto decision = access::require(ws, c, by, policy::Action::review_retention, "centre:" + c.id);
  if (!decision) return std::unexpected(decision.error());
  return store::guard_storage([&]() -> Result<std::vector<RunSummary>> {
    std::vector<RunSummary> out;
    auto rows = store::rows(ws.db(),
                            "SELECT r.id, r.as_of, r.status, p.display_name, r.proposed_at, "
                            "COALESCE(a.display_name, ''), r.executed_at, "
                            "(SELECT COUNT(*) FROM disposal_run_families f WHERE f.run_id = r.id) "
                            "FROM disposal_runs r JOIN staff p ON p.id = r.proposed_by "
                            "LEFT JOIN staff a ON a.id = r.approved_by "
                            "WHERE r.centre_id = :c ORDER BY r.proposed_at DESC, r.id",
                            c.id);
    for (const auto& row : rows) {
      RunSummary run{row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2),
                     row.get<std::string>(3), row.get<std::string>(4), row.get<std::string>(5),
                     row.get<std::string>(6), static_cast<int>(row.get<int64_t>(7))};
      // Asked without an audit entry: these only decide which buttons the reader is shown.
      run.may_approve = run.status == "proposed" && offered_for_run(ws, c, by, policy::Action::approve_disposal, run.id);
      run.may_execute = (run.status == "approved" || run.status == "executing") &&
                        offered_for_run(ws, c, by, policy::Action::dispose, run.id);
      out.push_back(std::move(run));
    }
    return out;
  });
}

Result<RunDetails> run_details(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                               const std::string& run_id) {
  HAVEN_TRY(runs, list_runs(ws, c, by));
  auto run = std::ranges::find(runs, run_id, &RunSummary::id);
  if (run == runs.end()) return fail(ErrorKind::not_found, "no such disposal run at this centre");
  return store::guard_storage([&]() -> Result<RunDetails> {
    RunDetails out{*run, {}, {}, kept_categories(c.preset)};
    for (const auto& row : store::rows(ws.db(),
                                       "SELECT f.reference, r.last_used_on, f.last_used_at, r.outcome FROM "
                                       "disposal_run_families r JOIN families f ON f.id = r.family_id "
                                       "WHERE r.run_id = :r ORDER BY f.reference",
                                       run_id)) {
      std::string used = row.get<std::string>(1).empty() ? row.get<std::string>(2) : row.get<std::string>(1);
      out.families.push_back({row.get<std::string>(0), used.substr(0, 10), row.get<std::string>(3)});
    }
    for (const auto& t : store::family_tables()) {
      std::string category(t.category);
      bool kept = std::ranges::find(out.kept_categories, category) != out.kept_categories.end();
      if (t.on_disposal != store::OnDisposal::kept && !kept &&
          std::ranges::find(out.destroyed_categories, category) == out.destroyed_categories.end())
        out.destroyed_categories.push_back(category);
    }
    return out;
  });
}

Result<std::string> propose_run(app::Workspace& ws, const app::Centre& c, const access::Staff& by, Day as_of) {
  auto allowed = access::require(ws, c, access::new_disposal_run(c, by, as_of), {"propose_disposal", "run:new"});
  if (!allowed) return std::unexpected(allowed.error());
  auto due = preview(ws, c, by, as_of);
  if (!due) return std::unexpected(due.error());
  if (due->due.empty()) return fail(ErrorKind::conflict, "nothing is due for destruction on that date");
  return store::guard_storage([&]() -> Result<std::string> {
    std::string id = new_id("run"), at = format_utc(now()), day = format_day(as_of);
    store::WriteTransaction tx(ws.db(), c.id);
    store::execute(ws.db(),
                   "INSERT INTO disposal_runs (id, centre_id, as_of, proposed_by, proposed_at, status) "
                   "VALUES (:i, :c, :d, :b, :a, 'proposed')",
                   id, c.id, day, by.id, at);
    for (const auto& f : due->due)
      store::execute(ws.db(), "INSERT INTO disposal_run_families (run_id, family_id) VALUES (:r, :f)", id, f.family_id);
    ws.audit().append({c.id, by.id, "propose_disposal", "run:" + id, std::to_string(due->due.size()) + " families",
                       std::string(allowed->clause_id()), "change"});
    tx.commit();
    return id;
  });
}

Result<bool> approve_run(app::Workspace& ws, const app::Centre& c, const access::Staff& by, const std::string& run_id) {
  return store::guard_storage([&]() -> Result<bool> {
    HAVEN_TRY(ask, access::disposal_run(ws, c, by, policy::Action::approve_disposal, run_id));
    if (ask.run.status != "proposed")
      return fail(ErrorKind::conflict, "this run is " + ask.run.status + ", not waiting for approval");
    HAVEN_TRY(decision, access::require(ws, c, ask.request, {"approve_disposal", "run:" + run_id}));
    std::string at = format_utc(now());
    store::WriteTransaction tx(ws.db(), c.id);
    store::execute(ws.db(),
                   "UPDATE disposal_runs SET status = 'approved', approved_by = :b, approved_at = :a WHERE id = :i",
                   by.id, at, run_id);
    ws.audit().append({c.id, by.id, "approve_disposal", "run:" + run_id, "", std::string(decision.clause_id()), "change"});
    tx.commit();
    return true;
  });
}

Result<Certificate> execute_run(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                const std::string& run_id, const Progress& progress) {
  // Every read and write below runs guarded: a storage failure is an error value, never an escape.
  return store::guard_storage([&]() -> Result<Certificate> {
    auto ask = access::disposal_run(ws, c, by, policy::Action::dispose, run_id);
    if (!ask) return std::unexpected(ask.error());
    if (ask->run.status == "executed") return fail(ErrorKind::conflict, "this run was carried out already");
    auto decision = access::require(ws, c, ask->request, {"dispose", "run:" + run_id});
    if (!decision) return std::unexpected(decision.error());
    const auto& [status, as_of, proposed_by, proposed_at, approved_by, approved_at] = ask->run;

    // Under way from here until the certificate is stored: a run stopped midway shows unfinished.
    if (status == "approved") {
      store::WriteTransaction tx(ws.db(), c.id);
      store::execute(ws.db(), "UPDATE disposal_runs SET status = 'executing' WHERE id = :i", run_id);
      tx.commit();
    }

    struct RunFamily {
      std::string id, outcome, tally, last_used_on;
    };
    std::vector<RunFamily> families;
    for (const auto& row : store::rows(ws.db(),
                                       "SELECT family_id, outcome, tally, last_used_on FROM disposal_run_families "
                                       "WHERE run_id = :r ORDER BY family_id",
                                       run_id))
      families.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2),
                          row.get<std::string>(3)});
    Tally tally;
    std::size_t disposed = 0, skipped = 0, keys_destroyed = 0;
    std::string earliest, latest;
    auto count_disposed = [&](const std::string& used) {
      ++disposed;
      ++keys_destroyed;
      if (earliest.empty() || used < earliest) earliest = used;
      if (latest.empty() || used > latest) latest = used;
    };
    auto record_outcome = [&](const std::string& family_id, const std::string& outcome, const std::string& tally_text,
                              const std::string& used) {
      store::execute(ws.db(),
                     "UPDATE disposal_run_families SET outcome = :o, tally = :t, last_used_on = :u WHERE run_id = :r "
                     "AND family_id = :f AND outcome = ''",
                     outcome, tally_text, used, run_id, family_id);
    };
    Day today = std::chrono::floor<std::chrono::days>(now());
    for (std::size_t i = 0; i < families.size(); ++i) {
      const auto& family_id = families[i].id;
      if (progress) progress(i, families.size());
      // Done by an earlier attempt at this run: finish the key step if it stopped before it (both
      // calls do nothing when it was done) and count what that attempt destroyed.
      if (families[i].outcome == "disposed") {
        auto keys = FamilyDisposal::keeps_anything(ws, c.preset, family_id) ? ws.keys().finish_rotation(family_id)
                                                                              : ws.keys().destroy_family_key(family_id);
        if (!keys) return std::unexpected(keys.error());
        tally.merge(Tally::parse(families[i].tally));
        count_disposed(families[i].last_used_on);
        continue;
      }
      if (families[i].outcome == "skipped") {
        ++skipped;
        continue;
      }
      std::string last_used, disposed_at;
      if (auto row =
              store::first_row(ws.db(), "SELECT last_used_at, disposed_at FROM families WHERE id = :f", family_id)) {
        last_used = row->get<std::string>(0);
        disposed_at = row->get<std::string>(1);
      }
      // Destroyed by another run, used again since this one was proposed, or put on hold: leave it.
      if (!disposed_at.empty() || active_hold(ws, family_id) ||
          !assess(c.preset, RecordCategory::family_records, day_of(last_used), today).due) {
        auto noted = store::guard_storage([&]() -> Result<bool> {
          record_outcome(family_id, "skipped", "", "");
          return true;
        });
        if (!noted) return std::unexpected(noted.error());
        ++skipped;
        continue;
      }
      auto old_key = ws.keys().family_cipher(family_id);
      if (!old_key) return std::unexpected(old_key.error());
      bool rotate = FamilyDisposal::keeps_anything(ws, c.preset, family_id);
      std::optional<crypto::FamilyCipher> new_key;
      if (rotate) {
        auto k = ws.keys().begin_rotation(family_id);
        if (!k) return std::unexpected(k.error());
        new_key = *k;
      }
      Tally family_tally;
      std::string used = last_used.substr(0, 10);
      auto done = store::guard_storage([&]() -> Result<bool> {
        store::WriteTransaction tx(ws.db(), c.id);
        FamilyDisposal disposal(ws, c, ask->request, family_id, *old_key, new_key ? &*new_key : nullptr, family_tally);
        if (auto r = disposal.run(); !r) return r;
        record_outcome(family_id, "disposed", family_tally.text(), used);
        ws.audit().append({c.id, by.id, "dispose_family", "family:" + family_id, rotate ? "kept:re-sealed" : "all",
                           std::string(decision->clause_id()), "change"});
        tx.commit();
        return true;
      });
      if (!done) return std::unexpected(done.error());
      auto keys = rotate ? ws.keys().finish_rotation(family_id) : ws.keys().destroy_family_key(family_id);
      if (!keys) return std::unexpected(keys.error());
      tally.merge(family_tally);
      count_disposed(used);
    }
    if (progress) progress(families.size(), families.size());

    auto destroyed = Tally::to_json(tally.destroyed), kept = Tally::to_json(tally.kept);
    std::string executed_at = format_utc(now());
    boost::json::object body{
        {"document", "Certificate of destruction"},
        {"run", run_id},
        {"centre", c.id},
        {"centre_name", c.name},
        {"policy", c.preset.id + " " + c.preset.version},
        {"retention_years", c.preset.unused_years},
        {"as_of", as_of},
        {"proposed_by", proposed_by},
        {"proposed_at", proposed_at},
        {"approved_by", approved_by},
        {"approved_at", approved_at},
        {"executed_by", by.id},
        {"executed_at", executed_at},
        {"families_destroyed", disposed},
        {"families_skipped", skipped},
        {"family_keys_destroyed", keys_destroyed},
        {"last_used_between", boost::json::array{boost::json::string(earliest), boost::json::string(latest)}},
        {"rows_destroyed", destroyed},
        {"rows_kept_indefinitely", kept},
        {"method",
         "family keys destroyed (crypto-shredding); expired rows deleted; kept "
         "categories re-sealed under new keys"}};
    Certificate cert{run_id, body, ws.keys().sign(boost::json::serialize(body)), {}};
    auto stored = store::guard_storage([&]() -> Result<bool> {
      std::string text = boost::json::serialize(body);
      store::WriteTransaction tx(ws.db(), c.id);
      store::execute(ws.db(),
                     "UPDATE disposal_runs SET status = 'executed', executed_by = :b, executed_at = :a WHERE id = :i",
                     by.id, executed_at, run_id);
      store::execute(ws.db(),
                     "INSERT INTO destruction_certificates (run_id, centre_id, issued_at, body, signature) "
                     "VALUES (:r, :c, :a, :b, :s)",
                     run_id, c.id, executed_at, text, cert.signature);
      ws.audit().append({c.id, by.id, "certify_destruction", "run:" + run_id, "certificate",
               policy::cite(policy::Clause::retention), "change"});
      tx.commit();
      return true;
    });
    if (!stored) return std::unexpected(stored.error());
    return cert;
  });
}

Result<Certificate> certificate(app::Workspace& ws, const app::Centre& c, const access::Staff& by,
                                const std::string& run_id) {
  auto allowed = access::require(ws, c, by, policy::Action::review_retention, "run:" + run_id);
  if (!allowed) return std::unexpected(allowed.error());
  return store::guard_storage([&]() -> Result<Certificate> {
    std::string body, signature;
    auto found = store::first_row(
        ws.db(), "SELECT body, signature FROM destruction_certificates WHERE run_id = :r AND centre_id = :c", run_id,
        c.id);
    if (!found || found->is_null(0)) return fail(ErrorKind::not_found, "no certificate for that run");
    body = found->get<std::string>(0);
    signature = found->get<std::string>(1);
    Certificate out{run_id, boost::json::parse(body).as_object(), signature, {}};
    for (const char* field : {"proposed_by", "approved_by", "executed_by"})
      if (const auto* id = out.body.if_contains(field); id && id->is_string())
        if (auto name = store::value<std::string>(ws.db(), "SELECT display_name FROM staff WHERE id = :i",
                                                  std::string(id->as_string())))
          out.staff_names[std::string(id->as_string())] = *name;
    return out;
  });
}

}  // namespace haven::retention
