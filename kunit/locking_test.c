// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of VIF locking (xenbr/locking.c): the classification of every
 * frame kind a guest may send, allowed and spoofed, in each mode; the data
 * path of locked, disabled and unlocked ports; the lock's settings over
 * netlink.
 */

#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ndisc.h>
#include <net/netlink.h>
#include "xenbr_test.h"

/* The guest's MAC and a stranger's. */
static const u8 xl_mac[ETH_ALEN] __aligned(2) = { 0x00, 0x16, 0x3e, 0, 0, 5 };
static const u8 xl_other[ETH_ALEN] __aligned(2) = { 0x00, 0x16, 0x3e, 0, 0, 9 };
static const u8 xl_bcast[ETH_ALEN] __aligned(2) = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

/* Allowed: 10.0.0.5, 10.0.1.0/24, 2001:db8::5, fe80::5. */
static const char xl_allowed[] = "10.0.0.5 10.0.1.0/24,2001:db8::5 fe80::5";

static __be32 xl_v4(const char *s)
{
	__be32 a = 0;

	in4_pton(s, -1, (u8 *)&a, -1, NULL);
	return a;
}

static struct in6_addr xl_v6(const char *s)
{
	struct in6_addr a = {};

	in6_pton(s, -1, a.s6_addr, -1, NULL);
	return a;
}

static struct xenbr_locking *xl_lock(struct kunit *test,
				     enum xenbr_lock_mode mode)
{
	struct xenbr_locking *lk = xenbr_locking_alloc(mode);

	KUNIT_ASSERT_NOT_NULL(test, lk);
	KUNIT_ASSERT_EQ(test, xenbr_locking_parse_addrs(lk, xl_allowed), 0);
	KUNIT_ASSERT_EQ(test, lk->n_v4, 2);
	KUNIT_ASSERT_EQ(test, lk->n_v6, 2);
	ether_addr_copy(lk->mac, xl_mac);
	lk->has_mac = true;
	return lk;
}

/*
 * A frame as the receive handler gets it: data at the network header,
 * the tag (if @vid) in the skb's metadata.
 */
static struct sk_buff *xl_skb(struct kunit *test, const u8 *src, u16 proto,
			      const void *payload, size_t len, u16 vid)
{
	struct sk_buff *skb = alloc_skb(ETH_HLEN + len + 64, GFP_KERNEL);
	struct ethhdr *eth;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, xl_bcast);
	ether_addr_copy(eth->h_source, src);
	eth->h_proto = htons(proto);
	skb_put_data(skb, payload, len);
	skb_reset_mac_header(skb);
	skb_pull(skb, ETH_HLEN);
	skb_reset_network_header(skb);
	skb->protocol = htons(proto);
	if (vid)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), vid);
	return skb;
}

struct xl_arp {
	struct arphdr hdr;
	u8 sha[ETH_ALEN];
	__be32 sip;
	u8 tha[ETH_ALEN];
	__be32 tip;
} __packed;

static size_t xl_arp(void *buf, const u8 *sha, const char *sip,
		     const char *tip)
{
	struct xl_arp *a = buf;

	memset(a, 0, sizeof(*a));
	a->hdr.ar_hrd = htons(ARPHRD_ETHER);
	a->hdr.ar_pro = htons(ETH_P_IP);
	a->hdr.ar_hln = ETH_ALEN;
	a->hdr.ar_pln = 4;
	a->hdr.ar_op = htons(ARPOP_REQUEST);
	ether_addr_copy(a->sha, sha);
	a->sip = xl_v4(sip);
	a->tip = xl_v4(tip);
	return sizeof(*a);
}

/* IPv4 UDP from @src, ports @sport to @dport; @frag: a later fragment. */
static size_t xl_udp4(void *buf, const char *src, u16 sport, u16 dport,
		      bool frag)
{
	struct iphdr *ip = buf;
	struct udphdr *uh = buf + sizeof(*ip);

	memset(buf, 0, sizeof(*ip) + sizeof(*uh));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons(sizeof(*ip) + sizeof(*uh));
	ip->saddr = xl_v4(src);
	ip->daddr = xl_v4("255.255.255.255");
	if (frag)
		ip->frag_off = htons(100);
	uh->source = htons(sport);
	uh->dest = htons(dport);
	uh->len = htons(sizeof(*uh));
	return sizeof(*ip) + sizeof(*uh);
}

/* An IPv6 header from @src with @nexthdr and @plen bytes after it. */
static size_t xl_ip6(void *buf, const char *src, u8 nexthdr, size_t plen)
{
	struct ipv6hdr *ip6 = buf;

	memset(ip6, 0, sizeof(*ip6));
	ip6->version = 6;
	ip6->nexthdr = nexthdr;
	ip6->hop_limit = 255;
	ip6->payload_len = htons(plen);
	ip6->saddr = xl_v6(src);
	ip6->daddr = xl_v6("ff02::1");
	return sizeof(*ip6);
}

static size_t xl_udp6(void *buf, const char *src, u16 sport, u16 dport)
{
	size_t n = xl_ip6(buf, src, IPPROTO_UDP, sizeof(struct udphdr));
	struct udphdr *uh = buf + n;

	memset(uh, 0, sizeof(*uh));
	uh->source = htons(sport);
	uh->dest = htons(dport);
	return n + sizeof(*uh);
}

/* ICMPv6 of @type from @src; with @target an ND message, @ll its option. */
static size_t xl_icmp6(void *buf, const char *src, u8 type,
		       const char *target, u8 opt, const u8 *ll)
{
	size_t plen = target ? sizeof(struct nd_msg) : sizeof(struct icmp6hdr);
	struct nd_msg *nd;
	size_t n;
	u8 *o;

	if (ll)
		plen += 8;
	n = xl_ip6(buf, src, IPPROTO_ICMPV6, plen);
	nd = buf + n;
	memset(nd, 0, plen);
	nd->icmph.icmp6_type = type;
	if (target)
		nd->target = xl_v6(target);
	if (ll) {
		o = (u8 *)nd + plen - 8;
		o[0] = opt;
		o[1] = 1;
		ether_addr_copy(o + 2, ll);
	}
	return n + plen;
}

enum { XL_PASS = -1 };

struct xl_case {
	const char *what;
	int want;		/* XL_PASS or the drop reason when locked */
	const u8 *src;		/* the Ethernet source */
	u16 proto;
	u16 vid;		/* a tag in the skb's metadata */
	size_t len;		/* 0: built by @build */
	u8 payload[160];
};

static void xl_build(struct xl_case *c, int n)
{
	u8 *p;
	struct ipv6hdr *ip6;
	int i;

	for (i = 0; i < n; i++) {
		p = c[i].payload;
		if (!c[i].src)
			c[i].src = xl_mac;
		switch (i) {
		case 0:
			c[i].len = xl_udp4(p, "10.0.0.5", 1234, 80, false);
			break;
		case 1:
			c[i].len = xl_udp4(p, "10.0.1.77", 1234, 80, false);
			break;
		case 2:
			c[i].len = xl_udp4(p, "10.0.0.6", 1234, 80, false);
			break;
		case 3:
			c[i].len = xl_udp4(p, "10.0.0.5", 1234, 80, false);
			break;
		case 4:
			c[i].len = xl_udp4(p, "0.0.0.0", 68, 67, false);
			break;
		case 5:
			c[i].len = xl_udp4(p, "10.0.0.5", 67, 68, false);
			break;
		case 6:
			c[i].len = 10;
			xl_udp4(p, "10.0.0.5", 1234, 80, false);
			break;
		case 7:
			c[i].len = xl_udp4(p, "10.0.0.6", 68, 67, true);
			break;
		case 8:
			c[i].len = xl_udp4(p, "10.0.0.5", 67, 68, true);
			break;
		case 9:
			c[i].len = xl_arp(p, xl_mac, "10.0.0.5", "10.0.0.1");
			break;
		case 10:
			c[i].len = xl_arp(p, xl_mac, "0.0.0.0", "10.0.0.5");
			break;
		case 11:
			c[i].len = xl_arp(p, xl_mac, "10.0.0.1", "10.0.0.1");
			break;
		case 12:
			c[i].len = xl_arp(p, xl_other, "10.0.0.5", "10.0.0.1");
			break;
		case 13:
			c[i].len = 12;
			xl_arp(p, xl_mac, "10.0.0.5", "10.0.0.1");
			break;
		case 14:
			c[i].len = xl_udp6(p, "2001:db8::5", 1234, 80);
			break;
		case 15:
			c[i].len = xl_udp6(p, "2001:db8::6", 1234, 80);
			break;
		case 16:
			c[i].len = xl_icmp6(p, "2001:db8::5",
					    NDISC_NEIGHBOUR_SOLICITATION,
					    "2001:db8::1", ND_OPT_SOURCE_LL_ADDR,
					    xl_mac);
			break;
		case 17:
			c[i].len = xl_icmp6(p, "2001:db8::5",
					    NDISC_NEIGHBOUR_SOLICITATION,
					    "2001:db8::1", ND_OPT_SOURCE_LL_ADDR,
					    xl_other);
			break;
		case 18:
			c[i].len = xl_icmp6(p, "2001:db8::6",
					    NDISC_NEIGHBOUR_SOLICITATION,
					    "2001:db8::1", 0, NULL);
			break;
		case 19:
			c[i].len = xl_icmp6(p, "::", NDISC_NEIGHBOUR_SOLICITATION,
					    "2001:db8::5", 0, NULL);
			break;
		case 20:
			c[i].len = xl_icmp6(p, "::", NDISC_NEIGHBOUR_SOLICITATION,
					    "2001:db8::1", 0, NULL);
			break;
		case 21:
			c[i].len = xl_icmp6(p, "2001:db8::5",
					    NDISC_NEIGHBOUR_ADVERTISEMENT,
					    "2001:db8::5", ND_OPT_TARGET_LL_ADDR,
					    xl_mac);
			break;
		case 22:
			c[i].len = xl_icmp6(p, "2001:db8::5",
					    NDISC_NEIGHBOUR_ADVERTISEMENT,
					    "2001:db8::1", ND_OPT_TARGET_LL_ADDR,
					    xl_mac);
			break;
		case 23:
			c[i].len = xl_icmp6(p, "fe80::5",
					    NDISC_ROUTER_ADVERTISEMENT, NULL, 0,
					    NULL);
			break;
		case 24:
			c[i].len = xl_icmp6(p, "fe80::5", NDISC_REDIRECT,
					    "2001:db8::1", 0, NULL);
			break;
		case 25:
			c[i].len = xl_icmp6(p, "fe80::5", 151, NULL, 0, NULL);
			break;
		case 26:
			c[i].len = xl_icmp6(p, "fe80::5",
					    NDISC_ROUTER_SOLICITATION, NULL,
					    ND_OPT_SOURCE_LL_ADDR, xl_mac);
			break;
		case 27:
			c[i].len = xl_icmp6(p, "::", ICMPV6_MLD2_REPORT, NULL, 0,
					    NULL);
			break;
		case 28:
			c[i].len = xl_icmp6(p, "fe80::5", ICMPV6_ECHO_REQUEST,
					    NULL, 0, NULL);
			break;
		case 29:
			c[i].len = xl_icmp6(p, "fe80::6", ICMPV6_ECHO_REQUEST,
					    NULL, 0, NULL);
			break;
		case 30:
			c[i].len = xl_udp6(p, "fe80::5", 547, 546);
			break;
		case 31:
			c[i].len = xl_udp6(p, "fe80::9", 546, 547);
			break;
		case 32:
			/* 802.1Q in the frame: TCI, then the inner type. */
			p[0] = 0;
			p[1] = 5;
			p[2] = 0x08;
			p[3] = 0x00;
			c[i].len = 4 + xl_udp4(p + 4, "10.0.0.5", 1, 2, false);
			break;
		case 33:
			c[i].len = xl_udp4(p, "10.0.0.5", 1234, 80, false);
			break;
		case 34:
			memset(p, 0, 46);
			c[i].len = 46;
			break;
		case 35:
			/* A hop-by-hop header before a router advertisement. */
			c[i].len = xl_icmp6(p, "fe80::5",
					    NDISC_ROUTER_ADVERTISEMENT, NULL, 0,
					    NULL);
			ip6 = (struct ipv6hdr *)p;
			memmove(p + sizeof(*ip6) + 8, p + sizeof(*ip6),
				c[i].len - sizeof(*ip6));
			memset(p + sizeof(*ip6), 0, 8);
			p[sizeof(*ip6)] = IPPROTO_ICMPV6;
			ip6->nexthdr = NEXTHDR_HOP;
			ip6->payload_len = htons(ntohs(ip6->payload_len) + 8);
			c[i].len += 8;
			break;
		case 36:
			/* An option of length 0 would never end. */
			c[i].len = xl_icmp6(p, "2001:db8::5",
					    NDISC_NEIGHBOUR_SOLICITATION,
					    "2001:db8::1", ND_OPT_SOURCE_LL_ADDR,
					    xl_mac);
			p[c[i].len - 7] = 0;
			break;
		}
	}
}

static struct xl_case xl_cases[] = {
	{ "IPv4 from an allowed address", XL_PASS, NULL, ETH_P_IP },
	{ "IPv4 from an allowed prefix", XL_PASS, NULL, ETH_P_IP },
	{ "IPv4 from a spoofed address", XENBR_DROP_LOCK_IPV4, NULL, ETH_P_IP },
	{ "IPv4 from a spoofed MAC", XENBR_DROP_LOCK_MAC, xl_other, ETH_P_IP },
	{ "DHCP discover from 0.0.0.0", XL_PASS, NULL, ETH_P_IP },
	{ "DHCP offer (source port 67)", XENBR_DROP_LOCK_ROUTER, NULL,
	  ETH_P_IP },
	{ "truncated IPv4", XENBR_DROP_LOCK_MALFORMED, NULL, ETH_P_IP },
	{ "later IPv4 fragment, spoofed", XENBR_DROP_LOCK_IPV4, NULL,
	  ETH_P_IP },
	{ "later IPv4 fragment, allowed", XL_PASS, NULL, ETH_P_IP },
	{ "ARP from an allowed address", XL_PASS, NULL, ETH_P_ARP },
	{ "ARP probe", XL_PASS, NULL, ETH_P_ARP },
	{ "ARP for the gateway's address", XENBR_DROP_LOCK_ARP, NULL,
	  ETH_P_ARP },
	{ "ARP with a foreign sender MAC", XENBR_DROP_LOCK_ARP, NULL,
	  ETH_P_ARP },
	{ "truncated ARP", XENBR_DROP_LOCK_MALFORMED, NULL, ETH_P_ARP },
	{ "IPv6 from an allowed address", XL_PASS, NULL, ETH_P_IPV6 },
	{ "IPv6 from a spoofed address", XENBR_DROP_LOCK_IPV6, NULL,
	  ETH_P_IPV6 },
	{ "NS from an allowed address", XL_PASS, NULL, ETH_P_IPV6 },
	{ "NS with a foreign source link-layer address", XENBR_DROP_LOCK_ND,
	  NULL, ETH_P_IPV6 },
	{ "NS from a spoofed address", XENBR_DROP_LOCK_ND, NULL, ETH_P_IPV6 },
	{ "DAD for an allowed address", XL_PASS, NULL, ETH_P_IPV6 },
	{ "DAD for another address", XENBR_DROP_LOCK_ND, NULL, ETH_P_IPV6 },
	{ "NA for an allowed address", XL_PASS, NULL, ETH_P_IPV6 },
	{ "NA for another address", XENBR_DROP_LOCK_ND, NULL, ETH_P_IPV6 },
	{ "router advertisement", XENBR_DROP_LOCK_ROUTER, NULL, ETH_P_IPV6 },
	{ "redirect", XENBR_DROP_LOCK_ROUTER, NULL, ETH_P_IPV6 },
	{ "multicast router advertisement", XENBR_DROP_LOCK_ROUTER, NULL,
	  ETH_P_IPV6 },
	{ "router solicitation", XL_PASS, NULL, ETH_P_IPV6 },
	{ "MLD report from ::", XL_PASS, NULL, ETH_P_IPV6 },
	{ "echo request from an allowed link-local", XL_PASS, NULL,
	  ETH_P_IPV6 },
	{ "echo request from a spoofed link-local", XENBR_DROP_LOCK_IPV6, NULL,
	  ETH_P_IPV6 },
	{ "DHCPv6 server message", XENBR_DROP_LOCK_ROUTER, NULL, ETH_P_IPV6 },
	{ "DHCPv6 client request", XL_PASS, NULL, ETH_P_IPV6 },
	{ "802.1Q tag in the frame", XENBR_DROP_LOCK_VLAN, NULL,
	  ETH_P_8021Q },
	{ "802.1Q tag in the skb", XENBR_DROP_LOCK_VLAN, NULL, ETH_P_IP, 5 },
	{ "LLDP (another ethertype)", XENBR_DROP_LOCK_PROTO, NULL,
	  ETH_P_LLDP },
	{ "router advertisement behind a hop-by-hop header",
	  XENBR_DROP_LOCK_ROUTER, NULL, ETH_P_IPV6 },
	{ "ND option of length 0", XENBR_DROP_LOCK_MALFORMED, NULL,
	  ETH_P_IPV6 },
};

static int xl_check(struct kunit *test, const struct xenbr_locking *lk,
		    const struct xl_case *c)
{
	enum xenbr_drop_reason reason = __XENBR_DROP_MAX;
	struct sk_buff *skb;
	bool ok;

	skb = xl_skb(test, c->src, c->proto, c->payload, c->len, c->vid);
	ok = xenbr_locking_check(lk, skb, &reason);
	kfree_skb(skb);
	return ok ? XL_PASS : reason;
}

/* Locked: every frame kind, allowed and spoofed. */
static void xenbr_locking_test_locked(struct kunit *test)
{
	struct xenbr_locking *lk = xl_lock(test, XENBR_LOCK_LOCKED);
	int i;

	xl_build(xl_cases, ARRAY_SIZE(xl_cases));
	for (i = 0; i < ARRAY_SIZE(xl_cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, xl_check(test, lk, &xl_cases[i]),
				    xl_cases[i].want, "%s", xl_cases[i].what);
	kfree(lk);
}

/* Disabled: nothing passes, whatever it is. */
static void xenbr_locking_test_disabled(struct kunit *test)
{
	struct xenbr_locking *lk = xl_lock(test, XENBR_LOCK_DISABLED);
	int i;

	xl_build(xl_cases, ARRAY_SIZE(xl_cases));
	for (i = 0; i < ARRAY_SIZE(xl_cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, xl_check(test, lk, &xl_cases[i]),
				    XENBR_DROP_LOCK_DISABLED, "%s",
				    xl_cases[i].what);
	kfree(lk);
}

/* Locked without addresses (the glue's default): DHCP and probes only. */
static void xenbr_locking_test_no_addresses(struct kunit *test)
{
	struct xenbr_locking *lk = xenbr_locking_alloc(XENBR_LOCK_LOCKED);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, lk);
	ether_addr_copy(lk->mac, xl_mac);
	lk->has_mac = true;
	xl_build(xl_cases, ARRAY_SIZE(xl_cases));
	for (i = 0; i < ARRAY_SIZE(xl_cases); i++) {
		int want = i == 4 || i == 10 || i == 27 || i == 31 ? XL_PASS :
			   -2;
		int got = xl_check(test, lk, &xl_cases[i]);

		if (want == XL_PASS)
			KUNIT_EXPECT_EQ_MSG(test, got, XL_PASS, "%s",
					    xl_cases[i].what);
		else
			KUNIT_EXPECT_NE_MSG(test, got, XL_PASS, "%s",
					    xl_cases[i].what);
	}
	kfree(lk);
}

static void xenbr_locking_test_addrs(struct kunit *test)
{
	struct xenbr_locking *lk = xenbr_locking_alloc(XENBR_LOCK_LOCKED);
	char list[40 * 16];
	int i, n = 0;

	KUNIT_ASSERT_NOT_NULL(test, lk);
	/* Bits past the prefix are cleared; the length stays. */
	KUNIT_EXPECT_EQ(test, xenbr_locking_parse_addrs(lk, " 10.0.1.7/24 "),
			0);
	KUNIT_EXPECT_TRUE(test, lk->v4[0].addr == xl_v4("10.0.1.0"));
	KUNIT_EXPECT_EQ(test, lk->v4[0].len, 24);
	KUNIT_EXPECT_EQ(test, xenbr_locking_parse_addrs(lk, "10.0.0.0/0"), 0);
	KUNIT_EXPECT_TRUE(test, !lk->v4[1].mask);
	/* Malformed, multicast, too long a prefix. */
	KUNIT_EXPECT_EQ(test, xenbr_locking_parse_addrs(lk, "10.0.0"), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbr_locking_parse_addrs(lk, "10.0.0.1/33"),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xenbr_locking_parse_addrs(lk, "10.0.0.1/"),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xenbr_locking_parse_addrs(lk, "224.0.0.1"),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xenbr_locking_parse_addrs(lk, "ff02::1"),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xenbr_locking_parse_addrs(lk, "2001:db8::/129"),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xenbr_locking_parse_addrs(lk, "host.example"),
			-EINVAL);
	kfree(lk);

	/* The limit, per family. */
	lk = xenbr_locking_alloc(XENBR_LOCK_LOCKED);
	KUNIT_ASSERT_NOT_NULL(test, lk);
	for (i = 0; i < XENBR_LOCK_ADDRS_MAX; i++)
		n += scnprintf(list + n, sizeof(list) - n, "10.1.0.%d ", i + 1);
	KUNIT_EXPECT_EQ(test, xenbr_locking_parse_addrs(lk, list), 0);
	KUNIT_EXPECT_EQ(test, xenbr_locking_parse_addrs(lk, "2001:db8::1"), 0);
	KUNIT_EXPECT_EQ(test, xenbr_locking_parse_addrs(lk, "10.2.0.1"),
			-E2BIG);
	kfree(lk);
}

/* Two ports; the bridge up. */
static int xenbr_locking_test_init(struct kunit *test)
{
	int err = xt_init(test, 2);

	if (!err)
		xt_set_up(((struct xt_ctx *)test->priv)->br_dev, true);
	return err;
}

static int xl_set(struct xt_ctx *ctx, int port, struct xenbr_locking *lk)
{
	int err;

	rtnl_lock();
	err = xenbr_port_set_locking(ctx->port[port], lk, NULL);
	rtnl_unlock();
	return err;
}

static enum xenbr_lock_mode xl_mode(struct xt_ctx *ctx, int port)
{
	enum xenbr_lock_mode mode;

	rcu_read_lock();
	mode = xenbr_port_locking_mode(ctx->port[port]);
	rcu_read_unlock();
	return mode;
}

static u64 xl_drops(struct xt_ctx *ctx, int port, enum xenbr_drop_reason r)
{
	struct xenbr_stats st = {};

	xenbr_port_get_stats(ctx->port[port], &st);
	return st.drops[r];
}

/*
 * The data path: a locked port drops and counts, a disabled one carries
 * nothing either way, unlocking restores; the frames are of a test type,
 * which no lock lets through.
 */
static void xenbr_locking_test_data_path(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct net_device *up;
	u8 mac0[ETH_ALEN], mac1[ETH_ALEN];

	xt_mac(mac0, 10);
	xt_mac(mac1, 11);
	/* Unlocked: floods to port 1. */
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xl_bcast, mac0, &up),
			RX_HANDLER_ANOTHER);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1);

	KUNIT_ASSERT_EQ(test, xl_set(ctx, 0, xl_lock(test, XENBR_LOCK_LOCKED)),
			0);
	KUNIT_EXPECT_EQ(test, xl_mode(ctx, 0),
			XENBR_LOCK_LOCKED);
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xl_bcast, mac0, &up),
			RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1);
	KUNIT_EXPECT_EQ(test, xl_drops(ctx, 0, XENBR_DROP_LOCK_MAC), 1);
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xl_bcast, xl_mac, &up),
			RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xl_drops(ctx, 0, XENBR_DROP_LOCK_PROTO), 1);
	/* Not learned: the check runs before learning. */
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xl_mac, 0, NULL), XT_NO_ENTRY);
	/* Traffic to the guest is not filtered. */
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 1, xl_bcast, mac1, &up),
			RX_HANDLER_ANOTHER);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[0]), 1);

	/* Disabled: nothing from it, nothing to it, what it learned gone. */
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, mac0, 0, jiffies), 0);
	KUNIT_ASSERT_EQ(test,
			xl_set(ctx, 0, xl_lock(test, XENBR_LOCK_DISABLED)), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, mac0, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xl_bcast, xl_mac, &up),
			RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xl_drops(ctx, 0, XENBR_DROP_LOCK_DISABLED), 1);
	xt_receive(ctx, 1, xl_bcast, mac1, &up);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[0]), 1);

	/* Unlocked again: both ways. */
	KUNIT_ASSERT_EQ(test, xl_set(ctx, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, xl_mode(ctx, 0),
			XENBR_LOCK_UNLOCKED);
	xt_receive(ctx, 1, xl_bcast, mac1, &up);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[0]), 2);
	xt_receive(ctx, 0, xl_bcast, mac0, &up);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 2);
}

/* PORT_SET's lock attributes: strict, all or nothing. */
static void xl_put_addr(struct sk_buff *skb, const void *addr, int len,
			int plen)
{
	struct nlattr *e = nla_nest_start(skb, XENBR_LOCK_LIST_A_ENTRY);

	nla_put(skb, XENBR_LOCK_ADDR_A_ADDR, len, addr);
	if (plen >= 0)
		nla_put_u8(skb, XENBR_LOCK_ADDR_A_PREFIX_LEN, plen);
	nla_nest_end(skb, e);
}

static void xl_msg(struct kunit *test, struct xt_msg *m, struct xt_ctx *ctx,
		   int mode, bool mac)
{
	xt_msg_init(test, m);
	nla_put_u32(m->skb, XENBR_A_PORT_IFINDEX, ctx->port_dev[0]->ifindex);
	if (mode >= 0)
		nla_put_u8(m->skb, XENBR_A_PORT_LOCK_MODE, mode);
	if (mac)
		nla_put(m->skb, XENBR_A_PORT_LOCK_MAC, ETH_ALEN, xl_mac);
}

static void xenbr_locking_test_netlink(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	__be32 a4 = xl_v4("10.0.0.5");
	struct in6_addr a6 = xl_v6("2001:db8::5");
	const struct xenbr_locking *lk;
	const char *msg = NULL;
	struct nlattr *list;
	struct xt_msg m;
	int i;

	/* Locking needs a MAC; the fixture's port is no vif. */
	xl_msg(test, &m, ctx, XENBR_LOCK_LOCKED, false);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_PORT_SET, 0, &msg),
			-EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, msg);
	/* Addresses without a mode; a mode out of range. */
	xl_msg(test, &m, ctx, -1, true);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_PORT_SET, 0, NULL),
			-EINVAL);
	xl_msg(test, &m, ctx, XENBR_LOCK_MODE_MAX + 1, true);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_PORT_SET, 0, NULL),
			-ERANGE);
	/* An IPv6 address in the IPv4 list; a prefix too long. */
	xl_msg(test, &m, ctx, XENBR_LOCK_LOCKED, true);
	list = nla_nest_start(m.skb, XENBR_A_PORT_LOCK_IPV4);
	xl_put_addr(m.skb, &a6, 16, -1);
	nla_nest_end(m.skb, list);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_PORT_SET, 0, NULL),
			-ERANGE);
	xl_msg(test, &m, ctx, XENBR_LOCK_LOCKED, true);
	list = nla_nest_start(m.skb, XENBR_A_PORT_LOCK_IPV4);
	xl_put_addr(m.skb, &a4, 4, 33);
	nla_nest_end(m.skb, list);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_PORT_SET, 0, NULL),
			-ERANGE);
	/* One over the limit. */
	xl_msg(test, &m, ctx, XENBR_LOCK_LOCKED, true);
	list = nla_nest_start(m.skb, XENBR_A_PORT_LOCK_IPV6);
	for (i = 0; i <= XENBR_LOCK_ADDRS_MAX; i++)
		xl_put_addr(m.skb, &a6, 16, 128);
	nla_nest_end(m.skb, list);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_PORT_SET, 0, NULL),
			-E2BIG);
	/* And none of it changed anything. */
	KUNIT_EXPECT_EQ(test, xl_mode(ctx, 0),
			XENBR_LOCK_UNLOCKED);

	xl_msg(test, &m, ctx, XENBR_LOCK_LOCKED, true);
	list = nla_nest_start(m.skb, XENBR_A_PORT_LOCK_IPV4);
	xl_put_addr(m.skb, &a4, 4, -1);
	nla_nest_end(m.skb, list);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_PORT_SET, 0, NULL),
			0);
	/* Disabled keeps the MAC and addresses; locked again needs none. */
	xl_msg(test, &m, ctx, XENBR_LOCK_DISABLED, false);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_PORT_SET, 0, NULL),
			0);
	xl_msg(test, &m, ctx, XENBR_LOCK_LOCKED, false);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_PORT_SET, 0, NULL),
			0);
	rtnl_lock();
	lk = rtnl_dereference(ctx->port[0]->locking);
	KUNIT_EXPECT_EQ(test, lk->mode, XENBR_LOCK_LOCKED);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(lk->mac, xl_mac));
	KUNIT_EXPECT_EQ(test, lk->n_v4, 1);
	KUNIT_EXPECT_TRUE(test, lk->v4[0].addr == a4);
	KUNIT_EXPECT_EQ(test, lk->v4[0].len, 32);
	rtnl_unlock();
	/* An empty list is none. */
	xl_msg(test, &m, ctx, XENBR_LOCK_LOCKED, false);
	list = nla_nest_start(m.skb, XENBR_A_PORT_LOCK_IPV4);
	nla_nest_end(m.skb, list);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_PORT_SET, 0, NULL),
			0);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, rtnl_dereference(ctx->port[0]->locking)->n_v4, 0);
	rtnl_unlock();
	/* Unlocked takes no addresses. */
	xl_msg(test, &m, ctx, XENBR_LOCK_UNLOCKED, true);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_PORT_SET, 0, NULL),
			-EINVAL);
	xl_msg(test, &m, ctx, XENBR_LOCK_UNLOCKED, false);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_PORT_SET, 0, NULL),
			0);
	KUNIT_EXPECT_EQ(test, xl_mode(ctx, 0),
			XENBR_LOCK_UNLOCKED);
	/* Left locked: the port's removal frees the lock (kmemleak). */
	KUNIT_EXPECT_EQ(test, xl_set(ctx, 1, xl_lock(test, XENBR_LOCK_LOCKED)),
			0);
}

static struct kunit_case xenbr_locking_test_cases[] = {
	KUNIT_CASE(xenbr_locking_test_locked),
	KUNIT_CASE(xenbr_locking_test_disabled),
	KUNIT_CASE(xenbr_locking_test_no_addresses),
	KUNIT_CASE(xenbr_locking_test_addrs),
	KUNIT_CASE(xenbr_locking_test_data_path),
	KUNIT_CASE(xenbr_locking_test_netlink),
	{}
};

XT_SUITE(xenbr_locking, xenbr_locking_test_init, xenbr_locking_test_cases);
