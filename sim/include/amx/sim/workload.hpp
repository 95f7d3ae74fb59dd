// LLM workloads as lists of GEMMs: a documented YAML/JSON file format and
// built-in presets of decoder LLMs from their published shapes.
//
// Convention (as the accelerator): C[M x N] = A[M x K] . B[N x K]^T, A on
// the array's rows (the a-format), B on its columns (the b-format).  Each
// GEMM says what its operands are (activations or weights) so that the
// numerics use data of the right kind.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace amx::sim {

enum class Role { Activations, Weights };

struct Gemm {
  std::string name;
  uint64_t m = 0, n = 0, k = 0;
  uint64_t count = 1;  // identical instances (layers x heads x ...)
  Role a = Role::Activations, b = Role::Weights;
  // Optional operand data for the numerics: float32 .npy files of M x K and
  // N x K (paths as given, or relative to the workload file); empty: synthetic.
  std::string a_npy, b_npy;
  uint64_t macs() const { return m * n * k * count; }
};

struct Workload {
  std::string name, description;
  std::vector<Gemm> gemms;
  uint64_t macs() const;
};

// Presets: llama2-7b, llama2-13b, llama3-8b, opt-6.7b, mistral-7b.
struct PresetParams {
  std::string mode = "prefill";  // prefill: seq tokens per sequence; decode: one new token after seq
  uint64_t seq = 2048, batch = 1;
};
const std::vector<std::string>& preset_names();
Workload preset(const std::string& name, const PresetParams& p);  // throws amx::Error listing the presets

// A workload file (YAML, or JSON, which is YAML):
//   name: my-model            # optional
//   gemms:
//     - {name: q_proj, m: 2048, n: 4096, k: 4096, count: 32, a: activations, b: weights}
// count defaults to 1, a to activations, b to weights.  a_npy / b_npy name
// float32 .npy operands (M x K, N x K) for the numerics instead of synthetic
// LLM-like data, relative to the file's directory.  Errors name the file,
// line and field.
// A file ending in .csv is a SCALE-Sim GEMM topology instead: a header
// 'Layer,M,N,K' and one line per layer (C = A[M x K] . B[K x N], as ours;
// each layer once, A activations, B weights).
Workload load_workload(const std::string& path);
Workload parse_workload(const std::string& text, const std::string& what);
Workload parse_scalesim_csv(const std::string& text, const std::string& what);

}  // namespace amx::sim
