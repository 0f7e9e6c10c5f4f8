// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: the bridge net_device and its rtnl_link_ops.
 *
 * The bridge device is dom0's interface on the segment: frames to its MAC
 * go up dom0's stack, and what dom0 sends through it is bridged. Its MAC,
 * MTU, offload features and carrier follow the ports, as maintained here.
 */

#include <linux/compat.h>
#include <linux/ethtool.h>
#include <linux/if_bridge.h>
#include <linux/netpoll.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/rtnetlink.h>
#include <kunit/visibility.h>
#include "xenbr.h"
#include "compat.h"

/* What the bridge offers on its own; ports narrow it in fix_features. */
#define XENBR_FEATURES	(NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA | \
			 NETIF_F_GSO_MASK | NETIF_F_HW_CSUM)

/* Every Xen netback vif has this MAC; the bridge must not adopt it. */
static const u8 xenbr_vif_mac[ETH_ALEN] __aligned(2) = {
	0xfe, 0xff, 0xff, 0xff, 0xff, 0xff
};

struct xenbr *xenbr_from_dev(const struct net_device *dev)
{
	if (dev->rtnl_link_ops != &xenbr_link_ops)
		return NULL;
	return netdev_priv(dev);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_from_dev);

struct xenbr *xenbr_find(struct net *net, int ifindex)
{
	struct net_device *dev;

	ASSERT_RTNL();
	dev = __dev_get_by_index(net, ifindex);
	return dev ? xenbr_from_dev(dev) : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_find);

void xenbr_dev_update_mtu(struct xenbr *br)
{
	struct xenbr_port *port;
	unsigned int mtu = 0;

	ASSERT_RTNL();
	if (br->mtu_set_by_user)
		return;

	list_for_each_entry(port, &br->ports, list)
		if (!mtu || port->dev->mtu < mtu)
			mtu = port->dev->mtu;
	dev_set_mtu(br->dev, mtu ?: ETH_DATA_LEN);
	/* That went through ndo_change_mtu, which took it for the user's. */
	br->mtu_set_by_user = false;
}

void xenbr_dev_update_features(struct xenbr *br)
{
	unsigned int tso_max_size = TSO_MAX_SIZE;
	u16 tso_max_segs = TSO_MAX_SEGS;
	struct xenbr_port *port;

	ASSERT_RTNL();
	/* dom0's TSO frames are forwarded whole: size them for every port. */
	list_for_each_entry(port, &br->ports, list) {
		tso_max_size = min(tso_max_size, port->dev->tso_max_size);
		tso_max_segs = min(tso_max_segs, port->dev->tso_max_segs);
	}
	netif_set_tso_max_size(br->dev, tso_max_size);
	netif_set_tso_max_segs(br->dev, tso_max_segs);
	netdev_update_features(br->dev);
}

void xenbr_dev_update_carrier(struct xenbr *br)
{
	struct xenbr_port *port;

	ASSERT_RTNL();
	list_for_each_entry(port, &br->ports, list) {
		if (xenbr_port_is_up(port)) {
			netif_carrier_on(br->dev);
			return;
		}
	}
	netif_carrier_off(br->dev);
}

void xenbr_dev_update_headroom(struct xenbr *br)
{
	unsigned short headroom = 0;
	struct xenbr_port *port;

	ASSERT_RTNL();
	/* Room for the encapsulation of any port (vxlan), allocated once. */
	list_for_each_entry(port, &br->ports, list)
		headroom = max(headroom, port->dev->needed_headroom);
	br->dev->needed_headroom = headroom;
}

/* Changes the bridge MAC and its local FDB entry together. */
static int xenbr_dev_set_mac(struct xenbr *br, const u8 *addr)
{
	int err;

	if (ether_addr_equal(br->dev->dev_addr, addr))
		return 0;
	err = xenbr_fdb_set_local(br, br->dev->dev_addr, addr);
	if (err)
		return err;
	eth_hw_addr_set(br->dev, addr);
	return 0;
}

/* A port MAC the bridge may carry: a real one, not the vifs' shared one. */
static bool xenbr_mac_adoptable(const struct net_device *port_dev)
{
	return is_valid_ether_addr(port_dev->dev_addr) &&
	       !ether_addr_equal(port_dev->dev_addr, xenbr_vif_mac);
}

/* Makes the bridge carry @port's MAC, or, with @port NULL, a random one. */
static void xenbr_dev_take_mac(struct xenbr *br, struct xenbr_port *port)
{
	u8 addr[ETH_ALEN];
	int err;

	if (port)
		ether_addr_copy(addr, port->dev->dev_addr);
	else
		eth_random_addr(addr);
	err = xenbr_dev_set_mac(br, addr);
	if (err) {
		/* The old MAC stays; the FDB could not take the new one. */
		netdev_warn(br->dev, "cannot change the MAC: %d\n", err);
		return;
	}
	br->mac_port = port;
	br->dev->addr_assign_type = port ? NET_ADDR_STOLEN : NET_ADDR_RANDOM;
	call_netdevice_notifiers(NETDEV_CHANGEADDR, br->dev);
}

/*
 * The bridge carries a random MAC until a port brings a real one
 * (typically the uplink NIC's, as Xen's network-bridge arranged), then
 * keeps it while other ports come and go. A MAC the user set never changes.
 */
void xenbr_dev_adopt_mac(struct xenbr *br, struct xenbr_port *port)
{
	ASSERT_RTNL();
	if (!br->mac_set_by_user && !br->mac_port &&
	    xenbr_mac_adoptable(port->dev))
		xenbr_dev_take_mac(br, port);
}

/*
 * @port no longer lends the bridge its MAC (it leaves, or its MAC is no
 * longer real): two devices must not share one MAC on the LAN, so take the
 * next port's real MAC, or a random one; never the vifs' FE:FF:FF:FF:FF:FF,
 * to which a Linux bridge falls back.
 */
void xenbr_dev_port_leaves(struct xenbr *br, struct xenbr_port *port)
{
	struct xenbr_port *next;

	ASSERT_RTNL();
	if (br->mac_port != port)
		return;
	br->mac_port = NULL;
	/* A bridge on its way out keeps its MAC. */
	if (br->dev->reg_state != NETREG_REGISTERED)
		return;
	list_for_each_entry(next, &br->ports, list) {
		if (next != port && xenbr_mac_adoptable(next->dev)) {
			xenbr_dev_take_mac(br, next);
			return;
		}
	}
	xenbr_dev_take_mac(br, NULL);
}

/* The bridge follows the MAC of the port it took it from. */
void xenbr_dev_port_mac_changed(struct xenbr *br, struct xenbr_port *port)
{
	ASSERT_RTNL();
	if (br->mac_port != port)
		xenbr_dev_adopt_mac(br, port);
	else if (xenbr_mac_adoptable(port->dev))
		xenbr_dev_take_mac(br, port);
	else
		xenbr_dev_port_leaves(br, port);
}

static int xenbr_dev_init(struct net_device *dev)
{
	struct xenbr *br = netdev_priv(dev);
	int err;

	br->stats = xenbr_stats_alloc();
	if (!br->stats)
		return -ENOMEM;
	err = xenbr_vlans_init(br, NULL);
	if (err) {
		free_percpu(br->stats);
		return err;
	}
	err = xenbr_fdb_init(br);
	if (err) {
		xenbr_vlans_free(&br->vlans);
		free_percpu(br->stats);
		return err;
	}
	netif_carrier_off(dev);	/* until a port is up */
	netdev_lockdep_set_classes(dev);
	return 0;
}

/*
 * Every way a bridge goes away (ip link del, netns exit, module unload, a
 * failed register) ends here, so this is where the ports are released.
 */
static void xenbr_dev_uninit(struct net_device *dev)
{
	struct xenbr *br = netdev_priv(dev);

	xenbr_port_del_all(br);
	xenbr_fdb_fini(br);
	/* No reader left: the ports' handlers are gone, the device unlisted. */
	xenbr_vlans_free(&br->vlans);
	free_percpu(br->stats);
	ida_destroy(&br->port_nos);
}

static int xenbr_dev_open(struct net_device *dev)
{
	netif_start_queue(dev);
	return 0;
}

static int xenbr_dev_stop(struct net_device *dev)
{
	netif_stop_queue(dev);
	return 0;
}

static void xenbr_dev_get_stats64(struct net_device *dev,
				  struct rtnl_link_stats64 *s)
{
	struct xenbr_stats stats;
	u64 dropped = 0;
	int i;

	xenbr_get_stats(netdev_priv(dev), &stats);
	for (i = 0; i < __XENBR_DROP_MAX; i++)
		dropped += stats.drops[i];

	s->rx_packets = stats.rx_packets;
	s->rx_bytes = stats.rx_bytes;
	s->tx_packets = stats.tx_packets;
	s->tx_bytes = stats.tx_bytes;
	s->tx_dropped = stats.tx_dropped;
	s->rx_dropped = dropped - stats.tx_dropped;
}

static int xenbr_dev_set_mac_address(struct net_device *dev, void *p)
{
	struct xenbr *br = netdev_priv(dev);
	struct sockaddr *addr = p;
	int err;

	if (!is_valid_ether_addr(addr->sa_data))
		return -EADDRNOTAVAIL;
	err = xenbr_dev_set_mac(br, addr->sa_data);
	if (err)
		return err;
	br->mac_set_by_user = true;
	br->mac_port = NULL;
	return 0;
}

static int xenbr_dev_change_mtu(struct net_device *dev, int new_mtu)
{
	struct xenbr *br = netdev_priv(dev);

	dev->mtu = new_mtu;
	/* Cleared again when the change came from xenbr_dev_update_mtu(). */
	br->mtu_set_by_user = true;
	return 0;
}

static netdev_features_t xenbr_dev_fix_features(struct net_device *dev,
						netdev_features_t features)
{
	struct xenbr *br = netdev_priv(dev);
	netdev_features_t mask = features;
	struct xenbr_port *port;

	if (list_empty(&br->ports))
		return features;

	features &= ~NETIF_F_ONE_FOR_ALL;
	list_for_each_entry(port, &br->ports, list)
		features = netdev_increment_features(features,
						     port->dev->features, mask);
	return netdev_add_tso_features(features, mask);
}

static int xenbr_dev_add_slave(struct net_device *dev,
			       struct net_device *port_dev,
			       struct netlink_ext_ack *extack)
{
	return xenbr_port_add(netdev_priv(dev), port_dev, extack);
}

static int xenbr_dev_del_slave(struct net_device *dev,
			       struct net_device *port_dev)
{
	return xenbr_port_del(netdev_priv(dev), port_dev, NULL);
}

/*
 * brctl addif/delif: bridge-utils asks a bridge by SIOCBRADDIF, which the
 * core sends only to Linux bridges, then falls back to this older private
 * ioctl. Xen's vif-bridge calls brctl when it is installed, so answering it
 * lets an unmodified vif-bridge attach vifs to xenbr. The arguments are
 * {BRCTL_ADD_IF or BRCTL_DEL_IF, ifindex} as longs (ints for 32-bit callers).
 */
static int xenbr_dev_siocdevprivate(struct net_device *dev, struct ifreq *ifr,
				    void __user *data, int cmd)
{
	struct net_device *port_dev;
	unsigned long args[2];
	unsigned int compat_args[2];

	if (cmd != SIOCDEVPRIVATE)
		return -EOPNOTSUPP;
	if (in_compat_syscall()) {
		if (copy_from_user(compat_args, data, sizeof(compat_args)))
			return -EFAULT;
		args[0] = compat_args[0];
		args[1] = compat_args[1];
	} else if (copy_from_user(args, data, sizeof(args))) {
		return -EFAULT;
	}
	if (args[0] != BRCTL_ADD_IF && args[0] != BRCTL_DEL_IF)
		return -EOPNOTSUPP;
	if (!ns_capable(dev_net(dev)->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	port_dev = args[1] <= INT_MAX ?
		   __dev_get_by_index(dev_net(dev), args[1]) : NULL;
	if (!port_dev)
		return -ENODEV;
	if (args[0] == BRCTL_ADD_IF)
		return xenbr_port_add(netdev_priv(dev), port_dev, NULL);
	return xenbr_port_del(netdev_priv(dev), port_dev, NULL);
}

#ifdef CONFIG_NET_POLL_CONTROLLER
/* netconsole over the bridge: each port's device gets a netpoll of its own. */
static void xenbr_dev_netpoll_cleanup(struct net_device *dev)
{
	struct xenbr *br = netdev_priv(dev);
	struct xenbr_port *port;

	list_for_each_entry(port, &br->ports, list)
		xenbr_port_netpoll_disable(port);
}

static int xenbr_dev_netpoll_setup(struct net_device *dev)
{
	struct xenbr *br = netdev_priv(dev);
	struct xenbr_port *port;
	int err;

	list_for_each_entry(port, &br->ports, list) {
		err = xenbr_port_netpoll_enable(port);
		if (err) {
			xenbr_dev_netpoll_cleanup(dev);
			return err;
		}
	}
	return 0;
}

DEFINE_COMPAT_NDO_NETPOLL_SETUP(xenbr_dev_netpoll_setup)

/* Nothing to poll: the bridge has no queue or interrupt of its own. */
static void xenbr_dev_poll_controller(struct net_device *dev)
{
}
#endif

static const struct net_device_ops xenbr_netdev_ops = {
	.ndo_init		= xenbr_dev_init,
	.ndo_uninit		= xenbr_dev_uninit,
	.ndo_open		= xenbr_dev_open,
	.ndo_stop		= xenbr_dev_stop,
	.ndo_start_xmit		= xenbr_dev_xmit,
	.ndo_get_stats64	= xenbr_dev_get_stats64,
	.ndo_set_mac_address	= xenbr_dev_set_mac_address,
	.ndo_change_mtu		= xenbr_dev_change_mtu,
	.ndo_fix_features	= xenbr_dev_fix_features,
	.ndo_fdb_dump		= xenbr_ndo_fdb_dump,
	.ndo_bridge_getlink	= xenbr_ndo_bridge_getlink,
	.ndo_bridge_setlink	= xenbr_ndo_bridge_setlink,
	.ndo_bridge_dellink	= xenbr_ndo_bridge_dellink,
	.ndo_add_slave		= xenbr_dev_add_slave,
	.ndo_del_slave		= xenbr_dev_del_slave,
	.ndo_siocdevprivate	= xenbr_dev_siocdevprivate,
	.ndo_features_check	= passthru_features_check,
#ifdef CONFIG_NET_POLL_CONTROLLER
	.ndo_netpoll_setup	= COMPAT_NDO_NETPOLL_SETUP(xenbr_dev_netpoll_setup),
	.ndo_netpoll_cleanup	= xenbr_dev_netpoll_cleanup,
	.ndo_poll_controller	= xenbr_dev_poll_controller,
#endif
};

static void xenbr_get_drvinfo(struct net_device *dev,
			      struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->version, XENBR_VERSION, sizeof(info->version));
}

static const struct ethtool_ops xenbr_ethtool_ops = {
	.get_drvinfo	= xenbr_get_drvinfo,
	.get_link	= ethtool_op_get_link,
};

static const struct device_type xenbr_type = {
	.name = XENBR_LINK_KIND,
};

static void xenbr_dev_setup(struct net_device *dev)
{
	struct xenbr *br = netdev_priv(dev);

	ether_setup(dev);
	eth_hw_addr_random(dev);

	dev->netdev_ops = &xenbr_netdev_ops;
	dev->ethtool_ops = &xenbr_ethtool_ops;
	SET_NETDEV_DEVTYPE(dev, &xenbr_type);
	dev->needs_free_netdev = true;
	/*
	 * No IFF_EBRIDGE: that marks Linux bridges. Transmit clones and
	 * pushes the skb, so it must not be shared (pktgen).
	 */
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->features = XENBR_FEATURES | NETIF_F_HW_VLAN_CTAG_TX |
			NETIF_F_HW_VLAN_STAG_TX;
	compat_netdev_set_lltx_immutable(dev);
	dev->hw_features = XENBR_FEATURES | NETIF_F_HW_VLAN_CTAG_TX |
			   NETIF_F_HW_VLAN_STAG_TX;
	dev->vlan_features = XENBR_FEATURES;
	dev->max_mtu = ETH_MAX_MTU;

	br->dev = dev;
	INIT_LIST_HEAD(&br->ports);
	br->ageing_time = msecs_to_jiffies(XENBR_AGEING_DEFAULT_MS);
	br->learn_limit = XENBR_LEARN_LIMIT_DEFAULT;
	br->port_learn_limit = XENBR_PORT_LEARN_LIMIT_DEFAULT;
	br->vlan_default_pvid = XENBR_VLAN_DEFAULT_PVID;
	ida_init(&br->port_nos);
	/* Never 0: a dump sequence of 0 disables the consistency check. */
	atomic_set(&br->port_gen, 1);
	atomic_set(&br->fdb_gen, 1);
	xenbr_ratelimit_init(&br->evlimit, XENBR_EVENT_RATE,
			     XENBR_EVENT_BURST);
}

static int xenbr_validate(struct nlattr *tb[], struct nlattr *data[],
			  struct netlink_ext_ack *extack)
{
	struct nlattr *addr = tb[IFLA_ADDRESS];

	if (!addr)
		return 0;
	if (nla_len(addr) != ETH_ALEN) {
		NL_SET_ERR_MSG_ATTR(extack, addr, "Invalid MAC address length");
		return -EINVAL;
	}
	if (!is_valid_ether_addr(nla_data(addr))) {
		NL_SET_ERR_MSG_ATTR(extack, addr, "Invalid MAC address");
		return -EADDRNOTAVAIL;
	}
	return 0;
}

static int xenbr_newlink(struct net_device *dev,
			 struct rtnl_newlink_params *params,
			 struct netlink_ext_ack *extack)
{
	struct nlattr **tb = params->tb;
	struct xenbr *br = netdev_priv(dev);

	/* rtnl_create_link() already applied these; they are the user's. */
	br->mac_set_by_user = !!tb[IFLA_ADDRESS];
	br->mtu_set_by_user = !!tb[IFLA_MTU];
	return register_netdevice(dev);
}

DEFINE_COMPAT_NEWLINK(xenbr_newlink)

/* The ports are released in ndo_uninit, which every removal reaches. */
static void xenbr_dellink(struct net_device *dev, struct list_head *head)
{
	unregister_netdevice_queue(dev, head);
}

struct rtnl_link_ops xenbr_link_ops __read_mostly = {
	.kind		= XENBR_LINK_KIND,
	.priv_size	= sizeof(struct xenbr),
	.setup		= xenbr_dev_setup,
	.validate	= xenbr_validate,
	.newlink	= COMPAT_NEWLINK(xenbr_newlink),
	.dellink	= xenbr_dellink,
};

/* Set under RTNL when the module begins to unload; see xenbr_dev_create(). */
static bool xenbr_dev_closed;

/**
 * xenbr_dev_refuse_new() - create no bridge from now on
 *
 * Module exit calls it before it unregisters the rtnl_link ops, which
 * removes every bridge: a genetlink request already waiting for RTNL must
 * not create one after that, as nothing would remove it before the
 * module's code is gone.
 */
void xenbr_dev_refuse_new(void)
{
	rtnl_lock();
	xenbr_dev_closed = true;
	rtnl_unlock();
}

/**
 * xenbr_dev_create() - create a bridge as "ip link add NAME type xenbr" does
 * @net: the network namespace of the bridge
 * @name: its name, or a template such as "xenbr%d"
 * @extack: where to say why it failed
 *
 * Context: RTNL held.
 * Return: the registered bridge device, or an ERR_PTR().
 */
struct net_device *xenbr_dev_create(struct net *net, const char *name,
				    struct netlink_ext_ack *extack)
{
	unsigned char assign = strchr(name, '%') ? NET_NAME_ENUM :
						   NET_NAME_USER;
	struct rtnl_newlink_params params = { .src_net = net };
	struct net_device *dev;
	struct nlattr **tb;
	int err;

	ASSERT_RTNL();
	if (xenbr_dev_closed) {
		NL_SET_ERR_MSG(extack, "The xenbr module is being unloaded");
		return ERR_PTR(-ENODEV);
	}
	/* rtnl_create_link() and newlink read the IFLA attributes: none. */
	tb = kcalloc(IFLA_MAX + 1, sizeof(*tb), GFP_KERNEL);
	if (!tb)
		return ERR_PTR(-ENOMEM);

	dev = rtnl_create_link(net, name, assign, &xenbr_link_ops, tb, extack);
	if (IS_ERR(dev))
		goto out;
	params.tb = tb;
	err = xenbr_newlink(dev, &params, extack);
	if (err) {
		/* A failed register_netdevice() leaves it for us to free. */
		free_netdev(dev);
		dev = ERR_PTR(err);
		goto out;
	}
	err = rtnl_configure_link(dev, NULL, 0, NULL);
	if (err) {
		xenbr_dev_delete(dev);
		dev = ERR_PTR(err);
	}
out:
	kfree(tb);
	return dev;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_dev_create);

/**
 * xenbr_dev_delete() - delete a bridge as "ip link del NAME" does
 * @dev: the bridge device
 *
 * Context: RTNL held.
 */
void xenbr_dev_delete(struct net_device *dev)
{
	LIST_HEAD(kill);

	ASSERT_RTNL();
	xenbr_dellink(dev, &kill);
	unregister_netdevice_many(&kill);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_dev_delete);
