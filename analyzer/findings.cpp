#include "analyzer/findings.h"

// GCC 12 with -fsanitize=address reports -Wmaybe-uninitialized inside libstdc++'s <regex> NFA
// builder (a std::function member of a local _State, std_function.h:405); nothing of ours is
// involved. The pragma must precede every header that pulls in std_function.h.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <fnmatch.h>
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <bitset>
#include <exception>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <regex>
#include <stdexcept>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "analyzer/vectorscan.h"
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace mapsleuth::analyzer {
namespace {

constexpr std::string_view kOthersKey = "[others]";

// `extract` runs libstdc++'s breadth-first regex executor (its __polynomial extension): the
// default depth-first one recurses once per byte and overflowed a 4 MB TBB worker stack on a
// 4 KB match under ASan; the breadth-first one keeps its states on the heap and is linear in the
// match. It rejects back-references, which a rule then reports as an invalid `extract`.
#ifdef _GLIBCXX_RELEASE
constexpr auto kExtractSyntax = std::regex::ECMAScript | std::regex_constants::__polynomial;
#else
#error "analyzer/findings.cpp needs libstdc++'s breadth-first std::regex (__polynomial)"
#endif
// libstdc++ (GCC 12) reads a back-reference number or a {min,max} bound into a long with no
// overflow check (regex_compiler.tcc, _M_cur_int_value): a rule's "\\1111111111111111111" was
// signed overflow, undefined behaviour (found by fuzz_rules). No rule needs ten digits there, so
// such a pattern is refused before std::regex parses it.
constexpr size_t kMaxRegexNumberDigits = 9;

bool has_oversized_regex_number(std::string_view re) {
  auto digits_from = [&re](size_t i) {
    size_t n = 0;
    while (i + n < re.size() && re[i + n] >= '0' && re[i + n] <= '9') ++n;
    return n;
  };
  for (size_t i = 0; i < re.size(); ++i) {
    if (re[i] == '\\') {
      if (digits_from(i + 1) > kMaxRegexNumberDigits) return true;
      ++i;  // the escaped character is never a metacharacter
    } else if (re[i] == '{') {
      const size_t low = digits_from(i + 1);
      const size_t comma = i + 1 + low;
      if (low > kMaxRegexNumberDigits || (comma < re.size() && re[comma] == ',' &&
                                          digits_from(comma + 1) > kMaxRegexNumberDigits)) {
        return true;
      }
    }
  }
  return false;
}

struct OversizedNumber : std::regex_error {
  OversizedNumber() : std::regex_error(std::regex_constants::error_badbrace) {}
  const char* what() const noexcept override {
    return "a back-reference or repeat count has more than 9 digits";
  }
};

constexpr u64 kMaxLeftBytes = 256;  // how far `left_class` may extend a match
constexpr u8 kContentBit = 1;
constexpr u8 kPathBit = 2;

using Database = VectorscanDatabase;
using Scratch = VectorscanScratch;

struct Allowlist {
  std::vector<AllowEntry> entries;
  std::unordered_multimap<std::string, size_t> by_fingerprint;
  std::vector<size_t> without_fingerprint;
  Database db;                      // the entries' regexes
  std::vector<size_t> regex_entry;  // pattern id -> entry index
};

// Per-thread Vectorscan scratch (hs_scratch_t is single-user): one for the rules database, one
// for the allowlist database, which is scanned from inside the rules' match callback.
struct ThreadState {
  Scratch rules;
  Scratch allow;
};

struct Pending {
  u64 from = 0;
  u64 to = 0;
  bool live = false;
};

// A verified secret: its match [from, to) and value [value_from, value_to), text offsets.
struct SecretSpan {
  u64 from = 0;
  u64 to = 0;
  u64 value_from = 0;
  u64 value_to = 0;
};

struct Located {
  u32 rule = 0;
  SourceFinding finding;
};

}  // namespace

struct FindingsEngine::Impl {
  std::vector<Rule> rules;
  std::vector<std::optional<std::regex>> extract;  // per rule
  std::vector<std::bitset<256>> left_class;        // per rule; none() when not given
  std::vector<u8> targets;                         // per rule: kContentBit | kPathBit
  std::vector<u32> pattern_rule;                   // Vectorscan expression id -> rule
  Database db;
  Scratch prototype;  // fits db; cloned once per scanning thread
  Allowlist allow;
  Scratch allow_prototype;  // fits allow.db; cloned the same way
  // R10 exception: one Vectorscan scratch per thread needs thread-local state; created lazily by
  // cloning `prototype` the first time a thread scans.
  mutable tbb::enumerable_thread_specific<ThreadState> threads{[this] {
    return ThreadState{clone_scratch(prototype), clone_scratch(allow_prototype)};
  }};
};

namespace {

// The state of one scan() call: Vectorscan reports raw matches into on_match().
class Scan {
 public:
  Scan(const FindingsEngine::Impl& engine, ThreadState& thread, std::string_view text,
       std::string_view source, u8 target_bit, const FindingOptions& options)
      : e_(engine),
        t_(thread),
        text_(text),
        source_(source),
        target_bit_(target_bit),
        options_(options),
        pending_(engine.rules.size()),
        kept_(engine.rules.size()),
        counts_(engine.rules.size()) {
    path_ok_.resize(e_.allow.entries.size());
    regex_hit_.resize(e_.allow.entries.size());
    marked_.reserve(e_.allow.regex_entry.size());
    const std::string name(source);  // fnmatch wants a C string
    for (size_t i = 0; i < e_.allow.entries.size(); ++i) {
      const std::string& glob = e_.allow.entries[i].path;
      path_ok_[i] = glob.empty() || fnmatch(glob.c_str(), name.c_str(), 0) == 0;
    }
  }

  static int on_match(unsigned id, unsigned long long from, unsigned long long to,
                      unsigned /*flags*/, void* context) {
    auto* self = static_cast<Scan*>(context);
    try {
      self->add(id, from, to);
      return 0;
    } catch (...) {  // never unwind through Vectorscan's C frames; rethrown after hs_scan
      self->error_ = std::current_exception();
      return 1;
    }
  }

  void finish(ScanHits& out) {
    if (error_) {
      std::rethrow_exception(error_);
    }
    for (u32 r = 0; r < pending_.size(); ++r) {
      if (pending_[r].live) {
        check(r, pending_[r].from, pending_[r].to);
      }
    }
    if (error_) {
      std::rethrow_exception(error_);
    }
    out.suppressed += suppressed_;
    out.capped += capped_;
    append_findings(out);
    merge_counts(out);
  }

 private:
  // Vectorscan reports every end of a match, each with its leftmost start, in end order. One
  // pending span per rule merges them into leftmost-longest, non-overlapping matches.
  void add(unsigned pattern, u64 from, u64 to) {
    const u32 id = e_.pattern_rule[pattern];
    if ((e_.targets[id] & target_bit_) == 0) {
      return;
    }
    Pending& p = pending_[id];
    if (p.live && from > p.from && from < p.to) {
      return;  // overlaps: the earlier start wins
    }
    if (p.live && from <= p.from) {
      p.from = from;
      p.to = std::max(p.to, to);
      return;
    }
    if (p.live) {
      check(id, p.from, p.to);
    }
    p = Pending{from, to, true};
  }

  // Turns one merged match into a finding or a count, or drops it.
  void check(u32 r, u64 from, u64 to) {
    const Rule& rule = e_.rules[r];
    if (const std::bitset<256>& left = e_.left_class[r]; left.any()) {
      const u64 limit = from > kMaxLeftBytes ? from - kMaxLeftBytes : 0;
      while (from > limit && left.test(static_cast<unsigned char>(text_[from - 1]))) {
        --from;
      }
      if (from > 0 && from == limit && left.test(static_cast<unsigned char>(text_[from - 1]))) {
        return;  // a run longer than kMaxLeftBytes: not the token the rule describes
      }
    }
    if (to <= from || to - from > kMaxMatchBytes) {
      return;
    }
    std::string_view match = text_.substr(from, to - from);
    if (!rule.keywords.empty() &&
        std::none_of(rule.keywords.begin(), rule.keywords.end(),
                     [&](const std::string& k) { return contains_icase(match, k); })) {
      return;
    }
    size_t vfrom = 0;
    size_t vlen = match.size();
    if (e_.extract[r]) {
      std::cmatch m;
      try {
        if (!std::regex_search(match.data(), match.data() + match.size(), m, *e_.extract[r])) {
          return;
        }
      } catch (const std::regex_error&) {  // error_complexity / error_stack: treat as no match
        return;
      }
      const std::csub_match& g = m.size() > 1 ? m[1] : m[0];
      if (!g.matched || g.length() == 0) {
        return;
      }
      vfrom = static_cast<size_t>(g.first - match.data());
      vlen = static_cast<size_t>(g.length());
    }
    std::string_view value = match.substr(vfrom, vlen);
    for (const std::string& stop : rule.stopwords) {
      if (contains_icase(value, stop)) {
        return;
      }
    }
    if (rule.entropy > 0 && shannon_entropy(value) < rule.entropy) {
      return;
    }
    if (rule.secret) {
      secrets_.push_back({from, to, from + vfrom, from + vfrom + vlen});
    }
    if (rule.aggregate) {
      count(r, value);
      return;
    }
    std::string fingerprint;
    if (allowed(r, match, value, fingerprint)) {
      ++suppressed_;
      return;
    }
    if (kept_[r] >= options_.max_findings_per_rule) {
      ++capped_;
      return;
    }
    ++kept_[r];
    if (fingerprint.empty()) {
      fingerprint = finding_fingerprint(rule.id, source_, value);
    }
    Located l{r, {}};
    l.finding.rule = rule.id;
    l.finding.severity = rule.severity;
    l.finding.offset = from;
    l.finding.length = match.size();
    l.finding.fingerprint = std::move(fingerprint);
    l.finding.redacted = shown_text(match, vfrom, vlen, rule.secret && !options_.show_secrets);
    l.finding.secret = rule.secret;
    l.finding.live_format = rule.live_format;
    found_.push_back(std::move(l));
  }

  void count(u32 r, std::string_view value) {
    std::map<std::string, u64, std::less<>>& keys = counts_[r];
    auto it = keys.find(value);
    if (it != keys.end()) {
      ++it->second;
    } else if (keys.size() < options_.max_keys_per_rule) {
      keys.emplace(std::string(value), 1);
    } else {
      ++keys[std::string(kOthersKey)];
    }
  }

  // Whether an allowlist entry covers the match; fills `fingerprint` when it had to compute it.
  bool allowed(u32 r, std::string_view match, std::string_view value, std::string& fingerprint) {
    const Allowlist& a = e_.allow;
    if (a.entries.empty()) {
      return false;
    }
    for (size_t i : marked_) {
      regex_hit_[i] = 0;
    }
    marked_.clear();
    if (a.db) {
      // SINGLEMATCH: each regex reports at most once, so marked_ (reserved) never reallocates.
      auto mark = [](unsigned id, unsigned long long, unsigned long long, unsigned, void* ctx) {
        auto* self = static_cast<Scan*>(ctx);
        const size_t entry = self->e_.allow.regex_entry[id];
        self->regex_hit_[entry] = 1;
        self->marked_.push_back(entry);
        return 0;
      };
      // A separate scratch: Vectorscan forbids reusing the one of the scan that is calling us.
      hs_scan(a.db.get(), match.data(), static_cast<unsigned>(match.size()), 0, t_.allow.get(),
              mark, this);
    }
    auto covers = [&](size_t i) {
      const AllowEntry& entry = a.entries[i];
      return (entry.rule.empty() || entry.rule == e_.rules[r].id) && path_ok_[i] &&
             (entry.regex.empty() || regex_hit_[i] != 0);
    };
    if (!a.by_fingerprint.empty()) {
      fingerprint = finding_fingerprint(e_.rules[r].id, source_, value);
      auto [lo, hi] = a.by_fingerprint.equal_range(fingerprint);
      for (auto it = lo; it != hi; ++it) {
        if (covers(it->second)) {
          return true;
        }
      }
    }
    return std::any_of(a.without_fingerprint.begin(), a.without_fingerprint.end(), covers);
  }

  void append_findings(ScanHits& out) {
    // Drop a match contained in an earlier one of the same rule (a rare out-of-order report).
    std::sort(found_.begin(), found_.end(), [](const Located& a, const Located& b) {
      if (a.finding.offset != b.finding.offset) {
        return a.finding.offset < b.finding.offset;
      }
      if (a.finding.rule != b.finding.rule) {
        return a.finding.rule < b.finding.rule;
      }
      return a.finding.length > b.finding.length;
    });
    std::vector<u64> end(e_.rules.size(), 0);
    std::vector<SourceFinding> findings;
    findings.reserve(found_.size());
    std::sort(secrets_.begin(), secrets_.end(),
              [](const SecretSpan& a, const SecretSpan& b) { return a.from < b.from; });
    for (Located& l : found_) {
      u64 stop = l.finding.offset + l.finding.length;
      if (stop <= end[l.rule]) {
        continue;
      }
      end[l.rule] = stop;
      if (!l.finding.secret && !shadow(l.finding)) {
        continue;
      }
      findings.push_back(std::move(l.finding));
    }
    LineLocator locator(text_);
    for (SourceFinding& f : findings) {
      const TextPosition p = locator.at(f.offset);
      f.line = p.line;
      f.column = p.column;
    }
    out.findings.insert(out.findings.end(), std::make_move_iterator(findings.begin()),
                        std::make_move_iterator(findings.end()));
  }

  // Secrets win over the other rules' findings, so that no display shows a secret in clear (an
  // e-mail rule sees "pass@host" in postgres://user:pass@host, a host rule the userinfo of a
  // URL): a finding inside a secret's match is dropped (false); one that overlaps a secret's
  // value shows those bytes masked. Secrets that were allowlisted or capped count too.
  bool shadow(SourceFinding& f) {
    const u64 from = f.offset;
    const u64 to = f.offset + f.length;
    auto it = std::lower_bound(secrets_.begin(), secrets_.end(),
                               from > kMaxMatchBytes ? from - kMaxMatchBytes : 0,
                               [](const SecretSpan& s, u64 at) { return s.from < at; });
    std::vector<std::pair<u64, u64>> masked;  // parts of [from, to) holding secret values
    for (; it != secrets_.end() && it->from < to; ++it) {
      if (it->from <= from && to <= it->to) {
        return false;
      }
      const u64 lo = std::max(from, it->value_from);
      const u64 hi = std::min(to, it->value_to);
      if (lo < hi) {
        masked.emplace_back(lo, hi);
      }
    }
    if (masked.empty()) {
      return true;
    }
    std::sort(masked.begin(), masked.end());
    f.redacted = masked_text(text_, from, to, masked);
    return true;
  }

  void merge_counts(ScanHits& out) {
    std::vector<SourceCount> mine;
    for (u32 r = 0; r < counts_.size(); ++r) {
      for (auto& [key, n] : counts_[r]) {
        mine.push_back({e_.rules[r].id, key, n});
      }
    }
    if (mine.empty()) {
      return;
    }
    auto less = [](const SourceCount& a, const SourceCount& b) {
      return std::tie(a.rule, a.key) < std::tie(b.rule, b.key);
    };
    std::sort(mine.begin(), mine.end(), less);
    std::vector<SourceCount> merged;
    merged.reserve(out.counts.size() + mine.size());
    std::merge(std::make_move_iterator(out.counts.begin()),
               std::make_move_iterator(out.counts.end()), std::make_move_iterator(mine.begin()),
               std::make_move_iterator(mine.end()), std::back_inserter(merged), less);
    out.counts.clear();
    for (SourceCount& c : merged) {
      if (!out.counts.empty() && out.counts.back().rule == c.rule &&
          out.counts.back().key == c.key) {
        out.counts.back().count += c.count;
      } else {
        out.counts.push_back(std::move(c));
      }
    }
  }

  const FindingsEngine::Impl& e_;
  ThreadState& t_;
  std::string_view text_;
  std::string_view source_;
  u8 target_bit_;
  const FindingOptions& options_;
  std::vector<Pending> pending_;
  std::vector<u64> kept_;
  std::vector<std::map<std::string, u64, std::less<>>> counts_;
  std::vector<char> path_ok_;    // per allowlist entry: its path glob matches source_
  std::vector<char> regex_hit_;  // per allowlist entry: its regex matched the current match
  std::vector<size_t> marked_;   // the entries regex_hit_ holds as 1
  std::vector<Located> found_;
  std::vector<SecretSpan> secrets_;  // every verified secret match: kept, allowlisted or capped
  u64 suppressed_ = 0;
  u64 capped_ = 0;
  std::exception_ptr error_;
};

// "rules[3] "id"" when the rule comes from the user's file, "default rule "id"" otherwise.
std::string rule_label(const RulesFile& file, const Rule& rule) {
  for (size_t i = 0; i < file.rules.size(); ++i) {
    if (file.rules[i].id == rule.id) {
      return "rules[" + std::to_string(i) + "] \"" + rule.id + "\"";
    }
  }
  return "default rule \"" + rule.id + "\"";
}

}  // namespace

FindingsEngine::FindingsEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FindingsEngine::FindingsEngine(FindingsEngine&&) noexcept = default;
FindingsEngine& FindingsEngine::operator=(FindingsEngine&&) noexcept = default;
FindingsEngine::~FindingsEngine() = default;

Result<FindingsEngine> FindingsEngine::compile(std::string_view rules_json,
                                               std::string_view origin_name, Diagnostics& diags) {
  Result<RulesFile> parsed = parse_rules_file(rules_json, origin_name, diags);
  if (!parsed.ok()) {
    return parsed.error();
  }
  const RulesFile& file = parsed.value();
  Result<std::vector<Rule>> rules = resolve_rules(file, origin_name, diags);
  if (!rules.ok()) {
    return rules.error();
  }
  auto fail = [&](const std::string& where, std::string_view what) {
    add_file_error(diags, ErrorCode::kRulesSyntax, origin_name, where + ": " + std::string(what));
  };
  if (rules.value().empty()) {
    fail("\"rules\"", "no rules to run");
    return ErrorCode::kRulesSyntax;
  }
  auto impl = std::make_unique<Impl>();
  impl->rules = std::move(rules).value();
  bool ok = true;
  std::vector<const char*> patterns;
  std::vector<std::string> pattern_names;  // for diagnostics: rules[3] "id": "regex"[1]
  for (u32 i = 0; i < impl->rules.size(); ++i) {
    const Rule& r = impl->rules[i];
    for (size_t k = 0; k < r.regexes.size(); ++k) {
      patterns.push_back(r.regexes[k].c_str());
      impl->pattern_rule.push_back(i);
      pattern_names.push_back(rule_label(file, r) + ": \"regex\"" +
                              (r.regexes.size() > 1 ? "[" + std::to_string(k) + "]" : ""));
    }
    impl->targets.push_back(r.target == RuleTarget::kContent ? kContentBit
                            : r.target == RuleTarget::kPath  ? kPathBit
                                                             : kContentBit | kPathBit);
    impl->extract.emplace_back();
    impl->left_class.emplace_back();
    try {
      if (!r.extract.empty()) {
        if (has_oversized_regex_number(r.extract)) throw OversizedNumber();
        impl->extract.back().emplace(r.extract, kExtractSyntax);
      }
    } catch (const std::regex_error& e) {
      fail(rule_label(file, r), std::string("\"extract\" is not a valid regex: ") + e.what());
      ok = false;
    }
    try {
      if (!r.left_class.empty()) {
        if (has_oversized_regex_number(r.left_class)) throw OversizedNumber();
        const std::regex cls(r.left_class, std::regex::ECMAScript);
        for (int b = 0; b < 256; ++b) {
          const char c = static_cast<char>(b);
          if (std::regex_match(&c, &c + 1, cls)) {
            impl->left_class.back().set(b);
          }
        }
      }
    } catch (const std::regex_error& e) {
      fail(rule_label(file, r), std::string("\"left_class\" is not a valid regex: ") + e.what());
      ok = false;
    }
  }
  std::vector<PatternError> errors;
  impl->db = compile_patterns(patterns, HS_FLAG_SOM_LEFTMOST | HS_FLAG_MULTILINE, errors);
  for (const PatternError& e : errors) {
    fail(e.index < 0 ? std::string("\"rules\"") : pattern_names[e.index],
         "rejected by Vectorscan: " + e.message);
  }
  if (!impl->db || !ok) {
    return ErrorCode::kRulesSyntax;
  }
  fit_scratch(impl->db, impl->prototype);
  return FindingsEngine(std::move(impl));
}

Result<FindingsEngine> FindingsEngine::defaults(Diagnostics& diags) {
  return compile(default_rules_json(), "<default rules>", diags);
}

Result<size_t> FindingsEngine::load_allowlist(std::string_view json, std::string_view origin_name,
                                              Diagnostics& diags) {
  Result<std::vector<AllowEntry>> parsed = parse_allowlist(json, origin_name, diags);
  if (!parsed.ok()) {
    return parsed.error();
  }
  Allowlist allow;
  allow.entries = std::move(parsed).value();
  std::vector<const char*> patterns;
  for (size_t i = 0; i < allow.entries.size(); ++i) {
    const AllowEntry& e = allow.entries[i];
    if (e.fingerprint.empty()) {
      allow.without_fingerprint.push_back(i);
    } else {
      allow.by_fingerprint.emplace(e.fingerprint, i);
    }
    if (!e.regex.empty()) {
      patterns.push_back(e.regex.c_str());
      allow.regex_entry.push_back(i);
    }
  }
  if (!patterns.empty()) {
    std::vector<PatternError> errors;
    allow.db = compile_patterns(patterns, HS_FLAG_DOTALL | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY,
                                errors);
    for (const PatternError& e : errors) {
      const std::string where = e.index < 0
                                    ? std::string("\"allow\"")
                                    : "allow[" + std::to_string(allow.regex_entry[e.index]) + "]";
      add_file_error(diags, ErrorCode::kAllowlistSyntax, origin_name,
                     where + ": \"regex\" rejected by Vectorscan: " + e.message);
    }
    if (!allow.db) {
      return ErrorCode::kAllowlistSyntax;
    }
  }
  Scratch allow_prototype;
  if (allow.db) {
    fit_scratch(allow.db, allow_prototype);
  }
  const size_t n = allow.entries.size();
  impl_->threads.clear();  // their scratch does not fit the new database
  impl_->allow = std::move(allow);
  impl_->allow_prototype = std::move(allow_prototype);
  return n;
}

void FindingsEngine::scan(std::string_view text, std::string_view source, ScanTarget target,
                          const FindingOptions& options, ScanHits& out) const {
  constexpr size_t kBlockLimit = std::numeric_limits<unsigned>::max();  // hs_scan's length type
  if (text.size() > kBlockLimit) {
    out.unscanned += text.size() - kBlockLimit;
    text = text.substr(0, kBlockLimit);
  }
  ThreadState& thread = impl_->threads.local();
  Scan scan(*impl_, thread, text, source, target == ScanTarget::kContent ? kContentBit : kPathBit,
            options);
  if (!text.empty()) {
    hs_error_t rc = hs_scan(impl_->db.get(), text.data(), static_cast<unsigned>(text.size()), 0,
                            thread.rules.get(), &Scan::on_match, &scan);
    if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) {
      throw std::logic_error("hs_scan failed with code " + std::to_string(rc));
    }
  }
  scan.finish(out);
}

const std::vector<Rule>& FindingsEngine::rules() const noexcept { return impl_->rules; }

const Rule* FindingsEngine::find_rule(std::string_view id) const noexcept {
  for (const Rule& r : impl_->rules) {
    if (r.id == id) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace mapsleuth::analyzer
