/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr-ctl: what the dispatcher (xenbr-ctl.c) and the files of verbs give
 * each other. A verb gets the arguments after its name and returns the exit
 * status; the printers of the show verbs are shared with the monitor.
 */
#ifndef XENBR_CTL_H
#define XENBR_CTL_H

#include <stddef.h>
#include "model.h"

/* xenbr-ctl.c: wrong usage of the verb @name (exit status 2). */
void __attribute__((noreturn)) usage_of(const char *name);
/* @argc, or usage_of() the current verb when not in [@min, @max]. */
int need_args(int argc, int min, int max);

/* brctl.c: brctl's verbs, with brctl's output. */
int cmd_addbr(int argc, char **argv);
int cmd_delbr(int argc, char **argv);
int cmd_addif(int argc, char **argv);
int cmd_delif(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_showmacs(int argc, char **argv);
int cmd_setageing(int argc, char **argv);
int cmd_stp(int argc, char **argv);
int cmd_setfd(int argc, char **argv);

/* fdb.c, port.c, stats.c, netback.c, monitor.c */
int cmd_fdb(int argc, char **argv);
int cmd_port(int argc, char **argv);
int cmd_limits(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_netback(int argc, char **argv);
int cmd_monitor(int argc, char **argv);

/* vlan.c */
int cmd_vlan(int argc, char **argv);
/* A run of VLANs of a device (a port, or the bridge for dom0's). */
struct vrun {
	int ifindex;
	char name[IFNAMSIZ];
	uint16_t id, end;
	bool pvid, untagged;
};

/* The VLANs of every port and bridge, or of @dev: runs, by device. */
struct vec get_vlans(const char *dev);
/* stats.c: the name of drop reason @i as stats prints it, or NULL. */
const char *drop_reason_name(int i);
/* metrics.c: stats --format prometheus, of every bridge or of @dev. */
int metrics_print(const char *dev);

/* doctor.c */
int cmd_doctor(int argc, char **argv);

/* uplink.c: dom0's NIC into a bridge and back, over rtnetlink. */
int cmd_uplink(int argc, char **argv);

/*
 * How a printer shows an object: as a line of its show verb (JSON: an
 * object), or as the rest of a monitor event's line (JSON: members of the
 * event's object), where it leaves out what the event does not carry.
 */
enum view { VIEW_SHOW, VIEW_EVENT };

/* fdb.c: an FDB entry, on the port named @dev (NULL: none). */
void print_fdb(const struct fdb *f, const char *dev, enum view view);

/* port.c: a port; a vif's "domid D handle H[ guest-mac M]" ("" if no vif),
 * and its JSON object {"domid", "handle", "guest_mac"} as member @key.
 */
void print_port(const struct port *p, enum view view);
const char *vif_text(char *out, size_t size, const struct vif *vif);
void jvif(const char *key, const struct vif *vif);

#endif
