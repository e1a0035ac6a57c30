# make bench: measurements only (SPEC section 8), never a pass/fail on timing.
VNRBENCH := $(BUILD)/bin/vnrbench

$(BUILD)/bench/vnrbench.o: bench/vnrbench.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(INCLUDES) -c -o $@ $<

# linked by the C++ compiler: the RTL engine is Verilated C++
$(VNRBENCH): $(BUILD)/bench/vnrbench.o $(DRIVER_LIB) $(SIM_LIB) $(SIM_RTL_LIB) $(MODEL_LIB)
	@mkdir -p $(dir $@)
	$(CXX) -o $@ $(BUILD)/bench/vnrbench.o -Wl,--start-group $(DRIVER_LIB) $(SIM_LIB) $(SIM_RTL_LIB) \
		$(MODEL_LIB) -Wl,--end-group $(SIM_LDLIBS) -lisal

.PHONY: bench
bench: deps deps-bench $(VNRBENCH)
	@mkdir -p $(BUILD)/bench
	$(VNRBENCH) --json $(BUILD)/bench/bench.json --md $(BUILD)/bench/bench.md
