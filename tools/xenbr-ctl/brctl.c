// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: brctl's verbs. They print exactly what brctl prints, so
 * scripts written for brctl (Xen's xen-network-common.sh) can call these.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "errors.h"
#include "json.h"
#include "xenbr-ctl.h"

/* addbr and delbr: @cmd on the bridge named argv[0]. */
static int br_change(uint8_t cmd, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	int err;

	need_args(argc, 1, 1);
	nlh = req(cmd, NLM_F_ACK);
	put_name(nlh, XENBR_A_BR_IFNAME, argv[0]);
	err = do_change(nlh);
	if (err)
		die_nl(err, "%s %s", verb, argv[0]);
	return 0;
}

int cmd_addbr(int argc, char **argv)
{
	return br_change(XENBR_CMD_BR_NEW, argc, argv);
}

int cmd_delbr(int argc, char **argv)
{
	return br_change(XENBR_CMD_BR_DEL, argc, argv);
}

static int port_change(uint8_t cmd, const char *br, const char *dev)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = req(cmd, NLM_F_ACK);
	put_name(nlh, XENBR_A_BR_IFNAME, br);
	put_name(nlh, XENBR_A_PORT_IFNAME, dev);
	err = do_change(nlh);
	if (err)
		die_nl(err, "%s %s %s", verb, br, dev);
	return 0;
}

int cmd_addif(int argc, char **argv)
{
	need_args(argc, 2, 2);
	return port_change(XENBR_CMD_PORT_ADD, argv[0], argv[1]);
}

int cmd_delif(int argc, char **argv)
{
	need_args(argc, 2, 2);
	return port_change(XENBR_CMD_PORT_DEL, argv[0], argv[1]);
}

static void bridge_id(char *out, const struct bridge *br)
{
	/* Priority 0x8000, as brctl shows a bridge without STP. */
	sprintf(out, "8000.%02x%02x%02x%02x%02x%02x", br->mac[0], br->mac[1],
		br->mac[2], br->mac[3], br->mac[4], br->mac[5]);
}

/*
 * A bridge's JSON "netback": each port that is a netback vif, by name; left
 * out when none is, so the output for bridges without vifs is brctl's.
 */
static void jvifs(const struct vec *ports)
{
	const struct port *p = ports->v;
	bool any = false;
	size_t j;

	for (j = 0; j < ports->n; j++) {
		if (!p[j].vif.is_vif)
			continue;
		if (!any) {
			jkey("netback");
			jopen('{');
			any = true;
		}
		jvif(p[j].name, &p[j].vif);
	}
	if (any)
		jclose('}');
}

int cmd_show(int argc, char **argv)
{
	struct vec brs = get_bridges(need_args(argc, 0, 1) ? argv[0] : NULL);
	char id[32], mac[18], vif[80];
	size_t i, j;

	if (json)
		jopen('[');
	else
		printf("bridge name\tbridge id\t\tSTP enabled\tinterfaces\n");
	for (i = 0; i < brs.n; i++) {
		struct bridge *br = (struct bridge *)brs.v + i;
		struct vec ports = get_ports(br->ifindex);

		bridge_id(id, br);
		fmt_mac(mac, br->mac);
		if (json) {
			jopen('{');
			jstr("bridge", br->name);
			jstr("id", id);
			jbool("stp", false);
			jsecs("ageing_time", br->ageing);
			jstr("mac", mac);
			jbool("vlan_filtering", br->vlan_filtering);
			juint("default_pvid", br->default_pvid);
			jkey("interfaces");
			jopen('[');
			for (j = 0; j < ports.n; j++)
				jstr(NULL, ((struct port *)ports.v)[j].name);
			jclose(']');
			jvifs(&ports);
			jclose('}');
		} else {
			printf("%s\t\t%s\t%s\t\t", br->name, id, "no");
			for (j = 0; j < ports.n; j++) {
				struct port *p = (struct port *)ports.v + j;

				/* Only a vif's line differs from brctl's. */
				vif_text(vif, sizeof(vif), &p->vif);
				printf("%s%s%s%s%s\n", j ? "\t\t\t\t\t\t\t" : "",
				       p->name, *vif ? " (" : "", vif,
				       *vif ? ")" : "");
			}
			if (!ports.n)
				printf("\n");
		}
		free(ports.v);
	}
	return end_bridge_list(&brs);
}

static bool port_mac(const char *dev, uint8_t *mac)
{
	unsigned int b[ETH_ALEN];
	char path[64];
	FILE *f;
	int i, n;

	snprintf(path, sizeof(path), "/sys/class/net/%s/address", dev);
	f = fopen(path, "r");
	if (!f)
		return false;
	n = fscanf(f, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]);
	fclose(f);
	for (i = 0; i < ETH_ALEN; i++)
		mac[i] = b[i];
	return n == ETH_ALEN;
}

/*
 * brctl showmacs: entries sorted by MAC. The bridge's local entry has no
 * port; it is shown on the port whose device has that MAC, as a Linux
 * bridge would, and left out otherwise (as Linux leaves out entries with
 * no port).
 */
int cmd_showmacs(int argc, char **argv)
{
	struct vec brs, ports, fdb;
	struct bridge *br;
	char mac[18];
	size_t i, j;

	need_args(argc, 1, 1);
	brs = get_bridges(argv[0]);
	br = brs.v;
	ports = get_ports(br->ifindex);
	fdb = get_fdb(br->ifindex);

	if (json)
		jopen('[');
	else
		printf("port no\tmac addr\t\tis local?\tageing timer\n");
	for (i = 0; i < fdb.n; i++) {
		struct fdb *f = (struct fdb *)fdb.v + i;
		bool local = f->flags & XENBR_FDB_LOCAL;
		/* As brctl: entries that never age show no timer. */
		unsigned int age = f->flags & (XENBR_FDB_LOCAL | XENBR_FDB_STATIC) ?
				   0 : f->age;
		unsigned int no = 0;

		for (j = 0; j < ports.n; j++) {
			struct port *p = (struct port *)ports.v + j;
			uint8_t pmac[ETH_ALEN];

			if (local ? port_mac(p->name, pmac) &&
				    !memcmp(pmac, f->mac, ETH_ALEN) :
				    p->ifindex == f->port_ifindex) {
				no = p->no;
				break;
			}
		}
		if (!no)
			continue;
		fmt_mac(mac, f->mac);
		if (json) {
			jopen('{');
			juint("port", no);
			jstr("mac", mac);
			jbool("local", local);
			jsecs("ageing", age);
			jclose('}');
		} else {
			printf("%3u\t%s\t%s\t\t%4u.%.2u\n", no, mac,
			       local ? "yes" : "no", age / 1000, age % 1000 / 10);
		}
	}
	if (json) {
		jclose(']');
		jend();
	}
	free(fdb.v);
	free(ports.v);
	free(brs.v);
	return 0;
}

static int br_set(const char *br, uint16_t type, uint32_t value)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = req(XENBR_CMD_BR_SET, NLM_F_ACK);
	put_name(nlh, XENBR_A_BR_IFNAME, br);
	mnl_attr_put_u32(nlh, type, value);
	err = do_change(nlh);
	if (err)
		die_nl(err, "%s %s", verb, br);
	return 0;
}

int cmd_setageing(int argc, char **argv)
{
	double secs;

	need_args(argc, 2, 2);
	secs = parse_seconds(argv[1], XENBR_AGEING_MAX_MS / 1000,
			     "ageing time");
	return br_set(argv[0], XENBR_A_BR_AGEING_TIME,
		      (uint32_t)(secs * 1000 + 0.5));
}

/* STP and forward delay: xenbr has neither; accept only "none". */
int cmd_stp(int argc, char **argv)
{
	need_args(argc, 2, 2);
	if (parse_onoff(argv[1]))
		die("stp %s: xenbr has no STP: only \"off\" is supported",
		    argv[0]);
	free(get_bridges(argv[0]).v);
	return 0;
}

int cmd_setfd(int argc, char **argv)
{
	need_args(argc, 2, 2);
	if (parse_seconds(argv[1], 1e9, "forward delay") != 0)
		die("setfd %s: xenbr forwards at once: only a delay of 0 is supported",
		    argv[0]);
	free(get_bridges(argv[0]).v);
	return 0;
}
