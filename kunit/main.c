// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr KUnit tests: the module, and the fixture the suites share - a
 * bridge made the way "ip link add" makes one, with real ports that keep
 * what the bridge sends them.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include "xenbr_test.h"
#include "compat.h"

MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");

const u8 xt_vif_mac[ETH_ALEN] __aligned(2) = {
	0xfe, 0xff, 0xff, 0xff, 0xff, 0xff
};

const u8 xt_a[ETH_ALEN] __aligned(2) = { 0x02, 0x58, 0, 0, 0, 1 };
const u8 xt_b[ETH_ALEN] __aligned(2) = { 0x02, 0x58, 0, 0, 0, 2 };
const u8 xt_c[ETH_ALEN] __aligned(2) = { 0x02, 0x58, 0, 0, 0, 3 };

struct xt_port_priv {
	struct sk_buff_head txq;
};

static int xt_port_open(struct net_device *dev)
{
	netif_start_queue(dev);
	return 0;
}

static netdev_tx_t xt_port_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct xt_port_priv *priv = netdev_priv(dev);
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;

	/* Keep the tests' frames, not what the stack sends on its own. */
	if ((skb->len >= ETH_HLEN && eth->h_proto == htons(XT_PROTO)) ||
	    (skb->len >= VLAN_ETH_HLEN && eth->h_proto == htons(ETH_P_8021Q) &&
	     ((struct vlan_ethhdr *)eth)->h_vlan_encapsulated_proto ==
	     htons(XT_PROTO)))
		skb_queue_tail(&priv->txq, skb);
	else
		dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static void xt_port_uninit(struct net_device *dev)
{
	struct xt_port_priv *priv = netdev_priv(dev);

	skb_queue_purge(&priv->txq);
}

static const struct net_device_ops xt_port_ops = {
	.ndo_open	= xt_port_open,
	.ndo_start_xmit	= xt_port_xmit,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_uninit	= xt_port_uninit,
};

static void xt_port_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &xt_port_ops;
	/* The MAC may change while up, as a netback vif's or a veth's. */
	dev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE;
	dev->needs_free_netdev = true;
}

/* A registered, running Ethernet device with @mac. */
struct net_device *xt_port_dev_create(const u8 *mac)
{
	struct xt_port_priv *priv;
	struct net_device *dev;
	int err;

	dev = alloc_netdev(sizeof(*priv), "xtp%d", NET_NAME_ENUM,
			   xt_port_setup);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	priv = netdev_priv(dev);
	skb_queue_head_init(&priv->txq);
	eth_hw_addr_set(dev, mac);

	rtnl_lock();
	err = register_netdevice(dev);
	if (err) {
		rtnl_unlock();
		free_netdev(dev);
		return ERR_PTR(err);
	}
	err = dev_open(dev, NULL);
	if (err)
		unregister_netdevice(dev);
	rtnl_unlock();
	return err ? ERR_PTR(err) : dev;
}

void xt_dev_destroy(struct net_device *dev)
{
	rtnl_lock();
	unregister_netdevice(dev);
	rtnl_unlock();
}

unsigned int xt_tx_count(struct net_device *port_dev)
{
	struct xt_port_priv *priv = netdev_priv(port_dev);

	return skb_queue_len(&priv->txq);
}

struct sk_buff *xt_tx_dequeue(struct net_device *port_dev)
{
	struct xt_port_priv *priv = netdev_priv(port_dev);

	return skb_dequeue(&priv->txq);
}

void xt_set_up(struct net_device *dev, bool up)
{
	rtnl_lock();
	if (up)
		dev_open(dev, NULL);
	else
		dev_close(dev);
	rtnl_unlock();
}

u64 xt_drops(struct xenbr_port *port, enum xenbr_drop_reason why)
{
	struct xenbr_stats st = {};

	xenbr_port_get_stats(port, &st);
	return st.drops[why];
}

/* The path of "ip link add NAME type xenbr" (and of xenbr-ctl addbr). */
struct net_device *xt_bridge_create(void)
{
	struct net_device *dev;

	rtnl_lock();
	dev = xenbr_dev_create(&init_net, "xtbr%d", NULL);
	rtnl_unlock();
	return dev;
}

/* The path of "ip link del NAME". */
void xt_bridge_destroy(struct net_device *dev)
{
	rtnl_lock();
	xenbr_dev_delete(dev);
	rtnl_unlock();
}

/* Suite init: a bridge with @n_ports ports carrying the Xen vif MAC. */
int xt_init(struct kunit *test, int n_ports)
{
	struct xt_ctx *ctx;
	int i, err;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	test->priv = ctx;
	/* Far ahead of jiffies, so the real ageing pass leaves entries be. */
	ctx->now = jiffies + 1000 * HZ;

	ctx->br_dev = xt_bridge_create();
	if (IS_ERR(ctx->br_dev)) {
		err = PTR_ERR(ctx->br_dev);
		ctx->br_dev = NULL;
		return err;
	}
	ctx->br = xenbr_from_dev(ctx->br_dev);

	for (i = 0; i < n_ports; i++) {
		struct net_device *dev = xt_port_dev_create(xt_vif_mac);

		if (IS_ERR(dev))
			return PTR_ERR(dev);
		ctx->port_dev[i] = dev;
		ctx->n_ports++;
		rtnl_lock();
		err = xenbr_port_add(ctx->br, dev, NULL);
		ctx->port[i] = xenbr_port_from_dev(dev);
		rtnl_unlock();
		if (err)
			return err;
	}
	return 0;
}

/* Suite exit: the bridge goes first, releasing its ports, then the ports. */
void xt_exit(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	int i;

	if (!ctx)
		return;
	if (ctx->br_dev)
		xt_bridge_destroy(ctx->br_dev);
	for (i = 0; i < ctx->n_ports; i++)
		if (ctx->port_dev[i])
			xt_dev_destroy(ctx->port_dev[i]);
}

/* A locally administered unicast MAC numbered @n. */
void xt_mac(u8 *mac, u32 n)
{
	mac[0] = 0x02;
	mac[1] = 0x58;
	put_unaligned_be32(n, mac + 2);
}

int xt_learn(struct xt_ctx *ctx, int port, const u8 *mac, u16 vid,
	     unsigned long now)
{
	int err;

	local_bh_disable();
	rcu_read_lock();
	err = xenbr_fdb_learn(ctx->br, ctx->port[port], mac, vid, now);
	rcu_read_unlock();
	local_bh_enable();
	return err;
}

/* The static entry as netlink adds it, under RTNL. */
void xt_learn_and_pin(struct kunit *test, int port, const u8 *learned,
		      const u8 *pinned)
{
	struct xt_ctx *ctx = test->priv;
	int err;

	KUNIT_ASSERT_EQ(test, xt_learn(ctx, port, learned, 0, ctx->now), 0);
	rtnl_lock();
	err = xenbr_fdb_add_static(ctx->br, ctx->port[port], pinned, 0);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
}

/* Index of the port owning {@mac, @vid}, XT_LOCAL or XT_NO_ENTRY. */
int xt_fdb_owner(struct xt_ctx *ctx, const u8 *mac, u16 vid, u32 *flags)
{
	struct xenbr_fdb_entry *entry;
	struct xenbr_port *port;
	int owner = XT_NO_ENTRY;
	int i;

	rcu_read_lock();
	entry = xenbr_fdb_find(ctx->br, mac, vid);
	if (entry) {
		port = rcu_dereference(entry->port);
		if (flags)
			*flags = entry->flags;
		owner = XT_LOCAL;
		for (i = 0; port && i < ctx->n_ports; i++)
			if (ctx->port[i] == port)
				owner = i;
	}
	rcu_read_unlock();
	return owner;
}

/* The verdict on a frame from port @in (-1: from dom0), at ctx->now. */
struct xenbr_verdict xt_classify(struct xt_ctx *ctx, int in, const u8 *dst,
				 const u8 *src)
{
	struct xenbr_verdict verdict;
	union {
		struct ethhdr eth;
		u16 align;
	} hdr;

	ether_addr_copy(hdr.eth.h_dest, dst);
	ether_addr_copy(hdr.eth.h_source, src);
	hdr.eth.h_proto = htons(XT_PROTO);

	rcu_read_lock();
	verdict = xenbr_classify(ctx->br, in < 0 ? NULL : ctx->port[in],
				 &hdr.eth, 0, ctx->now);
	rcu_read_unlock();
	return verdict;
}

/*
 * Feeds a frame to port @port's rx_handler as the stack would. A frame
 * handed back to the stack is freed here; @up_dev, unless NULL, says where
 * it was going. Returns the rx_handler_result_t, or -ENOMEM.
 */
int xt_receive(struct xt_ctx *ctx, int port, const u8 *dst, const u8 *src,
	       struct net_device **up_dev)
{
	struct net_device *dev = ctx->port_dev[port];
	rx_handler_result_t result;
	struct ethhdr *eth;
	struct sk_buff *skb;

	if (up_dev)
		*up_dev = NULL;
	skb = alloc_skb(NET_IP_ALIGN + ETH_ZLEN, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, NET_IP_ALIGN);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, src);
	eth->h_proto = htons(XT_PROTO);
	skb_put_zero(skb, ETH_ZLEN - ETH_HLEN);
	skb->protocol = eth_type_trans(skb, dev);

	local_bh_disable();
	rcu_read_lock();
	result = xenbr_handle_frame(&skb);
	rcu_read_unlock();
	local_bh_enable();

	if (result != RX_HANDLER_CONSUMED) {
		if (up_dev)
			*up_dev = skb->dev;
		kfree_skb(skb);
	}
	return result;
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of xenbr");

void xt_msg_init(struct kunit *test, struct xt_msg *m)
{
	m->skb = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m->skb);
	m->nlh = nlmsg_put(m->skb, 0, 0, 0, GENL_HDRLEN, 0);
	KUNIT_ASSERT_NOT_NULL(test, m->nlh);
}

int xt_parse(struct kunit *test, struct xt_msg *m, u8 cmd, struct nlattr **tb,
	     const char **msg)
{
	const struct genl_ops *op = xenbr_nl_op(cmd);
	struct netlink_ext_ack extack = {};
	int err;

	KUNIT_ASSERT_NOT_NULL(test, op);
	KUNIT_ASSERT_NOT_NULL(test, op->policy);
	KUNIT_ASSERT_EQ(test, op->maxattr, (unsigned int)XENBR_A_MAX);
	nlmsg_end(m->skb, m->nlh);
	err = nlmsg_parse(m->nlh, GENL_HDRLEN, tb, op->maxattr, op->policy,
			  &extack);
	if (msg)
		*msg = extack._msg;
	return err;
}

int xt_doit(struct kunit *test, struct xt_msg *m, u8 cmd, u16 nlflags,
	    const char **msg)
{
	const struct genl_ops *op = xenbr_nl_op(cmd);
	struct netlink_ext_ack extack = {};
	struct nlattr *tb[XENBR_A_MAX + 1];
	struct genl_info info = {};
	int err;

	m->nlh->nlmsg_flags |= NLM_F_REQUEST | nlflags;
	err = xt_parse(test, m, cmd, tb, msg);
	if (!err) {
		info.nlhdr = m->nlh;
		info.genlhdr = nlmsg_data(m->nlh);
		info.attrs = tb;
		info.extack = &extack;
		genl_info_net_set(&info, &init_net);
		err = op->doit(m->skb, &info);
		if (msg)
			*msg = extack._msg;
	}
	kfree_skb(m->skb);
	return err;
}
