#!/usr/bin/env python3
"""Merge per-width vnrsim summaries into one build/sim/summary.json (SPEC 5).

usage: merge_summary.py OUT.json IN.json...
Totals are summed; data_w is the list of widths; each run is kept under
"runs" and every scenario row under "scenarios"."""
import json
import sys


def main():
    out, ins = sys.argv[1], sys.argv[2:]
    runs = []
    for p in ins:
        try:
            with open(p) as f:
                runs.append(json.load(f))
        except (OSError, ValueError) as e:
            print(f"merge_summary: {p}: {e}", file=sys.stderr)
            return 1
    if not runs:
        print("merge_summary: no summaries", file=sys.stderr)
        return 1
    m = {
        "vectors": sum(r["vectors"] for r in runs),
        "frames_in": sum(r["frames_in"] for r in runs),
        "frames_out": sum(r["frames_out"] for r in runs),
        "cycles": sum(r["cycles"] for r in runs),
        "mismatches": sum(r["mismatches"] for r in runs),
        "failed": sum(r.get("failed", 0) for r in runs),
        "data_w": sorted({r["data_w"] for r in runs}),
        "mode": ",".join(sorted({r["mode"] for r in runs})),
        "seed": runs[0].get("seed"),
        "runs": [{k: v for k, v in r.items() if k != "scenarios"} for r in runs],
        "scenarios": [s for r in runs for s in r.get("scenarios", [])],
    }
    with open(out, "w") as f:
        json.dump(m, f, indent=2)
        f.write("\n")
    print(f"summary: {m['vectors']} runs, widths {m['data_w']}, {m['frames_in']} frames in, "
          f"{m['frames_out']} out, {m['cycles']} cycles, {m['mismatches']} mismatches -> {out}")
    return 0 if m["mismatches"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
