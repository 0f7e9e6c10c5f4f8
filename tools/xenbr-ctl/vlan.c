// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: the vlan verb - a bridge's VLAN filtering switch and default
 * PVID, and the VLANs of its ports and of the bridge itself, with the words
 * and the output of iproute2's "bridge vlan".
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "errors.h"
#include "json.h"
#include "xenbr-ctl.h"

/* One run of VLAN ids of a device that share their flags. */
/* "vlan add" or "vlan del", for messages. */
static const char *what = "vlan";

/* A VLAN id, 1 to XENBR_VID_MAX, alone or an end of the range @spec. */
static uint16_t parse_vid(const char *s, const char *spec)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || *s == '+' || !v ||
	    v > XENBR_VID_MAX)
		die("%s: invalid VLAN id '%s'%s%s%s (1 to %u)", what, s,
		    strcmp(s, spec) ? " in the range '" : "",
		    strcmp(s, spec) ? spec : "", strcmp(s, spec) ? "'" : "",
		    XENBR_VID_MAX);
	return v;
}

/* VID or VID-VID into @id and @end (@end == @id for one VLAN). */
static void parse_vid_range(const char *spec, uint16_t *id, uint16_t *end)
{
	char buf[16];
	char *dash;

	if (strlen(spec) >= sizeof(buf))
		die("%s: invalid VLAN id or range '%s' (VID or VID-VID, 1 to %u)",
		    what, spec, XENBR_VID_MAX);
	strcpy(buf, spec);
	dash = strchr(buf, '-');
	if (dash)
		*dash++ = '\0';
	*id = parse_vid(buf, spec);
	*end = dash ? parse_vid(dash, spec) : *id;
	if (*end < *id)
		die("%s: invalid VLAN range '%s': it ends before it starts",
		    what, spec);
}

static int br_set_one(const char *br, uint16_t type, unsigned int value,
		      bool u8)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = req(XENBR_CMD_BR_SET, NLM_F_ACK);
	put_name(nlh, XENBR_A_BR_IFNAME, br);
	if (u8)
		mnl_attr_put_u8(nlh, type, value);
	else
		mnl_attr_put_u16(nlh, type, value);
	err = do_change(nlh);
	if (err == -ENODEV)
		die("%s: bridge %s does not exist", verb, br);
	if (err)
		die_nl(err, "vlan %s %s",
		       type == XENBR_A_BR_VLAN_FILTERING ? "filtering" :
		       "default-pvid", br);
	return 0;
}

/* vlan filtering BRIDGE [on|off], vlan default-pvid BRIDGE [VID] */
static int vlan_bridge(bool filtering, int argc, char **argv)
{
	struct vec brs;
	struct bridge *br;

	need_args(argc, 1, 2);
	if (argc == 2) {
		if (filtering)
			return br_set_one(argv[0], XENBR_A_BR_VLAN_FILTERING,
					  parse_onoff(argv[1]), true);
		return br_set_one(argv[0], XENBR_A_BR_VLAN_DEFAULT_PVID,
				  parse_uint(argv[1], XENBR_VID_MAX,
					     "default PVID"), false);
	}
	brs = get_bridges(argv[0]);
	br = brs.v;
	if (json) {
		jopen('{');
		jstr("bridge", br->name);
		jbool("vlan_filtering", br->vlan_filtering);
		juint("default_pvid", br->default_pvid);
		jclose('}');
		jend();
	} else if (filtering) {
		printf("%s\n", br->vlan_filtering ? "on" : "off");
	} else {
		printf("%u\n", br->default_pvid);
	}
	free(brs.v);
	return 0;
}

/* vlan add|del dev DEV vid VID[-VID] [pvid] [untagged] [self] [master] */
static int vlan_change(bool add, int argc, char **argv)
{
	const char *dev = NULL, *spec = NULL;
	bool pvid = false, untagged = false;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint16_t id, end;
	struct port port;
	enum kind kind;
	int i, err;

	what = add ? "vlan add" : "vlan del";
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "dev") && i + 1 < argc)
			dev = argv[++i];
		else if (!strcmp(argv[i], "vid") && i + 1 < argc)
			spec = argv[++i];
		else if (!strcmp(argv[i], "pvid"))
			pvid = true;
		else if (!strcmp(argv[i], "untagged"))
			untagged = true;
		/* bridge vlan's: here DEV alone says port or bridge. */
		else if (strcmp(argv[i], "self") && strcmp(argv[i], "master"))
			die("%s: unknown argument '%s' (dev DEV vid VID[-VID] [pvid] [untagged])",
			    what, argv[i]);
	}
	if (!dev || !spec)
		die("%s: both dev DEV and vid VID[-VID] are needed", what);
	check_name(dev);
	parse_vid_range(spec, &id, &end);
	/* Flags are what a VLAN becomes: del has none to give. */
	if (add && pvid && end != id)
		die("vlan add: pvid is one VLAN, not the range '%s'", spec);

	kind = classify(dev, &port);
	nlh = req(add ? XENBR_CMD_VLAN_ADD : XENBR_CMD_VLAN_DEL, NLM_F_ACK);
	if (kind == KIND_BRIDGE)
		put_name(nlh, XENBR_A_BR_IFNAME, dev);
	else
		put_name(nlh, XENBR_A_PORT_IFNAME, dev);
	nest = mnl_attr_nest_start(nlh, XENBR_A_VLAN);
	mnl_attr_put_u16(nlh, XENBR_VLAN_A_ID, id);
	if (end != id)
		mnl_attr_put_u16(nlh, XENBR_VLAN_A_ID_END, end);
	if (add && pvid)
		mnl_attr_put(nlh, XENBR_VLAN_A_PVID, 0, NULL);
	if (add && untagged)
		mnl_attr_put(nlh, XENBR_VLAN_A_UNTAGGED, 0, NULL);
	mnl_attr_nest_end(nlh, nest);
	err = do_change(nlh);
	if (err)
		die_nl(err, "%s dev %s vid %s", what, dev, spec);
	return 0;
}

static int vlan_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[XENBR_A_MAX + 1];
	const struct nlattr *vtb[XENBR_VLAN_A_MAX + 1];
	const struct nlattr *a;
	struct vec *runs = data;
	char name[IFNAMSIZ] = "";
	int ifindex;

	nl_parse(nlh, tb, XENBR_A_MAX);
	if (tb[XENBR_A_PORT_IFINDEX]) {
		ifindex = get_u32(tb[XENBR_A_PORT_IFINDEX]);
		if (tb[XENBR_A_PORT_IFNAME])
			get_str(name, tb[XENBR_A_PORT_IFNAME]);
	} else {
		ifindex = get_u32(tb[XENBR_A_BR_IFINDEX]);
		if (tb[XENBR_A_BR_IFNAME])
			get_str(name, tb[XENBR_A_BR_IFNAME]);
	}
	if (!*name)
		ifname(ifindex, name);
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		struct vrun *r;

		if (mnl_attr_get_type(a) != XENBR_A_VLAN)
			continue;
		nl_parse_nested(a, vtb, XENBR_VLAN_A_MAX);
		r = vec_add(runs);
		r->ifindex = ifindex;
		memcpy(r->name, name, IFNAMSIZ);
		r->id = get_u16(vtb[XENBR_VLAN_A_ID]);
		r->end = vtb[XENBR_VLAN_A_ID_END] ?
			 get_u16(vtb[XENBR_VLAN_A_ID_END]) : r->id;
		if (r->end < r->id)
			r->end = r->id;
		r->pvid = vtb[XENBR_VLAN_A_PVID];
		r->untagged = vtb[XENBR_VLAN_A_UNTAGGED];
	}
	return MNL_CB_OK;
}

/* By device in ifindex order (as a Linux bridge's dump), then by VLAN. */
static int cmp_vrun(const void *a, const void *b)
{
	const struct vrun *x = a, *y = b;

	if (x->ifindex != y->ifindex)
		return x->ifindex < y->ifindex ? -1 : 1;
	return (int)x->id - (int)y->id;
}

/*
 * bridge vlan show's layout: a header, then a line per VLAN id (ranges are
 * spelled out, as there without -c), the device's name on its first
 * line in 16 columns and two spaces, then " PVID" and " Egress Untagged".
 */
static void print_vid(const struct vrun *r, unsigned int vid, bool first)
{
	if (json) {
		if (first) {
			jopen('{');
			jstr("ifname", r->name);
			jkey("vlans");
			jopen('[');
		}
		jopen('{');
		juint("vlan", vid);
		if (r->pvid || r->untagged) {
			jkey("flags");
			jopen('[');
			if (r->pvid)
				jstr(NULL, "PVID");
			if (r->untagged)
				jstr(NULL, "Egress Untagged");
			jclose(']');
		}
		jclose('}');
		return;
	}
	printf("%-16s  %u%s%s\n", first ? r->name : "", vid,
	       r->pvid ? " PVID" : "", r->untagged ? " Egress Untagged" : "");
}

struct vec get_vlans(const char *dev)
{
	struct vec runs = { .size = sizeof(struct vrun) };
	struct nlmsghdr *nlh;
	int err;

	nlh = req(XENBR_CMD_VLAN_GET, NLM_F_DUMP);
	if (dev)
		put_name(nlh, XENBR_A_PORT_IFNAME, dev);
	err = nl_talk(&nl, nlh, vlan_cb, &runs);
	if (err)
		die_nl(err, "vlan show%s%s", dev ? " dev " : "", dev ? dev : "");
	qsort(runs.v, runs.n, runs.size, cmp_vrun);
	return runs;
}

static int vlan_show(int argc, char **argv)
{
	const char *dev = NULL;
	struct port port;
	struct vec runs;
	struct vrun *r;
	unsigned int vid;
	size_t i;

	if (argc == 2 && !strcmp(argv[0], "dev"))
		dev = argv[1];
	else if (argc)
		usage_of(verb);
	/* The same words as elsewhere for a device that is neither. */
	if (dev)
		classify(dev, &port);
	runs = get_vlans(dev);

	if (json)
		jopen('[');
	else
		printf("%-16s  %-9s\n", "port", "vlan-id");
	r = runs.v;
	for (i = 0; i < runs.n; i++) {
		bool first = !i || r[i].ifindex != r[i - 1].ifindex;

		for (vid = r[i].id; vid <= r[i].end; vid++) {
			print_vid(&r[i], vid, first);
			first = false;
		}
		if (json && (i + 1 == runs.n ||
			     r[i + 1].ifindex != r[i].ifindex)) {
			jclose(']');
			jclose('}');
		}
	}
	if (json) {
		jclose(']');
		jend();
	}
	free(runs.v);
	return 0;
}

int cmd_vlan(int argc, char **argv)
{
	const char *sub;

	need_args(argc, 1, 16);
	sub = argv[0];
	if (!strcmp(sub, "filtering") || !strcmp(sub, "default-pvid"))
		return vlan_bridge(sub[0] == 'f', argc - 1, argv + 1);
	if (!strcmp(sub, "add") || !strcmp(sub, "del"))
		return vlan_change(sub[0] == 'a', argc - 1, argv + 1);
	if (!strcmp(sub, "show"))
		return vlan_show(argc - 1, argv + 1);
	die("vlan: unknown subcommand '%s' (filtering, default-pvid, add, del or show)",
	    sub);
}
