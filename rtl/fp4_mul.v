// FP4 E2M1 x E2M1 multiplier (docs/numerics.md §6): the exact product of two
// codes in units of 1/4, in sign-magnitude form (magnitude in [0, 144]).
//
// Each code's value times two is sig << sh with sig = {e != 0, m} (2 bits) and
// sh = max(e, 1) - 1, so the product is a 2x2-bit significand multiply and a
// shift by sh_a + sh_b <= 4: no general multiplier is needed.  The product is
// left in sign-magnitude form because the AMXFP4 x AMXFP4 reduction sums
// magnitudes only (class_reduce); the signed reductions negate themselves.
module fp4_mul (
  input  wire [3:0] a_i,
  input  wire [3:0] b_i,
  output wire       neg_o,  // sign of the product; meaningless when mag_o = 0
  output wire [7:0] mag_o
);
  wire [1:0] sig_a = {a_i[2:1] != 2'b00, a_i[0]};
  wire [1:0] sig_b = {b_i[2:1] != 2'b00, b_i[0]};
  wire [1:0] sh_a  = (a_i[2:1] == 2'b00) ? 2'd0 : a_i[2:1] - 2'd1;
  wire [1:0] sh_b  = (b_i[2:1] == 2'b00) ? 2'd0 : b_i[2:1] - 2'd1;

  wire [3:0] sig_p = sig_a * sig_b;                // <= 9
  wire [2:0] sh_p  = {1'b0, sh_a} + {1'b0, sh_b};  // <= 4

  assign mag_o = {4'b0000, sig_p} << sh_p;         // <= 144
  assign neg_o = a_i[3] ^ b_i[3];
endmodule
