`include "vnr_regs.svh"
// Register block (timing.md 2). AXI4-Lite slave with a one-entry holding
// register per channel; a write performs in the first cycle with aw and w
// held and no response pending, a read is answered from the state of the
// cycle after its address handshake. Every output is a register.
module csr_regs #(
  parameter int DATA_W = 64,
  parameter int NUM_VF = 64,
  parameter int RULES  = 4096
) (
  input  logic         clk_i,
  input  logic         rst_i,
  input  logic [19:0]  awaddr_i,
  input  logic         awvalid_i,
  output logic         awready_o,
  input  logic [31:0]  wdata_i,
  input  logic         wvalid_i,
  output logic         wready_o,
  output logic [1:0]   bresp_o,
  output logic         bvalid_o,
  input  logic         bready_i,
  input  logic [19:0]  araddr_i,
  input  logic         arvalid_i,
  output logic         arready_o,
  output logic [31:0]  rdata_o,
  output logic [1:0]   rresp_o,
  output logic         rvalid_o,
  input  logic         rready_i,
  // configuration
  output logic         debug_o,
  output logic [639:0] prof_o,          // 4 profiles x 5 words
  // counter snapshot (banks 0 egress reasons, 1 ingress reasons, 2 egress
  // rules, 3 ingress rules)
  output logic [3:0]   cnt_cmd_o,       // per bank, pulse in the perform cycle
  output logic [7:0]   cnt_func_o,
  output logic [4:0]   cnt_reason_o,
  output logic [19:0]  cnt_idx_o,
  output logic         cnt_clear_o,
  input  logic [3:0]   snap_valid_i,
  input  logic [255:0] snap_pkts_i,     // bank b at [64*b +: 64]
  input  logic [255:0] snap_bytes_i,
  // the classifiers' register blocks, egress (0x0500-0x07FF) and ingress
  // (0x0800-0x0BFF), and VF_MTU in the VF windows: served by egress_decider
  // and ingress_classifier (vnr_top splits the bus by address),
  // combinational answers in the perform cycle
  output logic         lb_wr_o,
  output logic [19:0]  lb_waddr_o,
  output logic [31:0]  lb_wdata_o,
  input  logic [7:0]   lb_werr_i,
  output logic         lb_rd_o,
  output logic [19:0]  lb_raddr_o,
  input  logic [31:0]  lb_rdata_i,
  input  logic         lb_rerr_i,
  // port counters
  output logic         port_cmd_o,
  output logic         port_clear_o,
  input  logic [255:0] port_snap_i
);
  localparam logic [1:0] OKAY = 2'b00, SLVERR = 2'b10;
  localparam int FIFO_BEATS_IN = `VNR_FIFO_BYTES / (DATA_W / 8);
  localparam int FIFO_BEATS_EG = `VNR_FIFO_BYTES_EGRESS / (DATA_W / 8);
  // ident FIFO_BEATS.egress is 16 bits wide and saturates
  localparam int FIFO_BEATS_EG16 = (FIFO_BEATS_EG > 65535) ? 65535 : FIFO_BEATS_EG;
  localparam int BST_LEVELS = $clog2(RULES) + 2;
  // end of the address range the lb bus serves (egress and ingress blocks)
  localparam logic [31:0] LB_END = 32'h0C00;

  // writable field masks
  localparam logic [31:0] M_PROF_CTRL =
      (32'h1 << `VNR_PROFILE_PROF_CTRL_ENABLE_LSB) | (32'h1 << `VNR_PROFILE_PROF_CTRL_INNER_ETH_LSB) |
      (32'hff << `VNR_PROFILE_PROF_CTRL_PROTO_LSB) | (32'h7f << `VNR_PROFILE_PROF_CTRL_OPAQUE_LEN_LSB);
  localparam logic [31:0] M_PROF_FMT =
      (32'hff << `VNR_PROFILE_PROF_FMT_OFF_LSB) | (32'hffff << `VNR_PROFILE_PROF_FMT_VAL_LSB);
  localparam logic [31:0] M_PROF_MASK = 32'hffff << `VNR_PROFILE_PROF_FMT_MASK_MASK_LSB;
  localparam logic [31:0] M_PROF_FLOW =
      (32'hff << `VNR_PROFILE_PROF_FLOW_OFF_LSB) | (32'h7 << `VNR_PROFILE_PROF_FLOW_LEN_LSB);
  localparam logic [31:0] M_PROF_EDIT =
      (32'hff << `VNR_PROFILE_PROF_EDIT_LEN_OFF_LSB) | (32'h1 << `VNR_PROFILE_PROF_EDIT_LEN_EN_LSB) |
      (32'hff << `VNR_PROFILE_PROF_EDIT_CSUM_OFF_LSB) | (32'h1 << `VNR_PROFILE_PROF_EDIT_CSUM_EN_LSB);
  localparam logic [31:0] M_CNT_SEL =
      (32'h3 << `VNR_COUNTERS_CNT_SEL_BANK_LSB) | (32'hff << `VNR_COUNTERS_CNT_SEL_FUNC_LSB) |
      (32'h1f << `VNR_COUNTERS_CNT_SEL_REASON_LSB) | (32'h1 << `VNR_COUNTERS_CNT_SEL_CLEAR_LSB);

  function automatic logic [31:0] blk(input int typ, input int ver);
    blk = (32'(typ) << 16) | 32'(ver);
  endfunction

  // ---------------------------------------------------------------- holding registers
  logic        aw_full_q, w_full_q, b_full_q, ar_full_q, r_full_q;
  logic [19:0] aw_addr_q, ar_addr_q;
  logic [31:0] w_data_q, r_data_q, r_data_d;
  logic [1:0]  b_resp_q, r_resp_q, r_resp_d;
  logic        perform;

  assign awready_o = ~aw_full_q;
  assign wready_o  = ~w_full_q;
  assign bvalid_o  = b_full_q;
  assign bresp_o   = b_resp_q;
  assign arready_o = ~ar_full_q & ~r_full_q;
  assign rvalid_o  = r_full_q;
  assign rdata_o   = r_data_q;
  assign rresp_o   = r_resp_q;
  assign perform   = aw_full_q & w_full_q & ~b_full_q;

  // ---------------------------------------------------------------- state
  logic         debug_q;
  logic [15:0]  err_q;
  logic [31:0]  err_cnt_q, vf_ref_q, scratch_q, cnt_sel_q;
  logic [19:0]  cnt_idx_q;
  logic [31:0]  sh_q [5];
  logic [31:0]  prof_q [4][5];
  logic         busy_q;
  logic [1:0]   bank_q;
  logic [63:0]  snap_pkts_q, snap_bytes_q;

  // ---------------------------------------------------------------- write decode
  logic [31:0] wa;          // word address, 32 bits so `define constants compare cleanly
  logic [6:0]  vf_idx;
  logic        refuse, refuse_loc;
  logic [7:0]  code, code_loc;
  logic        wr_ctrl, wr_err, wr_scratch, wr_sel, wr_idx, wr_sh, prof_cmd, cnt_cmd, port_cmd;
  logic        wr_lb, vf_win;
  logic [2:0]  sh_idx;
  logic [8:0]  olen, fmt_end, flow_end, len_end, csum_end;
  logic        fmt_used, flow_used, len_used, csum_used;
  logic [1:0]  pidx, pop;

  // routing to the lb bus is decided from the address alone (its answer,
  // lb_werr_i, comes back combinationally)
  assign wa     = {12'h0, aw_addr_q[19:2], 2'b00};
  assign vf_idx = aw_addr_q[18:12];
  assign vf_win = aw_addr_q[19] & (32'(vf_idx) < 32'(NUM_VF));
  assign wr_lb  = (vf_win && aw_addr_q[11:2] == 10'(`VNR_VF_VF_MTU >> 2)) ||
                  (!aw_addr_q[19] && wa >= 32'(`VNR_EGRESS_BLK_ID) && wa < LB_END);
  assign refuse = wr_lb ? (lb_werr_i != 8'd0) : refuse_loc;
  assign code   = wr_lb ? lb_werr_i : code_loc;

  always_comb begin
    refuse_loc   = 1'b0;
    code_loc     = 8'(`VNR_ERR_NONE);
    wr_ctrl  = 1'b0; wr_err = 1'b0; wr_scratch = 1'b0; wr_sel = 1'b0; wr_sh = 1'b0;
    wr_idx   = 1'b0;
    prof_cmd = 1'b0; cnt_cmd = 1'b0; port_cmd = 1'b0;
    sh_idx   = 3'd0;
    pidx     = w_data_q[`VNR_PROFILE_PROF_CMD_INDEX_LSB +: 2];
    pop      = w_data_q[`VNR_PROFILE_PROF_CMD_OP_LSB +: 2];
    olen     = 9'(sh_q[0][`VNR_PROFILE_PROF_CTRL_OPAQUE_LEN_LSB +: 7]);
    fmt_end  = 9'(sh_q[1][`VNR_PROFILE_PROF_FMT_OFF_LSB +: 8]) + 9'd2;
    flow_end = 9'(sh_q[3][`VNR_PROFILE_PROF_FLOW_OFF_LSB +: 8]) +
               9'(sh_q[3][`VNR_PROFILE_PROF_FLOW_LEN_LSB +: 3]);
    len_end  = 9'(sh_q[4][`VNR_PROFILE_PROF_EDIT_LEN_OFF_LSB +: 8]) + 9'd2;
    csum_end = 9'(sh_q[4][`VNR_PROFILE_PROF_EDIT_CSUM_OFF_LSB +: 8]) + 9'd2;
    fmt_used  = sh_q[0][`VNR_PROFILE_PROF_CTRL_ENABLE_LSB];
    flow_used = sh_q[3][`VNR_PROFILE_PROF_FLOW_LEN_LSB +: 3] != 3'd0;
    len_used  = sh_q[4][`VNR_PROFILE_PROF_EDIT_LEN_EN_LSB];
    csum_used = sh_q[4][`VNR_PROFILE_PROF_EDIT_CSUM_EN_LSB];
    if (wr_lb) begin
      // the classifier's block answers (lb_werr_i)
    end else if (aw_addr_q[19]) begin
      refuse_loc = 1'b1;
      code_loc   = vf_win ? 8'(`VNR_ERR_VF_WRITE) : 8'(`VNR_ERR_BAD_ADDR);
    end else begin
      case (wa)
        `VNR_IDENT_BLK_ID, `VNR_IDENT_BLK_NEXT, `VNR_IDENT_MAGIC, `VNR_IDENT_HW_VERSION,
        `VNR_IDENT_DATA_W, `VNR_IDENT_NUM_VF, `VNR_IDENT_RULES, `VNR_IDENT_PROFILES,
        `VNR_IDENT_COLLATORS, `VNR_IDENT_BUCKETS, `VNR_IDENT_REASONS, `VNR_IDENT_HDR_BYTES,
        `VNR_IDENT_FIFO_BEATS, `VNR_IDENT_BST_LEVELS,
        `VNR_CTRL_BLK_ID, `VNR_CTRL_BLK_NEXT, `VNR_CTRL_ERR_COUNT, `VNR_CTRL_VF_REFUSED,
        `VNR_PROFILE_BLK_ID, `VNR_PROFILE_BLK_NEXT,
        `VNR_COUNTERS_BLK_ID, `VNR_COUNTERS_BLK_NEXT, `VNR_COUNTERS_CNT_STATUS,
        `VNR_COUNTERS_CNT_PKTS_LO, `VNR_COUNTERS_CNT_PKTS_HI,
        `VNR_COUNTERS_CNT_BYTES_LO, `VNR_COUNTERS_CNT_BYTES_HI,
        `VNR_PORTS_BLK_ID, `VNR_PORTS_BLK_NEXT,
        `VNR_PORTS_H2E_IN_LO, `VNR_PORTS_H2E_IN_HI, `VNR_PORTS_E2N_OUT_LO, `VNR_PORTS_E2N_OUT_HI,
        `VNR_PORTS_N2E_IN_LO, `VNR_PORTS_N2E_IN_HI, `VNR_PORTS_E2H_OUT_LO, `VNR_PORTS_E2H_OUT_HI: begin
          refuse_loc = 1'b1; code_loc = 8'(`VNR_ERR_READ_ONLY);
        end
        `VNR_CTRL_CTRL:    wr_ctrl = 1'b1;
        `VNR_CTRL_ERR:     wr_err = 1'b1;
        `VNR_CTRL_SCRATCH: wr_scratch = 1'b1;
        `VNR_PROFILE_PROF_CTRL:     begin wr_sh = 1'b1; sh_idx = 3'd0; end
        `VNR_PROFILE_PROF_FMT:      begin wr_sh = 1'b1; sh_idx = 3'd1; end
        `VNR_PROFILE_PROF_FMT_MASK: begin wr_sh = 1'b1; sh_idx = 3'd2; end
        `VNR_PROFILE_PROF_FLOW:     begin wr_sh = 1'b1; sh_idx = 3'd3; end
        `VNR_PROFILE_PROF_EDIT:     begin wr_sh = 1'b1; sh_idx = 3'd4; end
        `VNR_PROFILE_PROF_CMD: begin
          // validation in error-code_loc order; load (op 2) always succeeds
          refuse_loc = 1'b1;
          if (pop != 2'd1 && pop != 2'd2)      code_loc = 8'(`VNR_ERR_PROF_OP);
          else if (pop == 2'd2)                refuse_loc = 1'b0;
          else if (olen > 9'(`VNR_OPAQUE_MAX)) code_loc = 8'(`VNR_ERR_PROF_OPAQUE_LEN);
          // a field is checked only when in use, so the all-zero reset
          // profile can always be committed (that is how one is disabled)
          else if (fmt_used && fmt_end > olen) code_loc = 8'(`VNR_ERR_PROF_FMT_OFF);
          else if (sh_q[3][`VNR_PROFILE_PROF_FLOW_LEN_LSB +: 3] > 3'd4)
                                               code_loc = 8'(`VNR_ERR_PROF_FLOW_LEN);
          else if (flow_used && flow_end > olen) code_loc = 8'(`VNR_ERR_PROF_FLOW_OFF);
          else if (len_used && len_end > olen)   code_loc = 8'(`VNR_ERR_PROF_LEN_OFF);
          else if (csum_used && csum_end > olen) code_loc = 8'(`VNR_ERR_PROF_CSUM_OFF);
          else                                 refuse_loc = 1'b0;
          prof_cmd = ~refuse_loc;
        end
        `VNR_COUNTERS_CNT_SEL: begin
          // every bank is built (CNT_BANK is no longer used)
          if (32'(w_data_q[`VNR_COUNTERS_CNT_SEL_FUNC_LSB +: 8]) > 32'(NUM_VF)) begin
            refuse_loc = 1'b1; code_loc = 8'(`VNR_ERR_CNT_FUNC);
          end else begin
            wr_sel = 1'b1;
          end
        end
        `VNR_COUNTERS_CNT_IDX: begin
          // rows of the rule banks (2 and 3): 0..RULES-1
          if (32'(w_data_q[`VNR_COUNTERS_CNT_IDX_INDEX_LSB +: 20]) >= 32'(RULES)) begin
            refuse_loc = 1'b1; code_loc = 8'(`VNR_ERR_CNT_IDX);
          end else begin
            wr_idx = 1'b1;
          end
        end
        `VNR_COUNTERS_CNT_CMD: begin
          if (w_data_q[`VNR_COUNTERS_CNT_CMD_GO_LSB]) begin
            if (busy_q) begin
              refuse_loc = 1'b1; code_loc = 8'(`VNR_ERR_CNT_BUSY);
            end else begin
              cnt_cmd = 1'b1;
            end
          end
        end
        `VNR_PORTS_PORT_CMD: port_cmd = w_data_q[`VNR_PORTS_PORT_CMD_GO_LSB];
        default: begin
          refuse_loc = 1'b1; code_loc = 8'(`VNR_ERR_BAD_ADDR);
        end
      endcase
    end
  end

  assign lb_wr_o    = perform & wr_lb;
  assign lb_waddr_o = {aw_addr_q[19:2], 2'b00};
  assign lb_wdata_o = w_data_q;

  logic do_w;
  assign do_w = perform & ~refuse;

  logic [1:0] sel_bank;
  assign sel_bank      = cnt_sel_q[`VNR_COUNTERS_CNT_SEL_BANK_LSB +: 2];
  assign cnt_cmd_o[0]  = perform & cnt_cmd & (sel_bank == 2'd0);
  assign cnt_cmd_o[1]  = perform & cnt_cmd & (sel_bank == 2'd1);
  assign cnt_cmd_o[2]  = perform & cnt_cmd & (sel_bank == 2'd2);
  assign cnt_cmd_o[3]  = perform & cnt_cmd & (sel_bank == 2'd3);
  assign cnt_idx_o     = cnt_idx_q;
  assign cnt_func_o    = cnt_sel_q[`VNR_COUNTERS_CNT_SEL_FUNC_LSB +: 8];
  assign cnt_reason_o  = cnt_sel_q[`VNR_COUNTERS_CNT_SEL_REASON_LSB +: 5];
  assign cnt_clear_o   = cnt_sel_q[`VNR_COUNTERS_CNT_SEL_CLEAR_LSB];
  assign port_cmd_o    = perform & port_cmd;
  assign port_clear_o  = w_data_q[`VNR_PORTS_PORT_CMD_CLEAR_LSB];
  assign debug_o       = debug_q;

  for (genvar p = 0; p < 4; p++) begin : g_prof_o
    for (genvar k = 0; k < 5; k++) begin : g_word
      assign prof_o[(p*5 + k)*32 +: 32] = prof_q[p][k];
    end
  end

  // ---------------------------------------------------------------- AXI channel state
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      aw_full_q <= 1'b0;
      w_full_q  <= 1'b0;
      b_full_q  <= 1'b0;
      ar_full_q <= 1'b0;
      r_full_q  <= 1'b0;
      b_resp_q  <= OKAY;
      r_resp_q  <= OKAY;
      r_data_q  <= '0;
    end else begin
      if (awvalid_i && awready_o) aw_full_q <= 1'b1;
      else if (perform)           aw_full_q <= 1'b0;
      if (wvalid_i && wready_o)   w_full_q <= 1'b1;
      else if (perform)           w_full_q <= 1'b0;
      if (perform) begin
        b_full_q <= 1'b1;
        b_resp_q <= refuse ? SLVERR : OKAY;
      end else if (bready_i && b_full_q) begin
        b_full_q <= 1'b0;
      end
      if (arvalid_i && arready_o) ar_full_q <= 1'b1;
      else if (ar_full_q)         ar_full_q <= 1'b0;
      if (ar_full_q) begin
        r_full_q <= 1'b1;
        r_data_q <= r_data_d;
        r_resp_q <= r_resp_d;
      end else if (rready_i && r_full_q) begin
        r_full_q <= 1'b0;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (awvalid_i && awready_o) aw_addr_q <= awaddr_i;
    if (wvalid_i && wready_o)   w_data_q  <= wdata_i;
    if (arvalid_i && arready_o) ar_addr_q <= araddr_i;
  end

  // ---------------------------------------------------------------- engine state
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      debug_q   <= 1'b0;
      err_q     <= '0;
      err_cnt_q <= '0;
      vf_ref_q  <= '0;
      scratch_q <= '0;
      cnt_sel_q <= '0;
      cnt_idx_q <= '0;
    end else if (perform) begin
      if (refuse) begin
        // a refused write into a mapped VF window (VF_WRITE, or VF_MTU
        // refused by the egress block) names the VF and counts in VF_REFUSED
        err_q     <= {vf_win ? 8'(vf_idx) + 8'd1 : 8'd0, code};
        err_cnt_q <= (err_cnt_q == 32'hffffffff) ? err_cnt_q : err_cnt_q + 32'd1;
        if (vf_win)
          vf_ref_q <= (vf_ref_q == 32'hffffffff) ? vf_ref_q : vf_ref_q + 32'd1;
      end
      if (do_w && wr_ctrl)    debug_q   <= w_data_q[`VNR_CTRL_CTRL_DEBUG_LSB];
      if (do_w && wr_err)     err_q     <= '0;
      if (do_w && wr_scratch) scratch_q <= w_data_q;
      if (do_w && wr_sel)     cnt_sel_q <= w_data_q & M_CNT_SEL;
      if (do_w && wr_idx)     cnt_idx_q <= w_data_q[`VNR_COUNTERS_CNT_IDX_INDEX_LSB +: 20];
    end
  end

  // profile shadow and the four committed profiles: a commit replaces a
  // profile whole in the perform cycle
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      for (int k = 0; k < 5; k++) sh_q[k] <= '0;
      for (int p = 0; p < 4; p++) for (int k = 0; k < 5; k++) prof_q[p][k] <= '0;
    end else if (do_w) begin
      if (wr_sh) begin
        case (sh_idx)
          3'd0:    sh_q[0] <= w_data_q & M_PROF_CTRL;
          3'd1:    sh_q[1] <= w_data_q & M_PROF_FMT;
          3'd2:    sh_q[2] <= w_data_q & M_PROF_MASK;
          3'd3:    sh_q[3] <= w_data_q & M_PROF_FLOW;
          default: sh_q[4] <= w_data_q & M_PROF_EDIT;
        endcase
      end
      if (prof_cmd && pop == 2'd1) for (int k = 0; k < 5; k++) prof_q[pidx][k] <= sh_q[k];
      if (prof_cmd && pop == 2'd2) for (int k = 0; k < 5; k++) sh_q[k] <= prof_q[pidx][k];
    end
  end

  // snapshot of the selected counter: busy from p+1 until its bank delivers
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      busy_q       <= 1'b0;
      bank_q       <= 2'd0;
      snap_pkts_q  <= '0;
      snap_bytes_q <= '0;
    end else begin
      if (perform && cnt_cmd) begin
        busy_q <= 1'b1;
        bank_q <= sel_bank;
      end else if (busy_q && snap_valid_i[bank_q]) begin
        busy_q       <= 1'b0;
        snap_pkts_q  <= snap_pkts_i[64*bank_q +: 64];
        snap_bytes_q <= snap_bytes_i[64*bank_q +: 64];
      end
    end
  end

  // csr addresses are byte addresses; bits [1:0] are ignored (timing.md 6)
  logic unused_addr;
  assign unused_addr = ^{aw_addr_q[1:0], ar_addr_q[1:0]};

  // ---------------------------------------------------------------- read mux
  logic [31:0] ra;
  logic [6:0]  rvf;
  logic        rd_lb;

  assign ra         = {12'h0, ar_addr_q[19:2], 2'b00};
  assign rvf        = ar_addr_q[18:12];
  assign rd_lb      = (ar_addr_q[19] && 32'(rvf) < 32'(NUM_VF) &&
                       ar_addr_q[11:2] == 10'(`VNR_VF_VF_MTU >> 2)) ||
                      (!ar_addr_q[19] && ra >= 32'(`VNR_EGRESS_BLK_ID) && ra < LB_END);
  assign lb_rd_o    = ar_full_q & rd_lb;
  assign lb_raddr_o = {ar_addr_q[19:2], 2'b00};

  always_comb begin
    r_data_d = 32'h0;
    r_resp_d = OKAY;
    if (rd_lb) begin
      r_data_d = lb_rerr_i ? 32'h0 : lb_rdata_i;
      r_resp_d = lb_rerr_i ? SLVERR : OKAY;
    end else if (ar_addr_q[19]) begin
      if (32'(rvf) < 32'(NUM_VF) && ar_addr_q[11:2] == 10'(`VNR_VF_VF_ID >> 2))
        r_data_d = 32'(rvf) + 32'd1;
      else
        r_resp_d = SLVERR;
    end else begin
      case (ra)
        `VNR_IDENT_BLK_ID:     r_data_d = blk(`VNR_BLK_IDENT_TYPE, `VNR_BLK_IDENT_VERSION);
        `VNR_IDENT_BLK_NEXT:   r_data_d = `VNR_IDENT_BLK_NEXT_OFFSET_RESET;
        `VNR_IDENT_MAGIC:      r_data_d = `VNR_ID_MAGIC;
        `VNR_IDENT_HW_VERSION: r_data_d = `VNR_HW_VERSION;
        `VNR_IDENT_DATA_W:     r_data_d = 32'(DATA_W);
        `VNR_IDENT_NUM_VF:     r_data_d = 32'(NUM_VF);
        `VNR_IDENT_RULES:      r_data_d = 32'(RULES);
        `VNR_IDENT_PROFILES:   r_data_d = `VNR_NUM_PROFILES;
        `VNR_IDENT_COLLATORS:  r_data_d = `VNR_NUM_COLLATORS;
        `VNR_IDENT_BUCKETS:    r_data_d = `VNR_IDENT_BUCKETS_COUNT_RESET;
        `VNR_IDENT_REASONS:    r_data_d = `VNR_NUM_REASONS;
        `VNR_IDENT_HDR_BYTES:  r_data_d = (32'(`VNR_HDR_INGRESS) << `VNR_IDENT_HDR_BYTES_INGRESS_LSB) |
                                          (32'(`VNR_HDR_EGRESS) << `VNR_IDENT_HDR_BYTES_EGRESS_LSB);
        `VNR_IDENT_FIFO_BEATS: r_data_d = (32'(FIFO_BEATS_IN) << `VNR_IDENT_FIFO_BEATS_INGRESS_LSB) |
                                          (32'(FIFO_BEATS_EG16) << `VNR_IDENT_FIFO_BEATS_EGRESS_LSB);
        `VNR_IDENT_BST_LEVELS: r_data_d = 32'(BST_LEVELS);
        `VNR_CTRL_BLK_ID:      r_data_d = blk(`VNR_BLK_CTRL_TYPE, `VNR_BLK_CTRL_VERSION);
        `VNR_CTRL_BLK_NEXT:    r_data_d = `VNR_CTRL_BLK_NEXT_OFFSET_RESET;
        `VNR_CTRL_CTRL:        r_data_d = 32'(debug_q) << `VNR_CTRL_CTRL_DEBUG_LSB;
        `VNR_CTRL_ERR:         r_data_d = 32'(err_q);
        `VNR_CTRL_ERR_COUNT:   r_data_d = err_cnt_q;
        `VNR_CTRL_VF_REFUSED:  r_data_d = vf_ref_q;
        `VNR_CTRL_SCRATCH:     r_data_d = scratch_q;
        `VNR_PROFILE_BLK_ID:   r_data_d = blk(`VNR_BLK_PROFILE_TYPE, `VNR_BLK_PROFILE_VERSION);
        `VNR_PROFILE_BLK_NEXT: r_data_d = `VNR_PROFILE_BLK_NEXT_OFFSET_RESET;
        `VNR_PROFILE_PROF_CMD: r_data_d = 32'h0;   // write-only
        `VNR_PROFILE_PROF_CTRL:     r_data_d = sh_q[0];
        `VNR_PROFILE_PROF_FMT:      r_data_d = sh_q[1];
        `VNR_PROFILE_PROF_FMT_MASK: r_data_d = sh_q[2];
        `VNR_PROFILE_PROF_FLOW:     r_data_d = sh_q[3];
        `VNR_PROFILE_PROF_EDIT:     r_data_d = sh_q[4];
        `VNR_COUNTERS_BLK_ID:  r_data_d = blk(`VNR_BLK_COUNTERS_TYPE, `VNR_BLK_COUNTERS_VERSION);
        `VNR_COUNTERS_BLK_NEXT: r_data_d = `VNR_COUNTERS_BLK_NEXT_OFFSET_RESET;
        `VNR_COUNTERS_CNT_SEL: r_data_d = cnt_sel_q;
        `VNR_COUNTERS_CNT_CMD: r_data_d = 32'h0;   // write-only
        `VNR_COUNTERS_CNT_IDX: r_data_d = 32'(cnt_idx_q);
        `VNR_COUNTERS_CNT_STATUS:   r_data_d = 32'(busy_q) << `VNR_COUNTERS_CNT_STATUS_BUSY_LSB;
        `VNR_COUNTERS_CNT_PKTS_LO:  r_data_d = snap_pkts_q[31:0];
        `VNR_COUNTERS_CNT_PKTS_HI:  r_data_d = snap_pkts_q[63:32];
        `VNR_COUNTERS_CNT_BYTES_LO: r_data_d = snap_bytes_q[31:0];
        `VNR_COUNTERS_CNT_BYTES_HI: r_data_d = snap_bytes_q[63:32];
        `VNR_PORTS_BLK_ID:     r_data_d = blk(`VNR_BLK_PORTS_TYPE, `VNR_BLK_PORTS_VERSION);
        `VNR_PORTS_BLK_NEXT:   r_data_d = `VNR_PORTS_BLK_NEXT_OFFSET_RESET;
        `VNR_PORTS_PORT_CMD:   r_data_d = 32'h0;   // write-only
        `VNR_PORTS_H2E_IN_LO:  r_data_d = port_snap_i[0*64 +: 32];
        `VNR_PORTS_H2E_IN_HI:  r_data_d = port_snap_i[0*64 + 32 +: 32];
        `VNR_PORTS_E2N_OUT_LO: r_data_d = port_snap_i[1*64 +: 32];
        `VNR_PORTS_E2N_OUT_HI: r_data_d = port_snap_i[1*64 + 32 +: 32];
        `VNR_PORTS_N2E_IN_LO:  r_data_d = port_snap_i[2*64 +: 32];
        `VNR_PORTS_N2E_IN_HI:  r_data_d = port_snap_i[2*64 + 32 +: 32];
        `VNR_PORTS_E2H_OUT_LO: r_data_d = port_snap_i[3*64 +: 32];
        `VNR_PORTS_E2H_OUT_HI: r_data_d = port_snap_i[3*64 + 32 +: 32];
        default:               r_resp_d = SLVERR;
      endcase
    end
  end
endmodule
