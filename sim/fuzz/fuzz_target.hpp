// A fuzz target: AMX_FUZZ_TARGET(body) defines LLVMFuzzerTestOneInput over
// the input as a string.  A parser may return or throw amx::Error (the
// input named as bad); anything else (another exception, a crash, a hang,
// a sanitizer report) is a bug the fuzzer reports.  Built with libFuzzer
// (clang, scripts/fuzz.sh) or with standalone_main.cpp (any compiler: the
// seed corpus replayed, then random mutations for a while; ctest).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "amx/golden/error.hpp"

#define AMX_FUZZ_TARGET(text)                                                        \
  static void amx_fuzz_one(const std::string& text);                                 \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {          \
    try {                                                                            \
      amx_fuzz_one(std::string(reinterpret_cast<const char*>(data), size));          \
    } catch (const amx::Error&) {                                                    \
    }                                                                                \
    return 0;                                                                        \
  }                                                                                  \
  static void amx_fuzz_one(const std::string& text)
