#!/bin/sh
# make test: every check CI runs, each one able to fail. Runs them all, then
# prints one line per step and "test: N passed, N failed"; exits non-zero when
# any step failed.
MAKE_="${MAKE:-make}"
logdir="${BUILD:-build}/test-logs"
mkdir -p "$logdir"
passed=0
failed=0
summary=""

# record NAME OK START NOTE: count one step, show its log's tail on failure
record() {
	if [ "$2" -eq 1 ]; then
		res=ok
		passed=$((passed + 1))
	else
		res=FAIL
		failed=$((failed + 1))
		echo "---- $1 failed; last lines of $logdir/$1.log:"
		tail -25 "$logdir/$1.log"
	fi
	line=$(printf '%-14s %-4s %4ss  %s' "$1" "$res" "$(( $(date +%s) - $3 ))" "$4")
	echo "$line"
	summary="$summary
$line"
}

step() { # name make-targets...
	name=$1
	shift
	start=$(date +%s)
	ok=0
	$MAKE_ --no-print-directory "$@" >"$logdir/$name.log" 2>&1 && ok=1
	record "$name" $ok "$start" "$(grep -E '[0-9]+ passed, [0-9]+ failed' "$logdir/$name.log" | tail -1)"
}

# Yosys needs neither the simulators nor the tests: it runs beside them on
# the second core and is collected at the end.
start_bg() { # name make-target
	bg_name=$1
	bg_start=$(date +%s)
	$MAKE_ --no-print-directory "$2" >"$logdir/$1.log" 2>&1 &
	bg_pid=$!
}

finish_bg() {
	ok=0
	wait "$bg_pid" && ok=1
	record "$bg_name" $ok "$bg_start" "(beside the others)"
}

start_bg rtl-synth rtl-synth-check
step regmap      check-regmap
step rtl-lint    rtl-lint
step model-test  model-test
step rtl-test    rtl-test
step driver-test driver-test
step sim         sim
step sim-frame   sim-frame
step sim-selftest sim-selftest
step tshark      tshark-check
step egress-check egress-check
step ingress-check ingress-check
step roundtrip   roundtrip-check
step tso-check   tso-check
step dpdk-gso    dpdk-gso-check
step stats-check stats-check
finish_bg

echo ""
echo "step           res   time  detail$summary"
echo ""
echo "test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
