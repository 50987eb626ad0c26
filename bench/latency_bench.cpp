// How long a cheap signed-in request (GET /api/v1/me as the coordinator) waits while another
// client loops a long job (GET /api/v1/audit/verify as the manager over a long audit chain),
// against the same request alone; for a server with one worker (every request in turn, as Haven
// once ran) and for the server as `haven serve` runs it (worker lanes, a workspace per worker).
// Prints medians, 99th percentiles and their ratios, all measured in one run.
//
// Usage: haven_latency_bench [requests per measurement, default 2000] [chain entries, default 14000]
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include "access/staff.hpp"
#include "accounts/accounts.hpp"
#include "cli/demo.hpp"
#include "http/server.hpp"
#include "service/pool.hpp"
#include "store/database.hpp"
#include "support/temp_workspace.hpp"

namespace {

using namespace haven;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

// One keep-alive connection, one request at a time.
class Connection {
 public:
  explicit Connection(unsigned short port) : stream_(ioc_) {
    stream_.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  bhttp::response<bhttp::string_body> send(bhttp::verb verb, const std::string& target, const std::string& body = {}) {
    bhttp::request<bhttp::string_body> req(verb, target, 11);
    req.set(bhttp::field::host, "127.0.0.1");
    req.set(bhttp::field::content_type, "application/json");
    if (!cookie_.empty()) req.set(bhttp::field::cookie, cookie_);
    if (!bearer_.empty()) req.set(bhttp::field::authorization, "Bearer " + bearer_);
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(stream_, req);
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream_, buffer_, res);
    if (auto c = res[bhttp::field::set_cookie]; !c.empty()) cookie_ = std::string(c.substr(0, c.find(';')));
    return res;
  }
  void sign_in(const std::string& handle) {
    boost::json::object body{{"handle", handle}, {"password", cli::demo_password}};
    auto res = send(bhttp::verb::post, "/api/v1/login", boost::json::serialize(body));
    if (res.result_int() != 200) throw std::runtime_error("sign-in failed for " + handle + ": " + res.body());
  }
  void use_token(std::string token) { bearer_ = std::move(token); }

 private:
  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string cookie_;
  std::string bearer_;
};

struct Spread {
  double median_ms = 0, p99_ms = 0;
};

Spread time_requests(Connection& c, int n) {
  std::vector<double> ms;
  ms.reserve(n);
  for (int i = 0; i < n; ++i) {
    auto start = Clock::now();
    auto res = c.send(bhttp::verb::get, "/api/v1/me");
    if (res.result_int() != 200) throw std::runtime_error("GET /api/v1/me gave " + std::to_string(res.result_int()));
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

struct Measured {
  Spread alone, beside_verify;
  int verifies = 0;
};

Measured measure(const app::Paths& paths, const std::string& manager_token, bool lanes, int n) {
  http::ServerOptions options;
  options.port = 0;
  options.workers = lanes ? http::quick_workers(0) : 1;
  if (lanes) options.lane_of = service::lane_of;
  std::size_t threads = options.workers + options.slow_workers + options.sign_in_workers;
  auto pool = service::ServicePool::open(paths, lanes ? threads : 1);
  if (!pool) throw std::runtime_error(pool.error().message);
  http::Server server(options, [&](http::Request& r) { return (*pool)->handle(r); });
  auto port = server.listen().value();
  std::thread serving([&] { server.run(); });

  Measured out;
  {
    Connection coordinator(port), manager(port);
    coordinator.sign_in("coord.amy");
    manager.use_token(manager_token);
    time_requests(coordinator, n / 10);  // warm up
    out.alone = time_requests(coordinator, n);
    std::atomic<bool> done{false};
    std::atomic<int> verifies{0};
    std::thread heavy([&] {
      while (!done) {
        auto res = manager.send(bhttp::verb::get, "/api/v1/audit/verify");
        if (res.result_int() != 200) throw std::runtime_error("verify gave " + std::to_string(res.result_int()));
        ++verifies;
      }
    });
    while (verifies == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    out.beside_verify = time_requests(coordinator, n);
    done = true;
    heavy.join();
    out.verifies = verifies;
  }
  server.stop();
  serving.join();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 2000;
  int entries = argc > 2 ? std::atoi(argv[2]) : 14000;
  haven::testing::TempDir dir;
  app::Paths paths = app::Paths::beside(dir.file("bench.db"));
  std::string manager_token;  // the manager's script token (a second factor is for people, not loops)
  {
    auto ws = app::Workspace::open(paths, true).value();
    auto demo = cli::create_demo(*ws, haven::testing::shipped_preset_path("birmingham")).value();
    accounts::TokenRequest request;
    request.label = "latency bench";
    request.scopes = {accounts::Scope{accounts::ScopeKind::read, accounts::ScopeArea::oversight}};
    manager_token = accounts::issue_token(*ws, access::find_staff(*ws, "mgmt.raj").value(), request).value().token;
    // A long chain for the verify to walk, appended in batches.
    for (int done = 0; done < entries; done += 500) {
      store::WriteTransaction tx(ws->db());
      for (int i = 0; i < 500; ++i)
        ws->audit().append({demo.centre_id, "stf_bench", "bench", "bench", "", "7", "allow"});
      tx.commit();
    }
    if (!ws->audit().checkpoint()) return 1;
  }
  auto one = measure(paths, manager_token, false, n);
  auto lanes = measure(paths, manager_token, true, n);
  auto line = [](const char* name, const Measured& r) {
    fmt::print("{:<28} alone: median {:.2f} ms, p99 {:.2f} ms; beside verify: median {:.2f} ms, p99 {:.2f} ms "
               "({} verifies); ratios median {:.1f}x, p99 {:.1f}x\n",
               name, r.alone.median_ms, r.alone.p99_ms, r.beside_verify.median_ms, r.beside_verify.p99_ms, r.verifies,
               r.beside_verify.median_ms / r.alone.median_ms, r.beside_verify.p99_ms / r.alone.p99_ms);
  };
  fmt::print("GET /api/v1/me, {} requests a measurement, audit chain of {} entries\n", n, entries);
  line("one worker (in turn):", one);
  line("worker lanes:", lanes);
  return 0;
}
