/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr-ctl: what the kernel tells about bridges, ports, FDB entries and
 * the netback glue. The parsers read one reply or event message each; the
 * queries send a request and return what came back, or end the program
 * with the reason.
 */
#ifndef XENBR_CTL_MODEL_H
#define XENBR_CTL_MODEL_H

#include <net/if.h>
#include <stddef.h>
#include "nl.h"
#include "parse.h"

/* The connection to the xenbr family, opened by the first req(). */
extern struct nl nl;
/* Opens it now, if it is not open; ends the program when it cannot. */
void open_nl(void);

struct stats {
	uint64_t v[XENBR_STATS_A_MAX + 1];
	uint64_t drops[XENBR_DROP_MAX + 1];
};

struct bridge {
	int ifindex;
	char name[IFNAMSIZ];
	uint8_t mac[ETH_ALEN];
	uint32_t ageing, limit, port_limit, learned;
	uint64_t suppressed;
	struct stats st;
	bool vlan_filtering;
	uint16_t default_pvid;
};

/* A port that is a Xen netback vif; guest_mac all zero when unknown. */
struct vif {
	bool is_vif;
	uint32_t domid, handle;
	uint8_t guest_mac[ETH_ALEN];
};

/* VIF locking: a port's lock; mode XENBR_LOCK_UNLOCKED has none. */
struct lock_addr {
	int family;	/* AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint8_t len;
};

struct port_lock {
	uint8_t mode;
	bool has_mac;
	uint8_t mac[ETH_ALEN];
	unsigned int n;
	struct lock_addr addrs[2 * XENBR_LOCK_ADDRS_MAX];
};

struct port {
	int br_ifindex;
	char br[IFNAMSIZ];
	int ifindex;
	char name[IFNAMSIZ];
	unsigned int no;
	bool learning, flood, mcast_flood, bcast_flood, isolated, up;
	uint32_t limit, learned;
	struct vif vif;
	struct port_lock lock;
	struct stats st;
};

struct fdb {
	uint8_t mac[ETH_ALEN];
	uint16_t vid;
	uint32_t flags;
	int port_ifindex;
	uint32_t age;
};

/* The netback glue: the switch, and the vifs it dealt with by outcome. */
struct glue {
	bool on;
	bool counted;	/* @counts came: the caller is in the host's namespace */
	uint32_t counts[XENBR_NETBACK_STATS_A_MAX + 1];
};

/* A growing array of @size-byte elements; free(v) when done. */
struct vec {
	void *v;
	size_t n, cap, size;
};

/* A new zeroed element at the end of @vec. */
void *vec_add(struct vec *vec);

/* Attributes, absent or short ones read as 0 ("?" for a name). */
uint32_t get_u32(const struct nlattr *a);
uint16_t get_u16(const struct nlattr *a);
uint8_t get_u8(const struct nlattr *a);
uint64_t get_u64(const struct nlattr *a);
void get_str(char *out, const struct nlattr *a);
void get_mac(uint8_t *out, const struct nlattr *a);

/* One message's attributes (tb from nl_parse()) into a zeroed object. */
void parse_bridge(struct bridge *br, const struct nlattr **tb);
void parse_port(struct port *p, const struct nlattr **tb);
void parse_fdb(struct fdb *f, const struct nlattr **tb);

/* A request for @cmd; the connection is opened on first use. */
struct nlmsghdr *req(uint8_t cmd, uint16_t flags);
/* A change: 0 when acknowledged, -errno when refused. */
int do_change(struct nlmsghdr *nlh);
/* Puts the interface name @name as @type, after check_name(). */
void put_name(struct nlmsghdr *nlh, uint16_t type, const char *name);

/* Bridges: the one named @name, or all (sorted by name). */
struct vec get_bridges(const char *name);
/* Ends a listing of @brs: closes its JSON array (-j), frees them; 0. */
int end_bridge_list(struct vec *brs);
/* The ports of a bridge, sorted by name. */
struct vec get_ports(int br_ifindex);
/* The port @name into @out; 0, or -errno (-EINVAL: not a port). */
int get_port(const char *name, struct port *out);
/* The FDB of a bridge, sorted by MAC and VLAN. */
struct vec get_fdb(int br_ifindex);
/* The netback glue's switch and counts. */
void get_glue(struct glue *g);
/* The same, or the error (nl.ext_msg says why) instead of exiting. */
int try_get_glue(struct glue *g);

/* A name that is a bridge or a port: which one (@port filled for a port). */
enum kind { KIND_BRIDGE, KIND_PORT };
enum kind classify(const char *name, struct port *port);

/* The name of @ifindex in @buf (IF_NAMESIZE), "if<N>" when it has none. */
const char *ifname(int ifindex, char *buf);

#endif
