// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: the port verb - a port's flags and learning limit - and the
 * printers of a port and of the Xen netback vif it may be.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "errors.h"
#include "json.h"
#include "xenbr-ctl.h"

static bool mac_known(const uint8_t *mac)
{
	static const uint8_t zero[ETH_ALEN];

	return memcmp(mac, zero, ETH_ALEN);
}

const char *vif_text(char *out, size_t size, const struct vif *vif)
{
	char mac[18];
	int n;

	*out = '\0';
	if (!vif->is_vif)
		return out;
	n = snprintf(out, size, "domid %u handle %u", vif->domid, vif->handle);
	if (mac_known(vif->guest_mac)) {
		fmt_mac(mac, vif->guest_mac);
		snprintf(out + n, size - n, " guest-mac %s", mac);
	}
	return out;
}

/* {"domid": D, "handle": H, "guest_mac": M or null} */
void jvif(const char *key, const struct vif *vif)
{
	char mac[18];

	fmt_mac(mac, vif->guest_mac);
	jkey(key);
	jopen('{');
	juint("domid", vif->domid);
	juint("handle", vif->handle);
	jstr("guest_mac", mac_known(vif->guest_mac) ? mac : NULL);
	jclose('}');
}

/*
 * port show: "DEV bridge BR port N state S learning ... learned N[ VIF]".
 * An event: " dev DEV port N S[ VIF]", without the bridge, flags, limit
 * and count.
 */
void print_port(const struct port *p, enum view view)
{
	const char *state = p->up ? "up" : "down";
	bool show = view == VIEW_SHOW;
	char vif[80];

	if (json) {
		if (show)
			jopen('{');
		jstr("dev", p->name);
		if (show)
			jstr("bridge", p->br);
		juint("port", p->no);
		jstr("state", state);
		if (show) {
			jbool("learning", p->learning);
			jbool("flood", p->flood);
			jbool("mcast_flood", p->mcast_flood);
			jbool("bcast_flood", p->bcast_flood);
			jbool("isolated", p->isolated);
			juint("limit", p->limit);
			juint("learned", p->learned);
		}
		if (p->vif.is_vif)
			jvif("netback", &p->vif);
		if (show)
			jclose('}');
		return;
	}
	vif_text(vif, sizeof(vif), &p->vif);
	if (!show) {
		printf(" dev %s port %u %s%s%s", p->name, p->no, state,
		       *vif ? " " : "", vif);
		return;
	}
	printf("%s bridge %s port %u state %s learning %s flood %s mcast-flood %s bcast-flood %s limit %u learned %u isolated %s%s%s\n",
	       p->name, p->br, p->no, state,
	       p->learning ? "on" : "off", p->flood ? "on" : "off",
	       p->mcast_flood ? "on" : "off", p->bcast_flood ? "on" : "off",
	       p->limit, p->learned, p->isolated ? "on" : "off",
	       *vif ? " " : "", vif);
}

static int port_show(int argc, char **argv)
{
	struct vec brs = { .size = sizeof(struct bridge) };
	struct port one;
	size_t i, j;

	if (argc && classify(argv[0], &one) == KIND_PORT) {
		if (json)
			jopen('[');
		print_port(&one, VIEW_SHOW);
	} else {
		brs = get_bridges(argc ? argv[0] : NULL);
		if (json)
			jopen('[');
		for (i = 0; i < brs.n; i++) {
			struct vec ports =
				get_ports(((struct bridge *)brs.v)[i].ifindex);

			for (j = 0; j < ports.n; j++)
				print_port((struct port *)ports.v + j,
					   VIEW_SHOW);
			free(ports.v);
		}
	}
	if (json) {
		jclose(']');
		jend();
	}
	free(brs.v);
	return 0;
}

int cmd_port(int argc, char **argv)
{
	static const struct {
		const char *key;
		uint16_t type;
	} flags[] = {
		{ "learning", XENBR_A_PORT_LEARNING },
		{ "flood", XENBR_A_PORT_FLOOD_UCAST },
		{ "mcast-flood", XENBR_A_PORT_FLOOD_MCAST },
		{ "bcast-flood", XENBR_A_PORT_FLOOD_BCAST },
		{ "isolated", XENBR_A_PORT_ISOLATED },
	};
	struct nlmsghdr *nlh;
	size_t k;
	int err, i;

	need_args(argc, 1, 64);
	if (!strcmp(argv[0], "show"))
		return port_show(need_args(argc - 1, 0, 1), argv + 1);
	if (strcmp(argv[0], "set") || argc < 4 || argc % 2)
		usage_of(verb);

	/* port set DEV KEY VALUE...: all parsed before anything is sent. */
	nlh = req(XENBR_CMD_PORT_SET, NLM_F_ACK);
	put_name(nlh, XENBR_A_PORT_IFNAME, argv[1]);
	for (i = 2; i < argc; i += 2) {
		for (k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
			if (!strcmp(argv[i], flags[k].key))
				break;
		if (k < sizeof(flags) / sizeof(flags[0]))
			mnl_attr_put_u8(nlh, flags[k].type,
					parse_onoff(argv[i + 1]));
		else if (!strcmp(argv[i], "limit"))
			mnl_attr_put_u32(nlh, XENBR_A_PORT_LEARN_LIMIT,
					 parse_uint(argv[i + 1],
						    XENBR_LEARN_LIMIT_MAX,
						    "limit"));
		else
			die("port set: unknown setting '%s'", argv[i]);
	}
	err = do_change(nlh);
	if (err)
		die_nl(err, "port set %s", argv[1]);
	return 0;
}
