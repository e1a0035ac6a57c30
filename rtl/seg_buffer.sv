// Beat buffer of the TSO segmenter (timing.md 3.7): DEPTH beats in two block
// RAMs (even and odd beat addresses, one write and one registered read port
// each), so the emitter reads two consecutive beats a cycle at any address:
// ra_i (the next-state address) is read at the clock edge and rd0_o/rd1_o hold
// beats ra and ra+1 in the following cycle. A beat written at the same edge
// is forwarded from a register (the RAMs read old data first).
module seg_buffer #(
  parameter int W     = 73,
  parameter int DEPTH = 4096,          // beats, a power of two
  parameter int AW    = $clog2(DEPTH)
) (
  input  logic          clk_i,
  input  logic          we_i,
  input  logic [AW-1:0] wa_i,
  input  logic [W-1:0]  wd_i,
  input  logic [AW-1:0] ra_i,
  output logic [W-1:0]  rd0_o,
  output logic [W-1:0]  rd1_o
);
  localparam int HW = AW - 1;

  (* ram_style = "block" *) logic [W-1:0] mem0_q [DEPTH/2];
  (* ram_style = "block" *) logic [W-1:0] mem1_q [DEPTH/2];

  logic [W-1:0]  q0_q, q1_q, lw_d_q;
  logic [AW-1:0] ra_q, lw_a_q, ra1, ra_q1;
  logic          lw_v_q;
  logic [HW-1:0] a0, a1;

  assign ra1 = ra_i + 1'b1;
  // bank 0 holds the even beat of the pair, bank 1 the odd one
  assign a0  = ra_i[0] ? ra1[AW-1:1] : ra_i[AW-1:1];
  assign a1  = ra_i[AW-1:1];

  always_ff @(posedge clk_i) begin
    if (we_i && !wa_i[0]) mem0_q[wa_i[AW-1:1]] <= wd_i;
    q0_q <= mem0_q[a0];
  end

  always_ff @(posedge clk_i) begin
    if (we_i && wa_i[0]) mem1_q[wa_i[AW-1:1]] <= wd_i;
    q1_q <= mem1_q[a1];
  end

  always_ff @(posedge clk_i) begin
    ra_q   <= ra_i;
    lw_v_q <= we_i;
    lw_a_q <= wa_i;
    lw_d_q <= wd_i;
  end

  assign ra_q1 = ra_q + 1'b1;
  always_comb begin
    rd0_o = ra_q[0] ? q1_q : q0_q;
    rd1_o = ra_q[0] ? q0_q : q1_q;
    if (lw_v_q && lw_a_q == ra_q)  rd0_o = lw_d_q;
    if (lw_v_q && lw_a_q == ra_q1) rd1_o = lw_d_q;
  end

  logic unused_ra;
  assign unused_ra = ra1[0];
endmodule
