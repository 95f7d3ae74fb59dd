// The geometry of a Mapping (config.hpp) on a GEMM: K chunks, panel bytes
// and the on-chip buffer footprint.  Plain C++ (no SystemC): the model runs
// the loop nest, the mapping search (sim library) costs it.
#pragma once

#include <algorithm>
#include <cstdint>

#include "amx/golden/quantizer.hpp"
#include "amx/model/config.hpp"

namespace amx::model {

struct LoopNest {
  uint64_t m = 0, n = 0, k = 0;
  uint64_t R = 1, C = 1, block = 32;
  uint64_t tm = 0, tn = 0;            // output tile (multiples of R, C; at most M, N rounded up)
  uint64_t tiles_m = 0, tiles_n = 0;  // output tiles along M and N
  uint64_t nb = 0;                    // blocks along K
  uint64_t gran = 1;                  // blocks per cut granule: a group of lanes, or a fused K step
  uint64_t chunks = 1;                // K chunks actually used (at most the granules)
  uint32_t order = 0;
  uint64_t a_block = 0, b_block = 0;  // bytes of a full block of A and of B
  uint64_t a_row = 0, b_row = 0;      // bytes of a packed row of K

  LoopNest(const golden::QuantParams& pa, const golden::QuantParams& pb, bool fused, uint64_t m_, uint64_t n_,
           uint64_t k_, uint64_t rows, uint64_t cols, const Mapping& map, uint64_t lanes = 1)
      : m(m_), n(n_), k(k_), R(rows), C(cols), block(static_cast<uint64_t>(pa.block)), order(map.order) {
    tm = std::min<uint64_t>(map.tile_m ? map.tile_m : R, (m + R - 1) / R * R);
    tn = std::min<uint64_t>(map.tile_n ? map.tile_n : C, (n + C - 1) / C * C);
    tiles_m = (m + tm - 1) / tm;
    tiles_n = (n + tn - 1) / tn;
    nb = (k + block - 1) / block;
    // K chunks end where the accumulator is binary32 (docs/numerics.md 7.1,
    // 7.2): at a group's end, under fused at a K step's (max(64, B L)).
    gran = fused ? std::max<uint64_t>(lanes, 64 / block) : lanes;
    const uint64_t granules = (nb + gran - 1) / gran;
    chunks = std::max<uint64_t>(1, std::min<uint64_t>(map.k_chunks, granules));
    a_block = golden::block_bytes(pa.format, pa.block);
    b_block = golden::block_bytes(pb.format, pb.block);
    a_row = golden::row_bytes(pa, k);
    b_row = golden::row_bytes(pb, k);
  }
  // Blocks [first, end) of chunk c: granules split as evenly as they go.
  uint64_t chunk_first(uint64_t c) const {
    const uint64_t granules = (nb + gran - 1) / gran;
    return std::min(nb, granules * c / chunks * gran);
  }
  uint64_t chunk_end(uint64_t c) const { return c + 1 == chunks ? nb : chunk_first(c + 1); }
  // Bytes of a packed row's blocks [b0, b1): every block but a row's last is full.
  uint64_t a_bytes(uint64_t b0, uint64_t b1) const { return span(b0, b1, a_block, a_row); }
  uint64_t b_bytes(uint64_t b0, uint64_t b1) const { return span(b0, b1, b_block, b_row); }
  uint64_t a_offset(uint64_t b0) const { return b0 * a_block; }
  uint64_t b_offset(uint64_t b0) const { return b0 * b_block; }
  // Rows of the output tile (mt, nt): the edge tiles are smaller.
  uint64_t rows_of(uint64_t mt) const { return std::min(tm, m - mt * tm); }
  uint64_t cols_of(uint64_t nt) const { return std::min(tn, n - nt * tn); }
  uint64_t widest_chunk() const {
    uint64_t w = 0;
    for (uint64_t c = 0; c < chunks; ++c) w = std::max(w, chunk_end(c) - chunk_first(c));
    return w;
  }
  // The buffer holds two A and two B panels (the one in use and the next,
  // loading) and, when K is cut, the output tile's binary32 partial sums.
  uint64_t footprint() const {
    const uint64_t w = widest_chunk();
    const uint64_t a = tm * a_bytes(0, w), b = tn * b_bytes(0, w);
    return 2 * (a + b) + (chunks > 1 ? tm * tn * 4 : 0);
  }

 private:
  uint64_t span(uint64_t b0, uint64_t b1, uint64_t full, uint64_t row) const {
    if (b1 <= b0) return 0;
    return b1 == nb ? row - b0 * full : (b1 - b0) * full;
  }
};

}  // namespace amx::model
