// e2h_arbiter against a reference of timing.md 3.5: owner / last-winner
// round-robin (egress wins the first tie), move in the cycle the owner is
// chosen, whole frames (no interleaving inside a frame).
#include "Ve2h_arbiter.h"
#include "verilated.h"
#include "../common/tb_check.h"
#include <deque>

struct Beat { unsigned id; bool last; };

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    Ve2h_arbiter *t = new Ve2h_arbiter;
    std::deque<Beat> q[2];          // 0 = egress, 1 = ingress
    unsigned id[2] = {0x100, 0x8100};
    int owner = -1, last_win = 1;   // reset: ingress was the last winner
    int out_used = 0, cur_src = -1;
    unsigned cyc = 0, order_checks = 0;
    srand(7);

    auto tick = [&]() { t->clk_i = 1; t->eval(); t->clk_i = 0; t->eval(); cyc++; };
    t->clk_i = 0; t->rst_i = 1; t->eval(); tick(); tick(); t->rst_i = 0;

    // first tie: both queues hold a 2-beat frame at once
    for (int s = 0; s < 2; s++) { q[s].push_back({id[s]++, false}); q[s].push_back({id[s]++, true}); }
    for (unsigned i = 0; i < 30000; i++) {
        // generate traffic: random frames of 1..4 beats
        for (int s = 0; s < 2; s++)
            if (i > 10 && q[s].size() < 6 && rand() % 4 == 0) {
                int n = 1 + rand() % 4;
                for (int k = 0; k < n; k++) q[s].push_back({id[s]++, k == n - 1});
            }
        t->eg_valid_i = !q[0].empty();
        t->eg_data_i = q[0].empty() ? 0 : q[0].front().id;
        t->eg_last_i = !q[0].empty() && q[0].front().last;
        t->in_valid_i = !q[1].empty();
        t->in_data_i = q[1].empty() ? 0 : q[1].front().id;
        t->in_last_i = !q[1].empty() && q[1].front().last;
        t->out_used_i = out_used;
        t->eval();

        // reference
        int cur = owner, win = -1;
        if (owner < 0) {
            if (!q[0].empty() && !q[1].empty()) win = last_win == 1 ? 0 : 1;
            else if (!q[0].empty()) win = 0;
            else if (!q[1].empty()) win = 1;
            cur = win;
        }
        bool move = cur >= 0 && !q[cur].empty() && out_used < 2;
        CHECK(t->out_push_o == move, "cyc %u push %u exp %u", cyc, t->out_push_o, move);
        CHECK(t->eg_pop_o == (move && cur == 0), "cyc %u eg_pop", cyc);
        CHECK(t->in_pop_o == (move && cur == 1), "cyc %u in_pop", cyc);
        if (move) {
            CHECK(t->out_data_o == q[cur].front().id, "cyc %u data %x exp %x", cyc,
                  t->out_data_o, q[cur].front().id);
            // atomicity: a frame's beats are never interleaved with the other source
            if (cur_src >= 0) CHECK(cur_src == cur, "cyc %u interleaved frame", cyc);
            cur_src = q[cur].front().last ? -1 : cur;
        }
        if (i == 0) { CHECK(move && cur == 0, "egress must win the first tie"); order_checks++; }
        bool was_last = move && q[cur].front().last;
        if (owner < 0 && win >= 0) last_win = win;
        owner = (move && was_last) ? -1 : cur;
        int pop_out = (out_used > 0 && rand() % 3) ? 1 : 0;
        tick();
        if (move) q[cur].pop_front();
        out_used = out_used - pop_out + (move ? 1 : 0);
    }
    CHECK(order_checks == 1, "tie check ran");
    delete t;
    return tb_finish("e2h_arbiter");
}
