#include "service/checkpoints.hpp"

namespace haven::service {

Result<std::unique_ptr<CheckpointSigner>> CheckpointSigner::start(const app::Paths& paths,
                                                                  std::chrono::seconds interval,
                                                                  std::function<void(const Error&)> on_failure) {
  auto ws = app::Workspace::open(paths, false);
  if (!ws) return std::unexpected(ws.error());
  std::unique_ptr<CheckpointSigner> signer(new CheckpointSigner());
  signer->ws_ = std::move(*ws);
  signer->interval_ = std::max(interval, std::chrono::seconds{1});
  signer->on_failure_ = std::move(on_failure);
  signer->thread_ = std::thread([s = signer.get()] {
    std::unique_lock lock(s->mutex_);
    while (!s->wake_.wait_for(lock, s->interval_, [s] { return s->stopping_; })) {
      lock.unlock();
      s->sign();
      lock.lock();
    }
  });
  return signer;
}

CheckpointSigner::~CheckpointSigner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sign();  // the last entries the server wrote
}

void CheckpointSigner::sign() {
  auto signed_ = ws_->audit().checkpoint();
  if (!signed_ && on_failure_) on_failure_(signed_.error());
}

}  // namespace haven::service
