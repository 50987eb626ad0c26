#include "http/server.hpp"

#include "core/text.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <list>
#include <memory>
#include <optional>
#include <thread>

namespace haven::http {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

// A connection that waits for its next request, and can be closed to make room for a new one.
class Waiting {
 public:
  virtual ~Waiting() = default;
  virtual void evict() = 0;
  // Nothing of its next request has arrived yet (idle between requests, or a handshake not begun).
  [[nodiscard]] virtual bool received_nothing() const = 0;
};

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  std::atomic<std::size_t> open_connections{0};  // outlives the I/O context and every connection
  // The connections waiting for a request, longest waiting first. Used on the I/O thread only;
  // outlives the I/O context and every connection.
  std::list<std::weak_ptr<Waiting>> waiting;
  net::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  std::optional<ssl::context> tls;
  // A lane: its threads, and how many requests wait for them (bounded for all but the quick lane).
  struct Workers {
    std::optional<net::thread_pool> pool;
    std::atomic<std::size_t> waiting{0};
    std::size_t limit = 0;  // 0: no bound
  };
  Workers quick, slow, sign_in;

  Workers& lane(const Request& r) {
    switch (options.lane_of ? options.lane_of(r) : Lane::quick) {
      case Lane::slow: return slow;
      case Lane::sign_in: return sign_in;
      case Lane::quick: break;
    }
    return quick;
  }
  void accept();
  // Closes the connection that has waited longest for a request, preferring one that has
  // received nothing of it over one part way through sending it; false when none waits.
  bool evict_longest_waiting() {
    std::shared_ptr<Waiting> chosen;
    for (const auto& entry : waiting) {
      auto connection = entry.lock();
      if (!connection) continue;
      if (!chosen) chosen = connection;
      if (connection->received_nothing()) {
        chosen = connection;
        break;
      }
    }
    if (!chosen) return false;
    chosen->evict();  // takes itself off the list
    return true;
  }
};

std::string client_address(const std::string& peer, const std::string& forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](const std::string& a) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), a) != trusted_proxies.end();
  };
  if (!trusted(peer) || forwarded_for.empty()) return peer;
  std::string nearest = peer;
  std::size_t end = forwarded_for.size();
  while (end > 0) {
    auto comma = forwarded_for.rfind(',', end - 1);
    std::size_t start = comma == std::string::npos ? 0 : comma + 1;
    auto part = std::string_view(forwarded_for).substr(start, end - start);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) part.remove_suffix(1);
    std::string hop(part);
    if (hop.empty()) break;
    nearest = hop;
    if (!trusted(hop)) break;
    if (comma == std::string::npos) break;
    end = comma;
  }
  return nearest;
}

unsigned quick_workers(unsigned requested, unsigned per_core) {
  // A quick request spends most of its time waiting: on SQLite for the flush its audit entry's
  // commit shares with the other workers' (group commit), on PostgreSQL for the server's answer
  // to each statement. More workers than cores keep the cores busy meanwhile (bench/README.md).
  per_core = std::max(1u, per_core);
  return requested ? requested : per_core * std::max(2u, std::thread::hardware_concurrency());
}

namespace {

// A 503 for a server with no room just now: `message` says so, and Retry-After when to come back.
constexpr int retry_after_seconds = 5;
Response try_again_shortly(const std::string& message) {
  auto r = error_response(503, "unavailable", message);
  r.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return r;
}

template <class Stream>
constexpr bool is_tls = !std::is_same_v<Stream, beast::tcp_stream>;

// Fills a Haven request from a parsed Beast request; false when the target is not a valid path
// (its decoded path and query must be valid UTF-8 text, like every other entrance).
bool translate(const bhttp::request<bhttp::string_body>& in, Request& out) {
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  auto url = boost::urls::parse_origin_form(in.target());
  if (!url) return false;
  out.path = url->path();
  if (!is_valid_utf8(out.path)) return false;
  for (const auto& param : url->params()) {
    if (!is_valid_utf8(param.key) || !is_valid_utf8(param.value)) return false;
    out.query[param.key] = param.value;
  }
  for (const auto& field : in) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  out.body = in.body();
  return true;
}

template <class Stream>
class Connection : public Waiting, public std::enable_shared_from_this<Connection<Stream>> {
 public:
  template <class... Args>
  Connection(Server::Impl& server, Args&&... args) : server_(server), stream_(std::forward<Args>(args)...) {
    ++server_.open_connections;
  }
  ~Connection() override {
    stop_waiting();
    --server_.open_connections;
  }

  // Closed to make room: the read it waits on ends, and the connection with it (a request read
  // in full just before is dropped unanswered, not half answered).
  void evict() override {
    stop_waiting();
    evicted_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }
  bool received_nothing() const override { return buffer_.size() == 0 && (!parser_ || !parser_->got_some()); }

  // One connection too many: told so, and closed.
  void refuse() {
    if constexpr (is_tls<Stream>) {
      beast::error_code ignored;
      beast::get_lowest_layer(stream_).socket().close(ignored);
    } else {
      send(try_again_shortly("Haven has as many connections open as it takes; try again shortly"), false);
    }
  }

  void start() {
    if constexpr (is_tls<Stream>) {
      start_waiting();  // a handshake not yet made is waiting too
      beast::get_lowest_layer(stream_).expires_after(server_.options.timeout);
      stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        if (!ec) self->read();
      });
    } else {
      read();
    }
  }

 private:
  // On the waiting list from when a request is awaited until it has been read (or the read failed).
  void start_waiting() {
    stop_waiting();
    waiting_at_ = server_.waiting.insert(server_.waiting.end(), this->weak_from_this());
  }
  void stop_waiting() {
    if (!waiting_at_) return;
    server_.waiting.erase(*waiting_at_);
    waiting_at_.reset();
  }

  void read() {
    start_waiting();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    parser_->body_limit(server_.options.body_limit);
    beast::get_lowest_layer(stream_).expires_after(server_.options.timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    stop_waiting();
    if (evicted_) return close();
    if (ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout)
      return close();
    if (ec == bhttp::error::header_limit)
      return send(error_response(431, "invalid_input", "the request headers are too large"), false);
    if (ec == bhttp::error::body_limit)
      return send(error_response(413, "invalid_input", "the request body is too large"), false);
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category())
      return send(error_response(400, "invalid_input", "the request is not valid HTTP"), false);
    if (ec) return close();

    const auto& message = parser_->get();
    bool keep_alive = message.keep_alive();
    Request request;
    request.remote_address = client_address(remote_address(), std::string(message["X-Forwarded-For"]),
                                            server_.options.trusted_proxies);
    request.secure = is_tls<Stream>;
    if (!translate(message, request))
      return send(error_response(400, "invalid_input", "the request target is not a valid path"), false);
    auto encoding = request.header("content-encoding");
    if (!encoding.empty() && encoding != "identity")
      return send(error_response(415, "invalid_input", "compressed request bodies are not accepted"), false);

    // The handler runs on its lane's worker; the answer is written back on the I/O thread.
    auto& lane = server_.lane(request);
    if (lane.limit && lane.waiting.fetch_add(1) >= lane.limit) {
      --lane.waiting;
      return send(try_again_shortly("Haven is answering as many of these as it can; try again shortly"), keep_alive);
    }
    net::post(*lane.pool, [self = this->shared_from_this(), request = std::move(request), keep_alive,
                           &lane]() mutable {
      if (lane.limit) --lane.waiting;
      Response response;
      try {
        response = self->server_.handler(request);
      } catch (...) {
        response = error_response(500, "internal", "internal error");
      }
      net::post(self->stream_.get_executor(), [self, response = std::move(response), keep_alive]() mutable {
        self->send(std::move(response), keep_alive);
      });
    });
  }

  std::string remote_address() {
    beast::error_code ec;
    auto endpoint = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    return ec ? std::string() : endpoint.address().to_string();
  }

  void send(Response r, bool keep_alive) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->result(static_cast<unsigned>(r.status));
    res->version(11);
    res->set(bhttp::field::server, "Haven");
    res->set(bhttp::field::content_type, r.content_type);
    res->set(bhttp::field::cache_control, "no-store");
    res->set("X-Content-Type-Options", "nosniff");
    res->set("X-Frame-Options", "DENY");
    res->set("Referrer-Policy", "no-referrer");
    if (is_tls<Stream>) res->set("Strict-Transport-Security", "max-age=31536000");
    for (const auto& [name, value] : r.headers) res->insert(name, value);
    res->body() = std::move(r.body);
    res->keep_alive(keep_alive);
    res->prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(server_.options.timeout);
    bhttp::async_write(stream_, *res, [self = this->shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      if (keep_alive) return self->read();
      self->close();
    });
  }

  void close() {
    if constexpr (is_tls<Stream>) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
        beast::error_code ignored;
        beast::get_lowest_layer(self->stream_).socket().close(ignored);
      });
    } else {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
  }

  Server::Impl& server_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<std::list<std::weak_ptr<Waiting>>::iterator> waiting_at_;  // on server_.waiting
  bool evicted_ = false;
};

}  // namespace

void Server::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (!ec) {
      // Full: room is made by closing the connection that has waited longest for a request.
      bool full = open_connections.load() >= options.max_connections && !evict_longest_waiting();
      if (tls) {
        auto c = std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(*this, std::move(socket), *tls);
        full ? c->refuse() : c->start();
      } else {
        auto c = std::make_shared<Connection<beast::tcp_stream>>(*this, std::move(socket));
        full ? c->refuse() : c->start();
      }
    }
    accept();
  });
}

Server::Server(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  impl_->quick.pool.emplace(quick_workers(impl_->options.workers));
  impl_->slow.pool.emplace(std::max(1u, impl_->options.slow_workers));
  impl_->sign_in.pool.emplace(std::max(1u, impl_->options.sign_in_workers));
  impl_->slow.limit = impl_->sign_in.limit = impl_->options.lane_queue_limit;
}

Server::~Server() {
  for (auto* lane : {&impl_->quick, &impl_->slow, &impl_->sign_in}) {
    lane->pool->stop();
    lane->pool->join();
  }
}

Result<unsigned short> Server::listen() {
  auto& o = impl_->options;
  if (o.tls_certificate.empty() != o.tls_private_key.empty())
    return fail(ErrorKind::invalid_input, "TLS needs both a certificate and a private key");
  beast::error_code ec;
  if (!o.tls_certificate.empty()) {
    impl_->tls.emplace(ssl::context::tls_server);
    impl_->tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                            ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    impl_->tls->use_certificate_chain_file(o.tls_certificate, ec);
    if (!ec) impl_->tls->use_private_key_file(o.tls_private_key, ssl::context::pem, ec);
    if (ec) return fail(ErrorKind::invalid_input, "cannot load the TLS certificate or key: " + ec.message());
  }
  auto address = net::ip::make_address(o.address, ec);
  if (ec) return fail(ErrorKind::invalid_input, fmt::format("'{}' is not an IP address", o.address));
  tcp::endpoint endpoint(address, o.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail(ErrorKind::storage, fmt::format("cannot listen on {}:{}: {}", o.address, o.port, ec.message()));
  impl_->accept();
  return acceptor.local_endpoint().port();
}

void Server::run() {
  std::optional<net::signal_set> signals;
  if (impl_->options.stop_on_signals) {
    signals.emplace(impl_->ioc, SIGINT, SIGTERM);
    signals->async_wait([this](beast::error_code, int) { stop(); });
  }
  impl_->ioc.run();
  // Requests already being answered finish; those still queued are dropped with their connections.
  for (auto* lane : {&impl_->quick, &impl_->slow, &impl_->sign_in}) {
    lane->pool->stop();
    lane->pool->join();
  }
}

void Server::stop() {
  net::post(impl_->ioc, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->ioc.stop();
  });
}

}  // namespace haven::http
