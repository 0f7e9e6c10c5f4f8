// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr netback glue: a netdevice notifier spots netback vifs as they
 * register, and a work item per vif does what the vif-bridge hotplug script
 * did: read the vif's backend node, attach it to the bridge it names, and
 * set "hotplug-status" so that netback connects the guest.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/netlink.h>
#include <kunit/visibility.h>
#include <xen/xen.h>
#include "glue_priv.h"
#include "compat.h"
#include "trace.h"

static int netback_auto = -1;
module_param(netback_auto, int, 0444);
MODULE_PARM_DESC(netback_auto,
		 "Attach Xen netback vifs to their bridge: -1 (default) in dom0 only, 0 never, 1 in any Xen domain");

static unsigned int netback_learn_limit = XENBR_GLUE_LEARN_LIMIT;
module_param(netback_learn_limit, uint, 0444);
MODULE_PARM_DESC(netback_learn_limit,
		 "Learning limit of each vif port the glue attaches (default 256)");

static bool netback_isolated;
module_param(netback_isolated, bool, 0444);
MODULE_PARM_DESC(netback_isolated,
		 "Make each vif port the glue attaches isolated: guests reach the uplink and dom0, not each other (default 0)");
static bool netback_lock;
module_param(netback_lock, bool, 0644);
MODULE_PARM_DESC(netback_lock,
		 "Lock every vif the glue attaches to its guest's MAC, even without an \"ip\" key (then only DHCP and ARP probes pass; default off)");

/* The module's instance; NULL when not on Xen. Written and read under RTNL. */
static struct xenbr_glue *xenbr_glue_main;

static void xenbr_glue_work(struct work_struct *work);

static void xenbr_glue_vif_put(struct xenbr_glue_vif *vif)
{
	if (refcount_dec_and_test(&vif->ref))
		kfree(vif);
}

/* Queues @vif's work, which then owns a reference. RTNL. */
static void xenbr_glue_queue(struct xenbr_glue_vif *vif)
{
	refcount_inc(&vif->ref);
	if (queue_work(vif->glue->wq, &vif->work))
		atomic_inc(&vif->glue->pending);
	else
		xenbr_glue_vif_put(vif);
}

struct xenbr_glue_vif *xenbr_glue_vif_find(struct xenbr_glue *glue,
					   const struct net_device *dev)
{
	struct xenbr_glue_vif *vif;

	ASSERT_RTNL();
	list_for_each_entry(vif, &glue->vifs, list)
		if (vif->dev == dev)
			return vif;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_glue_vif_find);

/* Starts following @dev if it is a vif. RTNL. */
static int xenbr_glue_track(struct xenbr_glue *glue, struct net_device *dev)
{
	struct xenbr_glue_vif *vif;
	struct xenbr_glue_id id;

	if (!glue->ops->identify(glue->priv, dev, &id) ||
	    xenbr_glue_vif_find(glue, dev))
		return 0;
	vif = kzalloc(sizeof(*vif), GFP_KERNEL);
	if (!vif)
		return -ENOMEM;
	vif->glue = glue;
	vif->dev = dev;
	vif->id = id;
	vif->state = XENBR_GLUE_PENDING;
	INIT_WORK(&vif->work, xenbr_glue_work);
	refcount_set(&vif->ref, 1);
	list_add_tail(&vif->list, &glue->vifs);
	xenbr_glue_queue(vif);
	return 0;
}

/* Forgets @vif: its device is going away, or the glue is. RTNL. */
static void xenbr_glue_untrack(struct xenbr_glue_vif *vif)
{
	struct xenbr_glue *glue = vif->glue;

	list_del(&vif->list);
	if (vif->state == XENBR_GLUE_ATTACHED)
		trace_xenbr_glue_detach(vif->dev->name, vif->id.domid,
					vif->id.handle);
	/* Work that runs from now on finds the vif gone and leaves. */
	WRITE_ONCE(vif->gone, true);
	if (cancel_work(&vif->work)) {
		atomic_dec(&glue->pending);
		atomic_inc(&glue->counts[XENBR_GLUE_GONE]);
		xenbr_glue_vif_put(vif);
	}
	xenbr_glue_vif_put(vif);
}

/* The xenbr bridge @name in @dev's namespace, or NULL. RTNL. */
static struct xenbr *xenbr_glue_bridge(const struct net_device *dev,
				       const char *name)
{
	struct net_device *br_dev = __dev_get_by_name(dev_net(dev), name);

	return br_dev ? xenbr_from_dev(br_dev) : NULL;
}

/*
 * A xenbr bridge registered, or took its name: the running vifs that wait
 * for a bridge of that name are taken back. RTNL.
 */
static void xenbr_glue_bridge_appears(struct xenbr_glue *glue,
				      const struct net_device *br_dev)
{
	struct xenbr_glue_vif *vif;

	if (!glue->enabled)
		return;
	list_for_each_entry(vif, &glue->vifs, list)
		if (vif->state == XENBR_GLUE_ORPHANED &&
		    dev_net(vif->dev) == dev_net(br_dev) &&
		    !strcmp(vif->bridge, br_dev->name)) {
			vif->state = XENBR_GLUE_PENDING;
			xenbr_glue_queue(vif);
		}
}

/*
 * A xenbr bridge is going (ifdown, "ip link del"): its vifs, whose guests
 * still run, wait for a bridge of its name. RTNL.
 */
static void xenbr_glue_bridge_goes(struct xenbr_glue *glue,
				   const struct net_device *br_dev)
{
	struct xenbr_glue_vif *vif;

	list_for_each_entry(vif, &glue->vifs, list)
		if (vif->state == XENBR_GLUE_ATTACHED &&
		    vif->bridge_ifindex == br_dev->ifindex &&
		    dev_net(vif->dev) == dev_net(br_dev)) {
			vif->state = XENBR_GLUE_ORPHANED;
			vif->bridge_ifindex = 0;
			strscpy(vif->bridge, br_dev->name, sizeof(vif->bridge));
			atomic_inc(&glue->counts[XENBR_GLUE_ORPHANED]);
		}
}

static int xenbr_glue_netdev_event(struct notifier_block *nb,
				   unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct xenbr_glue *glue = container_of(nb, struct xenbr_glue, nb);
	struct xenbr_glue_vif *vif;

	if (xenbr_from_dev(dev)) {
		if (event == NETDEV_REGISTER || event == NETDEV_CHANGENAME)
			xenbr_glue_bridge_appears(glue, dev);
		else if (event == NETDEV_UNREGISTER)
			xenbr_glue_bridge_goes(glue, dev);
		return NOTIFY_DONE;
	}
	switch (event) {
	case NETDEV_REGISTER:
		/*
		 * netback registers the vif from the xenwatch thread: no
		 * xenstore access here, it would wait on that very thread.
		 */
		if (glue->enabled)
			return notifier_from_errno(xenbr_glue_track(glue, dev));
		break;
	case NETDEV_CHANGENAME:
		vif = xenbr_glue_vif_find(glue, dev);
		if (vif && vif->state == XENBR_GLUE_WAITING)
			xenbr_glue_queue(vif);
		break;
	case NETDEV_UNREGISTER:
		vif = xenbr_glue_vif_find(glue, dev);
		if (vif)
			xenbr_glue_untrack(vif);
		break;
	}
	return NOTIFY_DONE;
}

/* Formats a message for "hotplug-error" and the log. */
static __printf(3, 4) int xenbr_glue_msg(char *msg, size_t len,
					 const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, len, fmt, args);
	va_end(args);
	return -EINVAL;
}

/*
 * Reads @key into @val: 0, -ENOENT when it is not there, or another errno
 * with @msg set.
 */
static int xenbr_glue_read(struct xenbr_glue *glue,
			   const struct xenbr_glue_id *id, const char *key,
			   char **val, char *msg, size_t len)
{
	char *s = glue->ops->read(glue->priv, id->node, key);

	if (IS_ERR(s)) {
		if (PTR_ERR(s) != -ENOENT)
			snprintf(msg, len, "cannot read %s/%s: %ld", id->node,
				 key, PTR_ERR(s));
		return PTR_ERR(s);
	}
	*val = s;
	return 0;
}

/* A device name from xenstore: present, @key is "bridge" or "vifname". */
static int xenbr_glue_parse_name(const char *key, const char *val, char *name,
				 char *msg, size_t len)
{
	if (strlen(val) >= IFNAMSIZ || !dev_valid_name(val))
		return xenbr_glue_msg(msg, len, "invalid %s \"%*pE\"", key,
				      (int)min_t(size_t, strlen(val), 32), val);
	strscpy(name, val, IFNAMSIZ);
	return 0;
}

/* A VLAN id of the bridge key: 1 to 4094, digits only. */
static int xenbr_glue_parse_vid(const char *s, u16 *vid)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || kstrtou16(s, 10, vid) ||
	    !*vid || *vid > XENBR_VID_MAX)
		return -EINVAL;
	return 0;
}

/*
 * The bridge key, as Xen's vif-openvswitch reads it:
 * BRIDGE[.VLAN][:TRUNK[:TRUNK...]]. @val is changed.
 */
static int xenbr_glue_parse_bridge(char *val, struct xenbr_glue_config *cfg,
				   char *msg, size_t len)
{
	char *trunk, *rest = val, *dot;
	const char *name;
	int err;

	name = strsep(&rest, ":");
	while ((trunk = strsep(&rest, ":"))) {
		u16 vid;

		if (xenbr_glue_parse_vid(trunk, &vid))
			return xenbr_glue_msg(msg, len,
					      "invalid trunk VLAN \"%*pE\" in bridge (1 to %u)",
					      (int)min_t(size_t, strlen(trunk),
							 8), trunk,
					      XENBR_VID_MAX);
		if (!__test_and_set_bit(vid, cfg->trunks))
			cfg->n_trunks++;
	}
	/* A last dot with digits after it is a VLAN, not part of the name. */
	dot = strrchr(name, '.');
	if (dot && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1)) {
		*dot = '\0';
		if (xenbr_glue_parse_vid(dot + 1, &cfg->vlan))
			return xenbr_glue_msg(msg, len,
					      "invalid VLAN \"%*pE\" in bridge (1 to %u)",
					      (int)min_t(size_t,
							 strlen(dot + 1), 8),
					      dot + 1, XENBR_VID_MAX);
	}
	err = xenbr_glue_parse_name("bridge", name, cfg->bridge, msg, len);
	if (err)
		return err;
	return 0;
}

/*
 * VIF locking: the addresses of the "ip" key ("10.0.0.5 10.0.1.0/24", as
 * vif-common.sh reads it) into a lock for the vif; none without the key.
 */
static int xenbr_glue_read_ip(struct xenbr_glue *glue,
			      const struct xenbr_glue_id *id,
			      struct xenbr_glue_config *cfg, char *msg,
			      size_t len)
{
	char *val;
	int err;

	err = xenbr_glue_read(glue, id, "ip", &val, msg, len);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;
	if (!val[0]) {
		kfree(val);
		return 0;
	}
	cfg->locking = xenbr_locking_alloc(XENBR_LOCK_LOCKED);
	err = cfg->locking ? xenbr_locking_parse_addrs(cfg->locking, val) :
			     -ENOMEM;
	if (err) {
		err = xenbr_glue_msg(msg, len,
				     "invalid ip \"%*pE\" (addresses or prefixes, at most %d of each family)",
				     (int)min_t(size_t, strlen(val), 48), val,
				     XENBR_LOCK_ADDRS_MAX);
		kfree(cfg->locking);
		cfg->locking = NULL;
	}
	kfree(val);
	return err;
}

int xenbr_glue_read_config(struct xenbr_glue *glue,
			   const struct xenbr_glue_id *id,
			   struct xenbr_glue_config *cfg, char *msg,
			   size_t len)
{
	char *val;
	int err;

	memset(cfg, 0, sizeof(*cfg));

	/*
	 * "connected": the guest runs, set up by this glue before a reload
	 * or before its bridge went, or by another script (checked next).
	 * Any other answer is final. libxl writes it empty before it runs
	 * the script: not an answer.
	 */
	err = xenbr_glue_read(glue, id, "hotplug-status", &val, msg, len);
	if (!err) {
		cfg->connected = !strcmp(val, "connected");
		err = val[0] && !cfg->connected ? 1 : 0;
		kfree(val);
		if (err)
			return err;
	} else if (err != -ENOENT) {
		return err;
	}

	/*
	 * The script names who sets the vif up: leave vifs of vif-bridge &
	 * co. to their script, whose "hotplug-status" this would race.
	 */
	err = xenbr_glue_read(glue, id, "script", &val, msg, len);
	if (err == -ENOENT)
		return 1;
	if (err)
		return err;
	err = strcmp(kbasename(val), XENBR_GLUE_SCRIPT) ? 1 : 0;
	kfree(val);
	if (err)
		return err;

	err = xenbr_glue_read(glue, id, "bridge", &val, msg, len);
	if (!err) {
		err = xenbr_glue_parse_bridge(val, cfg, msg, len);
		kfree(val);
		if (err)
			return err;
	} else if (err == -ENOENT) {
		strscpy(cfg->bridge, XENBR_GLUE_DEFAULT_BRIDGE,
			sizeof(cfg->bridge));
	} else {
		return err;
	}

	/* The backend's copy: the guest can write its own frontend dir. */
	err = xenbr_glue_read(glue, id, "mac", &val, msg, len);
	if (err == -ENOENT)
		return xenbr_glue_msg(msg, len, "no mac in %s", id->node);
	if (err)
		return err;
	if (strlen(val) != 3 * ETH_ALEN - 1 || !mac_pton(val, cfg->mac) ||
	    !is_valid_ether_addr(cfg->mac))
		err = xenbr_glue_msg(msg, len, "invalid mac \"%*pE\"",
				     (int)min_t(size_t, strlen(val), 32), val);
	kfree(val);
	if (err)
		return err;

	err = xenbr_glue_read(glue, id, "mtu", &val, msg, len);
	if (!err) {
		if (kstrtouint(val, 10, &cfg->mtu) || cfg->mtu < ETH_MIN_MTU ||
		    cfg->mtu > ETH_MAX_MTU)
			err = xenbr_glue_msg(msg, len,
					     "invalid mtu \"%*pE\" (%u to %u)",
					     (int)min_t(size_t, strlen(val), 32),
					     val, ETH_MIN_MTU, ETH_MAX_MTU);
		kfree(val);
		if (err)
			return err;
	} else if (err != -ENOENT) {
		return err;
	}

	err = xenbr_glue_read(glue, id, "vifname", &val, msg, len);
	if (!err) {
		err = xenbr_glue_parse_name("vifname", val, cfg->vifname, msg,
					    len);
		kfree(val);
		if (err)
			return err;
	} else if (err != -ENOENT) {
		return err;
	}
	return xenbr_glue_read_ip(glue, id, cfg, msg, len);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_glue_read_config);

/*
 * The port's VLANs as the bridge key gave them, and the guest's MAC
 * static in each (and in VLAN 0, for a bridge that stops filtering).
 */
static int xenbr_glue_set_vlans(struct xenbr *br, struct xenbr_port *port,
				const struct xenbr_glue_config *cfg,
				char *msg, size_t len)
{
	struct netlink_ext_ack extack = {};
	const struct xenbr_vlans *vlans;
	u16 first, last;
	int flags, err;

	if (cfg->vlan || cfg->n_trunks) {
		if (!br->vlan_filtering) {
			snprintf(msg, len,
				 "%s does not filter VLANs: a VLAN in bridge= needs \"xenbr-ctl vlan filtering %s on\"",
				 cfg->bridge, cfg->bridge);
			return -EINVAL;
		}
		err = xenbr_vlan_assign(br, port, cfg->vlan, cfg->trunks,
					&extack);
		if (err) {
			snprintf(msg, len, "cannot set the VLANs of %s: %s (%d)",
				 port->dev->name, extack._msg ?: "error", err);
			return err;
		}
	}
	err = xenbr_fdb_add_static(br, port, cfg->mac, 0);
	if (err || !br->vlan_filtering)
		return err;
	vlans = rtnl_dereference(port->vlans);
	first = 0;
	while ((flags = xenbr_vlans_next_run(vlans, first, &first,
					     &last)) >= 0) {
		for (; first <= last; first++) {
			err = xenbr_fdb_add_static(br, port, cfg->mac, first);
			if (err)
				return err;
		}
	}
	return 0;
}

/*
 * VIF locking: a vif with an "ip" key, or any with netback_lock, is locked
 * to its guest's MAC and those addresses before the guest can send. RTNL.
 */
static int xenbr_glue_lock(struct xenbr_port *port,
			   const struct xenbr_glue_config *cfg, char *msg,
			   size_t len)
{
	struct netlink_ext_ack extack = {};
	struct xenbr_locking *lk;
	int err;

	if (!cfg->locking && !READ_ONCE(netback_lock))
		return 0;
	lk = cfg->locking ? kmemdup(cfg->locking, sizeof(*lk), GFP_KERNEL) :
	     xenbr_locking_alloc(XENBR_LOCK_LOCKED);
	if (!lk) {
		snprintf(msg, len, "cannot lock %s: out of memory",
			 port->dev->name);
		return -ENOMEM;
	}
	ether_addr_copy(lk->mac, cfg->mac);
	lk->has_mac = true;
	pr_info("%s: locked to guest MAC %pM, %u IPv4 and %u IPv6 addresses\n",
		port->dev->name, lk->mac, lk->n_v4, lk->n_v6);
	err = xenbr_port_set_locking(port, lk, &extack);
	if (err)
		snprintf(msg, len, "cannot lock %s: %s (%d)", port->dev->name,
			 extack._msg ?: "error", err);
	return err;
}

/* Attaches @vif as @cfg says; on failure leaves it on no bridge. RTNL. */
static enum xenbr_glue_state
xenbr_glue_attach(struct xenbr_glue_vif *vif,
		  const struct xenbr_glue_config *cfg, char *msg, size_t len)
{
	struct xenbr_port_opts opts = {
		.learn_limit = vif->glue->learn_limit,
		.vif = {
			.is_vif = true,
			.has_guest_mac = true,
			.domid = vif->id.domid,
			.handle = vif->id.handle,
		},
	};
	struct netlink_ext_ack extack = {};
	struct net_device *dev = vif->dev;
	struct net_device *br_dev, *owner;
	struct xenbr_port *port;
	struct xenbr *br;
	int err;

	br_dev = __dev_get_by_name(dev_net(dev), cfg->bridge);
	br = br_dev ? xenbr_from_dev(br_dev) : NULL;
	if (!br) {
		snprintf(msg, len, br_dev ? "%s is not a xenbr bridge" :
			 "bridge %s does not exist", cfg->bridge);
		return XENBR_GLUE_FAILED;
	}
	err = dev_set_mtu(dev, cfg->mtu ?: br_dev->mtu);
	if (err) {
		snprintf(msg, len, "cannot set the MTU of %s to %u: %d",
			 dev->name, cfg->mtu ?: br_dev->mtu, err);
		return XENBR_GLUE_FAILED;
	}
	/* In the options, so that the port-add event carries the guest. */
	ether_addr_copy(opts.vif.guest_mac, cfg->mac);
	err = xenbr_port_add_opts(br, dev, &opts, &extack);
	if (err) {
		snprintf(msg, len, "cannot attach %s to %s: %s (%d)", dev->name,
			 cfg->bridge, extack._msg ?: "error", err);
		return XENBR_GLUE_FAILED;
	}
	port = xenbr_port_from_dev(dev);
	if (vif->glue->isolated)
		xenbr_port_set_flags(port, XENBR_PORT_ISOLATED,
				     XENBR_PORT_ISOLATED, NULL);
	msg[0] = '\0';
	err = xenbr_glue_set_vlans(br, port, cfg, msg, len);
	if (err && msg[0])
		goto err_del;
	if (err) {
		/* Another guest given the same MAC: say whose it is. */
		owner = err == -EEXIST ?
			xenbr_fdb_pinned_by(br, cfg->mac, 0) : NULL;
		if (owner == br_dev)
			snprintf(msg, len,
				 "the guest's MAC %pM is the address of %s",
				 cfg->mac, cfg->bridge);
		else if (owner)
			snprintf(msg, len,
				 "the guest's MAC %pM is already static on %s of %s",
				 cfg->mac, owner->name, cfg->bridge);
		else
			snprintf(msg, len,
				 "cannot add the guest's MAC %pM to %s: %d",
				 cfg->mac, cfg->bridge, err);
		goto err_del;
	}
	err = xenbr_glue_lock(port, cfg, msg, len);
	if (err)
		goto err_del;
	/* Up, as vif-bridge leaves it; carrier follows the guest. */
	err = dev_open(dev, &extack);
	if (err) {
		snprintf(msg, len, "cannot bring %s up: %s (%d)", dev->name,
			 extack._msg ?: "error", err);
		goto err_del;
	}
	vif->bridge_ifindex = br_dev->ifindex;
	return XENBR_GLUE_ATTACHED;

err_del:
	/* Also removes the static entry. */
	xenbr_port_del(br, dev, NULL);
	return XENBR_GLUE_FAILED;
}

static void xenbr_glue_work(struct work_struct *work)
{
	struct xenbr_glue_vif *vif = container_of(work, struct xenbr_glue_vif,
						  work);
	struct xenbr_glue *glue = vif->glue;
	const struct xenbr_glue_id *id = &vif->id;
	char msg[XENBR_GLUE_MSG_LEN] = "";
	struct xenbr_glue_config *cfg;
	enum xenbr_glue_state state;
	char name[IFNAMSIZ] = "";
	struct net_device *master;
	bool connected;
	int ret, err = 0;

	/* A trunk's VLANs make it too big for the stack. */
	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
	/* xenstore first, with no lock: it sleeps and may be slow. */
	if (cfg)
		ret = xenbr_glue_read_config(glue, id, cfg, msg, sizeof(msg));
	else
		ret = xenbr_glue_msg(msg, sizeof(msg), "out of memory");

	rtnl_lock();
	if (vif->gone) {
		atomic_inc(&glue->counts[XENBR_GLUE_GONE]);
		rtnl_unlock();
		goto out;
	}
	strscpy(name, vif->dev->name, sizeof(name));
	master = netdev_master_upper_dev_get(vif->dev);
	connected = cfg && cfg->connected;
	if (ret > 0) {
		state = XENBR_GLUE_SKIPPED;
	} else if (connected &&
		   (master || rcu_access_pointer(vif->dev->rx_handler))) {
		/* Running, and on a bridge already: whoever put it there. */
		state = XENBR_GLUE_SKIPPED;
	} else if (master || rcu_access_pointer(vif->dev->rx_handler)) {
		/* Someone else's: a bridge, OVS, a script of the user's. */
		state = XENBR_GLUE_FOREIGN;
		snprintf(msg, sizeof(msg),
			 "%s is already used by %s: xenbr attaches only free vifs",
			 name, master ? master->name : "another rx handler");
	} else if (ret < 0) {
		state = XENBR_GLUE_FAILED;
	} else if (cfg->vifname[0] && strcmp(cfg->vifname, name)) {
		/* The script renames it; NETDEV_CHANGENAME brings us back. */
		state = XENBR_GLUE_WAITING;
	} else if (connected && !xenbr_glue_bridge(vif->dev, cfg->bridge)) {
		/* Its bridge's NETDEV_REGISTER brings us back. */
		state = XENBR_GLUE_ORPHANED;
	} else {
		state = xenbr_glue_attach(vif, cfg, msg, sizeof(msg));
	}
	vif->state = state;
	if (cfg && (state == XENBR_GLUE_ATTACHED ||
		    state == XENBR_GLUE_ORPHANED))
		strscpy(vif->bridge, cfg->bridge, sizeof(vif->bridge));
	if (state != XENBR_GLUE_WAITING)
		atomic_inc(&glue->counts[state]);
	if (state == XENBR_GLUE_ATTACHED && connected)
		atomic_inc(&glue->reattached);
	rtnl_unlock();

	/* A running guest's "hotplug-status" is left as it is: connected. */
	switch (state) {
	case XENBR_GLUE_ATTACHED:
		trace_xenbr_glue_attach(name, id->domid, id->handle,
					cfg->bridge, connected);
		pr_info("%s: domain %u vif %u %s %s, guest MAC %pM\n",
			name, id->domid, id->handle,
			connected ? "taken back on" : "attached to",
			cfg->bridge, cfg->mac);
		if (!connected && !READ_ONCE(vif->gone))
			err = glue->ops->set_status(glue->priv, id->node,
						    "connected", NULL);
		break;
	case XENBR_GLUE_ORPHANED:
		pr_info("%s: domain %u vif %u waits for xenbr bridge %s\n",
			name, id->domid, id->handle, cfg->bridge);
		break;
	case XENBR_GLUE_FAILED:
		trace_xenbr_glue_refuse(name, id->domid, id->handle, msg);
		pr_warn("%s: domain %u vif %u not attached: %s\n", name,
			id->domid, id->handle, msg);
		if (!connected && !READ_ONCE(vif->gone))
			err = glue->ops->set_status(glue->priv, id->node,
						    "error", msg);
		break;
	case XENBR_GLUE_FOREIGN:
		/*
		 * Its script is vif-xenbr, which waits for an answer: say who
		 * has the vif rather than let it time out blaming the glue.
		 */
		trace_xenbr_glue_refuse(name, id->domid, id->handle, msg);
		pr_info("%s: domain %u vif %u left alone: %s\n", name,
			id->domid, id->handle, msg);
		if (!READ_ONCE(vif->gone))
			err = glue->ops->set_status(glue->priv, id->node,
						    "error", msg);
		break;
	case XENBR_GLUE_SKIPPED:
		pr_debug("%s: domain %u vif %u is not for the glue\n", name,
			 id->domid, id->handle);
		break;
	default:
		break;
	}
	/* -ENOENT: the guest is gone and its node with it. */
	if (err && err != -ENOENT)
		pr_warn("%s: cannot write %s/hotplug-status: %d\n", name,
			id->node, err);
out:
	if (cfg)
		kfree(cfg->locking);
	kfree(cfg);
	atomic_dec(&glue->pending);
	xenbr_glue_vif_put(vif);
}

struct xenbr_glue *xenbr_glue_create(const struct xenbr_glue_ops *ops,
				     void *priv, bool enabled)
{
	struct xenbr_glue *glue;
	int err;

	glue = kzalloc(sizeof(*glue), GFP_KERNEL);
	if (!glue)
		return ERR_PTR(-ENOMEM);
	/* Ordered: one vif at a time, in the order they came. */
	glue->wq = alloc_ordered_workqueue("xenbr_glue", 0);
	if (!glue->wq) {
		kfree(glue);
		return ERR_PTR(-ENOMEM);
	}
	glue->ops = ops;
	glue->priv = priv;
	glue->enabled = enabled;
	glue->learn_limit = netback_learn_limit;
	glue->isolated = netback_isolated;
	INIT_LIST_HEAD(&glue->vifs);
	glue->nb.notifier_call = xenbr_glue_netdev_event;
	/* Replays NETDEV_REGISTER: picks up vifs that already exist. */
	err = register_netdevice_notifier(&glue->nb);
	if (err) {
		destroy_workqueue(glue->wq);
		kfree(glue);
		return ERR_PTR(err);
	}
	return glue;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_glue_create);

void xenbr_glue_destroy(struct xenbr_glue *glue)
{
	struct xenbr_glue_vif *vif, *next;

	/* No new vifs from here on (this also replays NETDEV_UNREGISTER). */
	unregister_netdevice_notifier(&glue->nb);
	rtnl_lock();
	list_for_each_entry_safe(vif, next, &glue->vifs, list)
		xenbr_glue_untrack(vif);
	rtnl_unlock();
	/* Waits for work already running: it finds its vif gone. */
	destroy_workqueue(glue->wq);
	kfree(glue);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_glue_destroy);

void xenbr_glue_set_enabled(struct xenbr_glue *glue, bool enabled)
{
	struct xenbr_glue_vif *vif;
	struct net_device *dev;

	ASSERT_RTNL();
	if (enabled && !glue->enabled) {
		/* Bridges that appeared while off: their orphans look again. */
		list_for_each_entry(vif, &glue->vifs, list)
			if (vif->state == XENBR_GLUE_ORPHANED) {
				vif->state = XENBR_GLUE_PENDING;
				xenbr_glue_queue(vif);
			}
		/* vifs that came while off still wait for a hotplug-status. */
		for_each_netdev(&init_net, dev)
			if (xenbr_glue_track(glue, dev))
				netdev_warn(dev, "cannot follow vif: out of memory\n");
	}
	/* Off: work already queued still runs; new vifs are not followed. */
	glue->enabled = enabled;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_glue_set_enabled);

void xenbr_glue_flush(struct xenbr_glue *glue)
{
	flush_workqueue(glue->wq);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_glue_flush);

static bool xenbr_glue_identify(const struct net_device *dev,
				struct xenbr_port_vif *vif)
{
	struct xenbr_glue *glue = xenbr_glue_main;
	struct xenbr_glue_id id;

	ASSERT_RTNL();
	if (!glue || !glue->ops->identify(glue->priv, dev, &id))
		return false;
	vif->domid = id.domid;
	vif->handle = id.handle;
	return true;
}

static const struct xenbr_netback_ops xenbr_glue_netback_ops = {
	.identify	= xenbr_glue_identify,
	.fill		= xenbr_glue_fill_info,
	.set_auto	= xenbr_glue_set_auto,
};

int xenbr_glue_init(void)
{
	struct xenbr_glue *glue;
	bool on;

	/* Even off Xen: NETBACK_GET and _SET then say why there is none. */
	rtnl_lock();
	xenbr_set_netback_ops(&xenbr_glue_netback_ops);
	rtnl_unlock();
	/* Not on Xen (or built without it): no vif can appear; stay idle. */
	if (!IS_ENABLED(CONFIG_XEN_BACKEND) || !xen_domain())
		return 0;
	on = netback_auto < 0 ? xen_initial_domain() : netback_auto > 0;
	glue = xenbr_glue_create(&xenbr_glue_xs_ops, NULL, on);
	if (IS_ERR(glue)) {
		rtnl_lock();
		xenbr_set_netback_ops(NULL);
		rtnl_unlock();
		return PTR_ERR(glue);
	}
	rtnl_lock();
	xenbr_glue_main = glue;
	rtnl_unlock();
	pr_info("netback glue %s\n", on ? "on" : "off");
	return 0;
}

void xenbr_glue_fini(void)
{
	struct xenbr_glue *glue;

	rtnl_lock();
	xenbr_set_netback_ops(NULL);
	glue = xenbr_glue_main;
	xenbr_glue_main = NULL;
	rtnl_unlock();
	if (glue)
		xenbr_glue_destroy(glue);
}

int xenbr_glue_set_auto(bool enabled, struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();
	if (!xenbr_glue_main) {
		NL_SET_ERR_MSG(extack, XENBR_GLUE_NOT_ON_XEN);
		return -EOPNOTSUPP;
	}
	if (xenbr_glue_main->enabled != enabled)
		pr_info("netback glue switched %s\n", enabled ? "on" : "off");
	xenbr_glue_set_enabled(xenbr_glue_main, enabled);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_glue_set_auto);

/* The uapi counter of each state that netlink reports. */
static const struct {
	int attr;
	enum xenbr_glue_state state;
} xenbr_glue_counters[] = {
	{ XENBR_NETBACK_STATS_A_ATTACHED,	XENBR_GLUE_ATTACHED },
	{ XENBR_NETBACK_STATS_A_FAILED,		XENBR_GLUE_FAILED },
	{ XENBR_NETBACK_STATS_A_FOREIGN,	XENBR_GLUE_FOREIGN },
	{ XENBR_NETBACK_STATS_A_SKIPPED,	XENBR_GLUE_SKIPPED },
	{ XENBR_NETBACK_STATS_A_GONE,		XENBR_GLUE_GONE },
	{ XENBR_NETBACK_STATS_A_ORPHANED,	XENBR_GLUE_ORPHANED },
};

int xenbr_glue_fill_info(struct sk_buff *skb, bool counters,
			 struct netlink_ext_ack *extack)
{
	struct xenbr_glue *glue = xenbr_glue_main;
	struct nlattr *nest;
	int i;

	ASSERT_RTNL();
	if (!glue) {
		NL_SET_ERR_MSG(extack, XENBR_GLUE_NOT_ON_XEN);
		return -EOPNOTSUPP;
	}
	if (nla_put_u8(skb, XENBR_A_NETBACK_AUTO, glue->enabled))
		return -EMSGSIZE;
	if (!counters)
		return 0;
	nest = nla_nest_start(skb, XENBR_A_NETBACK_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(xenbr_glue_counters); i++) {
		int state = xenbr_glue_counters[i].state;

		if (nla_put_u32(skb, xenbr_glue_counters[i].attr,
				atomic_read(&glue->counts[state]))) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	if (nla_put_u32(skb, XENBR_NETBACK_STATS_A_REATTACHED,
			atomic_read(&glue->reattached)) ||
	    nla_put_u32(skb, XENBR_NETBACK_STATS_A_PENDING,
			atomic_read(&glue->pending))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_glue_fill_info);

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * Lets a test put its glue, with fake xenstore ops, behind the netlink
 * requests and port replies, which read the module's instance.
 */
struct xenbr_glue *xenbr_glue_swap_main(struct xenbr_glue *glue)
{
	struct xenbr_glue *old = xenbr_glue_main;

	ASSERT_RTNL();
	xenbr_glue_main = glue;
	return old;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_glue_swap_main);
#endif
