#include "amx/golden/tensor_io.hpp"

#include <cctype>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "amx/golden/error.hpp"

namespace amx::golden {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open '" + path + "' for reading");
  std::ostringstream os;
  os << in.rdbuf();
  if (in.bad()) throw Error("error reading '" + path + "'");
  return os.str();
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error("cannot open '" + path + "' for writing");
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error("error writing '" + path + "'");
}

namespace {

const char kNpyMagic[] = "\x93NUMPY";

// The value text of `key` in the header dict, up to the next top-level comma.
std::string dict_value(const std::string& header, const std::string& key, const std::string& what) {
  const std::string quoted[2] = {"'" + key + "'", "\"" + key + "\""};
  size_t k = std::string::npos;
  for (const auto& q : quoted)
    if ((k = header.find(q)) != std::string::npos) {
      k += q.size();
      break;
    }
  if (k == std::string::npos) throw Error(what + ": .npy header has no '" + key + "' entry");
  k = header.find(':', k);
  if (k == std::string::npos) throw Error(what + ": malformed .npy header near '" + key + "'");
  ++k;
  while (k < header.size() && std::isspace(static_cast<unsigned char>(header[k]))) ++k;
  size_t end = k;
  if (end < header.size() && header[end] == '(') {
    end = header.find(')', end);
    if (end == std::string::npos) throw Error(what + ": malformed shape in .npy header");
    ++end;
  } else {
    while (end < header.size() && header[end] != ',' && header[end] != '}') ++end;
  }
  std::string v = header.substr(k, end - k);
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
  return v;
}

}  // namespace

NpyArray parse_npy(const std::string& bytes, const std::string& what) {
  if (bytes.size() < 10 || bytes.compare(0, 6, kNpyMagic, 6) != 0)
    throw Error(what + ": not a .npy file (bad magic)");
  const auto major = static_cast<unsigned char>(bytes[6]);
  size_t hlen, hstart;
  if (major == 1) {
    hlen = static_cast<unsigned char>(bytes[8]) | (static_cast<size_t>(static_cast<unsigned char>(bytes[9])) << 8);
    hstart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw Error(what + ": truncated .npy header");
    hlen = 0;
    for (int i = 3; i >= 0; --i) hlen = (hlen << 8) | static_cast<unsigned char>(bytes[8 + static_cast<size_t>(i)]);
    hstart = 12;
  } else {
    throw Error(what + ": unsupported .npy format version " + std::to_string(major));
  }
  if (hstart + hlen > bytes.size()) throw Error(what + ": truncated .npy header");
  const std::string header = bytes.substr(hstart, hlen);

  std::string descr = dict_value(header, "descr", what);
  if (descr.size() >= 2 && (descr.front() == '\'' || descr.front() == '"')) descr = descr.substr(1, descr.size() - 2);
  if (descr != "<f4" && descr != "=f4")
    throw Error(what + ": dtype '" + descr + "' is not supported (expected little-endian float32 '<f4')");
  const std::string fortran = dict_value(header, "fortran_order", what);
  if (fortran != "False") throw Error(what + ": Fortran-order arrays are not supported (expected C order)");
  const std::string shape_txt = dict_value(header, "shape", what);
  if (shape_txt.size() < 2 || shape_txt.front() != '(' || shape_txt.back() != ')')
    throw Error(what + ": malformed shape '" + shape_txt + "' in .npy header");

  NpyArray a;
  std::string inner = shape_txt.substr(1, shape_txt.size() - 2);
  std::stringstream ss(inner);
  std::string tok;
  uint64_t count = 1;
  while (std::getline(ss, tok, ',')) {
    size_t b = tok.find_first_not_of(" \t"), e = tok.find_last_not_of(" \tL");
    if (b == std::string::npos) continue;  // trailing comma of a 1-tuple
    tok = tok.substr(b, e - b + 1);
    for (char c : tok)
      if (!std::isdigit(static_cast<unsigned char>(c))) throw Error(what + ": malformed shape '" + shape_txt + "'");
    const uint64_t d = std::stoull(tok);
    if (d != 0 && count > std::numeric_limits<uint64_t>::max() / 4 / d) throw Error(what + ": shape too large");
    count *= d;
    a.shape.push_back(d);
  }
  const size_t data_start = hstart + hlen;
  const size_t have = bytes.size() - data_start;
  if (have != count * 4)
    throw Error(what + ": data size " + std::to_string(have) + " bytes does not match shape " + shape_txt + " (" +
                std::to_string(count * 4) + " bytes expected)");
  a.data.resize(count);
  if (count) std::memcpy(a.data.data(), bytes.data() + data_start, count * 4);
  return a;
}

NpyArray read_npy(const std::string& path) { return parse_npy(read_file(path), path); }

std::string serialize_npy(const std::vector<uint64_t>& shape, const float* data) {
  std::string dims;
  uint64_t count = 1;
  for (uint64_t d : shape) {
    dims += std::to_string(d) + ", ";
    count *= d;
  }
  if (shape.size() > 1) dims.erase(dims.size() - 2);                       // (3, 4)
  else if (shape.size() == 1) dims.pop_back();                              // (3,)
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  const size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::string out(kNpyMagic, 6);
  out.push_back('\x01');
  out.push_back('\x00');
  out.push_back(static_cast<char>(header.size() & 0xFF));
  out.push_back(static_cast<char>(header.size() >> 8));
  out += header;
  out.append(reinterpret_cast<const char*>(data), count * 4);
  return out;
}

void write_npy(const std::string& path, const std::vector<uint64_t>& shape, const float* data) {
  write_file(path, serialize_npy(shape, data));
}

namespace {

const char kPackedMagic[8] = {'A', 'M', 'X', 'P', 'A', 'C', 'K', '\0'};
constexpr uint16_t kPackedVersion = 1;

template <typename T>
void put(std::string& s, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));  // host is little-endian (x86-64), as the layout
  s.append(b, sizeof(T));
}

template <typename T>
T get(const std::string& s, size_t& pos, const std::string& what) {
  if (pos + sizeof(T) > s.size()) throw Error(what + ": truncated packed header");
  T v;
  std::memcpy(&v, s.data() + pos, sizeof(T));
  pos += sizeof(T);
  return v;
}

}  // namespace

void write_packed(const std::string& path, const PackedTensor& t) {
  std::string s(kPackedMagic, 8);
  put<uint16_t>(s, kPackedVersion);
  put<uint8_t>(s, static_cast<uint8_t>(t.params.format));
  put<uint8_t>(s, static_cast<uint8_t>(t.params.rounding));
  put<uint32_t>(s, static_cast<uint32_t>(t.params.block));
  put<uint32_t>(s, static_cast<uint32_t>(t.shape.size()));
  for (uint64_t d : t.shape) put<uint64_t>(s, d);
  put<float>(s, t.tscale);
  s.append(reinterpret_cast<const char*>(t.data.data()), t.data.size());
  write_file(path, s);
}

PackedTensor read_packed(const std::string& path) {
  const std::string s = read_file(path);
  if (s.size() < 8 || s.compare(0, 8, std::string(kPackedMagic, 8)) != 0)
    throw Error(path + ": not an amx packed file (bad magic)");
  size_t pos = 8;
  const auto version = get<uint16_t>(s, pos, path);
  if (version != kPackedVersion) throw Error(path + ": unsupported packed version " + std::to_string(version));
  const auto fmt = get<uint8_t>(s, pos, path);
  if (fmt >= all_formats().size()) throw Error(path + ": unknown format id " + std::to_string(fmt));
  const auto rnd = get<uint8_t>(s, pos, path);
  if (rnd > 1) throw Error(path + ": unknown rounding id " + std::to_string(rnd));
  PackedTensor t;
  t.params.format = static_cast<Format>(fmt);
  t.params.rounding = static_cast<Rounding>(rnd);
  t.params.block = static_cast<int>(get<uint32_t>(s, pos, path));
  validate(t.params);
  const auto ndim = get<uint32_t>(s, pos, path);
  if (ndim > 32) throw Error(path + ": too many dimensions");
  t.rows = 1;
  for (uint32_t i = 0; i < ndim; ++i) t.shape.push_back(get<uint64_t>(s, pos, path));
  t.cols = t.shape.empty() ? 1 : t.shape.back();
  for (size_t i = 0; i + 1 < t.shape.size(); ++i) t.rows *= t.shape[i];
  t.tscale = get<float>(s, pos, path);
  t.row_stride = row_bytes(t.params, t.cols);
  if (s.size() - pos != t.rows * t.row_stride)
    throw Error(path + ": packed data is " + std::to_string(s.size() - pos) + " bytes, shape needs " +
                std::to_string(t.rows * t.row_stride));
  t.data.assign(s.begin() + static_cast<std::ptrdiff_t>(pos), s.end());
  return t;
}

}  // namespace amx::golden
