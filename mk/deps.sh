#!/bin/sh
# Install what the build needs, only what is missing, every time it is missing.
# Each entry: a check that succeeds when the thing is there, and its Debian package.
set -e
missing=""
need() { # check-command package
	if ! sh -c "$1" >/dev/null 2>&1; then missing="$missing $2"; fi
}
need "command -v verilator" verilator
need "command -v yosys" yosys
need "command -v tshark" tshark
need "command -v nextpnr-ice40" nextpnr-ice40
need "command -v icepack" fpga-icestorm
need "test -f /usr/include/pcap/pcap.h" libpcap-dev
need "test -f /usr/include/zlib.h" zlib1g-dev
need "command -v g++" g++
need "command -v python3" python3
# CRC-32C reference for the model's tests (ingress hash, SPEC 3.7)
need "test -f /usr/include/isa-l.h" libisal-dev
# DPDK's GSO library: sim/check/dpdk_gso (make dpdk-gso-check) and the bench
need "test -f /usr/include/dpdk/rte_gso.h" libdpdk-dev
need "command -v pkg-config" pkg-config
if [ "${1:-}" = "--bench" ]; then
	need "test -f /usr/include/fec.h" libfec-dev
fi
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
