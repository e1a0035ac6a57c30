`include "vnr_regs.svh"
// Egress decision (docs/egress.md sections 1-4): source checks, traps, MTU,
// the rule lookup, and everything the reader needs to emit an edited frame
// (P, S, the prefix with its lengths and checksums filled, the patched
// window). Fully pipelined, one frame per cycle.
//
// Timing (c = d+1, the cycle of dp_valid_i; LV = BST_LEVELS):
//   c          inputs parsed, key formed, VF table read, MTU/traps/profiles/
//              debug/active bank sampled; the tree reads its root
//   c+1..c+4   F1-F4: VF checks, decision of rows 1-16, frame-only sums
//   c..c+9     tso_check (rows 16a-16e, frame only: shape, offsets, lengths,
//              MSS clamp), results delayed to Q1 (needs LV >= 4, RULES >= 4)
//   c+2LV      leaf {hit, rule} (bst_lookup); rule table read
//   c+2LV+1    Q0: rule entry out of block RAM; template cut by E and L
//   c+2LV+2..5 Q1-Q4: decision, edits, lengths, checksums; TSO: MSS_CLAMP
//              and row 20a in Q1, the descriptor (tsodesc) in Q2
//   c+2LV+6    dec_valid_o = d + CLS_LAT_EG - 1 (CLS_LAT_EG = 8 + 2LV)
module egress_decider #(
  parameter int NUM_VF = 64,
  parameter int RULES  = 4096
) (
  input  logic          clk_i,
  input  logic          rst_i,
  input  logic          dp_valid_i,
  input  logic [1023:0] win_i,
  input  logic [16:0]   len_i,
  input  logic          too_big_i,
  input  logic [15:0]   sum_i,
  input  logic [127:0]  user_i,
  input  logic          debug_i,
  input  logic [639:0]  prof_i,
  output logic          dec_valid_o,
  output logic [1:0]    dec_dest_o,
  output logic [4:0]    dec_reason_o,
  output logic [7:0]    dec_cnt_func_o,
  output logic [127:0]  dec_meta_o,
  output logic          dec_rule_hit_o,
  output logic [19:0]   dec_rule_o,
  output logic [7:0]    dec_p_o,
  output logic [7:0]    dec_s_o,
  output logic [1023:0] dec_prefix_o,
  output logic [1023:0] dec_win_o,
  output logic [127:0]  dec_tso_o,
  input  logic          lb_wr_i,
  input  logic [19:0]   lb_waddr_i,
  input  logic [31:0]   lb_wdata_i,
  output logic [7:0]    lb_werr_o,
  input  logic          lb_rd_i,
  input  logic [19:0]   lb_raddr_i,
  output logic [31:0]   lb_rdata_o,
  output logic          lb_rerr_o
);
  localparam int LV = $clog2(RULES) + 2;
  localparam logic [1:0] DEST_DROP = 2'd0, DEST_NET = 2'd1, DEST_HOST = 2'd2;

  // ---------------------------------------------------------------- helpers
  function automatic logic [7:0] hb(input logic [1023:0] w, input int i);
    hb = w[8*i +: 8];
  endfunction
  function automatic logic [15:0] hw(input logic [1023:0] w, input int i);
    hw = {w[8*i +: 8], w[8*(i+1) +: 8]};
  endfunction
  function automatic logic [15:0] inv(input logic [15:0] v);
    inv = ~v;
  endfunction
  function automatic logic [15:0] swp(input logic [15:0] v);
    swp = {v[7:0], v[15:8]};
  endfunction
  // end-around-carry fold; the result is 0 only for x == 0
  function automatic logic [15:0] fold(input logic [23:0] x);
    logic [16:0] t;
    t    = 17'(x[15:0]) + 17'(x[23:16]);
    fold = t[15:0] + 16'(t[16]);
  endfunction

  // ---------------------------------------------------------------- register block + tables
  logic [4:0]           trap;
  logic [NUM_VF*16-1:0] mtu_all;
  logic [15:0]          pfmax;   // PF_MAX_MTU, sampled at c like the VF MTUs
  logic                 active;
  logic                 vf_wr, rule_wr, rule_bank, bst_node, bst_leaf, bst_bank;
  logic [7:0]           vf_func;
  logic [543:0]         vf_wdata, vf_ldata, vf_d;
  logic [19:0]          rule_idx, bst_index;
  logic [1183:0]        rule_wdata, rule_ldata, rule_d;
  logic [4:0]           bst_level;
  logic [185:0]         bst_key;
  logic [20:0]          bst_leafd;

  egress_regs #(.NUM_VF(NUM_VF), .RULES(RULES)) u_regs (
    .clk_i, .rst_i, .lb_wr_i, .lb_waddr_i, .lb_wdata_i, .lb_werr_o,
    .lb_rd_i, .lb_raddr_i, .lb_rdata_o, .lb_rerr_o,
    .trap_o(trap), .mtu_o(mtu_all), .pfmax_o(pfmax), .active_o(active),
    .vf_wr_o(vf_wr), .vf_func_o(vf_func), .vf_wdata_o(vf_wdata), .vf_ldata_i(vf_ldata),
    .rule_wr_o(rule_wr), .rule_bank_o(rule_bank), .rule_idx_o(rule_idx),
    .rule_wdata_o(rule_wdata), .rule_ldata_i(rule_ldata),
    .bst_node_o(bst_node), .bst_leaf_o(bst_leaf), .bst_bank_o(bst_bank),
    .bst_level_o(bst_level), .bst_index_o(bst_index), .bst_key_o(bst_key),
    .bst_leafd_o(bst_leafd));

  // ================================================================ cycle c
  logic [7:0]   func, ivf;
  logic         inject, tso, vlan, ipv4, ipv6, arp, dhcp, bcast, mcast, non_ip, ttl_le1, frag;
  logic [15:0]  et, dport, mtu_c;
  logic [11:0]  vid;
  logic [7:0]   l3b [40];   // l3b[k] = h[l3 + k]
  logic [127:0] dst_addr;
  logic [1:0]   fam;
  logic [185:0] key;
  logic [3:0]   ihl;

  always_comb begin
    func   = user_i[`VNR_META_IN_FUNC_LSB +: 8];
    inject = user_i[`VNR_META_IN_INJECT_LSB];
    tso    = user_i[`VNR_META_IN_TSO_LSB];
    ivf    = user_i[`VNR_META_IN_INJECT_VF_LSB +: 8];
    vlan   = hw(win_i, 12) == 16'h8100;
    et     = vlan ? hw(win_i, 16) : hw(win_i, 12);
    vid    = {win_i[8*14 +: 4], hb(win_i, 15)};
    for (int k = 0; k < 40; k++) l3b[k] = vlan ? hb(win_i, 18 + k) : hb(win_i, 14 + k);
    ipv4   = et == 16'h0800 && len_i >= (vlan ? 17'd38 : 17'd34) && l3b[0][7:4] == 4'd4;
    ipv6   = et == 16'h86dd && len_i >= (vlan ? 17'd58 : 17'd54) && l3b[0][7:4] == 4'd6;
    ihl    = l3b[0][3:0];
    frag   = l3b[6][5] | ({l3b[6][4:0], l3b[7]} != 13'd0);
    // UDP destination port behind an IPv4 header of 4*ihl bytes
    dport  = 16'h0;
    for (int j = 0; j < 16; j++) begin
      if (ihl == 4'(j)) dport = vlan ? hw(win_i, 18 + 4*j + 2) : hw(win_i, 14 + 4*j + 2);
    end
    arp    = et == 16'h0806;
    dhcp   = ipv4 && l3b[9] == 8'd17 && !frag && (dport == 16'd67 || dport == 16'd68);
    bcast  = win_i[47:0] == 48'hffff_ffff_ffff;
    mcast  = !bcast && win_i[0];
    non_ip = et != 16'h0800 && et != 16'h86dd && et != 16'h0806;
    ttl_le1 = ipv4 ? l3b[8] <= 8'd1 : ipv6 ? l3b[7] <= 8'd1 : 1'b0;
    dst_addr = '0;
    fam      = 2'd0;
    if (ipv4) begin
      fam = 2'd1;
      dst_addr = {l3b[16], l3b[17], l3b[18], l3b[19], 96'h0};
    end else if (ipv6) begin
      fam = 2'd2;
      for (int k = 0; k < 16; k++) dst_addr[127 - 8*k -: 8] = l3b[24 + k];
    end
    key = {func, hb(win_i, 0), hb(win_i, 1), hb(win_i, 2), hb(win_i, 3), hb(win_i, 4),
           hb(win_i, 5), fam, dst_addr};
    mtu_c = 16'h0;
    for (int f = 0; f < NUM_VF; f++) if (func == 8'(f + 1)) mtu_c = mtu_all[16*f +: 16];
  end

  vf_table #(.NUM_VF(NUM_VF)) u_vf (
    .clk_i, .lk_func_i(func), .lk_data_o(vf_d),
    .wr_i(vf_wr), .rw_func_i(vf_func), .wr_data_i(vf_wdata), .ld_data_o(vf_ldata));

  logic        lk_hit, lk_bank;
  logic [19:0] lk_rule;

  bst_lookup #(.RULES(RULES)) u_bst (
    .clk_i, .key_i(key), .bank_i(active),
    .hit_o(lk_hit), .rule_o(lk_rule), .bank_o(lk_bank),
    .wr_node_i(bst_node), .wr_leaf_i(bst_leaf), .wr_bank_i(bst_bank), .wr_level_i(bst_level),
    .wr_index_i(bst_index), .wr_key_i(bst_key), .wr_leafd_i(bst_leafd));

  rule_table #(.RULES(RULES)) u_rule (
    .clk_i, .lk_bank_i(lk_bank), .lk_rule_i(lk_rule), .lk_data_o(rule_d),
    .wr_i(rule_wr), .rw_bank_i(rule_bank), .rw_rule_i(rule_idx), .wr_data_i(rule_wdata),
    .ld_data_o(rule_ldata));

  // ---------------------------------------------------------------- TSO checks (c .. c+10)
  localparam int TSO_D = 2*LV - 8;     // tso_check results (c+10) -> Q1 (c+2LV+2)
  logic [15:0] mtu_tso;
  assign mtu_tso = (func == 8'd0) ? pfmax : mtu_c;

  localparam int TB = 1 + 1 + 5 + 16 + 1 + 1 + 1 + 8*4 + 9 + 32 + 8 + 1 + 1 + 8 + 1;
  logic          tc_tso, tc_err, tc_clamped, tc_tun, tc_v6, tc_udp_en, tc_lenf_en, tc_csumf_en;
  logic [4:0]    tc_reason;
  logic [15:0]   tc_m;
  logic [7:0]    tc_l3, tc_l3i, tc_tcp, tc_o, tc_lenf, tc_csumf;
  logic [8:0]    tc_hin;
  logic [31:0]   tc_thr;

  tso_check u_tso (
    .clk_i, .win_i, .len_i, .tso_i(tso), .mss_i(user_i[`VNR_META_IN_MSS_LSB +: 16]),
    .pf_i(func == 8'd0), .mtu_i(mtu_tso), .prof_i,
    .tso_o(tc_tso), .err_o(tc_err), .reason_o(tc_reason), .m_o(tc_m), .clamped_o(tc_clamped),
    .tun_o(tc_tun), .v6_o(tc_v6), .l3_o(tc_l3), .l3i_o(tc_l3i), .tcp_o(tc_tcp), .hin_o(tc_hin),
    .thr_o(tc_thr), .o_o(tc_o), .t_udp_en_o(tc_udp_en), .t_lenf_en_o(tc_lenf_en), .t_lenf_o(tc_lenf),
    .t_csumf_en_o(tc_csumf_en), .t_csumf_o(tc_csumf));

  logic [TB-1:0] tc_bundle, q1_tbundle;
  assign tc_bundle = {tc_tso, tc_err, tc_reason, tc_m, tc_clamped, tc_tun, tc_v6, tc_l3, tc_l3i,
                      tc_tcp, tc_o, tc_hin, tc_thr, tc_lenf, tc_udp_en, tc_lenf_en, tc_csumf,
                      tc_csumf_en};
  eg_delay #(.W(TB), .D(TSO_D)) u_dl_t (.clk_i, .d_i(tc_bundle), .q_o(q1_tbundle));

  logic          q1_tso, q1_terr, q1_tclamped, q1_ttun, q1_tv6, q1_tudp_en, q1_tlenf_en, q1_tcsumf_en;
  logic [4:0]    q1_treason;
  logic [15:0]   q1_tm;
  logic [7:0]    q1_tl3, q1_tl3i, q1_ttcp, q1_to, q1_tlenf, q1_tcsumf;
  logic [8:0]    q1_thin;
  logic [31:0]   q1_tthr;
  assign {q1_tso, q1_terr, q1_treason, q1_tm, q1_tclamped, q1_ttun, q1_tv6, q1_tl3, q1_tl3i,
          q1_ttcp, q1_to, q1_thin, q1_tthr, q1_tlenf, q1_tudp_en, q1_tlenf_en, q1_tcsumf,
          q1_tcsumf_en} = q1_tbundle;

  // ================================================================ F1 (c+1)
  logic          f1_v;
  logic [1023:0] f1_win;
  logic [16:0]   f1_len;
  logic [15:0]   f1_sum, f1_mtu;
  logic [7:0]    f1_func, f1_ivf, f1_ttl, f1_hop;
  logic          f1_big, f1_inj, f1_tso, f1_dbg, f1_vlan, f1_ipv4, f1_ipv6;
  logic          f1_arp, f1_dhcp, f1_bcast, f1_mcast, f1_nonip, f1_tle1;
  logic [4:0]    f1_trap;
  logic [11:0]   f1_vid;
  logic [31:0]   f1_src4;
  logic [127:0]  f1_src6;
  logic [75:0]   f1_prof;     // per profile {inner_eth, len_off, len_en, csum_off, csum_en}
  logic [19:0]   f1_pre_raw, f1_od, f1_os;
  logic [16:0]   f1_t1;
  logic [15:0]   f1_mp;

  always_ff @(posedge clk_i) begin
    if (rst_i) f1_v <= 1'b0;
    else       f1_v <= dp_valid_i;
  end

  always_ff @(posedge clk_i) begin
    f1_win   <= win_i;
    f1_len   <= len_i;
    f1_sum   <= sum_i;
    f1_mtu   <= mtu_c;
    f1_func  <= func;
    f1_ivf   <= ivf;
    f1_big   <= too_big_i;
    f1_inj   <= inject;
    f1_tso   <= tso;
    f1_dbg   <= debug_i;
    f1_vlan  <= vlan;
    f1_ipv4  <= ipv4;
    f1_ipv6  <= ipv6;
    f1_arp   <= arp;
    f1_dhcp  <= dhcp;
    f1_bcast <= bcast;
    f1_mcast <= mcast;
    f1_nonip <= non_ip;
    f1_tle1  <= ttl_le1;
    f1_trap  <= trap;
    f1_vid   <= vid;
    f1_src4  <= {l3b[12], l3b[13], l3b[14], l3b[15]};
    for (int k = 0; k < 16; k++) f1_src6[127 - 8*k -: 8] <= l3b[8 + k];
    f1_ttl   <= l3b[8] - 8'd1;
    f1_hop   <= l3b[7] - 8'd1;
    for (int p = 0; p < 4; p++) begin
      f1_prof[19*p +: 19] <= {prof_i[(p*5 + 0)*32 + `VNR_PROFILE_PROF_CTRL_INNER_ETH_LSB],
                              prof_i[(p*5 + 4)*32 + `VNR_PROFILE_PROF_EDIT_LEN_OFF_LSB +: 8],
                              prof_i[(p*5 + 4)*32 + `VNR_PROFILE_PROF_EDIT_LEN_EN_LSB],
                              prof_i[(p*5 + 4)*32 + `VNR_PROFILE_PROF_EDIT_CSUM_OFF_LSB +: 8],
                              prof_i[(p*5 + 4)*32 + `VNR_PROFILE_PROF_EDIT_CSUM_EN_LSB]};
    end
    // sum of the bytes before l3 (stripped when S = l3), and of the two MACs
    f1_pre_raw <= 20'(hw(win_i, 0)) + 20'(hw(win_i, 2)) + 20'(hw(win_i, 4)) + 20'(hw(win_i, 6)) +
                  20'(hw(win_i, 8)) + 20'(hw(win_i, 10)) + 20'(hw(win_i, 12)) +
                  (vlan ? 20'(hw(win_i, 14)) + 20'(hw(win_i, 16)) : 20'd0);
    f1_od <= 20'(hw(win_i, 0)) + 20'(hw(win_i, 2)) + 20'(hw(win_i, 4));
    f1_os <= 20'(hw(win_i, 6)) + 20'(hw(win_i, 8)) + 20'(hw(win_i, 10));
    // RFC 1624 eqn 3 on the word holding the TTL: HC' = ~(~HC + ~m + m')
    f1_t1 <= 17'(inv({l3b[10], l3b[11]})) + 17'(inv({l3b[8], l3b[9]}));
    f1_mp <= {l3b[8] - 8'd1, l3b[9]};
  end

  // ================================================================ F2 (c+2): VF checks, rows 1-16
  logic [47:0] vf_mac, f1_smac;
  logic        mac_bad, vlan_bad, ip_bad, src_ok, is_vf, mtu_bad;
  logic        pre_done;
  logic [1:0]  pre_dest;
  logic [4:0]  pre_reason;
  logic [7:0]  pre_cnt, pre_ofunc;
  logic        ip4_hit, ip6_hit;
  logic [31:0] ip4_k;
  logic [127:0] ip6_k;

  always_comb begin
    vf_mac  = {vf_d[`VNR_META_VFENT_MAC_HI_LSB +: 16], vf_d[`VNR_META_VFENT_MAC_LO_LSB +: 32]};
    f1_smac = {hb(f1_win, 6), hb(f1_win, 7), hb(f1_win, 8), hb(f1_win, 9), hb(f1_win, 10), hb(f1_win, 11)};
    mac_bad = vf_d[`VNR_META_VFENT_CHECK_MAC_LSB] && f1_smac != vf_mac;
    vlan_bad = vf_d[`VNR_META_VFENT_CHECK_VLAN_LSB] && f1_vlan;
    for (int k = 0; k < 4; k++) begin
      if (vf_d[`VNR_META_VFENT_VLAN0_V_LSB + 16*k] &&
          vf_d[`VNR_META_VFENT_VLAN0_LSB + 16*k +: 12] == f1_vid) vlan_bad = 1'b0;
    end
    ip4_hit = 1'b0;
    for (int k = 0; k < 4; k++) begin
      ip4_k = vf_d[`VNR_META_VFENT_IP4_0_LSB + 32*k +: 32];
      if (ip4_k != 32'h0 && ip4_k == f1_src4) ip4_hit = 1'b1;
    end
    ip6_hit = 1'b0;
    for (int k = 0; k < 2; k++) begin
      ip6_k = {vf_d[`VNR_META_VFENT_IP6_0_W0_LSB + 128*k +: 32], vf_d[`VNR_META_VFENT_IP6_0_W1_LSB + 128*k +: 32],
               vf_d[`VNR_META_VFENT_IP6_0_W2_LSB + 128*k +: 32], vf_d[`VNR_META_VFENT_IP6_0_W3_LSB + 128*k +: 32]};
      if (ip6_k != 128'h0 && ip6_k == f1_src6) ip6_hit = 1'b1;
    end
    ip_bad  = vf_d[`VNR_META_VFENT_CHECK_IP_LSB] && ((f1_ipv4 && !ip4_hit) || (f1_ipv6 && !ip6_hit));
    src_ok  = 32'(f1_func) <= 32'(NUM_VF);
    is_vf   = f1_func != 8'd0;
    mtu_bad = 18'(f1_len) > 18'(f1_mtu) + (f1_vlan ? 18'd18 : 18'd14);

    pre_done = 1'b1; pre_dest = DEST_DROP; pre_ofunc = 8'd0; pre_cnt = f1_func;
    pre_reason = 5'(`VNR_REASON_FORWARD);
    if (f1_big) begin
      pre_reason = 5'(`VNR_REASON_TOO_BIG); pre_cnt = src_ok ? f1_func : 8'd0;
    end else if (f1_len < 17'(`VNR_MIN_FRAME)) begin
      pre_reason = 5'(`VNR_REASON_RUNT); pre_cnt = src_ok ? f1_func : 8'd0;
    end else if (!src_ok) begin
      pre_reason = 5'(`VNR_REASON_BAD_FUNC); pre_cnt = 8'd0;
    end else if (f1_dbg) begin
      pre_dest = DEST_HOST; pre_reason = 5'(`VNR_REASON_DEBUG);
    end else if (f1_inj && is_vf) begin
      pre_reason = 5'(`VNR_REASON_BAD_FUNC);
    end else if (f1_inj && (f1_ivf == 8'd0 || 32'(f1_ivf) > 32'(NUM_VF))) begin
      pre_reason = 5'(`VNR_REASON_BAD_FUNC); pre_cnt = 8'd0;
    end else if (f1_inj) begin
      pre_dest = DEST_HOST; pre_reason = 5'(`VNR_REASON_INJECT); pre_cnt = f1_ivf; pre_ofunc = f1_ivf;
    end else if (is_vf && mac_bad) begin
      pre_reason = 5'(`VNR_REASON_SRC_MAC);
    end else if (is_vf && vlan_bad) begin
      pre_reason = 5'(`VNR_REASON_VLAN);
    end else if (is_vf && ip_bad) begin
      pre_reason = 5'(`VNR_REASON_SRC_IP);
    end else if (is_vf && f1_trap[0] && f1_arp) begin
      pre_dest = DEST_HOST; pre_reason = 5'(`VNR_REASON_TRAP_ARP);
    end else if (is_vf && f1_trap[1] && f1_dhcp) begin
      pre_dest = DEST_HOST; pre_reason = 5'(`VNR_REASON_TRAP_DHCP);
    end else if (is_vf && f1_trap[2] && f1_bcast) begin
      pre_dest = DEST_HOST; pre_reason = 5'(`VNR_REASON_TRAP_BCAST);
    end else if (is_vf && f1_trap[3] && f1_mcast) begin
      pre_dest = DEST_HOST; pre_reason = 5'(`VNR_REASON_TRAP_MCAST);
    end else if (is_vf && f1_trap[4] && f1_nonip) begin
      pre_dest = DEST_HOST; pre_reason = 5'(`VNR_REASON_TRAP_NON_IP);
    end else if (is_vf && !f1_tso && mtu_bad) begin
      pre_reason = 5'(`VNR_REASON_MTU);
    end else begin
      pre_done = 1'b0;
    end
  end

  logic          f2_v;
  logic [1023:0] f2_win;
  logic [16:0]   f2_len;
  logic [15:0]   f2_sum, f2_pre, f2_od, f2_os, f2_hcn;
  logic [7:0]    f2_func, f2_ttl, f2_hop;
  logic          f2_vlan, f2_ipv4, f2_ipv6, f2_tle1;
  logic [75:0]   f2_prof;
  logic          f2_done;
  logic [1:0]    f2_dest;
  logic [4:0]    f2_reason;
  logic [7:0]    f2_cnt, f2_ofunc;

  always_ff @(posedge clk_i) begin
    if (rst_i) f2_v <= 1'b0;
    else       f2_v <= f1_v;
  end

  always_ff @(posedge clk_i) begin
    f2_win <= f1_win; f2_len <= f1_len; f2_sum <= f1_sum; f2_func <= f1_func;
    f2_ttl <= f1_ttl; f2_hop <= f1_hop; f2_vlan <= f1_vlan; f2_ipv4 <= f1_ipv4;
    f2_ipv6 <= f1_ipv6; f2_tle1 <= f1_tle1; f2_prof <= f1_prof;
    f2_pre <= fold(24'(f1_pre_raw));
    f2_od  <= fold(24'(f1_od));
    f2_os  <= fold(24'(f1_os));
    f2_hcn <= ~fold(24'(f1_t1) + 24'(f1_mp));
    f2_done <= pre_done; f2_dest <= pre_dest; f2_reason <= pre_reason;
    f2_cnt <= pre_cnt; f2_ofunc <= pre_ofunc;
  end

  // ================================================================ F3 (c+3): inner sum base for S = l3
  logic [15:0] f3_base_l3;
  logic        f3_v;
  always_ff @(posedge clk_i) begin
    if (rst_i) f3_v <= 1'b0;
    else       f3_v <= f2_v;
  end
  always_ff @(posedge clk_i) begin
    f3_base_l3 <= fold(24'(f2_sum) + 24'(inv(f2_pre)));
  end

  // ---------------------------------------------------------------- front bundle -> Q1
  // everything but the window and base_l3 is one cycle older: delay it one more
  localparam int FB = 17 + 16*5 + 8*3 + 4 + 76 + 1 + 2 + 5 + 8 + 8;
  logic [FB-1:0] f2_bundle, f3_bundle, q1_bundle;
  assign f2_bundle = {f2_len, f2_sum, f2_od, f2_os, f2_hcn, 16'h0, f2_func, f2_ttl, f2_hop,
                      f2_vlan, f2_ipv4, f2_ipv6, f2_tle1, f2_prof, f2_done, f2_dest, f2_reason,
                      f2_cnt, f2_ofunc};
  logic [1023:0] f3_win, q1_win;
  always_ff @(posedge clk_i) begin
    f3_bundle <= f2_bundle;
    f3_win    <= f2_win;
  end

  logic [15:0] q1_base_l3;
  logic        q1_fv;
  eg_delay #(.W(FB),   .D(2*LV - 1)) u_dl_b (.clk_i, .d_i(f3_bundle),  .q_o(q1_bundle));
  eg_delay #(.W(1024), .D(2*LV - 1)) u_dl_w (.clk_i, .d_i(f3_win),     .q_o(q1_win));
  eg_delay #(.W(16),   .D(2*LV - 1)) u_dl_s (.clk_i, .d_i(f3_base_l3), .q_o(q1_base_l3));

  // valid: reset-able shift register c+3 .. Q1
  logic [2*LV-2:0] vsr_q;
  always_ff @(posedge clk_i) begin
    if (rst_i) vsr_q <= '0;
    else       vsr_q <= {vsr_q[2*LV-3:0], f3_v};
  end
  assign q1_fv = vsr_q[2*LV-2];

  logic [16:0] q1_len;
  logic [15:0] q1_sum, q1_od, q1_os, q1_hcn, q1_zero;
  logic [7:0]  q1_func, q1_ttl, q1_hop, q1_cnt_pre, q1_ofunc_pre;
  logic        q1_vlan, q1_ipv4, q1_ipv6, q1_tle1, q1_done;
  logic [75:0] q1_prof;
  logic [1:0]  q1_dest_pre;
  logic [4:0]  q1_reason_pre;
  assign {q1_len, q1_sum, q1_od, q1_os, q1_hcn, q1_zero, q1_func, q1_ttl, q1_hop,
          q1_vlan, q1_ipv4, q1_ipv6, q1_tle1, q1_prof, q1_done, q1_dest_pre, q1_reason_pre,
          q1_cnt_pre, q1_ofunc_pre} = q1_bundle;

  // ================================================================ Q0 (c+2LV+1): rule entry
  logic [1023:0]  tpl0;
  logic [511:0]  opq0;
  logic [159:0]  iph0;
  logic [6:0]  l0;
  logic        ov0;

  always_comb begin
    for (int j = 0; j < 128; j++)
      tpl0[8*(j) +: 8] = rule_d[32*(5 + j/4) + 31 - 8*(j%4) -: 8];
    ov0 = rule_d[`VNR_META_RULE_OUTER_VLAN_LSB];
    l0  = rule_d[`VNR_META_RULE_OPAQUE_LEN_LSB +: 7];
    for (int j = 0; j < 64; j++) begin
      opq0[8*(j) +: 8] = ov0 ? tpl0[8*(38 + j) +: 8] : tpl0[8*(34 + j) +: 8];
      if (7'(j) >= l0) opq0[8*(j) +: 8] = 8'h0;
    end
    for (int j = 0; j < 20; j++) iph0[8*(j) +: 8] = ov0 ? tpl0[8*(18 + j) +: 8] : tpl0[8*(14 + j) +: 8];
  end

  logic          q1_hit0, q0_hit;
  logic [19:0]   q1_rule, q0_rule;
  logic [159:0]  q1_ruleh;          // rule entry words 0..4
  logic [1023:0]    q1_tpl;
  logic [511:0]    q1_opq;
  logic [159:0]    q1_iph;

  always_ff @(posedge clk_i) begin
    q0_hit  <= lk_hit;
    q0_rule <= lk_rule;
    q1_hit0 <= q0_hit;
    q1_rule <= q0_rule;
    q1_ruleh <= rule_d[159:0];
    q1_tpl  <= tpl0;
    q1_opq  <= opq0;
    q1_iph  <= iph0;
  end

  // ================================================================ Q1 (c+2LV+2): decision, edits
  logic [1:0]  r_action, r_prof;
  logic        r_encap, r_ov, r_ssm, r_sdm, r_ttl;
  logic [6:0]  r_l;
  logic [47:0] r_smac, r_dmac;
  logic        hit, fwd20, wire21, enc, hdr_big, seg;
  logic [4:0]  fwd_reason;
  logic [7:0]  thr_sel;
  logic [1:0]  dest;
  logic [4:0]  reason;
  logic [7:0]  cnt, ofunc;
  logic        inner_eth, len_en, csum_en;
  logic [7:0]  len_off, csum_off;
  logic [7:0]  e_b, s_b, p_b;
  logic [16:0] n_b;
  logic [15:0] totlen, lenv, ip_id_q, old_len, old_csum;
  logic        len_act, csum_act, udp_act;
  logic [75:0] tpart;
  logic [15:0] base;
  logic [17:0] nd_raw, ns_raw;
  logic [17:0] ip_pa, ip_pb;
  logic [1023:0] hp;
  logic [1023:0]  pre1;

  always_comb begin
    r_action = q1_ruleh[`VNR_META_RULE_ACTION_LSB +: 2];
    r_prof   = q1_ruleh[`VNR_META_RULE_PROFILE_LSB +: 2];
    r_encap  = q1_ruleh[`VNR_META_RULE_ENCAP_LSB];
    r_ov     = q1_ruleh[`VNR_META_RULE_OUTER_VLAN_LSB];
    r_ssm    = q1_ruleh[`VNR_META_RULE_SET_SMAC_LSB];
    r_sdm    = q1_ruleh[`VNR_META_RULE_SET_DMAC_LSB];
    r_ttl    = q1_ruleh[`VNR_META_RULE_TTL_DEC_LSB];
    r_l      = q1_ruleh[`VNR_META_RULE_OPAQUE_LEN_LSB +: 7];
    r_smac   = {q1_ruleh[`VNR_META_RULE_SMAC_HI_LSB +: 16], q1_ruleh[`VNR_META_RULE_SMAC_LO_LSB +: 32]};
    r_dmac   = {q1_ruleh[`VNR_META_RULE_DMAC_HI_LSB +: 16], q1_ruleh[`VNR_META_RULE_DMAC_LO_LSB +: 32]};
    // a leaf pointing past the table misses like an empty rule
    hit      = q1_hit0 && r_action != 2'd0 && 32'(q1_rule) < 32'(RULES);

    fwd20 = 1'b0; wire21 = 1'b0;
    // a TSO frame to the wire whose MSS was clamped (docs/tso.md section 2)
    fwd_reason = (q1_tso && q1_tclamped) ? 5'(`VNR_REASON_MSS_CLAMP) : 5'(`VNR_REASON_FORWARD);
    dest = q1_dest_pre; reason = q1_reason_pre; cnt = q1_cnt_pre; ofunc = q1_ofunc_pre;
    if (!q1_done) begin
      cnt = q1_func; ofunc = 8'd0;
      if (q1_tso && q1_terr) begin
        dest = DEST_DROP; reason = q1_treason;                   // rows 16a-16e
      end else if (hit && r_action == 2'd2) begin
        dest = DEST_HOST; reason = 5'(`VNR_REASON_TRAP_RULE);
      end else if (hit && r_action == 2'd3) begin
        dest = DEST_DROP; reason = 5'(`VNR_REASON_DROP_RULE);
      end else if (hit && r_ttl && q1_tle1) begin
        dest = DEST_HOST; reason = 5'(`VNR_REASON_TTL);
      end else if (hit) begin
        dest = DEST_NET; reason = fwd_reason; ofunc = q1_func; fwd20 = 1'b1;
      end else if (q1_func == 8'd0) begin
        dest = DEST_NET; reason = fwd_reason; cnt = 8'd0; wire21 = 1'b1;
      end else begin
        dest = DEST_HOST; reason = 5'(`VNR_REASON_NO_RULE);
      end
    end
    enc = fwd20 && r_encap;

    {inner_eth, len_off, len_en, csum_off, csum_en} = q1_prof[19*r_prof +: 19];
    // row 20a: a host's tunnel that an encap rule would wrap in a second one,
    // or Hout = Hin - S + P > TSO_HDR_MAX (only an encap rule lengthens the
    // header; tso_check gives the bound on L per inner_eth and outer_vlan.
    // With a plain frame Hout <= 138 + 18 + 20 + OPAQUE_MAX = 240 today)
    thr_sel = q1_tthr[8*{inner_eth, r_ov} +: 8];
    hdr_big = q1_tso && enc && (q1_ttun || {1'b0, r_l} > thr_sel);
    if (hdr_big) begin
      dest = DEST_DROP; reason = 5'(`VNR_REASON_TSO_HDR); ofunc = 8'd0;
    end
    seg = q1_tso && (fwd20 || wire21) && !hdr_big;
    e_b    = r_ov ? 8'd18 : 8'd14;
    s_b    = 8'd0;
    if (enc && !inner_eth) s_b = (q1_len < (q1_vlan ? 17'd18 : 17'd14)) ? q1_len[7:0]
                                                                       : (q1_vlan ? 8'd18 : 8'd14);
    p_b    = enc ? e_b + 8'd20 + 8'(r_l) : 8'd0;
    n_b    = q1_len - 17'(s_b);
    totlen = 16'd20 + 16'(r_l) + n_b[15:0];
    lenv   = 16'(r_l) - 16'(len_off) + 16'd4 + n_b[15:0];
    len_act  = enc && len_en && 9'(len_off) + 9'd2 <= 9'(r_l);
    csum_act = enc && csum_en && 9'(csum_off) + 9'd2 <= 9'(r_l);
    udp_act  = enc && q1_iph[8*(9) +: 8] == 8'd17 && r_l >= 7'd8 && {q1_opq[8*(6) +: 8], q1_opq[8*(7) +: 8]} != 16'h0;

    for (int g = 0; g < 4; g++) begin
      tpart[19*g +: 19] = '0;
      for (int j = 0; j < 8; j++) tpart[19*g +: 19] += 19'({q1_opq[8*(16*g + 2*j) +: 8], q1_opq[8*(16*g + 2*j + 1) +: 8]});
    end
    old_len  = 16'h0;
    old_csum = 16'h0;
    for (int j = 0; j < 63; j++) begin
      if (len_off == 8'(j))  old_len  = {q1_opq[8*(j) +: 8], q1_opq[8*(j + 1) +: 8]};
      if (csum_off == 8'(j)) old_csum = {q1_opq[8*(j) +: 8], q1_opq[8*(j + 1) +: 8]};
    end
    base   = (s_b == 8'd0) ? q1_sum : q1_base_l3;
    nd_raw = 18'(r_dmac[47:32]) + 18'(r_dmac[31:16]) + 18'(r_dmac[15:0]);
    ns_raw = 18'(r_smac[47:32]) + 18'(r_smac[31:16]) + 18'(r_smac[15:0]);
    ip_pa  = 18'({q1_iph[8*(0) +: 8], q1_iph[8*(1) +: 8]}) + 18'({q1_iph[8*(6) +: 8], q1_iph[8*(7) +: 8]}) + 18'({q1_iph[8*(8) +: 8], q1_iph[8*(9) +: 8]});
    ip_pb  = 18'({q1_iph[8*(12) +: 8], q1_iph[8*(13) +: 8]}) + 18'({q1_iph[8*(14) +: 8], q1_iph[8*(15) +: 8]}) +
             18'({q1_iph[8*(16) +: 8], q1_iph[8*(17) +: 8]}) + 18'({q1_iph[8*(18) +: 8], q1_iph[8*(19) +: 8]});

    // patched window h'
    hp = q1_win;
    if (fwd20 && r_sdm) for (int k = 0; k < 6; k++) hp[8*k +: 8] = r_dmac[47 - 8*k -: 8];
    if (fwd20 && r_ssm) for (int k = 0; k < 6; k++) hp[8*(6 + k) +: 8] = r_smac[47 - 8*k -: 8];
    if (fwd20 && r_ttl && q1_ipv4) begin
      if (q1_vlan) begin
        hp[8*26 +: 8] = q1_ttl; hp[8*28 +: 8] = q1_hcn[15:8]; hp[8*29 +: 8] = q1_hcn[7:0];
      end else begin
        hp[8*22 +: 8] = q1_ttl; hp[8*24 +: 8] = q1_hcn[15:8]; hp[8*25 +: 8] = q1_hcn[7:0];
      end
    end
    if (fwd20 && r_ttl && q1_ipv6) begin
      if (q1_vlan) hp[8*25 +: 8] = q1_hop;
      else         hp[8*21 +: 8] = q1_hop;
    end

    // prefix with the total length, ID and length field filled
    pre1 = q1_tpl;
    if (r_ov) begin
      pre1[8*(20) +: 8] = totlen[15:8]; pre1[8*(21) +: 8] = totlen[7:0];
      pre1[8*(22) +: 8] = ip_id_q[15:8]; pre1[8*(23) +: 8] = ip_id_q[7:0];
    end else begin
      pre1[8*(16) +: 8] = totlen[15:8]; pre1[8*(17) +: 8] = totlen[7:0];
      pre1[8*(18) +: 8] = ip_id_q[15:8]; pre1[8*(19) +: 8] = ip_id_q[7:0];
    end
    if (len_act) begin
      for (int j = 0; j < 64; j++) begin
        if (len_off == 8'(j)) begin
          if (r_ov) begin pre1[8*(38 + j) +: 8] = lenv[15:8]; pre1[8*(39 + j) +: 8] = lenv[7:0]; end
          else      begin pre1[8*(34 + j) +: 8] = lenv[15:8]; pre1[8*(35 + j) +: 8] = lenv[7:0]; end
        end
      end
    end
  end

  // outer IPv4 ID: frames encapsulated before this one, in decision order
  always_ff @(posedge clk_i) begin
    if (rst_i)              ip_id_q <= 16'h0;
    else if (q1_fv && enc && !hdr_big) ip_id_q <= ip_id_q + 16'd1;
  end

  logic          q2_v, q2_enc, q2_len_act, q2_csum_act, q2_udp_act, q2_gd, q2_gs, q2_hop, q2_rhit;
  logic [1:0]    q2_dest, q2_prof;
  logic [4:0]    q2_reason;
  logic [7:0]    q2_cnt, q2_ofunc, q2_func, q2_p, q2_s, q2_len_off, q2_csum_off;
  logic [6:0]    q2_l;
  logic          q2_ov;
  logic [19:0]   q2_rule;
  logic [15:0]   q2_lenv, q2_old_len, q2_old_csum, q2_totlen, q2_id, q2_base, q2_od, q2_os;
  logic [15:0]   q2_udplen_t, q2_udp_old;
  logic [75:0] q2_tpart;
  logic [17:0]   q2_nd, q2_ns, q2_ip_pa, q2_ip_pb;
  logic [1023:0] q2_hp;
  logic [1023:0]    q2_pre;

  always_ff @(posedge clk_i) begin
    if (rst_i) q2_v <= 1'b0;
    else       q2_v <= q1_fv;
  end

  // TSO descriptor inputs
  logic          q2_seg, q2_udpe, q2_ttun, q2_tv6, q2_tudp_en, q2_tlenf_en, q2_tcsumf_en;
  logic [15:0]   q2_tm;
  logic [7:0]    q2_tl3, q2_tl3i, q2_ttcp, q2_to, q2_tlenf, q2_tcsumf;
  logic [8:0]    q2_thin;

  always_ff @(posedge clk_i) begin
    q2_seg <= seg; q2_udpe <= q1_iph[8*(9) +: 8] == 8'd17 && r_l >= 7'd8;
    q2_ttun <= q1_ttun; q2_tv6 <= q1_tv6; q2_tudp_en <= q1_tudp_en; q2_tlenf_en <= q1_tlenf_en;
    q2_tcsumf_en <= q1_tcsumf_en; q2_tm <= q1_tm; q2_tl3 <= q1_tl3; q2_tl3i <= q1_tl3i;
    q2_ttcp <= q1_ttcp; q2_to <= q1_to; q2_tlenf <= q1_tlenf; q2_tcsumf <= q1_tcsumf; q2_thin <= q1_thin;
  end

  always_ff @(posedge clk_i) begin
    q2_enc <= enc && !hdr_big; q2_len_act <= len_act; q2_csum_act <= csum_act; q2_udp_act <= udp_act;
    q2_gd  <= enc && r_sdm && s_b == 8'd0;
    q2_gs  <= enc && r_ssm && s_b == 8'd0;
    q2_hop <= enc && r_ttl && q1_ipv6;
    q2_rhit <= !q1_done && !(q1_tso && q1_terr) && hit;   // rows 16a-16e come before the rule
    q2_dest <= dest; q2_reason <= reason; q2_cnt <= cnt; q2_ofunc <= ofunc; q2_func <= q1_func;
    q2_prof <= r_prof; q2_p <= hdr_big ? 8'd0 : p_b; q2_s <= hdr_big ? 8'd0 : s_b; q2_len_off <= len_off; q2_csum_off <= csum_off;
    q2_l <= r_l; q2_ov <= r_ov; q2_rule <= q1_rule;
    q2_lenv <= lenv; q2_old_len <= old_len; q2_old_csum <= old_csum; q2_totlen <= totlen;
    q2_id <= ip_id_q; q2_base <= base; q2_od <= q1_od; q2_os <= q1_os;
    q2_udplen_t <= {q1_opq[8*(4) +: 8], q1_opq[8*(5) +: 8]}; q2_udp_old <= {q1_opq[8*(6) +: 8], q1_opq[8*(7) +: 8]};
    q2_tpart <= tpart; q2_nd <= nd_raw; q2_ns <= ns_raw; q2_ip_pa <= ip_pa; q2_ip_pb <= ip_pb;
    q2_hp <= hp; q2_pre <= pre1;
  end

  // ================================================================ Q2: sums
  logic [20:0] t_raw;
  logic [19:0] t_nsw;
  logic [19:0] inner_raw;
  logic [15:0] ln, lo, co, udp_len_sent;
  logic [7:0]  ul4, ul5;
  logic [19:0] p_raw, ip_raw;

  always_comb begin
    t_raw = 21'(q2_tpart[0 +: 19]) + 21'(q2_tpart[19 +: 19]) + 21'(q2_tpart[38 +: 19]) + 21'(q2_tpart[57 +: 19]);
    // -swap(T) as a sum of 16-bit terms: swap(x) = 256*x mod 0xFFFF
    t_nsw = '0;
    for (int g = 0; g < 4; g++)
      t_nsw += 20'(inv(swp(q2_tpart[19*g +: 16]))) + 20'(inv({5'h0, q2_tpart[19*g+16 +: 3], 8'h0}));
    inner_raw = 20'(q2_base) + (q2_gd ? 20'(q2_nd) + 20'(inv(q2_od)) : 20'd0) +
                (q2_gs ? 20'(q2_ns) + 20'(inv(q2_os)) : 20'd0) + (q2_hop ? 20'hfffe : 20'd0);
    // contribution of a 16-bit field at opaque offset k: swapped when k is odd
    ln = q2_len_act  ? (q2_len_off[0] ? swp(q2_lenv) : q2_lenv) : 16'h0;
    lo = q2_len_act  ? ~(q2_len_off[0] ? swp(q2_old_len) : q2_old_len) : 16'h0;
    co = q2_csum_act ? ~(q2_csum_off[0] ? swp(q2_old_csum) : q2_old_csum) : 16'h0;
    // UDP length as sent (opaque bytes 4..5, after the length field)
    ul4 = q2_udplen_t[15:8];
    ul5 = q2_udplen_t[7:0];
    if (q2_len_act && q2_len_off == 8'd3) ul4 = q2_lenv[7:0];
    if (q2_len_act && q2_len_off == 8'd4) begin ul4 = q2_lenv[15:8]; ul5 = q2_lenv[7:0]; end
    if (q2_len_act && q2_len_off == 8'd5) ul5 = q2_lenv[15:8];
    udp_len_sent = {ul4, ul5};
    p_raw  = 20'(q2_ip_pb) + 20'd17 + 20'(udp_len_sent) + 20'(inv(q2_udp_old));
    ip_raw = 20'(q2_ip_pa) + 20'(q2_ip_pb) + 20'(q2_totlen) + 20'(q2_id);
  end

  // ---------------------------------------------------------------- Q2: TSO descriptor (docs/tso.md section 3)
  logic [7:0]   d_e, d_eo, d_ipi, d_tcp;
  logic [8:0]   d_h;
  logic [127:0] desc;

  always_comb begin
    d_e   = q2_ov ? 8'd18 : 8'd14;
    d_eo  = d_e + 8'd20;
    // offsets in the frame as sent: x - S + P (P = S = 0 unless encapsulated)
    d_ipi = q2_tl3i + q2_p - q2_s;
    d_tcp = q2_ttcp + q2_p - q2_s;
    d_h   = q2_thin + 9'(q2_p) - 9'(q2_s);
    desc  = '0;
    if (q2_seg) begin
      desc[`VNR_META_TSODESC_EN_LSB]         = 1'b1;
      desc[`VNR_META_TSODESC_V6_LSB]         = q2_tv6;
      desc[`VNR_META_TSODESC_MSS_LSB +: 16]  = q2_tm;
      desc[`VNR_META_TSODESC_HLEN_LSB +: 9]  = d_h;
      desc[`VNR_META_TSODESC_IP_I_LSB +: 8]  = d_ipi;
      desc[`VNR_META_TSODESC_TCP_LSB +: 8]   = d_tcp;
      if (q2_enc) begin
        desc[`VNR_META_TSODESC_IP_O_EN_LSB]   = 1'b1;
        desc[`VNR_META_TSODESC_IP_O_LSB +: 8] = d_e;
        if (q2_udpe) begin
          desc[`VNR_META_TSODESC_UDP_EN_LSB]   = 1'b1;
          desc[`VNR_META_TSODESC_UDP_LSB +: 8] = d_eo;
        end
        if (q2_len_act) begin
          desc[`VNR_META_TSODESC_LENF_EN_LSB]   = 1'b1;
          desc[`VNR_META_TSODESC_LENF_LSB +: 8] = d_eo + q2_len_off;
        end
        if (q2_csum_act) begin
          desc[`VNR_META_TSODESC_CSUMF_EN_LSB]        = 1'b1;
          desc[`VNR_META_TSODESC_CSUMF_LSB +: 8]      = d_eo + q2_csum_off;
          desc[`VNR_META_TSODESC_CSUM_START_LSB +: 8] = d_eo;
        end
      end else if (q2_ttun) begin
        desc[`VNR_META_TSODESC_IP_O_EN_LSB]   = 1'b1;
        desc[`VNR_META_TSODESC_IP_O_LSB +: 8] = q2_tl3;
        if (q2_tudp_en) begin
          desc[`VNR_META_TSODESC_UDP_EN_LSB]   = 1'b1;
          desc[`VNR_META_TSODESC_UDP_LSB +: 8] = q2_to;
        end
        if (q2_tlenf_en) begin
          desc[`VNR_META_TSODESC_LENF_EN_LSB]   = 1'b1;
          desc[`VNR_META_TSODESC_LENF_LSB +: 8] = q2_tlenf;
        end
        if (q2_tcsumf_en) begin
          desc[`VNR_META_TSODESC_CSUMF_EN_LSB]        = 1'b1;
          desc[`VNR_META_TSODESC_CSUMF_LSB +: 8]      = q2_tcsumf;
          desc[`VNR_META_TSODESC_CSUM_START_LSB +: 8] = q2_to;
        end
      end
    end
  end

  logic [127:0] q3_desc, q4_desc;
  always_ff @(posedge clk_i) begin
    q3_desc <= desc;
    q4_desc <= q3_desc;
  end

  logic          q3_v, q3_enc, q3_csum_act, q3_udp_act, q3_rhit, q3_odd_l, q3_ov;
  logic [1:0]    q3_mode;    // 0: csum field not filled, 1: filled at even offset, 2: odd
  logic [1:0]    q3_dest, q3_prof;
  logic [4:0]    q3_reason;
  logic [7:0]    q3_cnt, q3_ofunc, q3_func, q3_p, q3_s, q3_csum_off;
  logic [19:0]   q3_rule;
  logic [20:0]   q3_t;
  logic [19:0]   q3_tnsw, q3_inner_raw, q3_p_raw, q3_ip_raw;
  logic [15:0]   q3_ln, q3_lo, q3_co;
  logic [1023:0] q3_hp;
  logic [1023:0]    q3_pre;

  always_ff @(posedge clk_i) begin
    if (rst_i) q3_v <= 1'b0;
    else       q3_v <= q2_v;
  end

  always_ff @(posedge clk_i) begin
    q3_enc <= q2_enc; q3_csum_act <= q2_csum_act; q3_udp_act <= q2_udp_act; q3_rhit <= q2_rhit;
    q3_odd_l <= q2_l[0]; q3_ov <= q2_ov;
    q3_mode <= !q2_csum_act ? 2'd0 : (q2_csum_off[0] ? 2'd2 : 2'd1);
    q3_dest <= q2_dest; q3_prof <= q2_prof; q3_reason <= q2_reason; q3_cnt <= q2_cnt;
    q3_ofunc <= q2_ofunc; q3_func <= q2_func; q3_p <= q2_p; q3_s <= q2_s;
    q3_csum_off <= q2_csum_off; q3_rule <= q2_rule;
    q3_t <= t_raw; q3_tnsw <= t_nsw; q3_inner_raw <= inner_raw; q3_p_raw <= p_raw;
    q3_ip_raw <= ip_raw; q3_ln <= ln; q3_lo <= lo; q3_co <= co;
    q3_hp <= q2_hp; q3_pre <= q2_pre;
  end

  // ================================================================ Q3: folds
  logic [15:0] inner, inner_sw, inner_nsw, ip_f;
  logic [23:0] bx, ux;

  always_comb begin
    inner     = fold(24'(q3_inner_raw));
    inner_sw  = q3_odd_l ? swp(inner) : inner;   // inner bytes start at an odd opaque offset
    inner_nsw = ~swp(inner_sw);
    bx = 24'(q3_t) + 24'(q3_ln) + 24'(q3_lo) + 24'(q3_co);
    case (q3_mode)
      2'd0:    ux = 24'(q3_p_raw) + 24'(q3_t) + 24'(q3_ln) + 24'(q3_lo) + 24'(q3_co);
      2'd1:    ux = 24'(q3_p_raw);
      default: ux = 24'(q3_p_raw) + 24'(q3_t) + 24'(q3_tnsw) + 24'(q3_ln) + 24'(q3_lo) + 24'(q3_co) +
                    24'(inv(swp(q3_ln))) + 24'(inv(swp(q3_lo))) + 24'(inv(swp(q3_co)));
    endcase
    ip_f = fold(24'(q3_ip_raw));
  end

  logic          q4_v, q4_enc, q4_csum_act, q4_udp_act, q4_rhit, q4_ov;
  logic [1:0]    q4_mode, q4_dest, q4_prof;
  logic [4:0]    q4_reason;
  logic [7:0]    q4_cnt, q4_ofunc, q4_func, q4_p, q4_s, q4_csum_off;
  logic [19:0]   q4_rule;
  logic [15:0]   q4_inner_sw, q4_inner_nsw, q4_ipc;
  logic [23:0]   q4_bx, q4_ux;
  logic [1023:0] q4_hp;
  logic [1023:0]    q4_pre;

  always_ff @(posedge clk_i) begin
    if (rst_i) q4_v <= 1'b0;
    else       q4_v <= q3_v;
  end

  always_ff @(posedge clk_i) begin
    q4_enc <= q3_enc; q4_csum_act <= q3_csum_act; q4_udp_act <= q3_udp_act; q4_rhit <= q3_rhit;
    q4_ov <= q3_ov; q4_mode <= q3_mode; q4_dest <= q3_dest; q4_prof <= q3_prof;
    q4_reason <= q3_reason; q4_cnt <= q3_cnt; q4_ofunc <= q3_ofunc; q4_func <= q3_func;
    q4_p <= q3_p; q4_s <= q3_s; q4_csum_off <= q3_csum_off; q4_rule <= q3_rule;
    q4_inner_sw <= inner_sw; q4_inner_nsw <= inner_nsw;
    q4_ipc <= (ip_f == 16'h0) ? 16'h0 : ~ip_f;
    q4_bx <= bx; q4_ux <= ux; q4_hp <= q3_hp; q4_pre <= q3_pre;
  end

  // ================================================================ Q4: checksum fields, prefix
  logic [15:0]  b_f, u_f, csumv, udpv;
  logic [1023:0]   pre4;
  logic [127:0] meta;

  always_comb begin
    b_f   = fold(q4_bx + 24'(q4_inner_sw));
    csumv = (b_f == 16'h0) ? 16'h0 : ~b_f;
    u_f   = fold(q4_ux + (q4_mode == 2'd1 ? 24'd0 : 24'(q4_inner_sw)) +
                 (q4_mode == 2'd2 ? 24'(q4_inner_nsw) : 24'd0));
    udpv  = (u_f == 16'h0 || u_f == 16'hffff) ? 16'hffff : ~u_f;

    pre4 = q4_pre;
    if (q4_ov) begin pre4[8*(28) +: 8] = q4_ipc[15:8]; pre4[8*(29) +: 8] = q4_ipc[7:0]; end
    else       begin pre4[8*(24) +: 8] = q4_ipc[15:8]; pre4[8*(25) +: 8] = q4_ipc[7:0]; end
    if (q4_csum_act) begin
      for (int j = 0; j < 63; j++) begin
        if (q4_csum_off == 8'(j)) begin
          if (q4_ov) begin pre4[8*(38 + j) +: 8] = csumv[15:8]; pre4[8*(39 + j) +: 8] = csumv[7:0]; end
          else       begin pre4[8*(34 + j) +: 8] = csumv[15:8]; pre4[8*(35 + j) +: 8] = csumv[7:0]; end
        end
      end
    end
    if (q4_udp_act) begin
      if (q4_ov) begin pre4[8*(44) +: 8] = udpv[15:8]; pre4[8*(45) +: 8] = udpv[7:0]; end
      else       begin pre4[8*(40) +: 8] = udpv[15:8]; pre4[8*(41) +: 8] = udpv[7:0]; end
    end

    meta = '0;
    meta[`VNR_META_OUT_FUNC_LSB +: 8]     = q4_ofunc;
    meta[`VNR_META_OUT_REASON_LSB +: 8]   = 8'(q4_reason);
    meta[`VNR_META_OUT_SRC_FUNC_LSB +: 8] = q4_func;
    meta[`VNR_META_OUT_SEGS_LSB +: 8]     = 8'd1;
    meta[`VNR_META_OUT_ENCAP_LSB]         = q4_enc;
    meta[`VNR_META_OUT_PROFILE_LSB +: 2]  = q4_enc ? q4_prof : 2'd0;
    meta[`VNR_META_OUT_RULE_HIT_LSB]      = q4_rhit;
    meta[`VNR_META_OUT_RULE_LSB +: 20]    = q4_rhit ? q4_rule : 20'd0;
  end

  // ================================================================ Q5: outputs
  logic         o_v;
  always_ff @(posedge clk_i) begin
    if (rst_i) o_v <= 1'b0;
    else       o_v <= q4_v;
  end

  always_ff @(posedge clk_i) begin
    dec_dest_o     <= q4_dest;
    dec_reason_o   <= q4_reason;
    dec_cnt_func_o <= q4_cnt;
    dec_meta_o     <= meta;
    dec_rule_hit_o <= q4_rhit;
    dec_rule_o     <= q4_rhit ? q4_rule : 20'd0;
    dec_p_o        <= q4_p;
    dec_s_o        <= q4_s;
    dec_win_o      <= q4_hp;
    dec_prefix_o <= pre4;
    dec_tso_o      <= q4_desc;
  end
  assign dec_valid_o = o_v;

  logic unused;
  assign unused = ^{user_i, q1_zero, q1_ruleh[31:23], q1_ruleh[63:48], q1_ruleh[127:112],
                    q2_totlen, q4_csum_act, q1_iph[8*10 +: 2*8], q1_iph[8*2 +: 4*8],
                    q1_ruleh[15:9], n_b[16], q2_l[6:1]};
endmodule
