// frame_fifo: ordering, timing (a beat pushed in cycle n is visible in n+1,
// a beat released in n is gone for n+1), the reader sees min(2, used) beats
// (head and next) every cycle, releases of 0, 1 or 2 beats a cycle, used
// count, full and empty, against a deque.
#include "Vframe_fifo.h"
#include "verilated.h"
#include "../common/tb_check.h"
#include <deque>

static const unsigned DEPTH = 16;

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    Vframe_fifo *t = new Vframe_fifo;
    std::deque<unsigned> model;
    unsigned next = 1, cyc = 0;
    srand(1);

    auto tick = [&]() { t->clk_i = 1; t->eval(); t->clk_i = 0; t->eval(); cyc++; };
    t->clk_i = 0; t->rst_i = 1; t->push_i = 0; t->pop_i = 0; t->eval();
    tick(); tick();
    t->rst_i = 0; t->eval();

    // phases: 0 random, 1 fill to full, 2 drain by 2, 3 stream 1/cycle with
    // pop 1, 4 stream with pops of 2 whenever possible, 5 random pops of 0..2
    for (int phase = 0; phase < 6; phase++) {
        unsigned n = (phase == 0 || phase == 5) ? 40000 : 300;
        for (unsigned i = 0; i < n; i++) {
            bool room = model.size() < DEPTH;
            bool push;
            unsigned pop;
            switch (phase) {
            case 0: push = room && (rand() % 3); pop = rand() % 2; break;
            case 1: push = room; pop = 0; break;
            case 2: push = false; pop = 2; break;
            case 3: push = room; pop = 1; break;
            case 4: push = room && (rand() % 4); pop = 2; break;
            default: push = room && (rand() % 5); pop = rand() % 3; break;
            }
            if (pop > model.size()) pop = model.size();
            t->push_i = push; t->push_data_i = next & 0xffff; t->pop_i = pop;
            t->eval();
            // outputs are a function of the state only
            unsigned vis = model.size() < 2 ? model.size() : 2;
            CHECK(t->used_o == model.size(), "cyc %u used %u model %zu", cyc, t->used_o, model.size());
            CHECK(t->vis_o == vis, "cyc %u vis %u exp %u", cyc, t->vis_o, vis);
            if (vis >= 1)
                CHECK(t->head_o == model[0], "cyc %u head %x model %x", cyc, t->head_o, model[0]);
            if (vis >= 2)
                CHECK(t->next_o == model[1], "cyc %u next %x model %x", cyc, t->next_o, model[1]);
            if (phase == 1 && i == n - 1)
                CHECK(model.size() == DEPTH && t->used_o == DEPTH, "full: used %u", t->used_o);
            if (phase == 2 && i == n - 1)
                CHECK(model.empty() && t->vis_o == 0, "empty after drain");
            tick();
            for (unsigned k = 0; k < pop; k++) model.pop_front();
            if (push) { model.push_back(next & 0xffff); next++; }
        }
    }
    // empty, push one beat in cycle n, it is the head in n+1
    while (!model.empty()) { t->pop_i = 1; t->push_i = 0; t->eval(); tick(); model.pop_front(); }
    t->pop_i = 0; t->push_i = 1; t->push_data_i = 0xabcd; t->eval(); tick();
    t->push_i = 0; t->eval();
    CHECK(t->vis_o == 1 && t->head_o == 0xabcd, "beat pushed in n not head in n+1");
    delete t;
    return tb_finish("frame_fifo");
}
