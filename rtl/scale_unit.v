// Scale unit (docs/numerics.md §6): for each sign class the product of the
// two scales that class uses, and the class term P_c * S_c / 4 as an exact
// two's-complement integer times 2^texp.
//
// MXFP4 (E8M0 x E8M0, one class) degenerates to one exponent add and no
// multiplier; AMXFP4 pays an FP8 x FP8 significand product and a small
// P_c x significand multiply per class.
//
// Scale bytes follow the packed layout (§5): byte 0 = s+ (or the only
// scale), byte 1 = s-.  nan_o covers every stored scale of both blocks, as
// the contract requires, whether or not a class uses it.
`include "amx_widths.vh"

module scale_unit #(
  parameter  integer N           = 32,
  parameter  integer NSUB        = 1,  // sub-blocks of N elements sharing the scales (`fused`)
  parameter  integer SCALE_FMT_A = 2,
  parameter  integer ASYM_A      = 1,
  parameter  integer SCALE_FMT_B = 2,
  parameter  integer ASYM_B      = 1,
  localparam integer NSA = `AMX_NS(ASYM_A),
  localparam integer NSB = `AMX_NS(ASYM_B),
  localparam integer NC  = NSA * NSB,
  localparam integer PW  = `AMX_PW(N),
  localparam integer SGA = `AMX_SG(SCALE_FMT_A),
  localparam integer SGB = `AMX_SG(SCALE_FMT_B),
  localparam integer TW  = `AMX_TW(N, SCALE_FMT_A, SCALE_FMT_B)
) (
  input  wire [NSUB*NC*PW-1:0] p_i,  // sub-block u, class j: p_i[PW*(u*NC + j) +: PW]
  input  wire [8*NSA-1:0] sa_i,
  input  wire [8*NSB-1:0] sb_i,
  output wire             nan_o,
  output wire [NSUB*NC*TW-1:0] term_o,  // sub-block u, class j: term_o[TW*(u*NC + j) +: TW]
  output wire [NC*10-1:0] texp_o   // class j: signed exponent of the term's LSB
);
  wire [NC-1:0] nan;

  genvar j, u;
  generate
    if ((ASYM_A != 0 && SCALE_FMT_A == 0) || (ASYM_B != 0 && SCALE_FMT_B == 0)) begin : g_bad
      $error("scale_unit: an asymmetric side needs FP8 scales (SCALE_FMT 1 or 2)");
    end
    for (j = 0; j < NC; j = j + 1) begin : g_class
      // class j uses a-scale ka and b-scale kb (numbering of class_reduce)
      localparam integer KA = (NSB == 2) ? j / 2 : j;
      localparam integer KB = (NSB == 2) ? j % 2 : 0;
      wire              s_nan, s_neg;
      // only SGA + SGB bits of the scale product can be set
      /* verilator lint_off UNUSEDSIGNAL */
      wire [7:0]        s_mant;
      /* verilator lint_on UNUSEDSIGNAL */
      wire signed [9:0] s_exp;
      scale_mul #(.SCALE_FMT_A(SCALE_FMT_A), .SCALE_FMT_B(SCALE_FMT_B)) u_smul (
        .sa_i(sa_i[8*KA +: 8]), .sb_i(sb_i[8*KB +: 8]),
        .nan_o(s_nan), .sign_o(s_neg), .mant_o(s_mant), .exp_o(s_exp)
      );
      for (u = 0; u < NSUB; u = u + 1) begin : g_sub
        wire signed [TW-1:0] prod = $signed(p_i[PW*(u*NC+j) +: PW]) * $signed({1'b0, s_mant[SGA+SGB-1:0]});
        assign term_o[TW*(u*NC+j) +: TW] = s_neg ? -prod : prod;
      end
      assign nan[j] = s_nan;
      assign texp_o[10*j +: 10] = s_exp - 10'sd2;  // products are in quarters
    end
  endgenerate
  assign nan_o = |nan;
endmodule
