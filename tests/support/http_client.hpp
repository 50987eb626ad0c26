// Test support: a running Haven (the JSON API and the web pages, as `haven serve` answers) on a
// free loopback port (a real demo workspace behind a real Beast server with its worker threads), and a
// small synchronous HTTP client with a cookie jar.
#pragma once
#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "service/pool.hpp"
#include "cli/demo.hpp"
#include "http/server.hpp"
#include "support/temp_workspace.hpp"

namespace haven::testing {

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  boost::json::value json() const;
};

class RunningApi {
 public:
  explicit RunningApi(const std::string& preset = "birmingham", api::ApiOptions options = {},
                      http::ServerOptions server_options = {});
  ~RunningApi();
  unsigned short port() const { return port_; }
  const cli::DemoSummary& demo() const { return demo_; }
  // A workspace of the test's own on the server's database (the server's workers have theirs).
  app::Workspace& workspace() { return *ws_; }
  std::string totp_secret(const std::string& handle) const;

 private:
  TempDir dir_;
  TestDatabase database_{dir_};
  std::unique_ptr<app::Workspace> ws_;
  cli::DemoSummary demo_;
  std::unique_ptr<service::ServicePool> services_;
  std::unique_ptr<http::Server> server_;
  unsigned short port_ = 0;
  std::thread thread_;
};

// What the first group of `pattern` matches in `text` (a token or a link on a page), or empty.
std::string first_match(const std::string& text, const std::string& pattern);
// The cookie a reply sets ("name=value"), or empty.
std::string cookie_of(const HttpReply& reply);
// `text` as a value in a form body (application/x-www-form-urlencoded).
std::string form_encoded(const std::string& text);

class Client {
 public:
  explicit Client(unsigned short port) : port_(port) {}
  HttpReply get(const std::string& target) { return send("GET", target, ""); }
  HttpReply post(const std::string& target, const std::string& body) { return send("POST", target, body); }
  HttpReply send(const std::string& method, const std::string& target, const std::string& body,
                 const std::map<std::string, std::string>& extra_headers = {});
  // Signs in and keeps the cookie and CSRF token for later requests.
  HttpReply sign_in(const std::string& handle, const std::string& password, const std::string& totp = "");
  void set_bearer(const std::string& token) { bearer_ = token; }
  void forget_csrf() { csrf_.clear(); }
  const std::string& csrf() const { return csrf_; }

 private:
  unsigned short port_;
  std::string cookie_;
  std::string csrf_;
  std::string bearer_;
};

// A client signed in as a demo member of staff (with a current TOTP code where the role needs one).
HttpReply sign_in_demo(Client& client, const RunningApi& haven, const std::string& handle);

// Sends raw bytes and returns the status code of the reply (0 when the server closed silently).
int raw_exchange(unsigned short port, const std::string& bytes);

}  // namespace haven::testing
