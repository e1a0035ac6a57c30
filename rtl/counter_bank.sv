// A counter bank (timing.md 4.1): one 128-bit row {bytes, pkts} per counter
// in block RAM (reason banks: row {func, reason}; rule bank: row = rule),
// updated read-modify-write:
//   cycle n   event issued, RAM read of its row;
//   cycle n+1 (stage 1) new value = forwarded/read value + increment;
//   cycle n+2 (stage 2) the row is written at the end of the cycle.
// Stage 1 forwards from the two writes its RAM read could not see (stage 2,
// and the one written in the previous cycle), so back-to-back events to one
// row all count.
// A snapshot is a pseudo-event with increment 0 (and value 0 with clear) that
// enters the pipeline in the first cycle s-1 >= p with no real event, using
// the free read port: taken "at s", it sees every event issued before s, and
// an event issued at s or later forwards from it. Its value is on snap_*_o
// with snap_valid_o in cycle s+1.
module counter_bank #(
  parameter int ROWS  = 65 * 32,
  parameter int BYTES = 8,
  parameter int AW    = $clog2(ROWS)
) (
  input  logic             clk_i,
  input  logic             rst_i,
  input  logic             ev_valid_i,
  input  logic [AW-1:0]    ev_row_i,
  input  logic [31:0]      ev_base_i,
  input  logic [BYTES-1:0] ev_keep_i,
  input  logic             snap_cmd_i,      // CNT_CMD performs (cycle p)
  input  logic [AW-1:0]    snap_row_i,
  input  logic             snap_clear_i,
  output logic             snap_valid_o,
  output logic [63:0]      snap_pkts_o,
  output logic [63:0]      snap_bytes_o
);
  localparam int KW = $clog2(BYTES + 1);

  (* ram_style = "block" *) logic [127:0] mem_q [ROWS];

  // RAM starts at zero (FPGA init / simulation); see the report on reset.
  initial begin
    for (int i = 0; i < ROWS; i++) mem_q[i] = '0;
  end

  // ---------------------------------------------------------------- issue
  logic          pend_q, pend, snap_go, clr_sel, clr_q;
  logic [AW-1:0] saddr_q, saddr_sel, rd_addr;

  always_comb begin
    pend      = pend_q | snap_cmd_i;
    saddr_sel = snap_cmd_i ? snap_row_i : saddr_q;
    clr_sel   = snap_cmd_i ? snap_clear_i : clr_q;
    snap_go   = pend & ~ev_valid_i;
    rd_addr   = ev_valid_i ? ev_row_i : saddr_sel;
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) pend_q <= 1'b0;
    else       pend_q <= pend & ~snap_go;
  end

  always_ff @(posedge clk_i) begin
    if (snap_cmd_i) begin
      saddr_q <= snap_row_i;
      clr_q   <= snap_clear_i;
    end
  end

  // ---------------------------------------------------------------- stage 1
  logic             v1_q, s1_q, c1_q;
  logic [AW-1:0]    a1_q;
  logic [31:0]      base1_q;
  logic [BYTES-1:0] keep1_q;
  logic [127:0]     rd_q;

  always_ff @(posedge clk_i) begin
    if (rst_i) v1_q <= 1'b0;
    else       v1_q <= ev_valid_i | snap_go;
  end

  always_ff @(posedge clk_i) begin
    s1_q    <= ~ev_valid_i;   // meaningful only with v1_q
    c1_q    <= clr_sel;
    a1_q    <= rd_addr;
    base1_q <= ev_base_i;
    keep1_q <= ev_keep_i;
  end

  logic [KW-1:0] nbytes;
  keep_count #(.BYTES(BYTES)) u_cnt (.keep_i(keep1_q), .count_o(nbytes));

  logic          v2_q, s2_q, v3_q;
  logic [AW-1:0] a2_q, a3_q;
  logic [127:0]  n2_q, n3_q, cur2_q;
  logic [127:0]  cur, nxt;

  always_comb begin
    if (v2_q && a2_q == a1_q)      cur = n2_q;
    else if (v3_q && a3_q == a1_q) cur = n3_q;
    else                           cur = rd_q;
    if (s1_q) nxt = c1_q ? 128'h0 : cur;
    else      nxt = {cur[127:64] + 64'(base1_q) + 64'(nbytes), cur[63:0] + 64'd1};
  end

  // ---------------------------------------------------------------- stage 2
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      v2_q <= 1'b0;
      v3_q <= 1'b0;
    end else begin
      v2_q <= v1_q;
      v3_q <= v2_q;
    end
  end

  always_ff @(posedge clk_i) begin
    s2_q   <= s1_q;
    a2_q   <= a1_q;
    n2_q   <= nxt;
    cur2_q <= cur;
    a3_q   <= a2_q;
    n3_q   <= n2_q;
  end

  // block RAM: registered read every cycle, write from stage 2
  always_ff @(posedge clk_i) begin
    if (v2_q) mem_q[a2_q] <= n2_q;
    rd_q <= mem_q[rd_addr];
  end

  assign snap_valid_o = v2_q & s2_q;
  assign snap_pkts_o  = cur2_q[63:0];
  assign snap_bytes_o = cur2_q[127:64];
endmodule
