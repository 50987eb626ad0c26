// Chunked authenticated encryption of a whole byte stream (libsodium secretstream,
// XChaCha20-Poly1305, 64 KiB chunks), for files too large to seal as one value: database backups.
// seal_stream() writes a header and the sealed chunks, the last one marked final; open_stream()
// refuses a stream that was altered, reordered, cut short or sealed under another key, and then
// has written only a prefix of the plaintext, which the caller discards. Both leave the streams'
// ownership with the caller; no shared state, so any number may run at once.
#pragma once
#include <cstdint>
#include <istream>
#include <ostream>

#include "core/error.hpp"
#include "crypto/secret.hpp"

namespace haven::crypto {

struct StreamSizes {
  std::uint64_t plain_bytes = 0;
  std::uint64_t sealed_bytes = 0;
};

[[nodiscard]] Result<StreamSizes> seal_stream(std::istream& in, std::ostream& out, const SecretKey& key);
[[nodiscard]] Result<StreamSizes> open_stream(std::istream& in, std::ostream& out, const SecretKey& key);

}  // namespace haven::crypto
