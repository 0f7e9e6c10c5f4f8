/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr-ctl: the state file of save, restore and reload - every xenbr
 * bridge of a network namespace with its ports, VLANs, static entries,
 * addresses and routes (Documentation/state-file.md). save writes it from
 * what the kernel reports; restore reads all of it into this model and
 * checks it against the host before it changes anything.
 */
#ifndef XENBR_CTL_STATE_H
#define XENBR_CTL_STATE_H

#include "rtnl.h"
#include "xenbr-ctl.h"

#define STATE_FORMAT	"xenbr-state"
#define STATE_VERSION	1
/* "bridges[0].ports[1].lock.ipv4[2]": a place in the file, for messages. */
#define STATE_PATH_LEN	96

/* A setting read from the file: absent ones are left as they are. */
#define SETTING(type, name) bool has_##name; type name

struct s_vlan {
	uint16_t id, end;
	bool pvid, untagged;
};

struct s_vlans {
	bool given;
	struct s_vlan *v;
	size_t n;
};

struct s_port {
	char name[IFNAMSIZ];
	char where[STATE_PATH_LEN];
	unsigned int line, col;
	bool is_vif;
	uint32_t domid, handle;
	SETTING(bool, learning);
	SETTING(bool, flood);
	SETTING(bool, mcast_flood);
	SETTING(bool, bcast_flood);
	SETTING(bool, isolated);
	SETTING(uint32_t, limit);
	bool has_lock;
	struct port_lock lock;
	struct s_vlans vlans;
	int ifindex;		/* on the host, found by the check */
	bool attached;		/* a port of its bridge already */
};

struct s_fdb {
	uint8_t mac[ETH_ALEN];
	uint16_t vid;
	char dev[IFNAMSIZ];
};

struct s_bridge {
	char name[IFNAMSIZ];
	char where[STATE_PATH_LEN];
	unsigned int line, col;
	SETTING(bool, mac);	/* set by hand: the MAC below */
	uint8_t mac_addr[ETH_ALEN];
	SETTING(uint32_t, mtu);
	SETTING(bool, up);
	SETTING(uint32_t, ageing_ms);
	SETTING(uint32_t, max_learned);
	SETTING(uint32_t, port_max_learned);
	SETTING(bool, vlan_filtering);
	SETTING(uint16_t, default_pvid);
	struct s_vlans vlans;
	struct s_port *ports;
	size_t n_ports;
	struct s_fdb *fdb;
	size_t n_fdb;
	bool has_addrs, has_routes;
	struct obj *addrs, *routes;
	size_t n_addrs, n_routes;
	int ifindex;		/* 0: to be created */
};

struct state {
	SETTING(bool, netback);
	struct s_bridge *bridges;
	size_t n_bridges;
};

/*
 * state_file.c: the text of @file ("-": standard input) into @st, checked;
 * ends the program with "FILE:LINE:COL: PATH: what" at the first fault.
 */
void state_read(const char *file, struct state *st);
void state_free(struct state *st);

/* state_save.c: the state of every bridge as JSON on standard output. */
void state_save(void);
/*
 * state_restore.c: checks @st against the host (devices, their masters),
 * ending the program with no change made at the first mismatch; then,
 * unless @check_only, makes it so. 0 when done.
 */
int state_restore(struct state *st, const char *file, bool check_only);
/* A state file that outlives the command (reload's): a failure names it. */
extern const char *state_kept;

/* The words of the file for rtnetlink's numbers: address flags, route
 * metrics (RTAX_*; "" for none); a table ends with a NULL name.
 */
struct flag_word {
	uint32_t bit;
	const char *name;
};

extern const struct flag_word addr_flag_words[];
extern const char *const route_metric_words[RTAX_MAX + 1];

int cmd_save(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_reload(int argc, char **argv);

#endif
