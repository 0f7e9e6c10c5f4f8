// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: the model - reply parsers and the queries built on them.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "errors.h"
#include "json.h"
#include "model.h"

#define FDB_DUMP_TRIES	5

struct nl nl;

void open_nl(void)
{
	int err;

	if (nl.sk)
		return;
	err = nl_open(&nl);

	if (err == -ENOENT)
		die("the xenbr module is not loaded (no \"%s\" generic netlink family)",
		    XENBR_GENL_NAME);
	if (err)
		die("cannot open generic netlink: %s", strerror(-err));
}

void *vec_add(struct vec *vec)
{
	if (vec->n == vec->cap) {
		vec->cap = vec->cap ? 2 * vec->cap : 16;
		vec->v = realloc(vec->v, vec->cap * vec->size);
		if (!vec->v)
			die("out of memory");
	}
	return memset((char *)vec->v + vec->n++ * vec->size, 0, vec->size);
}

uint32_t get_u32(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) >= 4 ? mnl_attr_get_u32(a) : 0;
}

uint16_t get_u16(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) >= 2 ? mnl_attr_get_u16(a) : 0;
}

uint8_t get_u8(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) >= 1 ? mnl_attr_get_u8(a) : 0;
}

uint64_t get_u64(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) >= 8 ? mnl_attr_get_u64(a) : 0;
}

void get_str(char *out, const struct nlattr *a)
{
	snprintf(out, IFNAMSIZ, "%s",
		 a && !mnl_attr_validate(a, MNL_TYPE_NUL_STRING) ?
		 mnl_attr_get_str(a) : "?");
}

void get_mac(uint8_t *out, const struct nlattr *a)
{
	if (a && mnl_attr_get_payload_len(a) == ETH_ALEN)
		memcpy(out, mnl_attr_get_payload(a), ETH_ALEN);
}

static void get_stats(struct stats *st, const struct nlattr *nest)
{
	const struct nlattr *tb[XENBR_STATS_A_MAX + 1];
	const struct nlattr *dtb[XENBR_DROP_MAX + 2];
	int i;

	if (!nest)
		return;
	nl_parse_nested(nest, tb, XENBR_STATS_A_MAX);
	for (i = 0; i <= XENBR_STATS_A_MAX; i++)
		st->v[i] = get_u64(tb[i]);
	if (!tb[XENBR_STATS_A_DROPS])
		return;
	nl_parse_nested(tb[XENBR_STATS_A_DROPS], dtb, XENBR_DROP_MAX + 1);
	for (i = 0; i <= XENBR_DROP_MAX; i++)
		st->drops[i] = get_u64(dtb[i + 1]);
}

static void get_vif(struct vif *vif, const struct nlattr *nest)
{
	const struct nlattr *tb[XENBR_NETBACK_A_MAX + 1];

	if (!nest)
		return;
	nl_parse_nested(nest, tb, XENBR_NETBACK_A_MAX);
	vif->is_vif = true;
	vif->domid = get_u32(tb[XENBR_NETBACK_A_DOMID]);
	vif->handle = get_u32(tb[XENBR_NETBACK_A_HANDLE]);
	get_mac(vif->guest_mac, tb[XENBR_NETBACK_A_GUEST_MAC]);
}

/* VIF locking: one list of allowed addresses, appended to @lk. */
static void get_lock_list(struct port_lock *lk, int family,
			  const struct nlattr *list)
{
	const struct nlattr *tb[XENBR_LOCK_ADDR_A_MAX + 1];
	size_t size = family == AF_INET ? 4 : 16;
	const struct nlattr *entry;

	if (!list)
		return;
	mnl_attr_for_each_nested(entry, list) {
		struct lock_addr *a;

		if (lk->n >= sizeof(lk->addrs) / sizeof(lk->addrs[0]))
			return;
		nl_parse_nested(entry, tb, XENBR_LOCK_ADDR_A_MAX);
		if (!tb[XENBR_LOCK_ADDR_A_ADDR] ||
		    mnl_attr_get_payload_len(tb[XENBR_LOCK_ADDR_A_ADDR]) != size)
			continue;
		a = &lk->addrs[lk->n++];
		a->family = family;
		memcpy(a->addr, mnl_attr_get_payload(tb[XENBR_LOCK_ADDR_A_ADDR]),
		       size);
		a->len = get_u8(tb[XENBR_LOCK_ADDR_A_PREFIX_LEN]);
	}
}

static void get_lock(struct port_lock *lk, const struct nlattr **tb)
{
	lk->mode = get_u8(tb[XENBR_A_PORT_LOCK_MODE]);
	lk->has_mac = tb[XENBR_A_PORT_LOCK_MAC];
	get_mac(lk->mac, tb[XENBR_A_PORT_LOCK_MAC]);
	get_lock_list(lk, AF_INET, tb[XENBR_A_PORT_LOCK_IPV4]);
	get_lock_list(lk, AF_INET6, tb[XENBR_A_PORT_LOCK_IPV6]);
}

void parse_bridge(struct bridge *br, const struct nlattr **tb)
{
	br->ifindex = get_u32(tb[XENBR_A_BR_IFINDEX]);
	get_str(br->name, tb[XENBR_A_BR_IFNAME]);
	get_mac(br->mac, tb[XENBR_A_BR_MAC]);
	br->ageing = get_u32(tb[XENBR_A_BR_AGEING_TIME]);
	br->limit = get_u32(tb[XENBR_A_BR_LEARN_LIMIT]);
	br->port_limit = get_u32(tb[XENBR_A_BR_PORT_LEARN_LIMIT]);
	br->learned = get_u32(tb[XENBR_A_LEARNED]);
	br->suppressed = get_u64(tb[XENBR_A_SUPPRESSED]);
	get_stats(&br->st, tb[XENBR_A_STATS]);
	br->vlan_filtering = get_u8(tb[XENBR_A_BR_VLAN_FILTERING]);
	br->default_pvid = get_u16(tb[XENBR_A_BR_VLAN_DEFAULT_PVID]);
}

void parse_port(struct port *p, const struct nlattr **tb)
{
	p->br_ifindex = get_u32(tb[XENBR_A_BR_IFINDEX]);
	get_str(p->br, tb[XENBR_A_BR_IFNAME]);
	p->ifindex = get_u32(tb[XENBR_A_PORT_IFINDEX]);
	get_str(p->name, tb[XENBR_A_PORT_IFNAME]);
	p->no = get_u16(tb[XENBR_A_PORT_NO]);
	p->learning = get_u8(tb[XENBR_A_PORT_LEARNING]);
	p->flood = get_u8(tb[XENBR_A_PORT_FLOOD_UCAST]);
	p->mcast_flood = get_u8(tb[XENBR_A_PORT_FLOOD_MCAST]);
	p->bcast_flood = get_u8(tb[XENBR_A_PORT_FLOOD_BCAST]);
	p->isolated = get_u8(tb[XENBR_A_PORT_ISOLATED]);
	p->up = get_u8(tb[XENBR_A_PORT_STATE]) == XENBR_PORT_STATE_UP;
	p->limit = get_u32(tb[XENBR_A_PORT_LEARN_LIMIT]);
	p->learned = get_u32(tb[XENBR_A_LEARNED]);
	get_vif(&p->vif, tb[XENBR_A_PORT_NETBACK]);
	get_lock(&p->lock, tb);
	get_stats(&p->st, tb[XENBR_A_STATS]);
}

void parse_fdb(struct fdb *f, const struct nlattr **tb)
{
	get_mac(f->mac, tb[XENBR_A_FDB_MAC]);
	f->vid = get_u16(tb[XENBR_A_FDB_VLAN]);
	f->flags = get_u32(tb[XENBR_A_FDB_FLAGS]);
	f->port_ifindex = get_u32(tb[XENBR_A_PORT_IFINDEX]);
	f->age = get_u32(tb[XENBR_A_FDB_AGE]);
}

static int bridge_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[XENBR_A_MAX + 1];

	nl_parse(nlh, tb, XENBR_A_MAX);
	parse_bridge(vec_add(data), tb);
	return MNL_CB_OK;
}

static int port_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[XENBR_A_MAX + 1];

	nl_parse(nlh, tb, XENBR_A_MAX);
	parse_port(vec_add(data), tb);
	return MNL_CB_OK;
}

static int fdb_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[XENBR_A_MAX + 1];

	nl_parse(nlh, tb, XENBR_A_MAX);
	parse_fdb(vec_add(data), tb);
	return MNL_CB_OK;
}

static int glue_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *stb[XENBR_NETBACK_STATS_A_MAX + 1];
	const struct nlattr *tb[XENBR_A_MAX + 1];
	struct glue *g = data;
	int i;

	nl_parse(nlh, tb, XENBR_A_MAX);
	g->on = get_u8(tb[XENBR_A_NETBACK_AUTO]);
	if (!tb[XENBR_A_NETBACK_STATS])
		return MNL_CB_OK;
	g->counted = true;
	nl_parse_nested(tb[XENBR_A_NETBACK_STATS], stb,
			XENBR_NETBACK_STATS_A_MAX);
	for (i = 1; i <= XENBR_NETBACK_STATS_A_MAX; i++)
		g->counts[i] = get_u32(stb[i]);
	return MNL_CB_OK;
}

static char msgbuf[NL_BUF_SIZE];

int do_change(struct nlmsghdr *nlh)
{
	return nl_talk(&nl, nlh, NULL, NULL);
}

struct nlmsghdr *req(uint8_t cmd, uint16_t flags)
{
	/* Opened on first use: usage errors come before "not loaded". */
	open_nl();
	return nl_msg(&nl, msgbuf, cmd, flags);
}

void put_name(struct nlmsghdr *nlh, uint16_t type, const char *name)
{
	check_name(name);
	mnl_attr_put_strz(nlh, type, name);
}

static int cmp_bridge(const void *a, const void *b)
{
	return strcmp(((const struct bridge *)a)->name,
		      ((const struct bridge *)b)->name);
}

static int cmp_port(const void *a, const void *b)
{
	return strcmp(((const struct port *)a)->name,
		      ((const struct port *)b)->name);
}

static int cmp_fdb(const void *a, const void *b)
{
	const struct fdb *x = a, *y = b;
	int c = memcmp(x->mac, y->mac, ETH_ALEN);

	return c ? c : (int)x->vid - (int)y->vid;
}

struct vec get_bridges(const char *name)
{
	struct vec v = { .size = sizeof(struct bridge) };
	struct nlmsghdr *nlh;
	int err;

	if (name) {
		nlh = req(XENBR_CMD_BR_GET, NLM_F_ACK);
		put_name(nlh, XENBR_A_BR_IFNAME, name);
	} else {
		nlh = req(XENBR_CMD_BR_GET, NLM_F_DUMP);
	}
	err = nl_talk(&nl, nlh, bridge_cb, &v);
	if (err == -ENODEV && name)
		die("%s: bridge %s does not exist", verb, name);
	if (err)
		die_nl(err, "%s%s%s", verb, name ? " " : "", name ? name : "");
	qsort(v.v, v.n, v.size, cmp_bridge);
	return v;
}

int end_bridge_list(struct vec *brs)
{
	if (json) {
		jclose(']');
		jend();
	}
	free(brs->v);
	return 0;
}

struct vec get_ports(int br_ifindex)
{
	struct vec v = { .size = sizeof(struct port) };
	struct nlmsghdr *nlh;
	int err;

	nlh = req(XENBR_CMD_PORT_GET, NLM_F_DUMP);
	mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br_ifindex);
	err = nl_talk(&nl, nlh, port_cb, &v);
	if (err)
		die_nl(err, "%s: port dump", verb);
	qsort(v.v, v.n, v.size, cmp_port);
	return v;
}

int get_port(const char *name, struct port *out)
{
	struct vec v = { .size = sizeof(struct port) };
	struct nlmsghdr *nlh;
	int err;

	nlh = req(XENBR_CMD_PORT_GET, NLM_F_ACK);
	put_name(nlh, XENBR_A_PORT_IFNAME, name);
	err = nl_talk(&nl, nlh, port_cb, &v);
	if (!err && v.n == 1)
		*out = *(struct port *)v.v;
	free(v.v);
	return err;
}

/*
 * A dump the kernel flags as interrupted (the FDB changed meanwhile) is
 * retried, then reported.
 */
struct vec get_fdb(int br_ifindex)
{
	struct vec v = { .size = sizeof(struct fdb) };
	struct nlmsghdr *nlh;
	int err, tries;

	for (tries = 1;; tries++) {
		v.n = 0;
		nlh = req(XENBR_CMD_FDB_GET, NLM_F_DUMP);
		mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br_ifindex);
		err = nl_talk(&nl, nlh, fdb_cb, &v);
		if (err)
			die_nl(err, "%s: FDB dump", verb);
		if (!nl.dump_intr)
			break;
		if (tries == FDB_DUMP_TRIES) {
			fprintf(stderr,
				"xenbr-ctl: warning: the FDB kept changing during the dump; it may be inconsistent\n");
			break;
		}
	}
	qsort(v.v, v.n, v.size, cmp_fdb);
	return v;
}

int try_get_glue(struct glue *g)
{
	return nl_talk(&nl, req(XENBR_CMD_NETBACK_GET, NLM_F_ACK), glue_cb, g);
}

void get_glue(struct glue *g)
{
	int err = try_get_glue(g);

	if (err)
		die_nl(err, "netback");
}

enum kind classify(const char *name, struct port *port)
{
	struct vec v = { .size = sizeof(struct bridge) };
	struct nlmsghdr *nlh;
	int err;

	nlh = req(XENBR_CMD_BR_GET, NLM_F_ACK);
	put_name(nlh, XENBR_A_BR_IFNAME, name);
	err = nl_talk(&nl, nlh, bridge_cb, &v);
	free(v.v);
	if (!err)
		return KIND_BRIDGE;
	if (err == -ENODEV)
		die("%s: device %s does not exist", verb, name);
	err = get_port(name, port);
	if (err == -EINVAL)
		die("%s: %s is neither a xenbr bridge nor a port of one", verb,
		    name);
	if (err)
		die_nl(err, "%s %s", verb, name);
	return KIND_PORT;
}

/*
 * A dump names the same few ports again and again, and if_indextoname()
 * opens a socket each time: remember the last.
 */
const char *ifname(int ifindex, char *buf)
{
	static char last_name[IF_NAMESIZE];
	static int last_ifindex;

	if (ifindex && ifindex == last_ifindex) {
		memcpy(buf, last_name, IF_NAMESIZE);
		return buf;
	}
	if (!ifindex || !if_indextoname(ifindex, buf)) {
		snprintf(buf, IF_NAMESIZE, "if%d", ifindex);
		return buf;
	}
	memcpy(last_name, buf, IF_NAMESIZE);
	last_ifindex = ifindex;
	return buf;
}
