// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-nlfuzz: feeds the xenbr generic netlink family messages no client
 * should send, and checks that each is refused; then a seeded random fuzz.
 * The kernel must survive all of it without a splat or a leak, which the
 * test harness checks. Also a fast generator of static FDB entries.
 *
 *   xenbr-nlfuzz malformed BRIDGE PORT
 *   xenbr-nlfuzz random BRIDGE PORT SEED COUNT [SECONDS]
 *   xenbr-nlfuzz fdbgen BRIDGE PORT COUNT
 *   xenbr-nlfuzz flood DEV COUNT	(frames from COUNT source MACs)
 */

#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include "../xenbr-ctl/nl.h"

static struct nl nl;
static char buf[NL_BUF_SIZE];
static unsigned int n_sent, n_refused, n_bad;

/* Every command number, and a few that are none. */
static const uint8_t cmds[] = {
	XENBR_CMD_UNSPEC, XENBR_CMD_BR_GET, XENBR_CMD_BR_NEW, XENBR_CMD_BR_DEL,
	XENBR_CMD_BR_SET, XENBR_CMD_PORT_GET, XENBR_CMD_PORT_ADD,
	XENBR_CMD_PORT_DEL, XENBR_CMD_PORT_SET, XENBR_CMD_FDB_GET,
	XENBR_CMD_FDB_ADD, XENBR_CMD_FDB_DEL, XENBR_CMD_FDB_FLUSH,
	XENBR_CMD_EVENT, XENBR_CMD_NETBACK_GET, XENBR_CMD_NETBACK_SET,
	XENBR_CMD_VLAN_GET, XENBR_CMD_VLAN_ADD, XENBR_CMD_VLAN_DEL,
	__XENBR_CMD_MAX, 200, 255,
};

#define N_CMDS (sizeof(cmds) / sizeof(cmds[0]))

static const char *br_name, *port_name;
static int br_ifindex, port_ifindex;

static struct nlmsghdr *msg(uint8_t cmd, uint16_t flags)
{
	return nl_msg(&nl, buf, cmd, flags | NLM_F_ACK);
}

/* Sends @nlh; it must be refused. */
static void expect_refused(struct nlmsghdr *nlh, const char *what)
{
	int err = nl_talk(&nl, nlh, NULL, NULL);
	struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	n_sent++;
	if (err < 0) {
		n_refused++;
		return;
	}
	n_bad++;
	fprintf(stderr, "ACCEPTED: cmd %u flags %#x: %s\n", genl->cmd,
		nlh->nlmsg_flags, what);
}

/* A well-formed bridge and port, so the message fails for @what alone. */
static void put_valid(struct nlmsghdr *nlh)
{
	mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br_ifindex);
	mnl_attr_put_u32(nlh, XENBR_A_PORT_IFINDEX, port_ifindex);
}

/* A VLAN add on the port of @id (to @end if not 0, PVID if @pvid). */
static void vlan_refused(uint16_t id, uint16_t end, bool pvid,
			 const char *what)
{
	struct nlmsghdr *nlh = msg(XENBR_CMD_VLAN_ADD, 0);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, XENBR_A_PORT_IFINDEX, port_ifindex);
	nest = mnl_attr_nest_start(nlh, XENBR_A_VLAN);
	mnl_attr_put_u16(nlh, XENBR_VLAN_A_ID, id);
	if (end)
		mnl_attr_put_u16(nlh, XENBR_VLAN_A_ID_END, end);
	if (pvid)
		mnl_attr_put(nlh, XENBR_VLAN_A_PVID, 0, NULL);
	mnl_attr_nest_end(nlh, nest);
	expect_refused(nlh, what);
}

static void malformed(void)
{
	static const uint16_t dump_flags[] = { 0, NLM_F_DUMP };
	uint8_t junk[512];
	struct nlmsghdr *nlh;
	struct nlattr *nest[32];
	size_t c, f;
	int t, i;
	char what[128];

	memset(junk, 'A', sizeof(junk));
	for (c = 0; c < N_CMDS; c++) {
		for (f = 0; f < 2; f++) {
			uint16_t fl = dump_flags[f];
			uint8_t cmd = cmds[c];

			/* Missing: no attributes at all (a dump of every
			 * bridge needs none).
			 */
			if ((cmd == XENBR_CMD_BR_GET ||
			     cmd == XENBR_CMD_VLAN_GET) && fl == NLM_F_DUMP) {
				n_sent++;
				if (nl_talk(&nl, msg(cmd, fl), NULL, NULL)) {
					n_bad++;
					fprintf(stderr, "REFUSED: %s dump\n",
						cmd == XENBR_CMD_BR_GET ?
						"bridge" : "VLAN");
				}
			} else if (cmd == XENBR_CMD_NETBACK_GET && !fl) {
				/* Answered on Xen, refused elsewhere. */
				n_sent++;
				nl_talk(&nl, msg(cmd, fl), NULL, NULL);
			} else {
				expect_refused(msg(cmd, fl), "no attributes");
			}

			for (t = 0; t <= XENBR_A_MAX + 3; t++) {
				/* Oversized. */
				nlh = msg(cmd, fl);
				mnl_attr_put(nlh, t, 300, junk);
				snprintf(what, sizeof(what),
					 "attribute %d, 300 bytes", t);
				expect_refused(nlh, what);
				/* Wrong-typed: odd sizes, no NUL. */
				for (i = 3; i <= 7; i += 2) {
					nlh = msg(cmd, fl);
					mnl_attr_put(nlh, t, i, junk);
					snprintf(what, sizeof(what),
						 "attribute %d, %d bytes", t, i);
					expect_refused(nlh, what);
				}
				/* A nest where a scalar belongs. */
				nlh = msg(cmd, fl);
				nest[0] = mnl_attr_nest_start(nlh, t);
				mnl_attr_put_u32(nlh, 1, 1);
				mnl_attr_nest_end(nlh, nest[0]);
				snprintf(what, sizeof(what),
					 "attribute %d nested", t);
				expect_refused(nlh, what);
			}

			/* Unknown types, beside valid ones. */
			for (t = XENBR_A_MAX + 1; t < 0x4000; t = t * 3 + 1) {
				nlh = msg(cmd, fl);
				put_valid(nlh);
				mnl_attr_put_u32(nlh, t, 1);
				expect_refused(nlh, "unknown attribute");
			}

			/* Nests too deep. */
			nlh = msg(cmd, fl);
			for (i = 0; i < 32; i++)
				nest[i] = mnl_attr_nest_start(nlh, XENBR_A_STATS);
			for (i = 31; i >= 0; i--)
				mnl_attr_nest_end(nlh, nest[i]);
			expect_refused(nlh, "32 nested levels");

			/* A wrong ifindex: none, or not a bridge (lo). */
			nlh = msg(cmd, fl);
			mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, 0x7fffffff);
			mnl_attr_put_u32(nlh, XENBR_A_PORT_IFINDEX, 0x7ffffffe);
			expect_refused(nlh, "no such ifindex");
			nlh = msg(cmd, fl);
			mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, 1);
			mnl_attr_put_u32(nlh, XENBR_A_PORT_IFINDEX, 1);
			expect_refused(nlh, "lo as bridge and port");

			/* A truncated attribute. */
			nlh = msg(cmd, fl);
			mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br_ifindex);
			nlh->nlmsg_len -= 2;
			expect_refused(nlh, "truncated attribute");

			/* Reserved header bits and flags. */
			nlh = msg(cmd, fl);
			put_valid(nlh);
			((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->reserved = 1;
			expect_refused(nlh, "genlmsghdr.reserved set");
			nlh = msg(cmd, fl | NLM_F_CREATE | NLM_F_EXCL);
			put_valid(nlh);
			expect_refused(nlh, "NLM_F_CREATE|NLM_F_EXCL");
		}
	}

	/* Well-formed, but wrong. */
	nlh = msg(XENBR_CMD_FDB_ADD, 0);
	put_valid(nlh);
	mnl_attr_put(nlh, XENBR_A_FDB_MAC, 6, "\x01\x00\x5e\x00\x00\x01");
	expect_refused(nlh, "multicast FDB MAC");
	nlh = msg(XENBR_CMD_FDB_ADD, 0);
	put_valid(nlh);
	mnl_attr_put(nlh, XENBR_A_FDB_MAC, 6, "\0\0\0\0\0\0");
	expect_refused(nlh, "all-zero FDB MAC");
	nlh = msg(XENBR_CMD_PORT_ADD, 0);
	mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br_ifindex);
	mnl_attr_put_u32(nlh, XENBR_A_PORT_IFINDEX, br_ifindex);
	expect_refused(nlh, "bridge as its own port");
	nlh = msg(XENBR_CMD_PORT_ADD, 0);
	put_valid(nlh);
	expect_refused(nlh, "port added twice");
	nlh = msg(XENBR_CMD_BR_NEW, 0);
	mnl_attr_put_strz(nlh, XENBR_A_BR_IFNAME, br_name);
	expect_refused(nlh, "bridge name taken");
	nlh = msg(XENBR_CMD_BR_NEW, 0);
	mnl_attr_put_strz(nlh, XENBR_A_BR_IFNAME, "bad/name");
	expect_refused(nlh, "invalid name");
	nlh = msg(XENBR_CMD_BR_GET, 0);
	mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br_ifindex);
	mnl_attr_put_strz(nlh, XENBR_A_BR_IFNAME, port_name);
	expect_refused(nlh, "name and ifindex differ");
	nlh = msg(XENBR_CMD_BR_SET, 0);
	mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br_ifindex);
	mnl_attr_put(nlh, XENBR_A_BR_MAC, 6, "\xff\xff\xff\xff\xff\xff");
	mnl_attr_put_u32(nlh, XENBR_A_BR_AGEING_TIME, 1);
	expect_refused(nlh, "broadcast bridge MAC");
	nlh = msg(XENBR_CMD_BR_SET, 0);
	mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br_ifindex);
	mnl_attr_put_u32(nlh, XENBR_A_BR_AGEING_TIME, XENBR_AGEING_MAX_MS + 1);
	expect_refused(nlh, "ageing time too long");
	nlh = msg(XENBR_CMD_NETBACK_SET, 0);
	mnl_attr_put_u8(nlh, XENBR_A_NETBACK_AUTO, 2);
	expect_refused(nlh, "netback glue switch of 2");

	/* VLANs: ids out of range, a range upside down, a PVID range. */
	vlan_refused(0, 0, 0, "VLAN 0");
	vlan_refused(XENBR_VID_MAX + 1, 0, 0, "VLAN 4095");
	vlan_refused(0xffff, 0, 0, "VLAN 65535");
	vlan_refused(20, 10, 0, "VLAN range 20-10");
	vlan_refused(10, XENBR_VID_MAX + 1, 0, "VLAN range 10-4095");
	vlan_refused(10, 20, 1, "PVID on the range 10-20");
	nlh = msg(XENBR_CMD_VLAN_ADD, 0);
	mnl_attr_put_u32(nlh, XENBR_A_PORT_IFINDEX, port_ifindex);
	expect_refused(nlh, "VLAN add without a VLAN");
	nlh = msg(XENBR_CMD_VLAN_ADD, 0);
	mnl_attr_put_u32(nlh, XENBR_A_PORT_IFINDEX, port_ifindex);
	nest[0] = mnl_attr_nest_start(nlh, XENBR_A_VLAN);
	mnl_attr_put(nlh, XENBR_VLAN_A_PVID, 0, NULL);
	mnl_attr_nest_end(nlh, nest[0]);
	expect_refused(nlh, "VLAN flags without an id");
	nlh = msg(XENBR_CMD_BR_SET, 0);
	mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br_ifindex);
	mnl_attr_put_u8(nlh, XENBR_A_BR_VLAN_FILTERING, 2);
	expect_refused(nlh, "VLAN filtering switch of 2");
	nlh = msg(XENBR_CMD_BR_SET, 0);
	mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br_ifindex);
	mnl_attr_put_u16(nlh, XENBR_A_BR_VLAN_DEFAULT_PVID, XENBR_VID_MAX + 1);
	expect_refused(nlh, "default PVID 4095");
	nlh = msg(XENBR_CMD_FDB_ADD, 0);
	put_valid(nlh);
	mnl_attr_put(nlh, XENBR_A_FDB_MAC, 6, "\x02\x00\x00\x00\x00\x01");
	mnl_attr_put_u16(nlh, XENBR_A_FDB_VLAN, XENBR_VID_MAX + 1);
	expect_refused(nlh, "FDB entry in VLAN 4095");

	printf("malformed: %u messages, %u refused, %u accepted\n", n_sent,
	       n_refused, n_bad);
}

/* A small, seeded generator: the same seed, the same messages. */
static unsigned long long rng_state;

static unsigned int rnd(unsigned int n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return n ? (unsigned int)(rng_state % n) : 0;
}

static void put_random_attr(struct nlmsghdr *nlh, int depth)
{
	static const char *const names[] = {
		"lo", "nofuzz0", "fuzzbr1", "fuzzbr2", "", "a", NULL, NULL,
	};
	uint8_t data[64];
	unsigned int type = rnd(XENBR_A_MAX + 4), len, i;
	const char *name;
	struct nlattr *nest;

	switch (rnd(10)) {
	case 0:		/* plausible ifindex */
		mnl_attr_put_u32(nlh, type, rnd(2) ? (unsigned int)br_ifindex :
					    rnd(2) ? (unsigned int)port_ifindex :
					    rnd(20));
		break;
	case 1:		/* plausible name */
		name = names[rnd(8)];
		if (!name)
			name = rnd(2) ? br_name : port_name;
		mnl_attr_put_strz(nlh, type, name);
		break;
	case 2:		/* plausible MAC */
		for (i = 0; i < 6; i++)
			data[i] = rnd(256);
		if (rnd(2))
			data[0] &= 0xfe;
		mnl_attr_put(nlh, type, 6, data);
		break;
	case 3:
		mnl_attr_put_u8(nlh, type, rnd(3));
		break;
	case 4:
		mnl_attr_put_u16(nlh, type, rnd(2) ? rnd(4100) : rnd(65536));
		break;
	case 5:
		mnl_attr_put(nlh, type, 0, NULL);
		break;
	case 6:		/* a nest */
		if (depth > 4)
			break;
		nest = mnl_attr_nest_start(nlh, type);
		for (i = rnd(4); i; i--)
			put_random_attr(nlh, depth + 1);
		mnl_attr_nest_end(nlh, nest);
		break;
	default:	/* random bytes */
		len = rnd(sizeof(data));
		for (i = 0; i < len; i++)
			data[i] = rnd(256);
		mnl_attr_put_u32(nlh, type, rnd(2) ? rnd(1 << 25) : ~0u);
		if (rnd(2))
			mnl_attr_put(nlh, rnd(XENBR_A_MAX + 4), len, data);
		break;
	}
}

/* COUNT messages, or fewer if SECONDS (when not 0) run out first. */
static void random_fuzz(unsigned long long seed, unsigned long count,
			unsigned long seconds)
{
	time_t end = time(NULL) + seconds;
	static const uint16_t flag_set[] = {
		0, 0, 0, NLM_F_DUMP, NLM_F_DUMP, NLM_F_ECHO, NLM_F_CREATE,
		NLM_F_REPLACE,
	};
	unsigned long i, ok = 0, refused = 0;
	struct nlmsghdr *nlh;
	unsigned int n;
	uint8_t cmd;
	int err;

	rng_state = seed * 2654435761ULL + 88172645463325252ULL;
	for (i = 0; i < count; i++) {
		if (seconds && !(i % 1000) && time(NULL) >= end)
			break;
		cmd = rnd(8) ? cmds[rnd(N_CMDS)] : rnd(256);
		nlh = msg(cmd, flag_set[rnd(8)]);
		for (n = rnd(7); n; n--)
			put_random_attr(nlh, 0);
		if (!rnd(50))	/* cut the message short somewhere */
			nlh->nlmsg_len -= rnd(nlh->nlmsg_len -
					      MNL_NLMSG_HDRLEN + 1);
		err = nl_talk(&nl, nlh, NULL, NULL);
		if (err == -ENOBUFS || err == -EBADMSG) {
			refused++;
			continue;
		}
		if (err < 0)
			refused++;
		else
			ok++;
	}
	printf("random: seed %llu: %lu messages, %lu accepted, %lu refused%s\n",
	       seed, i, ok, refused, i < count ? " (out of time)" : "");
}

/*
 * Static entries 02:xx:xx:xx:xx:xx, COUNT of them, pipelined: a batch of
 * requests in one send, then their ACKs.
 */
static int fdbgen(unsigned long count)
{
	static char batch[NL_BUF_SIZE];
	const unsigned int per_batch = 128;
	unsigned long i = 0, failed = 0;
	int err;

	while (i < count) {
		struct mnl_nlmsg_batch *b = mnl_nlmsg_batch_start(batch,
								  sizeof(batch));
		unsigned int n = 0;

		for (; n < per_batch && i < count; n++, i++) {
			struct nlmsghdr *nlh = mnl_nlmsg_batch_current(b);
			uint8_t mac[6] = { 0x02, 0x00, i >> 24, i >> 16,
					   i >> 8, i };

			nl_msg(&nl, nlh, XENBR_CMD_FDB_ADD, NLM_F_ACK);
			mnl_attr_put_u32(nlh, XENBR_A_BR_IFINDEX, br_ifindex);
			mnl_attr_put_u32(nlh, XENBR_A_PORT_IFINDEX,
					 port_ifindex);
			mnl_attr_put(nlh, XENBR_A_FDB_MAC, 6, mac);
			mnl_nlmsg_batch_next(b);
		}
		if (mnl_socket_sendto(nl.sk, mnl_nlmsg_batch_head(b),
				      mnl_nlmsg_batch_size(b)) < 0) {
			perror("xenbr-nlfuzz: send");
			return 1;
		}
		mnl_nlmsg_batch_stop(b);
		/* One ACK per request, in order. */
		for (; n; n--) {
			err = nl_recv_loop(&nl, NULL, NULL);
			if (err)
				failed++;
		}
	}
	printf("fdbgen: %lu entries, %lu failed\n", count, failed);
	return failed ? 1 : 0;
}

/* Broadcast frames from 02:01:xx:xx:xx:xx, a new source each. */
static int flood(const char *dev, unsigned long count)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(0x88b5),
		.sll_halen = 6,
	};
	unsigned char frame[60] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01,
	};
	unsigned long i;
	int fd;

	sll.sll_ifindex = if_nametoindex(dev);
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (!sll.sll_ifindex || fd < 0) {
		perror("xenbr-nlfuzz: flood");
		return 1;
	}
	frame[12] = 0x88;
	frame[13] = 0xb5;
	for (i = 0; i < count; i++) {
		frame[8] = i >> 24;
		frame[9] = i >> 16;
		frame[10] = i >> 8;
		frame[11] = i;
		if (sendto(fd, frame, sizeof(frame), 0,
			   (struct sockaddr *)&sll, sizeof(sll)) < 0 &&
		    errno != ENOBUFS) {
			perror("xenbr-nlfuzz: flood: send");
			return 1;
		}
	}
	printf("flood: %lu frames\n", count);
	return 0;
}

int main(int argc, char **argv)
{
	int err;

	if (argc == 4 && !strcmp(argv[1], "flood"))
		return flood(argv[2], strtoul(argv[3], NULL, 0));

	if (argc < 4) {
		fprintf(stderr,
			"usage: xenbr-nlfuzz malformed BRIDGE PORT\n"
			"       xenbr-nlfuzz random BRIDGE PORT SEED COUNT [SECONDS]\n"
			"       xenbr-nlfuzz fdbgen BRIDGE PORT COUNT\n");
		return 2;
	}
	br_name = argv[2];
	port_name = argv[3];
	br_ifindex = if_nametoindex(br_name);
	port_ifindex = if_nametoindex(port_name);
	if (!br_ifindex || !port_ifindex) {
		fprintf(stderr, "xenbr-nlfuzz: no device %s or %s\n", br_name,
			port_name);
		return 1;
	}
	err = nl_open(&nl);
	if (err) {
		fprintf(stderr, "xenbr-nlfuzz: %s\n", strerror(-err));
		return 1;
	}

	if (!strcmp(argv[1], "malformed")) {
		malformed();
		return n_bad ? 1 : 0;
	}
	if (!strcmp(argv[1], "random") && (argc == 6 || argc == 7)) {
		random_fuzz(strtoull(argv[4], NULL, 0),
			    strtoul(argv[5], NULL, 0),
			    argc == 7 ? strtoul(argv[6], NULL, 0) : 0);
		return 0;
	}
	if (!strcmp(argv[1], "fdbgen") && argc == 5)
		return fdbgen(strtoul(argv[4], NULL, 0));
	fprintf(stderr, "xenbr-nlfuzz: bad arguments\n");
	return 2;
}
