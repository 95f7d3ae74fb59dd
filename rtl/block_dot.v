// Block dot-product MAC unit (docs/numerics.md §6-§7): LANES block pairs per
// cycle (a group, §7.2), exact block products, binary32 accumulation.  One source serves every
// engine; only the format parameters differ between MXFP4 and AMXFP4:
//
//   SCALE_FMT_A/B  0 = E8M0, 1 = FP8 E4M3, 2 = FP8 E5M2
//   ASYM_A/B       1 = two scales selected by the code's sign bit (AMXFP4)
//   MXFP4 x MXFP4:   (0,0,0,0)   AMXFP4 x AMXFP4: (2,1,2,1) or (1,1,1,1)
//   AMXFP4 x MXFP4:  (2,1,0,0)   NVFP4 blocks:    (1,0,1,0), N = 16
//
//   DISC  0 = `block` (exact block result, one rounding per block),
//         1 = `class-seq` (class terms rounded, then added in order: no
//         wide alignment; with FP8 scales on both sides the terms are
//         exact binary32 values, so they go to the adders unrounded),
//         2 = `window` (class terms summed in a fixed-point window
//         `AMX_WIN_G bits below the leading class, one rounding per block)
//         3 = `fused` (§8: sub-block class terms of a 64-element K step,
//         truncated at FUSED_F bits below the largest scale exponent,
//         summed with the accumulator, rounded toward zero; N = 16 or 32)
//   LANES  block pairs per cycle: one multiplier array and scale unit per
//         lane; their class terms meet in one class-term sum (`block`:
//         exact, aligned over the scales' whole range; `window`: one window
//         over the group) or, under `fused`, as sub-block terms of the K
//         step (max(64, N * LANES) elements); not `class-seq`
//   ACC_II  1: one running sum; 2 (not `class-seq`): two running sums
//         selected by slot_i and the accumulator's loop split into two
//         stages, so it spans two cycles (acc_fp32: the adder's alignment |
//         rounding; acc_fused: the carry-save sum | carry-propagate add and
//         RZ pack): consecutive block pairs alternate between two dot
//         products; latency one cycle more
//   PIPE  register stages between the operands and the accumulator: all
//         after the class-term sum unless SPLIT places some earlier; the
//         latency is PIPE either way
//   SPLIT bit 0: the first stage right after the lane products' class sums
//         (a two-stage block product: shorter paths, fewer glitches
//         reaching the accumulator); bit 1: the next right after the class
//         terms, between the scale products and the class-term alignment
//         (not under `fused`, whose stages sit there already).  With
//         ACC_II = 2 the block result is normalised (leading one at the top)
//         before the last stage, in a stage of its own when two or more
//         remain, keeping the leading-one search out of the accumulator's
//         loop; bit 3 (`window` with several terms, two or more stages
//         after the class-term sum): one of them inside the window sum,
//         between the aligned terms and their carry-save sum; under `fused`
//         the accumulator's magnitude by a compound adder (acc_fused CMAG);
//         bit 2 (ACC_II = 2): the accumulator unpacks both running
//         sums and the preload value before selecting one (acc_fp32
//         UNPACK_EARLY: a shorter loop for three unpackers instead of one)
//
// pre_i with a first block pair starts the dot product from init_i instead
// of +0: a partial sum of a K-tiled GEMM loaded back (docs/numerics.md §7.1).
// init_i travels with the first pair through the pipeline registers, which
// load only on first pairs.
//
// Operand ports carry LANES consecutive blocks of a row exactly as the packed
// layout (§5) stores them: byte k is bits [8k+7:8k]; lane l's block starts
// at bit l * (block bits): its scale byte(s), then N codes, element i in
// bits [8*NS + 4i +: 4] of it.  Latency from valid_i & last_i to
// res_valid_o is PIPE + 1 cycles.
`include "amx_widths.vh"

module block_dot #(
  parameter  integer N           = 32,
  parameter  integer SCALE_FMT_A = 2,
  parameter  integer ASYM_A      = 1,
  parameter  integer SCALE_FMT_B = 2,
  parameter  integer ASYM_B      = 1,
  parameter  integer DISC        = 0,
  parameter  integer PIPE        = 1,
  parameter  integer SPLIT       = 0,
  parameter  integer FUSED_F     = 35,
  parameter  integer ACC_II      = 1,
  parameter  integer LANES       = 1,
  localparam integer NSA = `AMX_NS(ASYM_A),
  localparam integer NSB = `AMX_NS(ASYM_B),
  localparam integer ABW = `AMX_BW(ASYM_A, N),
  localparam integer BBW = `AMX_BW(ASYM_B, N)
) (
  input  wire           clk_i,
  input  wire           rst_ni,
  input  wire           clear_i,
  input  wire           valid_i,
  input  wire           first_i,
  input  wire           last_i,
  input  wire           pre_i,
  input  wire [31:0]    init_i,
  input  wire           slot_i,   // ACC_II = 2: the dot product (running sum) of this block pair
  input  wire [LANES*ABW-1:0] a_i,
  input  wire [LANES*BBW-1:0] b_i,
  output wire [31:0]    acc_o,
  output wire           res_valid_o,
  output wire [31:0]    res_o
);
  localparam integer NC  = NSA * NSB;
  localparam integer PW  = `AMX_PW(N);
  localparam integer TW  = `AMX_TW(N, SCALE_FMT_A, SCALE_FMT_B);
  // Class terms of a group: LANES x NC.  Terms of one block differ in
  // exponent by the asymmetric sides' scale spread; terms of different
  // blocks by each side's whole scale range.
  localparam integer NT  = LANES * NC;
  localparam integer SPREAD = (LANES > 1)
      ? `AMX_SPREAD_ALL(SCALE_FMT_A) + `AMX_SPREAD_ALL(SCALE_FMT_B)
      : `AMX_SPREAD(ASYM_A, SCALE_FMT_A) + `AMX_SPREAD(ASYM_B, SCALE_FMT_B);
  localparam integer DW  = (NT == 1) ? TW : TW + SPREAD + $clog2(NT);
  // |term| < 2^(TW-1).  With FP8 scales on both sides a class term has at
  // most TW - 1 <= 24 significant bits and an exponent well inside binary32's
  // normal range, so its class-seq rounding is the identity and is left out;
  // an E8M0 side can push it out of range, so it is rounded (fp32_round).
  localparam integer EXACT_T = (SCALE_FMT_A != 0 && SCALE_FMT_B != 0 && TW - 1 <= 24) ? 1 : 0;
  // `window` with one term is exact (no bits lie below the only term's
  // quantum), so it is the `block` datapath.
  localparam integer USE_WIN = (DISC == 2 && NT > 1) ? 1 : 0;
  localparam integer WW  = TW + `AMX_WIN_G + $clog2(NT);
  localparam integer NY  = (DISC == 1) ? NC : 1;
  localparam integer YW  = (DISC == 1) ? ((EXACT_T != 0) ? TW - 1 : 24) : (USE_WIN != 0) ? WW : DW;
  localparam integer PLW = 3 + NY * (1 + YW + 12 + 1);

  generate
    if (DISC < 0 || DISC > 3) begin : g_bad
      $error("block_dot: DISC must be 0 (block), 1 (class-seq), 2 (window) or 3 (fused)");
    end
    if (ACC_II != 1 && !(ACC_II == 2 && DISC != 1)) begin : g_bad_ii
      $error("block_dot: ACC_II = 2 is built for the block, window and fused disciplines");
    end
    if (LANES < 1 || LANES > 16 || (LANES > 1 && DISC == 1)) begin : g_bad_lanes
      $error("block_dot: LANES must be 1..16, and 1 under class-seq");
    end
    if (DISC == 3 && N != 16 && N != 32) begin : g_bad_fused
      $error("block_dot: the fused discipline is built for N = 16 and N = 32 (K step 64, sub-blocks of 16)");
    end
  endgenerate

  // Register stages: after the class sums (S1, SPLIT bit 0), after the class
  // terms (ST, SPLIT bit 1; `fused` has its S2 stages there already), and the
  // rest after the class-term sum (S2), before the accumulator.
  localparam integer S1 = ((SPLIT % 2) != 0 && PIPE >= 1) ? 1 : 0;
  localparam integer ST = ((SPLIT / 2 % 2) != 0 && DISC != 3 && PIPE >= S1 + 1) ? 1 : 0;
  localparam integer S2 = PIPE - S1 - ST;
  // ACC_II = 2 with two or more S2 stages: the block result's negation and
  // normalisation get a stage of their own (g_norm below).
  localparam integer NEG_LATE = (ACC_II == 2 && S2 >= 2 && DISC != 1 && DISC != 3) ? 1 : 0;
  localparam integer S2A_ALL  = (NEG_LATE != 0) ? S2 - 1 : 0;  // stages after the class-term sum, before normalising
  localparam integer SWIN     = ((SPLIT / 8 % 2) != 0 && USE_WIN != 0 && S2A_ALL >= 1) ? 1 : 0;
  localparam integer SBW = LANES * (8 * NSA + 8 * NSB);  // the scale bytes travel with the class sums

  wire        init_v;
  wire [31:0] init_acc;
  /* verilator lint_off UNUSEDSIGNAL */  // the payload's valid is the main pipeline's
  wire        init_valid;
  /* verilator lint_on UNUSEDSIGNAL */
  pipe_reg #(.WIDTH(32), .DEPTH(PIPE)) u_init (
    .clk_i(clk_i), .rst_ni(rst_ni), .valid_i(init_v), .data_i(pre_i ? init_i : 32'd0),
    .valid_o(init_valid), .data_o(init_acc)
  );
  assign init_v = valid_i & first_i;

  // The slot of a block pair travels beside it (ACC_II = 2).
  /* verilator lint_off UNUSEDSIGNAL */  // the payload's valid is the main pipeline's
  wire slot_acc;
  wire slot_valid;
  /* verilator lint_on UNUSEDSIGNAL */
  pipe_reg #(.WIDTH(1), .DEPTH(PIPE)) u_slot (
    .clk_i(clk_i), .rst_ni(rst_ni), .valid_i(valid_i), .data_i((ACC_II == 2) ? slot_i : 1'b0),
    .valid_o(slot_valid), .data_o(slot_acc)
  );

  // Every lane's scale bytes, lane by lane (b's in the lower bits).
  wire [SBW-1:0] scale_bytes;
  genvar u, c, j, l;
  generate
    for (l = 0; l < LANES; l = l + 1) begin : g_scale_bytes
      assign scale_bytes[(8*NSA+8*NSB)*l +: 8*NSA+8*NSB] = {a_i[ABW*l +: 8*NSA], b_i[BBW*l +: 8*NSB]};
    end
    if (DISC == 3) begin : g_fused
      // Per lane and 16-element sub-block: its own multipliers and class
      // sums; one scale unit per lane forms its sub-blocks' class terms
      // from the lane's scale products.
      localparam integer NSUB = N / 16;
      localparam integer NTF  = LANES * NSUB * NC;
      localparam integer BPS  = (N * LANES >= 64) ? 1 : 64 / (N * LANES);
      localparam integer PWS  = `AMX_PW(16);
      localparam integer TWS  = `AMX_TW(16, SCALE_FMT_A, SCALE_FMT_B);
      localparam integer FLW  = 3 + NTF * TWS + LANES * NC * 10 + 10;
      wire [NTF*PWS-1:0]      ps;
      wire [LANES-1:0]        f_nan_l;
      wire [NTF*TWS-1:0]      f_term;
      wire [LANES*NC*10-1:0]  f_texp;
      wire [LANES*10-1:0]     f_al_l;
      reg  signed [9:0]       f_al;
      for (l = 0; l < LANES; l = l + 1) begin : g_lane_p
        for (u = 0; u < NSUB; u = u + 1) begin : g_sub
          class_reduce #(.N(16), .ASYM_A(ASYM_A), .ASYM_B(ASYM_B)) u_reduce (
            .a_i(a_i[ABW*l + 8*NSA + 64*u +: 64]), .b_i(b_i[BBW*l + 8*NSB + 64*u +: 64]),
            .p_o(ps[NC*PWS*(l*NSUB+u) +: NC*PWS])
          );
        end
      end
      wire                   v1, f1, l1;
      wire [NTF*PWS-1:0]     ps_r;
      wire [SBW-1:0]         sc_r;
      pipe_reg #(.WIDTH(2 + NTF * PWS + SBW), .DEPTH(S1)) u_split (
        .clk_i(clk_i), .rst_ni(rst_ni), .valid_i(valid_i),
        .data_i({first_i, last_i, ps, scale_bytes}),
        .valid_o(v1), .data_o({f1, l1, ps_r, sc_r})
      );
      for (l = 0; l < LANES; l = l + 1) begin : g_lane_s
        wire [8*NSA-1:0] sa_r = sc_r[(8*NSA+8*NSB)*l + 8*NSB +: 8*NSA];
        wire [8*NSB-1:0] sb_r = sc_r[(8*NSA+8*NSB)*l +: 8*NSB];
        scale_unit #(
          .N(16), .NSUB(NSUB), .SCALE_FMT_A(SCALE_FMT_A), .ASYM_A(ASYM_A), .SCALE_FMT_B(SCALE_FMT_B), .ASYM_B(ASYM_B)
        ) u_scale (
          .p_i(ps_r[NSUB*NC*PWS*l +: NSUB*NC*PWS]), .sa_i(sa_r), .sb_i(sb_r), .nan_o(f_nan_l[l]),
          .term_o(f_term[NSUB*NC*TWS*l +: NSUB*NC*TWS]), .texp_o(f_texp[NC*10*l +: NC*10])
        );
        // The lane's alignment exponent (§8): the largest over its classes,
        // ea + eb of the larger scale exponent on each side.
        wire [10*NSA-1:0] ea;
        wire [10*NSB-1:0] eb;
        for (c = 0; c < NSA; c = c + 1) begin : g_align_a
          scale_align #(.SCALE_FMT(SCALE_FMT_A)) u_al_a (.code_i(sa_r[8*c +: 8]), .exp_o(ea[10*c +: 10]));
        end
        for (c = 0; c < NSB; c = c + 1) begin : g_align_b
          scale_align #(.SCALE_FMT(SCALE_FMT_B)) u_al_b (.code_i(sb_r[8*c +: 8]), .exp_o(eb[10*c +: 10]));
        end
        wire signed [9:0] ea_lo = ea[9:0], ea_hi = ea[10*NSA-1 -: 10];
        wire signed [9:0] eb_lo = eb[9:0], eb_hi = eb[10*NSB-1 -: 10];
        wire signed [9:0] ea_max = (ea_hi > ea_lo) ? ea_hi : ea_lo;
        wire signed [9:0] eb_max = (eb_hi > eb_lo) ? eb_hi : eb_lo;
        assign f_al_l[10*l +: 10] = ea_max + eb_max;
      end
      // The group's alignment exponent: the largest of its lanes'.
      integer q;
      always @* begin
        f_al = $signed(f_al_l[9:0]);
        for (q = 1; q < LANES; q = q + 1)
          if ($signed(f_al_l[10*q +: 10]) > f_al) f_al = $signed(f_al_l[10*q +: 10]);
      end
      wire           fv;
      wire [FLW-1:0] fl;
      pipe_reg #(.WIDTH(FLW), .DEPTH(S2)) u_pipe (
        .clk_i(clk_i), .rst_ni(rst_ni), .valid_i(v1),
        .data_i({f1, l1, |f_nan_l, f_term, f_texp, f_al}),
        .valid_o(fv), .data_o(fl)
      );
      acc_fused #(.NC(NC), .NT(NTF), .NX(LANES), .TW(TWS), .BPS(BPS), .F(FUSED_F), .II(ACC_II),
                 .CMAG(SPLIT / 8 % 2)) u_acc (
        .clk_i(clk_i), .rst_ni(rst_ni), .clear_i(clear_i), .valid_i(fv),
        .first_i(fl[FLW-1]), .last_i(fl[FLW-2]), .slot_i(slot_acc), .nan_i(fl[FLW-3]), .init_i(init_acc),
        .t_i(fl[LANES*NC*10+10 +: NTF*TWS]), .tx_i(fl[10 +: LANES*NC*10]), .al_i(fl[0 +: 10]),
        .acc_o(acc_o), .res_valid_o(res_valid_o), .res_o(res_o)
      );
    end else begin : g_exact_block

      // Block products: per lane its multipliers, class sums and scale unit.
      wire [NT*PW-1:0] p;
      for (l = 0; l < LANES; l = l + 1) begin : g_lane_p
        class_reduce #(.N(N), .ASYM_A(ASYM_A), .ASYM_B(ASYM_B)) u_reduce (
          .a_i(a_i[ABW*l + 8*NSA +: 4*N]), .b_i(b_i[BBW*l + 8*NSB +: 4*N]), .p_o(p[NC*PW*l +: NC*PW])
        );
      end
      wire             v1, f1, l1;
      wire [NT*PW-1:0] p_r;
      wire [SBW-1:0]   sc_r;
      pipe_reg #(.WIDTH(2 + NT * PW + SBW), .DEPTH(S1)) u_split (
        .clk_i(clk_i), .rst_ni(rst_ni), .valid_i(valid_i),
        .data_i({first_i, last_i, p, scale_bytes}),
        .valid_o(v1), .data_o({f1, l1, p_r, sc_r})
      );
      wire [LANES-1:0] nan_l;
      wire [NT*TW-1:0] term_u;
      wire [NT*10-1:0] texp_u;
      for (l = 0; l < LANES; l = l + 1) begin : g_lane_s
        scale_unit #(
          .N(N), .SCALE_FMT_A(SCALE_FMT_A), .ASYM_A(ASYM_A), .SCALE_FMT_B(SCALE_FMT_B), .ASYM_B(ASYM_B)
        ) u_scale (
          .p_i(p_r[NC*PW*l +: NC*PW]), .sa_i(sc_r[(8*NSA+8*NSB)*l + 8*NSB +: 8*NSA]),
          .sb_i(sc_r[(8*NSA+8*NSB)*l +: 8*NSB]), .nan_o(nan_l[l]),
          .term_o(term_u[NC*TW*l +: NC*TW]), .texp_o(texp_u[NC*10*l +: NC*10])
        );
      end
      wire             nan_u = |nan_l;
      wire             nan;
      wire [NT*TW-1:0] term;
      wire [NT*10-1:0] texp;
      // Optional register after the class terms: the scale products and the
      // class-term alignment in different stages.
      wire vt, ft, lt;
      pipe_reg #(.WIDTH(3 + NT * TW + NT * 10), .DEPTH(ST)) u_split_t (
        .clk_i(clk_i), .rst_ni(rst_ni), .valid_i(v1),
        .data_i({f1, l1, nan_u, term_u, texp_u}),
        .valid_o(vt), .data_o({ft, lt, nan, term, texp})
      );

      // Accumulator operands (independent of the running sum, so they sit
      // before the pipeline registers).
      wire [NY-1:0]    y_neg, y_inf;
      wire [NY*YW-1:0] y_mag;
      wire [NY*12-1:0] y_exp;
        if (DISC != 1) begin : g_one_sum
          // `block` and `window`: one sum of the class terms, one rounding.
          wire [YW-1:0]     d;
          wire signed [9:0] dexp;
          if (USE_WIN != 0) begin : g_window
            term_window #(.NC(NT), .TW(TW), .G(`AMX_WIN_G), .STAGE(SWIN)) u_window (
              .clk_i(clk_i), .en_i(vt), .term_i(term), .texp_i(texp), .d_o(d), .dexp_o(dexp)
            );
          end else begin : g_block
            term_align #(.NC(NT), .TW(TW), .SPREAD(SPREAD)) u_align (
              .term_i(term), .texp_i(texp), .d_o(d), .dexp_o(dexp)
            );
          end
          assign y_neg = d[YW-1];
          // Two's complement into the normalising stage when it has a stage
          // of its own (it takes the magnitude there), else the magnitude.
          assign y_mag = (NEG_LATE != 0) ? d : d[YW-1] ? -d : d;
          assign y_exp = {{2{dexp[9]}}, dexp};
          assign y_inf = 1'b0;
        end else begin : g_class_seq
          for (j = 0; j < NC; j = j + 1) begin : g_term
            wire [TW-1:0] t = term[TW*j +: TW];
            // |t| < 2^(TW-1): the top bit of the magnitude is always clear.
            /* verilator lint_off UNUSEDSIGNAL */
            wire [TW-1:0] t_mag = t[TW-1] ? -t : t;
            /* verilator lint_on UNUSEDSIGNAL */
            wire signed [11:0] t_exp = {{2{texp[10*j+9]}}, texp[10*j +: 10]};
            if (EXACT_T != 0) begin : g_exact
              assign y_neg[j]          = t[TW-1];
              assign y_mag[YW*j +: YW] = t_mag[TW-2:0];
              assign y_exp[12*j +: 12] = t_exp;
              assign y_inf[j]          = 1'b0;
            end else begin : g_round
              wire [31:0] t32;
              fp32_round #(.W(TW - 1)) u_round (
                .neg_i(t[TW-1]), .r_i(t_mag[TW-2:0]), .e_i({{2{t_exp[11]}}, t_exp}), .sticky_i(1'b0),
                .z_o(t32)
              );
              wire [7:0] ef = t32[30:23];
              assign y_neg[j]          = t32[31];
              assign y_mag[YW*j +: YW] = {ef != 8'd0, t32[22:0]};
              assign y_exp[12*j +: 12] = {4'd0, (ef == 8'd0) ? 8'd1 : ef} - 12'd150;
              assign y_inf[j]          = (ef == 8'hFF);
            end
          end
        end

      // ACC_II = 2: the operand is normalised (top bit at YW - 1) before the
      // last of the S2 registers, so the two-cycle accumulator's loop skips
      // the leading-one search of a wide block result; with S2 >= 2 it has
      // a stage of its own after the class-term sum.
      // SWIN: the window sum's stage is one of them; what travels beside
      // the sum waits for it.
      wire           vw, fw, lw, nan_w;
      pipe_reg #(.WIDTH(3), .DEPTH(SWIN)) u_win_side (
        .clk_i(clk_i), .rst_ni(rst_ni), .valid_i(vt), .data_i({ft, lt, nan}),
        .valid_o(vw), .data_o({fw, lw, nan_w})
      );
      wire           va;
      wire [PLW-1:0] pa, pn;
      pipe_reg #(.WIDTH(PLW), .DEPTH(S2A_ALL - SWIN)) u_pipe_sum (
        .clk_i(clk_i), .rst_ni(rst_ni), .valid_i(vw),
        .data_i({fw, lw, nan_w, y_neg, y_inf, y_mag, y_exp}),
        .valid_o(va), .data_o(pa)
      );
      if (ACC_II == 2) begin : g_norm
        localparam integer YIW = $clog2(YW);
        localparam integer YM1 = YW - 1;
        wire [YW-1:0]      d_in = pa[12 +: YW];
        wire [YW-1:0]      m = (NEG_LATE != 0 && pa[PLW-4]) ? -d_in : d_in;
        wire signed [11:0] e = pa[0 +: 12];
        wire [YIW-1:0]     lead;
        lead_one #(.W(YW)) u_lead (.v_i(m), .idx_o(lead));
        wire [YIW-1:0]     sh = YM1[YIW-1:0] - lead;
        assign pn = {pa[PLW-1 -: PLW-12-YW], m << sh, e - $signed({{(12 - YIW){1'b0}}, sh})};
      end else begin : g_raw
        assign pn = pa;
      end
      wire           v_acc;
      wire [PLW-1:0] pl;
      pipe_reg #(.WIDTH(PLW), .DEPTH(S2 - S2A_ALL)) u_pipe (
        .clk_i(clk_i), .rst_ni(rst_ni), .valid_i(va),
        .data_i(pn),
        .valid_o(v_acc), .data_o(pl)
      );

      acc_fp32 #(.NY(NY), .YW(YW), .II(ACC_II), .UNPACK_EARLY(SPLIT / 4 % 2)) u_acc (
        .clk_i(clk_i), .rst_ni(rst_ni), .clear_i(clear_i), .valid_i(v_acc),
        .first_i(pl[PLW-1]), .last_i(pl[PLW-2]), .nan_i(pl[PLW-3]), .init_i(init_acc),
        .slot_i(slot_acc), .y_neg_i(pl[PLW-4 -: NY]), .y_inf_i(pl[PLW-4-NY -: NY]),
        .y_mag_i(pl[NY*12 +: NY*YW]), .y_exp_i(pl[0 +: NY*12]),
        .acc_o(acc_o), .res_valid_o(res_valid_o), .res_o(res_o)
      );
    end
  endgenerate
endmodule
