// The accelerator's DMA engine: a TLM-2.0 initiator that moves whole tiles
// (contiguous byte ranges) between the memory and the local buffers with
// loosely-timed b_transport, the delays annotated, never waited on.
#pragma once

#include <cstdint>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

namespace amx::model {

SC_MODULE(dma) {
  tlm_utils::simple_initiator_socket<dma> rd, wr;  // to the memory's read and write ports

  explicit dma(sc_core::sc_module_name name);

  // Moves len bytes; data == nullptr only times the transfer (no data moves).
  // issue: when the request leaves the DMA, as an offset from now; done:
  // the offset at which the transfer is complete.  On an error response it
  // returns false and error() says why (no exceptions: it runs in a SystemC
  // thread, whose stack the sanitizers cannot unwind).
  bool read(uint64_t addr, uint8_t* data, uint64_t len, const sc_core::sc_time& issue, sc_core::sc_time& done);
  bool write(uint64_t addr, const uint8_t* data, uint64_t len, const sc_core::sc_time& issue, sc_core::sc_time& done);
  // rows rows of row_len bytes, stride bytes apart in memory (packed in
  // data): timed as one burst of rows * row_len bytes, the bytes moved
  // through the debug interface row by row (same timing with or without data).
  bool read_2d(uint64_t addr, uint64_t rows, uint64_t row_len, uint64_t stride, uint8_t* data,
               const sc_core::sc_time& issue, sc_core::sc_time& done);
  bool write_2d(uint64_t addr, uint64_t rows, uint64_t row_len, uint64_t stride, const uint8_t* data,
                const sc_core::sc_time& issue, sc_core::sc_time& done);
  const std::string& error() const { return error_; }

 private:
  bool transfer(tlm_utils::simple_initiator_socket<dma>& port, tlm::tlm_command cmd, uint64_t addr, uint8_t* data,
                uint64_t len, const sc_core::sc_time& issue, sc_core::sc_time& done);
  bool burst_2d(tlm_utils::simple_initiator_socket<dma>& port, tlm::tlm_command cmd, uint64_t addr, uint64_t rows,
                uint64_t row_len, uint64_t stride, uint8_t* data, const sc_core::sc_time& issue, sc_core::sc_time& done);
  std::string error_;
};

}  // namespace amx::model
