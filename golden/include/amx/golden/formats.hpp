// Block formats of the numerics contract (docs/numerics.md §3-§4).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace amx::golden {

enum class Format { MXFP4, MXFP4_E4M3, MXFP4_E5M2, AMXFP4, AMXFP4_E4M3, NVFP4, INT4, INT4_ASYM };

enum class ScaleKind { E8M0, E4M3, E5M2, FP16 };

struct FormatInfo {
  Format format;
  const char* name;
  const char* summary;
  ScaleKind scale;
  int scales_per_block;     // stored shared scales (AMXFP4: 2)
  bool sign_selects_scale;  // the code's sign bit picks the scale (AMXFP4)
  bool fp4_elements;        // E2M1 codes (else INT4)
  bool zero_point;          // INT4 asymmetric
  bool tensor_scale;        // NVFP4 per-tensor FP32 scale
  int default_block;
  int scale_bytes;          // bytes of shared data in front of each block's codes
};

const FormatInfo& format_info(Format f);
// Accepts the names of format_info() plus the alias "amxfp4-e5m2".
Format parse_format(const std::string& name);
const std::vector<Format>& all_formats();
// The names of all formats, comma separated, for error messages and --help.
std::string format_names();

const char* scale_kind_name(ScaleKind k);

// Storage cost of one full block, shared scales included.
double bits_per_element(Format f, int block);

}  // namespace amx::golden
