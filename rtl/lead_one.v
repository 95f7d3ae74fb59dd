// Index of the most significant set bit of v_i (0 when v_i is zero): the
// normalisation distance of the binary32 adder and rounder.  A binary tree
// of (any-set, index) pairs, log2(W) levels deep: a priority chain would put
// W gates on the accumulator's critical path.
module lead_one #(
  parameter  integer W  = 27,
  localparam integer IW = (W > 1) ? $clog2(W) : 1
) (
  input  wire [W-1:0]  v_i,
  output wire [IW-1:0] idx_o
);
  localparam integer P = 1 << IW;  // leaves: v_i zero-extended to a power of two

  wire [P-1:0] leaf;
  assign leaf[W-1:0] = v_i;
  genvar l, n;
  generate
    if (P > W) begin : g_pad
      assign leaf[P-1:W] = {(P-W){1'b0}};
    end
    // Level l has P >> l nodes, each with an any-set bit and an l-bit index
    // of its most significant set leaf.
    for (l = 1; l <= IW; l = l + 1) begin : g_lvl
      /* verilator lint_off UNUSEDSIGNAL */  // the root's any-set bit: a zero input gives index 0 anyway
      wire [(P >> l)-1:0]   any;
      /* verilator lint_on UNUSEDSIGNAL */
      wire [(P >> l)*l-1:0] idx;
      for (n = 0; n < (P >> l); n = n + 1) begin : g_n
        if (l == 1) begin : g_leaf
          assign any[n] = leaf[2*n+1] | leaf[2*n];
          assign idx[n] = leaf[2*n+1];
        end else begin : g_node
          wire hi = g_lvl[l-1].any[2*n+1];
          assign any[n] = hi | g_lvl[l-1].any[2*n];
          assign idx[n*l +: l] = hi ? {1'b1, g_lvl[l-1].idx[(2*n+1)*(l-1) +: l-1]}
                                    : {1'b0, g_lvl[l-1].idx[(2*n)*(l-1) +: l-1]};
        end
      end
    end
  endgenerate
  assign idx_o = g_lvl[IW].idx;
endmodule
