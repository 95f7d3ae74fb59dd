// Accumulator of the `fused` discipline (docs/numerics.md §8), one block
// pair per cycle: the terms of the first BPS - 1 block pairs of a K step are
// held in registers; with the step's last block pair (or the dot product's
// last) every held and current term and the running sum c are truncated
// toward zero at 2^(E - F), E the largest alignment exponent among them and
// c's, summed exactly (carry-save, then one prefix adder), and rounded toward zero
// to binary32.  No round-to-nearest adder and no exact wide alignment: the
// sum is at most TW + F + log2(terms) bits wide.
//
// Terms arrive as NT = sub-blocks x NC two's-complement integers (class j of
// sub-block u at t_i[TW*(u*NC + j) +: TW]), with per-class LSB exponents
// tx_i and alignment exponents al_i (the sub-blocks of one block share their
// scales).  acc_o holds c after the last completed K step.
module acc_fused #(
  parameter  integer NC  = 1,
  parameter  integer NT  = 2,
  parameter  integer TW  = 16,
  parameter  integer BPS = 2,   // block pairs per K step
  parameter  integer F   = 35,  // fractional bits below the alignment exponent
  localparam integer PB  = (BPS > 1) ? $clog2(BPS) : 1
) (
  input  wire             clk_i,
  input  wire             rst_ni,
  input  wire             clear_i,
  input  wire             valid_i,
  input  wire             first_i,
  input  wire             last_i,
  input  wire             nan_i,
  input  wire [31:0]      init_i,   // c of a first block pair: +0 or a preloaded partial sum
  input  wire [NT*TW-1:0] t_i,
  input  wire [NC*10-1:0] tx_i,
  input  wire [NC*10-1:0] al_i,
  output wire [31:0]      acc_o,
  output reg              res_valid_o,
  output reg  [31:0]      res_o
);
  localparam integer HS  = (BPS > 1) ? BPS - 1 : 1;     // held slots
  localparam integer AW  = TW + F;                      // aligned magnitude bits
  localparam integer NOP = BPS * NT + 1;                // summands (with c)
  localparam integer SW  = AW + 1 + $clog2(NOP + 1);    // signed sum
  localparam integer IW  = $clog2(SW);
  localparam integer F_INT  = F;
  localparam integer AW_INT = AW;
  localparam integer LP_INT = BPS - 1;
  localparam integer SM_INT = SW - 1;
  localparam signed [11:0] FX  = F_INT[11:0];
  localparam signed [11:0] AWX = AW_INT[11:0];
  localparam [IW-1:0]      SWM1 = SM_INT[IW-1:0];

  generate
    if (BPS < 1 || NT % NC != 0 || F < 24 || F > 60) begin : g_bad
      $error("acc_fused: BPS >= 1, NT a multiple of NC and 24 <= F <= 60 required");
    end
  endgenerate

  reg  [31:0]        acc_q;
  reg  [PB-1:0]      pos_q;
  reg  [HS*NT*TW-1:0] h_t;
  reg  [HS*NC*10-1:0] h_tx, h_al;
  reg  [HS-1:0]      h_nan;

  wire [PB-1:0] pos   = first_i ? {PB{1'b0}} : pos_q;
  localparam [PB-1:0] LAST_POS = LP_INT[PB-1:0];
  wire          flush = last_i | (pos == LAST_POS);
  wire [31:0]   c     = first_i ? init_i : acc_q;

  // c: significand, LSB exponent, alignment exponent; NaN and Inf.
  wire [7:0]  c_ef  = c[30:23];
  wire        c_nan = (&c_ef) & (|c[22:0]);
  wire        c_inf = (&c_ef) & ~(|c[22:0]);
  wire [23:0] c_sig = {c_ef != 8'd0, c[22:0]};
  wire signed [11:0] c_al  = (c_ef == 8'd0) ? -12'sd126 : $signed({4'd0, c_ef}) - 12'sd127;
  wire signed [11:0] c_lsb = c_al - 12'sd23;

  // trunc(|m| * 2^sh) in AW bits: sh within -(width)..AW by construction
  // (a term's LSB lies at least two binades below its alignment exponent),
  // except for zero terms under zero scales, whose magnitude is 0 anyway.
  function automatic [AW-1:0] align_mag(input [AW-1:0] mag, input signed [11:0] sh);
    if (sh >= 0) align_mag = (sh >= AWX) ? {AW{1'b0}} : mag << sh[6:0];
    else if (sh <= -AWX) align_mag = {AW{1'b0}};
    else align_mag = mag >> ((-sh) & 12'sd127);
  endfunction

  // A term or c aligned onto the sum's grid, as a non-negative SW-bit value.
  function automatic signed [SW-1:0] on_grid(input [AW-1:0] mag, input signed [11:0] sh);
    on_grid = $signed({{(SW - AW){1'b0}}, align_mag(mag, sh)});
  endfunction
  function automatic signed [11:0] sx(input [9:0] e);
    sx = $signed({{2{e[9]}}, e});
  endfunction

  reg                nan_all;
  reg signed [TW-1:0] t;
  reg [TW-1:0]        m;
  reg signed [11:0]   sh;
  reg signed [11:0]  emax, grid;
  // The summands in carry-save form: each adds one full-adder level, and a
  // subtracted one's +1 (-x = ~x + 1) takes the carry vector's free bit 0.
  reg [SW-1:0]       x, cs_s, cs_c;
  integer s, u, j;
  always @* begin
    nan_all = nan_i | c_nan;
    emax = c_al;
    t = {TW{1'b0}};
    m = {TW{1'b0}};
    sh = 12'sd0;
    for (j = 0; j < NC; j = j + 1)
      if (sx(al_i[10*j +: 10]) > emax) emax = sx(al_i[10*j +: 10]);
    for (s = 0; s < HS; s = s + 1)
      if (BPS > 1 && s < pos) begin
        nan_all = nan_all | h_nan[s];
        for (j = 0; j < NC; j = j + 1)
          if (sx(h_al[10*(s*NC+j) +: 10]) > emax) emax = sx(h_al[10*(s*NC+j) +: 10]);
      end
    grid = emax - FX;
    x    = on_grid({{(AW-24){1'b0}}, c_sig}, c_lsb - grid);
    cs_s = x ^ {SW{c[31]}};
    cs_c = {{(SW - 1){1'b0}}, c[31]};
    for (u = 0; u < NT; u = u + 1) begin
      t  = t_i[TW*u +: TW];
      m  = t[TW-1] ? -t : t;
      sh = sx(tx_i[10*(u%NC) +: 10]) - grid;
      x  = on_grid({{F{1'b0}}, m}, sh) ^ {SW{t[TW-1]}};
      {cs_s, cs_c} = {cs_s ^ cs_c ^ x, (((cs_s & cs_c) | (cs_s & x) | (cs_c & x)) << 1) | {{(SW - 1){1'b0}}, t[TW-1]}};
    end
    for (s = 0; s < HS; s = s + 1)
      if (BPS > 1 && s < pos)
        for (u = 0; u < NT; u = u + 1) begin
          t  = h_t[TW*(s*NT+u) +: TW];
          m  = t[TW-1] ? -t : t;
          sh = sx(h_tx[10*(s*NC+u%NC) +: 10]) - grid;
          x  = on_grid({{F{1'b0}}, m}, sh) ^ {SW{t[TW-1]}};
          {cs_s, cs_c} = {cs_s ^ cs_c ^ x,
                          (((cs_s & cs_c) | (cs_s & x) | (cs_c & x)) << 1) | {{(SW - 1){1'b0}}, t[TW-1]}};
        end
  end
  // The exact sum modulo 2^SW (which holds it), one prefix adder.
  wire [SW-1:0] sum;
  /* verilator lint_off UNUSEDSIGNAL */  // modulo 2^SW
  wire          sum_c;
  /* verilator lint_on UNUSEDSIGNAL */
  prefix_add #(.W(SW)) u_add (.a_i(cs_s), .b_i(cs_c), .c_i(1'b0), .s_o(sum), .c_o(sum_c));

  // Round toward zero to binary32: 24 bits from the leading one, or the
  // bits at and above 2^-149; a leading bit at 2^128 or above is Inf.
  wire          s_neg = sum[SW-1];
  wire [SW-1:0] s_mag = s_neg ? -sum : sum;
  wire [IW-1:0] msb;
  lead_one #(.W(SW)) u_lead (.v_i(s_mag), .idx_o(msb));
  reg signed [11:0] e_lead, sub_sh;
  /* verilator lint_off UNUSEDSIGNAL */  // below the 24 bits kept
  reg [SW-1:0]      norm;
  /* verilator lint_on UNUSEDSIGNAL */
  reg [31:0]        z;
  always @* begin
    e_lead = grid + $signed({{(12-IW){1'b0}}, msb});
    norm   = s_mag << (SWM1 - msb);
    sub_sh = -12'sd149 - grid;  // right shift of the magnitude onto the 2^-149 grid
    if (nan_all) z = 32'h7FC00000;
    else if (c_inf) z = c;
    else if (s_mag == {SW{1'b0}}) z = 32'd0;
    else if (e_lead > 12'sd127) z = {s_neg, 8'hFF, 23'd0};
    else if (e_lead >= -12'sd126) z = {s_neg, e_lead[7:0] + 8'd127, norm[SW-2 -: 23]};
    else begin
      z = {s_neg, 8'd0, (sub_sh >= 0) ? s_mag[22 + sub_sh[4:0] -: 23] : s_mag[22:0] << (-sub_sh)};
      if (z[22:0] == 23'd0) z = 32'd0;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      acc_q       <= 32'd0;
      pos_q       <= {PB{1'b0}};
      res_valid_o <= 1'b0;
      res_o       <= 32'd0;
    end else begin
      res_valid_o <= valid_i & last_i;
      if (clear_i) begin
        acc_q <= 32'd0;
        pos_q <= {PB{1'b0}};
      end else if (valid_i) begin
        acc_q <= flush ? z : c;
        pos_q <= flush ? {PB{1'b0}} : pos + {{(PB-1){1'b0}}, 1'b1};
      end
      if (valid_i && last_i) res_o <= z;
    end
  end

  // Held terms load only when a block pair is held (no toggles otherwise).
  genvar g;
  generate
    for (g = 0; g < HS; g = g + 1) begin : g_hold
      localparam [PB-1:0] SLOT = g;
      always @(posedge clk_i) begin
        if (BPS > 1 && valid_i && !flush && pos == SLOT) begin
          h_t[NT*TW*g +: NT*TW]  <= t_i;
          h_tx[NC*10*g +: NC*10] <= tx_i;
          h_al[NC*10*g +: NC*10] <= al_i;
          h_nan[g]               <= nan_i;
        end
      end
    end
  endgenerate
  assign acc_o = acc_q;
endmodule
