# sim/: the cosimulation harness (SPEC 5). Included by the top Makefile
# (BUILD, WIDTHS, NUM_VF, RULES, VECTORS, SEED, CC, CXX, CFLAGS_COMMON,
# INCLUDES come from it; RTL_SRCS from rtl/rtl.mk, MODEL_LIB from
# model/model.mk, DRIVER_LIB from driver/driver.mk).
#
#   make sim          lockstep model vs RTL over $(VECTORS) for every width in
#                     $(WIDTHS); table + build/sim/summary.json; fails on any
#                     mismatch or difference from expect/
#   make sim-frame    RTL alone, per frame against the functional core
#   make sim-model    the model alone (no Verilator build needed)
#   make vectors      regenerate vectors/scenarios and their expect/ (model)
#   make vnrsim       build/sim/vnrsim
#
# rtl/ is Verilated at DATA_W 64 and 512 into one library, SIM_RTL_LIB, with
# --prefix Vvnr_top_w64 / Vvnr_top_w512, plus the Verilator runtime (once)
# and sim/engine_rtl.o.

SIM_BUILD    := $(BUILD)/sim
SIM_VL_DIR   := $(SIM_BUILD)/vl
SIM_RTL_WIDTHS := 64 512
VERILATOR    ?= verilator
VL_ROOT      := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)
SIM_VL_FLAGS := --cc --trace-fst -Wno-fatal -Wno-lint -Wno-style --top-module vnr_top \
		-Irtl/include --x-assign fast --x-initial unique -O3
SIM_VL_DEFS  := -DVM_COVERAGE=0 -DVM_SC=0 -DVM_TRACE=1 -DVM_TRACE_FST=1 -DVM_TRACE_VCD=0
SIM_VL_CXXFLAGS := -O2 -g -faligned-new -fcf-protection=none -Wno-unused-result \
		-I$(VL_ROOT)/include -I$(VL_ROOT)/include/vltstd $(SIM_VL_DEFS)
SIM_VL_RUNTIME := verilated verilated_fst_c verilated_threads
SIM_VL_RT_OBJS := $(SIM_VL_RUNTIME:%=$(SIM_VL_DIR)/rt/%.o)
SIM_VL_LIBS  := $(foreach w,$(SIM_RTL_WIDTHS),$(SIM_VL_DIR)/w$(w)/Vvnr_top_w$(w)__ALL.a)
SIM_VL_HDRS  := $(foreach w,$(SIM_RTL_WIDTHS),$(SIM_VL_DIR)/w$(w)/Vvnr_top_w$(w).h)

SIM_CFLAGS   := $(CFLAGS_COMMON) $(INCLUDES) -Wno-format-truncation -MMD -MP \
		-DVNR_NUM_VF=$(NUM_VF) -DVNR_RULES=$(RULES)

SIM_RTL_LIB  := $(SIM_BUILD)/libvnrrtl.a
SIM_LIB      := $(SIM_BUILD)/libvnrsim.a
SIM_LDLIBS   := -lpcap -lz -lpthread -lm
SIM_LIB_OBJS := $(SIM_BUILD)/runner.o $(SIM_BUILD)/frameio.o $(SIM_BUILD)/fault_engine.o
VNRSIM       := $(SIM_BUILD)/vnrsim
VNRSIM_MODEL := $(SIM_BUILD)/vnrsim-model
SIM_LINK      = $(CXX) -o $@ $(filter %.o,$^) -Wl,--start-group $(DRIVER_LIB) $(SIM_LIB) \
		$(1) $(MODEL_LIB) -Wl,--end-group $(SIM_LDLIBS)

.PHONY: vnrsim sim sim-run sim-frame sim-model sim-selftest vectors vectors-inputs sim-rtl-lib

vnrsim: $(VNRSIM)
sim-rtl-lib: $(SIM_RTL_LIB)

# ---- Verilator: one model per width, the runtime once ----
# (the stamp keeps the two widths' Verilator runs in sequence: they are heavy)
define SIM_VL_RULE
$(SIM_VL_DIR)/w$(1)/Vvnr_top_w$(1)__ALL.a: $(RTL_SRCS) $(wildcard rtl/include/*) $(2)
	@mkdir -p $$(@D)
	$(VERILATOR) $(SIM_VL_FLAGS) -GDATA_W=$(1) -GNUM_VF=$(NUM_VF) -GRULES=$(RULES) \
		--prefix Vvnr_top_w$(1) --Mdir $$(@D) $(RTL_SRCS)
	+$(MAKE) --no-print-directory -C $$(@D) -f Vvnr_top_w$(1).mk Vvnr_top_w$(1)__ALL.a \
		VM_PARALLEL_BUILDS=0 OPT_FAST="-O2" OPT_SLOW="-O1" OPT_GLOBAL="-O2"
endef
$(eval $(call SIM_VL_RULE,64,))
$(eval $(call SIM_VL_RULE,512,$(SIM_VL_DIR)/w64/Vvnr_top_w64__ALL.a))

$(SIM_VL_HDRS): %.h: %__ALL.a

$(SIM_VL_DIR)/rt/%.o: $(VL_ROOT)/include/%.cpp
	@mkdir -p $(@D)
	$(CXX) $(SIM_VL_CXXFLAGS) -c $< -o $@

$(SIM_BUILD)/engine_rtl.o: sim/engine_rtl.cpp $(SIM_VL_LIBS) model/include/vnr_engine.h \
		model/include/vnr_ports.h
	@mkdir -p $(@D)
	$(CXX) $(SIM_VL_CXXFLAGS) $(INCLUDES) $(foreach w,$(SIM_RTL_WIDTHS),-I$(SIM_VL_DIR)/w$(w)) \
		-c $< -o $@

$(SIM_RTL_LIB): $(SIM_VL_LIBS) $(SIM_VL_RT_OBJS) $(SIM_BUILD)/engine_rtl.o
	rm -f $@
	{ echo "create $@"; for l in $(SIM_VL_LIBS); do echo "addlib $$l"; done; \
	  for o in $(SIM_VL_RT_OBJS) $(SIM_BUILD)/engine_rtl.o; do echo "addmod $$o"; done; \
	  echo save; echo end; } | ar -M
	ranlib $@

# ---- harness ----
$(SIM_BUILD)/%.o: sim/%.c
	@mkdir -p $(@D)
	$(CC) $(SIM_CFLAGS) -c $< -o $@

$(SIM_LIB): $(SIM_LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(VNRSIM): $(SIM_BUILD)/vnrsim.o $(SIM_LIB) $(SIM_RTL_LIB) $(DRIVER_LIB) $(MODEL_LIB)
	$(call SIM_LINK,$(SIM_RTL_LIB))

# the model alone, for --update and --mode model without a Verilator build
$(VNRSIM_MODEL): $(SIM_BUILD)/vnrsim.o $(SIM_BUILD)/rtl_none.o $(SIM_LIB) $(DRIVER_LIB) $(MODEL_LIB)
	$(call SIM_LINK,)

# ---- runs ----
SIM_RUN = fail=0; rm -f $(SIM_BUILD)/summary-*.json; \
	for w in $(WIDTHS); do \
		$(1) --width $$w --mode $(2) --seed $(SEED) --out $(SIM_BUILD) \
			--summary $(SIM_BUILD)/summary-$(2)-w$$w.json $(VECTORS) || fail=1; \
	done; \
	python3 sim/merge_summary.py $(SIM_BUILD)/summary.json $(SIM_BUILD)/summary-$(2)-w*.json || fail=1; \
	exit $$fail

sim:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory -j2 $(VNRSIM)
	@$(call SIM_RUN,$(VNRSIM),lockstep)

sim-frame: $(VNRSIM)
	@$(call SIM_RUN,$(VNRSIM),frame)

sim-model: $(VNRSIM_MODEL)
	@$(call SIM_RUN,$(VNRSIM_MODEL),model)

vectors-inputs:
	python3 vectors/gen/gen_scenarios.py --seed $(SEED) --out vectors/scenarios

# Expected outputs come from the model at DATA_W 64; scenarios whose outputs
# depend on the width (expect_per_width in options.txt) get one per width.
vectors: vectors-inputs $(VNRSIM_MODEL)
	$(VNRSIM_MODEL) --update --width 64 --seed $(SEED) --out $(SIM_BUILD)/update \
		--summary $(SIM_BUILD)/update/summary.json vectors/scenarios
	for d in $$(grep -l '^expect_per_width *= *1' vectors/scenarios/*/options.txt | xargs -r -n1 dirname); do \
		for w in $(WIDTHS); do \
			$(VNRSIM_MODEL) --update --width $$w --seed $(SEED) --out $(SIM_BUILD)/update \
				--summary $(SIM_BUILD)/update/summary-pw.json $$d || exit 1; \
		done; \
	done

-include $(SIM_BUILD)/*.d

# The harness must catch a broken model: one flipped byte, one cycle of extra
# latency. Each run must fail, and its report must name the cycle.
SELFTEST_SCEN := vectors/scenarios/pf_passthrough
sim-selftest: $(VNRSIM)
	@for f in byte latency; do \
		out=$$($(VNRSIM) --width 64 --mode lockstep --fault $$f --out $(SIM_BUILD)/selftest \
			--summary $(SIM_BUILD)/selftest/summary.json $(SELFTEST_SCEN) 2>&1); rc=$$?; \
		echo "$$out" | grep -i -m1 "cycle"; \
		if [ $$rc -eq 0 ] || ! echo "$$out" | grep -qi "cycle [0-9]"; then \
			echo "sim-selftest: --fault $$f was NOT caught"; exit 1; fi; \
		echo "sim-selftest: --fault $$f caught"; \
	done
