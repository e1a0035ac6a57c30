`include "vnr_regs.svh"
// veneer top: egress and ingress paths, their output queues, the e2h
// arbiter, the TSO segmenter (between the egress reader and e2n), counter banks (0 egress reasons, 1 ingress reasons, 2 egress
// rules, 3 ingress rules per table slot), port counters and the register
// block (docs/architecture.md). The register block's lb bus goes to the
// egress path below 0x0800 (the egress block, and VF_MTU in the VF windows)
// and to the ingress path at 0x0800-0x0BFF (the ingress block). Every output
// is driven from registers (timing.md 1).
module vnr_top #(
  parameter int DATA_W = 64,
  parameter int NUM_VF = 64,
  parameter int RULES  = 4096
) (
  input  logic                clk,
  input  logic                rst,
  input  logic [DATA_W-1:0]   h2e_tdata,
  input  logic [DATA_W/8-1:0] h2e_tkeep,
  input  logic                h2e_tvalid,
  output logic                h2e_tready,
  input  logic                h2e_tlast,
  input  logic [127:0]        h2e_tuser,
  output logic [DATA_W-1:0]   e2n_tdata,
  output logic [DATA_W/8-1:0] e2n_tkeep,
  output logic                e2n_tvalid,
  input  logic                e2n_tready,
  output logic                e2n_tlast,
  output logic [127:0]        e2n_tuser,
  input  logic [DATA_W-1:0]   n2e_tdata,
  input  logic [DATA_W/8-1:0] n2e_tkeep,
  input  logic                n2e_tvalid,
  output logic                n2e_tready,
  input  logic                n2e_tlast,
  input  logic [127:0]        n2e_tuser,
  output logic [DATA_W-1:0]   e2h_tdata,
  output logic [DATA_W/8-1:0] e2h_tkeep,
  output logic                e2h_tvalid,
  input  logic                e2h_tready,
  output logic                e2h_tlast,
  output logic [127:0]        e2h_tuser,
  input  logic [19:0]         s_axil_awaddr,
  input  logic                s_axil_awvalid,
  output logic                s_axil_awready,
  input  logic [31:0]         s_axil_wdata,
  input  logic [3:0]          s_axil_wstrb,
  input  logic                s_axil_wvalid,
  output logic                s_axil_wready,
  output logic [1:0]          s_axil_bresp,
  output logic                s_axil_bvalid,
  input  logic                s_axil_bready,
  input  logic [19:0]         s_axil_araddr,
  input  logic                s_axil_arvalid,
  output logic                s_axil_arready,
  output logic [31:0]         s_axil_rdata,
  output logic [1:0]          s_axil_rresp,
  output logic                s_axil_rvalid,
  input  logic                s_axil_rready
);
  localparam int BYTES = DATA_W / 8;
  // queue beat: {user, last, keep, data}
  localparam int QW    = 128 + 1 + BYTES + DATA_W;
  localparam int LASTB = DATA_W + BYTES;

  logic         debug;
  logic [639:0] prof;

  // ---------------------------------------------------------------- egress path
  logic              eg_net_push, eg_host_push, eg_last, eg_ev;
  logic [DATA_W-1:0] eg_data;
  logic [BYTES-1:0]  eg_keep, eg_ev_keep;
  logic [127:0]      eg_user;
  logic [7:0]        eg_ev_func;
  logic [4:0]        eg_ev_reason;
  logic [31:0]       eg_ev_base;
  logic [1:0]        e2n_used, egq_used;
  logic              eg_rev;
  // the egress reader's wire beats go to the TSO segmenter (timing.md 3.7)
  logic [127:0]      eg_tso;
  logic [17:0]       eg_lout;
  logic              seg_room;
  logic [1:0]        seg_used;        // the reader's view: room as a queue count
  logic              seg_push, seg_last;
  logic [DATA_W-1:0] seg_data;
  logic [BYTES-1:0]  seg_keep;
  logic [127:0]      seg_user;
  logic [19:0]       eg_rev_rule;
  logic              lb_wr, lb_rd, lb_rerr;
  logic [19:0]       lb_waddr, lb_raddr;
  logic [31:0]       lb_wdata, lb_rdata;
  logic [7:0]        lb_werr;
  // lb bus split by address: the ingress block from 0x0800 in the PF window
  logic              lb_w_ig, lb_r_ig;
  logic              eg_lb_rerr, in_lb_rerr;
  logic [31:0]       eg_lb_rdata, in_lb_rdata;
  logic [7:0]        eg_lb_werr, in_lb_werr;

  assign lb_w_ig  = !lb_waddr[19] && lb_waddr >= 20'(`VNR_INGRESS_BLK_ID);
  assign lb_r_ig  = !lb_raddr[19] && lb_raddr >= 20'(`VNR_INGRESS_BLK_ID);
  assign lb_werr  = lb_w_ig ? in_lb_werr : eg_lb_werr;
  assign lb_rdata = lb_r_ig ? in_lb_rdata : eg_lb_rdata;
  assign lb_rerr  = lb_r_ig ? in_lb_rerr : eg_lb_rerr;

  vnr_path #(.DATA_W(DATA_W), .NUM_VF(NUM_VF), .RULES(RULES), .INGRESS(1'b0)) u_egress (
    .clk_i       (clk),
    .rst_i       (rst),
    .in_data_i   (h2e_tdata),
    .in_keep_i   (h2e_tkeep),
    .in_valid_i  (h2e_tvalid),
    .in_ready_o  (h2e_tready),
    .in_last_i   (h2e_tlast),
    .in_user_i   (h2e_tuser),
    .debug_i     (debug),
    .prof_i      (prof),
    .net_used_i  (seg_used),
    .host_used_i (egq_used),
    .net_push_o  (eg_net_push),
    .host_push_o (eg_host_push),
    .out_data_o  (eg_data),
    .out_keep_o  (eg_keep),
    .out_last_o  (eg_last),
    .out_user_o  (eg_user),
    .out_tso_o   (eg_tso),
    .out_lout_o  (eg_lout),
    .ev_valid_o  (eg_ev),
    .ev_func_o   (eg_ev_func),
    .ev_reason_o (eg_ev_reason),
    .ev_base_o   (eg_ev_base),
    .ev_keep_o   (eg_ev_keep),
    .rev_valid_o (eg_rev),
    .rev_rule_o  (eg_rev_rule),
    .lb_wr_i     (lb_wr & ~lb_w_ig),
    .lb_waddr_i  (lb_waddr),
    .lb_wdata_i  (lb_wdata),
    .lb_werr_o   (eg_lb_werr),
    .lb_rd_i     (lb_rd & ~lb_r_ig),
    .lb_raddr_i  (lb_raddr),
    .lb_rdata_o  (eg_lb_rdata),
    .lb_rerr_o   (eg_lb_rerr)
  );

  logic [QW-1:0] eg_beat, seg_beat, e2n_head, egq_head;
  logic          egq_valid, egq_pop;
  assign eg_beat  = {eg_user, eg_last, eg_keep, eg_data};
  assign seg_beat = {seg_user, seg_last, seg_keep, seg_data};
  assign seg_used = seg_room ? 2'd0 : 2'd2;

  tso_segmenter #(.DATA_W(DATA_W)) u_tso (
    .clk_i      (clk),
    .rst_i      (rst),
    .seg_room_o (seg_room),
    .in_push_i  (eg_net_push),
    .in_data_i  (eg_data),
    .in_keep_i  (eg_keep),
    .in_last_i  (eg_last),
    .in_user_i  (eg_user),
    .in_tso_i   (eg_tso),
    .in_lout_i  (eg_lout),
    .out_used_i (e2n_used),
    .out_push_o (seg_push),
    .out_data_o (seg_data),
    .out_keep_o (seg_keep),
    .out_last_o (seg_last),
    .out_user_o (seg_user)
  );

  axis_queue2 #(.W(QW)) u_e2n_q (
    .clk_i       (clk),
    .rst_i       (rst),
    .push_i      (seg_push),
    .push_data_i (seg_beat),
    .pop_i       (e2n_tready),
    .valid_o     (e2n_tvalid),
    .data_o      (e2n_head),
    .used_o      (e2n_used)
  );

  axis_queue2 #(.W(QW)) u_eg_host_q (
    .clk_i       (clk),
    .rst_i       (rst),
    .push_i      (eg_host_push),
    .push_data_i (eg_beat),
    .pop_i       (egq_pop),
    .valid_o     (egq_valid),
    .data_o      (egq_head),
    .used_o      (egq_used)
  );

  assign e2n_tdata = e2n_head[DATA_W-1:0];
  assign e2n_tkeep = e2n_head[DATA_W +: BYTES];
  assign e2n_tlast = e2n_head[LASTB];
  assign e2n_tuser = e2n_head[QW-1 -: 128];

  // ---------------------------------------------------------------- ingress path
  logic              in_host_push, in_last, in_ev;
  logic              in_net_push_unused;
  logic [127:0]      in_tso_unused;
  logic [17:0]       in_lout_unused;
  logic [DATA_W-1:0] in_data;
  logic [BYTES-1:0]  in_keep, in_ev_keep;
  logic [127:0]      in_user;
  logic [7:0]        in_ev_func;
  logic [4:0]        in_ev_reason;
  logic [31:0]       in_ev_base;
  logic [1:0]        inq_used;
  logic              in_rev;
  logic [19:0]       in_rev_rule;

  vnr_path #(.DATA_W(DATA_W), .NUM_VF(NUM_VF), .RULES(RULES), .INGRESS(1'b1)) u_ingress (
    .clk_i       (clk),
    .rst_i       (rst),
    .in_data_i   (n2e_tdata),
    .in_keep_i   (n2e_tkeep),
    .in_valid_i  (n2e_tvalid),
    .in_ready_o  (n2e_tready),
    .in_last_i   (n2e_tlast),
    .in_user_i   (n2e_tuser),
    .debug_i     (debug),
    .prof_i      (prof),
    .net_used_i  (2'd2),            // ingress never forwards to the wire
    .host_used_i (inq_used),
    .net_push_o  (in_net_push_unused),
    .host_push_o (in_host_push),
    .out_data_o  (in_data),
    .out_keep_o  (in_keep),
    .out_last_o  (in_last),
    .out_user_o  (in_user),
    .out_tso_o   (in_tso_unused),
    .out_lout_o  (in_lout_unused),
    .ev_valid_o  (in_ev),
    .ev_func_o   (in_ev_func),
    .ev_reason_o (in_ev_reason),
    .ev_base_o   (in_ev_base),
    .ev_keep_o   (in_ev_keep),
    .rev_valid_o (in_rev),
    .rev_rule_o  (in_rev_rule),
    .lb_wr_i     (lb_wr & lb_w_ig),
    .lb_waddr_i  (lb_waddr),
    .lb_wdata_i  (lb_wdata),
    .lb_werr_o   (in_lb_werr),
    .lb_rd_i     (lb_rd & lb_r_ig),
    .lb_raddr_i  (lb_raddr),
    .lb_rdata_o  (in_lb_rdata),
    .lb_rerr_o   (in_lb_rerr)
  );

  logic [QW-1:0] in_beat, inq_head;
  logic          inq_valid, inq_pop;
  assign in_beat = {in_user, in_last, in_keep, in_data};

  axis_queue2 #(.W(QW)) u_in_host_q (
    .clk_i       (clk),
    .rst_i       (rst),
    .push_i      (in_host_push),
    .push_data_i (in_beat),
    .pop_i       (inq_pop),
    .valid_o     (inq_valid),
    .data_o      (inq_head),
    .used_o      (inq_used)
  );

  // ---------------------------------------------------------------- e2h
  logic          e2h_push;
  logic [QW-1:0] e2h_beat, e2h_head;
  logic [1:0]    e2h_used;
  logic          egq_last, inq_last;

  assign egq_last = egq_head[LASTB];
  assign inq_last = inq_head[LASTB];

  e2h_arbiter #(.W(QW)) u_arb (
    .clk_i      (clk),
    .rst_i      (rst),
    .eg_valid_i (egq_valid),
    .eg_data_i  (egq_head),
    .eg_last_i  (egq_last),
    .eg_pop_o   (egq_pop),
    .in_valid_i (inq_valid),
    .in_data_i  (inq_head),
    .in_last_i  (inq_last),
    .in_pop_o   (inq_pop),
    .out_used_i (e2h_used),
    .out_push_o (e2h_push),
    .out_data_o (e2h_beat)
  );

  axis_queue2 #(.W(QW)) u_e2h_q (
    .clk_i       (clk),
    .rst_i       (rst),
    .push_i      (e2h_push),
    .push_data_i (e2h_beat),
    .pop_i       (e2h_tready),
    .valid_o     (e2h_tvalid),
    .data_o      (e2h_head),
    .used_o      (e2h_used)
  );

  assign e2h_tdata = e2h_head[DATA_W-1:0];
  assign e2h_tkeep = e2h_head[DATA_W +: BYTES];
  assign e2h_tlast = e2h_head[LASTB];
  assign e2h_tuser = e2h_head[QW-1 -: 128];

  // ---------------------------------------------------------------- counters
  localparam int RROWS = (NUM_VF + 1) * 32;     // reason banks: row {func, reason}
  localparam int RAW   = $clog2(RROWS);
  localparam int IAW   = $clog2(RULES);

  logic [3:0]   cnt_cmd, snap_valid;
  logic [7:0]   cnt_func;
  logic [4:0]   cnt_reason;
  logic [19:0]  cnt_idx;
  logic         cnt_clear;
  logic [255:0] snap_pkts, snap_bytes;
  logic [RAW-1:0] eg_row, in_row, sel_row;

  assign eg_row  = RAW'({eg_ev_func, eg_ev_reason});
  assign in_row  = RAW'({in_ev_func, in_ev_reason});
  assign sel_row = RAW'({cnt_func, cnt_reason});

  counter_bank #(.ROWS(RROWS), .BYTES(BYTES)) u_cnt_eg (
    .clk_i        (clk),
    .rst_i        (rst),
    .ev_valid_i   (eg_ev),
    .ev_row_i     (eg_row),
    .ev_base_i    (eg_ev_base),
    .ev_keep_i    (eg_ev_keep),
    .snap_cmd_i   (cnt_cmd[0]),
    .snap_row_i   (sel_row),
    .snap_clear_i (cnt_clear),
    .snap_valid_o (snap_valid[0]),
    .snap_pkts_o  (snap_pkts[63:0]),
    .snap_bytes_o (snap_bytes[63:0])
  );

  counter_bank #(.ROWS(RROWS), .BYTES(BYTES)) u_cnt_in (
    .clk_i        (clk),
    .rst_i        (rst),
    .ev_valid_i   (in_ev),
    .ev_row_i     (in_row),
    .ev_base_i    (in_ev_base),
    .ev_keep_i    (in_ev_keep),
    .snap_cmd_i   (cnt_cmd[1]),
    .snap_row_i   (sel_row),
    .snap_clear_i (cnt_clear),
    .snap_valid_o (snap_valid[1]),
    .snap_pkts_o  (snap_pkts[127:64]),
    .snap_bytes_o (snap_bytes[127:64])
  );

  // egress rules: events from the egress reader in the cycles of bank 0's,
  // same bytes (the frame as received)
  counter_bank #(.ROWS(RULES), .BYTES(BYTES)) u_cnt_rule (
    .clk_i        (clk),
    .rst_i        (rst),
    .ev_valid_i   (eg_rev),
    .ev_row_i     (eg_rev_rule[IAW-1:0]),
    .ev_base_i    (eg_ev_base),
    .ev_keep_i    (eg_ev_keep),
    .snap_cmd_i   (cnt_cmd[2]),
    .snap_row_i   (cnt_idx[IAW-1:0]),
    .snap_clear_i (cnt_clear),
    .snap_valid_o (snap_valid[2]),
    .snap_pkts_o  (snap_pkts[191:128]),
    .snap_bytes_o (snap_bytes[191:128])
  );

  // ingress rules, per table slot: events from the ingress reader in the
  // cycles of bank 1's, same bytes
  counter_bank #(.ROWS(RULES), .BYTES(BYTES)) u_cnt_irule (
    .clk_i        (clk),
    .rst_i        (rst),
    .ev_valid_i   (in_rev),
    .ev_row_i     (in_rev_rule[IAW-1:0]),
    .ev_base_i    (in_ev_base),
    .ev_keep_i    (in_ev_keep),
    .snap_cmd_i   (cnt_cmd[3]),
    .snap_row_i   (cnt_idx[IAW-1:0]),
    .snap_clear_i (cnt_clear),
    .snap_valid_o (snap_valid[3]),
    .snap_pkts_o  (snap_pkts[255:192]),
    .snap_bytes_o (snap_bytes[255:192])
  );

  logic         port_cmd, port_clear;
  logic [3:0]   port_inc;
  logic [255:0] port_snap;

  assign port_inc = {e2h_tvalid & e2h_tready & e2h_tlast,
                     n2e_tvalid & n2e_tready & n2e_tlast,
                     e2n_tvalid & e2n_tready & e2n_tlast,
                     h2e_tvalid & h2e_tready & h2e_tlast};

  port_counters u_ports (
    .clk_i   (clk),
    .rst_i   (rst),
    .inc_i   (port_inc),
    .cmd_i   (port_cmd),
    .clear_i (port_clear),
    .snap_o  (port_snap)
  );

  // ---------------------------------------------------------------- registers
  csr_regs #(.DATA_W(DATA_W), .NUM_VF(NUM_VF), .RULES(RULES)) u_csr (
    .clk_i        (clk),
    .rst_i        (rst),
    .awaddr_i     (s_axil_awaddr),
    .awvalid_i    (s_axil_awvalid),
    .awready_o    (s_axil_awready),
    .wdata_i      (s_axil_wdata),
    .wvalid_i     (s_axil_wvalid),
    .wready_o     (s_axil_wready),
    .bresp_o      (s_axil_bresp),
    .bvalid_o     (s_axil_bvalid),
    .bready_i     (s_axil_bready),
    .araddr_i     (s_axil_araddr),
    .arvalid_i    (s_axil_arvalid),
    .arready_o    (s_axil_arready),
    .rdata_o      (s_axil_rdata),
    .rresp_o      (s_axil_rresp),
    .rvalid_o     (s_axil_rvalid),
    .rready_i     (s_axil_rready),
    .debug_o      (debug),
    .prof_o       (prof),
    .cnt_cmd_o    (cnt_cmd),
    .cnt_func_o   (cnt_func),
    .cnt_reason_o (cnt_reason),
    .cnt_idx_o    (cnt_idx),
    .cnt_clear_o  (cnt_clear),
    .snap_valid_i (snap_valid),
    .snap_pkts_i  (snap_pkts),
    .snap_bytes_i (snap_bytes),
    .port_cmd_o   (port_cmd),
    .port_clear_o (port_clear),
    .port_snap_i  (port_snap),
    .lb_wr_o      (lb_wr),
    .lb_waddr_o   (lb_waddr),
    .lb_wdata_o   (lb_wdata),
    .lb_werr_i    (lb_werr),
    .lb_rd_o      (lb_rd),
    .lb_raddr_o   (lb_raddr),
    .lb_rdata_i   (lb_rdata),
    .lb_rerr_i    (lb_rerr)
  );

  // wstrb is ignored (timing.md 6: every write writes the whole word)
  logic unused_top;
  assign unused_top = ^{s_axil_wstrb, in_net_push_unused, in_tso_unused, in_lout_unused, eg_rev_rule[19:IAW],
                        in_rev_rule[19:IAW], cnt_idx[19:IAW]};
endmodule
