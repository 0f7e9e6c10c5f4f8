// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: the "xenbr" generic netlink family - its operations, the lookups
 * every request makes, replies, dumps and the "events" multicast group.
 *
 * Every object is looked up in the requester's network namespace. Changes
 * run under RTNL through the same functions rtnetlink uses, so "ip link set
 * DEV master BR" and PORT_ADD are one code path. The objects' own files
 * answer their operations and build their messages (netlink.h); NETBACK_GET
 * and NETBACK_SET go to the netback glue, when it has registered.
 */

#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <kunit/visibility.h>
#include "netlink.h"

enum {
	XENBR_NL_MCGRP_EVENTS,
};

static const struct genl_multicast_group xenbr_nl_mcgrps[] = {
	[XENBR_NL_MCGRP_EVENTS] = { .name = XENBR_MCGRP_EVENTS },
};

static struct genl_family xenbr_genl_family;

struct netlink_range_validation xenbr_nl_limit_range = {
	.max = XENBR_LEARN_LIMIT_MAX,
};

/* Lookups, under RTNL, in the requester's network namespace. */

struct net_device *xenbr_nl_dev(struct net *net, struct nlattr **tb,
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

struct net_device *xenbr_nl_named_dev(struct net *net, struct nlattr **tb,
				      bool port, struct nlattr **which,
				      struct netlink_ext_ack *extack)
{
	int name = port ? XENBR_A_PORT_IFNAME : XENBR_A_BR_IFNAME;
	struct net_device *dev;

	dev = xenbr_nl_dev(net, tb,
			   port ? XENBR_A_PORT_IFINDEX : XENBR_A_BR_IFINDEX,
			   name, which, extack);
	if (dev)
		return dev;
	NL_SET_ERR_ATTR_MISS(extack, NULL, name);
	if (port)
		NL_SET_ERR_MSG(extack, "Missing port (ifindex or name)");
	else
		NL_SET_ERR_MSG(extack, "Missing bridge (ifindex or name)");
	return ERR_PTR(-EINVAL);
}

struct xenbr *xenbr_nl_bridge(struct net *net, struct nlattr **tb,
			      struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct nlattr *attr;
	struct xenbr *br;

	dev = xenbr_nl_named_dev(net, tb, false, &attr, extack);
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

struct xenbr_port *xenbr_nl_port(struct net *net, struct nlattr **tb,
				 struct xenbr *br,
				 struct netlink_ext_ack *extack)
{
	struct xenbr_port *port;
	struct net_device *dev;
	struct nlattr *attr;

	dev = xenbr_nl_named_dev(net, tb, true, &attr, extack);
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

struct xenbr *xenbr_nl_bridge_opt(struct net *net, struct nlattr **tb,
				  struct netlink_ext_ack *extack)
{
	if (!tb[XENBR_A_BR_IFINDEX] && !tb[XENBR_A_BR_IFNAME])
		return NULL;
	return xenbr_nl_bridge(net, tb, extack);
}

struct xenbr_port *xenbr_nl_port_of(struct net *net, struct nlattr **tb,
				    struct netlink_ext_ack *extack)
{
	struct xenbr *br = xenbr_nl_bridge_opt(net, tb, extack);

	return IS_ERR(br) ? ERR_CAST(br) : xenbr_nl_port(net, tb, br, extack);
}

int xenbr_nl_require(struct genl_info *info, int type,
		     const char *msg)
{
	if (!GENL_REQ_ATTR_CHECK(info, type))
		return 0;
	/* @msg is a literal, as NL_SET_ERR_MSG() would want. */
	info->extack->_msg = msg;
	return -EINVAL;
}

/* Message contents. */

int xenbr_nl_put_stats(struct sk_buff *skb,
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

struct sk_buff *xenbr_nl_reply_new(struct genl_info *info, u8 cmd,
				   void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put_reply(msg, info, &xenbr_genl_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int xenbr_nl_reply(struct genl_info *info, u8 cmd, xenbr_nl_put_t put,
		   void *obj)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = xenbr_nl_reply_new(info, cmd, &hdr);
	if (!msg)
		return -ENOMEM;
	/* Not only -EMSGSIZE: the glue says -EOPNOTSUPP off Xen. */
	err = put(msg, obj);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

void *xenbr_nl_dump_start(struct sk_buff *skb, struct netlink_callback *cb,
			  u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &xenbr_genl_family, NLM_F_MULTI, cmd);
	if (hdr)
		genl_dump_check_consistent(cb, hdr);
	return hdr;
}

int xenbr_nl_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
		      u8 cmd, xenbr_nl_put_t put, void *obj, u32 gen)
{
	void *hdr = xenbr_nl_dump_start(skb, cb, cmd);

	if (!hdr)
		return -EMSGSIZE;
	if ((gen && nla_put_u32(skb, XENBR_A_GENERATION, gen)) ||
	    put(skb, obj)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * NETBACK_GET names nothing, the glue being the host's: refuse all.
 * NETBACK_SET only switches it.
 */
static const struct nla_policy xenbr_netback_get_policy[XENBR_A_MAX + 1] = {
};

static const struct nla_policy xenbr_netback_set_policy[XENBR_A_MAX + 1] = {
	[XENBR_A_NETBACK_AUTO]	= NLA_POLICY_MAX(NLA_U8, 1),
};

static int xenbr_nl_no_netback(struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG(extack, "This xenbr has no netback glue");
	return -EOPNOTSUPP;
}

static int xenbr_nl_netback_put(struct sk_buff *skb, void *obj)
{
	struct genl_info *info = obj;

	/*
	 * Its counters tell of every guest on the host: only the initial
	 * namespace, which holds the vifs, sees them.
	 */
	return xenbr_netback_ops()->fill(skb,
					 net_eq(genl_info_net(info), &init_net),
					 info->extack);
}

static int xenbr_nl_netback_get_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	int err;

	rtnl_lock();
	if (xenbr_netback_ops())
		err = xenbr_nl_reply(info, XENBR_CMD_NETBACK_GET,
				     xenbr_nl_netback_put, info);
	else
		err = xenbr_nl_no_netback(info->extack);
	rtnl_unlock();
	return err;
}

static int xenbr_nl_netback_set_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	const struct xenbr_netback_ops *ops;
	int err;
	u8 on;

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
	on = nla_get_u8(info->attrs[XENBR_A_NETBACK_AUTO]);
	rtnl_lock();
	ops = xenbr_netback_ops();
	err = ops ? ops->set_auto(on, info->extack) :
		    xenbr_nl_no_netback(info->extack);
	rtnl_unlock();
	return err;
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
		.policy		= xenbr_port_policy,	/* a bridge, a port */
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

struct sk_buff *xenbr_nl_event_new(size_t size, enum xenbr_event_type type,
				   void **hdr, gfp_t gfp)
{
	struct sk_buff *msg;

	msg = genlmsg_new(nla_total_size(sizeof(u32)) + size, gfp);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, 0, 0, &xenbr_genl_family, 0, XENBR_CMD_EVENT);
	if (!*hdr || nla_put_u32(msg, XENBR_A_EVENT, type)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

void xenbr_nl_event_send(const struct xenbr *br, struct sk_buff *msg,
			 void *hdr, gfp_t gfp)
{
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&xenbr_genl_family, dev_net(br->dev), msg, 0,
				XENBR_NL_MCGRP_EVENTS, gfp);
}

int xenbr_nl_init(void)
{
	return genl_register_family(&xenbr_genl_family);
}

void xenbr_nl_fini(void)
{
	genl_unregister_family(&xenbr_genl_family);
}
