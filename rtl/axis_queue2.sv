// Two-beat output queue (timing.md 3.4): tvalid = used > 0, data = head; a
// push in n is visible in n+1, a pop in n frees its slot for n+1, both may
// happen in one cycle. Producers push only when used_o < 2.
module axis_queue2 #(
  parameter int W = 8
) (
  input  logic         clk_i,
  input  logic         rst_i,
  input  logic         push_i,
  input  logic [W-1:0] push_data_i,
  input  logic         pop_i,
  output logic         valid_o,
  output logic [W-1:0] data_o,
  output logic [1:0]   used_o
);
  logic [W-1:0] s0_q, s0_d, s1_q, s1_d;
  logic [1:0]   cnt_q, cnt_d, cnt_pop;
  logic         pop;

  assign valid_o = cnt_q != 2'd0;
  assign data_o  = s0_q;
  assign used_o  = cnt_q;

  always_comb begin
    pop     = pop_i & valid_o;
    cnt_pop = cnt_q - 2'(pop);
    s0_d    = pop ? s1_q : s0_q;
    s1_d    = s1_q;
    if (push_i) begin
      if (cnt_pop == 2'd0) s0_d = push_data_i;
      else                 s1_d = push_data_i;
    end
    cnt_d = cnt_pop + 2'(push_i);
  end

  // data registers are reset too so idle outputs are deterministic (0)
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      cnt_q <= '0;
      s0_q  <= '0;
      s1_q  <= '0;
    end else begin
      cnt_q <= cnt_d;
      s0_q  <= s0_d;
      s1_q  <= s1_d;
    end
  end
endmodule
