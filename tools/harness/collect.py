#!/usr/bin/env python3
"""Judge one VM run of the xenbr harness.

Reads the run's results.log (written by vm-init.sh) and console.log, counts
every KUnit case (parsed by the kernel's own kunit.py) and every integration
test case, and fails the run on any kernel splat, kmemleak report, missing
test or unfinished VM. Prints one line per failure or skip (with the log
lines that explain it) and writes the counts as JSON.

usage: collect.py LABEL RUN_DIR KUNIT_PY EXPECTED_TESTS COUNTS_JSON
"""
import json
import os
import re
import subprocess
import sys
import tempfile

# What a healthy kernel never prints. Each is a failure of the run.
SPLAT = re.compile(
    r"(Kernel panic|BUG: |WARNING: |Oops|general protection fault|"
    r"INFO: task .* blocked for more than|INFO: rcu_.* stall|"
    r"UBSAN: |ODEBUG: |unreferenced object|suspected memory leak|"
    r"list_(add|del) corruption|possible recursive locking|"
    r"inconsistent lock state|lock held when returning|"
    r"Call Trace:)")
TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\]\s?")


# The markers vm-init.sh and lib.sh's run_case write to the kernel log:
#   xenbr-vm: kunit: insmod MODULE
#   xenbr-vm: test FILE: start|end
#   xenbr-vm: case FILE/CASE: start|PASS|FAIL|SKIP
MARK = re.compile(r"xenbr-vm: (?:kunit: insmod (\S+)|"
                  r"(test|case) ([^\s:]+): (\S+))")


def running(line, current):
    """What runs from this console line on: "during FILE/CASE" and so on.

    A case's result is followed by run_case's teardown of its network, and
    the end of a file by the next file or, after the last, the unloading of
    the modules and the kmemleak scan.
    """
    m = MARK.search(line)
    if not m:
        return current
    module, kind, name, what = m.groups()
    if module:
        return f"during insmod {module}"
    if what == "start":
        return f"during {name}"
    if kind == "case":
        return f"in the teardown after {name}"
    return f"after test {name}"


def kunit_cases(ktap, kunit_py):
    """Return [(name, status)] for every test case of one KTAP document."""
    with tempfile.NamedTemporaryFile("w", suffix=".ktap", delete=False) as f:
        f.write(ktap)
        path = f.name
    try:
        out = subprocess.run(
            [sys.executable, kunit_py, "parse", "--json", os.path.abspath(path)],
            capture_output=True, text=True, check=False)
    finally:
        os.unlink(path)
    # kunit.py prints its human summary, then the JSON document.
    text = out.stdout
    start = text.find("{")
    if start < 0:
        return [("kunit.py parse", "FAIL")], out.stdout + out.stderr
    doc = json.loads(text[start:])
    human = text[:start]
    cases = []

    def walk(group, prefix):
        for sub in group.get("sub_groups", []):
            walk(sub, prefix + [sub["name"]])
        for case in group.get("test_cases", []):
            cases.append(("/".join(prefix + [case["name"]]), case["status"]))

    walk(doc, [])
    return cases, human


def main():
    label, run_dir, kunit_py, expected, counts_path = sys.argv[1:6]
    results = open(os.path.join(run_dir, "results.log"), errors="replace").read()
    console = open(os.path.join(run_dir, "console.log"), errors="replace").read()
    passed = failed = skipped = 0
    failures = []

    stock_only = []

    def count(name, status, why=""):
        nonlocal passed, failed, skipped
        if status == "PASS":
            passed += 1
        elif status == "SKIP" and why == "stock-only":
            skipped += 1
            stock_only.append(name)
        elif status == "SKIP":
            skipped += 1
            print(f"SKIP {label}/{name} {why}".rstrip())
        else:
            failed += 1
            failures.append(name)
            print(f"FAIL {label}/{name} {why}".rstrip())

    # KUnit: each suite's results from debugfs is its own KTAP document.
    for m in re.finditer(r"^KTAP-BEGIN (\S+)\n(.*?)^KTAP-END$", results,
                         re.S | re.M):
        suite, ktap = m.group(1), m.group(2)
        cases, human = kunit_cases(ktap, kunit_py)
        if not cases:
            count(f"kunit/{suite}", "FAIL", "no test case parsed")
        for name, status in cases:
            if status == "FAIL" or status not in ("PASS", "SKIP"):
                count(f"kunit/{name}", "FAIL")
                print("\n".join("    " + l for l in human.splitlines()
                                if "====" not in l)[-4000:])
            else:
                count(f"kunit/{name}", status)

    # Integration tests: one TEST line per case.
    seen = set()
    for m in re.finditer(r"^TEST (\S+) (PASS|FAIL|SKIP) ?(.*)$", results, re.M):
        name, status, why = m.groups()
        seen.add(name.split("/")[0])
        count(name, status, why)
        if status == "FAIL" and "/" in name and name.split("/")[1] != "exit":
            file, case = name.split("/", 1)
            files = "XEN_TESTS" if label.startswith("xen") else "TESTS"
            kernel = label if label.startswith("xen") else label.split("-")[0]
            print(f"    again alone: {files}={file} CASES={case} KERNELS={kernel} make check")
        if status == "FAIL":
            # The test's own diagnostics, marked on the console.
            for line in console.splitlines():
                if f"[{name}]" in line:
                    print("    " + line.strip())
    for test in expected.split():
        if test not in seen:
            count(f"{test}", "FAIL", "reported nothing (did not run, or crashed)")

    if not re.search(r"^DONE", results, re.M):
        why = "timed out" if "TIMEOUT" in results else "ended early (panic or crash)"
        count("vm", "FAIL", why)

    m = re.search(r"^KMEMLEAK (\d+)", results, re.M)
    if m:
        count("kmemleak", "PASS" if m.group(1) == "0" else "FAIL",
              f"{m.group(1)} unreferenced objects" if m.group(1) != "0" else "")

    # Kernel splats, with the case that was running and the lines around.
    lines = console.splitlines()
    current = "during boot"
    splat_at = None
    for i, line in enumerate(lines):
        current = running(line, current)
        if splat_at is None and SPLAT.search(TIMESTAMP.sub("", line)):
            splat_at = (i, current)
    count("kernel-log", "FAIL" if splat_at else "PASS",
          f"splat {splat_at[1]}" if splat_at else "")
    if splat_at:
        i = splat_at[0]
        print("\n".join("    " + l for l in lines[max(0, i - 5):i + 60]))

    if stock_only:
        print(f"SKIP {label}: {len(stock_only)} cases that the stock run has "
              f"(STOCK_ONLY in their files: they prove what userspace does)")

    # How long each part of the VM's work took, by the kernel's clock.
    marks = re.findall(r"^\[\s*(\d+\.\d+)\] xenbr-vm: (?:test (\S+): (start|end)|kunit: insmod (\S+))",
                       console, re.M)
    began, spans = {}, []
    for stamp, test, what, module in marks:
        if module:
            began.setdefault("kunit", float(stamp))
        elif what == "start":
            if "kunit" in began and not spans:
                spans.append(("kunit", float(stamp) - began["kunit"]))
            began[test] = float(stamp)
        elif test in began:
            spans.append((test, float(stamp) - began[test]))
    if spans:
        print(f"{label}: seconds by part: " + ", ".join(f"{n} {s:.0f}" for n, s in spans))

    with open(counts_path, "w") as f:
        json.dump({"passed": passed, "failed": failed, "skipped": skipped,
                   "failures": failures}, f)
    print(f"{label}: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
