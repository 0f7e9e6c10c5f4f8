// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: the port verb - a port's flags and learning limit - and the
 * printers of a port and of the Xen netback vif it may be.
 */

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "errors.h"
#include "json.h"
#include "xenbr-ctl.h"

static bool mac_known(const uint8_t *mac)
{
	static const uint8_t zero[ETH_ALEN];

	return memcmp(mac, zero, ETH_ALEN);
}

const char *vif_text(char *out, size_t size, const struct vif *vif)
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
void jvif(const char *key, const struct vif *vif)
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

/* VIF locking. */
static const char *const lock_modes[] = {
	[XENBR_LOCK_UNLOCKED] = "unlocked",
	[XENBR_LOCK_LOCKED] = "locked",
	[XENBR_LOCK_DISABLED] = "disabled",
};

static const char *lock_mode_name(unsigned int mode)
{
	return mode <= XENBR_LOCK_MODE_MAX ? lock_modes[mode] : "unknown";
}

/* ADDR, or ADDR/LEN when it is a prefix. */
static void fmt_lock_addr(char *out, size_t size, const struct lock_addr *a)
{
	char text[INET6_ADDRSTRLEN];

	inet_ntop(a->family, a->addr, text, sizeof(text));
	if (a->len == (a->family == AF_INET ? 32 : 128))
		snprintf(out, size, "%s", text);
	else
		snprintf(out, size, "%s/%u", text, a->len);
}

/* " lock MODE[ mac MAC ipv4 LIST|none ipv6 LIST|none]" or its JSON. */
static void print_lock(const struct port_lock *lk, bool show)
{
	static const int families[] = { AF_INET, AF_INET6 };
	char text[INET6_ADDRSTRLEN + 4], mac[18];
	unsigned int i, f, n;

	fmt_mac(mac, lk->mac);
	if (json) {
		jkey("lock");
		jopen('{');
		jstr("mode", lock_mode_name(lk->mode));
		jstr("mac", lk->has_mac ? mac : NULL);
		for (f = 0; f < 2; f++) {
			jkey(families[f] == AF_INET ? "ipv4" : "ipv6");
			jopen('[');
			for (i = 0; i < lk->n; i++) {
				if (lk->addrs[i].family != families[f])
					continue;
				fmt_lock_addr(text, sizeof(text), &lk->addrs[i]);
				jstr(NULL, text);
			}
			jclose(']');
		}
		jclose('}');
		return;
	}
	printf(" lock %s", lock_mode_name(lk->mode));
	if (!show || lk->mode == XENBR_LOCK_UNLOCKED)
		return;
	if (lk->has_mac)
		printf(" mac %s", mac);
	for (f = 0; f < 2; f++) {
		printf(" %s ", families[f] == AF_INET ? "ipv4" : "ipv6");
		for (i = 0, n = 0; i < lk->n; i++) {
			if (lk->addrs[i].family != families[f])
				continue;
			fmt_lock_addr(text, sizeof(text), &lk->addrs[i]);
			printf("%s%s", n++ ? "," : "", text);
		}
		if (!n)
			printf("none");
	}
}

/*
 * port show: "DEV bridge BR port N state S learning ... learned N[ VIF]".
 * An event: " dev DEV port N S[ VIF]", without the bridge, flags, limit
 * and count.
 */
void print_port(const struct port *p, enum view view)
{
	const char *state = p->up ? "up" : "down";
	bool show = view == VIEW_SHOW;
	char vif[80];

	if (json) {
		if (show)
			jopen('{');
		jstr("dev", p->name);
		if (show)
			jstr("bridge", p->br);
		juint("port", p->no);
		jstr("state", state);
		if (show) {
			jbool("learning", p->learning);
			jbool("flood", p->flood);
			jbool("mcast_flood", p->mcast_flood);
			jbool("bcast_flood", p->bcast_flood);
			jbool("isolated", p->isolated);
			juint("limit", p->limit);
			juint("learned", p->learned);
		}
		if (p->vif.is_vif)
			jvif("netback", &p->vif);
		print_lock(&p->lock, show);
		if (show)
			jclose('}');
		return;
	}
	vif_text(vif, sizeof(vif), &p->vif);
	if (!show) {
		printf(" dev %s port %u %s%s%s", p->name, p->no, state,
		       *vif ? " " : "", vif);
		print_lock(&p->lock, show);
		return;
	}
	printf("%s bridge %s port %u state %s learning %s flood %s mcast-flood %s bcast-flood %s limit %u learned %u isolated %s%s%s",
	       p->name, p->br, p->no, state,
	       p->learning ? "on" : "off", p->flood ? "on" : "off",
	       p->mcast_flood ? "on" : "off", p->bcast_flood ? "on" : "off",
	       p->limit, p->learned, p->isolated ? "on" : "off",
	       *vif ? " " : "", vif);
	print_lock(&p->lock, show);
	printf("\n");
}

/*
 * VIF locking: "ADDR[/LEN][,...]" or "none" into a nest of @type; a word
 * that is no address of the family ends the program.
 */
static void put_lock_list(struct nlmsghdr *nlh, uint16_t type, int family,
			  const char *list)
{
	size_t size = family == AF_INET ? 4 : 16;
	unsigned int max = family == AF_INET ? 32 : 128;
	const char *name = family == AF_INET ? "ipv4" : "ipv6";
	struct nlattr *nest, *entry;
	char *copy, *word, *save, *slash;
	uint8_t addr[16];

	nest = mnl_attr_nest_start(nlh, type);
	if (strcmp(list, "none")) {
		copy = strdup(list);
		if (!copy)
			die("out of memory");
		for (word = strtok_r(copy, ",", &save); word;
		     word = strtok_r(NULL, ",", &save)) {
			unsigned long len = max;

			slash = strchr(word, '/');
			if (slash) {
				*slash++ = '\0';
				len = parse_uint(slash, max, name);
			}
			if (inet_pton(family, word, addr) != 1)
				die("port set: '%s' is not an %s address", word,
				    family == AF_INET ? "IPv4" : "IPv6");
			entry = mnl_attr_nest_start(nlh, XENBR_LOCK_LIST_A_ENTRY);
			mnl_attr_put(nlh, XENBR_LOCK_ADDR_A_ADDR, size, addr);
			mnl_attr_put_u8(nlh, XENBR_LOCK_ADDR_A_PREFIX_LEN, len);
			mnl_attr_nest_end(nlh, entry);
		}
		free(copy);
		if (!mnl_attr_get_payload_len(nest) && strcmp(list, "none"))
			die("port set: %s: no address given (none for none)",
			    name);
	}
	mnl_attr_nest_end(nlh, nest);
}

static uint8_t parse_lock_mode(const char *s)
{
	unsigned int i;

	for (i = 0; i <= XENBR_LOCK_MODE_MAX; i++)
		if (!strcmp(s, lock_modes[i]))
			return i;
	die("port set: lock is unlocked, locked or disabled, not '%s'", s);
}

static int port_show(int argc, char **argv)
{
	struct vec brs = { .size = sizeof(struct bridge) };
	struct port one;
	size_t i, j;

	if (argc && classify(argv[0], &one) == KIND_PORT) {
		if (json)
			jopen('[');
		print_port(&one, VIEW_SHOW);
	} else {
		brs = get_bridges(argc ? argv[0] : NULL);
		if (json)
			jopen('[');
		for (i = 0; i < brs.n; i++) {
			struct vec ports =
				get_ports(((struct bridge *)brs.v)[i].ifindex);

			for (j = 0; j < ports.n; j++)
				print_port((struct port *)ports.v + j,
					   VIEW_SHOW);
			free(ports.v);
		}
	}
	return end_bridge_list(&brs);
}

/* One KEY VALUE of the lock: true if @key was one. */
static bool put_lock_setting(struct nlmsghdr *nlh, const char *key,
			     const char *value, bool *lock, bool *addrs)
{
	uint8_t mac[ETH_ALEN];

	if (!strcmp(key, "lock")) {
		if (*lock)
			die("port set: lock given twice");
		*lock = true;
		mnl_attr_put_u8(nlh, XENBR_A_PORT_LOCK_MODE,
				parse_lock_mode(value));
	} else if (!strcmp(key, "mac")) {
		parse_mac(value, mac);
		mnl_attr_put(nlh, XENBR_A_PORT_LOCK_MAC, ETH_ALEN, mac);
	} else if (!strcmp(key, "ipv4")) {
		put_lock_list(nlh, XENBR_A_PORT_LOCK_IPV4, AF_INET, value);
	} else if (!strcmp(key, "ipv6")) {
		put_lock_list(nlh, XENBR_A_PORT_LOCK_IPV6, AF_INET6, value);
	} else {
		return false;
	}
	if (strcmp(key, "lock"))
		*addrs = true;
	return true;
}

int cmd_port(int argc, char **argv)
{
	static const struct {
		const char *key;
		uint16_t type;
	} flags[] = {
		{ "learning", XENBR_A_PORT_LEARNING },
		{ "flood", XENBR_A_PORT_FLOOD_UCAST },
		{ "mcast-flood", XENBR_A_PORT_FLOOD_MCAST },
		{ "bcast-flood", XENBR_A_PORT_FLOOD_BCAST },
		{ "isolated", XENBR_A_PORT_ISOLATED },
	};
	bool lock = false, lock_addrs = false;
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
		else if (!put_lock_setting(nlh, argv[i], argv[i + 1], &lock,
					   &lock_addrs))
			die("port set: unknown setting '%s'", argv[i]);
	}
	if (lock_addrs && !lock)
		die("port set: mac, ipv4 and ipv6 go with lock locked|disabled");
	err = do_change(nlh);
	if (err)
		die_nl(err, "port set %s", argv[1]);
	return 0;
}
