/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr: the "xenbr" generic netlink family as its objects' files use it.
 *
 * netlink.c owns the family: its operations table, the lookups every
 * request makes, replies, dump messages and the events group. Each object
 * owns its operations, policies, attributes and events in a file of its
 * own (device_netlink.c, port_netlink.c, fdb_netlink.c, vlan_netlink.c,
 * and VIF locking's in locking.c); the calls go one way: object, its
 * netlink file, this family.
 */
#ifndef _XENBR_NETLINK_H
#define _XENBR_NETLINK_H

#include <net/genetlink.h>
#include <net/netlink.h>
#include "xenbr.h"
#include "compat.h"

/* Policy entries of a bridge, and of a port, named by ifindex or name. */
#define XENBR_NL_POLICY_BR \
	[XENBR_A_BR_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1), \
	[XENBR_A_BR_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 }
#define XENBR_NL_POLICY_PORT \
	[XENBR_A_PORT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1), \
	[XENBR_A_PORT_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 }

/* A learning limit, of a bridge or a port. */
extern struct netlink_range_validation xenbr_nl_limit_range;

/*
 * Lookups, under RTNL, in the requester's namespace. Each says what is
 * wrong in @extack.
 */
/* The device named by @idx_type or @name_type, NULL if neither is given. */
struct net_device *xenbr_nl_dev(struct net *net, struct nlattr **tb,
				int idx_type, int name_type,
				struct nlattr **which,
				struct netlink_ext_ack *extack);
/* The bridge's (or @port's) device, which the request must name. */
struct net_device *xenbr_nl_named_dev(struct net *net, struct nlattr **tb,
				      bool port, struct nlattr **which,
				      struct netlink_ext_ack *extack);
struct xenbr *xenbr_nl_bridge(struct net *net, struct nlattr **tb,
			      struct netlink_ext_ack *extack);
/* The bridge of the request if it names one, else NULL. */
struct xenbr *xenbr_nl_bridge_opt(struct net *net, struct nlattr **tb,
				  struct netlink_ext_ack *extack);
/* The port named by the request; of @br unless @br is NULL. */
struct xenbr_port *xenbr_nl_port(struct net *net, struct nlattr **tb,
				 struct xenbr *br,
				 struct netlink_ext_ack *extack);
/* The port of a request that names a port and may name its bridge. */
struct xenbr_port *xenbr_nl_port_of(struct net *net, struct nlattr **tb,
				    struct netlink_ext_ack *extack);
/* -EINVAL, saying @msg (a literal), when attribute @type is missing. */
int xenbr_nl_require(struct genl_info *info, int type, const char *msg);

/* Message contents. */
int xenbr_nl_put_stats(struct sk_buff *skb, const struct xenbr_stats *st);
typedef int (*xenbr_nl_put_t)(struct sk_buff *skb, void *obj);

/*
 * A doit's reply message with its header, or NULL; for a reply filled
 * under RCU, where xenbr_nl_reply() cannot run (it allocates).
 */
struct sk_buff *xenbr_nl_reply_new(struct genl_info *info, u8 cmd,
				   void **hdr);
/* A doit's reply, built by @put and sent; the caller holds RTNL. */
int xenbr_nl_reply(struct genl_info *info, u8 cmd, xenbr_nl_put_t put,
		   void *obj);
/* The header of a dump's next message, flagged if the dump is stale. */
void *xenbr_nl_dump_start(struct sk_buff *skb, struct netlink_callback *cb,
			  u8 cmd);
/* One message of a dump: header, generation if @gen, @put's attributes. */
int xenbr_nl_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
		      u8 cmd, xenbr_nl_put_t put, void *obj, u32 gen);
/* What a dumpit returns: the error only if nothing was put. */
static inline int xenbr_nl_dump_done(struct sk_buff *skb, int err)
{
	return err && !skb->len ? err : skb->len;
}

/*
 * Events: an EVENT message of @type for @br's namespace, sent by
 * xenbr_nl_event_send() once filled, or freed with nlmsg_free().
 */
bool xenbr_nl_has_listeners(const struct xenbr *br);
struct sk_buff *xenbr_nl_event_new(size_t size, enum xenbr_event_type type,
				   void **hdr, gfp_t gfp);
void xenbr_nl_event_send(const struct xenbr *br, struct sk_buff *msg,
			 void *hdr, gfp_t gfp);

/* The operations, by object: doits, dumpits and their policies. */

/* device_netlink.c */
extern const struct nla_policy xenbr_br_policy[XENBR_A_MAX + 1];
extern const struct nla_policy xenbr_br_new_policy[XENBR_A_MAX + 1];
extern const struct nla_policy xenbr_br_set_policy[XENBR_A_MAX + 1];
int xenbr_nl_br_get_doit(struct sk_buff *skb, struct genl_info *info);
int xenbr_nl_br_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int xenbr_nl_br_new_doit(struct sk_buff *skb, struct genl_info *info);
int xenbr_nl_br_del_doit(struct sk_buff *skb, struct genl_info *info);
int xenbr_nl_br_set_doit(struct sk_buff *skb, struct genl_info *info);

/* port_netlink.c */
extern const struct nla_policy xenbr_port_policy[XENBR_A_MAX + 1];
extern const struct nla_policy xenbr_port_set_policy[XENBR_A_MAX + 1];
int xenbr_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info);
int xenbr_nl_port_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int xenbr_nl_port_add_doit(struct sk_buff *skb, struct genl_info *info);
int xenbr_nl_port_del_doit(struct sk_buff *skb, struct genl_info *info);
int xenbr_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info);

/* fdb_netlink.c */
extern const struct nla_policy xenbr_fdb_policy[XENBR_A_MAX + 1];
extern const struct nla_policy xenbr_fdb_add_policy[XENBR_A_MAX + 1];
extern const struct nla_policy xenbr_fdb_flush_policy[XENBR_A_MAX + 1];
int xenbr_nl_fdb_get_doit(struct sk_buff *skb, struct genl_info *info);
int xenbr_nl_fdb_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int xenbr_nl_fdb_add_doit(struct sk_buff *skb, struct genl_info *info);
int xenbr_nl_fdb_del_doit(struct sk_buff *skb, struct genl_info *info);
int xenbr_nl_fdb_flush_doit(struct sk_buff *skb, struct genl_info *info);

/* vlan_netlink.c */
extern const struct nla_policy xenbr_vlan_set_policy[XENBR_A_MAX + 1];
int xenbr_nl_vlan_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int xenbr_nl_vlan_add_doit(struct sk_buff *skb, struct genl_info *info);
int xenbr_nl_vlan_del_doit(struct sk_buff *skb, struct genl_info *info);

/* A port's attributes, with its counters if @stats. RTNL. */
int xenbr_nl_put_port(struct sk_buff *skb, const struct xenbr_port *port,
		      bool stats);

/* locking.c: PORT_SET's VIF locking attributes, all or nothing. RTNL. */
extern const struct nla_policy
xenbr_locking_v4_list_policy[XENBR_LOCK_LIST_A_MAX + 1];
extern const struct nla_policy
xenbr_locking_v6_list_policy[XENBR_LOCK_LIST_A_MAX + 1];
int xenbr_locking_set_from_attrs(struct xenbr_port *port,
				 struct genl_info *info);

#endif /* _XENBR_NETLINK_H */
