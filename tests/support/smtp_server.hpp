// Test support: a real SMTP server on a free loopback port (tests/support/smtp_server.mjs, the
// smtp-server package from npm) that offers STARTTLS with a certificate made for it (openssl),
// takes mail only after signing in as haven / mail-secret, and keeps every message it receives.
// Stopped with SIGTERM when destroyed. port() is 0 when it did not start within ten seconds.
#pragma once
#include <string>
#include <vector>

#include "mail/smtp.hpp"
#include "support/temp_workspace.hpp"

namespace haven::testing {

class SmtpServer {
 public:
  SmtpServer();
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  unsigned short port() const { return port_; }
  // Settings that reach this server: STARTTLS, trusting its certificate, signed in.
  mail::SmtpSettings settings() const;
  // The options of `haven serve` that send its email here, sending every second.
  std::string serve_options() const;
  // A message as the server received it.
  struct Received {
    std::string from;
    std::vector<std::string> to;
    bool secure = false;  // sent after STARTTLS
    std::string user;     // who signed in
    std::string data;     // headers and body as sent
  };
  std::vector<Received> received() const;

 private:
  TempDir dir_;
  int pid_ = 0;
  unsigned short port_ = 0;
};

}  // namespace haven::testing
