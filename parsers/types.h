// Fixed-width integer names used across mapsleuth (STYLE R20: i64/u64 for sizes, offsets, counts).
#pragma once

#include <cstdint>

namespace mapsleuth {

using i8 = std::int8_t;
using u8 = std::uint8_t;
using i32 = std::int32_t;
using u32 = std::uint32_t;
using i64 = std::int64_t;
using u64 = std::uint64_t;

}  // namespace mapsleuth
