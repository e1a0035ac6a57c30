// Rule action entries with their 128-byte templates (layout rule), two
// banks; bank is the top address bit. Block RAM with two ports: A reads for
// lookups in the bank the frame sampled, B writes a commit or reads a load,
// always in the inactive bank (egress_regs refuses the rest), so the two
// ports never touch the same entry while a lookup may read it.
module rule_table #(
  parameter int RULES = 4096
) (
  input  logic          clk_i,
  input  logic          lk_bank_i,
  input  logic [19:0]   lk_rule_i,
  output logic [1183:0] lk_data_o,
  input  logic          wr_i,
  input  logic          rw_bank_i,
  input  logic [19:0]   rw_rule_i,
  input  logic [1183:0] wr_data_i,
  output logic [1183:0] ld_data_o
);
  localparam int IW = $clog2(RULES);

  logic [1183:0] mem [2**(IW+1)];
  logic [IW:0]   a_addr, b_addr;

  assign a_addr = {lk_bank_i, lk_rule_i[IW-1:0]};
  assign b_addr = {rw_bank_i, rw_rule_i[IW-1:0]};

  always_ff @(posedge clk_i) begin
    lk_data_o <= mem[a_addr];
  end

  always_ff @(posedge clk_i) begin
    if (wr_i) mem[b_addr] <= wr_data_i;
    ld_data_o <= mem[b_addr];
  end

  logic unused_hi;
  assign unused_hi = ^{lk_rule_i[19:IW], rw_rule_i[19:IW]};
endmodule
