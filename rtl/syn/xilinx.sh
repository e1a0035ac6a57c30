#!/bin/sh
# usage: xilinx.sh check|report DATA_W NUM_VF RULES OUT_PREFIX INC SRC...
# Runs synth_xilinx -flatten on vnr_top; writes OUT_PREFIX.log and
# OUT_PREFIX.stat. In "check" mode it fails on latches, unmapped internal
# ($) cells, or fewer block RAMs than the four big memories need.
set -e
mode=$1; dw=$2; nvf=$3; rules=$4; out=$5; inc=$6; shift 6
srcs="$*"
ys=$out.ys
{
  echo "read_verilog -sv -DSYNTHESIS -I$inc $srcs"
  echo "chparam -set DATA_W $dw -set NUM_VF $nvf -set RULES $rules vnr_top"
  echo "synth_xilinx -flatten -top vnr_top"
  echo "tee -o $out.stat stat"
  if [ "$mode" = report ]; then echo "tee -o $out.ltp ltp -noff"; fi
} > "$ys"
echo "yosys: synth_xilinx vnr_top DATA_W=$dw NUM_VF=$nvf RULES=$rules (log $out.log)"
yosys -q -l "$out.log" -s "$ys" >/dev/null 2>&1 || { tail -20 "$out.log"; exit 1; }
sed -n '/Number of cells/,$p' "$out.stat"
if [ "$mode" = check ]; then
  bad=0
  if grep -E '^\s+(\$_?DLATCH|\$dlatch|\$sr|\$_SR|LDCE|LDPE)' "$out.stat"; then
    echo "rtl-synth-check: FAIL: latch cells"; bad=1; fi
  if grep -E '^\s+\$' "$out.stat"; then
    echo "rtl-synth-check: FAIL: unmapped internal cells"; bad=1; fi
  nbram=$(awk '/RAMB(18|36)E1/ {n += $2} END {print n+0}' "$out.stat")
  # the big memories: egress and ingress frame FIFOs (two banks each), four
  # counter banks, the rule action/template table, the VF table, the two
  # leaf memories of the lookup tree and the four ways of the ingress rule
  # table: at least 16 block RAMs
  if [ "$nbram" -lt 16 ]; then
    echo "rtl-synth-check: FAIL: only $nbram RAMB18/RAMB36 (FIFO/counter RAM not in block RAM)"; bad=1; fi
  [ $bad -eq 0 ] || exit 1
  echo "rtl-synth-check: OK ($nbram block RAMs, no latches, no unmapped cells)"
fi
