// A complete model system: a host CPU (register accesses), the accelerator
// and its memory, wired by TLM-2.0 sockets.  Used by `amx model`, the tests
// and the co-simulation.  One per process (one SystemC elaboration).
#pragma once

#include <cstdint>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "amx/golden/formats.hpp"
#include "amx/golden/quantizer.hpp"
#include "amx/model/mac_accel.hpp"
#include "amx/model/memory.hpp"

namespace amx::model {

// The host CPU: single-word register accesses, outside simulated time.
SC_MODULE(host) {
  tlm_utils::simple_initiator_socket<host> socket;
  explicit host(sc_core::sc_module_name n);
  tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t addr, uint32_t& v, unsigned len = 4);
  tlm::tlm_response_status write(uint64_t addr, uint32_t v) { return access(tlm::TLM_WRITE_COMMAND, addr, v); }
  // Throws amx::Error on an error response.
  uint32_t read(uint64_t addr);
  uint64_t read64(uint64_t addr) { return read(addr) | (uint64_t{read(addr + 4)} << 32); }
};

// Where a GEMM's operands and result sit in the model's memory: packed A
// rows from 0, then packed B rows and the binary32 C, each from a 4 KiB page
// boundary; `bytes` the image's size, page aligned.  The one layout `amx
// model`, `amx sim` and the co-simulation use.
struct GemmLayout {
  uint64_t a = 0, b = 0, c = 0, bytes = 0;
};
GemmLayout gemm_layout(const golden::QuantParams& pa, const golden::QuantParams& pb, uint64_t m, uint64_t n,
                       uint64_t k);

struct GemmJob {
  golden::Format fa = golden::Format::AMXFP4, fb = golden::Format::AMXFP4;
  int disc = 0;  // golden::Discipline: 0 block, 1 class-seq, 2 window, 3 fused
  uint32_t m = 1, n = 1, k = 32;
  uint64_t addr_a = 0, addr_b = 0, addr_c = 0;
  float tscale_a = 1.0f, tscale_b = 1.0f;
  bool timing_only = false;
  Mapping map;  // default: R x C output tiles, row-major, K whole
};

struct System {
  // prefix names the modules ("<prefix>mem", ...): several systems in one elaboration.
  System(const ArrayConfig& a, const MemConfig& m, uint64_t mem_bytes, const std::string& prefix = "");
  // Programs the registers and writes CTRL.start without running the
  // simulation: for a SystemC thread, which then waits for
  // accel.done_event().  A refused write returns false with the reason.
  bool start(const GemmJob& job, std::string& why);
  // Programs the registers, runs the GEMM to completion and returns STATUS.
  // A refused register write throws amx::Error with the accelerator's reason
  // (before the simulation runs).
  uint32_t run_status(const GemmJob& job);
  // As run_status, and an error STATUS throws amx::Error too.
  uint32_t run(const GemmJob& job);

  memory mem;
  mac_accel accel;
  host cpu;
};

}  // namespace amx::model
