// fp32_round for tb/formal/cec.sh, the reference under CEC_REF, with the
// exponent narrowed to the range fp32_round asks of its callers
// (|e_i| < 2^(XW - 2); the widest window's exponents stay within +-500).
module fp32_round_cec #(
  parameter integer W = 27
) (
  input  wire               neg_i,
  input  wire [W-1:0]       r_i,
  input  wire signed [11:0] e_i,
  input  wire               sticky_i,
  output wire [31:0]        z_o
);
`ifdef CEC_REF
  fp32_round_ref #(.W(W), .XW(14)) u_round (
`else
  fp32_round #(.W(W), .XW(14)) u_round (
`endif
    .neg_i(neg_i), .r_i(r_i), .e_i({{2{e_i[11]}}, e_i}), .sticky_i(sticky_i), .z_o(z_o)
  );
endmodule
