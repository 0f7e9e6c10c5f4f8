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

/* A lock of @mode on the guest's MAC, with no addresses. */
static struct xenbr_locking *xl_lock_mac(struct kunit *test,
					 enum xenbr_lock_mode mode)
{
	struct xenbr_locking *lk = xenbr_locking_alloc(mode);

	KUNIT_ASSERT_NOT_NULL(test, lk);
	ether_addr_copy(lk->mac, xl_mac);
	lk->has_mac = true;
	return lk;
}

/* A lock of @mode on the guest's MAC and xl_allowed. */
static struct xenbr_locking *xl_lock(struct kunit *test,
				     enum xenbr_lock_mode mode)
{
	struct xenbr_locking *lk = xl_lock_mac(test, mode);

	KUNIT_ASSERT_EQ(test, xenbr_locking_parse_addrs(lk, xl_allowed), 0);
	KUNIT_ASSERT_EQ(test, lk->n_v4, 2);
	KUNIT_ASSERT_EQ(test, lk->n_v6, 2);
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

/* An ARP request for IPv4 over Ethernet: the RFC 826 layout, field by field. */
static size_t xl_arp(void *buf, const u8 *sha, const char *sip,
		     const char *tip)
{
	struct arphdr *hdr = buf;
	u8 *p = (u8 *)(hdr + 1);
	__be32 a;

	hdr->ar_hrd = htons(ARPHRD_ETHER);
	hdr->ar_pro = htons(ETH_P_IP);
	hdr->ar_hln = ETH_ALEN;
	hdr->ar_pln = 4;
	hdr->ar_op = htons(ARPOP_REQUEST);
	ether_addr_copy(p, sha);
	p += ETH_ALEN;
	a = xl_v4(sip);
	memcpy(p, &a, 4);
	p += 4;
	eth_zero_addr(p);
	p += ETH_ALEN;
	a = xl_v4(tip);
	memcpy(p, &a, 4);
	return p + 4 - (u8 *)buf;
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

/*
 * A frame kind a guest may send: its Ethernet header, and the payload its
 * builder makes of the row's arguments.
 */
struct xl_case {
	const char *what;
	int want;		/* XL_PASS or the drop reason when locked */
	u16 proto;
	const u8 *src;		/* the Ethernet source; NULL: the guest's */
	u16 vid;		/* a tag in the skb's metadata */
	bool bare;		/* passes a lock without addresses too */
	/* Writes the payload at @p; returns its length. */
	size_t (*build)(u8 *p, const struct xl_case *c);
	const char *from;	/* the source address; ARP's sender's */
	const char *to;		/* ARP's target address; ND's target */
	u16 sport, dport;	/* UDP's ports */
	u8 type;		/* ICMPv6's */
	u8 opt;			/* an ND option of ... */
	const u8 *ll;		/* ... this address; ARP's sender MAC */
	bool frag;		/* a later IPv4 fragment */
	size_t cut;		/* nonzero: the payload cut to this length */
};

static size_t xl_b_udp4(u8 *p, const struct xl_case *c)
{
	return xl_udp4(p, c->from, c->sport, c->dport, c->frag);
}

static size_t xl_b_arp(u8 *p, const struct xl_case *c)
{
	return xl_arp(p, c->ll, c->from, c->to);
}

static size_t xl_b_udp6(u8 *p, const struct xl_case *c)
{
	return xl_udp6(p, c->from, c->sport, c->dport);
}

static size_t xl_b_icmp6(u8 *p, const struct xl_case *c)
{
	return xl_icmp6(p, c->from, c->type, c->to, c->opt, c->ll);
}

/* 802.1Q in the frame: TCI 5, then IPv4 as the inner type. */
static size_t xl_b_tag_udp4(u8 *p, const struct xl_case *c)
{
	p[0] = 0;
	p[1] = 5;
	p[2] = 0x08;
	p[3] = 0x00;
	return 4 + xl_b_udp4(p + 4, c);
}

/* The rest of a minimum-size frame, zeros. */
static size_t xl_b_zeros(u8 *p, const struct xl_case *c)
{
	memset(p, 0, ETH_ZLEN - ETH_HLEN);
	return ETH_ZLEN - ETH_HLEN;
}

/* The ICMPv6 message behind an empty hop-by-hop header. */
static size_t xl_b_hbh_icmp6(u8 *p, const struct xl_case *c)
{
	struct ipv6hdr *ip6 = (struct ipv6hdr *)p;
	size_t len = xl_b_icmp6(p, c);

	memmove(p + sizeof(*ip6) + 8, p + sizeof(*ip6), len - sizeof(*ip6));
	memset(p + sizeof(*ip6), 0, 8);
	p[sizeof(*ip6)] = IPPROTO_ICMPV6;
	ip6->nexthdr = NEXTHDR_HOP;
	ip6->payload_len = htons(ntohs(ip6->payload_len) + 8);
	return len + 8;
}

/* An ND message whose option says length 0, which would never end. */
static size_t xl_b_nd_opt0(u8 *p, const struct xl_case *c)
{
	size_t len = xl_b_icmp6(p, c);

	p[len - 7] = 0;
	return len;
}

/* A row's payload: the builder of its kind, and its arguments. */
#define XL_UDP4(a, s, d)	.build = xl_b_udp4, .from = (a), .sport = (s), \
				.dport = (d)
#define XL_ARP(sha, sip, tip)	.build = xl_b_arp, .ll = (sha), .from = (sip), \
				.to = (tip)
#define XL_UDP6(a, s, d)	.build = xl_b_udp6, .from = (a), .sport = (s), \
				.dport = (d)
#define XL_ICMP6(a, t)		.build = xl_b_icmp6, .from = (a), .type = (t)
#define XL_ND(a, t, tgt, o, l)	XL_ICMP6(a, t), .to = (tgt), .opt = (o), \
				.ll = (l)

static const struct xl_case xl_cases[] = {
	{ "IPv4 from an allowed address", XL_PASS, ETH_P_IP,
	  XL_UDP4("10.0.0.5", 1234, 80) },
	{ "IPv4 from an allowed prefix", XL_PASS, ETH_P_IP,
	  XL_UDP4("10.0.1.77", 1234, 80) },
	{ "IPv4 from a spoofed address", XENBR_DROP_LOCK_IPV4, ETH_P_IP,
	  XL_UDP4("10.0.0.6", 1234, 80) },
	{ "IPv4 from a spoofed MAC", XENBR_DROP_LOCK_MAC, ETH_P_IP,
	  .src = xl_other, XL_UDP4("10.0.0.5", 1234, 80) },
	{ "DHCP discover from 0.0.0.0", XL_PASS, ETH_P_IP, .bare = true,
	  XL_UDP4("0.0.0.0", 68, 67) },
	{ "DHCP offer (source port 67)", XENBR_DROP_LOCK_ROUTER, ETH_P_IP,
	  XL_UDP4("10.0.0.5", 67, 68) },
	{ "truncated IPv4", XENBR_DROP_LOCK_MALFORMED, ETH_P_IP,
	  XL_UDP4("10.0.0.5", 1234, 80), .cut = 10 },
	{ "later IPv4 fragment, spoofed", XENBR_DROP_LOCK_IPV4, ETH_P_IP,
	  XL_UDP4("10.0.0.6", 68, 67), .frag = true },
	{ "later IPv4 fragment, allowed", XL_PASS, ETH_P_IP,
	  XL_UDP4("10.0.0.5", 67, 68), .frag = true },
	{ "ARP from an allowed address", XL_PASS, ETH_P_ARP,
	  XL_ARP(xl_mac, "10.0.0.5", "10.0.0.1") },
	{ "ARP probe", XL_PASS, ETH_P_ARP, .bare = true,
	  XL_ARP(xl_mac, "0.0.0.0", "10.0.0.5") },
	{ "ARP for the gateway's address", XENBR_DROP_LOCK_ARP, ETH_P_ARP,
	  XL_ARP(xl_mac, "10.0.0.1", "10.0.0.1") },
	{ "ARP with a foreign sender MAC", XENBR_DROP_LOCK_ARP, ETH_P_ARP,
	  XL_ARP(xl_other, "10.0.0.5", "10.0.0.1") },
	{ "truncated ARP", XENBR_DROP_LOCK_MALFORMED, ETH_P_ARP,
	  XL_ARP(xl_mac, "10.0.0.5", "10.0.0.1"), .cut = 12 },
	{ "IPv6 from an allowed address", XL_PASS, ETH_P_IPV6,
	  XL_UDP6("2001:db8::5", 1234, 80) },
	{ "IPv6 from a spoofed address", XENBR_DROP_LOCK_IPV6, ETH_P_IPV6,
	  XL_UDP6("2001:db8::6", 1234, 80) },
	{ "NS from an allowed address", XL_PASS, ETH_P_IPV6,
	  XL_ND("2001:db8::5", NDISC_NEIGHBOUR_SOLICITATION, "2001:db8::1",
		ND_OPT_SOURCE_LL_ADDR, xl_mac) },
	{ "NS with a foreign source link-layer address", XENBR_DROP_LOCK_ND,
	  ETH_P_IPV6,
	  XL_ND("2001:db8::5", NDISC_NEIGHBOUR_SOLICITATION, "2001:db8::1",
		ND_OPT_SOURCE_LL_ADDR, xl_other) },
	{ "NS from a spoofed address", XENBR_DROP_LOCK_ND, ETH_P_IPV6,
	  XL_ND("2001:db8::6", NDISC_NEIGHBOUR_SOLICITATION, "2001:db8::1",
		0, NULL) },
	{ "DAD for an allowed address", XL_PASS, ETH_P_IPV6,
	  XL_ND("::", NDISC_NEIGHBOUR_SOLICITATION, "2001:db8::5", 0, NULL) },
	{ "DAD for another address", XENBR_DROP_LOCK_ND, ETH_P_IPV6,
	  XL_ND("::", NDISC_NEIGHBOUR_SOLICITATION, "2001:db8::1", 0, NULL) },
	{ "NA for an allowed address", XL_PASS, ETH_P_IPV6,
	  XL_ND("2001:db8::5", NDISC_NEIGHBOUR_ADVERTISEMENT, "2001:db8::5",
		ND_OPT_TARGET_LL_ADDR, xl_mac) },
	{ "NA for another address", XENBR_DROP_LOCK_ND, ETH_P_IPV6,
	  XL_ND("2001:db8::5", NDISC_NEIGHBOUR_ADVERTISEMENT, "2001:db8::1",
		ND_OPT_TARGET_LL_ADDR, xl_mac) },
	{ "router advertisement", XENBR_DROP_LOCK_ROUTER, ETH_P_IPV6,
	  XL_ICMP6("fe80::5", NDISC_ROUTER_ADVERTISEMENT) },
	{ "redirect", XENBR_DROP_LOCK_ROUTER, ETH_P_IPV6,
	  XL_ND("fe80::5", NDISC_REDIRECT, "2001:db8::1", 0, NULL) },
	{ "multicast router advertisement", XENBR_DROP_LOCK_ROUTER, ETH_P_IPV6,
	  XL_ICMP6("fe80::5", 151) },
	{ "router solicitation", XL_PASS, ETH_P_IPV6,
	  XL_ICMP6("fe80::5", NDISC_ROUTER_SOLICITATION),
	  .opt = ND_OPT_SOURCE_LL_ADDR, .ll = xl_mac },
	{ "MLD report from ::", XL_PASS, ETH_P_IPV6, .bare = true,
	  XL_ICMP6("::", ICMPV6_MLD2_REPORT) },
	{ "echo request from an allowed link-local", XL_PASS, ETH_P_IPV6,
	  XL_ICMP6("fe80::5", ICMPV6_ECHO_REQUEST) },
	{ "echo request from a spoofed link-local", XENBR_DROP_LOCK_IPV6,
	  ETH_P_IPV6, XL_ICMP6("fe80::6", ICMPV6_ECHO_REQUEST) },
	{ "DHCPv6 server message", XENBR_DROP_LOCK_ROUTER, ETH_P_IPV6,
	  XL_UDP6("fe80::5", 547, 546) },
	{ "DHCPv6 client request", XL_PASS, ETH_P_IPV6, .bare = true,
	  XL_UDP6("fe80::9", 546, 547) },
	{ "802.1Q tag in the frame", XENBR_DROP_LOCK_VLAN, ETH_P_8021Q,
	  .build = xl_b_tag_udp4, .from = "10.0.0.5", .sport = 1, .dport = 2 },
	{ "802.1Q tag in the skb", XENBR_DROP_LOCK_VLAN, ETH_P_IP, .vid = 5,
	  XL_UDP4("10.0.0.5", 1234, 80) },
	{ "LLDP (another ethertype)", XENBR_DROP_LOCK_PROTO, ETH_P_LLDP,
	  .build = xl_b_zeros },
	{ "router advertisement behind a hop-by-hop header",
	  XENBR_DROP_LOCK_ROUTER, ETH_P_IPV6, .build = xl_b_hbh_icmp6,
	  .from = "fe80::5", .type = NDISC_ROUTER_ADVERTISEMENT },
	{ "ND option of length 0", XENBR_DROP_LOCK_MALFORMED, ETH_P_IPV6,
	  .build = xl_b_nd_opt0, .from = "2001:db8::5",
	  .type = NDISC_NEIGHBOUR_SOLICITATION, .to = "2001:db8::1",
	  .opt = ND_OPT_SOURCE_LL_ADDR, .ll = xl_mac },
};

static int xl_check(struct kunit *test, const struct xenbr_locking *lk,
		    const struct xl_case *c)
{
	enum xenbr_drop_reason reason = __XENBR_DROP_MAX;
	u8 payload[160] __aligned(8) = {};
	struct sk_buff *skb;
	size_t len;
	bool ok;

	len = c->build(payload, c);
	if (c->cut)
		len = c->cut;
	skb = xl_skb(test, c->src ?: xl_mac, c->proto, payload, len, c->vid);
	ok = xenbr_locking_check(lk, skb, &reason);
	kfree_skb(skb);
	return ok ? XL_PASS : reason;
}

/* How a test expects the cases to fare. */
enum xl_expect {
	XL_AS_LOCKED,		/* each as its row says */
	XL_AS_DISABLED,		/* every one dropped as such */
	XL_AS_BARE,		/* the bare ones pass, the rest are dropped */
};

/* Every case against @lk, which is freed. */
static void xl_check_all(struct kunit *test, struct xenbr_locking *lk,
			 enum xl_expect how)
{
	const struct xl_case *c;
	int got;

	for (c = xl_cases; c < xl_cases + ARRAY_SIZE(xl_cases); c++) {
		got = xl_check(test, lk, c);
		if (how == XL_AS_LOCKED)
			KUNIT_EXPECT_EQ_MSG(test, got, c->want, "%s", c->what);
		else if (how == XL_AS_DISABLED)
			KUNIT_EXPECT_EQ_MSG(test, got, XENBR_DROP_LOCK_DISABLED,
					    "%s", c->what);
		else if (c->bare)
			KUNIT_EXPECT_EQ_MSG(test, got, XL_PASS, "%s", c->what);
		else
			KUNIT_EXPECT_NE_MSG(test, got, XL_PASS, "%s", c->what);
	}
	kfree(lk);
}

/* Locked: every frame kind, allowed and spoofed. */
static void xenbr_locking_test_locked(struct kunit *test)
{
	xl_check_all(test, xl_lock(test, XENBR_LOCK_LOCKED), XL_AS_LOCKED);
}

/* Disabled: nothing passes, whatever it is. */
static void xenbr_locking_test_disabled(struct kunit *test)
{
	xl_check_all(test, xl_lock(test, XENBR_LOCK_DISABLED), XL_AS_DISABLED);
}

/* Locked without addresses (the glue's default): DHCP and probes only. */
static void xenbr_locking_test_no_addresses(struct kunit *test)
{
	xl_check_all(test, xl_lock_mac(test, XENBR_LOCK_LOCKED), XL_AS_BARE);
}

static void xenbr_locking_test_addrs(struct kunit *test)
{
	/* Malformed, multicast, too long a prefix. */
	static const char * const bad[] = {
		"10.0.0", "10.0.0.1/33", "10.0.0.1/", "224.0.0.1", "ff02::1",
		"2001:db8::/129", "host.example",
	};
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
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, xenbr_locking_parse_addrs(lk, bad[i]),
				    -EINVAL, "%s", bad[i]);
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

/* A broadcast from @src, received on port @port. */
static int xl_rx(struct xt_ctx *ctx, int port, const u8 *src)
{
	return xt_receive(ctx, port, xl_bcast, src, NULL);
}

/*
 * The data path: a locked port drops and counts, a disabled one carries
 * nothing either way, unlocking restores; the frames are of a test type,
 * which no lock lets through.
 */
static void xenbr_locking_test_data_path(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	u8 mac0[ETH_ALEN], mac1[ETH_ALEN];

	xt_mac(mac0, 10);
	xt_mac(mac1, 11);
	/* Unlocked: floods to port 1. */
	KUNIT_EXPECT_EQ(test, xl_rx(ctx, 0, mac0), RX_HANDLER_ANOTHER);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1);

	KUNIT_ASSERT_EQ(test, xl_set(ctx, 0, xl_lock(test, XENBR_LOCK_LOCKED)),
			0);
	KUNIT_EXPECT_EQ(test, xl_mode(ctx, 0), XENBR_LOCK_LOCKED);
	KUNIT_EXPECT_EQ(test, xl_rx(ctx, 0, mac0), RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1);
	KUNIT_EXPECT_EQ(test, xt_drops(ctx->port[0], XENBR_DROP_LOCK_MAC), 1);
	KUNIT_EXPECT_EQ(test, xl_rx(ctx, 0, xl_mac), RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xt_drops(ctx->port[0], XENBR_DROP_LOCK_PROTO), 1);
	/* Not learned: the check runs before learning. */
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xl_mac, 0, NULL), XT_NO_ENTRY);
	/* Traffic to the guest is not filtered. */
	KUNIT_EXPECT_EQ(test, xl_rx(ctx, 1, mac1), RX_HANDLER_ANOTHER);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[0]), 1);

	/* Disabled: nothing from it, nothing to it, what it learned gone. */
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, mac0, 0, jiffies), 0);
	KUNIT_ASSERT_EQ(test,
			xl_set(ctx, 0, xl_lock(test, XENBR_LOCK_DISABLED)), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, mac0, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, xl_rx(ctx, 0, xl_mac), RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xt_drops(ctx->port[0], XENBR_DROP_LOCK_DISABLED),
			1);
	xl_rx(ctx, 1, mac1);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[0]), 1);

	/* Unlocked again: both ways. */
	KUNIT_ASSERT_EQ(test, xl_set(ctx, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, xl_mode(ctx, 0), XENBR_LOCK_UNLOCKED);
	xl_rx(ctx, 1, mac1);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[0]), 2);
	xl_rx(ctx, 0, mac0);
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
	KUNIT_EXPECT_EQ(test, xl_mode(ctx, 0), XENBR_LOCK_UNLOCKED);

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
	KUNIT_EXPECT_EQ(test, xl_mode(ctx, 0), XENBR_LOCK_UNLOCKED);
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
