// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: VIF locking - a locked port lets its guest send only from its
 * allowed MAC and its allowed IPv4 and IPv6 addresses (XenServer's locking
 * modes, with Xen's "ip" key as the addresses), a disabled one nothing.
 *
 * The check runs in the receive handler before anything else looks at the
 * frame, on the frame as the guest sent it, and only for ports whose locking
 * pointer is set (see locking.h). It reads headers with skb_header_pointer(),
 * so paged and short frames are safe, and changes nothing.
 */

#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/netlink.h>
#include <kunit/visibility.h>
#include "netlink.h"

#define XENBR_DHCP_SERVER_PORT		67
#define XENBR_DHCPV6_CLIENT_PORT	546
#define XENBR_DHCPV6_SERVER_PORT	547

/* ICMPv6 types not in the kernel's headers. */
#define XENBR_ICMPV6_MOBILE_PREFIX_SOL	146
#define XENBR_ICMPV6_MOBILE_PREFIX_ADV	147
#define XENBR_ICMPV6_MRDISC_ADV		151
#define XENBR_ICMPV6_MRDISC_SOL		152
#define XENBR_ICMPV6_MRDISC_TERM	153

static bool xenbr_locking_v4_allowed(const struct xenbr_locking *lk,
				     __be32 addr)
{
	int i;

	for (i = 0; i < lk->n_v4; i++)
		if ((addr & lk->v4[i].mask) == lk->v4[i].addr)
			return true;
	return false;
}

static bool xenbr_locking_v6_allowed(const struct xenbr_locking *lk,
				     const struct in6_addr *addr)
{
	int i;

	for (i = 0; i < lk->n_v6; i++)
		if (ipv6_prefix_equal(addr, &lk->v6[i].addr, lk->v6[i].len))
			return true;
	return false;
}

struct xenbr_arp_eth_ipv4 {
	struct arphdr hdr;
	u8 sha[ETH_ALEN];
	__be32 sip;
	u8 tha[ETH_ALEN];
	__be32 tip;
} __packed;

/* Refuses a frame: says why in *@why, returns false. */
static bool xenbr_refuse(enum xenbr_drop_reason *why,
			 enum xenbr_drop_reason reason)
{
	*why = reason;
	return false;
}

/* ARP only from the allowed MAC and an allowed address, or a probe. */
static bool xenbr_locking_arp(const struct xenbr_locking *lk,
			      const struct sk_buff *skb,
			      enum xenbr_drop_reason *why)
{
	struct xenbr_arp_eth_ipv4 buf;
	const struct xenbr_arp_eth_ipv4 *arp;

	arp = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	if (!arp || arp->hdr.ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->hdr.ar_pro != htons(ETH_P_IP) || arp->hdr.ar_hln != ETH_ALEN ||
	    arp->hdr.ar_pln != 4)
		return xenbr_refuse(why, XENBR_DROP_LOCK_MALFORMED);
	if (!ether_addr_equal(arp->sha, lk->mac))
		return xenbr_refuse(why, XENBR_DROP_LOCK_ARP);
	/* A probe (RFC 5227) claims no address. */
	if (!arp->sip || xenbr_locking_v4_allowed(lk, arp->sip))
		return true;
	return xenbr_refuse(why, XENBR_DROP_LOCK_ARP);
}

static bool xenbr_locking_ipv4(const struct xenbr_locking *lk,
			       const struct sk_buff *skb,
			       enum xenbr_drop_reason *why)
{
	struct iphdr buf;
	const struct iphdr *iph;
	struct udphdr ubuf;
	const struct udphdr *uh;

	iph = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return xenbr_refuse(why, XENBR_DROP_LOCK_MALFORMED);
	/* Ports are in the first fragment only. */
	if (iph->protocol == IPPROTO_UDP &&
	    !(iph->frag_off & htons(IP_OFFSET))) {
		uh = skb_header_pointer(skb, iph->ihl * 4, sizeof(ubuf), &ubuf);
		if (!uh)
			return xenbr_refuse(why, XENBR_DROP_LOCK_MALFORMED);
		/* A guest is never a DHCP server or relay. */
		if (uh->source == htons(XENBR_DHCP_SERVER_PORT))
			return xenbr_refuse(why, XENBR_DROP_LOCK_ROUTER);
		/* A DHCP client, from 0.0.0.0 before it has an address. */
		if (uh->dest == htons(XENBR_DHCP_SERVER_PORT))
			return true;
	}
	if (xenbr_locking_v4_allowed(lk, iph->saddr))
		return true;
	return xenbr_refuse(why, XENBR_DROP_LOCK_IPV4);
}

/*
 * The link-layer address options of a neighbour discovery message, from
 * @off to @end (the IPv6 payload's end, not the frame's, which may be
 * padded): each present must be the allowed MAC.
 */
static bool xenbr_locking_nd_opts(const struct xenbr_locking *lk,
				  const struct sk_buff *skb, unsigned int off,
				  unsigned int end, enum xenbr_drop_reason *why)
{
	u8 buf[2 + ETH_ALEN];
	const u8 *opt;

	while (off < end) {
		opt = skb_header_pointer(skb, off, 2, buf);
		if (!opt || !opt[1])
			return xenbr_refuse(why, XENBR_DROP_LOCK_MALFORMED);
		if (opt[0] == ND_OPT_SOURCE_LL_ADDR ||
		    opt[0] == ND_OPT_TARGET_LL_ADDR) {
			opt = skb_header_pointer(skb, off, sizeof(buf), buf);
			if (!opt)
				return xenbr_refuse(why, XENBR_DROP_LOCK_MALFORMED);
			if (!ether_addr_equal(opt + 2, lk->mac))
				return xenbr_refuse(why, XENBR_DROP_LOCK_ND);
		}
		off += opt[1] * 8;
	}
	return true;
}

static bool xenbr_icmpv6_router_only(u8 type)
{
	switch (type) {
	case NDISC_ROUTER_ADVERTISEMENT:
	case NDISC_REDIRECT:
	case XENBR_ICMPV6_MOBILE_PREFIX_SOL:
	case XENBR_ICMPV6_MOBILE_PREFIX_ADV:
	case XENBR_ICMPV6_MRDISC_ADV:
	case XENBR_ICMPV6_MRDISC_SOL:
	case XENBR_ICMPV6_MRDISC_TERM:
		return true;
	}
	return false;
}

/* ICMPv6 at @off. */
static bool xenbr_locking_icmpv6(const struct xenbr_locking *lk,
				 const struct sk_buff *skb,
				 const struct ipv6hdr *ip6, unsigned int off,
				 enum xenbr_drop_reason *why)
{
	unsigned int end = sizeof(*ip6) + ntohs(ip6->payload_len);
	bool from_any = ipv6_addr_any(&ip6->saddr);
	bool src_ok = xenbr_locking_v6_allowed(lk, &ip6->saddr);
	struct nd_msg buf;
	const struct nd_msg *nd;

	nd = skb_header_pointer(skb, off, sizeof(struct icmp6hdr), &buf);
	if (!nd)
		return xenbr_refuse(why, XENBR_DROP_LOCK_MALFORMED);
	if (xenbr_icmpv6_router_only(nd->icmph.icmp6_type))
		return xenbr_refuse(why, XENBR_DROP_LOCK_ROUTER);

	switch (nd->icmph.icmp6_type) {
	case NDISC_ROUTER_SOLICITATION:
		if (!src_ok && !from_any)
			return xenbr_refuse(why, XENBR_DROP_LOCK_ND);
		return xenbr_locking_nd_opts(lk, skb,
					     off + sizeof(struct icmp6hdr), end,
					     why);
	case NDISC_NEIGHBOUR_SOLICITATION:
	case NDISC_NEIGHBOUR_ADVERTISEMENT:
		nd = skb_header_pointer(skb, off, sizeof(buf), &buf);
		if (!nd)
			return xenbr_refuse(why, XENBR_DROP_LOCK_MALFORMED);
		if (!xenbr_locking_nd_opts(lk, skb, off + sizeof(buf), end, why))
			return false;
		if (nd->icmph.icmp6_type == NDISC_NEIGHBOUR_ADVERTISEMENT) {
			/* Only for, and from, its own addresses. */
			if (src_ok && xenbr_locking_v6_allowed(lk, &nd->target))
				return true;
			return xenbr_refuse(why, XENBR_DROP_LOCK_ND);
		}
		/* DAD (RFC 4862): from ::, for an address of its own. */
		if (from_any) {
			if (xenbr_locking_v6_allowed(lk, &nd->target))
				return true;
			return xenbr_refuse(why, XENBR_DROP_LOCK_ND);
		}
		return src_ok || xenbr_refuse(why, XENBR_DROP_LOCK_ND);
	case ICMPV6_MGM_REPORT:
	case ICMPV6_MGM_REDUCTION:
	case ICMPV6_MLD2_REPORT:
		/* Listener reports may come from :: during DAD (RFC 3590). */
		if (from_any)
			return true;
		break;
	}
	return src_ok || xenbr_refuse(why, XENBR_DROP_LOCK_IPV6);
}

static bool xenbr_locking_ipv6(const struct xenbr_locking *lk,
			       const struct sk_buff *skb,
			       enum xenbr_drop_reason *why)
{
	struct ipv6hdr buf;
	const struct ipv6hdr *ip6;
	struct udphdr ubuf;
	const struct udphdr *uh;
	__be16 frag_off;
	u8 nexthdr;
	int off;

	ip6 = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	if (!ip6 || ip6->version != 6)
		return xenbr_refuse(why, XENBR_DROP_LOCK_MALFORMED);
	nexthdr = ip6->nexthdr;
	off = ipv6_skip_exthdr(skb, sizeof(*ip6), &nexthdr, &frag_off);
	if (off < 0)
		return xenbr_refuse(why, XENBR_DROP_LOCK_MALFORMED);
	/* A later fragment has no upper-layer header: its source decides. */
	if (frag_off & htons(~0x7))
		goto source;

	switch (nexthdr) {
	case IPPROTO_ICMPV6:
		return xenbr_locking_icmpv6(lk, skb, ip6, off, why);
	case IPPROTO_UDP:
		uh = skb_header_pointer(skb, off, sizeof(ubuf), &ubuf);
		if (!uh)
			return xenbr_refuse(why, XENBR_DROP_LOCK_MALFORMED);
		if (uh->source == htons(XENBR_DHCPV6_SERVER_PORT))
			return xenbr_refuse(why, XENBR_DROP_LOCK_ROUTER);
		/* A DHCPv6 client asks from its link-local address. */
		if (uh->source == htons(XENBR_DHCPV6_CLIENT_PORT) &&
		    uh->dest == htons(XENBR_DHCPV6_SERVER_PORT) &&
		    ipv6_addr_type(&ip6->saddr) & IPV6_ADDR_LINKLOCAL)
			return true;
		break;
	}
source:
	if (xenbr_locking_v6_allowed(lk, &ip6->saddr))
		return true;
	return xenbr_refuse(why, XENBR_DROP_LOCK_IPV6);
}

/**
 * xenbr_locking_check() - whether a port's locking lets a frame through
 * @lk: the port's locking
 * @skb: the frame as received, its data at the network header
 * @reason: set to why, when it does not
 *
 * Context: any; reads @lk and @skb only.
 * Return: true if the frame may be bridged.
 */
bool xenbr_locking_check(const struct xenbr_locking *lk,
			 const struct sk_buff *skb,
			 enum xenbr_drop_reason *reason)
{
	const struct ethhdr *eth = eth_hdr(skb);

	if (lk->mode != XENBR_LOCK_LOCKED)
		return xenbr_refuse(reason, XENBR_DROP_LOCK_DISABLED);
	if (!ether_addr_equal(eth->h_source, lk->mac))
		return xenbr_refuse(reason, XENBR_DROP_LOCK_MAC);
	/* The tag may be the frame's or, taken out, the skb's. */
	if (skb_vlan_tag_present(skb) || eth_type_vlan(eth->h_proto))
		return xenbr_refuse(reason, XENBR_DROP_LOCK_VLAN);
	switch (eth->h_proto) {
	case htons(ETH_P_ARP):
		return xenbr_locking_arp(lk, skb, reason);
	case htons(ETH_P_IP):
		return xenbr_locking_ipv4(lk, skb, reason);
	case htons(ETH_P_IPV6):
		return xenbr_locking_ipv6(lk, skb, reason);
	}
	return xenbr_refuse(reason, XENBR_DROP_LOCK_PROTO);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_locking_check);

bool xenbr_locking_allows(const struct xenbr_port *port,
			  const struct sk_buff *skb,
			  enum xenbr_drop_reason *reason)
{
	const struct xenbr_locking *lk = rcu_dereference(port->locking);

	/* Unlocked between the caller's test and here. */
	if (!lk)
		return true;
	return xenbr_locking_check(lk, skb, reason);
}

struct xenbr_locking *xenbr_locking_alloc(enum xenbr_lock_mode mode)
{
	struct xenbr_locking *lk = kzalloc(sizeof(*lk), GFP_KERNEL);

	if (lk)
		lk->mode = mode;
	return lk;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_locking_alloc);

struct xenbr_locking *xenbr_locking_dup(const struct xenbr_port *port,
					enum xenbr_lock_mode mode)
{
	const struct xenbr_locking *cur = rtnl_dereference(port->locking);
	struct xenbr_locking *lk;

	if (!cur)
		return xenbr_locking_alloc(mode);
	lk = kmemdup(cur, sizeof(*lk), GFP_KERNEL);
	if (lk)
		lk->mode = mode;
	return lk;
}

int xenbr_locking_add_addr(struct xenbr_locking *lk, int family,
			   const void *addr, unsigned int len)
{
	struct xenbr_locking_v4 *v4;
	struct xenbr_locking_v6 *v6;

	if (family == AF_INET) {
		__be32 a = *(const __be32 *)addr;

		if (len > 32 || ipv4_is_multicast(a) || ipv4_is_lbcast(a))
			return -EINVAL;
		if (lk->n_v4 >= XENBR_LOCK_ADDRS_MAX)
			return -E2BIG;
		v4 = &lk->v4[lk->n_v4++];
		v4->len = len;
		v4->mask = len ? htonl(~0U << (32 - len)) : 0;
		v4->addr = a & v4->mask;
		return 0;
	}
	if (family != AF_INET6 || len > 128 ||
	    ipv6_addr_is_multicast((const struct in6_addr *)addr))
		return -EINVAL;
	if (lk->n_v6 >= XENBR_LOCK_ADDRS_MAX)
		return -E2BIG;
	v6 = &lk->v6[lk->n_v6++];
	v6->len = len;
	ipv6_addr_prefix(&v6->addr, addr, len);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_locking_add_addr);

/* One "ADDR[/LEN]" of @n bytes at @s. */
static int xenbr_locking_parse_one(struct xenbr_locking *lk, const char *s,
				   size_t n)
{
	char word[INET6_ADDRSTRLEN + 4];
	const char *end;
	unsigned int len;
	u8 addr[16];
	char *slash;
	int family;

	if (n >= sizeof(word))
		return -EINVAL;
	memcpy(word, s, n);
	word[n] = '\0';
	slash = strchr(word, '/');
	if (slash)
		*slash = '\0';
	if (in4_pton(word, -1, addr, '\0', &end)) {
		family = AF_INET;
		len = 32;
	} else if (in6_pton(word, -1, addr, '\0', &end)) {
		family = AF_INET6;
		len = 128;
	} else {
		return -EINVAL;
	}
	if (slash && (!slash[1] || kstrtouint(slash + 1, 10, &len)))
		return -EINVAL;
	return xenbr_locking_add_addr(lk, family, addr, len);
}

int xenbr_locking_parse_addrs(struct xenbr_locking *lk, const char *list)
{
	static const char sep[] = " ,\t\n";
	size_t n;
	int err;

	for (list += strspn(list, sep); *list; list += strspn(list, sep)) {
		n = strcspn(list, sep);
		err = xenbr_locking_parse_one(lk, list, n);
		if (err)
			return err;
		list += n;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_locking_parse_addrs);

int xenbr_port_set_locking(struct xenbr_port *port, struct xenbr_locking *lk,
			   struct netlink_ext_ack *extack)
{
	struct xenbr_locking *old = rtnl_dereference(port->locking);
	bool disabled;

	ASSERT_RTNL();
	if (lk && lk->mode == XENBR_LOCK_UNLOCKED) {
		kfree(lk);
		lk = NULL;
	}
	if (lk && lk->mode == XENBR_LOCK_LOCKED && !lk->has_mac) {
		kfree(lk);
		NL_SET_ERR_MSG(extack,
			       "Locking a port needs its guest's MAC: give it (mac)");
		return -EINVAL;
	}
	rcu_assign_pointer(port->locking, lk);
	/*
	 * Disabled, the port forwards to nobody, as a port that is down:
	 * it forgets what it learned and counts for the bridge's carrier.
	 */
	disabled = lk && lk->mode == XENBR_LOCK_DISABLED;
	if (port->attached == disabled) {
		WRITE_ONCE(port->attached, !disabled);
		if (disabled)
			xenbr_fdb_flush(port->br, port, false);
		xenbr_dev_update_carrier(port->br);
	}
	if (old)
		kfree_rcu(old, rcu);
	atomic_inc(&port->br->port_gen);
	xenbr_port_notify(port, XENBR_EVENT_PORT_LOCK);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_port_set_locking);

enum xenbr_lock_mode xenbr_port_locking_mode(const struct xenbr_port *port)
{
	const struct xenbr_locking *lk = rcu_dereference_rtnl(port->locking);

	return lk ? lk->mode : XENBR_LOCK_UNLOCKED;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_port_locking_mode);

static int xenbr_locking_put_list(struct sk_buff *skb, int type,
				  const struct xenbr_locking *lk)
{
	struct nlattr *list, *entry;
	int i, n = type == XENBR_A_PORT_LOCK_IPV4 ? lk->n_v4 : lk->n_v6;

	list = nla_nest_start(skb, type);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		entry = nla_nest_start(skb, XENBR_LOCK_LIST_A_ENTRY);
		if (!entry)
			return -EMSGSIZE;
		if (type == XENBR_A_PORT_LOCK_IPV4 ?
		    nla_put_in_addr(skb, XENBR_LOCK_ADDR_A_ADDR,
				    lk->v4[i].addr) ||
		    nla_put_u8(skb, XENBR_LOCK_ADDR_A_PREFIX_LEN, lk->v4[i].len) :
		    nla_put_in6_addr(skb, XENBR_LOCK_ADDR_A_ADDR,
				     &lk->v6[i].addr) ||
		    nla_put_u8(skb, XENBR_LOCK_ADDR_A_PREFIX_LEN, lk->v6[i].len))
			return -EMSGSIZE;
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, list);
	return 0;
}

int xenbr_locking_fill_port(struct sk_buff *skb, const struct xenbr_port *port)
{
	const struct xenbr_locking *lk = rcu_dereference_rtnl(port->locking);

	if (nla_put_u8(skb, XENBR_A_PORT_LOCK_MODE,
		       lk ? lk->mode : XENBR_LOCK_UNLOCKED))
		return -EMSGSIZE;
	if (!lk)
		return 0;
	if (lk->has_mac && nla_put(skb, XENBR_A_PORT_LOCK_MAC, ETH_ALEN, lk->mac))
		return -EMSGSIZE;
	if (xenbr_locking_put_list(skb, XENBR_A_PORT_LOCK_IPV4, lk) ||
	    xenbr_locking_put_list(skb, XENBR_A_PORT_LOCK_IPV6, lk))
		return -EMSGSIZE;
	return 0;
}

/* PORT_SET's VIF locking attributes. */

static const struct nla_policy
xenbr_locking_v4_policy[XENBR_LOCK_ADDR_A_MAX + 1] = {
	[XENBR_LOCK_ADDR_A_ADDR]	= NLA_POLICY_EXACT_LEN(4),
	[XENBR_LOCK_ADDR_A_PREFIX_LEN]	= NLA_POLICY_MAX(NLA_U8, 32),
};

static const struct nla_policy
xenbr_locking_v6_policy[XENBR_LOCK_ADDR_A_MAX + 1] = {
	[XENBR_LOCK_ADDR_A_ADDR]	= NLA_POLICY_EXACT_LEN(16),
	[XENBR_LOCK_ADDR_A_PREFIX_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
};

const struct nla_policy
xenbr_locking_v4_list_policy[XENBR_LOCK_LIST_A_MAX + 1] = {
	[XENBR_LOCK_LIST_A_ENTRY]	=
		NLA_POLICY_NESTED(xenbr_locking_v4_policy),
};

const struct nla_policy
xenbr_locking_v6_list_policy[XENBR_LOCK_LIST_A_MAX + 1] = {
	[XENBR_LOCK_LIST_A_ENTRY]	=
		NLA_POLICY_NESTED(xenbr_locking_v6_policy),
};

/* One address list of PORT_SET into @lk, replacing that family's. */
static int xenbr_locking_parse_list(struct xenbr_locking *lk, int family,
				    struct nlattr *list,
				    struct netlink_ext_ack *extack)
{
	const struct nla_policy *policy = family == AF_INET ?
		xenbr_locking_v4_policy : xenbr_locking_v6_policy;
	struct nlattr *tb[XENBR_LOCK_ADDR_A_MAX + 1];
	unsigned int len = family == AF_INET ? 32 : 128;
	struct nlattr *entry, *prefix;
	int rem, err;

	if (family == AF_INET)
		lk->n_v4 = 0;
	else
		lk->n_v6 = 0;
	nla_for_each_nested(entry, list, rem) {
		err = nla_parse_nested(tb, XENBR_LOCK_ADDR_A_MAX, entry, policy,
				       extack);
		if (err)
			return err;
		if (!tb[XENBR_LOCK_ADDR_A_ADDR]) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "An allowed address needs its address");
			return -EINVAL;
		}
		prefix = tb[XENBR_LOCK_ADDR_A_PREFIX_LEN];
		err = xenbr_locking_add_addr(lk, family,
					     nla_data(tb[XENBR_LOCK_ADDR_A_ADDR]),
					     prefix ? nla_get_u8(prefix) : len);
		if (err == -E2BIG) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "More allowed addresses than the limit (32 a family)");
			return err;
		}
		if (err) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "An allowed address must be unicast");
			return err;
		}
	}
	return 0;
}

/*
 * Builds the port's new locking from the request and the current one and
 * installs it, or changes nothing and says why.
 */
int xenbr_locking_set_from_attrs(struct xenbr_port *port,
				 struct genl_info *info)
{
	struct nlattr *v4 = info->attrs[XENBR_A_PORT_LOCK_IPV4];
	struct nlattr *v6 = info->attrs[XENBR_A_PORT_LOCK_IPV6];
	struct nlattr *mode = info->attrs[XENBR_A_PORT_LOCK_MODE];
	struct nlattr *mac = info->attrs[XENBR_A_PORT_LOCK_MAC];
	struct xenbr_locking *lk;
	int err;

	if (!mode) {
		if (!mac && !v4 && !v6)
			return 0;
		NL_SET_ERR_MSG_ATTR(info->extack, mac ?: v4 ?: v6,
				    "Allowed addresses go with a lock mode");
		return -EINVAL;
	}
	if (nla_get_u8(mode) == XENBR_LOCK_UNLOCKED) {
		if (mac || v4 || v6) {
			NL_SET_ERR_MSG_ATTR(info->extack, mac ?: v4 ?: v6,
					    "An unlocked port has no allowed addresses");
			return -EINVAL;
		}
		return xenbr_port_set_locking(port, NULL, info->extack);
	}
	if (mac && !is_valid_ether_addr(nla_data(mac))) {
		NL_SET_ERR_MSG_ATTR(info->extack, mac,
				    "Not a valid unicast MAC address");
		return -EADDRNOTAVAIL;
	}
	lk = xenbr_locking_dup(port, nla_get_u8(mode));
	if (!lk)
		return -ENOMEM;
	if (mac) {
		ether_addr_copy(lk->mac, nla_data(mac));
		lk->has_mac = true;
	} else if (!lk->has_mac && port->vif.has_guest_mac) {
		ether_addr_copy(lk->mac, port->vif.guest_mac);
		lk->has_mac = true;
	}
	err = v4 ? xenbr_locking_parse_list(lk, AF_INET, v4, info->extack) : 0;
	if (!err && v6)
		err = xenbr_locking_parse_list(lk, AF_INET6, v6, info->extack);
	if (!err && lk->mode == XENBR_LOCK_LOCKED && !lk->has_mac) {
		NL_SET_ERR_MSG_ATTR(info->extack, mode,
				    "Locking needs a MAC: give one (mac), or let the netback glue attach the vif");
		err = -EINVAL;
	}
	if (err) {
		kfree(lk);
		return err;
	}
	return xenbr_port_set_locking(port, lk, info->extack);
}

void xenbr_locking_free_port(struct xenbr_port *port)
{
	/* The port is past its grace period: nobody reads it. */
	kfree(rcu_dereference_protected(port->locking, true));
}
