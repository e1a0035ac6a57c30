// Port frame counters (timing.md 4.2): one 64-bit counter per stream port,
// incremented by the transfer of a last beat (counted from the next cycle). A
// command in cycle p copies the counters as they are in p into the snapshot;
// with clear, each counter restarts at p's own transfer.
module port_counters (
  input  logic         clk_i,
  input  logic         rst_i,
  input  logic [3:0]   inc_i,      // {e2h, n2e, e2n, h2e}
  input  logic         cmd_i,
  input  logic         clear_i,
  output logic [255:0] snap_o      // counter i at [64*i +: 64]
);
  logic [255:0] cnt_q, snap_q;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      cnt_q  <= '0;
      snap_q <= '0;
    end else begin
      for (int i = 0; i < 4; i++) begin
        if (cmd_i && clear_i) cnt_q[64*i +: 64] <= 64'(inc_i[i]);
        else                  cnt_q[64*i +: 64] <= cnt_q[64*i +: 64] + 64'(inc_i[i]);
      end
      if (cmd_i) snap_q <= cnt_q;
    end
  end

  assign snap_o = snap_q;
endmodule
