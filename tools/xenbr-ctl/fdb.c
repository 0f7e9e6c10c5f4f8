// SPDX-License-Identifier: GPL-2.0
/* xenbr-ctl: the fdb verb - add, replace, del, flush and show FDB entries. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "errors.h"
#include "json.h"
#include "xenbr-ctl.h"

static const char *fdb_type(uint32_t flags)
{
	if (flags & XENBR_FDB_LOCAL)
		return "local";
	if (flags & XENBR_FDB_STATIC)
		return "static";
	return "learned";
}

/*
 * fdb show: "MAC dev DEV vlan VID TYPE age SECS". An event: " MAC vlan VID
 * [dev DEV] TYPE", no age; in JSON "dev" is null when there is no port.
 */
void print_fdb(const struct fdb *f, const char *dev, enum view view)
{
	char mac[18];

	fmt_mac(mac, f->mac);
	if (json) {
		if (view == VIEW_SHOW)
			jopen('{');
		jstr("mac", mac);
		juint("vlan", f->vid);
		jstr("dev", dev);
		jstr("type", fdb_type(f->flags));
		if (view == VIEW_SHOW) {
			jsecs("age", f->age);
			jclose('}');
		}
	} else if (view == VIEW_SHOW) {
		printf("%s dev %s vlan %u %s age %u.%02u\n", mac, dev, f->vid,
		       fdb_type(f->flags), f->age / 1000, f->age % 1000 / 10);
	} else {
		printf(" %s vlan %u", mac, f->vid);
		if (dev)
			printf(" dev %s", dev);
		printf(" %s", fdb_type(f->flags));
	}
}

/* fdb show BRIDGE [vlan VID]: @vid < 0 for every VLAN. */
static int fdb_show(const char *brname, int vid)
{
	struct vec brs = get_bridges(brname), fdb;
	struct bridge *br = brs.v;
	char dev[IF_NAMESIZE];
	size_t i;

	fdb = get_fdb(br->ifindex);
	if (json)
		jopen('[');
	for (i = 0; i < fdb.n; i++) {
		struct fdb *f = (struct fdb *)fdb.v + i;

		if (vid >= 0 && f->vid != vid)
			continue;
		print_fdb(f, f->port_ifindex ? ifname(f->port_ifindex, dev) :
			  br->name, VIEW_SHOW);
	}
	if (json) {
		jclose(']');
		jend();
	}
	free(fdb.v);
	free(brs.v);
	return 0;
}

int cmd_fdb(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	uint8_t mac[ETH_ALEN];
	const char *sub;
	int err, i;

	need_args(argc, 2, 7);
	sub = argv[0];
	if (!strcmp(sub, "show")) {
		if (argc == 4 && !strcmp(argv[2], "vlan"))
			return fdb_show(argv[1], parse_uint(argv[3],
							    XENBR_VID_MAX,
							    "VLAN id"));
		need_args(argc, 2, 2);
		return fdb_show(argv[1], -1);
	}
	if (!strcmp(sub, "add") || !strcmp(sub, "replace") ||
	    !strcmp(sub, "del")) {
		bool replace = !strcmp(sub, "replace");
		bool add = replace || !strcmp(sub, "add");

		/*
		 * fdb add|replace BR MAC DEV [vlan N] | fdb del BR MAC [vlan N];
		 * replace takes an address that is static on another port.
		 */
		i = add ? 4 : 3;
		if (argc != i && argc != i + 2)
			usage_of(verb);
		if (argc == i + 2 && strcmp(argv[i], "vlan"))
			usage_of(verb);
		parse_mac(argv[2], mac);
		nlh = req(add ? XENBR_CMD_FDB_ADD : XENBR_CMD_FDB_DEL,
			  NLM_F_ACK);
		if (replace)
			mnl_attr_put(nlh, XENBR_A_FDB_REPLACE, 0, NULL);
		put_name(nlh, XENBR_A_BR_IFNAME, argv[1]);
		mnl_attr_put(nlh, XENBR_A_FDB_MAC, ETH_ALEN, mac);
		if (add)
			put_name(nlh, XENBR_A_PORT_IFNAME, argv[3]);
		if (argc == i + 2)
			mnl_attr_put_u16(nlh, XENBR_A_FDB_VLAN,
					 parse_uint(argv[i + 1], XENBR_VID_MAX,
						    "VLAN id"));
		err = do_change(nlh);
		if (err)
			die_nl(err, "fdb %s %s %s", sub, argv[1], argv[2]);
		return 0;
	}
	if (!strcmp(sub, "flush")) {
		/* fdb flush BR [dev DEV] [vlan VID] [static] */
		nlh = req(XENBR_CMD_FDB_FLUSH, NLM_F_ACK);
		put_name(nlh, XENBR_A_BR_IFNAME, argv[1]);
		for (i = 2; i < argc; i++) {
			if (!strcmp(argv[i], "static"))
				mnl_attr_put(nlh, XENBR_A_FLUSH_STATIC, 0, NULL);
			else if (!strcmp(argv[i], "dev") && i + 1 < argc)
				put_name(nlh, XENBR_A_PORT_IFNAME, argv[++i]);
			else if (!strcmp(argv[i], "vlan") && i + 1 < argc)
				mnl_attr_put_u16(nlh, XENBR_A_FDB_VLAN,
						 parse_uint(argv[++i],
							    XENBR_VID_MAX,
							    "VLAN id"));
			else
				usage_of(verb);
		}
		err = do_change(nlh);
		if (err)
			die_nl(err, "fdb flush %s", argv[1]);
		return 0;
	}
	die("fdb: unknown subcommand '%s' (add, replace, del, flush or show)",
	    sub);
}
