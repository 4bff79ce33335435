#include "analyzer/discover.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <nlohmann/json.hpp>
#include <set>

#include "analyzer/interrupt.h"
#include "parsers/archive_input.h"
#include "parsers/data_uri.h"
#include "parsers/directory_input.h"
#include "parsers/mapping_url.h"
#include "reconstruct/sha256.h"

namespace mapsleuth::analyzer {
namespace {

using parsers::InputKind;

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char a = s[s.size() - suffix.size() + i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != suffix[i]) return false;
  }
  return true;
}

// Percent-decodes a URL path (a malformed escape stays as it is), so that "%2e%2e/" is seen as the
// "../" it means to a browser.
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool has_scheme(std::string_view url) {
  // RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" - a one-letter "scheme" is a drive.
  size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon < 2) return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = url[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  return true;
}

// Keeps only the generated files some map names in linked_from.
void drop_unlinked_scripts(DiscoveredInput& out) {
  std::set<std::string_view> linked;
  for (const MapCandidate& m : out.maps) linked.insert(m.linked_from.begin(), m.linked_from.end());
  for (auto it = out.generated.begin(); it != out.generated.end();) {
    it = linked.count(it->first) != 0U ? std::next(it) : out.generated.erase(it);
  }
}

// Collects what later passes need from the delivered entries of one input.
class Collector {
 public:
  Collector(DiscoveredInput& out, const DiscoverLimits& limits) : out_(out), limits_(limits) {}

  bool on_entry(const parsers::Entry& e) {
    ++out_.file_count;
    out_.record.bytes += e.size;
    out_.files[e.name] = reconstruct::sha256_hex(e.bytes);
    if (ends_with_ci(e.name, ".map")) {
      MapCandidate m;
      m.path = e.name;
      m.bytes = Blob::keep(e);  // PERF: a tarball's 60 MB map is not copied a second time
      m.sha256 = out_.files[e.name];
      out_.maps.push_back(std::move(m));
    } else if (auto kind = parsers::script_kind_for_name(e.name)) {
      on_script(e.name, e.bytes, *kind, &e);
    }
    if (entry_base_name(e.name) == "package.json" && e.size <= (1u << 20)) {
      out_.package_jsons[e.name] = std::string(e.bytes);
    }
    return true;
  }

  // The trailing sourceMappingURL of a script: an inline data: map is decoded now (its bytes are
  // only valid during the callback); a URL is kept to be resolved once every entry is known.
  void on_script(const std::string& name, std::string_view text, parsers::ScriptKind kind,
                 const parsers::Entry* entry = nullptr) {
    auto url = parsers::extract_mapping_url(text, kind);
    auto mentions = parsers::other_mapping_url_mentions(text, url);
    constexpr size_t kMaxMentions = 20;
    for (size_t i = 0; i < mentions.size() && i < kMaxMentions; ++i) {
      report(ErrorCode::kMapRefNotTrailing, Severity::kInfo, name, mentions[i], {});
    }
    if (mentions.size() > kMaxMentions) {
      report(ErrorCode::kMapRefNotTrailing, Severity::kInfo, name, -1,
             std::to_string(mentions.size() - kMaxMentions) + " more mentions not listed");
    }
    if (!url || url->url.empty()) return;
    // The bundle itself is kept for attribution while it may link a map; resolve_references drops
    // the ones that link nothing.
    out_.generated[name] = GeneratedFile{entry ? Blob::keep(*entry) : Blob::copy_of(text), kind};
    if (parsers::is_data_uri(url->url)) {
      Diagnostics d(out_.diags.input(), name);
      auto data =
          parsers::decode_data_uri(url->url, d, limits_.max_data_uri_bytes, url->url_offset);
      out_.diags.append(d);
      if (!data.ok()) return;
      MapCandidate m;
      m.path = name;
      m.inline_map = true;
      m.sha256 = reconstruct::sha256_hex(data.value().bytes);
      m.bytes = Blob::copy_of(data.value().bytes);
      m.linked_from.push_back(name);
      out_.maps.push_back(std::move(m));
      return;
    }
    references_.emplace_back(name, std::string(url->url));
  }

  // Links every script reference to a map of the input; reports the ones not followed.
  void resolve_references() {
    std::stable_sort(out_.maps.begin(), out_.maps.end(),
                     [](const MapCandidate& a, const MapCandidate& b) {
                       return std::pair(a.inline_map, a.path) < std::pair(b.inline_map, b.path);
                     });
    for (const auto& [script, url] : references_) {
      Diagnostics d(out_.diags.input(), script);
      std::string target = resolve_map_reference(script, url, d);
      out_.diags.append(d);
      if (target.empty()) continue;
      auto it = std::find_if(out_.maps.begin(), out_.maps.end(), [&](const MapCandidate& m) {
        return !m.inline_map && m.path == target;
      });
      if (it != out_.maps.end()) {
        it->linked_from.push_back(script);
      } else {
        report(ErrorCode::kMapRefMissing, Severity::kWarning, script, -1,
               target + (out_.files.count(target) != 0 ? " (present, but not named .map)" : ""));
      }
    }
    for (const MapCandidate& m : out_.maps) {
      if (!m.inline_map && m.linked_from.empty()) {
        report(ErrorCode::kMapUnreferenced, Severity::kInfo, m.path, -1, {});
      }
    }
    drop_unlinked_scripts(out_);
  }

  void report(ErrorCode code, Severity sev, const std::string& entry, i64 offset,
              std::string_view detail) {
    Diagnostics d(out_.diags.input(), entry);
    d.add(code, sev, detail, offset);
    out_.diags.append(d);
  }

 private:
  DiscoveredInput& out_;
  const DiscoverLimits& limits_;
  std::vector<std::pair<std::string, std::string>> references_;
};

std::optional<reports::Package> package_of(const std::map<std::string, std::string>& jsons) {
  // The package itself: the shallowest package.json (npm tarballs: package/package.json).
  const std::string* best = nullptr;
  size_t best_depth = ~size_t{0};
  for (const auto& [name, bytes] : jsons) {
    if (name.find("node_modules/") != std::string::npos) continue;
    size_t depth = static_cast<size_t>(std::count(name.begin(), name.end(), '/'));
    if (depth < best_depth) {
      best_depth = depth;
      best = &bytes;
    }
  }
  if (best == nullptr) return std::nullopt;
  auto j = nlohmann::json::parse(*best, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("name") || !j["name"].is_string()) {
    return std::nullopt;
  }
  reports::Package p;
  p.name = j["name"].get<std::string>();
  if (j.contains("version") && j["version"].is_string()) {
    p.version = j["version"].get<std::string>();
  }
  return p;
}

std::string directory_digest(const std::map<std::string, std::string>& files) {
  // A directory has no bytes of its own: its sha256 is that of the sorted "sha256  name\n" listing
  // (the sha256sum format), so it changes whenever any file does.
  reconstruct::Sha256 h;
  for (const auto& [name, sha] : files) {
    h.update(sha);
    h.update("  ");
    h.update(name);
    h.update("\n");
  }
  return h.hex();
}

// The mapped file is hashed on a worker (out.digests) when `out` keeps its mapping, which outlives
// that work: a map, or a script attributed against its sibling map. Otherwise it is hashed here.
void discover_single_file(const std::string& path, parsers::MappedFile file, InputKind kind,
                          DiscoveredInput& out, const DiscoverLimits& limits) {
  std::string name(entry_base_name(path));
  std::string_view bytes = file.bytes();  // a mapping's address survives moving the MappedFile
  out.file_count = 1;
  if (kind == InputKind::kMap) {
    MapCandidate m;
    m.path = name;
    m.bytes = Blob::mapped(std::move(file));
    m.sha256 = out.files[name] = out.record.sha256 = out.digests.start(bytes);
    out.maps.push_back(std::move(m));
    return;
  }
  Collector c(out, limits);
  auto script_kind =
      kind == InputKind::kCss ? parsers::ScriptKind::kCss : parsers::ScriptKind::kJavaScript;
  auto url = parsers::extract_mapping_url(bytes, script_kind);
  if (url && !url->url.empty() && !parsers::is_data_uri(url->url)) {
    // A sibling map beside the script: resolved like a reference inside a one-file input, so it may
    // name a file in the script's directory or below, never above it, never absolute, never remote.
    std::string target = resolve_map_reference(name, url->url, out.diags);
    if (!target.empty()) {
      std::string dir(entry_dir(path));
      std::string sibling = dir.empty() ? target : dir + "/" + target;
      Diagnostics d(out.diags.input(), target);
      auto mapped = parsers::MappedFile::open(sibling, d, limits.input.max_entry_bytes);
      if (mapped.ok()) {
        MapCandidate m;
        m.path = target;
        m.bytes = Blob::mapped(std::move(mapped).value());
        m.sha256 = out.files[target] = out.digests.start(m.bytes.bytes());
        m.linked_from.push_back(name);
        ++out.file_count;  // inputs[].bytes and sha256 stay those of the script itself
        out.maps.push_back(std::move(m));
        out.generated[name] = GeneratedFile{Blob::mapped(std::move(file)), script_kind};
        out.files[name] = out.record.sha256 = out.digests.start(bytes);
      } else {
        c.report(ErrorCode::kMapRefMissing, Severity::kWarning, name, -1, target);
      }
    }
    if (out.record.sha256.empty()) {  // no sibling map took the script's mapping
      out.files[name] = out.record.sha256 = reconstruct::sha256_hex(bytes);
    }
    auto mentions = parsers::other_mapping_url_mentions(bytes, url);
    for (i64 at : mentions) c.report(ErrorCode::kMapRefNotTrailing, Severity::kInfo, name, at, {});
    return;
  }
  out.files[name] = out.record.sha256 = reconstruct::sha256_hex(bytes);
  c.on_script(name, bytes, script_kind);
  drop_unlinked_scripts(out);
}

}  // namespace

std::string PendingDigests::start(std::string_view bytes) {
  if (!group_) group_ = std::make_unique<parallel::TaskGroup>();
  auto& digest = digests_.emplace_back(std::make_unique<std::string>());
  group_->run([bytes, out = digest.get()] { *out = reconstruct::sha256_hex(bytes); });
  // Not hex, so never taken for a digest: "\x01digest " + slot.
  return "\x01"
         "digest " +
         std::to_string(digests_.size() - 1);
}

void PendingDigests::finish(DiscoveredInput& input) {
  if (digests_.empty()) return;
  std::exception_ptr failed;  // a task's bad_alloc: its fields end empty, then it is rethrown
  try {
    group_->wait();
  } catch (...) {
    failed = std::current_exception();
  }
  auto settle = [&](std::string& field) {
    if (field.empty() || field[0] != '\x01') return;
    field = *digests_.at(std::stoul(field.substr(field.find(' ') + 1)));
  };
  settle(input.record.sha256);
  for (auto& [name, sha] : input.files) settle(sha);
  for (MapCandidate& m : input.maps) settle(m.sha256);
  digests_.clear();
  group_.reset();
  if (failed) std::rethrow_exception(failed);
}

Blob Blob::copy_of(std::string_view bytes) {
  Blob b;
  b.owned_ = std::make_unique<char[]>(bytes.size() + parsers::kInputPadding);
  if (!bytes.empty()) std::memcpy(b.owned_.get(), bytes.data(), bytes.size());
  std::memset(b.owned_.get() + bytes.size(), 0, parsers::kInputPadding);
  b.view_ = std::string_view(b.owned_.get(), bytes.size());
  return b;
}

Blob Blob::adopt(std::unique_ptr<char[]> buffer, size_t size) {
  Blob b;
  b.owned_ = std::move(buffer);
  b.view_ = std::string_view(b.owned_.get(), size);
  return b;
}

Blob Blob::keep(const parsers::Entry& e) {
  if (e.take_bytes) {
    if (std::unique_ptr<char[]> buffer = e.take_bytes()) return adopt(std::move(buffer), e.size);
  }
  return copy_of(e.bytes);
}

Blob Blob::mapped(parsers::MappedFile file) {
  Blob b;
  b.mapped_ = std::move(file);
  b.view_ = b.mapped_.bytes();
  return b;
}

std::string_view entry_base_name(std::string_view name) {
  size_t slash = name.rfind('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

std::string_view entry_dir(std::string_view name) {
  size_t slash = name.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : name.substr(0, slash);
}

std::string resolve_map_reference(std::string_view script, std::string_view url,
                                  Diagnostics& diags) {
  std::string u(url);
  // Query and fragment never name a different file on disk.
  size_t cut = u.find_first_of("?#");
  if (cut != std::string::npos) u.resize(cut);
  std::string shown = escape_for_terminal(std::string(url));
  if (u.rfind("//", 0) == 0 || (has_scheme(u) && u.rfind("file:", 0) != 0)) {
    diags.add(ErrorCode::kMapRefRemote, Severity::kWarning, shown);
    return {};
  }
  std::string path = percent_decode(u);
  std::replace(path.begin(), path.end(), '\\', '/');
  if (path.rfind("file:", 0) == 0 || (!path.empty() && path[0] == '/') ||
      (path.size() >= 2 && path[1] == ':')) {
    diags.add(ErrorCode::kMapRefAbsolute, Severity::kWarning, shown);
    return {};
  }
  std::vector<std::string> parts;
  std::string dir(entry_dir(script));
  std::string joined = dir.empty() ? path : dir + "/" + path;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t slash = joined.find('/', start);
    if (slash == std::string::npos) slash = joined.size();
    std::string part = joined.substr(start, slash - start);
    if (part == "..") {
      if (parts.empty()) {
        diags.add(ErrorCode::kMapRefEscapes, Severity::kWarning, shown);
        return {};
      }
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

DiscoveredInput discover_input(const std::string& path, const DiscoverLimits& limits,
                               Digests digests) {
  DiscoveredInput out;
  out.diags = Diagnostics(path, {});
  out.record.path = path;
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) {
    out.record.status = "failed";
    out.record.kind = "unknown";
    out.diags.error(ErrorCode::kInputFailed, std::string("cannot stat: ") + std::strerror(errno));
    return out;
  }
  Collector collector(out, limits);
  parsers::InputStatus status = parsers::InputStatus::kOk;
  if (S_ISDIR(st.st_mode)) {
    out.record.kind = "dir";
    auto source = parsers::make_directory_input(path, limits.input);
    status = source->for_each_entry(
        [&](const parsers::Entry& e) {
          throw_if_interrupted();
          return collector.on_entry(e);
        },
        out.diags);
    collector.resolve_references();
    out.record.sha256 = directory_digest(out.files);
  } else {
    auto mapped = parsers::MappedFile::open(path, out.diags, limits.input.max_input_bytes);
    if (!mapped.ok()) {
      out.record.status = "failed";
      out.record.kind = "unknown";
      out.diags.error(ErrorCode::kInputFailed, "cannot open the input");
      return out;
    }
    std::string_view bytes = mapped.value().bytes();
    InputKind kind = parsers::detect_input_kind(path, bytes.substr(0, 4096));
    out.record.kind = std::string(parsers::input_kind_name(kind));
    switch (kind) {
      case InputKind::kTgz:
      case InputKind::kTar:
      case InputKind::kZip: {
        // The archive is hashed while it is decompressed. Declared after `mapped`, the group is
        // destroyed, so waited for, before the mapping it reads, even when an exception unwinds.
        parallel::TaskGroup hashing;
        hashing.run([&out, bytes] { out.record.sha256 = reconstruct::sha256_hex(bytes); });
        u64 compressed = bytes.size();
        auto source = parsers::make_archive_input(bytes, kind, limits.input);
        status = source->for_each_entry(
            [&](const parsers::Entry& e) {
              throw_if_interrupted();
              return collector.on_entry(e);
            },
            out.diags);
        collector.resolve_references();
        // inputs[].bytes of an archive is its size on disk; the uncompressed total is in totals.
        out.record.bytes = compressed;
        hashing.wait();
        break;
      }
      case InputKind::kJs:
      case InputKind::kCss:
      case InputKind::kMap:
        out.record.bytes = bytes.size();
        discover_single_file(path, std::move(mapped).value(), kind, out, limits);
        break;
      default:
        out.record.sha256 = reconstruct::sha256_hex(bytes);
        out.record.status = "failed";
        out.diags.error(ErrorCode::kInputKind,
                        "not an archive, a directory, a script, a stylesheet or a map");
        return out;
    }
  }
  if (status == parsers::InputStatus::kPartial) out.record.status = "partial";
  if (status == parsers::InputStatus::kFailed) out.record.status = "failed";
  out.record.package = package_of(out.package_jsons);
  if (digests == Digests::kNow) out.digests.finish(out);
  return out;
}

void check_input_unchanged(const std::string& path, const std::optional<parsers::FileStamp>& before,
                           DiscoveredInput& input) {
  if (!before) return;  // discover_input has reported why it could not be read
  std::optional<parsers::FileStamp> after = parsers::stamp_of(path);
  if (after && *after == *before) return;
  input.diags.error(ErrorCode::kInputChanged,
                    (after ? parsers::describe_change(*before, *after) : std::string("removed")) +
                        " while it was read; the results may mix two versions of it");
  if (input.record.status == "ok") input.record.status = "partial";
}

}  // namespace mapsleuth::analyzer
