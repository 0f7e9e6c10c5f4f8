// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: the FDB's generic netlink operations - FDB_GET (one entry, or a
 * bridge's whole table, resumable), FDB_ADD, FDB_DEL and FDB_FLUSH - and
 * its events, to both netlink families under one rate limit.
 */

#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/rtnetlink.h>
#include <linux/timekeeping.h>
#include <net/sock.h>
#include "netlink.h"

const struct nla_policy xenbr_fdb_policy[XENBR_A_MAX + 1] = {
	XENBR_NL_POLICY_BR,
	[XENBR_A_FDB_MAC]	= NLA_POLICY_ETH_ADDR,
	[XENBR_A_FDB_VLAN]	= NLA_POLICY_MAX(NLA_U16, XENBR_VID_MAX),
};

const struct nla_policy xenbr_fdb_add_policy[XENBR_A_MAX + 1] = {
	XENBR_NL_POLICY_BR,
	XENBR_NL_POLICY_PORT,
	[XENBR_A_FDB_MAC]	= NLA_POLICY_ETH_ADDR,
	[XENBR_A_FDB_VLAN]	= NLA_POLICY_MAX(NLA_U16, XENBR_VID_MAX),
	[XENBR_A_FDB_REPLACE]	= { .type = NLA_FLAG },
};

const struct nla_policy xenbr_fdb_flush_policy[XENBR_A_MAX + 1] = {
	XENBR_NL_POLICY_BR,
	XENBR_NL_POLICY_PORT,
	[XENBR_A_FDB_VLAN]	= NLA_POLICY_MAX(NLA_U16, XENBR_VID_MAX),
	[XENBR_A_FLUSH_STATIC]	= { .type = NLA_FLAG },
};

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

/* The VLAN id of an FDB request: 0, the VLAN-unaware one, if none. */
static u16 xenbr_nl_fdb_vid(struct genl_info *info)
{
	struct nlattr *vlan = info->attrs[XENBR_A_FDB_VLAN];

	return vlan ? nla_get_u16(vlan) : 0;
}

int xenbr_nl_fdb_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *mac = info->attrs[XENBR_A_FDB_MAC];
	u16 vid = xenbr_nl_fdb_vid(info);
	struct xenbr_fdb_entry *entry;
	struct sk_buff *msg;
	struct xenbr *br;
	void *hdr;
	int err;

	err = xenbr_nl_require(info, XENBR_A_FDB_MAC, "Missing MAC address");
	if (err)
		return err;
	msg = xenbr_nl_reply_new(info, XENBR_CMD_FDB_GET, &hdr);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	br = xenbr_nl_bridge(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(br)) {
		err = PTR_ERR(br);
		goto unlock;
	}
	/* Entries come and go under the FDB lock: RCU keeps this one. */
	rcu_read_lock();
	entry = xenbr_fdb_find(br, nla_data(mac), vid);
	if (!entry) {
		NL_SET_ERR_MSG_ATTR(info->extack, mac, "No such FDB entry");
		err = -ENOENT;
	} else if (xenbr_nl_put_fdb(msg, br, entry, true)) {
		err = -EMSGSIZE;
	}
	rcu_read_unlock();
unlock:
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
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
	hdr = xenbr_nl_dump_start(skb, cb, XENBR_CMD_FDB_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, XENBR_A_GENERATION, gen) ||
	    xenbr_nl_put_fdb(skb, dump->br, entry, true)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int xenbr_nl_fdb_get_dumpit(struct sk_buff *skb,
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
	return xenbr_nl_dump_done(skb, err);
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

int xenbr_nl_fdb_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *mac = info->attrs[XENBR_A_FDB_MAC];
	struct net *net = genl_info_net(info);
	u16 vid = xenbr_nl_fdb_vid(info);
	struct xenbr_port *port;
	struct xenbr *br;
	int err;

	err = xenbr_nl_check_mac(info);
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

int xenbr_nl_fdb_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *mac = info->attrs[XENBR_A_FDB_MAC];
	u16 vid = xenbr_nl_fdb_vid(info);
	struct xenbr *br;
	int err;

	err = xenbr_nl_require(info, XENBR_A_FDB_MAC, "Missing MAC address");
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

int xenbr_nl_fdb_flush_doit(struct sk_buff *skb,
			    struct genl_info *info)
{
	bool with_static = nla_get_flag(info->attrs[XENBR_A_FLUSH_STATIC]);
	struct nlattr *vlan = info->attrs[XENBR_A_FDB_VLAN];
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
	if (vlan)
		xenbr_fdb_flush_vlan(br, port, nla_get_u16(vlan), with_static);
	else
		xenbr_fdb_flush(br, port, with_static);
out:
	rtnl_unlock();
	return err;
}

/* Events. */

static void xenbr_nl_fdb_event(const struct xenbr *br,
			       const struct xenbr_fdb_entry *entry,
			       enum xenbr_event_type type)
{
	struct sk_buff *msg;
	void *hdr;

	msg = xenbr_nl_event_new(7 * nla_total_size(sizeof(u32)) +
				 nla_total_size(ETH_ALEN), type, &hdr,
				 GFP_ATOMIC);
	if (!msg)
		return;
	if (xenbr_nl_put_fdb(msg, br, entry, false)) {
		nlmsg_free(msg);
		return;
	}
	xenbr_nl_event_send(br, msg, hdr, GFP_ATOMIC);
}

static void xenbr_nl_suppressed_event(const struct xenbr *br, u64 count,
				      gfp_t gfp)
{
	struct sk_buff *msg;
	void *hdr;

	msg = xenbr_nl_event_new(2 * nla_total_size_64bit(sizeof(u64)),
				 XENBR_EVENT_SUPPRESSED, &hdr, gfp);
	if (!msg)
		return;
	if (nla_put_u32(msg, XENBR_A_BR_IFINDEX, br->dev->ifindex) ||
	    nla_put_u64_64bit(msg, XENBR_A_SUPPRESSED, count, XENBR_A_PAD)) {
		nlmsg_free(msg);
		return;
	}
	xenbr_nl_event_send(br, msg, hdr, gfp);
}

void xenbr_fdb_notify_suppressed(struct xenbr *br)
{
	u64 count;

	if (!xenbr_nl_has_listeners(br))
		return;
	count = xenbr_ratelimit_take(&br->evlimit);
	if (count)
		xenbr_nl_suppressed_event(br, count, GFP_KERNEL);
}

void xenbr_fdb_notify(struct xenbr *br, const struct xenbr_fdb_entry *entry,
		      enum xenbr_event_type type)
{
	u64 suppressed;
	bool genl, rtnl;

	/* Cheap checks first: this runs for every address learned. */
	genl = xenbr_nl_has_listeners(br);
	rtnl = xenbr_rtnl_has_listeners(br);
	if ((!genl && !rtnl) ||
	    !xenbr_ratelimit_allow(&br->evlimit, ktime_get_mono_fast_ns(),
				   &suppressed))
		return;
	if (suppressed && genl)
		xenbr_nl_suppressed_event(br, suppressed, GFP_ATOMIC);
	if (genl)
		xenbr_nl_fdb_event(br, entry, type);
	/* "bridge monitor fdb" hears the same, within the same limit. */
	if (rtnl)
		xenbr_rtnl_fdb_event(br, entry, type);
}
