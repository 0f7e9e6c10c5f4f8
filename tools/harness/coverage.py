#!/usr/bin/env python3
"""Line coverage of xenbr.ko by one debug VM run (make coverage).

The debug VM sends the module's gcov counters once per phase (KUnit, each
integration file, the final unload: vm-init.sh's gcov_snapshot), zeroed
after each, so a phase's lines are its own and the run's are their union.
This unpacks them beside the build's .gcno notes, asks gcov for every line's
count, and prints the line coverage of module.c and of each file of xenbr/
and netback_glue/.

usage: coverage.py RUN_DIR SRC_DIR [--more RUN_DIR:SRC_DIR]... [--phases]
                   [--only PHASE,...] [--without PHASE,...] [--json OUT]
                   [--compare BASE.json [--slack N]] [--cover]

  RUN_DIR    a VM run's directory (results.log), e.g. .build/runs/debug
  SRC_DIR    the directory the module was built in (.build/debug/src)
  --more     the phases of another run too (a second VM that ran other
             files); a phase already seen keeps its first run's counts
  --only     count only these phases (e.g. every integration file: the
             reach of the stock run); --without leaves these out
  --phases   also list, per phase, the lines no other phase reaches: what
             would be lost if that phase left the run
  --json     write {file: {"lines": N, "covered": N, "covered_lines": [...]}}
             to OUT
  --compare  print each file's change against an earlier --json, and exit 1
             when a file lost more than --slack points (default 1.0)
  --cover    with a run that snapshot each case (make coverage BY_CASE=1):
             the fewest cases that, beside the phases that are not cases
             (KUnit, the module's exit), reach every line the run reached,
             picked greedily by the lines each adds; and, per file, the
             cases that add none (what the debug run may leave to the
             stock run: STOCK_ONLY)
"""
import argparse
import base64
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

REPORTED = ("module.c", "xenbr/", "netback_glue/")


def phases_of(results):
    """Yield (phase, tar.gz bytes) for every GCOV block of results.log."""
    for m in re.finditer(r"^GCOV-BEGIN (\S+)\n(.*?)^GCOV-END$", results, re.S | re.M):
        yield m.group(1), base64.b64decode("".join(m.group(2).split()))


def line_counts(blob, src_dir, work):
    """{(file, line): count} of one phase, files relative to src_dir."""
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        tar.extractall(work)
    counts = {}
    for root, _, files in os.walk(work):
        for name in files:
            if not name.endswith(".gcda"):
                continue
            gcda = os.path.join(root, name)
            built = gcda[len(work):]  # the .gcda's path when it was built
            rel = locate(built, src_dir)
            if rel is None:
                continue
            gcno = os.path.join(src_dir, rel[:-len(".gcda")] + ".gcno")
            if not os.path.exists(gcno):
                sys.exit(f"coverage: no {gcno}: was the module built with XENBR_GCOV=1?")
            # The snapshot may carry debugfs's own link to the notes.
            dst = gcda[:-len(".gcda")] + ".gcno"
            if os.path.lexists(dst):
                os.remove(dst)
            shutil.copy(gcno, dst)
            out = subprocess.run(["gcov", "-j", "-t", "-o", root, gcda], cwd=src_dir,
                                 capture_output=True, text=True, check=False)
            if "stamp mismatch" in out.stderr:
                # gcov would count nothing: the notes are of another build.
                sys.exit(f"coverage: {gcno} is not of the build that ran "
                         f"(rebuilt since?): {out.stderr.strip().splitlines()[0]}")
            for doc in json_docs(out.stdout):
                for f in doc.get("files", []):
                    path = os.path.relpath(os.path.join(src_dir, f["file"]), src_dir)
                    if not path.startswith(REPORTED):
                        continue
                    for line in f["lines"]:
                        key = (path, line["line_number"])
                        counts[key] = counts.get(key, 0) + line["count"]
    return counts


def locate(built, src_dir):
    """built's path relative to src_dir, or None for a file not ours."""
    for top in REPORTED[1:]:
        i = built.rfind("/" + top)
        if i >= 0:
            return built[i + 1:]
    # The module's entry sits at the top of the tree.
    if built.endswith("/module.gcda"):
        return "module.gcda"
    return None


def json_docs(text):
    """gcov -j -t prints one JSON document per object, one after another."""
    dec = json.JSONDecoder()
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return
        doc, i = dec.raw_decode(text, i)
        yield doc


def table(lines_by_phase, chosen):
    """{file: {"lines": N, "covered": N}} over the chosen phases."""
    files = {}
    for phase, counts in lines_by_phase.items():
        for (path, line), count in counts.items():
            f = files.setdefault(path, {})
            if phase in chosen:
                f[line] = f.get(line, False) or count > 0
            else:
                f.setdefault(line, False)
    return {p: {"lines": len(l), "covered": sum(l.values()),
                "covered_lines": sorted(n for n, c in l.items() if c)}
            for p, l in sorted(files.items())}


def pct(row):
    return 100.0 * row["covered"] / row["lines"] if row["lines"] else 100.0


def cover(by_phase, chosen):
    """Print a greedy set cover of the run's lines by its cases."""
    covered = {p: {k for k, c in counts.items() if c > 0}
               for p, counts in by_phase.items() if p in chosen}
    cases = {p: c for p, c in covered.items() if "/" in p}
    if not cases:
        sys.exit("coverage: --cover needs a run with a snapshot per case (BY_CASE=1)")
    have = set().union(*(c for p, c in covered.items() if p not in cases))
    want = set().union(*covered.values())
    print(f"\nthe fewest cases for all {len(want)} lines "
          f"(the phases that are not cases reach {len(have)}):")
    picked = []
    while True:
        best = max(sorted(cases), key=lambda p: len(cases[p] - have))
        gain = cases[best] - have
        if not gain:
            break
        picked.append(best)
        have |= gain
        files = {}
        for path, _ in gain:
            files[path] = files.get(path, 0) + 1
        print(f"  {best:40} +{len(gain):4}  " +
              ", ".join(f"{p} {n}" for p, n in sorted(files.items())))
    print(f"{len(picked)} of {len(cases)} cases reach them all; by file, the cases that add nothing:")
    for test in sorted({p.split("/")[0] for p in cases}):
        rest = [p.split("/", 1)[1] for p in cases if p.startswith(test + "/") and p not in picked]
        print(f"  {test}: {' '.join(rest) if rest else '-'}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run_dir")
    ap.add_argument("src_dir")
    ap.add_argument("--more", action="append", default=[])
    ap.add_argument("--only")
    ap.add_argument("--without")
    ap.add_argument("--phases", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--compare")
    ap.add_argument("--slack", type=float, default=1.0)
    ap.add_argument("--cover", action="store_true")
    args = ap.parse_args()

    runs = [(args.run_dir, args.src_dir)] + [tuple(m.split(":", 1)) for m in args.more]
    work = tempfile.mkdtemp(prefix="xenbr-gcov.")
    by_phase = {}
    try:
        for run_dir, src_dir in runs:
            results = open(os.path.join(run_dir, "results.log"), errors="replace").read()
            seen = set()
            for p, b in phases_of(results):
                while p in seen:  # a phase's name twice in one run
                    p += "+"
                seen.add(p)
                if p not in by_phase:
                    by_phase[p] = line_counts(b, os.path.abspath(src_dir), os.path.join(work, p))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not by_phase:
        sys.exit(f"coverage: {args.run_dir} has no gcov data (a debug run of make check makes it)")
    chosen = set(by_phase)
    if args.only:
        chosen &= set(args.only.split(","))
    if args.without:
        chosen -= set(args.without.split(","))
    rows = table(by_phase, chosen)
    base = json.load(open(args.compare)) if args.compare else {}

    print(f"line coverage of xenbr.ko, phases: {' '.join(p for p in by_phase if p in chosen)}")
    head = f"{'file':28} {'lines':>6} {'covered':>8} {'%':>6}"
    print(head + (f" {'before':>7} {'change':>7}" if base else ""))
    total = {"lines": 0, "covered": 0}
    lost = []
    for path, row in rows.items():
        total["lines"] += row["lines"]
        total["covered"] += row["covered"]
        line = f"{path:28} {row['lines']:6} {row['covered']:8} {pct(row):6.1f}"
        if base and path in base:
            delta = pct(row) - pct(base[path])
            line += f" {pct(base[path]):7.1f} {delta:+7.1f}"
            if delta < -args.slack:
                lost.append(f"{path} ({delta:+.1f})")
            gone = sorted(set(base[path].get("covered_lines", [])) - set(row["covered_lines"]))
            if gone:
                line += "  no longer run: " + " ".join(map(str, gone[:12])) + (" ..." if len(gone) > 12 else "")
        print(line)
    print(f"{'total':28} {total['lines']:6} {total['covered']:8} {pct(total):6.1f}")

    if args.phases:
        print("\nlines that only one phase reaches (what leaving it out would lose):")
        covered = {p: {k for k, c in counts.items() if c > 0} for p, counts in by_phase.items()}
        for phase in by_phase:
            others = set().union(*(c for p, c in covered.items() if p != phase))
            own = covered[phase] - others
            per_file = {}
            for path, _ in own:
                per_file[path] = per_file.get(path, 0) + 1
            detail = ", ".join(f"{p} {n}" for p, n in sorted(per_file.items()))
            print(f"  {phase:12} {len(own):5}  {detail}")
    if args.cover:
        cover(by_phase, chosen)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1, sort_keys=True)
    if lost:
        print("coverage lost more than %.1f points: %s" % (args.slack, ", ".join(lost)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
