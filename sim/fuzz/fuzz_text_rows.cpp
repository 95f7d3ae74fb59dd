// The text mode of amx quantize (--in -): rows of numbers.
#include <sstream>

#include "amx/golden/tensor_io.hpp"
#include "fuzz_target.hpp"

AMX_FUZZ_TARGET(text) {
  std::istringstream in(text);
  amx::golden::parse_text_rows(in, "standard input");
}
