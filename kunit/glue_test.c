// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the netback glue. A fake xenstore stands behind
 * &struct xenbr_glue_ops and presents test net_devices as netback vifs, so
 * every decision runs with real devices, a real bridge, the real notifier
 * and the real workqueue, without Xen. Standing in for the module's glue,
 * it also fills what netlink replies carry of the glue.
 */

#include <linux/completion.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/mutex.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <xen/xen.h>
#include "xenbr_test.h"
#include "../netback_glue/glue_priv.h"
#include "netlink.h"

#define XG_MAX_ENTRIES	48
#define XG_MAX_VIFS	4
#define XG_PATH_LEN	64

struct xg_entry {
	char path[XG_PATH_LEN];
	char val[XENBR_GLUE_MSG_LEN];
};

/* A xenstore of a few keys, and the table of devices that are "vifs". */
struct xg_fake {
	struct mutex lock;	/* guards @e, @read_err, @status_writes */
	struct xg_entry e[XG_MAX_ENTRIES];
	int read_err;
	int status_writes;
	/* While @gated, a read of @gate_key waits for @gate. */
	bool gated;
	const char *gate_key;
	struct completion entered;
	struct completion gate;
	spinlock_t id_lock;	/* guards @ids; identify() must not sleep */
	struct {
		const struct net_device *dev;
		u32 domid;
		u32 handle;
	} ids[XG_MAX_VIFS];
};

struct xg_ctx {
	struct xg_fake fake;
	struct xenbr_glue *glue;
	struct net_device *br_dev;
	struct xenbr *br;
	struct net_device *vifs[XG_MAX_VIFS];
	struct net_device *plain;	/* a port that is no vif */
	struct delayed_work opener;
	/* The module's glue, while @glue stands in for it (netlink tests). */
	struct xenbr_glue *main_glue;
	bool swapped;
};

static const u8 xg_guest_mac[ETH_ALEN] = { 0x00, 0x16, 0x3e, 0x00, 0x00, 0x01 };

static void xg_path(char *path, u32 domid, u32 handle, const char *key)
{
	snprintf(path, XG_PATH_LEN, "backend/vif/%u/%u/%s", domid, handle, key);
}

static struct xg_entry *xg_lookup(struct xg_fake *fake, const char *path)
{
	int i;

	for (i = 0; i < XG_MAX_ENTRIES; i++)
		if (!strcmp(fake->e[i].path, path))
			return &fake->e[i];
	return NULL;
}

/* Sets a key; @val NULL removes it. Caller holds fake->lock. */
static void xg_store(struct xg_fake *fake, const char *path, const char *val)
{
	struct xg_entry *e = xg_lookup(fake, path);

	if (!val) {
		if (e)
			e->path[0] = '\0';
		return;
	}
	if (!e)
		e = xg_lookup(fake, "");
	if (WARN_ON(!e))
		return;
	strscpy(e->path, path, sizeof(e->path));
	strscpy(e->val, val, sizeof(e->val));
}

static void xg_set(struct xg_ctx *ctx, u32 domid, u32 handle, const char *key,
		   const char *val)
{
	char path[XG_PATH_LEN];

	xg_path(path, domid, handle, key);
	mutex_lock(&ctx->fake.lock);
	xg_store(&ctx->fake, path, val);
	mutex_unlock(&ctx->fake.lock);
}

/* The value of a key, or "" if there is none. */
static const char *xg_get(struct kunit *test, u32 domid, u32 handle,
			  const char *key)
{
	struct xg_ctx *ctx = test->priv;
	char path[XG_PATH_LEN];
	struct xg_entry *e;
	char *val;

	xg_path(path, domid, handle, key);
	mutex_lock(&ctx->fake.lock);
	e = xg_lookup(&ctx->fake, path);
	val = kunit_kzalloc(test, XENBR_GLUE_MSG_LEN, GFP_KERNEL);
	if (val && e)
		strscpy(val, e->val, XENBR_GLUE_MSG_LEN);
	mutex_unlock(&ctx->fake.lock);
	return val ?: "";
}

/* What the toolstack writes for a vif with script=vif-xenbr. */
static void xg_node(struct xg_ctx *ctx, u32 domid, u32 handle)
{
	xg_set(ctx, domid, handle, "script", "/etc/xen/scripts/vif-xenbr");
	xg_set(ctx, domid, handle, "bridge", ctx->br_dev->name);
	xg_set(ctx, domid, handle, "mac", "00:16:3e:00:00:01");
	xg_set(ctx, domid, handle, "handle", "0");
}

/* The toolstack removes the node when the guest goes. */
static void xg_node_rm(struct xg_ctx *ctx, u32 domid, u32 handle)
{
	char prefix[XG_PATH_LEN];
	size_t n;
	int i;

	n = snprintf(prefix, sizeof(prefix), "backend/vif/%u/%u/", domid,
		     handle);
	mutex_lock(&ctx->fake.lock);
	for (i = 0; i < XG_MAX_ENTRIES; i++)
		if (!strncmp(ctx->fake.e[i].path, prefix, n))
			ctx->fake.e[i].path[0] = '\0';
	mutex_unlock(&ctx->fake.lock);
}

static int xg_status_writes(struct xg_ctx *ctx)
{
	int n;

	mutex_lock(&ctx->fake.lock);
	n = ctx->fake.status_writes;
	mutex_unlock(&ctx->fake.lock);
	return n;
}

static char *xg_read(void *priv, const char *node, const char *key)
{
	struct xg_fake *fake = priv;
	char path[XG_PATH_LEN];
	struct xg_entry *e;
	char *val;

	if (READ_ONCE(fake->gated) && !strcmp(key, fake->gate_key)) {
		complete(&fake->entered);
		wait_for_completion(&fake->gate);
	}
	snprintf(path, sizeof(path), "%s/%s", node, key);
	mutex_lock(&fake->lock);
	if (fake->read_err) {
		val = ERR_PTR(fake->read_err);
	} else {
		e = xg_lookup(fake, path);
		val = e ? kstrdup(e->val, GFP_KERNEL) : ERR_PTR(-ENOENT);
		if (!val)
			val = ERR_PTR(-ENOMEM);
	}
	mutex_unlock(&fake->lock);
	return val;
}

static int xg_set_status(void *priv, const char *node, const char *status,
			 const char *error)
{
	struct xg_fake *fake = priv;
	char path[XG_PATH_LEN];
	size_t n = strlen(node);
	bool exists = false;
	int i;

	mutex_lock(&fake->lock);
	for (i = 0; i < XG_MAX_ENTRIES; i++)
		if (!strncmp(fake->e[i].path, node, n) &&
		    fake->e[i].path[n] == '/')
			exists = true;
	if (exists) {
		if (error) {
			snprintf(path, sizeof(path), "%s/hotplug-error", node);
			xg_store(fake, path, error);
		}
		snprintf(path, sizeof(path), "%s/hotplug-status", node);
		xg_store(fake, path, status);
		fake->status_writes++;
	}
	mutex_unlock(&fake->lock);
	return exists ? 0 : -ENOENT;
}

static bool xg_identify(void *priv, const struct net_device *dev,
			struct xenbr_glue_id *id)
{
	struct xg_fake *fake = priv;
	bool found = false;
	int i;

	spin_lock(&fake->id_lock);
	for (i = 0; i < XG_MAX_VIFS; i++) {
		if (fake->ids[i].dev != dev)
			continue;
		id->domid = fake->ids[i].domid;
		id->handle = fake->ids[i].handle;
		snprintf(id->node, sizeof(id->node), "backend/vif/%u/%u",
			 id->domid, id->handle);
		found = true;
	}
	spin_unlock(&fake->id_lock);
	return found;
}

static const struct xenbr_glue_ops xg_ops = {
	.read		= xg_read,
	.set_status	= xg_set_status,
	.identify	= xg_identify,
};

/* A device like netback's vif: down until someone opens it. */
static netdev_tx_t xg_vif_xmit(struct sk_buff *skb, struct net_device *dev)
{
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops xg_vif_ops = {
	.ndo_start_xmit	= xg_vif_xmit,
};

static void xg_vif_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &xg_vif_ops;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->needs_free_netdev = true;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU - VLAN_ETH_HLEN;
}

/* Registers a "vif" of @domid/@handle in slot @slot. */
static struct net_device *xg_vif_create(struct kunit *test, int slot,
					u32 domid, u32 handle)
{
	struct xg_ctx *ctx = test->priv;
	struct net_device *dev;
	int err;

	KUNIT_ASSERT_NULL(test, ctx->vifs[slot]);
	dev = alloc_netdev(0, "xgvif%d", NET_NAME_ENUM, xg_vif_setup);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	eth_hw_addr_set(dev, xt_vif_mac);
	spin_lock(&ctx->fake.id_lock);
	ctx->fake.ids[slot].dev = dev;
	ctx->fake.ids[slot].domid = domid;
	ctx->fake.ids[slot].handle = handle;
	spin_unlock(&ctx->fake.id_lock);

	rtnl_lock();
	err = register_netdevice(dev);
	rtnl_unlock();
	if (err) {
		spin_lock(&ctx->fake.id_lock);
		ctx->fake.ids[slot].dev = NULL;
		spin_unlock(&ctx->fake.id_lock);
		free_netdev(dev);
	}
	KUNIT_ASSERT_EQ(test, err, 0);
	ctx->vifs[slot] = dev;
	return dev;
}

/* Unregisters the vif in @slot, as netback does when the guest goes. */
static void xg_vif_destroy(struct xg_ctx *ctx, int slot)
{
	struct net_device *dev = ctx->vifs[slot];

	if (!dev)
		return;
	ctx->vifs[slot] = NULL;
	xt_dev_destroy(dev);
	spin_lock(&ctx->fake.id_lock);
	ctx->fake.ids[slot].dev = NULL;
	spin_unlock(&ctx->fake.id_lock);
}

static void xg_open_gate(struct xg_ctx *ctx)
{
	WRITE_ONCE(ctx->fake.gated, false);
	complete_all(&ctx->fake.gate);
}

static void xg_opener(struct work_struct *work)
{
	struct xg_ctx *ctx = container_of(to_delayed_work(work), struct xg_ctx,
					  opener);

	xg_open_gate(ctx);
}

static int xg_test_init(struct kunit *test)
{
	struct xg_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	test->priv = ctx;
	mutex_init(&ctx->fake.lock);
	spin_lock_init(&ctx->fake.id_lock);
	init_completion(&ctx->fake.entered);
	init_completion(&ctx->fake.gate);
	ctx->fake.gate_key = "hotplug-status";
	INIT_DELAYED_WORK(&ctx->opener, xg_opener);

	ctx->br_dev = xt_bridge_create();
	if (IS_ERR(ctx->br_dev)) {
		int err = PTR_ERR(ctx->br_dev);

		ctx->br_dev = NULL;
		return err;
	}
	ctx->br = xenbr_from_dev(ctx->br_dev);
	rtnl_lock();
	dev_open(ctx->br_dev, NULL);
	rtnl_unlock();

	ctx->glue = xenbr_glue_create(&xg_ops, &ctx->fake, true);
	if (IS_ERR(ctx->glue)) {
		int err = PTR_ERR(ctx->glue);

		ctx->glue = NULL;
		return err;
	}
	return 0;
}

static void xg_test_exit(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;
	int i;

	if (!ctx)
		return;
	xg_open_gate(ctx);
	cancel_delayed_work_sync(&ctx->opener);
	if (ctx->swapped) {
		rtnl_lock();
		xenbr_glue_swap_main(ctx->main_glue);
		rtnl_unlock();
	}
	if (ctx->glue)
		xenbr_glue_destroy(ctx->glue);
	for (i = 0; i < XG_MAX_VIFS; i++)
		xg_vif_destroy(ctx, i);
	if (ctx->plain)
		xt_dev_destroy(ctx->plain);
	if (ctx->br_dev)
		xt_bridge_destroy(ctx->br_dev);
	mutex_destroy(&ctx->fake.lock);
}

static enum xenbr_glue_state xg_state(struct xg_ctx *ctx, int slot)
{
	struct xenbr_glue_vif *vif;
	enum xenbr_glue_state state;

	rtnl_lock();
	vif = xenbr_glue_vif_find(ctx->glue, ctx->vifs[slot]);
	state = vif ? vif->state : __XENBR_GLUE_STATE_MAX;
	rtnl_unlock();
	return state;
}

static int xg_count(struct xg_ctx *ctx, enum xenbr_glue_state state)
{
	return atomic_read(&ctx->glue->counts[state]);
}

static struct net_device *xg_master(struct net_device *dev)
{
	struct net_device *master;

	rtnl_lock();
	master = netdev_master_upper_dev_get(dev);
	rtnl_unlock();
	return master;
}

/* The port owning the static FDB entry for @mac, or NULL. */
static struct xenbr_port *xg_fdb_port(struct xg_ctx *ctx, const u8 *mac,
				      u32 *flags)
{
	struct xenbr_fdb_entry *entry;
	struct xenbr_port *port = NULL;

	rcu_read_lock();
	entry = xenbr_fdb_find(ctx->br, mac, 0);
	if (entry) {
		port = rcu_dereference(entry->port);
		*flags = entry->flags;
	}
	rcu_read_unlock();
	return port;
}

static void xg_expect_attached(struct kunit *test, int slot, u32 domid,
			       u32 handle, unsigned int mtu)
{
	struct xg_ctx *ctx = test->priv;
	struct net_device *dev = ctx->vifs[slot];
	struct xenbr_port *port;
	u32 flags = 0;

	KUNIT_EXPECT_EQ(test, xg_state(ctx, slot), XENBR_GLUE_ATTACHED);
	KUNIT_EXPECT_PTR_EQ(test, xg_master(dev), ctx->br_dev);
	KUNIT_EXPECT_TRUE(test, netif_running(dev));
	KUNIT_EXPECT_EQ(test, dev->mtu, mtu);
	rtnl_lock();
	port = xenbr_port_from_dev(dev);
	KUNIT_EXPECT_NOT_NULL(test, port);
	if (port)
		KUNIT_EXPECT_EQ(test, port->learn_limit,
				(u32)XENBR_GLUE_LEARN_LIMIT);
	KUNIT_EXPECT_PTR_EQ(test, xg_fdb_port(ctx, xg_guest_mac, &flags), port);
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, flags & XENBR_FDB_STATIC);
	KUNIT_EXPECT_STREQ(test, xg_get(test, domid, handle, "hotplug-status"),
			   "connected");
	KUNIT_EXPECT_STREQ(test, xg_get(test, domid, handle, "hotplug-error"),
			   "");
}

/* Not attached, and told so in xenstore with a message containing @why. */
static void xg_expect_error(struct kunit *test, int slot, u32 domid,
			    u32 handle, const char *why)
{
	struct xg_ctx *ctx = test->priv;
	const char *msg = xg_get(test, domid, handle, "hotplug-error");

	KUNIT_EXPECT_EQ(test, xg_state(ctx, slot), XENBR_GLUE_FAILED);
	KUNIT_EXPECT_NULL(test, xg_master(ctx->vifs[slot]));
	KUNIT_EXPECT_FALSE(test, netif_running(ctx->vifs[slot]));
	KUNIT_EXPECT_STREQ(test, xg_get(test, domid, handle, "hotplug-status"),
			   "error");
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(msg, why), "hotplug-error: %s",
				  msg);
}

/* A vif as xl creates it: on the bridge, MTU of the bridge, connected. */
static void xg_test_attach(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;

	xg_node(ctx, 3, 0);
	xg_vif_create(test, 0, 3, 0);
	xenbr_glue_flush(ctx->glue);
	xg_expect_attached(test, 0, 3, 0, ctx->br_dev->mtu);
	KUNIT_EXPECT_EQ(test, xg_count(ctx, XENBR_GLUE_ATTACHED), 1);
	KUNIT_EXPECT_EQ(test, xg_status_writes(ctx), 1);
}

/*
 * Two guests given one MAC: the second vif is not attached, xenstore names
 * the vif that has the MAC, and the first keeps its static entry.
 */
static void xg_test_mac_clash(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;
	struct xenbr_port *port;
	char why[XENBR_GLUE_MSG_LEN];
	u32 flags = 0;

	xg_node(ctx, 3, 0);
	xg_vif_create(test, 0, 3, 0);
	xenbr_glue_flush(ctx->glue);
	xg_expect_attached(test, 0, 3, 0, ctx->br_dev->mtu);

	xg_node(ctx, 4, 0);	/* the same "mac" */
	xg_vif_create(test, 1, 4, 0);
	xenbr_glue_flush(ctx->glue);
	snprintf(why, sizeof(why), "already static on %s",
		 ctx->vifs[0]->name);
	xg_expect_error(test, 1, 4, 0, why);
	KUNIT_EXPECT_NULL(test, xg_master(ctx->vifs[1]));
	KUNIT_EXPECT_EQ(test, xg_count(ctx, XENBR_GLUE_FAILED), 1);

	rtnl_lock();
	port = xenbr_port_from_dev(ctx->vifs[0]);
	KUNIT_EXPECT_PTR_EQ(test, xg_fdb_port(ctx, xg_guest_mac, &flags), port);
	KUNIT_EXPECT_NULL(test, xenbr_port_from_dev(ctx->vifs[1]));
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, flags & XENBR_FDB_STATIC);
}

/* The port's VLANs of "bridge=BR.10" and "bridge=BR:20:30", or none. */
static const struct xenbr_vlans *xg_vlans(struct xg_ctx *ctx, int slot)
{
	struct xenbr_port *port = xenbr_port_from_dev(ctx->vifs[slot]);

	return port ? rtnl_dereference(port->vlans) : NULL;
}

static void xg_test_vlans(struct kunit *test)
{
	static const u8 mac2[ETH_ALEN] = { 0x00, 0x16, 0x3e, 0, 0, 0x99 };
	struct xg_ctx *ctx = test->priv;
	const struct xenbr_vlans *vlans;
	char key[IFNAMSIZ + 16];
	u32 flags = 0;

	/* Off: a VLAN in the key is refused, saying how to turn it on. */
	xg_node(ctx, 3, 0);
	snprintf(key, sizeof(key), "%s.10", ctx->br_dev->name);
	xg_set(ctx, 3, 0, "bridge", key);
	xg_vif_create(test, 0, 3, 0);
	xenbr_glue_flush(ctx->glue);
	xg_expect_error(test, 0, 3, 0, "does not filter VLANs");

	rtnl_lock();
	xenbr_vlan_set_filtering(ctx->br, true);
	rtnl_unlock();
	xg_node(ctx, 4, 0);
	xg_set(ctx, 4, 0, "bridge", key);
	xg_vif_create(test, 1, 4, 0);
	xenbr_glue_flush(ctx->glue);
	xg_expect_attached(test, 1, 4, 0, ctx->br_dev->mtu);
	rtnl_lock();
	vlans = xg_vlans(ctx, 1);
	KUNIT_EXPECT_NOT_NULL(test, vlans);
	if (vlans) {
		KUNIT_EXPECT_EQ(test, vlans->pvid, 10);
		KUNIT_EXPECT_EQ(test, bitmap_weight(vlans->member, VLAN_N_VID),
				1);
		KUNIT_EXPECT_EQ(test, xenbr_vlans_flags(vlans, 10),
				XENBR_VLAN_F_PVID | XENBR_VLAN_F_UNTAGGED);
	}
	KUNIT_EXPECT_NOT_NULL(test, xenbr_fdb_pinned_by(ctx->br, xg_guest_mac,
							10));
	rtnl_unlock();

	/* A trunk: tagged, no PVID; the guest's MAC in each of its VLANs. */
	xg_node(ctx, 5, 0);
	snprintf(key, sizeof(key), "%s:20:30", ctx->br_dev->name);
	xg_set(ctx, 5, 0, "bridge", key);
	xg_set(ctx, 5, 0, "mac", "00:16:3e:00:00:99");
	xg_vif_create(test, 2, 5, 0);
	xenbr_glue_flush(ctx->glue);
	KUNIT_EXPECT_EQ(test, xg_state(ctx, 2), XENBR_GLUE_ATTACHED);
	rtnl_lock();
	vlans = xg_vlans(ctx, 2);
	KUNIT_EXPECT_NOT_NULL(test, vlans);
	if (vlans) {
		KUNIT_EXPECT_EQ(test, vlans->pvid, 0);
		KUNIT_EXPECT_EQ(test, bitmap_weight(vlans->member, VLAN_N_VID),
				2);
		KUNIT_EXPECT_EQ(test, xenbr_vlans_flags(vlans, 20), 0);
		KUNIT_EXPECT_EQ(test, xenbr_vlans_flags(vlans, 30), 0);
	}
	KUNIT_EXPECT_PTR_EQ(test, xenbr_fdb_pinned_by(ctx->br, mac2, 30),
			    ctx->vifs[2]);
	KUNIT_EXPECT_PTR_EQ(test, xenbr_fdb_pinned_by(ctx->br, mac2, 0),
			    ctx->vifs[2]);
	KUNIT_EXPECT_NULL(test, xenbr_fdb_pinned_by(ctx->br, mac2, 10));
	KUNIT_EXPECT_PTR_EQ(test, xg_fdb_port(ctx, mac2, &flags),
			    xenbr_port_from_dev(ctx->vifs[2]));
	rtnl_unlock();
	KUNIT_EXPECT_TRUE(test, flags & XENBR_FDB_STATIC);
}

static void xg_test_mtu_key(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;

	xg_node(ctx, 3, 1);
	xg_set(ctx, 3, 1, "mtu", "1400");
	xg_vif_create(test, 0, 3, 1);
	xenbr_glue_flush(ctx->glue);
	xg_expect_attached(test, 0, 3, 1, 1400);
}

/* An MTU the device refuses (it is above what the vif takes). */
static void xg_test_mtu_refused(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;

	xg_node(ctx, 3, 1);
	xg_set(ctx, 3, 1, "mtu", "65535");
	xg_vif_create(test, 0, 3, 1);
	xenbr_glue_flush(ctx->glue);
	xg_expect_error(test, 0, 3, 1, "MTU");
}

static void xg_test_no_bridge(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;

	xg_node(ctx, 4, 0);
	xg_set(ctx, 4, 0, "bridge", "xgnone0");
	xg_vif_create(test, 0, 4, 0);
	xenbr_glue_flush(ctx->glue);
	xg_expect_error(test, 0, 4, 0, "bridge xgnone0 does not exist");
	KUNIT_EXPECT_EQ(test, xg_count(ctx, XENBR_GLUE_FAILED), 1);
}

/* A device of that name that is no xenbr bridge (here: another vif). */
static void xg_test_not_a_bridge(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;
	struct net_device *other;

	other = xg_vif_create(test, 1, 9, 9);
	xenbr_glue_flush(ctx->glue);
	xg_node(ctx, 4, 0);
	xg_set(ctx, 4, 0, "bridge", other->name);
	xg_vif_create(test, 0, 4, 0);
	xenbr_glue_flush(ctx->glue);
	xg_expect_error(test, 0, 4, 0, "is not a xenbr bridge");
}

static void xg_test_bad_mac(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;
	u32 flags;

	xg_node(ctx, 5, 0);
	xg_set(ctx, 5, 0, "mac", "00:16:3e:zz:00:01");
	xg_vif_create(test, 0, 5, 0);
	xenbr_glue_flush(ctx->glue);
	xg_expect_error(test, 0, 5, 0, "invalid mac");
	KUNIT_EXPECT_NULL(test, xg_fdb_port(ctx, xg_guest_mac, &flags));
}

/*
 * VIF locking: the "ip" key locks the vif to the guest's MAC and those
 * addresses; without it the vif stays unlocked; a malformed one is refused.
 */
static void xg_test_ip_lock(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;
	const struct xenbr_locking *lk;
	struct xenbr_port *port;

	xg_node(ctx, 3, 0);
	xg_set(ctx, 3, 0, "ip", "10.0.0.5 10.0.1.0/24,2001:db8::5");
	xg_vif_create(test, 0, 3, 0);
	xenbr_glue_flush(ctx->glue);
	xg_expect_attached(test, 0, 3, 0, ctx->br_dev->mtu);
	rtnl_lock();
	port = xenbr_port_from_dev(ctx->vifs[0]);
	lk = port ? rtnl_dereference(port->locking) : NULL;
	KUNIT_EXPECT_NOT_NULL(test, lk);
	if (lk) {
		KUNIT_EXPECT_EQ(test, lk->mode, XENBR_LOCK_LOCKED);
		KUNIT_EXPECT_TRUE(test, lk->has_mac);
		KUNIT_EXPECT_TRUE(test, ether_addr_equal(lk->mac, xg_guest_mac));
		KUNIT_EXPECT_EQ(test, lk->n_v4, 2);
		KUNIT_EXPECT_EQ(test, lk->n_v6, 1);
	}
	rtnl_unlock();
}

static void xg_test_no_ip_unlocked(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;
	struct xenbr_port *port;

	xg_node(ctx, 3, 0);
	xg_vif_create(test, 0, 3, 0);
	xenbr_glue_flush(ctx->glue);
	xg_expect_attached(test, 0, 3, 0, ctx->br_dev->mtu);
	rtnl_lock();
	port = xenbr_port_from_dev(ctx->vifs[0]);
	KUNIT_EXPECT_EQ(test, port ? xenbr_port_locking_mode(port) : -1,
			XENBR_LOCK_UNLOCKED);
	rtnl_unlock();
}

static void xg_test_bad_ip(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;

	xg_node(ctx, 5, 0);
	xg_set(ctx, 5, 0, "ip", "10.0.0.5 10.0.0.300");
	xg_vif_create(test, 0, 5, 0);
	xenbr_glue_flush(ctx->glue);
	xg_expect_error(test, 0, 5, 0, "invalid ip");
}

/* Whatever the guest reads, the MAC is the backend's and must be there. */
static void xg_test_config(struct kunit *test)
{
	static const struct {
		const char *key;
		const char *val;
		int ret;
		const char *msg;
	} tc[] = {
		{ "mac", NULL, -EINVAL, "no mac" },
		{ "mac", "", -EINVAL, "invalid mac" },
		{ "mac", "00:16:3e:00:00", -EINVAL, "invalid mac" },
		{ "mac", "00:16:3e:00:00:01:02", -EINVAL, "invalid mac" },
		{ "mac", "00-16-3e-00-00-01", -EINVAL, "invalid mac" },
		{ "mac", "01:00:5e:00:00:01", -EINVAL, "invalid mac" },
		{ "mac", "00:00:00:00:00:00", -EINVAL, "invalid mac" },
		{ "mtu", "abc", -EINVAL, "invalid mtu" },
		{ "mtu", "0", -EINVAL, "invalid mtu" },
		{ "mtu", "67", -EINVAL, "invalid mtu" },
		{ "mtu", "65536", -EINVAL, "invalid mtu" },
		{ "mtu", "-1500", -EINVAL, "invalid mtu" },
		{ "mtu", "1500x", -EINVAL, "invalid mtu" },
		{ "mtu", "68", 0, NULL },
		{ "mtu", "9000", 0, NULL },
		{ "bridge", "", -EINVAL, "invalid bridge" },
		{ "bridge", "a/b", -EINVAL, "invalid bridge" },
		{ "bridge", "averyveryverylongname", -EINVAL, "invalid bridge" },
		{ "bridge", "xenbr0.0", -EINVAL, "invalid VLAN" },
		{ "bridge", "xenbr0.4095", -EINVAL, "invalid VLAN" },
		{ "bridge", "xenbr0:10:x", -EINVAL, "invalid trunk VLAN" },
		{ "bridge", "xenbr0::10", -EINVAL, "invalid trunk VLAN" },
		{ "bridge", "xenbr0:10:", -EINVAL, "invalid trunk VLAN" },
		{ "bridge", "xenbr0:4095", -EINVAL, "invalid trunk VLAN" },
		{ "bridge", ".10", -EINVAL, "invalid bridge" },
		{ "bridge", "xenbr0.10:20:30", 0, NULL },
		{ "vifname", "x y", -EINVAL, "invalid vifname" },
		{ "vifname", "guest0", 0, NULL },
		{ "script", NULL, 1, NULL },
		{ "script", "/etc/xen/scripts/vif-bridge", 1, NULL },
		{ "script", "vif-xenbr", 0, NULL },
		{ "hotplug-status", "connected", 0, NULL },	/* running */
		{ "hotplug-status", "error", 1, NULL },
		/* libxl empties it before it runs the script. */
		{ "hotplug-status", "", 0, NULL },
	};
	struct xg_ctx *ctx = test->priv;
	struct xenbr_glue_config *cfg;
	struct xenbr_glue_id id = { .domid = 7, .handle = 0 };
	char msg[XENBR_GLUE_MSG_LEN];
	int i, ret;

	cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cfg);

	strscpy(id.node, "backend/vif/7/0", sizeof(id.node));
	for (i = 0; i < ARRAY_SIZE(tc); i++) {
		xg_node_rm(ctx, 7, 0);
		xg_node(ctx, 7, 0);
		xg_set(ctx, 7, 0, tc[i].key, tc[i].val);
		msg[0] = '\0';
		ret = xenbr_glue_read_config(ctx->glue, &id, cfg, msg,
					     sizeof(msg));
		KUNIT_EXPECT_EQ_MSG(test, ret, tc[i].ret, "%s = \"%s\"",
				    tc[i].key,
				    tc[i].val ? tc[i].val : "(none)");
		if (tc[i].msg)
			KUNIT_EXPECT_NOT_NULL_MSG(test,
						  strstr(msg, tc[i].msg),
						  "%s = \"%s\": %s",
						  tc[i].key, tc[i].val,
						  msg);
	}

	/* What a good node gives. */
	xg_node_rm(ctx, 7, 0);
	xg_node(ctx, 7, 0);
	xg_set(ctx, 7, 0, "mtu", "9000");
	KUNIT_EXPECT_EQ(test, xenbr_glue_read_config(ctx->glue, &id, cfg, msg,
						     sizeof(msg)), 0);
	KUNIT_EXPECT_STREQ(test, cfg->bridge, ctx->br_dev->name);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(cfg->mac, xg_guest_mac));
	KUNIT_EXPECT_EQ(test, cfg->mtu, 9000u);
	KUNIT_EXPECT_STREQ(test, cfg->vifname, "");

	/* vif-openvswitch's syntax: BRIDGE[.VLAN][:TRUNK[:TRUNK...]]. */
	xg_set(ctx, 7, 0, "bridge", "xenbr1.10:20:30:20");
	KUNIT_EXPECT_EQ(test, xenbr_glue_read_config(ctx->glue, &id, cfg, msg,
						     sizeof(msg)), 0);
	KUNIT_EXPECT_STREQ(test, cfg->bridge, "xenbr1");
	KUNIT_EXPECT_EQ(test, cfg->vlan, 10);
	KUNIT_EXPECT_EQ(test, cfg->n_trunks, 2);
	KUNIT_EXPECT_TRUE(test, test_bit(20, cfg->trunks));
	KUNIT_EXPECT_TRUE(test, test_bit(30, cfg->trunks));
	xg_set(ctx, 7, 0, "bridge", "br.x");	/* a name with a dot */
	KUNIT_EXPECT_EQ(test, xenbr_glue_read_config(ctx->glue, &id, cfg, msg,
						     sizeof(msg)), 0);
	KUNIT_EXPECT_STREQ(test, cfg->bridge, "br.x");
	KUNIT_EXPECT_EQ(test, cfg->vlan, 0);
	KUNIT_EXPECT_EQ(test, cfg->n_trunks, 0);

	/* No bridge key: Xen's default, xenbr0. No mtu: the bridge's. */
	xg_set(ctx, 7, 0, "bridge", NULL);
	xg_set(ctx, 7, 0, "mtu", NULL);
	KUNIT_EXPECT_EQ(test, xenbr_glue_read_config(ctx->glue, &id, cfg, msg,
						     sizeof(msg)), 0);
	KUNIT_EXPECT_STREQ(test, cfg->bridge, XENBR_GLUE_DEFAULT_BRIDGE);
	KUNIT_EXPECT_EQ(test, cfg->mtu, 0u);

	/* xenstore itself failing is an error, not a missing key. */
	mutex_lock(&ctx->fake.lock);
	ctx->fake.read_err = -EIO;
	mutex_unlock(&ctx->fake.lock);
	KUNIT_EXPECT_EQ(test, xenbr_glue_read_config(ctx->glue, &id, cfg, msg,
						     sizeof(msg)), -EIO);
	KUNIT_EXPECT_NOT_NULL(test, strstr(msg, "cannot read"));
	mutex_lock(&ctx->fake.lock);
	ctx->fake.read_err = 0;
	mutex_unlock(&ctx->fake.lock);
}

/* With no bridge key the vif goes to xenbr0. */
static void xg_test_default_bridge(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;
	struct net_device *br_dev;

	rtnl_lock();
	br_dev = xenbr_dev_create(&init_net, XENBR_GLUE_DEFAULT_BRIDGE, NULL);
	rtnl_unlock();
	if (IS_ERR(br_dev))
		kunit_skip(test, "cannot create " XENBR_GLUE_DEFAULT_BRIDGE
			   ": %ld", PTR_ERR(br_dev));
	xg_node(ctx, 6, 0);
	xg_set(ctx, 6, 0, "bridge", NULL);
	xg_vif_create(test, 0, 6, 0);
	xenbr_glue_flush(ctx->glue);
	KUNIT_EXPECT_EQ(test, xg_state(ctx, 0), XENBR_GLUE_ATTACHED);
	KUNIT_EXPECT_PTR_EQ(test, xg_master(ctx->vifs[0]), br_dev);
	KUNIT_EXPECT_STREQ(test, xg_get(test, 6, 0, "hotplug-status"),
			   "connected");
	xt_bridge_destroy(br_dev);
	KUNIT_EXPECT_NULL(test, xg_master(ctx->vifs[0]));
}

/* vif-bridge's vifs, running or not, and failed vifs are not touched. */
static void xg_test_not_ours(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;

	xg_node(ctx, 8, 0);
	xg_set(ctx, 8, 0, "script", "/etc/xen/scripts/vif-bridge");
	xg_set(ctx, 8, 0, "hotplug-status", "connected");
	xg_vif_create(test, 0, 8, 0);
	xg_node(ctx, 8, 1);
	xg_set(ctx, 8, 1, "hotplug-status", "error");
	xg_vif_create(test, 1, 8, 1);
	xenbr_glue_flush(ctx->glue);
	KUNIT_EXPECT_EQ(test, xg_state(ctx, 0), XENBR_GLUE_SKIPPED);
	KUNIT_EXPECT_EQ(test, xg_state(ctx, 1), XENBR_GLUE_SKIPPED);
	KUNIT_EXPECT_NULL(test, xg_master(ctx->vifs[0]));
	KUNIT_EXPECT_NULL(test, xg_master(ctx->vifs[1]));
	KUNIT_EXPECT_EQ(test, xg_status_writes(ctx), 0);
}

/*
 * A running guest's vif ("connected", as after a reload of the module) is
 * taken back, its status untouched; with no bridge of its name it waits
 * for one, and comes back with its bridge after an ifdown and ifup.
 */
static void xg_test_take_back(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;
	struct net_device *br_dev;

	xg_node(ctx, 9, 0);
	xg_set(ctx, 9, 0, "hotplug-status", "connected");
	xg_vif_create(test, 0, 9, 0);
	xg_node(ctx, 9, 1);
	xg_set(ctx, 9, 1, "hotplug-status", "connected");
	xg_set(ctx, 9, 1, "bridge", "xgback0");
	xg_vif_create(test, 1, 9, 1);
	xenbr_glue_flush(ctx->glue);
	KUNIT_EXPECT_EQ(test, xg_state(ctx, 0), XENBR_GLUE_ATTACHED);
	KUNIT_EXPECT_PTR_EQ(test, xg_master(ctx->vifs[0]), ctx->br_dev);
	KUNIT_EXPECT_EQ(test, xg_state(ctx, 1), XENBR_GLUE_ORPHANED);
	KUNIT_EXPECT_NULL(test, xg_master(ctx->vifs[1]));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->glue->reattached), 1);

	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->glue->pending), 0);

	/*
	 * Its bridge appears, and goes and comes back: so does the vif. The
	 * work the bridge queued cannot end while RTNL is held: it is
	 * pending when the bridge exists, which is what restore waits on.
	 */
	rtnl_lock();
	br_dev = xenbr_dev_create(&init_net, "xgback0", NULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->glue->pending), 1);
	rtnl_unlock();
	KUNIT_ASSERT_FALSE(test, IS_ERR(br_dev));
	xenbr_glue_flush(ctx->glue);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->glue->pending), 0);
	KUNIT_EXPECT_EQ(test, xg_state(ctx, 1), XENBR_GLUE_ATTACHED);
	KUNIT_EXPECT_PTR_EQ(test, xg_master(ctx->vifs[1]), br_dev);
	xt_bridge_destroy(br_dev);
	KUNIT_EXPECT_EQ(test, xg_state(ctx, 1), XENBR_GLUE_ORPHANED);
	rtnl_lock();
	br_dev = xenbr_dev_create(&init_net, "xgback0", NULL);
	rtnl_unlock();
	KUNIT_ASSERT_FALSE(test, IS_ERR(br_dev));
	xenbr_glue_flush(ctx->glue);
	KUNIT_EXPECT_PTR_EQ(test, xg_master(ctx->vifs[1]), br_dev);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->glue->reattached), 3);
	KUNIT_EXPECT_EQ(test,
			atomic_read(&ctx->glue->counts[XENBR_GLUE_ORPHANED]), 2);
	xt_bridge_destroy(br_dev);

	/* Their "hotplug-status" was never written: it read "connected". */
	KUNIT_EXPECT_EQ(test, xg_status_writes(ctx), 0);
	KUNIT_EXPECT_STREQ(test, xg_get(test, 9, 1, "hotplug-status"),
			   "connected");
}

/* Glue off: nothing happens; on again: the waiting vif is picked up. */
static void xg_test_off(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;

	rtnl_lock();
	xenbr_glue_set_enabled(ctx->glue, false);
	rtnl_unlock();
	xg_node(ctx, 3, 0);
	xg_vif_create(test, 0, 3, 0);
	xenbr_glue_flush(ctx->glue);
	KUNIT_EXPECT_EQ(test, xg_state(ctx, 0), __XENBR_GLUE_STATE_MAX);
	KUNIT_EXPECT_NULL(test, xg_master(ctx->vifs[0]));
	KUNIT_EXPECT_EQ(test, xg_status_writes(ctx), 0);

	rtnl_lock();
	xenbr_glue_set_enabled(ctx->glue, true);
	rtnl_unlock();
	xenbr_glue_flush(ctx->glue);
	xg_expect_attached(test, 0, 3, 0, ctx->br_dev->mtu);
}

/*
 * Enslaved by someone else before the glue came to it: left alone, and
 * vif-xenbr, which waits for an answer, is told who has it.
 */
static void xg_test_foreign(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;
	struct net_device *other;
	int err;

	other = xt_bridge_create();
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, other);
	rtnl_lock();
	xenbr_glue_set_enabled(ctx->glue, false);
	rtnl_unlock();
	xg_node(ctx, 3, 0);
	xg_vif_create(test, 0, 3, 0);
	rtnl_lock();
	err = xenbr_port_add(xenbr_from_dev(other), ctx->vifs[0], NULL);
	xenbr_glue_set_enabled(ctx->glue, true);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);
	xenbr_glue_flush(ctx->glue);

	KUNIT_EXPECT_EQ(test, xg_state(ctx, 0), XENBR_GLUE_FOREIGN);
	KUNIT_EXPECT_EQ(test, xg_count(ctx, XENBR_GLUE_FOREIGN), 1);
	KUNIT_EXPECT_PTR_EQ(test, xg_master(ctx->vifs[0]), other);
	KUNIT_EXPECT_EQ(test, xg_status_writes(ctx), 1);
	KUNIT_EXPECT_STREQ(test, xg_get(test, 3, 0, "hotplug-status"), "error");
	KUNIT_EXPECT_NOT_NULL(test, strstr(xg_get(test, 3, 0, "hotplug-error"),
					   "already used by"));
	xt_bridge_destroy(other);
}

/* Removed while its work waits behind another's: it never runs. */
static void xg_test_gone_pending(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;

	WRITE_ONCE(ctx->fake.gated, true);
	xg_node(ctx, 3, 0);
	xg_node(ctx, 3, 1);
	xg_vif_create(test, 0, 3, 0);
	wait_for_completion(&ctx->fake.entered);
	xg_vif_create(test, 1, 3, 1);
	xg_vif_destroy(ctx, 1);
	KUNIT_EXPECT_EQ(test, xg_count(ctx, XENBR_GLUE_GONE), 1);
	xg_open_gate(ctx);
	xenbr_glue_flush(ctx->glue);
	xg_expect_attached(test, 0, 3, 0, ctx->br_dev->mtu);
	KUNIT_EXPECT_STREQ(test, xg_get(test, 3, 1, "hotplug-status"), "");
	KUNIT_EXPECT_EQ(test, xg_status_writes(ctx), 1);
}

/* Removed while its work runs (here: reading xenstore): nothing done. */
static void xg_test_gone_running(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;

	WRITE_ONCE(ctx->fake.gated, true);
	xg_node(ctx, 3, 0);
	xg_vif_create(test, 0, 3, 0);
	wait_for_completion(&ctx->fake.entered);
	xg_vif_destroy(ctx, 0);
	xg_open_gate(ctx);
	xenbr_glue_flush(ctx->glue);
	KUNIT_EXPECT_EQ(test, xg_count(ctx, XENBR_GLUE_GONE), 1);
	KUNIT_EXPECT_EQ(test, xg_count(ctx, XENBR_GLUE_ATTACHED), 0);
	KUNIT_EXPECT_EQ(test, xg_status_writes(ctx), 0);
	rtnl_lock();
	KUNIT_EXPECT_TRUE(test, list_empty(&ctx->br->ports));
	rtnl_unlock();
}

/*
 * Teardown (module unload) with one vif's work running and another's
 * queued: it waits for the first, cancels the second, attaches neither.
 */
static void xg_test_teardown_pending(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;

	WRITE_ONCE(ctx->fake.gated, true);
	xg_node(ctx, 3, 0);
	xg_node(ctx, 3, 1);
	xg_vif_create(test, 0, 3, 0);
	wait_for_completion(&ctx->fake.entered);
	xg_vif_create(test, 1, 3, 1);
	/* The running work can only finish once the gate opens. */
	schedule_delayed_work(&ctx->opener, HZ / 5);
	xenbr_glue_destroy(ctx->glue);
	ctx->glue = NULL;
	KUNIT_EXPECT_NULL(test, xg_master(ctx->vifs[0]));
	KUNIT_EXPECT_NULL(test, xg_master(ctx->vifs[1]));
	KUNIT_EXPECT_EQ(test, xg_status_writes(ctx), 0);
}

/* The guest's vif comes back (xl network-attach, netback rebind). */
static void xg_test_reattach(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;
	u32 flags;

	xg_node(ctx, 3, 0);
	xg_vif_create(test, 0, 3, 0);
	xenbr_glue_flush(ctx->glue);
	xg_expect_attached(test, 0, 3, 0, ctx->br_dev->mtu);

	/* netback_remove() deletes hotplug-status as the vif goes. */
	xg_vif_destroy(ctx, 0);
	xg_set(ctx, 3, 0, "hotplug-status", NULL);
	rtnl_lock();
	KUNIT_EXPECT_TRUE(test, list_empty(&ctx->br->ports));
	rtnl_unlock();
	KUNIT_EXPECT_NULL(test, xg_fdb_port(ctx, xg_guest_mac, &flags));

	xg_vif_create(test, 0, 3, 0);
	xenbr_glue_flush(ctx->glue);
	xg_expect_attached(test, 0, 3, 0, ctx->br_dev->mtu);
	KUNIT_EXPECT_EQ(test, xg_count(ctx, XENBR_GLUE_ATTACHED), 2);
}

/*
 * The toolstack removes the node after the glue read it but before it
 * wrote the status: the status is not written into a new, stray node.
 */
static void xg_test_node_gone(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;

	ctx->fake.gate_key = "vifname";
	WRITE_ONCE(ctx->fake.gated, true);
	xg_node(ctx, 3, 0);
	xg_vif_create(test, 0, 3, 0);
	wait_for_completion(&ctx->fake.entered);
	xg_node_rm(ctx, 3, 0);
	xg_open_gate(ctx);
	xenbr_glue_flush(ctx->glue);
	KUNIT_EXPECT_EQ(test, xg_state(ctx, 0), XENBR_GLUE_ATTACHED);
	KUNIT_EXPECT_STREQ(test, xg_get(test, 3, 0, "hotplug-status"), "");
	KUNIT_EXPECT_EQ(test, xg_status_writes(ctx), 0);
}

/* "vifname": wait for the script to rename, then attach. */
static void xg_test_vifname(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;
	struct net_device *dev;

	xg_node(ctx, 3, 0);
	xg_set(ctx, 3, 0, "vifname", "xgguest0");
	dev = xg_vif_create(test, 0, 3, 0);
	xenbr_glue_flush(ctx->glue);
	KUNIT_EXPECT_EQ(test, xg_state(ctx, 0), XENBR_GLUE_WAITING);
	KUNIT_EXPECT_NULL(test, xg_master(dev));
	KUNIT_EXPECT_EQ(test, xg_status_writes(ctx), 0);

	/*
	 * Renaming is not exported to modules: let the key follow the
	 * name instead, and send the event a rename sends.
	 */
	xg_set(ctx, 3, 0, "vifname", dev->name);
	rtnl_lock();
	call_netdevice_notifiers(NETDEV_CHANGENAME, dev);
	rtnl_unlock();
	xenbr_glue_flush(ctx->glue);
	xg_expect_attached(test, 0, 3, 0, ctx->br_dev->mtu);
}

/* Netlink: the module's glue is this test's until the test ends. */
static void xg_nl_stand_in(struct kunit *test)
{
	struct xg_ctx *ctx = test->priv;

	rtnl_lock();
	ctx->main_glue = xenbr_glue_swap_main(ctx->glue);
	ctx->swapped = true;
	rtnl_unlock();
}

/* Makes @dev a port of the test's bridge, as "ip link set master" does. */
static void xg_port_add(struct kunit *test, struct net_device *dev)
{
	struct xg_ctx *ctx = test->priv;
	int err;

	rtnl_lock();
	err = xenbr_port_add(ctx->br, dev, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
}

static const struct nla_policy xg_vif_policy[XENBR_NETBACK_A_MAX + 1] = {
	[XENBR_NETBACK_A_DOMID]		= { .type = NLA_U32 },
	[XENBR_NETBACK_A_HANDLE]	= { .type = NLA_U32 },
	[XENBR_NETBACK_A_GUEST_MAC]	= NLA_POLICY_ETH_ADDR,
};

/*
 * The port reply's attributes for @dev, in @m (the caller frees it); its
 * %XENBR_A_PORT_NETBACK nest parsed into @vtb. Returns whether it has one.
 */
static bool xg_port_reply(struct kunit *test, struct net_device *dev,
			  struct xt_msg *m, struct nlattr **vtb)
{
	struct nlattr *tb[XENBR_A_MAX + 1];
	struct xenbr_port *port;
	int err;

	memset(vtb, 0, (XENBR_NETBACK_A_MAX + 1) * sizeof(*vtb));
	xt_msg_init(test, m);
	rtnl_lock();
	port = xenbr_port_from_dev(dev);
	err = port ? xenbr_nl_put_port(m->skb, port, false) : -ENODEV;
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	nlmsg_end(m->skb, m->nlh);
	err = nlmsg_parse_deprecated(m->nlh, GENL_HDRLEN, tb, XENBR_A_MAX,
				     NULL, NULL);
	KUNIT_ASSERT_EQ(test, err, 0);
	if (!tb[XENBR_A_PORT_NETBACK])
		return false;
	/* Strict: a real nest (NLA_F_NESTED), of the types the uapi says. */
	err = nla_parse_nested(vtb, XENBR_NETBACK_A_MAX,
			       tb[XENBR_A_PORT_NETBACK], xg_vif_policy, NULL);
	KUNIT_EXPECT_EQ(test, err, 0);
	return !err;
}

static u32 xg_u32(const struct nlattr *attr)
{
	return attr ? nla_get_u32(attr) : U32_MAX;
}

/* Port replies say who a vif is, and its guest's MAC if the glue knew it. */
static void xg_test_nl_port(struct kunit *test)
{
	static const u8 plain_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0x5e, 1 };
	struct nlattr *vtb[XENBR_NETBACK_A_MAX + 1];
	struct xg_ctx *ctx = test->priv;
	struct nlattr *mac;
	struct xt_msg m;

	xg_nl_stand_in(test);
	xg_node(ctx, 3, 2);
	xg_vif_create(test, 0, 3, 2);
	xenbr_glue_flush(ctx->glue);
	xg_expect_attached(test, 0, 3, 2, ctx->br_dev->mtu);
	KUNIT_EXPECT_TRUE(test, xg_port_reply(test, ctx->vifs[0], &m, vtb));
	KUNIT_EXPECT_EQ(test, xg_u32(vtb[XENBR_NETBACK_A_DOMID]), 3u);
	KUNIT_EXPECT_EQ(test, xg_u32(vtb[XENBR_NETBACK_A_HANDLE]), 2u);
	mac = vtb[XENBR_NETBACK_A_GUEST_MAC];
	KUNIT_EXPECT_TRUE(test, mac &&
			  ether_addr_equal(nla_data(mac), xg_guest_mac));
	kfree_skb(m.skb);

	/* vif-bridge's vif, enslaved by hand: no MAC was read for it. */
	xg_node(ctx, 8, 1);
	xg_set(ctx, 8, 1, "script", "/etc/xen/scripts/vif-bridge");
	xg_vif_create(test, 1, 8, 1);
	xenbr_glue_flush(ctx->glue);
	KUNIT_EXPECT_EQ(test, xg_state(ctx, 1), XENBR_GLUE_SKIPPED);
	xg_port_add(test, ctx->vifs[1]);
	KUNIT_EXPECT_TRUE(test, xg_port_reply(test, ctx->vifs[1], &m, vtb));
	KUNIT_EXPECT_EQ(test, xg_u32(vtb[XENBR_NETBACK_A_DOMID]), 8u);
	KUNIT_EXPECT_EQ(test, xg_u32(vtb[XENBR_NETBACK_A_HANDLE]), 1u);
	KUNIT_EXPECT_NULL(test, vtb[XENBR_NETBACK_A_GUEST_MAC]);
	kfree_skb(m.skb);

	/* Any other port: no nest at all. */
	ctx->plain = xt_port_dev_create(plain_mac);
	if (IS_ERR(ctx->plain)) {
		long err = PTR_ERR(ctx->plain);

		ctx->plain = NULL;
		KUNIT_FAIL(test, "cannot create a port: %ld", err);
		return;
	}
	xg_port_add(test, ctx->plain);
	KUNIT_EXPECT_FALSE(test, xg_port_reply(test, ctx->plain, &m, vtb));
	kfree_skb(m.skb);
}

static const struct nla_policy
xg_stats_policy[XENBR_NETBACK_STATS_A_MAX + 1] = {
	[XENBR_NETBACK_STATS_A_ATTACHED]	= { .type = NLA_U32 },
	[XENBR_NETBACK_STATS_A_FAILED]		= { .type = NLA_U32 },
	[XENBR_NETBACK_STATS_A_FOREIGN]		= { .type = NLA_U32 },
	[XENBR_NETBACK_STATS_A_SKIPPED]		= { .type = NLA_U32 },
	[XENBR_NETBACK_STATS_A_GONE]		= { .type = NLA_U32 },
	[XENBR_NETBACK_STATS_A_REATTACHED]	= { .type = NLA_U32 },
	[XENBR_NETBACK_STATS_A_ORPHANED]	= { .type = NLA_U32 },
	[XENBR_NETBACK_STATS_A_PENDING]		= { .type = NLA_U32 },
};

/* NETBACK_GET for a caller outside the initial namespace: no counters. */
static void xg_expect_no_counters(struct kunit *test)
{
	struct nlattr *tb[XENBR_A_MAX + 1];
	struct netlink_ext_ack extack = {};
	struct xt_msg m;
	int err;

	xt_msg_init(test, &m);
	rtnl_lock();
	err = xenbr_glue_fill_info(m.skb, false, &extack);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);
	nlmsg_end(m.skb, m.nlh);
	err = nlmsg_parse_deprecated(m.nlh, GENL_HDRLEN, tb, XENBR_A_MAX, NULL,
				     NULL);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (!err) {
		KUNIT_EXPECT_NOT_NULL(test, tb[XENBR_A_NETBACK_AUTO]);
		KUNIT_EXPECT_NULL(test, tb[XENBR_A_NETBACK_STATS]);
	}
	kfree_skb(m.skb);
}

/*
 * What NETBACK_GET replies: the switch (0 or 1) with @counts filled, or an
 * error with @msg set to the extack message.
 */
static int xg_nl_get(struct kunit *test,
		     u32 counts[XENBR_NETBACK_STATS_A_MAX + 1],
		     const char **msg)
{
	struct nlattr *stb[XENBR_NETBACK_STATS_A_MAX + 1];
	struct nlattr *tb[XENBR_A_MAX + 1];
	struct netlink_ext_ack extack = {};
	struct xt_msg m;
	int err, i;

	xt_msg_init(test, &m);
	rtnl_lock();
	err = xenbr_glue_fill_info(m.skb, true, &extack);
	rtnl_unlock();
	*msg = extack._msg;
	if (err) {
		kfree_skb(m.skb);
		return err;
	}
	nlmsg_end(m.skb, m.nlh);
	err = nlmsg_parse_deprecated(m.nlh, GENL_HDRLEN, tb, XENBR_A_MAX, NULL,
				     NULL);
	if (!err && (!tb[XENBR_A_NETBACK_AUTO] || !tb[XENBR_A_NETBACK_STATS]))
		err = -ENOMSG;
	if (!err)
		err = nla_parse_nested(stb, XENBR_NETBACK_STATS_A_MAX,
				       tb[XENBR_A_NETBACK_STATS],
				       xg_stats_policy, NULL);
	for (i = 1; !err && i <= XENBR_NETBACK_STATS_A_MAX; i++) {
		KUNIT_EXPECT_NOT_NULL_MSG(test, stb[i], "counter %d", i);
		counts[i] = stb[i] ? nla_get_u32(stb[i]) : U32_MAX;
	}
	if (!err)
		err = nla_get_u8(tb[XENBR_A_NETBACK_AUTO]);
	kfree_skb(m.skb);
	KUNIT_EXPECT_GE_MSG(test, err, 0, "malformed NETBACK_GET reply");
	return err;
}

/*
 * NETBACK_SET as the genetlink core runs it from init_net, minus the
 * capability check: the policy, then the operation. @on < 0 sends none.
 */
static int xg_nl_set(struct kunit *test, int on, const char **msg)
{
	const struct genl_ops *op = xenbr_nl_op(XENBR_CMD_NETBACK_SET);
	struct netlink_ext_ack extack = {};
	struct nlattr *tb[XENBR_A_MAX + 1];
	struct genl_info info = {};
	struct xt_msg m;
	int err;

	xt_msg_init(test, &m);
	if (on >= 0)
		nla_put_u8(m.skb, XENBR_A_NETBACK_AUTO, on);
	err = xt_parse(test, &m, XENBR_CMD_NETBACK_SET, tb, msg);
	if (!err) {
		info.nlhdr = m.nlh;
		info.genlhdr = nlmsg_data(m.nlh);
		info.attrs = tb;
		info.extack = &extack;
		genl_info_net_set(&info, &init_net);
		err = op->doit(m.skb, &info);
		*msg = extack._msg;
	}
	kfree_skb(m.skb);
	return err;
}

/* The switch over netlink, and what the glue counted. */
static void xg_test_nl_switch(struct kunit *test)
{
	u32 counts[XENBR_NETBACK_STATS_A_MAX + 1] = {};
	struct xg_ctx *ctx = test->priv;
	const char *msg;
	bool enabled;

	xg_nl_stand_in(test);
	xg_node(ctx, 3, 0);
	xg_vif_create(test, 0, 3, 0);
	xg_node(ctx, 4, 0);
	xg_set(ctx, 4, 0, "bridge", "xgnone0");
	xg_vif_create(test, 1, 4, 0);
	xg_node(ctx, 8, 0);
	xg_set(ctx, 8, 0, "script", "/etc/xen/scripts/vif-route");
	xg_vif_create(test, 2, 8, 0);
	xenbr_glue_flush(ctx->glue);

	KUNIT_EXPECT_EQ(test, xg_nl_get(test, counts, &msg), 1);
	KUNIT_EXPECT_EQ(test, counts[XENBR_NETBACK_STATS_A_ATTACHED], 1u);
	KUNIT_EXPECT_EQ(test, counts[XENBR_NETBACK_STATS_A_FAILED], 1u);
	KUNIT_EXPECT_EQ(test, counts[XENBR_NETBACK_STATS_A_FOREIGN], 0u);
	KUNIT_EXPECT_EQ(test, counts[XENBR_NETBACK_STATS_A_SKIPPED], 1u);
	KUNIT_EXPECT_EQ(test, counts[XENBR_NETBACK_STATS_A_GONE], 0u);

	/* Off: a new vif is not taken. */
	KUNIT_EXPECT_EQ(test, xg_nl_set(test, 0, &msg), 0);
	rtnl_lock();
	enabled = ctx->glue->enabled;
	rtnl_unlock();
	KUNIT_EXPECT_FALSE(test, enabled);
	KUNIT_EXPECT_EQ(test, xg_nl_get(test, counts, &msg), 0);
	xg_node(ctx, 3, 1);
	xg_vif_create(test, 3, 3, 1);
	xenbr_glue_flush(ctx->glue);
	KUNIT_EXPECT_NULL(test, xg_master(ctx->vifs[3]));

	/*
	 * On again: it is, and counted. Its guest MAC is vif 0's too, which
	 * one port only may hold: vif 0 goes first.
	 */
	xg_vif_destroy(ctx, 0);
	KUNIT_EXPECT_EQ(test, xg_nl_set(test, 1, &msg), 0);
	xenbr_glue_flush(ctx->glue);
	xg_expect_attached(test, 3, 3, 1, ctx->br_dev->mtu);
	KUNIT_EXPECT_EQ(test, xg_nl_get(test, counts, &msg), 1);
	KUNIT_EXPECT_EQ(test, counts[XENBR_NETBACK_STATS_A_ATTACHED], 2u);

	/* Saying nothing changes nothing. */
	msg = NULL;
	KUNIT_EXPECT_EQ(test, xg_nl_set(test, -1, &msg), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, msg);
	KUNIT_EXPECT_EQ(test, xg_nl_get(test, counts, &msg), 1);

	/* For another namespace: the switch, not the host's vifs. */
	xg_expect_no_counters(test);
}

/* The module's own glue: not on Xen, so idle, and no device is a vif. */
static void xg_test_not_on_xen(struct kunit *test)
{
	struct nlattr *vtb[XENBR_NETBACK_A_MAX + 1];
	u32 counts[XENBR_NETBACK_STATS_A_MAX + 1] = {};
	struct xg_ctx *ctx = test->priv;
	struct xenbr_glue_id id;
	struct net_device *dev;
	const char *msg;
	struct xt_msg m;

	if (xen_domain())
		kunit_skip(test, "running on Xen");
	dev = xg_vif_create(test, 0, 3, 0);
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, xenbr_glue_set_auto(true, NULL), -EOPNOTSUPP);
	KUNIT_EXPECT_FALSE(test, xenbr_glue_xs_ops.identify(NULL, dev, &id));
	rtnl_unlock();
	xenbr_glue_flush(ctx->glue);

	/* Netlink says why, both ways, and shows the port as any other. */
	msg = NULL;
	KUNIT_EXPECT_EQ(test, xg_nl_get(test, counts, &msg), -EOPNOTSUPP);
	KUNIT_EXPECT_STREQ(test, msg ?: "", XENBR_GLUE_NOT_ON_XEN);
	msg = NULL;
	KUNIT_EXPECT_EQ(test, xg_nl_set(test, 1, &msg), -EOPNOTSUPP);
	KUNIT_EXPECT_STREQ(test, msg ?: "", XENBR_GLUE_NOT_ON_XEN);
	xg_port_add(test, dev);
	KUNIT_EXPECT_FALSE(test, xg_port_reply(test, dev, &m, vtb));
	kfree_skb(m.skb);
}

static struct kunit_case xenbr_glue_test_cases[] = {
	KUNIT_CASE(xg_test_config),
	KUNIT_CASE(xg_test_attach),
	KUNIT_CASE(xg_test_mac_clash),
	KUNIT_CASE(xg_test_mtu_key),
	KUNIT_CASE(xg_test_mtu_refused),
	KUNIT_CASE(xg_test_no_bridge),
	KUNIT_CASE(xg_test_not_a_bridge),
	KUNIT_CASE(xg_test_bad_mac),
	KUNIT_CASE(xg_test_ip_lock),
	KUNIT_CASE(xg_test_no_ip_unlocked),
	KUNIT_CASE(xg_test_bad_ip),
	KUNIT_CASE(xg_test_default_bridge),
	KUNIT_CASE(xg_test_not_ours),
	KUNIT_CASE(xg_test_take_back),
	KUNIT_CASE(xg_test_off),
	KUNIT_CASE(xg_test_foreign),
	KUNIT_CASE(xg_test_gone_pending),
	KUNIT_CASE(xg_test_gone_running),
	KUNIT_CASE(xg_test_teardown_pending),
	KUNIT_CASE(xg_test_reattach),
	KUNIT_CASE(xg_test_node_gone),
	KUNIT_CASE(xg_test_vifname),
	KUNIT_CASE(xg_test_nl_port),
	KUNIT_CASE(xg_test_vlans),
	KUNIT_CASE(xg_test_nl_switch),
	KUNIT_CASE(xg_test_not_on_xen),
	{}
};

XT_SUITE_EXIT(xenbr_glue, xg_test_init, xg_test_exit, xenbr_glue_test_cases);
