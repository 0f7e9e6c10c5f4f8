// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: the "xenbr" generic netlink family - bridges, ports and the FDB for
 * xenbr-ctl - and the events of the "events" multicast group.
 *
 * Every object is looked up in the requester's network namespace. Changes
 * run under RTNL through the same functions rtnetlink uses, so "ip link set
 * DEV master BR" and PORT_ADD are one code path. The FDB walks itself for
 * a dump (xenbr_fdb_dump()), and the netback glue fills its own attributes;
 * its switch is the host's, so it is only for init_net's admin. The core
 * reports changes through the event functions at the end, which only read.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/jiffies.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include <net/sock.h>
#include <kunit/visibility.h>
#include "xenbr.h"
#include "compat.h"
#include "../netback_glue/glue.h"

enum {
	XENBR_NL_MCGRP_EVENTS,
};

static const struct genl_multicast_group xenbr_nl_mcgrps[] = {
	[XENBR_NL_MCGRP_EVENTS] = { .name = XENBR_MCGRP_EVENTS },
};

static struct genl_family xenbr_genl_family;

static struct netlink_range_validation xenbr_ageing_range = {
	.max = XENBR_AGEING_MAX_MS,
};

static struct netlink_range_validation xenbr_limit_range = {
	.max = XENBR_LEARN_LIMIT_MAX,
};

/*
 * One policy per operation: an attribute the operation does not use is
 * rejected (strict validation), not silently ignored.
 */
static const struct nla_policy xenbr_br_policy[XENBR_A_MAX + 1] = {
	[XENBR_A_BR_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_BR_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
};

static const struct nla_policy xenbr_br_new_policy[XENBR_A_MAX + 1] = {
	[XENBR_A_BR_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_BR_MAC]	= NLA_POLICY_ETH_ADDR,
};

static const struct nla_policy xenbr_br_set_policy[XENBR_A_MAX + 1] = {
	[XENBR_A_BR_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_BR_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_BR_MAC]	= NLA_POLICY_ETH_ADDR,
	[XENBR_A_BR_AGEING_TIME] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &xenbr_ageing_range),
	[XENBR_A_BR_LEARN_LIMIT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &xenbr_limit_range),
	[XENBR_A_BR_PORT_LEARN_LIMIT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &xenbr_limit_range),
	[XENBR_A_BR_VLAN_FILTERING] = NLA_POLICY_MAX(NLA_U8, 1),
	[XENBR_A_BR_VLAN_DEFAULT_PVID] = NLA_POLICY_MAX(NLA_U16, XENBR_VID_MAX),
};

static const struct nla_policy xenbr_port_policy[XENBR_A_MAX + 1] = {
	[XENBR_A_BR_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_BR_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_PORT_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_PORT_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
};

/* VIF locking: the address lists of PORT_SET, strictly nested. */
static const struct nla_policy
xenbr_locking_v4_policy[XENBR_LOCK_ADDR_A_MAX + 1] = {
	[XENBR_LOCK_ADDR_A_ADDR]	= NLA_POLICY_EXACT_LEN(4),
	[XENBR_LOCK_ADDR_A_PREFIX_LEN]	= NLA_POLICY_MAX(NLA_U8, 32),
};

static const struct nla_policy
xenbr_locking_v6_policy[XENBR_LOCK_ADDR_A_MAX + 1] = {
	[XENBR_LOCK_ADDR_A_ADDR]	= NLA_POLICY_EXACT_LEN(16),
	[XENBR_LOCK_ADDR_A_PREFIX_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
};

static const struct nla_policy
xenbr_locking_v4_list_policy[XENBR_LOCK_LIST_A_MAX + 1] = {
	[XENBR_LOCK_LIST_A_ENTRY]	= NLA_POLICY_NESTED(xenbr_locking_v4_policy),
};

static const struct nla_policy
xenbr_locking_v6_list_policy[XENBR_LOCK_LIST_A_MAX + 1] = {
	[XENBR_LOCK_LIST_A_ENTRY]	= NLA_POLICY_NESTED(xenbr_locking_v6_policy),
};

static const struct nla_policy xenbr_port_set_policy[XENBR_A_MAX + 1] = {
	[XENBR_A_BR_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_BR_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_PORT_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_PORT_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_PORT_LEARNING]	= NLA_POLICY_MAX(NLA_U8, 1),
	[XENBR_A_PORT_FLOOD_UCAST] = NLA_POLICY_MAX(NLA_U8, 1),
	[XENBR_A_PORT_FLOOD_MCAST] = NLA_POLICY_MAX(NLA_U8, 1),
	[XENBR_A_PORT_FLOOD_BCAST] = NLA_POLICY_MAX(NLA_U8, 1),
	[XENBR_A_PORT_ISOLATED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[XENBR_A_PORT_LEARN_LIMIT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &xenbr_limit_range),
	[XENBR_A_PORT_LOCK_MODE] = NLA_POLICY_MAX(NLA_U8, XENBR_LOCK_MODE_MAX),
	[XENBR_A_PORT_LOCK_MAC]	= NLA_POLICY_ETH_ADDR,
	[XENBR_A_PORT_LOCK_IPV4] = NLA_POLICY_NESTED(xenbr_locking_v4_list_policy),
	[XENBR_A_PORT_LOCK_IPV6] = NLA_POLICY_NESTED(xenbr_locking_v6_list_policy),
};

static const struct nla_policy xenbr_fdb_policy[XENBR_A_MAX + 1] = {
	[XENBR_A_BR_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_BR_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_FDB_MAC]	= NLA_POLICY_ETH_ADDR,
	[XENBR_A_FDB_VLAN]	= NLA_POLICY_MAX(NLA_U16, XENBR_VID_MAX),
};

static const struct nla_policy xenbr_fdb_add_policy[XENBR_A_MAX + 1] = {
	[XENBR_A_BR_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_BR_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_PORT_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_PORT_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_FDB_MAC]	= NLA_POLICY_ETH_ADDR,
	[XENBR_A_FDB_VLAN]	= NLA_POLICY_MAX(NLA_U16, XENBR_VID_MAX),
	[XENBR_A_FDB_REPLACE]	= { .type = NLA_FLAG },
};

static const struct nla_policy xenbr_fdb_flush_policy[XENBR_A_MAX + 1] = {
	[XENBR_A_BR_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_BR_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_PORT_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_PORT_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_FDB_VLAN]	= NLA_POLICY_MAX(NLA_U16, XENBR_VID_MAX),
	[XENBR_A_FLUSH_STATIC]	= { .type = NLA_FLAG },
};

static const struct nla_policy xenbr_vlan_nest_policy[XENBR_VLAN_A_MAX + 1] = {
	[XENBR_VLAN_A_ID]	= NLA_POLICY_RANGE(NLA_U16, 1, XENBR_VID_MAX),
	[XENBR_VLAN_A_ID_END]	= NLA_POLICY_RANGE(NLA_U16, 1, XENBR_VID_MAX),
	[XENBR_VLAN_A_PVID]	= { .type = NLA_FLAG },
	[XENBR_VLAN_A_UNTAGGED]	= { .type = NLA_FLAG },
};

static const struct nla_policy xenbr_vlan_get_policy[XENBR_A_MAX + 1] = {
	[XENBR_A_BR_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_BR_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_PORT_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_PORT_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
};

static const struct nla_policy xenbr_vlan_set_policy[XENBR_A_MAX + 1] = {
	[XENBR_A_BR_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_BR_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_PORT_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XENBR_A_PORT_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_VLAN]		= NLA_POLICY_NESTED(xenbr_vlan_nest_policy),
};

/* NETBACK_GET names nothing, the glue being the host's: refuse all. */
static const struct nla_policy xenbr_netback_get_policy[XENBR_A_MAX + 1] = {
};

static const struct nla_policy xenbr_netback_set_policy[XENBR_A_MAX + 1] = {
	[XENBR_A_NETBACK_AUTO]	= NLA_POLICY_MAX(NLA_U8, 1),
};

/* Lookups, under RTNL, in the requester's network namespace. */

static struct net_device *xenbr_nl_dev(struct net *net, struct nlattr **tb,
				       int idx_type, int name_type,
				       struct nlattr **which,
				       struct netlink_ext_ack *extack)
{
	struct nlattr *idx = tb[idx_type], *name = tb[name_type];
	struct net_device *dev;

	*which = idx ?: name;
	if (!*which)
		return NULL;
	if (idx)
		dev = __dev_get_by_index(net, nla_get_u32(idx));
	else
		dev = __dev_get_by_name(net, nla_data(name));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, *which, "No such device");
		return ERR_PTR(-ENODEV);
	}
	if (idx && name && strcmp(dev->name, nla_data(name))) {
		NL_SET_ERR_MSG_ATTR(extack, name,
				    "The name and the ifindex differ");
		return ERR_PTR(-EINVAL);
	}
	return dev;
}

static struct xenbr *xenbr_nl_bridge(struct net *net, struct nlattr **tb,
				     struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct nlattr *attr;
	struct xenbr *br;

	dev = xenbr_nl_dev(net, tb, XENBR_A_BR_IFINDEX, XENBR_A_BR_IFNAME,
			   &attr, extack);
	if (!dev) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, XENBR_A_BR_IFNAME);
		NL_SET_ERR_MSG(extack, "Missing bridge (ifindex or name)");
		return ERR_PTR(-EINVAL);
	}
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	br = xenbr_from_dev(dev);
	if (!br) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "The device is not a xenbr bridge");
		return ERR_PTR(-EINVAL);
	}
	return br;
}

/* The port named by the request; of @br unless @br is NULL. */
static struct xenbr_port *xenbr_nl_port(struct net *net, struct nlattr **tb,
					struct xenbr *br,
					struct netlink_ext_ack *extack)
{
	struct xenbr_port *port;
	struct net_device *dev;
	struct nlattr *attr;

	dev = xenbr_nl_dev(net, tb, XENBR_A_PORT_IFINDEX, XENBR_A_PORT_IFNAME,
			   &attr, extack);
	if (!dev) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, XENBR_A_PORT_IFNAME);
		NL_SET_ERR_MSG(extack, "Missing port (ifindex or name)");
		return ERR_PTR(-EINVAL);
	}
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	port = xenbr_port_from_dev(dev);
	if (!port) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "The device is not a port of a xenbr bridge");
		return ERR_PTR(-EINVAL);
	}
	if (br && port->br != br) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "The device is a port of another bridge");
		return ERR_PTR(-EINVAL);
	}
	return port;
}

/* The bridge of the request if it names one, else NULL. */
static struct xenbr *xenbr_nl_bridge_opt(struct net *net, struct nlattr **tb,
					 struct netlink_ext_ack *extack)
{
	if (!tb[XENBR_A_BR_IFINDEX] && !tb[XENBR_A_BR_IFNAME])
		return NULL;
	return xenbr_nl_bridge(net, tb, extack);
}

static int xenbr_nl_require(struct genl_info *info, int type,
			    const char *msg)
{
	if (!GENL_REQ_ATTR_CHECK(info, type))
		return 0;
	/* @msg is a literal, as NL_SET_ERR_MSG() would want. */
	info->extack->_msg = msg;
	return -EINVAL;
}

/* Message contents. */

static int xenbr_nl_put_stats(struct sk_buff *skb,
			      const struct xenbr_stats *st)
{
	struct nlattr *nest, *drops;
	int i;

	nest = nla_nest_start(skb, XENBR_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, XENBR_STATS_A_RX_PACKETS, st->rx_packets,
			      XENBR_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, XENBR_STATS_A_RX_BYTES, st->rx_bytes,
			      XENBR_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, XENBR_STATS_A_TX_PACKETS, st->tx_packets,
			      XENBR_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, XENBR_STATS_A_TX_BYTES, st->tx_bytes,
			      XENBR_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, XENBR_STATS_A_FLOODED, st->flooded,
			      XENBR_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, XENBR_STATS_A_FDB_MOVES, st->fdb_moves,
			      XENBR_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, XENBR_STATS_A_LEARN_LIMIT, st->learn_limit,
			      XENBR_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, XENBR_STATS_A_TX_DROPPED, st->tx_dropped,
			      XENBR_STATS_A_PAD))
		goto cancel;

	drops = nla_nest_start(skb, XENBR_STATS_A_DROPS);
	if (!drops)
		goto cancel;
	/* Types are reason + 1; type 0 is free for padding. */
	for (i = 0; i < __XENBR_DROP_MAX; i++)
		if (nla_put_u64_64bit(skb, i + 1, st->drops[i], 0))
			goto cancel;
	nla_nest_end(skb, drops);
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int xenbr_nl_put_br(struct sk_buff *skb, struct xenbr *br)
{
	struct xenbr_stats st = {};

	xenbr_get_stats(br, &st);
	if (nla_put_u32(skb, XENBR_A_BR_IFINDEX, br->dev->ifindex) ||
	    nla_put_string(skb, XENBR_A_BR_IFNAME, br->dev->name) ||
	    nla_put(skb, XENBR_A_BR_MAC, ETH_ALEN, br->dev->dev_addr) ||
	    nla_put_u32(skb, XENBR_A_BR_AGEING_TIME,
			xenbr_get_ageing_time(br)) ||
	    nla_put_u32(skb, XENBR_A_BR_LEARN_LIMIT,
			READ_ONCE(br->learn_limit)) ||
	    nla_put_u32(skb, XENBR_A_BR_PORT_LEARN_LIMIT,
			READ_ONCE(br->port_learn_limit)) ||
	    nla_put_u32(skb, XENBR_A_LEARNED, st.fdb_learned) ||
	    nla_put_u64_64bit(skb, XENBR_A_SUPPRESSED, st.events_suppressed,
			      XENBR_A_PAD) ||
	    nla_put_u8(skb, XENBR_A_BR_VLAN_FILTERING,
		       READ_ONCE(br->vlan_filtering)) ||
	    nla_put_u16(skb, XENBR_A_BR_VLAN_DEFAULT_PVID,
			READ_ONCE(br->vlan_default_pvid)))
		return -EMSGSIZE;
	return xenbr_nl_put_stats(skb, &st);
}

/* Caller holds RTNL, for the netback glue's vif records. */
static int xenbr_nl_put_port(struct sk_buff *skb,
			     const struct xenbr_port *port, bool stats)
{
	u32 flags = READ_ONCE(port->flags);
	struct xenbr_stats st = {};

	xenbr_port_get_stats(port, &st);
	if (nla_put_u32(skb, XENBR_A_BR_IFINDEX, port->br->dev->ifindex) ||
	    nla_put_string(skb, XENBR_A_BR_IFNAME, port->br->dev->name) ||
	    nla_put_u32(skb, XENBR_A_PORT_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(skb, XENBR_A_PORT_IFNAME, port->dev->name) ||
	    nla_put_u16(skb, XENBR_A_PORT_NO, port->port_no) ||
	    nla_put_u8(skb, XENBR_A_PORT_LEARNING,
		       !!(flags & XENBR_PORT_LEARNING)) ||
	    nla_put_u8(skb, XENBR_A_PORT_FLOOD_UCAST,
		       !!(flags & XENBR_PORT_FLOOD_UCAST)) ||
	    nla_put_u8(skb, XENBR_A_PORT_FLOOD_MCAST,
		       !!(flags & XENBR_PORT_FLOOD_MCAST)) ||
	    nla_put_u8(skb, XENBR_A_PORT_FLOOD_BCAST,
		       !!(flags & XENBR_PORT_FLOOD_BCAST)) ||
	    nla_put_u8(skb, XENBR_A_PORT_ISOLATED,
		       !!(flags & XENBR_PORT_ISOLATED)) ||
	    nla_put_u32(skb, XENBR_A_PORT_LEARN_LIMIT,
			READ_ONCE(port->learn_limit)) ||
	    nla_put_u8(skb, XENBR_A_PORT_STATE,
		       xenbr_port_is_up(port) ? XENBR_PORT_STATE_UP :
						XENBR_PORT_STATE_DOWN) ||
	    nla_put_u32(skb, XENBR_A_LEARNED, st.fdb_learned) ||
	    xenbr_glue_fill_port(skb, port->dev) ||
	    xenbr_locking_fill_port(skb, port))
		return -EMSGSIZE;
	return stats ? xenbr_nl_put_stats(skb, &st) : 0;
}

/* Caller holds RCU or the FDB lock, which keep @entry and its port. */
static int xenbr_nl_put_fdb(struct sk_buff *skb, const struct xenbr *br,
			    const struct xenbr_fdb_entry *entry, bool age)
{
	const struct xenbr_port *port = rcu_dereference_check(entry->port,
				lockdep_is_held(&br->fdb_lock));
	unsigned long updated = READ_ONCE(entry->updated);
	unsigned long now = jiffies;

	if (nla_put_u32(skb, XENBR_A_BR_IFINDEX, br->dev->ifindex) ||
	    nla_put(skb, XENBR_A_FDB_MAC, ETH_ALEN, entry->key.addr) ||
	    nla_put_u16(skb, XENBR_A_FDB_VLAN, entry->key.vid) ||
	    nla_put_u32(skb, XENBR_A_FDB_FLAGS, entry->flags))
		return -EMSGSIZE;
	if (port && nla_put_u32(skb, XENBR_A_PORT_IFINDEX, port->dev->ifindex))
		return -EMSGSIZE;
	/* The tests' fake clock can put @updated ahead of jiffies. */
	if (age && nla_put_u32(skb, XENBR_A_FDB_AGE,
			       time_after(updated, now) ? 0 :
			       jiffies_to_msecs(now - updated)))
		return -EMSGSIZE;
	return 0;
}

typedef int (*xenbr_nl_put_t)(struct sk_buff *skb, void *obj);

static int xenbr_nl_put_br_obj(struct sk_buff *skb, void *obj)
{
	return xenbr_nl_put_br(skb, obj);
}

static int xenbr_nl_put_port_obj(struct sk_buff *skb, void *obj)
{
	return xenbr_nl_put_port(skb, obj, true);
}

/* One message of a dump: header, consistency flag, @put's attributes. */
static int xenbr_nl_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			     u8 cmd, xenbr_nl_put_t put, void *obj, u32 gen)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &xenbr_genl_family, NLM_F_MULTI, cmd);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if ((gen && nla_put_u32(skb, XENBR_A_GENERATION, gen)) ||
	    put(skb, obj)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* A reply to a doit request, built under RTNL by @put. */
static int xenbr_nl_reply(struct genl_info *info, u8 cmd, xenbr_nl_put_t put,
			  void *obj, struct sk_buff *msg)
{
	void *hdr;
	int err;

	hdr = genlmsg_put_reply(msg, info, &xenbr_genl_family, 0, cmd);
	if (!hdr)
		return -EMSGSIZE;
	/* Not only -EMSGSIZE: the glue says -EOPNOTSUPP off Xen. */
	err = put(msg, obj);
	if (err)
		return err;
	genlmsg_end(msg, hdr);
	return 0;
}

/* Sends the reply of a doit request, or frees it when @err says it failed. */
static int xenbr_nl_send_reply(struct sk_buff *msg, struct genl_info *info,
			       int err)
{
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* Bridges. */

static int xenbr_nl_br_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	struct xenbr *br;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	br = xenbr_nl_bridge(genl_info_net(info), info->attrs, info->extack);
	err = IS_ERR(br) ? PTR_ERR(br) :
	      xenbr_nl_reply(info, XENBR_CMD_BR_GET, xenbr_nl_put_br_obj, br,
			     msg);
	rtnl_unlock();
	return xenbr_nl_send_reply(msg, info, err);
}

/* cb->args[0]: bridges already sent. A bridge in the request filters. */
static int xenbr_nl_br_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct nlattr **tb = genl_info_dump(cb)->attrs;
	struct net *net = sock_net(skb->sk);
	struct xenbr *only = NULL;
	struct net_device *dev;
	long idx = 0;
	int err = 0;

	rtnl_lock();
	only = xenbr_nl_bridge_opt(net, tb, cb->extack);
	if (IS_ERR(only)) {
		rtnl_unlock();
		return PTR_ERR(only);
	}
	cb->seq = net->dev_base_seq;
	for_each_netdev(net, dev) {
		struct xenbr *br = xenbr_from_dev(dev);

		if (!br || (only && br != only) || idx++ < cb->args[0])
			continue;
		err = xenbr_nl_dump_one(skb, cb, XENBR_CMD_BR_GET,
					xenbr_nl_put_br_obj, br, 0);
		if (err) {
			idx--;
			break;
		}
	}
	rtnl_unlock();
	cb->args[0] = idx;
	return err && !skb->len ? err : skb->len;
}

static int xenbr_nl_br_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name = info->attrs[XENBR_A_BR_IFNAME];
	struct nlattr *mac = info->attrs[XENBR_A_BR_MAC];
	struct net *net = genl_info_net(info);
	struct net_device *dev;
	struct sockaddr_storage ss;
	int err;

	err = xenbr_nl_require(info, XENBR_A_BR_IFNAME, "Missing bridge name");
	if (err)
		return err;
	if (!dev_valid_name(nla_data(name))) {
		NL_SET_ERR_MSG_ATTR(info->extack, name, "Invalid device name");
		return -EINVAL;
	}
	if (mac && !is_valid_ether_addr(nla_data(mac))) {
		NL_SET_ERR_MSG_ATTR(info->extack, mac,
				    "Not a valid unicast MAC address");
		return -EADDRNOTAVAIL;
	}

	rtnl_lock();
	if (__dev_get_by_name(net, nla_data(name))) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "A device with this name already exists");
		err = -EEXIST;
		goto out;
	}
	dev = xenbr_dev_create(net, nla_data(name), info->extack);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out;
	}
	if (mac) {
		ss.ss_family = dev->type;
		memcpy(ss.__data, nla_data(mac), ETH_ALEN);
		err = dev_set_mac_address(dev, &ss, info->extack);
		if (err)
			xenbr_dev_delete(dev);	/* leave nothing behind */
	}
out:
	rtnl_unlock();
	return err;
}

static int xenbr_nl_br_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct xenbr *br;
	int err = 0;

	rtnl_lock();
	br = xenbr_nl_bridge(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(br))
		err = PTR_ERR(br);
	else
		xenbr_dev_delete(br->dev);
	rtnl_unlock();
	return err;
}

/*
 * The VLAN settings of a BR_SET: filtering off first, so that the default
 * PVID can change in the same request, then on. Only the PVID can fail,
 * and the caller has made sure it can only fail for want of memory.
 */
static int xenbr_nl_br_set_vlan(struct xenbr *br, struct nlattr **tb,
				struct netlink_ext_ack *extack)
{
	struct nlattr *filtering = tb[XENBR_A_BR_VLAN_FILTERING];
	struct nlattr *pvid = tb[XENBR_A_BR_VLAN_DEFAULT_PVID];
	bool was = br->vlan_filtering;
	int err;

	if (filtering && !nla_get_u8(filtering))
		xenbr_vlan_set_filtering(br, false);
	if (pvid) {
		err = xenbr_vlan_set_default_pvid(br, nla_get_u16(pvid),
						  extack);
		if (err) {
			xenbr_vlan_set_filtering(br, was);
			return err;
		}
	}
	if (filtering && nla_get_u8(filtering))
		xenbr_vlan_set_filtering(br, true);
	return 0;
}

/* Whether xenbr_nl_br_set_vlan() would refuse the default PVID. */
static int xenbr_nl_br_set_vlan_check(struct xenbr *br, struct nlattr **tb,
				      struct netlink_ext_ack *extack)
{
	struct nlattr *filtering = tb[XENBR_A_BR_VLAN_FILTERING];
	struct nlattr *pvid = tb[XENBR_A_BR_VLAN_DEFAULT_PVID];

	if (!pvid || nla_get_u16(pvid) == br->vlan_default_pvid ||
	    !br->vlan_filtering || (filtering && !nla_get_u8(filtering)))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, pvid,
			    "Turn VLAN filtering off to change the default PVID");
	return -EBUSY;
}

static int xenbr_nl_br_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *port_limit = info->attrs[XENBR_A_BR_PORT_LEARN_LIMIT];
	struct nlattr *mac = info->attrs[XENBR_A_BR_MAC];
	struct nlattr **tb = info->attrs;
	struct sockaddr_storage ss, old_ss;
	struct xenbr *br;
	int err = 0;

	if (mac && !is_valid_ether_addr(nla_data(mac))) {
		NL_SET_ERR_MSG_ATTR(info->extack, mac,
				    "Not a valid unicast MAC address");
		return -EADDRNOTAVAIL;
	}

	rtnl_lock();
	br = xenbr_nl_bridge(genl_info_net(info), tb, info->extack);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out;
	}
	err = xenbr_nl_br_set_vlan_check(br, tb, info->extack);
	if (err)
		goto out;
	/* The changes that can fail go first: all or nothing. */
	if (mac) {
		old_ss.ss_family = br->dev->type;
		memcpy(old_ss.__data, br->dev->dev_addr, ETH_ALEN);
		ss.ss_family = br->dev->type;
		memcpy(ss.__data, nla_data(mac), ETH_ALEN);
		err = dev_set_mac_address(br->dev, &ss, info->extack);
		if (err)
			goto out;
	}
	err = xenbr_nl_br_set_vlan(br, tb, info->extack);
	if (err) {
		if (mac)
			dev_set_mac_address(br->dev, &old_ss, NULL);
		goto out;
	}
	if (tb[XENBR_A_BR_AGEING_TIME])
		xenbr_set_ageing_time(br,
				      nla_get_u32(tb[XENBR_A_BR_AGEING_TIME]));
	if (tb[XENBR_A_BR_LEARN_LIMIT])
		xenbr_set_learn_limit(br,
				      nla_get_u32(tb[XENBR_A_BR_LEARN_LIMIT]));
	if (port_limit)
		xenbr_set_new_port_learn_limit(br, nla_get_u32(port_limit));
out:
	rtnl_unlock();
	return err;
}

/* Ports. */

static int xenbr_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct xenbr_port *port;
	struct sk_buff *msg;
	struct xenbr *br;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	br = xenbr_nl_bridge_opt(net, info->attrs, info->extack);
	port = IS_ERR(br) ? ERR_CAST(br) :
	       xenbr_nl_port(net, info->attrs, br, info->extack);
	err = IS_ERR(port) ? PTR_ERR(port) :
	      xenbr_nl_reply(info, XENBR_CMD_PORT_GET, xenbr_nl_put_port_obj,
			     port, msg);
	rtnl_unlock();
	return xenbr_nl_send_reply(msg, info, err);
}

/* cb->args[0]: the bridge's ifindex, once known; [1]: ports already sent. */
static int xenbr_nl_port_get_dumpit(struct sk_buff *skb,
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
	return err && !skb->len ? err : skb->len;
}

static int xenbr_nl_port_add_doit(struct sk_buff *skb, struct genl_info *info)
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
	dev = xenbr_nl_dev(net, info->attrs, XENBR_A_PORT_IFINDEX,
			   XENBR_A_PORT_IFNAME, &attr, info->extack);
	if (!dev) {
		err = xenbr_nl_require(info, XENBR_A_PORT_IFNAME,
				       "Missing port (ifindex or name)");
		goto out;
	}
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

static int xenbr_nl_port_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct xenbr_port *port;
	struct xenbr *br;
	int err;

	rtnl_lock();
	br = xenbr_nl_bridge_opt(net, info->attrs, info->extack);
	port = IS_ERR(br) ? ERR_CAST(br) :
	       xenbr_nl_port(net, info->attrs, br, info->extack);
	err = IS_ERR(port) ? PTR_ERR(port) :
	      xenbr_port_del(port->br, port->dev, info->extack);
	rtnl_unlock();
	return err;
}

static const struct {
	int attr;
	u32 flag;
} xenbr_nl_port_flags[] = {
	{ XENBR_A_PORT_LEARNING,	XENBR_PORT_LEARNING },
	{ XENBR_A_PORT_FLOOD_UCAST,	XENBR_PORT_FLOOD_UCAST },
	{ XENBR_A_PORT_FLOOD_MCAST,	XENBR_PORT_FLOOD_MCAST },
	{ XENBR_A_PORT_FLOOD_BCAST,	XENBR_PORT_FLOOD_BCAST },
	{ XENBR_A_PORT_ISOLATED,	XENBR_PORT_ISOLATED },
};

/* VIF locking: one list of PORT_SET's lock into @lk, replacing it. */
static int xenbr_nl_lock_list(struct xenbr_locking *lk, int family,
			      struct nlattr *list,
			      struct netlink_ext_ack *extack)
{
	const struct nla_policy *policy = family == AF_INET ?
		xenbr_locking_v4_policy : xenbr_locking_v6_policy;
	struct nlattr *tb[XENBR_LOCK_ADDR_A_MAX + 1];
	unsigned int len = family == AF_INET ? 32 : 128;
	struct nlattr *entry;
	int rem, err;

	if (family == AF_INET)
		lk->n_v4 = 0;
	else
		lk->n_v6 = 0;
	nla_for_each_nested(entry, list, rem) {
		err = nla_parse_nested(tb, XENBR_LOCK_ADDR_A_MAX, entry, policy,
				       extack);
		if (err)
			return err;
		if (!tb[XENBR_LOCK_ADDR_A_ADDR]) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "An allowed address needs its address");
			return -EINVAL;
		}
		err = xenbr_locking_add_addr(lk, family,
					     nla_data(tb[XENBR_LOCK_ADDR_A_ADDR]),
					     tb[XENBR_LOCK_ADDR_A_PREFIX_LEN] ?
					     nla_get_u8(tb[XENBR_LOCK_ADDR_A_PREFIX_LEN]) :
					     len);
		if (err == -E2BIG) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "More allowed addresses than the limit (32 a family)");
			return err;
		}
		if (err) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "An allowed address must be unicast");
			return err;
		}
	}
	return 0;
}

/*
 * VIF locking in PORT_SET: builds the new lock from the request and the
 * current one and installs it, or changes nothing and says why.
 */
static int xenbr_nl_port_set_lock(struct genl_info *info,
				  struct xenbr_port *port)
{
	struct nlattr *v4 = info->attrs[XENBR_A_PORT_LOCK_IPV4];
	struct nlattr *v6 = info->attrs[XENBR_A_PORT_LOCK_IPV6];
	struct nlattr *mode = info->attrs[XENBR_A_PORT_LOCK_MODE];
	struct nlattr *mac = info->attrs[XENBR_A_PORT_LOCK_MAC];
	struct xenbr_locking *lk;
	int err;

	if (!mode) {
		if (!mac && !v4 && !v6)
			return 0;
		NL_SET_ERR_MSG_ATTR(info->extack, mac ?: v4 ?: v6,
				    "Allowed addresses go with a lock mode");
		return -EINVAL;
	}
	if (nla_get_u8(mode) == XENBR_LOCK_UNLOCKED) {
		if (mac || v4 || v6) {
			NL_SET_ERR_MSG_ATTR(info->extack, mac ?: v4 ?: v6,
					    "An unlocked port has no allowed addresses");
			return -EINVAL;
		}
		return xenbr_port_set_locking(port, NULL, info->extack);
	}
	if (mac && !is_valid_ether_addr(nla_data(mac))) {
		NL_SET_ERR_MSG_ATTR(info->extack, mac,
				    "Not a valid unicast MAC address");
		return -EADDRNOTAVAIL;
	}
	lk = xenbr_locking_dup(port, nla_get_u8(mode));
	if (!lk)
		return -ENOMEM;
	if (mac) {
		ether_addr_copy(lk->mac, nla_data(mac));
		lk->has_mac = true;
	} else if (!lk->has_mac && !xenbr_glue_guest_mac(port->dev, lk->mac)) {
		lk->has_mac = true;
	}
	err = v4 ? xenbr_nl_lock_list(lk, AF_INET, v4, info->extack) : 0;
	if (!err && v6)
		err = xenbr_nl_lock_list(lk, AF_INET6, v6, info->extack);
	if (!err && lk->mode == XENBR_LOCK_LOCKED && !lk->has_mac) {
		NL_SET_ERR_MSG_ATTR(info->extack, mode,
				    "Locking needs a MAC: give one (mac), or let the netback glue attach the vif");
		err = -EINVAL;
	}
	if (err) {
		kfree(lk);
		return err;
	}
	return xenbr_port_set_locking(port, lk, info->extack);
}

static int xenbr_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *limit = info->attrs[XENBR_A_PORT_LEARN_LIMIT];
	struct net *net = genl_info_net(info);
	struct xenbr_port *port;
	u32 flags = 0, mask = 0;
	struct xenbr *br;
	int err, i;

	for (i = 0; i < ARRAY_SIZE(xenbr_nl_port_flags); i++) {
		struct nlattr *a = info->attrs[xenbr_nl_port_flags[i].attr];

		if (!a)
			continue;
		mask |= xenbr_nl_port_flags[i].flag;
		if (nla_get_u8(a))
			flags |= xenbr_nl_port_flags[i].flag;
	}

	rtnl_lock();
	br = xenbr_nl_bridge_opt(net, info->attrs, info->extack);
	port = IS_ERR(br) ? ERR_CAST(br) :
	       xenbr_nl_port(net, info->attrs, br, info->extack);
	if (IS_ERR(port)) {
		err = PTR_ERR(port);
		goto out;
	}
	/* The lock is what can be refused: first, all or nothing. */
	err = xenbr_nl_port_set_lock(info, port);
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

/* The FDB. */

/* The VLAN id of an FDB request: 0, the VLAN-unaware one, if none. */
static int xenbr_nl_fdb_vid(struct genl_info *info, u16 *vid)
{
	struct nlattr *vlan = info->attrs[XENBR_A_FDB_VLAN];

	*vid = vlan ? nla_get_u16(vlan) : 0;
	return 0;
}

static int xenbr_nl_fdb_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *mac = info->attrs[XENBR_A_FDB_MAC];
	struct xenbr_fdb_entry *entry;
	struct sk_buff *msg;
	struct xenbr *br;
	void *hdr;
	u16 vid;
	int err;

	err = xenbr_nl_require(info, XENBR_A_FDB_MAC, "Missing MAC address");
	if (err)
		return err;
	err = xenbr_nl_fdb_vid(info, &vid);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	br = xenbr_nl_bridge(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto unlock;
	}
	rcu_read_lock();
	entry = xenbr_fdb_find(br, nla_data(mac), vid);
	if (!entry) {
		NL_SET_ERR_MSG_ATTR(info->extack, mac, "No such FDB entry");
		err = -ENOENT;
	} else {
		hdr = genlmsg_put_reply(msg, info, &xenbr_genl_family, 0,
					XENBR_CMD_FDB_GET);
		if (!hdr || xenbr_nl_put_fdb(msg, br, entry, true))
			err = -EMSGSIZE;
		else
			genlmsg_end(msg, hdr);
	}
	rcu_read_unlock();
unlock:
	rtnl_unlock();
	return xenbr_nl_send_reply(msg, info, err);
}

/*
 * cb->args[0]: the bridge's ifindex, once known; from cb->args[1]: where
 * the FDB's walk stands, which only fdb.c reads.
 */
static struct xenbr_fdb_cursor *xenbr_nl_fdb_cursor(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct xenbr_fdb_cursor) >
		     sizeof(cb->args) - sizeof(cb->args[0]));
	return (struct xenbr_fdb_cursor *)&cb->args[1];
}

struct xenbr_nl_fdb_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	const struct xenbr *br;
};

static int xenbr_nl_fdb_dump_one(const struct xenbr_fdb_entry *entry, u32 gen,
				 void *arg)
{
	struct xenbr_nl_fdb_dump *dump = arg;
	struct netlink_callback *cb = dump->cb;
	struct sk_buff *skb = dump->skb;
	void *hdr;

	cb->seq = gen;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &xenbr_genl_family, NLM_F_MULTI, XENBR_CMD_FDB_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, XENBR_A_GENERATION, gen) ||
	    xenbr_nl_put_fdb(skb, dump->br, entry, true)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int xenbr_nl_fdb_get_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	struct xenbr_fdb_cursor *cur = xenbr_nl_fdb_cursor(cb);
	struct xenbr_nl_fdb_dump dump = { .skb = skb, .cb = cb };
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	struct xenbr *br;
	int err;

	if (cur->done)
		return 0;
	if (!cb->args[0]) {
		rtnl_lock();
		br = xenbr_nl_bridge(net, genl_info_dump(cb)->attrs,
				     cb->extack);
		if (!IS_ERR(br))
			cb->args[0] = br->dev->ifindex;
		rtnl_unlock();
		if (IS_ERR(br))
			return PTR_ERR(br);
	}

	/* An unlisted bridge is torn down only after a grace period. */
	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, cb->args[0]);
	br = dev ? xenbr_from_dev(dev) : NULL;
	if (!br) {
		rcu_read_unlock();
		return -ENODEV;
	}
	dump.br = br;
	err = xenbr_fdb_dump(br, cur, xenbr_nl_fdb_dump_one, &dump);
	rcu_read_unlock();
	return err && !skb->len ? err : skb->len;
}

static int xenbr_nl_check_mac(struct genl_info *info)
{
	struct nlattr *mac = info->attrs[XENBR_A_FDB_MAC];
	int err;

	err = xenbr_nl_require(info, XENBR_A_FDB_MAC, "Missing MAC address");
	if (err)
		return err;
	if (!is_valid_ether_addr(nla_data(mac))) {
		NL_SET_ERR_MSG_ATTR(info->extack, mac,
				    "Not a valid unicast MAC address");
		return -EINVAL;
	}
	return 0;
}

static int xenbr_nl_fdb_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *mac = info->attrs[XENBR_A_FDB_MAC];
	struct net *net = genl_info_net(info);
	struct xenbr_port *port;
	struct xenbr *br;
	u16 vid;
	int err;

	err = xenbr_nl_check_mac(info);
	if (err)
		return err;
	err = xenbr_nl_fdb_vid(info, &vid);
	if (err)
		return err;

	rtnl_lock();
	br = xenbr_nl_bridge(net, info->attrs, info->extack);
	port = IS_ERR(br) ? ERR_CAST(br) :
	       xenbr_nl_port(net, info->attrs, br, info->extack);
	if (IS_ERR(port)) {
		err = PTR_ERR(port);
		goto out;
	}
	/*
	 * As "bridge fdb replace": only then is a static entry taken over.
	 * An attribute, as genetlink refuses NLM_F_REPLACE in a new family.
	 */
	if (vid && !xenbr_vlans_has(rtnl_dereference(port->vlans), vid)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[XENBR_A_FDB_VLAN],
				    "The port is not in this VLAN (xenbr-ctl vlan add)");
		err = -EINVAL;
		goto out;
	}
	if (nla_get_flag(info->attrs[XENBR_A_FDB_REPLACE]))
		err = xenbr_fdb_replace_static(br, port, nla_data(mac), vid);
	else
		err = xenbr_fdb_add_static(br, port, nla_data(mac), vid);
	if (err == -EEXIST) {
		if (xenbr_fdb_pinned_by(br, nla_data(mac), vid) == br->dev)
			NL_SET_ERR_MSG_ATTR(info->extack, mac,
					    "The address is the bridge's own");
		else
			NL_SET_ERR_MSG_ATTR(info->extack, mac,
					    "The address is static on another port: replace it (xenbr-ctl fdb replace) or delete it first");
	}
out:
	rtnl_unlock();
	return err;
}

static int xenbr_nl_fdb_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *mac = info->attrs[XENBR_A_FDB_MAC];
	struct xenbr *br;
	u16 vid;
	int err;

	err = xenbr_nl_require(info, XENBR_A_FDB_MAC, "Missing MAC address");
	if (err)
		return err;
	err = xenbr_nl_fdb_vid(info, &vid);
	if (err)
		return err;

	rtnl_lock();
	br = xenbr_nl_bridge(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out;
	}
	err = xenbr_fdb_delete(br, nla_data(mac), vid);
	if (err == -ENOENT) {
		NL_SET_ERR_MSG_ATTR(info->extack, mac, "No such FDB entry");
	} else if (err == -EPERM) {
		/* EPERM is for privileges; this is a bad argument. */
		NL_SET_ERR_MSG_ATTR(info->extack, mac,
				    "The bridge's own address cannot be deleted");
		err = -EINVAL;
	}
out:
	rtnl_unlock();
	return err;
}

static int xenbr_nl_fdb_flush_doit(struct sk_buff *skb,
				   struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct xenbr_port *port = NULL;
	struct xenbr *br;
	int err = 0;

	rtnl_lock();
	br = xenbr_nl_bridge(net, info->attrs, info->extack);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto out;
	}
	if (info->attrs[XENBR_A_PORT_IFINDEX] ||
	    info->attrs[XENBR_A_PORT_IFNAME]) {
		port = xenbr_nl_port(net, info->attrs, br, info->extack);
		if (IS_ERR(port)) {
			err = PTR_ERR(port);
			goto out;
		}
	}
	if (info->attrs[XENBR_A_FDB_VLAN])
		xenbr_fdb_flush_vlan(br, port,
				     nla_get_u16(info->attrs[XENBR_A_FDB_VLAN]),
				     nla_get_flag(info->attrs[XENBR_A_FLUSH_STATIC]));
	else
		xenbr_fdb_flush(br, port,
				nla_get_flag(info->attrs[XENBR_A_FLUSH_STATIC]));
out:
	rtnl_unlock();
	return err;
}

/*
 * The netback glue, which fills its own attributes. Its counters tell of
 * every guest on the host: only the initial namespace, which holds the
 * vifs, sees them; any namespace may see the switch.
 */
static int xenbr_nl_put_glue_obj(struct sk_buff *skb, void *obj)
{
	struct genl_info *info = obj;

	return xenbr_glue_fill_info(skb,
				    net_eq(genl_info_net(info), &init_net),
				    info->extack);
}

static int xenbr_nl_netback_get_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	err = xenbr_nl_reply(info, XENBR_CMD_NETBACK_GET, xenbr_nl_put_glue_obj,
			     info, msg);
	rtnl_unlock();
	return xenbr_nl_send_reply(msg, info, err);
}

static int xenbr_nl_netback_set_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	int err;

	/*
	 * GENL_ADMIN_PERM asked for CAP_NET_ADMIN over the host; a container
	 * has no say on vifs, which netback creates in init_net.
	 */
	if (!net_eq(genl_info_net(info), &init_net)) {
		NL_SET_ERR_MSG(info->extack,
			       "The netback glue is the host's: switch it from the initial network namespace");
		return -EPERM;
	}
	err = xenbr_nl_require(info, XENBR_A_NETBACK_AUTO,
			       "Missing netback glue setting (0 or 1)");
	if (err)
		return err;
	rtnl_lock();
	err = xenbr_glue_set_auto(nla_get_u8(info->attrs[XENBR_A_NETBACK_AUTO]),
				  info->extack);
	rtnl_unlock();
	return err;
}

/* VLANs. */

/*
 * The device of a VLAN request: a port (@port set), or the bridge itself
 * (@port NULL), named as a port or, with no port attribute, as the bridge.
 */
static int xenbr_nl_vlan_dev(struct net *net, struct nlattr **tb,
			     struct xenbr **brp, struct xenbr_port **portp,
			     struct netlink_ext_ack *extack)
{
	struct xenbr *br = xenbr_nl_bridge_opt(net, tb, extack);
	struct net_device *dev;
	struct nlattr *attr;

	if (IS_ERR(br))
		return PTR_ERR(br);
	*portp = NULL;
	dev = xenbr_nl_dev(net, tb, XENBR_A_PORT_IFINDEX, XENBR_A_PORT_IFNAME,
			   &attr, extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	if (dev && xenbr_from_dev(dev)) {
		if (br && xenbr_from_dev(dev) != br) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "The device is another bridge");
			return -EINVAL;
		}
		*brp = xenbr_from_dev(dev);
		return 0;
	}
	if (dev) {
		*portp = xenbr_nl_port(net, tb, br, extack);
		if (IS_ERR(*portp))
			return PTR_ERR(*portp);
		*brp = (*portp)->br;
		return 0;
	}
	if (!br) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, XENBR_A_PORT_IFNAME);
		NL_SET_ERR_MSG(extack, "Missing device (a port or the bridge)");
		return -EINVAL;
	}
	*brp = br;
	return 0;
}

static int xenbr_nl_vlan_change(struct genl_info *info, bool add)
{
	struct nlattr *tb[XENBR_VLAN_A_MAX + 1];
	struct xenbr_port *port;
	u16 vid, vid_end;
	struct xenbr *br;
	u32 flags = 0;
	int err;

	err = xenbr_nl_require(info, XENBR_A_VLAN, "Missing VLAN");
	if (err)
		return err;
	err = nla_parse_nested(tb, XENBR_VLAN_A_MAX, info->attrs[XENBR_A_VLAN],
			       xenbr_vlan_nest_policy, info->extack);
	if (err)
		return err;
	if (!tb[XENBR_VLAN_A_ID]) {
		NL_SET_ERR_ATTR_MISS(info->extack, info->attrs[XENBR_A_VLAN],
				     XENBR_VLAN_A_ID);
		NL_SET_ERR_MSG(info->extack, "Missing VLAN id");
		return -EINVAL;
	}
	vid = nla_get_u16(tb[XENBR_VLAN_A_ID]);
	vid_end = tb[XENBR_VLAN_A_ID_END] ?
		  nla_get_u16(tb[XENBR_VLAN_A_ID_END]) : vid;
	if (nla_get_flag(tb[XENBR_VLAN_A_PVID]))
		flags |= XENBR_VLAN_F_PVID;
	if (nla_get_flag(tb[XENBR_VLAN_A_UNTAGGED]))
		flags |= XENBR_VLAN_F_UNTAGGED;
	if (!add && flags) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[XENBR_A_VLAN],
				    "Deleting a VLAN takes no flags");
		return -EINVAL;
	}

	rtnl_lock();
	err = xenbr_nl_vlan_dev(genl_info_net(info), info->attrs, &br, &port,
				info->extack);
	if (!err && add)
		err = xenbr_vlan_add(br, port, vid, vid_end, flags,
				     info->extack);
	else if (!err)
		err = xenbr_vlan_del(br, port, vid, vid_end, info->extack);
	rtnl_unlock();
	return err;
}

static int xenbr_nl_vlan_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return xenbr_nl_vlan_change(info, true);
}

static int xenbr_nl_vlan_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return xenbr_nl_vlan_change(info, false);
}

static int xenbr_nl_put_vlan_run(struct sk_buff *skb, u16 first, u16 last,
				 int flags)
{
	struct nlattr *nest = nla_nest_start(skb, XENBR_A_VLAN);

	if (!nest ||
	    nla_put_u16(skb, XENBR_VLAN_A_ID, first) ||
	    (last != first && nla_put_u16(skb, XENBR_VLAN_A_ID_END, last)) ||
	    ((flags & XENBR_VLAN_F_PVID) &&
	     nla_put_flag(skb, XENBR_VLAN_A_PVID)) ||
	    ((flags & XENBR_VLAN_F_UNTAGGED) &&
	     nla_put_flag(skb, XENBR_VLAN_A_UNTAGGED))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * One message of a VLAN dump: @port's VLANs (the bridge's own for NULL)
 * from *@from on. Sets *@from past the last VLAN put, 0 when all were.
 */
static int xenbr_nl_vlan_dump_dev(struct sk_buff *skb,
				  struct netlink_callback *cb,
				  struct xenbr *br, struct xenbr_port *port,
				  long *from)
{
	const struct xenbr_vlans *vlans =
		rtnl_dereference(port ? port->vlans : br->vlans);
	u16 first, last;
	bool any = false;
	void *hdr;
	int flags;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &xenbr_genl_family, NLM_F_MULTI, XENBR_CMD_VLAN_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, XENBR_A_BR_IFINDEX, br->dev->ifindex) ||
	    nla_put_string(skb, XENBR_A_BR_IFNAME, br->dev->name) ||
	    (port && (nla_put_u32(skb, XENBR_A_PORT_IFINDEX,
				  port->dev->ifindex) ||
		      nla_put_string(skb, XENBR_A_PORT_IFNAME,
				     port->dev->name)))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	while ((flags = xenbr_vlans_next_run(vlans, *from, &first,
					     &last)) >= 0) {
		if (xenbr_nl_put_vlan_run(skb, first, last, flags)) {
			/* The rest goes in the next message. */
			if (!any) {
				genlmsg_cancel(skb, hdr);
				return -EMSGSIZE;
			}
			genlmsg_end(skb, hdr);
			return -EMSGSIZE;
		}
		any = true;
		*from = last + 1;
	}
	*from = 0;
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * cb->args[0]: bridges done; [1]: devices of the current bridge done (the
 * bridge itself first, then its ports); [2]: the VLAN to resume that
 * device at.
 */
static int xenbr_nl_vlan_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct nlattr **tb = genl_info_dump(cb)->attrs;
	struct net *net = sock_net(skb->sk);
	struct xenbr_port *only_port = NULL, *port;
	struct xenbr *only = NULL, *br;
	bool only_self = false;
	struct net_device *dev;
	long nbr = 0, ndev;
	int err = 0;

	rtnl_lock();
	if (tb[XENBR_A_PORT_IFINDEX] || tb[XENBR_A_PORT_IFNAME]) {
		err = xenbr_nl_vlan_dev(net, tb, &only, &only_port,
					cb->extack);
		only_self = !only_port;
	} else {
		only = xenbr_nl_bridge_opt(net, tb, cb->extack);
		if (IS_ERR(only))
			err = PTR_ERR(only);
	}
	if (err)
		goto out;
	cb->seq = net->dev_base_seq;
	for_each_netdev(net, dev) {
		br = xenbr_from_dev(dev);
		if (br && (!only || br == only))
			cb->seq += atomic_read(&br->port_gen);
	}
	for_each_netdev(net, dev) {
		br = xenbr_from_dev(dev);
		if (!br || (only && br != only) || nbr++ < cb->args[0])
			continue;
		ndev = 0;
		if (!only_port && ndev++ >= cb->args[1]) {
			err = xenbr_nl_vlan_dump_dev(skb, cb, br, NULL,
						     &cb->args[2]);
			if (err)
				goto out;
			cb->args[1]++;
		}
		list_for_each_entry(port, &br->ports, list) {
			if (only_self || (only_port && port != only_port) ||
			    ndev++ < cb->args[1])
				continue;
			err = xenbr_nl_vlan_dump_dev(skb, cb, br, port,
						     &cb->args[2]);
			if (err)
				goto out;
			cb->args[1]++;
		}
		cb->args[0]++;
		cb->args[1] = 0;
	}
out:
	rtnl_unlock();
	return err && !skb->len ? err : skb->len;
}

static const struct genl_ops xenbr_nl_ops[] = {
	{
		.cmd		= XENBR_CMD_BR_GET,
		.doit		= xenbr_nl_br_get_doit,
		.dumpit		= xenbr_nl_br_get_dumpit,
		.policy		= xenbr_br_policy,
		.maxattr	= XENBR_A_MAX,
	},
	{
		.cmd		= XENBR_CMD_BR_NEW,
		.doit		= xenbr_nl_br_new_doit,
		.policy		= xenbr_br_new_policy,
		.maxattr	= XENBR_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XENBR_CMD_BR_DEL,
		.doit		= xenbr_nl_br_del_doit,
		.policy		= xenbr_br_policy,
		.maxattr	= XENBR_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XENBR_CMD_BR_SET,
		.doit		= xenbr_nl_br_set_doit,
		.policy		= xenbr_br_set_policy,
		.maxattr	= XENBR_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XENBR_CMD_PORT_GET,
		.doit		= xenbr_nl_port_get_doit,
		.dumpit		= xenbr_nl_port_get_dumpit,
		.policy		= xenbr_port_policy,
		.maxattr	= XENBR_A_MAX,
	},
	{
		.cmd		= XENBR_CMD_PORT_ADD,
		.doit		= xenbr_nl_port_add_doit,
		.policy		= xenbr_port_policy,
		.maxattr	= XENBR_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XENBR_CMD_PORT_DEL,
		.doit		= xenbr_nl_port_del_doit,
		.policy		= xenbr_port_policy,
		.maxattr	= XENBR_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XENBR_CMD_PORT_SET,
		.doit		= xenbr_nl_port_set_doit,
		.policy		= xenbr_port_set_policy,
		.maxattr	= XENBR_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XENBR_CMD_FDB_GET,
		.doit		= xenbr_nl_fdb_get_doit,
		.dumpit		= xenbr_nl_fdb_get_dumpit,
		.policy		= xenbr_fdb_policy,
		.maxattr	= XENBR_A_MAX,
	},
	{
		.cmd		= XENBR_CMD_FDB_ADD,
		.doit		= xenbr_nl_fdb_add_doit,
		.policy		= xenbr_fdb_add_policy,
		.maxattr	= XENBR_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XENBR_CMD_FDB_DEL,
		.doit		= xenbr_nl_fdb_del_doit,
		.policy		= xenbr_fdb_policy,
		.maxattr	= XENBR_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XENBR_CMD_FDB_FLUSH,
		.doit		= xenbr_nl_fdb_flush_doit,
		.policy		= xenbr_fdb_flush_policy,
		.maxattr	= XENBR_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XENBR_CMD_NETBACK_GET,
		.doit		= xenbr_nl_netback_get_doit,
		.policy		= xenbr_netback_get_policy,
		.maxattr	= XENBR_A_MAX,
	},
	{
		.cmd		= XENBR_CMD_NETBACK_SET,
		.doit		= xenbr_nl_netback_set_doit,
		.policy		= xenbr_netback_set_policy,
		.maxattr	= XENBR_A_MAX,
		/* The host's setting: CAP_NET_ADMIN in init_user_ns. */
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= XENBR_CMD_VLAN_GET,
		.dumpit		= xenbr_nl_vlan_get_dumpit,
		.policy		= xenbr_vlan_get_policy,
		.maxattr	= XENBR_A_MAX,
	},
	{
		.cmd		= XENBR_CMD_VLAN_ADD,
		.doit		= xenbr_nl_vlan_add_doit,
		.policy		= xenbr_vlan_set_policy,
		.maxattr	= XENBR_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XENBR_CMD_VLAN_DEL,
		.doit		= xenbr_nl_vlan_del_doit,
		.policy		= xenbr_vlan_set_policy,
		.maxattr	= XENBR_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

/* resv_start_op stays 0: every operation is strictly validated. */
static struct genl_family xenbr_genl_family __ro_after_init = {
	.name		= XENBR_GENL_NAME,
	.version	= XENBR_GENL_VERSION,
	.maxattr	= XENBR_A_MAX,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= xenbr_nl_ops,
	.n_ops		= ARRAY_SIZE(xenbr_nl_ops),
	.mcgrps		= xenbr_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(xenbr_nl_mcgrps),
};

const struct genl_ops *xenbr_nl_op(u8 cmd)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(xenbr_nl_ops); i++)
		if (xenbr_nl_ops[i].cmd == cmd)
			return &xenbr_nl_ops[i];
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_nl_op);

/* Events. */

bool xenbr_nl_has_listeners(const struct xenbr *br)
{
	/* Nothing to say about a bridge before or after its life. */
	if (br->dev->reg_state != NETREG_REGISTERED)
		return false;
	return genl_has_listeners(&xenbr_genl_family, dev_net(br->dev),
				  XENBR_NL_MCGRP_EVENTS);
}

static void xenbr_nl_send(const struct xenbr *br, struct sk_buff *msg,
			  void *hdr, gfp_t gfp)
{
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&xenbr_genl_family, dev_net(br->dev), msg, 0,
				XENBR_NL_MCGRP_EVENTS, gfp);
}

void xenbr_nl_suppressed_event(const struct xenbr *br, u64 count, gfp_t gfp)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(3 * nla_total_size_64bit(sizeof(u64)), gfp);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &xenbr_genl_family, 0, XENBR_CMD_EVENT);
	if (!hdr ||
	    nla_put_u32(msg, XENBR_A_EVENT, XENBR_EVENT_SUPPRESSED) ||
	    nla_put_u32(msg, XENBR_A_BR_IFINDEX, br->dev->ifindex) ||
	    nla_put_u64_64bit(msg, XENBR_A_SUPPRESSED, count, XENBR_A_PAD)) {
		nlmsg_free(msg);
		return;
	}
	xenbr_nl_send(br, msg, hdr, gfp);
}

void xenbr_nl_fdb_event(const struct xenbr *br,
			const struct xenbr_fdb_entry *entry,
			enum xenbr_event_type type)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(8 * nla_total_size(sizeof(u32)) +
			  nla_total_size(ETH_ALEN), GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &xenbr_genl_family, 0, XENBR_CMD_EVENT);
	if (!hdr || nla_put_u32(msg, XENBR_A_EVENT, type) ||
	    xenbr_nl_put_fdb(msg, br, entry, false)) {
		nlmsg_free(msg);
		return;
	}
	xenbr_nl_send(br, msg, hdr, GFP_ATOMIC);
}

void xenbr_nl_port_event(const struct xenbr_port *port,
			 enum xenbr_event_type type)
{
	const struct xenbr *br = port->br;
	struct sk_buff *msg;
	void *hdr;

	ASSERT_RTNL();
	if (!xenbr_nl_has_listeners(br))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &xenbr_genl_family, 0, XENBR_CMD_EVENT);
	if (!hdr || nla_put_u32(msg, XENBR_A_EVENT, type) ||
	    xenbr_nl_put_port(msg, port, false)) {
		nlmsg_free(msg);
		return;
	}
	xenbr_nl_send(br, msg, hdr, GFP_KERNEL);
}

int xenbr_nl_init(void)
{
	return genl_register_family(&xenbr_genl_family);
}

void xenbr_nl_fini(void)
{
	genl_unregister_family(&xenbr_genl_family);
}
