// The server answers on worker threads in lanes of their own: a long job or a sign-in never holds
// up a quick request, two quick requests run side by side, and a connection beyond the cap is
// told so instead of waiting. Each test would hang (and fail at its deadline) on a server that
// ran one request at a time.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <sys/socket.h>
#include <sys/time.h>

#include <atomic>
#include <cerrno>
#include <future>
#include <thread>

#include "support/http_client.hpp"

namespace haven::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto deadline = 20s;  // far beyond any answer's time: reaching it means a request waited on another

// A server on a free port whose handler is `handler`, run on its own thread.
class LaneServer {
 public:
  LaneServer(http::Handler handler, http::ServerOptions options = {}) {
    options.port = 0;
    options.lane_of = [](const http::Request& r) {
      return r.path == "/slow" ? http::Lane::slow : r.path == "/sign-in" ? http::Lane::sign_in : http::Lane::quick;
    };
    server_ = std::make_unique<http::Server>(options, std::move(handler));
    port_ = server_->listen().value();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~LaneServer() {
    server_->stop();
    thread_.join();
  }
  unsigned short port() const { return port_; }

 private:
  std::unique_ptr<http::Server> server_;
  unsigned short port_ = 0;
  std::thread thread_;
};

http::Response text(std::string body) {
  http::Response r;
  r.content_type = "text/plain";
  r.body = std::move(body);
  return r;
}

// Sends GET `path` from a thread of its own.
std::future<HttpReply> get_async(unsigned short port, std::string path) {
  return std::async(std::launch::async, [port, path] { return Client(port).get(path); });
}

TEST(ServerLanes, AQuickRequestIsAnsweredWhileALongJobRuns) {
  std::promise<void> quick_answered;
  auto released = quick_answered.get_future().share();
  LaneServer server([released](http::Request& r) {
    if (r.path == "/slow" || r.path == "/sign-in") {
      // The long job goes on until a quick request has been answered beside it.
      return text(released.wait_for(deadline) == std::future_status::ready ? "finished after" : "waited alone");
    }
    return text("quick");
  });
  auto slow = get_async(server.port(), "/slow");
  auto sign_in = get_async(server.port(), "/sign-in");
  std::this_thread::sleep_for(100ms);  // let both start (the outcome does not depend on it)
  auto quick = get_async(server.port(), "/me");
  ASSERT_EQ(quick.wait_for(deadline), std::future_status::ready) << "the quick request waited for the long ones";
  EXPECT_EQ(quick.get().body, "quick");
  quick_answered.set_value();
  EXPECT_EQ(slow.get().body, "finished after");
  EXPECT_EQ(sign_in.get().body, "finished after");
}

TEST(ServerLanes, QuickRequestsRunSideBySide) {
  // The first request is answered only once a second one has reached the handler too.
  std::promise<void> second_arrived;
  auto arrived = second_arrived.get_future().share();
  std::atomic<int> calls{0};
  http::ServerOptions options;
  options.workers = 2;
  LaneServer server([&, arrived](http::Request&) {
    if (calls.fetch_add(1) == 0)
      return text(arrived.wait_for(deadline) == std::future_status::ready ? "together" : "alone");
    second_arrived.set_value();
    return text("second");
  }, options);
  auto first = get_async(server.port(), "/a");
  std::this_thread::sleep_for(100ms);
  auto second = get_async(server.port(), "/b");
  EXPECT_EQ(second.get().body, "second");
  EXPECT_EQ(first.get().body, "together");
}

// Whether the server closed `socket` within two seconds (end of stream), rather than leaving it open.
bool closed_by_server(boost::asio::ip::tcp::socket& socket) {
  timeval wait{2, 0};
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  char byte = 0;
  auto got = ::recv(socket.native_handle(), &byte, 1, 0);  // asio's own read would wait past the timeout
  return got == 0 || (got < 0 && errno == ECONNRESET);
}

// A connection to the server on `port` that sends nothing until told to.
boost::asio::ip::tcp::socket connected(boost::asio::io_context& ioc, unsigned short port) {
  boost::asio::ip::tcp::socket socket(ioc);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  return socket;
}

// Connections left open without a request, or sending one a byte at a time, cannot lock anyone
// out: at the cap, the one that has waited longest is closed to make room.
TEST(ServerLanes, AtTheCapTheLongestWaitingConnectionMakesRoom) {
  http::ServerOptions options;
  options.max_connections = 2;
  LaneServer server([](http::Request&) { return text("ok"); }, options);
  namespace net = boost::asio;
  net::io_context ioc;
  std::vector<net::ip::tcp::socket> waiting;
  for (int i = 0; i < 2; ++i) {
    waiting.push_back(connected(ioc, server.port()));
    std::this_thread::sleep_for(100ms);  // accepted in this order
  }
  (void)net::write(waiting[1], net::buffer(std::string("GET /half-sent HTTP/1.1\r\nHost: x\r\n")));
  auto third = Client(server.port()).get("/health");
  EXPECT_EQ(third.status, 200) << third.body;
  EXPECT_TRUE(closed_by_server(waiting[0])) << "the longest idle connection made room";
  EXPECT_FALSE(closed_by_server(waiting[1])) << "the newer one, half sent, is still open";
}

TEST(ServerLanes, AtTheCapAHalfSentRequestMakesRoom) {
  http::ServerOptions options;
  options.max_connections = 1;
  LaneServer server([](http::Request&) { return text("ok"); }, options);
  namespace net = boost::asio;
  net::io_context ioc;
  auto slow = connected(ioc, server.port());
  (void)net::write(slow, net::buffer(std::string("GET /half-sent HTTP/1.1\r\nHo")));
  std::this_thread::sleep_for(100ms);
  auto other = Client(server.port()).get("/health");
  EXPECT_EQ(other.status, 200) << other.body;
  EXPECT_TRUE(closed_by_server(slow));
}

// A lane of long jobs keeps a bounded queue: beyond it a request is told at once to try again,
// instead of waiting minutes behind the others; the quick lane is not affected.
TEST(ServerLanes, ALongJobBeyondItsLanesQueueIsToldToTryAgain) {
  std::promise<void> release, first_started;
  auto released = release.get_future().share();
  auto started = first_started.get_future();
  std::atomic<int> running{0};
  http::ServerOptions options;
  options.slow_workers = 1;
  options.lane_queue_limit = 2;
  LaneServer server([&, released](http::Request& r) {
    if (r.path == "/slow") {
      if (running.fetch_add(1) == 0) first_started.set_value();
      released.wait_for(deadline);
    }
    return text("done");
  }, options);
  auto first = get_async(server.port(), "/slow");
  ASSERT_EQ(started.wait_for(deadline), std::future_status::ready);
  // The one worker is busy: of three more, two wait in the lane and one is turned away.
  std::vector<std::future<HttpReply>> more;
  for (int i = 0; i < 3; ++i) more.push_back(get_async(server.port(), "/slow"));
  std::this_thread::sleep_for(500ms);  // time for all three to arrive before the worker is released
  EXPECT_EQ(Client(server.port()).get("/me").body, "done") << "the quick lane still answers";
  release.set_value();
  EXPECT_EQ(first.get().body, "done");
  int done = 0, refused = 0;
  for (auto& reply : more) {
    auto r = reply.get();
    if (r.status == 503 && r.body.find("try again") != std::string::npos && r.headers["retry-after"] == "5") ++refused;
    if (r.status == 200 && r.body == "done") ++done;
  }
  EXPECT_EQ(done, 2);
  EXPECT_EQ(refused, 1);
}

// Only when every connection has a request being answered is a new one told to try again.
TEST(ServerLanes, AConnectionBeyondTheCapOfBusyOnesIsToldToTryAgain) {
  std::promise<void> release;
  auto released = release.get_future().share();
  http::ServerOptions options;
  options.max_connections = 2;
  options.workers = 2;
  LaneServer server([released](http::Request& r) {
    if (r.path == "/busy") released.wait_for(deadline);
    return text("ok");
  }, options);
  auto first = get_async(server.port(), "/busy");
  auto second = get_async(server.port(), "/busy");
  std::this_thread::sleep_for(300ms);  // both are being answered
  auto third = Client(server.port()).get("/health");
  EXPECT_EQ(third.status, 503);
  EXPECT_NE(third.body.find("try again"), std::string::npos) << third.body;
  EXPECT_EQ(third.headers["retry-after"], "5");
  release.set_value();
  EXPECT_EQ(first.get().body, "ok");
  EXPECT_EQ(second.get().body, "ok");
  HttpReply again;
  for (int attempt = 0; attempt < 50 && again.status != 200; ++attempt) {
    std::this_thread::sleep_for(50ms);
    again = Client(server.port()).get("/health");
  }
  EXPECT_EQ(again.status, 200);
}

}  // namespace
}  // namespace haven::testing

namespace haven::testing {
namespace {

TEST(ClientAddress, ForwardedForIsBelievedFromATrustedProxyOnly) {
  std::vector<std::string> proxy{"10.0.0.2"};
  EXPECT_EQ(http::client_address("203.0.113.9", "198.51.100.1", proxy), "203.0.113.9") << "not a proxy: ignored";
  EXPECT_EQ(http::client_address("10.0.0.2", "198.51.100.1", proxy), "198.51.100.1");
  EXPECT_EQ(http::client_address("10.0.0.2", "", proxy), "10.0.0.2") << "no header: the proxy itself";
  // A client may send its own header; the proxy appends the address it saw, the right end counts.
  EXPECT_EQ(http::client_address("10.0.0.2", "1.2.3.4, 198.51.100.1", proxy), "198.51.100.1");
  // Chained proxies, all trusted: the nearest untrusted hop.
  std::vector<std::string> two{"10.0.0.2", "10.0.0.3"};
  EXPECT_EQ(http::client_address("10.0.0.2", "198.51.100.1, 10.0.0.3", two), "198.51.100.1");
  EXPECT_EQ(http::client_address("10.0.0.2", "198.51.100.1,10.0.0.3", {}), "10.0.0.2") << "nobody trusted";
}

}  // namespace
}  // namespace haven::testing
