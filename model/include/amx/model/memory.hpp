// Memory behind the accelerator: a TLM-2.0 loosely-timed target with a read
// port and a write port (the read and write channels of an AXI-like bus)
// sharing one DRAM bandwidth (or each its own: MemConfig::duplex), and a
// fixed latency.  Each port
// serves its transactions in the order they arrive: a transfer of n bytes
// occupies it ceil(n / bytes_per_cycle) cycles from max(arrival, port free)
// and completes latency cycles after that.  TLM_IGNORE_COMMAND moves no data
// but is timed like a transfer on its port (the model's timing-only mode).
// DMI gives direct access for testbenches that fill or read the memory.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "amx/model/config.hpp"

namespace amx::model {

SC_MODULE(memory) {
  tlm_utils::simple_target_socket_tagged<memory> rd, wr;

  memory(sc_core::sc_module_name name, uint64_t size, const MemConfig& cfg, const sc_core::sc_time& clock);

  uint8_t* data() { return bytes_.get(); }
  uint64_t size() const { return size_; }


 private:
  void b_transport(int port, tlm::tlm_generic_payload& t, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(int port, tlm::tlm_generic_payload& t, tlm::tlm_dmi& dmi);
  unsigned int transport_dbg(int port, tlm::tlm_generic_payload& t);

  // calloc: untouched pages of a large memory cost nothing (timing-only runs).
  struct Free {
    void operator()(uint8_t* p) const { std::free(p); }
  };
  std::unique_ptr<uint8_t, Free> bytes_;
  uint64_t size_;
  MemConfig cfg_;
  sc_core::sc_time clock_;
  sc_core::sc_time port_free_[2];  // read, write
};

}  // namespace amx::model
