#!/bin/sh
# vnrctl as a user runs it: argument errors exit 2 with a message, command
# failures exit 1, commands work on the model backend, batch files report
# FILE:LINE.
#   test_vnrctl.sh PATH/TO/vnrctl
V=$1
pass=0
fail=0
tmp=$(mktemp -d)

# expect CODE PATTERN ARGS...: exit code CODE and PATTERN in stdout+stderr
expect() {
	code=$1 pat=$2
	shift 2
	"$V" "$@" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$code" ] && grep -q -e "$pat" "$tmp/out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL vnrctl $*: exit $rc (want $code), output:"
		sed 's/^/  | /' "$tmp/out"
		echo "  (wanted '$pat')"
	fi
}

expect 2 "no command" 
expect 2 "unknown option '--bogus'" --bogus ident
expect 2 "-B: 'fpga' is not model, rtl, cosim or dev:PATH" -B fpga ident
expect 2 "-B: missing value" -B
expect 2 "-w: '128' is not 64 or 512" -w 128 ident
expect 2 "-w: 'x' is not a number" -w x ident
expect 2 "--num-vf: value outside 1..128" --num-vf 0 ident
expect 2 "--num-vf: value outside 1..128" --num-vf 129 ident
expect 2 "--seed: '-1' is not a number" --seed -1 ident
expect 2 "-b: missing file" -b
expect 2 "exclusive" -b x.vnr ident
expect 0 "usage: vnrctl" -h

expect 0 "data_w 64 num_vf 4 rules 4096" --num-vf 4 ident
expect 0 "0x00400  type 5 (ports)  version 1" ident
expect 1 "unknown command 'frob'" frob
expect 1 "profile 1: opaque=65 above the limit 64" profile 1 set opaque=65
expect 0 "profile 2: enable=0 proto=0 opaque=0 fmt_off=0" profile show 2
expect 1 "refused: ERR VF_WRITE (code 3, vf 1)" reg write 0x80000 1
expect 0 '"ports":{"h2e_in":0' stats --json
expect 1 "empty: No such file or directory" -B "dev:$tmp/empty" ident
: >"$tmp/empty"
expect 1 "below the csr window" -B "dev:$tmp/empty" ident
dd if=/dev/zero of="$tmp/zero" bs=1024 count=1024 2>/dev/null
expect 1 "MAGIC 0x00000000, expected 0x564e5231" -B "dev:$tmp/zero" ident

printf '# cfg\nprofile 0 preset gre16\n\nprofile 0 show\nprofile 0 set flow_len=7\n' >"$tmp/cfg.vnr"
expect 1 "cfg.vnr:5: profile 0: flow_len=7 above the limit 4" -b "$tmp/cfg.vnr"
printf 'profile 0 preset gre16\nprofile 0 show   # check\n' >"$tmp/ok.vnr"
expect 0 "profile 0: enable=1 proto=47 opaque=16 fmt_off=2 fmt_val=0x6558 fmt_mask=0xffff flow_off=10 flow_len=2 inner_eth=1" -b "$tmp/ok.vnr"
expect 1 "nonexistent.vnr" -b "$tmp/nonexistent.vnr"

# ingress: refusals exit 1 naming the limit, a batch that places a rule and shows it
expect 1 "collator 2: off=200 len=60: off+len=260 above the limit 256 (COLL_SPAN)" collator 2 off=200 len=60
expect 1 "irule add: vf=65 above the limit 64 (NUM_VF)" irule add profile=1 key=01 vf=65
expect 1 "irule del: slot 7 holds no rule" irule del slot=7
expect 1 "inject: VF=0 outside the limits 1..64 (NUM_VF)" inject 0 x.pcap
expect 0 "^mask none$" keys show
printf 'profile 1 preset vxlan\ncollator 0 off=46 len=3\nmask ffffff\nkeys commit\n' >"$tmp/ig.vnr"
printf 'irule add profile=1 key=123456 vf=3 ttl_dec=1\nirule show\n' >>"$tmp/ig.vnr"
expect 0 "^irule [0-9]* bucket=[0-9]* profile=1 key=123456 short=0 action=deliver vf=3 ttl_dec=1 pkts=0 bytes=0$" -b "$tmp/ig.vnr"
printf 'irule add profile=1 key=123456 vf=4\n' >>"$tmp/ig.vnr"
expect 1 "ig.vnr:7: irule add: already in the table: slot [0-9]* profile 1 key 123456 short 0" -b "$tmp/ig.vnr"
printf 'collator 0 off=0 len=128\ncollator 1 off=0 len=1\nkeys commit\n' >"$tmp/total.vnr"
expect 1 "total.vnr:3: keys: collator lengths add up to 129 (len 128+1+0+0 of collators 0-3), above the limit 128 (KEY_BYTES)" -b "$tmp/total.vnr"
# two 60-byte frames injected to VF 3
python3 -c 'import struct,sys
f=open(sys.argv[1],"wb"); f.write(struct.pack("<IHHiIII",0xa1b2c3d4,2,4,0,0,65535,1))
for i in range(2): f.write(struct.pack("<IIII",0,0,60,60)+bytes([2,0,0,0,0,3,2,0,0,0,0,1,8,0])+bytes(46))' "$tmp/inj.pcap"
printf 'inject 3 %s\ndrain\nstats\n' "$tmp/inj.pcap" >"$tmp/inj.vnr"
expect 0 "egress       3  inject                        2                  120" -b "$tmp/inj.vnr"
expect 0 "inject 3: 2 frames from" -b "$tmp/inj.vnr"

rm -rf "$tmp"
echo "driver vnrctl: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
