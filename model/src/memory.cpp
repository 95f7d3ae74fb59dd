// The memory's ports: each transfer booked on its port's timeline, the
// latency added, the bytes moved in one zero-initialised store.
#include "amx/model/memory.hpp"

#include <cmath>
#include <algorithm>
#include <cstring>
#include <new>

namespace amx::model {

memory::memory(sc_core::sc_module_name name, uint64_t size, const MemConfig& cfg, const sc_core::sc_time& clock)
    : sc_core::sc_module(name),
      rd("rd"),
      wr("wr"),
      bytes_(static_cast<uint8_t*>(std::calloc(size ? size : 1, 1))),
      size_(size),
      cfg_(cfg),
      clock_(clock) {
  if (!bytes_) throw std::bad_alloc();
  int port = 0;
  for (auto* s : {&rd, &wr}) {
    s->register_b_transport(this, &memory::b_transport, port);
    s->register_get_direct_mem_ptr(this, &memory::get_direct_mem_ptr, port);
    s->register_transport_dbg(this, &memory::transport_dbg, port);
    ++port;
  }
}

void memory::b_transport(int port, tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
  const uint64_t addr = t.get_address();
  const uint64_t len = t.get_data_length();
  if (addr > size_ || len > size_ - addr) {
    t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (t.get_byte_enable_ptr() != nullptr || t.get_streaming_width() < len) {
    t.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }
  if ((port == 0 && t.is_write()) || (port == 1 && t.is_read())) {
    t.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  if (t.is_read()) std::memcpy(t.get_data_ptr(), bytes_.get() + addr, len);
  else if (t.is_write()) std::memcpy(bytes_.get() + addr, t.get_data_ptr(), len);
  // Timing: each port (one shared port unless duplex) is a FIFO server of
  // bytes_per_cycle.
  sc_core::sc_time& free = port_free_[cfg_.duplex ? port : 0];
  const sc_core::sc_time arrival = sc_core::sc_time_stamp() + delay;
  const sc_core::sc_time start = arrival > free ? arrival : free;
  const double beats = std::ceil(static_cast<double>(len) / cfg_.bytes_per_cycle);
  free = start + clock_ * beats;
  delay = free + clock_ * static_cast<double>(cfg_.latency) - sc_core::sc_time_stamp();
  t.set_dmi_allowed(true);
  t.set_response_status(tlm::TLM_OK_RESPONSE);
}

bool memory::get_direct_mem_ptr(int port, tlm::tlm_generic_payload& t, tlm::tlm_dmi& dmi) {
  (void)port;
  (void)t;
  dmi.allow_read_write();
  dmi.set_dmi_ptr(bytes_.get());
  dmi.set_start_address(0);
  dmi.set_end_address(size_ - 1);
  dmi.set_read_latency(clock_ * static_cast<double>(cfg_.latency));
  dmi.set_write_latency(clock_ * static_cast<double>(cfg_.latency));
  return true;
}

unsigned int memory::transport_dbg(int port, tlm::tlm_generic_payload& t) {
  (void)port;
  const uint64_t addr = t.get_address();
  if (addr >= size_) return 0;
  const uint64_t len = std::min<uint64_t>(t.get_data_length(), size_ - addr);
  if (t.is_read()) std::memcpy(t.get_data_ptr(), bytes_.get() + addr, len);
  else if (t.is_write()) std::memcpy(bytes_.get() + addr, t.get_data_ptr(), len);
  return static_cast<unsigned int>(len);
}

}  // namespace amx::model
