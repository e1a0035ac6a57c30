#!/usr/bin/env python3
"""Independent checks of the egress path (SPEC section 7, issue 3).

    egress_check.py [--prefix eg_] RUN_DIR... | BUILD_SIM_DIR VECTORS_DIR

A RUN_DIR holds what one scenario put out (e2n/e2h .pcap/.meta, counters.txt)
and what went in (in_h2e.pcap/.meta, written by vnrsim); with BUILD_SIM_DIR
VECTORS_DIR every w<W>/<scenario> whose name starts with --prefix is checked,
and every VECTORS_DIR/<scenario>/expect (inputs from the scenario) too. The
rules and profiles come from the scenario's config.vnr and during.vnr.

(a) tshark: every e2n frame dissects with IPv4, TCP and UDP checksum
    validation on, without an error or malformed mark, and no checksum status
    (IP, TCP, UDP, GRE; GRE has no preference, tshark checks it always) is Bad.
(b) decap: every e2n frame, decoded here from the bytes (outer Ethernet,
    outer IPv4, the opaque header of the rule's profile), gives back an input
    frame byte for byte apart from the documented edits (set_dmac, set_smac,
    ttl_dec with the IPv4 header checksum, the inner Ethernet header stripped
    for a profile without inner_eth). Outer fields are checked against the
    rule: addresses, VLAN, TOS, DF, TTL, IPv4 ID = number of frames
    encapsulated before, lengths, IPv4 header checksum, UDP checksum (0 when
    udp_csum=0, valid otherwise), GRE checksum. Outputs match inputs in order.
    A TSO frame's run of segments (seg_more on all but the last) is checked
    segment by segment (outer ID = the frame's + k) and must carry the
    input's TCP payload, in order, byte for byte; tso_check.py owns the
    segments' inner headers.
(c) conservation (counters.txt): h2e frames in = e2n out + trapped + dropped,
    frames ending on e2n = egress forward + mss_clamp, e2n_out = segments in
    e2n.pcap, trapped = e2h frames from the host side, and the rule counters
    sum to the frames rules decided.
Prints one line per scenario and check, then "egress: N passed, N failed".
"""
import ipaddress
import os
import struct
import subprocess
import sys

from capture import Tally, expect_runs, load_port, mac, read_pcap, sim_runs

DROP = {"runt", "bad_func", "too_big", "src_mac", "src_ip", "vlan", "mtu", "drop_rule",
        "tso_mss", "tso_not_tcp", "tso_bad_len", "tso_hdr"}
WIRE = {"forward", "mss_clamp"}
PRESET_L = {"gre16": 16, "vxlan": 16, "native": 20}
PRESET_INNER_ETH = {"gre16": True, "vxlan": True, "native": False}


# ---------------------------------------------------------------- files

def read_config(scen):
    """{rule id: args}, {profile: preset name} from config.vnr then during.vnr
    (a rule id re-added later keeps the last definition)"""
    rules, prof = {}, {}
    for name in ("config.vnr", "during.vnr"):
        p = os.path.join(scen, name)
        if not os.path.exists(p):
            continue
        for line in open(p):
            t = line.split("#")[0].split()
            if len(t) >= 4 and t[0] == "profile" and t[2] == "preset":
                prof[int(t[1])] = t[3]
            if len(t) >= 3 and t[:2] == ["rule", "add"]:
                args = dict(x.split("=", 1) for x in t[3:] if "=" in x)
                rules[int(t[2])] = args
    return rules, prof


# ---------------------------------------------------------------- packets

def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack(f"!{len(b) // 2}H", b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def l3_of(fr):
    return 18 if fr[12:14] == b"\x81\x00" else 14


def edit_inner(fr, r):
    """the documented edits of a forwarding rule applied to input frame fr"""
    b = bytearray(fr)
    if "set_dmac" in r:
        b[0:6] = mac(r["set_dmac"])
    if "set_smac" in r:
        b[6:12] = mac(r["set_smac"])
    if r.get("ttl_dec") == "1":
        l3 = l3_of(b)
        et = b[l3 - 2:l3]
        if et == b"\x08\x00" and len(b) >= l3 + 20 and b[l3] >> 4 == 4:
            old = b[l3 + 8:l3 + 10]
            b[l3 + 8] = (b[l3 + 8] - 1) & 0xFF  # TTL 0 is never forwarded
            hc = struct.unpack("!H", b[l3 + 10:l3 + 12])[0]
            # RFC 1624 eqn. 3, written out here independently of the engine
            s = (~hc & 0xFFFF) + (~struct.unpack("!H", old)[0] & 0xFFFF) + \
                struct.unpack("!H", b[l3 + 8:l3 + 10])[0]
            while s >> 16:
                s = (s & 0xFFFF) + (s >> 16)
            b[l3 + 10:l3 + 12] = struct.pack("!H", ~s & 0xFFFF)
        elif et == b"\x86\xdd" and len(b) >= l3 + 40 and b[l3] >> 4 == 6:
            b[l3 + 7] = (b[l3 + 7] - 1) & 0xFF
    return bytes(b)


def check_encap(out, r, preset, ip_id):
    """problems with the outer headers of out; returns (problems, inner bytes)"""
    p = []
    vlan = r.get("outer_vlan")
    E = 18 if vlan is not None else 14
    if out[0:6] != mac(r["outer_dmac"]) or out[6:12] != mac(r["outer_smac"]):
        p.append("outer MACs")
    if vlan is not None and (out[12:14] != b"\x81\x00" or
                             struct.unpack("!H", out[14:16])[0] & 0xFFF != int(vlan, 0)):
        p.append("outer VLAN")
    if out[E - 2:E] != b"\x08\x00":
        p.append("outer EtherType")
    ip = out[E:E + 20]
    ver, tos, tot, ident, frag, ttl, proto, _, src, dst = struct.unpack("!BBHHHBBH4s4s", ip)
    want_proto = 47 if preset == "gre16" else 17
    L = PRESET_L[preset]
    if ver != 0x45 or proto != want_proto:
        p.append(f"outer IPv4 version/IHL {ver:#x} protocol {proto}")
    if tot != len(out) - E:
        p.append(f"outer total length {tot}, frame has {len(out) - E}")
    if csum(ip):
        p.append("outer IPv4 header checksum")
    if ident != ip_id & 0xFFFF:
        p.append(f"outer IPv4 ID {ident}, expected {ip_id & 0xFFFF}")
    if tos != int(r.get("tos", "0"), 0) or ttl != int(r.get("ttl", "64"), 0):
        p.append(f"outer TOS {tos} / TTL {ttl}")
    if frag != (0 if r.get("df", "1") == "0" else 0x4000):
        p.append(f"outer flags/fragment {frag:#x}")
    if src != ipaddress.IPv4Address(r["outer_src"]).packed or \
            dst != ipaddress.IPv4Address(r["outer_dst"]).packed:
        p.append("outer IPv4 addresses")
    op = out[E + 20:E + 20 + L]
    inner = out[E + 20 + L:]
    n = len(inner)
    if preset == "gre16":
        flags, ptype, gcs, _, key, _ = struct.unpack("!HHHHII", op)
        if flags != 0xB000 or ptype != 0x6558:
            p.append(f"GRE flags {flags:#x} protocol {ptype:#x}")
        if csum(op + inner):
            p.append(f"GRE checksum {gcs:#06x} wrong")
        if key != int(r.get("key", "0"), 0):
            p.append(f"GRE key {key:#x}")
    else:
        sport, dport, ulen, ucs = struct.unpack("!HHHH", op[:8])
        if dport != (4789 if preset == "vxlan" else 0xCAFE):
            p.append(f"UDP destination port {dport}")
        if sport != int(r.get("sport", "49152"), 0):
            p.append(f"UDP source port {sport}")
        if ulen != L + n:
            p.append(f"UDP length {ulen}, expected {L + n}")
        if r.get("udp_csum", "0") == "1":
            pseudo = src + dst + struct.pack("!BBH", 0, 17, ulen)
            if ucs == 0 or csum(pseudo + op + inner):
                p.append(f"UDP checksum {ucs:#06x} wrong")
        elif ucs != 0:
            p.append(f"UDP checksum {ucs:#06x}, expected 0 (udp_csum=0)")
        if preset == "vxlan":
            fl, vni = struct.unpack("!II", op[8:16])
            if fl != 0x08000000 or vni >> 8 != int(r.get("vni", "0"), 0):
                p.append(f"VXLAN flags {fl:#x} VNI {vni >> 8}")
        else:
            ss, ts = struct.unpack("!HH", op[8:12])
            if ss != int(r.get("src_slot", "0"), 0) or ts != int(r.get("tgt_slot", "0"), 0):
                p.append(f"native slots {ss}/{ts}")
    return p, inner


def tcp_payload(fr):
    """the TCP payload of an Ethernet frame carrying IPv4 or IPv6 (None if not TCP)"""
    l3 = l3_of(fr)
    et = fr[l3 - 2:l3]
    if et == b"\x08\x00" and fr[l3 + 9] == 6:
        tot = struct.unpack("!H", fr[l3 + 2:l3 + 4])[0]
        tcp = l3 + 4 * (fr[l3] & 15)
        return fr[tcp + 4 * (fr[tcp + 12] >> 4):l3 + tot]
    if et == b"\x86\xdd" and fr[l3 + 6] == 6:
        plen = struct.unpack("!H", fr[l3 + 4:l3 + 6])[0]
        return fr[l3 + 40 + 4 * (fr[l3 + 52] >> 4):l3 + 40 + plen]
    return None


def as_eth(inner, preset, like):
    """inner bytes of an encapsulated frame as an Ethernet frame (a profile
    without inner_eth carries the IP packet alone: borrow the input's header)"""
    if preset is None or PRESET_INNER_ETH[preset]:
        return inner
    return like[:l3_of(like)] + inner


def segment_groups(outs):
    """e2n frames in runs: a TSO frame's segments (seg_more on all but the
    last) form one group, every other frame a group of one"""
    groups, cur = [], []
    for k, (out, m) in enumerate(outs):
        cur.append((k, out, m))
        if not m.get("seg_more"):
            groups.append(cur)
            cur = []
    if cur:
        groups.append(cur)
    return groups


def expected_inner(fr, r, preset):
    x = edit_inner(fr, r)
    return x if preset is None or PRESET_INNER_ETH[preset] else x[l3_of(x):]


# ---------------------------------------------------------------- checks

def check_tshark(e2n_path):
    if not os.path.exists(e2n_path) or not read_pcap(e2n_path):
        return 0, []
    cmd = ["tshark", "-n", "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
           "-o", "udp.check_checksum:TRUE", "-r", e2n_path, "-T", "fields",
           "-E", "separator=|", "-e", "frame.number", "-e", "_ws.expert.severity",
           "-e", "_ws.malformed", "-e", "ip.checksum.status", "-e", "tcp.checksum.status",
           "-e", "udp.checksum.status", "-e", "gre.checksum.status", "-e", "_ws.expert.message"]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    problems, n = [], 0
    for line in res.stdout.splitlines():
        f = line.split("|")
        if len(f) < 8 or not f[0].isdigit():
            continue
        n += 1
        sev = [int(x, 0) for x in f[1].split(",") if x]
        # status 0 = Bad, 1 = Good, 2 = Unverified
        bad = [name for name, v in zip(("ip", "tcp", "udp", "gre"), f[3:7])
               if "0" in v.split(",")]
        # 0x800000 = PI_ERROR
        if f[2] or any(s >= 0x800000 for s in sev) or bad:
            problems.append(f"e2n frame {f[0]}: {f[7] or 'malformed'} {' '.join(bad)}".strip())
    if res.returncode:
        problems.append(f"tshark exit {res.returncode}: {res.stderr.strip()[:200]}")
    return n, problems


def decode_group(group, r, preset, ip_id):
    """(problems, inner frames) of one e2n group: segment k of an
    encapsulated TSO frame carries outer ID ip_id + k"""
    p, inners = [], []
    for n, (_, out, m) in enumerate(group):
        if m.get("seg", 0) != n:
            p.append(f"segment {n} has seg={m.get('seg', 0)}")
        if preset is None:
            inners.append(out)
            continue
        op, inner = check_encap(out, r, preset, ip_id + n)
        p += [f"segment {n}: {x}" for x in op] if len(group) > 1 else op
        inners.append(inner)
    return p, inners


def group_matches(fr, im, r, preset, inners):
    """does input frame fr give the group's inner frames? A frame sent with
    TSO (one segment or more) must carry its TCP payload, in order, byte for
    byte (the segments' headers are tso_check's business); any other frame
    must decode to the input exactly"""
    if r is not None and im.get("func", 0) != int(r.get("func", "0"), 0):
        return False
    pay = tcp_payload(fr) if im.get("tso") else None
    if pay is None:
        return len(inners) == 1 and inners[0] == (fr if r is None else
                                                  expected_inner(fr, r, preset))
    got = [tcp_payload(as_eth(x, preset, fr)) for x in inners]
    return pay is not None and None not in got and b"".join(got) == pay


def check_decap(ins, outs, rules, prof):
    """match every e2n frame (a TSO frame: its run of segments) to the next
    input it can come from"""
    problems, j, ip_id, ok = [], 0, 0, 0
    for group in segment_groups(outs):
        k, out, m = group[0]
        r = rules.get(m.get("rule")) if m.get("rule_hit") else None
        if m.get("rule_hit") and r is None:
            problems.append(f"e2n frame {k + 1}: rule {m.get('rule')} not in the config")
            continue
        preset, outer_p = None, []
        if r is not None and m.get("encap"):
            preset = prof.get(int(r.get("encap", "-1")))
            if preset not in PRESET_L:
                problems.append(f"e2n frame {k + 1}: profile {r.get('encap')} is no preset")
                continue
        elif r is not None and "encap" in r:
            problems.append(f"e2n frame {k + 1}: rule {m['rule']} encapsulates, meta encap=0")
        outer_p, inners = decode_group(group, r, preset, ip_id)
        if preset is not None:
            ip_id += 1
        found = None
        for i in range(j, len(ins)):
            fr, im = ins[i]
            if group_matches(fr, im, r, preset, inners):
                found = i
                break
        if found is None:
            problems.append(f"e2n frame {k + 1} ({len(out)} B, rule "
                            f"{m.get('rule') if m.get('rule_hit') else '-'}): no input frame "
                            f"after input {j} decodes to it")
            continue
        j = found + 1
        if outer_p:
            problems.append(f"e2n frame {k + 1}: " + "; ".join(outer_p))
        else:
            ok += 1
    return ok, problems


def parse_counters(path):
    eg, rule, ports = {}, {}, {}
    for line in open(path):
        t = line.split()
        if not t or t[0].startswith("#"):
            continue
        if t[0] == "egress":
            eg[t[2]] = eg.get(t[2], 0) + int(t[3])
        elif t[0] == "rule":
            rule[int(t[1])] = (int(t[2]), int(t[3]))
        elif t[0] == "ports":
            ports = {k: int(v) for k, v in (x.split("=") for x in t[1:])}
    return eg, rule, ports


def check_conservation(rundir, outs, host, n_in):
    eg, rule, ports = parse_counters(os.path.join(rundir, "counters.txt"))
    fwd = sum(v for k, v in eg.items() if k in WIRE)
    drop = sum(v for k, v in eg.items() if k in DROP)
    trap = sum(v for k, v in eg.items() if k not in DROP and k not in WIRE)
    whole = [m for _, m in outs if not m.get("seg_more")]
    host_eg = [m for _, m in host if not m.get("from_net")]
    p = []
    if ports.get("h2e_in") != n_in:
        p.append(f"h2e_in={ports.get('h2e_in')} but {n_in} frames went in")
    if fwd + trap + drop != n_in:
        p.append(f"in {n_in} != e2n {fwd} + trapped {trap} + dropped {drop}")
    if ports.get("e2n_out") != len(outs) or len(whole) != fwd:
        p.append(f"e2n_out={ports.get('e2n_out')} frames, e2n.pcap has {len(outs)} of which "
                 f"{len(whole)} end a frame, forward={fwd}")
    if len(host_eg) != trap:
        p.append(f"trapped={trap} but e2h has {len(host_eg)} frames from the host side")
    decided = sum(1 for m in whole if m.get("rule_hit")) + \
        sum(1 for m in host_eg if m.get("rule_hit")) + eg.get("drop_rule", 0)
    rsum = sum(v[0] for v in rule.values())
    if rsum != decided:
        p.append(f"rule counters sum to {rsum}, rules decided {decided} frames")
    for rid, (pk, _) in sorted(rule.items()):
        seen = sum(1 for m in whole if m.get("rule_hit") and m.get("rule") == rid) + \
            sum(1 for m in host_eg if m.get("rule_hit") and m.get("rule") == rid)
        if seen > pk:
            p.append(f"rule {rid}: counter {pk} < {seen} frames out with rule={rid}")
    return p


# ---------------------------------------------------------------- driver

def check_run(rundir, scen, tally):
    label = os.path.relpath(rundir)
    rules, prof = read_config(scen)
    ins = load_port(rundir, "in_h2e") if os.path.exists(os.path.join(rundir, "in_h2e.pcap")) \
        else load_port(scen, "h2e")
    outs, host = load_port(rundir, "e2n"), load_port(rundir, "e2h")
    results = []
    n, p = check_tshark(os.path.join(rundir, "e2n.pcap"))
    results.append(("tshark", f"{n} e2n frames clean", p))
    ok, p = check_decap(ins, outs, rules, prof)
    results.append(("decap", f"{ok} e2n frames decode to their input", p))
    if os.path.exists(os.path.join(rundir, "counters.txt")):
        p = check_conservation(rundir, outs, host, len(ins))
        results.append(("conservation", f"{len(ins)} in = out + trapped + dropped", p))
    for what, good, p in results:
        tally.run(f"{what:12s} {label}", p, good, most=8)


def main():
    args = sys.argv[1:]
    prefix = "eg_"
    if args[:1] == ["--prefix"]:
        prefix, args = args[1], args[2:]
    if not args:
        sys.exit(__doc__)
    tally = Tally("egress")
    if len(args) == 2 and os.path.isdir(args[1]) and not os.path.exists(
            os.path.join(args[0], "e2n.pcap")):
        build, vectors = args
        for w, name in sim_runs(build, vectors, prefix):
            check_run(os.path.join(build, w, name), os.path.join(vectors, name), tally)
        for exp, scen in expect_runs(vectors, prefix):
            check_run(exp, scen, tally)
    else:
        for d in args:
            scen = os.path.dirname(os.path.abspath(d)) if os.path.basename(
                os.path.normpath(d)) == "expect" else d
            check_run(d, scen, tally)
    tally.finish()


if __name__ == "__main__":
    main()
