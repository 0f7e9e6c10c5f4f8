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

	XENBR_PORT_DEFAULT	= XENBR_PORT_LEARNING | XENBR_PORT_FLOOD_UCAST |
				  XENBR_PORT_FLOOD_MCAST | XENBR_PORT_FLOOD_BCAST,
	XENBR_PORT_ALL		= XENBR_PORT_DEFAULT,
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
 * @XENBR_DROP_PORT_DOWN: the destination port, or the bridge device itself
 *	for frames to dom0, is not up.
 * @XENBR_DROP_NO_DEST: no port was eligible to receive the frame.
 * @XENBR_DROP_NOMEM: a copy of the frame could not be allocated.
 * @XENBR_DROP_TOO_BIG: the frame exceeds the MTU of the egress port.
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
	__XENBR_DROP_MAX,
};

#define XENBR_DROP_MAX (__XENBR_DROP_MAX - 1)

#endif /* _UAPI_LINUX_XENBR_H */
