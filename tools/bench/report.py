#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the raw figures of tools/tests/bench.sh into the bench table and JSON.

report.py RESULTS_LOG OUT_JSON [--seconds N] [--profile FILE]

RESULTS_LOG is the VM's results channel. Every figure is the median of its
repetitions; the JSON keeps each repetition under "raw". The table goes to
stdout.
"""
import argparse
import datetime
import json
import statistics
import sys

SETUPS = ("ceiling", "bridge", "xenbr")
REQUIRED = (
    [f"unicast_pps.{s}" for s in SETUPS]
    + [f"tcp_gbps.{s}" for s in SETUPS]
    + [f"fdb_scale_pps.xenbr.{n}" for n in (1, 1000, 100000, 1000000)]
    + [f"fdb_entry_bytes.{s}" for s in ("bridge", "xenbr")]
    + [f"flood_pps.{s}.{n}" for s in ("bridge", "xenbr") for n in (2, 8, 32)]
    + [f"ratios.{r}" for r in ("unicast_vs_bridge", "unicast_vs_ceiling",
                               "tcp_vs_bridge", "fdb_1m_vs_1")]
)


def number(text):
    try:
        v = float(text)
    except ValueError:
        return text
    return int(v) if v.is_integer() and "." not in text and "e" not in text else v


def put(tree, dotted, value):
    keys = dotted.split(".")
    for k in keys[:-1]:
        tree = tree.setdefault(k, {})
    tree[keys[-1]] = value


def get(tree, dotted):
    for k in dotted.split("."):
        if not isinstance(tree, dict) or k not in tree:
            return None
        tree = tree[k]
    return tree


def ratio(a, b):
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or not b:
        return 0.0
    return round(a / b, 3)


def fdb_ratio(doc, setup):
    rel = "fdb_scale_rel" if get(doc, f"fdb_scale_rel.{setup}.1") else "fdb_scale_pps"
    return ratio(get(doc, f"{rel}.{setup}.1000000"), get(doc, f"{rel}.{setup}.1"))


def missing_keys(doc):
    """The required keys that are absent or not numbers."""
    bad = []
    for key in REQUIRED:
        v = get(doc, key)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            bad.append(key)
    return bad


def parse(path):
    raw, vals, notes, prof = {}, {}, [], {}
    kernel = ""
    with open(path, errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split(" ")
            tag = parts[0]
            if tag == "BENCH" and len(parts) == 6:
                _, metric, setup, param, _rep, value = parts
                try:
                    v = float(value)
                except ValueError:
                    notes.append(f"unparsable figure: {line.strip()}")
                    continue
                raw.setdefault(metric, {}).setdefault(setup, {}).setdefault(param, []).append(v)
            elif tag == "VAL" and len(parts) >= 3:
                vals[parts[1]] = number(" ".join(parts[2:]))
            elif tag == "NOTE":
                notes.append(" ".join(parts[1:]))
            elif tag == "PROF" and len(parts) >= 2:
                prof.setdefault(parts[1], []).append(" ".join(parts[2:]))
            elif tag == "KERNEL":
                kernel = " ".join(parts[1:])
    return raw, vals, notes, prof, kernel


def build(raw, vals, notes, kernel, seconds):
    doc = {}
    for metric, by_setup in raw.items():
        for setup, by_param in by_setup.items():
            for param, reps in by_param.items():
                key = f"{metric}.{setup}" + ("" if param == "-" else f".{param}")
                med = statistics.median(reps)
                put(doc, key, round(med, 3) if metric == "tcp_gbps" else round(med))
                # (max - min) / median: how much the repetitions disagree.
                put(doc, "spread." + key, round((max(reps) - min(reps)) / med, 2) if med else 0)
    for key, v in vals.items():
        put(doc, key, v)

    # xenbr counts its learned entries exactly (xenbr-ctl limits): that
    # count, not the number of new MACs sent, is what was present.
    for n, v in (get(doc, "fdb_learned_exact.xenbr") or {}).items():
        if isinstance(v, (int, float)):
            put(doc, f"fdb_scale_entries.xenbr.{n}", v)

    # The learning rate counts new MACs sent; scale it to those learned.
    exact, sent = get(doc, "fdb_learned_exact.xenbr.1000000"), get(doc, "learned.xenbr")
    if isinstance(exact, (int, float)) and sent and get(doc, "learn_rate.xenbr"):
        put(doc, "learn_rate_sent.xenbr", get(doc, "learn_rate.xenbr"))
        put(doc, "learn_rate.xenbr", round(get(doc, "learn_rate.xenbr") * min(1, exact / sent)))

    # FDB scale against the empty reference bridge measured right after
    # each repetition: the median of the per-repetition ratios.
    for s in ("bridge", "xenbr"):
        for n, reps in raw.get("fdb_scale_pps", {}).get(s, {}).items():
            refs = raw.get("fdb_scale_ref_pps", {}).get(s, {}).get(n, [])
            rel = [a / b for a, b in zip(reps, refs) if b]
            if rel:
                put(doc, f"fdb_scale_rel.{s}.{n}", round(statistics.median(rel), 3))

    # Cost of one more port in a flood: ns a frame, from 2 to 32 ports.
    for s in ("bridge", "xenbr"):
        r2, r32 = get(doc, f"flood_pps.{s}.2"), get(doc, f"flood_pps.{s}.32")
        if r2 and r32:
            put(doc, f"flood_ns_per_port.{s}", round((1e9 / r32 - 1e9 / r2) / 30, 1))

    doc["ratios"] = {
        "unicast_vs_bridge": ratio(get(doc, "unicast_pps.xenbr"), get(doc, "unicast_pps.bridge")),
        "unicast_vs_ceiling": ratio(get(doc, "unicast_pps.xenbr"), get(doc, "unicast_pps.ceiling")),
        "tcp_vs_bridge": ratio(get(doc, "tcp_gbps.xenbr"), get(doc, "tcp_gbps.bridge")),
        "tcp_vs_ceiling": ratio(get(doc, "tcp_gbps.xenbr"), get(doc, "tcp_gbps.ceiling")),
        # Drift-corrected (see fdb_scale_rel) when the reference was
        # measured (not with QUICK=1); the _raw ones divide the medians.
        "fdb_1m_vs_1": fdb_ratio(doc, "xenbr"),
        "fdb_1m_vs_1_bridge": fdb_ratio(doc, "bridge"),
        "fdb_1m_vs_1_raw": ratio(get(doc, "fdb_scale_pps.xenbr.1000000"), get(doc, "fdb_scale_pps.xenbr.1")),
        "fdb_1m_vs_1_bridge_raw": ratio(get(doc, "fdb_scale_pps.bridge.1000000"),
                                        get(doc, "fdb_scale_pps.bridge.1")),
        "fdb_entry_vs_bridge": ratio(get(doc, "fdb_entry_bytes.xenbr"), get(doc, "fdb_entry_bytes.bridge")),
        "learn_rate_vs_bridge": ratio(get(doc, "learn_rate.xenbr"), get(doc, "learn_rate.bridge")),
        # VIF locking: a locked port's rate over an unlocked one's.
        "locked_vs_unlocked": ratio(get(doc, "lock_pps.xenbr.locked"),
                                    get(doc, "lock_pps.xenbr.unlocked")),
        "flood_per_port_vs_bridge": ratio(get(doc, "flood_ns_per_port.xenbr"),
                                          get(doc, "flood_ns_per_port.bridge")),
    }
    # VLAN filtering: its cost on each bridge (on / off, taken in turns),
    # and xenbr's filtering against the Linux bridge's.
    for s in ("bridge", "xenbr"):
        doc["ratios"][f"vlan_on_vs_off_{s}"] = ratio(get(doc, f"unicast_vlan_pps.{s}"),
                                                     get(doc, f"unicast_novlan_pps.{s}"))
    doc["ratios"]["vlan_vs_bridge"] = ratio(get(doc, "unicast_vlan_pps.xenbr"),
                                            get(doc, "unicast_vlan_pps.bridge"))
    # The same ratios from the repetitions, pair by pair (each pair ran
    # back to back), then the median: less sensitive to the host's drift.
    for metric, name in (("unicast_pps", "unicast"), ("tcp_gbps", "tcp")):
        by = raw.get(metric, {})
        for other in ("bridge", "ceiling"):
            pairs = [a / b for a, b in zip(by.get("xenbr", {}).get("-", []),
                                           by.get(other, {}).get("-", [])) if b]
            if pairs:
                doc["ratios"][f"{name}_vs_{other}_paired"] = round(statistics.median(pairs), 3)
    for n in (2, 8, 32):
        doc["ratios"][f"flood_{n}_vs_bridge"] = ratio(get(doc, f"flood_pps.xenbr.{n}"),
                                                     get(doc, f"flood_pps.bridge.{n}"))
    meta = doc.setdefault("meta", {})
    meta["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    meta["kernel"] = kernel
    meta["accel"] = "QEMU TCG, 2 vCPUs"
    if seconds is not None:
        meta["vm_seconds"] = seconds
    doc["notes"] = notes
    doc["raw"] = raw
    return doc


def leaves(tree):
    if isinstance(tree, dict):
        for v in tree.values():
            yield from leaves(v)
    else:
        yield tree


def fmt(v, unit=""):
    if v is None:
        return "-"
    if isinstance(v, float) and abs(v) < 100:
        return f"{v:.2f}{unit}"
    if isinstance(v, (int, float)):
        return f"{v:,.0f}{unit}"
    return str(v)


def table(doc):
    rows = []

    def row(name, key, unit="", setups=SETUPS):
        c = get(doc, f"{key.format(s='ceiling')}") if "ceiling" in setups else None
        b = get(doc, key.format(s="bridge"))
        x = get(doc, key.format(s="xenbr"))
        rows.append((name, fmt(c, unit) if "ceiling" in setups else "", fmt(b, unit), fmt(x, unit),
                     fmt(ratio(x, b)) if b else "-", fmt(ratio(x, c)) if c else ""))

    row("unicast 64 B, pps", "unicast_pps.{s}")
    for n in (2, 8, 32):
        row(f"flood {n} ports, pps", f"flood_pps.{{s}}.{n}", setups=("bridge", "xenbr"))
    row("flood cost/added port, ns", "flood_ns_per_port.{s}", setups=("bridge", "xenbr"))
    row("unicast, VLAN filtering on", "unicast_vlan_pps.{s}", setups=("bridge", "xenbr"))
    row("  (and off, alternating)", "unicast_novlan_pps.{s}", setups=("bridge", "xenbr"))
    row("TCP (iperf3), Gbit/s", "tcp_gbps.{s}")
    for n in (1, 1000, 100000, 1000000):
        row(f"unicast, {n:,} FDB entries", f"fdb_scale_pps.{{s}}.{n}", setups=("bridge", "xenbr"))
        row("  (entries present)", f"fdb_scale_entries.{{s}}.{n}", setups=("bridge", "xenbr"))
        row("  (÷ empty reference bridge)", f"fdb_scale_rel.{{s}}.{n}", setups=("bridge", "xenbr"))
    row("learning, new MACs/s", "learn_rate.{s}", setups=("bridge", "xenbr"))
    row("FDB entry, slab bytes", "fdb_entry_bytes.{s}", setups=("bridge", "xenbr"))
    row("FDB object_size, bytes", "fdb_object_size.{s}", setups=("bridge", "xenbr"))
    row("Slab growth/entry, bytes", "fdb_slab_bytes_per_entry.{s}", setups=("bridge", "xenbr"))
    row("Memory/entry incl. hash, B", "fdb_mem_bytes_per_entry.{s}", setups=("bridge", "xenbr"))
    head = ("figure", "ceiling", "bridge", "xenbr", "xenbr/bridge", "xenbr/ceiling")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    out = []
    for r in [head] + rows:
        out.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                             for i, c in enumerate(r)))
    out.insert(1, "  ".join("-" * w for w in widths))
    r = doc["ratios"]
    spreads = [v for m in doc.get("spread", {}).values() for v in leaves(m)]
    if spreads:
        out.append("")
        out.append(f"repetitions disagree by (max-min)/median = {statistics.median(spreads):.2f} "
                   f"(median over all figures), up to {max(spreads):.2f}; see spread.* in the JSON")
    out.append("")
    out.append(f"targets: unicast xenbr/bridge {r['unicast_vs_bridge']} (>= 1.3), "
               f"xenbr/ceiling {r['unicast_vs_ceiling']} (>= 0.8), "
               f"TCP xenbr/bridge {r['tcp_vs_bridge']} (>= 1.0), "
               f"1M/1 entries {r['fdb_1m_vs_1']} (>= 0.9; bridge {r['fdb_1m_vs_1_bridge']}), "
               f"entry {get(doc, 'fdb_entry_bytes.xenbr')} B (<= 64), "
               f"flood cost/port xenbr/bridge {r['flood_per_port_vs_bridge']} (<= 1.0), "
               f"locked/unlocked port {r['locked_vs_unlocked']} (>= 0.9)")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("json")
    ap.add_argument("--seconds", type=int)
    ap.add_argument("--profile")
    a = ap.parse_args()
    raw, vals, notes, prof, kernel = parse(a.results)
    doc = build(raw, vals, notes, kernel, a.seconds)
    with open(a.json, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"xenbr bench, {doc['meta']['date']}, kernel {kernel}, QEMU TCG "
          f"(absolute rates are an emulator's, compare ratios)"
          + (" [QUICK]" if get(doc, "meta.quick") == 1 else ""))
    print(table(doc))
    for n in notes:
        print(f"note: {n}")
    if a.profile and prof:
        with open(a.profile, "w") as f:
            for setup, lines in prof.items():
                f.write("\n".join(lines) + "\n\n")
        print(f"profiles: {a.profile}")
    bad = missing_keys(doc)
    if bad:
        print(f"missing or non-numeric keys: {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
