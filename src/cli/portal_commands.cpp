// haven portal: the parents' portal's upkeep from the command line.
#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/text.hpp"
#include "portal/portal.hpp"

namespace haven::cli {

namespace {

// After upgrading from a Haven without the portal: parents already on record become findable by
// the email on their record, so that they can sign in.
Result<Output> cmd_index_emails(const Common& common) {
  return as_actor(common, [](app::Workspace& ws, const app::Centre& c, const access::Staff& as) -> Result<Output> {
    HAVEN_TRY(indexed, portal::index_parent_emails(ws, c, as));
    return Output{boost::json::object{{"indexed", indexed}},
                  indexed == 0 ? std::string("Every parent with an email on record can already sign in.\n")
                               : fmt::format("{} can now sign in to the portal with the email on their record.\n",
                                             counted(static_cast<std::size_t>(indexed), "parent", "parents"))};
  });
}

}  // namespace

void add_portal_commands(const Registrar& r) {
  const Common& common = r.common;
  auto* portal = r.app.add_subcommand("portal", "the parents' portal");
  portal->require_subcommand(1);
  auto* index = portal->add_subcommand(
      "index-emails", "let parents recorded before the portal existed sign in with the email on their record");
  r.with_database(index);
  r.with_actor(index);
  r.runs(index, [&common] { return cmd_index_emails(common); });
}

}  // namespace haven::cli
