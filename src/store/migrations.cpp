#include "store/migrations.hpp"

namespace haven::store {

std::vector<std::string> split_statements(std::string_view sql, std::string_view dialect) {
  std::vector<std::string> statements;
  std::string current;
  std::string_view only;  // the dialect the statement being read is bound to, if any
  auto kept = [&] { return dialect.empty() || only.empty() || only == dialect; };
  size_t pos = 0;
  while (pos < sql.size()) {
    size_t end = sql.find('\n', pos);
    if (end == std::string_view::npos) end = sql.size();
    std::string_view line = sql.substr(pos, end - pos);
    pos = end + 1;
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) continue;
    if (line.substr(first, 2) == "--") {
      auto comment = line.substr(first);
      comment = comment.substr(0, comment.find_last_not_of(" \t\r") + 1);
      if (comment == "-- sqlite only") only = "sqlite";
      if (comment == "-- postgresql only") only = "postgresql";
      continue;
    }
    current.append(line);
    current.push_back('\n');
    auto last = line.find_last_not_of(" \t\r");
    if (line[last] == ';') {
      current.erase(current.find_last_of(';'));
      if (kept()) statements.push_back(std::move(current));
      current.clear();
      only = {};
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos && kept()) statements.push_back(current);
  return statements;
}

}  // namespace haven::store
