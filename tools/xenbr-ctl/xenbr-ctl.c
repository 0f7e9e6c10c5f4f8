// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: configure xenbr bridges through the "xenbr" generic netlink
 * family. The brctl verbs print exactly what brctl prints, so scripts
 * written for brctl (Xen's xen-network-common.sh) can call this instead.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>
#include "nl.h"

#define ETH_ALEN	6
#define FDB_DUMP_TRIES	5

static struct nl nl;
static bool json;
static const char *verb = "xenbr-ctl";

/* Errors: one line on stderr, then a non-zero exit. */

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xenbr-ctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void __attribute__((noreturn)) usage_of(const char *name);

static const char *attr_name(unsigned int type)
{
	static const char *const names[] = {
		[XENBR_A_BR_IFINDEX] = "bridge ifindex",
		[XENBR_A_BR_IFNAME] = "bridge name",
		[XENBR_A_BR_MAC] = "bridge MAC",
		[XENBR_A_PORT_IFINDEX] = "port ifindex",
		[XENBR_A_PORT_IFNAME] = "port name",
		[XENBR_A_FDB_MAC] = "MAC address",
		[XENBR_A_NETBACK_AUTO] = "netback glue setting",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "attribute";
}

/* A failed request: the kernel's own words when it gave some. */
static void __attribute__((noreturn, format(printf, 2, 3)))
die_nl(int err, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xenbr-ctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (nl.ext_msg[0])
		fprintf(stderr, ": %s", nl.ext_msg);
	else if (nl.ext_miss)
		fprintf(stderr, ": missing %s", attr_name(nl.ext_miss));
	else
		fprintf(stderr, ": %s", strerror(-err));
	fputc('\n', stderr);
	exit(1);
}

static void nl_init(void)
{
	int err = nl_open(&nl);

	if (err == -ENOENT)
		die("the xenbr module is not loaded (no \"%s\" generic netlink family)",
		    XENBR_GENL_NAME);
	if (err)
		die("cannot open generic netlink: %s", strerror(-err));
}

/* Argument parsing. */

static void check_name(const char *name)
{
	if (!*name || strlen(name) >= IFNAMSIZ)
		die("%s: invalid interface name '%s'", verb, name);
}

static void parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[ETH_ALEN];
	char end;
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &end) != ETH_ALEN || strlen(s) != 17)
		die("%s: invalid MAC address '%s' (want xx:xx:xx:xx:xx:xx)",
		    verb, s);
	for (i = 0; i < ETH_ALEN; i++) {
		if (!isxdigit((unsigned char)s[3 * i]) ||
		    !isxdigit((unsigned char)s[3 * i + 1]))
			die("%s: invalid MAC address '%s'", verb, s);
		mac[i] = b[i];
	}
}

static unsigned long parse_uint(const char *s, unsigned long max,
				const char *what)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || *s == '-' || v > max)
		die("%s: invalid %s '%s' (0 to %lu)", verb, what, s, max);
	return v;
}

static double parse_seconds(const char *s, double max, const char *what)
{
	double v;
	char *end;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0) || v > max)
		die("%s: invalid %s '%s' (0 to %.0f seconds)", verb, what, s,
		    max);
	return v;
}

static bool parse_onoff(const char *s)
{
	if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "1"))
		return true;
	if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "0"))
		return false;
	die("%s: expect on or off, not '%s'", verb, s);
}

static void fmt_mac(char *out, const uint8_t *mac)
{
	sprintf(out, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
		mac[3], mac[4], mac[5]);
}

/* JSON output: a tiny emitter that places commas. */

static int jdepth;
static bool jfirst[32] = { true };

static void jsep(void)
{
	if (!jfirst[jdepth])
		putchar(',');
	jfirst[jdepth] = false;
}

static void jstr_raw(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void jopen(char c)
{
	jsep();
	putchar(c);
	jfirst[++jdepth] = true;
}

static void jclose(char c)
{
	putchar(c);
	jdepth--;
}

static void jkey(const char *k)
{
	jsep();
	jstr_raw(k);
	putchar(':');
	jfirst[jdepth] = true;
}

static void jstr(const char *k, const char *v)
{
	if (k)
		jkey(k);
	jsep();
	if (v)
		jstr_raw(v);
	else
		fputs("null", stdout);
}

static void juint(const char *k, unsigned long long v)
{
	if (k)
		jkey(k);
	jsep();
	printf("%llu", v);
}

static void jbool(const char *k, bool v)
{
	jkey(k);
	jsep();
	fputs(v ? "true" : "false", stdout);
}

static void jsecs(const char *k, unsigned int ms)
{
	jkey(k);
	jsep();
	printf("%u.%03u", ms / 1000, ms % 1000);
}

static void jend(void)
{
	putchar('\n');
}

/* What the kernel tells about bridges, ports and FDB entries. */

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
};

/* A port that is a Xen netback vif; guest_mac all zero when unknown. */
struct vif {
	bool is_vif;
	uint32_t domid, handle;
	uint8_t guest_mac[ETH_ALEN];
};

struct port {
	int br_ifindex;
	char br[IFNAMSIZ];
	int ifindex;
	char name[IFNAMSIZ];
	unsigned int no;
	bool learning, flood, mcast_flood, bcast_flood, up;
	uint32_t limit, learned;
	struct vif vif;
	struct stats st;
};

struct fdb {
	uint8_t mac[ETH_ALEN];
	uint16_t vid;
	uint32_t flags;
	int port_ifindex;
	uint32_t age;
};

struct vec {
	void *v;
	size_t n, cap, size;
};

static void *vec_add(struct vec *vec)
{
	if (vec->n == vec->cap) {
		vec->cap = vec->cap ? 2 * vec->cap : 16;
		vec->v = realloc(vec->v, vec->cap * vec->size);
		if (!vec->v)
			die("out of memory");
	}
	return memset((char *)vec->v + vec->n++ * vec->size, 0, vec->size);
}

static uint32_t get_u32(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) >= 4 ? mnl_attr_get_u32(a) : 0;
}

static uint16_t get_u16(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) >= 2 ? mnl_attr_get_u16(a) : 0;
}

static uint8_t get_u8(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) >= 1 ? mnl_attr_get_u8(a) : 0;
}

static uint64_t get_u64(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) >= 8 ? mnl_attr_get_u64(a) : 0;
}

static void get_str(char *out, const struct nlattr *a)
{
	snprintf(out, IFNAMSIZ, "%s",
		 a && !mnl_attr_validate(a, MNL_TYPE_NUL_STRING) ?
		 mnl_attr_get_str(a) : "?");
}

static void get_mac(uint8_t *out, const struct nlattr *a)
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

static int bridge_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[XENBR_A_MAX + 1];
	struct bridge *br = vec_add(data);

	nl_parse(nlh, tb, XENBR_A_MAX);
	br->ifindex = get_u32(tb[XENBR_A_BR_IFINDEX]);
	get_str(br->name, tb[XENBR_A_BR_IFNAME]);
	get_mac(br->mac, tb[XENBR_A_BR_MAC]);
	br->ageing = get_u32(tb[XENBR_A_BR_AGEING_TIME]);
	br->limit = get_u32(tb[XENBR_A_BR_LEARN_LIMIT]);
	br->port_limit = get_u32(tb[XENBR_A_BR_PORT_LEARN_LIMIT]);
	br->learned = get_u32(tb[XENBR_A_LEARNED]);
	br->suppressed = get_u64(tb[XENBR_A_SUPPRESSED]);
	get_stats(&br->st, tb[XENBR_A_STATS]);
	return MNL_CB_OK;
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

static int port_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[XENBR_A_MAX + 1];
	struct port *p = vec_add(data);

	nl_parse(nlh, tb, XENBR_A_MAX);
	p->br_ifindex = get_u32(tb[XENBR_A_BR_IFINDEX]);
	get_str(p->br, tb[XENBR_A_BR_IFNAME]);
	p->ifindex = get_u32(tb[XENBR_A_PORT_IFINDEX]);
	get_str(p->name, tb[XENBR_A_PORT_IFNAME]);
	p->no = get_u16(tb[XENBR_A_PORT_NO]);
	p->learning = get_u8(tb[XENBR_A_PORT_LEARNING]);
	p->flood = get_u8(tb[XENBR_A_PORT_FLOOD_UCAST]);
	p->mcast_flood = get_u8(tb[XENBR_A_PORT_FLOOD_MCAST]);
	p->bcast_flood = get_u8(tb[XENBR_A_PORT_FLOOD_BCAST]);
	p->up = get_u8(tb[XENBR_A_PORT_STATE]) == XENBR_PORT_STATE_UP;
	p->limit = get_u32(tb[XENBR_A_PORT_LEARN_LIMIT]);
	p->learned = get_u32(tb[XENBR_A_LEARNED]);
	get_vif(&p->vif, tb[XENBR_A_PORT_NETBACK]);
	get_stats(&p->st, tb[XENBR_A_STATS]);
	return MNL_CB_OK;
}

static int fdb_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[XENBR_A_MAX + 1];
	struct fdb *f = vec_add(data);

	nl_parse(nlh, tb, XENBR_A_MAX);
	get_mac(f->mac, tb[XENBR_A_FDB_MAC]);
	f->vid = get_u16(tb[XENBR_A_FDB_VLAN]);
	f->flags = get_u32(tb[XENBR_A_FDB_FLAGS]);
	f->port_ifindex = get_u32(tb[XENBR_A_PORT_IFINDEX]);
	f->age = get_u32(tb[XENBR_A_FDB_AGE]);
	return MNL_CB_OK;
}

static char msgbuf[NL_BUF_SIZE];

/* A change: a request acknowledged or refused. */
static int do_change(struct nlmsghdr *nlh)
{
	return nl_talk(&nl, nlh, NULL, NULL);
}

static struct nlmsghdr *req(uint8_t cmd, uint16_t flags)
{
	/* Opened on first use: usage errors come before "not loaded". */
	if (!nl.sk)
		nl_init();
	return nl_msg(&nl, msgbuf, cmd, flags);
}

static void put_name(struct nlmsghdr *nlh, uint16_t type, const char *name)
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

/* Bridges: the one named @name, or all (sorted by name). */
static struct vec get_bridges(const char *name)
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
		die("bridge %s does not exist", name);
	if (err)
		die_nl(err, "%s%s%s", verb, name ? " " : "", name ? name : "");
	qsort(v.v, v.n, v.size, cmp_bridge);
	return v;
}

static struct vec get_ports(int br_ifindex)
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

/* The port @name, or NULL-filled with err set; for "is it a port?". */
static int get_port(const char *name, struct port *out)
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
 * The FDB of a bridge. A dump the kernel flags as interrupted (the FDB
 * changed meanwhile) is retried, then reported.
 */
static struct vec get_fdb(int br_ifindex)
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

/* A name that is a bridge or a port: which one. */
enum kind { KIND_BRIDGE, KIND_PORT };

static enum kind classify(const char *name, struct port *port)
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
 * The name of @ifindex, in @buf. A dump names the same few ports again and
 * again, and if_indextoname() opens a socket each time: remember the last.
 */
static const char *ifname(int ifindex, char *buf)
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

/* Verbs. Each gets the arguments after its name. */

static int need_args(int argc, int min, int max)
{
	if (argc < min || argc > max)
		usage_of(verb);
	return argc;
}

/* addbr and delbr: @cmd on the bridge named argv[0]. */
static int br_change(uint8_t cmd, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	int err;

	need_args(argc, 1, 1);
	nlh = req(cmd, NLM_F_ACK);
	put_name(nlh, XENBR_A_BR_IFNAME, argv[0]);
	err = do_change(nlh);
	if (err)
		die_nl(err, "%s %s", verb, argv[0]);
	return 0;
}

static int cmd_addbr(int argc, char **argv)
{
	return br_change(XENBR_CMD_BR_NEW, argc, argv);
}

static int cmd_delbr(int argc, char **argv)
{
	return br_change(XENBR_CMD_BR_DEL, argc, argv);
}

static int port_change(uint8_t cmd, const char *br, const char *dev)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = req(cmd, NLM_F_ACK);
	put_name(nlh, XENBR_A_BR_IFNAME, br);
	put_name(nlh, XENBR_A_PORT_IFNAME, dev);
	err = do_change(nlh);
	if (err)
		die_nl(err, "%s %s %s", verb, br, dev);
	return 0;
}

static int cmd_addif(int argc, char **argv)
{
	need_args(argc, 2, 2);
	return port_change(XENBR_CMD_PORT_ADD, argv[0], argv[1]);
}

static int cmd_delif(int argc, char **argv)
{
	need_args(argc, 2, 2);
	return port_change(XENBR_CMD_PORT_DEL, argv[0], argv[1]);
}

static void bridge_id(char *out, const struct bridge *br)
{
	/* Priority 0x8000, as brctl shows a bridge without STP. */
	sprintf(out, "8000.%02x%02x%02x%02x%02x%02x", br->mac[0], br->mac[1],
		br->mac[2], br->mac[3], br->mac[4], br->mac[5]);
}

static bool mac_known(const uint8_t *mac)
{
	static const uint8_t zero[ETH_ALEN];

	return memcmp(mac, zero, ETH_ALEN);
}

/* "domid D handle H[ guest-mac M]", or "" for a port that is no vif. */
static const char *vif_text(char *out, size_t size, const struct vif *vif)
{
	char mac[18];
	int n;

	*out = '\0';
	if (!vif->is_vif)
		return out;
	n = snprintf(out, size, "domid %u handle %u", vif->domid, vif->handle);
	if (mac_known(vif->guest_mac)) {
		fmt_mac(mac, vif->guest_mac);
		snprintf(out + n, size - n, " guest-mac %s", mac);
	}
	return out;
}

/* {"domid": D, "handle": H, "guest_mac": M or null} */
static void jvif(const char *key, const struct vif *vif)
{
	char mac[18];

	fmt_mac(mac, vif->guest_mac);
	jkey(key);
	jopen('{');
	juint("domid", vif->domid);
	juint("handle", vif->handle);
	jstr("guest_mac", mac_known(vif->guest_mac) ? mac : NULL);
	jclose('}');
}

/*
 * A bridge's JSON "netback": each port that is a netback vif, by name; left
 * out when none is, so the output for bridges without vifs is brctl's.
 */
static void jvifs(const struct vec *ports)
{
	const struct port *p = ports->v;
	bool any = false;
	size_t j;

	for (j = 0; j < ports->n; j++) {
		if (!p[j].vif.is_vif)
			continue;
		if (!any) {
			jkey("netback");
			jopen('{');
			any = true;
		}
		jvif(p[j].name, &p[j].vif);
	}
	if (any)
		jclose('}');
}

static int cmd_show(int argc, char **argv)
{
	struct vec brs = get_bridges(need_args(argc, 0, 1) ? argv[0] : NULL);
	char id[32], mac[18], vif[80];
	size_t i, j;

	if (json)
		jopen('[');
	else
		printf("bridge name\tbridge id\t\tSTP enabled\tinterfaces\n");
	for (i = 0; i < brs.n; i++) {
		struct bridge *br = (struct bridge *)brs.v + i;
		struct vec ports = get_ports(br->ifindex);

		bridge_id(id, br);
		fmt_mac(mac, br->mac);
		if (json) {
			jopen('{');
			jstr("bridge", br->name);
			jstr("id", id);
			jbool("stp", false);
			jsecs("ageing_time", br->ageing);
			jstr("mac", mac);
			jkey("interfaces");
			jopen('[');
			for (j = 0; j < ports.n; j++)
				jstr(NULL, ((struct port *)ports.v)[j].name);
			jclose(']');
			jvifs(&ports);
			jclose('}');
		} else {
			printf("%s\t\t%s\t%s\t\t", br->name, id, "no");
			for (j = 0; j < ports.n; j++) {
				struct port *p = (struct port *)ports.v + j;

				/* Only a vif's line differs from brctl's. */
				vif_text(vif, sizeof(vif), &p->vif);
				printf("%s%s%s%s%s\n", j ? "\t\t\t\t\t\t\t" : "",
				       p->name, *vif ? " (" : "", vif,
				       *vif ? ")" : "");
			}
			if (!ports.n)
				printf("\n");
		}
		free(ports.v);
	}
	if (json) {
		jclose(']');
		jend();
	}
	free(brs.v);
	return 0;
}

static bool port_mac(const char *dev, uint8_t *mac)
{
	unsigned int b[ETH_ALEN];
	char path[64];
	FILE *f;
	int i, n;

	snprintf(path, sizeof(path), "/sys/class/net/%s/address", dev);
	f = fopen(path, "r");
	if (!f)
		return false;
	n = fscanf(f, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]);
	fclose(f);
	for (i = 0; i < ETH_ALEN; i++)
		mac[i] = b[i];
	return n == ETH_ALEN;
}

/*
 * brctl showmacs: entries sorted by MAC. The bridge's local entry has no
 * port; it is shown on the port whose device has that MAC, as a Linux
 * bridge would, and left out otherwise (as Linux leaves out entries with
 * no port).
 */
static int cmd_showmacs(int argc, char **argv)
{
	struct vec brs, ports, fdb;
	struct bridge *br;
	char mac[18];
	size_t i, j;

	need_args(argc, 1, 1);
	brs = get_bridges(argv[0]);
	br = brs.v;
	ports = get_ports(br->ifindex);
	fdb = get_fdb(br->ifindex);

	if (json)
		jopen('[');
	else
		printf("port no\tmac addr\t\tis local?\tageing timer\n");
	for (i = 0; i < fdb.n; i++) {
		struct fdb *f = (struct fdb *)fdb.v + i;
		bool local = f->flags & XENBR_FDB_LOCAL;
		/* As brctl: entries that never age show no timer. */
		unsigned int age = f->flags & (XENBR_FDB_LOCAL | XENBR_FDB_STATIC) ?
				   0 : f->age;
		unsigned int no = 0;

		for (j = 0; j < ports.n; j++) {
			struct port *p = (struct port *)ports.v + j;
			uint8_t pmac[ETH_ALEN];

			if (local ? port_mac(p->name, pmac) &&
				    !memcmp(pmac, f->mac, ETH_ALEN) :
				    p->ifindex == f->port_ifindex) {
				no = p->no;
				break;
			}
		}
		if (!no)
			continue;
		fmt_mac(mac, f->mac);
		if (json) {
			jopen('{');
			juint("port", no);
			jstr("mac", mac);
			jbool("local", local);
			jsecs("ageing", age);
			jclose('}');
		} else {
			printf("%3u\t%s\t%s\t\t%4u.%.2u\n", no, mac,
			       local ? "yes" : "no", age / 1000, age % 1000 / 10);
		}
	}
	if (json) {
		jclose(']');
		jend();
	}
	free(fdb.v);
	free(ports.v);
	free(brs.v);
	return 0;
}

static int br_set(const char *br, uint16_t type, uint32_t value)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = req(XENBR_CMD_BR_SET, NLM_F_ACK);
	put_name(nlh, XENBR_A_BR_IFNAME, br);
	mnl_attr_put_u32(nlh, type, value);
	err = do_change(nlh);
	if (err)
		die_nl(err, "%s %s", verb, br);
	return 0;
}

static int cmd_setageing(int argc, char **argv)
{
	double secs;

	need_args(argc, 2, 2);
	secs = parse_seconds(argv[1], XENBR_AGEING_MAX_MS / 1000,
			     "ageing time");
	return br_set(argv[0], XENBR_A_BR_AGEING_TIME,
		      (uint32_t)(secs * 1000 + 0.5));
}

/* STP and forward delay: xenbr has neither; accept only "none". */
static int cmd_stp(int argc, char **argv)
{
	need_args(argc, 2, 2);
	if (parse_onoff(argv[1]))
		die("stp %s: xenbr has no STP: only \"off\" is supported",
		    argv[0]);
	free(get_bridges(argv[0]).v);
	return 0;
}

static int cmd_setfd(int argc, char **argv)
{
	need_args(argc, 2, 2);
	if (parse_seconds(argv[1], 1e9, "forward delay") != 0)
		die("setfd %s: xenbr forwards at once: only a delay of 0 is supported",
		    argv[0]);
	free(get_bridges(argv[0]).v);
	return 0;
}

static const char *fdb_type(uint32_t flags)
{
	if (flags & XENBR_FDB_LOCAL)
		return "local";
	if (flags & XENBR_FDB_STATIC)
		return "static";
	return "learned";
}

static int fdb_show(const char *brname)
{
	struct vec brs = get_bridges(brname), fdb;
	struct bridge *br = brs.v;
	char mac[18], dev[IF_NAMESIZE];
	size_t i;

	fdb = get_fdb(br->ifindex);
	if (json)
		jopen('[');
	for (i = 0; i < fdb.n; i++) {
		struct fdb *f = (struct fdb *)fdb.v + i;
		const char *name = f->port_ifindex ?
				   ifname(f->port_ifindex, dev) : br->name;

		fmt_mac(mac, f->mac);
		if (json) {
			jopen('{');
			jstr("mac", mac);
			juint("vlan", f->vid);
			jstr("dev", name);
			jstr("type", fdb_type(f->flags));
			jsecs("age", f->age);
			jclose('}');
		} else {
			printf("%s dev %s vlan %u %s age %u.%02u\n", mac, name,
			       f->vid, fdb_type(f->flags), f->age / 1000,
			       f->age % 1000 / 10);
		}
	}
	if (json) {
		jclose(']');
		jend();
	}
	free(fdb.v);
	free(brs.v);
	return 0;
}

static int cmd_fdb(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	uint8_t mac[ETH_ALEN];
	const char *sub;
	int err, i;

	need_args(argc, 2, 6);
	sub = argv[0];
	if (!strcmp(sub, "show")) {
		need_args(argc, 2, 2);
		return fdb_show(argv[1]);
	}
	if (!strcmp(sub, "add") || !strcmp(sub, "del")) {
		bool add = !strcmp(sub, "add");

		/* fdb add BR MAC DEV [vlan N] | fdb del BR MAC [vlan N] */
		i = add ? 4 : 3;
		if (argc != i && argc != i + 2)
			usage_of(verb);
		if (argc == i + 2 && strcmp(argv[i], "vlan"))
			usage_of(verb);
		parse_mac(argv[2], mac);
		nlh = req(add ? XENBR_CMD_FDB_ADD : XENBR_CMD_FDB_DEL,
			  NLM_F_ACK);
		put_name(nlh, XENBR_A_BR_IFNAME, argv[1]);
		mnl_attr_put(nlh, XENBR_A_FDB_MAC, ETH_ALEN, mac);
		if (add)
			put_name(nlh, XENBR_A_PORT_IFNAME, argv[3]);
		if (argc == i + 2)
			mnl_attr_put_u16(nlh, XENBR_A_FDB_VLAN,
					 parse_uint(argv[i + 1], 4094, "VLAN id"));
		err = do_change(nlh);
		if (err)
			die_nl(err, "fdb %s %s %s", sub, argv[1], argv[2]);
		return 0;
	}
	if (!strcmp(sub, "flush")) {
		/* fdb flush BR [dev DEV] [static] */
		nlh = req(XENBR_CMD_FDB_FLUSH, NLM_F_ACK);
		put_name(nlh, XENBR_A_BR_IFNAME, argv[1]);
		for (i = 2; i < argc; i++) {
			if (!strcmp(argv[i], "static"))
				mnl_attr_put(nlh, XENBR_A_FLUSH_STATIC, 0, NULL);
			else if (!strcmp(argv[i], "dev") && i + 1 < argc)
				put_name(nlh, XENBR_A_PORT_IFNAME, argv[++i]);
			else
				usage_of(verb);
		}
		err = do_change(nlh);
		if (err)
			die_nl(err, "fdb flush %s", argv[1]);
		return 0;
	}
	die("fdb: unknown subcommand '%s' (add, del, flush or show)", sub);
}

static void print_port(const struct port *p)
{
	char vif[80];

	if (json) {
		jopen('{');
		jstr("dev", p->name);
		jstr("bridge", p->br);
		juint("port", p->no);
		jstr("state", p->up ? "up" : "down");
		jbool("learning", p->learning);
		jbool("flood", p->flood);
		jbool("mcast_flood", p->mcast_flood);
		jbool("bcast_flood", p->bcast_flood);
		juint("limit", p->limit);
		juint("learned", p->learned);
		if (p->vif.is_vif)
			jvif("netback", &p->vif);
		jclose('}');
		return;
	}
	vif_text(vif, sizeof(vif), &p->vif);
	printf("%s bridge %s port %u state %s learning %s flood %s mcast-flood %s bcast-flood %s limit %u learned %u%s%s\n",
	       p->name, p->br, p->no, p->up ? "up" : "down",
	       p->learning ? "on" : "off", p->flood ? "on" : "off",
	       p->mcast_flood ? "on" : "off", p->bcast_flood ? "on" : "off",
	       p->limit, p->learned, *vif ? " " : "", vif);
}

static int port_show(int argc, char **argv)
{
	struct vec brs = { .size = sizeof(struct bridge) };
	struct port one;
	size_t i, j;

	if (argc && classify(argv[0], &one) == KIND_PORT) {
		if (json)
			jopen('[');
		print_port(&one);
	} else {
		brs = get_bridges(argc ? argv[0] : NULL);
		if (json)
			jopen('[');
		for (i = 0; i < brs.n; i++) {
			struct vec ports =
				get_ports(((struct bridge *)brs.v)[i].ifindex);

			for (j = 0; j < ports.n; j++)
				print_port((struct port *)ports.v + j);
			free(ports.v);
		}
	}
	if (json) {
		jclose(']');
		jend();
	}
	free(brs.v);
	return 0;
}

static int cmd_port(int argc, char **argv)
{
	static const struct {
		const char *key;
		uint16_t type;
	} flags[] = {
		{ "learning", XENBR_A_PORT_LEARNING },
		{ "flood", XENBR_A_PORT_FLOOD_UCAST },
		{ "mcast-flood", XENBR_A_PORT_FLOOD_MCAST },
		{ "bcast-flood", XENBR_A_PORT_FLOOD_BCAST },
	};
	struct nlmsghdr *nlh;
	size_t k;
	int err, i;

	need_args(argc, 1, 64);
	if (!strcmp(argv[0], "show"))
		return port_show(need_args(argc - 1, 0, 1), argv + 1);
	if (strcmp(argv[0], "set") || argc < 4 || argc % 2)
		usage_of(verb);

	/* port set DEV KEY VALUE...: all parsed before anything is sent. */
	nlh = req(XENBR_CMD_PORT_SET, NLM_F_ACK);
	put_name(nlh, XENBR_A_PORT_IFNAME, argv[1]);
	for (i = 2; i < argc; i += 2) {
		for (k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
			if (!strcmp(argv[i], flags[k].key))
				break;
		if (k < sizeof(flags) / sizeof(flags[0]))
			mnl_attr_put_u8(nlh, flags[k].type,
					parse_onoff(argv[i + 1]));
		else if (!strcmp(argv[i], "limit"))
			mnl_attr_put_u32(nlh, XENBR_A_PORT_LEARN_LIMIT,
					 parse_uint(argv[i + 1],
						    XENBR_LEARN_LIMIT_MAX,
						    "limit"));
		else
			die("port set: unknown setting '%s'", argv[i]);
	}
	err = do_change(nlh);
	if (err)
		die_nl(err, "port set %s", argv[1]);
	return 0;
}

static int cmd_limits(int argc, char **argv)
{
	const char *brname = NULL;
	struct nlmsghdr *nlh = NULL;
	struct vec brs;
	size_t i, j;
	int err, a = 0;

	if (argc && strcmp(argv[0], "max") && strcmp(argv[0], "port-max"))
		brname = argv[a++];
	if (a < argc) {
		if (!brname)
			die("limits: name the bridge to change");
		nlh = req(XENBR_CMD_BR_SET, NLM_F_ACK);
		put_name(nlh, XENBR_A_BR_IFNAME, brname);
		for (; a < argc; a += 2) {
			if (a + 1 >= argc)
				usage_of(verb);
			if (!strcmp(argv[a], "max"))
				mnl_attr_put_u32(nlh, XENBR_A_BR_LEARN_LIMIT,
						 parse_uint(argv[a + 1],
							    XENBR_LEARN_LIMIT_MAX,
							    "limit"));
			else if (!strcmp(argv[a], "port-max"))
				mnl_attr_put_u32(nlh,
						 XENBR_A_BR_PORT_LEARN_LIMIT,
						 parse_uint(argv[a + 1],
							    XENBR_LEARN_LIMIT_MAX,
							    "limit"));
			else
				usage_of(verb);
		}
		err = do_change(nlh);
		if (err)
			die_nl(err, "limits %s", brname);
		return 0;
	}

	brs = get_bridges(brname);
	if (json)
		jopen('[');
	for (i = 0; i < brs.n; i++) {
		struct bridge *br = (struct bridge *)brs.v + i;
		struct vec ports = get_ports(br->ifindex);

		if (json) {
			jopen('{');
			jstr("bridge", br->name);
			juint("learned", br->learned);
			juint("max", br->limit);
			juint("port_max", br->port_limit);
			jkey("ports");
			jopen('[');
		} else {
			printf("%s: learned %u max %u port-max %u\n", br->name,
			       br->learned, br->limit, br->port_limit);
		}
		for (j = 0; j < ports.n; j++) {
			struct port *p = (struct port *)ports.v + j;

			if (json) {
				jopen('{');
				jstr("dev", p->name);
				juint("learned", p->learned);
				juint("max", p->limit);
				jclose('}');
			} else {
				printf("  %s: learned %u max %u\n", p->name,
				       p->learned, p->limit);
			}
		}
		if (json) {
			jclose(']');
			jclose('}');
		}
		free(ports.v);
	}
	if (json) {
		jclose(']');
		jend();
	}
	free(brs.v);
	return 0;
}

static const char *const drop_names[] = {
	[XENBR_DROP_INVALID_SRC] = "invalid_src",
	[XENBR_DROP_MALFORMED] = "malformed",
	[XENBR_DROP_HAIRPIN] = "hairpin",
	[XENBR_DROP_PORT_DOWN] = "port_down",
	[XENBR_DROP_NO_DEST] = "no_dest",
	[XENBR_DROP_NOMEM] = "nomem",
	[XENBR_DROP_TOO_BIG] = "too_big",
	[XENBR_DROP_BRIDGE_DOWN] = "bridge_down",
	[XENBR_DROP_PAUSE] = "pause",
};

static const char *const stat_names[] = {
	[XENBR_STATS_A_RX_PACKETS] = "rx_packets",
	[XENBR_STATS_A_RX_BYTES] = "rx_bytes",
	[XENBR_STATS_A_TX_PACKETS] = "tx_packets",
	[XENBR_STATS_A_TX_BYTES] = "tx_bytes",
	[XENBR_STATS_A_FLOODED] = "flooded",
	[XENBR_STATS_A_FDB_MOVES] = "fdb_moves",
	[XENBR_STATS_A_LEARN_LIMIT] = "learn_limit_hits",
	[XENBR_STATS_A_TX_DROPPED] = "tx_dropped",
};

static void print_stats(const char *name, const char *kind,
			const char *bridge, const struct stats *st,
			uint32_t learned, const uint64_t *suppressed)
{
	int i;

	if (json) {
		jopen('{');
		jstr("dev", name);
		jstr("kind", kind);
		if (bridge)
			jstr("bridge", bridge);
		for (i = XENBR_STATS_A_RX_PACKETS; i <= XENBR_STATS_A_TX_DROPPED;
		     i++)
			juint(stat_names[i], st->v[i]);
		juint("learned", learned);
		if (suppressed)
			juint("suppressed_events", *suppressed);
		jkey("drops");
		jopen('{');
		for (i = 0; i <= XENBR_DROP_MAX; i++)
			juint(drop_names[i], st->drops[i]);
		jclose('}');
		jclose('}');
		return;
	}
	if (bridge)
		printf("%s (port of %s):\n ", name, bridge);
	else
		printf("%s:\n ", name);
	for (i = XENBR_STATS_A_RX_PACKETS; i <= XENBR_STATS_A_TX_DROPPED; i++)
		printf(" %s %llu", stat_names[i],
		       (unsigned long long)st->v[i]);
	printf(" learned %u", learned);
	if (suppressed)
		printf(" suppressed_events %llu",
		       (unsigned long long)*suppressed);
	printf("\n  drops:");
	for (i = 0; i <= XENBR_DROP_MAX; i++)
		printf(" %s %llu", drop_names[i],
		       (unsigned long long)st->drops[i]);
	printf("\n");
}

static int cmd_stats(int argc, char **argv)
{
	struct vec brs = { .size = sizeof(struct bridge) };
	struct port one;
	size_t i, j;

	need_args(argc, 0, 1);
	if (argc && classify(argv[0], &one) == KIND_PORT) {
		if (json)
			jopen('[');
		print_stats(one.name, "port", one.br, &one.st, one.learned,
			    NULL);
	} else {
		brs = get_bridges(argc ? argv[0] : NULL);
		if (json)
			jopen('[');
		for (i = 0; i < brs.n; i++) {
			struct bridge *br = (struct bridge *)brs.v + i;
			struct vec ports = get_ports(br->ifindex);

			print_stats(br->name, "bridge", NULL, &br->st,
				    br->learned, &br->suppressed);
			for (j = 0; j < ports.n; j++) {
				struct port *p = (struct port *)ports.v + j;

				print_stats(p->name, "port", p->br, &p->st,
					    p->learned, NULL);
			}
			free(ports.v);
		}
	}
	if (json) {
		jclose(']');
		jend();
	}
	free(brs.v);
	return 0;
}

/* The netback glue: the switch, and the vifs it dealt with by outcome. */
struct glue {
	bool on;
	uint32_t counts[XENBR_NETBACK_STATS_A_MAX + 1];
};

static const char *const glue_count_names[] = {
	[XENBR_NETBACK_STATS_A_ATTACHED] = "attached",
	[XENBR_NETBACK_STATS_A_FAILED] = "failed",
	[XENBR_NETBACK_STATS_A_FOREIGN] = "foreign",
	[XENBR_NETBACK_STATS_A_SKIPPED] = "skipped",
	[XENBR_NETBACK_STATS_A_GONE] = "gone",
};

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
	nl_parse_nested(tb[XENBR_A_NETBACK_STATS], stb,
			XENBR_NETBACK_STATS_A_MAX);
	for (i = 1; i <= XENBR_NETBACK_STATS_A_MAX; i++)
		g->counts[i] = get_u32(stb[i]);
	return MNL_CB_OK;
}

static int cmd_netback(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct glue g = { 0 };
	int err, i;

	if (need_args(argc, 0, 1)) {
		bool on = parse_onoff(argv[0]);

		nlh = req(XENBR_CMD_NETBACK_SET, NLM_F_ACK);
		mnl_attr_put_u8(nlh, XENBR_A_NETBACK_AUTO, on);
		err = do_change(nlh);
		if (err)
			die_nl(err, "netback %s", argv[0]);
		return 0;
	}
	nlh = req(XENBR_CMD_NETBACK_GET, NLM_F_ACK);
	err = nl_talk(&nl, nlh, glue_cb, &g);
	if (err)
		die_nl(err, "netback");
	if (!json) {
		printf("netback glue: %s\n", g.on ? "on" : "off");
		return 0;
	}
	jopen('{');
	jbool("enabled", g.on);
	jkey("vifs");
	jopen('{');
	for (i = 1; i <= XENBR_NETBACK_STATS_A_MAX; i++)
		juint(glue_count_names[i], g.counts[i]);
	jclose('}');
	jclose('}');
	jend();
	return 0;
}

static const char *const event_names[] = {
	[XENBR_EVENT_FDB_LEARN] = "learn",
	[XENBR_EVENT_FDB_MOVE] = "move",
	[XENBR_EVENT_FDB_AGE] = "age",
	[XENBR_EVENT_FDB_DELETE] = "delete",
	[XENBR_EVENT_FDB_ADD] = "add",
	[XENBR_EVENT_PORT_ADD] = "port-add",
	[XENBR_EVENT_PORT_DEL] = "port-del",
	[XENBR_EVENT_PORT_STATE] = "port-state",
	[XENBR_EVENT_SUPPRESSED] = "suppressed",
};

static unsigned long monitor_left;

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[XENBR_A_MAX + 1];
	char stamp[64], br[IF_NAMESIZE], dev[IF_NAMESIZE], mac[18];
	unsigned int type;
	struct timeval tv;
	const char *name;
	struct tm tm;

	(void)data;
	if (nlh->nlmsg_type != nl.family || genl->cmd != XENBR_CMD_EVENT)
		return MNL_CB_OK;
	nl_parse(nlh, tb, XENBR_A_MAX);
	type = get_u32(tb[XENBR_A_EVENT]);
	name = type < __XENBR_EVENT_MAX && event_names[type] ?
	       event_names[type] : "unknown";

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	sprintf(stamp + strlen(stamp), ".%03ld", (long)tv.tv_usec / 1000);
	ifname(get_u32(tb[XENBR_A_BR_IFINDEX]), br);
	ifname(get_u32(tb[XENBR_A_PORT_IFINDEX]), dev);

	if (json) {
		jopen('{');
		jstr("time", stamp);
		jstr("event", name);
		jstr("bridge", br);
	} else {
		printf("[%s] %s %s", stamp, name, br);
	}
	if (tb[XENBR_A_FDB_MAC]) {
		uint8_t m[ETH_ALEN] = { 0 };

		get_mac(m, tb[XENBR_A_FDB_MAC]);
		fmt_mac(mac, m);
		if (json) {
			jstr("mac", mac);
			juint("vlan", get_u16(tb[XENBR_A_FDB_VLAN]));
			jstr("dev", tb[XENBR_A_PORT_IFINDEX] ? dev : NULL);
			jstr("type", fdb_type(get_u32(tb[XENBR_A_FDB_FLAGS])));
		} else {
			printf(" %s vlan %u", mac, get_u16(tb[XENBR_A_FDB_VLAN]));
			if (tb[XENBR_A_PORT_IFINDEX])
				printf(" dev %s", dev);
			printf(" %s", fdb_type(get_u32(tb[XENBR_A_FDB_FLAGS])));
		}
	} else if (tb[XENBR_A_PORT_IFINDEX]) {
		const char *state = get_u8(tb[XENBR_A_PORT_STATE]) ==
				    XENBR_PORT_STATE_UP ? "up" : "down";
		struct vif vif = { 0 };
		char vtext[80];

		get_str(dev, tb[XENBR_A_PORT_IFNAME]);
		get_vif(&vif, tb[XENBR_A_PORT_NETBACK]);
		if (json) {
			jstr("dev", dev);
			juint("port", get_u16(tb[XENBR_A_PORT_NO]));
			jstr("state", state);
			if (vif.is_vif)
				jvif("netback", &vif);
		} else {
			printf(" dev %s port %u %s", dev,
			       get_u16(tb[XENBR_A_PORT_NO]), state);
			if (*vif_text(vtext, sizeof(vtext), &vif))
				printf(" %s", vtext);
		}
	}
	if (tb[XENBR_A_SUPPRESSED]) {
		if (json)
			juint("count", get_u64(tb[XENBR_A_SUPPRESSED]));
		else
			printf(" count %llu", (unsigned long long)
			       get_u64(tb[XENBR_A_SUPPRESSED]));
	}
	if (json) {
		jclose('}');
		jend();
	} else {
		printf("\n");
	}
	fflush(stdout);
	/* In JSON, each event is its own document, one a line. */
	jfirst[0] = true;
	if (monitor_left && !--monitor_left)
		return MNL_CB_STOP;
	return MNL_CB_OK;
}

static int cmd_monitor(int argc, char **argv)
{
	unsigned int grp;
	int err;

	need_args(argc, 0, 2);
	if (argc) {
		if (argc != 2 || strcmp(argv[0], "count"))
			usage_of(verb);
		monitor_left = parse_uint(argv[1], ULONG_MAX, "count");
	}
	if (!nl.sk)
		nl_init();
	grp = nl.mcgrp_events;
	if (!grp)
		die("monitor: the kernel has no \"%s\" group", XENBR_MCGRP_EVENTS);
	if (mnl_socket_setsockopt(nl.sk, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0)
		die("monitor: cannot join the events group: %s",
		    strerror(errno));
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		err = nl_recv_loop(&nl, event_cb, NULL);
		if (err == -ENOBUFS) {
			/* We fell behind; say so and go on. */
			fprintf(stderr, "xenbr-ctl: monitor: events were lost\n");
			continue;
		}
		if (err)
			die_nl(err, "monitor");
		return 0;
	}
}

struct verb {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *help;
};

static const struct verb verbs[] = {
	{ "addbr", cmd_addbr, "BRIDGE", "Create a bridge." },
	{ "delbr", cmd_delbr, "BRIDGE",
	  "Delete a bridge; its ports are released." },
	{ "addif", cmd_addif, "BRIDGE DEV",
	  "Make DEV a port of BRIDGE." },
	{ "delif", cmd_delif, "BRIDGE DEV",
	  "Release the port DEV from BRIDGE." },
	{ "show", cmd_show, "[BRIDGE]",
	  "List bridges and their ports, as brctl show does; a port that is\n"
	  "a Xen netback vif has its domid, handle and guest MAC after it." },
	{ "showmacs", cmd_showmacs, "BRIDGE",
	  "List the forwarding database, as brctl showmacs does." },
	{ "setageing", cmd_setageing, "BRIDGE SECONDS",
	  "Set the ageing time of learned entries; 0 turns learning off." },
	{ "stp", cmd_stp, "BRIDGE off",
	  "Accepted for brctl compatibility: xenbr has no STP." },
	{ "setfd", cmd_setfd, "BRIDGE 0",
	  "Accepted for brctl compatibility: xenbr has no forward delay." },
	{ "fdb", cmd_fdb,
	  "add BRIDGE MAC DEV [vlan VID]\n"
	  "del BRIDGE MAC [vlan VID]\n"
	  "flush BRIDGE [dev DEV] [static]\n"
	  "show BRIDGE",
	  "Add a static entry, delete an entry, flush the learned entries\n"
	  "(of one port; static ones too with \"static\"), or list the FDB." },
	{ "port", cmd_port,
	  "set DEV [learning on|off] [flood on|off] [mcast-flood on|off]\n"
	  "    [bcast-flood on|off] [limit N]\n"
	  "show [BRIDGE|DEV]",
	  "Change a port's flags and learning limit, or show ports (a Xen\n"
	  "netback vif with its domid, handle and guest MAC)." },
	{ "limits", cmd_limits, "[BRIDGE] [max N] [port-max N]",
	  "Show learned-entry counts and limits, or set the bridge's limit\n"
	  "(max) and the limit that ports added later get (port-max)." },
	{ "stats", cmd_stats, "[BRIDGE|DEV]",
	  "Show the counters of bridges and ports: traffic, drops by\n"
	  "reason, FDB moves, learning-limit hits, suppressed events." },
	{ "netback", cmd_netback, "[on|off]",
	  "Show whether the netback glue attaches Xen netback vifs to their\n"
	  "bridge (with -j, also how many it attached, failed to attach,\n"
	  "left to others, skipped and saw go), or turn it on or off: for\n"
	  "the whole host, from the initial network namespace only." },
	{ "monitor", cmd_monitor, "[count N]",
	  "Print FDB and port events, time-stamped, as they happen; stop\n"
	  "after N events if given. Port events of a Xen netback vif carry\n"
	  "its domid, handle and, once the glue attached it, guest MAC." },
};

#define N_VERBS (sizeof(verbs) / sizeof(verbs[0]))

static const struct verb *find_verb(const char *name)
{
	size_t i;

	for (i = 0; i < N_VERBS; i++)
		if (!strcmp(verbs[i].name, name))
			return &verbs[i];
	return NULL;
}

/* Prints @text, each line after @indent, continuations of a usage line
 * (@cont) indented by the verb's width.
 */
static void print_lines(const char *text, const char *first,
			const char *rest)
{
	const char *nl;

	fputs(first, stdout);
	while ((nl = strchr(text, '\n'))) {
		printf("%.*s\n%s", (int)(nl - text), text, rest);
		text = nl + 1;
	}
	printf("%s\n", text);
}

static void print_verb(const struct verb *v, bool usage)
{
	char first[64], rest[64];

	snprintf(first, sizeof(first), "%sxenbr-ctl %s ",
		 usage ? "Usage: " : "  ", v->name);
	snprintf(rest, sizeof(rest), "%*s", (int)strlen(first), "");
	print_lines(v->args, first, rest);
	print_lines(v->help, usage ? "" : "      ", usage ? "" : "      ");
}

static void __attribute__((noreturn)) usage_of(const char *name)
{
	const struct verb *v = find_verb(name);

	fprintf(stderr, "xenbr-ctl: %s: wrong arguments; see xenbr-ctl %s --help\n",
		name, v ? v->name : "");
	exit(2);
}

static void help(void)
{
	size_t i;

	printf("Usage: xenbr-ctl [-j|--json] VERB [ARGS...]\n"
	       "       xenbr-ctl VERB --help\n"
	       "       xenbr-ctl -h|--help | -V|--version\n"
	       "\n"
	       "Configure xenbr bridges. The brctl verbs (addbr to setfd) print\n"
	       "what brctl prints.\n"
	       "\n"
	       "Verbs:\n");
	for (i = 0; i < N_VERBS; i++)
		print_verb(&verbs[i], false);
	printf("\n"
	       "Options:\n"
	       "  -j, --json     print what is read as one JSON document\n"
	       "                 (monitor: one document per event, a line each)\n"
	       "  -h, --help     show this help\n"
	       "  -V, --version  show the version\n"
	       "\n"
	       "Exit status: 0 on success, 1 on failure, 2 on wrong usage.\n");
}

int main(int argc, char **argv)
{
	char **args = calloc(argc + 1, sizeof(*args));
	const struct verb *v;
	bool want_help = false;
	int i, n = 0;

	if (!args)
		die("out of memory");
	/* Options may come before or after the verb. */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "-h") ||
			   !strcmp(argv[i], "--help")) {
			want_help = true;
		} else if (!strcmp(argv[i], "-V") ||
			   !strcmp(argv[i], "--version")) {
			printf("xenbr-ctl %s\n", XENBR_VERSION);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1] && !n) {
			fprintf(stderr, "xenbr-ctl: unknown option '%s'; try xenbr-ctl --help\n",
				argv[i]);
			return 2;
		} else {
			args[n++] = argv[i];
		}
	}
	if (!n) {
		if (want_help) {
			help();
			return 0;
		}
		fprintf(stderr, "xenbr-ctl: no verb given; try xenbr-ctl --help\n");
		return 2;
	}
	v = find_verb(args[0]);
	if (!v) {
		fprintf(stderr, "xenbr-ctl: unknown verb '%s'; try xenbr-ctl --help\n",
			args[0]);
		return 2;
	}
	verb = v->name;
	if (want_help) {
		print_verb(v, true);
		return 0;
	}
	i = v->fn(n - 1, args + 1);
	if (fflush(stdout))
		die("%s: cannot write the output: %s", verb, strerror(errno));
	nl_close(&nl);
	free(args);
	return i;
}
