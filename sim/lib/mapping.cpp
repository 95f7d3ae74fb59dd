// The mapping search: candidate tiles and K chunks enumerated, each costed
// by a replay of the model's loop nest, the cheapest kept.
#include "amx/sim/mapping.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>
#include <tuple>

#include <fmt/format.h>

#include "amx/golden/error.hpp"
#include "amx/model/loop_nest.hpp"

namespace amx::sim {

namespace {

uint64_t ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

// Cycles to move bytes at bw bytes per cycle, at most kMaxCycles (a
// mapping that reaches it is refused by the caller; the conversion of a
// larger double would be undefined).
uint64_t transfer_cycles(double bytes, double bw) {
  const double c = std::ceil(bytes / bw);
  return c < static_cast<double>(kMaxCycles) ? static_cast<uint64_t>(c) : kMaxCycles;
}

model::LoopNest nest(const GemmShape& g, const EngineShape& e, const model::Mapping& map) {
  return model::LoopNest(g.a, g.b, e.fused, g.m, g.n, g.k, static_cast<uint64_t>(e.array.rows * e.array.acc_ii),
                         static_cast<uint64_t>(e.array.cols), map, static_cast<uint64_t>(e.array.lanes));
}


// Cycles the array needs for the whole loop nest with operands always there:
// every array tile of a chunk of ng groups (of lanes blocks) takes
// max(II ng, hold) cycles (the drain bank holds a short tile's last pair),
// and a chunk after the first at least II + the preload bank's fill (it
// preloads its partial sums after the previous tile has read the bank).
uint64_t compute_bound(const model::LoopNest& ln, const model::ArrayConfig& a) {
  const uint64_t ii = static_cast<uint64_t>(a.acc_ii), hold = a.drain_hold();
  uint64_t per_tile = 0;
  for (uint64_t c = 0; c < ln.chunks; ++c)
    per_tile += std::max({ii * a.groups(ln.chunk_end(c) - ln.chunk_first(c)), hold, c > 0 ? a.preload_pitch() : 0});
  return ceil_div(ln.m, ln.R) * ceil_div(ln.n, ln.C) * per_tile;
}

// Times each operand panel is read from DRAM (model's reuse rule: a panel
// the next step shares stays in the buffer, which needs one chunk).
void panel_reads(const model::LoopNest& ln, uint64_t& fa, uint64_t& fb) {
  if (ln.chunks > 1) {
    fa = ln.tiles_n;
    fb = ln.tiles_m;
  } else if (ln.order == 0) {
    fa = 1;
    fb = ln.tiles_n == 1 ? 1 : ln.tiles_m;
  } else {
    fa = ln.tiles_m == 1 ? 1 : ln.tiles_n;
    fb = 1;
  }
}

}  // namespace

uint64_t dram_minimum(const GemmShape& g) {
  return g.m * golden::row_bytes(g.a, g.k) + g.n * golden::row_bytes(g.b, g.k) + g.m * g.n * 4;
}

uint64_t dram_io_bound(const GemmShape& g, uint64_t buffer_bytes) {
  const double side = std::max(1.0, std::floor(std::sqrt(static_cast<double>(buffer_bytes) / 4.0)));
  const double x = std::min(side, static_cast<double>(g.m)), y = std::min(side, static_cast<double>(g.n));
  const double a = static_cast<double>(g.m * golden::row_bytes(g.a, g.k)) * std::ceil(static_cast<double>(g.n) / y);
  const double b = static_cast<double>(g.n * golden::row_bytes(g.b, g.k)) * std::ceil(static_cast<double>(g.m) / x);
  return static_cast<uint64_t>(a + b) + g.m * g.n * 4;
}

namespace {

// Everything of a mapping but its cycles: footprint, DRAM and buffer bytes
// (closed forms), their energy and the lower bound on cycles.
MappingCost traffic(const model::LoopNest& ln, const EngineShape& e) {
  MappingCost c;
  c.footprint = ln.footprint();
  c.fits = c.footprint <= e.buffer_bytes;
  uint64_t fa = 0, fb = 0;
  panel_reads(ln, fa, fb);
  c.dram_read = fa * ln.m * ln.a_row + fb * ln.n * ln.b_row;
  c.dram_written = ln.m * ln.n * 4;
  const uint64_t tiles_r = ceil_div(ln.m, ln.R), tiles_c = ceil_div(ln.n, ln.C);
  // The array streams every A row of a chunk to each column tile, and so on.
  c.sram_read = tiles_c * ln.m * ln.a_row + tiles_r * ln.n * ln.b_row;
  const uint64_t psums = (ln.chunks - 1) * ln.m * ln.n * 4;  // stored, and loaded back as often
  c.sram_read += psums;
  c.sram_written = c.dram_read + psums;
  c.energy_pj = static_cast<double>(c.sram_read) * e.sram_read_pj + static_cast<double>(c.sram_written) * e.sram_write_pj +
                static_cast<double>(c.dram()) * e.dram_pj;
  c.lower_bound = std::max(compute_bound(ln, e.array),
                           transfer_cycles(static_cast<double>(c.dram()), e.dram_bytes_per_cycle));
  return c;
}

// The predicted cycles of a mapping that fits.
uint64_t replay(const model::LoopNest& ln, const EngineShape& e) {
  const uint64_t R = ln.R, C = ln.C, II = static_cast<uint64_t>(e.array.acc_ii);
  const model::ArrayConfig& array = e.array;
  const uint64_t hold = array.drain_hold(), tail = array.drain_tail();
  const double bw = e.dram_bytes_per_cycle;
  const uint64_t lat = static_cast<uint64_t>(e.dram_latency);

  // Step-level replay of the model's loop nest (mac_accel::gemm): panel
  // slots, the DRAM port (reads, and the results of each step's array tiles
  // as they drain, in at most kWritePieces writes: one per tile would cost
  // the search its speed, one per step delays them too much where the
  // array is fast and the port busy, as with wide units), and the
  // controller's recurrence per array tile.
  constexpr uint64_t kWritePieces = 16;
  struct Slot {
    uint64_t key = ~uint64_t{0}, ready = 0, free = 0;
  };
  Slot as[2], bs[2];
  int ac = 1, bc = 1;
  uint64_t port = 0;
  std::deque<std::pair<uint64_t, uint64_t>> writes;  // (issue cycle, bytes), in issue order
  bool started = false;
  uint64_t last = 0, prev_first = 0, end = 0;
  auto port_use = [&](uint64_t issue, uint64_t bytes) {
    const uint64_t start = std::max(issue, port);
    port = start + transfer_cycles(static_cast<double>(bytes), bw);
    return port + lat;
  };
  // Writes issued up to `until` go to the port first: it serves in order.
  auto flush_writes = [&](uint64_t until) {
    while (!writes.empty() && writes.front().first <= until) {
      end = std::max(end, port_use(writes.front().first, writes.front().second));
      writes.pop_front();
    }
  };
  auto fetch = [&](Slot* s, int& cur, uint64_t key, uint64_t bytes) {
    if (s[cur].key == key) return;
    cur ^= 1;
    flush_writes(s[cur].free);
    s[cur].key = key;
    s[cur].ready = port_use(s[cur].free, bytes);
  };
  const uint64_t outer = ln.order ? ln.tiles_n : ln.tiles_m, inner = ln.order ? ln.tiles_m : ln.tiles_n;
  auto load = [&](uint64_t o, uint64_t i, uint64_t ch) {
    const uint64_t mt = ln.order ? i : o, nt = ln.order ? o : i;
    const uint64_t b0 = ln.chunk_first(ch), b1 = ln.chunk_end(ch);
    fetch(as, ac, mt * ln.chunks + ch, ln.rows_of(mt) * ln.a_bytes(b0, b1));
    fetch(bs, bc, nt * ln.chunks + ch, ln.cols_of(nt) * ln.b_bytes(b0, b1));
  };
  load(0, 0, 0);
  for (uint64_t o = 0; o < outer; ++o)
    for (uint64_t i = 0; i < inner; ++i)
      for (uint64_t ch = 0; ch < ln.chunks; ++ch) {
        const uint64_t mt = ln.order ? i : o, nt = ln.order ? o : i;
        const uint64_t nb = std::max<uint64_t>(1, array.groups(ln.chunk_end(ch) - ln.chunk_first(ch)));
        const uint64_t tiles = ceil_div(ln.rows_of(mt), R) * ceil_div(ln.cols_of(nt), C);
        uint64_t avail = std::max(as[ac].ready, bs[bc].ready);
        // A step's first tile preloads after the previous tile has read the
        // bank; in a one-tile step its source is also the tile the previous
        // step just produced: the source drains, then the bank fills.
        if (ch > 0)
          avail = std::max(avail, tiles == 1 ? array.preload_from(prev_first, last + tail) + array.drain_cycles()
                                             : prev_first + array.preload_pitch());
        const uint64_t ready = started ? last + 1 : 0;
        uint64_t first = std::max(ready, avail);
        last = std::max(first + II * nb - 1, started ? last + hold : 0);
        if (nb == 1) first = last - (II - 1);
        started = true;
        // The tiles of a step that preloads its partial sums (ch > 0) enter no
        // faster than their preload banks fill.
        const uint64_t pitch = std::max({II * nb, hold, ch > 0 ? array.preload_pitch() : 0});
        last += (tiles - 1) * pitch;
        prev_first = tiles > 1 ? last - pitch + 1 : first;
        as[ac].free = last + 1;
        bs[bc].free = last + 1;
        if (ch + 1 == ln.chunks) {
          flush_writes(~uint64_t{0});
          // Tile t drains at last - (tiles - 1 - t) pitch + tail; a piece is
          // written when its last tile has drained.
          const uint64_t bytes = ln.rows_of(mt) * ln.cols_of(nt) * 4;
          const uint64_t pieces = std::min(tiles, kWritePieces);
          uint64_t done = 0;
          for (uint64_t p = 1; p <= pieces; ++p) {
            const uint64_t hi = tiles * p / pieces, upto = bytes * hi / tiles;
            writes.emplace_back(last - (tiles - hi) * pitch + tail + 1, upto - done);
            done = upto;
          }
        }
        end = std::max(end, last + tail + 1);
        // The next step's panels.
        uint64_t no = o, ni = i, nc = ch + 1;
        if (nc == ln.chunks) nc = 0, ++ni;
        if (ni == inner) ni = 0, ++no;
        if (no < outer) load(no, ni, nc);
      }
  flush_writes(~uint64_t{0});
  return end;
}

}  // namespace

MappingCost cost(const GemmShape& g, const EngineShape& e, const model::Mapping& map) {
  const model::LoopNest ln = nest(g, e, map);
  MappingCost c = traffic(ln, e);
  if (c.fits) c.cycles = replay(ln, e);
  return c;
}

namespace {

// Tile sizes (multiples of side up to dim rounded up): every one, or the
// smallest of each distinct tile count; beyond 64 of those (a dimension of
// thousands of array tiles) sizes within 5% of the last kept are skipped,
// which bounds the search of huge GEMMs.
std::vector<uint64_t> tile_sizes(uint64_t dim, uint64_t side, Space space) {
  const uint64_t units = ceil_div(dim, side);
  std::vector<uint64_t> out;
  if (space == Space::Full) {
    for (uint64_t u = 1; u <= units; ++u) out.push_back(u * side);
    return out;
  }
  for (uint64_t t = 1; t <= units; ++t) {
    const uint64_t u = ceil_div(units, t);
    if (out.empty() || out.back() != u * side) out.push_back(u * side);
  }
  if (out.size() > 64) {
    std::vector<uint64_t> thin;
    for (uint64_t v : out)
      if (thin.empty() || static_cast<double>(v) <= 0.95 * static_cast<double>(thin.back())) thin.push_back(v);
    if (thin.back() != out.back()) thin.push_back(out.back());
    out.swap(thin);
  }
  return out;
}

// Chunk counts: every one, or the fewest chunks of each distinct width.
std::vector<uint64_t> chunk_counts(uint64_t granules, Space space) {
  std::vector<uint64_t> out;
  if (space == Space::Full) {
    for (uint64_t c = 1; c <= granules; ++c) out.push_back(c);
    return out;
  }
  for (uint64_t c = 1; c <= granules; ++c) {
    const uint64_t w = ceil_div(granules, c);
    const uint64_t fewest = ceil_div(granules, w);
    if (fewest == c) out.push_back(c);
  }
  if (out.size() > 64) {  // as for tile sizes: counts within 5% of the last kept are skipped
    std::vector<uint64_t> thin;
    for (uint64_t c : out)
      if (thin.empty() || static_cast<double>(c) >= 1.05 * static_cast<double>(thin.back())) thin.push_back(c);
    out.swap(thin);
  }
  return out;
}

// The objective: fewest cycles (within kCycleTolerance of the fewest), then
// DRAM bytes, then buffer and DRAM energy (within the same tolerance: the
// replay is not that exact), then fewer K chunks and the smaller footprint.
bool better(const MappingCost& x, const model::Mapping& xm, const MappingCost& y, const model::Mapping& ym,
            uint64_t best_cycles) {
  const double lim = static_cast<double>(best_cycles) * (1.0 + kCycleTolerance);
  const bool xin = static_cast<double>(x.cycles) <= lim, yin = static_cast<double>(y.cycles) <= lim;
  if (xin != yin) return xin;
  if (!xin) return x.cycles < y.cycles;
  if (x.dram() != y.dram()) return x.dram() < y.dram();
  if (std::fabs(x.energy_pj - y.energy_pj) > kCycleTolerance * std::max(x.energy_pj, y.energy_pj))
    return x.energy_pj < y.energy_pj;
  if (xm.k_chunks != ym.k_chunks) return xm.k_chunks < ym.k_chunks;
  return x.footprint < y.footprint;
}

}  // namespace

SearchResult search(const GemmShape& g, const EngineShape& e, Space space) {
  const uint64_t R = static_cast<uint64_t>(e.array.rows * e.array.acc_ii), C = static_cast<uint64_t>(e.array.cols);
  const uint64_t block = static_cast<uint64_t>(g.a.block);
  const uint64_t nb = ceil_div(g.k, block);
  const uint64_t lanes = static_cast<uint64_t>(e.array.lanes);
  const uint64_t gran = e.fused ? std::max<uint64_t>(lanes, 64 / block) : lanes;  // as model::LoopNest
  const std::vector<uint64_t> tms = tile_sizes(g.m, R, space), tns = tile_sizes(g.n, C, space);
  const std::vector<uint64_t> chs = chunk_counts(ceil_div(nb, gran), space);
  struct Cand {
    model::Mapping map;
    MappingCost cost;  // traffic and bound first, the cycles once replayed
    model::LoopNest ln;
  };
  std::vector<Cand> cands;
  SearchResult res;
  uint64_t smallest = ~uint64_t{0};
  for (uint64_t tm : tms)
    for (uint64_t tn : tns)
      for (uint64_t ch : chs)
        for (uint32_t order = 0; order < 2; ++order) {
          // The order matters only with one chunk and more than one tile each way.
          if (order == 1 && space == Space::Pruned && (ch > 1 || tm >= g.m || tn >= g.n)) continue;
          ++res.candidates;
          const model::Mapping map{static_cast<uint32_t>(tm), static_cast<uint32_t>(tn), static_cast<uint32_t>(ch), order};
          const model::LoopNest ln = nest(g, e, map);
          const MappingCost t = traffic(ln, e);
          smallest = std::min(smallest, t.footprint);
          if (!t.fits) continue;
          ++res.fitting;
          cands.push_back({map, t, ln});
        }
  if (cands.empty())
    throw Error(fmt::format("no mapping of the {} x {} x {} GEMM fits {} bytes of on-chip buffer: the smallest needs "
                            "{} bytes; raise --buffer-kib",
                            g.m, g.n, g.k, e.buffer_bytes, smallest));
  // Bound first: a candidate whose lower bound is already beyond the
  // tolerance of the best found cannot be chosen.
  std::sort(cands.begin(), cands.end(), [](const Cand& x, const Cand& y) {
    return std::tie(x.cost.lower_bound, x.map.tile_m, x.map.tile_n, x.map.k_chunks, x.map.order) <
           std::tie(y.cost.lower_bound, y.map.tile_m, y.map.tile_n, y.map.k_chunks, y.map.order);
  });
  uint64_t best_cycles = ~uint64_t{0};
  std::vector<Cand> costed;
  for (Cand& c : cands) {
    if (space == Space::Pruned && best_cycles != ~uint64_t{0} &&
        static_cast<double>(c.cost.lower_bound) > static_cast<double>(best_cycles) * (1.0 + kCycleTolerance))
      break;
    c.cost.cycles = replay(c.ln, e);
    best_cycles = std::min(best_cycles, c.cost.cycles);
    costed.push_back(c);
  }
  res.costed = costed.size();
  const Cand* best = &costed.front();
  for (const Cand& c : costed)
    if (better(c.cost, c.map, best->cost, best->map, best_cycles)) best = &c;
  res.best = best->map;
  res.cost = best->cost;
  res.fewest_cycles = best_cycles;
  return res;
}

std::string to_string(const model::Mapping& m) {
  return fmt::format("{}x{} tiles, {} K chunk{}, {} outer", m.tile_m, m.tile_n, m.k_chunks, m.k_chunks == 1 ? "" : "s",
                     m.order ? "N" : "M");
}

}  // namespace amx::sim
