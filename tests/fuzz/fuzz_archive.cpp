// Fuzzes the archive reader and the entry policy (STYLE R17): any bytes, kind detected as the
// scanner would, small limits so a bomb or a flood ends quickly. Properties checked on every
// delivered entry: a safe relative UTF-8 name, a regular file, bytes within the limits and padded.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parsers/archive_input.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mapsleuth::parsers;  // NOLINT(google-build-using-namespace): fuzzer entry only
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const InputKind kind = detect_input_kind("fuzz", bytes.substr(0, 4096));
  InputLimits limits;
  limits.max_input_bytes = 8 << 20;
  limits.max_entry_bytes = 1 << 20;
  limits.max_entries = 1000;
  auto source = make_archive_input(bytes, kind, limits);
  mapsleuth::Diagnostics diags("fuzz", "");
  mapsleuth::u64 total = 0;
  source->for_each_entry(
      [&](const Entry& e) {
        check(e.type == EntryType::kFile);
        check(e.bytes.size() == e.size && e.size <= limits.max_entry_bytes);
        total += e.size;
        check(total <= limits.max_input_bytes);
        check(!e.name.empty() && e.name[0] != '/' && is_clean_utf8(e.name));
        const NormalisedName again = normalise_entry_name(e.name);
        check(again.verdict == NameVerdict::kOk && again.name == e.name);
        check(e.bytes.data()[e.size + kInputPadding - 1] == '\0');
        return true;
      },
      diags);
  check(diags.size() <= 6 * limits.max_entries + 16);  // bounded: a few per header
  return 0;
}
