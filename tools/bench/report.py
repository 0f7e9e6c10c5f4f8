#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the raw figures of tools/tests/bench.sh into the bench table and JSON.

report.py RESULTS_LOG OUT_JSON [--seconds N] [--profile FILE] [--xen FILE]

RESULTS_LOG is the VM's results channel (--xen: the Xen host's, for guest
TCP through netback). Every figure is the median of its rounds; the JSON
keeps each under "raw". A ratio is taken round by round (each round ran its
set-ups back to back), its value is the median of those, and its 95 %
interval (ratios_ci) comes from a bootstrap over the rounds. The table goes
to stdout.
"""
import argparse
import datetime
import json
import random
import statistics
import sys

SETUPS = ("ceiling", "bridge", "xenbr")
REQUIRED = (
    [f"unicast_pps.{s}" for s in SETUPS + ("mirred", "ovs")]
    + [f"tcp_gbps.{s}" for s in SETUPS]
    + [f"fdb_scale_pps.xenbr.{n}" for n in (1, 1000, 100000, 1000000)]
    + [f"fdb_entry_bytes.{s}" for s in ("bridge", "xenbr")]
    + [f"flood_pps.{s}.{n}" for s in ("bridge", "xenbr") for n in (2, 8, 32)]
    + [f"ratios.{r}" for r in ("unicast_vs_bridge", "unicast_vs_ceiling",
                               "tcp_vs_bridge", "fdb_1m_vs_1", "overhead_vs_bridge",
                               "unicast_vs_ovs")]
)

# The targets: ratio name, "<=" or ">=", bound.
TARGETS = (
    ("overhead_vs_bridge", "<=", 0.5),
    ("unicast_vs_ovs", ">=", 1.0),
    ("flood_per_port_vs_bridge", "<=", 0.8),
    ("flood_per_port_vs_bridge_128", "<=", 0.8),
    ("flood_per_port_vs_bridge_256", "<=", 0.8),
    ("fdb_1m_vs_1", ">=", 0.95),
    ("learn_rate_vs_bridge", ">=", 1.5),
    ("ageing_1m_vs_bridge", "<=", 1.0),
    ("xen_tcp_vs_bridge", ">=", 1.0),
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


def parse(path, raw=None, by_round=None):
    """raw: metric -> setup -> param -> [values]; by_round: the same with
    {round: value}, for pairing the set-ups of one round."""
    raw = {} if raw is None else raw
    by_round = {} if by_round is None else by_round
    vals, notes, prof = {}, [], {}
    kernel = ""
    with open(path, errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split(" ")
            tag = parts[0]
            if tag == "BENCH" and len(parts) == 6:
                _, metric, setup, param, rnd, value = parts
                try:
                    v = float(value)
                except ValueError:
                    notes.append(f"unparsable figure: {line.strip()}")
                    continue
                raw.setdefault(metric, {}).setdefault(setup, {}).setdefault(param, []).append(v)
                by_round.setdefault(metric, {}).setdefault(setup, {}).setdefault(param, {})[rnd] = v
            elif tag == "VAL" and len(parts) >= 3:
                vals[parts[1]] = number(" ".join(parts[2:]))
            elif tag == "NOTE":
                notes.append(" ".join(parts[1:]))
            elif tag == "PROF" and len(parts) >= 2:
                prof.setdefault(parts[1], []).append(" ".join(parts[2:]))
            elif tag == "KERNEL":
                kernel = " ".join(parts[1:])
    return raw, by_round, vals, notes, prof, kernel


def per_round(by_round, metric, param, setups, fn):
    """fn(values of the setups) for every round that has them all."""
    cols = [by_round.get(metric, {}).get(s, {}).get(param, {}) for s in setups]
    out = []
    for rnd in sorted(cols[0], key=lambda r: (len(r), r)) if cols else []:
        vs = [c.get(rnd) for c in cols]
        if all(isinstance(v, (int, float)) and v > 0 for v in vs):
            try:
                out.append(fn(*vs))
            except ZeroDivisionError:
                pass
    return out


def bootstrap_ci(values, n=4000, seed=19):
    """95 % interval of the median of values, resampled with replacement."""
    if len(values) < 2:
        return None
    rng = random.Random(seed)
    meds = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(n))
    return [round(meds[int(0.025 * n)], 3), round(meds[int(0.975 * n) - 1], 3)]


def put_ratio(doc, name, values):
    """A ratio from its per-round values: median, interval, count."""
    if not values:
        return
    doc.setdefault("ratios", {})[name] = round(statistics.median(values), 3)
    ci = bootstrap_ci(values)
    if ci:
        doc.setdefault("ratios_ci", {})[name] = ci
    doc.setdefault("ratios_n", {})[name] = len(values)


def flood_cost(r_n, r_2, n):
    """ns a frame one more flooded port costs, from 2 to n ports."""
    return (1e9 / r_n - 1e9 / r_2) / (n - 2)


def build(raw, by_round, vals, notes, kernel, seconds):
    doc = {}
    for metric, by_setup in raw.items():
        for setup, by_param in by_setup.items():
            for param, reps in by_param.items():
                key = f"{metric}.{setup}" + ("" if param == "-" else f".{param}")
                med = statistics.median(reps)
                put(doc, key, round(med, 3) if metric.endswith("_gbps") else round(med))
                # (max - min) / median: how much the repetitions disagree.
                put(doc, "spread." + key, round((max(reps) - min(reps)) / med, 2) if med else 0)
    for key, v in vals.items():
        put(doc, key, v)
    # The unicast "ceiling" is now the forwarding limit (tc mirred); the
    # key stays for those who read it. TCP's ceiling is still a bare veth.
    if get(doc, "unicast_pps.mirred") is not None:
        put(doc, "unicast_pps.ceiling", get(doc, "unicast_pps.mirred"))

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
        for n in raw.get("fdb_scale_pps", {}).get(s, {}):
            refs = by_round.get("fdb_scale_ref_pps", {}).get(s, {}).get(n, {})
            rel = [v / refs[r] for r, v in by_round["fdb_scale_pps"][s][n].items() if refs.get(r)]
            if rel:
                put(doc, f"fdb_scale_rel.{s}.{n}", round(statistics.median(rel), 3))

    doc["ratios"] = {
        # Drift-corrected (see fdb_scale_rel) when the reference was
        # measured (not with QUICK=1); the _raw ones divide the medians.
        "fdb_1m_vs_1": fdb_ratio(doc, "xenbr"),
        "fdb_1m_vs_1_bridge": fdb_ratio(doc, "bridge"),
        "fdb_1m_vs_1_raw": ratio(get(doc, "fdb_scale_pps.xenbr.1000000"), get(doc, "fdb_scale_pps.xenbr.1")),
        "fdb_1m_vs_1_bridge_raw": ratio(get(doc, "fdb_scale_pps.bridge.1000000"),
                                        get(doc, "fdb_scale_pps.bridge.1")),
        "fdb_entry_vs_bridge": ratio(get(doc, "fdb_entry_bytes.xenbr"), get(doc, "fdb_entry_bytes.bridge")),
        "learn_rate_vs_bridge": ratio(get(doc, "learn_rate.xenbr"), get(doc, "learn_rate.bridge")),
        "tcp_vs_ceiling": ratio(get(doc, "tcp_gbps.xenbr"), get(doc, "tcp_gbps.ceiling")),
    }

    # Round by round: each round ran its set-ups back to back.
    uni = ("unicast_pps", "-")
    put_ratio(doc, "unicast_vs_bridge", per_round(by_round, *uni, ("xenbr", "bridge"), lambda x, b: x / b))
    put_ratio(doc, "unicast_vs_ceiling", per_round(by_round, *uni, ("xenbr", "mirred"), lambda x, m: x / m))
    put_ratio(doc, "unicast_vs_ovs", per_round(by_round, *uni, ("xenbr", "ovs"), lambda x, o: x / o))
    put_ratio(doc, "bridge_vs_ovs", per_round(by_round, *uni, ("bridge", "ovs"), lambda b, o: b / o))
    # Overhead a frame above the limit, in ns: 1/rate - 1/rate_limit.
    for s in ("bridge", "xenbr", "ovs"):
        ns = per_round(by_round, *uni, (s, "mirred"), lambda r, m: 1e9 / r - 1e9 / m)
        if ns:
            put(doc, f"overhead_ns.{s}", round(statistics.median(ns), 1))
    put_ratio(doc, "overhead_vs_bridge", per_round(
        by_round, *uni, ("xenbr", "bridge", "mirred"),
        lambda x, b, m: (1 / x - 1 / m) / (1 / b - 1 / m)))
    put_ratio(doc, "overhead_vs_ovs", per_round(
        by_round, *uni, ("xenbr", "ovs", "mirred"),
        lambda x, o, m: (1 / x - 1 / m) / (1 / o - 1 / m)))
    put_ratio(doc, "tcp_vs_bridge", per_round(by_round, "tcp_gbps", "-", ("xenbr", "bridge"),
                                              lambda x, b: x / b))
    # Pairs measured one after the other under one set-up (param A, B).
    def within(metric, setup, a, b):
        col = by_round.get(metric, {}).get(setup, {})
        return [v / col[b][r] for r, v in col.get(a, {}).items() if col.get(b, {}).get(r)]

    put_ratio(doc, "locked_vs_unlocked", within("lock_pps", "xenbr", "locked", "unlocked"))
    # VLAN filtering: its cost on each bridge (on / off, taken in turns),
    # and xenbr's filtering against the Linux bridge's.
    for s in ("bridge", "xenbr"):
        on = raw.get("unicast_vlan_pps", {}).get(s, {}).get("-", [])
        off = raw.get("unicast_novlan_pps", {}).get(s, {}).get("-", [])
        put_ratio(doc, f"vlan_on_vs_off_{s}", [a / b for a, b in zip(on, off) if b])
    put_ratio(doc, "vlan_vs_bridge", per_round(by_round, "unicast_vlan_pps", "-", ("xenbr", "bridge"),
                                               lambda x, b: x / b))

    # Flood: the rate at each size, and the cost of one more port, from 2
    # ports to n, set-up against set-up round by round.
    floods = sorted(int(n) for n in raw.get("flood_pps", {}).get("xenbr", {}))
    for n in floods:
        put_ratio(doc, f"flood_{n}_vs_bridge", per_round(by_round, "flood_pps", str(n), ("xenbr", "bridge"),
                                                         lambda x, b: x / b))
        if n <= 2:
            continue
        two = by_round.get("flood_pps", {})
        for s in ("bridge", "xenbr", "ovs"):
            costs = [flood_cost(two[s][str(n)][r], two[s]["2"][r], n)
                     for r in two.get(s, {}).get(str(n), {}) if r in two.get(s, {}).get("2", {})]
            if costs:
                put(doc, f"flood_ns_per_port_at.{s}.{n}", round(statistics.median(costs), 1))
                if n == 32:
                    put(doc, f"flood_ns_per_port.{s}", round(statistics.median(costs), 1))
        for other in ("bridge", "ovs"):
            pairs = []
            for r in two.get("xenbr", {}).get(str(n), {}):
                try:
                    pairs.append(flood_cost(two["xenbr"][str(n)][r], two["xenbr"]["2"][r], n)
                                 / flood_cost(two[other][str(n)][r], two[other]["2"][r], n))
                except (KeyError, ZeroDivisionError):
                    pass
            name = f"flood_per_port_vs_{other}" + ("" if n == 32 else f"_{n}")
            put_ratio(doc, name, pairs)

    # One ageing pass over the full FDB, xenbr's time over the bridge's.
    put_ratio(doc, "ageing_1m_vs_bridge", per_round(by_round, "ageing_us", "-", ("xenbr", "bridge"),
                                                    lambda x, b: x / b))

    # Guest TCP through netback on the Xen host, both paths pooled.
    xen = []
    for path in ("g2d", "g2g"):
        v = per_round(by_round, "xen_tcp_gbps", path, ("xenbr", "bridge"), lambda x, b: x / b)
        put_ratio(doc, f"xen_tcp_vs_bridge_{path}", v)
        xen += v
    put_ratio(doc, "xen_tcp_vs_bridge", xen)

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


def raw_gaps(doc):
    """The reload gap's lines: a median and interval per number of vifs."""
    out = []
    by_n = doc.get("raw", {}).get("xen_reload_ms", {}).get("xenbr", {})
    for n in sorted(by_n, key=int):
        v = by_n[n]
        iv = bootstrap_ci(v)
        out.append(f"  {n} vifs: {fmt(statistics.median(v))} ms"
                   + (f"  [{iv[0]:.0f}, {iv[1]:.0f}]" if iv else "") + f"  n={len(v)}")
    return out


def table(doc):
    rows = []
    cols = ("mirred", "bridge", "xenbr", "ovs")

    def row(name, key, unit=""):
        v = {c: get(doc, key.format(s=c)) for c in cols}
        b, x = v["bridge"], v["xenbr"]
        rows.append((name,) + tuple(fmt(v[c], unit) if v[c] is not None else "" for c in cols)
                    + (fmt(ratio(x, b)) if b else "-",))

    row("unicast 64 B, pps", "unicast_pps.{s}")
    row("  ns/frame above the limit", "overhead_ns.{s}")
    for n in sorted(int(k) for k in (get(doc, "flood_pps.xenbr") or {})):
        row(f"flood {n} ports, pps", f"flood_pps.{{s}}.{n}")
        if n > 2:
            row("  ns per added port", f"flood_ns_per_port_at.{{s}}.{n}")
    row("unicast, VLAN filtering on", "unicast_vlan_pps.{s}")
    row("  (and off, alternating)", "unicast_novlan_pps.{s}")
    row("TCP (iperf3), Gbit/s", "tcp_gbps.{s}")
    for n in (1, 1000, 100000, 1000000):
        row(f"unicast, {n:,} FDB entries", f"fdb_scale_pps.{{s}}.{n}")
        row("  (entries present)", f"fdb_scale_entries.{{s}}.{n}")
        row("  (÷ empty reference bridge)", f"fdb_scale_rel.{{s}}.{n}")
    row("ageing pass, full FDB, us", "ageing_us.{s}")
    row("learning, new MACs/s", "learn_rate.{s}")
    row("FDB entry, slab bytes", "fdb_entry_bytes.{s}")
    row("FDB object_size, bytes", "fdb_object_size.{s}")
    row("Slab growth/entry, bytes", "fdb_slab_bytes_per_entry.{s}")
    row("Memory/entry incl. hash, B", "fdb_mem_bytes_per_entry.{s}")
    for path in ("g2d", "g2g"):
        row(f"Xen guest TCP {path}, Gbit/s", f"xen_tcp_gbps.{{s}}.{path}")
    for n in sorted(int(k) for k in (get(doc, "xen_reload_ms.xenbr") or {})):
        row(f"Xen reload gap, {n} vifs, ms", f"xen_reload_ms.{{s}}.{n}")
    rows = [r for r in rows if any(c not in ("", "-") for c in r[1:5])]
    head = ("figure", "limit (mirred)", "bridge", "xenbr", "OVS dp", "xenbr/bridge")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    out = []
    for r in [head] + rows:
        out.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                             for i, c in enumerate(r)))
    out.insert(1, "  ".join("-" * w for w in widths))
    out.append("")
    out.append("ratios (median of the per-round ratios, [95 % bootstrap interval], rounds):")
    r, ci, cnt = doc.get("ratios", {}), doc.get("ratios_ci", {}), doc.get("ratios_n", {})
    for name in sorted(r):
        iv = ci.get(name)
        out.append(f"  {name:32} {fmt(r[name]):>7}"
                   + (f"  [{iv[0]:.3f}, {iv[1]:.3f}]" if iv else "")
                   + (f"  n={cnt[name]}" if name in cnt else ""))
    gaps = raw_gaps(doc)
    if gaps:
        out.append("")
        out.append("reload gap on the Xen host (xenbr-ctl reload: unload to every port back),"
                   " median [95 % bootstrap interval], reloads:")
        out += gaps
    out.append("")
    out.append("targets:")
    for name, op, bound in TARGETS:
        v = r.get(name)
        if v is None:
            out.append(f"  {name} {op} {bound}: not measured")
            continue
        met = v <= bound if op == "<=" else v >= bound
        iv = ci.get(name)
        verdict = "met" if met else "missed"
        if iv and iv[0] < bound < iv[1]:
            verdict += ", but the interval straddles the target"
        out.append(f"  {name} {op} {bound}: {v} {verdict}")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("json")
    ap.add_argument("--seconds", type=int)
    ap.add_argument("--profile")
    ap.add_argument("--xen", help="the Xen host's results (guest TCP through netback)")
    a = ap.parse_args()
    raw, by_round, vals, notes, prof, kernel = parse(a.results)
    if a.xen:
        try:
            _, _, xvals, xnotes, _, _ = parse(a.xen, raw, by_round)
            vals.update(xvals)
            notes += [f"xen: {n}" for n in xnotes]
        except OSError as e:
            notes.append(f"no Xen results: {e}")
    doc = build(raw, by_round, vals, notes, kernel, a.seconds)
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
