// frame_fifo: ordering, first-word-fall-through timing (a beat pushed in
// cycle n is the head in n+1), used count, full and empty, against a deque.
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

    // phases: 0 random, 1 fill to full, 2 drain, 3 stream 1/cycle with pop
    for (int phase = 0; phase < 4; phase++) {
        unsigned n = phase == 0 ? 20000 : 200;
        for (unsigned i = 0; i < n; i++) {
            bool room = model.size() < DEPTH;
            bool push, pop;
            switch (phase) {
            case 0: push = room && (rand() % 3); pop = rand() % 2; break;
            case 1: push = room; pop = false; break;
            case 2: push = false; pop = true; break;
            default: push = room; pop = true; break;
            }
            t->push_i = push; t->push_data_i = next & 0xffff; t->pop_i = pop;
            t->eval();
            // outputs are a function of the state only
            CHECK(t->used_o == model.size(), "cyc %u used %u model %zu", cyc, t->used_o, model.size());
            CHECK(t->head_valid_o == !model.empty(), "cyc %u head_valid %u model %zu", cyc,
                  t->head_valid_o, model.size());
            if (!model.empty())
                CHECK(t->head_data_o == model.front(), "cyc %u head %x model %x", cyc,
                      t->head_data_o, model.front());
            if (phase == 1 && i == n - 1)
                CHECK(model.size() == DEPTH && t->used_o == DEPTH, "full: used %u", t->used_o);
            if (phase == 2 && i == n - 1)
                CHECK(model.empty() && !t->head_valid_o, "empty after drain");
            bool popped = pop && !model.empty();
            tick();
            if (popped) model.pop_front();
            if (push) { model.push_back(next & 0xffff); next++; }
        }
    }
    // FWFT: empty, push one beat in cycle n, it is the head in n+1
    while (!model.empty()) { t->pop_i = 1; t->push_i = 0; t->eval(); tick(); model.pop_front(); }
    t->pop_i = 0; t->push_i = 1; t->push_data_i = 0xabcd; t->eval(); tick();
    t->push_i = 0; t->eval();
    CHECK(t->head_valid_o && t->head_data_o == 0xabcd, "FWFT: beat pushed in n not head in n+1");
    delete t;
    return tb_finish("frame_fifo");
}
