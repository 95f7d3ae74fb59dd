// Binary32 adder with one exact wide operand and a single rounding
// (docs/numerics.md §7): sum_o = RNE(acc_i + y), y = (-1)^y_neg_i * y_mag_i *
// 2^y_exp_i, exact in between.  With YW = 24 and y taken from a binary32 it is
// an IEEE 754 binary32 adder (RNE, subnormals, signed zeros); with a wide y it
// adds the exact block result of the `block` discipline; with acc_i = +0 it
// rounds y to binary32 (class terms of the `class-seq` discipline).
//
// Method: both operands are normalised to L = max(YW, 24) bits; the smaller
// one is shifted right into a window of L + 2 bits below a carry bit, and
// everything shifted out is remembered as a sticky bit.  For an effective
// subtraction the sticky is also borrowed from the window (R = big - small -
// sticky), so the exact sum lies in [R, R + 1) window LSBs and is R only when
// the sticky is clear; the window keeps two bits below the rounding position
// of any result whose top is within one bit of the larger operand (the only
// case where bits are lost), so R and the sticky round exactly like the exact
// sum; fp32_round does that rounding.  Special values: NaN in, or Inf - Inf, gives the canonical quiet NaN
// 0x7FC00000; Inf + finite = Inf; an exact zero is +0 unless both operands
// are -0; a nonzero sum that rounds to zero keeps its sign.
// Here the two halves, fp32_add_front (alignment, add) and fp32_add_back
// (rounding, special values), are joined combinationally.
module fp32_add #(
  parameter  integer YW = 24,
  localparam integer L  = (YW > 24) ? YW : 24,
  localparam integer RW = L + 3,           // carry + L + 2 low bits
  localparam integer XW = 14               // internal exponents, signed
) (
  input  wire [31:0]        acc_i,
  input  wire               y_neg_i,
  input  wire [YW-1:0]      y_mag_i,
  input  wire signed [11:0] y_exp_i,       // exponent of y_mag_i's LSB
  input  wire               y_inf_i,
  input  wire               y_nan_i,
  output wire [31:0]        sum_o
);
  wire                 res_neg, sticky, a_nan, a_inf, a_neg, zero_both;
  wire [RW-1:0]        r;
  wire signed [XW-1:0] e_w;
  wire [XW+27:0]       a_un;
  fp32_unpack #(.XW(XW)) u_unpack (.x_i(acc_i), .u_o(a_un));
  fp32_add_front #(.YW(YW)) u_front (
    .a_i(a_un), .y_neg_i(y_neg_i), .y_mag_i(y_mag_i), .y_exp_i(y_exp_i), .res_neg_o(res_neg), .r_o(r),
    .e_o(e_w), .sticky_o(sticky), .a_nan_o(a_nan), .a_inf_o(a_inf), .a_neg_o(a_neg), .zero_both_o(zero_both)
  );
  fp32_add_back #(.YW(YW)) u_back (
    .res_neg_i(res_neg), .r_i(r), .e_i(e_w), .sticky_i(sticky), .a_nan_i(a_nan), .a_inf_i(a_inf), .a_neg_i(a_neg),
    .zero_both_i(zero_both), .y_neg_i(y_neg_i), .y_inf_i(y_inf_i), .y_nan_i(y_nan_i), .sum_o(sum_o)
  );
endmodule
