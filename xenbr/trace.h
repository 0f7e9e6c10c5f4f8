/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr's trace events, "xenbr:*" in tracefs: each dropped frame with its
 * reason, the FDB's changes, and the netback glue's verdict on a vif. Off,
 * each costs a static branch; on, perf, bpftrace and trace-cmd read them
 * (Documentation/observability.md).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM xenbr

#if !defined(_XENBR_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _XENBR_TRACE_H

#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tracepoint.h>
#include <uapi/linux/xenbr.h>

/*
 * The drop reasons by the names xenbr-ctl stats gives them, defined for
 * the event's format (TRACE_DEFINE_ENUM), so that perf and bpftrace print
 * the names too.
 */
#define XENBR_TRACE_DROP_REASONS					\
	EM(XENBR_DROP_INVALID_SRC, "invalid_src")			\
	EM(XENBR_DROP_MALFORMED, "malformed")				\
	EM(XENBR_DROP_HAIRPIN, "hairpin")				\
	EM(XENBR_DROP_PORT_DOWN, "port_down")				\
	EM(XENBR_DROP_NO_DEST, "no_dest")				\
	EM(XENBR_DROP_NOMEM, "nomem")					\
	EM(XENBR_DROP_TOO_BIG, "too_big")				\
	EM(XENBR_DROP_BRIDGE_DOWN, "bridge_down")			\
	EM(XENBR_DROP_PAUSE, "pause")					\
	EM(XENBR_DROP_VLAN_INGRESS, "vlan_ingress")			\
	EM(XENBR_DROP_VLAN_NO_PVID, "vlan_no_pvid")			\
	EM(XENBR_DROP_VLAN_EGRESS, "vlan_egress")			\
	EM(XENBR_DROP_ISOLATED, "isolated")				\
	EM(XENBR_DROP_LOCK_DISABLED, "lock-disabled")			\
	EM(XENBR_DROP_LOCK_MAC, "lock-mac")				\
	EM(XENBR_DROP_LOCK_VLAN, "lock-vlan")				\
	EM(XENBR_DROP_LOCK_PROTO, "lock-proto")				\
	EM(XENBR_DROP_LOCK_MALFORMED, "lock-malformed")			\
	EM(XENBR_DROP_LOCK_IPV4, "lock-ipv4")				\
	EM(XENBR_DROP_LOCK_ARP, "lock-arp")				\
	EM(XENBR_DROP_LOCK_IPV6, "lock-ipv6")				\
	EM(XENBR_DROP_LOCK_ND, "lock-nd")				\
	EM_LAST(XENBR_DROP_LOCK_ROUTER, "lock-router")

#undef EM
#undef EM_LAST
#define EM(a, b)	TRACE_DEFINE_ENUM(a);
#define EM_LAST(a, b)	TRACE_DEFINE_ENUM(a);

XENBR_TRACE_DROP_REASONS

#undef EM
#undef EM_LAST
#define EM(a, b)	{ a, b },
#define EM_LAST(a, b)	{ a, b }

/*
 * A frame the bridge dropped: on @port (NULL: sent by dom0 through the
 * bridge device), for @reason; @skb NULL when it is gone already (a copy
 * that could not be made), its addresses then zero.
 */
TRACE_EVENT(xenbr_drop,
	TP_PROTO(const struct net_device *br, const struct net_device *port,
		 const struct sk_buff *skb, unsigned int reason),
	TP_ARGS(br, port, skb, reason),
	TP_STRUCT__entry(
		__array(char, bridge, IFNAMSIZ)
		__array(char, port, IFNAMSIZ)
		__field(unsigned int, reason)
		__array(u8, src, ETH_ALEN)
		__array(u8, dst, ETH_ALEN)
		__field(u16, vid)
		__field(u16, proto)
	),
	TP_fast_assign(
		const struct ethhdr *eth = NULL;

		memcpy(__entry->bridge, br->name, IFNAMSIZ);
		memset(__entry->port, 0, IFNAMSIZ);
		if (port)
			memcpy(__entry->port, port->name, IFNAMSIZ);
		__entry->reason = reason;
		if (skb && skb_mac_header_was_set(skb) &&
		    skb_mac_header(skb) + ETH_HLEN <= skb_tail_pointer(skb))
			eth = eth_hdr(skb);
		if (eth) {
			memcpy(__entry->src, eth->h_source, ETH_ALEN);
			memcpy(__entry->dst, eth->h_dest, ETH_ALEN);
		} else {
			memset(__entry->src, 0, ETH_ALEN);
			memset(__entry->dst, 0, ETH_ALEN);
		}
		__entry->vid = skb && skb_vlan_tag_present(skb) ?
			       skb_vlan_tag_get_id(skb) : 0;
		__entry->proto = skb ? ntohs(skb->protocol) : 0;
	),
	TP_printk("bridge=%s port=%s reason=%s src=%pM dst=%pM vid=%u proto=0x%04x",
		  __entry->bridge, __entry->port[0] ? __entry->port : "-",
		  __print_symbolic(__entry->reason, XENBR_TRACE_DROP_REASONS),
		  __entry->src, __entry->dst, __entry->vid, __entry->proto)
);

/* An FDB entry for @mac in VLAN @vid learned, added, aged out or deleted. */
DECLARE_EVENT_CLASS(xenbr_fdb_class,
	TP_PROTO(const struct net_device *br, const struct net_device *port,
		 const u8 *mac, u16 vid),
	TP_ARGS(br, port, mac, vid),
	TP_STRUCT__entry(
		__array(char, bridge, IFNAMSIZ)
		__array(char, port, IFNAMSIZ)
		__array(u8, mac, ETH_ALEN)
		__field(u16, vid)
	),
	TP_fast_assign(
		memcpy(__entry->bridge, br->name, IFNAMSIZ);
		memset(__entry->port, 0, IFNAMSIZ);
		if (port)
			memcpy(__entry->port, port->name, IFNAMSIZ);
		memcpy(__entry->mac, mac, ETH_ALEN);
		__entry->vid = vid;
	),
	TP_printk("bridge=%s port=%s mac=%pM vid=%u", __entry->bridge,
		  __entry->port[0] ? __entry->port : "-", __entry->mac,
		  __entry->vid)
);

DEFINE_EVENT(xenbr_fdb_class, xenbr_fdb_learn,
	TP_PROTO(const struct net_device *br, const struct net_device *port,
		 const u8 *mac, u16 vid),
	TP_ARGS(br, port, mac, vid));
DEFINE_EVENT(xenbr_fdb_class, xenbr_fdb_add,
	TP_PROTO(const struct net_device *br, const struct net_device *port,
		 const u8 *mac, u16 vid),
	TP_ARGS(br, port, mac, vid));
DEFINE_EVENT(xenbr_fdb_class, xenbr_fdb_age,
	TP_PROTO(const struct net_device *br, const struct net_device *port,
		 const u8 *mac, u16 vid),
	TP_ARGS(br, port, mac, vid));
DEFINE_EVENT(xenbr_fdb_class, xenbr_fdb_delete,
	TP_PROTO(const struct net_device *br, const struct net_device *port,
		 const u8 *mac, u16 vid),
	TP_ARGS(br, port, mac, vid));

/* A learned entry that moved from port @from to @to: a guest moved. */
TRACE_EVENT(xenbr_fdb_move,
	TP_PROTO(const struct net_device *br, const struct net_device *from,
		 const struct net_device *to, const u8 *mac, u16 vid),
	TP_ARGS(br, from, to, mac, vid),
	TP_STRUCT__entry(
		__array(char, bridge, IFNAMSIZ)
		__array(char, from, IFNAMSIZ)
		__array(char, to, IFNAMSIZ)
		__array(u8, mac, ETH_ALEN)
		__field(u16, vid)
	),
	TP_fast_assign(
		memcpy(__entry->bridge, br->name, IFNAMSIZ);
		memcpy(__entry->from, from->name, IFNAMSIZ);
		memcpy(__entry->to, to->name, IFNAMSIZ);
		memcpy(__entry->mac, mac, ETH_ALEN);
		__entry->vid = vid;
	),
	TP_printk("bridge=%s from=%s to=%s mac=%pM vid=%u", __entry->bridge,
		  __entry->from, __entry->to, __entry->mac, __entry->vid)
);

/*
 * The netback glue and a vif of domain @domid, handle @handle: attached to
 * @bridge (or taken back there after a reload), refused with @why, or
 * gone.
 */
TRACE_EVENT(xenbr_glue_attach,
	TP_PROTO(const char *vif, u32 domid, u32 handle, const char *bridge,
		 bool taken_back),
	TP_ARGS(vif, domid, handle, bridge, taken_back),
	TP_STRUCT__entry(
		__array(char, vif, IFNAMSIZ)
		__field(u32, domid)
		__field(u32, handle)
		__array(char, bridge, IFNAMSIZ)
		__field(bool, taken_back)
	),
	TP_fast_assign(
		strscpy(__entry->vif, vif, IFNAMSIZ);
		__entry->domid = domid;
		__entry->handle = handle;
		strscpy(__entry->bridge, bridge, IFNAMSIZ);
		__entry->taken_back = taken_back;
	),
	TP_printk("vif=%s domid=%u handle=%u bridge=%s%s", __entry->vif,
		  __entry->domid, __entry->handle, __entry->bridge,
		  __entry->taken_back ? " taken_back" : "")
);

#define XENBR_TRACE_WHY_LEN	128

TRACE_EVENT(xenbr_glue_refuse,
	TP_PROTO(const char *vif, u32 domid, u32 handle, const char *why),
	TP_ARGS(vif, domid, handle, why),
	TP_STRUCT__entry(
		__array(char, vif, IFNAMSIZ)
		__field(u32, domid)
		__field(u32, handle)
		__array(char, why, XENBR_TRACE_WHY_LEN)
	),
	TP_fast_assign(
		strscpy(__entry->vif, vif, IFNAMSIZ);
		__entry->domid = domid;
		__entry->handle = handle;
		strscpy(__entry->why, why, XENBR_TRACE_WHY_LEN);
	),
	TP_printk("vif=%s domid=%u handle=%u why=\"%s\"", __entry->vif,
		  __entry->domid, __entry->handle, __entry->why)
);

TRACE_EVENT(xenbr_glue_detach,
	TP_PROTO(const char *vif, u32 domid, u32 handle),
	TP_ARGS(vif, domid, handle),
	TP_STRUCT__entry(
		__array(char, vif, IFNAMSIZ)
		__field(u32, domid)
		__field(u32, handle)
	),
	TP_fast_assign(
		strscpy(__entry->vif, vif, IFNAMSIZ);
		__entry->domid = domid;
		__entry->handle = handle;
	),
	TP_printk("vif=%s domid=%u handle=%u", __entry->vif, __entry->domid,
		  __entry->handle)
);

#endif /* _XENBR_TRACE_H */

/* The second reading, with CREATE_TRACE_POINTS (trace.c), looks here. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
