// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: the forwarding database (FDB).
 *
 * Entries live in a resizable hash table keyed by {MAC, VLAN id}. Lookups
 * and the refresh of a known entry take no lock. Creating, moving and
 * removing an entry take xenbr::fdb_lock, which also keeps the learned-entry
 * counters exact so that the limits hold. Whoever unlinks an entry from the
 * table frees it, after an RCU grace period; only one unlink can succeed.
 *
 * An entry's key and flags never change once it is published; a change of
 * kind (learned to static, anything to local) replaces the entry.
 */

#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include "xenbr.h"
#include "trace.h"

/* Entries visited between two reschedule points of a table walk. */
#define XENBR_FDB_WALK_BATCH	1024

/* Bounds of the ageing pass interval, a quarter of the ageing time. */
#define XENBR_FDB_GC_MIN	(HZ / 10)
#define XENBR_FDB_GC_MAX	(10 * HZ)

static struct kmem_cache *xenbr_fdb_cache __read_mostly;

/* One compare of the whole key, where memcmp() would go byte by byte. */
static int xenbr_fdb_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct xenbr_fdb_entry *entry = obj;

	return *(const u64 *)arg->key != *(const u64 *)&entry->key;
}

static const struct rhashtable_params xenbr_fdb_params = {
	.head_offset		= offsetof(struct xenbr_fdb_entry, node),
	.key_offset		= offsetof(struct xenbr_fdb_entry, key),
	.key_len		= sizeof(struct xenbr_fdb_key),
	.obj_cmpfn		= xenbr_fdb_cmp,
	.automatic_shrinking	= true,
};

int xenbr_fdb_cache_create(void)
{
	BUILD_BUG_ON(sizeof(struct xenbr_fdb_entry) > 64);
	BUILD_BUG_ON(sizeof(struct xenbr_fdb_key) != 8);

	xenbr_fdb_cache = kmem_cache_create("xenbr_fdb_cache",
					    sizeof(struct xenbr_fdb_entry), 0,
					    SLAB_HWCACHE_ALIGN, NULL);
	return xenbr_fdb_cache ? 0 : -ENOMEM;
}

/* The caller waits for pending frees with rcu_barrier() first. */
void xenbr_fdb_cache_destroy(void)
{
	kmem_cache_destroy(xenbr_fdb_cache);
}

static bool xenbr_fdb_is_learned(const struct xenbr_fdb_entry *entry)
{
	return !(entry->flags & (XENBR_FDB_STATIC | XENBR_FDB_LOCAL));
}

static void xenbr_fdb_make_key(struct xenbr_fdb_key *key, const u8 *addr,
			       u16 vid)
{
	ether_addr_copy(key->addr, addr);
	key->vid = vid;
}

static struct xenbr_fdb_entry *
xenbr_fdb_alloc(const u8 *addr, u16 vid, struct xenbr_port *port, u32 flags,
		unsigned long now, gfp_t gfp)
{
	struct xenbr_fdb_entry *entry;

	entry = kmem_cache_alloc(xenbr_fdb_cache, gfp);
	if (!entry)
		return NULL;
	xenbr_fdb_make_key(&entry->key, addr, vid);
	RCU_INIT_POINTER(entry->port, port);
	entry->updated = now;
	entry->flags = flags;
	return entry;
}

static void xenbr_fdb_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(xenbr_fdb_cache,
			container_of(head, struct xenbr_fdb_entry, rcu));
}

static struct xenbr_port *xenbr_fdb_port_locked(struct xenbr *br,
						const struct xenbr_fdb_entry *e)
{
	return rcu_dereference_protected(e->port,
					 lockdep_is_held(&br->fdb_lock));
}

/* Counts a learned entry joining (+1) or leaving (-1) @port. */
static void xenbr_fdb_account(struct xenbr *br, struct xenbr_port *port,
			      int delta)
{
	lockdep_assert_held(&br->fdb_lock);
	WRITE_ONCE(br->n_learned, br->n_learned + delta);
	WRITE_ONCE(port->n_learned, port->n_learned + delta);
}

/*
 * Every change of the table goes through here, under fdb_lock: dumps see
 * it through the generation whether or not anyone listens, and listeners
 * hear of it within the rate limit.
 */
static void xenbr_fdb_changed(struct xenbr *br,
			      const struct xenbr_fdb_entry *entry,
			      enum xenbr_event_type type)
{
	const struct xenbr_port *port = xenbr_fdb_port_locked(br, entry);
	const struct net_device *dev = port ? port->dev : NULL;

	lockdep_assert_held(&br->fdb_lock);
	atomic_inc(&br->fdb_gen);
	xenbr_fdb_notify(br, entry, type);
	switch (type) {
	case XENBR_EVENT_FDB_LEARN:
		trace_xenbr_fdb_learn(br->dev, dev, entry->key.addr,
				      entry->key.vid);
		break;
	case XENBR_EVENT_FDB_ADD:
		trace_xenbr_fdb_add(br->dev, dev, entry->key.addr,
				    entry->key.vid);
		break;
	case XENBR_EVENT_FDB_AGE:
		trace_xenbr_fdb_age(br->dev, dev, entry->key.addr,
				    entry->key.vid);
		break;
	case XENBR_EVENT_FDB_DELETE:
		trace_xenbr_fdb_delete(br->dev, dev, entry->key.addr,
				       entry->key.vid);
		break;
	default:	/* a move is traced where both ports are known */
		break;
	}
}

/* Callers hold RCU or fdb_lock. */
struct xenbr_fdb_entry *xenbr_fdb_find(struct xenbr *br, const u8 *addr,
				       u16 vid)
{
	struct xenbr_fdb_key key;

	xenbr_fdb_make_key(&key, addr, vid);
	return rhashtable_lookup(&br->fdb, &key, xenbr_fdb_params);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_fdb_find);

static struct xenbr_fdb_entry *xenbr_fdb_find_locked(struct xenbr *br,
						     const u8 *addr, u16 vid)
{
	struct xenbr_fdb_entry *entry;

	lockdep_assert_held(&br->fdb_lock);
	rcu_read_lock();
	entry = xenbr_fdb_find(br, addr, vid);
	rcu_read_unlock();
	return entry;	/* fdb_lock keeps it from being removed */
}

/*
 * Whether a learned entry is too old to be used. The ageing pass removes
 * such entries later; the data path must not wait for it.
 */
bool xenbr_fdb_entry_expired(const struct xenbr *br,
			     const struct xenbr_fdb_entry *entry,
			     unsigned long now)
{
	if (!xenbr_fdb_is_learned(entry))
		return false;
	return time_after_eq(now, READ_ONCE(entry->updated) +
				  READ_ONCE(br->ageing_time));
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_fdb_entry_expired);

/* The key as the u64 the learning cache holds; never 0 for a valid MAC. */
static u64 xenbr_fdb_key_u64(const u8 *addr, u16 vid)
{
	struct xenbr_fdb_key key;

	xenbr_fdb_make_key(&key, addr, vid);
	return *(u64 *)&key;
}

/* An entry leaves @port (or @port's becomes another): forget the cache. */
static void xenbr_fdb_uncache(struct xenbr_port *port)
{
	if (port)
		WRITE_ONCE(port->last_src, 0);
}

/* Unlinks @entry and frees it after a grace period, once. */
static bool xenbr_fdb_remove_locked(struct xenbr *br,
				    struct xenbr_fdb_entry *entry)
{
	lockdep_assert_held(&br->fdb_lock);

	if (rhashtable_remove_fast(&br->fdb, &entry->node, xenbr_fdb_params))
		return false;
	xenbr_fdb_uncache(xenbr_fdb_port_locked(br, entry));
	if (xenbr_fdb_is_learned(entry))
		xenbr_fdb_account(br, xenbr_fdb_port_locked(br, entry), -1);
	call_rcu(&entry->rcu, xenbr_fdb_free_rcu);
	return true;
}

/* Puts @new in place of @old, which has the same key, with no gap. */
static void xenbr_fdb_replace_locked(struct xenbr *br,
				     struct xenbr_fdb_entry *old,
				     struct xenbr_fdb_entry *new)
{
	lockdep_assert_held(&br->fdb_lock);

	/* Cannot fail: @old is in the table and nothing is allocated. */
	WARN_ON(rhashtable_replace_fast(&br->fdb, &old->node, &new->node,
					xenbr_fdb_params));
	xenbr_fdb_uncache(xenbr_fdb_port_locked(br, old));
	if (xenbr_fdb_is_learned(old))
		xenbr_fdb_account(br, xenbr_fdb_port_locked(br, old), -1);
	call_rcu(&old->rcu, xenbr_fdb_free_rcu);
}

static bool xenbr_fdb_at_limit(const struct xenbr *br,
			       const struct xenbr_port *port)
{
	return READ_ONCE(br->n_learned) >= READ_ONCE(br->learn_limit) ||
	       READ_ONCE(port->n_learned) >= READ_ONCE(port->learn_limit);
}

static void xenbr_fdb_count_limit(struct xenbr *br, struct xenbr_port *port)
{
	xenbr_count_event(br->stats, XENBR_EV_LEARN_LIMIT);
	xenbr_count_event(port->stats, XENBR_EV_LEARN_LIMIT);
}

static int xenbr_fdb_create(struct xenbr *br, struct xenbr_port *port,
			    const u8 *addr, u16 vid, unsigned long now)
{
	struct xenbr_fdb_entry *entry;
	int err;

	/* A guest spraying source MACs at the limit must not take the lock. */
	if (xenbr_fdb_at_limit(br, port))
		goto limit;
	/* The local entry guards the bridge's MAC in VLAN 0 only. */
	if (vid && ether_addr_equal(addr, br->dev->dev_addr))
		return -EPERM;

	entry = xenbr_fdb_alloc(addr, vid, port, 0, now, GFP_ATOMIC);
	if (!entry)
		return -ENOMEM;

	spin_lock(&br->fdb_lock);
	if (xenbr_fdb_at_limit(br, port)) {
		spin_unlock(&br->fdb_lock);
		kmem_cache_free(xenbr_fdb_cache, entry);
		goto limit;
	}
	err = rhashtable_lookup_insert_fast(&br->fdb, &entry->node,
					    xenbr_fdb_params);
	if (!err) {
		xenbr_fdb_account(br, port, 1);
		xenbr_fdb_changed(br, entry, XENBR_EVENT_FDB_LEARN);
	}
	spin_unlock(&br->fdb_lock);

	if (err) {
		/* Never published: no grace period needed. */
		kmem_cache_free(xenbr_fdb_cache, entry);
		/* Another CPU learned the same address first. */
		if (err == -EEXIST)
			err = 0;
	}
	return err;

limit:
	xenbr_fdb_count_limit(br, port);
	return -ENOSPC;
}

static int xenbr_fdb_move(struct xenbr *br, struct xenbr_fdb_entry *entry,
			  struct xenbr_port *port, unsigned long now)
{
	struct xenbr_port *old;
	int err = 0;

	spin_lock(&br->fdb_lock);
	/* It may have been removed or replaced since the lookup. */
	if (xenbr_fdb_find(br, entry->key.addr, entry->key.vid) != entry)
		goto unlock;
	old = xenbr_fdb_port_locked(br, entry);
	if (old == port)
		goto unlock;
	if (port->n_learned >= READ_ONCE(port->learn_limit)) {
		/* No room on the new port: forget the address so it floods. */
		if (xenbr_fdb_remove_locked(br, entry))
			xenbr_fdb_changed(br, entry, XENBR_EVENT_FDB_DELETE);
		err = -ENOSPC;
		goto unlock;
	}
	WRITE_ONCE(old->n_learned, old->n_learned - 1);
	WRITE_ONCE(port->n_learned, port->n_learned + 1);
	xenbr_fdb_uncache(old);
	rcu_assign_pointer(entry->port, port);
	WRITE_ONCE(entry->updated, now);
	xenbr_count_event(br->stats, XENBR_EV_FDB_MOVES);
	trace_xenbr_fdb_move(br->dev, old->dev, port->dev, entry->key.addr,
			     entry->key.vid);
	xenbr_fdb_changed(br, entry, XENBR_EVENT_FDB_MOVE);
unlock:
	spin_unlock(&br->fdb_lock);

	if (err == -ENOSPC)
		xenbr_fdb_count_limit(br, port);
	return err;
}

/**
 * xenbr_fdb_learn() - record that @addr was seen as a source on @port
 * @br: the bridge
 * @port: the ingress port
 * @addr: a valid unicast source MAC
 * @vid: VLAN id
 * @now: the current time in jiffies
 *
 * Context: RCU read side, BH disabled (the data path).
 * Return: 0 when the address is known on @port afterwards; -EPERM if a
 * static or local entry owns it elsewhere, -ENOSPC at a learning limit,
 * -ENOMEM or another rhashtable error if no entry could be made.
 */
int xenbr_fdb_learn(struct xenbr *br, struct xenbr_port *port,
		    const u8 *addr, u16 vid, unsigned long now)
{
	u64 key = xenbr_fdb_key_u64(addr, vid);
	struct xenbr_fdb_entry *entry;

	/*
	 * A port mostly sees one source (a guest's vif, a stream): once its
	 * entry is refreshed in this jiffy, the next frames need no lookup.
	 */
	if (READ_ONCE(port->last_src_at) == now &&
	    READ_ONCE(port->last_src) == key)
		return 0;

	entry = xenbr_fdb_find(br, addr, vid);
	if (!entry)
		return xenbr_fdb_create(br, port, addr, vid, now);

	if (likely(rcu_access_pointer(entry->port) == port)) {
		/* Write at most once a jiffy: the line stays clean for readers. */
		if (READ_ONCE(entry->updated) != now)
			WRITE_ONCE(entry->updated, now);
		WRITE_ONCE(port->last_src, key);
		WRITE_ONCE(port->last_src_at, now);
		return 0;
	}
	if (!xenbr_fdb_is_learned(entry))
		return -EPERM;
	return xenbr_fdb_move(br, entry, port, now);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_fdb_learn);

/**
 * xenbr_fdb_set_local() - make @new_addr the bridge's local entry
 * @br: the bridge
 * @old_addr: the previous local address, or NULL if there is none
 * @new_addr: the bridge's new MAC
 *
 * A learned or static entry for @new_addr is replaced: the bridge owns its
 * address. On failure the FDB is unchanged.
 *
 * Context: process, RTNL held.
 */
int xenbr_fdb_set_local(struct xenbr *br, const u8 *old_addr,
			const u8 *new_addr)
{
	struct xenbr_fdb_entry *entry, *old;
	int err = 0;

	entry = xenbr_fdb_alloc(new_addr, 0, NULL, XENBR_FDB_LOCAL, jiffies,
				GFP_KERNEL);
	if (!entry)
		return -ENOMEM;

	spin_lock_bh(&br->fdb_lock);
	old = xenbr_fdb_find_locked(br, new_addr, 0);
	if (old)
		xenbr_fdb_replace_locked(br, old, entry);
	else
		err = rhashtable_insert_fast(&br->fdb, &entry->node,
					     xenbr_fdb_params);
	if (!err)
		xenbr_fdb_changed(br, entry, XENBR_EVENT_FDB_ADD);
	if (!err && old_addr && !ether_addr_equal(old_addr, new_addr)) {
		old = xenbr_fdb_find_locked(br, old_addr, 0);
		if (old && (old->flags & XENBR_FDB_LOCAL) &&
		    xenbr_fdb_remove_locked(br, old))
			xenbr_fdb_changed(br, old, XENBR_EVENT_FDB_DELETE);
	}
	spin_unlock_bh(&br->fdb_lock);

	if (err)
		kmem_cache_free(xenbr_fdb_cache, entry);
	return err;
}

/*
 * A static entry for @addr on @port. One already static on another port is
 * taken from it only if @replace: two guests given the same MAC must not
 * silently steal each other's pin. The same entry again changes nothing.
 */
static int xenbr_fdb_put_static(struct xenbr *br, struct xenbr_port *port,
				const u8 *addr, u16 vid, bool replace)
{
	struct xenbr_fdb_entry *entry, *old;
	int err = 0;

	if (!is_valid_ether_addr(addr) || port->br != br)
		return -EINVAL;
	if (vid) {
		bool member;

		rcu_read_lock();
		member = xenbr_vlans_has(rcu_dereference(port->vlans), vid);
		rcu_read_unlock();
		if (!member)
			return -EINVAL;
	}

	entry = xenbr_fdb_alloc(addr, vid, port, XENBR_FDB_STATIC, jiffies,
				GFP_KERNEL);
	if (!entry)
		return -ENOMEM;

	spin_lock_bh(&br->fdb_lock);
	old = xenbr_fdb_find_locked(br, addr, vid);
	if (old && (old->flags & XENBR_FDB_LOCAL))
		err = -EEXIST;
	else if (vid && ether_addr_equal(addr, br->dev->dev_addr))
		err = -EEXIST;	/* the bridge's own, in every VLAN */
	else if (old && (old->flags & XENBR_FDB_STATIC) &&
		 xenbr_fdb_port_locked(br, old) == port)
		err = 1;	/* already so */
	else if (old && (old->flags & XENBR_FDB_STATIC) && !replace)
		err = -EEXIST;
	else if (old)
		xenbr_fdb_replace_locked(br, old, entry);
	else
		err = rhashtable_insert_fast(&br->fdb, &entry->node,
					     xenbr_fdb_params);
	if (!err)
		xenbr_fdb_changed(br, entry, XENBR_EVENT_FDB_ADD);
	spin_unlock_bh(&br->fdb_lock);

	if (err)
		kmem_cache_free(xenbr_fdb_cache, entry);
	return err > 0 ? 0 : err;
}

int xenbr_fdb_add_static(struct xenbr *br, struct xenbr_port *port,
			 const u8 *addr, u16 vid)
{
	return xenbr_fdb_put_static(br, port, addr, vid, false);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_fdb_add_static);

int xenbr_fdb_replace_static(struct xenbr *br, struct xenbr_port *port,
			     const u8 *addr, u16 vid)
{
	return xenbr_fdb_put_static(br, port, addr, vid, true);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_fdb_replace_static);

struct net_device *xenbr_fdb_pinned_by(struct xenbr *br, const u8 *addr,
				       u16 vid)
{
	struct xenbr_fdb_entry *entry;
	struct net_device *dev = NULL;
	struct xenbr_port *port;

	ASSERT_RTNL();
	if (ether_addr_equal(addr, br->dev->dev_addr))
		return br->dev;
	rcu_read_lock();
	entry = xenbr_fdb_find(br, addr, vid);
	if (entry && (entry->flags & XENBR_FDB_LOCAL)) {
		dev = br->dev;
	} else if (entry && (entry->flags & XENBR_FDB_STATIC)) {
		port = rcu_dereference(entry->port);
		dev = port->dev;
	}
	rcu_read_unlock();
	/* RTNL keeps the device: a port goes only under it. */
	return dev;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_fdb_pinned_by);

int xenbr_fdb_delete(struct xenbr *br, const u8 *addr, u16 vid)
{
	struct xenbr_fdb_entry *entry;
	int err = 0;

	spin_lock_bh(&br->fdb_lock);
	entry = xenbr_fdb_find_locked(br, addr, vid);
	if (!entry)
		err = -ENOENT;
	else if (entry->flags & XENBR_FDB_LOCAL)
		err = -EPERM;
	else if (xenbr_fdb_remove_locked(br, entry))
		xenbr_fdb_changed(br, entry, XENBR_EVENT_FDB_DELETE);
	spin_unlock_bh(&br->fdb_lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_fdb_delete);

typedef int (*xenbr_fdb_visit_t)(struct xenbr *br,
				 struct xenbr_fdb_entry *entry, void *arg);

/*
 * Calls @visit on every entry under RCU, rescheduling between batches; a
 * resize rewinds the walk, so an entry may be visited twice but none that
 * was there throughout is missed. Process context.
 */
static int xenbr_fdb_walk(struct xenbr *br, xenbr_fdb_visit_t visit,
			  void *arg)
{
	struct xenbr_fdb_entry *entry;
	struct rhashtable_iter iter;
	unsigned int n = 0;
	int ret = 0;

	rhashtable_walk_enter(&br->fdb, &iter);
	rhashtable_walk_start(&iter);
	while ((entry = rhashtable_walk_next(&iter))) {
		if (IS_ERR(entry))
			continue;	/* -EAGAIN: resized, walk rewound */
		if (++n % XENBR_FDB_WALK_BATCH == 0) {
			/*
			 * Pause before @visit, which may remove @entry: the
			 * walk resumes after the last entry it returned, which
			 * it can find only if that is still in the table.
			 */
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
			entry = rhashtable_walk_peek(&iter);
			if (!entry)
				break;
			if (IS_ERR(entry))
				continue;
		}
		ret = visit(br, entry, arg);
		if (ret)
			break;
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return ret;
}

struct xenbr_fdb_flush_filter {
	const struct xenbr_port *port;
	bool include_static;
	bool one_vlan;
	u16 vid;
};

static bool xenbr_fdb_flush_match(const struct xenbr_fdb_entry *entry,
				  const struct xenbr_port *port,
				  const struct xenbr_fdb_flush_filter *filter)
{
	if (entry->flags & XENBR_FDB_LOCAL)
		return false;
	if ((entry->flags & XENBR_FDB_STATIC) && !filter->include_static)
		return false;
	if (filter->one_vlan && entry->key.vid != filter->vid)
		return false;
	return !filter->port || port == filter->port;
}

static int xenbr_fdb_flush_one(struct xenbr *br,
			       struct xenbr_fdb_entry *entry, void *arg)
{
	const struct xenbr_fdb_flush_filter *filter = arg;

	/* Cheap unlocked test first; the port may change until we lock. */
	if (!xenbr_fdb_flush_match(entry, rcu_access_pointer(entry->port),
				   filter))
		return 0;

	spin_lock_bh(&br->fdb_lock);
	if (xenbr_fdb_flush_match(entry, xenbr_fdb_port_locked(br, entry),
				  filter) &&
	    xenbr_fdb_remove_locked(br, entry))
		xenbr_fdb_changed(br, entry, XENBR_EVENT_FDB_DELETE);
	spin_unlock_bh(&br->fdb_lock);
	return 0;
}

void xenbr_fdb_flush(struct xenbr *br, const struct xenbr_port *port,
		     bool include_static)
{
	struct xenbr_fdb_flush_filter filter = {
		.port = port,
		.include_static = include_static,
	};

	xenbr_fdb_walk(br, xenbr_fdb_flush_one, &filter);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_fdb_flush);

void xenbr_fdb_flush_vlan(struct xenbr *br, const struct xenbr_port *port,
			  u16 vid, bool include_static)
{
	struct xenbr_fdb_flush_filter filter = {
		.port = port,
		.include_static = include_static,
		.one_vlan = true,
		.vid = vid,
	};

	xenbr_fdb_walk(br, xenbr_fdb_flush_one, &filter);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_fdb_flush_vlan);

static int xenbr_fdb_age_one(struct xenbr *br, struct xenbr_fdb_entry *entry,
			     void *arg)
{
	unsigned long now = *(unsigned long *)arg;

	if (!xenbr_fdb_entry_expired(br, entry, now))
		return 0;

	spin_lock_bh(&br->fdb_lock);
	/* A frame may have refreshed it meanwhile. */
	if (xenbr_fdb_entry_expired(br, entry, now) &&
	    xenbr_fdb_remove_locked(br, entry))
		xenbr_fdb_changed(br, entry, XENBR_EVENT_FDB_AGE);
	spin_unlock_bh(&br->fdb_lock);
	return 0;
}

/*
 * Removes the learned entries expired at @now. Process context.
 *
 * A scan of the table's buckets in one RCU read section, as the Linux
 * bridge runs down its list: an rhashtable walk, whose cost per entry made
 * one pass over a million entries seven times the bridge's (make bench),
 * is left for a pass that a resize overlaps, where entries move between
 * tables behind the scan.
 */
void xenbr_fdb_age(struct xenbr *br, unsigned long now)
{
	const struct bucket_table *tbl;
	struct xenbr_fdb_entry *entry;
	struct rhash_head *pos;
	unsigned int i;
	bool resized;

	rcu_read_lock();
	tbl = rht_dereference_rcu(br->fdb.tbl, &br->fdb);
	for (i = 0; i < tbl->size; i++)
		rht_for_each_entry_rcu(entry, pos, tbl, i, node)
			xenbr_fdb_age_one(br, entry, &now);
	/* A resize sets the old table's future_tbl, and it stays set. */
	resized = rcu_access_pointer(tbl->future_tbl) ||
		  rcu_access_pointer(br->fdb.tbl) != tbl;
	rcu_read_unlock();
	if (resized)
		xenbr_fdb_walk(br, xenbr_fdb_age_one, &now);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_fdb_age);

/*
 * The generation a dump is consistent with: the FDB's, moved on by every
 * start over of the walk, and never 0 (which turns the check off).
 */
static u32 xenbr_fdb_dump_gen(const struct xenbr *br,
			      const struct xenbr_fdb_cursor *cur)
{
	return ((u32)atomic_read(&br->fdb_gen) + cur->restarts) ?: 1;
}

int xenbr_fdb_dump(struct xenbr *br, struct xenbr_fdb_cursor *cur,
		   xenbr_fdb_dump_cb_t cb, void *arg)
{
	struct xenbr_fdb_entry *entry;
	struct rhashtable_iter iter;
	struct bucket_table *tbl;
	unsigned int slot, skip;
	int ret = 0;
	u32 gen;

	if (cur->done)
		return 0;
	rhashtable_walk_enter(&br->fdb, &iter);
	/* A position in another table (resized since) means nothing. */
	tbl = iter.walker.tbl;
	if (cur->size && (tbl->size != cur->size ||
			  tbl->hash_rnd != cur->hash_rnd)) {
		cur->slot = 0;
		cur->skip = 0;
		cur->restarts++;
	}
	cur->size = tbl->size;
	cur->hash_rnd = tbl->hash_rnd;
	iter.slot = cur->slot;
	iter.skip = cur->skip;
	if (rhashtable_walk_start_check(&iter) == -EAGAIN)
		cur->restarts++;	/* resized meanwhile: from the start */
	gen = xenbr_fdb_dump_gen(br, cur);

	while ((entry = rhashtable_walk_next(&iter))) {
		if (IS_ERR(entry)) {
			/* -EAGAIN: resized; the walk goes on in the new one. */
			cur->restarts++;
			gen = xenbr_fdb_dump_gen(br, cur);
			continue;
		}
		/* The entry's position: its bucket, entries before it. */
		slot = iter.slot;
		skip = iter.skip - 1;
		ret = cb(entry, gen, arg);
		if (ret) {
			cur->slot = slot;
			cur->skip = skip;
			break;
		}
	}
	if (!entry)
		cur->done = true;
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_fdb_dump);

static unsigned long xenbr_fdb_gc_interval(const struct xenbr *br)
{
	unsigned long ageing = READ_ONCE(br->ageing_time);

	if (!ageing)
		return XENBR_FDB_GC_MAX;
	return clamp_t(unsigned long, ageing / 4, XENBR_FDB_GC_MIN,
		       XENBR_FDB_GC_MAX);
}

static void xenbr_fdb_gc(struct work_struct *work)
{
	struct xenbr *br = container_of(to_delayed_work(work), struct xenbr,
					gc_work);

	xenbr_fdb_age(br, jiffies);
	xenbr_fdb_notify_suppressed(br);
	queue_delayed_work(system_power_efficient_wq, &br->gc_work,
			   xenbr_fdb_gc_interval(br));
}

void xenbr_set_ageing_time(struct xenbr *br, u32 ageing_ms)
{
	WRITE_ONCE(br->ageing_time, msecs_to_jiffies(ageing_ms));
	/* Apply it now rather than at the next scheduled pass. */
	mod_delayed_work(system_power_efficient_wq, &br->gc_work, 0);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_set_ageing_time);

u32 xenbr_get_ageing_time(const struct xenbr *br)
{
	return jiffies_to_msecs(READ_ONCE(br->ageing_time));
}

void xenbr_set_learn_limit(struct xenbr *br, u32 limit)
{
	WRITE_ONCE(br->learn_limit, limit);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_set_learn_limit);

void xenbr_set_new_port_learn_limit(struct xenbr *br, u32 limit)
{
	WRITE_ONCE(br->port_learn_limit, limit);
}

/* ndo_init: the table with the bridge's local entry, and ageing. */
int xenbr_fdb_init(struct xenbr *br)
{
	int err;

	spin_lock_init(&br->fdb_lock);
	INIT_DELAYED_WORK(&br->gc_work, xenbr_fdb_gc);

	err = rhashtable_init(&br->fdb, &xenbr_fdb_params);
	if (err)
		return err;
	err = xenbr_fdb_set_local(br, NULL, br->dev->dev_addr);
	if (err) {
		rhashtable_destroy(&br->fdb);
		return err;
	}
	queue_delayed_work(system_power_efficient_wq, &br->gc_work,
			   xenbr_fdb_gc_interval(br));
	return 0;
}

static void xenbr_fdb_free_unlinked(void *ptr, void *arg)
{
	struct xenbr_fdb_entry *entry = ptr;

	call_rcu(&entry->rcu, xenbr_fdb_free_rcu);
}

/* ndo_uninit, after the ports are gone: only the local entry is left. */
void xenbr_fdb_fini(struct xenbr *br)
{
	cancel_delayed_work_sync(&br->gc_work);
	WARN_ON_ONCE(br->n_learned);
	rhashtable_free_and_destroy(&br->fdb, xenbr_fdb_free_unlinked, NULL);
}
