// Ingress rule table (docs/ingress.md sections 2 and 7): RULES/4 buckets x
// 4 ways, slot = bucket * 4 + way. One block RAM per way, RULES/4 deep, one
// row per slot (W = 1158 bits):
//   [1023:0]     stored key, byte j at [8j +: 8]
//   [1024]       valid      [1026:1025] action   [1027] kshort
//   [1029:1028]  profile    [1037:1030] vf       [1045:1038] ttl_dec
//   [1157:1046]  inner Ethernet header as sent: dmac 0..5, smac 0..5,
//                inner_type (hi, lo); byte n at [1046 + 8n +: 8]
// Port A reads the bucket of a lookup, all four ways at once: the address in
// cycle n, the row in the RAM's output latch in n+1 and on lk_data_o from
// the output register (block RAM DO_REG) in n+2. Port B writes a commit into
// one way or reads a slot for a load (ld_data_o in n+1). A write and a
// lookup read of the same row in one cycle: the read gets the old row (the
// write lands for reads from the next cycle on), which is what ingress_regs
// relies on.
// No reset: block RAM powers up as zeros (every slot empty), like the egress
// tables.
module irule_table #(
  parameter int RULES = 4096,
  parameter int W     = 1158
) (
  input  logic           clk_i,
  input  logic [19:0]    lk_bucket_i,
  output logic [4*W-1:0] lk_data_o,    // way w at [W*w +: W]
  input  logic           wr_i,
  input  logic [19:0]    rw_slot_i,
  input  logic [W-1:0]   wr_data_i,
  output logic [W-1:0]   ld_data_o
);
  localparam int AW = (RULES > 4) ? $clog2(RULES / 4) : 1;
  localparam int NB = (RULES > 4) ? RULES / 4 : 2;

  logic [AW-1:0] a_addr, b_addr;
  logic [1:0]    way_q;
  logic [4*W-1:0] ld_w;

  assign a_addr = (RULES > 4) ? lk_bucket_i[AW-1:0] : '0;
  assign b_addr = (RULES > 4) ? rw_slot_i[AW+1:2] : '0;

  for (genvar w = 0; w < 4; w++) begin : g_way
    (* ram_style = "block" *) logic [W-1:0] mem [NB];
    logic [W-1:0] a_q, a_q2, b_q;

    always_ff @(posedge clk_i) begin
      a_q <= mem[a_addr];
    end
    always_ff @(posedge clk_i) begin
      a_q2 <= a_q;
    end

    always_ff @(posedge clk_i) begin
      if (wr_i && rw_slot_i[1:0] == 2'(w)) mem[b_addr] <= wr_data_i;
      b_q <= mem[b_addr];
    end

    assign lk_data_o[W*w +: W] = a_q2;
    assign ld_w[W*w +: W] = b_q;
  end

  always_ff @(posedge clk_i) way_q <= rw_slot_i[1:0];
  assign ld_data_o = ld_w[W*way_q +: W];

  logic unused_hi;
  assign unused_hi = ^{lk_bucket_i, rw_slot_i};
endmodule
