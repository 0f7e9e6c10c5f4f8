// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: the VLANs' generic netlink operations - VLAN_GET (a dump of the
 * bridge's own VLANs and its ports', in runs), VLAN_ADD and VLAN_DEL.
 */

#include <linux/rtnetlink.h>
#include <net/sock.h>
#include "netlink.h"

static const struct nla_policy xenbr_vlan_nest_policy[XENBR_VLAN_A_MAX + 1] = {
	[XENBR_VLAN_A_ID]	= NLA_POLICY_RANGE(NLA_U16, 1, XENBR_VID_MAX),
	[XENBR_VLAN_A_ID_END]	= NLA_POLICY_RANGE(NLA_U16, 1, XENBR_VID_MAX),
	[XENBR_VLAN_A_PVID]	= { .type = NLA_FLAG },
	[XENBR_VLAN_A_UNTAGGED]	= { .type = NLA_FLAG },
};

const struct nla_policy xenbr_vlan_set_policy[XENBR_A_MAX + 1] = {
	XENBR_NL_POLICY_BR,
	XENBR_NL_POLICY_PORT,
	[XENBR_A_VLAN] = NLA_POLICY_NESTED(xenbr_vlan_nest_policy),
};

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

int xenbr_nl_vlan_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return xenbr_nl_vlan_change(info, true);
}

int xenbr_nl_vlan_del_doit(struct sk_buff *skb, struct genl_info *info)
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

	hdr = xenbr_nl_dump_start(skb, cb, XENBR_CMD_VLAN_GET);
	if (!hdr)
		return -EMSGSIZE;
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
int xenbr_nl_vlan_get_dumpit(struct sk_buff *skb,
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
	return xenbr_nl_dump_done(skb, err);
}
