// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: the doctor verb - the troubleshooting checklist of a Xen
 * bridged network ("is the bridge up, is the NIC's link up, are the vifs
 * up", and what comes after), run in one go. Each check prints one line per
 * finding, "ok|warn|FAIL CHECK: detail (fix: ...)", naming the device at
 * fault. It only reads: the xenbr family, sysfs, the ethtool driver info,
 * getifaddrs() and, on a Xen host, xenstore through xenstore-utils.
 *
 * A check is one function in the table checks[]: per bridge (it gets the
 * bridge, its ports and their devices) or for the host.
 */

#define _GNU_SOURCE	/* pipe2() */
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "errors.h"
#include "json.h"
#include "xenbr-ctl.h"

/* Learned entries at this share of a limit are worth a warning. */
#define FDB_WARN_PERCENT	90
/* Drop reasons named in a warning. */
#define TOP_REASONS		3
/* Seconds a xenstore-utils command may take (no xenstored: it hangs). */
#define XS_TIMEOUT		5

enum level { LV_OK, LV_WARN, LV_FAIL };

/* A network device as sysfs and ethtool see it. */
struct dev {
	char name[IFNAMSIZ];
	bool exists, up, carrier;
	unsigned int mtu;
	char master[IFNAMSIZ];		/* "" when none */
	char driver[32], bus[32];	/* ethtool -i */
	uint8_t mac[ETH_ALEN];
};

struct ctx {
	const struct check *check;
	/* Per-bridge checks: the bridge, its device, its ports and theirs. */
	struct bridge *br;
	struct dev brdev;
	struct port *ports;
	struct dev *pdevs;
	size_t nports;
	/* Host: the interfaces' addresses, the glue (-errno when unread). */
	struct ifaddrs *ifa;
	struct glue glue;
	int glue_err;
	char glue_msg[256];	/* the kernel's words when it refused */
	/* backend/vif as xenstore-ls -f prints it, once read; its status. */
	char *vif_tree;
	int vif_tree_rc;
	/* Findings of the current check, and of all. */
	unsigned int found;
	unsigned int count[3];
};

struct check {
	const char *name;
	bool per_bridge;
	void (*run)(struct ctx *c);
};

static const char *const level_names[] = { "ok", "warn", "FAIL" };

/* Emits one finding of the current check about @dev (NULL: the host). */
static void report(struct ctx *c, enum level lv, const char *dev,
		   const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void report(struct ctx *c, enum level lv, const char *dev,
		   const char *fix, const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	c->found++;
	c->count[lv]++;
	if (json) {
		jopen('{');
		jstr("check", c->check->name);
		jstr("status", level_names[lv]);
		jstr("bridge", c->br ? c->br->name : NULL);
		jstr("dev", dev);
		jstr("detail", detail);
		jstr("fix", lv == LV_FAIL ? fix : NULL);
		jclose('}');
		return;
	}
	printf("%s %s: %s", level_names[lv], c->check->name, detail);
	if (lv == LV_FAIL && fix)
		printf(" (fix: %s)", fix);
	putchar('\n');
}

/* Reads /sys/class/net/@dev/@attr into @buf, newline cut; false if not. */
static bool sysfs_read(const char *dev, const char *attr, char *buf,
		       size_t size)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", dev, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return true;
}

static void read_dev(struct dev *d, const char *name)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	char buf[PATH_MAX], path[128];
	unsigned int mac[ETH_ALEN];
	struct ifreq ifr = { 0 };
	unsigned long flags;
	ssize_t n;
	int s, i;

	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
	if (!sysfs_read(name, "flags", buf, sizeof(buf)))
		return;
	d->exists = true;
	flags = strtoul(buf, NULL, 0);
	d->up = flags & IFF_UP;
	/* carrier cannot be read while the device is down. */
	d->carrier = d->up && sysfs_read(name, "carrier", buf, sizeof(buf)) &&
		     !strcmp(buf, "1");
	if (sysfs_read(name, "mtu", buf, sizeof(buf)))
		d->mtu = strtoul(buf, NULL, 10);
	if (sysfs_read(name, "address", buf, sizeof(buf)) &&
	    sscanf(buf, "%x:%x:%x:%x:%x:%x", &mac[0], &mac[1], &mac[2],
		   &mac[3], &mac[4], &mac[5]) == ETH_ALEN)
		for (i = 0; i < ETH_ALEN; i++)
			d->mac[i] = mac[i];
	snprintf(path, sizeof(path), "/sys/class/net/%s/master", name);
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		snprintf(d->master, sizeof(d->master), "%.*s", IFNAMSIZ - 1,
			 strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf);
	}
	/* ETHTOOL_GDRVINFO needs no privilege. */
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	ifr.ifr_data = (void *)&info;
	if (!ioctl(s, SIOCETHTOOL, &ifr)) {
		snprintf(d->driver, sizeof(d->driver), "%s", info.driver);
		snprintf(d->bus, sizeof(d->bus), "%s", info.bus_info);
	}
	close(s);
}

/*
 * A Xen netback vif, as the glue tells one (driver "vif", its parent a
 * xen-backend device "vif-D-H"): not its name, which "vifname" changes and
 * which anyone may give a veth. @domid gets D and @handle H.
 */
static bool dev_is_vif(const struct dev *d, unsigned int *domid,
		       unsigned int *handle)
{
	unsigned int dom, h;

	if (strcmp(d->driver, "vif") ||
	    sscanf(d->bus, "vif-%u-%u", &dom, &h) != 2)
		return false;
	if (domid)
		*domid = dom;
	if (handle)
		*handle = h;
	return true;
}

static const char *mac_text(const uint8_t *mac)
{
	static char buf[18];

	fmt_mac(buf, mac);
	return buf;
}

/* ---- the checks ------------------------------------------------------ */

static void check_bridge_up(struct ctx *c)
{
	char fix[64];

	if (c->brdev.up) {
		report(c, LV_OK, c->br->name, NULL, "%s is up", c->br->name);
		return;
	}
	snprintf(fix, sizeof(fix), "ip link set %s up", c->br->name);
	report(c, LV_FAIL, c->br->name, fix,
	       "%s is down: its ports carry nothing", c->br->name);
}

/*
 * A port towards the network: neither a netback vif nor a tap (the
 * emulated NIC of an HVM guest, vifD.H-emu, which Xen's scripts attach).
 */
static bool is_uplink(const struct ctx *c, size_t i)
{
	return !c->ports[i].vif.is_vif && strcmp(c->pdevs[i].driver, "tun");
}

static void check_uplink(struct ctx *c)
{
	char names[256] = "", fix[160];
	size_t i, len = 0;
	unsigned int n = 0;

	for (i = 0; i < c->nports; i++) {
		if (!is_uplink(c, i))
			continue;
		if (len < sizeof(names))
			len += snprintf(names + len, sizeof(names) - len,
					"%s%s", n ? ", " : "",
					c->ports[i].name);
		n++;
	}
	if (n) {
		report(c, LV_OK, c->br->name, NULL, "%s has %s %s",
		       c->br->name, n > 1 ? "uplinks" : "uplink", names);
		return;
	}
	snprintf(fix, sizeof(fix),
		 "xenbr-ctl uplink add %s DEV, or ip link set DEV master %s",
		 c->br->name, c->br->name);
	report(c, LV_FAIL, c->br->name, fix,
	       "%s has no uplink (no port that is not a netback vif or a tap): its guests reach only dom0 and each other",
	       c->br->name);
}

static void check_ports_up(struct ctx *c)
{
	char fix[64];
	size_t i;

	for (i = 0; i < c->nports; i++) {
		if (c->pdevs[i].up)
			continue;
		snprintf(fix, sizeof(fix), "ip link set %s up",
			 c->ports[i].name);
		report(c, LV_FAIL, c->ports[i].name, fix,
		       "%s (port of %s) is down", c->ports[i].name,
		       c->br->name);
	}
	if (!c->found)
		report(c, LV_OK, c->br->name, NULL, "%zu port%s of %s up",
		       c->nports, c->nports == 1 ? "" : "s", c->br->name);
}

/* The seeds' "is the NIC's link up": an uplink that is up but has no link. */
static void check_carrier(struct ctx *c)
{
	char fix[128];
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < c->nports; i++) {
		if (!is_uplink(c, i) || !c->pdevs[i].up)
			continue;
		n++;
		if (c->pdevs[i].carrier)
			continue;
		snprintf(fix, sizeof(fix),
			 "check %s's cable and the switch port it goes to; ip link show %s",
			 c->ports[i].name, c->ports[i].name);
		report(c, LV_FAIL, c->ports[i].name, fix,
		       "uplink %s of %s has no carrier", c->ports[i].name,
		       c->br->name);
	}
	if (!c->found)
		report(c, LV_OK, c->br->name, NULL,
		       "%u uplink%s of %s with carrier", n, n == 1 ? "" : "s",
		       c->br->name);
}

/* The seeds' "are the vifs up": a vif with no carrier has no frontend. */
static void check_vifs_up(struct ctx *c)
{
	char fix[128];
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < c->nports; i++) {
		const struct port *p = &c->ports[i];

		if (!p->vif.is_vif || !c->pdevs[i].up)
			continue;
		n++;
		if (c->pdevs[i].carrier)
			continue;
		snprintf(fix, sizeof(fix),
			 "look at domain %u's network device (xl network-list %u, and eth0 in the guest)",
			 p->vif.domid, p->vif.domid);
		report(c, LV_FAIL, p->name, fix,
		       "vif %s (domain %u, port of %s) has no carrier: the guest's netfront is not connected",
		       p->name, p->vif.domid, c->br->name);
	}
	if (!c->found)
		report(c, LV_OK, c->br->name, NULL,
		       "%u netback vif%s on %s connected", n,
		       n == 1 ? "" : "s", c->br->name);
}

/* @a as ADDR/LEN in @buf; false for what is not dom0's address. */
static bool addr_text(const struct ifaddrs *a, char *buf, size_t size)
{
	const void *addr;
	const uint8_t *m;
	char txt[INET6_ADDRSTRLEN];
	int len = 0, i;

	if (!a->ifa_addr)
		return false;
	if (a->ifa_addr->sa_family == AF_INET) {
		addr = &((const struct sockaddr_in *)a->ifa_addr)->sin_addr;
	} else if (a->ifa_addr->sa_family == AF_INET6) {
		addr = &((const struct sockaddr_in6 *)a->ifa_addr)->sin6_addr;
		/* Every device that is up has its own link-local address. */
		if (IN6_IS_ADDR_LINKLOCAL(addr))
			return false;
	} else {
		return false;
	}
	if (a->ifa_netmask) {
		m = a->ifa_addr->sa_family == AF_INET ?
		    (const uint8_t *)&((const struct sockaddr_in *)
				       a->ifa_netmask)->sin_addr :
		    (const uint8_t *)&((const struct sockaddr_in6 *)
				       a->ifa_netmask)->sin6_addr;
		for (i = 0; i < (a->ifa_addr->sa_family == AF_INET ? 4 : 16);
		     i++)
			len += __builtin_popcount(m[i]);
	}
	inet_ntop(a->ifa_addr->sa_family, addr, txt, sizeof(txt));
	snprintf(buf, size, "%s/%d", txt, len);
	return true;
}

static void check_address(struct ctx *c)
{
	const struct ifaddrs *a;
	char txt[64], fix[320], first[64] = "";
	unsigned int on_br = 0;
	size_t i;

	for (a = c->ifa; a; a = a->ifa_next) {
		if (!addr_text(a, txt, sizeof(txt)))
			continue;
		if (!strcmp(a->ifa_name, c->br->name)) {
			if (!on_br++)
				snprintf(first, sizeof(first), "%s", txt);
			continue;
		}
		for (i = 0; i < c->nports; i++)
			if (!strcmp(a->ifa_name, c->ports[i].name))
				break;
		if (i == c->nports)
			continue;
		snprintf(fix, sizeof(fix),
			 "xenbr-ctl uplink add %s %s, or by hand: ip addr del %s dev %s; ip addr add %s dev %s",
			 c->br->name, a->ifa_name, txt, a->ifa_name, txt,
			 c->br->name);
		report(c, LV_FAIL, a->ifa_name, fix,
		       "%s (port of %s) holds the address %s: a port's address is unreachable, dom0's belongs on %s",
		       a->ifa_name, c->br->name, txt, c->br->name);
	}
	if (c->found)
		return;
	if (on_br)
		report(c, LV_OK, c->br->name, NULL, "dom0's address %s%s on %s",
		       first, on_br > 1 ? " (and more)" : "", c->br->name);
	else
		report(c, LV_WARN, c->br->name, NULL,
		       "%s has no address: dom0 itself is not on this network",
		       c->br->name);
}

static void check_mac(struct ctx *c)
{
	static const uint8_t vif_mac[ETH_ALEN] = {
		0xfe, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	char fix[160];
	size_t i;

	if (memcmp(c->br->mac, vif_mac, ETH_ALEN)) {
		report(c, LV_OK, c->br->name, NULL, "%s's MAC is %s",
		       c->br->name, mac_text(c->br->mac));
		return;
	}
	for (i = 0; i < c->nports; i++)
		if (is_uplink(c, i))
			break;
	if (i < c->nports)
		snprintf(fix, sizeof(fix), "ip link set %s address %s",
			 c->br->name, mac_text(c->pdevs[i].mac));
	else
		snprintf(fix, sizeof(fix),
			 "xenbr-ctl uplink add %s DEV, or ip link set %s address MAC",
			 c->br->name, c->br->name);
	report(c, LV_FAIL, c->br->name, fix,
	       "%s's MAC is fe:ff:ff:ff:ff:ff, the one every netback vif has: peers cannot tell dom0 from a vif",
	       c->br->name);
}

static void check_mtu(struct ctx *c)
{
	char fix[128];
	size_t i;

	for (i = 0; i < c->nports; i++) {
		if (!c->pdevs[i].mtu || c->pdevs[i].mtu >= c->brdev.mtu)
			continue;
		snprintf(fix, sizeof(fix), "ip link set %s mtu %u, or ip link set %s mtu %u",
			 c->ports[i].name, c->brdev.mtu, c->br->name,
			 c->pdevs[i].mtu);
		report(c, LV_FAIL, c->ports[i].name, fix,
		       "%s (port of %s) has MTU %u, less than %s's %u: larger frames are dropped",
		       c->ports[i].name, c->br->name, c->pdevs[i].mtu,
		       c->br->name, c->brdev.mtu);
	}
	if (!c->found)
		report(c, LV_OK, c->br->name, NULL,
		       "no port of %s below its MTU %u", c->br->name,
		       c->brdev.mtu);
}

/* One device's learned entries against its limit. */
static void fdb_fill(struct ctx *c, const char *dev, const char *what,
		     uint32_t learned, uint32_t limit)
{
	char fix[160];

	if (!limit) {
		report(c, LV_WARN, dev, NULL,
		       "%s has learning limit 0: it learns nothing", what);
		return;
	}
	if (learned >= limit) {
		if (strcmp(dev, c->br->name))
			snprintf(fix, sizeof(fix),
				 "xenbr-ctl port set %s limit N, or xenbr-ctl fdb flush %s dev %s",
				 dev, c->br->name, dev);
		else
			snprintf(fix, sizeof(fix),
				 "xenbr-ctl limits %s max N, or xenbr-ctl fdb flush %s",
				 dev, dev);
		report(c, LV_FAIL, dev, fix,
		       "%s has learned %u of its limit %u: it learns no new address, frames to one are flooded",
		       what, learned, limit);
	} else if ((uint64_t)learned * 100 >= (uint64_t)limit * FDB_WARN_PERCENT) {
		report(c, LV_WARN, dev, NULL,
		       "%s has learned %u of its limit %u (%u%%)", what,
		       learned, limit,
		       (unsigned int)((uint64_t)learned * 100 / limit));
	}
}

static void check_fdb_limit(struct ctx *c)
{
	char what[64];
	size_t i;

	fdb_fill(c, c->br->name, c->br->name, c->br->learned, c->br->limit);
	for (i = 0; i < c->nports; i++) {
		snprintf(what, sizeof(what), "%s (port of %s)",
			 c->ports[i].name, c->br->name);
		fdb_fill(c, c->ports[i].name, what, c->ports[i].learned,
			 c->ports[i].limit);
	}
	if (!c->found)
		report(c, LV_OK, c->br->name, NULL,
		       "%s has learned %u of %u; no port is near its limit",
		       c->br->name, c->br->learned, c->br->limit);
}

static void check_learn_limit(struct ctx *c)
{
	uint64_t hits = c->br->st.v[XENBR_STATS_A_LEARN_LIMIT], most = 0;
	const char *who = NULL;
	size_t i;

	if (!hits) {
		report(c, LV_OK, c->br->name, NULL,
		       "%s has not hit a learning limit", c->br->name);
		return;
	}
	for (i = 0; i < c->nports; i++) {
		if (c->ports[i].st.v[XENBR_STATS_A_LEARN_LIMIT] > most) {
			most = c->ports[i].st.v[XENBR_STATS_A_LEARN_LIMIT];
			who = c->ports[i].name;
		}
	}
	if (who)
		report(c, LV_WARN, who, NULL,
		       "%s did not learn %llu addresses for a learning limit since it was made, %llu of them from %s",
		       c->br->name, (unsigned long long)hits,
		       (unsigned long long)most, who);
	else
		report(c, LV_WARN, c->br->name, NULL,
		       "%s did not learn %llu addresses for a learning limit since it was made",
		       c->br->name, (unsigned long long)hits);
}

/* A reason newer than stats.c's table still gets a name. */
/*
 * VIF locking: a locked port that allows no address lets its guest only ask
 * DHCP and probe (ARP, DAD); a disabled one carries nothing. Both may be
 * meant, so they are warnings.
 */
static void check_lock(struct ctx *c)
{
	unsigned int locked = 0;
	size_t i;

	for (i = 0; i < c->nports; i++) {
		const struct port *p = &c->ports[i];

		if (p->lock.mode == XENBR_LOCK_DISABLED) {
			report(c, LV_WARN, p->name, NULL,
			       "%s is disabled by VIF locking: nothing crosses it (xenbr-ctl port set %s lock unlocked)",
			       p->name, p->name);
		} else if (p->lock.mode == XENBR_LOCK_LOCKED) {
			locked++;
			if (p->lock.n)
				continue;
			report(c, LV_WARN, p->name, NULL,
			       "%s is locked with no allowed address: its guest can only ask DHCP and probe (xenbr-ctl port set %s lock locked ipv4 ADDR)",
			       p->name, p->name);
		}
	}
	if (!c->found)
		report(c, LV_OK, c->br->name, NULL,
		       "%u locked port%s of %s, each with an address", locked,
		       locked == 1 ? "" : "s", c->br->name);
}

/* The VLANs of one port, as a bitmap of VLAN ids. */
#define VLAN_WORDS	((XENBR_VID_MAX + 64) / 64)
struct vlan_set {
	uint64_t bits[VLAN_WORDS];
};

static bool vlan_has(const struct vlan_set *v, unsigned int vid)
{
	return v->bits[vid / 64] & (1ULL << (vid % 64));
}

/*
 * Under VLAN filtering: a guest's port (a vif or a tap) in a VLAN that no
 * uplink carries reaches only the guests of that VLAN on this host. A
 * warning: a host-only network may be meant.
 */
static void check_vlans(struct ctx *c)
{
	struct vlan_set *sets, carried = { 0 };
	unsigned int vid, guests = 0;
	struct vec runs;
	struct vrun *r;
	size_t i, k;

	if (!c->br->vlan_filtering) {
		report(c, LV_OK, c->br->name, NULL, "%s does not filter VLANs",
		       c->br->name);
		return;
	}
	sets = calloc(c->nports ? c->nports : 1, sizeof(*sets));
	if (!sets)
		die("out of memory");
	runs = get_vlans(NULL);
	r = runs.v;
	for (k = 0; k < runs.n; k++)
		for (i = 0; i < c->nports; i++)
			if (r[k].ifindex == c->ports[i].ifindex)
				for (vid = r[k].id; vid <= r[k].end; vid++)
					sets[i].bits[vid / 64] |= 1ULL << (vid % 64);
	for (i = 0; i < c->nports; i++)
		if (is_uplink(c, i))
			for (k = 0; k < VLAN_WORDS; k++)
				carried.bits[k] |= sets[i].bits[k];
	for (i = 0; i < c->nports; i++) {
		if (is_uplink(c, i))
			continue;
		guests++;
		for (vid = 1; vid <= XENBR_VID_MAX; vid++) {
			if (!vlan_has(&sets[i], vid) || vlan_has(&carried, vid))
				continue;
			report(c, LV_WARN, c->ports[i].name, NULL,
			       "%s is in VLAN %u, which no uplink of %s carries: its guest reaches only that VLAN's ports here (xenbr-ctl vlan add dev UPLINK vid %u)",
			       c->ports[i].name, vid, c->br->name, vid);
		}
	}
	if (!c->found)
		report(c, LV_OK, c->br->name, NULL,
		       "the VLANs of %u guest port%s of %s are on an uplink",
		       guests, guests == 1 ? "" : "s", c->br->name);
	free(runs.v);
	free(sets);
}

static const char *drop_name(int i, char *buf, size_t size)
{
	const char *name = drop_reason_name(i);

	if (name)
		return name;
	snprintf(buf, size, "reason_%d", i);
	return buf;
}

static void check_drops(struct ctx *c)
{
	bool used[XENBR_DROP_MAX + 1] = { false };
	const uint64_t *d = c->br->st.drops;
	char top[160] = "", name[24];
	uint64_t total = 0;
	size_t len = 0;
	int i, k, best;

	for (i = 0; i <= XENBR_DROP_MAX; i++)
		total += d[i];
	if (!total) {
		report(c, LV_OK, c->br->name, NULL,
		       "%s has dropped no frame", c->br->name);
		return;
	}
	for (k = 0; k < TOP_REASONS; k++) {
		best = -1;
		for (i = 0; i <= XENBR_DROP_MAX; i++)
			if (!used[i] && d[i] && (best < 0 || d[i] > d[best]))
				best = i;
		if (best < 0)
			break;
		used[best] = true;
		len += snprintf(top + len, sizeof(top) - len, "%s%s %llu",
				k ? ", " : "",
				drop_name(best, name, sizeof(name)),
				(unsigned long long)d[best]);
		if (len >= sizeof(top))
			break;
	}
	report(c, LV_WARN, c->br->name, NULL,
	       "%s dropped %llu frames since it was made: %s (xenbr-ctl stats %s)",
	       c->br->name, (unsigned long long)total, top, c->br->name);
}

/* ---- Xen: xenstore through xenstore-utils ---------------------------- */

/*
 * Starts xenstore-utils' @argv (no shell), its stdout on *@fd. Returns
 * its pid, -1 when it did not start.
 */
static pid_t xs_start(char *const argv[], int *fd)
{
	int fds[2], null;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (!pid) {
		null = open("/dev/null", O_RDWR);
		dup2(fds[1], 1);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 2);
		}
		/* A xenstore with no daemon behind it never answers. */
		alarm(XS_TIMEOUT);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	*fd = fds[0];
	return pid;
}

/* Closes @fd and reaps @pid: its exit status, -1 when it did not run. */
static int xs_finish(pid_t pid, int fd)
{
	int status;

	close(fd);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * Runs xenstore-utils' @argv, its stdout into @out (one string; lines as
 * they come). Returns its exit status, -1 when it did not run.
 */
static int xs_run(char *const argv[], char *out, size_t size)
{
	char drain[512];
	size_t len = 0;
	ssize_t n;
	pid_t pid;
	int fd;

	out[0] = '\0';
	pid = xs_start(argv, &fd);
	if (pid < 0)
		return -1;
	while ((n = read(fd, out + len, size - 1 - len)) > 0) {
		len += n;
		if (len == size - 1)
			break;
	}
	out[len] = '\0';
	/* Whatever did not fit: let the child finish rather than block. */
	while (n > 0 && read(fd, drain, sizeof(drain)) > 0)
		;
	return xs_finish(pid, fd);
}

/* The same with all of its stdout in *@out, which the caller frees. */
static int xs_run_all(char *const argv[], char **out)
{
	size_t len = 0, cap = 16384;
	char *buf = malloc(cap);
	ssize_t n;
	pid_t pid;
	int fd;

	if (!buf)
		die("out of memory");
	buf[0] = '\0';
	*out = buf;
	pid = xs_start(argv, &fd);
	if (pid < 0)
		return -1;
	for (;;) {
		if (cap - len < 4096) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				die("out of memory");
			*out = buf;
		}
		n = read(fd, buf + len, cap - 1 - len);
		if (n <= 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	return xs_finish(pid, fd);
}

/* xenstore-read @path into @out, "" and false when it has no value. */
static bool xs_read(const char *path, char *out, size_t size)
{
	char *argv[] = { "xenstore-read", (char *)path, NULL };

	if (xs_run(argv, out, size)) {
		out[0] = '\0';
		return false;
	}
	out[strcspn(out, "\n")] = '\0';
	return true;
}

/*
 * The guests' vif nodes, read once per run with one xenstore-ls -f (a
 * command per key costs a fork and an exec each, and doctor reads five
 * keys of every vif): its exit status, -1 when it did not run.
 */
static int read_vif_tree(struct ctx *c)
{
	char *argv[] = { "xenstore-ls", "-f", "backend/vif", NULL };

	if (!c->vif_tree)
		c->vif_tree_rc = xs_run_all(argv, &c->vif_tree);
	return c->vif_tree_rc;
}

/*
 * The value of backend/vif/@dom/@handle/@key (@key NULL: of the node
 * itself) in the tree, into @out; "" and false when it has none. A line
 * is 'PATH = "VALUE"', VALUE as xenstore-read prints it.
 */
static bool tree_get(const char *tree, const char *dom, const char *handle,
		     const char *key, char *out, size_t size)
{
	const char *line, *end, *v, *q;
	char prefix[160];
	int len;

	len = snprintf(prefix, sizeof(prefix), "backend/vif/%s/%s%s%s = \"",
		       dom, handle, key ? "/" : "", key ? key : "");
	out[0] = '\0';
	for (line = tree; *line; line = end + !!*end) {
		end = line + strcspn(line, "\n");
		if (strncmp(line, prefix, len))
			continue;
		/* The value ends at the line's last quote. */
		v = line + len;
		for (q = end; q > v && q[-1] != '"'; q--)
			;
		if (q > v)
			snprintf(out, size, "%.*s", (int)(q - 1 - v), v);
		return true;
	}
	return false;
}

static bool have_xenstore(void)
{
	struct stat st;

	return !stat("/dev/xen/xenbus", &st) || !stat("/proc/xen/xenbus", &st);
}

/*
 * The glue's own test is the kernel's xen_domain(), which refuses
 * NETBACK_GET off Xen (-EOPNOTSUPP); sysfs tells without a request, as
 * xen.sh asks it.
 */
static bool on_xen(void)
{
	char buf[16] = "";
	ssize_t n;
	int fd;

	fd = open("/sys/hypervisor/type", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n >= 3 && !strncmp(buf, "xen", 3);
}

static void check_netback_glue(struct ctx *c)
{
	const uint32_t *n = c->glue.counts;

	if (c->glue_err && !on_xen()) {
		report(c, LV_OK, NULL, NULL,
		       "not a Xen host: the Xen checks do not apply");
		return;
	}
	if (c->glue_err) {
		report(c, LV_WARN, NULL, NULL, "cannot read the glue: %s",
		       c->glue_msg[0] ? c->glue_msg : strerror(-c->glue_err));
		return;
	}
	if (!c->glue.on) {
		/* A FAIL when vifs wait for it: xenstore's check says so. */
		report(c, LV_WARN, NULL, NULL,
		       "the netback glue is off: vifs of script=vif-xenbr wait for it (xenbr-ctl netback on)");
		return;
	}
	if (c->glue.counted)
		report(c, LV_OK, NULL, NULL,
		       "the netback glue is on (attached %u, failed %u, left to others %u)",
		       n[XENBR_NETBACK_STATS_A_ATTACHED],
		       n[XENBR_NETBACK_STATS_A_FAILED],
		       n[XENBR_NETBACK_STATS_A_FOREIGN]);
	else
		report(c, LV_OK, NULL, NULL, "the netback glue is on");
}

/* A vif's "bridge" key: BRIDGE[.VLAN][:TRUNK...]; the bridge's name. */
static void bridge_of(char *br, size_t size, const char *key)
{
	snprintf(br, size, "%.*s", (int)strcspn(key, ".:"), key);
}

/* What a vif's backend node, backend/vif/D/H, says. */
struct vif_node {
	char key[256];		/* "bridge"; netback's default xenbr0 */
	char br[IFNAMSIZ + 8];	/* the bridge's name in it */
	char status[32];	/* "hotplug-status" */
	char err[256];		/* "hotplug-error" */
	char script[256];	/* "script" */
	const char *script_name;	/* its last component */
};

/*
 * Domain @dom's vif @handle's node into @v; false when it cannot be read
 * (no such node, no xenstored, not root).
 */
static bool read_vif_node(struct ctx *c, const char *dom, const char *handle,
			  struct vif_node *v)
{
	char node[8];

	memset(v, 0, sizeof(*v));
	v->script_name = v->script;
	if (read_vif_tree(c) ||
	    !tree_get(c->vif_tree, dom, handle, NULL, node, sizeof(node)))
		return false;
	if (!tree_get(c->vif_tree, dom, handle, "bridge", v->key,
		      sizeof(v->key)))
		snprintf(v->key, sizeof(v->key), "xenbr0");
	bridge_of(v->br, sizeof(v->br), v->key);
	tree_get(c->vif_tree, dom, handle, "hotplug-status", v->status,
		 sizeof(v->status));
	tree_get(c->vif_tree, dom, handle, "hotplug-error", v->err,
		 sizeof(v->err));
	tree_get(c->vif_tree, dom, handle, "script", v->script,
		 sizeof(v->script));
	if (strrchr(v->script, '/'))
		v->script_name = strrchr(v->script, '/') + 1;
	return true;
}

/*
 * A script that puts the vif on the bridge its key names: the glue's
 * vif-xenbr and Xen's vif-bridge (not vif-route, vif-nat, nor
 * vif-openvswitch, whose vifs are on ovs-system).
 */
static bool bridge_script(const struct vif_node *v)
{
	return !strcmp(v->script_name, "vif-xenbr") ||
	       !strcmp(v->script_name, "vif-bridge");
}

/* A running guest's vif the glue takes back when its bridge comes. */
static bool glue_takes_back(const struct vif_node *v)
{
	return !strcmp(v->script_name, "vif-xenbr") &&
	       !strcmp(v->status, "connected");
}

static bool bridge_exists(const char *br)
{
	return br[0] && strlen(br) < IFNAMSIZ && if_nametoindex(br);
}

static bool is_xenbr_bridge(const char *name)
{
	struct vec brs = get_bridges(NULL);
	const struct bridge *b = brs.v;
	bool found = false;
	size_t i;

	for (i = 0; i < brs.n && !found; i++)
		found = !strcmp(b[i].name, name);
	free(brs.v);
	return found;
}

/*
 * Netback vif @d of domain @domid, vif @handle, is on no bridge or on
 * another than its node @v names: the fix follows from the glue's switch,
 * the vif's script and hotplug-status, and whether that bridge exists.
 */
static void vif_astray(struct ctx *c, const struct dev *d, unsigned int domid,
		       unsigned int handle, const struct vif_node *v)
{
	bool glue_on = !c->glue_err && c->glue.on;
	bool ours = !strcmp(v->script_name, "vif-xenbr");
	char fix[512], more[128] = "";

	if (d->master[0]) {
		/* Maybe meant: an administrator moved it. */
		report(c, LV_WARN, d->name, NULL,
		       "netback vif %s (domain %u) is on %s, but its xenstore bridge key names %s (if %s is meant: ip link set %s master %s)",
		       d->name, domid, d->master, v->br, v->br, d->name,
		       v->br);
		return;
	}
	if (ours && !v->status[0]) {
		/* vif-xenbr waits for the glue's hotplug-status. */
		if (glue_on) {
			report(c, LV_WARN, d->name, NULL,
			       "netback vif %s (domain %u) is not on %s yet: the netback glue is attaching it",
			       d->name, domid, v->br);
			return;
		}
		if (bridge_exists(v->br))
			snprintf(fix, sizeof(fix), "xenbr-ctl netback on");
		else
			snprintf(fix, sizeof(fix),
				 "xenbr-ctl addbr %s, then xenbr-ctl netback on",
				 v->br);
		report(c, LV_FAIL, d->name, fix,
		       "netback vif %s (domain %u) waits for the netback glue, which is off: its guest has no network",
		       d->name, domid);
		return;
	}
	if (!strcmp(v->status, "error")) {
		if (bridge_exists(v->br))
			snprintf(fix, sizeof(fix),
				 "mend what the error says, then xl network-detach %u %u and network-attach it",
				 domid, handle);
		else
			snprintf(fix, sizeof(fix),
				 "xenbr-ctl addbr %s, then xl network-detach %u %u and network-attach it",
				 v->br, domid, handle);
		report(c, LV_FAIL, d->name, fix,
		       "netback vif %s (domain %u) is on no bridge: its hotplug failed (%s): its guest has no network",
		       d->name, domid, v->err[0] ? v->err : "no hotplug-error given");
		return;
	}
	if (!bridge_exists(v->br)) {
		if (glue_takes_back(v) && glue_on)
			snprintf(fix, sizeof(fix),
				 "xenbr-ctl addbr %s: the netback glue then attaches %s by itself",
				 v->br, d->name);
		else if (glue_takes_back(v))
			snprintf(fix, sizeof(fix),
				 "xenbr-ctl addbr %s, then xenbr-ctl netback on: the glue then attaches %s by itself",
				 v->br, d->name);
		else
			snprintf(fix, sizeof(fix),
				 "xenbr-ctl addbr %s, then xenbr-ctl addif %s %s",
				 v->br, v->br, d->name);
		report(c, LV_FAIL, d->name, fix,
		       "netback vif %s (domain %u) is on no bridge: %s, which its xenstore bridge key names, does not exist; its guest has no network",
		       d->name, domid, v->br);
		return;
	}
	if (!is_xenbr_bridge(v->br)) {
		snprintf(fix, sizeof(fix), "ip link set %s master %s", d->name,
			 v->br);
	} else {
		snprintf(fix, sizeof(fix), "%sxenbr-ctl addif %s %s",
			 glue_takes_back(v) && !glue_on ?
			 "xenbr-ctl netback on (the glue takes it back), or " : "",
			 v->br, d->name);
		/* By hand, the VLANs of bridge=xenbr0.10 are to be added. */
		if (strcmp(v->key, v->br))
			snprintf(fix + strlen(fix), sizeof(fix) - strlen(fix),
				 ", then the VLANs of bridge=%s: xenbr-ctl vlan add dev %s vid VID",
				 v->key, d->name);
	}
	/* It waited for its bridge, or someone took it off. */
	if (glue_takes_back(v) && glue_on)
		snprintf(more, sizeof(more),
			 "; the netback glue, which is on, did not take it back (dmesg | grep %s)",
			 d->name);
	report(c, LV_FAIL, d->name, fix,
	       "netback vif %s (domain %u) is not on %s, which its xenstore bridge key names: its guest has no network%s",
	       d->name, domid, v->br, more);
}

/*
 * Every netback vif of a bridge script on the bridge its xenstore node
 * names; other vifs, and all without xenstore (not root, no xenstored),
 * on some bridge.
 */
static void check_vifs_attached(struct ctx *c)
{
	unsigned int n = 0, domid, handle;
	char dom[16], hd[16], fix[160];
	bool xs = have_xenstore();
	struct vif_node v;
	struct dirent *e;
	struct dev d;
	DIR *dir;

	/* Also where there is no Xen: a veth may be named vif9.0. */
	dir = opendir("/sys/class/net");
	if (!dir) {
		report(c, LV_WARN, NULL, NULL, "cannot list /sys/class/net: %s",
		       strerror(errno));
		return;
	}
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= IFNAMSIZ)
			continue;
		read_dev(&d, e->d_name);
		if (!dev_is_vif(&d, &domid, &handle))
			continue;
		n++;
		snprintf(dom, sizeof(dom), "%u", domid);
		snprintf(hd, sizeof(hd), "%u", handle);
		if (xs && read_vif_node(c, dom, hd, &v) && bridge_script(&v)) {
			if (!d.master[0] || strcmp(d.master, v.br))
				vif_astray(c, &d, domid, handle, &v);
			continue;
		}
		if (d.master[0])
			continue;
		snprintf(fix, sizeof(fix),
			 "xenbr-ctl addif BRIDGE %s; then see the xenstore check for why it was not attached",
			 d.name);
		report(c, LV_FAIL, d.name, fix,
		       "netback vif %s (domain %u) is on no bridge: its guest has no network",
		       d.name, domid);
	}
	closedir(dir);
	if (!c->found)
		report(c, LV_OK, NULL, NULL, "%u netback vif%s%s", n,
		       n == 1 ? "" : "s", n ? ", each on a bridge" : "");
}

/*
 * A line of a vif's node, "backend/vif/D/H = ...": D and H into @dom and
 * @handle (16 bytes each).
 */
static bool tree_vif(const char *line, char *dom, char *handle)
{
	static const char top[] = "backend/vif/";
	const char *d = line + strlen(top), *h;
	size_t dl, hl;

	if (strncmp(line, top, strlen(top)))
		return false;
	dl = strspn(d, "0123456789");
	if (!dl || dl > 15 || d[dl] != '/')
		return false;
	h = d + dl + 1;
	hl = strspn(h, "0123456789");
	if (!hl || hl > 15 || strncmp(h + hl, " = ", 3))
		return false;
	snprintf(dom, 16, "%.*s", (int)dl, d);
	snprintf(handle, 16, "%.*s", (int)hl, h);
	return true;
}

/* "domain D (NAME) vif D/H", for the xenstore check's lines. */
static const char *vif_who(const char *dom, const char *handle)
{
	static char who[160];
	char path[64], name[64];

	snprintf(path, sizeof(path), "/local/domain/%s/name", dom);
	if (!xs_read(path, name, sizeof(name)))
		snprintf(name, sizeof(name), "?");
	snprintf(who, sizeof(who), "domain %s (%s) vif %s/%s", dom, name, dom,
		 handle);
	return who;
}

/* One backend/vif/@dom/@handle node. */
static void xs_vif(struct ctx *c, const char *dom, const char *handle,
		   unsigned int *waiting)
{
	char dev[32], fix[256];
	struct vif_node v;

	snprintf(dev, sizeof(dev), "vif%s.%s", dom, handle);
	read_vif_node(c, dom, handle, &v);

	if (!bridge_exists(v.br)) {
		if (v.br[0] && glue_takes_back(&v))
			snprintf(fix, sizeof(fix),
				 "xenbr-ctl addbr %s%s: the netback glue then attaches %s by itself",
				 v.br, c->glue.on ? "" : ", then xenbr-ctl netback on",
				 dev);
		else
			snprintf(fix, sizeof(fix),
				 "xenbr-ctl addbr %s, or give the guest's vif an existing bridge= and xl network-attach it",
				 v.br[0] ? v.br : "BRIDGE");
		report(c, LV_FAIL, dev, fix,
		       "%s names bridge %s, which does not exist%s%s",
		       vif_who(dom, handle), v.key, v.err[0] ? ": " : "", v.err);
	} else if (!strcmp(v.status, "error")) {
		snprintf(fix, sizeof(fix),
			 "mend what the error says, then xl network-detach %s %s and network-attach it",
			 dom, handle);
		report(c, LV_FAIL, dev, fix, "%s: hotplug error: %s",
		       vif_who(dom, handle),
		       v.err[0] ? v.err : "(no hotplug-error given)");
	}
	if (!v.status[0] && !strcmp(v.script_name, "vif-xenbr")) {
		++*waiting;
		if (!c->glue.on)
			report(c, LV_FAIL, dev, "xenbr-ctl netback on",
			       "%s waits for the netback glue, which is off",
			       vif_who(dom, handle));
	}
}

static void check_xenstore(struct ctx *c)
{
	unsigned int n = 0, waiting = 0;
	char name[64], dom[16], hd[16];
	const char *line, *end;
	int rc;

	if (c->glue_err)
		return;
	if (!have_xenstore()) {
		report(c, LV_WARN, NULL, NULL,
		       "no /dev/xen/xenbus nor /proc/xen/xenbus: the guests' vifs are not checked");
		return;
	}
	rc = read_vif_tree(c);
	if (rc == 127 || rc == -1) {
		report(c, LV_WARN, NULL, NULL,
		       "cannot run xenstore-ls (package xenstore-utils): the guests' vifs are not checked");
		return;
	}
	if (rc) {
		/* No vif at all, or no xenstore: dom0's own name tells. */
		if (xs_read("/local/domain/0/name", name, sizeof(name)))
			report(c, LV_OK, NULL, NULL, "no guest vif in xenstore");
		else
			report(c, LV_WARN, NULL, NULL,
			       "cannot read xenstore (is xenstored running? reading it takes root): the guests' vifs are not checked");
		return;
	}
	for (line = c->vif_tree; *line; line = end + !!*end) {
		end = line + strcspn(line, "\n");
		if (!tree_vif(line, dom, hd))
			continue;
		n++;
		xs_vif(c, dom, hd, &waiting);
	}
	if (!c->found)
		report(c, LV_OK, NULL, NULL,
		       "%u guest vif%s in xenstore, none in error%s", n,
		       n == 1 ? "" : "s", waiting ? ", some being attached" : "");
}

/*
 * The checklist, in the seeds' order. A check is a function and a line
 * here; per_bridge ones run once per bridge.
 */
static const struct check checks[] = {
	{ "bridge-up", true, check_bridge_up },
	{ "uplink", true, check_uplink },
	{ "ports-up", true, check_ports_up },
	{ "carrier", true, check_carrier },
	{ "vifs-up", true, check_vifs_up },
	{ "address", true, check_address },
	{ "mac", true, check_mac },
	{ "mtu", true, check_mtu },
	{ "fdb-limit", true, check_fdb_limit },
	{ "learn-limit", true, check_learn_limit },
	{ "drops", true, check_drops },
	{ "lock", true, check_lock },
	{ "vlans", true, check_vlans },
	{ "netback-glue", false, check_netback_glue },
	{ "vifs-attached", false, check_vifs_attached },
	{ "xenstore", false, check_xenstore },
};

#define N_CHECKS (sizeof(checks) / sizeof(checks[0]))

static void run(struct ctx *c, const struct check *k)
{
	c->check = k;
	c->found = 0;
	k->run(c);
}

/* The pseudo-checks "module" and "bridge" use this as their name. */
static void say(struct ctx *c, const char *name, enum level lv,
		const char *dev, const char *fix, const char *detail)
{
	const struct check k = { .name = name };

	c->check = &k;
	report(c, lv, dev, fix, "%s", detail);
	c->check = NULL;
}

static void doctor_bridge(struct ctx *c, struct bridge *br)
{
	struct vec ports = get_ports(br->ifindex);
	size_t i, k;

	c->br = br;
	c->ports = ports.v;
	c->nports = ports.n;
	read_dev(&c->brdev, br->name);
	c->pdevs = calloc(ports.n ? ports.n : 1, sizeof(*c->pdevs));
	if (!c->pdevs)
		die("out of memory");
	for (i = 0; i < ports.n; i++)
		read_dev(&c->pdevs[i], c->ports[i].name);
	for (k = 0; k < N_CHECKS; k++)
		if (checks[k].per_bridge)
			run(c, &checks[k]);
	free(c->pdevs);
	free(ports.v);
	c->br = NULL;
}

static int finish(struct ctx *c)
{
	if (json) {
		jclose(']');
		juint("ok", c->count[LV_OK]);
		juint("warn", c->count[LV_WARN]);
		juint("fail", c->count[LV_FAIL]);
		jclose('}');
		jend();
	}
	if (c->ifa)
		freeifaddrs(c->ifa);
	free(c->vif_tree);
	return c->count[LV_FAIL] ? 1 : 0;
}

int cmd_doctor(int argc, char **argv)
{
	const char *name = need_args(argc, 0, 1) ? argv[0] : NULL;
	struct ctx c = { 0 };
	char msg[160], fix[96];
	struct vec brs;
	struct dev d;
	size_t i, k;
	int err;

	if (name)
		check_name(name);
	if (json) {
		jopen('{');
		jkey("checks");
		jopen('[');
	}
	err = nl_open(&nl);
	if (err) {
		if (err == -ENOENT)
			say(&c, "module", LV_FAIL, NULL, "modprobe xenbr",
			    "the xenbr module is not loaded");
		else
			say(&c, "module", LV_FAIL, NULL, NULL,
			    strerror(-err));
		return finish(&c);
	}
	say(&c, "module", LV_OK, NULL, NULL, "xenbr " XENBR_VERSION " is loaded");
	if (getifaddrs(&c.ifa))
		c.ifa = NULL;

	brs = get_bridges(NULL);
	if (name) {
		for (i = 0; i < brs.n; i++)
			if (!strcmp(((struct bridge *)brs.v)[i].name, name))
				break;
		if (i < brs.n) {
			doctor_bridge(&c, (struct bridge *)brs.v + i);
		} else {
			read_dev(&d, name);
			snprintf(msg, sizeof(msg), d.exists ?
				 "%s is not a xenbr bridge (driver %s)" :
				 "bridge %s does not exist", name,
				 d.driver[0] ? d.driver : "unknown");
			snprintf(fix, sizeof(fix), "xenbr-ctl addbr %s", name);
			say(&c, "bridge", LV_FAIL, name, fix, msg);
		}
	} else if (!brs.n) {
		say(&c, "bridge", LV_FAIL, NULL, "xenbr-ctl addbr xenbr0",
		    "there is no xenbr bridge");
	} else {
		for (i = 0; i < brs.n; i++)
			doctor_bridge(&c, (struct bridge *)brs.v + i);
	}
	free(brs.v);

	c.glue_err = try_get_glue(&c.glue);
	if (c.glue_err)
		snprintf(c.glue_msg, sizeof(c.glue_msg), "%s", nl.ext_msg);
	for (k = 0; k < N_CHECKS; k++)
		if (!checks[k].per_bridge)
			run(&c, &checks[k]);
	return finish(&c);
}
