// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of xenbr's generic netlink family: what each operation's
 * policy accepts and refuses. What the netback glue puts in replies is in
 * glue_test.c, which has a glue to ask.
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
		    cmd == XENBR_CMD_FDB_GET || cmd == XENBR_CMD_NETBACK_GET ||
		    cmd == XENBR_CMD_VLAN_GET)
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

/*
 * FDB requests for a VLAN: a static entry only in a VLAN of its port, said
 * so when refused; entries of one VLAN leave the others alone.
 */
static void xenbr_nl_test_fdb_vlan(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	const char *msg = NULL;
	u8 mac[ETH_ALEN];
	struct xt_msg m;
	int gen;

	xt_mac(mac, 7);
	KUNIT_ASSERT_EQ(test, xenbr_fdb_add_static(ctx->br, ctx->port[0], mac,
						   0), 0);
	gen = atomic_read(&ctx->br->fdb_gen);
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_BR_IFINDEX, ctx->br_dev->ifindex);
	nla_put_u32(m.skb, XENBR_A_PORT_IFINDEX, ctx->port_dev[1]->ifindex);
	nla_put(m.skb, XENBR_A_FDB_MAC, ETH_ALEN, mac);
	nla_put_u16(m.skb, XENBR_A_FDB_VLAN, 5);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_FDB_ADD, 0, &msg),
			-EINVAL);
	KUNIT_EXPECT_NOT_NULL_MSG(test, msg ? strstr(msg, "VLAN") : NULL,
				  "%s", msg);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->br->fdb_gen), gen);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, mac, 5, NULL), XT_NO_ENTRY);

	/* In the port's VLAN it is an entry of its own. */
	rtnl_lock();
	KUNIT_ASSERT_EQ(test, xenbr_vlan_add(ctx->br, ctx->port[1], 5, 5, 0,
					     NULL), 0);
	rtnl_unlock();
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_BR_IFINDEX, ctx->br_dev->ifindex);
	nla_put_u32(m.skb, XENBR_A_PORT_IFINDEX, ctx->port_dev[1]->ifindex);
	nla_put(m.skb, XENBR_A_FDB_MAC, ETH_ALEN, mac);
	nla_put_u16(m.skb, XENBR_A_FDB_VLAN, 5);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_FDB_ADD, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, mac, 5, NULL), 1);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, mac, 0, NULL), 0);

	/* VLAN 0 is untagged, as before; VLAN 5's entry stays. */
	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_BR_IFINDEX, ctx->br_dev->ifindex);
	nla_put(m.skb, XENBR_A_FDB_MAC, ETH_ALEN, mac);
	nla_put_u16(m.skb, XENBR_A_FDB_VLAN, 0);
	KUNIT_EXPECT_EQ(test, xt_doit(test, &m, XENBR_CMD_FDB_DEL, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, mac, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, mac, 5, NULL), 1);
}

/* FDB_ADD of a MAC static elsewhere: refused, unless XENBR_A_FDB_REPLACE. */
static int xt_nl_fdb_add(struct kunit *test, int port, const u8 *mac,
			 bool replace, const char **msg)
{
	struct xt_ctx *ctx = test->priv;
	struct xt_msg m;

	xt_msg_init(test, &m);
	nla_put_u32(m.skb, XENBR_A_BR_IFINDEX, ctx->br_dev->ifindex);
	nla_put_u32(m.skb, XENBR_A_PORT_IFINDEX, ctx->port_dev[port]->ifindex);
	nla_put(m.skb, XENBR_A_FDB_MAC, ETH_ALEN, mac);
	if (replace)
		nla_put_flag(m.skb, XENBR_A_FDB_REPLACE);
	return xt_doit(test, &m, XENBR_CMD_FDB_ADD, 0, msg);
}

static void xenbr_nl_test_fdb_replace(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	const char *msg = NULL;
	u8 mac[ETH_ALEN];

	xt_mac(mac, 9);
	KUNIT_ASSERT_EQ(test, xt_nl_fdb_add(test, 0, mac, false, NULL), 0);
	KUNIT_EXPECT_EQ(test, xt_nl_fdb_add(test, 0, mac, false, NULL), 0);
	KUNIT_EXPECT_EQ(test, xt_nl_fdb_add(test, 1, mac, false, &msg), -EEXIST);
	KUNIT_EXPECT_NOT_NULL_MSG(test, msg ? strstr(msg, "another port") :
				  NULL, "%s", msg);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, mac, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, xt_nl_fdb_add(test, 1, mac, true, NULL), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, mac, 0, NULL), 1);

	msg = NULL;
	KUNIT_EXPECT_EQ(test, xt_nl_fdb_add(test, 1, ctx->br_dev->dev_addr,
					    true, &msg), -EEXIST);
	KUNIT_EXPECT_STREQ(test, msg ?: "", "The address is the bridge's own");
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
	KUNIT_CASE(xenbr_nl_test_fdb_vlan),
	KUNIT_CASE(xenbr_nl_test_fdb_replace),
	{}
};

XT_SUITE(xenbr_netlink, xenbr_nl_test_init, xenbr_netlink_test_cases);
