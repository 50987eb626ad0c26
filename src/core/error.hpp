// Haven's error values. Expected failures (a denial, bad input, a missing record) travel as
// Result<T>; exceptions are kept for the truly exceptional. Every message is written to be
// shown to a user as it is: one clear sentence, never a personal value, never an internal detail.
#pragma once
#include <expected>
#include <optional>
#include <string>
#include <utility>

#include "core/clause.hpp"

namespace haven {

enum class ErrorKind {
  invalid_input,  // the caller gave something malformed; nothing was changed
  not_found,      // the named record does not exist (or is not visible to the caller)
  denied,         // the policy refused; clause says which one
  conflict,       // the request clashes with what is already recorded
  integrity,      // stored data failed a check (tampering, wrong key)
  storage,        // the database or a file could not be used
  unavailable,    // the database cannot take the request just now (busy, read-only, full, unreachable):
                  // nothing was changed, and the same request may succeed once the fault clears
};

struct Error {
  ErrorKind kind;
  std::string message;
  std::optional<Clause> clause;  // the policy clause a denial was refused under

  // As cited (see core/clause.hpp); empty when no clause is named.
  [[nodiscard]] std::string clause_id() const { return cite(clause); }
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string message, std::optional<Clause> clause = std::nullopt) {
  return std::unexpected(Error{kind, std::move(message), clause});
}

const char* to_string(ErrorKind kind);

// Unwraps a Result into `out`, or returns its error from the enclosing function.
#define HAVEN_TRY(out, expr)                                       \
  auto out##_result = (expr);                                      \
  if (!out##_result) return std::unexpected(out##_result.error()); \
  auto& out = *out##_result

// Returns the error of a Result from the enclosing function, when it holds one; the value of a
// success is not needed.
#define HAVEN_CHECK(expr)                                 \
  if (auto haven_checked = (expr); !haven_checked) return std::unexpected(haven_checked.error())

}  // namespace haven
