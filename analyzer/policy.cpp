#include "analyzer/policy.h"

#include <array>
#include <nlohmann/json.hpp>

namespace mapsleuth::analyzer {
namespace {

constexpr std::array<std::string_view, 5> kVerdictNames = {"none", "low", "medium", "high",
                                                           "critical"};

using Json = nlohmann::json;

// Reads one object of the policy file into `policy`, key by key; every problem is reported and
// makes the whole file invalid.
class PolicyReader {
 public:
  PolicyReader(Policy& policy, Diagnostics& diags) : policy_(policy), diags_(diags) {}

  void read_verdict(const Json& section) {
    for (const auto& [key, value] : section.items()) {
      std::string where = "verdict." + key;
      if (key == "medium_lines") {
        count(value, where, policy_.medium_lines);
      } else if (key == "high_lines") {
        count(value, where, policy_.high_lines);
      } else if (key == "critical_lines") {
        count(value, where, policy_.critical_lines);
      } else if (key == "secret") {
        verdict(value, where, policy_.secret_verdict);
      } else if (key == "live_credential") {
        verdict(value, where, policy_.live_credential_verdict);
      } else {
        fail(where, "unknown key");
      }
    }
    if (!(policy_.medium_lines <= policy_.high_lines &&
          policy_.high_lines <= policy_.critical_lines)) {
      fail("verdict", "thresholds must satisfy medium_lines <= high_lines <= critical_lines");
    }
  }

  void read_check(const Json& section) {
    for (const auto& [key, value] : section.items()) {
      std::string where = "check." + key;
      if (key == "max_new_lines") {
        count(value, where, policy_.check_max_new_lines);
      } else if (key == "max_new_sources") {
        count(value, where, policy_.check_max_new_sources);
      } else if (key == "fail_on_secret") {
        if (value.is_boolean()) {
          policy_.check_fail_on_secret = value.get<bool>();
        } else {
          fail(where, "must be true or false");
        }
      } else if (key == "fail_verdict") {
        verdict(value, where, policy_.check_fail_verdict);
      } else {
        fail(where, "unknown key");
      }
    }
  }

  void fail(const std::string& where, std::string_view why) {
    diags_.error(ErrorCode::kPolicySyntax, where + ": " + std::string(why));
    ok_ = false;
  }

  bool ok() const { return ok_; }

 private:
  void count(const Json& v, const std::string& where, u64& out) {
    if (v.is_number_unsigned()) {
      out = v.get<u64>();
    } else {
      fail(where, "must be a non-negative integer");
    }
  }
  void verdict(const Json& v, const std::string& where, Verdict& out) {
    if (!v.is_string() || !parse_verdict(v.get_ref<const std::string&>(), out)) {
      fail(where, "must be one of none, low, medium, high, critical");
    }
  }

  Policy& policy_;
  Diagnostics& diags_;
  bool ok_ = true;
};

}  // namespace

std::string_view verdict_name(Verdict v) noexcept { return kVerdictNames[static_cast<size_t>(v)]; }

bool parse_verdict(std::string_view name, Verdict& out) noexcept {
  for (size_t i = 0; i < kVerdictNames.size(); ++i) {
    if (kVerdictNames[i] == name) {
      out = static_cast<Verdict>(i);
      return true;
    }
  }
  return false;
}

Result<Policy> parse_policy(std::string_view json, Diagnostics& diags) {
  Json doc = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    diags.error(ErrorCode::kPolicySyntax, "not a JSON object");
    return ErrorCode::kPolicySyntax;
  }
  Policy policy;
  PolicyReader reader(policy, diags);
  for (const auto& [key, value] : doc.items()) {
    if (key == "version") {
      if (!(value.is_number_unsigned() && value.get<u64>() == 1)) reader.fail(key, "must be 1");
    } else if (key == "verdict" && value.is_object()) {
      reader.read_verdict(value);
    } else if (key == "check" && value.is_object()) {
      reader.read_check(value);
    } else if (key == "description" && value.is_string()) {
      // Free text for the reader of the file.
    } else {
      reader.fail(key, "unknown key or wrong type");
    }
  }
  if (!reader.ok()) return ErrorCode::kPolicySyntax;
  return policy;
}

}  // namespace mapsleuth::analyzer
