// vnr_top at DATA_W=512, NUM_VF=8, RULES=256 (CLS_LAT_EG = 8 + 2*10 = 28):
// PF frames of one beat sent back to back on h2e go to e2n with no bubble,
// the first at d + CLS_LAT_EG + 2 (timing.md 3.6, d = the last beat; one cycle in the TSO segmenter); a
// multi-beat PF frame leaves unchanged at d + CLS_LAT_EG + 2 after its last
// beat; VF frames (NO_RULE) reach e2h at d + CLS_LAT_EG + 2; a zero-length
// frame is dropped (runt); a frame past MAX_EG_FRAME is dropped (TOO_BIG,
// counted with all its bytes) and the frame behind it still passes.
// Output tuser = decision metadata on first beats only.
// Ingress: one-beat frames on n2e (NOT_ENCAP) reach e2h at d + CLS_LAT + 2
// (d = the beat's cycle), back to back with no bubble; the ingress block
// answers on the lb bus at 0x0800; CNT_SEL bank 3 is accepted.
// Decapsulation end to end (the real classifier): two profiles (VXLAN with
// inner Ethernet; UDP port 4790 carrying bare IP, P = 14 from the rule), a
// 3-byte collator and mask, deliver rules placed by CRC-32C bucket, one with
// ttl_dec (TTL and checksum patch), a trap rule and a miss; random lengths
// under n2e gaps and e2h back-pressure; every output byte, tuser, and the
// counters of banks 1 and 3.
// With -DVNR_STUB_DECAP (only against a private stand-in classifier that
// decapsulates windows starting 0xDC, fields taken from the window) it sends
// decapsulated and plain frames through the ingress path under back-pressure
// and checks every output byte, tlast, tuser, and counter banks 1 and 3.
// With -DVNR_STUB_EDIT (only against the local stand-in decider, whose meta
// bit 127 asks for an edit) it also checks edited frames end to end, the
// ones' complement sum and length the decider saw, and rule counters.
#include "Vvnr_top.h"
#include "verilated.h"
#include "../common/tb_check.h"
#include "vnr_regs.h"
#include <map>
#include <vector>

static Vvnr_top *t;
static unsigned cyc;
static const unsigned CLS_LAT_EG = VNR_CLS_LAT_EG_BASE + 2 * 10;

static void tick() { t->clk = 1; t->eval(); t->clk = 0; t->eval(); cyc++; }

// CRC-32C (Castagnoli, reflected, init and final XOR 0xFFFFFFFF)
static uint32_t crc32c(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0x82f63b78u & (0u - (c & 1)));
    }
    return c ^ 0xffffffffu;
}

// n2e beat `beat` (64 bytes) of frame f
static void set_n2e(const std::vector<uint8_t> &f, unsigned beat)
{
    unsigned n = f.size() > beat * 64 ? f.size() - beat * 64 : 0;
    if (n > 64) n = 64;
    for (int w = 0; w < 16; w++) t->n2e_tdata[w] = 0;
    for (unsigned b = 0; b < n; b++) t->n2e_tdata[b / 4] |= (uint32_t)f[beat * 64 + b] << (8 * (b % 4));
    if (n < 64) t->n2e_tdata[15] |= 0xee000000u;      // garbage outside tkeep
    t->n2e_tkeep = n >= 64 ? ~0ull : ((1ull << n) - 1);
    for (int w = 0; w < 4; w++) t->n2e_tuser[w] = 0;
    t->n2e_tlast = (beat + 1) * 64 >= f.size();
}

struct oframe { std::vector<uint8_t> d; uint32_t user[4]; };

// Sends frames on n2e (random gaps) while e2h is randomly back-pressured;
// returns the frames seen on e2h, in order (at most `want`).
static std::vector<oframe> ig_run(const std::vector<std::vector<uint8_t>> &in, size_t want,
                                  unsigned max_cyc)
{
    std::vector<oframe> out;
    oframe cur;
    size_t f = 0;
    unsigned beat = 0, end = cyc + max_cyc;
    bool first = true;
    while (cyc < end && out.size() < want) {
        bool v = f < in.size() && rand() % 4 != 0;
        if (v) set_n2e(in[f], beat);
        t->n2e_tvalid = v;
        t->e2h_tready = rand() % 3 != 0;
        t->eval();
        if (v && t->n2e_tready) {
            if (t->n2e_tlast) { f++; beat = 0; } else beat++;
        }
        if (t->e2h_tvalid && t->e2h_tready) {
            if (first) for (int w = 0; w < 4; w++) cur.user[w] = t->e2h_tuser[w];
            else CHECK(!t->e2h_tuser[0] && !t->e2h_tuser[1] && !t->e2h_tuser[2] &&
                       !t->e2h_tuser[3], "e2h tuser 0 after the first beat");
            bool gap = false;
            for (unsigned b = 0; b < 64; b++) {
                unsigned kv = (t->e2h_tkeep >> b) & 1;
                unsigned d = (t->e2h_tdata[b / 4] >> (8 * (b % 4))) & 0xff;
                if (kv && gap) CHECK(0, "e2h tkeep not contiguous");
                if (kv) cur.d.push_back(d); else { gap = true; CHECK(d == 0, "byte outside tkeep 0"); }
            }
            if (!t->e2h_tlast) CHECK(t->e2h_tkeep == ~0ull, "e2h tkeep all ones before tlast");
            first = t->e2h_tlast;
            if (t->e2h_tlast) { out.push_back(cur); cur = oframe(); }
        }
        tick();
    }
    t->n2e_tvalid = 0; t->e2h_tready = 1; t->eval();
    return out;
}

static void set_bytes(const std::vector<uint8_t> &f, unsigned beat, unsigned func, uint32_t u3 = 0)
{
    unsigned n = f.size() > beat * 64 ? f.size() - beat * 64 : 0;
    if (n > 64) n = 64;
    for (int w = 0; w < 16; w++) t->h2e_tdata[w] = 0;
    for (unsigned b = 0; b < n; b++) t->h2e_tdata[b / 4] |= (uint32_t)f[beat * 64 + b] << (8 * (b % 4));
    if (n < 64) t->h2e_tdata[15] |= 0xee000000u;      // garbage outside tkeep
    t->h2e_tkeep = n >= 64 ? ~0ull : ((1ull << n) - 1);
    for (int w = 0; w < 4; w++) t->h2e_tuser[w] = 0;
    t->h2e_tuser[0] = func;
    t->h2e_tuser[3] = u3;
    t->h2e_tlast = (beat + 1) * 64 >= f.size();
}

static void set_beat(unsigned func, unsigned nbytes, unsigned tag)
{
    std::vector<uint8_t> f(nbytes);
    for (unsigned b = 0; b < nbytes; b++) f[b] = tag + b;
    set_bytes(f, 0, func);
    t->h2e_tlast = 1;
}

// csr access: aw+w together, wait for b; ar, wait for r
static unsigned axi_wr(uint32_t a, uint32_t d)
{
    t->h2e_tvalid = 0;
    t->s_axil_awaddr = a; t->s_axil_awvalid = 1; t->s_axil_wdata = d; t->s_axil_wvalid = 1;
    t->eval(); tick();
    t->s_axil_awvalid = 0; t->s_axil_wvalid = 0; t->eval();
    while (!t->s_axil_bvalid) { tick(); t->eval(); }
    unsigned r = t->s_axil_bresp;
    tick();
    return r;
}
static uint32_t axi_rd(uint32_t a)
{
    t->s_axil_araddr = a; t->s_axil_arvalid = 1; t->eval(); tick();
    t->s_axil_arvalid = 0; t->eval();
    while (!t->s_axil_rvalid) { tick(); t->eval(); }
    uint32_t v = t->s_axil_rdata;
    tick();
    return v;
}
static void counter(unsigned bank, unsigned func, unsigned reason, unsigned idx,
                    uint64_t *pk, uint64_t *by)
{
    CHECK(axi_wr(VNR_COUNTERS_CNT_SEL, bank | func << 8 | reason << 16) == 0, "CNT_SEL");
    CHECK(axi_wr(VNR_COUNTERS_CNT_IDX, idx) == 0, "CNT_IDX");
    CHECK(axi_wr(VNR_COUNTERS_CNT_CMD, 1) == 0, "CNT_CMD");
    while (axi_rd(VNR_COUNTERS_CNT_STATUS) & 1) {}
    *pk = axi_rd(VNR_COUNTERS_CNT_PKTS_LO) | (uint64_t)axi_rd(VNR_COUNTERS_CNT_PKTS_HI) << 32;
    *by = axi_rd(VNR_COUNTERS_CNT_BYTES_LO) | (uint64_t)axi_rd(VNR_COUNTERS_CNT_BYTES_HI) << 32;
}

// ---------------------------------------------------------------- decap, real classifier
static const unsigned RULES = 256;

static unsigned irule_slot(unsigned profile, const uint8_t key3[3])
{
    uint8_t x[129] = {0};
    x[0] = profile;                          // short = 0
    for (int i = 0; i < 3; i++) x[1 + i] = key3[i];
    return crc32c(x, sizeof(x)) % (RULES / 4) * 4;     // way 0 of the bucket
}

// one rule: key bytes 0..2 (the rest 0), ctl word, inner Ethernet words
static void irule_commit(unsigned slot, const uint8_t key3[3], uint32_t ctl, const uint32_t eth[4])
{
    for (unsigned w = 0; w < 32; w++)
        CHECK(axi_wr(VNR_INGRESS_IRULE_SH + 4 * w,
                     w ? 0 : (uint32_t)key3[0] << 24 | key3[1] << 16 | key3[2] << 8) == 0, "IRULE_SH key");
    CHECK(axi_wr(VNR_INGRESS_IRULE_SH + 4 * 32, ctl) == 0, "IRULE_SH ctl");
    for (unsigned w = 0; w < 4; w++)
        CHECK(axi_wr(VNR_INGRESS_IRULE_SH + 4 * (33 + w), eth[w]) == 0, "IRULE_SH eth");
    CHECK(axi_wr(VNR_INGRESS_IRULE_CMD, slot | 1u << 24) == 0, "IRULE_CMD commit slot %u", slot);
    while (axi_rd(VNR_INGRESS_IRULE_STATUS) & 1) {}
}

static void put16(std::vector<uint8_t> &f, unsigned at, unsigned v) { f[at] = v >> 8; f[at + 1] = v; }

static unsigned ones_add(unsigned a, unsigned b)
{
    unsigned s = a + b;
    return (s & 0xffff) + (s >> 16);
}

// outer Ethernet + IPv4 (proto 17) + UDP to dport; inner from `inner` on
static std::vector<uint8_t> outer_frame(unsigned len, unsigned dport)
{
    std::vector<uint8_t> f(len);
    for (auto &b : f) b = rand();
    put16(f, 12, 0x0800);
    f[14] = 0x45; put16(f, 16, len - 14); put16(f, 20, 0); f[23] = 17;
    put16(f, 36, dport);
    return f;
}

static void ig_decap_test()
{
    // profile 0: VXLAN (UDP 4789, opaque 16 = UDP + VXLAN, VNI flow id), inner Ethernet
    axi_wr(VNR_PROFILE_PROF_CTRL, 1u | 2u | 17u << 8 | 16u << 16);
    axi_wr(VNR_PROFILE_PROF_FMT, 2u | 4789u << 16);
    axi_wr(VNR_PROFILE_PROF_FMT_MASK, 0xffff);
    axi_wr(VNR_PROFILE_PROF_FLOW, 12u | 3u << 8);
    axi_wr(VNR_PROFILE_PROF_EDIT, 0);
    CHECK(axi_wr(VNR_PROFILE_PROF_CMD, 0u | 1u << 8) == 0, "profile 0 commit");
    // profile 1: UDP 4790 carrying bare IP (opaque 8 = UDP), no inner Ethernet
    axi_wr(VNR_PROFILE_PROF_CTRL, 1u | 17u << 8 | 8u << 16);
    axi_wr(VNR_PROFILE_PROF_FMT, 2u | 4790u << 16);
    axi_wr(VNR_PROFILE_PROF_FLOW, 0);
    CHECK(axi_wr(VNR_PROFILE_PROF_CMD, 1u | 1u << 8) == 0, "profile 1 commit");
    // key: collator 0 = bytes 46..48 (VXLAN VNI; inner IPv4 ID and flags in profile 1)
    CHECK(axi_wr(VNR_INGRESS_COLL_SH, 46u | 3u << 8) == 0, "COLL_SH 0");
    CHECK(axi_wr(VNR_INGRESS_MASK_SH, 0xffffff00u) == 0, "MASK_SH 0");
    CHECK(axi_wr(VNR_INGRESS_KEY_CMD, 1u << 8) == 0, "KEY_CMD commit");

    const uint8_t k_fwd[3] = {0x12, 0x34, 0x56}, k_trap[3] = {0x00, 0x07, 0x77},
                  k_miss[3] = {0x00, 0x00, 0x99}, k_p1[3] = {0xab, 0xcd, 0x40};
    unsigned s_fwd = irule_slot(0, k_fwd), s_trap = irule_slot(0, k_trap), s_p1 = irule_slot(1, k_p1);
    if (s_trap == s_fwd) s_trap += 1;       // the bucket's next way (still a hit: way order)
    if (s_p1 == s_fwd || s_p1 == s_trap) s_p1 += 2;
    const uint32_t no_eth[4] = {0, 0, 0, 0};
    // inner dmac 02:00:00:00:00:06, smac 02:00:00:00:00:01, type 0 (from the IP version)
    const uint32_t eth6[4] = {0x0200, 0x00000006, 0x0200, 0x00000001};
    irule_commit(s_fwd, k_fwd, 1u | 0u << 1 | 0u << 4 | 5u << 8 | 1u << 16, no_eth);
    irule_commit(s_trap, k_trap, 1u | 1u << 1 | 0u << 4 | 2u << 8, no_eth);
    irule_commit(s_p1, k_p1, 1u | 0u << 1 | 1u << 4 | 6u << 8, eth6);

    srand(21);
    const unsigned N = 240;
    std::vector<std::vector<uint8_t>> in, exp;
    std::vector<int> kind;                  // 0 fwd p0, 1 fwd p1, 2 trap, 3 miss
    uint64_t by_fwd = 0, by_trap = 0, by_p1 = 0, n_fwd = 0, n_trap = 0, n_p1 = 0;
    for (unsigned n = 0; n < N; n++) {
        int k = rand() % 4;
        unsigned len;
        std::vector<uint8_t> f, o;
        if (k == 1) {
            // S = 42, inner IPv4 at 42; P = 14 from the rule; bare prefix when len = 42 is
            // not possible here (the key bytes 46..48 would be short)
            len = 62 + rand() % (rand() % 3 ? 200 : 1400);
            f = outer_frame(len, 4790);
            f[42] = 0x45; f[46] = 0xab; f[47] = 0xcd; f[48] = 0x40;
            const uint8_t pre[14] = {2, 0, 0, 0, 0, 6, 2, 0, 0, 0, 0, 1, 0x08, 0x00};
            o.assign(pre, pre + 14);
            o.insert(o.end(), f.begin() + 42, f.end());
            by_p1 += len; n_p1++;
        } else {
            // VXLAN: S = 50, inner Ethernet (IPv4) at 50, inner IP at 64
            len = 84 + rand() % (rand() % 3 ? 200 : 1400);
            f = outer_frame(len, 4789);
            const uint8_t *key = k == 0 ? k_fwd : k == 2 ? k_trap : k_miss;
            for (int i = 0; i < 3; i++) f[46 + i] = key[i];
            put16(f, 62, 0x0800);
            f[64] = 0x45; f[72] = 2 + rand() % 250;       // ttl > ttl_dec
            if (k == 0) {
                // h': ttl - 1 and the checksum updated (RFC 1624 eqn. 3)
                std::vector<uint8_t> h = f;
                unsigned m = f[72] << 8 | f[73], m2 = (f[72] - 1) << 8 | f[73];
                unsigned hc = f[74] << 8 | f[75];
                unsigned x = ones_add(ones_add(~hc & 0xffff, ~m & 0xffff), m2);
                h[72] = f[72] - 1; put16(h, 74, ~x & 0xffff);
                o.assign(h.begin() + 50, h.end());
                by_fwd += len; n_fwd++;
            } else {
                o = f;
                if (k == 2) { by_trap += len; n_trap++; }
            }
        }
        in.push_back(f); exp.push_back(o); kind.push_back(k);
    }
    uint64_t p0[3], b0[3], fp0, fb0, p1, b1;
    unsigned slots[3] = {s_fwd, s_trap, s_p1};
    for (int r = 0; r < 3; r++) counter(3, 0, 0, slots[r], &p0[r], &b0[r]);
    counter(1, 5, VNR_REASON_FORWARD, 0, &fp0, &fb0);
    std::vector<oframe> out = ig_run(in, N, 400000);
    CHECK(out.size() == N, "ingress decap: %zu of %u frames out", out.size(), N);
    for (size_t n = 0; n < out.size() && n < N; n++) {
        int k = kind[n];
        CHECK(out[n].d == exp[n], "ingress frame %zu (kind %d, len %zu): %zu bytes out, %zu expected",
              n, k, in[n].size(), out[n].d.size(), exp[n].size());
        const uint32_t *u = out[n].user;
        unsigned func = u[0] & 0xff, reason = (u[0] >> 8) & 0xff, from_net = u[1] & 1;
        unsigned encap = (u[1] >> 1) & 1, prof = (u[1] >> 2) & 3, decap = (u[1] >> 4) & 1;
        unsigned hit = (u[1] >> 7) & 1, rule = (u[1] >> 8) & 0xfffff;
        unsigned er = k == 0 || k == 1 ? VNR_REASON_FORWARD : k == 2 ? VNR_REASON_TRAP_RULE
                                                                     : VNR_REASON_NO_IRULE;
        unsigned ef = k == 0 ? 5 : k == 1 ? 6 : 0, es = k == 0 ? s_fwd : k == 1 ? s_p1 : s_trap;
        CHECK(func == ef && reason == er && from_net && encap && prof == (k == 1) &&
              decap == (k < 2) && hit == (k < 3) && (k == 3 || rule == es),
              "ingress frame %zu (kind %d) meta %08x %08x %08x", n, k, u[0], u[1], u[2]);
        if (k != 1) CHECK(u[2] == (k == 0 ? 0x123456u : k == 2 ? 0x000777u : 0x000099u),
                          "ingress frame %zu flow_id %08x", n, u[2]);
    }
    for (int i = 0; i < 20; i++) tick();
    uint64_t ep[3] = {n_fwd, n_trap, n_p1}, eb[3] = {by_fwd, by_trap, by_p1};
    for (int r = 0; r < 3; r++) {
        counter(3, 0, 0, slots[r], &p1, &b1);
        CHECK(p1 - p0[r] == ep[r] && b1 - b0[r] == eb[r],
              "bank 3 slot %u: %llu pkts %llu bytes, expected %llu %llu", slots[r],
              (unsigned long long)(p1 - p0[r]), (unsigned long long)(b1 - b0[r]),
              (unsigned long long)ep[r], (unsigned long long)eb[r]);
    }
    counter(1, 5, VNR_REASON_FORWARD, 0, &p1, &b1);
    CHECK(p1 - fp0 == n_fwd && b1 - fb0 == by_fwd, "bank 1 (5, FORWARD): %llu pkts %llu bytes",
          (unsigned long long)(p1 - fp0), (unsigned long long)(b1 - fb0));
    std::printf("ingress: %llu+%llu decapsulated, %llu trapped by rule, %u frames\n",
                (unsigned long long)n_fwd, (unsigned long long)n_p1, (unsigned long long)n_trap, N);
}

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    t = new Vvnr_top;
    t->clk = 0; t->rst = 1; t->e2n_tready = 1; t->e2h_tready = 1; t->s_axil_bready = 1;
    t->s_axil_rready = 1; t->eval(); tick(); tick(); t->rst = 0; t->eval();

    CHECK(t->h2e_tready, "h2e ready after reset");
    // 8 back-to-back one-beat PF frames of 60 bytes from cycle a
    unsigned a = cyc, got = 0, first_seen = 0, last_seen = 0;
    for (int i = 0; i < 60; i++) {
        if (i < 8) { set_beat(0, 60, i * 16); t->h2e_tvalid = 1; }
        else if (i == 8) { set_beat(0, 0, 0); t->h2e_tvalid = 1; }   // zero-length: runt
        else t->h2e_tvalid = 0;
        t->eval();
        if (i <= 8) CHECK(t->h2e_tready, "ready at beat %d", i);
        if (t->e2n_tvalid) {
            if (!got) first_seen = cyc;
            last_seen = cyc;
            CHECK(t->e2n_tlast && t->e2n_tkeep == ((1ull << 60) - 1), "beat shape");
            CHECK((t->e2n_tdata[0] & 0xff) == ((got * 16) & 0xff), "frame order/data");
            CHECK((t->e2n_tdata[15] >> 24) == 0, "byte outside tkeep driven 0");
            unsigned reason = (t->e2n_tuser[0] >> 8) & 0xff, segs = t->e2n_tuser[0] >> 24;
            CHECK(reason == VNR_REASON_FORWARD && segs == 1, "meta out FORWARD segs 1");
            got++;
        }
        tick();
    }
    CHECK(got == 8, "8 frames out on e2n (got %u), runt dropped", got);
    CHECK(first_seen == a + CLS_LAT_EG + 2, "first beat at d+CLS_LAT_EG+2: %u", first_seen - a);
    CHECK(last_seen - first_seen == 7, "no bubbles: %u", last_seen - first_seen);

    // one VF frame -> e2h NO_RULE at d + CLS_LAT_EG + 2
    a = cyc; unsigned seen = 0;
    for (int i = 0; i < 50; i++) {
        if (i == 0) { set_beat(3, 64, 0); t->h2e_tvalid = 1; } else t->h2e_tvalid = 0;
        t->eval();
        if (t->e2h_tvalid && !seen) {
            seen = cyc;
            unsigned reason = (t->e2h_tuser[0] >> 8) & 0xff, src = (t->e2h_tuser[0] >> 16) & 0xff;
            CHECK(reason == VNR_REASON_NO_RULE && src == 3 && (t->e2h_tuser[0] & 0xff) == 0,
                  "NO_RULE meta %08x", t->e2h_tuser[0]);
        }
        tick();
    }
    CHECK(seen == a + CLS_LAT_EG + 2, "e2h first beat at d+CLS_LAT_EG+2: %u", seen - a);

    // a 4-beat PF frame (200 bytes): store and forward, unchanged
    {
        std::vector<uint8_t> f(200);
        for (unsigned i = 0; i < f.size(); i++) f[i] = i * 7 + 3;
        unsigned d = 0, k = 0, firstk = 0;
        for (int i = 0; i < 60; i++) {
            if (i < 4) { set_bytes(f, i, 0); t->h2e_tvalid = 1; if (i == 3) d = cyc; }
            else t->h2e_tvalid = 0;
            t->eval();
            if (t->e2n_tvalid) {
                if (!k) firstk = cyc;
                bool ok = true;
                for (unsigned b = 0; b < 64; b++) {
                    unsigned idx = k * 64 + b;
                    unsigned v = (t->e2n_tdata[b / 4] >> (8 * (b % 4))) & 0xff;
                    ok &= v == (idx < f.size() ? f[idx] : 0);
                }
                CHECK(ok, "4-beat frame beat %u data", k);
                CHECK(t->e2n_tlast == (k == 3), "4-beat frame tlast");
                CHECK((k == 0) == (t->e2n_tuser[0] != 0), "tuser on first beat only");
                k++;
            }
            tick();
        }
        CHECK(k == 4 && firstk == d + CLS_LAT_EG + 2, "4-beat frame: %u beats, first at d+%u", k,
              firstk - d);
    }

    // too big: 1100 beats (70400 bytes) from the PF, then a 60-byte frame
    {
        uint64_t pk0, by0, pk1, by1;
        counter(0, 0, VNR_REASON_TOO_BIG, 0, &pk0, &by0);
        std::vector<uint8_t> big(1100 * 64, 0x11);
        unsigned beat = 0, outs = 0, sent_small = 0;
        for (int i = 0; i < 3000; i++) {
            if (beat < 1100) { set_bytes(big, beat, 0); t->h2e_tvalid = 1; }
            else if (!sent_small) { set_beat(0, 60, 0x40); t->h2e_tvalid = 1; }
            else t->h2e_tvalid = 0;
            t->eval();
            if (t->h2e_tvalid && t->h2e_tready) { if (beat < 1100) beat++; else sent_small = 1; }
            if (t->e2n_tvalid) {
                outs++;
                CHECK((t->e2n_tdata[0] & 0xff) == 0x40 && t->e2n_tlast, "only the small frame leaves");
            }
            tick();
        }
        CHECK(outs == 1, "too big frame dropped, next one out (%u)", outs);
        counter(0, 0, VNR_REASON_TOO_BIG, 0, &pk1, &by1);
        CHECK(pk1 == pk0 + 1 && by1 == by0 + 1100 * 64, "TOO_BIG counted: %llu pkts %llu bytes",
              (unsigned long long)(pk1 - pk0), (unsigned long long)(by1 - by0));
    }

    // counter errors and bank 3 selection
    CHECK(axi_wr(VNR_COUNTERS_CNT_SEL, 3) == 0, "CNT_SEL bank 3 accepted");
    CHECK(axi_wr(VNR_COUNTERS_CNT_IDX, 256) == 2, "CNT_IDX 256 refused");
    CHECK((axi_rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_CNT_IDX, "ERR CNT_IDX");
    CHECK(axi_rd(VNR_PORTS_BLK_NEXT) == 0x500, "PORTS.BLK_NEXT");
    CHECK(axi_rd(VNR_EGRESS_BLK_ID) >> 16 == VNR_BLK_EGRESS_TYPE, "egress BLK_ID through lb");
    CHECK(axi_rd(VNR_EGRESS_BLK_NEXT) == VNR_INGRESS_BLK_ID, "egress BLK_NEXT = ingress block");
#ifndef VNR_STUB_DECAP
    CHECK(axi_rd(VNR_INGRESS_BLK_ID) == (VNR_BLK_INGRESS_TYPE << 16 | VNR_BLK_INGRESS_VERSION),
          "ingress BLK_ID through lb");
    CHECK(axi_rd(VNR_INGRESS_BLK_NEXT) == 0, "ingress BLK_NEXT: last block");
    CHECK(axi_wr(VNR_INGRESS_BLK_ID, 0) == 2 && (axi_rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_READ_ONLY,
          "ingress BLK_ID read-only through lb");
#endif

    // ingress: one-beat frames (NOT_ENCAP) back to back on n2e, the first
    // at d + CLS_LAT + 2 on e2h (timing.md 3.6), no bubble
    {
        unsigned a = cyc, got = 0, first = 0, last = 0;
        for (int i = 0; i < 60; i++) {
            if (i < 6) {
                std::vector<uint8_t> f(60);
                for (unsigned b = 0; b < 60; b++) f[b] = i * 16 + b;
                set_n2e(f, 0);
                t->n2e_tvalid = 1;
            } else {
                t->n2e_tvalid = 0;
            }
            t->eval();
            if (i < 6) CHECK(t->n2e_tready, "n2e ready at beat %d", i);
            if (t->e2h_tvalid) {
                if (!got) first = cyc;
                last = cyc;
                unsigned reason = (t->e2h_tuser[0] >> 8) & 0xff;
                CHECK(t->e2h_tlast && t->e2h_tkeep == ((1ull << 60) - 1) &&
                      (t->e2h_tdata[0] & 0xff) == ((got * 16) & 0xff), "ingress frame %u", got);
                CHECK(reason == VNR_REASON_NOT_ENCAP && (t->e2h_tuser[1] & 1), "NOT_ENCAP, from_net");
                got++;
            }
            tick();
        }
        CHECK(got == 6, "6 ingress frames (got %u)", got);
        CHECK(first == a + VNR_CLS_LAT + 2, "ingress first beat at d+CLS_LAT+2: d+%u", first - a);
        CHECK(last - first == 5, "ingress: no bubbles (%u)", last - first);
    }

#ifndef VNR_STUB_DECAP
    ig_decap_test();
#else
    // decapsulation through the ingress path, against the private stand-in:
    // window byte 0 = 0xDC; func w[1], rule {w[3],w[2]}, S w[4], pre w[5],
    // patch_off w[6], patch_en w[7], patch_data w[8..11], prefix w[16..29]^0xA5
    {
        srand(11);
        const unsigned N = 300;
        std::vector<std::vector<uint8_t>> in, exp;
        std::vector<int> dec;
        std::map<unsigned, uint64_t> rpk, rby;
        uint64_t fpk = 0, fby = 0;
        unsigned rules[3] = {7, 100, 255};
        for (unsigned n = 0; n < N; n++) {
            bool d = rand() % 4 != 0;
            unsigned S = 14 + rand() % 147, pre = rand() % 2, len;
            if (d) {
                len = S + (pre ? 0 : 14) + rand() % (rand() % 3 ? 200 : 1500);
                if (pre && rand() % 10 == 0) len = S;
                if (len < 30) len = 30;     // the header fields live in bytes 0..29
                if (len < S + (pre ? 0 : 14)) S = len - (pre ? 0 : 14);
            } else {
                len = 14 + rand() % 700;
            }
            std::vector<uint8_t> f(len);
            for (auto &b : f) b = rand();
            unsigned rule = rules[rand() % 3];
            if (d) {
                f[0] = 0xDC; f[1] = 1 + rand() % 8; f[2] = rule; f[3] = 0; f[4] = S; f[5] = pre;
                f[6] = S + rand() % 40; f[7] = rand() % 16;
            } else if (f[0] == 0xDC) {
                f[0] = 0;
            }
            std::vector<uint8_t> h = f, o;
            if (d) {
                for (int i = 0; i < 4; i++) {
                    unsigned a = f[6] + i;
                    if ((f[7] >> i & 1) && a < 256 && a < len) h[a] = f[8 + i];
                }
                if (pre) for (int i = 0; i < 14; i++) o.push_back(f[16 + i] ^ 0xA5);
                for (unsigned r = S; r < len; r++) o.push_back(h[r]);
                rpk[rule]++; rby[rule] += len;
                if (f[1] == 3) { fpk++; fby += len; }
            } else {
                o = f;
            }
            in.push_back(f); exp.push_back(o); dec.push_back(d ? f[1] : -1);
        }
        uint64_t p0[3], b0[3], fp0, fb0, p1, b1;
        for (int r = 0; r < 3; r++) counter(3, 0, 0, rules[r], &p0[r], &b0[r]);
        counter(1, 3, VNR_REASON_FORWARD, 0, &fp0, &fb0);
        std::vector<oframe> out = ig_run(in, N, 400000);
        CHECK(out.size() == N, "decap: %zu of %u frames out", out.size(), N);
        for (size_t n = 0; n < out.size() && n < N; n++) {
            CHECK(out[n].d == exp[n], "decap frame %zu (len %zu, S %u, pre %u): %zu bytes out, %zu "
                  "expected", n, in[n].size(), in[n][4], in[n][5], out[n].d.size(), exp[n].size());
            unsigned func = out[n].user[0] & 0xff, reason = (out[n].user[0] >> 8) & 0xff;
            unsigned decap = (out[n].user[1] >> 4) & 1;
            if (dec[n] >= 0)
                CHECK(func == (unsigned)dec[n] && reason == VNR_REASON_FORWARD && decap,
                      "decap frame %zu meta %08x %08x", n, out[n].user[0], out[n].user[1]);
            else
                CHECK(func == 0 && reason == VNR_REASON_NOT_ENCAP && !decap, "plain frame %zu meta", n);
        }
        for (int i = 0; i < 20; i++) tick();
        for (int r = 0; r < 3; r++) {
            counter(3, 0, 0, rules[r], &p1, &b1);
            CHECK(p1 - p0[r] == rpk[rules[r]] && b1 - b0[r] == rby[rules[r]],
                  "bank 3 slot %u: %llu pkts %llu bytes, expected %llu %llu", rules[r],
                  (unsigned long long)(p1 - p0[r]), (unsigned long long)(b1 - b0[r]),
                  (unsigned long long)rpk[rules[r]], (unsigned long long)rby[rules[r]]);
        }
        counter(1, 3, VNR_REASON_FORWARD, 0, &p1, &b1);
        CHECK(p1 - fp0 == fpk && b1 - fb0 == fby, "bank 1 (3, FORWARD): %llu pkts %llu bytes",
              (unsigned long long)(p1 - fp0), (unsigned long long)(b1 - fb0));
    }
#endif

#ifdef VNR_STUB_EDIT
    // edited frames through the stand-in's hook: P, S, prefix i^0xA5, h' = window ^ 0x5A
    // on the first W bytes; rule = user[95:88]
    srand(5);
    for (int n = 0; n < 200; n++) {
        unsigned len = 14 + rand() % 400, P = rand() % 129, S = rand() % 19, W = rand() % 129;
        unsigned rule = rand() % 4;
        std::vector<uint8_t> f(len);
        for (auto &b : f) b = rand();
        std::vector<uint8_t> o;
        for (unsigned i = 0; i < P; i++) o.push_back(i ^ 0xA5);
        for (unsigned r = S; r < len; r++) o.push_back(r < W ? f[r] ^ 0x5A : f[r]);
        uint32_t sum = 0;
        for (unsigned i = 0; i < len; i += 2) sum += f[i] << 8 | (i + 1 < len ? f[i + 1] : 0);
        while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
        uint32_t u3 = 1u << 31 | P << 16 | S << 8 | W;
        unsigned nb = (len + 63) / 64, beat = 0, k = 0;
        uint64_t rp0, rb0, rp1, rb1;
        if (n % 50 == 0) counter(2, 0, 0, rule, &rp0, &rb0);
        for (int i = 0; i < 200 && (beat < nb || k * 64 < o.size()); i++) {
            if (beat < nb) { set_bytes(f, beat, 0, u3); t->h2e_tuser[2] = rule << 24; t->h2e_tvalid = 1; }
            else t->h2e_tvalid = 0;
            t->e2n_tready = rand() % 4 != 0;
            t->eval();
            if (t->h2e_tvalid && t->h2e_tready) beat++;
            if (t->e2n_tvalid && t->e2n_tready) {
                bool ok = true;
                for (unsigned b = 0; b < 64; b++) {
                    unsigned idx = k * 64 + b;
                    unsigned v = (t->e2n_tdata[b / 4] >> (8 * (b % 4))) & 0xff;
                    unsigned kv = (t->e2n_tkeep >> b) & 1;
                    ok &= v == (idx < o.size() ? o[idx] : 0) && kv == (idx < o.size());
                }
                CHECK(ok, "edit frame %d (len %u P %u S %u W %u) beat %u", n, len, P, S, W, k);
                CHECK(t->e2n_tlast == ((k + 1) * 64 >= o.size()), "edit frame %d tlast", n);
                if (k == 0)
                    CHECK((t->e2n_tuser[3] >> 16) == sum && (t->e2n_tuser[3] & 0xffff) == len,
                          "frame %d: sum %04x len %u at the decider (got %08x)", n, sum, len,
                          t->e2n_tuser[3]);
                k++;
            }
            tick();
        }
        t->e2n_tready = 1;
        CHECK(k * 64 >= o.size() && (k - 1) * 64 < o.size(), "edit frame %d: %u beats", n, k);
        if (n % 50 == 0) {
            for (int i = 0; i < 10; i++) tick();
            counter(2, 0, 0, rule, &rp1, &rb1);
            CHECK(rp1 == rp0 + 1 && rb1 == rb0 + len, "rule %u counted %llu pkts %llu bytes", rule,
                  (unsigned long long)(rp1 - rp0), (unsigned long long)(rb1 - rb0));
        }
    }
#endif
    delete t;
    return tb_finish("vnr_top");
}
