#include "core/error.hpp"

namespace haven {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input: return "invalid_input";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::denied: return "denied";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::integrity: return "integrity";
    case ErrorKind::storage: return "storage";
    case ErrorKind::unavailable: return "unavailable";
  }
  return "unknown";
}

}  // namespace haven
