#include "service/chain_breaks.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "dataprotection/breaches.hpp"
#include "governance/oversight.hpp"
#include "store/database.hpp"

namespace haven::service {

void record_chain_breaks(app::Workspace& ws, const audit::VerifyReport& report, std::string_view found_when) {
  for (const auto& chain : report.chains) {
    if (chain.ok) continue;
    audit::VerifyReport one;  // this chain's break alone, to be described
    one.ok = false;
    one.first_broken = chain.first_broken;
    one.problem = chain.problem;
    one.broken_chain = chain.chain;
    std::string detection = fmt::format("audit_chain:{}:witnessed-{}", chain.chain, chain.witnessed_to);
    std::string what = fmt::format(
        "Haven found, {}, that the audit trail does not verify at {}. Entries may have been changed or deleted "
        "outside Haven, so records may have been read or changed without a trace. Find out how, and put the trail "
        "right.",
        found_when, governance::describe_break(ws, one));
    for (const auto& summary : ws.centres()) {
      if (!chain.chain.empty() && summary.id != chain.chain) continue;
      auto centre = ws.centre(summary.id);
      auto recorded = centre ? dataprotection::record_detected(ws, **centre, {detection, what, {}, {}, now()})
                             : Result<std::optional<std::string>>(std::unexpected(centre.error()));
      if (!recorded) spdlog::error("could not log the broken audit chain as a breach: {}", recorded.error().message);
    }
  }
}

std::string read_only_reason(app::Workspace& ws, const audit::VerifyReport& report) {
  return fmt::format(
      "Haven is serving read-only: the audit chain does not verify at {}. Nothing can be changed until it is put "
      "right; 'haven audit verify' shows where it breaks.",
      governance::describe_break(ws, report));
}

Result<int64_t> sign_checkpoints(app::Workspace& ws, const std::function<void(const std::string&)>& on_break) {
  auto signed_ = ws.audit().checkpoint();
  if (signed_ || signed_.error().kind != ErrorKind::integrity) return signed_;
  auto report = store::guard_storage([&]() -> Result<audit::VerifyReport> { return ws.audit().verify_tails(); });
  if (report && !report->ok) {
    record_chain_breaks(ws, *report, "while signing its audit trail");
    if (on_break) on_break(read_only_reason(ws, *report));
  }
  return signed_;
}

}  // namespace haven::service
