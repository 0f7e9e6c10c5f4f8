// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: the data path - the ports' receive handler and the bridge's
 * transmit, one forwarding decision, and delivery.
 *
 * Everything here runs under RCU with BH disabled (or, for netconsole,
 * with IRQs off), never sleeps, and walks nothing but the port list, and
 * that only to flood. The only lock is the FDB's, taken when learning
 * creates, moves or drops an entry; refreshing a known one takes none.
 *
 * A frame from a port is classified first (a pure decision on the FDB as it
 * is), its source learned next, then it is delivered.
 */

#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/netpoll.h>
#include <linux/skbuff.h>
#include <kunit/visibility.h>
#include "xenbr.h"
#include "trace.h"

static struct xenbr_verdict xenbr_verdict(enum xenbr_action action)
{
	return (struct xenbr_verdict){ .action = action };
}

static struct xenbr_verdict xenbr_verdict_drop(enum xenbr_drop_reason reason)
{
	return (struct xenbr_verdict){
		.action = XENBR_ACT_DROP,
		.reason = reason,
	};
}

static struct xenbr_verdict xenbr_verdict_flood(u32 flood_flag, bool local)
{
	return (struct xenbr_verdict){
		.action = XENBR_ACT_FLOOD,
		.flood_flag = flood_flag,
		.local = local,
	};
}

/*
 * A frame not forwarded for @reason; a promiscuous bridge device still
 * sees it, as every frame from a port goes up to a promiscuous Linux bridge.
 */
static struct xenbr_verdict xenbr_verdict_unsent(enum xenbr_drop_reason reason,
						 bool promisc)
{
	struct xenbr_verdict v = xenbr_verdict_drop(reason);

	v.local = promisc;
	return v;
}

/*
 * 802.1D reserved group addresses, 01:80:c2:00:00:0X, never reach the FDB.
 * With no STP in the bridge, BPDUs (X = 0) are bridged as a Linux bridge
 * with STP off does, so that STP outside the host still sees a loop that
 * runs through it; pause frames (X = 1) are the link's own and are
 * dropped; the others (LLDP, 802.1X, LACP...) go to the port's own stack.
 * Returns true when the frame is bridged, else sets @v.
 */
static bool xenbr_link_local_bridged(const u8 *dest, struct xenbr_verdict *v)
{
	switch (dest[5]) {
	case 0x00:
		return true;
	case 0x01:
		*v = xenbr_verdict_drop(XENBR_DROP_PAUSE);
		return false;
	default:
		*v = xenbr_verdict(XENBR_ACT_PASS);
		return false;
	}
}

/* Frames of VLAN @vid (0: unfiltered) may go up to dom0. */
static bool xenbr_up_in_vlan(const struct xenbr *br, u16 vid)
{
	return !vid || xenbr_vlans_has(rcu_dereference(br->vlans), vid);
}

/* Frames of VLAN @vid (0: unfiltered) may leave through @port. */
static bool xenbr_port_in_vlan(const struct xenbr_port *port, u16 vid)
{
	return !vid || xenbr_vlans_has(rcu_dereference(port->vlans), vid);
}

/* Two isolated ports do not talk; dom0 (a NULL @in) is never isolated. */
static bool xenbr_isolated_pair(const struct xenbr_port *in,
				const struct xenbr_port *out)
{
	return in && (READ_ONCE(in->flags) & READ_ONCE(out->flags) &
		      XENBR_PORT_ISOLATED);
}

/* A frame of VLAN @vid leaves a device of @vlans untagged if so set. */
static void xenbr_vlan_egress_tag(const struct xenbr_vlans *vlans,
				  struct sk_buff *skb, u16 vid)
{
	if (test_bit(vid, vlans->untagged))
		__vlan_hwaccel_clear_tag(skb);
}

/**
 * xenbr_classify() - decide what happens to a frame
 * @br: the bridge
 * @in: the ingress port, or NULL for a frame dom0 sent through the bridge
 * @eth: the frame's Ethernet header
 * @vid: the frame's VLAN when the bridge filters by VLAN, else 0
 * @now: the current time in jiffies
 *
 * Pure: reads the FDB and the state of the ports, changes nothing.
 *
 * Context: RCU read side.
 * Return: the verdict.
 */
struct xenbr_verdict xenbr_classify(struct xenbr *br,
				    const struct xenbr_port *in,
				    const struct ethhdr *eth, u16 vid,
				    unsigned long now)
{
	const struct xenbr_fdb_entry *entry;
	struct xenbr_port *out;
	bool promisc, up;

	if (unlikely(!is_valid_ether_addr(eth->h_source)))
		return xenbr_verdict_drop(XENBR_DROP_INVALID_SRC);
	if (in && unlikely(is_link_local_ether_addr(eth->h_dest))) {
		struct xenbr_verdict v;

		if (!xenbr_link_local_bridged(eth->h_dest, &v))
			return v;
	}
	/* A bridge that is down carries nothing, as Linux's disables its ports. */
	if (in && unlikely(!netif_running(br->dev)))
		return xenbr_verdict_drop(XENBR_DROP_BRIDGE_DOWN);

	/*
	 * Only frames from a port go up; dom0 does not need its own back.
	 * Under VLAN filtering, only frames of the bridge's own VLANs.
	 */
	up = in && xenbr_up_in_vlan(br, vid);
	if (is_multicast_ether_addr(eth->h_dest)) {
		if (is_broadcast_ether_addr(eth->h_dest))
			return xenbr_verdict_flood(XENBR_PORT_FLOOD_BCAST, up);
		return xenbr_verdict_flood(XENBR_PORT_FLOOD_MCAST, up);
	}

	/* A promiscuous bridge device (tcpdump, macvlan) sees every frame. */
	promisc = up && unlikely(br->dev->flags & IFF_PROMISC);
	/*
	 * The local entry is in VLAN 0 only: in a VLAN, the bridge's own MAC
	 * is recognised here, and never learned on a port (fdb.c).
	 */
	if (vid && ether_addr_equal(eth->h_dest, br->dev->dev_addr))
		entry = xenbr_fdb_find(br, eth->h_dest, 0);
	else
		entry = xenbr_fdb_find(br, eth->h_dest, vid);
	if (entry && !xenbr_fdb_entry_expired(br, entry, now)) {
		out = rcu_dereference(entry->port);
		if (!out) {
			/* The local entry: the bridge's own MAC. */
			if (!in)
				return xenbr_verdict_drop(XENBR_DROP_NO_DEST);
			if (!up)
				return xenbr_verdict_drop(XENBR_DROP_VLAN_EGRESS);
			return xenbr_verdict(XENBR_ACT_LOCAL);
		}
		if (out == in)
			return xenbr_verdict_unsent(XENBR_DROP_HAIRPIN, promisc);
		if (!xenbr_port_is_up(out))
			return xenbr_verdict_unsent(XENBR_DROP_PORT_DOWN,
						    promisc);
		if (!xenbr_port_in_vlan(out, vid))
			return xenbr_verdict_unsent(XENBR_DROP_VLAN_EGRESS,
						    promisc);
		if (xenbr_isolated_pair(in, out))
			return xenbr_verdict_unsent(XENBR_DROP_ISOLATED,
						    promisc);
		return (struct xenbr_verdict){
			.action = XENBR_ACT_FORWARD,
			.port = out,
			.local = promisc,
		};
	}

	return xenbr_verdict_flood(XENBR_PORT_FLOOD_UCAST, promisc);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_classify);

/*
 * Drops count on the bridge, and on the ingress port or as dom0's; the
 * trace event shows the frame (@skb, NULL when it is gone already).
 */
static void xenbr_count_dropped(struct xenbr *br, struct xenbr_port *in,
				const struct sk_buff *skb,
				enum xenbr_drop_reason reason)
{
	trace_xenbr_drop(br->dev, in ? in->dev : NULL, skb, reason);
	xenbr_count_drop(br->stats, reason);
	if (in)
		xenbr_count_drop(in->stats, reason);
	else
		xenbr_count_event(br->stats, XENBR_EV_TX_DROPPED);
}

static void xenbr_drop(struct xenbr *br, struct xenbr_port *in,
		       struct sk_buff *skb, enum xenbr_drop_reason reason)
{
	xenbr_count_dropped(br, in, skb, reason);
	kfree_skb(skb);
}

#ifdef CONFIG_NET_POLL_CONTROLLER
/* netconsole: IRQs are off, so the port's netpoll transmits, not its qdisc. */
static void xenbr_netpoll_xmit(struct xenbr_port *out, struct sk_buff *skb)
{
	struct netpoll *np = READ_ONCE(out->np);

	if (np)
		netpoll_send_skb(np, skb);
	else
		kfree_skb(skb);
}
#else
static void xenbr_netpoll_xmit(struct xenbr_port *out, struct sk_buff *skb)
{
	kfree_skb(skb);
}
#endif

/* Sends @skb of VLAN @vid, its data at the network header, out of @out. */
static void xenbr_forward(struct xenbr *br, struct xenbr_port *in,
			  struct xenbr_port *out, struct sk_buff *skb, u16 vid)
{
	if (vid)
		xenbr_vlan_egress_tag(rcu_dereference(out->vlans), skb, vid);
	skb_push(skb, ETH_HLEN);
	if (unlikely(!is_skb_forwardable(out->dev, skb))) {
		xenbr_drop(br, in, skb, XENBR_DROP_TOO_BIG);
		return;
	}
	/*
	 * A tagged frame whose checksum is left to the device: the device
	 * finds the checksum from the network header, which must be past
	 * the tags (as the Linux bridge sets it before transmit).
	 */
	if (skb->ip_summed == CHECKSUM_PARTIAL && eth_type_vlan(skb->protocol)) {
		int depth;

		if (unlikely(!vlan_get_protocol_and_depth(skb, skb->protocol,
							  &depth))) {
			xenbr_drop(br, in, skb, XENBR_DROP_MALFORMED);
			return;
		}
		skb_set_network_header(skb, depth);
	}
	if (in) {
		/*
		 * A checksum computed on receive does not follow the frame,
		 * and a receive timestamp is no departure time for the qdisc.
		 */
		skb_forward_csum(skb);
		skb_clear_tstamp(skb);
	}
	skb->dev = out->dev;
	xenbr_count_tx(out->stats, skb->len);
	if (unlikely(netpoll_tx_running(br->dev)))
		xenbr_netpoll_xmit(out, skb);
	else
		dev_queue_xmit(skb);
}

static void xenbr_forward_clone(struct xenbr *br, struct xenbr_port *in,
				struct xenbr_port *out, struct sk_buff *skb,
				u16 vid)
{
	struct sk_buff *clone = skb_clone(skb, GFP_ATOMIC);

	if (unlikely(!clone)) {
		xenbr_count_dropped(br, in, skb, XENBR_DROP_NOMEM);
		return;
	}
	xenbr_forward(br, in, out, clone, vid);
}

/* A frame of another VLAN than dom0's PVID reaches it tagged (xenbr0.N). */
static void xenbr_pass_up(struct xenbr *br, struct sk_buff *skb, u16 vid)
{
	if (vid)
		xenbr_vlan_egress_tag(rcu_dereference(br->vlans), skb, vid);
	skb->dev = br->dev;
	xenbr_count_rx(br->stats, skb->len);
}

/*
 * Sends @skb out of every eligible port: a clone to each but the last
 * recipient, which gets @skb itself. With @local, that is dom0.
 */
static bool xenbr_flood(struct xenbr *br, struct xenbr_port *in,
			struct sk_buff *skb, u32 flood_flag, bool local,
			u16 vid)
{
	struct xenbr_port *port, *prev = NULL;
	u32 skip = flood_flag;

	/* An isolated port floods to the ports that are not. */
	if (in && (READ_ONCE(in->flags) & XENBR_PORT_ISOLATED))
		skip |= XENBR_PORT_ISOLATED;
	xenbr_count_event(br->stats, XENBR_EV_FLOODED);
	if (in)
		xenbr_count_event(in->stats, XENBR_EV_FLOODED);

	list_for_each_entry_rcu(port, &br->ports, list) {
		if (port == in ||
		    (READ_ONCE(port->flags) & skip) != flood_flag ||
		    !xenbr_port_is_up(port) || !xenbr_port_in_vlan(port, vid))
			continue;
		if (prev)
			xenbr_forward_clone(br, in, prev, skb, vid);
		prev = port;
	}

	if (local) {
		if (prev)
			xenbr_forward_clone(br, in, prev, skb, vid);
		xenbr_pass_up(br, skb, vid);
		return true;
	}
	if (prev)
		xenbr_forward(br, in, prev, skb, vid);
	else
		xenbr_drop(br, in, skb, XENBR_DROP_NO_DEST);
	return false;
}

/* Carries out @verdict; true if @skb is to go up dom0's stack. */
static bool xenbr_deliver(struct xenbr *br, struct xenbr_port *in,
			  struct sk_buff *skb,
			  const struct xenbr_verdict *verdict, u16 vid)
{
	switch (verdict->action) {
	case XENBR_ACT_LOCAL:
		/* Received promiscuously, so marked for another host. */
		skb->pkt_type = PACKET_HOST;
		xenbr_pass_up(br, skb, vid);
		return true;
	case XENBR_ACT_FORWARD:
		if (!verdict->local) {
			xenbr_forward(br, in, verdict->port, skb, vid);
			return false;
		}
		xenbr_forward_clone(br, in, verdict->port, skb, vid);
		xenbr_pass_up(br, skb, vid);
		return true;
	case XENBR_ACT_FLOOD:
		return xenbr_flood(br, in, skb, verdict->flood_flag,
				   verdict->local, vid);
	case XENBR_ACT_DROP:
		/* Not a drop when a promiscuous bridge device takes it. */
		if (verdict->local) {
			xenbr_pass_up(br, skb, vid);
			return true;
		}
		xenbr_drop(br, in, skb, verdict->reason);
		return false;
	case XENBR_ACT_PASS:
		break;
	}
	/* The callers handle PASS themselves. */
	WARN_ON_ONCE(1);
	kfree_skb(skb);
	return false;
}

/*
 * Whether the source of a frame from @port is learned: any valid source is
 * where it is, even if its frame is dropped; a bridge that is down, or a
 * port or bridge with learning off, learns nothing.
 */
static bool xenbr_learns_from(const struct xenbr *br,
			      const struct xenbr_port *port,
			      const struct xenbr_verdict *verdict)
{
	if (verdict->action == XENBR_ACT_DROP &&
	    (verdict->reason == XENBR_DROP_INVALID_SRC ||
	     verdict->reason == XENBR_DROP_BRIDGE_DOWN ||
	     verdict->reason == XENBR_DROP_PAUSE))
		return false;
	return (READ_ONCE(port->flags) & XENBR_PORT_LEARNING) &&
	       READ_ONCE(br->ageing_time);
}

/**
 * xenbr_handle_frame() - a port's rx_handler
 * @pskb: the received frame; replaced if it had to be unshared
 *
 * Return: %RX_HANDLER_ANOTHER with the frame now on the bridge device for
 * dom0, %RX_HANDLER_PASS for frames the bridge does not take, else
 * %RX_HANDLER_CONSUMED.
 */
rx_handler_result_t xenbr_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct xenbr_verdict verdict;
	unsigned long now = jiffies;
	enum xenbr_drop_reason vlan_drop;
	struct xenbr_port *port;
	bool vlan_ok = true;
	struct xenbr *br;
	u16 vid = 0;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = rcu_dereference(skb->dev->rx_handler_data);
	br = port->br;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		xenbr_count_dropped(br, port, NULL, XENBR_DROP_NOMEM);
		return RX_HANDLER_CONSUMED;
	}
	*pskb = skb;

	/* VIF locking: one test for an unlocked port, the frame as sent. */
	if (unlikely(rcu_access_pointer(port->locking)) &&
	    !xenbr_locking_allows(port, skb, &verdict.reason)) {
		xenbr_count_rx(port->stats, skb->len);
		xenbr_drop(br, port, skb, verdict.reason);
		return RX_HANDLER_CONSUMED;
	}

	/* The core has moved an in-frame tag to the metadata already. */
	if (READ_ONCE(br->vlan_filtering))
		vlan_ok = xenbr_vlan_ingress(rcu_dereference(port->vlans),
					     skb, &vid, &vlan_drop);
	verdict = xenbr_classify(br, port, eth_hdr(skb), vid, now);
	if (verdict.action == XENBR_ACT_PASS)
		return RX_HANDLER_PASS;

	xenbr_count_rx(port->stats, skb->len);
	if (unlikely(!vlan_ok)) {
		xenbr_drop(br, port, skb, vlan_drop);
		return RX_HANDLER_CONSUMED;
	}
	if (vid) {
		skb = xenbr_vlan_ingress_tag(skb, vid);
		if (unlikely(!skb)) {
			xenbr_count_dropped(br, port, NULL, XENBR_DROP_NOMEM);
			return RX_HANDLER_CONSUMED;
		}
		*pskb = skb;
	}
	if (xenbr_learns_from(br, port, &verdict))
		xenbr_fdb_learn(br, port, eth_hdr(skb)->h_source, vid, now);

	if (xenbr_deliver(br, port, skb, &verdict, vid))
		return RX_HANDLER_ANOTHER;
	return RX_HANDLER_CONSUMED;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_handle_frame);

/*
 * The VLAN of a frame dom0 sends, as the bridge's own VLANs allow: a tag
 * the stack left in the frame (a packet socket) moves to the metadata
 * first. NULL if the frame was dropped.
 */
static struct sk_buff *xenbr_dev_xmit_vlan(struct xenbr *br,
					   struct sk_buff *skb, u16 *vid)
{
	enum xenbr_drop_reason reason;

	if (!skb_vlan_tag_present(skb) && eth_type_vlan(eth_hdr(skb)->h_proto)) {
		skb->protocol = eth_hdr(skb)->h_proto;
		skb = skb_vlan_untag(skb);
		if (unlikely(!skb)) {
			xenbr_count_dropped(br, NULL, NULL, XENBR_DROP_NOMEM);
			return NULL;
		}
	}
	if (unlikely(!xenbr_vlan_ingress(rcu_dereference(br->vlans), skb, vid,
					 &reason))) {
		xenbr_drop(br, NULL, skb, reason);
		return NULL;
	}
	skb = xenbr_vlan_ingress_tag(skb, *vid);
	if (unlikely(!skb))
		xenbr_count_dropped(br, NULL, NULL, XENBR_DROP_NOMEM);
	return skb;
}

/* ndo_start_xmit: what dom0 sends through the bridge. */
netdev_tx_t xenbr_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct xenbr *br = netdev_priv(dev);
	struct xenbr_verdict verdict;
	u16 vid = 0;

	/* The caller holds rcu_read_lock_bh(); the FDB wants plain RCU. */
	rcu_read_lock();
	xenbr_count_tx(br->stats, skb->len);
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		xenbr_drop(br, NULL, skb, XENBR_DROP_MALFORMED);
		goto out;
	}
	skb_reset_mac_header(skb);
	skb_pull(skb, ETH_HLEN);

	if (READ_ONCE(br->vlan_filtering)) {
		skb = xenbr_dev_xmit_vlan(br, skb, &vid);
		if (!skb)
			goto out;
	}
	verdict = xenbr_classify(br, NULL, eth_hdr(skb), vid, jiffies);
	xenbr_deliver(br, NULL, skb, &verdict, vid);
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_dev_xmit);
