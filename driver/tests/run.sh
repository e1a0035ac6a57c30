#!/bin/sh
# Runs every driver test and prints one line: "driver: N passed, N failed".
#   run.sh TEST_DIR [VNRCTL]
# The backend tests run on the model, the RTL (64 bits) and both in lockstep;
# an engine that is not built is reported as SKIP by the test itself.
dir=$1
vnrctl=$2
log=$(mktemp)
status=0

run() {
	"$@" >"$log.out" 2>&1 || status=1
	cat "$log.out"
	cat "$log.out" >>"$log"
}

run "$dir/test_unit"
run "$dir/test_rules"
run "$dir/test_ingress"
if [ -x "$dir/test_backend" ]; then
	run "$dir/test_backend" model rtl cosim
else
	echo "driver backends: SKIP (model or sim library not available)"
fi
if [ -n "$vnrctl" ]; then
	run sh "$(dirname "$0")/test_vnrctl.sh" "$vnrctl"
else
	echo "driver vnrctl: SKIP (vnrctl not built)"
fi
# sum the per-binary totals ("NAME: P passed, F failed" lines that end a binary)
set -- $(grep -E '^driver (unit|backends|vnrctl|rules|ingress)[^:]*: [0-9]+ passed, [0-9]+ failed$' "$log" |
	grep -v '^driver backend [a-z]*:' |
	sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/' |
	awk '{p += $1; f += $2} END {print p + 0, f + 0}')
rm -f "$log" "$log.out"
[ "$2" -ne 0 ] && status=1
echo "driver: $1 passed, $2 failed"
exit $status
