// A binary32 operand of the accumulator's adder, unpacked for its alignment
// half (fp32_add_front): the significand normalised (top bit set, subnormals
// shifted up), the exponent of that top bit, and the special values.
//
// A separate unit so the II = 2 accumulator can unpack each running sum and
// the preload value straight out of their registers and select the unpacked
// form: the subnormal leading-one search then runs beside the slot
// multiplexer instead of after it, off the loop's critical path.
//
// u_o = {neg, zero, inf, nan, top[XW-1:0], sig[23:0]}  (UW = XW + 28 bits)
module fp32_unpack #(
  parameter  integer XW = 14,
  localparam integer UW = XW + 28
) (
  input  wire [31:0]   x_i,
  output wire [UW-1:0] u_o
);
  localparam signed [XW-1:0] ZERO_TOP = -(1 <<< (XW - 2));  // below any real operand

  wire [7:0]  ef   = x_i[30:23];
  wire [22:0] frac = x_i[22:0];
  wire        norm = ef != 8'd0;
  wire        zero = !norm && (frac == 23'd0);
  // The subnormal's leading one is searched in the fraction alone, so the
  // search and shift do not wait for the exponent test that selects them.
  wire [4:0]  lead;
  lead_one #(.W(23)) u_lead (.v_i(frac), .idx_o(lead));

  wire [23:0]          sig_s = {1'b0, frac} << (5'd23 - lead);
  wire [23:0]          sig_n = norm ? {1'b1, frac} : sig_s;
  wire signed [XW-1:0] top   = norm ? $signed({{(XW - 8){1'b0}}, ef}) - 127
                             : zero ? ZERO_TOP : -149 + $signed({{(XW - 5){1'b0}}, lead});
  wire nan = (ef == 8'hFF) && (frac != 23'd0);
  wire inf = (ef == 8'hFF) && (frac == 23'd0);
  assign u_o = {x_i[31], zero, inf, nan, top, sig_n};
endmodule
