// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: what iproute2's "bridge" command asks of a master device over
 * rtnetlink - "bridge fdb show" and "bridge monitor fdb" (RTM_*NEIGH of
 * family AF_BRIDGE), "bridge link show|set" and "bridge vlan add|del|show"
 * (the ndo_bridge_* operations, RTM_*LINK of family AF_BRIDGE).
 *
 * rtnetlink reaches a master through these for any master, with one
 * exception: it asks a master for its ports' FDB entries, and forwards
 * "bridge fdb add|del ... master", only for ports marked IFF_BRIDGE_PORT,
 * and that flag tells net/bridge and switchdev that the port's
 * rx_handler_data is one of theirs. xenbr never sets it: its bridge device
 * dumps the whole FDB itself, and the FDB is changed with xenbr-ctl.
 *
 * Every change goes through the functions xenbr-ctl's genl requests use,
 * so one reads back what the other set.
 */

#include <linux/if_bridge.h>
#include <linux/jiffies.h>
#include <linux/rtnetlink.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include <kunit/visibility.h>
#include "xenbr.h"
#include "compat.h"

/* FDB entries as neighbours: "bridge fdb show", "bridge monitor fdb". */

static u16 xenbr_fdb_nud_state(const struct xenbr *br,
			       const struct xenbr_fdb_entry *entry)
{
	if (entry->flags & XENBR_FDB_LOCAL)
		return NUD_PERMANENT;
	if (entry->flags & XENBR_FDB_STATIC)
		return NUD_NOARP;
	if (xenbr_fdb_entry_expired(br, entry, jiffies))
		return NUD_STALE;
	return NUD_REACHABLE;
}

static size_t xenbr_fdb_neigh_size(void)
{
	return NLMSG_ALIGN(sizeof(struct ndmsg)) +
	       nla_total_size(ETH_ALEN) +		/* NDA_LLADDR */
	       nla_total_size(sizeof(u32)) +		/* NDA_MASTER */
	       nla_total_size(sizeof(u16)) +		/* NDA_VLAN */
	       nla_total_size(sizeof(struct nda_cacheinfo));
}

/* Caller holds RCU or the FDB lock, which keep @entry and its port. */
static int xenbr_fdb_fill_neigh(struct sk_buff *skb, const struct xenbr *br,
				const struct xenbr_fdb_entry *entry, u32 portid,
				u32 seq, int type, unsigned int flags)
{
	const struct xenbr_port *port = rcu_dereference_check(entry->port,
				lockdep_is_held(&br->fdb_lock));
	unsigned long updated = READ_ONCE(entry->updated);
	unsigned long now = jiffies;
	struct nda_cacheinfo ci = {};
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	nlh = nlmsg_put(skb, portid, seq, type, sizeof(*ndm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ndm = nlmsg_data(nlh);
	memset(ndm, 0, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_ifindex = port ? port->dev->ifindex : br->dev->ifindex;
	ndm->ndm_state = xenbr_fdb_nud_state(br, entry);

	/* The tests' fake clock can put @updated ahead of jiffies. */
	if (time_after(updated, now))
		updated = now;
	ci.ndm_used = jiffies_to_clock_t(now - updated);
	ci.ndm_updated = ci.ndm_used;
	if (nla_put(skb, NDA_LLADDR, ETH_ALEN, entry->key.addr) ||
	    nla_put_u32(skb, NDA_MASTER, br->dev->ifindex) ||
	    nla_put(skb, NDA_CACHEINFO, sizeof(ci), &ci) ||
	    (entry->key.vid &&
	     nla_put_u16(skb, NDA_VLAN, entry->key.vid))) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

bool xenbr_rtnl_has_listeners(const struct xenbr *br)
{
	return rtnl_has_listeners(dev_net(br->dev), RTNLGRP_NEIGH);
}

/**
 * xenbr_rtnl_fdb_event() - tell RTNLGRP_NEIGH of an FDB change
 * @br: the bridge
 * @entry: the entry, as it is now (or was, when it went)
 * @type: what happened
 *
 * Context: any, BH disabled; @entry held by the FDB lock.
 */
void xenbr_rtnl_fdb_event(const struct xenbr *br,
			  const struct xenbr_fdb_entry *entry,
			  enum xenbr_event_type type)
{
	struct net *net = dev_net(br->dev);
	int msg = type == XENBR_EVENT_FDB_AGE ||
		  type == XENBR_EVENT_FDB_DELETE ? RTM_DELNEIGH : RTM_NEWNEIGH;
	struct sk_buff *skb;
	int err;

	skb = nlmsg_new(xenbr_fdb_neigh_size(), GFP_ATOMIC);
	if (!skb) {
		rtnl_set_sk_err(net, RTNLGRP_NEIGH, -ENOBUFS);
		return;
	}
	err = xenbr_fdb_fill_neigh(skb, br, entry, 0, 0, msg, 0);
	if (WARN_ON_ONCE(err)) {	/* xenbr_fdb_neigh_size() is wrong */
		kfree_skb(skb);
		return;
	}
	rtnl_notify(skb, net, 0, RTNLGRP_NEIGH, NULL, GFP_ATOMIC);
}

struct xenbr_rtnl_fdb_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	const struct xenbr *br;
	int *idx;
};

static int xenbr_rtnl_fdb_dump_one(const struct xenbr_fdb_entry *entry,
				   u32 gen, void *arg)
{
	struct xenbr_rtnl_fdb_dump *dump = arg;
	struct netlink_callback *cb = dump->cb;
	const struct ndo_fdb_dump_context *ctx = (const void *)cb->ctx;
	int err;

	if (*dump->idx >= ctx->fdb_idx) {
		err = xenbr_fdb_fill_neigh(dump->skb, dump->br, entry,
					   NETLINK_CB(cb->skb).portid,
					   cb->nlh->nlmsg_seq, RTM_NEWNEIGH,
					   NLM_F_MULTI);
		if (err)
			return err;
	}
	(*dump->idx)++;
	return 0;
}

/*
 * ndo_fdb_dump of the bridge device: its own address lists, then every
 * entry, on its port's ifindex with NDA_MASTER, as the Linux bridge's are.
 * rtnetlink counts entries in *@idx and resumes after ctx->fdb_idx of them.
 */
int xenbr_ndo_fdb_dump(struct sk_buff *skb, struct netlink_callback *cb,
		       struct net_device *dev, struct net_device *filter_dev,
		       int *idx)
{
	struct xenbr *br = xenbr_from_dev(dev);
	struct xenbr_rtnl_fdb_dump dump = {
		.skb = skb, .cb = cb, .br = br, .idx = idx,
	};
	struct xenbr_fdb_cursor cur = {};
	int err;

	if (!br || filter_dev)
		return 0;
	err = ndo_dflt_fdb_dump(skb, cb, dev, NULL, idx);
	if (err < 0)
		return err;
	rcu_read_lock();
	err = xenbr_fdb_dump(br, &cur, xenbr_rtnl_fdb_dump_one, &dump);
	rcu_read_unlock();
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_ndo_fdb_dump);

/* Ports and VLANs as links: "bridge link", "bridge vlan". */

/* One IFLA_BRIDGE_VLAN_INFO per VLAN, or per run if @compressed. */
static int xenbr_rtnl_fill_vlans(struct sk_buff *skb,
				 const struct xenbr_vlans *vlans,
				 bool compressed)
{
	struct bridge_vlan_info info;
	u16 from = 0, first, last, v;
	int flags;

	while ((flags = xenbr_vlans_next_run(vlans, from, &first,
					     &last)) >= 0) {
		from = last + 1;
		info.flags = (flags & XENBR_VLAN_F_PVID ?
			      BRIDGE_VLAN_INFO_PVID : 0) |
			     (flags & XENBR_VLAN_F_UNTAGGED ?
			      BRIDGE_VLAN_INFO_UNTAGGED : 0);
		if (compressed && first != last) {
			info.vid = first;
			info.flags |= BRIDGE_VLAN_INFO_RANGE_BEGIN;
			if (nla_put(skb, IFLA_BRIDGE_VLAN_INFO, sizeof(info),
				    &info))
				return -EMSGSIZE;
			info.flags ^= BRIDGE_VLAN_INFO_RANGE_BEGIN |
				      BRIDGE_VLAN_INFO_RANGE_END;
			info.vid = last;
			if (nla_put(skb, IFLA_BRIDGE_VLAN_INFO, sizeof(info),
				    &info))
				return -EMSGSIZE;
			continue;
		}
		for (v = first; v <= last; v++) {
			info.vid = v;
			if (nla_put(skb, IFLA_BRIDGE_VLAN_INFO, sizeof(info),
				    &info))
				return -EMSGSIZE;
		}
	}
	return 0;
}

static int xenbr_rtnl_fill_protinfo(struct sk_buff *skb,
				    const struct xenbr_port *port)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, IFLA_PROTINFO);
	if (!nest)
		return -EMSGSIZE;
	/* No STP: a port forwards while it is up, as one with STP off. */
	if (nla_put_u8(skb, IFLA_BRPORT_STATE,
		       xenbr_port_is_up(port) ? BR_STATE_FORWARDING :
						BR_STATE_DISABLED) ||
	    nla_put_u16(skb, IFLA_BRPORT_NO, port->port_no) ||
	    xenbr_port_put_flags(skb, port, true))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* ndo_bridge_getlink: a port (of this bridge) or the bridge itself. RTNL. */
int xenbr_ndo_bridge_getlink(struct sk_buff *skb, u32 pid, u32 seq,
			     struct net_device *dev, u32 filter_mask,
			     int nlflags)
{
	const u32 vlan_mask = RTEXT_FILTER_BRVLAN |
			      RTEXT_FILTER_BRVLAN_COMPRESSED;
	struct xenbr_port *port = xenbr_port_from_dev(dev);
	struct xenbr *br = port ? port->br : xenbr_from_dev(dev);
	u8 operstate = netif_running(dev) ? READ_ONCE(dev->operstate) :
					    IF_OPER_DOWN;
	const struct xenbr_vlans *vlans;
	struct ifinfomsg *ifm;
	struct nlattr *af;
	struct nlmsghdr *nlh;

	/* The bridge itself has nothing to say but its VLANs. */
	if (!br || (!port && !(filter_mask & vlan_mask)))
		return 0;
	nlh = nlmsg_put(skb, pid, seq, RTM_NEWLINK, sizeof(*ifm), nlflags);
	if (!nlh)
		return -EMSGSIZE;
	ifm = nlmsg_data(nlh);
	memset(ifm, 0, sizeof(*ifm));
	ifm->ifi_family = AF_BRIDGE;
	ifm->ifi_type = dev->type;
	ifm->ifi_index = dev->ifindex;
	ifm->ifi_flags = netif_get_flags(dev);

	if (nla_put_string(skb, IFLA_IFNAME, dev->name) ||
	    nla_put_u32(skb, IFLA_MASTER, br->dev->ifindex) ||
	    nla_put_u32(skb, IFLA_MTU, dev->mtu) ||
	    nla_put_u8(skb, IFLA_OPERSTATE, operstate) ||
	    nla_put(skb, IFLA_ADDRESS, dev->addr_len, dev->dev_addr) ||
	    (dev->ifindex != dev_get_iflink(dev) &&
	     nla_put_u32(skb, IFLA_LINK, dev_get_iflink(dev))))
		goto cancel;
	if (port && xenbr_rtnl_fill_protinfo(skb, port))
		goto cancel;
	if (filter_mask & vlan_mask) {
		af = nla_nest_start_noflag(skb, IFLA_AF_SPEC);
		if (!af)
			goto cancel;
		vlans = rtnl_dereference(port ? port->vlans : br->vlans);
		if (xenbr_rtnl_fill_vlans(skb, vlans, filter_mask &
					  RTEXT_FILTER_BRVLAN_COMPRESSED))
			goto cancel;
		nla_nest_end(skb, af);
	}
	nlmsg_end(skb, nlh);
	return 0;

cancel:
	nlmsg_cancel(skb, nlh);
	return -EMSGSIZE;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_ndo_bridge_getlink);

static const struct nla_policy xenbr_brport_policy[IFLA_BRPORT_MAX + 1] = {
	[IFLA_BRPORT_LEARNING]		= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_BRPORT_UNICAST_FLOOD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_BRPORT_MCAST_FLOOD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_BRPORT_BCAST_FLOOD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_BRPORT_ISOLATED]		= NLA_POLICY_MAX(NLA_U8, 1),
};

/*
 * "bridge link set": the flags xenbr has. Anything else (hairpin, guard,
 * STP state, cost...) is refused: xenbr has no such thing, and a setting
 * silently ignored would be a lie.
 */
static int xenbr_rtnl_set_protinfo(struct xenbr_port *port,
				   struct nlattr *protinfo,
				   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IFLA_BRPORT_MAX + 1];
	struct nlattr *attr;
	u32 flags, mask;
	int rem, err;

	if (!(protinfo->nla_type & NLA_F_NESTED)) {
		NL_SET_ERR_MSG_ATTR(extack, protinfo,
				    "xenbr has no STP state to set");
		return -EOPNOTSUPP;
	}
	nla_for_each_nested(attr, protinfo, rem) {
		if (!xenbr_port_is_flag_attr(nla_type(attr), true)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "xenbr ports have learning, flood, mcast_flood, bcast_flood and isolated only");
			return -EOPNOTSUPP;
		}
	}
	err = nla_parse_nested(tb, IFLA_BRPORT_MAX, protinfo,
			       xenbr_brport_policy, extack);
	if (err)
		return err;
	xenbr_port_parse_flags(tb, true, &flags, &mask);
	return mask ? xenbr_port_set_flags(port, flags, mask, extack) : 0;
}

/*
 * "bridge vlan add|del": IFLA_BRIDGE_VLAN_INFO entries, a range given as
 * a RANGE_BEGIN entry and its RANGE_END. Each entry or range is applied
 * as it comes, as the Linux bridge does.
 */
static int xenbr_rtnl_vlans(struct xenbr *br, struct xenbr_port *port,
			    struct nlattr *af_spec, bool add,
			    struct netlink_ext_ack *extack)
{
	const struct bridge_vlan_info *info, *begin = NULL;
	struct nlattr *attr;
	int rem, err;
	u32 flags;
	u16 first;

	nla_for_each_nested(attr, af_spec, rem) {
		if (nla_type(attr) == IFLA_BRIDGE_FLAGS)
			continue;
		if (nla_type(attr) != IFLA_BRIDGE_VLAN_INFO) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "xenbr takes VLANs only (no tunnel, MRP, CFM or MST)");
			return -EOPNOTSUPP;
		}
		if (nla_len(attr) != sizeof(*info)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "Malformed VLAN information");
			return -EINVAL;
		}
		info = nla_data(attr);
		if (info->flags & BRIDGE_VLAN_INFO_RANGE_BEGIN) {
			if (begin) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "A range begins inside another");
				return -EINVAL;
			}
			begin = info;
			continue;
		}
		first = info->vid;
		if (begin) {
			if (!(info->flags & BRIDGE_VLAN_INFO_RANGE_END)) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "A range with no end");
				return -EINVAL;
			}
			first = begin->vid;
			begin = NULL;
		}
		flags = (info->flags & BRIDGE_VLAN_INFO_PVID ?
			 XENBR_VLAN_F_PVID : 0) |
			(info->flags & BRIDGE_VLAN_INFO_UNTAGGED ?
			 XENBR_VLAN_F_UNTAGGED : 0);
		if (add)
			err = xenbr_vlan_add(br, port, first, info->vid, flags,
					     extack);
		else
			err = xenbr_vlan_del(br, port, first, info->vid,
					     extack);
		if (err)
			return err;
	}
	if (begin) {
		NL_SET_ERR_MSG(extack, "A range with no end");
		return -EINVAL;
	}
	return 0;
}

/*
 * ndo_bridge_setlink, for a port ("bridge link set", "bridge vlan add") or,
 * through "self", the bridge itself ("bridge vlan add dev xenbr0 ... self").
 * RTNL.
 */
int xenbr_ndo_bridge_setlink(struct net_device *dev, struct nlmsghdr *nlh,
			     u16 flags, struct netlink_ext_ack *extack)
{
	struct xenbr_port *port = xenbr_port_from_dev(dev);
	struct xenbr *br = port ? port->br : xenbr_from_dev(dev);
	struct nlattr *protinfo, *af_spec;
	int err;

	if (!br)
		return -EOPNOTSUPP;
	protinfo = nlmsg_find_attr(nlh, sizeof(struct ifinfomsg),
				   IFLA_PROTINFO);
	af_spec = nlmsg_find_attr(nlh, sizeof(struct ifinfomsg), IFLA_AF_SPEC);
	if (protinfo) {
		if (!port) {
			NL_SET_ERR_MSG_ATTR(extack, protinfo,
					    "Port settings are for ports, not the bridge");
			return -EINVAL;
		}
		err = xenbr_rtnl_set_protinfo(port, protinfo, extack);
		if (err)
			return err;
	}
	return af_spec ? xenbr_rtnl_vlans(br, port, af_spec, true, extack) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_ndo_bridge_setlink);

/* ndo_bridge_dellink: "bridge vlan del". RTNL. */
int xenbr_ndo_bridge_dellink(struct net_device *dev, struct nlmsghdr *nlh,
			     u16 flags)
{
	struct xenbr_port *port = xenbr_port_from_dev(dev);
	struct xenbr *br = port ? port->br : xenbr_from_dev(dev);
	struct nlattr *af_spec;

	if (!br)
		return -EOPNOTSUPP;
	af_spec = nlmsg_find_attr(nlh, sizeof(struct ifinfomsg), IFLA_AF_SPEC);
	return af_spec ? xenbr_rtnl_vlans(br, port, af_spec, false, NULL) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_ndo_bridge_dellink);
