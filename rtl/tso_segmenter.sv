`include "vnr_regs.svh"
// TSO segmenter (timing.md 3.7, docs/tso.md section 3), between the egress
// reader and the e2n queue. Every frame the reader sends to the wire passes
// through it; a frame with a TSO descriptor (en = 1) leaves as segments.
//
// Input. The reader pushes a beat when seg_room_o (state only: buffered beats
// < SB, no pieces pending, a free slot for a frame's first beat). Beat 0
// carries the descriptor (in_tso_i), the frame's Lout (in_lout_i) and its
// meta (in_user_i); they are kept in the frame's slot. Every beat goes into
// the buffer (seg_buffer); beats holding bytes below TSO_HDR_MAX also into
// the slot's header store (distributed RAM, read asynchronously).
//
// Nominal pieces. The piece engine follows 3.7 exactly: piece 0 of a beat in
// its push cycle, piece p in the p-th cycle after (busy_q while pieces
// remain). A piece that completes a segment is that segment's "summed" event;
// a SEG_LAT-1 deep delay line turns events into avail_q, the segments the
// emitter may start. The actual sums follow one cycle behind the nominal
// pieces in a pipeline (mask, two adder stages, accumulate) and land in
// seg_sum_fifo 5 cycles after the event, well before the segment's SEG_LAT.
// The FIFO holds a sum for every segment summed and not yet sent; each owns
// at least one buffered byte (its payload, or the header of a T = 0 frame),
// so TSO_BUF_BYTES entries always suffice (m = 1 comes close).
//
// Fields. Sums are ones' complement sums with end-around carry, kept in the
// "absolute" byte parity (a byte at an even offset of the segment is the high
// byte of its word; header offsets are the same in the frame and every
// segment, a payload sum is byte-swapped when k*m is odd). Everything is
// modulo 0xFFFF, so a field's change enters a region's sum as new - orig,
// and a region whose checksum is correct sums to 0 (the TCP segment under
// the UDP and profile checksums: local checksum offload). Per frame, the
// header-sum pipeline adds up seven header regions as the header beats go by
// and captures the original value of every field. Per segment, the segment
// generator (SG, in segment order, running ahead of the emitter, a record
// FIFO of RD entries with credit) computes in 7 stages every field but the
// TCP checksum, which needs the payload sum: it is X + P, added as the
// segment's header goes out.
//
// Emitter. Frames, segments and beats in order. An unsegmented frame's beat q
// is raw beat q, as soon as it is buffered (a beat written at the edge the
// read is issued is forwarded by seg_buffer). A segment's beat 0 waits for
// avail_q; its bytes are the header store word with the record's fields laid
// over it, then the payload realigned from two buffer beats read at the
// address of the next state. Releases and slots as in 3.7.
module tso_segmenter #(
  parameter int DATA_W = 64,
  parameter int BYTES  = DATA_W / 8
) (
  input  logic              clk_i,
  input  logic              rst_i,
  output logic              seg_room_o,
  input  logic              in_push_i,
  input  logic [DATA_W-1:0] in_data_i,
  input  logic [BYTES-1:0]  in_keep_i,
  input  logic              in_last_i,
  input  logic [127:0]      in_user_i,    // meta out, beat 0
  input  logic [127:0]      in_tso_i,     // layout tsodesc, beat 0
  input  logic [17:0]       in_lout_i,    // Lout, beat 0
  input  logic [1:0]        out_used_i,   // e2n queue
  output logic              out_push_o,
  output logic [DATA_W-1:0] out_data_o,
  output logic [BYTES-1:0]  out_keep_o,
  output logic              out_last_o,
  output logic [127:0]      out_user_o
);
  localparam int LG   = $clog2(BYTES);
  localparam int SB   = `VNR_TSO_BUF_BYTES / BYTES;
  localparam int AW   = $clog2(SB);
  localparam int NS   = `VNR_TSO_SLOTS;
  localparam int SLW  = $clog2(NS);
  localparam int HDRW = `VNR_TSO_HDR_MAX / BYTES;
  localparam int HWA  = $clog2(HDRW);
  localparam int NW   = BYTES / 2;               // 16-bit words a beat
  localparam int GS   = (NW < 8) ? NW : 8;       // words a group (first adder stage)
  localparam int NG   = NW / GS;
  localparam int BW   = DATA_W + BYTES + 1;      // buffered beat {last, keep, data}
  localparam int NF   = 14;
  localparam int NR   = 7;
  localparam int RD   = 8;                       // segment records
  localparam int LAT  = `VNR_SEG_LAT;
  localparam int OW   = 18;                      // frame offsets

  // fields, in the order docs/tso.md writes them (a later one wins a byte)
  localparam int F_LO = 0, F_UL = 1, F_LF = 2, F_LI = 3, F_IO = 4, F_II = 5, F_SH = 6,
                 F_SL = 7, F_FL = 8, F_CI = 9, F_TC = 10, F_CF = 11, F_UC = 12, F_CO = 13;
  // header regions summed per frame
  localparam int R_IPO = 0, R_IPI = 1, R_TCP = 2, R_CS = 3, R_UDP = 4, R_AI = 5, R_AO = 6;

  // ---------------------------------------------------------------- helpers
  function automatic logic [15:0] sw16(input logic [15:0] x, input logic s);
    sw16 = s ? {x[7:0], x[15:8]} : x;
  endfunction
  // end-around-carry fold of a wide sum
  function automatic logic [15:0] fold(input logic [23:0] x);
    logic [16:0] a;
    a = 17'(x[15:0]) + 17'(x[23:16]);
    a = 17'(a[15:0]) + 17'(a[16]);
    fold = a[15:0];
  endfunction
  function automatic logic [15:0] eac(input logic [15:0] a, input logic [15:0] b);
    eac = fold(24'(a) + 24'(b));
  endfunction
  // RFC 1071: ~s with s taken as 1..0xFFFF (0 and 0xFFFF are the same class)
  function automatic logic [15:0] csum(input logic [15:0] s);
    csum = (s == 16'h0000 || s == 16'hFFFF) ? 16'h0000 : ~s;
  endfunction

  // ---------------------------------------------------------------- descriptor
  logic        d_en, d_v6, d_ipoen, d_udpen, d_lfen, d_cfen;
  logic [15:0] d_m;
  logic [8:0]  d_h, d_ipo, d_udp, d_lf, d_cf, d_cs, d_ipi, d_tcp;
  logic [8:0]  d_fpos [NF];
  logic        d_fen  [NF];
  logic [8:0]  d_rlo [NR], d_rhi [NR];
  logic        d_incs [NF], d_inudp [NF];
  logic [NF*9-1:0] d_fpos_w;
  logic [NF-1:0]   d_fen_w, d_incs_w, d_inudp_w;
  logic [NR*9-1:0] d_rlo_w, d_rhi_w;

  always_comb begin
    d_en    = in_tso_i[`VNR_META_TSODESC_EN_LSB];
    d_v6    = in_tso_i[`VNR_META_TSODESC_V6_LSB];
    d_ipoen = in_tso_i[`VNR_META_TSODESC_IP_O_EN_LSB];
    d_udpen = in_tso_i[`VNR_META_TSODESC_UDP_EN_LSB];
    d_lfen  = in_tso_i[`VNR_META_TSODESC_LENF_EN_LSB];
    d_cfen  = in_tso_i[`VNR_META_TSODESC_CSUMF_EN_LSB];
    d_m     = in_tso_i[`VNR_META_TSODESC_MSS_LSB +: 16];
    d_h     = in_tso_i[`VNR_META_TSODESC_HLEN_LSB +: 9];
    d_ipo   = 9'(in_tso_i[`VNR_META_TSODESC_IP_O_LSB +: 8]);
    d_udp   = 9'(in_tso_i[`VNR_META_TSODESC_UDP_LSB +: 8]);
    d_lf    = 9'(in_tso_i[`VNR_META_TSODESC_LENF_LSB +: 8]);
    d_cf    = 9'(in_tso_i[`VNR_META_TSODESC_CSUMF_LSB +: 8]);
    d_cs    = 9'(in_tso_i[`VNR_META_TSODESC_CSUM_START_LSB +: 8]);
    d_ipi   = 9'(in_tso_i[`VNR_META_TSODESC_IP_I_LSB +: 8]);
    d_tcp   = 9'(in_tso_i[`VNR_META_TSODESC_TCP_LSB +: 8]);

    d_fpos[F_LO] = d_ipo + 9'd2;   d_fen[F_LO] = d_ipoen;
    d_fpos[F_UL] = d_udp + 9'd4;   d_fen[F_UL] = d_udpen;
    // the profile length field is the UDP length for the presets: one field
    d_fpos[F_LF] = d_lf;           d_fen[F_LF] = d_lfen & ~(d_udpen & (d_lf == d_udp + 9'd4));
    d_fpos[F_LI] = d_v6 ? d_ipi + 9'd4 : d_ipi + 9'd2;  d_fen[F_LI] = 1'b1;
    d_fpos[F_IO] = d_ipo + 9'd4;   d_fen[F_IO] = d_ipoen;
    d_fpos[F_II] = d_ipi + 9'd4;   d_fen[F_II] = ~d_v6;
    d_fpos[F_SH] = d_tcp + 9'd4;   d_fen[F_SH] = 1'b1;
    d_fpos[F_SL] = d_tcp + 9'd6;   d_fen[F_SL] = 1'b1;
    d_fpos[F_FL] = d_tcp + 9'd12;  d_fen[F_FL] = 1'b1;
    d_fpos[F_CI] = d_ipi + 9'd10;  d_fen[F_CI] = ~d_v6;
    d_fpos[F_TC] = d_tcp + 9'd16;  d_fen[F_TC] = 1'b1;
    d_fpos[F_CF] = d_cf;           d_fen[F_CF] = d_cfen;
    d_fpos[F_UC] = d_udp + 9'd6;   d_fen[F_UC] = d_udpen;
    d_fpos[F_CO] = d_ipo + 9'd10;  d_fen[F_CO] = d_ipoen;
    for (int j = 0; j < NF; j++) begin
      d_fen[j]   = d_fen[j] & d_en;
      d_incs[j]  = d_cfen & d_fen[j] & (d_fpos[j] >= d_cs) & (d_fpos[j] < d_tcp);
      d_inudp[j] = d_udpen & d_fen[j] & (d_fpos[j] >= d_udp) & (d_fpos[j] < d_tcp);
    end

    // regions [lo, hi); the outer IPv4 end is lo + 4*ihl, read from the beat
    for (int r = 0; r < NR; r++) begin d_rlo[r] = '0; d_rhi[r] = '0; end
    if (d_ipoen) begin
      d_rlo[R_IPO] = d_ipo;          d_rhi[R_IPO] = d_ipo + 9'd20;
      d_rlo[R_AO]  = d_ipo + 9'd12;  d_rhi[R_AO]  = d_ipo + 9'd20;
    end
    if (!d_v6) begin
      d_rlo[R_IPI] = d_ipi;          d_rhi[R_IPI] = d_tcp;
      d_rlo[R_AI]  = d_ipi + 9'd12;  d_rhi[R_AI]  = d_ipi + 9'd20;
    end else begin
      d_rlo[R_AI]  = d_ipi + 9'd8;   d_rhi[R_AI]  = d_ipi + 9'd40;
    end
    d_rlo[R_TCP] = d_tcp;            d_rhi[R_TCP] = d_h;
    if (d_cfen)  begin d_rlo[R_CS]  = d_cs;  d_rhi[R_CS]  = d_tcp; end
    if (d_udpen) begin d_rlo[R_UDP] = d_udp; d_rhi[R_UDP] = d_tcp; end
    for (int j = 0; j < NF; j++) begin
      d_fpos_w[9*j +: 9] = d_fpos[j];
      d_fen_w[j]         = d_fen[j];
      d_incs_w[j]        = d_incs[j];
      d_inudp_w[j]       = d_inudp[j];
    end
    for (int r = 0; r < NR; r++) begin
      d_rlo_w[9*r +: 9] = d_rlo[r];
      d_rhi_w[9*r +: 9] = d_rhi[r];
    end
  end

  // ---------------------------------------------------------------- slots
  logic         s_en   [NS];
  logic [15:0]  s_m    [NS];
  logic [8:0]   s_h    [NS];
  logic [OW-1:0] s_lout [NS];
  logic [OW-1:0] s_hm   [NS];       // H + m
  logic [OW-1:0] s_kb   [NS];       // beats of the frame, ceil(Lout/B)
  logic [127:0] s_meta [NS];
  logic [8:0]   s_ipo  [NS], s_ipi [NS], s_tcp [NS], s_udp [NS], s_cs [NS];
  // per-slot rows are packed vectors (one memory word a slot)
  logic [NF*9-1:0]  s_fpos [NS];
  logic [NF-1:0]    s_fen  [NS];
  logic [NF-1:0]    s_incs [NS];
  logic [NF-1:0]    s_inudp[NS];
  logic [NR*9-1:0]  s_rlo  [NS];
  logic [NR*9-1:0]  s_rhi  [NS];
  logic [NF*16-1:0] s_orig [NS];
  logic [NR*16-1:0] s_hs   [NS];
  logic         s_occ_q[NS], s_hdrin_q[NS], s_sgdone_q[NS];

  // ---------------------------------------------------------------- input, pieces
  logic            first_q, busy_q;
  logic [SLW-1:0]  islot_q;
  logic [2:0]      slots_q;
  logic [AW:0]     sbu_q;
  logic [AW-1:0]   wptr_q;
  logic            f_en_q;
  logic [8:0]      f_h_q;
  logic            f_tcp0_q;
  logic [15:0]     f_m_q;
  logic [OW-1:0]   f_lout_q, pos_q, bpos_q, pend_q;
  logic [15:0]     pk_q;
  logic [OW-1:0]   psk_q, pnx_q;
  logic            plast_q;
  logic [DATA_W-1:0] bd_q;

  logic            push, seg_room;
  logic            c_en;
  logic [8:0]      c_h;
  logic            u_h0, u_tcp0;      // parities of H and tcp of the frame being pieced
  logic [15:0]     c_m, u_m;
  logic [OW-1:0]   c_lout, c_pos, c_end;
  logic [OW-1:0]   e_pos, e_end, e_sk, e_nx, lo, hi;
  logic [15:0]     e_k;
  logic            e_last, pv, t0, pends, more, sev;

  assign seg_room   = (sbu_q < (AW+1)'(SB)) & ~busy_q & (~first_q | (slots_q < 3'(NS)));
  assign seg_room_o = seg_room;
  assign push       = in_push_i & seg_room;

  always_comb begin
    c_en   = first_q ? d_en : f_en_q;
    c_h    = first_q ? d_h : f_h_q;
    c_m    = first_q ? d_m : f_m_q;
    c_lout = first_q ? in_lout_i : f_lout_q;
    c_pos  = first_q ? '0 : pos_q;
    c_end  = (c_pos + OW'(BYTES) < c_lout) ? c_pos + OW'(BYTES) : c_lout;
    u_h0   = push ? c_h[0] : f_h_q[0];
    u_m    = push ? c_m : f_m_q;
    u_tcp0 = push ? (first_q ? d_tcp[0] : f_tcp0_q) : f_tcp0_q;
    if (push) begin
      e_pos  = c_pos;
      e_end  = c_end;
      e_last = in_last_i;
      e_k    = first_q ? 16'd0 : pk_q;
      e_sk   = first_q ? OW'(c_h) : psk_q;
      e_nx   = first_q ? OW'(c_h) + OW'(c_m) : pnx_q;
      pv     = c_en & (c_end > OW'(c_h));
      lo     = (e_pos > e_sk) ? e_pos : e_sk;
      t0     = c_en & in_last_i & (c_lout == OW'(c_h));
    end else begin
      e_pos  = bpos_q;
      e_end  = pend_q;
      e_last = plast_q;
      e_k    = pk_q;
      e_sk   = psk_q;
      e_nx   = pnx_q;
      pv     = busy_q;
      lo     = psk_q;
      t0     = 1'b0;
    end
    hi    = (e_nx < e_end) ? e_nx : e_end;
    pends = pv & ((e_nx <= e_end) | e_last);
    more  = pv & (e_nx < e_end);
    sev   = pends | t0;
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      first_q <= 1'b1;
      busy_q  <= 1'b0;
      islot_q <= '0;
      pos_q   <= '0;
      wptr_q  <= '0;
    end else begin
      busy_q <= more;
      if (push) begin
        first_q <= in_last_i;
        pos_q   <= in_last_i ? '0 : c_pos + OW'(BYTES);
        wptr_q  <= wptr_q + 1'b1;
        if (in_last_i) islot_q <= islot_q + 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (push) begin
      bd_q    <= in_data_i;
      bpos_q  <= c_pos;
      pend_q  <= c_end;
      plast_q <= in_last_i;
      if (first_q) begin
        f_en_q   <= d_en;
        f_h_q    <= d_h;
        f_m_q    <= d_m;
        f_tcp0_q <= d_tcp[0];
        f_lout_q <= in_lout_i;
      end
    end
    if (push | busy_q) begin
      pk_q  <= pends ? e_k + 16'd1 : e_k;
      psk_q <= pends ? e_nx : e_sk;
      pnx_q <= pends ? e_nx + OW'(u_m) : e_nx;
    end
  end

  // slot constants, written with a frame's first beat
  always_ff @(posedge clk_i) begin
    if (push && first_q) begin
      s_en[islot_q]   <= d_en;
      s_m[islot_q]    <= d_m;
      s_h[islot_q]    <= d_h;
      s_lout[islot_q] <= in_lout_i;
      s_hm[islot_q]   <= OW'(d_h) + OW'(d_m);
      s_kb[islot_q]   <= (in_lout_i + OW'(BYTES - 1)) >> LG;
      s_meta[islot_q] <= in_user_i;
      s_ipo[islot_q]  <= d_ipo;
      s_ipi[islot_q]  <= d_ipi;
      s_tcp[islot_q]  <= d_tcp;
      s_udp[islot_q]  <= d_udp;
      s_cs[islot_q]   <= d_cs;
      s_fpos[islot_q]  <= d_fpos_w;
      s_fen[islot_q]   <= d_fen_w;
      s_incs[islot_q]  <= d_incs_w;
      s_inudp[islot_q] <= d_inudp_w;
      s_rlo[islot_q]   <= d_rlo_w;
      s_rhi[islot_q]   <= d_rhi_w;
    end
  end

  // ---------------------------------------------------------------- header store
  logic [DATA_W-1:0] hs_q [NS*HDRW];

  always_ff @(posedge clk_i) begin
    if (push && c_pos < OW'(`VNR_TSO_HDR_MAX))
      hs_q[{islot_q, c_pos[LG +: HWA]}] <= in_data_i;
  end

  // ---------------------------------------------------------------- payload sums
  // one cycle behind the nominal pieces: R1 mask, R2 groups, R3 total, R4 acc
  logic           pr_v_q, pr_ends_q, pr_sw_q;
  logic [LG:0]    pr_lo_q, pr_hi_q;
  logic           r1_v_q, r1_ends_q, r1_sw_q;
  logic [15:0]    r1_w_q [NW];
  logic           r2_v_q, r2_ends_q, r2_sw_q;
  logic [18:0]    r2_g_q [NG];
  logic           r3_v_q, r3_ends_q, r3_sw_q;
  logic [15:0]    r3_s_q, acc_q, acc_t;
  logic           sum_push;
  logic [15:0]    sum_pd;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      pr_v_q <= 1'b0;
      r1_v_q <= 1'b0;
      r2_v_q <= 1'b0;
      r3_v_q <= 1'b0;
      acc_q  <= '0;
    end else begin
      pr_v_q <= pv | t0;
      r1_v_q <= pr_v_q;
      r2_v_q <= r1_v_q;
      r3_v_q <= r2_v_q;
      if (r3_v_q) acc_q <= r3_ends_q ? 16'd0 : acc_t;
    end
  end

  always_ff @(posedge clk_i) begin
    pr_ends_q <= sev;
    // payload parity: k*m = S_k - H, then relative to the TCP header
    pr_sw_q   <= e_sk[0] ^ u_h0 ^ u_tcp0;
    pr_lo_q   <= pv ? (LG+1)'(lo - e_pos) : '0;
    pr_hi_q   <= pv ? (LG+1)'(hi - e_pos) : '0;
  end

  always_ff @(posedge clk_i) begin
    r1_ends_q <= pr_ends_q;
    r1_sw_q   <= pr_sw_q;
    for (int w = 0; w < NW; w++) begin
      logic [7:0] b0, b1;
      b0 = ((LG+1)'(2*w) >= pr_lo_q && (LG+1)'(2*w) < pr_hi_q) ? bd_q[16*w +: 8] : 8'h00;
      b1 = ((LG+1)'(2*w+1) >= pr_lo_q && (LG+1)'(2*w+1) < pr_hi_q) ? bd_q[16*w+8 +: 8] : 8'h00;
      r1_w_q[w] <= {b0, b1};
    end
    r2_ends_q <= r1_ends_q;
    r2_sw_q   <= r1_sw_q;
    for (int g = 0; g < NG; g++) begin
      logic [18:0] a;
      a = '0;
      for (int w = 0; w < GS; w++) a = a + 19'(r1_w_q[g*GS + w]);
      r2_g_q[g] <= a;
    end
    r3_ends_q <= r2_ends_q;
    r3_sw_q   <= r2_sw_q;
    begin
      logic [23:0] t;
      t = '0;
      for (int g = 0; g < NG; g++) t = t + 24'(r2_g_q[g]);
      r3_s_q <= fold(t);
    end
  end

  assign acc_t    = eac(acc_q, r3_s_q);
  assign sum_push = r3_v_q & r3_ends_q;
  assign sum_pd   = sw16(acc_t, r3_sw_q);

  logic        sum_v, sum_pop;
  logic [15:0] sum_d;

  seg_sum_fifo #(.W(16), .DEPTH(`VNR_TSO_BUF_BYTES)) u_sums (
    .clk_i       (clk_i),
    .rst_i       (rst_i),
    .push_i      (sum_push),
    .push_data_i (sum_pd),
    .pop_i       (sum_pop),
    .valid_o     (sum_v),
    .data_o      (sum_d)
  );

  // ---------------------------------------------------------------- header sums, fields
  // H1: capture field bytes and the outer ihl; H2: region masks; H3 groups;
  // H4 total and accumulate into the slot (visible 5 cycles after the push)
  logic            hb_v_q, h1_v_q, h2_v_q, h3_v_q;
  logic [SLW-1:0]  hb_slot_q, h1_slot_q, h2_slot_q, h3_slot_q;
  logic [8:0]      hb_pos_q, h1_pos_q, h2_pos_q, h3_pos_q;
  logic [DATA_W-1:0] h1_d_q;
  logic [3:0]      hihl_q, hihl_d;
  logic [15:0]     h2_w_q [NR][NW];
  logic [18:0]     h3_g_q [NR][NG];

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      hb_v_q <= 1'b0;
      h1_v_q <= 1'b0;
      h2_v_q <= 1'b0;
      h3_v_q <= 1'b0;
    end else begin
      hb_v_q <= push & c_en & (c_pos < OW'(c_h));
      h1_v_q <= hb_v_q;
      h2_v_q <= h1_v_q;
      h3_v_q <= h2_v_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (push) begin
      hb_slot_q <= islot_q;
      hb_pos_q  <= c_pos[8:0];
    end
  end

  always_comb begin
    hihl_d = hihl_q;
    if (s_ipo[hb_slot_q][8:LG] == hb_pos_q[8:LG])
      hihl_d = bd_q[8*32'(s_ipo[hb_slot_q][LG-1:0]) +: 4];
  end

  always_ff @(posedge clk_i) begin
    if (hb_v_q) begin
      hihl_q <= hihl_d;
      for (int j = 0; j < NF; j++) begin
        logic [8:0] p0, p1;
        p0 = s_fpos[hb_slot_q][9*(j) +: 9];
        p1 = p0 + 9'd1;
        if (p0[8:LG] == hb_pos_q[8:LG])
          s_orig[hb_slot_q][16*(j)+8 +: 8] <= bd_q[8*32'(p0[LG-1:0]) +: 8];
        if (p1[8:LG] == hb_pos_q[8:LG])
          s_orig[hb_slot_q][16*(j) +: 8] <= bd_q[8*32'(p1[LG-1:0]) +: 8];
      end
    end
    h1_slot_q <= hb_slot_q;
    h1_pos_q  <= hb_pos_q;
    h1_d_q    <= bd_q;
  end

  always_ff @(posedge clk_i) begin
    h2_slot_q <= h1_slot_q;
    h2_pos_q  <= h1_pos_q;
    for (int r = 0; r < NR; r++) begin
      logic [8:0] rl, rh;
      rl = s_rlo[h1_slot_q][9*(r) +: 9];
      rh = (r == R_IPO && s_rhi[h1_slot_q][9*(r) +: 9] != 9'd0) ? rl + {3'd0, hihl_q, 2'b00}
                                                         : s_rhi[h1_slot_q][9*(r) +: 9];
      for (int w = 0; w < NW; w++) begin
        logic [8:0] y0, y1;
        logic [7:0] b0, b1;
        y0 = h1_pos_q + 9'(2*w);
        y1 = y0 + 9'd1;
        b0 = (y0 >= rl && y0 < rh) ? h1_d_q[16*w +: 8] : 8'h00;
        b1 = (y1 >= rl && y1 < rh) ? h1_d_q[16*w+8 +: 8] : 8'h00;
        h2_w_q[r][w] <= {b0, b1};
      end
    end
  end

  always_ff @(posedge clk_i) begin
    h3_slot_q <= h2_slot_q;
    h3_pos_q  <= h2_pos_q;
    for (int r = 0; r < NR; r++) begin
      for (int g = 0; g < NG; g++) begin
        logic [18:0] a;
        a = '0;
        for (int w = 0; w < GS; w++) a = a + 19'(h2_w_q[r][g*GS + w]);
        h3_g_q[r][g] <= a;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (h3_v_q) begin
      for (int r = 0; r < NR; r++) begin
        logic [23:0] t;
        t = (h3_pos_q == 9'd0) ? 24'd0 : 24'(s_hs[h3_slot_q][16*(r) +: 16]);
        for (int g = 0; g < NG; g++) t = t + 24'(h3_g_q[r][g]);
        s_hs[h3_slot_q][16*(r) +: 16] <= fold(t);
      end
    end
  end

  // ---------------------------------------------------------------- slot flags
  logic            e_done;           // the emitter pushes a frame's last beat
  logic [SLW-1:0]  eslot_q;
  logic            sg_fin;           // SG is done with the frame at sg_slot_q
  logic [SLW-1:0]  sg_slot_q;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      for (int s = 0; s < NS; s++) begin
        s_occ_q[s]    <= 1'b0;
        s_hdrin_q[s]  <= 1'b0;
        s_sgdone_q[s] <= 1'b0;
      end
    end else begin
      if (e_done) s_occ_q[eslot_q] <= 1'b0;
      if (sg_fin) s_sgdone_q[sg_slot_q] <= 1'b1;
      if (push) begin
        if (first_q) begin
          s_occ_q[islot_q]    <= 1'b1;
          s_sgdone_q[islot_q] <= 1'b0;
        end
        s_hdrin_q[islot_q] <= c_end >= OW'(c_h);
      end
    end
  end

  // ---------------------------------------------------------------- segment generator
  // segment record {k, last, qlast, lk, x, val}: x is the TCP checksum sum
  // without the payload, val the fields (16 bits each, index F_*)
  localparam int RX = NF * 16, RL = RX + 16, RQ = RL + OW, RS = RQ + OW, RK = RS + 1;
  localparam int RW = RK + 16;

  logic [15:0]    sg_k_q;
  logic [OW-1:0]  sg_sk_q, sg_nx_q;
  logic [3:0]     cred_q;
  logic           sg_can, sg_issue, rec_pop;
  logic [OW-1:0]  g_sk, g_nx;

  always_comb begin
    sg_can   = s_occ_q[sg_slot_q] & ~s_sgdone_q[sg_slot_q] &
               (~s_en[sg_slot_q] | s_hdrin_q[sg_slot_q]);
    sg_issue = sg_can & s_en[sg_slot_q] & (cred_q < 4'(RD));
    g_sk     = (sg_k_q == 16'd0) ? OW'(s_h[sg_slot_q]) : sg_sk_q;
    g_nx     = (sg_k_q == 16'd0) ? s_hm[sg_slot_q] : sg_nx_q;
    sg_fin   = (sg_can & ~s_en[sg_slot_q]) | (sg_issue & (g_nx >= s_lout[sg_slot_q]));
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      sg_slot_q <= '0;
      sg_k_q    <= '0;
      cred_q    <= '0;
    end else begin
      cred_q <= cred_q + 4'(sg_issue) - 4'(rec_pop);
      if (sg_fin) begin
        sg_slot_q <= sg_slot_q + 1'b1;
        sg_k_q    <= '0;
      end else if (sg_issue) begin
        sg_k_q <= sg_k_q + 16'd1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (sg_issue) begin
      sg_sk_q <= g_nx;
      sg_nx_q <= g_nx + OW'(s_m[sg_slot_q]);
    end
  end

  // F1: payload end E, last, k*m
  logic           f1_v_q, f2_v_q, f3_v_q, f4_v_q, f5_v_q, f6_v_q;
  logic [SLW-1:0] f1_s_q, f2_s_q, f3_s_q, f4_s_q, f5_s_q, f6_s_q;
  logic [15:0]    f1_k_q, f2_k_q;
  logic           f1_last_q, f2_last_q;
  logic [OW-1:0]  f1_sk_q, f1_e_q, f1_km_q, f2_km_q;
  logic [OW-1:0]  f2_lk_q, f2_d_q, f2_tl_q, f2_ql_q;
  logic [RW-1:0]  f3_r_q, f4_r_q, f5_r_q, f6_r_q;
  logic [15:0]    f3_v_q16 [NF];
  logic [OW-1:0]  f3_tl_q;
  logic [15:0]    f4_dl_q [NF], f4_z_q [NF];
  logic [OW-1:0]  f4_pr1_q, f4_pu1_q;
  logic [15:0]    f5_ipi_q, f5_ipo_q, f5_tcph_q, f5_ps_q, f5_yb_q, f5_ub_q, f5_pu_q;
  logic [15:0]    f6_yf_q, f6_ua_q, f6_ub_q, f6_ud_q;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      f1_v_q <= 1'b0; f2_v_q <= 1'b0; f3_v_q <= 1'b0;
      f4_v_q <= 1'b0; f5_v_q <= 1'b0; f6_v_q <= 1'b0;
    end else begin
      f1_v_q <= sg_issue; f2_v_q <= f1_v_q; f3_v_q <= f2_v_q;
      f4_v_q <= f3_v_q;   f5_v_q <= f4_v_q; f6_v_q <= f5_v_q;
    end
  end

  always_ff @(posedge clk_i) begin
    // F1
    f1_s_q    <= sg_slot_q;
    f1_k_q    <= sg_k_q;
    f1_sk_q   <= g_sk;
    f1_last_q <= g_nx >= s_lout[sg_slot_q];
    f1_e_q    <= (g_nx >= s_lout[sg_slot_q]) ? s_lout[sg_slot_q] : g_nx;
    f1_km_q   <= g_sk - OW'(s_h[sg_slot_q]);
    // F2: L_k, d_k = Lout - L_k, TCP length, last beat index
    f2_s_q    <= f1_s_q;
    f2_k_q    <= f1_k_q;
    f2_last_q <= f1_last_q;
    f2_km_q   <= f1_km_q;
    f2_lk_q   <= OW'(s_h[f1_s_q]) + f1_e_q - f1_sk_q;
    f2_d_q    <= s_lout[f1_s_q] - f1_e_q + f1_km_q;
    f2_tl_q   <= OW'(s_h[f1_s_q]) + f1_e_q - f1_sk_q - OW'(s_tcp[f1_s_q]);
    f2_ql_q   <= (OW'(s_h[f1_s_q]) + f1_e_q - f1_sk_q - OW'(1)) >> LG;
  end

  // F3: the new field values
  always_ff @(posedge clk_i) begin
    logic [31:0] seq;
    logic [7:0]  fl;
    f3_s_q    <= f2_s_q;
    f3_tl_q   <= f2_tl_q;
    for (int j = 0; j < NF; j++) f3_v_q16[j] <= s_orig[f2_s_q][16*(j) +: 16];
    f3_v_q16[F_LO] <= s_orig[f2_s_q][16*(F_LO) +: 16] - f2_d_q[15:0];
    f3_v_q16[F_UL] <= s_orig[f2_s_q][16*(F_UL) +: 16] - f2_d_q[15:0];
    f3_v_q16[F_LF] <= s_orig[f2_s_q][16*(F_LF) +: 16] - f2_d_q[15:0];
    f3_v_q16[F_LI] <= s_orig[f2_s_q][16*(F_LI) +: 16] - f2_d_q[15:0];
    f3_v_q16[F_IO] <= s_orig[f2_s_q][16*(F_IO) +: 16] + f2_k_q;
    f3_v_q16[F_II] <= s_orig[f2_s_q][16*(F_II) +: 16] + f2_k_q;
    seq = {s_orig[f2_s_q][16*(F_SH) +: 16], s_orig[f2_s_q][16*(F_SL) +: 16]} + 32'(f2_km_q);
    f3_v_q16[F_SH] <= seq[31:16];
    f3_v_q16[F_SL] <= seq[15:0];
    fl = s_orig[f2_s_q][16*(F_FL) +: 8];
    if (!f2_last_q)        fl = fl & 8'hF6;      // FIN, PSH on the last only
    if (f2_k_q != 16'd0)   fl = fl & 8'h7F;      // CWR on the first only
    f3_v_q16[F_FL] <= {s_orig[f2_s_q][16*(F_FL)+8 +: 8], fl};
    f3_r_q[RK +: 16]     <= f2_k_q;
    f3_r_q[RS]  <= f2_last_q;
    f3_r_q[RQ +: OW] <= f2_ql_q;
    f3_r_q[RL +: OW]    <= f2_lk_q;
    f3_r_q[RX +: 16]     <= '0;
    f3_r_q[0 +: NF*16]   <= '0;
  end

  // F4: changes (new - orig) and "field as 0" terms in absolute parity
  always_ff @(posedge clk_i) begin
    f4_s_q <= f3_s_q;
    f4_r_q <= f3_r_q;
    for (int j = 0; j < NF; j++) begin
      f4_dl_q[j] <= s_fen[f3_s_q][j] ? sw16(eac(f3_v_q16[j], ~s_orig[f3_s_q][16*(j) +: 16]), s_fpos[f3_s_q][9*(j)])
                                      : 16'd0;
      f4_z_q[j]  <= s_fen[f3_s_q][j] ? sw16(~s_orig[f3_s_q][16*(j) +: 16], s_fpos[f3_s_q][9*(j)]) : 16'd0;
      f4_r_q[16*j +: 16] <= f3_v_q16[j];
    end
    f4_pr1_q <= f3_tl_q + OW'(6);
    f4_pu1_q <= OW'(f3_v_q16[F_UL]) + OW'(17);
  end

  // F5: region sums with the header sums
  always_ff @(posedge clk_i) begin
    logic [15:0] yt [6], ut [6];
    f5_s_q    <= f4_s_q;
    f5_r_q    <= f4_r_q;
    // sums as balanced trees (fewer adder levels than a chain)
    f5_ipi_q  <= fold((24'(s_hs[f4_s_q][16*(R_IPI) +: 16]) + 24'(f4_dl_q[F_LI])) +
                      (24'(f4_dl_q[F_II]) + 24'(f4_z_q[F_CI])));
    f5_ipo_q  <= fold((24'(s_hs[f4_s_q][16*(R_IPO) +: 16]) + 24'(f4_dl_q[F_LO])) +
                      (24'(f4_dl_q[F_IO]) + 24'(f4_z_q[F_CO])));
    f5_tcph_q <= fold(((24'(s_hs[f4_s_q][16*(R_TCP) +: 16]) + 24'(f4_dl_q[F_SH])) +
                       (24'(f4_dl_q[F_SL]) + 24'(f4_dl_q[F_FL]))) + 24'(f4_z_q[F_TC]));
    f5_ps_q   <= fold(24'(sw16(s_hs[f4_s_q][16*(R_AI) +: 16], s_ipi[f4_s_q][0])) + 24'(f4_pr1_q));
    f5_pu_q   <= fold(24'(sw16(s_hs[f4_s_q][16*(R_AO) +: 16], s_ipo[f4_s_q][0])) + 24'(f4_pu1_q));
    // terms: region sum, the changes of UL, LF, LI, II, then CF (UC) as 0
    yt[0] = s_hs[f4_s_q][16*(R_CS) +: 16];
    ut[0] = s_hs[f4_s_q][16*(R_UDP) +: 16];
    yt[1] = s_incs[f4_s_q][F_UL]  ? f4_dl_q[F_UL] : 16'd0;
    ut[1] = s_inudp[f4_s_q][F_UL] ? f4_dl_q[F_UL] : 16'd0;
    yt[2] = s_incs[f4_s_q][F_LF]  ? f4_dl_q[F_LF] : 16'd0;
    ut[2] = s_inudp[f4_s_q][F_LF] ? f4_dl_q[F_LF] : 16'd0;
    yt[3] = s_incs[f4_s_q][F_LI]  ? f4_dl_q[F_LI] : 16'd0;
    ut[3] = s_inudp[f4_s_q][F_LI] ? f4_dl_q[F_LI] : 16'd0;
    yt[4] = s_incs[f4_s_q][F_II]  ? f4_dl_q[F_II] : 16'd0;
    ut[4] = s_inudp[f4_s_q][F_II] ? f4_dl_q[F_II] : 16'd0;
    yt[5] = s_incs[f4_s_q][F_CF]  ? f4_z_q[F_CF]  : 16'd0;
    ut[5] = s_inudp[f4_s_q][F_UC] ? f4_z_q[F_UC]  : 16'd0;
    f5_yb_q <= fold(((24'(yt[0]) + 24'(yt[1])) + (24'(yt[2]) + 24'(yt[3]))) + (24'(yt[4]) + 24'(yt[5])));
    f5_ub_q <= fold(((24'(ut[0]) + 24'(ut[1])) + (24'(ut[2]) + 24'(ut[3]))) + (24'(ut[4]) + 24'(ut[5])));
  end

  // F6: inner and outer IPv4 checksums, X, the TCP segment's sum (= -pseudo),
  // and the profile and UDP checksum sums up to their last three terms. Sums
  // are only needed modulo 0xFFFF there: the inner IPv4 checksum enters them
  // as ~s (csum(s) is ~s modulo 0xFFFF), and a byte swap or ~ of a sum is the
  // sum of the swapped (complemented) terms.
  always_ff @(posedge clk_i) begin
    logic [15:0] ci, co, ps, lco, c1, c2, ocf;
    logic [15:0] ys1, ys2, ua3, ub0, ub1, ud0, ud1, ud2, ud3;
    logic        su, x;                 // UDP parity; csumf and csum_start parities differ
    ps  = f5_ps_q;
    ci  = csum(sw16(f5_ipi_q, s_ipi[f5_s_q][0]));
    co  = csum(sw16(f5_ipo_q, s_ipo[f5_s_q][0]));
    lco = sw16(~ps, s_tcp[f5_s_q][0]);
    su  = s_udp[f5_s_q][0];
    x   = s_fpos[f5_s_q][9*(F_CF)] ^ s_cs[f5_s_q][0];
    // the inner IPv4 checksum's change (new - orig, absolute parity) as c1 + c2
    c1  = sw16(~sw16(f5_ipi_q, s_ipi[f5_s_q][0]), s_fpos[f5_s_q][9*(F_CI)]);
    c2  = sw16(~s_orig[f5_s_q][16*(F_CI) +: 16], s_fpos[f5_s_q][9*(F_CI)]);
    ocf = sw16(sw16(~s_orig[f5_s_q][16*(F_CF) +: 16], s_fpos[f5_s_q][9*(F_CF)]), su);
    ys1 = s_incs[f5_s_q][F_CI] ? c1 : 16'd0;
    ys2 = s_incs[f5_s_q][F_CI] ? c2 : 16'd0;
    ua3 = s_inudp[f5_s_q][F_CF] ? ocf : 16'd0;
    ub0 = s_inudp[f5_s_q][F_CF] ? sw16(~sw16(f5_yb_q, x), su) : 16'd0;
    ub1 = s_inudp[f5_s_q][F_CF] ? sw16(~sw16(lco, x), su) : 16'd0;
    ud0 = s_inudp[f5_s_q][F_CI] ? sw16(c1, su) : 16'd0;
    ud1 = s_inudp[f5_s_q][F_CI] ? sw16(c2, su) : 16'd0;
    ud2 = (s_inudp[f5_s_q][F_CF] & s_incs[f5_s_q][F_CI]) ? sw16(~sw16(c1, x), su) : 16'd0;
    ud3 = (s_inudp[f5_s_q][F_CF] & s_incs[f5_s_q][F_CI]) ? sw16(~sw16(c2, x), su) : 16'd0;
    f6_s_q   <= f5_s_q;
    f6_r_q   <= f5_r_q;
    if (s_fen[f5_s_q][F_CI]) f6_r_q[16*F_CI +: 16] <= ci;
    if (s_fen[f5_s_q][F_CO]) f6_r_q[16*F_CO +: 16] <= co;
    f6_r_q[RX +: 16] <= fold(24'(sw16(f5_tcph_q, s_tcp[f5_s_q][0])) + 24'(ps));
    // profile checksum region sum
    f6_yf_q <= fold((24'(f5_yb_q) + 24'(lco)) + (24'(ys1) + 24'(ys2)));
    // UDP sum: region, pseudo, the TCP segment, orig profile checksum as 0
    f6_ua_q <= fold((24'(sw16(f5_ub_q, su)) + 24'(sw16(lco, su))) + (24'(f5_pu_q) + 24'(ua3)));
    // the profile checksum's new value (-region sum, swapped), without the CI change
    f6_ub_q <= fold(24'(ub0) + 24'(ub1));
    // the inner IPv4 checksum's change, direct and through the profile checksum
    f6_ud_q <= fold((24'(ud0) + 24'(ud1)) + (24'(ud2) + 24'(ud3)));
  end

  // F7: profile checksum and UDP checksum
  logic [RW-1:0] f7_r;
  always_comb begin
    logic [15:0] cf, uc;
    f7_r = f6_r_q;
    cf   = csum(sw16(f6_yf_q, s_cs[f6_s_q][0]));
    if (s_fen[f6_s_q][F_CF]) f7_r[16*F_CF +: 16] = cf;
    uc = csum(fold((24'(f6_ua_q) + 24'(f6_ub_q)) + 24'(f6_ud_q)));
    if (uc == 16'd0) uc = 16'hFFFF;
    if (s_orig[f6_s_q][16*(F_UC) +: 16] == 16'd0) uc = 16'd0;
    if (s_fen[f6_s_q][F_UC]) f7_r[16*F_UC +: 16] = uc;
  end

  // record FIFO
  logic [RW-1:0]   rf_q [RD];
  logic [2:0]      rwp_q, rrp_q;
  logic [RW-1:0]   rh;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      rwp_q <= '0;
      rrp_q <= '0;
    end else begin
      rwp_q <= rwp_q + 3'(f6_v_q);
      rrp_q <= rrp_q + 3'(rec_pop);
    end
  end

  always_ff @(posedge clk_i) begin
    if (f6_v_q) rf_q[rwp_q] <= f7_r;
  end

  assign rh = rf_q[rrp_q];

  // ---------------------------------------------------------------- avail
  logic [LAT-2:0] sr_q;
  logic [16:0]    avail_q;
  logic           e_start;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      sr_q    <= '0;
      avail_q <= '0;
    end else begin
      sr_q    <= {sr_q[LAT-3:0], sev};
      avail_q <= avail_q + 17'(sr_q[LAT-2]) - 17'(e_start);
    end
  end

  // ---------------------------------------------------------------- emitter
  logic [OW-1:0]  eq_q, ekm_q, erel_q;
  logic [15:0]    ek_q;
  logic [AW-1:0]  eaddr_q, ebase_q, eaddr_d, ebase_d;
  logic [BW-1:0]  b0, b1;
  logic           e_occ, e_seg, go, seg_end, rel_all;
  logic [AW:0]    rel;
  logic [OW-1:0]  ekm_d, esnx, eq_d, erel_d, ek_nrel;
  logic [15:0]    ek_d;
  logic [SLW-1:0] eslot_d;

  seg_buffer #(.W(BW), .DEPTH(SB)) u_buf (
    .clk_i (clk_i),
    .we_i  (push),
    .wa_i  (wptr_q),
    .wd_i  ({in_last_i, in_keep_i, in_data_i}),
    .ra_i  (eaddr_d),
    .rd0_o (b0),
    .rd1_o (b1)
  );

  // output beat
  logic [DATA_W-1:0]   hw, raw, o_data;
  logic [2*DATA_W-1:0] pair;
  logic [BYTES-1:0]    o_keep;
  logic                o_last;
  logic [127:0]        o_user, meta;
  logic [NF*16-1:0]    fv;

  logic [OW-1:0]   y;
  logic [7:0]      hb, ob;
  logic [2*NF-1:0] mt, wn;        // field bytes at y (2j: at fpos, 2j+1: after); the winner

  always_comb begin
    y      = '0;
    hb     = '0;
    ob     = '0;
    mt     = '0;
    wn     = '0;
    o_keep = '0;
    o_data = '0;
    e_occ = s_occ_q[eslot_q];
    e_seg = s_en[eslot_q];
    hw    = (eq_q < OW'(HDRW)) ? hs_q[{eslot_q, eq_q[HWA-1:0]}] : '0;
    pair  = {b1[DATA_W-1:0], b0[DATA_W-1:0]};
    raw   = DATA_W'(pair >> {ekm_q[LG-1:0], 3'b000});
    fv = rh[0 +: NF*16];
    fv[16*F_TC +: 16] = csum(eac(rh[RX +: 16], sum_d));
    meta = s_meta[eslot_q];
    meta[`VNR_META_OUT_SEG_LSB +: 16] = ek_q;
    meta[`VNR_META_OUT_SEG_MORE_LSB]  = ~rh[RS];
    if (e_seg) begin
      for (int i = 0; i < BYTES; i++) begin
        y  = (eq_q << LG) + OW'(i);
        // a later field byte wins: the priority is resolved on the matches
        // alone, then one AND-OR selects the byte
        for (int j = 0; j < NF; j++) begin
          mt[2*j]   = s_fen[eslot_q][j] && y == OW'(s_fpos[eslot_q][9*(j) +: 9]);
          mt[2*j+1] = s_fen[eslot_q][j] && y == OW'(s_fpos[eslot_q][9*(j) +: 9]) + OW'(1);
        end
        for (int k = 0; k < 2*NF; k++) wn[k] = mt[k] & ~|(mt >> (k + 1));
        ob = '0;
        for (int j = 0; j < NF; j++) begin
          ob = ob | ({8{wn[2*j]}} & fv[16*j+8 +: 8]) | ({8{wn[2*j+1]}} & fv[16*j +: 8]);
        end
        hb = (mt != '0) ? ob : hw[8*i +: 8];
        o_keep[i]        = y < rh[RL +: OW];
        o_data[8*i +: 8] = !o_keep[i] ? 8'h00 : (y < OW'(s_h[eslot_q])) ? hb : raw[8*i +: 8];
      end
      o_last = eq_q == rh[RQ +: OW];
      o_user = (eq_q == '0) ? meta : 128'd0;
    end else begin
      o_data = b0[DATA_W-1:0];
      o_keep = b0[DATA_W +: BYTES];
      o_last = b0[BW-1];
      o_user = (eq_q == '0) ? s_meta[eslot_q] : 128'd0;
    end
  end

  always_comb begin
    go      = (out_used_i < 2'd2) & e_occ &
              (e_seg ? ((eq_q != '0) | (avail_q != '0)) : (sbu_q != '0));
    seg_end = e_seg & (eq_q == rh[RQ +: OW]);
    e_start = go & e_seg & (eq_q == '0);
    rec_pop = go & seg_end;
    sum_pop = rec_pop;
    e_done  = go & (e_seg ? (seg_end & rh[RS]) : o_last);
    rel_all = e_done & e_seg;
    // S_{k+1} = H + k*m + m; beats wholly below it are released
    esnx    = s_hm[eslot_q] + ekm_q;
    ek_nrel = esnx >> LG;
    ekm_d   = ekm_q;
    ek_d    = ek_q;
    eq_d    = eq_q;
    erel_d  = erel_q;
    eslot_d = eslot_q;
    ebase_d = ebase_q;
    eaddr_d = eaddr_q;
    rel     = '0;
    if (go) begin
      if (e_done) begin
        rel     = e_seg ? (AW+1)'(s_kb[eslot_q] - erel_q) : (AW+1)'(1);
        eslot_d = eslot_q + 1'b1;
        ebase_d = e_seg ? ebase_q + AW'(s_kb[eslot_q]) : eaddr_q + 1'b1;
        eaddr_d = ebase_d;
        ekm_d   = '0;
        ek_d    = '0;
        eq_d    = '0;
        erel_d  = '0;
      end else if (!e_seg) begin
        rel     = (AW+1)'(1);
        eaddr_d = eaddr_q + 1'b1;
        eq_d    = eq_q + 1'b1;
      end else if (seg_end) begin
        rel     = (AW+1)'(ek_nrel - erel_q);
        erel_d  = ek_nrel;
        ekm_d   = ekm_q + OW'(s_m[eslot_q]);
        ek_d    = ek_q + 16'd1;
        eq_d    = '0;
        eaddr_d = ebase_q + AW'(ekm_d >> LG);
      end else begin
        eaddr_d = eaddr_q + 1'b1;
        eq_d    = eq_q + 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      eslot_q <= '0;
      eq_q    <= '0;
      ekm_q   <= '0;
      ek_q    <= '0;
      erel_q  <= '0;
      ebase_q <= '0;
      eaddr_q <= '0;
      sbu_q   <= '0;
      slots_q <= '0;
    end else begin
      eslot_q <= eslot_d;
      eq_q    <= eq_d;
      ekm_q   <= ekm_d;
      ek_q    <= ek_d;
      erel_q  <= erel_d;
      ebase_q <= ebase_d;
      eaddr_q <= eaddr_d;
      sbu_q   <= sbu_q + (AW+1)'(push) - rel;
      slots_q <= slots_q + {2'b00, push & first_q} - {2'b00, e_done};
    end
  end

  assign out_push_o = go;
  assign out_data_o = o_data;
  assign out_keep_o = o_keep;
  assign out_last_o = o_last;
  assign out_user_o = o_user;

  logic unused;
  // the descriptor's reserved bits; the record's k (the emitter counts its
  // own); sum_v (the sum is there by construction, timing.md 3.7 SEG_LAT)
  assign unused = ^{rel_all, sum_v, b1[BW-1:DATA_W], e_k, rh[RK +: 16], f2_d_q[OW-1:16],
                    in_tso_i[127:96], in_tso_i[39:33], in_tso_i[7:6]};
endmodule
