// K-loop controller of mac_array: counts the accepted block pairs of an
// output tile, tags the first and the last of its ceil(K / N) block pairs,
// and drains the results one row per cycle.  With L lanes (block_dot LANES)
// a "block pair" below is a group of L block pairs, ceil(K / (N L)) of them:
// the units take one group per cycle, the last one zero-padded.
//
// The last block pair of a tile is held (in_ready_o low) until the previous
// tile's results have left the drain bank and none are in flight, so a tile
// never overwrites results not yet drained; every other block pair is
// accepted at once, so a tile of nb >= R + PIPE + 2 block pairs runs at one
// block pair per cycle (PIPE = block_dot's pipeline depth).  K = 0 is not a tile; it is treated as K = 1.
//
// II = 2 (block_dot ACC_II = 2, whose running sums close their loop over two
// cycles): a tile is two row groups of R rows.  Block k of group 0 and then
// block k of group 1 enter on consecutive pairs (slot_o says which), so the
// units alternate between two dot products and the array still takes one
// block pair per cycle; 2R rows drain.  Only group 0's last pair is held:
// group 1's follows it and its results one cycle after group 0's, which fill
// the bank's upper half (rows R..2R-1 are not shown before they are in).
// A tile of nb >= (PIPE + 2 + 2R + 1) / 2 blocks then runs without stalls.
module mac_ctrl #(
  parameter  integer N    = 32,  // block size, a power of two
  parameter  integer R    = 4,
  parameter  integer II   = 1,   // row groups interleaved per tile (block_dot ACC_II)
  parameter  integer L    = 1,   // block pairs per unit and cycle (block_dot LANES), a power of two
  localparam integer KW   = 20,  // width of K (elements)
  localparam integer RR   = II * R,
  localparam integer RIW  = (RR > 1) ? $clog2(RR) : 1
) (
  input  wire           clk_i,
  input  wire           rst_ni,
  input  wire [KW-1:0]  k_i,          // sampled with the first block pair of a tile
  input  wire           in_valid_i,
  output wire           in_ready_o,
  output wire           fire_o,       // a block pair enters the units
  output wire           first_o,
  output wire           last_o,
  output wire           slot_o,       // II = 2: the row group of this block pair
  input  wire           res_valid_i,  // the units' results are ready
  output wire           load_o,       // copy the results into the drain bank
  output wire           load_hi_o,    // II = 2: into its upper half (row group 1)
  output wire           out_valid_o,
  output wire [RIW-1:0] out_row_o
);
  localparam integer NG   = N * L;  // elements of K per group
  localparam integer LOGN = $clog2(NG);

  generate
    if ((1 << LOGN) != NG) begin : g_bad
      $error("mac_ctrl: the block size N and the lanes L must be powers of two");
    end
    if (II != 1 && II != 2) begin : g_bad_ii
      $error("mac_ctrl: II must be 1 or 2");
    end
  endgenerate

  reg  [KW-1:0]  kcnt_q, nb_q;
  reg            slot_q;   // II = 2: the row group of the next pair
  reg            rhi_q;    // II = 2: the next results are row group 1's
  reg            hi_in_q;  // II = 2: the bank's upper half holds this tile's rows
  reg            pending_q;
  reg  [RIW:0]   drain_q;  // rows left to drain

  localparam integer NM1_INT = NG - 1;
  localparam [KW:0]  NM1 = NM1_INT[KW:0];
  wire [KW:0]   k_up   = {1'b0, k_i} + NM1;
  /* verilator lint_off UNUSEDSIGNAL */  // ceil(K / (N L)) < 2^KW: the top bit is 0
  wire [KW:0]   nb_w   = k_up >> LOGN;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [KW-1:0] nb_k   = nb_w[KW-1:0];
  wire [KW-1:0] nb_new = (nb_k == {KW{1'b0}}) ? {{(KW - 1){1'b0}}, 1'b1} : nb_k;
  wire          start  = (kcnt_q == {KW{1'b0}}) && !slot_q;
  wire [KW-1:0] nb     = start ? nb_new : nb_q;
  wire          slot_hi = (II == 2) && slot_q;

  assign first_o    = (kcnt_q == {KW{1'b0}});
  assign last_o     = (kcnt_q == nb - 1'b1);
  assign slot_o     = slot_hi;
  // Held: the last pair of row group 0 (the tile's last pair when II = 1).
  assign in_ready_o = !(last_o && !slot_hi) || (!pending_q && (drain_q == {(RIW + 1){1'b0}}));
  assign fire_o     = in_valid_i && in_ready_o;
  assign load_o     = res_valid_i;
  assign load_hi_o  = (II == 2) && rhi_q;
  /* verilator lint_off UNUSEDSIGNAL */  // RR - drain_q < RR: the top bit is 0
  wire [RIW:0] row = RR[RIW:0] - drain_q;
  /* verilator lint_on UNUSEDSIGNAL */
  wire         row_in = (II == 1) || hi_in_q || (row < R[RIW:0]);
  assign out_valid_o = (drain_q != {(RIW + 1){1'b0}}) && row_in;
  assign out_row_o   = row[RIW-1:0];

  wire last_fire  = fire_o && last_o && (slot_hi == (II == 2));  // the tile's final pair
  wire res_final  = res_valid_i && (II == 1 || rhi_q);           // the tile's last results

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      kcnt_q    <= {KW{1'b0}};
      nb_q      <= {KW{1'b0}};
      slot_q    <= 1'b0;
      rhi_q     <= 1'b0;
      hi_in_q   <= 1'b0;
      pending_q <= 1'b0;
      drain_q   <= {(RIW + 1){1'b0}};
    end else begin
      if (fire_o) begin
        if (start) nb_q <= nb_new;
        if (II == 2 && !slot_q) begin
          slot_q <= 1'b1;
        end else begin
          slot_q <= 1'b0;
          kcnt_q <= last_o ? {KW{1'b0}} : kcnt_q + 1'b1;
        end
      end
      if (res_valid_i && II == 2) rhi_q <= !rhi_q;
      if (res_valid_i && !load_hi_o) begin
        drain_q <= RR[RIW:0];
        hi_in_q <= 1'b0;
      end else if (out_valid_o) begin
        drain_q <= drain_q - 1'b1;
      end
      if (res_valid_i && load_hi_o) hi_in_q <= 1'b1;
      if (res_final) pending_q <= 1'b0;
      else if (last_fire) pending_q <= 1'b1;
    end
  end
endmodule
