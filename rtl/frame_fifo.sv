// Frame FIFO of one path (timing.md 3.1, 3.3). The reader sees the head beat
// and the one after it and releases 0, 1 or 2 beats a cycle, so storage is
// two block RAMs (even and odd beats, one registered read each): two
// consecutive beats can be read in one cycle whatever the alignment.
// The beats the reader can see, oldest first, are
//   q   : up to 2 beats kept from earlier cycles (registers),
//   a   : up to 2 beats read from the RAMs in the previous cycle (the RAMs'
//         own read registers),
//   bp  : 1 beat pushed in the previous cycle straight past empty RAMs,
// and there are never more than 2 of them. Reads are issued so that at
// cycle n the reader sees min(2, used(n)) beats: a beat accepted in cycle n
// is visible from n+1, a beat released in n is gone for n+1. used_o is the
// exact logical beat count the contract's tready is computed from.
module frame_fifo #(
  parameter int WIDTH = 73,
  parameter int DEPTH = 2048,          // beats, even
  parameter int AW    = $clog2(DEPTH),
  parameter int CW    = $clog2(DEPTH + 1)
) (
  input  logic             clk_i,
  input  logic             rst_i,
  input  logic             push_i,
  input  logic [WIDTH-1:0] push_data_i,
  output logic [1:0]       vis_o,      // beats visible: head (and next when 2)
  output logic [WIDTH-1:0] head_o,
  output logic [WIDTH-1:0] next_o,
  input  logic [1:0]       pop_i,      // beats released this cycle, <= vis_o
  output logic [CW-1:0]    used_o
);
  localparam int HW = AW - 1;          // address bits of one bank

  (* ram_style = "block" *) logic [WIDTH-1:0] mem0_q [DEPTH/2];
  (* ram_style = "block" *) logic [WIDTH-1:0] mem1_q [DEPTH/2];

  logic [WIDTH-1:0] q0_q, q1_q, bp_q, rd0_q, rd1_q;
  logic [1:0]       qc_q, ac_q;
  logic             bc_q, a_odd_q;      // a_odd_q: the first beat read sits in bank 1
  logic [AW-1:0]    wptr_q, rptr_q;
  logic [CW-1:0]    mcnt_q, used_q;

  // ---------------------------------------------------------------- visible beats
  logic [WIDTH-1:0] a0, a1, v0, v1;
  logic [2:0]       vc;

  always_comb begin
    a0 = a_odd_q ? rd1_q : rd0_q;
    a1 = a_odd_q ? rd0_q : rd1_q;
    vc = 3'(qc_q) + 3'(ac_q) + 3'(bc_q);
    // first two of q ++ a ++ bp
    case (qc_q)
      2'd2:    begin v0 = q0_q; v1 = q1_q; end
      2'd1:    begin v0 = q0_q; v1 = (ac_q != 2'd0) ? a0 : bp_q; end
      default: begin
        if (ac_q != 2'd0) begin v0 = a0; v1 = (ac_q == 2'd2) ? a1 : bp_q; end
        else              begin v0 = bp_q; v1 = bp_q; end
      end
    endcase
  end

  assign vis_o  = vc[1:0];          // never more than 2
  logic unused_vc;
  assign unused_vc = vc[2];
  assign head_o = v0;
  assign next_o = v1;
  assign used_o = used_q;

  // ---------------------------------------------------------------- next state
  logic [1:0]       keep_n, rd_n, pop;
  logic [WIDTH-1:0] k0, k1;
  logic             byp, mem_we, re0, re1;
  logic [AW-1:0]    rp1;

  always_comb begin
    pop    = (pop_i > vc[1:0]) ? vc[1:0] : pop_i;
    keep_n = vc[1:0] - pop;               // visible beats that stay
    k0     = (pop == 2'd0) ? v0 : v1;      // they move into q
    k1     = v1;
    // read what is needed to see two beats again (or all there are)
    if (keep_n >= 2'd2)            rd_n = 2'd0;
    else if (mcnt_q >= CW'(2'd2) - CW'(keep_n)) rd_n = 2'd2 - keep_n;
    else                           rd_n = 2'(mcnt_q);
    // a push goes past the RAMs only when they are (becoming) empty and the
    // visible beats are short of two
    byp    = push_i & (mcnt_q == CW'(rd_n)) & (3'(keep_n) + 3'(rd_n) < 3'd2);
    mem_we = push_i & ~byp;
    rp1    = rptr_q + 1'b1;
    re0    = (rd_n != 2'd0 && !rptr_q[0]) || (rd_n == 2'd2 && !rp1[0]);
    re1    = (rd_n != 2'd0 &&  rptr_q[0]) || (rd_n == 2'd2 &&  rp1[0]);
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      qc_q    <= '0;
      ac_q    <= '0;
      bc_q    <= 1'b0;
      a_odd_q <= 1'b0;
      wptr_q  <= '0;
      rptr_q  <= '0;
      mcnt_q  <= '0;
      used_q  <= '0;
    end else begin
      qc_q    <= keep_n;
      ac_q    <= rd_n;
      bc_q    <= byp;
      a_odd_q <= rptr_q[0];
      wptr_q  <= wptr_q + AW'(mem_we);
      rptr_q  <= rptr_q + AW'(rd_n);
      mcnt_q  <= mcnt_q + CW'(mem_we) - CW'(rd_n);
      used_q  <= used_q + CW'(push_i) - CW'(pop);
    end
  end

  // data registers: no reset needed (qualified by the counts)
  always_ff @(posedge clk_i) begin
    q0_q <= k0;
    q1_q <= k1;
    if (byp) bp_q <= push_data_i;
  end

  // two block RAMs: one write port, one registered read port with enable each.
  // A read needs mcnt > 0 and a write needs room, so pointers never collide.
  logic [HW-1:0] ra0, ra1;
  assign ra0 = rptr_q[0] ? rp1[AW-1:1] : rptr_q[AW-1:1];
  assign ra1 = rptr_q[AW-1:1];

  always_ff @(posedge clk_i) begin
    if (mem_we && !wptr_q[0]) mem0_q[wptr_q[AW-1:1]] <= push_data_i;
    if (re0) rd0_q <= mem0_q[ra0];
  end

  always_ff @(posedge clk_i) begin
    if (mem_we && wptr_q[0]) mem1_q[wptr_q[AW-1:1]] <= push_data_i;
    if (re1) rd1_q <= mem1_q[ra1];
  end
endmodule
