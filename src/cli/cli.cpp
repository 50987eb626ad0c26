#include "cli/cli.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/text.hpp"
#include "store/database.hpp"

namespace haven::cli {

namespace json = boost::json;


int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Haven: records for child contact centres, with the confidentiality policy enforced."};
  app.require_subcommand(1);
  Common common;
  Command command;
  const Registrar registrar{app, command, common, out, err};
  add_workspace_commands(registrar);
  add_policy_commands(registrar);
  add_account_commands(registrar);
  add_family_commands(registrar);
  add_retention_commands(registrar);
  add_statistics_commands(registrar);
  add_portal_commands(registrar);

  // Text is valid UTF-8 at every entrance: an argument that is not is refused, naming it, before
  // anything is read or written.
  for (int i = 1; i < argc; ++i) {
    std::string_view arg(argv[i]);
    if (is_valid_utf8(arg)) continue;
    std::string_view option = arg.starts_with("--") ? arg.substr(0, arg.find('=')) : std::string_view();
    if (option.empty() && i > 1 && std::string_view(argv[i - 1]).starts_with("--")) option = argv[i - 1];
    auto refused = not_valid_text(option.empty() || !is_valid_utf8(option) ? fmt::format("Argument {}", i)
                                                                            : fmt::format("The value of {}", option));
    err << "haven: " << refused.error().message << "\n";
    return 2;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    err << "haven: " << e.what() << " (see 'haven --help')\n";
    return 2;
  }

  Result<Output> result = store::guard_storage([&]() -> Result<Output> {
    try {
      return command();
    } catch (const store::DatabaseError&) {
      throw;
    } catch (const std::exception& e) {
      return fail(ErrorKind::storage, std::string("internal error: ") + e.what());
    }
  });
  if (!result) {
    const auto& e = result.error();
    if (common.json) {
      json::object error{{"kind", to_string(e.kind)}, {"message", e.message}};
      if (e.clause) error["clause"] = e.clause_id();
      out << json::serialize(json::object{{"error", error}}) << "\n";
    } else {
      err << "haven: " << e.message << "\n";
    }
    return exit_code_of(e.kind);
  }
  if (common.json)
    out << json::serialize(result->data) << "\n";
  else
    out << result->text;
  return result->exit_code;
}

}  // namespace haven::cli
