// The host's register accesses and the one-call GEMM runs used by `amx
// model`, the tests and the co-simulation.
#include "amx/model/system.hpp"

#include <cstring>

#include <fmt/format.h>

#include "amx/golden/error.hpp"

namespace amx::model {

namespace {
uint64_t page_align(uint64_t v) { return (v + 4095) & ~uint64_t{4095}; }
}  // namespace

GemmLayout gemm_layout(const golden::QuantParams& pa, const golden::QuantParams& pb, uint64_t m, uint64_t n,
                       uint64_t k) {
  GemmLayout l;
  l.b = page_align(golden::row_bytes(pa, k) * m);
  l.c = page_align(l.b + golden::row_bytes(pb, k) * n);
  l.bytes = page_align(l.c + m * n * 4);
  return l;
}

host::host(sc_core::sc_module_name n) : sc_core::sc_module(n), socket("socket") {}

tlm::tlm_response_status host::access(tlm::tlm_command cmd, uint64_t addr, uint32_t& v, unsigned len) {
  uint8_t buf[8] = {};
  std::memcpy(buf, &v, 4);
  tlm::tlm_generic_payload t;
  t.set_command(cmd);
  t.set_address(addr);
  t.set_data_ptr(buf);
  t.set_data_length(len);
  t.set_streaming_width(len);
  t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_core::sc_time d = sc_core::SC_ZERO_TIME;
  socket->b_transport(t, d);
  std::memcpy(&v, buf, 4);
  return t.get_response_status();
}

uint32_t host::read(uint64_t addr) {
  uint32_t v = 0;
  if (access(tlm::TLM_READ_COMMAND, addr, v) != tlm::TLM_OK_RESPONSE)
    throw Error(fmt::format("register read at {:#05x} failed", addr));
  return v;
}

System::System(const ArrayConfig& a, const MemConfig& m, uint64_t mem_bytes, const std::string& prefix)
    : mem((prefix + "mem").c_str(), mem_bytes, m, sc_core::sc_time(1.0 / m.clock_ghz, sc_core::SC_NS)),
      accel((prefix + "accel").c_str(), a, m),
      cpu((prefix + "cpu").c_str()) {
  accel.dma0.rd.bind(mem.rd);
  accel.dma0.wr.bind(mem.wr);
  cpu.socket.bind(accel.regs);
}

uint32_t System::run(const GemmJob& j) {
  const uint32_t status = run_status(j);
  if (status & reg::STATUS_ERROR) throw Error("accelerator GEMM failed: " + accel.last_error());
  return status;
}

bool System::start(const GemmJob& j, std::string& why) {
  uint32_t ta, tb;
  std::memcpy(&ta, &j.tscale_a, 4);
  std::memcpy(&tb, &j.tscale_b, 4);
  const std::pair<uint64_t, uint32_t> writes[] = {
      {reg::FMT_A, static_cast<uint32_t>(j.fa)}, {reg::FMT_B, static_cast<uint32_t>(j.fb)},
      {reg::DISC, static_cast<uint32_t>(j.disc)}, {reg::M, j.m}, {reg::N, j.n}, {reg::K, j.k},
      {reg::ADDR_A, static_cast<uint32_t>(j.addr_a)}, {reg::ADDR_A + 4, static_cast<uint32_t>(j.addr_a >> 32)},
      {reg::ADDR_B, static_cast<uint32_t>(j.addr_b)}, {reg::ADDR_B + 4, static_cast<uint32_t>(j.addr_b >> 32)},
      {reg::ADDR_C, static_cast<uint32_t>(j.addr_c)}, {reg::ADDR_C + 4, static_cast<uint32_t>(j.addr_c >> 32)},
      {reg::TSCALE_A, ta}, {reg::TSCALE_B, tb}, {reg::TILE_M, j.map.tile_m}, {reg::TILE_N, j.map.tile_n},
      {reg::K_CHUNKS, j.map.k_chunks}, {reg::ORDER, j.map.order},
      {reg::CTRL, reg::CTRL_START | (j.timing_only ? reg::CTRL_TIMING_ONLY : 0u)}};
  for (const auto& [addr, v] : writes)
    if (cpu.write(addr, v) != tlm::TLM_OK_RESPONSE) {
      why = accel.last_error();
      return false;
    }
  return true;
}

uint32_t System::run_status(const GemmJob& j) {
  std::string why;
  if (!start(j, why)) throw Error("accelerator refused the GEMM: " + why);
  sc_core::sc_start();
  return cpu.read(reg::STATUS);
}

}  // namespace amx::model
