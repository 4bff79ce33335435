#include "parsers/error_code.h"

#include <array>

namespace mapsleuth {
namespace {

struct Entry {
  std::string_view name;
  std::string_view message;
};

constexpr std::array kTable = {
#define MAPSLEUTH_X(name, code, message) Entry{code, message},
    MAPSLEUTH_ERROR_CODES(MAPSLEUTH_X)
#undef MAPSLEUTH_X
};

}  // namespace

std::string_view error_code_name(ErrorCode code) noexcept {
  auto i = static_cast<size_t>(code);
  return i < kTable.size() ? kTable[i].name : "E_UNKNOWN";
}

std::string_view error_message(ErrorCode code) noexcept {
  auto i = static_cast<size_t>(code);
  return i < kTable.size() ? kTable[i].message : "unrecognised error code";
}

}  // namespace mapsleuth
