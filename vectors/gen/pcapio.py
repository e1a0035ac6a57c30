"""Classic pcap and .meta files for the scenario generator (standard library
only, like the rest of vectors/gen). sim/check/capture.py reads the same
formats on the checking side; the two are kept apart on purpose, so the
checks do not read files with the code that wrote them."""
import os
import struct


def write_pcap(path, frames):
    """frames: list of bytes. Classic pcap, microsecond, DLT_EN10MB."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", i // 1000000, i % 1000000, len(fr), len(fr)))
            f.write(fr)


def read_pcap(path):
    """frames of a classic pcap file, any link type, either byte order, micro-
    or nanosecond, as libpcap (and so vnrsim) reads them: a record longer
    than the file's snaplen is cut to it"""
    frames = []
    with open(path, "rb") as f:
        head = f.read(24)
        if len(head) < 24:
            return frames
        magic = head[:4]
        endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
        snap = struct.unpack(endian + "I", head[16:20])[0] or 262144
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                break
            incl = struct.unpack(endian + "IIII", rec)[2]
            frames.append(f.read(incl)[:snap])
    return frames


def read_meta(path):
    metas = []
    if os.path.exists(path):
        for line in open(path):
            m = {}
            for tok in line.split():
                if "=" in tok:
                    k, v = tok.split("=", 1)
                    m[k] = int(v, 0) if v[:1].isdigit() else v
            metas.append(m)
    return metas
