// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: reading the state file (Documentation/state-file.md). The
 * whole file is parsed, then walked into the model of state.h; every key is
 * known, every value of its type and range, or the program ends naming the
 * place: "FILE:LINE:COL: bridges[0].ports[1].limit: what". Addresses and
 * routes become the rtnetlink messages a dump would have given, so that
 * restore puts them back as the uplink verb moves them.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include "errors.h"
#include "jsonread.h"
#include "state.h"

#define STATE_FILE_MAX	(16 << 20)

const struct flag_word addr_flag_words[] = {
	{ IFA_F_NODAD, "nodad" },
	{ IFA_F_OPTIMISTIC, "optimistic" },
	{ IFA_F_HOMEADDRESS, "homeaddress" },
	{ IFA_F_MANAGETEMPADDR, "managetempaddr" },
	{ IFA_F_NOPREFIXROUTE, "noprefixroute" },
	{ IFA_F_MCAUTOJOIN, "autojoin" },
	{ 0, NULL },
};

/* iproute2's words for the metrics of a route. */
const char *const route_metric_words[RTAX_MAX + 1] = {
	[RTAX_LOCK] = "lock", [RTAX_MTU] = "mtu", [RTAX_WINDOW] = "window",
	[RTAX_RTT] = "rtt", [RTAX_RTTVAR] = "rttvar",
	[RTAX_SSTHRESH] = "ssthresh", [RTAX_CWND] = "cwnd",
	[RTAX_ADVMSS] = "advmss", [RTAX_REORDERING] = "reordering",
	[RTAX_HOPLIMIT] = "hoplimit", [RTAX_INITCWND] = "initcwnd",
	[RTAX_FEATURES] = "features", [RTAX_RTO_MIN] = "rto_min",
	[RTAX_INITRWND] = "initrwnd", [RTAX_QUICKACK] = "quickack",
	[RTAX_CC_ALGO] = "congctl",
	[RTAX_FASTOPEN_NO_COOKIE] = "fastopen_no_cookie",
};

static const char *file_name;

static void __attribute__((noreturn, format(printf, 3, 4)))
bad(const struct jval *v, const char *path, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xenbr-ctl: %s: %s:%u:%u: %s%s", verb, file_name,
		v->line, v->col, path, path[0] ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; nothing changed\n");
	exit(1);
}

/* @parent's path with ".@key" or "[@i]" after it, in @out (STATE_PATH_LEN). */
static char *sub(char *out, const char *parent, const char *key, size_t i)
{
	int n;

	if (key)
		n = snprintf(out, STATE_PATH_LEN, "%s%s%s", parent,
			     parent[0] ? "." : "", key);
	else
		n = snprintf(out, STATE_PATH_LEN, "%s[%zu]", parent, i);
	if (n >= STATE_PATH_LEN)
		strcpy(out + STATE_PATH_LEN - 4, "...");
	return out;
}

static void want(const struct jval *v, enum jtype type, const char *path)
{
	if (v->type != type)
		bad(v, path, "%s was expected, not %s", jtype_name(type),
		    jtype_name(v->type));
}

/* Every member of @obj that no reader took is a mistake: say which. */
static void no_unknown(const struct jval *obj, const char *path)
{
	char p[STATE_PATH_LEN];
	size_t i;

	for (i = 0; i < obj->n; i++) {
		struct jval at = {
			.line = obj->items[i].key_line,
			.col = obj->items[i].key_col,
		};

		if (!obj->items[i].used)
			bad(&at, sub(p, path, obj->items[i].key, 0),
			    "unknown key");
	}
}

/* Member @key of @obj, of @type; NULL when absent (an error if @need). */
static struct jval *member(struct jval *obj, const char *key, enum jtype type,
			   const char *path, bool need, char *p)
{
	struct jval *v = jget(obj, key);

	sub(p, path, key, 0);
	if (!v) {
		if (need)
			bad(obj, path, "\"%s\" is missing", key);
		return NULL;
	}
	want(v, type, p);
	return v;
}

static bool get_bool(struct jval *obj, const char *key, const char *path,
		     bool *out)
{
	char p[STATE_PATH_LEN];
	struct jval *v = member(obj, key, JT_BOOL, path, false, p);

	if (v)
		*out = v->b;
	return v;
}

static bool get_uint(struct jval *obj, const char *key, const char *path,
		     unsigned long long min, unsigned long long max,
		     unsigned long long *out)
{
	char p[STATE_PATH_LEN];
	struct jval *v = member(obj, key, JT_INT, path, false, p);

	if (!v)
		return false;
	if (v->i < 0 || (unsigned long long)v->i < min ||
	    (unsigned long long)v->i > max)
		bad(v, p, "%lld is not in %llu to %llu", v->i, min, max);
	*out = v->i;
	return true;
}

/* The number @key of @obj into @s->@field, and @s->has_@field. */
#define GET_UINT(obj, key, path, min, max, s, field) do {		\
	unsigned long long _u;						\
	if (get_uint(obj, key, path, min, max, &_u)) {			\
		(s)->field = _u;					\
		(s)->has_##field = true;				\
	}								\
} while (0)

static void get_mac_at(struct jval *v, const char *path, uint8_t *mac,
		       bool unicast)
{
	unsigned int b[ETH_ALEN];
	int n = 0, i;

	want(v, JT_STR, path);
	if (sscanf(v->s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2],
		   &b[3], &b[4], &b[5], &n) != ETH_ALEN || n != 17 || v->s[n])
		bad(v, path, "'%s' is not a MAC address (xx:xx:xx:xx:xx:xx)",
		    v->s);
	for (i = 0; i < ETH_ALEN; i++)
		mac[i] = b[i];
	if (unicast && ((mac[0] & 1) || !memcmp(mac, "\0\0\0\0\0\0", 6)))
		bad(v, path, "%s is not a unicast MAC address", v->s);
}

static void get_name_at(struct jval *v, const char *path, char *out)
{
	want(v, JT_STR, path);
	if (!v->s[0] || strlen(v->s) >= IFNAMSIZ || strchr(v->s, '/') ||
	    strpbrk(v->s, " \t\n:") || !strcmp(v->s, ".") ||
	    !strcmp(v->s, ".."))
		bad(v, path, "'%s' is not an interface name", v->s);
	strcpy(out, v->s);
}

/* "ADDR/LEN" of @family (0: either) into @addr; returns the family. */
static int get_prefix_at(struct jval *v, const char *path, int family,
			 uint8_t *addr, uint8_t *len, bool need_len)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash;
	unsigned long n;
	int f;

	want(v, JT_STR, path);
	if (strlen(v->s) >= sizeof(buf))
		bad(v, path, "'%s' is not an address", v->s);
	strcpy(buf, v->s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	f = strchr(buf, ':') ? AF_INET6 : AF_INET;
	if ((family && f != family) || inet_pton(f, buf, addr) != 1)
		bad(v, path, "'%s' is not an %s address", v->s,
		    family == AF_INET ? "IPv4" : family ? "IPv6" : "IP");
	n = f == AF_INET ? 32 : 128;
	if (slash) {
		char *end;

		errno = 0;
		n = strtoul(slash, &end, 10);
		if (!*slash || *end || errno || n > (f == AF_INET ? 32u : 128u))
			bad(v, path, "'%s': a bad prefix length", v->s);
	} else if (need_len) {
		bad(v, path, "'%s' has no prefix length (/LEN)", v->s);
	}
	if (len)
		*len = n;
	return f;
}

/* A VLAN list: [{"vid": N[, "end": M][, "pvid": true][, "untagged": true]}] */
static void get_vlans_at(struct jval *obj, const char *path,
			 struct s_vlans *out)
{
	char p[STATE_PATH_LEN], q[STATE_PATH_LEN];
	struct jval *arr = member(obj, "vlans", JT_ARRAY, path, false, p);
	unsigned int pvids = 0;
	size_t i, j;

	if (!arr)
		return;
	out->given = true;
	out->n = arr->n;
	out->v = calloc(arr->n + 1, sizeof(*out->v));
	if (!out->v)
		die("out of memory");
	for (i = 0; i < arr->n; i++) {
		struct jval *e = &arr->items[i];
		struct s_vlan *vl = &out->v[i];
		unsigned long long id = 0, end = 0;

		sub(q, p, NULL, i);
		want(e, JT_OBJECT, q);
		if (!get_uint(e, "vid", q, 1, XENBR_VID_MAX, &id))
			bad(e, q, "\"vid\" is missing");
		end = id;
		get_uint(e, "end", q, id, XENBR_VID_MAX, &end);
		vl->id = id;
		vl->end = end;
		get_bool(e, "pvid", q, &vl->pvid);
		get_bool(e, "untagged", q, &vl->untagged);
		no_unknown(e, q);
		if (vl->pvid && (vl->end != vl->id || ++pvids > 1))
			bad(e, q, "the PVID is one VLAN, once per device");
		for (j = 0; j < i; j++)
			if (vl->id <= out->v[j].end && out->v[j].id <= vl->end)
				bad(e, q, "VLAN %u is given twice",
				    vl->id > out->v[j].id ? vl->id :
				    out->v[j].id);
	}
}

static void get_lock_at(struct jval *obj, const char *path,
			struct s_port *port)
{
	static const char *const modes[] = {
		[XENBR_LOCK_UNLOCKED] = "unlocked",
		[XENBR_LOCK_LOCKED] = "locked",
		[XENBR_LOCK_DISABLED] = "disabled",
	};
	static const char *const lists[] = { "ipv4", "ipv6" };
	char p[STATE_PATH_LEN], q[STATE_PATH_LEN], r[STATE_PATH_LEN];
	struct jval *lk = member(obj, "lock", JT_OBJECT, path, false, p);
	struct port_lock *l = &port->lock;
	struct jval *v;
	size_t i, k;

	if (!lk)
		return;
	port->has_lock = true;
	v = member(lk, "mode", JT_STR, p, true, q);
	for (i = 0; i <= XENBR_LOCK_MODE_MAX; i++)
		if (!strcmp(v->s, modes[i]))
			break;
	if (i > XENBR_LOCK_MODE_MAX)
		bad(v, q, "unlocked, locked or disabled, not '%s'", v->s);
	l->mode = i;
	v = member(lk, "mac", JT_STR, p, false, q);
	if (v) {
		get_mac_at(v, q, l->mac, true);
		l->has_mac = true;
	}
	for (k = 0; k < 2; k++) {
		int family = k ? AF_INET6 : AF_INET;

		v = member(lk, lists[k], JT_ARRAY, p, false, q);
		if (!v)
			continue;
		if (v->n > XENBR_LOCK_ADDRS_MAX)
			bad(v, q, "%zu addresses; at most %u", v->n,
			    XENBR_LOCK_ADDRS_MAX);
		for (i = 0; i < v->n; i++) {
			struct lock_addr *a = &l->addrs[l->n++];

			a->family = get_prefix_at(&v->items[i],
						  sub(r, q, NULL, i), family,
						  a->addr, &a->len, false);
		}
	}
	if (l->mode == XENBR_LOCK_UNLOCKED && (l->has_mac || l->n))
		bad(lk, p, "mac, ipv4 and ipv6 go with mode locked or disabled");
	no_unknown(lk, p);
}

/* A bridge's or port's object: its place, for messages, and its name. */
static void get_named_at(struct jval *e, const char *path, char *where,
			 unsigned int *line, unsigned int *col, char *name)
{
	char p[STATE_PATH_LEN];

	strcpy(where, path);
	*line = e->line;
	*col = e->col;
	want(e, JT_OBJECT, path);
	get_name_at(member(e, "name", JT_STR, path, true, p), p, name);
}

static void get_port_at(struct jval *e, const char *path, struct s_port *port)
{
	char p[STATE_PATH_LEN];
	struct jval *v;

	get_named_at(e, path, port->where, &port->line, &port->col, port->name);
	v = member(e, "vif", JT_OBJECT, path, false, p);
	if (v) {
		unsigned long long domid, handle;

		if (!get_uint(v, "domid", p, 1, 0x7fef, &domid) ||
		    !get_uint(v, "handle", p, 0, 0xffff, &handle))
			bad(v, p, "a vif has a domid and a handle");
		no_unknown(v, p);
		port->is_vif = true;
		port->domid = domid;
		port->handle = handle;
	}
	port->has_learning = get_bool(e, "learning", path, &port->learning);
	port->has_flood = get_bool(e, "flood", path, &port->flood);
	port->has_mcast_flood = get_bool(e, "mcast_flood", path,
					 &port->mcast_flood);
	port->has_bcast_flood = get_bool(e, "bcast_flood", path,
					 &port->bcast_flood);
	port->has_isolated = get_bool(e, "isolated", path, &port->isolated);
	GET_UINT(e, "limit", path, 0, XENBR_LEARN_LIMIT_MAX, port, limit);
	get_lock_at(e, path, port);
	get_vlans_at(e, path, &port->vlans);
	no_unknown(e, path);
}

static void get_fdb_at(struct jval *e, const char *path, struct s_fdb *f)
{
	char p[STATE_PATH_LEN];
	unsigned long long vid = 0;

	want(e, JT_OBJECT, path);
	get_mac_at(member(e, "mac", JT_STR, path, true, p), p, f->mac, true);
	get_uint(e, "vlan", path, 0, XENBR_VID_MAX, &vid);
	f->vid = vid;
	get_name_at(member(e, "dev", JT_STR, path, true, p), p, f->dev);
	no_unknown(e, path);
}

/* The dump message an address or route object starts as. */
static struct nlmsghdr *obj_msg(struct obj *o, uint16_t type, size_t hdr)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(o->msg);

	nlh->nlmsg_type = type;
	mnl_nlmsg_put_extra_header(nlh, hdr);
	return nlh;
}

static void put_prefix(struct nlmsghdr *nlh, uint16_t type, int family,
		       const uint8_t *addr)
{
	mnl_attr_put(nlh, type, family == AF_INET ? 4 : 16, addr);
}

/* The optional address @key of @obj, of @family, as attribute @type. */
static void put_addr_member(struct jval *obj, const char *key,
			    const char *path, int family,
			    struct nlmsghdr *nlh, uint16_t type)
{
	char p[STATE_PATH_LEN];
	struct jval *v = member(obj, key, JT_STR, path, false, p);
	uint8_t addr[16];

	if (!v)
		return;
	get_prefix_at(v, p, family, addr, NULL, false);
	put_prefix(nlh, type, family, addr);
}

/*
 * {"address": "A/LEN"[, "peer": "P"][, "broadcast": "B"][, "label": "L"]
 *  [, "scope": N][, "flags": [...]][, "metric": N]
 *  [, "valid_lft": S, "preferred_lft": S]}
 */
static void get_addr_at(struct jval *e, const char *path, struct obj *o)
{
	struct nlmsghdr *nlh = obj_msg(o, RTM_NEWADDR, sizeof(struct ifaddrmsg));
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	uint8_t addr[16], peer[16], len;
	unsigned long long n, valid = 0, preferred = 0;
	bool has_valid, has_preferred;
	char p[STATE_PATH_LEN], q[STATE_PATH_LEN];
	uint32_t flags = 0;
	struct jval *v;
	size_t i, k;
	int family;

	want(e, JT_OBJECT, path);
	v = member(e, "address", JT_STR, path, true, p);
	family = get_prefix_at(v, p, 0, addr, &len, true);
	ifa->ifa_family = family;
	ifa->ifa_prefixlen = len;
	v = member(e, "peer", JT_STR, path, false, p);
	if (v) {
		get_prefix_at(v, p, family, peer, NULL, false);
		put_prefix(nlh, IFA_LOCAL, family, addr);
		put_prefix(nlh, IFA_ADDRESS, family, peer);
	} else {
		if (family == AF_INET)
			put_prefix(nlh, IFA_LOCAL, family, addr);
		put_prefix(nlh, IFA_ADDRESS, family, addr);
	}
	put_addr_member(e, "broadcast", path, AF_INET, nlh, IFA_BROADCAST);
	v = member(e, "label", JT_STR, path, false, p);
	if (v) {
		if (family != AF_INET || !v->s[0] || strlen(v->s) >= IFNAMSIZ)
			bad(v, p, "a label is an IPv4 address's, shorter than %u",
			    IFNAMSIZ);
		mnl_attr_put_strz(nlh, IFA_LABEL, v->s);
	}
	if (get_uint(e, "scope", path, 0, 255, &n))
		ifa->ifa_scope = n;
	v = member(e, "flags", JT_ARRAY, path, false, p);
	for (i = 0; v && i < v->n; i++) {
		want(&v->items[i], JT_STR, sub(q, p, NULL, i));
		for (k = 0; addr_flag_words[k].name; k++)
			if (!strcmp(v->items[i].s, addr_flag_words[k].name))
				break;
		if (!addr_flag_words[k].name)
			bad(&v->items[i], q, "unknown address flag '%s'",
			    v->items[i].s);
		flags |= addr_flag_words[k].bit;
	}
	if (get_uint(e, "metric", path, 0, UINT32_MAX, &n))
		mnl_attr_put_u32(nlh, IFA_RT_PRIORITY, n);
	has_valid = get_uint(e, "valid_lft", path, 1, UINT32_MAX - 1, &valid);
	has_preferred = get_uint(e, "preferred_lft", path, 0, valid,
				 &preferred);
	if (has_valid != has_preferred)
		bad(e, path, "valid_lft and preferred_lft go together");
	if (has_valid) {
		struct ifa_cacheinfo ci = {
			.ifa_prefered = preferred, .ifa_valid = valid,
		};

		mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(ci), &ci);
	} else {
		flags |= IFA_F_PERMANENT;
	}
	ifa->ifa_flags = flags & 0xff;
	mnl_attr_put_u32(nlh, IFA_FLAGS, flags);
	no_unknown(e, path);
}

static void get_metrics_at(struct jval *obj, const char *path,
			   struct nlmsghdr *nlh)
{
	char p[STATE_PATH_LEN], q[STATE_PATH_LEN];
	struct jval *m = member(obj, "metrics", JT_OBJECT, path, false, p);
	struct nlattr *nest;
	size_t i;
	int t;

	if (!m)
		return;
	nest = mnl_attr_nest_start(nlh, RTA_METRICS);
	for (i = 0; i < m->n; i++) {
		struct jval *v = &m->items[i];

		sub(q, p, v->key, 0);
		for (t = 1; t <= RTAX_MAX; t++)
			if (route_metric_words[t] &&
			    !strcmp(v->key, route_metric_words[t]))
				break;
		if (t > RTAX_MAX)
			bad(v, q, "unknown route metric");
		v->used = true;
		if (t == RTAX_CC_ALGO) {
			want(v, JT_STR, q);
			if (!v->s[0] || strlen(v->s) >= 16)
				bad(v, q, "not a congestion control's name");
			mnl_attr_put_strz(nlh, t, v->s);
		} else {
			want(v, JT_INT, q);
			if (v->i < 0 || v->i > UINT32_MAX)
				bad(v, q, "%lld is not in 0 to %u", v->i,
				    UINT32_MAX);
			mnl_attr_put_u32(nlh, t, v->i);
		}
	}
	mnl_attr_nest_end(nlh, nest);
}

/*
 * {"dst": "P/LEN"[, "gateway": "G"][, "metric": N][, "table": N]
 *  [, "protocol": N][, "scope": N][, "type": N][, "tos": N]
 *  [, "prefsrc": "A"][, "onlink": true][, "pref": N][, "metrics": {...}]}
 */
static void get_route_at(struct jval *e, const char *path, struct obj *o)
{
	struct nlmsghdr *nlh = obj_msg(o, RTM_NEWROUTE, sizeof(struct rtmsg));
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	unsigned long long n, table = RT_TABLE_MAIN;
	uint8_t addr[16], len;
	char p[STATE_PATH_LEN];
	struct jval *v;
	bool onlink = false;
	int family;

	want(e, JT_OBJECT, path);
	v = member(e, "dst", JT_STR, path, true, p);
	family = get_prefix_at(v, p, 0, addr, &len, true);
	rtm->rtm_family = family;
	rtm->rtm_dst_len = len;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	if (len)
		put_prefix(nlh, RTA_DST, family, addr);
	o->gateway = jget(e, "gateway");
	put_addr_member(e, "gateway", path, family, nlh, RTA_GATEWAY);
	if (get_uint(e, "metric", path, 0, UINT32_MAX, &n))
		mnl_attr_put_u32(nlh, RTA_PRIORITY, n);
	get_uint(e, "table", path, 1, UINT32_MAX, &table);
	if (table == RT_TABLE_LOCAL)
		bad(e, path, "a route of the local table is the kernel's");
	rtm->rtm_table = table < 256 ? table : RT_TABLE_UNSPEC;
	mnl_attr_put_u32(nlh, RTA_TABLE, table);
	if (get_uint(e, "protocol", path, 0, 255, &n))
		rtm->rtm_protocol = n;
	if (get_uint(e, "scope", path, 0, 255, &n))
		rtm->rtm_scope = n;
	if (get_uint(e, "type", path, 1, RTN_MAX, &n))
		rtm->rtm_type = n;
	if (get_uint(e, "tos", path, 0, 255, &n))
		rtm->rtm_tos = n;
	put_addr_member(e, "prefsrc", path, family, nlh, RTA_PREFSRC);
	if (get_bool(e, "onlink", path, &onlink) && onlink)
		rtm->rtm_flags |= RTNH_F_ONLINK;
	if (get_uint(e, "pref", path, 0, 255, &n))
		mnl_attr_put_u8(nlh, RTA_PREF, n);
	get_metrics_at(e, path, nlh);
	no_unknown(e, path);
}

/* An array member @key of @obj as @n objects of @size, each by @fn. */
static void *get_list(struct jval *obj, const char *key, const char *path,
		      size_t size, size_t *n, bool *given,
		      void (*fn)(struct jval *e, const char *path, void *out))
{
	char p[STATE_PATH_LEN], q[STATE_PATH_LEN];
	struct jval *arr = member(obj, key, JT_ARRAY, path, false, p);
	char *out;
	size_t i;

	*n = arr ? arr->n : 0;
	if (given)
		*given = arr;
	out = calloc(*n + 1, size);
	if (!out)
		die("out of memory");
	for (i = 0; i < *n; i++)
		fn(&arr->items[i], sub(q, p, NULL, i), out + i * size);
	return out;
}

static void port_fn(struct jval *e, const char *path, void *out)
{
	get_port_at(e, path, out);
}

static void fdb_fn(struct jval *e, const char *path, void *out)
{
	get_fdb_at(e, path, out);
}

static void addr_fn(struct jval *e, const char *path, void *out)
{
	get_addr_at(e, path, out);
}

static void route_fn(struct jval *e, const char *path, void *out)
{
	get_route_at(e, path, out);
}

static void get_bridge_at(struct jval *e, const char *path,
			  struct s_bridge *br)
{
	char p[STATE_PATH_LEN], q[STATE_PATH_LEN];
	struct jval *v;
	size_t i, j;

	get_named_at(e, path, br->where, &br->line, &br->col, br->name);
	v = member(e, "mac", JT_STR, path, false, p);
	if (v) {
		get_mac_at(v, p, br->mac_addr, true);
		br->has_mac = true;
	}
	GET_UINT(e, "mtu", path, 68, 65535, br, mtu);
	br->has_up = get_bool(e, "up", path, &br->up);
	GET_UINT(e, "ageing_ms", path, 0, UINT32_MAX, br, ageing_ms);
	GET_UINT(e, "max_learned", path, 0, XENBR_LEARN_LIMIT_MAX,
		 br, max_learned);
	GET_UINT(e, "port_max_learned", path, 0, XENBR_LEARN_LIMIT_MAX,
		 br, port_max_learned);
	br->has_vlan_filtering = get_bool(e, "vlan_filtering", path,
					  &br->vlan_filtering);
	GET_UINT(e, "default_pvid", path, 0, XENBR_VID_MAX, br, default_pvid);
	get_vlans_at(e, path, &br->vlans);
	br->ports = get_list(e, "ports", path, sizeof(*br->ports),
			     &br->n_ports, NULL, port_fn);
	br->fdb = get_list(e, "fdb", path, sizeof(*br->fdb), &br->n_fdb, NULL,
			   fdb_fn);
	br->addrs = get_list(e, "addresses", path, sizeof(*br->addrs),
			     &br->n_addrs, &br->has_addrs, addr_fn);
	br->routes = get_list(e, "routes", path, sizeof(*br->routes),
			      &br->n_routes, &br->has_routes, route_fn);
	no_unknown(e, path);

	for (i = 0; i < br->n_ports; i++)
		if (!strcmp(br->ports[i].name, br->name))
			bad(e, br->ports[i].where, "%s is the bridge itself",
			    br->name);
	for (i = 0; i < br->n_fdb; i++) {
		for (j = 0; j < br->n_ports; j++)
			if (!strcmp(br->fdb[i].dev, br->ports[j].name))
				break;
		if (j < br->n_ports)
			continue;
		sub(p, path, "fdb", 0);
		sub(q, p, NULL, i);
		v = jget(&jget(e, "fdb")->items[i], "dev");
		bad(v, sub(p, q, "dev", 0), "%s is not one of the bridge's ports",
		    br->fdb[i].dev);
	}
}

/* The whole of @file (or standard input), NUL-terminated. */
static char *read_all(const char *file, size_t *len)
{
	int fd = strcmp(file, "-") ? open(file, O_RDONLY | O_CLOEXEC) : 0;
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	ssize_t got;

	if (fd < 0)
		die("%s: cannot read %s: %s; nothing changed", verb, file,
		    strerror(errno));
	if (!buf)
		die("out of memory");
	for (;;) {
		if (n + 1 >= cap) {
			if (cap >= STATE_FILE_MAX)
				die("%s: %s is larger than %u MiB; nothing changed",
				    verb, file_name, STATE_FILE_MAX >> 20);
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				die("out of memory");
		}
		got = read(fd, buf + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			die("%s: cannot read %s: %s; nothing changed", verb,
			    file_name, strerror(errno));
		if (!got)
			break;
		n += got;
	}
	if (fd)
		close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

void state_read(const char *file, struct state *st)
{
	struct jval root, *v;
	char err[256], p[STATE_PATH_LEN];
	size_t len, i, j, k, l;
	char *text;

	file_name = strcmp(file, "-") ? file : "standard input";
	text = read_all(file, &len);
	if (!len)
		die("%s: %s is empty; nothing changed", verb, file_name);
	if (jparse(text, len, &root, err, sizeof(err)))
		die("%s: %s:%s; nothing changed", verb, file_name, err);
	free(text);
	memset(st, 0, sizeof(*st));
	want(&root, JT_OBJECT, "");
	v = member(&root, "format", JT_STR, "", true, p);
	if (strcmp(v->s, STATE_FORMAT))
		bad(v, p, "'%s' is not \"%s\"", v->s, STATE_FORMAT);
	v = member(&root, "version", JT_INT, "", true, p);
	if (v->i != STATE_VERSION)
		bad(v, p, "version %lld; this xenbr-ctl reads version %d",
		    v->i, STATE_VERSION);
	/* Written for people; the restore has no use for it. */
	member(&root, "saved_at", JT_STR, "", false, p);
	st->has_netback = get_bool(&root, "netback", "", &st->netback);
	v = member(&root, "bridges", JT_ARRAY, "", true, p);
	st->n_bridges = v->n;
	st->bridges = calloc(v->n + 1, sizeof(*st->bridges));
	if (!st->bridges)
		die("out of memory");
	for (i = 0; i < v->n; i++)
		get_bridge_at(&v->items[i], sub(p, "bridges", NULL, i),
			      &st->bridges[i]);
	no_unknown(&root, "");
	/* A device is in one place: one bridge, one port of it. */
	for (i = 0; i < st->n_bridges; i++) {
		struct s_bridge *a = &st->bridges[i];

		for (j = 0; j < st->n_bridges; j++) {
			struct s_bridge *b = &st->bridges[j];

			if (j > i && !strcmp(a->name, b->name))
				bad(&v->items[j], b->where,
				    "bridge %s is given twice", b->name);
			for (k = 0; k < a->n_ports; k++)
				for (l = 0; l < b->n_ports; l++)
					if ((i != j || l > k) &&
					    !strcmp(a->ports[k].name,
						    b->ports[l].name))
						bad(&v->items[j],
						    b->ports[l].where,
						    "%s is also %s",
						    b->ports[l].name,
						    a->ports[k].where);
			for (k = 0; k < b->n_ports; k++)
				if (!strcmp(a->name, b->ports[k].name))
					bad(&v->items[j], b->ports[k].where,
					    "%s is a bridge", a->name);
		}
	}
	jfree(&root);
}

void state_free(struct state *st)
{
	size_t i, j;

	for (i = 0; i < st->n_bridges; i++) {
		struct s_bridge *br = &st->bridges[i];

		for (j = 0; j < br->n_ports; j++)
			free(br->ports[j].vlans.v);
		free(br->vlans.v);
		free(br->ports);
		free(br->fdb);
		free(br->addrs);
		free(br->routes);
	}
	free(st->bridges);
}
