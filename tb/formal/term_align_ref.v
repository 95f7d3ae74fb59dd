// The plain formulation of term_align (docs/numerics.md §7), the reference
// the optimised rtl/term_align.v is proved equal to (tb/formal/cec.sh): the
// shifted terms added one after the other.
module term_align_ref #(
  parameter  integer NC     = 4,
  parameter  integer TW     = 22,
  parameter  integer SPREAD = 58,
  localparam integer DW     = (NC == 1) ? TW : TW + SPREAD + $clog2(NC)
) (
  input  wire [NC*TW-1:0]  term_i,
  input  wire [NC*10-1:0]  texp_i,
  output reg  [DW-1:0]     d_o,
  output reg signed [9:0]  dexp_o
);
  integer j;
  // shifts never exceed SPREAD for non-NaN scales (NaN blocks are discarded)
  /* verilator lint_off UNUSEDSIGNAL */
  reg signed [9:0] sh;
  /* verilator lint_on UNUSEDSIGNAL */
  reg [DW-1:0] t;
  always @* begin
    dexp_o = $signed(texp_i[9:0]);
    for (j = 1; j < NC; j = j + 1)
      if ($signed(texp_i[10*j +: 10]) < dexp_o) dexp_o = $signed(texp_i[10*j +: 10]);
    d_o = {DW{1'b0}};
    for (j = 0; j < NC; j = j + 1) begin
      sh = $signed(texp_i[10*j +: 10]) - dexp_o;  // 0..SPREAD for non-NaN scales
      t = {{(DW - TW){term_i[TW*j+TW-1]}}, term_i[TW*j +: TW]};
      d_o = d_o + (t << sh[$clog2(SPREAD + 1):0]);
    end
  end
endmodule
