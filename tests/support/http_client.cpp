#include "support/http_client.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <regex>

#include "accounts/credentials.hpp"

namespace haven::testing {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

boost::json::value HttpReply::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec) ADD_FAILURE() << "not JSON: " << body;
  return v;
}

RunningApi::RunningApi(const std::string& preset, api::ApiOptions options, http::ServerOptions server_options) {
  auto ws = app::Workspace::open(database_.paths(), true);
  if (!ws) {
    ADD_FAILURE() << ws.error().message;
    std::abort();
  }
  ws_ = std::move(*ws);
  auto demo = cli::create_demo(*ws_, shipped_preset_path(preset));
  if (!demo) {
    ADD_FAILURE() << demo.error().message;
    std::abort();
  }
  demo_ = *demo;
  server_options.port = 0;
  server_options.workers = http::quick_workers(server_options.workers);
  server_options.lane_of = service::lane_of;
  auto services = service::ServicePool::open(
      database_.paths(), server_options.workers + server_options.slow_workers + server_options.sign_in_workers, options);
  if (!services) {
    ADD_FAILURE() << services.error().message;
    std::abort();
  }
  services_ = std::move(*services);
  server_ = std::make_unique<http::Server>(server_options, [this](http::Request& r) { return services_->handle(r); });
  auto port = server_->listen();
  if (!port) {
    ADD_FAILURE() << port.error().message;
    std::abort();
  }
  port_ = *port;
  thread_ = std::thread([this] { server_->run(); });
}

RunningApi::~RunningApi() {
  server_->stop();
  thread_.join();
}

std::string RunningApi::totp_secret(const std::string& handle) const {
  for (const auto& [h, secret] : demo_.second_factors)
    if (h == handle) return secret;
  return {};
}

HttpReply sign_in_demo(Client& client, const RunningApi& haven, const std::string& handle) {
  auto secret = haven.totp_secret(handle);
  return client.sign_in(handle, cli::demo_password, secret.empty() ? "" : accounts::totp_code(secret, now()));
}

std::string first_match(const std::string& text, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(pattern)) && m.size() > 1 ? m[1].str() : std::string();
}

std::string cookie_of(const HttpReply& reply) {
  auto set = reply.headers.contains("set-cookie") ? reply.headers.at("set-cookie") : std::string();
  return set.substr(0, set.find(';'));
}

std::string form_encoded(const std::string& text) {
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.')
      out += static_cast<char>(ch);
    else
      out += fmt::format("%{:02X}", ch);
  }
  return out;
}

HttpReply Client::send(const std::string& method, const std::string& target, const std::string& body,
                       const std::map<std::string, std::string>& extra_headers) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
  bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
  req.set(bhttp::field::host, "127.0.0.1");
  if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
  if (!cookie_.empty()) req.set(bhttp::field::cookie, cookie_);
  if (!csrf_.empty()) req.set("X-CSRF-Token", csrf_);
  if (!bearer_.empty()) req.set(bhttp::field::authorization, "Bearer " + bearer_);
  for (const auto& [k, v] : extra_headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(stream, buffer, res);
  HttpReply reply{static_cast<int>(res.result_int()), res.body(), {}};
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(field.value());
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return reply;
}

HttpReply Client::sign_in(const std::string& handle, const std::string& password, const std::string& totp) {
  boost::json::object body{{"handle", handle}, {"password", password}};
  if (!totp.empty()) body["totp"] = totp;
  auto reply = post("/api/v1/login", boost::json::serialize(body));
  if (reply.status == 200) {
    auto set_cookie = reply.headers["set-cookie"];
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    csrf_ = std::string(reply.json().as_object()["csrf_token"].as_string());
  }
  return reply;
}

int raw_exchange(unsigned short port, const std::string& bytes) {
  net::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  boost::system::error_code ec;
  net::write(socket, net::buffer(bytes), ec);
  std::string reply;
  std::array<char, 4096> buf{};
  for (;;) {
    auto n = socket.read_some(net::buffer(buf), ec);
    reply.append(buf.data(), n);
    if (ec) break;
  }
  if (reply.rfind("HTTP/1.1 ", 0) != 0) return 0;
  return std::stoi(reply.substr(9, 3));
}

}  // namespace haven::testing
