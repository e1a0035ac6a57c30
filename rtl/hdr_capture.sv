`include "vnr_regs.svh"
// Header window of a path (timing.md 3.2). Copies the first HDR bytes of each
// frame into a register as its beats are accepted. The first beat clears the
// rest of the window so bytes past a short frame's end read 0 (input data is
// already zeroed where tkeep is 0). valid_o pulses in cycle d+1 for a
// decision point d; window_o/user_o/len_o/too_big_o/sum_o hold that frame's
// values during d+1 (the next frame's first beat, accepted in d+1, overwrites
// them only at the end of d+1).
// SAF = 0 (ingress, cut-through): d is the beat holding byte HDR-1 or the
// last beat if earlier; len_known_o says the frame ended within the window.
// SAF = 1 (egress, store and forward): d is the last beat, or the beat with
// which the accepted bytes exceed MAX_EG_FRAME (too_big_o; the rest of that
// frame makes no second decision point). sum_o is the ones' complement sum of
// the frame as big-endian 16-bit words from byte 0 (BYTES is even, so every
// beat starts on a word and a short last beat is padded with 0 bytes).
module hdr_capture #(
  parameter int DATA_W = 64,
  parameter int HDR    = 128,
  parameter bit SAF    = 1'b0,
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
  output logic [16:0]       len_o,
  output logic              too_big_o,
  output logic [15:0]       sum_o
);
  localparam int IW = $clog2(NB + 1);
  localparam int KW = $clog2(BYTES + 1);
  localparam int NW = BYTES / 2;
  localparam int SW = 16 + $clog2(NW + 1);

  logic [HDR*8-1:0] win_q;
  logic [127:0]     user_q;
  logic [IW-1:0]    idx_q;
  logic             first_q, valid_q, known_q, big_q;
  logic [16:0]      len_q;
  logic [KW-1:0]    nbytes;
  logic             dp;

  keep_count #(.BYTES(BYTES)) u_cnt (.keep_i(keep_i), .count_o(nbytes));

  assign valid_o     = valid_q;
  assign window_o    = win_q;
  assign user_o      = user_q;
  assign len_known_o = known_q;
  assign len_o       = len_q;
  assign too_big_o   = big_q;

  if (SAF) begin : g_saf
    // bytes accepted before this beat (saturates past MAX_EG_FRAME), and
    // whether this frame already had its decision point (too big)
    logic [17:0] cnt_q, cnt_d;
    logic        done_q, over;
    logic [15:0] sum_q, beat_sum, acc;
    logic [SW-1:0] wsum;
    logic [16:0] f1;
    logic [16:0] f2;

    assign cnt_d = cnt_q + 18'(nbytes);
    assign over  = cnt_d > 18'(`VNR_MAX_EG_FRAME);
    assign dp    = beat_i & ~done_q & (last_i | over);

    // beat sum: B/2 big-endian words, folded twice (end-around carry)
    always_comb begin
      wsum = '0;
      for (int w = 0; w < NW; w++)
        wsum = wsum + SW'({data_i[16*w +: 8], data_i[16*w + 8 +: 8]});
      f1       = 17'(wsum[15:0]) + 17'(wsum[SW-1:16]);
      beat_sum = f1[15:0] + 16'(f1[16]);
      f2       = {1'b0, first_q ? 16'h0 : sum_q} + 17'(beat_sum);
      acc      = f2[15:0] + 16'(f2[16]);
    end

    always_ff @(posedge clk_i) begin
      if (rst_i) begin
        cnt_q  <= '0;
        done_q <= 1'b0;
        sum_q  <= '0;
      end else if (beat_i) begin
        cnt_q  <= last_i ? 18'd0 : (over ? 18'(`VNR_MAX_EG_FRAME + 1) : cnt_d);
        done_q <= ~last_i & (done_q | over);
        sum_q  <= acc;
      end
    end

    always_ff @(posedge clk_i) begin
      if (rst_i) begin
        known_q <= 1'b0;
        big_q   <= 1'b0;
        len_q   <= '0;
      end else if (dp) begin
        known_q <= ~over;
        big_q   <= over;
        len_q   <= cnt_d[16:0];
      end
    end

    assign sum_o = sum_q;
  end else begin : g_ct
    // decision point: the beat holding byte HDR-1, or the last beat if earlier
    assign dp = beat_i & (idx_q < IW'(NB)) & (last_i | (idx_q == IW'(NB - 1)));

    always_ff @(posedge clk_i) begin
      if (rst_i) begin
        known_q <= 1'b0;
        len_q   <= '0;
      end else if (dp) begin
        known_q <= last_i;
        len_q   <= 17'(idx_q) * 17'(BYTES) + 17'(nbytes);
      end
    end

    assign big_q = 1'b0;
    assign sum_o = 16'h0;
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      idx_q   <= '0;
      first_q <= 1'b1;
      valid_q <= 1'b0;
    end else begin
      valid_q <= dp;
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
