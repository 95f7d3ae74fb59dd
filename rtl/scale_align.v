// Alignment exponent of one shared-scale code for the `fused` discipline
// (docs/numerics.md §8): floor(log2 s), never below the format's smallest
// normal exponent, and -126 for a zero scale (the public tensor-core model's
// rule).  It depends on the scale code alone, so the fused sum's alignment
// is known before the multiplier trees finish.
//
// SCALE_FMT: 0 = E8M0, 1 = FP8 E4M3, 2 = FP8 E5M2.  NaN codes give an
// unused value (the NaN flag of scale_dec decides the result).
module scale_align #(
  parameter integer SCALE_FMT = 2
) (
  /* verilator lint_off UNUSEDSIGNAL */  // the sign bit: |s| aligns
  input  wire [7:0]        code_i,
  /* verilator lint_on UNUSEDSIGNAL */
  output wire signed [9:0] exp_o
);
  generate
    if (SCALE_FMT == 0) begin : g_e8m0
      assign exp_o = $signed({2'b00, code_i}) - 10'sd127;
    end else if (SCALE_FMT == 1 || SCALE_FMT == 2) begin : g_fp8
      localparam integer EBITS = (SCALE_FMT == 1) ? 4 : 5;
      localparam integer MBITS = (SCALE_FMT == 1) ? 3 : 2;
      localparam integer BIAS  = (SCALE_FMT == 1) ? 7 : 15;
      localparam signed [9:0] BIAS_X = BIAS[9:0];
      wire [EBITS-1:0] e = code_i[6 -: EBITS];
      wire             m_zero = ~|code_i[MBITS-1:0];
      // Subnormals align at the smallest normal exponent 1 - BIAS.
      assign exp_o = (e != 0) ? $signed({{(10 - EBITS){1'b0}}, e}) - BIAS_X
                   : m_zero   ? -10'sd126
                              : 10'sd1 - BIAS_X;
    end else begin : g_bad
      $error("scale_align: SCALE_FMT must be 0 (E8M0), 1 (E4M3) or 2 (E5M2)");
    end
  endgenerate
endmodule
