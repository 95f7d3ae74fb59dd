// amx quantize: .npy or text in, dequantized values (and packed blocks) out.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "amx/golden/error.hpp"
#include "amx/golden/quantizer.hpp"
#include "amx/golden/tensor_io.hpp"
#include "commands.hpp"

namespace amx::cli {

namespace {

using golden::QuantParams;

struct QuantizeArgs {
  std::string format = "mxfp4";
  int block = 0;
  std::string rounding = "nearest";
  std::string in, out, packed;
};

size_t count_nonfinite_blocks(const QuantParams& p, const float* x, size_t rows, size_t cols) {
  size_t n = 0;
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < cols; c += static_cast<size_t>(p.block)) {
      const size_t end = std::min(cols, c + static_cast<size_t>(p.block));
      for (size_t i = c; i < end; ++i)
        if (!std::isfinite(x[r * cols + i])) {
          ++n;
          break;
        }
    }
  return n;
}

void warn_nonfinite(size_t blocks) {
  if (blocks)
    std::fprintf(stderr, "amx: warning: %zu block(s) hold NaN/Inf inputs; they decode to NaN (numerics.md §4.6)\n",
                 blocks);
}

void run_text(const QuantParams& p, const QuantizeArgs& a) {
  const auto rows = golden::parse_text_rows(std::cin, "standard input");
  std::vector<float> all;
  for (const auto& r : rows) all.insert(all.end(), r.begin(), r.end());
  const float ts = golden::tensor_scale(p, all.data(), all.size());
  size_t bad = 0;
  std::string text;
  char buf[64];
  std::vector<uint8_t> packed_rows;
  for (const auto& r : rows) {
    std::vector<uint8_t> packed(golden::row_bytes(p, r.size()));
    std::vector<float> y(r.size());
    golden::quantize_row(p, r.data(), r.size(), ts, packed.data());
    golden::dequantize_row(p, packed.data(), r.size(), ts, y.data());
    bad += count_nonfinite_blocks(p, r.data(), 1, r.size());
    for (size_t i = 0; i < y.size(); ++i) {
      std::snprintf(buf, sizeof buf, "%s%a", i ? " " : "", static_cast<double>(y[i]));
      text += buf;
    }
    text += '\n';
    packed_rows.insert(packed_rows.end(), packed.begin(), packed.end());
  }
  warn_nonfinite(bad);
  golden::OutputSet outs;
  if (!a.out.empty() && a.out != "-") outs.claim("--out", a.out);
  if (!a.packed.empty()) outs.claim("--packed", a.packed);
  if (!a.out.empty() && a.out != "-") outs.stage(a.out, text);
  if (!a.packed.empty()) {
    for (const auto& r : rows)
      if (r.size() != rows.front().size())
        throw Error("--packed needs rows of equal length; standard input has ragged rows");
    golden::PackedTensor t;
    t.params = p;
    t.rows = rows.size();
    t.cols = rows.empty() ? 0 : rows.front().size();
    if (t.rows == 0 || t.cols == 0) throw Error("--packed: standard input holds no numbers");
    t.shape = {t.rows, t.cols};
    t.tscale = ts;
    t.row_stride = golden::row_bytes(p, t.cols);
    t.data = std::move(packed_rows);
    outs.stage(a.packed, golden::serialize_packed(t));
  }
  outs.commit();
  if (a.out.empty() || a.out == "-") std::fwrite(text.data(), 1, text.size(), stdout);
}

void run_npy(const QuantParams& p, const QuantizeArgs& a) {
  if (a.out.empty()) throw Error("--out is required when --in is a .npy file");
  golden::OutputSet outs;
  outs.input("--in", a.in);
  outs.claim("--out", a.out);
  if (!a.packed.empty()) outs.claim("--packed", a.packed);
  const golden::NpyArray x = golden::read_npy(a.in);
  const golden::PackedTensor t = golden::quantize_tensor(p, x.data.data(), x.shape);
  warn_nonfinite(count_nonfinite_blocks(p, x.data.data(), t.rows, t.cols));
  const std::vector<float> y = golden::dequantize_tensor(t);
  outs.stage(a.out, golden::serialize_npy(x.shape, y.data()));
  if (!a.packed.empty()) outs.stage(a.packed, golden::serialize_packed(t));
  outs.commit();
}

}  // namespace

void add_quantize(CLI::App& app) {
  auto args = std::make_shared<QuantizeArgs>();
  auto* sub = app.add_subcommand("quantize", "Quantize a tensor along its last axis and dequantize it");
  sub->add_option("--format", args->format, "Format: " + golden::format_names())->required();
  auto* block_opt = sub->add_option("--block", args->block, "Block size (default: 32; nvfp4: 16)");
  sub->add_option("--rounding", args->rounding, "Element and scale rounding: nearest (ties away) or even");
  sub->add_option("--in", args->in, "Input float32 .npy file, or - for text rows on standard input")->required();
  sub->add_option("--out", args->out, "Output .npy (dequantized); in text mode a file or - (default stdout)");
  sub->add_option("--packed", args->packed, "Also write the packed blocks (docs/numerics.md §5)");
  sub->callback([args, block_opt] {
    QuantParams p;
    p.format = golden::parse_format(args->format);
    p.block = block_opt->count() ? args->block : golden::format_info(p.format).default_block;
    p.rounding = golden::parse_rounding(args->rounding);
    golden::validate(p);
    if (args->in == "-") run_text(p, *args);
    else run_npy(p, *args);
  });
}

}  // namespace amx::cli
