// The demo centre: a centre under the chosen preset with staff in every role and three
// families of invented people, with referrals, sessions, attendance and notes, so Haven can be
// tried at once. Nothing in it describes a real person.
#pragma once
#include <string>
#include <vector>

#include "app/workspace.hpp"

namespace haven::cli {

// Every demo account signs in with this password; management and the safeguarding lead also
// need the TOTP code from their secret in `second_factors`.
inline constexpr const char* demo_password = "haven-demo-password";

struct DemoSummary {
  std::string centre_id;
  std::vector<std::string> staff_handles;  // "handle (role)"
  std::vector<std::string> family_references;
  std::vector<std::pair<std::string, std::string>> second_factors;  // handle, base32 TOTP secret
};

Result<DemoSummary> create_demo(app::Workspace& ws, const std::string& preset_path);

}  // namespace haven::cli
