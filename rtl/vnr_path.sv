`include "vnr_regs.svh"
// One path (timing.md 3): input stage, frame FIFO, header capture,
// classifier, decision queue and reader. INGRESS selects the classifier and
// header window. The output queues and counter bank live in vnr_top.
module vnr_path #(
  parameter int DATA_W  = 64,
  parameter int NUM_VF  = 64,
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
  output logic              ev_valid_o,
  output logic [7:0]        ev_func_o,
  output logic [4:0]        ev_reason_o,
  output logic [31:0]       ev_base_o,
  output logic [BYTES-1:0]  ev_keep_o
);
  localparam int HDR        = INGRESS ? `VNR_HDR_INGRESS : `VNR_HDR_EGRESS;
  localparam int FIFO_BEATS = `VNR_FIFO_BYTES / BYTES;
  localparam int FW         = DATA_W + BYTES + 1;
  localparam int CW         = $clog2(FIFO_BEATS + 1);

  // ---------------------------------------------------------------- input stage
  logic [CW-1:0]     used;
  logic [5:0]        open_q, open_d;
  logic              first_q, accept, take;
  logic [DATA_W-1:0] data_m;

  // tready from state only: room in the FIFO and fewer than MAX_OPEN frames
  // accepted without their decision taken
  assign in_ready_o = (used < CW'(FIFO_BEATS)) & (open_q < 6'(`VNR_MAX_OPEN));
  assign accept     = in_valid_i & in_ready_o;

  // bytes outside tkeep become 0 once, here, for every consumer
  for (genvar i = 0; i < BYTES; i++) begin : g_mask
    assign data_m[8*i +: 8] = in_keep_i[i] ? in_data_i[8*i +: 8] : 8'h00;
  end

  logic new_frame;
  assign new_frame = accept & first_q;
  assign open_d    = open_q + 6'(new_frame) - 6'(take);

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
  logic          fifo_valid, fifo_pop;
  logic [FW-1:0] fifo_head;

  frame_fifo #(.WIDTH(FW), .DEPTH(FIFO_BEATS)) u_fifo (
    .clk_i        (clk_i),
    .rst_i        (rst_i),
    .push_i       (accept),
    .push_data_i  ({in_last_i, in_keep_i, data_m}),
    .head_valid_o (fifo_valid),
    .head_data_o  (fifo_head),
    .pop_i        (fifo_pop),
    .used_o       (used)
  );

  // ---------------------------------------------------------------- decide
  logic             hv, hknown;
  logic [HDR*8-1:0] hwin;
  logic [127:0]     huser;
  logic [15:0]      hlen;
  logic             cls_valid;
  logic [142:0]     cls_dec;

  hdr_capture #(.DATA_W(DATA_W), .HDR(HDR)) u_hdr (
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
    .len_o       (hlen)
  );

  if (INGRESS) begin : g_ingress
    ingress_classifier #(.HDR(HDR)) u_cls (
      .clk_i       (clk_i),
      .rst_i       (rst_i),
      .valid_i     (hv),
      .window_i    (hwin),
      .len_known_i (hknown),
      .len_i       (hlen),
      .debug_i     (debug_i),
      .prof_i      (prof_i),
      .valid_o     (cls_valid),
      .dec_o       (cls_dec)
    );
    logic unused_ing;
    assign unused_ing = ^{huser};
  end else begin : g_egress
    egress_classifier #(.NUM_VF(NUM_VF)) u_cls (
      .clk_i       (clk_i),
      .rst_i       (rst_i),
      .valid_i     (hv),
      .user_i      (huser),
      .len_known_i (hknown),
      .len_i       (hlen),
      .debug_i     (debug_i),
      .valid_o     (cls_valid),
      .dec_o       (cls_dec)
    );
    // the egress decision does not look at frame bytes or profiles yet
    logic unused_eg;
    assign unused_eg = ^{hwin, prof_i};
  end

  logic         dq_valid;
  logic [142:0] dq_data;

  decision_queue #(.W(143), .DEPTH(`VNR_MAX_OPEN)) u_dq (
    .clk_i       (clk_i),
    .rst_i       (rst_i),
    .push_i      (cls_valid),
    .push_data_i (cls_dec),
    .pop_i       (take),
    .valid_o     (dq_valid),
    .data_o      (dq_data)
  );

  // ---------------------------------------------------------------- reader
  logic [DATA_W-1:0] head_data;
  logic [BYTES-1:0]  head_keep;
  logic              head_last;

  assign head_data = fifo_head[DATA_W-1:0];
  assign head_keep = fifo_head[DATA_W +: BYTES];
  assign head_last = fifo_head[FW-1];

  frame_reader #(.DATA_W(DATA_W)) u_reader (
    .clk_i        (clk_i),
    .rst_i        (rst_i),
    .dq_valid_i   (dq_valid),
    .dq_data_i    (dq_data),
    .dq_pop_o     (take),
    .fifo_valid_i (fifo_valid),
    .fifo_data_i  (head_data),
    .fifo_keep_i  (head_keep),
    .fifo_last_i  (head_last),
    .fifo_pop_o   (fifo_pop),
    .net_used_i   (net_used_i),
    .host_used_i  (host_used_i),
    .net_push_o   (net_push_o),
    .host_push_o  (host_push_o),
    .out_data_o   (out_data_o),
    .out_keep_o   (out_keep_o),
    .out_last_o   (out_last_o),
    .out_user_o   (out_user_o),
    .ev_valid_o   (ev_valid_o),
    .ev_func_o    (ev_func_o),
    .ev_reason_o  (ev_reason_o),
    .ev_base_o    (ev_base_o),
    .ev_keep_o    (ev_keep_o)
  );
endmodule
