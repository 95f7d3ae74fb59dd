// Escaping of user-given names for every report format (amx/report/text.hpp).
#include "amx/report/text.hpp"

#include <cstdint>

namespace amx::report {

namespace {

const char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF).
size_t utf8_len(const std::string& s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned c = b(i);
  if (c < 0x80) return 1;
  size_t n;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) n = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, cp = c & 0x07;
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return n;
}

// s as valid UTF-8, each character passed to put(character, its text).
template <class Put>
void each_char(const std::string& s, Put put) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_len(s, i);
    if (n == 0) {
      put(-1, std::string(kReplacement));
      ++i;
    } else {
      put(n == 1 ? static_cast<int>(static_cast<unsigned char>(s[i])) : 0x80, s.substr(i, n));
      i += n;
    }
  }
}

}  // namespace

std::string valid_utf8(const std::string& s) {
  std::string o;
  each_char(s, [&](int, const std::string& t) { o += t; });
  return o;
}

std::string json_text(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string csv_field(const std::string& s) {
  const std::string v = valid_utf8(s);
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string o = "\"";
  for (char c : v) {
    if (c == '"') o += '"';
    o += c;
  }
  return o + "\"";
}

std::string xml_text(const std::string& s) {
  std::string o;
  each_char(s, [&](int c, const std::string& t) {
    if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '&') o += "&amp;";
    else if (c == '"') o += "&quot;";
    else if (c == '\'') o += "&apos;";
    else if ((c >= 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) o += kReplacement;
    else o += t;
  });
  return o;
}

std::string md_cell(const std::string& s) {
  std::string o;
  each_char(s, [&](int c, const std::string& t) {
    if (c == '|' || c == '\\') o += "\\" + t;
    else if (c == '\n' || c == '\r' || c == '\t') o += ' ';
    else if ((c >= 0 && c < 0x20) || c == 0x7F) o += kReplacement;
    else o += t;
  });
  return o;
}

}  // namespace amx::report
