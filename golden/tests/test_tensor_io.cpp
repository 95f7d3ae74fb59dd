#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"

using namespace amx::golden;

namespace {
std::string npy_with_header(const std::string& dict, size_t data_bytes, char major = 1) {
  std::string h = dict;
  while ((10 + h.size() + 1) % 64) h += ' ';
  h += '\n';
  std::string s("\x93NUMPY", 6);
  s += major;
  s += '\0';
  s += static_cast<char>(h.size() & 0xFF);
  s += static_cast<char>(h.size() >> 8);
  s += h;
  s.append(data_bytes, '\0');
  return s;
}

void expect_error(const std::string& bytes, const std::string& fragment) {
  try {
    parse_npy(bytes, "t.npy");
    FAIL() << "no error for: " << fragment;
  } catch (const amx::Error& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}
}  // namespace

TEST(Npy, RoundTrip) {
  const std::vector<float> x = {1.0f, -2.5f, 3.25f, 0.0f, 5.0f, 6.0f};
  for (const std::vector<uint64_t>& shape : {std::vector<uint64_t>{6}, {2, 3}, {1, 2, 3}}) {
    const NpyArray a = parse_npy(serialize_npy(shape, x.data()), "t");
    EXPECT_EQ(a.shape, shape);
    EXPECT_EQ(a.data, x);
  }
  const NpyArray scalar = parse_npy(serialize_npy({}, x.data()), "t");
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(scalar.data.size(), 1u);
}

TEST(Npy, MalformedFilesGiveClearErrors) {
  expect_error("garbage", "bad magic");
  expect_error(npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16), "'<f8'");
  expect_error(npy_with_header("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8), "'>f4'");
  expect_error(npy_with_header("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", 8), "Fortran");
  expect_error(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 20), "does not match");
  expect_error(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", 8), "malformed shape");
  expect_error(npy_with_header("{'descr': '<f4', 'fortran_order': False}", 4), "no 'shape'");
  expect_error(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4, 9), "version 9");
  expect_error(std::string("\x93NUMPY\x01\x00\xff\x00{", 11), "truncated");
  EXPECT_THROW(read_npy("/nonexistent/dir/x.npy"), amx::Error);
}

TEST(Packed, RoundTripAndErrors) {
  std::vector<float> x(2 * 50);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i) * 0.37f - 9.0f;
  const PackedTensor t = quantize_tensor({Format::NVFP4, 16, Rounding::Even}, x.data(), {2, 50});
  const std::string path = ::testing::TempDir() + "amx_packed_test.bin";
  write_packed(path, t);
  const PackedTensor r = read_packed(path);
  EXPECT_EQ(r.params.format, Format::NVFP4);
  EXPECT_EQ(r.params.rounding, Rounding::Even);
  EXPECT_EQ(r.params.block, 16);
  EXPECT_EQ(r.shape, t.shape);
  EXPECT_EQ(r.tscale, t.tscale);
  EXPECT_EQ(r.data, t.data);
  std::string bytes = read_file(path);
  write_file(path, bytes.substr(0, bytes.size() - 1));
  EXPECT_THROW(read_packed(path), amx::Error);
  write_file(path, "NOTPACKED");
  EXPECT_THROW(read_packed(path), amx::Error);
  std::remove(path.c_str());
}

// The output layer: while a command's InputGuard lives, no output replaces
// a file it read, by any name; a link output replaces its target and keeps
// the link; nothing reaches a final path before commit().
TEST(OutputSet, NeverReplacesAnInputByAnyName) {
  const std::string dir = ::testing::TempDir() + "amx_outputs_test";
  std::remove((dir + "/in.txt").c_str());
  std::remove((dir + "/link.txt").c_str());
  ::mkdir(dir.c_str(), 0755);
  write_file(dir + "/in.txt", "input");
  ASSERT_EQ(::symlink("in.txt", (dir + "/link.txt").c_str()), 0);
  {
    const InputGuard guard;
    EXPECT_EQ(read_file(dir + "/in.txt"), "input");
    for (const std::string& out : {dir + "/in.txt", dir + "/link.txt", dir + "/./in.txt"}) {
      OutputSet outs;
      try {
        outs.stage(out, "output");
        FAIL() << out << " replaced an input";
      } catch (const amx::Error& e) {
        EXPECT_NE(std::string(e.what()).find("refusing to overwrite an input"), std::string::npos) << e.what();
      }
    }
    EXPECT_THROW(write_file(dir + "/link.txt", "output"), amx::Error);
  }
  EXPECT_EQ(read_file(dir + "/in.txt"), "input");
  // Without a command's guard (a library user): the link's target is
  // replaced at commit, the link kept.
  {
    OutputSet outs;
    outs.stage(dir + "/link.txt", "new");
    EXPECT_EQ(read_file(dir + "/in.txt"), "input");  // staged, not yet written
    outs.commit();
  }
  struct stat st;
  ASSERT_EQ(::lstat((dir + "/link.txt").c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  EXPECT_EQ(read_file(dir + "/in.txt"), "new");
  // A failed command (never committed) leaves the target as it was.
  {
    OutputSet outs;
    outs.stage(dir + "/link.txt", "lost");
  }
  EXPECT_EQ(read_file(dir + "/in.txt"), "new");
}

TEST(Npy, KeyGivenTwiceIsRefused) {
  expect_error(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'shape': (2,), }", 4),
               "gives 'shape' 2 times");
}

TEST(TextRows, NumbersAndTheirErrors) {
  std::istringstream ok("1 0x1p-2\n\n-inf nan\n");
  const auto rows = parse_text_rows(ok, "stdin");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<float>{1.0f, 0.25f}));
  EXPECT_TRUE(rows[1].empty());
  std::istringstream bad("1 2\n3 4x\n");
  try {
    parse_text_rows(bad, "stdin");
    FAIL();
  } catch (const amx::Error& e) {
    EXPECT_NE(std::string(e.what()).find("stdin line 2: '4x' is not a number"), std::string::npos) << e.what();
  }
}

// Found by fuzzing (sim/fuzz/corpus/packed/regress-empty-rows.bin): a shape
// with a zero dimension holds no element but may hold 10^11 empty rows a
// reader walks; the non-zero dimensions are bounded like the elements.
TEST(Npy, EmptyTensorOfHugeRowsIsRefused) {
  expect_error(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000000000, 0), }", 0),
               "more than 2^40 elements or rows");
  expect_error(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (12036, 16830720, 0), }", 0),
               "is empty but has more than 2^20 rows");
  EXPECT_EQ(parse_npy(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 0), }", 0), "e.npy").shape,
            (std::vector<uint64_t>{3, 0}));
  try {
    parse_packed(read_file(AMX_FUZZ_CORPUS "/packed/regress-empty-rows.bin"), "p.bin");
    FAIL() << "the fuzzer's empty tensor of 2e11 rows was accepted";
  } catch (const amx::Error& e) {
    EXPECT_NE(std::string(e.what()).find("is empty but has more than 2^20 rows"), std::string::npos) << e.what();
  }
}
