/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr-ctl: a small generic netlink client on top of libmnl, shared by
 * xenbr-ctl and xenbr-nlfuzz.
 */
#ifndef XENBR_CTL_NL_H
#define XENBR_CTL_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/xenbr.h>

/* Big enough for the largest dump message the kernel builds (32 KiB). */
#define NL_BUF_SIZE	(64 * 1024)

struct nl {
	struct mnl_socket *sk;
	unsigned int portid;
	unsigned int seq;
	uint16_t family;
	unsigned int mcgrp_events;
	/* From the last failed request: the kernel's extack message and the
	 * attribute it says is missing (0: none).
	 */
	char ext_msg[256];
	unsigned int ext_miss;
	/* Set when a dump reply carried NLM_F_DUMP_INTR. */
	bool dump_intr;
};

/* Called for each reply message; returns MNL_CB_OK, _STOP or _ERROR. */
typedef int (*nl_msg_cb)(const struct nlmsghdr *nlh, void *data);

/* Opens the socket and resolves the xenbr family; -errno on failure. */
int nl_open(struct nl *nl);
void nl_close(struct nl *nl);

/* A new request for @cmd in @buf (NL_BUF_SIZE bytes). */
struct nlmsghdr *nl_msg(struct nl *nl, void *buf, uint8_t cmd,
			uint16_t flags);

/*
 * Sends @nlh and reads replies until the final ACK, error or NLMSG_DONE,
 * calling @cb for each data message. Returns 0 or -errno; nl->ext_msg then
 * holds the kernel's explanation, if any.
 */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, nl_msg_cb cb, void *data);

/* Receives (blocking) and hands data messages to @cb; for monitoring. */
int nl_recv_loop(struct nl *nl, nl_msg_cb cb, void *data);

/* Parses the attributes after the genetlink header into tb[0..max]. */
void nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb,
	      unsigned int max);
void nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
		     unsigned int max);

#endif
