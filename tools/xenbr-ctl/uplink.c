// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl uplink: what Xen's network-bridge script did to dom0's NIC,
 * over rtnetlink. "add" makes DEV a port of BRIDGE and moves DEV's IPv4 and
 * IPv6 addresses and its routes to the bridge, the bridge carrying DEV's
 * MAC; "del" moves the bridge's addresses and routes back to DEV and
 * releases it. Each change is journalled, and a failure undoes the journal
 * in reverse, so a refused step leaves the host as it was.
 *
 * The order keeps dom0 reachable: the bridge gets the addresses first, then
 * DEV becomes its port (from here on frames to DEV's MAC go up the bridge,
 * which holds the addresses), then each route is taken off DEV and put on
 * the bridge, and only then do DEV's own copies of the addresses go.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <net/if_arp.h>
#include "rtnl.h"
#include "xenbr-ctl.h"
#include "errors.h"
#include "json.h"

enum act { ADDR_ADD, ADDR_DEL, ROUTE_ADD, ROUTE_DEL, SET_MASTER, SET_MAC,
	   SET_UP };

#define MAX_STEPS	(2 * MAX_ADDRS + 2 * MAX_ROUTES + 4)

/* A change made: enough to undo it. */
struct step {
	enum act act;
	const struct obj *obj;
	int ifindex;		/* where an address or route went, or from */
	int from;		/* SET_MASTER: the master before */
	int to;			/* SET_MASTER: the master after */
	uint8_t mac[ETH_ALEN];	/* SET_MAC: the MAC before */
};

static struct step journal[MAX_STEPS];
static size_t n_steps;
/* Test hook: the Nth change fails as if the kernel refused it. */
static unsigned long fail_at;
/* "uplink add xenbr0 eth0", as messages name the command. */
static char who[3 * IFNAMSIZ + 16];

/* Makes (@undo: takes back) the change @s; 0 or -errno. */
static int apply(const struct step *s, bool undo)
{
	static char buf[8192];
	struct nlmsghdr *nlh = NULL;
	bool add;

	switch (s->act) {
	case ADDR_ADD:
	case ADDR_DEL:
		add = (s->act == ADDR_ADD) != undo;
		nlh = addr_req(buf, s->obj, s->ifindex, add);
		break;
	case ROUTE_ADD:
	case ROUTE_DEL:
		add = (s->act == ROUTE_ADD) != undo;
		nlh = route_req(buf, s->obj, s->ifindex, add);
		break;
	case SET_MASTER:
		nlh = link_req(buf, s->ifindex, undo ? s->from : s->to, NULL,
			       false);
		break;
	case SET_MAC:
		/* Forward: the caller's MAC in s->mac is swapped in below. */
		nlh = link_req(buf, s->ifindex, -1, s->mac, false);
		break;
	case SET_UP:
		nlh = link_req(buf, s->ifindex, -1, NULL, !undo);
		if (undo) {
			struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

			ifi->ifi_change = IFF_UP;
		}
		break;
	}
	return nl_talk(&rt, nlh, NULL, NULL);
}

static void rollback(void)
{
	int err;

	while (n_steps) {
		struct step *s = &journal[--n_steps];

		err = apply(s, true);
		if (err)
			fprintf(stderr, "xenbr-ctl: %s: undoing a change failed: %s\n",
				verb, reason(err));
	}
}

/* Makes the change @s and journals it; on failure, undoes all and exits. */
static void step(struct step s, const char *what)
{
	int err;

	if (n_steps == MAX_STEPS)
		die("%s: too many changes", who);
	if (fail_at && n_steps + 1 == fail_at) {
		rt.ext_msg[0] = '\0';
		err = -EIO;
	} else {
		err = apply(&s, false);
	}
	if (err) {
		char msg[sizeof(rt.ext_msg)];

		snprintf(msg, sizeof(msg), "%s", reason(err));
		rollback();
		die("%s: %s: %s; every change was undone", who, what, msg);
	}
	journal[n_steps++] = s;
}

/* What @ifindex (@name) has to move; ends the program when it cannot. */
static void collect_or_die(int ifindex, const char *name, struct objs *addrs,
			   struct objs *routes)
{
	int err = collect(ifindex, addrs, routes);

	if (err)
		die("%s: cannot read the addresses and routes of %s: %s", who,
		    name, reason(err));
	if (addrs->err || routes->err)
		die("%s: %s: %s; nothing changed", who, name,
		    addrs->err ? addrs->why : routes->why);
}

static void get_named(const char *name, struct link *l)
{
	int err;

	check_name(name);
	err = get_link(name, 0, l);
	if (err == -ENODEV)
		die("%s: no device %s", who, name);
	if (err)
		die("%s: cannot read %s: %s", who, name, reason(err));
}

static void report(const char *how, const char *from, const char *to,
		   size_t addrs, size_t routes)
{
	if (json) {
		jopen('{');
		jstr("from", from);
		jstr("to", to);
		juint("addresses", addrs);
		juint("routes", routes);
		jclose('}');
		jend();
	} else {
		printf("%s %zu address%s and %zu route%s from %s to %s\n", how,
		       addrs, addrs == 1 ? "" : "es", routes,
		       routes == 1 ? "" : "s", from, to);
	}
}

static void set_master(const struct link *port, int master)
{
	struct step s = { .act = SET_MASTER, .ifindex = port->ifindex,
			  .from = port->master, .to = master };
	char what[64];

	snprintf(what, sizeof(what), "%s %s", master ? "enslaving" : "releasing",
		 port->name);
	step(s, what);
	if (master && !(port->flags & IFF_UP))
		step((struct step){ .act = SET_UP, .ifindex = port->ifindex },
		     "bringing the uplink up");
}

static void add_addrs(const struct objs *a, int to)
{
	char what[200];
	size_t i;

	for (i = 0; i < a->n; i++) {
		snprintf(what, sizeof(what), "adding %s", describe(&a->v[i], false));
		step((struct step){ .act = ADDR_ADD, .obj = &a->v[i], .ifindex = to }, what);
	}
}

static void move_routes(const struct objs *r, int from, int to)
{
	char what[200];
	size_t i;

	for (i = 0; i < r->n; i++) {
		snprintf(what, sizeof(what), "moving %s", describe(&r->v[i], true));
		step((struct step){ .act = ROUTE_DEL, .obj = &r->v[i], .ifindex = from }, what);
		step((struct step){ .act = ROUTE_ADD, .obj = &r->v[i], .ifindex = to }, what);
	}
}

static void drop_addrs(const struct objs *a, int from)
{
	char what[200];
	size_t i;

	/* Secondaries before the primary they hang on. */
	for (i = a->n; i--;) {
		snprintf(what, sizeof(what), "removing %s", describe(&a->v[i], false));
		step((struct step){ .act = ADDR_DEL, .obj = &a->v[i], .ifindex = from }, what);
	}
}

/* The bridge's MAC from @before to @after; the journal keeps @before. */
static void set_mac(int ifindex, const uint8_t *before, const uint8_t *after,
		    const char *what)
{
	struct step s = { .act = SET_MAC, .ifindex = ifindex };

	memcpy(s.mac, after, ETH_ALEN);
	step(s, what);
	memcpy(journal[n_steps - 1].mac, before, ETH_ALEN);
}

static void uplink_add(const struct link *br, const struct link *dev,
		       bool force)
{
	struct objs addrs, routes;
	struct link now;
	char m[IF_NAMESIZE];

	if (dev->type != ARPHRD_ETHER || !strcmp(dev->kind, "xenbr") ||
	    !strcmp(dev->kind, "bridge"))
		die("%s: %s is not an Ethernet device; nothing changed", who,
		    dev->name);
	if (dev->master)
		die("%s: %s is already a port of %s; nothing changed", who,
		    dev->name, ifname(dev->master, m));
	collect_or_die(dev->ifindex, dev->name, &addrs, &routes);
	if (!addrs.n && !routes.n && !force)
		die("%s: %s has no address or route to move (--force enslaves it all the same); nothing changed",
		    who, dev->name);

	if (!(br->flags & IFF_UP))
		step((struct step){ .act = SET_UP, .ifindex = br->ifindex },
		     "bringing the bridge up");
	add_addrs(&addrs, br->ifindex);
	set_master(dev, br->ifindex);
	/*
	 * Frames to DEV's MAC now reach the bridge's stack only if the
	 * bridge carries that MAC: it took it unless another port lent it
	 * one first.
	 */
	if (get_link(NULL, br->ifindex, &now))
		memcpy(now.mac, br->mac, ETH_ALEN);
	if (memcmp(now.mac, dev->mac, ETH_ALEN))
		set_mac(br->ifindex, now.mac, dev->mac,
			"giving the bridge the MAC of its uplink");
	move_routes(&routes, dev->ifindex, br->ifindex);
	drop_addrs(&addrs, dev->ifindex);
	report("moved", dev->name, br->name, addrs.n, routes.n);
}

static void uplink_del(const struct link *br, const struct link *dev)
{
	struct objs addrs, routes;
	struct link now;

	if (dev->master != br->ifindex)
		die("%s: %s is not a port of %s; nothing changed", who,
		    dev->name, br->name);
	collect_or_die(br->ifindex, br->name, &addrs, &routes);
	/* DEV sends while still a port; it receives for itself once free. */
	add_addrs(&addrs, dev->ifindex);
	move_routes(&routes, br->ifindex, dev->ifindex);
	set_master(dev, 0);
	drop_addrs(&addrs, br->ifindex);
	/* A MAC set on the bridge stays; two devices must not share it. */
	if (!get_link(NULL, br->ifindex, &now) &&
	    !memcmp(now.mac, dev->mac, ETH_ALEN)) {
		uint8_t mac[ETH_ALEN];
		size_t i;

		srand(time(NULL) ^ dev->ifindex);
		for (i = 0; i < ETH_ALEN; i++)
			mac[i] = rand();
		mac[0] = (mac[0] & 0xfe) | 0x02;
		set_mac(br->ifindex, now.mac, mac,
			"giving the bridge a MAC of its own");
	}
	report("moved", br->name, dev->name, addrs.n, routes.n);
}

int cmd_uplink(int argc, char **argv)
{
	struct link br, dev;
	const char *env;
	bool add, force = false;

	if (argc == 4 && !strcmp(argv[3], "--force")) {
		force = true;
		argc--;
	}
	need_args(argc, 3, 3);
	if (!strcmp(argv[0], "add"))
		add = true;
	else if (!strcmp(argv[0], "del"))
		add = false;
	else
		usage_of(verb);
	if (force && !add)
		usage_of(verb);
	env = getenv("XENBR_CTL_UPLINK_FAIL_AT");
	if (env)
		fail_at = strtoul(env, NULL, 10);
	snprintf(who, sizeof(who), "uplink %s %.*s %.*s", argv[0],
		 IFNAMSIZ, argv[1], IFNAMSIZ, argv[2]);
	rt_open();
	get_named(argv[1], &br);
	get_named(argv[2], &dev);
	if (strcmp(br.kind, "xenbr"))
		die("%s: %s is not a xenbr bridge; nothing changed", who,
		    argv[1]);
	if (br.ifindex == dev.ifindex)
		usage_of(verb);
	if (add)
		uplink_add(&br, &dev, force);
	else
		uplink_del(&br, &dev);
	nl_close(&rt);
	return 0;
}
