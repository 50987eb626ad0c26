#include "audit/witness.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <iterator>
#include <fstream>

namespace haven::audit {

namespace {

constexpr std::string_view line_tag = "haven-witness-1";
// Ends a line that a crash cut short, when the next record is written after it.
constexpr std::string_view cut_short_tag = "\thaven-witness-cut-short";

// Eight fields, and a ninth when the record holds a checkpoint's own signature.
std::string line_of(const crypto::WitnessRecord& r) {
  auto line = fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}", line_tag, r.serial, r.kind, r.chain, r.seq, r.hash, r.at,
                          r.signature);
  if (!r.checkpoint_signature.empty()) line += "\t" + r.checkpoint_signature;
  return line + "\n";
}

std::optional<int64_t> number(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<crypto::WitnessRecord> parse_line(std::string_view line) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    auto tab = line.find('\t', start);
    parts.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  if ((parts.size() != 8 && parts.size() != 9) || parts[0] != line_tag) return std::nullopt;
  auto serial = number(parts[1]), seq = number(parts[4]);
  if (!serial || !seq) return std::nullopt;
  return crypto::WitnessRecord{*serial,
                               std::string(parts[2]),
                               std::string(parts[3]),
                               *seq,
                               std::string(parts[5]),
                               std::string(parts[6]),
                               std::string(parts[7]),
                               parts.size() == 9 ? std::string(parts[8]) : std::string()};
}

}  // namespace

Result<crypto::WitnessRecord> Witness::keep(std::string_view kind, const std::string& chain, int64_t seq,
                                            const std::string& hash, const std::string& checkpoint_signature) {
  auto record = keys_.keep_witness(kind, chain, seq, hash, checkpoint_signature);
  if (!record || file_.empty()) return record;
  int fd = ::open(file_.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return fail(ErrorKind::storage, fmt::format("cannot open the audit witness file {}", file_));
  auto line = line_of(*record);
  // After a write cut short by a crash the file ends mid-line: mark that line as such, and start
  // this record on a line of its own.
  struct stat st{};
  char last = '\n';
  if (::fstat(fd, &st) == 0 && st.st_size > 0 && ::pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n')
    line.insert(0, std::string(cut_short_tag) + "\n");
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return fail(ErrorKind::storage, fmt::format("cannot append to the audit witness file {}", file_));
  return record;
}

Result<Witnessed> Witness::read() {
  auto kept = keys_.witness_records();
  if (!kept) return std::unexpected(kept.error());
  Witnessed out;
  // Keyed by serial and signature (which covers every field): the same record in both copies is
  // one; records that share a serial (a key store restored from a backup numbers on from its
  // copy) stay apart.
  std::map<std::pair<int64_t, std::string>, crypto::WitnessRecord> merged;
  for (auto& r : *kept) merged.emplace(std::make_pair(r.serial, r.signature), std::move(r));
  if (!file_.empty()) {
    std::ifstream in(file_, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    int64_t number = 0;
    size_t start = 0;
    // A last line without its newline is a write cut short by a crash: not a record, not a problem.
    for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
      std::string_view line(text.data() + start, end - start);
      ++number;
      if (line.ends_with(cut_short_tag)) continue;
      auto r = parse_line(line);
      if (!r) {
        out.problems.push_back(fmt::format("line {} of the witness file {} cannot be read", number, file_));
        continue;
      }
      // A line the key store holds word for word adds nothing to the key store's own record,
      // which lies out of the records' reach: only a line that differs has its signature checked
      // (a third of a long verification's work went to checking each record twice).
      auto key = std::make_pair(r->serial, r->signature);
      if (auto same = merged.find(key); same != merged.end() && same->second == *r) continue;
      if (!crypto::verify_signature(keys_.public_key_hex(), crypto::witness_message(*r), r->signature)) {
        out.problems.push_back(fmt::format("line {} of the witness file {} has a bad signature", number, file_));
        continue;
      }
      merged.emplace(key, *r);
    }
  }
  for (auto& [key, r] : merged) {
    auto& records = out.by_chain[r.chain];
    if (r.kind == "restore") records.clear();  // what came before the restore no longer binds
    records.push_back(std::move(r));
  }
  return out;
}

}  // namespace haven::audit
