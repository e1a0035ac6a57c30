# tb/ fragment of rtl-decider: unit testbenches of egress_decider and
# bst_lookup. `make tb-egress-decider` builds both under $(BUILD)/tb/ and runs
# them (Verilator C++, each prints "N passed, N failed").

EGD_SRCS := rtl/eg_delay.sv rtl/vf_table.sv rtl/rule_table.sv rtl/bst_lookup.sv \
            rtl/egress_regs.sv rtl/profile_match.sv rtl/tso_check.sv rtl/egress_decider.sv
EGD_VFLAGS := --cc --exe --build -Wno-fatal -O1 -Irtl/include \
              -CFLAGS "-O1 -I$(CURDIR)/model/include" -MAKEFLAGS "-j1"

.PHONY: tb-egress-decider tb-egress-decider-only tb-bst-lookup

tb-egress-decider: tb-bst-lookup tb-egress-decider-only

tb-egress-decider-only:
	@mkdir -p $(BUILD)/tb/egress_decider
	@echo "verilator: tb/egress_decider -> $(BUILD)/tb/egress_decider"
	@verilator $(EGD_VFLAGS) --top-module egress_decider -GNUM_VF=8 -GRULES=16 \
	  -Mdir $(BUILD)/tb/egress_decider $(EGD_SRCS) $(CURDIR)/tb/egress_decider/tb.cpp -o Vtb \
	  > $(BUILD)/tb/egress_decider/build.log 2>&1 || { tail -30 $(BUILD)/tb/egress_decider/build.log; exit 1; }
	@$(BUILD)/tb/egress_decider/Vtb

tb-bst-lookup:
	@mkdir -p $(BUILD)/tb/bst_lookup
	@echo "verilator: tb/bst_lookup -> $(BUILD)/tb/bst_lookup"
	@verilator $(EGD_VFLAGS) --top-module bst_lookup -GRULES=64 \
	  -Mdir $(BUILD)/tb/bst_lookup rtl/bst_lookup.sv $(CURDIR)/tb/bst_lookup/tb.cpp -o Vtb \
	  > $(BUILD)/tb/bst_lookup/build.log 2>&1 || { tail -30 $(BUILD)/tb/bst_lookup/build.log; exit 1; }
	@$(BUILD)/tb/bst_lookup/Vtb
