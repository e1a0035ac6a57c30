#!/usr/bin/env python3
"""Independent check of every frame the engine put out (SPEC section 7).

tshark dissects each output pcap under build/sim/w<W>/<scenario>/ with IP, TCP
and UDP checksum validation on. Every frame the engine changed or made (any
output frame that is not byte for byte one of the scenario's inputs) must show
no error: the engine may pass a broken frame on to the PF (the malformed
captures do exactly that), it must never break one itself. A decapsulated
frame (e2h meta decap=1) carries an input's inner bytes: an error it shows is
the input's when the same frame with the input's bytes put back (the TTL and
checksum the engine changed) shows the same error.

    tshark_check.py BUILD_SIM_DIR VECTORS_DIR [SHARED_DIR]
Prints one line per scenario and "tshark: N passed, N failed".
"""
import os
import re
import tempfile
import subprocess
import sys

from capture import Tally, default_shared, listed_inputs, read_meta, read_pcap, sim_runs, \
    write_pcap

TSHARK = ["tshark", "-n", "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
          "-o", "udp.check_checksum:TRUE"]


def errors_by_frame(path):
    """{frame number: frozenset of error messages} for frames tshark finds in error."""
    out = subprocess.run(TSHARK + ["-r", path, "-Y", "_ws.expert.severity == error || _ws.malformed"
                                   # tshark verifies GRE checksums without flagging them
                                   " || gre.checksum.status == 0",
                                   "-T", "fields", "-e", "frame.number", "-e", "_ws.expert.message"],
                         capture_output=True, text=True, check=False)
    errs = {}
    for line in out.stdout.splitlines():
        parts = line.split("\t")
        if parts and parts[0].isdigit():
            msgs = parts[1].split(",") if len(parts) > 1 and parts[1] else ["malformed"]
            errs[int(parts[0])] = frozenset(m.strip() for m in msgs)
    return errs


def decap_reference(out, by_len):
    """A decapsulated frame (docs/ingress.md 5) is prefix[0..P) (P = 0 or the
    rule's 14-byte Ethernet header) + the input from byte S on, with at most
    the inner TTL / hop limit and IPv4 header checksum changed. Returns that
    frame with the input's bytes back in place (what the engine was given to
    carry), or None when no input fits."""
    for p in (0, 14):
        tail = out[p:]
        for x in by_len:
            if len(x) < len(tail):
                break
            s = len(x) - len(tail)
            src = x[s:]
            # beyond the window nothing may change; inside it at most 3 bytes
            if src[256:] != tail[256:]:
                continue
            if sum(1 for a, b in zip(src[:256], tail[:256]) if a != b) <= 3:
                return out[:p] + src
    return None


def normalise(msgs):
    """expert messages without the numbers in them (a checksum that was bad
    on the way in is still bad, with another value, after a TTL change)"""
    return frozenset(re.sub(r"0x[0-9a-fA-F]+|\d+", "#", m) for m in msgs)


def scenario_inputs(scen, shared):
    paths = [os.path.join(scen, p) for p in ("h2e.pcap", "n2e.pcap")
             if os.path.exists(os.path.join(scen, p))]
    return paths + [p for _, p in listed_inputs(scen, shared)]


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
    # inputs by length, longest first, for the decapsulated frames' origins
    by_len = sorted(inputs, key=len, reverse=True)
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
        excused = excused_errors(out, read_meta(os.path.join(outdir, port + ".meta"), len(out)),
                                 changed, errs, by_len)
        for i in changed:
            if i in errs and not normalise(errs[i]) <= excused.get(i, frozenset()):
                problems.append(f"{port} frame {i}: {', '.join(sorted(errs[i]))}")
    return frames, made, problems


def excused_errors(out, metas, changed, errs, by_len):
    """{frame number: normalised errors the input already had} for the
    decapsulated frames in error: the same inner bytes, as they came in,
    dissected in the same place of the same capture"""
    refs, found = list(out), {}
    for i in changed:
        if i in errs and metas[i - 1].get("decap") == 1:
            ref = decap_reference(out[i - 1], by_len)
            if ref is not None:
                refs[i - 1] = ref
                found[i] = True
    if not found:
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ref.pcap")
        write_pcap(path, refs)
        ref_errs = errors_by_frame(path)
    return {i: normalise(ref_errs.get(i, ())) for i in found}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    build, vectors = sys.argv[1], sys.argv[2]
    shared = sys.argv[3] if len(sys.argv) > 3 else default_shared(vectors)
    tally = Tally("tshark")
    for wdir, name in sim_runs(build, vectors):
        outdir = os.path.join(build, wdir, name)
        if not os.path.isdir(outdir):
            continue
        frames, made, problems = check_scenario(outdir, os.path.join(vectors, name), shared)
        tally.run(f"{wdir}/{name}", problems,
                  f"{frames} frames, {made} changed by the engine and clean",
                  indent=5, counted="frame(s) in error")
    tally.finish()


if __name__ == "__main__":
    main()
