/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr KUnit tests: a bridge with real ports, shared by the suites.
 */
#ifndef _XENBR_TEST_H
#define _XENBR_TEST_H

#include <kunit/test.h>
#include "xenbr.h"

#define XT_MAX_PORTS	6

/*
 * Ethertype of test frames; ports capture only these, bare or behind one
 * 802.1Q tag (not dom0's IPv6).
 */
#define XT_PROTO	0x88b5

/* A bridge (not up) with ports (up) whose transmitted frames are kept. */
struct xt_ctx {
	struct net_device *br_dev;
	struct xenbr *br;
	int n_ports;
	struct net_device *port_dev[XT_MAX_PORTS];
	struct xenbr_port *port[XT_MAX_PORTS];
	unsigned long now;	/* a fake clock, ahead of the real gc's */
};

extern const u8 xt_vif_mac[ETH_ALEN];
/* Stations a, b and c: xt_mac()'s 1, 2 and 3. */
extern const u8 xt_a[ETH_ALEN], xt_b[ETH_ALEN], xt_c[ETH_ALEN];

int xt_init(struct kunit *test, int n_ports);
void xt_exit(struct kunit *test);

struct net_device *xt_bridge_create(void);
void xt_bridge_destroy(struct net_device *dev);
struct net_device *xt_port_dev_create(const u8 *mac);
void xt_dev_destroy(struct net_device *dev);
unsigned int xt_tx_count(struct net_device *port_dev);
/* The oldest frame @port_dev was given, or NULL; the caller frees it. */
struct sk_buff *xt_tx_dequeue(struct net_device *port_dev);

void xt_mac(u8 *mac, u32 n);
int xt_learn(struct xt_ctx *ctx, int port, const u8 *mac, u16 vid,
	     unsigned long now);
int xt_fdb_owner(struct xt_ctx *ctx, const u8 *mac, u16 vid, u32 *flags);
/* @learned learned on port @port, @pinned a static entry there. */
void xt_learn_and_pin(struct kunit *test, int port, const u8 *learned,
		      const u8 *pinned);
struct xenbr_verdict xt_classify(struct xt_ctx *ctx, int in, const u8 *dst,
				 const u8 *src);
int xt_receive(struct xt_ctx *ctx, int port, const u8 *dst, const u8 *src,
	       struct net_device **up_dev);
void xt_set_up(struct net_device *dev, bool up);
/* How many frames @port has dropped for @why. */
u64 xt_drops(struct xenbr_port *port, enum xenbr_drop_reason why);

/* A netlink message under construction: attributes after the headers. */
struct xt_msg {
	struct sk_buff *skb;
	struct nlmsghdr *nlh;
};

void xt_msg_init(struct kunit *test, struct xt_msg *m);
/*
 * Parses @m as the genetlink core does for @cmd; returns the error. @tb
 * points into @m, which the caller frees.
 */
int xt_parse(struct kunit *test, struct xt_msg *m, u8 cmd, struct nlattr **tb,
	     const char **msg);
/*
 * Runs @m as a request of @cmd with @nlflags from init_net, as the genetlink
 * core does minus the capability check: the policy, then the doit. Only for
 * requests with no reply. Frees @m; returns the error, @msg the extack's.
 */
int xt_doit(struct kunit *test, struct xt_msg *m, u8 cmd, u16 nlflags,
	    const char **msg);

/* Owner values of xt_fdb_owner() besides a port index. */
#define XT_NO_ENTRY	-1
#define XT_LOCAL	-2

/*
 * Defines and registers the suite named @id (the name the harness counts
 * its cases by) running @cases between @init_fn and @exit_fn (or NULL).
 */
#define XT_SUITE_EXIT(id, init_fn, exit_fn, cases)			\
	static struct kunit_suite id##_test_suite = {			\
		.name = #id,						\
		.init = init_fn,					\
		.exit = exit_fn,					\
		.test_cases = cases,					\
	};								\
	kunit_test_suite(id##_test_suite)

/* A suite on the shared fixture: @init_fn calls xt_init(), xt_exit() ends. */
#define XT_SUITE(id, init_fn, cases)					\
	XT_SUITE_EXIT(id, init_fn, xt_exit, cases)

#endif /* _XENBR_TEST_H */
