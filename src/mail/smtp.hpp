// Sending one email through an SMTP server (libcurl). The connection is always encrypted:
// smtp:// is upgraded with STARTTLS (refused when the server does not offer it) and smtps:// is
// TLS from the start; the server's certificate and name are verified (against `ca_file` when one
// is given, else the system's trust store). Thread-safe: each call has its own connection.
#pragma once
#include <string>

#include "core/error.hpp"

namespace haven::mail {

// Whether `text` is written as an email address is (name@place.tld: one @, a dot after it, no
// spaces or list separators): a check of its form only, for every address Haven takes in or writes
// to; whether it reaches anyone is for the mail server to find out.
[[nodiscard]] bool is_email_address(std::string_view text);
// An address as someone typed it, without the spaces around it, when it is written as one;
// invalid_input naming 'email' otherwise.
[[nodiscard]] Result<std::string> email_as_typed(std::string_view typed);

struct SmtpSettings {
  std::string url;       // smtp://mail.example.org:587 (STARTTLS) or smtps://mail.example.org:465
  std::string username;  // empty: the server takes mail without signing in
  std::string password;
  std::string from;     // the address email comes from: haven@centre.example.org
  std::string ca_file;  // a PEM bundle of the certificates to trust; empty: the system's
  [[nodiscard]] bool configured() const { return !url.empty() && !from.empty(); }
};

struct Email {
  std::string to;       // one address
  std::string subject;  // one line
  std::string body;     // plain text, UTF-8
};

// The whole message as it goes on the wire (headers, a blank line, the body with CRLF line ends);
// a recipient or subject holding a line break is refused, so no header can be slipped in.
[[nodiscard]] Result<std::string> wire_format(const SmtpSettings& smtp, const Email& email,
                                              std::string_view message_id);

// Sends `email`. An error names what failed, never the message's contents: unavailable when the
// server could not be reached or refused Haven itself (connecting, TLS, signing in), which would
// fail any letter alike; conflict when the server refused this one (its recipient, say).
[[nodiscard]] Result<bool> send(const SmtpSettings& smtp, const Email& email);

}  // namespace haven::mail
