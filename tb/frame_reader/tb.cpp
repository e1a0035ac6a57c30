// frame_reader (timing.md 3.3, the editing reader) against a C++ reference
// written from the contract's formulas: need(k), jhi(k), jlo(k), discards,
// releases (two on the last output beat), take + first step in one cycle,
// output beat k = O[kB..] with O = prefix[0..P) ++ f'[S..len), tuser on beat
// 0 only, bytes past tkeep 0, counter events in the cycle of the last step.
// Random P, S, len, drops, cut-through arrival (beats still coming after the
// take), decision-queue gaps and output back-pressure. DATA_W from -D.
// With -DINGRESS=1 (the reader built with INGRESS = 1, HDR 256) the ingress
// rule: unedited frames (decap 0) and drops move raw beat k as output beat
// k; decapsulated frames (P 0 or 14, S mostly 14..160, h' = the frame with
// a 4-byte patch) emit beat k once the raw beat holding byte x(k) = max(S,
// kB-P+S+B) or the frame's last raw beat is in, with no length at the take;
// the corner len = S (P = 14: the output is the prefix alone) included.
#include "Vframe_reader.h"
#include "verilated.h"
#include "../common/tb_check.h"
#include "../common/tb_words.h"
#include <cstdint>
#include <deque>
#include <type_traits>
#include <vector>

static const int B = DATA_W / 8;
#ifndef INGRESS
#define INGRESS 0
#endif
static const int HDR = INGRESS ? 256 : 128;      // window bytes (h', patch range)
static const int PREB = INGRESS ? 14 : 128;      // prefix bytes on the port

static void setbits(words &w, int lsb, int n, uint64_t v)
{
    for (int i = 0; i < n; i++) {
        int b = lsb + i;
        if ((v >> i) & 1) w[b / 32] |= 1u << (b % 32);
        else w[b / 32] &= ~(1u << (b % 32));
    }
}
static unsigned getbyte(const words &w, int i) { return (w[i / 4] >> (8 * (i % 4))) & 0xff; }

struct frame {
    int dest, reason, func, hit, rule, P, S, len;
    int decap, poff, pen;                 // ingress: edit, patch
    uint32_t pdata;
    uint32_t meta[4];
    std::vector<uint8_t> raw, pre, win;   // win = h' (HDR bytes; egress)
    std::vector<uint8_t> out;             // O
};
struct beat { std::vector<uint8_t> d; int nb; bool last; };

static int ceil_div(int a, int b) { return (a + b - 1) / b; }

static frame make_ingress_frame(int id);

static frame make_frame(int id)
{
    if (INGRESS) return make_ingress_frame(id);
    frame f;
    // ingress-only inputs, junk here (the egress variant ignores them)
    f.decap = id & 1; f.poff = (id * 37) & 255; f.pen = id & 15; f.pdata = id * 2654435761u;
    f.dest = rand() % 4 == 0 ? 0 : 1 + rand() % 2;
    f.reason = rand() % 21; f.func = rand() % 9; f.hit = rand() % 2; f.rule = rand() % 1000;
    for (int i = 0; i < 4; i++) f.meta[i] = rand() ^ id;
    int m = rand() % 10;
    f.len = m < 3 ? rand() % 40 : m < 8 ? rand() % 300 : rand() % 2000;
    if (f.dest != 0 && f.len == 0) f.len = 1;
    f.P = rand() % 3 == 0 ? 0 : rand() % 129;
    f.S = rand() % 3 == 0 ? 0 : rand() % 19;
    if (rand() % 8 == 0) f.S = rand() % 50;    // more whole-beat discards
    if (f.S > f.len && rand() % 2) f.S = f.len;   // S > len: O is the prefix alone
    if (f.dest == 0 && rand() % 2) f.len = rand() % 3000;
    f.raw.resize(f.len); f.pre.assign(PREB, 0); f.win.resize(HDR);
    for (auto &b : f.raw) b = rand();
    for (int i = 0; i < 128; i++) f.pre[i] = i < f.P ? rand() : rand();   // bytes >= P unused
    for (int i = 0; i < 128; i++) f.win[i] = (i < f.len ? f.raw[i] : 0) ^ (rand() % 3 ? 0 : rand());
    // O = prefix[0..P) ++ f'[S..len)
    for (int i = 0; i < f.P; i++) f.out.push_back(f.pre[i]);
    for (int r = f.S; r < f.len; r++) f.out.push_back(r < 128 ? f.win[r] : f.raw[r]);
    return f;
}

// ingress: unedited (move) or decapsulated (P 0/14, S, patch); h' is never
// given whole, the decision carries the patch; the length is not given
static frame make_ingress_frame(int id)
{
    frame f;
    f.dest = rand() % 4 == 0 ? 0 : 1 + rand() % 2;
    f.reason = rand() % 22; f.func = rand() % 9; f.hit = rand() % 2; f.rule = rand() % 4096;
    for (int i = 0; i < 4; i++) f.meta[i] = rand() ^ id;
    f.decap = rand() % 3 != 0;
    f.poff = rand() % 253; f.pen = rand() % 16; f.pdata = rand();
    if (rand() % 16 == 0) f.poff = 253 + rand() % 3;     // bytes past 255: not in h'
    if (!f.decap) {
        f.P = 0; f.S = 0;
        int m = rand() % 10;
        f.len = m < 3 ? rand() % 40 : m < 8 ? rand() % 300 : rand() % 3000;
        if (f.dest != 0 && f.len == 0) f.len = 1;
    } else {
        f.P = rand() % 2 ? 14 : 0;
        f.S = 14 + rand() % 147;
        if (rand() % 10 == 0) f.S = rand() % 14;
        if (rand() % 8 == 0) f.S -= f.S % B;            // whole raw beats stripped
        int m = rand() % 10, extra = m < 3 ? rand() % 40 : m < 8 ? rand() % 300 : rand() % 2000;
        // Lout = P + len - S >= 14; with P = 14 the frame may end at S
        f.len = f.S + (f.P ? 0 : 14) + extra;
        if (f.P && rand() % 12 == 0) f.len = f.S;
        if (f.len > 2000 + 160) f.len = 2000 + 160;
        if (f.poff < f.S && rand() % 2) f.poff = f.S + rand() % 20;   // patch what is kept
        if (f.poff > 255) f.poff = 255;
        if (f.dest == 0 && rand() % 2) f.len = rand() % 3000;      // a dropped decap frame
    }
    f.raw.resize(f.len); f.pre.resize(PREB); f.win.resize(HDR);
    for (auto &b : f.raw) b = rand();
    for (auto &b : f.pre) b = rand();
    for (auto &b : f.win) b = rand();                   // unused on ingress: junk
    std::vector<uint8_t> h = f.raw;                     // h' on the frame's bytes
    if (f.decap)
        for (int i = 0; i < 4; i++) {
            int a = f.poff + i;
            if ((f.pen >> i & 1) && a < HDR && a < f.len) h[a] = f.pdata >> (8 * i);
        }
    if (!f.decap || f.dest == 0) { f.out = f.raw; return f; }
    for (int i = 0; i < f.P; i++) f.out.push_back(f.pre[i]);
    for (int r = f.S; r < f.len; r++) f.out.push_back(h[r]);
    return f;
}

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    Vframe_reader *t = new Vframe_reader;
    srand(7 + DATA_W);
    const int NFR = 6000;
    std::vector<frame> fr;
    for (int i = 0; i < NFR; i++) fr.push_back(make_frame(i));

    // input side: frames' raw beats arrive in order with random gaps
    std::deque<beat> fifo;
    int in_f = 0, in_j = 0;               // next beat to arrive
    std::deque<int> dq;                   // decisions visible to the reader
    int dq_next = 0;
    int qused[3] = {0, 0, 0};             // 1 net, 2 host
    // reference reader state
    bool busy = false;
    int cf = -1, rel = 0, k = 0;
    uint64_t acc = 0;
    unsigned cyc = 0, frames_done = 0, beats_out = 0, two_rel = 0;
    // ingress coverage: decap frames, prefix-only ones (len = S; S % B = 0:
    // the last raw beat is discarded), patched bytes kept, cycles a beat
    // waited for byte x(k) with its own bytes already in
    unsigned n_decap = 0, n_ponly = 0, n_seen = 0, n_patch = 0, n_xwait = 0;
    std::vector<uint8_t> got;             // output bytes of the current frame

    auto tick = [&]() { t->clk_i = 1; t->eval(); t->clk_i = 0; t->eval(); cyc++; };
    t->clk_i = 0; t->rst_i = 1; t->dq_valid_i = 0; t->eval(); tick(); tick(); t->rst_i = 0;

    const int FW = DATA_W + B + 1;
    while (frames_done < (unsigned)NFR && cyc < 4000000) {
        // ---- drive inputs (state at cycle n)
        bool dqv = !dq.empty();
        t->dq_valid_i = dqv;
        if (dqv) {
            frame &f = fr[dq.front()];
            t->dq_dest_i = f.dest; t->dq_reason_i = f.reason; t->dq_func_i = f.func;
            t->dq_rule_hit_i = f.hit; t->dq_rule_i = f.rule; t->dq_p_i = f.P; t->dq_s_i = f.S;
            t->dq_len_i = INGRESS ? rand() % 3000 : f.len;   // ingress: no length
            t->dq_decap_i = f.decap; t->dq_patch_off_i = f.poff; t->dq_patch_en_i = f.pen;
            t->dq_patch_data_i = f.pdata;
            put(t->dq_meta_i, words(f.meta, f.meta + 4));
            words pw((PREB * 8 + 31) / 32, 0), ww(HDR / 4, 0);
            for (int i = 0; i < PREB; i++) setbits(pw, 8 * i, 8, f.pre[i]);
            for (int i = 0; i < HDR; i++) setbits(ww, 8 * i, 8, f.win[i]);
            put(t->dq_prefix_i, pw); put(t->dq_win_i, ww);
        }
        int used = fifo.size();
        t->fifo_used_i = used;
        t->fifo_vis_i = used < 2 ? used : 2;
        for (int h = 0; h < 2; h++) {
            words w((FW + 31) / 32, 0);
            if (h < used) {
                beat &b = fifo[h];
                for (int i = 0; i < B; i++) setbits(w, 8 * i, 8, b.d[i]);
                for (int i = 0; i < B; i++) setbits(w, DATA_W + i, 1, i < b.nb);
                setbits(w, DATA_W + B, 1, b.last);
            }
            if (h == 0) put(t->fifo_head_i, w); else put(t->fifo_next_i, w);
        }
        t->net_used_i = qused[1]; t->host_used_i = qused[2];
        t->eval();

        // ---- reference step
        bool take = false, ev = false, emit = false, last_out = false;
        int npop = 0;
        uint64_t evbytes = 0;
        std::vector<uint8_t> obytes;
        if (!busy && !dq.empty()) {
            take = true; busy = true; cf = dq.front(); rel = 0; k = 0; acc = 0; got.clear();
        }
        if (busy && INGRESS) {
            frame &f = fr[cf];
            int R = f.len ? ceil_div(f.len, B) : 1;
            // raw beats of this frame accepted before this cycle
            int acc_b = in_f > cf ? R : in_f == cf ? in_j : 0;
            if (f.dest == 0 || !f.decap) {
                // move the head beat: output beat k = raw beat k
                if (used > 0 && (f.dest == 0 || qused[f.dest] < 2)) {
                    npop = 1;
                    if (f.dest != 0) {
                        emit = true; last_out = fifo[0].last;
                        obytes = fifo[0].d;
                    }
                    if (fifo[0].last) { ev = true; evbytes = acc + fifo[0].nb; }
                    acc += B;
                }
            } else if (rel < std::min(f.S / B, R)) {
                if (used > 0) npop = 1;                  // wholly stripped
            } else {
                int x = std::max(f.S, k * B - f.P + f.S + B);
                bool xin = x < f.len && x / B < acc_b, lastin = acc_b == R;
                bool last = f.len <= k * B - f.P + f.S + B;
                int need = std::min(f.len, std::max(f.S, (k + 1) * B - f.P + f.S));
                if (!xin && !lastin && ceil_div(need, B) <= acc_b) n_xwait++;
                if ((xin || lastin) && qused[f.dest] < 2) {
                    int Lout = f.P + f.len - f.S;
                    emit = true; last_out = last;
                    for (int i = 0; i < B; i++) {
                        int o = k * B + i;
                        obytes.push_back(o < Lout ? f.out[o] : 0);
                    }
                    if (last) {
                        npop = R - rel; ev = true; evbytes = f.len;
                    } else {
                        int jlo1 = std::max(f.S, (k + 1) * B - f.P + f.S) / B;
                        npop = jlo1 - rel;
                        CHECK(npop <= 1 && (npop == 0 || jlo1 < R), "cyc %u frame %d: release %d", cyc, cf, npop);
                    }
                    CHECK(npop >= 0 && npop <= 2, "cyc %u frame %d npop %d", cyc, cf, npop);
                    if (npop == 2) two_rel++;
                }
            }
        } else if (busy) {
            frame &f = fr[cf];
            int R = f.len ? ceil_div(f.len, B) : 1;
            if (f.dest == 0) {
                if (used > 0) {
                    npop = 1;
                    if (fifo[0].last) { ev = true; evbytes = acc + fifo[0].nb; }
                    acc += B;
                }
            } else {
                int nd = std::min(f.S / B, R);
                int Lout = f.P + std::max(0, f.len - f.S);
                int K = Lout > 0 ? ceil_div(Lout, B) : 1;
                if (rel < nd) {
                    if (used > 0) npop = 1;
                } else {
                    int need = std::min(f.len, std::max(f.S, (k + 1) * B - f.P + f.S));
                    int jhi = ceil_div(need, B) - 1;
                    bool last = k == K - 1;
                    bool ok = jhi < rel + used && qused[f.dest] < 2 && (!last || R - rel <= used);
                    if (ok) {
                        emit = true; last_out = last;
                        for (int i = 0; i < B; i++) {
                            int o = k * B + i;
                            obytes.push_back(o < Lout ? f.out[o] : 0);
                        }
                        if (last) { npop = R - rel; ev = true; evbytes = f.len; }
                        else {
                            int jlo1 = std::max(f.S, (k + 1) * B - f.P + f.S) / B;
                            npop = std::min(jlo1, R) - rel;   // the frame's beats only
                        }
                        CHECK(npop >= 0 && npop <= 2, "cyc %u frame %d npop %d", cyc, cf, npop);
                        if (npop == 2) two_rel++;
                    }
                }
            }
        }

        // ---- compare
        CHECK(t->dq_pop_o == take, "cyc %u take %u exp %d", cyc, t->dq_pop_o, take);
        CHECK(t->fifo_pop_o == npop, "cyc %u frame %d k %d rel %d pop %u exp %d", cyc, cf, k, rel,
              t->fifo_pop_o, npop);
        int dest = busy ? fr[cf].dest : 0;
        CHECK(t->net_push_o == (emit && dest == 1) && t->host_push_o == (emit && dest == 2),
              "cyc %u frame %d k %d push %u/%u exp %d dest %d", cyc, cf, k, t->net_push_o,
              t->host_push_o, emit, dest);
        if (emit) {
            frame &f = fr[cf];
            words od = get(t->out_data_o, DATA_W), ok = get(t->out_keep_o, B);
            int Lout = f.P + std::max(0, f.len - f.S);   // move frames: P = S = 0
            bool bad = false;
            for (int i = 0; i < B; i++) {
                bool kv = (ok[0 + i / 32] >> (i % 32)) & 1;
                bool ke = k * B + i < Lout;
                if (kv != ke || getbyte(od, i) != obytes[i]) bad = true;
            }
            CHECK(!bad, "cyc %u frame %d (P %d S %d len %d) beat %d data/keep", cyc, cf, f.P, f.S,
                  f.len, k);
            CHECK(t->out_last_o == last_out, "cyc %u frame %d last %u exp %d", cyc, cf,
                  t->out_last_o, last_out);
            words u = get(t->out_user_o, 128);
            bool uok = true;
            for (int i = 0; i < 4; i++) uok &= u[i] == (k == 0 ? f.meta[i] : 0u);
            CHECK(uok, "cyc %u frame %d beat %d tuser", cyc, cf, k);
            beats_out++;
        }
        CHECK(t->ev_valid_o == ev, "cyc %u frame %d ev %u exp %d", cyc, cf, t->ev_valid_o, ev);
        if (ev) {
            frame &f = fr[cf];
            words kw = get(t->ev_keep_o, B);
            int nb = 0;
            for (int i = 0; i < B; i++) if ((kw[i / 32] >> (i % 32)) & 1) nb = i + 1;
            uint64_t bytes = (uint64_t)t->ev_base_o + nb;
            CHECK(bytes == evbytes && t->ev_func_o == f.func && t->ev_reason_o == f.reason,
                  "cyc %u frame %d ev bytes %llu exp %llu", cyc, cf, (unsigned long long)bytes,
                  (unsigned long long)evbytes);
            CHECK(t->rev_valid_o == (bool)f.hit && (!f.hit || t->rev_rule_o == (unsigned)f.rule),
                  "cyc %u frame %d rule event", cyc, cf);
        } else {
            CHECK(!t->rev_valid_o, "cyc %u rule event without reason event", cyc);
        }

        // ---- advance the reference
        tick();
        if (take) dq.pop_front();
        if (busy) {
            if (emit) k++;
            rel += npop;
            for (int i = 0; i < npop && !fifo.empty(); i++) fifo.pop_front();
            if (ev) {
                frame &f = fr[cf];
                busy = false; frames_done++;
                if (INGRESS && f.decap && f.dest) {
                    n_decap++;
                    n_ponly += f.len == f.S;
                    n_seen += f.len == f.S && f.S % B == 0 && f.len > 0;
                    for (int i = 0; i < 4; i++) {
                        int a = f.poff + i;
                        n_patch += (f.pen >> i & 1) && a < HDR && a >= f.S && a < f.len;
                    }
                }
            }
        }
        for (int q = 1; q <= 2; q++) {
            bool pop = qused[q] > 0 && rand() % 3;
            qused[q] += (emit && dest == q) - pop;
        }
        // a beat accepted in n is in the FIFO from n+1
        if (in_f < NFR && rand() % 4 && fifo.size() < 64) {
            frame &f = fr[in_f];
            int R = f.len ? ceil_div(f.len, B) : 1;
            beat b;
            b.d.assign(B, 0);
            b.nb = std::min(B, f.len - in_j * B);
            for (int i = 0; i < b.nb; i++) b.d[i] = f.raw[in_j * B + i];
            b.last = in_j == R - 1;
            fifo.push_back(b);
            if (in_j == 0 && rand() % 2 && dq_next == in_f) { dq.push_back(dq_next++); }
            if (++in_j == R) { in_j = 0; in_f++; }
        }
        // decisions: in order, at most as far as the frames begun
        if (dq_next < in_f + (in_j > 0) && rand() % 3 == 0) dq.push_back(dq_next++);
    }
    CHECK(frames_done == (unsigned)NFR, "only %u of %d frames done in %u cycles", frames_done, NFR, cyc);
    CHECK(two_rel > 0, "no cycle released two beats");
    if (INGRESS) {
        CHECK(n_decap > 1000 && n_ponly > 10 && n_seen > 2 && n_patch > 1000 && n_xwait > 100,
              "ingress coverage: decap %u prefix-only %u seen %u patched %u x-waits %u", n_decap,
              n_ponly, n_seen, n_patch, n_xwait);
        std::printf("ingress: %u decapsulated frames (%u prefix only, %u with the last raw beat "
                    "stripped), %u patched bytes kept, %u cycles waiting for byte x(k)\n", n_decap,
                    n_ponly, n_seen, n_patch, n_xwait);
    }
    std::printf("frame_reader DATA_W=%d: %u frames, %u output beats, %u double releases, %u cycles\n",
                DATA_W, frames_done, beats_out, two_rel, cyc);
    delete t;
    return tb_finish("frame_reader");
}
