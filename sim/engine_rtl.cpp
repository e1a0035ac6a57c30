// The Verilated RTL behind model/include/vnr_engine.h.
//
// rtl/ is Verilated twice into one library, with --prefix Vvnr_top_w64
// (DATA_W=64) and --prefix Vvnr_top_w512 (DATA_W=512); vnr_engine_rtl_new()
// picks the one whose width the parameters ask for.
//
// Cycle: the clock rests low between calls. eval() reads the outputs, which
// after the last step's eval() reflect the state of the current cycle (they
// depend on state only). step() drives the inputs, evaluates, raises the
// clock (the edge that ends the cycle), evaluates, and lowers it again.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include "verilated.h"
#include "verilated_fst_c.h"

#include "Vvnr_top_w512.h"
#include "Vvnr_top_w64.h"

#include "vnr_engine.h"


namespace {

// -- moving bytes and words in and out of Verilator signals of any width --

template <typename T> inline void put_bytes(T &sig, const uint8_t *d, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n && i < sizeof(T); i++)
		v |= (uint64_t)d[i] << (8 * i);
	sig = (T)v;
}
template <std::size_t W> inline void put_bytes(VlWide<W> &sig, const uint8_t *d, unsigned n)
{
	for (std::size_t w = 0; w < W; w++) {
		uint32_t v = 0;
		for (unsigned b = 0; b < 4; b++) {
			unsigned i = (unsigned)w * 4 + b;
			if (i < n)
				v |= (uint32_t)d[i] << (8 * b);
		}
		sig[w] = v;
	}
}
template <typename T> inline void get_bytes(const T &sig, uint8_t *d, unsigned n)
{
	uint64_t v = (uint64_t)sig;
	for (unsigned i = 0; i < n; i++)
		d[i] = i < 8 ? (uint8_t)(v >> (8 * i)) : 0;
}
template <std::size_t W> inline void get_bytes(const VlWide<W> &sig, uint8_t *d, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		d[i] = i / 4 < W ? (uint8_t)(sig[i / 4] >> (8 * (i % 4))) : 0;
}
template <typename T> inline void put_u64(T &sig, uint64_t v) { sig = (T)v; }
template <std::size_t W> inline void put_u64(VlWide<W> &sig, uint64_t v)
{
	for (std::size_t w = 0; w < W; w++)
		sig[w] = w == 0 ? (uint32_t)v : w == 1 ? (uint32_t)(v >> 32) : 0;
}
template <typename T> inline uint64_t get_u64(const T &sig) { return (uint64_t)sig; }
template <std::size_t W> inline uint64_t get_u64(const VlWide<W> &sig)
{
	return (uint64_t)sig[0] | (W > 1 ? (uint64_t)sig[1] << 32 : 0);
}
template <typename T> inline void put_user(T &sig, const uint32_t u[4])
{
	sig = (T)((uint64_t)u[0] | (uint64_t)u[1] << 32);
}
template <std::size_t W> inline void put_user(VlWide<W> &sig, const uint32_t u[4])
{
	for (std::size_t w = 0; w < W; w++)
		sig[w] = w < 4 ? u[w] : 0;
}
template <typename T> inline void get_user(const T &sig, uint32_t u[4])
{
	uint64_t v = (uint64_t)sig;
	u[0] = (uint32_t)v;
	u[1] = (uint32_t)(v >> 32);
	u[2] = u[3] = 0;
}
template <std::size_t W> inline void get_user(const VlWide<W> &sig, uint32_t u[4])
{
	for (std::size_t w = 0; w < 4; w++)
		u[w] = w < W ? sig[w] : 0;
}

template <class Top> struct Rtl {
	VerilatedContext *ctx;
	Top *top;
	VerilatedFstC *fst = nullptr;
	uint64_t time = 0;
	unsigned bytes;

	explicit Rtl(unsigned data_w) : bytes(data_w / 8)
	{
		ctx = new VerilatedContext;
		ctx->traceEverOn(true);
		ctx->randReset(0); // every unreset bit starts 0: reproducible runs
		top = new Top(ctx, "vnr_top");
		top->clk = 0;
		top->rst = 1;
		top->eval();
	}
	~Rtl()
	{
		trace_close();
		top->final();
		delete top;
		delete ctx;
	}
	void dump()
	{
		if (fst)
			fst->dump(time);
		time++;
	}
	void clock()
	{
		top->eval();
		dump();
		top->clk = 1;
		top->eval();
		dump();
		top->clk = 0;
		top->eval();
	}
	void idle_inputs()
	{
		top->h2e_tvalid = 0;
		top->h2e_tlast = 0;
		put_u64(top->h2e_tkeep, 0);
		top->n2e_tvalid = 0;
		top->n2e_tlast = 0;
		put_u64(top->n2e_tkeep, 0);
		top->e2n_tready = 0;
		top->e2h_tready = 0;
		top->s_axil_awvalid = 0;
		top->s_axil_wvalid = 0;
		top->s_axil_bready = 0;
		top->s_axil_arvalid = 0;
		top->s_axil_rready = 0;
	}
	void reset()
	{
		idle_inputs();
		top->rst = 1;
		for (int i = 0; i < 8; i++)
			clock();
		top->rst = 0;
		top->eval();
	}
	void eval(vnr_out *o)
	{
		std::memset(o, 0, sizeof(*o));
		o->h2e_ready = top->h2e_tready;
		o->n2e_ready = top->n2e_tready;
		o->e2n.valid = top->e2n_tvalid;
		o->e2n.last = top->e2n_tlast;
		o->e2n.keep = get_u64(top->e2n_tkeep);
		get_bytes(top->e2n_tdata, o->e2n.data, bytes);
		get_user(top->e2n_tuser, o->e2n.user);
		o->e2h.valid = top->e2h_tvalid;
		o->e2h.last = top->e2h_tlast;
		o->e2h.keep = get_u64(top->e2h_tkeep);
		get_bytes(top->e2h_tdata, o->e2h.data, bytes);
		get_user(top->e2h_tuser, o->e2h.user);
		o->awready = top->s_axil_awready;
		o->wready = top->s_axil_wready;
		o->bvalid = top->s_axil_bvalid;
		o->bresp = top->s_axil_bresp;
		o->arready = top->s_axil_arready;
		o->rvalid = top->s_axil_rvalid;
		o->rresp = top->s_axil_rresp;
		o->rdata = top->s_axil_rdata;
	}
	void step(const vnr_in *in)
	{
		top->h2e_tvalid = in->h2e.valid;
		top->h2e_tlast = in->h2e.last;
		put_u64(top->h2e_tkeep, in->h2e.keep);
		put_bytes(top->h2e_tdata, in->h2e.data, bytes);
		put_user(top->h2e_tuser, in->h2e.user);
		top->n2e_tvalid = in->n2e.valid;
		top->n2e_tlast = in->n2e.last;
		put_u64(top->n2e_tkeep, in->n2e.keep);
		put_bytes(top->n2e_tdata, in->n2e.data, bytes);
		put_user(top->n2e_tuser, in->n2e.user);
		top->e2n_tready = in->e2n_ready;
		top->e2h_tready = in->e2h_ready;
		top->s_axil_awvalid = in->awvalid;
		top->s_axil_awaddr = in->awaddr & 0xfffffu;
		top->s_axil_wvalid = in->wvalid;
		top->s_axil_wdata = in->wdata;
		top->s_axil_wstrb = in->wstrb;
		top->s_axil_bready = in->bready;
		top->s_axil_arvalid = in->arvalid;
		top->s_axil_araddr = in->araddr & 0xfffffu;
		top->s_axil_rready = in->rready;
		clock();
	}
	int trace_open(const char *path)
	{
		trace_close();
		fst = new VerilatedFstC;
		top->trace(fst, 99);
		fst->open(path);
		if (!fst->isOpen()) {
			delete fst;
			fst = nullptr;
			return -1;
		}
		return 0;
	}
	void trace_close()
	{
		if (fst) {
			fst->close();
			delete fst;
			fst = nullptr;
		}
	}
};

template <class Top> struct Glue {
	static Rtl<Top> *R(void *c) { return static_cast<Rtl<Top> *>(c); }
	static void eval(void *c, vnr_out *o) { R(c)->eval(o); }
	static void step(void *c, const vnr_in *i) { R(c)->step(i); }
	static void reset(void *c) { R(c)->reset(); }
	static void destroy(void *c) { delete R(c); }
	static int trace_open(void *c, const char *p) { return R(c)->trace_open(p); }
	static void trace_close(void *c) { R(c)->trace_close(); }

	static vnr_engine *make(const vnr_params *p)
	{
		vnr_engine *e = static_cast<vnr_engine *>(std::calloc(1, sizeof(vnr_engine)));
		if (!e)
			return nullptr;
		Rtl<Top> *r = new (std::nothrow) Rtl<Top>(p->data_w);
		if (!r) {
			std::free(e);
			return nullptr;
		}
		r->reset();
		e->name = "rtl";
		e->params = *p;
		e->ctx = r;
		e->eval = eval;
		e->step = step;
		e->reset = reset;
		e->destroy = destroy;
		e->trace_open = trace_open;
		e->trace_close = trace_close;
		return e;
	}
};

} // namespace

extern "C" struct vnr_engine *vnr_engine_rtl_new(const struct vnr_params *p)
{
	// NUM_VF and RULES are build parameters of the Verilated model; the caller
	// must ask for what was built (the ident block tells the driver too).
	if (!p)
		return nullptr;
	switch (p->data_w) {
	case 64:
		return Glue<Vvnr_top_w64>::make(p);
	case 512:
		return Glue<Vvnr_top_w512>::make(p);
	default:
		return nullptr; // only DATA_W 64 and 512 are Verilated
	}
}
