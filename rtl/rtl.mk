# rtl/ fragment: lint, synthesis checks and the `make synth` report.
# Uses BUILD, WIDTHS, NUM_VF, RULES from the top Makefile.

RTL_INC  := rtl/include
# every module of rtl/ (one per file), top last
RTL_SRCS := $(filter-out rtl/vnr_top.sv,$(sort $(wildcard rtl/*.sv))) rtl/vnr_top.sv
RTL_LINT_WIDTHS := $(sort $(WIDTHS) 256)

.PHONY: rtl-lint rtl-synth-check synth rtl-depth

# No waivers: unused-by-design bits are collected into `unused_*` signals
# (Verilator's default --unused-regexp), everything else must be clean.
rtl-lint:
	@set -e; for w in $(RTL_LINT_WIDTHS); do \
	  echo "verilator lint: vnr_top DATA_W=$$w NUM_VF=$(NUM_VF) RULES=$(RULES)"; \
	  verilator --lint-only -Wall -I$(RTL_INC) --top-module vnr_top \
	    -GDATA_W=$$w -GNUM_VF=$(NUM_VF) -GRULES=$(RULES) $(RTL_SRCS); \
	done; echo "rtl-lint: clean"

# Small configuration, synth_xilinx stopped after memory mapping (the LUT
# mapping is `make synth`'s): fails on latches, cells it cannot map, or a
# deep memory that did not become block RAM (rtl/syn/xilinx.sh).
rtl-synth-check:
	@mkdir -p $(BUILD)/synth
	@sh rtl/syn/xilinx.sh check 64 8 256 $(BUILD)/synth/check_64 $(RTL_INC) $(RTL_SRCS)

synth:
	@mkdir -p $(BUILD)/synth
	@sh rtl/syn/report.sh $(BUILD)/synth $(NUM_VF) $(RULES) $(RTL_INC) $(RTL_SRCS)

# LUT levels between registers of single blocks (synth_xilinx, DATA_W 64):
# the deepest endpoints by rtl/syn/lut_depth.py. A measurement, not a test.
DEPTH_BLOCKS ?= tso_segmenter tso_check
rtl-depth:
	@mkdir -p $(BUILD)/synth
	@for b in $(DEPTH_BLOCKS); do \
	  yosys -q -l $(BUILD)/synth/depth_$$b.log -p "read_verilog -defer -sv -DSYNTHESIS -I$(RTL_INC) $(RTL_SRCS); \
	    hierarchy -top $$b $$( [ $$b = tso_segmenter ] && echo -chparam DATA_W 64 ); \
	    synth_xilinx -flatten -top $$b; write_json $(BUILD)/synth/depth_$$b.json" >/dev/null && \
	  python3 rtl/syn/lut_depth.py $(BUILD)/synth/depth_$$b.json $$b 10 || exit 1; \
	done
