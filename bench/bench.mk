# make bench: measurements only (SPEC section 8), never a pass/fail on timing.
VNRBENCH := $(BUILD)/bin/vnrbench
BENCH_OBJS := $(BUILD)/bench/vnrbench.o $(BUILD)/bench/bench_tso.o $(BUILD)/bench/gso_dpdk.o
# DPDK's GSO library, the TSO reference (libdpdk-dev, installed by deps-bench)
DPDK_CFLAGS = $(shell pkg-config --cflags libdpdk 2>/dev/null)
DPDK_LIBS = $(shell pkg-config --libs libdpdk 2>/dev/null)

$(BUILD)/bench/%.o: bench/%.c bench/bench.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(INCLUDES) -c -o $@ $<

$(BUILD)/bench/gso_dpdk.o: bench/gso_dpdk.c bench/bench.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(DPDK_CFLAGS) -c -o $@ $<

# linked by the C++ compiler: the RTL engine is Verilated C++
$(VNRBENCH): $(BENCH_OBJS) $(DRIVER_LIB) $(SIM_LIB) $(SIM_RTL_LIB) $(MODEL_LIB)
	@mkdir -p $(dir $@)
	$(CXX) -o $@ $(BENCH_OBJS) -Wl,--start-group $(DRIVER_LIB) $(SIM_LIB) $(SIM_RTL_LIB) \
		$(MODEL_LIB) -Wl,--end-group $(SIM_LDLIBS) -lisal $(DPDK_LIBS)

.PHONY: bench
bench: deps deps-bench $(VNRBENCH)
	@mkdir -p $(BUILD)/bench
	$(VNRBENCH) --json $(BUILD)/bench/bench.json --md $(BUILD)/bench/bench.md
