// The haven command line. run_cli parses argv (CLI11), runs one command and returns the exit
// code: 0 success, 1 storage or other failure, 2 invalid input or usage, 3 denied by policy,
// 4 not found, 5 integrity failure. Errors are printed as "haven: <message>" to `err`, or as
// {"error": {...}} to `out` with --json.
#pragma once
#include <ostream>

namespace haven::cli {

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace haven::cli
