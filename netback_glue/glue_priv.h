/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr netback glue, its own view: for glue.c, xenstore.c and the KUnit
 * suite. The rest of the module sees only glue.h.
 *
 * Lifetime and locking:
 * - A &struct xenbr_glue_vif is created by the netdevice notifier when a vif
 *   registers and dropped when it unregisters, both under RTNL. It holds no
 *   reference on the net_device: &xenbr_glue_vif.dev is only used under
 *   RTNL while &xenbr_glue_vif.gone is false.
 * - Its work runs on the glue's ordered workqueue: xenstore is read with no
 *   lock held, the vif is attached under RTNL, and the status is written
 *   with no lock held again. It never runs on the xenwatch thread, which
 *   registers vifs with RTNL held and serves netback's own watches.
 * - A vif is freed when both the list's and the queued work's references
 *   are gone; unregistering cancels work that has not started.
 */
#ifndef _XENBR_GLUE_PRIV_H
#define _XENBR_GLUE_PRIV_H

#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/refcount.h>
#include <linux/workqueue.h>
#include "xenbr.h"
#include "glue.h"

/* The bridge Xen's tools and vif-bridge use when "bridge" is not set. */
#define XENBR_GLUE_DEFAULT_BRIDGE	"xenbr0"
/* The hotplug script that hands a vif to the glue (tools/hotplug). */
#define XENBR_GLUE_SCRIPT		"vif-xenbr"
/*
 * Learning limit of a vif port: a guest NIC sources a handful of MACs
 * (its own, a few more behind a nested bridge or for VRRP); 256 leaves
 * room for that while one guest spraying random source MACs can take no
 * more than 256 of the bridge's FDB.
 */
#define XENBR_GLUE_LEARN_LIMIT		256
/* "backend/vif/<domid>/<handle>" at its longest, with room to spare. */
#define XENBR_GLUE_NODE_LEN		48
#define XENBR_GLUE_MSG_LEN		128

/**
 * enum xenbr_glue_state - what the glue did with a vif
 * @XENBR_GLUE_PENDING: its work has not finished yet.
 * @XENBR_GLUE_WAITING: "vifname" asks for another name: waiting for the
 *	hotplug script to rename it (the kernel does not export renaming).
 * @XENBR_GLUE_ATTACHED: attached; "hotplug-status" is "connected".
 * @XENBR_GLUE_FAILED: not attached; "hotplug-status" is "error" and
 *	"hotplug-error" says why.
 * @XENBR_GLUE_FOREIGN: something else had already enslaved it: left alone,
 *	"hotplug-status" "error" (its script, vif-xenbr, waits for one).
 * @XENBR_GLUE_SKIPPED: not the glue's to attach: its "script" is not
 *	vif-xenbr, or a "hotplug-status" was already written.
 * @XENBR_GLUE_GONE: unregistered before its work finished.
 * @XENBR_GLUE_ORPHANED: a running guest's vif ("hotplug-status" already
 *	"connected": attached before the module was reloaded, or before its
 *	bridge was deleted) whose bridge is not a xenbr bridge now: taken
 *	back when one of that name appears; its status is left alone.
 * @__XENBR_GLUE_STATE_MAX: number of states.
 */
enum xenbr_glue_state {
	XENBR_GLUE_PENDING,
	XENBR_GLUE_WAITING,
	XENBR_GLUE_ATTACHED,
	XENBR_GLUE_FAILED,
	XENBR_GLUE_FOREIGN,
	XENBR_GLUE_SKIPPED,
	XENBR_GLUE_GONE,
	XENBR_GLUE_ORPHANED,
	__XENBR_GLUE_STATE_MAX,
};

/**
 * struct xenbr_glue_id - who a vif is
 * @domid: the guest's domain id
 * @handle: the vif's handle (device id) in the guest
 * @node: its xenstore backend node, "backend/vif/<domid>/<handle>"
 */
struct xenbr_glue_id {
	u32 domid;
	u32 handle;
	char node[XENBR_GLUE_NODE_LEN];
};

/**
 * struct xenbr_glue_ops - how the glue reaches xenstore and netback
 * @read: the value of @key of node @node, a kmalloc'ed string that the
 *	caller frees, or an ERR_PTR (-ENOENT when there is no such key).
 *	May sleep; called with no lock held.
 * @set_status: writes "hotplug-error" = @error (unless NULL), then
 *	"hotplug-status" = @status, both at once and only if @node still
 *	exists (-ENOENT if it does not). May sleep; no lock held.
 * @identify: whether @dev is a netback vif, and if so who it is. Called
 *	under RTNL from the notifier; must not sleep.
 */
struct xenbr_glue_ops {
	char *(*read)(void *priv, const char *node, const char *key);
	int (*set_status)(void *priv, const char *node, const char *status,
			  const char *error);
	bool (*identify)(void *priv, const struct net_device *dev,
			 struct xenbr_glue_id *id);
};

struct xenbr_glue;

/**
 * struct xenbr_glue_vif - a vif the glue has seen register
 * @list: entry in &xenbr_glue.vifs (RTNL)
 * @glue: the glue
 * @dev: the vif; valid under RTNL while @gone is false
 * @work: reads the backend node and attaches the vif
 * @ref: one for &xenbr_glue.vifs, one while @work is queued or running
 * @gone: the vif unregistered (written under RTNL)
 * @state: &enum xenbr_glue_state (written under RTNL)
 * @id: domid, handle and backend node
 * @bridge_ifindex: the bridge, once attached
 * @bridge: the bridge's name, once attached or while orphaned
 */
struct xenbr_glue_vif {
	struct list_head list;
	struct xenbr_glue *glue;
	struct net_device *dev;
	struct work_struct work;
	refcount_t ref;
	bool gone;
	enum xenbr_glue_state state;
	struct xenbr_glue_id id;
	int bridge_ifindex;
	char bridge[IFNAMSIZ];
};

/**
 * struct xenbr_glue - one instance of the glue (the module's, or a test's)
 * @ops: xenstore and netback access
 * @priv: passed to @ops
 * @wq: ordered workqueue of the vifs' work
 * @nb: netdevice notifier
 * @vifs: &struct xenbr_glue_vif of registered vifs (RTNL)
 * @enabled: attach new vifs (written under RTNL)
 * @learn_limit: learning limit given to each vif port
 * @isolated: make each vif port isolated (%XENBR_PORT_ISOLATED)
 * @counts: vifs that reached each &enum xenbr_glue_state
 * @reattached: of the attached, those taken back while their guest ran
 * @pending: work items queued and not yet done: vifs not decided on yet
 */
struct xenbr_glue {
	const struct xenbr_glue_ops *ops;
	void *priv;
	struct workqueue_struct *wq;
	struct notifier_block nb;
	struct list_head vifs;
	bool enabled;
	u32 learn_limit;
	bool isolated;
	atomic_t counts[__XENBR_GLUE_STATE_MAX];
	atomic_t reattached;
	atomic_t pending;
};

/**
 * struct xenbr_glue_config - what a vif's backend node asks for
 * @bridge: the bridge's name
 * @vifname: the name the vif must have before it is attached, or ""
 * @mac: the guest's MAC
 * @mtu: the vif's MTU, 0 for the bridge's
 * @vlan: the VLAN of an access port ("bridge=xenbr0.10"), its PVID,
 *	untagged; 0 for none
 * @connected: "hotplug-status" already reads "connected": the guest runs
 * @n_trunks: how many VLANs are in @trunks
 * @trunks: the VLANs a trunk carries tagged ("bridge=xenbr0:10:20")
 *
 * With neither @vlan nor @trunks, the vif joins the bridge's default PVID
 * as any new port does.
 * @locking: VIF locking: the locking its "ip" key asks for, or NULL; the
 *	reader of the config frees it
 */
struct xenbr_glue_config {
	char bridge[IFNAMSIZ];
	char vifname[IFNAMSIZ];
	u8 mac[ETH_ALEN];
	unsigned int mtu;
	u16 vlan;
	bool connected;
	u16 n_trunks;
	DECLARE_BITMAP(trunks, VLAN_N_VID);
	struct xenbr_locking *locking;
};

/* An instance of the glue, attaching vifs from now on if @enabled. */
struct xenbr_glue *xenbr_glue_create(const struct xenbr_glue_ops *ops,
				     void *priv, bool enabled);
/* Drops every vif, cancels or waits for their work; attaches nothing more. */
void xenbr_glue_destroy(struct xenbr_glue *glue);
/* Turns attaching on or off; on also picks up vifs that are waiting. RTNL. */
void xenbr_glue_set_enabled(struct xenbr_glue *glue, bool enabled);
/* Waits for the work queued so far (for the tests). */
void xenbr_glue_flush(struct xenbr_glue *glue);
/* The vif record of @dev, or NULL. RTNL. */
struct xenbr_glue_vif *xenbr_glue_vif_find(struct xenbr_glue *glue,
					   const struct net_device *dev);
/*
 * Reads and checks @id's backend node. Returns 0 with @cfg filled, 1 if the
 * vif is not the glue's to attach, or a negative errno with @msg saying why.
 */
int xenbr_glue_read_config(struct xenbr_glue *glue,
			   const struct xenbr_glue_id *id,
			   struct xenbr_glue_config *cfg, char *msg,
			   size_t msg_len);

/* The extack message of a request for the glue when there is none. */
#define XENBR_GLUE_NOT_ON_XEN	"Not running on Xen: no netback glue"

#if IS_ENABLED(CONFIG_KUNIT)
/* Makes @glue the module's instance; returns the one it was. RTNL. */
struct xenbr_glue *xenbr_glue_swap_main(struct xenbr_glue *glue);
#endif

/* The xenstore/netback implementation of &struct xenbr_glue_ops. */
extern const struct xenbr_glue_ops xenbr_glue_xs_ops;

#endif /* _XENBR_GLUE_PRIV_H */
