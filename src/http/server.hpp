// The HTTP server: Boost.Beast over Asio, one I/O thread (handlers run on it in turn, so the
// single database connection behind them is never shared between threads).
//
// Limits: request headers at most `header_limit` bytes (431 beyond), bodies at most
// `body_limit` bytes (413 beyond; compressed bodies are not accepted at all), every read and
// write within `timeout`. A malformed request gets 400 and the connection is closed; the server
// keeps serving. A handler that throws produces a 500 whose body says only "internal error".
// With a certificate and key configured, connections are TLS (1.2 or later) only.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "http/message.hpp"

namespace haven::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 64 * 1024;
  std::chrono::seconds timeout{30};
  std::string tls_certificate;  // PEM files; both empty for plain HTTP
  std::string tls_private_key;
  bool stop_on_signals = false;  // SIGINT and SIGTERM end run() cleanly
};

using Handler = std::function<Response(Request&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();

  // Binds and listens; returns the port actually bound.
  Result<unsigned short> listen();
  // Serves until stop() is called (from any thread).
  void run();
  void stop();

  struct Impl;  // Asio state, shared with the connections

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace haven::http
