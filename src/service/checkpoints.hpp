// Work `haven serve` does beside answering requests, each on a thread and a workspace of its own:
//
//   PeriodicJob       runs a job every `interval`, and once more when it stops (the destructor
//                     stops the thread, runs the job, and joins)
//   start_checkpoint_signer()
//                     signs the audit chain's newest entry at least every `interval`, so an entry
//                     the server wrote never stays unsigned for long (a signed checkpoint is what
//                     lets `haven audit verify` see entries deleted from the end of the chain)
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

 private:
  PeriodicJob() = default;
  void run_job();

  std::unique_ptr<app::Workspace> ws_;
  std::chrono::seconds interval_{60};
  Job job_;
  std::function<void(const Error&)> on_failure_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

[[nodiscard]] Result<std::unique_ptr<PeriodicJob>> start_checkpoint_signer(
    const app::Paths& paths, std::chrono::seconds interval, std::function<void(const Error&)> on_failure);

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
