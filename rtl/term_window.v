// Class-term sum of the `window` discipline (docs/numerics.md §7): the class
// terms aligned to a fixed-point window whose LSB lies G bits below the LSB
// of the leading class (the nonzero term with the largest exponent), bits
// below the window dropped (floor), summed exactly:
//
//   d_o * 2^dexp_o = sum_c floor(term_c * 2^(texp_c - e_hi + G)) * 2^(e_hi - G)
//
// Unlike term_align it needs no adder as wide as the scales' exponent spread:
// a term further than TW + G bits below the leading one only contributes its
// sign (0 or -1 window LSB), so the adders are TW + G + log2(classes) wide.
// The terms are added in a carry-save tree and one prefix adder (the window
// sum sits in a pipeline stage of the AMXFP4 engines at 10 ns); the leading
// class is found by a tree of compare-selects.
// Used for two or more classes (one class needs no window: see block_dot).
//
// STAGE = 1 puts a register between the aligned terms and their sum (loaded
// with en_i; d_o and dexp_o one cycle later): a wide unit's 8 or 16 terms
// take a leading-term tree, the shifts, a carry-save tree and a prefix
// adder, more than one 10 ns stage.
module term_window #(
  parameter  integer NC    = 4,
  parameter  integer TW    = 20,
  parameter  integer G     = 16,
  parameter  integer STAGE = 0,
  localparam integer WW    = TW + G + $clog2(NC)
) (
  /* verilator lint_off UNUSEDSIGNAL */  // STAGE = 0: combinational
  input  wire              clk_i,
  input  wire              en_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [NC*TW-1:0]  term_i,
  input  wire [NC*10-1:0]  texp_i,
  output wire [WW-1:0]     d_o,
  output wire signed [9:0] dexp_o
);
  localparam integer SHMAX_INT = TW + G;
  localparam signed [10:0] SHMAX = SHMAX_INT[10:0];
  localparam integer G_INT = G;
  localparam signed [9:0]  G10 = G_INT[9:0];

  integer j, d, q;
  reg signed [9:0] e_hi;
  reg signed [10:0] sh;
  reg [NC*WW-1:0]  t;    // the aligned terms
  reg [WW-1:0]     x;
  // Leading class: a zero term (an empty class) must not place the window.
  // A balanced tree of compare-selects over (nonzero, exponent): log2(NC)
  // levels, so a wide unit's group of terms does not chain NC comparisons.
  reg [NC-1:0]     nz;
  reg [NC*10-1:0]  ex;
  always @* begin
    for (j = 0; j < NC; j = j + 1) begin
      nz[j]            = term_i[TW*j +: TW] != {TW{1'b0}};
      ex[10*j +: 10]   = texp_i[10*j +: 10];
    end
    for (d = 1; d < NC; d = d * 2)
      for (q = 0; q + d < NC; q = q + 2 * d)
        if (nz[q+d] && (!nz[q] || $signed(ex[10*(q+d) +: 10]) > $signed(ex[10*q +: 10]))) begin
          nz[q]          = 1'b1;
          ex[10*q +: 10] = ex[10*(q+d) +: 10];
        end
    e_hi  = $signed(ex[9:0]);
    for (j = 0; j < NC; j = j + 1) begin
      sh = {e_hi[9], e_hi} - {texp_i[10*j+9], texp_i[10*j +: 10]};  // >= 0 for nonzero terms
      x  = {{(WW - TW - G){term_i[TW*j+TW-1]}}, term_i[TW*j +: TW], {G{1'b0}}};
      if (term_i[TW*j +: TW] == {TW{1'b0}})
        x = {WW{1'b0}};
      else if (sh >= SHMAX)
        x = {WW{term_i[TW*j+TW-1]}};
      else
        x = $signed(x) >>> sh[$clog2(SHMAX_INT + 1)-1:0];
      t[WW*j +: WW] = x;
    end
  end
  wire signed [9:0] dexp = e_hi - G10;

  wire [NC*WW-1:0]  t_s;
  if (STAGE != 0) begin : g_stage
    reg [NC*WW-1:0]  t_q;
    reg signed [9:0] dexp_q;
    always @(posedge clk_i) begin
      if (en_i) begin
        t_q    <= t;
        dexp_q <= dexp;
      end
    end
    assign t_s    = t_q;
    assign dexp_o = dexp_q;
  end else begin : g_comb
    assign t_s    = t;
    assign dexp_o = dexp;
  end

  // The aligned terms in carry-save form (a Wallace tree: a wide unit's
  // group has 8 or 16 of them), then one prefix adder (sums modulo 2^WW,
  // which holds the exact sum).
  wire [WW-1:0] cs_s, cs_c;
  csa_tree #(.N(NC), .W(WW)) u_csa (.v_i(t_s), .s_o(cs_s), .c_o(cs_c));
  /* verilator lint_off UNUSEDSIGNAL */  // modulo 2^WW
  wire carry;
  /* verilator lint_on UNUSEDSIGNAL */
  prefix_add #(.W(WW)) u_add (.a_i(cs_s), .b_i(cs_c), .c_i(1'b0), .s_o(d_o), .c_o(carry));
endmodule
