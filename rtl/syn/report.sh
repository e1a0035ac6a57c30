#!/bin/sh
# usage: report.sh OUTDIR NUM_VF RULES INC SRC...   (the `make synth` report)
# synth_xilinx of vnr_top at DATA_W 64 and 512 (LUTs, FFs, BRAMs, deepest
# LUT path via ltp -noff), and synth_ice40 + nextpnr-ice40 --hx8k of small
# blocks at DATA_W=64 for Fmax.
set -e
out=$1; nvf=$2; rules=$3; inc=$4; shift 4
srcs="$*"
here=$(dirname "$0")
rep=$out/report.md
{
  echo "# veneer synthesis report"
  echo
  echo "## Xilinx (yosys synth_xilinx -flatten), vnr_top NUM_VF=$nvf RULES=$rules"
  echo
  echo "| DATA_W | LUTs | FFs | RAMB36 | RAMB18 | LUTRAM | deepest path (ltp -noff, cells) |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
} > "$rep"
for dw in 64 512; do
  sh "$here/xilinx.sh" report $dw $nvf $rules "$out/vnr_top_$dw" "$inc" $srcs > /dev/null
  st="$out/vnr_top_$dw.stat"
  luts=$(awk '/ LUT[1-6] / {n += $2} END {print n+0}' "$st")
  ffs=$(awk '/ FD[RSCP]E? / {n += $2} END {print n+0}' "$st")
  b36=$(awk '/ RAMB36E1 / {n += $2} END {print n+0}' "$st")
  b18=$(awk '/ RAMB18E1 / {n += $2} END {print n+0}' "$st")
  lram=$(awk '/ RAM(32|64|128|256)[XM]/ {n += $2} END {print n+0}' "$st")
  ltp=$(grep -o 'Longest topological path in vnr_top (length=[0-9]*)' "$out/vnr_top_$dw.ltp" | grep -o '[0-9]*)' | tr -d ')')
  echo "| $dw | $luts | $ffs | $b36 | $b18 | $lram | $ltp |" >> "$rep"
done
{
  echo
  echo "ltp -noff counts every cell on the longest register-to-register path of the"
  echo "mapped netlist (LUTs, MUXF7/8 and CARRY4 stages), an upper bound on LUT levels."
  echo
  echo "## iCE40 HX8K (synth_ice40 + nextpnr-ice40), small blocks (beat widths cut to fit the ct256 I/O count)"
  echo
  echo "| block | LCs | Fmax (MHz) |"
  echo "| --- | --- | --- |"
} >> "$rep"
for blk in e2h_arbiter frame_reader axis_queue2 counter_bank; do
  case $blk in
    e2h_arbiter)  files="$inc/../e2h_arbiter.sv"; par="-set W 16";;
    frame_reader) files="$inc/../frame_reader.sv"; par="-set DATA_W 64";;
    axis_queue2)  files="$inc/../axis_queue2.sv"; par="-set W 32";;
    counter_bank) files="$inc/../keep_count.sv $inc/../counter_bank.sv"; par="-set NUM_VF 1 -set BYTES 8";;
  esac
  yosys -q -l "$out/ice40_$blk.log" -p "read_verilog -sv -DSYNTHESIS -I$inc $files; chparam $par $blk; synth_ice40 -top $blk -json $out/ice40_$blk.json" > /dev/null
  nextpnr-ice40 --hx8k --package ct256 --json "$out/ice40_$blk.json" --freq 250 \
    --log "$out/pnr_$blk.log" > /dev/null 2>&1 || true
  fmax=$(grep -o 'Max frequency for clock[^:]*: [0-9.]* MHz' "$out/pnr_$blk.log" | tail -1 | grep -o '[0-9.]* MHz' | cut -d' ' -f1)
  lcs=$(grep -o 'ICESTORM_LC: *[0-9]*/' "$out/pnr_$blk.log" | head -1 | grep -o '[0-9]*' | head -1)
  echo "| $blk | ${lcs:-?} | ${fmax:-failed} |" >> "$rep"
done
cat "$rep"
