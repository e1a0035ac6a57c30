"""Ingress scenarios of issue 4 (docs/ingress.md): collators, mask, ingress
rule table, decapsulation to VFs, TTL, debug mode, injection, real captures,
random traffic and the round trip through eg_presets. Inputs only: expect/
comes from the model (`make vectors`).

The rules are written from frames: this module has its own reading of
docs/architecture.md (recognition) and docs/ingress.md section 2 (key, short
flag, CRC-32C bucket), so a rule "for this frame" carries the key that frame
makes. Inner frames are well formed (valid IPv4 header, TCP and UDP
checksums, UDP payloads `00 'vnr'` on port 9), so every decapsulated frame
dissects clean in tshark, unless the scenario says the input is broken."""
import os
import random
import struct
import sys

from pcapio import read_meta, read_pcap, write_pcap
from egress import (UL_DMAC, UL_DST, UL_SMAC, UL_SRC, arp_frame, csum, ether, frame4, frame6,
                    ip4_packet, macb, vf_mac)

RULES = 4096          # slots (docs/regmap.md); buckets = RULES / 4
WAYS = 4
KEY_BYTES = 128
HDR = 256             # ingress header window

PRESET = {
    "gre16": dict(proto=47, opaque=16, fmt_off=2, fmt_val=0x6558, fmt_mask=0xFFFF, inner_eth=1),
    "vxlan": dict(proto=17, opaque=16, fmt_off=2, fmt_val=4789, fmt_mask=0xFFFF, inner_eth=1),
    "native": dict(proto=17, opaque=20, fmt_off=2, fmt_val=0xCAFE, fmt_mask=0xFFFF, inner_eth=0),
}
PRESETS_CFG = "profile 0 preset gre16\nprofile 1 preset vxlan\nprofile 2 preset native\n"
PRESET_PROFS = {0: PRESET["gre16"], 1: PRESET["vxlan"], 2: PRESET["native"]}

INNER_SMAC = "02:00:00:ee:00:01"   # the remote side's MAC the native rules put in

# ---------------------------------------------------------------- pcap in


# ---------------------------------------------------------------- the key (docs/ingress.md 2)


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283


def recognise(fr, profs):
    """(profile, opaque start) of docs/architecture.md, or None"""
    n = len(fr)
    h = fr[:HDR] + bytes(max(0, HDR - n))
    known = n <= HDR
    l3 = 14
    et = h[12] << 8 | h[13]
    if et == 0x8100:
        et, l3 = h[16] << 8 | h[17], 18
    if et != 0x0800 or h[l3] >> 4 != 4 or h[l3] & 15 < 5:
        return None
    ihl = h[l3] & 15
    if (h[l3 + 6] << 8 | h[l3 + 7]) & 0x3FFF:
        return None
    tot = h[l3 + 2] << 8 | h[l3 + 3]
    if known and l3 + 4 * ihl > n:
        return None
    o = l3 + 4 * ihl
    for p in sorted(profs):
        q = profs[p]
        if not q.get("enable", 1) or h[l3 + 9] != q["proto"] or tot < 4 * ihl + q["opaque"]:
            continue
        if known and o + q["opaque"] > n:
            continue
        fo = o + q["fmt_off"]
        if (((h[fo] << 8) | h[fo + 1]) & q["fmt_mask"]) == (q["fmt_val"] & q["fmt_mask"]):
            return p, o
    return None


class KeyDef:
    """collators, mask and profiles of one scenario, and the rules written so
    far (one bucket holds IRULE_WAYS of them)"""

    def __init__(self, profs, colls, mask):
        assert len(colls) <= 4 and sum(ln for _, ln in colls) <= KEY_BYTES
        self.profs = profs
        self.colls = list(colls) + [(0, 0)] * (4 - len(colls))
        self.mask = bytes(mask) + bytes(KEY_BYTES - len(mask))
        self.rules = {}      # (p, short, M) -> line
        self.bucket = {}     # bucket -> count

    def key(self, fr):
        """(profile, M, short) of frame fr, or None (runt or not encapsulated)"""
        if len(fr) < 14:
            return None
        r = recognise(fr, self.profs)
        if r is None:
            return None
        n = len(fr)
        h = fr[:HDR] + bytes(max(0, HDR - n))
        k, short = b"", 0
        for off, ln in self.colls:
            k += h[off:off + ln]
            if ln and n <= HDR and off + ln > n:
                short = 1
        k += bytes(KEY_BYTES - len(k))
        m = bytes(a & b for a, b in zip(k, self.mask))
        return r[0], m, short

    def config(self):
        s = "".join(f"collator {c} off={o} len={ln}\n" for c, (o, ln) in enumerate(self.colls))
        return s + mask_line(self.mask) + "keys commit\n"

    def add(self, fr_or_key, vf, action="deliver", ttl_dec=0, inner=None, strict=True,
            note=""):
        """an irule line for the key frame fr_or_key makes (or for a given
        (p, M, short)); None when that key has a rule already or its bucket
        is full (strict: an error)"""
        k = self.key(fr_or_key) if isinstance(fr_or_key, (bytes, bytearray)) else fr_or_key
        if k is None:
            raise ValueError("irule for a frame that is not recognised")
        p, m, short = k
        if (p, short, m) in self.rules:
            if strict:
                raise ValueError(f"two rules for one key ({note})")
            return None
        b = crc32c(bytes([p | short << 2]) + m) % (RULES // WAYS)
        if self.bucket.get(b, 0) >= WAYS:
            if strict:
                raise ValueError(f"bucket {b} full ({note})")
            return None
        self.bucket[b] = self.bucket.get(b, 0) + 1
        line = irule_line(p, m, vf, action, ttl_dec, short, inner)
        if note:
            line = line.rstrip("\n") + f"   # {note}\n"
        self.rules[(p, short, m)] = line
        return line


def mask_line(mask):
    mask = bytes(mask)
    if not any(mask):
        return "mask none\n"
    if mask == b"\xff" * KEY_BYTES:
        return "mask all\n"
    return "mask " + mask.rstrip(b"\0").hex() + "\n"


def irule_line(p, key, vf, action="deliver", ttl_dec=0, short=0, inner=None):
    k = bytes(key).rstrip(b"\0") or b"\0"
    s = f"irule add profile={p} key={k.hex()} vf={vf} action={action}"
    if action != "deliver":
        ttl_dec, inner = 0, None   # vnrctl takes them with action=deliver only
    if ttl_dec:
        s += f" ttl_dec={ttl_dec}"
    if short:
        s += " short=1"
    if inner:
        s += f" inner_dmac={inner[0]} inner_smac={inner[1]} inner_type={inner[2]:#06x}"
    return s + "\n"


def profile_set_line(p, q):
    keys = ("proto", "opaque", "fmt_off", "fmt_val", "fmt_mask", "flow_off", "flow_len",
            "inner_eth")
    return f"profile {p} set " + " ".join(f"{k}={q[k]:#x}" if k in ("fmt_val", "fmt_mask")
                                          else f"{k}={q[k]}" for k in keys if k in q) + \
        " enable=1\n"

# ---------------------------------------------------------------- frames


def outer(payload, proto, vlan=None, src=UL_SRC, dst=UL_DST, ttl=64, ident=0x0101):
    return ether(UL_DMAC, UL_SMAC, 0x0800, vlan) + ip4_packet(src, dst, proto, payload, ttl=ttl,
                                                               ident=ident)


def vxlan(inner, vni, dport=4789, sport=49152, **kw):
    vx = struct.pack("!II", 0x08000000, vni << 8)
    return outer(struct.pack("!HHHH", sport, dport, 16 + len(inner), 0) + vx + inner, 17, **kw)


def gre16(inner, key, seq=0, ptype=0x6558, **kw):
    g = struct.pack("!HHHHII", 0xB000, ptype, 0, 0, key, seq)
    c = csum(g + inner)
    return outer(g[:4] + struct.pack("!H", c) + g[6:] + inner, 47, **kw)


def gre4(inner, ptype=0x6558, **kw):
    return outer(struct.pack("!HH", 0, ptype) + inner, 47, **kw)


def native(inner_ip, src_slot, tgt_slot, dport=0xCAFE, sport=49152, **kw):
    hdr = struct.pack("!HHBBHI", src_slot, tgt_slot, 0, 0, 0, 0)
    return outer(struct.pack("!HHHH", sport, dport, 20 + len(inner_ip), 0) + hdr + inner_ip, 17,
                 **kw)


OVERHEAD = {"gre16": 50, "vxlan": 50, "native": 54}


def encap(preset, inner, fid, **kw):
    """inner: an Ethernet frame; native drops its Ethernet header. fid: GRE
    key, VNI, or (src_slot, tgt_slot)"""
    if preset == "gre16":
        return gre16(inner, fid, **kw)
    if preset == "vxlan":
        return vxlan(inner, fid, **kw)
    l3 = 18 if inner[12:14] == b"\x81\x00" else 14
    return native(inner[l3:], fid[0], fid[1], **kw)


def inner4(dmac, size, rng, proto=17, ttl=64, vlan=None, smac="02:00:00:00:aa:01",
           dst="10.9.0.2", src="10.9.0.1"):
    return frame4(0, dst, proto, size=max(size, 60), dmac=dmac, smac=smac, vlan=vlan, ttl=ttl,
                  src=src, rng=rng)


def inner6(dmac, size, rng, proto=17, hlim=64, smac="02:00:00:00:aa:01"):
    return frame6(0, "fd00:9::2", proto, size=max(size, 80), dmac=dmac, smac=smac, hlim=hlim,
                  src="fd00:9::1", rng=rng)


def inner_raw(dmac, size, rng, smac="02:00:00:00:aa:01", etype=0x88B5, pattern=None):
    body = bytes(pattern[i % len(pattern)] for i in range(size - 14)) if pattern else \
        bytes(rng.getrandbits(8) for _ in range(size - 14))
    return ether(dmac, smac, etype) + body


def inner_arp(n):
    return arp_frame(n)


def ip4_with_csum(fr, l3, target):
    """fr with the IPv4 ID at l3 chosen so the header checksum is target"""
    b = bytearray(fr)
    b[l3 + 4:l3 + 6] = b"\0\0"
    b[l3 + 10:l3 + 12] = b"\0\0"
    hdr = bytes(b[l3:l3 + 4 * (b[l3] & 15)])
    s0 = sum(struct.unpack(f"!{len(hdr) // 2}H", hdr))
    for ident in range(65536):
        s = s0 + ident
        while s >> 16:
            s = (s & 0xFFFF) + (s >> 16)
        if (~s & 0xFFFF) == target:
            b[l3 + 4:l3 + 6] = struct.pack("!H", ident)
            b[l3 + 10:l3 + 12] = struct.pack("!H", target)
            assert csum(bytes(b[l3:l3 + len(hdr)])) == 0
            return bytes(b)
    raise ValueError(f"no IPv4 ID gives checksum {target:#x}")

# ---------------------------------------------------------------- scenarios


def gen_ingress(sc, rng, num_vf, shared, root):
    """sc(name, **kw) writes one scenario (gen_scenarios.scenario); root is
    the scenarios directory (ig_roundtrip reads eg_presets/expect there)"""
    # one generator per scenario: a change to one leaves the others' bytes alone
    base = rng.getrandbits(64)

    def own(name):
        return random.Random(f"{base}:{name}")
    ig_presets(sc, own("ig_presets"), num_vf)
    ig_real(sc, shared)
    ig_collators(sc, own("ig_collators"))
    ig_mask(sc, own("ig_mask"))
    ig_ttl(sc, own("ig_ttl"))
    ig_debug(sc, own("ig_debug"))
    ig_inject(sc, own("ig_inject"), num_vf, root)
    ig_random(sc, own("ig_random"), num_vf)
    ig_malformed(sc, shared)
    ig_roundtrip(sc, root)


def n2e(frames):
    return [(f, {}) for f in frames]


def ig_presets(sc, rng, num_vf):
    """the three presets; per profile a tunnel delivered to a VF, one with
    ttl_dec, one trapped, one dropped, one missing; IPv4, IPv6, ARP inner"""
    # mask: not the GRE sequence's last byte (key byte 7); not key byte 12,
    # which is inner dmac byte 4 (0 on every VF MAC) for VXLAN and GRE but
    # the inner IP version for native, whose tunnels carry IPv4 and IPv6
    kd = KeyDef(PRESET_PROFS, [(42, 8), (50, 6)],
                b"\xff" * 7 + b"\0" + b"\xff" * 4 + b"\0\xff")
    cfg = PRESETS_CFG + kd.config()
    frames = []
    vfbase = {"gre16": 1, "vxlan": 4, "native": 7}
    fids = {"gre16": lambda i: 0x1000 + i, "vxlan": lambda i: 5000 + i,
            "native": lambda i: (3, 7 + i)}
    # outer lengths: below, at and above the 256-byte window, and long
    sizes = [64, 100, 255, 256, 257, 600, 1514, 4000]
    for preset, p in (("gre16", 0), ("vxlan", 1), ("native", 2)):
        v0 = vfbase[preset]
        ov = OVERHEAD[preset] - (0 if PRESET[preset]["inner_eth"] else 14)
        # (tunnel, vf, action, ttl_dec)
        tunnels = [(0, v0, "deliver", 0), (1, v0 + 1, "deliver", 1), (2, v0 + 2, "trap", 0),
                   (3, v0 + 2, "drop", 0), (4, None, None, 0)]
        for t, vf, action, ttl_dec in tunnels:
            fid = fids[preset](t)
            dmac = vf_mac(vf or 60)
            inner_hdr = None
            if preset == "native" and vf is not None:
                inner_hdr = (dmac, INNER_SMAC, 0)
            sample = None
            for k, size in enumerate(sizes if t < 2 else sizes[::3]):
                isz = size - ov
                mk = [lambda s: inner4(dmac, s, rng, 17), lambda s: inner4(dmac, s, rng, 6),
                      lambda s: inner6(dmac, s, rng, 17)][k % 3]
                fr = encap(preset, mk(isz), fid)
                frames.append(fr)
                sample = sample or fr
            if vf is not None:
                cfg += kd.add(sample, vf, action, ttl_dec, inner_hdr,
                              note=f"{preset} tunnel {t}: {action}")
        # the delivered tunnel with an inner destination nobody has: miss
        frames.append(encap(preset, inner4(vf_mac(59), 120, rng), fids[preset](0)))
        # a jumbo frame, cut through
        frames.append(encap(preset, inner4(vf_mac(v0), 9000 - ov, rng, 6), fids[preset](0)))
        if PRESET[preset]["inner_eth"]:
            # ARP (not IP) inside: delivered without a TTL change (rule with ttl_dec)
            arp = encap(preset, inner_arp(v0), fids[preset](1))
            cfg += kd.add(arp, v0 + 1, "deliver", 1, note=f"{preset}: ARP broadcast inside")
            frames.append(arp)
            # VLAN-tagged inner frame
            frames.append(encap(preset, inner4(vf_mac(v0), 200, rng, vlan=5), fids[preset](0)))
        else:
            # not IP inside the native header: the rule names the EtherType
            raw = native(bytes(range(64)), 3, 20)
            cfg += kd.add(raw, v0, "deliver", 1, (vf_mac(v0), INNER_SMAC, 0x88B5),
                          note="native: not IP inside, inner_type given")
            frames.append(raw)
    # VLAN-tagged outer: the collators are frame offsets, a tag moves every
    # byte by 4; the tagged tunnel has its own rule (for its frame length)
    t1 = vxlan(inner4(vf_mac(4), 200, rng), 5000, vlan=100)
    cfg += kd.add(t1, 4, "deliver", 1, note="vxlan behind one VLAN tag, inner 200 B")
    frames += [t1, vxlan(inner4(vf_mac(4), 200, rng, 6), 5000, vlan=100),
               vxlan(inner4(vf_mac(4), 1000, rng), 5000, vlan=100)]
    # PF (vf=0) and the last VF as targets
    pf = gre16(inner4(vf_mac(0), 300, rng), 0x2000)
    cfg += kd.add(pf, 0, "deliver", 0, note="gre16 to the PF, decapsulated")
    top = vxlan(inner6(vf_mac(num_vf), 300, rng), 0xFFFFFF)
    cfg += kd.add(top, num_vf, "deliver", 1, note="vxlan VNI 0xffffff to the last VF")
    frames += [pf, top, vxlan(inner6(vf_mac(num_vf), 2000, rng, 6), 0xFFFFFF)]
    # not encapsulated, runt
    frames += [inner4(vf_mac(1), 100, rng), inner_arp(3), bytes(13)]
    rng.shuffle(frames)
    sc("ig_presets", config=cfg, n2e=n2e(frames), options={"idle_pct": 10, "stall_pct": 15},
       about="gre16 / vxlan / native presets (profiles 0-2) with collators on the flow id\n"
             "(frame offset 42, 8 bytes: GRE key, VXLAN VNI, native slots) and the inner\n"
             "destination MAC (offset 50, 6 bytes; mask without MAC byte 4, where native\n"
             "has the inner IP version); per profile tunnels delivered to a VF\n"
             "(with and without ttl_dec), trapped, dropped, missing; IPv4 UDP/TCP, IPv6,\n"
             "ARP, VLAN-tagged and non-IP inner frames; outer frames of 64..9000 bytes\n"
             "(255/256/257 around the window, cut-through decapsulation of long frames);\n"
             "a VLAN-tagged outer (its own rule: a tag moves the collated bytes); vf=0\n"
             "(PF, decapsulated) and the last VF; plain frames and a runt")


# ---- real captures

def ig_real(sc, shared):
    real = os.path.join(shared, "vectors-real")
    need = ["vxlan.pcap", "vxlan_port_8472.pcap", "geneve.pcap", "various_gre.pcap",
            "wccp_redirect_gre.pcap"]
    missing = [f for f in need if not os.path.exists(os.path.join(real, f))]
    if missing:
        print(f"gen_scenarios: warning: ig_real_*: no {' '.join(missing)} under {real}",
              file=sys.stderr)
        return
    cap = {f: read_pcap(os.path.join(real, f)) for f in need}

    # -- UDP tunnels: VXLAN on 4789 and 8472, Geneve with and without options
    profs = {0: dict(PRESET["vxlan"], flow_off=12, flow_len=3),
             1: dict(PRESET["vxlan"], fmt_val=8472, flow_off=12, flow_len=3),
             # Geneve with 8 bytes of options: the first Geneve bytes (version,
             # option length 2, flags) are the format field; no port check
             2: dict(proto=17, opaque=24, fmt_off=8, fmt_val=0x0200, fmt_mask=0xFF00, flow_off=12,
                     flow_len=3, inner_eth=1),
             3: dict(proto=17, opaque=16, fmt_off=2, fmt_val=6081, fmt_mask=0xFFFF, flow_off=12,
                     flow_len=3, inner_eth=1)}
    # VNI (VXLAN and Geneve at 46), inner destination MAC without options
    # (50) and behind 8 bytes of Geneve options (58)
    # and the inner IPv4 protocol behind the options (81, 1)
    kd = KeyDef(profs, [(46, 3), (50, 6), (58, 6), (81, 1)], b"\xff" * 16)
    cfg = "".join(profile_set_line(p, q) for p, q in profs.items()) + kd.config()

    def first(frames, pred):
        return next(f for f in frames if pred(f))
    vx, vx8, gn = cap["vxlan.pcap"], cap["vxlan_port_8472.pcap"], cap["geneve.pcap"]
    # vxlan.pcap: ICMP towards 00:16:3e:37:f6:04 to VF 3 (TTL 64 - 1), ARP
    # broadcasts trapped; the other direction misses
    cfg += kd.add(first(vx, lambda f: f[50:56] == macb("00:16:3e:37:f6:04")), 3, "deliver", 1,
                  note="vxlan.pcap VNI 100, inner dmac 00:16:3e:37:f6:04")
    cfg += kd.add(first(vx, lambda f: f[50:56] == b"\xff" * 6), 3, "trap",
                  note="vxlan.pcap VNI 100, ARP broadcast")
    # the same conversation on UDP 8472 (profile 1): the other direction to VF 4
    cfg += kd.add(first(vx8, lambda f: f[50:56] == macb("00:30:88:01:00:02")), 4, "deliver",
                  note="vxlan_port_8472.pcap VNI 100, inner dmac 00:30:88:01:00:02")
    # geneve.pcap: VNI 0xb (no options) to VF 5 with ttl_dec 2; VNI 0xa (8
    # bytes of options, profile 2) to VF 6
    cfg += kd.add(first(gn, lambda f: f[46:49] == b"\0\0\x0b"), 5, "deliver", 2,
                  note="geneve.pcap VNI 0xb, no options")
    cfg += kd.add(first(gn, lambda f: f[46:49] == b"\0\0\x0a" and f[81] == 1), 6, "deliver",
                  note="geneve.pcap VNI 0xa, 8 bytes of options, ICMP (TCP misses)")
    sc("ig_real_udp", config=cfg,
       inputs=["n2e @shared/vectors-real/vxlan.pcap",
               "n2e @shared/vectors-real/vxlan_port_8472.pcap",
               "n2e @shared/vectors-real/geneve.pcap"],
       about="real UDP tunnels on n2e: vxlan.pcap (VXLAN 4789, profile 0),\n"
             "vxlan_port_8472.pcap (profile 1 on UDP 8472), geneve.pcap (profile 3 on UDP\n"
             "6081 without options; profile 2 recognises 8 bytes of Geneve options by the\n"
             "first Geneve bytes). Collators: VNI (46, 3), inner dmac (50, 6) and behind\n"
             "the options (58, 6), inner IPv4 protocol behind the options (81, 1). One\n"
             "direction of each conversation goes to a VF (Geneve with options: ICMP\n"
             "only), ARP broadcasts are trapped, the rest misses to the PF")

    # -- GRE: various_gre.pcap (VLAN 1213, GRE with key 0x28 carrying Cisco
    # metadata + IPv4, keepalives, CDP) and wccp_redirect_gre.pcap (GRE +
    # WCCP redirect header + IPv4, no VLAN)
    profs = {0: PRESET["gre16"],
             # GRE with key (8) + Cisco metadata (8), IPv4 inside
             1: dict(proto=47, opaque=16, fmt_off=2, fmt_val=0x8909, fmt_mask=0xFFFF, flow_off=4,
                     flow_len=4, inner_eth=0),
             # GRE with key (8) and protocol 0: keepalives, nothing inside
             2: dict(proto=47, opaque=8, fmt_off=2, fmt_val=0, fmt_mask=0xFFFF, flow_off=4,
                     flow_len=4, inner_eth=1),
             # WCCP: GRE (4) + redirect header (4), IPv4 inside
             3: dict(proto=47, opaque=8, fmt_off=2, fmt_val=0x883E, fmt_mask=0xFFFF, flow_off=4,
                     flow_len=4, inner_eth=0)}
    # GRE key behind the VLAN tag (42, 4) and the inner IPv4 destination
    # behind GRE + metadata (70, 4)
    kd = KeyDef(profs, [(42, 4), (70, 4)], b"\xff" * 8)
    cfg = PRESETS_CFG.splitlines(True)[0] + "".join(
        profile_set_line(p, q) for p, q in profs.items() if p) + kd.config()
    g, w = cap["various_gre.pcap"], cap["wccp_redirect_gre.pcap"]
    cfg += kd.add(first(g, lambda f: len(f) > 100 and f[70:74] == bytes([172, 17, 1, 55])), 6,
                  "deliver", 1, ("02:00:00:00:00:06", "aa:bb:cc:00:01:00", 0),
                  note="various_gre.pcap ICMP to 172.17.1.55 (inner TTL 255 - 1)")
    cfg += kd.add(first(g, lambda f: f[70:74] == bytes([224, 0, 0, 13])), 6, "deliver", 1,
                  ("01:00:5e:00:00:0d", "aa:bb:cc:00:01:00", 0),
                  note="various_gre.pcap PIM (inner TTL 1, ttl_dec 1): trapped for TTL")
    cfg += kd.add(first(g, lambda f: len(f) == 46), 7, "deliver",
                  note="various_gre.pcap keepalive (46 B, short key): nothing inside")
    cfg += kd.add(w[0], 8, "deliver", 1, ("02:00:00:00:00:08", "02:00:00:ee:00:08", 0),
                  note="wccp_redirect_gre.pcap: inner IPv4, TTL 64 - 1")
    sc("ig_real_gre", config=cfg,
       inputs=["n2e @shared/vectors-real/various_gre.pcap",
               "n2e @shared/vectors-real/wccp_redirect_gre.pcap"],
       about="real GRE on n2e: various_gre.pcap (VLAN 1213; GRE key 0x28 with Cisco\n"
             "metadata + IPv4 = profile 1, keepalives with protocol 0 = profile 2) and\n"
             "wccp_redirect_gre.pcap (GRE + WCCP redirect header + IPv4 = profile 3);\n"
             "collators: GRE key (42, 4), inner IPv4 destination (70, 4). ICMP to\n"
             "172.17.1.55 and the WCCP frame go to VFs with the rule's inner Ethernet\n"
             "header; PIM (TTL 1) is trapped for TTL; a 46-byte keepalive (short key)\n"
             "hits a short=1 rule and is dropped (decap_short); the rest misses")


# ---- collators at the limits

def ig_collators(sc, rng):
    # VXLAN, and plain GRE (4 bytes, transparent Ethernet bridging; no gre16
    # profile, which would take these frames first)
    profs = {1: dict(PRESET["vxlan"]),
             2: dict(proto=47, opaque=4, fmt_off=2, fmt_val=0x6558, fmt_mask=0xFFFF, flow_off=0,
                     flow_len=0, inner_eth=1)}
    pcfg = "profile 1 preset vxlan\n" + profile_set_line(2, profs[2])
    pat_a = bytes((i * 37 + 11) & 0xFF for i in range(251))
    pat_b = bytes((i * 53 + 7) & 0xFF for i in range(241))

    def flow(pat, size, change=None, preset=1):
        """VXLAN frame of size bytes, inner bytes a fixed pattern; change:
        frame offset whose byte is flipped"""
        inner = inner_raw(vf_mac(1), size - 50, rng, pattern=pat)
        fr = bytearray(vxlan(inner, 77))
        if change is not None:
            fr[change] ^= 0x5A
        return bytes(fr)

    # -- one collator at the limit: offset 128, length 128 (bytes 128..255)
    kd = KeyDef(profs, [(128, 128)], b"\xff" * 128)
    cfg = pcfg + kd.config()
    fr = []
    a = flow(pat_a, 300)
    cfg += kd.add(a, 1, note="flow A, any length above 256")
    fr += [a, flow(pat_a, 1000), flow(pat_a, 9000), flow(pat_a, 256)]   # 256: len known, not short
    fr += [flow(pat_a, 300, change=127), flow(pat_a, 300, change=60)]   # outside the range: hit
    fr += [flow(pat_a, 300, change=128), flow(pat_a, 300, change=255)]  # first/last byte: miss
    b = flow(pat_b, 2000)
    cfg += kd.add(b, 2, "trap", note="flow B: trapped")
    fr += [b, flow(pat_b, 257)]
    s = flow(pat_a, 255)          # the range runs one byte past the end: short
    cfg += kd.add(s, 3, "deliver", note="flow A cut to 255 bytes: short=1")
    fr += [s, flow(pat_a, 200)]   # other short key: miss
    t = flow(pat_a, 129)          # one byte of the range inside the frame
    cfg += kd.add(t, 4, "deliver", note="129 bytes: one collated byte, short=1")
    fr += [t, flow(pat_a, 128), flow(pat_a, 100)]                       # no byte inside
    z = flow(pat_a, 100)
    cfg += kd.add(z, 5, "drop", note="no collated byte inside the frame: key 0, short=1")
    sc("ig_coll_wide", config=cfg, n2e=n2e(fr),
       about="one collator at the limit: off=128 len=128 (bytes 128..255, all 128 key\n"
             "bytes); frames of 100..9000 bytes: a change at byte 127 or 60 still hits,\n"
             "at 128 or 255 misses; 256 bytes is not short, 255 is; 129 bytes has one\n"
             "collated byte; 128 and 100 bytes have none (key 0, short=1)")

    # -- four ranges of 32, the last ending at byte 256; a 60-byte frame
    colls = [(42, 32), (96, 32), (160, 32), (224, 32)]
    kd = KeyDef(profs, colls, b"\xff" * 128)
    cfg = pcfg + kd.config()
    fr = []
    a = flow(pat_a, 400)
    cfg += kd.add(a, 1, note="flow A")
    fr += [a, flow(pat_a, 3000)]
    for off in (41, 74, 95, 128, 159, 192, 223):            # between the ranges: hit
        fr.append(flow(pat_a, 400, change=off))
    for off in (42, 73, 96, 127, 160, 191, 224, 255):       # each range's first and last byte
        fr.append(flow(pat_a, 400, change=off))
    # a 60-byte frame (plain GRE, 22-byte inner frame): ranges 2..4 run past its end
    inner = inner_raw(vf_mac(2), 22, rng, pattern=b"\x11\x22\x33\x44")
    short60 = gre4(inner)
    assert len(short60) == 60
    cfg += kd.add(short60, 2, note="60-byte frame: short=1")
    # the same bytes padded with zeros to 300: the same collated bytes, not
    # short (len unknown): the whole-frame rule, which the 60-byte frame must not hit
    pad300 = short60 + bytes(240)
    cfg += kd.add(pad300, 3, note="the 60-byte frame padded to 300 bytes: short=0")
    fr += [short60, pad300, short60 + bytes(196),   # 256 bytes: known, not short: VF 3
           short60 + bytes(195),                    # 255 bytes: short: VF 2
           short60]
    sc("ig_coll_four", config=cfg, n2e=n2e(fr),
       about="four collators of 32 bytes (42, 96, 160, 224: 128 key bytes, the last\n"
             "range ending at byte 256); changes between the ranges hit, at each range's\n"
             "first and last byte miss; a 60-byte frame (plain GRE profile 2) whose ranges\n"
             "run past its end has short=1 and hits its short=1 rule, not the rule with\n"
             "the same key bytes and short=0 (its zero-padded copies of 300 and 256 bytes\n"
             "hit that one; the 255-byte copy is short again)\n"
             "Refusals (len > 128, off + len > 256, total > 128) cannot be expressed in a\n"
             "batch file (it stops at the first error): they are driver tests")


# ---- masks

def ig_mask(sc, rng):
    """the same frames and rules under three masks"""
    profs = {1: PRESET["vxlan"]}
    # VNI (46, 3), inner dmac (50, 6), inner smac (56, 6)
    colls = [(46, 3), (50, 6), (56, 6)]
    frames = []
    spec = [(0x1230, 1, 1), (0x1235, 1, 2), (0x123F, 1, 1), (0x1240, 1, 1),
            (0x1230, 2, 1), (0x1230, 1, 3)]
    for vni, d, s in spec:
        for size in (120, 700):
            frames.append(vxlan(inner4(vf_mac(d), size, rng, smac=f"02:00:00:00:bb:{s:02x}"),
                                vni))
    rules = [(0x1230, 1, 1, 1), (0x1235, 1, 2, 2), (0x1240, 1, 1, 3), (0x1230, 2, 1, 4)]

    def sample(vni, d, s):
        return vxlan(inner4(vf_mac(d), 120, rng, smac=f"02:00:00:00:bb:{s:02x}"), vni)
    full = b"\xff" * 15
    merge = b"\xff\xff\xf0" + b"\xff" * 6 + b"\0" * 6
    variants = (
        ("ig_mask_split", full, "mask all over VNI, inner dmac and smac: every frame with\n"
         "another VNI or smac misses, each rule gets its own frames"),
        ("ig_mask_merge", merge, "mask ff ff f0 on the VNI and 00 on the inner smac: VNIs\n"
         "0x1230..0x123f and every smac are one key; rules written under mask all are\n"
         "rewritten by `keys commit` (key & mask); the rule for VNI 0x1235 / smac 2\n"
         "is not written (under this mask it is the rule for VNI 0x1230 / smac 1)"),
    )
    for name, mask, about in variants:
        kd = KeyDef(profs, colls, mask)
        cfg = "profile 1 preset vxlan\n"
        if name == "ig_mask_merge":
            # rules written under mask all, then the mask changes
            kd_all = KeyDef(profs, colls, full)
            cfg += kd_all.config()
            for vni, d, s, vf in rules:
                k = kd.key(sample(vni, d, s))
                line = kd.add(k, vf, strict=False, note=f"VNI {vni:#x} dmac {d} smac {s}")
                if line:
                    # the rule as written: the whole key, bits outside the new mask set
                    full_k = kd_all.key(sample(vni, d, s))
                    cfg += irule_line(full_k[0], full_k[1], vf)
            cfg += mask_line(mask) + "keys commit\n"
        else:
            cfg += kd.config()
            for vni, d, s, vf in rules:
                cfg += kd.add(sample(vni, d, s), vf, note=f"VNI {vni:#x} dmac {d} smac {s}")
        sc(name, config=cfg, n2e=n2e(frames),
           about="masks: the same frames (VNI 0x1230/0x1235/0x123f/0x1240, inner dmac,\n"
                 "inner smac) and rules; " + about)
    # mask none: every frame of a profile has the key {p, 0, ...}
    kd = KeyDef(profs, colls, b"")
    cfg = "profile 1 preset vxlan\nprofile 0 preset gre16\n" + kd.config()
    cfg += kd.add(frames[0], 7, "deliver", 1, note="every VXLAN frame")
    fr = frames + [gre16(inner4(vf_mac(1), 100, rng), 5)]
    sc("ig_mask_none", config=cfg, n2e=n2e(fr),
       about="mask none: every VXLAN frame has the key {1, 0...} and hits one rule; GRE\n"
             "(profile 0, no rule) misses")


# ---- TTL

def ig_ttl(sc, rng):
    kd = KeyDef(PRESET_PROFS, [(42, 8)], b"\xff" * 8)
    cfg = PRESETS_CFG + kd.config()
    frames = []
    decs = [0, 1, 2, 64, 255]
    for dec in decs:
        vni = 100 + dec
        cfg += kd.add(vxlan(inner_arp(1), vni), 10 + decs.index(dec), "deliver", dec,
                      note=f"vxlan VNI {vni}: ttl_dec {dec}")
        nat = native(inner4(vf_mac(1), 60, rng)[14:], 9, dec)
        cfg += kd.add(nat, 20 + decs.index(dec), "deliver", dec,
                      (vf_mac(20 + decs.index(dec)), INNER_SMAC, 0),
                      note=f"native slots 9/{dec}: ttl_dec {dec}")
        ttls = sorted({0, 1, 2, 3, dec, (dec + 1) & 0xFF, (dec + 2) & 0xFF, 64, 254, 255})
        for t in ttls:
            frames.append(vxlan(inner4(vf_mac(1), 100, rng, 17, ttl=t), vni))
            frames.append(vxlan(inner6(vf_mac(1), 120, rng, 6, hlim=t), vni))
        for t in (dec, (dec + 1) & 0xFF, 255):
            frames.append(native(inner4(vf_mac(1), 100, rng, 6, ttl=t)[14:], 9, dec))
            frames.append(native(inner6(vf_mac(1), 140, rng, 17, hlim=t)[14:], 9, dec))
    # the incremental checksum at its edges: IPv4 header checksums around
    # 0x0000 / 0xffff / byte carries, decremented by 1, 2 and 255 - 1
    for dec in (1, 2, 64):
        for target in (0x0000, 0x0001, 0x00FF, 0x0100, 0xFEFF, 0xFFFE, 0x7FFF, 0x8000):
            for ttl in ((dec + 1) & 0xFF, 255):
                inner = ip4_with_csum(inner4(vf_mac(1), 90, rng, 17, ttl=ttl), 14, target)
                frames.append(vxlan(inner, 100 + dec))
    # long frames: the TTL is in the window, the end comes later
    frames.append(vxlan(inner4(vf_mac(1), 3000, rng, 6, ttl=2), 101))
    frames.append(vxlan(inner6(vf_mac(1), 5000, rng, 17, hlim=3), 102))
    frames.append(vxlan(inner4(vf_mac(1), 3000, rng, 17, ttl=1), 101))   # TTL trap, long
    # VLAN-tagged inner IPv4, inner IPv4 with options (IHL 6), truncated
    # inner IPv4 (not IPv4 by length: no change), IPv6 with version 4 EtherType
    frames.append(vxlan(inner4(vf_mac(1), 150, rng, 17, ttl=9, vlan=7), 102))
    opt = bytearray(inner4(vf_mac(1), 150, rng, 17, ttl=9))
    ip = bytes(opt[14:])
    ihl6 = bytearray(ip[:20] + b"\x01\x01\x01\x00" + ip[20:])
    ihl6[0] = 0x46
    ihl6[2:4] = struct.pack("!H", len(ihl6))
    ihl6[10:12] = b"\0\0"
    ihl6[10:12] = struct.pack("!H", csum(bytes(ihl6[:24])))
    frames.append(vxlan(bytes(opt[:14]) + bytes(ihl6), 102))
    frames.append(vxlan(inner4(vf_mac(1), 100, rng, 17, ttl=9)[:14 + 19], 102))
    frames.append(vxlan(inner4(vf_mac(1), 100, rng, 17, ttl=9)[:14 + 20], 102))
    sc("ig_ttl", config=cfg, n2e=n2e(frames),
       about="TTL: rules with ttl_dec 0, 1, 2, 64, 255 (VXLAN VNI 100+dec, native slots\n"
             "9/dec); inner IPv4 TTL and IPv6 hop limit 0..3, dec, dec+1 (delivered with\n"
             "1), dec+2, 64, 254, 255; ttl_dec 0 never traps; IPv4 header checksums\n"
             "around 0x0000/0xffff/carries; long frames; VLAN-tagged inner, IHL 6,\n"
             "truncated inner IPv4 (19 and 20 bytes: not IPv4 / IPv4)")


# ---- debug mode

def ig_debug(sc, rng):
    kd = KeyDef(PRESET_PROFS, [(42, 8)], b"\xff" * 8)
    cfg = PRESETS_CFG + kd.config() + "debug on\n"
    frames = []
    for preset, fid in (("gre16", 0x77), ("vxlan", 77), ("native", (7, 7))):
        inner = inner4(vf_mac(1), 200, rng)
        fr = encap(preset, inner, fid)
        inner_hdr = None if PRESET[preset]["inner_eth"] else (vf_mac(1), INNER_SMAC, 0)
        cfg += kd.add(fr, 1, "deliver", 1, inner_hdr, note=f"{preset}: would deliver")
        frames += [fr, encap(preset, inner4(vf_mac(1), 3000, rng), fid)]
    t = vxlan(inner4(vf_mac(2), 100, rng), 78)
    d = vxlan(inner4(vf_mac(2), 100, rng), 79)
    cfg += kd.add(t, 2, "trap", note="would trap") + kd.add(d, 2, "drop", note="would drop")
    frames += [t, d, vxlan(inner4(vf_mac(2), 100, rng), 80), inner4(vf_mac(1), 80, rng),
               bytes(range(10)), vxlan(inner4(vf_mac(1), 100, rng), 77)[:40]]
    sc("ig_debug", config=cfg, n2e=n2e(frames),
       about="debug on with ingress rules that would deliver, trap and drop: every\n"
             "ingress frame goes to the PF unchanged with reason debug (runts still\n"
             "dropped)")


# ---- injection

def ig_inject(sc, rng, num_vf, root):
    kd = KeyDef(PRESET_PROFS, [(42, 8), (50, 6)], b"\xff" * 14)
    cfg = PRESETS_CFG + kd.config()
    h, n = [], []
    for vf in (1, 2, 33, num_vf):
        fr = vxlan(inner4(vf_mac(vf), 200, rng), 900 + vf)
        cfg += kd.add(fr, vf, "deliver", 1, note=f"VNI {900 + vf} to VF {vf}")
        for size in (64, 300, 1514, 6000):
            h.append((inner4(vf_mac(vf), size, rng, smac="02:00:00:00:00:00", src="10.0.0.1"),
                      {"func": 0, "inject": 1, "inject_vf": vf}))
            n.append(vxlan(inner4(vf_mac(vf), size, rng, 6), 900 + vf))
    h.append((inner_arp(0), {"func": 0, "inject": 1, "inject_vf": 2}))
    h.append((inner4(vf_mac(9), 100, rng, smac="02:00:00:00:00:00", src="10.0.0.1"),
              {"func": 0}))                                        # PF to the wire
    h.append((inner4(vf_mac(9), 100, rng), {"func": 0, "inject": 1, "inject_vf": num_vf + 1}))
    rng.shuffle(h)
    rng.shuffle(n)
    # `vnrctl inject VF FILE.pcap` too: its frames go on h2e when config.vnr
    # runs, before the inputs. vnrsim runs the batch file in the directory
    # it was started in (the repository root under make): the path is
    # relative to the root
    repo = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    inj = os.path.join(os.path.abspath(root), "ig_inject", "inject.pcap")
    rel = os.path.relpath(inj, repo)
    cfg += f"inject 3 {inj if rel.startswith('..') else rel}\n"
    sc("ig_inject", config=cfg, h2e=h, n2e=n2e(n), options={"idle_pct": 5, "stall_pct": 10},
       about="PF injections to VFs 1, 2, 33, NUM_VF (h2e meta inject=1) and to VF 3\n"
             "(`inject 3 inject.pcap`, sent when the configuration runs) while VXLAN\n"
             "traffic for VFs 1, 2, 33, NUM_VF is decapsulated to them: both reach e2h\n"
             "(two sequences, from_net 0 and 1); an injection above NUM_VF is refused")
    write_pcap(inj, [inner4(vf_mac(3), size, rng, smac="02:00:00:00:00:00", src="10.0.0.1")
                     for size in (60, 700, 1514)] + [inner6(vf_mac(3), 3000, rng)])


# ---- random

def ig_random(sc, rng, num_vf):
    # random collators: four ranges, total <= 128, inside the window
    # the first on the flow ids, the others anywhere
    colls = [rng.choice([(42, 8), (46, 3), (34, 16)])]
    left = 128 - colls[0][1]
    for _ in range(3):
        ln = rng.randint(0, min(48, left))
        colls.append((rng.randint(0, 256 - ln), ln))
        left -= ln
    mask = bytes(rng.choice([0xFF, 0xFF, 0xFF, 0xF0, 0x0F, 0x00, rng.getrandbits(8)])
                 for _ in range(128))
    kd = KeyDef(PRESET_PROFS, colls, mask)
    cfg = PRESETS_CFG + kd.config()
    # tunnels: (preset, flow id, inner dmac vf)
    tunnels = []
    for _ in range(40):
        preset = rng.choice(["gre16", "vxlan", "native"])
        fid = {"gre16": rng.getrandbits(32), "vxlan": rng.getrandbits(24),
               "native": (rng.getrandbits(16), rng.getrandbits(16))}[preset]
        tunnels.append((preset, fid, rng.randint(1, num_vf)))
    frames = []
    for _ in range(420):
        r = rng.random()
        if r < 0.78:
            preset, fid, d = rng.choice(tunnels)
            size = rng.choice([rng.randint(64, 200)] * 5 + [rng.randint(200, 1600)] * 4 +
                              [rng.randint(1600, 9000)])
            ov = OVERHEAD[preset] - (0 if PRESET[preset]["inner_eth"] else 14)
            kind = rng.random()
            if kind < 0.45:
                inner = inner4(vf_mac(d), size - ov, rng, rng.choice((6, 17)),
                               ttl=rng.choice([1, 2, 3, 64, 255]))
            elif kind < 0.75:
                inner = inner6(vf_mac(d), size - ov, rng, rng.choice((6, 17)),
                               hlim=rng.choice([1, 2, 64, 255]))
            elif kind < 0.85 and preset != "native":
                inner = inner_arp(d)
            else:
                inner = inner_raw(vf_mac(d), max(14, size - ov), rng)
            fr = encap(preset, inner, fid, vlan=100 if rng.random() < 0.05 else None)
        elif r < 0.9:
            # not encapsulated, runts
            fr = rng.choice([inner4(vf_mac(1), rng.randint(60, 1514), rng),
                             inner6(vf_mac(2), rng.randint(80, 600), rng), inner_arp(5),
                             bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 13)))])
        else:
            # malformed: truncated tunnels, lying lengths, random bytes after
            # a valid outer header
            preset, fid, d = rng.choice(tunnels)
            fr = encap(preset, inner4(vf_mac(d), rng.randint(60, 400), rng), fid)
            m = rng.random()
            if m < 0.5:
                fr = fr[:rng.randint(14, len(fr) - 1)]
            elif m < 0.75:
                b = bytearray(fr)
                b[16:18] = struct.pack("!H", rng.getrandbits(16))
                fr = bytes(b)
            else:
                fr = fr[:rng.randint(34, 60)] + bytes(rng.getrandbits(8)
                                                      for _ in range(rng.randint(0, 300)))
        frames.append(fr)
    # ~50 rules: most from frames (they hit), some random keys (miss)
    cands = [f for f in frames if kd.key(f)]
    rng.shuffle(cands)
    nrules = 0
    for f in cands:
        if nrules >= 44:
            break
        action = rng.choice(["deliver"] * 6 + ["trap", "drop"])
        ttl_dec = rng.choice([0, 0, 1, 1, 2, 3, 255])
        p = kd.key(f)[0]
        # native: inner_type 0 (from the IP version) or the right one given
        # (a wrong one is sent as given, and tshark would call the frame bogus)
        v = f[recognise(f, PRESET_PROFS)[1] + 20] >> 4 if p == 2 else 0
        inner_hdr = (vf_mac(rng.randint(1, num_vf)), INNER_SMAC,
                     rng.choice([0, 0, {4: 0x0800, 6: 0x86DD}.get(v, 0x88B5)])) \
            if p == 2 else None
        line = kd.add(f, rng.randint(0, num_vf), action, ttl_dec, inner_hdr, strict=False)
        if line:
            cfg += line
            nrules += 1
    # the frames the rules were written from come again (a flow's next
    # packets) so that most rules decide more than one frame
    for f in [f for f in cands if kd.key(f) and (kd.key(f)[0], kd.key(f)[2], kd.key(f)[1])
              in kd.rules]:
        for _ in range(rng.randint(0, 3)):
            frames.insert(rng.randint(0, len(frames)), f)
    for _ in range(6):
        p = rng.randint(0, 2)
        filled = sum(ln for _, ln in colls)   # vnrctl refuses key bytes past them
        m = bytes(a & b for a, b in zip(bytes(rng.getrandbits(8) for _ in range(filled)) +
                                        bytes(128 - filled), kd.mask))
        line = kd.add((p, m, 0), rng.randint(1, num_vf), "deliver", 1,
                      (vf_mac(1), INNER_SMAC, 0) if p == 2 else None, strict=False)
        cfg += line or ""
    sc("ig_random", config=cfg, n2e=n2e(frames), options={"idle_pct": 15, "stall_pct": 15},
       about="random collators and mask, 40 random tunnels of the three presets (random\n"
             "keys, VNIs, slots; IPv4, IPv6, ARP, non-IP inside; 64..9000 bytes, a few\n"
             "behind a VLAN tag), ~50 rules (44 from frames: deliver, trap, drop, ttl_dec\n"
             "0..3 and 255, any VF or the PF; 6 random keys that miss), plain frames,\n"
             "runts, truncated tunnels, lying lengths, garbage after an outer header")


# ---- malformed captures through the key and the lookup

def ig_malformed(sc, shared):
    mal = os.path.join(shared, "vectors-real", "malformed")
    files = sorted(f for f in os.listdir(mal) if f.endswith(".pcap")) if os.path.isdir(mal) else []
    if not files:
        print(f"gen_scenarios: warning: ig_malformed: no captures under {mal}", file=sys.stderr)
        return
    # every UDP, TCP, GRE and ICMP IPv4 frame counts as encapsulated
    profs = {0: dict(proto=17, opaque=8, fmt_off=0, fmt_val=0, fmt_mask=0, flow_off=0, flow_len=4,
                     inner_eth=0),
             1: dict(proto=6, opaque=20, fmt_off=0, fmt_val=0, fmt_mask=0, flow_off=0, flow_len=4,
                     inner_eth=0),
             2: dict(proto=47, opaque=4, fmt_off=0, fmt_val=0, fmt_mask=0, flow_off=0, flow_len=4,
                     inner_eth=1),
             3: dict(proto=1, opaque=8, fmt_off=0, fmt_val=0, fmt_mask=0, flow_off=0, flow_len=4,
                     inner_eth=0)}
    # IPv4 addresses (26, 8), the first 8 bytes after a plain IPv4 header (34, 8)
    kd = KeyDef(profs, [(26, 8), (34, 8)], b"\xff" * 12 + b"\xf0\0\0\0")
    cfg = "".join(profile_set_line(p, q) for p, q in profs.items()) + kd.config()
    n = 0
    for f in files:
        frames = read_pcap(os.path.join(mal, f))
        for fr in frames[:3]:
            if n >= 40:
                break
            k = kd.key(fr)
            if k is None:
                continue
            action = ["deliver", "deliver", "trap", "drop"][n % 4]
            inner_hdr = (vf_mac(1 + n % 8), INNER_SMAC, 0) \
                if not profs[k[0]]["inner_eth"] else None
            line = kd.add(k, 1 + n % 8, action, [0, 1, 2][n % 3], inner_hdr, strict=False,
                          note=f)
            if line:
                cfg += line
                n += 1
    sc("ig_malformed", config=cfg,
       inputs=[f"n2e @shared/vectors-real/malformed/{f}" for f in files],
       options={"idle_pct": 5, "stall_pct": 5},
       about="every capture in vectors-real/malformed on n2e with profiles that take\n"
             "every IPv4 UDP (0), TCP (1), GRE (2) and ICMP (3) frame as encapsulated,\n"
             "collators on the IPv4 addresses and the 8 bytes after the IPv4 header, and\n"
             "rules for the first frames of many captures (deliver with ttl_dec and a\n"
             "rule Ethernet header, trap, drop): malformed frames go through the key,\n"
             "the lookup and decapsulation")


# ---- round trip: eg_presets' encapsulated frames, decapsulated again

def ig_roundtrip(sc, root):
    eg = os.path.join(root, "eg_presets")
    e2n = os.path.join(eg, "expect", "e2n.pcap")
    if not os.path.exists(e2n):
        print(f"gen_scenarios: warning: ig_roundtrip not written: no {e2n} (run `make vectors`"
              " once for eg_presets, then again)", file=sys.stderr)
        return
    frames = read_pcap(e2n)
    metas = read_meta(os.path.join(eg, "expect", "e2n.meta"))
    egrules = {}
    for line in open(os.path.join(eg, "config.vnr")):
        t = line.split("#")[0].split()
        if len(t) >= 3 and t[:2] == ["rule", "add"]:
            egrules[int(t[2])] = dict(x.split("=", 1) for x in t[3:] if "=" in x)
    # outer EtherType / VLAN tag (12, 4), the outer destination address
    # (untagged) or the outer source and destination (tagged) and the
    # opaque start (30, 8), the flow id (46, 8): constant per egress rule
    kd = KeyDef(PRESET_PROFS, [(12, 4), (30, 8), (46, 8)], b"\xff" * 20)
    cfg = PRESETS_CFG + kd.config()
    done = {}
    for fr, m in zip(frames, metas):
        rid = m.get("rule")
        k = kd.key(fr)
        if k is None:
            raise ValueError(f"eg_presets e2n frame of rule {rid} is not recognised")
        if rid in done:
            if done[rid] != k:
                raise ValueError(f"eg_presets rule {rid}: frames with different keys")
            continue
        done[rid] = k
        r = egrules[rid]
        f = int(r["func"])
        # a VM of the remote host per egress rule: IPv4 rules to VF f (the
        # tunnel behind a VLAN tag with ttl_dec 2), IPv6 rules to VF 32 + f
        # with ttl_dec 1
        v6 = ":" in r.get("prefix", "")
        vf, dec = (32 + f, 1) if v6 else (f, 2 if "outer_vlan" in r else 0)
        inner_hdr = (macb_str(r["dmac"]), vf_mac(f), 0) if k[0] == 2 else None
        cfg += kd.add(k, vf, "deliver", dec, inner_hdr, note=f"eg_presets rule {rid} (VF {f})")
    sc("ig_roundtrip", config=cfg, n2e=n2e(frames), options={"idle_pct": 10, "stall_pct": 20},
       about="round trip: n2e = eg_presets/expect/e2n.pcap (read when the inputs were\n"
             "generated: regenerate after eg_presets changes) with the presets and a rule\n"
             "per egress rule, as the remote host: IPv4 tunnels to VF f (ttl_dec 2 behind\n"
             "the outer VLAN), IPv6 tunnels to VF 32+f with ttl_dec 1, native rules with\n"
             "the original inner MACs.\n"
             "`make roundtrip-check` compares e2h with eg_presets' h2e inputs")


def macb_str(s):
    return ":".join(f"{b:02x}" for b in macb(s))
