// The packed block container (amx quantize --packed, docs/numerics.md §5).
#include "amx/golden/quantizer.hpp"
#include "amx/golden/tensor_io.hpp"
#include "fuzz_target.hpp"

AMX_FUZZ_TARGET(text) {
  const amx::golden::PackedTensor t = amx::golden::parse_packed(text, "fuzz.bin");
  if (t.rows * t.cols <= (1u << 16)) amx::golden::dequantize_tensor(t);  // a valid container decodes
}
