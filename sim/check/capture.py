"""What the checks of sim/check/ share: the files of a run (classic pcap as
libpcap reads it, .meta lines, a port as frames with their metadata), the
inputs a scenario lists, the runs of a build, and the ok / FAIL lines with
the summary line every check prints.

The checks are run as `python3 sim/check/X.py`, so this sibling module is
found on the script's own folder. vectors/gen/ has its own copies on purpose:
the generator stands alone, and the checks do not take their reading of the
files from what they check.
"""
import os
import struct
import sys

# ---------------------------------------------------------------- files


def read_pcap(path):
    """frames of a classic pcap file, either byte order, micro- or
    nanosecond, as libpcap (and so vnrsim) reads them: a record longer than
    the file's snaplen is cut to it"""
    frames = []
    with open(path, "rb") as f:
        head = f.read(24)
        if len(head) < 24:
            return frames
        endian = "<" if head[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
        snap = struct.unpack(endian + "I", head[16:20])[0] or 262144
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                break
            frames.append(f.read(struct.unpack(endian + "IIII", rec)[2])[:snap])
    return frames


def write_pcap(path, frames):
    """frames as a little-endian microsecond Ethernet pcap, frame i at i us"""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", i // 1000000, i % 1000000, len(fr), len(fr)))
            f.write(fr)


def read_meta(path, n=0):
    """one {field: value} per line of a .meta file (a value that starts with a
    digit as an int, 0x allowed; reason names as strings), {} for a missing
    file or line, at least n of them"""
    metas = []
    if os.path.exists(path):
        for line in open(path):
            m = {}
            for tok in line.split():
                if "=" in tok:
                    k, v = tok.split("=", 1)
                    m[k] = int(v, 0) if v[:1].isdigit() else v
            metas.append(m)
    return metas + [{} for _ in range(n - len(metas))]


def load_port(d, name):
    """[(frame, meta)] of d/name.pcap and d/name.meta ([] without the pcap)"""
    p = os.path.join(d, name + ".pcap")
    fr = read_pcap(p) if os.path.exists(p) else []
    return list(zip(fr, read_meta(os.path.join(d, name + ".meta"), len(fr))))


def listed_inputs(scen, shared):
    """[(port, path)] of the lines `PORT FILE` of the scenario's inputs.txt, in
    order (@shared: the shared folder; a relative FILE is the scenario's)"""
    listed = []
    listing = os.path.join(scen, "inputs.txt")
    if os.path.exists(listing):
        for line in open(listing):
            t = line.split("#")[0].split()
            if len(t) >= 2:
                p = t[1].replace("@shared", shared, 1)
                listed.append((t[0], p if os.path.isabs(p) else os.path.join(scen, p)))
    return listed


def default_shared(vectors):
    """the shared folder when none is named: beside the checkout's parent"""
    return os.path.join(os.path.dirname(os.path.abspath(vectors)), "..", "..", "shared")


def mac(s):
    """"02:00:00:00:00:01" as 6 bytes"""
    return bytes(int(x, 16) for x in s.split(":"))


# ---------------------------------------------------------------- runs


def widths(build):
    """the w<W> folders of BUILD_SIM_DIR, in order"""
    return sorted(d for d in os.listdir(build) if d[:1] == "w" and d[1:].isdigit())


def sim_runs(build, vectors, prefix=""):
    """[(w<W>, scenario name)] of every run BUILD_SIM_DIR/w<W>/<name> of a
    scenario VECTORS_DIR/<name> whose name starts with prefix, in order"""
    return [(w, name) for w in widths(build) for name in sorted(os.listdir(os.path.join(build, w)))
            if name.startswith(prefix) and os.path.isdir(os.path.join(vectors, name))]


def expect_runs(vectors, prefix=""):
    """[(VECTORS_DIR/<name>/expect, VECTORS_DIR/<name>)] of every scenario whose
    name starts with prefix and that has an expect/, in order"""
    return [(os.path.join(vectors, name, "expect"), os.path.join(vectors, name))
            for name in sorted(os.listdir(vectors))
            if name.startswith(prefix) and os.path.isdir(os.path.join(vectors, name, "expect"))]


class Tally:
    """the ok / FAIL line of each run, then "NAME: N passed, N failed" and the
    exit status: 1 when a run failed or none passed"""

    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def ok(self, line):
        self.passed += 1
        print("ok   " + line)

    def fail(self, line, details=(), indent=7):
        self.failed += 1
        print("FAIL " + line)
        for x in details:
            print(" " * indent + x)

    def run(self, label, problems, summary, most=10, indent=7, counted="problem(s)"):
        """ok with summary when problems is empty, else FAIL with the first
        most problems"""
        if problems:
            self.fail(f"{label}: {len(problems)} {counted}", problems[:most], indent)
        else:
            self.ok(f"{label}: {summary}")

    def finish(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed or not self.passed else 0)
