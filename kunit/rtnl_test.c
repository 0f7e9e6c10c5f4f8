// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of what iproute2's "bridge" asks of xenbr: the parsing and
 * refusals of ndo_bridge_setlink/dellink, what ndo_bridge_getlink reports,
 * and isolated ports in the forwarding decision.
 */

#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/rtnetlink.h>
#include <net/netlink.h>
#include "xenbr_test.h"

static const u8 xr_bcast[ETH_ALEN] __aligned(2) = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

static int xenbr_rtnl_test_init(struct kunit *test)
{
	int err = xt_init(test, 3);

	if (!err)
		xt_set_up(((struct xt_ctx *)test->priv)->br_dev, true);
	return err;
}

/* An RTM_SETLINK of family AF_BRIDGE for @dev, as "bridge" builds one. */
static struct sk_buff *xr_msg(struct kunit *test, struct net_device *dev)
{
	struct sk_buff *skb = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	nlh = nlmsg_put(skb, 0, 0, RTM_SETLINK, sizeof(*ifm), 0);
	KUNIT_ASSERT_NOT_NULL(test, nlh);
	ifm = nlmsg_data(nlh);
	memset(ifm, 0, sizeof(*ifm));
	ifm->ifi_family = AF_BRIDGE;
	ifm->ifi_index = dev->ifindex;
	return skb;
}

static int xr_setlink(struct sk_buff *skb, struct net_device *dev, bool del,
		      const char **msg)
{
	struct netlink_ext_ack extack = {};
	struct nlmsghdr *nlh = nlmsg_hdr(skb);
	int err;

	nlmsg_end(skb, nlh);
	rtnl_lock();
	if (del)
		err = xenbr_ndo_bridge_dellink(dev, nlh, 0);
	else
		err = xenbr_ndo_bridge_setlink(dev, nlh, 0, &extack);
	rtnl_unlock();
	if (msg)
		*msg = extack._msg;
	kfree_skb(skb);
	return err;
}

static void xr_put_vlan(struct sk_buff *skb, u16 vid, u16 flags)
{
	struct bridge_vlan_info info = { .flags = flags, .vid = vid };

	nla_put(skb, IFLA_BRIDGE_VLAN_INFO, sizeof(info), &info);
}

/* "bridge link set dev P learning off isolated on". */
static void xenbr_rtnl_test_set_flags(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct sk_buff *skb;
	struct nlattr *nest;
	const char *msg;
	u32 before;

	skb = xr_msg(test, ctx->port_dev[0]);
	nest = nla_nest_start(skb, IFLA_PROTINFO);
	nla_put_u8(skb, IFLA_BRPORT_LEARNING, 0);
	nla_put_u8(skb, IFLA_BRPORT_ISOLATED, 1);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, xr_setlink(skb, ctx->port_dev[0], false, NULL),
			0);
	KUNIT_EXPECT_EQ(test, ctx->port[0]->flags,
			(u32)((XENBR_PORT_DEFAULT & ~XENBR_PORT_LEARNING) |
			      XENBR_PORT_ISOLATED));

	/* What xenbr has not got is refused, and the rest not applied. */
	before = ctx->port[0]->flags;
	skb = xr_msg(test, ctx->port_dev[0]);
	nest = nla_nest_start(skb, IFLA_PROTINFO);
	nla_put_u8(skb, IFLA_BRPORT_LEARNING, 1);
	nla_put_u8(skb, IFLA_BRPORT_MODE, 1);		/* hairpin */
	nla_nest_end(skb, nest);
	msg = NULL;
	KUNIT_EXPECT_EQ(test, xr_setlink(skb, ctx->port_dev[0], false, &msg),
			-EOPNOTSUPP);
	KUNIT_EXPECT_NOT_NULL(test, msg);
	KUNIT_EXPECT_EQ(test, ctx->port[0]->flags, before);

	/* A bad value, and the old un-nested STP state. */
	skb = xr_msg(test, ctx->port_dev[0]);
	nest = nla_nest_start(skb, IFLA_PROTINFO);
	nla_put_u8(skb, IFLA_BRPORT_LEARNING, 2);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, xr_setlink(skb, ctx->port_dev[0], false, NULL),
			-ERANGE);
	skb = xr_msg(test, ctx->port_dev[0]);
	nla_put_u8(skb, IFLA_PROTINFO, BR_STATE_BLOCKING);
	KUNIT_EXPECT_EQ(test, xr_setlink(skb, ctx->port_dev[0], false, NULL),
			-EOPNOTSUPP);
	/* Port settings on the bridge itself. */
	skb = xr_msg(test, ctx->br_dev);
	nest = nla_nest_start(skb, IFLA_PROTINFO);
	nla_put_u8(skb, IFLA_BRPORT_LEARNING, 0);
	nla_nest_end(skb, nest);
	KUNIT_EXPECT_EQ(test, xr_setlink(skb, ctx->br_dev, false, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ctx->port[0]->flags, before);
}

/* "bridge vlan add|del": single VLANs, ranges, the bridge with "self". */
static void xenbr_rtnl_test_vlans(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	const struct xenbr_vlans *vlans;
	struct sk_buff *skb;
	struct nlattr *af;

	skb = xr_msg(test, ctx->port_dev[1]);
	af = nla_nest_start_noflag(skb, IFLA_AF_SPEC);
	xr_put_vlan(skb, 10, BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED);
	xr_put_vlan(skb, 20, BRIDGE_VLAN_INFO_RANGE_BEGIN);
	xr_put_vlan(skb, 29, BRIDGE_VLAN_INFO_RANGE_END);
	nla_nest_end(skb, af);
	KUNIT_EXPECT_EQ(test, xr_setlink(skb, ctx->port_dev[1], false, NULL),
			0);
	rtnl_lock();
	vlans = rtnl_dereference(ctx->port[1]->vlans);
	KUNIT_EXPECT_EQ(test, vlans->pvid, 10);
	KUNIT_EXPECT_EQ(test, bitmap_weight(vlans->member, VLAN_N_VID), 12);
	KUNIT_EXPECT_EQ(test, xenbr_vlans_flags(vlans, 25), 0);
	rtnl_unlock();

	skb = xr_msg(test, ctx->port_dev[1]);
	af = nla_nest_start_noflag(skb, IFLA_AF_SPEC);
	xr_put_vlan(skb, 21, BRIDGE_VLAN_INFO_RANGE_BEGIN);
	xr_put_vlan(skb, 28, BRIDGE_VLAN_INFO_RANGE_END);
	nla_nest_end(skb, af);
	KUNIT_EXPECT_EQ(test, xr_setlink(skb, ctx->port_dev[1], true, NULL), 0);
	rtnl_lock();
	vlans = rtnl_dereference(ctx->port[1]->vlans);
	KUNIT_EXPECT_EQ(test, bitmap_weight(vlans->member, VLAN_N_VID), 4);
	rtnl_unlock();

	/* A range with no end, and a range inside a range. */
	skb = xr_msg(test, ctx->port_dev[1]);
	af = nla_nest_start_noflag(skb, IFLA_AF_SPEC);
	xr_put_vlan(skb, 40, BRIDGE_VLAN_INFO_RANGE_BEGIN);
	nla_nest_end(skb, af);
	KUNIT_EXPECT_EQ(test, xr_setlink(skb, ctx->port_dev[1], false, NULL),
			-EINVAL);
	skb = xr_msg(test, ctx->port_dev[1]);
	af = nla_nest_start_noflag(skb, IFLA_AF_SPEC);
	xr_put_vlan(skb, 40, BRIDGE_VLAN_INFO_RANGE_BEGIN);
	xr_put_vlan(skb, 41, BRIDGE_VLAN_INFO_RANGE_BEGIN);
	nla_nest_end(skb, af);
	KUNIT_EXPECT_EQ(test, xr_setlink(skb, ctx->port_dev[1], false, NULL),
			-EINVAL);
	/* VLAN 4095, through the same checks as xenbr-ctl's. */
	skb = xr_msg(test, ctx->port_dev[1]);
	af = nla_nest_start_noflag(skb, IFLA_AF_SPEC);
	xr_put_vlan(skb, 4095, 0);
	nla_nest_end(skb, af);
	KUNIT_EXPECT_EQ(test, xr_setlink(skb, ctx->port_dev[1], false, NULL),
			-EINVAL);
	rtnl_lock();
	vlans = rtnl_dereference(ctx->port[1]->vlans);
	KUNIT_EXPECT_EQ(test, bitmap_weight(vlans->member, VLAN_N_VID), 4);
	rtnl_unlock();

	/* "self" on the bridge: dom0's VLANs. */
	skb = xr_msg(test, ctx->br_dev);
	af = nla_nest_start_noflag(skb, IFLA_AF_SPEC);
	nla_put_u16(skb, IFLA_BRIDGE_FLAGS, BRIDGE_FLAGS_SELF);
	xr_put_vlan(skb, 30, 0);
	nla_nest_end(skb, af);
	KUNIT_EXPECT_EQ(test, xr_setlink(skb, ctx->br_dev, false, NULL), 0);
	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, xenbr_vlans_has(rcu_dereference(ctx->br->vlans),
						30));
	rcu_read_unlock();
}

/* What "bridge link show" and "bridge vlan show" get back. */
static void xenbr_rtnl_test_getlink(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct nlattr **tb, **pt, *attr;
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
	int err, n = 0, rem;

	tb = kunit_kcalloc(test, IFLA_MAX + 1, sizeof(*tb), GFP_KERNEL);
	pt = kunit_kcalloc(test, IFLA_BRPORT_MAX + 1, sizeof(*pt), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tb);
	KUNIT_ASSERT_NOT_NULL(test, pt);
	skb = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	rtnl_lock();
	/* The bridge itself says nothing unless asked for its VLANs. */
	KUNIT_EXPECT_EQ(test, xenbr_ndo_bridge_getlink(skb, 0, 0, ctx->br_dev,
						       0, 0), 0);
	KUNIT_EXPECT_EQ(test, skb->len, 0);
	xenbr_port_set_flags(ctx->port[2], XENBR_PORT_ISOLATED,
			     XENBR_PORT_ISOLATED | XENBR_PORT_FLOOD_MCAST, NULL);
	err = xenbr_ndo_bridge_getlink(skb, 0, 0, ctx->port_dev[2],
				       RTEXT_FILTER_BRVLAN, 0);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	nlh = nlmsg_hdr(skb);
	KUNIT_ASSERT_EQ(test, nlh->nlmsg_type, RTM_NEWLINK);
	KUNIT_ASSERT_EQ(test, nlmsg_parse_deprecated(nlh,
						     sizeof(struct ifinfomsg),
						     tb, IFLA_MAX, NULL, NULL),
			0);
	KUNIT_ASSERT_NOT_NULL(test, tb[IFLA_MASTER]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[IFLA_MASTER]),
			(u32)ctx->br_dev->ifindex);
	KUNIT_ASSERT_NOT_NULL(test, tb[IFLA_PROTINFO]);
	KUNIT_ASSERT_EQ(test, nla_parse_nested_deprecated(pt, IFLA_BRPORT_MAX,
							  tb[IFLA_PROTINFO],
							  NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, nla_get_u8(pt[IFLA_BRPORT_STATE]),
			BR_STATE_FORWARDING);
	KUNIT_EXPECT_EQ(test, nla_get_u8(pt[IFLA_BRPORT_ISOLATED]), 1);
	KUNIT_EXPECT_EQ(test, nla_get_u8(pt[IFLA_BRPORT_MCAST_FLOOD]), 0);
	KUNIT_EXPECT_EQ(test, nla_get_u8(pt[IFLA_BRPORT_LEARNING]), 1);
	KUNIT_ASSERT_NOT_NULL(test, tb[IFLA_AF_SPEC]);
	nla_for_each_nested(attr, tb[IFLA_AF_SPEC], rem) {
		const struct bridge_vlan_info *info = nla_data(attr);

		KUNIT_EXPECT_EQ(test, nla_type(attr), IFLA_BRIDGE_VLAN_INFO);
		KUNIT_EXPECT_EQ(test, info->vid, 1);
		KUNIT_EXPECT_EQ(test, info->flags, BRIDGE_VLAN_INFO_PVID |
						   BRIDGE_VLAN_INFO_UNTAGGED);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 1);
	kfree_skb(skb);
}

/* Isolated ports reach the others and dom0, never each other. */
static void xenbr_rtnl_test_isolated(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct net_device *up_dev;
	struct xenbr_verdict v;
	u8 a[ETH_ALEN], b[ETH_ALEN], c[ETH_ALEN];
	int i;

	xt_mac(a, 1);
	xt_mac(b, 2);
	xt_mac(c, 3);
	rtnl_lock();
	for (i = 0; i < 2; i++)
		xenbr_port_set_flags(ctx->port[i], XENBR_PORT_ISOLATED,
				     XENBR_PORT_ISOLATED, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, b, 0, ctx->now), 0);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 2, c, 0, ctx->now), 0);
	v = xt_classify(ctx, 0, b, a);
	KUNIT_EXPECT_EQ(test, v.action, XENBR_ACT_DROP);
	KUNIT_EXPECT_EQ(test, v.reason, XENBR_DROP_ISOLATED);
	v = xt_classify(ctx, 0, c, a);
	KUNIT_EXPECT_EQ(test, v.action, XENBR_ACT_FORWARD);
	v = xt_classify(ctx, 2, b, c);		/* not isolated to isolated */
	KUNIT_EXPECT_EQ(test, v.action, XENBR_ACT_FORWARD);
	v = xt_classify(ctx, -1, b, ctx->br_dev->dev_addr);	/* dom0 */
	KUNIT_EXPECT_EQ(test, v.action, XENBR_ACT_FORWARD);

	/* A flood from an isolated port: the others and dom0 only. */
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xr_bcast, a, &up_dev),
			RX_HANDLER_ANOTHER);
	KUNIT_EXPECT_PTR_EQ(test, up_dev, ctx->br_dev);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 0);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[2]), 1);
}

static struct kunit_case xenbr_rtnl_test_cases[] = {
	KUNIT_CASE(xenbr_rtnl_test_set_flags),
	KUNIT_CASE(xenbr_rtnl_test_vlans),
	KUNIT_CASE(xenbr_rtnl_test_getlink),
	KUNIT_CASE(xenbr_rtnl_test_isolated),
	{}
};

XT_SUITE(xenbr_rtnl, xenbr_rtnl_test_init, xenbr_rtnl_test_cases);
