// The alignment half of fp32_add (docs/numerics.md §7): both operands
// normalised, the smaller shifted into the larger's window with a sticky bit,
// and added or subtracted.  Its outputs are everything fp32_add_back needs to
// round and to handle the special values, so a register between the two
// halves splits the adder into two pipeline stages (acc_fp32 with II = 2).
//
// The accumulator arrives unpacked and normalised within its own 24 bits
// (fp32_unpack: its leading one is found among 24, not among the L bits of
// a wide operand, and before the II = 2 accumulator's slot multiplexer).
// YNORM = 1: y
// arrives normalised (its top bit at YW - 1, or zero), so its leading-one
// search and shift sit before the pipeline register that feeds this stage,
// off the accumulator's loop (block_dot with ACC_II = 2).
//
// With II = 2 this half is one of the loop's two stages, so it is arranged
// for depth (the plain formulation, tb/formal/fp32_add_front_ref.v, is
// proved equal to it): the bits the alignment shifts out are ORed by prefix
// trees over both normalised operands, ready when the exponents are
// compared, and selected by the distance; the sticky bit enters the one
// adder as its carry-in (big + ~shifted + !sticky), not as a second
// subtraction after it, and prefix_add takes its carry-in last.
module fp32_add_front #(
  parameter  integer YW = 24,
  parameter  integer YNORM = 0,
  localparam integer L  = (YW > 24) ? YW : 24,
  localparam integer RW = L + 3,           // carry + L + 2 low bits
  localparam integer XW = 14,              // internal exponents, signed
  localparam integer IW = $clog2(L),
  localparam integer DW = $clog2(RW + 1)    // alignment distances 0 .. RW
) (
  input  wire [XW+27:0]       a_i,         // the accumulator, fp32_unpack'ed
  input  wire                 y_neg_i,
  input  wire [YW-1:0]        y_mag_i,
  input  wire signed [11:0]   y_exp_i,     // exponent of y_mag_i's LSB
  output reg                  res_neg_o,
  output wire [RW-1:0]        r_o,         // the window: big +/- shifted small (- sticky)
  output reg  signed [XW-1:0] e_o,         // exponent of r_o's LSB
  output reg                  sticky_o,
  output wire                 a_nan_o,
  output wire                 a_inf_o,
  output wire                 a_neg_o,
  output reg                  zero_both_o  // both operands zero: the sign of an exact zero
);
  localparam signed [XW-1:0] ZERO_TOP = -(1 <<< (XW - 2));  // below any real operand
  localparam integer RW_INT  = RW;
  localparam integer LP1_INT = L + 1;
  localparam signed [XW-1:0] RW_X  = RW_INT[XW-1:0];
  localparam signed [XW-1:0] LP1_X = LP1_INT[XW-1:0];
  localparam integer LM1_INT = L - 1;
  localparam [IW-1:0] LM1 = LM1_INT[IW-1:0];

  // Operand a: the binary32 accumulator, unpacked (fp32_unpack).
  wire        a_neg  = a_i[XW+27];
  wire        a_zero = a_i[XW+26];
  assign a_inf_o = a_i[XW+25];
  assign a_nan_o = a_i[XW+24];
  assign a_neg_o = a_neg;
  wire signed [XW-1:0] a_top = a_i[XW+23:24];
  wire [L-1:0] y_raw = {{(L - YW){1'b0}}, y_mag_i};
  wire signed [XW-1:0] y_lsb = {{(XW - 12){y_exp_i[11]}}, y_exp_i};

  localparam integer YM1_INT = YW - 1;
  wire [IW-1:0] my;
  generate
    if (YNORM != 0) begin : g_ynorm
      assign my = YM1_INT[IW-1:0];
    end else begin : g_ylead
      lead_one #(.W(L)) u_lead_y (.v_i(y_raw), .idx_o(my));
    end
  endgenerate

  // Each operand normalised with its top bit at bit L-1.
  /* verilator lint_off UNUSEDSIGNAL */  // a's 24 bits placed at the top of L: the low 24 fall off
  wire [L+23:0] a_ext = {a_i[23:0], {L{1'b0}}};
  /* verilator lint_on UNUSEDSIGNAL */
  wire [L-1:0] a_nrm = a_ext[L+23:24];
  wire [L-1:0] y_nrm = y_raw << (LM1 - my);

  // below_x[i] = |(x placed as {0, x, 00})[i-1:0], i = 0 .. RW.
  function automatic [RW:0] below_of(input [L-1:0] x);
    integer s;
    begin
      below_of = {1'b0, x, 2'b00, 1'b0};
      for (s = 1; s <= RW; s = s * 2) below_of = below_of | (below_of << s);
    end
  endfunction
  wire [RW:0] below_a = below_of(a_nrm);
  wire [RW:0] below_y = below_of(y_nrm);

  reg [L-1:0]  op_big, op_small;
  reg signed [XW-1:0] y_top, t_big, d;
  reg          y_big, sub;
  reg [RW-1:0] big_w, small_w, shifted;
  reg [RW:0]   below_s;

  always @* begin
    y_top = (y_raw == {L{1'b0}}) ? ZERO_TOP : y_lsb + $signed({{(XW - IW){1'b0}}, my});

    // The larger magnitude goes first, so r below is never negative.
    y_big     = (y_top > a_top) || ((y_top == a_top) && (y_nrm > a_nrm));
    op_big    = y_big ? y_nrm : a_nrm;
    op_small  = y_big ? a_nrm : y_nrm;
    t_big     = y_big ? y_top : a_top;
    d         = y_big ? (y_top - a_top) : (a_top - y_top);
    sub       = a_neg ^ y_neg_i;
    res_neg_o = y_big ? y_neg_i : a_neg;

    big_w   = {1'b0, op_big, 2'b00};
    small_w = {1'b0, op_small, 2'b00};
    below_s = y_big ? below_a : below_y;
    if (d >= RW_X) begin
      shifted  = {RW{1'b0}};
      sticky_o = below_s[RW];
    end else begin
      shifted  = small_w >> d;
      sticky_o = below_s[d[DW-1:0]];
    end
    e_o = t_big - LP1_X;
    zero_both_o = a_zero && (y_raw == {L{1'b0}});
  end
  // big - shifted - sticky = big + ~shifted + 1 - sticky: one adder.
  /* verilator lint_off UNUSEDSIGNAL */  // r never carries out (big has a zero top bit)
  wire carry;
  /* verilator lint_on UNUSEDSIGNAL */
  prefix_add #(.W(RW)) u_add (
    .a_i(big_w), .b_i(shifted ^ {RW{sub}}), .c_i(sub & ~sticky_o), .s_o(r_o), .c_o(carry)
  );
endmodule
