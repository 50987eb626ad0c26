// Work `haven serve` does beside answering requests, each on a thread and a workspace of its own:
//
//   PeriodicJob       runs a job every `interval`, and once more when it stops (the destructor
//                     stops the thread, runs the job, and joins)
//   start_checkpoint_signer()
//                     signs the audit chain's newest entry at least every `interval`, so an entry
//                     the server wrote never stays unsigned for long (a signed checkpoint is what
//                     lets `haven audit verify` see entries deleted from the end of the chain); a
//                     chain found not to verify is logged as a breach and reported to on_break
//   start_mail_courier()
//                     sends the outbox's due email (mail/outbox.hpp) every `interval`, and every
//                     few minutes emails staff who chose it about what waits for them
//   start_housekeeper()
//                     tidies what has served its purpose (retention/tidy.hpp) every `interval`
//
// A failure is passed to `on_failure` (to be logged) and the job is tried again at the next interval.
#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/workspace.hpp"
#include "core/error.hpp"
#include "mail/smtp.hpp"

namespace haven::service {

class PeriodicJob {
 public:
  using Job = std::function<void(app::Workspace&)>;
  // `on_failure` also hears of anything the job throws (the server runs on).
  [[nodiscard]] static Result<std::unique_ptr<PeriodicJob>> start(const app::Paths& paths,
                                                                  std::chrono::seconds interval, Job job,
                                                                  std::function<void(const Error&)> on_failure);
  ~PeriodicJob();
  PeriodicJob(const PeriodicJob&) = delete;
  PeriodicJob& operator=(const PeriodicJob&) = delete;
  // From its next run on, the job's workspace refuses changes with `reason` (the audit chain is
  // broken: Haven serves read-only). Thread-safe.
  void refuse_changes(std::string reason);

 private:
  PeriodicJob() = default;
  void run_job();

  std::unique_ptr<app::Workspace> ws_;
  std::chrono::seconds interval_{60};
  Job job_;
  std::function<void(const Error&)> on_failure_;
  std::mutex mutex_;  // guards stopping_ and refusing_
  std::condition_variable wake_;
  bool stopping_ = false;
  std::optional<std::string> refusing_;
  std::thread thread_;
};

// `on_break` hears why Haven must serve read-only when a chain is found not to verify: on the
// signer's thread, at every signing while the chain stays broken, the last as the signer stops.
[[nodiscard]] Result<std::unique_ptr<PeriodicJob>> start_checkpoint_signer(
    const app::Paths& paths, std::chrono::seconds interval, std::function<void(const Error&)> on_failure,
    std::function<void(const std::string&)> on_break = {});

// How often the courier looks at what waits for staff who chose to be emailed about it
// (notices::email_what_waits), each look read as each of them and audited.
inline constexpr std::chrono::minutes notices_interval{5};

[[nodiscard]] Result<std::unique_ptr<PeriodicJob>> start_mail_courier(const app::Paths& paths,
                                                                      std::chrono::seconds interval,
                                                                      mail::SmtpSettings smtp,
                                                                      std::function<void(const Error&)> on_failure);

[[nodiscard]] Result<std::unique_ptr<PeriodicJob>> start_housekeeper(const app::Paths& paths,
                                                                     std::chrono::seconds interval,
                                                                     std::function<void(const Error&)> on_failure);

}  // namespace haven::service
