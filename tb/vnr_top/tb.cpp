// vnr_top smoke test at DATA_W=512: PF frames of one beat sent back to back
// on h2e go to e2n with no bubble; the first appears at d + CLS_LAT + 1
// (timing.md 3.6). VF frames (NO_RULE) reach e2h at d + CLS_LAT + 2. A
// zero-length frame is dropped (runt). Output tuser = decision metadata.
#include "Vvnr_top.h"
#include "verilated.h"
#include "../common/tb_check.h"
#include "vnr_regs.h"

static Vvnr_top *t;
static unsigned cyc;
static void tick() { t->clk = 1; t->eval(); t->clk = 0; t->eval(); cyc++; }

static void set_beat(unsigned func, unsigned nbytes, unsigned tag)
{
    for (int w = 0; w < 16; w++) t->h2e_tdata[w] = 0;
    for (unsigned b = 0; b < 64; b++)
        if (b < nbytes) t->h2e_tdata[b / 4] |= (uint32_t)((tag + b) & 0xff) << (8 * (b % 4));
    // garbage outside tkeep must come out as 0
    if (nbytes < 64) t->h2e_tdata[15] |= 0xee000000u;
    t->h2e_tkeep = nbytes >= 64 ? ~0ull : ((1ull << nbytes) - 1);
    for (int w = 0; w < 4; w++) t->h2e_tuser[w] = 0;
    t->h2e_tuser[0] = func;
    t->h2e_tlast = 1;
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
    for (int i = 0; i < 40; i++) {
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
    CHECK(first_seen == a + 4 + 1, "first beat at d+CLS_LAT+1: %u vs %u", first_seen - a, 5);
    CHECK(last_seen - first_seen == 7, "no bubbles: %u", last_seen - first_seen);

    // one VF frame -> e2h NO_RULE at d + 6
    a = cyc; unsigned seen = 0;
    for (int i = 0; i < 20; i++) {
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
    CHECK(seen == a + 6, "e2h first beat at d+CLS_LAT+2: %u", seen - a);
    delete t;
    return tb_finish("vnr_top");
}
