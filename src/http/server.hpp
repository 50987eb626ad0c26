// The HTTP server: Boost.Beast over Asio. One I/O thread reads and writes every connection
// asynchronously; handlers run on worker threads, in three lanes of their own so that no kind of
// request waits behind another: quick requests (`workers` threads), long jobs such as a whole
// chain's verification, PDFs and exports (`slow_workers`), and Argon2id sign-ins
// (`sign_in_workers`). `lane_of` says which lane a request takes (default: quick). The handler
// is called from several threads at once and must be thread-safe (service::ServicePool gives each
// thread a workspace of its own).
//
// At most `max_connections` connections are open at once, so idle connections cannot use up the
// process's file descriptors. When a new connection finds them all open, the one that has waited
// longest for its next request (idle between requests, or still sending one) is closed to make
// room, so connections left open, or sending their headers a byte at a time, cannot lock anyone
// out; only when every connection has a request being answered is the new one answered 503.
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
#include <vector>

#include "core/error.hpp"
#include "http/message.hpp"

namespace haven::http {

enum class Lane { quick, slow, sign_in };

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 64 * 1024;
  std::chrono::seconds timeout{30};
  std::string tls_certificate;  // PEM files; both empty for plain HTTP
  std::string tls_private_key;
  bool stop_on_signals = false;  // SIGINT and SIGTERM end run() cleanly
  unsigned workers = 0;          // quick lane threads; 0: quick_workers(0)
  unsigned slow_workers = 1;     // long jobs, apart from the quick lane
  unsigned sign_in_workers = 1;  // sign-ins, apart from both
  // Requests waiting for the slow or the sign-in lane beyond this many are answered 503 at once
  // rather than kept waiting behind jobs that take seconds. (The quick lane is bounded by the
  // connection cap: a connection has one request in hand at a time.)
  std::size_t lane_queue_limit = 32;
  std::size_t max_connections = 512;
  std::function<Lane(const Request&)> lane_of;  // empty: every request is quick
  // Reverse proxies whose X-Forwarded-For is believed (their addresses as the server sees them);
  // from anyone else the header is ignored. See client_address().
  std::vector<std::string> trusted_proxies;
};

// The client a request came from, as sign-in limits count it: the peer's address, unless the
// peer is a trusted proxy, in which case the nearest address in X-Forwarded-For that is not
// itself a trusted proxy (the header's right end is the one the proxy itself added).
[[nodiscard]] std::string client_address(const std::string& peer, const std::string& forwarded_for,
                                         const std::vector<std::string>& trusted_proxies);

// The quick lane's size for `requested` threads; 0: `per_core` threads a core, and at least two
// cores' worth. A worker that mostly waits on a local disk's flush wants several a core (Haven
// on SQLite: 4); one that keeps a database server busy, one a core (PostgreSQL: 1).
[[nodiscard]] unsigned quick_workers(unsigned requested, unsigned per_core = 4);

using Handler = std::function<Response(Request&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();

  // Binds and listens; returns the port actually bound.
  Result<unsigned short> listen();
  // Serves until stop() is called (from any thread); returns once every worker has finished.
  void run();
  void stop();

  struct Impl;  // Asio state, shared with the connections

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace haven::http
