// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: the monitor verb - FDB and port events as they happen, one
 * time-stamped line (or JSON document) each. An event is read with the
 * model's parsers and printed with the fdb and port printers.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <linux/netlink.h>
#include "errors.h"
#include "json.h"
#include "xenbr-ctl.h"

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
	[XENBR_EVENT_PORT_LOCK] = "port-lock",	/* VIF locking */
};

static unsigned long monitor_left;

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[XENBR_A_MAX + 1];
	char stamp[64], br[IF_NAMESIZE], dev[IF_NAMESIZE];
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
	/* An FDB event carries the entry, a port event the port. */
	if (tb[XENBR_A_FDB_MAC]) {
		struct fdb f = { 0 };

		parse_fdb(&f, tb);
		print_fdb(&f, tb[XENBR_A_PORT_IFINDEX] ? dev : NULL,
			  VIEW_EVENT);
	} else if (tb[XENBR_A_PORT_IFINDEX]) {
		struct port p = { 0 };

		parse_port(&p, tb);
		print_port(&p, VIEW_EVENT);
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
	jreset();
	if (monitor_left && !--monitor_left)
		return MNL_CB_STOP;
	return MNL_CB_OK;
}

int cmd_monitor(int argc, char **argv)
{
	unsigned int grp;
	int err;

	need_args(argc, 0, 2);
	if (argc) {
		if (argc != 2 || strcmp(argv[0], "count"))
			usage_of(verb);
		monitor_left = parse_uint(argv[1], ULONG_MAX, "count");
	}
	open_nl();
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
