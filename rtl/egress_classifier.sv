`include "vnr_regs.svh"
// Egress decision (architecture.md "Egress"). valid_i is cycle d+1 (window,
// metadata and length from hdr_capture); CTRL is sampled in that cycle and
// carried along. Two register stages: the decision is valid_o/dec_o in cycle
// d+3 and is written into the decision queue at its end, visible at d+4.
// dec_o = {meta[127:0], reason[4:0], cnt_func[7:0], dest[1:0]}.
module egress_classifier #(
  parameter int NUM_VF = 64
) (
  input  logic          clk_i,
  input  logic          rst_i,
  input  logic          valid_i,
  input  logic [127:0]  user_i,
  input  logic          len_known_i,
  input  logic [15:0]   len_i,
  input  logic          debug_i,
  output logic          valid_o,
  output logic [142:0]  dec_o
);
  localparam logic [1:0] DEST_DROP = 2'd0, DEST_NET = 2'd1, DEST_HOST = 2'd2;

  // ---------------------------------------------------------------- stage A
  logic       a_v_q, a_runt_q, a_dbg_q, a_inj_q;
  logic [7:0] a_src_q, a_ivf_q;

  always_ff @(posedge clk_i) begin
    if (rst_i) a_v_q <= 1'b0;
    else       a_v_q <= valid_i;
  end

  always_ff @(posedge clk_i) begin
    a_runt_q <= len_known_i & (len_i < 16'(`VNR_MIN_FRAME));
    a_dbg_q  <= debug_i;
    a_src_q  <= user_i[`VNR_META_IN_FUNC_LSB +: 8];
    a_inj_q  <= user_i[`VNR_META_IN_INJECT_LSB];
    a_ivf_q  <= user_i[`VNR_META_IN_INJECT_VF_LSB +: 8];
  end

  // ---------------------------------------------------------------- stage B
  logic [1:0] dest;
  logic [4:0] reason;
  logic [7:0] cfunc, ofunc;
  logic       src_ok;

  always_comb begin
    src_ok = a_src_q <= 8'(NUM_VF);
    ofunc  = 8'd0;
    if (a_runt_q) begin
      dest = DEST_DROP; reason = 5'(`VNR_REASON_RUNT); cfunc = src_ok ? a_src_q : 8'd0;
    end else if (!src_ok) begin
      dest = DEST_DROP; reason = 5'(`VNR_REASON_BAD_FUNC); cfunc = 8'd0;
    end else if (a_dbg_q) begin
      dest = DEST_HOST; reason = 5'(`VNR_REASON_DEBUG); cfunc = a_src_q;
    end else if (a_inj_q && a_src_q != 8'd0) begin
      dest = DEST_DROP; reason = 5'(`VNR_REASON_BAD_FUNC); cfunc = a_src_q;
    end else if (a_inj_q && (a_ivf_q == 8'd0 || a_ivf_q > 8'(NUM_VF))) begin
      dest = DEST_DROP; reason = 5'(`VNR_REASON_BAD_FUNC); cfunc = 8'd0;
    end else if (a_inj_q) begin
      dest = DEST_HOST; reason = 5'(`VNR_REASON_INJECT); cfunc = a_ivf_q; ofunc = a_ivf_q;
    end else if (a_src_q == 8'd0) begin
      dest = DEST_NET; reason = 5'(`VNR_REASON_FORWARD); cfunc = 8'd0; ofunc = a_src_q;
    end else begin
      dest = DEST_HOST; reason = 5'(`VNR_REASON_NO_RULE); cfunc = a_src_q;
    end
  end

  logic         b_v_q;
  logic [142:0] b_dec_q;
  logic [127:0] meta;

  always_comb begin
    meta = '0;
    meta[`VNR_META_OUT_FUNC_LSB +: 8]     = ofunc;
    meta[`VNR_META_OUT_REASON_LSB +: 8]   = 8'(reason);
    meta[`VNR_META_OUT_SRC_FUNC_LSB +: 8] = a_src_q;
    meta[`VNR_META_OUT_SEGS_LSB +: 8]     = 8'd1;
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) b_v_q <= 1'b0;
    else       b_v_q <= a_v_q;
  end

  always_ff @(posedge clk_i) begin
    b_dec_q <= {meta, reason, cfunc, dest};
  end

  assign valid_o = b_v_q;
  assign dec_o   = b_dec_q;

  // other metadata-in fields (offload requests) are not used yet
  logic unused_user;
  assign unused_user = ^{user_i};
endmodule
