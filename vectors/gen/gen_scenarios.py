#!/usr/bin/env python3
"""Generate the veneer cosimulation scenarios (inputs only; expect/ comes from
the model: `build/sim/vnrsim-model --update vectors/scenarios`, or `make vectors`).

usage: gen_scenarios.py [--seed N] [--out DIR] [--num-vf N] [--shared DIR]

Each scenario is a directory: config.vnr (vnrctl batch file), h2e.pcap/.meta
and n2e.pcap/.meta or inputs.txt, options.txt. Python 3 standard library only;
same seed, same bytes. Existing expect/ directories are left alone.
"""
import argparse
import os
import random
import struct
import sys

from egress import csum as csum16, gen_egress
from ingress import gen_ingress
from pcapio import write_pcap
from tso import gen_tso

NUM_VF = 64

# ---------------------------------------------------------------- file output


def meta_line(m):
    if not m:
        return "-"
    return " ".join(f"{k}={v}" for k, v in m.items())


def write_port(d, port, items):
    """items: list of (frame bytes, meta dict)"""
    write_pcap(os.path.join(d, f"{port}.pcap"), [fr for fr, _ in items])
    with open(os.path.join(d, f"{port}.meta"), "w") as f:
        for _, m in items:
            f.write(meta_line(m) + "\n")


def scenario(root, name, config="", h2e=None, n2e=None, inputs=None, options=None, about="",
             during=None):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    for stale in ("h2e.pcap", "h2e.meta", "n2e.pcap", "n2e.meta", "inputs.txt", "options.txt",
                  "during.vnr"):
        p = os.path.join(d, stale)
        if os.path.exists(p):
            os.remove(p)
    with open(os.path.join(d, "config.vnr"), "w") as f:
        if about:
            f.write("".join(f"# {line}\n" for line in about.strip().splitlines()))
        f.write(config)
    if during:
        # issued by vnrsim while the frames flow (options.txt during_cycles)
        with open(os.path.join(d, "during.vnr"), "w") as f:
            f.write(during)
    if h2e is not None:
        write_port(d, "h2e", h2e)
    if n2e is not None:
        write_port(d, "n2e", n2e)
    if inputs:
        with open(os.path.join(d, "inputs.txt"), "w") as f:
            f.write("".join(line + "\n" for line in inputs))
    if options:
        with open(os.path.join(d, "options.txt"), "w") as f:
            f.write("".join(f"{k}={v}\n" for k, v in options.items()))


# ---------------------------------------------------------------- packets


def mac(n):
    return bytes([0x02, 0x00, 0x00, (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF])


def eth(dst, src, etype, vlan=None):
    h = dst + src
    if vlan is not None:
        h += struct.pack("!HH", 0x8100, vlan)
    return h + struct.pack("!H", etype)


def ipv4(src, dst, proto, payload, ihl=5, frag=0, ident=1, ttl=64, tot_len=None, options=b""):
    if ihl > 5 and not options:
        options = b"\x01" * (4 * (ihl - 5))  # NOPs
    tl = tot_len if tot_len is not None else 4 * ihl + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, tl & 0xFFFF, ident, frag, ttl, proto, 0,
                    bytes(src), bytes(dst)) + options
    c = csum16(h)
    h = h[:10] + struct.pack("!H", c) + h[12:]
    return h + payload


def udp(sport, dport, payload, length=None):
    ln = length if length is not None else 8 + len(payload)
    return struct.pack("!HHHH", sport, dport, ln & 0xFFFF, 0) + payload


def rnd_bytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def plain_frame(rng, size, src_n=1, dst_n=2, kind=None):
    """an Ethernet frame of exactly size bytes (>= 14), mostly IPv4/UDP"""
    if size < 14:
        return rnd_bytes(rng, size)
    kind = kind or rng.choice(["ipv4", "ipv4", "ipv4", "arp", "ipv6", "raw"])
    if kind == "ipv4" and size >= 14 + 28:
        pay = rnd_bytes(rng, size - 14 - 28)
        return eth(mac(dst_n), mac(src_n), 0x0800) + ipv4(
            [10, 0, src_n & 0xFF, 1], [10, 0, dst_n & 0xFF, 2], 17, udp(1000 + src_n, 2000, pay))
    if kind == "ipv6" and size >= 14 + 40:
        pl = size - 14 - 40
        h = struct.pack("!IHBB", 0x60000000, pl, 59, 64) + bytes(16) + bytes(16)
        return eth(mac(dst_n), mac(src_n), 0x86DD) + h + rnd_bytes(rng, pl)
    if kind == "arp" and size >= 14 + 28:
        body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac(src_n) + bytes([10, 0, 0, 1]) + \
            bytes(6) + bytes([10, 0, 0, 2])
        return eth(b"\xff" * 6, mac(src_n), 0x0806) + body + bytes(size - 14 - 28)
    return eth(mac(dst_n), mac(src_n), rng.choice([0x88B5, 0x1234, 0x0800, 0x9000])) + \
        rnd_bytes(rng, size - 14)


def pad_to(b, size):
    return b + bytes(max(0, size - len(b)))


# encapsulated frames (outer Ethernet + outer IPv4 + opaque + inner)

def inner_eth_frame(rng, n, size=80):
    return plain_frame(rng, size, src_n=n, dst_n=n + 1, kind="ipv4")


def gre16(rng, inner, key=0x12345678, seq=1, proto_type=0x6558, **ipkw):
    opaque = struct.pack("!HHHHII", 0xB000, proto_type, 0, 0, key, seq)  # C K S, csum, key, seq
    return eth(mac(100), mac(200), 0x0800, ipkw.pop("vlan", None)) + \
        ipv4([192, 168, 0, 1], [192, 168, 0, 2], 47, opaque + inner, **ipkw)


def vxlan(rng, inner, vni=0x123456, dport=4789, **ipkw):
    vx = struct.pack("!II", 0x08000000, vni << 8)
    return eth(mac(100), mac(200), 0x0800, ipkw.pop("vlan", None)) + \
        ipv4([192, 168, 0, 1], [192, 168, 0, 2], 17, udp(49152, dport, vx + inner), **ipkw)


def native(rng, inner_ip, src_slot=3, dst_slot=7, dport=0xCAFE, **ipkw):
    hdr = struct.pack("!HHBBHI", src_slot, dst_slot, 0, 0, 0, 0)
    return eth(mac(100), mac(200), 0x0800, ipkw.pop("vlan", None)) + \
        ipv4([192, 168, 0, 1], [192, 168, 0, 2], 17, udp(49152, dport, hdr + inner_ip), **ipkw)


def inner_ip(rng, size=60):
    return ipv4([172, 16, 0, 1], [172, 16, 0, 2], 17, udp(5, 6, rnd_bytes(rng, max(0, size - 28))))


# ---------------------------------------------------------------- scenarios

SIZES = [14, 15, 16, 17, 20, 31, 32, 33, 42, 59, 60, 61, 63, 64, 65, 66, 71, 72, 73, 100,
         127, 128, 129, 130, 191, 192, 193, 255, 256, 257, 300, 511, 512, 513, 576, 1000,
         1023, 1024, 1025, 1499, 1500, 1514, 1518, 1522, 2000, 2048, 4095, 4096, 4097, 8191,
         8192, 9000]


def gen(root, seed, shared):
    rng = random.Random(seed)
    made = []

    def sc(name, **kw):
        scenario(root, name, **kw)
        made.append(name)

    # -- pf_passthrough: PF frames of many sizes, h2e -> e2n
    items = [(plain_frame(rng, s, 0, 9), {"func": 0}) for s in SIZES]
    items += [(plain_frame(rng, rng.randint(14, 9000), 0, 9), {"func": 0}) for _ in range(20)]
    sc("pf_passthrough", h2e=items, options={"idle_pct": 10, "stall_pct": 25},
       about="PF frames of many sizes (14..9000 B) on h2e: forwarded to e2n unchanged")

    # -- vf_no_rule: VF frames trapped to the PF; functions above NUM_VF refused
    items = []
    for i in range(60):
        f = 1 + (i * 7) % NUM_VF
        items.append((plain_frame(rng, rng.choice([60, 64, 100, 129, 300, 1514, 3000]), f, 0),
                      {"func": f}))
    for f in (NUM_VF, NUM_VF + 1, 100, 255):
        items.append((plain_frame(rng, 64, f & 0xFF, 0), {"func": f}))
    sc("vf_no_rule", h2e=items,
       about="VF frames without a rule table: trapped to the PF (no_rule);\n"
             "functions above NUM_VF dropped (bad_func)")

    # -- runts: 0..13-byte frames and 14 on both inputs
    h = [(rnd_bytes(rng, n), {"func": (0 if n % 2 else 5)}) for n in range(0, 15)]
    h += [(rnd_bytes(rng, n), {"func": 200}) for n in (0, 5, 13)]
    h.append((plain_frame(rng, 64, 0, 1), {"func": 0}))
    n = [(rnd_bytes(rng, k), {}) for k in range(0, 15)]
    n.append((plain_frame(rng, 64, 3, 4), {}))
    sc("runts", h2e=h, n2e=n, options={"idle_pct": 30, "stall_pct": 10},
       about="frames of 0..13 bytes (runt, dropped) and 14 bytes on both inputs")

    # -- debug_mode
    h = [(plain_frame(rng, rng.choice([14, 64, 200, 1514]), f, 0), {"func": f})
         for f in (0, 1, 2, 63, 64, 0, 3)]
    h.append((rnd_bytes(rng, 10), {"func": 0}))
    h.append((plain_frame(rng, 64, 0, 0), {"func": 0, "inject": 1, "inject_vf": 4}))
    h.append((plain_frame(rng, 64, 0, 0), {"func": 99}))
    n = [(plain_frame(rng, rng.choice([64, 300, 1514]), 9, 1), {}) for _ in range(6)]
    n.append((vxlan(rng, inner_eth_frame(rng, 5)), {}))
    n.append((rnd_bytes(rng, 7), {}))
    sc("debug_mode", config="debug on\n", h2e=h, n2e=n,
       about="debug on: every frame of both directions to the PF (reason debug)")

    # -- inject
    h = []
    for vf in (1, 2, 17, 63, 64):
        h.append((plain_frame(rng, rng.choice([60, 64, 512, 1514]), 0, vf),
                  {"func": 0, "inject": 1, "inject_vf": vf}))
    h.append((plain_frame(rng, 64, 3, 5), {"func": 3, "inject": 1, "inject_vf": 5}))   # from a VF
    h.append((plain_frame(rng, 64, 0, 0), {"func": 0, "inject": 1, "inject_vf": 0}))   # to VF 0
    h.append((plain_frame(rng, 64, 0, 0), {"func": 0, "inject": 1, "inject_vf": 200}))  # to VF 200
    h.append((plain_frame(rng, 64, 0, 0), {"func": 0, "inject": 1, "inject_vf": NUM_VF + 1}))
    h.append((plain_frame(rng, 100, 0, 9), {"func": 0}))
    h.append((plain_frame(rng, 8, 0, 9), {"func": 0, "inject": 1, "inject_vf": 3}))  # runt
    sc("inject", h2e=h,
       about="PF injections to VFs (inject), refused injections from a VF and to\n"
             "VF 0 / VF 200 / NUM_VF+1 (bad_func)")

    # -- ingress_presets
    cfg = "profile 0 preset gre16\nprofile 1 preset vxlan\nprofile 2 preset native\n"
    n = []
    for i in range(4):
        n.append(gre16(rng, inner_eth_frame(rng, i, rng.choice([60, 200, 1400])), key=0x1000 + i))
        n.append(vxlan(rng, inner_eth_frame(rng, i, rng.choice([60, 200, 1400])), vni=0x10 + i))
        n.append(native(rng, inner_ip(rng, rng.choice([40, 200, 1400])), src_slot=i, dst_slot=9))
    # near misses
    n.append(vxlan(rng, inner_eth_frame(rng, 1), dport=4790))            # wrong port
    n.append(vxlan(rng, inner_eth_frame(rng, 1), dport=8472))            # other VXLAN port
    n.append(native(rng, inner_ip(rng), dport=0xCAFF))                   # wrong port
    n.append(gre16(rng, inner_eth_frame(rng, 1), proto_type=0x0800))     # GRE carrying IP
    n.append(vxlan(rng, inner_eth_frame(rng, 2), vlan=10))               # VLAN-tagged (one tag)
    qinq = vxlan(rng, inner_eth_frame(rng, 2))
    qinq = qinq[:12] + struct.pack("!HHHH", 0x88A8, 5, 0x8100, 10) + qinq[12:]
    n.append(qinq)                                                       # QinQ: not recognised
    n.append(vxlan(rng, inner_eth_frame(rng, 3), ihl=6))                 # IHL 6 with options
    n.append(gre16(rng, inner_eth_frame(rng, 3), ihl=7))
    n.append(vxlan(rng, inner_eth_frame(rng, 3), ihl=4))                 # IHL below 5
    n.append(vxlan(rng, inner_eth_frame(rng, 4), frag=0x2000))           # MF set
    n.append(vxlan(rng, inner_eth_frame(rng, 4), frag=0x0010))           # offset != 0
    n.append(vxlan(rng, inner_eth_frame(rng, 4), tot_len=30))            # lying total length
    full = vxlan(rng, inner_eth_frame(rng, 5))
    for cut in (14, 20, 33, 34, 40, 42, 45, 49, 50, 51):                 # truncated
        n.append(full[:cut])
    g = gre16(rng, inner_eth_frame(rng, 6))
    n.append(g[:34 + 10])
    n.append(g[:34 + 16])
    n.append(plain_frame(rng, 64, 7, 8, kind="ipv4"))                    # plain UDP
    n.append(plain_frame(rng, 64, 7, 8, kind="arp"))
    n.append(pad_to(vxlan(rng, inner_eth_frame(rng, 7, 300)), 300))
    # a long tunnelled frame: the header window is complete before the end
    n.append(vxlan(rng, inner_eth_frame(rng, 8, 8000), vni=0xABCDEF))
    sc("ingress_presets", config=cfg, n2e=[(f, {}) for f in n],
       options={"idle_pct": 15, "stall_pct": 15},
       about="synthetic GRE-16, VXLAN and native frames with the three presets, and\n"
             "near misses: wrong port, VLAN, QinQ, IHL 6/7 with options, IHL 4,\n"
             "fragments, lying length, truncated")

    # -- mixed_random: both ports, many VFs
    h = []
    for _ in range(300):
        f = rng.choice([0] * 5 + list(range(1, NUM_VF + 1)) + [NUM_VF + 1, 77])
        size = rng.choice([rng.randint(0, 13)] + [rng.randint(14, 200)] * 6 +
                          [rng.randint(200, 1514)] * 3 + [rng.randint(1514, 9000)])
        m = {"func": f}
        if f == 0 and rng.random() < 0.15:
            m.update(inject=1, inject_vf=rng.choice([1, 5, 33, NUM_VF, 0, 150]))
        elif rng.random() < 0.03:
            m.update(inject=1, inject_vf=rng.randint(0, 255))
        h.append((plain_frame(rng, size, f, rng.randint(0, 70)), m))
    n = []
    for _ in range(300):
        r = rng.random()
        if r < 0.2:
            fr = vxlan(rng, inner_eth_frame(rng, rng.randint(1, 60), rng.randint(60, 1400)),
                       vni=rng.getrandbits(24))
        elif r < 0.35:
            fr = gre16(rng, inner_eth_frame(rng, rng.randint(1, 60), rng.randint(60, 1400)),
                       key=rng.getrandbits(32))
        elif r < 0.45:
            fr = native(rng, inner_ip(rng, rng.randint(28, 1400)), src_slot=rng.getrandbits(16),
                        dst_slot=rng.getrandbits(16))
        elif r < 0.55:
            fr = rnd_bytes(rng, rng.randint(0, 13))
        else:
            fr = plain_frame(rng, rng.choice([rng.randint(14, 300), rng.randint(300, 9000)]),
                             rng.randint(0, 70), 0)
        if rng.random() < 0.05 and len(fr) > 20:
            fr = fr[:rng.randint(14, len(fr) - 1)]
        n.append((fr, {}))
    sc("mixed_random", config=cfg, h2e=h, n2e=n, options={"idle_pct": 20, "stall_pct": 20},
       about=f"seeded random traffic (seed {seed}) on both ports from many VFs")

    # -- real captures (n2e; @shared/ = $VNR_SHARED)
    real = os.path.join(shared, "vectors-real")
    sc("real_vxlan", config="profile 1 preset vxlan\n",
       inputs=["n2e @shared/vectors-real/vxlan.pcap"],
       about="real VXLAN capture (tcpdump test suite) on n2e, VXLAN preset")
    sc("real_gre", config="profile 0 preset gre16\n",
       inputs=["n2e @shared/vectors-real/various_gre.pcap"],
       about="real GRE captures (with and without key/sequence) on n2e, GRE-16 preset")
    sc("real_geneve",
       config="profile 3 set proto=17 opaque=16 fmt_off=2 fmt_val=6081 fmt_mask=0xffff "
              "flow_off=12 flow_len=3 inner_eth=1 enable=1\n",
       inputs=["n2e @shared/vectors-real/geneve.pcap"],
       about="real Geneve capture on n2e with a Geneve profile (UDP 6081, VNI as flow id)")
    special = {"vxlan.pcap", "various_gre.pcap", "geneve.pcap"}
    misc = sorted(f for f in os.listdir(real) if f.endswith(".pcap") and f not in special) \
        if os.path.isdir(real) else []
    sc("real_misc", config=cfg,
       inputs=[f"n2e @shared/vectors-real/{f}" for f in misc] +
              [f"h2e @shared/vectors-real/{f}" for f in misc],
       options={"idle_pct": 5, "stall_pct": 5},
       about="every other real capture (incl. the 80 kB BIG TCP frame) on n2e, and\n"
             "the same frames from the PF on h2e")
    mal = os.path.join(real, "malformed")
    malf = sorted(f for f in os.listdir(mal) if f.endswith(".pcap")) if os.path.isdir(mal) else []
    sc("real_malformed", config=cfg,
       inputs=[f"n2e @shared/vectors-real/malformed/{f}" for f in malf],
       options={"idle_pct": 5, "stall_pct": 5},
       about="every capture in vectors-real/malformed on n2e: nothing hangs, every\n"
             "frame is counted")
    gen_egress(sc, random.Random(seed * 1000003 + 3), NUM_VF)
    # ig_roundtrip reads eg_presets/expect/e2n.pcap under root
    gen_ingress(sc, random.Random(seed * 1000003 + 4), NUM_VF, shared, root)
    gen_tso(sc, random.Random(seed * 1000003 + 5), root, shared)
    if not misc or not malf:
        print(f"gen_scenarios: warning: no real captures under {real}", file=sys.stderr)
    return made


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "scenarios"))
    ap.add_argument("--num-vf", type=int, default=64)
    repo = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    ap.add_argument("--shared", default=os.environ.get("VNR_SHARED",
                                                       os.path.join(repo, "..", "shared")))
    a = ap.parse_args()
    global NUM_VF
    NUM_VF = a.num_vf
    os.makedirs(a.out, exist_ok=True)
    made = gen(a.out, a.seed, a.shared)
    print(f"gen_scenarios: {len(made)} scenarios under {os.path.normpath(a.out)}: {' '.join(made)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
