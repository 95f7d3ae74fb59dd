// .npy files (amx quantize/gemm --in, workload a_npy/b_npy).
#include "amx/golden/tensor_io.hpp"
#include "fuzz_target.hpp"

AMX_FUZZ_TARGET(text) { amx::golden::parse_npy(text, "fuzz.npy"); }
