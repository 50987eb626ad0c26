#include "support/smtp_server.hpp"

#include <signal.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

namespace haven::testing {

SmtpServer::SmtpServer() {
  // A certificate for 127.0.0.1, made for this server alone; the client is told to trust it.
  command_output(
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -addext "
      "'subjectAltName=IP:127.0.0.1,DNS:localhost' -keyout '" +
      dir_.file("key.pem") + "' -out '" + dir_.file("cert.pem") + "' 2>/dev/null");
  auto log = dir_.file("smtp.log");
  auto pid = command_output("cd '" + std::string(HAVEN_SOURCE_DIR) + "' && node tests/support/smtp_server.mjs '" +
                            dir_.path().string() + "' >'" + log + "' 2>&1 & echo $!");
  pid_ = std::stoi(pid);
  port_ = port_in_log(log, "smtp listening on (\\d+)");
}

SmtpServer::~SmtpServer() {
  if (pid_ > 0) kill(pid_, SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

mail::SmtpSettings SmtpServer::settings() const {
  return {"smtp://127.0.0.1:" + std::to_string(port_), "haven", "mail-secret", "haven@centre.example.org",
          dir_.file("cert.pem")};
}

std::string SmtpServer::serve_options() const {
  auto s = settings();
  std::string password_file = dir_.file("smtp.password");
  std::ofstream(password_file) << s.password << "\n";
  return "--smtp-url " + s.url + " --smtp-user " + s.username + " --smtp-password-file '" + password_file +
         "' --smtp-ca-file '" + s.ca_file + "' --mail-from " + s.from + " --mail-seconds 1";
}

std::vector<SmtpServer::Received> SmtpServer::received() const {
  std::vector<Received> out;
  std::ifstream in(dir_.file("messages.jsonl"));
  std::string line;
  while (std::getline(in, line)) {
    auto o = boost::json::parse(line).as_object();
    Received r;
    r.from = o["from"].as_string();
    for (const auto& to : o["to"].as_array()) r.to.emplace_back(to.as_string());
    r.secure = o["secure"].as_bool();
    r.user = o["user"].is_string() ? std::string(o["user"].as_string()) : std::string();
    r.data = o["data"].as_string();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace haven::testing
