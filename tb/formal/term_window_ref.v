// The plain formulation of term_window (docs/numerics.md §7), the
// reference the optimised rtl/term_window.v is proved equal to
// (tb/formal/cec.sh): the aligned terms added one after the other.
module term_window_ref #(
  parameter  integer NC = 4,
  parameter  integer TW = 20,
  parameter  integer G  = 16,
  localparam integer WW = TW + G + $clog2(NC)
) (
  input  wire [NC*TW-1:0]  term_i,
  input  wire [NC*10-1:0]  texp_i,
  output reg  [WW-1:0]     d_o,
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
  reg [WW-1:0]     t;
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
    d_o = {WW{1'b0}};
    for (j = 0; j < NC; j = j + 1) begin
      sh = {e_hi[9], e_hi} - {texp_i[10*j+9], texp_i[10*j +: 10]};  // >= 0 for nonzero terms
      t  = {{(WW - TW - G){term_i[TW*j+TW-1]}}, term_i[TW*j +: TW], {G{1'b0}}};
      if (term_i[TW*j +: TW] == {TW{1'b0}})
        t = {WW{1'b0}};
      else if (sh >= SHMAX)
        t = {WW{term_i[TW*j+TW-1]}};
      else
        t = $signed(t) >>> sh[$clog2(SHMAX_INT + 1)-1:0];
      d_o = d_o + t;
    end
    dexp_o = e_hi - G10;
  end
endmodule
