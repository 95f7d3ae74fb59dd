// Reading and writing of every file amx touches: size-checked reads, .npy
// parsing with the culprit named, and OutputSet, which writes a report's
// files all at once or not at all (no half-written report).
#include "amx/golden/tensor_io.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <sstream>
#include <vector>

#include "amx/golden/error.hpp"

namespace amx::golden {

namespace {

// The bounds of a tensor's shape, named `what` in messages: at most 2^40
// elements, the product of its non-zero dimensions too (a tensor of no
// element may still have many empty rows a reader walks: (10^18, 0)), and
// at most 2^20 rows when it is empty.
void bound_shape(const std::vector<uint64_t>& shape, const std::string& what) {
  uint64_t extent = 1;
  bool empty = false;
  for (uint64_t d : shape) {
    empty |= d == 0;
    if (d != 0 && (__builtin_mul_overflow(extent, d, &extent) || extent > (uint64_t{1} << 40)))
      throw Error(what + " has more than 2^40 elements or rows");
  }
  if (empty && extent > (uint64_t{1} << 20)) throw Error(what + " is empty but has more than 2^20 rows");
}

std::string fmt_size(const std::string& what, uint64_t bytes, uint64_t max_bytes) {
  return what + " " + std::to_string(bytes) + " bytes, more than the limit of " + std::to_string(max_bytes >> 20) +
         " MiB (AMX_MAX_INPUT_MIB raises it)";
}

// Every file the running command has read or been told is an input, by
// identity (device and inode, links followed): no output may replace one.
// Recorded only while an InputGuard lives (amx's main holds one).
struct InputFile {
  std::string option, path;
  uint64_t dev, ino;
};
std::mutex g_inputs_mutex;
std::vector<InputFile>* g_inputs = nullptr;

// The input that `st` (a file about to be written) is, or nullptr.
const InputFile* input_of(const struct stat& st) {
  if (!g_inputs) return nullptr;
  for (const InputFile& f : *g_inputs)
    if (f.dev == static_cast<uint64_t>(st.st_dev) && f.ino == static_cast<uint64_t>(st.st_ino)) return &f;
  return nullptr;
}

// The file an output path names: a symbolic link's target (which need not
// exist yet), so that a link output is replaced at its target, never
// itself; a device, pipe or directory as named.
std::string output_target(std::string path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) return path;
    char* real = realpath(path.c_str(), nullptr);
    if (!real) throw Error("cannot write '" + path + "': " + std::strerror(errno));
    std::string r(real);
    std::free(real);
    return r;
  }
  for (int hops = 0;; ++hops) {  // a dangling link: to the file it would create
    struct stat lst;
    if (lstat(path.c_str(), &lst) != 0 || !S_ISLNK(lst.st_mode)) return path;
    if (hops == 40) throw Error("cannot write '" + path + "': too many levels of symbolic links");
    std::vector<char> buf(static_cast<size_t>(lst.st_size > 0 ? lst.st_size : 4095) + 1);
    const ssize_t n = readlink(path.c_str(), buf.data(), buf.size());
    if (n < 0 || static_cast<size_t>(n) >= buf.size())
      throw Error("cannot write '" + path + "': cannot read the symbolic link (" + std::strerror(errno) + ")");
    std::string to(buf.data(), static_cast<size_t>(n));
    if (to.empty()) throw Error("cannot write '" + path + "': the symbolic link is empty");
    if (to[0] != '/') {
      const size_t slash = path.rfind('/');
      to = (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + to;
    }
    path = to;
  }
}

}  // namespace

InputGuard::InputGuard() {
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  if (g_inputs) throw std::logic_error("InputGuard: one command's inputs at a time");
  g_inputs = new std::vector<InputFile>();
}

InputGuard::~InputGuard() {
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  delete g_inputs;
  g_inputs = nullptr;
}

void note_input(const std::string& option, const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return;  // nothing there to overwrite (reading it reports the problem)
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  if (g_inputs && !input_of(st))
    g_inputs->push_back({option, path, static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)});
}

uint64_t max_input_bytes() {
  const char* e = std::getenv("AMX_MAX_INPUT_MIB");
  uint64_t mib = 4096;  // 4 GiB: a 2^30-element float32 tensor
  if (e && *e) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(e, &end, 10);
    if (*end != '\0' || errno || v < 1 || v > (1ull << 24) || e[0] == '-')
      throw Error(std::string("AMX_MAX_INPUT_MIB='") + e + "' is not a size in MiB in 1..16777216");
    mib = v;
  }
  return mib << 20;
}

std::string read_file(const std::string& path, uint64_t max_bytes) {
  // Only regular files, and only up to max_bytes: a device (/dev/zero), a
  // pipe or a directory never gets read until memory runs out.
  struct stat st;
  if (stat(path.c_str(), &st) != 0) throw Error("cannot open '" + path + "' for reading: " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw Error("cannot read '" + path + "': it is a directory");
  if (!S_ISREG(st.st_mode)) throw Error("cannot read '" + path + "': not a regular file (a device, pipe or socket)");
  if (static_cast<uint64_t>(st.st_size) > max_bytes)
    throw Error(fmt_size("'" + path + "' is", static_cast<uint64_t>(st.st_size), max_bytes));
  note_input("", path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open '" + path + "' for reading");
  std::string s(static_cast<size_t>(st.st_size), '\0');
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  if (in.gcount() != static_cast<std::streamsize>(s.size()) || in.peek() != std::char_traits<char>::eof())
    throw Error("error reading '" + path + "' (it changed size while being read)");
  return s;
}

void write_file(const std::string& path, const std::string& bytes) {
  OutputSet one;
  one.stage(path, bytes);
  one.commit();
}

OutputSet::~OutputSet() {
  for (const Staged& f : staged_)
    if (!f.tmp.empty()) std::remove(f.tmp.c_str());
}

void OutputSet::claim(const std::string& option, const std::string& path) {
  struct stat st;
  const bool exists = stat(path.c_str(), &st) == 0;
  for (const Claimed& c : claimed_) {
    const bool same = c.path == path || (exists && c.exists && c.dev == st.st_dev && c.ino == st.st_ino);
    if (same)
      throw Error(option + " " + path + " is the same file as " + c.option + " " + c.path +
                  (c.input ? ": refusing to overwrite an input" : ": two outputs cannot share a file"));
  }
  if (exists && S_ISDIR(st.st_mode)) throw Error(option + " " + path + " is a directory");
  if (exists) refuse_input(option + " " + path, st);
  claimed_.push_back({option, path, false, exists, exists ? st.st_dev : 0, exists ? st.st_ino : 0});
}

void OutputSet::input(const std::string& option, const std::string& path) {
  note_input(option, path);
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return;  // reading it reports the problem
  claimed_.push_back({option, path, true, true, st.st_dev, st.st_ino});
}

void OutputSet::refuse_input(const std::string& what, const struct stat& st) {
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  if (const InputFile* f = input_of(st))
    throw Error("cannot write " + what + ": it is " +
                (f->option.empty() ? "the input '" + f->path + "' this command read"
                                   : "the input " + f->option + " " + f->path) +
                " (refusing to overwrite an input)");
}

void OutputSet::stage(const std::string& path, const std::string& bytes) {
  // A regular (or new) file is written beside itself and renamed into
  // place by commit(); a symbolic link is followed and its target replaced
  // the same way (the link stays); a device or pipe (/dev/stdout) is
  // written at commit().  Nothing is written to a final path before then.
  const std::string target = output_target(path);
  struct stat st;
  const bool exists = stat(target.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) throw Error("cannot write '" + path + "': it is a directory");
  if (exists) refuse_input("'" + path + "'", st);
  if (exists && !S_ISREG(st.st_mode)) {
    staged_.push_back({target, std::string(), bytes});
    return;
  }
  const std::string tmp = target + ".tmp" + std::to_string(getpid());
  staged_.push_back({target, tmp, std::string()});  // removed by the destructor unless committed
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) throw Error("cannot open '" + path + "' for writing (its directory must exist and be writable)");
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error("error writing '" + path + "'");
}

void OutputSet::commit() {
  for (Staged& f : staged_) {
    if (f.tmp.empty()) {
      std::ofstream out(f.path, std::ios::binary);
      out.write(f.bytes.data(), static_cast<std::streamsize>(f.bytes.size()));
      out.flush();
      if (!out) throw Error("error writing '" + f.path + "'");
    } else if (std::rename(f.tmp.c_str(), f.path.c_str()) != 0) {
      throw Error("cannot write '" + f.path + "' (rename of its temporary file failed: " + std::strerror(errno) + ")");
    }
    f.tmp.clear();
  }
  staged_.clear();
}

namespace {

const char kNpyMagic[] = "\x93NUMPY";

// The value text of `key` in the header dict, up to the next top-level comma.
std::string dict_value(const std::string& header, const std::string& key, const std::string& what) {
  const std::string quoted[2] = {"'" + key + "'", "\"" + key + "\""};
  size_t k = std::string::npos;
  int seen = 0;
  for (const auto& q : quoted)
    for (size_t at = header.find(q); at != std::string::npos; at = header.find(q, at + q.size())) {
      if (k == std::string::npos) k = at + q.size();
      ++seen;
    }
  if (k == std::string::npos) throw Error(what + ": .npy header has no '" + key + "' entry");
  // numpy would take the last of two equal keys, this reader the first:
  // neither guess is safe.
  if (seen > 1) throw Error(what + ": .npy header gives '" + key + "' " + std::to_string(seen) + " times");
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
  std::vector<std::string> toks;
  while (std::getline(ss, tok, ',')) toks.push_back(tok);
  if (!inner.empty() && inner.back() == ',') toks.push_back("");  // getline drops a final empty field
  for (size_t i = 0; i < toks.size(); ++i) {
    const size_t b = toks[i].find_first_not_of(" \t"), e = toks[i].find_last_not_of(" \t");
    // Only a 1-tuple's trailing comma leaves an empty field: (3,)
    if (b == std::string::npos) {
      if (i == 1 && toks.size() == 2) continue;
      throw Error(what + ": malformed shape '" + shape_txt + "' in .npy header (an empty dimension)");
    }
    tok = toks[i].substr(b, e - b + 1);
    if (tok.back() == 'L') tok.pop_back();  // Python 2's long suffix
    if (tok.empty() || tok.size() > 19 || tok.find_first_not_of("0123456789") != std::string::npos)
      throw Error(what + ": malformed shape '" + shape_txt + "' in .npy header (dimension '" + toks[i] + "')");
    a.shape.push_back(std::stoull(tok));  // at most 19 digits: no overflow
  }
  if (a.shape.size() > 32) throw Error(what + ": shape " + shape_txt + " has more than 32 dimensions");
  bound_shape(a.shape, what + ": shape " + shape_txt);
  uint64_t count = 1;
  for (uint64_t d : a.shape) count *= d;  // at most 2^40 (bound_shape)
  const size_t data_start = hstart + hlen;
  const size_t have = bytes.size() - data_start;
  if (have != count * 4)
    throw Error(what + ": data size " + std::to_string(have) + " bytes does not match shape " + shape_txt + " (" +
                std::to_string(count * 4) + " bytes expected)");
  a.data.resize(count);
  if (count) std::memcpy(a.data.data(), bytes.data() + data_start, count * 4);
  return a;
}

NpyArray read_npy(const std::string& path) { return parse_npy(read_file(path, max_input_bytes()), path); }

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

void write_packed(const std::string& path, const PackedTensor& t) { write_file(path, serialize_packed(t)); }

std::string serialize_packed(const PackedTensor& t) {
  std::string s(kPackedMagic, 8);
  put<uint16_t>(s, kPackedVersion);
  put<uint8_t>(s, static_cast<uint8_t>(t.params.format));
  put<uint8_t>(s, static_cast<uint8_t>(t.params.rounding));
  put<uint32_t>(s, static_cast<uint32_t>(t.params.block));
  put<uint32_t>(s, static_cast<uint32_t>(t.shape.size()));
  for (uint64_t d : t.shape) put<uint64_t>(s, d);
  put<float>(s, t.tscale);
  s.append(reinterpret_cast<const char*>(t.data.data()), t.data.size());
  return s;
}

PackedTensor read_packed(const std::string& path) { return parse_packed(read_file(path, max_input_bytes()), path); }

PackedTensor parse_packed(const std::string& s, const std::string& path) {
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
  bound_shape(t.shape, path + ": packed shape");
  t.cols = t.shape.empty() ? 1 : t.shape.back();
  for (size_t i = 0; i + 1 < t.shape.size(); ++i) t.rows *= t.shape[i];
  t.tscale = get<float>(s, pos, path);
  t.row_stride = row_bytes(t.params, t.cols);
  if (s.size() - pos != static_cast<uint64_t>(t.rows) * t.row_stride)
    throw Error(path + ": packed data is " + std::to_string(s.size() - pos) + " bytes, shape needs " +
                std::to_string(t.rows * t.row_stride));
  t.data.assign(s.begin() + static_cast<std::ptrdiff_t>(pos), s.end());
  return t;
}

std::vector<std::vector<float>> parse_text_rows(std::istream& in, const std::string& what) {
  std::vector<std::vector<float>> rows;
  std::string line;
  size_t lineno = 0;
  uint64_t numbers = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.size() > (uint64_t{64} << 20)) throw Error(what + " line " + std::to_string(lineno) + " is longer than 64 MiB");
    std::vector<float> row;
    std::istringstream ls(line);
    std::string tok;
    while (ls >> tok) {
      if (++numbers > kMaxTextNumbers)
        throw Error(what + " holds more than 2^28 numbers; use a .npy file (--in FILE.npy)");
      errno = 0;
      char* end = nullptr;
      const float v = std::strtof(tok.c_str(), &end);
      // A NUL inside a token stops strtof early: the token must be used whole.
      if (end == tok.c_str() || end != tok.c_str() + tok.size()) {
        std::string shown;
        for (char ch : tok) shown += ch == '\0' ? std::string("\\0") : std::string(1, ch);
        throw Error(what + " line " + std::to_string(lineno) + ": '" + shown + "' is not a number");
      }
      if (errno == ERANGE && std::isinf(v))
        throw Error(what + " line " + std::to_string(lineno) + ": '" + tok + "' overflows binary32");
      row.push_back(v);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace amx::golden
