// The plain formulation of fp32_round (docs/numerics.md §7), the reference
// the optimised rtl/fp32_round.v is proved equal to (tb/formal/cec.sh): the
// rounding position from the result's exponent, the significand shifted to
// it, guard and sticky from the bits shifted out.
module fp32_round_ref #(
  parameter  integer W  = 27,
  parameter  integer XW = 14,                // signed exponents
  localparam integer WP = (W > 24) ? W : 24, // r_i padded to a binary32 significand
  localparam integer IW = (WP > 1) ? $clog2(WP) : 1
) (
  input  wire                 neg_i,
  input  wire [W-1:0]         r_i,
  input  wire signed [XW-1:0] e_i,       // exponent of r_i's LSB
  input  wire                 sticky_i,
  output reg  [31:0]          z_o
);
  localparam integer WP_INT = WP;
  localparam signed [XW-1:0] WP_X = WP_INT[XW-1:0];
  localparam signed [XW-1:0] EMIN = -149;  // LSB exponent of binary32

  wire [WP-1:0] r = {{(WP - W){1'b0}}, r_i};
  wire [IW-1:0] p;
  lead_one #(.W(WP)) u_lead (.v_i(r), .idx_o(p));

  reg signed [XW-1:0] t_res, lsb, k, ef;
  // r >> kk has at most 24 significant bits (rounding position = top - 23).
  /* verilator lint_off UNUSEDSIGNAL */
  reg [WP-1:0] qw;
  /* verilator lint_on UNUSEDSIGNAL */
  reg [WP-1:0] lost;
  reg [24:0]   q;
  reg          guard, rnd;
  reg [XW+23:0] bits;  // biased exponent field and fraction
  integer      kk;

  always @* begin
    qw    = {WP{1'b0}};
    lost  = {WP{1'b0}};
    guard = 1'b0;
    rnd   = 1'b0;
    kk    = 0;
    // Rounding position: lsb = max(top - 23, -149).
    t_res = e_i + $signed({{(XW - IW){1'b0}}, p});
    lsb   = (t_res - 23 < EMIN) ? EMIN : t_res - 23;
    k     = lsb - e_i;
    if (k <= 0) begin
      q = {1'b0, r[23:0] << (-k)};
    end else begin
      kk    = (k > WP_X + 1) ? WP + 1 : {{(32 - XW){1'b0}}, k};
      qw    = r >> kk;
      q     = {1'b0, qw[23:0]};
      guard = (kk - 1 >= WP) ? 1'b0 : r[kk-1];
      lost  = (kk - 1 >= WP) ? r : (r << (WP + 1 - kk));
      rnd   = guard & (sticky_i | (|lost) | q[0]);
    end
    q = q + {24'd0, rnd};
    // The biased exponent field is lsb + 149 plus the carry into bit 23 of q,
    // which covers subnormals, their rounding up to normal, and 2^24 carries.
    ef   = lsb - EMIN;
    bits = {1'b0, ef, 23'd0} + {{(XW - 1){1'b0}}, q};
    if (r == {WP{1'b0}})
      z_o = {neg_i, 31'd0};
    else if (bits >= {{(XW - 7){1'b0}}, 8'hFF, 23'd0})
      z_o = {neg_i, 8'hFF, 23'd0};
    else
      z_o = {neg_i, bits[30:0]};
  end
endmodule
