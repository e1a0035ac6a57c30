`include "vnr_regs.svh"
// Ingress decision (docs/ingress.md sections 2-5): recognition, the key from
// the collators and the mask, its CRC-32C bucket, the 4-way exact match in
// the ingress rule table, the order of checks, and what the reader needs to
// decapsulate (S, the 14-byte prefix, the TTL/checksum patch). Fully
// pipelined, one frame per cycle; the ingress register block lives here.
//
// Timing (c = d+1, the cycle of valid_i; everything a frame uses is as at c:
// profiles and CTRL.debug travel with it, the collators are used in c and the
// mask delayed to line up, a table commit lands exactly when lookups with
// c = m+1 read, see ingress_regs):
//   c    key K1 (barrel shifts by off); recognition A; opaque slice at o
//   c+1  key K2 (cut at len, shift to pos); recognition B
//   c+2  key K3 (OR, mask) -> M; profile p known: q, inner_eth; rows 1-3;
//        CRC-32C stage 1 over X = {p | short << 2, M}
//   c+3  CRC-32C stage 2 -> bucket (a register: it only drives the RAM
//        address pins in c+4); inner bytes from i = o + q
//   c+4  rule table read, 4 ways (address = bucket); inner Ethernet type,
//        l3i, inner IP header bytes; Lout < 14
//   c+5  table rows in the RAM output latch, then its output register;
//        inner IPv4/IPv6, ttl, checksum terms
//   c+6  per way: key compare in 4 chunks, valid/profile/kshort, the row a
//        hit of this way would take, ttl - ttl_dec
//   c+7  hits, lowest way wins, rows 4-9; checksum sum
//   c+8  metadata, prefix, patch -> output registers
//   c+9  valid_o = d + CLS_LAT - 1 (decision queue push; visible at d+11)
module ingress_classifier #(
  parameter int NUM_VF = 64,
  parameter int RULES  = 4096,
  parameter int HDR    = 256
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
  output logic [1:0]       dest_o,
  output logic [4:0]       reason_o,
  output logic [7:0]       cnt_func_o,
  output logic [127:0]     meta_o,
  output logic             rule_hit_o,
  output logic [19:0]      rule_o,
  output logic             decap_o,
  output logic [7:0]       s_o,
  output logic             pre_o,
  output logic [111:0]     prefix_o,
  output logic [7:0]       patch_off_o,
  output logic [31:0]      patch_data_o,
  output logic [3:0]       patch_en_o,
  input  logic             lb_wr_i,
  input  logic [19:0]      lb_waddr_i,
  input  logic [31:0]      lb_wdata_i,
  output logic [7:0]       lb_werr_o,
  input  logic             lb_rd_i,
  input  logic [19:0]      lb_raddr_i,
  output logic [31:0]      lb_rdata_o,
  output logic             lb_rerr_o
);
  localparam int KB  = `VNR_KEY_BYTES;
  localparam int CLS = `VNR_CLS_LAT;
  localparam int NST = CLS - 2;          // register stages from valid_i to valid_o
  localparam int RD  = 4;                // the table is read in cycle c+RD
  localparam int RW  = 1158;             // table row (irule_table)
  localparam int R_VALID = 8 * KB, R_ACT = R_VALID + 1, R_KSHORT = R_VALID + 3,
                 R_PROF = R_VALID + 4, R_VF = R_VALID + 6, R_TTL = R_VALID + 14,
                 R_ETH = R_VALID + 22;
  localparam int BW  = (RULES > 4) ? $clog2(RULES / 4) : 1;
  localparam int OS  = `VNR_OPAQUE_MAX + 30;   // bytes from o: opaque + inner bytes used
  localparam int IB  = 30;                     // inner bytes used: i .. i+29
  localparam int NCH = 4;                      // key compare chunks per way (256 bits: 4 levels)
  localparam logic [1:0] DEST_DROP = 2'd0, DEST_HOST = 2'd2;

  // ---------------------------------------------------------------- helpers
  function automatic logic [7:0] hb(input logic [HDR*8-1:0] w, input int i);
    hb = w[8*i +: 8];
  endfunction
  function automatic logic [7:0] ibb(input logic [8*IB-1:0] w, input int i);
    ibb = w[8*i +: 8];
  endfunction
  function automatic logic [15:0] inv(input logic [15:0] v);
    inv = ~v;
  endfunction
  // end-around-carry fold, as egress_decider
  function automatic logic [15:0] fold(input logic [23:0] x);
    logic [16:0] t;
    t    = 17'(x[15:0]) + 17'(x[23:16]);
    fold = t[15:0] + 16'(t[16]);
  endfunction

  // ---------------------------------------------------------------- register block + table
  logic [63:0]   coll;
  logic [1023:0] mask;
  logic          tb_wr;
  logic [19:0]   tb_slot;
  logic [RW-1:0] tb_wdata, tb_ldata;

  ingress_regs #(.NUM_VF(NUM_VF), .RULES(RULES), .WR_AT(RD)) u_regs (
    .clk_i, .rst_i, .lb_wr_i, .lb_waddr_i, .lb_wdata_i, .lb_werr_o,
    .lb_rd_i, .lb_raddr_i, .lb_rdata_o, .lb_rerr_o,
    .coll_o(coll), .mask_o(mask),
    .tb_wr_o(tb_wr), .tb_slot_o(tb_slot), .tb_wdata_o(tb_wdata), .tb_ldata_i(tb_ldata));

  logic [19:0]     s4_bucket;
  logic [4*RW-1:0] lk_data;

  irule_table #(.RULES(RULES), .W(RW)) u_table (
    .clk_i, .lk_bucket_i(s4_bucket), .lk_data_o(lk_data),
    .wr_i(tb_wr), .rw_slot_i(tb_slot), .wr_data_i(tb_wdata), .ld_data_o(tb_ldata));

  // ---------------------------------------------------------------- valid
  logic [NST:1] v_q;
  always_ff @(posedge clk_i) begin
    if (rst_i) v_q <= '0;
    else       v_q <= {v_q[NST-1:1], valid_i};
  end
  assign valid_o = v_q[NST];

  // ---------------------------------------------------------------- key, recognition
  logic [1023:0] key2;
  logic          short2;

  ingress_key #(.HDR(HDR)) u_key (
    .clk_i, .window_i, .len_known_i, .len_i, .coll_i(coll), .mask_i(mask),
    .key_o(key2), .short_o(short2));

  logic        encap2;
  logic [1:0]  prof2;
  logic [31:0] flow2;

  profile_match #(.HDR(HDR)) u_match (
    .clk_i, .window_i, .len_known_i, .len_i, .prof_i,
    .encap_o(encap2), .profile_o(prof2), .flow_id_o(flow2));

  // ================================================================ c: opaque slice
  // o = l3 + 4*ihl: one 16-way mux per l3 (14, 18) on its own ihl nibble,
  // then the VLAN test picks one, so the EtherType compare runs beside them
  logic             vlan0;
  logic [3:0]       ihl_a0, ihl_b0;
  logic [7:0]       o0;
  logic [8*OS-1:0]  opq_a0, opq_b0, opq0;
  logic [27:0]      olen0;
  logic [3:0]       ieth0;

  always_comb begin
    vlan0  = {hb(window_i, 12), hb(window_i, 13)} == 16'h8100;
    ihl_a0 = window_i[8*14 +: 4];
    ihl_b0 = window_i[8*18 +: 4];
    opq_a0 = '0;
    opq_b0 = '0;
    for (int k = 0; k < 16; k++) begin
      if (ihl_a0 == 4'(k)) opq_a0 = window_i[8*(14 + 4*k) +: 8*OS];
      if (ihl_b0 == 4'(k)) opq_b0 = window_i[8*(18 + 4*k) +: 8*OS];
    end
    opq0 = vlan0 ? opq_b0 : opq_a0;
    o0   = vlan0 ? 8'd18 + {2'b00, ihl_b0, 2'b00} : 8'd14 + {2'b00, ihl_a0, 2'b00};
    for (int p = 0; p < 4; p++) begin
      olen0[7*p +: 7] = prof_i[(p*5 + 0)*32 + `VNR_PROFILE_PROF_CTRL_OPAQUE_LEN_LSB +: 7];
      ieth0[p]        = prof_i[(p*5 + 0)*32 + `VNR_PROFILE_PROF_CTRL_INNER_ETH_LSB];
    end
  end

  // frame facts carried from c to c+2
  logic [8*OS-1:0] s1_opq, s2_opq;
  logic [7:0]      s1_o, s2_o;
  logic [27:0]     s1_olen, s2_olen;
  logic [3:0]      s1_ieth, s2_ieth;
  logic            s1_runt, s2_runt, s1_dbg, s2_dbg, s1_known, s2_known;
  logic [15:0]     s1_len, s2_len;

  always_ff @(posedge clk_i) begin
    s1_opq <= opq0;       s2_opq <= s1_opq;
    s1_o <= o0;           s2_o <= s1_o;
    s1_olen <= olen0;     s2_olen <= s1_olen;
    s1_ieth <= ieth0;     s2_ieth <= s1_ieth;
    s1_runt <= len_known_i & (len_i < 16'(`VNR_MIN_FRAME));
    s2_runt <= s1_runt;
    s1_dbg <= debug_i;    s2_dbg <= s1_dbg;
    s1_known <= len_known_i; s2_known <= s1_known;
    s1_len <= len_i;      s2_len <= s1_len;
  end

  // ================================================================ c+2: profile known, rows 1-3, CRC stage 1
  logic [31:0] crc3;

  crc32c #(.NBYTES(KB + 1)) u_crc (
    .clk_i, .data_i({key2, 5'b00000, short2, prof2}), .crc_o(crc3));

  logic       pre2;
  logic [1:0] pdest2;
  logic [4:0] preason2;

  always_comb begin
    pre2 = 1'b1; pdest2 = DEST_HOST; preason2 = 5'(`VNR_REASON_NO_IRULE);
    if (s2_runt) begin
      pdest2 = DEST_DROP; preason2 = 5'(`VNR_REASON_RUNT);
    end else if (s2_dbg) begin
      preason2 = 5'(`VNR_REASON_DEBUG);
    end else if (!encap2) begin
      preason2 = 5'(`VNR_REASON_NOT_ENCAP);
    end else begin
      pre2 = 1'b0;
    end
  end

  logic [8*OS-1:0] s3_opq;
  logic [7:0]      s3_o;
  logic [6:0]      s3_q;
  logic            s3_ie, s3_encap, s3_runt, s3_known, s3_pre;
  logic [1:0]      s3_p, s3_pdest;
  logic [4:0]      s3_preason;
  logic [31:0]     s3_flow;
  logic [15:0]     s3_len;

  always_ff @(posedge clk_i) begin
    s3_opq <= s2_opq; s3_o <= s2_o;
    s3_q <= s2_olen[7*prof2 +: 7];
    s3_ie <= s2_ieth[prof2];
    s3_p <= prof2; s3_encap <= encap2; s3_flow <= flow2;
    s3_runt <= s2_runt; s3_known <= s2_known; s3_len <= s2_len;
    s3_pre <= pre2; s3_pdest <= pdest2; s3_preason <= preason2;
  end

  // ================================================================ c+3: bucket, inner bytes
  logic [8*OS-1:0] ishift3;
  logic [7:0]      i3;

  always_comb begin
    ishift3 = s3_opq >> {s3_q, 3'b000};
    i3      = s3_o + 8'(s3_q);
  end

  // M and short travel to the compare in c+6 (plain delay, SRL-friendly)
  logic [1023:0] s3_key, s4_key, s5_key, s6_key;
  logic          s3_short, s4_short, s5_short, s6_short, s7_short, s8_short;

  always_ff @(posedge clk_i) begin
    s3_key <= key2; s4_key <= s3_key; s5_key <= s4_key; s6_key <= s5_key;
    s3_short <= short2; s4_short <= s3_short; s5_short <= s4_short; s6_short <= s5_short;
    s7_short <= s6_short; s8_short <= s7_short;
  end

  logic [8*IB-1:0] s4_ib;
  logic [7:0]    s4_i;
  logic          s4_ie, s4_encap, s4_runt, s4_known, s4_pre;
  logic [1:0]    s4_p, s4_pdest;
  logic [4:0]    s4_preason;
  logic [31:0]   s4_flow;
  logic [15:0]   s4_len;

  always_ff @(posedge clk_i) begin
    s4_bucket <= (RULES > 4) ? 20'(crc3[BW-1:0]) : 20'd0;
    s4_ib <= ishift3[8*IB-1:0];
    s4_i <= i3; s4_ie <= s3_ie;
    s4_p <= s3_p; s4_encap <= s3_encap; s4_flow <= s3_flow;
    s4_runt <= s3_runt; s4_known <= s3_known; s4_len <= s3_len;
    s4_pre <= s3_pre; s4_pdest <= s3_pdest; s4_preason <= s3_preason;
  end

  // ================================================================ c+4: table read, inner L2
  logic [15:0] eet4, et4, ipet4;
  logic        ivlan4, dshort4;
  logic [4:0]  rel4;
  logic [7:0]  l3b4 [12];

  always_comb begin
    eet4   = {ibb(s4_ib, 12), ibb(s4_ib, 13)};
    ivlan4 = eet4 == 16'h8100;
    // EtherType from the IP version (profile without inner Ethernet)
    case (s4_ib[4 +: 4])
      4'd4:    ipet4 = 16'h0800;
      4'd6:    ipet4 = 16'h86dd;
      default: ipet4 = 16'h0000;
    endcase
    if (!s4_ie) begin
      rel4 = 5'd0;  et4 = ipet4;
    end else if (ivlan4) begin
      rel4 = 5'd18; et4 = {ibb(s4_ib, 16), ibb(s4_ib, 17)};
    end else begin
      rel4 = 5'd14; et4 = eet4;
    end
    for (int k = 0; k < 12; k++) begin
      if (!s4_ie)      l3b4[k] = ibb(s4_ib, k);
      else if (ivlan4) l3b4[k] = ibb(s4_ib, 18 + k);
      else             l3b4[k] = ibb(s4_ib, 14 + k);
    end
    // Lout = P + len - S < 14 with S = i, P = 14 without inner Ethernet
    dshort4 = s4_known && 17'(s4_len) + (s4_ie ? 17'd0 : 17'd14) < 17'(s4_i) + 17'd14;
  end

  logic [19:0]  s5_bucket;
  logic [15:0]  s5_et, s5_len;
  logic [3:0]   s5_ver;
  logic [7:0]   s5_b7, s5_b8, s5_b9, s5_b10, s5_b11, s5_l3i, s5_i;
  logic         s5_ie, s5_dshort, s5_encap, s5_runt, s5_known, s5_pre;
  logic [1:0]   s5_p, s5_pdest;
  logic [4:0]   s5_preason;
  logic [31:0]  s5_flow;

  always_ff @(posedge clk_i) begin
    s5_bucket <= s4_bucket;
    s5_et <= et4; s5_ver <= l3b4[0][7:4];
    s5_b7 <= l3b4[7]; s5_b8 <= l3b4[8]; s5_b9 <= l3b4[9]; s5_b10 <= l3b4[10]; s5_b11 <= l3b4[11];
    s5_l3i <= s4_i + 8'(rel4); s5_i <= s4_i;
    s5_ie <= s4_ie; s5_dshort <= dshort4;
    s5_p <= s4_p; s5_encap <= s4_encap; s5_flow <= s4_flow;
    s5_runt <= s4_runt; s5_known <= s4_known; s5_len <= s4_len;
    s5_pre <= s4_pre; s5_pdest <= s4_pdest; s5_preason <= s4_preason;
  end

  // ================================================================ c+5: inner L3
  logic ipv4_5, ipv6_5;
  always_comb begin
    ipv4_5 = s5_et == 16'h0800 && s5_ver == 4'd4 && (!s5_known || s5_len >= 16'(s5_l3i) + 16'd20);
    ipv6_5 = s5_et == 16'h86dd && s5_ver == 4'd6 && (!s5_known || s5_len >= 16'(s5_l3i) + 16'd40);
  end

  logic [19:0]  s6_bucket;
  logic         s6_ipv4, s6_ip, s6_ie, s6_dshort, s6_encap, s6_runt, s6_pre;
  logic [7:0]   s6_ttl, s6_b9, s6_poff, s6_i;
  logic [16:0]  s6_t1;
  logic [15:0]  s6_et;
  logic [1:0]   s6_p, s6_pdest;
  logic [4:0]   s6_preason;
  logic [31:0]  s6_flow;

  always_ff @(posedge clk_i) begin
    s6_bucket <= s5_bucket;
    s6_ipv4 <= ipv4_5; s6_ip <= ipv4_5 | ipv6_5;
    s6_ttl  <= ipv4_5 ? s5_b8 : s5_b7;
    s6_b9   <= s5_b9;
    // RFC 1624 eqn 3 on the word holding the TTL: HC' = ~(~HC + ~m + m')
    s6_t1   <= 17'(inv({s5_b10, s5_b11})) + 17'(inv({s5_b8, s5_b9}));
    s6_poff <= ipv4_5 ? s5_l3i + 8'd8 : s5_l3i + 8'd7;
    s6_et <= s5_et; s6_i <= s5_i;
    s6_ie <= s5_ie; s6_dshort <= s5_dshort;
    s6_p <= s5_p; s6_encap <= s5_encap; s6_flow <= s5_flow; s6_runt <= s5_runt;
    s6_pre <= s5_pre; s6_pdest <= s5_pdest; s6_preason <= s5_preason;
  end

  // ================================================================ c+6: per way
  logic [NCH-1:0] eq6 [4];
  logic [3:0]     mok6, fwd6, pact6;
  logic [1:0]     dest6 [4];
  logic [4:0]     reason6 [4];
  logic [7:0]     vf6 [4];
  logic [7:0]     ttln6 [4];
  logic [111:0]   eth6 [4];

  always_comb begin
    for (int w = 0; w < 4; w++) begin
      logic [RW-1:0] row;
      logic [1:0]    act;
      logic [7:0]    tdec;
      logic          ttl_trap;
      row = lk_data[RW*w +: RW];
      for (int k = 0; k < NCH; k++)
        eq6[w][k] = row[(1024/NCH)*k +: 1024/NCH] == s6_key[(1024/NCH)*k +: 1024/NCH];
      mok6[w] = row[R_VALID] && row[R_PROF +: 2] == s6_p && row[R_KSHORT] == s6_short;
      act     = row[R_ACT +: 2];
      tdec    = row[R_TTL +: 8];
      vf6[w]  = row[R_VF +: 8];
      eth6[w] = row[R_ETH +: 112];
      ttl_trap = tdec != 8'd0 && s6_ip && s6_ttl <= tdec;
      ttln6[w] = s6_ttl - tdec;
      fwd6[w]  = 1'b0;
      if (act == 2'd1) begin
        dest6[w] = DEST_HOST; reason6[w] = 5'(`VNR_REASON_TRAP_RULE);
      end else if (act == 2'd2) begin
        dest6[w] = DEST_DROP; reason6[w] = 5'(`VNR_REASON_DROP_RULE);
      end else if (s6_dshort) begin
        dest6[w] = DEST_DROP; reason6[w] = 5'(`VNR_REASON_DECAP_SHORT);
      end else if (ttl_trap) begin
        dest6[w] = DEST_HOST; reason6[w] = 5'(`VNR_REASON_TTL);
      end else begin
        dest6[w] = DEST_HOST; reason6[w] = 5'(`VNR_REASON_FORWARD); fwd6[w] = 1'b1;
      end
      pact6[w] = fwd6[w] && tdec != 8'd0 && s6_ip;
    end
  end

  logic [NCH-1:0] s7_eq [4];
  logic [3:0]     s7_mok, s7_fwd, s7_pact;
  logic [1:0]     s7_dest [4];
  logic [4:0]     s7_reason [4];
  logic [7:0]     s7_vf [4];
  logic [7:0]     s7_ttln [4];
  logic [111:0]   s7_eth [4];
  logic [19:0]    s7_bucket;
  logic           s7_ipv4, s7_ie, s7_encap, s7_runt, s7_pre;
  logic [7:0]     s7_b9, s7_poff, s7_i;
  logic [16:0]    s7_t1;
  logic [15:0]    s7_et;
  logic [1:0]     s7_p, s7_pdest;
  logic [4:0]     s7_preason;
  logic [31:0]    s7_flow;

  always_ff @(posedge clk_i) begin
    for (int w = 0; w < 4; w++) begin
      s7_eq[w] <= eq6[w]; s7_dest[w] <= dest6[w]; s7_reason[w] <= reason6[w];
      s7_vf[w] <= vf6[w]; s7_ttln[w] <= ttln6[w]; s7_eth[w] <= eth6[w];
    end
    s7_mok <= mok6; s7_fwd <= fwd6; s7_pact <= pact6;
    s7_bucket <= s6_bucket;
    s7_ipv4 <= s6_ipv4; s7_b9 <= s6_b9; s7_poff <= s6_poff; s7_t1 <= s6_t1;
    s7_et <= s6_et; s7_i <= s6_i; s7_ie <= s6_ie;
    s7_p <= s6_p; s7_encap <= s6_encap; s7_flow <= s6_flow; s7_runt <= s6_runt;
    s7_pre <= s6_pre; s7_pdest <= s6_pdest; s7_preason <= s6_preason;
  end

  // ================================================================ c+7: lowest hitting way, rows 4-9
  logic [3:0]   hit7;
  logic [1:0]   way7;
  logic         any7, rhit7, decap7, pact7;
  logic [1:0]   dest7;
  logic [4:0]   reason7;
  logic [7:0]   cnt7, ttln7;
  logic [111:0] eth7;

  always_comb begin
    for (int w = 0; w < 4; w++) hit7[w] = s7_mok[w] && &s7_eq[w];
    any7 = |hit7;
    way7 = hit7[0] ? 2'd0 : hit7[1] ? 2'd1 : hit7[2] ? 2'd2 : 2'd3;
    rhit7 = !s7_pre && any7;
    dest7 = s7_pdest; reason7 = s7_preason; cnt7 = 8'd0; decap7 = 1'b0;
    if (rhit7) begin
      dest7   = s7_dest[way7];
      reason7 = s7_reason[way7];
      cnt7    = s7_vf[way7];
      decap7  = s7_fwd[way7];
    end else if (!s7_pre) begin
      dest7 = DEST_HOST; reason7 = 5'(`VNR_REASON_NO_IRULE);
    end
    pact7 = rhit7 && s7_pact[way7];
    ttln7 = s7_ttln[way7];
    eth7  = s7_eth[way7];
  end

  logic         s8_rhit, s8_decap, s8_pact, s8_ipv4, s8_ie, s8_encap, s8_runt;
  logic [1:0]   s8_dest, s8_p;
  logic [4:0]   s8_reason;
  logic [7:0]   s8_cnt, s8_ttln, s8_b9, s8_poff, s8_i;
  logic [19:0]  s8_slot;
  logic [17:0]  s8_sum;
  logic [111:0] s8_eth;
  logic [15:0]  s8_et;
  logic [31:0]  s8_flow;

  always_ff @(posedge clk_i) begin
    s8_rhit <= rhit7; s8_decap <= decap7; s8_pact <= pact7;
    s8_dest <= dest7; s8_reason <= reason7; s8_cnt <= cnt7; s8_ttln <= ttln7;
    s8_slot <= {s7_bucket[17:0], way7};
    s8_sum  <= 18'(s7_t1) + 18'({ttln7, s7_b9});
    s8_eth <= eth7; s8_et <= s7_et;
    s8_ipv4 <= s7_ipv4; s8_b9 <= s7_b9; s8_poff <= s7_poff; s8_i <= s7_i; s8_ie <= s7_ie;
    s8_p <= s7_p; s8_encap <= s7_encap; s8_flow <= s7_flow; s8_runt <= s7_runt;
  end

  // ================================================================ c+8: outputs
  logic [15:0]  hcn8;
  logic [127:0] meta8;
  logic [111:0] pre8;
  logic         rec8, prep8;

  always_comb begin
    hcn8 = ~fold(24'(s8_sum));
    rec8 = s8_encap && !s8_runt;
    meta8 = '0;
    meta8[`VNR_META_OUT_FUNC_LSB +: 8]   = s8_decap ? s8_cnt : 8'd0;
    meta8[`VNR_META_OUT_REASON_LSB +: 8] = 8'(s8_reason);
    meta8[`VNR_META_OUT_SEGS_LSB +: 8]   = 8'd1;
    meta8[`VNR_META_OUT_FROM_NET_LSB]    = 1'b1;
    if (rec8) begin
      meta8[`VNR_META_OUT_ENCAP_LSB]         = 1'b1;
      meta8[`VNR_META_OUT_PROFILE_LSB +: 2]  = s8_p;
      meta8[`VNR_META_OUT_FLOW_ID_LSB +: 32] = s8_flow;
    end
    if (s8_rhit) begin
      meta8[`VNR_META_OUT_RULE_HIT_LSB]   = 1'b1;
      meta8[`VNR_META_OUT_RULE_LSB +: 20] = s8_slot;
      meta8[`VNR_META_OUT_KEY_SHORT_LSB]  = s8_short;
    end
    meta8[`VNR_META_OUT_DECAP_LSB] = s8_decap;
    // prefix of a profile without inner Ethernet: the rule's header, its
    // type 0 replaced by the type from the inner IP version
    prep8 = s8_decap && !s8_ie;
    pre8  = '0;
    if (prep8) begin
      pre8 = s8_eth;
      if (s8_eth[8*12 +: 16] == 16'h0) pre8[8*12 +: 16] = {s8_et[7:0], s8_et[15:8]};
    end
  end

  always_ff @(posedge clk_i) begin
    dest_o     <= s8_dest;
    reason_o   <= s8_reason;
    cnt_func_o <= s8_cnt;
    meta_o     <= meta8;
    rule_hit_o <= s8_rhit;
    rule_o     <= s8_rhit ? s8_slot : 20'd0;
    decap_o    <= s8_decap;
    s_o        <= s8_decap ? s8_i : 8'd0;
    pre_o      <= prep8;
    prefix_o   <= pre8;
    if (s8_pact) begin
      patch_off_o  <= s8_poff;
      patch_data_o <= s8_ipv4 ? {hcn8[7:0], hcn8[15:8], s8_b9, s8_ttln} : {24'h0, s8_ttln};
      patch_en_o   <= s8_ipv4 ? 4'b1101 : 4'b0001;
    end else begin
      patch_off_o  <= 8'd0;
      patch_data_o <= 32'h0;
      patch_en_o   <= 4'b0000;
    end
  end

  logic unused_cls;
  assign unused_cls = ^{crc3, s7_bucket[19:18], eet4, s8_sum[17], l3b4[1], l3b4[2], l3b4[3],
                        l3b4[4], l3b4[5], l3b4[6], l3b4[0][3:0], ishift3[8*OS-1:8*IB]};
endmodule
