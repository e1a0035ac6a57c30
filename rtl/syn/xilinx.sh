#!/bin/sh
# usage: xilinx.sh check|report DATA_W NUM_VF RULES OUT_PREFIX INC SRC...
#
# report (make synth): synth_xilinx -flatten on vnr_top down to LUTs; writes
#   OUT_PREFIX.log, OUT_PREFIX.stat and OUT_PREFIX.ltp (deepest path).
#
# check (make rtl-synth-check): the same synth_xilinx script, stopped once the
#   memories are mapped (-run begin:map_ffram), so every memory is mapped
#   exactly as in the full run; the LUT mapping after it (opt -full, ABC),
#   two thirds of the time, is not done. Writes OUT_PREFIX.log, .stat,
#   .mems (every memory: bits, depth, how it was mapped) and fails on
#   - a latch: a $dlatch/$adlatch/$dlatchsr/$sr cell after proc (yosys
#     itself stops on a latch from always_comb);
#   - a memory at least MEM_DEPTH (128) words deep and MEM_BITS (16384) bits
#     big that memory_libmap did not put in block RAM (LUT RAM or, with no
#     mapping at all, flip-flops): shallower ones are LUT RAM by design;
#   - fewer than 16 RAMB18/RAMB36 in all;
#   - an internal ($) cell of a type the rest of synth_xilinx has no mapping
#     for (formal or simulation-only cells, say). A $mem_v2 left here is one
#     memory_libmap did not map: memory_map makes flip-flops of it, and the
#     memory check above has judged it.
set -e
mode=$1; dw=$2; nvf=$3; rules=$4; out=$5; inc=$6; shift 6
srcs="$*"
MEM_DEPTH=128
MEM_BITS=16384
ys=$out.ys
# -defer: elaborate each module once, with the parameters it is used with
# (not first with its defaults)
{
  echo "read_verilog -defer -sv -DSYNTHESIS -I$inc $srcs"
  echo "hierarchy -top vnr_top -chparam DATA_W $dw -chparam NUM_VF $nvf -chparam RULES $rules"
  if [ "$mode" = report ]; then
    echo "synth_xilinx -flatten -top vnr_top"
    echo "tee -o $out.stat stat"
    echo "tee -o $out.ltp ltp -noff"
  else
    echo "synth_xilinx -flatten -top vnr_top -run begin:map_memory"
    echo "tee -q -o $out.latches select -list t:\$dlatch t:\$adlatch %u t:\$dlatchsr %u t:\$sr %u %co:+[Q] w:* %i"
    echo "tee -q -o $out.memdump dump t:\$mem_v2"
    echo "synth_xilinx -flatten -top vnr_top -run map_memory:map_ffram"
    echo "tee -q -o $out.stat stat"
  fi
} > "$ys"
echo "yosys: synth_xilinx vnr_top DATA_W=$dw NUM_VF=$nvf RULES=$rules ($mode; log $out.log)"
yosys -q -l "$out.log" -s "$ys" >/dev/null 2>&1 || { grep -m1 'ERROR' "$out.log" || tail -20 "$out.log"; exit 1; }
sed -n '/Number of cells/,$p' "$out.stat"
[ "$mode" = check ] || exit 0

bad=0
# latches, by the signal they drive
if [ -s "$out.latches" ]; then
  echo "rtl-synth-check: FAIL: latches:"; sed 's/^/  /' "$out.latches"; bad=1; fi
# every memory: bits depth name mapping ("-": memory_libmap found none,
# memory_map makes flip-flops of it)
awk '/^ *cell \$mem_v2 / { n = $3 } /^ *parameter .SIZE / { s[n] = $3 }
     /^ *parameter .WIDTH / { w[n] = $3 }
     END { for (n in s) print s[n] * w[n], s[n], substr(n, 2) }' "$out.memdump" | sort -n |
while read -r bits depth name; do
  via=$(grep -F "mapping memory vnr_top.$name via " "$out.log" | sed 's/.* via //' | head -1)
  echo "$bits $depth $name ${via:--}"
done > "$out.mems"
rm -f "$out.memdump"
awk -v d=$MEM_DEPTH -v b=$MEM_BITS '$2 >= d && $1 >= b && $4 !~ /BLOCKRAM/' "$out.mems" > "$out.membad"
if [ -s "$out.membad" ]; then
  echo "rtl-synth-check: FAIL: memories of >= $MEM_DEPTH words and >= $MEM_BITS bits not in block RAM (bits, depth, memory, mapping):"
  sed 's/^/  /' "$out.membad"; bad=1; fi
nbram=$(awk '/RAMB(18|36)E1/ {n += $2} END {print n+0}' "$out.stat")
# the big memories: egress and ingress frame FIFOs, four counter banks, the
# rule table, the VF table, the lookup tree's leaves and deep levels, the
# ingress rule table's four ways: well over 16 block RAMs
if [ "$nbram" -lt 16 ]; then
  echo "rtl-synth-check: FAIL: only $nbram RAMB18/RAMB36"; bad=1; fi
# what the rest of synth_xilinx (memory_map, techmap, dfflegalize, ABC)
# maps: gates, arithmetic, muxes, flip-flops, memories, the Xilinx cells (no $)
awk '/^ +\$/ { print $1 }' "$out.stat" | grep -Ev '^\$(_[A-Z0-9]|(not|pos|neg|and|or|xor|xnor|reduce_(and|or|xor|xnor|bool)|logic_(not|and|or)|shl|shr|sshl|sshr|shift|shiftx|lt|le|eq|ne|eqx|nex|ge|gt|add|sub|mul|div|mod|divfloor|modfloor|alu|lcu|macc|fa|mux|pmux|bmux|demux|bwmux|tribuf|lut|sop|slice|concat|[as]?dffe?|aldffe?|dffsre?|sdffc?e|mem_v2)$)' > "$out.unmapped" || true
if [ -s "$out.unmapped" ]; then
  echo "rtl-synth-check: FAIL: internal cells synth_xilinx cannot map:"; sed 's/^/  /' "$out.unmapped"; bad=1; fi
[ $bad -eq 0 ] || exit 1
echo "rtl-synth-check: OK ($nbram block RAMs, every memory of >= $MEM_DEPTH words and >= $MEM_BITS bits in block RAM, no latches, no unmappable cells)"
