// term_window for tb/formal/cec.sh, the reference under CEC_REF (G fixed
// at the engines' window guard, AMX_WIN_G).
`include "amx_widths.vh"
module term_window_cec #(
  parameter  integer NC = 4,
  parameter  integer TW = 20,
  localparam integer WW = TW + `AMX_WIN_G + $clog2(NC)
) (
  input  wire [NC*TW-1:0]  term_i,
  input  wire [NC*10-1:0]  texp_i,
  output wire [WW-1:0]     d_o,
  output wire signed [9:0] dexp_o
);
`ifdef CEC_REF
  term_window_ref #(.NC(NC), .TW(TW), .G(`AMX_WIN_G)) u_win (
`else
  term_window #(.NC(NC), .TW(TW), .G(`AMX_WIN_G)) u_win (
`endif
`ifndef CEC_REF
    .clk_i(1'b0), .en_i(1'b0),
`endif
    .term_i(term_i), .texp_i(texp_i), .d_o(d_o), .dexp_o(dexp_o)
  );
endmodule
