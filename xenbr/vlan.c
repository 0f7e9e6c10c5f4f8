// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: 802.1Q VLAN filtering - which VLANs each port and the bridge
 * itself (dom0) are in, and the ingress and egress rules of the data path.
 *
 * With filtering off (the default) none of this is consulted and tagged
 * frames cross the bridge untouched, VLAN-unaware. With it on, every frame
 * inside the bridge carries its VLAN in the skb's tag metadata: ingress
 * gives untagged and priority-tagged frames the port's PVID, drops a VLAN
 * the port is not in, and the FDB is looked up by {MAC, VLAN}; egress
 * keeps or strips the tag as the egress port's membership says.
 *
 * Membership is always kept, filtering or not, as the Linux bridge keeps
 * it: a new port joins the default PVID, and turning filtering on uses
 * what was set up while it was off.
 *
 * A device's set is one RCU-protected object, replaced whole under RTNL:
 * the data path never sees a set half-changed.
 */

#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <kunit/visibility.h>
#include "xenbr.h"

/* VLAN dumps see a change as a change of the ports. */
static void xenbr_vlan_changed(struct xenbr *br)
{
	atomic_inc(&br->port_gen);
}

static struct xenbr_vlans *xenbr_vlans_alloc(const struct xenbr_vlans *from)
{
	if (from)
		return kmemdup(from, sizeof(*from), GFP_KERNEL);
	return kzalloc(sizeof(struct xenbr_vlans), GFP_KERNEL);
}

/* @port's set, or the bridge's own for a NULL @port; RTNL held. */
static struct xenbr_vlans __rcu **xenbr_vlans_slot(struct xenbr *br,
						   struct xenbr_port *port)
{
	return port ? &port->vlans : &br->vlans;
}

static struct xenbr_vlans *xenbr_vlans_rtnl(struct xenbr *br,
					    struct xenbr_port *port)
{
	return rtnl_dereference(*xenbr_vlans_slot(br, port));
}

static void xenbr_vlans_publish(struct xenbr *br, struct xenbr_port *port,
				struct xenbr_vlans *vlans)
{
	struct xenbr_vlans __rcu **slot = xenbr_vlans_slot(br, port);
	struct xenbr_vlans *old = rtnl_dereference(*slot);

	rcu_assign_pointer(*slot, vlans);
	if (old)
		kfree_rcu(old, rcu);
}

static void xenbr_vlans_set(struct xenbr_vlans *vlans, u16 vid, u32 flags)
{
	__set_bit(vid, vlans->member);
	if (flags & XENBR_VLAN_F_UNTAGGED)
		__set_bit(vid, vlans->untagged);
	else
		__clear_bit(vid, vlans->untagged);
	/* As "bridge vlan add": a VLAN added without pvid stops being it. */
	if (flags & XENBR_VLAN_F_PVID)
		vlans->pvid = vid;
	else if (vlans->pvid == vid)
		vlans->pvid = 0;
}

static void xenbr_vlans_clear(struct xenbr_vlans *vlans, u16 vid)
{
	__clear_bit(vid, vlans->member);
	__clear_bit(vid, vlans->untagged);
	if (vlans->pvid == vid)
		vlans->pvid = 0;
}

/**
 * xenbr_vlans_init() - a new port's (or the new bridge's) VLAN set
 * @br: the bridge
 * @port: the port, or NULL for the bridge itself
 *
 * The device joins the bridge's default PVID, untagged, if it has one.
 *
 * Context: process; RTNL held, or the device is not yet visible.
 * Return: 0 or -ENOMEM.
 */
int xenbr_vlans_init(struct xenbr *br, struct xenbr_port *port)
{
	struct xenbr_vlans *vlans = xenbr_vlans_alloc(NULL);

	if (!vlans)
		return -ENOMEM;
	if (br->vlan_default_pvid)
		xenbr_vlans_set(vlans, br->vlan_default_pvid,
				XENBR_VLAN_F_PVID | XENBR_VLAN_F_UNTAGGED);
	RCU_INIT_POINTER(*xenbr_vlans_slot(br, port), vlans);
	return 0;
}

/* Frees the set of a device that no reader can reach any more. */
void xenbr_vlans_free(struct xenbr_vlans __rcu **slot)
{
	kfree(rcu_dereference_protected(*slot, 1));
	RCU_INIT_POINTER(*slot, NULL);
}

static int xenbr_vlan_check_range(u16 vid, u16 vid_end, u32 flags,
				  struct netlink_ext_ack *extack)
{
	BUILD_BUG_ON(XENBR_VID_MAX != 4094);
	if (!vid || vid > XENBR_VID_MAX || vid_end > XENBR_VID_MAX) {
		NL_SET_ERR_MSG(extack, "VLAN ids run from 1 to 4094");
		return -EINVAL;
	}
	if (vid_end < vid) {
		NL_SET_ERR_MSG(extack,
			       "The range ends before it begins");
		return -EINVAL;
	}
	if (vid_end != vid && (flags & XENBR_VLAN_F_PVID)) {
		NL_SET_ERR_MSG(extack, "A range of VLANs cannot be the PVID");
		return -EINVAL;
	}
	return 0;
}

/**
 * xenbr_vlan_add() - put a port or the bridge in VLANs @vid to @vid_end
 * @br: the bridge
 * @port: the port, or NULL for the bridge itself (dom0's membership)
 * @vid: the first VLAN id
 * @vid_end: the last, @vid for one
 * @flags: &enum xenbr_vlan_flags, given to each; a VLAN already there
 *	takes them
 * @extack: where to say why it was refused
 *
 * Context: RTNL held.
 * Return: 0, or -EINVAL for ids out of range or a PVID range, or -ENOMEM;
 * on failure nothing changed.
 */
int xenbr_vlan_add(struct xenbr *br, struct xenbr_port *port, u16 vid,
		   u16 vid_end, u32 flags, struct netlink_ext_ack *extack)
{
	struct xenbr_vlans *vlans;
	u32 v;
	int err;

	ASSERT_RTNL();
	err = xenbr_vlan_check_range(vid, vid_end, flags, extack);
	if (err)
		return err;
	vlans = xenbr_vlans_alloc(xenbr_vlans_rtnl(br, port));
	if (!vlans)
		return -ENOMEM;
	for (v = vid; v <= vid_end; v++)
		xenbr_vlans_set(vlans, v, flags);
	xenbr_vlans_publish(br, port, vlans);
	xenbr_vlan_changed(br);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_vlan_add);

/**
 * xenbr_vlan_del() - take a port or the bridge out of VLANs @vid to @vid_end
 * @br: the bridge
 * @port: the port, or NULL for the bridge itself
 * @vid: the first VLAN id
 * @vid_end: the last, @vid for one
 * @extack: where to say why it was refused
 *
 * The port's learned entries in those VLANs are forgotten. VLANs of the
 * range the device is not in are skipped.
 *
 * Context: RTNL held.
 * Return: 0, -EINVAL for ids out of range, -ENOENT when the device is in
 * none of them, or -ENOMEM; on failure nothing changed.
 */
int xenbr_vlan_del(struct xenbr *br, struct xenbr_port *port, u16 vid,
		   u16 vid_end, struct netlink_ext_ack *extack)
{
	struct xenbr_vlans *vlans, *old = xenbr_vlans_rtnl(br, port);
	u32 v;
	int err;

	ASSERT_RTNL();
	err = xenbr_vlan_check_range(vid, vid_end, 0, extack);
	if (err)
		return err;
	if (find_next_bit(old->member, (u32)vid_end + 1, vid) > vid_end) {
		NL_SET_ERR_MSG(extack, "The device is in none of these VLANs");
		return -ENOENT;
	}
	vlans = xenbr_vlans_alloc(old);
	if (!vlans)
		return -ENOMEM;
	for (v = vid; v <= vid_end; v++)
		xenbr_vlans_clear(vlans, v);
	xenbr_vlans_publish(br, port, vlans);
	/* The data path no longer learns there; forget what it learned. */
	if (port)
		for (v = vid; v <= vid_end; v++)
			if (test_bit(v, old->member))
				xenbr_fdb_flush_vlan(br, port, v, false);
	xenbr_vlan_changed(br);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_vlan_del);

/**
 * xenbr_vlan_assign() - give a port exactly these VLANs
 * @br: the bridge
 * @port: the port
 * @pvid: its PVID, untagged; 0 for none
 * @tagged: the VLANs it carries tagged, or NULL; @pvid among them stays
 *	untagged
 * @extack: where to say why it was refused
 *
 * What the netback glue makes of "bridge=xenbr0.10:20:30". The port's
 * learned entries in VLANs it leaves are forgotten.
 *
 * Context: RTNL held.
 * Return: 0, -EINVAL or -ENOMEM; on failure nothing changed.
 */
int xenbr_vlan_assign(struct xenbr *br, struct xenbr_port *port, u16 pvid,
		      const unsigned long *tagged,
		      struct netlink_ext_ack *extack)
{
	struct xenbr_vlans *vlans, *old = xenbr_vlans_rtnl(br, port);
	unsigned long v;

	ASSERT_RTNL();
	if (pvid > XENBR_VID_MAX ||
	    (tagged && (test_bit(0, tagged) || test_bit(VLAN_N_VID - 1,
							 tagged)))) {
		NL_SET_ERR_MSG(extack, "VLAN ids run from 1 to 4094");
		return -EINVAL;
	}
	vlans = xenbr_vlans_alloc(NULL);
	if (!vlans)
		return -ENOMEM;
	if (tagged)
		bitmap_copy(vlans->member, tagged, VLAN_N_VID);
	if (pvid)
		xenbr_vlans_set(vlans, pvid,
				XENBR_VLAN_F_PVID | XENBR_VLAN_F_UNTAGGED);
	xenbr_vlans_publish(br, port, vlans);
	for_each_set_bit(v, old->member, VLAN_N_VID)
		if (!test_bit(v, vlans->member))
			xenbr_fdb_flush_vlan(br, port, v, false);
	xenbr_vlan_changed(br);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_vlan_assign);

/**
 * xenbr_vlan_set_filtering() - turn VLAN filtering on or off
 * @br: the bridge
 * @on: the new state
 *
 * The learned entries are flushed: learned under one state, their VLAN ids
 * mean nothing under the other.
 *
 * Context: RTNL held.
 */
void xenbr_vlan_set_filtering(struct xenbr *br, bool on)
{
	ASSERT_RTNL();
	if (br->vlan_filtering == on)
		return;
	WRITE_ONCE(br->vlan_filtering, on);
	xenbr_fdb_flush(br, NULL, false);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_vlan_set_filtering);

/* The device still has the default PVID @pvid as it was given (or none). */
static bool xenbr_vlans_on_default(const struct xenbr_vlans *vlans, u16 pvid)
{
	if (!pvid)
		return !vlans->pvid;
	return vlans->pvid == pvid && test_bit(pvid, vlans->untagged);
}

/*
 * The set of @old with the default PVID moved from @from to @to; a VLAN
 * @to the device was already in keeps its membership and takes the flags.
 */
static struct xenbr_vlans *xenbr_vlans_moved(const struct xenbr_vlans *old,
					     u16 from, u16 to)
{
	struct xenbr_vlans *vlans = xenbr_vlans_alloc(old);

	if (!vlans)
		return NULL;
	if (from)
		xenbr_vlans_clear(vlans, from);
	if (to)
		xenbr_vlans_set(vlans, to,
				XENBR_VLAN_F_PVID | XENBR_VLAN_F_UNTAGGED);
	return vlans;
}

/**
 * xenbr_vlan_set_default_pvid() - change the VLAN new ports join
 * @br: the bridge
 * @pvid: 1 to %XENBR_VID_MAX, or 0 for none
 * @extack: where to say why it was refused
 *
 * The bridge itself and every port still on the old default (its PVID,
 * untagged, as given) move to the new one; the others were set by hand
 * and stay as they are. Refused while filtering is on, as on the Linux
 * bridge: moving live ports between VLANs is for "vlan add/del".
 *
 * Context: RTNL held.
 * Return: 0, -EINVAL, -EBUSY or -ENOMEM; on failure nothing changed.
 */
int xenbr_vlan_set_default_pvid(struct xenbr *br, u16 pvid,
				struct netlink_ext_ack *extack)
{
	u16 old = br->vlan_default_pvid;
	struct xenbr_vlans **moved;
	struct xenbr_port *port;
	unsigned int n = 0, i;

	ASSERT_RTNL();
	BUILD_BUG_ON(XENBR_VID_MAX != 4094);
	if (pvid > XENBR_VID_MAX) {
		NL_SET_ERR_MSG(extack,
			       "The default PVID runs from 0 (none) to 4094");
		return -EINVAL;
	}
	if (pvid == old)
		return 0;
	if (br->vlan_filtering) {
		NL_SET_ERR_MSG(extack,
			       "Turn VLAN filtering off to change the default PVID");
		return -EBUSY;
	}

	/* Every new set first, so that a failed allocation changes nothing. */
	list_for_each_entry(port, &br->ports, list)
		n++;
	moved = kcalloc(n + 1, sizeof(*moved), GFP_KERNEL);
	if (!moved)
		return -ENOMEM;
	i = 0;
	list_for_each_entry(port, &br->ports, list) {
		const struct xenbr_vlans *vlans = xenbr_vlans_rtnl(br, port);

		if (xenbr_vlans_on_default(vlans, old)) {
			moved[i] = xenbr_vlans_moved(vlans, old, pvid);
			if (!moved[i])
				goto nomem;
		}
		i++;
	}
	if (xenbr_vlans_on_default(xenbr_vlans_rtnl(br, NULL), old)) {
		moved[n] = xenbr_vlans_moved(xenbr_vlans_rtnl(br, NULL), old,
					     pvid);
		if (!moved[n])
			goto nomem;
	}

	br->vlan_default_pvid = pvid;
	i = 0;
	list_for_each_entry(port, &br->ports, list) {
		if (moved[i]) {
			xenbr_vlans_publish(br, port, moved[i]);
			xenbr_vlan_changed(br);
		}
		i++;
	}
	if (moved[n]) {
		xenbr_vlans_publish(br, NULL, moved[n]);
		xenbr_vlan_changed(br);
	}
	/* Filtering is off: nothing was learned in a VLAN. */
	kfree(moved);
	return 0;

nomem:
	for (i = 0; i <= n; i++)
		kfree(moved[i]);
	kfree(moved);
	return -ENOMEM;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_vlan_set_default_pvid);

/**
 * xenbr_vlans_next_run() - the next run of VLANs that share their flags
 * @vlans: a device's set
 * @from: where to start looking
 * @first: the run's first VLAN id
 * @last: its last
 *
 * Return: the run's &enum xenbr_vlan_flags, or -ENOENT when no VLAN from
 * @from on is in @vlans.
 */
int xenbr_vlans_next_run(const struct xenbr_vlans *vlans, u16 from,
			 u16 *first, u16 *last)
{
	unsigned long v = find_next_bit(vlans->member, VLAN_N_VID, from);
	int flags;

	if (v >= VLAN_N_VID)
		return -ENOENT;
	flags = xenbr_vlans_flags(vlans, v);
	*first = v;
	/* The PVID is a run of its own, as "bridge vlan show -c" shows it. */
	if (!(flags & XENBR_VLAN_F_PVID))
		while (v + 1 < VLAN_N_VID && test_bit(v + 1, vlans->member) &&
		       xenbr_vlans_flags(vlans, v + 1) == flags)
			v++;
	*last = v;
	return flags;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_vlans_next_run);

/**
 * xenbr_vlan_ingress() - the VLAN of a frame entering through @vlans's device
 * @vlans: the ingress port's set, or the bridge's own for a frame of dom0
 * @skb: the frame, its tag (if any) in its metadata
 * @vid: set to the frame's VLAN, when it is admitted
 * @reason: set to why, when it is not
 *
 * Pure: the frame is not changed (xenbr_vlan_ingress_tag() does that once
 * the frame is known to be bridged). An 802.1ad tag is payload to this
 * 802.1Q bridge, so such a frame counts as untagged.
 *
 * Context: RCU read side.
 * Return: true if the frame is admitted.
 */
bool xenbr_vlan_ingress(const struct xenbr_vlans *vlans,
			const struct sk_buff *skb, u16 *vid,
			enum xenbr_drop_reason *reason)
{
	u16 id = 0;

	if (skb_vlan_tag_present(skb) && skb->vlan_proto == htons(ETH_P_8021Q))
		id = skb_vlan_tag_get_id(skb);
	if (!id)
		id = vlans->pvid;
	if (!id) {
		*reason = XENBR_DROP_VLAN_NO_PVID;
		return false;
	}
	if (!test_bit(id, vlans->member)) {
		*reason = XENBR_DROP_VLAN_INGRESS;
		return false;
	}
	*vid = id;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_vlan_ingress);

/**
 * xenbr_vlan_ingress_tag() - put @skb's VLAN in its tag metadata
 * @skb: a frame xenbr_vlan_ingress() gave @vid, its data at the network
 *	header
 * @vid: its VLAN
 *
 * A priority-tagged frame keeps its priority. An 802.1ad tag goes back
 * into the frame, as the payload it is here.
 *
 * Context: RCU read side, BH disabled.
 * Return: the frame, or NULL if it had to be copied and could not be (it
 * was freed).
 */
struct sk_buff *xenbr_vlan_ingress_tag(struct sk_buff *skb, u16 vid)
{
	if (skb_vlan_tag_present(skb)) {
		if (skb->vlan_proto == htons(ETH_P_8021Q)) {
			skb->vlan_tci |= vid;
			return skb;
		}
		skb_push(skb, ETH_HLEN);
		skb = vlan_insert_tag_set_proto(skb, skb->vlan_proto,
						skb_vlan_tag_get(skb));
		if (unlikely(!skb))
			return NULL;
		skb_pull(skb, ETH_HLEN);
		skb_reset_mac_len(skb);
		__vlan_hwaccel_clear_tag(skb);
	}
	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), vid);
	return skb;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_vlan_ingress_tag);
