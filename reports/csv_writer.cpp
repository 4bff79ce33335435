// sources.csv: one row per source, for spreadsheets and scripts. RFC 4180: CRLF line ends, a header
// row, fields quoted only when they must be; every text field goes through csv_field (formula
// injection neutralised, controls visible). Numbers and booleans are ours and written bare.
#include <charconv>
#include <string>

#include "reports/escape.h"
#include "reports/format.h"

namespace mapsleuth::reports {
namespace {

constexpr const char* kHeader =
    "input,path,file,class,package,rule,bytes,lines,code_lines,comment_lines,blank_lines,"
    "generated_bytes,sha256,shipped,public\r\n";

void add_text(std::string& row, std::string_view s) {
  append_csv_field(s, row);
  row += ',';
}

void add_optional(std::string& row, const std::optional<std::string>& s) {
  if (s) append_csv_field(*s, row);
  row += ',';
}

void add_number(std::string& row, u64 v) {
  char tmp[24];
  auto res = std::to_chars(tmp, tmp + sizeof tmp, v);
  row.append(tmp, res.ptr);
  row += ',';
}

}  // namespace

void write_csv(const Report& r, std::ostream& os) {
  os << kHeader;
  std::string row;
  for (const SourceRecord& s : r.sources) {
    row.clear();
    add_text(row, s.input);
    add_text(row, s.path);
    add_optional(row, s.file);
    add_text(row, s.cls);
    add_optional(row, s.package);
    add_text(row, s.rule);
    add_number(row, s.bytes);
    add_number(row, s.lines);
    add_number(row, s.code_lines);
    add_number(row, s.comment_lines);
    add_number(row, s.blank_lines);
    add_number(row, s.generated_bytes);
    add_optional(row, s.sha256);
    add_text(row, s.shipped);
    row += s.is_public ? "true" : "false";
    row += "\r\n";
    os.write(row.data(), static_cast<std::streamsize>(row.size()));
  }
}

}  // namespace mapsleuth::reports
