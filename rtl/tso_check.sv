`include "vnr_regs.svh"
// TSO checks of the egress decider (docs/tso.md sections 1-2, rows 16a-16e):
// the frame's shape (tunnel: the PF and recognised; plain: everything else),
// the inner IP and TCP offsets, the length checks and the MSS clamp. Frame
// only (no rule), fully pipelined, one frame per cycle; every result is
// registered DEPTH = 10 cycles after the inputs (cycle c = d+1 of the
// decider). Variable offsets into the 128-byte window are 128:1 byte muxes
// indexed by a registered offset, the constant part of the offset folded
// into a shifted copy of the window (no adder in front of a mux):
//   S0 (c)    outer L2/L3, o, per-profile fields; profile_match stage A
//   S1 (c+1)  x_p = o + opaque_len per profile, len - l3, len - o
//   S2 (c+2)  recognised profile (profile_match out): x = o + L, the inner
//             EtherType bytes at x+12.., the version byte at x; outer
//             total length and UDP length checks
//   S3 (c+3)  shape: l3i and the inner family (TSO_HDR, TSO_NOT_TCP)
//   S4 (c+4)  the inner IP header bytes at l3i; len - l3i
//   S5 (c+5)  inner IP checks (TSO_HDR, TSO_NOT_TCP), tcp, inner length
//   S6 (c+6)  data offset byte at tcp+12 (TSO_HDR past the window)
//   S7 (c+7)  Hin = tcp + 4*doff, TSO_BAD_LEN
//   S8 (c+8)  mtu + l3 - Hin; row 20a thresholds; tunnel descriptor offsets
//   S9 (c+9)  mss_max, m, clamped, TSO_MSS     -> outputs in c+10
// The first failing check of docs/tso.md section 2 wins: a later stage only
// sets the reason when no earlier one did.
module tso_check (
  input  logic          clk_i,
  // cycle c
  input  logic [1023:0] win_i,
  input  logic [16:0]   len_i,
  input  logic          tso_i,
  input  logic [15:0]   mss_i,
  input  logic          pf_i,        // func = 0
  input  logic [15:0]   mtu_i,       // PF_MAX_MTU for the PF, MTU[func] for a VF
  input  logic [639:0]  prof_i,
  // cycle c+10
  output logic          tso_o,
  output logic          err_o,       // a check failed: dropped with reason_o
  output logic [4:0]    reason_o,
  output logic [15:0]   m_o,
  output logic          clamped_o,
  output logic          tun_o,       // tunnel shape (PF, recognised)
  output logic          v6_o,
  output logic [7:0]    l3_o,        // outer l3 (= fip = l3o)
  output logic [7:0]    l3i_o,
  output logic [7:0]    tcp_o,
  output logic [8:0]    hin_o,
  output logic [31:0]   thr_o,       // row 20a: Hout > 256 iff rule L > thr[{inner_eth, outer_vlan}]
  output logic [7:0]    o_o,         // opaque start (tunnel)
  output logic          t_udp_en_o,  // tunnel column of docs/tso.md section 3
  output logic          t_lenf_en_o,
  output logic [7:0]    t_lenf_o,
  output logic          t_csumf_en_o,
  output logic [7:0]    t_csumf_o
);
  localparam logic [4:0] R_MSS = 5'(`VNR_REASON_TSO_MSS), R_NOT_TCP = 5'(`VNR_REASON_TSO_NOT_TCP),
                         R_BAD_LEN = 5'(`VNR_REASON_TSO_BAD_LEN), R_HDR = 5'(`VNR_REASON_TSO_HDR);

  function automatic logic [7:0] hb(input logic [1023:0] w, input int i);
    hb = w[8*i +: 8];
  endfunction
  function automatic logic [15:0] hw(input logic [1023:0] w, input int i);
    hw = {w[8*i +: 8], w[8*(i+1) +: 8]};
  endfunction
  // byte i of a (shifted) window, 0 at or past byte 128: a 128:1 byte mux
  function automatic logic [7:0] vb(input logic [1023:0] w, input logic [7:0] i);
    vb = i[7] ? 8'h0 : w[8*i[6:0] +: 8];
  endfunction

  // ================================================================ S0 (c)
  logic        vlan, p_v4, p_v6;
  logic [15:0] et, tlo, udpl;
  logic [7:0]  l3;
  logic [3:0]  ihl_o;
  logic [6:0]  o;
  logic [15:0] len16;

  always_comb begin
    vlan  = hw(win_i, 12) == 16'h8100;
    et    = vlan ? hw(win_i, 16) : hw(win_i, 12);
    l3    = vlan ? 8'd18 : 8'd14;
    ihl_o = vlan ? win_i[8*18 +: 4] : win_i[8*14 +: 4];
    o     = 7'(l3) + {1'b0, ihl_o, 2'b00};
    tlo   = vlan ? hw(win_i, 20) : hw(win_i, 16);
    // UDP length at o+4 (a 32:1 mux: o = l3 + 4*ihl)
    udpl  = 16'h0;
    for (int j = 0; j < 16; j++) begin
      if (ihl_o == 4'(j)) udpl = vlan ? hw(win_i, 18 + 4*j + 4) : hw(win_i, 14 + 4*j + 4);
    end
    p_v4  = et == 16'h0800;
    p_v6  = et == 16'h86dd;
    // recognition compares o + opaque_len with len: saturate, a frame of
    // 64 kB or more is long enough for any opaque header
    len16 = len_i[16] ? 16'hffff : len_i[15:0];
  end

  logic          pm_encap;
  logic [1:0]    pm_prof;
  logic [31:0]   pm_flow;
  logic [2047:0] pm_win;
  assign pm_win = {1024'h0, win_i};

  profile_match #(.HDR(256)) u_match (
    .clk_i, .window_i(pm_win), .len_known_i(1'b1), .len_i(len16), .prof_i,
    .encap_o(pm_encap), .profile_o(pm_prof), .flow_id_o(pm_flow));

  // per profile {proto 8, opaque_len 7, inner_eth, len_en, len_off 8, csum_en, csum_off 8}
  localparam int PW = 34;
  logic [4*PW-1:0] pf_f;
  always_comb begin
    for (int p = 0; p < 4; p++)
      pf_f[PW*p +: PW] = {prof_i[(p*5 + 0)*32 + `VNR_PROFILE_PROF_CTRL_PROTO_LSB +: 8],
                          prof_i[(p*5 + 0)*32 + `VNR_PROFILE_PROF_CTRL_OPAQUE_LEN_LSB +: 7],
                          prof_i[(p*5 + 0)*32 + `VNR_PROFILE_PROF_CTRL_INNER_ETH_LSB],
                          prof_i[(p*5 + 4)*32 + `VNR_PROFILE_PROF_EDIT_LEN_EN_LSB],
                          prof_i[(p*5 + 4)*32 + `VNR_PROFILE_PROF_EDIT_LEN_OFF_LSB +: 8],
                          prof_i[(p*5 + 4)*32 + `VNR_PROFILE_PROF_EDIT_CSUM_EN_LSB],
                          prof_i[(p*5 + 4)*32 + `VNR_PROFILE_PROF_EDIT_CSUM_OFF_LSB +: 8]};
  end

  logic [1023:0]   s1_w;
  logic [16:0]     s1_len;
  logic [15:0]     s1_mss, s1_mtu, s1_tlo, s1_udpl;
  logic [7:0]      s1_l3;
  logic [6:0]      s1_o;
  logic            s1_tso, s1_pf, s1_v4, s1_v6, s1_mss0;
  logic [4*PW-1:0] s1_pf_f;

  always_ff @(posedge clk_i) begin
    s1_w <= win_i; s1_len <= len_i; s1_mss <= mss_i; s1_mtu <= mtu_i; s1_tlo <= tlo;
    s1_udpl <= udpl; s1_l3 <= l3; s1_o <= o; s1_tso <= tso_i; s1_pf <= pf_i;
    s1_v4 <= p_v4; s1_v6 <= p_v6; s1_mss0 <= mss_i == 16'h0; s1_pf_f <= pf_f;
  end

  // ================================================================ S1 (c+1)
  logic [31:0] xs;
  always_comb begin
    for (int p = 0; p < 4; p++) xs[8*p +: 8] = 8'(s1_o) + 8'(s1_pf_f[PW*p + 19 +: 7]);
  end

  logic [1023:0]   s2_w;
  logic [16:0]     s2_len, s2_len_l3, s2_len_o, s2_mtul3;
  logic [15:0]     s2_mss, s2_tlo, s2_udpl;
  logic [7:0]      s2_l3;
  logic [6:0]      s2_o;
  logic            s2_tso, s2_pf, s2_v4, s2_v6, s2_mss0;
  logic [4*PW-1:0] s2_pf_f;
  logic [31:0]     s2_xs;

  always_ff @(posedge clk_i) begin
    s2_w <= s1_w; s2_len <= s1_len; s2_mss <= s1_mss; s2_tlo <= s1_tlo; s2_udpl <= s1_udpl;
    s2_l3 <= s1_l3; s2_o <= s1_o; s2_tso <= s1_tso; s2_pf <= s1_pf; s2_v4 <= s1_v4; s2_v6 <= s1_v6;
    s2_mss0 <= s1_mss0; s2_pf_f <= s1_pf_f; s2_xs <= xs;
    s2_len_l3 <= s1_len - 17'(s1_l3);
    s2_len_o  <= s1_len - 17'(s1_o);
    s2_mtul3  <= 17'(s1_mtu) + 17'(s1_l3);
  end

  // ================================================================ S2 (c+2)
  logic          tun;
  logic [PW-1:0] pf;
  logic [7:0]    x, b_ver, b_e0, b_e1, b_e4, b_e5;
  logic          obad, ubad;

  always_comb begin
    tun   = s2_pf && pm_encap;
    pf    = s2_pf_f[PW*pm_prof +: PW];
    x     = s2_xs[8*pm_prof +: 8];
    b_ver = vb(s2_w, x);
    b_e0  = vb(s2_w >> 96, x);
    b_e1  = vb(s2_w >> 104, x);
    b_e4  = vb(s2_w >> 128, x);
    b_e5  = vb(s2_w >> 136, x);
    obad  = {1'b0, s2_tlo} != s2_len_l3;
    // profile proto 17 and L >= 8: the UDP length must cover the rest
    ubad  = pf[33:26] == 8'd17 && pf[25:19] >= 7'd8 && {1'b0, s2_udpl} != s2_len_o;
  end

  logic [1023:0] s3_w;
  logic [16:0]   s3_len, s3_mtul3;
  logic [15:0]   s3_mss;
  logic [7:0]    s3_l3, s3_x, s3_ver, s3_e0, s3_e1, s3_e4, s3_e5;
  logic [6:0]    s3_o;
  logic          s3_tso, s3_tun, s3_v4, s3_v6, s3_mss0, s3_lbad;
  logic [PW-1:0] s3_pf;

  always_ff @(posedge clk_i) begin
    s3_w <= s2_w; s3_len <= s2_len; s3_mtul3 <= s2_mtul3; s3_mss <= s2_mss; s3_l3 <= s2_l3;
    s3_o <= s2_o; s3_tso <= s2_tso; s3_v4 <= s2_v4; s3_v6 <= s2_v6; s3_mss0 <= s2_mss0;
    s3_tun <= tun; s3_pf <= pf; s3_x <= x;
    s3_ver <= b_ver; s3_e0 <= b_e0; s3_e1 <= b_e1; s3_e4 <= b_e4; s3_e5 <= b_e5;
    s3_lbad <= tun && (obad || ubad);
  end

  // ================================================================ S3 (c+3): shape
  logic       err3, v4_3, v6_3, ie;
  logic [4:0] rs3;
  logic [7:0] l3i;
  logic [15:0] et1, et2;

  always_comb begin
    ie   = s3_pf[18];
    et1  = {s3_e0, s3_e1};
    et2  = (et1 == 16'h8100) ? {s3_e4, s3_e5} : et1;
    err3 = 1'b0; rs3 = R_MSS; v4_3 = 1'b0; v6_3 = 1'b0;
    l3i  = s3_l3;
    if (s3_mss0) begin
      err3 = 1'b1;
    end else if (!s3_tun) begin
      v4_3 = s3_v4; v6_3 = s3_v6;
    end else if (ie) begin
      // inner EtherType at x+12 (x+16 behind a tag); every byte read < 128
      l3i = (et1 == 16'h8100) ? s3_x + 8'd18 : s3_x + 8'd14;
      v4_3 = et2 == 16'h0800; v6_3 = et2 == 16'h86dd;
      if (s3_x >= 8'd115 || (et1 == 16'h8100 && s3_x >= 8'd111)) begin
        err3 = 1'b1; rs3 = R_HDR;
      end
    end else begin
      l3i = s3_x;
      v4_3 = s3_ver[7:4] == 4'd4; v6_3 = s3_ver[7:4] == 4'd6;
      if (s3_x[7]) begin
        err3 = 1'b1; rs3 = R_HDR;
      end
    end
    if (!err3 && !v4_3 && !v6_3) begin
      err3 = 1'b1; rs3 = R_NOT_TCP;
    end
  end

  logic [1023:0] s4_w;
  logic [16:0]   s4_len, s4_mtul3;
  logic [15:0]   s4_mss;
  logic [7:0]    s4_l3, s4_l3i;
  logic [6:0]    s4_o;
  logic          s4_tso, s4_tun, s4_v6, s4_err, s4_lbad;
  logic [4:0]    s4_rs;
  logic [PW-1:0] s4_pf;

  always_ff @(posedge clk_i) begin
    s4_w <= s3_w; s4_len <= s3_len; s4_mtul3 <= s3_mtul3; s4_mss <= s3_mss; s4_l3 <= s3_l3;
    s4_o <= s3_o; s4_tso <= s3_tso; s4_tun <= s3_tun; s4_pf <= s3_pf; s4_lbad <= s3_lbad;
    s4_l3i <= l3i; s4_v6 <= v6_3; s4_err <= err3; s4_rs <= rs3;
  end

  // ================================================================ S4 (c+4): inner IP header bytes
  logic [7:0]  i0, i2, i3, i4, i5, i6, i7, i9;
  logic [17:0] lli;
  always_comb begin
    i0 = vb(s4_w, s4_l3i);
    i2 = vb(s4_w >> 16, s4_l3i);
    i3 = vb(s4_w >> 24, s4_l3i);
    i4 = vb(s4_w >> 32, s4_l3i);
    i5 = vb(s4_w >> 40, s4_l3i);
    i6 = vb(s4_w >> 48, s4_l3i);
    i7 = vb(s4_w >> 56, s4_l3i);
    i9 = vb(s4_w >> 72, s4_l3i);
    lli = {1'b0, s4_len} - 18'(s4_l3i);     // len - l3i, negative when l3i > len
  end

  logic [1023:0] s5_w;
  logic [17:0]   s5_lli;
  logic [16:0]   s5_len, s5_mtul3;
  logic [15:0]   s5_mss;
  logic [7:0]    s5_l3, s5_l3i, s5_i0, s5_i6, s5_i7, s5_i9;
  logic [15:0]   s5_ilen;
  logic [6:0]    s5_o;
  logic          s5_tso, s5_tun, s5_v6, s5_err, s5_lbad;
  logic [4:0]    s5_rs;
  logic [PW-1:0] s5_pf;

  always_ff @(posedge clk_i) begin
    // only the doff byte is read from here on: tcp + 12 >= l3i + 32 >= 46
    s5_w <= {s4_w[1023:8*46], 368'h0}; s5_len <= s4_len; s5_mtul3 <= s4_mtul3; s5_mss <= s4_mss; s5_l3 <= s4_l3;
    s5_o <= s4_o; s5_tso <= s4_tso; s5_tun <= s4_tun; s5_pf <= s4_pf; s5_lbad <= s4_lbad;
    s5_l3i <= s4_l3i; s5_v6 <= s4_v6; s5_err <= s4_err; s5_rs <= s4_rs;
    s5_i0 <= i0; s5_i6 <= i6; s5_i7 <= i7; s5_i9 <= i9; s5_lli <= lli;
    s5_ilen <= s4_v6 ? {i4, i5} : {i2, i3};
  end

  // ================================================================ S5 (c+5): inner IP checks
  logic       err5, ibad;
  logic [4:0] rs5;
  logic [7:0] tcp;

  always_comb begin
    err5 = s5_err; rs5 = s5_rs;
    if (s5_v6) begin
      tcp  = s5_l3i + 8'd40;
      ibad = 18'(s5_ilen) + 18'd40 != s5_lli;
      if (!err5 && s5_l3i > 8'd88) begin
        err5 = 1'b1; rs5 = R_HDR;
      end else if (!err5 && (s5_i0[7:4] != 4'd6 || s5_i6 != 8'd6)) begin
        err5 = 1'b1; rs5 = R_NOT_TCP;
      end
    end else begin
      tcp  = s5_l3i + {2'b00, s5_i0[3:0], 2'b00};
      ibad = 18'(s5_ilen) != s5_lli;
      if (!err5 && s5_l3i > 8'd108) begin
        err5 = 1'b1; rs5 = R_HDR;
      end else if (!err5 && (s5_i0[7:4] != 4'd4 || s5_i0[3:0] < 4'd5 || s5_i9 != 8'd6 ||
                             s5_i6[5] || {s5_i6[4:0], s5_i7} != 13'd0)) begin
        err5 = 1'b1; rs5 = R_NOT_TCP;
      end
    end
  end

  logic [1023:0] s6_w;
  logic [16:0]   s6_len, s6_mtul3;
  logic [15:0]   s6_mss;
  logic [7:0]    s6_l3, s6_l3i, s6_tcp;
  logic [6:0]    s6_o;
  logic          s6_tso, s6_tun, s6_v6, s6_err, s6_lbad;
  logic [4:0]    s6_rs;
  logic [PW-1:0] s6_pf;

  always_ff @(posedge clk_i) begin
    s6_w <= s5_w; s6_len <= s5_len; s6_mtul3 <= s5_mtul3; s6_mss <= s5_mss; s6_l3 <= s5_l3;
    s6_o <= s5_o; s6_tso <= s5_tso; s6_tun <= s5_tun; s6_pf <= s5_pf;
    s6_l3i <= s5_l3i; s6_v6 <= s5_v6; s6_err <= err5; s6_rs <= rs5; s6_tcp <= tcp;
    s6_lbad <= s5_lbad || ibad;
  end

  // ================================================================ S6 (c+6): data offset byte
  logic       err6;
  logic [4:0] rs6;
  logic [7:0] doffb;
  always_comb begin
    doffb = vb(s6_w >> 96, s6_tcp);
    err6 = s6_err; rs6 = s6_rs;
    if (!err6 && s6_tcp >= 8'd116) begin      // tcp + 13 > 128
      err6 = 1'b1; rs6 = R_HDR;
    end
  end

  logic [16:0]   s7_len, s7_mtul3;
  logic [15:0]   s7_mss;
  logic [7:0]    s7_l3, s7_l3i, s7_tcp;
  logic [3:0]    s7_doff;
  logic [6:0]    s7_o;
  logic          s7_tso, s7_tun, s7_v6, s7_err, s7_lbad;
  logic [4:0]    s7_rs;
  logic [PW-1:0] s7_pf;

  always_ff @(posedge clk_i) begin
    s7_len <= s6_len; s7_mtul3 <= s6_mtul3; s7_mss <= s6_mss; s7_l3 <= s6_l3; s7_o <= s6_o;
    s7_tso <= s6_tso; s7_tun <= s6_tun; s7_pf <= s6_pf; s7_l3i <= s6_l3i; s7_v6 <= s6_v6;
    s7_err <= err6; s7_rs <= rs6; s7_tcp <= s6_tcp; s7_lbad <= s6_lbad; s7_doff <= doffb[7:4];
  end

  // ================================================================ S7 (c+7): Hin, lengths
  logic       err7;
  logic [4:0] rs7;
  logic [8:0] hin;
  always_comb begin
    hin  = 9'(s7_tcp) + {3'b000, s7_doff, 2'b00};
    err7 = s7_err; rs7 = s7_rs;
    if (!err7 && (s7_doff < 4'd5 || 17'(hin) > s7_len || s7_lbad)) begin
      err7 = 1'b1; rs7 = R_BAD_LEN;
    end
  end

  logic [16:0]   s8_mtul3;
  logic [15:0]   s8_mss;
  logic [7:0]    s8_l3, s8_l3i, s8_tcp;
  logic [8:0]    s8_hin;
  logic [6:0]    s8_o;
  logic          s8_tso, s8_tun, s8_v6, s8_err;
  logic [4:0]    s8_rs;
  logic [PW-1:0] s8_pf;

  always_ff @(posedge clk_i) begin
    s8_mtul3 <= s7_mtul3; s8_mss <= s7_mss; s8_l3 <= s7_l3; s8_o <= s7_o; s8_tso <= s7_tso;
    s8_tun <= s7_tun; s8_pf <= s7_pf; s8_l3i <= s7_l3i; s8_v6 <= s7_v6; s8_tcp <= s7_tcp;
    s8_err <= err7; s8_rs <= rs7; s8_hin <= hin;
  end

  // ================================================================ S8 (c+8): mtu - (Hin - fip), thresholds
  logic [17:0] raw;
  logic [31:0] thr;
  logic [8:0]  hs;
  logic        udp_en, lenf_en, csumf_en;
  logic [7:0]  lenf, csumf;
  always_comb begin
    raw = 18'(s8_mtul3) - 18'(s8_hin);          // fip = l3 in both shapes
    // Hout = Hin - S + E + 20 + L > 256  <=>  L > 236 - E - (Hin - S); for a
    // frame that passed the checks Hin - S is in 40..175, so thr in 43..222
    for (int k = 0; k < 4; k++) begin
      hs = k[1] ? s8_hin : s8_hin - 9'(s8_l3);     // k[1]: inner_eth (S = 0), else S = l3
      thr[8*k +: 8] = 8'(9'd236 - (k[0] ? 9'd18 : 9'd14) - hs);
    end
    udp_en   = s8_pf[33:26] == 8'd17 && s8_pf[25:19] >= 7'd8;
    // the profile's fields, filled only inside the opaque header (as the edit)
    lenf_en  = s8_pf[17] && 9'(s8_pf[16:9]) + 9'd2 <= 9'(s8_pf[25:19]);
    csumf_en = s8_pf[8] && 9'(s8_pf[7:0]) + 9'd2 <= 9'(s8_pf[25:19]);
    lenf     = 8'(s8_o) + s8_pf[16:9];
    csumf    = 8'(s8_o) + s8_pf[7:0];
  end

  logic [17:0] s9_raw;
  logic [15:0] s9_mss;
  logic [7:0]  s9_l3, s9_l3i, s9_tcp, s9_lenf, s9_csumf;
  logic [8:0]  s9_hin;
  logic [6:0]  s9_o;
  logic        s9_tso, s9_tun, s9_v6, s9_err, s9_udp_en, s9_lenf_en, s9_csumf_en;
  logic [4:0]  s9_rs;
  logic [31:0] s9_thr;

  always_ff @(posedge clk_i) begin
    s9_raw <= raw; s9_mss <= s8_mss; s9_l3 <= s8_l3; s9_l3i <= s8_l3i; s9_tcp <= s8_tcp;
    s9_hin <= s8_hin; s9_o <= s8_o; s9_tso <= s8_tso; s9_tun <= s8_tun; s9_v6 <= s8_v6;
    s9_err <= s8_err; s9_rs <= s8_rs; s9_thr <= thr;
    s9_udp_en <= s8_tun && udp_en; s9_lenf_en <= s8_tun && lenf_en; s9_csumf_en <= s8_tun && csumf_en;
    s9_lenf <= lenf; s9_csumf <= csumf;
  end

  // ================================================================ S9 (c+9): MSS clamp
  localparam logic [17:0] MSS_MAX = 18'(`VNR_TSO_MSS_MAX);
  logic        lt1, raw_le, mss_le_raw, mss_le_max, clamped, err9;
  logic [15:0] m;
  logic [4:0]  rs9;
  always_comb begin
    lt1        = s9_raw[17] || s9_raw == 18'd0;     // mss_max < 1
    raw_le     = !s9_raw[17] && s9_raw <= MSS_MAX;
    mss_le_raw = !s9_raw[17] && 18'(s9_mss) <= s9_raw;
    mss_le_max = 18'(s9_mss) <= MSS_MAX;
    // m = min(mss, mss_max), mss_max = min(raw, TSO_MSS_MAX)
    if (raw_le) begin
      clamped = !mss_le_raw;
      m       = mss_le_raw ? s9_mss : s9_raw[15:0];
    end else begin
      clamped = !mss_le_max;
      m       = mss_le_max ? s9_mss : 16'(`VNR_TSO_MSS_MAX);
    end
    err9 = s9_err; rs9 = s9_rs;
    if (!err9 && lt1) begin
      err9 = 1'b1; rs9 = R_MSS;
    end
  end

  always_ff @(posedge clk_i) begin
    tso_o <= s9_tso; err_o <= err9; reason_o <= rs9; m_o <= m; clamped_o <= clamped;
    tun_o <= s9_tun; v6_o <= s9_v6; l3_o <= s9_l3; l3i_o <= s9_l3i; tcp_o <= s9_tcp;
    hin_o <= s9_hin; thr_o <= s9_thr; o_o <= 8'(s9_o);
    t_udp_en_o <= s9_udp_en; t_lenf_en_o <= s9_lenf_en; t_lenf_o <= s9_lenf;
    t_csumf_en_o <= s9_csumf_en; t_csumf_o <= s9_csumf;
  end

  logic unused;
  assign unused = ^{pm_flow, s8_pf[18], s3_ver[3:0], doffb[3:0]};
endmodule
