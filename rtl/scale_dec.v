// Decoder of one shared-scale code into an exact integer significand and the
// exponent of its LSB: value = (-1)^neg_o * sig_o * 2^exp_o.
//
// SCALE_FMT: 0 = E8M0 (OCP MX), 1 = FP8 E4M3, 2 = FP8 E5M2.
// nan_o: E8M0 0xFF, E4M3 S.1111.111, and for E5M2 the all-ones exponent
// (the quantizers never produce Inf scales, so an E5M2 Inf is treated as NaN,
// as the golden does).
module scale_dec #(
  parameter integer SCALE_FMT = 2
) (
  input  wire [7:0]        code_i,
  output wire              nan_o,
  output wire              neg_o,
  output wire [3:0]        sig_o,
  output wire signed [9:0] exp_o
);
  generate
    if (SCALE_FMT == 0) begin : g_e8m0
      assign sig_o = 4'd1;
      assign exp_o = $signed({2'b00, code_i}) - 10'sd127;
      assign nan_o = &code_i;
      assign neg_o = 1'b0;
    end else if (SCALE_FMT == 1 || SCALE_FMT == 2) begin : g_fp8
      localparam integer EBITS = (SCALE_FMT == 1) ? 4 : 5;
      localparam integer MBITS = (SCALE_FMT == 1) ? 3 : 2;
      localparam integer BIAS  = (SCALE_FMT == 1) ? 7 : 15;
      // The LSB of the significand has exponent max(e, 1) - BIAS - MBITS.
      localparam integer LSB_OFF_INT = BIAS + MBITS;
      localparam signed [9:0] LSB_OFF = LSB_OFF_INT[9:0];
      wire [EBITS-1:0] e = code_i[6 -: EBITS];
      wire [3:0] m = {{(4 - MBITS){1'b0}}, code_i[MBITS-1:0]};
      assign sig_o = (e == 0) ? m : (m | (4'd1 << MBITS));
      assign exp_o = ((e == 0) ? 10'sd1 : $signed({{(10 - EBITS){1'b0}}, e})) - LSB_OFF;
      assign nan_o = (SCALE_FMT == 1) ? (&e & &code_i[MBITS-1:0]) : &e;
      assign neg_o = code_i[7];
    end else begin : g_bad
      $error("scale_dec: SCALE_FMT must be 0 (E8M0), 1 (E4M3) or 2 (E5M2)");
    end
  endgenerate
endmodule
