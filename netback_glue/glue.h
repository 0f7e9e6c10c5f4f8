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
 * For netlink, under RTNL. Switching the glue, and XENBR_A_NETBACK_AUTO
 * with, if @counters, XENBR_A_NETBACK_STATS (the host's vifs: for callers
 * in the initial namespace only): -EOPNOTSUPP, with @extack saying so,
 * when not on Xen. XENBR_A_PORT_NETBACK if @dev is a netback vif, nothing
 * if not.
 */
int xenbr_glue_set_auto(bool enabled, struct netlink_ext_ack *extack);
int xenbr_glue_fill_info(struct sk_buff *skb, bool counters,
			 struct netlink_ext_ack *extack);
int xenbr_glue_fill_port(struct sk_buff *skb, const struct net_device *dev);
/* VIF locking: the guest MAC of a vif the glue attached; -ENOENT if none. */
int xenbr_glue_guest_mac(const struct net_device *dev, u8 *mac);

#endif /* _XENBR_GLUE_H */
