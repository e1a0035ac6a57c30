// csr_regs (timing.md 2): ident values, AXI-Lite handshake timing, profile
// commit refused on opaque_len 65 (PROF_OPAQUE_LEN, SLVERR, profile
// unchanged), a valid commit, VF window writes refused and counted, VF_ID,
// read-only and unmapped addresses, ERR cleared by a write.
#include "Vcsr_regs.h"
#include "verilated.h"
#include "../common/tb_check.h"
#include "vnr_regs.h"
#include <cstdint>

static Vcsr_regs *t;
static unsigned cyc;

static void tick() { t->clk_i = 1; t->eval(); t->clk_i = 0; t->eval(); cyc++; }

// write with aw and w presented together; returns bresp, checks timing
static unsigned wr(uint32_t a, uint32_t d)
{
    t->awaddr_i = a; t->awvalid_i = 1; t->wdata_i = d; t->wvalid_i = 1; t->bready_i = 1;
    t->eval();
    CHECK(t->awready_o && t->wready_o, "aw/w ready when idle");
    tick();                                   // handshake in n
    t->awvalid_i = 0; t->wvalid_i = 0; t->eval();
    CHECK(!t->bvalid_o, "bvalid not before n+2");
    tick();                                   // perform in n+1
    t->eval();
    CHECK(t->bvalid_o, "bvalid in n+2 (addr %05x)", a);
    unsigned r = t->bresp_o;
    tick();                                   // b handshake
    t->eval();
    CHECK(!t->bvalid_o, "bvalid clears after handshake");
    return r;
}

static uint32_t rd(uint32_t a, unsigned *resp = nullptr)
{
    t->araddr_i = a; t->arvalid_i = 1; t->rready_i = 1; t->eval();
    CHECK(t->arready_o, "arready when idle");
    tick();
    t->arvalid_i = 0; t->eval();
    CHECK(!t->rvalid_o && !t->arready_o, "read: ar_full cycle");
    tick();
    t->eval();
    CHECK(t->rvalid_o, "rvalid two cycles after ar");
    uint32_t v = t->rdata_o;
    if (resp) *resp = t->rresp_o;
    tick();
    return v;
}

static uint32_t prof_word(int p, int k) { return t->prof_o[p * 5 + k]; }

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    t = new Vcsr_regs;
    unsigned resp;
    t->clk_i = 0; t->rst_i = 1; t->eval(); tick(); tick(); t->rst_i = 0; t->eval();

    // ident
    CHECK(rd(VNR_IDENT_MAGIC) == VNR_ID_MAGIC, "MAGIC");
    CHECK(rd(VNR_IDENT_HW_VERSION) == VNR_HW_VERSION, "HW_VERSION");
    CHECK(rd(VNR_IDENT_DATA_W) == 64, "DATA_W");
    CHECK(rd(VNR_IDENT_NUM_VF) == 8, "NUM_VF");
    CHECK(rd(VNR_IDENT_RULES) == 256, "RULES");
    CHECK(rd(VNR_IDENT_FIFO_BEATS) == VNR_FIFO_BYTES / 8, "FIFO_BEATS");
    CHECK(rd(VNR_IDENT_HDR_BYTES) == (256u << 16 | 128u), "HDR_BYTES");
    CHECK(rd(VNR_IDENT_BLK_ID) == 0x00010001, "ident BLK_ID");
    CHECK(rd(VNR_IDENT_BLK_NEXT) == 0x100, "ident BLK_NEXT");
    CHECK(rd(VNR_CTRL_BLK_ID) == 0x00020001, "ctrl BLK_ID");
    CHECK(rd(VNR_PORTS_BLK_NEXT) == 0, "ports BLK_NEXT = last");
    CHECK(rd(VNR_IDENT_REASONS) == 32, "REASONS");

    // scratch
    CHECK(wr(VNR_CTRL_SCRATCH, 0xdeadbeef) == 0, "scratch write OKAY");
    CHECK(rd(VNR_CTRL_SCRATCH) == 0xdeadbeef, "scratch readback");

    // fields not in use are not checked: the all-zero reset profile commits
    CHECK(wr(VNR_PROFILE_PROF_CTRL, 0) == 0, "zero shadow");
    CHECK(wr(VNR_PROFILE_PROF_CMD, 1u << 8 | 3) == 0, "commit of an all-zero profile OKAY");
    // refused commit: opaque_len 65
    CHECK(wr(VNR_PROFILE_PROF_CTRL, 1u | 17u << 8 | 65u << 16) == 0, "shadow write OKAY");
    CHECK(wr(VNR_PROFILE_PROF_CMD, 1u << 8 | 2) == 2, "commit opaque_len 65 -> SLVERR");
    CHECK((rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_PROF_OPAQUE_LEN, "ERR code PROF_OPAQUE_LEN");
    CHECK(rd(VNR_CTRL_ERR_COUNT) == 1, "ERR_COUNT 1");
    CHECK(prof_word(2, 0) == 0, "profile 2 unchanged after refused commit");

    // valid commit (vxlan preset)
    wr(VNR_PROFILE_PROF_CTRL, 1u | 2u | 17u << 8 | 16u << 16);
    wr(VNR_PROFILE_PROF_FMT, 2u | 4789u << 16);
    wr(VNR_PROFILE_PROF_FMT_MASK, 0xffff);
    wr(VNR_PROFILE_PROF_FLOW, 12u | 3u << 8);
    wr(VNR_PROFILE_PROF_EDIT, 4u | 1u << 8);
    CHECK(wr(VNR_PROFILE_PROF_CMD, 1u << 8 | 2) == 0, "valid commit OKAY");
    CHECK(prof_word(2, 0) == (1u | 2u | 17u << 8 | 16u << 16), "profile 2 committed");
    CHECK(prof_word(2, 1) == (2u | 4789u << 16), "profile 2 fmt committed");
    // flow off 14 + len 3 = 17 > 16 -> PROF_FLOW_OFF
    wr(VNR_PROFILE_PROF_FLOW, 14u | 3u << 8);
    CHECK(wr(VNR_PROFILE_PROF_CMD, 1u << 8 | 1) == 2, "flow off refused");
    CHECK((rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_PROF_FLOW_OFF, "ERR PROF_FLOW_OFF");
    CHECK(wr(VNR_PROFILE_PROF_CMD, 3u << 8 | 1) == 2, "op 3 refused");
    CHECK((rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_PROF_OP, "ERR PROF_OP");
    // load profile 2 back into the shadow
    CHECK(wr(VNR_PROFILE_PROF_CMD, 2u << 8 | 2) == 0, "load OKAY");
    CHECK(rd(VNR_PROFILE_PROF_FLOW) == (12u | 3u << 8), "load restored shadow");
    CHECK(rd(VNR_PROFILE_PROF_CMD) == 0, "write-only reads 0");

    // ERR clears on write
    CHECK(wr(VNR_CTRL_ERR, 0x1234) == 0, "ERR write OKAY");
    CHECK(rd(VNR_CTRL_ERR) == 0, "ERR cleared");
    unsigned ec = rd(VNR_CTRL_ERR_COUNT);

    // VF windows
    CHECK(rd(0x80000 + 4 * 0x1000, &resp) == 5 && resp == 0, "VF_ID of VF 5");
    CHECK(wr(0x80000 + 2 * 0x1000, 1) == 2, "VF write refused");
    CHECK(rd(VNR_CTRL_ERR) == (3u << 8 | VNR_ERR_VF_WRITE), "ERR VF_WRITE vf 3");
    CHECK(rd(VNR_CTRL_VF_REFUSED) == 1, "VF_REFUSED 1");
    CHECK(rd(VNR_CTRL_ERR_COUNT) == ec + 1, "ERR_COUNT counts VF write");
    rd(0x80000 + 8 * 0x1000, &resp);
    CHECK(resp == 2, "VF 9 window (NUM_VF 8) unmapped");
    CHECK(wr(0x80000 + 8 * 0x1000, 1) == 2, "VF 9 write refused");
    CHECK((rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_BAD_ADDR, "ERR BAD_ADDR beyond NUM_VF");
    CHECK(rd(VNR_CTRL_VF_REFUSED) == 1, "VF_REFUSED unchanged for no window");

    // read-only and unmapped
    CHECK(wr(VNR_IDENT_MAGIC, 0) == 2, "RO write refused");
    CHECK((rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_READ_ONLY, "ERR READ_ONLY");
    CHECK(rd(VNR_IDENT_MAGIC) == VNR_ID_MAGIC, "RO unchanged");
    CHECK(rd(0x00500, &resp) == 0 && resp == 2, "unmapped read SLVERR 0");
    CHECK(wr(0x00500, 0) == 2, "unmapped write SLVERR");
    CHECK((rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_BAD_ADDR, "ERR BAD_ADDR");

    // CNT_SEL func above NUM_VF: the CNT_SEL write is refused, CNT_SEL kept
    wr(VNR_COUNTERS_CNT_SEL, 2u << 8);
    CHECK(wr(VNR_COUNTERS_CNT_SEL, 9u << 8) == 2, "CNT_SEL func 9 refused");
    CHECK((rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_CNT_FUNC, "ERR CNT_FUNC");
    CHECK(rd(VNR_COUNTERS_CNT_SEL) == (2u << 8), "CNT_SEL unchanged");
    // CNT_CMD while busy (no bank answers here): CNT_BUSY
    wr(VNR_COUNTERS_CNT_SEL, 1u << 8);
    t->snap_valid_i = 0;
    CHECK(wr(VNR_COUNTERS_CNT_CMD, 1) == 0, "CNT_CMD OKAY");
    CHECK(rd(VNR_COUNTERS_CNT_STATUS) == 1, "busy");
    CHECK(wr(VNR_COUNTERS_CNT_CMD, 1) == 2, "CNT_CMD while busy refused");
    CHECK((rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_CNT_BUSY, "ERR CNT_BUSY");

    delete t;
    return tb_finish("csr_regs");
}
