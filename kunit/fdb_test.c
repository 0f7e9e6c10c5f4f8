// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the xenbr forwarding database.
 */

#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include "xenbr_test.h"
#include "compat.h"

static int xenbr_fdb_test_init(struct kunit *test)
{
	return xt_init(test, 3);
}

static void xenbr_fdb_test_learn_lookup(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	u32 flags = ~0;
	u8 a[ETH_ALEN];

	xt_mac(a, 1);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, &flags), 0);
	KUNIT_EXPECT_EQ(test, flags, 0u);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 1u);
	KUNIT_EXPECT_EQ(test, ctx->port[0]->n_learned, 1u);
	KUNIT_EXPECT_EQ(test, ctx->port[1]->n_learned, 0u);
}

static void xenbr_fdb_test_refresh(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_fdb_entry *entry;
	unsigned long updated;
	u8 a[ETH_ALEN];

	xt_mac(a, 1);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now), 0);
	KUNIT_EXPECT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now + 5), 0);

	rcu_read_lock();
	entry = xenbr_fdb_find(ctx->br, a, 0);
	updated = entry ? entry->updated : 0;
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, updated, ctx->now + 5);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 1u);
}

static void xenbr_fdb_test_move(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_stats before, after;
	u8 a[ETH_ALEN];

	xt_mac(a, 1);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now), 0);
	xenbr_get_stats(ctx->br, &before);
	KUNIT_EXPECT_EQ(test, xt_learn(ctx, 1, a, 0, ctx->now + 1), 0);
	xenbr_get_stats(ctx->br, &after);

	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), 1);
	KUNIT_EXPECT_EQ(test, after.fdb_moves, before.fdb_moves + 1);
	KUNIT_EXPECT_EQ(test, ctx->port[0]->n_learned, 0u);
	KUNIT_EXPECT_EQ(test, ctx->port[1]->n_learned, 1u);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 1u);
}

static void xenbr_fdb_test_ageing(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	unsigned long ageing;
	u8 a[ETH_ALEN];

	xenbr_set_ageing_time(ctx->br, 2000);
	ageing = msecs_to_jiffies(2000);
	xt_mac(a, 1);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now), 0);

	xenbr_fdb_age(ctx->br, ctx->now + ageing - 1);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), 0);

	xenbr_fdb_age(ctx->br, ctx->now + ageing);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 0u);
	KUNIT_EXPECT_EQ(test, ctx->port[0]->n_learned, 0u);
}

static void xenbr_fdb_test_static(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_stats before, after;
	u32 flags = 0;
	u8 a[ETH_ALEN];

	xt_mac(a, 1);
	KUNIT_ASSERT_EQ(test, xenbr_fdb_add_static(ctx->br, ctx->port[0], a,
						   0), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, &flags), 0);
	KUNIT_EXPECT_EQ(test, flags, (u32)XENBR_FDB_STATIC);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 0u);

	/* Never ages. */
	xenbr_fdb_age(ctx->br, ctx->now + 100 * ctx->br->ageing_time);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), 0);

	/* Never moves. */
	xenbr_get_stats(ctx->br, &before);
	KUNIT_EXPECT_EQ(test, xt_learn(ctx, 1, a, 0, ctx->now), -EPERM);
	xenbr_get_stats(ctx->br, &after);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, after.fdb_moves, before.fdb_moves);

	/* A learned entry becomes static in place. */
	xt_mac(a, 2);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, a, 0, ctx->now), 0);
	KUNIT_EXPECT_EQ(test, xenbr_fdb_add_static(ctx->br, ctx->port[2], a,
						   0), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, &flags), 2);
	KUNIT_EXPECT_EQ(test, flags, (u32)XENBR_FDB_STATIC);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 0u);
	KUNIT_EXPECT_EQ(test, ctx->port[1]->n_learned, 0u);

	KUNIT_EXPECT_EQ(test, xenbr_fdb_delete(ctx->br, a, 0), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, xenbr_fdb_delete(ctx->br, a, 0), -ENOENT);
}

/*
 * A MAC static on one port is not silently taken by a second static add
 * on another (two guests given one MAC): refused, unless replaced on
 * purpose. Again on the same port, nothing changes.
 */
static void xenbr_fdb_test_static_clash(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct net_device *owner;
	u32 flags = 0;
	u8 a[ETH_ALEN];
	int gen;

	xt_mac(a, 1);
	KUNIT_ASSERT_EQ(test, xenbr_fdb_add_static(ctx->br, ctx->port[0], a,
						   0), 0);
	gen = atomic_read(&ctx->br->fdb_gen);
	KUNIT_EXPECT_EQ(test, xenbr_fdb_add_static(ctx->br, ctx->port[1], a,
						   0), -EEXIST);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, &flags), 0);
	KUNIT_EXPECT_EQ(test, flags, (u32)XENBR_FDB_STATIC);
	rtnl_lock();
	owner = xenbr_fdb_pinned_by(ctx->br, a, 0);
	rtnl_unlock();
	KUNIT_EXPECT_PTR_EQ(test, owner, ctx->port_dev[0]);

	/* The same entry again: a success that changes nothing. */
	KUNIT_EXPECT_EQ(test, xenbr_fdb_add_static(ctx->br, ctx->port[0], a,
						   0), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->br->fdb_gen), gen);

	/* An explicit replace takes it. */
	KUNIT_EXPECT_EQ(test, xenbr_fdb_replace_static(ctx->br, ctx->port[1],
						       a, 0), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, &flags), 1);
	KUNIT_EXPECT_EQ(test, flags, (u32)XENBR_FDB_STATIC);
	KUNIT_EXPECT_NE(test, atomic_read(&ctx->br->fdb_gen), gen);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 0u);

	/* Not the bridge's own address, even replacing. */
	KUNIT_EXPECT_EQ(test,
			xenbr_fdb_replace_static(ctx->br, ctx->port[1],
						 ctx->br_dev->dev_addr, 0),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, ctx->br_dev->dev_addr, 0, NULL),
			XT_LOCAL);
	rtnl_lock();
	owner = xenbr_fdb_pinned_by(ctx->br, ctx->br_dev->dev_addr, 0);
	rtnl_unlock();
	KUNIT_EXPECT_PTR_EQ(test, owner, ctx->br_dev);

	/* A learned address is no pin. */
	xt_mac(a, 2);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 2, a, 0, ctx->now), 0);
	rtnl_lock();
	owner = xenbr_fdb_pinned_by(ctx->br, a, 0);
	rtnl_unlock();
	KUNIT_EXPECT_NULL(test, owner);
}

static void xenbr_fdb_test_local(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	u8 old[ETH_ALEN], new[ETH_ALEN];
	struct sockaddr_storage ss = {};
	u32 flags = 0;
	int err;

	ether_addr_copy(old, ctx->br_dev->dev_addr);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, old, 0, &flags), XT_LOCAL);
	KUNIT_EXPECT_EQ(test, flags, (u32)XENBR_FDB_LOCAL);

	/* Neither learning, a static entry, deletion nor flush takes it. */
	KUNIT_EXPECT_EQ(test, xt_learn(ctx, 0, old, 0, ctx->now), -EPERM);
	KUNIT_EXPECT_EQ(test, xenbr_fdb_add_static(ctx->br, ctx->port[0], old,
						   0), -EEXIST);
	KUNIT_EXPECT_EQ(test, xenbr_fdb_delete(ctx->br, old, 0), -EPERM);
	xenbr_fdb_flush(ctx->br, NULL, true);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, old, 0, NULL), XT_LOCAL);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 0u);

	/* It follows the bridge's MAC, and beats a learned entry. */
	xt_mac(new, 7);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, new, 0, ctx->now), 0);
	ss.ss_family = ctx->br_dev->type;
	ether_addr_copy(ss.__data, new);
	rtnl_lock();
	err = dev_set_mac_address(ctx->br_dev, &ss, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, new, 0, NULL), XT_LOCAL);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, old, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 0u);
	KUNIT_EXPECT_EQ(test, ctx->port[1]->n_learned, 0u);
}

static void xenbr_fdb_test_flush(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	u8 a[ETH_ALEN], b[ETH_ALEN], s[ETH_ALEN];

	xt_mac(a, 1);
	xt_mac(b, 2);
	xt_mac(s, 3);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now), 0);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, b, 0, ctx->now), 0);
	KUNIT_ASSERT_EQ(test, xenbr_fdb_add_static(ctx->br, ctx->port[0], s,
						   0), 0);

	xenbr_fdb_flush(ctx->br, ctx->port[0], false);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, b, 0, NULL), 1);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, s, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, ctx->port[0]->n_learned, 0u);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 1u);

	xenbr_fdb_flush(ctx->br, NULL, true);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, b, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, s, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 0u);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, ctx->br_dev->dev_addr, 0,
					   NULL), XT_LOCAL);
}

static void xenbr_fdb_test_port_removal(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	u8 a[ETH_ALEN], s[ETH_ALEN];
	int err;

	xt_mac(a, 1);
	xt_mac(s, 2);
	xt_learn_and_pin(test, 1, a, s);

	rtnl_lock();
	err = xenbr_port_del(ctx->br, ctx->port_dev[1], NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	ctx->port[1] = NULL;

	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, s, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 0u);
	KUNIT_EXPECT_TRUE(test, !rcu_access_pointer(ctx->port_dev[1]->rx_handler));
}

static void xenbr_fdb_test_bridge_limit(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_stats before, after;
	u8 a[ETH_ALEN];
	int i;

	xenbr_set_learn_limit(ctx->br, 3);
	for (i = 0; i < 3; i++) {
		xt_mac(a, i);
		KUNIT_EXPECT_EQ(test, xt_learn(ctx, i % 2, a, 0, ctx->now), 0);
	}
	xenbr_get_stats(ctx->br, &before);
	xt_mac(a, 3);
	KUNIT_EXPECT_EQ(test, xt_learn(ctx, 2, a, 0, ctx->now), -ENOSPC);
	xenbr_get_stats(ctx->br, &after);

	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 3u);
	KUNIT_EXPECT_EQ(test, after.learn_limit, before.learn_limit + 1);
	KUNIT_EXPECT_EQ(test, after.fdb_learned, 3ull);

	/* Known addresses still refresh and move at the limit. */
	xt_mac(a, 0);
	KUNIT_EXPECT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now + 1), 0);
	KUNIT_EXPECT_EQ(test, xt_learn(ctx, 2, a, 0, ctx->now + 2), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), 2);
}

static void xenbr_fdb_test_port_limit(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_stats before, after;
	u8 a[ETH_ALEN];

	xenbr_port_set_learn_limit(ctx->port[0], 2);
	xt_mac(a, 1);
	KUNIT_EXPECT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now), 0);
	xt_mac(a, 2);
	KUNIT_EXPECT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now), 0);

	xenbr_port_get_stats(ctx->port[0], &before);
	xt_mac(a, 3);
	KUNIT_EXPECT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now), -ENOSPC);
	xenbr_port_get_stats(ctx->port[0], &after);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, after.learn_limit, before.learn_limit + 1);
	KUNIT_EXPECT_EQ(test, ctx->port[0]->n_learned, 2u);

	/* Other ports are not affected. */
	KUNIT_EXPECT_EQ(test, xt_learn(ctx, 1, a, 0, ctx->now), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), 1);

	/* An address moving onto a full port is forgotten, so it floods. */
	KUNIT_EXPECT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now), -ENOSPC);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, ctx->port[1]->n_learned, 0u);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 2u);
}

#define XT_MANY	10000

static void xenbr_fdb_test_many(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	int i, missing = 0, failed = 0;
	u8 a[ETH_ALEN];

	xenbr_port_set_learn_limit(ctx->port[0], XT_MANY);
	for (i = 0; i < XT_MANY; i++) {
		xt_mac(a, i);
		if (xt_learn(ctx, 0, a, 0, ctx->now))
			failed++;
		/* Thousands of learns take seconds under TCG: no soft lockup. */
		cond_resched();
	}
	KUNIT_EXPECT_EQ(test, failed, 0);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, (unsigned int)XT_MANY);

	for (i = 0; i < XT_MANY; i++) {
		xt_mac(a, i);
		if (xt_fdb_owner(ctx, a, 0, NULL) != 0)
			missing++;
		cond_resched();
	}
	KUNIT_EXPECT_EQ(test, missing, 0);

	xenbr_fdb_age(ctx->br, ctx->now + ctx->br->ageing_time);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 0u);
	KUNIT_EXPECT_EQ(test, ctx->port[0]->n_learned, 0u);
}

static void xenbr_fdb_test_vid(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	u8 a[ETH_ALEN];

	xt_mac(a, 1);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now), 0);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 1, a, 5, ctx->now), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 5, NULL), 1);
	KUNIT_EXPECT_EQ(test, ctx->br->n_learned, 2u);

	KUNIT_EXPECT_EQ(test, xenbr_fdb_delete(ctx->br, a, 5), 0);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 5, NULL), XT_NO_ENTRY);
	KUNIT_EXPECT_EQ(test, xt_fdb_owner(ctx, a, 0, NULL), 0);
}

struct xt_dump {
	int entries;
	int local;
	int static_on_port;
	int stop_after;
	int port_ifindex;
	u32 gen;
	unsigned long *seen;	/* of the first XT_MANY test MACs */
};

/* Under RCU, as xenbr_fdb_dump() calls it. */
static int xt_dump_one(const struct xenbr_fdb_entry *entry, u32 gen,
		       void *arg)
{
	const struct xenbr_port *port = rcu_dereference(entry->port);
	struct xt_dump *dump = arg;

	/* A full message: the entry is the next call's first. */
	if (dump->stop_after && dump->entries == dump->stop_after)
		return -EMSGSIZE;
	dump->entries++;
	dump->gen = gen;
	if (dump->seen && entry->key.addr[0] == 0x02 &&
	    entry->key.addr[1] == 0x58) {
		u32 n = get_unaligned_be32(entry->key.addr + 2);

		if (n < XT_MANY)
			__set_bit(n, dump->seen);
	}
	if (entry->flags & XENBR_FDB_LOCAL && !port)
		dump->local++;
	if (entry->flags & XENBR_FDB_STATIC && port &&
	    port->dev->ifindex == dump->port_ifindex)
		dump->static_on_port++;
	return 0;
}

static int xt_dump(struct xt_ctx *ctx, struct xenbr_fdb_cursor *cur,
		   struct xt_dump *dump)
{
	int err;

	rcu_read_lock();
	err = xenbr_fdb_dump(ctx->br, cur, xt_dump_one, dump);
	rcu_read_unlock();
	return err;
}

static void xenbr_fdb_test_dump(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_fdb_cursor cur = {};
	struct xt_dump dump = {
		.port_ifindex = ctx->port_dev[2]->ifindex,
	};
	u8 a[ETH_ALEN];

	xt_mac(a, 1);
	KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now), 0);
	xt_mac(a, 2);
	KUNIT_ASSERT_EQ(test, xenbr_fdb_add_static(ctx->br, ctx->port[2], a,
						   0), 0);

	KUNIT_EXPECT_EQ(test, xt_dump(ctx, &cur, &dump), 0);
	KUNIT_EXPECT_EQ(test, dump.entries, 3);
	KUNIT_EXPECT_EQ(test, dump.local, 1);
	KUNIT_EXPECT_EQ(test, dump.static_on_port, 1);
	KUNIT_EXPECT_NE(test, dump.gen, 0u);
	/* Done is done: nothing more, however often asked. */
	memset(&dump, 0, sizeof(dump));
	KUNIT_EXPECT_EQ(test, xt_dump(ctx, &cur, &dump), 0);
	KUNIT_EXPECT_EQ(test, dump.entries, 0);

	/* Two messages' worth: the second resumes with the entry refused. */
	memset(&cur, 0, sizeof(cur));
	dump.stop_after = 2;
	KUNIT_EXPECT_EQ(test, xt_dump(ctx, &cur, &dump), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, dump.entries, 2);
	dump.stop_after = 0;
	KUNIT_EXPECT_EQ(test, xt_dump(ctx, &cur, &dump), 0);
	KUNIT_EXPECT_EQ(test, dump.entries, 3);
	KUNIT_EXPECT_EQ(test, dump.local, 1);
}

/*
 * A dump in small steps while the table grows under it (rhashtable
 * resizes from its worker): every entry there throughout is dumped, and
 * the generation says the dump raced changes.
 */
static void xenbr_fdb_test_dump_resize(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	struct xenbr_fdb_cursor cur = {};
	struct xt_dump dump = {};
	int i, err, steps = 0;
	u32 gen0 = 0;
	u8 a[ETH_ALEN];

	dump.seen = kunit_kcalloc(test, BITS_TO_LONGS(XT_MANY),
				  sizeof(unsigned long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dump.seen);
	xenbr_port_set_learn_limit(ctx->port[0], 4 * XT_MANY);
	for (i = 0; i < XT_MANY; i++) {
		xt_mac(a, i);
		KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, a, 0, ctx->now), 0);
		cond_resched();
	}
	do {
		dump.stop_after = dump.entries + 500;
		err = xt_dump(ctx, &cur, &dump);
		if (!steps++)
			gen0 = dump.gen;
		/* Grow the table four times over between the steps. */
		for (i = 0; i < 1500 && steps < 20; i++) {
			xt_mac(a, XT_MANY + 1500 * steps + i);
			xt_learn(ctx, 0, a, 0, ctx->now);
		}
		msleep(20);	/* let the resize worker run */
	} while (err == -EMSGSIZE && steps < 10000);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, bitmap_weight(dump.seen, XT_MANY),
			(unsigned int)XT_MANY);
	KUNIT_EXPECT_NE(test, dump.gen, gen0);
}

/* Every change of the FDB moves the generation FDB dumps check. */
static void xenbr_fdb_test_generation(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	u8 mac[ETH_ALEN];
	int gen;

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
	KUNIT_ASSERT_EQ(test, xenbr_fdb_add_static(ctx->br, ctx->port[2], mac,
						   0), 0);
	KUNIT_EXPECT_NE(test, atomic_read(&ctx->br->fdb_gen), gen);
	gen = atomic_read(&ctx->br->fdb_gen);
	KUNIT_ASSERT_EQ(test, xenbr_fdb_delete(ctx->br, mac, 0), 0);
	KUNIT_EXPECT_NE(test, atomic_read(&ctx->br->fdb_gen), gen);
}

/*
 * A flush (as a port's removal does) visits entries in batches and removes
 * them as it goes; pausing between batches must not lose its place. Found
 * by the event rate test: entries survived their port.
 */
static void xenbr_fdb_test_flush_many(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	u8 mac[ETH_ALEN];
	u32 i;

	for (i = 0; i < 5000; i++) {
		xt_mac(mac, 100000 + i);
		KUNIT_ASSERT_EQ(test, xt_learn(ctx, 0, mac, 0, ctx->now), 0);
		cond_resched();
	}
	KUNIT_ASSERT_EQ(test, READ_ONCE(ctx->br->n_learned), 5000u);
	xenbr_fdb_flush(ctx->br, ctx->port[0], false);
	KUNIT_EXPECT_EQ(test, READ_ONCE(ctx->br->n_learned), 0u);
	KUNIT_EXPECT_EQ(test, READ_ONCE(ctx->port[0]->n_learned), 0u);
}

static struct kunit_case xenbr_fdb_test_cases[] = {
	KUNIT_CASE(xenbr_fdb_test_learn_lookup),
	KUNIT_CASE(xenbr_fdb_test_refresh),
	KUNIT_CASE(xenbr_fdb_test_move),
	KUNIT_CASE(xenbr_fdb_test_ageing),
	KUNIT_CASE(xenbr_fdb_test_static),
	KUNIT_CASE(xenbr_fdb_test_static_clash),
	KUNIT_CASE(xenbr_fdb_test_local),
	KUNIT_CASE(xenbr_fdb_test_flush),
	KUNIT_CASE(xenbr_fdb_test_port_removal),
	KUNIT_CASE(xenbr_fdb_test_bridge_limit),
	KUNIT_CASE(xenbr_fdb_test_port_limit),
	KUNIT_CASE(xenbr_fdb_test_many),
	KUNIT_CASE(xenbr_fdb_test_vid),
	KUNIT_CASE(xenbr_fdb_test_dump),
	KUNIT_CASE(xenbr_fdb_test_dump_resize),
	KUNIT_CASE(xenbr_fdb_test_generation),
	KUNIT_CASE(xenbr_fdb_test_flush_many),
	{}
};

XT_SUITE(xenbr_fdb, xenbr_fdb_test_init, xenbr_fdb_test_cases);
