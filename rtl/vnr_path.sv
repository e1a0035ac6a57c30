`include "vnr_regs.svh"
// One path (timing.md 3): input stage, frame FIFO, header capture,
// classifier, decision queue and reader. INGRESS selects the variant:
//   egress : store and forward (decision point at the last beat or at
//            MAX_EG_FRAME), FIFO_BYTES_EGRESS, egress_decider (with its
//            register bus), editing reader (P, S, prefix, patched window);
//   ingress: cut-through (decision point at byte HDR_INGRESS-1), FIFO_BYTES,
//            ingress_classifier (with its register bus: collators, mask,
//            rule table), reader in its ingress variant (unedited frames
//            move raw beats; decapsulated ones: P = 0 or 14, S, and the
//            window with a 4-byte patch, length unknown at the take).
// The output queues and counter banks live in vnr_top.
module vnr_path #(
  parameter int DATA_W  = 64,
  parameter int NUM_VF  = 64,
  parameter int RULES   = 4096,
  parameter bit INGRESS = 1'b0,
  parameter int BYTES   = DATA_W / 8
) (
  input  logic              clk_i,
  input  logic              rst_i,
  input  logic [DATA_W-1:0] in_data_i,
  input  logic [BYTES-1:0]  in_keep_i,
  input  logic              in_valid_i,
  output logic              in_ready_o,
  input  logic              in_last_i,
  input  logic [127:0]      in_user_i,
  input  logic              debug_i,
  input  logic [639:0]      prof_i,
  input  logic [1:0]        net_used_i,
  input  logic [1:0]        host_used_i,
  output logic              net_push_o,
  output logic              host_push_o,
  output logic [DATA_W-1:0] out_data_o,
  output logic [BYTES-1:0]  out_keep_o,
  output logic              out_last_o,
  output logic [127:0]      out_user_o,
  output logic [127:0]      out_tso_o,    // egress: TSO descriptor with beat 0
  output logic [17:0]       out_lout_o,   // egress: Lout with beat 0
  output logic              ev_valid_o,
  output logic [7:0]        ev_func_o,
  output logic [4:0]        ev_reason_o,
  output logic [31:0]       ev_base_o,
  output logic [BYTES-1:0]  ev_keep_o,
  output logic              rev_valid_o,  // rule bank event (bank 2 / bank 3)
  output logic [19:0]       rev_rule_o,
  // register block bus of the path's classifier (egress_decider: the egress
  // block and VF_MTU; ingress_classifier: the ingress block)
  input  logic              lb_wr_i,
  input  logic [19:0]       lb_waddr_i,
  input  logic [31:0]       lb_wdata_i,
  output logic [7:0]        lb_werr_o,
  input  logic              lb_rd_i,
  input  logic [19:0]       lb_raddr_i,
  output logic [31:0]       lb_rdata_o,
  output logic              lb_rerr_o
);
  localparam int HDR        = INGRESS ? `VNR_HDR_INGRESS : `VNR_HDR_EGRESS;
  localparam int FIFO_BEATS = (INGRESS ? `VNR_FIFO_BYTES : `VNR_FIFO_BYTES_EGRESS) / BYTES;
  localparam int FW         = DATA_W + BYTES + 1;
  localparam int CW         = $clog2(FIFO_BEATS + 1);

  // ---------------------------------------------------------------- input stage
  logic [CW-1:0]     used;
  localparam int OW = $clog2(`VNR_MAX_OPEN + 1);
  logic [OW-1:0]     open_q, open_d;
  logic              first_q, accept, take;
  logic [DATA_W-1:0] data_m;

  // tready from state only: room in the FIFO and fewer than MAX_OPEN frames
  // accepted without their decision taken
  assign in_ready_o = (used < CW'(FIFO_BEATS)) & (open_q < OW'(`VNR_MAX_OPEN));
  assign accept     = in_valid_i & in_ready_o;

  // bytes outside tkeep become 0 once, here, for every consumer
  for (genvar i = 0; i < BYTES; i++) begin : g_mask
    assign data_m[8*i +: 8] = in_keep_i[i] ? in_data_i[8*i +: 8] : 8'h00;
  end

  logic new_frame;
  assign new_frame = accept & first_q;
  assign open_d    = open_q + OW'(new_frame) - OW'(take);

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      open_q  <= '0;
      first_q <= 1'b1;
    end else begin
      open_q <= open_d;
      if (accept) first_q <= in_last_i;
    end
  end

  // ---------------------------------------------------------------- frame FIFO
  logic [1:0]    fifo_vis, fifo_pop;
  logic [FW-1:0] fifo_head, fifo_next;

  frame_fifo #(.WIDTH(FW), .DEPTH(FIFO_BEATS)) u_fifo (
    .clk_i       (clk_i),
    .rst_i       (rst_i),
    .push_i      (accept),
    .push_data_i ({in_last_i, in_keep_i, data_m}),
    .vis_o       (fifo_vis),
    .head_o      (fifo_head),
    .next_o      (fifo_next),
    .pop_i       (fifo_pop),
    .used_o      (used)
  );

  // ---------------------------------------------------------------- decide
  logic             hv, hknown, hbig;
  logic [HDR*8-1:0] hwin;
  logic [127:0]     huser;
  logic [16:0]      hlen;
  logic [15:0]      hsum;

  hdr_capture #(.DATA_W(DATA_W), .HDR(HDR), .SAF(!INGRESS)) u_hdr (
    .clk_i       (clk_i),
    .rst_i       (rst_i),
    .beat_i      (accept),
    .data_i      (data_m),
    .keep_i      (in_keep_i),
    .last_i      (in_last_i),
    .user_i      (in_user_i),
    .valid_o     (hv),
    .window_o    (hwin),
    .user_o      (huser),
    .len_known_o (hknown),
    .len_o       (hlen),
    .too_big_o   (hbig),
    .sum_o       (hsum)
  );

  // decision queue head as the reader sees it
  localparam int PRE_BYTES = INGRESS ? `VNR_INNER_ETH_BYTES : 128;

  logic              dq_valid;
  logic [1:0]        d_dest;
  logic [4:0]        d_reason;
  logic [7:0]        d_func, d_p, d_s;
  logic [127:0]      d_meta;
  logic              d_hit;
  logic [19:0]       d_rule;
  logic [PRE_BYTES*8-1:0] d_prefix;
  logic [HDR*8-1:0]  d_win;
  logic [16:0]       d_len;
  logic              d_decap;
  logic [7:0]        d_poff;
  logic [31:0]       d_pdata;
  logic [3:0]        d_pen;
  logic [127:0]      d_tso;

  if (INGRESS) begin : g_ingress
    // {dest, reason, func, meta, hit, rule, decap, s, pre, prefix, patch}
    localparam int DQW = 2 + 5 + 8 + 128 + 1 + 20 + 1 + 8 + 1 + PRE_BYTES*8 + 8 + 32 + 4;

    logic                   c_valid, c_hit, c_decap, c_pre, d_pre;
    logic [1:0]             c_dest;
    logic [4:0]             c_reason;
    logic [7:0]             c_func, c_s, c_poff;
    logic [127:0]           c_meta;
    logic [19:0]            c_rule;
    logic [PRE_BYTES*8-1:0] c_prefix;
    logic [31:0]            c_pdata;
    logic [3:0]             c_pen;
    logic [DQW-1:0]         dq_data;

    ingress_classifier #(.NUM_VF(NUM_VF), .RULES(RULES), .HDR(HDR)) u_cls (
      .clk_i        (clk_i),
      .rst_i        (rst_i),
      .valid_i      (hv),
      .window_i     (hwin),
      .len_known_i  (hknown),
      .len_i        (hlen[15:0]),
      .debug_i      (debug_i),
      .prof_i       (prof_i),
      .valid_o      (c_valid),
      .dest_o       (c_dest),
      .reason_o     (c_reason),
      .cnt_func_o   (c_func),
      .meta_o       (c_meta),
      .rule_hit_o   (c_hit),
      .rule_o       (c_rule),
      .decap_o      (c_decap),
      .s_o          (c_s),
      .pre_o        (c_pre),
      .prefix_o     (c_prefix),
      .patch_off_o  (c_poff),
      .patch_data_o (c_pdata),
      .patch_en_o   (c_pen),
      .lb_wr_i      (lb_wr_i),
      .lb_waddr_i   (lb_waddr_i),
      .lb_wdata_i   (lb_wdata_i),
      .lb_werr_o    (lb_werr_o),
      .lb_rd_i      (lb_rd_i),
      .lb_raddr_i   (lb_raddr_i),
      .lb_rdata_o   (lb_rdata_o),
      .lb_rerr_o    (lb_rerr_o)
    );

    decision_queue #(.W(DQW), .DEPTH(`VNR_MAX_OPEN)) u_dq (
      .clk_i       (clk_i),
      .rst_i       (rst_i),
      .push_i      (c_valid),
      .push_data_i ({c_dest, c_reason, c_func, c_meta, c_hit, c_rule, c_decap, c_s, c_pre,
                     c_prefix, c_poff, c_pdata, c_pen}),
      .pop_i       (take),
      .valid_o     (dq_valid),
      .data_o      (dq_data)
    );

    assign {d_dest, d_reason, d_func, d_meta, d_hit, d_rule, d_decap, d_s, d_pre, d_prefix,
            d_poff, d_pdata, d_pen} = dq_data;
    // P = INNER_ETH_BYTES when the rule supplies the inner Ethernet header
    assign d_p   = d_pre ? 8'(`VNR_INNER_ETH_BYTES) : 8'd0;
    // the ingress reader takes neither a whole h' nor a length
    assign d_win = '0;
    assign d_len = '0;
    assign d_tso = '0;

    logic unused_ing;
    assign unused_ing = ^{huser, hbig, hsum, hlen[16]};
  end else begin : g_egress
    localparam int DQW = 128 + 17 + 1024 + 1024 + 8 + 8 + 20 + 1 + 128 + 8 + 5 + 2;

    logic          e_valid, e_hit;
    logic [1:0]    e_dest;
    logic [4:0]    e_reason;
    logic [7:0]    e_func, e_p, e_s;
    logic [127:0]  e_meta;
    logic [19:0]   e_rule;
    logic [1023:0] e_prefix, e_win;
    logic [127:0]  e_tso;

    egress_decider #(.NUM_VF(NUM_VF), .RULES(RULES)) u_dec (
      .clk_i          (clk_i),
      .rst_i          (rst_i),
      .dp_valid_i     (hv),
      .win_i          (hwin),
      .len_i          (hlen),
      .too_big_i      (hbig),
      .sum_i          (hsum),
      .user_i         (huser),
      .debug_i        (debug_i),
      .prof_i         (prof_i),
      .dec_valid_o    (e_valid),
      .dec_dest_o     (e_dest),
      .dec_reason_o   (e_reason),
      .dec_cnt_func_o (e_func),
      .dec_meta_o     (e_meta),
      .dec_rule_hit_o (e_hit),
      .dec_rule_o     (e_rule),
      .dec_p_o        (e_p),
      .dec_s_o        (e_s),
      .dec_prefix_o   (e_prefix),
      .dec_win_o      (e_win),
      .dec_tso_o      (e_tso),
      .lb_wr_i        (lb_wr_i),
      .lb_waddr_i     (lb_waddr_i),
      .lb_wdata_i     (lb_wdata_i),
      .lb_werr_o      (lb_werr_o),
      .lb_rd_i        (lb_rd_i),
      .lb_raddr_i     (lb_raddr_i),
      .lb_rdata_o     (lb_rdata_o),
      .lb_rerr_o      (lb_rerr_o)
    );

    // the frame length travels beside the decider (decisions come out in
    // decision-point order) and joins its decision in the decision queue
    logic        lq_valid;
    logic [16:0] lq_len;

    decision_queue #(.W(17), .DEPTH(`VNR_MAX_OPEN)) u_lenq (
      .clk_i       (clk_i),
      .rst_i       (rst_i),
      .push_i      (hv),
      .push_data_i (hlen),
      .pop_i       (e_valid),
      .valid_o     (lq_valid),
      .data_o      (lq_len)
    );

    logic [DQW-1:0] dq_data;

    decision_queue #(.W(DQW), .DEPTH(`VNR_MAX_OPEN)) u_dq (
      .clk_i       (clk_i),
      .rst_i       (rst_i),
      .push_i      (e_valid),
      .push_data_i ({e_tso, lq_len, e_win, e_prefix, e_s, e_p, e_rule, e_hit, e_meta, e_func,
                     e_reason, e_dest}),
      .pop_i       (take),
      .valid_o     (dq_valid),
      .data_o      (dq_data)
    );

    assign {d_tso, d_len, d_win, d_prefix, d_s, d_p, d_rule, d_hit, d_meta, d_func, d_reason,
            d_dest} = dq_data;

    assign d_decap = 1'b0;
    assign d_poff  = '0;
    assign d_pdata = '0;
    assign d_pen   = '0;

    logic unused_eg;
    assign unused_eg = ^{hknown, lq_valid};
  end

  // ---------------------------------------------------------------- reader
  frame_reader #(.INGRESS(INGRESS), .DATA_W(DATA_W), .HDR(HDR), .CW(CW),
                 .PRE_BYTES(PRE_BYTES)) u_reader (
    .clk_i         (clk_i),
    .rst_i         (rst_i),
    .dq_valid_i    (dq_valid),
    .dq_dest_i     (d_dest),
    .dq_reason_i   (d_reason),
    .dq_func_i     (d_func),
    .dq_meta_i     (d_meta),
    .dq_rule_hit_i (d_hit),
    .dq_rule_i     (d_rule),
    .dq_p_i        (d_p),
    .dq_s_i        (d_s),
    .dq_prefix_i   (d_prefix),
    .dq_win_i      (d_win),
    .dq_len_i      (d_len),
    .dq_decap_i    (d_decap),
    .dq_patch_off_i  (d_poff),
    .dq_patch_data_i (d_pdata),
    .dq_patch_en_i   (d_pen),
    .dq_tso_i      (d_tso),
    .dq_pop_o      (take),
    .fifo_vis_i    (fifo_vis),
    .fifo_head_i   (fifo_head),
    .fifo_next_i   (fifo_next),
    .fifo_used_i   (used),
    .fifo_pop_o    (fifo_pop),
    .net_used_i    (net_used_i),
    .host_used_i   (host_used_i),
    .net_push_o    (net_push_o),
    .host_push_o   (host_push_o),
    .out_data_o    (out_data_o),
    .out_keep_o    (out_keep_o),
    .out_last_o    (out_last_o),
    .out_user_o    (out_user_o),
    .out_tso_o     (out_tso_o),
    .out_lout_o    (out_lout_o),
    .ev_valid_o    (ev_valid_o),
    .ev_func_o     (ev_func_o),
    .ev_reason_o   (ev_reason_o),
    .ev_base_o     (ev_base_o),
    .ev_keep_o     (ev_keep_o),
    .rev_valid_o   (rev_valid_o),
    .rev_rule_o    (rev_rule_o)
  );
endmodule
