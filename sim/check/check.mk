# sim/check/: independent checks of the engine's outputs (SPEC 7). Included by
# the top Makefile (BUILD, VECTORS, VNR_SHARED come from it).
#
#   make egress-check   after `make sim` (or sim-model): tshark with checksum
#                       validation, an independent decapsulation of every e2n
#                       frame back to its input, and frame conservation, for
#                       every eg_* run under $(BUILD)/sim and every eg_*/expect
.PHONY: egress-check
egress-check:
	python3 sim/check/egress_check.py $(BUILD)/sim vectors/scenarios

#   make stats-check    after `make sim`: `vnrctl stats --json` of every run
#                       equals the counters stored with its scenario
.PHONY: stats-check
stats-check:
	python3 sim/check/stats_check.py $(BUILD)/sim vectors/scenarios

#   make ingress-check  after `make sim` (or sim-model): every n2e frame of
#                       every ig_* run under $(BUILD)/sim and every
#                       ig_*/expect against docs/ingress.md written out again
#                       in Python (decision, bytes, metadata, counters)
.PHONY: ingress-check
ingress-check:
	python3 sim/check/ingress_check.py --rules $(RULES) --shared $(VNR_SHARED) \
		$(BUILD)/sim vectors/scenarios

#   make roundtrip-check  after `make sim` (or sim-model) of eg_presets and
#                       ig_roundtrip: the frames eg_presets encapsulated come
#                       back out of ig_roundtrip's e2h as eg_presets' h2e
#                       inputs, byte for byte apart from the documented MAC
#                       and TTL edits, every one of them
.PHONY: roundtrip-check
roundtrip-check:
	python3 sim/check/roundtrip_check.py --rules $(RULES) $(BUILD)/sim vectors/scenarios

#   make tso-check      after `make sim` (or sim-model): every tso_* run under
#                       $(BUILD)/sim and every tso_*/expect against Linux's
#                       software GSO written out again in Python (decision,
#                       every segment byte for byte, metadata, counters)
.PHONY: tso-check
tso-check:
	python3 sim/check/tso_check.py --num-vf $(NUM_VF) --shared $(VNR_SHARED) \
		$(BUILD)/sim vectors/scenarios

#   make dpdk-gso-check after `make sim` (or sim-model): the VXLAN and GRE
#                       IPv4-in-IPv4 segments of every tso_* run cut again by
#                       DPDK's rte_gso_segment, compared with checksums zeroed
#                       and CWR cleared after the first segment (docs/tso.md 4);
#                       prints SKIP (exit 0, not a pass) when EAL cannot start
DPDK_GSO := $(BUILD)/check/dpdk_gso
.PHONY: dpdk-gso-check
dpdk-gso-check: $(DPDK_GSO)
	python3 sim/check/tso_check.py --num-vf $(NUM_VF) --shared $(VNR_SHARED) \
		--dpdk $(DPDK_GSO) $(BUILD)/sim vectors/scenarios

$(DPDK_GSO): sim/check/dpdk_gso.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -g -Wall -Wextra -o $@ $< $$(pkg-config --cflags --libs libdpdk)
