// Fixed delay line of D cycles (D = 0: wire). No reset on purpose: the data
// travels beside a valid bit that has one, and plain shift registers map to
// SRLs.
module eg_delay #(
  parameter int W = 1,
  parameter int D = 1
) (
  input  logic         clk_i,
  input  logic [W-1:0] d_i,
  output logic [W-1:0] q_o
);
  if (D == 0) begin : g_wire
    assign q_o = d_i;
  end else begin : g_sr
    logic [W-1:0] sr_q [D];
    always_ff @(posedge clk_i) begin
      sr_q[0] <= d_i;
      for (int k = 1; k < D; k++) sr_q[k] <= sr_q[k-1];
    end
    assign q_o = sr_q[D-1];
  end
endmodule
