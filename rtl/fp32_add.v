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
module fp32_add #(
  parameter  integer YW = 24,
  localparam integer L  = (YW > 24) ? YW : 24,
  localparam integer RW = L + 3,           // carry + L + 2 low bits
  localparam integer XW = 14,              // internal exponents, signed
  localparam integer IW = $clog2(L)
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
  localparam integer RW_INT  = RW;
  localparam integer LP1_INT = L + 1;
  localparam signed [XW-1:0] RW_X  = RW_INT[XW-1:0];
  localparam signed [XW-1:0] LP1_X = LP1_INT[XW-1:0];
  localparam integer LM1_INT = L - 1;
  localparam [IW-1:0] LM1 = LM1_INT[IW-1:0];

  // Operand a: the binary32 accumulator.
  wire       a_neg = acc_i[31];
  wire [7:0] a_ef  = acc_i[30:23];
  wire       a_nan = (a_ef == 8'hFF) && (acc_i[22:0] != 23'd0);
  wire       a_inf = (a_ef == 8'hFF) && (acc_i[22:0] == 23'd0);
  wire [L-1:0] a_raw = {{(L - 24){1'b0}}, a_ef != 8'd0, acc_i[22:0]};
  wire signed [XW-1:0] a_lsb = $signed({{(XW - 8){1'b0}}, (a_ef == 8'd0) ? 8'd1 : a_ef}) - 150;
  wire [L-1:0] y_raw = {{(L - YW){1'b0}}, y_mag_i};
  wire signed [XW-1:0] y_lsb = {{(XW - 12){y_exp_i[11]}}, y_exp_i};

  wire [IW-1:0] ma, my;
  lead_one #(.W(L)) u_lead_a (.v_i(a_raw), .idx_o(ma));
  lead_one #(.W(L)) u_lead_y (.v_i(y_raw), .idx_o(my));

  reg [L-1:0]  a_nrm, y_nrm, op_big, op_small;
  reg signed [XW-1:0] a_top, y_top, t_big, d, e_w;
  reg          y_big, sub, res_neg, sticky, zero_both;
  reg [RW-1:0] big_w, small_w, shifted, lost, r;

  always @* begin
    lost = {RW{1'b0}};
    // Normalise each operand so that its top bit is bit L-1.
    a_nrm = a_raw << (LM1 - ma);
    a_top = (a_raw == {L{1'b0}}) ? ZERO_TOP : a_lsb + $signed({{(XW - IW){1'b0}}, ma});
    y_nrm = y_raw << (LM1 - my);
    y_top = (y_raw == {L{1'b0}}) ? ZERO_TOP : y_lsb + $signed({{(XW - IW){1'b0}}, my});

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
    zero_both = (a_raw == {L{1'b0}}) && (y_raw == {L{1'b0}});
  end

  wire [31:0] rounded;
  fp32_round #(.W(RW), .XW(XW)) u_round (
    .neg_i(res_neg), .r_i(r), .e_i(e_w), .sticky_i(sticky), .z_o(rounded)
  );

  always @* begin
    if (a_nan || y_nan_i || (a_inf && y_inf_i && (a_neg != y_neg_i)))
      sum_o = 32'h7FC0_0000;
    else if (a_inf)
      sum_o = acc_i;
    else if (y_inf_i)
      sum_o = {y_neg_i, 8'hFF, 23'd0};
    else if (r == {RW{1'b0}})
      sum_o = {zero_both & a_neg & y_neg_i, 31'd0};
    else
      sum_o = rounded;
  end
endmodule
