// term_window against its plain formulation for tb/formal/cec.sh (same
// ports; G fixed at the engines' window guard, AMX_WIN_G).
`include "amx_widths.vh"
module term_window_gold #(
  parameter  integer NC = 4,
  parameter  integer TW = 20,
  localparam integer WW = TW + `AMX_WIN_G + $clog2(NC)
) (
  input  wire [NC*TW-1:0]  term_i,
  input  wire [NC*10-1:0]  texp_i,
  output wire [WW-1:0]     d_o,
  output wire signed [9:0] dexp_o
);
  term_window_ref #(.NC(NC), .TW(TW), .G(`AMX_WIN_G)) u_ref (.term_i(term_i), .texp_i(texp_i), .d_o(d_o), .dexp_o(dexp_o));
endmodule

module term_window_gate #(
  parameter  integer NC = 4,
  parameter  integer TW = 20,
  localparam integer WW = TW + `AMX_WIN_G + $clog2(NC)
) (
  input  wire [NC*TW-1:0]  term_i,
  input  wire [NC*10-1:0]  texp_i,
  output wire [WW-1:0]     d_o,
  output wire signed [9:0] dexp_o
);
  term_window #(.NC(NC), .TW(TW), .G(`AMX_WIN_G)) u_win (.term_i(term_i), .texp_i(texp_i), .d_o(d_o), .dexp_o(dexp_o));
endmodule
