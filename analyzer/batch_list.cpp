#include "analyzer/batch_list.h"

#include <charconv>
#include <set>

#include "parsers/mapped_file.h"
#include "reconstruct/sha256.h"

namespace mapsleuth::analyzer {
namespace {

constexpr u64 kMaxListBytes = u64{1} << 30;
constexpr u64 kMaxShards = 1'000'000;

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<u64> parse_u64(std::string_view s) {
  u64 v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::string input_identity(std::string_view line) { return reconstruct::sha256_hex(line); }

std::vector<BatchEntry> parse_batch_list(std::string_view text, const std::string& base_dir,
                                         Diagnostics& diags) {
  std::vector<BatchEntry> out;
  std::set<std::string_view> seen;
  size_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view raw = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    if (!seen.insert(line).second) {
      diags.warning(ErrorCode::kBatchList, "line " + std::to_string(line_no) +
                                               " repeats an earlier line; the input is analysed "
                                               "once");
      continue;
    }
    BatchEntry e;
    e.line.assign(line);
    e.id = input_identity(line);
    e.path = line.front() == '/' ? e.line : base_dir + e.line;
    e.line_no = line_no;
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<BatchEntry>> read_batch_list(const std::string& list_path, Diagnostics& diags) {
  Diagnostics read_diags(list_path, {});
  auto file = parsers::MappedFile::open(list_path, read_diags, kMaxListBytes);
  if (!file.ok()) {
    diags.push(Diagnostic{ErrorCode::kBatchList, Severity::kError, list_path, "", -1,
                          "cannot read the list"});
    return ErrorCode::kBatchList;
  }
  std::string_view text = file.value().bytes();
  if (text.find('\0') != std::string_view::npos) {
    diags.push(Diagnostic{ErrorCode::kBatchList, Severity::kError, list_path, "", -1,
                          "the list holds a NUL byte; expected one path per line"});
    return ErrorCode::kBatchList;
  }
  size_t slash = list_path.rfind('/');
  std::string base = slash == std::string::npos ? "" : list_path.substr(0, slash + 1);
  Diagnostics list_diags(list_path, {});
  auto entries = parse_batch_list(text, base, list_diags);
  diags.append(list_diags);
  return entries;
}

std::optional<Shard> parse_shard(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto k = parse_u64(text.substr(0, slash));
  auto n = parse_u64(text.substr(slash + 1));
  if (!k || !n || *k < 1 || *k > *n || *n > kMaxShards) return std::nullopt;
  return Shard{*k, *n};
}

bool in_shard(std::string_view id, Shard shard) {
  u64 h = 0;
  for (size_t i = 0; i < 16 && i < id.size(); ++i) {
    char c = id[i];
    u64 digit = c >= '0' && c <= '9' ? static_cast<u64>(c - '0') : static_cast<u64>(c - 'a' + 10);
    h = (h << 4) | (digit & 0xF);
  }
  return h % shard.n == shard.k - 1;
}

}  // namespace mapsleuth::analyzer
