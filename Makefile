# veneer: make sim | make test | make synth | make bench   (README.md)
#
# Each folder owns a fragment (rtl/rtl.mk, model/model.mk, ...); this file only
# joins them. Everything built goes under build/.

BUILD      ?= build
WIDTHS     ?= 64 512
NUM_VF     ?= 64
RULES      ?= 4096
VECTORS    ?= vectors/scenarios
SEED       ?= 1
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

CC         ?= cc
CXX        ?= c++
CFLAGS_COMMON := -O2 -g -Wall -Wextra -Werror=implicit-function-declaration -std=gnu11
INCLUDES   := -Imodel/include -Idriver/include -Isim/include

.DEFAULT_GOAL := help
.PHONY: help deps deps-bench regmap check-regmap lint sim test synth bench clean

help:
	@echo "make sim     cosimulate RTL and model on every scenario (WIDTHS='$(WIDTHS)', VECTORS=$(VECTORS))"
	@echo "make test    the whole regression (what CI runs)"
	@echo "make synth   Yosys synthesis and nextpnr-ice40 place and route, with a report"
	@echo "make bench   throughput, latency and speed measurements (table + JSON)"

# Installs what is missing, every time it is missing; cheap when nothing is.
deps:
	@sh mk/deps.sh

deps-bench:
	@sh mk/deps.sh --bench

regmap:
	python3 regmap/regmap_gen.py

check-regmap:
	@python3 regmap/regmap_gen.py --check && echo "regmap: generated files are current"

include rtl/rtl.mk
include model/model.mk
include driver/driver.mk
include sim/sim.mk
-include tb/tb.mk
include sim/check/check.mk
-include bench/bench.mk

lint: deps check-regmap rtl-lint

VNR_SHARED ?= $(abspath ../shared)
export VNR_SHARED

# Independent check of every output frame (SPEC 7): run after make sim.
.PHONY: tshark-check
tshark-check:
	python3 sim/check/tshark_check.py $(BUILD)/sim $(VECTORS) $(VNR_SHARED)

test: deps
	@sh mk/test.sh

clean:
	rm -rf $(BUILD)
