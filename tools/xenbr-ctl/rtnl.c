// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: links, addresses and routes over rtnetlink (see rtnl.h).
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include "rtnl.h"
#include "errors.h"

struct nl rt;

void rt_open(void)
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

struct nlmsghdr *rt_msg(void *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++rt.seq;
	return nlh;
}

const char *reason(int err)
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
		case IFLA_MTU:
			l->mtu = mnl_attr_get_u32(a);
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

int get_link(const char *name, int ifindex, struct link *l)
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

int collect(int ifindex, struct objs *addrs, struct objs *routes)
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
		return err;
	/* A route through a gateway needs the route that reaches it. */
	for (i = 0; i < routes->n; i++)
		if (!rv[i].gateway)
			tmp[n++] = rv[i];
	for (i = 0; i < routes->n; i++)
		if (rv[i].gateway)
			tmp[n++] = rv[i];
	memcpy(rv, tmp, n * sizeof(*rv));
	return 0;
}

const char *describe(const struct obj *obj, bool is_route)
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

struct nlmsghdr *addr_req(void *buf, const struct obj *obj, int ifindex,
			  bool add)
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

struct nlmsghdr *route_req(void *buf, const struct obj *obj, int ifindex,
			   bool add)
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

struct nlmsghdr *link_req(void *buf, int ifindex, int master,
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

