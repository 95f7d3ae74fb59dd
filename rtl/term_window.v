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
// The terms are added in carry-save form and one prefix adder (the window
// sum sits in a pipeline stage of the AMXFP4 engines at 10 ns).
// Used for two or more classes (one class needs no window: see block_dot).
module term_window #(
  parameter  integer NC = 4,
  parameter  integer TW = 20,
  parameter  integer G  = 16,
  localparam integer WW = TW + G + $clog2(NC)
) (
  input  wire [NC*TW-1:0]  term_i,
  input  wire [NC*10-1:0]  texp_i,
  output wire [WW-1:0]     d_o,
  output reg signed [9:0]  dexp_o
);
  localparam integer SHMAX_INT = TW + G;
  localparam signed [10:0] SHMAX = SHMAX_INT[10:0];
  localparam integer G_INT = G;
  localparam signed [9:0]  G10 = G_INT[9:0];

  integer j;
  reg              found;
  reg signed [9:0] e_hi, e_j;
  reg signed [10:0] sh;
  reg [NC*WW-1:0]  t;    // the aligned terms
  reg [WW-1:0]     cs_s, cs_c, x;
  always @* begin
    // Leading class: a zero term (an empty class) must not place the window.
    found = 1'b0;
    e_hi  = $signed(texp_i[9:0]);
    for (j = 0; j < NC; j = j + 1) begin
      e_j = $signed(texp_i[10*j +: 10]);
      if (term_i[TW*j +: TW] != {TW{1'b0}} && (!found || e_j > e_hi)) begin
        e_hi  = e_j;
        found = 1'b1;
      end
    end
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
    // Carry-save: each further term costs one full-adder level, not a carry
    // chain; one prefix adder resolves the pair (sums modulo 2^WW, which
    // holds the exact sum).
    cs_s = t[WW-1:0];
    cs_c = {WW{1'b0}};
    for (j = 1; j < NC; j = j + 1) begin
      x    = t[WW*j +: WW];
      {cs_s, cs_c} = {cs_s ^ cs_c ^ x, ((cs_s & cs_c) | (cs_s & x) | (cs_c & x)) << 1};
    end
    dexp_o = e_hi - G10;
  end

  /* verilator lint_off UNUSEDSIGNAL */  // modulo 2^WW
  wire carry;
  /* verilator lint_on UNUSEDSIGNAL */
  prefix_add #(.W(WW)) u_add (.a_i(cs_s), .b_i(cs_c), .c_i(1'b0), .s_o(d_o), .c_o(carry));
endmodule
