// egress_decider (docs/egress.md 1-4, timing.md 2/3.2): programs VF entries,
// profiles, rules and a lookup tree (built here from the rules by the
// algorithm of egress.md section 2) through the lb bus, sends hand-built
// frames and checks every row of the order of checks, the exact decision
// cycle, the edited output frame (checksums recomputed independently over
// prefix[0..P) ++ f'[S..len)), TTL update, MAC replace, the ID counter,
// flips and settling, MTU_RANGE and VF_MTU; TSO (docs/tso.md sections 1-3):
// rows 16a-16e, MSS clamp, row 20a and the descriptor against a reference
// written here from the doc (tso_ref / tso_expect).
#include "Vegress_decider.h"
#include "verilated.h"
#include "../common/tb_check.h"
#include "vnr_regs.h"
#include <cstdint>
#include <cstring>
#include <vector>
#include <array>
#include <algorithm>
#include <deque>
#include <functional>
#include <utility>

static const int NUM_VF = 8, RULES = 16;
static const int LV = 6;                      // clog2(16) + 2
static const int CLS_LAT_EG = 8 + 2 * LV;
typedef std::vector<uint8_t> Bytes;

static Vegress_decider *t;
static unsigned long cyc;
static uint32_t prof_words[20];

struct Exp { unsigned long cycle; int dest, reason, cnt, hit, rule, ofunc; Bytes frame; uint32_t meta0;
             int check_edit; const char *name; };

// decisions that came out: the test pops them
struct Out { unsigned long cycle; int dest, reason, cnt, hit, rule, p, s; uint32_t meta[4], tso[4];
             uint8_t prefix[128], win[128]; };
static std::deque<Out> outs;

static void tick()
{
    t->clk_i = 1; t->eval(); t->clk_i = 0; t->eval(); cyc++;
    if (t->dec_valid_o) {
        Out o; o.cycle = cyc; o.dest = t->dec_dest_o; o.reason = t->dec_reason_o;
        o.cnt = t->dec_cnt_func_o; o.hit = t->dec_rule_hit_o; o.rule = t->dec_rule_o;
        o.p = t->dec_p_o; o.s = t->dec_s_o;
        for (int k = 0; k < 4; k++) o.meta[k] = t->dec_meta_o[k];
        for (int k = 0; k < 4; k++) o.tso[k] = t->dec_tso_o[k];
        for (int i = 0; i < 128; i++) {
            o.prefix[i] = (t->dec_prefix_o[i / 4] >> (8 * (i % 4))) & 0xff;
            o.win[i] = (t->dec_win_o[i / 4] >> (8 * (i % 4))) & 0xff;
        }
        outs.push_back(o);
    }
}

// ---------------------------------------------------------------- lb bus
static unsigned lbw(uint32_t a, uint32_t d)
{
    t->lb_wr_i = 1; t->lb_waddr_i = a; t->lb_wdata_i = d; t->eval();
    unsigned e = t->lb_werr_o;
    tick();
    t->lb_wr_i = 0; t->eval();
    tick();                                   // AXI spacing: one perform every 2 cycles
    return e;
}
static uint32_t lbr(uint32_t a, unsigned *err = nullptr)
{
    t->lb_rd_i = 1; t->lb_raddr_i = a; t->eval();
    uint32_t v = t->lb_rdata_o;
    if (err) *err = t->lb_rerr_o;
    t->lb_rd_i = 0; t->eval();
    return v;
}
static void settle() { for (int i = 0; i < CLS_LAT_EG + 2; i++) tick(); }

// ---------------------------------------------------------------- checksums (independent)
static uint32_t sum_bytes(const uint8_t *p, size_t n, uint32_t s = 0)
{
    for (size_t i = 0; i < n; i += 2) s += (p[i] << 8) | (i + 1 < n ? p[i + 1] : 0);
    while (s >> 16) s = (s & 0xffff) + (s >> 16);
    return s;
}
static uint16_t fold16(uint32_t s) { while (s >> 16) s = (s & 0xffff) + (s >> 16); return s; }
static uint16_t csum_of(uint32_t s) { s = fold16(s); if (s == 0) s = 0xffff; return (uint16_t)~s; }

// ---------------------------------------------------------------- frames
struct Mac { uint8_t b[6]; };
static Mac mac(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint8_t e, uint8_t f) { return Mac{{a, b, c, d, e, f}}; }
static uint64_t mac48(Mac m) { uint64_t v = 0; for (int i = 0; i < 6; i++) v = (v << 8) | m.b[i]; return v; }
static void put16(Bytes &f, size_t o, unsigned v) { f[o] = v >> 8; f[o + 1] = v & 0xff; }
static void put32(Bytes &f, size_t o, uint32_t v) { for (int i = 0; i < 4; i++) f[o + i] = v >> (24 - 8 * i); }

static Bytes eth(Mac d, Mac s, int vid, unsigned et)
{
    Bytes f;
    for (int i = 0; i < 6; i++) f.push_back(d.b[i]);
    for (int i = 0; i < 6; i++) f.push_back(s.b[i]);
    if (vid >= 0) { f.push_back(0x81); f.push_back(0); f.push_back(vid >> 8); f.push_back(vid & 0xff); }
    f.push_back(et >> 8); f.push_back(et & 0xff);
    return f;
}
static Bytes ip4(Mac d, Mac s, int vid, uint32_t src, uint32_t dst, int proto, size_t pay,
                 unsigned dport = 1234, unsigned frag = 0x4000, int ttl = 64)
{
    Bytes f = eth(d, s, vid, 0x0800);
    size_t o = f.size();
    f.resize(o + 20 + pay);
    f[o] = 0x45; put16(f, o + 2, 20 + pay); put16(f, o + 4, 0x1234); put16(f, o + 6, frag);
    f[o + 8] = ttl; f[o + 9] = proto; put32(f, o + 12, src); put32(f, o + 16, dst);
    put16(f, o + 10, csum_of(sum_bytes(&f[o], 20)));
    for (size_t i = 0; i < pay; i++) f[o + 20 + i] = (uint8_t)(i * 7 + 3);
    if (pay >= 8) { put16(f, o + 20, 5555); put16(f, o + 22, dport); }
    return f;
}
static Bytes ip6(Mac d, Mac s, int vid, const uint8_t src[16], const uint8_t dst[16], int hop, size_t pay)
{
    Bytes f = eth(d, s, vid, 0x86dd);
    size_t o = f.size();
    f.resize(o + 40 + pay);
    f[o] = 0x60; put16(f, o + 4, pay); f[o + 6] = 17; f[o + 7] = hop;
    memcpy(&f[o + 8], src, 16); memcpy(&f[o + 24], dst, 16);
    for (size_t i = 0; i < pay; i++) f[o + 40 + i] = (uint8_t)(i * 13 + 1);
    return f;
}

// ---------------------------------------------------------------- driving frames
struct Meta { int func = 0, inject = 0, tso = 0, ivf = 0, mss = 0; };

static void drive(const Bytes &f, Meta m, int too_big = 0, int debug = 0)
{
    for (int k = 0; k < 32; k++) t->win_i[k] = 0;
    for (size_t i = 0; i < f.size() && i < 128; i++) t->win_i[i / 4] |= (uint32_t)f[i] << (8 * (i % 4));
    t->len_i = f.size();
    t->too_big_i = too_big;
    uint32_t s = 0;
    for (size_t i = 0; i < f.size(); i += 2) {
        s += (f[i] << 8) | (i + 1 < f.size() ? f[i + 1] : 0);
        s = (s & 0xffff) + (s >> 16);
    }
    t->sum_i = s;
    for (int k = 0; k < 4; k++) t->user_i[k] = 0;
    t->user_i[0] = m.func | (m.inject << 8) | (m.tso << 10) | ((uint32_t)m.mss << 16);
    t->user_i[1] = m.ivf;
    t->debug_i = debug;
    for (int k = 0; k < 20; k++) t->prof_i[k] = prof_words[k];
    t->dp_valid_i = 1;
    t->eval();
}
static void undrive() { t->dp_valid_i = 0; t->eval(); }

// send one frame in cycle c and return its decision; checks the cycle
static Out send(const Bytes &f, Meta m, int too_big = 0, int debug = 0)
{
    outs.clear();
    drive(f, m, too_big, debug);
    unsigned long c = cyc;
    tick();
    undrive();
    while (cyc < c + CLS_LAT_EG + 2) tick();
    CHECK(outs.size() == 1, "one decision per frame (got %zu)", outs.size());
    Out o{};
    if (!outs.empty()) {
        o = outs.front();
        // dec_valid_o in cycle d + CLS_LAT_EG - 1 with c = d + 1
        CHECK(o.cycle == c + CLS_LAT_EG - 2, "decision cycle %lu, expected %lu", o.cycle - c, (unsigned long)CLS_LAT_EG - 2);
        if (!m.tso) CHECK(!o.tso[0] && !o.tso[1] && !o.tso[2] && !o.tso[3], "no TSO descriptor without tso");
    }
    return o;
}

static void expect(const char *name, const Out &o, int dest, int reason, int cnt, int hit = 0, int rule = 0)
{
    CHECK(o.dest == dest && o.reason == reason && o.cnt == cnt, "%s: dest %d reason %d cnt %d, expected %d %d %d",
          name, o.dest, o.reason, o.cnt, dest, reason, cnt);
    CHECK(o.hit == hit && (!hit || o.rule == rule), "%s: rule_hit %d rule %d, expected %d %d", name, o.hit, o.rule, hit, rule);
    CHECK(((o.meta[0] >> 8) & 0xff) == (uint32_t)reason, "%s: meta reason", name);
    CHECK(((o.meta[1] >> 7) & 1) == (uint32_t)hit, "%s: meta rule_hit", name);
    if (dest != 1 || !hit) CHECK(o.p == 0 && o.s == 0, "%s: P=S=0 unless edited (P %d S %d)", name, o.p, o.s);
    if (dest != 1) CHECK(!o.tso[0] && !o.tso[1] && !o.tso[2] && !o.tso[3], "%s: no descriptor unless to the wire", name);
}

// ---------------------------------------------------------------- tables
struct Vf { int check_mac, check_ip, check_vlan; Mac m; uint32_t ip4[4]; uint8_t ip6[2][16]; int vlan[4]; };

static void vf_program(int n, const Vf &v)
{
    uint32_t w[17] = {0};
    w[0] = v.check_mac | (v.check_ip << 1) | (v.check_vlan << 2);
    uint64_t m = mac48(v.m);
    w[1] = m >> 32; w[2] = (uint32_t)m;
    for (int k = 0; k < 4; k++) w[3 + k] = v.ip4[k];
    for (int a = 0; a < 2; a++)
        for (int k = 0; k < 4; k++)
            w[7 + 4 * a + k] = (v.ip6[a][4 * k] << 24) | (v.ip6[a][4 * k + 1] << 16) | (v.ip6[a][4 * k + 2] << 8) | v.ip6[a][4 * k + 3];
    for (int k = 0; k < 4; k++)
        if (v.vlan[k] >= 0) w[15 + k / 2] |= (uint32_t)(v.vlan[k] | 0x1000) << (16 * (k % 2));
    for (int k = 0; k < 17; k++) CHECK(lbw(VNR_EGRESS_VF_SH + 4 * k, w[k]) == 0, "VF_SH write");
    CHECK(lbw(VNR_EGRESS_VF_CMD, n | (1 << 8)) == 0, "VF_CMD commit");
}

struct Rule {
    int id, func; Mac dmac; int fam; uint8_t addr[16]; int plen;     // fam 0 = MAC only
    int action, profile, encap, ov, ssm, sdm, ttl, L; Mac smac_new, dmac_new; Bytes tmpl;
};
static std::vector<Rule> rules;

typedef std::array<uint32_t, 6> Key;   // word 0 = bits [31:0]
static Key mkkey(int func, Mac d, int fam, const uint8_t addr[16])
{
    Key k{};
    for (int w = 0; w < 4; w++)
        k[3 - w] = (addr[4 * w] << 24) | (addr[4 * w + 1] << 16) | (addr[4 * w + 2] << 8) | addr[4 * w + 3];
    uint64_t m = mac48(d);
    // bits 128..129 fam, 130..177 mac, 178..185 func
    unsigned __int128 hi = ((unsigned __int128)func << 50) | ((unsigned __int128)m << 2) | (unsigned)fam;
    k[4] = (uint32_t)hi; k[5] = (uint32_t)(hi >> 32);
    return k;
}
static bool key_lt(const Key &a, const Key &b)
{
    for (int w = 5; w >= 0; w--) if (a[w] != b[w]) return a[w] < b[w];
    return false;
}
static Key key_inc(Key k, bool *ovf)
{
    for (int w = 0; w < 6; w++) { if (++k[w] != 0) { *ovf = false; return k; } }
    *ovf = true; return k;
}
static const Key KMAX = {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x03ffffffu};

static void rule_range(const Rule &r, Key *lo, Key *hi)
{
    uint8_t a0[16] = {0}, a1[16];
    memset(a1, 0xff, 16);
    if (r.fam == 0) { *lo = mkkey(r.func, r.dmac, 0, a0); *hi = mkkey(r.func, r.dmac, 3, a1); return; }
    uint8_t base[16] = {0};
    if (r.fam == 1) memcpy(base, r.addr, 4); else memcpy(base, r.addr, 16);
    uint8_t l[16], h[16];
    for (int bit = 0; bit < 128; bit++) {
        int byte = bit / 8, sh = 7 - bit % 8;
        int v = (base[byte] >> sh) & 1;
        int lv = bit < r.plen ? v : 0, hv = bit < r.plen ? v : 1;
        if (sh == 7) { l[byte] = 0; h[byte] = 0; }
        l[byte] |= lv << sh; h[byte] |= hv << sh;
    }
    *lo = mkkey(r.func, r.dmac, r.fam, l); *hi = mkkey(r.func, r.dmac, r.fam, h);
}

// build the tree of egress.md section 2 and write it into bank b
static void tree_write(int bank)
{
    std::vector<Key> b;
    std::vector<std::pair<Key, Key>> rg;
    for (auto &r : rules) {
        Key lo, hi; rule_range(r, &lo, &hi); rg.push_back({lo, hi});
        b.push_back(lo);
        bool ovf; Key n = key_inc(hi, &ovf);
        if (!ovf && !key_lt(KMAX, n)) b.push_back(n);
    }
    std::sort(b.begin(), b.end(), key_lt);
    b.erase(std::unique(b.begin(), b.end()), b.end());
    int nb = 1 << LV;
    CHECK((int)b.size() <= nb - 1, "tree fits");
    for (int l = 0; l < LV; l++) {
        for (int i = 0; i < (1 << l); i++) {
            int num = (2 * i + 1) << (LV - 1 - l);     // 1-based boundary number
            Key k = num <= (int)b.size() ? b[num - 1] : Key{~0u, ~0u, ~0u, ~0u, ~0u, 0x3ffffff};
            CHECK(lbw(VNR_EGRESS_BST_SEL, (bank << 31) | (l << 24) | i) == 0, "BST_SEL");
            for (int w = 0; w < 6; w++) CHECK(lbw(VNR_EGRESS_BST_KEY + 4 * w, k[w]) == 0, "BST_KEY");
            CHECK(lbw(VNR_EGRESS_BST_CMD, 1) == 0, "BST_CMD write node");
        }
    }
    for (int i = 0; i < nb; i++) {
        // leaf i: the interval after the i-th smallest key
        int best = -1, brank = -2;
        if (i > 0 && i <= (int)b.size()) {
            const Key &p = b[i - 1];
            for (size_t r = 0; r < rules.size(); r++) {
                if (key_lt(p, rg[r].first) || key_lt(rg[r].second, p)) continue;
                int rank = rules[r].fam == 0 ? -1 : rules[r].plen;
                if (rank > brank) { brank = rank; best = (int)r; }
            }
        }
        uint32_t leaf = best < 0 ? 0 : (0x80000000u | rules[best].id);
        CHECK(lbw(VNR_EGRESS_BST_SEL, (bank << 31) | (1u << 30) | i) == 0, "BST_SEL leaf");
        CHECK(lbw(VNR_EGRESS_BST_KEY, leaf) == 0, "BST_KEY leaf");
        CHECK(lbw(VNR_EGRESS_BST_CMD, 1) == 0, "BST_CMD write leaf");
    }
}

static void rule_sh(const Rule &r, uint32_t w[37])
{
    memset(w, 0, 37 * 4);
    w[0] = r.action | (r.profile << 2) | (r.encap << 4) | (r.ov << 5) | (r.ssm << 6) | (r.sdm << 7) |
           (r.ttl << 8) | (r.L << 16);
    uint64_t s = mac48(r.smac_new), d = mac48(r.dmac_new);
    w[1] = s >> 32; w[2] = (uint32_t)s; w[3] = d >> 32; w[4] = (uint32_t)d;
    for (size_t j = 0; j < r.tmpl.size() && j < 128; j++) w[5 + j / 4] |= (uint32_t)r.tmpl[j] << (24 - 8 * (j % 4));
}
static void rules_write(int bank)
{
    CHECK(lbw(VNR_EGRESS_BST_SEL, bank << 31) == 0, "BST_SEL bank");
    for (auto &r : rules) {
        uint32_t w[37]; rule_sh(r, w);
        for (int k = 0; k < 37; k++) lbw(VNR_EGRESS_RULE_SH + 4 * k, w[k]);
        CHECK(lbw(VNR_EGRESS_RULE_CMD, r.id | (1 << 24)) == 0, "RULE_CMD commit rule %d", r.id);
    }
}
// the driver's sequence: inactive bank, flip, settle, other bank
static void install()
{
    int act = lbr(VNR_EGRESS_BST_STATUS) & 1;
    tree_write(!act); rules_write(!act);
    CHECK(lbw(VNR_EGRESS_BST_CMD, 2) == 0, "flip");
    settle();
    tree_write(act); rules_write(act);
}

static Bytes tmpl(Mac od, Mac os, int vlan, int proto, uint32_t src, uint32_t dst, const Bytes &opq)
{
    Bytes f = eth(od, os, vlan, 0x0800);
    size_t o = f.size();
    f.resize(o + 20);
    f[o] = 0x45; f[o + 1] = 0; put16(f, o + 6, 0x4000); f[o + 8] = 64; f[o + 9] = proto;
    put32(f, o + 12, src); put32(f, o + 16, dst);
    f.insert(f.end(), opq.begin(), opq.end());
    return f;
}

// profiles: {inner_eth, opaque_len, len_en/off, csum_en/off, proto}
static void set_profile(int p, int inner_eth, int proto, int olen, int len_en, int len_off, int csum_en, int csum_off)
{
    prof_words[p * 5 + 0] = 1 | (inner_eth << 1) | (proto << 8) | (olen << 16);
    prof_words[p * 5 + 4] = len_off | (len_en << 8) | (csum_off << 16) | (csum_en << 24);
}

// ---------------------------------------------------------------- edited frame checks
static int ip_id_expect = 0;

static Bytes edited(const Out &o, const Bytes &f)
{
    Bytes fp = f;
    for (size_t i = 0; i < 128 && i < f.size(); i++) fp[i] = o.win[i];
    for (size_t i = f.size(); i < 128; i++) CHECK(o.win[i] == 0, "h' zero past the end");
    Bytes out(o.prefix, o.prefix + o.p);
    out.insert(out.end(), fp.begin() + o.s, fp.end());
    return out;
}

// check an encapsulated output independently
static void check_encap(const char *name, const Out &o, const Bytes &f, const Rule &r, int inner_eth,
                        int len_en, int len_off, int csum_en, int csum_off)
{
    int E = r.ov ? 18 : 14, L = r.L, l3 = (f[12] == 0x81 && f[13] == 0) ? 18 : 14;
    int S = inner_eth ? 0 : l3;
    CHECK(o.p == E + 20 + L && o.s == S, "%s: P %d S %d, expected %d %d", name, o.p, o.s, E + 20 + L, S);
    Bytes O = edited(o, f);
    size_t n = f.size() - S, Lout = O.size();
    for (int j = 0; j < E; j++) CHECK(O[j] == r.tmpl[j], "%s: outer eth byte %d", name, j);
    CHECK(((O[E + 2] << 8) | O[E + 3]) == (int)(20 + L + n), "%s: outer total length", name);
    CHECK(((O[E + 4] << 8) | O[E + 5]) == (ip_id_expect & 0xffff), "%s: outer ID %d expected %d", name,
          (O[E + 4] << 8) | O[E + 5], ip_id_expect);
    ip_id_expect++;
    Bytes h(O.begin() + E, O.begin() + E + 20);
    unsigned got_ipc = (h[10] << 8) | h[11];
    h[10] = h[11] = 0;
    CHECK(got_ipc == csum_of(sum_bytes(h.data(), 20)), "%s: outer IPv4 checksum %04x expected %04x", name,
          got_ipc, csum_of(sum_bytes(h.data(), 20)));
    for (int j : {0, 1, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19})
        CHECK(O[E + j] == r.tmpl[E + j], "%s: outer IPv4 byte %d as written", name, j);
    size_t ob = E + 20;
    if (len_en)
        CHECK(((O[ob + len_off] << 8) | O[ob + len_off + 1]) == (int)(L - len_off + 4 + n),
              "%s: length field %d", name, (O[ob + len_off] << 8) | O[ob + len_off + 1]);
    bool udp = r.tmpl[E + 9] == 17 && L >= 8 && ((r.tmpl[ob + 6] << 8) | r.tmpl[ob + 7]) != 0;
    if (csum_en) {
        // RFC 1071 over opaque + inner as sent with the field 0 (and, by
        // interpretation, the UDP checksum field as the template has it)
        Bytes c(O.begin() + ob, O.end());
        c[csum_off] = c[csum_off + 1] = 0;
        if (udp) { c[6] = r.tmpl[ob + 6]; c[7] = r.tmpl[ob + 7]; }
        unsigned exp = csum_of(sum_bytes(c.data(), c.size()));
        CHECK(((O[ob + csum_off] << 8) | O[ob + csum_off + 1]) == (int)exp, "%s: csum_en field %04x expected %04x",
              name, (O[ob + csum_off] << 8) | O[ob + csum_off + 1], exp);
    }
    if (udp) {
        Bytes u(O.begin() + ob, O.end());
        unsigned got = (u[6] << 8) | u[7];
        u[6] = u[7] = 0;
        uint32_t s = sum_bytes(&O[E + 12], 8);
        s += 17 + ((u[4] << 8) | u[5]);
        s = sum_bytes(u.data(), u.size(), s);
        unsigned exp = csum_of(s);
        if (exp == 0) exp = 0xffff;
        CHECK(got == exp, "%s: UDP checksum %04x expected %04x", name, got, exp);
        // and the classical receiver check: everything sums to 0xffff
        uint32_t v = sum_bytes(&O[E + 12], 8) + 17 + ((u[4] << 8) | u[5]);
        Bytes u2(O.begin() + ob, O.end());
        CHECK(fold16(sum_bytes(u2.data(), u2.size(), v)) == 0xffff, "%s: UDP verifies", name);
    } else if (L >= 8 && r.tmpl[E + 9] == 17) {
        CHECK(O[ob + 6] == 0 && O[ob + 7] == 0, "%s: zero UDP checksum stays zero", name);
    }
    (void)Lout;
}

// ---------------------------------------------------------------- TSO reference (docs/tso.md)
// profile fields as the tb drives them (prof_words, csr_regs packing)
struct Prof { int en, ie, proto, olen, fmt_off, fmt_val, fmt_mask, len_en, len_off, csum_en, csum_off; };
static Prof prof(int p)
{
    const uint32_t *w = &prof_words[5 * p];
    return Prof{(int)(w[0] & 1), (int)((w[0] >> 1) & 1), (int)((w[0] >> 8) & 0xff), (int)((w[0] >> 16) & 0x7f),
                (int)(w[1] & 0xff), (int)(w[1] >> 16), (int)(w[2] & 0xffff),
                (int)((w[4] >> 8) & 1), (int)(w[4] & 0xff), (int)((w[4] >> 24) & 1), (int)((w[4] >> 16) & 0xff)};
}
static void set_fmt(int p, int off, int val, int mask) { prof_words[5 * p + 1] = off | (val << 16); prof_words[5 * p + 2] = mask; }

// the 128-byte header window: bytes past the frame (or the window) read 0
static int hwb(const Bytes &f, size_t i) { return i < 128 && i < f.size() ? f[i] : 0; }
static int hw16(const Bytes &f, size_t i) { return (hwb(f, i) << 8) | hwb(f, i + 1); }
static int l3_of(const Bytes &f) { return hw16(f, 12) == 0x8100 ? 18 : 14; }

// recognition, docs/architecture.md "Recognition" (egress: len known)
static int recognise(const Bytes &f)
{
    int l3 = l3_of(f), len = (int)f.size();
    if (hw16(f, l3 - 2) != 0x0800) return -1;
    int v = hwb(f, l3), ihl = v & 15;
    if ((v >> 4) != 4 || ihl < 5 || (hw16(f, l3 + 6) & 0x3fff) || l3 + 4 * ihl > len) return -1;
    int o = l3 + 4 * ihl;
    for (int p = 0; p < 4; p++) {
        Prof pr = prof(p);
        if (!pr.en || pr.proto != hwb(f, l3 + 9) || hw16(f, l3 + 2) < 4 * ihl + pr.olen || o + pr.olen > len) continue;
        if (((hw16(f, o + pr.fmt_off) ^ pr.fmt_val) & pr.fmt_mask) != 0) continue;
        return p;
    }
    return -1;
}

// rows 16a-16e for a frame with tso = 1 (section 2); reason -1: passed
struct TRef { int reason, tun, prof, l3, o, L, l3i, tcp, hin, v6, m, clamped; };
static TRef tso_ref(const Bytes &f, int func, int mss, int mtu)
{
    TRef r{}; r.reason = -1; r.prof = -1;
    int len = (int)f.size(), fam;
    r.l3 = l3_of(f);
    if (mss == 0) { r.reason = VNR_REASON_TSO_MSS; return r; }
    r.prof = func == 0 ? recognise(f) : -1;
    r.tun = r.prof >= 0;
    if (r.tun) {
        Prof p = prof(r.prof);
        r.o = r.l3 + 4 * (hwb(f, r.l3) & 15); r.L = p.olen;
        int x = r.o + r.L;
        if (p.ie) {
            if (x + 13 >= 128) { r.reason = VNR_REASON_TSO_HDR; return r; }
            int et = hw16(f, x + 12);
            r.l3i = x + 14;
            if (et == 0x8100) {
                if (x + 17 >= 128) { r.reason = VNR_REASON_TSO_HDR; return r; }
                et = hw16(f, x + 16); r.l3i = x + 18;
            }
            fam = et == 0x0800 ? 4 : et == 0x86dd ? 6 : 0;
        } else {
            r.l3i = x;
            if (x >= 128) { r.reason = VNR_REASON_TSO_HDR; return r; }
            fam = (hwb(f, x) >> 4) == 4 ? 4 : (hwb(f, x) >> 4) == 6 ? 6 : 0;
        }
    } else {
        r.l3i = r.l3;
        int et = hw16(f, r.l3 - 2);
        fam = et == 0x0800 ? 4 : et == 0x86dd ? 6 : 0;
    }
    int a = r.l3i;
    if (fam == 0) { r.reason = VNR_REASON_TSO_NOT_TCP; return r; }
    if (fam == 4) {
        if (a + 20 > 128) { r.reason = VNR_REASON_TSO_HDR; return r; }
        int ihl = hwb(f, a) & 15;
        if ((hwb(f, a) >> 4) != 4 || ihl < 5 || hwb(f, a + 9) != 6 || (hw16(f, a + 6) & 0x3fff)) {
            r.reason = VNR_REASON_TSO_NOT_TCP; return r;
        }
        r.tcp = a + 4 * ihl;
    } else {
        if (a + 40 > 128) { r.reason = VNR_REASON_TSO_HDR; return r; }
        if ((hwb(f, a) >> 4) != 6 || hwb(f, a + 6) != 6) { r.reason = VNR_REASON_TSO_NOT_TCP; return r; }
        r.tcp = a + 40; r.v6 = 1;
    }
    if (r.tcp + 13 > 128) { r.reason = VNR_REASON_TSO_HDR; return r; }
    int doff = hwb(f, r.tcp + 12) >> 4;
    r.hin = r.tcp + 4 * doff;
    bool bad = doff < 5 || r.hin > len;
    if (fam == 4 && hw16(f, a + 2) != len - a) bad = true;
    if (fam == 6 && hw16(f, a + 4) != len - a - 40) bad = true;
    if (r.tun) {
        Prof p = prof(r.prof);
        if (hw16(f, r.l3 + 2) != len - r.l3) bad = true;
        if (p.proto == 17 && r.L >= 8 && hw16(f, r.o + 4) != len - r.o) bad = true;
    }
    if (bad) { r.reason = VNR_REASON_TSO_BAD_LEN; return r; }
    int mss_max = std::min(mtu - (r.hin - r.l3), (int)VNR_TSO_MSS_MAX);
    if (mss_max < 1) { r.reason = VNR_REASON_TSO_MSS; return r; }
    r.m = std::min(mss, mss_max); r.clamped = mss > mss_max;
    return r;
}

struct TDesc { int en, v6, ip_o_en, udp_en, lenf_en, csumf_en, mss, hlen, ip_o, udp, lenf, csumf, csum_start, ip_i, tcp; };
static void put_bits(uint32_t w[4], unsigned lsb, unsigned width, uint32_t v)
{
    for (unsigned b = 0; b < width; b++)
        if ((v >> b) & 1) w[(lsb + b) / 32] |= 1u << ((lsb + b) % 32);
}
static void desc_pack(const TDesc &d, uint32_t w[4])
{
    w[0] = w[1] = w[2] = w[3] = 0;
    put_bits(w, VNR_META_TSODESC_EN_LSB, 1, d.en); put_bits(w, VNR_META_TSODESC_V6_LSB, 1, d.v6);
    put_bits(w, VNR_META_TSODESC_IP_O_EN_LSB, 1, d.ip_o_en); put_bits(w, VNR_META_TSODESC_UDP_EN_LSB, 1, d.udp_en);
    put_bits(w, VNR_META_TSODESC_LENF_EN_LSB, 1, d.lenf_en); put_bits(w, VNR_META_TSODESC_CSUMF_EN_LSB, 1, d.csumf_en);
    put_bits(w, VNR_META_TSODESC_MSS_LSB, 16, d.mss); put_bits(w, VNR_META_TSODESC_HLEN_LSB, 9, d.hlen);
    put_bits(w, VNR_META_TSODESC_IP_O_LSB, 8, d.ip_o); put_bits(w, VNR_META_TSODESC_UDP_LSB, 8, d.udp);
    put_bits(w, VNR_META_TSODESC_LENF_LSB, 8, d.lenf); put_bits(w, VNR_META_TSODESC_CSUMF_LSB, 8, d.csumf);
    put_bits(w, VNR_META_TSODESC_CSUM_START_LSB, 8, d.csum_start); put_bits(w, VNR_META_TSODESC_IP_I_LSB, 8, d.ip_i);
    put_bits(w, VNR_META_TSODESC_TCP_LSB, 8, d.tcp);
}

// the whole decision of a TSO frame that passed rows 1-15; r = the rule the
// lookup hits (nullptr: miss); mtu = PF_MAX_MTU for the PF, MTU[func] for a VF
struct TExp { int dest, reason, cnt, hit, rule, P, S; TDesc d; };
static TExp tso_expect(const Bytes &f, int func, int mss, int mtu, const Rule *r)
{
    TExp e{}; TRef c = tso_ref(f, func, mss, mtu);
    e.cnt = func;
    if (c.reason >= 0) { e.dest = 0; e.reason = c.reason; return e; }
    if (r) { e.hit = 1; e.rule = r->id; }
    if (r && r->action == 2) { e.dest = 2; e.reason = VNR_REASON_TRAP_RULE; return e; }
    if (r && r->action == 3) { e.dest = 0; e.reason = VNR_REASON_DROP_RULE; return e; }
    if (!r && func != 0) { e.dest = 2; e.reason = VNR_REASON_NO_RULE; return e; }
    if (!r) e.cnt = 0;
    bool enc = r && r->encap;
    int E = r && r->ov ? 18 : 14, P = 0, S = 0;
    if (enc) { P = E + 20 + r->L; S = prof(r->profile).ie ? 0 : c.l3; }
    int hout = c.hin - S + P;
    // row 20a: too long a header, or a host's tunnel wrapped in a second one
    if (hout > VNR_TSO_HDR_MAX || (enc && c.tun)) { e.dest = 0; e.reason = VNR_REASON_TSO_HDR; return e; }
    e.dest = 1; e.reason = c.clamped ? VNR_REASON_MSS_CLAMP : VNR_REASON_FORWARD; e.P = P; e.S = S;
    TDesc &d = e.d;
    d.en = 1; d.v6 = c.v6; d.mss = c.m;
    if (enc) {
        Prof p = prof(r->profile);
        int L = r->L;
        d.ip_o_en = 1; d.ip_o = E;
        if (r->tmpl[E + 9] == 17 && L >= 8) { d.udp_en = 1; d.udp = E + 20; }
        // the profile's fields only inside the opaque header, as the edit fills them
        if (p.len_en && p.len_off + 2 <= L) { d.lenf_en = 1; d.lenf = E + 20 + p.len_off; }
        if (p.csum_en && p.csum_off + 2 <= L) { d.csumf_en = 1; d.csumf = E + 20 + p.csum_off; d.csum_start = E + 20; }
        d.ip_i = c.l3i - S + P; d.tcp = c.tcp - S + P; d.hlen = hout;
    } else if (c.tun) {
        Prof p = prof(c.prof);
        d.ip_o_en = 1; d.ip_o = c.l3;
        if (p.proto == 17 && c.L >= 8) { d.udp_en = 1; d.udp = c.o; }
        if (p.len_en && p.len_off + 2 <= c.L) { d.lenf_en = 1; d.lenf = c.o + p.len_off; }
        if (p.csum_en && p.csum_off + 2 <= c.L) { d.csumf_en = 1; d.csumf = c.o + p.csum_off; d.csum_start = c.o; }
        d.ip_i = c.l3i; d.tcp = c.tcp; d.hlen = c.hin;
    } else {
        d.ip_i = c.l3i - S + P; d.tcp = c.tcp - S + P; d.hlen = hout;
    }
    return e;
}

static void check_tso(const char *name, const Out &o, const TExp &e)
{
    expect(name, o, e.dest, e.reason, e.cnt, e.hit, e.rule);
    if (e.dest == 1) CHECK(o.p == e.P && o.s == e.S, "%s: P %d S %d, expected %d %d", name, o.p, o.s, e.P, e.S);
    CHECK(((o.meta[1] >> 1) & 1) == (uint32_t)(e.dest == 1 && e.P != 0), "%s: meta encap", name);
    uint32_t w[4]; desc_pack(e.d, w);
    bool same = true;
    for (int k = 0; k < 4; k++) same = same && o.tso[k] == w[k];
    CHECK(same, "%s: descriptor %08x %08x %08x %08x, expected %08x %08x %08x %08x (mss %d hlen %d ip_i %d tcp %d)",
          name, o.tso[3], o.tso[2], o.tso[1], o.tso[0], w[3], w[2], w[1], w[0], e.d.mss, e.d.hlen, e.d.ip_i, e.d.tcp);
}

// ---------------------------------------------------------------- TSO frames
static Bytes tcph(int doff, size_t pay, int flags = 0x18)
{
    Bytes t(4 * doff + pay);
    put16(t, 0, 40000); put16(t, 2, 80); put32(t, 4, 0x11223344); put32(t, 8, 0x55667788);
    t[12] = doff << 4; t[13] = flags; put16(t, 14, 65535);
    for (int i = 20; i < 4 * doff; i++) t[i] = 1;                   // NOP options
    for (size_t i = 0; i < pay; i++) t[4 * doff + i] = (uint8_t)(i * 11 + 5);
    return t;
}
static Bytes ip4p(uint32_t src, uint32_t dst, int ihl, const Bytes &l4, int proto = 6, unsigned frag = 0x4000)
{
    Bytes p(4 * ihl);
    p[0] = 0x40 | ihl; put16(p, 2, 4 * ihl + l4.size()); put16(p, 4, 0x4321); put16(p, 6, frag);
    p[8] = 64; p[9] = proto; put32(p, 12, src); put32(p, 16, dst);
    for (int i = 20; i < 4 * ihl; i++) p[i] = 1;
    put16(p, 10, csum_of(sum_bytes(p.data(), p.size())));
    p.insert(p.end(), l4.begin(), l4.end());
    return p;
}
static Bytes ip6p(const uint8_t src[16], const uint8_t dst[16], const Bytes &l4, int nh = 6)
{
    Bytes p(40);
    p[0] = 0x60; put16(p, 4, l4.size()); p[6] = nh; p[7] = 64;
    memcpy(&p[8], src, 16); memcpy(&p[24], dst, 16);
    p.insert(p.end(), l4.begin(), l4.end());
    return p;
}
static Bytes ether(Mac d, Mac s, int vid, unsigned et, const Bytes &pl)
{
    Bytes f = eth(d, s, vid, et);
    f.insert(f.end(), pl.begin(), pl.end());
    return f;
}
// an IPv4 tunnel frame as a host would send it: outer Ethernet, IPv4 of
// 4*oihl bytes, the opaque header (UDP length filled for proto 17), inner
static Bytes tunnel(Mac od, Mac os, int ovid, int oihl, int proto, Bytes opq, const Bytes &inner)
{
    if (proto == 17 && opq.size() >= 8) put16(opq, 4, opq.size() + inner.size());
    Bytes l4 = opq;
    l4.insert(l4.end(), inner.begin(), inner.end());
    return ether(od, os, ovid, 0x0800, ip4p(0xc0000201, 0xc0000202, oihl, l4, proto));
}

// ---------------------------------------------------------------- main
int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    t = new Vegress_decider;
    t->clk_i = 0; t->rst_i = 1; t->eval(); tick(); tick(); t->rst_i = 0; t->eval();

    Mac vf1m = mac(2, 0, 0, 0, 0, 1), vf2m = mac(2, 0, 0, 0, 0, 2), pfm = mac(2, 0, 0, 0, 0, 0x10);
    Mac D1 = mac(0xaa, 0, 0, 0, 0, 1), D2 = mac(0xaa, 0, 0, 0, 0, 2), D3 = mac(0xaa, 0, 0, 0, 0, 3);
    Mac D4 = mac(0xaa, 0, 0, 0, 0, 4), D5 = mac(0xaa, 0, 0, 0, 0, 5), D6 = mac(0xaa, 0, 0, 0, 0, 6);
    Mac D7 = mac(0xaa, 0, 0, 0, 0, 7), D9 = mac(0xaa, 0, 0, 0, 0, 9);
    Mac OD = mac(0x0c, 1, 2, 3, 4, 5), OS = mac(0x0c, 9, 8, 7, 6, 5);

    // ---- registers: ident, reset values, refusals
    CHECK(lbr(VNR_EGRESS_BLK_ID) == 0x00060001, "egress BLK_ID");
    CHECK(lbr(VNR_EGRESS_BLK_NEXT) == 0x800, "egress BLK_NEXT (the ingress block follows)");
    CHECK(lbr(VNR_EGRESS_PF_MAX_MTU) == 9000, "PF_MAX_MTU reset");
    CHECK(lbr(VNR_EGRESS_MTU_SEL) == 1 && lbr(VNR_EGRESS_MTU_VAL) == 1500, "MTU_SEL/MTU_VAL reset");
    CHECK(lbr(VNR_EGRESS_BST_STATUS) == 0, "BST_STATUS reset");
    unsigned err;
    lbr(0x61c, &err); CHECK(err == 1, "unmapped read in the block is SLVERR");
    lbr(VNR_EGRESS_VF_CMD, &err); CHECK(err == 0, "write-only reads 0 OKAY");
    CHECK(lbw(0x61c, 1) == VNR_ERR_BAD_ADDR, "unmapped write BAD_ADDR");
    CHECK(lbw(VNR_EGRESS_BST_STATUS, 1) == VNR_ERR_READ_ONLY, "BST_STATUS read-only");
    CHECK(lbw(VNR_EGRESS_BLK_ID, 1) == VNR_ERR_READ_ONLY, "BLK_ID read-only");
    CHECK(lbw(VNR_EGRESS_MTU_SEL, 0) == VNR_ERR_MTU_FUNC, "MTU_SEL 0 refused");
    CHECK(lbw(VNR_EGRESS_MTU_SEL, NUM_VF + 1) == VNR_ERR_MTU_FUNC, "MTU_SEL NUM_VF+1 refused");
    CHECK(lbr(VNR_EGRESS_MTU_SEL) == 1, "refused MTU_SEL changes nothing");
    CHECK(lbw(VNR_EGRESS_MTU_SEL, 2) == 0 && lbw(VNR_EGRESS_MTU_VAL, 67) == VNR_ERR_MTU_RANGE, "MTU 67 MTU_RANGE");
    CHECK(lbw(VNR_EGRESS_MTU_VAL, 9001) == VNR_ERR_MTU_RANGE, "MTU above PF_MAX_MTU refused");
    CHECK(lbw(VNR_EGRESS_MTU_VAL, 9000) == 0 && lbr(VNR_EGRESS_MTU_VAL) == 9000, "MTU 9000 accepted");
    CHECK(lbw(VNR_EGRESS_PF_MAX_MTU, 67) == VNR_ERR_MTU_RANGE, "PF_MAX_MTU below MTU_MIN");
    CHECK(lbw(VNR_EGRESS_PF_MAX_MTU, 2000) == 0, "PF_MAX_MTU 2000");
    CHECK(lbr(VNR_EGRESS_MTU_VAL) == 9000, "lowering PF_MAX_MTU keeps MTUs");
    CHECK(lbw(VNR_EGRESS_MTU_VAL, 2001) == VNR_ERR_MTU_RANGE, "MTU above the new PF_MAX_MTU");
    // VF_MTU in VF window 3
    uint32_t vfmtu3 = 0x80004 + 2 * 0x1000;
    CHECK(lbr(vfmtu3) == 1500, "VF_MTU reads the VF's MTU");
    CHECK(lbw(vfmtu3, 2001) == VNR_ERR_MTU_RANGE && lbr(vfmtu3) == 1500, "VF_MTU above PF_MAX_MTU refused");
    CHECK(lbw(vfmtu3, 68) == 0 && lbr(vfmtu3) == 68, "VF_MTU 68 accepted");
    CHECK(lbw(VNR_EGRESS_MTU_SEL, 3) == 0 && lbr(VNR_EGRESS_MTU_VAL) == 68, "MTU_VAL sees VF_MTU");
    CHECK(lbw(vfmtu3, 1500) == 0, "VF_MTU back");
    CHECK(lbw(VNR_EGRESS_PF_MAX_MTU, 9000) == 0 && lbw(VNR_EGRESS_MTU_SEL, 2) == 0 &&
          lbw(VNR_EGRESS_MTU_VAL, 1500) == 0, "restore");
    // command refusals
    CHECK(lbw(VNR_EGRESS_VF_CMD, 1 | (3 << 8)) == VNR_ERR_CMD_OP, "VF_CMD op 3");
    CHECK(lbw(VNR_EGRESS_VF_CMD, 0 | (1 << 8)) == VNR_ERR_VF_INDEX, "VF_CMD index 0");
    CHECK(lbw(VNR_EGRESS_VF_CMD, (NUM_VF + 1) | (1 << 8)) == VNR_ERR_VF_INDEX, "VF_CMD index NUM_VF+1");
    CHECK(lbw(VNR_EGRESS_RULE_CMD, 0) == VNR_ERR_CMD_OP, "RULE_CMD op 0");
    CHECK(lbw(VNR_EGRESS_BST_SEL, 0u << 31) == 0, "BST_SEL bank 0");
    // RULE_CMD always addresses the inactive bank, whatever BST_SEL says
    CHECK(lbw(VNR_EGRESS_RULE_CMD, 1 << 24) == 0, "RULE_CMD with BST_SEL naming the active bank");
    CHECK(lbw(VNR_EGRESS_RULE_CMD, RULES | (1 << 24)) == VNR_ERR_RULE_INDEX, "RULE_CMD index RULES");
    CHECK(lbw(VNR_EGRESS_BST_CMD, 1) == VNR_ERR_BST_ACTIVE, "BST write into the active bank");
    CHECK(lbw(VNR_EGRESS_BST_SEL, (1u << 31) | (LV << 24)) == 0 && lbw(VNR_EGRESS_BST_CMD, 1) == VNR_ERR_BST_LEVEL,
          "BST level LV");
    CHECK(lbw(VNR_EGRESS_BST_SEL, (1u << 31) | (2 << 24) | 4) == 0 && lbw(VNR_EGRESS_BST_CMD, 1) == VNR_ERR_BST_INDEX,
          "BST node index 4 at level 2");
    CHECK(lbw(VNR_EGRESS_BST_SEL, (1u << 31) | (1u << 30) | (1 << LV)) == 0 &&
          lbw(VNR_EGRESS_BST_CMD, 1) == VNR_ERR_BST_INDEX, "BST leaf index 2^LV");
    CHECK(lbw(VNR_EGRESS_BST_SEL, 1u << 31) == 0, "BST_SEL bank 1");
    CHECK(lbw(VNR_EGRESS_RULE_CMD, RULES | (1 << 24)) == VNR_ERR_RULE_INDEX, "RULE_CMD index RULES");
    CHECK(lbw(VNR_EGRESS_RULE_SH, 65 << 16) == 0 && lbw(VNR_EGRESS_RULE_CMD, 1 << 24) == VNR_ERR_RULE_OPAQUE,
          "RULE_CMD opaque_len 65");
    CHECK(lbw(VNR_EGRESS_RULE_SH, 0xffffffff) == 0 && lbr(VNR_EGRESS_RULE_SH) == 0x007f01ff, "RULE_SH keeps field bits");
    CHECK(lbw(VNR_EGRESS_RULE_SH, 0) == 0, "RULE_SH clear");
    CHECK(lbw(VNR_EGRESS_BST_CMD, 0) == 0, "BST_CMD with no bit does nothing");
    // flip and settling
    CHECK(lbw(VNR_EGRESS_BST_CMD, 2) == 0, "flip");
    CHECK(lbr(VNR_EGRESS_BST_STATUS) == 3, "active 1, settling after a flip");
    CHECK(lbw(VNR_EGRESS_BST_CMD, 2) == VNR_ERR_BST_SETTLING, "flip refused while settling");
    CHECK(lbw(VNR_EGRESS_BST_SEL, 0) == 0, "BST_SEL while settling is fine");
    CHECK(lbw(VNR_EGRESS_BST_CMD, 1) == VNR_ERR_BST_SETTLING, "write refused while settling (first check)");
    CHECK(lbw(VNR_EGRESS_RULE_CMD, 2 << 24) == VNR_ERR_BST_SETTLING, "RULE_CMD refused while settling");
    {
        // settling lasts exactly CLS_LAT_EG cycles after the perform cycle
        t->lb_wr_i = 1; t->lb_waddr_i = VNR_EGRESS_BST_CMD; t->lb_wdata_i = 2; t->eval();
        CHECK(t->lb_werr_o == VNR_ERR_BST_SETTLING, "still settling");
        t->lb_wr_i = 0; t->eval();
        for (int i = 0; i < 40 && (lbr(VNR_EGRESS_BST_STATUS) & 2); i++) tick();
        CHECK(lbw(VNR_EGRESS_BST_CMD, 2) == 0, "flip back after settling");
        unsigned long m = cyc - 2;          // lbw performed in cycle m
        int n = 0;
        while (lbr(VNR_EGRESS_BST_STATUS) & 2) { tick(); n++; }
        // settling reads 1 in m+1 .. m+CLS_LAT_EG
        CHECK(cyc == m + CLS_LAT_EG + 1, "settling ends after CLS_LAT_EG cycles (%lu)", cyc - m - 1);
        CHECK((lbr(VNR_EGRESS_BST_STATUS) & 1) == 0, "active 0 again");
    }

    // ---- VF table
    Vf v1{}; v1.check_mac = 1; v1.check_ip = 1; v1.check_vlan = 1; v1.m = vf1m;
    v1.ip4[2] = 0x0a000001; for (int k = 0; k < 4; k++) v1.vlan[k] = -1; v1.vlan[3] = 100;
    v1.ip6[1][0] = 0xfd; v1.ip6[1][15] = 1;
    vf_program(1, v1);
    Vf v2{}; v2.m = vf2m; for (int k = 0; k < 4; k++) v2.vlan[k] = -1;
    vf_program(2, v2);
    // load readback of VF 1 (through a cleared shadow)
    for (int k = 0; k < 17; k++) lbw(VNR_EGRESS_VF_SH + 4 * k, 0);
    CHECK(lbw(VNR_EGRESS_VF_CMD, 1 | (2 << 8)) == 0, "VF_CMD load");
    CHECK(lbr(VNR_EGRESS_VF_SH) == 7 && lbr(VNR_EGRESS_VF_SH + 4) == 0x0200 && lbr(VNR_EGRESS_VF_SH + 12 + 8) == 0x0a000001,
          "VF load restores the entry");
    CHECK(lbr(VNR_EGRESS_VF_SH + 4 * 16) == ((100 | 0x1000u) << 16), "VF load vlan3");
    {
        // the load is visible in the cycle right after it performs
        for (int k = 0; k < 17; k++) lbw(VNR_EGRESS_VF_SH + 4 * k, 0);
        t->lb_wr_i = 1; t->lb_waddr_i = VNR_EGRESS_VF_CMD; t->lb_wdata_i = 1 | (2 << 8); t->eval();
        tick(); t->lb_wr_i = 0; t->eval();
        CHECK(lbr(VNR_EGRESS_VF_SH) == 7 && lbr(VNR_EGRESS_VF_SH + 8) == 0x00000001, "load visible at m+1");
        tick();
        CHECK(lbr(VNR_EGRESS_VF_SH) == 7, "load stays");
    }

    // ---- profiles (as csr_regs packs them)
    memset(prof_words, 0, sizeof prof_words);
    set_profile(0, 1, 17, 16, 1, 4, 0, 0);      // vxlan
    set_profile(1, 1, 47, 16, 0, 0, 1, 4);      // gre16
    set_profile(2, 0, 17, 20, 1, 4, 0, 0);      // native
    set_profile(3, 1, 17, 13, 1, 4, 1, 9);      // odd: UDP csum + csum at an odd offset
    // format fields (used by recognition of the PF's TSO tunnels only)
    set_fmt(0, 2, 4789, 0xffff); set_fmt(1, 2, 0x6558, 0xffff); set_fmt(2, 2, 0xcafe, 0xffff); set_fmt(3, 2, 12345, 0xffff);

    // ---- rules
    Bytes vx = {0xc0, 0x00, 0x12, 0xb5, 0, 0, 0xff, 0xff, 0x08, 0, 0, 0, 0, 0x12, 0x34, 0};
    Bytes gre = {0xb0, 0x00, 0x65, 0x58, 0, 0, 0, 0, 0, 0, 0, 42, 0, 0, 0, 0};
    Bytes nat = {0xc0, 0x01, 0xca, 0xfe, 0, 0, 0xff, 0xff, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    Bytes odd = {0xc0, 0x02, 0x30, 0x39, 0, 0, 0xff, 0xff, 0x5a, 0xee, 0xee, 0x77, 0x01};
    uint8_t z[16] = {0}, a24[16] = {192, 168, 1, 0}, a25[16] = {192, 168, 1, 128}, a6[16] = {0xfd, 0x00};
    auto R = [&](int id, int func, Mac d, int fam, const uint8_t *a, int plen, int action) {
        Rule r{}; r.id = id; r.func = func; r.dmac = d; r.fam = fam; memcpy(r.addr, a, 16); r.plen = plen;
        r.action = action; r.smac_new = mac(0, 0, 0, 0, 0, 0); r.dmac_new = r.smac_new; return r;
    };
    Rule r0 = R(0, 1, D1, 0, z, 0, 1); r0.ssm = r0.sdm = r0.ttl = 1;
    r0.smac_new = mac(0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc); r0.dmac_new = mac(0xde, 0xad, 0xbe, 0xef, 0, 1);
    Rule r1 = R(1, 1, D2, 1, a24, 24, 1); r1.encap = 1; r1.profile = 0; r1.L = 16;
    r1.tmpl = tmpl(OD, OS, -1, 17, 0xc0a80001, 0xc0a80002, vx);
    Rule r2 = R(2, 1, D2, 1, a25, 25, 1); r2.encap = 1; r2.profile = 1; r2.L = 16; r2.ov = 1; r2.ttl = 1;
    r2.ssm = 1; r2.smac_new = mac(0x66, 0x55, 0x44, 0x33, 0x22, 0x11);
    r2.tmpl = tmpl(OD, OS, 0x123, 47, 0x0a0a0a0a, 0x0b0b0b0b, gre);
    Rule r3 = R(3, 1, D3, 0, z, 0, 2);
    Rule r4 = R(4, 1, D4, 0, z, 0, 3);
    Rule r5 = R(5, 0, D5, 2, a6, 16, 1); r5.encap = 1; r5.profile = 2; r5.L = 20; r5.ttl = 1;
    r5.tmpl = tmpl(OD, OS, -1, 17, 0x01020304, 0x05060708, nat);
    Rule r6 = R(6, 2, D6, 0, z, 0, 1); r6.encap = 1; r6.ov = 1; r6.profile = 3; r6.L = 13; r6.sdm = 1; r6.ssm = 1;
    r6.dmac_new = mac(0x10, 0x20, 0x30, 0x40, 0x50, 0x61); r6.smac_new = mac(0x71, 0x81, 0x91, 0xa1, 0xb1, 0xc1);
    r6.tmpl = tmpl(OD, OS, 7, 17, 0xac100001, 0xac100002, odd);
    Rule r7 = R(7, 2, D7, 0, z, 0, 1); r7.ttl = 1;
    Rule r8 = R(8, 2, D9, 0, z, 0, 0);           // empty action: a miss
    // TSO: native encap of a VF; PF vxlan with a long opaque header (row 20a)
    Mac D10 = mac(0xaa, 0, 0, 0, 0, 0x10), D11 = mac(0xaa, 0, 0, 0, 0, 0x11), D12 = mac(0xaa, 0, 0, 0, 0, 0x12);
    Rule r9 = R(9, 2, D10, 0, z, 0, 1); r9.encap = 1; r9.profile = 2; r9.L = 20;
    r9.tmpl = tmpl(OD, OS, -1, 17, 0x0a0b0c0d, 0x0a0b0c0e, nat);
    Bytes vx46 = vx; vx46.resize(46, 0x5c);
    Rule r10 = R(10, 0, D11, 0, z, 0, 1); r10.encap = 1; r10.profile = 0; r10.ov = 1; r10.L = 46;
    r10.tmpl = tmpl(OD, OS, 0x55, 17, 0x0a0b0c01, 0x0a0b0c02, vx46);
    Bytes vx47 = vx; vx47.resize(47, 0x5c);
    Rule r11 = r10; r11.id = 11; r11.dmac = D12; r11.L = 47;
    r11.tmpl = tmpl(OD, OS, 0x55, 17, 0x0a0b0c01, 0x0a0b0c02, vx47);
    Mac D13 = mac(0xaa, 0, 0, 0, 0, 0x13);
    Rule r12 = R(12, 0, D13, 0, z, 0, 1); r12.ssm = 1; r12.smac_new = mac(0x02, 0x12, 0x12, 0x12, 0x12, 0x12);
    rules = {r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12};
    install();
    CHECK(lbw(VNR_EGRESS_BST_SEL, (uint32_t)(!(lbr(VNR_EGRESS_BST_STATUS) & 1)) << 31) == 0 && lbw(VNR_EGRESS_RULE_CMD, 2 | (2 << 24)) == 0, "RULE_CMD load");
    CHECK(lbr(VNR_EGRESS_RULE_SH) == (uint32_t)(1 | (1 << 2) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 8) | (16 << 16)),
          "rule 2 loaded (%08x)", lbr(VNR_EGRESS_RULE_SH));
    CHECK(lbr(VNR_EGRESS_RULE_SH + 4 * 5) == 0x0c010203, "rule 2 template word");

    Meta m1; m1.func = 1;
    Meta m2; m2.func = 2;
    Meta m0;
    Bytes good = ip4(D1, vf1m, -1, 0x0a000001, 0x08080808, 6, 40);
    Out o;
    // rows 1-3
    o = send(good, m1, 1); expect("row1 TOO_BIG", o, 0, VNR_REASON_TOO_BIG, 1);
    { Meta mx; mx.func = 20; o = send(good, mx, 1); expect("row1 TOO_BIG bad func", o, 0, VNR_REASON_TOO_BIG, 0); }
    o = send(Bytes(good.begin(), good.begin() + 13), m1); expect("row2 RUNT", o, 0, VNR_REASON_RUNT, 1);
    { Meta mx; mx.func = NUM_VF + 1; o = send(good, mx); expect("row3 BAD_FUNC", o, 0, VNR_REASON_BAD_FUNC, 0); }
    // row 4
    o = send(good, m1, 0, 1); expect("row4 DEBUG", o, 2, VNR_REASON_DEBUG, 1);
    CHECK((o.meta[0] & 0xff) == 0 && ((o.meta[0] >> 16) & 0xff) == 1 && ((o.meta[0] >> 24) & 0xff) == 1, "DEBUG meta");
    // rows 5-7
    { Meta mx = m1; mx.inject = 1; mx.ivf = 2; o = send(good, mx); expect("row5 inject from VF", o, 0, VNR_REASON_BAD_FUNC, 1); }
    { Meta mx; mx.inject = 1; mx.ivf = NUM_VF + 1; o = send(good, mx); expect("row6 inject to bad VF", o, 0, VNR_REASON_BAD_FUNC, 0); }
    { Meta mx; mx.inject = 1; mx.ivf = 0; o = send(good, mx); expect("row6 inject to VF 0", o, 0, VNR_REASON_BAD_FUNC, 0); }
    { Meta mx; mx.inject = 1; mx.ivf = 3; o = send(good, mx); expect("row7 INJECT", o, 2, VNR_REASON_INJECT, 3);
      CHECK((o.meta[0] & 0xff) == 3, "INJECT meta func = inject_vf"); }
    // rows 8-10
    o = send(ip4(D1, vf2m, -1, 0x0a000001, 0x08080808, 6, 40), m1); expect("row8 SRC_MAC", o, 0, VNR_REASON_SRC_MAC, 1);
    o = send(ip4(D1, vf1m, 200, 0x0a000001, 0x08080808, 6, 40), m1); expect("row9 VLAN", o, 0, VNR_REASON_VLAN, 1);
    o = send(ip4(D1, vf1m, 100, 0x0a000001, 0x08080808, 6, 40), m1); expect("row9 owned VLAN passes", o, 1, 0, 1, 1, 0);
    o = send(ip4(D1, vf1m, -1, 0x0a000009, 0x08080808, 6, 40), m1); expect("row10 SRC_IP v4", o, 0, VNR_REASON_SRC_IP, 1);
    {
        uint8_t s6[16] = {0xfd}, s6ok[16] = {0xfd}; s6ok[15] = 1; s6[15] = 2;
        o = send(ip6(D1, vf1m, -1, s6, a6, 64, 10), m1); expect("row10 SRC_IP v6", o, 0, VNR_REASON_SRC_IP, 1);
        o = send(ip6(D1, vf1m, -1, s6ok, a6, 64, 10), m1); expect("row10 v6 source ok", o, 1, 0, 1, 1, 0);
        // a truncated IPv4 header is not "IPv4": no source check
        Bytes tr = ip4(D1, vf1m, -1, 0x0a000009, 0x08080808, 6, 0); tr.resize(33);
        o = send(tr, m1); expect("row10 short IPv4 not checked", o, 1, 0, 1, 1, 0);
    }
    // rows 11-15 (VF 2 has no checks)
    CHECK(lbw(VNR_EGRESS_TRAP_CTRL, 0x1f) == 0 && lbr(VNR_EGRESS_TRAP_CTRL) == 0x1f, "TRAP_CTRL");
    o = send(eth(D1, vf2m, -1, 0x0806), m2);                      expect("row11 ARP", o, 2, VNR_REASON_TRAP_ARP, 2);
    o = send(ip4(D1, vf2m, -1, 1, 2, 17, 20, 67), m2);             expect("row12 DHCP", o, 2, VNR_REASON_TRAP_DHCP, 2);
    o = send(ip4(D1, vf2m, 5, 1, 2, 17, 20, 68), m2);              expect("row12 DHCP tagged", o, 2, VNR_REASON_TRAP_DHCP, 2);
    o = send(ip4(D1, vf2m, -1, 1, 2, 17, 20, 67, 0x2000), m2);     expect("row12 fragment not DHCP", o, 2, VNR_REASON_NO_RULE, 2);
    o = send(ip4(mac(0xff, 0xff, 0xff, 0xff, 0xff, 0xff), vf2m, -1, 1, 2, 6, 20), m2); expect("row13 BCAST", o, 2, VNR_REASON_TRAP_BCAST, 2);
    o = send(ip4(mac(0x01, 0, 0x5e, 0, 0, 1), vf2m, -1, 1, 2, 6, 20), m2); expect("row14 MCAST", o, 2, VNR_REASON_TRAP_MCAST, 2);
    o = send(eth(D1, vf2m, -1, 0x88cc), m2);                      expect("row15 NON_IP", o, 2, VNR_REASON_TRAP_NON_IP, 2);
    o = send(eth(D1, pfm, -1, 0x0806), m0);                       expect("traps are VF only", o, 1, 0, 0);
    CHECK(lbw(VNR_EGRESS_TRAP_CTRL, 0) == 0, "TRAP_CTRL off");
    o = send(eth(D1, vf2m, -1, 0x0806), m2);                      expect("ARP untrapped", o, 2, VNR_REASON_NO_RULE, 2);
    // row 16: VF 2 MTU 100
    CHECK(lbw(VNR_EGRESS_MTU_SEL, 2) == 0 && lbw(VNR_EGRESS_MTU_VAL, 100) == 0, "MTU of VF 2 = 100");
    o = send(ip4(D7, vf2m, -1, 1, 2, 6, 81), m2); expect("row16 MTU", o, 0, VNR_REASON_MTU, 2);
    o = send(ip4(D7, vf2m, -1, 1, 2, 6, 80), m2); expect("row16 at the MTU", o, 1, 0, 2, 1, 7);
    o = send(ip4(D7, vf2m, 9, 1, 2, 6, 80), m2); expect("row16 tag not counted", o, 1, 0, 2, 1, 7);
    { Meta mx = m2; mx.tso = 1; mx.mss = 60; o = send(ip4(D7, vf2m, -1, 1, 2, 6, 500), mx); expect("row16 TSO exempt", o, 1, 0, 2, 1, 7); }
    CHECK(lbw(0x80004 + 1 * 0x1000, 1500) == 0, "VF 2 sets its MTU back with VF_MTU");
    o = send(ip4(D7, vf2m, -1, 1, 2, 6, 81), m2); expect("row16 VF_MTU took effect", o, 1, 0, 2, 1, 7);
    // rows 17-19
    o = send(ip4(D3, vf1m, -1, 0x0a000001, 2, 6, 20), m1); expect("row17 TRAP_RULE", o, 2, VNR_REASON_TRAP_RULE, 1, 1, 3);
    o = send(ip4(D4, vf1m, -1, 0x0a000001, 2, 6, 20), m1); expect("row18 DROP_RULE", o, 0, VNR_REASON_DROP_RULE, 1, 1, 4);
    o = send(ip4(D7, vf2m, -1, 1, 2, 6, 20, 1, 0x4000), m2); expect("row20 ttl 64", o, 1, 0, 2, 1, 7);
    o = send(ip4(D7, vf2m, -1, 1, 2, 6, 20, 1234, 0x4000, 1), m2); expect("row19 TTL=1 (v4)", o, 2, VNR_REASON_TTL, 2, 1, 7);
    {
        Bytes f = ip4(D7, vf2m, -1, 1, 2, 6, 20); f[22] = 1;    // ttl 1 (checksum now off: no matter)
        o = send(f, m2); expect("row19 TTL=1", o, 2, VNR_REASON_TTL, 2, 1, 7);
        f[22] = 0; o = send(f, m2); expect("row19 TTL=0", o, 2, VNR_REASON_TTL, 2, 1, 7);
        uint8_t s6[16] = {1};
        o = send(ip6(D7, vf2m, -1, s6, a6, 1, 8), m2); expect("row19 hop 1", o, 2, VNR_REASON_TTL, 2, 1, 7);
        o = send(ip6(D7, vf2m, -1, s6, a6, 2, 8), m2); expect("row20 hop 2", o, 1, 0, 2, 1, 7);
        CHECK(o.win[21] == 1, "hop limit decremented");
        for (int i = 0; i < 128; i++) if (i != 21) CHECK(o.win[i] == ip6(D7, vf2m, -1, s6, a6, 2, 8)[i] || i >= 62, "only the hop limit changes");
    }
    // row 21/22 and the empty-action miss
    o = send(ip4(D9, pfm, -1, 1, 2, 6, 20), m0); expect("row21 PF miss", o, 1, 0, 0);
    CHECK((o.meta[0] & 0xff) == 0, "row21 meta func 0");
    o = send(ip4(D9, vf2m, -1, 1, 2, 6, 20), m2); expect("row22 empty rule is a miss", o, 2, VNR_REASON_NO_RULE, 2);
    o = send(ip4(D1, vf2m, -1, 1, 2, 6, 20), m2); expect("row22 func is part of the key", o, 2, VNR_REASON_NO_RULE, 2);

    // row 20, no encap: MAC replace and TTL update (RFC 1624 eqn 3)
    {
        Bytes f = ip4(D1, vf1m, -1, 0x0a000001, 0x08080808, 6, 40);
        o = send(f, m1); expect("row20 plain", o, 1, VNR_REASON_FORWARD, 1, 1, 0);
        CHECK((o.meta[0] & 0xff) == 1 && ((o.meta[1] >> 8) & 0xfffff) == 0 && ((o.meta[1] >> 1) & 1) == 0, "row20 meta");
        Bytes O = edited(o, f);
        CHECK(O.size() == f.size(), "no encap: same length");
        for (int i = 0; i < 6; i++) CHECK(O[i] == r0.dmac_new.b[i] && O[6 + i] == r0.smac_new.b[i], "MACs replaced");
        CHECK(O[22] == 63, "TTL decremented");
        unsigned HC = (f[24] << 8) | f[25], m = (f[22] << 8) | f[23], mp = m - 0x100;
        uint32_t s = (uint16_t)~HC; s += (uint16_t)~m; s = fold16(s); s += mp; s = fold16(s);
        unsigned hc2 = (uint16_t)~s;
        CHECK(((O[24] << 8) | O[25]) == hc2, "RFC 1624 eqn 3 header checksum %04x expected %04x", (O[24] << 8) | O[25], hc2);
        CHECK(fold16(sum_bytes(&O[14], 20)) == 0xffff, "updated IPv4 header verifies");
        for (size_t i = 26; i < f.size(); i++) CHECK(O[i] == f[i], "rest unchanged");
        // a forced corner: header checksum 0x0000 in, check eqn 3 still exact
        Bytes g = f; g[24] = 0; g[25] = 0;
        o = send(g, m1);
        unsigned m2w = (g[22] << 8) | g[23];
        s = 0xffff; s += (uint16_t)~m2w; s = fold16(s); s += (m2w - 0x100); s = fold16(s);
        CHECK(((o.win[24] << 8) | o.win[25]) == (uint16_t)~s, "eqn 3 with HC = 0");
    }
    // longest prefix: /25 inside /24, both VF 1 dmac D2
    {
        Bytes f = ip4(D2, vf1m, -1, 0x0a000001, 0xc0a80105, 17, 100);   // 192.168.1.5 -> /24 vxlan
        o = send(f, m1); expect("row20 /24 vxlan", o, 1, 0, 1, 1, 1);
        CHECK(((o.meta[1] >> 1) & 1) == 1 && ((o.meta[1] >> 2) & 3) == 0, "meta encap, profile 0");
        check_encap("vxlan", o, f, r1, 1, 1, 4, 0, 0);
        Bytes g = ip4(D2, vf1m, 100, 0x0a000001, 0xc0a801c8, 6, 301);    // 192.168.1.200 -> /25 gre, tagged, ttl
        o = send(g, m1); expect("row20 /25 gre", o, 1, 0, 1, 1, 2);
        CHECK(((o.meta[1] >> 2) & 3) == 1, "meta profile 1");
        check_encap("gre", o, g, r2, 1, 0, 0, 1, 4);
        Bytes O = edited(o, g);
        CHECK(O[38 + 16 + 26] == 63, "inner TTL decremented under encap");
        for (int i = 0; i < 6; i++) CHECK(O[38 + 16 + 6 + i] == r2.smac_new.b[i], "inner smac replaced");
        Bytes h = ip4(D2, vf1m, -1, 0x0a000001, 0xc0a80205, 6, 10);      // 192.168.2.5: no prefix -> miss
        o = send(h, m1); expect("prefix miss", o, 2, VNR_REASON_NO_RULE, 1);
        Bytes a = eth(D2, vf1m, -1, 0x88b5); a.resize(60);               // not IP: fam 0 -> miss
        o = send(a, m1); expect("not IP under an IP-only MAC", o, 2, VNR_REASON_NO_RULE, 1);
    }
    // native: PF, IPv6 fd00::/16, inner Ethernet stripped (S = l3), hop decrement
    {
        uint8_t s6[16] = {0x20, 0x01}, d6[16] = {0xfd, 0x00, 0x12}; d6[15] = 9;
        for (int len : {0, 1, 7, 333}) {
            Bytes f = ip6(D5, pfm, -1, s6, d6, 9, len);
            o = send(f, m0); expect("row20 native v6", o, 1, 0, 0, 1, 5);
            check_encap("native", o, f, r5, 0, 1, 4, 0, 0);
            Bytes O = edited(o, f);
            CHECK(O[o.p + 7] == 8, "inner hop limit decremented (native)");
            CHECK(O[o.p] == 0x60, "IPv6 header follows the opaque header");
        }
        Bytes g = ip6(D5, pfm, 33, s6, d6, 9, 50);                      // tagged: S = 18
        o = send(g, m0); expect("row20 native tagged", o, 1, 0, 0, 1, 5);
        check_encap("native tagged", o, g, r5, 0, 1, 4, 0, 0);
    }
    // odd opaque length, UDP checksum and a checksum field at an odd offset
    {
        for (int len : {20, 21, 64, 65, 500, 1401}) {
            Bytes f = ip4(D6, vf2m, -1, 1, 2, 17, len);
            o = send(f, m2); expect("row20 odd profile", o, 1, 0, 2, 1, 6);
            check_encap("odd", o, f, r6, 1, 1, 4, 1, 9);
            Bytes O = edited(o, f);
            for (int i = 0; i < 6; i++) CHECK(O[o.p + i] == r6.dmac_new.b[i] && O[o.p + 6 + i] == r6.smac_new.b[i], "inner MACs replaced (odd) %d: %02x", i, O[o.p + i]);
        }
    }
    // UDP checksum 0 in the template stays 0 (vxlan with checksum 0)
    {
        Rule r1z = r1; r1z.tmpl[34 + 6] = 0; r1z.tmpl[34 + 7] = 0;
        rules[1] = r1z; install();
        Bytes f = ip4(D2, vf1m, -1, 0x0a000001, 0xc0a80105, 17, 77);
        o = send(f, m1); expect("vxlan csum 0", o, 1, 0, 1, 1, 1);
        check_encap("vxlan0", o, f, r1z, 1, 1, 4, 0, 0);
        rules[1] = r1; install();
    }
    // random frames through the UDP/csum profiles
    {
        srand(7);
        for (int it = 0; it < 300; it++) {
            int len = rand() % 1400, vid = (rand() & 1) ? rand() % 4096 : -1, which = rand() % 3;
            Bytes f;
            if (which == 0) f = ip4(D6, vf2m, vid, rand(), rand(), 17, len);
            else if (which == 1) f = ip4(D2, vf1m, vid == -1 ? -1 : 100, 0x0a000001, 0xc0a80100 | (rand() & 0xff), 17, len);
            else { uint8_t s6[16] = {0x20}, d6[16] = {0xfd, 0}; d6[5] = rand(); f = ip6(D5, pfm, vid, s6, d6, 2 + rand() % 200, len); }
            for (size_t i = 60; i < f.size(); i++) f[i] = rand();
            if (which == 0) o = send(f, m2); else if (which == 1) o = send(f, m1); else o = send(f, m0);
            if (which == 0) check_encap("rand odd", o, f, r6, 1, 1, 4, 1, 9);
            else if (which == 2) check_encap("rand native", o, f, r5, 0, 1, 4, 0, 0);
            else if (f[vid == -1 ? 33 : 37] & 0x80) check_encap("rand gre", o, f, r2, 1, 0, 0, 1, 4);
            else check_encap("rand vxlan", o, f, r1, 1, 1, 4, 0, 0);
        }
    }
    // back-to-back: one decision per cycle, in order, each CLS_LAT_EG - 2 after its input
    {
        outs.clear();
        std::vector<unsigned long> c0;
        std::vector<int> rs;
        for (int i = 0; i < 12; i++) {
            Bytes f = (i % 3 == 0) ? ip4(D3, vf1m, -1, 0x0a000001, 2, 6, 20)
                    : (i % 3 == 1) ? ip4(D4, vf1m, -1, 0x0a000001, 2, 6, 20) : ip4(D9, vf2m, -1, 1, 2, 6, 20);
            drive(f, i % 3 == 2 ? m2 : m1); c0.push_back(cyc); tick();
            rs.push_back(i % 3 == 0 ? VNR_REASON_TRAP_RULE : i % 3 == 1 ? VNR_REASON_DROP_RULE : VNR_REASON_NO_RULE);
        }
        undrive();
        for (int i = 0; i < 40; i++) tick();
        CHECK(outs.size() == 12, "12 decisions back to back");
        for (size_t i = 0; i < outs.size() && i < 12; i++)
            CHECK(outs[i].cycle == c0[i] + CLS_LAT_EG - 2 && outs[i].reason == rs[i], "b2b decision %zu", i);
    }
    // a flip is atomic per frame: frames before the flip use the old bank
    {
        // bank A (active) has rule 3 = trap; make the inactive bank's rule 3 a drop and flip
        int act = lbr(VNR_EGRESS_BST_STATUS) & 1;
        Rule r3d = r3; r3d.action = 3;
        rules[3] = r3d;
        CHECK(lbw(VNR_EGRESS_BST_SEL, (!act) << 31) == 0, "sel inactive");
        uint32_t w[37]; rule_sh(r3d, w);
        for (int k = 0; k < 37; k++) lbw(VNR_EGRESS_RULE_SH + 4 * k, w[k]);
        CHECK(lbw(VNR_EGRESS_RULE_CMD, 3 | (1 << 24)) == 0, "commit into the inactive bank");
        o = send(ip4(D3, vf1m, -1, 0x0a000001, 2, 6, 20), m1); expect("before flip", o, 2, VNR_REASON_TRAP_RULE, 1, 1, 3);
        outs.clear();
        Bytes f = ip4(D3, vf1m, -1, 0x0a000001, 2, 6, 20);
        drive(f, m1);                         // samples in this cycle (old bank)
        t->lb_wr_i = 1; t->lb_waddr_i = VNR_EGRESS_BST_CMD; t->lb_wdata_i = 2; t->eval();
        CHECK(t->lb_werr_o == 0, "flip accepted");
        tick(); t->lb_wr_i = 0; t->eval();    // flip performed in the same cycle: frame above used the old bank
        drive(f, m1); tick(); undrive();      // this one sees the new bank
        for (int i = 0; i < 30; i++) tick();
        CHECK(outs.size() == 2 && outs[0].reason == VNR_REASON_TRAP_RULE && outs[1].reason == VNR_REASON_DROP_RULE,
              "flip takes effect from m+1");
        settle();
    }
    // ---- TSO (docs/tso.md): rows 16a-16e, MSS clamp, row 20a, the descriptor
    {
        unsigned long tso_c0 = tb_pass + tb_fail;
        rules[3] = r3; install();                 // the flip test left rule 3 a drop
        Meta t0 = m0, t1 = m1, t2 = m2;
        t0.tso = t1.tso = t2.tso = 1; t0.mss = t1.mss = t2.mss = 1000;
        int pfmax = 9000, mtu2 = 1500;            // VF 1: 1500
        uint8_t s6[16] = {0x20, 0x01}, d6[16] = {0xfd, 0x00, 0x12}; s6[15] = 5; d6[15] = 9;
        Mac IM1 = mac(0x52, 0, 0, 0, 0, 1), IM2 = mac(0x52, 0, 0, 0, 0, 2);
        Bytes vxo = {0xc0, 0x00, 0x12, 0xb5, 0, 0, 0, 0, 0x08, 0, 0, 0, 0, 0x12, 0x34, 0};
        Bytes greo = {0xb0, 0x00, 0x65, 0x58, 0, 0, 0, 0, 0, 0, 0, 42, 0, 0, 0, 0};
        Bytes nato = {0xc0, 0x01, 0xca, 0xfe, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        auto run = [&](const char *name, const Bytes &f, Meta m, const Rule *r) {
            TExp e = tso_expect(f, m.func, m.mss, m.func == 0 ? pfmax : (m.func == 2 ? mtu2 : 1500), r);
            Out oo = send(f, m);
            check_tso(name, oo, e);
            if (getenv("TB_TRACE"))
                printf("%-44s dest %d reason %2d hit %d P %3d S %2d | en %d v6 %d ipo %d/%d udp %d/%d lenf %d/%d csf %d/%d/%d ipi %d tcp %d H %d m %d\n",
                       name, e.dest, e.reason, e.hit, e.P, e.S, e.d.en, e.d.v6, e.d.ip_o_en, e.d.ip_o, e.d.udp_en, e.d.udp,
                       e.d.lenf_en, e.d.lenf, e.d.csumf_en, e.d.csumf, e.d.csum_start, e.d.ip_i, e.d.tcp, e.d.hlen, e.d.mss);
            return std::make_pair(oo, e);
        };
        auto with_mss = [](Meta m, int mss) { m.mss = mss; return m; };
        Bytes p4 = ether(D7, vf2m, -1, 0x0800, ip4p(1, 2, 5, tcph(5, 3000)));
        auto p4v = [&](std::function<void(Bytes &)> fix) { Bytes f = p4; fix(f); return f; };
        {
            auto r = run("tso plain VF forward", p4, t2, &r7);
            CHECK(r.second.reason == VNR_REASON_FORWARD && r.second.d.mss == 1000 && r.second.d.hlen == 54 &&
                  r.second.d.ip_i == 14 && r.second.d.tcp == 34, "reference: plain frame, m = mss");
            CHECK(r.first.win[22] == 63, "TSO frame edited as any (TTL)");
        }
        // 16a: mss 0 first, whatever follows
        run("tso mss 0", p4, with_mss(t2, 0), &r7);
        run("tso mss 0 before NOT_TCP", ether(D7, vf2m, -1, 0x0800, ip4p(1, 2, 5, tcph(5, 100), 17)), with_mss(t2, 0), &r7);
        // 16a/b: not TCP
        run("tso UDP", ether(D7, vf2m, -1, 0x0800, ip4p(1, 2, 5, tcph(5, 100), 17)), t2, &r7);
        run("tso ICMP", ether(D7, vf2m, -1, 0x0800, ip4p(1, 2, 5, tcph(5, 100), 1)), t2, &r7);
        run("tso IPv6 ext header", ether(D7, vf2m, -1, 0x86dd, ip6p(s6, d6, tcph(5, 100), 0)), t2, &r7);
        run("tso IPv6 plain", ether(D7, vf2m, -1, 0x86dd, ip6p(s6, d6, tcph(8, 900))), t2, &r7);
        run("tso fragment MF", ether(D7, vf2m, -1, 0x0800, ip4p(1, 2, 5, tcph(5, 100), 6, 0x2000)), t2, &r7);
        run("tso fragment offset", ether(D7, vf2m, -1, 0x0800, ip4p(1, 2, 5, tcph(5, 100), 6, 0x0010)), t2, &r7);
        run("tso ihl 4", p4v([](Bytes &f) { f[14] = 0x44; }), t2, &r7);
        run("tso version 6 under 0x0800", p4v([](Bytes &f) { f[14] = 0x65; }), t2, &r7);
        run("tso not IP", ether(D7, vf2m, -1, 0x88b5, tcph(5, 100)), t2, &r7);
        run("tso ARP", ether(D7, vf2m, -1, 0x0806, tcph(5, 100)), t2, &r7);
        // 16d: lengths
        run("tso doff 4", p4v([](Bytes &f) { f[34 + 12] = 0x40; }), t2, &r7);
        {
            Bytes f = ether(D7, vf2m, -1, 0x0800, ip4p(1, 2, 5, tcph(5, 0)));
            f[34 + 12] = 0xf0;                    // Hin = 94 > len = 54, lengths otherwise true
            TRef c = tso_ref(f, 2, 1000, 1500);
            CHECK(c.reason == VNR_REASON_TSO_BAD_LEN, "reference: Hin > len");
            run("tso Hin > len", f, t2, &r7);
        }
        run("tso IPv4 length +1", p4v([](Bytes &f) { put16(f, 16, ((f[16] << 8) | f[17]) + 1); }), t2, &r7);
        run("tso IPv4 length -1", p4v([](Bytes &f) { put16(f, 16, ((f[16] << 8) | f[17]) - 1); }), t2, &r7);
        run("tso IPv4 length 0 (BIG TCP)", p4v([](Bytes &f) { put16(f, 16, 0); }), t2, &r7);
        run("tso padded", p4v([](Bytes &f) { f.resize(f.size() + 4, 0); }), t2, &r7);
        {
            Bytes f = ether(D7, vf2m, -1, 0x86dd, ip6p(s6, d6, tcph(5, 700)));
            put16(f, 18, 699);
            run("tso IPv6 payload length", f, t2, &r7);
        }
        run("tso ihl 15 doff 15", ether(D7, vf2m, 9, 0x0800, ip4p(1, 2, 15, tcph(15, 4000))), t2, &r7);
        // 16e: MSS clamp by the MTU (VF 2, IP bytes: Hin - l3 = 40 here)
        run("tso mss = mss_max", p4, with_mss(t2, 1460), &r7);
        {
            auto r = run("tso mss clamp VF", p4, with_mss(t2, 1461), &r7);
            CHECK(r.second.reason == VNR_REASON_MSS_CLAMP && r.second.d.mss == 1460, "reference: clamped to 1460");
            CHECK(((r.first.meta[0] >> 8) & 0xff) == VNR_REASON_MSS_CLAMP, "meta reason MSS_CLAMP");
        }
        CHECK(lbw(VNR_EGRESS_MTU_SEL, 2) == 0 && lbw(VNR_EGRESS_MTU_VAL, 1000) == 0, "VF 2 MTU 1000"); mtu2 = 1000;
        run("tso mss clamp VF MTU 1000", p4, with_mss(t2, 1460), &r7);
        run("tso mss clamp VF tagged", ether(D7, vf2m, 3, 0x0800, ip4p(1, 2, 5, tcph(5, 3000))), with_mss(t2, 9000), &r7);
        CHECK(lbw(VNR_EGRESS_MTU_VAL, 68) == 0, "VF 2 MTU 68"); mtu2 = 68;
        run("tso mss_max 0", ether(D7, vf2m, -1, 0x0800, ip4p(1, 2, 12, tcph(5, 300))), t2, &r7);
        run("tso mss_max < 0", ether(D7, vf2m, -1, 0x0800, ip4p(1, 2, 15, tcph(5, 300))), t2, &r7);
        {
            auto r = run("tso mss_max 4", ether(D7, vf2m, -1, 0x0800, ip4p(1, 2, 11, tcph(5, 300))), t2, &r7);
            CHECK(r.second.d.mss == 4, "reference: m = 4");
        }
        CHECK(lbw(VNR_EGRESS_MTU_VAL, 9000) == 0, "VF 2 MTU 9000"); mtu2 = 9000;
        run("tso VF mtu 9000", p4, with_mss(t2, 20000), &r7);
        CHECK(lbw(VNR_EGRESS_MTU_VAL, 1500) == 0, "VF 2 MTU 1500"); mtu2 = 1500;
        // the PF: PF_MAX_MTU, TSO_MSS_MAX
        Bytes pf4 = ether(D9, pfm, -1, 0x0800, ip4p(3, 4, 5, tcph(5, 5000)));
        run("tso PF miss plain", pf4, t0, nullptr);
        run("tso PF mss 8960", pf4, with_mss(t0, 8960), nullptr);
        run("tso PF clamp 9000", pf4, with_mss(t0, 8961), nullptr);
        CHECK(lbw(VNR_EGRESS_PF_MAX_MTU, 2000) == 0, "PF_MAX_MTU 2000"); pfmax = 2000;
        run("tso PF clamp 2000", pf4, with_mss(t0, 3000), nullptr);
        CHECK(lbw(VNR_EGRESS_PF_MAX_MTU, 67) == VNR_ERR_MTU_RANGE, "refused PF_MAX_MTU");
        run("tso PF refused PF_MAX_MTU changes nothing", pf4, with_mss(t0, 3000), nullptr);
        CHECK(lbw(VNR_EGRESS_PF_MAX_MTU, 65535) == 0, "PF_MAX_MTU 65535"); pfmax = 65535;
        run("tso PF mss 16000", pf4, with_mss(t0, 16000), nullptr);
        {
            auto r = run("tso PF TSO_MSS_MAX", pf4, with_mss(t0, 20000), nullptr);
            CHECK(r.second.reason == VNR_REASON_MSS_CLAMP && r.second.d.mss == VNR_TSO_MSS_MAX, "reference: TSO_MSS_MAX");
        }
        run("tso PF 16001", pf4, with_mss(t0, 16001), nullptr);
        run("tso PF 65535", pf4, with_mss(t0, 65535), nullptr);
        CHECK(lbw(VNR_EGRESS_PF_MAX_MTU, 9000) == 0, "PF_MAX_MTU 9000"); pfmax = 9000;
        run("tso PF IPv6 miss", ether(D9, pfm, -1, 0x86dd, ip6p(s6, d6, tcph(5, 2000))), t0, nullptr);

        // tunnel shapes (PF, recognised, row 21)
        Bytes in4 = ether(IM1, IM2, -1, 0x0800, ip4p(0x0a000001, 0x0a000002, 5, tcph(5, 2000)));
        Bytes in4t = ether(IM1, IM2, 7, 0x0800, ip4p(0x0a000001, 0x0a000002, 6, tcph(7, 2000)));
        Bytes in6 = ether(IM1, IM2, -1, 0x86dd, ip6p(s6, d6, tcph(5, 1500)));
        Bytes vx1 = tunnel(D9, pfm, -1, 5, 17, vxo, in4);
        {
            CHECK(recognise(vx1) == 0, "reference: vxlan recognised");
            auto r = run("tso PF vxlan", vx1, t0, nullptr);
            CHECK(r.second.d.ip_o_en && r.second.d.ip_o == 14 && r.second.d.udp == 34 && r.second.d.lenf == 38 &&
                  r.second.d.ip_i == 64 && r.second.d.tcp == 84 && r.second.d.hlen == 104 && !r.second.d.csumf_en,
                  "reference: vxlan tunnel column");
        }
        run("tso PF vxlan tagged inner", tunnel(D9, pfm, -1, 5, 17, vxo, in4t), t0, nullptr);
        run("tso PF vxlan outer tag ihl 6", tunnel(D9, pfm, 12, 6, 17, vxo, in4t), t0, nullptr);
        run("tso PF vxlan inner IPv6", tunnel(D9, pfm, -1, 5, 17, vxo, in6), with_mss(t0, 9000), nullptr);
        {
            Bytes g = tunnel(D9, pfm, -1, 5, 47, greo, in4);
            CHECK(recognise(g) == 1, "reference: gre recognised");
            auto r = run("tso PF gre", g, t0, nullptr);
            CHECK(r.second.d.csumf_en && r.second.d.csumf == 38 && r.second.d.csum_start == 34 && !r.second.d.udp_en,
                  "reference: gre column");
            // no UDP length check for proto 47: these bytes are the GRE checksum
            g[34 + 4] = 0x12; g[34 + 5] = 0x34;
            run("tso PF gre, csum bytes", g, t0, nullptr);
        }
        {
            Bytes n4 = tunnel(D9, pfm, -1, 5, 17, nato, ip4p(0x0a000001, 0x0a000002, 5, tcph(5, 1200)));
            CHECK(recognise(n4) == 2, "reference: native recognised");
            run("tso PF native IPv4", n4, t0, nullptr);
            run("tso PF native IPv6", tunnel(D9, pfm, 4, 7, 17, nato, ip6p(s6, d6, tcph(6, 1200))), t0, nullptr);
            Bytes n5 = n4; n5[34 + 20] = 0x55;
            run("tso PF native version 5", n5, t0, nullptr);
        }
        run("tso PF vxlan inner ARP", tunnel(D9, pfm, -1, 5, 17, vxo, ether(IM1, IM2, -1, 0x0806, tcph(5, 100))), t0, nullptr);
        run("tso PF vxlan inner UDP", tunnel(D9, pfm, -1, 5, 17, vxo,
                                             ether(IM1, IM2, -1, 0x0800, ip4p(1, 2, 5, tcph(5, 300), 17))), t0, nullptr);
        {
            Bytes u = vxo; u[2] = 0x12; u[3] = 0x34;  // no profile's port: plain, UDP
            Bytes f = tunnel(D9, pfm, -1, 5, 17, u, in4);
            CHECK(recognise(f) < 0, "reference: unknown port not recognised");
            run("tso PF unrecognised UDP", f, t0, nullptr);
            Bytes u6 = vxo; u6.insert(u6.end(), in4.begin(), in4.end()); put16(u6, 4, u6.size());
            run("tso PF outer IPv6 vxlan", ether(D9, pfm, -1, 0x86dd, ip6p(s6, d6, u6, 17)), t0, nullptr);
            // a VF's vxlan frame is a plain frame: UDP
            run("tso VF vxlan is plain", tunnel(D7, vf2m, -1, 5, 17, vxo, in4), t2, &r7);
        }
        // tunnel lengths
        run("tso PF outer length lie", [&] { Bytes f = vx1; put16(f, 16, ((f[16] << 8) | f[17]) + 1); return f; }(), t0, nullptr);
        run("tso PF UDP length lie", [&] { Bytes f = vx1; put16(f, 38, ((f[38] << 8) | f[39]) - 1); return f; }(), t0, nullptr);
        run("tso PF inner length lie", [&] { Bytes f = vx1; put16(f, 66, ((f[66] << 8) | f[67]) + 2); return f; }(), t0, nullptr);
        run("tso PF padded tunnel", [&] { Bytes f = vx1; f.resize(f.size() + 2, 0); return f; }(), t0, nullptr);
        // headers past the window
        run("tso PF tcp+13 > 128", tunnel(D9, pfm, -1, 15, 17, vxo, in4), t0, nullptr);
        run("tso PF inner IPv4 past 128", tunnel(D9, pfm, 5, 15, 17, vxo, in4t), t0, nullptr);
        run("tso PF inner IPv6 at 84", tunnel(D9, pfm, -1, 10, 17, vxo, in6), t0, nullptr);
        run("tso PF inner IPv6 past 128", tunnel(D9, pfm, -1, 12, 17, vxo, in6), t0, nullptr);
        run("tso PF ihl 12 doff 15 at 124", tunnel(D9, pfm, -1, 5, 17, vxo,
            ether(IM1, IM2, -1, 0x0800, ip4p(0x0a000001, 0x0a000002, 12, tcph(15, 500)))), t0, nullptr);
        {
            // longer opaque headers (profile 3 odd: port 12345; profile 2 native)
            uint32_t w3 = prof_words[15], w2 = prof_words[10];
            Bytes o40 = vxo; o40[2] = 0x30; o40[3] = 0x39; o40.resize(40, 0);
            Bytes o33 = o40; o33.resize(33);
            prof_words[15] = (w3 & ~(0x7fu << 16)) | (40u << 16);
            run("tso PF inner EtherType past 128", tunnel(D9, pfm, 5, 15, 17, o40, in4), t0, nullptr);
            prof_words[15] = (w3 & ~(0x7fu << 16)) | (33u << 16);
            run("tso PF inner tag past 128", tunnel(D9, pfm, 5, 15, 17, o33, in4t), t0, nullptr);
            run("tso PF inner IPv4 at 125", tunnel(D9, pfm, 5, 15, 17, o33, in4), t0, nullptr);
            prof_words[15] = (w3 & ~(0x7fu << 16)) | (29u << 16);
            Bytes o29 = o40; o29.resize(29);
            run("tso PF odd L 29 inner tag", tunnel(D9, pfm, -1, 5, 17, o29, in4t), t0, nullptr);
            prof_words[15] = w3;
            Bytes n64 = nato; n64.resize(64, 0);
            prof_words[10] = (w2 & ~(0x7fu << 16)) | (64u << 16);
            run("tso PF native version byte past 128", tunnel(D9, pfm, 5, 15, 17, n64,
                ip4p(0x0a000001, 0x0a000002, 5, tcph(5, 300))), t0, nullptr);
            prof_words[10] = w2;
        }

        // plain VF frames through encap rules (the descriptor of the frame as sent)
        {
            Bytes f = ether(D2, vf1m, -1, 0x0800, ip4p(0x0a000001, 0xc0a80105, 5, tcph(5, 3000)));
            auto r = run("tso VF vxlan encap", f, t1, &r1);
            check_encap("tso vxlan", r.first, f, r1, 1, 1, 4, 0, 0);
            Bytes g = ether(D2, vf1m, 100, 0x0800, ip4p(0x0a000001, 0xc0a801c8, 6, tcph(8, 3000)));
            r = run("tso VF gre encap", g, t1, &r2);
            check_encap("tso gre", r.first, g, r2, 1, 0, 0, 1, 4);
            CHECK(r.second.d.csumf_en && r.second.d.csumf == 18 + 20 + 4 && r.second.d.csum_start == 38 && !r.second.d.udp_en,
                  "reference: gre encap column");
            Bytes n = ether(D10, vf2m, -1, 0x0800, ip4p(7, 8, 5, tcph(5, 2500)));
            r = run("tso VF native encap", n, t2, &r9);
            check_encap("tso native", r.first, n, r9, 0, 1, 4, 0, 0);
            CHECK(r.second.d.ip_i == 54 && r.second.d.tcp == 74 && r.second.d.hlen == 94 && r.second.S == 14,
                  "reference: native strips the inner Ethernet header");
            Bytes nt = ether(D10, vf2m, 77, 0x86dd, ip6p(s6, d6, tcph(5, 2500)));
            r = run("tso VF native encap tagged IPv6", nt, with_mss(t2, 1500), &r9);
            check_encap("tso native v6", r.first, nt, r9, 0, 1, 4, 0, 0);
            Bytes od = ether(D6, vf2m, -1, 0x0800, ip4p(7, 8, 5, tcph(5, 1999)));
            r = run("tso VF odd encap", od, t2, &r6);
            check_encap("tso odd", r.first, od, r6, 1, 1, 4, 1, 9);
            Bytes p6 = ether(D5, pfm, -1, 0x86dd, ip6p(s6, d6, tcph(5, 1000)));
            r = run("tso PF native encap IPv6", p6, t0, &r5);
            check_encap("tso pf native", r.first, p6, r5, 0, 1, 4, 0, 0);
        }
        // rule rows on TSO frames: not cut, descriptor 0; rows 1-15 first
        {
            Bytes f3 = ether(D3, vf1m, -1, 0x0800, ip4p(0x0a000001, 2, 5, tcph(5, 500)));
            run("tso trap rule", f3, t1, &r3);
            Bytes f4 = f3; f4[5] = 4;
            run("tso drop rule", f4, t1, &r4);
            run("tso check before rule", f3, with_mss(t1, 0), &r3);
            run("tso VF miss", ether(D9, vf2m, -1, 0x0800, ip4p(1, 2, 5, tcph(5, 500))), t2, nullptr);
            CHECK(lbw(VNR_EGRESS_TRAP_CTRL, 0x04) == 0, "TRAP_CTRL bcast");
            o = send(ether(mac(0xff, 0xff, 0xff, 0xff, 0xff, 0xff), vf2m, -1, 0x0800, ip4p(1, 2, 5, tcph(5, 500))), with_mss(t2, 0));
            expect("tso trap row 13 before 16a", o, 2, VNR_REASON_TRAP_BCAST, 2);
            CHECK(lbw(VNR_EGRESS_TRAP_CTRL, 0) == 0, "TRAP_CTRL off");
            o = send(ether(D7, vf2m, -1, 0x0800, ip4p(0x0a000001, 2, 5, tcph(5, 500))), with_mss(t1, 0));
            expect("tso src MAC row 8 before 16a", o, 0, VNR_REASON_SRC_MAC, 1);
        }
        // row 20a: a host's tunnel under an encap rule (one tunnel layer is
        // segmented), whatever its Hout; the rule hit counts, no ID is taken
        {
            Bytes in = ether(IM1, IM2, -1, 0x0800, ip4p(0x0a000001, 0x0a000002, 12, tcph(15, 1000)));
            Bytes a = tunnel(D11, pfm, -1, 5, 17, vxo, in), b = tunnel(D12, pfm, -1, 5, 17, vxo, in);
            auto r = run("tso tunnel in a tunnel (Hout 256)", a, t0, &r10);
            CHECK(r.second.reason == VNR_REASON_TSO_HDR && r.second.hit == 1 && r.second.rule == 10,
                  "reference: TSO_HDR counted in the rule");
            CHECK(r.first.meta[1] & (1u << 7), "meta rule_hit for TSO_HDR");
            run("tso tunnel in a tunnel (Hout 257)", b, t0, &r11);
            run("tso tunnel in a tunnel, small", tunnel(D11, pfm, -1, 5, 17, vxo, in4), t0, &r10);
            // the longest plain header under the longest prefix: Hout = 138 + 84
            Bytes pp = ether(D11, pfm, 5, 0x0800, ip4p(3, 4, 15, tcph(15, 2000)));
            r = run("tso PF plain Hout 222", pp, t0, &r10);
            CHECK(r.second.reason == VNR_REASON_FORWARD && r.second.d.hlen == 222, "reference: Hout 222");
            check_encap("tso Hout 222 (no ID taken by the drops)", r.first, pp, r10, 1, 1, 4, 0, 0);
            Bytes pq = pp; pq[5] = 0x12;
            r = run("tso PF plain Hout 223", pq, t0, &r11);
            check_encap("tso Hout 223", r.first, pq, r11, 1, 1, 4, 0, 0);
            // a host's tunnel forwarded by a rule without encap: tunnel column, edited
            r = run("tso PF vxlan by a rule without encap", tunnel(D13, pfm, -1, 5, 17, vxo, in4t), t0, &r12);
            CHECK(r.second.d.ip_o_en && r.second.d.udp_en && r.second.hit, "reference: tunnel column on row 20");
            CHECK(r.first.win[6] == 0x02 && r.first.win[11] == 0x12, "source MAC replaced");
        }
        // random shapes, header sizes and lies against the reference
        {
            srand(11);
            int seen[32] = {0};
            for (int it = 0; it < 400; it++) {
                bool pf = rand() & 1, v6 = (rand() % 3) == 0;
                int ihl = 5 + rand() % 11, doff = 5 + rand() % 11, pay = rand() % 3000, shape = rand() % 4;
                int ivid = (rand() & 3) == 0 ? 9 : -1, ovid = (rand() & 3) == 0 ? 10 : -1, oihl = 5 + rand() % 4;
                Bytes l4 = tcph(doff, pay);
                Bytes ip = v6 ? ip6p(s6, d6, l4) : ip4p(0x0a000001, 0x0a000002, ihl, l4);
                Mac d = pf ? D9 : D7, sm = pf ? pfm : vf2m;
                Bytes f;
                if (shape == 0) f = ether(d, sm, ovid, v6 ? 0x86dd : 0x0800, ip);
                else if (shape == 1) f = tunnel(d, sm, ovid, oihl, 17, vxo, ether(IM1, IM2, ivid, v6 ? 0x86dd : 0x0800, ip));
                else if (shape == 2) f = tunnel(d, sm, ovid, oihl, 47, greo, ether(IM1, IM2, ivid, v6 ? 0x86dd : 0x0800, ip));
                else f = tunnel(d, sm, ovid, oihl, 17, nato, ip);
                int lie = rand() % 8;
                if (lie == 1) f.resize(f.size() + 1 + rand() % 3, 0);
                if (lie == 2 && f.size() > 60) f[40 + rand() % 20] ^= 1 << (rand() % 8);
                if (lie == 3) f[rand() % std::min<size_t>(f.size(), 128)] = rand();
                Meta m = pf ? t0 : t2;
                int mr = rand() % 8;
                m.mss = mr == 0 ? 0 : mr == 1 ? rand() % 100 : rand() % 20000;
                TExp e = tso_expect(f, m.func, m.mss, pf ? pfmax : mtu2, pf ? nullptr : &r7);
                seen[e.reason & 31]++;
                Out oo = send(f, m);
                char nm[32]; snprintf(nm, sizeof nm, "tso random %d", it);
                check_tso(nm, oo, e);
            }
            for (int rs : {VNR_REASON_FORWARD, VNR_REASON_MSS_CLAMP, VNR_REASON_TSO_MSS, VNR_REASON_TSO_NOT_TCP,
                           VNR_REASON_TSO_BAD_LEN, VNR_REASON_TSO_HDR})
                CHECK(seen[rs] > 0, "random TSO frames reach reason %d", rs);
            if (getenv("TB_TRACE"))
                for (int k = 0; k < 32; k++) if (seen[k]) printf("random: reason %d x %d\n", k, seen[k]);
        }
        // back to back: TSO decisions of consecutive cycles stay with their frames
        {
            std::vector<Bytes> fs = {p4, vx1, pf4, p4v([](Bytes &f) { f.resize(f.size() + 1, 0); }),
                                     tunnel(D9, pfm, -1, 5, 17, vxo, in6), ether(D7, vf2m, -1, 0x86dd, ip6p(s6, d6, tcph(5, 100), 0)),
                                     tunnel(D9, pfm, -1, 15, 17, vxo, in4), ether(D7, vf2m, 3, 0x0800, ip4p(1, 2, 9, tcph(11, 3000)))};
            std::vector<Meta> ms = {with_mss(t2, 1461), with_mss(t0, 700), with_mss(t0, 9999), t2, t0, t2, t0, with_mss(t2, 0)};
            std::vector<TExp> es;
            outs.clear();
            std::vector<unsigned long> c0;
            for (size_t i = 0; i < fs.size(); i++) {
                es.push_back(tso_expect(fs[i], ms[i].func, ms[i].mss, ms[i].func ? mtu2 : pfmax, ms[i].func ? &r7 : nullptr));
                drive(fs[i], ms[i]); c0.push_back(cyc); tick();
            }
            undrive();
            for (int i = 0; i < 40; i++) tick();
            CHECK(outs.size() == fs.size(), "TSO back to back: %zu decisions", outs.size());
            for (size_t i = 0; i < outs.size() && i < fs.size(); i++) {
                char nm[32]; snprintf(nm, sizeof nm, "tso b2b %zu", i);
                CHECK(outs[i].cycle == c0[i] + CLS_LAT_EG - 2, "%s: cycle", nm);
                check_tso(nm, outs[i], es[i]);
            }
        }
        printf("egress_decider: %lu of the checks are TSO\n", tb_pass + tb_fail - tso_c0);
    }
    // the outer ID wraps mod 65536: only checked as a counter of encapsulations here
    return tb_finish("egress_decider");
}
