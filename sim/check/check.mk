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
