// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: a port's generic netlink operations - PORT_GET (one or a bridge's
 * all), PORT_ADD, PORT_DEL and PORT_SET - its attributes and its events,
 * and the port flags as both netlink families name them.
 */

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/sock.h>
#include <kunit/visibility.h>
#include "netlink.h"

/* PORT_GET, PORT_ADD, PORT_DEL, and VLAN_GET: a bridge and a port. */
const struct nla_policy xenbr_port_policy[XENBR_A_MAX + 1] = {
	XENBR_NL_POLICY_BR,
	XENBR_NL_POLICY_PORT,
};

const struct nla_policy xenbr_port_set_policy[XENBR_A_MAX + 1] = {
	XENBR_NL_POLICY_BR,
	XENBR_NL_POLICY_PORT,
	[XENBR_A_PORT_LEARNING]	= NLA_POLICY_MAX(NLA_U8, 1),
	[XENBR_A_PORT_FLOOD_UCAST] = NLA_POLICY_MAX(NLA_U8, 1),
	[XENBR_A_PORT_FLOOD_MCAST] = NLA_POLICY_MAX(NLA_U8, 1),
	[XENBR_A_PORT_FLOOD_BCAST] = NLA_POLICY_MAX(NLA_U8, 1),
	[XENBR_A_PORT_ISOLATED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[XENBR_A_PORT_LEARN_LIMIT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &xenbr_nl_limit_range),
	[XENBR_A_PORT_LOCK_MODE] = NLA_POLICY_MAX(NLA_U8, XENBR_LOCK_MODE_MAX),
	[XENBR_A_PORT_LOCK_MAC]	= NLA_POLICY_ETH_ADDR,
	[XENBR_A_PORT_LOCK_IPV4] =
		NLA_POLICY_NESTED(xenbr_locking_v4_list_policy),
	[XENBR_A_PORT_LOCK_IPV6] =
		NLA_POLICY_NESTED(xenbr_locking_v6_list_policy),
};

/* The port flags, with their attribute here and in IFLA_PROTINFO. */
static const struct {
	u32 flag;
	u16 genl;
	u16 brport;
} xenbr_port_flag_attrs[] = {
	{ XENBR_PORT_LEARNING, XENBR_A_PORT_LEARNING, IFLA_BRPORT_LEARNING },
	{ XENBR_PORT_FLOOD_UCAST, XENBR_A_PORT_FLOOD_UCAST,
	  IFLA_BRPORT_UNICAST_FLOOD },
	{ XENBR_PORT_FLOOD_MCAST, XENBR_A_PORT_FLOOD_MCAST,
	  IFLA_BRPORT_MCAST_FLOOD },
	{ XENBR_PORT_FLOOD_BCAST, XENBR_A_PORT_FLOOD_BCAST,
	  IFLA_BRPORT_BCAST_FLOOD },
	{ XENBR_PORT_ISOLATED, XENBR_A_PORT_ISOLATED, IFLA_BRPORT_ISOLATED },
};

static u16 xenbr_port_flag_attr(int i, bool brport)
{
	return brport ? xenbr_port_flag_attrs[i].brport :
			xenbr_port_flag_attrs[i].genl;
}

int xenbr_port_put_flags(struct sk_buff *skb, const struct xenbr_port *port,
			 bool brport)
{
	u32 flags = READ_ONCE(port->flags);
	int i;

	for (i = 0; i < ARRAY_SIZE(xenbr_port_flag_attrs); i++)
		if (nla_put_u8(skb, xenbr_port_flag_attr(i, brport),
			       !!(flags & xenbr_port_flag_attrs[i].flag)))
			return -EMSGSIZE;
	return 0;
}

void xenbr_port_parse_flags(struct nlattr **tb, bool brport, u32 *flags,
			    u32 *mask)
{
	struct nlattr *attr;
	int i;

	*flags = 0;
	*mask = 0;
	for (i = 0; i < ARRAY_SIZE(xenbr_port_flag_attrs); i++) {
		attr = tb[xenbr_port_flag_attr(i, brport)];
		if (!attr)
			continue;
		*mask |= xenbr_port_flag_attrs[i].flag;
		if (nla_get_u8(attr))
			*flags |= xenbr_port_flag_attrs[i].flag;
	}
}

bool xenbr_port_is_flag_attr(int type, bool brport)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(xenbr_port_flag_attrs); i++)
		if (xenbr_port_flag_attr(i, brport) == type)
			return true;
	return false;
}

/* Who the guest behind a netback vif is, as the glue stamped it. */
static int xenbr_nl_put_vif(struct sk_buff *skb, const struct xenbr_port *port)
{
	const struct xenbr_port_vif *vif = &port->vif;
	struct nlattr *nest;

	if (!vif->is_vif)
		return 0;
	nest = nla_nest_start(skb, XENBR_A_PORT_NETBACK);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, XENBR_NETBACK_A_DOMID, vif->domid) ||
	    nla_put_u32(skb, XENBR_NETBACK_A_HANDLE, vif->handle) ||
	    (vif->has_guest_mac &&
	     nla_put(skb, XENBR_NETBACK_A_GUEST_MAC, ETH_ALEN,
		     vif->guest_mac))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int xenbr_nl_put_port(struct sk_buff *skb, const struct xenbr_port *port,
		      bool stats)
{
	struct xenbr_stats st = {};

	xenbr_port_get_stats(port, &st);
	if (nla_put_u32(skb, XENBR_A_BR_IFINDEX, port->br->dev->ifindex) ||
	    nla_put_string(skb, XENBR_A_BR_IFNAME, port->br->dev->name) ||
	    nla_put_u32(skb, XENBR_A_PORT_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(skb, XENBR_A_PORT_IFNAME, port->dev->name) ||
	    nla_put_u16(skb, XENBR_A_PORT_NO, port->port_no) ||
	    xenbr_port_put_flags(skb, port, false) ||
	    nla_put_u32(skb, XENBR_A_PORT_LEARN_LIMIT,
			READ_ONCE(port->learn_limit)) ||
	    nla_put_u8(skb, XENBR_A_PORT_STATE,
		       xenbr_port_is_up(port) ? XENBR_PORT_STATE_UP :
						XENBR_PORT_STATE_DOWN) ||
	    nla_put_u32(skb, XENBR_A_LEARNED, st.fdb_learned) ||
	    xenbr_nl_put_vif(skb, port) ||
	    xenbr_locking_fill_port(skb, port))
		return -EMSGSIZE;
	return stats ? xenbr_nl_put_stats(skb, &st) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_nl_put_port);

static int xenbr_nl_put_port_obj(struct sk_buff *skb, void *obj)
{
	return xenbr_nl_put_port(skb, obj, true);
}

int xenbr_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct xenbr_port *port;
	int err;

	rtnl_lock();
	port = xenbr_nl_port_of(genl_info_net(info), info->attrs, info->extack);
	err = IS_ERR(port) ? PTR_ERR(port) :
	      xenbr_nl_reply(info, XENBR_CMD_PORT_GET, xenbr_nl_put_port_obj,
			     port);
	rtnl_unlock();
	return err;
}

/* cb->args[0]: the bridge's ifindex, once known; [1]: ports already sent. */
int xenbr_nl_port_get_dumpit(struct sk_buff *skb,
			     struct netlink_callback *cb)
{
	struct nlattr **tb = genl_info_dump(cb)->attrs;
	struct net *net = sock_net(skb->sk);
	struct xenbr_port *port;
	struct xenbr *br;
	long idx = 0;
	int err = 0;

	rtnl_lock();
	if (!cb->args[0]) {
		br = xenbr_nl_bridge(net, tb, cb->extack);
		if (IS_ERR(br)) {
			err = PTR_ERR(br);
			goto out;
		}
		cb->args[0] = br->dev->ifindex;
	}
	br = xenbr_find(net, cb->args[0]);
	if (!br) {
		err = -ENODEV;
		goto out;
	}
	cb->seq = atomic_read(&br->port_gen);
	list_for_each_entry(port, &br->ports, list) {
		if (idx++ < cb->args[1])
			continue;
		err = xenbr_nl_dump_one(skb, cb, XENBR_CMD_PORT_GET,
					xenbr_nl_put_port_obj, port, cb->seq);
		if (err) {
			idx--;
			break;
		}
	}
	cb->args[1] = idx;
out:
	rtnl_unlock();
	return xenbr_nl_dump_done(skb, err);
}

int xenbr_nl_port_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct net_device *dev;
	struct nlattr *attr;
	struct xenbr *br;
	int err;

	rtnl_lock();
	br = xenbr_nl_bridge(net, info->attrs, info->extack);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out;
	}
	dev = xenbr_nl_named_dev(net, info->attrs, true, &attr, info->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out;
	}
	err = xenbr_port_add(br, dev, info->extack);
	/* The port code explains; the device attribute is what it refused. */
	if (err && !info->extack->bad_attr)
		NL_SET_BAD_ATTR(info->extack, attr);
out:
	rtnl_unlock();
	return err;
}

int xenbr_nl_port_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct xenbr_port *port;
	int err;

	rtnl_lock();
	port = xenbr_nl_port_of(genl_info_net(info), info->attrs, info->extack);
	err = IS_ERR(port) ? PTR_ERR(port) :
	      xenbr_port_del(port->br, port->dev, info->extack);
	rtnl_unlock();
	return err;
}

int xenbr_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *limit = info->attrs[XENBR_A_PORT_LEARN_LIMIT];
	struct xenbr_port *port;
	u32 flags, mask;
	int err;

	xenbr_port_parse_flags(info->attrs, false, &flags, &mask);
	rtnl_lock();
	port = xenbr_nl_port_of(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(port)) {
		err = PTR_ERR(port);
		goto out;
	}
	/* The locking is what can be refused: first, all or nothing. */
	err = xenbr_locking_set_from_attrs(port, info);
	if (err)
		goto out;
	err = xenbr_port_set_flags(port, flags, mask, info->extack);
	if (err)
		goto out;
	if (limit)
		xenbr_port_set_learn_limit(port, nla_get_u32(limit));
out:
	rtnl_unlock();
	return err;
}

void xenbr_port_notify(const struct xenbr_port *port,
		       enum xenbr_event_type type)
{
	const struct xenbr *br = port->br;
	struct sk_buff *msg;
	void *hdr;

	ASSERT_RTNL();
	if (!xenbr_nl_has_listeners(br))
		return;
	msg = xenbr_nl_event_new(NLMSG_GOODSIZE, type, &hdr, GFP_KERNEL);
	if (!msg)
		return;
	if (xenbr_nl_put_port(msg, port, false)) {
		nlmsg_free(msg);
		return;
	}
	xenbr_nl_event_send(br, msg, hdr, GFP_KERNEL);
}
