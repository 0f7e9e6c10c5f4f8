// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl stats --format prometheus: the counters of bridges and ports in
 * Prometheus' text exposition format (version 0.0.4), for node_exporter's
 * textfile collector. Bridges and ports are families of their own, so that
 * a sum over one never counts a frame twice; a vif's port carries its
 * domid, handle and guest MAC as labels.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "errors.h"
#include "xenbr-ctl.h"

/* What the families are made of: the objects, read once. */
struct scrape {
	struct vec brs;
	struct vec *ports;	/* per bridge */
	const char *only;	/* one port's name, or NULL */
};

/* A counter of struct stats by its attribute, or a figure of its own. */
struct family {
	const char *name;	/* after "xenbr_bridge_" or "xenbr_port_" */
	const char *type;
	const char *help;
	int stat;		/* XENBR_STATS_A_*, or one of the below */
};

enum {
	FIG_DROPS = -1,
	FIG_LEARNED = -2,
	FIG_LEARN_MAX = -3,
	FIG_SUPPRESSED = -4,
};

static const struct family families[] = {
	{ "rx_packets_total", "counter",
	  "Frames received: on a port from its device; on a bridge, passed up to dom0.",
	  XENBR_STATS_A_RX_PACKETS },
	{ "rx_bytes_total", "counter", "Bytes of the frames received.",
	  XENBR_STATS_A_RX_BYTES },
	{ "tx_packets_total", "counter",
	  "Frames sent: out of a port; on a bridge, sent by dom0 through it.",
	  XENBR_STATS_A_TX_PACKETS },
	{ "tx_bytes_total", "counter", "Bytes of the frames sent.",
	  XENBR_STATS_A_TX_BYTES },
	{ "flooded_total", "counter",
	  "Frames flooded (on a port: that came in on it).",
	  XENBR_STATS_A_FLOODED },
	{ "fdb_moves_total", "counter",
	  "Learned addresses that moved to another port.",
	  XENBR_STATS_A_FDB_MOVES },
	{ "learn_limit_hits_total", "counter",
	  "Addresses not learned because of a learning limit.",
	  XENBR_STATS_A_LEARN_LIMIT },
	{ "tx_dropped_total", "counter", "Frames from dom0 that were dropped.",
	  XENBR_STATS_A_TX_DROPPED },
	{ "drops_total", "counter", "Frames dropped, by reason.", FIG_DROPS },
	{ "fdb_learned_entries", "gauge", "Learned FDB entries now.",
	  FIG_LEARNED },
	{ "fdb_learned_max", "gauge",
	  "The learning limit: most learned FDB entries.", FIG_LEARN_MAX },
	{ "suppressed_events_total", "counter",
	  "FDB events not sent because of the event rate limit.",
	  FIG_SUPPRESSED },
};

#define N_FAMILIES	(sizeof(families) / sizeof(families[0]))

/* A label's value, escaped as the format wants (\\, \", \n). */
static void put_label(const char *key, const char *value, bool first)
{
	printf("%s%s=\"", first ? "" : ",", key);
	for (; *value; value++) {
		if (*value == '\\' || *value == '"')
			printf("\\%c", *value);
		else if (*value == '\n')
			printf("\\n");
		else
			putchar(*value);
	}
	putchar('"');
}

static void put_port_labels(const struct port *p)
{
	char text[16];

	put_label("bridge", p->br, true);
	put_label("port", p->name, false);
	if (!p->vif.is_vif)
		return;
	snprintf(text, sizeof(text), "%u", p->vif.domid);
	put_label("domid", text, false);
	snprintf(text, sizeof(text), "%u", p->vif.handle);
	put_label("handle", text, false);
	if (memcmp(p->vif.guest_mac, "\0\0\0\0\0\0", ETH_ALEN)) {
		char mac[18];

		fmt_mac(mac, p->vif.guest_mac);
		put_label("guest_mac", mac, false);
	}
}

/* One sample (or, for drops, one a reason) of @f for a bridge or port. */
static void put_samples(const char *prefix, const struct family *f,
			const struct bridge *br, const struct port *p)
{
	const struct stats *st = p ? &p->st : &br->st;
	unsigned long long v;
	int i;

	for (i = 0; i <= (f->stat == FIG_DROPS ? XENBR_DROP_MAX : 0); i++) {
		switch (f->stat) {
		case FIG_DROPS:
			v = st->drops[i];
			break;
		case FIG_LEARNED:
			v = p ? p->learned : br->learned;
			break;
		case FIG_LEARN_MAX:
			v = p ? p->limit : br->limit;
			break;
		case FIG_SUPPRESSED:
			v = br->suppressed;
			break;
		default:
			v = st->v[f->stat];
		}
		printf("%s%s{", prefix, f->name);
		if (p)
			put_port_labels(p);
		else
			put_label("bridge", br->name, true);
		if (f->stat == FIG_DROPS)
			put_label("reason", drop_reason_name(i), false);
		printf("} %llu\n", v);
	}
}

static void put_family(const struct scrape *s, const struct family *f,
		       bool ports)
{
	const char *prefix = ports ? "xenbr_port_" : "xenbr_bridge_";
	size_t i, j;

	if (!ports && s->only)
		return;
	if (ports && f->stat == FIG_SUPPRESSED)
		return;	/* the bridge's alone */
	printf("# HELP %s%s %s\n# TYPE %s%s %s\n", prefix, f->name, f->help,
	       prefix, f->name, f->type);
	for (i = 0; i < s->brs.n; i++) {
		const struct bridge *br = (const struct bridge *)s->brs.v + i;
		const struct port *p = s->ports[i].v;

		if (!ports) {
			put_samples(prefix, f, br, NULL);
			continue;
		}
		for (j = 0; j < s->ports[i].n; j++)
			if (!s->only || !strcmp(p[j].name, s->only))
				put_samples(prefix, f, br, &p[j]);
	}
}

int metrics_print(const char *dev)
{
	struct scrape s = { 0 };
	struct port one;
	size_t i;

	if (dev && classify(dev, &one) == KIND_PORT) {
		s.brs = get_bridges(one.br);
		s.only = one.name;
	} else {
		s.brs = get_bridges(dev);
	}
	s.ports = calloc(s.brs.n + 1, sizeof(*s.ports));
	if (!s.ports)
		die("out of memory");
	for (i = 0; i < s.brs.n; i++)
		s.ports[i] = get_ports(((struct bridge *)s.brs.v)[i].ifindex);
	for (i = 0; i < N_FAMILIES; i++)
		put_family(&s, &families[i], false);
	for (i = 0; i < N_FAMILIES; i++)
		put_family(&s, &families[i], true);
	for (i = 0; i < s.brs.n; i++)
		free(s.ports[i].v);
	free(s.ports);
	free(s.brs.v);
	return 0;
}
