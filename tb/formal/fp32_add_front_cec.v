// fp32_add_front for tb/formal/cec.sh: the optimised one behind
// fp32_unpack, as every caller has it, or the reference under CEC_REF.
// YNORM = 1 promises a normalised y (top bit set) or zero: an input without
// its top bit is taken as zero, so every input the promise allows is checked.
module fp32_add_front_cec #(
  parameter integer YW = 24,
  parameter integer YNORM = 0,
  localparam integer L  = (YW > 24) ? YW : 24,
  localparam integer RW = L + 3
) (
  input  wire [31:0]        acc_i,
  input  wire               y_neg_i,
  input  wire [YW-1:0]      y_mag_i,
  input  wire signed [11:0] y_exp_i,
  output wire               res_neg_o,
  output wire [RW-1:0]      r_o,
  output wire signed [13:0] e_o,
  output wire               sticky_o,
  output wire               a_nan_o,
  output wire               a_inf_o,
  output wire               a_neg_o,
  output wire               zero_both_o
);
  wire [YW-1:0] y = (YNORM != 0 && !y_mag_i[YW-1]) ? {YW{1'b0}} : y_mag_i;
`ifdef CEC_REF
  fp32_add_front_ref #(.YW(YW), .YNORM(YNORM)) u_front (
    .acc_i(acc_i),
`else
  wire [41:0] a_un;
  fp32_unpack #(.XW(14)) u_unpack (.x_i(acc_i), .u_o(a_un));
  fp32_add_front #(.YW(YW), .YNORM(YNORM)) u_front (
    .a_i(a_un),
`endif
    .y_neg_i(y_neg_i), .y_mag_i(y), .y_exp_i(y_exp_i), .res_neg_o(res_neg_o), .r_o(r_o), .e_o(e_o),
    .sticky_o(sticky_o), .a_nan_o(a_nan_o), .a_inf_o(a_inf_o), .a_neg_o(a_neg_o), .zero_both_o(zero_both_o)
  );
endmodule
