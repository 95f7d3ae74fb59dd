// R x C output-stationary array of block_dot units (docs/numerics.md §7):
// each cycle one a-block per row is broadcast along its row and one b-block
// per column along its column; unit (r, c) accumulates C[r][c] of the
// current output tile.  mac_ctrl runs the K loop and drains the results,
// DRAIN_ROWS rows of C values per cycle, while the next tile is being
// accumulated: the drain bank is the units' result register.
//
// K-tiled GEMMs: a tile offered with pre_i high starts every unit from the
// preload bank (binary32 partial sums written DRAIN_ROWS rows per cycle
// through pl_*, the drain's width: a chunk's partial sums go back in as fast
// as they came out) instead of +0.  The bank is read when the tile's first block pair is
// accepted, so the next tile's rows may be written from the cycle after.
//
// ACC_II = 2 (block_dot's two running sums): a tile is 2R rows, two row
// groups of R interleaved pair by pair (mac_ctrl); row r of group g is tile
// row g * R + r in the preload and drain banks.
//
// LANES (block_dot's): each unit takes a group of LANES consecutive blocks
// of its row and column per cycle, side by side on the operand ports as in
// the packed layout; a tile is ceil(K / (N LANES)) groups, the blocks past K
// of its last group all-zero codes under the smallest scale (no term, and
// under `fused` no alignment above the group's own).
//
// Format, discipline and pipeline parameters are those of block_dot.
`include "amx_widths.vh"

module mac_array #(
  parameter  integer R           = 4,
  parameter  integer C           = 4,
  parameter  integer N           = 32,
  parameter  integer SCALE_FMT_A = 2,
  parameter  integer ASYM_A      = 1,
  parameter  integer SCALE_FMT_B = 2,
  parameter  integer ASYM_B      = 1,
  parameter  integer DISC        = 0,
  parameter  integer PIPE        = 1,
  parameter  integer SPLIT       = 0,
  parameter  integer ACC_II      = 1,
  parameter  integer LANES       = 1,
  parameter  integer DRAIN_ROWS  = 1,  // rows per cycle out of the drain bank, a power of two dividing R
  localparam integer ABW = LANES * `AMX_BW(ASYM_A, N),  // a group of a row
  localparam integer BBW = LANES * `AMX_BW(ASYM_B, N),
  localparam integer RR  = ACC_II * R,  // rows of a tile
  localparam integer RIW = (RR > 1) ? $clog2(RR) : 1,
  localparam integer LD  = $clog2(DRAIN_ROWS),
  localparam integer GW  = DRAIN_ROWS * C * 32  // a row group of the banks
) (
  input  wire             clk_i,
  input  wire             rst_ni,
  input  wire [19:0]      k_i,         // K in elements, for the tile being started
  input  wire             in_valid_i,
  output wire             in_ready_o,
  input  wire             pre_i,       // with the tile's block pairs: start from the preload bank
  input  wire             pl_valid_i,  // write preload bank rows pl_row_i .. pl_row_i + DRAIN_ROWS - 1
  input  wire [RIW-1:0]   pl_row_i,    // a multiple of DRAIN_ROWS
  input  wire [DRAIN_ROWS*C*32-1:0] pl_data_i,  // row pl_row_i + d, column c: pl_data_i[32*(C*d+c) +: 32]
  input  wire [R*ABW-1:0] a_i,         // row r (of the pair's row group): a_i[ABW*r +: ABW], packed block layout (LANES blocks)
  input  wire [C*BBW-1:0] b_i,         // column c: b_i[BBW*c +: BBW]
  output wire             out_valid_o,
  output wire [RIW-1:0]   out_row_o,   // the first of the DRAIN_ROWS rows presented
  output wire [DRAIN_ROWS*C*32-1:0] out_data_o  // C[out_row_o + d][c] = out_data_o[32*(C*d+c) +: 32]
);
  wire fire, first, last, slot, load, load_hi, out_valid;
  wire [RIW-1:0] out_row;
  wire [R*C-1:0] res_valid;
  wire [R*C*32-1:0] res;

  mac_ctrl #(.N(N), .R(R), .II(ACC_II), .L(LANES), .D(DRAIN_ROWS)) u_ctrl (
    .clk_i(clk_i), .rst_ni(rst_ni), .k_i(k_i), .in_valid_i(in_valid_i), .in_ready_o(in_ready_o),
    .fire_o(fire), .first_o(first), .last_o(last), .slot_o(slot), .res_valid_i(&res_valid), .load_o(load),
    .load_hi_o(load_hi), .out_valid_o(out_valid), .out_row_o(out_row)
  );

  // The banks are addressed by row group (rows are multiples of DRAIN_ROWS),
  // so each bank bit has RR / DRAIN_ROWS sources, not RR.
  /* verilator lint_off UNUSEDSIGNAL */  // the low LD bits of a row are 0
  wire [RIW-1:0] pl_grp = pl_row_i >> LD;
  /* verilator lint_on UNUSEDSIGNAL */
  reg [RR*C*32-1:0] init_q;
  always @(posedge clk_i) if (pl_valid_i) init_q[GW*pl_grp +: GW] <= pl_data_i;

  genvar r, c;
  generate
    for (r = 0; r < R; r = r + 1) begin : g_row
      for (c = 0; c < C; c = c + 1) begin : g_col
        /* verilator lint_off UNUSEDSIGNAL */  // the running sums stay inside
        wire [31:0] acc;
        /* verilator lint_on UNUSEDSIGNAL */
        block_dot #(
          .N(N), .SCALE_FMT_A(SCALE_FMT_A), .ASYM_A(ASYM_A), .SCALE_FMT_B(SCALE_FMT_B),
          .ASYM_B(ASYM_B), .DISC(DISC), .PIPE(PIPE), .SPLIT(SPLIT), .ACC_II(ACC_II),
          .LANES(LANES)
        ) u_unit (
          .clk_i(clk_i), .rst_ni(rst_ni), .clear_i(1'b0), .valid_i(fire), .first_i(first), .last_i(last),
          .pre_i(pre_i), .init_i(init_q[32*(C*(r+((ACC_II == 2 && slot) ? R : 0))+c) +: 32]), .slot_i(slot),
          .a_i(a_i[ABW*r +: ABW]), .b_i(b_i[BBW*c +: BBW]),
          .acc_o(acc), .res_valid_o(res_valid[C*r+c]), .res_o(res[32*(C*r+c) +: 32])
        );
      end
    end
  endgenerate

  // Drain bank: loaded with a row group's R x C results at once, read
  // DRAIN_ROWS rows at a time (out_row is a multiple of DRAIN_ROWS).
  reg [RR*C*32-1:0] bank_q;
  always @(posedge clk_i) if (load) bank_q[R*C*32*(load_hi ? 1 : 0) +: R*C*32] <= res;
  assign out_valid_o = out_valid;
  assign out_row_o   = out_row;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [RIW-1:0] out_grp = out_row >> LD;
  /* verilator lint_on UNUSEDSIGNAL */
  assign out_data_o  = bank_q[GW*out_grp +: GW];
endmodule
