# tb/ fragment of rtl-test: unit testbench of ingress_classifier (with
# ingress_key, crc32c, irule_table, ingress_regs, profile_match).
# `make tb-ingress-classifier` builds it under $(BUILD)/tb/ingress_classifier_<RULES>/
# for RULES = 64 (16 buckets) and 16 (4 buckets), NUM_VF = 8, and runs it
# (Verilator C++, prints "N passed, N failed", exits non-zero on a failure).

IGC_SRCS := rtl/profile_match.sv rtl/crc32c.sv rtl/ingress_key.sv rtl/irule_table.sv \
            rtl/ingress_regs.sv rtl/ingress_classifier.sv
IGC_RULES := 64 16

.PHONY: tb-ingress-classifier tb-ingress-classifier-only

tb-ingress-classifier: tb-ingress-classifier-only

tb-ingress-classifier-only:
	@set -e; for r in $(IGC_RULES); do \
	  d=$(BUILD)/tb/ingress_classifier_$$r; mkdir -p $$d; \
	  echo "verilator: tb/ingress_classifier RULES=$$r -> $$d"; \
	  verilator --cc --exe --build -Wno-fatal -O1 -Irtl/include \
	    -CFLAGS "-O1 -I$(CURDIR)/model/include -DTB_RULES=$$r" -MAKEFLAGS "-j1" \
	    --top-module ingress_classifier -GNUM_VF=8 -GRULES=$$r -Mdir $$d \
	    $(IGC_SRCS) $(CURDIR)/tb/ingress_classifier/tb.cpp -o Vtb \
	    > $$d/build.log 2>&1 || { tail -30 $$d/build.log; exit 1; }; \
	  $$d/Vtb; \
	done
