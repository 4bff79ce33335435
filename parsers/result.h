// Result<T>: a value or an ErrorCode, in the shape of simdjson's simdjson_result<T> (STYLE R4).
#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "parsers/error_code.h"

namespace mapsleuth {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(ErrorCode error) : error_(error) { assert(error != ErrorCode::kOk); }  // NOLINT

  bool ok() const noexcept { return error_ == ErrorCode::kOk; }
  ErrorCode error() const noexcept { return error_; }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }

 private:
  std::optional<T> value_;
  ErrorCode error_ = ErrorCode::kOk;
};

}  // namespace mapsleuth
