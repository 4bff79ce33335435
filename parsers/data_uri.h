// data: URIs, the self-contained way to ship a map (ECMA-426 section 11.1: "it may be a data URI").
// Decoded as browsers do, by the WHATWG fetch "data: URL processor"
// (fetch.spec.whatwg.org/#data-urls), so that what we recover is exactly what DevTools would load.
#pragma once

#include <string>
#include <string_view>

#include "parsers/diagnostics.h"
#include "parsers/result.h"
#include "parsers/types.h"

namespace mapsleuth::parsers {

/// A decoded data: URI. Owns its bytes.
struct DataUri {
  /// MIME type essence, lowercased ("application/json"). "text/plain" when the media type is absent
  /// or does not parse (WHATWG fetch: the default is text/plain;charset=US-ASCII).
  std::string media_type;
  /// The `charset` parameter as written ("utf-8"), "US-ASCII" for the default media type, or empty.
  std::string charset;
  bool base64 = false;  ///< the media type ended in `;base64`, so the body was base64-decoded
  std::string bytes;    ///< the decoded payload (for a map: the JSON text, not yet validated)
};

/// True when `url` starts with the scheme "data:" (ASCII case-insensitive, as URL schemes are).
bool is_data_uri(std::string_view url);

/// WHATWG fetch data: URL processor. Errors (the Result then holds the code): not a data: URI or no
/// ',' (kDataUriMalformed); base64 body that forgiving-base64 rejects, including the URL-safe
/// alphabet (kDataUriBase64); decoded size above `max_bytes` (kLimitDataUri, checked before any
/// byte is decoded). Warnings, still decoded: media type not JSON (kDataUriMediaType), malformed
/// %XX kept literally (kDataUriPercent), fragment dropped (kDataUriFragment). Every diagnostic's
/// byte_offset is `url_offset` plus the offset inside `url`, so a caller that passes
/// MappingUrl::url_offset gets offsets into the script. Linear time; reads only `url`.
Result<DataUri> decode_data_uri(std::string_view url, Diagnostics& diags, u64 max_bytes,
                                i64 url_offset = 0);

}  // namespace mapsleuth::parsers
