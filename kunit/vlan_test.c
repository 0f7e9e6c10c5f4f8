// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of VLAN filtering: the ingress decision for every kind of
 * tag, egress tagging, flooding inside a VLAN, the per-VLAN FDB, dom0's
 * membership, and the settings' refusals.
 *
 * Three ports, the bridge up, filtering on. Unless a case says otherwise,
 * port 0 is an access port of VLAN 10, port 1 a trunk of 10 and 20
 * (tagged, no PVID), port 2 an access port of VLAN 20; the bridge itself
 * keeps the default, VLAN 1, PVID and untagged.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>
#include <net/netlink.h>
#include "xenbr_test.h"

enum xv_tag {
	XV_UNTAGGED,
	XV_META,	/* 802.1Q tag in the skb's metadata, as offloaded */
	XV_IN_FRAME,	/* 802.1Q tag in the frame itself */
	XV_META_AD,	/* 802.1ad tag in the metadata */
};

#define XV_PCP5	(5 << VLAN_PRIO_SHIFT)

static const u8 xv_bcast[ETH_ALEN] __aligned(2) = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

static void xv_vlan(struct kunit *test, int port, u16 vid, u32 flags,
		    bool add)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_port *p = port < 0 ? NULL : ctx->port[port];
	int err;

	rtnl_lock();
	if (add)
		err = xenbr_vlan_add(ctx->br, p, vid, vid, flags, NULL);
	else
		err = xenbr_vlan_del(ctx->br, p, vid, vid, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
}

static int xenbr_vlan_test_init(struct kunit *test)
{
	struct xt_ctx *ctx;
	int err = xt_init(test, 3);

	if (err)
		return err;
	ctx = test->priv;
	xt_set_up(ctx->br_dev, true);
	xv_vlan(test, 0, 1, 0, false);
	xv_vlan(test, 0, 10, XENBR_VLAN_F_PVID | XENBR_VLAN_F_UNTAGGED, true);
	xv_vlan(test, 1, 1, 0, false);
	xv_vlan(test, 1, 10, 0, true);
	xv_vlan(test, 1, 20, 0, true);
	xv_vlan(test, 2, 1, 0, false);
	xv_vlan(test, 2, 20, XENBR_VLAN_F_PVID | XENBR_VLAN_F_UNTAGGED, true);
	rtnl_lock();
	xenbr_vlan_set_filtering(ctx->br, true);
	rtnl_unlock();
	return 0;
}

/* A frame from @dst to @src, with @tci as @tag says, for @dev to receive. */
static struct sk_buff *xv_frame(struct kunit *test, struct net_device *dev,
				const u8 *dst, const u8 *src, enum xv_tag tag,
				u16 tci)
{
	struct sk_buff *skb = alloc_skb(NET_IP_ALIGN + VLAN_ETH_ZLEN,
					GFP_KERNEL);
	struct ethhdr *eth;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, NET_IP_ALIGN);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, src);
	eth->h_proto = htons(XT_PROTO);
	if (tag == XV_IN_FRAME) {
		struct vlan_hdr *vh = skb_put(skb, VLAN_HLEN);

		eth->h_proto = htons(ETH_P_8021Q);
		vh->h_vlan_TCI = htons(tci);
		vh->h_vlan_encapsulated_proto = htons(XT_PROTO);
	}
	skb_put_zero(skb, ETH_ZLEN - ETH_HLEN);
	skb->protocol = eth_type_trans(skb, dev);
	if (tag == XV_META)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), tci);
	else if (tag == XV_META_AD)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021AD), tci);
	return skb;
}

/*
 * Port @port receives the frame as the stack hands it over: an in-frame
 * 802.1Q tag already moved to the metadata. The frame going up to dom0,
 * if any, is returned (the caller frees it); else NULL.
 */
static struct sk_buff *xv_receive(struct kunit *test, int port,
				  const u8 *dst, const u8 *src,
				  enum xv_tag tag, u16 tci)
{
	struct xt_ctx *ctx = test->priv;
	struct sk_buff *skb = xv_frame(test, ctx->port_dev[port], dst, src,
				       tag, tci);
	rx_handler_result_t result;

	if (eth_type_vlan(skb->protocol)) {
		skb = skb_vlan_untag(skb);
		KUNIT_ASSERT_NOT_NULL(test, skb);
	}
	local_bh_disable();
	rcu_read_lock();
	result = xenbr_handle_frame(&skb);
	rcu_read_unlock();
	local_bh_enable();
	KUNIT_EXPECT_NE(test, result, RX_HANDLER_PASS);
	if (result == RX_HANDLER_CONSUMED)
		return NULL;
	KUNIT_EXPECT_PTR_EQ(test, skb->dev, ctx->br_dev);
	return skb;
}

/* dom0 sends the frame through the bridge, its tag as @tag says. */
static void xv_send(struct kunit *test, const u8 *dst, enum xv_tag tag,
		    u16 tci)
{
	struct xt_ctx *ctx = test->priv;
	struct sk_buff *skb = xv_frame(test, ctx->br_dev, dst,
				       ctx->br_dev->dev_addr, tag, tci);

	/* As the stack hands it to ndo_start_xmit: at the MAC header. */
	skb_push(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	local_bh_disable();
	rcu_read_lock_bh();
	xenbr_dev_xmit(skb, ctx->br_dev);
	rcu_read_unlock_bh();
	local_bh_enable();
}

/*
 * The VLAN id of the next frame port @port sent (its device inserts the
 * tag in the frame), 0 if it was untagged, -1 if it sent nothing.
 */
static int xv_sent_vid(struct xt_ctx *ctx, int port)
{
	struct sk_buff *skb = xt_tx_dequeue(ctx->port_dev[port]);
	const struct vlan_ethhdr *veth;
	int vid = 0;

	if (!skb)
		return -1;
	veth = (const struct vlan_ethhdr *)skb->data;
	if (veth->h_vlan_proto == htons(ETH_P_8021Q))
		vid = ntohs(veth->h_vlan_TCI) & VLAN_VID_MASK;
	kfree_skb(skb);
	return vid;
}

/* The pure decision, on every kind of tag. */
static void xenbr_vlan_test_ingress(struct kunit *test)
{
	static const struct {
		enum xv_tag tag;
		u16 tci;
		u16 pvid;
		bool admitted;
		int reason;	/* when not admitted */
		u16 vid;
	} tc[] = {
		{ XV_UNTAGGED, 0, 10, true, 0, 10 },
		{ XV_UNTAGGED, 0, 0, false, XENBR_DROP_VLAN_NO_PVID, 0 },
		{ XV_META, XV_PCP5, 10, true, 0, 10 },		/* priority */
		{ XV_META, XV_PCP5, 0, false, XENBR_DROP_VLAN_NO_PVID, 0 },
		{ XV_META, 20, 10, true, 0, 20 },		/* member */
		{ XV_META, XV_PCP5 | 20, 0, true, 0, 20 },
		{ XV_META, 30, 10, false, XENBR_DROP_VLAN_INGRESS, 0 },
		{ XV_META, 4095, 10, false, XENBR_DROP_VLAN_INGRESS, 0 },
		{ XV_META_AD, 20, 10, true, 0, 10 },		/* payload here */
		{ XV_META_AD, 20, 0, false, XENBR_DROP_VLAN_NO_PVID, 0 },
	};
	struct xt_ctx *ctx = test->priv;
	struct xenbr_vlans *vlans;
	int i;

	vlans = kunit_kzalloc(test, sizeof(*vlans), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, vlans);
	__set_bit(10, vlans->member);
	__set_bit(20, vlans->member);
	for (i = 0; i < ARRAY_SIZE(tc); i++) {
		struct sk_buff *skb = xv_frame(test, ctx->port_dev[0], xv_bcast,
					       xt_a, tc[i].tag, tc[i].tci);
		enum xenbr_drop_reason reason = 0;
		u16 vid = 0;

		vlans->pvid = tc[i].pvid;
		KUNIT_EXPECT_EQ_MSG(test,
				    xenbr_vlan_ingress(vlans, skb, &vid, &reason),
				    tc[i].admitted, "case %d", i);
		KUNIT_EXPECT_EQ_MSG(test, reason, tc[i].reason, "case %d", i);
		KUNIT_EXPECT_EQ_MSG(test, vid, tc[i].vid, "case %d", i);
		kfree_skb(skb);
	}
}

/* The tag the frame carries through the bridge once it is admitted. */
static void xenbr_vlan_test_ingress_tag(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct sk_buff *skb;

	/* A priority tag keeps its priority. */
	skb = xv_frame(test, ctx->port_dev[0], xv_bcast, xt_a, XV_META,
		       XV_PCP5);
	skb = xenbr_vlan_ingress_tag(skb, 10);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb->vlan_tci, XV_PCP5 | 10);
	KUNIT_EXPECT_EQ(test, skb->vlan_proto, htons(ETH_P_8021Q));
	kfree_skb(skb);

	/* An 802.1ad tag goes back into the frame, under the 802.1Q one. */
	skb = xv_frame(test, ctx->port_dev[0], xv_bcast, xt_a, XV_META_AD, 20);
	skb = xenbr_vlan_ingress_tag(skb, 10);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb_vlan_tag_get_id(skb), 10);
	KUNIT_EXPECT_EQ(test, skb->vlan_proto, htons(ETH_P_8021Q));
	KUNIT_EXPECT_EQ(test, eth_hdr(skb)->h_proto, htons(ETH_P_8021AD));
	kfree_skb(skb);
}

/* A broadcast reaches its VLAN only, tagged where the port is a trunk. */
static void xenbr_vlan_test_flood(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct sk_buff *up;

	up = xv_receive(test, 0, xv_bcast, xt_a, XV_UNTAGGED, 0);
	KUNIT_EXPECT_NULL(test, up);	/* dom0 is not in VLAN 10 */
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 1), 10);
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 2), -1);

	up = xv_receive(test, 1, xv_bcast, xt_a, XV_META, 20);
	KUNIT_EXPECT_NULL(test, up);
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 0), -1);
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 2), 0);

	/* Nobody else in VLAN 20 on port 2's side but the trunk. */
	up = xv_receive(test, 2, xv_bcast, xt_a, XV_UNTAGGED, 0);
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 1), 20);
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 0), -1);
	kfree_skb(up);
}

/* A tag in the metadata and the same tag in the frame are one case. */
static void xenbr_vlan_test_tag_in_frame(struct kunit *test)
{
	static const enum xv_tag tags[] = { XV_META, XV_IN_FRAME };
	struct xt_ctx *ctx = test->priv;
	int i;

	for (i = 0; i < ARRAY_SIZE(tags); i++) {
		u64 before = xt_drops(ctx->port[1], XENBR_DROP_VLAN_INGRESS);

		KUNIT_EXPECT_NULL(test, xv_receive(test, 1, xv_bcast, xt_a,
						   tags[i], 20));
		KUNIT_EXPECT_EQ_MSG(test, xv_sent_vid(ctx, 2), 0, "tag %d", i);
		KUNIT_EXPECT_EQ_MSG(test, xv_sent_vid(ctx, 0), -1, "tag %d", i);

		/* VLAN 30 is not the trunk's: dropped, counted. */
		KUNIT_EXPECT_NULL(test, xv_receive(test, 1, xv_bcast, xt_a,
						   tags[i], 30));
		KUNIT_EXPECT_EQ_MSG(test, xv_sent_vid(ctx, 0), -1, "tag %d", i);
		KUNIT_EXPECT_EQ_MSG(test, xv_sent_vid(ctx, 2), -1, "tag %d", i);
		KUNIT_EXPECT_EQ_MSG(test,
				    xt_drops(ctx->port[1],
					     XENBR_DROP_VLAN_INGRESS),
				    before + 1, "tag %d", i);
	}

	/* The trunk has no PVID: untagged frames are dropped, counted. */
	KUNIT_EXPECT_NULL(test, xv_receive(test, 1, xv_bcast, xt_a,
					   XV_UNTAGGED, 0));
	KUNIT_EXPECT_EQ(test, xt_drops(ctx->port[1], XENBR_DROP_VLAN_NO_PVID),
			1);
	/* Nor is a tagged frame of another VLAN let in by an access port. */
	KUNIT_EXPECT_NULL(test, xv_receive(test, 0, xv_bcast, xt_a, XV_META,
					   20));
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 2), -1);
	KUNIT_EXPECT_EQ(test, xt_drops(ctx->port[0], XENBR_DROP_VLAN_INGRESS),
			1);
	/* Nothing was learned from the dropped frames. */
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 30, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 0, NULL), XT_NO_ENTRY);
}

/* One MAC in two VLANs: two entries, no moves between them. */
static void xenbr_vlan_test_fdb_per_vlan(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_stats st = {};

	kfree_skb(xv_receive(test, 0, xv_bcast, xt_a, XV_UNTAGGED, 0));
	kfree_skb(xv_receive(test, 2, xv_bcast, xt_a, XV_UNTAGGED, 0));
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 10, NULL), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 20, NULL), 2);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 0, NULL), XT_NO_ENTRY);
	xenbr_get_stats(ctx->br, &st);
	KUNIT_EXPECT_EQ(test, st.fdb_moves, 0);

	/* Each VLAN forwards to its own entry. */
	kfree_skb(xt_tx_dequeue(ctx->port_dev[1]));
	kfree_skb(xt_tx_dequeue(ctx->port_dev[1]));
	kfree_skb(xv_receive(test, 1, xt_a, xt_b, XV_META, 10));
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 0), 0);
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 2), -1);
	kfree_skb(xv_receive(test, 1, xt_a, xt_b, XV_META, 20));
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 2), 0);
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 0), -1);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_b, 10, NULL), 1);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_b, 20, NULL), 1);
}

/* A known destination whose port left the VLAN: not sent, counted. */
static void xenbr_vlan_test_egress(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, xenbr_fdb_add_static(ctx->br, ctx->port[1], xt_b,
						   10), 0);
	xv_vlan(test, 1, 10, 0, false);
	/* The static entry stays, as the Linux bridge's does. */
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_b, 10, NULL), 1);
	KUNIT_EXPECT_NULL(test, xv_receive(test, 0, xt_b, xt_a, XV_UNTAGGED,
					   0));
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 1), -1);
	KUNIT_EXPECT_EQ(test, xt_drops(ctx->port[0], XENBR_DROP_VLAN_EGRESS),
			1);

	/* And a static entry for a VLAN the port is not in is refused. */
	KUNIT_EXPECT_EQ(test, xenbr_fdb_add_static(ctx->br, ctx->port[2], xt_b,
						   10), -EINVAL);
}

/* Leaving a VLAN forgets what the port learned in it, and only that. */
static void xenbr_vlan_test_del_flushes(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	kfree_skb(xv_receive(test, 1, xv_bcast, xt_a, XV_META, 10));
	kfree_skb(xv_receive(test, 1, xv_bcast, xt_a, XV_META, 20));
	KUNIT_ASSERT_EQ(test, xt_fdb_owner(ctx, xt_a, 10, NULL), 1);
	KUNIT_ASSERT_EQ(test, xt_fdb_owner(ctx, xt_a, 20, NULL), 1);
	xv_vlan(test, 1, 10, 0, false);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 10, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 20, NULL), 1);
	KUNIT_EXPECT_EQ(test, ctx->port[1]->n_learned, 1);

	/* Filtering off: learned entries of VLANs mean nothing any more. */
	rtnl_lock();
	xenbr_vlan_set_filtering(ctx->br, false);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 20, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 0);
}

/* dom0: its PVID untagged, a VLAN of its own tagged, others not at all. */
static void xenbr_vlan_test_dom0(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	const u8 *own = ctx->br_dev->dev_addr;
	struct sk_buff *up;

	/* Port 0 joins VLAN 1 tagged: the bridge's PVID. */
	xv_vlan(test, 0, 1, 0, true);
	up = xv_receive(test, 0, own, xt_a, XV_META, 1);
	KUNIT_ASSERT_NOT_NULL(test, up);
	KUNIT_EXPECT_FALSE(test, skb_vlan_tag_present(up));
	kfree_skb(up);

	/* VLAN 10 is not dom0's: its own MAC is not reached there. */
	KUNIT_EXPECT_NULL(test, xv_receive(test, 0, own, xt_a, XV_UNTAGGED, 0));
	KUNIT_EXPECT_EQ(test, xt_drops(ctx->port[0], XENBR_DROP_VLAN_EGRESS),
			1);

	/* Once it is, the frame goes up tagged, for a xenbr0.10. */
	xv_vlan(test, -1, 10, 0, true);
	up = xv_receive(test, 0, own, xt_a, XV_UNTAGGED, 0);
	KUNIT_ASSERT_NOT_NULL(test, up);
	KUNIT_EXPECT_TRUE(test, skb_vlan_tag_present(up));
	KUNIT_EXPECT_EQ(test, skb_vlan_tag_get_id(up), 10);
	kfree_skb(up);
	up = xv_receive(test, 0, xv_bcast, xt_a, XV_UNTAGGED, 0);
	KUNIT_EXPECT_NOT_NULL(test, up);
	kfree_skb(up);
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 1), 10);
}

/* What dom0 sends: its tag in the metadata or in the frame, alike. */
static void xenbr_vlan_test_dom0_sends(struct kunit *test)
{
	static const enum xv_tag tags[] = { XV_META, XV_IN_FRAME };
	struct xt_ctx *ctx = test->priv;
	struct xenbr_stats st = {};
	int i;

	xv_vlan(test, -1, 20, 0, true);
	for (i = 0; i < ARRAY_SIZE(tags); i++) {
		xv_send(test, xv_bcast, tags[i], 20);
		KUNIT_EXPECT_EQ_MSG(test, xv_sent_vid(ctx, 2), 0, "tag %d", i);
		KUNIT_EXPECT_EQ_MSG(test, xv_sent_vid(ctx, 1), 20, "tag %d", i);
		KUNIT_EXPECT_EQ_MSG(test, xv_sent_vid(ctx, 0), -1, "tag %d", i);

		/* Not a VLAN of dom0's. */
		xv_send(test, xv_bcast, tags[i], 10);
		KUNIT_EXPECT_EQ_MSG(test, xv_sent_vid(ctx, 0), -1, "tag %d", i);
		KUNIT_EXPECT_EQ_MSG(test, xv_sent_vid(ctx, 1), -1, "tag %d", i);
	}
	/* Untagged: VLAN 1, which no port is in. */
	xv_send(test, xv_bcast, XV_UNTAGGED, 0);
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 0), -1);
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 1), -1);
	xenbr_get_stats(ctx->br, &st);
	KUNIT_EXPECT_EQ(test, st.drops[XENBR_DROP_VLAN_INGRESS], 2);
	KUNIT_EXPECT_EQ(test, st.drops[XENBR_DROP_NO_DEST], 1);
	KUNIT_EXPECT_EQ(test, st.tx_dropped, 3);
}

/* Filtering off: tags cross untouched, every port floods, as before. */
static void xenbr_vlan_test_off(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	rtnl_lock();
	xenbr_vlan_set_filtering(ctx->br, false);
	rtnl_unlock();
	kfree_skb(xv_receive(test, 0, xv_bcast, xt_a, XV_META, 30));
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 1), 30);
	KUNIT_EXPECT_EQ(test, xv_sent_vid(ctx, 2), 30);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, xt_a, 30, NULL), XT_NO_ENTRY);
}

/* The default PVID moves the devices still on it, and only while off. */
static void xenbr_vlan_test_default_pvid(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct net_device *dev;
	struct xenbr_port *p3;
	int err;

	rtnl_lock();
	KUNIT_EXPECT_EQ(test, xenbr_vlan_set_default_pvid(ctx->br, 5, NULL),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, ctx->br->vlan_default_pvid, 1);
	xenbr_vlan_set_filtering(ctx->br, false);
	KUNIT_EXPECT_EQ(test, xenbr_vlan_set_default_pvid(ctx->br, 4095,
							  NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbr_vlan_set_default_pvid(ctx->br, 5, NULL),
			0);
	/* The bridge was on the default; the ports were set by hand. */
	KUNIT_EXPECT_EQ(test, rtnl_dereference(ctx->br->vlans)->pvid, 5);
	KUNIT_EXPECT_FALSE(test,
			   xenbr_vlans_has(rtnl_dereference(ctx->br->vlans), 1));
	KUNIT_EXPECT_EQ(test, rtnl_dereference(ctx->port[0]->vlans)->pvid, 10);
	KUNIT_EXPECT_EQ(test, rtnl_dereference(ctx->port[1]->vlans)->pvid, 0);
	rtnl_unlock();

	/* A new port joins the new default. */
	dev = xt_port_dev_create(xt_vif_mac);
	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	rtnl_lock();
	err = xenbr_port_add(ctx->br, dev, NULL);
	p3 = xenbr_port_from_dev(dev);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (p3) {
		KUNIT_EXPECT_EQ(test, rtnl_dereference(p3->vlans)->pvid, 5);
		KUNIT_EXPECT_EQ(test,
				xenbr_vlans_flags(rtnl_dereference(p3->vlans),
						  5),
				XENBR_VLAN_F_PVID | XENBR_VLAN_F_UNTAGGED);
	}
	/* None: it is taken away from those still on it. */
	KUNIT_EXPECT_EQ(test, xenbr_vlan_set_default_pvid(ctx->br, 0, NULL),
			0);
	if (p3)
		KUNIT_EXPECT_EQ(test, rtnl_dereference(p3->vlans)->pvid, 0);
	rtnl_unlock();
	xt_dev_destroy(dev);
}

/* The run of VLANs from @from on: @flags, @first to @last. */
static void xv_expect_run(struct kunit *test, const struct xenbr_vlans *vlans,
			  u16 from, int flags, u16 first, u16 last)
{
	u16 f, l;

	KUNIT_EXPECT_EQ(test, xenbr_vlans_next_run(vlans, from, &f, &l), flags);
	KUNIT_EXPECT_EQ(test, f, first);
	KUNIT_EXPECT_EQ(test, l, last);
}

/* Bad ranges are refused and change nothing; runs are what dumps show. */
static void xenbr_vlan_test_ranges(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	const struct xenbr_vlans *before;
	u16 first, last;

	rtnl_lock();
	before = rtnl_dereference(ctx->port[1]->vlans);
	KUNIT_EXPECT_EQ(test, xenbr_vlan_add(ctx->br, ctx->port[1], 0, 0, 0,
					     NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbr_vlan_add(ctx->br, ctx->port[1], 4095,
					     4095, 0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbr_vlan_add(ctx->br, ctx->port[1], 30, 29, 0,
					     NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, xenbr_vlan_add(ctx->br, ctx->port[1], 30, 31,
					     XENBR_VLAN_F_PVID, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, xenbr_vlan_del(ctx->br, ctx->port[1], 30, 40,
					     NULL), -ENOENT);
	KUNIT_EXPECT_PTR_EQ(test, rtnl_dereference(ctx->port[1]->vlans),
			    before);

	KUNIT_EXPECT_EQ(test, xenbr_vlan_add(ctx->br, ctx->port[1], 100, 199,
					     XENBR_VLAN_F_UNTAGGED, NULL), 0);
	KUNIT_EXPECT_EQ(test, xenbr_vlan_add(ctx->br, ctx->port[1], 150, 150,
					     XENBR_VLAN_F_PVID, NULL), 0);
	KUNIT_EXPECT_EQ(test, xenbr_vlan_del(ctx->br, ctx->port[1], 20, 20,
					     NULL), 0);
	before = rtnl_dereference(ctx->port[1]->vlans);
	xv_expect_run(test, before, 0, 0, 10, 10);
	xv_expect_run(test, before, 11, XENBR_VLAN_F_UNTAGGED, 100, 149);
	KUNIT_EXPECT_EQ(test, xenbr_vlans_next_run(before, 150, &first, &last),
			XENBR_VLAN_F_PVID);
	KUNIT_EXPECT_EQ(test, last, 150);
	xv_expect_run(test, before, 151, XENBR_VLAN_F_UNTAGGED, 151, 199);
	KUNIT_EXPECT_EQ(test, xenbr_vlans_next_run(before, 200, &first, &last),
			-ENOENT);
	rtnl_unlock();
}

/* A request's VLAN: @vid, with the flag attribute @flag unless 0. */
static void xv_put_vlan(struct xt_msg *m, u16 vid, int flag)
{
	struct nlattr *nest = nla_nest_start(m->skb, XENBR_A_VLAN);

	nla_put_u16(m->skb, XENBR_VLAN_A_ID, vid);
	if (flag)
		nla_put_flag(m->skb, flag);
	nla_nest_end(m->skb, nest);
}

/* The genl requests: strict policies, the bridge itself as a device. */
static void xenbr_vlan_test_netlink(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	const char *msg;
	struct xt_msg m;

	/* VLAN 4095 fails the policy. */
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_PORT_IFINDEX, ctx->port_dev[2]->ifindex);
	xv_put_vlan(&m, 4095, 0);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_VLAN_ADD, 0, NULL),
			-ERANGE);

	/* No VLAN at all. */
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_PORT_IFINDEX, ctx->port_dev[2]->ifindex);
	msg = NULL;
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_VLAN_ADD, 0, &msg),
			-EINVAL);
	KUNIT_EXPECT_STREQ(test, msg, "Missing VLAN");

	/* A device that is no port. */
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_PORT_IFINDEX, 1);	/* lo */
	xv_put_vlan(&m, 30, 0);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_VLAN_ADD, 0, NULL),
			-EINVAL);

	/* The bridge itself, by its name as the device. */
	xt_msg_init(test, &m);
	nla_put_string(m.skb, XENBR_A_PORT_IFNAME, ctx->br_dev->name);
	xv_put_vlan(&m, 30, XENBR_VLAN_A_UNTAGGED);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_VLAN_ADD, 0, NULL),
			0);
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test,
			xenbr_vlans_flags(rcu_dereference(ctx->br->vlans), 30),
			XENBR_VLAN_F_UNTAGGED);
	rcu_read_unlock();

	/* Deleting takes no flags. */
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_BR_IFINDEX, ctx->br_dev->ifindex);
	xv_put_vlan(&m, 30, XENBR_VLAN_A_PVID);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_VLAN_DEL, 0, NULL),
			-EINVAL);

	/* The default PVID cannot change under filtering. */
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_BR_IFINDEX, ctx->br_dev->ifindex);
	nla_put_u16(m.skb, XENBR_A_BR_VLAN_DEFAULT_PVID, 7);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_BR_SET, 0, NULL),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, ctx->br->vlan_default_pvid, 1);
	/* In one request with filtering off, it can. */
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_BR_IFINDEX, ctx->br_dev->ifindex);
	nla_put_u16(m.skb, XENBR_A_BR_VLAN_DEFAULT_PVID, 7);
	nla_put_u8(m.skb, XENBR_A_BR_VLAN_FILTERING, 0);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_BR_SET, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, ctx->br->vlan_default_pvid, 7);
	KUNIT_EXPECT_FALSE(test, ctx->br->vlan_filtering);
}

static struct kunit_case xenbr_vlan_test_cases[] = {
	KUNIT_CASE(xenbr_vlan_test_ingress),
	KUNIT_CASE(xenbr_vlan_test_ingress_tag),
	KUNIT_CASE(xenbr_vlan_test_flood),
	KUNIT_CASE(xenbr_vlan_test_tag_in_frame),
	KUNIT_CASE(xenbr_vlan_test_fdb_per_vlan),
	KUNIT_CASE(xenbr_vlan_test_egress),
	KUNIT_CASE(xenbr_vlan_test_del_flushes),
	KUNIT_CASE(xenbr_vlan_test_dom0),
	KUNIT_CASE(xenbr_vlan_test_dom0_sends),
	KUNIT_CASE(xenbr_vlan_test_off),
	KUNIT_CASE(xenbr_vlan_test_default_pvid),
	KUNIT_CASE(xenbr_vlan_test_ranges),
	KUNIT_CASE(xenbr_vlan_test_netlink),
	{}
};

XT_SUITE(xenbr_vlan, xenbr_vlan_test_init, xenbr_vlan_test_cases);
