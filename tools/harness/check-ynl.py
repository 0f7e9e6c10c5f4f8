#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare Documentation/netlink/specs/xenbr.yaml with the uapi header
(names and values of every enum, the family and group names, the limits)
and with the kernel's operations (xenbr/netlink.c) and policies (each
object's xenbr/*netlink*.c): which attributes each operation takes.

check-ynl.py TOP: prints what differs, exits 1 if anything does.
"""
import glob
import re
import sys

import yaml

top = sys.argv[1] if len(sys.argv) > 1 else "."
spec = yaml.safe_load(open(f"{top}/Documentation/netlink/specs/xenbr.yaml"))
header = open(f"{top}/include/uapi/linux/xenbr.h").read()
source = "".join(open(f).read() for f in sorted(glob.glob(f"{top}/xenbr/*netlink*.[ch]")))
errors = []


def cname(*parts):
    return "".join(parts).upper().replace("-", "_")


def strip_comments(text):
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


# The header: every enum's entries and values, and the #defines.
hdr = strip_comments(header)
defines = dict(re.findall(r"#define\s+(\w+)\s+(.+)", hdr))
enums = {}
for name, body in re.findall(r"enum\s+(\w+)\s*\{(.*?)\};", hdr, re.S):
    values, nxt = {}, 0
    for item in (i.strip() for i in body.split(",")):
        if not item:
            continue
        ident, _, expr = (" ".join(p.split()) for p in item.partition("="))
        if expr:
            nxt = eval(expr, {}, dict(values))  # (1 << n), A | B
        values[ident] = nxt
        nxt += 1
    enums[name] = values


def define(name):
    v = defines[name].strip()
    if v.startswith('"'):
        return v.strip('"')
    return eval(re.sub(r"(\d+)U\b", r"\1", v))


def compare(what, want, have):
    """want: from the spec, have: from the header; both name -> value."""
    for n in sorted(set(want) | set(have)):
        if n not in have:
            errors.append(f"{what}: {n} is in the spec, not in the header")
        elif n not in want:
            errors.append(f"{what}: {n} is in the header, not in the spec")
        elif want[n] != have[n]:
            errors.append(f"{what}: {n} is {want[n]} in the spec, {have[n]} in the header")


def header_enum(name, drop=()):
    return {k: v for k, v in enums[name].items()
            if not k.startswith("__") and k not in drop}


# Family, version, group.
if spec["name"] != define("XENBR_GENL_NAME"):
    errors.append("family name differs")
if cname(spec["c-family-name"]) != "XENBR_GENL_NAME":
    errors.append("c-family-name is not XENBR_GENL_NAME")
groups = [g["name"] for g in spec["mcast-groups"]["list"]]
if groups != [define("XENBR_MCGRP_EVENTS")]:
    errors.append(f"multicast groups {groups} differ from XENBR_MCGRP_EVENTS")

# Definitions.
defs = {d["name"]: d for d in spec["definitions"]}
for dname, ename, drop in (("port-flags", "xenbr_port_flags", ("XENBR_PORT_DEFAULT", "XENBR_PORT_ALL")),
                           ("fdb-flags", "xenbr_fdb_flags", ()),
                           ("drop-reason", "xenbr_drop_reason", ()),
                           ("port-state", "xenbr_port_state", ()),
                           ("event-type", "xenbr_event_type", ()),
                           ("lock-mode", "xenbr_lock_mode", ())):
    d = defs[dname]
    start = d.get("value-start", 0)
    want = {cname(d["name-prefix"], e): (1 << i if d["type"] == "flags" else start + i)
            for i, e in enumerate(d["entries"])}
    compare(f"definition {dname}", want, header_enum(ename, drop))


# Attribute sets: values run on from the previous one, from 0 after an
# "unused" first entry, else from 1.
def attr_values(aset, prefix):
    want, nxt = {}, None
    for a in aset["attributes"]:
        if nxt is None:
            nxt = 0 if a["type"] == "unused" else 1
        nxt = a.get("value", nxt)
        want[cname(prefix, a["name"])] = nxt
        nxt += 1
    return want


sets = {s["name"]: s for s in spec["attribute-sets"]}
compare("attribute-set xenbr", attr_values(sets["xenbr"], "xenbr-a-"),
        header_enum("xenbr_attr"))
compare("attribute-set stats", attr_values(sets["stats"], "xenbr-stats-a-"),
        header_enum("xenbr_stats_attr"))
compare("attribute-set drops", attr_values(sets["drops"], "xenbr-drop-"),
        {k: v + 1 for k, v in header_enum("xenbr_drop_reason").items()})
compare("attribute-set vlan", attr_values(sets["vlan"], "xenbr-vlan-a-"),
        header_enum("xenbr_vlan_attr"))

# VIF locking: the address sets, and the limit.
for sname, ename, prefix in (("lock-ipv4-list", "xenbr_lock_list_attr", "xenbr-lock-list-a-"),
                             ("lock-ipv6-list", "xenbr_lock_list_attr", "xenbr-lock-list-a-"),
                             ("lock-ipv4-addr", "xenbr_lock_addr_attr", "xenbr-lock-addr-a-"),
                             ("lock-ipv6-addr", "xenbr_lock_addr_attr", "xenbr-lock-addr-a-")):
    compare(f"attribute-set {sname}", attr_values(sets[sname], prefix), header_enum(ename))
if defs["lock-addrs-max"]["value"] != define("XENBR_LOCK_ADDRS_MAX"):
    errors.append("lock-addrs-max is not XENBR_LOCK_ADDRS_MAX")

# The limits in the checks are the header's.
attrs = {a["name"]: a for a in sets["xenbr"]["attributes"]}
for a, key, dname in (("br-ageing-time", "max", "XENBR_AGEING_MAX_MS"),
                      ("br-learn-limit", "max", "XENBR_LEARN_LIMIT_MAX"),
                      ("br-port-learn-limit", "max", "XENBR_LEARN_LIMIT_MAX"),
                      ("port-learn-limit", "max", "XENBR_LEARN_LIMIT_MAX")):
    if attrs[a].get("checks", {}).get(key) != define(dname):
        errors.append(f"attribute {a}: checks {key} is not {dname}")
vattrs = {a["name"]: a for a in sets["vlan"]["attributes"]}
for a, aset in (("fdb-vlan", attrs), ("br-vlan-default-pvid", attrs),
                ("id", vattrs), ("id-end", vattrs)):
    if aset[a].get("checks", {}).get("max") != define("XENBR_VID_MAX"):
        errors.append(f"attribute {a}: checks max is not XENBR_VID_MAX")

# Operations.
ops = spec["operations"]["list"]
want, nxt = {}, 0
for op in ops:
    nxt = op.get("value", nxt)
    want[cname(spec["operations"]["name-prefix"], op["name"])] = nxt
    nxt += 1
compare("operations", want, header_enum("xenbr_cmd"))

# Each operation's request attributes are exactly its kernel policy's, and
# the changes, and only they, need CAP_NET_ADMIN.
src = strip_comments(source)
# netlink.h's policy entries shared by many (XENBR_NL_POLICY_BR, ...).
shared = {name: set(re.findall(r"\[(XENBR_A_\w+)\]", body))
          for name, body in re.findall(r"#define\s+(XENBR_NL_POLICY_\w+)\s*\\\n((?:.*\\\n)*.*)", src)}
policies = {}
for name, body in re.findall(r"nla_policy\s+(\w+)\[XENBR_A_MAX \+ 1\]\s*=\s*\{(.*?)\n\};", src, re.S):
    policies[name] = set(re.findall(r"\[(XENBR_A_\w+)\]", body))
    for macro in re.findall(r"\b(XENBR_NL_POLICY_\w+)\b", body):
        policies[name] |= shared[macro]
kops = {}
for body in re.findall(r"\{\s*\.cmd\s*=(.*?)\}", src, re.S):
    cmd = re.search(r"(XENBR_CMD_\w+)", body).group(1)
    pol = re.search(r"\.policy\s*=\s*(\w+)", body)
    kops[cmd] = (policies.get(pol.group(1)) if pol else None,
                 "GENL_UNS_ADMIN_PERM" in body)
for op in ops:
    cmd = cname("xenbr-cmd-", op["name"])
    if "do" not in op and "dump" not in op:
        if cmd in kops:
            errors.append(f"{cmd}: the kernel has an operation the spec has not")
        continue
    if cmd not in kops:
        errors.append(f"{cmd}: in the spec, not in the kernel's operations")
        continue
    pol, admin = kops[cmd]
    # A dump-only operation (vlan-get) has its request in "dump".
    part = op.get("do") or op["dump"]
    req = set(cname("xenbr-a-", a) for a in part["request"]["attributes"])
    if pol != req:
        errors.append(f"{cmd}: spec request {sorted(req)} != policy {sorted(pol or [])}")
    if admin != ("uns-admin-perm" in op.get("flags", [])):
        errors.append(f"{cmd}: CAP_NET_ADMIN requirement differs")

for e in errors:
    print(e)
print(f"check-ynl: {len(errors)} difference(s)", file=sys.stderr)
sys.exit(1 if errors else 0)
