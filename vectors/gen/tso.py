"""TSO scenarios of issue 5 (docs/tso.md): super-packets from VFs encapsulated
by a rule (gre16, vxlan with udp_csum 0 and 1, native), from the PF as tunnel
frames (the real gso-*.pcap captures, synthetic VXLAN) and as plain frames;
MSS and payload edges, FIN/PSH/CWR, every refusal reason, the MSS clamp, TSO
frames trapped and dropped by rules, and a mix under back-pressure. Inputs
only: expect/ comes from the model (`make vectors`); sim/check/tso_check.py
rebuilds every segment independently (Linux software GSO).

Every super-packet is what a host stack hands a device: IPv4 header checksum
valid, TCP checksum either the pseudo-header sum of a CHECKSUM_PARTIAL packet
or a full checksum (the engine ignores it), an outer UDP checksum either 0 or
the pseudo-header sum (SKB_GSO_UDP_TUNNEL_CSUM). Simulation cost is bounded:
one 64 kB frame at MSS 1 encapsulated, one plain (about 1.4M cycles at 64
bits together), the rest well under 1M (README: figures per scenario)."""
import os
import struct

from egress import (PRESETS, ROUTER_MAC, csum, ether, ip4b, ip6b, macb, rule_line, vf_ip4,
                    vf_ip6, vf_line, vf_mac)
from pcapio import read_pcap, write_pcap

PF_MAC = "02:00:00:00:00:00"
PEER_MAC = "0c:c4:7a:11:22:33"
HDR_MAC = "0c:c4:7a:00:20:0a"    # the PF frame that row 20a refuses
MAX_EG_FRAME = 65553

# FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 URG 0x20 ECE 0x40 CWR 0x80
FLAGS = [0x18, 0x19, 0x10, 0xD0, 0x98, 0x11, 0xD9, 0x30, 0x50, 0x99, 0x08, 0x90]
TS_OPT = b"\x01\x01\x08\x0a" + struct.pack("!II", 0x01020304, 0x0A0B0C0D)

# ---------------------------------------------------------------- packets


def fold(s):
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def sum16(b):
    if len(b) % 2:
        b += b"\0"
    return fold(sum(struct.unpack(f"!{len(b) // 2}H", b)))


def tcp(src, dst, v6, payload, flags=0x18, opts=b"", seq=0x10000000, ack=0x20000000,
        sport=40000, dport=9, win=64240, urg=0, full_csum=False):
    """a TCP segment; checksum: the host's CHECKSUM_PARTIAL value (folded
    pseudo-header sum) unless full_csum"""
    opts = opts + bytes(-len(opts) % 4)
    doff = 5 + len(opts) // 4
    h = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack, doff << 4, flags, win, 0,
                    urg) + opts
    n = len(h) + len(payload)
    pseudo = src + dst + (struct.pack("!IxxxB", n, 6) if v6 else struct.pack("!BBH", 0, 6, n))
    c = csum(pseudo + h + payload) if full_csum else sum16(pseudo)
    return h[:16] + struct.pack("!H", c) + h[18:] + payload


def ip4h(src, dst, proto, body, ident=0x4242, ttl=64, df=True, tos=0, tot=None, frag=None,
         opts=b"", ver_ihl=None):
    opts = opts + bytes(-len(opts) % 4)
    ihl = 5 + len(opts) // 4
    tl = 20 + len(opts) + len(body) if tot is None else tot
    fr = (0x4000 if df else 0) if frag is None else frag
    h = struct.pack("!BBHHHBBH4s4s", ver_ihl or (0x40 | ihl), tos, tl & 0xFFFF, ident, fr, ttl,
                    proto, 0, src, dst) + opts
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + body


def ip6h(src, dst, nh, body, hlim=64, plen=None):
    pl = len(body) if plen is None else plen
    return struct.pack("!IHBB", 0x60000000, pl & 0xFFFF, nh, hlim) + src + dst + body


def payload_bytes(rng, n):
    return rng.randbytes(n)


def tcp4_frame(rng, src_n, dst, n, flags=0x18, opts=b"", dmac=ROUTER_MAC, smac=None, vlan=None,
               src=None, ttl=64, ip_opts=b"", full_csum=False, **kw):
    """Ethernet + IPv4 + TCP with n payload bytes from VF src_n"""
    s, d = ip4b(src or vf_ip4(src_n)), ip4b(dst)
    seg = tcp(s, d, False, payload_bytes(rng, n), flags, opts, full_csum=full_csum,
              seq=rng.getrandbits(32), ack=rng.getrandbits(32), **kw)
    return ether(dmac, smac or vf_mac(src_n), 0x0800, vlan) + ip4h(
        s, d, 6, seg, ident=rng.getrandbits(16), ttl=ttl, opts=ip_opts)


def tcp6_frame(rng, src_n, dst, n, flags=0x18, opts=b"", dmac=ROUTER_MAC, smac=None, vlan=None,
               src=None, hlim=64, full_csum=False, **kw):
    s, d = ip6b(src or vf_ip6(src_n)), ip6b(dst)
    seg = tcp(s, d, True, payload_bytes(rng, n), flags, opts, full_csum=full_csum,
              seq=rng.getrandbits(32), ack=rng.getrandbits(32), **kw)
    return ether(dmac, smac or vf_mac(src_n), 0x86DD, vlan) + ip6h(s, d, 6, seg, hlim=hlim)


def max_payload4(opts=b"", ip_opts=b""):
    """TCP payload that makes a 65535-byte IPv4 packet"""
    return 65535 - 20 - len(ip_opts) - 20 - len(opts)


# PF tunnel frames (the host encapsulated them): outer Ethernet + IPv4 + opaque

UL = (ip4b("198.51.100.1"), ip4b("198.51.100.2"))


def udp_tunnel(inner, opaque_rest, dport, csum_partial=True, vlan=None, ip_opts=b"",
               ulen=None, tot=None, sport=50000, ident=0x7000, dmac=PEER_MAC):
    """outer Ethernet/IPv4/UDP + opaque_rest (the tunnel header) + inner;
    UDP checksum: the pseudo-header sum (SKB_GSO_UDP_TUNNEL_CSUM) or 0"""
    n = 8 + len(opaque_rest) + len(inner)
    ul = n if ulen is None else ulen
    c = sum16(UL[0] + UL[1] + struct.pack("!BBH", 0, 17, n)) if csum_partial else 0
    u = struct.pack("!HHHH", sport, dport, ul, c) + opaque_rest + inner
    return ether(dmac, PF_MAC, 0x0800, vlan) + ip4h(UL[0], UL[1], 17, u, ident=ident,
                                                    opts=ip_opts, tot=tot)


def vxlan_hdr(vni):
    return struct.pack("!II", 0x08000000, vni << 8)


def inner_eth(dst_mac, src_mac, etype, body, vlan=None):
    return ether(dst_mac, src_mac, etype, vlan) + body


# ---------------------------------------------------------------- helpers

def meta(f, mss=None, tso=1):
    m = {"func": f}
    if tso:
        m["tso"] = 1
        m["mss"] = mss
    return m


def write_meta(path, lines):
    with open(path, "w") as f:
        f.write("".join(" ".join(f"{k}={v}" for k, v in m.items()) + "\n" for m in lines))


def uniq(xs):
    out = []
    for x in xs:
        if x not in out:
            out.append(x)
    return out


def enc_rule(rid, f, prof, prefix, **kw):
    extra = {0: {"key": 0x1000 + f}, 1: {"vni": 7000 + f, "sport": 51000 + f},
             2: {"src_slot": f, "tgt_slot": 100 + f}}[prof]
    extra.update(kw)
    return rule_line(rid, f, prefix=prefix, encap=prof, **extra)

# ---------------------------------------------------------------- scenarios


def gen_tso(sc, rng, root, shared):
    tso_presets(sc, rng)
    tso_plain(sc, rng)
    tso_real(sc, rng, root, shared)
    tso_refuse(sc, rng)
    tso_clamp(sc, rng)
    tso_rules(sc, rng)
    tso_mix(sc, rng)


def tso_presets(sc, rng):
    """VF super-packets encapsulated by gre16 (GRE checksum), vxlan (outer UDP
    checksum 1 and 0) and native rules: MSS 1, 536, 1448, 8948 x payloads 0,
    1, MSS-1, MSS, MSS+1, 65535-headers; FIN/PSH/CWR combinations; TCP
    timestamps; inner IPv6"""
    cfg = PRESETS
    vfs = ((1, 0, {}), (2, 1, {"udp_csum": 1}), (3, 2, {"udp_csum": 1}), (4, 1, {"udp_csum": 0}))
    for f, prof, kw in vfs:
        cfg += vf_line(f, ip6=True) + f"mtu {f} 9000\n"
        cfg += enc_rule(10 + f, f, prof, "10.60.0.0/16", **kw)
        cfg += enc_rule(20 + f, f, prof, "fd00:60::/32", **kw)
    h = []
    k = 0
    for f, prof, _ in vfs[:3]:
        for mss in (1, 536, 1448, 8948):
            for opts in (b"", TS_OPT):
                top = max_payload4(opts)
                sizes = [0, 1, mss - 1, mss, mss + 1]
                if opts:
                    # the 64 kB frame once per MSS; at MSS 1 only through VXLAN
                    sizes = [top if mss > 1 or prof == 1 else 2000]
                for n in uniq(sizes):
                    h.append((tcp4_frame(rng, f, f"10.60.{f}.{k % 250 + 1}", n,
                                         flags=FLAGS[k % len(FLAGS)], opts=opts,
                                         full_csum=k % 3 == 0), meta(f, mss)))
                    k += 1
        for mss, n in ((1448, 3000), (1000, 1001), (1448, MAX_EG_FRAME - 14 - 40 - 32)):
            h.append((tcp6_frame(rng, f, f"fd00:60::{k:x}", n, flags=FLAGS[k % len(FLAGS)],
                                 opts=TS_OPT if n > 60000 else b""), meta(f, mss)))
            k += 1
    # VXLAN without the outer UDP checksum
    for mss, n in ((1448, 0), (1448, 1447), (1448, 1449), (1448, 20000), (536, 5000)):
        h.append((tcp4_frame(rng, 4, f"10.60.4.{n % 250}", n, flags=FLAGS[k % len(FLAGS)]),
                  meta(4, mss)))
        k += 1
    h.append((tcp6_frame(rng, 4, "fd00:60::4", 4000, flags=0x99), meta(4, 1448)))
    sc("tso_presets", config=cfg, h2e=h, options={"idle_pct": 0, "stall_pct": 5},
       about="VF super-packets encapsulated by gre16 (GRE checksum), vxlan (udp_csum=1, and\n"
             "=0 on VF 4) and native rules: MSS 1, 536, 1448, 8948 x payloads 0, 1, MSS-1,\n"
             "MSS, MSS+1 and 65535-headers (at MSS 1 only through VXLAN); FIN/PSH/CWR/ECE/URG\n"
             "combinations, TCP timestamps, inner IPv6; VF MTU 9000 (no clamp)")


def tso_plain(sc, rng):
    """plain super-packets: VF forward without encap (set_dmac), PF misses
    (wire unchanged, row 21); the second 64 kB frame at MSS 1"""
    cfg = vf_line(1, ip6=True) + "mtu 1 9000\n" + \
        rule_line(1, 1, action="forward", set_dmac=PEER_MAC, set_smac=ROUTER_MAC)
    h = []
    for k, (mss, n, f) in enumerate(((1, max_payload4(), 0), (1448, max_payload4(), 1),
                                     (8948, max_payload4(), 0), (536, 536 * 3, 1),
                                     (1448, 1, 0), (1448, 0, 1), (100, 1000, 0))):
        src = "10.0.0.1" if f == 0 else None
        dmac = PEER_MAC if f == 0 else ROUTER_MAC
        h.append((tcp4_frame(rng, f, "192.0.2.10", n, flags=FLAGS[(k * 5) % len(FLAGS)],
                             src=src, dmac=dmac, smac=PF_MAC if f == 0 else None),
                  meta(f, mss)))
    h.append((tcp6_frame(rng, 1, "2001:db8::10", 9000, flags=0xD9), meta(1, 1440)))
    h.append((tcp6_frame(rng, 0, "2001:db8::10", 9000, flags=0x19, src="fd00::1",
                         dmac=PEER_MAC, smac=PF_MAC, opts=TS_OPT), meta(0, 4000)))
    # tagged frames and IPv4 options (copied into every segment)
    h.append((tcp4_frame(rng, 1, "192.0.2.11", 5000, vlan=7, flags=0x98), meta(1, 1000)))
    h.append((tcp4_frame(rng, 0, "192.0.2.11", 5000, flags=0x19, src="10.0.0.1", dmac=PEER_MAC,
                         smac=PF_MAC, ip_opts=b"\x94\x04\x00\x00" * 3, opts=TS_OPT + b"\x01" * 12),
              meta(0, 1200)))
    sc("tso_plain", config=cfg, h2e=h, options={"idle_pct": 0, "stall_pct": 5},
       about="plain super-packets: VF 1 forwarded without encap (set_dmac, set_smac), PF\n"
             "misses to the wire (row 21): 64 kB at MSS 1 (PF), 1448, 8948; small MSS;\n"
             "IPv6; a VLAN tag; IPv4 and TCP options copied into every segment")


def tso_real(sc, rng, root, shared):
    """the real super-packets from the PF (tunnel, row 21)"""
    real = os.path.join(shared, "vectors-real")
    cfg = "profile 1 preset vxlan\n" \
          "profile 3 set proto=17 opaque=16 fmt_off=2 fmt_val=6081 fmt_mask=0xffff " \
          "flow_off=12 flow_len=3 inner_eth=1 enable=1\n"
    listing, metas = [], {}
    for cap, mss_list in (("gso-ipv4-vxlan-ipv4.pcap", (1448, 1000, 8948)),
                          ("gso-ipv4-geneve-ipv4.pcap", (1448, 1000)),
                          ("gso-ipv4-vxlan-ipv6.pcap", (1448, 1000, 1)),
                          ("ipv4_tcp_http_xml_tso.pcap", (1448,)),
                          ("gso-ipv6-vxlan-ipv4.pcap", (1448,)),
                          ("bigtcp-ipv4-vxlan-ipv4.pcap", (1448,))):
        for mss in mss_list:
            m = f"pf_mss{mss}.meta"
            metas[m] = mss
            listing.append(f"h2e @shared/vectors-real/{cap} {m}")
    # ipv4_tcp_http_xml_tso.pcap says total length 0 (refused TSO_BAD_LEN);
    # its copy with the true length (and the header checksum) is segmented
    h = []
    p = os.path.join(real, "ipv4_tcp_http_xml_tso.pcap")
    if os.path.exists(p):
        fr = bytearray(read_pcap(p)[0])
        fr[16:18] = struct.pack("!H", len(fr) - 14)
        fr[24:26] = b"\0\0"
        fr[24:26] = struct.pack("!H", csum(bytes(fr[14:34])))
        # once: the same data cut twice looks like an overlapping retransmission
        h.append((bytes(fr), meta(0, 536)))
    sc("tso_real", config=cfg, h2e=h, inputs=listing, options={"idle_pct": 5, "stall_pct": 10},
       about="the real super-packets from the PF (tunnels, row 21): gso-ipv4-vxlan-ipv4 (MSS\n"
             "1448, 1000, 8948 clamped), gso-ipv4-geneve-ipv4 (Geneve on profile 3),\n"
             "gso-ipv4-vxlan-ipv6 (inner IPv6, MSS 1 too); refused: ipv4_tcp_http_xml_tso\n"
             "(total length 0: TSO_BAD_LEN; its corrected copy in h2e.pcap is cut at 536),\n"
             "gso-ipv6-vxlan-ipv4 (outer IPv6: TSO_NOT_TCP), bigtcp (TOO_BIG)")
    d = os.path.join(root, "tso_real")
    for m, mss in metas.items():
        write_meta(os.path.join(d, m), [{"func": 0, "tso": 1, "mss": mss}])


def tso_refuse(sc, rng):
    """every refusal of docs/tso.md section 2, VF and PF"""
    cfg = PRESETS + "profile 3 set proto=17 opaque=64 fmt_off=2 fmt_val=6666 fmt_mask=0xffff " \
        "inner_eth=1 enable=1\n"
    for f in (1, 2, 3):
        cfg += vf_line(f, ip6=True)
    cfg += "mtu 2 68\n"
    cfg += rule_line(1, 1, action="forward") + enc_rule(2, 2, 1, None) + \
        rule_line(3, 3, action="forward")
    # row 20a: the PF's tunnel frame hit by a rule that adds 102 bytes more
    cfg += rule_line(4, 0, dmac=HDR_MAC, encap=3, outer_vlan=5,
                     opaque="c0001a0a" + "00" * 60)
    h = []
    s1, d1 = ip4b(vf_ip4(1)), ip4b("192.0.2.20")
    s6, d6 = ip6b(vf_ip6(1)), ip6b("2001:db8::20")
    pay = payload_bytes(rng, 3000)
    E = ether(ROUTER_MAC, vf_mac(1), 0x0800)
    E6 = ether(ROUTER_MAC, vf_mac(1), 0x86DD)
    good4 = tcp(s1, d1, False, pay)
    # TSO_MSS
    h.append((E + ip4h(s1, d1, 6, good4), meta(1, 0)))
    h.append((tcp6_frame(rng, 2, "2001:db8::20", 500, opts=TS_OPT), meta(2, 1448)))  # 68-72 < 1
    h.append((tcp4_frame(rng, 2, "192.0.2.20", 500, opts=bytes(28) + b"\x01" * 0),
              meta(2, 1448)))                                                 # 68-68 = 0
    h.append((tcp4_frame(rng, 2, "192.0.2.20", 40, opts=bytes(24)), meta(2, 1448)))  # m = 4
    h.append((tcp4_frame(rng, 0, "192.0.2.20", 1000, src="10.0.0.1", dmac=ROUTER_MAC,
                         smac=PF_MAC), meta(0, 0)))
    # TSO_NOT_TCP
    udp = struct.pack("!HHHH", 1, 9, 8 + len(pay), 0) + pay
    h.append((E + ip4h(s1, d1, 17, udp), meta(1, 1448)))
    h.append((E6 + ip6h(s6, d6, 17, udp), meta(1, 1448)))
    hbh = bytes([6, 0, 1, 4, 0, 0, 0, 0])                       # hop-by-hop, then TCP
    h.append((E6 + ip6h(s6, d6, 0, hbh + tcp(s6, d6, True, pay)), meta(1, 1448)))
    h.append((E + ip4h(s1, d1, 6, good4, frag=0x2000), meta(1, 1448)))   # MF
    h.append((E + ip4h(s1, d1, 6, good4, frag=0x0010), meta(1, 1448)))   # offset
    h.append((E + ip4h(s1, d1, 6, good4, ver_ihl=0x65), meta(1, 1448)))  # version 6 in 0x0800
    h.append((E6[:12] + b"\x86\xdd" + ip4h(s1, d1, 6, good4), meta(1, 1448)))  # v4 in 0x86DD
    h.append((ether(ROUTER_MAC, vf_mac(1), 0x0806) + bytes(28) + pay[:100], meta(1, 1448)))
    h.append((ether(ROUTER_MAC, vf_mac(1), 0x88B5) + pay[:200], meta(1, 1448)))
    inner_ok = inner_eth(PEER_MAC, vf_mac(9), 0x0800, ip4h(s1, d1, 6, good4))
    h.append((udp_tunnel(inner_eth(PEER_MAC, vf_mac(9), 0x0800, ip4h(s1, d1, 17, udp)),
                         vxlan_hdr(9), 4789), meta(0, 1448)))                 # inner UDP
    h.append((udp_tunnel(inner_eth(PEER_MAC, vf_mac(9), 0x0806, bytes(28)), vxlan_hdr(9), 4789),
              meta(0, 1448)))                                                  # inner ARP
    h.append((udp_tunnel(ip4h(s1, d1, 6, good4, ver_ihl=0x55), bytes(12), 0xCAFE),
              meta(0, 1448)))                                                  # native, version 5
    # TSO_HDR
    h.append((udp_tunnel(inner_eth(PEER_MAC, vf_mac(9), 0x0800, ip4h(s1, d1, 6, good4), vlan=3),
                         vxlan_hdr(9), 4789, vlan=4, ip_opts=b"\x01" * 40), meta(0, 1448)))  # l3i+20
    h.append((udp_tunnel(inner_eth(PEER_MAC, vf_mac(9), 0x0800,
                                   ip4h(s1, d1, 6, good4, opts=b"\x01" * 40)),
                         vxlan_hdr(9), 4789), meta(0, 1448)))                  # tcp+13 > 128
    h.append((udp_tunnel(inner_eth(PEER_MAC, vf_mac(9), 0x0800, ip4h(s1, d1, 6, good4)),
                         vxlan_hdr(9), 4789, vlan=4, ip_opts=b"\x01" * 36), meta(0, 1448)))  # tcp at 124
    big = ip4h(s1, d1, 6, tcp(s1, d1, False, pay, opts=bytes(40)), opts=b"\x01" * 40)
    h.append((udp_tunnel(big, bytes(12), 0xCAFE, dmac=HDR_MAC), meta(0, 1448)))  # row 20a
    # TSO_BAD_LEN
    for doff in (4, 0):
        t = bytearray(good4)
        t[12] = doff << 4
        h.append((E + ip4h(s1, d1, 6, bytes(t)), meta(1, 1448)))
    cut = tcp(s1, d1, False, b"", opts=bytes(40))[:40]
    h.append((E + ip4h(s1, d1, 6, cut), meta(1, 1448)))                       # Hin > len
    h.append((E + ip4h(s1, d1, 6, good4) + bytes(6), meta(1, 1448)))          # padded
    h.append((E + ip4h(s1, d1, 6, good4, tot=20 + len(good4) + 1), meta(1, 1448)))
    h.append((E + ip4h(s1, d1, 6, good4, tot=20 + len(good4) - 1), meta(1, 1448)))
    h.append((E + ip4h(s1, d1, 6, good4, tot=0), meta(1, 1448)))              # "BIG TCP"
    g6 = tcp(s6, d6, True, pay)
    h.append((E6 + ip6h(s6, d6, 6, g6, plen=len(g6) + 2), meta(1, 1448)))
    h.append((E6 + ip6h(s6, d6, 6, g6) + bytes(4), meta(1, 1448)))
    h.append((udp_tunnel(inner_ok, vxlan_hdr(9), 4789, tot=20 + 8 + 8 + len(inner_ok) + 2),
              meta(0, 1448)))                                                  # outer length
    h.append((udp_tunnel(inner_ok, vxlan_hdr(9), 4789, ulen=8 + 8 + len(inner_ok) - 2),
              meta(0, 1448)))                                                  # UDP length
    h.append((udp_tunnel(inner_eth(PEER_MAC, vf_mac(9), 0x0800,
                                   ip4h(s1, d1, 6, good4, tot=100)), vxlan_hdr(9), 4789),
              meta(0, 1448)))                                                  # inner length
    # TOO_BIG, before everything else
    h.append((tcp4_frame(rng, 3, "192.0.2.20", MAX_EG_FRAME + 1 - 54, src=None), meta(3, 1448)))
    # and accepted: the same shapes done right, between the refusals
    h.append((E + ip4h(s1, d1, 6, good4), meta(1, 1448)))
    h.append((udp_tunnel(inner_ok, vxlan_hdr(9), 4789), meta(0, 1448)))
    h.append((udp_tunnel(ip4h(s1, d1, 6, good4), bytes(12), 0xCAFE, csum_partial=False),
              meta(0, 1000)))                                                  # native tunnel
    sc("tso_refuse", config=cfg, h2e=h, options={"idle_pct": 10, "stall_pct": 10},
       about="every refusal of docs/tso.md section 2: TSO_MSS (MSS 0, MTU 68 leaving no room;\n"
             "room for 4 bytes is cut), TSO_NOT_TCP (UDP, IPv6 extension header, fragments,\n"
             "version mismatches, ARP, non-IP, PF tunnels carrying UDP/ARP), TSO_HDR (inner\n"
             "headers past 128 bytes; row 20a: 276 bytes once sent), TSO_BAD_LEN (data\n"
             "offset, truncated TCP header, padding, IPv4/IPv6/outer/UDP lengths), TOO_BIG;\n"
             "accepted frames between them")


def tso_clamp(sc, rng):
    """MSS clamped to the MTU (VF) or PF_MAX_MTU and TSO_MSS_MAX (PF)"""
    cfg = PRESETS + "mtu pf-max 65535\n"
    for f in (1, 2, 3):
        cfg += vf_line(f, ip6=True)
    cfg += "mtu 2 1280\nmtu 3 9000\n"
    cfg += rule_line(1, 1, action="forward") + enc_rule(2, 2, 1, None, udp_csum=1) + \
        enc_rule(3, 3, 0, None)
    h = []
    for f, mss, n, v6, opts in ((1, 1460, 4000, False, b""), (1, 1461, 4000, False, b""),
                                (1, 1448, 4000, False, TS_OPT), (1, 1449, 4000, False, TS_OPT),
                                (1, 1440, 4000, True, b""), (1, 1441, 4000, True, b""),
                                (1, 65535, 9000, False, b""),
                                (2, 1448, 5000, False, b""), (2, 1240, 5000, False, b""),
                                (2, 1448, 5000, True, b""), (2, 1220, 5000, True, b""),
                                (3, 8960, 20000, False, b""), (3, 8961, 20000, False, b""),
                                (3, 16000, 20000, False, b"")):
        fr = (tcp6_frame if v6 else tcp4_frame)(rng, f, "2001:db8::30" if v6 else "192.0.2.30",
                                                 n, flags=0x19, opts=opts)
        h.append((fr, meta(f, mss)))
    for mss, n in ((16000, 40000), (16001, 40000), (20000, 40000), (65535, max_payload4())):
        h.append((tcp4_frame(rng, 0, "192.0.2.31", n, flags=0x18, src="10.0.0.1", dmac=PEER_MAC,
                             smac=PF_MAC), meta(0, mss)))
    sc("tso_clamp", config=cfg, h2e=h, options={"idle_pct": 5, "stall_pct": 10},
       about="MSS clamp (MSS_CLAMP): VF 1 MTU 1500 (1460 / 1461, with timestamps 1448 /\n"
             "1449, IPv6 1440 / 1441, 65535), VF 2 MTU 1280 inside VXLAN (IPv4 and IPv6),\n"
             "VF 3 MTU 9000 inside GRE (8960 / 8961 / 16000); the PF with PF_MAX_MTU 65535:\n"
             "TSO_MSS_MAX 16000 / 16001 / 20000 / 65535 (64 kB)")


def tso_rules(sc, rng):
    """TSO frames decided by rules and the checks before them: trapped,
    dropped, TTL, no rule, source checks go whole; forwarded with edits"""
    cfg = PRESETS + vf_line(1, check="mac,ip") + vf_line(2) + vf_line(3) + \
        rule_line(1, 1, prefix="10.70.1.0/24", action="trap") + \
        rule_line(2, 1, prefix="10.70.2.0/24", action="drop") + \
        rule_line(3, 1, prefix="10.70.3.0/24", encap=1, vni=73, ttl_dec=1,
                  set_dmac=PEER_MAC, set_smac=ROUTER_MAC, udp_csum=1) + \
        rule_line(4, 1, prefix="10.70.4.0/24", action="forward", ttl_dec=1) + \
        rule_line(5, 2, action="forward") + \
        rule_line(6, 0, dmac=PEER_MAC, prefix="10.70.6.0/24", action="drop") + \
        rule_line(7, 0, dmac=PEER_MAC, prefix="10.70.7.0/24", action="trap")
    h = []
    for dst, ttl in (("10.70.1.1", 64), ("10.70.2.1", 64), ("10.70.3.1", 64), ("10.70.3.2", 1),
                     ("10.70.3.3", 2), ("10.70.4.1", 1), ("10.70.4.2", 0), ("10.70.4.3", 200),
                     ("10.70.9.9", 64)):
        h.append((tcp4_frame(rng, 1, dst, 6000, flags=0x99, ttl=ttl), meta(1, 1448)))
    h.append((tcp4_frame(rng, 1, "10.70.3.1", 3000, smac="02:00:00:00:00:77"), meta(1, 0)))
    h.append((tcp4_frame(rng, 1, "10.70.3.1", 3000, src="10.99.0.1"), meta(1, 1448)))
    h.append((tcp4_frame(rng, 1, "10.70.1.1", 3000), meta(1, 0)))          # refusal first
    h.append((tcp4_frame(rng, 3, "10.70.3.1", 3000), meta(3, 1000)))         # no rule
    h.append((tcp4_frame(rng, 2, "10.70.3.1", 12000), meta(2, 1000, tso=0)))  # MTU, no TSO
    h.append((tcp4_frame(rng, 2, "10.70.3.1", 12000), meta(2, 1000)))        # TSO: cut
    for dst in ("10.70.6.1", "10.70.7.1", "10.70.8.1"):
        h.append((tcp4_frame(rng, 0, dst, 5000, src="10.0.0.1", dmac=PEER_MAC, smac=PF_MAC),
                  meta(0, 1448)))
    sc("tso_rules", config=cfg + "", h2e=h, options={"idle_pct": 10, "stall_pct": 20},
       about="TSO frames go whole where they do not go to the wire: trap and drop rules\n"
             "(VF and PF), TTL 0/1 with ttl_dec, no rule, source MAC / IP checks (before\n"
             "the MSS check); forwarded with ttl_dec, set_dmac, set_smac inside VXLAN; a\n"
             "frame above the MTU: dropped without TSO, cut with it")


def tso_mix(sc, rng):
    """TSO and plain frames interleaved from VFs and the PF, back-pressure"""
    cfg = PRESETS
    for f in range(1, 7):
        cfg += vf_line(f, ip6=True)
    cfg += enc_rule(1, 1, 0, "10.80.0.0/16") + enc_rule(2, 2, 1, "10.80.0.0/16", udp_csum=1) + \
        enc_rule(3, 3, 2, "10.80.0.0/16", udp_csum=1) + enc_rule(4, 4, 1, "10.80.0.0/16") + \
        rule_line(5, 5, action="forward", set_dmac=PEER_MAC) + \
        enc_rule(6, 6, 1, "fd00:80::/32", udp_csum=1) + \
        rule_line(7, 1, prefix="10.81.0.0/16", action="trap")
    h = []
    s1, d1 = ip4b("10.0.0.1"), ip4b("192.0.2.80")
    for i in range(150):
        f = rng.choice([0, 1, 2, 3, 4, 5, 6])
        r = rng.random()
        if r < 0.45:
            mss = rng.choice([1, 64, 536, 1000, 1448, 1448, 1460, 9000])
            n = rng.choice([0, 1, rng.randint(1, 3 * max(mss, 100)), rng.randint(1, 20000)])
            if mss == 1:
                n = min(n, 40)
            m = meta(f, mss)
        else:
            n = rng.randint(0, 1400)
            m = meta(f, tso=0)  # not recomputed by the engine: a full TCP checksum
        flags = rng.choice(FLAGS)
        opts = rng.choice([b"", TS_OPT])
        if f == 0:
            if rng.random() < 0.5:
                inner = inner_eth(PEER_MAC, vf_mac(9), 0x0800,
                                  ip4h(s1, d1, 6, tcp(s1, d1, False, payload_bytes(rng, n),
                                                      flags, opts, full_csum=not m.get("tso"))))
                fr = udp_tunnel(inner, vxlan_hdr(rng.getrandbits(24)), 4789,
                                csum_partial=rng.random() < 0.5, ident=rng.getrandbits(16))
            else:
                fr = tcp4_frame(rng, 0, "192.0.2.81", n, flags=flags, opts=opts, src="10.0.0.1",
                                dmac=PEER_MAC, smac=PF_MAC, full_csum=not m.get("tso"))
        elif f == 6:
            fr = tcp6_frame(rng, f, f"fd00:80::{i:x}", n, flags=flags, opts=opts,
                            full_csum=not m.get("tso"))
        else:
            net = 81 if rng.random() < 0.1 else 80
            fr = tcp4_frame(rng, f, f"10.{net}.{f}.{i % 250 + 1}", n, flags=flags, opts=opts,
                            full_csum=not m.get("tso"))
        h.append((fr, m))
    sc("tso_mix", config=cfg, h2e=h, options={"idle_pct": 10, "stall_pct": 50},
       about="150 frames, TSO and plain interleaved, from 6 VFs (gre16, vxlan with and\n"
             "without UDP checksum, native, plain, IPv6) and the PF (VXLAN tunnels and plain\n"
             "frames); a trap rule; e2n back-pressure 50% (TSO_SLOTS, buffer release)")
