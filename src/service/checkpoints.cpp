#include "service/checkpoints.hpp"

#include "mail/outbox.hpp"
#include "notices/notices.hpp"
#include "retention/tidy.hpp"
#include "service/chain_breaks.hpp"

namespace haven::service {

Result<std::unique_ptr<PeriodicJob>> PeriodicJob::start(const app::Paths& paths, std::chrono::seconds interval, Job job,
                                                        std::function<void(const Error&)> on_failure) {
  auto ws = app::Workspace::open(paths, false);
  if (!ws) return std::unexpected(ws.error());
  std::unique_ptr<PeriodicJob> runner(new PeriodicJob());
  runner->ws_ = std::move(*ws);
  runner->interval_ = std::max(interval, std::chrono::seconds{1});
  runner->job_ = std::move(job);
  runner->on_failure_ = std::move(on_failure);
  runner->thread_ = std::thread([r = runner.get()] {
    std::unique_lock lock(r->mutex_);
    while (!r->wake_.wait_for(lock, r->interval_, [r] { return r->stopping_; })) {
      lock.unlock();
      r->run_job();
      lock.lock();
    }
  });
  return runner;
}

PeriodicJob::~PeriodicJob() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  run_job();  // what the last requests left
}

void PeriodicJob::refuse_changes(std::string reason) {
  std::lock_guard lock(mutex_);
  refusing_ = std::move(reason);
}

void PeriodicJob::run_job() {
  {
    std::lock_guard lock(mutex_);
    if (refusing_ && !ws_->audit().refusing()) ws_->audit().refuse_changes(*refusing_);
  }
  // A job reports its failures itself; anything it throws is reported here instead of ending the
  // server, and the job is tried again at the next interval.
  try {
    job_(*ws_);
  } catch (const std::exception& e) {
    if (on_failure_) on_failure_(Error{ErrorKind::storage, e.what(), std::nullopt});
  }
}

Result<std::unique_ptr<PeriodicJob>> start_checkpoint_signer(const app::Paths& paths, std::chrono::seconds interval,
                                                             std::function<void(const Error&)> on_failure,
                                                             std::function<void(const std::string&)> on_break) {
  return PeriodicJob::start(
      paths, interval,
      [on_failure, on_break](app::Workspace& ws) {
        auto signed_ = sign_checkpoints(ws, on_break);
        if (!signed_ && on_failure) on_failure(signed_.error());
      },
      on_failure);
}

Result<std::unique_ptr<PeriodicJob>> start_mail_courier(const app::Paths& paths, std::chrono::seconds interval,
                                                        mail::SmtpSettings smtp,
                                                        std::function<void(const Error&)> on_failure) {
  return PeriodicJob::start(
      paths, interval,
      [smtp = std::move(smtp), on_failure, told = Instant{}](app::Workspace& ws) mutable {
        // What waits for staff who chose to be emailed about it, looked at every few minutes.
        if (now() - told >= notices_interval) {
          told = now();
          for (const auto& summary : ws.centres()) {
            auto centre = ws.centre(summary.id);
            auto letters =
                centre ? notices::email_what_waits(ws, **centre, told) : Result<int>(std::unexpected(centre.error()));
            if (!letters && on_failure) on_failure(letters.error());
          }
        }
        auto delivered = mail::deliver_due(ws, smtp, now());
        if (!delivered && on_failure) on_failure(delivered.error());
      },
      on_failure);
}

Result<std::unique_ptr<PeriodicJob>> start_housekeeper(const app::Paths& paths, std::chrono::seconds interval,
                                                       std::function<void(const Error&)> on_failure) {
  return PeriodicJob::start(
      paths, interval,
      [on_failure](app::Workspace& ws) {
        for (const auto& summary : ws.centres()) {
          auto centre = ws.centre(summary.id);
          auto tidied = centre ? retention::tidy(ws, **centre, now())
                               : Result<retention::Tidied>(std::unexpected(centre.error()));
          if (!tidied && on_failure) on_failure(tidied.error());
        }
      },
      on_failure);
}

}  // namespace haven::service
