// Signs the audit chain's newest entry at least every `interval` while `haven serve` runs, and
// once more when it stops, so an entry the server wrote never stays unsigned for long (a signed
// checkpoint is what lets `haven audit verify` see entries deleted from the end of the chain).
// Owns one thread and a workspace of its own; the destructor stops it, signs and joins.
// A failure to sign is logged through `on_failure` and tried again at the next interval.
#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "app/workspace.hpp"
#include "core/error.hpp"

namespace haven::service {

class CheckpointSigner {
 public:
  [[nodiscard]] static Result<std::unique_ptr<CheckpointSigner>> start(const app::Paths& paths,
                                                                       std::chrono::seconds interval,
                                                                       std::function<void(const Error&)> on_failure);
  ~CheckpointSigner();
  CheckpointSigner(const CheckpointSigner&) = delete;
  CheckpointSigner& operator=(const CheckpointSigner&) = delete;

 private:
  CheckpointSigner() = default;
  void sign();

  std::unique_ptr<app::Workspace> ws_;
  std::chrono::seconds interval_{60};
  std::function<void(const Error&)> on_failure_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace haven::service
