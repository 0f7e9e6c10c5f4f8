// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: ports - attaching a device to a bridge, releasing it, and
 * following what happens to it through the netdevice notifier.
 */

#include <linux/if_arp.h>
#include <linux/netpoll.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include "xenbr.h"

#ifdef CONFIG_NET_POLL_CONTROLLER
/*
 * netconsole over the bridge transmits through each port's own netpoll:
 * the bridge's ndo_netpoll_setup sets one up on every port (before the
 * bridge's npinfo is published), and port_add on a port that joins while
 * netpoll runs. RTNL held.
 */
int xenbr_port_netpoll_enable(struct xenbr_port *port)
{
	struct netpoll *np;
	int err;

	ASSERT_RTNL();
	if (port->np)
		return 0;
	np = kzalloc(sizeof(*np), GFP_KERNEL);
	if (!np)
		return -ENOMEM;
	err = __netpoll_setup(np, port->dev);
	if (err) {
		kfree(np);
		return err;
	}
	WRITE_ONCE(port->np, np);
	return 0;
}

void xenbr_port_netpoll_disable(struct xenbr_port *port)
{
	struct netpoll *np = port->np;

	ASSERT_RTNL();
	if (!np)
		return;
	WRITE_ONCE(port->np, NULL);
	/* Waits for netpoll senders, then frees. */
	__netpoll_free(np);
}

/* A port that joins while netconsole runs over the bridge carries it too. */
static int xenbr_port_netpoll_join(struct xenbr_port *port)
{
	if (!rtnl_dereference(port->br->dev->npinfo))
		return 0;
	return xenbr_port_netpoll_enable(port);
}
#else
int xenbr_port_netpoll_enable(struct xenbr_port *port)
{
	return 0;
}

void xenbr_port_netpoll_disable(struct xenbr_port *port)
{
}

static int xenbr_port_netpoll_join(struct xenbr_port *port)
{
	return 0;
}
#endif

/*
 * A change of a port, under RTNL: port dumps see it through the generation,
 * listeners hear of it.
 */
static void xenbr_port_changed(struct xenbr_port *port,
			       enum xenbr_event_type type)
{
	ASSERT_RTNL();
	atomic_inc(&port->br->port_gen);
	xenbr_port_notify(port, type);
}

/* The netback glue's operations while it runs (RTNL). */
static const struct xenbr_netback_ops *xenbr_netback;

void xenbr_set_netback_ops(const struct xenbr_netback_ops *ops)
{
	ASSERT_RTNL();
	xenbr_netback = ops;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_set_netback_ops);

const struct xenbr_netback_ops *xenbr_netback_ops(void)
{
	ASSERT_RTNL();
	return xenbr_netback;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_netback_ops);

struct xenbr_port *xenbr_port_from_dev(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != xenbr_handle_frame)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_port_from_dev);

static int xenbr_port_check(const struct xenbr *br, struct net_device *dev,
			    struct netlink_ext_ack *extack)
{
	if (dev == br->dev) {
		NL_SET_ERR_MSG(extack, "A bridge cannot be its own port");
		return -ELOOP;
	}
	if (!net_eq(dev_net(dev), dev_net(br->dev))) {
		NL_SET_ERR_MSG(extack,
			       "The device is in another network namespace");
		return -EXDEV;
	}
	if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG(extack, "A loopback device cannot be a port");
		return -EINVAL;
	}
	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG(extack, "Only Ethernet devices can be ports");
		return -EINVAL;
	}
	if (xenbr_from_dev(dev) || netif_is_bridge_master(dev)) {
		NL_SET_ERR_MSG(extack, "A bridge cannot be a port of a bridge");
		return -ELOOP;
	}
	if (netdev_master_upper_dev_get(dev)) {
		NL_SET_ERR_MSG(extack, "The device already has a master");
		return -EBUSY;
	}
	if (rcu_access_pointer(dev->rx_handler)) {
		NL_SET_ERR_MSG(extack,
			       "The device is already used by another handler");
		return -EBUSY;
	}
	if (dev->priv_flags & IFF_DONT_BRIDGE) {
		NL_SET_ERR_MSG(extack, "The device does not allow bridging");
		return -EOPNOTSUPP;
	}
	if (!is_valid_ether_addr(dev->dev_addr)) {
		NL_SET_ERR_MSG(extack, "The device has no valid MAC address");
		return -EADDRNOTAVAIL;
	}
	return 0;
}

static void xenbr_port_free(struct xenbr_port *port)
{
	xenbr_vlans_free(&port->vlans);
	netdev_put(port->dev, &port->dev_tracker);
	xenbr_locking_free_port(port);
	free_percpu(port->stats);
	kfree(port);
}

static void xenbr_port_free_rcu(struct rcu_head *head)
{
	xenbr_port_free(container_of(head, struct xenbr_port, rcu));
}

/**
 * xenbr_port_add_opts() - attach @dev to @br with settings of its own
 * @br: the bridge
 * @dev: the device to make a port
 * @opts: settings that differ from the bridge's defaults, or NULL
 * @extack: where to say why it was refused
 *
 * The port is announced (%XENBR_EVENT_PORT_ADD) with @opts applied. On
 * failure nothing is left changed.
 *
 * Context: RTNL held.
 * Return: 0 or a negative errno.
 */
int xenbr_port_add_opts(struct xenbr *br, struct net_device *dev,
			const struct xenbr_port_opts *opts,
			struct netlink_ext_ack *extack)
{
	struct xenbr_port *port;
	int err;

	ASSERT_RTNL();
	err = xenbr_port_check(br, dev, extack);
	if (err)
		return err;

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->stats = xenbr_stats_alloc();
	if (!port->stats) {
		kfree(port);
		return -ENOMEM;
	}
	/* Numbered from 1 as in brctl showmacs, lowest free number first. */
	err = ida_alloc_range(&br->port_nos, 1, U16_MAX, GFP_KERNEL);
	if (err < 0) {
		free_percpu(port->stats);
		kfree(port);
		return err;
	}
	port->port_no = err;
	port->br = br;
	port->dev = dev;
	port->flags = XENBR_PORT_DEFAULT;
	port->learn_limit = opts ? opts->learn_limit : br->port_learn_limit;
	/* Who a vif's guest is, for its replies and events from the first. */
	if (opts && opts->vif.is_vif)
		port->vif = opts->vif;
	else if (xenbr_netback)
		port->vif.is_vif = xenbr_netback->identify(dev, &port->vif);
	netdev_hold(dev, &port->dev_tracker, GFP_KERNEL);
	err = xenbr_vlans_init(br, port);
	if (err)
		goto err_free;

	err = netdev_master_upper_dev_link(dev, br->dev, NULL, NULL, extack);
	if (err)
		goto err_free;
	/* Frames for the guests behind the port are not addressed to it. */
	err = dev_set_promiscuity(dev, 1);
	if (err)
		goto err_unlink;
	err = xenbr_port_netpoll_join(port);
	if (err)
		goto err_promisc;
	port->attached = true;
	/* Last, as frames arrive from here on: nothing below may fail. */
	err = netdev_rx_handler_register(dev, xenbr_handle_frame, port);
	if (err)
		goto err_netpoll;

	list_add_tail_rcu(&port->list, &br->ports);
	/* Merged frames cannot be forwarded as they are. */
	dev_disable_lro(dev);

	xenbr_dev_update_mtu(br);
	xenbr_dev_update_features(br);
	xenbr_dev_update_headroom(br);
	xenbr_dev_update_carrier(br);
	xenbr_dev_adopt_mac(br, port);
	xenbr_port_changed(port, XENBR_EVENT_PORT_ADD);
	return 0;

err_netpoll:
	xenbr_port_netpoll_disable(port);
err_promisc:
	dev_set_promiscuity(dev, -1);
err_unlink:
	netdev_upper_dev_unlink(dev, br->dev);
err_free:
	ida_free(&br->port_nos, port->port_no);
	xenbr_port_free(port);
	return err;
}

int xenbr_port_add(struct xenbr *br, struct net_device *dev,
		   struct netlink_ext_ack *extack)
{
	return xenbr_port_add_opts(br, dev, NULL, extack);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_port_add);

/* Undoes xenbr_port_add(), and forgets every address behind the port. */
static void xenbr_port_remove(struct xenbr_port *port)
{
	struct xenbr *br = port->br;
	struct net_device *dev = port->dev;

	ASSERT_RTNL();
	/* First, as Linux disables a port: from here no frame goes to @dev. */
	WRITE_ONCE(port->attached, false);
	xenbr_port_changed(port, XENBR_EVENT_PORT_DEL);
	list_del_rcu(&port->list);
	netdev_upper_dev_unlink(dev, br->dev);
	/* Waits for handlers in flight: nothing learns on the port after. */
	netdev_rx_handler_unregister(dev);
	xenbr_port_netpoll_disable(port);
	dev_set_promiscuity(dev, -1);
	xenbr_fdb_flush(br, port, true);
	/* Here, not when freed: the bridge may be gone by then. */
	ida_free(&br->port_nos, port->port_no);
	xenbr_dev_port_leaves(br, port);

	/* A bridge on its way out has nothing left to adjust. */
	if (br->dev->reg_state == NETREG_REGISTERED) {
		xenbr_dev_update_mtu(br);
		xenbr_dev_update_features(br);
		xenbr_dev_update_headroom(br);
		xenbr_dev_update_carrier(br);
	}
	/* Readers may still hold it from the port list or an FDB entry. */
	call_rcu(&port->rcu, xenbr_port_free_rcu);
}

int xenbr_port_del(struct xenbr *br, struct net_device *dev,
		   struct netlink_ext_ack *extack)
{
	struct xenbr_port *port;

	ASSERT_RTNL();
	port = xenbr_port_from_dev(dev);
	if (!port || port->br != br) {
		NL_SET_ERR_MSG(extack, "The device is not a port of this bridge");
		return -EINVAL;
	}
	xenbr_port_remove(port);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_port_del);

void xenbr_port_del_all(struct xenbr *br)
{
	struct xenbr_port *port, *next;

	list_for_each_entry_safe(port, next, &br->ports, list)
		xenbr_port_remove(port);
}

int xenbr_port_set_flags(struct xenbr_port *port, u32 flags, u32 mask,
			 struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();
	if (mask & ~XENBR_PORT_ALL) {
		NL_SET_ERR_MSG(extack, "Unknown port flag");
		return -EINVAL;
	}
	WRITE_ONCE(port->flags, (port->flags & ~mask) | (flags & mask));
	atomic_inc(&port->br->port_gen);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_port_set_flags);

void xenbr_port_set_learn_limit(struct xenbr_port *port, u32 limit)
{
	WRITE_ONCE(port->learn_limit, limit);
	atomic_inc(&port->br->port_gen);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_port_set_learn_limit);

/* The module's netdevice notifier: what happens to ports' devices. */
int xenbr_netdev_event(struct notifier_block *nb, unsigned long event,
		       void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct xenbr_port *port;
	struct xenbr *br;

	port = xenbr_port_from_dev(dev);
	if (!port)
		return NOTIFY_DONE;
	br = port->br;

	switch (event) {
	case NETDEV_PRE_TYPE_CHANGE:
		/* A port must stay Ethernet. */
		return notifier_from_errno(-EBUSY);
	case NETDEV_UNREGISTER:
		xenbr_port_remove(port);
		break;
	case NETDEV_CHANGEMTU:
		xenbr_dev_update_mtu(br);
		break;
	case NETDEV_FEAT_CHANGE:
		xenbr_dev_update_features(br);
		break;
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		/*
		 * A port that stops forwarding forgets the stations behind
		 * it, as a Linux bridge's does: frames to them flood and find
		 * them wherever they are now. Static entries stay.
		 */
		if (!xenbr_port_is_up(port))
			xenbr_fdb_flush(br, port, false);
		xenbr_dev_update_carrier(br);
		xenbr_port_changed(port, XENBR_EVENT_PORT_STATE);
		break;
	case NETDEV_CHANGEADDR:
		xenbr_dev_port_mac_changed(br, port);
		break;
	}
	return NOTIFY_DONE;
}
