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

# Yosys needs neither the simulators nor the tests: it runs beside them on
# the second core and is collected at the end (finish_bg).
bg_name=""
start_bg() { # name make-target
	bg_name=$1
	bg_start=$(date +%s)
	$MAKE_ --no-print-directory "$2" >"$logdir/$1.log" 2>&1 &
	bg_pid=$!
}

finish_bg() {
	[ -n "$bg_name" ] || return 0
	if wait "$bg_pid"; then
		res=ok
		passed=$((passed + 1))
	else
		res=FAIL
		failed=$((failed + 1))
		echo "---- $bg_name failed; last lines of $logdir/$bg_name.log:"
		tail -25 "$logdir/$bg_name.log"
	fi
	line=$(printf '%-14s %-4s %4ss  %s' "$bg_name" "$res" "$(( $(date +%s) - bg_start ))" "(beside the others)")
	echo "$line"
	summary="$summary
$line"
}

step() { # name make-targets...
	name=$1
	shift
	start=$(date +%s)
	if $MAKE_ --no-print-directory "$@" >"$logdir/$name.log" 2>&1; then
		res=ok
		passed=$((passed + 1))
	else
		res=FAIL
		failed=$((failed + 1))
		echo "---- $name failed; last lines of $logdir/$name.log:"
		tail -25 "$logdir/$name.log"
	fi
	secs=$(( $(date +%s) - start ))
	line=$(printf '%-14s %-4s %4ss  %s' "$name" "$res" "$secs" "$(grep -E '[0-9]+ passed, [0-9]+ failed' "$logdir/$name.log" | tail -1)")
	echo "$line"
	summary="$summary
$line"
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
step stats-check stats-check
finish_bg

echo ""
echo "step           res   time  detail$summary"
echo ""
echo "test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
