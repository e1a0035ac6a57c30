#!/usr/bin/env python3
"""Independent check of the ingress path (issue 4): docs/ingress.md and the
recognition of docs/architecture.md written out again here, in Python, from
the documents alone, and applied to every n2e frame of a run.

    ingress_check.py [--rules N] [--prefix ig_] [--shared DIR] BUILD_SIM_DIR VECTORS_DIR
    ingress_check.py [--rules N] [--vectors VECTORS_DIR] RUN_DIR...

A RUN_DIR holds what one scenario put out (e2h.pcap/.meta, counters.txt)
and what went in (in_n2e.pcap, written by vnrsim); with BUILD_SIM_DIR
VECTORS_DIR every w<W>/<scenario> whose name starts with --prefix is
checked, and every VECTORS_DIR/<scenario>/expect (inputs from the
scenario: n2e.pcap or the n2e lines of inputs.txt). Profiles, debug mode,
collators, mask and rules come from the scenario's config.vnr, read as the
driver applies it (a rule is stored as key & mask; `keys commit` rewrites
every rule under the new mask).

For each n2e frame the order of checks of docs/ingress.md 4 gives where it
goes and why; then:
(a) e2h, frames with from_net=1, in order: exactly the frames predicted
    (PF or VF), byte for byte: unchanged for the PF rows, for row 9 the
    prefix (the rule's inner Ethernet header when the profile has none) and
    the frame from S on with the inner TTL / hop limit lowered by ttl_dec
    and the IPv4 header checksum by RFC 1624 eqn. 3;
(b) metadata: func, reason, encap, profile, flow_id, decap, rule_hit,
    key_short; rule = a slot of the bucket CRC-32C gives (docs/ingress.md
    2), the same slot for every frame of one rule;
(c) counters.txt: every `ingress FUNC REASON PKTS BYTES` line equals the
    predicted counts (packets and bytes as received), none more, none less.
Prints one line per run and "ingress: N passed, N failed".
"""
import os
import struct
import sys

from capture import Tally, default_shared, expect_runs, listed_inputs, load_port, mac, read_pcap, \
    sim_runs

PRESET = {
    "gre16": dict(proto=47, opaque=16, fmt_off=2, fmt_val=0x6558, fmt_mask=0xFFFF, flow_off=10,
                  flow_len=2, inner_eth=1, enable=1),
    "vxlan": dict(proto=17, opaque=16, fmt_off=2, fmt_val=4789, fmt_mask=0xFFFF, flow_off=12,
                  flow_len=3, inner_eth=1, enable=1),
    "native": dict(proto=17, opaque=20, fmt_off=2, fmt_val=0xCAFE, fmt_mask=0xFFFF, flow_off=8,
                   flow_len=4, inner_eth=0, enable=1),
}
KEY_BYTES, HDR, WAYS, MIN_FRAME = 128, 256, 4, 14


# ---------------------------------------------------------------- files

def scenario_n2e(scen, shared):
    frames = []
    p = os.path.join(scen, "n2e.pcap")
    if os.path.exists(p):
        frames += read_pcap(p)
    for port, q in listed_inputs(scen, shared):
        if port == "n2e":
            frames += read_pcap(q)
    return frames


def num(s):
    return int(s, 0)


class Config:
    """what the registers hold after a vnrctl batch file (docs/ingress.md 6, 8)"""

    def __init__(self, path=None):
        self.profs, self.debug = {}, 0
        self.coll, self.mask, self.rules = [(0, 0)] * 4, bytes(KEY_BYTES), []
        if path and os.path.exists(path):
            self.apply(path)

    def apply(self, path):
        coll_sh, mask_sh = list(self.coll), self.mask
        for line in open(path):
            t = line.split("#")[0].split()
            if not t:
                continue
            kv = dict(x.split("=", 1) for x in t if "=" in x)
            if t[0] == "debug" and len(t) == 2:
                self.debug = int(t[1] == "on")
            elif t[0] == "profile" and len(t) >= 3 and t[1] != "show":
                p = num(t[1])
                cur = self.profs.get(p, dict(proto=0, opaque=0, fmt_off=0, fmt_val=0, fmt_mask=0,
                                             flow_off=0, flow_len=0, inner_eth=0, enable=0))
                if t[2] == "preset":
                    cur = dict(PRESET[t[3]])
                elif t[2] == "set":
                    cur = dict(cur, **{k: num(v) for k, v in kv.items()})
                elif t[2] == "disable":
                    cur = dict(cur, enable=0)
                self.profs[p] = cur
            elif t[0] == "collator":
                coll_sh[num(t[1])] = (num(kv["off"]), num(kv["len"]))
            elif t[0] == "mask":
                mask_sh = b"\xff" * KEY_BYTES if t[1] == "all" else bytes(KEY_BYTES) \
                    if t[1] == "none" else bytes.fromhex(t[1].removeprefix("0x"))
                mask_sh += bytes(KEY_BYTES - len(mask_sh))
            elif t[:2] == ["keys", "commit"]:
                self.coll, self.mask = list(coll_sh), mask_sh
                for r in self.rules:
                    r["key"] = bytes(a & b for a, b in zip(r["key"], self.mask))
            elif t[:2] == ["irule", "add"]:
                k = bytes.fromhex(kv["key"].removeprefix("0x"))
                k += bytes(KEY_BYTES - len(k))
                self.rules.append(dict(
                    profile=num(kv["profile"]), vf=num(kv["vf"]),
                    action=kv.get("action", "deliver"), ttl_dec=num(kv.get("ttl_dec", "0")),
                    short=num(kv.get("short", "0")),
                    key=bytes(a & b for a, b in zip(k, self.mask)),
                    dmac=kv.get("inner_dmac"), smac=kv.get("inner_smac"),
                    itype=num(kv.get("inner_type", "0")), n=len(self.rules)))
            elif t[:2] == ["irule", "del"]:
                raise ValueError("irule del: not followed by this check")


# ---------------------------------------------------------------- docs/ingress.md

def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283


def window(fr):
    return fr[:HDR] + bytes(max(0, HDR - len(fr)))


def recognise(fr, profs):
    """(profile, opaque start o, flow id) of docs/architecture.md, or None"""
    n, h = len(fr), window(fr)
    known = n <= HDR
    l3 = 14
    et = h[12] << 8 | h[13]
    if et == 0x8100:
        et, l3 = h[16] << 8 | h[17], 18
    if et != 0x0800 or h[l3] >> 4 != 4 or h[l3] & 15 < 5:
        return None
    ihl = h[l3] & 15
    if (h[l3 + 6] << 8 | h[l3 + 7]) & 0x3FFF or (known and l3 + 4 * ihl > n):
        return None
    tot, o = h[l3 + 2] << 8 | h[l3 + 3], l3 + 4 * ihl
    for p in sorted(profs):
        q = profs[p]
        if not q.get("enable") or h[l3 + 9] != q["proto"] or tot < 4 * ihl + q["opaque"]:
            continue
        if known and o + q["opaque"] > n:
            continue
        f = (h[o + q["fmt_off"]] << 8 | h[o + q["fmt_off"] + 1]) & q["fmt_mask"]
        if f == q["fmt_val"] & q["fmt_mask"]:
            fo = o + q.get("flow_off", 0)
            return p, o, int.from_bytes(h[fo:fo + q.get("flow_len", 0)], "big")
    return None


def key_of(fr, cfg, p):
    """(M, short, bucket CRC) of docs/ingress.md 2"""
    n, h = len(fr), window(fr)
    k, short = b"", 0
    for off, ln in cfg.coll:
        k += h[off:off + ln]
        short |= int(bool(ln) and n <= HDR and off + ln > n)
    m = bytes(a & b for a, b in zip(k + bytes(KEY_BYTES - len(k)), cfg.mask))
    return m, short, crc32c(bytes([p | short << 2]) + m)


def fold(s):
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def ttl_lower(b, l3, dec, v4):
    """TTL (IPv4, with the header checksum by RFC 1624 eqn. 3) or hop limit
    at l3 lowered by dec, in place"""
    if v4:
        old = b[l3 + 8] << 8 | b[l3 + 9]
        b[l3 + 8] = (b[l3 + 8] - dec) & 0xFF
        new = b[l3 + 8] << 8 | b[l3 + 9]
        hc = b[l3 + 10] << 8 | b[l3 + 11]
        hc = ~fold((~hc & 0xFFFF) + (~old & 0xFFFF) + new) & 0xFFFF
        b[l3 + 10:l3 + 12] = struct.pack("!H", hc)
    else:
        b[l3 + 7] = (b[l3 + 7] - dec) & 0xFF


def decide(fr, cfg):
    """docs/ingress.md 4: (reason, counted under, meta, output frame or None)"""
    n = len(fr)
    known = n <= HDR
    meta = dict(segs=1, from_net=1)
    if n < MIN_FRAME:
        return "runt", 0, None, None
    r = recognise(fr, cfg.profs)
    if r is not None:
        meta.update(encap=1, profile=r[0], flow_id=r[2])
    if cfg.debug:
        return "debug", 0, dict(meta, reason="debug"), fr
    if r is None:
        return "not_encap", 0, dict(meta, reason="not_encap"), fr
    p, o, _ = r
    m, short, crc = key_of(fr, cfg, p)
    hit = [u for u in cfg.rules if u["profile"] == p and u["short"] == short and u["key"] == m]
    if not hit:
        return "no_irule", 0, dict(meta, reason="no_irule"), fr
    u = hit[0]
    meta.update(rule_hit=1, key_short=short, bucket=crc, rule_n=u["n"])
    vf = u["vf"]
    if u["action"] == "trap":
        return "trap_rule", vf, dict(meta, reason="trap_rule"), fr
    if u["action"] == "drop":
        return "drop_rule", vf, None, None
    h = window(fr)
    q = cfg.profs[p]
    i = o + q["opaque"]
    if q["inner_eth"]:
        et = h[i + 12] << 8 | h[i + 13]
        l3i = i + 14
        if et == 0x8100:
            et, l3i = h[i + 16] << 8 | h[i + 17], i + 18
        prefix = b""
    else:
        l3i = i
        et = {4: 0x0800, 6: 0x86DD}.get(h[i] >> 4, 0)
        prefix = mac(u["dmac"] or "00:00:00:00:00:00") + mac(u["smac"] or "00:00:00:00:00:00") + \
            struct.pack("!H", u["itype"] or et)
    v4 = et == 0x0800 and h[l3i] >> 4 == 4 and (not known or n >= l3i + 20)
    v6 = et == 0x86DD and h[l3i] >> 4 == 6 and (not known or n >= l3i + 40)
    if known and len(prefix) + n - i < MIN_FRAME:
        return "decap_short", vf, None, None
    ttl = h[l3i + 8] if v4 else h[l3i + 7] if v6 else 0
    if u["ttl_dec"] and (v4 or v6) and ttl <= u["ttl_dec"]:
        return "ttl", vf, dict(meta, reason="ttl"), fr
    b = bytearray(fr)
    if u["ttl_dec"] and (v4 or v6):
        ttl_lower(b, l3i, u["ttl_dec"], v4)
    meta.update(reason="forward", func=vf, decap=1)
    return "forward", vf, meta, prefix + bytes(b[i:])


def rule_of(fr, cfg):
    """(rule number, bucket CRC) of a frame some rule decides"""
    p = recognise(fr, cfg.profs)[0]
    m, short, crc = key_of(fr, cfg, p)
    u = [u for u in cfg.rules if u["profile"] == p and u["short"] == short and u["key"] == m]
    return u[0]["n"], crc


# ---------------------------------------------------------------- checks

def check_rule_counters(cpath, per_rule, slots, rules_n):
    """bank 3 (docs/ingress.md 4: rows 5-9 count in the slot's counter), when
    counters.txt lists it as `irule SLOT PKTS BYTES` lines: a rule whose slot
    the outputs named must have its counts there; a rule that only dropped
    frames must have them in some other slot of its bucket; nothing else"""
    have = {}
    for line in open(cpath):
        t = line.split()
        if len(t) == 4 and t[0] == "irule":
            have[int(t[1])] = (int(t[2]), int(t[3]))
    if not have:
        return []
    p, left = [], dict(have)
    for n, (pk, by, bucket) in sorted(per_rule.items()):
        slot = slots.get(n)
        if slot is None:
            slot = next((s for s in sorted(left) if s // WAYS == bucket and left[s] == (pk, by)),
                        None)
        if slot is None or left.pop(slot, (0, 0)) != (pk, by):
            p.append(f"counters.txt irule: rule {n} (bucket {bucket}, slot {slot}) should count "
                     f"{pk} packets {by} bytes; have {have.get(slot)}")
    p += [f"counters.txt irule {s}: {v} counted, no frame predicted"
          for s, v in sorted(left.items()) if v != (0, 0)]
    return p


META_FIELDS = ("func", "reason", "segs", "from_net", "encap", "profile", "flow_id", "decap",
               "rule_hit", "key_short")


def check_run(rundir, scen, shared, rules_n, label):
    cfg = Config(os.path.join(scen, "config.vnr"))
    inp = os.path.join(rundir, "in_n2e.pcap")
    ins = read_pcap(inp) if os.path.exists(inp) else scenario_n2e(scen, shared)
    got = [(f, m) for f, m in load_port(rundir, "e2h") if m.get("from_net")]
    p, counts, slots, k = [], {}, {}, 0
    per_rule = {}   # rule n -> [pkts, bytes, bucket]: rows 5-9 (bank 3)
    for j, fr in enumerate(ins):
        reason, under, meta, out = decide(fr, cfg)
        c = counts.setdefault((under, reason), [0, 0])
        c[0] += 1
        c[1] += len(fr)
        if reason in ("trap_rule", "drop_rule", "decap_short", "ttl", "forward"):
            n_, b_ = rule_of(fr, cfg)
            r = per_rule.setdefault(n_, [0, 0, b_ % (rules_n // WAYS)])
            r[0] += 1
            r[1] += len(fr)
        if out is None:
            continue
        where = f"n2e frame {j + 1} ({len(fr)} B, {reason})"
        if k >= len(got):
            p.append(f"{where}: missing on e2h ({len(got)} from_net frames)")
            k += 1
            continue
        o, m = got[k]
        k += 1
        if o != out:
            d = [x for x in range(min(len(o), len(out))) if o[x] != out[x]][:6]
            p.append(f"{where}: e2h frame {k} differs: {len(o)} B vs {len(out)} expected, "
                     f"bytes {d}")
        bad = [f"{f}={m.get(f, 0)} (want {meta.get(f, 0)})" for f in META_FIELDS
               if m.get(f, 0) != meta.get(f, 0)]
        if meta.get("rule_hit"):
            slot = m.get("rule", -1)
            if slot // WAYS != meta["bucket"] % (rules_n // WAYS):
                bad.append(f"rule={slot} not in bucket {meta['bucket'] % (rules_n // WAYS)}")
            if slots.setdefault(meta["rule_n"], slot) != slot:
                bad.append(f"rule={slot}, earlier frames of this rule had {slots[meta['rule_n']]}")
        if bad:
            p.append(f"{where}: meta {' '.join(bad)}")
    if k < len(got):
        p.append(f"{len(got) - k} e2h from_net frames more than predicted")
    cpath = os.path.join(rundir, "counters.txt")
    if os.path.exists(cpath):
        have = {}
        for line in open(cpath):
            t = line.split()
            if len(t) == 5 and t[0] == "ingress":
                have[(int(t[1]), t[2])] = [int(t[3]), int(t[4])]
        for key in sorted(set(have) | set(counts)):
            if have.get(key) != counts.get(key):
                p.append(f"counters.txt ingress {key[0]} {key[1]}: {have.get(key)}, "
                         f"predicted {counts.get(key)}")
        p += check_rule_counters(cpath, per_rule, slots, rules_n)
    return p, f"{len(ins)} n2e frames as predicted, {len(got)} on e2h, " \
        f"{sum(v[0] for (f, r), v in counts.items() if r == 'forward')} decapsulated"


def main():
    args = sys.argv[1:]
    opts = {"--rules": "4096", "--prefix": "ig_", "--shared": None,
            "--vectors": "vectors/scenarios"}
    while args[:1] and args[0] in opts:
        opts[args[0]], args = args[1], args[2:]
    if not args:
        sys.exit(__doc__)
    rules_n = int(opts["--rules"])
    runs = []
    if len(args) == 2 and os.path.isdir(args[1]) and not os.path.exists(
            os.path.join(args[0], "e2h.pcap")):
        build, vectors = args
        if os.path.isdir(build):
            runs += [(os.path.join(build, w, name), os.path.join(vectors, name))
                     for w, name in sim_runs(build, vectors, opts["--prefix"])]
        runs += expect_runs(vectors, opts["--prefix"])
    else:
        # a run directory is named after its scenario (OUT/w<W>/<scenario>)
        vectors = opts["--vectors"]
        for d in args:
            scen = os.path.dirname(os.path.abspath(d)) if os.path.basename(
                os.path.normpath(d)) == "expect" else \
                os.path.join(vectors, os.path.basename(os.path.normpath(d)))
            runs.append((d, scen))
    shared = opts["--shared"] or os.environ.get("VNR_SHARED") or default_shared(vectors)
    tally = Tally("ingress")
    for d, scen in runs:
        label = os.path.relpath(d)
        tally.run(f"ingress {label}", *check_run(d, scen, shared, rules_n, label))
    tally.finish()


if __name__ == "__main__":
    main()
