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
