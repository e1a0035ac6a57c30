#!/usr/bin/env python3
"""The counters a user reads with `vnrctl stats --json` after each scenario
must equal the counts stored with the scenario (expect/counters.txt):
every nonzero reason counter, the counter of every rule vnrctl lists, the
port counters.

    stats_check.py BUILD_SIM_DIR VECTORS_DIR
Prints one line per run and "stats: N passed, N failed".
"""
import json
import os
import sys


def expected(path):
    reasons, rules, ports = {}, {}, {}
    for line in open(path):
        f = line.split()
        if not f:
            continue
        if f[0] == "ports":
            ports = {k: int(v) for k, v in (x.split("=") for x in f[1:])}
        elif f[0] == "rule":
            rules[int(f[1])] = (int(f[2]), int(f[3]))
        else:
            reasons[(f[0], int(f[1]), f[2])] = (int(f[3]), int(f[4]))
    return reasons, rules, ports


def got(path):
    j = json.load(open(path))
    reasons = {(c["bank"], c["func"], c["reason"]): (c["pkts"], c["bytes"])
               for c in j["counters"] if c["pkts"] or c["bytes"]}
    # every rule vnrctl lists, zero or not: a rule deleted during the scenario
    # (a table rewrite) is no longer listed, its counter is still in expect/
    rules = {r["rule"]: (r["pkts"], r["bytes"]) for r in j.get("rules", [])}
    return reasons, rules, j["ports"]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    build, vectors = sys.argv[1:]
    passed = failed = 0
    for wdir in sorted(d for d in os.listdir(build) if d.startswith("w") and d[1:].isdigit()):
        for name in sorted(os.listdir(os.path.join(build, wdir))):
            sj = os.path.join(build, wdir, name, "stats.json")
            scen = os.path.join(vectors, name)
            exp = os.path.join(scen, f"expect-{wdir}", "counters.txt")
            if not os.path.exists(exp):
                exp = os.path.join(scen, "expect", "counters.txt")
            if not os.path.exists(sj) or not os.path.exists(exp):
                continue
            e, g = expected(exp), got(sj)
            e = (e[0], {r: e[1].get(r, (0, 0)) for r in g[1]}, e[2])
            diffs = [what for what, a, b in zip(("reason counters", "rule counters", "ports"), g, e) if a != b]
            if diffs:
                failed += 1
                print(f"FAIL {wdir}/{name}: vnrctl stats --json differs in {', '.join(diffs)}")
            else:
                passed += 1
                print(f"ok   {wdir}/{name}: {len(g[0])} reason, {len(g[1])} rule counters, ports")
    print(f"stats: {passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
