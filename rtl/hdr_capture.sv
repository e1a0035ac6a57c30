// Header window of a path (timing.md 3.2). Copies the first HDR bytes of each
// frame into a register as its beats are accepted. The first beat clears the
// rest of the window so bytes past a short frame's end read 0 (input data is
// already zeroed where tkeep is 0). valid_o pulses in cycle d+1 for a
// decision point d; window_o/user_o/len_o hold that frame's values during d+1
// (the next frame's first beat, accepted in d+1, overwrites them only at the
// end of d+1).
module hdr_capture #(
  parameter int DATA_W = 64,
  parameter int HDR    = 128,
  parameter int BYTES  = DATA_W / 8,
  parameter int NB     = HDR / BYTES
) (
  input  logic              clk_i,
  input  logic              rst_i,
  input  logic              beat_i,       // a beat is accepted this cycle
  input  logic [DATA_W-1:0] data_i,
  input  logic [BYTES-1:0]  keep_i,
  input  logic              last_i,
  input  logic [127:0]      user_i,
  output logic              valid_o,
  output logic [HDR*8-1:0]  window_o,
  output logic [127:0]      user_o,
  output logic              len_known_o,
  output logic [15:0]       len_o
);
  localparam int IW = $clog2(NB + 1);
  localparam int KW = $clog2(BYTES + 1);

  logic [HDR*8-1:0] win_q;
  logic [127:0]     user_q;
  logic [IW-1:0]    idx_q;
  logic             first_q, valid_q, known_q;
  logic [15:0]      len_q;
  logic [KW-1:0]    nbytes;
  logic             dp;

  keep_count #(.BYTES(BYTES)) u_cnt (.keep_i(keep_i), .count_o(nbytes));

  // decision point: the beat holding byte HDR-1, or the last beat if earlier
  assign dp = beat_i & (idx_q < IW'(NB)) & (last_i | (idx_q == IW'(NB - 1)));

  assign valid_o     = valid_q;
  assign window_o    = win_q;
  assign user_o      = user_q;
  assign len_known_o = known_q;
  assign len_o       = len_q;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      idx_q   <= '0;
      first_q <= 1'b1;
      valid_q <= 1'b0;
      known_q <= 1'b0;
      len_q   <= '0;
    end else begin
      valid_q <= dp;
      if (dp) begin
        known_q <= last_i;
        len_q   <= 16'(idx_q) * 16'(BYTES) + 16'(nbytes);
      end
      if (beat_i) begin
        first_q <= last_i;
        if (last_i)                  idx_q <= '0;
        else if (idx_q < IW'(NB))    idx_q <= idx_q + 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (beat_i && first_q) user_q <= user_i;
  end

  for (genvar i = 0; i < NB; i++) begin : g_slot
    always_ff @(posedge clk_i) begin
      if (beat_i && idx_q == IW'(i))       win_q[i*DATA_W +: DATA_W] <= data_i;
      else if (beat_i && first_q)          win_q[i*DATA_W +: DATA_W] <= '0;
    end
  end
endmodule
