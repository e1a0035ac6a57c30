// csr_regs (timing.md 2): ident values, AXI-Lite handshake timing, profile
// commit refused on opaque_len 65 (PROF_OPAQUE_LEN, SLVERR, profile
// unchanged), a valid commit, VF window writes refused and counted, VF_ID,
// read-only and unmapped addresses, ERR cleared by a write; CNT_SEL banks
// 0..3 (bank 3, ingress rules, accepted; CNT_FUNC still checked), CNT_IDX
// (range, CNT_IDX), snapshots of bank 3 and bank 1, BST_LEVELS, FIFO_BEATS
// fields; the egress block 0x0500-0x07FF, the ingress block 0x0800-0x0BFF
// and VF_MTU (VF window offset 4) go to the lb bus (fake blocks here) with
// their error / SLVERR answers; 0x0C00 is unmapped.
#include "Vcsr_regs.h"
#include "verilated.h"
#include "../common/tb_check.h"
#include "vnr_regs.h"
#include <cstdint>

static Vcsr_regs *t;
static unsigned cyc;

// fake egress block on the lb bus: combinational answers like the decider's
static unsigned lb_writes;
static uint32_t lb_last_a, lb_last_d;
static void lb_model()
{
    uint32_t a = t->lb_waddr_o, d = t->lb_wdata_o;
    if (a & 0x80000) t->lb_werr_i = (d < 68 || d > 9000) ? VNR_ERR_MTU_RANGE : 0;
    else if (a == VNR_EGRESS_BLK_ID || a == VNR_INGRESS_BLK_ID) t->lb_werr_i = VNR_ERR_READ_ONLY;
    else if (a == VNR_EGRESS_TRAP_CTRL) t->lb_werr_i = 0;
    else if (a == VNR_INGRESS_IRULE_CMD) t->lb_werr_i = d >> 24 == 1 ? 0 : VNR_ERR_CMD_OP;
    else t->lb_werr_i = VNR_ERR_BAD_ADDR;
    uint32_t r = t->lb_raddr_o;
    t->lb_rerr_i = 0;
    if (r == VNR_EGRESS_BLK_ID) t->lb_rdata_i = 0x00060001;
    else if (r == VNR_INGRESS_BLK_ID) t->lb_rdata_i = 0x00070001;
    else if (r == VNR_INGRESS_IRULE_STATUS) t->lb_rdata_i = 0;
    else if (r & 0x80000) t->lb_rdata_i = 1234 + (r >> 12);
    else { t->lb_rdata_i = 0xdead; t->lb_rerr_i = 1; }
    t->eval();
}
static void tick()
{
    lb_model();
    if (t->lb_wr_o) { lb_writes++; lb_last_a = t->lb_waddr_o; lb_last_d = t->lb_wdata_o; }
    t->clk_i = 1; t->eval(); t->clk_i = 0; t->eval(); cyc++;
    lb_model();
}

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
    CHECK(rd(VNR_IDENT_FIFO_BEATS) == ((VNR_FIFO_BYTES / 8) << 16 | (VNR_FIFO_BYTES_EGRESS / 8)),
          "FIFO_BEATS {ingress, egress}");
    CHECK(rd(VNR_IDENT_BST_LEVELS) == 10, "BST_LEVELS = clog2(256) + 2");
    CHECK(rd(VNR_IDENT_HDR_BYTES) == (256u << 16 | 128u), "HDR_BYTES");
    CHECK(rd(VNR_IDENT_BLK_ID) == 0x00010001, "ident BLK_ID");
    CHECK(rd(VNR_IDENT_BLK_NEXT) == 0x100, "ident BLK_NEXT");
    CHECK(rd(VNR_CTRL_BLK_ID) == 0x00020001, "ctrl BLK_ID");
    CHECK(rd(VNR_PORTS_BLK_NEXT) == 0x500, "ports BLK_NEXT = egress block");
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
    CHECK(rd(0x00480, &resp) == 0 && resp == 2, "unmapped read SLVERR 0");
    CHECK(wr(0x00480, 0) == 2, "unmapped write SLVERR");
    CHECK((rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_BAD_ADDR, "ERR BAD_ADDR");
    CHECK(wr(VNR_IDENT_BST_LEVELS, 0) == 2, "BST_LEVELS read-only");
    CHECK(rd(0x00c00, &resp) == 0 && resp == 2, "0xC00 past the ingress block unmapped");
    CHECK(wr(0x00c00, 0) == 2 && (rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_BAD_ADDR,
          "0xC00 write BAD_ADDR");

    // egress block on the lb bus
    unsigned lw = lb_writes;
    CHECK(rd(VNR_EGRESS_BLK_ID, &resp) == 0x00060001 && resp == 0, "egress BLK_ID via lb");
    CHECK(rd(0x007fc, &resp) == 0 && resp == 2, "lb rerr -> SLVERR, data 0");
    CHECK(wr(VNR_EGRESS_TRAP_CTRL, 0x1f) == 0, "lb write accepted OKAY");
    CHECK(lb_writes == lw + 1 && lb_last_a == VNR_EGRESS_TRAP_CTRL && lb_last_d == 0x1f,
          "lb_wr pulse once with address and data");
    CHECK(wr(VNR_EGRESS_BLK_ID, 0) == 2, "lb werr -> SLVERR");
    CHECK(rd(VNR_CTRL_ERR) == VNR_ERR_READ_ONLY, "ERR = lb code, vf 0");
    CHECK(wr(0x007f0, 0) == 2 && rd(VNR_CTRL_ERR) == VNR_ERR_BAD_ADDR, "lb BAD_ADDR");
    // ingress block on the lb bus, to its last word 0x0BFC
    CHECK(rd(VNR_INGRESS_BLK_ID, &resp) == 0x00070001 && resp == 0, "ingress BLK_ID via lb");
    CHECK(rd(VNR_INGRESS_IRULE_STATUS, &resp) == 0 && resp == 0, "IRULE_STATUS via lb");
    CHECK(rd(0x00bfc, &resp) == 0 && resp == 2, "0x0BFC via lb: rerr -> SLVERR");
    lw = lb_writes;
    CHECK(wr(VNR_INGRESS_IRULE_CMD, 1u << 24 | 5) == 0, "IRULE_CMD via lb OKAY");
    CHECK(lb_writes == lw + 1 && lb_last_a == VNR_INGRESS_IRULE_CMD && lb_last_d == (1u << 24 | 5),
          "ingress lb_wr pulse with address and data");
    CHECK(wr(VNR_INGRESS_IRULE_CMD, 3u << 24) == 2 && rd(VNR_CTRL_ERR) == VNR_ERR_CMD_OP,
          "ingress lb error code in ERR");
    CHECK(wr(VNR_INGRESS_BLK_ID, 0) == 2 && rd(VNR_CTRL_ERR) == VNR_ERR_READ_ONLY,
          "ingress BLK_ID read-only via lb");
    lw = lb_writes;
    CHECK(wr(0x00bfc, 0) == 2 && rd(VNR_CTRL_ERR) == VNR_ERR_BAD_ADDR && lb_writes == lw + 1,
          "0x0BFC write goes to lb");
    // VF_MTU in VF 3's window
    unsigned vr = rd(VNR_CTRL_VF_REFUSED);
    CHECK(wr(0x80000 + 2 * 0x1000 + VNR_VF_VF_MTU, 9500) == 2, "VF_MTU out of range refused");
    CHECK(rd(VNR_CTRL_ERR) == (3u << 8 | VNR_ERR_MTU_RANGE), "ERR MTU_RANGE vf 3");
    CHECK(rd(VNR_CTRL_VF_REFUSED) == vr + 1, "refused VF_MTU counts in VF_REFUSED");
    lw = lb_writes;
    CHECK(wr(0x80000 + 2 * 0x1000 + VNR_VF_VF_MTU, 1400) == 0, "VF_MTU OKAY");
    CHECK(lb_writes == lw + 1 && lb_last_a == 0x82004 && lb_last_d == 1400, "VF_MTU on lb");
    CHECK(rd(0x82004, &resp) == 1234 + 0x82 && resp == 0, "VF_MTU read via lb");
    CHECK(wr(0x80000 + 2 * 0x1000 + 8, 1) == 2 && rd(VNR_CTRL_ERR) == (3u << 8 | VNR_ERR_VF_WRITE),
          "other VF window offsets still VF_WRITE");
    lw = lb_writes;
    CHECK(wr(0x80000 + 8 * 0x1000 + VNR_VF_VF_MTU, 1400) == 2 &&
          (rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_BAD_ADDR && lb_writes == lw,
          "VF_MTU of VF 9 (NUM_VF 8): BAD_ADDR, not on lb");
    rd(0x80000 + 8 * 0x1000 + VNR_VF_VF_MTU, &resp);
    CHECK(resp == 2, "VF 9 VF_MTU read unmapped");

    // CNT_SEL func above NUM_VF: the CNT_SEL write is refused, CNT_SEL kept
    wr(VNR_COUNTERS_CNT_SEL, 2u << 8);
    CHECK(wr(VNR_COUNTERS_CNT_SEL, 9u << 8) == 2, "CNT_SEL func 9 refused");
    CHECK((rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_CNT_FUNC, "ERR CNT_FUNC");
    CHECK(rd(VNR_COUNTERS_CNT_SEL) == (2u << 8), "CNT_SEL unchanged");
    // CNT_SEL bank 3 (ingress rules) is accepted; func still checked
    CHECK(wr(VNR_COUNTERS_CNT_SEL, 3u | 9u << 8) == 2 &&
          (rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_CNT_FUNC, "bank 3: CNT_FUNC");
    CHECK(rd(VNR_COUNTERS_CNT_SEL) == (2u << 8), "CNT_SEL unchanged");
    wr(VNR_CTRL_ERR, 0);
    CHECK(wr(VNR_COUNTERS_CNT_SEL, 3u | 1u << 8) == 0 && rd(VNR_COUNTERS_CNT_SEL) == (3u | 1u << 8),
          "CNT_SEL bank 3 accepted");
    CHECK(rd(VNR_CTRL_ERR) == 0, "no error for bank 3");
    CHECK(wr(VNR_COUNTERS_CNT_SEL, 2u | 1u << 8) == 0 && rd(VNR_COUNTERS_CNT_SEL) == (2u | 1u << 8),
          "CNT_SEL bank 2");
    // CNT_IDX: 0..RULES-1
    CHECK(wr(VNR_COUNTERS_CNT_IDX, 255) == 0 && rd(VNR_COUNTERS_CNT_IDX) == 255, "CNT_IDX 255");
    CHECK(t->cnt_idx_o == 255, "cnt_idx_o");
    CHECK(wr(VNR_COUNTERS_CNT_IDX, 256) == 2, "CNT_IDX 256 refused");
    CHECK((rd(VNR_CTRL_ERR) & 0xff) == VNR_ERR_CNT_IDX, "ERR CNT_IDX");
    CHECK(rd(VNR_COUNTERS_CNT_IDX) == 255, "CNT_IDX unchanged");
    // snapshot of bank 3 (CNT_IDX 255): cnt_cmd_o[3] in the perform cycle,
    // busy until bank 3 answers, its value (not another bank's) latched
    {
        wr(VNR_COUNTERS_CNT_SEL, 3u);
        for (int b = 0; b < 4; b++) {
            t->snap_pkts_i[2 * b] = 100 + b; t->snap_pkts_i[2 * b + 1] = b;
            t->snap_bytes_i[2 * b] = 1000 + b; t->snap_bytes_i[2 * b + 1] = 0;
        }
        t->snap_valid_i = 0;
        t->awaddr_i = VNR_COUNTERS_CNT_CMD; t->awvalid_i = 1; t->wdata_i = 1; t->wvalid_i = 1;
        t->eval(); tick();                      // handshake
        t->awvalid_i = 0; t->wvalid_i = 0; t->eval();
        CHECK(t->cnt_cmd_o == 8 && t->cnt_idx_o == 255, "cnt_cmd_o[3] pulses in the perform cycle (%x)",
              t->cnt_cmd_o);
        tick();
        t->eval();
        CHECK(t->cnt_cmd_o == 0, "cnt_cmd_o one cycle");
        tick();
        t->snap_valid_i = 0x7; tick(); tick();  // other banks answering: ignored
        t->snap_valid_i = 0;
        CHECK(rd(VNR_COUNTERS_CNT_STATUS) == 1, "bank 3 snapshot busy");
        t->snap_valid_i = 0x8; tick(); t->snap_valid_i = 0;
        CHECK(rd(VNR_COUNTERS_CNT_STATUS) == 0, "bank 3 answered");
        CHECK(rd(VNR_COUNTERS_CNT_PKTS_LO) == 103 && rd(VNR_COUNTERS_CNT_PKTS_HI) == 3 &&
              rd(VNR_COUNTERS_CNT_BYTES_LO) == 1003, "bank 3 value latched");
    }
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
