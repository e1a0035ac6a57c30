#!/usr/bin/env python3
"""Independent check of every frame the engine put out (SPEC section 7).

tshark dissects each output pcap under build/sim/w<W>/<scenario>/ with IP, TCP
and UDP checksum validation on. Every frame the engine changed or made (any
output frame that is not byte for byte one of the scenario's inputs) must show
no error: the engine may pass a broken frame on to the PF (the malformed
captures do exactly that), it must never break one itself.

    tshark_check.py BUILD_SIM_DIR VECTORS_DIR [SHARED_DIR]
Prints one line per scenario and "tshark: N passed, N failed".
"""
import os
import struct
import subprocess
import sys

TSHARK = ["tshark", "-n", "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
          "-o", "udp.check_checksum:TRUE"]


def read_pcap(path):
    frames = []
    with open(path, "rb") as f:
        head = f.read(24)
        if len(head) < 24:
            return frames
        magic = struct.unpack("<I", head[:4])[0]
        endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                break
            _, _, incl, _ = struct.unpack(endian + "IIII", rec)
            frames.append(f.read(incl))
    return frames


def errors_by_frame(path):
    """{frame number: frozenset of error messages} for frames tshark finds in error."""
    out = subprocess.run(TSHARK + ["-r", path, "-Y", "_ws.expert.severity == error || _ws.malformed",
                                   "-T", "fields", "-e", "frame.number", "-e", "_ws.expert.message"],
                         capture_output=True, text=True, check=False)
    errs = {}
    for line in out.stdout.splitlines():
        parts = line.split("\t")
        if parts and parts[0].isdigit():
            msgs = parts[1].split(",") if len(parts) > 1 and parts[1] else ["malformed"]
            errs[int(parts[0])] = frozenset(m.strip() for m in msgs)
    return errs


def scenario_inputs(scen, shared):
    paths = [os.path.join(scen, p) for p in ("h2e.pcap", "n2e.pcap")
             if os.path.exists(os.path.join(scen, p))]
    listing = os.path.join(scen, "inputs.txt")
    if os.path.exists(listing):
        for line in open(listing):
            line = line.split("#")[0].split()
            if len(line) >= 2:
                p = line[1].replace("@shared", shared, 1)
                paths.append(p if os.path.isabs(p) else os.path.join(scen, p))
    return paths


def check_scenario(outdir, scen, shared):
    """Frames the engine passed on byte for byte are the input's business (the
    malformed captures arrive broken, and tshark's view of a frame also
    depends on the frames around it); every frame the engine changed or made
    must dissect without an error."""
    inputs = set()
    # the harness writes what it really sent (libpcap's view of each input);
    # fall back to the scenario's files
    sent = [os.path.join(outdir, f"in_{p}.pcap") for p in ("h2e", "n2e")]
    for p in [q for q in sent if os.path.exists(q)] or scenario_inputs(scen, shared):
        inputs.update(read_pcap(p))
    problems, frames, made = [], 0, 0
    for port in ("e2n", "e2h"):
        p = os.path.join(outdir, port + ".pcap")
        if not os.path.exists(p):
            continue
        out = read_pcap(p)
        frames += len(out)
        changed = [i for i, fr in enumerate(out, 1) if fr not in inputs]
        made += len(changed)
        if not changed:
            continue
        errs = errors_by_frame(p)
        for i in changed:
            if i in errs:
                problems.append(f"{port} frame {i}: {', '.join(sorted(errs[i]))}")
    return frames, made, problems


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    build, vectors = sys.argv[1], sys.argv[2]
    shared = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(os.path.abspath(vectors)), "..", "..", "shared")
    passed = failed = 0
    for wdir in sorted(d for d in os.listdir(build) if d.startswith("w") and d[1:].isdigit()):
        for name in sorted(os.listdir(os.path.join(build, wdir))):
            outdir = os.path.join(build, wdir, name)
            scen = os.path.join(vectors, name)
            if not os.path.isdir(outdir) or not os.path.isdir(scen):
                continue
            frames, made, problems = check_scenario(outdir, scen, shared)
            if problems:
                failed += 1
                print(f"FAIL {wdir}/{name}: {len(problems)} frame(s) in error")
                for p in problems[:10]:
                    print("     " + p)
            else:
                passed += 1
                print(f"ok   {wdir}/{name}: {frames} frames, {made} changed by the engine and clean")
    print(f"tshark: {passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
