#include "crypto/stream.hpp"

#include <sodium.h>

#include <vector>

namespace haven::crypto {

namespace {
constexpr std::size_t chunk = 64 * 1024;
constexpr std::size_t tag_bytes = crypto_secretstream_xchacha20poly1305_ABYTES;
}  // namespace

Result<StreamSizes> seal_stream(std::istream& in, std::ostream& out, const SecretKey& key) {
  ensure_sodium();
  StreamSizes sizes;
  crypto_secretstream_xchacha20poly1305_state state;
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_init_push(&state, header, key.data());
  out.write(reinterpret_cast<const char*>(header), sizeof header);
  sizes.sealed_bytes += sizeof header;
  std::vector<unsigned char> buf(chunk), sealed(chunk + tag_bytes);
  for (;;) {
    in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(chunk));
    auto n = static_cast<std::size_t>(in.gcount());
    bool last = in.peek() == std::char_traits<char>::eof();
    unsigned long long len = 0;
    crypto_secretstream_xchacha20poly1305_push(&state, sealed.data(), &len, buf.data(), n, nullptr, 0,
                                               last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    out.write(reinterpret_cast<const char*>(sealed.data()), static_cast<std::streamsize>(len));
    sizes.plain_bytes += n;
    sizes.sealed_bytes += len;
    if (last) break;
  }
  sodium_memzero(buf.data(), buf.size());
  if (!out) return fail(ErrorKind::storage, "the sealed copy could not be written in full");
  return sizes;
}

Result<StreamSizes> open_stream(std::istream& in, std::ostream& out, const SecretKey& key) {
  ensure_sodium();
  StreamSizes sizes;
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  in.read(reinterpret_cast<char*>(header), sizeof header);
  crypto_secretstream_xchacha20poly1305_state state;
  if (!in || crypto_secretstream_xchacha20poly1305_init_pull(&state, header, key.data()) != 0)
    return fail(ErrorKind::integrity, "the sealed stream's header is damaged");
  sizes.sealed_bytes += sizeof header;
  std::vector<unsigned char> sealed(chunk + tag_bytes), buf(chunk);
  bool finished = false;
  while (!finished) {
    in.read(reinterpret_cast<char*>(sealed.data()), static_cast<std::streamsize>(sealed.size()));
    auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    unsigned long long len = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&state, buf.data(), &len, &tag, sealed.data(), n, nullptr, 0) != 0)
      break;
    out.write(reinterpret_cast<const char*>(buf.data()), static_cast<std::streamsize>(len));
    sizes.plain_bytes += len;
    sizes.sealed_bytes += n;
    finished = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  }
  sodium_memzero(buf.data(), buf.size());
  if (!finished) return fail(ErrorKind::integrity, "the sealed stream is damaged, cut short or sealed with another key");
  return sizes;
}

}  // namespace haven::crypto
