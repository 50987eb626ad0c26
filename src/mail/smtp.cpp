#include "mail/smtp.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "core/ids.hpp"
#include "core/time.hpp"

namespace haven::mail {

bool is_email_address(std::string_view s) {
  auto at = s.find('@');
  return at != std::string_view::npos && at > 0 && s.find('.', at) != std::string_view::npos && s.back() != '.' &&
         s.find('@', at + 1) == std::string_view::npos && s.find_first_of(" \t\r\n<>,;") == std::string_view::npos;
}

Result<std::string> email_as_typed(std::string_view typed) {
  auto from = typed.find_first_not_of(" \t\r\n");
  std::string_view email = from == std::string_view::npos
                               ? std::string_view()
                               : typed.substr(from, typed.find_last_not_of(" \t\r\n") - from + 1);
  if (!is_email_address(email)) return fail(ErrorKind::invalid_input, "email: an email address, like name@example.org");
  return std::string(email);
}

namespace {

bool one_line(std::string_view s) { return s.find_first_of("\r\n") == std::string_view::npos; }

// A header value in RFC 2047's encoded words when it is not plain ASCII.
std::string header_text(std::string_view text) {
  bool ascii = std::all_of(text.begin(), text.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
  if (ascii) return std::string(text);
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  std::size_t i = 0;
  for (; i + 2 < text.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(text[i]) << 16) | (static_cast<unsigned char>(text[i + 1]) << 8) |
                 static_cast<unsigned char>(text[i + 2]);
    for (int shift : {18, 12, 6, 0}) b64 += alphabet[(n >> shift) & 63];
  }
  if (i < text.size()) {
    unsigned n = static_cast<unsigned char>(text[i]) << 16;
    if (i + 1 < text.size()) n |= static_cast<unsigned char>(text[i + 1]) << 8;
    b64 += alphabet[(n >> 18) & 63];
    b64 += alphabet[(n >> 12) & 63];
    b64 += i + 1 < text.size() ? alphabet[(n >> 6) & 63] : '=';
    b64 += '=';
  }
  return "=?UTF-8?B?" + b64 + "?=";
}

// The body with every line ending as CRLF.
std::string crlf_lines(std::string_view body) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r') continue;
    if (body[i] == '\n')
      out += "\r\n";
    else
      out += body[i];
  }
  if (!out.ends_with("\r\n")) out += "\r\n";
  return out;
}

struct Upload {
  const std::string* data;
  std::size_t sent = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  std::size_t n = std::min(size * count, up->data->size() - up->sent);
  std::copy_n(up->data->data() + up->sent, n, buffer);
  up->sent += n;
  return n;
}

std::string angle(const std::string& address) { return "<" + address + ">"; }

}  // namespace

Result<std::string> wire_format(const SmtpSettings& smtp, const Email& email, std::string_view message_id) {
  if (!one_line(email.to) || email.to.empty()) return fail(ErrorKind::invalid_input, "to: one address, on one line");
  if (!one_line(email.subject)) return fail(ErrorKind::invalid_input, "subject: one line");
  if (!one_line(smtp.from)) return fail(ErrorKind::invalid_input, "from: one address, on one line");
  auto domain = smtp.from.substr(smtp.from.find('@') + 1);
  return fmt::format(
      "Date: {}\r\nFrom: {}\r\nTo: {}\r\nSubject: {}\r\nMessage-ID: <{}@{}>\r\nMIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}",
      format_rfc5322(now()), angle(smtp.from), angle(email.to), header_text(email.subject), message_id, domain,
      crlf_lines(email.body));
}

Result<bool> send(const SmtpSettings& smtp, const Email& email) {
  if (!smtp.configured()) return fail(ErrorKind::unavailable, "no mail server is configured");
  HAVEN_TRY(message, wire_format(smtp, email, new_id("msg")));
  static std::once_flag initialised;
  std::call_once(initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return fail(ErrorKind::unavailable, "could not start a mail connection");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
      curl_slist_append(nullptr, angle(email.to).c_str()), &curl_slist_free_all);
  Upload upload{&message};
  char error[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  std::string from = angle(smtp.from);
  curl_easy_setopt(c, CURLOPT_URL, smtp.url.c_str());
  curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!smtp.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, smtp.ca_file.c_str());
  if (!smtp.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, smtp.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, smtp.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  CURLcode done = curl_easy_perform(c);
  if (done == CURLE_OK) return true;
  // The server out of reach (or refusing Haven itself) fails every letter alike; anything else
  // is this letter's.
  bool server = done == CURLE_COULDNT_RESOLVE_HOST || done == CURLE_COULDNT_CONNECT ||
                done == CURLE_OPERATION_TIMEDOUT || done == CURLE_SSL_CONNECT_ERROR ||
                done == CURLE_PEER_FAILED_VERIFICATION || done == CURLE_USE_SSL_FAILED || done == CURLE_LOGIN_DENIED;
  return fail(server ? ErrorKind::unavailable : ErrorKind::conflict,
              fmt::format("the mail server did not take the email: {}", error[0] ? error : curl_easy_strerror(done)));
}

}  // namespace haven::mail
