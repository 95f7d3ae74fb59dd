// Binary32 accumulator of one MAC unit (docs/numerics.md §7): a register and
// a chain of NY fp32_add adders in its feedback loop, the only logic that
// must close in one cycle at one block pair per cycle.
//
//  `block` discipline:     NY = 1, the operand is the exact block result.
//  `class-seq` discipline: NY = classes, the operands are the class terms,
//                          already rounded to binary32, in the contract order.
//
// first_i starts a new dot product from init_i (+0, or a K-tiled partial
// sum loaded back: continuing from the binary32 it left is exactly what an
// untiled run does; the previous result is not disturbed: it is in res_o); last_i copies the updated sum to res_o with
// res_valid_o one cycle later.  clear_i zeroes the running sum.
module acc_fp32 #(
  parameter integer NY = 1,
  parameter integer YW = 24
) (
  input  wire             clk_i,
  input  wire             rst_ni,
  input  wire             clear_i,
  input  wire             valid_i,
  input  wire             first_i,
  input  wire             last_i,
  input  wire             nan_i,    // a NaN scale in this block pair
  input  wire [31:0]      init_i,   // the running sum a first block pair starts from
  input  wire [NY-1:0]    y_neg_i,
  input  wire [NY*YW-1:0] y_mag_i,
  input  wire [NY*12-1:0] y_exp_i,
  input  wire [NY-1:0]    y_inf_i,
  output wire [31:0]      acc_o,
  output reg              res_valid_o,
  output reg  [31:0]      res_o
);
  reg  [31:0] acc_q;
  wire [32*(NY+1)-1:0] chain;

  assign chain[31:0] = first_i ? init_i : acc_q;
  genvar j;
  generate
    for (j = 0; j < NY; j = j + 1) begin : g_add
      fp32_add #(.YW(YW)) u_add (
        .acc_i  (chain[32*j +: 32]),
        .y_neg_i(y_neg_i[j]),
        .y_mag_i(y_mag_i[YW*j +: YW]),
        .y_exp_i(y_exp_i[12*j +: 12]),
        .y_inf_i(y_inf_i[j]),
        .y_nan_i(nan_i),
        .sum_o  (chain[32*(j+1) +: 32])
      );
    end
  endgenerate

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      acc_q       <= 32'd0;
      res_valid_o <= 1'b0;
      res_o       <= 32'd0;
    end else begin
      res_valid_o <= valid_i & last_i;
      if (clear_i) acc_q <= 32'd0;
      else if (valid_i) acc_q <= chain[32*NY +: 32];
      if (valid_i && last_i) res_o <= chain[32*NY +: 32];
    end
  end
  assign acc_o = acc_q;
endmodule
