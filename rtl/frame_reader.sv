// Reader of one path (timing.md 3.3). Idle, or working on one frame with its
// decision. An idle reader whose decision queue head is visible takes it and
// may do the frame's first step in the same cycle; a working reader does at
// most one step a cycle, and the cycle of the last step it is idle again, so
// frames follow with no bubble.
//
// Steps: a dropped frame discards its raw beats one a cycle as they are in
// the FIFO (the last is the beat with tlast). An edited frame first discards
// the raw beats wholly stripped (j < floor(S/B)), then emits output beat
// k = O[kB..(k+1)B) of O = prefix[0..P) ++ f'[S..len), releasing the raw
// beats j < jlo(k+1) with it, and with the last output beat every remaining
// raw beat (so 0, 1 or 2 a cycle). INGRESS selects the variant:
//
// INGRESS = 0 (egress): the length is known at the take. Beat k is emitted
//   when the raw beats up to jhi(k) are in and its queue has room; h' is the
//   decision's whole patched window (HDR bytes), the prefix up to 128 bytes.
//
// INGRESS = 1 (ingress, cut-through: the length may be unknown at the take).
//   Per frame, by the decision's decap bit:
//   - decap = 0 (P = S = 0, h' = the window), and every dropped frame: move
//     the head beat, output beat k = raw beat k, last = tlast;
//   - decap = 1: P (0 or 14) prefix bytes (PRE_BYTES = 14), S stripped, and
//     h' = the raw bytes with the 4-byte patch: frame byte patch_off+i is
//     replaced by patch_data[8i +: 8] where patch_en[i] (inside the window).
//     Beat k is emitted when the raw beat holding byte x(k) = max(S, kB - P
//     + S + B), or the frame's last raw beat, was accepted before this cycle
//     and the queue has room; it is the last one iff len <= kB - P + S + B.
//     Both are read off the head and next beats (x(k) lies in one of them,
//     as does the last raw beat when beat k is the last): byte x(k) is in
//     when its beat is there, the last raw beat when head or next has tlast.
//     A discard may release the frame's last raw beat (len = S, S a multiple
//     of B: the output is the prefix alone); the reader remembers it (seen).
//     Counter bytes = (index of the last raw beat)*B + its valid bytes.
//
// Byte realignment: the reader keeps base = kB - P + S (the raw byte under
// output byte 0 of beat k) and rel = raw beats released, which equals
// jlo(k) when beat k is emitted; off = base - rel*B lies in (-B, B) on every
// beat holding raw bytes, so output byte i (not prefix) is byte i+off+B of
// {next', head', B zero bytes}, where head'/next' are the FIFO's head and
// next beats with raw bytes inside the header window replaced by h' (the
// ingress variant keeps only off, and realigns tkeep the same way).
//
// TSO sideband (egress): the decision's descriptor (dq_tso_i, layout tsodesc)
// and the frame's Lout ride beside output beat 0 to the segmenter
// (out_tso_o, out_lout_o; 0 on other beats and on ingress).
//
// Counter events in the cycle of the last step: the reason bank (bytes =
// ev_base_o + valid bytes of ev_keep_o, summed in the bank's pipeline) and,
// for a frame a rule decided, the rule bank with the same bytes.
module frame_reader #(
  parameter bit INGRESS   = 1'b0,
  parameter int DATA_W    = 64,
  parameter int HDR       = 128,        // bytes of the patched window h'
  parameter int CW        = 16,         // width of fifo_used_i
  parameter int PRE_BYTES = INGRESS ? 14 : 128,   // prefix bytes carried
  parameter int BYTES     = DATA_W / 8
) (
  input  logic              clk_i,
  input  logic              rst_i,
  // decision queue head
  input  logic              dq_valid_i,
  input  logic [1:0]        dq_dest_i,
  input  logic [4:0]        dq_reason_i,
  input  logic [7:0]        dq_func_i,
  input  logic [127:0]      dq_meta_i,
  input  logic              dq_rule_hit_i,
  input  logic [19:0]       dq_rule_i,
  input  logic [7:0]        dq_p_i,
  input  logic [7:0]        dq_s_i,
  input  logic [PRE_BYTES*8-1:0] dq_prefix_i,
  input  logic [HDR*8-1:0]  dq_win_i,      // egress: h'
  input  logic [16:0]       dq_len_i,      // egress: the frame length
  input  logic              dq_decap_i,    // ingress: edit this frame
  input  logic [7:0]        dq_patch_off_i,  // ingress: h' = window + patch
  input  logic [31:0]       dq_patch_data_i,
  input  logic [3:0]        dq_patch_en_i,
  input  logic [127:0]      dq_tso_i,      // egress: TSO descriptor
  output logic              dq_pop_o,
  // frame FIFO: visible beats {last, keep, data}, count, release
  input  logic [1:0]        fifo_vis_i,
  input  logic [DATA_W+BYTES:0] fifo_head_i,
  input  logic [DATA_W+BYTES:0] fifo_next_i,
  input  logic [CW-1:0]     fifo_used_i,
  output logic [1:0]        fifo_pop_o,
  // destination queues
  input  logic [1:0]        net_used_i,
  input  logic [1:0]        host_used_i,
  output logic              net_push_o,
  output logic              host_push_o,
  output logic [DATA_W-1:0] out_data_o,
  output logic [BYTES-1:0]  out_keep_o,
  output logic              out_last_o,
  output logic [127:0]      out_user_o,
  output logic [127:0]      out_tso_o,     // beat 0: TSO descriptor (egress)
  output logic [17:0]       out_lout_o,    // beat 0: Lout (egress)
  // counter events
  output logic              ev_valid_o,
  output logic [7:0]        ev_func_o,
  output logic [4:0]        ev_reason_o,
  output logic [31:0]       ev_base_o,
  output logic [BYTES-1:0]  ev_keep_o,
  output logic              rev_valid_o,
  output logic [19:0]       rev_rule_o
);
  localparam logic [1:0] DEST_NET = 2'd1, DEST_HOST = 2'd2;
  localparam int LG = $clog2(BYTES);

  logic [DATA_W-1:0] hd_data;
  logic [BYTES-1:0]  hd_keep;
  logic              hd_last;
  assign hd_data = fifo_head_i[DATA_W-1:0];
  assign hd_keep = fifo_head_i[DATA_W +: BYTES];
  assign hd_last = fifo_head_i[DATA_W + BYTES];

  // ---------------------------------------------------------------- decision
  logic         busy_q, take, active;
  logic [1:0]   dest_q, dest;
  logic [4:0]   reason_q;
  logic [7:0]   func_q;
  logic [127:0] meta_q, meta;
  logic         hit_q;
  logic [19:0]  rule_q;
  logic [31:0]  bytes_q, acc;        // bytes of a dropped frame discarded so far
  logic         room, drop;

  always_comb begin
    take   = ~busy_q & dq_valid_i;
    active = busy_q | take;
    dest   = take ? dq_dest_i : dest_q;
    meta   = take ? dq_meta_i : meta_q;
    acc    = take ? 32'd0 : bytes_q;
    // drop (0, and the unused code 3) never waits
    drop   = (dest != DEST_NET) & (dest != DEST_HOST);
    room   = (dest == DEST_NET) ? (net_used_i < 2'd2) : (host_used_i < 2'd2);
  end

  always_ff @(posedge clk_i) begin
    if (take) begin
      dest_q   <= dq_dest_i;
      reason_q <= dq_reason_i;
      func_q   <= dq_func_i;
      meta_q   <= dq_meta_i;
      hit_q    <= dq_rule_hit_i;
      rule_q   <= dq_rule_i;
    end
  end

  // ---------------------------------------------------------------- step
  // the "move the head beat" step (drops; on ingress also unedited frames)
  logic              hv;           // the head beat is there
  logic              mv;           // a head-beat step happens (room if forwarded)
  logic              step_last;    // this cycle is the frame's last step
  logic              emit;         // an output beat is pushed
  logic [1:0]        pop;
  logic [DATA_W-1:0] o_data;
  logic [BYTES-1:0]  o_keep;
  logic              o_last, o_first;
  logic [31:0]       ev_base;
  logic [BYTES-1:0]  ev_keep;
  logic              acc_inc;      // a discarded/moved beat counts B bytes

  assign hv = active & (fifo_vis_i != 2'd0);
  assign mv = hv & (drop | room);

  if (!INGRESS) begin : g_edit
    localparam int NWB = HDR / BYTES;          // raw beats inside the window
    localparam int NPB = 1024 / 8 / BYTES;     // beats of the prefix area

    logic [7:0]          p_q, s_q;
    logic [16:0]         len_q;
    logic [17:0]         lout_q, kb_q;         // Lout, k*B
    logic [16:0]         kcnt_q, nraw_q, nd_q; // K, R, floor(S/B) (capped at R)
    logic [16:0]         rel_q, k_q;
    logic signed [19:0]  base_q, off_q;
    logic [1023:0]       pre_q;
    logic [HDR*8-1:0]    win_q;
    logic [127:0]        tso_q, tso;

    logic [7:0]          p, s;
    logic [16:0]         len, kcnt, nraw, nd, rel, k;
    logic [17:0]         lout, kb;
    logic signed [19:0]  base, off;
    logic [1023:0]       pre;
    logic [HDR*8-1:0]    win;
    logic signed [19:0]  lout_s;

    // frame constants at the take, from the queue head
    // Lout = P + len - S; with S > len, O = prefix[0..P) alone (Lout = P)
    always_comb begin
      lout_s = 20'(dq_len_i) - 20'(dq_s_i);
      if (lout_s < 0) lout_s = '0;
      lout_s = lout_s + 20'(dq_p_i);
    end

    logic [17:0] t_lout;
    logic [16:0] t_kcnt, t_nraw, t_nd;
    always_comb begin
      t_lout = lout_s[17:0];
      t_kcnt = 17'((t_lout + 18'(BYTES - 1)) >> LG);
      if (t_kcnt == '0) t_kcnt = 17'd1;
      t_nraw = 17'((18'(dq_len_i) + 18'(BYTES - 1)) >> LG);
      if (t_nraw == '0) t_nraw = 17'd1;     // a 0-byte frame is one beat
      t_nd   = 17'(dq_s_i) >> LG;
      if (t_nd > t_nraw) t_nd = t_nraw;
    end

    always_comb begin
      p    = take ? dq_p_i : p_q;
      s    = take ? dq_s_i : s_q;
      len  = take ? dq_len_i : len_q;
      lout = take ? t_lout : lout_q;
      kcnt = take ? t_kcnt : kcnt_q;
      nraw = take ? t_nraw : nraw_q;
      nd   = take ? t_nd : nd_q;
      rel  = take ? 17'd0 : rel_q;
      k    = take ? 17'd0 : k_q;
      kb   = take ? 18'd0 : kb_q;
      base = take ? 20'(dq_s_i) - 20'(dq_p_i) : base_q;
      off  = take ? (20'(dq_s_i) & 20'(BYTES - 1)) - 20'(dq_p_i) : off_q;
      pre  = take ? dq_prefix_i : pre_q;
      win  = take ? dq_win_i : win_q;
      tso  = take ? dq_tso_i : tso_q;
    end

    // emit condition: raw bytes [0, need) in, need = min(len, max(S, base+B))
    logic signed [19:0] hi;
    logic [17:0]        need;
    logic [17:0]        nbneed;              // ceil(need/B) = jhi(k) + 1
    logic               discard, in_ok, is_last, fwd_step;
    logic [17:0]        left;                // raw beats not yet released

    always_comb begin
      hi     = base + 20'(BYTES);
      if (hi < $signed({12'd0, s})) hi = $signed({12'd0, s});
      need   = (hi > $signed({3'd0, len})) ? 18'(len) : hi[17:0];
      nbneed = (need + 18'(BYTES - 1)) >> LG;
      left   = 18'(nraw) - 18'(rel);
      is_last = (k == kcnt - 17'd1);
      discard = rel < nd;
      in_ok   = (nbneed <= 18'(rel) + 18'(fifo_used_i)) &
                (!is_last || left <= 18'(fifo_used_i));
      fwd_step = active & ~drop & ~discard & in_ok & room;
    end

    // output beat k: prefix bytes below P, realigned raw bytes below Lout
    logic [DATA_W-1:0]   pb, hb, nb, raw;
    logic [3*DATA_W-1:0] wv;
    logic [LG:0]         amt;
    logic signed [19:0]  pcnt;
    logic [17:0]         rem;

    always_comb begin
      pb = '0;
      for (int j = 0; j < NPB; j++)
        if (k == 17'(j)) pb = pre[j*DATA_W +: DATA_W];
      hb = hd_data;
      nb = fifo_next_i[DATA_W-1:0];
      for (int j = 0; j < NWB; j++) begin
        if (rel == 17'(j))     hb = win[j*DATA_W +: DATA_W];
        if (rel == 17'(j - 1)) nb = win[j*DATA_W +: DATA_W];
      end
      wv   = {nb, hb, {DATA_W{1'b0}}};
      amt  = (LG+1)'(off + 20'(BYTES));
      raw  = DATA_W'(wv >> {amt, 3'b000});
      pcnt = 20'(p) - 20'(kb);
      rem  = lout - kb;
      for (int i = 0; i < BYTES; i++) begin
        o_keep[i]        = 18'(i) < rem;
        o_data[8*i +: 8] = !o_keep[i]          ? 8'h00 :
                           ($signed(20'(i)) < pcnt)     ? pb[8*i +: 8] : raw[8*i +: 8];
      end
    end

    // releases with output beat k: raw beats j < jlo(k+1) (one when
    // off >= 0), all remaining ones with the last output beat
    logic [1:0] rel_n;
    always_comb begin
      if (is_last)           rel_n = 2'(left);
      else if (off >= 0 && left != '0) rel_n = 2'd1;
      else                   rel_n = 2'd0;
      emit      = fwd_step;
      o_last    = is_last;
      o_first   = (k == 17'd0);
      if (drop | discard) begin
        // discards never wait for room
        pop       = {1'b0, hv};
        step_last = hv & drop & hd_last;
      end else begin
        pop       = fwd_step ? rel_n : 2'd0;
        step_last = fwd_step & is_last;
      end
      ev_base = drop ? acc : 32'(len);
      ev_keep = drop ? hd_keep : '0;
    end

    always_ff @(posedge clk_i) begin
      if (rst_i) begin
        rel_q <= '0;
        k_q   <= '0;
        kb_q  <= '0;
      end else if (active) begin
        rel_q <= rel + 17'(pop);
        k_q   <= k + 17'(emit);
        kb_q  <= kb + (emit ? 18'(BYTES) : 18'd0);
      end
    end

    always_ff @(posedge clk_i) begin
      if (active) begin
        base_q <= base + (emit ? 20'(BYTES) : 20'd0);
        off_q  <= off + (emit ? 20'(BYTES) : 20'd0) - ((drop | discard) ? 20'd0 : (20'(pop) << LG));
      end
      if (take) begin
        p_q    <= dq_p_i;
        s_q    <= dq_s_i;
        len_q  <= dq_len_i;
        lout_q <= t_lout;
        kcnt_q <= t_kcnt;
        nraw_q <= t_nraw;
        nd_q   <= t_nd;
        pre_q  <= dq_prefix_i;
        win_q  <= dq_win_i;
        tso_q  <= dq_tso_i;
      end
    end

    // the segmenter's sideband with output beat 0
    assign out_tso_o  = o_first ? tso : 128'd0;
    assign out_lout_o = o_first ? lout : 18'd0;

    // dropped frames count their discarded beats; an edited frame its length
    assign acc_inc = hv & drop;

    logic unused_edit;
    assign unused_edit = ^{fifo_next_i[DATA_W +: BYTES+1], fifo_vis_i[1], mv, dq_decap_i,
                           dq_patch_off_i, dq_patch_data_i, dq_patch_en_i};
  end else begin : g_ingress
    localparam int NPB = (PRE_BYTES + BYTES - 1) / BYTES;   // beats holding prefix bytes
    localparam int RW  = 32 - LG;                            // rel*B fits the 32-bit ev_base
    localparam int KW  = $clog2(NPB + 1);                    // k, saturating at NPB
    localparam int OW  = $clog2(PRE_BYTES + 256 + 2*BYTES) + 2;  // off, pcnt (signed)

    logic [DATA_W-1:0] nx_data;
    logic [BYTES-1:0]  nx_keep;
    logic              nx_last, v1, v2;
    assign nx_data = fifo_next_i[DATA_W-1:0];
    assign nx_keep = fifo_next_i[DATA_W +: BYTES];
    assign nx_last = fifo_next_i[DATA_W + BYTES];
    assign v1      = fifo_vis_i != 2'd0;
    assign v2      = fifo_vis_i[1];

    // frame state; the muxed values are the ones of this cycle (take: the head)
    logic                  decap_q, seen_q, decap, seen;
    logic [7:0]            p_q, s_q, p, s;
    logic [PRE_BYTES*8-1:0] pre_q, pre;
    logic [7:0]            poff_q, poff;
    logic [31:0]           pdata_q, pdata;
    logic [3:0]            pen_q, pen;
    logic [RW-1:0]         rel_q, rel;
    logic [KW-1:0]         k_q, k;
    logic signed [OW-1:0]  off_q, off;

    always_comb begin
      decap = take ? dq_decap_i : decap_q;
      seen  = take ? 1'b0 : seen_q;
      p     = take ? dq_p_i : p_q;
      s     = take ? dq_s_i : s_q;
      pre   = take ? dq_prefix_i : pre_q;
      poff  = take ? dq_patch_off_i : poff_q;
      pdata = take ? dq_patch_data_i : pdata_q;
      pen   = take ? dq_patch_en_i : pen_q;
      rel   = take ? '0 : rel_q;
      k     = take ? '0 : k_q;
      // off after the discards: (S mod B) - P
      off   = take ? $signed(OW'(dq_s_i[LG-1:0])) - $signed(OW'(dq_p_i)) : off_q;
    end

    // move mode: unedited frames and every dropped one
    logic mvmode;
    assign mvmode = drop | ~decap;

    // ---- decap: discards, emit condition, last beat
    logic discard, last_in, xin, dstep, demit, is_last;
    logic signed [OW-1:0] q;          // off + B: raw byte right after this beat, from head
    always_comb begin
      discard = (rel < (RW'(s) >> LG)) & ~seen;
      // the frame's last raw beat is in: discarded already, head, or next
      last_in = seen | (v1 & hd_last) | (v2 & nx_last);
      // the raw beat holding byte x(k) (head when off < 0, else next) is in
      q       = off + OW'(BYTES);
      xin     = (off >= 0) ? v2 : v1;
      dstep   = active & ~mvmode;
      demit   = dstep & ~discard & (last_in | xin) & room;
    end

    // h' on head and next: the patch bytes whose frame address falls there
    logic [DATA_W-1:0] hb, nb, pb, raw;
    logic [BYTES-1:0]  hk, nk;
    logic [8:0]        pa [4];        // frame address of patch byte m
    logic [3:0]        ph, pn;        // patch byte m lies in head / next
    always_comb begin
      for (int m = 0; m < 4; m++) begin
        pa[m] = 9'(poff) + 9'(m);
        ph[m] = pen[m] & (pa[m] < 9'(HDR)) & ((RW'(pa[m]) >> LG) == rel);
        pn[m] = pen[m] & (pa[m] < 9'(HDR)) & ((RW'(pa[m]) >> LG) == rel + RW'(1));
      end
      hb = hd_data;
      nb = nx_data;
      for (int m = 0; m < 4; m++) begin
        for (int i = 0; i < BYTES; i++) begin
          if (ph[m] && pa[m][LG-1:0] == LG'(i)) hb[8*i +: 8] = pdata[8*m +: 8];
          if (pn[m] && pa[m][LG-1:0] == LG'(i)) nb[8*i +: 8] = pdata[8*m +: 8];
        end
      end
      // valid raw bytes of this frame in head and next
      hk = seen ? '0 : hd_keep;
      nk = (seen | hd_last | ~v2) ? '0 : nx_keep;
    end

    // output beat k: prefix bytes below P - kB, realigned raw bytes above
    logic [3*DATA_W-1:0]    wv;
    logic [3*BYTES-1:0]     wk;
    logic [BYTES:0]         rk;
    logic [LG:0]            amt;
    logic signed [OW-1:0]   pcnt;
    logic [NPB*DATA_W-1:0]  prew;
    logic [DATA_W-1:0]      d_data;
    logic [BYTES-1:0]       d_keep;

    always_comb begin
      prew = (NPB*DATA_W)'(pre);
      pb   = '0;
      for (int j = 0; j < NPB; j++)
        if (k == KW'(j)) pb = prew[j*DATA_W +: DATA_W];
      wv   = {nb, hb, {DATA_W{1'b0}}};
      wk   = {nk, hk, {BYTES{1'b0}}};
      amt  = (LG+1)'(q);
      raw  = DATA_W'(wv >> {amt, 3'b000});
      rk   = (BYTES+1)'(wk >> amt);
      pcnt = $signed(OW'(p)) - $signed(OW'(k) << LG);
      for (int i = 0; i < BYTES; i++) begin
        d_keep[i]        = ($signed(OW'(i)) < pcnt) | rk[i];
        d_data[8*i +: 8] = !d_keep[i] ? 8'h00 :
                           ($signed(OW'(i)) < pcnt) ? pb[8*i +: 8] : raw[8*i +: 8];
      end
      // last iff the raw byte after this beat does not exist (when q < 0 that
      // byte lies before S: the beat is all prefix and more follows)
      is_last = last_in & (q >= 0) & ~rk[BYTES];
    end

    // releases: one with a beat when off >= 0 (raw beat rel is done), with the
    // last beat every one still held: none (seen), head, or head and next
    logic [1:0] dpop;
    always_comb begin
      if (discard)      dpop = {1'b0, hv};
      else if (!demit)  dpop = 2'd0;
      else if (is_last) dpop = seen ? 2'd0 : (hd_last ? 2'd1 : 2'd2);
      else              dpop = {1'b0, off >= 0};
    end

    always_comb begin
      if (mvmode) begin
        emit      = mv & ~drop;
        pop       = {1'b0, mv};
        step_last = mv & hd_last;
        o_data    = hd_data;
        o_keep    = hd_keep;
        o_last    = hd_last;
        ev_base   = acc;
        ev_keep   = hd_keep;
      end else begin
        emit      = demit;
        pop       = dstep ? dpop : 2'd0;
        step_last = demit & is_last;
        o_data    = d_data;
        o_keep    = d_keep;
        o_last    = is_last;
        // length as received: the last raw beat's index * B + its bytes
        ev_base   = {rel + RW'(!(seen | hd_last)), {LG{1'b0}}};
        ev_keep   = seen ? '0 : (hd_last ? hd_keep : nx_keep);
      end
      o_first = (k == '0);
      acc_inc = mvmode & mv;
    end

    always_ff @(posedge clk_i) begin
      if (rst_i) begin
        rel_q  <= '0;
        k_q    <= '0;
        seen_q <= 1'b0;
      end else if (active) begin
        rel_q  <= rel + RW'(pop);
        // output beats so far, up to NPB (beat 0 carries tuser; prefix beats)
        k_q    <= k + KW'((k != KW'(NPB)) && (mvmode ? mv : demit));
        seen_q <= seen | (dstep & discard & hv & hd_last);
      end
    end

    always_ff @(posedge clk_i) begin
      if (active)
        off_q <= off + ((dstep & demit) ? $signed(OW'(BYTES)) - $signed(OW'(dpop) << LG)
                                        : $signed(OW'(0)));
      if (take) begin
        decap_q <= dq_decap_i;
        p_q     <= dq_p_i;
        s_q     <= dq_s_i;
        pre_q   <= dq_prefix_i;
        poff_q  <= dq_patch_off_i;
        pdata_q <= dq_patch_data_i;
        pen_q   <= dq_patch_en_i;
      end
    end

    assign out_tso_o  = '0;
    assign out_lout_o = '0;

    logic unused_ing;
    assign unused_ing = ^{dq_win_i, dq_len_i, fifo_used_i, dq_tso_i};
  end

  logic busy_d;
  assign busy_d = active & ~step_last;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      busy_q  <= 1'b0;
      bytes_q <= '0;
    end else begin
      busy_q  <= busy_d;
      // bytes moved or discarded so far (acc_inc: every beat of a frame that
      // moves raw, only discarded beats of a dropped frame on egress); an
      // edited frame counts its length otherwise
      bytes_q <= acc_inc ? acc + 32'(BYTES) : acc;
    end
  end

  assign dq_pop_o    = take;
  assign fifo_pop_o  = pop;
  assign net_push_o  = emit & (dest == DEST_NET);
  assign host_push_o = emit & (dest == DEST_HOST);
  assign out_data_o  = o_data;
  assign out_keep_o  = o_keep;
  assign out_last_o  = o_last;
  // metadata rides on output beat 0 only (timing.md 1 and 3.3)
  assign out_user_o  = o_first ? meta : 128'd0;

  assign ev_valid_o  = step_last;
  assign ev_func_o   = take ? dq_func_i : func_q;
  assign ev_reason_o = take ? dq_reason_i : reason_q;
  assign ev_base_o   = ev_base;
  assign ev_keep_o   = ev_keep;
  assign rev_valid_o = step_last & (take ? dq_rule_hit_i : hit_q);
  assign rev_rule_o  = take ? dq_rule_i : rule_q;
endmodule
