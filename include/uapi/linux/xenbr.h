/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * xenbr: a MAC-learning bridge for Xen dom0 guest networking.
 *
 * The userspace ABI, shared by the kernel module and xenbr-ctl.
 */
#ifndef _UAPI_LINUX_XENBR_H
#define _UAPI_LINUX_XENBR_H

/**
 * define XENBR_VERSION - release of the module and the tool, as a string
 */
#define XENBR_VERSION "0.1.0"

/**
 * define XENBR_LINK_KIND - rtnl_link kind of a xenbr bridge
 *
 * ``ip link add NAME type xenbr`` creates one.
 */
#define XENBR_LINK_KIND "xenbr"

/**
 * enum xenbr_port_flags - per-port behaviour switches
 * @XENBR_PORT_LEARNING: learn source MAC addresses of frames received on
 *	the port.
 * @XENBR_PORT_FLOOD_UCAST: send unicast frames with no known destination
 *	out of the port.
 * @XENBR_PORT_FLOOD_MCAST: send multicast frames out of the port.
 * @XENBR_PORT_FLOOD_BCAST: send broadcast frames out of the port.
 * @XENBR_PORT_ISOLATED: the port forwards to no other isolated port (only
 *	to the others and to dom0), as the Linux bridge's "isolated".
 * @XENBR_PORT_DEFAULT: the flags of a newly added port.
 * @XENBR_PORT_ALL: every defined flag.
 *
 * The flood flags apply to the port as an egress: clearing one stops that
 * class of flooded frame from leaving through the port. Known unicast is
 * always delivered.
 */
enum xenbr_port_flags {
	XENBR_PORT_LEARNING	= 1 << 0,
	XENBR_PORT_FLOOD_UCAST	= 1 << 1,
	XENBR_PORT_FLOOD_MCAST	= 1 << 2,
	XENBR_PORT_FLOOD_BCAST	= 1 << 3,
	XENBR_PORT_ISOLATED	= 1 << 4,

	XENBR_PORT_DEFAULT	= XENBR_PORT_LEARNING | XENBR_PORT_FLOOD_UCAST |
				  XENBR_PORT_FLOOD_MCAST | XENBR_PORT_FLOOD_BCAST,
	XENBR_PORT_ALL		= XENBR_PORT_DEFAULT | XENBR_PORT_ISOLATED,
};

/**
 * enum xenbr_fdb_flags - kind of a forwarding database entry
 * @XENBR_FDB_STATIC: added by the administrator; never ages, never moves
 *	to another port, and does not count against the learning limits.
 * @XENBR_FDB_LOCAL: the bridge's own MAC address; frames to it go up to
 *	dom0's stack. Has no port.
 *
 * An entry with neither flag was learned from traffic and ages out.
 */
enum xenbr_fdb_flags {
	XENBR_FDB_STATIC	= 1 << 0,
	XENBR_FDB_LOCAL		= 1 << 1,
};

/**
 * enum xenbr_drop_reason - why the bridge dropped a frame
 * @XENBR_DROP_INVALID_SRC: the source MAC is multicast or all-zero.
 * @XENBR_DROP_MALFORMED: the frame is shorter than an Ethernet header.
 * @XENBR_DROP_HAIRPIN: the destination is behind the port the frame came
 *	in on.
 * @XENBR_DROP_PORT_DOWN: the destination port is not up.
 * @XENBR_DROP_NO_DEST: no port was eligible to receive the frame.
 * @XENBR_DROP_NOMEM: a copy of the frame could not be allocated.
 * @XENBR_DROP_TOO_BIG: the frame exceeds the MTU of the egress port.
 * @XENBR_DROP_BRIDGE_DOWN: the frame came in on a port of a bridge whose
 *	device is down: like a Linux bridge's, its ports then carry nothing.
 * @XENBR_DROP_PAUSE: an 802.3x pause frame (to 01:80:c2:00:00:01): it
 *	is for the link it came on and is never bridged.
 * @XENBR_DROP_VLAN_INGRESS: VLAN filtering: the frame's VLAN is not one
 *	of its ingress port's (or, from dom0, of the bridge's own).
 * @XENBR_DROP_VLAN_NO_PVID: VLAN filtering: an untagged or priority-tagged
 *	frame came in where there is no PVID.
 * @XENBR_DROP_VLAN_EGRESS: VLAN filtering: the frame's destination port
 *	(or dom0) is not in the frame's VLAN.
 * @XENBR_DROP_ISOLATED: the destination and ingress ports are both
 *	isolated (%XENBR_PORT_ISOLATED).
 * @XENBR_DROP_LOCK_DISABLED: the ingress port is disabled (%XENBR_LOCK_DISABLED).
 * @XENBR_DROP_LOCK_MAC: from a locked port, a source MAC other than the
 *	port's allowed MAC.
 * @XENBR_DROP_LOCK_VLAN: from a locked port, an 802.1Q or 802.1ad tagged
 *	frame.
 * @XENBR_DROP_LOCK_PROTO: from a locked port, neither IPv4, ARP nor IPv6.
 * @XENBR_DROP_LOCK_MALFORMED: from a locked port, an IPv4, ARP or IPv6
 *	header the lock must read is truncated or invalid.
 * @XENBR_DROP_LOCK_IPV4: from a locked port, IPv4 from an address it is not
 *	allowed (DHCP client requests excepted).
 * @XENBR_DROP_LOCK_ARP: from a locked port, ARP whose sender is not the
 *	allowed MAC or an allowed address (probes from 0.0.0.0 excepted).
 * @XENBR_DROP_LOCK_IPV6: from a locked port, IPv6 from an address it is not
 *	allowed.
 * @XENBR_DROP_LOCK_ND: from a locked port, a neighbour solicitation or
 *	advertisement for or from an address it is not allowed, or with a
 *	foreign link-layer address option.
 * @XENBR_DROP_LOCK_ROUTER: from a locked port, what only a router or a
 *	DHCP server sends: router advertisements, redirects and the other
 *	router-only ICMPv6 types, DHCP (UDP source port 67) and DHCPv6 (UDP
 *	source port 547) server messages.
 * @__XENBR_DROP_MAX: number of reasons; not a reason.
 *
 * Each reason has its own counter, per port (ingress) and per bridge.
 * Hitting a learning limit is counted separately: the frame is still
 * forwarded.
 */
enum xenbr_drop_reason {
	XENBR_DROP_INVALID_SRC,
	XENBR_DROP_MALFORMED,
	XENBR_DROP_HAIRPIN,
	XENBR_DROP_PORT_DOWN,
	XENBR_DROP_NO_DEST,
	XENBR_DROP_NOMEM,
	XENBR_DROP_TOO_BIG,
	XENBR_DROP_BRIDGE_DOWN,
	XENBR_DROP_PAUSE,
	XENBR_DROP_VLAN_INGRESS,
	XENBR_DROP_VLAN_NO_PVID,
	XENBR_DROP_VLAN_EGRESS,
	XENBR_DROP_ISOLATED,
	/* VIF locking: drops of a locked or disabled port (see xenbr_lock_mode) */
	XENBR_DROP_LOCK_DISABLED,
	XENBR_DROP_LOCK_MAC,
	XENBR_DROP_LOCK_VLAN,
	XENBR_DROP_LOCK_PROTO,
	XENBR_DROP_LOCK_MALFORMED,
	XENBR_DROP_LOCK_IPV4,
	XENBR_DROP_LOCK_ARP,
	XENBR_DROP_LOCK_IPV6,
	XENBR_DROP_LOCK_ND,
	XENBR_DROP_LOCK_ROUTER,
	__XENBR_DROP_MAX,
};

#define XENBR_DROP_MAX (__XENBR_DROP_MAX - 1)

/**
 * define XENBR_GENL_NAME - name of the generic netlink family
 */
#define XENBR_GENL_NAME "xenbr"

/**
 * define XENBR_GENL_VERSION - version of the generic netlink family
 */
#define XENBR_GENL_VERSION 1

/**
 * define XENBR_MCGRP_EVENTS - multicast group of %XENBR_CMD_EVENT messages
 */
#define XENBR_MCGRP_EVENTS "events"

/**
 * define XENBR_AGEING_MAX_MS - largest ageing time, in milliseconds
 */
#define XENBR_AGEING_MAX_MS 1000000000U

/**
 * define XENBR_LEARN_LIMIT_MAX - largest learning limit, bridge or port
 */
#define XENBR_LEARN_LIMIT_MAX (1U << 24)

/**
 * define XENBR_VID_MAX - largest VLAN id a port or the bridge can be in
 *
 * VLAN ids run from 1 to 4094: 0 means "untagged" (or "priority-tagged"
 * in a frame) and 4095 is reserved.
 */
#define XENBR_VID_MAX 4094

/**
 * define XENBR_VLAN_DEFAULT_PVID - the VLAN a new port joins, as its PVID
 *	and untagged, unless the bridge's default PVID was changed
 */
#define XENBR_VLAN_DEFAULT_PVID 1

/**
 * enum xenbr_cmd - commands of the generic netlink family
 * @XENBR_CMD_UNSPEC: unused.
 * @XENBR_CMD_BR_GET: get one bridge (by %XENBR_A_BR_IFINDEX or
 *	%XENBR_A_BR_IFNAME), or dump every bridge of the network namespace.
 *	The reply carries the bridge's settings and %XENBR_A_STATS.
 * @XENBR_CMD_BR_NEW: create a bridge named %XENBR_A_BR_IFNAME, optionally
 *	with %XENBR_A_BR_MAC.
 * @XENBR_CMD_BR_DEL: delete a bridge and release its ports.
 * @XENBR_CMD_BR_SET: change %XENBR_A_BR_AGEING_TIME,
 *	%XENBR_A_BR_LEARN_LIMIT, %XENBR_A_BR_PORT_LEARN_LIMIT or
 *	%XENBR_A_BR_MAC.
 * @XENBR_CMD_PORT_GET: get one port (by %XENBR_A_PORT_IFINDEX or
 *	%XENBR_A_PORT_IFNAME), or dump the ports of one bridge. The reply
 *	carries the port's settings and %XENBR_A_STATS.
 * @XENBR_CMD_PORT_ADD: make a device a port of a bridge.
 * @XENBR_CMD_PORT_DEL: release a port from its bridge.
 * @XENBR_CMD_PORT_SET: change a port's flags and %XENBR_A_PORT_LEARN_LIMIT.
 * @XENBR_CMD_FDB_GET: get the FDB entry for %XENBR_A_FDB_MAC (and
 *	%XENBR_A_FDB_VLAN), or dump a bridge's FDB.
 * @XENBR_CMD_FDB_ADD: add a static entry for a MAC address on a port
 *	(%XENBR_A_FDB_REPLACE: even if it is static on another port).
 * @XENBR_CMD_FDB_DEL: delete a learned or static entry.
 * @XENBR_CMD_FDB_FLUSH: delete the learned entries of a bridge, or of one
 *	port; static ones too with %XENBR_A_FLUSH_STATIC; of one VLAN only
 *	with %XENBR_A_FDB_VLAN.
 * @XENBR_CMD_EVENT: a notification to %XENBR_MCGRP_EVENTS, never a request;
 *	%XENBR_A_EVENT says what happened.
 * @XENBR_CMD_NETBACK_GET: whether the netback glue attaches Xen netback
 *	vifs to their bridge (%XENBR_A_NETBACK_AUTO), and what it did with
 *	them (%XENBR_A_NETBACK_STATS). Takes no attribute.
 * @XENBR_CMD_NETBACK_SET: turn the netback glue on or off
 *	(%XENBR_A_NETBACK_AUTO). Turned on, it also attaches the vifs still
 *	waiting for their hotplug status.
 * @XENBR_CMD_VLAN_GET: dump the VLANs of the bridge itself and of each
 *	of its ports (%XENBR_A_BR_IFINDEX or %XENBR_A_BR_IFNAME; every
 *	bridge of the namespace without them), or of one device given as
 *	%XENBR_A_PORT_IFINDEX or %XENBR_A_PORT_IFNAME (a port, or the bridge
 *	itself). Each message describes one device (%XENBR_A_PORT_IFINDEX
 *	for a port, %XENBR_A_BR_IFINDEX alone for the bridge) with one
 *	%XENBR_A_VLAN per run of VLAN ids that share their flags; a device
 *	with many runs may take several messages.
 * @XENBR_CMD_VLAN_ADD: put a port (%XENBR_A_PORT_IFINDEX or
 *	%XENBR_A_PORT_IFNAME) or the bridge itself (%XENBR_A_BR_IFINDEX or
 *	%XENBR_A_BR_IFNAME, no port) in the VLANs of %XENBR_A_VLAN, with its
 *	flags; a VLAN already there takes the new flags.
 * @XENBR_CMD_VLAN_DEL: take a port or the bridge out of the VLANs of
 *	%XENBR_A_VLAN; its learned entries in them are flushed.
 * @__XENBR_CMD_MAX: number of commands; not a command.
 *
 * Changes need CAP_NET_ADMIN in the user namespace owning the network
 * namespace of the bridge; reads do not. The netback glue is the host's,
 * and netback creates every vif in the initial network namespace:
 * %XENBR_CMD_NETBACK_SET needs CAP_NET_ADMIN in the initial user namespace
 * and is refused (-EPERM) from any other network namespace. Both netback
 * commands fail with -EOPNOTSUPP when the host is not a Xen domain.
 */
enum xenbr_cmd {
	XENBR_CMD_UNSPEC,
	XENBR_CMD_BR_GET,
	XENBR_CMD_BR_NEW,
	XENBR_CMD_BR_DEL,
	XENBR_CMD_BR_SET,
	XENBR_CMD_PORT_GET,
	XENBR_CMD_PORT_ADD,
	XENBR_CMD_PORT_DEL,
	XENBR_CMD_PORT_SET,
	XENBR_CMD_FDB_GET,
	XENBR_CMD_FDB_ADD,
	XENBR_CMD_FDB_DEL,
	XENBR_CMD_FDB_FLUSH,
	XENBR_CMD_EVENT,
	XENBR_CMD_NETBACK_GET,
	XENBR_CMD_NETBACK_SET,
	XENBR_CMD_VLAN_GET,
	XENBR_CMD_VLAN_ADD,
	XENBR_CMD_VLAN_DEL,
	__XENBR_CMD_MAX,
};

#define XENBR_CMD_MAX (__XENBR_CMD_MAX - 1)

/**
 * enum xenbr_attr - attributes of the generic netlink family
 * @XENBR_A_UNSPEC: unused.
 * @XENBR_A_PAD: padding for 64-bit attributes.
 * @XENBR_A_BR_IFINDEX: u32, the bridge device's ifindex.
 * @XENBR_A_BR_IFNAME: NUL-terminated string, the bridge device's name.
 * @XENBR_A_BR_MAC: binary, 6 bytes: the bridge's MAC address.
 * @XENBR_A_BR_AGEING_TIME: u32, milliseconds a learned entry lives without
 *	traffic; 0 turns learning off. At most %XENBR_AGEING_MAX_MS.
 * @XENBR_A_BR_LEARN_LIMIT: u32, most learned entries on the bridge.
 * @XENBR_A_BR_PORT_LEARN_LIMIT: u32, the learning limit a new port gets.
 * @XENBR_A_LEARNED: u32, learned entries now held by the bridge or port.
 * @XENBR_A_PORT_IFINDEX: u32, a port device's ifindex.
 * @XENBR_A_PORT_IFNAME: NUL-terminated string, a port device's name.
 * @XENBR_A_PORT_NO: u16, the port's number on its bridge, from 1.
 * @XENBR_A_PORT_LEARNING: u8, 0 or 1: %XENBR_PORT_LEARNING.
 * @XENBR_A_PORT_FLOOD_UCAST: u8, 0 or 1: %XENBR_PORT_FLOOD_UCAST.
 * @XENBR_A_PORT_FLOOD_MCAST: u8, 0 or 1: %XENBR_PORT_FLOOD_MCAST.
 * @XENBR_A_PORT_FLOOD_BCAST: u8, 0 or 1: %XENBR_PORT_FLOOD_BCAST.
 * @XENBR_A_PORT_LEARN_LIMIT: u32, most learned entries on the port.
 * @XENBR_A_PORT_STATE: u8, &enum xenbr_port_state.
 * @XENBR_A_FDB_MAC: binary, 6 bytes: an FDB entry's MAC address.
 * @XENBR_A_FDB_VLAN: u16, an FDB entry's VLAN id (0: untagged).
 * @XENBR_A_FDB_FLAGS: u32, &enum xenbr_fdb_flags.
 * @XENBR_A_FDB_AGE: u32, milliseconds since the entry was last refreshed.
 * @XENBR_A_FLUSH_STATIC: flag: %XENBR_CMD_FDB_FLUSH removes static entries
 *	too.
 * @XENBR_A_STATS: nest of &enum xenbr_stats_attr.
 * @XENBR_A_EVENT: u32, &enum xenbr_event_type.
 * @XENBR_A_SUPPRESSED: u64, events not sent because of the rate limit: in
 *	a %XENBR_EVENT_SUPPRESSED event, since the previous one; in a bridge,
 *	in total.
 * @XENBR_A_GENERATION: u32, changes whenever the bridge's ports (in port
 *	dumps) or FDB (in FDB dumps) change.
 * @XENBR_A_NETBACK_AUTO: u8, 0 or 1: the netback glue attaches new vifs.
 * @XENBR_A_NETBACK_STATS: nest of &enum xenbr_netback_stats_attr.
 * @XENBR_A_PORT_NETBACK: nest of &enum xenbr_netback_attr, in the port
 *	replies and events of a port that is a Xen netback vif; absent for
 *	any other port.
 * @XENBR_A_FDB_REPLACE: flag: %XENBR_CMD_FDB_ADD takes over an address
 *	that is static on another port (as "bridge fdb replace"); without it
 *	that is refused with -EEXIST.
 * @XENBR_A_BR_VLAN_FILTERING: u8, 0 or 1: the bridge filters and forwards
 *	by 802.1Q VLAN (off by default: VLAN-unaware, tags cross untouched).
 *	Turning it on or off flushes the learned entries.
 * @XENBR_A_BR_VLAN_DEFAULT_PVID: u16, 0 to %XENBR_VID_MAX: the VLAN a new
 *	port (and the bridge itself) joins as PVID, untagged; 0 for none.
 *	Changing it moves the ports still on the old default, and needs
 *	filtering off, as on the Linux bridge.
 * @XENBR_A_VLAN: nest of &enum xenbr_vlan_attr: one VLAN id or a range,
 *	and its flags.
 * @XENBR_A_PORT_ISOLATED: u8, 0 or 1: %XENBR_PORT_ISOLATED.
 * @XENBR_A_PORT_LOCK_MODE: u8, &enum xenbr_lock_mode of the port. In
 *	%XENBR_CMD_PORT_SET it changes the lock; %XENBR_A_PORT_LOCK_MAC,
 *	%XENBR_A_PORT_LOCK_IPV4 and %XENBR_A_PORT_LOCK_IPV6 go with it, each
 *	keeping its current value when absent.
 * @XENBR_A_PORT_LOCK_MAC: binary, 6 bytes: the one source MAC a locked port
 *	accepts. Absent in a request, the current one, else the guest MAC the
 *	netback glue knows; locking without either is refused.
 * @XENBR_A_PORT_LOCK_IPV4: nest of %XENBR_LOCK_LIST_A_ENTRY, each a nest of
 *	&enum xenbr_lock_addr_attr with a 4-byte address: the IPv4 addresses
 *	and prefixes a locked port may send from. Empty: none.
 * @XENBR_A_PORT_LOCK_IPV6: the same for IPv6, 16-byte addresses.
 * @__XENBR_A_MAX: number of attributes; not an attribute.
 */
enum xenbr_attr {
	XENBR_A_UNSPEC,
	XENBR_A_PAD,
	XENBR_A_BR_IFINDEX,
	XENBR_A_BR_IFNAME,
	XENBR_A_BR_MAC,
	XENBR_A_BR_AGEING_TIME,
	XENBR_A_BR_LEARN_LIMIT,
	XENBR_A_BR_PORT_LEARN_LIMIT,
	XENBR_A_LEARNED,
	XENBR_A_PORT_IFINDEX,
	XENBR_A_PORT_IFNAME,
	XENBR_A_PORT_NO,
	XENBR_A_PORT_LEARNING,
	XENBR_A_PORT_FLOOD_UCAST,
	XENBR_A_PORT_FLOOD_MCAST,
	XENBR_A_PORT_FLOOD_BCAST,
	XENBR_A_PORT_LEARN_LIMIT,
	XENBR_A_PORT_STATE,
	XENBR_A_FDB_MAC,
	XENBR_A_FDB_VLAN,
	XENBR_A_FDB_FLAGS,
	XENBR_A_FDB_AGE,
	XENBR_A_FLUSH_STATIC,
	XENBR_A_STATS,
	XENBR_A_EVENT,
	XENBR_A_SUPPRESSED,
	XENBR_A_GENERATION,
	XENBR_A_NETBACK_AUTO,
	XENBR_A_NETBACK_STATS,
	XENBR_A_PORT_NETBACK,
	XENBR_A_FDB_REPLACE,
	XENBR_A_BR_VLAN_FILTERING,
	XENBR_A_BR_VLAN_DEFAULT_PVID,
	XENBR_A_VLAN,
	XENBR_A_PORT_ISOLATED,
	/* VIF locking */
	XENBR_A_PORT_LOCK_MODE,
	XENBR_A_PORT_LOCK_MAC,
	XENBR_A_PORT_LOCK_IPV4,
	XENBR_A_PORT_LOCK_IPV6,
	__XENBR_A_MAX,
};

#define XENBR_A_MAX (__XENBR_A_MAX - 1)

/**
 * enum xenbr_vlan_attr - VLANs of a port or of the bridge, in %XENBR_A_VLAN
 * @XENBR_VLAN_A_UNSPEC: unused.
 * @XENBR_VLAN_A_ID: u16, 1 to %XENBR_VID_MAX: a VLAN id, or the first of
 *	a range.
 * @XENBR_VLAN_A_ID_END: u16: the last VLAN id of the range (inclusive);
 *	absent for a single VLAN.
 * @XENBR_VLAN_A_PVID: flag: the VLAN is the device's PVID: untagged and
 *	priority-tagged frames received on it are of this VLAN. Not allowed
 *	on a range; a device has at most one, and setting it moves it.
 * @XENBR_VLAN_A_UNTAGGED: flag: frames of the VLAN leave the device
 *	untagged (for the bridge itself: reach dom0 untagged).
 * @__XENBR_VLAN_A_MAX: number of attributes; not an attribute.
 */
enum xenbr_vlan_attr {
	XENBR_VLAN_A_UNSPEC,
	XENBR_VLAN_A_ID,
	XENBR_VLAN_A_ID_END,
	XENBR_VLAN_A_PVID,
	XENBR_VLAN_A_UNTAGGED,
	__XENBR_VLAN_A_MAX,
};

#define XENBR_VLAN_A_MAX (__XENBR_VLAN_A_MAX - 1)

/**
 * enum xenbr_stats_attr - counters in %XENBR_A_STATS, each a u64
 * @XENBR_STATS_A_UNSPEC: unused.
 * @XENBR_STATS_A_PAD: padding for 64-bit attributes.
 * @XENBR_STATS_A_RX_PACKETS: bridge: frames passed up to dom0; port: frames
 *	received from the port's device.
 * @XENBR_STATS_A_RX_BYTES: bytes of %XENBR_STATS_A_RX_PACKETS.
 * @XENBR_STATS_A_TX_PACKETS: bridge: frames dom0 sent through the bridge;
 *	port: frames sent out of the port.
 * @XENBR_STATS_A_TX_BYTES: bytes of %XENBR_STATS_A_TX_PACKETS.
 * @XENBR_STATS_A_FLOODED: frames flooded (by ingress port on a port).
 * @XENBR_STATS_A_FDB_MOVES: learned entries that moved to another port.
 * @XENBR_STATS_A_LEARN_LIMIT: addresses not learned because of a limit.
 * @XENBR_STATS_A_TX_DROPPED: frames from dom0 that were dropped.
 * @XENBR_STATS_A_DROPS: nest of u64 drop counters; the type of each is its
 *	&enum xenbr_drop_reason plus 1.
 * @__XENBR_STATS_A_MAX: number of attributes; not an attribute.
 */
enum xenbr_stats_attr {
	XENBR_STATS_A_UNSPEC,
	XENBR_STATS_A_PAD,
	XENBR_STATS_A_RX_PACKETS,
	XENBR_STATS_A_RX_BYTES,
	XENBR_STATS_A_TX_PACKETS,
	XENBR_STATS_A_TX_BYTES,
	XENBR_STATS_A_FLOODED,
	XENBR_STATS_A_FDB_MOVES,
	XENBR_STATS_A_LEARN_LIMIT,
	XENBR_STATS_A_TX_DROPPED,
	XENBR_STATS_A_DROPS,
	__XENBR_STATS_A_MAX,
};

#define XENBR_STATS_A_MAX (__XENBR_STATS_A_MAX - 1)

/**
 * enum xenbr_port_state - whether a port can carry frames
 * @XENBR_PORT_STATE_DOWN: the port's device is down or has no carrier.
 * @XENBR_PORT_STATE_UP: the port's device is up and running.
 */
enum xenbr_port_state {
	XENBR_PORT_STATE_DOWN,
	XENBR_PORT_STATE_UP,
};

/**
 * enum xenbr_event_type - what a %XENBR_CMD_EVENT reports
 * @XENBR_EVENT_UNSPEC: unused.
 * @XENBR_EVENT_FDB_LEARN: an address was learned on a port.
 * @XENBR_EVENT_FDB_MOVE: a learned address moved to another port.
 * @XENBR_EVENT_FDB_AGE: a learned address aged out.
 * @XENBR_EVENT_FDB_DELETE: an entry was deleted or flushed.
 * @XENBR_EVENT_FDB_ADD: a static (or the local) entry was added.
 * @XENBR_EVENT_PORT_ADD: a port was added.
 * @XENBR_EVENT_PORT_DEL: a port was removed.
 * @XENBR_EVENT_PORT_STATE: a port's device went up or down.
 * @XENBR_EVENT_SUPPRESSED: %XENBR_A_SUPPRESSED FDB events were not sent
 *	since the previous such event: they exceeded the bridge's rate limit.
 * @XENBR_EVENT_PORT_LOCK: a port's lock mode or allowed addresses changed.
 * @__XENBR_EVENT_MAX: number of event types; not an event type.
 *
 * FDB events are limited to about a thousand a second per bridge, so a
 * flood of source addresses is not also a flood of events.
 */
enum xenbr_event_type {
	XENBR_EVENT_UNSPEC,
	XENBR_EVENT_FDB_LEARN,
	XENBR_EVENT_FDB_MOVE,
	XENBR_EVENT_FDB_AGE,
	XENBR_EVENT_FDB_DELETE,
	XENBR_EVENT_FDB_ADD,
	XENBR_EVENT_PORT_ADD,
	XENBR_EVENT_PORT_DEL,
	XENBR_EVENT_PORT_STATE,
	XENBR_EVENT_SUPPRESSED,
	/* VIF locking */
	XENBR_EVENT_PORT_LOCK,
	__XENBR_EVENT_MAX,
};

/**
 * enum xenbr_netback_attr - a port that is a netback vif, in
 *	%XENBR_A_PORT_NETBACK
 * @XENBR_NETBACK_A_UNSPEC: unused.
 * @XENBR_NETBACK_A_DOMID: u32, the guest's domain id.
 * @XENBR_NETBACK_A_HANDLE: u32, the vif's handle (its device id in the
 *	guest): vif<domid>.<handle> is netback's name for it.
 * @XENBR_NETBACK_A_GUEST_MAC: binary, 6 bytes: the guest's MAC address,
 *	from the vif's backend node in xenstore. Present only when the netback
 *	glue attached the vif, which also made it a static FDB entry.
 * @__XENBR_NETBACK_A_MAX: number of attributes; not an attribute.
 */
enum xenbr_netback_attr {
	XENBR_NETBACK_A_UNSPEC,
	XENBR_NETBACK_A_DOMID,
	XENBR_NETBACK_A_HANDLE,
	XENBR_NETBACK_A_GUEST_MAC,
	__XENBR_NETBACK_A_MAX,
};

#define XENBR_NETBACK_A_MAX (__XENBR_NETBACK_A_MAX - 1)

/**
 * enum xenbr_netback_stats_attr - counters in %XENBR_A_NETBACK_STATS
 * @XENBR_NETBACK_STATS_A_UNSPEC: unused.
 * @XENBR_NETBACK_STATS_A_ATTACHED: u32, vifs the glue attached to their
 *	bridge.
 * @XENBR_NETBACK_STATS_A_FAILED: u32, vifs it could not attach; it told
 *	the toolstack why through the vif's "hotplug-error".
 * @XENBR_NETBACK_STATS_A_FOREIGN: u32, vifs left alone because something
 *	else had enslaved them first.
 * @XENBR_NETBACK_STATS_A_SKIPPED: u32, vifs that were not the glue's: their
 *	hotplug script is not vif-xenbr, or they already had a hotplug status.
 * @XENBR_NETBACK_STATS_A_GONE: u32, vifs that went away before the glue
 *	came to them.
 * @XENBR_NETBACK_STATS_A_REATTACHED: u32, of the attached, vifs of running
 *	guests taken back (after a reload of the module, or when their
 *	bridge was created again); their "hotplug-status" left as it was.
 * @XENBR_NETBACK_STATS_A_ORPHANED: u32, times a running guest's vif found
 *	no xenbr bridge of its name (at load, or as its bridge went) and
 *	waited for one.
 * @XENBR_NETBACK_STATS_A_PENDING: u32, vifs the glue has yet to decide on
 *	now (queued, or reading xenstore); not a count since the load. A
 *	restore waits for it to fall to 0 before it attaches a vif itself.
 * @__XENBR_NETBACK_STATS_A_MAX: number of attributes; not an attribute.
 *
 * The others count vifs since the module was loaded. A vif the glue waits to
 * see renamed (its "vifname") is counted once it is attached.
 */
enum xenbr_netback_stats_attr {
	XENBR_NETBACK_STATS_A_UNSPEC,
	XENBR_NETBACK_STATS_A_ATTACHED,
	XENBR_NETBACK_STATS_A_FAILED,
	XENBR_NETBACK_STATS_A_FOREIGN,
	XENBR_NETBACK_STATS_A_SKIPPED,
	XENBR_NETBACK_STATS_A_GONE,
	XENBR_NETBACK_STATS_A_REATTACHED,
	XENBR_NETBACK_STATS_A_ORPHANED,
	XENBR_NETBACK_STATS_A_PENDING,
	__XENBR_NETBACK_STATS_A_MAX,
};

#define XENBR_NETBACK_STATS_A_MAX (__XENBR_NETBACK_STATS_A_MAX - 1)

/* VIF locking */

/**
 * enum xenbr_lock_mode - what a port lets its guest send (VIF locking)
 * @XENBR_LOCK_UNLOCKED: everything, as any bridge port (the default).
 * @XENBR_LOCK_LOCKED: only frames from the allowed MAC and the allowed IPv4
 *	and IPv6 addresses, and DHCP requests, ARP probes and duplicate
 *	address detection; never router advertisements, redirects, DHCP or
 *	DHCPv6 server messages, tagged frames or other protocols. Frames to
 *	the port are not filtered.
 * @XENBR_LOCK_DISABLED: nothing is forwarded from or to the port.
 * @__XENBR_LOCK_MODE_MAX: number of modes; not a mode.
 */
enum xenbr_lock_mode {
	XENBR_LOCK_UNLOCKED,
	XENBR_LOCK_LOCKED,
	XENBR_LOCK_DISABLED,
	__XENBR_LOCK_MODE_MAX,
};

#define XENBR_LOCK_MODE_MAX (__XENBR_LOCK_MODE_MAX - 1)

/**
 * define XENBR_LOCK_ADDRS_MAX - most allowed addresses per family and port
 */
#define XENBR_LOCK_ADDRS_MAX 32

/**
 * enum xenbr_lock_list_attr - a list of allowed addresses,
 *	%XENBR_A_PORT_LOCK_IPV4 or %XENBR_A_PORT_LOCK_IPV6
 * @XENBR_LOCK_LIST_A_UNSPEC: unused.
 * @XENBR_LOCK_LIST_A_ENTRY: nest of &enum xenbr_lock_addr_attr, one address
 *	or prefix; at most %XENBR_LOCK_ADDRS_MAX of them.
 * @__XENBR_LOCK_LIST_A_MAX: number of attributes; not an attribute.
 */
enum xenbr_lock_list_attr {
	XENBR_LOCK_LIST_A_UNSPEC,
	XENBR_LOCK_LIST_A_ENTRY,
	__XENBR_LOCK_LIST_A_MAX,
};

#define XENBR_LOCK_LIST_A_MAX (__XENBR_LOCK_LIST_A_MAX - 1)

/**
 * enum xenbr_lock_addr_attr - one allowed address or prefix
 * @XENBR_LOCK_ADDR_A_UNSPEC: unused.
 * @XENBR_LOCK_ADDR_A_ADDR: binary, 4 (IPv4) or 16 (IPv6) bytes, network
 *	order; a unicast address. Bits past the prefix length are ignored.
 * @XENBR_LOCK_ADDR_A_PREFIX_LEN: u8, the prefix length, at most 32 or 128;
 *	absent, the whole address.
 * @__XENBR_LOCK_ADDR_A_MAX: number of attributes; not an attribute.
 */
enum xenbr_lock_addr_attr {
	XENBR_LOCK_ADDR_A_UNSPEC,
	XENBR_LOCK_ADDR_A_ADDR,
	XENBR_LOCK_ADDR_A_PREFIX_LEN,
	__XENBR_LOCK_ADDR_A_MAX,
};

#define XENBR_LOCK_ADDR_A_MAX (__XENBR_LOCK_ADDR_A_MAX - 1)

#endif /* _UAPI_LINUX_XENBR_H */
