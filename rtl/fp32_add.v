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
// sum.  Special values: NaN in, or Inf - Inf, gives the canonical quiet NaN
// 0x7FC00000; Inf + finite = Inf; an exact zero is +0 unless both operands
// are -0; a nonzero sum that rounds to zero keeps its sign.
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
  output reg  [31:0]        sum_o
);
  localparam signed [XW-1:0] ZERO_TOP = -(1 <<< (XW - 2));  // below any real operand

  // Index of the most significant set bit (0 when v = 0).
  function automatic integer msb(input [RW-1:0] v);
    integer k;
    begin
      msb = 0;
      for (k = 0; k < RW; k = k + 1) if (v[k]) msb = k;
    end
  endfunction

  // Operand a: the binary32 accumulator.
  wire       a_neg = acc_i[31];
  wire [7:0] a_ef  = acc_i[30:23];
  wire       a_nan = (a_ef == 8'hFF) && (acc_i[22:0] != 23'd0);
  wire       a_inf = (a_ef == 8'hFF) && (acc_i[22:0] == 23'd0);
  wire [L-1:0] a_raw = {{(L - 24){1'b0}}, a_ef != 8'd0, acc_i[22:0]};
  wire signed [XW-1:0] a_lsb = $signed({{(XW - 8){1'b0}}, (a_ef == 8'd0) ? 8'd1 : a_ef}) - 150;
  wire [L-1:0] y_raw = {{(L - YW){1'b0}}, y_mag_i};
  wire signed [XW-1:0] y_lsb = {{(XW - 12){y_exp_i[11]}}, y_exp_i};

  reg [L-1:0]  a_nrm, y_nrm, op_big, op_small;
  reg signed [XW-1:0] a_top, y_top, t_big, d, e_w, t_res, lsb, k;
  reg          y_big, sub, res_neg, sticky, guard, rnd, zero_both;
  reg [RW-1:0] big_w, small_w, shifted, lost, r;
  // r >> kk has at most 24 significant bits (rounding position = top - 23).
  /* verilator lint_off UNUSEDSIGNAL */
  reg [RW-1:0] qw;
  /* verilator lint_on UNUSEDSIGNAL */
  reg [24:0]   q;
  reg signed [XW-1:0] ef;
  reg [XW+23:0] bits;  // biased exponent field and fraction
  integer      sh, kk, ma, my;
  /* verilator lint_off UNUSEDSIGNAL */
  integer      p;  // a bit index < RW
  /* verilator lint_on UNUSEDSIGNAL */

  localparam integer RW_INT = RW;
  localparam integer LP1_INT = L + 1;
  localparam signed [XW-1:0] RW_X  = RW_INT[XW-1:0];
  localparam signed [XW-1:0] LP1_X = LP1_INT[XW-1:0];
  localparam signed [XW-1:0] EMIN  = -14'sd149;  // LSB exponent of binary32

  always @* begin
    // Defaults keep every path assigned (no latches).
    lost = {RW{1'b0}};
    qw = {RW{1'b0}};
    guard = 1'b0;
    rnd = 1'b0;
    kk = 0;

    // Normalise each operand so that its top bit is bit L-1.
    ma    = msb({3'b000, a_raw});
    my    = msb({3'b000, y_raw});
    sh    = L - 1 - ma;
    a_nrm = a_raw << sh;
    a_top = (a_raw == {L{1'b0}}) ? ZERO_TOP : a_lsb + ma[XW-1:0];
    sh    = L - 1 - my;
    y_nrm = y_raw << sh;
    y_top = (y_raw == {L{1'b0}}) ? ZERO_TOP : y_lsb + my[XW-1:0];

    // The larger magnitude goes first, so r below is never negative.
    y_big    = (y_top > a_top) || ((y_top == a_top) && (y_nrm > a_nrm));
    op_big   = y_big ? y_nrm : a_nrm;
    op_small = y_big ? a_nrm : y_nrm;
    t_big    = y_big ? y_top : a_top;
    d        = y_big ? (y_top - a_top) : (a_top - y_top);
    sub      = a_neg ^ y_neg_i;
    res_neg  = y_big ? y_neg_i : a_neg;

    big_w   = {1'b0, op_big, 2'b00};
    small_w = {1'b0, op_small, 2'b00};
    if (d >= RW_X) begin
      shifted = {RW{1'b0}};
      sticky  = |op_small;
    end else begin
      shifted = small_w >> d;
      lost    = small_w << (RW_X - d);
      sticky  = |lost;
    end
    r   = sub ? (big_w - shifted - {{(RW - 1){1'b0}}, sticky}) : (big_w + shifted);
    e_w = t_big - LP1_X;  // exponent of r's LSB

    // Round r * 2^e_w to 24 bits at lsb = max(top - 23, -149).
    p     = msb(r);
    t_res = e_w + p[XW-1:0];
    lsb   = (t_res - 14'sd23 < EMIN) ? EMIN : t_res - 14'sd23;
    k     = lsb - e_w;
    if (k <= 0) begin
      // Nothing lies below the rounding position: the small operand fit.
      q = {1'b0, r[23:0] << (-k)};
    end else begin
      kk    = (k > RW_X + 14'sd1) ? RW + 1 : {{(32 - XW){1'b0}}, k};
      qw    = r >> kk;
      q     = {1'b0, qw[23:0]};
      guard = (kk - 1 >= RW) ? 1'b0 : r[kk-1];
      lost  = (kk - 1 >= RW) ? r : (r << (RW + 1 - kk));
      rnd   = guard & (sticky | (|lost) | q[0]);
    end
    q = q + {24'd0, rnd};
    // The biased exponent field is lsb + 149 plus the carry into bit 23 of q,
    // which covers subnormals, their rounding up to normal, and 2^24 carries.
    ef   = lsb - EMIN;
    bits = {1'b0, ef, 23'd0} + {{(XW - 1){1'b0}}, q};

    zero_both = (a_raw == {L{1'b0}}) && (y_raw == {L{1'b0}});
    if (a_nan || y_nan_i || (a_inf && y_inf_i && (a_neg != y_neg_i)))
      sum_o = 32'h7FC0_0000;
    else if (a_inf)
      sum_o = acc_i;
    else if (y_inf_i)
      sum_o = {y_neg_i, 8'hFF, 23'd0};
    else if (r == {RW{1'b0}})
      sum_o = {zero_both & a_neg & y_neg_i, 31'd0};
    else if (bits >= {{(XW - 7){1'b0}}, 8'hFF, 23'd0})
      sum_o = {res_neg, 8'hFF, 23'd0};
    else
      sum_o = {res_neg, bits[30:0]};
  end
endmodule
