#!/usr/bin/env python3
"""Parse what `xenbr-ctl stats --format prometheus` printed in a test VM.

tools/tests/observe.sh prints the exposition between the lines METRICS-BEGIN
and METRICS-END (each line after its case's "[observe/prometheus] " tag) on
the console; this reads it back from console.log and parses it with the
Prometheus client library's own parser (Debian's python3-prometheus-client),
then checks the families and samples an operator relies on. Exit status 0
when it parses and holds them, 1 otherwise, with the reason.

usage: check-metrics.py CONSOLE_LOG
"""
import re
import sys

from prometheus_client.parser import text_string_to_metric_families

TAG = re.compile(r"^(?:\[\s*\d+\.\d+\]\s*)?\[observe/prometheus\] ?")


def block(path):
    """The exposition's lines between the markers, untagged."""
    lines, inside = [], False
    with open(path, errors="replace") as f:
        for raw in f:
            raw = raw.rstrip("\r\n")
            if not TAG.match(raw):
                continue
            line = TAG.sub("", raw, count=1)
            if line == "METRICS-BEGIN":
                lines, inside = [], True
            elif line == "METRICS-END" and inside:
                return lines
            elif inside:
                lines.append(line)
    return None


def main():
    lines = block(sys.argv[1])
    if lines is None:
        sys.exit("no METRICS-BEGIN ... METRICS-END block from observe/prometheus")
    text = "\n".join(lines) + "\n"
    try:
        families = {f.name: f for f in text_string_to_metric_families(text)}
    except ValueError as e:
        sys.exit(f"the exposition does not parse: {e}")
    want = {
        # The parser names a counter's family without its _total.
        "xenbr_bridge_rx_packets": "counter",
        "xenbr_bridge_drops": "counter",
        "xenbr_bridge_fdb_learned_entries": "gauge",
        "xenbr_bridge_suppressed_events": "counter",
        "xenbr_port_rx_bytes": "counter",
        "xenbr_port_drops": "counter",
        "xenbr_port_fdb_learned_max": "gauge",
    }
    for name, kind in want.items():
        fam = families.get(name)
        if fam is None:
            sys.exit(f"no family {name} (families: {', '.join(sorted(families))})")
        if fam.type != kind:
            sys.exit(f"{name} is a {fam.type}, not a {kind}")
        if not fam.samples:
            sys.exit(f"{name} has no samples")
    for fam in families.values():
        for s in fam.samples:
            if fam.type == "counter" and not s.name.endswith("_total"):
                sys.exit(f"counter sample {s.name} does not end in _total")
            if s.value < 0:
                sys.exit(f"{s.name}{s.labels} is negative")
            if "bridge" not in s.labels:
                sys.exit(f"{s.name} has no bridge label")
            if fam.name.startswith("xenbr_port_") and "port" not in s.labels:
                sys.exit(f"{s.name} has no port label")
    drops = [s for s in families["xenbr_port_drops"].samples
             if s.labels.get("port") == "g1-p" and s.labels.get("reason") == "lock-mac"]
    if [s.value for s in drops] != [1.0]:
        sys.exit(f"g1-p's lock-mac drops: {drops}")
    n = sum(len(f.samples) for f in families.values())
    print(f"metrics-format: {len(families)} families, {n} samples, parsed by prometheus_client")


if __name__ == "__main__":
    main()
