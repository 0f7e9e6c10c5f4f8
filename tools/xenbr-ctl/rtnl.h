/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr-ctl: dom0's links, addresses and routes over rtnetlink, for the
 * verbs that move or keep them (uplink.c, state.c). Addresses and routes
 * are kept as the kernel dumped them, and put back from that form.
 */
#ifndef XENBR_CTL_RTNL_H
#define XENBR_CTL_RTNL_H

/* Before the uapi headers: glibc's net/if.h, which they then leave alone. */
#include "model.h"
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#define MAX_ADDRS	64
#define MAX_ROUTES	256
#define MSG_MAX		1024

struct link {
	int ifindex;
	char name[IFNAMSIZ];
	unsigned short type;	/* ARPHRD_* */
	unsigned int flags;	/* IFF_* */
	unsigned int mtu;
	int master;
	char kind[32];		/* IFLA_INFO_KIND, "" when none */
	uint8_t mac[ETH_ALEN];
};

/* An address or a route, as the kernel dumped it; aligned as a message. */
struct obj {
	char msg[MSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	bool gateway;		/* a route through a gateway */
};

struct objs {
	struct obj *v;
	size_t n, max;
	int ifindex;		/* the device whose objects are collected */
	int err;		/* -E2BIG, -EOPNOTSUPP: what cannot be moved */
	char why[128];
};

/* The flags of an address that one may ask for; the rest are state. */
#define ADDR_FLAGS (IFA_F_NODAD | IFA_F_OPTIMISTIC | IFA_F_HOMEADDRESS | \
		    IFA_F_MANAGETEMPADDR | IFA_F_NOPREFIXROUTE | \
		    IFA_F_MCAUTOJOIN)

/* The rtnetlink connection, opened by rt_open(). */
extern struct nl rt;

void rt_open(void);
struct nlmsghdr *rt_msg(void *buf, uint16_t type, uint16_t flags);
/* A reason for an error message: the kernel's words, else errno's. */
const char *reason(int err);
/* The link named @name (or with @ifindex); 0 or -errno (-ENODEV). */
int get_link(const char *name, int ifindex, struct link *l);
/*
 * What @ifindex has to move or keep: its addresses (not those the kernel
 * makes by itself), then its routes (not the kernel's, RA's or redirects';
 * link routes first). 0, or -errno when a dump failed; @addrs->err or
 * @routes->err (with ->why) when something cannot be kept.
 */
int collect(int ifindex, struct objs *addrs, struct objs *routes);
/* "address 192.0.2.10/24", "route default via 192.0.2.1", for messages. */
const char *describe(const struct obj *obj, bool is_route);
/* An address or route of @obj put on @ifindex (@add) or taken off it. */
struct nlmsghdr *addr_req(void *buf, const struct obj *obj, int ifindex,
			  bool add);
struct nlmsghdr *route_req(void *buf, const struct obj *obj, int ifindex,
			   bool add);
/* Link changes: @master (0: none, -1: leave), @mac (NULL: leave), up. */
struct nlmsghdr *link_req(void *buf, int ifindex, int master,
			  const uint8_t *mac, bool up);

#endif
