#!/usr/bin/env python3
"""LUT levels between registers of a yosys synth_xilinx netlist (write_json).

    lut_depth.py NETLIST.json TOP [N]

Counts LUT1-6 on every combinational path from a register, RAM or port to a
register, RAM or port (MUXF7/MUXF8 and CARRY4 count 0: they sit inside a
slice), and prints the deepest path and the N deepest endpoints by the
signal they drive. The 250 MHz budget of docs (SPEC 8) is 8 levels.
"""
import json
import sys


def is_comb(t):
    return t.startswith("LUT") or t in ("MUXF7", "MUXF8", "CARRY4", "INV", "BUF")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    mod = json.load(open(sys.argv[1]))["modules"][sys.argv[2]]
    most = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    cells = mod["cells"]
    drv = {}
    for n, c in cells.items():
        for p, d in c["port_directions"].items():
            if d == "output":
                for b in c["connections"][p]:
                    if isinstance(b, int):
                        drv[b] = n
    names = {}
    for nn, v in mod["netnames"].items():
        if not nn.startswith("$"):
            for b in v["bits"]:
                if isinstance(b, int):
                    names.setdefault(b, nn)

    def inputs(c):
        return [b for p, d in c["port_directions"].items() if d == "input"
                for b in c["connections"][p] if isinstance(b, int)]

    depth = {}
    for n in cells:                      # iterative DFS: levels up to each comb cell
        if n in depth or not is_comb(cells[n]["type"]):
            continue
        stack = [(n, False)]
        while stack:
            x, done = stack.pop()
            if x in depth and not done:
                continue
            preds = [drv[b] for b in inputs(cells[x]) if b in drv and is_comb(cells[drv[b]]["type"])]
            if done:
                w = 1 if cells[x]["type"].startswith("LUT") else 0
                depth[x] = w + max((depth.get(p, 0) for p in preds), default=0)
                continue
            depth[x] = depth.get(x, 0)
            stack.append((x, True))
            stack += [(p, False) for p in preds if p not in depth]
    ends = {}
    for n, c in cells.items():
        if is_comb(c["type"]):
            continue
        outs = [b for p, d in c["port_directions"].items() if d == "output"
                for b in c["connections"][p] if isinstance(b, int)]
        key = names.get(outs[0]) if outs and outs[0] in names else c["type"]
        for b in inputs(c):
            if b in drv and is_comb(cells[drv[b]]["type"]):
                ends[key] = max(ends.get(key, 0), depth[drv[b]])
    for nn, v in mod["netnames"].items():  # output ports
        if mod["ports"].get(nn, {}).get("direction") == "output":
            for b in v["bits"]:
                if isinstance(b, int) and b in drv and is_comb(cells[drv[b]]["type"]):
                    ends[nn] = max(ends.get(nn, 0), depth[drv[b]])
    worst = sorted(ends.items(), key=lambda kv: -kv[1])
    print(f"{sys.argv[2]}: deepest path {worst[0][1] if worst else 0} LUT levels; "
          f"{sum(1 for _, v in worst if v > 8)} endpoints above 8")
    for k, v in worst[:most]:
        print(f"  {v:3d}  {k}")


if __name__ == "__main__":
    main()
