`include "vnr_regs.svh"
// Ingress decision (architecture.md "Ingress"). valid_i is cycle d+1; the
// profiles (inside profile_match) and CTRL are sampled in that cycle and
// carried along, so a commit never mixes old and new fields for one frame.
// Two register stages; valid_o/dec_o in cycle d+3, into the decision queue at
// its end, visible at d+4. dec_o = {meta, reason[4:0], cnt_func[7:0], dest}.
module ingress_classifier #(
  parameter int HDR = 256
) (
  input  logic             clk_i,
  input  logic             rst_i,
  input  logic             valid_i,
  input  logic [HDR*8-1:0] window_i,
  input  logic             len_known_i,
  input  logic [15:0]      len_i,
  input  logic             debug_i,
  input  logic [639:0]     prof_i,
  output logic             valid_o,
  output logic [142:0]     dec_o
);
  localparam logic [1:0] DEST_DROP = 2'd0, DEST_HOST = 2'd2;

  logic        encap;
  logic [1:0]  profile;
  logic [31:0] flow_id;

  profile_match #(.HDR(HDR)) u_match (
    .clk_i       (clk_i),
    .window_i    (window_i),
    .len_known_i (len_known_i),
    .len_i       (len_i),
    .prof_i      (prof_i),
    .encap_o     (encap),
    .profile_o   (profile),
    .flow_id_o   (flow_id)
  );

  // frame-level facts travel beside the matcher's two stages
  logic [1:0] v_q, runt_q, dbg_q;

  always_ff @(posedge clk_i) begin
    if (rst_i) v_q <= 2'b00;
    else       v_q <= {v_q[0], valid_i};
  end

  always_ff @(posedge clk_i) begin
    runt_q <= {runt_q[0], len_known_i & (len_i < 16'(`VNR_MIN_FRAME))};
    dbg_q  <= {dbg_q[0], debug_i};
  end

  logic [1:0]   dest;
  logic [4:0]   reason;
  logic [127:0] meta;

  always_comb begin
    if (runt_q[1]) begin
      dest = DEST_DROP; reason = 5'(`VNR_REASON_RUNT);
    end else if (dbg_q[1]) begin
      dest = DEST_HOST; reason = 5'(`VNR_REASON_DEBUG);
    end else if (!encap) begin
      dest = DEST_HOST; reason = 5'(`VNR_REASON_NOT_ENCAP);
    end else begin
      dest = DEST_HOST; reason = 5'(`VNR_REASON_NO_IRULE);
    end
    meta = '0;
    meta[`VNR_META_OUT_REASON_LSB +: 8] = 8'(reason);
    meta[`VNR_META_OUT_SEGS_LSB +: 8]   = 8'd1;
    meta[`VNR_META_OUT_FROM_NET_LSB]    = 1'b1;
    // a recognised frame says so whatever row decided it (debug included)
    if (encap) begin
      meta[`VNR_META_OUT_ENCAP_LSB]         = 1'b1;
      meta[`VNR_META_OUT_PROFILE_LSB +: 2]  = profile;
      meta[`VNR_META_OUT_FLOW_ID_LSB +: 32] = flow_id;
    end
  end

  assign valid_o = v_q[1];
  assign dec_o   = {meta, reason, 8'd0, dest};
endmodule
