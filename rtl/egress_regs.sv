`include "vnr_regs.svh"
// Egress register block (regmap block `egress` at 0x0500, and VF_MTU in the
// VF windows), timing.md section 2. lb_wr_i is the perform cycle m of a
// write: lb_werr_o answers in m, an accepted write takes effect from m+1.
// lb_rd_i is the cycle a read is answered from the state of that cycle.
//
// VF_CMD / RULE_CMD load read the block RAM in m; its output is there in
// m+1, when the shadow is updated. A read of the shadow in m+1 is answered
// from the RAM output (ld_q), so the load looks whole from m+1 on.
module egress_regs #(
  parameter int NUM_VF = 64,
  parameter int RULES  = 4096
) (
  input  logic                 clk_i,
  input  logic                 rst_i,
  input  logic                 lb_wr_i,
  input  logic [19:0]          lb_waddr_i,
  input  logic [31:0]          lb_wdata_i,
  output logic [7:0]           lb_werr_o,
  input  logic                 lb_rd_i,
  input  logic [19:0]          lb_raddr_i,
  output logic [31:0]          lb_rdata_o,
  output logic                 lb_rerr_o,
  // configuration for lookups
  output logic [4:0]           trap_o,
  output logic [NUM_VF*16-1:0] mtu_o,       // VF f at [(f-1)*16 +: 16]
  output logic [15:0]          pfmax_o,     // PF_MAX_MTU (the PF's TSO clamp)
  output logic                 active_o,
  // VF table, port B
  output logic                 vf_wr_o,
  output logic [7:0]           vf_func_o,
  output logic [543:0]         vf_wdata_o,
  input  logic [543:0]         vf_ldata_i,
  // rule table, port B
  output logic                 rule_wr_o,
  output logic                 rule_bank_o,
  output logic [19:0]          rule_idx_o,
  output logic [1183:0]        rule_wdata_o,
  input  logic [1183:0]        rule_ldata_i,
  // lookup tree writes
  output logic                 bst_node_o,
  output logic                 bst_leaf_o,
  output logic                 bst_bank_o,
  output logic [4:0]           bst_level_o,
  output logic [19:0]          bst_index_o,
  output logic [185:0]         bst_key_o,
  output logic [20:0]          bst_leafd_o
);
  localparam int LV     = $clog2(RULES) + 2;
  localparam int CLS_EG = `VNR_CLS_LAT_EG_BASE + 2 * LV;
  localparam int VFW    = `VNR_VF_SH_WORDS;
  localparam int RUW    = `VNR_RULE_SH_WORDS;
  localparam int KW     = `VNR_BST_KEY_WORDS;
  localparam int MI     = (NUM_VF > 1) ? $clog2(NUM_VF) : 1;

  localparam logic [31:0] A_VF_SH   = `VNR_EGRESS_VF_SH;
  localparam logic [31:0] A_RULE_SH = `VNR_EGRESS_RULE_SH;
  localparam logic [31:0] A_BST_KEY = `VNR_EGRESS_BST_KEY;
  localparam logic [31:0] M_BST_SEL = 32'hdf0f_ffff;

  // shadow words keep only the bits of their layout's fields
  function automatic logic [31:0] vf_mask(input int k);
    case (k)
      0:       vf_mask = 32'h0000_0007;
      1:       vf_mask = 32'h0000_ffff;
      15, 16:  vf_mask = 32'h1fff_1fff;
      default: vf_mask = 32'hffff_ffff;
    endcase
  endfunction
  function automatic logic [31:0] rule_mask(input int k);
    case (k)
      0:       rule_mask = 32'h007f_01ff;
      1, 3:    rule_mask = 32'h0000_ffff;
      default: rule_mask = 32'hffff_ffff;
    endcase
  endfunction
  function automatic logic [31:0] key_mask(input int k);
    key_mask = (k == 5) ? 32'h03ff_ffff : 32'hffff_ffff;
  endfunction

  // ---------------------------------------------------------------- state
  logic [4:0]  trap_q;
  logic [15:0] pfmax_q;
  logic [7:0]  msel_q;
  logic [15:0] mtu_q [NUM_VF];
  logic [31:0] vfsh_q [VFW];
  logic [31:0] rsh_q  [RUW];
  logic [31:0] key_q  [KW];
  logic [31:0] bsel_q;
  logic        active_q;
  logic [6:0]  settle_q;
  logic        vf_lp_q, rule_lp_q;
  logic        settling;

  assign settling = settle_q != 7'd0;

  // ---------------------------------------------------------------- write decode
  logic [31:0] wa;
  logic [7:0]  code;
  logic [15:0] wv;
  logic [7:0]  wvf;
  logic        w_trap, w_pfmax, w_msel, w_mval, w_vfmtu, w_vfsh, w_rsh, w_key, w_bsel;
  logic        vf_commit, vf_load, r_commit, r_load, b_write, b_flip;
  logic [4:0]  vfsh_k;
  logic [5:0]  rsh_k;
  logic [2:0]  key_k;
  logic [1:0]  op_vf, op_rule;
  logic [7:0]  vf_idx;
  logic [19:0] r_idx;
  logic [4:0]  b_level;
  logic [19:0] b_index;
  logic        b_leaf, b_bank;

  always_comb begin
    wa       = {12'h0, lb_waddr_i[19:2], 2'b00};
    wv       = lb_wdata_i[15:0];
    wvf      = 8'(lb_waddr_i[18:12]) + 8'd1;
    code     = 8'(`VNR_ERR_NONE);
    w_trap = 1'b0; w_pfmax = 1'b0; w_msel = 1'b0; w_mval = 1'b0; w_vfmtu = 1'b0;
    w_vfsh = 1'b0; w_rsh = 1'b0; w_key = 1'b0; w_bsel = 1'b0;
    vf_commit = 1'b0; vf_load = 1'b0; r_commit = 1'b0; r_load = 1'b0;
    b_write = 1'b0; b_flip = 1'b0;
    vfsh_k   = 5'((wa - A_VF_SH) >> 2);
    rsh_k    = 6'((wa - A_RULE_SH) >> 2);
    key_k    = 3'((wa - A_BST_KEY) >> 2);
    op_vf    = lb_wdata_i[`VNR_EGRESS_VF_CMD_OP_LSB +: 2];
    op_rule  = lb_wdata_i[`VNR_EGRESS_RULE_CMD_OP_LSB +: 2];
    vf_idx   = lb_wdata_i[`VNR_EGRESS_VF_CMD_INDEX_LSB +: 8];
    r_idx    = lb_wdata_i[`VNR_EGRESS_RULE_CMD_INDEX_LSB +: 20];
    b_level  = bsel_q[`VNR_EGRESS_BST_SEL_LEVEL_LSB +: 5];
    b_index  = bsel_q[`VNR_EGRESS_BST_SEL_INDEX_LSB +: 20];
    b_leaf   = bsel_q[`VNR_EGRESS_BST_SEL_LEAF_LSB];
    b_bank   = bsel_q[`VNR_EGRESS_BST_SEL_BANK_LSB];
    if (lb_waddr_i[19]) begin
      // VF window: only VF_MTU reaches this block
      if (32'(lb_waddr_i[18:12]) >= 32'(NUM_VF) || lb_waddr_i[11:2] != 10'(`VNR_VF_VF_MTU >> 2))
        code = 8'(`VNR_ERR_VF_WRITE);
      else if (wv < 16'(`VNR_MTU_MIN) || wv > pfmax_q)
        code = 8'(`VNR_ERR_MTU_RANGE);
      else
        w_vfmtu = 1'b1;
    end else if (wa >= A_VF_SH && wa < A_VF_SH + 32'(4 * VFW)) begin
      w_vfsh = 1'b1;
    end else if (wa >= A_RULE_SH && wa < A_RULE_SH + 32'(4 * RUW)) begin
      w_rsh = 1'b1;
    end else if (wa >= A_BST_KEY && wa < A_BST_KEY + 32'(4 * KW)) begin
      w_key = 1'b1;
    end else begin
      case (wa)
        `VNR_EGRESS_BLK_ID, `VNR_EGRESS_BLK_NEXT, `VNR_EGRESS_BST_STATUS:
          code = 8'(`VNR_ERR_READ_ONLY);
        `VNR_EGRESS_TRAP_CTRL: w_trap = 1'b1;
        `VNR_EGRESS_PF_MAX_MTU: begin
          if (wv < 16'(`VNR_MTU_MIN)) code = 8'(`VNR_ERR_MTU_RANGE);
          else                        w_pfmax = 1'b1;
        end
        `VNR_EGRESS_MTU_SEL: begin
          if (lb_wdata_i[7:0] == 8'd0 || 32'(lb_wdata_i[7:0]) > 32'(NUM_VF))
            code = 8'(`VNR_ERR_MTU_FUNC);
          else
            w_msel = 1'b1;
        end
        `VNR_EGRESS_MTU_VAL: begin
          if (wv < 16'(`VNR_MTU_MIN) || wv > pfmax_q) code = 8'(`VNR_ERR_MTU_RANGE);
          else                                        w_mval = 1'b1;
        end
        `VNR_EGRESS_VF_CMD: begin
          if (op_vf != 2'd1 && op_vf != 2'd2)
            code = 8'(`VNR_ERR_CMD_OP);
          else if (vf_idx == 8'd0 || 32'(vf_idx) > 32'(NUM_VF))
            code = 8'(`VNR_ERR_VF_INDEX);
          else begin
            vf_commit = op_vf == 2'd1;
            vf_load   = op_vf == 2'd2;
          end
        end
        `VNR_EGRESS_RULE_CMD: begin
          if (op_rule != 2'd1 && op_rule != 2'd2)
            code = 8'(`VNR_ERR_CMD_OP);
          else if (settling)
            code = 8'(`VNR_ERR_BST_SETTLING);
          else if (32'(r_idx) >= 32'(RULES))
            code = 8'(`VNR_ERR_RULE_INDEX);
          else if (op_rule == 2'd1 &&
                   rsh_q[0][`VNR_META_RULE_OPAQUE_LEN_LSB +: 7] > 7'(`VNR_OPAQUE_MAX))
            code = 8'(`VNR_ERR_RULE_OPAQUE);
          else begin
            r_commit = op_rule == 2'd1;
            r_load   = op_rule == 2'd2;
          end
        end
        `VNR_EGRESS_BST_SEL: w_bsel = 1'b1;
        `VNR_EGRESS_BST_CMD: begin
          if (lb_wdata_i[`VNR_EGRESS_BST_CMD_WRITE_LSB]) begin
            if (settling)                          code = 8'(`VNR_ERR_BST_SETTLING);
            else if (b_bank == active_q)           code = 8'(`VNR_ERR_BST_ACTIVE);
            else if (!b_leaf && 32'(b_level) >= 32'(LV))
                                                   code = 8'(`VNR_ERR_BST_LEVEL);
            else if (!b_leaf && 32'(b_index) >= (32'd1 << b_level))
                                                   code = 8'(`VNR_ERR_BST_INDEX);
            else if (b_leaf && 32'(b_index) >= (32'd1 << LV))
                                                   code = 8'(`VNR_ERR_BST_INDEX);
            else begin
              b_write = 1'b1;
              b_flip  = lb_wdata_i[`VNR_EGRESS_BST_CMD_FLIP_LSB];
            end
          end else if (lb_wdata_i[`VNR_EGRESS_BST_CMD_FLIP_LSB]) begin
            if (settling) code = 8'(`VNR_ERR_BST_SETTLING);
            else          b_flip = 1'b1;
          end
        end
        default: code = 8'(`VNR_ERR_BAD_ADDR);
      endcase
    end
    if (!lb_wr_i) begin
      code = 8'(`VNR_ERR_NONE);
      w_trap = 1'b0; w_pfmax = 1'b0; w_msel = 1'b0; w_mval = 1'b0; w_vfmtu = 1'b0;
      w_vfsh = 1'b0; w_rsh = 1'b0; w_key = 1'b0; w_bsel = 1'b0;
      vf_commit = 1'b0; vf_load = 1'b0; r_commit = 1'b0; r_load = 1'b0;
      b_write = 1'b0; b_flip = 1'b0;
    end
  end

  assign lb_werr_o = code;

  // ---------------------------------------------------------------- table ports
  for (genvar k = 0; k < VFW; k++) begin : g_vfw
    assign vf_wdata_o[32*k +: 32] = vfsh_q[k];
  end
  for (genvar k = 0; k < RUW; k++) begin : g_rw
    assign rule_wdata_o[32*k +: 32] = rsh_q[k];
  end
  assign vf_wr_o     = vf_commit;
  assign vf_func_o   = vf_idx;
  assign rule_wr_o   = r_commit;
  // RULE_CMD commits and loads the inactive bank, whatever BST_SEL says
  assign rule_bank_o = ~active_q;
  assign rule_idx_o  = r_idx;
  assign bst_node_o  = b_write & ~b_leaf;
  assign bst_leaf_o  = b_write & b_leaf;
  assign bst_bank_o  = b_bank;
  assign bst_level_o = b_level;
  assign bst_index_o = b_index;
  assign bst_key_o   = {key_q[5][25:0], key_q[4], key_q[3], key_q[2], key_q[1], key_q[0]};
  assign bst_leafd_o = {key_q[0][`VNR_META_LEAF_HIT_LSB], key_q[0][`VNR_META_LEAF_RULE_LSB +: 20]};
  assign trap_o      = trap_q;
  assign pfmax_o = pfmax_q;
  assign active_o    = active_q;
  for (genvar f = 0; f < NUM_VF; f++) begin : g_mtu
    assign mtu_o[16*f +: 16] = mtu_q[f];
  end

  // ---------------------------------------------------------------- registers
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      trap_q    <= '0;
      pfmax_q   <= 16'(`VNR_PF_MAX_MTU_DEFAULT);
      msel_q    <= 8'(`VNR_EGRESS_MTU_SEL_FUNC_RESET);
      bsel_q    <= '0;
      active_q  <= 1'b0;
      settle_q  <= '0;
      vf_lp_q   <= 1'b0;
      rule_lp_q <= 1'b0;
      for (int f = 0; f < NUM_VF; f++) mtu_q[f] <= 16'(`VNR_MTU_DEFAULT);
      for (int k = 0; k < KW; k++) key_q[k] <= '0;
    end else begin
      vf_lp_q   <= vf_load;
      rule_lp_q <= r_load;
      if (w_trap)  trap_q  <= lb_wdata_i[4:0];
      if (w_pfmax) pfmax_q <= wv;
      if (w_msel)  msel_q  <= lb_wdata_i[7:0];
      if (w_bsel)  bsel_q  <= lb_wdata_i & M_BST_SEL;
      if (w_key)   key_q[key_k] <= lb_wdata_i & key_mask(32'(key_k));
      for (int f = 0; f < NUM_VF; f++) begin
        if (w_mval && msel_q == 8'(f + 1)) mtu_q[f] <= wv;
        if (w_vfmtu && wvf == 8'(f + 1))   mtu_q[f] <= wv;
      end
      if (b_flip) begin
        active_q <= ~active_q;
        settle_q <= 7'(CLS_EG);
      end else if (settle_q != 7'd0) begin
        settle_q <= settle_q - 7'd1;
      end
    end
  end

  // shadows: a load lands in m+1; a write in that same cycle (which the AXI
  // port cannot produce) would win for its word
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      for (int k = 0; k < VFW; k++) vfsh_q[k] <= '0;
      for (int k = 0; k < RUW; k++) rsh_q[k] <= '0;
    end else begin
      if (vf_lp_q)   for (int k = 0; k < VFW; k++) vfsh_q[k] <= vf_ldata_i[32*k +: 32];
      if (rule_lp_q) for (int k = 0; k < RUW; k++) rsh_q[k] <= rule_ldata_i[32*k +: 32];
      if (w_vfsh) vfsh_q[vfsh_k] <= lb_wdata_i & vf_mask(32'(vfsh_k));
      if (w_rsh)  rsh_q[rsh_k]   <= lb_wdata_i & rule_mask(32'(rsh_k));
    end
  end

  // ---------------------------------------------------------------- read mux
  logic [31:0] ra;
  logic [4:0]  rvfsh_k;
  logic [5:0]  rrsh_k;
  logic [2:0]  rkey_k;
  logic [7:0]  rvf;

  always_comb begin
    ra         = {12'h0, lb_raddr_i[19:2], 2'b00};
    rvfsh_k    = 5'((ra - A_VF_SH) >> 2);
    rrsh_k     = 6'((ra - A_RULE_SH) >> 2);
    rkey_k     = 3'((ra - A_BST_KEY) >> 2);
    rvf        = 8'(lb_raddr_i[18:12]);
    lb_rdata_o = '0;
    lb_rerr_o  = 1'b0;
    if (lb_raddr_i[19]) begin
      if (32'(rvf) < 32'(NUM_VF) && lb_raddr_i[11:2] == 10'(`VNR_VF_VF_MTU >> 2))
        lb_rdata_o = 32'(mtu_q[MI'(rvf)]);
      else
        lb_rerr_o = 1'b1;
    end else if (ra >= A_VF_SH && ra < A_VF_SH + 32'(4 * VFW)) begin
      lb_rdata_o = vf_lp_q ? vf_ldata_i[32*rvfsh_k +: 32] : vfsh_q[rvfsh_k];
    end else if (ra >= A_RULE_SH && ra < A_RULE_SH + 32'(4 * RUW)) begin
      lb_rdata_o = rule_lp_q ? rule_ldata_i[32*rrsh_k +: 32] : rsh_q[rrsh_k];
    end else if (ra >= A_BST_KEY && ra < A_BST_KEY + 32'(4 * KW)) begin
      lb_rdata_o = key_q[rkey_k];
    end else begin
      case (ra)
        `VNR_EGRESS_BLK_ID:     lb_rdata_o = (32'(`VNR_BLK_EGRESS_TYPE) << 16) | 32'(`VNR_BLK_EGRESS_VERSION);
        `VNR_EGRESS_BLK_NEXT:   lb_rdata_o = 32'(`VNR_EGRESS_BLK_NEXT_OFFSET_RESET);
        `VNR_EGRESS_TRAP_CTRL:  lb_rdata_o = 32'(trap_q);
        `VNR_EGRESS_PF_MAX_MTU: lb_rdata_o = 32'(pfmax_q);
        `VNR_EGRESS_MTU_SEL:    lb_rdata_o = 32'(msel_q);
        `VNR_EGRESS_MTU_VAL:    lb_rdata_o = 32'(mtu_q[MI'(msel_q - 8'd1)]);
        `VNR_EGRESS_BST_SEL:    lb_rdata_o = bsel_q;
        `VNR_EGRESS_BST_STATUS: lb_rdata_o = (32'(settling) << `VNR_EGRESS_BST_STATUS_SETTLING_LSB) |
                                             (32'(active_q) << `VNR_EGRESS_BST_STATUS_ACTIVE_LSB);
        `VNR_EGRESS_VF_CMD, `VNR_EGRESS_RULE_CMD, `VNR_EGRESS_BST_CMD: lb_rdata_o = '0;
        default:                lb_rerr_o = 1'b1;
      endcase
    end
    if (!lb_rd_i) begin
      lb_rdata_o = '0;
      lb_rerr_o  = 1'b0;
    end
  end

  logic unused_lb;
  assign unused_lb = ^{lb_waddr_i[1:0], lb_raddr_i[1:0], lb_wdata_i[31:16]};
endmodule
