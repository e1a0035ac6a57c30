// vnr_top at DATA_W=512, NUM_VF=8, RULES=256 (CLS_LAT_EG = 8 + 2*10 = 28):
// PF frames of one beat sent back to back on h2e go to e2n with no bubble,
// the first at d + CLS_LAT_EG + 1 (timing.md 3.6, d = the last beat); a
// multi-beat PF frame leaves unchanged at d + CLS_LAT_EG + 1 after its last
// beat; VF frames (NO_RULE) reach e2h at d + CLS_LAT_EG + 2; a zero-length
// frame is dropped (runt); a frame past MAX_EG_FRAME is dropped (TOO_BIG,
// counted with all its bytes) and the frame behind it still passes.
// Output tuser = decision metadata on first beats only.
// With -DVNR_STUB_EDIT (only against the local stand-in decider, whose meta
// bit 127 asks for an edit) it also checks edited frames end to end, the
// ones' complement sum and length the decider saw, and rule counters.
#include "Vvnr_top.h"
#include "verilated.h"
#include "../common/tb_check.h"
#include "vnr_regs.h"
#include <vector>

static Vvnr_top *t;
static unsigned cyc;
static const unsigned CLS_LAT_EG = VNR_CLS_LAT_EG_BASE + 2 * 10;

static void tick() { t->clk = 1; t->eval(); t->clk = 0; t->eval(); cyc++; }

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
    CHECK(first_seen == a + CLS_LAT_EG + 1, "first beat at d+CLS_LAT_EG+1: %u", first_seen - a);
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
        CHECK(k == 4 && firstk == d + CLS_LAT_EG + 1, "4-beat frame: %u beats, first at d+%u", k,
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

    // counter errors and bank 2 selection
    CHECK(axi_wr(VNR_COUNTERS_CNT_SEL, 3) == 2, "CNT_SEL bank 3 refused");
    CHECK((axi_rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_CNT_BANK, "ERR CNT_BANK");
    CHECK(axi_wr(VNR_COUNTERS_CNT_IDX, 256) == 2, "CNT_IDX 256 refused");
    CHECK((axi_rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_CNT_IDX, "ERR CNT_IDX");
    CHECK(axi_rd(VNR_PORTS_BLK_NEXT) == 0x500, "PORTS.BLK_NEXT");
    CHECK(axi_rd(VNR_EGRESS_BLK_ID) >> 16 == VNR_BLK_EGRESS_TYPE, "egress BLK_ID through lb");

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
