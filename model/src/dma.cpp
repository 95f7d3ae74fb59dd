#include "amx/model/dma.hpp"

#include <cstdio>

namespace amx::model {

dma::dma(sc_core::sc_module_name name) : sc_core::sc_module(name), rd("rd"), wr("wr") {}

bool dma::read(uint64_t addr, uint8_t* data, uint64_t len, const sc_core::sc_time& issue, sc_core::sc_time& done) {
  return transfer(rd, data ? tlm::TLM_READ_COMMAND : tlm::TLM_IGNORE_COMMAND, addr, data, len, issue, done);
}

bool dma::write(uint64_t addr, const uint8_t* data, uint64_t len, const sc_core::sc_time& issue,
                sc_core::sc_time& done) {
  // The payload's data pointer is not const; a write never modifies it.
  return transfer(wr, data ? tlm::TLM_WRITE_COMMAND : tlm::TLM_IGNORE_COMMAND, addr, const_cast<uint8_t*>(data), len,
                  issue, done);
}

bool dma::transfer(tlm_utils::simple_initiator_socket<dma>& port, tlm::tlm_command cmd, uint64_t addr, uint8_t* data,
                   uint64_t len, const sc_core::sc_time& issue, sc_core::sc_time& done) {
  char where[32];
  std::snprintf(where, sizeof where, "0x%llx", static_cast<unsigned long long>(addr));
  if (len > 0xFFFFFFFFu) {
    error_ = "DMA transfer of " + std::to_string(len) + " bytes at " + where + " exceeds 4 GiB";
    return false;
  }
  uint8_t dummy = 0;
  tlm::tlm_generic_payload t;
  t.set_command(cmd);
  t.set_address(addr);
  t.set_data_ptr(data ? data : &dummy);
  t.set_data_length(static_cast<unsigned int>(len));
  t.set_streaming_width(static_cast<unsigned int>(len));
  t.set_byte_enable_ptr(nullptr);
  t.set_dmi_allowed(false);
  t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_core::sc_time delay = issue;
  port->b_transport(t, delay);
  if (t.is_response_error()) {
    error_ = "DMA " + std::string(&port == &wr ? "write" : "read") + " of " + std::to_string(len) + " bytes at " +
             where + ": " + t.get_response_string();
    return false;
  }
  done = delay;
  return true;
}

}  // namespace amx::model
