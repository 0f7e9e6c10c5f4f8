// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: writing the state file - every xenbr bridge of the network
 * namespace as the kernel reports it, with the bridge devices' addresses
 * and routes from rtnetlink (Documentation/state-file.md).
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include "errors.h"
#include "json.h"
#include "state.h"

/* NET_ADDR_SET in /sys/class/net/DEV/addr_assign_type: set by hand. */
#define ADDR_ASSIGN_SET	3

static bool mac_set_by_hand(const char *dev)
{
	char path[64];
	FILE *f;
	int type = -1;

	snprintf(path, sizeof(path), "/sys/class/net/%s/addr_assign_type", dev);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fscanf(f, "%d", &type) != 1)
		type = -1;
	fclose(f);
	return type == ADDR_ASSIGN_SET;
}

static void jmac(const char *key, const uint8_t *mac)
{
	char text[18];

	fmt_mac(text, mac);
	jstr(key, text);
}

static void jaddr(const char *key, int family, const void *addr, int len)
{
	char text[INET6_ADDRSTRLEN + 8];
	size_t n;

	inet_ntop(family, addr, text, INET6_ADDRSTRLEN);
	n = strlen(text);
	if (len >= 0)
		snprintf(text + n, sizeof(text) - n, "/%d", len);
	jstr(key, text);
}

/* The VLAN runs of @ifindex among @runs, as the file writes them. */
static void save_vlans(const struct vec *runs, int ifindex)
{
	const struct vrun *r = runs->v;
	size_t i;

	jkey("vlans");
	jopen('[');
	for (i = 0; i < runs->n; i++) {
		if (r[i].ifindex != ifindex)
			continue;
		jopen('{');
		juint("vid", r[i].id);
		if (r[i].end != r[i].id)
			juint("end", r[i].end);
		if (r[i].pvid)
			jbool("pvid", true);
		if (r[i].untagged)
			jbool("untagged", true);
		jclose('}');
	}
	jclose(']');
}

static void save_lock(const struct port_lock *lk)
{
	static const char *const modes[] = {
		[XENBR_LOCK_UNLOCKED] = "unlocked",
		[XENBR_LOCK_LOCKED] = "locked",
		[XENBR_LOCK_DISABLED] = "disabled",
	};
	int k;
	unsigned int i;

	jkey("lock");
	jopen('{');
	jstr("mode", lk->mode <= XENBR_LOCK_MODE_MAX ? modes[lk->mode] : "?");
	if (lk->mode != XENBR_LOCK_UNLOCKED) {
		if (lk->has_mac)
			jmac("mac", lk->mac);
		/* Both lists, empty ones too: restore sets them as they are. */
		for (k = AF_INET; k; k = k == AF_INET ? AF_INET6 : 0) {
			jkey(k == AF_INET ? "ipv4" : "ipv6");
			jopen('[');
			for (i = 0; i < lk->n; i++)
				if (lk->addrs[i].family == k)
					jaddr(NULL, k, lk->addrs[i].addr,
					      lk->addrs[i].len);
			jclose(']');
		}
	}
	jclose('}');
}

static void save_port(const struct port *p, const struct vec *runs)
{
	jopen('{');
	jstr("name", p->name);
	if (p->vif.is_vif) {
		jkey("vif");
		jopen('{');
		juint("domid", p->vif.domid);
		juint("handle", p->vif.handle);
		jclose('}');
	}
	jbool("learning", p->learning);
	jbool("flood", p->flood);
	jbool("mcast_flood", p->mcast_flood);
	jbool("bcast_flood", p->bcast_flood);
	jbool("isolated", p->isolated);
	juint("limit", p->limit);
	save_lock(&p->lock);
	save_vlans(runs, p->ifindex);
	jclose('}');
}

/*
 * The static entries an administrator made: not the bridge's own, not the
 * guest MAC the netback glue pins on its vif (it does so again).
 */
static void save_fdb(const struct bridge *br, const struct vec *ports)
{
	struct vec fdb = get_fdb(br->ifindex);
	const struct fdb *f = fdb.v;
	const struct port *p;
	size_t i, j;

	jkey("fdb");
	jopen('[');
	for (i = 0; i < fdb.n; i++) {
		if (!(f[i].flags & XENBR_FDB_STATIC) ||
		    (f[i].flags & XENBR_FDB_LOCAL))
			continue;
		for (j = 0, p = ports->v; j < ports->n; j++, p++)
			if (p->ifindex == f[i].port_ifindex)
				break;
		if (j == ports->n ||
		    (p->vif.is_vif && !memcmp(p->vif.guest_mac, f[i].mac,
					      ETH_ALEN)))
			continue;
		jopen('{');
		jmac("mac", f[i].mac);
		juint("vlan", f[i].vid);
		jstr("dev", p->name);
		jclose('}');
	}
	jclose(']');
	free(fdb.v);
}

static void save_addr(const struct obj *o, const char *dev)
{
	const struct nlmsghdr *nlh = (const void *)o->msg;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const void *local = NULL, *address = NULL;
	const struct ifa_cacheinfo *ci = NULL;
	size_t size = ifa->ifa_family == AF_INET ? 4 : 16;
	uint32_t flags = ifa->ifa_flags, metric = 0;
	const struct nlattr *a;
	bool has_metric = false;
	size_t k;

	jopen('{');
	mnl_attr_for_each(a, nlh, sizeof(*ifa)) {
		switch (mnl_attr_get_type(a)) {
		case IFA_LOCAL:
			local = mnl_attr_get_payload(a);
			break;
		case IFA_ADDRESS:
			address = mnl_attr_get_payload(a);
			break;
		case IFA_FLAGS:
			flags = mnl_attr_get_u32(a);
			break;
		case IFA_CACHEINFO:
			ci = mnl_attr_get_payload(a);
			break;
		case IFA_RT_PRIORITY:
			metric = mnl_attr_get_u32(a);
			has_metric = true;
			break;
		}
	}
	jaddr("address", ifa->ifa_family, local ? local : address,
	      ifa->ifa_prefixlen);
	if (local && address && memcmp(local, address, size))
		jaddr("peer", ifa->ifa_family, address, -1);
	mnl_attr_for_each(a, nlh, sizeof(*ifa)) {
		if (mnl_attr_get_type(a) == IFA_BROADCAST)
			jaddr("broadcast", AF_INET, mnl_attr_get_payload(a), -1);
		else if (mnl_attr_get_type(a) == IFA_LABEL &&
			 strcmp(mnl_attr_get_str(a), dev))
			jstr("label", mnl_attr_get_str(a));
	}
	if (ifa->ifa_scope)
		juint("scope", ifa->ifa_scope);
	if (flags & ADDR_FLAGS) {
		jkey("flags");
		jopen('[');
		for (k = 0; addr_flag_words[k].name; k++)
			if (flags & addr_flag_words[k].bit)
				jstr(NULL, addr_flag_words[k].name);
		jclose(']');
	}
	if (has_metric)
		juint("metric", metric);
	if (!(flags & IFA_F_PERMANENT) && ci) {
		juint("valid_lft", ci->ifa_valid);
		juint("preferred_lft", ci->ifa_prefered);
	}
	jclose('}');
}

static void save_metrics(const struct nlattr *nest)
{
	const struct nlattr *a;
	unsigned int t;

	jkey("metrics");
	jopen('{');
	mnl_attr_for_each_nested(a, nest) {
		t = mnl_attr_get_type(a);
		if (t > RTAX_MAX || !route_metric_words[t])
			continue;
		if (t == RTAX_CC_ALGO)
			jstr(route_metric_words[t], mnl_attr_get_str(a));
		else
			juint(route_metric_words[t], mnl_attr_get_u32(a));
	}
	jclose('}');
}

static void save_route(const struct obj *o, const char *dev)
{
	const struct nlmsghdr *nlh = (const void *)o->msg;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	int family = rtm->rtm_family;
	uint32_t table = rtm->rtm_table;
	const struct nlattr *a;
	static const uint8_t any[16];
	const void *dst = any;

	jopen('{');
	mnl_attr_for_each(a, nlh, sizeof(*rtm)) {
		if (mnl_attr_get_type(a) == RTA_DST)
			dst = mnl_attr_get_payload(a);
		else if (mnl_attr_get_type(a) == RTA_TABLE)
			table = mnl_attr_get_u32(a);
	}
	jaddr("dst", family, dst, rtm->rtm_dst_len);
	mnl_attr_for_each(a, nlh, sizeof(*rtm)) {
		switch (mnl_attr_get_type(a)) {
		case RTA_GATEWAY:
			jaddr("gateway", family, mnl_attr_get_payload(a), -1);
			break;
		case RTA_PRIORITY:
			juint("metric", mnl_attr_get_u32(a));
			break;
		case RTA_PREFSRC:
			jaddr("prefsrc", family, mnl_attr_get_payload(a), -1);
			break;
		case RTA_PREF:
			juint("pref", mnl_attr_get_u8(a));
			break;
		case RTA_METRICS:
			save_metrics(a);
			break;
		case RTA_SRC:
		case RTA_VIA:
		case RTA_FLOW:
			fprintf(stderr,
				"xenbr-ctl: save: warning: %s: the %s of %s is not kept\n",
				dev, mnl_attr_get_type(a) == RTA_SRC ? "source prefix" :
				mnl_attr_get_type(a) == RTA_VIA ? "via address" :
				"realm", describe(o, true));
			break;
		}
	}
	juint("table", table);
	juint("protocol", rtm->rtm_protocol);
	juint("scope", rtm->rtm_scope);
	juint("type", rtm->rtm_type);
	if (rtm->rtm_tos)
		juint("tos", rtm->rtm_tos);
	if (rtm->rtm_flags & RTNH_F_ONLINK)
		jbool("onlink", true);
	jclose('}');
}

/* The bridge device's addresses and routes, as rtnetlink has them. */
static void save_ip(const struct bridge *br)
{
	struct objs addrs, routes;
	size_t i;
	int err = collect(br->ifindex, &addrs, &routes);

	if (err)
		die("save: cannot read the addresses and routes of %s: %s",
		    br->name, reason(err));
	if (addrs.err || routes.err)
		die("save: %s: %s", br->name,
		    addrs.err ? addrs.why : routes.why);
	jkey("addresses");
	jopen('[');
	for (i = 0; i < addrs.n; i++)
		save_addr(&addrs.v[i], br->name);
	jclose(']');
	jkey("routes");
	jopen('[');
	for (i = 0; i < routes.n; i++)
		save_route(&routes.v[i], br->name);
	jclose(']');
}

/*
 * The port that lends the bridge its MAC: first in the file, so that the
 * bridge restored takes the same MAC from it (a vif lends none).
 */
static size_t mac_lender(const struct bridge *br, const struct vec *ports)
{
	const struct port *p = ports->v;
	struct link l;
	size_t i;

	for (i = 0; i < ports->n; i++)
		if (!get_link(NULL, p[i].ifindex, &l) &&
		    !memcmp(l.mac, br->mac, ETH_ALEN))
			return i;
	return 0;
}

static void save_bridge(const struct bridge *br, const struct vec *runs)
{
	struct vec ports = get_ports(br->ifindex);
	size_t i, first = mac_lender(br, &ports);
	struct link l;
	int err = get_link(NULL, br->ifindex, &l);

	if (err)
		die("save: cannot read %s: %s", br->name, reason(err));
	jopen('{');
	jstr("name", br->name);
	if (mac_set_by_hand(br->name))
		jmac("mac", br->mac);
	juint("mtu", l.mtu);
	jbool("up", l.flags & IFF_UP);
	juint("ageing_ms", br->ageing);
	juint("max_learned", br->limit);
	juint("port_max_learned", br->port_limit);
	jbool("vlan_filtering", br->vlan_filtering);
	juint("default_pvid", br->default_pvid);
	save_vlans(runs, br->ifindex);
	jkey("ports");
	jopen('[');
	for (i = 0; i < ports.n; i++)
		save_port((struct port *)ports.v +
			  (i == 0 ? first : i <= first ? i - 1 : i), runs);
	jclose(']');
	save_fdb(br, &ports);
	save_ip(br);
	jclose('}');
	free(ports.v);
}

void state_save(void)
{
	struct vec brs = get_bridges(NULL), runs = get_vlans(NULL);
	char stamp[32];
	struct glue g = { 0 };
	time_t now = time(NULL);
	size_t i;

	rt_open();
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	jpretty = true;
	jopen('{');
	jstr("format", STATE_FORMAT);
	juint("version", STATE_VERSION);
	jstr("saved_at", stamp);
	/* The glue's switch is the host's: only its namespace has it. */
	if (!try_get_glue(&g) && g.counted)
		jbool("netback", g.on);
	jkey("bridges");
	jopen('[');
	for (i = 0; i < brs.n; i++)
		save_bridge((struct bridge *)brs.v + i, &runs);
	jclose(']');
	jclose('}');
	jend();
	free(brs.v);
	free(runs.v);
	nl_close(&rt);
}
