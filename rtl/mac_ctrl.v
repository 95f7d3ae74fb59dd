// K-loop controller of mac_array: counts the accepted block pairs of an
// output tile, tags the first and the last of its ceil(K / N) block pairs,
// and drains the R x C results one row per cycle.
//
// The last block pair of a tile is held (in_ready_o low) until the previous
// tile's results have left the drain bank and none are in flight, so a tile
// never overwrites results not yet drained; every other block pair is
// accepted at once, so a tile of nb >= R + PIPE + 2 block pairs runs at one
// block pair per cycle (PIPE = block_dot's pipeline depth).  K = 0 is not a tile; it is treated as K = 1.
module mac_ctrl #(
  parameter  integer N    = 32,  // block size, a power of two
  parameter  integer R    = 4,
  localparam integer KW   = 20,  // width of K (elements)
  localparam integer RIW  = (R > 1) ? $clog2(R) : 1
) (
  input  wire           clk_i,
  input  wire           rst_ni,
  input  wire [KW-1:0]  k_i,          // sampled with the first block pair of a tile
  input  wire           in_valid_i,
  output wire           in_ready_o,
  output wire           fire_o,       // a block pair enters the units
  output wire           first_o,
  output wire           last_o,
  input  wire           res_valid_i,  // the units' results are ready
  output wire           load_o,       // copy the results into the drain bank
  output wire           out_valid_o,
  output wire [RIW-1:0] out_row_o
);
  localparam integer LOGN = $clog2(N);

  generate
    if ((1 << LOGN) != N) begin : g_bad
      $error("mac_ctrl: the block size N must be a power of two");
    end
  endgenerate

  reg  [KW-1:0]  kcnt_q, nb_q;
  reg            pending_q;
  reg  [RIW:0]   drain_q;  // rows left to drain

  localparam integer NM1_INT = N - 1;
  localparam [KW:0]  NM1 = NM1_INT[KW:0];
  wire [KW:0]   k_up   = {1'b0, k_i} + NM1;
  /* verilator lint_off UNUSEDSIGNAL */  // ceil(K / N) < 2^KW: the top bit is 0
  wire [KW:0]   nb_w   = k_up >> LOGN;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [KW-1:0] nb_k   = nb_w[KW-1:0];
  wire [KW-1:0] nb_new = (nb_k == {KW{1'b0}}) ? {{(KW - 1){1'b0}}, 1'b1} : nb_k;
  wire [KW-1:0] nb     = (kcnt_q == {KW{1'b0}}) ? nb_new : nb_q;

  assign first_o    = (kcnt_q == {KW{1'b0}});
  assign last_o     = (kcnt_q == nb - 1'b1);
  assign in_ready_o = !last_o || (!pending_q && (drain_q == {(RIW + 1){1'b0}}));
  assign fire_o     = in_valid_i && in_ready_o;
  assign load_o     = res_valid_i;
  assign out_valid_o = (drain_q != {(RIW + 1){1'b0}});
  /* verilator lint_off UNUSEDSIGNAL */  // R - drain_q < R: the top bit is 0
  wire [RIW:0] row = R[RIW:0] - drain_q;
  /* verilator lint_on UNUSEDSIGNAL */
  assign out_row_o  = row[RIW-1:0];

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      kcnt_q    <= {KW{1'b0}};
      nb_q      <= {KW{1'b0}};
      pending_q <= 1'b0;
      drain_q   <= {(RIW + 1){1'b0}};
    end else begin
      if (fire_o) begin
        kcnt_q <= last_o ? {KW{1'b0}} : kcnt_q + 1'b1;
        if (first_o) nb_q <= nb_new;
      end
      if (res_valid_i) begin
        pending_q <= 1'b0;
        drain_q   <= R[RIW:0];
      end else begin
        if (fire_o && last_o) pending_q <= 1'b1;
        if (drain_q != {(RIW + 1){1'b0}}) drain_q <= drain_q - 1'b1;
      end
    end
  end
endmodule
