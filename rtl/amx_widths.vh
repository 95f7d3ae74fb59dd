// Widths fixed by the block format (docs/numerics.md §5-§6), defined once so
// that the units of one block product cannot disagree on them.
`ifndef AMX_WIDTHS_VH
`define AMX_WIDTHS_VH

// Scale bytes per block: AMXFP4 stores s+ and s-.
`define AMX_NS(asym) (((asym) != 0) ? 2 : 1)
// Bits of one block on an operand port: scale bytes, then N 4-bit codes.
`define AMX_BW(asym, n) (8 * `AMX_NS(asym) + 4 * (n))
// Signed class sum P_c: |P_c| <= 144 N quarters.
`define AMX_PW(n) ($clog2(144 * (n) + 1) + 1)
// Significand bits of a decoded scale: E8M0 1, E4M3 4, E5M2 3.
`define AMX_SG(fmt) (((fmt) == 0) ? 1 : ((fmt) == 1) ? 4 : 3)
// Signed class term P_c x (significand of S_c).
`define AMX_TW(n, fa, fb) (`AMX_PW(n) + `AMX_SG(fa) + `AMX_SG(fb))
// Exponent spread of one asymmetric side's two FP8 scales: E4M3 LSB
// exponents span -9..5, E5M2 -16..13.
`define AMX_SPREAD(asym, fmt) (((asym) == 0) ? 0 : ((fmt) == 1) ? 14 : 29)
// Exponent range of one side's scale LSBs over independent blocks (a unit
// of several lanes aligns terms of different blocks): E8M0 -127..127,
// E4M3 -9..5, E5M2 -16..13.
`define AMX_SPREAD_ALL(fmt) (((fmt) == 0) ? 254 : ((fmt) == 1) ? 14 : 29)
// Guard bits of the `window` discipline below the leading class's quantum
// (golden: kWindowGuardBits).
`define AMX_WIN_G 16

`endif
