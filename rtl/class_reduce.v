// Lane multipliers and sign-class reduction of one block pair
// (docs/numerics.md §6): P_c = sum over the lanes of class c of the exact
// FP4 products, in units of 1/4.
//
// A lane's class is (sign of a-code if A is asymmetric, sign of b-code if B
// is asymmetric); the NC = 1, 2 or 4 classes are numbered in the contract's
// accumulation order (+,+), (+,-), (-,+), (-,-), absent ones skipped.
//
// Structure (why it is the cheapest exact one we found): every class sum is
// an independent linear function of the lane products, so NC adder trees are
// needed whatever identity is used (s.q = m.q + d.|q| also needs NC trees and
// turns the FP8 x FP8 scale products into wider ones).  What can be saved is
// the width of the trees: when both sides are asymmetric, a class fixes the
// sign of all its products ((+,+) and (-,-) are >= 0, (+,-) and (-,+) are
// <= 0), so the four trees add unsigned 8-bit magnitudes, with no negation
// per lane, and the sign is applied once per class.  With one asymmetric side
// (or none) the products of one class have both signs and the trees add
// 9-bit two's-complement values.  tb/formal proves this equal to a plain
// per-class signed formulation.
`include "amx_widths.vh"

module class_reduce #(
  parameter  integer N      = 32,
  parameter  integer ASYM_A = 1,
  parameter  integer ASYM_B = 1,
  localparam integer NC     = `AMX_NS(ASYM_A) * `AMX_NS(ASYM_B),
  localparam integer PW     = `AMX_PW(N)
) (
  input  wire [4*N-1:0]  a_i,  // element i = a_i[4i+3:4i]
  input  wire [4*N-1:0]  b_i,
  output wire [NC*PW-1:0] p_o  // class j = p_o[PW*j +: PW], two's complement
);
  // The magnitude trees never look at the product signs.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [N-1:0]   neg;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [8*N-1:0] mag;
  wire [2*N-1:0] cls;  // compact class index of each lane

  genvar i, c;
  generate
    for (i = 0; i < N; i = i + 1) begin : g_lane
      wire ka = (ASYM_A != 0) & a_i[4*i+3];
      wire kb = (ASYM_B != 0) & b_i[4*i+3];
      fp4_mul u_mul (.a_i(a_i[4*i +: 4]), .b_i(b_i[4*i +: 4]), .neg_o(neg[i]), .mag_o(mag[8*i +: 8]));
      assign cls[2*i +: 2] = (ASYM_B != 0) ? {ka, kb} : {1'b0, ka};
    end

    if (ASYM_A != 0 && ASYM_B != 0) begin : g_magnitude
      for (c = 0; c < 4; c = c + 1) begin : g_class
        reg [PW-2:0] sum;
        integer k;
        always @* begin
          sum = {(PW - 1){1'b0}};
          for (k = 0; k < N; k = k + 1)
            sum = sum + ({(PW - 1){cls[2*k +: 2] == c}} & {{(PW - 9){1'b0}}, mag[8*k +: 8]});
        end
        // (+,-) and (-,+) hold only products <= 0.
        if (c == 1 || c == 2) begin : g_neg
          assign p_o[PW*c +: PW] = -$signed({1'b0, sum});
        end else begin : g_pos
          assign p_o[PW*c +: PW] = $signed({1'b0, sum});
        end
      end
    end else begin : g_signed
      wire [9*N-1:0] prod;  // two's-complement product of each lane
      for (i = 0; i < N; i = i + 1) begin : g_neg
        assign prod[9*i +: 9] = neg[i] ? -{1'b0, mag[8*i +: 8]} : {1'b0, mag[8*i +: 8]};
      end
      for (c = 0; c < NC; c = c + 1) begin : g_class
        reg [PW-1:0] sum;
        integer k;
        always @* begin
          sum = {PW{1'b0}};
          for (k = 0; k < N; k = k + 1)
            sum = sum + ({PW{cls[2*k +: 2] == c}} & {{(PW - 9){prod[9*k+8]}}, prod[9*k +: 9]});
        end
        assign p_o[PW*c +: PW] = sum;
      end
    end
  endgenerate
endmodule
