/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr: VIF locking - what a port lets its guest send (locking.c).
 *
 * A port's locking is one RCU pointer, &xenbr_port.locking: NULL while it
 * is unlocked, so the data path of an unlocked port tests one pointer and
 * nothing else. A locked or disabled port points to a &struct xenbr_locking,
 * which is never changed once published: a change replaces it whole under
 * RTNL and frees the old one after a grace period, so a reader never sees
 * a half-written address list.
 */
#ifndef _XENBR_LOCKING_H
#define _XENBR_LOCKING_H

#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <uapi/linux/xenbr.h>

struct netlink_ext_ack;
struct sk_buff;
struct xenbr_port;

/* An allowed IPv4 prefix; @addr holds no bit past @len. */
struct xenbr_locking_v4 {
	__be32 addr;
	__be32 mask;
	u8 len;
};

/* An allowed IPv6 prefix; @addr holds no bit past @len. */
struct xenbr_locking_v6 {
	struct in6_addr addr;
	u8 len;
};

/**
 * struct xenbr_locking - a port's VIF locking, replaced whole, never changed
 * @rcu: frees it after readers are gone
 * @mode: %XENBR_LOCK_LOCKED or %XENBR_LOCK_DISABLED (unlocked has none)
 * @has_mac: @mac is set (a disabled port may have none)
 * @mac: the one source MAC the port accepts
 * @n_v4: entries of @v4
 * @n_v6: entries of @v6
 * @v4: allowed IPv4 addresses and prefixes
 * @v6: allowed IPv6 addresses and prefixes
 */
struct xenbr_locking {
	struct rcu_head rcu;
	enum xenbr_lock_mode mode;
	bool has_mac;
	u8 mac[ETH_ALEN];
	u8 n_v4;
	u8 n_v6;
	struct xenbr_locking_v4 v4[XENBR_LOCK_ADDRS_MAX];
	struct xenbr_locking_v6 v6[XENBR_LOCK_ADDRS_MAX];
};

/*
 * Whether the locking @lk lets @skb (received, its data at the network header)
 * through; if not, *@reason says why. Reads the frame, changes nothing.
 */
bool xenbr_locking_check(const struct xenbr_locking *lk,
			 const struct sk_buff *skb,
			 enum xenbr_drop_reason *reason);

/* The data path's test of a port whose locking pointer is set. RCU. */
bool xenbr_locking_allows(const struct xenbr_port *port,
			  const struct sk_buff *skb,
			  enum xenbr_drop_reason *reason);

/* A zeroed locking of @mode, or NULL. May sleep. */
struct xenbr_locking *xenbr_locking_alloc(enum xenbr_lock_mode mode);
/* A copy of the port's locking (a zeroed one if unlocked) in @mode. RTNL. */
struct xenbr_locking *xenbr_locking_dup(const struct xenbr_port *port,
					enum xenbr_lock_mode mode);
/*
 * Adds an allowed address of @family (AF_INET or AF_INET6), @len bits of
 * @addr (4 or 16 bytes); the bits past @len are cleared. -E2BIG past
 * %XENBR_LOCK_ADDRS_MAX, -EINVAL for a bad length or a multicast address.
 */
int xenbr_locking_add_addr(struct xenbr_locking *lk, int family,
			   const void *addr, unsigned int len);
/*
 * Parses "ADDR[/LEN]" words separated by spaces or commas (IPv4 or IPv6,
 * as xenstore's "ip" key holds) into @lk's lists: 0 or -EINVAL / -E2BIG.
 */
int xenbr_locking_parse_addrs(struct xenbr_locking *lk, const char *list);
/*
 * Makes @lk (taken over in every case; NULL to unlock) the port's locking,
 * announces it (%XENBR_EVENT_PORT_LOCK) and bumps the port generation. A
 * locked @lk without a MAC is refused with -EINVAL. RTNL.
 */
int xenbr_port_set_locking(struct xenbr_port *port, struct xenbr_locking *lk,
			   struct netlink_ext_ack *extack);
/* The locking mode for a reply. RTNL or RCU. */
enum xenbr_lock_mode xenbr_port_locking_mode(const struct xenbr_port *port);
/* The port's locking attributes, for its replies and events. RTNL. */
int xenbr_locking_fill_port(struct sk_buff *skb, const struct xenbr_port *port);
/* Frees the port's locking as the port is freed (no reader is left). */
void xenbr_locking_free_port(struct xenbr_port *port);

#endif /* _XENBR_LOCKING_H */
