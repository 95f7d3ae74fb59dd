// K-loop controller of mac_array: counts the accepted block pairs of an
// output tile, tags the first and the last of its ceil(K / N) block pairs,
// and drains the results D rows per cycle (DRAIN_ROWS).  With L lanes
// (block_dot LANES) a "block pair" below is a group of L block pairs,
// ceil(K / (N L)) of them: the units take one group per cycle, the last one
// zero-padded.
//
// The drain bank is the units' result register: a tile's results move into
// it PIPE + 1 cycles after its final pair, which frees the accumulators for
// the next tile at once, and leave it in RR / D cycles (RR = II R rows)
// while the next tile accumulates.  So the only hold is on the final pair of
// a tile that would deliver its results before the previous tile's last row
// group has left: tile i's final pair enters no sooner than RR / D cycles
// after tile i - 1's (the two loads are then RR / D cycles apart, and in the
// cycle of the later load the bank still presents the earlier tile's last
// rows).  Every other block pair is accepted at once, so a tile of
// II nb >= RR / D pairs runs at one pair per cycle.  K = 0 is not a tile;
// it is treated as K = 1.
//
// II = 2 (block_dot ACC_II = 2, whose running sums close their loop over two
// cycles): a tile is two row groups of R rows.  Block k of group 0 and then
// block k of group 1 enter on consecutive pairs (slot_o says which), so the
// units alternate between two dot products and the array still takes one
// block pair per cycle; 2R rows drain.  Group 0's last pair is the one held
// (group 1's follows it, the tile's final pair); its results come one cycle
// after group 0's and fill the bank's upper half, whose rows are not shown
// before they are in.  D divides R, so a drained row group never straddles
// the halves.
module mac_ctrl #(
  parameter  integer N    = 32,  // block size, a power of two
  parameter  integer R    = 4,
  parameter  integer II   = 1,   // row groups interleaved per tile (block_dot ACC_II)
  parameter  integer L    = 1,   // block pairs per unit and cycle (block_dot LANES), a power of two
  parameter  integer D    = 1,   // rows drained per cycle (mac_array DRAIN_ROWS), a power of two dividing R
  localparam integer KW   = 20,  // width of K (elements)
  localparam integer RR   = II * R,
  localparam integer RIW  = (RR > 1) ? $clog2(RR) : 1,
  localparam integer DG   = RR / D,  // drain cycles of a tile
  localparam integer GW   = $clog2(DG + 1)
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
  output wire [RIW-1:0] out_row_o     // the first of the D rows presented
);
  localparam integer NG   = N * L;  // elements of K per group
  localparam integer LOGN = $clog2(NG);
  // Cycles from the previous final pair at which the held pair may enter:
  // the final pair follows it II - 1 cycles later.
  localparam integer HOLD_INT = (DG > II - 1) ? DG - (II - 1) : 0;
  localparam [GW-1:0] HOLD  = HOLD_INT[GW-1:0];
  localparam [GW-1:0] GAP_MAX = DG[GW-1:0];
  localparam [GW-1:0] ONE = 1;
  localparam integer  XW  = GW + RIW + 1;  // grp D < RR without overflow
  localparam [XW-1:0] DX  = D[XW-1:0];
  localparam [XW-1:0] RX  = R[XW-1:0];

  generate
    if ((1 << LOGN) != NG) begin : g_bad
      $error("mac_ctrl: the block size N and the lanes L must be powers of two");
    end
    if (II != 1 && II != 2) begin : g_bad_ii
      $error("mac_ctrl: II must be 1 or 2");
    end
    if (D < 1 || R % D != 0 || (D & (D - 1)) != 0) begin : g_bad_d
      $error("mac_ctrl: D (DRAIN_ROWS) must be a power of two dividing R");
    end
  endgenerate

  reg  [KW-1:0]  kcnt_q, nb_q;
  reg            slot_q;   // II = 2: the row group of the next pair
  reg            rhi_q;    // II = 2: the next results are row group 1's
  reg            hi_in_q;  // II = 2: the bank's upper half holds this tile's rows
  reg  [GW-1:0]  gap_q;    // cycles since the last final pair, saturated at DG
  reg  [GW-1:0]  drain_q;  // row groups of D rows left to drain

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
  assign in_ready_o = !(last_o && !slot_hi) || (gap_q >= HOLD);
  assign fire_o     = in_valid_i && in_ready_o;
  assign load_o     = res_valid_i;
  assign load_hi_o  = (II == 2) && rhi_q;
  // The row group presented: DG - drain_q of DG, D rows each.
  wire [GW-1:0] grp = GAP_MAX - drain_q;
  /* verilator lint_off UNUSEDSIGNAL */  // grp D < RR: the top bits are 0
  wire [XW-1:0] row = {{(RIW + 1){1'b0}}, grp} * DX;
  /* verilator lint_on UNUSEDSIGNAL */
  wire         row_in = (II == 1) || hi_in_q || (row < RX);
  assign out_valid_o = (drain_q != {GW{1'b0}}) && row_in;
  assign out_row_o   = row[RIW-1:0];

  wire last_fire = fire_o && last_o && (slot_hi == (II == 2));  // the tile's final pair

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      kcnt_q    <= {KW{1'b0}};
      nb_q      <= {KW{1'b0}};
      slot_q    <= 1'b0;
      rhi_q     <= 1'b0;
      hi_in_q   <= 1'b0;
      gap_q     <= GAP_MAX;
      drain_q   <= {GW{1'b0}};
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
      if (last_fire) gap_q <= ONE;
      else if (gap_q != GAP_MAX) gap_q <= gap_q + 1'b1;
      if (res_valid_i && II == 2) rhi_q <= !rhi_q;
      if (res_valid_i && !load_hi_o) begin
        drain_q <= GAP_MAX;
        hi_in_q <= 1'b0;
      end else if (out_valid_o) begin
        drain_q <= drain_q - 1'b1;
      end
      if (res_valid_i && load_hi_o) hi_in_q <= 1'b1;
    end
  end
endmodule
