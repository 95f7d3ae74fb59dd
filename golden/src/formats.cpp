// The format table (element, scale kind, scale bytes, default block) and the
// names the command line accepts.
#include "amx/golden/formats.hpp"

#include "amx/golden/error.hpp"

namespace amx::golden {

namespace {
// clang-format off
const FormatInfo kInfo[] = {
  {Format::MXFP4,       "mxfp4",       "OCP MXFP4: E2M1 elements, one E8M0 power-of-two scale",
   ScaleKind::E8M0, 1, false, true,  false, false, 32, 1},
  {Format::MXFP4_E4M3,  "mxfp4-e4m3",  "E2M1 elements, one FP8 E4M3 scale = amax/6",
   ScaleKind::E4M3, 1, false, true,  false, false, 32, 1},
  {Format::MXFP4_E5M2,  "mxfp4-e5m2",  "E2M1 elements, one FP8 E5M2 scale = amax/6",
   ScaleKind::E5M2, 1, false, true,  false, false, 32, 1},
  {Format::AMXFP4,      "amxfp4",      "asymmetric MX: E2M1 elements, FP8 E5M2 scales max/6 and |min|/6 picked by sign",
   ScaleKind::E5M2, 2, true,  true,  false, false, 32, 2},
  {Format::AMXFP4_E4M3, "amxfp4-e4m3", "asymmetric MX with FP8 E4M3 scales",
   ScaleKind::E4M3, 2, true,  true,  false, false, 32, 2},
  {Format::NVFP4,       "nvfp4",       "E2M1 elements, E4M3 block scale under a per-tensor FP32 scale",
   ScaleKind::E4M3, 1, false, true,  false, true,  16, 1},
  {Format::INT4,        "int4",        "symmetric INT4 [-7,7], FP16 scale amax/7 (baseline)",
   ScaleKind::FP16, 1, false, false, false, false, 32, 2},
  {Format::INT4_ASYM,   "int4-asym",   "asymmetric UINT4 [0,15] with zero point, FP16 scale range/15 (baseline)",
   ScaleKind::FP16, 1, false, false, true,  false, 32, 3},
};
// clang-format on
}  // namespace

const FormatInfo& format_info(Format f) { return kInfo[static_cast<int>(f)]; }

const std::vector<Format>& all_formats() {
  static const std::vector<Format> v = [] {
    std::vector<Format> r;
    for (const auto& i : kInfo) r.push_back(i.format);
    return r;
  }();
  return v;
}

std::string format_names() {
  std::string s;
  for (const auto& i : kInfo) {
    if (!s.empty()) s += ", ";
    s += i.name;
  }
  return s;
}

Format parse_format(const std::string& name) {
  for (const auto& i : kInfo)
    if (name == i.name) return i.format;
  if (name == "amxfp4-e5m2") return Format::AMXFP4;
  throw Error("unknown format '" + name + "' (expected one of: " + format_names() + ")");
}

const char* scale_kind_name(ScaleKind k) {
  switch (k) {
    case ScaleKind::E8M0: return "E8M0";
    case ScaleKind::E4M3: return "E4M3";
    case ScaleKind::E5M2: return "E5M2";
    case ScaleKind::FP16: return "FP16";
  }
  return "?";
}

double bits_per_element(Format f, int block) {
  const auto& i = format_info(f);
  // NVFP4's one FP32 per tensor is not counted: it vanishes per element.
  return 4.0 + 8.0 * i.scale_bytes / block;
}

}  // namespace amx::golden
