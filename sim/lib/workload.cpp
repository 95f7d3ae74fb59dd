// Workload files parsed with yaml-cpp and checked field by field (an
// unknown field or bad value refused with file:line), and the built-in
// presets expanded to their GEMMs.
#include "amx/sim/workload.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "amx/golden/error.hpp"
#include "amx/golden/tensor_io.hpp"
#include "amx/sim/yaml_load.hpp"

namespace amx::sim {

namespace {
constexpr uint64_t kMaxMacs = uint64_t{1} << 62;
}  // namespace

uint64_t Workload::macs() const {
  uint64_t s = 0;
  for (const Gemm& g : gemms) s += g.macs();
  return s;
}

namespace {

// Published shapes (model cards / config.json of each release).
struct Shape {
  const char* name;
  const char* source;
  uint64_t layers, hidden, heads, kv_heads, head_dim, ffn, vocab;
  bool gated;  // SwiGLU (gate, up, down) or a plain two-matrix MLP (fc1, fc2)
};

const Shape kShapes[] = {
    {"llama2-7b", "Llama-2-7B: 32 layers, d 4096, 32 heads, FFN 11008 (SwiGLU), vocab 32000", 32, 4096, 32, 32, 128,
     11008, 32000, true},
    {"llama2-13b", "Llama-2-13B: 40 layers, d 5120, 40 heads, FFN 13824 (SwiGLU), vocab 32000", 40, 5120, 40, 40, 128,
     13824, 32000, true},
    {"llama3-8b", "Llama-3-8B: 32 layers, d 4096, 32 query / 8 KV heads (GQA), FFN 14336 (SwiGLU), vocab 128256", 32,
     4096, 32, 8, 128, 14336, 128256, true},
    {"opt-6.7b", "OPT-6.7B: 32 layers, d 4096, 32 heads, FFN 16384 (ReLU, fc1/fc2), vocab 50272", 32, 4096, 32, 32,
     128, 16384, 50272, false},
    {"mistral-7b", "Mistral-7B: 32 layers, d 4096, 32 query / 8 KV heads (GQA), FFN 14336 (SwiGLU), vocab 32000", 32,
     4096, 32, 8, 128, 14336, 32000, true},
};

}  // namespace

const std::vector<std::string>& preset_names() {
  static const std::vector<std::string> n = [] {
    std::vector<std::string> v;
    for (const Shape& s : kShapes) v.push_back(s.name);
    return v;
  }();
  return n;
}

Workload preset(const std::string& name, const PresetParams& p) {
  const Shape* s = nullptr;
  for (const Shape& x : kShapes)
    if (name == x.name) s = &x;
  if (!s) {
    std::string known;
    for (const std::string& n : preset_names()) known += " " + n;
    throw Error("unknown workload '" + name + "'; presets:" + known + " (or a .yaml/.json file)");
  }
  if (p.mode != "prefill" && p.mode != "decode") throw Error("--mode must be prefill or decode, not '" + p.mode + "'");
  if (p.seq < 1 || p.seq > (uint64_t{1} << 20)) throw Error("--seq must be 1..1048576 tokens");
  if (p.batch < 1 || p.batch > 65536) throw Error("--batch must be 1..65536 sequences");
  const bool prefill = p.mode == "prefill";
  // Tokens through the projections, and per sequence the query rows and
  // the context (keys) of attention.
  const uint64_t tokens = prefill ? p.batch * p.seq : p.batch;
  const uint64_t q_rows = prefill ? p.seq : 1;
  const uint64_t ctx = prefill ? p.seq : p.seq + 1;
  const uint64_t L = s->layers, d = s->hidden, kvd = s->kv_heads * s->head_dim;
  Workload w;
  w.name = fmt::format("{} {} (seq {}, batch {})", s->name, p.mode, p.seq, p.batch);
  w.description = std::string(s->source) +
                  "; attention as dense per-head GEMMs (scores Q.K^T and context P.V, no causal skipping); the "
                  "LM head on the last token of each sequence.";
  auto add = [&](const char* n, uint64_t m, uint64_t nn, uint64_t k, uint64_t count, Role a, Role b) {
    w.gemms.push_back({n, m, nn, k, count, a, b, {}, {}});
  };
  const Role A = Role::Activations, W = Role::Weights;
  add("q_proj", tokens, d, d, L, A, W);
  add("k_proj", tokens, kvd, d, L, A, W);
  add("v_proj", tokens, kvd, d, L, A, W);
  add("attn_scores", q_rows, ctx, s->head_dim, L * s->heads * p.batch, A, A);    // Q . K^T
  add("attn_context", q_rows, s->head_dim, ctx, L * s->heads * p.batch, A, A);   // P . V (V^T rows)
  add("o_proj", tokens, d, d, L, A, W);
  if (s->gated) {
    add("gate_proj", tokens, s->ffn, d, L, A, W);
    add("up_proj", tokens, s->ffn, d, L, A, W);
    add("down_proj", tokens, d, s->ffn, L, A, W);
  } else {
    add("fc1", tokens, s->ffn, d, L, A, W);
    add("fc2", tokens, d, s->ffn, L, A, W);
  }
  add("lm_head", p.batch, s->vocab, d, 1, A, W);
  return w;
}

namespace {

std::string where(const std::string& what, const YAML::Node& n) {
  return n.Mark().is_null() ? what : fmt::format("{}:{}", what, n.Mark().line + 1);
}

uint64_t dim(const YAML::Node& g, const char* field, const std::string& what, size_t i, bool required,
             uint64_t def) {
  const YAML::Node v = g[field];
  if (!v) {
    if (required) throw Error(fmt::format("{}: gemm {} has no field '{}'", where(what, g), i, field));
    return def;
  }
  uint64_t x = 0;
  const std::string s = v.IsScalar() ? v.Scalar() : "";
  size_t used = 0;
  try {
    x = std::stoull(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (s.empty() || used != s.size() || s[0] == '-' || x < 1 || x > (1ull << 40))
    throw Error(fmt::format("{}: gemm {} field '{}': '{}' is not a positive integer", where(what, v), i, field, s));
  return x;
}

Role role(const YAML::Node& g, const char* field, const std::string& what, size_t i, Role def) {
  const YAML::Node v = g[field];
  if (!v) return def;
  const std::string s = v.IsScalar() ? v.Scalar() : "";
  if (s == "activations") return Role::Activations;
  if (s == "weights") return Role::Weights;
  throw Error(
      fmt::format("{}: gemm {} field '{}': '{}' is neither activations nor weights", where(what, v), i, field, s));
}

}  // namespace

Workload parse_workload_checked(const std::string& text, const std::string& what);

Workload parse_workload(const std::string& text, const std::string& what) {
  try {
    return parse_workload_checked(text, what);
  } catch (const YAML::Exception& e) {
    throw Error(fmt::format("{}:{}: {}", what, e.mark.line + 1, e.msg));
  }
}

Workload parse_workload_checked(const std::string& text, const std::string& what) {
  const YAML::Node root = load_yaml(text, what);  // duplicate keys, cycles and alias bombs refused
  if (!root.IsMap()) throw Error(what + ": a workload is a map with a 'gemms' list");
  for (const auto& kv : root)
    if (!kv.first.IsScalar() || (kv.first.Scalar() != "name" && kv.first.Scalar() != "gemms"))
      throw Error(fmt::format("{}: unknown top-level field (a workload has 'name' and 'gemms')", where(what, kv.first)));
  if (root["gemms"] && root["gemms"].size() > 100000)
    throw Error(where(what, root["gemms"]) + ": more than 100000 GEMMs");
  Workload w;
  w.name = root["name"] && root["name"].IsScalar() ? root["name"].Scalar() : what;
  const YAML::Node gs = root["gemms"];
  if (!gs || !gs.IsSequence() || gs.size() == 0)
    throw Error(where(what, root) + ": field 'gemms' must be a non-empty list");
  static const char* const kFields[] = {"name", "m", "n", "k", "count", "a", "b", "a_npy", "b_npy"};
  uint64_t total_macs = 0;
  for (size_t i = 0; i < gs.size(); ++i) {
    const YAML::Node g = gs[i];
    if (!g.IsMap()) throw Error(fmt::format("{}: gemm {} is not a map", where(what, g), i));
    for (const auto& kv : g) {  // (keys are plain names, each once: load_yaml)
      const std::string key = kv.first.Scalar();
      bool known = false;
      for (const char* f : kFields) known |= key == f;
      if (!known) throw Error(fmt::format("{}: gemm {} has an unknown field '{}'", where(what, kv.first), i, key));
    }
    Gemm x;
    x.name = g["name"] && g["name"].IsScalar() ? g["name"].Scalar() : fmt::format("gemm{}", i);
    x.m = dim(g, "m", what, i, true, 0);
    x.n = dim(g, "n", what, i, true, 0);
    x.k = dim(g, "k", what, i, true, 0);
    x.count = dim(g, "count", what, i, false, 1);
    // Overflow-safe MAC count: M * N * K * count below 2^62.
    uint64_t macs = 0;
    if (__builtin_mul_overflow(x.m, x.n, &macs) || __builtin_mul_overflow(macs, x.k, &macs) ||
        __builtin_mul_overflow(macs, x.count, &macs) || macs > kMaxMacs)
      throw Error(fmt::format("{}: gemm {} has more than 2^62 multiply-accumulates (M x N x K x count)", where(what, g), i));
    if (__builtin_add_overflow(total_macs, macs, &total_macs) || total_macs > kMaxMacs)
      throw Error(fmt::format("{}: the workload has more than 2^62 multiply-accumulates in all", where(what, g)));
    x.a = role(g, "a", what, i, Role::Activations);
    x.b = role(g, "b", what, i, Role::Weights);
    for (auto [field, dst] : {std::pair<const char*, std::string*>{"a_npy", &x.a_npy}, {"b_npy", &x.b_npy}}) {
      const YAML::Node v = g[field];
      if (!v) continue;
      if (!v.IsScalar() || v.Scalar().empty())
        throw Error(fmt::format("{}: gemm {} field '{}' must be a file name", where(what, v), i, field));
      *dst = v.Scalar();
    }
    w.gemms.push_back(x);
  }
  return w;
}

Workload parse_scalesim_csv(const std::string& text, const std::string& what) {
  std::istringstream in(text);
  std::string line;
  size_t lineno = 0;
  Workload w;
  w.name = what;
  w.description = "SCALE-Sim GEMM topology " + what + " (each layer once; A activations, B weights)";
  uint64_t total = 0;
  auto fields = [](const std::string& l) {
    std::vector<std::string> f;
    std::string cell;
    std::istringstream ls(l);
    while (std::getline(ls, cell, ',')) {
      const size_t b = cell.find_first_not_of(" \t\r"), e = cell.find_last_not_of(" \t\r");
      f.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
    }
    while (!f.empty() && f.back().empty()) f.pop_back();  // SCALE-Sim rows may end with a comma
    return f;
  };
  bool header = false;
  while (std::getline(in, line)) {
    ++lineno;
    const std::vector<std::string> f = fields(line);
    if (f.empty()) continue;
    if (!header) {
      if (f.size() != 4 || f[1] != "M" || f[2] != "N" || f[3] != "K")
        throw Error(fmt::format("{}:{}: a SCALE-Sim GEMM topology starts with the header 'Layer,M,N,K'", what, lineno));
      header = true;
      continue;
    }
    if (f.size() != 4)
      throw Error(fmt::format("{}:{}: expected 4 fields (layer name, M, N, K), found {}", what, lineno, f.size()));
    Gemm g;
    g.name = f[0].empty() ? fmt::format("layer{}", lineno) : f[0];
    uint64_t* dims[3] = {&g.m, &g.n, &g.k};
    for (int d = 0; d < 3; ++d) {
      const std::string& v = f[static_cast<size_t>(d) + 1];
      if (v.empty() || v.size() > 13 || v.find_first_not_of("0123456789") != std::string::npos || std::stoull(v) < 1 ||
          std::stoull(v) > (uint64_t{1} << 40))
        throw Error(fmt::format("{}:{}: {} '{}' is not a positive integer up to 2^40", what, lineno, "MNK"[d], v));
      *dims[d] = std::stoull(v);
    }
    uint64_t macs = 0;
    if (__builtin_mul_overflow(g.m, g.n, &macs) || __builtin_mul_overflow(macs, g.k, &macs) || macs > kMaxMacs ||
        __builtin_add_overflow(total, macs, &total) || total > kMaxMacs)
      throw Error(fmt::format("{}:{}: the workload has more than 2^62 multiply-accumulates", what, lineno));
    if (w.gemms.size() >= 100000) throw Error(fmt::format("{}:{}: more than 100000 GEMMs", what, lineno));
    w.gemms.push_back(g);
  }
  if (w.gemms.empty()) throw Error(what + ": no GEMM (a 'Layer,M,N,K' header and one line per layer)");
  return w;
}

Workload load_workload(const std::string& path) {
  const std::string text = golden::read_file(path, uint64_t{16} << 20);
  if (path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0) return parse_scalesim_csv(text, path);
  Workload w = parse_workload(text, path);
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  for (Gemm& g : w.gemms)
    for (std::string* file : {&g.a_npy, &g.b_npy})
      if (!file->empty() && std::filesystem::path(*file).is_relative()) *file = (dir / *file).string();
  return w;
}

}  // namespace amx::sim
