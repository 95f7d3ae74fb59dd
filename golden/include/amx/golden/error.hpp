#pragma once

#include <stdexcept>
#include <string>

namespace amx {

// Every user-facing failure (bad file, bad argument, unsupported format) is an
// amx::Error with a message that names the offending input; the CLI prints it
// and exits non-zero.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace amx
