#include "analyzer/rules_file.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

namespace mapsleuth::analyzer {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxRules = 10000;
constexpr size_t kMaxAllowEntries = 100000;
constexpr size_t kMaxRegexBytes = 4096;
constexpr size_t kMaxAlternatives = 64;
constexpr size_t kMaxWords = 256;
constexpr size_t kMaxIdBytes = 64;

constexpr std::array<RuleSeverity, 5> kSeverities = {RuleSeverity::kCritical, RuleSeverity::kHigh,
                                                     RuleSeverity::kMedium, RuleSeverity::kLow,
                                                     RuleSeverity::kInfo};

// nlohmann's DOM parser with exceptions off only says "discarded"; a second, SAX pass over a bad
// document recovers the byte position and the message (line, column, what was read).
class SyntaxErrorSax final : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return true; }
  bool boolean(bool /*val*/) override { return true; }
  bool number_integer(number_integer_t /*val*/) override { return true; }
  bool number_unsigned(number_unsigned_t /*val*/) override { return true; }
  bool number_float(number_float_t /*val*/, const string_t& /*s*/) override { return true; }
  bool string(string_t& /*val*/) override { return true; }
  bool binary(binary_t& /*val*/) override { return true; }
  bool start_object(std::size_t /*elements*/) override { return true; }
  bool key(string_t& /*val*/) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t /*elements*/) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const Json::exception& ex) override {
    position_ = position;
    message_ = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, ..." -> "parse error at line 1, ..."
    if (size_t close = message_.find("] "); message_.starts_with("[json.") && close != npos) {
      message_.erase(0, close + 2);
    }
    return false;
  }

  size_t position_ = 0;
  std::string message_ = "not valid JSON";

 private:
  static constexpr size_t npos = std::string::npos;
};

// Collects the problems of one file ("<where>: <what>" about `origin`), all with the same code.
class Checker {
 public:
  Checker(std::string_view origin, ErrorCode code, Diagnostics& diags)
      : origin_(origin), code_(code), diags_(diags) {}

  void fail(std::string_view where, std::string_view what, i64 byte_offset = -1) {
    std::string detail(where);
    if (!where.empty()) {
      detail += ": ";
    }
    detail += what;
    add_file_error(diags_, code_, origin_, detail, byte_offset);
    ++errors_;
  }
  bool ok() const { return errors_ == 0; }
  size_t errors() const { return errors_; }

  // The document as a JSON object, or nothing (after a diagnostic). Comments are accepted.
  std::optional<Json> parse_object(std::string_view text) {
    Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (doc.is_discarded()) {
      SyntaxErrorSax sax;
      Json::sax_parse(text, &sax, nlohmann::json::input_format_t::json, /*strict=*/true,
                      /*ignore_comments=*/true);
      // nlohmann counts the bytes read, the bad one included.
      fail("", sax.message_, static_cast<i64>(sax.position_ > 0 ? sax.position_ - 1 : 0));
      return std::nullopt;
    }
    if (!doc.is_object()) {
      fail("", "the top-level value is not an object");
      return std::nullopt;
    }
    return doc;
  }

 private:
  std::string_view origin_;
  ErrorCode code_;
  Diagnostics& diags_;
  size_t errors_ = 0;
};

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

// Typed access to the fields of one JSON object, reporting every mistake under `where`.
class Fields {
 public:
  Fields(const Json& obj, std::string where, Checker& c)
      : obj_(obj), where_(std::move(where)), c_(c) {}

  void fail(std::string_view what) { c_.fail(where_, what); }
  const std::string& where() const { return where_; }
  void set_where(std::string where) { where_ = std::move(where); }

  // Every key must be known ("comment" is always allowed): a typo must not silently do nothing.
  void only(std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : obj_.items()) {
      if (key == "comment") {
        continue;
      }
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        fail("unknown field " + in_quotes(key));
      }
    }
  }

  bool has(const char* key) const { return obj_.contains(key); }

  // A string field; false (with a diagnostic when required or of the wrong type) if unusable.
  bool string(const char* key, std::string& out, bool required, size_t max_bytes = 4096) {
    auto it = obj_.find(key);
    if (it == obj_.end()) {
      if (required) {
        fail(in_quotes(key) + " is missing");
      }
      return false;
    }
    if (!it->is_string()) {
      fail(in_quotes(key) + " must be a string");
      return false;
    }
    const auto& s = it->get_ref<const std::string&>();
    if (s.size() > max_bytes) {
      fail(in_quotes(key) + " is longer than " + std::to_string(max_bytes) + " bytes");
      return false;
    }
    out = s;
    return true;
  }

  void boolean(const char* key, bool& out) {
    auto it = obj_.find(key);
    if (it == obj_.end()) {
      return;
    }
    if (!it->is_boolean()) {
      fail(in_quotes(key) + " must be true or false");
      return;
    }
    out = it->get<bool>();
  }

  // A number in [lo, hi]; `range` says so in the message ("from 0 to 8").
  void number(const char* key, double& out, double lo, double hi, std::string_view range) {
    auto it = obj_.find(key);
    if (it == obj_.end()) {
      return;
    }
    if (!it->is_number() || !(it->get<double>() >= lo && it->get<double>() <= hi)) {
      fail(in_quotes(key) + " must be a number " + std::string(range));
      return;
    }
    out = it->get<double>();
  }

  // "regex": one non-empty string, or an array of 1 to kMaxAlternatives of them; no NUL (the
  // Vectorscan API takes C strings).
  void regexes(const char* key, std::vector<std::string>& out) {
    auto it = obj_.find(key);
    if (it == obj_.end()) {
      fail(in_quotes(key) + " is missing");
      return;
    }
    const bool many = it->is_array();
    if (!it->is_string() && !(many && !it->empty() && it->size() <= kMaxAlternatives)) {
      fail(in_quotes(key) + " must be a string or an array of 1 to " +
           std::to_string(kMaxAlternatives) + " strings");
      return;
    }
    for (size_t i = 0; i < (many ? it->size() : 1); ++i) {
      const Json& item = many ? (*it)[i] : *it;
      std::string name = in_quotes(key) + (many ? "[" + std::to_string(i) + "]" : "");
      if (!item.is_string()) {
        fail(name + " must be a string");
        return;
      }
      const auto& s = item.get_ref<const std::string&>();
      if (s.empty() || s.size() > kMaxRegexBytes) {
        fail(name + " must have 1 to " + std::to_string(kMaxRegexBytes) + " bytes");
      } else if (s.find('\0') != std::string::npos) {
        fail(name + " holds a NUL byte; write \\x00");
      } else {
        out.push_back(s);
      }
    }
  }

  // An array of non-empty strings, ASCII-lower-cased when `lower`.
  void strings(const char* key, std::vector<std::string>& out, bool lower) {
    auto it = obj_.find(key);
    if (it == obj_.end()) {
      return;
    }
    if (!it->is_array() || it->size() > kMaxWords) {
      fail(in_quotes(key) + " must be an array of at most " + std::to_string(kMaxWords) +
           " strings");
      return;
    }
    for (const Json& item : *it) {
      if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
        fail(in_quotes(key) + " must hold non-empty strings only");
        return;
      }
      std::string s = item.get<std::string>();
      if (lower) {
        for (char& ch : s) {
          ch = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
        }
      }
      out.push_back(std::move(s));
    }
  }

 private:
  const Json& obj_;
  std::string where_;
  Checker& c_;
};

bool valid_id(std::string_view id) {
  auto word = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
  };
  if (id.empty() || id.size() > kMaxIdBytes || !word(id[0])) {
    return false;
  }
  return std::all_of(id.begin(), id.end(),
                     [&](char ch) { return word(ch) || ch == '.' || ch == '_' || ch == '-'; });
}

void check_version(const Json& doc, Checker& c) {
  auto it = doc.find("version");
  if (it == doc.end() || !it->is_number_integer() || it->get<i64>() != 1) {
    c.fail("", "\"version\" must be the number 1");
  }
}

// Reads rules[index]; returns false when the rule is unusable (its diagnostics are recorded).
bool read_rule(const Json& j, size_t index, Checker& c, Rule& r) {
  std::string where = "rules[" + std::to_string(index) + "]";
  if (!j.is_object()) {
    c.fail(where, "a rule must be an object");
    return false;
  }
  Fields f(j, where, c);
  const size_t errors_before = c.errors();
  if (f.string("id", r.id, true, kMaxIdBytes * 4)) {
    f.set_where(where + " " + in_quotes(r.id));
    if (!valid_id(r.id)) {
      f.fail("\"id\" must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    }
  }
  f.only({"id", "description", "regex", "left_class", "extract", "keywords", "stopwords", "entropy",
          "severity", "secret", "live_format", "target", "aggregate"});
  f.string("description", r.description, false);
  f.regexes("regex", r.regexes);
  if (f.string("left_class", r.left_class, false, 256) &&
      (r.left_class.size() < 3 || r.left_class.front() != '[' || r.left_class.back() != ']')) {
    f.fail("\"left_class\" must be one bracket expression like [A-Za-z0-9._-]");
  }
  f.string("extract", r.extract, false, kMaxRegexBytes);
  f.strings("keywords", r.keywords, true);
  f.strings("stopwords", r.stopwords, true);
  f.number("entropy", r.entropy, 0.0, 8.0, "from 0 to 8 (bits per byte)");
  std::string text;
  if (f.string("severity", text, false)) {
    auto it = std::find_if(kSeverities.begin(), kSeverities.end(),
                           [&](RuleSeverity s) { return rule_severity_name(s) == text; });
    if (it == kSeverities.end()) {
      f.fail("\"severity\" must be one of critical, high, medium, low, info");
    } else {
      r.severity = *it;
    }
  }
  if (f.string("target", text, false)) {
    if (text == "content") {
      r.target = RuleTarget::kContent;
    } else if (text == "path") {
      r.target = RuleTarget::kPath;
    } else if (text == "any") {
      r.target = RuleTarget::kAny;
    } else {
      f.fail("\"target\" must be one of content, path, any");
    }
  }
  f.boolean("secret", r.secret);
  f.boolean("live_format", r.live_format);
  f.boolean("aggregate", r.aggregate);
  if (r.aggregate && r.secret) {
    f.fail("an aggregate rule reports its values in clear; it cannot be \"secret\"");
  }
  if (r.live_format && !r.secret) {
    f.fail("\"live_format\" needs \"secret\": true");
  }
  return c.errors() == errors_before;
}

}  // namespace

void add_file_error(Diagnostics& diags, ErrorCode code, std::string_view origin,
                    std::string_view detail, i64 byte_offset) {
  Diagnostic d;
  d.code = code;
  d.severity = Severity::kError;
  d.input = std::string(origin);
  d.byte_offset = byte_offset;
  d.message = std::string(error_message(code)) + ": " + std::string(detail);
  diags.push(std::move(d));
}

std::string_view rule_severity_name(RuleSeverity s) noexcept {
  switch (s) {
    case RuleSeverity::kCritical:
      return "critical";
    case RuleSeverity::kHigh:
      return "high";
    case RuleSeverity::kMedium:
      return "medium";
    case RuleSeverity::kLow:
      return "low";
    case RuleSeverity::kInfo:
      return "info";
  }
  return "medium";
}

std::string_view rule_severity_level(RuleSeverity s) noexcept {
  switch (s) {
    case RuleSeverity::kCritical:
    case RuleSeverity::kHigh:
      return "error";
    case RuleSeverity::kMedium:
      return "warning";
    case RuleSeverity::kLow:
    case RuleSeverity::kInfo:
      return "note";
  }
  return "warning";
}

Result<RulesFile> parse_rules_file(std::string_view json, std::string_view origin,
                                   Diagnostics& diags) {
  Checker c(origin, ErrorCode::kRulesSyntax, diags);
  std::optional<Json> doc = c.parse_object(json);
  if (!doc) {
    return ErrorCode::kRulesSyntax;
  }
  RulesFile file;
  Fields top(*doc, "", c);
  top.only({"version", "rules", "extends", "disable"});
  check_version(*doc, c);
  std::string extends;
  if (top.string("extends", extends, false)) {
    if (extends != "defaults") {
      top.fail("\"extends\" can only be \"defaults\"");
    }
    file.extends_defaults = true;
  }
  top.strings("disable", file.disable, false);
  if (!file.disable.empty() && !file.extends_defaults) {
    top.fail("\"disable\" needs \"extends\": \"defaults\"");
  }
  auto rules = doc->find("rules");
  if (rules == doc->end()) {
    if (!file.extends_defaults) {
      top.fail("\"rules\" is missing");
    }
  } else if (!rules->is_array()) {
    top.fail("\"rules\" must be an array");
  } else if (rules->size() > kMaxRules) {
    top.fail("more than " + std::to_string(kMaxRules) + " rules");
  } else {
    std::set<std::string> ids;
    for (size_t i = 0; i < rules->size(); ++i) {
      Rule r;
      if (!read_rule((*rules)[i], i, c, r)) {
        continue;
      }
      if (!r.id.empty() && !ids.insert(r.id).second) {
        c.fail("rules[" + std::to_string(i) + "] " + in_quotes(r.id), "duplicate id");
      }
      file.rules.push_back(std::move(r));
    }
  }
  if (!c.ok()) {
    return ErrorCode::kRulesSyntax;
  }
  return file;
}

Result<std::vector<Rule>> resolve_rules(const RulesFile& file, std::string_view origin,
                                        Diagnostics& diags) {
  if (!file.extends_defaults) {
    return file.rules;
  }
  Result<RulesFile> defaults = parse_rules_file(default_rules_json(), "<default rules>", diags);
  if (!defaults.ok()) {
    return defaults.error();
  }
  std::vector<Rule> rules = std::move(defaults).value().rules;
  bool ok = true;
  for (const std::string& id : file.disable) {
    auto it = std::find_if(rules.begin(), rules.end(), [&](const Rule& r) { return r.id == id; });
    if (it == rules.end()) {
      add_file_error(diags, ErrorCode::kRulesSyntax, origin,
                     "\"disable\": no default rule \"" + id + "\"");
      ok = false;
    } else {
      rules.erase(it);
    }
  }
  for (const Rule& r : file.rules) {
    auto it = std::find_if(rules.begin(), rules.end(), [&](const Rule& d) { return d.id == r.id; });
    if (it != rules.end()) {
      *it = r;  // same id: the user's rule replaces the default one in place
    } else {
      rules.push_back(r);
    }
  }
  if (!ok) {
    return ErrorCode::kRulesSyntax;
  }
  return rules;
}

Result<std::vector<AllowEntry>> parse_allowlist(std::string_view json, std::string_view origin,
                                                Diagnostics& diags) {
  Checker c(origin, ErrorCode::kAllowlistSyntax, diags);
  std::optional<Json> doc = c.parse_object(json);
  if (!doc) {
    return ErrorCode::kAllowlistSyntax;
  }
  Fields top(*doc, "", c);
  top.only({"version", "allow"});
  check_version(*doc, c);
  std::vector<AllowEntry> entries;
  auto allow = doc->find("allow");
  if (allow == doc->end() || !allow->is_array() || allow->size() > kMaxAllowEntries) {
    top.fail("\"allow\" must be an array of at most " + std::to_string(kMaxAllowEntries) +
             " entries");
    return ErrorCode::kAllowlistSyntax;
  }
  for (size_t i = 0; i < allow->size(); ++i) {
    const Json& j = (*allow)[i];
    std::string where = "allow[" + std::to_string(i) + "]";
    if (!j.is_object()) {
      c.fail(where, "an entry must be an object");
      continue;
    }
    Fields f(j, where, c);
    f.only({"fingerprint", "rule", "path", "regex"});
    AllowEntry e;
    if (f.string("fingerprint", e.fingerprint, false)) {
      for (char& ch : e.fingerprint) {
        if (ch >= 'A' && ch <= 'F') {
          ch = static_cast<char>(ch - 'A' + 'a');
        }
      }
      if (e.fingerprint.size() != 16 ||
          e.fingerprint.find_first_not_of("0123456789abcdef") != std::string::npos) {
        f.fail("\"fingerprint\" must be 16 hex digits");
      }
    }
    if (f.string("rule", e.rule, false) && !valid_id(e.rule)) {
      f.fail("\"rule\" is not a rule id");
    }
    if (f.string("path", e.path, false) && e.path.empty()) {
      f.fail("\"path\" is empty");
    }
    if (f.string("regex", e.regex, false, kMaxRegexBytes)) {
      if (e.regex.empty()) {
        f.fail("\"regex\" is empty");
      }
      if (e.regex.find('\0') != std::string::npos) {
        f.fail("\"regex\" holds a NUL; write \\x00");
      }
    }
    if (e.fingerprint.empty() && e.rule.empty() && e.path.empty() && e.regex.empty()) {
      f.fail("an entry needs at least one of fingerprint, rule, path, regex");
    }
    entries.push_back(std::move(e));
  }
  if (!c.ok()) {
    return ErrorCode::kAllowlistSyntax;
  }
  return entries;
}

}  // namespace mapsleuth::analyzer
