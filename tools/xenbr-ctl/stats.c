// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: the counters of bridges and ports - the limits verb (learned
 * entries and their limits) and the stats verb (traffic, drops by reason).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "errors.h"
#include "json.h"
#include "xenbr-ctl.h"

int cmd_limits(int argc, char **argv)
{
	const char *brname = NULL;
	struct nlmsghdr *nlh = NULL;
	struct vec brs;
	size_t i, j;
	int err, a = 0;

	if (argc && strcmp(argv[0], "max") && strcmp(argv[0], "port-max"))
		brname = argv[a++];
	if (a < argc) {
		if (!brname)
			die("limits: name the bridge to change");
		nlh = req(XENBR_CMD_BR_SET, NLM_F_ACK);
		put_name(nlh, XENBR_A_BR_IFNAME, brname);
		for (; a < argc; a += 2) {
			if (a + 1 >= argc)
				usage_of(verb);
			if (!strcmp(argv[a], "max"))
				mnl_attr_put_u32(nlh, XENBR_A_BR_LEARN_LIMIT,
						 parse_uint(argv[a + 1],
							    XENBR_LEARN_LIMIT_MAX,
							    "limit"));
			else if (!strcmp(argv[a], "port-max"))
				mnl_attr_put_u32(nlh,
						 XENBR_A_BR_PORT_LEARN_LIMIT,
						 parse_uint(argv[a + 1],
							    XENBR_LEARN_LIMIT_MAX,
							    "limit"));
			else
				usage_of(verb);
		}
		err = do_change(nlh);
		if (err)
			die_nl(err, "limits %s", brname);
		return 0;
	}

	brs = get_bridges(brname);
	if (json)
		jopen('[');
	for (i = 0; i < brs.n; i++) {
		struct bridge *br = (struct bridge *)brs.v + i;
		struct vec ports = get_ports(br->ifindex);

		if (json) {
			jopen('{');
			jstr("bridge", br->name);
			juint("learned", br->learned);
			juint("max", br->limit);
			juint("port_max", br->port_limit);
			jkey("ports");
			jopen('[');
		} else {
			printf("%s: learned %u max %u port-max %u\n", br->name,
			       br->learned, br->limit, br->port_limit);
		}
		for (j = 0; j < ports.n; j++) {
			struct port *p = (struct port *)ports.v + j;

			if (json) {
				jopen('{');
				jstr("dev", p->name);
				juint("learned", p->learned);
				juint("max", p->limit);
				jclose('}');
			} else {
				printf("  %s: learned %u max %u\n", p->name,
				       p->learned, p->limit);
			}
		}
		if (json) {
			jclose(']');
			jclose('}');
		}
		free(ports.v);
	}
	return end_bridge_list(&brs);
}

static const char *const drop_names[] = {
	[XENBR_DROP_INVALID_SRC] = "invalid_src",
	[XENBR_DROP_MALFORMED] = "malformed",
	[XENBR_DROP_HAIRPIN] = "hairpin",
	[XENBR_DROP_PORT_DOWN] = "port_down",
	[XENBR_DROP_NO_DEST] = "no_dest",
	[XENBR_DROP_NOMEM] = "nomem",
	[XENBR_DROP_TOO_BIG] = "too_big",
	[XENBR_DROP_BRIDGE_DOWN] = "bridge_down",
	[XENBR_DROP_PAUSE] = "pause",
	[XENBR_DROP_VLAN_INGRESS] = "vlan_ingress",
	[XENBR_DROP_VLAN_NO_PVID] = "vlan_no_pvid",
	[XENBR_DROP_VLAN_EGRESS] = "vlan_egress",
	[XENBR_DROP_ISOLATED] = "isolated",
	/* VIF locking */
	[XENBR_DROP_LOCK_DISABLED] = "lock-disabled",
	[XENBR_DROP_LOCK_MAC] = "lock-mac",
	[XENBR_DROP_LOCK_VLAN] = "lock-vlan",
	[XENBR_DROP_LOCK_PROTO] = "lock-proto",
	[XENBR_DROP_LOCK_MALFORMED] = "lock-malformed",
	[XENBR_DROP_LOCK_IPV4] = "lock-ipv4",
	[XENBR_DROP_LOCK_ARP] = "lock-arp",
	[XENBR_DROP_LOCK_IPV6] = "lock-ipv6",
	[XENBR_DROP_LOCK_ND] = "lock-nd",
	[XENBR_DROP_LOCK_ROUTER] = "lock-router",
};

const char *drop_reason_name(int i)
{
	if (i < 0 || (size_t)i >= sizeof(drop_names) / sizeof(drop_names[0]))
		return NULL;
	return drop_names[i];
}

static const char *const stat_names[] = {
	[XENBR_STATS_A_RX_PACKETS] = "rx_packets",
	[XENBR_STATS_A_RX_BYTES] = "rx_bytes",
	[XENBR_STATS_A_TX_PACKETS] = "tx_packets",
	[XENBR_STATS_A_TX_BYTES] = "tx_bytes",
	[XENBR_STATS_A_FLOODED] = "flooded",
	[XENBR_STATS_A_FDB_MOVES] = "fdb_moves",
	[XENBR_STATS_A_LEARN_LIMIT] = "learn_limit_hits",
	[XENBR_STATS_A_TX_DROPPED] = "tx_dropped",
};

/* How stats prints: the default's short lines, -d's every reason, or
 * Prometheus' text exposition format.
 */
enum stats_format { STATS_SHORT, STATS_DETAILS, STATS_PROMETHEUS };

static void print_stats(const char *name, const char *kind,
			const char *bridge, const struct stats *st,
			uint32_t learned, const uint64_t *suppressed,
			enum stats_format format)
{
	unsigned long long total = 0;
	const char *sep = ": ";
	int i;

	if (json) {
		jopen('{');
		jstr("dev", name);
		jstr("kind", kind);
		if (bridge)
			jstr("bridge", bridge);
		for (i = XENBR_STATS_A_RX_PACKETS; i <= XENBR_STATS_A_TX_DROPPED;
		     i++)
			juint(stat_names[i], st->v[i]);
		juint("learned", learned);
		if (suppressed)
			juint("suppressed_events", *suppressed);
		jkey("drops");
		jopen('{');
		for (i = 0; i <= XENBR_DROP_MAX; i++)
			juint(drop_names[i], st->drops[i]);
		jclose('}');
		jclose('}');
		return;
	}
	if (bridge)
		printf("%s (port of %s):\n ", name, bridge);
	else
		printf("%s:\n ", name);
	for (i = XENBR_STATS_A_RX_PACKETS; i <= XENBR_STATS_A_TX_DROPPED; i++)
		printf(" %s %llu", stat_names[i],
		       (unsigned long long)st->v[i]);
	printf(" learned %u", learned);
	if (suppressed)
		printf(" suppressed_events %llu",
		       (unsigned long long)*suppressed);
	if (format == STATS_DETAILS) {
		printf("\n  drops:");
		for (i = 0; i <= XENBR_DROP_MAX; i++)
			printf(" %s %llu", drop_names[i],
			       (unsigned long long)st->drops[i]);
		printf("\n");
		return;
	}
	/* The total, then only the reasons that counted something. */
	for (i = 0; i <= XENBR_DROP_MAX; i++)
		total += st->drops[i];
	printf("\n  drops %llu", total);
	for (i = 0; i <= XENBR_DROP_MAX; i++) {
		if (!st->drops[i])
			continue;
		printf("%s%s %llu", sep, drop_names[i],
		       (unsigned long long)st->drops[i]);
		sep = ", ";
	}
	printf("\n");
}

int cmd_stats(int argc, char **argv)
{
	struct vec brs = { .size = sizeof(struct bridge) };
	enum stats_format format = STATS_SHORT;
	const char *dev = NULL;
	struct port one;
	size_t i, j;
	int a;

	for (a = 0; a < argc; a++) {
		if (!strcmp(argv[a], "-d") || !strcmp(argv[a], "--details")) {
			format = STATS_DETAILS;
		} else if (!strcmp(argv[a], "--format") && a + 1 < argc) {
			if (strcmp(argv[++a], "prometheus"))
				die("stats: the one --format is prometheus, not '%s'",
				    argv[a]);
			format = STATS_PROMETHEUS;
		} else if (!dev && argv[a][0] != '-') {
			dev = argv[a];
		} else {
			usage_of(verb);
		}
	}
	if (format == STATS_PROMETHEUS) {
		if (json)
			die("stats: --format prometheus and -j are two formats; give one");
		return metrics_print(dev);
	}
	if (dev && classify(dev, &one) == KIND_PORT) {
		if (json)
			jopen('[');
		print_stats(one.name, "port", one.br, &one.st, one.learned,
			    NULL, format);
	} else {
		brs = get_bridges(dev);
		if (json)
			jopen('[');
		for (i = 0; i < brs.n; i++) {
			struct bridge *br = (struct bridge *)brs.v + i;
			struct vec ports = get_ports(br->ifindex);

			print_stats(br->name, "bridge", NULL, &br->st,
				    br->learned, &br->suppressed, format);
			for (j = 0; j < ports.n; j++) {
				struct port *p = (struct port *)ports.v + j;

				print_stats(p->name, "port", p->br, &p->st,
					    p->learned, NULL, format);
			}
			free(ports.v);
		}
	}
	return end_bridge_list(&brs);
}
