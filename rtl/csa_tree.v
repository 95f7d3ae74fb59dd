// Carry-save (Wallace) tree: N two's-complement vectors of W bits reduced to
// two whose sum is theirs modulo 2^W, in about log1.5(N / 2) full-adder
// levels instead of the N - 2 of a chain.  The class-term sums of wide units
// (several lanes: 8 or 16 terms) need the tree; for 2 to 4 terms it is the
// chain.
module csa_tree #(
  parameter integer N = 4,
  parameter integer W = 32
) (
  input  wire [N*W-1:0] v_i,
  output wire [W-1:0]   s_o,
  output wire [W-1:0]   c_o
);
  function automatic integer rows_in(input integer lvl);  // vectors entering level lvl
    integer k;
    begin
      rows_in = N;
      for (k = 0; k < lvl; k = k + 1) rows_in = rows_in - rows_in / 3;
    end
  endfunction
  function automatic integer levels(input integer lim);  // levels until two vectors remain
    integer k;
    begin
      levels = 0;
      for (k = 0; k < lim; k = k + 1) if (rows_in(k) > 2) levels = k + 1;
    end
  endfunction
  localparam integer NL = levels(64);

  genvar l, r;
  generate
    if (N < 1) begin : g_bad
      $error("csa_tree: N >= 1 required");
    end
    for (l = 0; l <= NL; l = l + 1) begin : g_lvl
      localparam integer NV = rows_in(l);
      wire [NV*W-1:0] v;
      if (l == 0) begin : g_leaf
        assign v = v_i;
      end else begin : g_row
        localparam integer NP = rows_in(l - 1);
        localparam integer NF = NP / 3;
        for (r = 0; r < NF; r = r + 1) begin : g_fa
          wire [W-1:0] a = g_lvl[l-1].v[W*(3*r)   +: W];
          wire [W-1:0] b = g_lvl[l-1].v[W*(3*r+1) +: W];
          wire [W-1:0] d = g_lvl[l-1].v[W*(3*r+2) +: W];
          wire [W-2:0] mj = (a[W-2:0] & b[W-2:0]) | (a[W-2:0] & d[W-2:0]) | (b[W-2:0] & d[W-2:0]);
          assign v[W*(2*r) +: W]   = a ^ b ^ d;
          assign v[W*(2*r+1) +: W] = {mj, 1'b0};
        end
        if (NP % 3 != 0) begin : g_pass
          assign v[W*(2*NF) +: W*(NP%3)] = g_lvl[l-1].v[W*(3*NF) +: W*(NP%3)];
        end
      end
    end
    if (N == 1) begin : g_one
      assign s_o = g_lvl[0].v;
      assign c_o = {W{1'b0}};
    end else begin : g_two
      assign s_o = g_lvl[NL].v[0 +: W];
      assign c_o = g_lvl[NL].v[W +: W];
    end
  endgenerate
endmodule
