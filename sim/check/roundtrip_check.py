#!/usr/bin/env python3
"""Round trip (issue 4): frames encapsulated by one engine (scenario
eg_presets: h2e -> e2n) and decapsulated by a second one configured as the
remote host (scenario ig_roundtrip: its n2e input is eg_presets' e2n output)
come back as the original inner frames.

    roundtrip_check.py [--rules N] [--eg NAME] [--ig NAME] BUILD_SIM_DIR VECTORS_DIR

Checks every BUILD_SIM_DIR/w<W>/ig_roundtrip run and VECTORS_DIR/ig_roundtrip/
expect. For each:

(a) input: the run's n2e frames are eg_presets' e2n frames (expect/, and the
    eg_presets run of the same width when there is one), byte for byte and
    in number: a stale ig_roundtrip (eg_presets changed, inputs not
    regenerated) fails here;
(b) origin: each e2n frame is traced back to its eg_presets h2e frame (the
    egress rule in e2n.meta; the inner bytes decoded with the rule's preset);
(c) count: every frame came back: e2h holds exactly one from_net=1 frame per
    n2e frame, in order, no more, no less;
(d) bytes: each returned frame equals its original h2e frame except for
    these documented edits, with the values worked out here from the two
    configurations, and nothing else (same length):
      - bytes 0..5 / 6..11 (inner destination / source MAC): the egress
        rule's set_dmac / set_smac (docs/egress.md 3);
      - native profile (no inner Ethernet, docs/egress.md 3 and
        docs/ingress.md 3): the original Ethernet header (VLAN tag included)
        is replaced by the ingress rule's inner_dmac, inner_smac and
        inner_type (when 0: 0x0800 / 0x86DD from the IP version);
      - inner IPv4 TTL (l3+8) and header checksum (l3+10..11), IPv6 hop
        limit (l3+7): lowered by the egress rule's ttl_dec plus the ingress
        rule's ttl_dec; the checksum must equal RFC 1624 eqn. 3 applied
        once per engine and must verify;
(e) metadata: func = the ingress rule's vf (the rule found here from the
    collators, mask and irule lines of config.vnr), reason forward, decap,
    encap, profile, rule_hit, and rule slot in the bucket CRC-32C gives;
(f) counters (counters.txt when present): ingress forward packets and bytes
    per VF equal the frames and received bytes sent to it.
Prints one line per run and "roundtrip: N passed, N failed".
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import egress_check as eg  # noqa: E402  (egress config, edit_inner, csum)
import ingress_check as ig  # noqa: E402  (ingress configuration, recognition, key)
from capture import Tally, load_port, mac, read_pcap, widths  # noqa: E402


def lookup(fr, cfg):
    """(profile, short, bucket CRC, rule) the ingress engine should find for
    fr (docs/ingress.md 2, as sim/check/ingress_check.py writes it out)"""
    r = ig.recognise(fr, cfg.profs)
    if r is None:
        return None
    m, short, crc = ig.key_of(fr, cfg, r[0])
    hit = [u for u in cfg.rules if u["profile"] == r[0] and u["short"] == short and u["key"] == m]
    return r[0], short, crc, (hit[0] if hit else None)


# ---------------------------------------------------------------- the edits

def ttl_down(b, l3, dec):
    """TTL / hop limit of the IP packet at l3 lowered by dec, the IPv4 header
    checksum by RFC 1624 eqn. 3, in place"""
    if dec and b[l3] >> 4 in (4, 6):
        ig.ttl_lower(b, l3, dec, b[l3] >> 4 == 4)


def is_ip(fr, l3, et):
    return (et == 0x0800 and fr[l3] >> 4 == 4 and len(fr) >= l3 + 20) or \
        (et == 0x86DD and fr[l3] >> 4 == 6 and len(fr) >= l3 + 40)


def expected_back(orig, egr, eg_preset, igr):
    """orig after the egress rule egr (preset eg_preset) and the ingress rule
    igr; returns (bytes, list of what was allowed to change)"""
    allowed = []
    b = bytearray(eg.edit_inner(orig, {k: v for k, v in egr.items() if k != "ttl_dec"}))
    if "set_dmac" in egr:
        allowed.append("dmac (egress set_dmac)")
    if "set_smac" in egr:
        allowed.append("smac (egress set_smac)")
    l3 = eg.l3_of(b)
    et = b[l3 - 2] << 8 | b[l3 - 1]
    if not eg.PRESET_INNER_ETH[eg_preset]:
        ip = b[l3:]
        v = ip[0] >> 4 if ip else 0
        et = igr["itype"] or {4: 0x0800, 6: 0x86DD}.get(v, 0)
        b = bytearray(mac(igr["dmac"]) + mac(igr["smac"]) + struct.pack("!H", et)) + ip
        allowed.append("Ethernet header (native: the ingress rule's)")
        l3 = 14
    dec = (1 if egr.get("ttl_dec") == "1" else 0) + igr["ttl_dec"]
    if is_ip(b, l3, et):
        # the egress engine decrements first, the ingress one then: RFC 1624
        # once per engine (the same bytes as one decrement by the sum, but
        # each engine's result must be what it computes)
        if egr.get("ttl_dec") == "1":
            ttl_down(b, l3, 1)
        ttl_down(b, l3, igr["ttl_dec"])
        if dec:
            allowed.append(f"TTL/hop limit -{dec}" + (" + IPv4 checksum" if b[l3] >> 4 == 4
                                                        else ""))
    return bytes(b), allowed


def what_differs(out, orig):
    """names of the fields in which out differs from orig (the allowed ones)"""
    names = set()
    l3o, l3 = eg.l3_of(orig), 14
    if len(out) != len(orig):
        names.add(f"length {len(orig)} -> {len(out)} (VLAN tag dropped)")
    for i in range(min(len(out), len(orig))):
        if out[i] == orig[i]:
            continue
        names.add("dmac" if i < 6 else "smac" if i < 12 else "EtherType" if i < l3 else
                  "TTL" if i == l3 + 8 and out[12:14] == b"\x08\x00" else
                  "IPv4 checksum" if i in (l3 + 10, l3 + 11) else
                  "hop limit" if i == l3 + 7 and out[12:14] == b"\x86\xdd" else f"byte {i}")
    if l3o != l3:
        names.add("inner VLAN tag")
    return names


def diff_offsets(a, b):
    d = [i for i in range(min(len(a), len(b))) if a[i] != b[i]]
    return d + (["length"] if len(a) != len(b) else [])


# ---------------------------------------------------------------- checks

def trace_egress(h2e, e2n, egrules, egprof):
    """for each e2n frame the index of its h2e input (or None)"""
    out, j = [], 0
    for fr, m in e2n:
        r = egrules.get(m.get("rule"))
        preset = egprof.get(int(r.get("encap", "-1"))) if r else None
        if r is None or not m.get("encap") or preset not in eg.PRESET_L:
            out.append(None)
            continue
        E = 18 if "outer_vlan" in r else 14
        inner = fr[E + 20 + eg.PRESET_L[preset]:]
        found = None
        for i in range(j, len(h2e)):
            if h2e[i][1].get("func", 0) == int(r["func"]) and \
                    eg.expected_inner(h2e[i][0], r, preset) == inner:
                found = i
                break
        out.append(found)
        if found is not None:
            j = found + 1
    return out


def check_run(rundir, vectors, egname, igname, rules_n, width_dir):
    p = []
    egdir, igdir = os.path.join(vectors, egname), os.path.join(vectors, igname)
    egrules, egprof = eg.read_config(egdir)
    h2e = load_port(egdir, "h2e")
    e2n = load_port(os.path.join(egdir, "expect"), "e2n")
    if not e2n:
        return [f"no {egname}/expect/e2n.pcap"], ""
    # (a) the input is eg_presets' output
    ins = load_port(rundir, "in_n2e") if os.path.exists(os.path.join(rundir, "in_n2e.pcap")) \
        else load_port(igdir, "n2e")
    if [f for f, _ in ins] != [f for f, _ in e2n]:
        p.append(f"n2e input ({len(ins)} frames) is not {egname}/expect/e2n.pcap "
                 f"({len(e2n)} frames): regenerate {igname} (gen_scenarios.py)")
    if width_dir:
        run_e2n = os.path.join(width_dir, egname, "e2n.pcap")
        if os.path.exists(run_e2n) and read_pcap(run_e2n) != [f for f, _ in e2n]:
            p.append(f"{egname} run {run_e2n} differs from its expect/e2n.pcap")
    if p:
        return p, ""
    # (b) origin of each frame
    origin = trace_egress(h2e, e2n, egrules, egprof)
    for k, o in enumerate(origin):
        if o is None:
            p.append(f"{egname} e2n frame {k + 1}: no h2e input decodes to it")
    cfg = ig.Config(os.path.join(igdir, "config.vnr"))
    # (c) count
    back = [(f, m) for f, m in load_port(rundir, "e2h") if m.get("from_net")]
    if len(back) != len(ins):
        p.append(f"{len(back)} frames came back on e2h (from_net=1) for {len(ins)} sent")
    # (d), (e)
    per_vf, allowed_seen, differs = {}, {}, {}
    for k, ((fr, _), (out, m), o) in enumerate(zip(ins, back, origin)):
        if o is None:
            continue
        egr = egrules[e2n[k][1]["rule"]]
        preset = egprof[int(egr["encap"])]
        lk = lookup(fr, cfg)
        if lk is None or lk[3] is None:
            p.append(f"frame {k + 1}: no ingress rule of config.vnr matches it (check the config)")
            continue
        prof, short, crc, igr = lk
        want, allowed = expected_back(h2e[o][0], egr, preset, igr)
        for a in allowed:
            allowed_seen[a] = allowed_seen.get(a, 0) + 1
        for a in what_differs(out, h2e[o][0]) if out == want else ():
            differs[a] = differs.get(a, 0) + 1
        where = f"e2h frame {k + 1} (h2e input {o + 1}, {len(h2e[o][0])} B, {preset})"
        if out != want:
            d = diff_offsets(out, want)
            p.append(f"{where}: bytes differ beyond the documented edits at "
                     f"{', '.join(str(x) for x in d[:8])}{' ...' if len(d) > 8 else ''}")
        l3 = 14
        if out[l3 - 2:l3] == b"\x08\x00" and len(out) >= l3 + 20 and eg.csum(out[l3:l3 + 20]) \
                and eg.csum(h2e[o][0][eg.l3_of(h2e[o][0]):][:20]) == 0:
            p.append(f"{where}: inner IPv4 header checksum does not verify")
        exp_meta = dict(func=igr["vf"], reason="forward", decap=1, encap=1, from_net=1,
                        profile=prof, rule_hit=1)
        bad = [f"{f}={m.get(f, 0)} (want {v})" for f, v in exp_meta.items() if m.get(f, 0) != v]
        slot = m.get("rule", -1)
        if slot // ig.WAYS != crc % (rules_n // ig.WAYS):
            bad.append(f"rule={slot} is not in bucket {crc % (rules_n // ig.WAYS)}")
        if m.get("key_short", 0) != short:
            bad.append(f"key_short={m.get('key_short', 0)} (want {short})")
        if bad:
            p.append(f"{where}: meta {' '.join(bad)}")
        c = per_vf.setdefault(igr["vf"], [0, 0])
        c[0] += 1
        c[1] += len(fr)
    # (f) counters
    cpath = os.path.join(rundir, "counters.txt")
    if os.path.exists(cpath):
        got = {}
        for line in open(cpath):
            t = line.split()
            if len(t) == 5 and t[0] == "ingress" and t[2] == "forward":
                got[int(t[1])] = [int(t[3]), int(t[4])]
        if got != per_vf:
            p.append(f"ingress forward counters {sorted(got.items())} != sent "
                     f"{sorted(per_vf.items())}")
    summary = f"{len(back)}/{len(ins)} frames back; allowed edits: " + \
        (", ".join(f"{a} x{n}" for a, n in sorted(allowed_seen.items())) or "none") + \
        "; bytes that differ from the originals: " + \
        (", ".join(f"{a} x{n}" for a, n in sorted(differs.items())) or "none")
    return p, summary


def main():
    args = sys.argv[1:]
    opts = {"--rules": "4096", "--eg": "eg_presets", "--ig": "ig_roundtrip"}
    while args[:1] and args[0] in opts:
        opts[args[0]], args = args[1], args[2:]
    if len(args) != 2:
        sys.exit(__doc__)
    build, vectors = args
    egname, igname, rules_n = opts["--eg"], opts["--ig"], int(opts["--rules"])
    runs = []
    if os.path.isdir(build):
        for w in widths(build):
            d = os.path.join(build, w, igname)
            if os.path.exists(os.path.join(d, "e2h.pcap")):
                runs.append((d, os.path.join(build, w)))
    exp = os.path.join(vectors, igname, "expect")
    if os.path.exists(os.path.join(exp, "e2h.pcap")):
        runs.append((exp, None))
    tally = Tally("roundtrip")
    for d, wdir in runs:
        tally.run(f"roundtrip {os.path.relpath(d)}",
                  *check_run(d, vectors, egname, igname, rules_n, wdir), most=12)
    tally.finish()


if __name__ == "__main__":
    main()
