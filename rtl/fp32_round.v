// Rounds r_i * 2^e_i, plus a sticky fraction below r_i's LSB, to binary32
// with RNE (docs/numerics.md §7): subnormal results are kept, overflow gives
// Inf, r_i = 0 gives a zero of sign neg_i.  The back half of fp32_add, and on
// its own the rounding of a `class-seq` class term.
//
// sticky_i is only looked at when the rounding position lies above r_i's
// LSB, which callers guarantee whenever it is set (fp32_add keeps two window
// bits below the rounding position of any result that lost bits).
//
// This half closes the accumulator's loop, so it is arranged for depth (the
// plain formulation, tb/formal/fp32_round_ref.v, is proved equal to it):
//  - r is padded with 23 zeros below, so the shift that puts the rounding
//    position at bit 0 is never negative: kx = max(p, -126 - e_i), p the
//    leading-one index.  The subnormal bound comes from e_i alone and is
//    ready while p is searched; no exponent adder sits between p and the
//    shifter.
//  - The bits below the guard are ORed by a prefix tree over r, ready with
//    p, and one of them is selected by kx (a second shifter and a wide OR
//    after it would be in series).
//  - q + 1 is formed in parallel with the rounding decision, which selects it.
// Exponents must lie within +-2^(XW-2) (every caller's do, by far).
module fp32_round #(
  parameter  integer W  = 27,
  parameter  integer XW = 14,                // signed exponents
  localparam integer WP = (W > 24) ? W : 24, // r_i padded to a binary32 significand
  localparam integer IW = (WP > 1) ? $clog2(WP) : 1,
  localparam integer EW = WP + 23,           // r with the 23 zeros below
  localparam integer SW = $clog2(EW + 2)     // shifts 0 .. EW + 1
) (
  input  wire                 neg_i,
  input  wire [W-1:0]         r_i,
  input  wire signed [XW-1:0] e_i,       // exponent of r_i's LSB
  input  wire                 sticky_i,
  output reg  [31:0]          z_o
);
  localparam integer EW_INT  = EW;
  localparam integer SAT_INT = EW + 1;   // every bit of r below the guard: q = 0, guard = 0
  localparam signed [XW:0] EW_X  = EW_INT[XW:0];
  localparam [SW-1:0]      SAT   = SAT_INT[SW-1:0];

  wire [WP-1:0] r = {{(WP - W){1'b0}}, r_i};
  wire [IW-1:0] p;
  lead_one #(.W(WP)) u_lead (.v_i(r), .idx_o(p));

  // Subnormal bound: the shift that puts exponent -149 (the LSB of binary32)
  // at bit 0 of {r, 23 zeros}, i.e. -149 - (e_i - 23).
  wire signed [XW:0] pth = -$signed({{(XW - 7){1'b0}}, 8'd126}) - $signed({e_i[XW-1], e_i});
  wire               sub_neg = pth[XW];                 // below zero: never binds
  wire               sub_sat = !sub_neg && (pth > EW_X); // everything shifts out
  wire [SW-1:0]      pth_s   = pth[SW-1:0];
  wire [SW-1:0]      p_s     = {{(SW - IW){1'b0}}, p};
  wire               subn    = !sub_neg && (sub_sat || (pth_s > p_s));
  wire [SW-1:0]      kx      = !subn ? p_s : (sub_sat ? SAT : pth_s);

  // ext = {r, 23 zeros}; below[i] = |ext[i-1:0], a log-depth prefix OR.
  wire [EW-1:0] ext = {r, 23'd0};
  reg  [EW:0]   below;
  integer       s;
  always @* begin
    below = {ext, 1'b0};
    for (s = 1; s <= EW; s = s * 2) below = below | (below << s);
  end

  /* verilator lint_off UNUSEDSIGNAL */  // the bits of ext above the 24 kept
  wire [EW-1:0] qw = ext >> kx;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [23:0] q0    = qw[23:0];
  wire [24:0] q1    = {1'b0, q0} + 25'd1;
  // kx >= 1 whenever a guard exists (kx = 0 keeps every bit); kx - 1 and
  // kx - 1 below are at most EW, in range of ext and below.
  // Indexed through copies padded to 2^SW bits (every km1 in range).
  localparam integer PW = 1 << SW;
  wire [SW-1:0] km1     = kx - 1'b1;
  /* verilator lint_off UNUSEDSIGNAL */  // the padding
  wire [PW-1:0] ext_p   = {{(PW - EW){1'b0}}, ext};
  wire [PW-1:0] below_p = {{(PW - EW - 1){1'b0}}, below};
  /* verilator lint_on UNUSEDSIGNAL */
  wire          guard = (kx != {SW{1'b0}}) && (kx <= EW_INT[SW-1:0]) && ext_p[km1];
  wire          lost  = (kx != {SW{1'b0}}) && below_p[km1];
  wire          rnd   = guard & (sticky_i | lost | q0[0]);
  wire [24:0]   q     = rnd ? q1 : {1'b0, q0};

  // Biased exponent field minus one: e_i + kx + 126 (0 for subnormals); the
  // carry of q into bit 23 and above completes it.
  // Never negative: a normal result has p >= -126 - e_i.
  wire [XW:0]    ef_n = $signed({e_i[XW-1], e_i}) + $signed({{(XW - 7){1'b0}}, 8'd126})
                        + $signed({1'b0, {(XW - IW){1'b0}}, p});
  wire [XW:0]    ef   = subn ? {(XW + 1){1'b0}} : ef_n;
  wire [XW+24:0] bits = {1'b0, ef, 23'd0} + {{XW{1'b0}}, q};

  always @* begin
    if (r == {WP{1'b0}})
      z_o = {neg_i, 31'd0};
    else if (bits >= {{(XW - 6){1'b0}}, 8'hFF, 23'd0})
      z_o = {neg_i, 8'hFF, 23'd0};
    else
      z_o = {neg_i, bits[30:0]};
  end
endmodule
