/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr: internal definitions shared by the module's files, and the API the
 * netlink and glue layers build on.
 *
 * Locking:
 * - RTNL serialises every control operation: port add/remove, settings,
 *   bridge creation and removal.
 * - The data path runs under RCU with BH disabled and takes no lock, except
 *   xenbr::fdb_lock to create, move or remove an FDB entry.
 * - Ports and FDB entries are freed after an RCU grace period.
 */
#ifndef _XENBR_H
#define _XENBR_H

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/etherdevice.h>
#include <linux/idr.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <uapi/linux/xenbr.h>
#include "ratelimit.h"
#include "locking.h"

#define XENBR_AGEING_DEFAULT_MS		(300 * MSEC_PER_SEC)
#define XENBR_LEARN_LIMIT_DEFAULT	65536
#define XENBR_PORT_LEARN_LIMIT_DEFAULT	16384

/* Per-CPU event counters; see struct xenbr_stats for their meaning. */
enum xenbr_event {
	XENBR_EV_FLOODED,
	XENBR_EV_FDB_MOVES,
	XENBR_EV_LEARN_LIMIT,
	XENBR_EV_TX_DROPPED,
	__XENBR_EV_MAX,
};

/* Per-CPU counters of a bridge or a port. */
struct xenbr_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t events[__XENBR_EV_MAX];
	u64_stats_t drops[__XENBR_DROP_MAX];
	struct u64_stats_sync syncp;
};

/**
 * struct xenbr_stats - a snapshot of the counters of a bridge or a port
 * @rx_packets: bridge: frames passed up to dom0; port: frames received from
 *	the port's device into the bridge.
 * @rx_bytes: bytes of @rx_packets, Ethernet header excluded.
 * @tx_packets: bridge: frames dom0 sent through the bridge; port: frames
 *	the bridge sent out of the port.
 * @tx_bytes: bytes of @tx_packets.
 * @flooded: frames sent to every eligible port (the ingress port's counter
 *	on a port).
 * @fdb_moves: bridge only: learned entries that moved to another port.
 * @learn_limit: source addresses not learned because a limit was reached.
 * @tx_dropped: bridge only: frames from dom0 that were dropped.
 * @drops: dropped frames by &enum xenbr_drop_reason (ingress port on a port).
 * @fdb_learned: learned FDB entries now held.
 * @events_suppressed: bridge only: FDB events not sent, over the rate limit.
 */
struct xenbr_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 tx_packets;
	u64 tx_bytes;
	u64 flooded;
	u64 fdb_moves;
	u64 learn_limit;
	u64 tx_dropped;
	u64 drops[__XENBR_DROP_MAX];
	u64 fdb_learned;
	u64 events_suppressed;
};

struct xenbr;

/* A device's membership of one VLAN, beyond being in it. */
enum xenbr_vlan_flags {
	XENBR_VLAN_F_PVID	= 1 << 0,
	XENBR_VLAN_F_UNTAGGED	= 1 << 1,
};

/**
 * struct xenbr_vlans - the VLANs a port, or the bridge itself, is in
 * @pvid: the VLAN of untagged and priority-tagged frames received; 0: none
 * @rcu: frees a replaced set after readers are gone
 * @member: the VLANs the device is in
 * @untagged: those of @member whose frames leave the device untagged
 *
 * Never changed once published: a change publishes a new copy (vlan.c).
 */
struct xenbr_vlans {
	u16 pvid;
	struct rcu_head rcu;
	DECLARE_BITMAP(member, VLAN_N_VID);
	DECLARE_BITMAP(untagged, VLAN_N_VID);
};

static inline bool xenbr_vlans_has(const struct xenbr_vlans *vlans, u16 vid)
{
	return test_bit(vid, vlans->member);
}

/* The &enum xenbr_vlan_flags of @vid, a member of @vlans. */
static inline int xenbr_vlans_flags(const struct xenbr_vlans *vlans, u16 vid)
{
	return (vlans->pvid == vid ? XENBR_VLAN_F_PVID : 0) |
	       (test_bit(vid, vlans->untagged) ? XENBR_VLAN_F_UNTAGGED : 0);
}

/**
 * struct xenbr_port_vif - the Xen guest behind a netback vif port
 * @is_vif: the port is a netback vif: the other fields are set
 * @has_guest_mac: @guest_mac is set (the netback glue attached the vif)
 * @domid: the guest's domain id
 * @handle: the vif's handle (device id) in the guest
 * @guest_mac: the guest's MAC, from xenstore
 *
 * Stamped by the netback glue (xenbr_port_set_vif()): the core shows it in
 * the port's replies and VIF locking takes the guest's MAC from it.
 */
struct xenbr_port_vif {
	bool is_vif;
	bool has_guest_mac;
	u32 domid;
	u32 handle;
	u8 guest_mac[ETH_ALEN];
};

/**
 * struct xenbr_port - a device attached to a bridge
 * @list: entry in &xenbr.ports (RCU)
 * @br: the bridge
 * @dev: the port's device; a reference is held for the port's lifetime
 * @dev_tracker: tracks the reference on @dev
 * @flags: &enum xenbr_port_flags; written under RTNL, read locklessly
 * @port_no: the port's number on the bridge, from 1
 * @learn_limit: maximum number of entries learned on this port
 * @n_learned: learned entries pointing to this port (under &xenbr.fdb_lock)
 * @attached: the port may forward; cleared first when it is released, so
 *	no frame is sent to a device that is leaving the bridge
 * @stats: per-CPU counters
 * @np: netpoll of the port's device while netconsole runs over the bridge
 * @vlans: the VLANs the port is in (RCU readers, RTNL writers)
 * @last_src: the {MAC, VLAN} (as a u64) last refreshed on the port, 0 for
 *	none: reset whenever an entry leaves the port; a race with that
 *	makes at most one jiffy's frames skip learning
 * @last_src_at: the jiffy @last_src was refreshed in
 * @vif: the Xen guest behind the port, when it is a netback vif (RTNL)
 * @locking: VIF locking: NULL while unlocked, else the &struct xenbr_locking
 *	(RCU; replaced whole under RTNL, see locking.h)
 * @rcu: frees the port after readers are gone
 */
struct xenbr_port {
	struct list_head list;
	struct xenbr *br;
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	u32 flags;
	u16 port_no;
	u32 learn_limit;
	unsigned int n_learned;
	bool attached;
	struct xenbr_pcpu_stats __percpu *stats;
#ifdef CONFIG_NET_POLL_CONTROLLER
	struct netpoll *np;
#endif
	struct xenbr_vlans __rcu *vlans;
	u64 last_src;
	unsigned long last_src_at;
	struct xenbr_port_vif vif;
	struct xenbr_locking __rcu *locking;
	struct rcu_head rcu;
};

/**
 * struct xenbr - private data of a bridge net_device
 * @dev: the bridge device
 * @ports: the ports (RCU readers, RTNL writers)
 * @stats: per-CPU counters of the bridge as a whole
 * @ageing_time: jiffies an unrefreshed learned entry lives; 0 turns
 *	learning off and makes every frame to a learned address flood
 * @learn_limit: maximum number of entries learned on the bridge
 * @port_learn_limit: the learning limit of a new port
 * @port_nos: allocates &xenbr_port.port_no
 * @port_gen: changes with every change of a port, under RTNL (dump
 *	consistency)
 * @fdb_gen: changes with every change of the FDB, under @fdb_lock (dump
 *	consistency)
 * @evlimit: rate limit of FDB events
 * @fdb: the forwarding database, keyed by {MAC, VLAN id}
 * @fdb_lock: serialises creating, moving and removing FDB entries, and
 *	guards the learned-entry counters
 * @n_learned: learned entries in @fdb (under @fdb_lock)
 * @gc_work: ages out learned entries
 * @mac_port: the port whose MAC the bridge carries (RTNL); NULL when the
 *	MAC is the user's or a random one
 * @mac_set_by_user: the MAC no longer follows the ports
 * @mtu_set_by_user: the MTU no longer follows the smallest port MTU
 * @vlan_filtering: forward by 802.1Q VLAN (written under RTNL)
 * @vlan_default_pvid: the VLAN a new port joins as PVID, untagged; 0: none
 * @vlans: the VLANs the bridge itself, dom0's side, is in (RCU, RTNL)
 */
struct xenbr {
	struct net_device *dev;
	struct list_head ports;
	struct xenbr_pcpu_stats __percpu *stats;
	unsigned long ageing_time;
	u32 learn_limit;
	u32 port_learn_limit;
	struct ida port_nos;
	atomic_t port_gen;
	atomic_t fdb_gen;
	struct xenbr_ratelimit evlimit;

	struct rhashtable fdb;
	spinlock_t fdb_lock;	/* see @fdb_lock above */
	unsigned int n_learned;
	struct delayed_work gc_work;

	struct xenbr_port *mac_port;
	bool mac_set_by_user;
	bool mtu_set_by_user;

	bool vlan_filtering;
	u16 vlan_default_pvid;
	struct xenbr_vlans __rcu *vlans;
};

/**
 * struct xenbr_fdb_key - what an FDB entry is looked up by
 * @addr: MAC address
 * @vid: VLAN id; 0 while VLAN filtering is off
 *
 * Eight bytes, aligned as a u64: hashed as two u32 words, compared as one
 * u64.
 */
struct xenbr_fdb_key {
	u8 addr[ETH_ALEN];
	u16 vid;
} __aligned(8);

/**
 * struct xenbr_fdb_entry - one forwarding database entry (one cache line)
 * @node: link in &xenbr.fdb
 * @key: MAC address and VLAN id
 * @port: where @key lives; NULL for the bridge's local entry
 * @updated: jiffies of the last frame seen from @key (learned entries)
 * @flags: &enum xenbr_fdb_flags
 * @rcu: frees the entry after readers are gone
 */
struct xenbr_fdb_entry {
	struct rhash_head node;
	struct xenbr_fdb_key key;
	struct xenbr_port __rcu *port;
	unsigned long updated;
	u32 flags;
	struct rcu_head rcu;
};

/**
 * struct xenbr_fdb_cursor - where a resumable FDB dump stands
 * @slot: bucket of the next entry
 * @skip: entries of @slot already dumped
 * @size: size of the table @slot and @skip are of
 * @hash_rnd: hash seed of that table
 * @restarts: times the walk had to start over (a resize)
 * @done: every entry was dumped
 *
 * fdb.c's alone: its caller zeroes it before the first xenbr_fdb_dump()
 * and keeps it, unread, between calls (in &netlink_callback.args).
 */
struct xenbr_fdb_cursor {
	u32 slot;
	u32 skip;
	u32 size;
	u32 hash_rnd;
	u32 restarts;
	bool done;
};

/* What the bridge does with a frame; see xenbr_classify(). */
enum xenbr_action {
	XENBR_ACT_PASS,		/* not bridged: the port's own stack gets it */
	XENBR_ACT_DROP,
	XENBR_ACT_LOCAL,	/* up to dom0 through the bridge device */
	XENBR_ACT_FORWARD,	/* out of one port */
	XENBR_ACT_FLOOD,	/* out of every eligible port */
};

/**
 * struct xenbr_verdict - the forwarding decision for one frame
 * @action: what to do
 * @reason: why, for %XENBR_ACT_DROP
 * @port: the egress port, for %XENBR_ACT_FORWARD
 * @flood_flag: the egress port flag a flooded frame needs
 * @local: the frame also goes up to dom0: a flooded frame from a port, or,
 *	on a promiscuous bridge device, any frame from a port (for
 *	%XENBR_ACT_DROP it then goes up instead of being dropped)
 */
struct xenbr_verdict {
	enum xenbr_action action;
	enum xenbr_drop_reason reason;
	struct xenbr_port *port;
	u32 flood_flag;
	bool local;
};

/*
 * Called by xenbr_fdb_dump() for each entry, under RCU; @gen changes when
 * the FDB changed or the walk started over since the dump began.
 */
typedef int (*xenbr_fdb_dump_cb_t)(const struct xenbr_fdb_entry *entry,
				   u32 gen, void *arg);

/*
 * API for the netlink and glue layers. All of it runs under RTNL and may
 * sleep unless noted; each returns 0 or a negative errno.
 */

/* The bridge @ifindex in @net, or NULL if there is none or it is no xenbr. */
struct xenbr *xenbr_find(struct net *net, int ifindex);
/* @dev's bridge if @dev is a xenbr device, else NULL. */
struct xenbr *xenbr_from_dev(const struct net_device *dev);
/* The port @dev is, or NULL if @dev is not a xenbr port. */
struct xenbr_port *xenbr_port_from_dev(const struct net_device *dev);

/**
 * struct xenbr_port_opts - a new port's settings, where not the bridge's
 * @learn_limit: maximum number of entries learned on the port
 * @vif: the guest behind it, when the netback glue attaches a vif; else
 *	the netback ops' identify() says who a vif is
 */
struct xenbr_port_opts {
	u32 learn_limit;
	struct xenbr_port_vif vif;
};

int xenbr_port_add(struct xenbr *br, struct net_device *dev,
		   struct netlink_ext_ack *extack);
int xenbr_port_add_opts(struct xenbr *br, struct net_device *dev,
			const struct xenbr_port_opts *opts,
			struct netlink_ext_ack *extack);
int xenbr_port_del(struct xenbr *br, struct net_device *dev,
		   struct netlink_ext_ack *extack);
/* Sets the &enum xenbr_port_flags in @mask to their value in @flags. */
int xenbr_port_set_flags(struct xenbr_port *port, u32 flags, u32 mask,
			 struct netlink_ext_ack *extack);

/* Ageing time in milliseconds; 0 turns learning off. */
void xenbr_set_ageing_time(struct xenbr *br, u32 ageing_ms);
u32 xenbr_get_ageing_time(const struct xenbr *br);
/*
 * Limits on learned entries. Lowering a limit below the current count
 * removes nothing: entries age out and no new ones are learned meanwhile.
 */
void xenbr_set_learn_limit(struct xenbr *br, u32 limit);
/* The limit given to ports added from now on. */
void xenbr_set_new_port_learn_limit(struct xenbr *br, u32 limit);
void xenbr_port_set_learn_limit(struct xenbr_port *port, u32 limit);

/*
 * Static entry on @port, in place of a learned one. -EEXIST if @addr is the
 * bridge's own or static on another port, which only the replace takes
 * from it; the same static entry again is a no-op.
 */
int xenbr_fdb_add_static(struct xenbr *br, struct xenbr_port *port,
			 const u8 *addr, u16 vid);
int xenbr_fdb_replace_static(struct xenbr *br, struct xenbr_port *port,
			     const u8 *addr, u16 vid);
/*
 * The device whose static entry holds @addr (the bridge's for its local
 * one), or NULL: to say why an add failed. Static and local entries change
 * only under RTNL, which the caller holds.
 */
struct net_device *xenbr_fdb_pinned_by(struct xenbr *br, const u8 *addr,
				       u16 vid);
/* Deletes a learned or static entry; -ENOENT, or -EPERM for the local one. */
int xenbr_fdb_delete(struct xenbr *br, const u8 *addr, u16 vid);
/*
 * Removes learned entries, and static ones too if @include_static, of
 * @port or of every port if @port is NULL. The local entry stays.
 */
void xenbr_fdb_flush(struct xenbr *br, const struct xenbr_port *port,
		     bool include_static);
/* The same, of VLAN @vid only. */
void xenbr_fdb_flush_vlan(struct xenbr *br, const struct xenbr_port *port,
			  u16 vid, bool include_static);
/*
 * Calls @cb for the entries not yet dumped, from where @cur stands, until
 * @cb returns non-zero: that entry stays in @cur for the next call, which
 * resumes there. Returns 0 once every entry was dumped (and on any call
 * after that), else what @cb returned. A resize between or during calls
 * starts the walk over and changes the generation @cb gets. The caller
 * holds RCU, which keeps @br; no sleeping.
 */
int xenbr_fdb_dump(struct xenbr *br, struct xenbr_fdb_cursor *cur,
		   xenbr_fdb_dump_cb_t cb, void *arg);

/**
 * struct xenbr_netback_ops - what the netback glue does for the core
 * @identify: whether @dev is a netback vif, and if so sets @vif's domid
 *	and handle (for a vif added by hand: port add, ip link set master)
 * @fill: puts %XENBR_A_NETBACK_AUTO and, if @counters, the
 *	%XENBR_A_NETBACK_STATS nest (NETBACK_GET)
 * @set_auto: switches the glue on or off (NETBACK_SET)
 *
 * All run under RTNL; @fill and @set_auto say in @extack why they fail
 * (-EOPNOTSUPP off Xen). The glue registers them when it starts, and NULL
 * before it goes: the core never calls the glue by name.
 */
struct xenbr_netback_ops {
	bool (*identify)(const struct net_device *dev,
			 struct xenbr_port_vif *vif);
	int (*fill)(struct sk_buff *skb, bool counters,
		    struct netlink_ext_ack *extack);
	int (*set_auto)(bool on, struct netlink_ext_ack *extack);
};

/* Registers the glue's operations, or none (NULL). RTNL. */
void xenbr_set_netback_ops(const struct xenbr_netback_ops *ops);
/* The registered operations, or NULL. RTNL. */
const struct xenbr_netback_ops *xenbr_netback_ops(void);

/* Counter snapshots; these need no lock and do not sleep. */
void xenbr_get_stats(struct xenbr *br, struct xenbr_stats *stats);
void xenbr_port_get_stats(const struct xenbr_port *port,
			  struct xenbr_stats *stats);

/* Creates and registers a bridge; @name may be a "%d" template. RTNL. */
struct net_device *xenbr_dev_create(struct net *net, const char *name,
				    struct netlink_ext_ack *extack);
/* Unregisters a bridge, as "ip link del" does; its ports are released. */
void xenbr_dev_delete(struct net_device *dev);

/* Internal: device.c */
extern struct rtnl_link_ops xenbr_link_ops;
void xenbr_dev_update_mtu(struct xenbr *br);
void xenbr_dev_update_features(struct xenbr *br);
void xenbr_dev_update_carrier(struct xenbr *br);
void xenbr_dev_update_headroom(struct xenbr *br);
void xenbr_dev_adopt_mac(struct xenbr *br, struct xenbr_port *port);
void xenbr_dev_port_mac_changed(struct xenbr *br, struct xenbr_port *port);
void xenbr_dev_port_leaves(struct xenbr *br, struct xenbr_port *port);
void xenbr_dev_refuse_new(void);

/* Internal: port.c */
/* Whether the port forwards: attached, its device up and with carrier. */
static inline bool xenbr_port_is_up(const struct xenbr_port *port)
{
	return READ_ONCE(port->attached) && netif_running(port->dev) &&
	       netif_oper_up(port->dev);
}

int xenbr_port_netpoll_enable(struct xenbr_port *port);
void xenbr_port_netpoll_disable(struct xenbr_port *port);
void xenbr_port_del_all(struct xenbr *br);
int xenbr_netdev_event(struct notifier_block *nb, unsigned long event,
		       void *ptr);

/* Internal: fdb.c */
int xenbr_fdb_cache_create(void);
void xenbr_fdb_cache_destroy(void);
int xenbr_fdb_init(struct xenbr *br);
void xenbr_fdb_fini(struct xenbr *br);
struct xenbr_fdb_entry *xenbr_fdb_find(struct xenbr *br, const u8 *addr,
				       u16 vid);
bool xenbr_fdb_entry_expired(const struct xenbr *br,
			     const struct xenbr_fdb_entry *entry,
			     unsigned long now);
int xenbr_fdb_learn(struct xenbr *br, struct xenbr_port *port,
		    const u8 *addr, u16 vid, unsigned long now);
void xenbr_fdb_age(struct xenbr *br, unsigned long now);
int xenbr_fdb_set_local(struct xenbr *br, const u8 *old_addr,
			const u8 *new_addr);

/*
 * VLANs (vlan.c). A NULL @port is the bridge itself. RTNL held; on failure
 * nothing changed.
 */
int xenbr_vlan_add(struct xenbr *br, struct xenbr_port *port, u16 vid,
		   u16 vid_end, u32 flags, struct netlink_ext_ack *extack);
int xenbr_vlan_del(struct xenbr *br, struct xenbr_port *port, u16 vid,
		   u16 vid_end, struct netlink_ext_ack *extack);
/* Exactly @pvid (0: none) untagged and @tagged (may be NULL) tagged. */
int xenbr_vlan_assign(struct xenbr *br, struct xenbr_port *port, u16 pvid,
		      const unsigned long *tagged,
		      struct netlink_ext_ack *extack);
void xenbr_vlan_set_filtering(struct xenbr *br, bool on);
int xenbr_vlan_set_default_pvid(struct xenbr *br, u16 pvid,
				struct netlink_ext_ack *extack);
int xenbr_vlans_next_run(const struct xenbr_vlans *vlans, u16 from,
			 u16 *first, u16 *last);

/* Internal: vlan.c */
int xenbr_vlans_init(struct xenbr *br, struct xenbr_port *port);
void xenbr_vlans_free(struct xenbr_vlans __rcu **slot);
bool xenbr_vlan_ingress(const struct xenbr_vlans *vlans,
			const struct sk_buff *skb, u16 *vid,
			enum xenbr_drop_reason *reason);
struct sk_buff *xenbr_vlan_ingress_tag(struct sk_buff *skb, u16 vid);

/* Internal: forward.c */
rx_handler_result_t xenbr_handle_frame(struct sk_buff **pskb);
struct xenbr_verdict xenbr_classify(struct xenbr *br,
				    const struct xenbr_port *in,
				    const struct ethhdr *eth, u16 vid,
				    unsigned long now);
netdev_tx_t xenbr_dev_xmit(struct sk_buff *skb, struct net_device *dev);

/* Internal: netlink.c, the genetlink family. */
#define XENBR_EVENT_RATE	1000	/* FDB events a second, per bridge */
#define XENBR_EVENT_BURST	200	/* and how many may come at once */

int xenbr_nl_init(void);
void xenbr_nl_fini(void);
/* The genetlink operation of @cmd, or NULL (for the tests). */
struct genl_ops;
const struct genl_ops *xenbr_nl_op(u8 cmd);

/*
 * Events, each sent by its object's netlink file. Each reads its object
 * and changes nothing; the caller has made the change and advanced the
 * generation. No sleeping.
 */
/* fdb_netlink.c: BH disabled, @entry held by fdb_lock; rate-limited. */
void xenbr_fdb_notify(struct xenbr *br, const struct xenbr_fdb_entry *entry,
		      enum xenbr_event_type type);
/* What the rate limit held back, once the flow has calmed down. */
void xenbr_fdb_notify_suppressed(struct xenbr *br);
/* port_netlink.c: RTNL. */
void xenbr_port_notify(const struct xenbr_port *port,
		       enum xenbr_event_type type);

/*
 * port_netlink.c: the port flags as attributes of the genetlink family, or
 * of IFLA_PROTINFO (@brport): put, parsed into @flags and @mask, known.
 */
int xenbr_port_put_flags(struct sk_buff *skb, const struct xenbr_port *port,
			 bool brport);
void xenbr_port_parse_flags(struct nlattr **tb, bool brport, u32 *flags,
			    u32 *mask);
bool xenbr_port_is_flag_attr(int type, bool brport);

/* Internal: rtnl_bridge.c, iproute2's "bridge" command. */
int xenbr_ndo_fdb_dump(struct sk_buff *skb, struct netlink_callback *cb,
		       struct net_device *dev, struct net_device *filter_dev,
		       int *idx);
int xenbr_ndo_bridge_getlink(struct sk_buff *skb, u32 pid, u32 seq,
			     struct net_device *dev, u32 filter_mask,
			     int nlflags);
int xenbr_ndo_bridge_setlink(struct net_device *dev, struct nlmsghdr *nlh,
			     u16 flags, struct netlink_ext_ack *extack);
int xenbr_ndo_bridge_dellink(struct net_device *dev, struct nlmsghdr *nlh,
			     u16 flags);
bool xenbr_rtnl_has_listeners(const struct xenbr *br);
/* BH disabled, @entry held by fdb_lock. */
void xenbr_rtnl_fdb_event(const struct xenbr *br,
			  const struct xenbr_fdb_entry *entry,
			  enum xenbr_event_type type);

/* Internal: stats.c */
struct xenbr_pcpu_stats __percpu *xenbr_stats_alloc(void);

/* Counter updates: BH must be disabled, as it is on the data path. */
static inline void xenbr_count_event(struct xenbr_pcpu_stats __percpu *pcpu,
				     enum xenbr_event event)
{
	struct xenbr_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->events[event]);
	u64_stats_update_end(&s->syncp);
}

static inline void xenbr_count_drop(struct xenbr_pcpu_stats __percpu *pcpu,
				    enum xenbr_drop_reason reason)
{
	struct xenbr_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[reason]);
	u64_stats_update_end(&s->syncp);
}

static inline void xenbr_count_rx(struct xenbr_pcpu_stats __percpu *pcpu,
				  unsigned int len)
{
	struct xenbr_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_packets);
	u64_stats_add(&s->rx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

static inline void xenbr_count_tx(struct xenbr_pcpu_stats __percpu *pcpu,
				  unsigned int len)
{
	struct xenbr_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_packets);
	u64_stats_add(&s->tx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

#endif /* _XENBR_H */
