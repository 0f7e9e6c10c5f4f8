// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of xenbr ports and of what the bridge device takes from them.
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include "xenbr_test.h"
#include "compat.h"

static int xenbr_port_test_init(struct kunit *test)
{
	return xt_init(test, 2);
}

/* A new running device with @mac, released by xt_exit(). */
static struct net_device *xt_extra_dev(struct kunit *test, const u8 *mac)
{
	struct xt_ctx *ctx = test->priv;
	struct net_device *dev;

	KUNIT_ASSERT_LT(test, ctx->n_ports, XT_MAX_PORTS);
	dev = xt_port_dev_create(mac);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	ctx->port_dev[ctx->n_ports++] = dev;
	return dev;
}

static int xt_add(struct xt_ctx *ctx, struct net_device *dev,
		  const char **msg)
{
	struct netlink_ext_ack extack = {};
	int err;

	rtnl_lock();
	err = xenbr_port_add(ctx->br, dev, &extack);
	rtnl_unlock();
	if (msg)
		*msg = extack._msg;
	return err;
}

static void xt_expect_untouched(struct kunit *test, struct net_device *dev,
				unsigned int promiscuity)
{
	struct net_device *master;

	rtnl_lock();
	master = netdev_master_upper_dev_get(dev);
	rtnl_unlock();
	KUNIT_EXPECT_PTR_EQ(test, master, NULL);
	KUNIT_EXPECT_TRUE(test, !rcu_access_pointer(dev->rx_handler));
	KUNIT_EXPECT_EQ(test, dev->promiscuity, promiscuity);
}

static void xenbr_port_test_refuse(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct net_device *dev, *other;
	const char *msg;
	u8 mac[ETH_ALEN];
	int err;

	msg = NULL;
	KUNIT_EXPECT_EQ(test, xt_add(ctx, init_net.loopback_dev, &msg),
			-EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, msg);

	msg = NULL;
	KUNIT_EXPECT_EQ(test, xt_add(ctx, ctx->br_dev, &msg), -ELOOP);
	KUNIT_EXPECT_NOT_NULL(test, msg);

	/* Already a port. */
	msg = NULL;
	KUNIT_EXPECT_EQ(test, xt_add(ctx, ctx->port_dev[0], &msg), -EBUSY);
	KUNIT_EXPECT_NOT_NULL(test, msg);
	KUNIT_EXPECT_EQ(test, ctx->port_dev[0]->promiscuity, 1u);

	/* Not Ethernet. */
	xt_mac(mac, 50);
	dev = xt_extra_dev(test, mac);
	rtnl_lock();
	dev->type = ARPHRD_NONE;
	err = xenbr_port_add(ctx->br, dev, NULL);
	dev->type = ARPHRD_ETHER;
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	xt_expect_untouched(test, dev, 0);

	/* Another xenbr. */
	other = xt_bridge_create();
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, other);
	msg = NULL;
	err = xt_add(ctx, other, &msg);
	xt_expect_untouched(test, other, 0);
	xt_bridge_destroy(other);
	KUNIT_EXPECT_EQ(test, err, -ELOOP);
	KUNIT_EXPECT_NOT_NULL(test, msg);

	/* The bridge's MAC did not move to any of them. */
	KUNIT_EXPECT_EQ(test, ctx->br_dev->addr_assign_type, NET_ADDR_RANDOM);
}

static void xenbr_port_test_find(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr *br, *none;

	rtnl_lock();
	br = xenbr_find(&init_net, ctx->br_dev->ifindex);
	none = xenbr_find(&init_net, ctx->port_dev[0]->ifindex);
	rtnl_unlock();
	KUNIT_EXPECT_PTR_EQ(test, br, ctx->br);
	KUNIT_EXPECT_PTR_EQ(test, none, NULL);
	KUNIT_EXPECT_PTR_EQ(test, ctx->port[0]->br, ctx->br);
}

static void xt_del(struct kunit *test, struct xt_ctx *ctx,
		   struct net_device *dev)
{
	int err;

	rtnl_lock();
	err = xenbr_port_del(ctx->br, dev, NULL);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);
}

static void xenbr_port_test_mac_adoption(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	u8 x[ETH_ALEN], y[ETH_ALEN], z[ETH_ALEN];
	const u8 *own = ctx->br_dev->dev_addr;
	struct sockaddr_storage ss = { .ss_family = ARPHRD_ETHER };
	struct net_device *dx, *dy;
	int err;

	/* The vif ports' MAC is never adopted. */
	KUNIT_EXPECT_FALSE(test, ether_addr_equal(own, xt_vif_mac));
	xt_mac(x, 100);
	xt_mac(y, 101);
	xt_mac(z, 102);
	dx = xt_extra_dev(test, x);
	dy = xt_extra_dev(test, y);

	KUNIT_ASSERT_EQ(test, xt_add(ctx, dx, NULL), 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(own, x));
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, x, 0, NULL), XT_LOCAL);

	/* Other ports come and go: the bridge keeps its MAC. */
	KUNIT_ASSERT_EQ(test, xt_add(ctx, dy, NULL), 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(own, x));

	/* It follows the port it took its MAC from. */
	ether_addr_copy(ss.__data, z);
	rtnl_lock();
	err = dev_set_mac_address(dx, &ss, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(own, z));
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, z, 0, NULL), XT_LOCAL);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, x, 0, NULL), XT_NO_ENTRY);

	/* That port leaves: not two devices with one MAC, the next port's. */
	xt_del(test, ctx, dx);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(own, y));
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, y, 0, NULL), XT_LOCAL);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, z, 0, NULL), XT_NO_ENTRY);

	/* Only vifs are left: a random MAC, never theirs. */
	xt_del(test, ctx, dy);
	KUNIT_EXPECT_TRUE(test, is_valid_ether_addr(own));
	KUNIT_EXPECT_FALSE(test, ether_addr_equal(own, xt_vif_mac));
	KUNIT_EXPECT_FALSE(test, ether_addr_equal(own, y));
	KUNIT_EXPECT_EQ(test, ctx->br_dev->addr_assign_type, NET_ADDR_RANDOM);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, own, 0, NULL), XT_LOCAL);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, y, 0, NULL), XT_NO_ENTRY);

	/* A real MAC that comes back is taken again. */
	KUNIT_ASSERT_EQ(test, xt_add(ctx, dy, NULL), 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(own, y));
}

static void xenbr_port_test_mac_user(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct sockaddr_storage ss = {};
	struct net_device *dx;
	u8 x[ETH_ALEN], u[ETH_ALEN];
	int err;

	xt_mac(u, 200);
	ss.ss_family = ARPHRD_ETHER;
	ether_addr_copy(ss.__data, u);
	rtnl_lock();
	err = dev_set_mac_address(ctx->br_dev, &ss, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);

	xt_mac(x, 100);
	dx = xt_extra_dev(test, x);
	KUNIT_ASSERT_EQ(test, xt_add(ctx, dx, NULL), 0);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(ctx->br_dev->dev_addr, u));
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, u, 0, NULL), XT_LOCAL);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, x, 0, NULL), XT_NO_ENTRY);

	/* Nor when a port leaves. */
	xt_del(test, ctx, dx);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(ctx->br_dev->dev_addr, u));
}

/* The bridge leaves room for any port's encapsulation (a vxlan port's). */
static void xenbr_port_test_headroom(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct net_device *dx;
	u8 x[ETH_ALEN];

	xt_mac(x, 100);
	dx = xt_extra_dev(test, x);
	dx->needed_headroom = 50;
	KUNIT_EXPECT_EQ(test, ctx->br_dev->needed_headroom, 0);
	KUNIT_ASSERT_EQ(test, xt_add(ctx, dx, NULL), 0);
	KUNIT_EXPECT_EQ(test, ctx->br_dev->needed_headroom, 50);
	xt_del(test, ctx, dx);
	KUNIT_EXPECT_EQ(test, ctx->br_dev->needed_headroom, 0);
}

/*
 * A port that stops forwarding forgets what it learned (frames to those
 * stations then flood); static entries stay.
 */
static void xenbr_port_test_down_flush(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	u8 a[ETH_ALEN], s[ETH_ALEN];

	xt_mac(a, 1);
	xt_mac(s, 2);
	xt_learn_and_pin(test, 1, a, s);

	xt_set_up(ctx->port_dev[1], false);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, s, 0, NULL), 1);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 0u);
	KUNIT_EXPECT_EQ(test, ctx->port[1]->n_learned, 0u);
	xt_set_up(ctx->port_dev[1], true);
}

static void xenbr_port_test_mtu(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, ctx->br_dev->mtu, 1500u);
	rtnl_lock();
	dev_set_mtu(ctx->port_dev[0], 1400);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, ctx->br_dev->mtu, 1400u);

	rtnl_lock();
	dev_set_mtu(ctx->port_dev[0], 1500);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, ctx->br_dev->mtu, 1500u);

	/* Once the user set it, ports no longer change it. */
	rtnl_lock();
	dev_set_mtu(ctx->br_dev, 1300);
	dev_set_mtu(ctx->port_dev[0], 1400);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, ctx->br_dev->mtu, 1300u);
}

static void xenbr_port_test_carrier(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	KUNIT_EXPECT_TRUE(test, netif_carrier_ok(ctx->br_dev));
	xt_set_up(ctx->port_dev[0], false);
	KUNIT_EXPECT_TRUE(test, netif_carrier_ok(ctx->br_dev));
	xt_set_up(ctx->port_dev[1], false);
	KUNIT_EXPECT_FALSE(test, netif_carrier_ok(ctx->br_dev));
	xt_set_up(ctx->port_dev[1], true);
	KUNIT_EXPECT_TRUE(test, netif_carrier_ok(ctx->br_dev));
}

static void xenbr_port_test_unregister(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_port *port;
	int n = 0;
	u8 a[ETH_ALEN];

	xt_mac(a, 1);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, a, 0, ctx->now), 0);

	xt_dev_destroy(ctx->port_dev[1]);
	ctx->port_dev[1] = NULL;
	ctx->port[1] = NULL;

	rtnl_lock();
	list_for_each_entry(port, &ctx->br->ports, list)
		n++;
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 0u);
}

/* Port numbers start at 1 and the lowest free one is reused. */
static void xenbr_port_test_port_no(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, ctx->port[0]->port_no, 1);
	KUNIT_EXPECT_EQ(test, ctx->port[1]->port_no, 2);
	rtnl_lock();
	KUNIT_ASSERT_EQ(test, xenbr_port_del(ctx->br, ctx->port_dev[0], NULL),
			0);
	KUNIT_ASSERT_EQ(test, xenbr_port_add(ctx->br, ctx->port_dev[0], NULL),
			0);
	ctx->port[0] = xenbr_port_from_dev(ctx->port_dev[0]);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, ctx->port[0]->port_no, 1);
}

/*
 * Every change of a port moves the generation port dumps check, whether
 * or not an event goes out: a setting, the link state, the port going.
 */
static void xenbr_port_test_generation(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	int gen;

	gen = atomic_read(&ctx->br->port_gen);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, xenbr_port_set_flags(ctx->port[0], 0,
						   XENBR_PORT_FLOOD_UCAST,
						   NULL), 0);
	rtnl_unlock();
	KUNIT_EXPECT_NE(test, atomic_read(&ctx->br->port_gen), gen);

	gen = atomic_read(&ctx->br->port_gen);
	rtnl_lock();
	xenbr_port_set_learn_limit(ctx->port[0], 7);
	rtnl_unlock();
	KUNIT_EXPECT_NE(test, atomic_read(&ctx->br->port_gen), gen);

	gen = atomic_read(&ctx->br->port_gen);
	xt_set_up(ctx->port_dev[0], false);
	KUNIT_EXPECT_NE(test, atomic_read(&ctx->br->port_gen), gen);
	xt_set_up(ctx->port_dev[0], true);

	gen = atomic_read(&ctx->br->port_gen);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, xenbr_port_del(ctx->br, ctx->port_dev[1], NULL),
			0);
	rtnl_unlock();
	ctx->port[1] = NULL;
	KUNIT_EXPECT_NE(test, atomic_read(&ctx->br->port_gen), gen);
}

static struct kunit_case xenbr_port_test_cases[] = {
	KUNIT_CASE(xenbr_port_test_refuse),
	KUNIT_CASE(xenbr_port_test_find),
	KUNIT_CASE(xenbr_port_test_mac_adoption),
	KUNIT_CASE(xenbr_port_test_mac_user),
	KUNIT_CASE(xenbr_port_test_mtu),
	KUNIT_CASE(xenbr_port_test_carrier),
	KUNIT_CASE(xenbr_port_test_unregister),
	KUNIT_CASE(xenbr_port_test_headroom),
	KUNIT_CASE(xenbr_port_test_down_flush),
	KUNIT_CASE(xenbr_port_test_port_no),
	KUNIT_CASE(xenbr_port_test_generation),
	{}
};

XT_SUITE(xenbr_port, xenbr_port_test_init, xenbr_port_test_cases);
