#include "retention/tidy.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::retention {

Result<Tidied> tidy(app::Workspace& ws, const app::Centre& c, Instant at) {
  std::string now_utc = format_utc(at), day_ago = format_utc(at - std::chrono::hours{24});
  std::string sent_before = format_utc(at - sent_letters_kept);
  return store::guard_storage([&]() -> Result<Tidied> {
    store::WriteTransaction tx(ws.db(), c.id);
    Tidied t;
    t.sessions =
        store::execute(ws.db(),
                       "DELETE FROM web_sessions WHERE expires_at < :t AND staff_id IN (SELECT id FROM staff WHERE "
                       "centre_id = :c)",
                       now_utc, c.id) +
        store::execute(ws.db(), "DELETE FROM portal_sessions WHERE expires_at < :t AND centre_id = :c", now_utc, c.id) +
        store::execute(ws.db(), "DELETE FROM referrer_sessions WHERE expires_at < :t AND centre_id = :c", now_utc,
                       c.id);
    t.codes =
        store::execute(ws.db(), "DELETE FROM portal_codes WHERE created_at < :t AND centre_id = :c", day_ago, c.id) +
        store::execute(ws.db(), "DELETE FROM referrer_codes WHERE created_at < :t AND centre_id = :c", day_ago, c.id);
    t.letters =
        store::execute(ws.db(), "DELETE FROM outbox WHERE centre_id = :c AND status = 'sent' AND sent_at < :s", c.id,
                       sent_before) +
        store::execute(ws.db(), "DELETE FROM outbox WHERE centre_id = :c AND status = 'dead' AND created_at < :w", c.id,
                       format_utc(at - dead_letters_kept));
    // An account with no referral left, whose invitation (if it was never taken up) has lapsed.
    std::string lapsed =
        "centre_id = :c AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.referrer_account = "
        "referrer_accounts.id) AND (password_hash <> '' OR setup_expires_at < :t)";
    store::execute(
        ws.db(),
        "DELETE FROM referrer_sessions WHERE account_id IN (SELECT id FROM referrer_accounts WHERE " + lapsed + ")",
        c.id, now_utc);
    store::execute(
        ws.db(),
        "DELETE FROM referrer_codes WHERE account_id IN (SELECT id FROM referrer_accounts WHERE " + lapsed + ")", c.id,
        now_utc);
    t.referrer_accounts = store::execute(ws.db(), "DELETE FROM referrer_accounts WHERE " + lapsed, c.id, now_utc);
    // Complaints about no family, ended, whose last day is older than the unused years.
    std::string unused_since = format_day(add_years(london_day_of(at), -c.preset.unused_years));
    for (const auto& row : store::rows(ws.db(),
                                       "SELECT id, received_on, acknowledged_on, stage_one_on, stage_two_on, "
                                       "referred_on, withdrawn_on FROM complaints WHERE centre_id = :c AND family_id = "
                                       "'' AND (withdrawn_on <> '' OR (stage_one_on <> '' AND (stage_two_asked_on = "
                                       "'' OR stage_two_on <> '')))",
                                       c.id)) {
      std::string last;
      for (int i = 1; i <= 6; ++i) last = std::max(last, row.get<std::string>(i));
      if (last < unused_since)
        t.complaints += store::execute(ws.db(), "DELETE FROM complaints WHERE id = :i", row.get<std::string>(0));
    }
    if (t.sessions + t.codes + t.letters + t.referrer_accounts + t.complaints > 0)
      ws.audit().append({c.id, "system", "tidy_records", "centre:" + c.id,
                         fmt::format("sessions={},codes={},letters={},referrer_accounts={},complaints={}", t.sessions,
                                     t.codes, t.letters, t.referrer_accounts, t.complaints),
                         std::string(id_of(Clause::retention)), "change"});
    tx.commit();
    return t;
  });
}

}  // namespace haven::retention
