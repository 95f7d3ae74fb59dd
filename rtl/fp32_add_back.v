// The rounding half of fp32_add: the window of fp32_add_front rounded to
// binary32 (RNE, subnormals) and the special values: NaN in, or Inf - Inf,
// gives the canonical quiet NaN 0x7FC00000; Inf + finite = Inf; an exact
// zero is +0 unless both operands are -0; a nonzero sum that rounds to zero
// keeps its sign.
module fp32_add_back #(
  parameter  integer YW = 24,
  localparam integer L  = (YW > 24) ? YW : 24,
  localparam integer RW = L + 3,
  localparam integer XW = 14
) (
  input  wire                 res_neg_i,
  input  wire [RW-1:0]        r_i,
  input  wire signed [XW-1:0] e_i,
  input  wire                 sticky_i,
  input  wire                 a_nan_i,
  input  wire                 a_inf_i,
  input  wire                 a_neg_i,
  input  wire                 zero_both_i,
  input  wire                 y_neg_i,
  input  wire                 y_inf_i,
  input  wire                 y_nan_i,
  output reg  [31:0]          sum_o
);
  wire [31:0] rounded;
  fp32_round #(.W(RW), .XW(XW)) u_round (
    .neg_i(res_neg_i), .r_i(r_i), .e_i(e_i), .sticky_i(sticky_i), .z_o(rounded)
  );

  always @* begin
    if (a_nan_i || y_nan_i || (a_inf_i && y_inf_i && (a_neg_i != y_neg_i)))
      sum_o = 32'h7FC0_0000;
    else if (a_inf_i)
      sum_o = {a_neg_i, 8'hFF, 23'd0};
    else if (y_inf_i)
      sum_o = {y_neg_i, 8'hFF, 23'd0};
    else if (r_i == {RW{1'b0}})
      sum_o = {zero_both_i & a_neg_i & y_neg_i, 31'd0};
    else
      sum_o = rounded;
  end
endmodule
