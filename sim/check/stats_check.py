#!/usr/bin/env python3
"""The counters a user reads with `vnrctl stats --json` after each scenario
must equal the counts stored with the scenario (expect/counters.txt):
every nonzero reason counter, the counter of every rule vnrctl lists, the
port counters, and the ingress rule slots (bank 3) when both list them
(`irules` in the JSON, `irule SLOT PKTS BYTES` lines in counters.txt).

    stats_check.py BUILD_SIM_DIR VECTORS_DIR
Prints one line per run and "stats: N passed, N failed".
"""
import json
import os
import sys

from capture import Tally, sim_runs


def expected(path):
    reasons, rules, ports, irules = {}, {}, {}, {}
    for line in open(path):
        f = line.split()
        if not f:
            continue
        if f[0] == "ports":
            ports = {k: int(v) for k, v in (x.split("=") for x in f[1:])}
        elif f[0] == "rule":
            rules[int(f[1])] = (int(f[2]), int(f[3]))
        elif f[0] == "irule":
            irules[int(f[1])] = (int(f[2]), int(f[3]))
        else:
            reasons[(f[0], int(f[1]), f[2])] = (int(f[3]), int(f[4]))
    return reasons, rules, ports, irules


def got(path):
    j = json.load(open(path))
    reasons = {(c["bank"], c["func"], c["reason"]): (c["pkts"], c["bytes"])
               for c in j["counters"] if c["pkts"] or c["bytes"]}
    # every rule vnrctl lists, zero or not: a rule deleted during the scenario
    # (a table rewrite) is no longer listed, its counter is still in expect/
    rules = {r["rule"]: (r["pkts"], r["bytes"]) for r in j.get("rules", [])}
    # ingress rule slots (bank 3), when vnrctl lists them
    irules = {r["slot"]: (r["pkts"], r["bytes"]) for r in j.get("irules", [])}
    return reasons, rules, j["ports"], irules


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    build, vectors = sys.argv[1:]
    tally = Tally("stats")
    for wdir, name in sim_runs(build, vectors):
        sj = os.path.join(build, wdir, name, "stats.json")
        scen = os.path.join(vectors, name)
        exp = os.path.join(scen, f"expect-{wdir}", "counters.txt")
        if not os.path.exists(exp):
            exp = os.path.join(scen, "expect", "counters.txt")
        if not os.path.exists(sj) or not os.path.exists(exp):
            continue
        e, g = expected(exp), got(sj)
        # every rule / slot vnrctl lists; ingress slots only when both
        # sides know them (counters.txt `irule SLOT PKTS BYTES` lines)
        e = (e[0], {r: e[1].get(r, (0, 0)) for r in g[1]}, e[2],
             {r: e[3].get(r, (0, 0)) for r in g[3]} if e[3] else g[3])
        diffs = [what for what, a, b in zip(("reason counters", "rule counters", "ports",
                                             "ingress rule counters"), g, e) if a != b]
        if diffs:
            tally.fail(f"{wdir}/{name}: vnrctl stats --json differs in {', '.join(diffs)}")
        else:
            tally.ok(f"{wdir}/{name}: {len(g[0])} reason, {len(g[1])} rule counters, ports")
    tally.finish()


if __name__ == "__main__":
    main()
