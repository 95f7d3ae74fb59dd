// Plain per-class reference for the formal check of rtl/class_reduce.v: each
// class sum is written straight from docs/numerics.md §6 -- signed E2M1
// values times two, multiplied, added if the lane is in the class -- with no
// magnitude trees and no shared product logic.  Same ports as class_reduce.
module class_reduce_ref #(
  parameter  integer N      = 32,
  parameter  integer ASYM_A = 1,
  parameter  integer ASYM_B = 1,
  localparam integer NC     = (ASYM_A != 0 ? 2 : 1) * (ASYM_B != 0 ? 2 : 1),
  localparam integer PW     = $clog2(144 * N + 1) + 1
) (
  input  wire [4*N-1:0]   a_i,
  input  wire [4*N-1:0]   b_i,
  output reg  [NC*PW-1:0] p_o
);
  // Two times the E2M1 value of a code: 0, 1, 2, 3, 4, 6, 8, 12 and negatives.
  function automatic signed [4:0] twice(input [3:0] code);
    reg signed [4:0] mag;
    begin
      case (code[2:0])
        3'd0: mag = 5'sd0;
        3'd1: mag = 5'sd1;
        3'd2: mag = 5'sd2;
        3'd3: mag = 5'sd3;
        3'd4: mag = 5'sd4;
        3'd5: mag = 5'sd6;
        3'd6: mag = 5'sd8;
        default: mag = 5'sd12;
      endcase
      twice = code[3] ? -mag : mag;
    end
  endfunction

  integer c, k, ka, kb, cls;
  reg signed [PW-1:0] prod;
  always @* begin
    p_o = {(NC * PW){1'b0}};
    for (c = 0; c < NC; c = c + 1) begin
      for (k = 0; k < N; k = k + 1) begin
        ka   = (ASYM_A != 0) ? {31'd0, a_i[4*k+3]} : 0;
        kb   = (ASYM_B != 0) ? {31'd0, b_i[4*k+3]} : 0;
        cls  = (ASYM_B != 0) ? 2 * ka + kb : ka;
        prod = twice(a_i[4*k +: 4]) * twice(b_i[4*k +: 4]);
        if (cls == c) p_o[PW*c +: PW] = p_o[PW*c +: PW] + prod;
      end
    end
  end
endmodule
