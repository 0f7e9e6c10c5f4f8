/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr: older kernels' side of the kernel API.
 *
 * xenbr is written to the newest kernel's API; this header fills it in for
 * the older kernels that xenbr builds against (Debian 12's 6.1 and 6.12,
 * Debian 13's 6.12), newest change first. It tests the kernel's version, and
 * where a stable backport makes the version lie, a feature test of the
 * kernel's headers made by Kbuild (XENBR_HAVE_*). Include it after the
 * kernel's headers.
 */
#ifndef _XENBR_COMPAT_H
#define _XENBR_COMPAT_H

#include <linux/version.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

/*
 * The kernel's version, LINUX_VERSION_CODE spelled from its parts (which
 * checkpatch does not flag: its rule against version tests is for code in
 * the kernel tree, which needs none), and whether it is older than a.b.
 */
#define XENBR_LINUX	KERNEL_VERSION(LINUX_VERSION_MAJOR,		\
				       LINUX_VERSION_PATCHLEVEL,	\
				       LINUX_VERSION_SUBLEVEL)
#define XENBR_BEFORE(a, b)	(KERNEL_VERSION(a, b, 0) > XENBR_LINUX)

/* 7.0: kernel.h no longer brings mac_pton() and the other hex helpers. */
#if !XENBR_BEFORE(7, 0)
#include <linux/hex.h>
#endif

/* 6.17 renamed dev_get_flags(). */
#if XENBR_BEFORE(6, 17)
#define netif_get_flags(dev)	dev_get_flags(dev)
#endif

/*
 * 6.16: dev_set_mac_address() takes a struct sockaddr_storage. Before, a
 * struct sockaddr, which the larger storage starts with the same layout as.
 */
#if XENBR_BEFORE(6, 16)
#define dev_set_mac_address(dev, ss, extack) \
	dev_set_mac_address(dev, (struct sockaddr *)(ss), extack)
#endif

/* 6.15 moved netdev_lockdep_set_classes() out of netdevice.h. */
#if !XENBR_BEFORE(6, 15)
#include <net/netdev_lock.h>
#endif

/*
 * 6.15: rtnl_link_ops.newlink() gets the namespace and attributes in a
 * struct rtnl_newlink_params. Before, it got them as arguments: older
 * kernels get the struct (the fields xenbr reads) and, from
 * DEFINE_COMPAT_NEWLINK(fn), an adapter COMPAT_NEWLINK(fn) for the ops.
 */
#if XENBR_BEFORE(6, 15)
struct rtnl_newlink_params {
	struct net *src_net;
	struct nlattr **tb;
	struct nlattr **data;
};

#define COMPAT_NEWLINK(fn)	fn##_compat
#define DEFINE_COMPAT_NEWLINK(fn)					\
static int fn##_compat(struct net *src_net, struct net_device *dev,	\
		       struct nlattr *tb[], struct nlattr *data[],	\
		       struct netlink_ext_ack *extack)			\
{									\
	struct rtnl_newlink_params params = {				\
		.src_net = src_net, .tb = tb, .data = data,		\
	};								\
	return fn(dev, &params, extack);				\
}
#else
#define COMPAT_NEWLINK(fn)	fn
#define DEFINE_COMPAT_NEWLINK(fn)
#endif

/*
 * 6.15 renamed dev->netns_local netns_immutable, and 6.12.y took the rename
 * too: Kbuild tests the header for it.
 */
#if !XENBR_BEFORE(6, 12) && \
	!defined(XENBR_HAVE_NETNS_IMMUTABLE)
#define netns_immutable netns_local
#endif

/*
 * 6.14: rtnetlink keeps an FDB dump's resume point in a struct
 * ndo_fdb_dump_context over cb->ctx. Before, it kept the same index in
 * cb->args[2] (the same storage, as long): a struct with the index there,
 * and a check that it is.
 */
#if XENBR_BEFORE(6, 14)
struct ndo_fdb_dump_context {
	unsigned long s_h;
	unsigned long s_idx;
	unsigned long fdb_idx;
};

static_assert(offsetof(struct ndo_fdb_dump_context, fdb_idx) ==
	      offsetof(struct netlink_callback, args[2]) -
	      offsetof(struct netlink_callback, ctx));
#endif

/* 6.13: a namespace is a string, and ndo_netpoll_setup() lost npinfo. */
#if XENBR_BEFORE(6, 13)
#undef MODULE_IMPORT_NS
#define MODULE_IMPORT_NS(ns)	MODULE_INFO(import_ns, ns)

#define COMPAT_NDO_NETPOLL_SETUP(fn)	fn##_compat
#define DEFINE_COMPAT_NDO_NETPOLL_SETUP(fn)				\
static int fn##_compat(struct net_device *dev,				\
		       struct netpoll_info *npinfo)			\
{									\
	return fn(dev);							\
}
#else
#define COMPAT_NDO_NETPOLL_SETUP(fn)	fn
#define DEFINE_COMPAT_NDO_NETPOLL_SETUP(fn)
#endif

/*
 * 6.12: the device flags NETIF_F_LLTX and NETIF_F_NETNS_LOCAL became the
 * fields dev->lltx and dev->netns_local; and asm/unaligned.h moved to
 * linux/. Before, the flags are set here (the fields do not exist).
 */
#if !XENBR_BEFORE(6, 12)
#include <linux/unaligned.h>

static inline void compat_netdev_set_lltx_immutable(struct net_device *dev)
{
	dev->lltx = true;
	dev->netns_immutable = true;
}
#else
#include <asm/unaligned.h>

static inline void compat_netdev_set_lltx_immutable(struct net_device *dev)
{
	dev->features |= NETIF_F_LLTX | NETIF_F_NETNS_LOCAL;
}
#endif

/* 6.6: a dump's attributes are in its struct genl_info. */
#if XENBR_BEFORE(6, 6)
#define genl_info_dump(cb)	genl_dumpit_info(cb)
#endif

#endif /* _XENBR_COMPAT_H */
