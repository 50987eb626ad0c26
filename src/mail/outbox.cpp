#include "mail/outbox.hpp"

#include <fmt/format.h>

#include <chrono>

#include "core/clause.hpp"
#include "core/ids.hpp"
#include "crypto/keystore.hpp"
#include "store/database.hpp"
#include "store/rows.hpp"

namespace haven::mail {

namespace {

constexpr std::string_view sealed_purpose = "outbox recipient";
// A body may hold a sign-in code, so a copy of the database must not show it.
constexpr std::string_view sealed_body = "outbox body";

// How long after the n-th failed attempt the next one is made.
std::chrono::minutes wait_after(int attempts) {
  constexpr std::chrono::minutes waits[] = {std::chrono::minutes{1}, std::chrono::minutes{5}, std::chrono::minutes{30},
                                            std::chrono::minutes{120}};
  return waits[std::clamp(attempts, 1, static_cast<int>(std::size(waits))) - 1];
}

}  // namespace

Result<std::string> queue(app::Workspace& ws, const std::string& centre_id, const Letter& letter) {
  if (!is_email_address(letter.to))
    return fail(ErrorKind::invalid_input, "to: an email address, like name@example.org");
  if (letter.subject.find_first_of("\r\n") != std::string::npos)
    return fail(ErrorKind::invalid_input, "subject: one line");
  std::string id = new_id("eml"), at = format_utc(now());
  std::string recipient = ws.keys().seal_secret(sealed_purpose, letter.to),
              body = ws.keys().seal_secret(sealed_body, letter.body);
  return store::guard_storage([&]() -> Result<std::string> {
    store::WriteTransaction tx(ws.db(), centre_id);
    store::execute(ws.db(),
                   "INSERT INTO outbox (id, centre_id, recipient, subject, body, about, "
                   "status, next_attempt_at, "
                   "created_at) VALUES (:i, :c, :r, :s, :b, :a, 'queued', :n, :t)",
                   id, centre_id, recipient, letter.subject, body, letter.about, at, at);
    tx.commit();
    return id;
  });
}

Result<Delivered> deliver_due(app::Workspace& ws, const SmtpSettings& smtp, Instant at, std::size_t most) {
  struct Due {
    std::string id, centre, recipient, subject, body, about;
    int attempts;
  };
  std::vector<Due> due;
  HAVEN_CHECK(store::guard_storage([&]() -> Result<bool> {
    for (const auto& row : store::rows(ws.db(),
                                       "SELECT id, centre_id, recipient, subject, body, about, attempts FROM outbox "
                                       "WHERE status = 'queued' AND next_attempt_at <= :t ORDER BY next_attempt_at, "
                                       "created_at, id LIMIT :n",
                                       format_utc(at), static_cast<long long>(most)))
      due.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2), row.get<std::string>(3),
                     row.get<std::string>(4), row.get<std::string>(5), static_cast<int>(row.get<int64_t>(6))});
    return true;
  }));
  Delivered out;
  for (const auto& d : due) {
    // Taken for the next ten minutes before it is sent, so that another courier (another serve
    // process on the same database) does not send it too; a crash mid-send sends it again then.
    HAVEN_TRY(taken, store::guard_storage([&]() -> Result<bool> {
                store::WriteTransaction tx(ws.db(), d.centre);
                long long changed =
                    store::execute(ws.db(),
                                   "UPDATE outbox SET next_attempt_at = :l WHERE id = :i AND status = 'queued' "
                                   "AND next_attempt_at <= :t",
                                   format_utc(at + std::chrono::minutes{10}), d.id, format_utc(at));
                tx.commit();
                return changed == 1;
              }));
    if (!taken) continue;
    auto to = ws.keys().open_secret(sealed_purpose, d.recipient);
    auto body = ws.keys().open_secret(sealed_body, d.body);
    auto sent = !to     ? Result<bool>(std::unexpected(to.error()))
                : !body ? Result<bool>(std::unexpected(body.error()))
                        : send(smtp, {*to, d.subject, *body});
    int attempts = d.attempts + 1;
    std::string action, status = "queued", error, next = format_utc(at + wait_after(attempts)), sent_at;
    if (sent) {
      action = "email_sent", status = "sent", sent_at = format_utc(at), ++out.sent;
    } else if (attempts >= max_attempts) {
      action = "email_given_up", status = "dead", error = sent.error().message, ++out.given_up;
    } else {
      action = "email_failed", error = sent.error().message, ++out.failed;
    }
    HAVEN_CHECK(store::guard_storage([&]() -> Result<bool> {
      store::WriteTransaction tx(ws.db(), d.centre);
      store::execute(ws.db(),
                     "UPDATE outbox SET status = :s, attempts = :a, next_attempt_at = :n, last_error = :e, "
                     "sent_at = :t WHERE id = :i",
                     status, attempts, next, error, sent_at, d.id);
      ws.audit().append({d.centre, "system", action, d.about.empty() ? "email:" + d.id : d.about, "email",
                         policy::cite(policy::Clause::kept_securely), "change"});
      tx.commit();
      return true;
    }));
    // With the server out of reach, the rest of the batch waits for the next round untried.
    if (!sent && sent.error().kind == ErrorKind::unavailable) break;
  }
  return out;
}

Result<std::vector<Kept>> dead_letters(app::Workspace& ws, const std::string& centre_id) {
  return store::guard_storage([&]() -> Result<std::vector<Kept>> {
    std::vector<Kept> out;
    for (const auto& row : store::rows(ws.db(),
                                       "SELECT id, recipient, subject, about, status, last_error, created_at, "
                                       "next_attempt_at, attempts FROM outbox WHERE centre_id = :c AND status = "
                                       "'dead' ORDER BY created_at DESC, id",
                                       centre_id)) {
      auto to = ws.keys().open_secret(sealed_purpose, row.get<std::string>(1));
      out.push_back({row.get<std::string>(0), to.value_or("(unreadable)"), row.get<std::string>(2),
                     row.get<std::string>(3), row.get<std::string>(4), row.get<std::string>(5), row.get<std::string>(6),
                     row.get<std::string>(7), static_cast<int>(row.get<int64_t>(8))});
    }
    return out;
  });
}

Result<bool> send_again(app::Workspace& ws, const std::string& centre_id, const std::string& letter_id) {
  return store::guard_storage([&]() -> Result<bool> {
    store::WriteTransaction tx(ws.db(), centre_id);
    long long changed = store::execute(ws.db(),
                                       "UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = :n, "
                                       "last_error = '' WHERE id = :i AND centre_id = :c AND status = 'dead'",
                                       format_utc(now()), letter_id, centre_id);
    if (changed == 0) return fail(ErrorKind::not_found, "no email of this centre waits to be sent again with that id");
    tx.commit();
    return true;
  });
}

}  // namespace haven::mail
