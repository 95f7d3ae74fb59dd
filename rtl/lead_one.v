// Index of the most significant set bit of v_i (0 when v_i is zero): the
// normalisation distance of the binary32 adder and rounder.
module lead_one #(
  parameter  integer W  = 27,
  localparam integer IW = (W > 1) ? $clog2(W) : 1
) (
  input  wire [W-1:0]  v_i,
  output reg  [IW-1:0] idx_o
);
  integer k;
  always @* begin
    idx_o = {IW{1'b0}};
    for (k = 0; k < W; k = k + 1) if (v_i[k]) idx_o = k[IW-1:0];
  end
endmodule
