`include "vnr_regs.svh"
// The ingress key (docs/ingress.md section 2): collator c copies
// h[off_c .. off_c + len_c) to K[pos_c ..), pos_c = len_0 + .. + len_{c-1};
// the rest of K is 0; M = K & mask. short: the length is known and a collator
// with len_c > 0 reaches past the frame end.
//
// Three stages, c = the cycle of the window (d+1); the collators are taken
// in c and the mask as it was in c (delayed beside the data), so a key commit
// performing in m is whole for a frame with c = m+1 and absent before:
//   c    per collator: window >> 8*off_c, low KEY_BYTES bytes (barrel shift);
//        keep-mask (bytes below len_c) and pos_c; the short flag
//   c+1  per collator: bytes at or past len_c cleared, << 8*pos_c
//   c+2  key_o: OR of the four (their byte ranges never overlap) AND the
//        mask, one LUT level from registers, so the user can start the
//        CRC in the same cycle; short_o is a register in c+2.
module ingress_key #(
  parameter int HDR = 256
) (
  input  logic             clk_i,
  input  logic [HDR*8-1:0] window_i,
  input  logic             len_known_i,
  input  logic [15:0]      len_i,
  input  logic [63:0]      coll_i,     // collator c: off [16c +: 8], len [16c+8 +: 8]
  input  logic [1023:0]    mask_i,     // mask byte j at [8j +: 8]
  output logic [1023:0]    key_o,      // M, byte j at [8j +: 8]
  output logic             short_o
);
  localparam int KB = `VNR_KEY_BYTES;
  localparam int KW = KB * 8;

  // ---------------------------------------------------------------- c
  logic [7:0]       off [4];
  logic [7:0]       len [4];
  logic [7:0]       pos [4];
  logic [HDR*8-1:0] shr [4];
  logic [KB-1:0]    keep [4];
  logic [7:0]       run;
  logic             shrt;

  always_comb begin
    run  = 8'd0;
    shrt = 1'b0;
    for (int c = 0; c < 4; c++) begin
      off[c]  = coll_i[16*c +: 8];
      len[c]  = coll_i[16*c + 8 +: 8];
      pos[c]  = run;
      run     = run + len[c];
      shr[c]  = window_i >> {off[c], 3'b000};
      for (int j = 0; j < KB; j++) keep[c][j] = 9'(j) < {1'b0, len[c]};
      if (len_known_i && len[c] != 8'd0 && 17'(off[c]) + 17'(len[c]) > 17'(len_i)) shrt = 1'b1;
    end
  end

  logic [KW-1:0]   k1_r [4];
  logic [KB-1:0]   k1_keep [4];
  logic [7:0]      k1_pos [4];
  logic [1023:0]   k1_mask, k2_mask;
  logic            k1_short, k2_short;

  always_ff @(posedge clk_i) begin
    for (int c = 0; c < 4; c++) begin
      k1_r[c]    <= shr[c][KW-1:0];
      k1_keep[c] <= keep[c];
      k1_pos[c]  <= pos[c];
    end
    k1_mask  <= mask_i;
    k1_short <= shrt;
  end

  // ---------------------------------------------------------------- c+1
  logic [KW-1:0] cut [4];
  logic [KW-1:0] k2_l [4];

  always_comb begin
    for (int c = 0; c < 4; c++) begin
      for (int j = 0; j < KB; j++) cut[c][8*j +: 8] = k1_r[c][8*j +: 8] & {8{k1_keep[c][j]}};
    end
  end

  always_ff @(posedge clk_i) begin
    for (int c = 0; c < 4; c++) k2_l[c] <= cut[c] << {k1_pos[c], 3'b000};
    k2_mask  <= k1_mask;
    k2_short <= k1_short;
  end

  // ---------------------------------------------------------------- c+2
  assign key_o   = (k2_l[0] | k2_l[1] | k2_l[2] | k2_l[3]) & k2_mask;
  assign short_o = k2_short;

  logic unused_shr;
  always_comb begin
    unused_shr = 1'b0;
    for (int c = 0; c < 4; c++) unused_shr = unused_shr ^ (^shr[c][HDR*8-1:KW]);
  end
endmodule
