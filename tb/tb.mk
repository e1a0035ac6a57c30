# tb/ fragment: Verilator C++ unit testbenches, one folder per module.
# `make rtl-test` builds each under $(BUILD)/tb/<module>/ and runs it; every
# testbench prints "N passed, N failed" and exits non-zero on a failure.

TB_VFLAGS := --cc --exe --build -Wno-fatal -O1 -I$(RTL_INC) \
             -CFLAGS "-O1 -I$(CURDIR)/model/include" -MAKEFLAGS "-j1"

# module: extra RTL sources and parameters
TB_frame_fifo_SRCS   := rtl/frame_fifo.sv
TB_frame_fifo_PARAMS := -GWIDTH=16 -GDEPTH=16
TB_e2h_arbiter_SRCS   := rtl/e2h_arbiter.sv
TB_e2h_arbiter_PARAMS := -GW=16
TB_counter_bank_SRCS   := rtl/keep_count.sv rtl/counter_bank.sv
TB_counter_bank_PARAMS := -GROWS=128 -GBYTES=8
TB_csr_regs_SRCS   := rtl/csr_regs.sv
TB_csr_regs_PARAMS := -GDATA_W=64 -GNUM_VF=8 -GRULES=256

# top-level smoke test (latency, back-to-back 1-beat frames at 512 bits)
TB_vnr_top_SRCS   := $(RTL_SRCS)
TB_vnr_top_PARAMS := -GDATA_W=512 -GNUM_VF=8 -GRULES=256

TB_MODULES := frame_fifo e2h_arbiter counter_bank csr_regs vnr_top

# the editing reader against its C++ reference, at every lint width, in
# both variants: egress (INGRESS 0, HDR 128) and ingress (INGRESS 1, HDR 256)
TB_READER_WIDTHS := $(RTL_LINT_WIDTHS)

.PHONY: tb-frame_reader
tb-frame_reader:
	@set -e; for w in $(TB_READER_WIDTHS); do for ig in 0 1; do \
	  if [ $$ig = 1 ]; then d=$(BUILD)/tb/frame_reader_$${w}_ig; hdr=256; \
	  else d=$(BUILD)/tb/frame_reader_$$w; hdr=128; fi; \
	  mkdir -p $$d; \
	  echo "verilator: tb/frame_reader DATA_W=$$w INGRESS=$$ig -> $$d"; \
	  verilator $(TB_VFLAGS) -CFLAGS "-std=c++17 -DDATA_W=$$w -DINGRESS=$$ig" \
	    --top-module frame_reader -GINGRESS=1\'b$$ig -GDATA_W=$$w -GHDR=$$hdr -GCW=16 \
	    -Mdir $$d rtl/frame_reader.sv $(CURDIR)/tb/frame_reader/tb.cpp -o Vtb \
	    > $$d/build.log 2>&1 || { tail -30 $$d/build.log; exit 1; }; \
	  $$d/Vtb; \
	done; done

# the TSO segmenter against the functional reference vnr_tso_segment
# (model/core/tso.c) and a cycle reference of timing.md 3.7 written in the
# testbench, at every lint width
TB_TSO_SRCS := rtl/seg_buffer.sv rtl/seg_sum_fifo.sv rtl/tso_segmenter.sv

.PHONY: tb-tso_segmenter
tb-tso_segmenter:
	@set -e; for w in $(RTL_LINT_WIDTHS); do \
	  d=$(BUILD)/tb/tso_segmenter_$$w; mkdir -p $$d; \
	  echo "verilator: tb/tso_segmenter DATA_W=$$w -> $$d"; \
	  verilator $(TB_VFLAGS) -CFLAGS "-std=c++17 -DDATA_W=$$w -I$(CURDIR)/model/core" \
	    --top-module tso_segmenter -GDATA_W=$$w -Mdir $$d $(TB_TSO_SRCS) \
	    $(CURDIR)/tb/tso_segmenter/tb.cpp $(CURDIR)/model/core/tso.c $(CURDIR)/model/core/csum.c \
	    -o Vtb > $$d/build.log 2>&1 || { tail -30 $$d/build.log; exit 1; }; \
	  $$d/Vtb; \
	done

# testbenches of the egress decider: tb/egress_decider.mk defines the
# target tb-egress-decider; rtl-test runs it when the file is there
-include tb/egress_decider.mk
# and of the ingress classifier: tb/ingress_classifier.mk defines
# tb-ingress-classifier
-include tb/ingress_classifier.mk
TB_EXTRA := tb-tso_segmenter \
            $(if $(wildcard tb/egress_decider.mk),tb-egress-decider) \
            $(if $(wildcard tb/ingress_classifier.mk),tb-ingress-classifier)

.PHONY: rtl-test

rtl-test: $(addprefix tb-,$(TB_MODULES)) tb-frame_reader $(TB_EXTRA)
	@echo "rtl-test: all unit testbenches passed"

# serialised on purpose: one Verilator build at a time
tb-counter_bank: tb-e2h_arbiter
tb-e2h_arbiter: tb-frame_fifo
tb-csr_regs: tb-counter_bank
tb-vnr_top: tb-csr_regs
tb-frame_reader: tb-vnr_top
$(TB_EXTRA): tb-frame_reader

$(addprefix tb-,$(TB_MODULES)): tb-%:
	@mkdir -p $(BUILD)/tb/$*
	@echo "verilator: tb/$* -> $(BUILD)/tb/$*"
	@verilator $(TB_VFLAGS) --top-module $* $(TB_$*_PARAMS) -Mdir $(BUILD)/tb/$* \
	  $(TB_$*_SRCS) $(CURDIR)/tb/$*/tb.cpp -o Vtb > $(BUILD)/tb/$*/build.log 2>&1 \
	  || { tail -30 $(BUILD)/tb/$*/build.log; exit 1; }
	@$(BUILD)/tb/$*/Vtb

