// Frame FIFO of one path (timing.md 3.1). Storage is a plain block RAM with a
// registered read; two registers in front of the consumer make it
// first-word-fall-through with no added latency:
//   o_q : bypass register, written straight from the input when nothing older
//         is left, so a beat accepted in cycle n is the head in n+1;
//   r_q : the RAM's own read register, refilled while the consumer drains.
// Order is always o_q (oldest), r_q, RAM. used_o is the logical beat count the
// contract's tready is computed from.
module frame_fifo #(
  parameter int WIDTH = 73,
  parameter int DEPTH = 2048,
  parameter int AW    = $clog2(DEPTH),
  parameter int CW    = $clog2(DEPTH + 1)
) (
  input  logic             clk_i,
  input  logic             rst_i,
  input  logic             push_i,
  input  logic [WIDTH-1:0] push_data_i,
  output logic             head_valid_o,
  output logic [WIDTH-1:0] head_data_o,
  input  logic             pop_i,
  output logic [CW-1:0]    used_o
);
  (* ram_style = "block" *) logic [WIDTH-1:0] mem_q [DEPTH];
  logic [WIDTH-1:0] o_q, r_q;
  logic             o_v_q, o_v_d, r_v_q, r_v_d;
  logic [AW-1:0]    wptr_q, rptr_q;
  logic [CW-1:0]    mcnt_q, mcnt_d, used_q, used_d;
  logic             pop_any, pop_o, pop_r, older_left, bypass, mem_we, mem_re;

  assign head_valid_o = o_v_q | r_v_q;
  assign head_data_o  = o_v_q ? o_q : r_q;
  assign used_o       = used_q;

  always_comb begin
    pop_any    = pop_i & head_valid_o;
    pop_o      = pop_i & o_v_q;
    pop_r      = pop_i & ~o_v_q & r_v_q;
    // anything that stays ahead of a new beat after this cycle
    older_left = (o_v_q & ~pop_o) | (r_v_q & ~pop_r) | (mcnt_q != '0);
    bypass     = push_i & ~older_left;
    mem_we     = push_i & older_left;
    // refill the read register whenever it is (becoming) empty
    mem_re     = (mcnt_q != '0) & (~r_v_q | pop_r);
    o_v_d      = bypass | (o_v_q & ~pop_o);
    r_v_d      = mem_re | (r_v_q & ~pop_r);
    mcnt_d     = mcnt_q + CW'(mem_we) - CW'(mem_re);
    used_d     = used_q + CW'(push_i) - CW'(pop_any);
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      o_v_q  <= 1'b0;
      r_v_q  <= 1'b0;
      wptr_q <= '0;
      rptr_q <= '0;
      mcnt_q <= '0;
      used_q <= '0;
    end else begin
      o_v_q  <= o_v_d;
      r_v_q  <= r_v_d;
      wptr_q <= wptr_q + AW'(mem_we);
      rptr_q <= rptr_q + AW'(mem_re);
      mcnt_q <= mcnt_d;
      used_q <= used_d;
    end
  end

  // bypass register: data only, no reset needed (qualified by o_v_q)
  always_ff @(posedge clk_i) begin
    if (bypass) o_q <= push_data_i;
  end

  // block RAM: one write port, one registered read port with enable. The
  // pointers never collide (a read needs mcnt > 0, a write needs room).
  always_ff @(posedge clk_i) begin
    if (mem_we) mem_q[wptr_q] <= push_data_i;
    if (mem_re) r_q <= mem_q[rptr_q];
  end
endmodule
