// The plain formulation of fp32_add_front (docs/numerics.md §7), the
// reference the optimised rtl/fp32_add_front.v is proved equal to
// (tb/formal/cec.sh): the smaller operand shifted, its lost bits ORed after
// the shift, and the sticky bit subtracted by a second subtraction.
module fp32_add_front_ref #(
  parameter  integer YW = 24,
  parameter  integer YNORM = 0,
  localparam integer L  = (YW > 24) ? YW : 24,
  localparam integer RW = L + 3,           // carry + L + 2 low bits
  localparam integer XW = 14,              // internal exponents, signed
  localparam integer IW = $clog2(L)
) (
  input  wire [31:0]          acc_i,
  input  wire                 y_neg_i,
  input  wire [YW-1:0]        y_mag_i,
  input  wire signed [11:0]   y_exp_i,     // exponent of y_mag_i's LSB
  output reg                  res_neg_o,
  output reg  [RW-1:0]        r_o,         // the window: big +/- shifted small (- sticky)
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

  // Operand a: the binary32 accumulator.
  wire       a_neg = acc_i[31];
  wire [7:0] a_ef  = acc_i[30:23];
  assign a_nan_o = (a_ef == 8'hFF) && (acc_i[22:0] != 23'd0);
  assign a_inf_o = (a_ef == 8'hFF) && (acc_i[22:0] == 23'd0);
  assign a_neg_o = a_neg;
  wire [23:0] a_sig = {a_ef != 8'd0, acc_i[22:0]};
  wire signed [XW-1:0] a_lsb = $signed({{(XW - 8){1'b0}}, (a_ef == 8'd0) ? 8'd1 : a_ef}) - 150;
  wire [L-1:0] y_raw = {{(L - YW){1'b0}}, y_mag_i};
  wire signed [XW-1:0] y_lsb = {{(XW - 12){y_exp_i[11]}}, y_exp_i};

  wire [4:0] ma;
  lead_one #(.W(24)) u_lead_a (.v_i(a_sig), .idx_o(ma));
  wire [23:0]   a_sig_n = a_sig << (5'd23 - ma);
  /* verilator lint_off UNUSEDSIGNAL */  // a_sig_n is placed at the top of L bits: the low 24 fall off
  wire [L+23:0] a_ext   = {a_sig_n, {L{1'b0}}};
  /* verilator lint_on UNUSEDSIGNAL */

  localparam integer YM1_INT = YW - 1;
  wire [IW-1:0] my;
  generate
    if (YNORM != 0) begin : g_ynorm
      assign my = YM1_INT[IW-1:0];
    end else begin : g_ylead
      lead_one #(.W(L)) u_lead_y (.v_i(y_raw), .idx_o(my));
    end
  endgenerate

  reg [L-1:0]  a_nrm, y_nrm, op_big, op_small;
  reg signed [XW-1:0] a_top, y_top, t_big, d;
  reg          y_big, sub;
  reg [RW-1:0] big_w, small_w, shifted, lost;

  always @* begin
    lost = {RW{1'b0}};
    // Normalise each operand so that its top bit is bit L-1.
    a_nrm = a_ext[L+23:24];
    a_top = (a_sig == 24'd0) ? ZERO_TOP : a_lsb + $signed({{(XW - 5){1'b0}}, ma});
    y_nrm = y_raw << (LM1 - my);
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
    if (d >= RW_X) begin
      shifted  = {RW{1'b0}};
      sticky_o = |op_small;
    end else begin
      shifted  = small_w >> d;
      lost     = small_w << (RW_X - d);
      sticky_o = |lost;
    end
    r_o = sub ? (big_w - shifted - {{(RW - 1){1'b0}}, sticky_o}) : (big_w + shifted);
    e_o = t_big - LP1_X;
    zero_both_o = (a_sig == 24'd0) && (y_raw == {L{1'b0}});
  end
endmodule
