// VF table (layout vfent), one entry per function, entry 0 unused. Block RAM
// with two ports: A reads for lookups (registered, read-first against a
// commit in the same cycle), B writes a commit or reads a load for the
// register block. Data of a read in cycle n is on the output in n+1.
module vf_table #(
  parameter int NUM_VF = 64
) (
  input  logic          clk_i,
  input  logic [7:0]    lk_func_i,
  output logic [543:0]  lk_data_o,
  input  logic          wr_i,
  input  logic [7:0]    rw_func_i,
  input  logic [543:0]  wr_data_i,
  output logic [543:0]  ld_data_o
);
  localparam int AW = $clog2(NUM_VF + 1);

  (* ram_style = "block" *) logic [543:0] mem [2**AW];
  logic [AW-1:0] a_addr, b_addr;

  assign a_addr = lk_func_i[AW-1:0];
  assign b_addr = rw_func_i[AW-1:0];

  always_ff @(posedge clk_i) begin
    lk_data_o <= mem[a_addr];
  end

  always_ff @(posedge clk_i) begin
    if (wr_i) mem[b_addr] <= wr_data_i;
    ld_data_o <= mem[b_addr];
  end

  if (AW < 8) begin : g_unused
    logic unused_hi;
    assign unused_hi = ^{lk_func_i[7:AW], rw_func_i[7:AW]};
  end
endmodule
