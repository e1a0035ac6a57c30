`include "vnr_regs.svh"
// Ingress register block (regmap block `ingress` at 0x0800), docs/ingress.md
// section 6 and timing.md section 2. Same bus protocol as egress_regs:
// lb_wr_i is the perform cycle m of a write, lb_werr_o answers in m, an
// accepted write takes effect from m+1; lb_rd_i is the cycle a read is
// answered from the state of that cycle.
//
// Key definition: KEY_CMD commit replaces collators and mask at the end of m
// (the classifier takes them in the cycle of its window, so frames with
// c = m+1 see the new definition whole). Load copies them into the shadow.
//
// Rule table (port B of irule_table, addressed by the slot of the pending
// command, read every cycle): IRULE_CMD sets busy for m+1 .. m+CLS_LAT
// (busy_q counts CLS_LAT .. 1). IRULE_SH cannot change while busy, so the
// table write takes the shadow as it stood at m:
//   commit: written in cycle m+WR_AT, the cycle in which a lookup that
//           sampled at m reads the table (that read gets the old data, read
//           first); lookups with c >= m+1 read at m+WR_AT+1 or later.
//   load:   read in m+CLS_LAT-1, the data (tb_ldata_i) lands in IRULE_SH at
//           the end of m+CLS_LAT.
module ingress_regs #(
  parameter int NUM_VF = 64,
  parameter int RULES  = 4096,
  parameter int WR_AT  = 4     // the classifier reads its table in c+WR_AT
) (
  input  logic          clk_i,
  input  logic          rst_i,
  input  logic          lb_wr_i,
  input  logic [19:0]   lb_waddr_i,
  input  logic [31:0]   lb_wdata_i,
  output logic [7:0]    lb_werr_o,
  input  logic          lb_rd_i,
  input  logic [19:0]   lb_raddr_i,
  output logic [31:0]   lb_rdata_o,
  output logic          lb_rerr_o,
  // key definition in force
  output logic [63:0]   coll_o,      // collator c: off [16c +: 8], len [16c+8 +: 8]
  output logic [1023:0] mask_o,      // mask byte j at [8j +: 8]
  // rule table, port B (row layout in irule_table)
  output logic          tb_wr_o,
  output logic [19:0]   tb_slot_o,
  output logic [1157:0] tb_wdata_o,
  input  logic [1157:0] tb_ldata_i   // slot tb_slot_o as read in the previous cycle
);
  localparam int CLS = `VNR_CLS_LAT;
  localparam int KB  = `VNR_KEY_BYTES;
  localparam int NC  = `VNR_NUM_COLLATORS;
  localparam int MW  = KB / 4;
  localparam int IW  = `VNR_IRULE_SH_WORDS;
  localparam int SPAN = `VNR_COLL_SPAN;
  // table row: key bytes 0..127, then the rule fields
  localparam int R_VALID = 8 * KB, R_ACT = R_VALID + 1, R_KSHORT = R_VALID + 3,
                 R_PROF = R_VALID + 4, R_VF = R_VALID + 6, R_TTL = R_VALID + 14,
                 R_ETH = R_VALID + 22;

  localparam logic [31:0] A_COLL_SH  = `VNR_INGRESS_COLL_SH;
  localparam logic [31:0] A_MASK_SH  = `VNR_INGRESS_MASK_SH;
  localparam logic [31:0] A_IRULE_SH = `VNR_INGRESS_IRULE_SH;

  // IRULE_SH words keep only the bits of their layout's fields
  function automatic logic [31:0] irule_mask(input logic [5:0] k);
    case (k)
      6'd32:   irule_mask = 32'h00ff_ff3f;   // valid, action, kshort, profile, vf, ttl_dec
      6'd35:   irule_mask = 32'h0000_ffff;   // inner_smac_hi
      default: irule_mask = 32'hffff_ffff;   // key words, dmac_hi + inner_type, dmac_lo, smac_lo
    endcase
  endfunction

  // ---------------------------------------------------------------- state
  logic [15:0] csh_q  [NC];    // COLL_SH
  logic [31:0] msh_q  [MW];    // MASK_SH
  logic [15:0] coll_q [NC];    // definition in force
  logic [31:0] mask_q [MW];
  logic [31:0] ish_q  [IW];    // IRULE_SH
  logic [4:0]  busy_q;
  logic        cmt_q, ld_q;
  logic [19:0] idx_q;
  logic        busy;
  logic        rng_q, tot_q, act_q, vf_q;   // commit checks of the shadows (below)

  assign busy = busy_q != 5'd0;

  // ---------------------------------------------------------------- write decode
  logic [31:0] wa;
  logic [7:0]  code;
  logic        w_csh, w_msh, w_ish, k_commit, k_load, r_commit, r_load;
  logic [1:0]  csh_k;
  logic [4:0]  msh_k;
  logic [5:0]  ish_k;
  logic [1:0]  op_key, op_rule;
  logic [19:0] r_idx;

  always_comb begin
    wa       = {12'h0, lb_waddr_i[19:2], 2'b00};
    code     = 8'(`VNR_ERR_NONE);
    w_csh = 1'b0; w_msh = 1'b0; w_ish = 1'b0;
    k_commit = 1'b0; k_load = 1'b0; r_commit = 1'b0; r_load = 1'b0;
    csh_k    = 2'((wa - A_COLL_SH) >> 2);
    msh_k    = 5'((wa - A_MASK_SH) >> 2);
    ish_k    = 6'((wa - A_IRULE_SH) >> 2);
    op_key   = lb_wdata_i[`VNR_INGRESS_KEY_CMD_OP_LSB +: 2];
    op_rule  = lb_wdata_i[`VNR_INGRESS_IRULE_CMD_OP_LSB +: 2];
    r_idx    = lb_wdata_i[`VNR_INGRESS_IRULE_CMD_INDEX_LSB +: 20];
    if (wa >= A_COLL_SH && wa < A_COLL_SH + 32'(4 * NC)) begin
      w_csh = 1'b1;
    end else if (wa >= A_MASK_SH && wa < A_MASK_SH + 32'(4 * MW)) begin
      w_msh = 1'b1;
    end else if (wa >= A_IRULE_SH && wa < A_IRULE_SH + 32'(4 * IW)) begin
      if (busy) code = 8'(`VNR_ERR_IRULE_BUSY);
      else      w_ish = 1'b1;
    end else begin
      case (wa)
        `VNR_INGRESS_BLK_ID, `VNR_INGRESS_BLK_NEXT, `VNR_INGRESS_IRULE_STATUS:
          code = 8'(`VNR_ERR_READ_ONLY);
        `VNR_INGRESS_KEY_CMD: begin
          if (op_key != 2'd1 && op_key != 2'd2)
            code = 8'(`VNR_ERR_CMD_OP);
          else if (op_key == 2'd1 && rng_q)
            code = 8'(`VNR_ERR_COLL_RANGE);
          else if (op_key == 2'd1 && tot_q)
            code = 8'(`VNR_ERR_COLL_TOTAL);
          else begin
            k_commit = op_key == 2'd1;
            k_load   = op_key == 2'd2;
          end
        end
        `VNR_INGRESS_IRULE_CMD: begin
          if (op_rule != 2'd1 && op_rule != 2'd2)
            code = 8'(`VNR_ERR_CMD_OP);
          else if (busy)
            code = 8'(`VNR_ERR_IRULE_BUSY);
          else if (32'(r_idx) >= 32'(RULES))
            code = 8'(`VNR_ERR_IRULE_INDEX);
          else if (op_rule == 2'd1 && act_q)
            code = 8'(`VNR_ERR_IRULE_ACTION);
          else if (op_rule == 2'd1 && vf_q)
            code = 8'(`VNR_ERR_IRULE_VF);
          else begin
            r_commit = op_rule == 2'd1;
            r_load   = op_rule == 2'd2;
          end
        end
        default: code = 8'(`VNR_ERR_BAD_ADDR);
      endcase
    end
    if (!lb_wr_i) begin
      code = 8'(`VNR_ERR_NONE);
      w_csh = 1'b0; w_msh = 1'b0; w_ish = 1'b0;
      k_commit = 1'b0; k_load = 1'b0; r_commit = 1'b0; r_load = 1'b0;
    end
  end

  assign lb_werr_o = code;

  // ---------------------------------------------------------------- outputs
  for (genvar c = 0; c < NC; c++) begin : g_coll
    assign coll_o[16*c +: 16] = coll_q[c];
  end
  for (genvar j = 0; j < KB; j++) begin : g_mask
    assign mask_o[8*j +: 8] = mask_q[j / 4][31 - 8*(j % 4) -: 8];
  end

  // shadow words -> table row
  always_comb begin
    for (int j = 0; j < KB; j++) tb_wdata_o[8*j +: 8] = ish_q[j / 4][31 - 8*(j % 4) -: 8];
    tb_wdata_o[R_VALID]       = ish_q[32][0];
    tb_wdata_o[R_ACT +: 2]    = ish_q[32][2:1];
    tb_wdata_o[R_KSHORT]      = ish_q[32][3];
    tb_wdata_o[R_PROF +: 2]   = ish_q[32][5:4];
    tb_wdata_o[R_VF +: 8]     = ish_q[32][15:8];
    tb_wdata_o[R_TTL +: 8]    = ish_q[32][23:16];
    // inner Ethernet header as sent: dmac 0..5, smac 0..5, type
    tb_wdata_o[R_ETH +: 112]  = {ish_q[33][23:16], ish_q[33][31:24],           // type lo, hi
                                 ish_q[36][7:0], ish_q[36][15:8], ish_q[36][23:16], ish_q[36][31:24],
                                 ish_q[35][7:0], ish_q[35][15:8],
                                 ish_q[34][7:0], ish_q[34][15:8], ish_q[34][23:16], ish_q[34][31:24],
                                 ish_q[33][7:0], ish_q[33][15:8]};
  end

  // table row -> shadow words
  logic [31:0] ldw [IW];
  always_comb begin
    for (int k = 0; k < KB / 4; k++)
      ldw[k] = {tb_ldata_i[8*(4*k) +: 8], tb_ldata_i[8*(4*k + 1) +: 8],
                tb_ldata_i[8*(4*k + 2) +: 8], tb_ldata_i[8*(4*k + 3) +: 8]};
    ldw[32] = {8'h0, tb_ldata_i[R_TTL +: 8], tb_ldata_i[R_VF +: 8], 2'b00,
               tb_ldata_i[R_PROF +: 2], tb_ldata_i[R_KSHORT], tb_ldata_i[R_ACT +: 2],
               tb_ldata_i[R_VALID]};
    ldw[33] = {tb_ldata_i[R_ETH + 8*12 +: 8], tb_ldata_i[R_ETH + 8*13 +: 8],
               tb_ldata_i[R_ETH + 8*0 +: 8], tb_ldata_i[R_ETH + 8*1 +: 8]};
    ldw[34] = {tb_ldata_i[R_ETH + 8*2 +: 8], tb_ldata_i[R_ETH + 8*3 +: 8],
               tb_ldata_i[R_ETH + 8*4 +: 8], tb_ldata_i[R_ETH + 8*5 +: 8]};
    ldw[35] = {16'h0, tb_ldata_i[R_ETH + 8*6 +: 8], tb_ldata_i[R_ETH + 8*7 +: 8]};
    ldw[36] = {tb_ldata_i[R_ETH + 8*8 +: 8], tb_ldata_i[R_ETH + 8*9 +: 8],
               tb_ldata_i[R_ETH + 8*10 +: 8], tb_ldata_i[R_ETH + 8*11 +: 8]};
  end

  assign tb_slot_o = idx_q;
  assign tb_wr_o   = cmt_q && busy_q == 5'(CLS + 1 - WR_AT);

  // ---------------------------------------------------------------- registers
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      for (int c = 0; c < NC; c++) begin
        csh_q[c]  <= '0;
        coll_q[c] <= '0;
      end
      for (int k = 0; k < MW; k++) begin
        msh_q[k]  <= '0;
        mask_q[k] <= '0;
      end
    end else begin
      if (k_commit) begin
        for (int c = 0; c < NC; c++) coll_q[c] <= csh_q[c];
        for (int k = 0; k < MW; k++) mask_q[k] <= msh_q[k];
      end
      if (k_load) begin
        for (int c = 0; c < NC; c++) csh_q[c] <= coll_q[c];
        for (int k = 0; k < MW; k++) msh_q[k] <= mask_q[k];
      end
      if (w_csh) csh_q[csh_k] <= lb_wdata_i[15:0];
      if (w_msh) msh_q[msh_k] <= lb_wdata_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      busy_q <= '0;
      cmt_q  <= 1'b0;
      ld_q   <= 1'b0;
      idx_q  <= '0;
    end else if (r_commit || r_load) begin
      busy_q <= 5'(CLS);
      cmt_q  <= r_commit;
      ld_q   <= r_load;
      idx_q  <= r_idx;
    end else if (busy) begin
      busy_q <= busy_q - 5'd1;
    end
  end

  // the load lands at the end of m+CLS_LAT (busy_q == 1); IRULE_SH writes
  // are refused while busy, so the two never meet
  logic ld_land;
  assign ld_land = ld_q && busy_q == 5'd1;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      for (int k = 0; k < IW; k++) ish_q[k] <= '0;
    end else begin
      if (ld_land) for (int k = 0; k < IW; k++) ish_q[k] <= ldw[k];
      if (w_ish) ish_q[ish_k] <= lb_wdata_i & irule_mask(ish_k);
    end
  end

  // Commit checks on the shadows, registered to keep them off the write
  // decode: a write performs at most every other cycle (timing.md 2: b_full
  // is set in m+1), so a flag computed in m+1 from a shadow written in m is
  // in place for the next command. The one shadow change that a command can
  // follow directly is the load landing at the end of m+CLS_LAT (busy ends
  // there): its flags come from the loaded row in the same edge.
  logic       rng_d;
  logic [8:0] tot_d;

  always_comb begin
    rng_d = 1'b0;
    tot_d = 9'd0;
    for (int c = 0; c < NC; c++) begin
      if (csh_q[c][15:8] > 8'(KB) ||
          10'(csh_q[c][7:0]) + 10'(csh_q[c][15:8]) > 10'(SPAN)) rng_d = 1'b1;
      tot_d = tot_d + 9'(csh_q[c][15:8]);
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      rng_q <= 1'b0;
      tot_q <= 1'b0;
      act_q <= 1'b0;
      vf_q  <= 1'b0;
    end else begin
      rng_q <= rng_d;
      tot_q <= tot_d > 9'(KB);
      if (ld_land) begin
        act_q <= ldw[32][2:1] == 2'd3;
        vf_q  <= 32'(ldw[32][15:8]) > 32'(NUM_VF);
      end else begin
        act_q <= ish_q[32][2:1] == 2'd3;
        vf_q  <= 32'(ish_q[32][15:8]) > 32'(NUM_VF);
      end
    end
  end

  // ---------------------------------------------------------------- read mux
  logic [31:0] ra;
  logic [1:0]  rcsh_k;
  logic [4:0]  rmsh_k;
  logic [5:0]  rish_k;

  always_comb begin
    ra         = {12'h0, lb_raddr_i[19:2], 2'b00};
    rcsh_k     = 2'((ra - A_COLL_SH) >> 2);
    rmsh_k     = 5'((ra - A_MASK_SH) >> 2);
    rish_k     = 6'((ra - A_IRULE_SH) >> 2);
    lb_rdata_o = '0;
    lb_rerr_o  = 1'b0;
    if (ra >= A_COLL_SH && ra < A_COLL_SH + 32'(4 * NC)) begin
      lb_rdata_o = 32'(csh_q[rcsh_k]);
    end else if (ra >= A_MASK_SH && ra < A_MASK_SH + 32'(4 * MW)) begin
      lb_rdata_o = msh_q[rmsh_k];
    end else if (ra >= A_IRULE_SH && ra < A_IRULE_SH + 32'(4 * IW)) begin
      lb_rdata_o = ish_q[rish_k];
    end else begin
      case (ra)
        `VNR_INGRESS_BLK_ID:       lb_rdata_o = (32'(`VNR_BLK_INGRESS_TYPE) << 16) |
                                                32'(`VNR_BLK_INGRESS_VERSION);
        `VNR_INGRESS_BLK_NEXT:     lb_rdata_o = 32'(`VNR_INGRESS_BLK_NEXT_OFFSET_RESET);
        `VNR_INGRESS_IRULE_STATUS: lb_rdata_o = 32'(busy) << `VNR_INGRESS_IRULE_STATUS_BUSY_LSB;
        `VNR_INGRESS_KEY_CMD, `VNR_INGRESS_IRULE_CMD: lb_rdata_o = '0;
        default:                   lb_rerr_o = 1'b1;
      endcase
    end
    if (!lb_rd_i) begin
      lb_rdata_o = '0;
      lb_rerr_o  = 1'b0;
    end
  end

  logic unused_lb;
  assign unused_lb = ^{lb_waddr_i[1:0], lb_raddr_i[1:0]};
endmodule
