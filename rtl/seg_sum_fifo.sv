// First-word-fall-through FIFO in block RAM (the TSO segmenter's payload
// sums, one per segment, in segment order). A word pushed in cycle n is at the
// head from n+2 on; it sustains one push and one pop a cycle. Storage: the
// RAM, its registered read (rd) and a 2-entry output queue (oq); a read is
// issued only when the words visible after this cycle's pop leave room for it.
module seg_sum_fifo #(
  parameter int W     = 16,
  parameter int DEPTH = 32768,         // a power of two
  parameter int AW    = $clog2(DEPTH)
) (
  input  logic         clk_i,
  input  logic         rst_i,
  input  logic         push_i,
  input  logic [W-1:0] push_data_i,
  input  logic         pop_i,           // only when valid_o
  output logic         valid_o,
  output logic [W-1:0] data_o
);
  (* ram_style = "block" *) logic [W-1:0] mem_q [DEPTH];

  logic [AW-1:0] wp_q, rp_q;
  logic [AW:0]   mcnt_q;
  logic          rdv_q;
  logic [W-1:0]  rd_q, oq0_q, oq1_q, n0, n1;
  logic [1:0]    oc_q, vc, rem;
  logic          issue;

  assign valid_o = (oc_q != 2'd0) | rdv_q;
  assign data_o  = (oc_q != 2'd0) ? oq0_q : rd_q;

  always_comb begin
    vc    = oc_q + 2'(rdv_q);
    rem   = vc - 2'(pop_i);
    issue = (mcnt_q != '0) & (rem <= 2'd1);
    // visible words oq0, oq1, rd (first vc of them); drop the popped one
    n0 = oq0_q;
    n1 = oq1_q;
    if (pop_i) begin
      n0 = (oc_q == 2'd2) ? oq1_q : rd_q;
      n1 = rd_q;
    end else if (oc_q == 2'd0) begin
      n0 = rd_q;
    end else if (oc_q == 2'd1) begin
      n1 = rd_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      wp_q   <= '0;
      rp_q   <= '0;
      mcnt_q <= '0;
      rdv_q  <= 1'b0;
      oc_q   <= '0;
    end else begin
      wp_q   <= wp_q + AW'(push_i);
      rp_q   <= rp_q + AW'(issue);
      mcnt_q <= mcnt_q + (AW+1)'(push_i) - (AW+1)'(issue);
      rdv_q  <= issue;
      oc_q   <= rem;
    end
  end

  always_ff @(posedge clk_i) begin
    oq0_q <= n0;
    oq1_q <= n1;
  end

  always_ff @(posedge clk_i) begin
    if (push_i) mem_q[wp_q] <= push_data_i;
    if (issue) rd_q <= mem_q[rp_q];
  end
endmodule
