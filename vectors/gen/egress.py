"""Egress scenarios of issue 3 (docs/egress.md): actions, presets, longest
prefix, TTL, MTU, source checks, traps, phantom router MAC, UDP checksums, a
table rewrite under traffic, and seeded random rules. Inputs only: expect/
comes from the model (`make vectors`). Every frame here is well formed (valid
IPv4 header, TCP and UDP checksums) unless its name says otherwise, so that
sim/check/egress_check.py can ask tshark for a clean dissection of every
output frame."""
import ipaddress
import struct

# ---------------------------------------------------------------- addresses

ROUTER_MAC = "02:00:00:ff:ff:fe"   # phantom gateway the VMs send to
NEXTHOP_MAC = "0c:c4:7a:11:22:33"  # a real router behind the wire
UL_SMAC = "b8:ce:f6:00:00:01"      # underlay (outer) MACs
UL_DMAC = "b8:ce:f6:00:00:02"
UL_SRC = "198.51.100.1"            # underlay (outer) IPv4
UL_DST = "198.51.100.2"


def vf_mac(n):
    return f"02:00:00:00:00:{n:02x}"


def vf_ip4(n):
    return f"10.1.{n // 250}.{n % 250 + 1}"


def vf_ip6(n):
    return f"fd00:1::{n:x}"


def macb(s):
    return bytes(int(x, 16) for x in s.split(":"))


def ip4b(s):
    return ipaddress.IPv4Address(s).packed


def ip6b(s):
    return ipaddress.IPv6Address(s).packed

# ---------------------------------------------------------------- packets


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack(f"!{len(b) // 2}H", b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ether(dst, src, etype, vlan=None):
    h = macb(dst) + macb(src)
    if vlan is not None:
        h += struct.pack("!HH", 0x8100, vlan)
    return h + struct.pack("!H", etype)


def l4(proto, src, dst, sport, dport, payload, pseudo, zero_udp_csum=False):
    """TCP or UDP segment with a valid checksum over pseudo(len)"""
    if proto == 6:
        h = struct.pack("!HHIIBBHHH", sport, dport, 0x1000, 0x2000, 5 << 4, 0x18, 64240, 0, 0)
        seg = h + payload
        c = csum(pseudo(len(seg)) + seg)
        return seg[:16] + struct.pack("!H", c) + seg[18:]
    if dport == 9 and len(payload) >= 4:
        payload = b"\0vnr" + payload[4:]  # no heuristic dissector claims it
    seg = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    if zero_udp_csum:
        return seg
    c = csum(pseudo(len(seg)) + seg) or 0xFFFF
    return seg[:6] + struct.pack("!H", c) + seg[8:]


def ip4_packet(src, dst, proto, l4bytes, ttl=64, ident=0x1234, tos=0, df=True):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, tos, 20 + len(l4bytes), ident, 0x4000 if df else 0,
                    ttl, proto, 0, ip4b(src), ip4b(dst))
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + l4bytes


def ip4(src, dst, proto=17, sport=40000, dport=53, payload=b"", ttl=64, zero_udp_csum=False,
        ident=0x1234):
    s, d = ip4b(src), ip4b(dst)
    seg = l4(proto, s, d, sport, dport, payload,
             lambda n: s + d + struct.pack("!BBH", 0, proto, n), zero_udp_csum)
    return ip4_packet(src, dst, proto, seg, ttl=ttl, ident=ident)


def ip6(src, dst, proto=17, sport=40000, dport=53, payload=b"", hlim=64):
    s, d = ip6b(src), ip6b(dst)
    seg = l4(proto, s, d, sport, dport, payload,
             lambda n: s + d + struct.pack("!IxxxB", n, proto))
    return struct.pack("!IHBB", 0x60000000, len(seg), proto, hlim) + s + d + seg


def frame4(src_n, dst, proto=17, size=None, dmac=ROUTER_MAC, smac=None, vlan=None, ttl=64,
           payload=None, src=None, rng=None, zero_udp_csum=False, sport=40000, dport=None):
    """IPv4 frame from VF src_n; size = whole frame length when given"""
    l3 = 18 if vlan is not None else 14
    hdr = 20 + (20 if proto == 6 else 8)
    if payload is None:
        n = max(0, (size or 100) - l3 - hdr)
        payload = bytes(rng.getrandbits(8) for _ in range(n)) if rng else bytes(
            (i * 7 + src_n) & 0xFF for i in range(n))
    dport = dport or (443 if proto == 6 else 9)
    return ether(dmac, smac or vf_mac(src_n), 0x0800, vlan) + ip4(
        src or vf_ip4(src_n), dst, proto, sport, dport, payload, ttl=ttl,
        zero_udp_csum=zero_udp_csum)


def frame6(src_n, dst, proto=17, size=None, dmac=ROUTER_MAC, smac=None, vlan=None, hlim=64,
           src=None, rng=None, sport=40000, dport=None):
    l3 = 18 if vlan is not None else 14
    hdr = 40 + (20 if proto == 6 else 8)
    n = max(0, (size or 120) - l3 - hdr)
    payload = bytes(rng.getrandbits(8) for _ in range(n)) if rng else bytes(
        (i * 5 + src_n) & 0xFF for i in range(n))
    dport = dport or (443 if proto == 6 else 9)
    return ether(dmac, smac or vf_mac(src_n), 0x86DD, vlan) + ip6(
        src or vf_ip6(src_n), dst, proto, sport, dport, payload, hlim=hlim)


def arp_frame(n, target="10.1.0.254"):
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + macb(vf_mac(n)) + ip4b(vf_ip4(n)) + \
        bytes(6) + ip4b(target)
    return ether("ff:ff:ff:ff:ff:ff", vf_mac(n), 0x0806) + body + bytes(18)


def bootp(n):
    return struct.pack("!BBBBIHH", 1, 1, 6, 0, 0x3903F326, 0, 0x8000) + bytes(16) + \
        macb(vf_mac(n)) + bytes(10 + 192) + bytes([99, 130, 83, 99, 53, 1, 1, 255])


def dhcp_frame(n, dport=67, frag=False):
    bootp_ = bootp(n)
    seg = l4(17, ip4b("0.0.0.0"), ip4b("255.255.255.255"), 68 if dport == 67 else 67, dport,
             bootp_, lambda k: ip4b("0.0.0.0") + ip4b("255.255.255.255") + struct.pack("!BBH", 0, 17, k))
    pkt = ip4_packet("0.0.0.0", "255.255.255.255", 17, seg)
    if frag:  # MF set: not a DHCP frame for the trap (a fragment)
        h = bytearray(pkt[:20])
        h[6:8] = struct.pack("!H", 0x2000)
        h[10:12] = b"\0\0"
        h[10:12] = struct.pack("!H", csum(bytes(h)))
        pkt = bytes(h) + pkt[20:]
    return ether("ff:ff:ff:ff:ff:ff", vf_mac(n), 0x0800) + pkt

# ---------------------------------------------------------------- config


PRESETS = "profile 0 preset gre16\nprofile 1 preset vxlan\nprofile 2 preset native\n"


def vf_line(n, check="none", ip4=True, ip6=False, vlan=None, extra_ip4=()):
    s = f"vf {n} mac={vf_mac(n)}"
    if ip4:
        s += " ip4=" + ",".join([vf_ip4(n)] + list(extra_ip4))
    if ip6:
        s += f" ip6={vf_ip6(n)}"
    if vlan:
        s += " vlan=" + ",".join(str(v) for v in vlan)
    return s + f" check={check}\n"


def rule_line(rid, func, dmac=ROUTER_MAC, prefix=None, action="forward", encap=None,
              **kw):
    s = f"rule add {rid} func={func} dmac={dmac}"
    if prefix:
        s += f" prefix={prefix}"
    s += f" action={action}"
    if encap is not None:
        s += f" encap={encap} outer_dmac={UL_DMAC} outer_smac={UL_SMAC} outer_src={UL_SRC}" \
             f" outer_dst={kw.pop('outer_dst', UL_DST)}"
    for k, v in kw.items():
        s += f" {k}={v}"
    return s + "\n"


def vf_meta(n, **kw):
    m = {"func": n}
    m.update(kw)
    return m

# ---------------------------------------------------------------- scenarios


def gen_egress(sc, rng, num_vf):
    """sc(name, **kw) writes one scenario (gen_scenarios.scenario)"""
    eg_actions(sc, rng)
    eg_presets(sc, rng)
    eg_lpm(sc, rng)
    eg_ttl(sc, rng)
    eg_mtu(sc, rng)
    eg_source_checks(sc, rng)
    eg_traps(sc, rng)
    eg_phantom_mac(sc, rng)
    eg_udp_csum(sc, rng)
    eg_rewrite(sc, rng)
    eg_random(sc, rng, num_vf)


def eg_actions(sc, rng):
    cfg = vf_line(1) + vf_line(2) + \
        rule_line(10, 1, prefix="10.2.0.0/16", action="forward") + \
        rule_line(11, 1, prefix="10.3.0.0/16", action="trap") + \
        rule_line(12, 1, prefix="10.4.0.0/16", action="drop") + \
        rule_line(13, 2, action="forward", set_dmac=NEXTHOP_MAC, set_smac=ROUTER_MAC) + \
        rule_line(14, 0, dmac=NEXTHOP_MAC, action="drop")
    h = []
    for proto in (6, 17):
        for dst, n in (("10.2.0.9", 3), ("10.3.1.1", 2), ("10.4.7.7", 2), ("10.5.0.1", 1)):
            for _ in range(n):
                h.append((frame4(1, dst, proto, size=rng.choice([64, 200, 1514]), rng=rng),
                          vf_meta(1)))
    h.append((frame6(1, "fd00:2::1", 6, size=150, rng=rng), vf_meta(1)))      # MAC has rules, no v6: miss
    h.append((frame4(2, "192.0.2.7", 6, size=300, rng=rng), vf_meta(2)))      # MAC-only rule: forward, edited
    h.append((frame6(2, "2001:db8::7", 17, size=90, rng=rng), vf_meta(2)))
    h.append((frame4(2, "192.0.2.7", 17, dmac=vf_mac(9), size=80, rng=rng), vf_meta(2)))  # other MAC: no rule
    h.append((frame4(0, "192.0.2.1", 6, smac="02:00:00:00:00:00", dmac=NEXTHOP_MAC, size=100,
                     src="10.0.0.1", rng=rng), vf_meta(0)))                    # PF hits a drop rule
    h.append((frame4(0, "192.0.2.1", 6, smac="02:00:00:00:00:00", dmac=vf_mac(7), size=100,
                     src="10.0.0.1", rng=rng), vf_meta(0)))                    # PF miss: wire unchanged
    sc("eg_actions", config=cfg, h2e=h,
       about="every action: forward (plain, set_dmac/set_smac), trap, drop, for VF 1 by\n"
             "IPv4 prefix and VF 2 by MAC only; misses (IPv6 without a v6 rule, other MAC);\n"
             "the PF hitting a drop rule and missing (wire unchanged)")


def eg_presets(sc, rng):
    cfg = PRESETS
    rid = 20
    h = []
    for prof, extra in ((0, {"key": 0x1001}), (1, {"vni": 5001, "sport": 51000}),
                        (2, {"src_slot": 3, "tgt_slot": 7})):
        for n, (vlan, ttl, tos, df) in enumerate(((None, 64, 0, 1), (100, 32, 0xB8, 0))):
            f = 1 + 3 * prof + n
            kw = dict(extra)
            kw.update(ttl=ttl, tos=tos, df=df)
            if vlan is not None:
                kw["outer_vlan"] = vlan
            cfg += vf_line(f, ip6=True)
            cfg += rule_line(rid, f, prefix="10.20.0.0/16", encap=prof, **kw)
            cfg += rule_line(rid + 1, f, prefix="fd00:20::/32", encap=prof,
                             outer_dst="198.51.100.3", **kw)
            rid += 2
            for proto in (6, 17):
                for size in (60, 61, 128, 1000, 1514):
                    h.append((frame4(f, f"10.20.{f}.{size % 250}", proto, size=size, rng=rng),
                              vf_meta(f)))
                h.append((frame6(f, f"fd00:20::{f:x}", proto, size=rng.randint(80, 1514), rng=rng),
                          vf_meta(f)))
    sc("eg_presets", config=cfg, h2e=h, options={"idle_pct": 10, "stall_pct": 20},
       about="gre16 / vxlan / native presets (profiles 0-2) encapsulating IPv4 TCP and UDP\n"
             "and IPv6 inner frames of 60..1514 bytes; outer VLAN, TTL, TOS, DF variants;\n"
             "the outer IPv4 ID counts encapsulated frames")


def eg_lpm(sc, rng):
    f = 1
    cfg = PRESETS + vf_line(f, ip6=True) + \
        rule_line(100, f, prefix="10.8.1.7/32", action="forward", set_dmac=NEXTHOP_MAC) + \
        rule_line(101, f, prefix="10.8.1.0/24", encap=1, vni=24) + \
        rule_line(102, f, prefix="0.0.0.0/0", encap=0, key=0) + \
        rule_line(103, f, action="trap") + \
        rule_line(104, f, prefix="fd00:8::7/128", action="drop") + \
        rule_line(105, f, prefix="fd00:8::/64", encap=2, src_slot=1, tgt_slot=2) + \
        rule_line(106, f, prefix="10.8.0.0/16", action="drop") + \
        rule_line(107, 2, prefix="10.8.1.7/32", action="trap") + \
        vf_line(2)
    h = []
    for dst in ("10.8.1.7", "10.8.1.6", "10.8.1.8", "10.8.1.0", "10.8.1.255", "10.8.0.1",
                "10.8.255.255", "10.9.0.1", "0.0.0.0", "255.255.255.254", "10.8.2.7"):
        for proto in (6, 17):
            h.append((frame4(f, dst, proto, size=rng.choice([64, 300]), rng=rng), vf_meta(f)))
    for dst in ("fd00:8::7", "fd00:8::8", "fd00:8::ffff:1", "fd00:9::7", "::1"):
        h.append((frame6(f, dst, 17, size=120, rng=rng), vf_meta(f)))
    h.append((ether(ROUTER_MAC, vf_mac(f), 0x88B5) + bytes(range(50)), vf_meta(f)))  # non-IP: MAC-only
    h.append((frame4(2, "10.8.1.7", 17, size=64, rng=rng), vf_meta(2)))               # other VF, same prefix
    h.append((frame4(2, "10.8.1.8", 17, size=64, rng=rng), vf_meta(2)))               # other VF: miss
    h.append((frame4(f, "10.8.1.7", 17, dmac=NEXTHOP_MAC, size=64, rng=rng), vf_meta(f)))  # other MAC
    sc("eg_lpm", config=cfg, h2e=h,
       about="overlapping rules for one VF and MAC: IPv4 /32, /24, /16, /0, IPv6 /128,\n"
             "/64 and MAC only; frames at each range's edges; the same prefix for another VF")


def eg_ttl(sc, rng):
    cfg = PRESETS + vf_line(1, ip6=True) + vf_line(2, ip6=True) + \
        rule_line(1, 1, action="forward", ttl_dec=1, set_dmac=NEXTHOP_MAC) + \
        rule_line(2, 2, encap=1, vni=77, ttl_dec=1) + \
        rule_line(3, 2, prefix="10.7.0.0/16", action="forward")   # no ttl_dec: TTL 1 passes
    h = []
    for f in (1, 2):
        for ttl in (0, 1, 2, 3, 64, 128, 255):
            h.append((frame4(f, "192.0.2.50", rng.choice((6, 17)), size=100, ttl=ttl, rng=rng),
                      vf_meta(f)))
            h.append((frame6(f, "2001:db8::50", rng.choice((6, 17)), size=120, hlim=ttl, rng=rng),
                      vf_meta(f)))
        h.append((frame4(f, "10.7.0.1", 17, size=100, ttl=1, rng=rng), vf_meta(f)))
    sc("eg_ttl", config=cfg, h2e=h,
       about="ttl_dec on IPv4 and IPv6 with TTL / hop limit 0, 1 (to the PF: ttl), 2, 3,\n"
             "64, 128, 255, plain and VXLAN; a rule without ttl_dec passes TTL 1")


def eg_mtu(sc, rng):
    cfg = PRESETS + vf_line(1) + vf_line(2) + vf_line(3) + "mtu 2 9000\nmtu 3 1280\n" + \
        rule_line(1, 1, action="forward") + rule_line(2, 2, action="forward") + \
        rule_line(3, 3, encap=1, vni=3) + \
        rule_line(4, 1, prefix="10.9.0.0/16", encap=0, key=9)
    h = []

    def at(f, ipbytes, vlan=None, **kw):
        l3 = 18 if vlan is not None else 14
        return frame4(f, kw.pop("dst", "192.0.2.9"), kw.pop("proto", 17), size=l3 + ipbytes,
                      vlan=vlan, rng=rng, **kw)
    for f, mtu in ((1, 1500), (2, 9000), (3, 1280)):
        for ip_len in (mtu - 1, mtu, mtu + 1):
            h.append((at(f, ip_len, proto=6), vf_meta(f)))
            h.append((at(f, ip_len, proto=17), vf_meta(f)))
        h.append((at(f, mtu + 1, vlan=None, proto=6), vf_meta(f, tso=1, mss=1448)))
        h.append((at(f, mtu + 3000, proto=6), vf_meta(f, tso=1, mss=1448)))
    h.append((at(1, 1500, dst="10.9.0.1"), vf_meta(1)))                  # encapsulated: grows past
    h.append((at(1, 1501, dst="10.9.0.1"), vf_meta(1)))
    h.append((frame6(1, "2001:db8::9", 17, size=14 + 1500, rng=rng), vf_meta(1)))
    h.append((frame6(1, "2001:db8::9", 17, size=14 + 1501, rng=rng), vf_meta(1)))
    h.append((at(0, 9000, smac="02:00:00:00:00:00", src="10.0.0.1"), vf_meta(0)))  # PF: no MTU
    sc("eg_mtu", config=cfg, h2e=h, options={"idle_pct": 5, "stall_pct": 10},
       about="MTU edges: IP packets of MTU-1, MTU, MTU+1 bytes from VFs with MTU 1500\n"
             "(default), 9000 and 1280; TSO frames above the MTU pass; IPv6; the PF is not\n"
             "checked")


def eg_source_checks(sc, rng):
    cfg = vf_line(1, check="mac,ip,vlan", ip6=True, vlan=[100, 200], extra_ip4=["10.1.9.9"]) + \
        vf_line(2, check="none", ip6=True) + vf_line(3, check="mac") + \
        rule_line(1, 1, action="forward") + rule_line(2, 2, action="forward") + \
        rule_line(3, 3, action="forward")
    h = []
    ok = dict(dst="192.0.2.1")
    for f in (1, 2, 3):
        h.append((frame4(f, ok["dst"], 17, size=80, vlan=100 if f == 1 else None, rng=rng), vf_meta(f)))
        h.append((frame4(f, ok["dst"], 17, size=80, vlan=200 if f == 1 else None, src="10.1.9.9",
                         rng=rng), vf_meta(f)))
        h.append((frame4(f, ok["dst"], 6, size=80, smac="02:00:00:00:00:99", rng=rng), vf_meta(f)))
        h.append((frame4(f, ok["dst"], 6, size=80, src="10.66.0.1", vlan=100 if f == 1 else None,
                         rng=rng), vf_meta(f)))
        h.append((frame6(f, "2001:db8::1", 17, size=120, vlan=100 if f == 1 else None, rng=rng),
                  vf_meta(f)))
        h.append((frame6(f, "2001:db8::1", 17, size=120, src="fd00:66::1",
                         vlan=100 if f == 1 else None, rng=rng), vf_meta(f)))
        h.append((frame4(f, ok["dst"], 17, size=80, vlan=300, rng=rng), vf_meta(f)))
        h.append((frame4(f, ok["dst"], 17, size=80, rng=rng), vf_meta(f)))     # untagged
        h.append((arp_frame(f), vf_meta(f)))                                     # ARP: no IP check
    # spoofed MAC and IP at once: the MAC check comes first
    h.append((frame4(1, "192.0.2.1", 17, size=80, smac="02:00:00:00:00:98", src="10.66.0.2",
                     vlan=300, rng=rng), vf_meta(1)))
    sc("eg_source_checks", config=cfg, h2e=h,
       about="check=mac,ip,vlan (VF 1: VLANs 100, 200, two IPv4, one IPv6), check=none\n"
             "(VF 2), check=mac (VF 3): spoofed source MAC, IPv4 and IPv6 source, foreign\n"
             "VLAN, untagged, ARP; the order of the checks")


def eg_traps(sc, rng):
    cfg = vf_line(1, ip6=True) + vf_line(2, ip6=True) + \
        "trap arp on\ntrap dhcp on\ntrap bcast on\ntrap mcast on\ntrap non_ip on\n" + \
        rule_line(1, 1, dmac="ff:ff:ff:ff:ff:ff", action="forward") + \
        rule_line(2, 1, dmac="01:00:5e:00:00:fb", action="forward") + \
        rule_line(3, 1, action="forward") + rule_line(4, 2, action="forward") + \
        rule_line(5, 2, dmac="ff:ff:ff:ff:ff:ff", action="forward")
    h = []
    for f in (1, 2):
        h.append((arp_frame(f), vf_meta(f)))
        h.append((dhcp_frame(f, 67), vf_meta(f)))
        h.append((dhcp_frame(f, 68), vf_meta(f)))
        h.append((dhcp_frame(f, 67, frag=True), vf_meta(f)))          # a fragment: bcast trap
        h.append((frame4(f, "10.1.0.255", 17, dmac="ff:ff:ff:ff:ff:ff", size=80, rng=rng), vf_meta(f)))
        h.append((frame4(f, "224.0.0.251", 17, dmac="01:00:5e:00:00:fb", size=90, dport=47001,
                         rng=rng), vf_meta(f)))
        h.append((frame6(f, "ff02::1:3", 17, dmac="33:33:00:01:00:03", size=100, dport=47002,
                         rng=rng), vf_meta(f)))
        h.append((ether(ROUTER_MAC, vf_mac(f), 0x88B5) + bytes(46), vf_meta(f)))   # LLDP: non_ip
        h.append((ether(ROUTER_MAC, vf_mac(f), 0x8100) + struct.pack("!HH", 5, 0x0800) +
                  ip4(vf_ip4(f), "192.0.2.1"), vf_meta(f)))                        # tagged IPv4
        h.append((frame4(f, "192.0.2.1", 17, dport=67, payload=bootp(f)), vf_meta(f)))  # unicast to 67
        h.append((frame4(f, "192.0.2.1", 6, size=80, rng=rng), vf_meta(f)))            # plain
    h.append((arp_frame(0), vf_meta(0)))                                           # PF: no trap
    h.append((dhcp_frame(0), vf_meta(0)))
    sc("eg_traps", config=cfg, h2e=h,
       about="trap arp, dhcp, bcast, mcast, non_ip on: ARP, DHCP to 67 and 68 (a fragment\n"
             "is not DHCP), broadcast, IPv4 and IPv6 multicast, LLDP; traps win over rules;\n"
             "the PF is never trapped")


def eg_phantom_mac(sc, rng):
    cfg = PRESETS
    h = []
    for f in (1, 2, 3):
        cfg += vf_line(f, ip6=True)
        # the VM's default gateway is a MAC nobody owns: the rule replaces it
        cfg += rule_line(f, f, action="forward", set_dmac=NEXTHOP_MAC, set_smac="0c:c4:7a:00:00:01",
                         ttl_dec=1)
        cfg += rule_line(10 + f, f, prefix="10.30.0.0/16", encap=1, vni=300 + f, ttl_dec=1,
                         set_dmac=f"02:00:00:aa:00:{f:02x}", set_smac=ROUTER_MAC)
        for _ in range(3):
            h.append((frame4(f, f"192.0.2.{rng.randint(1, 254)}", rng.choice((6, 17)),
                             size=rng.randint(60, 1514), rng=rng), vf_meta(f)))
            h.append((frame4(f, f"10.30.{f}.{rng.randint(1, 254)}", rng.choice((6, 17)),
                             size=rng.randint(60, 1400), rng=rng), vf_meta(f)))
            h.append((frame6(f, "2001:db8::77", rng.choice((6, 17)), size=rng.randint(80, 1514),
                             rng=rng), vf_meta(f)))
    sc("eg_phantom_mac", config=cfg, h2e=h,
       about="phantom router MAC: VMs send to 02:00:00:ff:ff:fe; rules replace the\n"
             "destination with the next hop and the source with the router's MAC, with\n"
             "TTL decrement, plain and inside VXLAN")


def eg_udp_csum(sc, rng):
    cfg = PRESETS + vf_line(1) + vf_line(2) + \
        rule_line(1, 1, prefix="10.40.0.0/16", encap=1, vni=40, udp_csum=0) + \
        rule_line(2, 1, prefix="10.41.0.0/16", encap=1, vni=41, udp_csum=1) + \
        rule_line(3, 1, prefix="10.42.0.0/16", encap=2, src_slot=4, tgt_slot=2, udp_csum=0) + \
        rule_line(4, 1, prefix="10.43.0.0/16", encap=2, src_slot=4, tgt_slot=3, udp_csum=1) + \
        rule_line(5, 2, encap=0, key=0xDEADBEEF)
    h = []
    for net in (40, 41, 42, 43):
        for size in (60, 61, 62, 63, 100, 333, 1025, 1514):
            h.append((frame4(1, f"10.{net}.0.{size % 250}", rng.choice((6, 17)), size=size,
                             rng=rng, zero_udp_csum=(size % 3 == 0)), vf_meta(1)))
    for size in (60, 61, 999, 1514):
        h.append((frame4(2, "192.0.2.2", 17, size=size, rng=rng), vf_meta(2)))
    sc("eg_udp_csum", config=cfg, h2e=h,
       about="outer UDP checksum: udp_csum=0 stays 0, udp_csum=1 is computed (VXLAN and\n"
             "native, odd and even lengths, inner UDP with checksum 0); GRE checksum")


def eg_rewrite(sc, rng):
    """table A in config.vnr; table B replaces it in one commit (during.vnr)
    while frames flow. Rule ids of A and B differ, so a frame's rule names
    which table decided it."""
    nvf = 8
    cfg = PRESETS + "".join(vf_line(f, ip6=True) for f in range(1, nvf + 1))
    during = "rules begin\n"
    for f in range(1, nvf + 1):
        cfg += rule_line(f, f, prefix="10.50.0.0/16", encap=1, vni=1000 + f)
        cfg += rule_line(100 + f, f, action="forward", set_dmac=NEXTHOP_MAC)
        during += f"rule del {f}\nrule del {100 + f}\n"
        during += rule_line(200 + f, f, prefix="10.50.0.0/16", encap=0, key=2000 + f)
        during += rule_line(300 + f, f, prefix="10.50.1.0/24", action="trap")
        during += rule_line(400 + f, f, action="drop")
    during += "rules commit\n"
    h = []
    for _ in range(600):
        f = rng.randint(1, nvf)
        r = rng.random()
        if r < 0.5:
            fr = frame4(f, f"10.50.{rng.randint(0, 2)}.{rng.randint(1, 254)}", rng.choice((6, 17)),
                        size=rng.randint(60, 400), rng=rng)
        elif r < 0.8:
            fr = frame4(f, f"192.0.2.{rng.randint(1, 254)}", rng.choice((6, 17)),
                        size=rng.randint(60, 400), rng=rng)
        else:
            fr = frame6(f, "2001:db8::5", 17, size=rng.randint(80, 400), rng=rng)
        h.append((fr, vf_meta(f)))
    sc("eg_rewrite", config=cfg, h2e=h, during=during,
       options={"idle_pct": 10, "stall_pct": 10, "during_cycles": 1000, "expect_per_width": 1},
       about="a full-table rewrite under traffic: during.vnr (issued after 1000 cycles of\n"
             "traffic) replaces table A (VXLAN / forward) with table B (GRE / trap / drop)\n"
             "in one rules begin .. rules commit; every frame sees one whole table")


def eg_random(sc, rng, num_vf):
    """seeded random rules for many VFs and random traffic that mostly hits them"""
    vfs = sorted(rng.sample(range(1, num_vf + 1), min(24, num_vf)))
    cfg = PRESETS + "trap arp on\n"
    rules = []  # (func, kind, prefix-ish)
    rid = 0
    for f in vfs:
        check = rng.choice(["none", "none", "mac", "mac,ip"])
        cfg += vf_line(f, check=check, ip6=True)
        if rng.random() < 0.3:
            cfg += f"mtu {f} {rng.choice([1280, 4000, 9000])}\n"
        for _ in range(rng.randint(1, 8)):
            rid += rng.randint(1, 20)  # ids stay below 4096
            kind = rng.choice(["mac", "v4", "v4", "v4", "v6"])
            act = rng.choice(["forward"] * 6 + ["trap", "drop"])
            kw = {}
            if act == "forward":
                e = rng.choice([None, None, 0, 1, 2])
                if e is not None:
                    kw["encap"] = e
                    kw.update({0: {"key": rng.getrandbits(32)}, 1: {"vni": rng.getrandbits(24)},
                               2: {"src_slot": rng.getrandbits(16), "tgt_slot": rng.getrandbits(16)}}[e])
                    if e != 0 and rng.random() < 0.5:
                        kw["udp_csum"] = 1
                    if rng.random() < 0.2:
                        kw["outer_vlan"] = rng.randint(1, 4094)
                if rng.random() < 0.4:
                    kw["ttl_dec"] = 1
                if rng.random() < 0.3:
                    kw["set_dmac"] = NEXTHOP_MAC
            # the driver refuses two rules with the same match: skip repeats
            if kind == "v4":
                ln = rng.choice([0, 8, 16, 24, 28, 32])
                a = ipaddress.IPv4Network((f"10.{rng.randint(60, 63)}.{rng.randint(0, 3)}.{rng.randint(0, 255)}", ln), strict=False)
                if (f, "v4", a) not in rules:
                    rules.append((f, "v4", a))
                    cfg += rule_line(rid, f, prefix=str(a), action=act, **kw)
            elif kind == "v6":
                ln = rng.choice([0, 48, 64, 128])
                a = ipaddress.IPv6Network((f"fd00:{rng.randint(60, 61):x}::{rng.randint(0, 3):x}:0:0:{rng.randint(1, 9):x}", ln), strict=False)
                if (f, "v6", a) not in rules:
                    rules.append((f, "v6", a))
                    cfg += rule_line(rid, f, prefix=str(a), action=act, **kw)
            elif not any(r[0] == f and r[1] == "mac" for r in rules):
                rules.append((f, "mac", None))
                cfg += rule_line(rid, f, action=act, **kw)
    h = []
    for _ in range(800):
        f = rng.choice(vfs + [0])
        r = rng.random()
        size = rng.choice([rng.randint(60, 200)] * 4 + [rng.randint(200, 1514)] * 2 + [rng.randint(1514, 9014)])
        ttl = rng.choice([1, 2, 64, 64, 64])
        proto = rng.choice((6, 17))
        meta = vf_meta(f)
        if size > 1514 and rng.random() < 0.3 and proto == 6:
            meta["tso"] = 1
            meta["mss"] = 1448
        smac = "02:00:00:00:00:00" if f == 0 else (vf_mac(f) if rng.random() < 0.97 else "02:00:00:00:00:aa")
        if r < 0.55:
            dst = f"10.{rng.randint(60, 63)}.{rng.randint(0, 3)}.{rng.randint(0, 255)}"
            fr = frame4(f, dst, proto, size=size, ttl=ttl, smac=smac, rng=rng,
                        src="10.0.0.1" if f == 0 else None)
        elif r < 0.8:
            dst = f"fd00:{rng.randint(60, 61):x}::{rng.randint(0, 3):x}:0:0:{rng.randint(1, 9):x}"
            fr = frame6(f, dst, proto, size=size, hlim=ttl, smac=smac, rng=rng,
                        src="fd00::1" if f == 0 else None)
        elif r < 0.9:
            fr = frame4(f, f"192.0.2.{rng.randint(1, 254)}", proto, size=size, ttl=ttl, smac=smac,
                        rng=rng, dmac=rng.choice([ROUTER_MAC, NEXTHOP_MAC]),
                        src="10.0.0.1" if f == 0 else None)
        elif r < 0.95:
            fr = arp_frame(f)
        else:
            fr = ether(ROUTER_MAC, smac, 0x88B5) + bytes(rng.getrandbits(8) for _ in range(rng.randint(46, 200)))
        h.append((fr, meta))
    sc("eg_random", config=cfg, h2e=h, options={"idle_pct": 15, "stall_pct": 15},
       about="random rules (MAC only, IPv4 and IPv6\n"
             "prefixes of random lengths, every action, every preset, ttl_dec, outer VLAN,\n"
             "udp_csum) for 24 VFs, and 800 random frames that mostly hit them")
