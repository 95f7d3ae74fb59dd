// amx formats: the value tables, storage cost and scale ranges of every format.
#include <cmath>
#include <cstdio>
#include <string>

#include "amx/golden/formats.hpp"
#include "amx/golden/minifloat.hpp"
#include "commands.hpp"

namespace amx::cli {

namespace {

using namespace golden;

struct Range {
  float min_sub, min_norm, max;
};

// Scanned from the codecs, so the table shows what the code implements.
Range scale_range(ScaleKind k) {
  Range r{INFINITY, INFINITY, 0.0f};
  auto visit = [&](float v, bool subnormal) {
    if (!(v > 0.0f) || std::isinf(v)) return;
    if (subnormal) r.min_sub = std::fmin(r.min_sub, v);
    else r.min_norm = std::fmin(r.min_norm, v);
    r.max = std::fmax(r.max, v);
  };
  switch (k) {
    case ScaleKind::E8M0:
      for (int c = 0; c < 255; ++c) visit(e8m0::decode(static_cast<uint8_t>(c)), false);
      break;
    case ScaleKind::E4M3:
      for (int c = 0; c < 128; ++c) visit(e4m3::decode(static_cast<uint8_t>(c)), (c >> 3) == 0);
      break;
    case ScaleKind::E5M2:
      for (int c = 0; c < 128; ++c) visit(e5m2::decode(static_cast<uint8_t>(c)), (c >> 2) == 0);
      break;
    case ScaleKind::FP16:
      for (int c = 0; c < 0x7C00; ++c) visit(fp16::decode(static_cast<uint16_t>(c)), (c >> 10) == 0);
      break;
  }
  return r;
}

std::string fmt_g(float v) {
  if (std::isinf(v)) return "-";
  char b[48];
  std::snprintf(b, sizeof b, "%.6g", static_cast<double>(v));
  return b;
}

}  // namespace

void add_formats(CLI::App& app) {
  auto* sub = app.add_subcommand("formats", "Print each format's value table, bits per element and scale range");
  sub->callback([] {
    std::printf("# Block formats\n\n");
    std::printf("| format | elements | shared scale(s) | default block | bits/element | scale min subnormal | "
                "scale min normal | scale max | description |\n");
    std::printf("|---|---|---|---:|---:|---:|---:|---:|---|\n");
    for (Format f : all_formats()) {
      const FormatInfo& i = format_info(f);
      const Range r = scale_range(i.scale);
      std::printf("| %s | %s | %d x %s%s | %d | %.4g | %s | %s | %s | %s |\n", i.name,
                  i.fp4_elements ? "E2M1" : (i.zero_point ? "UINT4 + zero point" : "INT4"), i.scales_per_block,
                  scale_kind_name(i.scale), i.tensor_scale ? " + FP32 per tensor" : "", i.default_block,
                  bits_per_element(f, i.default_block), fmt_g(r.min_sub).c_str(), fmt_g(r.min_norm).c_str(),
                  fmt_g(r.max).c_str(), i.summary);
    }
    std::printf("\n# FP4 E2M1 element codes (bias 1, no Inf/NaN)\n\n| code | bits | value |\n|---:|---|---:|\n");
    for (int c = 0; c < 16; ++c)
      std::printf("| 0x%X | %d.%d%d.%d | %g |\n", c, (c >> 3) & 1, (c >> 2) & 1, (c >> 1) & 1, c & 1,
                  static_cast<double>(e2m1::decode(static_cast<uint8_t>(c))));
    std::printf("\n# INT4 element codes\n\n| code | int4 (two's complement) | int4-asym (uint4 - zero point) |\n"
                "|---:|---:|---:|\n");
    for (int c = 0; c < 16; ++c) std::printf("| 0x%X | %d | %d - z |\n", c, c >= 8 ? c - 16 : c, c);
    std::printf("\n# Scale formats\n\n| scale | layout | bias | special values |\n|---|---|---:|---|\n");
    std::printf("| E8M0 | EEEEEEEE | 127 | 0xFF = NaN; value 2^(e-127), 2^-127 is a binary32 subnormal |\n");
    std::printf("| E4M3 | S.EEEE.MMM | 7 | S.1111.111 = NaN, no Inf; subnormals m*2^-9 |\n");
    std::printf("| E5M2 | S.EEEEE.MM | 15 | IEEE-style Inf (m=0) and NaN (m!=0); subnormals m*2^-16 |\n");
    std::printf("| FP16 | S.EEEEE.MMMMMMMMMM | 15 | IEEE binary16 |\n");
  });
}

}  // namespace amx::cli
