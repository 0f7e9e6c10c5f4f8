// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: restoring a state file. Everything is checked against the
 * host first (each bridge is a xenbr one or free to create, each port's
 * device exists and is on no other master); then each bridge is made as
 * the file says, in the order that keeps guests and dom0 reachable:
 * bridge, settings, up, ports (a netback vif is left to the glue, which
 * takes it back with what xenstore says, while it has vifs pending), port
 * settings and VLANs, MTU, static entries, addresses, routes. What is
 * already as the file says is left alone, so a restore over a running
 * configuration changes nothing.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "errors.h"
#include "state.h"

/* The longest the glue may keep a vif undecided (xenstore is slow). */
#define GLUE_WAIT_MS	30000
#define VID_COUNT	(XENBR_VID_MAX + 1)

/* A VLAN's flags on one device: membership, PVID, untagged. */
enum { VL_IN = 1, VL_PVID = 2, VL_UNTAGGED = 4 };

static const char *file_name;
const char *state_kept;

/* The setting @field of @s into @nlh when the file has it and it differs
 * from @cur, the kernel's; @any says that something was put.
 */
#define PUT_CHANGED(s, field, cur, type, attr)				\
	do {								\
		if ((s)->has_##field && (s)->field != (cur)) {		\
			mnl_attr_put_##type(nlh, attr, (s)->field);	\
			any = true;					\
		}							\
	} while (0)

/* After a reload the bridges are gone whatever failed: say how to retry. */
static void kept_hint(void)
{
	if (state_kept)
		fprintf(stderr, "xenbr-ctl: %s: the state is kept in %s; once the cause is mended, this restores it:\n    xenbr-ctl restore %s\n",
			verb, state_kept, state_kept);
}

/* The kernel refused a change the checks let through: say where, stop. */
static void __attribute__((noreturn, format(printf, 3, 4)))
refused(int err, const char *where, const char *fmt, ...)
{
	const char *why = nl.ext_msg[0] ? nl.ext_msg : strerror(-err);
	va_list ap;

	fprintf(stderr, "xenbr-ctl: %s: %s: %s: ", verb, file_name, where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s; what came before it is restored, the rest is not\n",
		why);
	kept_hint();
	exit(1);
}

static void rt_refused(int err, const char *where, const char *what)
{
	snprintf(nl.ext_msg, sizeof(nl.ext_msg), "%s", reason(err));
	refused(err, where, "%s", what);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* ---- the checks: nothing changes before all of them passed ---------- */

/* The host is not as the file needs it: say where, change nothing. */
static void __attribute__((noreturn, format(printf, 4, 5)))
mismatch(const char *where, unsigned int line, unsigned int col,
	 const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xenbr-ctl: %s: %s:%u:%u: %s: ", verb, file_name, line,
		col, where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; nothing changed\n");
	kept_hint();
	exit(1);
}

static void check_bridge(struct s_bridge *br)
{
	struct link l;
	int err = get_link(br->name, 0, &l);

	if (err == -ENODEV)
		return;		/* to be created */
	if (err)
		mismatch(br->where, br->line, br->col, "cannot read %s: %s",
			 br->name, reason(err));
	if (strcmp(l.kind, "xenbr"))
		mismatch(br->where, br->line, br->col,
			 "%s exists and is not a xenbr bridge", br->name);
	br->ifindex = l.ifindex;
}

static void check_port(const struct s_bridge *br, struct s_port *p)
{
	char m[IF_NAMESIZE];
	struct link l;
	int err = get_link(p->name, 0, &l);

	if (err == -ENODEV)
		mismatch(p->where, p->line, p->col, "there is no device %s%s",
			 p->name, p->is_vif ? " (has its guest gone?)" : "");
	if (err)
		mismatch(p->where, p->line, p->col, "cannot read %s: %s",
			 p->name, reason(err));
	if (!strcmp(l.kind, "xenbr") || !strcmp(l.kind, "bridge"))
		mismatch(p->where, p->line, p->col, "%s is a bridge", p->name);
	p->ifindex = l.ifindex;
	if (!l.master)
		return;
	if (br->ifindex && l.master == br->ifindex) {
		p->attached = true;
		return;
	}
	mismatch(p->where, p->line, p->col, "%s is a port of %s already",
		 p->name, ifname(l.master, m));
}

/* ---- the changes ---------------------------------------------------- */

static void genl_change(struct nlmsghdr *nlh, const char *where,
			const char *what)
{
	int err = do_change(nlh);

	if (err)
		refused(err, where, "%s", what);
}

static void link_change(struct nlmsghdr *nlh, const char *where,
			const char *what)
{
	int err = nl_talk(&rt, nlh, NULL, NULL);

	if (err)
		rt_refused(err, where, what);
}

static void set_netback(bool on)
{
	struct nlmsghdr *nlh;
	struct glue g = { 0 };

	/* The host's switch: left alone from any other namespace. */
	if (try_get_glue(&g) || !g.counted || g.on == on)
		return;
	nlh = req(XENBR_CMD_NETBACK_SET, NLM_F_ACK);
	mnl_attr_put_u8(nlh, XENBR_A_NETBACK_AUTO, on);
	genl_change(nlh, "netback", "switching the netback glue");
}

static void make_bridge(struct s_bridge *br)
{
	struct nlmsghdr *nlh = req(XENBR_CMD_BR_NEW, NLM_F_ACK);
	struct link l;
	int err;

	mnl_attr_put_strz(nlh, XENBR_A_BR_IFNAME, br->name);
	if (br->has_mac)
		mnl_attr_put(nlh, XENBR_A_BR_MAC, ETH_ALEN, br->mac_addr);
	genl_change(nlh, br->where, "creating the bridge");
	err = get_link(br->name, 0, &l);
	if (err)
		rt_refused(err, br->where, "reading the new bridge");
	br->ifindex = l.ifindex;
}

static void set_bridge(const struct s_bridge *br, const struct bridge *now)
{
	struct nlmsghdr *nlh = req(XENBR_CMD_BR_SET, NLM_F_ACK);
	bool any = false;

	mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br->ifindex);
	PUT_CHANGED(br, ageing_ms, now->ageing, u32, XENBR_A_BR_AGEING_TIME);
	PUT_CHANGED(br, max_learned, now->limit, u32, XENBR_A_BR_LEARN_LIMIT);
	PUT_CHANGED(br, port_max_learned, now->port_limit, u32,
		    XENBR_A_BR_PORT_LEARN_LIMIT);
	PUT_CHANGED(br, vlan_filtering, now->vlan_filtering, u8,
		    XENBR_A_BR_VLAN_FILTERING);
	PUT_CHANGED(br, default_pvid, now->default_pvid, u16,
		    XENBR_A_BR_VLAN_DEFAULT_PVID);
	if (br->has_mac && memcmp(br->mac_addr, now->mac, ETH_ALEN)) {
		mnl_attr_put(nlh, XENBR_A_BR_MAC, ETH_ALEN, br->mac_addr);
		any = true;
	}
	if (any)
		genl_change(nlh, br->where, "setting the bridge");
}

static void set_up(int ifindex, bool up, const char *where)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = link_req(buf, ifindex, -1, NULL, up);
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	ifi->ifi_change = IFF_UP;
	link_change(nlh, where, up ? "bringing it up" : "taking it down");
}

static void set_mtu(int ifindex, unsigned int mtu, const char *where)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = link_req(buf, ifindex, -1, NULL, false);

	mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	link_change(nlh, where, "setting the MTU");
}

static bool on_bridge(const struct s_bridge *br, const struct s_port *p)
{
	struct link l;

	return !get_link(NULL, p->ifindex, &l) && l.master == br->ifindex;
}

/* Vifs the netback glue has yet to decide on (0 when it is off). */
static unsigned int glue_pending(void)
{
	struct glue g = { 0 };

	if (try_get_glue(&g) || !g.on)
		return 0;
	return g.counts[XENBR_NETBACK_STATS_A_PENDING];
}

/*
 * The glue's hand first, for a vif: it knows what xenstore says. It has
 * queued the vif by the time the bridge exists (at its NETDEV_REGISTER);
 * once it has nothing pending and the vif is still free, it is not taking
 * it (another script's vif, or the glue off), and restore adds it.
 */
static void attach_port(const struct s_bridge *br, struct s_port *p)
{
	long long end = now_ms() + GLUE_WAIT_MS;
	struct nlmsghdr *nlh;

	if (p->attached)
		return;
	while (p->is_vif && !on_bridge(br, p) && glue_pending() &&
	       now_ms() < end)
		nanosleep(&(struct timespec){ .tv_nsec = 20000000 }, NULL);
	if (p->is_vif && on_bridge(br, p))
		return;
	nlh = req(XENBR_CMD_PORT_ADD, NLM_F_ACK);
	mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br->ifindex);
	mnl_attr_put_u32(nlh, XENBR_A_PORT_IFINDEX, p->ifindex);
	genl_change(nlh, p->where, "adding the port");
}

static void put_lock_addrs(struct nlmsghdr *nlh, const struct port_lock *lk,
			   int family)
{
	struct nlattr *nest, *entry;
	unsigned int i;

	nest = mnl_attr_nest_start(nlh, family == AF_INET ?
				   XENBR_A_PORT_LOCK_IPV4 :
				   XENBR_A_PORT_LOCK_IPV6);
	for (i = 0; i < lk->n; i++) {
		if (lk->addrs[i].family != family)
			continue;
		entry = mnl_attr_nest_start(nlh, XENBR_LOCK_LIST_A_ENTRY);
		mnl_attr_put(nlh, XENBR_LOCK_ADDR_A_ADDR,
			     family == AF_INET ? 4 : 16, lk->addrs[i].addr);
		mnl_attr_put_u8(nlh, XENBR_LOCK_ADDR_A_PREFIX_LEN,
				lk->addrs[i].len);
		mnl_attr_nest_end(nlh, entry);
	}
	mnl_attr_nest_end(nlh, nest);
}

static bool same_lock(const struct port_lock *a, const struct port_lock *b)
{
	unsigned int i, j;

	if (a->mode != b->mode || a->n != b->n)
		return false;
	if (a->mode == XENBR_LOCK_UNLOCKED)
		return true;
	if (a->has_mac && (!b->has_mac || memcmp(a->mac, b->mac, ETH_ALEN)))
		return false;
	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n; j++)
			if (a->addrs[i].family == b->addrs[j].family &&
			    a->addrs[i].len == b->addrs[j].len &&
			    !memcmp(a->addrs[i].addr, b->addrs[j].addr, 16))
				break;
		if (j == b->n)
			return false;
	}
	return true;
}

static void set_port(const struct s_port *p)
{
	struct nlmsghdr *nlh;
	struct port now;
	bool any = false;
	/* Before the request: a query builds its own in the same buffer. */
	int err = get_port(p->name, &now);

	if (err)
		refused(err, p->where, "reading the port");
	nlh = req(XENBR_CMD_PORT_SET, NLM_F_ACK);
	mnl_attr_put_u32(nlh, XENBR_A_PORT_IFINDEX, p->ifindex);
	PUT_CHANGED(p, learning, now.learning, u8, XENBR_A_PORT_LEARNING);
	PUT_CHANGED(p, flood, now.flood, u8, XENBR_A_PORT_FLOOD_UCAST);
	PUT_CHANGED(p, mcast_flood, now.mcast_flood, u8,
		    XENBR_A_PORT_FLOOD_MCAST);
	PUT_CHANGED(p, bcast_flood, now.bcast_flood, u8,
		    XENBR_A_PORT_FLOOD_BCAST);
	PUT_CHANGED(p, isolated, now.isolated, u8, XENBR_A_PORT_ISOLATED);
	PUT_CHANGED(p, limit, now.limit, u32, XENBR_A_PORT_LEARN_LIMIT);
	if (p->has_lock && !same_lock(&p->lock, &now.lock)) {
		mnl_attr_put_u8(nlh, XENBR_A_PORT_LOCK_MODE, p->lock.mode);
		if (p->lock.mode != XENBR_LOCK_UNLOCKED) {
			if (p->lock.has_mac)
				mnl_attr_put(nlh, XENBR_A_PORT_LOCK_MAC,
					     ETH_ALEN, p->lock.mac);
			put_lock_addrs(nlh, &p->lock, AF_INET);
			put_lock_addrs(nlh, &p->lock, AF_INET6);
		}
		any = true;
	}
	if (any)
		genl_change(nlh, p->where, "setting the port");
}

static void change_vlans(bool add, bool is_bridge, int ifindex,
			 unsigned int id, unsigned int end, uint8_t flags,
			 const char *where)
{
	struct nlmsghdr *nlh = req(add ? XENBR_CMD_VLAN_ADD : XENBR_CMD_VLAN_DEL,
				   NLM_F_ACK);
	struct nlattr *nest;
	char what[64];

	mnl_attr_put_u32(nlh, is_bridge ? XENBR_A_BR_IFINDEX :
			 XENBR_A_PORT_IFINDEX, ifindex);
	nest = mnl_attr_nest_start(nlh, XENBR_A_VLAN);
	mnl_attr_put_u16(nlh, XENBR_VLAN_A_ID, id);
	if (end != id)
		mnl_attr_put_u16(nlh, XENBR_VLAN_A_ID_END, end);
	if (flags & VL_PVID)
		mnl_attr_put(nlh, XENBR_VLAN_A_PVID, 0, NULL);
	if (flags & VL_UNTAGGED)
		mnl_attr_put(nlh, XENBR_VLAN_A_UNTAGGED, 0, NULL);
	mnl_attr_nest_end(nlh, nest);
	if (end != id)
		snprintf(what, sizeof(what), "%s VLANs %u-%u",
			 add ? "adding" : "removing", id, end);
	else
		snprintf(what, sizeof(what), "%s VLAN %u",
			 add ? "adding" : "removing", id);
	genl_change(nlh, where, what);
}

/*
 * The device's VLANs made exactly those of @want: the runs that differ
 * added (with their flags) first, then the VLANs it should not have
 * removed, so that no VLAN it keeps goes missing meanwhile.
 */
static void set_vlans(const struct s_vlans *want, const char *dev,
		      int ifindex, bool is_bridge, const char *where)
{
	static uint8_t have[VID_COUNT], need[VID_COUNT];
	struct vec runs;
	const struct vrun *r;
	unsigned int vid, first;
	size_t i;

	if (!want->given)
		return;
	memset(have, 0, sizeof(have));
	memset(need, 0, sizeof(need));
	runs = get_vlans(dev);
	for (i = 0, r = runs.v; i < runs.n; i++, r++)
		for (vid = r->id; r->ifindex == ifindex && vid <= r->end; vid++)
			have[vid] = VL_IN | (r->pvid ? VL_PVID : 0) |
				    (r->untagged ? VL_UNTAGGED : 0);
	free(runs.v);
	for (i = 0; i < want->n; i++) {
		const struct s_vlan *v = &want->v[i];
		bool differs = false;

		for (vid = v->id; vid <= v->end; vid++) {
			need[vid] = VL_IN | (v->pvid ? VL_PVID : 0) |
				    (v->untagged ? VL_UNTAGGED : 0);
			differs |= have[vid] != need[vid];
		}
		if (differs)
			change_vlans(true, is_bridge, ifindex, v->id, v->end,
				     need[v->id], where);
	}
	for (vid = 1; vid < VID_COUNT; vid++) {
		if (!have[vid] || need[vid])
			continue;
		for (first = vid; vid + 1 < VID_COUNT && have[vid + 1] &&
		     !need[vid + 1]; vid++)
			;
		change_vlans(false, is_bridge, ifindex, first, vid, 0, where);
	}
}

static void add_fdb(const struct s_bridge *br, const struct s_fdb *f,
		    const struct vec *now)
{
	const struct fdb *e = now->v;
	struct nlmsghdr *nlh;
	const struct s_port *p = br->ports;
	char where[STATE_PATH_LEN + 16];
	size_t i;

	while (strcmp(p->name, f->dev))
		p++;
	for (i = 0; i < now->n; i++)
		if (!memcmp(e[i].mac, f->mac, ETH_ALEN) && e[i].vid == f->vid &&
		    (e[i].flags & XENBR_FDB_STATIC) &&
		    e[i].port_ifindex == p->ifindex)
			return;
	nlh = req(XENBR_CMD_FDB_ADD, NLM_F_ACK);
	mnl_attr_put(nlh, XENBR_A_FDB_REPLACE, 0, NULL);
	mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br->ifindex);
	mnl_attr_put(nlh, XENBR_A_FDB_MAC, ETH_ALEN, f->mac);
	mnl_attr_put_u32(nlh, XENBR_A_PORT_IFINDEX, p->ifindex);
	mnl_attr_put_u16(nlh, XENBR_A_FDB_VLAN, f->vid);
	snprintf(where, sizeof(where), "%s.fdb[%zu]", br->where,
		 (size_t)(f - br->fdb));
	genl_change(nlh, where, "adding the static entry");
}

/* An address or route that is there already is as good as added. */
static void add_ip(const struct s_bridge *br, const struct obj *o,
		   bool is_route, size_t i)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], where[STATE_PATH_LEN + 16];
	struct nlmsghdr *nlh = is_route ?
		route_req(buf, o, br->ifindex, true) :
		addr_req(buf, o, br->ifindex, true);
	int err = nl_talk(&rt, nlh, NULL, NULL);

	if (!err || err == -EEXIST)
		return;
	snprintf(where, sizeof(where), "%s.%s[%zu]", br->where,
		 is_route ? "routes" : "addresses", i);
	rt_refused(err, where, describe(o, is_route));
}

static void restore_bridge(struct s_bridge *br)
{
	struct vec now;
	struct link l;
	size_t i;
	int err;

	if (!br->ifindex)
		make_bridge(br);
	now = get_bridges(br->name);
	set_bridge(br, now.v);
	free(now.v);
	err = get_link(NULL, br->ifindex, &l);
	if (err)
		rt_refused(err, br->where, "reading the bridge");
	if (br->has_up && br->up != !!(l.flags & IFF_UP))
		set_up(br->ifindex, br->up, br->where);
	for (i = 0; i < br->n_ports; i++) {
		struct s_port *p = &br->ports[i];

		attach_port(br, p);
		set_port(p);
		set_vlans(&p->vlans, p->name, p->ifindex, false, p->where);
	}
	set_vlans(&br->vlans, br->name, br->ifindex, true, br->where);
	if (br->has_mtu && br->mtu != l.mtu)
		set_mtu(br->ifindex, br->mtu, br->where);
	now = get_fdb(br->ifindex);
	for (i = 0; i < br->n_fdb; i++)
		add_fdb(br, &br->fdb[i], &now);
	free(now.v);
	for (i = 0; i < br->n_addrs; i++)
		add_ip(br, &br->addrs[i], false, i);
	for (i = 0; i < br->n_routes; i++)
		add_ip(br, &br->routes[i], true, i);
}

int state_restore(struct state *st, const char *file, bool check_only)
{
	size_t i, j;

	file_name = strcmp(file, "-") ? file : "standard input";
	rt_open();
	for (i = 0; i < st->n_bridges; i++) {
		check_bridge(&st->bridges[i]);
		for (j = 0; j < st->bridges[i].n_ports; j++)
			check_port(&st->bridges[i], &st->bridges[i].ports[j]);
	}
	if (check_only) {
		nl_close(&rt);
		return 0;
	}
	open_nl();
	if (st->has_netback)
		set_netback(st->netback);
	for (i = 0; i < st->n_bridges; i++)
		restore_bridge(&st->bridges[i]);
	nl_close(&rt);
	return 0;
}
