// bst_lookup (docs/egress.md section 2): a tree of sorted random keys in each
// bank, lookups every cycle; the leaf reached must be the number of keys <=
// the key (so leaf data = its index), delivered exactly 2*BST_LEVELS cycles
// after the key; bank selection per lookup; all-ones filler nodes.
#include "Vbst_lookup.h"
#include "verilated.h"
#include "../common/tb_check.h"
#include <cstdint>
#include <vector>
#include <array>
#include <algorithm>
#include <deque>
#include <cstdlib>

static const int LV = 8;            // RULES = 64
typedef std::array<uint32_t, 6> Key;
static Vbst_lookup *t;
static unsigned long cyc;

static bool lt(const Key &a, const Key &b)
{
    for (int w = 5; w >= 0; w--) if (a[w] != b[w]) return a[w] < b[w];
    return false;
}
static void tick() { t->clk_i = 1; t->eval(); t->clk_i = 0; t->eval(); cyc++; }
static void setkey(Key k) { for (int w = 0; w < 6; w++) t->key_i[w] = k[w]; }
static Key rkey()
{
    Key k;
    for (int w = 0; w < 6; w++) k[w] = rand() % 4;        // dense: many equal words
    k[5] &= 0x3ffffff;
    return k;
}

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    t = new Vbst_lookup;
    t->clk_i = 0; t->eval();
    srand(11);
    std::vector<Key> keys[2];
    for (int b = 0; b < 2; b++) {
        int n = b == 0 ? (1 << LV) - 1 : 37;               // full tree, and a partly filled one
        while ((int)keys[b].size() < n) {
            Key k = rkey();
            if (std::find(keys[b].begin(), keys[b].end(), k) == keys[b].end()) keys[b].push_back(k);
        }
        std::sort(keys[b].begin(), keys[b].end(), lt);
        for (int l = 0; l < LV; l++)
            for (int i = 0; i < (1 << l); i++) {
                int num = (2 * i + 1) << (LV - 1 - l);
                Key k = num <= n ? keys[b][num - 1] : Key{~0u, ~0u, ~0u, ~0u, ~0u, 0x3ffffff};
                t->wr_node_i = 1; t->wr_leaf_i = 0; t->wr_bank_i = b; t->wr_level_i = l; t->wr_index_i = i;
                for (int w = 0; w < 6; w++) t->wr_key_i[w] = k[w];
                tick();
            }
        t->wr_node_i = 0;
        for (int i = 0; i < (1 << LV); i++) {
            t->wr_leaf_i = 1; t->wr_bank_i = b; t->wr_index_i = i;
            t->wr_leafd_i = (1u << 20) | (i ^ (b << 10));
            tick();
        }
        t->wr_leaf_i = 0;
    }
    tick();
    if (getenv("DBG")) {
        for (int q : {0, 1, 126, 127, 128, 200}) {
            Key k = keys[0][q]; setkey(k); t->bank_i = 0; t->eval();
            for (int j = 0; j < 2 * LV; j++) tick();
            printf("key #%d -> leaf %u\n", q, t->rule_o);
            for (int w = 5; w >= 0; w--) printf("%08x ", k[w]); printf("\n");
        }
    }
    std::deque<std::pair<unsigned long, unsigned>> exp;
    for (int it = 0; it < 5000; it++) {
        int b = rand() & 1;
        Key k;
        if (rand() % 3 == 0) k = keys[b][rand() % keys[b].size()]; else k = rkey();
        unsigned leaf = 0;
        for (auto &x : keys[b]) if (!lt(k, x)) leaf++;
        setkey(k); t->bank_i = b; t->eval();
        exp.push_back({cyc + 2 * LV, leaf ^ (b << 10)});
        tick();
        while (!exp.empty() && exp.front().first == cyc) {
            if (getenv("DBG") && t->rule_o != exp.front().second) { printf("it %d\n", it); }
            CHECK(t->hit_o && t->rule_o == exp.front().second && t->bank_o == (exp.front().second >> 10),
                  "lookup %d: leaf %u, expected %u (bank %d hit %d)", it, t->rule_o, exp.front().second, (int)t->bank_o, (int)t->hit_o);
            exp.pop_front();
        }
    }
    return tb_finish("bst_lookup");
}
