// Shared-scale multiplier (docs/numerics.md §6): the exact product of one
// scale of each operand block, as an unnormalised integer significand and a
// power-of-two exponent, value = (-1)^sign_o * mant_o * 2^exp_o.  Keeping the
// product unnormalised costs nothing here: the class-term alignment
// downstream absorbs normalisation.
//
// SCALE_FMT_A/B per side: 0 = E8M0, 1 = FP8 E4M3, 2 = FP8 E5M2 (scale_dec).
// E8M0 x E8M0 reduces to the exponent add of the MXFP4 baseline: mant_o is
// the constant 1 and the multiplier vanishes in synthesis.
module scale_mul #(
  parameter integer SCALE_FMT_A = 2,
  parameter integer SCALE_FMT_B = 2
) (
  input  wire [7:0]        sa_i,
  input  wire [7:0]        sb_i,
  output wire              nan_o,
  output wire              sign_o,
  output wire [7:0]        mant_o,
  output wire signed [9:0] exp_o
);
  wire nan_a, nan_b, neg_a, neg_b;
  wire [3:0] sig_a, sig_b;
  wire signed [9:0] exp_a, exp_b;

  scale_dec #(.SCALE_FMT(SCALE_FMT_A)) u_dec_a (
    .code_i(sa_i), .nan_o(nan_a), .neg_o(neg_a), .sig_o(sig_a), .exp_o(exp_a)
  );
  scale_dec #(.SCALE_FMT(SCALE_FMT_B)) u_dec_b (
    .code_i(sb_i), .nan_o(nan_b), .neg_o(neg_b), .sig_o(sig_b), .exp_o(exp_b)
  );

  assign nan_o  = nan_a | nan_b;
  assign sign_o = neg_a ^ neg_b;
  assign mant_o = sig_a * sig_b;
  assign exp_o  = exp_a + exp_b;
endmodule
