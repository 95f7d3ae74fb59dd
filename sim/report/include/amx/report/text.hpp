// Names are data: a GEMM, layer, tensor or workload name comes from the
// user's files and may hold any bytes.  Every report writer puts text
// through these, once per format, so no name breaks a file's syntax.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace amx::report {

// s with each invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(const std::string& s);
// JSON text (indented, newline-terminated); invalid UTF-8 in a string
// becomes U+FFFD instead of an exception.
std::string json_text(const nlohmann::json& j);
// One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF.
std::string csv_field(const std::string& s);
// Text of an XML/SVG element or attribute: markup escaped, characters XML
// 1.0 cannot hold (control characters, invalid UTF-8) replaced by U+FFFD.
std::string xml_text(const std::string& s);
// A Markdown table cell: '|' and '\' escaped, line breaks and control
// characters replaced, so a name stays in its cell.
std::string md_cell(const std::string& s);

}  // namespace amx::report
