#!/usr/bin/env python3
"""Independent check of TSO (issue 5): every e2n segment against Linux software GSO.

    tso_check.py [--prefix tso_] [--num-vf N] [--shared DIR] [--dump DIR]
                 [--dpdk DPDK_GSO] BUILD_SIM_DIR VECTORS_DIR | RUN_DIR...

For every run BUILD_SIM_DIR/w<W>/<scenario> (and every VECTORS_DIR/<scenario>/
expect) of a scenario whose name starts with --prefix, from the scenario's
inputs (in_h2e.pcap/.meta of the run, else h2e.pcap/.meta then inputs.txt
with its .meta files) and config.vnr alone:

1. the egress decision of every h2e frame (docs/egress.md section 1, with
   docs/tso.md section 2 for rows 16a-16e and 20a), written here again;
2. the frame as sent `O` of every frame for the wire (docs/egress.md
   section 3: template, lengths, outer ID = frames encapsulated before,
   checksums);
3. for a TSO frame, the segments Linux's software GSO makes of `O` with
   gso_size = m, from the kernel's rules (net/ipv4/tcp_offload.c
   tcp_gso_segment, net/ipv4/af_inet.c inet_gso_segment, net/ipv6/
   ipv6_offload.c ipv6_gso_segment, net/ipv4/udp_offload.c
   __skb_udp_tunnel_segment, net/ipv4/gre_offload.c gre_gso_segment);

then e2n (bytes and meta out, seg / seg_more, in order), e2h (frames that go
to the PF leave whole), the egress and rule counters (one event per frame,
its length as received) must be exactly that; the TCP payloads of each
frame's segments, concatenated, must be the super-packet's payload; no frame
refused (TSO_*, TOO_BIG, ...) may appear on either output.

--dump DIR writes what this check expects (DIR/<scenario>/e2n.pcap/.meta,
e2h, counters.txt, in_h2e) instead of checking, and DIR/<scenario>/
tso_frames.pcap / .txt: each segmented super-frame as sent and its gso_size
(the input of sim/check/dpdk_gso). --dpdk DPDK_GSO runs that program
(sim/check/dpdk_gso.c) on every run instead: the same super-frames cut by
DPDK's rte_gso_segment against the run's e2n; its exit 77 (EAL cannot
start) is reported as SKIP and counts as neither pass nor fail. Prints one
line per run, then "tso: N passed, N failed" ("dpdk-gso: ...").
"""
import ipaddress
import os
import struct
import sys

from capture import (Tally, default_shared, expect_runs, load_port, read_meta, read_pcap,
                     sim_runs, write_pcap)

MAX_EG_FRAME = 65553
HDR = 128
TSO_HDR_MAX = 256
TSO_MSS_MAX = 16000
MTU_DEFAULT = 1500
PF_MAX_MTU_DEFAULT = 9000

PRESETS = {
    "gre16": dict(enable=1, inner_eth=1, proto=47, opaque=16, fmt_off=2, fmt_val=0x6558,
                  fmt_mask=0xFFFF, flow_off=10, flow_len=2, csum_off=4, csum_en=1),
    "vxlan": dict(enable=1, inner_eth=1, proto=17, opaque=16, fmt_off=2, fmt_val=4789,
                  fmt_mask=0xFFFF, flow_off=12, flow_len=3, len_off=4, len_en=1),
    "native": dict(enable=1, inner_eth=0, proto=17, opaque=20, fmt_off=2, fmt_val=0xCAFE,
                   fmt_mask=0xFFFF, flow_off=8, flow_len=4, len_off=4, len_en=1, csum_off=16),
}
PROF_KEYS = ("enable", "inner_eth", "proto", "opaque", "fmt_off", "fmt_val", "fmt_mask",
             "flow_off", "flow_len", "len_off", "len_en", "csum_off", "csum_en")
DROPPED = {"too_big", "runt", "bad_func", "src_mac", "vlan", "src_ip", "mtu", "drop_rule",
           "tso_mss", "tso_not_tcp", "tso_bad_len", "tso_hdr"}


def num(s):
    return int(s, 0)


def macb(s):
    return bytes(int(x, 16) for x in s.split(":"))

# ---------------------------------------------------------------- checksums


def fold(s):
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def sum16(b):
    """ones' complement sum of b as 16-bit big-endian words (odd byte padded)"""
    if len(b) % 2:
        b = bytes(b) + b"\0"
    return fold(sum(struct.unpack(f"!{len(b) // 2}H", b)))


def csum(b):
    return ~sum16(b) & 0xFFFF


def put16(b, off, v):
    b[off:off + 2] = struct.pack("!H", v & 0xFFFF)


def get16(b, off):
    return b[off] << 8 | b[off + 1]

# ---------------------------------------------------------------- configuration


class Config:
    """config.vnr as the driver applies it (docs/vnrctl.md)"""

    def __init__(self, path, num_vf):
        self.num_vf = num_vf
        self.prof = {i: {k: 0 for k in PROF_KEYS} for i in range(4)}
        self.vf = {}
        self.mtu = {}
        self.pf_max = PF_MAX_MTU_DEFAULT
        self.debug = False
        self.traps = set()
        self.rules = {}
        for line in open(path):
            t = line.split("#")[0].split()
            if t:
                self.apply(t)

    def apply(self, t):
        kv = dict(x.split("=", 1) for x in t if "=" in x)
        if t[0] == "profile" and len(t) >= 3:
            p = self.prof[int(t[1])]
            if t[2] == "preset":
                p.update({k: 0 for k in PROF_KEYS})
                p.update(PRESETS[t[3]])
            elif t[2] == "set":
                p.update({k: num(v) for k, v in kv.items()})
            elif t[2] == "disable":
                p["enable"] = 0
        elif t[0] == "vf" and len(t) >= 3 and t[2] != "show":
            v = {"mac": macb(kv["mac"]),
                 "ip4": [ipaddress.IPv4Address(a).packed for a in kv.get("ip4", "").split(",") if a],
                 "ip6": [ipaddress.IPv6Address(a).packed for a in kv.get("ip6", "").split(",") if a],
                 "vlan": [num(a) for a in kv.get("vlan", "").split(",") if a]}
            if "check" in kv:
                chk = set() if kv["check"] == "none" else set(kv["check"].split(","))
            else:
                chk = {"mac"} | ({"ip"} if v["ip4"] or v["ip6"] else set()) | \
                    ({"vlan"} if v["vlan"] else set())
            v["check"] = chk
            self.vf[int(t[1])] = v
        elif t[0] == "mtu" and len(t) == 3:
            if t[1] == "pf-max":
                self.pf_max = num(t[2])
            else:
                self.mtu[int(t[1])] = num(t[2])
        elif t[0] == "debug" and len(t) == 2:
            self.debug = t[1] == "on"
        elif t[0] == "trap" and len(t) == 3:
            names = ["arp", "dhcp", "bcast", "mcast", "non_ip"] if t[1] == "all" else [t[1]]
            for n in names:
                (self.traps.add if t[2] == "on" else self.traps.discard)(n)
        elif t[:2] == ["rule", "add"]:
            r = dict(kv)
            r["id"] = int(t[2])
            self.rules[r["id"]] = r
        elif t[:2] == ["rule", "del"]:
            self.rules.pop(int(t[2]), None)

    def mtu_of(self, func):
        return self.pf_max if func == 0 else self.mtu.get(func, MTU_DEFAULT)

    def template(self, r):
        """(template bytes, E, profile) of an encap rule (docs/egress.md 5)"""
        prof = self.prof[num(r["encap"])]
        t = macb(r["outer_dmac"]) + macb(r["outer_smac"])
        if "outer_vlan" in r:
            t += struct.pack("!HH", 0x8100, num(r["outer_vlan"]))
        E = len(t) + 2
        t += b"\x08\x00" + struct.pack("!BBHHHBBH4s4s", 0x45, num(r.get("tos", "0")), 0, 0,
                                       0 if r.get("df", "1") == "0" else 0x4000,
                                       num(r.get("ttl", "64")), prof["proto"], 0,
                                       ipaddress.IPv4Address(r["outer_src"]).packed,
                                       ipaddress.IPv4Address(r["outer_dst"]).packed)
        ucs = 0xFFFF if r.get("udp_csum", "0") == "1" else 0
        sport = num(r.get("sport", "49152"))
        kind = self.kind(prof)
        if "opaque" in r:
            t += bytes.fromhex(r["opaque"])
        elif kind == "vxlan":
            t += struct.pack("!HHHHII", sport, 4789, 0, ucs, 0x08000000, num(r.get("vni", "0")) << 8)
        elif kind == "gre16":
            t += struct.pack("!HHIII", 0xB000, 0x6558, 0, num(r.get("key", "0")), 0)
        elif kind == "native":
            t += struct.pack("!HHHHHHII", sport, 0xCAFE, 0, ucs, num(r.get("src_slot", "0")),
                             num(r.get("tgt_slot", "0")), 0, 0)
        else:
            raise ValueError(f"rule {r['id']}: profile without a preset and no opaque=")
        return t, E, prof

    @staticmethod
    def kind(prof):
        for name, p in PRESETS.items():
            if all(prof[k] == p[k] for k in ("proto", "opaque", "fmt_off", "fmt_val", "inner_eth")):
                return name
        return None

# ---------------------------------------------------------------- frames


def window(fr):
    return bytes(fr[:HDR]) + bytes(max(0, HDR - len(fr)))


def l3_of(h):
    return 18 if h[12:14] == b"\x81\x00" else 14


def ethertype(h):
    l3 = l3_of(h)
    return get16(h, l3 - 2)


def is_ipv4(h, n):
    l3 = l3_of(h)
    return ethertype(h) == 0x0800 and n >= l3 + 20 and h[l3] >> 4 == 4


def is_ipv6(h, n):
    l3 = l3_of(h)
    return ethertype(h) == 0x86DD and n >= l3 + 40 and h[l3] >> 4 == 6


def recognise(fr, cfg):
    """(profile index, profile, l3, o) of docs/architecture.md, or None"""
    n, h = len(fr), window(fr)
    l3 = l3_of(h)
    if ethertype(h) != 0x0800:
        return None
    ihl = h[l3] & 15
    if h[l3] >> 4 != 4 or ihl < 5 or get16(h, l3 + 6) & 0x3FFF or l3 + 4 * ihl > n:
        return None
    o = l3 + 4 * ihl
    for i in range(4):
        p = cfg.prof[i]
        if not p["enable"] or p["proto"] != h[l3 + 9] or o + p["opaque"] > n:
            continue
        if get16(h, l3 + 2) < 4 * ihl + p["opaque"]:
            continue
        f = o + p["fmt_off"]
        fv = (h[f] << 8 | h[f + 1]) if f + 1 < HDR else 0
        if fv & p["fmt_mask"] == p["fmt_val"] & p["fmt_mask"]:
            return i, p, l3, o
    return None


class Refused(Exception):
    pass


def tso_shape(fr, func, mss, cfg):
    """rows 16a-16e (docs/tso.md section 2): dict with m, clamped, l3i, v6,
    tcp, Hin and the tunnel, or raises Refused(reason)"""
    n, h = len(fr), window(fr)
    if mss == 0:
        raise Refused("tso_mss")
    rec = recognise(fr, cfg) if func == 0 else None
    s = {"tunnel": rec}
    if rec:
        _, p, l3o, o = rec
        L = p["opaque"]
        fip = l3o
        if p["inner_eth"]:
            if o + L + 14 > HDR:
                raise Refused("tso_hdr")
            et = get16(h, o + L + 12)
            l3i = o + L + 14
            if et == 0x8100:
                if o + L + 18 > HDR:
                    raise Refused("tso_hdr")
                et = get16(h, o + L + 16)
                l3i = o + L + 18
            v = {0x0800: 4, 0x86DD: 6}.get(et)
        else:
            l3i = o + L
            if l3i >= HDR:
                raise Refused("tso_hdr")
            v = {4: 4, 6: 6}.get(h[l3i] >> 4)
    else:
        l3i = fip = l3_of(h)
        v = {0x0800: 4, 0x86DD: 6}.get(ethertype(h))
    if v is None:
        raise Refused("tso_not_tcp")
    if v == 4:
        if l3i + 20 > HDR:
            raise Refused("tso_hdr")
        ihl = h[l3i] & 15
        if h[l3i] >> 4 != 4 or ihl < 5 or h[l3i + 9] != 6 or get16(h, l3i + 6) & 0x3FFF:
            raise Refused("tso_not_tcp")
        tcp = l3i + 4 * ihl
    else:
        if l3i + 40 > HDR:
            raise Refused("tso_hdr")
        if h[l3i] >> 4 != 6 or h[l3i + 6] != 6:
            raise Refused("tso_not_tcp")
        tcp = l3i + 40
    if tcp + 13 > HDR:
        raise Refused("tso_hdr")
    doff = h[tcp + 12] >> 4
    Hin = tcp + 4 * doff
    if doff < 5 or Hin > n:
        raise Refused("tso_bad_len")
    if v == 4 and get16(h, l3i + 2) != n - l3i:
        raise Refused("tso_bad_len")
    if v == 6 and get16(h, l3i + 4) != n - l3i - 40:
        raise Refused("tso_bad_len")
    if rec:
        _, p, l3o, o = rec
        if get16(h, l3o + 2) != n - l3o:
            raise Refused("tso_bad_len")
        if p["proto"] == 17 and p["opaque"] >= 8 and get16(h, o + 4) != n - o:
            raise Refused("tso_bad_len")
    mss_max = min(cfg.mtu_of(func) - (Hin - fip), TSO_MSS_MAX)
    if mss_max < 1:
        raise Refused("tso_mss")
    s.update(m=min(mss, mss_max), clamped=mss > mss_max, l3i=l3i, v6=v == 6, tcp=tcp, Hin=Hin)
    return s

# ---------------------------------------------------------------- decision


class Decision:
    def __init__(self, where, reason, cfunc, rule=None):
        self.where, self.reason, self.cfunc, self.rule = where, reason, cfunc, rule
        self.sent = None        # the frame as sent (wire)
        self.layout = None      # header offsets in sent, for GSO
        self.m = None           # gso_size (TSO frames to the wire)
        self.encap = None       # profile index when the engine encapsulated


def lookup(fr, func, cfg):
    h, n = window(fr), len(fr)
    l3 = l3_of(h)
    if is_ipv4(h, n):
        fam, addr = 4, h[l3 + 16:l3 + 20]
    elif is_ipv6(h, n):
        fam, addr = 6, h[l3 + 24:l3 + 40]
    else:
        fam, addr = 0, b""
    best, blen = None, -2
    for r in cfg.rules.values():
        if num(r["func"]) != func or macb(r["dmac"]) != h[0:6]:
            continue
        if "prefix" in r:
            net = ipaddress.ip_network(r["prefix"])
            if fam != net.version or ipaddress.ip_address(addr) not in net:
                continue
            ln = net.prefixlen
        else:
            ln = -1
        if ln > blen:
            best, blen = r, ln
    return best


def source_check(fr, func, cfg):
    v = cfg.vf.get(func)
    if v is None:
        return None
    h, n = window(fr), len(fr)
    l3 = l3_of(h)
    if "mac" in v["check"] and h[6:12] != v["mac"]:
        return "src_mac"
    if "vlan" in v["check"] and l3 == 18 and get16(h, 14) & 0xFFF not in v["vlan"]:
        return "vlan"
    if "ip" in v["check"]:
        if is_ipv4(h, n) and h[l3 + 12:l3 + 16] not in v["ip4"]:
            return "src_ip"
        if is_ipv6(h, n) and h[l3 + 8:l3 + 24] not in v["ip6"]:
            return "src_ip"
    return None


def trap_check(fr, cfg):
    h, n = window(fr), len(fr)
    l3 = l3_of(h)
    et = ethertype(h)
    if "arp" in cfg.traps and et == 0x0806:
        return "trap_arp"
    if "dhcp" in cfg.traps and is_ipv4(h, n) and h[l3 + 9] == 17 and \
            not get16(h, l3 + 6) & 0x3FFF:
        u = l3 + 4 * (h[l3] & 15)
        if u + 4 <= HDR and get16(h, u + 2) in (67, 68):
            return "trap_dhcp"
    if "bcast" in cfg.traps and h[0:6] == b"\xff" * 6:
        return "trap_bcast"
    if "mcast" in cfg.traps and h[0] & 1 and h[0:6] != b"\xff" * 6:
        return "trap_mcast"
    if "non_ip" in cfg.traps and et not in (0x0800, 0x86DD, 0x0806):
        return "trap_non_ip"
    return None


def edit(fr, r):
    """set_dmac, set_smac, ttl_dec (RFC 1624) of docs/egress.md section 3"""
    b = bytearray(fr)
    h = window(fr)
    l3 = l3_of(h)
    if "set_dmac" in r:
        b[0:6] = macb(r["set_dmac"])
    if "set_smac" in r:
        b[6:12] = macb(r["set_smac"])
    if r.get("ttl_dec") == "1":
        if is_ipv4(h, len(fr)):
            old = get16(b, l3 + 8)
            b[l3 + 8] -= 1
            new = get16(b, l3 + 8)
            hc = get16(b, l3 + 10)
            put16(b, l3 + 10, ~fold((~hc & 0xFFFF) + (~old & 0xFFFF) + new) & 0xFFFF)
        elif is_ipv6(h, len(fr)):
            b[l3 + 7] -= 1
    return bytes(b)


def encapsulate(fr, r, cfg, ident):
    """prefix[0..P) ++ edited[S..) with the template's fields filled"""
    t, E, prof = cfg.template(r)
    L = prof["opaque"]
    S = 0 if prof["inner_eth"] else l3_of(window(fr))
    inner = edit(fr, r)[S:]
    n = len(inner)
    p = bytearray(t)
    put16(p, E + 2, 20 + L + n)
    put16(p, E + 4, ident)
    o = E + 20
    if prof["len_en"] and prof["len_off"] + 2 <= L:
        put16(p, o + prof["len_off"], L - prof["len_off"] + 4 + n)
    if prof["csum_en"] and prof["csum_off"] + 2 <= L:
        put16(p, o + prof["csum_off"], 0)
        put16(p, o + prof["csum_off"], csum(bytes(p[o:]) + inner))
    if p[E + 9] == 17 and L >= 8 and get16(p, o + 6):
        put16(p, o + 6, 0)
        pseudo = bytes(p[E + 12:E + 20]) + struct.pack("!BBH", 0, 17, get16(p, o + 4))
        put16(p, o + 6, csum(pseudo + bytes(p[o:]) + inner) or 0xFFFF)
    put16(p, E + 10, 0)
    put16(p, E + 10, csum(bytes(p[E:E + 20])))
    return bytes(p) + inner, E, prof, S


def decide(fr, meta, cfg, state):
    """docs/egress.md section 1 with docs/tso.md; state: frames encapsulated"""
    n = len(fr)
    func = meta.get("func", 0)
    tso = meta.get("tso", 0)
    cnt = func if func <= cfg.num_vf else 0
    if n > MAX_EG_FRAME:
        return Decision("drop", "too_big", cnt)
    if n < 14:
        return Decision("drop", "runt", cnt)
    if func > cfg.num_vf:
        return Decision("drop", "bad_func", 0)
    if cfg.debug:
        return Decision("host", "debug", func)
    if meta.get("inject"):
        vf = meta.get("inject_vf", 0)
        if func != 0:
            return Decision("drop", "bad_func", func)
        if not 1 <= vf <= cfg.num_vf:
            return Decision("drop", "bad_func", 0)
        d = Decision("inject", "inject", vf)
        return d
    h = window(fr)
    if func:
        why = source_check(fr, func, cfg) or trap_check(fr, cfg)
        if why:
            return Decision("host" if why.startswith("trap") else "drop", why, func)
        if not tso and n - l3_of(h) > cfg.mtu_of(func):
            return Decision("drop", "mtu", func)
    shape = None
    if tso:
        try:
            shape = tso_shape(fr, func, meta.get("mss", 0), cfg)
        except Refused as e:
            return Decision("drop", str(e), func)
    r = lookup(fr, func, cfg)
    if r is None:
        if func:
            return Decision("host", "no_rule", func)
        d = Decision("wire", "forward", 0)
        d.sent = bytes(fr)
        if shape:
            d.layout = layout_in(fr, shape, cfg)
    else:
        rid = r["id"]
        if r["action"] == "trap":
            return Decision("host", "trap_rule", func, rid)
        if r["action"] == "drop":
            return Decision("drop", "drop_rule", func, rid)
        l3 = l3_of(h)
        if r.get("ttl_dec") == "1" and ((is_ipv4(h, n) and h[l3 + 8] <= 1) or
                                        (is_ipv6(h, n) and h[l3 + 7] <= 1)):
            return Decision("host", "ttl", func, rid)
        if "encap" in r:
            t, E, prof = cfg.template(r)
            P = len(t)
            S = 0 if prof["inner_eth"] else l3
        else:
            P = S = 0
        # row 20a: too long as sent, or a host's tunnel wrapped in a second one
        if shape and (shape["Hin"] - S + P > TSO_HDR_MAX or
                      (shape["tunnel"] and "encap" in r)):
            return Decision("drop", "tso_hdr", func, rid)
        d = Decision("wire", "forward", func, rid)
        if "encap" in r:
            d.sent, E, prof, S = encapsulate(fr, r, cfg, state["ident"])
            state["ident"] = (state["ident"] + 1) & 0xFFFF
            d.encap = num(r["encap"])
            if shape:
                d.layout = layout_encap(d.sent, E, prof, shape, S, P)
        else:
            d.sent = edit(fr, r)
            if shape:
                d.layout = layout_in(d.sent, shape, cfg)
    if shape:
        d.m = shape["m"]
        if shape["clamped"]:
            d.reason = "mss_clamp"
    return d

# ---------------------------------------------------------------- Linux GSO


def layout_in(fr, shape, cfg):
    """header offsets of a frame sent as it came (plain, or the host's tunnel)"""
    lay = {"ip_i": shape["l3i"], "v6": shape["v6"], "tcp": shape["tcp"], "ip_o": None,
           "udp": None, "gre": None}
    if shape["tunnel"]:
        _, p, l3o, o = shape["tunnel"]
        lay["ip_o"] = l3o
        tunnel_l4(lay, p, o, fr)
    return lay


def layout_encap(sent, E, prof, shape, S, P):
    lay = {"ip_i": shape["l3i"] - S + P, "v6": shape["v6"], "tcp": shape["tcp"] - S + P,
           "ip_o": E, "udp": None, "gre": None}
    tunnel_l4(lay, prof, E + 20, sent)
    return lay


def tunnel_l4(lay, prof, o, fr):
    """the outer L4 header Linux's tunnel GSO handles: UDP (VXLAN, Geneve,
    a UDP tunnel carrying IP) or GRE; any other profile field is no
    Linux field (lay['other'])"""
    if prof["proto"] == 17 and prof["opaque"] >= 8:
        lay["udp"] = o
        if prof["len_en"] and prof["len_off"] != 4:
            lay["other"] = f"length field at opaque {prof['len_off']}"
    elif prof["proto"] == 47:
        lay["gre"] = o
        if prof["len_en"]:
            lay["other"] = "GRE length field"
        if prof["csum_en"] and not (fr[o] & 0x80 and prof["csum_off"] == 4):
            lay["other"] = "GRE checksum field without the C bit"
    elif prof["len_en"] or prof["csum_en"]:
        lay["other"] = f"protocol {prof['proto']} length/checksum fields"
    if prof["proto"] == 17 and prof["csum_en"]:
        lay["other"] = f"checksum field at opaque {prof['csum_off']}"


def linux_gso(sent, lay, mss):
    """the segments Linux's software GSO puts on the wire for skb = sent with
    gso_size = mss and no checksum offload by the device. Per layer, from
    the inside out as the callbacks return:
      tcp_gso_segment: payload cut every mss bytes behind a copy of every
        header; seq += mss per segment; FIN and PSH only on the last
        (th->fin = th->psh = 0 on the others), CWR only on the first
        (th->cwr = 0 from the second on); check = gso_make_checksum over
        the pseudo-header with the segment's length (the host's value was
        the pseudo-header sum of a CHECKSUM_PARTIAL packet);
      inet_gso_segment (inner and outer IPv4): tot_len = skb->len - nhoff,
        id = id + k (no SKB_GSO_TCP_FIXEDID), ip_send_check;
      ipv6_gso_segment: payload_len = skb->len - nhoff - 40;
      __skb_udp_tunnel_segment: uh->len = skb->len - udp_offset; with
        SKB_GSO_UDP_TUNNEL_CSUM (the super-packet's check is nonzero) the
        full UDP checksum, 0 sent as CSUM_MANGLED_0 (0xFFFF); without it
        the check stays 0;
      gre_gso_segment: with SKB_GSO_GRE_CSUM (C bit) the 16 bits after the
        checksum are zeroed and the checksum is gso_make_checksum(skb, 0)
        over the GRE header and everything behind it.
    A super-packet with no more than mss payload bytes is not cut
    (tcp_gso_segment: skb->len <= mss); Linux then sends it as built with
    the TCP checksum completed (skb_checksum_help), which is the same bytes
    as the rules above whenever the host's IPv4 header checksums were valid."""
    tcp = lay["tcp"]
    H = tcp + 4 * (sent[tcp + 12] >> 4)
    T = len(sent) - H
    nseg = max(1, -(-T // mss))
    seq0 = struct.unpack("!I", sent[tcp + 4:tcp + 8])[0]
    flags0 = sent[tcp + 13]
    ids = {k: get16(sent, lay[k] + 4) for k in ("ip_o", "ip_i")
           if lay[k] is not None and not (k == "ip_i" and lay["v6"])}
    need_ucsum = lay["udp"] is not None and get16(sent, lay["udp"] + 6) != 0
    gre = lay["gre"]
    need_gcsum = gre is not None and sent[gre] & 0x80
    segs = []
    for k in range(nseg):
        pay = sent[H + k * mss:H + k * mss + mss]
        s = bytearray(sent[:H]) + pay
        ln = len(s)
        # TCP
        s[tcp + 4:tcp + 8] = struct.pack("!I", (seq0 + k * mss) & 0xFFFFFFFF)
        fl = flags0
        if k < nseg - 1:
            fl &= ~0x09
        if k > 0:
            fl &= ~0x80
        s[tcp + 13] = fl
        ip = lay["ip_i"]
        if lay["v6"]:
            put16(s, ip + 4, ln - ip - 40)
            pseudo = bytes(s[ip + 8:ip + 40]) + struct.pack("!IxxxB", ln - tcp, 6)
        else:
            pseudo = bytes(s[ip + 12:ip + 20]) + struct.pack("!BBH", 0, 6, ln - tcp)
        put16(s, tcp + 16, 0)
        put16(s, tcp + 16, csum(pseudo + bytes(s[tcp:])))
        # inner IP (inet_gso_segment of the inner level)
        if not lay["v6"]:
            ihl = 4 * (s[ip] & 15)
            put16(s, ip + 2, ln - ip)
            put16(s, ip + 4, ids["ip_i"] + k)
            put16(s, ip + 10, 0)
            put16(s, ip + 10, csum(bytes(s[ip:ip + ihl])))
        # tunnel
        u = lay["udp"]
        if u is not None:
            put16(s, u + 4, ln - u)
            if need_ucsum:
                o = lay["ip_o"]
                put16(s, u + 6, 0)
                c = csum(bytes(s[o + 12:o + 20]) + struct.pack("!BBH", 0, 17, ln - u) +
                         bytes(s[u:]))
                put16(s, u + 6, c or 0xFFFF)
        if need_gcsum:
            put16(s, gre + 4, 0)
            put16(s, gre + 6, 0)
            put16(s, gre + 4, csum(bytes(s[gre:])))
        # outer IPv4 (inet_gso_segment of the outer level)
        o = lay["ip_o"]
        if o is not None:
            ihl = 4 * (s[o] & 15)
            put16(s, o + 2, ln - o)
            put16(s, o + 4, ids["ip_o"] + k)
            put16(s, o + 10, 0)
            put16(s, o + 10, csum(bytes(s[o:o + ihl])))
        segs.append(bytes(s))
    return segs, H

# ---------------------------------------------------------------- one run


def scenario_inputs(scen, shared):
    """h2e frames and metas as vnrsim sends them: h2e.pcap, then inputs.txt"""
    items = load_port(scen, "h2e")
    listing = os.path.join(scen, "inputs.txt")
    if os.path.exists(listing):
        for line in open(listing):
            t = line.split("#")[0].split()
            if len(t) < 2 or t[0] != "h2e":
                continue

            def path(x):
                x = x.replace("@shared", shared, 1)
                return x if os.path.isabs(x) else os.path.join(scen, x)
            frames = read_pcap(path(t[1]))
            metas = read_meta(path(t[2]), len(frames)) if len(t) > 2 else [{}] * len(frames)
            items += list(zip(frames, metas))
    return items


def expected(ins, cfg):
    """(e2n [(bytes, meta)], e2h [(bytes, meta)], counters {(func, reason): [p, b]},
    rule counters {id: [p, b]}, refused [index], tso groups)"""
    state = {"ident": 0}
    e2n, e2h, cnt, rcnt, refused, groups = [], [], {}, {}, [], []
    for i, (fr, m) in enumerate(ins):
        d = decide(fr, m, cfg, state)
        key = (d.cfunc, d.reason)
        c = cnt.setdefault(key, [0, 0])
        c[0] += 1
        c[1] += len(fr)
        if d.rule is not None:
            c = rcnt.setdefault(d.rule, [0, 0])
            c[0] += 1
            c[1] += len(fr)
        func = m.get("func", 0)
        om = {"func": func, "reason": d.reason, "src_func": func, "segs": 1}
        if d.rule is not None:
            om.update(rule_hit=1, rule=d.rule)
        if d.where == "host":
            om["func"] = 0
            e2h.append((bytes(fr), om, i))
        elif d.where == "inject":
            om.update(func=m.get("inject_vf", 0), src_func=0)
            e2h.append((bytes(fr), om, i))
        elif d.where == "drop":
            if m.get("tso"):
                refused.append((i, d.reason))
        elif d.m is not None:
            if "other" in d.layout:
                raise ValueError(f"input {i + 1}: {d.layout['other']}: no Linux equivalent")
            if d.encap is not None:
                om.update(encap=1, profile=d.encap)
            segs, H = linux_gso(d.sent, d.layout, d.m)
            groups.append((i, d, len(e2n), len(segs), H))
            for k, s in enumerate(segs):
                sm = dict(om)
                sm["seg"] = k
                sm["seg_more"] = int(k < len(segs) - 1)
                e2n.append((s, sm, i))
        else:
            if d.encap is not None:
                om.update(encap=1, profile=d.encap)
            e2n.append((d.sent, om, i))
    return e2n, e2h, cnt, rcnt, refused, groups


META_KEYS = ("func", "reason", "src_func", "segs", "rule_hit", "rule", "encap", "profile", "seg",
             "seg_more")


def first_diff(a, b):
    for j, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return j
    return min(len(a), len(b))


def compare_port(name, want, got, problems, most=8):
    """want [(bytes, meta, input index)], got [(bytes, meta)]"""
    if len(want) != len(got):
        problems.append(f"{name}: {len(got)} frames, expected {len(want)}")
    bad = 0
    for q, ((wb, wm, i), (gb, gm)) in enumerate(zip(want, got)):
        msg = []
        if wb != gb:
            j = first_diff(wb, gb)
            msg.append(f"{len(gb)} B, expected {len(wb)} B; first difference at byte {j}"
                       f" (got {gb[j:j + 4].hex() or '-'}, expected {wb[j:j + 4].hex() or '-'})")
        mm = [f"{k}={gm.get(k, 0)} (expected {wm.get(k, 0)})" for k in META_KEYS
              if gm.get(k, 0) != wm.get(k, 0)]
        if mm:
            msg.append("meta " + " ".join(mm))
        if msg:
            bad += 1
            if bad <= most:
                seg = f" seg {wm['seg']}" if "seg" in wm else ""
                problems.append(f"{name} frame {q + 1} (input {i + 1}{seg}): " + "; ".join(msg))
    if bad > most:
        problems.append(f"{name}: {bad - most} more frames differ")
    return bad


def check_payloads(ins, groups, got, problems):
    """the TCP payloads of each frame's segments, in order, are its payload"""
    ok = 0
    for i, d, start, nseg, H in groups:
        segs = got[start:start + nseg]
        tail = len(d.sent) - H
        joined = b"".join(s[H:] for s, _ in segs)
        last = segs[-1][1] if segs else {}
        if len(segs) != nseg or joined != d.sent[H:] or last.get("seg_more", 0) or \
                any(mm.get("seg_more", 0) != 1 for _, mm in segs[:-1]):
            problems.append(f"input {i + 1}: its {nseg} segments do not carry its {tail} payload"
                            f" bytes in order (got {len(segs)} frames, {len(joined)} bytes)")
        else:
            ok += 1
    return ok


def check_refused(ins, refused, outs, host, problems):
    """a refused frame, or any segment of it, on neither output: the frame
    is not on e2h nor on e2n, and no e2n header (first 256 bytes) holds its
    TCP ports and acknowledgment number, unless an accepted input's does"""
    host_set = {fr for fr, _ in host}
    out_set = {fr for fr, _ in outs}
    for i, why in refused:
        if ins[i][0] in host_set or ins[i][0] in out_set:
            problems.append(f"input {i + 1} (refused {why}) is on an output whole")
    gone = {i for i, _ in refused}

    def ident(fr):
        h = window(fr)
        l3 = l3_of(h)
        if ethertype(h) == 0x0800 and h[l3 + 9] == 6:
            t = l3 + 4 * (h[l3] & 15)
        elif ethertype(h) == 0x86DD and h[l3 + 6] == 6:
            t = l3 + 40
        else:
            return None
        return bytes(h[t:t + 4] + h[t + 8:t + 12]) if t + 12 <= HDR else None
    kept = {ident(fr) for j, (fr, _) in enumerate(ins) if j not in gone}
    sigs = {}
    for i, why in refused:
        sg = ident(ins[i][0])
        if sg and sg not in kept:
            sigs[sg] = (i, why)
    for q, (fr, _) in enumerate(outs):
        head = fr[:TSO_HDR_MAX]
        for sg, (i, why) in sigs.items():
            if sg in head:
                problems.append(f"e2n frame {q + 1} holds the TCP ports and ack of input {i + 1}"
                                f" (refused {why})")


def parse_counters(path):
    eg, rules, ports = {}, {}, {}
    for line in open(path):
        t = line.split()
        if not t:
            continue
        if t[0] == "egress":
            eg[(int(t[1]), t[2])] = [int(t[3]), int(t[4])]
        elif t[0] == "rule":
            rules[int(t[1])] = [int(t[2]), int(t[3])]
        elif t[0] == "ports":
            ports = {k: int(v) for k, v in (x.split("=") for x in t[1:])}
    return eg, rules, ports


def check_counters(rundir, cnt, rcnt, n_e2n, n_in, problems):
    eg, rules, ports = parse_counters(os.path.join(rundir, "counters.txt"))
    for key in sorted(set(eg) | set(cnt)):
        if eg.get(key, [0, 0]) != cnt.get(key, [0, 0]):
            problems.append(f"counter egress func {key[0]} {key[1]}: {eg.get(key, [0, 0])}, "
                            f"expected {cnt.get(key, [0, 0])} (pkts, bytes)")
    for rid in sorted(set(rules) | set(rcnt)):
        if rules.get(rid, [0, 0]) != rcnt.get(rid, [0, 0]):
            problems.append(f"counter rule {rid}: {rules.get(rid, [0, 0])}, expected "
                            f"{rcnt.get(rid, [0, 0])}")
    if ports.get("h2e_in") != n_in or ports.get("e2n_out") != n_e2n:
        problems.append(f"ports h2e_in={ports.get('h2e_in')} e2n_out={ports.get('e2n_out')}, "
                        f"expected {n_in} and {n_e2n} (segments)")


def run_inputs(rundir, scen, shared):
    if os.path.exists(os.path.join(rundir, "in_h2e.pcap")):
        return load_port(rundir, "in_h2e")
    return scenario_inputs(scen, shared)


def check_run(rundir, scen, shared, num_vf, tally):
    label = os.path.relpath(rundir)
    cfg = Config(os.path.join(scen, "config.vnr"), num_vf)
    ins = run_inputs(rundir, scen, shared)
    try:
        e2n, e2h, cnt, rcnt, refused, groups = expected(ins, cfg)
    except ValueError as e:
        tally.fail(f"{label}: {e}")
        return
    outs = load_port(rundir, "e2n")
    host = [(fr, m) for fr, m in load_port(rundir, "e2h") if not m.get("from_net")]
    p = []
    compare_port("e2n", e2n, outs, p)
    compare_port("e2h", e2h, host, p)
    ok = check_payloads(ins, groups, outs, p)
    check_refused(ins, refused, outs, host, p)
    if os.path.exists(os.path.join(rundir, "counters.txt")):
        check_counters(rundir, cnt, rcnt, len(e2n), len(ins), p)
    else:
        p.append("no counters.txt")
    nseg = sum(g[3] for g in groups)
    tally.run(label, p, f"{len(ins)} in: {len(groups)} TSO frames = {nseg} segments "
              f"(payloads whole: {ok}), {len(e2n) - nseg} other e2n, {len(e2h)} to the PF, "
              f"{len(refused)} TSO frames refused", most=12)


def dump(outdir, scen, shared, num_vf):
    """write what this check expects as a run directory"""
    cfg = Config(os.path.join(scen, "config.vnr"), num_vf)
    ins = scenario_inputs(scen, shared)
    e2n, e2h, cnt, rcnt, refused, groups = expected(ins, cfg)
    d = os.path.join(outdir, os.path.basename(os.path.normpath(scen)))
    os.makedirs(d, exist_ok=True)

    def meta_lines(items):
        return "".join(" ".join(f"{k}={v}" for k, v in m.items() if v or k in ("func",)) + "\n"
                       for m in items)
    for name, items in (("e2n", e2n), ("e2h", e2h)):
        write_pcap(os.path.join(d, name + ".pcap"), [b for b, _, _ in items])
        with open(os.path.join(d, name + ".meta"), "w") as f:
            f.write(meta_lines([m for _, m, _ in items]))
    write_pcap(os.path.join(d, "in_h2e.pcap"), [fr for fr, _ in ins])
    with open(os.path.join(d, "in_h2e.meta"), "w") as f:
        f.write(meta_lines([m for _, m in ins]))
    with open(os.path.join(d, "counters.txt"), "w") as f:
        for (fn, why), (pk, by) in sorted(cnt.items()):
            f.write(f"egress {fn} {why} {pk} {by}\n")
        for rid, (pk, by) in sorted(rcnt.items()):
            f.write(f"rule {rid} {pk} {by}\n")
        f.write(f"ports h2e_in={len(ins)} e2n_out={len(e2n)} n2e_in=0 e2h_out={len(e2h)}\n")
    write_tso_frames(d, groups)
    print(f"tso: wrote {d}: {len(e2n)} e2n, {len(e2h)} e2h, {len(groups)} TSO frames")


def write_tso_frames(d, groups):
    """each segmented frame as sent, with what DPDK needs to cut it again:
    input index, gso_size payload m, first e2n frame, segments, and the
    header offsets (outer IPv4, UDP, GRE, inner IP, TCP; -1 = none)"""
    write_pcap(os.path.join(d, "tso_frames.pcap"), [g[1].sent for g in groups])
    with open(os.path.join(d, "tso_frames.txt"), "w") as f:
        f.write("# input m first_e2n nseg ip_o udp gre ip_i v6 tcp\n")
        for i, dd, start, nseg, H in groups:
            lay = dd.layout
            f.write(" ".join(str(x) for x in (
                i + 1, dd.m, start, nseg, -1 if lay["ip_o"] is None else lay["ip_o"],
                -1 if lay["udp"] is None else lay["udp"], -1 if lay["gre"] is None else lay["gre"],
                lay["ip_i"], int(lay["v6"]), lay["tcp"])) + "\n")


def dpdk_run(rundir, scen, shared, num_vf, binary, tally, skips):
    """sim/check/dpdk_gso on the super-frames this check builds for a run"""
    import subprocess
    import tempfile
    label = os.path.relpath(rundir)
    cfg = Config(os.path.join(scen, "config.vnr"), num_vf)
    try:
        groups = expected(run_inputs(rundir, scen, shared), cfg)[5]
    except ValueError as e:
        tally.fail(f"{label}: {e}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        write_tso_frames(tmp, groups)
        r = subprocess.run([binary, os.path.join(tmp, "tso_frames.pcap"),
                            os.path.join(tmp, "tso_frames.txt"), os.path.join(rundir, "e2n.pcap")],
                           capture_output=True, text=True, check=False)
    lines = r.stdout.strip().splitlines()
    last = lines[-1] if lines else r.stderr.strip()[:200]
    if r.returncode == 77:
        skips.append(last)
        print(f"SKIP {label}: {last}")
    elif r.returncode == 0:
        tally.ok(f"{label}: {last}")
    else:
        tally.fail(f"{label}: {last}", [x for x in lines if x.startswith("FAIL")][:10])


def main():
    args = sys.argv[1:]
    prefix, num_vf, shared, dump_dir, dpdk = "tso_", 64, None, None, None
    while args[:1] and args[0].startswith("--"):
        opt, val, args = args[0], args[1], args[2:]
        if opt == "--prefix":
            prefix = val
        elif opt == "--num-vf":
            num_vf = int(val)
        elif opt == "--shared":
            shared = val
        elif opt == "--dump":
            dump_dir = val
        elif opt == "--dpdk":
            dpdk = val
        else:
            sys.exit(f"tso_check: unknown option {opt}\n{__doc__}")
    if not args:
        sys.exit(__doc__)
    tally = Tally("tso")
    if dump_dir:
        for scen in args:
            dump(dump_dir, scen, shared or default_shared(os.path.dirname(os.path.abspath(scen))),
                 num_vf)
        return
    skips = []
    if dpdk:
        tally = Tally("dpdk-gso")

        def one(rundir, scen, shared):
            dpdk_run(rundir, scen, shared, num_vf, dpdk, tally, skips)
    else:
        def one(rundir, scen, shared):
            check_run(rundir, scen, shared, num_vf, tally)
    if len(args) == 2 and os.path.isdir(args[1]) and not os.path.exists(
            os.path.join(args[0], "e2n.pcap")):
        build, vectors = args
        shared = shared or default_shared(vectors)
        if os.path.isdir(build):
            for w, name in sim_runs(build, vectors, prefix):
                one(os.path.join(build, w, name), os.path.join(vectors, name), shared)
        for exp, scen in expect_runs(vectors, prefix):
            one(exp, scen, shared)
    else:
        for d in args:
            scen = os.path.dirname(os.path.abspath(d)) if os.path.basename(
                os.path.normpath(d)) == "expect" else d
            one(d, scen, shared or default_shared(os.path.dirname(scen)))
    if skips and not tally.passed and not tally.failed:
        # DPDK could not run here: say so, and do not call it a pass
        print(f"{tally.name}: SKIP, nothing compared: {skips[0]}")
        sys.exit(0)
    tally.finish()


if __name__ == "__main__":
    main()
