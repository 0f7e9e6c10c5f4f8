// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: a bridge's generic netlink operations - BR_GET (one or all),
 * BR_NEW, BR_DEL and BR_SET - and its attributes.
 */

#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/sock.h>
#include "netlink.h"

static struct netlink_range_validation xenbr_ageing_range = {
	.max = XENBR_AGEING_MAX_MS,
};

/*
 * One policy per operation: an attribute the operation does not use is
 * rejected (strict validation), not silently ignored.
 */
const struct nla_policy xenbr_br_policy[XENBR_A_MAX + 1] = {
	XENBR_NL_POLICY_BR,
};

const struct nla_policy xenbr_br_new_policy[XENBR_A_MAX + 1] = {
	[XENBR_A_BR_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[XENBR_A_BR_MAC]	= NLA_POLICY_ETH_ADDR,
};

const struct nla_policy xenbr_br_set_policy[XENBR_A_MAX + 1] = {
	XENBR_NL_POLICY_BR,
	[XENBR_A_BR_MAC]	= NLA_POLICY_ETH_ADDR,
	[XENBR_A_BR_AGEING_TIME] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &xenbr_ageing_range),
	[XENBR_A_BR_LEARN_LIMIT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &xenbr_nl_limit_range),
	[XENBR_A_BR_PORT_LEARN_LIMIT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &xenbr_nl_limit_range),
	[XENBR_A_BR_VLAN_FILTERING] = NLA_POLICY_MAX(NLA_U8, 1),
	[XENBR_A_BR_VLAN_DEFAULT_PVID] = NLA_POLICY_MAX(NLA_U16, XENBR_VID_MAX),
};

static int xenbr_nl_put_br(struct sk_buff *skb, void *obj)
{
	struct xenbr *br = obj;
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

int xenbr_nl_br_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct xenbr *br;
	int err;

	rtnl_lock();
	br = xenbr_nl_bridge(genl_info_net(info), info->attrs, info->extack);
	err = IS_ERR(br) ? PTR_ERR(br) :
	      xenbr_nl_reply(info, XENBR_CMD_BR_GET, xenbr_nl_put_br, br);
	rtnl_unlock();
	return err;
}

/* cb->args[0]: bridges already sent. A bridge in the request filters. */
int xenbr_nl_br_get_dumpit(struct sk_buff *skb,
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
					xenbr_nl_put_br, br, 0);
		if (err) {
			idx--;
			break;
		}
	}
	rtnl_unlock();
	cb->args[0] = idx;
	return xenbr_nl_dump_done(skb, err);
}

int xenbr_nl_br_new_doit(struct sk_buff *skb, struct genl_info *info)
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

int xenbr_nl_br_del_doit(struct sk_buff *skb, struct genl_info *info)
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

int xenbr_nl_br_set_doit(struct sk_buff *skb, struct genl_info *info)
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
