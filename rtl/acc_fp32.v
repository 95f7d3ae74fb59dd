// Binary32 accumulator of one MAC unit (docs/numerics.md §7): a register and
// a chain of NY fp32_add adders in its feedback loop, the only logic that
// must close in one cycle at one block pair per cycle.
//
//  `block` discipline:     NY = 1, the operand is the exact block result.
//  `class-seq` discipline: NY = classes, the operands are the class terms,
//                          already rounded to binary32, in the contract order.
//
// II = 2 (one operand, NY = 1): two running sums, selected by slot_i, and the
// adder split into two pipeline stages (fp32_add_front | register |
// fp32_add_back), so the loop through the register of a sum spans two
// cycles: block pairs must alternate between the slots (a pair may not use
// the slot of the pair in the cycle before; a bubble between them is fine).
// The sums and results are those of two independent dot products, each
// exactly as with II = 1, one cycle later.  With II = 2 the operand arrives
// normalised (top bit at YW - 1, block_dot normalises it before its last
// pipeline register), keeping its leading-one search out of the loop.
// UNPACK_EARLY = 1 (II = 2) unpacks both running sums and init_i before
// selecting one (three fp32_unpack instead of one, a shorter loop).
//
// first_i starts a new dot product from init_i (+0, or a K-tiled partial
// sum loaded back: continuing from the binary32 it left is exactly what an
// untiled run does; the previous result is not disturbed: it is in res_o); last_i copies the updated sum to res_o with
// res_valid_o one cycle later.  clear_i zeroes the running sum.
module acc_fp32 #(
  parameter integer NY = 1,
  parameter integer YW = 24,
  parameter integer II = 1,
  parameter integer UNPACK_EARLY = 0
) (
  input  wire             clk_i,
  input  wire             rst_ni,
  input  wire             clear_i,
  input  wire             valid_i,
  input  wire             first_i,
  input  wire             last_i,
  input  wire             slot_i,   // II = 2: the running sum this block pair adds to
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
  generate
    if (II != 1 && !(II == 2 && NY == 1)) begin : g_bad
      $error("acc_fp32: II = 2 is built for one operand per block pair (NY = 1)");
    end
    if (II == 1) begin : g_ii1
      /* verilator lint_off UNUSEDSIGNAL */  // one running sum: no slot
      wire unused_slot = slot_i;
      /* verilator lint_on UNUSEDSIGNAL */
      reg  [31:0] acc_q;
      wire [32*(NY+1)-1:0] chain;

      assign chain[31:0] = first_i ? init_i : acc_q;
      genvar j;
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
    end else begin : g_ii2
      localparam integer L  = (YW > 24) ? YW : 24;
      localparam integer RW = L + 3;
      reg  [31:0] acc_q [0:1];
      reg         wslot_q;  // the slot written last: acc_o shows it
      // UNPACK_EARLY: each running sum and the preload value unpacked
      // straight from its register, the subnormal leading-one search beside
      // the selection instead of after it (the loop is this stage's critical
      // path); otherwise one unpacker after the selection.
      wire [41:0] base;
      if (UNPACK_EARLY != 0) begin : g_early
        wire [41:0] un_0, un_1, un_init;
        fp32_unpack #(.XW(14)) u_unpack_0 (.x_i(acc_q[0]), .u_o(un_0));
        fp32_unpack #(.XW(14)) u_unpack_1 (.x_i(acc_q[1]), .u_o(un_1));
        fp32_unpack #(.XW(14)) u_unpack_init (.x_i(init_i), .u_o(un_init));
        assign base = first_i ? un_init : slot_i ? un_1 : un_0;
      end else begin : g_late
        fp32_unpack #(.XW(14)) u_unpack (.x_i(first_i ? init_i : acc_q[slot_i]), .u_o(base));
      end

      // Stage 1: alignment and add.
      wire                 f_neg, f_sticky, f_a_nan, f_a_inf, f_a_neg, f_zero;
      wire [RW-1:0]        f_r;
      wire signed [13:0]   f_e;
      fp32_add_front #(.YW(YW), .YNORM(1)) u_front (
        .a_i(base), .y_neg_i(y_neg_i[0]), .y_mag_i(y_mag_i), .y_exp_i(y_exp_i), .res_neg_o(f_neg), .r_o(f_r),
        .e_o(f_e), .sticky_o(f_sticky), .a_nan_o(f_a_nan), .a_inf_o(f_a_inf), .a_neg_o(f_a_neg), .zero_both_o(f_zero)
      );
      reg                v_q, last_q, slot_q, neg_q, sticky_q, a_nan_q, a_inf_q, a_neg_q, zero_q, y_neg_q, y_inf_q,
                         y_nan_q;
      reg [RW-1:0]       r_q;
      reg signed [13:0]  e_q;
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) v_q <= 1'b0;
        else v_q <= valid_i & ~clear_i;
      end
      // Payload registers load with a block pair only (no toggles when idle).
      always @(posedge clk_i) begin
        if (valid_i) begin
          last_q   <= last_i;
          slot_q   <= slot_i;
          neg_q    <= f_neg;
          r_q      <= f_r;
          e_q      <= f_e;
          sticky_q <= f_sticky;
          a_nan_q  <= f_a_nan;
          a_inf_q  <= f_a_inf;
          a_neg_q  <= f_a_neg;
          zero_q   <= f_zero;
          y_neg_q  <= y_neg_i[0];
          y_inf_q  <= y_inf_i[0];
          y_nan_q  <= nan_i;
        end
      end

      // Stage 2: rounding, special values, the running sum of the slot.
      wire [31:0] z;
      fp32_add_back #(.YW(YW)) u_back (
        .res_neg_i(neg_q), .r_i(r_q), .e_i(e_q), .sticky_i(sticky_q), .a_nan_i(a_nan_q), .a_inf_i(a_inf_q),
        .a_neg_i(a_neg_q), .zero_both_i(zero_q), .y_neg_i(y_neg_q), .y_inf_i(y_inf_q), .y_nan_i(y_nan_q), .sum_o(z)
      );
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          acc_q[0]    <= 32'd0;
          acc_q[1]    <= 32'd0;
          wslot_q     <= 1'b0;
          res_valid_o <= 1'b0;
          res_o       <= 32'd0;
        end else begin
          res_valid_o <= v_q & last_q;
          if (clear_i) begin
            acc_q[0] <= 32'd0;
            acc_q[1] <= 32'd0;
          end else if (v_q) begin
            acc_q[slot_q] <= z;
            wslot_q       <= slot_q;
          end
          if (v_q && last_q) res_o <= z;
        end
      end
      assign acc_o = acc_q[wslot_q];
    end
  endgenerate
endmodule
