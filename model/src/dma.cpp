// DMA transfers as b_transport calls on the read or write socket, the delay
// the memory annotates returned to the caller, an error response named.
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

bool dma::read_2d(uint64_t addr, uint64_t rows, uint64_t row_len, uint64_t stride, uint8_t* data,
                  const sc_core::sc_time& issue, sc_core::sc_time& done) {
  return burst_2d(rd, tlm::TLM_READ_COMMAND, addr, rows, row_len, stride, data, issue, done);
}

bool dma::write_2d(uint64_t addr, uint64_t rows, uint64_t row_len, uint64_t stride, const uint8_t* data,
                   const sc_core::sc_time& issue, sc_core::sc_time& done) {
  return burst_2d(wr, tlm::TLM_WRITE_COMMAND, addr, rows, row_len, stride, const_cast<uint8_t*>(data), issue, done);
}

bool dma::burst_2d(tlm_utils::simple_initiator_socket<dma>& port, tlm::tlm_command cmd, uint64_t addr, uint64_t rows,
                   uint64_t row_len, uint64_t stride, uint8_t* data, const sc_core::sc_time& issue,
                   sc_core::sc_time& done) {
  if (rows == 0 || row_len == 0) {
    done = issue;
    return true;
  }
  if (row_len > stride || rows - 1 > (~uint64_t{0} - addr - row_len) / stride) {
    error_ = "DMA burst of " + std::to_string(rows) + " rows of " + std::to_string(row_len) + " bytes, stride " +
             std::to_string(stride) + ": rows overlap or the range wraps";
    return false;
  }
  // The burst's bytes are timed by one transaction; its last byte must be in
  // memory too (a debug read of it).
  const uint64_t end = addr + (rows - 1) * stride + row_len - 1;
  uint8_t probe = 0;
  tlm::tlm_generic_payload p;
  p.set_command(tlm::TLM_READ_COMMAND);
  p.set_address(end);
  p.set_data_ptr(&probe);
  p.set_data_length(1);
  p.set_streaming_width(1);
  if (port->transport_dbg(p) != 1) {
    error_ = std::string("DMA ") + (&port == &wr ? "write" : "read") + " of " + std::to_string(rows) + " rows of " +
             std::to_string(row_len) + " bytes ending at " + std::to_string(end) + ": outside memory";
    return false;
  }
  if (!transfer(port, tlm::TLM_IGNORE_COMMAND, addr, nullptr, rows * row_len, issue, done)) return false;
  if (!data) return true;
  for (uint64_t r = 0; r < rows; ++r) {
    tlm::tlm_generic_payload t;
    t.set_command(cmd);
    t.set_address(addr + r * stride);
    t.set_data_ptr(data + r * row_len);
    t.set_data_length(static_cast<unsigned int>(row_len));
    t.set_streaming_width(static_cast<unsigned int>(row_len));
    if (port->transport_dbg(t) != row_len) {
      error_ = std::string("DMA ") + (&port == &wr ? "write" : "read") + " row " + std::to_string(r) + " at " +
               std::to_string(addr + r * stride) + ": outside memory";
      return false;
    }
  }
  return true;
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
