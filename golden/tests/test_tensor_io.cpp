#include <gtest/gtest.h>

#include <cstdio>
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
