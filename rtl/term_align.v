// Class-term alignment for the `block` discipline (docs/numerics.md §7):
// the exact block result D = sum_c term_c * 2^texp_c as one two's-complement
// integer times 2^dexp_o, dexp_o = min_c texp_c.
//
// Within a block the class exponents differ only by the spread of the
// asymmetric sides' FP8 scale exponents (SPREAD, set by the instantiating
// unit), so a TW + SPREAD + 2 bit adder holds D exactly whatever the scales;
// with one class there is nothing to align.  The shifted terms are added in
// carry-save form and one prefix adder (this sum sits in a pipeline stage of
// the AMXFP4 engines at 10 ns).
module term_align #(
  parameter  integer NC     = 4,
  parameter  integer TW     = 22,
  parameter  integer SPREAD = 58,
  localparam integer DW     = (NC == 1) ? TW : TW + SPREAD + $clog2(NC)
) (
  input  wire [NC*TW-1:0]  term_i,
  input  wire [NC*10-1:0]  texp_i,
  output wire [DW-1:0]     d_o,
  output reg signed [9:0]  dexp_o
);
  integer j;
  // shifts never exceed SPREAD for non-NaN scales (NaN blocks are discarded)
  /* verilator lint_off UNUSEDSIGNAL */
  reg signed [9:0] sh;
  /* verilator lint_on UNUSEDSIGNAL */
  reg [DW-1:0] x, cs_s, cs_c;
  always @* begin
    dexp_o = $signed(texp_i[9:0]);
    for (j = 1; j < NC; j = j + 1)
      if ($signed(texp_i[10*j +: 10]) < dexp_o) dexp_o = $signed(texp_i[10*j +: 10]);
    // Carry-save: each further term one full-adder level, then one prefix
    // adder (the sum modulo 2^DW is D exactly).
    cs_s = {DW{1'b0}};
    cs_c = {DW{1'b0}};
    for (j = 0; j < NC; j = j + 1) begin
      sh = $signed(texp_i[10*j +: 10]) - dexp_o;  // 0..SPREAD for non-NaN scales
      x  = {{(DW - TW){term_i[TW*j+TW-1]}}, term_i[TW*j +: TW]};
      x  = x << sh[$clog2(SPREAD + 1):0];
      {cs_s, cs_c} = {cs_s ^ cs_c ^ x, ((cs_s & cs_c) | (cs_s & x) | (cs_c & x)) << 1};
    end
  end

  /* verilator lint_off UNUSEDSIGNAL */  // modulo 2^DW
  wire carry;
  /* verilator lint_on UNUSEDSIGNAL */
  prefix_add #(.W(DW)) u_add (.a_i(cs_s), .b_i(cs_c), .c_i(1'b0), .s_o(d_o), .c_o(carry));
endmodule
