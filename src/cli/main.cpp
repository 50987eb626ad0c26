// Entry point of the haven binary; everything happens in cli::run_cli.
#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char** argv) { return haven::cli::run_cli(argc, argv, std::cout, std::cerr); }
