// Shared-scale multiplier (docs/numerics.md §6): the exact product of two
// block scales of one format, as an unnormalised integer significand and a
// power-of-two exponent, value = (-1)^sign_o * mant_o * 2^exp_o.  Keeping the
// product unnormalised costs nothing here and lets the class-term shifter
// downstream absorb normalisation.
//
// SCALE_FMT: 0 = E8M0 (OCP MX), 1 = FP8 E4M3, 2 = FP8 E5M2.
// nan_o: either code is NaN (E8M0 0xFF, E4M3 S.1111.111) or, for E5M2, has
// the all-ones exponent (Inf scales are never produced; treated as NaN).
module scale_mul #(
  parameter integer SCALE_FMT = 2
) (
  input  wire  [7:0] sa_i,
  input  wire  [7:0] sb_i,
  output wire        nan_o,
  output wire        sign_o,
  output wire  [7:0] mant_o,
  output wire signed [9:0] exp_o
);
  localparam integer EBITS = (SCALE_FMT == 1) ? 4 : 5;
  localparam integer MBITS = (SCALE_FMT == 1) ? 3 : 2;
  localparam integer BIAS  = (SCALE_FMT == 1) ? 7 : 15;
  // Exponent of a significand's LSB is max(e, 1) - BIAS - MBITS.
  localparam integer LSB_OFF_INT = BIAS + MBITS;
  localparam signed [9:0] LSB_OFF = LSB_OFF_INT[9:0];

  wire [7:0] code [0:1];
  wire [3:0] sig  [0:1];
  wire signed [9:0] ex [0:1];
  wire [1:0] nan;
  assign code[0] = sa_i;
  assign code[1] = sb_i;

  genvar i;
  generate
    for (i = 0; i < 2; i = i + 1) begin : g_unpack
      if (SCALE_FMT == 0) begin : g_e8m0
        assign sig[i] = 4'd1;
        assign ex[i]  = $signed({2'b00, code[i]}) - 10'sd127;
        assign nan[i] = &code[i];
      end else begin : g_fp8
        wire [EBITS-1:0] e = code[i][6 -: EBITS];
        wire [3:0] m = {{(4 - MBITS){1'b0}}, code[i][MBITS-1:0]};
        assign sig[i] = (e == 0) ? m : (m | (4'd1 << MBITS));
        assign ex[i]  = ((e == 0) ? 10'sd1 : $signed({{(10 - EBITS){1'b0}}, e})) - LSB_OFF;
        assign nan[i] = (SCALE_FMT == 1) ? (&e & &code[i][MBITS-1:0]) : &e;
      end
    end
  endgenerate

  assign nan_o  = |nan;
  assign sign_o = (SCALE_FMT == 0) ? 1'b0 : (sa_i[7] ^ sb_i[7]);
  assign mant_o = sig[0] * sig[1];
  assign exp_o  = ex[0] + ex[1];
endmodule
