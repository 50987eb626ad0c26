// Haven's own finding of a broken audit chain, logged as a breach candidate. A chain that does not
// verify may mean records were changed or read without a trace, so each break goes into the breach
// log (dataprotection::record_detected) of every centre it concerns (every centre, for the chain
// from before centres had their own), once per break: a break is known by its chain and the newest
// entry the witness saw, which stay the same however often it is found. It is looked for when the
// server starts (service/pool.cpp), each time the running server signs its checkpoints
// (sign_checkpoints below), and by `haven audit verify`. Either way the server then serves
// read-only (ServicePool::refuse_changes).
//
// Thread-safety: as safe as the Workspace given (one per thread).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "app/workspace.hpp"
#include "audit/audit_log.hpp"
#include "core/error.hpp"

namespace haven::service {

// Logs each chain of `report` that does not verify, found `found_when` ("when it started"). A
// failure to log one is written to the server's log; it never stops the caller.
void record_chain_breaks(app::Workspace& ws, const audit::VerifyReport& report, std::string_view found_when);

// The words every change is refused with while `report` shows a chain that does not verify: Haven
// serves read-only until it is put right.
[[nodiscard]] std::string read_only_reason(app::Workspace& ws, const audit::VerifyReport& report);

// The checkpoint signer's job: signs the chains' newest entries (audit::AuditLog::checkpoint); when
// that fails because a chain does not verify, the break is logged as above and `on_break` (when
// given) is told the read-only reason, for the running server to stop taking changes. The
// signing's result.
[[nodiscard]] Result<int64_t> sign_checkpoints(app::Workspace& ws,
                                               const std::function<void(const std::string&)>& on_break = {});

}  // namespace haven::service
