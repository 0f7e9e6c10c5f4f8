/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr netback glue: attaches Xen netback vifs to the bridge that their
 * xenstore backend node names, and tells netback through "hotplug-status"
 * that the vif is ready, as the vif-bridge hotplug script would. This is
 * what the rest of the module sees of it; glue_priv.h has the rest.
 */
#ifndef _XENBR_GLUE_H
#define _XENBR_GLUE_H

#include <linux/types.h>

struct net_device;
struct netlink_ext_ack;
struct sk_buff;

/* The module's instance (none when not running on Xen): main.c. */
int xenbr_glue_init(void);
void xenbr_glue_fini(void);

/*
 * NETBACK_GET and NETBACK_SET, through &struct xenbr_netback_ops, under
 * RTNL: XENBR_A_NETBACK_AUTO with, if @counters, XENBR_A_NETBACK_STATS
 * (the host's vifs: for callers in the initial namespace only); switching
 * the glue. -EOPNOTSUPP, with @extack saying so, when not on Xen.
 */
int xenbr_glue_set_auto(bool enabled, struct netlink_ext_ack *extack);
int xenbr_glue_fill_info(struct sk_buff *skb, bool counters,
			 struct netlink_ext_ack *extack);

#endif /* _XENBR_GLUE_H */
