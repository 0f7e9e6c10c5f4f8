// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of xenbr's generic netlink family: what each operation's
 * policy accepts and refuses, and the FDB event rate limiter. What the
 * netback commands and port replies say of vifs is in glue_test.c, which
 * has a glue to ask.
 */

#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "xenbr_test.h"

/* xt_parse(), for when the attributes are not looked at: frees @m. */
static int xt_try(struct kunit *test, struct xt_msg *m, u8 cmd,
		  const char **msg)
{
	struct nlattr *tb[XENBR_A_MAX + 1];
	int err = xt_parse(test, m, cmd, tb, msg);

	kfree_skb(m->skb);
	return err;
}

static void xenbr_nl_test_every_op(struct kunit *test)
{
	u8 cmd;

	for (cmd = XENBR_CMD_BR_GET; cmd <= XENBR_CMD_MAX; cmd++) {
		const struct genl_ops *op = xenbr_nl_op(cmd);

		if (cmd == XENBR_CMD_EVENT)
			continue;
		KUNIT_ASSERT_NOT_NULL(test, op);
		KUNIT_EXPECT_NOT_NULL(test, op->policy);
		KUNIT_EXPECT_EQ(test, op->validate, 0);
		/*
		 * Reads are open to all, changes need CAP_NET_ADMIN; over
		 * the host for the netback glue, which is the host's.
		 */
		if (cmd == XENBR_CMD_BR_GET || cmd == XENBR_CMD_PORT_GET ||
		    cmd == XENBR_CMD_FDB_GET || cmd == XENBR_CMD_NETBACK_GET)
			KUNIT_EXPECT_EQ(test, op->flags, 0);
		else if (cmd == XENBR_CMD_NETBACK_SET)
			KUNIT_EXPECT_EQ(test, op->flags, GENL_ADMIN_PERM);
		else
			KUNIT_EXPECT_EQ(test, op->flags, GENL_UNS_ADMIN_PERM);
	}
	/* Events are notifications only. */
	KUNIT_EXPECT_NULL(test, xenbr_nl_op(XENBR_CMD_EVENT));
	KUNIT_EXPECT_NULL(test, xenbr_nl_op(XENBR_CMD_UNSPEC));
}

static void xenbr_nl_test_fdb_add_good(struct kunit *test)
{
	struct nlattr *tb[XENBR_A_MAX + 1];
	u8 mac[ETH_ALEN];
	struct xt_msg m;

	xt_mac(mac, 1);
	xt_msg_init(test, &m);
	nla_put_string(m.skb, XENBR_A_BR_IFNAME, "xenbr0");
	nla_put_u32(m.skb, XENBR_A_PORT_IFINDEX, 7);
	nla_put(m.skb, XENBR_A_FDB_MAC, ETH_ALEN, mac);
	nla_put_u16(m.skb, XENBR_A_FDB_VLAN, 4094);
	KUNIT_ASSERT_EQ(test, xt_parse(test, &m, XENBR_CMD_FDB_ADD, tb, NULL),
			0);
	KUNIT_EXPECT_NOT_NULL(test, tb[XENBR_A_BR_IFNAME]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[XENBR_A_PORT_IFINDEX]), 7u);
	KUNIT_EXPECT_EQ(test, nla_get_u16(tb[XENBR_A_FDB_VLAN]), 4094);
	kfree_skb(m.skb);
}

static void xenbr_nl_test_bad_mac(struct kunit *test)
{
	u8 mac[ETH_ALEN + 1] = {};
	const char *msg = NULL;
	struct xt_msg m;

	/* Too short, too long: the policy wants exactly six bytes. */
	xt_msg_init(test, &m);
	nla_put(m.skb, XENBR_A_FDB_MAC, ETH_ALEN - 1, mac);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_FDB_DEL, &msg),
			-ERANGE);
	xt_msg_init(test, &m);
	nla_put(m.skb, XENBR_A_FDB_MAC, ETH_ALEN + 1, mac);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_FDB_DEL, &msg),
			-ERANGE);
	xt_msg_init(test, &m);
	nla_put(m.skb, XENBR_A_BR_MAC, 2, mac);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_BR_NEW, &msg),
			-ERANGE);
	KUNIT_EXPECT_NOT_NULL(test, msg);
}

static void xenbr_nl_test_strings(struct kunit *test)
{
	char name[IFNAMSIZ + 1];
	struct xt_msg m;

	/* IFNAMSIZ - 1 characters fit, one more does not. */
	memset(name, 'a', sizeof(name));
	name[IFNAMSIZ - 1] = '\0';
	xt_msg_init(test, &m);
	nla_put_string(m.skb, XENBR_A_BR_IFNAME, name);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_BR_NEW, NULL),
			0);

	name[IFNAMSIZ - 1] = 'a';
	name[IFNAMSIZ] = '\0';
	xt_msg_init(test, &m);
	nla_put_string(m.skb, XENBR_A_BR_IFNAME, name);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_BR_NEW, NULL),
			-EINVAL);

	/* Not NUL-terminated. */
	xt_msg_init(test, &m);
	nla_put(m.skb, XENBR_A_BR_IFNAME, 4, "abcd");
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_BR_GET, NULL),
			-EINVAL);
}

static void xenbr_nl_test_ranges(struct kunit *test)
{
	struct xt_msg m;

	xt_msg_init(test, &m);
	nla_put_u8(m.skb, XENBR_A_PORT_LEARNING, 2);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_PORT_SET, NULL),
			-ERANGE);
	xt_msg_init(test, &m);
	nla_put_u8(m.skb, XENBR_A_PORT_FLOOD_BCAST, 1);
	nla_put_u32(m.skb, XENBR_A_PORT_LEARN_LIMIT, XENBR_LEARN_LIMIT_MAX);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_PORT_SET, NULL),
			0);
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_PORT_LEARN_LIMIT, XENBR_LEARN_LIMIT_MAX + 1);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_PORT_SET, NULL),
			-ERANGE);
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_BR_AGEING_TIME, XENBR_AGEING_MAX_MS + 1);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_BR_SET, NULL),
			-ERANGE);
	xt_msg_init(test, &m);
	nla_put_u16(m.skb, XENBR_A_FDB_VLAN, 4095);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_FDB_GET, NULL),
			-ERANGE);
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_BR_IFINDEX, 0);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_BR_GET, NULL),
			-ERANGE);
}

static void xenbr_nl_test_wrong_type(struct kunit *test)
{
	struct xt_msg m;
	int err;

	/* A u16 where a u32 belongs. */
	xt_msg_init(test, &m);
	nla_put_u16(m.skb, XENBR_A_BR_IFINDEX, 1);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_BR_GET, NULL),
			-EINVAL);
	/* A flag with a payload. */
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_FLUSH_STATIC, 1);
	err = xt_try(test, &m, XENBR_CMD_FDB_FLUSH, NULL);
	KUNIT_EXPECT_EQ(test, err, -ERANGE);
}

static void xenbr_nl_test_unknown(struct kunit *test)
{
	struct xt_msg m;
	int err;

	/* Beyond the attribute space. */
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_MAX + 1, 1);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_BR_GET, NULL),
			-EINVAL);
	/* Known, but not an attribute of this operation. */
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_BR_AGEING_TIME, 1000);
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_BR_GET, NULL),
			-EINVAL);
	/* Reply-only attributes are not requests. */
	xt_msg_init(test, &m);
	nla_nest_end(m.skb, nla_nest_start(m.skb, XENBR_A_STATS));
	KUNIT_EXPECT_EQ(test, xt_try(test, &m, XENBR_CMD_PORT_GET, NULL),
			-EINVAL);
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_EVENT, XENBR_EVENT_FDB_LEARN);
	err = xt_try(test, &m, XENBR_CMD_FDB_FLUSH, NULL);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
}

/* The glue switch is a u8 of 0 or 1, and the only thing said to the glue. */
static void xenbr_nl_test_netback(struct kunit *test)
{
	enum { U8, U32, FLAG, NEST, NONE };
	static const struct {
		u8 cmd;
		int type;
		int kind;
		u32 val;
		int err;
	} tc[] = {
		{ XENBR_CMD_NETBACK_SET, XENBR_A_NETBACK_AUTO, U8, 0, 0 },
		{ XENBR_CMD_NETBACK_SET, XENBR_A_NETBACK_AUTO, U8, 1, 0 },
		{ XENBR_CMD_NETBACK_SET, XENBR_A_NETBACK_AUTO, U8, 2, -ERANGE },
		{ XENBR_CMD_NETBACK_SET, XENBR_A_NETBACK_AUTO, U8, 255, -ERANGE },
		{ XENBR_CMD_NETBACK_SET, XENBR_A_NETBACK_AUTO, U32, 1, -EINVAL },
		{ XENBR_CMD_NETBACK_SET, XENBR_A_NETBACK_AUTO, FLAG, 0, -EINVAL },
		/* The glue is the host's: no bridge or port to name. */
		{ XENBR_CMD_NETBACK_SET, XENBR_A_BR_IFINDEX, U32, 1, -EINVAL },
		{ XENBR_CMD_NETBACK_GET, 0, NONE, 0, 0 },
		{ XENBR_CMD_NETBACK_GET, XENBR_A_NETBACK_AUTO, U8, 1, -EINVAL },
		{ XENBR_CMD_NETBACK_GET, XENBR_A_BR_IFINDEX, U32, 1, -EINVAL },
		/* Reply-only nests are not requests. */
		{ XENBR_CMD_NETBACK_SET, XENBR_A_NETBACK_STATS, NEST, 0, -EINVAL },
		{ XENBR_CMD_PORT_GET, XENBR_A_PORT_NETBACK, NEST, 0, -EINVAL },
		{ XENBR_CMD_PORT_SET, XENBR_A_PORT_NETBACK, NEST, 0, -EINVAL },
	};
	struct xt_msg m;
	int i;

	for (i = 0; i < ARRAY_SIZE(tc); i++) {
		xt_msg_init(test, &m);
		if (tc[i].kind == U8)
			nla_put_u8(m.skb, tc[i].type, tc[i].val);
		else if (tc[i].kind == U32)
			nla_put_u32(m.skb, tc[i].type, tc[i].val);
		else if (tc[i].kind == FLAG)
			nla_put_flag(m.skb, tc[i].type);
		else if (tc[i].kind == NEST)
			nla_nest_end(m.skb, nla_nest_start(m.skb, tc[i].type));
		KUNIT_EXPECT_EQ_MSG(test, xt_try(test, &m, tc[i].cmd, NULL),
				    tc[i].err, "case %d: cmd %u, attribute %d",
				    i, tc[i].cmd, tc[i].type);
	}
}

#define XT_MS	(NSEC_PER_SEC / 1000)

static void xenbr_nl_test_limit_burst(struct kunit *test)
{
	struct xenbr_evlimit lim;
	u64 now = 5000 * XT_MS, report;
	int i, allowed = 0;

	xenbr_evlimit_init(&lim);
	/* A burst at one instant: exactly XENBR_EVENT_BURST get through. */
	for (i = 0; i < 10 * XENBR_EVENT_BURST; i++)
		allowed += xenbr_evlimit_allow(&lim, now, &report);
	KUNIT_EXPECT_EQ(test, allowed, XENBR_EVENT_BURST);
	KUNIT_EXPECT_EQ(test, lim.suppressed, 9ULL * XENBR_EVENT_BURST);

	/* One event's worth of time later, one more, with the report. */
	now += NSEC_PER_SEC / XENBR_EVENT_RATE;
	KUNIT_EXPECT_TRUE(test, xenbr_evlimit_allow(&lim, now, &report));
	KUNIT_EXPECT_EQ(test, report, 9ULL * XENBR_EVENT_BURST);
	KUNIT_EXPECT_FALSE(test, xenbr_evlimit_allow(&lim, now, &report));
	KUNIT_EXPECT_EQ(test, report, 0ULL);
	KUNIT_EXPECT_EQ(test, xenbr_evlimit_take(&lim), 1ULL);
	KUNIT_EXPECT_EQ(test, xenbr_evlimit_take(&lim), 0ULL);
}

static void xenbr_nl_test_limit_rate(struct kunit *test)
{
	struct xenbr_evlimit lim;
	u64 now = 0, report;
	int i, allowed = 0;

	xenbr_evlimit_init(&lim);
	/* Ten seconds of an event every 100 us: the rate, plus the burst. */
	for (i = 0; i < 100000; i++) {
		allowed += xenbr_evlimit_allow(&lim, now, &report);
		now += NSEC_PER_SEC / 10000;
	}
	KUNIT_EXPECT_GE(test, allowed, 10 * XENBR_EVENT_RATE);
	KUNIT_EXPECT_LE(test, allowed,
			10 * XENBR_EVENT_RATE + XENBR_EVENT_BURST + 1);
	KUNIT_EXPECT_EQ(test, lim.suppressed, (u64)(100000 - allowed));

	/* Slow enough, nothing is suppressed. */
	xenbr_evlimit_init(&lim);
	for (i = 0; i < 1000; i++) {
		KUNIT_EXPECT_TRUE(test,
				  xenbr_evlimit_allow(&lim, now, &report));
		now += 2 * NSEC_PER_SEC / XENBR_EVENT_RATE;
	}
}

/* Every change moves the generation that dumps check. */
static void xenbr_nl_test_generation(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	u8 mac[ETH_ALEN];
	int gen, pgen;

	xt_mac(mac, 42);
	gen = atomic_read(&ctx->br->fdb_gen);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, mac, 0, ctx->now), 0);
	KUNIT_EXPECT_NE(test, atomic_read(&ctx->br->fdb_gen), gen);

	/* A refresh is no change. */
	gen = atomic_read(&ctx->br->fdb_gen);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, mac, 0, ctx->now + 1), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->br->fdb_gen), gen);

	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, mac, 0, ctx->now + 2), 0);
	KUNIT_EXPECT_NE(test, atomic_read(&ctx->br->fdb_gen), gen);
	gen = atomic_read(&ctx->br->fdb_gen);
	KUNIT_ASSERT_EQ(test, xenbr_fdb_delete(ctx->br, mac, 0), 0);
	KUNIT_EXPECT_NE(test, atomic_read(&ctx->br->fdb_gen), gen);

	pgen = atomic_read(&ctx->br->port_gen);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, xenbr_port_del(ctx->br, ctx->port_dev[1], NULL),
			0);
	rtnl_unlock();
	ctx->port[1] = NULL;
	KUNIT_EXPECT_NE(test, atomic_read(&ctx->br->port_gen), pgen);
}

/* Port numbers start at 1 and the lowest free one is reused. */
static void xenbr_nl_test_port_no(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, ctx->port[0]->port_no, 1);
	KUNIT_EXPECT_EQ(test, ctx->port[1]->port_no, 2);
	rtnl_lock();
	KUNIT_ASSERT_EQ(test, xenbr_port_del(ctx->br, ctx->port_dev[0], NULL),
			0);
	KUNIT_ASSERT_EQ(test, xenbr_port_add(ctx->br, ctx->port_dev[0], NULL),
			0);
	ctx->port[0] = xenbr_port_from_dev(ctx->port_dev[0]);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, ctx->port[0]->port_no, 1);
}

/*
 * A flush (as a port's removal does) visits entries in batches and removes
 * them as it goes; pausing between batches must not lose its place. Found
 * by the event rate test: entries survived their port.
 */
static void xenbr_nl_test_flush_many(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	u8 mac[ETH_ALEN];
	u32 i;

	for (i = 0; i < 5000; i++) {
		xt_mac(mac, 100000 + i);
		KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, mac, 0, ctx->now), 0);
	}
	KUNIT_ASSERT_EQ(test, READ_ONCE(ctx->br->n_learned), 5000u);
	xenbr_fdb_flush(ctx->br, ctx->port[0], false);
	KUNIT_EXPECT_EQ(test, READ_ONCE(ctx->br->n_learned), 0u);
	KUNIT_EXPECT_EQ(test, READ_ONCE(ctx->port[0]->n_learned), 0u);
}

static int xenbr_nl_test_init(struct kunit *test)
{
	return xt_init(test, 2);
}

static struct kunit_case xenbr_netlink_test_cases[] = {
	KUNIT_CASE(xenbr_nl_test_every_op),
	KUNIT_CASE(xenbr_nl_test_fdb_add_good),
	KUNIT_CASE(xenbr_nl_test_bad_mac),
	KUNIT_CASE(xenbr_nl_test_strings),
	KUNIT_CASE(xenbr_nl_test_ranges),
	KUNIT_CASE(xenbr_nl_test_wrong_type),
	KUNIT_CASE(xenbr_nl_test_unknown),
	KUNIT_CASE(xenbr_nl_test_netback),
	KUNIT_CASE(xenbr_nl_test_limit_burst),
	KUNIT_CASE(xenbr_nl_test_limit_rate),
	KUNIT_CASE(xenbr_nl_test_generation),
	KUNIT_CASE(xenbr_nl_test_port_no),
	KUNIT_CASE(xenbr_nl_test_flush_many),
	{}
};

static struct kunit_suite xenbr_netlink_test_suite = {
	.name = "xenbr_netlink",
	.init = xenbr_nl_test_init,
	.exit = xt_exit,
	.test_cases = xenbr_netlink_test_cases,
};

kunit_test_suite(xenbr_netlink_test_suite);
