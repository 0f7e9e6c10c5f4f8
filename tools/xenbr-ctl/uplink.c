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
#include <arpa/inet.h>
#include <net/if_arp.h>
/* Before the uapi headers: glibc's net/if.h, which they then leave alone. */
#include "xenbr-ctl.h"
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include "errors.h"
#include "json.h"

#define MAX_ADDRS	64
#define MAX_ROUTES	256
#define MAX_STEPS	(2 * MAX_ADDRS + 2 * MAX_ROUTES + 4)
#define MSG_MAX		1024

struct link {
	int ifindex;
	char name[IFNAMSIZ];
	unsigned short type;	/* ARPHRD_* */
	unsigned int flags;	/* IFF_* */
	int master;
	char kind[32];		/* IFLA_INFO_KIND, "" when none */
	uint8_t mac[ETH_ALEN];
};

/* An address or a route, as the kernel dumped it. */
struct obj {
	char msg[MSG_MAX];
	bool gateway;		/* a route through a gateway */
};

struct objs {
	struct obj *v;
	size_t n, max;
	int ifindex;		/* the device whose objects are collected */
	int err;		/* -E2BIG, -EOPNOTSUPP: what cannot be moved */
	char why[128];
};

enum act { ADDR_ADD, ADDR_DEL, ROUTE_ADD, ROUTE_DEL, SET_MASTER, SET_MAC,
	   SET_UP };

/* A change made: enough to undo it. */
struct step {
	enum act act;
	const struct obj *obj;
	int ifindex;		/* where an address or route went, or from */
	int from;		/* SET_MASTER: the master before */
	int to;			/* SET_MASTER: the master after */
	uint8_t mac[ETH_ALEN];	/* SET_MAC: the MAC before */
};

static struct nl rt;
static struct step journal[MAX_STEPS];
static size_t n_steps;
/* Test hook: the Nth change fails as if the kernel refused it. */
static unsigned long fail_at;
/* "uplink add xenbr0 eth0", as messages name the command. */
static char who[3 * IFNAMSIZ + 16];

static void rt_open(void)
{
	int one = 1;

	rt.sk = mnl_socket_open(NETLINK_ROUTE);
	if (!rt.sk || mnl_socket_bind(rt.sk, 0, MNL_SOCKET_AUTOPID) < 0)
		die("%s: cannot open an rtnetlink socket: %s", verb,
		    strerror(errno));
	mnl_socket_setsockopt(rt.sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(rt.sk, NETLINK_CAP_ACK, &one, sizeof(one));
	rt.portid = mnl_socket_get_portid(rt.sk);
	rt.seq = time(NULL);
}

static struct nlmsghdr *rt_msg(void *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++rt.seq;
	return nlh;
}

/* A reason for an error message: the kernel's words, else errno's. */
static const char *reason(int err)
{
	return rt.ext_msg[0] ? rt.ext_msg : strerror(-err);
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *b;
	struct link *l = data;

	l->ifindex = ifi->ifi_index;
	l->type = ifi->ifi_type;
	l->flags = ifi->ifi_flags;
	mnl_attr_for_each(a, nlh, sizeof(*ifi)) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_IFNAME:
			snprintf(l->name, sizeof(l->name), "%s",
				 mnl_attr_get_str(a));
			break;
		case IFLA_MASTER:
			l->master = mnl_attr_get_u32(a);
			break;
		case IFLA_ADDRESS:
			if (mnl_attr_get_payload_len(a) == ETH_ALEN)
				memcpy(l->mac, mnl_attr_get_payload(a),
				       ETH_ALEN);
			break;
		case IFLA_LINKINFO:
			mnl_attr_for_each_nested(b, a)
				if (mnl_attr_get_type(b) == IFLA_INFO_KIND)
					snprintf(l->kind, sizeof(l->kind), "%s",
						 mnl_attr_get_str(b));
			break;
		}
	}
	return MNL_CB_OK;
}

/* The link named @name (or with @ifindex); 0 or -errno (-ENODEV). */
static int get_link(const char *name, int ifindex, struct link *l)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = rt_msg(buf, RTM_GETLINK, NLM_F_ACK);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	memset(l, 0, sizeof(*l));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nl_talk(&rt, nlh, link_cb, l);
}

/* IPv6 addresses the kernel makes or takes back by itself stay put. */
static bool addr_movable(const struct nlmsghdr *nlh)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	uint32_t flags = ifa->ifa_flags;

	mnl_attr_for_each(a, nlh, sizeof(*ifa))
		if (mnl_attr_get_type(a) == IFA_FLAGS)
			flags = mnl_attr_get_u32(a);
	if (ifa->ifa_family == AF_INET)
		return true;
	return ifa->ifa_scope != RT_SCOPE_LINK && (flags & IFA_F_PERMANENT);
}

static struct obj *objs_add(struct objs *o, const struct nlmsghdr *nlh)
{
	struct obj *obj;

	if (nlh->nlmsg_len > MSG_MAX || o->n == o->max) {
		o->err = -E2BIG;
		snprintf(o->why, sizeof(o->why), "too many addresses or routes");
		return NULL;
	}
	obj = &o->v[o->n++];
	memset(obj, 0, sizeof(*obj));
	memcpy(obj->msg, nlh, nlh->nlmsg_len);
	return obj;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct objs *o = data;

	if ((int)ifa->ifa_index == o->ifindex && addr_movable(nlh))
		objs_add(o, nlh);
	return MNL_CB_OK;
}

/*
 * Routes through @o->ifindex that are ours to move: not the kernel's own
 * (prefix and local routes come back with the addresses), not learned from
 * router advertisements or redirects, not in the local table.
 */
static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	uint32_t table = rtm->rtm_table;
	bool oif = false, multipath = false, nhid = false;
	const struct nlattr *a;
	struct objs *o = data;
	struct obj *obj;

	if (rtm->rtm_flags & RTM_F_CLONED)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*rtm)) {
		switch (mnl_attr_get_type(a)) {
		case RTA_OIF:
			oif = (int)mnl_attr_get_u32(a) == o->ifindex;
			break;
		case RTA_TABLE:
			table = mnl_attr_get_u32(a);
			break;
		case RTA_MULTIPATH: {
			const struct rtnexthop *nh = mnl_attr_get_payload(a);
			int left = mnl_attr_get_payload_len(a);

			while (left >= (int)sizeof(*nh) &&
			       nh->rtnh_len >= sizeof(*nh) &&
			       nh->rtnh_len <= left) {
				if (nh->rtnh_ifindex == o->ifindex)
					multipath = true;
				left -= RTNH_ALIGN(nh->rtnh_len);
				nh = RTNH_NEXT(nh);
			}
			break;
		}
		case RTA_NH_ID:
			nhid = true;
			break;
		}
	}
	if (table == RT_TABLE_LOCAL || rtm->rtm_protocol == RTPROT_KERNEL ||
	    rtm->rtm_protocol == RTPROT_RA ||
	    rtm->rtm_protocol == RTPROT_REDIRECT)
		return MNL_CB_OK;
	if (multipath || (oif && nhid)) {
		o->err = -EOPNOTSUPP;
		snprintf(o->why, sizeof(o->why), "a %s route through it uses %s",
			 rtm->rtm_family == AF_INET ? "IPv4" : "IPv6",
			 multipath ? "several next hops" : "a nexthop object");
		return MNL_CB_OK;
	}
	if (!oif)
		return MNL_CB_OK;
	obj = objs_add(o, nlh);
	if (obj)
		mnl_attr_for_each(a, nlh, sizeof(*rtm))
			if (mnl_attr_get_type(a) == RTA_GATEWAY ||
			    mnl_attr_get_type(a) == RTA_VIA)
				obj->gateway = true;
	return MNL_CB_OK;
}

static int dump(uint16_t type, size_t hdr, nl_msg_cb cb, struct objs *o)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = rt_msg(buf, type, NLM_F_DUMP);
	struct rtgenmsg *g = mnl_nlmsg_put_extra_header(nlh, hdr);

	g->rtgen_family = AF_UNSPEC;
	return nl_talk(&rt, nlh, cb, o);
}

/* What @ifindex has to move: addresses, then routes (link routes first). */
static void collect(int ifindex, const char *name, struct objs *addrs,
		    struct objs *routes)
{
	static struct obj av[MAX_ADDRS], rv[MAX_ROUTES], tmp[MAX_ROUTES];
	size_t i, n = 0;
	int err;

	*addrs = (struct objs){ .v = av, .max = MAX_ADDRS, .ifindex = ifindex };
	*routes = (struct objs){ .v = rv, .max = MAX_ROUTES, .ifindex = ifindex };
	err = dump(RTM_GETADDR, sizeof(struct ifaddrmsg), addr_cb, addrs);
	if (!err)
		err = dump(RTM_GETROUTE, sizeof(struct rtmsg), route_cb, routes);
	if (err)
		die("%s: cannot read the addresses and routes of %s: %s", who,
		    name, reason(err));
	if (addrs->err || routes->err)
		die("%s: %s: %s; nothing changed", who, name,
		    addrs->err ? addrs->why : routes->why);
	/* A route through a gateway needs the route that reaches it. */
	for (i = 0; i < routes->n; i++)
		if (!rv[i].gateway)
			tmp[n++] = rv[i];
	for (i = 0; i < routes->n; i++)
		if (rv[i].gateway)
			tmp[n++] = rv[i];
	memcpy(rv, tmp, n * sizeof(*rv));
}

/* "192.0.2.10/24", "default via 192.0.2.1": an object, for messages. */
static const char *describe(const struct obj *obj, bool is_route)
{
	static char out[160];
	const struct nlmsghdr *nlh = (const void *)obj->msg;
	char dst[INET6_ADDRSTRLEN] = "", via[INET6_ADDRSTRLEN] = "";
	const struct nlattr *a;
	unsigned char family, len;
	size_t hdr;

	if (is_route) {
		const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

		family = rtm->rtm_family;
		len = rtm->rtm_dst_len;
		hdr = sizeof(*rtm);
	} else {
		const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);

		family = ifa->ifa_family;
		len = ifa->ifa_prefixlen;
		hdr = sizeof(*ifa);
	}
	mnl_attr_for_each(a, nlh, hdr) {
		unsigned int t = mnl_attr_get_type(a);

		if (is_route ? t == RTA_DST :
		    t == IFA_LOCAL || (t == IFA_ADDRESS && !dst[0]))
			inet_ntop(family, mnl_attr_get_payload(a), dst,
				  sizeof(dst));
		else if (is_route && t == RTA_GATEWAY)
			inet_ntop(family, mnl_attr_get_payload(a), via,
				  sizeof(via));
	}
	if (is_route && !dst[0])
		snprintf(out, sizeof(out), "route default%s%s",
			 via[0] ? " via " : "", via);
	else
		snprintf(out, sizeof(out), "%s %s/%u%s%s",
			 is_route ? "route" : "address", dst, len,
			 via[0] ? " via " : "", via);
	return out;
}

/* The flags of an address that one may ask for; the rest are state. */
#define ADDR_FLAGS (IFA_F_NODAD | IFA_F_OPTIMISTIC | IFA_F_HOMEADDRESS | \
		    IFA_F_MANAGETEMPADDR | IFA_F_NOPREFIXROUTE | \
		    IFA_F_MCAUTOJOIN)

/* An address of @obj put on @ifindex (@add) or taken off it. */
static struct nlmsghdr *addr_req(void *buf, const struct obj *obj,
				 int ifindex, bool add)
{
	const struct nlmsghdr *src = (const void *)obj->msg;
	const struct ifaddrmsg *old = mnl_nlmsg_get_payload(src);
	struct nlmsghdr *nlh = rt_msg(buf, add ? RTM_NEWADDR : RTM_DELADDR,
				      NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0));
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	uint32_t flags = old->ifa_flags;
	bool permanent;
	const struct nlattr *a;
	char label[IFNAMSIZ];
	struct link l;

	*ifa = *old;
	ifa->ifa_index = ifindex;
	mnl_attr_for_each(a, src, sizeof(*old))
		if (mnl_attr_get_type(a) == IFA_FLAGS)
			flags = mnl_attr_get_u32(a);
	permanent = flags & IFA_F_PERMANENT;
	ifa->ifa_flags = flags & ADDR_FLAGS & 0xff;
	mnl_attr_for_each(a, src, sizeof(*old)) {
		switch (mnl_attr_get_type(a)) {
		case IFA_LOCAL:
		case IFA_ADDRESS:
		case IFA_BROADCAST:
			mnl_attr_put(nlh, mnl_attr_get_type(a),
				     mnl_attr_get_payload_len(a),
				     mnl_attr_get_payload(a));
			break;
		case IFA_RT_PRIORITY:
			if (add)
				mnl_attr_put_u32(nlh, IFA_RT_PRIORITY,
						 mnl_attr_get_u32(a));
			break;
		case IFA_CACHEINFO:
			/* Lifetimes: only those of a lease. */
			if (add && !permanent) {
				const struct ifa_cacheinfo *ci =
					mnl_attr_get_payload(a);
				struct ifa_cacheinfo c = {
					.ifa_prefered = ci->ifa_prefered,
					.ifa_valid = ci->ifa_valid,
				};

				mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(c), &c);
			}
			break;
		case IFA_LABEL:
			/* eth0:1 becomes xenbr0:1; a label of its own stays. */
			snprintf(label, sizeof(label), "%s", mnl_attr_get_str(a));
			if (!get_link(NULL, old->ifa_index, &l) &&
			    !strncmp(label, l.name, strlen(l.name))) {
				size_t skip = strlen(l.name);

				if (get_link(NULL, ifindex, &l))
					break;
				snprintf(label, sizeof(label), "%s%s", l.name,
					 mnl_attr_get_str(a) + skip);
			}
			mnl_attr_put_strz(nlh, IFA_LABEL, label);
			break;
		}
	}
	if (add)
		mnl_attr_put_u32(nlh, IFA_FLAGS, flags & ADDR_FLAGS);
	return nlh;
}

/* A route of @obj put on @ifindex (@add) or taken off it. */
static struct nlmsghdr *route_req(void *buf, const struct obj *obj,
				  int ifindex, bool add)
{
	const struct nlmsghdr *src = (const void *)obj->msg;
	const struct rtmsg *old = mnl_nlmsg_get_payload(src);
	struct nlmsghdr *nlh = rt_msg(buf, add ? RTM_NEWROUTE : RTM_DELROUTE,
				      NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0));
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	const struct nlattr *a;

	*rtm = *old;
	rtm->rtm_flags &= RTNH_F_ONLINK;
	mnl_attr_for_each(a, src, sizeof(*old)) {
		switch (mnl_attr_get_type(a)) {
		case RTA_DST:
		case RTA_SRC:
		case RTA_GATEWAY:
		case RTA_VIA:
		case RTA_PRIORITY:
		case RTA_PREFSRC:
		case RTA_METRICS:
		case RTA_TABLE:
		case RTA_FLOW:
		case RTA_PREF:
			mnl_attr_put(nlh, mnl_attr_get_type(a),
				     mnl_attr_get_payload_len(a),
				     mnl_attr_get_payload(a));
			break;
		}
	}
	mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	return nlh;
}

/* Link changes: @master (0: none, -1: leave), @mac (NULL: leave), up. */
static struct nlmsghdr *link_req(void *buf, int ifindex, int master,
				 const uint8_t *mac, bool up)
{
	struct nlmsghdr *nlh = rt_msg(buf, RTM_NEWLINK, NLM_F_ACK);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (up) {
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	}
	if (master >= 0)
		mnl_attr_put_u32(nlh, IFLA_MASTER, master);
	if (mac)
		mnl_attr_put(nlh, IFLA_ADDRESS, ETH_ALEN, mac);
	return nlh;
}

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
	collect(dev->ifindex, dev->name, &addrs, &routes);
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
	collect(br->ifindex, br->name, &addrs, &routes);
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
