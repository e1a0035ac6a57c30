// Pipelined binary search tree (docs/egress.md section 2), two banks.
// Level l (0..LV-1) is its own block RAM of 2 x 2^l keys (bank = top address
// bit); the leaves are two block RAMs (even and odd leaf index) so that the
// last level's comparison selects between two leaves already read.
//
// Timing, c = the cycle key_i and bank_i are presented:
//   level l reads node (l, i_l) with the address in cycle c+2l (level 0: the
//   bank alone, straight from bank_i), compares in c+2l+1, i_{l+1} is a
//   register in c+2l+2; the last level reads both candidate leaves with its
//   node, so {hit, rule, bank} are registers in cycle c + 2*LV.
// One lookup per cycle. Writes (from egress_regs) go to the inactive bank.
module bst_lookup #(
  parameter int RULES = 4096
) (
  input  logic         clk_i,
  input  logic [185:0] key_i,
  input  logic         bank_i,
  output logic         hit_o,
  output logic [19:0]  rule_o,
  output logic         bank_o,
  // register block side
  input  logic         wr_node_i,
  input  logic         wr_leaf_i,
  input  logic         wr_bank_i,
  input  logic [4:0]   wr_level_i,
  input  logic [19:0]  wr_index_i,
  input  logic [185:0] wr_key_i,
  input  logic [20:0]  wr_leafd_i   // {hit, rule[19:0]}
);
  localparam int LV = $clog2(RULES) + 2;
  localparam int NT = 2 * LV;           // pipeline registers c+1 .. c+2LV

  // per-cycle pipeline: slot t holds the value valid in cycle c+t
  logic [185:0] key_q  [1:NT-1];
  logic         bank_q [1:NT-1];
  logic [LV-1:0] idx_q [1:NT-1];
  logic [185:0] node_d [LV];
  logic         ge     [LV];

  always_ff @(posedge clk_i) begin
    key_q[1]  <= key_i;
    bank_q[1] <= bank_i;
    for (int t = 2; t < NT; t++) begin
      key_q[t]  <= key_q[t-1];
      bank_q[t] <= bank_q[t-1];
    end
  end

  // index: slot 1 = 0 (level 0); odd slots compare, even slots hold i_l
  always_ff @(posedge clk_i) begin
    idx_q[1] <= '0;
    for (int t = 2; t < NT; t++) begin
      if (t % 2 == 0) idx_q[t] <= {idx_q[t-1][LV-2:0], ge[t/2 - 1]};
      else            idx_q[t] <= idx_q[t-1];
    end
  end

  for (genvar l = 0; l < LV; l++) begin : g_level
    logic [185:0] mem [2**(l+1)];
    logic [l:0]   raddr, waddr;
    if (l == 0) begin : g_root
      assign raddr = bank_i;
      assign waddr = wr_bank_i;
    end else begin : g_inner
      assign raddr = {bank_q[2*l], idx_q[2*l][l-1:0]};
      assign waddr = {wr_bank_i, wr_index_i[l-1:0]};
    end
    always_ff @(posedge clk_i) begin
      if (wr_node_i && wr_level_i == 5'(l)) mem[waddr] <= wr_key_i;
      node_d[l] <= mem[raddr];
    end
    assign ge[l] = key_q[2*l + 1] >= node_d[l];
  end

  // leaves: leaf i lives in bank (i & 1) at address {bank, i >> 1}
  logic [20:0]   leaf_even [2**LV];
  logic [20:0]   leaf_odd  [2**LV];
  logic [20:0]   le_d, lo_d;
  logic [LV-1:0] lr_addr, lw_addr;

  assign lr_addr = {bank_q[NT-2], idx_q[NT-2][LV-2:0]};
  assign lw_addr = {wr_bank_i, wr_index_i[LV-1:1]};

  always_ff @(posedge clk_i) begin
    if (wr_leaf_i && !wr_index_i[0]) leaf_even[lw_addr] <= wr_leafd_i;
    le_d <= leaf_even[lr_addr];
  end
  always_ff @(posedge clk_i) begin
    if (wr_leaf_i && wr_index_i[0]) leaf_odd[lw_addr] <= wr_leafd_i;
    lo_d <= leaf_odd[lr_addr];
  end

  logic [20:0] leaf_q;
  logic        lbank_q;
  always_ff @(posedge clk_i) begin
    leaf_q  <= ge[LV-1] ? lo_d : le_d;
    lbank_q <= bank_q[NT-1];
  end

  assign hit_o  = leaf_q[20];
  assign rule_o = leaf_q[19:0];
  assign bank_o = lbank_q;

  logic unused_w;
  assign unused_w = ^{wr_index_i[19:LV], idx_q[NT-1][LV-1], idx_q[NT-2][LV-1]};
endmodule
