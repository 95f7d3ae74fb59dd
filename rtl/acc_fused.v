// Accumulator of the `fused` discipline (docs/numerics.md §8), one block
// pair per cycle: the terms of the first BPS - 1 block pairs of a K step are
// held in registers; with the step's last block pair (or the dot product's
// last) every held and current term and the running sum c are truncated
// toward zero at 2^(E - F), E the largest alignment exponent among them and
// c's, summed exactly (a carry-save tree, then one prefix adder), and
// rounded toward zero to binary32.  No round-to-nearest adder and no exact
// wide alignment: the sum is at most TW + F + log2(terms) bits wide.
//
// Terms arrive as NT = lanes x sub-blocks x NC two's-complement integers
// (class j of sub-block u at t_i[TW*(u*NC + j) +: TW], the sub-blocks of
// lane x after those of lane x - 1), with per-lane, per-class LSB exponents
// tx_i (lane x's class j at tx_i[10*(x*NC + j) +: 10]: the sub-blocks of one
// block share their scales) and the largest of
// the classes' alignment exponents, al_i: only it enters E, and forming it
// before the last pipeline register keeps its comparisons off the loop.
// acc_o holds c after the last completed K step.
//
// II = 2: two running sums (two interleaved dot products, selected by
// slot_i, each with its own held terms and position in its K step) and a
// register between the carry-save sum and its carry-propagate half (prefix
// adder, normalisation, RZ pack), so the loop through c spans two cycles:
// block pairs must alternate between the slots as for acc_fp32 (a pair may
// not use the slot of the pair in the cycle before).  Each sum is exactly
// that of II = 1, one cycle later.
module acc_fused #(
  parameter  integer NC  = 1,
  parameter  integer NT  = 2,
  parameter  integer NX  = 1,   // lanes: blocks of their own scales among the terms
  parameter  integer TW  = 16,
  parameter  integer BPS = 2,   // block pairs per K step
  parameter  integer F   = 35,  // fractional bits below the alignment exponent
  parameter  integer II  = 1,   // cycles through the running sum's loop (1 or 2)
  parameter  integer CMAG = 0,  // 1: the magnitude by a compound adder (sum - 1 beside sum), a shorter loop for a second adder
  localparam integer PB  = (BPS > 1) ? $clog2(BPS) : 1
) (
  input  wire             clk_i,
  input  wire             rst_ni,
  input  wire             clear_i,
  input  wire             valid_i,
  input  wire             first_i,
  input  wire             last_i,
  input  wire             slot_i,   // II = 2: the running sum this block pair adds to
  input  wire             nan_i,
  input  wire [31:0]      init_i,   // c of a first block pair: +0 or a preloaded partial sum
  input  wire [NT*TW-1:0] t_i,
  input  wire [NX*NC*10-1:0] tx_i,
  input  wire [9:0]       al_i,     // the pair's largest class alignment exponent
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
    if (BPS < 1 || NT % (NC * NX) != 0 || F < 24 || F > 60 || (II != 1 && II != 2)) begin : g_bad
      $error("acc_fused: BPS >= 1, NT a multiple of NC, 24 <= F <= 60 and II 1 or 2 required");
    end
  endgenerate

  // Per running sum (slot): c, the position in the K step, the held terms
  // (sign and magnitude, LSB exponents, the largest alignment exponent of
  // their block pair: what the step's last pair needs of them, prepared
  // while they wait).
  reg  [31:0]        acc_q [0:II-1];
  reg  [PB-1:0]      pos_q [0:II-1];
  reg  [II*HS*NT*TW-1:0] h_m_q;
  reg  [II*HS*NT-1:0]    h_sg_q;
  reg  [II*HS*NX*NC*10-1:0] h_tx_q;
  reg  [II*HS*10-1:0]    h_mx_q;
  reg  [II*HS-1:0]   h_nan_q;

  /* verilator lint_off UNUSEDSIGNAL */  // II = 1: one slot
  wire          slot_in = slot_i;
  /* verilator lint_on UNUSEDSIGNAL */
  wire          si = (II == 2) ? slot_in : 1'b0;
  wire [HS*NT*TW-1:0] h_m   = h_m_q[HS*NT*TW*si +: HS*NT*TW];
  wire [HS*NT-1:0]    h_sg  = h_sg_q[HS*NT*si +: HS*NT];
  wire [HS*NX*NC*10-1:0] h_tx = h_tx_q[HS*NX*NC*10*si +: HS*NX*NC*10];
  wire [HS*10-1:0]    h_mx  = h_mx_q[HS*10*si +: HS*10];
  wire [HS-1:0]       h_nan = h_nan_q[HS*si +: HS];

  wire [PB-1:0] pos   = first_i ? {PB{1'b0}} : pos_q[si];
  localparam [PB-1:0] LAST_POS = LP_INT[PB-1:0];
  wire          flush = last_i | (pos == LAST_POS);
  wire [31:0]   c     = first_i ? init_i : acc_q[si];

  // c: significand, alignment exponent; NaN and Inf.
  wire [7:0]  c_ef  = c[30:23];
  wire        c_nan = (&c_ef) & (|c[22:0]);
  wire        c_inf = (&c_ef) & ~(|c[22:0]);
  wire [23:0] c_sig = {c_ef != 8'd0, c[22:0]};
  wire signed [11:0] c_al  = (c_ef == 8'd0) ? -12'sd126 : $signed({4'd0, c_ef}) - 12'sd127;

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

  // Largest alignment exponent of the held block pairs, as a balanced tree
  // of compare-selects (N = 16: three of them).
  function automatic signed [11:0] max_tree(input [HS*12-1:0] v);
    reg [HS*12-1:0] w;
    integer d, q;
    begin
      w = v;
      for (d = 1; d < HS; d = d * 2)
        for (q = 0; q + d < HS; q = q + 2 * d)
          if ($signed(w[12*(q+d) +: 12]) > $signed(w[12*q +: 12])) w[12*q +: 12] = w[12*(q+d) +: 12];
      max_tree = w[11:0];
    end
  endfunction

  // The step's terms' largest alignment exponent e_t needs no c: the current
  // pair's (al_i, formed before the last pipeline register) and the held
  // pairs' come from registers.  c's exponent joins last: when it is the
  // largest, the grid is c's own, otherwise e_t's, and every shift amount is
  // prepared for both (LSB exponent + F - c's or e_t's exponent), so the
  // comparison only selects.
  localparam signed [11:0] NONE = -12'sd2048;  // below every exponent
  reg [HS*12-1:0]    ev;
  reg                nan_all, c_top;
  wire signed [11:0] e_cur = sx(al_i);
  reg signed [11:0]  e_t;
  integer s;
  always @* begin
    nan_all = nan_i | c_nan;
    for (s = 0; s < HS; s = s + 1) begin
      if (BPS > 1 && s < pos) nan_all = nan_all | h_nan[s];
      ev[12*s +: 12] = (BPS > 1 && s < pos) ? sx(h_mx[10*s +: 10]) : NONE;
    end
    e_t   = max_tree(ev);
    if (e_cur > e_t) e_t = e_cur;
    c_top = c_al > e_t;
  end
  function automatic signed [11:0] shift_of(input [9:0] tx, input signed [11:0] c_e, input signed [11:0] t_e,
                                            input top);
    reg signed [11:0] txf;
    begin
      txf = sx(tx) + FX;
      shift_of = top ? txf - c_e : txf - t_e;
    end
  endfunction

  // The LSB exponent of term u: its lane's, its class's.
  function automatic integer tx_of(input integer t);
    tx_of = (t / (NT / NX)) * NC + t % NC;
  endfunction

  // Summands: c and every term truncated onto the grid as sign-magnitude,
  // a negative one as its one's complement (its +1 in neg).  A held term
  // before pos only; the others are zero.
  localparam signed [11:0] FC = FX - 12'sd23;  // c's LSB on its own grid
  wire signed [11:0] grid = (c_top ? c_al : e_t) - FX;
  // The current pair's terms as sign and magnitude: summed now, or held.
  reg [NT*TW-1:0]    t_mag;
  reg [NT-1:0]       t_sg;
  integer u;
  always @* begin
    for (u = 0; u < NT; u = u + 1) begin
      t_sg[u]           = t_i[TW*u+TW-1];
      t_mag[TW*u +: TW] = t_sg[u] ? -t_i[TW*u +: TW] : t_i[TW*u +: TW];
    end
  end
  reg [NOP*SW-1:0]   xv;
  reg [NOP-1:0]      neg;
  reg [TW-1:0]        m;
  reg                 sg;
  always @* begin
    xv[0 +: SW] = on_grid({{(AW-24){1'b0}}, c_sig}, c_top ? FC : c_al - e_t + FC) ^ {SW{c[31]}};
    neg[0]      = c[31];
    for (u = 0; u < NT; u = u + 1) begin
      xv[SW*(1+u) +: SW] = on_grid({{F{1'b0}}, t_mag[TW*u +: TW]}, shift_of(tx_i[10*tx_of(u) +: 10], c_al, e_t, c_top))
                           ^ {SW{t_sg[u]}};
      neg[1+u]           = t_sg[u];
    end
    for (s = 0; s < BPS - 1; s = s + 1)
      for (u = 0; u < NT; u = u + 1) begin
        m  = (s < pos) ? h_m[TW*(s*NT+u) +: TW] : {TW{1'b0}};
        sg = (s < pos) & h_sg[s*NT+u];
        xv[SW*(1+NT*(s+1)+u) +: SW] = on_grid({{F{1'b0}}, m}, shift_of(h_tx[10*(s*NX*NC+tx_of(u)) +: 10], c_al, e_t, c_top))
                                      ^ {SW{sg}};
        neg[1+NT*(s+1)+u]           = sg;
      end
  end

  // Carry-save (Wallace) tree of full-adder rows: NOP summands and one
  // carrying neg[0] reduce to two in log1.5 levels; each row's carry vector
  // has a free bit 0, which takes one of the other +1s (NOP - 1 rows for
  // NOP - 1 of them).
  function automatic integer rows_in(input integer lvl);  // vectors entering level lvl
    integer k;
    begin
      rows_in = NOP + 1;
      for (k = 0; k < lvl; k = k + 1) rows_in = rows_in - rows_in / 3;
    end
  endfunction
  function automatic integer fa_before(input integer lvl);  // full-adder rows of earlier levels
    integer k;
    begin
      fa_before = 0;
      for (k = 0; k < lvl; k = k + 1) fa_before = fa_before + rows_in(k) / 3;
    end
  endfunction
  function automatic integer levels(input integer lim);  // levels until two vectors remain
    integer k;
    begin
      levels = 0;
      for (k = 0; k < lim; k = k + 1) if (rows_in(k) > 2) levels = k + 1;
    end
  endfunction
  localparam integer NL = levels(64);
  wire [SW-1:0] cs_s, cs_c;
  genvar l, r;
  generate
    for (l = 0; l <= NL; l = l + 1) begin : g_csa
      localparam integer NV = rows_in(l);
      wire [NV*SW-1:0] v;
      if (l == 0) begin : g_leaf
        assign v = {{(SW - 1){1'b0}}, neg[0], xv};
      end else begin : g_row
        localparam integer NP = rows_in(l - 1);
        localparam integer NF = NP / 3;
        localparam integer G0 = fa_before(l - 1);
        for (r = 0; r < NF; r = r + 1) begin : g_fa
          wire [SW-1:0] a = g_csa[l-1].v[SW*(3*r)   +: SW];
          wire [SW-1:0] b = g_csa[l-1].v[SW*(3*r+1) +: SW];
          wire [SW-1:0] d = g_csa[l-1].v[SW*(3*r+2) +: SW];
          wire [SW-2:0] mj = (a[SW-2:0] & b[SW-2:0]) | (a[SW-2:0] & d[SW-2:0]) | (b[SW-2:0] & d[SW-2:0]);
          assign v[SW*(2*r) +: SW]   = a ^ b ^ d;
          assign v[SW*(2*r+1) +: SW] = {mj, (G0 + r + 1 < NOP) ? neg[G0+r+1] : 1'b0};
        end
        if (NP % 3 != 0) begin : g_pass
          assign v[SW*(2*NF) +: SW*(NP%3)] = g_csa[l-1].v[SW*(3*NF) +: SW*(NP%3)];
        end
      end
    end
  endgenerate
  assign cs_s = g_csa[NL].v[0 +: SW];
  assign cs_c = g_csa[NL].v[SW +: SW];

  // II = 2: the carry-save sum and what the carry-propagate half needs of
  // c cross a register (loaded with a block pair only).
  wire               v2, last2, flush2, nan2, cinf2, cneg2;
  wire               si2;
  wire [SW-1:0]      s2, c2;
  wire signed [11:0] grid2;
  pipe_reg #(.WIDTH(6 + 2 * SW + 12), .DEPTH(II - 1)) u_stage (
    .clk_i(clk_i), .rst_ni(rst_ni), .valid_i(valid_i),
    .data_i({si, last_i, flush, nan_all, c_inf, c[31], cs_s, cs_c, grid}),
    .valid_o(v2), .data_o({si2, last2, flush2, nan2, cinf2, cneg2, s2, c2, grid2})
  );

  // The exact sum modulo 2^SW (which holds it), one prefix adder.
  wire [SW-1:0] sum;
  /* verilator lint_off UNUSEDSIGNAL */  // modulo 2^SW
  wire          sum_c;
  /* verilator lint_on UNUSEDSIGNAL */
  prefix_add #(.W(SW)) u_add (.a_i(s2), .b_i(c2), .c_i(1'b0), .s_o(sum), .c_o(sum_c));

  // Round toward zero to binary32: 24 bits from the leading one, or the
  // bits at and above 2^-149; a leading bit at 2^128 or above is Inf.
  wire          s_neg = sum[SW-1];
  wire [SW-1:0] s_mag;
  generate
    if (CMAG != 0) begin : g_cmag
      // The magnitude without a second carry chain after the first: sum - 1
      // is formed beside sum (one full-adder row with all ones, a second
      // prefix adder), and -sum = ~(sum - 1).  More area for a shorter loop:
      // a ladder rung of its own (block_dot SPLIT bit 8 under `fused`).
      wire [SW-1:0] m1_s = ~(s2 ^ c2);
      wire [SW-1:0] m1_c = {s2[SW-2:0] | c2[SW-2:0], 1'b0};
      wire [SW-1:0] sum_m1;
      /* verilator lint_off UNUSEDSIGNAL */  // modulo 2^SW
      wire          sum_m1_c;
      /* verilator lint_on UNUSEDSIGNAL */
      prefix_add #(.W(SW)) u_add_m1 (.a_i(m1_s), .b_i(m1_c), .c_i(1'b0), .s_o(sum_m1), .c_o(sum_m1_c));
      assign s_mag = s_neg ? ~sum_m1 : sum;
    end else begin : g_neg
      assign s_mag = s_neg ? -sum : sum;
    end
  endgenerate
  wire [IW-1:0] msb;
  lead_one #(.W(SW)) u_lead (.v_i(s_mag), .idx_o(msb));
  reg signed [11:0] e_lead, sub_sh;
  /* verilator lint_off UNUSEDSIGNAL */  // below the 24 bits kept
  reg [SW-1:0]      norm;
  /* verilator lint_on UNUSEDSIGNAL */
  reg [31:0]        z;
  always @* begin
    e_lead = grid2 + $signed({{(12-IW){1'b0}}, msb});
    norm   = s_mag << (SWM1 - msb);
    sub_sh = -12'sd149 - grid2;  // right shift of the magnitude onto the 2^-149 grid
    if (nan2) z = 32'h7FC00000;
    else if (cinf2) z = {cneg2, 8'hFF, 23'd0};
    else if (s_mag == {SW{1'b0}}) z = 32'd0;
    else if (e_lead > 12'sd127) z = {s_neg, 8'hFF, 23'd0};
    else if (e_lead >= -12'sd126) z = {s_neg, e_lead[7:0] + 8'd127, norm[SW-2 -: 23]};
    else begin
      z = {s_neg, 8'd0, (sub_sh >= 0) ? s_mag[22 + sub_sh[4:0] -: 23] : s_mag[22:0] << (-sub_sh)};
      if (z[22:0] == 23'd0) z = 32'd0;
    end
  end

  // A first block pair that does not end its K step leaves init_i as its
  // slot's c; a completed step leaves z (II = 2: one cycle later, in the
  // other slot's cycle, so the two writes never meet).
  integer k;
  reg wslot_q;  // the slot of the last block pair through both stages: acc_o shows it
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (k = 0; k < II; k = k + 1) begin
        acc_q[k] <= 32'd0;
        pos_q[k] <= {PB{1'b0}};
      end
      wslot_q     <= 1'b0;
      res_valid_o <= 1'b0;
      res_o       <= 32'd0;
    end else begin
      res_valid_o <= v2 & last2;
      if (clear_i) begin
        for (k = 0; k < II; k = k + 1) begin
          acc_q[k] <= 32'd0;
          pos_q[k] <= {PB{1'b0}};
        end
      end else begin
        if (valid_i) begin
          pos_q[si] <= flush ? {PB{1'b0}} : pos + {{(PB-1){1'b0}}, 1'b1};
          if (first_i && !flush) acc_q[si] <= init_i;
        end
        if (v2) wslot_q <= si2;
        if (v2 && flush2) acc_q[si2] <= z;
      end
      if (v2 && last2) res_o <= z;
    end
  end

  // Held terms load only when a block pair is held (no toggles otherwise).
  genvar g;
  generate
    for (g = 0; g < II * HS; g = g + 1) begin : g_hold
      localparam integer SLOT = g % HS;
      localparam integer SUM  = g / HS;
      always @(posedge clk_i) begin
        if (BPS > 1 && valid_i && !flush && pos == SLOT[PB-1:0] && si == SUM[0]) begin
          h_m_q[NT*TW*g +: NT*TW]  <= t_mag;
          h_sg_q[NT*g +: NT]       <= t_sg;
          h_tx_q[NX*NC*10*g +: NX*NC*10] <= tx_i;
          h_mx_q[10*g +: 10]       <= al_i;
          h_nan_q[g]               <= nan_i;
        end
      end
    end
  endgenerate
  assign acc_o = acc_q[wslot_q];
endmodule
