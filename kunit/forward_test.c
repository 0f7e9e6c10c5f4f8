// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of xenbr's forwarding decision and delivery.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>
#include "xenbr_test.h"

static const u8 xt_bcast[ETH_ALEN] __aligned(2) = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

static const u8 xt_mcast[ETH_ALEN] __aligned(2) = {
	0x01, 0x00, 0x5e, 0x00, 0x00, 0x01
};

static const u8 xt_link_local[ETH_ALEN] __aligned(2) = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e
};

static const u8 xt_stp[ETH_ALEN] __aligned(2) = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x00
};

static const u8 xt_pause[ETH_ALEN] __aligned(2) = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x01
};

static const u8 xt_zero[ETH_ALEN] __aligned(2);

/* Three ports, the bridge up: a bridge that is down carries nothing. */
static int xenbr_forward_test_init(struct kunit *test)
{
	int err = xt_init(test, 3);

	if (!err)
		xt_set_up(((struct xt_ctx *)test->priv)->br_dev, true);
	return err;
}

static void xt_expect_drop(struct kunit *test, struct xenbr_verdict verdict,
			   enum xenbr_drop_reason why)
{
	KUNIT_EXPECT_EQ(test, verdict.action, XENBR_ACT_DROP);
	KUNIT_EXPECT_EQ(test, verdict.reason, why);
}

static void xt_expect_forward(struct kunit *test, struct xenbr_verdict verdict,
			      struct xenbr_port *port)
{
	KUNIT_EXPECT_EQ(test, verdict.action, XENBR_ACT_FORWARD);
	KUNIT_EXPECT_PTR_EQ(test, verdict.port, port);
}

/* A flood to the ports with @flag, and up to dom0 if @local. */
static void xt_expect_flood(struct kunit *test, struct xenbr_verdict verdict,
			    u32 flag, bool local)
{
	KUNIT_EXPECT_EQ(test, verdict.action, XENBR_ACT_FLOOD);
	KUNIT_EXPECT_EQ(test, verdict.flood_flag, flag);
	KUNIT_EXPECT_EQ(test, verdict.local, local);
}

static void xt_promisc(struct xt_ctx *ctx, int inc)
{
	rtnl_lock();
	dev_set_promiscuity(ctx->br_dev, inc);
	rtnl_unlock();
}

static void xenbr_forward_test_known_unicast(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, xt_b, 0, ctx->now), 0);
	xt_expect_forward(test, xt_classify(ctx, 0, xt_b, xt_a), ctx->port[1]);

	/* dom0's frames take the same decision. */
	xt_expect_forward(test,
			  xt_classify(ctx, -1, xt_b, ctx->br_dev->dev_addr),
			  ctx->port[1]);
}

static void xenbr_forward_test_unknown_unicast(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_verdict v;

	xt_expect_flood(test, xt_classify(ctx, 0, xt_b, xt_a),
			XENBR_PORT_FLOOD_UCAST, false);

	/* A promiscuous bridge device gets a copy. */
	xt_promisc(ctx, 1);
	v = xt_classify(ctx, 0, xt_b, xt_a);
	xt_promisc(ctx, -1);
	KUNIT_EXPECT_EQ(test, v.action, XENBR_ACT_FLOOD);
	KUNIT_EXPECT_TRUE(test, v.local);
}

static void xenbr_forward_test_broadcast(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_verdict v;

	xt_expect_flood(test, xt_classify(ctx, 0, xt_bcast, xt_a),
			XENBR_PORT_FLOOD_BCAST, true);
	v = xt_classify(ctx, -1, xt_bcast, ctx->br_dev->dev_addr);
	KUNIT_EXPECT_EQ(test, v.action, XENBR_ACT_FLOOD);
	KUNIT_EXPECT_FALSE(test, v.local);
}

static void xenbr_forward_test_multicast(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	const u8 *own = ctx->br_dev->dev_addr;

	xt_expect_flood(test, xt_classify(ctx, 0, xt_mcast, xt_a),
			XENBR_PORT_FLOOD_MCAST, true);

	/* Link-local frames stay with the port's own stack. */
	KUNIT_EXPECT_EQ(test, xt_classify(ctx, 0, xt_link_local, xt_a).action,
			XENBR_ACT_PASS);
	KUNIT_EXPECT_EQ(test, xt_classify(ctx, -1, xt_link_local, own).action,
			XENBR_ACT_FLOOD);
}

static void xenbr_forward_test_to_bridge(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	const u8 *own = ctx->br_dev->dev_addr;

	KUNIT_EXPECT_EQ(test, xt_classify(ctx, 0, own, xt_a).action,
			XENBR_ACT_LOCAL);
	xt_expect_drop(test, xt_classify(ctx, -1, own, own),
		       XENBR_DROP_NO_DEST);
}

static void xenbr_forward_test_hairpin(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, xt_b, 0, ctx->now), 0);
	xt_expect_drop(test, xt_classify(ctx, 0, xt_b, xt_a),
		       XENBR_DROP_HAIRPIN);
}

static void xenbr_forward_test_invalid_src(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	xt_expect_drop(test, xt_classify(ctx, 0, xt_b, xt_zero),
		       XENBR_DROP_INVALID_SRC);
	xt_expect_drop(test, xt_classify(ctx, 0, xt_b, xt_mcast),
		       XENBR_DROP_INVALID_SRC);
}

/*
 * A port that goes down forgets what it learned, so frames to it flood;
 * a static entry stays, and frames to it are dropped until it is up.
 */
static void xenbr_forward_test_egress_down(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	xt_learn_and_pin(test, 1, xt_b, xt_c);
	xt_set_up(ctx->port_dev[1], false);
	KUNIT_EXPECT_EQ(test, xt_classify(ctx, 0, xt_b, xt_a).action,
			XENBR_ACT_FLOOD);
	xt_expect_drop(test, xt_classify(ctx, 0, xt_c, xt_a),
		       XENBR_DROP_PORT_DOWN);
}

static void xenbr_forward_test_ageing_zero(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, xt_b, 0, ctx->now), 0);
	KUNIT_ASSERT_EQ(test, xenbr_fdb_add_static(ctx->br, ctx->port[2], xt_c,
						   0), 0);
	xenbr_set_ageing_time(ctx->br, 0);

	KUNIT_EXPECT_EQ(test, xt_classify(ctx, 0, xt_b, xt_a).action,
			XENBR_ACT_FLOOD);
	xt_expect_forward(test, xt_classify(ctx, 0, xt_c, xt_a), ctx->port[2]);

	/* Nothing is learned. */
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xt_bcast, xt_a, NULL),
			RX_HANDLER_ANOTHER);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 0, NULL), XT_NO_ENTRY);
}

static void xenbr_forward_test_expired(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, xt_b, 0, ctx->now), 0);
	ctx->now += ctx->br->ageing_time - 1;
	KUNIT_EXPECT_EQ(test, xt_classify(ctx, 0, xt_b, xt_a).action,
			XENBR_ACT_FORWARD);
	ctx->now += 1;
	KUNIT_EXPECT_EQ(test, xt_classify(ctx, 0, xt_b, xt_a).action,
			XENBR_ACT_FLOOD);
}

static void xenbr_forward_test_rx_flood(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_stats before, after;
	struct net_device *up_dev;

	xenbr_port_get_stats(ctx->port[0], &before);
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xt_bcast, xt_a, &up_dev),
			RX_HANDLER_ANOTHER);
	xenbr_port_get_stats(ctx->port[0], &after);
	KUNIT_EXPECT_PTR_EQ(test, up_dev, ctx->br_dev);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[0]), 0u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[2]), 1u);
	KUNIT_EXPECT_EQ(test, after.rx_packets, before.rx_packets + 1);
	KUNIT_EXPECT_EQ(test, after.flooded, before.flooded + 1);
	/* The source was learned on the way. */
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 0, NULL), 0);
}

/* Down, the bridge drops what its ports receive, and learns nothing. */
static void xenbr_forward_test_bridge_down(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	u64 drops;

	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, xt_b, 0, ctx->now), 0);
	xt_set_up(ctx->br_dev, false);
	xt_expect_drop(test, xt_classify(ctx, 0, xt_b, xt_a),
		       XENBR_DROP_BRIDGE_DOWN);
	xt_expect_drop(test, xt_classify(ctx, 0, xt_a, xt_b),
		       XENBR_DROP_BRIDGE_DOWN);
	xt_expect_drop(test, xt_classify(ctx, 0, xt_bcast, xt_a),
		       XENBR_DROP_BRIDGE_DOWN);
	xt_expect_drop(test, xt_classify(ctx, 0, ctx->br_dev->dev_addr, xt_a),
		       XENBR_DROP_BRIDGE_DOWN);
	/* Link-local frames still reach the port's own stack. */
	KUNIT_EXPECT_EQ(test, xt_classify(ctx, 0, xt_link_local, xt_a).action,
			XENBR_ACT_PASS);

	drops = xt_drops(ctx->port[0], XENBR_DROP_BRIDGE_DOWN);
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xt_bcast, xt_a, NULL),
			RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xt_b, xt_a, NULL),
			RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 0u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[2]), 0u);
	KUNIT_EXPECT_EQ(test, xt_drops(ctx->port[0], XENBR_DROP_BRIDGE_DOWN),
			drops + 2);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 0, NULL), XT_NO_ENTRY);

	/* Up again, it forwards and learns. */
	xt_set_up(ctx->br_dev, true);
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xt_b, xt_a, NULL),
			RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1u);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 0, NULL), 0);
}

static void xenbr_forward_test_rx_unicast(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct net_device *up_dev;

	/* b speaks first (to unknown a: flooded), so is learned on port 1. */
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 1, xt_a, xt_b, &up_dev),
			RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[0]), 1u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[2]), 1u);

	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xt_b, xt_a, &up_dev),
			RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[2]), 1u);

	/* To the bridge's own MAC: up to dom0, nowhere else. */
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, ctx->br_dev->dev_addr, xt_a,
					 &up_dev), RX_HANDLER_ANOTHER);
	KUNIT_EXPECT_PTR_EQ(test, up_dev, ctx->br_dev);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[2]), 1u);
}

static void xenbr_forward_test_rx_drops(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_stats before, after;

	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, xt_b, 0, jiffies), 0);

	xenbr_port_get_stats(ctx->port[0], &before);
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xt_b, xt_a, NULL),
			RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xt_b, xt_zero, NULL),
			RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xt_link_local, xt_a, NULL),
			RX_HANDLER_PASS);
	xenbr_port_get_stats(ctx->port[0], &after);

	KUNIT_EXPECT_EQ(test, after.drops[XENBR_DROP_HAIRPIN],
			before.drops[XENBR_DROP_HAIRPIN] + 1);
	KUNIT_EXPECT_EQ(test, after.drops[XENBR_DROP_INVALID_SRC],
			before.drops[XENBR_DROP_INVALID_SRC] + 1);
	KUNIT_EXPECT_EQ(test, after.rx_packets, before.rx_packets + 2);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 0u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[2]), 0u);
}

static void xenbr_forward_test_rx_learning_off(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	int err;

	rtnl_lock();
	err = xenbr_port_set_flags(ctx->port[0], 0, XENBR_PORT_LEARNING, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	xt_receive(ctx, 0, xt_bcast, xt_a, NULL);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 0, NULL), XT_NO_ENTRY);

	rtnl_lock();
	err = xenbr_port_set_flags(ctx->port[0], XENBR_PORT_LEARNING,
				   XENBR_PORT_LEARNING, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	xt_receive(ctx, 0, xt_bcast, xt_a, NULL);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 0, NULL), 0);
}

static void xenbr_forward_test_rx_flood_flags(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	int err;

	rtnl_lock();
	err = xenbr_port_set_flags(ctx->port[2], 0, XENBR_PORT_FLOOD_UCAST,
				   NULL);
	if (!err)
		err = xenbr_port_set_flags(ctx->port[1], 0,
					   XENBR_PORT_FLOOD_BCAST, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);

	xt_receive(ctx, 0, xt_b, xt_a, NULL);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[2]), 0u);

	xt_receive(ctx, 0, xt_bcast, xt_a, NULL);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[2]), 1u);

	rtnl_lock();
	err = xenbr_port_set_flags(ctx->port[2], 0, 1u << 31, NULL);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
}

/* What dom0 sends to @dst: type @proto, @len bytes of zeros after it. */
static struct sk_buff *xt_dom0_skb(struct kunit *test, struct xt_ctx *ctx,
				   const u8 *dst, u16 proto, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(ETH_HLEN + len, GFP_KERNEL);
	struct ethhdr *eth;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, ctx->br_dev->dev_addr);
	eth->h_proto = htons(proto);
	skb_put_zero(skb, len);
	skb->protocol = htons(proto);
	skb->dev = ctx->br_dev;
	skb_reset_mac_header(skb);
	return skb;
}

static void xenbr_forward_test_xmit(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, xt_b, 0, jiffies), 0);
	dev_queue_xmit(xt_dom0_skb(test, ctx, xt_b, XT_PROTO,
				   ETH_ZLEN - ETH_HLEN));

	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[0]), 0u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[2]), 0u);
}

/* With no STP, BPDUs are bridged, pause frames dropped, the rest passed. */
static void xenbr_forward_test_group_addresses(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct net_device *up_dev;
	u64 drops;

	xt_expect_flood(test, xt_classify(ctx, 0, xt_stp, xt_a),
			XENBR_PORT_FLOOD_MCAST, true);
	xt_expect_drop(test, xt_classify(ctx, 0, xt_pause, xt_a),
		       XENBR_DROP_PAUSE);
	KUNIT_EXPECT_EQ(test, xt_classify(ctx, 0, xt_link_local, xt_a).action,
			XENBR_ACT_PASS);

	drops = xt_drops(ctx->port[0], XENBR_DROP_PAUSE);
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xt_pause, xt_a, &up_dev),
			RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, xt_drops(ctx->port[0], XENBR_DROP_PAUSE),
			drops + 1);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 0u);
	/* A pause frame is the link's: its source is no station. */
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 0, NULL), XT_NO_ENTRY);

	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xt_stp, xt_a, &up_dev),
			RX_HANDLER_ANOTHER);
	KUNIT_EXPECT_PTR_EQ(test, up_dev, ctx->br_dev);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[2]), 1u);
}

/* A promiscuous bridge device sees known unicast too, as a Linux bridge. */
static void xenbr_forward_test_promisc(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct net_device *up_dev;
	struct xenbr_verdict v;
	u64 drops;

	/* Frames are received at jiffies: classify at that time too. */
	ctx->now = jiffies;
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, xt_b, 0, jiffies), 0);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, xt_c, 0, jiffies), 0);
	KUNIT_EXPECT_FALSE(test, xt_classify(ctx, 0, xt_b, xt_a).local);

	xt_promisc(ctx, 1);
	v = xt_classify(ctx, 0, xt_b, xt_a);
	xt_expect_forward(test, v, ctx->port[1]);
	KUNIT_EXPECT_TRUE(test, v.local);
	/* dom0's own frames do not come back to it. */
	KUNIT_EXPECT_FALSE(test, xt_classify(ctx, -1, xt_b,
					     ctx->br_dev->dev_addr).local);

	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xt_b, xt_a, &up_dev),
			RX_HANDLER_ANOTHER);
	KUNIT_EXPECT_PTR_EQ(test, up_dev, ctx->br_dev);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[2]), 0u);

	/* Not forwarded (hairpin), but seen, and so not counted as dropped. */
	drops = xt_drops(ctx->port[0], XENBR_DROP_HAIRPIN);
	KUNIT_EXPECT_EQ(test, xt_receive(ctx, 0, xt_c, xt_a, &up_dev),
			RX_HANDLER_ANOTHER);
	KUNIT_EXPECT_EQ(test, xt_drops(ctx->port[0], XENBR_DROP_HAIRPIN),
			drops);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 1u);
	xt_promisc(ctx, -1);

	xt_expect_drop(test, xt_classify(ctx, 0, xt_c, xt_a),
		       XENBR_DROP_HAIRPIN);
	KUNIT_EXPECT_FALSE(test, xt_classify(ctx, 0, xt_c, xt_a).local);
}

/* A port being released forwards nothing from the first step on. */
static void xenbr_forward_test_detached(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	/* Frames are received at jiffies: classify at that time too. */
	ctx->now = jiffies;
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, xt_b, 0, jiffies), 0);
	WRITE_ONCE(ctx->port[1]->attached, false);
	xt_expect_drop(test, xt_classify(ctx, 0, xt_b, xt_a),
		       XENBR_DROP_PORT_DOWN);
	xt_receive(ctx, 0, xt_bcast, xt_a, NULL);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[1]), 0u);
	KUNIT_EXPECT_EQ(test, xt_tx_count(ctx->port_dev[2]), 1u);
	WRITE_ONCE(ctx->port[1]->attached, true);
}

/*
 * A tagged frame with its checksum left to the device leaves with its
 * network header past the tag, where the device looks for it.
 */
static void xenbr_forward_test_tagged_csum(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct vlan_ethhdr *veth;
	struct sk_buff *skb;

	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, xt_b, 0, jiffies), 0);

	skb = xt_dom0_skb(test, ctx, xt_b, ETH_P_8021Q, VLAN_HLEN + 64);
	veth = (struct vlan_ethhdr *)skb->data;
	veth->h_vlan_TCI = htons(20);
	veth->h_vlan_encapsulated_proto = htons(XT_PROTO);
	/* Where a stack that forgot the tag would leave it. */
	skb_set_network_header(skb, ETH_HLEN);
	KUNIT_ASSERT_TRUE(test, skb_partial_csum_set(skb, VLAN_ETH_HLEN, 0));
	dev_queue_xmit(skb);

	skb = xt_tx_dequeue(ctx->port_dev[1]);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb_network_offset(skb), VLAN_ETH_HLEN);
	kfree_skb(skb);
}

static struct kunit_case xenbr_forward_test_cases[] = {
	KUNIT_CASE(xenbr_forward_test_known_unicast),
	KUNIT_CASE(xenbr_forward_test_unknown_unicast),
	KUNIT_CASE(xenbr_forward_test_broadcast),
	KUNIT_CASE(xenbr_forward_test_multicast),
	KUNIT_CASE(xenbr_forward_test_to_bridge),
	KUNIT_CASE(xenbr_forward_test_hairpin),
	KUNIT_CASE(xenbr_forward_test_invalid_src),
	KUNIT_CASE(xenbr_forward_test_egress_down),
	KUNIT_CASE(xenbr_forward_test_ageing_zero),
	KUNIT_CASE(xenbr_forward_test_expired),
	KUNIT_CASE(xenbr_forward_test_rx_flood),
	KUNIT_CASE(xenbr_forward_test_bridge_down),
	KUNIT_CASE(xenbr_forward_test_rx_unicast),
	KUNIT_CASE(xenbr_forward_test_rx_drops),
	KUNIT_CASE(xenbr_forward_test_rx_learning_off),
	KUNIT_CASE(xenbr_forward_test_rx_flood_flags),
	KUNIT_CASE(xenbr_forward_test_xmit),
	KUNIT_CASE(xenbr_forward_test_group_addresses),
	KUNIT_CASE(xenbr_forward_test_promisc),
	KUNIT_CASE(xenbr_forward_test_detached),
	KUNIT_CASE(xenbr_forward_test_tagged_csum),
	{}
};

XT_SUITE(xenbr_forward, xenbr_forward_test_init, xenbr_forward_test_cases);
