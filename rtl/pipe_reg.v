// DEPTH register stages on a valid-qualified payload (DEPTH = 0: a wire).
// Payload registers load only with valid, so idle cycles do not toggle them
// (the activity-based power figures depend on it).
module pipe_reg #(
  parameter integer WIDTH = 8,
  parameter integer DEPTH = 1
) (
  /* verilator lint_off UNUSEDSIGNAL */  // unused when DEPTH = 0
  input  wire             clk_i,
  input  wire             rst_ni,
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire             valid_i,
  input  wire [WIDTH-1:0] data_i,
  output wire             valid_o,
  output wire [WIDTH-1:0] data_o
);
  generate
    if (DEPTH == 0) begin : g_wire
      assign valid_o = valid_i;
      assign data_o  = data_i;
    end else begin : g_regs
      reg [DEPTH-1:0]       valid_q;
      reg [WIDTH*DEPTH-1:0] data_q;
      integer s;
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) valid_q <= {DEPTH{1'b0}};
        else begin
          valid_q[0] <= valid_i;
          for (s = 1; s < DEPTH; s = s + 1) valid_q[s] <= valid_q[s-1];
        end
      end
      always @(posedge clk_i) begin
        if (valid_i) data_q[0 +: WIDTH] <= data_i;
        for (s = 1; s < DEPTH; s = s + 1)
          if (valid_q[s-1]) data_q[WIDTH*s +: WIDTH] <= data_q[WIDTH*(s-1) +: WIDTH];
      end
      assign valid_o = valid_q[DEPTH-1];
      assign data_o  = data_q[WIDTH*(DEPTH-1) +: WIDTH];
    end
  endgenerate
endmodule
