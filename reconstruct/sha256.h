// SHA-256 of byte strings and files, through OpenSSL libcrypto (DESIGN section 6).
#pragma once

#include <string>
#include <string_view>

namespace mapsleuth::reconstruct {

/// Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

/// Incremental SHA-256 for streamed data (archive entries, large inputs).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  /// Finishes and returns the lower-case hex digest; the object cannot be updated afterwards.
  std::string hex();

 private:
  void* ctx_;  // EVP_MD_CTX*, kept opaque so callers need no OpenSSL headers
};

}  // namespace mapsleuth::reconstruct
