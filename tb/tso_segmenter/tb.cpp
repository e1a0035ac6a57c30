// tso_segmenter (timing.md 3.7, docs/tso.md section 3) driven as the egress
// reader would: random segmented frames (plain, UDP tunnel with or without
// UDP checksum, profile length and checksum fields, GRE with checksum; inner
// IPv4 with options or IPv6; H 54..256, m 1..2000, T 0..~20000) and
// unsegmented ones (0..3000 bytes), random input gaps and e2n back-pressure.
// Bytes: every segment against the functional reference vnr_tso_segment
// (model/core/tso.c), tuser seg / seg_more, unsegmented frames unchanged.
// Cycles: a reference written here from 3.7 (seg_room, pieces and busy,
// summed + SEG_LAT, releases, slots) gives seg_room and every push to e2n;
// both are compared every cycle. DATA_W from -D.
#include "Vtso_segmenter.h"
#include "verilated.h"
#include "../common/tb_check.h"
#include "../common/tb_words.h"
#include "vnr_core.h"
#include "vnr_regs.h"
#include <cstdint>
#include <cstring>
#include <deque>
#include <type_traits>
#include <vector>

static const int B = DATA_W / 8;
static const int SB = VNR_TSO_BUF_BYTES / B;
static const int NSLOT = VNR_TSO_SLOTS;
static const int LAT = VNR_SEG_LAT;


static uint64_t rs = 88172645463325252ull;
static uint32_t rnd() { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return (uint32_t)rs; }
static int rr(int n) { return (int)(rnd() % (unsigned)n); }

struct obeat { std::vector<uint8_t> d; int nb; bool last; uint32_t user[4]; };

struct frame {
    std::vector<uint8_t> o;          // O
    struct vnr_tso_desc t;
    uint32_t meta[4];
    bool seg, solo;
    int H, m, nseg;
    std::vector<obeat> out;          // expected e2n beats
    std::vector<int> seg_beats;      // Q_k per segment
};

static void put16(std::vector<uint8_t> &o, int p, unsigned v) { o[p] = v >> 8; o[p + 1] = v; }

// a TCP super-frame as the decider would describe it (docs/tso.md sections 1, 3)
static bool g_solo;                  // a short frame sent into an idle segmenter

static bool build_tso(frame &f)
{
    std::vector<uint8_t> h;
    struct vnr_tso_desc t;
    memset(&t, 0, sizeof t);
    auto rbytes = [&](int n) { for (int i = 0; i < n; i++) h.push_back(rnd()); };
    int shape = rr(10);                 // 0-2 plain, 3-6 UDP tunnel, 7-9 GRE
    bool v6 = rr(3) == 0;
    rbytes(12);
    int udpcs_zero = rr(2);
    int ipo = -1, udp = -1, o_ = -1, lenf = -1, csf = -1, cs = -1;
    if (shape >= 3) {
        if (rr(4) == 0) { h.push_back(0x81); h.push_back(0); rbytes(2); }
        h.push_back(0x08); h.push_back(0x00);
        ipo = h.size();
        int ihl = 5 + (rr(3) == 0 ? rr(3) : 0);
        h.push_back(0x40 | ihl); rbytes(4 * ihl - 1);
        h[ipo + 9] = shape <= 6 ? 17 : 47;
        o_ = h.size();
        if (shape <= 6) {
            int L = 8 + 4 * rr(7);
            udp = o_;
            rbytes(L);
            if (udpcs_zero) put16(h, udp + 6, 0);
            else if (h[udp + 6] == 0 && h[udp + 7] == 0) h[udp + 7] = 1;
            if (rr(3) == 0) lenf = rr(2) || L < 12 ? udp + 4 : udp + 8 + 2 * rr((L - 8) / 2 - 1);
            if (rr(4) == 0 && L >= 12) { csf = udp + 8 + rr(L - 9); cs = o_; }
        } else {
            int L = 4 + 4 * rr(4);
            rbytes(L);
            if (L >= 8 && rr(2)) { csf = o_ + 4; cs = o_; }
            if (rr(5) == 0) lenf = o_ + rr(L - 1);
        }
        // a profile's length and checksum fields do not overlap (overlapping
        // ones are not supported: the report of H1 says so)
        if (lenf >= 0 && csf >= 0 && lenf > csf - 2 && lenf < csf + 2) lenf = -1;
        if (rr(2)) { rbytes(12); if (rr(4) == 0) { h.push_back(0x81); h.push_back(0); rbytes(2); }
                     h.push_back(v6 ? 0x86 : 0x08); h.push_back(v6 ? 0xDD : 0x00); }
    } else {
        if (rr(4) == 0) { h.push_back(0x81); h.push_back(0); rbytes(2); }
        h.push_back(v6 ? 0x86 : 0x08); h.push_back(v6 ? 0xDD : 0x00);
    }
    int ipi = h.size();
    if (v6) { h.push_back(0x60 | rr(16)); rbytes(39); h[ipi + 6] = 6; }
    else {
        int ihl = 5 + (rr(3) == 0 ? rr(4) : 0);
        h.push_back(0x40 | ihl); rbytes(4 * ihl - 1);
        h[ipi + 9] = 6; h[ipi + 6] &= 0x40;    // DF at most, no fragment
    }
    int tcp = h.size();
    int doff = 5 + (rr(3) == 0 ? rr(11) : 0);
    rbytes(4 * doff);
    h[tcp + 12] = doff << 4 | (h[tcp + 12] & 0x0f);
    int H = h.size();
    if (H < 54 || H > 256 || tcp > 255 - 16) return false;
    int mcls = rr(10);
    int m = mcls < 2 ? 1 + rr(8) : mcls < 4 ? 9 + rr(100) : 100 + rr(1901);
    int Tc = rr(10);
    int T = Tc == 0 ? 0 : Tc < 4 ? rr(3 * m + 1) : rr(20001);
    if (g_solo) { m = 1 + rr(8); T = rr(40); }
    if (T > m * 1500) T = m * 1500;       // keep the segment count (run time) bounded
    if (H + T > 65535) T = 65535 - H;
    int lout = H + T;
    f.o = h;
    for (int i = 0; i < T; i++) f.o.push_back(rnd());
    // lengths agree with the frame (decider checks), a custom length field does not have to
    if (ipo >= 0) put16(f.o, ipo + 2, lout - ipo);
    if (udp >= 0) put16(f.o, udp + 4, lout - udp);
    if (v6) put16(f.o, ipi + 4, lout - ipi - 40); else put16(f.o, ipi + 2, lout - ipi);
    t.en = 1; t.v6 = v6; t.mss = m; t.hlen = H; t.ip_i = ipi; t.tcp = tcp;
    if (ipo >= 0) { t.ip_o_en = 1; t.ip_o = ipo; }
    if (udp >= 0) { t.udp_en = 1; t.udp = udp; }
    if (lenf >= 0) { t.lenf_en = 1; t.lenf = lenf; }
    if (csf >= 0) { t.csumf_en = 1; t.csumf = csf; t.csum_start = cs; }
    f.t = t; f.H = H; f.m = m;
    return true;
}

static frame make_frame()
{
    frame f;
    for (int i = 0; i < 4; i++) f.meta[i] = rnd();
    f.seg = rr(3) != 0;
    f.solo = g_solo = f.seg && rr(8) == 0;
    if (f.seg) {
        while (!build_tso(f)) {}
        f.nseg = vnr_tso_nseg(&f.t, f.o.size());
    } else {
        memset(&f.t, 0, sizeof f.t);
        int c = rr(10);
        int len = c < 1 ? 0 : c < 5 ? rr(200) : rr(3001);
        for (int i = 0; i < len; i++) f.o.push_back(rnd());
        f.nseg = 1; f.H = 0; f.m = 0;
    }
    // expected e2n beats
    auto add_beats = [&](const uint8_t *p, int n, const uint32_t *u) {
        int q = 0;
        do {
            obeat b;
            b.d.assign(B, 0);
            b.nb = n - q * B < B ? n - q * B : B;
            for (int i = 0; i < b.nb; i++) b.d[i] = p[q * B + i];
            b.last = (q + 1) * B >= n;
            for (int i = 0; i < 4; i++) b.user[i] = q == 0 ? u[i] : 0;
            f.out.push_back(b);
            q++;
        } while (q * B < n);
        return q;
    };
    if (!f.seg) {
        add_beats(f.o.data(), f.o.size(), f.meta);
    } else {
        std::vector<uint8_t> s(VNR_TSO_HDR_MAX + VNR_TSO_MSS_MAX + 64);
        for (int k = 0; k < f.nseg; k++) {
            size_t lk = vnr_tso_segment(&f.t, f.o.data(), f.o.size(), k, s.data());
            uint32_t u[4];
            memcpy(u, f.meta, sizeof u);
            u[VNR_META_OUT_SEG_LSB / 32] = (u[3] & 0xffff0000u) | (uint32_t)k;
            if (k < f.nseg - 1) u[1] |= 1u << (VNR_META_OUT_SEG_MORE_LSB - 32);
            else u[1] &= ~(1u << (VNR_META_OUT_SEG_MORE_LSB - 32));
            f.seg_beats.push_back(add_beats(s.data(), lk, u));
        }
    }
    return f;
}

// ---------------------------------------------------------------- cycle reference (3.7)
struct fstate {
    frame *f;
    int beats;                       // input beats (K)
    std::vector<long> summed;        // per segment, -1 until summed
    std::vector<long> pushed;        // per input beat, cycle of its push
    int released = 0;                // beats released so far
};

struct tref {
    int sb_used = 0, busy = 0, slots = 0;
    bool in_first = true;
    std::deque<fstate> fr;           // frames started, in order (front: the emitter's)
    int in_beat = 0;                 // next input beat of fr.back() (when !in_first)
    int ek = 0, eq = 0;              // emitter position in fr.front()
    long oi = 0;                     // emitted beats of fr.front() so far (index into out)

    bool room() const { return sb_used < SB && busy == 0 && (!in_first || slots < NSLOT); }

    // the emitter's next beat is eligible in cycle n
    bool eligible(long n) const
    {
        if (fr.empty()) return false;
        const fstate &s = fr.front();
        if (!s.f->seg) return eq < (int)s.pushed.size() && s.pushed[eq] < n;
        if (eq > 0) return true;
        return s.summed[ek] >= 0 && s.summed[ek] <= n - LAT;
    }

    void push_beat(long n, frame *f, int i, int nbeats)
    {
        if (in_first) { fr.push_back(fstate{f, nbeats, std::vector<long>(f->nseg, -1), {}}); slots++; }
        fstate &s = fr.back();
        s.pushed.push_back(n);
        sb_used++;
        in_first = i == nbeats - 1;
        int c = 1;
        if (f->seg) {
            long lout = f->o.size(), lo = (long)i * B, hi = std::min(lo + B, lout);
            if (lo < f->H) lo = f->H;
            if (hi > lo) {
                int k0 = (lo - f->H) / f->m, k1 = (hi - 1 - f->H) / f->m;
                c = k1 - k0 + 1;
                for (int k = k0; k <= k1; k++) {
                    long end = std::min((long)f->H + (long)(k + 1) * f->m, lout);
                    if (end <= hi) s.summed[k] = n + (k - k0);
                }
            } else if (i == nbeats - 1 && lout == f->H) {
                s.summed[0] = n;
            }
        }
        busy = c - 1;
    }

    // the emitter pushed its beat in cycle n: releases, slots (for n+1)
    void emit_beat()
    {
        fstate &s = fr.front();
        frame *f = s.f;
        oi++;
        if (!f->seg) {
            sb_used--; s.released++;
            eq++;
            if (eq == s.beats) { fr.pop_front(); slots--; eq = 0; oi = 0; }
            return;
        }
        eq++;
        if (eq < f->seg_beats[ek]) return;
        eq = 0;
        int upto;
        if (ek == f->nseg - 1) upto = s.beats;
        else upto = (int)(((long)f->H + (long)(ek + 1) * f->m) / B);
        if (upto > s.released) { sb_used -= upto - s.released; s.released = upto; }
        ek++;
        if (ek == f->nseg) { fr.pop_front(); slots--; ek = 0; oi = 0; }
    }
};

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    Vtso_segmenter *t = new Vtso_segmenter;
    int nframes = argc > 1 ? atoi(argv[1]) : 1500;
    if (argc > 2) rs ^= strtoull(argv[2], nullptr, 0) * 0x9E3779B97F4A7C15ull;

    std::deque<frame> frames;        // generated, not yet fully emitted
    for (int i = 0; i < nframes; i++) frames.push_back(make_frame());
    std::vector<frame *> order;
    for (auto &f : frames) order.push_back(&f);

    long cyc = 0;
    auto tick = [&]() { t->clk_i = 1; t->eval(); t->clk_i = 0; t->eval(); cyc++; };
    t->clk_i = 0; t->rst_i = 1; t->in_push_i = 0; t->out_used_i = 0; t->eval(); tick(); tick();
    t->rst_i = 0;
    cyc = 0;

    tref ref;
    size_t fin = 0;                  // input frame index
    int ibeat = 0;
    size_t fout = 0;                 // output frame index
    long obeat_i = 0;                // beat within order[fout]->out
    int used = 0;
    long segs = 0, sframes = 0, room_ok = 0, push_ok = 0, bytes_ok = 0;
    // phases of pressure: gaps on the input, back-pressure on the output
    int gap_p = 0, bp_p = 0;
    long limit = 20000000;          // cycles; a stuck segmenter fails the run
    long cov_hdr = 0, cov_full = 0, cov_slots = 0, cov_busy = 0, cov_tight = 0;

    while (fout < order.size() && cyc < limit) {
        if (cyc % 2000 == 0) { gap_p = rr(4) == 0 ? rr(90) : rr(10); bp_p = rr(3) == 0 ? rr(95) : rr(2) ? 0 : rr(20); }
        bool room = t->seg_room_o;
        CHECK(room == ref.room(), "cycle %ld seg_room %d, reference %d", cyc, room, ref.room());
        if (room == ref.room()) room_ok++;
        bool push = false;
        frame *fi = fin < order.size() ? order[fin] : nullptr;
        int nbeats = fi ? (int)((fi->o.size() + B - 1) / B) : 0;
        if (fi && nbeats == 0) nbeats = 1;
        if (fi && ref.room() && rr(100) >= gap_p) push = true;
        // a solo frame starts into an empty segmenter (its segment 0 can then
        // go out exactly SEG_LAT after the beat that completes the header)
        if (fi && fi->solo && ibeat == 0 && !ref.fr.empty()) push = false;
        if (fi && fi->solo && ibeat > 0) push = ref.room();
        t->in_push_i = push;
        if (fi) {
            words d((DATA_W + 31) / 32, 0), k((B + 31) / 32, 0), u(4, 0), ts(4, 0);
            int nb = 0;
            for (int i = 0; i < B; i++) {
                size_t a = (size_t)ibeat * B + i;
                if (a < fi->o.size()) { d[i / 4] |= (uint32_t)fi->o[a] << (8 * (i % 4)); nb++; }
            }
            for (int i = 0; i < nb; i++) k[i / 32] |= 1u << (i % 32);
            if (ibeat == 0) { for (int i = 0; i < 4; i++) u[i] = fi->meta[i]; vnr_tso_desc_pack(&fi->t, ts.data()); }
            put(t->in_data_i, d); put(t->in_keep_i, k); put(t->in_user_i, u); put(t->in_tso_i, ts);
            t->in_last_i = ibeat == nbeats - 1;
            t->in_lout_i = ibeat == 0 ? fi->o.size() : 0x3ffff;
        }
        bool pop = used > 0 && rr(100) >= bp_p;
        t->out_used_i = used;
        t->eval();
        bool emit = used < 2 && ref.eligible(cyc);
        // coverage: a full buffer, all slots taken, a segment at exactly summed + SEG_LAT
        if (ref.sb_used == SB) cov_full++;
        if (ref.in_first && ref.slots == NSLOT) cov_slots++;
        if (ref.busy > 0) cov_busy++;
        if (emit && !ref.fr.empty() && ref.fr.front().f->seg && ref.eq == 0 &&
            ref.fr.front().summed[ref.ek] == cyc - LAT) {
            cov_tight++;
            // segment 0 summed with the beat that completes the header
            const fstate &s = ref.fr.front();
            if (ref.ek == 0 && s.summed[0] == s.pushed[(s.f->H - 1) / B]) cov_hdr++;
        }
        bool got = t->out_push_o;
        CHECK(got == emit, "cycle %ld e2n push %d, reference %d (frame %zu seg %d beat %d)",
              cyc, got, emit, fout, ref.ek, ref.eq);
        if (got == emit) push_ok++;
        if (got && fout < order.size()) {
            frame *fo = order[fout];
            const obeat &e = fo->out[obeat_i];
            words d = get(t->out_data_o, DATA_W), k = get(t->out_keep_o, B), u = get(t->out_user_o, 128);
            bool ok = (bool)t->out_last_o == e.last;
            int bad = -1;
            for (int i = 0; i < B; i++) {
                unsigned db = (d[i / 4] >> (8 * (i % 4))) & 0xff;
                unsigned kb = (k[i / 32] >> (i % 32)) & 1;
                if (kb != (unsigned)(i < e.nb) || db != e.d[i]) { ok = false; if (bad < 0) bad = i; }
            }
            for (int i = 0; i < 4; i++) ok = ok && u[i] == e.user[i];
            CHECK(ok, "cycle %ld frame %zu (seg %d H %d m %d len %zu) out beat %ld: byte %d got %02x want %02x, last %d/%d user %08x/%08x %08x/%08x",
                  cyc, fout, fo->seg, fo->H, fo->m, fo->o.size(), obeat_i, bad,
                  bad >= 0 ? (d[bad / 4] >> (8 * (bad % 4))) & 0xff : 0, bad >= 0 ? e.d[bad] : 0,
                  (int)t->out_last_o, e.last, u[3], e.user[3], u[1], e.user[1]);
            if (ok) bytes_ok++;
            if (!ok && tb_fail <= 3)
                std::printf("  desc v6 %d ipo %d/%d udp %d/%d lenf %d/%d csumf %d/%d cs %d ipi %d tcp %d H %d m %d\n",
                            fo->t.v6, fo->t.ip_o_en, fo->t.ip_o, fo->t.udp_en, fo->t.udp, fo->t.lenf_en,
                            fo->t.lenf, fo->t.csumf_en, fo->t.csumf, fo->t.csum_start, fo->t.ip_i, fo->t.tcp,
                            fo->H, fo->m);
            obeat_i++;
            if (e.last && fo->seg) segs++;
            if (obeat_i == (long)fo->out.size()) { fout++; obeat_i = 0; if (fo->seg) sframes++; }
        }
        // reference next state
        if (emit) ref.emit_beat();
        if (push) {
            ref.push_beat(cyc, fi, ibeat, nbeats);
            ibeat++;
            if (ibeat == nbeats) { fin++; ibeat = 0; }
        } else if (ref.busy > 0) {
            ref.busy--;
        }
        used = used - (pop ? 1 : 0) + (got ? 1 : 0);
        tick();
    }
    CHECK(fout == order.size(), "only %zu of %zu frames out after %ld cycles", fout, order.size(), cyc);
    std::printf("tso_segmenter DATA_W=%d: %zu frames (%ld segmented, %ld segments), %ld cycles; "
                "seg_room %ld, push %ld, beats %ld matched\n",
                DATA_W, order.size(), sframes, segs, cyc, room_ok, push_ok, bytes_ok);
    std::printf("  coverage: buffer full %ld, slots full %ld, busy %ld cycles; %ld segments at summed + SEG_LAT "
                "(%ld of them segment 0 summed with the header's last beat)\n",
                cov_full, cov_slots, cov_busy, cov_tight, cov_hdr);
    CHECK(cov_full > 0 && cov_slots > 0 && cov_busy > 0 && cov_hdr > 0, "coverage");
    delete t;
    return tb_finish("tso_segmenter");
}
